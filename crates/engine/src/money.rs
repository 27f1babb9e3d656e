//! Unit types for the payment model: money, points, patients and percentages.
//! Everything is `rust_decimal::Decimal`; nothing here may use floating point.
//!
//! Rounding lives in exactly one place, [`round_half_up`]: payments are
//! rounded by [`Money::round_pence`], and every figure shown to people
//! (money, points, percentages, patients) through these types' `Display`
//! and [`round_half_up`], so the same number never prints a penny apart in
//! two places. No published rule
//! on rounding was found (see `rules/README.md`): the published worked examples
//! only reproduce when every intermediate keeps full precision, so the engine
//! rounds each *payment* to the penny once, when it is paid, and nothing else.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Serialize, Serializer};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub};

/// Rounds to `places` decimal places, halves away from zero: the one way
/// the engine, the CLI and the app round, for payments and for display.
pub fn round_half_up(d: Decimal, places: u32) -> Decimal {
    d.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
}

/// An amount of money in pounds sterling, at full precision until rounded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub Decimal);

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    pub fn new(d: Decimal) -> Self {
        Money(d)
    }

    /// Rounds to the nearest penny, halves away from zero.
    ///
    /// Assumption (sources silent): payments are rounded half away from zero,
    /// the usual convention for money in the NHS payment systems' published
    /// statements.
    pub fn round_pence(self) -> Money {
        Money(round_half_up(self.0, 2))
    }

    /// Rounds to whole pounds, for display of large totals only.
    pub fn round_pounds(self) -> Money {
        Money(round_half_up(self.0, 0))
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// Pounds as a decimal string with exactly two places, e.g. `"1234.50"`.
    pub fn to_pence_string(self) -> String {
        let r = self.round_pence().0;
        format!("{r:.2}")
    }

    /// Pounds for people: `£1,234.50`, `−£12.00` (a true minus sign, as
    /// every figure shown to people has).
    pub fn display_pence(self) -> String {
        group_thousands(self.0, 2, "£")
    }

    /// Whole pounds for people: `£1,235`.
    pub fn display_pounds(self) -> String {
        group_thousands(self.0, 0, "£")
    }

    /// Signed whole pounds for differences: `+£1,235`, `−£20`.
    pub fn display_change(self) -> String {
        let r = self.round_pounds();
        if r.0.is_sign_positive() && !r.0.is_zero() {
            format!("+{}", r.display_pounds())
        } else if r.0.is_zero() {
            "£0".to_string()
        } else {
            format!("{MINUS}{}", Money(-r.0).display_pounds())
        }
    }

    /// Signed pounds and pence for small differences, such as a change a
    /// patient: `+£0.78`, `−£1.20`, `£0.00` (whole pounds would show £0.78
    /// as "+£1").
    pub fn display_change_pence(self) -> String {
        let r = self.round_pence();
        if r.0 > Decimal::ZERO {
            format!("+{}", r.display_pence())
        } else {
            r.display_pence()
        }
    }
}

/// The minus sign of every figure shown to people (U+2212, not a hyphen):
/// pounds, percentages and counts alike. Machine-readable text (CSV, JSON,
/// files) keeps the ASCII hyphen.
pub const MINUS: char = '\u{2212}';

/// Formats a decimal with thousands separators and a fixed number of
/// places, rounded half away from zero ([`round_half_up`]; the decimal
/// crate's own fixed-place formatting would cut the digits off instead).
pub fn group_thousands(d: Decimal, places: u32, prefix: &str) -> String {
    let d = round_half_up(d, places);
    let negative = d.is_sign_negative() && !d.is_zero();
    let abs = d.abs();
    let s = format!("{abs:.prec$}", prec = places as usize);
    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let mut grouped = String::with_capacity(int_part.len() + int_part.len() / 3);
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let mut out = String::new();
    if negative {
        out.push(MINUS);
    }
    out.push_str(prefix);
    out.push_str(&grouped);
    if let Some(f) = frac_part {
        out.push('.');
        out.push_str(&f);
    }
    out
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display_pence())
    }
}

impl Serialize for Money {
    /// Money is serialised as a decimal string of pounds with two places.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_pence_string())
    }
}

impl<'de> serde::Deserialize<'de> for Money {
    /// Reads what [`Serialize`] writes: a decimal string of pounds.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse::<Decimal>()
            .map(Money)
            .map_err(|_| serde::de::Error::custom(format!("{s:?} is not an amount of money")))
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

/// QOF points, fractional (points are earned pro rata between thresholds).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Points(pub Decimal);

impl Points {
    pub const ZERO: Points = Points(Decimal::ZERO);

    /// Points for people, to two decimal places with trailing zeros removed.
    pub fn display(self) -> String {
        let r = round_half_up(self.0, 2).normalize();
        format!("{r}")
    }
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

impl Serialize for Points {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.display())
    }
}

impl Add for Points {
    type Output = Points;
    fn add(self, rhs: Points) -> Points {
        Points(self.0 + rhs.0)
    }
}

impl AddAssign for Points {
    fn add_assign(&mut self, rhs: Points) {
        self.0 += rhs.0;
    }
}

impl Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        iter.fold(Points::ZERO, |a, b| a + b)
    }
}

/// A count of patients. Whole numbers in practice, but kept as a decimal so
/// that ratios stay exact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Patients(pub Decimal);

/// Counts of people (registered or weighted) for people: whole, with
/// thousands separators.
macro_rules! whole_people {
    ($($t:ident),*) => {$(
        impl $t {
            pub fn display(self) -> String {
                group_thousands(self.0, 0, "")
            }
        }

        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.display())
            }
        }
    )*};
}

whole_people!(Patients, WeightedPatients);

impl Patients {
    /// This count as a share of `whole`, in per cent: a register as a share
    /// of the list is the practice's prevalence.
    pub fn percent_of(self, whole: Patients) -> Percent {
        Percent(self.0 / whole.0 * Decimal::ONE_HUNDRED)
    }
}

/// A Carr-Hill weighted list: patients weighted for need and workload. A
/// separate type from [`Patients`], so the global sum (paid per weighted
/// patient) cannot be given the registered list, nor the CPI the weighted one.
///
/// The CPI takes the registered list:
/// ```
/// # use gpsim_engine::{presets, validate, Catalog};
/// let c = Catalog::builtin();
/// let (p, _) = validate(&presets::builtin()[0].practice, c).unwrap();
/// let cpi = c.sets[0].cpi(p.list_size);
/// # assert!(cpi > rust_decimal::Decimal::ZERO);
/// ```
/// and the weighted list in its place does not compile:
/// ```compile_fail
/// # use gpsim_engine::{presets, validate, Catalog};
/// let c = Catalog::builtin();
/// let (p, _) = validate(&presets::builtin()[0].practice, c).unwrap();
/// let cpi = c.sets[0].cpi(p.weighted_list);
/// # assert!(cpi > rust_decimal::Decimal::ZERO);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct WeightedPatients(pub Decimal);

/// A percentage, 0 to 100.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Percent(pub Decimal);

impl Percent {
    /// A percentage for people, to one place: `87.5%`.
    pub fn display(self) -> String {
        self.display_to(1)
    }

    /// A percentage to `places` places, trailing zeros dropped: `87.25%`,
    /// `−3.5%`.
    pub fn display_to(self, places: u32) -> String {
        let r = round_half_up(self.0, places).normalize();
        if r < Decimal::ZERO {
            format!("{MINUS}{}%", -r)
        } else {
            format!("{}%", r.abs())
        }
    }

    /// A change in percentage points, signed, to one place: `+3.5%`,
    /// `−1%`, `0%`.
    pub fn display_change(self) -> String {
        let shown = self.display();
        if round_half_up(self.0, 1) > Decimal::ZERO {
            format!("+{shown}")
        } else {
            shown
        }
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn every_display_rounds_halves_away_from_zero() {
        // Banker's rounding (the decimal crate's default) would give 0.12,
        // 2.2% and 0.12 points, a penny or a point apart from the payment.
        assert_eq!(round_half_up(d("0.125"), 2), d("0.13"));
        assert_eq!(Money(d("0.125")).to_string(), "£0.13");
        assert_eq!(Percent(d("2.25")).display(), "2.3%");
        assert_eq!(Percent(d("2.125")).display_to(2), "2.13%");
        assert_eq!(Points(d("0.125")).to_string(), "0.13");
        assert_eq!(Patients(d("6910.5")).to_string(), "6,911");
        // Fixed places round too: a rule figure of £0.375 shows as £0.38.
        assert_eq!(group_thousands(d("0.375"), 2, "£"), "£0.38");
        assert_eq!(group_thousands(d("-1234.5"), 0, ""), "\u{2212}1,235");
    }

    #[test]
    fn rounding_half_pence_goes_away_from_zero() {
        assert_eq!(Money(d("1.005")).round_pence(), Money(d("1.01")));
        assert_eq!(Money(d("-1.005")).round_pence(), Money(d("-1.01")));
        assert_eq!(Money(d("1.0049")).round_pence(), Money(d("1.00")));
    }

    #[test]
    fn display_groups_thousands_and_keeps_pence() {
        assert_eq!(Money(d("1234567.5")).display_pence(), "£1,234,567.50");
        assert_eq!(Money(d("-12")).display_pence(), "\u{2212}£12.00");
        assert_eq!(Money(d("0.78")).display_change_pence(), "+£0.78");
        assert_eq!(Percent(d("-3.45")).display_change(), "\u{2212}3.5%");
        assert_eq!(Percent(d("2")).display_change(), "+2%");
        assert_eq!(Percent(d("-0.01")).display_change(), "0%");
        assert_eq!(Money(d("999")).display_pounds(), "£999");
        assert_eq!(Money(d("1000.4")).display_pounds(), "£1,000");
    }

    #[test]
    fn change_display_carries_a_sign() {
        assert_eq!(Money(d("1500.2")).display_change(), "+£1,500");
        assert_eq!(Money(d("-20")).display_change(), "\u{2212}£20");
        assert_eq!(Money(d("0.3")).display_change(), "£0");
    }

    #[test]
    fn points_display_drops_trailing_zeros() {
        assert_eq!(Points(d("12.500")).display(), "12.5");
        assert_eq!(Points(d("3.14159")).display(), "3.14");
    }
}
