//! Numbers and yes/no as people type them, and as files give them: the one
//! reader of typed numbers, used by validation, the form and the CLI.

use super::*;
pub(super) use crate::typed::truncate;
pub use crate::typed::{legacy_number_text, legacy_only, number_problem, parse_number_text};

pub(super) fn f64_to_decimal(f: f64) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    // Through text, so 0.1 stays 0.1 rather than its binary neighbour.
    Decimal::from_str(&format!("{f}")).ok()
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
            RawNumber::Float(f) => f.to_string(),
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
