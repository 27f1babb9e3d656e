//! The embed's root component: the compact page for a news article
//! (`views/embed.rs`), with its own state. `embed.html` runs it from its own
//! small module (`src/bin/gpsim-embed.rs`), so an article's reader downloads
//! no editor, national view or file code. An older `index.html?embed`
//! address goes on to `embed.html` (`lib.rs`).
//!
//! An embed opens on its link only (a reader's last visit to the full
//! simulator is not an article's scenario), records no history (the
//! article's page owns it), and posts its height to the host page.

use crate::browser;
use crate::sharing::embed;
use crate::sharing::link::{from_fragment, to_fragment, Contents};
use crate::state::model::build_scenario;
use crate::state::AppState;
use crate::views::embed::EmbedView;
use crate::views::practice::Errors;
use crate::views::results::Shared;
use std::rc::Rc;
use yew::prelude::*;

/// The embed's state from its link, and the message if the link could not
/// be read (the example practice opens instead).
fn opening() -> (AppState, Option<String>) {
    let Some(text) = browser::opening_link() else {
        return (AppState::default(), None);
    };
    match from_fragment(&text, &AppState::default()) {
        Ok(d) => (d.state, None),
        Err(e) => (AppState::default(), Some(e.to_string())),
    }
}

#[component]
pub fn EmbedApp() -> Html {
    let opened = use_memo((), |_| opening());
    let state = use_reducer({
        let s = opened.0.clone();
        move || s
    });
    use_effect_with((), move |_| {
        let mode = embed::mode(&browser::query());
        browser::watch_height("embed", move |h| browser::post_height(&mode, h));
    });
    let scenario = use_memo(state.scenario.clone(), build_scenario);
    let computed = crate::state::hooks::use_headline_results(&state, scenario, Default::default());
    let full = embed::full_address(
        &browser::address(),
        &to_fragment(&state, Contents::WithPractice),
    );
    html! {
        <EmbedView form={Rc::new(state.form.clone())} preset={state.preset.clone()} computed={Shared(computed.clone())}
            errors={Errors::from_problems(&computed.problems)} dispatch={state.dispatcher()} {full} link_error={opened.1.clone()} />
    }
}
