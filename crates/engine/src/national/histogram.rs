//! The national view's two histograms of the change per practice, in % and
//! in £ a year, drawn in the headline's three classes.
//!
//! Invariants:
//! - Every practice is in exactly one bar, and each bar counts its practices
//!   by class (lose more than 1%, within ±1%, gain more than 1%, as
//!   [`super::group`] counts them), so the bars add up to the headline.
//! - In the % histogram, bin edges fall at −1% and +1%, so every bar is one
//!   class: the bars between them are exactly the "within ±1%" class.
//! - In the £ histogram a bar may hold more than one class (a £1,000 change
//!   is within 1% of a large practice's income, not of a small one's), so
//!   its counts by class are kept apart and the chart stacks them.
//! - The bars span the middle 98% of the values, so a few extreme practices
//!   do not squash every other bar; the end bars take the values beyond and
//!   say so (`open`), and the table names them "below" and "and above".
//! - A value on an edge goes to the bar nearer zero (1% is within ±1%, not a
//!   gain), or the bar above at zero itself.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// At most this many bars, so each stays wide enough to see on a phone.
pub const MAX_BINS: usize = 24;

/// How a practice's change is classed by the headline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Class {
    Lose,
    Same,
    Gain,
}

impl Class {
    /// The class of a change of `percent` % (the headline's rule).
    pub fn of(percent: Decimal) -> Class {
        let same = Decimal::from(super::SAME_WITHIN_PERCENT);
        if percent.abs() <= same {
            Class::Same
        } else if percent > Decimal::ZERO {
            Class::Gain
        } else {
            Class::Lose
        }
    }
}

/// One bar: practices whose change is between `from` and `to`, by class.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Bin {
    pub from: Decimal,
    pub to: Decimal,
    pub practices: usize,
    pub lose: usize,
    pub same: usize,
    pub gain: usize,
    /// An end bar that also holds every value beyond its outer edge.
    pub open: bool,
}

impl Bin {
    /// The one class of every practice in the bar, if it has only one.
    pub fn class(&self) -> Option<Class> {
        match (self.lose > 0, self.same > 0, self.gain > 0) {
            (true, false, false) => Some(Class::Lose),
            (false, true, false) => Some(Class::Same),
            (false, false, true) => Some(Class::Gain),
            _ => None,
        }
    }
}

/// Each bar's range in words, its edges shown by `show`: "1 to 3", and for
/// an open end bar "less than -7" or "above 7" (a value on an edge goes to
/// the bar nearer zero, so the words say which side an edge is on).
pub fn labels(bins: &[Bin], show: impl Fn(Decimal) -> String) -> Vec<String> {
    let last = bins.len().saturating_sub(1);
    bins.iter()
        .enumerate()
        .map(|(i, b)| {
            if b.open && i == 0 && i != last {
                if b.to > Decimal::ZERO {
                    format!("{} or less", show(b.to))
                } else {
                    format!("less than {}", show(b.to))
                }
            } else if b.open && i == last && i != 0 {
                if b.from > Decimal::ZERO {
                    format!("above {}", show(b.from))
                } else {
                    format!("{} or more", show(b.from))
                }
            } else {
                format!("{} to {}", show(b.from), show(b.to))
            }
        })
        .collect()
}

/// The `q`th percentile of `values` (not empty), by selection.
fn percentile(values: &[Decimal], q: usize) -> Decimal {
    let mut scratch = values.to_vec();
    let k = (scratch.len() - 1) * q / 100;
    *scratch.select_nth_unstable(k).1
}

/// Counts `(value, class)` pairs into the bars between `edges` (ascending,
/// at least two). The end bars are open when a value lies beyond them.
fn count(edges: &[Decimal], values: impl Iterator<Item = (Decimal, Class)>) -> Vec<Bin> {
    let mut bins: Vec<Bin> = edges
        .windows(2)
        .map(|w| Bin {
            from: w[0],
            to: w[1],
            ..Bin::default()
        })
        .collect();
    let last = bins.len() - 1;
    for (v, class) in values {
        // The first edge above v, or on v when v is above zero (so a value
        // on an edge goes to the bar nearer zero).
        let i = edges.partition_point(|e| if v > Decimal::ZERO { *e < v } else { *e <= v });
        let i = if i == 0 {
            bins[0].open = true;
            0
        } else if i > last + 1 {
            bins[last].open = true;
            last
        } else {
            i - 1
        };
        let b = &mut bins[i];
        b.practices += 1;
        match class {
            Class::Lose => b.lose += 1,
            Class::Same => b.same += 1,
            Class::Gain => b.gain += 1,
        }
    }
    bins
}

/// The % histogram of `percents` (each practice's change as a % of its
/// income under the first set): bars of equal width (half a point, one or
/// two points, the narrowest that needs at most [`MAX_BINS`]), with edges
/// at −1% and +1%; only a spread wider than 48 points gets wider side bars
/// beside the one "within ±1%" bar.
pub fn percent(percents: &[Decimal]) -> Vec<Bin> {
    if percents.is_empty() {
        return Vec::new();
    }
    let same = Decimal::from(super::SAME_WITHIN_PERCENT);
    let (lo, hi) = (percentile(percents, 1), percentile(percents, 99));
    // Bars needed beyond an edge at a width.
    let beyond = |by: Decimal, width: Decimal| -> usize {
        if by <= Decimal::ZERO {
            0
        } else {
            (by / width).ceil().to_usize().unwrap_or(MAX_BINS)
        }
    };
    // A side with values only beyond the middle 98% still gets one bar.
    let any_below = usize::from(percents.iter().any(|p| *p < -same));
    let any_above = usize::from(percents.iter().any(|p| *p > same));
    for width in [Decimal::new(5, 1), Decimal::ONE, Decimal::TWO] {
        let inside = (Decimal::TWO * same / width).to_usize().unwrap_or(1);
        let below = beyond(-same - lo, width).max(any_below);
        let above = beyond(hi - same, width).max(any_above);
        if below + inside + above <= MAX_BINS {
            let first = -same - width * Decimal::from(below as u64);
            let edges: Vec<Decimal> = (0..=below + inside + above)
                .map(|i| first + width * Decimal::from(i as u64))
                .collect();
            return count(&edges, percents.iter().map(|p| (*p, Class::of(*p))));
        }
    }
    let mut width = Decimal::from(4);
    let (below, above) = loop {
        let (b, a) = (
            beyond(-same - lo, width).max(any_below),
            beyond(hi - same, width).max(any_above),
        );
        if 1 + b + a <= MAX_BINS {
            break (b, a);
        }
        width *= Decimal::TWO;
    };
    let mut edges: Vec<Decimal> = (0..=below)
        .rev()
        .map(|k| -same - width * Decimal::from(k as u64))
        .collect();
    edges.extend((0..=above).map(|k| same + width * Decimal::from(k as u64)));
    count(&edges, percents.iter().map(|p| (*p, Class::of(*p))))
}

/// The £ histogram of each practice's change (`pounds`, with its class):
/// bars a round width wide (£500, £1,000, £2,000, £5,000, …), with an edge
/// at zero.
pub fn pounds(values: &[(Decimal, Class)]) -> Vec<Bin> {
    if values.is_empty() {
        return Vec::new();
    }
    let just: Vec<Decimal> = values.iter().map(|(v, _)| *v).collect();
    let (lo, hi) = (percentile(&just, 1), percentile(&just, 99));
    // £500, £1,000, £2,000, £5,000, £10,000, …: each width two, two and a
    // half, or two times the one before.
    let mut width = Decimal::from(500);
    let mut steps = [Decimal::TWO, Decimal::new(25, 1), Decimal::TWO]
        .into_iter()
        .cycle();
    let (from, to) = loop {
        let from = (lo / width).floor().min(Decimal::ZERO);
        let to = (hi / width).ceil().max(Decimal::ZERO);
        // At least one bar, even when every change is zero.
        let to = if to == from { to + Decimal::ONE } else { to };
        if to - from <= Decimal::from(MAX_BINS as u64) {
            break (from, to);
        }
        width *= steps.next().unwrap_or(Decimal::TWO);
    };
    let from = from.to_i64().unwrap_or(0);
    let to = to.to_i64().unwrap_or(1);
    let edges: Vec<Decimal> = (from..=to).map(|k| width * Decimal::from(k)).collect();
    count(&edges, values.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(v: &[i64]) -> Vec<Decimal> {
        v.iter().map(|x| Decimal::from(*x)).collect()
    }

    #[test]
    fn the_percent_bars_have_edges_at_one_percent_and_one_class_each() {
        let v: Vec<Decimal> = [-25, -12, -10, -11, -3, 0, 5, 10, 15, 20, 30, 45]
            .iter()
            .map(|x| Decimal::new(*x, 1))
            .collect();
        let h = percent(&v);
        assert_eq!(h.iter().map(|b| b.practices).sum::<usize>(), v.len());
        let edges: Vec<Decimal> = h
            .iter()
            .map(|b| b.from)
            .chain(h.last().map(|b| b.to))
            .collect();
        assert!(
            edges.contains(&Decimal::from(-1)) && edges.contains(&Decimal::ONE),
            "{edges:?}"
        );
        for b in &h {
            assert!(
                b.practices == 0 || b.class().is_some(),
                "one class a bar: {b:?}"
            );
        }
        // -1.0% and +1.0% are within ±1%, as the headline counts them.
        let within: Vec<&Bin> = h
            .iter()
            .filter(|b| b.from >= Decimal::from(-1) && b.to <= Decimal::ONE)
            .collect();
        assert_eq!(within.iter().map(|b| b.same).sum::<usize>(), 5, "{h:?}");
        assert!(within.iter().all(|b| b.lose + b.gain == 0));
        let widths: Vec<Decimal> = h.iter().map(|b| b.to - b.from).collect();
        assert!(
            widths.windows(2).all(|w| w[0] == w[1]),
            "equal widths: {widths:?}"
        );
    }

    #[test]
    fn a_narrow_spread_gets_half_point_bars() {
        let v: Vec<Decimal> = (-20..=30).map(|x| Decimal::new(x, 1)).collect();
        let h = percent(&v);
        assert!(
            h.iter().all(|b| b.to - b.from == Decimal::new(5, 1)),
            "{h:?}"
        );
        assert_eq!(h.len(), 2 + 4 + 4, "{h:?}");
    }

    #[test]
    fn the_bars_add_up_to_the_headline_classes() {
        let v: Vec<Decimal> = (-300..=500).map(|x| Decimal::new(x, 1)).collect();
        let h = percent(&v);
        let total = |f: fn(&Bin) -> usize| h.iter().map(f).sum::<usize>();
        let by = |c: Class| v.iter().filter(|p| Class::of(**p) == c).count();
        assert_eq!(total(|b| b.lose), by(Class::Lose));
        assert_eq!(total(|b| b.same), by(Class::Same));
        assert_eq!(total(|b| b.gain), by(Class::Gain));
        assert!(h.len() <= MAX_BINS);
    }

    #[test]
    fn a_few_extremes_go_in_open_end_bars_and_the_axis_spans_the_rest() {
        let mut v = vec![Decimal::ZERO; 200];
        v.extend(d(&[2, 3, 4]));
        v.push(Decimal::from(16));
        let h = percent(&v);
        let last = h.last().unwrap();
        assert!(last.open, "the 16% practice is in an open end bar");
        assert!(
            last.to <= Decimal::from(5),
            "the axis does not run to 16%: {h:?}"
        );
        assert_eq!(h.iter().map(|b| b.practices).sum::<usize>(), v.len());
    }

    #[test]
    fn pound_bars_are_round_have_an_edge_at_zero_and_keep_their_classes() {
        let v: Vec<(Decimal, Class)> = [-3500, -10, 0, 20, 4999, 12000]
            .iter()
            .map(|x| {
                (
                    Decimal::from(*x),
                    Class::of(Decimal::from(*x) / Decimal::from(1000)),
                )
            })
            .collect();
        let h = pounds(&v);
        assert_eq!(h.iter().map(|b| b.practices).sum::<usize>(), v.len());
        assert!(h.len() <= MAX_BINS);
        assert!(h.iter().any(|b| b.from.is_zero()), "an edge at zero: {h:?}");
        let width = h[0].to - h[0].from;
        assert!(
            [500, 1000, 2000, 5000, 10000]
                .map(Decimal::from)
                .contains(&width),
            "a round width: {width}"
        );
        // -10 and 20 are within 1% of £1,000 a point; 0 too.
        let near: usize = h.iter().map(|b| b.same).sum();
        assert_eq!(near, 3);
        assert_eq!(pounds(&[(Decimal::ZERO, Class::Same)]).len(), 1);
    }
}
