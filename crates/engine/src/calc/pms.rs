//! PMS and APMS practices: the contract value, set locally, in place of the
//! global sum and MPIG; the equivalent uplift NHS England applied to it
//! where GMS core funding received reinvested money
//! (`funding.pms_uplift` a weighted patient, less the out-of-hours
//! deduction for a practice that opted out, as a GMS practice's global sum
//! is, plus any QOF money the set reinvests in the global sum); the
//! practice's own premium review reduction, in the share
//! `funding.pms_premium_review` applies; and the QOF deduction
//! (`qof.pms_deduction_amount` for every `qof.pms_deduction_per_patients` on
//! the list).

use super::explain::{fig, gbp, num, pct, Explanation};
use super::{val, worst, Basis, Line, Parts};
use crate::figure::Status;
use crate::money::Money;
use crate::practice::Practice;
use crate::prepared::Prepared;
use crate::rules::{Catalog, Funding, RuleSet};
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

/// A PMS or APMS practice's contract payments under one set: the 2013/14
/// value, the equivalent uplift and the premium review reduction, each paid
/// rounded to the penny.
pub(crate) struct Contract {
    pub baseline: Money,
    /// £ a weighted patient before any out-of-hours deduction.
    pub per_weighted: Decimal,
    /// The out-of-hours share taken off it (zero when not opted out).
    pub ooh_share: Decimal,
    /// QOF money the set reinvests in the global sum, £ a weighted patient.
    pub reinvested: Decimal,
    pub uplift: Money,
    pub review_share: Decimal,
    pub reduction: Money,
}

/// The equivalent uplift to a PMS or APMS contract value, unrounded: the
/// weighted list × `funding.pms_uplift`, less the out-of-hours share for a
/// practice that opted out, plus `reinvested` (QOF money the set reinvests
/// in the global sum) a weighted patient. The national population recovers
/// a 2013/14 contract value from 2014/15 cash by taking this off.
pub(crate) fn uplift_amount(
    f: &Funding,
    reinvested: Decimal,
    weighted: Decimal,
    ooh_opted_out: bool,
) -> Decimal {
    let (per_weighted, ooh_share) = uplift_rate(f, ooh_opted_out);
    weighted * per_weighted * (Decimal::ONE - ooh_share) + weighted * reinvested
}

/// `funding.pms_uplift` (zero where the set has none) and the out-of-hours
/// share taken off it (zero for a practice that did not opt out).
fn uplift_rate(f: &Funding, ooh_opted_out: bool) -> (Decimal, Decimal) {
    let per_weighted = f.pms_uplift.as_ref().map(val).unwrap_or_default();
    let ooh_share = if ooh_opted_out {
        val(&f.ooh_deduction)
    } else {
        Decimal::ZERO
    };
    (per_weighted, ooh_share)
}

pub(crate) fn contract(prep: &Prepared, p: &Practice) -> Contract {
    let f = &prep.rules().funding;
    let (per_weighted, ooh_share) = uplift_rate(f, p.ooh_opted_out);
    let reinvested = prep.reinvested_per_weighted_patient;
    let uplift = Money(uplift_amount(
        f,
        reinvested,
        p.weighted_list.0,
        p.ooh_opted_out,
    ))
    .round_pence();
    let review_share = f.pms_premium_review.as_ref().map(val).unwrap_or_default();
    let reduction = Money(-(p.pms_premium_reduction.0 * review_share)).round_pence();
    Contract {
        baseline: p.pms_baseline.round_pence(),
        per_weighted,
        ooh_share,
        reinvested,
        uplift,
        review_share,
        reduction,
    }
}

fn uplift_status(f: &Funding, p: &Practice, prep: &Prepared) -> Status {
    let mut s = f
        .pms_uplift
        .as_ref()
        .map(|x| x.status())
        .unwrap_or(Status::Verified);
    if p.ooh_opted_out && f.pms_uplift.is_some() {
        s = worst(s, f.ooh_deduction.status());
    }
    if let Some(r) = prep
        .rules()
        .reinvestment
        .as_ref()
        .filter(|_| !prep.reinvested_per_weighted_patient.is_zero())
    {
        s = worst(s, r.points.status());
    }
    s
}

/// The contract lines, in place of the global sum and MPIG: the baseline,
/// the equivalent uplift (£0 where the set owes none, so that a comparison
/// lines it up beside the contract value in every set), and the premium
/// review reduction where the set applies one and the practice has one.
pub(super) fn lines(prep: &Prepared, p: &Practice, out: &mut Parts) {
    let f = &prep.rules().funding;
    let c = contract(prep, p);
    out.pay(
        "pms_baseline",
        "PMS or APMS contract value (2013/14)",
        c.baseline,
        Status::Verified,
        Basis::PmsBaseline {
            amount: p.pms_baseline.0,
        },
    );
    out.pay(
        "pms_uplift",
        "Equivalent uplift to the contract value",
        c.uplift,
        uplift_status(f, p, prep),
        Basis::PmsUplift {
            weighted: p.weighted_list.0,
            per_weighted_patient: c.per_weighted,
            ooh_share: c.ooh_share,
            reinvested: c.reinvested,
        },
    );
    if let Some(review) = &f.pms_premium_review {
        if !p.pms_premium_reduction.is_zero() {
            out.pay(
                "pms_premium_reduction",
                "PMS premium review reduction",
                c.reduction,
                review.status(),
                Basis::PmsPremiumReduction {
                    reduction: p.pms_premium_reduction.0,
                    share: c.review_share,
                },
            );
        }
    }
}

/// Explains the PMS lines and the PMS deduction.
pub(super) fn explain(
    e: &mut Explanation,
    catalog: &Catalog,
    rs: &RuleSet,
    p: &Practice,
    line: &Line,
) {
    let q = &rs.qof;
    match &line.basis {
        Basis::PmsBaseline { amount } => {
            e.formula = "A PMS or APMS practice's contract value is agreed locally, not set by these rules. It is entered as its 2013/14 value and carried into every rule set; what the national changes added to it shows as the equivalent uplift.".into();
            e.inputs
                .push(("Contract value in 2013/14".into(), gbp(*amount)));
        }
        Basis::PmsUplift {
            per_weighted_patient,
            reinvested,
            ..
        } if per_weighted_patient.is_zero() && reinvested.is_zero() => {
            e.formula = "This rule set adds nothing to a PMS or APMS contract's 2013/14 value: no reinvestment in GMS core funding is owed to it here (see the rule set's assumptions).".into();
        }
        Basis::PmsUplift {
            weighted,
            per_weighted_patient,
            ooh_share,
            reinvested,
        } => {
            e.formula = "Where GMS practices' core funding received reinvested money, NHS England applied an equivalent uplift to PMS and APMS contracts. Uplift = weighted list × the uplift a weighted patient, less the out-of-hours deduction if the practice opted out (as a GMS global sum is), plus any QOF money this rule set reinvests in the global sum.".into();
            let mut w = format!("{} × {}", num(*weighted), gbp(*per_weighted_patient));
            if !ooh_share.is_zero() {
                w.push_str(&format!(
                    " × (1 − {})",
                    pct(ooh_share * Decimal::ONE_HUNDRED)
                ));
            }
            if !reinvested.is_zero() {
                w.push_str(&format!(" + {} × {}", num(*weighted), gbp(*reinvested)));
            }
            w.push_str(&format!(" = {}", line.amount.display_pence()));
            e.working = Some(w);
            e.inputs.push(("Weighted list".into(), num(*weighted)));
            e.inputs.push((
                "Opted out of out-of-hours care".into(),
                if p.ooh_opted_out { "yes" } else { "no" }.into(),
            ));
            if let Some(u) = &rs.funding.pms_uplift {
                fig(e, catalog, u);
            }
            if !ooh_share.is_zero() {
                fig(e, catalog, &rs.funding.ooh_deduction);
            }
            if !reinvested.is_zero() {
                if let Some(r) = &rs.reinvestment {
                    fig(e, catalog, &r.points);
                }
            }
            e.notes.push("No source gives the uplift in pounds. It is worked out from the GMS side: the rise in the global sum price less the part that recycles MPIG money (PMS practices have no correction factor). Its range is in the research notes below.".into());
        }
        Basis::PmsPremiumReduction { reduction, share } => {
            e.formula = "The PMS premium review was local: from April 2014 each area team reviewed its PMS contracts, at its own pace. The reduction is the practice's own figure, not a national rule, applied in the share this rule set gives.".into();
            e.working = Some(format!(
                "{} × {} = {}",
                gbp(*reduction),
                num(*share),
                line.amount.display_pence()
            ));
            e.inputs
                .push(("PMS premium reduction, £ a year".into(), gbp(*reduction)));
            if let Some(r) = &rs.funding.pms_premium_review {
                fig(e, catalog, r);
            }
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
