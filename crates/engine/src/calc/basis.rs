//! The numbers each statement line was computed from ([`Basis`]): what an
//! explanation shows, and what the app and the CLI read back.

use super::{AchievementUsed, GapAt, PrevalenceUsed};
use crate::money::Money;
use rust_decimal::Decimal;
use serde::Serialize;

/// The numbers a line was computed from.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "basis", rename_all = "snake_case")]
pub enum Basis {
    GlobalSum {
        gross: Decimal,
        ooh: Decimal,
        reinvested: Decimal,
    },
    GlobalSumGross {
        weighted: Decimal,
        price: Decimal,
    },
    OohDeduction {
        gross: Decimal,
        share: Decimal,
        opted_out: bool,
    },
    GlobalSumReinvestment {
        weighted: Decimal,
        per_weighted_patient: Decimal,
    },
    PmsBaseline {
        amount: Decimal,
    },
    PmsUplift {
        weighted: Decimal,
        per_weighted_patient: Decimal,
        ooh_share: Decimal,
        reinvested: Decimal,
    },
    PmsPremiumReduction {
        reduction: Decimal,
        share: Decimal,
    },
    Mpig {
        correction_factor: Decimal,
        retained: Decimal,
        contract_gms: bool,
    },
    Seniority {
        amount: Decimal,
    },
    Qof {
        points: Decimal,
        max_points: Decimal,
        /// The Contractor Population Index: list ÷ `qof.average_list_size`.
        cpi: Decimal,
    },
    QofArea {
        area: usize,
    },
    Indicator {
        index: u32,
        pooled: bool,
        achievement: AchievementUsed,
        /// Share of the indicator's points earned; `None` when thresholds are unknown.
        fraction: Option<Decimal>,
        prevalence: PrevalenceUsed,
        /// Points the indicator carries: its own, scaled, or its pool share.
        points: Option<Decimal>,
        /// The Contractor Population Index the payment used.
        cpi: Decimal,
    },
    PmsDeduction {
        amount: Decimal,
        per_patients: Decimal,
        list: Decimal,
    },
    Aspiration {
        share: Decimal,
        points_basis: Decimal,
        pounds_per_point: Decimal,
        last_year_given: bool,
    },
    Balance,
    /// The estimates for the QOF points our data cannot pay (`qof::gaps`).
    GapEstimates,
    /// One gap's estimate: the points at stake at the practice's share of
    /// points earned (`rate`) on the payable indicators of a domain
    /// (`rate_from`; `None`, all of QOF), at `pounds_per_point`; worth £0 at
    /// least and `most` at most.
    GapEstimate {
        at: GapAt,
        at_stake: Decimal,
        rate: Decimal,
        rate_from: Option<usize>,
        pounds_per_point: Decimal,
        most: Money,
    },
    Services,
    Service {
        index: usize,
        taken_up: bool,
    },
    ServiceComponent {
        service: usize,
        component: usize,
        taken_up: bool,
        achieved: bool,
        activity: Option<Decimal>,
        list: Decimal,
        rate: Option<Decimal>,
    },
}
