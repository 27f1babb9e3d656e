//! The printed report's first page: what the figures rest on. On screen the
//! form says it; on paper (a partner at a practice meeting) the form is not
//! printed, so this section, shown in print only, lists every input the
//! results used: list, weighted list, contract, MPIG or PMS baseline,
//! seniority, out-of-hours, QOF achievement, registers and services.

use crate::state::form::Form;
use gpsim_engine::money::group_thousands;
use gpsim_engine::typed::parse_number_text;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PrintedInputsProps {
    pub form: Rc<Form>,
    /// The weighted list follows the list (not typed by the user).
    pub weighted_follows: bool,
}

/// A typed number as the page shows numbers ("6,911"), or "not given".
fn shown(text: &str, places: u32, prefix: &str) -> String {
    match parse_number_text(text) {
        Some(d) => group_thousands(d, places, prefix),
        None if text.trim().is_empty() => "not given".into(),
        None => format!("“{}” (not a number; fix it in the form)", text.trim()),
    }
}

#[component]
pub fn PrintedInputs(p: &PrintedInputsProps) -> Html {
    let f = &p.form;
    let c = crate::rules::catalog();
    let gms = f.contract != "PMS";
    let registers: Vec<String> = c
        .registers
        .iter()
        .filter_map(|r| {
            let v = f.registers.get(&*r.id)?;
            (!v.trim().is_empty()).then(|| format!("{} {}", r.name, shown(v, 0, "")))
        })
        .collect();
    let (off, on): (Vec<_>, Vec<_>) = super::practice::offered_services()
        .into_iter()
        .partition(|(id, _, _)| f.services_off.get(id).copied().unwrap_or(false));
    let names = |v: &[(String, String, Vec<String>)]| {
        if v.is_empty() {
            "none".to_string()
        } else {
            v.iter()
                .map(|(_, n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        }
    };
    let achievement_typed = f
        .achievement
        .values()
        .filter(|v| !v.trim().is_empty())
        .count();
    let achievement = format!(
        "{}{}",
        if f.default_achievement == "full" {
            "every indicator at its upper threshold"
        } else {
            "typical (national average) achievement"
        },
        match achievement_typed {
            0 => String::new(),
            1 => ", except 1 indicator typed in the form".into(),
            n => format!(", except {n} indicators typed in the form"),
        }
    );
    let rows: Vec<(&str, String)> = vec![
        (
            "Practice",
            if f.name.trim().is_empty() {
                "not named".into()
            } else {
                f.name.clone()
            },
        ),
        (
            "Registered list",
            format!("{} patients", shown(&f.list_size, 0, "")),
        ),
        (
            "Weighted list",
            format!(
                "{}{}",
                shown(&f.weighted_list, 0, ""),
                if p.weighted_follows {
                    " (follows the registered list in proportion)"
                } else {
                    ""
                }
            ),
        ),
        (
            "Contract",
            if gms {
                "GMS".into()
            } else {
                "PMS or APMS".into()
            },
        ),
        if gms {
            (
                "MPIG correction factor",
                format!("{} a year", shown(&f.mpig, 2, "£")),
            )
        } else {
            (
                "PMS contract value (baseline)",
                format!("{} a year", shown(&f.pms_baseline, 2, "£")),
            )
        },
        (
            "Seniority",
            format!("{} a year", shown(&f.seniority, 2, "£")),
        ),
        (
            "Out-of-hours care",
            if f.ooh_opted_out {
                "opted out".into()
            } else {
                "provided".into()
            },
        ),
        ("QOF achievement", achievement),
        (
            "Disease registers",
            if registers.is_empty() {
                "none entered: each at national prevalence".into()
            } else {
                format!(
                    "{} of {} entered ({}); the rest at national prevalence",
                    registers.len(),
                    c.registers.len(),
                    registers.join(", ")
                )
            },
        ),
        ("Enhanced services taken up", names(&on)),
        ("Not taken up", names(&off)),
    ];
    html! {
        <section class="print-only printed-inputs" aria-labelledby="printed-inputs-h">
            <h2 id="printed-inputs-h">{ "The practice these figures are for" }</h2>
            <dl class="printed-list">
                { for rows.into_iter().map(|(k, v)| html! { <><dt>{ k }</dt><dd>{ v }</dd></> }) }
            </dl>
        </section>
    }
}
