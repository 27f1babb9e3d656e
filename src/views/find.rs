//! Find my practice: type a practice code, name or postcode, choose from
//! the matches, and the form fills with that practice's published 2014/15
//! figures and its modelled registers and achievement, each said to be so.
//! The population lives in a Web Worker (`nationwide.rs`), fetched from this
//! site only when someone starts typing here.

use crate::browser;
use crate::form::Form;
use crate::nationwide::Match;
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
            if worker.borrow().is_none() {
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
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                if let Some(first) = matches.as_ref().and_then(|m| m.first()) {
                    send("practice", "code", &first.code);
                }
            }
        })
    };
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
                        <ul class="find-list">
                            for m in list.iter() {
                                <li>
                                    <button type="button" class="find-match" onclick={choose(m.code.clone())}>
                                        <span class="find-name">{ m.name.clone() }</span>
                                        <span class="find-meta">{ format!(" {} · {} · {} patients", m.code, m.postcode, m.list) }</span>
                                    </button>
                                </li>
                            }
                        </ul>
                    }
                }
                if let Some(f) = &*filled {
                    <div class="find-filled" id="find-filled">
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
