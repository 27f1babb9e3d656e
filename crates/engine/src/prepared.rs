//! A rule set made ready to compute with: the figures (a borrowed
//! [`RuleSet`], which holds figures and structure only) and every value
//! derived from them, worked out once by [`Prepared::new`].
//!
//! Statements, explanations, the waterfall's steps, the break-even and the
//! national batch path all take a `Prepared`, never a bare `RuleSet`, so a
//! derived value that no longer matches its figures cannot be expressed: to
//! change a figure, change the rule set and prepare it again. The one
//! deliberate exception is the waterfall, which attributes the reinvested
//! QOF money to the steps that move it (see `compare::waterfall`) and says
//! so where it sets [`Prepared::reinvestment_from`].
//!
//! Depends on `rules` only; `calc` and the payment modules depend on it.

use crate::rules::{ComponentKind, IndicatorKind, Qof, Reinvestment, RuleSet};
use rust_decimal::Decimal;

/// A rule set and what is derived from its figures.
#[derive(Clone, Debug)]
pub struct Prepared<'r> {
    rules: &'r RuleSet,
    /// Points itemised in each domain's indicator table (indicators and
    /// pools with points), to set against the official domain totals.
    pub(crate) domain_points: Vec<Decimal>,
    /// Each area's indicators (indexes into `qof.indicators`), in order.
    pub(crate) area_indicators: Vec<Vec<u32>>,
    /// Each indicator's share of its points at its typical achievement and
    /// the thresholds in use; `None` for non-threshold indicators, and where
    /// the typical achievement or a threshold is unknown.
    pub(crate) typical_fraction: Vec<Option<Decimal>>,
    /// Each pool's points for each member that has none of its own.
    pub(crate) pool_shares: Vec<Option<Decimal>>,
    /// Reinvested QOF money added to the global sum, £ per weighted patient.
    pub(crate) reinvested_per_weighted_patient: Decimal,
    /// Each service component's reinvested £ per registered patient, by
    /// service and component (zero for components that are not reinvested).
    pub(crate) reinvested_rates: Vec<Vec<Decimal>>,
    /// The QOF points our figures cannot pay, which the statement estimates
    /// (`calc::qof::gaps`): facts of the rule set, the same for every practice.
    pub(crate) gaps: GapPlan,
}

/// The QOF points a rule set's figures leave unpaid, and what their
/// estimates are scaled by.
#[derive(Clone, Debug, Default)]
pub(crate) struct GapPlan {
    /// Indicators whose points are known and payment thresholds are not:
    /// (index, points at stake).
    pub indicators: Vec<(usize, Decimal)>,
    /// Domains whose official total is more than the indicator table
    /// itemises: (domain, points short).
    pub domains: Vec<(usize, Decimal)>,
    /// Each domain's points on the indicators that can be paid (points and,
    /// for threshold indicators, both thresholds known): what a practice's
    /// share of points earned in the domain is out of.
    pub payable_by_domain: Vec<Decimal>,
    /// The same over every domain.
    pub payable: Decimal,
}

impl GapPlan {
    /// True for a rule set whose figures pay every QOF point.
    pub fn is_empty(&self) -> bool {
        self.indicators.is_empty() && self.domains.is_empty()
    }
}

impl<'r> Prepared<'r> {
    /// Works out every derived value of `rules`.
    pub fn new(rules: &'r RuleSet) -> Prepared<'r> {
        let q = &rules.qof;
        let domain_points = itemised_points(q);
        let mut area_indicators = vec![Vec::new(); q.areas.len()];
        for (index, i) in q.indicators.iter().enumerate() {
            if let Some(list) = area_indicators.get_mut(i.area) {
                list.push(index as u32);
            }
        }
        let typical_fraction = q
            .indicators
            .iter()
            .map(|i| {
                if i.kind != IndicatorKind::Threshold {
                    return None;
                }
                let t = i.typical_achievement?;
                let l = i.lower.as_ref()?.value?;
                let u = i.upper.as_ref()?.value?;
                Some(threshold_fraction(t, l, u))
            })
            .collect();
        let (pot, gs_share) = match &rules.reinvestment {
            Some(r) => (
                pot_per_patient(r, q).unwrap_or_default(),
                share_of(r, "global_sum").unwrap_or_default(),
            ),
            None => (Decimal::ZERO, Decimal::ZERO),
        };
        let reinvested_rates = rules
            .services
            .iter()
            .map(|s| {
                let share = rules
                    .reinvestment
                    .as_ref()
                    .and_then(|r| share_of(r, &s.id))
                    .unwrap_or_default();
                s.components
                    .iter()
                    .map(|c| match c.kind {
                        ComponentKind::Reinvested => pot * share,
                        _ => Decimal::ZERO,
                    })
                    .collect()
            })
            .collect();
        let pool_shares = pool_shares(q);
        let gaps = gap_plan(q, &domain_points, &pool_shares);
        Prepared {
            rules,
            gaps,
            domain_points,
            area_indicators,
            typical_fraction,
            pool_shares,
            reinvested_per_weighted_patient: pot * gs_share,
            reinvested_rates,
        }
    }

    /// Each of `sets`, prepared, in order.
    pub fn all<'s>(sets: impl IntoIterator<Item = &'s RuleSet>) -> Vec<Prepared<'s>> {
        sets.into_iter().map(Prepared::new).collect()
    }

    /// The figures.
    pub fn rules(&self) -> &'r RuleSet {
        self.rules
    }

    /// Points the indicator table itemises in a domain.
    pub fn domain_points(&self, domain: usize) -> Decimal {
        self.domain_points.get(domain).copied().unwrap_or_default()
    }

    /// An area's indicators, as indexes into `qof.indicators`.
    pub fn area_indicators(&self, area: usize) -> &[u32] {
        self.area_indicators.get(area).map_or(&[], |v| v.as_slice())
    }

    /// A service component's reinvested £ per registered patient.
    pub fn reinvested_rate(&self, service: usize, component: usize) -> Decimal {
        self.reinvested_rates
            .get(service)
            .and_then(|s| s.get(component))
            .copied()
            .unwrap_or_default()
    }

    /// Takes the global sum's part of the reinvested QOF money from another
    /// prepared set. Only the waterfall uses this, to move the reinvestment
    /// in the step that names it.
    pub(crate) fn global_sum_reinvestment_from(&mut self, other: &Prepared) {
        self.reinvested_per_weighted_patient = other.reinvested_per_weighted_patient;
    }

    /// Takes each service's reinvested rates from another prepared set, for
    /// the services it has (matched by id). Only the waterfall uses this.
    pub(crate) fn service_reinvestment_from(&mut self, other: &Prepared) {
        for (s, rates) in self.rules.services.iter().zip(&mut self.reinvested_rates) {
            if let Some(j) = other.rules.services.iter().position(|o| o.id == s.id) {
                if let Some(theirs) = other.reinvested_rates.get(j) {
                    if theirs.len() == rates.len() {
                        rates.clone_from(theirs);
                    }
                }
            }
        }
    }
}

/// Points earned pro rata between the thresholds: none at or below the
/// lower, all at or above the upper, linear in between.
pub fn threshold_fraction(a: Decimal, l: Decimal, u: Decimal) -> Decimal {
    if a <= l {
        Decimal::ZERO
    } else if a >= u {
        Decimal::ONE
    } else {
        (a - l) / (u - l)
    }
}

/// Points itemised in each domain's indicator table: indicators' and
/// pools' own points, to set against the official domain totals.
pub(crate) fn itemised_points(q: &Qof) -> Vec<Decimal> {
    let mut domain_points = vec![Decimal::ZERO; q.domains.len()];
    let itemised = q
        .indicators
        .iter()
        .map(|i| (i.area, i.points.value))
        .chain(q.pools.iter().map(|p| (p.area, p.points.value)));
    for (area, points) in itemised {
        let domain = q.areas.get(area).map(|a| a.domain);
        if let (Some(d), Some(points)) = (domain.and_then(|d| domain_points.get_mut(d)), points) {
            *d += points;
        }
    }
    domain_points
}

/// An indicator's lower and upper payment thresholds, where both were found.
pub(crate) fn thresholds(ind: &crate::rules::Indicator) -> Option<(Decimal, Decimal)> {
    Some((ind.lower.as_ref()?.value?, ind.upper.as_ref()?.value?))
}

/// An indicator's points (its own, or its share of its pool) and whether
/// they came from the pool.
pub(crate) fn indicator_points(
    ind: &crate::rules::Indicator,
    pool_share: &[Option<Decimal>],
) -> (Option<Decimal>, bool) {
    match (ind.points.value, ind.pool) {
        (Some(pts), _) => (Some(pts), false),
        (None, Some(pi)) => (pool_share.get(pi).copied().flatten(), true),
        (None, None) => (None, false),
    }
}

/// The points `q`'s figures leave unpaid, and each domain's payable points.
fn gap_plan(q: &Qof, domain_points: &[Decimal], pool_shares: &[Option<Decimal>]) -> GapPlan {
    let mut plan = GapPlan {
        payable_by_domain: vec![Decimal::ZERO; q.domains.len()],
        ..GapPlan::default()
    };
    for (index, i) in q.indicators.iter().enumerate() {
        let Some(points) = indicator_points(i, pool_shares).0 else {
            continue;
        };
        let thresholds_known = !i.is_threshold() || thresholds(i).is_some();
        if !thresholds_known {
            plan.indicators.push((index, points));
        } else if let Some(d) = q
            .areas
            .get(i.area)
            .and_then(|a| plan.payable_by_domain.get_mut(a.domain))
        {
            *d += points;
            plan.payable += points;
        }
    }
    for (di, d) in q.domains.iter().enumerate() {
        if let Some(official) = d.official_points.value {
            let short = (official - domain_points.get(di).copied().unwrap_or_default()).round_dp(6);
            if short > Decimal::ZERO {
                plan.domains.push((di, short));
            }
        }
    }
    plan
}

/// Pool shares: each member without points of its own carries an equal
/// share of what is left of the pool's points.
fn pool_shares(q: &Qof) -> Vec<Option<Decimal>> {
    q.pools
        .iter()
        .map(|pool| {
            let total_points = pool.points.value?;
            let points = |m: usize| q.indicators.get(m).and_then(|i| i.points.value);
            let own: Decimal = pool.members.iter().filter_map(|&m| points(m)).sum();
            let unpaid = pool
                .members
                .iter()
                .filter(|&&m| points(m).is_none())
                .count();
            (unpaid > 0)
                .then(|| (total_points - own).max(Decimal::ZERO) / Decimal::from(unpaid as u64))
        })
        .collect()
}

/// Pounds a registered patient the pot is worth: points × £/point ÷
/// average list. Nationally the CPI sums to list ÷ average list, so this
/// needs no national list size.
fn pot_per_patient(r: &Reinvestment, qof: &Qof) -> Option<Decimal> {
    let points = r.points.value?;
    let pv = qof.point_value.value?;
    let avg = qof.average_list_size.value?;
    if avg.is_zero() {
        return None;
    }
    Some(points * pv / avg)
}

/// The QOF money a set reinvests in the global sum, £ a weighted patient
/// (what [`Prepared::new`] holds as `reinvested_per_weighted_patient`),
/// worked out without preparing the rest of the set.
pub(crate) fn global_sum_reinvestment(rules: &RuleSet) -> Decimal {
    match &rules.reinvestment {
        Some(r) => {
            pot_per_patient(r, &rules.qof).unwrap_or_default()
                * share_of(r, "global_sum").unwrap_or_default()
        }
        None => Decimal::ZERO,
    }
}

/// The share of the pot going to `target`.
fn share_of(r: &Reinvestment, target: &str) -> Option<Decimal> {
    let total: Decimal = r.targets.iter().filter_map(|t| t.weight.value).sum();
    if total.is_zero() {
        return Some(Decimal::ZERO);
    }
    let w = r
        .targets
        .iter()
        .find(|t| &*t.target == target)
        .and_then(|t| t.weight.value)
        .unwrap_or(Decimal::ZERO);
    Some(w / total)
}
