//! Find my practice: type a practice code, name or postcode, choose from
//! the matches, and the form fills with that practice's published 2014/15
//! figures and its modelled registers and achievement, each said to be so.
//! The population lives in a Web Worker (`national/mod.rs`), fetched from this
//! site only when someone starts typing here.

use crate::browser;
use crate::national::Match;
use crate::state::form::Form;
use crate::state::{Action, AppState};
use serde_json::Value;
use std::cell::Cell;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FindProps {
    pub dispatch: UseReducerDispatcher<AppState>,
}

/// Where a filled practice's figures came from, for the note under the box.
#[derive(Clone, Debug, PartialEq)]
struct Filled {
    name: String,
    code: String,
    registers: String,
    achievement: Option<String>,
    contract: String,
    activity_recovered: bool,
}

#[component]
pub fn FindPractice(p: &FindProps) -> Html {
    let query = use_state(String::new);
    let matches = use_state(|| None::<Vec<Match>>);
    let problem = use_state(|| None::<String>);
    let filled = use_state(|| None::<Filled>);
    // A question is out: the first one also fetches the list of practices.
    let waiting = use_state(|| false);
    let worker = use_mut_ref(|| None::<browser::Worker>);
    let latest = use_mut_ref(|| Rc::new(Cell::new(0u64)));
    // Sends a request, starting the worker the first time.
    let send = {
        let (worker, latest, matches, problem, filled, dispatch, waiting) = (
            worker.clone(),
            latest.borrow().clone(),
            matches.clone(),
            problem.clone(),
            filled.clone(),
            p.dispatch.clone(),
            waiting.clone(),
        );
        Rc::new(move |kind: &str, field: &str, value: &str| {
            let id = latest.get() + 1;
            latest.set(id);
            if worker.borrow().as_ref().is_none_or(browser::Worker::failed) {
                let (latest, matches, problem, filled, dispatch, waiting) = (
                    latest.clone(),
                    matches.clone(),
                    problem.clone(),
                    filled.clone(),
                    dispatch.clone(),
                    waiting.clone(),
                );
                *worker.borrow_mut() = browser::Worker::start(move |text| {
                    let Ok(v) = serde_json::from_str::<Value>(&text) else {
                        return;
                    };
                    if v["id"].as_u64() != Some(latest.get()) {
                        return; // an answer to an older question
                    }
                    waiting.set(false);
                    if v["ok"] != Value::Bool(true) {
                        problem.set(Some(
                            v["error"]
                                .as_str()
                                .unwrap_or("Something went wrong.")
                                .to_string(),
                        ));
                        return;
                    }
                    problem.set(None);
                    if let Ok(list) = serde_json::from_value::<Vec<Match>>(v["matches"].clone()) {
                        matches.set(Some(list));
                    } else if let Ok(raw) =
                        serde_json::from_value::<gpsim_engine::RawPractice>(v["raw"].clone())
                    {
                        let code = v["code"].as_str().unwrap_or("").to_string();
                        dispatch.dispatch(Action::LoadForm(Box::new(Form::from_raw(&raw))));
                        filled.set(Some(Filled {
                            name: raw.name.clone().unwrap_or_default(),
                            code,
                            registers: v["registers"].as_str().unwrap_or("").to_string(),
                            achievement: v["achievement"].as_str().map(str::to_string),
                            activity_recovered: v["activity_recovered"].as_bool().unwrap_or(false),
                            contract: v["contract"].as_str().unwrap_or("").to_string(),
                        }));
                        matches.set(None);
                    }
                });
            }
            let request = serde_json::json!({"id": id, "kind": kind, field: value}).to_string();
            let sent = worker.borrow().as_ref().is_some_and(|w| w.send(&request));
            waiting.set(sent);
            if !sent {
                problem.set(Some(
                    "This browser would not start the search (Web Workers are needed).".into(),
                ));
            }
        })
    };
    let oninput = {
        let (query, matches, send) = (query.clone(), matches.clone(), send.clone());
        Callback::from(move |e: InputEvent| {
            let q = e.target_unchecked_into::<HtmlInputElement>().value();
            if q.trim().chars().count() >= 2 {
                send("search", "query", &q);
            } else {
                matches.set(None);
            }
            query.set(q);
        })
    };
    let choose = |code: String| {
        let send = send.clone();
        Callback::from(move |_: MouseEvent| send("practice", "code", &code))
    };
    let onkeydown = {
        let (matches, send) = (matches.clone(), send.clone());
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" => {
                e.prevent_default();
                if let Some(first) = matches.as_ref().and_then(|m| m.first()) {
                    send("practice", "code", &first.code);
                }
            }
            // Down from the box goes to the first match.
            "ArrowDown" => {
                e.prevent_default();
                move_focus(0, 0);
            }
            _ => {}
        })
    };
    // Up and down move between the matches; Up from the first, or Escape,
    // goes back to the box.
    let on_list_key = Callback::from(|e: KeyboardEvent| {
        let step = match e.key().as_str() {
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            "Home" => i32::MIN,
            "End" => i32::MAX,
            "Escape" => 0,
            _ => return,
        };
        e.prevent_default();
        let Some(at) = focused_match() else { return };
        if step == 0 || (step == -1 && at == 0) {
            focus_id("find-input");
        } else {
            move_focus(at, step);
        }
    });
    // Once a practice fills the form, focus goes to the note that says so
    // (the chosen match's button is gone, and focus would be lost).
    {
        let code = filled.as_ref().map(|f| f.code.clone());
        use_effect_with(code, |code| {
            if code.is_some() {
                focus_id("find-filled");
            }
        });
    }
    html! {
        <div class="form-group find" id="find">
            <label class="label" for="find-input">{ "Find a practice in England" }</label>
            <div class="hint" id="find-hint">{ "Its code, name or postcode. The form fills with its published 2014/15 figures, ready to adjust." }</div>
            <input class="input find-input" id="find-input" type="search" autocomplete="off" spellcheck="false"
                aria-describedby="find-hint" aria-controls="find-results" value={(*query).clone()} {oninput} {onkeydown} />
            if let Some(msg) = &*problem {
                <p class="error-message" role="alert" id="find-problem">{ msg.clone() }</p>
            }
            <div id="find-results" role="status" aria-live="polite">
                if *waiting && matches.is_none() {
                    <p class="hint" id="find-waiting">{ "Looking through the practices in England…" }</p>
                }
                if let Some(list) = &*matches {
                    if list.is_empty() {
                        <p class="hint" id="find-none">{ format!("No practice in the 2014/15 payments file matches “{}”.", query.trim()) }</p>
                    } else {
                        <p class="visually-hidden">{ format!("{}.", super::common::count_of(list.len(), "practice matches", "practices match")) }</p>
                        <ul class="find-list" onkeydown={on_list_key}>
                            for m in list.iter() {
                                <li>
                                    <button type="button" class="find-match" onclick={choose(m.code.clone())}>
                                        <span class="find-name">{ m.name.clone() }</span>
                                        <span class="find-meta">{ format!(" {} · {} · {} patients", m.code, m.postcode, gpsim_engine::money::group_thousands(m.list.into(), 0, "")) }</span>
                                    </button>
                                </li>
                            }
                        </ul>
                    }
                }
                if let Some(f) = &*filled {
                    <div class="find-filled" id="find-filled" tabindex="-1">
                        <p><strong>{ format!("{} ({}) is in the form.", f.name, f.code) }</strong></p>
                        <ul class="find-sources">
                            <li>{ format!("List sizes, contract ({}), MPIG, seniority and the enhanced services paid: the 2014/15 payments file (HSCIC). The 2013/14 MPIG factor is recovered from the 2014/15 payment through the phase-out figures.", f.contract) }</li>
                            if f.contract != "GMS" {
                                <li>{ "Contract value: the 2014/15 balance of PMS expenditure plus any global sum and MPIG paid (or its other payments, where its contract income is recorded there), less the 2014/15 equivalent uplift, to give the 2013/14 value." }</li>
                            }
                            if f.activity_recovered {
                                <li>{ "Learning disability checks and alcohol screenings: the 2014/15 payment divided by the 2014/15 rate, to the nearest whole. Cash mixes years and rates, so this is an estimate." }</li>
                            }
                            <li>{ format!("Disease registers: {}.", f.registers) }</li>
                            <li>{ format!("QOF achievement: {}.", f.achievement.clone().unwrap_or_else(|| "national typical achievement".into())) }</li>
                        </ul>
                    </div>
                }
            </div>
        </div>
    }
}

/// Focuses the element with this id, if it is on the page.
fn focus_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// The matches' buttons, in order.
fn match_buttons() -> Vec<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    let Some(list) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector_all("#find .find-match").ok())
    else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

/// Which match has the focus.
fn focused_match() -> Option<usize> {
    let active = web_sys::window()?.document()?.active_element()?;
    match_buttons()
        .iter()
        .position(|b| AsRef::<web_sys::Element>::as_ref(b) == &active)
}

/// Focuses the match `step` places from `at` (kept within the list).
fn move_focus(at: usize, step: i32) {
    let buttons = match_buttons();
    if buttons.is_empty() {
        return;
    }
    let last = buttons.len() - 1;
    let to = match step {
        i32::MIN => 0,
        i32::MAX => last,
        s if s < 0 => at.saturating_sub(s.unsigned_abs() as usize),
        s => (at + s as usize).min(last),
    };
    let _ = buttons[to].focus();
}
