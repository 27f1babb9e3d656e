//! Formatting engine results as tables, JSON and CSV for the CLI.
//!
//! Length: every command's text table, JSON and CSV; each format is short,
//! and keeping them together keeps the commands' outputs consistent.

use crate::input::Row as CsvRow;
use gpsim_engine::calc::{LineKind, Statement};
use gpsim_engine::compare::{Comparison, Waterfall};
use gpsim_engine::explain::{explain, Explanation};
use gpsim_engine::figure::Status;
use gpsim_engine::money::Money;
use gpsim_engine::practice::{validate, Practice, Warning};
use gpsim_engine::prepared::Prepared;
use gpsim_engine::rules::{Catalog, RuleSet};
use gpsim_engine::tables::safe_text;
use serde_json::{json, Value};
use std::fmt::Write as _;

fn status_mark(s: Status) -> &'static str {
    match s {
        Status::Verified => "",
        Status::Supported => "supported",
        Status::Uncertain => "UNCERTAIN",
        Status::NotFound => "NOT FOUND",
    }
}

pub fn figures(catalog: &Catalog, rs: &RuleSet, status: Option<&str>) -> Result<String, String> {
    let want = match status {
        None => None,
        Some(s) => Some(
            Status::ALL
                .into_iter()
                .find(|x| x.word().replace(' ', "_") == s)
                .ok_or_else(|| {
                    format!("--status {s:?}: use verified, supported, uncertain or not_found")
                })?,
        ),
    };
    let mut out = format!("Figures in {} ({})\n", rs.name, rs.id);
    for f in rs.figures() {
        if want.is_some_and(|w| w != f.status()) {
            continue;
        }
        let src = catalog
            .source(f.source())
            .map(|s| format!("{} ({}, {})", s.title, s.publisher, s.date))
            .unwrap_or_else(|| f.source().to_string());
        let _ = writeln!(
            out,
            "{:<48} {:>22}  {:<10} {}",
            f.path(),
            f.display_value(),
            f.status().word(),
            src
        );
        if let Some(r) = &f.meta.range {
            let _ = writeln!(
                out,
                "{:<48} {:>22}  range: {} to {} ({})",
                "",
                "",
                f.unit().format(r.low),
                f.unit().format(r.high),
                r.basis.word()
            );
        }
    }
    Ok(out)
}

fn line_json(catalog: &Catalog, rs: &Prepared, p: &Practice, l: &gpsim_engine::Line) -> Value {
    let e = explain(catalog, rs, p, l);
    json!({
        "id": &*l.id,
        "parent": l.parent.as_deref(),
        "label": &*l.label,
        "kind": l.kind,
        "amount": l.amount,
        "points": l.points,
        "max_points": l.max_points,
        "status": l.status,
        "explanation": e,
    })
}

fn warnings_json(warnings: &[Warning], st: &Statement) -> Vec<String> {
    warnings
        .iter()
        .map(|w| w.message.clone())
        .chain(st.warnings.iter().cloned())
        .collect()
}

pub fn statement_json(
    catalog: &Catalog,
    rs: &Prepared,
    p: &Practice,
    st: &Statement,
    warnings: &[Warning],
) -> Value {
    json!({
        "rules": &*st.rules,
        "rules_name": &*st.rules_name,
        "practice": p.name,
        "total": st.total,
        "per_registered_patient": st.per_registered_patient,
        "per_weighted_patient": st.per_weighted_patient,
        "qof_points": st.qof_points,
        "qof_max_points": st.qof_max_points,
        "lines": st.lines.iter().map(|l| line_json(catalog, rs, p, l)).collect::<Vec<_>>(),
        "warnings": warnings_json(warnings, st),
        "gaps": st.gaps,
    })
}

/// Writes a table with `csv::Writer`.
pub fn csv_text(t: &gpsim_engine::tables::Table) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in t {
        // Writing to memory cannot fail.
        let _ = w.write_record(row);
    }
    w.into_inner()
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default()
}

pub fn statement_csv(st: &Statement) -> String {
    csv_text(&gpsim_engine::tables::statement(st))
}

fn shown(kind: LineKind, detail: bool) -> bool {
    detail || !matches!(kind, LineKind::Indicator | LineKind::ServiceComponent)
}

fn indent(depth: usize) -> String {
    "  ".repeat(depth)
}

fn depth_of(st: &Statement, l: &gpsim_engine::Line) -> usize {
    let mut d = 0;
    let mut parent = l.parent.clone();
    while let Some(p) = parent {
        d += 1;
        parent = st.line(&p).and_then(|x| x.parent.clone());
    }
    d
}

pub fn statement_table(
    rs: &RuleSet,
    p: &Practice,
    st: &Statement,
    warnings: &[Warning],
    detail: bool,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {}",
        safe_text(p.name.as_deref().unwrap_or("Practice")),
        rs.name
    );
    let _ = writeln!(
        out,
        "{:<62} {:>14} {:>15}  figures",
        "", "£ a year", "QOF points"
    );
    for l in &st.lines {
        if !shown(l.kind, detail) {
            continue;
        }
        let d = depth_of(st, l);
        let label: String = format!("{}{}", indent(d), l.label)
            .chars()
            .take(62)
            .collect();
        let pts = match (l.points, l.max_points) {
            (Some(a), Some(m)) => format!("{} / {}", a.display(), m.display()),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "{:<62} {:>14} {:>15}  {}",
            label,
            l.amount.display_pence(),
            pts,
            status_mark(l.status)
        );
    }
    let _ = writeln!(out, "{:<62} {:>14}", "Total", st.total.display_pence());
    let _ = writeln!(
        out,
        "{:<62} {:>14}",
        "£ per registered patient",
        st.per_registered_patient.display_pence()
    );
    let _ = writeln!(
        out,
        "{:<62} {:>14}",
        "£ per weighted patient",
        st.per_weighted_patient.display_pence()
    );
    for w in warnings_json(warnings, st) {
        let _ = writeln!(out, "warning: {w}");
    }
    for g in &st.gaps {
        let _ = writeln!(
            out,
            "gap: {} ({})",
            g.message,
            gpsim_engine::explain::gap_value(g)
        );
    }
    out
}

pub fn explanation_text(e: &Explanation) -> String {
    let mut out = format!("{}\n\n{}\n", e.title, e.formula);
    if let Some(w) = &e.working {
        let _ = writeln!(out, "\n  {w}");
    }
    if !e.inputs.is_empty() {
        out.push_str("\nInputs:\n");
        for (k, v) in &e.inputs {
            let _ = writeln!(out, "  {k}: {v}");
        }
    }
    if !e.figures.is_empty() {
        out.push_str("\nRule figures:\n");
        for f in &e.figures {
            let src = f
                .source
                .as_ref()
                .map(|s| format!("{}, {} ({})", s.title, s.publisher, s.date))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {} = {} [{}] — {}{}",
                f.label,
                f.value,
                f.status.word(),
                src,
                f.locator
                    .as_ref()
                    .map(|l| format!("; {l}"))
                    .unwrap_or_default()
            );
            if let Some(p) = &f.published {
                let _ = writeln!(out, "      edited; published value {p}");
            }
        }
    }
    for n in &e.notes {
        let _ = writeln!(out, "\nNote: {n}");
    }
    for n in &e.research {
        let _ = writeln!(out, "\nResearch note: {n}");
    }
    out
}

pub fn compare_json(
    catalog: &Catalog,
    sets: &[Prepared],
    p: &Practice,
    cmp: &Comparison,
    falls: &[Waterfall],
    warnings: &[Warning],
) -> Value {
    json!({
        "practice": p.name,
        "rules": sets.iter().map(|s| &*s.rules().id).collect::<Vec<_>>(),
        "statements": cmp.statements.iter().zip(sets).map(|(st, rs)| statement_json(catalog, rs, p, st, warnings)).collect::<Vec<_>>(),
        "rows": cmp.rows,
        "waterfalls": falls,
    })
}

pub fn compare_csv(cmp: &Comparison) -> String {
    csv_text(&gpsim_engine::tables::comparison(cmp))
}

pub fn compare_table(
    sets: &[&RuleSet],
    p: &Practice,
    cmp: &Comparison,
    falls: &[Waterfall],
    warnings: &[Warning],
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        safe_text(p.name.as_deref().unwrap_or("Practice"))
    );
    let w = 40;
    let _ = write!(out, "{:<w$}", "");
    for s in sets {
        let _ = write!(
            out,
            " {:>13}",
            s.short_name.chars().take(13).collect::<String>()
        );
    }
    for s in &sets[1..] {
        let _ = write!(
            out,
            " {:>13}",
            format!("Δ {}", s.short_name)
                .chars()
                .take(13)
                .collect::<String>()
        );
    }
    out.push('\n');
    for r in cmp.rows.iter().filter(|r| {
        matches!(
            r.kind,
            LineKind::Component | LineKind::Area | LineKind::Service
        )
    }) {
        let label: String = format!("{}{}", indent(r.depth as usize), r.label)
            .chars()
            .take(w)
            .collect();
        let _ = write!(out, "{label:<w$}");
        for c in &r.cells {
            let _ = write!(
                out,
                " {:>13}",
                c.amount
                    .map(|m| m.display_pounds())
                    .unwrap_or_else(|| "—".into())
            );
        }
        for c in &r.cells[1..] {
            let _ = write!(
                out,
                " {:>13}",
                c.change.map(|m| m.display_change()).unwrap_or_default()
            );
        }
        out.push('\n');
    }
    let _ = write!(out, "{:<w$}", "Total");
    for st in &cmp.statements {
        let _ = write!(out, " {:>13}", st.total.display_pounds());
    }
    for st in &cmp.statements[1..] {
        let _ = write!(
            out,
            " {:>13}",
            (st.total - cmp.statements[0].total).display_change()
        );
    }
    out.push('\n');
    let _ = write!(out, "{:<w$}", "£ per registered patient");
    for st in &cmp.statements {
        let _ = write!(out, " {:>13}", st.per_registered_patient.display_pence());
    }
    out.push('\n');
    for f in falls {
        let _ = writeln!(
            out,
            "\nWhere the money moved, {} → {}: {}",
            f.from,
            f.to,
            f.total_change.display_change()
        );
        for s in f
            .steps
            .iter()
            .filter(|s| !s.amount.round_pounds().is_zero())
        {
            let _ = write!(out, "  {:<44} {:>12}", s.label, s.amount.display_change());
            if let Some(r) = s.range {
                let _ = write!(
                    out,
                    "  ({} to {} as our estimates for gaps could be off)",
                    r.low.display_change(),
                    r.high.display_change()
                );
            }
            out.push('\n');
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for w in warnings.iter().map(|w| w.message.clone()).chain(
        cmp.statements
            .iter()
            .flat_map(|s| s.warnings.iter().cloned()),
    ) {
        if seen.insert(w.clone()) {
            let _ = writeln!(out, "warning: {w}");
        }
    }
    out
}

/// One CSV row per practice: totals under each rule set and changes.
pub fn batch_csv(catalog: &Catalog, sets: &[&RuleSet], rows: &[CsvRow]) -> String {
    let mut header: Vec<String> = ["id", "name", "contract", "list_size", "weighted_list"]
        .map(String::from)
        .to_vec();
    for s in sets {
        header.push(format!("total_{}", s.id));
        header.push(format!("per_patient_{}", s.id));
    }
    for s in &sets[1..] {
        header.push(format!("change_{}", s.id));
    }
    header.push("problems".into());
    let width = header.len();
    let mut table = vec![header];
    let prepared = Prepared::all(sets.iter().copied());
    for r in rows {
        let name = safe_text(r.practice.name.as_deref().unwrap_or_default());
        let mut row = vec![safe_text(&r.id), name];
        if let Some(why) = &r.left_out {
            row.resize(width - 1, String::new());
            row.push(format!("left out: {why}"));
            table.push(row);
            continue;
        }
        match validate(&r.practice, catalog) {
            Ok((p, _)) => {
                let totals: Vec<(Money, Money)> = prepared
                    .iter()
                    .map(|rs| {
                        let st = gpsim_engine::statement(catalog, rs, &p);
                        (st.total, st.per_registered_patient)
                    })
                    .collect();
                row.push(
                    match p.contract {
                        gpsim_engine::practice::Contract::Gms => "GMS",
                        gpsim_engine::practice::Contract::Pms => "PMS",
                    }
                    .into(),
                );
                row.push(p.list_size.0.normalize().to_string());
                row.push(p.weighted_list.0.normalize().to_string());
                for (t, pp) in &totals {
                    row.push(t.to_pence_string());
                    row.push(pp.to_pence_string());
                }
                for (t, _) in &totals[1..] {
                    row.push((*t - totals[0].0).to_pence_string());
                }
                row.push(String::new());
            }
            Err(problems) => {
                let msg: Vec<String> = problems
                    .iter()
                    .map(|p| format!("{}: {}", p.field, p.message))
                    .collect();
                // Contract, lists, then each set's total, per patient and change.
                row.extend(std::iter::repeat_n(String::new(), 3 + 3 * sets.len() - 1));
                row.push(format!("line {}: {}", r.line, msg.join("; ")));
            }
        }
        table.push(row);
    }
    csv_text(&table)
}

/// One row per practice in the national run.
pub fn national_csv(s: &gpsim_engine::national::Summary) -> String {
    csv_text(&gpsim_engine::tables::national_practices(s))
}

fn group_rows(out: &mut String, title: &str, groups: &[gpsim_engine::national::Group]) {
    let _ = writeln!(
        out,
        "\n{title}\n  {:<44} {:>6} {:>6} {:>6} {:>6} {:>16} {:>9}",
        "", "count", "gain", "lose", "±1%", "change £", "median %"
    );
    for g in groups {
        let _ = writeln!(
            out,
            "  {:<44} {:>6} {:>6} {:>6} {:>6} {:>16} {:>9}",
            safe_text(&g.name.chars().take(44).collect::<String>()),
            g.practices,
            g.gain,
            g.lose,
            g.same,
            g.change.display_change(),
            g.median_percent
        );
    }
}

/// The national run as text: the headline, payments, breakdowns, extremes.
/// At most `n` characters of `s`.
fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

pub fn national_table(s: &gpsim_engine::national::Summary) -> String {
    let a = &s.all;
    let mut out = format!(
        "{} → {}: {} practices\n  gain more than 1%: {}   lose more than 1%: {}   within ±1%: {}\n  all practices: {} → {} ({}); median change {}%\n",
        s.from_name,
        s.to_name,
        a.practices,
        a.gain,
        a.lose,
        a.same,
        a.from.display_pounds(),
        a.to.display_pounds(),
        a.change.display_change(),
        a.median_percent
    );
    if !s.left_out.is_empty() {
        let mut kinds: std::collections::BTreeMap<&str, usize> = Default::default();
        for l in &s.left_out {
            *kinds.entry(l.kind()).or_default() += 1;
        }
        let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{k}: {n}")).collect();
        let _ = writeln!(
            out,
            "  left out: {} practices whose published payments are not a year of core contract income ({}); listed at the end",
            s.left_out.len(),
            kinds.join("; ")
        );
    }
    let _ = writeln!(
        out,
        "  QOF achievement: {} practices at their published level, {} modelled (their CCG's, or national typical)",
        s.achievement_published, s.achievement_modelled
    );
    let _ = writeln!(
        out,
        "\nNational totals by payment\n  {:<60} {:>16} {:>16}",
        "", s.from_id, s.to_id
    );
    for c in &s.components {
        let _ = writeln!(
            out,
            "  {:<60} {:>16} {:>16}",
            c.label.chars().take(60).collect::<String>(),
            c.from.display_pounds(),
            c.to.display_pounds()
        );
    }
    group_rows(&mut out, "By NHS England region", &s.by_region);
    group_rows(&mut out, "By contract", &s.by_contract);
    group_rows(&mut out, "By registered list", &s.by_list_band);
    let ranked = s.ranked();
    let line = |o: &gpsim_engine::national::Outcome| {
        format!(
            "  {:<8} {:<40} {:>16} {:>8}%\n",
            o.code,
            safe_text(&o.name.chars().take(40).collect::<String>()),
            o.change.display_change(),
            o.percent
        )
    };
    out.push_str("\nBiggest gains\n");
    for o in ranked.iter().take(10) {
        out.push_str(&line(o));
    }
    out.push_str("\nBiggest losses\n");
    for o in ranked.iter().rev().take(10) {
        out.push_str(&line(o));
    }
    if !s.closeness.is_empty() {
        let _ = writeln!(
            out,
            "\nHow close is the model to what was paid? (the model under the payments year's rules beside the 2014/15 payments file)\n  {:<46} {:>6} {:>15} {:>15} {:>18} {:>18}",
            "", "count", "modelled", "paid", "median |diff|", "90th pct |diff|"
        );
        for c in &s.closeness {
            let _ = writeln!(
                out,
                "  {:<46} {:>6} {:>15} {:>15} {:>11} {:>5}% {:>11} {:>5}%",
                truncate(&c.label, 46),
                c.practices,
                c.modelled.display_pounds(),
                c.paid.display_pounds(),
                c.median_abs.display_pounds(),
                c.median_abs_percent,
                c.p90_abs.display_pounds(),
                c.p90_abs_percent
            );
        }
        let _ = writeln!(out, "  {}", gpsim_engine::national::NOT_COMPARED);
    }
    if !s.left_out.is_empty() {
        out.push_str("\nLeft out\n");
        for l in &s.left_out {
            let _ = writeln!(
                out,
                "  {:<8} {:<5} {}: {}",
                l.code,
                l.contract,
                safe_text(&truncate(&l.name, 40)),
                l.reason
            );
        }
    }
    out
}

/// What a range means, in the words the table and the app use.
const RANGE_MEANS: &str = "if every uncertain figure is at an end of its range (and each gap's estimate at £0 or at all its points); not the practice's own inputs, which are taken as given";

/// A statement's range and the figures that move it most, for the table.
pub fn range_text(
    r: &gpsim_engine::ranges::Range,
    swings: &[gpsim_engine::ranges::Swing],
) -> String {
    let mut out = format!(
        "Range: {} to {}, {RANGE_MEANS}.\n",
        r.low.display_pounds(),
        r.high.display_pounds()
    );
    if !swings.is_empty() {
        out.push_str("The figures that matter most for this total (each moved alone):\n");
        for s in swings.iter().take(10) {
            let _ = writeln!(
                out,
                "  {:<56} {:>10}  ({} to {})",
                s.label,
                format!("±{}", s.swing.display_pounds()),
                s.at_low.display_pounds(),
                s.at_high.display_pounds()
            );
        }
    }
    out
}

/// The range's two rows for a statement's CSV (line id, label, amount).
pub fn range_csv_rows(r: &gpsim_engine::ranges::Range) -> String {
    format!(
        "total.low,Total if every uncertain figure lowers it,{}\ntotal.high,Total if every uncertain figure raises it,{}\n",
        r.low.to_pence_string(),
        r.high.to_pence_string()
    )
}

/// Each total's range and each change's range from the first set, for a
/// comparison's `--ranges`.
pub struct CompareRanges {
    /// (set id, its name for people, is it a change, the range).
    rows: Vec<(String, String, bool, gpsim_engine::ranges::Range)>,
    from: String,
}

impl CompareRanges {
    pub fn of(catalog: &Catalog, list: &[RuleSet], p: &Practice) -> CompareRanges {
        use gpsim_engine::ranges::{change_range, statement_range};
        let totals = list.iter().map(|rs| {
            (
                rs.id.to_string(),
                rs.name.to_string(),
                false,
                statement_range(catalog, rs, p).0,
            )
        });
        let changes = list[1..].iter().map(|b| {
            let r = change_range(catalog, &list[0], b, p);
            (
                b.id.to_string(),
                format!("change to {}", b.short_name),
                true,
                r,
            )
        });
        CompareRanges {
            rows: totals.chain(changes).collect(),
            from: list[0].id.to_string(),
        }
    }

    /// `ranges` in the JSON.
    pub fn json(&self) -> Value {
        let of = |change: bool| -> Vec<Value> {
            self.rows
                .iter()
                .filter(|r| r.2 == change)
                .map(|(id, _, _, r)| match change {
                    false => json!({"rules": id, "range": r}),
                    true => json!({"from": self.from, "to": id, "range": r}),
                })
                .collect()
        };
        json!({"totals": of(false), "changes": of(true), "means": RANGE_MEANS})
    }

    /// Rows after the CSV: `range,<set>,total|change,low,central,high`.
    pub fn csv(&self) -> String {
        let mut out = String::new();
        for (id, _, change, r) in &self.rows {
            let _ = writeln!(
                out,
                "range,{id},{},{},{},{}",
                if *change { "change" } else { "total" },
                r.low.to_pence_string(),
                r.central.to_pence_string(),
                r.high.to_pence_string()
            );
        }
        out
    }

    /// A section after the table.
    pub fn text(&self) -> String {
        let mut out = format!("\nRanges, {RANGE_MEANS}:\n");
        for (_, name, change, r) in &self.rows {
            let shown = |m: Money| {
                if *change {
                    m.display_change()
                } else {
                    m.display_pounds()
                }
            };
            let _ = writeln!(
                out,
                "  {name:<30} {} (between {} and {})",
                shown(r.central),
                shown(r.low),
                shown(r.high)
            );
        }
        out
    }
}
