//! The scenario editor: change any rule figure of a published rule set and
//! compare the result with the published sets; reset any figure.

use super::common::{id_safe, on_select, on_text, on_toggle, status_badge};
use super::practice::Dispatch;
use crate::state::{Action, Scenario};
use gpsim_engine::figure::Figure;
use gpsim_engine::rules::Loc;
use gpsim_engine::RuleSet;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ScenarioProps {
    pub scenario: Rc<Scenario>,
    pub errors: Rc<BTreeMap<String, String>>,
    pub dispatch: Dispatch,
    /// A figure to open and focus (the "How sure" panel's), with a count
    /// that makes each request new.
    #[prop_or_default]
    pub focus: Option<(u64, String)>,
}

/// The group a figure is shown in, by its typed location.
fn group_of(loc: &Loc) -> &'static str {
    match loc {
        Loc::Indicator(..) | Loc::Pool(..) => "indicators",
        Loc::ServiceRate(..) | Loc::Component(..) => "services",
        Loc::ReinvestPoints | Loc::ReinvestWeight(..) => "reinvestment",
        Loc::Prevalence(..) => "prevalence",
        Loc::Domain(..) | Loc::Area(..) => "totals",
        Loc::Qof(field, _) if field.starts_with("official_") => "totals",
        Loc::Qof(..) | Loc::Funding(..) => "prices",
    }
}

const GROUPS: [(&str, &str, &str); 6] = [
    ("prices", "Prices: point value, list-size divisor, global sum, MPIG", "The figures that set most of the money."),
    ("reinvestment", "How the savings are reinvested", "The QOF points whose value is reinvested and how it is shared out. Weights are relative: a service's share is its weight over all weights; give the global sum a weight to put money into core funding."),
    ("services", "Enhanced service rates", "What each service pays."),
    ("indicators", "QOF indicators: points and thresholds", "Points, lower and upper thresholds for every indicator, by clinical area."),
    ("prevalence", "National prevalence", "The national figure each register is compared with. Enter one that was not found to adjust for your register."),
    ("totals", "Official totals", "Published domain and area totals, used to report where our indicator table falls short of them."),
];

#[component]
pub fn ScenarioEditor(p: &ScenarioProps) -> Html {
    let c = crate::rules::catalog();
    let Some(base) = c.get(&p.scenario.base) else {
        return html! {};
    };
    let d = p.dispatch.clone();
    let on_base = on_select(Callback::from(move |v: String| {
        d.dispatch(Action::SetScenarioBase(v))
    }));
    let d = p.dispatch.clone();
    let reset_all = Callback::from(move |_: MouseEvent| d.dispatch(Action::ResetAllEdits));
    let edits = p.scenario.edits.len();
    let present: BTreeSet<&str> = base
        .located_figures()
        .iter()
        .map(|(loc, _)| group_of(loc))
        .collect();
    // The figure asked for: its group opens (below), then its field takes
    // the focus once drawn.
    use_effect_with(p.focus.clone(), |focus| {
        let timer = focus.as_ref().and_then(|(_, path)| {
            let id = format!("sc-{}", id_safe(path));
            crate::browser::after(60, move || crate::browser::focus_and_show(&id))
        });
        move || drop(timer)
    });
    let focus = p.focus.as_ref().map(|(_, path)| path.clone());
    html! {
        <section class="scenario" aria-labelledby="sc-h" id="scenario">
            <h2 id="sc-h">{ "Build your own scenario" }</h2>
            <p>{ "Change any rule figure of a published rule set. Your scenario appears as “Custom scenario” in the comparison. Figures marked uncertain or not found are the ones most worth checking." }</p>
            <div class="form-group">
                <label class="label" for="sc-base">{ "Start from" }</label>
                <div class="hint" id="sc-base-hint">{ "Changing this clears your edits." }</div>
                <select class="select" id="sc-base" aria-describedby="sc-base-hint" onchange={on_base}>
                    { for c.sets.iter().map(|s| html! { <option value={s.id.to_string()} selected={*s.id == *p.scenario.base}>{ s.name.to_string() }</option> }) }
                </select>
            </div>
            if edits > 0 {
                <p>
                    { format!("{} edited. ", super::common::count_of(edits, "figure", "figures")) }
                    <button type="button" class="button button-secondary" onclick={reset_all}>{ "Reset every figure" }</button>
                </p>
            }
            if let Some(e) = p.errors.get("") { <p class="error-message">{ e.clone() }</p> }
            { for GROUPS.iter().filter(|(g, _, _)| present.contains(g)).map(|(g, title, hint)| html! {
                <FigureGroup group={*g} title={*title} hint={*hint} base={p.scenario.base.clone()} scenario={p.scenario.clone()} errors={p.errors.clone()} dispatch={p.dispatch.clone()} focus={focus.clone()} />
            }) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct GroupProps {
    pub group: &'static str,
    pub title: &'static str,
    pub hint: &'static str,
    pub base: String,
    pub scenario: Rc<Scenario>,
    pub errors: Rc<BTreeMap<String, String>>,
    pub dispatch: Dispatch,
    pub focus: Option<String>,
}

/// One group of figures. Its rows are only built while it is open.
#[component]
pub fn FigureGroup(p: &GroupProps) -> Html {
    let open = use_state(|| false);
    let Some(base) = crate::rules::catalog().get(&p.base) else {
        return html! {};
    };
    let located: Vec<(Loc, &Figure)> = base
        .located_figures()
        .into_iter()
        .filter(|(loc, _)| group_of(loc) == p.group)
        .collect();
    let figures: Vec<&Figure> = located.iter().map(|(_, f)| *f).collect();
    let focused = p
        .focus
        .as_ref()
        .filter(|path| figures.iter().any(|f| f.path() == path.as_str()))
        .cloned();
    {
        let open = open.clone();
        use_effect_with(focused.clone(), move |f| {
            if f.is_some() && !*open {
                open.set(true);
            }
        });
    }
    let edited = figures
        .iter()
        .filter(|f| p.scenario.edits.contains_key(f.path()))
        .count();
    let ontoggle = on_toggle(&open);
    html! {
        <details class="section-details" {ontoggle} open={*open}>
            <summary><span class="summary-text">{ p.title }{ if edited > 0 { format!(" ({edited} edited)") } else { String::new() } }</span></summary>
            if *open {
                <p class="hint">{ p.hint }</p>
                if p.group == "indicators" {
                    { indicator_areas(base, &located, p, focused.as_deref()) }
                } else {
                    <div class="figure-list">{ for figures.iter().map(|f| figure_row(f, p)) }</div>
                }
            }
        </details>
    }
}

fn indicator_areas(
    base: &RuleSet,
    located: &[(Loc, &Figure)],
    p: &GroupProps,
    focused: Option<&str>,
) -> Html {
    // The area each indicator's and pool's figures belong to.
    let area_of = |loc: &Loc| match loc {
        Loc::Indicator(id, ..) => base
            .qof
            .indicators
            .iter()
            .find(|i| i.id == *id)
            .map(|i| i.area),
        Loc::Pool(id, _) => base
            .qof
            .pools
            .iter()
            .find(|pl| pl.id == *id)
            .map(|pl| pl.area),
        _ => None,
    };
    html! {
        { for base.qof.areas.iter().enumerate().map(|(ai, area)| {
            let mine: Vec<&Figure> = located.iter().filter(|(loc, _)| area_of(loc) == Some(ai)).map(|(_, f)| *f).collect();
            let holds = focused.is_some_and(|path| mine.iter().any(|f| f.path() == path));
            html! {
                <details class="area-details" open={holds}>
                    <summary>{ area.name.to_string() }</summary>
                    <div class="figure-list">{ for mine.iter().map(|f| figure_row(f, p)) }</div>
                </details>
            }
        }) }
    }
}

/// A figure's label with its unit, unless the label already names it
/// ("PMS QOF deduction list unit (patients)").
fn labelled(f: &Figure) -> String {
    let word = f.unit().word();
    let unit = format!("({word})");
    // Say the unit once: "£ per QOF point" and "… (patients)" already do.
    let label = f.label();
    if label.ends_with(&unit)
        || label.contains('£') && word.starts_with('£')
        || label.contains('%') && word == "%"
    {
        f.label().to_string()
    } else {
        format!("{} {unit}", f.label())
    }
}

fn figure_row(f: &Figure, p: &GroupProps) -> Html {
    let path = f.path().to_string();
    let id = format!("sc-{}", id_safe(&path));
    let edit = p.scenario.edits.get(&path).cloned();
    let value = edit.clone().unwrap_or_else(|| {
        f.value
            .map(|v| f.unit().typed(v).to_string())
            .unwrap_or_default()
    });
    let error = p.errors.get(&path).cloned();
    let d = p.dispatch.clone();
    let pth = path.clone();
    let oninput = on_text(Callback::from(move |v: String| {
        d.dispatch(Action::SetEdit(pth.clone(), v))
    }));
    let d = p.dispatch.clone();
    let pth = path.clone();
    let reset = Callback::from(move |_: MouseEvent| d.dispatch(Action::ResetEdit(pth.clone())));
    let published = f
        .published()
        .map(|v| f.unit().format(v))
        .unwrap_or_else(|| "not found".into());
    let source = crate::rules::catalog()
        .source(f.source())
        .map(|s| format!("{} ({}, {})", s.title, s.publisher, s.date))
        .unwrap_or_default();
    let hint_id = format!("{id}-hint");
    // The message is read with the field, not only seen beside it.
    let error_id = format!("{id}-error");
    let described = if error.is_some() {
        format!("{error_id} {hint_id}")
    } else {
        hint_id.clone()
    };
    html! {
        <div class={ if error.is_some() { "figure-row form-group-error" } else { "figure-row" } }>
            <label class="label label-small" for={id.clone()}>{ labelled(f) }</label>
            <div class="hint" id={hint_id.clone()}>
                { status_badge(f.status(), true) }
                { format!(" Published: {published}. Source: {source}.") }
            </div>
            if let Some(e) = &error { <p class="error-message" id={error_id.clone()}><span class="visually-hidden">{ "Error: " }</span>{ e.clone() }</p> }
            <div class="figure-input">
                <input class={classes!("input", "input-10", error.is_some().then_some("input-error"), edit.is_some().then_some("input-edited"))}
                    id={id} type="text" inputmode="decimal" value={value} placeholder={ if f.value.is_none() { Some("not found") } else { None } }
                    aria-describedby={described} aria-invalid={ error.is_some().then_some("true") } {oninput} />
                if edit.is_some() {
                    <button type="button" class="button button-secondary button-small" onclick={reset}>
                        { "Reset" }<span class="visually-hidden">{ format!(" {} to its published value", f.label()) }</span>
                    </button>
                }
            </div>
        </div>
    }
}
