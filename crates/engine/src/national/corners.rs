//! How sure the national headline is: every practice paid at a change's
//! two ends (`ranges::ChangeEnds`), the sets at the ends of their uncertain
//! figures that make the change lowest and highest, with the gaps'
//! estimates at their least and most, and the practices counted again at
//! each. The ends are one set of figures for all of England (a reference
//! practice's directions, as the caller chooses), so each end is one
//! consistent account of the rules, not a different corner for each
//! practice.

use super::{both, group, outcome, paid_under, Group, Outcome, Prepared};
use crate::batch::{BatchSet, GapLevel};
use crate::money::Money;
use crate::population::Population;
use crate::ranges::ChangeEnds;
use crate::rules::Catalog;
use serde::{Deserialize, Serialize};

/// The national counts at a change's low end and its high end.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Corners {
    /// Every practice with the change at its lowest (the first set at its
    /// most, the second at its least): the fewest gainers.
    pub low: Group,
    /// And at its highest: the most gainers.
    pub high: Group,
    /// Each practice run (its place in the population) with its change at
    /// the low end and at the high end, for the CLI's CSV; not sent to the
    /// page.
    #[serde(skip)]
    pub changes: Vec<(usize, Money, Money)>,
}

/// The practices run (those the central run runs) counted at each end.
pub fn corners(
    catalog: &Catalog,
    pop: &Population,
    prepared: &Prepared,
    ends: &ChangeEnds,
) -> Corners {
    let at = |from: BatchSet<'_>, to: BatchSet<'_>| -> Vec<Outcome> {
        let sets = [from, to];
        let paid = both(|w| paid_under(&sets[w], prepared));
        let outcomes: Vec<_> = pop
            .members
            .iter()
            .zip(paid[0].iter().zip(paid[1].iter()))
            .enumerate()
            .filter_map(|(i, (m, pair))| match pair {
                (Some(a), Some(b)) => Some(outcome(i, m, a.total, b.total)),
                _ => None,
            })
            .collect();
        outcomes
    };
    let set = |rs, level| BatchSet::new(catalog, rs).with_gaps(level);
    let low = at(
        set(&ends.a_most, GapLevel::Most),
        set(&ends.b_least, GapLevel::Least),
    );
    let high = at(
        set(&ends.a_least, GapLevel::Least),
        set(&ends.b_most, GapLevel::Most),
    );
    Corners {
        low: group("England", low.iter()),
        high: group("England", high.iter()),
        changes: low
            .iter()
            .zip(&high)
            .map(|(l, h)| (l.index, l.change, h.change))
            .collect(),
    }
}
