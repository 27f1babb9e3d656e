//! How far a waterfall step could lie when it moves estimates for gaps in
//! our data (`calc::qof::gaps`): each estimate a step removes or adds could
//! be worth anything from £0 (none of its points earned) to its value at
//! full achievement, so the step's amount could be that much lower or
//! higher. A gap a step keeps is the same unknown on both sides.

use crate::money::Money;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct StepRange {
    pub low: Money,
    pub high: Money,
}

/// A statement's estimated gaps: (line, estimate, most).
pub(super) type Estimates = Vec<(String, Money, Money)>;

pub(super) fn estimates_of(st: &crate::calc::Statement) -> Estimates {
    st.gaps
        .iter()
        .filter_map(|g| Some((g.line.clone(), g.estimate?, g.value_at_full?)))
        .collect()
}

/// How far a step's amount could move as the estimates it removes (in
/// `before`, not `after`) and adds could each be worth £0 to their most:
/// `None` when it moves none. A gap in both (the same line) is the same
/// unknown, its estimate moving with the practice's achievement, so it
/// adds no range.
pub(super) fn step_range(
    amount: Money,
    before: &Estimates,
    after: &Estimates,
) -> Option<StepRange> {
    let (mut low, mut high, mut moved) = (amount, amount, false);
    let within = |set: &Estimates, line: &str| set.iter().any(|x| x.0 == line);
    for e in before.iter().filter(|e| !within(after, &e.0)) {
        // Removed: the step took away our estimate; the truth was 0 to most.
        low += e.1 - e.2;
        high += e.1;
        moved = true;
    }
    for e in after.iter().filter(|e| !within(before, &e.0)) {
        low = low - e.1;
        high += e.2 - e.1;
        moved = true;
    }
    moved.then_some(StepRange { low, high })
}
