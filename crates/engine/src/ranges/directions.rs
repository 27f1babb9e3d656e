//! Which end of each ranged figure a range's ends take, from a practice's
//! swings: each figure's own effect, then, where figures act together
//! through a QOF domain's gap, whichever of their own ends, all low or all
//! high puts each end of the range furthest out.

use super::ends::{change_ends, change_span, picked};
use super::{by_path, ranged, total_span, with_values, Ranged, Swing};
use crate::figure::{Figure, FigureMeta};
use crate::money::Money;
use crate::practice::Practice;
use crate::rules::walk_ref;
use crate::rules::{Catalog, RuleSet};
use rust_decimal::Decimal;

/// Which end of each ranged figure a range's ends take: the figures, by
/// their place in the set's walk, taken at their *high* end at the range's
/// low end (`at_low`: their high end lowers the total, or the change) and
/// at its high end (`at_high`: their high end raises it); every other
/// ranged figure is taken at its low end there. Worked out from a
/// practice's swings ([`total_directions`], [`change_directions`]); the
/// page keeps the last ones it has, and the build's [`Reference`] before
/// any, so that a keystroke costs a few statements, not every figure's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Directions {
    pub at_low: Vec<usize>,
    pub at_high: Vec<usize>,
}

impl Directions {
    /// Whether the range's low end (`low`), or its high end, takes the
    /// figure at `index` at its high end.
    pub(super) fn high_at(&self, index: usize, low: bool) -> bool {
        let list = if low { &self.at_low } else { &self.at_high };
        list.binary_search(&index).is_ok()
    }
}

/// A figure's effects on what a range's (low, high) end is taken at.
pub(crate) type Effects = Vec<(usize, Decimal, Decimal)>;

/// Each ranged figure of `rs` (by its place in the walk) with its effects
/// at the range's low and high ends ([`Swing::effect_at_least`],
/// [`Swing::effect_at_most`]); a figure with no swing given moves nothing.
pub(crate) fn total_effects(rs: &RuleSet, swings: &[Swing]) -> Effects {
    let by = by_path(swings);
    ranged(rs)
        .iter()
        .map(|f| match by.get(f.meta.path.as_str()) {
            Some(s) => (f.index, s.effect_at_least.0, s.effect_at_most.0),
            None => (f.index, Decimal::ZERO, Decimal::ZERO),
        })
        .collect()
}

/// The ends effects give: at the range's low end, a figure whose high end
/// lowers what it is taken at; at its high end, one whose high end raises.
pub(crate) fn directions_of(effects: &Effects) -> Directions {
    let pick = |keep: &dyn Fn(Decimal, Decimal) -> bool| {
        let mut v: Vec<usize> = effects
            .iter()
            .filter(|&&(_, l, h)| keep(l, h))
            .map(|&(i, _, _)| i)
            .collect();
        v.sort_unstable();
        v
    };
    Directions {
        at_low: pick(&|l, _| l < Decimal::ZERO),
        at_high: pick(&|_, h| h > Decimal::ZERO),
    }
}

/// The directions a practice's swings under `rs` give its total's range,
/// figure by figure. [`total_directions`] refines them.
pub(crate) fn figure_directions(rs: &RuleSet, swings: &[Swing]) -> Directions {
    directions_of(&total_effects(rs, swings))
}

/// The ranged points figures (indicators' and groups') of each QOF domain,
/// by their place in the walk. Their effects are not separable: a domain's
/// gap is what its official total leaves over the points itemised, so with
/// the gap paid in full each indicator's points lower the total (less gap)
/// until the points itemised reach the official total, and raise it after.
fn points_groups(rs: &RuleSet) -> Vec<Vec<usize>> {
    let q = &rs.qof;
    let domain_of = |area: usize| q.areas.get(area).map_or(0, |a| a.domain);
    let mut at: Vec<(*const Figure, usize)> = q
        .indicators
        .iter()
        .map(|i| (&i.points as *const Figure, domain_of(i.area)))
        .chain(
            q.pools
                .iter()
                .map(|p| (&p.points as *const Figure, domain_of(p.area))),
        )
        .collect();
    at.sort_unstable_by_key(|&(f, _)| f as usize);
    let mut groups = vec![Vec::new(); q.domains.len()];
    let mut index = 0;
    walk_ref(rs, &mut |_, fig: &Figure| {
        if fig.meta.range.is_some() && fig.value.is_some() && !fig.is_edited() {
            let key = fig as *const Figure as usize;
            if let Ok(k) = at.binary_search_by_key(&key, |&(f, _)| f as usize) {
                if let Some(g) = groups.get_mut(at[k].1) {
                    g.push(index);
                }
            }
        }
        index += 1;
    });
    groups.retain(|g| g.len() > 1);
    groups
}

/// `d` with the figures of `group` all taken at their high end (`high`),
/// or all at their low end, at the range's low end (`low`) or high end.
fn with_group(d: &Directions, group: &[usize], low: bool, high: bool) -> Directions {
    let mut out = d.clone();
    let list = if low {
        &mut out.at_low
    } else {
        &mut out.at_high
    };
    list.retain(|i| !group.contains(i));
    if high {
        list.extend_from_slice(group);
        list.sort_unstable();
    }
    out
}

/// `d` with `group` taken all low or all high at the range's low end, and
/// again at its high end, wherever that puts the end further out than the
/// figures' own ends; `end(d, low)` is the range's low (or high) end at
/// directions `d`.
fn furthest(
    mut d: Directions,
    group: &[usize],
    end: impl Fn(&Directions, bool) -> Money,
) -> Directions {
    for low in [true, false] {
        // How far out the end is: the low end lower, the high end higher.
        let out = |d: &Directions| {
            let e = end(d, low).0;
            if low {
                -e
            } else {
                e
            }
        };
        let mut best = out(&d);
        for high in [false, true] {
            let t = with_group(&d, group, low, high);
            let v = out(&t);
            if v > best {
                (best, d) = (v, t);
            }
        }
    }
    d
}

/// The directions for `rs`'s total's range: each figure's own (from its
/// effects), then, for each domain's points figures, whichever of the
/// three (their own ends, all low, all high) puts each end of the range
/// furthest out, since a domain's gap makes them act together
/// ([`points_groups`]). Two statements a domain and end.
pub fn total_directions(
    catalog: &Catalog,
    rs: &RuleSet,
    p: &Practice,
    swings: &[Swing],
) -> Directions {
    refine_total(catalog, rs, p, figure_directions(rs, swings))
}

/// [`total_directions`]' second step, from figure-by-figure directions.
pub(crate) fn refine_total(
    catalog: &Catalog,
    rs: &RuleSet,
    p: &Practice,
    mut d: Directions,
) -> Directions {
    let figs = ranged(rs);
    for group in points_groups(rs) {
        d = furthest(d, &group, |d, low| {
            let (least, most) = total_span(catalog, &with_values(rs, &picked(&figs, d, low)), p);
            Money(if low { least.0 } else { most.0 })
        });
    }
    d
}

/// Whether two sets' figures are the same unknown: the same description
/// (a figure a derived set carries), or the same path, value, source and
/// range (a figure each full set states alike, such as the out-of-hours
/// deduction of 2012/13 to 2014/15, inferred once from the same data).
fn same_unknown(a: &FigureMeta, b: &FigureMeta) -> bool {
    std::ptr::eq(a, b)
        || (a.path == b.path
            && a.published == b.published
            && a.source == b.source
            && a.range.as_ref().map(|r| (r.low, r.high))
                == b.range.as_ref().map(|r| (r.low, r.high)))
}

/// The ranged figures `a` and `b` hold as the same unknown, as pairs of
/// (a's, b's).
pub(super) fn shared<'x>(fa: &'x [Ranged], fb: &'x [Ranged]) -> Vec<(&'x Ranged, &'x Ranged)> {
    fa.iter()
        .filter_map(|f| {
            fb.iter()
                .find(|g| same_unknown(&f.meta, &g.meta))
                .map(|g| (f, g))
        })
        .collect()
}

/// Each figure `a` and `b` hold as the same unknown ([`same_unknown`]),
/// which moves together in both, by its place in `b`'s walk, with its
/// effects on the change's low end (`b` at its least less `a` at its most)
/// and its high end (`b` at its most less `a` at its least).
pub(crate) fn change_effects(a: &RuleSet, b: &RuleSet, sa: &[Swing], sb: &[Swing]) -> Effects {
    let (fa, fb) = (ranged(a), ranged(b));
    let (ba, bb) = (by_path(sa), by_path(sb));
    let effect = |by: &std::collections::HashMap<&str, &Swing>, f: &Ranged| {
        by.get(f.meta.path.as_str())
            .map_or((Decimal::ZERO, Decimal::ZERO), |s| {
                (s.effect_at_least.0, s.effect_at_most.0)
            })
    };
    shared(&fa, &fb)
        .into_iter()
        .map(|(f, g)| {
            let ((a_least, a_most), (b_least, b_most)) = (effect(&ba, f), effect(&bb, g));
            (g.index, b_least - a_most, b_most - a_least)
        })
        .collect()
}

/// The directions the swings give the change from `a` to `b` of the
/// figures both hold as the same unknown, by their place in `b`'s walk,
/// figure by figure. [`change_directions`] refines them.
pub(crate) fn shared_directions(
    a: &RuleSet,
    b: &RuleSet,
    sa: &[Swing],
    sb: &[Swing],
) -> Directions {
    directions_of(&change_effects(a, b, sa, sb))
}

/// The directions for the change from `a` to `b` of the figures both hold
/// as the same unknown, given each set's own (`da`, `db`): each figure's
/// own, then for each domain's shared points figures whichever of their
/// own ends, all low or all high puts each end of the change furthest out
/// (as [`total_directions`] does for a total).
#[allow(clippy::too_many_arguments)]
pub fn change_directions(
    catalog: &Catalog,
    a: &RuleSet,
    b: &RuleSet,
    p: &Practice,
    sa: &[Swing],
    sb: &[Swing],
    da: &Directions,
    db: &Directions,
) -> Directions {
    refine_change(catalog, a, b, p, da, db, shared_directions(a, b, sa, sb))
}

/// [`change_directions`]' second step, from figure-by-figure directions.
pub(crate) fn refine_change(
    catalog: &Catalog,
    a: &RuleSet,
    b: &RuleSet,
    p: &Practice,
    da: &Directions,
    db: &Directions,
    mut dc: Directions,
) -> Directions {
    let (fa, fb) = (ranged(a), ranged(b));
    let in_b: Vec<usize> = shared(&fa, &fb).iter().map(|(_, g)| g.index).collect();
    for group in points_groups(b) {
        let group: Vec<usize> = group.into_iter().filter(|i| in_b.contains(i)).collect();
        if group.len() < 2 {
            continue;
        }
        dc = furthest(dc, &group, |dc, low| {
            let (least, most) = change_span(catalog, &change_ends(a, b, da, db, dc), p);
            if low {
                least
            } else {
                most
            }
        });
    }
    dc
}

/// Each ranged figure's swing on the change from `a` (central total `ta`,
/// swings `sa`) to `b`: a figure both hold as the same unknown moves in
/// both, any other in its own set only. Largest first, those that move
/// nothing left out; `at_low` and `at_high` are the change, not a total.
/// Its `path` and `label` are `b`'s figure's where `b` has it, else `a`'s;
/// `in_b` says which.
pub fn change_swings(
    a: &RuleSet,
    b: &RuleSet,
    (ta, sa): (Money, &[Swing]),
    (tb, sb): (Money, &[Swing]),
) -> Vec<(Swing, bool)> {
    let (fa, fb) = (ranged(a), ranged(b));
    let pairs = shared(&fa, &fb);
    let (ba, bb) = (by_path(sa), by_path(sb));
    let central = tb - ta;
    let moved = |s: &Swing, at_low: Money, at_high: Money| Swing {
        at_low,
        at_high,
        swing: Money(
            (at_low.0 - central.0)
                .abs()
                .max((at_high.0 - central.0).abs()),
        ),
        ..s.clone()
    };
    let mut out = Vec::new();
    for g in &fb {
        let Some(y) = bb.get(g.meta.path.as_str()) else {
            continue;
        };
        let x = pairs
            .iter()
            .find(|(_, h)| h.index == g.index)
            .and_then(|(f, _)| ba.get(f.meta.path.as_str()));
        let (low, high) = match x {
            Some(x) => (y.at_low - x.at_low, y.at_high - x.at_high),
            None => (y.at_low - ta, y.at_high - ta),
        };
        out.push((moved(y, low, high), true));
    }
    for f in &fa {
        if pairs.iter().any(|(g, _)| g.index == f.index) {
            continue;
        }
        if let Some(x) = ba.get(f.meta.path.as_str()) {
            out.push((moved(x, tb - x.at_low, tb - x.at_high), false));
        }
    }
    out.retain(|(s, _)| !s.swing.0.is_zero());
    out.sort_by(|(x, _), (y, _)| y.swing.cmp(&x.swing).then_with(|| x.path.cmp(&y.path)));
    out
}
