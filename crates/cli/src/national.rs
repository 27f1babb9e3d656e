//! `gpsim national`: every practice under two sets, and with `--ranges`
//! the headline counted again at the change's two ends (the example
//! practice's directions, as the app's national view takes them): in the
//! table a line, in the JSON `ranges` with `low` and `high` beside each
//! count, and in the CSV each practice's change at the two ends.

use crate::output;
use gpsim_engine::national::{Corners, Summary};
use gpsim_engine::population::Population;
use gpsim_engine::ranges::{change_directions, change_ends, swings, total_directions};
use gpsim_engine::{Catalog, Money, RuleSet};
use std::fmt::Write;

/// The national ends of the change from `a` to `b`: the example practice's
/// directions (its own swings under each set).
fn corners(catalog: &Catalog, pop: &Population, a: &RuleSet, b: &RuleSet) -> Option<Corners> {
    let example = gpsim_engine::presets::builtin()
        .into_iter()
        .find(|p| p.id == "average")?;
    let (p, _) = gpsim_engine::validate(&example.practice, catalog).ok()?;
    // Each set's directions from the example's own swings (a scenario's
    // included), and the change's from both.
    let (sa, sb) = (swings(catalog, a, &p).1, swings(catalog, b, &p).1);
    let (da, db) = (
        total_directions(catalog, a, &p, &sa),
        total_directions(catalog, b, &p, &sb),
    );
    let dc = change_directions(catalog, a, b, &p, &sa, &sb, &da, &db);
    let ends = change_ends(a, b, &da, &db, &dc);
    let prepared = gpsim_engine::national::prepare(catalog, pop);
    Some(gpsim_engine::national::corners(
        catalog, pop, &prepared, &ends,
    ))
}

/// The output of `gpsim national`.
pub fn national(
    catalog: &Catalog,
    pop: &Population,
    (a, b): (&RuleSet, &RuleSet),
    format: crate::args::TableFormat,
    ranges: bool,
) -> String {
    use crate::args::TableFormat;
    let summary = gpsim_engine::national::run(catalog, pop, a, b);
    let k = if ranges {
        corners(catalog, pop, a, b)
    } else {
        None
    };
    match format {
        TableFormat::Json => {
            let mut v = serde_json::to_value(&summary).unwrap_or_default();
            if let Some(k) = &k {
                let pair = |c: usize, l: usize, h: usize| serde_json::json!({"central": c, "low": l.min(h), "high": l.max(h)});
                v["ranges"] = serde_json::json!({
                    "gain": pair(summary.all.gain, k.low.gain, k.high.gain),
                    "lose": pair(summary.all.lose, k.low.lose, k.high.lose),
                    // Not a bracket: fewer are within ±1% at both ends.
                    "same": {"central": summary.all.same, "at_low_end": k.low.same, "at_high_end": k.high.same},
                    "change": {"central": summary.all.change, "low": k.low.change, "high": k.high.change},
                    "at_low_end": k.low,
                    "at_high_end": k.high,
                });
            }
            serde_json::to_string_pretty(&v)
                .map(|s| s + "\n")
                .unwrap_or_default()
        }
        TableFormat::Csv => match &k {
            None => output::national_csv(&summary),
            Some(k) => csv_with_ends(&summary, k),
        },
        TableFormat::Table => {
            let mut out = output::national_table(&summary);
            if let Some(k) = &k {
                out = insert_after_first_lines(&out, &range_text(k));
            }
            out
        }
    }
}

/// The headline's range in words.
fn range_text(k: &Corners) -> String {
    let span = |x: usize, y: usize| format!("{} to {}", x.min(y), x.max(y));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "  ranges, every uncertain figure at the ends that lower the change and at those that raise it (the example practice's ends, the same for every practice; gaps at nothing or all their points): gain more than 1%: {}   lose more than 1%: {}   within ±1%: {} and {} at the two ends   all practices' change {} to {}",
        span(k.low.gain, k.high.gain),
        span(k.low.lose, k.high.lose),
        k.low.same,
        k.high.same,
        k.low.change.display_change(),
        k.high.change.display_change()
    );
    out
}

/// `text` with `extra` after its first three lines (the headline).
fn insert_after_first_lines(text: &str, extra: &str) -> String {
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    let at = lines.len().min(3);
    lines.insert(at, extra);
    lines.concat()
}

/// The practices' CSV with each one's change at the two ends.
fn csv_with_ends(s: &Summary, k: &Corners) -> String {
    let mut t = gpsim_engine::tables::national_practices(s);
    let by_index: std::collections::HashMap<usize, (Money, Money)> =
        k.changes.iter().map(|&(i, l, h)| (i, (l, h))).collect();
    if let Some(head) = t.first_mut() {
        head.push("change_at_low_end".into());
        head.push("change_at_high_end".into());
    }
    let outcomes = s.outcomes.iter().map(|o| by_index.get(&o.index).copied());
    for (row, ends) in t
        .iter_mut()
        .skip(1)
        .zip(outcomes.chain(std::iter::repeat(None)))
    {
        let (l, h) = ends.map_or((String::new(), String::new()), |(l, h)| {
            (l.to_pence_string(), h.to_pence_string())
        });
        row.push(l);
        row.push(h);
    }
    output::csv_text(&t)
}
