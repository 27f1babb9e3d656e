//! A practice whose published QOF level scales its CCG's achievement
//! profile (see `population::achievement`): the CCG's profile laid out once
//! a set ([`ScaleTable`]), and every such practice's points read off it in
//! one sweep up the multipliers ([`BatchSet::scaled_many`]).

use super::{BatchSet, GapLevel, ProfileQof};
use crate::calc::{earned_points, fraction, indicator_points, resolve, AchievementUsed};
use crate::practice::{Achievement, Practice};
use crate::rules::{IndicatorKind, PaymentBasis};
use rust_decimal::{Decimal, RoundingStrategy};

/// An achievement `a`% scaled by `m`, capped at 100: how the national
/// population spreads a practice's published level across indicators (the
/// practice's own achievement is written with exactly this value).
pub fn scale_achievement(a: Decimal, m: Decimal) -> Decimal {
    // Both are at least 0, so a product too large for `Decimal` is far
    // above 100 (a fuzzed population once overflowed it).
    a.checked_mul(m)
        .map_or(Decimal::ONE_HUNDRED, |v| v.min(Decimal::ONE_HUNDRED))
}

/// An indicator of a [`ScaleTable`] that scales: a threshold indicator
/// given at some achievement `a`%.
#[derive(Clone, Debug)]
struct Scaled {
    /// Its register (the last slot: none adjusts its pay).
    slot: usize,
    /// Its domain, whose points earned scale the gaps' estimates.
    domain: usize,
    points: Decimal,
    /// Between its thresholds it earns `slope × m − intercept` points.
    slope: Decimal,
    intercept: Decimal,
    /// Whether it has a between (its thresholds differ).
    between: bool,
    /// The multipliers (six places) at and above which it earns all its
    /// points, and at and below which none.
    full_from: Decimal,
    none_to: Decimal,
}

/// A profile of achievement laid out to be scaled (see
/// [`BatchSet::scale_table`]).
#[derive(Clone, Debug)]
pub struct ScaleTable {
    /// What the indicators that do not scale earn, by register (and last,
    /// those no register adjusts), and in all.
    fixed_by_slot: Vec<Decimal>,
    fixed_points: Decimal,
    /// The same by domain.
    fixed_by_domain: Vec<Decimal>,
    scaled: Vec<Scaled>,
}

impl<'a> BatchSet<'a> {
    /// The profile of `template`'s achievement laid out so that the same
    /// achievement scaled by any multiplier `m` of six places (each
    /// indicator the practice gives at `a`% taken at `a × m`%, capped at
    /// 100) is worked out without resolving codes again: what the
    /// indicators that do not scale earn is summed once, and each that
    /// scales knows the multipliers from which it earns all its points or
    /// none, and, in between, its points as a line in `m`. (The sums are
    /// grouped differently from the statement's, so the points can differ
    /// some twenty places below a point; see the module's invariant.)
    pub fn scale_table(&self, template: &Practice) -> ScaleTable {
        let q = &self.rs.qof;
        let slots = self.catalog.registers.len();
        let mut fixed_by_slot = vec![Decimal::ZERO; slots + 1];
        let mut fixed_points = Decimal::ZERO;
        let mut fixed_by_domain = vec![Decimal::ZERO; q.domains.len()];
        let mut scaled = Vec::new();
        for (i, ind) in q.indicators.iter().enumerate() {
            let used = resolve(self.catalog, self.rs, i, template);
            let (points, _) = indicator_points(ind, &self.prep.pool_shares);
            let slot = match (ind.payment, ind.register) {
                (PaymentBasis::Prevalence, Some(reg)) if reg < slots => reg,
                _ => slots,
            };
            let domain = q.areas[ind.area].domain;
            let limits = crate::prepared::thresholds(ind);
            match (&used, ind.kind, limits, points) {
                (
                    AchievementUsed::Given {
                        value: Achievement::Percent(a),
                        ..
                    },
                    IndicatorKind::Threshold,
                    Some((l, u)),
                    Some(pts),
                ) if *a > Decimal::ZERO => {
                    // a × m ≥ u exactly when m ≥ u ÷ a, so, for a multiplier
                    // of six places, when m ≥ u ÷ a rounded up to six places;
                    // a × m ≤ l when m ≤ l ÷ a rounded down.
                    let mut full_from =
                        (u / *a).round_dp_with_strategy(6, RoundingStrategy::ToPositiveInfinity);
                    let mut none_to =
                        (l / *a).round_dp_with_strategy(6, RoundingStrategy::ToNegativeInfinity);
                    full_from.rescale(6);
                    none_to.rescale(6);
                    // Between them, pts × (a × m − l) ÷ (u − l): a line in m.
                    // Thresholds that meet have no between: all or nothing.
                    let band = u - l;
                    let (slope, intercept) = if band > Decimal::ZERO {
                        (pts * *a / band, pts * l / band)
                    } else {
                        (Decimal::ZERO, Decimal::ZERO)
                    };
                    scaled.push(Scaled {
                        slot,
                        domain,
                        points: pts,
                        slope,
                        intercept,
                        between: band > Decimal::ZERO,
                        full_from,
                        none_to,
                    });
                }
                _ => {
                    if let Some(e) = earned_points(points, fraction(&self.prep, i, &used)) {
                        fixed_by_slot[slot] += e;
                        fixed_points += e;
                        fixed_by_domain[domain] += e;
                    }
                }
            }
        }
        ScaleTable {
            fixed_by_slot,
            fixed_by_domain,
            fixed_points,
            scaled,
        }
    }

    /// The profiles of a table's achievement scaled by each of `ms`
    /// (multipliers to six places, each with the caller's key), in the
    /// order of their multipliers: one sweep up the multipliers, adding
    /// each indicator to the line as it passes its lower threshold and to
    /// the constant part as it passes its upper, so that each practice costs
    /// one line per register, not one step per indicator.
    pub fn scaled_many<K: Copy>(
        &self,
        table: &ScaleTable,
        ms: &[(K, Decimal)],
    ) -> Vec<(K, ProfileQof)> {
        let mut ms: Vec<(K, Decimal)> = ms
            .iter()
            .map(|(k, m)| {
                let mut m = crate::money::round_half_up(*m, 6);
                m.rescale(6);
                (*k, m)
            })
            .collect();
        ms.sort_by_key(|x| x.1);
        let mut enter: Vec<&Scaled> = table.scaled.iter().filter(|e| e.between).collect();
        enter.sort_by_key(|e| e.none_to);
        let mut full: Vec<&Scaled> = table.scaled.iter().collect();
        full.sort_by_key(|e| e.full_from);
        let (mut ei, mut fi) = (0, 0);
        // Points by slot: constant + slope × m, and in all.
        let mut constant = table.fixed_by_slot.clone();
        let mut slope = vec![Decimal::ZERO; constant.len()];
        let (mut constant_all, mut slope_all) = (table.fixed_points, Decimal::ZERO);
        // And by domain, for the gaps' estimates.
        let mut d_constant = table.fixed_by_domain.clone();
        let mut d_slope = vec![Decimal::ZERO; d_constant.len()];
        let mut out = Vec::with_capacity(ms.len());
        for (key, m) in ms {
            while let Some(e) = enter.get(ei).filter(|e| e.none_to < m) {
                constant[e.slot] -= e.intercept;
                slope[e.slot] += e.slope;
                constant_all -= e.intercept;
                slope_all += e.slope;
                d_constant[e.domain] -= e.intercept;
                d_slope[e.domain] += e.slope;
                ei += 1;
            }
            while let Some(e) = full.get(fi).filter(|e| e.full_from <= m) {
                if e.between {
                    // It entered the band first: its lower threshold is
                    // below its upper.
                    constant[e.slot] += e.intercept;
                    slope[e.slot] -= e.slope;
                    constant_all += e.intercept;
                    slope_all -= e.slope;
                    d_constant[e.domain] += e.intercept;
                    d_slope[e.domain] -= e.slope;
                }
                constant[e.slot] += e.points;
                constant_all += e.points;
                d_constant[e.domain] += e.points;
                fi += 1;
            }
            let mut by_slot: Vec<Decimal> = constant
                .iter()
                .zip(&slope)
                .map(|(c, s)| if s.is_zero() { *c } else { *c + *s * m })
                .collect();
            let mut points = if slope_all.is_zero() {
                constant_all
            } else {
                constant_all + slope_all * m
            };
            let mut unadjusted = by_slot.pop().unwrap_or_default();
            if !self.prep.gaps.is_empty() && self.gap_level != GapLevel::Least {
                let earned: Vec<Decimal> = d_constant
                    .iter()
                    .zip(&d_slope)
                    .map(|(c, s)| if s.is_zero() { *c } else { *c + *s * m })
                    .collect();
                points += self.add_estimates(
                    &earned,
                    self.gap_level == GapLevel::Most,
                    &mut by_slot,
                    &mut unadjusted,
                );
            }
            out.push((key, self.finish(by_slot, unadjusted, points)));
        }
        out
    }
}
