//! Percent-encoding of a link's keys and values (UTF-8).

use super::LinkError;

fn keep(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~,:/".contains(&b)
}

pub(super) fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if keep(b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub(super) fn decode(s: &str) -> Result<String, LinkError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| {
                    LinkError::Damaged(format!("a broken escape near {:?}", cut(s, i)))
                })?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| LinkError::Damaged("text that is not UTF-8".into()))
}

/// A short piece of `s` from byte `i`, for messages.
pub(super) fn cut(s: &str, i: usize) -> String {
    s.get(i..).unwrap_or("").chars().take(12).collect()
}
