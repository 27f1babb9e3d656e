//! The share panel: a link to exactly this scenario, with the user's choice
//! of whether it carries the practice's figures, and a copy button whose
//! confirmation screen readers announce. Builds nothing itself: the link
//! text comes from `link.rs`, the clipboard from `browser.rs`.

use crate::browser;
use crate::sharing::embed;
use crate::sharing::link::{cite, citing, describe, to_fragment, Contents};
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
    let embed_src = embed::address(&browser::address(), &to_fragment(&p.state, *contents));
    // The embed's height in a phone's column and in a 600 px one, measured
    // from the embed itself (its sets, its waterfall, its inputs), a second
    // after the scenario last changed and only while the panel is open.
    let heights = use_state(|| None::<(Option<u32>, Option<u32>)>);
    let fit = use_state(|| embed::PHONE_COLUMN);
    let measuring = use_mut_ref(Vec::<browser::Measuring>::new);
    let waiting = use_mut_ref(|| None::<browser::Timeout>);
    {
        let (heights, measuring, waiting) = (heights.clone(), measuring.clone(), waiting.clone());
        use_effect_with((*open, embed_src.clone()), move |(open, src)| {
            measuring.borrow_mut().clear();
            heights.set(None);
            *waiting.borrow_mut() = None;
            if *open {
                let src = src.clone();
                let measuring2 = measuring.clone();
                *waiting.borrow_mut() = browser::after(1000, move || {
                    let got = std::rc::Rc::new(std::cell::RefCell::new((
                        None::<Option<u32>>,
                        None::<Option<u32>>,
                    )));
                    for (i, width) in [embed::PHONE_COLUMN, embed::WIDE_COLUMN]
                        .into_iter()
                        .enumerate()
                    {
                        let (got, heights) = (got.clone(), heights.clone());
                        let m = browser::measure_embed(&src, width, move |h| {
                            let mut g = got.borrow_mut();
                            if i == 0 {
                                g.0 = Some(h)
                            } else {
                                g.1 = Some(h)
                            }
                            if let (Some(a), Some(b)) = *g {
                                heights.set(Some((a, b)));
                            }
                        });
                        measuring2.borrow_mut().extend(m);
                    }
                });
            }
        });
    }
    let measured = |width: u32| match *heights {
        Some((phone, _)) if width == embed::PHONE_COLUMN => phone,
        Some((_, wide)) => wide,
        None => None,
    };
    let height = measured(*fit)
        .map(embed::fixed_height)
        .unwrap_or(embed::FALLBACK_HEIGHT);
    let snippet = if !*open {
        String::new()
    } else {
        embed::snippet(
            &embed_src,
            &format!(
                "GP Contract Simulator: the income of {who} under {}",
                names.join(", ")
            ),
            height,
        )
    };
    let resizer = embed::resizer_line(&browser::address());
    let copy_resizer = copier(resizer.clone(), "Resizer line");
    let choose_fit = |w: u32| {
        let fit = fit.clone();
        Callback::from(move |_: Event| fit.set(w))
    };
    let fit_label = |w: u32, what: &str| match (*heights, measured(w)) {
        (None, _) => format!("{what}: measuring…"),
        (Some(_), Some(h)) => format!(
            "{what}: {} px",
            gpsim_engine::money::group_thousands(embed::fixed_height(h).into(), 0, "")
        ),
        (Some(_), None) => format!(
            "{what}: could not be measured here ({} px is used)",
            gpsim_engine::money::group_thousands(embed::FALLBACK_HEIGHT.into(), 0, "")
        ),
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
            <p class="hint" id="embed-says">{ "Paste this into a page to show these results in a compact form a reader can adjust, in a column 300 to 700 pixels wide. It carries what the link above carries. The frame sizes itself where the page runs Pym.js, Datawrapper's or AMP's resizer, or the one-line resizer below; otherwise it keeps the fixed height in the code, measured from this embed as it opens." }</p>
            <fieldset class="fieldset" aria-describedby="embed-fit-says">
                <legend class="fieldset-legend">{ "Fixed height, for a page with no resizer" }</legend>
                <p class="hint" id="embed-fit-says">{ "What the embed needs as it opens, with room to spare. A reader who opens its services list needs more: only a resizer follows that." }</p>
                <div class="radios">
                    <div class="radio">
                        <input class="radio-input" type="radio" name="embed-fit" id="embed-fit-phone" checked={*fit == embed::PHONE_COLUMN} onchange={choose_fit(embed::PHONE_COLUMN)} />
                        <label class="radio-label" for="embed-fit-phone" id="embed-fit-phone-label">{ fit_label(embed::PHONE_COLUMN, "Fits a phone's column (375 px) and every wider one") }</label>
                    </div>
                    <div class="radio">
                        <input class="radio-input" type="radio" name="embed-fit" id="embed-fit-wide" checked={*fit == embed::WIDE_COLUMN} onchange={choose_fit(embed::WIDE_COLUMN)} />
                        <label class="radio-label" for="embed-fit-wide" id="embed-fit-wide-label">{ fit_label(embed::WIDE_COLUMN, "Fits a 600 px column, with less space left below (clipped on a phone)") }</label>
                    </div>
                </div>
            </fieldset>
            <label class="label" for="embed-code">{ "Embed code" }</label>
            <textarea class="textarea embed-code" id="embed-code" readonly=true rows="4" value={snippet} aria-describedby="embed-says" data-height={height.to_string()} data-measured={heights.is_some().to_string()} />
            <div class="share-buttons">
                <button type="button" class="button button-secondary" id="embed-copy" onclick={copy_snippet}>{ "Copy embed code" }</button>
            </div>
            <label class="label" for="embed-resizer">{ "Optional: the resizer, for a page with none of its own" }</label>
            <p class="hint" id="embed-resizer-says">{ "Paste this line once anywhere in the page, beside the embed code. It comes from this site, sets each embed's height to its content, and listens only to this simulator's embeds." }</p>
            <input class="input share-link" id="embed-resizer" type="text" readonly=true value={resizer} aria-describedby="embed-resizer-says" />
            <div class="share-buttons">
                <button type="button" class="button button-secondary" id="embed-resizer-copy" onclick={copy_resizer}>{ "Copy resizer line" }</button>
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
