//! Prose results: what it would take to match the baseline, what changed
//! between the rule sets, and the page's footer.

use super::common::status_badge;
use super::results::Shared;
use crate::state::model::Computed;
use gpsim_engine::figure::Status;
use gpsim_engine::rules::diff::IndicatorRef;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NotesProps {
    pub computed: Shared<Computed>,
}

/// One sentence from the engine's break-even search.
#[component]
pub fn BreakEvenNote(p: &NotesProps) -> Html {
    let Some(be) = &p.computed.0.breakeven else {
        return html! {};
    };
    html! {
        <section class="breakeven" aria-labelledby="be-h">
            <h2 id="be-h">{ "What would it take?" }</h2>
            <p class="breakeven-text" id="breakeven-text">{ be.sentence() }</p>
            <p class="hint">{ "Taking up an enhanced service assumes its activity as entered; raising QOF achievement closes the same share of the gap to full points on every indicator." }</p>
        </section>
    }
}

/// The plain-English list of changes, generated from the rules data.
#[component]
pub fn WhatChanged(p: &NotesProps) -> Html {
    let Some(d) = &p.computed.0.changes else {
        return html! {};
    };
    html! {
        <section class="changes" aria-labelledby="changes-h">
            <h2 id="changes-h">{ format!("What changed: {} to {}", d.from_name, d.to_name) }</h2>
            <ul class="list-bullet">{ for d.sentences().into_iter().map(|s| html! { <li>{ s }</li> }) }</ul>
            if !d.retired.is_empty() || !d.added.is_empty() {
                <details>
                    <summary>{ "The indicators, one by one" }</summary>
                    { indicator_list("Retired", &d.retired) }
                    { indicator_list("New", &d.added) }
                    if !d.thresholds.is_empty() {
                        <h3>{ "Thresholds" }</h3>
                        <ul class="list-plain">{ for d.thresholds.iter().map(|t| {
                            let f = |v: Option<rust_decimal::Decimal>| v.map(|v| v.normalize().to_string()).unwrap_or_else(|| "?".into());
                            html! { <li>{ format!("{} → {}: {}–{}% → {}–{}%", t.from, t.to, f(t.lower_from), f(t.upper_from), f(t.lower_to), f(t.upper_to)) }</li> }
                        }) }</ul>
                    }
                </details>
            }
        </section>
    }
}

/// A headed list of indicators, or nothing when there are none.
fn indicator_list(title: &str, list: &[IndicatorRef]) -> Html {
    if list.is_empty() {
        return html! {};
    }
    let points = |p: Option<rust_decimal::Decimal>| {
        p.map(|p| format!("{} points", gpsim_engine::Points(p)))
            .unwrap_or_else(|| "points not found".into())
    };
    html! {
        <>
            <h3>{ title.to_string() }</h3>
            <ul class="list-plain">{ for list.iter().map(|i| html! { <li>{ format!("{} ({}): {}, {}", i.code, i.area, i.description, points(i.points)) }</li> }) }</ul>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct FooterProps {
    pub millis: f64,
    pub sets: usize,
}

/// Trust and privacy: the status words, where the data comes from, timing.
#[component]
pub fn Footer(p: &FooterProps) -> Html {
    let c = crate::rules::catalog();
    let totals = gpsim_engine::rules::status_totals(c);
    html! {
        <footer class="footer" role="contentinfo">
            <div class="width-container">
                <h2>{ "About these figures" }</h2>
                <p>{ "Every rule figure has a source and a status. Open “Explain” on any line to see them." }</p>
                <dl class="status-legend">
                    { for Status::ALL.iter().map(|s| html! {
                        <div class="status-item">
                            <dt>{ status_badge(*s, true) }</dt>
                            <dd>{ s.meaning() }{ format!(" ({} figures across the rule sets.)", totals.get(s).copied().unwrap_or(0)) }</dd>
                        </div>
                    }) }
                </dl>
                <p>{ "The rules were researched from the Department of Health's proposals of October and December 2012, NHS Employers and BMA guidance as reported, the trade press, and the official HSCIC QOF 2014/15 workbook (which settles the 2014/15 indicator list and the 2013/14 area totals); per-practice data from NHS Payments to General Practice, England, 2014/15 (Health and Social Care Information Centre, Open Government Licence v3.0). Presets are illustrative, not real practices." }</p>
                <p class="privacy"><strong>{ "Privacy: " }</strong>{ "everything runs in your browser. Nothing you enter leaves this device, and the page loads nothing from anywhere else." }</p>
                <p class="timing" id="compute-time" data-ms={format!("{:.3}", p.millis)}>
                    { format!("Last recalculation: {:.1} ms for {} rule sets, in your browser.", p.millis, p.sets) }
                </p>
            </div>
        </footer>
    }
}
