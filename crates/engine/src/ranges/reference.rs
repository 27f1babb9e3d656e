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
//! Carried as bytes ([`Reference::encode`]): about 700 for four sets.

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

    /// The compact form: for each total then each change, its set ids
    /// (a length byte, then UTF-8) and its two lists, each a count and the
    /// gaps between its walk positions, as varints (the positions come in
    /// pairs and runs, so most gaps are 1 byte).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let varint = |out: &mut Vec<u8>, mut n: usize| loop {
            let b = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                out.push(b);
                break;
            }
            out.push(b | 0x80);
        };
        let id = |out: &mut Vec<u8>, s: &str| {
            out.push(s.len().min(255) as u8);
            out.extend_from_slice(&s.as_bytes()[..s.len().min(255)]);
        };
        let list = |out: &mut Vec<u8>, v: &[usize]| {
            varint(out, v.len());
            let mut last = 0;
            for &i in v {
                varint(out, i - last);
                last = i;
            }
        };
        varint(&mut out, self.totals.len());
        for (s, d) in &self.totals {
            id(&mut out, s);
            list(&mut out, &d.at_low);
            list(&mut out, &d.at_high);
        }
        varint(&mut out, self.changes.len());
        for (a, b, d) in &self.changes {
            id(&mut out, a);
            id(&mut out, b);
            list(&mut out, &d.at_low);
            list(&mut out, &d.at_high);
        }
        out
    }

    /// Reads [`Reference::encode`]'s bytes; anything else (cut short,
    /// positions out of order, ids not UTF-8, bytes left over) is an error.
    pub fn decode(bytes: &[u8]) -> Result<Reference, &'static str> {
        let mut r = Reader { bytes, at: 0 };
        let mut out = Reference::default();
        for _ in 0..r.varint()? {
            let s = r.id()?;
            out.totals.push((s, r.directions()?));
        }
        for _ in 0..r.varint()? {
            let (a, b) = (r.id()?, r.id()?);
            out.changes.push((a, b, r.directions()?));
        }
        if r.at != bytes.len() {
            return Err(BAD);
        }
        Ok(out)
    }
}

const BAD: &str = "damaged range directions";

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, &'static str> {
        let b = *self.bytes.get(self.at).ok_or(BAD)?;
        self.at += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<usize, &'static str> {
        let mut n = 0usize;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            n |= usize::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(BAD)
    }

    fn id(&mut self) -> Result<String, &'static str> {
        let len = usize::from(self.byte()?);
        let end = self
            .at
            .checked_add(len)
            .filter(|e| *e <= self.bytes.len())
            .ok_or(BAD)?;
        let s = std::str::from_utf8(&self.bytes[self.at..end]).map_err(|_| BAD)?;
        self.at = end;
        Ok(s.to_string())
    }

    fn list(&mut self) -> Result<Vec<usize>, &'static str> {
        let n = self.varint()?;
        let mut v = Vec::with_capacity(n.min(self.bytes.len()));
        let mut last = 0usize;
        for k in 0..n {
            let gap = self.varint()?;
            if k > 0 && gap == 0 {
                return Err(BAD);
            }
            last = last.checked_add(gap).ok_or(BAD)?;
            v.push(last);
        }
        Ok(v)
    }

    fn directions(&mut self) -> Result<Directions, &'static str> {
        Ok(Directions {
            at_low: self.list()?,
            at_high: self.list()?,
        })
    }
}
