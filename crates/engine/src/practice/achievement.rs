//! An indicator's achievement as given: a percentage, a fraction, numerator
//! and denominator, or met / not met, checked against the indicator's kind.

use super::numbers::*;
use super::validate::Checker;
use super::*;

/// The kind of the indicator with this code, from whichever rule set has it.
pub(super) fn indicator_kind(catalog: &Catalog, code: &str) -> Option<IndicatorKind> {
    catalog
        .sets
        .iter()
        .find_map(|s| s.indicator(code))
        .map(|i| i.kind)
}

pub(super) fn parse_achievement(
    c: &mut Checker,
    field: &str,
    a: &RawAchievement,
    kind: Option<IndicatorKind>,
) -> Option<Achievement> {
    let all_or_nothing = matches!(kind, Some(IndicatorKind::Register | IndicatorKind::YesNo));
    let want = if all_or_nothing {
        "yes or no (this indicator is all or nothing)"
    } else {
        "a percentage from 0 to 100, or numerator/denominator such as 120/140"
    };
    let percent = |c: &mut Checker, v: Decimal| -> Option<Achievement> {
        if v.is_sign_negative() && !v.is_zero() || v > Decimal::ONE_HUNDRED {
            c.problem(
                field,
                format!("{}% is outside 0 to 100", v.normalize()),
                want,
            );
            None
        } else {
            Some(Achievement::Percent(v))
        }
    };
    let counts = |c: &mut Checker, n: Option<Decimal>, d: Option<Decimal>| -> Option<Achievement> {
        match (n, d) {
            (Some(n), Some(d)) => {
                if n.is_sign_negative() && !n.is_zero() || d.is_sign_negative() && !d.is_zero() {
                    c.problem(
                        field,
                        "has a negative count",
                        "a numerator and denominator of zero or more",
                    );
                    None
                } else if !n.fract().is_zero() || !d.fract().is_zero() {
                    c.problem(
                        field,
                        "has a count that is not whole",
                        "whole numbers of patients",
                    );
                    None
                } else if n > d {
                    c.problem(
                        field,
                        format!(
                            "the numerator ({}) is above the denominator ({})",
                            n.normalize(),
                            d.normalize()
                        ),
                        "a numerator no larger than the denominator",
                    );
                    None
                } else {
                    Some(Achievement::Counts {
                        numerator: n,
                        denominator: d,
                    })
                }
            }
            _ => {
                c.problem(
                    field,
                    "needs both a numerator and a denominator",
                    "numerator/denominator such as 120/140",
                );
                None
            }
        }
    };
    let value = match a {
        RawAchievement::Bool(b) => Some(Achievement::Met(*b)),
        RawAchievement::Number(RawNumberOnly::Int(i)) => percent(c, Decimal::from(*i)),
        RawAchievement::Number(RawNumberOnly::Float(f)) => match f64_to_decimal(*f) {
            Some(v) => percent(c, v),
            None => {
                c.problem(field, "is not a number", want);
                None
            }
        },
        RawAchievement::Number(RawNumberOnly::Text(s)) => {
            if let Some(b) = parse_bool_text(s) {
                Some(Achievement::Met(b))
            } else if let Some((n, d)) = s.split_once('/') {
                counts(c, parse_number_text(n), parse_number_text(d))
            } else if let Some(v) = parse_number_text(s) {
                percent(c, v)
            } else if legacy_number_text(s).is_some() {
                c.problem(field, number_problem(s), want);
                None
            } else {
                c.problem(
                    field,
                    format!("{:?} is not an achievement", truncate(s)),
                    want,
                );
                None
            }
        }
        RawAchievement::Table(t) => {
            if let Some(m) = &t.met {
                c.flag(field, m).map(Achievement::Met)
            } else if let Some(p) = &t.percent {
                match p.to_decimal() {
                    Some(v) => percent(c, v),
                    None => {
                        c.problem(field, "percent is not a number", want);
                        None
                    }
                }
            } else {
                let n = t.numerator.as_ref().and_then(RawNumber::to_decimal);
                let d = t.denominator.as_ref().and_then(RawNumber::to_decimal);
                counts(c, n, d)
            }
        }
    }?;
    match (kind, value) {
        (Some(k), v) if !v.fits(k) => {
            c.problem(
                field,
                format!("{} does not fit this indicator", v.display()),
                want,
            );
            None
        }
        _ => Some(value),
    }
}
