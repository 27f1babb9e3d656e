//! A rule figure: one number from the contract, with its unit, source and status.
//! A figure never exists without a source and a status; a figure whose value
//! was not found has no value at all, rather than a guessed one.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// How far a figure can be trusted. The words are defined in `rules/README.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Seen in a source for that exact year, or exact arithmetic on verified figures.
    Verified,
    /// Seen for an adjacent year, or arithmetic from a sourced total, with no
    /// change announced in between.
    Supported,
    /// From recollection, inference or an assumption; or two sources disagree.
    Uncertain,
    /// Looked for and not found. The figure has no value.
    NotFound,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Verified,
        Status::Supported,
        Status::Uncertain,
        Status::NotFound,
    ];

    pub fn word(self) -> &'static str {
        match self {
            Status::Verified => "verified",
            Status::Supported => "supported",
            Status::Uncertain => "uncertain",
            Status::NotFound => "not found",
        }
    }

    /// One sentence for people, used in tooltips and explanations.
    pub fn meaning(self) -> &'static str {
        match self {
            Status::Verified => "Seen in a source for this exact year.",
            Status::Supported => {
                "Seen for an adjacent year, or worked out from a sourced total, with no change announced in between."
            }
            Status::Uncertain => {
                "Not confirmed: from recollection, inference or a stated assumption, or the sources disagree. Check it before relying on it."
            }
            Status::NotFound => "No value was found in any source. Anything that depends on it is left out and shown as a gap.",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// The unit of a figure. Money and rates are pounds; shares are 0 to 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Pounds.
    Gbp,
    /// Pounds per QOF point.
    GbpPerPoint,
    /// Pounds per registered patient a year.
    GbpPerPatient,
    /// Pounds per weighted (Carr-Hill) patient a year.
    GbpPerWeightedPatient,
    /// Pounds per item of service (a check, a screening, a patient added).
    GbpPerItem,
    /// QOF points.
    Points,
    /// Patients (a list size).
    Patients,
    /// A percentage, 0 to 100.
    Percent,
    /// A share, 0 to 1.
    Share,
    /// A count of things (indicators, years).
    Count,
}

/// The values a figure may take in a scenario: a property of its unit, so
/// that no edit can make the engine's arithmetic overflow or divide by zero.
/// With these bounds and a validated practice (list at most 500,000), the
/// largest product the engine forms (points × £ a point × CPI × prevalence
/// factor, summed over indicators) stays below 10^24, far inside `Decimal`'s
/// 7.9 × 10^28.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    pub min: Decimal,
    pub max: Decimal,
    /// Decimal places allowed: finer values mean nothing in the contract and
    /// a tiny divisor would overflow what it divides.
    pub places: u32,
}

impl Unit {
    /// What a figure in this unit may be set to.
    pub fn bounds(self) -> Bounds {
        let b = |min: i64, max: i64, places: u32| Bounds {
            min: Decimal::from(min),
            max: Decimal::from(max),
            places,
        };
        match self {
            Unit::Gbp => b(0, 1_000_000_000, 2),
            Unit::GbpPerPoint
            | Unit::GbpPerPatient
            | Unit::GbpPerWeightedPatient
            | Unit::GbpPerItem => b(0, 100_000, 6),
            Unit::Points => b(0, 10_000, 2),
            // A list size divides (the CPI, the PMS deduction): at least one patient.
            Unit::Patients => b(1, 1_000_000, 0),
            Unit::Percent => b(0, 100, 4),
            Unit::Share => b(0, 1, 6),
            Unit::Count => b(0, 1_000, 0),
        }
    }

    /// A value as people type it: a share as its percentage (0.047 is
    /// typed 4.7), everything else as it is. The CLI's `--set`, the scenario
    /// editor and share links (from format 2) all type figures this way.
    pub fn typed(self, v: Decimal) -> Decimal {
        match self {
            Unit::Share => (v * Decimal::ONE_HUNDRED).normalize(),
            _ => v.normalize(),
        }
    }

    /// The value a typed number means: the inverse of [`Unit::typed`].
    pub fn from_typed(self, typed: Decimal) -> Decimal {
        match self {
            Unit::Share => typed / Decimal::ONE_HUNDRED,
            _ => typed,
        }
    }

    /// The decimal places a typed value may have.
    pub fn typed_places(self) -> u32 {
        match self {
            Unit::Share => self.bounds().places - 2,
            _ => self.bounds().places,
        }
    }

    /// Formats a value in this unit for people.
    pub fn format(self, v: Decimal) -> String {
        use crate::money::group_thousands;
        match self {
            Unit::Gbp => {
                if v.fract().is_zero() {
                    group_thousands(v, 0, "£")
                } else {
                    group_thousands(v, 2, "£")
                }
            }
            Unit::GbpPerPoint => format!("{} a point", group_thousands(v, 2, "£")),
            Unit::GbpPerPatient => format!("{} a patient", fmt_rate(v)),
            Unit::GbpPerWeightedPatient => format!("{} a weighted patient", fmt_rate(v)),
            Unit::GbpPerItem => format!("{} each", fmt_rate(v)),
            Unit::Points => format!("{} points", v.normalize()),
            Unit::Patients if v == Decimal::ONE => "1 patient".to_string(),
            Unit::Patients => format!("{} patients", group_thousands(v.normalize(), 0, "")),
            Unit::Percent => format!("{}%", v.normalize()),
            Unit::Share => {
                let pct = (v * Decimal::ONE_HUNDRED).normalize();
                format!("{pct}%")
            }
            Unit::Count => format!("{}", v.normalize()),
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Unit::Gbp => "£",
            Unit::GbpPerPoint => "£ per point",
            Unit::GbpPerPatient => "£ per registered patient",
            Unit::GbpPerWeightedPatient => "£ per weighted patient",
            Unit::GbpPerItem => "£ per item",
            Unit::Points => "points",
            Unit::Patients => "patients",
            Unit::Percent => "%",
            // A share is typed and shown as the percentage it is.
            Unit::Share => "%",
            Unit::Count => "count",
        }
    }
}

fn fmt_rate(v: Decimal) -> String {
    // Rates below a pound read better in pence-precision pounds: £0.37.
    let places = if v.fract().is_zero() {
        2
    } else {
        v.scale().max(2)
    };
    crate::money::group_thousands(v, places, "£")
}

/// What a figure is and where it comes from. Shared behind an `Arc`, so that
/// cloning a rule set (for a scenario or a waterfall step) copies pointers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FigureMeta {
    /// Where the figure lives, e.g. `qof.point_value` or
    /// `qof.indicators.CHD6.upper`. Stamped when the rule set is finalised.
    pub path: String,
    /// What it is, for people: "£ per QOF point", "CHD 6 upper threshold".
    pub label: String,
    /// The published value; a scenario may replace the value in use.
    pub published: Option<Decimal>,
    pub unit: Unit,
    /// An id in the sources bibliography.
    pub source: String,
    /// Where in the source the figure appears.
    pub locator: Option<String>,
    pub status: Status,
    pub note: Option<String>,
    /// Other values some source gives, where sources conflict.
    pub alternatives: Vec<Decimal>,
    /// A floor stated in the rules data, above the unit's own.
    pub min: Option<Decimal>,
    /// Where an uncertain figure could plausibly lie, and why; `None` for
    /// a figure that is verified, supported or not found.
    pub range: Option<FigureRange>,
}

/// The plausible range of an uncertain figure: its published value lies
/// within it, and so do its unit's bounds (the rules data tests check both).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FigureRange {
    pub low: Decimal,
    pub high: Decimal,
    pub basis: RangeBasis,
    /// Why the range is what it is, for people.
    pub reason: String,
    /// An id in the sources bibliography, where the range has one.
    pub source: String,
}

/// Where a range comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RangeBasis {
    /// Stated in the rules data for this figure, with its reason.
    Stated,
    /// The values the sources give, where they conflict.
    Alternatives,
    /// A default bracket for the kind of figure (`rules/ranges.toml`), where
    /// nothing supports a range of its own: the range is itself an
    /// assumption.
    Default,
}

impl RangeBasis {
    pub fn word(self) -> &'static str {
        match self {
            RangeBasis::Stated => "stated",
            RangeBasis::Alternatives => "the values sources give",
            RangeBasis::Default => "a default bracket (an assumption)",
        }
    }
}

/// One rule figure: the value in use, and its shared description.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// The value in use. `None` when the figure was not found.
    pub value: Option<Decimal>,
    pub meta: Arc<FigureMeta>,
}

impl Figure {
    pub fn path(&self) -> &str {
        &self.meta.path
    }

    /// What the figure is, for people; its path where the catalog carries
    /// no labels (`Catalog::without_prose`).
    pub fn label(&self) -> &str {
        if self.meta.label.is_empty() {
            &self.meta.path
        } else {
            &self.meta.label
        }
    }

    pub fn unit(&self) -> Unit {
        self.meta.unit
    }

    pub fn status(&self) -> Status {
        self.meta.status
    }

    pub fn source(&self) -> &str {
        &self.meta.source
    }

    pub fn published(&self) -> Option<Decimal> {
        self.meta.published
    }

    /// True when a scenario has replaced the published value.
    pub fn is_edited(&self) -> bool {
        self.value != self.meta.published
    }

    /// The value formatted in its unit, or "not found".
    pub fn display_value(&self) -> String {
        match self.value {
            Some(v) => self.meta.unit.format(v),
            None => "not found".to_string(),
        }
    }
}

/// A range as the JSON output writes it: decimals as text, like values.
#[derive(Serialize)]
struct RangeOut<'a> {
    low: String,
    high: String,
    basis: RangeBasis,
    reason: &'a str,
    source: &'a str,
}

impl Serialize for Figure {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let m = &self.meta;
        let mut st = s.serialize_struct("Figure", 11)?;
        st.serialize_field("path", &m.path)?;
        st.serialize_field("label", &m.label)?;
        st.serialize_field("value", &self.value.map(|v| v.normalize().to_string()))?;
        st.serialize_field("published", &m.published.map(|v| v.normalize().to_string()))?;
        st.serialize_field("unit", &m.unit)?;
        st.serialize_field("source", &m.source)?;
        st.serialize_field("locator", &m.locator)?;
        st.serialize_field("status", &m.status)?;
        st.serialize_field("note", &m.note)?;
        st.serialize_field(
            "alternatives",
            &m.alternatives
                .iter()
                .map(|v| v.normalize().to_string())
                .collect::<Vec<_>>(),
        )?;
        st.serialize_field(
            "range",
            &m.range.as_ref().map(|r| RangeOut {
                low: r.low.normalize().to_string(),
                high: r.high.normalize().to_string(),
                basis: r.basis,
                reason: &r.reason,
                source: &r.source,
            }),
        )?;
        st.end()
    }
}
