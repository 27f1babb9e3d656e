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
