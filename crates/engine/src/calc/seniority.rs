//! Seniority: paid per GP partner from years of service and superannuable
//! income. The 2012/13 to 2014/15 scale was not found, so the practice's own
//! figure is carried unchanged under every rule set.

use super::explain::{gbp, Explanation};
use super::{Basis, Line, Parts};
use crate::figure::Status;
use crate::practice::Practice;
use crate::rules::{Catalog, RuleSet};

/// The seniority line.
pub(super) fn lines(p: &Practice, out: &mut Parts) {
    let amount = p.seniority.round_pence();
    out.pay(
        "seniority",
        "Seniority",
        amount,
        Status::Verified,
        Basis::Seniority {
            amount: p.seniority.0,
        },
    );
}

/// Explains the seniority line.
pub(super) fn explain(
    e: &mut Explanation,
    _catalog: &Catalog,
    _rs: &RuleSet,
    _p: &Practice,
    line: &Line,
) {
    let Basis::Seniority { amount } = &line.basis else {
        return;
    };
    e.formula = "Seniority is paid per GP partner from years of service and superannuable income; the practice's own figure is carried unchanged. The 2012/13–2014/15 scale was not found.".into();
    e.inputs.push(("Seniority".into(), gbp(*amount)));
}
