//! Share links: the whole scenario in the URL fragment, so no server ever
//! sees it. Pure text in, text out: no browser APIs here (`browser.rs` reads
//! and writes the address bar), so every format version is tested natively.
//!
//! Format, version 1 (`#v=1&…`), pairs `key=value` joined by `&`, each
//! percent-encoded (UTF-8) outside `A-Z a-z 0-9 - . _ ~ , : /`:
//!
//! | key | value |
//! | --- | --- |
//! | `v` | the format version, first: `1` |
//! | `s` | the rule sets compared, comma-separated ids, in order |
//! | `t` | the rule set the waterfall and break-even look at |
//! | `b` | the published set the custom scenario edits |
//! | `e.<figure path>` | a scenario edit, as typed (`e.qof.point_value=170`) |
//! | `p.<field path>` | a practice field as typed, only in links that carry the practice (`p.list_size=7200`, `p.registers.diabetes=390`) |
//! | `x` | result rows opened, comma-separated |
//! | `o` | the row whose explanation is open |
//!
//! A link never decodes to a panic: a later version's link, or a damaged
//! one, is an error naming what is wrong. Old versions decode for ever: the
//! fixtures in `tests/links/` hold a link of every version that shipped,
//! with the totals it must produce.

use crate::form::{Field, Form};
use crate::state::{AppState, Scenario, CUSTOM};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The version this build writes. Bump it (and add a decoder branch and a
/// fixture) whenever a key is added or changes meaning.
pub const VERSION: u32 = 1;

/// What a link carries besides the rules, chosen by the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Contents {
    RulesOnly,
    WithPractice,
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

fn keep(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~,:/".contains(&b)
}

fn encode(s: &str) -> String {
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

fn decode(s: &str) -> Result<String, LinkError> {
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
fn cut(s: &str, i: usize) -> String {
    s.get(i..).unwrap_or("").chars().take(12).collect()
}

/// The form's fields in a stable order: the scalar ones that have a value,
/// and every entry of its tables (even an empty one, so the form comes back
/// exactly as it was).
fn form_fields(form: &Form) -> Vec<(Field, String)> {
    let scalars = [
        Field::Name,
        Field::ListSize,
        Field::WeightedList,
        Field::Contract,
        Field::OohOptedOut,
        Field::Mpig,
        Field::Seniority,
        Field::PmsBaseline,
        Field::PmsPremiumReduction,
        Field::DefaultAchievement,
        Field::LastYearPoints,
    ];
    let mut out: Vec<(Field, String)> = scalars
        .into_iter()
        .map(|f| {
            let v = form.get(&f);
            (f, v)
        })
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let tables = form
        .registers
        .keys()
        .map(|k| Field::Register(k.clone()))
        .chain(
            form.achievement
                .keys()
                .map(|k| Field::Achievement(k.clone())),
        )
        .chain(form.services_off.keys().map(|k| Field::Service(k.clone())))
        .chain(form.activity.keys().map(|k| Field::Activity(k.clone())));
    out.extend(tables.map(|f| {
        let v = form.get(&f);
        (f, v)
    }));
    out
}

/// The fragment (without `#`) for a state.
pub fn to_fragment(s: &AppState, contents: Contents) -> String {
    let mut parts = vec![
        format!("v={VERSION}"),
        format!("s={}", encode(&s.selected.join(","))),
        format!("t={}", encode(&s.target)),
    ];
    if !s.scenario.edits.is_empty() || s.selected.iter().any(|x| x == CUSTOM) {
        parts.push(format!("b={}", encode(&s.scenario.base)));
    }
    for (path, value) in &s.scenario.edits {
        parts.push(format!("e.{}={}", encode(path), encode(value)));
    }
    if contents == Contents::WithPractice {
        for (field, value) in form_fields(&s.form) {
            parts.push(format!("p.{}={}", encode(&field.path()), encode(&value)));
        }
    }
    if !s.expanded.is_empty() {
        let rows: Vec<&str> = s.expanded.iter().map(String::as_str).collect();
        parts.push(format!("x={}", encode(&rows.join(","))));
    }
    if let Some(o) = &s.explaining {
        parts.push(format!("o={}", encode(o)));
    }
    parts.join("&")
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

/// A state decoded from a link, and whether it carried the practice.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    pub state: AppState,
    pub had_practice: bool,
}

/// Reads a fragment (with or without `#`) onto `default`: what the link
/// does not say keeps the default (the example practice, say).
pub fn from_fragment(fragment: &str, default: &AppState) -> Result<Decoded, LinkError> {
    let text = fragment.strip_prefix('#').unwrap_or(fragment);
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
        1 => decode_v1(&pairs[1..], default),
        v if v > VERSION => Err(LinkError::Newer(v)),
        v => Err(LinkError::Damaged(format!("there was never a version {v}"))),
    }
}

fn known_set(id: &str) -> bool {
    id == CUSTOM || crate::rules::catalog().get(id).is_some()
}

fn decode_v1(pairs: &[(String, String)], default: &AppState) -> Result<Decoded, LinkError> {
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
    let mut s = default.clone();
    let mut form: Option<Form> = None;
    let mut edits = BTreeMap::new();
    s.expanded = BTreeSet::new();
    s.explaining = None;
    for (k, v) in pairs {
        match k.as_str() {
            "s" => {
                let ids: Vec<String> = v.split(',').map(str::to_string).collect();
                if let Some(bad) = ids.iter().find(|id| !known_set(id)) {
                    return Err(LinkError::Damaged(format!(
                        "it names a contract year this simulator does not have ({bad:?})"
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
                s.selected = ids;
            }
            "t" => {
                if !known_set(v) {
                    return Err(LinkError::Damaged(format!(
                        "its target {v:?} is not a contract year"
                    )));
                }
                s.target = v.clone();
            }
            "b" => {
                if v == CUSTOM || !known_set(v) {
                    return Err(LinkError::Damaged(format!(
                        "its scenario starts from {v:?}, which is not a published contract year"
                    )));
                }
                s.scenario.base = v.clone();
            }
            "x" => {
                s.expanded = v
                    .split(',')
                    .filter(|r| !r.is_empty())
                    .map(str::to_string)
                    .collect()
            }
            "o" => s.explaining = Some(v.clone()),
            key => {
                if let Some(path) = key.strip_prefix("e.") {
                    edits.insert(path.to_string(), v.clone());
                } else if let Some(path) = key.strip_prefix("p.") {
                    let field = Field::from_path(path).ok_or_else(|| {
                        LinkError::Damaged(format!(
                            "it has a practice field this simulator does not know ({path:?})"
                        ))
                    })?;
                    form.get_or_insert_with(Form::default)
                        .set(&field, v.clone());
                } else {
                    return Err(LinkError::Damaged(format!(
                        "it has a part this version does not know ({key:?})"
                    )));
                }
            }
        }
    }
    if !s.selected.contains(&s.target) {
        return Err(LinkError::Damaged(format!(
            "its target {:?} is not among the years compared",
            s.target
        )));
    }
    s.scenario = Scenario {
        base: s.scenario.base,
        edits,
    };
    let had_practice = form.is_some();
    if let Some(f) = form {
        s.form = f;
        s.preset = None;
    }
    Ok(Decoded {
        state: s,
        had_practice,
    })
}

/// The line a journalist pastes under a chart: the app's version, the rules
/// data's fingerprint, the rule sets, the practice, the date and the link.
pub fn cite(s: &AppState, date: &str, link: &str) -> String {
    let c = crate::rules::catalog();
    let names: Vec<String> = s
        .selected
        .iter()
        .map(|id| match c.get(id) {
            Some(rs) => rs.name.to_string(),
            None => format!(
                "a custom scenario based on {}",
                c.get(&s.scenario.base)
                    .map(|b| b.name.to_string())
                    .unwrap_or_default()
            ),
        })
        .collect();
    let practice = match (&s.preset, s.form.name.trim()) {
        (Some(_), name) if !name.is_empty() => format!("illustrative practice ({name})"),
        (Some(_), _) => "illustrative practice".to_string(),
        (None, "") => "a practice with no name given".to_string(),
        (None, name) => name.to_string(),
    };
    format!(
        "GP Contract Simulator {} (rules data {}): {} for {}, computed {}. {}",
        env!("CARGO_PKG_VERSION"),
        gpsim_engine::rules::RULES_VERSION,
        names.join(" against "),
        practice,
        date,
        link
    )
}

/// What a link carries, in words for the share panel.
pub fn describe(s: &AppState, contents: Contents) -> String {
    let edits = s.scenario.edits.len();
    let rules = if edits == 0 {
        format!("the contract years compared ({})", s.selected.len())
    } else {
        format!(
            "the contract years compared ({}) and your {} edited rule figure{}",
            s.selected.len(),
            edits,
            if edits == 1 { "" } else { "s" }
        )
    };
    match contents {
        Contents::RulesOnly => format!("This link holds {rules}, but none of your practice's figures: whoever opens it sees the example practice."),
        Contents::WithPractice => format!("This link holds {rules} and every figure in your practice form{}. Anyone you send it to can read them.", if s.form.name.is_empty() { String::new() } else { format!(", including the name \"{}\"", s.form.name) }),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_place_on_the_page_is_not_a_link() {
        for place in ["", "#", "main", "#main", "first-main", "f-list_size"] {
            assert!(!super::is_link(place), "{place:?}");
        }
        for link in ["v=1&s=2012-13", "#v=1", "main&x", "v=9", "%76=1", "f list"] {
            assert!(super::is_link(link), "{link:?}");
        }
    }

    use super::*;
    use crate::state::Action;
    use std::rc::Rc;
    use yew::Reducible;

    fn edited() -> AppState {
        let mut s = AppState::default();
        for a in [
            Action::ToggleSet("2014-15".into()),
            Action::SetField(Field::ListSize, "7200".into()),
            Action::SetField(Field::Register("diabetes".into()), "390".into()),
            Action::SetField(Field::Achievement("CHD 6".into()), "78.5".into()),
            Action::SetField(Field::Name, "Église & Co: 100% <care>".into()),
            Action::SetEdit("qof.point_value".into(), "170".into()),
            Action::ToggleRow("qof".into()),
            Action::Explain(Some("global_sum".into())),
        ] {
            s = (*Rc::new(s).reduce(a)).clone();
        }
        s
    }

    #[test]
    fn a_link_with_the_practice_restores_the_whole_state() {
        let s = edited();
        let link = to_fragment(&s, Contents::WithPractice);
        assert!(link.starts_with("v=1&"));
        let back = from_fragment(&format!("#{link}"), &AppState::default()).unwrap();
        assert!(back.had_practice);
        assert_eq!(back.state.form, s.form);
        assert_eq!(back.state.selected, s.selected);
        assert_eq!(back.state.target, s.target);
        assert_eq!(back.state.scenario, s.scenario);
        assert_eq!(back.state.expanded, s.expanded);
        assert_eq!(back.state.explaining, s.explaining);
    }

    #[test]
    fn a_rules_only_link_carries_no_practice_figure() {
        let s = edited();
        let link = to_fragment(&s, Contents::RulesOnly);
        assert!(!link.contains("p."), "{link}");
        assert!(!link.contains("7200"), "{link}");
        let back = from_fragment(&link, &AppState::default()).unwrap();
        assert!(!back.had_practice);
        assert_eq!(back.state.form, AppState::default().form);
        assert_eq!(back.state.scenario, s.scenario);
    }

    #[test]
    fn the_cite_line_names_version_rules_sets_practice_date_and_link() {
        let s = AppState::default();
        let line = cite(&s, "29 November 2026", "https://example.org/#v=1");
        for part in [
            env!("CARGO_PKG_VERSION"),
            gpsim_engine::rules::RULES_VERSION,
            "2012/13",
            "2013/14",
            "illustrative practice",
            "29 November 2026",
            "https://example.org/#v=1",
        ] {
            assert!(line.contains(part), "{part:?} in {line}");
        }
        let named = edited();
        assert!(cite(&named, "", "").contains("Église & Co"));
    }

    /// A crafted link of many bad edits costs one scenario build, not one a
    /// problem (it once cost one build for every bad edit: 10,000 took 7.8 s).
    #[test]
    fn a_link_builds_its_scenario_once_whatever_its_number_of_edits() {
        let mut link = "v=1&s=2013-14,custom&t=custom&b=2013-14".to_string();
        for i in 0..20_000 {
            link.push_str(&format!("&e.qof.nothing{i}=1"));
        }
        link.push_str("&e.qof.point_value=170");
        let d = from_fragment(&link, &AppState::default()).unwrap();
        let before = crate::model::builds();
        let built = crate::model::build_scenario(&d.state.scenario);
        assert_eq!(crate::model::builds() - before, 1, "one build");
        assert_eq!(built.errors.len(), 20_000, "every bad edit named");
        let rs = built.rules.expect("the good edit stands");
        assert_eq!(
            rs.qof.point_value.value,
            Some(rust_decimal::Decimal::from(170))
        );
    }

    /// An invalid edit on a path that is a prefix of others takes none of
    /// them with it: `e.qof=1` is named, and the £170 point value stands.
    #[test]
    fn an_invalid_edit_on_a_prefix_path_keeps_the_valid_edits_below_it() {
        let d = from_fragment(
            "v=1&s=2013-14,custom&t=custom&b=2013-14&e.qof=1&e.qof.point_value=170",
            &AppState::default(),
        )
        .unwrap();
        let built = crate::model::build_scenario(&d.state.scenario);
        assert_eq!(
            built.errors.keys().collect::<Vec<_>>(),
            ["qof"],
            "{:?}",
            built.errors
        );
        assert_eq!(
            built.rules.unwrap().qof.point_value.value,
            Some(rust_decimal::Decimal::from(170))
        );
    }

    #[test]
    fn a_newer_link_says_so() {
        assert_eq!(
            from_fragment("#v=2&s=2012-13,2013-14&t=2013-14", &AppState::default()),
            Err(LinkError::Newer(2))
        );
    }

    #[test]
    fn damaged_links_say_what_is_wrong_and_never_panic() {
        for (link, words) in [
            ("", "version"),
            ("#s=2012-13", "version"),
            ("#v=x", "not a number"),
            ("#v=0", "never a version"),
            ("#v=1&s=2012-13,1999-00&t=2012-13", "1999-00"),
            ("#v=1&s=2012-13&t=2012-13", "fewer than two"),
            ("#v=1&p.nonsense=1", "nonsense"),
            ("#v=1&e.qof.point_value=%G1", "broken escape"),
            ("#v=1&e.qof.point_value=%FF", "UTF-8"),
            ("#v=1&zzz=1", "zzz"),
            ("#v=1&s=2012-13,2013-14&t=2014-15", "not among"),
            ("#v=1&novalue", "no value"),
            ("#v=1&s=2012-13,2013-14&s=2013-14,2014-15&t=2013-14", "\"s\" more than once"),
            ("#v=1&s=2012-13,2013-14&t=2013-14&t=2012-13", "\"t\" more than once"),
            ("#v=1&s=2013-14,custom&t=custom&b=2013-14&e.qof.point_value=170&e.qof.point_value=1", "more than once"),
            ("#v=1&s=2013-14,2013-14&t=2013-14", "twice"),
        ] {
            match from_fragment(link, &AppState::default()) {
                Err(LinkError::Damaged(why)) => assert!(why.contains(words), "{link}: {why}"),
                other => panic!("{link}: {other:?}"),
            }
        }
    }
}

/// Old links decode for ever: every link in `tests/links/` (one file per
/// format version that ever shipped) opens and produces its pinned totals.
/// Totals move only when the rules data are corrected; re-pin them then, with
/// the reason in the commit, as for the engine's regression cases.
#[cfg(test)]
mod fixtures {
    use super::*;
    use crate::model::{build_scenario, compute};

    #[derive(serde::Deserialize)]
    struct Fixtures {
        link: Vec<Fixture>,
    }

    #[derive(serde::Deserialize)]
    struct Fixture {
        what: String,
        fragment: String,
        /// Rule set id → total in pence, as `123456.78`.
        totals: BTreeMap<String, String>,
    }

    pub(super) fn totals(s: &AppState) -> BTreeMap<String, String> {
        let sc = build_scenario(&s.scenario);
        let c = compute(s, &sc, None, &|| 0.0);
        let cmp = c.comparison.expect("a comparison");
        s.selected
            .iter()
            .zip(cmp.totals())
            .map(|(id, t)| (id.clone(), t.to_pence_string()))
            .collect()
    }

    #[test]
    fn every_link_fixture_decodes_to_its_pinned_totals() {
        let mut n = 0;
        for (version, text) in [(1, include_str!("../tests/links/v1.toml"))] {
            let f: Fixtures = toml::from_str(text).expect("fixtures parse");
            for fx in &f.link {
                let d = from_fragment(&fx.fragment, &AppState::default())
                    .unwrap_or_else(|e| panic!("v{version} {}: {e}", fx.what));
                assert_eq!(totals(&d.state), fx.totals, "v{version} {}", fx.what);
                n += 1;
            }
        }
        assert!(n >= 3, "fixtures for every kind of link");
    }
}
