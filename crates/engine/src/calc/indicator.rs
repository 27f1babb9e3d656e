//! One QOF indicator: the achievement used (the practice's own, else its
//! default: typical or full), the share of points earned (pro rata between
//! `lower` and `upper` thresholds, or all-or-nothing), its points (its own,
//! or its share of a pool's) and the prevalence factor of its register
//! (practice prevalence ÷ `prevalence.<register>`, for clinical indicators).

use super::explain::{fig, gbp, num, pct, Explanation};
use super::{AchievementUsed, Basis, Line, PrevalenceUsed};
use crate::money::{Patients, Points};
use crate::practice::{Achievement, DefaultAchievement, Practice};
use crate::prepared::{threshold_fraction, Prepared};
use crate::rules::{Catalog, IndicatorKind, PaymentBasis, RuleSet};
use rust_decimal::Decimal;

/// Resolves an indicator's achievement from the practice, then the default.
pub(crate) fn resolve(
    catalog: &Catalog,
    rs: &RuleSet,
    idx: usize,
    p: &Practice,
) -> AchievementUsed {
    let ind = &rs.qof.indicators[idx];
    if let Some(related) = catalog.codes.related.get(ind.code_id as usize) {
        for &code in related {
            if let Some(Some(a)) = p.achievement.get(code as usize) {
                if a.fits(ind.kind) {
                    return AchievementUsed::Given { code, value: *a };
                }
            }
        }
    }
    match (ind.kind, p.default_achievement) {
        (IndicatorKind::Threshold, DefaultAchievement::Full) => AchievementUsed::Full,
        (IndicatorKind::Threshold, DefaultAchievement::Typical) => match ind.typical_achievement {
            Some(t) => AchievementUsed::Typical { percent: t },
            None => AchievementUsed::Unknown,
        },
        _ => AchievementUsed::MetByDefault,
    }
}

/// Share of the `idx`-th indicator's points earned, or `None` when it
/// cannot be known.
pub(crate) fn fraction(prep: &Prepared, idx: usize, used: &AchievementUsed) -> Option<Decimal> {
    let ind = prep.rules().qof.indicators.get(idx)?;
    match ind.kind {
        IndicatorKind::Threshold => {
            let l = ind.lower.as_ref()?.value?;
            let u = ind.upper.as_ref()?.value?;
            // The typical share is prepared for the thresholds in use.
            if let AchievementUsed::Typical { percent } = used {
                if Some(*percent) == ind.typical_achievement {
                    if let Some(f) = prep.typical_fraction.get(idx).copied().flatten() {
                        return Some(f);
                    }
                }
            }
            let a = match used {
                AchievementUsed::Given { value, .. } => match value.percent() {
                    Some(a) => a,
                    // Nobody in the denominator: the points cannot be earned.
                    None => return Some(Decimal::ZERO),
                },
                AchievementUsed::Typical { percent } => *percent,
                AchievementUsed::Full => Decimal::ONE_HUNDRED,
                AchievementUsed::MetByDefault => Decimal::ONE_HUNDRED,
                AchievementUsed::Unknown => u,
            };
            Some(threshold_fraction(a, l, u))
        }
        IndicatorKind::Register | IndicatorKind::YesNo => match used {
            AchievementUsed::Given {
                value: Achievement::Met(false),
                ..
            } => Some(Decimal::ZERO),
            _ => Some(Decimal::ONE),
        },
    }
}

/// How one register adjusts payments under a rule set for a practice.
pub(crate) fn register_prevalence(rs: &RuleSet, reg: usize, p: &Practice) -> PrevalenceUsed {
    let Some(Some(practice_register)) = p.registers.get(reg).copied() else {
        return PrevalenceUsed::AssumedNational { register: reg };
    };
    match rs.national_prevalence(reg).and_then(|f| f.value) {
        Some(np) if !np.is_zero() => {
            let practice_percent = practice_register.percent_of(p.list_size).0;
            PrevalenceUsed::Adjusted {
                register: reg,
                practice_register: practice_register.0,
                national_percent: np,
                factor: practice_percent / np,
            }
        }
        _ => PrevalenceUsed::NationalNotFound {
            register: reg,
            practice_register: practice_register.0,
        },
    }
}

/// How an indicator's payment is adjusted, given each register's adjustment.
pub(super) fn prevalence_of(
    ind: &crate::rules::Indicator,
    by_register: &[Option<PrevalenceUsed>],
) -> PrevalenceUsed {
    match (ind.payment, ind.register) {
        (PaymentBasis::List, _) | (PaymentBasis::Prevalence, None) => PrevalenceUsed::NotAdjusted,
        (PaymentBasis::TargetPopulation, _) => PrevalenceUsed::TargetPopulation,
        (PaymentBasis::Prevalence, Some(reg)) => by_register
            .get(reg)
            .copied()
            .flatten()
            .unwrap_or(PrevalenceUsed::AssumedNational { register: reg }),
    }
}

pub(crate) use crate::prepared::indicator_points;

/// Points earned: the points times the share earned, when both are known.
pub(crate) fn earned_points(points: Option<Decimal>, frac: Option<Decimal>) -> Option<Decimal> {
    match (points, frac) {
        (Some(pts), Some(f)) => Some(if f == Decimal::ONE { pts } else { pts * f }),
        _ => None,
    }
}

/// Explains one indicator line.
pub(super) fn explain(
    e: &mut Explanation,
    catalog: &Catalog,
    rs: &RuleSet,
    p: &Practice,
    line: &Line,
) {
    let q = &rs.qof;
    let Basis::Indicator {
        index,
        pooled,
        achievement,
        fraction,
        prevalence,
        points,
        cpi,
    } = &line.basis
    else {
        return;
    };
    let ind = &q.indicators[*index as usize];
    e.title = format!(
        "{} — {} ({})",
        ind.shown_code(),
        ind.description,
        rs.short_name
    );
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
                    num(p.list_size.0),
                    pct(Patients(*practice_register).percent_of(p.list_size).0),
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
            fig(e, catalog, &pool.points);
            e.notes.push(format!(
                    "This indicator's own points were not found. It carries an equal share of the {} points known for {} ({} indicators).",
                    pool.points.value.map(num).unwrap_or_else(|| "?".into()),
                    pool.name,
                    pool.members.len()
                ));
        }
    } else {
        fig(e, catalog, &ind.points);
    }
    if let Some(f) = &ind.lower {
        fig(e, catalog, f);
    }
    if let Some(f) = &ind.upper {
        fig(e, catalog, f);
    }
    fig(e, catalog, &q.point_value);
    fig(e, catalog, &q.average_list_size);
    if let PrevalenceUsed::Adjusted { register, .. }
    | PrevalenceUsed::NationalNotFound { register, .. } = prevalence
    {
        if let Some(f) = rs.national_prevalence(*register) {
            fig(e, catalog, f);
        }
    }
    if let AchievementUsed::Typical { .. } = achievement {
        e.notes.push("Typical achievement: the achievement that earns the national average share of points in the first year this indicator (or its predecessor) appears, held constant afterwards so that raised thresholds show.".into());
    }
    if fraction.is_none() {
        e.notes.push(
            "The payment thresholds were not found, so this indicator is left out of the total."
                .into(),
        );
    }
    if let Some(n) = &ind.note {
        e.research.push(n.to_string());
    }
    if let Some(n) = &ind.code_note {
        e.notes.push(n.to_string());
    }
}
