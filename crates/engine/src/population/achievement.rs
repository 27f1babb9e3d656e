//! A practice's QOF achievement from its published level: the share of
//! available points it achieved (Fingertips), spread across indicators by
//! its CCG's profile. One multiplier `m` on the CCG's achievement of every
//! indicator (each capped at 100%) is chosen so that the practice's points
//! under the payments year's rules, as a share of the points available,
//! equal its published share; the scaled achievement is then used under
//! every rule set, so that rules, not behaviour, move the result.
//!
//! The points a profile earns are piecewise linear and non-decreasing in
//! `m` (each threshold indicator earns nothing below its lower threshold,
//! all above its upper and pro rata between), so a CCG's [`Shape`] is
//! worked out once, as the knots of that line, and each practice's
//! multiplier is read off it exactly by a binary search: no iteration per
//! practice.

use crate::calc::{earned_points, fraction, indicator_points, resolve, AchievementUsed};
use crate::practice::{Achievement, Practice};
use crate::prepared::Prepared;
use crate::rules::{Catalog, IndicatorKind};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// A change in the points line at one multiplier: the points jump by
/// `jump` there, and the slope changes by `slope` after it.
struct Event {
    at: Decimal,
    slope: Decimal,
    jump: Decimal,
}

/// One knot of the points line: at multiplier `m` the points are `left`
/// just below and `right` at and just above, rising by `slope` a unit of
/// `m` until the next knot.
#[derive(Clone, Debug, PartialEq)]
struct Knot {
    m: Decimal,
    left: Decimal,
    right: Decimal,
    slope: Decimal,
}

/// The points a CCG's achievement profile earns under the payments year's
/// rules, as a function of the multiplier on it.
#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    /// Points available: every indicator's points (the statement's maximum).
    pub max: Decimal,
    knots: Vec<Knot>,
}

impl Shape {
    /// The shape of `template`'s achievement (a practice holding the CCG's
    /// achievement) under `prep`.
    pub fn new(catalog: &Catalog, prep: &Prepared, template: &Practice) -> Shape {
        let rs = prep.rules();
        let mut max = Decimal::ZERO;
        let mut at_zero = Decimal::ZERO;
        let mut events: Vec<Event> = Vec::new();
        for (i, ind) in rs.qof.indicators.iter().enumerate() {
            let (points, _) = indicator_points(ind, &prep.pool_shares);
            let Some(pts) = points else { continue };
            max += pts;
            let used = resolve(catalog, rs, i, template);
            let limits = ind
                .lower
                .as_ref()
                .and_then(|f| f.value)
                .zip(ind.upper.as_ref().and_then(|f| f.value));
            match (ind.kind, &used, limits) {
                (
                    IndicatorKind::Threshold,
                    AchievementUsed::Given {
                        value: Achievement::Percent(a),
                        ..
                    },
                    Some((l, u)),
                ) if *a > Decimal::ZERO && l >= Decimal::ZERO => {
                    let (a, start, end) = (*a, l / *a, u / *a);
                    if u > l {
                        // d(points)/dm: points × achievement ÷ the threshold band.
                        let slope = pts * a / (u - l);
                        events.push(Event {
                            at: start,
                            slope,
                            jump: Decimal::ZERO,
                        });
                        events.push(Event {
                            at: end,
                            slope: -slope,
                            jump: Decimal::ZERO,
                        });
                    } else {
                        // Thresholds that meet: all or nothing, just above.
                        events.push(Event {
                            at: start,
                            slope: Decimal::ZERO,
                            jump: pts,
                        });
                    }
                }
                _ => {
                    // Not scaled: what it earns at the multiplier's every value.
                    if let Some(e) = earned_points(points, fraction(prep, i, &used)) {
                        at_zero += e;
                    }
                }
            }
        }
        events.sort_by_key(|e| e.at);
        let mut knots = vec![Knot {
            m: Decimal::ZERO,
            left: at_zero,
            right: at_zero,
            slope: Decimal::ZERO,
        }];
        for e in events {
            let last = knots.last_mut().expect("the first knot is pushed above");
            if e.at == last.m {
                last.right += e.jump;
                last.slope += e.slope;
                continue;
            }
            let reached = last.right + last.slope * (e.at - last.m);
            let slope = last.slope + e.slope;
            knots.push(Knot {
                m: e.at,
                left: reached,
                right: reached + e.jump,
                slope,
            });
        }
        Shape { max, knots }
    }

    /// The points earned at multiplier `m`.
    pub fn points_at(&self, m: Decimal) -> Decimal {
        let k = self.knots.partition_point(|k| k.m <= m);
        match k.checked_sub(1).and_then(|k| self.knots.get(k)) {
            Some(knot) => knot.right + knot.slope * (m - knot.m),
            None => self.knots.first().map(|k| k.left).unwrap_or_default(),
        }
    }

    /// The least multiplier at which the profile earns `share` (0 to 1) of
    /// the points available; the multiplier at which it earns all it can
    /// when `share` is more than that, and zero when it is less than what
    /// the unscaled indicators earn alone.
    pub fn multiplier(&self, share: Decimal) -> Decimal {
        let target = share * self.max;
        // The last knot whose points just below it are at most the target.
        let k = self.knots.partition_point(|k| k.left <= target);
        let Some(knot) = k.checked_sub(1).and_then(|k| self.knots.get(k)) else {
            return Decimal::ZERO;
        };
        if target <= knot.right || knot.slope <= Decimal::ZERO {
            return knot.m;
        }
        let m = knot.m + (target - knot.right) / knot.slope;
        match self.knots.get(k) {
            Some(next) => m.min(next.m),
            None => m,
        }
    }
}

/// The CCG's achievement scaled by `m` ([`crate::batch::scale_achievement`]:
/// each capped at 100%), as the practice's own.
pub fn scaled(ccg: &BTreeMap<String, Decimal>, m: Decimal) -> BTreeMap<String, Decimal> {
    ccg.iter()
        .map(|(code, a)| {
            (
                code.clone(),
                crate::batch::scale_achievement(*a, m).normalize(),
            )
        })
        .collect()
}

/// The multiplier a practice uses: [`Shape::multiplier`] to six places, so
/// that its scaled achievement (two places times six) stays readable.
pub fn rounded(m: Decimal) -> Decimal {
    crate::money::round_half_up(m, 6)
}
