//! "What would it take": under a chosen rule set, the enhanced-service uptake
//! or QOF achievement at which the practice's income equals its income under
//! a baseline (2012/13), or a plain statement that nothing does.
//!
//! QOF achievement is moved by one lever: each threshold indicator closes the
//! same share of the gap between its current earned share and full points,
//! and all-or-nothing indicators not met are met only at the end. Income is
//! monotone in that lever, so bisection finds the break-even point.

use crate::calc::{fraction, resolve, statement, AchievementUsed};
use crate::money::{Money, Points};
use crate::practice::{Achievement, Practice, Uptake};
use crate::prepared::Prepared;
use crate::rules::{Catalog, IndicatorKind, RuleSet};
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct ServiceGain {
    pub id: String,
    pub name: String,
    pub gain: Money,
}

#[derive(Clone, Debug, Serialize)]
pub struct QofLevel {
    /// Share of available QOF points earned now and needed (0 to 1).
    pub from_share: Decimal,
    pub to_share: Decimal,
    pub points_needed: Points,
    pub points_available: Points,
    /// The national average share of points for the rule set, for context.
    pub national_average: Option<Decimal>,
    /// The lever found (0 = as now, 1 = full points): `at_qof_level` with it
    /// gives the practice that reaches the baseline.
    pub lever: Decimal,
}

// One outcome per break-even question: its size does not matter, and boxing
// would only complicate every match on it.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Income is already at or above the baseline.
    AlreadyThere { surplus: Money },
    /// The gap can be closed; each option alone is enough.
    Options {
        /// The fewest enhanced services to take up, largest first.
        services: Option<Vec<ServiceGain>>,
        /// The QOF achievement needed with current uptake.
        qof: Option<QofLevel>,
        /// When neither alone is enough: every service plus this QOF level.
        combined: Option<QofLevel>,
    },
    /// Nothing closes the gap: the shortfall with every service and full QOF.
    Impossible { shortfall: Money },
}

#[derive(Clone, Debug, Serialize)]
pub struct BreakEven {
    pub baseline: String,
    pub baseline_name: String,
    pub target: String,
    pub target_name: String,
    pub baseline_total: Money,
    pub target_total: Money,
    pub outcome: Outcome,
}

fn total(catalog: &Catalog, prep: &Prepared, p: &Practice) -> Money {
    statement(catalog, prep, p).total
}

/// The practice with QOF achievement moved a share `t` of the way to full:
/// each threshold indicator closes that share of the gap between its earned
/// share and full points; all-or-nothing indicators not met are met at 1.
pub fn at_qof_level(catalog: &Catalog, prep: &Prepared, base: &Practice, t: Decimal) -> Practice {
    with_qof_level(catalog, prep, base, t)
}

fn with_qof_level(catalog: &Catalog, prep: &Prepared, base: &Practice, t: Decimal) -> Practice {
    let rs = prep.rules();
    let mut p = base.clone();
    for (i, ind) in rs.qof.indicators.iter().enumerate() {
        let used = resolve(catalog, rs, i, base);
        let a = match ind.kind {
            IndicatorKind::Threshold => {
                let (Some(l), Some(u)) = (
                    ind.lower.as_ref().and_then(|f| f.value),
                    ind.upper.as_ref().and_then(|f| f.value),
                ) else {
                    continue;
                };
                let f0 = fraction(prep, i, &used).unwrap_or(Decimal::ZERO);
                let f = f0 + t * (Decimal::ONE - f0);
                Achievement::Percent(l + f * (u - l))
            }
            _ => {
                let met = !matches!(
                    used,
                    AchievementUsed::Given {
                        value: Achievement::Met(false),
                        ..
                    }
                ) || t >= Decimal::ONE;
                Achievement::Met(met)
            }
        };
        p.set_achievement(ind.code_id, Some(a));
    }
    p
}

/// The practice with every enhanced service of `rs` fully taken up.
pub fn all_services(rs: &RuleSet, base: &Practice) -> Practice {
    let mut p = base.clone();
    for s in &rs.services {
        p.uptake.insert(
            s.id.to_string(),
            Uptake {
                taken_up: true,
                components_missed: Vec::new(),
            },
        );
    }
    p
}

/// Finds the QOF level at which income reaches `target`, if full QOF does.
fn qof_level_for(
    catalog: &Catalog,
    prep: &Prepared,
    p: &Practice,
    target: Money,
) -> Option<QofLevel> {
    let rs = prep.rules();
    let at = |t: Decimal| total(catalog, prep, &with_qof_level(catalog, prep, p, t));
    if at(Decimal::ONE) < target {
        return None;
    }
    let (mut lo, mut hi) = (Decimal::ZERO, Decimal::ONE);
    for _ in 0..40 {
        let mid = (lo + hi) / Decimal::TWO;
        if at(mid) >= target {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let now = statement(catalog, prep, p);
    let then = statement(catalog, prep, &with_qof_level(catalog, prep, p, hi));
    let avail = now.qof_max_points.0;
    let share = |pts: Decimal| {
        if avail.is_zero() {
            Decimal::ZERO
        } else {
            pts / avail
        }
    };
    Some(QofLevel {
        from_share: share(now.qof_points.0),
        to_share: share(then.qof_points.0),
        points_needed: then.qof_points,
        points_available: now.qof_max_points,
        national_average: rs.national_average_share(),
        lever: hi,
    })
}

/// What it would take under `target` to earn what the practice earns under `baseline`.
pub fn what_would_it_take(
    catalog: &Catalog,
    baseline_set: &Prepared,
    target_set: &Prepared,
    p: &Practice,
) -> BreakEven {
    let (baseline, target) = (baseline_set.rules(), target_set.rules());
    let base_total = total(catalog, baseline_set, p);
    let cur = total(catalog, target_set, p);
    let mut result = BreakEven {
        baseline: baseline.id.to_string(),
        baseline_name: baseline.name.to_string(),
        target: target.id.to_string(),
        target_name: target.name.to_string(),
        baseline_total: base_total,
        target_total: cur,
        outcome: Outcome::AlreadyThere {
            surplus: cur - base_total,
        },
    };
    if cur >= base_total {
        return result;
    }
    // Services not fully taken up, by what each adds on its own.
    let mut gains: Vec<ServiceGain> = target
        .services
        .iter()
        .filter_map(|s| {
            let (taken, missed) = p.uptake(&s.id);
            if taken && missed.is_empty() {
                return None;
            }
            let mut q = p.clone();
            q.uptake.insert(
                s.id.to_string(),
                Uptake {
                    taken_up: true,
                    components_missed: Vec::new(),
                },
            );
            let gain = total(catalog, target_set, &q) - cur;
            (gain > Money::ZERO).then(|| ServiceGain {
                id: s.id.to_string(),
                name: s.name.to_string(),
                gain,
            })
        })
        .collect();
    gains.sort_by_key(|g| std::cmp::Reverse(g.gain));
    let mut services = None;
    let mut running = cur;
    for (k, g) in gains.iter().enumerate() {
        running += g.gain;
        if running >= base_total {
            services = Some(gains[..=k].to_vec());
            break;
        }
    }
    let qof = qof_level_for(catalog, target_set, p, base_total);
    let combined = if services.is_none() && qof.is_none() {
        qof_level_for(catalog, target_set, &all_services(target, p), base_total)
    } else {
        None
    };
    result.outcome = if services.is_none() && qof.is_none() && combined.is_none() {
        let best = total(
            catalog,
            target_set,
            &with_qof_level(catalog, target_set, &all_services(target, p), Decimal::ONE),
        );
        Outcome::Impossible {
            shortfall: base_total - best,
        }
    } else {
        Outcome::Options {
            services,
            qof,
            combined,
        }
    };
    result
}

fn share_pct(d: Decimal) -> String {
    crate::money::Percent(d * Decimal::ONE_HUNDRED).display()
}

impl BreakEven {
    /// One or two sentences for people.
    pub fn sentence(&self) -> String {
        let diff = self.baseline_total - self.target_total;
        match &self.outcome {
            Outcome::AlreadyThere { surplus } => format!(
                "Under {} this practice earns {} more than under {}, so nothing more is needed to match it.",
                self.target_name,
                surplus.display_pounds(),
                self.baseline_name
            ),
            Outcome::Options { services, qof, combined } => {
                let mut parts = Vec::new();
                if let Some(s) = services {
                    let names: Vec<String> = s.iter().map(|g| format!("{} ({})", g.name.to_ascii_lowercase(), g.gain.display_change())).collect();
                    parts.push(format!("taking up {}", join_and(&names)));
                }
                if let Some(q) = qof {
                    parts.push(format!(
                        "raising QOF achievement from {} to {} of the points available{}",
                        share_pct(q.from_share),
                        share_pct(q.to_share),
                        q.national_average.map(|n| format!(" (the national average was {})", share_pct(n))).unwrap_or_default()
                    ));
                }
                if let Some(c) = combined {
                    parts.push(format!(
                        "taking up every enhanced service and raising QOF achievement from {} to {} of the points available",
                        share_pct(c.from_share),
                        share_pct(c.to_share)
                    ));
                }
                format!(
                    "Under {} this practice earns {} less than under {}. It would match {} by {}.",
                    self.target_name,
                    diff.display_pounds(),
                    self.baseline_name,
                    self.baseline_name,
                    parts.join(", or by ")
                )
            }
            Outcome::Impossible { shortfall } => format!(
                "Under {} this practice earns {} less than under {}. Nothing closes the gap: even with every enhanced service and full QOF achievement it would be {} short.",
                self.target_name,
                diff.display_pounds(),
                self.baseline_name,
                shortfall.display_pounds()
            ),
        }
    }
}

fn join_and(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
    }
}
