//! Results: the rule sets chosen, the income under each, and the table of
//! payments line by line, each line able to explain itself.
//!
//! Length: the comparison table, its rows, the explanations and the gaps: one
//! view of one comparison.

use super::common::{
    aggregate_badge, change, change_pct, id_safe, on_check, on_select, pounds, status_badge,
};
use super::practice::Dispatch;
use crate::state::model::Computed;
use crate::state::{Action, CUSTOM};
use gpsim_engine::calc::{LineKind, Statement};
use gpsim_engine::compare::Row;
use gpsim_engine::explain::{explain, gap_value, Explanation};
use gpsim_engine::prepared::Prepared;
use gpsim_engine::Money;
use std::collections::HashSet;
use std::rc::Rc;
use yew::prelude::*;

/// Shares big derived data with components, compared by pointer.
#[derive(Clone)]
pub struct Shared<T>(pub Rc<T>);

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct ChooserProps {
    pub selected: Vec<String>,
    pub target: String,
    pub has_custom: bool,
    pub dispatch: Dispatch,
}

/// Which rule sets to compare, and which one the waterfall looks at.
#[component]
pub fn SetChooser(p: &ChooserProps) -> Html {
    let c = crate::rules::catalog();
    let mut options: Vec<(String, String, String)> = c
        .sets
        .iter()
        .map(|s| (s.id.to_string(), s.name.to_string(), s.period.to_string()))
        .collect();
    if p.has_custom || p.selected.iter().any(|s| s == CUSTOM) {
        options.push((
            CUSTOM.into(),
            "Custom scenario".into(),
            "Your edits below".into(),
        ));
    }
    let name = |id: &str| {
        options
            .iter()
            .find(|(i, _, _)| i == id)
            .map(|(_, n, _)| n.clone())
            .unwrap_or_default()
    };
    let d = p.dispatch.clone();
    let on_target = on_select(Callback::from(move |v: String| {
        d.dispatch(Action::SetTarget(v))
    }));
    html! {
        <div class="chooser">
            <fieldset class="fieldset">
                <legend class="fieldset-legend">{ "Contracts to compare" }</legend>
                <div class="hint" id="chooser-hint">{ "The first chosen is the baseline. Choose two or more." }</div>
                <span class="visually-hidden" id="chooser-two">{ "Two contracts must stay chosen: choose another before clearing this one." }</span>
                <div class="checkboxes checkboxes-inline">
                { for options.iter().map(|(id, n, period)| {
                    let checked = p.selected.contains(id);
                    let only_two = checked && p.selected.len() <= 2;
                    let d = p.dispatch.clone();
                    let idc = id.clone();
                    let cid = format!("set-{id}");
                    html! {
                        <div class="checkbox">
                            // A set that must stay chosen stays in the Tab order
                            // (a disabled box would be skipped, and a keyboard
                            // user would not learn why it cannot be cleared):
                            // it says so, and a click does not clear it.
                            <input class="checkbox-input" type="checkbox" id={cid.clone()} {checked}
                                aria-disabled={only_two.then_some("true")}
                                aria-describedby={if only_two { "chooser-hint chooser-two" } else { "chooser-hint" }}
                                onclick={Callback::from(move |e: MouseEvent| if only_two { e.prevent_default() })}
                                onchange={on_check(Callback::from(move |_: String| d.dispatch(Action::ToggleSet(idc.clone()))))} />
                            <label class="checkbox-label" for={cid} title={period.clone()}>{ n.clone() }</label>
                        </div>
                    }
                }) }
                </div>
            </fieldset>
            if p.selected.len() > 2 {
                <div class="form-group">
                    <label class="label" for="target">{ format!("Show where the money moved from {} to", name(&p.selected[0])) }</label>
                    <select class="select" id="target" onchange={on_target}>
                        { for p.selected.iter().skip(1).map(|id| html! { <option value={id.clone()} selected={*id == p.target}>{ name(id) }</option> }) }
                    </select>
                </div>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct CardsProps {
    pub computed: Shared<Computed>,
}

/// The headline: income under each rule set, and the change from the first.
#[component]
pub fn SummaryCards(p: &CardsProps) -> Html {
    let c = &p.computed.0;
    let Some(cmp) = &c.comparison else {
        return html! { <p class="inset">{ "Enter a registered list size to see results." }</p> };
    };
    let base = cmp.statements[0].total;
    let name = c
        .practice
        .as_ref()
        .and_then(|p| p.name.clone())
        .unwrap_or_else(|| "This practice".to_string());
    html! {
        <>
            <p class="lede" id="results-for">{ format!("{name}: income from the payments modelled, £ a year") }</p>
            <ul class="cards" aria-labelledby="results-for">
            { for cmp.statements.iter().zip(&c.sets).enumerate().map(|(i, (st, rs))| {
                let rs = rs.get();
                let delta = st.total - base;
                let dir = if delta > Money::ZERO { "up" } else if delta < Money::ZERO { "down" } else { "same" };
                html! {
                    <li class="card" data-rules={rs.id.to_string()}>
                        <h3 class="card-title">{ rs.name.to_string() }</h3>
                        <p class="card-total" data-total={st.total.to_pence_string()}>{ pounds(st.total) }</p>
                        if let Some(r) = c.ranges.totals.get(i).copied().flatten() {
                            <p class="card-range" data-low={r.low.to_pence_string()} data-high={r.high.to_pence_string()}>{ super::common::between_html(&r, false, "") }</p>
                        }
                        <p class="card-meta">{ format!("{} a registered patient", st.per_registered_patient.display_pence()) }</p>
                        if i > 0 {
                            <p class={classes!("card-change", dir)}>
                                <span class="visually-hidden">{ "Change on the baseline: " }</span>
                                { format!("{} ({})", change(delta), change_pct(delta, base)) }
                            </p>
                            if let Some(r) = c.ranges.changes.get(i).copied().flatten() {
                                <p class="card-range card-change-range" data-low={r.low.to_pence_string()} data-high={r.high.to_pence_string()}>{ super::common::between_html(&r, true, "change ") }</p>
                            }
                        } else {
                            <p class="card-change baseline">{ "Baseline" }</p>
                        }
                        if !st.gaps.is_empty() {
                            <p class="card-note">{ format!("{} in our data", super::common::count_of(st.gaps.len(), "gap", "gaps")) }</p>
                        }
                    </li>
                }
            }) }
            </ul>
            if c.ranges.totals.iter().any(Option::is_some) {
                <p class="cards-ranges-note">{ RANGES_NOTE }</p>
            }
        </>
    }
}

/// What the cards' ranges are, in a line under them.
pub const RANGES_NOTE: &str = "Each range: every uncertain figure in our rules data at the low or high end of its plausible range, and each gap in our data worth nothing or all its points. Your own entries are taken as given.";

#[derive(Properties, PartialEq)]
pub struct TableProps {
    pub computed: Shared<Computed>,
    pub expanded: Rc<std::collections::BTreeSet<String>>,
    pub explaining: Option<String>,
    pub dispatch: Dispatch,
}

fn kind_class(k: LineKind) -> &'static str {
    match k {
        LineKind::Component => "row-component",
        LineKind::Detail => "row-detail",
        LineKind::Area => "row-area",
        LineKind::Indicator => "row-indicator",
        LineKind::Timing => "row-timing",
        LineKind::Service => "row-service",
        LineKind::ServiceComponent => "row-service-component",
    }
}

/// The payments line by line. Components open to show their parts; every
/// line opens an explanation with the rule, the working and the sources.
#[component]
pub fn ComparisonTable(p: &TableProps) -> Html {
    let c = &p.computed.0;
    let Some(cmp) = &c.comparison else {
        return html! {};
    };
    let n = cmp.statements.len();
    let parents: HashSet<&str> = cmp
        .rows
        .iter()
        .filter_map(|r| r.parent.as_deref())
        .collect();
    // Visible rows: top level, and children of expanded rows whose own
    // parents are visible.
    let mut visible: Vec<&Row> = Vec::new();
    let mut open_path: Vec<(u8, bool)> = Vec::new();
    for r in &cmp.rows {
        while open_path.last().is_some_and(|(d, _)| *d >= r.depth) {
            open_path.pop();
        }
        let shown = open_path.iter().all(|(_, open)| *open);
        if shown {
            visible.push(r);
        }
        open_path.push((r.depth, shown && p.expanded.contains(&*r.id)));
    }
    let names: Vec<String> = c
        .sets
        .iter()
        .map(|s| s.get().short_name.to_string())
        .collect();
    let cols = 1 + n + (n - 1);
    let show_ranges = use_state(|| false);
    let on_ranges = {
        let show = show_ranges.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            show.set(el.checked());
        })
    };
    let span = |r: Option<gpsim_engine::ranges::Range>, f: fn(Money) -> String| {
        r.map(|r| format!("{} to {}", f(r.low), f(r.high)))
            .unwrap_or_else(|| "—".into())
    };
    html! {
        <>
        <div class="checkboxes table-options">
            <div class="checkbox">
                <input class="checkbox-input" type="checkbox" id="show-ranges" checked={*show_ranges} onchange={on_ranges} />
                <label class="label checkbox-label" for="show-ranges">{ "Show each total's range" }</label>
            </div>
        </div>
        <div class="table-scroll" role="region" aria-labelledby="table-caption" tabindex="0">
        <table class="table compare">
            <caption id="table-caption" class="table-caption">{ "Payments, £ a year. Open a line to see its parts; “Explain” shows the rule, the working and the sources." }</caption>
            <thead>
                <tr>
                    <th scope="col">{ "Payment" }</th>
                    { for names.iter().map(|n| html! { <th scope="col" class="num">{ n.clone() }</th> }) }
                    { for names.iter().skip(1).map(|n| html! { <th scope="col" class="num">{ format!("Change to {n}") }</th> }) }
                </tr>
            </thead>
            <tbody>
            { for visible.iter().map(|r| {
                let has_children = parents.contains(&*r.id);
                let expanded = p.expanded.contains(&*r.id);
                let dom = id_safe(&r.id);
                let explaining = p.explaining.as_deref() == Some(&*r.id);
                let d1 = p.dispatch.clone();
                let id1 = r.id.to_string();
                let d2 = p.dispatch.clone();
                let id2 = r.id.to_string();
                let toggle = Callback::from(move |_: MouseEvent| d1.dispatch(Action::ToggleRow(id1.clone())));
                let explain_cb = Callback::from(move |_: MouseEvent| d2.dispatch(Action::Explain(if explaining { None } else { Some(id2.clone()) })));
                html! {
                    <>
                    <tr class={classes!(kind_class(r.kind), format!("depth-{}", r.depth))} id={format!("row-{dom}")}>
                        <th scope="row" class="row-label">
                            <span class="row-indent">
                            if has_children {
                                <button type="button" class="toggle" aria-expanded={expanded.to_string()} onclick={toggle}>
                                    <span class="toggle-icon" aria-hidden="true">{ if expanded { "▾" } else { "▸" } }</span>
                                    { r.label.to_string() }
                                </button>
                            } else {
                                <span class="row-text">{ r.label.to_string() }</span>
                            }
                            { if matches!(r.kind, LineKind::Indicator | LineKind::ServiceComponent | LineKind::Detail) { status_badge(r.status, false) } else { aggregate_badge(r.status) } }
                            <button type="button" class="explain-button" aria-expanded={explaining.to_string()}
                                aria-controls={format!("explain-{dom}")} onclick={explain_cb}>
                                { if explaining { "Hide" } else { "Explain" } }<span class="visually-hidden">{ format!(": {}", r.label) }</span>
                            </button>
                            </span>
                        </th>
                        { for r.cells.iter().map(|cell| {
                            let pts = match (r.kind, cell.points) {
                                (LineKind::Area | LineKind::Indicator, Some(pt)) => Some(format!("{} pts", pt.display())),
                                _ => None,
                            };
                            html! {
                                <td class="num">
                                    { cell.amount.map(pounds).unwrap_or_else(|| "—".into()) }
                                    if let Some(pt) = pts { <span class="points">{ pt }</span> }
                                </td>
                            }
                        }) }
                        { for r.cells.iter().skip(1).map(|cell| {
                            let ch = cell.change.unwrap_or(Money::ZERO);
                            let cls = if ch.round_pounds() > Money::ZERO { "num up" } else if ch.round_pounds() < Money::ZERO { "num down" } else { "num" };
                            html! { <td class={cls}>{ cell.change.map(change).unwrap_or_default() }</td> }
                        }) }
                    </tr>
                    if explaining {
                        <tr class="explain-row" id={format!("explain-{dom}")}>
                            <td colspan={cols.to_string()}>{ explanations(c, &r.id) }</td>
                        </tr>
                    }
                    </>
                }
            }) }
            </tbody>
            <tfoot>
                { foot_row(&cmp.statements, "Total", Some("row-total"), |s| s.total, (pounds, change)) }
                if *show_ranges {
                    <tr class="row-range" id="row-range">
                        <th scope="row">{ "Range of the total" }<span class="hint">{ " (every uncertain figure at an end of its range)" }</span></th>
                        { for (0..n).map(|i| html! { <td class="num">{ span(c.ranges.totals.get(i).copied().flatten(), pounds) }</td> }) }
                        { for (1..n).map(|i| html! { <td class="num">{ span(c.ranges.changes.get(i).copied().flatten(), change) }</td> }) }
                    </tr>
                }
                { foot_row(&cmp.statements, "£ a registered patient", None, |s| s.per_registered_patient, (Money::display_pence, Money::display_change_pence)) }
                { foot_row(&cmp.statements, "£ a weighted patient", None, |s| s.per_weighted_patient, (Money::display_pence, Money::display_change_pence)) }
            </tfoot>
        </table>
        </div>
        </>
    }
}

/// How a figure shows, and how its change shows.
type Shows = (fn(Money) -> String, fn(Money) -> String);

/// A footer row: one figure of each statement, then its change from the first.
fn foot_row(
    statements: &[Statement],
    label: &str,
    class: Option<&'static str>,
    get: fn(&Statement) -> Money,
    // How a figure and a change show: a patient's in pence (+£0.78, not
    // "+£1"), a total's in whole pounds.
    (show, show_change): Shows,
) -> Html {
    let base = statements.first().map(get).unwrap_or(Money::ZERO);
    html! {
        <tr class={class}>
            <th scope="row">{ label.to_string() }</th>
            { for statements.iter().map(|s| html! { <td class="num">{ show(get(s)) }</td> }) }
            { for statements.iter().skip(1).map(|s| html! { <td class="num">{ show_change(get(s) - base) }</td> }) }
        </tr>
    }
}

/// The explanation of one line under each rule set that has it.
fn explanations(c: &Computed, id: &str) -> Html {
    let catalog = crate::rules::catalog();
    let (Some(cmp), Some(p)) = (&c.comparison, &c.practice) else {
        return html! {};
    };
    // Each set's own line on the row: an indicator joined with its
    // successor has a different line in each set.
    let row = cmp.rows.iter().find(|r| &*r.id == id);
    html! {
        <div class="explanations">
        { for cmp.statements.iter().zip(&c.sets).enumerate().filter_map(|(k, (st, rs))| {
            let own = row.and_then(|r| r.lines.get(k).cloned().flatten());
            let line = st.line(own.as_deref().unwrap_or(id))?;
            let e = explain(catalog, &Prepared::new(rs.get()), p, line);
            Some(explanation_view(&e, line.amount))
        }) }
        </div>
    }
}

fn explanation_view(e: &Explanation, amount: Money) -> Html {
    // Research notes: the line's own, then each figure's, named.
    let research: Vec<String> = e
        .research
        .iter()
        .cloned()
        .chain(
            e.figures
                .iter()
                .filter_map(|f| f.note.as_ref().map(|n| format!("{}: {n}", f.label))),
        )
        .collect();
    html! {
        <section class="explanation">
            <h3 class="explanation-title">{ e.title.clone() }{ ": " }<span class="explanation-amount">{ amount.display_pence() }</span></h3>
            <p class="formula">{ e.formula.clone() }</p>
            if let Some(w) = &e.working { <p class="working"><span class="visually-hidden">{ "Working: " }</span><code>{ w.clone() }</code></p> }
            if !e.inputs.is_empty() {
                <dl class="inputs">
                { for e.inputs.iter().map(|(k, v)| html! { <><dt>{ k.clone() }</dt><dd>{ v.clone() }</dd></> }) }
                </dl>
            }
            if !e.figures.is_empty() {
                <h4 class="figures-title">{ "Rule figures used" }</h4>
                <ul class="figure-uses">
                { for e.figures.iter().map(|f| html! {
                    <li class="figure-use">
                        <span class="figure-name">{ f.label.clone() }{ ": " }</span>
                        <strong>{ f.value.clone() }</strong>
                        { status_badge(f.status, true) }
                        if let Some(p) = &f.published { <span class="edited">{ format!(" Edited; published {p}.") }</span> }
                        <span class="source">
                            { " Source: " }
                            { match &f.source {
                                Some(s) => html! {
                                    <>
                                    if let Some(u) = &s.url {
                                        <a href={u.clone()} rel="noopener noreferrer external" target="_blank">{ s.title.clone() }<span class="visually-hidden">{ " (opens in a new tab)" }</span></a>
                                    } else {
                                        <span>{ s.title.clone() }</span>
                                    }
                                    { format!(", {}, {}.", s.publisher, s.date) }
                                    </>
                                },
                                None => html! { { "not recorded." } },
                            } }
                            if let Some(l) = &f.locator { <span class="locator">{ format!(" Where: {l}.") }</span> }
                        </span>
                    </li>
                }) }
                </ul>
            }
            if !e.notes.is_empty() {
                <ul class="notes">{ for e.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
            }
            if !research.is_empty() {
                <details class="research-notes">
                    <summary>{ format!("Research notes ({})", research.len()) }</summary>
                    <p class="research-intro">{ "Our researchers' working notes on where these figures come from, as written, with their shorthand. The status beside each figure says how sure it is." }</p>
                    <ul>{ for research.iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
                </details>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct GapsProps {
    pub computed: Shared<Computed>,
}

/// Gaps in our data: shown, never hidden, each with its estimate and range.
#[component]
pub fn Gaps(p: &GapsProps) -> Html {
    let c = &p.computed.0;
    let Some(cmp) = &c.comparison else {
        return html! {};
    };
    let total: usize = cmp.statements.iter().map(|s| s.gaps.len()).sum();
    let warnings: Vec<String> = {
        let mut w: Vec<String> = c.warnings.iter().map(|w| w.message.clone()).collect();
        for s in &cmp.statements {
            for x in &s.warnings {
                if !w.contains(x) {
                    w.push(x.clone());
                }
            }
        }
        w
    };
    html! {
        <section class="gaps" aria-labelledby="gaps-h">
            <h2 id="gaps-h">{ "Gaps in our data, and warnings" }</h2>
            <p>{ "Where our sources give no figure, we cannot work out the payment it governs. Where the points at stake are known, the totals pay them at an estimate, on lines marked “Estimate for a gap in our data”: your own share of the points you earn on the indicators we can pay in the same domain. Each is listed here with what it could be worth, from £0 (none earned) to all of it. You can supply a figure in the scenario editor." }</p>
            if !warnings.is_empty() {
                <ul class="warnings">{ for gpsim_engine::calc::notices::group(&warnings).into_iter().map(|g| if g.items.is_empty() {
                    html! { <li>{ g.summary }</li> }
                } else {
                    html! {
                        <li>
                            <details class="warning-group">
                                <summary>{ g.summary }</summary>
                                <ul>{ for g.items.into_iter().map(|i| html! { <li>{ i }</li> }) }</ul>
                            </details>
                        </li>
                    }
                }) }</ul>
            }
            if total == 0 {
                <p>{ "No gaps in the rule sets compared." }</p>
            }
            { for cmp.statements.iter().zip(&c.sets).filter(|(s, _)| !s.gaps.is_empty()).map(|(s, rs)| html! {
                <details class="gap-set">
                    <summary>{ format!("{}: {}", rs.get().name, super::common::count_of(s.gaps.len(), "gap", "gaps")) }</summary>
                    <ul>{ for s.gaps.iter().map(|g| html! { <li>{ format!("{} ({})", g.message, gap_value(g)) }</li> }) }</ul>
                </details>
            }) }
        </section>
    }
}
