//! Indicators that continue one another across rule sets, on the rows of a
//! comparison. The rules link each indicator to the ones it replaced
//! (`continues`), and the catalog gathers linked codes into lineages; the
//! engine carries achievement across a lineage, so the comparison should
//! too, rather than show the old code as lost and the new one as gained.
//!
//! Invariants:
//! - A lineage that is one indicator in each set that has it (CHD 6 in
//!   2012/13, CHD002 in 2013/14) becomes one row, with both codes in its
//!   label (as people read them: a placeholder code is "code not found", and
//!   the description's own "(was …)" goes, the codes saying it); the row keeps the id of its earliest line, so a link that names
//!   that id keeps naming it, and `Row::lines` gives each set's own line
//!   (which a link may also name, and which explanations use).
//! - A lineage that splits or merges (two indicators in one set) keeps every
//!   indicator's row, grouped under one parent row that sums them.
//! - Every amount stays on exactly one row's cell, so rows add up as before.

use super::{Cell, Row};
use crate::calc::{Basis, LineKind, Statement};
use crate::money::{Money, Points};
use crate::prepared::Prepared;
use crate::rules::Catalog;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Each indicator line's lineage and code, by line id.
fn lineages<'a>(
    catalog: &Catalog,
    sets: &[Prepared],
    statements: &'a [Statement],
) -> BTreeMap<&'a str, (u32, Arc<str>)> {
    let mut out = BTreeMap::new();
    for (s, st) in sets.iter().zip(statements) {
        for l in &st.lines {
            if let Basis::Indicator { index, .. } = l.basis {
                let Some(ind) = s.rules().qof.indicators.get(index as usize) else {
                    continue;
                };
                if let Some(&lineage) = catalog.codes.lineage.get(ind.code_id as usize) {
                    // The code's Arc is shared; only a placeholder's words are new.
                    let shown = if ind.code_found {
                        ind.code.clone()
                    } else {
                        Arc::from(ind.shown_code())
                    };
                    out.insert(&*l.id, (lineage, shown));
                }
            }
        }
    }
    out
}

/// A description without its closing "(was CODE)": the joined row's label
/// names every code already.
fn without_was(label: &str) -> &str {
    match label.rfind(" (was ") {
        Some(i) if label.ends_with(')') => &label[..i],
        _ => label,
    }
}

/// The change of each cell against the first set's amount.
fn rechange(cells: &mut [Cell]) {
    let base = cells.first().and_then(|c| c.amount);
    for c in cells.iter_mut() {
        c.change = match (c.amount, base) {
            (Some(a), Some(f)) => Some(a - f),
            (Some(a), None) => Some(a),
            (None, Some(f)) => Some(-f),
            (None, None) => None,
        };
    }
}

/// Joins or groups the rows of indicators that continue one another.
pub fn join(
    catalog: &Catalog,
    sets: &[Prepared],
    statements: &[Statement],
    rows: Vec<Row>,
) -> Vec<Row> {
    let n = statements.len();
    if n < 2 {
        return rows;
    }
    let of = lineages(catalog, sets, statements);
    // The indicator rows of each lineage, in row order.
    let mut members: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        if r.kind == LineKind::Indicator {
            if let Some((lineage, _)) = of.get(&*r.id) {
                members.entry(*lineage).or_default().push(i);
            }
        }
    }
    let code = |r: &Row| of.get(&*r.id).map(|(_, c)| c.clone());
    // What happens to each row: dropped (joined into another), or the first
    // of a group that gets a parent row before it.
    let mut joined_into: BTreeMap<usize, usize> = BTreeMap::new();
    let mut grouped: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut rows = rows;
    for group in members.values().filter(|g| g.len() > 1) {
        let in_each: Vec<usize> = (0..n)
            .map(|s| {
                group
                    .iter()
                    .filter(|&&i| rows[i].cells[s].amount.is_some())
                    .count()
            })
            .collect();
        if in_each.iter().all(|&k| k <= 1) {
            // One row for the chain: each set's cell from the row it has.
            let first = group[0];
            let mut cells = rows[first].cells.clone();
            let mut lines = rows[first].lines.clone();
            let mut codes: Vec<Arc<str>> = Vec::new();
            let mut status = rows[first].status;
            for &i in group {
                if let Some(c) = code(&rows[i]) {
                    if !codes.contains(&c) {
                        codes.push(c);
                    }
                }
                status = status.max(rows[i].status);
                for s in 0..n {
                    if rows[i].cells[s].amount.is_some() {
                        cells[s] = rows[i].cells[s];
                        lines[s] = rows[i].lines[s].clone();
                    }
                }
                if i != first {
                    joined_into.insert(i, first);
                }
            }
            rechange(&mut cells);
            let last = *group.last().unwrap_or(&first);
            let label = format!(
                "{} ({})",
                without_was(&rows[last].label),
                codes.iter().map(|c| &**c).collect::<Vec<_>>().join(" → ")
            );
            let r = &mut rows[first];
            r.cells = cells;
            r.lines = lines;
            r.status = status;
            r.label = label.into();
        } else {
            grouped.insert(group[0], group.clone());
        }
    }
    let mut out = Vec::with_capacity(rows.len());
    let mut parent_of: BTreeMap<usize, (Arc<str>, u8)> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        if joined_into.contains_key(&i) {
            continue;
        }
        if let Some(group) = grouped.get(&i) {
            let id: Arc<str> = format!("{}~lineage", r.id).into();
            let mut codes: Vec<String> = Vec::new();
            let mut cells = vec![
                Cell {
                    amount: None,
                    points: None,
                    change: None
                };
                n
            ];
            let mut status = r.status;
            for &m in group {
                if let Some(c) = code(&rows[m]) {
                    if !codes.iter().any(|x| **x == *c) {
                        codes.push(c.to_string());
                    }
                }
                status = status.max(rows[m].status);
                for (s, cell) in cells.iter_mut().enumerate() {
                    let c = rows[m].cells[s];
                    if let Some(a) = c.amount {
                        cell.amount = Some(cell.amount.unwrap_or(Money::ZERO) + a);
                    }
                    if let Some(p) = c.points {
                        cell.points =
                            Some(Points(cell.points.map(|x| x.0).unwrap_or_default() + p.0));
                    }
                }
                parent_of.insert(m, (id.clone(), r.depth + 1));
            }
            rechange(&mut cells);
            out.push(Row {
                id: id.clone(),
                parent: r.parent.clone(),
                label: format!("{} and what continues it ({})", r.label, codes.join(", ")).into(),
                kind: LineKind::Area,
                depth: r.depth,
                cells,
                status,
                lines: vec![None; n],
            });
        }
        let mut r = r.clone();
        if let Some((parent, depth)) = parent_of.get(&i) {
            r.parent = Some(parent.clone());
            r.depth = *depth;
        }
        out.push(r);
    }
    // A grouped member that is not next to its parent moves under it.
    let mut ordered: Vec<Row> = Vec::with_capacity(out.len());
    let (members, rest): (Vec<Row>, Vec<Row>) = out
        .into_iter()
        .partition(|r| r.parent.as_deref().is_some_and(|p| p.ends_with("~lineage")));
    for r in rest {
        let id = r.id.clone();
        let is_group = id.ends_with("~lineage");
        ordered.push(r);
        if is_group {
            ordered.extend(
                members
                    .iter()
                    .filter(|m| m.parent.as_deref() == Some(&*id))
                    .cloned(),
            );
        }
    }
    ordered
}
