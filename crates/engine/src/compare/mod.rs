//! One practice under several rule sets: line-by-line differences
//! (`compare`, here), and a waterfall that splits the total change into
//! named causes (`waterfall.rs`).

use crate::calc::{statement, Line, LineKind, Statement};
use crate::figure::Status;
use crate::money::{Money, Points};
use crate::practice::Practice;
use crate::prepared::Prepared;
use crate::rules::Catalog;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

mod lineage;
mod step_range;
mod waterfall;

pub use step_range::StepRange;
pub use waterfall::{pin_achievement, waterfall, Cause, Step, Waterfall};

/// One rule set's figures on a comparison row.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Cell {
    pub amount: Option<Money>,
    pub points: Option<Points>,
    /// Change against the first rule set.
    pub change: Option<Money>,
}

/// One row of a comparison table: a line id and its amount in each set.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub id: Arc<str>,
    pub parent: Option<Arc<str>>,
    pub label: Arc<str>,
    pub kind: LineKind,
    pub depth: u8,
    pub cells: Vec<Cell>,
    /// Weakest status of the figures behind the row, in any set.
    pub status: Status,
    /// Each set's own line on this row (its id), where the set has one: the
    /// row's id, except on a row that joins indicators continuing one
    /// another (see `lineage.rs`), or a group row (no line of its own).
    #[serde(skip)]
    pub lines: Vec<Option<Arc<str>>>,
}

impl Row {
    pub fn amount(&self, set: usize) -> Option<Money> {
        self.cells.get(set).and_then(|c| c.amount)
    }

    pub fn change(&self, set: usize) -> Option<Money> {
        self.cells.get(set).and_then(|c| c.change)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    pub statements: Vec<Statement>,
    pub rows: Vec<Row>,
}

impl Comparison {
    pub fn totals(&self) -> Vec<Money> {
        self.statements.iter().map(|s| s.total).collect()
    }
}

/// Statements for each rule set, and rows lining their lines up by id.
pub fn compare(catalog: &Catalog, sets: &[Prepared], p: &Practice) -> Comparison {
    let statements: Vec<Statement> = sets.iter().map(|rs| statement(catalog, rs, p)).collect();
    let rows = lineage::join(catalog, sets, &statements, rows_for(&statements));
    Comparison { statements, rows }
}

/// A multiply-rotate hash over eight bytes at a time (the scheme of rustc's
/// FxHash): line ids come from the rules, never from users, so a fast hash
/// that does not resist crafted keys is safe here.
#[derive(Default)]
struct Fx(u64);

impl Fx {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
}

type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fx>>;

/// Lines up the lines of several statements: parents first, children in the
/// order they first appear in any statement.
pub fn rows_for(statements: &[Statement]) -> Vec<Row> {
    let n = statements.len();
    let capacity = statements.first().map(|s| s.lines.len() + 32).unwrap_or(0);
    let mut index: FxMap<&str, usize> =
        FxMap::with_capacity_and_hasher(capacity, Default::default());
    // For each row: the first line seen, and the line index in each statement.
    let mut first: Vec<&Line> = Vec::with_capacity(capacity);
    let mut at: Vec<Option<u32>> = Vec::with_capacity(capacity * n);
    for (si, s) in statements.iter().enumerate() {
        for (li, l) in s.lines.iter().enumerate() {
            let row = *index.entry(&l.id).or_insert_with(|| {
                first.push(l);
                at.extend(std::iter::repeat_n(None, n));
                first.len() - 1
            });
            at[row * n + si] = Some(li as u32);
        }
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); first.len()];
    let mut roots = Vec::new();
    for (row, l) in first.iter().enumerate() {
        match l.parent.as_deref().and_then(|p| index.get(p)) {
            Some(&parent) => children[parent].push(row),
            None => roots.push(row),
        }
    }
    let mut rows = Vec::with_capacity(first.len());
    let mut stack: Vec<(usize, u8)> = roots.iter().rev().map(|&r| (r, 0)).collect();
    while let Some((row, depth)) = stack.pop() {
        let line = first[row];
        let line_in = |si: usize| at[row * n + si].map(|li| &statements[si].lines[li as usize]);
        let base = line_in(0).map(|l| l.amount);
        let mut status = Status::Verified;
        let cells = (0..n)
            .map(|si| {
                let l = line_in(si);
                if let Some(l) = l {
                    status = status.max(l.status);
                }
                let amount = l.map(|l| l.amount);
                let change = match (amount, base) {
                    (Some(a), Some(f)) => Some(a - f),
                    (Some(a), None) => Some(a),
                    (None, Some(f)) => Some(-f),
                    (None, None) => None,
                };
                Cell {
                    amount,
                    points: l.and_then(|l| l.points),
                    change,
                }
            })
            .collect();
        rows.push(Row {
            id: line.id.clone(),
            parent: line.parent.clone(),
            label: line.label.clone(),
            kind: line.kind,
            depth,
            cells,
            status,
            lines: (0..n).map(|si| line_in(si).map(|l| l.id.clone())).collect(),
        });
        for &k in children[row].iter().rev() {
            stack.push((k, depth + 1));
        }
    }
    rows
}
