//! The directions the example practice's swings give every published set's
//! total and every change between two of them, worked out at build time
//! (the app's `build.rs`), so that the page opening on the example ranges
//! its cards with a few statements, before its worker has worked out any
//! swings. On later keystrokes the page takes the directions of the last
//! practice its worker has swings for, and within moments of typing
//! stopping the practice's own: a figure's effect can change sign from one
//! practice to another (national prevalence moves nothing for a practice
//! at national prevalence), so no one practice's directions serve all.
//!
//! The text form, one line each: `T<TAB>set<TAB>low<TAB>high` for a set's
//! total and `C<TAB>from<TAB>to<TAB>low<TAB>high` for a change, where `low`
//! and `high` list (`i,j,…`, in order) the walk positions of the figures a
//! range's low and high ends take at their high end.

use super::{change_directions, swings, total_directions, Directions, Swing};
use crate::practice::Practice;
use crate::rules::Catalog;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reference {
    pub totals: Vec<(String, Directions)>,
    pub changes: Vec<(String, String, Directions)>,
}

impl Reference {
    /// The directions `p`'s own swings give under every set of `catalog`
    /// and for every ordered pair of them.
    pub fn for_practice(catalog: &Catalog, p: &Practice) -> Reference {
        let sw: Vec<Vec<Swing>> = catalog
            .sets
            .iter()
            .map(|rs| swings(catalog, rs, p).1)
            .collect();
        let mut out = Reference::default();
        for (rs, s) in catalog.sets.iter().zip(&sw) {
            out.totals
                .push((rs.id.to_string(), total_directions(catalog, rs, p, s)));
        }
        let totals = out.totals.clone();
        for ((a, sa), (_, da)) in catalog.sets.iter().zip(&sw).zip(&totals) {
            for ((b, sb), (_, db)) in catalog.sets.iter().zip(&sw).zip(&totals) {
                if a.id != b.id {
                    let dc = change_directions(catalog, a, b, p, sa, sb, da, db);
                    out.changes.push((a.id.to_string(), b.id.to_string(), dc));
                }
            }
        }
        out
    }

    /// A set's total's directions, if the reference has the set.
    pub fn total(&self, set: &str) -> Option<&Directions> {
        self.totals.iter().find(|(s, _)| s == set).map(|(_, d)| d)
    }

    /// A change's directions, if the reference has the pair.
    pub fn change(&self, from: &str, to: &str) -> Option<&Directions> {
        self.changes
            .iter()
            .find(|(a, b, _)| a == from && b == to)
            .map(|(_, _, d)| d)
    }

    pub fn encode(&self) -> String {
        let one = |v: &[usize]| v.iter().map(usize::to_string).collect::<Vec<_>>().join(",");
        let list = |d: &Directions| format!("{}\t{}", one(&d.at_low), one(&d.at_high));
        let mut out = String::new();
        for (s, d) in &self.totals {
            out.push_str(&format!("T\t{s}\t{}\n", list(d)));
        }
        for (a, b, d) in &self.changes {
            out.push_str(&format!("C\t{a}\t{b}\t{}\n", list(d)));
        }
        out
    }

    /// Reads [`Reference::encode`]'s text; anything else is an error naming
    /// the line.
    pub fn decode(text: &str) -> Result<Reference, String> {
        let mut out = Reference::default();
        for (n, line) in text.lines().enumerate() {
            let bad = || format!("line {}: not a direction line", n + 1);
            let cells: Vec<&str> = line.split('\t').collect();
            let one = |t: &str| -> Result<Vec<usize>, String> {
                let mut v = Vec::new();
                for x in t.split(',').filter(|x| !x.is_empty()) {
                    v.push(x.parse::<usize>().map_err(|_| bad())?);
                }
                if v.windows(2).any(|w| w[0] >= w[1]) {
                    return Err(bad());
                }
                Ok(v)
            };
            let list = |l: &str, h: &str| -> Result<Directions, String> {
                Ok(Directions {
                    at_low: one(l)?,
                    at_high: one(h)?,
                })
            };
            match cells.as_slice() {
                ["T", s, l, h] => out.totals.push((s.to_string(), list(l, h)?)),
                ["C", a, b, l, h] => out
                    .changes
                    .push((a.to_string(), b.to_string(), list(l, h)?)),
                _ => return Err(bad()),
            }
        }
        Ok(out)
    }
}
