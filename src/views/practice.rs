//! The practice editor: practice details, registers, QOF achievement and
//! enhanced services, with inline errors and a GOV.UK-style error summary.
//! Each section is its own component so typing re-renders only its section.
//!
//! Length: the practice editor's sections (each its own component so typing
//! re-renders only its section), with find-my-practice's entry point.

use super::common::{on_check, on_select, TextField};
use crate::state::form::{Field, Form};
use crate::state::model::AchievementRow;
use crate::state::{Action, AppState};
use gpsim_engine::practice::{parse_number_text, Problem};
use gpsim_engine::rules::ActivityMeasure;
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;

pub type Dispatch = UseReducerDispatcher<AppState>;

/// Problems keyed by the DOM id of the field they belong to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Errors(pub BTreeMap<String, String>);

impl Errors {
    pub fn from_problems(problems: &[Problem]) -> Errors {
        let mut m = BTreeMap::new();
        for p in problems {
            m.entry(dom_id_for_problem(&p.field)).or_insert_with(|| {
                format!("{}. {}.", capitalise(&p.message), capitalise(&p.allowed))
            });
        }
        Errors(m)
    }

    pub fn get(&self, field: &Field) -> Option<AttrValue> {
        self.0
            .get(&field.dom_id())
            .map(|s| AttrValue::from(s.clone()))
    }

    /// The errors whose field id starts with any of `prefixes`.
    pub fn under(&self, prefixes: &[&str]) -> Errors {
        Errors(
            self.0
                .iter()
                .filter(|(k, _)| prefixes.iter().any(|p| k.starts_with(p)))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        )
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => format!("{}{}", f.to_ascii_uppercase(), c.as_str()),
        None => String::new(),
    }
}

/// The DOM id of the field a problem belongs to. Service component problems
/// point at the service's checkbox.
pub fn dom_id_for_problem(path: &str) -> String {
    Field::from_path(path)
        .unwrap_or(Field::LastYearPoints)
        .dom_id()
}

pub fn setter(dispatch: &Dispatch, field: Field) -> Callback<String> {
    let d = dispatch.clone();
    Callback::from(move |v: String| d.dispatch(Action::SetField(field.clone(), v)))
}

#[derive(Properties, PartialEq)]
pub struct ErrorSummaryProps {
    pub problems: Rc<Vec<Problem>>,
    pub stale: bool,
}

/// The error summary at the top of the form: every problem, each a link to
/// its field. Announced to screen readers when it appears.
#[component]
pub fn ErrorSummary(p: &ErrorSummaryProps) -> Html {
    if p.problems.is_empty() {
        return html! {};
    }
    html! {
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
            <h2 class="error-summary-title" id="error-summary-title">{ "There is a problem" }</h2>
            <p>
                { "Fix these entries to update the results. Nothing you typed has been changed" }
                { if p.stale { "; the results show your last valid entries." } else { "." } }
            </p>
            <ul class="error-summary-list">
                { for p.problems.iter().map(|pr| {
                    let href = format!("#{}", dom_id_for_problem(&pr.field));
                    html! { <li><a href={href}>{ format!("{}: {}", field_label(&pr.field), pr.message) }</a></li> }
                }) }
            </ul>
        </div>
    }
}

/// A person's name for a field path.
pub fn field_label(path: &str) -> String {
    let c = crate::rules::catalog();
    let Some(field) = Field::from_path(path) else {
        return path.to_string();
    };
    match field {
        Field::Register(r) => c
            .registers
            .iter()
            .find(|x| *x.id == *r)
            .map(|x| format!("{} register", x.name))
            .unwrap_or_else(|| path.to_string()),
        Field::Achievement(code) => format!("{code} achievement"),
        Field::Service(s) => format!("Enhanced service {s}"),
        Field::Activity(a) => c
            .activities
            .iter()
            .find(|x| *x.id == *a)
            .map(|x| x.name.to_string())
            .unwrap_or_else(|| path.to_string()),
        Field::Name => "Practice name".into(),
        Field::ListSize => "Registered list".into(),
        Field::WeightedList => "Weighted list".into(),
        Field::Contract => "Contract".into(),
        Field::OohOptedOut => "Out-of-hours opt-out".into(),
        Field::Mpig => "MPIG correction factor".into(),
        Field::Seniority => "Seniority".into(),
        Field::PmsBaseline => "PMS or APMS contract value, 2013/14".into(),
        Field::PmsPremiumReduction => "PMS premium reduction".into(),
        Field::DefaultAchievement => "QOF achievement default".into(),
        Field::LastYearPoints => "Last year's QOF points".into(),
    }
}

#[derive(Properties, PartialEq)]
pub struct PresetProps {
    pub preset: Option<String>,
    pub dispatch: Dispatch,
}

/// The preset chooser: each preset is described honestly as illustrative.
#[component]
pub fn PresetChooser(p: &PresetProps) -> Html {
    let presets = crate::rules::presets();
    let current = presets.iter().find(|x| Some(&x.id) == p.preset.as_ref());
    let d = p.dispatch.clone();
    let onchange = on_select(Callback::from(move |id: String| {
        if !id.is_empty() {
            d.dispatch(Action::LoadPreset(id))
        }
    }));
    html! {
        <div class="form-group preset">
            <label class="label" for="preset">{ "Start from an example practice" }</label>
            <div class="hint" id="preset-hint">{ "Loading one replaces what is in the form. Every example is illustrative, not a real practice." }</div>
            <select class="select" id="preset" aria-describedby="preset-hint" {onchange}>
                if current.is_none() { <option value="" selected=true>{ "Your own figures" }</option> }
                { for presets.iter().map(|x| html! { <option value={x.id.clone()} selected={Some(&x.id) == p.preset.as_ref()}>{ x.name.clone() }</option> }) }
            </select>
            if let Some(c) = current { <p class="preset-description">{ c.description.clone() }</p> }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct DetailsProps {
    pub form: Rc<Form>,
    pub errors: Errors,
    pub dispatch: Dispatch,
}

/// The practice itself: list sizes, contract, MPIG, seniority, defaults.
#[component]
pub fn PracticeDetails(p: &DetailsProps) -> Html {
    let f = &p.form;
    let d = &p.dispatch;
    let e = &p.errors;
    let field = |fl: Field,
                 label: &'static str,
                 hint: Option<&'static str>,
                 value: &str,
                 prefix: Option<&'static str>,
                 width: &'static str,
                 mode: &'static str| {
        html! {
            <TextField id={fl.dom_id()} label={label} hint={hint.map(AttrValue::from)} value={value.to_string()}
                error={e.get(&fl)} prefix={prefix.map(AttrValue::from)} width={width} inputmode={mode} oninput={setter(d, fl)} />
        }
    };
    let pms = f.contract.eq_ignore_ascii_case("PMS");
    let contract_radio = |value: &'static str, label: &'static str| {
        let d = d.clone();
        let checked = f.contract.eq_ignore_ascii_case(value);
        let id = format!("contract-{}", value.to_ascii_lowercase());
        html! {
            <div class="radio">
                <input class="radio-input" type="radio" name="contract" id={id.clone()} value={value} {checked}
                    onchange={Callback::from(move |_| d.dispatch(Action::SetField(Field::Contract, value.to_string())))} />
                <label class="radio-label" for={id}>{ label }</label>
            </div>
        }
    };
    let default_radio = |value: &'static str, label: &'static str, hint: &'static str| {
        let d = d.clone();
        let checked = f.default_achievement == value;
        let id = format!("default-{value}");
        html! {
            <div class="radio">
                <input class="radio-input" type="radio" name="default_achievement" id={id.clone()} value={value} {checked}
                    aria-describedby={format!("{id}-hint")}
                    onchange={Callback::from(move |_| d.dispatch(Action::SetField(Field::DefaultAchievement, value.to_string())))} />
                <label class="radio-label" for={id.clone()}>{ label }</label>
                <div class="hint radio-hint" id={format!("{id}-hint")}>{ hint }</div>
            </div>
        }
    };
    html! {
        <>
            { field(Field::Name, "Practice name (optional)", None, &f.name, None, "input-20", "text") }
            { field(Field::ListSize, "Registered list", Some("Patients registered at 1 January, the basis of the Contractor Population Index."), &f.list_size, None, "input-6", "numeric") }
            { field(Field::WeightedList, "Weighted list", Some("The Carr-Hill weighted list the global sum is paid on. It follows the registered list in proportion until you type one here; leave it blank to use the registered list."), &f.weighted_list, None, "input-6", "numeric") }
            <fieldset class="fieldset" id={Field::Contract.dom_id()}>
                <legend class="fieldset-legend">{ "Contract" }</legend>
                <div class="radios radios-inline">
                    { contract_radio("GMS", "GMS") }
                    { contract_radio("PMS", "PMS") }
                </div>
            </fieldset>
            if pms {
                { field(Field::PmsBaseline, "PMS or APMS contract value, 2013/14", Some("Pounds a year, the 2013/14 value (as the MPIG correction factor is the 2013/14 factor). PMS and APMS practices have no global sum or MPIG; where GMS core funding received reinvested money (2014/15), the simulator adds the equivalent uplift NHS England applied."), &f.pms_baseline, Some("£"), "input-10", "decimal") }
                { field(Field::PmsPremiumReduction, "PMS premium reduction (optional)", Some("Pounds a year cut from the contract by your area team's PMS premium review, from 2014/15. The review was local, not a national rule, so nothing is taken off unless you enter it."), &f.pms_premium_reduction, Some("£"), "input-10", "decimal") }
            } else {
                <TextField id={Field::Mpig.dom_id()} label="MPIG correction factor" hint={Some(AttrValue::from(mpig_hint()))} value={f.mpig.clone()}
                    error={e.get(&Field::Mpig)} prefix={Some(AttrValue::from("£"))} width="input-10" inputmode="decimal" oninput={setter(d, Field::Mpig)} />
            }
            { field(Field::Seniority, "Seniority payments", Some("Pounds a year for the practice's GP partners; carried unchanged."), &f.seniority, Some("£"), "input-10", "decimal") }
            <div class="checkboxes">
                <div class="checkbox">
                    <input class="checkbox-input" type="checkbox" id={Field::OohOptedOut.dom_id()} checked={f.ooh_opted_out}
                        onchange={on_check(setter(d, Field::OohOptedOut))} />
                    <label class="checkbox-label" for={Field::OohOptedOut.dom_id()}>{ "Opted out of out-of-hours care (most practices have)" }</label>
                </div>
            </div>
            <fieldset class="fieldset" id={Field::DefaultAchievement.dom_id()}>
                <legend class="fieldset-legend">{ "QOF achievement you have not entered" }</legend>
                <div class="radios">
                    { default_radio("typical", "Typical", "Each indicator at the achievement that earned the national average share of points the year it began, held there, so raised thresholds show.") }
                    { default_radio("full", "Full", "Every indicator achieved in full.") }
                </div>
            </fieldset>
            { field(Field::LastYearPoints, "Last year's QOF points (optional)", Some("Sets the monthly aspiration payments. Blank: this year's points."), &f.last_year_points, None, "input-6", "decimal") }
        </>
    }
}

/// The MPIG hint, with the phase-out read from the first rule set that has one.
fn mpig_hint() -> String {
    let phase_out = crate::rules::catalog().sets.iter().find_map(|s| {
        let years = s.funding.mpig_phase_out_years.as_ref()?.value?;
        Some(format!(
            " From {} it falls by 1/{} of that value a year.",
            s.short_name,
            years.normalize()
        ))
    });
    format!(
        "Pounds a year, the 2013/14 value.{}",
        phase_out.unwrap_or_default()
    )
}

#[derive(Properties, PartialEq)]
pub struct RegistersProps {
    pub registers: Rc<BTreeMap<String, String>>,
    pub list_size: AttrValue,
    pub errors: Errors,
    pub dispatch: Dispatch,
}

/// Disease registers, with what national prevalence would give as a hint.
#[component]
pub fn Registers(p: &RegistersProps) -> Html {
    let c = crate::rules::catalog();
    let base = c.baseline();
    let list = parse_number_text(&p.list_size);
    let entered = p
        .registers
        .values()
        .filter(|v| !v.trim().is_empty())
        .count();
    html! {
        <details class="section-details" id="registers">
            <summary><span class="summary-text">{ format!("Disease registers ({entered} of {} entered)", c.registers.len()) }</span></summary>
            <p class="hint">{ "Patients on each register. A register left blank is taken to be at national prevalence, so it neither raises nor lowers the payment." }</p>
            <div class="grid-fields">
            { for c.registers.iter().enumerate().map(|(index, r)| {
                let fl = Field::Register(r.id.to_string());
                let national = base.national_prevalence(index).and_then(|f| f.value);
                let hint = match (national, list) {
                    (Some(n), Some(l)) => format!("At national prevalence ({}%): about {}", n.normalize(), gpsim_engine::money::group_thousands(l * n / rust_decimal::Decimal::ONE_HUNDRED, 0, "")),
                    (Some(n), None) => format!("National prevalence {}%", n.normalize()),
                    (None, _) => "National prevalence not found".to_string(),
                };
                html! {
                    <TextField id={fl.dom_id()} label={r.name.to_string()} hint={Some(AttrValue::from(hint))}
                        value={p.registers.get(&*r.id).cloned().unwrap_or_default()} error={p.errors.get(&fl)}
                        width="input-6" inputmode="numeric" oninput={setter(&p.dispatch, fl)} />
                }
            }) }
            </div>
        </details>
    }
}

#[derive(Properties, PartialEq)]
pub struct AchievementProps {
    pub achievement: Rc<BTreeMap<String, String>>,
    pub errors: Errors,
    pub full: bool,
    pub dispatch: Dispatch,
}

/// QOF achievement per indicator, grouped by area and collapsed by default.
#[component]
pub fn Achievement(p: &AchievementProps) -> Html {
    let groups = crate::state::model::achievement_rows();
    let entered = p
        .achievement
        .values()
        .filter(|v| !v.trim().is_empty())
        .count();
    html! {
        <details class="section-details" id="achievement">
            <summary><span class="summary-text">{ format!("QOF achievement ({entered} indicators entered)") }</span></summary>
            <p class="hint">{ "Per cent of patients meeting each standard, after exceptions, or numerator/denominator such as 212/340. All-or-nothing indicators take met or not met. What you enter for a 2012/13 indicator carries to the indicator that continues it in later years. Blank rows use the default chosen above." }</p>
            { for groups.iter().map(|(area, rows)| {
                let n = rows.iter().filter(|r| p.achievement.get(&r.code).is_some_and(|v| !v.trim().is_empty())).count();
                let has_error = rows.iter().any(|r| p.errors.get(&Field::Achievement(r.code.clone())).is_some());
                html! {
                    <details class="area-details" open={has_error}>
                        <summary>{ area.clone() }{ if n > 0 { format!(" ({n} entered)") } else { String::new() } }</summary>
                        { for rows.iter().map(|r| achievement_row(r, p)) }
                    </details>
                }
            }) }
        </details>
    }
}

fn achievement_row(r: &AchievementRow, p: &AchievementProps) -> Html {
    let fl = Field::Achievement(r.code.clone());
    let value = p.achievement.get(&r.code).cloned().unwrap_or_default();
    let later = if r.later.is_empty() {
        String::new()
    } else {
        format!(" Continues as {}.", r.later.join(", "))
    };
    let label = format!("{}: {}", r.code, r.description);
    if r.all_or_nothing {
        let d = p.dispatch.clone();
        let code = r.code.clone();
        let onchange = on_select(Callback::from(move |v: String| {
            d.dispatch(Action::SetField(Field::Achievement(code.clone()), v))
        }));
        let hint_id = format!("{}-hint", fl.dom_id());
        return html! {
            <div class={ if p.errors.get(&fl).is_some() { "form-group form-group-error" } else { "form-group" } }>
                <label class="label label-small" for={fl.dom_id()}>{ label }</label>
                <div class="hint" id={hint_id.clone()}>{ format!("All or nothing.{later}") }</div>
                if let Some(e) = p.errors.get(&fl) { <p class="error-message"><span class="visually-hidden">{ "Error: " }</span>{ e }</p> }
                <select class="select" id={fl.dom_id()} aria-describedby={hint_id} {onchange}>
                    <option value="" selected={value.is_empty()}>{ "Default (met)" }</option>
                    <option value="met" selected={value == "met"}>{ "Met" }</option>
                    <option value="not met" selected={value == "not met"}>{ "Not met" }</option>
                </select>
            </div>
        };
    }
    let placeholder = if p.full {
        Some(AttrValue::from("100"))
    } else {
        r.typical
            .clone()
            .map(|t| AttrValue::from(t.trim_end_matches('%').to_string()))
    };
    let hint = match &r.typical {
        Some(t) if !p.full => format!("Typical: {t}.{later}"),
        _ if p.full => format!("Default: 100%.{later}"),
        _ => format!("Thresholds not found, so no typical value.{later}"),
    };
    html! {
        <TextField id={fl.dom_id()} label={label} hint={Some(AttrValue::from(hint))} value={value} error={p.errors.get(&fl)}
            placeholder={placeholder} suffix={Some(AttrValue::from("%"))} width="input-6" inputmode="decimal" oninput={setter(&p.dispatch, fl)} />
    }
}

#[derive(Properties, PartialEq)]
pub struct ServicesProps {
    pub off: Rc<BTreeMap<String, bool>>,
    pub activity: Rc<BTreeMap<String, String>>,
    pub errors: Errors,
    pub dispatch: Dispatch,
}

/// Every service any rule set offers (id and name), with the years it is
/// offered, in the order the sets first offer them.
pub fn offered_services() -> Vec<(String, String, Vec<String>)> {
    let mut services: Vec<(String, String, Vec<String>)> = Vec::new();
    for s in &crate::rules::catalog().sets {
        for sv in &s.services {
            match services.iter_mut().find(|(id, _, _)| *id == *sv.id) {
                Some((_, _, years)) => years.push(s.short_name.to_string()),
                None => services.push((
                    sv.id.to_string(),
                    sv.name.to_string(),
                    vec![s.short_name.to_string()],
                )),
            }
        }
    }
    services
}

/// Enhanced services: whether each is taken up, and the activity some pay on.
#[component]
pub fn Services(p: &ServicesProps) -> Html {
    let c = crate::rules::catalog();
    let services = offered_services();
    let taken = services
        .iter()
        .filter(|(id, _, _)| !p.off.get(id).copied().unwrap_or(false))
        .count();
    html! {
        <details class="section-details" id="services">
            <summary><span class="summary-text">{ format!("Enhanced services ({taken} of {} taken up)", services.len()) }</span></summary>
            <fieldset class="fieldset">
                <legend class="fieldset-legend">{ "Services the practice takes up" }</legend>
                <div class="checkboxes">
                { for services.iter().map(|(id, name, years)| {
                    let fl = Field::Service(id.clone());
                    let hint_id = format!("{}-hint", fl.dom_id());
                    html! {
                        <div class="checkbox">
                            <input class="checkbox-input" type="checkbox" id={fl.dom_id()} checked={!p.off.get(id).copied().unwrap_or(false)}
                                aria-describedby={hint_id.clone()} onchange={on_check(setter(&p.dispatch, fl.clone()))} />
                            <label class="checkbox-label" for={fl.dom_id()}>{ name.clone() }</label>
                            <div class="hint checkbox-hint" id={hint_id}>{ format!("In {}", years.join(", ")) }</div>
                        </div>
                    }
                }) }
                </div>
            </fieldset>
            { for c.activities.iter().map(|a| {
                let fl = Field::Activity(a.id.to_string());
                let (suffix, mode, width) = match a.measure {
                    ActivityMeasure::Percent => (Some(AttrValue::from("%")), "decimal", "input-6"),
                    ActivityMeasure::Index => (None, "decimal", "input-6"),
                    ActivityMeasure::Count => (None, "numeric", "input-6"),
                };
                html! {
                    <TextField id={fl.dom_id()} label={a.name.to_string()} hint={Some(AttrValue::from(format!("{} Default {}.", a.help, a.default.normalize())))}
                        value={p.activity.get(&*a.id).cloned().unwrap_or_default()} error={p.errors.get(&fl)}
                        placeholder={Some(AttrValue::from(a.default.normalize().to_string()))} suffix={suffix} width={width} inputmode={mode}
                        oninput={setter(&p.dispatch, fl)} />
                }
            }) }
        </details>
    }
}
