//! Numbers and yes/no as people type them, and as files give them: the one
//! reader of typed numbers, used by validation, the form and the CLI.

use super::*;

/// Parses a number a person typed: a leading £, a trailing %, and
/// thousands separators (a comma, an underscore or a space) in groups of
/// three ("1,700", "12 000") are allowed; anything else is not a number.
/// "1,70" and "18,5" are not numbers: a decimal comma would otherwise be
/// read as a value ten or a hundred times too large ([`number_problem`]
/// says so).
pub fn parse_number_text(s: &str) -> Option<Decimal> {
    let t = s.trim().trim_start_matches('£').trim_end_matches('%').trim();
    if t.is_empty() || t.len() > 40 {
        return None;
    }
    let body = t.strip_prefix('-').unwrap_or(t);
    let (whole, fraction) = match body.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (body, None),
    };
    if let Some(f) = fraction {
        if f.is_empty() && whole.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    if whole.is_empty() && fraction.is_none() || !grouped_in_threes(whole) {
        return None;
    }
    let digits: String = t.chars().filter(|c| !is_separator(*c)).collect();
    Decimal::from_str(&digits).ok()
}

fn is_separator(c: char) -> bool {
    matches!(c, ',' | '_' | ' ' | '\u{a0}' | '\u{202f}')
}

/// Digits only, or one to three digits then groups of three, all split by
/// the same separator.
fn grouped_in_threes(whole: &str) -> bool {
    let Some(sep) = whole.chars().find(|c| is_separator(*c)) else {
        return whole.bytes().all(|b| b.is_ascii_digit());
    };
    let mut groups = whole.split(sep);
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// How the simulator read numbers before thousands separators had to come
/// in threes: every comma, underscore and space removed ("1,70" was 170).
/// Only for what was saved or linked under that rule, which must open as it
/// did (with a warning that says how it was read).
pub fn legacy_number_text(s: &str) -> Option<Decimal> {
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
        || body == "."
    {
        return None;
    }
    Decimal::from_str(&t).ok()
}

/// Text that the old rule read as a number and this one refuses, with the
/// value it was read as: a saved file or an old link holding it opens as
/// it did, and says so.
pub fn legacy_only(s: &str) -> Option<Decimal> {
    match parse_number_text(s) {
        Some(_) => None,
        None => legacy_number_text(s),
    }
}

/// Why typed text is not a number, quoting it as typed: a separator out of
/// place gets a word on decimal commas.
pub fn number_problem(s: &str) -> String {
    let shown = format!("{:?}", truncate(s));
    if s.contains(',') && legacy_number_text(s).is_some() {
        format!(
            "{shown} is not a number: a comma may only separate thousands, in groups of three (like 1,700); write a decimal with a point (1.7), not a comma"
        )
    } else if legacy_number_text(s).is_some() {
        format!(
            "{shown} is not a number: a space or underscore may only separate thousands, in groups of three (like 12 000)"
        )
    } else {
        format!("{shown} is not a number")
    }
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

    /// Why this is not a number, quoting it as given.
    pub(super) fn not_a_number(&self) -> String {
        match self {
            RawNumber::Text(s) => number_problem(s),
            other => format!("{} is not a number", other.shown()),
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
