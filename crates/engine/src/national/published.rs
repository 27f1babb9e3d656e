//! The published 2014/15 national figures a run under 2014/15 reproduces,
//! each with its tolerance and why (`calibration` compares practice by
//! practice; this, England's totals). The engine's national tests and the
//! app's "How we checked" page both hold the model to them.

use crate::money::round_half_up;
use rust_decimal::Decimal;
use serde::Serialize;

/// A published national figure for 2014/15 that the national run under
/// 2014/15 reproduces, within a stated tolerance and why.
#[derive(Clone, Debug, Serialize)]
pub struct Published {
    pub what: &'static str,
    /// The published figure, in pounds or points.
    pub published: &'static str,
    /// How far (as a share) ours may be from it.
    pub tolerance: &'static str,
    pub why: &'static str,
    pub source: &'static str,
}

/// The published 2014/15 figures the model is calibrated against.
pub const PUBLISHED_2014_15: [Published; 3] = [
    Published {
        what: "GMS global sum, £",
        published: "2160000000",
        tolerance: "0.02",
        why: "Global sum is paid monthly in year, so cash is close to entitlement; the file's lists are one quarter's, and the out-of-hours deduction is an assumption.",
        source: "HSCIC, NHS Payments to General Practice, England, 2014/15 (the payments file's total)",
    },
    Published {
        what: "MPIG correction factor, £",
        published: "106800000",
        tolerance: "0.01",
        why: "Recovered from the paid factor through the phase-out figures and paid back at the same rate, so only practices whose MPIG counts into a PMS baseline differ.",
        source: "HSCIC, NHS Payments to General Practice, England, 2014/15 (the payments file's total)",
    },
    Published {
        what: "QOF points a practice, on average",
        published: "529.6",
        tolerance: "0.02",
        why: "Each practice with a published level is pinned to it; the rest take their CCG's average achievement, which overstates points (capped at each upper threshold, a practice above it cannot make up for one below), and the practices covered are survivors that score a little higher than those that closed.",
        source: "HSCIC, Quality and Outcomes Framework 2014/15 (national average of 559 points)",
    },
];

/// One published figure beside ours.
#[derive(Clone, Debug, Serialize)]
pub struct PublishedCheck {
    pub what: &'static str,
    pub published: Decimal,
    pub ours: Decimal,
    /// How far ours is from it, as a percentage, and the tolerance.
    pub off_percent: Decimal,
    pub tolerance_percent: Decimal,
    pub pass: bool,
    pub why: &'static str,
    pub source: &'static str,
}

/// The published 2014/15 figures beside a national run's figures under
/// 2014/15 (`to` must be 2014/15; `None` otherwise).
pub fn published_checks(s: &crate::national::Summary) -> Option<Vec<PublishedCheck>> {
    if s.to_id != "2014-15" {
        return None;
    }
    let component = |id: &str| s.components.iter().find(|c| c.id == id).map(|c| c.to.0);
    let ours = [
        component("global_sum")?,
        component("mpig")?,
        s.qof_points_to,
    ];
    let d = |t: &str| t.parse::<Decimal>().unwrap_or_default();
    Some(
        PUBLISHED_2014_15
            .iter()
            .zip(ours)
            .map(|(p, ours)| {
                let published = d(p.published);
                let off = if published.is_zero() {
                    Decimal::ZERO
                } else {
                    ((ours - published) / published).abs()
                };
                PublishedCheck {
                    what: p.what,
                    published,
                    ours,
                    off_percent: round_half_up(off * Decimal::ONE_HUNDRED, 2),
                    tolerance_percent: d(p.tolerance) * Decimal::ONE_HUNDRED,
                    pass: off <= d(p.tolerance),
                    why: p.why,
                    source: p.source,
                }
            })
            .collect(),
    )
}
