//! The text reports the CLI prints: the points report and what changed.
//! The engine builds the reports as data; how they read on a terminal is
//! the CLI's business.

use gpsim_engine::rules::diff::RuleDiff;
use gpsim_engine::rules::report::{fmt_points, PointsReport};
use rust_decimal::Decimal;

/// The points report, as `gpsim rules --report` prints it.
pub fn points_report(r: &PointsReport) -> String {
    let mut out = String::new();
    let official_n = r
        .official_indicators
        .map(|n| format!(" (official: {})", n.normalize()))
        .unwrap_or_default();
    out.push_str(&format!("{} — {}\n", r.rules, r.name));
    out.push_str(&format!(
        "  indicators: {} in our table, {} of them in {} group(s) with only a group total{}\n",
        r.indicators, r.pool_members, r.pools, official_n
    ));
    out.push_str(&format!(
        "  points: table {} against official {} [{}]\n",
        fmt_points(r.table_points),
        r.official_points
            .map(fmt_points)
            .unwrap_or_else(|| "not found".into()),
        r.official_status
    ));
    if let Some(o) = r.official_points {
        let g = (o - r.table_points).round_dp(6);
        if !g.is_zero() {
            out.push_str(&format!(
                "  total gap: {} points {} the official total\n",
                fmt_points(g.abs()),
                if g > Decimal::ZERO {
                    "short of"
                } else {
                    "more than"
                }
            ));
        }
    }
    out.push_str("  by domain:\n");
    for d in &r.domains {
        let gap = match d.gap {
            Some(g) if g.is_zero() => "no gap".to_string(),
            Some(g) if g > Decimal::ZERO => format!("our table is {} short", fmt_points(g)),
            Some(g) => format!("our table has {} more", fmt_points(-g)),
            None => "official total not found".to_string(),
        };
        out.push_str(&format!(
            "    {:<40} {:>4} ind. {:>7} pts  official {:>7} [{}]  {}\n",
            d.name,
            d.indicators,
            fmt_points(d.table_points),
            d.official_points
                .map(fmt_points)
                .unwrap_or_else(|| "—".into()),
            d.official_status,
            gap
        ));
        for a in d.areas.iter().filter(|a| a.has_gap()) {
            let mut bits = Vec::new();
            if let (Some(o), Some(g)) = (a.official_points, a.gap) {
                if !g.is_zero() {
                    bits.push(format!(
                        "table {} vs area total {}",
                        fmt_points(a.table_points),
                        fmt_points(o)
                    ));
                }
            }
            if !a.points_not_found.is_empty() {
                bits.push(format!(
                    "points not found: {}",
                    a.points_not_found.join(", ")
                ));
            }
            if !a.thresholds_not_found.is_empty() {
                bits.push(format!(
                    "thresholds not found: {}",
                    a.thresholds_not_found.join(", ")
                ));
            }
            out.push_str(&format!("      gap in {}: {}\n", a.name, bits.join("; ")));
        }
    }
    out.push_str("  figures by status:");
    for (s, n) in &r.figures_by_status {
        out.push_str(&format!(" {} {},", s.word(), n));
    }
    out.pop();
    out.push('\n');
    out
}

/// What changed between two sets, as `gpsim changes` prints it.
pub fn changes(d: &RuleDiff) -> String {
    let mut out = format!("What changed: {} → {}\n", d.from_name, d.to_name);
    for s in d.sentences() {
        out.push_str(&format!("  • {s}\n"));
    }
    for (heading, list) in [
        ("Retired indicators", &d.retired),
        ("New indicators", &d.added),
    ] {
        if !list.is_empty() {
            out.push_str(&format!("  {heading}:\n"));
        }
        for i in list {
            out.push_str(&format!(
                "    {:<14} {:>6}  {}: {}\n",
                i.code,
                i.points.map(fmt_points).unwrap_or_else(|| "?".into()),
                i.area,
                i.description
            ));
        }
    }
    if !d.reweighted.is_empty() {
        out.push_str("  Re-weighted:\n");
        for r in &d.reweighted {
            out.push_str(&format!(
                "    {:<24} → {:<24} {:>6} → {:<6} {}\n",
                r.from.join("+"),
                r.to.join("+"),
                fmt_points(r.points_from),
                fmt_points(r.points_to),
                r.area
            ));
        }
    }
    if !d.thresholds.is_empty() {
        out.push_str("  Thresholds (lower–upper %):\n");
        let f = |v: Option<Decimal>| {
            v.map(|v| v.normalize().to_string())
                .unwrap_or_else(|| "?".into())
        };
        for t in &d.thresholds {
            out.push_str(&format!(
                "    {:<12} → {:<12} {}–{} → {}–{}{}\n",
                t.from,
                t.to,
                f(t.lower_from),
                f(t.upper_from),
                f(t.lower_to),
                f(t.upper_to),
                if t.raised() { "  (raised)" } else { "" }
            ));
        }
    }
    out
}
