//! How close the model is to what was paid: for every practice in the
//! national population, the model's payment in the payments year under each
//! heading it models independently of the payments file (the global sum
//! from the weighted list, QOF from registers and achievement, each
//! enhanced service paid per registered patient) beside the cash the file
//! records for it. The headings the model recovers from that same cash
//! (MPIG, the PMS and APMS contract value, services paid per item) cannot
//! disagree, so they are not compared ([`NOT_COMPARED`]).

use crate::batch::{BatchSet, ProfileQof};
use crate::money::{round_half_up, Money};
use crate::population::{ContractType, Population};
use crate::rules::{ComponentKind, Service};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The model's payments-year payment under one heading beside the cash
/// the payments file records for it, over the practices that have both.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Closeness {
    pub id: String,
    pub label: String,
    pub practices: usize,
    pub modelled: Money,
    pub paid: Money,
    /// Median and 90th percentile of |modelled − paid| per practice.
    pub median_abs: Money,
    pub p90_abs: Money,
    /// The same as a share (%) of what was paid, one place.
    pub median_abs_percent: Decimal,
    pub p90_abs_percent: Decimal,
    /// Why cash differs from the year's entitlement under this heading.
    pub why: String,
}

/// The headings set beside nothing, because the model takes them from the
/// same cash, with why.
pub const NOT_COMPARED: &str = "MPIG, the PMS or APMS contract value and the services paid per item (learning disability checks, alcohol screening) are recovered from the same payments, so they cannot disagree; they are not compared.";

/// Why the global sum's cash differs, with the set's own out-of-hours figure.
fn why_global_sum(rs: &crate::rules::RuleSet) -> String {
    let ooh = &rs.funding.ooh_deduction;
    let share = ooh
        .value
        .map(|v| format!("{}%", (v * Decimal::ONE_HUNDRED).normalize()))
        .unwrap_or_else(|| "not found".into());
    format!("Cash is paid monthly on each quarter's weighted list, while the file gives one quarter's list (mostly Q2); the out-of-hours deduction ({share}, {}) is an assumption, and the model takes it from the whole price, though the recycled MPIG money in it bears none.", ooh.status().word())
}
const WHY_QOF: &str = "Cash in a financial year is that year's aspiration payments plus the previous year's balance, not the year's entitlement; achievement by indicator is modelled (the practice's published level spread by its CCG's profile), registers come from 2016/17 prevalence, and PMS practices' QOF deduction is taken from the rules.";
const WHY_SERVICE: &str = "Cash counts what was paid in the financial year: late payments for the year before are in it, and payments for this year made after 31 March are not; schemes count the list on their own dates, while the model pays the whole year on the file's list.";

/// Whether a service pays per registered patient only (no per-item or
/// threshold component, which the model cannot know from the list).
fn per_patient(s: &Service) -> bool {
    s.components.iter().all(|c| {
        matches!(
            c.kind,
            ComponentKind::PerPatient { .. } | ComponentKind::ShareOfRate { .. }
        )
    })
}

/// The middle value and the 90th percentile of `v` (sorted here).
fn quantiles(v: &mut [Decimal]) -> (Decimal, Decimal) {
    if v.is_empty() {
        return (Decimal::ZERO, Decimal::ZERO);
    }
    v.sort();
    let at = |q: usize| v[((v.len() - 1) * q) / 100];
    (at(50), at(90))
}

struct Heading {
    id: String,
    label: String,
    why: String,
    pairs: Vec<(Money, Money)>,
}

impl Heading {
    fn new(id: &str, label: &str, why: impl Into<String>) -> Heading {
        Heading {
            id: id.to_string(),
            label: label.to_string(),
            why: why.into(),
            pairs: Vec::new(),
        }
    }

    fn summary(self) -> Closeness {
        let mut abs: Vec<Decimal> = self.pairs.iter().map(|(m, p)| (m.0 - p.0).abs()).collect();
        let mut rel: Vec<Decimal> = self
            .pairs
            .iter()
            .filter(|(_, p)| !p.0.is_zero())
            .map(|(m, p)| ((m.0 - p.0) / p.0).abs() * Decimal::ONE_HUNDRED)
            .collect();
        let (median_abs, p90_abs) = quantiles(&mut abs);
        let (median_rel, p90_rel) = quantiles(&mut rel);
        Closeness {
            practices: self.pairs.len(),
            modelled: self
                .pairs
                .iter()
                .map(|x| x.0)
                .fold(Money::ZERO, |a, b| a + b),
            paid: self
                .pairs
                .iter()
                .map(|x| x.1)
                .fold(Money::ZERO, |a, b| a + b),
            median_abs: Money(median_abs).round_pence(),
            p90_abs: Money(p90_abs).round_pence(),
            median_abs_percent: round_half_up(median_rel, 1),
            p90_abs_percent: round_half_up(p90_rel, 1),
            id: self.id,
            label: self.label,
            why: self.why,
        }
    }
}

/// The model beside the cash, heading by heading, under `b` (the payments
/// year's rules), over every member of `pop` that validated (`practices`,
/// in the members' order, each with its QOF profile under `b`).
pub fn closeness(
    pop: &Population,
    practices: &[Result<crate::Practice, crate::population::Refusal>],
    b: &BatchSet<'_>,
    profiles: &[Option<ProfileQof>],
) -> Vec<Closeness> {
    let rs = b.rs;
    let mut global_sum = Heading::new(
        "global_sum",
        "Global sum (GMS practices)",
        why_global_sum(rs),
    );
    let mut qof_heading = Heading::new("qof", "Quality and Outcomes Framework", WHY_QOF);
    // Each payments column whose services are all paid per patient and
    // exist in the set: the set's service indexes it covers.
    let columns: Vec<Option<(Vec<usize>, Heading)>> = pop
        .paid_columns
        .iter()
        .map(|ids| {
            let idx: Vec<usize> = ids
                .iter()
                .filter_map(|id| rs.services.iter().position(|s| *s.id == **id))
                .filter(|&si| per_patient(&rs.services[si]))
                .collect();
            let first = *idx.first()?;
            let s = &rs.services[first];
            let why = if idx.len() < ids.len() {
                "Cash counts what was paid in the financial year (late payments for the year before are in it, payments for this year made after 31 March are not); this column also pays a scheme the model pays per item (the dementia identification scheme), whose activity the file does not give, so that part of the cash has no modelled counterpart."
            } else {
                WHY_SERVICE
            };
            Some((idx, Heading::new(&s.line_id, &s.name, why)))
        })
        .collect();
    let mut columns = columns;
    for ((m, p), qof) in pop.members.iter().zip(practices).zip(profiles) {
        let (Ok(p), Some(qof)) = (p, qof) else {
            continue;
        };
        let a = b.amounts(p, qof);
        if m.contract == ContractType::Gms && m.global_sum_paid > Decimal::ZERO {
            global_sum
                .pairs
                .push((a.global_sum, Money(m.global_sum_paid)));
        }
        if m.qof_paid > Decimal::ZERO {
            qof_heading.pairs.push((a.qof, Money(m.qof_paid)));
        }
        for (col, cash) in columns.iter_mut().zip(&m.paid) {
            let Some((idx, h)) = col else { continue };
            if *cash <= Decimal::ZERO {
                continue;
            }
            let modelled = idx
                .iter()
                .map(|&si| a.services[si])
                .fold(Money::ZERO, |x, y| x + y);
            h.pairs.push((modelled, Money(*cash)));
        }
    }
    let mut out = vec![global_sum.summary(), qof_heading.summary()];
    out.extend(
        columns
            .into_iter()
            .flatten()
            .map(|(_, h)| h)
            .filter(|h| !h.pairs.is_empty())
            .map(Heading::summary),
    );
    out
}
