//! Numbers as people type them: the one reader of typed numbers, used by
//! practice validation, scenario edits, the form and the CLI. Depends on
//! nothing else in the engine, so both `practice` and `rules` may use it.

use rust_decimal::Decimal;
use std::str::FromStr;

/// Parses a number a person typed: a leading £, a trailing %, and
/// thousands separators (a comma, an underscore or a space) in groups of
/// three ("1,700", "12 000") are allowed; anything else is not a number.
/// "1,70" and "18,5" are not numbers: a decimal comma would otherwise be
/// read as a value ten or a hundred times too large ([`number_problem`]
/// says so).
pub fn parse_number_text(s: &str) -> Option<Decimal> {
    let t = s
        .trim()
        .trim_start_matches('£')
        .trim_end_matches('%')
        .trim();
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

/// At most 40 characters of `s`, for messages.
pub fn truncate(s: &str) -> String {
    let mut t: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        t.push('…');
    }
    t
}
