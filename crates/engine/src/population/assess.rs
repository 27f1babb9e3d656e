//! Whether a practice's published payments describe a year of core
//! contract income, and what the model takes from them: a PMS or APMS
//! contract value (and the 2013/14 value under it), the 2013/14 MPIG
//! factor, and the activity of services paid per item. A practice whose
//! record cannot be a year of core income is left out with its reason,
//! never run on a zero or invented figure.
//!
//! The evidence is the file's own: the open and close dates, the contract
//! income columns ("Balance of PMS Expenditure", the global sum, MPIG and
//! "Other Payments", where some APMS contracts are paid), and the income
//! per weighted patient against the payments year's global sum price.

use super::{mpig_before_phase_out, ContractType, Member, Population};
use crate::calc::{uplift_amount, val};
use crate::rules::{Catalog, ComponentKind, RuleSet};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Where a PMS or APMS practice's contract value was found in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractSource {
    /// "Balance of PMS Expenditure", with any global sum and MPIG paid.
    PmsBalance,
    /// "Other Payments" as well: an APMS (or PMS) contract paid there.
    OtherPayments,
}

impl ContractSource {
    pub fn describe(self) -> &'static str {
        match self {
            ContractSource::PmsBalance => {
                "its balance of PMS expenditure (with any global sum and MPIG paid)"
            }
            ContractSource::OtherPayments => {
                "its other payments too, where its contract income is recorded"
            }
        }
    }
}

/// Why a practice is left out, by kind (for counting) and in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub kind: RefusalKind,
    pub reason: String,
}

/// The kinds of reason a practice is left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusalKind {
    NoPatients,
    Closed,
    Opened,
    GlobalSum,
    ContractIncome,
    /// The payments year's rules lack a figure the recovery needs.
    Rules,
    /// Its figures do not validate as a practice.
    Invalid,
}

impl RefusalKind {
    pub fn words(self) -> &'static str {
        match self {
            RefusalKind::NoPatients => "no registered patients",
            RefusalKind::Closed => "closed in or before the year",
            RefusalKind::Opened => "opened during the year",
            RefusalKind::GlobalSum => "GMS, global sum not a year's",
            RefusalKind::ContractIncome => "PMS or APMS, no year of contract income",
            RefusalKind::Rules => "the payments year's rules lack a figure",
            RefusalKind::Invalid => "figures that do not validate",
        }
    }
}

impl Refusal {
    pub fn new(kind: RefusalKind, reason: impl Into<String>) -> Refusal {
        Refusal {
            kind,
            reason: reason.into(),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

/// What the model takes from a practice's published payments.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessed {
    /// GMS: the 2013/14 correction factor recovered from the paid one.
    pub mpig_2013_14: Option<Decimal>,
    /// PMS and APMS: the contract value paid in the payments year, where
    /// it was found, and the 2013/14 value under it (the payments year's
    /// equivalent uplift taken off).
    pub contract_paid: Option<(Decimal, ContractSource)>,
    pub baseline_2013_14: Option<Decimal>,
    /// Activity recovered from a service paid per item: activity id and
    /// count (the cash ÷ the payments year's rate, to the nearest whole).
    pub activity: Vec<(String, Decimal)>,
}

/// The least core income a weighted patient, as a share of the payments
/// year's global sum price, that a full year's record can show: half. A
/// GMS practice's global sum alone is about 95% of the price (after the
/// out-of-hours deduction), and a PMS contract value is usually more.
fn floor_per_weighted(rs: &RuleSet) -> Decimal {
    val(&rs.funding.global_sum_price) / Decimal::TWO
}

fn pounds(d: Decimal) -> String {
    crate::money::group_thousands(d, 0, "£")
}

impl Population {
    /// Each service id with the cash its column paid in the payments year.
    pub fn services_paid<'a>(&'a self, m: &'a Member) -> impl Iterator<Item = (&'a str, Decimal)> {
        self.paid_columns
            .iter()
            .zip(&m.paid)
            .flat_map(|(ids, cash)| ids.iter().map(move |id| (id.as_str(), *cash)))
    }

    /// Decides whether `m`'s published payments are a year of core
    /// contract income, and what to model from them; `Err` is the reason
    /// it is left out.
    pub fn assess(&self, catalog: &Catalog, m: &Member) -> Result<Assessed, Refusal> {
        use RefusalKind as K;
        let refuse = |kind: RefusalKind, reason: String| Err(Refusal::new(kind, reason));
        let rs = catalog.get(&self.payments_year).ok_or_else(|| {
            Refusal::new(
                K::Rules,
                format!(
                    "this simulator has no {} rules, the payments' year",
                    self.payments_year
                ),
            )
        })?;
        let (first, last) = (&self.payments_period.0, &self.payments_period.1);
        if m.list == 0 || m.weighted == 0 {
            return refuse(
                K::NoPatients,
                "the payments file gives it no registered patients".into(),
            );
        }
        // Closing on the year's last day leaves a full year of payments.
        if !m.closed.is_empty() && m.closed < *last {
            return refuse(
                K::Closed,
                if m.closed < *first {
                    format!("it closed on {}, before the payments year began", m.closed)
                } else {
                    format!(
                        "it closed on {}: its payments are for part of the year",
                        m.closed
                    )
                },
            );
        }
        if !m.opened.is_empty() && m.opened > *first {
            return refuse(
                K::Opened,
                format!(
                    "it opened on {}: its payments are for part of the year",
                    m.opened
                ),
            );
        }
        let weighted = Decimal::from(m.weighted);
        let floor = floor_per_weighted(rs) * weighted;
        let per_weighted = |d: Decimal| crate::money::round_half_up(d / weighted, 2);
        let mut out = Assessed {
            mpig_2013_14: None,
            contract_paid: None,
            baseline_2013_14: None,
            activity: self.activity(catalog, rs, m),
        };
        if m.contract == ContractType::Gms {
            if m.global_sum_paid < floor {
                return refuse(K::GlobalSum, format!(
                    "its global sum paid ({}, £{} a weighted patient) is under half the year's price: not a full year's record",
                    pounds(m.global_sum_paid),
                    per_weighted(m.global_sum_paid)
                ));
            }
            out.mpig_2013_14 = Some(
                mpig_before_phase_out(catalog, &self.payments_year, m.mpig_paid).ok_or_else(|| {
                    Refusal::new(K::Rules, format!(
                        "the {} rules do not give the MPIG phase-out figures needed to recover a practice's 2013/14 correction factor",
                        self.payments_year
                    ))
                })?,
            );
            return Ok(out);
        }
        let core = m.pms_balance + m.global_sum_paid + m.mpig_paid;
        let with_other = core + m.other_payments;
        let (paid, source) = if core >= floor {
            (core, ContractSource::PmsBalance)
        } else if m.other_payments > Decimal::ZERO && with_other >= floor {
            (with_other, ContractSource::OtherPayments)
        } else {
            return refuse(K::ContractIncome, format!(
                "its contract income ({} with {} of other payments, £{} a weighted patient) is under half the global sum price: not a year of core contract income",
                pounds(core),
                pounds(m.other_payments),
                per_weighted(with_other)
            ));
        };
        // The cash includes the payments year's equivalent uplift (the
        // practice is taken to have opted out of out-of-hours care, the
        // default and the usual case); the 2013/14 value is what is left.
        let reinvested = crate::prepared::global_sum_reinvestment(rs);
        let uplift = uplift_amount(&rs.funding, reinvested, weighted, true);
        out.contract_paid = Some((paid, source));
        out.baseline_2013_14 = Some(crate::money::round_half_up(paid - uplift, 2));
        Ok(out)
    }

    /// Activity recovered from services paid per item: where a payments
    /// column pays one service whose only component is paid per item, the
    /// count is its cash ÷ the payments year's rate, to the nearest whole.
    /// Cash mixes years and rates (late payments for the year before), so
    /// this is an estimate, and the view says so.
    fn activity(&self, catalog: &Catalog, rs: &RuleSet, m: &Member) -> Vec<(String, Decimal)> {
        let mut out = Vec::new();
        for (ids, cash) in self.paid_columns.iter().zip(&m.paid) {
            let ([id], true) = (ids.as_slice(), *cash > Decimal::ZERO) else {
                continue;
            };
            let Some(s) = rs.services.iter().find(|s| *s.id == **id) else {
                continue;
            };
            if let [c] = s.components.as_slice() {
                if let ComponentKind::PerItem { rate, activity } = &c.kind {
                    let rate = val(rate);
                    if let (false, Some(a)) = (rate.is_zero(), catalog.activities.get(*activity)) {
                        out.push((
                            a.id.to_string(),
                            crate::money::round_half_up(*cash / rate, 0),
                        ));
                    }
                }
            }
        }
        out
    }
}
