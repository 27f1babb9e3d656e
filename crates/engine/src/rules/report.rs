//! Compares each rule set's indicator table with the official totals, domain
//! by domain and area by area, so that every gap in our data is reported
//! where it is rather than hidden in a total.

use super::model::*;
use crate::figure::Status;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Serialize)]
pub struct PointsReport {
    pub rules: String,
    pub name: String,
    /// Indicators in our table, counting pool members.
    pub indicators: usize,
    pub official_indicators: Option<Decimal>,
    pub pools: usize,
    /// Indicators whose points are known only through a group total.
    pub pool_members: usize,
    /// Points our table itemises (own points plus pool totals), as written.
    pub table_points: Decimal,
    pub official_points: Option<Decimal>,
    pub official_status: Status,
    pub domains: Vec<DomainReport>,
    pub figures_by_status: BTreeMap<Status, usize>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DomainReport {
    pub id: String,
    pub name: String,
    pub indicators: usize,
    pub table_points: Decimal,
    pub official_points: Option<Decimal>,
    pub official_status: Status,
    /// Official minus our table; positive means our table is short.
    pub gap: Option<Decimal>,
    pub areas: Vec<AreaReport>,
}

#[derive(Clone, Debug, Serialize)]
pub struct AreaReport {
    pub id: String,
    pub name: String,
    pub table_points: Decimal,
    pub official_points: Option<Decimal>,
    pub gap: Option<Decimal>,
    /// Indicators with no points and no pool to carry them.
    pub points_not_found: Vec<String>,
    /// Threshold indicators whose thresholds were not found.
    pub thresholds_not_found: Vec<String>,
}

impl AreaReport {
    /// True when the area has something to report.
    pub fn has_gap(&self) -> bool {
        self.gap.is_some_and(|g| !g.is_zero())
            || !self.points_not_found.is_empty()
            || !self.thresholds_not_found.is_empty()
    }
}

/// Builds the report for one rule set.
pub fn points_report(rs: &RuleSet) -> PointsReport {
    let q = &rs.qof;
    let mut domains = Vec::new();
    for (di, d) in q.domains.iter().enumerate() {
        let mut areas = Vec::new();
        let mut d_table = Decimal::ZERO;
        let mut d_count = 0;
        for (ai, a) in q.areas.iter().enumerate().filter(|(_, a)| a.domain == di) {
            let mut table = Decimal::ZERO;
            let mut points_nf = Vec::new();
            let mut thr_nf = Vec::new();
            for i in q.indicators.iter().filter(|i| i.area == ai) {
                d_count += 1;
                match i.points.value {
                    Some(p) => table += p,
                    None if i.pool.is_none() => points_nf.push(i.code.to_string()),
                    None => {}
                }
                if i.kind == IndicatorKind::Threshold {
                    let missing = |f: &Option<crate::figure::Figure>| {
                        f.as_ref().is_none_or(|f| f.value.is_none())
                    };
                    if missing(&i.lower) || missing(&i.upper) {
                        thr_nf.push(i.code.to_string());
                    }
                }
            }
            for p in q.pools.iter().filter(|p| p.area == ai) {
                if let Some(v) = p.points.value {
                    table += v;
                }
            }
            let official = a.official_points.as_ref().and_then(|f| f.value);
            areas.push(AreaReport {
                id: a.id.to_string(),
                name: a.name.to_string(),
                table_points: table,
                official_points: official,
                gap: official.map(|o| (o - table).round_dp(6)),
                points_not_found: points_nf,
                thresholds_not_found: thr_nf,
            });
            d_table += table;
        }
        let official = d.official_points.value;
        domains.push(DomainReport {
            id: d.id.to_string(),
            name: d.name.to_string(),
            indicators: d_count,
            table_points: d_table,
            official_points: official,
            official_status: d.official_points.status(),
            gap: official.map(|o| (o - d_table).round_dp(6)),
            areas,
        });
    }
    PointsReport {
        rules: rs.id.to_string(),
        name: rs.name.to_string(),
        indicators: q.indicators.len(),
        official_indicators: q.official_indicator_count.value,
        pools: q.pools.len(),
        pool_members: q.pools.iter().map(|p| p.members.len()).sum(),
        table_points: domains.iter().map(|d| d.table_points).sum(),
        official_points: q.official_total_points.value,
        official_status: q.official_total_points.status(),
        domains,
        figures_by_status: rs.status_counts(),
    }
}

/// Formats points for people: `157.5`, `666`.
pub fn fmt_points(d: Decimal) -> String {
    crate::money::Points(d).display()
}

impl PointsReport {
    /// Plain-text lines, as the CLI prints them.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let official_n = self
            .official_indicators
            .map(|n| format!(" (official: {})", n.normalize()))
            .unwrap_or_default();
        out.push_str(&format!("{} — {}\n", self.rules, self.name));
        out.push_str(&format!(
            "  indicators: {} in our table, {} of them in {} group(s) with only a group total{}\n",
            self.indicators, self.pool_members, self.pools, official_n
        ));
        out.push_str(&format!(
            "  points: table {} against official {} [{}]\n",
            fmt_points(self.table_points),
            self.official_points
                .map(fmt_points)
                .unwrap_or_else(|| "not found".into()),
            self.official_status
        ));
        if let Some(o) = self.official_points {
            let g = (o - self.table_points).round_dp(6);
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
        for d in &self.domains {
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
        for (s, n) in &self.figures_by_status {
            out.push_str(&format!(" {} {},", s.word(), n));
        }
        out.pop();
        out.push('\n');
        out
    }
}
