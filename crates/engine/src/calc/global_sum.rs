//! The global sum: the practice's weighted (Carr-Hill) list times
//! `funding.global_sum_price`, less `funding.ooh_deduction` of it where the
//! practice opted out of out-of-hours care, plus any QOF money a rule set
//! reinvests in the global sum (`reinvestment`, through the prepared set);
//! paid rounded to the penny. GMS practices only: a PMS practice has its
//! contract baseline instead (`pms.rs`).

use super::explain::{fig, gbp, num, pct, Explanation};
use super::{id, val, worst, Basis, Line, LineKind, Parts};
use crate::figure::Status;
use crate::money::Money;
use crate::practice::Practice;
use crate::prepared::Prepared;
use crate::rules::{Catalog, RuleSet};
use rust_decimal::Decimal;
use std::sync::Arc;

/// The global sum and its parts: weighted list × `funding.global_sum_price`,
/// less `funding.ooh_deduction` of it for a practice that opted out of
/// out-of-hours care, plus the QOF money reinvested per weighted patient;
/// paid rounded to the penny.
pub(crate) struct GlobalSum {
    pub price: Decimal,
    pub gross: Decimal,
    pub share: Decimal,
    pub ooh: Decimal,
    pub per_weighted: Decimal,
    pub reinvest: Decimal,
    pub amount: Money,
}

pub(crate) fn global_sum(prep: &Prepared, p: &Practice) -> GlobalSum {
    let rs = prep.rules();
    let f = &rs.funding;
    let weighted = p.weighted_list.0;
    let price = val(&f.global_sum_price);
    let gross = weighted * price;
    let share = val(&f.ooh_deduction);
    let ooh = if p.ooh_opted_out {
        gross * share
    } else {
        Decimal::ZERO
    };
    let per_weighted = prep.reinvested_per_weighted_patient;
    let reinvest = weighted * per_weighted;
    GlobalSum {
        price,
        gross,
        share,
        ooh,
        per_weighted,
        reinvest,
        amount: Money(gross - ooh + reinvest).round_pence(),
    }
}

/// The global sum's lines: the payment, and its gross, out-of-hours and
/// reinvestment parts.
pub(super) fn lines(prep: &Prepared, p: &Practice, out: &mut Parts) {
    let rs = prep.rules();
    let weighted = p.weighted_list.0;
    let root_global: Arc<str> = id("global_sum");
    let f = &rs.funding;
    let GlobalSum {
        price,
        gross,
        share,
        ooh,
        per_weighted,
        reinvest,
        amount,
    } = global_sum(prep, p);
    // The deduction's figure matters only to a practice that opted out.
    let ooh_status = if p.ooh_opted_out {
        f.ooh_deduction.status()
    } else {
        Status::Verified
    };
    out.pay(
        "global_sum",
        "Global sum",
        amount,
        worst(f.global_sum_price.status(), ooh_status),
        Basis::GlobalSum {
            gross,
            ooh,
            reinvested: reinvest,
        },
    );
    out.detail(
        &root_global,
        "global_sum.gross",
        "Weighted list × price",
        LineKind::Detail,
        Money(gross),
        f.global_sum_price.status(),
        Basis::GlobalSumGross { weighted, price },
    );
    out.detail(
        &root_global,
        "global_sum.ooh_deduction",
        "Out-of-hours opt-out deduction",
        LineKind::Detail,
        Money(-ooh),
        ooh_status,
        Basis::OohDeduction {
            gross,
            share,
            opted_out: p.ooh_opted_out,
        },
    );
    if let Some(r) = &rs.reinvestment {
        if !per_weighted.is_zero() {
            out.detail(
                &root_global,
                "global_sum.reinvestment",
                "Reinvested QOF money",
                LineKind::Detail,
                Money(reinvest),
                r.points.status(),
                Basis::GlobalSumReinvestment {
                    weighted,
                    per_weighted_patient: per_weighted,
                },
            );
        }
    }
}

/// Explains the global sum and its parts.
pub(super) fn explain(
    e: &mut Explanation,
    catalog: &Catalog,
    rs: &RuleSet,
    p: &Practice,
    line: &Line,
) {
    match &line.basis {
        Basis::GlobalSum {
            gross,
            ooh,
            reinvested,
        } => {
            e.formula = "Global sum = weighted list × price per weighted patient, less the out-of-hours deduction if the practice opted out, plus any QOF money reinvested in the global sum.".into();
            let mut w = format!(
                "{} × {} = {}",
                num(p.weighted_list.0),
                gbp(rs.funding.global_sum_price.value.unwrap_or_default()),
                gbp(*gross)
            );
            if !ooh.is_zero() {
                w.push_str(&format!(
                    "; less {} out-of-hours = {}",
                    gbp(*ooh),
                    gbp(gross - ooh)
                ));
            }
            if !reinvested.is_zero() {
                w.push_str(&format!("; plus {} reinvested", gbp(*reinvested)));
            }
            w.push_str(&format!("; paid {}", line.amount.display_pence()));
            e.working = Some(w);
            e.inputs
                .push(("Weighted list".into(), num(p.weighted_list.0)));
            e.inputs.push((
                "Opted out of out-of-hours care".into(),
                if p.ooh_opted_out { "yes" } else { "no" }.into(),
            ));
            fig(e, catalog, &rs.funding.global_sum_price);
            if p.ooh_opted_out {
                fig(e, catalog, &rs.funding.ooh_deduction);
            }
        }
        Basis::GlobalSumGross { weighted, price } => {
            e.formula = "Weighted (Carr-Hill) list × global sum price per weighted patient.".into();
            e.working = Some(format!(
                "{} × {} = {}",
                num(*weighted),
                gbp(*price),
                gbp(weighted * price)
            ));
            e.inputs.push(("Weighted list".into(), num(*weighted)));
            fig(e, catalog, &rs.funding.global_sum_price);
        }
        Basis::OohDeduction {
            gross,
            share,
            opted_out,
        } => {
            if *opted_out {
                e.formula = "Practices that opted out of out-of-hours care lose a share of their global sum.".into();
                e.working = Some(format!(
                    "{} × {} = {}",
                    gbp(*gross),
                    pct(share * Decimal::ONE_HUNDRED),
                    gbp(gross * share)
                ));
                fig(e, catalog, &rs.funding.ooh_deduction);
            } else {
                e.formula =
                    "The practice provides out-of-hours care, so no deduction is made.".into();
            }
            e.inputs.push((
                "Opted out of out-of-hours care".into(),
                if *opted_out { "yes" } else { "no" }.into(),
            ));
        }
        Basis::GlobalSumReinvestment {
            weighted,
            per_weighted_patient,
        } => {
            e.formula = "Reinvested QOF money = weighted list × (reinvested points × £ per point ÷ average list) × the global sum's share of the reinvestment.".into();
            e.working = Some(format!(
                "{} × {} = {}",
                num(*weighted),
                gbp(*per_weighted_patient),
                gbp(weighted * per_weighted_patient)
            ));
            if let Some(r) = &rs.reinvestment {
                fig(e, catalog, &r.points);
                for t in &r.targets {
                    fig(e, catalog, &t.weight);
                }
            }
            e.notes.push("Assumes the national weighted list equals the registered list, as the Carr-Hill formula is normalised to make it.".into());
        }
        _ => {}
    }
}
