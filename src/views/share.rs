//! The share panel: a link to exactly this scenario, with the user's choice
//! of whether it carries the practice's figures, and a copy button whose
//! confirmation screen readers announce. Builds nothing itself: the link
//! text comes from `link.rs`, the clipboard from `browser.rs`.

use crate::browser;
use crate::embed;
use crate::link::{cite, citing, describe, to_fragment, Contents};
use crate::state::AppState;
use crate::views::common::on_toggle;
use yew::prelude::*;

/// Links longer than this are cut short by some e-mail and chat programs.
const LONG_LINK: usize = 2000;

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// The app's state handle: shared, never copied for the panel.
    pub state: UseReducerHandle<AppState>,
}

#[component]
pub fn SharePanel(p: &ShareProps) -> Html {
    let contents = use_state(|| Contents::RulesOnly);
    let open = use_state(|| false);
    let announce = use_state(String::new);
    let link = format!(
        "{}#{}",
        browser::address(),
        to_fragment(&p.state, *contents)
    );
    let choose = |c: Contents| {
        let contents = contents.clone();
        let announce = announce.clone();
        Callback::from(move |_: Event| {
            contents.set(c);
            announce.set(String::new());
        })
    };
    // A button that copies `text` and announces how it went.
    let copier = |text: String, what: &'static str| {
        let announce = announce.clone();
        Callback::from(move |_: MouseEvent| {
            let announce = announce.clone();
            browser::copy_text(&text, move |ok| {
                announce.set(if ok {
                    format!("{what} copied to the clipboard.")
                } else {
                    format!(
                        "The browser did not allow copying: select the {} and copy it.",
                        what.to_ascii_lowercase()
                    )
                })
            });
        })
    };
    let copy = copier(link.clone(), "Link");
    let names: Vec<String> = p
        .state
        .selected
        .iter()
        .map(|id| {
            crate::rules::catalog()
                .get(id)
                .map(|r| r.short_name.to_string())
                .unwrap_or_else(|| "a custom scenario".into())
        })
        .collect();
    let who = if *contents == Contents::WithPractice && !p.state.form.name.trim().is_empty() {
        p.state.form.name.trim().to_string()
    } else if *contents == Contents::WithPractice || p.state.preset.is_none() {
        "a practice".to_string()
    } else {
        "an illustrative practice".to_string()
    };
    let snippet = if !*open {
        String::new()
    } else {
        embed::snippet(
            &embed::address(&browser::address(), &to_fragment(&p.state, *contents)),
            &format!(
                "GP Contract Simulator: the income of {who} under {}",
                names.join(", ")
            ),
        )
    };
    let copy_snippet = copier(snippet.clone(), "Embed code");
    let long = link.len() > LONG_LINK;
    let cite_link = format!(
        "{}#{}",
        browser::address(),
        to_fragment(&p.state, citing(&p.state))
    );
    let citation = cite(&p.state, &browser::today(), &cite_link);
    let copy_cite = copier(citation.clone(), "Citation");
    html! {
        <>
        <details class="share" id="share" ontoggle={on_toggle(&open)}>
            <summary>{ "Share this scenario" }</summary>
            if *open {
            <fieldset class="fieldset">
                <legend class="fieldset-legend">{ "What the link carries" }</legend>
                <div class="radios">
                    <div class="radio">
                        <input class="radio-input" type="radio" name="share-contents" id="share-rules" checked={*contents == Contents::RulesOnly} onchange={choose(Contents::RulesOnly)} />
                        <label class="radio-label" for="share-rules">{ "Share the rules only" }</label>
                    </div>
                    <div class="radio">
                        <input class="radio-input" type="radio" name="share-contents" id="share-practice" checked={*contents == Contents::WithPractice} onchange={choose(Contents::WithPractice)} />
                        <label class="radio-label" for="share-practice">{ "Share with my practice's figures" }</label>
                    </div>
                </div>
            </fieldset>
            <p class="hint" id="share-says">{ describe(&p.state, *contents) }{ " The link is read only by the browser that opens it: the part after # is never sent to any server." }</p>
            <label class="label" for="share-link">{ format!("Link ({} characters)", link.len()) }</label>
            <input class="input share-link" id="share-link" type="text" readonly=true value={link.clone()} aria-describedby="share-says" />
            if long {
                <p class="warning-text" id="share-long">{ format!("This link is {} characters long: some e-mail and chat programs cut links longer than {LONG_LINK}. Share the rules only, or download the practice file (under “Save, open and download”) and send it with the rules-only link.", link.len()) }</p>
            }
            <button type="button" class="button" id="share-copy" onclick={copy}>{ "Copy link" }</button>
            <h3 class="share-h" id="embed-h">{ "Embed in an article" }</h3>
            <p class="hint" id="embed-says">{ "Paste this into a page to show these results in a compact form a reader can adjust, in a column 300 to 700 pixels wide. It carries what the link above carries. The frame sizes itself where the page runs Pym.js, Datawrapper's or AMP's resizer; otherwise it keeps the fixed height in the code (change the height to suit)." }</p>
            <label class="label" for="embed-code">{ "Embed code" }</label>
            <textarea class="textarea embed-code" id="embed-code" readonly=true rows="4" value={snippet} aria-describedby="embed-says" />
            <div class="share-buttons">
                <button type="button" class="button button-secondary" id="embed-copy" onclick={copy_snippet}>{ "Copy embed code" }</button>
            </div>
            }
            <p class="share-status" role="status" aria-live="polite" id="share-status">{ (*announce).clone() }</p>
        </details>
        <section class="cite" aria-labelledby="cite-h">
            <h2 id="cite-h" class="cite-title">{ "Cite this result" }</h2>
            <p class="cite-text" id="cite">{ citation }</p>
            <button type="button" class="button button-secondary cite-copy" id="cite-copy" onclick={copy_cite}>{ "Copy citation" }</button>
        </section>
        </>
    }
}
