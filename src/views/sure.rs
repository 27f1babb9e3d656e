//! "How sure is this?": the worker's swings for the practice, asked for
//! 25 ms after the entries, the sets or the scenario last changed (so
//! typing never waits on them, and they arrive within moments of it
//! stopping), and the panel naming the figures that matter most for the
//! comparison, each with a button that opens it in the scenario editor.
//! The directions the answers give are what the cards' ranges take on the
//! next keystrokes (`state::sure`).

use super::common::{change, pounds, status_badge};
use crate::browser;
use crate::state::model::Computed;
use crate::state::sure::{Answer, Known};
use crate::state::{AppState, CUSTOM};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use yew::prelude::*;

/// The worker's answers as the page holds them: the directions known, the
/// latest answer, and whether it is for what is entered now.
#[derive(Clone, PartialEq)]
pub struct Sure {
    pub known: Rc<Known>,
    pub answer: Option<Rc<Answer>>,
    pub current: bool,
    pub problem: Option<String>,
}

/// How long after the last change the swings are asked for: long enough
/// that a burst of keystrokes sends one request, short enough that the
/// answer (about 100 ms of work for four sets) lands within 150 ms.
const DEBOUNCE_MS: i32 = 25;

/// The request for the state's swings, if its entries are valid.
fn request(id: u64, s: &AppState) -> Option<String> {
    let raw = s.form.to_raw();
    gpsim_engine::validate(&raw, crate::rules::catalog()).ok()?;
    let target = s.selected.iter().position(|x| *x == s.target).unwrap_or(0);
    let mut r = serde_json::json!({
        "id": id, "kind": "swings", "raw": raw, "sets": s.selected, "target": target,
    });
    if s.selected.iter().any(|x| x == CUSTOM) {
        r["scenario"] = serde_json::json!({"base": s.scenario.base, "edits": s.scenario.edits});
    }
    Some(r.to_string())
}

/// One request out at a time: the latest one made while it is out waits,
/// the rest are dropped.
#[derive(Default)]
struct Line {
    worker: Option<browser::Worker>,
    out: bool,
    /// What the request out is for.
    sent: Option<Rc<Inputs>>,
    waiting: Option<(String, Rc<Inputs>)>,
}

/// What an answer is for: the entries, the sets, the target, the scenario.
type Inputs = (
    crate::state::form::Form,
    Vec<String>,
    String,
    crate::state::Scenario,
);

fn inputs(s: &AppState) -> Inputs {
    (
        s.form.clone(),
        s.selected.clone(),
        s.target.clone(),
        s.scenario.clone(),
    )
}

#[hook]
pub fn use_sure(state: &AppState) -> Sure {
    let known = use_state(|| Rc::new(Known::default()));
    let answer = use_state(|| None::<(Rc<Inputs>, Rc<Answer>)>);
    let problem = use_state(|| None::<String>);
    let latest = use_mut_ref(|| Rc::new(Cell::new(0u64)));
    let line = use_mut_ref(|| Rc::new(RefCell::new(Line::default())));
    let timer = use_mut_ref(|| None::<browser::Timeout>);
    let latest = latest.borrow().clone();
    let line = line.borrow().clone();
    {
        let (known, answer, problem, latest, line, timer) = (
            known.clone(),
            answer.clone(),
            problem.clone(),
            latest.clone(),
            line.clone(),
            timer.clone(),
        );
        let s = state.clone();
        use_effect_with(inputs(state), move |now| {
            let id = latest.get() + 1;
            latest.set(id);
            let Some(text) = request(id, &s) else {
                *timer.borrow_mut() = None;
                return;
            };
            let now = Rc::new(now.clone());
            *timer.borrow_mut() = browser::after(DEBOUNCE_MS, move || {
                send(&line, (text, now), &latest, known, answer, problem);
            });
        });
    }
    let current = answer
        .as_ref()
        .is_some_and(|(for_, _)| **for_ == inputs(state));
    Sure {
        known: (*known).clone(),
        answer: answer.as_ref().map(|(_, a)| a.clone()),
        current,
        problem: (*problem).clone(),
    }
}

/// Sends a request (its text, and what it is for), or keeps it to send
/// when the request out is answered.
fn send(
    line: &Rc<RefCell<Line>>,
    (text, for_): (String, Rc<Inputs>),
    latest: &Rc<Cell<u64>>,
    known: UseStateHandle<Rc<Known>>,
    answer: UseStateHandle<Option<(Rc<Inputs>, Rc<Answer>)>>,
    problem: UseStateHandle<Option<String>>,
) {
    let mut l = line.borrow_mut();
    if l.out {
        l.waiting = Some((text, for_));
        return;
    }
    if l.worker.as_ref().is_none_or(browser::Worker::failed) {
        let (weak, latest) = (Rc::downgrade(line), latest.clone());
        let (known, answer, problem) = (known.clone(), answer.clone(), problem.clone());
        l.worker = browser::Worker::start(move |reply| {
            let Some(line) = weak.upgrade() else { return };
            let v: serde_json::Value = serde_json::from_str(&reply).unwrap_or_default();
            let id = v["id"].as_u64().unwrap_or(0);
            match serde_json::from_value::<Answer>(v["answer"].clone()) {
                Ok(a) if v["ok"] == serde_json::Value::Bool(true) => {
                    // Any answer's directions are the last practice's:
                    // better than the build's for the next keystroke.
                    let mut k = (**known).clone();
                    k.learn(&a);
                    if k != **known {
                        known.set(Rc::new(k));
                    }
                    let for_ = line.borrow_mut().sent.take();
                    if let (true, Some(for_)) = (id == latest.get(), for_) {
                        answer.set(Some((for_, Rc::new(a))));
                        problem.set(None);
                    }
                }
                _ if id == latest.get() => problem.set(Some(
                    v["error"]
                        .as_str()
                        .unwrap_or("The figures that matter could not be worked out.")
                        .to_string(),
                )),
                _ => {}
            }
            let next = {
                let mut l = line.borrow_mut();
                l.out = false;
                l.waiting.take()
            };
            if let Some((next, for_)) = next {
                let mut l = line.borrow_mut();
                l.out = l.worker.as_ref().is_some_and(|w| w.send(&next));
                l.sent = Some(for_);
            }
        });
    }
    l.out = l.worker.as_ref().is_some_and(|w| w.send(&text));
    l.sent = Some(for_);
    if !l.out {
        problem.set(Some(
            "This browser would not work out the figures that matter (Web Workers are needed)."
                .into(),
        ));
    }
}

/// What a range means, and what it does not cover.
pub const MEANING: &str = "A range is what the figure would be if every uncertain figure in our rules data were at the low or the high end of its plausible range, and each gap in our data were worth nothing or all of its points. It does not cover your own entries (list size, registers, achievement), which are taken as given, nor any figure you edit, which is taken as certain.";

#[derive(Properties, PartialEq)]
pub struct HowSureProps {
    pub computed: super::results::Shared<Computed>,
    pub sure: Sure,
    /// Opens a figure (its set's key and path) in the scenario editor.
    pub on_open: Callback<(String, String)>,
    pub editing: String,
    pub edits: usize,
}

/// The panel: what a range means, and the figures that matter most.
#[component]
pub fn HowSure(p: &HowSureProps) -> Html {
    let c = &p.computed.0;
    let catalog = crate::rules::catalog();
    let Some(w) = &c.waterfall else {
        return html! {};
    };
    let names = (c.set_name(&w.from), c.set_name(&w.to));
    let status = match (&p.sure.answer, p.sure.current, &p.sure.problem) {
        (_, _, Some(e)) => html! { <p class="error-message" role="alert">{ e.clone() }</p> },
        (None, _, _) => {
            html! { <p class="hint" role="status">{ "Working out which figures matter most…" }</p> }
        }
        (Some(_), false, _) => {
            html! { <p class="hint" role="status">{ "Updating for your latest entries…" }</p> }
        }
        (Some(_), true, _) => {
            html! { <p class="visually-hidden" role="status">{ "Up to date." }</p> }
        }
    };
    html! {
        <section class="how-sure" id="how-sure" aria-labelledby="how-sure-h" data-current={(p.sure.current && p.sure.answer.is_some()).to_string()}>
            <h2 id="how-sure-h">{ "How sure is this?" }</h2>
            <p>{ MEANING }</p>
            { status }
            if let Some(a) = p.sure.answer.as_ref().filter(|a| a.moving == 0) {
                <p>{ format!("No uncertain figure moves the change from {} to {} ({}): every one the two hold is the same unknown in both, so it moves both alike. The gaps in our data still give the change its range.", names.0, names.1, change(a.central)) }</p>
            }
            if let Some(a) = p.sure.answer.as_ref().filter(|a| a.moving > 0) {
                <p>{ format!("The figures that matter most for the change from {} to {} ({} centrally), each moved alone to the ends of its range; {} uncertain figures move it in all.", names.0, names.1, change(a.central), a.moving) }</p>
                if let Some((low, high)) = &a.breakeven_ends {
                    <div id="breakeven-ends">
                        <p>{ "What it would take, at the ends of the ranges (the gaps in our data at our estimate):" }</p>
                        <ul>
                            <li>{ format!("With every uncertain figure at the end that lowers the change: {low}") }</li>
                            <li>{ format!("At the ends that raise it: {high}") }</li>
                        </ul>
                    </div>
                }
                <ol class="matters">
                    { for a.matters.iter().map(|m| {
                        let base = if m.set == CUSTOM { p.editing.clone() } else { m.set.clone() };
                        let set = catalog.get(&base);
                        let fig = set.and_then(|s| s.figure(&m.path));
                        let source = fig
                            .and_then(|f| catalog.source(f.source()))
                            .map(|s| format!("{} ({}, {})", s.title, s.publisher, s.date))
                            .unwrap_or_default();
                        let set_name = set.map(|s| s.short_name.to_string()).unwrap_or_default();
                        let onclick = {
                            let (cb, base, path) = (p.on_open.clone(), base.clone(), m.path.clone());
                            Callback::from(move |_: MouseEvent| cb.emit((base.clone(), path.clone())))
                        };
                        let clears = base != p.editing && p.edits > 0;
                        html! {
                            <li class="matter" data-path={m.path.clone()}>
                                <p class="matter-head"><strong>{ m.label.clone() }</strong>{ format!(" ({set_name}): ") }<span class="nowrap">{ format!("±{}", pounds(m.swing)) }</span></p>
                                <p class="matter-meta">
                                    { format!("The change {} to {} at the ends of its range. ", change(m.at_low.min(m.at_high)), change(m.at_low.max(m.at_high))) }
                                    { fig.map(|f| status_badge(f.status(), true)).unwrap_or_default() }
                                    { format!(" Source: {source}.") }
                                </p>
                                <button type="button" class="button button-secondary button-small" {onclick}>
                                    { "Open in the editor" }
                                    <span class="visually-hidden">{ format!(": {}", m.label) }</span>
                                </button>
                                if clears { <span class="hint">{ format!(" Starts a scenario from {set_name}, clearing your edits.") }</span> }
                            </li>
                        }
                    }) }
                </ol>
            }
        </section>
    }
}
