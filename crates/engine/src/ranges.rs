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
//! the others are set); `tests/properties.rs` checks it can fail: the ends
//! must contain every one-at-a-time total and every random corner.
//!
//! **A change's range.** A figure one set carries into the next (the same
//! description, so the same unknown) moves together in both; a figure
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

/// What the gaps' estimates could be off by: (least, most) to add to the
/// total.
fn gap_span(catalog: &Catalog, rs: &RuleSet, p: &Practice) -> (Money, Money) {
    let st = statement(catalog, &Prepared::new(rs), p);
    let mut span = (Money::ZERO, Money::ZERO);
    for g in &st.gaps {
        if let (Some(e), Some(m)) = (g.estimate, g.value_at_full) {
            span.0 = span.0 - e;
            span.1 += m - e;
        }
    }
    span
}

/// Each ranged figure's swing, moved alone, largest first.
fn swings_of(catalog: &Catalog, rs: &RuleSet, p: &Practice, figs: &[Ranged]) -> Vec<Swing> {
    let central = total(catalog, rs, p);
    let mut out: Vec<Swing> = figs
        .iter()
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
                label: if f.meta.label.is_empty() {
                    f.meta.path.clone()
                } else {
                    f.meta.label.clone()
                },
                at_low,
                at_high,
                swing,
            }
        })
        .collect();
    out.sort_by(|a, b| b.swing.cmp(&a.swing).then_with(|| a.path.cmp(&b.path)));
    out
}

/// For each ranged figure, its (lowering, raising) end from its swing.
fn ends(figs: &[Ranged], swings: &[Swing]) -> Vec<(usize, Decimal, Decimal)> {
    figs.iter()
        .map(|f| {
            let s = swings.iter().find(|s| s.path == f.meta.path);
            let low_lowers = s.is_none_or(|s| s.at_low <= s.at_high);
            if low_lowers {
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
    let swings = swings_of(catalog, rs, p, &figs);
    let e = ends(&figs, &swings);
    let lowering: Vec<(usize, Decimal)> = e.iter().map(|&(i, l, _)| (i, l)).collect();
    let raising: Vec<(usize, Decimal)> = e.iter().map(|&(i, _, h)| (i, h)).collect();
    let (low_set, high_set) = (with_values(rs, &lowering), with_values(rs, &raising));
    let central = total(catalog, rs, p);
    // The gaps at their own extremes, at each end's figures.
    let low = total(catalog, &low_set, p) + gap_span(catalog, &low_set, p).0;
    let high = total(catalog, &high_set, p) + gap_span(catalog, &high_set, p).1;
    let range = Range {
        low: low.min(central),
        central,
        high: high.max(central),
    };
    (
        range,
        swings
            .into_iter()
            .filter(|s| !s.swing.0.is_zero())
            .collect(),
    )
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

/// The change from `a` to `b` with its range: a figure `b` carries from
/// `a` (the same description) moves together in both; the rest move
/// independently, to the ends that widen the change.
pub fn change_range(catalog: &Catalog, a: &RuleSet, b: &RuleSet, p: &Practice) -> Range {
    let (fa, fb) = (ranged(a), ranged(b));
    let shared =
        |f: &Ranged, other: &[Ranged]| other.iter().any(|g| same_unknown(&f.meta, &g.meta));
    let sa = swings_of(catalog, a, p, &fa);
    let sb = swings_of(catalog, b, p, &fb);
    let (ea, eb) = (ends(&fa, &sa), ends(&fb, &sb));
    // A shared figure's end that lowers the change: its move in B less its
    // move in A, at each end.
    let mut together: Vec<(Arc<crate::figure::FigureMeta>, Decimal, Decimal)> = Vec::new();
    for f in fa.iter().filter(|f| shared(f, &fb)) {
        let (Some(x), Some(y)) = (
            sa.iter().find(|s| s.path == f.meta.path),
            sb.iter().find(|s| s.path == f.meta.path),
        ) else {
            continue;
        };
        let at_low = y.at_low.0 - x.at_low.0;
        let at_high = y.at_high.0 - x.at_high.0;
        let (lowers, raises) = if at_low <= at_high {
            (f.low, f.high)
        } else {
            (f.high, f.low)
        };
        together.push((f.meta.clone(), lowers, raises));
    }
    let pick =
        |figs: &[Ranged], e: &[(usize, Decimal, Decimal)], lower_total: bool, change_low: bool| {
            figs.iter()
                .zip(e)
                .map(|(f, &(i, l, h))| {
                    match together.iter().find(|t| same_unknown(&t.0, &f.meta)) {
                        Some(t) => (i, if change_low { t.1 } else { t.2 }),
                        None => (i, if lower_total { l } else { h }),
                    }
                })
                .collect::<Vec<_>>()
        };
    // The lowest change: B low, A high (shared figures at the ends that
    // lower the change, in both).
    let (b_low, a_high) = (
        with_values(b, &pick(&fb, &eb, true, true)),
        with_values(a, &pick(&fa, &ea, false, true)),
    );
    let (b_high, a_low) = (
        with_values(b, &pick(&fb, &eb, false, false)),
        with_values(a, &pick(&fa, &ea, true, false)),
    );
    let central = total(catalog, b, p) - total(catalog, a, p);
    let low = total(catalog, &b_low, p) + gap_span(catalog, &b_low, p).0
        - (total(catalog, &a_high, p) + gap_span(catalog, &a_high, p).1);
    let high = total(catalog, &b_high, p) + gap_span(catalog, &b_high, p).1
        - (total(catalog, &a_low, p) + gap_span(catalog, &a_low, p).0);
    Range {
        low: low.min(central),
        central,
        high: high.max(central),
    }
}
