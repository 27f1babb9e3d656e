//! Keeping a scenario: named saves in this browser (save, open, rename,
//! delete), and the practice file (download as TOML or JSON, open one by
//! picking or dropping it). Reading and writing go through `store.rs`,
//! `files.rs` and `browser.rs`; this view only wires them to buttons and
//! says what happened, in a status region screen readers announce.

use crate::browser;
use crate::browser::store;
use crate::sharing::files;
use crate::sharing::saved::{self, Entry, Record, Unreadable};
use crate::state::{Action, AppState};
use crate::views::common::on_toggle;
use gpsim_engine::practice_file::Format;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the last file opened did: a confirmation, or what was wrong; and
/// where it was opened, so the message shows there.
#[derive(Clone, Debug, PartialEq)]
pub struct FileNews {
    pub dropped: bool,
    pub outcome: Result<(String, Vec<String>), Vec<String>>,
}

/// Reads a chosen or dropped file as a practice and loads it, or reports
/// why not; the scenario is untouched until a file reads cleanly.
pub fn open_practice_file(
    file: web_sys::File,
    dropped: bool,
    dispatch: UseReducerDispatcher<AppState>,
    news: UseStateHandle<Option<FileNews>>,
) {
    if file.size() > files::MAX_PRACTICE_FILE as f64 {
        news.set(Some(FileNews {
            dropped,
            outcome: Err(vec![format!(
                "{} is {} bytes: too large to be a practice file (at most {}).",
                file.name(),
                file.size(),
                files::MAX_PRACTICE_FILE
            )]),
        }));
        return;
    }
    browser::read_file(file, move |name, text| {
        let request = text
            .map_err(|e| vec![e])
            .and_then(|t| files::read_request(&name, &t));
        let read_as = name.clone();
        let finish = move |outcome: Result<files::Imported, Vec<String>>| {
            let outcome = outcome.map(|i| {
                dispatch.dispatch(Action::LoadForm(Box::new(i.form)));
                (name.clone(), i.notes)
            });
            news.set(Some(FileNews { dropped, outcome }));
        };
        let request = match request {
            Ok(r) => r,
            Err(e) => return finish(Err(e)),
        };
        // The worker reads the file (it holds the TOML reader); a newer file
        // replaces an older one still being read.
        let finish = std::rc::Rc::new(finish);
        let done = finish.clone();
        let worker = browser::Worker::start(move |reply| {
            done(files::accept_reply(&read_as, &reply));
            READER.with(|r| r.borrow_mut().take());
        });
        match worker {
            Some(w) if w.send(&request) => READER.with(|r| *r.borrow_mut() = Some(w)),
            _ => finish(Err(vec![
                "This browser would not read the file (Web Workers are needed).".into(),
            ])),
        }
    });
}

thread_local! {
    /// The worker reading a practice file, while it reads.
    static READER: std::cell::RefCell<Option<browser::Worker>> = const { std::cell::RefCell::new(None) };
}

/// The saved list, with damaged records moved aside (never deleted) and
/// reported.
fn read_saved() -> (Vec<Entry>, Vec<String>) {
    let items = match store::items(saved::SAVED_PREFIX) {
        Ok(items) => items,
        Err(e) => return (Vec::new(), vec![e]),
    };
    let mut notes = Vec::new();
    let mut list = Vec::new();
    for e in saved::entries(&items) {
        match &e.outcome {
            Err(Unreadable::Damaged(why)) => {
                let kept = match store::set_aside(&e.key) {
                    Ok(aside) => format!("It is kept aside in this browser's storage under “{aside}”; nothing was deleted."),
                    Err(msg) => msg,
                };
                notes.push(format!(
                    "A saved scenario could not be read: it is damaged ({why}). {kept}"
                ));
            }
            Err(Unreadable::Newer(v)) => {
                notes.push(format!(
                    "A saved scenario was made by a newer version of the simulator (format {v}); it is left as it is for that version."
                ));
            }
            Ok(_) => list.push(e),
        }
    }
    (list, notes)
}

#[derive(Properties, PartialEq)]
pub struct KeepProps {
    pub state: UseReducerHandle<AppState>,
    pub news: UseStateHandle<Option<FileNews>>,
    /// A problem keeping the last session, if there was one.
    pub session_problem: Option<String>,
}

#[component]
pub fn KeepPanel(p: &KeepProps) -> Html {
    let open = use_state(|| false);
    let listing = use_state(read_saved);
    let status = use_state(String::new);
    let problem = use_state(String::new);
    let renaming = use_state(|| None::<(String, String)>);
    let default_name = if p.state.form.name.trim().is_empty() {
        "My scenario".to_string()
    } else {
        p.state.form.name.trim().to_string()
    };
    let name = use_state(String::new);
    let refresh = {
        let listing = listing.clone();
        move || listing.set(read_saved())
    };
    let report = {
        let status = status.clone();
        let problem = problem.clone();
        move |r: Result<String, String>| match r {
            Ok(s) => {
                status.set(s);
                problem.set(String::new());
            }
            Err(e) => {
                problem.set(e);
                status.set(String::new());
            }
        }
    };
    let on_save = {
        let (state, name, refresh, report) = (
            p.state.clone(),
            name.clone(),
            refresh.clone(),
            report.clone(),
        );
        let default_name = default_name.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let n = if name.trim().is_empty() {
                default_name.clone()
            } else {
                name.trim().to_string()
            };
            let r = Record::new(&n, &state, &browser::today(), store::epoch_millis());
            report(store::save_new(&r).map(|_| format!("Saved “{n}” in this browser.")));
            name.set(String::new());
            refresh();
        })
    };
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| {
            name.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let download = |format: Format| {
        let (state, report) = (p.state.clone(), report.clone());
        Callback::from(move |_: MouseEvent| {
            let f = files::practice(&state.form, format);
            report(if browser::download(&f) {
                Ok(format!("Downloaded {}.", f.name))
            } else {
                Err("The browser did not allow the download.".into())
            });
        })
    };
    let on_pick = {
        let (dispatch, news) = (p.state.dispatcher(), p.news.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(f) = input.files().and_then(|l| l.get(0)) {
                open_practice_file(f, false, dispatch.clone(), news.clone());
            }
            // Choosing the same file again should read it again.
            input.set_value("");
        })
    };
    let (list, notes) = &*listing;
    let row = |e: &Entry| {
        let Ok((record, st)) = &e.outcome else {
            return html! {};
        };
        let key = e.key.clone();
        let open = {
            let (dispatch, st, report, n) = (
                p.state.dispatcher(),
                st.clone(),
                report.clone(),
                record.name.clone(),
            );
            Callback::from(move |_: MouseEvent| {
                dispatch.dispatch(Action::Restore(Box::new(st.clone())));
                report(Ok(format!("Opened “{n}”.")));
            })
        };
        let delete = {
            let (key, refresh, report, n) = (
                key.clone(),
                refresh.clone(),
                report.clone(),
                record.name.clone(),
            );
            Callback::from(move |_: MouseEvent| {
                report(store::delete(&key).map(|_| format!("Deleted “{n}”.")));
                refresh();
            })
        };
        let editing = renaming
            .as_ref()
            .filter(|(k, _)| *k == key)
            .map(|(_, t)| t.clone());
        let start_rename = {
            let (renaming, key, n) = (renaming.clone(), key.clone(), record.name.clone());
            Callback::from(move |_: MouseEvent| renaming.set(Some((key.clone(), n.clone()))))
        };
        let id = crate::views::common::id_safe(&key);
        html! {
            <li class="saved-item">
                if let Some(text) = editing {
                    <form class="saved-rename" onsubmit={{
                        let (renaming, record, key, refresh, report, text) = (renaming.clone(), record.clone(), key.clone(), refresh.clone(), report.clone(), text.clone());
                        Callback::from(move |e: SubmitEvent| {
                            e.prevent_default();
                            let n = text.trim();
                            if n.is_empty() { return; }
                            let r = Record { name: n.to_string(), ..record.clone() };
                            report(store::put(&key, &r).map(|_| format!("Renamed to “{n}”.")));
                            renaming.set(None);
                            refresh();
                        })
                    }}>
                        <label class="label" for={format!("rename-{id}")}>{ format!("New name for “{}”", record.name) }</label>
                        <input class="input" id={format!("rename-{id}")} type="text" value={text.clone()} oninput={{
                            let (renaming, key) = (renaming.clone(), key.clone());
                            Callback::from(move |e: InputEvent| renaming.set(Some((key.clone(), e.target_unchecked_into::<HtmlInputElement>().value()))))
                        }} />
                        <button type="submit" class="button button-small">{ "Save name" }</button>
                        <button type="button" class="button button-secondary button-small" onclick={{ let r = renaming.clone(); Callback::from(move |_: MouseEvent| r.set(None)) }}>{ "Cancel" }</button>
                    </form>
                } else {
                    <span class="saved-name">{ record.name.clone() }</span>
                    <span class="hint saved-when">{ format!(" saved {}", record.saved) }</span>
                    <span class="saved-actions">
                        <button type="button" class="button button-small saved-open" onclick={open} aria-label={format!("Open “{}”", record.name)}>{ "Open" }</button>
                        <button type="button" class="button button-secondary button-small" onclick={start_rename} aria-label={format!("Rename “{}”", record.name)}>{ "Rename" }</button>
                        <button type="button" class="button button-secondary button-small" onclick={delete} aria-label={format!("Delete “{}”", record.name)}>{ "Delete" }</button>
                    </span>
                }
            </li>
        }
    };
    html! {
        <details class="keep" id="keep" ontoggle={on_toggle(&open)}>
            <summary>{ "Save, open and download" }</summary>
            if *open {
            <h3 class="keep-h">{ "In this browser" }</h3>
            <p class="hint">{ "Saved scenarios stay on this device, in this browser's storage. Your last session also comes back when you reopen the page." }</p>
            <form class="keep-save" onsubmit={on_save}>
                <label class="label" for="save-name">{ "Name" }</label>
                <input class="input" id="save-name" type="text" placeholder={default_name} value={(*name).clone()} oninput={on_name} />
                <button type="submit" class="button button-small" id="save">{ "Save" }</button>
            </form>
            if let Some(msg) = &p.session_problem {
                <p class="warning-text" id="session-problem">{ msg.clone() }</p>
            }
            for n in notes.iter() {
                <p class="warning-text saved-note">{ n.clone() }</p>
            }
            if list.is_empty() {
                <p class="hint" id="saved-none">{ "Nothing saved yet." }</p>
            } else {
                <ul class="saved-list" id="saved-list">{ for list.iter().map(row) }</ul>
            }
            <h3 class="keep-h">{ "Practice file" }</h3>
            <p class="hint">{ "The practice's figures as a file the gpsim command line reads (gpsim statement --practice FILE). Open one to fill the form, or drop it on “Your practice”." }</p>
            <div class="keep-buttons">
                <button type="button" class="button button-secondary button-small" id="export-toml" onclick={download(Format::Toml)}>{ "Download as TOML" }</button>
                <button type="button" class="button button-secondary button-small" id="export-json" onclick={download(Format::Json)}>{ "Download as JSON" }</button>
            </div>
            <label class="label" for="import-file">{ "Open a practice file (TOML or JSON)" }</label>
            <input class="file-input" id="import-file" type="file" accept=".toml,.json,application/json,application/toml,text/plain" onchange={on_pick} />
            <FileNewsBox news={(*p.news).clone()} dropped={false} />
            }
            <p class="keep-status" role="status" aria-live="polite" id="keep-status">{ (*status).clone() }</p>
            if !problem.is_empty() {
                <p class="error-message" role="alert" id="keep-problem">{ (*problem).clone() }</p>
            }
        </details>
    }
}

/// What happened to the last file opened, shown where it was opened: the
/// editor for a dropped file, the panel for a picked one.
#[derive(Properties, PartialEq)]
pub struct FileNewsProps {
    pub news: Option<FileNews>,
    /// Which place this box is: the editor (dropped files) or the panel.
    pub dropped: bool,
}

#[component]
pub fn FileNewsBox(p: &FileNewsProps) -> Html {
    let here = p.news.as_ref().filter(|n| n.dropped == p.dropped);
    match here.map(|n| &n.outcome) {
        None => html! { <div class="file-news-slot" role="status" aria-live="polite"></div> },
        Some(Ok((name, notes))) => html! {
            <div id="file-news" class="file-news" role="status" aria-live="polite">
                <p>{ format!("Opened {name}: the form now holds its figures.") }</p>
                for n in notes.iter() { <p class="warning-text">{ n.clone() }</p> }
            </div>
        },
        Some(Err(messages)) => html! {
            <div id="file-news" class="error-summary" role="alert">
                <h3 class="error-summary-title">{ "That file was not opened: nothing was changed" }</h3>
                <ul class="error-summary-list">
                    for m in messages.iter() { <li>{ m.clone() }</li> }
                </ul>
            </div>
        },
    }
}

/// Downloads of what the results show: CSV for the tables, SVG for the chart.
#[derive(Properties, PartialEq)]
pub struct DownloadsProps {
    pub computed: crate::views::results::Shared<crate::state::model::Computed>,
    pub practice: String,
}

#[component]
pub fn Downloads(p: &DownloadsProps) -> Html {
    let c = &p.computed.0;
    let to = c
        .waterfall
        .as_ref()
        .and_then(|w| c.sets.iter().find(|s| *s.get().id == *w.to))
        .map(|s| s.get().name.to_string())
        .unwrap_or_default();
    let files: Vec<(&'static str, String, Option<files::File>)> = vec![
        (
            "dl-comparison",
            "Comparison (CSV)".into(),
            files::comparison_csv(c, &p.practice),
        ),
        (
            "dl-statement",
            format!("Statement, {to} (CSV)"),
            files::statement_csv(c, &p.practice),
        ),
        (
            "dl-waterfall",
            "Waterfall (CSV)".into(),
            files::waterfall_csv(c, &p.practice),
        ),
        (
            "dl-chart",
            "Waterfall chart (SVG)".into(),
            files::waterfall_svg(c, &p.practice),
        ),
    ];
    html! {
        <div class="downloads" role="group" aria-labelledby="downloads-h">
            <h3 class="downloads-h" id="downloads-h">{ "Download these results" }</h3>
            for (id, label, file) in files.into_iter() {
                if let Some(f) = file {
                    <button type="button" class="button button-secondary button-small" id={id} onclick={Callback::from(move |_: MouseEvent| { browser::download(&f); })}>{ label }</button>
                }
            }
        </div>
    }
}
