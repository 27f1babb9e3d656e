//! One pass over a practice file's text, before it is parsed: how deep
//! its brackets nest, and the first number its reader would change.

use super::MAX_DEPTH;

/// What a file holds outside its strings that its reader would not take
/// as written: brackets nested too deep, and the first number that the
/// reader (through `f64`) would change, such as a 32-digit one.
pub(super) struct Scan {
    pub too_deep: Option<usize>,
    pub inexact: Option<(usize, String)>,
}

pub(super) fn scan(text: &str) -> Scan {
    let (mut depth, mut line) = (0usize, 1usize);
    let mut out = Scan {
        too_deep: None,
        inexact: None,
    };
    let mut chars = text.chars();
    let mut quote: Option<char> = None;
    let mut token = String::new();
    // A bare token ended, waiting for the next character that is not a
    // space to say whether it was a key (`=` follows: a TOML key may be all
    // digits) or a value.
    let mut pending: Option<(usize, String)> = None;
    let settle = |pending: &mut Option<(usize, String)>, next: Option<char>, out: &mut Scan| {
        let Some((line, token)) = pending.take() else {
            return;
        };
        if next == Some('=') || out.inexact.is_some() || exact_number(&token) {
            return;
        }
        let shown = if token.len() > 80 {
            format!("{}…", &token[..80])
        } else {
            token
        };
        out.inexact = Some((line, shown));
    };
    while let Some(c) = chars.next() {
        if quote.is_none() && (c.is_ascii_alphanumeric() || "._+-:".contains(c)) {
            // Whole, however long: a long bare key ending in a letter was
            // once cut to 64 digits and taken for a number.
            settle(&mut pending, Some(c), &mut out);
            token.push(c);
            continue;
        }
        if !token.is_empty() {
            pending = Some((line, std::mem::take(&mut token)));
        }
        if quote.is_some() || !c.is_whitespace() {
            settle(&mut pending, Some(c), &mut out);
        }
        match (quote, c) {
            (_, '\n') => line += 1,
            // An escape: the next character is part of the string.
            (Some('"'), '\\') if chars.next() == Some('\n') => line += 1,
            (Some('"'), '\\') => {}
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') => {
                // A TOML comment runs to the end of the line.
                for c in chars.by_ref() {
                    if c == '\n' {
                        line += 1;
                        break;
                    }
                }
            }
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_DEPTH && out.too_deep.is_none() {
                    out.too_deep = Some(line);
                    return out;
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if !token.is_empty() {
        pending = Some((line, token));
    }
    settle(&mut pending, None, &mut out);
    out
}

/// Whether a bare token is anything but a number the reader would change:
/// words, dates and whole numbers that fit 64 bits are kept as written; a
/// number read through `f64` must come back with the same digits.
fn exact_number(token: &str) -> bool {
    let body = token.trim_start_matches(['-', '+']);
    let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (body, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let is_number = plain(whole)
        && (fraction.is_empty() || plain(fraction))
        && exponent.is_none_or(|e| plain(e.trim_start_matches(['-', '+'])));
    if !is_number {
        return true;
    }
    if exponent.is_none() && fraction.is_empty() && token.parse::<i64>().is_ok() {
        return true;
    }
    match token.parse::<f64>() {
        Ok(f) if f.is_finite() => significant(token) == significant(&format!("{f:e}")),
        _ => false,
    }
}

/// A number's significant digits and the power of ten of its last one:
/// "1.50e3" and "1500" are both ("15", 2).
fn significant(number: &str) -> (String, i64) {
    let body = number.trim_start_matches(['-', '+']);
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().unwrap_or(0)),
        None => (body, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{whole}{fraction}");
    let trimmed = digits.trim_end_matches('0');
    let power = exponent - fraction.len() as i64 + (digits.len() - trimmed.len()) as i64;
    let trimmed = trimmed.trim_start_matches('0');
    if trimmed.is_empty() {
        return (String::new(), 0);
    }
    (trimmed.to_string(), power)
}
