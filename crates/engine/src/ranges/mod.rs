//! How sure a total is: a layer over statements, not threaded through the
//! payment functions. Each uncertain figure's plausible range is rules data
//! (`FigureMeta::range`); this module moves figures to the ends of their
//! ranges, prepares the set afresh and asks the same [`statement`] for the
//! total.
//!
//! **A total's range.** Each ranged figure is first moved alone to each end
//! (its *swing*: the totals at its low and high ends). The range is then
//! the total with every figure at the end that lowered it, and with every
//! figure at the end that raised it, computed together. This relies on the
//! total being monotone in each figure and the figures' effects not
//! reversing one another (raising a threshold never pays more, say, however
//! the others are set); `tests/ranges.rs` checks it can fail: the ends
//! must contain every one-at-a-time total and every random corner.
//!
//! **A change's range.** A figure one set carries into the next (the same
//! description, or the same path, value, source and range: the same
//! unknown) moves together in both; a figure
//! uncertain in each set separately moves independently, to the ends that
//! widen the change.
//!
//! **Edited figures are certain.** A figure the user edited in a scenario
//! is taken as given and adds no range. Figures that are not found add no
//! range here: they are gaps, each with its own estimate and range
//! (`calc::qof::gaps`), and a total's range includes its gaps' too (from £0
//! to all of their points).

use crate::batch::BatchSet;
use crate::calc::statement;
use crate::figure::{Figure, FigureMeta};
use crate::money::Money;
use crate::practice::Practice;
use crate::prepared::Prepared;
use crate::rules::{walk_mut, walk_ref};
use crate::rules::{Catalog, RuleSet};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

mod directions;
mod ends;
mod reference;
pub use directions::{change_directions, change_swings, total_directions, Directions};
pub use ends::{change_ends, change_range_at, range_at, total_ends, ChangeEnds, TotalEnds};
pub use reference::Reference;

/// A total and how far the uncertain figures could move it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Range {
    pub low: Money,
    pub central: Money,
    pub high: Money,
}

/// One figure's own effect on a total, moved alone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Swing {
    /// The figure's path, e.g. `qof.indicators.DM002.upper`.
    pub path: String,
    pub label: String,
    /// The total with the figure at its range's low and high ends.
    pub at_low: Money,
    pub at_high: Money,
    /// How far it moves the total, the larger of its two ends' moves.
    pub swing: Money,
    /// How much further its high end puts the total than its low end with
    /// the gaps' estimates at their least (£0), and at their most (all
    /// their points): the totals a range's low and high ends are taken at.
    /// A figure's effect can differ in sign between the two (an indicator's
    /// points: more of them itemised leaves less gap to pay in full), so
    /// each end of the range takes each figure's end from its own.
    pub effect_at_least: Money,
    pub effect_at_most: Money,
}

/// A set's ranged figures: their place in the walk, and their ends.
pub(super) struct Ranged {
    pub(super) index: usize,
    value: Decimal,
    pub(super) low: Decimal,
    pub(super) high: Decimal,
    label: String,
    pub(super) meta: Arc<FigureMeta>,
}

/// The figures of `rs` that carry a range and have not been edited.
pub(super) fn ranged(rs: &RuleSet) -> Vec<Ranged> {
    let mut out = Vec::new();
    let mut index = 0;
    walk_ref(rs, &mut |_, fig: &Figure| {
        if let (Some(r), Some(value), false) = (&fig.meta.range, fig.value, fig.is_edited()) {
            out.push(Ranged {
                index,
                value,
                low: r.low,
                high: r.high,
                label: fig.label().to_string(),
                meta: fig.meta.clone(),
            });
        }
        index += 1;
    });
    out
}

/// `rs` with the figures at the walk positions given (in order) set to
/// their values.
pub(super) fn with_values(rs: &RuleSet, values: &[(usize, Decimal)]) -> RuleSet {
    let mut h = rs.clone();
    let mut index = 0;
    let mut next = values.iter().peekable();
    walk_mut(&mut h, &mut |_, fig| {
        if let Some(&&(i, v)) = next.peek() {
            if i == index {
                fig.value = Some(v);
                next.next();
            }
        }
        index += 1;
    });
    h
}

fn total(catalog: &Catalog, rs: &RuleSet, p: &Practice) -> Money {
    statement(catalog, &Prepared::new(rs), p).total
}

/// The total by the batch path, which pays exactly what the statement
/// pays (`batch`'s invariant) without building its lines, with the gaps'
/// estimates at their least, at the estimate and at their most.
fn quick_totals(catalog: &Catalog, rs: &RuleSet, p: &Practice) -> [Money; 3] {
    let b = BatchSet::new(catalog, rs);
    b.profile_span(p).map(|q| b.amounts(p, &q).total)
}

/// The total with its gaps' estimates at their least and at their most
/// (£0, and all of their points), from one statement. (The batch path
/// would take a quarter of the time, but its code would then be in the
/// embed's module, 2 KB gzip that put the embed's first figures over 3 s
/// at 750 kbit/s; a keystroke's ranges take 305 µs natively this way.)
pub(super) fn total_span(catalog: &Catalog, rs: &RuleSet, p: &Practice) -> (Money, Money) {
    let st = statement(catalog, &Prepared::new(rs), p);
    let (mut least, mut most) = (st.total, st.total);
    for g in &st.gaps {
        if let (Some(e), Some(m)) = (g.estimate, g.value_at_full) {
            least = least - e;
            most += m - e;
        }
    }
    (least, most)
}

/// The central total and every ranged figure's swing, moved alone, in the
/// walk's order (those that move nothing included, so that each figure's
/// direction is known). The costly part: two batch runs a ranged figure.
pub fn swings(catalog: &Catalog, rs: &RuleSet, p: &Practice) -> (Money, Vec<Swing>) {
    let central = total(catalog, rs, p);
    // One copy, each figure moved and put back in turn: cheaper than a
    // copy a figure's end.
    let mut h = rs.clone();
    let out = ranged(rs)
        .iter()
        .map(|f| {
            let mut at = |v: Decimal| {
                set_value(&mut h, f.index, Some(v));
                let t = quick_totals(catalog, &h, p);
                set_value(&mut h, f.index, Some(f.value));
                t
            };
            let [ll, low, lm] = at(f.low);
            let [hl, high, hm] = at(f.high);
            Swing {
                path: f.meta.path.clone(),
                label: f.label.clone(),
                at_low: low,
                at_high: high,
                swing: Money((low.0 - central.0).abs().max((high.0 - central.0).abs())),
                effect_at_least: hl - ll,
                effect_at_most: hm - lm,
            }
        })
        .collect();
    (central, out)
}

/// Sets the figure at `index` in the walk.
fn set_value(rs: &mut RuleSet, index: usize, v: Option<Decimal>) {
    let mut i = 0;
    walk_mut(rs, &mut |_, fig| {
        if i == index {
            fig.value = v;
        }
        i += 1;
    });
}

/// The swings that move the total, largest first.
pub fn ranked(mut swings: Vec<Swing>) -> Vec<Swing> {
    swings.retain(|s| !s.swing.0.is_zero());
    swings.sort_by(|a, b| b.swing.cmp(&a.swing).then_with(|| a.path.cmp(&b.path)));
    swings
}

/// Each swing by its figure's path, for matching them to a set's figures.
pub(super) fn by_path(swings: &[Swing]) -> std::collections::HashMap<&str, &Swing> {
    swings.iter().map(|s| (s.path.as_str(), s)).collect()
}

/// A statement's total with its range, and each figure's swing, largest
/// first (figures that move nothing left out).
pub fn statement_range(catalog: &Catalog, rs: &RuleSet, p: &Practice) -> (Range, Vec<Swing>) {
    let (central, swings) = swings(catalog, rs, p);
    let ends = total_ends(rs, &total_directions(catalog, rs, p, &swings));
    (range_at(catalog, &ends, central, p), ranked(swings))
}

/// The change from `a` to `b` with its range: a figure both sets hold as
/// the same unknown ([`same_unknown`]) moves together in both; the rest
/// move independently, to the ends that widen the change.
pub fn change_range(catalog: &Catalog, a: &RuleSet, b: &RuleSet, p: &Practice) -> Range {
    let (ta, sa) = swings(catalog, a, p);
    let (tb, sb) = swings(catalog, b, p);
    let (da, db) = (
        total_directions(catalog, a, p, &sa),
        total_directions(catalog, b, p, &sb),
    );
    let dc = change_directions(catalog, a, b, p, &sa, &sb, &da, &db);
    let ends = change_ends(a, b, &da, &db, &dc);
    change_range_at(catalog, &ends, ta, tb, p)
}
