//! PMS practices: the contract baseline, set locally and carried unchanged
//! across rule sets in place of the global sum and MPIG, and the QOF
//! deduction (`qof.pms_deduction_amount` for every
//! `qof.pms_deduction_per_patients` on the list).

use super::explain::{fig, gbp, num, Explanation};
use super::{val, Basis, Line, Parts};
use crate::figure::Status;
use crate::practice::Practice;
use crate::rules::{Catalog, RuleSet};
use rust_decimal::Decimal;

/// The QOF deduction for a PMS practice: `qof.pms_deduction_amount` for
/// every `qof.pms_deduction_per_patients` on its list; none for GMS.
pub(crate) fn pms_deduction(
    q: &crate::rules::Qof,
    list: crate::money::Patients,
    gms: bool,
) -> Decimal {
    if gms {
        return Decimal::ZERO;
    }
    let per = val(&q.pms_deduction_per_patients);
    if per.is_zero() {
        Decimal::ZERO
    } else {
        val(&q.pms_deduction_amount) * list.0 / per
    }
}

/// The PMS baseline line, in place of the global sum and MPIG.
pub(super) fn baseline(p: &Practice, out: &mut Parts) {
    let amount = p.pms_baseline.round_pence();
    out.pay(
        "pms_baseline",
        "PMS contract baseline",
        amount,
        Status::Verified,
        Basis::PmsBaseline {
            amount: p.pms_baseline.0,
        },
    );
}

/// Explains the PMS baseline and the PMS deduction.
pub(super) fn explain(
    e: &mut Explanation,
    catalog: &Catalog,
    rs: &RuleSet,
    _p: &Practice,
    line: &Line,
) {
    let q = &rs.qof;
    match &line.basis {
        Basis::PmsBaseline { amount } => {
            e.formula = "A PMS practice's baseline is set by its local contract, not by these rules; it is carried unchanged across rule sets.".into();
            e.inputs.push(("PMS baseline".into(), gbp(*amount)));
        }
        Basis::PmsDeduction {
            amount,
            per_patients,
            list,
        } => {
            e.formula = "PMS practices using the national QOF have a deduction made: a fixed amount per unit of list size.".into();
            e.working = Some(format!(
                "{} × {} ÷ {} = {}",
                gbp(*amount),
                num(*list),
                num(*per_patients),
                gbp(-line.amount.0)
            ));
            fig(e, catalog, &q.pms_deduction_amount);
            fig(e, catalog, &q.pms_deduction_per_patients);
        }
        _ => {}
    }
}
