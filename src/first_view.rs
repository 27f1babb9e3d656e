//! The full simulator's first view: the headline figures for the page's
//! scenario, drawn by the embed's small module while the full app's module
//! is still downloading. `index.html`'s start script (`web/app-boot.js`)
//! runs it on a first visit only (when no service worker has the full app
//! yet); the full app, once started, removes it (`app.rs`).
//!
//! It opens what the full app will open: the history entry's state (a
//! reload), else the link's, else the example practice. When the full app
//! will open something this view cannot read cheaply (the last session,
//! kept in this browser as JSON) or cannot read at all (a damaged link,
//! which the full app explains), it shows no figures rather than the wrong
//! ones. (`app-boot.js` does not load this view at all when a last session
//! is kept and there is no link, so such a visitor downloads nothing extra;
//! the check here keeps the view right whoever starts it.) It takes no
//! input: the editor arrives with the full app.

use crate::browser;
use crate::browser::store;
use crate::sharing::link::from_fragment;
use crate::state::model::build_scenario;
use crate::state::model::Computed;
use crate::state::AppState;
use crate::views::results::{Shared, SummaryCards};
use crate::views::top::{self, masthead};
use yew::prelude::*;

/// The element the first view renders into (`index.html`), which the full
/// app removes when it has rendered.
pub const ROOT_ID: &str = "first-view";

/// The state the full app will open on, if this view can tell what it is.
fn opening() -> Option<AppState> {
    match browser::opening_link() {
        None => store::last_session().is_none().then(AppState::default),
        Some(text) => from_fragment(&text, &AppState::default())
            .ok()
            .map(|d| d.state),
    }
}

#[component]
pub fn FirstView() -> Html {
    let opened = use_memo((), |_| opening());
    // With nothing to show, the example practice is worked out and not
    // shown: hooks run on every render, whatever the render shows.
    let state = use_reducer({
        let s = opened.clone();
        move || (*s).clone().unwrap_or_default()
    });
    let scenario = use_memo(state.scenario.clone(), build_scenario);
    let computed = crate::state::hooks::use_headline_results(&state, scenario, Default::default());
    html! { <Page computed={opened.is_some().then_some(Shared(computed))} /> }
}

#[derive(Properties, PartialEq)]
pub struct PageProps {
    /// The headline figures, if the view knows what the page opens on.
    pub computed: Option<Shared<Computed>>,
    /// Set when rendered at build time for `index.html` (`prerender`): the
    /// figures are the example practice's, whatever the visitor's address.
    #[prop_or_default]
    pub prerendered: Option<AttrValue>,
}

/// The first view itself, drawn by the small module or at build time.
#[component]
pub fn Page(p: &PageProps) -> Html {
    let cards = p.computed.as_ref().map(|computed| {
        html! {
            <>
                <section class="summary" aria-label="Income under each contract">
                    <SummaryCards computed={computed.clone()} />
                </section>
                <p class="privacy-note">{ top::PRIVACY }</p>
            </>
        }
    });
    html! {
        // Not aria-busy: its figures are final, and some screen readers do
        // not read a busy region; the status line says what is coming.
        <div>
            { masthead("first-main") }
            <main id="first-main" class="width-container main">
                <h1 class="title">{ top::TITLE }</h1>
                <p class="lede">{ top::lede() }</p>
                if let Some(what) = &p.prerendered {
                    // index.html's head script (web/opening.js) marks the
                    // page when it opens on a link or a kept session: these
                    // default figures then hide and the "Opening" line
                    // shows, until the module has the visitor's own.
                    <div class="prerendered">
                        <p class="prerendered-caption">{ what.clone() }</p>
                        { cards.unwrap_or_default() }
                    </div>
                    <p class="opening-note" role="status">{ "Opening your scenario…" }</p>
                    <p class="loading-note needs-js" role="status" id="loading-rest">{ LOADING }</p>
                } else {
                    { cards.unwrap_or_default() }
                    <p class="loading-note" role="status" id="loading-rest">{ LOADING }</p>
                }
            </main>
        </div>
    }
}

const LOADING: &str = "Loading the editor and the payment-by-payment comparison…";

#[cfg(feature = "prerender")]
/// The line naming what the prerendered figures are, so that a visitor
/// whose link cannot open (JavaScript off) reads them for what they are.
fn prerendered_caption(state: &AppState) -> String {
    let catalog = crate::rules::catalog();
    let names: Vec<String> = state
        .selected
        .iter()
        .map(|id| {
            catalog
                .sets
                .iter()
                .find(|s| &*s.id == id)
                .map_or_else(|| id.clone(), |s| s.name.to_string())
        })
        .collect();
    let sets = match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    let practice = state.form.name.trim();
    format!("What the simulator opens on: its example practice ({practice}) under {sets}.")
}

/// The first view of `index.html` for a visitor with no link, rendered to
/// HTML at build time (`src/bin/gpsim-prerender.rs`, run by
/// `scripts/post-build.mjs`): the example practice under the opening sets,
/// worked out by the same engine, rules and components as the app's, so a
/// first visit shows real figures before any WebAssembly arrives. The
/// journeys check that they equal the app's, build by build.
#[cfg(feature = "prerender")]
pub fn prerender() -> String {
    use crate::state::model::{compute_with, HEADLINE};
    use std::rc::Rc;
    let state = AppState::default();
    let scenario = build_scenario(&state.scenario);
    let ends = crate::state::sure::Ends::new(
        &crate::state::model::sets_for(&state, &scenario),
        &Default::default(),
    );
    let computed = Rc::new(compute_with::<HEADLINE>(
        &state,
        &scenario,
        None,
        None,
        Some(&ends),
        &|| 0.0,
    ));
    let props = PageProps {
        computed: Some(Shared(computed)),
        prerendered: Some(prerendered_caption(&state).into()),
    };
    let renderer = yew::LocalServerRenderer::<Page>::with_props(props).hydratable(false);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a current-thread runtime builds with no I/O or timers");
    tokio::task::LocalSet::new().block_on(&runtime, renderer.render())
}
