//! Turns a statement line into words: the formula, the working with the
//! practice's numbers, the inputs, and each rule figure used with its source
//! and status. It reads the numbers the calculation recorded and never
//! recomputes a payment, so an explanation cannot disagree with its line.
//!
//! This module holds the explanation's shape, the number formats it uses
//! and the dispatch; each payment's module explains its own lines.

use super::{global_sum, indicator, mpig, pms, qof, seniority, services, Basis, Line};
use crate::figure::{Figure, Status};
use crate::money::{group_thousands, round_half_up, Money, Percent};
use crate::practice::Practice;
use crate::prepared::Prepared;
use crate::rules::Catalog;
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceRef {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub url: Option<String>,
    pub date: String,
}

/// A rule figure as used on a line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FigureUse {
    pub path: String,
    pub label: String,
    pub value: String,
    pub status: Status,
    pub source: Option<SourceRef>,
    pub locator: Option<String>,
    pub note: Option<String>,
    /// Set when a scenario replaced the published value.
    pub published: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    pub title: String,
    /// The rule in words.
    pub formula: String,
    /// The rule with this practice's numbers.
    pub working: Option<String>,
    pub inputs: Vec<(String, String)>,
    pub figures: Vec<FigureUse>,
    /// Notes in plain words, shown with the explanation.
    pub notes: Vec<String>,
    /// The researchers' working notes on what the line rests on, as written
    /// in the rules data (terse, with their own shorthand): kept for anyone
    /// checking a figure, shown apart from the plain explanation.
    pub research: Vec<String>,
}

/// Pounds and pence, rounded as a payment is.
pub(crate) fn gbp(d: Decimal) -> String {
    Money(d).display_pence()
}

pub(crate) fn num(d: Decimal) -> String {
    let r = round_half_up(d, 4).normalize();
    if r.fract().is_zero() {
        group_thousands(r, 0, "")
    } else {
        format!("{r}")
    }
}

pub(crate) fn pct(d: Decimal) -> String {
    Percent(d).display_to(2)
}

fn use_of(catalog: &Catalog, f: &Figure) -> FigureUse {
    let m = &f.meta;
    FigureUse {
        path: m.path.clone(),
        label: m.label.clone(),
        value: f.display_value(),
        status: m.status,
        source: catalog.source(&m.source).map(|s| SourceRef {
            id: s.id.clone(),
            title: s.title.clone(),
            publisher: s.publisher.clone(),
            url: s.url.clone(),
            date: s.date.clone(),
        }),
        locator: m.locator.clone(),
        note: m.note.clone(),
        published: if f.is_edited() {
            Some(
                m.published
                    .map(|v| m.unit.format(v))
                    .unwrap_or_else(|| "not found".into()),
            )
        } else {
            None
        },
    }
}

/// Adds a rule figure, with its source, to an explanation.
pub(crate) fn fig(e: &mut Explanation, catalog: &Catalog, f: &Figure) {
    e.figures.push(use_of(catalog, f));
}

/// Explains one line of a statement computed under `prep` for `p`.
pub fn explain(catalog: &Catalog, prep: &Prepared, p: &Practice, line: &Line) -> Explanation {
    let rs = prep.rules();
    let mut e = Explanation {
        title: format!("{} — {}", line.label, rs.short_name),
        formula: String::new(),
        working: None,
        inputs: Vec::new(),
        figures: Vec::new(),
        notes: Vec::new(),
        research: Vec::new(),
    };
    let explain_with = match &line.basis {
        Basis::GlobalSum { .. }
        | Basis::GlobalSumGross { .. }
        | Basis::OohDeduction { .. }
        | Basis::GlobalSumReinvestment { .. } => global_sum::explain,
        Basis::Mpig { .. } => mpig::explain,
        Basis::PmsBaseline { .. }
        | Basis::PmsUplift { .. }
        | Basis::PmsPremiumReduction { .. }
        | Basis::PmsDeduction { .. } => pms::explain,
        Basis::Seniority { .. } => seniority::explain,
        Basis::Qof { .. }
        | Basis::QofArea { .. }
        | Basis::Aspiration { .. }
        | Basis::Balance
        | Basis::GapEstimates
        | Basis::GapEstimate { .. } => qof::explain,
        Basis::Indicator { .. } => indicator::explain,
        Basis::Services | Basis::Service { .. } | Basis::ServiceComponent { .. } => {
            services::explain
        }
    };
    explain_with(&mut e, catalog, rs, p, line);
    e
}

/// A gap's worth in words: its estimate and range, or what it could be worth.
pub fn gap_value(g: &crate::calc::Gap) -> String {
    match (g.estimate, g.value_at_full) {
        (Some(e), Some(m)) => format!(
            "estimated at {}; between £0 and {}",
            e.display_pounds(),
            m.display_pounds()
        ),
        (_, Some(m)) => format!("worth up to {} at full achievement", m.display_pounds()),
        (_, None) => "its own value unknown".to_string(),
    }
}
