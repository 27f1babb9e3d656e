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

use crate::calc::statement;
use crate::figure::Figure;
use crate::money::Money;
use crate::practice::Practice;
use crate::prepared::Prepared;
use crate::rules::{walk_mut, walk_ref};
use crate::rules::{Catalog, RuleSet};
use rust_decimal::Decimal;
use serde::Serialize;
use std::sync::Arc;

/// A total and how far the uncertain figures could move it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Range {
    pub low: Money,
    pub central: Money,
    pub high: Money,
}

/// One figure's own effect on a total, moved alone.
#[derive(Clone, Debug, Serialize)]
pub struct Swing {
    /// The figure's path, e.g. `qof.indicators.DM002.upper`.
    pub path: String,
    pub label: String,
    /// The total with the figure at its range's low and high ends.
    pub at_low: Money,
    pub at_high: Money,
    /// How far it moves the total, the larger of its two ends' moves.
    pub swing: Money,
}

/// A set's ranged figures: their place in the walk, and their ends.
struct Ranged {
    index: usize,
    low: Decimal,
    high: Decimal,
    label: String,
    meta: Arc<crate::figure::FigureMeta>,
}

/// The figures of `rs` that carry a range and have not been edited.
fn ranged(rs: &RuleSet) -> Vec<Ranged> {
    let mut out = Vec::new();
    let mut index = 0;
    walk_ref(rs, &mut |_, fig: &Figure| {
        if let (Some(r), Some(_), false) = (&fig.meta.range, fig.value, fig.is_edited()) {
            out.push(Ranged {
                index,
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

/// `rs` with the figures at the walk positions given set to their values.
fn with_values(rs: &RuleSet, values: &[(usize, Decimal)]) -> RuleSet {
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

/// The total with its gaps' estimates at their least and at their most
/// (£0, and all of their points), from one statement.
fn total_span(catalog: &Catalog, rs: &RuleSet, p: &Practice) -> (Money, Money) {
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

/// Each ranged figure's swing, moved alone, in the order of `figs`.
fn swings_of(
    catalog: &Catalog,
    rs: &RuleSet,
    p: &Practice,
    central: Money,
    figs: &[Ranged],
) -> Vec<Swing> {
    figs.iter()
        .map(|f| {
            let at_low = total(catalog, &with_values(rs, &[(f.index, f.low)]), p);
            let at_high = total(catalog, &with_values(rs, &[(f.index, f.high)]), p);
            let swing = Money(
                (at_low.0 - central.0)
                    .abs()
                    .max((at_high.0 - central.0).abs()),
            );
            Swing {
                path: f.meta.path.clone(),
                label: f.label.clone(),
                at_low,
                at_high,
                swing,
            }
        })
        .collect()
}

/// For each ranged figure, its (lowering, raising) end from its swing
/// (`swings` in the order of `figs`).
fn ends(figs: &[Ranged], swings: &[Swing]) -> Vec<(usize, Decimal, Decimal)> {
    figs.iter()
        .zip(swings)
        .map(|(f, s)| {
            if s.at_low <= s.at_high {
                (f.index, f.low, f.high)
            } else {
                (f.index, f.high, f.low)
            }
        })
        .collect()
}

/// A statement's total with its range, and each figure's swing, largest
/// first (figures that move nothing left out).
pub fn statement_range(catalog: &Catalog, rs: &RuleSet, p: &Practice) -> (Range, Vec<Swing>) {
    let figs = ranged(rs);
    let central = total(catalog, rs, p);
    let mut swings = swings_of(catalog, rs, p, central, &figs);
    let e = ends(&figs, &swings);
    let lowering: Vec<(usize, Decimal)> = e.iter().map(|&(i, l, _)| (i, l)).collect();
    let raising: Vec<(usize, Decimal)> = e.iter().map(|&(i, _, h)| (i, h)).collect();
    // The gaps at their own extremes, at each end's figures.
    let low = total_span(catalog, &with_values(rs, &lowering), p).0;
    let high = total_span(catalog, &with_values(rs, &raising), p).1;
    let range = Range {
        low: low.min(central),
        central,
        high: high.max(central),
    };
    swings.retain(|s| !s.swing.0.is_zero());
    swings.sort_by(|a, b| b.swing.cmp(&a.swing).then_with(|| a.path.cmp(&b.path)));
    (range, swings)
}

/// Whether two sets' figures are the same unknown: the same description
/// (a figure a derived set carries), or the same path, value, source and
/// range (a figure each full set states alike, such as the out-of-hours
/// deduction of 2012/13 to 2014/15, inferred once from the same data).
fn same_unknown(a: &crate::figure::FigureMeta, b: &crate::figure::FigureMeta) -> bool {
    std::ptr::eq(a, b)
        || (a.path == b.path
            && a.published == b.published
            && a.source == b.source
            && a.range.as_ref().map(|r| (r.low, r.high))
                == b.range.as_ref().map(|r| (r.low, r.high)))
}

/// The change from `a` to `b` with its range: a figure both sets hold as
/// the same unknown ([`same_unknown`]) moves together in both; the rest
/// move independently, to the ends that widen the change.
pub fn change_range(catalog: &Catalog, a: &RuleSet, b: &RuleSet, p: &Practice) -> Range {
    let (fa, fb) = (ranged(a), ranged(b));
    let (ta, tb) = (total(catalog, a, p), total(catalog, b, p));
    let sa = swings_of(catalog, a, p, ta, &fa);
    let sb = swings_of(catalog, b, p, tb, &fb);
    let (ea, eb) = (ends(&fa, &sa), ends(&fb, &sb));
    // A shared figure's ends that lower and raise the change: its move in
    // B less its move in A, at each end.
    let mut together: Vec<(&crate::figure::FigureMeta, Decimal, Decimal)> = Vec::new();
    for (f, x) in fa.iter().zip(&sa) {
        let Some(y) = fb
            .iter()
            .zip(&sb)
            .find(|(g, _)| same_unknown(&f.meta, &g.meta))
            .map(|(_, y)| y)
        else {
            continue;
        };
        let at_low = y.at_low.0 - x.at_low.0;
        let at_high = y.at_high.0 - x.at_high.0;
        together.push(if at_low <= at_high {
            (&f.meta, f.low, f.high)
        } else {
            (&f.meta, f.high, f.low)
        });
    }
    // Each figure's value: a shared one at the end that lowers (or raises)
    // the change, any other at the end that lowers (or raises) its total.
    let pick =
        |figs: &[Ranged], e: &[(usize, Decimal, Decimal)], lower_total: bool, change_low: bool| {
            figs.iter()
                .zip(e)
                .map(
                    |(f, &(i, l, h))| match together.iter().find(|t| same_unknown(t.0, &f.meta)) {
                        Some(t) => (i, if change_low { t.1 } else { t.2 }),
                        None => (i, if lower_total { l } else { h }),
                    },
                )
                .collect::<Vec<_>>()
        };
    // The lowest change: B at its least, A at its most; the highest, the
    // other way round.
    let b_least = total_span(catalog, &with_values(b, &pick(&fb, &eb, true, true)), p).0;
    let a_most = total_span(catalog, &with_values(a, &pick(&fa, &ea, false, true)), p).1;
    let b_most = total_span(catalog, &with_values(b, &pick(&fb, &eb, false, false)), p).1;
    let a_least = total_span(catalog, &with_values(a, &pick(&fa, &ea, true, false)), p).0;
    let central = tb - ta;
    Range {
        low: (b_least - a_most).min(central),
        central,
        high: (b_most - a_least).max(central),
    }
}
