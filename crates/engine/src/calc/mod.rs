//! A practice's income under one rule set, line by line.
//!
//! Total: given a validated practice and a loaded rule set it always returns a
//! statement. Every line records the numbers it was computed from (`Basis`),
//! so `explain` can say how without computing anything again. Intermediates
//! keep full precision; each payment is rounded to the penny once, where it
//! is paid (global sum, MPIG, seniority, QOF, each service component).

mod basis;
pub mod explain;
mod global_sum;
mod indicator;
mod mpig;
pub mod notices;
mod pms;
mod qof;
mod seniority;
mod services;

pub use basis::Basis;
pub(crate) use global_sum::global_sum;
pub(crate) use indicator::{earned_points, fraction, indicator_points, resolve};
pub(crate) use mpig::mpig_retained;
pub(crate) use pms::{contract, pms_deduction, uplift_amount};
pub use qof::GapAt;
pub(crate) use qof::{earned_by_domain, gap_estimates};
pub(crate) use services::component_amount;

use crate::figure::Status;
use crate::money::{Money, Points};
use crate::practice::{Achievement, Contract, Practice};
use crate::prepared::Prepared;
use crate::rules::Catalog;
use rust_decimal::Decimal;
use serde::Serialize;
use std::sync::Arc;

/// What a line is, for grouping and display.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// A top-level payment; the total is the sum of these.
    Component,
    /// A part of a component (global sum gross, OOH deduction…).
    Detail,
    /// A QOF clinical or organisational area.
    Area,
    Indicator,
    /// When the QOF money is paid: aspiration and balance. Not added to totals.
    Timing,
    Service,
    ServiceComponent,
}

/// How an indicator's achievement was decided.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum AchievementUsed {
    /// The practice gave it, against this code (perhaps an earlier year's).
    Given {
        code: crate::rules::CodeId,
        value: Achievement,
    },
    /// The typical-achievement default (%), for threshold indicators.
    Typical { percent: Decimal },
    /// Met by default (typical or full) for an all-or-nothing indicator.
    MetByDefault,
    /// The full-achievement default.
    Full,
    /// A threshold indicator with no typical achievement and no thresholds.
    Unknown,
}

/// How a payment was adjusted for prevalence.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrevalenceUsed {
    /// Not a prevalence-adjusted payment.
    NotAdjusted,
    /// Paid on a target population, taken as the list (factors not found).
    TargetPopulation,
    /// No register given: the practice is taken to be at national prevalence.
    AssumedNational { register: usize },
    /// Register given but national prevalence not found: factor taken as 1.
    NationalNotFound {
        register: usize,
        practice_register: Decimal,
    },
    /// register ÷ list ÷ national prevalence.
    Adjusted {
        register: usize,
        practice_register: Decimal,
        national_percent: Decimal,
        factor: Decimal,
    },
}

impl PrevalenceUsed {
    pub fn factor(&self) -> Decimal {
        match self {
            PrevalenceUsed::Adjusted { factor, .. } => *factor,
            _ => Decimal::ONE,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Line {
    pub id: Arc<str>,
    pub parent: Option<Arc<str>>,
    pub label: Arc<str>,
    pub kind: LineKind,
    pub amount: Money,
    pub points: Option<Points>,
    pub max_points: Option<Points>,
    /// The weakest status among the rule figures the line used.
    pub status: Status,
    pub basis: Basis,
}

/// Something the statement could not include, and how much it matters.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gap {
    pub line: String,
    pub message: String,
    /// Points at stake, where known.
    pub points: Option<Points>,
    /// What those points would pay at full achievement for this practice:
    /// the most the gap could be worth (the least is £0).
    pub value_at_full: Option<Money>,
    /// The statement's central estimate for the gap, paid on a line of its
    /// own (`qof.estimate.…`); `None` where its points are unknown.
    pub estimate: Option<Money>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Statement {
    pub rules: Arc<str>,
    pub rules_name: Arc<str>,
    /// Contractor Population Index: list ÷ the rule set's average list.
    pub cpi: Decimal,
    pub total: Money,
    pub per_registered_patient: Money,
    pub per_weighted_patient: Money,
    pub qof_points: Points,
    pub qof_max_points: Points,
    pub lines: Vec<Line>,
    pub warnings: Vec<String>,
    pub gaps: Vec<Gap>,
}

impl Line {
    /// A line that carries no points: a payment, or a part of one.
    pub(crate) fn money(
        id: Arc<str>,
        parent: Option<Arc<str>>,
        label: Arc<str>,
        kind: LineKind,
        amount: Money,
        status: Status,
        basis: Basis,
    ) -> Line {
        Line {
            id,
            parent,
            label,
            kind,
            amount,
            points: None,
            max_points: None,
            status,
            basis,
        }
    }
}

impl Statement {
    pub fn line(&self, id: &str) -> Option<&Line> {
        self.lines.iter().find(|l| &*l.id == id)
    }

    /// Amount of a line, zero when the statement has no such line.
    pub fn amount(&self, id: &str) -> Money {
        self.line(id).map(|l| l.amount).unwrap_or(Money::ZERO)
    }
}

fn worst(a: Status, b: Status) -> Status {
    a.max(b)
}

pub(crate) fn val(f: &crate::figure::Figure) -> Decimal {
    f.value.unwrap_or(Decimal::ZERO)
}

/// A new line id or label.
pub(crate) fn id(s: &str) -> Arc<str> {
    Arc::from(s)
}

/// The statement as it is built: its lines, warnings and gaps so far, and
/// the running total of what is paid.
pub(crate) struct Parts {
    pub lines: Vec<Line>,
    pub warnings: Vec<String>,
    pub gaps: Vec<Gap>,
    pub total: Money,
}

impl Parts {
    /// Pays one of the statement's payments: adds it to the total and lists
    /// it as a top-level line.
    pub(crate) fn pay(
        &mut self,
        id_: &str,
        label: &str,
        amount: Money,
        status: Status,
        basis: Basis,
    ) {
        self.total += amount;
        self.lines.push(Line::money(
            id(id_),
            None,
            id(label),
            LineKind::Component,
            amount,
            status,
            basis,
        ));
    }

    /// Lists a part of a payment under its parent line: added to nothing,
    /// since the parent's amount already counts it.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn detail(
        &mut self,
        parent: &Arc<str>,
        id_: &str,
        label: &str,
        kind: LineKind,
        amount: Money,
        status: Status,
        basis: Basis,
    ) {
        self.lines.push(Line::money(
            id(id_),
            Some(parent.clone()),
            id(label),
            kind,
            amount,
            status,
            basis,
        ));
    }
}

/// Computes a practice's statement under one rule set: each payment's
/// module adds its lines, in the order a statement lists them.
pub fn statement(catalog: &Catalog, prep: &Prepared, p: &Practice) -> Statement {
    let rs = prep.rules();
    let n_lines = 12
        + rs.qof.indicators.len()
        + rs.qof.areas.len()
        + rs.services
            .iter()
            .map(|s| s.components.len() + 1)
            .sum::<usize>();
    let mut out = Parts {
        lines: Vec::with_capacity(n_lines),
        warnings: Vec::new(),
        gaps: Vec::new(),
        total: Money::ZERO,
    };
    let list = p.list_size;
    let weighted = p.weighted_list;
    if p.contract == Contract::Gms {
        global_sum::lines(prep, p, &mut out);
        mpig::lines(prep, p, &mut out);
    } else {
        pms::lines(prep, p, &mut out);
    }
    seniority::lines(p, &mut out);
    let qof = qof::lines(catalog, prep, p, &mut out);
    services::lines(prep, p, &mut out);
    let total = out.total;
    let per = |d: Decimal| {
        if d.is_zero() {
            Money::ZERO
        } else {
            Money(total.0 / d).round_pence()
        }
    };
    Statement {
        rules: rs.id.clone(),
        rules_name: rs.name.clone(),
        cpi: rs.cpi(list),
        total,
        per_registered_patient: per(list.0),
        per_weighted_patient: per(weighted.0),
        qof_points: Points(qof.points),
        qof_max_points: Points(qof.max),
        lines: out.lines,
        warnings: out.warnings,
        gaps: out.gaps,
    }
}
