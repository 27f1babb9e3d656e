//! "What changed" between two rule sets, generated from the rules data:
//! indicators retired, added and re-weighted, thresholds moved, prices and
//! enhanced services. Indicators are matched through their "continues" links.
//!
//! Length: "what changed" walks every kind of change (retirements, additions,
//! re-weighting, renumbering, thresholds, prices, services) and writes each
//! one's sentences; they share the pairing of indicators across sets.

use super::model::*;
use super::Catalog;
use crate::figure::{Figure, Unit};
use crate::rules::report::fmt_points;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, Serialize)]
pub struct IndicatorRef {
    pub code: String,
    pub area: String,
    pub domain: String,
    pub description: String,
    pub points: Option<Decimal>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Reweight {
    pub from: Vec<String>,
    pub to: Vec<String>,
    pub area: String,
    pub points_from: Decimal,
    pub points_to: Decimal,
}

/// A continuing indicator that carries a new code.
#[derive(Clone, Debug, Serialize)]
pub struct Renumbering {
    pub from: Vec<String>,
    pub to: Vec<String>,
    pub area: String,
}

/// Retired points and where the rules data says their money went.
#[derive(Clone, Debug, Serialize)]
pub struct Funding {
    /// `global_sum`, or an enhanced service's id.
    pub to: String,
    /// The service's name, or "the global sum".
    pub name: String,
    pub points: Decimal,
}

#[derive(Clone, Debug, Serialize)]
pub struct ThresholdChange {
    pub from: String,
    pub to: String,
    pub area: String,
    pub lower_from: Option<Decimal>,
    pub upper_from: Option<Decimal>,
    pub lower_to: Option<Decimal>,
    pub upper_to: Option<Decimal>,
}

impl ThresholdChange {
    /// True when the upper threshold went up (the work needed for full points).
    pub fn raised(&self) -> bool {
        matches!((self.upper_from, self.upper_to), (Some(a), Some(b)) if b > a)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct PriceChange {
    pub path: String,
    pub label: String,
    pub unit: Unit,
    pub from: Option<Decimal>,
    pub to: Option<Decimal>,
    /// What a missing value means: "not found" for ordinary figures, or for
    /// optional ones what their absence means.
    pub missing: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub struct ServiceRef {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct RuleDiff {
    pub from: String,
    pub to: String,
    pub from_name: String,
    pub to_name: String,
    pub retired: Vec<IndicatorRef>,
    pub added: Vec<IndicatorRef>,
    pub reweighted: Vec<Reweight>,
    pub renumbered: Vec<Renumbering>,
    /// Where the points that left QOF went, when the later set derives from
    /// the earlier and its retirements say (empty otherwise).
    pub funded: Vec<Funding>,
    pub thresholds: Vec<ThresholdChange>,
    pub prices: Vec<PriceChange>,
    pub services_added: Vec<ServiceRef>,
    pub services_retired: Vec<ServiceRef>,
    pub service_rates: Vec<PriceChange>,
    pub points_from: Decimal,
    pub points_to: Decimal,
}

fn iref(rs: &RuleSet, i: &Indicator) -> IndicatorRef {
    let area = &rs.qof.areas[i.area];
    IndicatorRef {
        code: i.code.to_string(),
        area: area.name.to_string(),
        domain: rs.qof.domains[area.domain].name.to_string(),
        description: i.description.to_string(),
        points: points_with_pool(rs, i),
    }
}

fn total_points(rs: &RuleSet) -> Decimal {
    let own: Decimal = rs
        .qof
        .indicators
        .iter()
        .filter_map(|i| i.points.value)
        .sum();
    let pools: Decimal = rs.qof.pools.iter().filter_map(|p| p.points.value).sum();
    own + pools
}

/// Points an indicator carries, counting its share of a pool when it is a member.
fn points_with_pool(rs: &RuleSet, i: &Indicator) -> Option<Decimal> {
    match (i.points.value, i.pool) {
        (Some(p), _) => Some(p),
        (None, Some(pi)) => {
            let pool = &rs.qof.pools[pi];
            let n = Decimal::from(pool.members.len().max(1) as u64);
            pool.points.value.map(|p| p / n)
        }
        (None, None) => None,
    }
}

fn price(path: &str, a: &Figure, b: &Figure, out: &mut Vec<PriceChange>) {
    if a.value != b.value {
        out.push(PriceChange {
            path: path.to_string(),
            label: b.label().to_string(),
            unit: b.unit(),
            from: a.value,
            to: b.value,
            missing: "not found",
        });
    }
}

/// A price that only some rule sets have (the MPIG phase-out): absent means
/// what `missing` says.
fn optional_price(
    path: &str,
    label: &str,
    unit: Unit,
    a: Option<&Figure>,
    b: Option<&Figure>,
    missing: &'static str,
    out: &mut Vec<PriceChange>,
) {
    let (va, vb) = (a.and_then(|f| f.value), b.and_then(|f| f.value));
    if va != vb {
        out.push(PriceChange {
            path: path.to_string(),
            label: label.to_string(),
            unit,
            from: va,
            to: vb,
            missing,
        });
    }
}

/// What changed from `a` to `b`.
pub fn diff(catalog: &Catalog, a: &RuleSet, b: &RuleSet) -> RuleDiff {
    let lineage = |i: &Indicator| {
        catalog
            .codes
            .lineage
            .get(i.code_id as usize)
            .copied()
            .unwrap_or(u32::MAX)
    };
    let mut by_lineage: BTreeMap<u32, (Vec<&Indicator>, Vec<&Indicator>)> = BTreeMap::new();
    for i in &a.qof.indicators {
        by_lineage.entry(lineage(i)).or_default().0.push(i);
    }
    for i in &b.qof.indicators {
        by_lineage.entry(lineage(i)).or_default().1.push(i);
    }
    let mut retired = Vec::new();
    let mut added = Vec::new();
    let mut reweighted = Vec::new();
    let mut renumbered = Vec::new();
    let mut thresholds = Vec::new();
    for (olds, news) in by_lineage.values() {
        match (olds.is_empty(), news.is_empty()) {
            (false, true) => retired.extend(olds.iter().map(|i| iref(a, i))),
            (true, false) => added.extend(news.iter().map(|i| iref(b, i))),
            (false, false) => {
                let codes = |l: &Vec<&Indicator>| -> Vec<String> {
                    l.iter().map(|i| i.code.to_string()).collect()
                };
                let (ca, cb) = (codes(olds), codes(news));
                if !ca.iter().any(|c| cb.contains(c)) {
                    renumbered.push(Renumbering {
                        from: ca,
                        to: cb,
                        area: b.qof.areas[news[0].area].name.to_string(),
                    });
                }
                let pa: Option<Decimal> = olds.iter().map(|i| points_with_pool(a, i)).sum();
                let pb: Option<Decimal> = news.iter().map(|i| points_with_pool(b, i)).sum();
                if let (Some(pa), Some(pb)) = (pa, pb) {
                    if pa.round_dp(6) != pb.round_dp(6) {
                        reweighted.push(Reweight {
                            from: olds.iter().map(|i| i.code.to_string()).collect(),
                            to: news.iter().map(|i| i.code.to_string()).collect(),
                            area: b.qof.areas[news[0].area].name.to_string(),
                            points_from: pa,
                            points_to: pb,
                        });
                    }
                }
                for n in news.iter().filter(|n| n.is_threshold()) {
                    // The nearest predecessor by link distance.
                    let related = &catalog.codes.related[n.code_id as usize];
                    let Some(o) = related
                        .iter()
                        .find_map(|c| olds.iter().find(|o| o.code_id == *c && o.is_threshold()))
                    else {
                        continue;
                    };
                    let v = |f: &Option<Figure>| f.as_ref().and_then(|f| f.value);
                    if v(&o.lower) != v(&n.lower) || v(&o.upper) != v(&n.upper) {
                        thresholds.push(ThresholdChange {
                            from: o.code.to_string(),
                            to: n.code.to_string(),
                            area: b.qof.areas[n.area].name.to_string(),
                            lower_from: v(&o.lower),
                            upper_from: v(&o.upper),
                            lower_to: v(&n.lower),
                            upper_to: v(&n.upper),
                        });
                    }
                }
            }
            (true, true) => {}
        }
    }
    // List retired and new indicators in table order: by domain, then area.
    let place = |rs: &RuleSet, r: &IndicatorRef| {
        let d = rs.qof.domains.iter().position(|d| *d.name == *r.domain);
        let a = rs.qof.areas.iter().position(|a| *a.name == *r.area);
        (d, a)
    };
    retired.sort_by_key(|r| place(a, r));
    added.sort_by_key(|r| place(b, r));
    // Pools that disappear or appear wholesale (their members have no points).
    let mut prices = Vec::new();
    let (qa, qb) = (&a.qof, &b.qof);
    price(
        "qof.point_value",
        &qa.point_value,
        &qb.point_value,
        &mut prices,
    );
    price(
        "qof.average_list_size",
        &qa.average_list_size,
        &qb.average_list_size,
        &mut prices,
    );
    price(
        "qof.aspiration_share",
        &qa.aspiration_share,
        &qb.aspiration_share,
        &mut prices,
    );
    price(
        "funding.global_sum_price",
        &a.funding.global_sum_price,
        &b.funding.global_sum_price,
        &mut prices,
    );
    price(
        "funding.ooh_deduction",
        &a.funding.ooh_deduction,
        &b.funding.ooh_deduction,
        &mut prices,
    );
    optional_price(
        "funding.mpig_years_elapsed",
        "MPIG phase-out: years elapsed",
        Unit::Count,
        a.funding.mpig_years_elapsed.as_ref(),
        b.funding.mpig_years_elapsed.as_ref(),
        "none (paid in full)",
        &mut prices,
    );
    optional_price(
        "funding.pms_uplift",
        "PMS and APMS equivalent uplift",
        Unit::GbpPerWeightedPatient,
        a.funding.pms_uplift.as_ref(),
        b.funding.pms_uplift.as_ref(),
        "none (the 2013/14 contract value)",
        &mut prices,
    );
    optional_price(
        "funding.pms_premium_review",
        "Share of a PMS premium reduction applied",
        Unit::Share,
        a.funding.pms_premium_review.as_ref(),
        b.funding.pms_premium_review.as_ref(),
        "none (the review had not begun)",
        &mut prices,
    );

    let ids_a: BTreeSet<&str> = a.services.iter().map(|s| &*s.id).collect();
    let ids_b: BTreeSet<&str> = b.services.iter().map(|s| &*s.id).collect();
    let sref = |s: &Service| ServiceRef {
        id: s.id.to_string(),
        name: s.name.to_string(),
    };
    let services_added = b
        .services
        .iter()
        .filter(|s| !ids_a.contains(&*s.id))
        .map(sref)
        .collect();
    let services_retired = a
        .services
        .iter()
        .filter(|s| !ids_b.contains(&*s.id))
        .map(sref)
        .collect();
    let mut service_rates = Vec::new();
    let figs_a: BTreeMap<&str, &Figure> = a
        .figures()
        .into_iter()
        .filter(|f| f.path().starts_with("services."))
        .map(|f| (f.path(), f))
        .collect();
    for f in b
        .figures()
        .into_iter()
        .filter(|f| f.path().starts_with("services."))
    {
        if let Some(old) = figs_a.get(f.path()) {
            price(f.path(), old, f, &mut service_rates);
        }
    }
    let funded = funding(a, b);
    RuleDiff {
        from: a.id.to_string(),
        to: b.id.to_string(),
        from_name: a.name.to_string(),
        to_name: b.name.to_string(),
        retired,
        added,
        reweighted,
        renumbered,
        funded,
        thresholds,
        prices,
        services_added,
        services_retired,
        service_rates,
        points_from: total_points(a),
        points_to: total_points(b),
    }
}

/// Where the points that left QOF between `a` and `b` went, as `b`'s
/// retirements say: each retirement that funds an enhanced service moves its
/// own points there, and the global sum takes the rest of the net fall in
/// QOF points (so a continuing indicator re-priced upwards is paid from it).
/// Empty unless `b` derives from `a` and some retirement names the global sum.
fn funding(a: &RuleSet, b: &RuleSet) -> Vec<Funding> {
    if b.derives_from.as_deref() != Some(&*a.id) {
        return Vec::new();
    }
    let mut out: Vec<Funding> = Vec::new();
    let mut to_global = false;
    for r in &b.retirements {
        match (r.funds.as_deref(), r.points) {
            (Some("global_sum"), _) => to_global = true,
            (Some(service), Some(points)) => {
                let name = b
                    .services
                    .iter()
                    .find(|s| *s.id == *service)
                    .map(|s| s.name.to_string())
                    .unwrap_or_else(|| service.to_string());
                match out.iter_mut().find(|f| f.to == service) {
                    Some(f) => f.points += points,
                    None => out.push(Funding {
                        to: service.to_string(),
                        name,
                        points,
                    }),
                }
            }
            _ => {}
        }
    }
    if to_global {
        let fall = total_points(a) - total_points(b);
        let to_services: Decimal = out.iter().map(|f| f.points).sum();
        out.push(Funding {
            to: "global_sum".to_string(),
            name: "the global sum".to_string(),
            points: fall - to_services,
        });
    }
    out
}

fn sum_points(list: &[IndicatorRef]) -> Decimal {
    list.iter().filter_map(|i| i.points).sum()
}

/// Groups indicator references by domain, in first-seen order:
/// `("Clinical", 24, 185)`.
fn by_domain(list: &[IndicatorRef]) -> Vec<(&str, usize, Decimal)> {
    let mut out: Vec<(&str, usize, Decimal)> = Vec::new();
    for i in list {
        let p = i.points.unwrap_or_default();
        match out.iter_mut().find(|(d, _, _)| *d == i.domain) {
            Some(e) => {
                e.1 += 1;
                e.2 += p;
            }
            None => out.push((&i.domain, 1, p)),
        }
    }
    out
}

/// Groups indicator references by area: "Records and information (10)".
fn by_area(list: &[IndicatorRef]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for i in list {
        *counts.entry(&i.area).or_insert(0) += 1;
    }
    counts
        .iter()
        .map(|(a, n)| format!("{a} ({n})"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn fmt_value(p: &PriceChange, v: Option<Decimal>) -> String {
    v.map(|v| p.unit.format(v))
        .unwrap_or_else(|| p.missing.to_string())
}

impl RuleDiff {
    /// Plain-English sentences, one per change, shared by the app and the CLI.
    pub fn sentences(&self) -> Vec<String> {
        let mut out = Vec::new();
        out.push(format!(
            "QOF points in our tables: {} in {}, {} in {}.",
            fmt_points(self.points_from),
            self.from_name,
            fmt_points(self.points_to),
            self.to_name
        ));
        if !self.retired.is_empty() {
            let domains: Vec<String> = by_domain(&self.retired)
                .into_iter()
                .map(|(d, n, p)| format!("{d} {n} ({} points)", fmt_points(p)))
                .collect();
            out.push(format!(
                "Retired: {} indicators worth {} points. By domain: {}. By area: {}.",
                self.retired.len(),
                fmt_points(sum_points(&self.retired)),
                domains.join("; "),
                by_area(&self.retired)
            ));
        }
        if !self.added.is_empty() {
            out.push(format!(
                "New: {} indicators worth {} points — {}.",
                self.added.len(),
                fmt_points(sum_points(&self.added)),
                by_area(&self.added)
            ));
        }
        if !self.reweighted.is_empty() {
            let up = self
                .reweighted
                .iter()
                .filter(|r| r.points_to > r.points_from)
                .count();
            let net: Decimal = self
                .reweighted
                .iter()
                .map(|r| r.points_to - r.points_from)
                .sum();
            out.push(format!(
                "Re-weighted: {} continuing indicators changed points ({} up, {} down; net {}{} points).",
                self.reweighted.len(),
                up,
                self.reweighted.len() - up,
                if net >= Decimal::ZERO { "+" } else { "" },
                fmt_points(net)
            ));
        }
        if !self.renumbered.is_empty() {
            // Every code changed style in 2013/14 ("CHD 1" → "CHD001"), so
            // across that year the list is long: name the first few.
            const SHOWN: usize = 16;
            let mut pairs: Vec<String> = self
                .renumbered
                .iter()
                .take(SHOWN)
                .map(|r| format!("{} → {}", r.from.join("+"), r.to.join("+")))
                .collect();
            if self.renumbered.len() > SHOWN {
                pairs.push(format!("and {} more", self.renumbered.len() - SHOWN));
            }
            out.push(format!(
                "Renumbered or re-worded: {} continuing indicators carry new codes ({}); achievement carries across.",
                self.renumbered.len(),
                pairs.join(", ")
            ));
        }
        if !self.funded.is_empty() {
            let parts: Vec<String> = self
                .funded
                .iter()
                .map(|f| format!("{} points' worth to {}", fmt_points(f.points), f.name))
                .collect();
            out.push(format!(
                "Where the {} points that left QOF went: {}.",
                fmt_points(self.points_from - self.points_to),
                parts.join("; ")
            ));
        }
        if !self.thresholds.is_empty() {
            let raised = self.thresholds.iter().filter(|t| t.raised()).count();
            out.push(format!(
                "Thresholds: {} continuing indicators have new payment thresholds, {} of them with a higher upper threshold.",
                self.thresholds.len(),
                raised
            ));
        }
        for p in &self.prices {
            out.push(format!(
                "{}: {} → {}.",
                p.label,
                fmt_value(p, p.from),
                fmt_value(p, p.to)
            ));
        }
        if !self.services_added.is_empty() {
            let names: Vec<&str> = self
                .services_added
                .iter()
                .map(|s| s.name.as_str())
                .collect();
            out.push(format!("New enhanced services: {}.", names.join("; ")));
        }
        if !self.services_retired.is_empty() {
            let names: Vec<&str> = self
                .services_retired
                .iter()
                .map(|s| s.name.as_str())
                .collect();
            out.push(format!("Enhanced services ended: {}.", names.join("; ")));
        }
        for p in &self.service_rates {
            out.push(format!(
                "{}: {} → {}.",
                p.label,
                fmt_value(p, p.from),
                fmt_value(p, p.to)
            ));
        }
        out
    }
}
