//! Numbers and yes/no as people type them, and as files give them: the one
//! reader of typed numbers, used by validation, the form and the CLI.

use super::*;

/// Parses a number a person typed: commas, spaces, a leading £ and a
/// trailing % are allowed; anything else is not a number.
pub fn parse_number_text(s: &str) -> Option<Decimal> {
    let t: String = s
        .trim()
        .trim_start_matches('£')
        .trim_end_matches('%')
        .chars()
        .filter(|c| *c != ',' && *c != '_' && !c.is_whitespace())
        .collect();
    if t.is_empty() || t.len() > 40 {
        return None;
    }
    let body = t.strip_prefix('-').unwrap_or(&t);
    if body.is_empty()
        || !body.chars().all(|c| c.is_ascii_digit() || c == '.')
        || body.matches('.').count() > 1
    {
        return None;
    }
    if body == "." {
        return None;
    }
    Decimal::from_str(&t).ok()
}

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
}

pub(super) fn truncate(s: &str) -> String {
    let mut t: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        t.push('…');
    }
    t
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
