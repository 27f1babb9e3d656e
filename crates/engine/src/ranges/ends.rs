//! A set at the ends of its ranged figures that a total's or a change's
//! range takes, and the range worked out there: two statements a total,
//! four a change, whatever the number of figures.

use super::directions::{shared, Directions};
use super::{ranged, total_span, with_values, Range, Ranged};
use crate::money::Money;
use crate::practice::Practice;
use crate::rules::{Catalog, RuleSet};
use rust_decimal::Decimal;

/// A set at the ends of its ranged figures that lower its total, and at
/// those that raise it: two statements give a total's range.
#[derive(Clone, Debug)]
pub struct TotalEnds {
    pub lowering: RuleSet,
    pub raising: RuleSet,
}

/// `rs`'s ranged figures at the ends `d` gives a range's low end (`low`) or
/// its high end.
pub(super) fn picked(figs: &[Ranged], d: &Directions, low: bool) -> Vec<(usize, Decimal)> {
    figs.iter()
        .map(|f| {
            (
                f.index,
                if d.high_at(f.index, low) {
                    f.high
                } else {
                    f.low
                },
            )
        })
        .collect()
}

/// The ends of `rs`'s ranged figures that `d` gives its total's range.
pub fn total_ends(rs: &RuleSet, d: &Directions) -> TotalEnds {
    let figs = ranged(rs);
    TotalEnds {
        lowering: with_values(rs, &picked(&figs, d, true)),
        raising: with_values(rs, &picked(&figs, d, false)),
    }
}

/// A total's range at its ends, given its central total: the gaps at
/// their own extremes at each end.
pub fn range_at(catalog: &Catalog, ends: &TotalEnds, central: Money, p: &Practice) -> Range {
    let low = total_span(catalog, &ends.lowering, p).0;
    let high = total_span(catalog, &ends.raising, p).1;
    Range {
        low: low.min(central),
        central,
        high: high.max(central),
    }
}

/// The two sets of a change at the ends that make it lowest (`b` at its
/// least, `a` at its most) and highest (the other way round).
#[derive(Clone, Debug)]
pub struct ChangeEnds {
    pub a_most: RuleSet,
    pub b_least: RuleSet,
    pub a_least: RuleSet,
    pub b_most: RuleSet,
}

/// The ends of a change from `a` to `b`: a figure both hold as the same
/// unknown at the end `dc` ([`change_directions`]) gives the change's low
/// (or high) end, in both; every other figure at the end its own set's
/// directions give its total, to widen the change.
pub fn change_ends(
    a: &RuleSet,
    b: &RuleSet,
    da: &Directions,
    db: &Directions,
    dc: &Directions,
) -> ChangeEnds {
    let (fa, fb) = (ranged(a), ranged(b));
    let pairs = shared(&fa, &fb);
    let in_b = |i: usize| {
        pairs
            .iter()
            .find(|(f, _)| f.index == i)
            .map(|(_, g)| g.index)
    };
    let b_shared = |i: usize| pairs.iter().any(|(_, g)| g.index == i);
    let end = |f: &Ranged, high: bool| (f.index, if high { f.high } else { f.low });
    // The change's low end (`change_low`) takes `a` at its most, `b` at
    // its least; its high end the other way round.
    let pick_a = |change_low: bool| -> Vec<(usize, Decimal)> {
        fa.iter()
            .map(|f| match in_b(f.index) {
                Some(j) => end(f, dc.high_at(j, change_low)),
                None => end(f, da.high_at(f.index, !change_low)),
            })
            .collect()
    };
    let pick_b = |change_low: bool| -> Vec<(usize, Decimal)> {
        fb.iter()
            .map(|g| {
                let d = if b_shared(g.index) { dc } else { db };
                end(g, d.high_at(g.index, change_low))
            })
            .collect()
    };
    ChangeEnds {
        a_most: with_values(a, &pick_a(true)),
        b_least: with_values(b, &pick_b(true)),
        a_least: with_values(a, &pick_a(false)),
        b_most: with_values(b, &pick_b(false)),
    }
}

/// A change's range at its ends, given the two central totals.
pub fn change_range_at(
    catalog: &Catalog,
    ends: &ChangeEnds,
    ta: Money,
    tb: Money,
    p: &Practice,
) -> Range {
    let (low, high) = change_span(catalog, ends, p);
    let central = tb - ta;
    Range {
        low: low.min(central),
        central,
        high: high.max(central),
    }
}

/// The change at its ends: `b` at its least less `a` at its most, and the
/// other way round.
pub(super) fn change_span(catalog: &Catalog, ends: &ChangeEnds, p: &Practice) -> (Money, Money) {
    let b_least = total_span(catalog, &ends.b_least, p).0;
    let a_most = total_span(catalog, &ends.a_most, p).1;
    let b_most = total_span(catalog, &ends.b_most, p).1;
    let a_least = total_span(catalog, &ends.a_least, p).0;
    (b_least - a_most, b_most - a_least)
}
