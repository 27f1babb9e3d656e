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
    let computed = crate::state::hooks::use_results(&state, scenario);
    html! {
        // Not aria-busy: its figures are final, and some screen readers do
        // not read a busy region; the status line says what is coming.
        <div>
            { masthead("first-main") }
            <main id="first-main" class="width-container main">
                <h1 class="title">{ top::TITLE }</h1>
                <p class="lede">{ top::lede() }</p>
                if opened.is_some() {
                    <section class="summary" aria-label="Income under each contract">
                        <SummaryCards computed={Shared(computed)} />
                    </section>
                    <p class="privacy-note">{ top::PRIVACY }</p>
                }
                <p class="loading-note" role="status" id="loading-rest">{ "Loading the editor and the payment-by-payment comparison…" }</p>
            </main>
        </div>
    }
}
