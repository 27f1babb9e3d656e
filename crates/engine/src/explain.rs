//! Turns a statement line into words: the formula, the working with the
//! practice's numbers, the inputs, and each rule figure used with its source
//! and status. It reads the numbers the calculation recorded and never
//! recomputes a payment, so an explanation cannot disagree with its line.

use crate::calc::{AchievementUsed, Basis, Line, PrevalenceUsed};
use crate::figure::{Figure, Status};
use crate::money::{group_thousands, Money, Points};
use crate::practice::Practice;
use crate::prepared::Prepared;
use crate::rules::{Catalog, ComponentKind, IndicatorKind, PaymentBasis};
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceRef {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub url: Option<String>,
    pub date: String,
}

/// A rule figure as used on a line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FigureUse {
    pub path: String,
    pub label: String,
    pub value: String,
    pub status: Status,
    pub source: Option<SourceRef>,
    pub locator: Option<String>,
    pub note: Option<String>,
    /// Set when a scenario replaced the published value.
    pub published: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    pub title: String,
    /// The rule in words.
    pub formula: String,
    /// The rule with this practice's numbers.
    pub working: Option<String>,
    pub inputs: Vec<(String, String)>,
    pub figures: Vec<FigureUse>,
    pub notes: Vec<String>,
}

fn gbp(d: Decimal) -> String {
    group_thousands(d.round_dp(2), 2, "£")
}

fn num(d: Decimal) -> String {
    let r = d.round_dp(4).normalize();
    if r.fract().is_zero() {
        group_thousands(r, 0, "")
    } else {
        format!("{r}")
    }
}

fn pct(d: Decimal) -> String {
    format!("{}%", d.round_dp(2).normalize())
}

fn use_of(catalog: &Catalog, f: &Figure) -> FigureUse {
    let m = &f.meta;
    FigureUse {
        path: m.path.clone(),
        label: m.label.clone(),
        value: f.display_value(),
        status: m.status,
        source: catalog.source(&m.source).map(|s| SourceRef {
            id: s.id.clone(),
            title: s.title.clone(),
            publisher: s.publisher.clone(),
            url: s.url.clone(),
            date: s.date.clone(),
        }),
        locator: m.locator.clone(),
        note: m.note.clone(),
        published: if f.is_edited() {
            Some(
                m.published
                    .map(|v| m.unit.format(v))
                    .unwrap_or_else(|| "not found".into()),
            )
        } else {
            None
        },
    }
}

/// Explains one line of a statement computed under `rs` for `p`.
pub fn explain(catalog: &Catalog, prep: &Prepared, p: &Practice, line: &Line) -> Explanation {
    let rs = prep.rules();
    let mut e = Explanation {
        title: format!("{} — {}", line.label, rs.short_name),
        formula: String::new(),
        working: None,
        inputs: Vec::new(),
        figures: Vec::new(),
        notes: Vec::new(),
    };
    let q = &rs.qof;
    let fig = |e: &mut Explanation, f: &Figure| e.figures.push(use_of(catalog, f));
    match &line.basis {
        Basis::GlobalSum {
            gross,
            ooh,
            reinvested,
        } => {
            e.formula = "Global sum = weighted list × price per weighted patient, less the out-of-hours deduction if the practice opted out, plus any QOF money reinvested in the global sum.".into();
            let mut w = format!(
                "{} × {} = {}",
                num(p.weighted_list),
                gbp(rs.funding.global_sum_price.value.unwrap_or_default()),
                gbp(*gross)
            );
            if !ooh.is_zero() {
                w.push_str(&format!(
                    "; less {} out-of-hours = {}",
                    gbp(*ooh),
                    gbp(gross - ooh)
                ));
            }
            if !reinvested.is_zero() {
                w.push_str(&format!("; plus {} reinvested", gbp(*reinvested)));
            }
            w.push_str(&format!("; paid {}", line.amount.display_pence()));
            e.working = Some(w);
            e.inputs
                .push(("Weighted list".into(), num(p.weighted_list)));
            e.inputs.push((
                "Opted out of out-of-hours care".into(),
                if p.ooh_opted_out { "yes" } else { "no" }.into(),
            ));
            fig(&mut e, &rs.funding.global_sum_price);
            if p.ooh_opted_out {
                fig(&mut e, &rs.funding.ooh_deduction);
            }
        }
        Basis::GlobalSumGross { weighted, price } => {
            e.formula = "Weighted (Carr-Hill) list × global sum price per weighted patient.".into();
            e.working = Some(format!(
                "{} × {} = {}",
                num(*weighted),
                gbp(*price),
                gbp(weighted * price)
            ));
            e.inputs.push(("Weighted list".into(), num(*weighted)));
            fig(&mut e, &rs.funding.global_sum_price);
        }
        Basis::OohDeduction {
            gross,
            share,
            opted_out,
        } => {
            if *opted_out {
                e.formula = "Practices that opted out of out-of-hours care lose a share of their global sum.".into();
                e.working = Some(format!(
                    "{} × {} = {}",
                    gbp(*gross),
                    pct(share * Decimal::ONE_HUNDRED),
                    gbp(gross * share)
                ));
                fig(&mut e, &rs.funding.ooh_deduction);
            } else {
                e.formula =
                    "The practice provides out-of-hours care, so no deduction is made.".into();
            }
            e.inputs.push((
                "Opted out of out-of-hours care".into(),
                if *opted_out { "yes" } else { "no" }.into(),
            ));
        }
        Basis::GlobalSumReinvestment {
            weighted,
            per_weighted_patient,
        } => {
            e.formula = "Reinvested QOF money = weighted list × (reinvested points × £ per point ÷ average list) × the global sum's share of the reinvestment.".into();
            e.working = Some(format!(
                "{} × {} = {}",
                num(*weighted),
                gbp(*per_weighted_patient),
                gbp(weighted * per_weighted_patient)
            ));
            if let Some(r) = &rs.reinvestment {
                fig(&mut e, &r.points);
                for t in &r.targets {
                    fig(&mut e, &t.weight);
                }
            }
            e.notes.push("Assumes the national weighted list equals the registered list, as the Carr-Hill formula is normalised to make it.".into());
        }
        Basis::PmsBaseline { amount } => {
            e.formula = "A PMS practice's baseline is set by its local contract, not by these rules; it is carried unchanged across rule sets.".into();
            e.inputs.push(("PMS baseline".into(), gbp(*amount)));
        }
        Basis::Mpig {
            correction_factor,
            retained,
            ..
        } => {
            let phase_out = match rs
                .funding
                .mpig_phase_out_years
                .as_ref()
                .and_then(|f| f.value)
            {
                Some(years) => format!(
                    " (from April 2014 it falls by 1/{} of its 2013/14 value each year)",
                    years.normalize()
                ),
                None => String::new(),
            };
            e.formula = format!("MPIG correction factor = the practice's 2013/14 correction factor × the share not yet phased out{phase_out}.");
            e.working = Some(format!(
                "{} × {} = {}",
                gbp(*correction_factor),
                num(*retained),
                gbp(correction_factor * retained)
            ));
            e.inputs
                .push(("2013/14 correction factor".into(), gbp(*correction_factor)));
            if let (Some(y), Some(el)) = (
                &rs.funding.mpig_phase_out_years,
                &rs.funding.mpig_years_elapsed,
            ) {
                fig(&mut e, y);
                fig(&mut e, el);
            } else {
                e.notes.push(
                    "No phase-out applies in this rule set: the correction factor is paid in full."
                        .into(),
                );
            }
        }
        Basis::Seniority { amount } => {
            e.formula = "Seniority is paid per GP partner from years of service and superannuable income; the practice's own figure is carried unchanged. The 2012/13–2014/15 scale was not found.".into();
            e.inputs.push(("Seniority".into(), gbp(*amount)));
        }
        Basis::Qof { points, max_points } => {
            let cpi = &rs.cpi(p.list_size);
            e.formula = "QOF = the sum over indicators of points earned × £ per point × Contractor Population Index × prevalence factor (clinical indicators), less the PMS deduction for PMS practices.".into();
            e.working = Some(format!(
                "{} of {} points; CPI = {} ÷ {} = {}; total {}",
                Points(*points).display(),
                Points(*max_points).display(),
                num(p.list_size),
                q.average_list_size
                    .value
                    .map(num)
                    .unwrap_or_else(|| "?".into()),
                num(*cpi),
                line.amount.display_pence()
            ));
            e.inputs.push(("Registered list".into(), num(p.list_size)));
            fig(&mut e, &q.point_value);
            fig(&mut e, &q.average_list_size);
        }
        Basis::QofArea { area } => {
            let a = &q.areas[*area];
            e.formula = format!("The sum of the {} indicators' payments.", a.name);
            if let Some(f) = &a.official_points {
                fig(&mut e, f);
            }
            e.inputs.push((
                "Points earned".into(),
                line.points.map(|x| x.display()).unwrap_or_default(),
            ));
        }
        Basis::Indicator {
            index,
            pooled,
            achievement,
            fraction,
            prevalence,
            points,
        } => {
            let ind = &q.indicators[*index as usize];
            let cpi = &rs.cpi(p.list_size);
            e.title = format!("{} — {} ({})", ind.code, ind.description, rs.short_name);
            let adj = match ind.payment {
                PaymentBasis::Prevalence => " × prevalence factor",
                _ => "",
            };
            e.formula = match ind.kind {
                IndicatorKind::Threshold => format!(
                    "Points earned = points × (achievement − lower threshold) ÷ (upper − lower), between 0 and all the points. Payment = points earned × £ per point × CPI{adj}."
                ),
                _ => format!("All or nothing: the points are earned when the indicator is met. Payment = points earned × £ per point × CPI{adj}."),
            };
            let ach_text = match achievement {
                AchievementUsed::Given { code, value } => {
                    if *code == ind.code_id {
                        format!("{} (yours)", value.display())
                    } else {
                        format!(
                            "{} (yours, given for {})",
                            value.display(),
                            catalog.codes.name(*code)
                        )
                    }
                }
                AchievementUsed::Typical { percent } => {
                    format!("{} (typical: assumed)", pct(*percent))
                }
                AchievementUsed::MetByDefault => "met (assumed)".into(),
                AchievementUsed::Full => "100% (full achievement: assumed)".into(),
                AchievementUsed::Unknown => "unknown".into(),
            };
            e.inputs.push(("Achievement".into(), ach_text));
            if let (Some(pts), Some(f)) = (points, fraction) {
                e.working = Some(format!(
                    "{} × {} = {} points; × {} × {}{} = {}",
                    Points(*pts).display(),
                    num(*f),
                    Points(pts * f).display(),
                    gbp(q.point_value.value.unwrap_or_default()),
                    num(*cpi),
                    if prevalence.factor() != Decimal::ONE {
                        format!(" × {}", num(prevalence.factor()))
                    } else {
                        String::new()
                    },
                    line.amount.display_pence()
                ));
            }
            match prevalence {
                PrevalenceUsed::Adjusted { register, practice_register, national_percent, factor } => {
                    e.inputs.push((format!("{} register", catalog.registers[*register].name), num(*practice_register)));
                    e.notes.push(format!(
                        "Prevalence factor = ({} ÷ {} = {}) ÷ national {} = {}.",
                        num(*practice_register),
                        num(p.list_size),
                        pct(practice_register / p.list_size * Decimal::ONE_HUNDRED),
                        pct(*national_percent),
                        num(*factor)
                    ));
                }
                PrevalenceUsed::AssumedNational { register } => e.notes.push(format!(
                    "No {} register was given, so the practice is taken to be at national prevalence (factor 1).",
                    catalog.registers[*register].name
                )),
                PrevalenceUsed::NationalNotFound { register, .. } => e.notes.push(format!(
                    "National prevalence for the {} register was not found, so the payment cannot be adjusted for your register (factor 1). Enter it in the scenario editor if you know it.",
                    catalog.registers[*register].name
                )),
                PrevalenceUsed::TargetPopulation => e.notes.push(
                    "Paid on a target population whose adjustment factors were not found; paid here on list size (CPI) alone.".into(),
                ),
                PrevalenceUsed::NotAdjusted => {}
            }
            if *pooled {
                if let Some(pi) = ind.pool {
                    let pool = &q.pools[pi];
                    fig(&mut e, &pool.points);
                    e.notes.push(format!(
                        "This indicator's own points were not found. It carries an equal share of the {} points known for {} ({} indicators).",
                        pool.points.value.map(num).unwrap_or_else(|| "?".into()),
                        pool.name,
                        pool.members.len()
                    ));
                }
            } else {
                fig(&mut e, &ind.points);
            }
            if let Some(f) = &ind.lower {
                fig(&mut e, f);
            }
            if let Some(f) = &ind.upper {
                fig(&mut e, f);
            }
            fig(&mut e, &q.point_value);
            fig(&mut e, &q.average_list_size);
            if let PrevalenceUsed::Adjusted { register, .. }
            | PrevalenceUsed::NationalNotFound { register, .. } = prevalence
            {
                if let Some(f) = rs.national_prevalence(*register) {
                    fig(&mut e, f);
                }
            }
            if let AchievementUsed::Typical { .. } = achievement {
                e.notes.push("Typical achievement: the achievement that earns the national average share of points in the first year this indicator (or its predecessor) appears, held constant afterwards so that raised thresholds show.".into());
            }
            if fraction.is_none() {
                e.notes.push("The payment thresholds were not found, so this indicator is left out of the total.".into());
            }
            if let Some(n) = &ind.note {
                e.notes.push(n.to_string());
            }
            if let Some(n) = &ind.code_note {
                e.notes.push(n.to_string());
            }
        }
        Basis::PmsDeduction {
            amount,
            per_patients,
            list,
        } => {
            e.formula = "PMS practices using the national QOF have a deduction made: a fixed amount per unit of list size.".into();
            e.working = Some(format!(
                "{} × {} ÷ {} = {}",
                gbp(*amount),
                num(*list),
                num(*per_patients),
                gbp(amount
                    .checked_mul(*list)
                    .and_then(|x| x.checked_div(*per_patients))
                    .unwrap_or_default())
            ));
            fig(&mut e, &q.pms_deduction_amount);
            fig(&mut e, &q.pms_deduction_per_patients);
        }
        Basis::Aspiration {
            share,
            points_basis,
            pounds_per_point,
            last_year_given,
        } => {
            e.formula = "Aspiration payments are paid monthly in advance: a share of last year's points, at this year's pounds per point. The rest is paid after the year end as the achievement balance.".into();
            e.working = Some(format!(
                "{} × {} points × {} = {}",
                pct(share * Decimal::ONE_HUNDRED),
                Points(*points_basis).display(),
                gbp(*pounds_per_point),
                line.amount.display_pence()
            ));
            fig(&mut e, &q.aspiration_share);
            if !last_year_given {
                e.notes.push("Last year's points were not given, so this year's points are used (a practice in a steady state).".into());
            }
            e.notes.push("The split changes when money arrives, not how much: aspiration plus balance equals the QOF total.".into());
        }
        Basis::Balance => {
            e.formula = "Achievement balance = QOF total − aspiration payments already made. Negative means money is paid back.".into();
        }
        Basis::Services => {
            e.formula = "The sum of the enhanced services the practice takes up.".into();
        }
        Basis::Service { index, taken_up } => {
            let s = &rs.services[*index];
            e.formula = format!("{} The sum of its components.", s.description);
            if !taken_up {
                e.notes
                    .push("Not taken up: the practice is not paid for this service.".into());
            }
            if let Some(r) = &s.rate {
                fig(&mut e, r);
            }
        }
        Basis::ServiceComponent {
            service,
            component,
            taken_up,
            achieved,
            activity,
            list,
            rate,
        } => {
            let s = &rs.services[*service];
            let c = &s.components[*component];
            e.title = format!("{}: {} ({})", s.name, c.name, rs.short_name);
            match &c.kind {
                ComponentKind::PerPatient {
                    rate: r,
                    activity: act,
                } => {
                    e.formula = match act {
                        Some(a) => format!(
                            "Rate × registered list × {}.",
                            catalog.activities[*a].name.to_lowercase()
                        ),
                        None => "Rate × registered list.".into(),
                    };
                    e.working = Some(format!(
                        "{} × {}{} = {}",
                        gbp(rate.unwrap_or_default()),
                        num(*list),
                        activity
                            .map(|a| format!(" × {}", num(a)))
                            .unwrap_or_default(),
                        line.amount.display_pence()
                    ));
                    fig(&mut e, r);
                }
                ComponentKind::PerItem {
                    rate: r,
                    activity: a,
                } => {
                    e.formula = format!("Rate × {}.", catalog.activities[*a].name.to_lowercase());
                    e.working = Some(format!(
                        "{} × {} = {}",
                        gbp(rate.unwrap_or_default()),
                        num(activity.unwrap_or_default()),
                        line.amount.display_pence()
                    ));
                    fig(&mut e, r);
                }
                ComponentKind::FlatIfShare {
                    amount,
                    min_percent,
                    activity: a,
                } => {
                    e.formula = format!(
                        "A flat amount when {} reaches the qualifying share.",
                        catalog.activities[*a].name.to_lowercase()
                    );
                    e.inputs.push((
                        catalog.activities[*a].name.to_string(),
                        pct(activity.unwrap_or_default()),
                    ));
                    fig(&mut e, amount);
                    fig(&mut e, min_percent);
                }
                ComponentKind::ShareOfRate { share } => {
                    e.formula = "Share × the service's rate × registered list.".into();
                    e.working = Some(format!(
                        "{} × {} = {}",
                        gbp(rate.unwrap_or_default()),
                        num(*list),
                        line.amount.display_pence()
                    ));
                    if let Some(r) = &s.rate {
                        fig(&mut e, r);
                    }
                    fig(&mut e, share);
                }
                ComponentKind::Reinvested => {
                    e.formula = "The service's share of the reinvested QOF money: reinvested points × £ per point ÷ average list, per registered patient, times this service's weight ÷ all weights.".into();
                    e.working = Some(format!(
                        "{} a patient × {} = {}",
                        gbp(rate.unwrap_or_default()),
                        num(*list),
                        line.amount.display_pence()
                    ));
                    if let Some(r) = &rs.reinvestment {
                        fig(&mut e, &r.points);
                        for t in &r.targets {
                            fig(&mut e, &t.weight);
                        }
                    }
                    fig(&mut e, &q.point_value);
                    fig(&mut e, &q.average_list_size);
                }
            }
            if !taken_up {
                e.notes
                    .push("Not taken up: the practice is not paid for this service.".into());
            } else if !achieved {
                e.notes.push(
                    "The practice does not achieve this component, so it is not paid.".into(),
                );
            }
        }
    }
    e
}

/// A sentence for a money amount that a gap leaves out.
pub fn gap_value(v: Option<Money>) -> String {
    match v {
        Some(m) => format!("worth up to {} at full achievement", m.display_pounds()),
        None => "of unknown value".to_string(),
    }
}
