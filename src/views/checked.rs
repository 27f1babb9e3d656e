//! "How we checked": every published check the model reproduces, run live
//! in the browser with the same engine, the published figure beside ours
//! and the source, and whether it passes. The worked examples
//! (`crates/engine/tests/cases/authoritative.toml`, compiled in by
//! `build.rs` as JSON) run as soon as the section opens; the calibration
//! against the 2014/15 payments runs the whole population in the national
//! worker, on request, and compares its totals with the published ones
//! (`national::PUBLISHED_2014_15`, the same figures and tolerances the
//! engine's tests hold it to).

use super::common::{on_toggle, pounds};
use crate::browser;
use crate::national::RunReply;
use gpsim_engine::checks::{Case, Checked};
use gpsim_engine::national::{published_checks, PublishedCheck};
use gpsim_engine::Money;
use std::rc::Rc;
use yew::prelude::*;

/// The worked examples, as `build.rs` wrote them.
fn cases() -> Result<Vec<Case>, String> {
    serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/checks.json")))
        .map_err(|e| format!("The checks could not be read: {e}."))
}

/// Each case run: its result, or why it could not run.
type Ran = Vec<(Case, Result<Vec<Checked>, String>)>;

fn run_all() -> Result<Ran, String> {
    let catalog = crate::rules::catalog();
    Ok(cases()?
        .into_iter()
        .map(|c| {
            let r = gpsim_engine::checks::run(catalog, &c);
            (c, r)
        })
        .collect())
}

fn verdict(pass: bool) -> Html {
    if pass {
        html! { <span class="badge badge-verified check-pass">{ "pass" }</span> }
    } else {
        html! { <span class="badge badge-notfound check-fail">{ "fail" }</span> }
    }
}

/// The state of the calibration run.
#[derive(Clone)]
enum Calibration {
    Idle,
    Running,
    Done(Rc<Vec<PublishedCheck>>, f64),
    Failed(String),
}

#[component]
pub fn HowWeChecked() -> Html {
    let open = use_state(|| false);
    let ran = use_memo(*open, |open| open.then(run_all));
    let calibration = use_state(|| Calibration::Idle);
    let worker = use_mut_ref(|| None::<browser::Worker>);
    let run_calibration = {
        let (calibration, worker) = (calibration.clone(), worker.clone());
        Callback::from(move |_: MouseEvent| {
            let started = browser::now();
            let c = calibration.clone();
            let w = browser::Worker::start(move |text| {
                let reply: Option<RunReply> = serde_json::from_str(&text).ok();
                c.set(match reply {
                    Some(RunReply {
                        ok: true,
                        summary: Some(s),
                        ..
                    }) => match published_checks(&s) {
                        Some(checks) => {
                            Calibration::Done(Rc::new(checks), browser::now() - started)
                        }
                        None => Calibration::Failed("The run was not to 2014/15.".into()),
                    },
                    Some(r) => Calibration::Failed(
                        r.error.unwrap_or_else(|| "The national run failed.".into()),
                    ),
                    None => {
                        Calibration::Failed("The national run's answer could not be read.".into())
                    }
                });
            });
            let request =
                serde_json::json!({"id": 1, "kind": "run", "from": "2013-14", "to": "2014-15"});
            let sent = w.as_ref().is_some_and(|w| w.send(&request.to_string()));
            *worker.borrow_mut() = w;
            calibration.set(if sent {
                Calibration::Running
            } else {
                Calibration::Failed(
                    "This browser would not start the run (Web Workers are needed).".into(),
                )
            });
        })
    };
    let examples = match ran.as_ref() {
        None => html! {},
        Some(Err(e)) => html! { <p class="error-message">{ e.clone() }</p> },
        Some(Ok(ran)) => {
            let passed = ran
                .iter()
                .filter(|(_, r)| r.as_ref().is_ok_and(|r| r.iter().all(|x| x.pass)))
                .count();
            html! {
                <>
                <p id="checks-summary" data-passed={passed.to_string()} data-cases={ran.len().to_string()}>
                    { format!("{passed} of {} published worked examples reproduce, run just now in this browser.", ran.len()) }
                </p>
                <ol class="checks">
                { for ran.iter().map(|(c, r)| html! {
                    <li class="check" id={format!("check-{}", c.id)}>
                        <p>{ c.what.clone() }</p>
                        { match r {
                            Err(e) => html! { <p>{ verdict(false) }{ format!(" {e}") }</p> },
                            Ok(rows) => html! { <>{ for rows.iter().map(|x| html! {
                                <p class="check-line">
                                    { verdict(x.pass) }
                                    { format!(" Published {}; ours {} ({}).", x.published, x.ours.map(Money::display_pence).unwrap_or_else(|| "no such line".into()), x.line) }
                                </p>
                            }) }</> },
                        } }
                        <p class="hint">{ "Source: " }<a href={c.source.clone()} rel="noopener noreferrer">{ c.source.clone() }</a></p>
                    </li>
                }) }
                </ol>
                </>
            }
        }
    };
    let calibrated = match &*calibration {
        Calibration::Idle => html! {
            <button type="button" class="button button-secondary" id="run-calibration" onclick={run_calibration}>
                { "Run the national check (fetches the national data once)" }
            </button>
        },
        Calibration::Running => {
            html! { <p role="status" id="calibration-running">{ "Running every practice under 2014/15…" }</p> }
        }
        Calibration::Failed(e) => html! { <p class="error-message" role="alert">{ e.clone() }</p> },
        Calibration::Done(rows, ms) => html! {
            <div id="calibration-results" data-ms={format!("{ms:.0}")} data-passed={rows.iter().filter(|r| r.pass).count().to_string()}>
                <ul class="checks">
                { for rows.iter().map(|r| {
                    let show = |d: rust_decimal::Decimal| if r.what.ends_with('£') { pounds(Money(d)) } else { gpsim_engine::money::round_half_up(d, 1).to_string() };
                    html! {
                        <li class="check">
                            <p>{ verdict(r.pass) }<strong>{ format!(" {}", r.what.trim_end_matches(", £")) }</strong>
                                { format!(": published {}, ours {}, {}% apart (within {}% passes).", show(r.published), show(r.ours), r.off_percent, r.tolerance_percent.normalize()) }</p>
                            <p class="hint">{ format!("Why the tolerance: {} Source: {}.", r.why, r.source) }</p>
                        </li>
                    }
                }) }
                </ul>
            </div>
        },
    };
    html! {
        <details class="section-details how-checked" id="how-checked" ontoggle={on_toggle(&open)}>
            <summary><span class="summary-text">{ "How we checked" }</span></summary>
            if *open {
                <p>{ "Every published figure the model reproduces, worked out again now, in this browser, by the same engine that gives your results. These are the engine's own tests, shown to the people who rely on them." }</p>
                <h3>{ "Published worked examples" }</h3>
                { examples }
                <h3>{ "Against what was paid in 2014/15" }</h3>
                <p>{ "Every practice in England under the 2014/15 rules, added up and set beside the national totals published for the year." }</p>
                { calibrated }
            }
        </details>
    }
}

#[cfg(test)]
mod tests {
    /// The page carries every authoritative case the engine's tests run,
    /// exactly, and every one passes here as it does there.
    #[test]
    fn the_page_runs_every_authoritative_case_and_each_passes() {
        let toml = include_str!("../../crates/engine/tests/cases/authoritative.toml");
        let want = gpsim_engine::checks::parse(toml).unwrap();
        assert_eq!(super::cases().unwrap(), want);
        let ran = super::run_all().unwrap();
        assert_eq!(ran.len(), want.len());
        for (c, r) in ran {
            let r = r.unwrap_or_else(|e| panic!("{e}"));
            assert!(!r.is_empty() && r.iter().all(|x| x.pass), "{}: {r:?}", c.id);
        }
    }
}
