//! Numbers and yes/no as people type them, and as files give them: the one
//! reader of typed numbers, used by validation, the form and the CLI.

use super::*;
pub(super) use crate::typed::truncate;
pub use crate::typed::{legacy_number_text, legacy_only, number_problem, parse_number_text};

/// A float as the decimal it was written as: the one with the fewest
/// significant digits that reads back as the same float (0.1, not its
/// binary neighbour 0.1000000000000000055…), which is what Rust's own
/// `Display` prints; `None` for one that is not finite or is beyond a
/// `Decimal`. Worked out with decimals rather than through the float
/// formatter, which is 9.5 KB of WebAssembly the embed would carry for
/// floats it never meets (a link's numbers are text). A test checks it
/// agrees with formatting for every float it tries.
pub(super) fn f64_to_decimal(f: f64) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    if f == 0.0 {
        return Some(Decimal::ZERO);
    }
    let exact = Decimal::from_f64_retain(f)?;
    // The floats either side, and the midpoints to them: a decimal
    // between the midpoints reads back as `f`.
    // (Halved first, so the sum cannot overflow near the largest decimal.)
    let mid = |x: f64| -> Option<Decimal> {
        let x = Decimal::from_f64_retain(x)?;
        (x / Decimal::TWO).checked_add(exact / Decimal::TWO)
    };
    // The neighbours by their bits (`f64::next_up` is newer than our
    // MSRV): a finite float other than zero steps by one in its bits.
    let (toward_zero, away) = (
        f64::from_bits(f.to_bits() - 1),
        f64::from_bits(f.to_bits() + 1),
    );
    let (below, above) = if f > 0.0 {
        (mid(toward_zero), mid(away))
    } else {
        (mid(away), mid(toward_zero))
    };
    // A midpoint reads back as the float whose last bit is even (ties to
    // even), so it counts as inside when `f`'s is.
    let even = f.to_bits() & 1 == 0;
    for digits in 1..=28 {
        // (Rounding up can leave the decimals' range: 8e28, say.)
        let Some(d) = exact
            .round_sf_with_strategy(digits, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        else {
            continue;
        };
        if below.is_none_or(|b| d > b || even && d == b)
            && above.is_none_or(|a| d < a || even && d == a)
        {
            return Some(d.normalize());
        }
    }
    Some(exact.normalize())
}

/// A float as text, as it was written (a message quoting it, the form
/// showing it), without the float formatter.
pub fn float_text(f: f64) -> String {
    match f64_to_decimal(f) {
        Some(d) => d.to_string(),
        None if f.is_nan() => "NaN".into(),
        None if f == f64::INFINITY => "inf".into(),
        None if f == f64::NEG_INFINITY => "-inf".into(),
        None => "a number too large to read".into(),
    }
}

impl RawNumber {
    pub fn to_decimal(&self) -> Option<Decimal> {
        match self {
            RawNumber::Int(i) => Some(Decimal::from(*i)),
            RawNumber::Float(f) => f64_to_decimal(*f),
            RawNumber::Text(s) => parse_number_text(s),
        }
    }

    /// True when a form field was left empty.
    pub fn is_blank(&self) -> bool {
        matches!(self, RawNumber::Text(s) if s.trim().is_empty())
    }

    pub(super) fn shown(&self) -> String {
        match self {
            RawNumber::Int(i) => i.to_string(),
            RawNumber::Float(f) => float_text(*f),
            RawNumber::Text(s) => format!("{:?}", truncate(s)),
        }
    }

    /// Why this is not a number, quoting it as given.
    pub(super) fn not_a_number(&self) -> String {
        match self {
            RawNumber::Text(s) => number_problem(s),
            other => format!("{} is not a number", other.shown()),
        }
    }
}

impl RawBool {
    pub fn to_bool(&self) -> Option<bool> {
        match self {
            RawBool::Bool(b) => Some(*b),
            RawBool::Text(s) => parse_bool_text(s),
        }
    }
}

pub(super) fn parse_bool_text(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "met" => Some(true),
        "no" | "n" | "false" | "0" | "not met" => Some(false),
        _ => None,
    }
}

pub(super) const MAX_LIST: i64 = 500_000;
pub(super) const MAX_MONEY: i64 = 100_000_000;

/// The practice file format this version writes and reads strictly.
pub const FORMAT: u32 = 2;

/// A practice in today's format: where an older practice (format 1, or none
/// stated) holds a number that only the old reading accepted, the value is
/// rewritten as it was read ("1,70" becomes "170"), with a warning naming
/// the field. A practice already in this format comes back unchanged.
pub fn upgrade(raw: &RawPractice) -> (RawPractice, Vec<Warning>) {
    let mut p = raw.clone();
    let mut warnings = Vec::new();
    if raw.format.is_some_and(|f| f >= FORMAT) {
        return (p, warnings);
    }
    p.format = Some(FORMAT);
    let mut fix = |field: String, n: &mut RawNumber| {
        if let RawNumber::Text(t) = n {
            if let Some(v) = legacy_only(t) {
                warnings.push(Warning {
                    message: format!(
                        "{:?} was read as {}, as files and links made before thousands separators had to come in threes always read it; if a decimal was meant, write it with a point",
                        truncate(t),
                        v.normalize()
                    ),
                    field: Some(field),
                });
                *n = RawNumber::Text(v.normalize().to_string());
            }
        }
    };
    for (name, n) in [
        ("list_size", &mut p.list_size),
        ("weighted_list", &mut p.weighted_list),
        ("mpig_correction_factor", &mut p.mpig_correction_factor),
        ("seniority", &mut p.seniority),
        ("pms_baseline", &mut p.pms_baseline),
        ("pms_premium_reduction", &mut p.pms_premium_reduction),
        ("last_year_points", &mut p.last_year_points),
    ] {
        if let Some(n) = n {
            fix(name.to_string(), n);
        }
    }
    for (k, n) in p.registers.iter_mut() {
        fix(format!("registers.{k}"), n);
    }
    for (k, n) in p.activity.iter_mut() {
        fix(format!("activity.{k}"), n);
    }
    for (k, a) in p.achievement.iter_mut() {
        let field = format!("achievement.{k}");
        match a {
            RawAchievement::Number(RawNumberOnly::Text(t)) => {
                let mut n = RawNumber::Text(t.clone());
                fix(field, &mut n);
                if let RawNumber::Text(new) = n {
                    *t = new;
                }
            }
            RawAchievement::Table(t) => {
                for n in [&mut t.percent, &mut t.numerator, &mut t.denominator]
                    .into_iter()
                    .flatten()
                {
                    fix(field.clone(), n);
                }
            }
            _ => {}
        }
    }
    (p, warnings)
}

#[cfg(test)]
mod float_tests {
    use super::f64_to_decimal;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    /// What the reader gave before: the float formatted, then read.
    fn through_text(f: f64) -> Option<Decimal> {
        if !f.is_finite() {
            return None;
        }
        Decimal::from_str(&format!("{f}")).ok()
    }

    /// The decimal reading of a float agrees with formatting it, for
    /// awkward floats and 300,000 random ones from 1e-7 to 1e27, far
    /// beyond any practice's figure either way.
    #[test]
    fn a_float_reads_as_the_decimal_it_was_written_as() {
        let awkward = [
            0.1,
            0.2,
            0.3,
            0.1 + 0.2,
            1.0 / 3.0,
            2.0 / 3.0,
            7010.25,
            -0.5,
            5891.0,
            1e-7,
            123456.789,
            9_007_199_254_740_993.0,
            1e15,
            1e16,
            1e20,
            1e27,
            7.9e28,
            1.5e300,
            f64::MIN_POSITIVE,
            f64::NAN,
            f64::INFINITY,
            87.5,
            99.99,
            0.000_123_4,
            4.35,
            2.675,
            1.005,
        ];
        for f in awkward {
            assert_eq!(f64_to_decimal(f), through_text(f), "{f:?}");
        }
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..300_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mantissa = 0.1 + 0.9 * ((state >> 11) as f64 / (1u64 << 53) as f64);
            // 1e-7 to 1e27: beyond them a decimal's 28 places round what
            // formatting gives, in its last place.
            let exponent = (state % 34) as i32 - 6;
            let f = mantissa * 10f64.powi(exponent);
            let f = if state & 0x10000 == 0 { f } else { -f };
            // Numbers typed to a few places, as files give them.
            let typed = (f * 100.0).round() / 100.0;
            for x in [f, typed] {
                if let Some(want) = through_text(x) {
                    assert_eq!(f64_to_decimal(x), Some(want), "{x:?}");
                }
            }
        }
    }
}
