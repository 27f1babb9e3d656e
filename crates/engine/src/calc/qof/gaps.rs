//! The gaps QOF leaves in a statement: an indicator whose points or
//! thresholds were not found, and an official domain total the indicator
//! table cannot itemise, each with what it could be worth.

use super::Ind;
use crate::calc::{Gap, Parts};
use crate::money::{Money, Points};
use crate::prepared::Prepared;
use crate::rules::Indicator;
use rust_decimal::Decimal;

/// The gap an indicator leaves when its points or thresholds were not found.
pub(super) fn indicator_gap(ind: &Indicator, r: &Ind, pv_cpi: Decimal) -> Option<Gap> {
    match (r.points, r.frac) {
        (None, frac) => Some(Gap {
            line: ind.line_id.to_string(),
            message: if frac.is_none() {
                format!(
                    "{}: points and payment thresholds not found; left out of the total.",
                    ind.code
                )
            } else {
                format!("{}: points not found; left out of the total.", ind.code)
            },
            points: None,
            value_at_full: None,
        }),
        (Some(pts), None) => Some(Gap {
            line: ind.line_id.to_string(),
            message: format!(
                "{}: payment thresholds not found; its {} points are left out of the total.",
                ind.code,
                Points(pts).display()
            ),
            points: Some(Points(pts)),
            value_at_full: Some(Money(pts * pv_cpi * r.prevalence.factor()).round_pence()),
        }),
        _ => None,
    }
}

/// Gaps against the official domain totals the indicator table cannot
/// itemise.
pub(super) fn domain_gaps(prep: &Prepared, pv_cpi: Decimal, out: &mut Parts) {
    for (di, d) in prep.rules().qof.domains.iter().enumerate() {
        let Some(official) = d.official_points.value else {
            continue;
        };
        let table_points = prep.domain_points(di);
        let short = (official - table_points).round_dp(6);
        if short > Decimal::ZERO {
            out.gaps.push(Gap {
                line: format!("qof.domain.{}", d.id),
                message: format!(
                    "{}: our indicator table itemises {} of the official {} points; the other {} are left out of the total.",
                    d.name,
                    Points(table_points).display(),
                    Points(official).display(),
                    Points(short).display()
                ),
                points: Some(Points(short)),
                value_at_full: Some(Money(short * pv_cpi).round_pence()),
            });
        }
    }
}
