//! A practice's inputs: raw (as typed, pasted or read from a file) and
//! validated. Validation collects every problem at once, each naming the
//! field, what is wrong and what is allowed, so a form can mark every field.
//! Nothing here may panic on any input.
//!
//! `mod.rs` has the shapes (raw and validated); `numbers.rs` reads numbers
//! and yes/no as people type them; `validate.rs` checks a practice field by
//! field; `achievement.rs` reads an indicator's achievement.

use crate::money::{Money, Patients, Points, WeightedPatients};
use crate::rules::{Catalog, CodeId, IndicatorKind};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

mod achievement;
mod numbers;
mod validate;

pub use numbers::{
    float_text, legacy_number_text, legacy_only, number_problem, parse_number_text, upgrade, FORMAT,
};
pub use validate::{validate, MAX_PROBLEMS};

/// A number as a person or a file might give it: `6911`, `6911.0`,
/// `"6,911"`, `"£12,000"`, `"85%"`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RawNumber {
    Int(i64),
    Float(f64),
    Text(String),
}

impl From<&str> for RawNumber {
    fn from(s: &str) -> Self {
        RawNumber::Text(s.to_string())
    }
}

impl From<i64> for RawNumber {
    fn from(v: i64) -> Self {
        RawNumber::Int(v)
    }
}

/// Yes or no: `true`, `"yes"`, `"no"`, `"y"`, `"1"`, `"0"`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RawBool {
    Bool(bool),
    Text(String),
}

/// An indicator's achievement as given.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RawAchievement {
    Bool(bool),
    Number(RawNumberOnly),
    Table(RawAchievementTable),
}

/// A bare number or text: a percentage (`87.5`, `"87.5%"`), a fraction
/// (`"120/140"`), or yes/no text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RawNumberOnly {
    Int(i64),
    Float(f64),
    Text(String),
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAchievementTable {
    pub percent: Option<RawNumber>,
    pub numerator: Option<RawNumber>,
    pub denominator: Option<RawNumber>,
    pub met: Option<RawBool>,
}

/// Whether a practice takes up an enhanced service, and which components it
/// achieves: `true`, or `{ taken_up = true, components = { register = false } }`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RawUptake {
    Bool(bool),
    Table(RawUptakeTable),
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUptakeTable {
    pub taken_up: Option<RawBool>,
    #[serde(default)]
    pub components: BTreeMap<String, RawBool>,
}

/// A practice exactly as given. Every field is optional here; validation
/// decides what is missing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPractice {
    /// The practice file format: `2` since thousands separators must come
    /// in threes. A file without it (every file written before) reads a
    /// value such as "1,70" as it always did (170), with a warning saying
    /// so ([`upgrade`]); with it, such a value is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<u32>,
    pub name: Option<String>,
    /// Registered list (patients), the basis of the CPI.
    pub list_size: Option<RawNumber>,
    /// Carr-Hill weighted list, the basis of the global sum.
    pub weighted_list: Option<RawNumber>,
    /// `GMS` or `PMS`.
    pub contract: Option<String>,
    pub ooh_opted_out: Option<RawBool>,
    /// The practice's 2013/14 MPIG correction factor, £ a year.
    pub mpig_correction_factor: Option<RawNumber>,
    /// Seniority payments, £ a year.
    pub seniority: Option<RawNumber>,
    /// PMS contract baseline, £ a year (PMS practices only): the 2013/14
    /// contract value, as the MPIG correction factor is the 2013/14 factor.
    pub pms_baseline: Option<RawNumber>,
    /// A cut to the PMS contract value from the local PMS premium review,
    /// £ a year (PMS practices only; default 0). Not a national rule: each
    /// area team reviewed its own contracts from April 2014.
    pub pms_premium_reduction: Option<RawNumber>,
    /// `typical` or `full`: what an indicator with no achievement given earns.
    pub default_achievement: Option<String>,
    /// Last year's QOF points, for the aspiration payment.
    pub last_year_points: Option<RawNumber>,
    #[serde(default)]
    pub registers: BTreeMap<String, RawNumber>,
    #[serde(default)]
    pub achievement: BTreeMap<String, RawAchievement>,
    #[serde(default)]
    pub services: BTreeMap<String, RawUptake>,
    #[serde(default)]
    pub activity: BTreeMap<String, RawNumber>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Contract {
    Gms,
    Pms,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DefaultAchievement {
    /// Each indicator earns the national average share of its points in the
    /// year it first appears; continuing indicators keep that achievement.
    Typical,
    /// Every indicator earns its full points.
    Full,
}

/// An indicator's achievement, validated.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Achievement {
    /// Per cent of the denominator (after exceptions) meeting the standard.
    Percent(Decimal),
    /// Numerator and denominator after exceptions.
    Counts {
        numerator: Decimal,
        denominator: Decimal,
    },
    /// An all-or-nothing indicator met or not.
    Met(bool),
}

impl Achievement {
    /// Achievement as a percentage, for threshold indicators. `None` when the
    /// denominator is empty: nobody to treat means no points can be earned.
    pub fn percent(&self) -> Option<Decimal> {
        match *self {
            Achievement::Percent(p) => Some(p),
            Achievement::Counts {
                numerator,
                denominator,
            } if !denominator.is_zero() => Some(numerator / denominator * Decimal::ONE_HUNDRED),
            Achievement::Counts { .. } => None,
            Achievement::Met(true) => Some(Decimal::ONE_HUNDRED),
            Achievement::Met(false) => Some(Decimal::ZERO),
        }
    }

    pub fn fits(&self, kind: IndicatorKind) -> bool {
        matches!(
            (self, kind),
            (
                Achievement::Met(_),
                IndicatorKind::Register | IndicatorKind::YesNo
            ) | (
                Achievement::Percent(_) | Achievement::Counts { .. },
                IndicatorKind::Threshold
            )
        )
    }

    pub fn display(&self) -> String {
        match *self {
            Achievement::Percent(p) => crate::money::Percent(p).display_to(2),
            Achievement::Counts {
                numerator,
                denominator,
            } => {
                format!("{} of {}", numerator.normalize(), denominator.normalize())
            }
            Achievement::Met(true) => "met".to_string(),
            Achievement::Met(false) => "not met".to_string(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Uptake {
    pub taken_up: bool,
    /// Components the practice does not achieve (all others are achieved).
    pub components_missed: Vec<String>,
}

/// A practice after validation: every figure present, parsed and in range,
/// each in its unit, so that a payment given the wrong kind of number does
/// not compile.
#[derive(Clone, Debug, PartialEq)]
pub struct Practice {
    pub name: Option<String>,
    /// The registered list: the basis of the CPI and of prevalence.
    pub list_size: Patients,
    /// The Carr-Hill weighted list: the basis of the global sum.
    pub weighted_list: WeightedPatients,
    pub contract: Contract,
    pub ooh_opted_out: bool,
    /// £ a year, before the rule set's phase-out share is applied.
    pub mpig_correction_factor: Money,
    /// £ a year.
    pub seniority: Money,
    /// £ a year, the 2013/14 contract value (PMS practices only; zero for GMS).
    pub pms_baseline: Money,
    /// £ a year cut from the contract value by the local premium review,
    /// applied in the share each rule set's `funding.pms_premium_review`
    /// gives (PMS practices only; zero for GMS).
    pub pms_premium_reduction: Money,
    pub default_achievement: DefaultAchievement,
    pub last_year_points: Option<Points>,
    /// By catalog register index; `None` means "at national prevalence".
    pub registers: Vec<Option<Patients>>,
    /// By interned indicator code.
    pub achievement: Vec<Option<Achievement>>,
    /// By service id; services not listed are taken up in full.
    pub uptake: BTreeMap<String, Uptake>,
    /// By catalog activity index, defaults filled in.
    pub activity: Vec<Decimal>,
}

impl Practice {
    pub fn uptake(&self, service: &str) -> (bool, &[String]) {
        match self.uptake.get(service) {
            Some(u) => (u.taken_up, &u.components_missed),
            None => (true, &[]),
        }
    }

    pub fn set_achievement(&mut self, code: CodeId, a: Option<Achievement>) {
        if let Some(slot) = self.achievement.get_mut(code as usize) {
            *slot = a;
        }
    }
}

/// One problem with one field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The field's path, e.g. `list_size`, `registers.diabetes`, `achievement.CHD 6`.
    pub field: String,
    /// What is wrong.
    pub message: String,
    /// What would be right.
    pub allowed: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ({})", self.field, self.message, self.allowed)
    }
}

/// Something odd but legal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub field: Option<String>,
    pub message: String,
}
