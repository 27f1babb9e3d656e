//! The national view: every English practice under the baseline and the
//! chosen rule set (or the user's scenario). Winners and losers, the
//! distribution of the change (SVG histograms, each with its table), the
//! breakdowns, the national totals by payment, where the user's practice
//! sits, and a searchable, sortable table of practices. The run happens in
//! a Web Worker; a newer request stops an older one. Everything here is
//! labelled as modelled where it is.
//!
//! Length: the national view: its worker requests, headline, histograms and
//! tables of one run.

use super::common::{change, change_pct, pounds, scroll_region};
use crate::browser;
use crate::national::RunReply;
use crate::sharing::files::File;
use crate::state::form::Form;
use crate::state::{Action, AppState, Scenario, CUSTOM};
use gpsim_engine::money::Money;
use gpsim_engine::national::{Bin, Group, Summary};
use gpsim_engine::tables;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NationalProps {
    pub from: String,
    pub to: String,
    pub scenario: Rc<Scenario>,
    /// The user's own practice's change between the same two sets.
    pub yours: Option<(Money, Money)>,
    /// Open (the state's `national`, which links carry).
    pub open: bool,
    pub dispatch: UseReducerDispatcher<AppState>,
}

#[derive(Clone)]
enum Status {
    Idle,
    Running,
    /// The summary, how long it took (ms), and the request it answers.
    Ready(Rc<Summary>, f64, u64),
    Failed(String),
}

/// Sort orders for the table of practices.
const SORTS: [(&str, &str); 4] = [
    ("loss", "Biggest loss first"),
    ("gain", "Biggest gain first"),
    ("name", "Name"),
    ("list", "Largest list first"),
];

/// A reason as a sentence: its first letter a capital.
fn sentence(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + c.as_str() + ".",
        None => String::new(),
    }
}

/// A count with thousands separated: 7,923.
fn count(n: usize) -> String {
    gpsim_engine::money::group_thousands(Decimal::from(n as u64), 0, "")
}

/// An edge of a bar in words: "−3%" or "−£2,000".
fn edge(d: Decimal, unit: &str) -> String {
    if unit == "£" {
        Money::new(d).display_change()
    } else {
        gpsim_engine::Percent(d).display_change()
    }
}

/// Which of a histogram's edges get a labelled tick: the class boundary (±1%,
/// or £0) always, the outer edges unless their bar is open, and every
/// `stride`th edge in step with the boundary, so at most about six labels
/// share a phone's width.
fn ticks(bins: &[Bin], edges: &[Decimal], unit: &str) -> Vec<usize> {
    let n = bins.len();
    let key = if unit == "£" {
        Decimal::ZERO
    } else {
        -Decimal::ONE
    };
    let k = edges.iter().position(|e| *e == key).unwrap_or(0);
    let stride = n.div_ceil(6).max(1);
    (0..=n)
        .filter(|i| {
            (*i + stride * n - k) % stride == 0 || (unit != "£" && edges[*i] == Decimal::ONE)
        })
        .filter(|i| !(*i == 0 && bins[0].open || *i == n && bins[n - 1].open))
        .collect()
}

fn histogram(id: &str, title: &str, bins: &[Bin], unit: &str) -> Html {
    let max = bins.iter().map(|b| b.practices).max().unwrap_or(1).max(1);
    let n = bins.len().max(1);
    let w = 100.0 / n as f64;
    let labels = gpsim_engine::national::histogram_labels(bins, |d| edge(d, unit));
    let edges: Vec<Decimal> = bins
        .iter()
        .map(|b| b.from)
        .chain(bins.last().map(|b| b.to))
        .collect();
    // A bar's practices stacked by class: losing at the bottom, then within
    // ±1%, then gaining (the % histogram's bars are one class each).
    let bar = |i: usize, b: &Bin| {
        let mut y = 40.0;
        let parts = [
            (b.lose, "hist-down"),
            (b.same, "hist-same"),
            (b.gain, "hist-up"),
        ];
        parts
            .iter()
            .filter(|(k, _)| *k > 0)
            .map(|(k, class)| {
                let h = *k as f64 / max as f64 * 38.0;
                y -= h;
                html! { <rect class={*class} x={format!("{:.2}", i as f64 * w + 0.1)} y={format!("{y:.2}")} width={format!("{:.2}", (w - 0.2).max(0.1))} height={format!("{h:.2}")}></rect> }
            })
            .collect::<Html>()
    };
    let tick = |i: usize| {
        let x = i as f64 * w;
        let anchor = if x < 12.0 {
            "start"
        } else if x > 88.0 {
            "end"
        } else {
            "middle"
        };
        html! {
            <>
                <line class="hist-tick" x1={format!("{x:.2}%")} x2={format!("{x:.2}%")} y1="0" y2="5"></line>
                <text class="hist-tick-label" x={format!("{x:.2}%")} y="18" text-anchor={anchor}>{ edge(edges[i], unit) }</text>
            </>
        }
    };
    let ends = match (
        bins.first().is_some_and(|b| b.open),
        bins.last().is_some_and(|b| b.open),
    ) {
        (true, true) => " The end bars also hold the few practices beyond them.",
        (true, false) => " The first bar also holds the few practices below it.",
        (false, true) => " The last bar also holds the few practices above it.",
        (false, false) => "",
    };
    html! {
        <figure class="hist" id={id.to_string()}>
            <figcaption class="hist-title">{ title.to_string() }</figcaption>
            <p class="hist-scale">{ format!("Tallest bar: {} practices.{ends}", count(max)) }</p>
            <svg class="hist-chart" viewBox="0 0 100 40" preserveAspectRatio="none" role="img" aria-label={format!("{title}: bar chart; the table below has the figures")}>
                { for bins.iter().enumerate().map(|(i, b)| bar(i, b)) }
            </svg>
            <svg class="hist-axis" aria-hidden="true">
                { for ticks(bins, &edges, unit).into_iter().map(tick) }
            </svg>
            <details class="hist-table">
                <summary>{ "The figures" }</summary>
                { scroll_region(title, html! {
                <table class="table">
                    <caption class="visually-hidden">{ title.to_string() }</caption>
                    <thead><tr>
                        <th scope="col">{ "Change" }</th><th scope="col" class="num">{ "Practices" }</th>
                        <th scope="col" class="num">{ "Lose more than 1%" }</th><th scope="col" class="num">{ "Within ±1%" }</th><th scope="col" class="num">{ "Gain more than 1%" }</th>
                    </tr></thead>
                    <tbody>
                        { for bins.iter().zip(labels).map(|(b, l)| html! {
                            <tr><th scope="row">{ l }</th><td class="num">{ count(b.practices) }</td>
                            <td class="num">{ count(b.lose) }</td><td class="num">{ count(b.same) }</td><td class="num">{ count(b.gain) }</td></tr>
                        }) }
                    </tbody>
                </table>
                }) }
            </details>
        </figure>
    }
}

/// The headline counts as ranges: every practice counted again with every
/// uncertain figure at the ends that make the change lowest and highest.
fn headline_range(a: &Group, corners: Option<(&gpsim_engine::national::Corners, f64)>) -> Html {
    let Some((k, ms)) = corners else {
        return html! { <p class="hint national-range" id="national-range" role="status">{ "Working out how sure these counts are…" }</p> };
    };
    let between = |x: usize, y: usize| {
        if x == y {
            count(x)
        } else {
            format!("between {} and {}", count(x.min(y)), count(x.max(y)))
        }
    };
    html! {
        <p class="national-range" id="national-range" role="status" data-ms={format!("{ms:.0}")}
            data-gain={format!("{}-{}", k.low.gain, k.high.gain)} data-lose={format!("{}-{}", k.high.lose, k.low.lose)}>
            { format!("How sure: with every uncertain figure in our rules data at the end of its range that lowers the change (and each gap worth nothing in the later contract, all its points in the earlier), and again at the ends that raise it, {} practices gain more than 1% and {} lose more than 1% ({} and {} centrally). The ends are the example practice's, the same for every practice; the practices' own figures are taken as given.",
                between(k.low.gain, k.high.gain), between(k.high.lose, k.low.lose), count(a.gain), count(a.lose)) }
        </p>
    }
}

/// The three classes' colours, as the headline counts them.
fn legend() -> Html {
    html! {
        <ul class="hist-legend">
            <li><span class="swatch swatch-down" aria-hidden="true"></span>{ "Lose more than 1%" }</li>
            <li><span class="swatch swatch-same" aria-hidden="true"></span>{ "Within ±1%" }</li>
            <li><span class="swatch swatch-up" aria-hidden="true"></span>{ "Gain more than 1%" }</li>
        </ul>
    }
}

/// "How close is the model to what was paid?": the model's 2014/15
/// payments beside the 2014/15 cash, heading by heading.
fn closeness(s: &Summary) -> Html {
    if s.closeness.is_empty() {
        return html! {};
    }
    html! {
        <section class="national-closeness" id="national-closeness" aria-labelledby="national-closeness-h">
            <h3 class="national-h" id="national-closeness-h">{ "How close is the model to what was paid?" }</h3>
            <p class="hint">{ "Each practice's modelled 2014/15 payment under the 2014/15 rules beside what the 2014/15 payments file says it was paid, for the payments the model works out for itself. Cash is not entitlement, so they differ for known reasons, given in each row." }</p>
            <div class="table-scroll" role="region" aria-label="How close the model is to what was paid" tabindex="0">
                <table class="table national-table">
                    <thead><tr>
                        <th scope="col">{ "Payment" }</th><th scope="col" class="num">{ "Practices" }</th>
                        <th scope="col" class="num">{ "Modelled" }</th><th scope="col" class="num">{ "Paid" }</th>
                        <th scope="col" class="num">{ "Typical difference" }</th><th scope="col" class="num">{ "9 in 10 within" }</th>
                    </tr></thead>
                    <tbody>
                        { for s.closeness.iter().map(|c| html! {
                            <>
                            <tr>
                                <th scope="row">{ c.label.clone() }</th><td class="num">{ count(c.practices) }</td>
                                <td class="num">{ pounds(c.modelled) }</td><td class="num">{ pounds(c.paid) }</td>
                                <td class="num">{ format!("{} ({}%)", pounds(c.median_abs), c.median_abs_percent) }</td>
                                <td class="num">{ format!("{} ({}%)", pounds(c.p90_abs), c.p90_abs_percent) }</td>
                            </tr>
                            <tr class="row-note"><td colspan="6">{ format!("Why cash differs: {}", c.why) }</td></tr>
                            </>
                        }) }
                    </tbody>
                </table>
            </div>
            <p class="hint">{ gpsim_engine::national::NOT_COMPARED }</p>
        </section>
    }
}

fn groups_table(id: &str, caption: &str, groups: &[Group]) -> Html {
    html! {
        { scroll_region(caption, html! {
            <table class="table national-table" id={id.to_string()}>
                <caption class="table-caption">{ caption.to_string() }</caption>
                <thead><tr>
                    <th scope="col">{ "Group" }</th><th scope="col" class="num">{ "Practices" }</th>
                    <th scope="col" class="num">{ "Gain" }</th><th scope="col" class="num">{ "Lose" }</th><th scope="col" class="num">{ "Within ±1%" }</th>
                    <th scope="col" class="num">{ "Change, £ a year" }</th><th scope="col" class="num">{ "Median change" }</th>
                </tr></thead>
                <tbody>
                    { for groups.iter().map(|g| html! {
                        <tr>
                            <th scope="row">{ g.name.clone() }</th><td class="num">{ count(g.practices) }</td>
                            <td class="num">{ count(g.gain) }</td><td class="num">{ count(g.lose) }</td><td class="num">{ count(g.same) }</td>
                            <td class="num">{ change(g.change) }</td><td class="num">{ gpsim_engine::Percent(g.median_percent).display_change() }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        }) }
    }
}

#[component]
pub fn NationalView(p: &NationalProps) -> Html {
    let open = p.open;
    let status = use_state(|| Status::Idle);
    let slow = use_state(|| false);
    let worker = use_mut_ref(|| None::<browser::Worker>);
    let busy = use_mut_ref(|| false);
    let timer = use_mut_ref(|| None::<browser::Timeout>);
    let latest = use_mut_ref(|| Rc::new(Cell::new(0u64)));
    let started = use_mut_ref(|| Rc::new(Cell::new(0f64)));
    let query = use_state(String::new);
    let sort = use_state(|| "loss".to_string());
    // The headline's range, asked for once a run's summary is in: the run
    // it is for, and how long it took after the summary (ms).
    let corners = use_state(|| None::<(u64, Rc<gpsim_engine::national::Corners>, f64)>);
    let asked = use_mut_ref(|| Rc::new(RefCell::new(Value::Null)));
    let custom = p.from == CUSTOM || p.to == CUSTOM;
    // "Try again" after a failure asks for the same run once more.
    let attempt = use_state(|| 0u32);
    let request_key = (
        *attempt,
        open,
        p.from.clone(),
        p.to.clone(),
        if custom {
            Some((*p.scenario).clone())
        } else {
            None
        },
    );
    // A run for the current sets whenever the view is open and they change.
    {
        let (status, slow, worker, busy, timer, latest, started) = (
            status.clone(),
            slow.clone(),
            worker.clone(),
            busy.clone(),
            timer.clone(),
            latest.borrow().clone(),
            started.borrow().clone(),
        );
        let (corners, asked) = (corners.clone(), asked.borrow().clone());
        use_effect_with(request_key, move |(_, open, from, to, scenario)| {
            if !*open {
                return;
            }
            // A run in progress cannot be interrupted: stop its worker.
            if *busy.borrow() {
                *worker.borrow_mut() = None;
            }
            let id = latest.get() + 1;
            latest.set(id);
            // Timed from the request to the result in the page.
            started.set(browser::now());
            if worker.borrow().as_ref().is_none_or(browser::Worker::failed) {
                let (status, slow, busy, timer, latest, started) = (
                    status.clone(),
                    slow.clone(),
                    busy.clone(),
                    timer.clone(),
                    latest.clone(),
                    started.clone(),
                );
                let (corners, asked, me) = (corners.clone(), asked.clone(), Rc::downgrade(&worker));
                *worker.borrow_mut() = browser::Worker::start(move |text| {
                    // The headline's range, after the run it is for.
                    if text.contains("\"corners\"") {
                        let v: Value = serde_json::from_str(&text).unwrap_or_default();
                        let k = serde_json::from_value::<gpsim_engine::national::Corners>(
                            v["corners"].clone(),
                        );
                        if let (Some(id), Ok(k)) = (v["id"].as_u64(), k) {
                            if id == latest.get() {
                                corners.set(Some((id, Rc::new(k), browser::now() - started.get())));
                            }
                        }
                        return;
                    }
                    let reply = match serde_json::from_str::<RunReply>(&text) {
                        Ok(r) => r,
                        Err(e) => {
                            // Not an answer to a run (the worker's own
                            // failure says so in its error).
                            let v: Value = serde_json::from_str(&text).unwrap_or_default();
                            RunReply {
                                id: v["id"].as_u64().unwrap_or(0),
                                ok: false,
                                error: Some(
                                    v["error"].as_str().map(str::to_string).unwrap_or_else(|| {
                                        format!("The national results could not be read: {e}.")
                                    }),
                                ),
                                summary: None,
                            }
                        }
                    };
                    if reply.id != latest.get() {
                        return;
                    }
                    *busy.borrow_mut() = false;
                    *timer.borrow_mut() = None;
                    slow.set(false);
                    let s = match (reply.ok, reply.summary) {
                        (true, Some(s)) => {
                            let ms = browser::now() - started.get();
                            started.set(browser::now());
                            let mut ask = asked.borrow().clone();
                            ask["kind"] = json!("corners");
                            if let Some(w) = me.upgrade() {
                                if let Some(w) = w.borrow().as_ref() {
                                    w.send(&ask.to_string());
                                }
                            }
                            Status::Ready(Rc::new(s), ms, latest.get())
                        }
                        _ => Status::Failed(
                            reply
                                .error
                                .unwrap_or_else(|| "The national run failed.".to_string()),
                        ),
                    };
                    status.set(s);
                });
            }
            let mut request = json!({"id": id, "kind": "run", "from": from, "to": to});
            if let Some(s) = scenario {
                request["scenario"] = json!({"base": s.base, "edits": s.edits});
            }
            *asked.borrow_mut() = request.clone();
            let sent = worker
                .borrow()
                .as_ref()
                .is_some_and(|w| w.send(&request.to_string()));
            if !sent {
                status.set(Status::Failed(
                    "This browser would not start the national run (Web Workers are needed)."
                        .into(),
                ));
                return;
            }
            *busy.borrow_mut() = true;
            status.set(Status::Running);
            // Say it is working only if it takes a noticeable time.
            let slow_later = slow.clone();
            *timer.borrow_mut() = browser::after(150, move || slow_later.set(true));
        });
    }
    let body = match &*status {
        Status::Idle => html! {},
        Status::Running => html! {
            if *slow {
                <p class="national-progress" role="status" id="national-progress">{ "Working out every practice's income under both contracts…" }</p>
            }
        },
        Status::Failed(msg) => {
            let again = {
                let attempt = attempt.clone();
                Callback::from(move |_: MouseEvent| attempt.set(*attempt + 1))
            };
            html! {
                <div class="national-failed">
                    <p class="error-message" role="alert" id="national-error">{ msg.clone() }</p>
                    <button type="button" class="button button-secondary" id="national-retry" onclick={again}>{ "Try again" }</button>
                </div>
            }
        }
        Status::Ready(s, ms, run) => {
            let k = corners.as_ref().filter(|(id, _, _)| id == run);
            ready(
                s,
                *ms,
                *run,
                k.map(|(_, k, ms)| (&**k, *ms)),
                p,
                &query,
                &sort,
            )
        }
    };
    let toggled = {
        let d = p.dispatch.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlDetailsElement = e.target_unchecked_into();
            if el.open() != open {
                d.dispatch(Action::SetNational(el.open()));
            }
        })
    };
    html! {
        <details class="national" id="national" {open} ontoggle={toggled}>
            <summary><span class="summary-text">{ "Every practice in England: who gains and who loses" }</span></summary>
            if open {
                <div class="hint national-lede">
                    <p>{ "All 7,959 practices in the 2014/15 payments file (HSCIC), under the first contract you compare against the one the waterfall shows. Each practice's QOF achievement is its published level where there is one, and its disease registers are modelled; practices whose published payments are not a year of core contract income are left out, with the reason. The data is fetched from this site only now, and stays on this device." }</p>
                    <details class="section-details" id="national-sources">
                    <summary><span class="summary-text">{ "What is published and what is modelled" }</span></summary>
                    <ul>
                        <li>{ "QOF achievement: each practice's published share of its available points (2014/15, or 2013/14 where 2014/15 is missing), spread across indicators by its CCG's 2014/15 profile and used under every contract, so rules, not behaviour, move the result. Practices with no published figure take their CCG's average, indicator by indicator." }</li>
                        <li>{ "Disease registers: modelled from each practice's 2016/17 prevalence applied to its 2014/15 list (else its CCG's 2014/15 prevalence)." }</li>
                        <li>{ "PMS and APMS practices: their contract income in the 2014/15 cash (or their other payments, where their contract is paid there), less the 2014/15 equivalent uplift, gives the 2013/14 value; each contract then gets the uplift NHS England applied where GMS core funding received reinvested money." }</li>
                        <li>{ "Learning disability checks and alcohol screenings: each practice's 2014/15 payment divided by the 2014/15 rate. Cash mixes years and rates (only 971 of 5,263 learning disability payments are whole multiples of £116), so these are estimates. The dementia identification scheme has no column in the file, so it counts nothing." }</li>
                        <li>{ "Practices whose published payments are not a year of core contract income (closed or opened in the year, no patients, or contract income under half the global sum price a weighted patient) are left out and listed with the reason." }</li>
                    </ul>
                    </details>
                </div>
                { body }
            }
        </details>
    }
}

fn ready(
    s: &Rc<Summary>,
    ms: f64,
    run: u64,
    corners: Option<(&gpsim_engine::national::Corners, f64)>,
    p: &NationalProps,
    query: &UseStateHandle<String>,
    sort: &UseStateHandle<String>,
) -> Html {
    let a = &s.all;
    let yours = p.yours.map(|(from, to)| {
        let ch = to - from;
        let pct = s.percentile_of(ch);
        (ch, from, pct)
    });
    let download = |f: File| {
        Callback::from(move |_: MouseEvent| {
            browser::download(&f);
        })
    };
    let stem = format!("england-{}-to-{}", s.from_id, s.to_id);
    let practices_csv = File {
        name: format!("{stem}-practices.csv"),
        media_type: "text/csv",
        text: tables::to_csv(&tables::national_practices(s)),
    };
    let summary_csv = File {
        name: format!("{stem}-summary.csv"),
        media_type: "text/csv",
        text: tables::to_csv(&tables::national_summary(s)),
    };
    // The table of practices: filtered by the search, sorted, the first 50.
    // Case and spaces are ignored, so "wv14tf" finds WV1 4TF and
    // "gateshead" finds the practices of NHS Gateshead CCG.
    let squash = |t: &str| -> String {
        t.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect()
    };
    let q = squash(query);
    let mut rows: Vec<&gpsim_engine::national::Outcome> = s
        .outcomes
        .iter()
        .filter(|o| {
            q.is_empty()
                || squash(&o.code).contains(&q)
                || squash(&o.name).contains(&q)
                || squash(&o.postcode).contains(&q)
                || squash(&o.ccg) == q
                || s.ccg_names
                    .get(&o.ccg)
                    .is_some_and(|n| squash(n).contains(&q))
        })
        .collect();
    match sort.as_str() {
        "gain" => rows.sort_by_key(|o| std::cmp::Reverse(o.change)),
        "name" => rows.sort_by(|a, b| a.name.cmp(&b.name)),
        "list" => rows.sort_by_key(|o| std::cmp::Reverse(o.list)),
        _ => rows.sort_by_key(|o| o.change),
    }
    let matching = rows.len();
    rows.truncate(50);
    let on_query = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_sort = {
        let sort = sort.clone();
        Callback::from(move |e: Event| {
            sort.set(
                e.target_unchecked_into::<web_sys::HtmlSelectElement>()
                    .value(),
            )
        })
    };
    let open_in_editor = |code: String| {
        let dispatch = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| open_practice(&code, dispatch.clone()))
    };
    let component_rows = s.components.iter().map(|c| {
        let child = c.id.contains('.');
        html! {
            <tr class={classes!(child.then_some("row-child"))}>
                <th scope="row">{ c.label.clone() }</th>
                <td class="num">{ pounds(c.from) }</td><td class="num">{ pounds(c.to) }</td><td class="num">{ change(c.to - c.from) }</td>
            </tr>
        }
    });
    html! {
        <div class="national-results" id="national-results" data-ms={format!("{ms:.0}")} data-run={run.to_string()}>
            <p class="national-headline" id="national-headline">
                { format!("From {} to {}: of {} practices, ", s.from_name, s.to_name, count(a.practices)) }
                <strong>{ format!("{} gain more than 1%", count(a.gain)) }</strong>{ ", " }
                <strong>{ format!("{} lose more than 1%", count(a.lose)) }</strong>
                { format!(" and {} change by 1% or less. Together their income moves from {} to {} ({}); the median practice changes by {}.", count(a.same), pounds(a.from), pounds(a.to), change(a.change), gpsim_engine::Percent(a.median_percent).display_change()) }
            </p>
            { headline_range(a, corners) }
            <p class="hint" id="national-achievement">{ format!("QOF achievement: {} practices at their published level, {} modelled from their CCG's.", count(s.achievement_published), count(s.achievement_modelled)) }</p>
            if !s.left_out.is_empty() {
                <details class="section-details" id="national-left-out">
                    <summary><span class="summary-text">{ format!("{} practices left out, and why", count(s.left_out.len())) }</span></summary>
                    <p class="hint">{ "Their published 2014/15 payments are not a year of core contract income, so running them would show a change that comes from a missing column, not from the contract." }</p>
                    <div class="table-scroll" role="region" aria-label="Practices left out" tabindex="0">
                        <table class="table national-table">
                            <thead><tr><th scope="col">{ "Practice" }</th><th scope="col">{ "Contract" }</th><th scope="col">{ "Why" }</th></tr></thead>
                            <tbody>
                                { for s.left_out.iter().map(|l| html! {
                                    <tr><th scope="row">{ format!("{} ({})", l.name, l.code) }</th><td>{ l.contract.clone() }</td><td>{ sentence(&l.reason) }</td></tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                </details>
            }
            if let Some((ch, from, pct)) = yours {
                <p class="national-yours" id="national-yours">{ format!("Your practice in the form changes by {} ({}). {}% of practices do worse than that.", change(ch), change_pct(ch, from), pct) }</p>
            }
            <p class="hint">{ format!("Worked out on this device in {:.1} seconds.", ms / 1000.0) }</p>
            <div class="downloads">
                <button type="button" class="button button-secondary button-small" id="national-csv" onclick={download(practices_csv)}>{ "Every practice (CSV)" }</button>
                <button type="button" class="button button-secondary button-small" id="national-summary-csv" onclick={download(summary_csv)}>{ "These tables (CSV)" }</button>
            </div>
            { legend() }
            <div class="hist-pair">
                { histogram("hist-percent", "Change per practice, %", &s.histogram_percent, "%") }
                { histogram("hist-pounds", "Change per practice, £ a year", &s.histogram_pounds, "£") }
            </div>
            { scroll_region("National totals by payment", html! {
                <table class="table national-table" id="national-payments">
                    <caption class="table-caption">{ "National totals by payment, £ a year (modelled)" }</caption>
                    <thead><tr><th scope="col">{ "Payment" }</th><th scope="col" class="num">{ s.from_name.clone() }</th><th scope="col" class="num">{ s.to_name.clone() }</th><th scope="col" class="num">{ "Change" }</th></tr></thead>
                    <tbody>{ for component_rows }</tbody>
                </table>
            }) }
            <p class="hint">{ format!("Average QOF points per practice: {} under {}, {} under {}.", s.qof_points_from, s.from_name, s.qof_points_to, s.to_name) }</p>
            { closeness(s) }
            { groups_table("national-regions", "By NHS England region", &s.by_region) }
            { groups_table("national-contracts", "By contract", &s.by_contract) }
            { groups_table("national-bands", "By registered list", &s.by_list_band) }
            <details class="section-details">
                <summary><span class="summary-text">{ format!("By CCG ({})", s.by_ccg.len()) }</span></summary>
                { groups_table("national-ccgs", "By clinical commissioning group", &s.by_ccg) }
            </details>
            <h3 class="national-h" id="national-practices-h">{ "Practices" }</h3>
            <div class="national-filter">
                <div class="form-group">
                    <label class="label" for="national-search">{ "Search by code, name, postcode or CCG" }</label>
                    <input class="input" id="national-search" type="search" value={(**query).clone()} oninput={on_query} autocomplete="off" />
                </div>
                <div class="form-group">
                    <label class="label" for="national-sort">{ "Order" }</label>
                    <select class="select" id="national-sort" onchange={on_sort}>
                        { for SORTS.iter().map(|(v, l)| html! { <option value={*v} selected={sort.as_str() == *v}>{ *l }</option> }) }
                    </select>
                </div>
            </div>
            <p class="hint" role="status">{ if matching > rows.len() { format!("The first {} of {} practices.", rows.len(), count(matching)) } else { super::common::count_of(matching, "practice matches.", "practices match.") } }</p>
            { scroll_region("Practices", html! {
                <table class="table national-table" id="national-list" aria-labelledby="national-practices-h">
                    <thead><tr>
                        <th scope="col">{ "Practice" }</th><th scope="col">{ "CCG" }</th><th scope="col">{ "Contract" }</th><th scope="col">{ "QOF achievement" }</th><th scope="col" class="num">{ "List" }</th>
                        <th scope="col" class="num">{ "Change, £ a year" }</th><th scope="col" class="num">{ "%" }</th><th scope="col"><span class="visually-hidden">{ "Open" }</span></th>
                    </tr></thead>
                    <tbody>
                        { for rows.iter().map(|o| html! {
                            <tr>
                                <th scope="row">{ format!("{} ({})", o.name, o.code) }<span class="find-meta">{ format!(" {}", o.postcode) }</span></th><td>{ s.ccg_label(&o.ccg) }</td><td>{ o.contract.clone() }</td><td>{ o.achievement.word() }</td><td class="num">{ count(o.list as usize) }</td>
                                <td class={classes!("num", if o.change.0 > Decimal::ZERO { "up" } else if o.change.0 < Decimal::ZERO { "down" } else { "" })}>{ change(o.change) }</td>
                                <td class="num">{ gpsim_engine::Percent(o.percent).display_change() }</td>
                                <td><button type="button" class="button button-secondary button-small" aria-label={format!("Open {} in the editor", o.name)} onclick={open_in_editor(o.code.clone())}>{ "Open" }</button></td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }) }
        </div>
    }
}

/// Fills the editor with a practice from the population, through a worker
/// of its own (the run's worker may be busy).
fn open_practice(code: &str, dispatch: UseReducerDispatcher<AppState>) {
    thread_local! {
        static OPENER: std::cell::RefCell<Option<browser::Worker>> = const { std::cell::RefCell::new(None) };
    }
    OPENER.with(|o| {
        if o.borrow().as_ref().is_none_or(browser::Worker::failed) {
            *o.borrow_mut() = browser::Worker::start(move |text| {
                let Ok(v) = serde_json::from_str::<Value>(&text) else {
                    return;
                };
                if let Ok(raw) =
                    serde_json::from_value::<gpsim_engine::RawPractice>(v["raw"].clone())
                {
                    dispatch.dispatch(Action::LoadForm(Box::new(Form::from_raw(&raw))));
                    if let Some(el) = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.get_element_by_id("editor-h"))
                    {
                        el.scroll_into_view();
                    }
                }
            });
        }
        if let Some(w) = o.borrow().as_ref() {
            w.send(&json!({"id": 1, "kind": "practice", "code": code}).to_string());
        }
    });
}
