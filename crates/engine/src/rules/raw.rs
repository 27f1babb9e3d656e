//! The rules files exactly as written in TOML. Every struct rejects unknown
//! keys, so a typo in a rules file is an error, not a silently ignored figure.
//! Nothing here is checked beyond its shape; `load` does the checking.

use crate::figure::{Status, Unit};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A figure as written: `{ value = "133.76", source = "...", status = "verified" }`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFigure {
    /// A decimal written as a string. Absent exactly when status is `not_found`.
    pub value: Option<String>,
    /// Absent where the field implies it (points, thresholds, prevalence).
    pub unit: Option<Unit>,
    /// Falls back to the enclosing item's `source` where there is one.
    pub source: Option<String>,
    pub locator: Option<String>,
    pub status: Status,
    pub note: Option<String>,
    #[serde(default)]
    pub alternatives: Vec<String>,
    /// The least value a scenario may give the figure, where the rule needs
    /// more than its unit's floor (a period the engine divides by, say).
    pub min: Option<String>,
    /// An uncertain figure's plausible range, stated for it: both ends, a
    /// reason, and a source where one supports it.
    pub low: Option<String>,
    pub high: Option<String>,
    pub range_reason: Option<String>,
    pub range_source: Option<String>,
}

/// `rules/ranges.toml`: the default bracket for each kind of uncertain
/// figure that states no range of its own.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRanges {
    #[serde(rename = "default")]
    pub defaults: Vec<RawRangeDefault>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRangeDefault {
    pub kind: RangeKind,
    /// How far either side of the value, in the figure's unit, or as a
    /// percentage of the value where `relative`.
    pub spread: String,
    #[serde(default)]
    pub relative: bool,
    pub reason: String,
}

/// The kinds of figure a default range is given for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RangeKind {
    /// A QOF payment threshold (`qof.indicators.*.lower`, `.upper`).
    Threshold,
    /// A national prevalence (`prevalence.*`).
    Prevalence,
    /// QOF points.
    Points,
    /// Pounds, in any of the money units.
    Money,
    /// A share (0 to 1), such as a deduction.
    Share,
    /// Any other percentage.
    Percent,
    /// A list size.
    Patients,
    /// A count (indicators, years).
    Count,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub title: String,
    pub publisher: String,
    pub url: Option<String>,
    pub date: String,
    pub note: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRegister {
    pub id: String,
    pub name: String,
    pub note: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRegisters {
    pub registers: Vec<RawRegister>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActivity {
    pub id: String,
    pub name: String,
    pub measure: crate::rules::ActivityMeasure,
    pub default: String,
    pub help: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActivities {
    pub activities: Vec<RawActivity>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAssumption {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub figures: Vec<String>,
}

/// `ruleset.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHeader {
    pub id: String,
    /// `enacted` or `proposal`: a proposal borrows typical achievement from
    /// the enacted year that implemented each indicator.
    pub kind: crate::rules::SetKind,
    pub name: String,
    pub short_name: String,
    pub period: String,
    pub order: u32,
    pub summary: String,
    pub derives_from: Option<String>,
    #[serde(default)]
    pub assumptions: Vec<RawAssumption>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDomain {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub organisational: bool,
    pub official_points: RawFigure,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawArea {
    pub id: String,
    pub name: String,
    pub domain: String,
    pub official_points: Option<RawFigure>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator {
    pub code: String,
    pub area: String,
    pub kind: crate::rules::IndicatorKind,
    pub payment: crate::rules::PaymentBasis,
    pub register: Option<String>,
    pub description: String,
    pub code_note: Option<String>,
    /// `false` when the official code was not found and `code` is our
    /// placeholder (shown as "code not found", never as the placeholder).
    #[serde(default = "yes")]
    pub code_found: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub continues: Vec<String>,
    /// Default source for this indicator's figures.
    pub source: Option<String>,
    pub points: RawFigure,
    pub lower: Option<RawFigure>,
    pub upper: Option<RawFigure>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPool {
    pub id: String,
    pub name: String,
    pub area: String,
    pub members: Vec<String>,
    pub points: RawFigure,
}

/// `qof.toml` of a full rule set.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQof {
    pub point_value: RawFigure,
    pub average_list_size: RawFigure,
    pub aspiration_share: RawFigure,
    pub average_points_achieved: RawFigure,
    pub official_total_points: RawFigure,
    pub official_indicator_count: RawFigure,
    pub pms_deduction_amount: RawFigure,
    pub pms_deduction_per_patients: RawFigure,
    pub domains: Vec<RawDomain>,
    pub areas: Vec<RawArea>,
    pub indicators: Vec<RawIndicator>,
    #[serde(default)]
    pub pools: Vec<RawPool>,
}

/// `funding.toml` of a full rule set.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFunding {
    pub global_sum_price: RawFigure,
    pub ooh_deduction: RawFigure,
    pub mpig_phase_out_years: Option<RawFigure>,
    pub mpig_years_elapsed: Option<RawFigure>,
    pub pms_uplift: Option<RawFigure>,
    pub pms_premium_review: Option<RawFigure>,
}

/// `prevalence.toml` of a full rule set: register id → national prevalence (%).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPrevalence {
    pub prevalence: BTreeMap<String, RawFigure>,
}

/// How a service component pays; which of a component's figures it needs
/// (`rate`, `amount`, `min_percent`, `share`) follows from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawComponentKind {
    PerPatient,
    PerItem,
    FlatIfShare,
    ShareOfRate,
    Reinvested,
}

impl RawComponentKind {
    pub fn word(self) -> &'static str {
        match self {
            RawComponentKind::PerPatient => "per_patient",
            RawComponentKind::PerItem => "per_item",
            RawComponentKind::FlatIfShare => "flat_if_share",
            RawComponentKind::ShareOfRate => "share_of_rate",
            RawComponentKind::Reinvested => "reinvested",
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawComponent {
    pub id: String,
    pub name: String,
    pub kind: RawComponentKind,
    pub activity: Option<String>,
    pub rate: Option<RawFigure>,
    pub amount: Option<RawFigure>,
    pub min_percent: Option<RawFigure>,
    pub share: Option<RawFigure>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawService {
    pub id: String,
    pub name: String,
    pub description: String,
    pub source: Option<String>,
    pub rate: Option<RawFigure>,
    pub components: Vec<RawComponent>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTarget {
    pub target: String,
    pub weight: RawFigure,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReinvestment {
    pub points: RawFigure,
    pub targets: Vec<RawTarget>,
}

/// `services.toml` of a full rule set.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawServices {
    #[serde(default)]
    pub services: Vec<RawService>,
    pub reinvestment: Option<RawReinvestment>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRetire {
    #[serde(default)]
    pub codes: Vec<String>,
    #[serde(default)]
    pub domains: Vec<String>,
    #[serde(default)]
    pub pools: Vec<String>,
    pub reason: String,
    pub source: String,
    pub status: Status,
    /// Where the retired points' money went: an enhanced service's id in the
    /// derived set, or `global_sum`.
    pub funds: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAdopt {
    pub from: String,
    pub domains: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQofChanges {
    #[serde(default)]
    pub retire: Vec<RawRetire>,
    #[serde(default)]
    pub adopt: Vec<RawAdopt>,
    #[serde(default)]
    pub add: Vec<RawIndicator>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawServiceRetire {
    pub ids: Vec<String>,
    pub reason: String,
    pub source: String,
    pub status: Status,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawServiceChanges {
    #[serde(default)]
    pub retire: Vec<RawServiceRetire>,
    #[serde(default)]
    pub add: Vec<RawService>,
}

/// `changes.toml` of a derived rule set.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChanges {
    /// Figure path → replacement figure, applied after the other changes.
    #[serde(default)]
    pub set: BTreeMap<String, RawFigure>,
    /// Paths of optional figures the derived set does not have.
    #[serde(default)]
    pub unset: Vec<String>,
    #[serde(default)]
    pub qof: RawQofChanges,
    #[serde(default)]
    pub services: RawServiceChanges,
    pub reinvestment: Option<RawReinvestment>,
}

fn yes() -> bool {
    true
}
