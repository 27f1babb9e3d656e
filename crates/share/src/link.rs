//! Share links: the whole scenario in a URL fragment, so no server ever sees
//! it. Pure text in, text out, shared by the app (which applies a link to its
//! state) and the CLI (`gpsim open`, which prints the comparison the link
//! opens), so both read every link with the same decoder and the same
//! messages.
//!
//! Pairs `key=value` joined by `&`, each percent-encoded (UTF-8) outside
//! `A-Z a-z 0-9 - . _ ~ , : /`:
//!
//! | key | value |
//! | --- | --- |
//! | `v` | the format version, first: `2` (`1` is still read) |
//! | `s` | the rule sets compared, comma-separated ids, in order |
//! | `t` | the rule set the waterfall and break-even look at |
//! | `b` | the published set the custom scenario edits |
//! | `e.<figure path>` | a scenario edit, as typed (`e.qof.point_value=170`) |
//! | `p.<field path>` | a practice field as typed, only in links that carry the practice (`p.list_size=7200`) |
//! | `x` | result rows opened, comma-separated |
//! | `o` | the row whose explanation is open |
//! | `w` | from format 2: `national` when the national view is open |
//! | `c` | from format 2, last: the checksum of everything before `&c=` |
//!
//! What changed in format 2: a share figure's edit is typed as the
//! percentage it is shown as (`e.funding.ooh_deduction=4.7`, where format 1
//! wrote `0.047`); numbers follow today's rule (thousands separators only in
//! threes); the `w` key; and the checksum, so a link cut short or altered
//! is refused instead of opening other figures. Format 1 links open the
//! same scenario as ever: their share edits are converted, and a number
//! only the old rule read ("1,70" as 170) is read that way, with a note.
//!
//! A link never decodes to a panic: a later version's link, or a damaged
//! one, is an error naming what is wrong. The cost is linear in its length:
//! each pair is read once, and nothing is built here.

use crate::form::{Field, Form};
use escape::{cut, decode, encode};
use gpsim_engine::practice::legacy_only;
use gpsim_engine::Catalog;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use v1::{old_number_note, upgrade_edits};

/// The version this build writes. Bump it (and add a decoder branch and a
/// fixture in `tests/links/`) whenever a key is added or changes meaning.
pub const VERSION: u32 = 2;

/// The id of the custom scenario among the sets compared.
pub const CUSTOM: &str = "custom";

/// What the page opens with: these two years compared, the second the
/// target, and the custom scenario (when one is made) editing it. A link
/// that does not say keeps them, in the app and in `gpsim open`.
pub const OPENING_SETS: [&str; 2] = ["2012-13", "2013-14"];
pub const OPENING_TARGET: &str = "2013-14";

/// The longest link read, in bytes: far above any real one (the example
/// practice with every field is about 3 KB), and a bound on the work.
pub const MAX_LINK_BYTES: usize = 1 << 20;

/// The most scenario edits a link may carry: a rule set has about 800
/// figures, so a real link has at most that many.
pub const MAX_EDITS: usize = 10_000;

/// Everything a link says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Link {
    pub selected: Vec<String>,
    pub target: String,
    /// The published set the custom scenario edits, when the link says.
    pub base: Option<String>,
    /// Figure path → value as typed (a share as its percentage).
    pub edits: BTreeMap<String, String>,
    /// The practice form, when the link carries it.
    pub practice: Option<Form>,
    pub expanded: BTreeSet<String>,
    pub explaining: Option<String>,
    /// The national view is open.
    pub national: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Made by a later version of the simulator than this one.
    Newer(u32),
    /// Not a link this simulator made, or cut short or altered.
    Damaged(String),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::Newer(v) => write!(
                f,
                "This link was made by a newer version of the simulator (link format {v}; this version reads up to {VERSION}). Opening the example practice instead."
            ),
            LinkError::Damaged(why) => write!(
                f,
                "This link is damaged: {why}. Opening the example practice instead."
            ),
        }
    }
}

/// A link read, and what the reader should be told about it (an old
/// number read the old way).
#[derive(Clone, Debug, PartialEq)]
pub struct Opened {
    pub link: Link,
    pub version: u32,
    pub notes: Vec<String>,
}

/// The checksum a format-2 link ends with: FNV-1a (32 bits) of the text
/// before `&c=`, as 8 hex digits. Not a defence against anyone who means
/// harm (they can recompute it), but a cut or a changed character is caught.
pub fn checksum(text: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in text.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{h:08x}")
}

/// The fragment (without `#`) for a link, in the current format.
pub fn write(link: &Link) -> String {
    let mut parts = vec![
        format!("v={VERSION}"),
        format!("s={}", encode(&link.selected.join(","))),
        format!("t={}", encode(&link.target)),
    ];
    if let Some(b) = &link.base {
        parts.push(format!("b={}", encode(b)));
    }
    for (path, value) in &link.edits {
        parts.push(format!("e.{}={}", encode(path), encode(value)));
    }
    if let Some(form) = &link.practice {
        for (field, value) in form.fields() {
            parts.push(format!("p.{}={}", encode(&field.path()), encode(&value)));
        }
    }
    if !link.expanded.is_empty() {
        let rows: Vec<&str> = link.expanded.iter().map(String::as_str).collect();
        parts.push(format!("x={}", encode(&rows.join(","))));
    }
    if let Some(o) = &link.explaining {
        parts.push(format!("o={}", encode(o)));
    }
    if link.national {
        parts.push("w=national".into());
    }
    let body = parts.join("&");
    let sum = checksum(&body);
    format!("{body}&c={sum}")
}

/// Whether a fragment is a link to read, rather than nothing or a place on
/// the page: the skip link and the error summary's links put an element's
/// id after `#` (`#main`, `#f-list_size`), and a reload or a step back must
/// not read that as a damaged link. A link always has `=`; an id never does.
pub fn is_link(fragment: &str) -> bool {
    let text = fragment.strip_prefix('#').unwrap_or(fragment);
    let place = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    !place
}

/// The fragment of a whole address (`https://…/#v=2&…`), or the text itself.
pub fn fragment_of(address: &str) -> &str {
    match address.split_once('#') {
        Some((_, f)) => f,
        None => address,
    }
}

/// What a link that does not say keeps: the page's opening choices.
#[derive(Clone, Copy, Debug)]
pub struct Defaults<'a> {
    pub selected: &'a [String],
    pub target: &'a str,
    /// The set the scenario edits (a format-1 link's edits are read in its
    /// figures' units when the link names none).
    pub base: &'a str,
}

/// Reads a fragment (with or without `#`); what it does not say keeps
/// `defaults`.
pub fn read(fragment: &str, catalog: &Catalog, defaults: Defaults) -> Result<Opened, LinkError> {
    let text = fragment.strip_prefix('#').unwrap_or(fragment);
    if text.len() > MAX_LINK_BYTES {
        return Err(LinkError::Damaged(format!(
            "it is {} bytes long, more than the {} a link may be",
            text.len(),
            MAX_LINK_BYTES
        )));
    }
    let mut pairs = Vec::new();
    for piece in text.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = piece
            .split_once('=')
            .ok_or_else(|| LinkError::Damaged(format!("{:?} has no value", cut(piece, 0))))?;
        pairs.push((decode(k)?, decode(v)?));
    }
    let version = match pairs.first() {
        Some((k, v)) if k == "v" => v
            .parse::<u32>()
            .map_err(|_| LinkError::Damaged(format!("the version {v:?} is not a number")))?,
        _ => {
            return Err(LinkError::Damaged(
                "it does not start with a version".into(),
            ))
        }
    };
    match version {
        1 => read_pairs(&pairs[1..], 1, catalog, defaults),
        2 => {
            // The checksum covers the text exactly as written, before `&c=`.
            let (body, sum) = match text.rsplit_once("&c=") {
                Some((body, sum)) if pairs.last().is_some_and(|(k, _)| k == "c") => (body, sum),
                _ => {
                    return Err(LinkError::Damaged(
                        "it is cut short: its checksum, which ends every link, is missing".into(),
                    ))
                }
            };
            if checksum(body) != sum {
                return Err(LinkError::Damaged(
                    "it was cut short or altered: its checksum does not match what it holds".into(),
                ));
            }
            read_pairs(&pairs[1..pairs.len() - 1], 2, catalog, defaults)
        }
        v if v > VERSION => Err(LinkError::Newer(v)),
        v => Err(LinkError::Damaged(format!("there was never a version {v}"))),
    }
}

fn known_set(catalog: &Catalog, id: &str) -> bool {
    id == CUSTOM || catalog.get(id).is_some()
}

fn read_pairs(
    pairs: &[(String, String)],
    version: u32,
    catalog: &Catalog,
    defaults: Defaults,
) -> Result<Opened, LinkError> {
    // The simulator never writes a key twice: a repeated key is a damaged
    // or hand-edited link, and which value was meant cannot be known.
    let mut seen = BTreeSet::new();
    for (k, _) in pairs {
        if !seen.insert(k.as_str()) {
            return Err(LinkError::Damaged(format!(
                "it gives {:?} more than once",
                k.chars().take(40).collect::<String>()
            )));
        }
    }
    let edits = pairs.iter().filter(|(k, _)| k.starts_with("e.")).count();
    if edits > MAX_EDITS {
        return Err(LinkError::Damaged(format!(
            "it has {edits} scenario edits, more than the {MAX_EDITS} a link may carry (a rule set has about 800 figures)"
        )));
    }
    let mut link = Link {
        selected: defaults.selected.to_vec(),
        target: defaults.target.to_string(),
        ..Link::default()
    };
    let mut notes = Vec::new();
    let mut form: Option<Form> = None;
    for (k, v) in pairs {
        match k.as_str() {
            "s" => {
                let ids: Vec<String> = v.split(',').map(str::to_string).collect();
                if let Some(bad) = ids.iter().find(|id| !known_set(catalog, id)) {
                    return Err(LinkError::Damaged(format!(
                        "it names a contract year this simulator does not have ({bad:?}; it has {})",
                        catalog.ids().join(", ")
                    )));
                }
                if let Some(twice) = ids
                    .iter()
                    .enumerate()
                    .find(|(i, id)| ids[..*i].contains(id))
                {
                    return Err(LinkError::Damaged(format!(
                        "it names the contract year {:?} twice",
                        twice.1
                    )));
                }
                if ids.len() < 2 {
                    return Err(LinkError::Damaged(
                        "it compares fewer than two contract years".into(),
                    ));
                }
                link.selected = ids;
            }
            "t" => {
                if !known_set(catalog, v) {
                    return Err(LinkError::Damaged(format!(
                        "its target {v:?} is not a contract year"
                    )));
                }
                link.target = v.clone();
            }
            "b" => {
                if v == CUSTOM || !known_set(catalog, v) {
                    return Err(LinkError::Damaged(format!(
                        "its scenario starts from {v:?}, which is not a published contract year"
                    )));
                }
                link.base = Some(v.clone());
            }
            "x" => {
                link.expanded = v
                    .split(',')
                    .filter(|r| !r.is_empty())
                    .map(str::to_string)
                    .collect()
            }
            "o" => link.explaining = Some(v.clone()),
            "w" if version >= 2 => {
                if v != "national" {
                    return Err(LinkError::Damaged(format!(
                        "it opens a view this simulator does not have ({:?})",
                        cut(v, 0)
                    )));
                }
                link.national = true;
            }
            key => {
                if let Some(path) = key.strip_prefix("e.") {
                    link.edits.insert(path.to_string(), v.clone());
                } else if let Some(path) = key.strip_prefix("p.") {
                    let field = Field::from_path(path).ok_or_else(|| {
                        LinkError::Damaged(format!(
                            "it has a practice field this simulator does not know ({path:?})"
                        ))
                    })?;
                    let mut value = v.clone();
                    if version == 1 {
                        if let Some(read) = legacy_only(v) {
                            value = read.normalize().to_string();
                            notes.push(old_number_note(
                                &format!("The practice's {path}"),
                                v,
                                &value,
                            ));
                        }
                    }
                    form.get_or_insert_with(Form::default).set(&field, value);
                } else {
                    return Err(LinkError::Damaged(format!(
                        "it has a part this version does not know ({key:?})"
                    )));
                }
            }
        }
    }
    if !link.selected.contains(&link.target) {
        return Err(LinkError::Damaged(format!(
            "its target {:?} is not among the years compared",
            link.target
        )));
    }
    if version == 1 {
        let base = link
            .base
            .clone()
            .unwrap_or_else(|| defaults.base.to_string());
        upgrade_edits(&mut link.edits, catalog.get(&base), &mut notes);
    }
    link.practice = form;
    Ok(Opened {
        link,
        version,
        notes,
    })
}

mod escape;
mod v1;

#[cfg(test)]
mod tests;
