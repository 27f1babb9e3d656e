//! The waterfall: from rule set A to rule set B one part at a time,
//! computing a full statement after each step with the same engine. Each
//! cause is the difference between consecutive steps, so the causes add up
//! to the total change exactly. The practice's achievement is pinned first,
//! so that changing rules cannot change what the practice achieves.
//!
//! Each step's rule set is prepared afresh ([`Prepared::new`]), so every
//! derived value follows the figures the step has swapped in. The one
//! exception is stated where it is made: the reinvested QOF money moves in
//! the steps that name it (the services' part with the services, the global
//! sum's with the global sum), and until then each keeps its own set's.

use super::step_range::{estimates_of, step_range, StepRange};
use crate::calc::{statement, AchievementUsed};
use crate::money::Money;
use crate::practice::{Achievement, Practice};
use crate::prepared::{itemised_points, thresholds, Prepared};
use crate::rules::{Catalog, IndicatorKind, RuleSet};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashSet;
use std::sync::Arc;

/// A named cause of change between two rule sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    OrganisationalQof,
    DataGaps,
    PointValue,
    Thresholds,
    NationalPrevalence,
    Indicators,
    NewServices,
    OtherServices,
    GlobalSum,
    Mpig,
    Other,
}

impl Cause {
    pub fn label(self) -> &'static str {
        match self {
            Cause::OrganisationalQof => "Organisational QOF removed",
            Cause::DataGaps => "Gaps in our data for the earlier year",
            Cause::PointValue => "Point value and list-size divisor",
            Cause::Thresholds => "Thresholds raised",
            Cause::NationalPrevalence => "National prevalence",
            Cause::Indicators => "Indicators retired, added or re-weighted",
            Cause::NewServices => "New enhanced services",
            Cause::OtherServices => "Other enhanced services",
            Cause::GlobalSum => "Global sum",
            Cause::Mpig => "MPIG",
            Cause::Other => "Other differences",
        }
    }

    /// What the step changes, for people.
    pub fn description(self) -> &'static str {
        match self {
            Cause::OrganisationalQof => "Organisational indicators (records, education, management, medicines) that the new rule set drops.",
            Cause::DataGaps => "Indicators whose thresholds we could not find for the earlier year: that year pays them at an estimate, and this step replaces it with what the later year's thresholds pay. Close to zero, as a gap in our data is not a contract change.",
            Cause::PointValue => "The £ per point, the average list that divides the practice's list (CPI) and the PMS deduction.",
            Cause::Thresholds => "New payment thresholds on indicators that continue, at the practice's same achievement.",
            Cause::NationalPrevalence => "National prevalence figures that the practice's registers are compared with.",
            Cause::Indicators => "Indicators retired, new indicators, and points moved between indicators.",
            Cause::NewServices => "Enhanced services the earlier rule set did not have.",
            Cause::OtherServices => "Changed rates of continuing enhanced services, and services that ended.",
            Cause::GlobalSum => "The global sum price, the out-of-hours deduction and QOF money reinvested in the global sum; for a PMS or APMS practice, the equivalent uplift to its contract value and any premium review reduction.",
            Cause::Mpig => "The MPIG correction factor's phase-out.",
            Cause::Other => "Anything the named steps do not cover; zero for the published rule sets.",
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Step {
    pub cause: Cause,
    pub label: &'static str,
    pub amount: Money,
    /// Income after this step.
    pub running_total: Money,
    /// Where the step's amount could lie, when it moves estimates for gaps
    /// in our data (`calc::qof::gaps`): each estimate it removes or adds
    /// taken anywhere from £0 to its value at full achievement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<StepRange>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Waterfall {
    pub from: Arc<str>,
    pub to: Arc<str>,
    pub from_total: Money,
    pub to_total: Money,
    pub total_change: Money,
    pub steps: Vec<Step>,
}

/// Fixes each indicator's achievement to what the practice has under the set
/// it belongs to, so the waterfall's hybrids never re-derive defaults.
pub fn pin_achievement(catalog: &Catalog, sets: &[&RuleSet], p: &Practice) -> Practice {
    let mut pinned = p.clone();
    let mut done: HashSet<u32> = HashSet::new();
    for rs in sets {
        for (i, ind) in rs.qof.indicators.iter().enumerate() {
            if !done.insert(ind.code_id) {
                continue;
            }
            let used = crate::calc::resolve(catalog, rs, i, p);
            let a = match used {
                AchievementUsed::Given { value, .. } => Some(value),
                AchievementUsed::Typical { percent } => Some(Achievement::Percent(percent)),
                AchievementUsed::Full => Some(Achievement::Percent(Decimal::ONE_HUNDRED)),
                AchievementUsed::MetByDefault => Some(Achievement::Met(true)),
                AchievementUsed::Unknown => None,
            };
            if a.is_some() {
                pinned.set_achievement(ind.code_id, a);
            }
        }
    }
    pinned
}

/// The waterfall from `a` to `b` for one practice.
pub fn waterfall(catalog: &Catalog, a_set: &Prepared, b_set: &Prepared, p: &Practice) -> Waterfall {
    let (a, b) = (a_set.rules(), b_set.rules());
    let pinned = pin_achievement(catalog, &[a, b], p);
    let from = statement(catalog, a_set, p);
    let from_total = from.total;
    let to_total = statement(catalog, b_set, p).total;
    let mut estimated = estimates_of(&from);
    let mut h = a.clone();
    let mut steps = Vec::new();
    // Start from A's own total: any effect of pinning (none, for published
    // sets) then lands in the first step and the steps still sum exactly.
    let mut running = from_total;
    // Which reinvestment each step pays: A's until step 8 moves the
    // services' part and step 9 the global sum's (see the module comment).
    #[derive(Clone, Copy, PartialEq)]
    enum Reinvestment {
        FromA,
        ServicesFromB,
        AllFresh,
    }
    let mut step = |cause: Cause, h: &RuleSet, held: Reinvestment, steps: &mut Vec<Step>| {
        let mut prep = Prepared::new(h);
        match held {
            // New services (step 7) bring B's rates; the rest keep A's.
            Reinvestment::FromA => {
                prep.service_reinvestment_from(b_set);
                prep.service_reinvestment_from(a_set);
                prep.global_sum_reinvestment_from(a_set);
            }
            Reinvestment::ServicesFromB => prep.global_sum_reinvestment_from(a_set),
            Reinvestment::AllFresh => {}
        }
        let st = statement(catalog, &prep, &pinned);
        let t = st.total;
        let now = estimates_of(&st);
        steps.push(Step {
            cause,
            label: cause.label(),
            amount: t - running,
            running_total: t,
            range: step_range(t - running, &estimated, &now),
        });
        running = t;
        estimated = now;
    };
    let lineage = |code: u32| {
        catalog
            .codes
            .lineage
            .get(code as usize)
            .copied()
            .unwrap_or(u32::MAX)
    };
    let b_lineages: HashSet<u32> = b
        .qof
        .indicators
        .iter()
        .map(|i| lineage(i.code_id))
        .collect();

    // 1. Organisational QOF removed.
    {
        let q = &mut h.qof;
        let doomed: Vec<bool> = q
            .indicators
            .iter()
            .map(|i| {
                q.domains[q.areas[i.area].domain].organisational
                    && !b_lineages.contains(&lineage(i.code_id))
            })
            .collect();
        let itemised_before = itemised_points(&h.qof);
        retain_indicators(&mut h.qof, &doomed);
        // The official totals of the domains it cuts fall with them, so
        // the estimate for a gap there (`calc::qof::gaps`) does not pay
        // the removed points back: a domain left with no indicators loses
        // its total, and its gap with it.
        let itemised_after = itemised_points(&h.qof);
        let q = &mut h.qof;
        for (di, d) in q.domains.iter_mut().enumerate() {
            let removed = itemised_before[di] - itemised_after[di];
            if removed.is_zero() {
                continue;
            }
            let emptied = !q.indicators.iter().any(|i| q.areas[i.area].domain == di);
            d.official_points.value = match d.official_points.value {
                _ if emptied => None,
                v => v.map(|v| v - removed),
            };
        }
    }
    step(
        Cause::OrganisationalQof,
        &h,
        Reinvestment::FromA,
        &mut steps,
    );

    // 2. Figures our data lacks for A but has for B's successor indicator.
    let area_in_known_domain: Vec<bool> = h
        .qof
        .areas
        .iter()
        .map(|a| {
            h.qof
                .domains
                .get(a.domain)
                .is_some_and(|d| d.official_points.value.is_some())
        })
        .collect();
    for ind in &mut h.qof.indicators {
        let related = &catalog.codes.related[ind.code_id as usize];
        let Some(n) = related.iter().find_map(|c| {
            b.qof
                .indicators
                .iter()
                .find(|n| n.code_id == *c && n.kind == ind.kind)
        }) else {
            continue;
        };
        // Points missing inside a domain whose official total is known are
        // already estimated with that total's gap (`calc::qof::gaps`):
        // B's points there would count them twice.
        let estimated_in_domain = area_in_known_domain[ind.area];
        if ind.points.value.is_none() && ind.pool.is_none() && !estimated_in_domain {
            ind.points.value = n.points.value;
        }
        if ind.is_threshold() && thresholds(ind).is_none() {
            ind.lower = n.lower.clone();
            ind.upper = n.upper.clone();
        }
    }
    step(Cause::DataGaps, &h, Reinvestment::FromA, &mut steps);

    // 3. Point value and divisor.
    h.qof.point_value = b.qof.point_value.clone();
    h.qof.average_list_size = b.qof.average_list_size.clone();
    h.qof.pms_deduction_amount = b.qof.pms_deduction_amount.clone();
    h.qof.pms_deduction_per_patients = b.qof.pms_deduction_per_patients.clone();
    step(Cause::PointValue, &h, Reinvestment::FromA, &mut steps);

    // 4. Thresholds of continuing indicators.
    for ind in &mut h.qof.indicators {
        if ind.kind != IndicatorKind::Threshold {
            continue;
        }
        let related = &catalog.codes.related[ind.code_id as usize];
        let successor = related.iter().find_map(|c| {
            b.qof
                .indicators
                .iter()
                .find(|n| n.code_id == *c && n.kind == IndicatorKind::Threshold)
        });
        if let Some(n) = successor {
            ind.lower = n.lower.clone();
            ind.upper = n.upper.clone();
        }
    }
    step(Cause::Thresholds, &h, Reinvestment::FromA, &mut steps);

    // 5. National prevalence.
    h.prevalence = b.prevalence.clone();
    step(
        Cause::NationalPrevalence,
        &h,
        Reinvestment::FromA,
        &mut steps,
    );

    // 6. The indicator table itself.
    h.qof = b.qof.clone();
    step(Cause::Indicators, &h, Reinvestment::FromA, &mut steps);

    // 7. New enhanced services.
    let a_ids: HashSet<&str> = a.services.iter().map(|s| &*s.id).collect();
    for s in &b.services {
        if !a_ids.contains(&*s.id) {
            h.services.push(s.clone());
        }
    }
    step(Cause::NewServices, &h, Reinvestment::FromA, &mut steps);

    // 8. Continuing and ended services.
    h.services = b.services.clone();
    h.reinvestment = b.reinvestment.clone();
    step(
        Cause::OtherServices,
        &h,
        Reinvestment::ServicesFromB,
        &mut steps,
    );

    // 9. Global sum.
    h.funding.global_sum_price = b.funding.global_sum_price.clone();
    h.funding.ooh_deduction = b.funding.ooh_deduction.clone();
    h.funding.pms_uplift = b.funding.pms_uplift.clone();
    h.funding.pms_premium_review = b.funding.pms_premium_review.clone();
    step(Cause::GlobalSum, &h, Reinvestment::AllFresh, &mut steps);

    // 10. MPIG.
    h.funding = b.funding.clone();
    step(Cause::Mpig, &h, Reinvestment::AllFresh, &mut steps);

    // Whatever the named steps did not reach (zero for published sets).
    let residual = to_total - running;
    steps.push(Step {
        cause: Cause::Other,
        label: Cause::Other.label(),
        amount: residual,
        running_total: to_total,
        range: None,
    });
    Waterfall {
        from: a.id.clone(),
        to: b.id.clone(),
        from_total,
        to_total,
        total_change: to_total - from_total,
        steps,
    }
}

/// Keeps the indicators not marked, and pools with members left.
fn retain_indicators(q: &mut crate::rules::Qof, doomed: &[bool]) {
    let mut map = vec![usize::MAX; q.indicators.len()];
    let mut next = 0;
    for (i, d) in doomed.iter().enumerate() {
        if !d {
            map[i] = next;
            next += 1;
        }
    }
    let mut k = 0;
    q.indicators.retain(|_| {
        let keep = !doomed[k];
        k += 1;
        keep
    });
    for p in &mut q.pools {
        p.members = p
            .members
            .iter()
            .filter(|m| map[**m] != usize::MAX)
            .map(|m| map[*m])
            .collect();
    }
    let pool_map: Vec<Option<usize>> = {
        let mut next = 0;
        q.pools
            .iter()
            .map(|p| {
                if p.members.is_empty() {
                    None
                } else {
                    next += 1;
                    Some(next - 1)
                }
            })
            .collect()
    };
    q.pools.retain(|p| !p.members.is_empty());
    for ind in &mut q.indicators {
        ind.pool = ind.pool.and_then(|pi| pool_map[pi]);
    }
}
