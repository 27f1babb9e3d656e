//! The gaps QOF leaves in a statement, and their estimates. A gap is part of
//! a rule set's QOF that our figures cannot pay: an indicator whose payment
//! thresholds were not found, an indicator whose points were not found, and
//! an official domain total the indicator table cannot itemise.
//!
//! A gap is never counted as nothing (a comparison would then report missing
//! data as a contract change): where the points at stake are known, the
//! statement pays them at a stated central estimate, on a line of its own
//! marked as one, with what they could be worth at least (£0, none earned)
//! and at most (all earned). The estimate is the practice's own share of the
//! points it earns on the indicators of the same domain that we can pay
//! (else on every indicator we can pay): for a practice at typical
//! achievement, the typical share; at full achievement, all of them.
//! [`estimates`] is the one rule, used by the statement and by the batch
//! path alike, so both pay a gap the same.

use super::Ind;
use crate::calc::explain::{gbp, num, pct, Explanation};
use crate::calc::{id, Basis, Gap, Line, LineKind, Parts, PrevalenceUsed};
use crate::figure::Status;
use crate::money::{Money, Points};
use crate::prepared::Prepared;
use crate::rules::RuleSet;
use rust_decimal::Decimal;
use std::sync::Arc;

/// Where a gap is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "at", content = "index")]
pub enum GapAt {
    /// An indicator whose payment thresholds were not found.
    Indicator(usize),
    /// A domain whose official total the table cannot itemise.
    Domain(usize),
}

/// One gap's central estimate, in points earned.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Estimate {
    pub at: GapAt,
    pub at_stake: Decimal,
    /// The share of the points at stake the estimate pays.
    pub rate: Decimal,
    /// The domain whose payable indicators give the rate; `None` when it is
    /// every payable indicator's (the domain has none we can pay).
    pub rate_from: Option<usize>,
    pub points: Decimal,
}

/// Each gap's estimate, given the points earned in each domain on the
/// indicators that can be paid: indicator gaps first, in table order, then
/// domain gaps. The one rule for both the statement and the batch path.
pub(crate) fn estimates(prep: &Prepared, earned_by_domain: &[Decimal]) -> Vec<Estimate> {
    let plan = &prep.gaps;
    if plan.is_empty() {
        return Vec::new();
    }
    let all: Decimal = earned_by_domain.iter().copied().sum();
    let rate_in = |d: usize| -> (Decimal, Option<usize>) {
        let payable = plan.payable_by_domain.get(d).copied().unwrap_or_default();
        let (earned, payable, from) = if payable > Decimal::ZERO {
            (
                earned_by_domain.get(d).copied().unwrap_or_default(),
                payable,
                Some(d),
            )
        } else {
            (all, plan.payable, None)
        };
        if payable > Decimal::ZERO {
            ((earned / payable).clamp(Decimal::ZERO, Decimal::ONE), from)
        } else {
            (Decimal::ZERO, None)
        }
    };
    let q = &prep.rules().qof;
    let indicators = plan.indicators.iter().map(|&(i, at_stake)| {
        let domain = q
            .indicators
            .get(i)
            .and_then(|ind| q.areas.get(ind.area))
            .map_or(0, |a| a.domain);
        (GapAt::Indicator(i), at_stake, rate_in(domain))
    });
    let domains = plan
        .domains
        .iter()
        .map(|&(d, short)| (GapAt::Domain(d), short, rate_in(d)));
    indicators
        .chain(domains)
        .map(|(at, at_stake, (rate, rate_from))| Estimate {
            at,
            at_stake,
            rate,
            rate_from,
            points: at_stake * rate,
        })
        .collect()
}

/// Each domain's points earned on the indicators that can be paid, from
/// the areas' sums.
pub(crate) fn earned_by_domain(prep: &Prepared, area_points: &[Decimal]) -> Vec<Decimal> {
    let q = &prep.rules().qof;
    let mut out = vec![Decimal::ZERO; q.domains.len()];
    for (area, points) in q.areas.iter().zip(area_points) {
        if let Some(d) = out.get_mut(area.domain) {
            *d += *points;
        }
    }
    out
}

/// One estimate priced for the practice (unrounded £).
struct Priced {
    e: Estimate,
    amount: Decimal,
    /// What it pays with all its points earned.
    most: Decimal,
    per_point: Decimal,
}

/// The statement's estimates, priced, and their sums.
pub(super) struct Estimated {
    items: Vec<Priced>,
    pub amount: Decimal,
    pub points: Decimal,
    pub at_stake: Decimal,
}

impl Estimated {
    /// Prices each estimate for this practice: `pv_cpi` a point, times an
    /// indicator's own prevalence factor (a domain's points are taken at
    /// national prevalence).
    pub fn new(prep: &Prepared, results: &[Ind], area_points: &[Decimal], pv_cpi: Decimal) -> Self {
        let mut out = Estimated {
            items: Vec::new(),
            amount: Decimal::ZERO,
            points: Decimal::ZERO,
            at_stake: Decimal::ZERO,
        };
        if prep.gaps.is_empty() {
            return out;
        }
        for e in estimates(prep, &earned_by_domain(prep, area_points)) {
            let per_point = match e.at {
                GapAt::Indicator(i) => match results.get(i).map(|r| r.prevalence) {
                    Some(PrevalenceUsed::Adjusted { factor, .. }) => pv_cpi * factor,
                    _ => pv_cpi,
                },
                GapAt::Domain(_) => pv_cpi,
            };
            let amount = e.points * per_point;
            out.amount += amount;
            out.points += e.points;
            out.at_stake += e.at_stake;
            out.items.push(Priced {
                e,
                amount,
                most: e.at_stake * per_point,
                per_point,
            });
        }
        out
    }

    fn of(&self, at: GapAt) -> Option<&Priced> {
        self.items.iter().find(|x| x.e.at == at)
    }

    /// The estimates' lines: one under QOF for them all, and one for each.
    pub fn lines(&self, prep: &Prepared, qof_id: &Arc<str>, out: &mut Parts) {
        if self.items.is_empty() {
            return;
        }
        let parent = id("qof.estimates");
        out.lines.push(Line {
            id: parent.clone(),
            parent: Some(qof_id.clone()),
            label: id("Estimates for gaps in our data"),
            kind: LineKind::Detail,
            amount: Money(self.amount),
            points: Some(Points(self.points)),
            max_points: Some(Points(self.at_stake)),
            status: Status::Uncertain,
            basis: Basis::GapEstimates,
        });
        let q = &prep.rules().qof;
        for Priced {
            e,
            amount,
            most,
            per_point,
        } in &self.items
        {
            let (line, what) = match e.at {
                GapAt::Indicator(i) => {
                    let ind = &q.indicators[i];
                    (
                        format!("qof.estimate.{}", ind.line_id),
                        ind.code.to_string(),
                    )
                }
                GapAt::Domain(d) => {
                    let dom = &q.domains[d];
                    (
                        format!("qof.estimate.domain.{}", dom.id),
                        format!("{}, points not itemised", dom.name),
                    )
                }
            };
            out.lines.push(Line {
                id: id(&line),
                parent: Some(parent.clone()),
                label: id(&format!("Estimate for a gap in our data: {what}")),
                kind: LineKind::Detail,
                amount: Money(*amount),
                points: Some(Points(e.points)),
                max_points: Some(Points(e.at_stake)),
                status: Status::Uncertain,
                basis: Basis::GapEstimate {
                    at: e.at,
                    at_stake: e.at_stake,
                    rate: e.rate,
                    rate_from: e.rate_from,
                    pounds_per_point: *per_point,
                    most: Money(*most).round_pence(),
                },
            });
        }
    }

    /// The gap an indicator leaves when its points or thresholds were not
    /// found, with its estimate where it has one.
    pub fn indicator_gap(&self, prep: &Prepared, i: usize, r: &Ind) -> Option<Gap> {
        let q = &prep.rules().qof;
        let ind = &q.indicators[i];
        let line = ind.line_id.to_string();
        match (r.points, r.frac) {
            (None, frac) => {
                let what = if frac.is_none() {
                    "points and payment thresholds not found"
                } else {
                    "points not found"
                };
                // Its points are part of a domain total we estimate, if the
                // domain's official total is known.
                let within = q
                    .areas
                    .get(ind.area)
                    .map(|a| a.domain)
                    .filter(|d| self.of(GapAt::Domain(*d)).is_some());
                let message = match within {
                    Some(d) => format!(
                        "{}: {what}; its points are among the {} points our table cannot itemise, estimated there.",
                        ind.code, q.domains[d].name
                    ),
                    None => format!("{}: {what}; of unknown value, so not estimated.", ind.code),
                };
                Some(Gap {
                    line,
                    message,
                    points: None,
                    value_at_full: None,
                    estimate: None,
                })
            }
            (Some(pts), None) => {
                let est = self.of(GapAt::Indicator(i));
                Some(Gap {
                    line,
                    message: format!(
                        "{}: payment thresholds not found; its {} points are estimated{}.",
                        ind.code,
                        Points(pts).display(),
                        est.map(|x| rate_words(prep.rules(), &x.e))
                            .unwrap_or_default()
                    ),
                    points: Some(Points(pts)),
                    value_at_full: est.map(|x| Money(x.most).round_pence()),
                    estimate: est.map(|x| Money(x.amount).round_pence()),
                })
            }
            _ => None,
        }
    }

    /// Gaps against the official domain totals the indicator table cannot
    /// itemise, each with its estimate.
    pub fn domain_gaps(&self, prep: &Prepared, out: &mut Parts) {
        let q = &prep.rules().qof;
        for Priced {
            e, amount, most, ..
        } in &self.items
        {
            let GapAt::Domain(d) = e.at else { continue };
            let dom = &q.domains[d];
            out.gaps.push(Gap {
                line: format!("qof.domain.{}", dom.id),
                message: format!(
                    "{}: our indicator table itemises {} of the official {} points; the other {} are estimated{}.",
                    dom.name,
                    Points(prep.domain_points(d)).display(),
                    Points(dom.official_points.value.unwrap_or_default()).display(),
                    Points(e.at_stake).display(),
                    rate_words(prep.rules(), e)
                ),
                points: Some(Points(e.at_stake)),
                value_at_full: Some(Money(*most).round_pence()),
                estimate: Some(Money(*amount).round_pence()),
            });
        }
    }
}

/// "at the 93.4% of Clinical points you earn on the indicators we can pay".
fn rate_words(rs: &RuleSet, e: &Estimate) -> String {
    let share = pct((e.rate * Decimal::ONE_HUNDRED).round_dp(1));
    match e.rate_from {
        Some(d) => format!(
            " at the share of {} points you earn on the indicators we can pay ({share})",
            rs.qof.domains[d].name
        ),
        None => {
            format!(" at the share of QOF points you earn on the indicators we can pay ({share})")
        }
    }
}

/// Explains the estimates' lines.
pub(super) fn explain(e: &mut Explanation, rs: &RuleSet, line: &Line) {
    match &line.basis {
        Basis::GapEstimates => {
            e.formula = "The sum of the estimates for the QOF points our data cannot pay. An estimate, not a payment rule: see each line.".into();
            e.notes.push("Each estimate is the practice's own share of points earned on the indicators we can pay in the same domain, so a gap in our data is not counted as a change in the contract. It could be worth as little as £0 (none earned) or as much as every point earned.".into());
        }
        Basis::GapEstimate {
            at,
            at_stake,
            rate,
            rate_from,
            pounds_per_point,
            most,
        } => {
            let from = match rate_from {
                Some(d) => format!("the {} indicators we can pay", rs.qof.domains[*d].name),
                None => "every indicator we can pay".to_string(),
            };
            e.formula = format!("Estimate = points at stake × your share of the points on {from} × £ per point for this practice. An estimate for a gap in our data, not a payment rule.");
            e.working = Some(format!(
                "{} points × {} × {} = {}",
                Points(*at_stake).display(),
                pct((rate * Decimal::ONE_HUNDRED).round_dp(2)),
                gbp(*pounds_per_point),
                line.amount.display_pence()
            ));
            e.inputs.push(("Points at stake".into(), num(*at_stake)));
            e.notes.push(match at {
                GapAt::Indicator(_) => "The indicator's points are known but its payment thresholds were not found, so its rule cannot be worked out.".to_string(),
                GapAt::Domain(_) => "The domain's official total is known, but our indicator table does not itemise all of it.".to_string(),
            });
            e.notes.push(format!(
                "It could be worth between £0 (none of the points earned) and {} (all of them).",
                most.display_pence()
            ));
        }
        _ => {}
    }
}
