//! How sure the cards are: the ranges of each total and of each change on
//! the baseline, worked out on every keystroke at the ends of the uncertain
//! figures that the directions already known say a range takes
//! (`ranges::Directions`): two statements a total, four a change. The
//! directions are the build's (the example practice's, `rules::reference`)
//! until the worker has worked out a practice's own swings, then the last
//! practice's it has, which within moments of typing stopping are this
//! practice's (`views::sure` asks for them). The worker's answer also
//! names the figures that matter most for the comparison.

use crate::state::model::SetRef;
use gpsim_engine::ranges::{
    change_ends, change_range_at, range_at, total_ends, ChangeEnds, Directions, Range, TotalEnds,
};
use gpsim_engine::{Money, Practice, RuleSet};
use serde::{Deserialize, Serialize};

/// A set's key among the known directions: its id, or `custom` for the
/// user's scenario (whose figures sit where its base's do in the walk).
pub fn key_of(rs: &RuleSet) -> String {
    match &rs.custom {
        Some(_) => gpsim_share::link::CUSTOM.to_string(),
        None => rs.id.to_string(),
    }
}

/// Directions by set key and by pair of set keys, from the worker's
/// answers; the build's reference stands in for a published set (and a
/// scenario's base) none of them has covered.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Known {
    /// A few sets at a time, so a list (less code than a map in the
    /// embed's module, which carries this type but never fills it).
    pub totals: Vec<(String, Directions)>,
    pub changes: Vec<((String, String), Directions)>,
}

/// Puts `v` under `k`, replacing what was there.
fn put<K: PartialEq>(list: &mut Vec<(K, Directions)>, k: K, v: Directions) {
    match list.iter_mut().find(|(x, _)| *x == k) {
        Some(slot) => slot.1 = v,
        None => list.push((k, v)),
    }
}

impl Known {
    fn total(&self, rs: &RuleSet) -> Option<Directions> {
        let reference = crate::rules::reference();
        let key = key_of(rs);
        self.totals
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, d)| d)
            .or_else(|| reference.total(base_of(rs)))
            .cloned()
    }

    fn change(&self, a: &RuleSet, b: &RuleSet) -> Option<Directions> {
        let reference = crate::rules::reference();
        let key = (key_of(a), key_of(b));
        self.changes
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, d)| d)
            .or_else(|| reference.change(base_of(a), base_of(b)))
            .cloned()
    }

    /// Takes in a worker's answer.
    pub fn learn(&mut self, answer: &Answer) {
        for (k, d) in answer.keys.iter().zip(&answer.totals) {
            put(&mut self.totals, k.clone(), d.to_directions());
        }
        for (i, d) in answer.changes.iter().enumerate() {
            if let (Some(d), Some(first), Some(k)) = (d, answer.keys.first(), answer.keys.get(i)) {
                put(
                    &mut self.changes,
                    (first.clone(), k.clone()),
                    d.to_directions(),
                );
            }
        }
    }
}

/// The ends of the change from `a` to `b` at the directions known, if
/// they are (the national view's ranges take the build's).
pub fn change_ends_known(known: &Known, a: &RuleSet, b: &RuleSet) -> Option<ChangeEnds> {
    let (da, db, dc) = (known.total(a)?, known.total(b)?, known.change(a, b)?);
    Some(change_ends(a, b, &da, &db, &dc))
}

/// The published set a scenario was built from, or the set itself.
fn base_of(rs: &RuleSet) -> &str {
    rs.custom.as_ref().map_or(&rs.id, |c| &c.base)
}

/// The sets of a comparison at the ends its cards' ranges take: each
/// total's, and each change's from the first set.
#[derive(Debug, Default)]
pub struct Ends {
    totals: Vec<Option<TotalEnds>>,
    changes: Vec<Option<ChangeEnds>>,
}

impl Ends {
    /// Built once for the sets and the directions known, not per
    /// keystroke: each is a copy of a set with its figures moved.
    pub fn new(sets: &[SetRef], known: &Known) -> Ends {
        let refs: Vec<&RuleSet> = sets.iter().map(SetRef::get).collect();
        let totals: Vec<Option<Directions>> = refs.iter().map(|r| known.total(r)).collect();
        let ends = refs
            .iter()
            .zip(&totals)
            .map(|(r, d)| d.as_ref().map(|d| total_ends(r, d)))
            .collect();
        let changes = refs
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let a = refs.first()?;
                let (da, db) = (totals.first()?.as_ref()?, totals.get(i)?.as_ref()?);
                (i > 0).then_some(())?;
                let dc = known.change(a, b)?;
                Some(change_ends(a, b, da, db, &dc))
            })
            .collect();
        Ends {
            totals: ends,
            changes,
        }
    }
}

/// The cards' ranges: each total's, and each change's from the first set
/// (`None` for the first, and where no directions are known).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CardRanges {
    pub totals: Vec<Option<Range>>,
    pub changes: Vec<Option<Range>>,
}

/// The ranges of the cards, given the statements' totals.
pub fn card_ranges(ends: &Ends, totals: &[Money], p: &Practice) -> CardRanges {
    let catalog = crate::rules::catalog();
    let first = totals.first().copied().unwrap_or(Money::ZERO);
    CardRanges {
        totals: ends
            .totals
            .iter()
            .zip(totals)
            .map(|(e, t)| e.as_ref().map(|e| range_at(catalog, e, *t, p)))
            .collect(),
        changes: ends
            .changes
            .iter()
            .zip(totals)
            .map(|(e, t)| {
                e.as_ref()
                    .map(|e| change_range_at(catalog, e, first, *t, p))
            })
            .collect(),
    }
}

/// One set of directions as the worker sends them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sent {
    pub at_low: Vec<usize>,
    pub at_high: Vec<usize>,
}

impl Sent {
    pub fn of(d: &Directions) -> Sent {
        Sent {
            at_low: d.at_low.clone(),
            at_high: d.at_high.clone(),
        }
    }

    /// The directions, kept in order (the worker's are; a damaged answer
    /// is put in order rather than trusted).
    fn to_directions(&self) -> Directions {
        let sorted = |v: &[usize]| {
            let mut v = v.to_vec();
            v.sort_unstable();
            v.dedup();
            v
        };
        Directions {
            at_low: sorted(&self.at_low),
            at_high: sorted(&self.at_high),
        }
    }
}

/// A figure that matters for the comparison: its swing on the change from
/// the first set to the target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Matters {
    /// The key of the set whose figure it is (the target's where it has
    /// it), and the figure's path and label.
    pub set: String,
    pub path: String,
    pub label: String,
    /// The change with the figure at the low and the high end of its range.
    pub at_low: Money,
    pub at_high: Money,
    pub swing: Money,
}

/// The worker's answer to `swings`: for the sets asked about (by key, in
/// order), each total's directions, each change's from the first set, and
/// the figures that matter most for the change to the target.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub keys: Vec<String>,
    pub totals: Vec<Sent>,
    pub changes: Vec<Option<Sent>>,
    pub matters: Vec<Matters>,
    /// The change to the target, centrally, and how many figures move it.
    pub central: Money,
    pub moving: usize,
    /// What it would take under the target to match the first set (when
    /// that is the baseline, as the break-even is), at the change's low end
    /// and at its high end: the sets at those ends, the gaps at our
    /// estimate.
    pub breakeven_ends: Option<(String, String)>,
}

/// How many figures the answer names.
pub const MATTERS: usize = 10;

/// The worker's work: every set's swings for the practice, the directions
/// they give each total and each change from the first set, and the
/// figures that matter most for the change to `target`.
pub fn answer(sets: &[&RuleSet], target: usize, p: &Practice) -> Answer {
    use gpsim_engine::ranges::{change_directions, change_swings, swings, total_directions};
    let catalog = crate::rules::catalog();
    let sw: Vec<(Money, Vec<gpsim_engine::ranges::Swing>)> =
        sets.iter().map(|rs| swings(catalog, rs, p)).collect();
    let totals: Vec<Directions> = sets
        .iter()
        .zip(&sw)
        .map(|(rs, (_, s))| total_directions(catalog, rs, p, s))
        .collect();
    let mut out = Answer {
        keys: sets.iter().map(|r| key_of(r)).collect(),
        totals: totals.iter().map(Sent::of).collect(),
        ..Answer::default()
    };
    let (Some(a), Some(da), Some(swa)) = (sets.first(), totals.first(), sw.first()) else {
        return out;
    };
    let changes: Vec<Option<Directions>> = sets
        .iter()
        .enumerate()
        .map(|(i, b)| {
            (i > 0).then(|| change_directions(catalog, a, b, p, &swa.1, &sw[i].1, da, &totals[i]))
        })
        .collect();
    out.changes = changes.iter().map(|d| d.as_ref().map(Sent::of)).collect();
    if let (Some(b), Some(Some(dc)), true) = (
        sets.get(target).filter(|_| target > 0),
        changes.get(target),
        a.id == catalog.baseline().id && a.custom.is_none(),
    ) {
        use gpsim_engine::breakeven::what_would_it_take;
        use gpsim_engine::prepared::Prepared;
        let e = change_ends(a, b, da, &totals[target], dc);
        let at = |x: &RuleSet, y: &RuleSet| {
            what_would_it_take(catalog, &Prepared::new(x), &Prepared::new(y), p).sentence()
        };
        out.breakeven_ends = Some((at(&e.a_most, &e.b_least), at(&e.a_least, &e.b_most)));
    }
    if let (Some(b), Some(swb)) = (sets.get(target).filter(|_| target > 0), sw.get(target)) {
        let ranked = change_swings(a, b, (swa.0, &swa.1), (swb.0, &swb.1));
        out.central = swb.0 - swa.0;
        out.moving = ranked.len();
        out.matters = ranked
            .into_iter()
            .take(MATTERS)
            .map(|(s, in_b)| Matters {
                set: key_of(if in_b { b } else { a }),
                path: s.path,
                label: s.label,
                at_low: s.at_low,
                at_high: s.at_high,
                swing: s.swing,
            })
            .collect();
    }
    out
}
