//! The MPIG correction factor: the practice's 2013/14 Minimum Practice
//! Income Guarantee correction factor, times the share still paid while it
//! is phased out (`funding.mpig_years_elapsed` of
//! `funding.mpig_phase_out_years` gone); all of it where the rule set has no
//! phase-out. GMS practices only.

use super::explain::{fig, gbp, num, Explanation};
use super::{val, worst, Basis, Line, Parts};
use crate::figure::Status;
use crate::money::Money;
use crate::practice::Practice;
use crate::prepared::Prepared;
use crate::rules::{Catalog, RuleSet};
use rust_decimal::Decimal;

/// The share of the 2013/14 MPIG correction factor still paid: one less
/// `funding.mpig_years_elapsed` ÷ `funding.mpig_phase_out_years`, within 0
/// and 1; all of it where the rule set has no phase-out.
pub(crate) fn mpig_retained(f: &crate::rules::Funding) -> Decimal {
    match (&f.mpig_phase_out_years, &f.mpig_years_elapsed) {
        (Some(y), Some(e)) => {
            let years = val(y);
            if years.is_zero() {
                Decimal::ONE
            } else {
                (Decimal::ONE - val(e) / years).clamp(Decimal::ZERO, Decimal::ONE)
            }
        }
        _ => Decimal::ONE,
    }
}

/// The MPIG line.
pub(super) fn lines(prep: &Prepared, p: &Practice, out: &mut Parts) {
    let f = &prep.rules().funding;
    let retained = mpig_retained(f);
    let mpig_status = match (&f.mpig_phase_out_years, &f.mpig_years_elapsed) {
        (Some(y), Some(e)) => worst(y.status(), e.status()),
        _ => Status::Verified,
    };
    let amount = Money(p.mpig_correction_factor.0 * retained).round_pence();
    out.pay(
        "mpig",
        "MPIG correction factor",
        amount,
        mpig_status,
        Basis::Mpig {
            correction_factor: p.mpig_correction_factor.0,
            retained,
            contract_gms: true,
        },
    );
}

/// Explains the MPIG line.
pub(super) fn explain(
    e: &mut Explanation,
    catalog: &Catalog,
    rs: &RuleSet,
    _p: &Practice,
    line: &Line,
) {
    let Basis::Mpig {
        correction_factor,
        retained,
        ..
    } = &line.basis
    else {
        return;
    };
    let phase_out = match rs
        .funding
        .mpig_phase_out_years
        .as_ref()
        .and_then(|f| f.value)
    {
        Some(years) => format!(
            " (from April 2014 it falls by 1/{} of its 2013/14 value each year)",
            years.normalize()
        ),
        None => String::new(),
    };
    e.formula = format!("MPIG correction factor = the practice's 2013/14 correction factor × the share not yet phased out{phase_out}.");
    e.working = Some(format!(
        "{} × {} = {}",
        gbp(*correction_factor),
        num(*retained),
        gbp(correction_factor * retained)
    ));
    e.inputs
        .push(("2013/14 correction factor".into(), gbp(*correction_factor)));
    if let (Some(y), Some(el)) = (
        &rs.funding.mpig_phase_out_years,
        &rs.funding.mpig_years_elapsed,
    ) {
        fig(e, catalog, y);
        fig(e, catalog, el);
    } else {
        e.notes.push(
            "No phase-out applies in this rule set: the correction factor is paid in full.".into(),
        );
    }
}
