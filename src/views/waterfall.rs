//! Where the money moved: the waterfall of named causes from the baseline
//! to the chosen rule set. The chart is a table whose rows carry the bars,
//! so the figures behind the chart are always there in text.

use super::common::{change, pounds};
use super::results::Shared;
use crate::state::model::Computed;
use gpsim_engine::compare::{Cause, Waterfall};
use gpsim_engine::Money;
use rust_decimal::Decimal;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WaterfallProps {
    pub computed: Shared<Computed>,
    /// Whether the page lists the gaps in our data below the chart (the
    /// embed does not; it links to the full simulator instead).
    #[prop_or(true)]
    pub gaps_listed: bool,
}

/// One drawn step: its cause, label, the running change before and after
/// it, and its amount.
pub type Bar = (Cause, &'static str, Decimal, Decimal, Money);

/// The steps worth drawing (those that move at least a pound), the causes
/// with no effect, and the scale's ends. Shared by the page and the SVG
/// download, so both draw the same chart.
pub struct Bars {
    pub bars: Vec<Bar>,
    pub quiet: Vec<&'static str>,
    pub lo: Decimal,
    pub hi: Decimal,
}

impl Bars {
    pub fn of(w: &Waterfall) -> Bars {
        // Running change from the baseline before and after each step.
        let mut running = Decimal::ZERO;
        let mut bars: Vec<Bar> = Vec::new();
        let mut quiet: Vec<&'static str> = Vec::new();
        for s in &w.steps {
            let before = running;
            running += s.amount.0;
            if s.amount.round_pounds().is_zero() {
                if s.cause != Cause::Other {
                    quiet.push(s.label);
                }
                continue;
            }
            bars.push((s.cause, s.label, before, running, s.amount));
        }
        let total = w.total_change.0;
        let mut lo = Decimal::ZERO.min(total);
        let mut hi = Decimal::ZERO.max(total);
        for (_, _, a, b, _) in &bars {
            lo = lo.min(*a).min(*b);
            hi = hi.max(*a).max(*b);
        }
        Bars {
            bars,
            quiet,
            lo,
            hi,
        }
    }
}

/// Position of `v` on a scale from `lo` to `hi`, as a percentage to two
/// places. Decimal, not floating point, so the page's module carries no
/// float formatting.
pub fn at(v: Decimal, lo: Decimal, hi: Decimal) -> Decimal {
    if hi == lo {
        return Decimal::ZERO;
    }
    ((v - lo) / (hi - lo) * Decimal::ONE_HUNDRED)
        .round_dp(2)
        .clamp(Decimal::ZERO, Decimal::ONE_HUNDRED)
}

#[component]
pub fn WaterfallChart(p: &WaterfallProps) -> Html {
    let c = &p.computed.0;
    let Some(w) = &c.waterfall else {
        return html! {};
    };
    let from = c.set_name(&w.from);
    let to = c.set_name(&w.to);
    let Bars {
        bars,
        quiet,
        lo,
        hi,
    } = Bars::of(w);
    let total = w.total_change.0;
    let zero = at(Decimal::ZERO, lo, hi);
    // The thinnest bar drawn (0.4% of the track), and half the zero line.
    const MIN_BAR: Decimal = Decimal::from_parts(4, 0, 0, false, 1);
    const HALF_ZERO_LINE: Decimal = Decimal::from_parts(25, 0, 0, false, 2);
    // Drawn in SVG with geometry as attributes, not inline styles, so the
    // page's Content-Security-Policy needs no 'unsafe-inline' for styles.
    let bar = |a: Decimal, b: Decimal, up: bool| {
        let (x0, x1) = (at(a.min(b), lo, hi), at(a.max(b), lo, hi));
        html! {
            <svg class="wf-track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                <rect class="wf-bg" x="0" y="0" width="100" height="10"></rect>
                <rect class={if up { "wf-up" } else { "wf-down" }} x={x0.to_string()} y="0" width={(x1 - x0).max(MIN_BAR).to_string()} height="10"></rect>
                <rect class="wf-zero" x={(zero - HALF_ZERO_LINE).max(Decimal::ZERO).to_string()} y="0" width="0.5" height="10"></rect>
            </svg>
        }
    };
    html! {
        <section class="waterfall" aria-labelledby="wf-h">
            <h2 id="wf-h">{ "Where the money moved" }</h2>
            <p class="lede">
                { format!("From {from} ({}) to {to} ({}): ", pounds(w.from_total), pounds(w.to_total)) }
                <strong>{ change(w.total_change) }</strong>{ " a year." }
            </p>
            <table class="table wf-table">
                <caption class="visually-hidden">{ format!("Causes of the change from {from} to {to}, £ a year, each step in order") }</caption>
                <thead>
                    <tr><th scope="col">{ "Cause" }</th><th scope="col" class="wf-chart-col"><span class="visually-hidden">{ "Bar" }</span></th><th scope="col" class="num">{ "£ a year" }</th></tr>
                </thead>
                <tbody>
                { for bars.iter().map(|(cause, label, a, b, amount)| html! {
                    <tr class={ if *cause == Cause::DataGaps { "wf-gap" } else { "" } }>
                        <th scope="row">
                            { *label }
                            <span class="wf-desc">{ cause.description() }</span>
                            if let Some(r) = w.steps.iter().find(|s| s.cause == *cause).and_then(|s| s.range) {
                                <span class="wf-range">{ format!("Could be {} to {}, as our estimates for gaps could be off.", change(r.low), change(r.high)) }</span>
                            }
                        </th>
                        <td class="wf-chart-col">{ bar(*a, *b, amount.0 > Decimal::ZERO) }</td>
                        <td class={classes!("num", if amount.0 > Decimal::ZERO { "up" } else { "down" })}>{ change(*amount) }</td>
                    </tr>
                }) }
                </tbody>
                <tfoot>
                    <tr class="row-total">
                        <th scope="row">{ "Total change" }</th>
                        <td class="wf-chart-col">{ bar(Decimal::ZERO, total, total > Decimal::ZERO) }</td>
                        <td class="num">{ change(w.total_change) }</td>
                    </tr>
                </tfoot>
            </table>
            if !quiet.is_empty() {
                <p class="hint">{ format!("No effect here: {}.", quiet.join("; ")) }</p>
            }
            if bars.iter().any(|(c, ..)| *c == Cause::DataGaps) {
                <p class="inset">{ "“Gaps in our data” is not a contract change. Where our earlier-year sources give no figure, that year pays the points at an estimate (your own share of points earned in the same domain); this step is what the later year's figures pay instead, so it is close to zero, with the range our estimate could be off by." }{ if p.gaps_listed { " See the gaps listed below." } else { " The full simulator lists the gaps." } }</p>
            }
        </section>
    }
}
