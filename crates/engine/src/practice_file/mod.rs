//! The practice file: the one format the CLI reads (`gpsim statement
//! --practice FILE`) and the app imports and exports. TOML or JSON, the same
//! fields as [`RawPractice`]. Reading never panics; a file that cannot be
//! read gets a message naming its line (and column, for JSON).

mod scan;
use crate::practice::{
    RawAchievement, RawAchievementTable, RawBool, RawNumber, RawNumberOnly, RawPractice, RawUptake,
};
use std::fmt::Write;
use std::path::Path;

/// The two spellings of a practice file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
}

impl Format {
    /// The format a file name says (its extension), else the one its text
    /// looks like: JSON starts with `{`.
    pub fn guess(name: &str, text: &str) -> Format {
        let ext = Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if ext == "json" || (ext != "toml" && text.trim_start().starts_with('{')) {
            Format::Json
        } else {
            Format::Toml
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Toml => "toml",
            Format::Json => "json",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Toml => "application/toml",
            Format::Json => "application/json",
        }
    }
}

/// Reads a practice file. `name` is used for the format and in messages:
/// "practice.toml: line 3: invalid type: …".
pub fn parse(name: &str, text: &str) -> Result<RawPractice, String> {
    if text.len() > MAX_BYTES {
        return Err(format!(
            "{name} is {} bytes, more than the {MAX_BYTES} a practice file may be (a real one is a few kilobytes)",
            text.len()
        ));
    }
    if let Some(line) = too_deep(text) {
        return Err(format!(
            "{name}: line {line}: brackets nested more than {MAX_DEPTH} deep; a practice file needs at most 3"
        ));
    }
    if let Some((line, number)) = scan::scan(text).inexact {
        return Err(format!(
            "{name}: line {line}: the number {number} has more digits than a practice file can hold exactly (about 15); put it in quotes to have it read as typed"
        ));
    }
    match Format::guess(name, text) {
        Format::Json => serde_json::from_str(text).map_err(|e| {
            format!(
                "{name}: line {}, column {}: {}",
                e.line(),
                e.column(),
                clean(&e.to_string())
            )
        }),
        Format::Toml => toml::from_str(text).map_err(|e| {
            let message = clean(&e.to_string());
            // A value of the wrong type is reported at its table's line;
            // the line that sets the key named in the message is better.
            let line = key_line(text, &message).or_else(|| e.line_col().map(|(line, _)| line + 1));
            let place = line.map(|l| format!("line {l}: ")).unwrap_or_default();
            format!("{name}: {place}{message}")
        }),
    }
}

/// The deepest nesting of brackets a practice file may have. Its real
/// depth is 3 (a table, an inline table, a list); the readers recurse once
/// per level, so a file of thousands of `[` would exhaust the stack (the
/// browser worker's is 1 MB) before they could say it is wrong.
const MAX_DEPTH: usize = 32;

/// The largest practice file read: real ones are a few kilobytes.
pub const MAX_BYTES: usize = 1_000_000;

/// The line where brackets (`[`, `{`) first nest deeper than [`MAX_DEPTH`],
/// outside strings and comments, if they do.
fn too_deep(text: &str) -> Option<usize> {
    scan::scan(text).too_deep
}

/// The line (1-based) that sets the key a message names ("… for key
/// `registers.diabetes`"), if exactly one line sets a key of that name.
fn key_line(text: &str, message: &str) -> Option<usize> {
    // "… for key `registers.diabetes`" (a wrong type) or "unknown field
    // `lst_size`, expected …" (a misspelt key, which the reader reports at
    // the top of its table).
    let key = message
        .rsplit_once("for key `")
        .or_else(|| message.split_once("unknown field `"))?
        .1
        .split('`')
        .next()?;
    let last = key.rsplit('.').next()?;
    let mut found = text.lines().enumerate().filter(|(_, l)| {
        l.trim_start()
            .strip_prefix(last)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
    });
    let (i, _) = found.next()?;
    found.next().is_none().then_some(i + 1)
}

/// Drops serde's "at line x column y" tail, which the message already gives.
fn clean(s: &str) -> String {
    match s.find(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s.to_string(),
    }
}

/// A number typed as plain whole digits ("7200") is written as a number;
/// anything else ("6,911", "£18,500.50", "lots") is written exactly as typed,
/// so reading the file back gives the same practice, problems included.
fn tidy(n: &RawNumber) -> RawNumber {
    match n {
        RawNumber::Text(t) => match t.trim().parse::<i64>() {
            Ok(i) if i.to_string() == t.trim() => RawNumber::Int(i),
            _ => n.clone(),
        },
        other => other.clone(),
    }
}

/// The practice as the file writes it: plain whole digits typed as text
/// ("7200") become numbers; everything else is kept exactly as given.
pub fn tidied(raw: &RawPractice) -> RawPractice {
    let mut p = raw.clone();
    p.format = Some(crate::practice::FORMAT);
    for n in [
        &mut p.list_size,
        &mut p.weighted_list,
        &mut p.mpig_correction_factor,
        &mut p.seniority,
        &mut p.pms_baseline,
        &mut p.pms_premium_reduction,
        &mut p.last_year_points,
    ]
    .into_iter()
    .flatten()
    {
        *n = tidy(n);
    }
    for v in p.registers.values_mut().chain(p.activity.values_mut()) {
        *v = tidy(v);
    }
    p
}

/// Writes a practice file that [`parse`] (and so the CLI) reads back to
/// exactly [`tidied`] `raw`.
pub fn write(raw: &RawPractice, format: Format) -> String {
    let p = tidied(raw);
    let body = match format {
        // Serialising plain data with string keys cannot fail; an empty
        // string would be read back as the empty practice, never a panic.
        Format::Json => serde_json::to_string_pretty(&p).unwrap_or_default() + "\n",
        Format::Toml => toml_text(&p),
    };
    match format {
        Format::Json => body,
        Format::Toml => format!(
            "# A practice for GP Contract Simulator: `gpsim statement --practice FILE`\n# reads it, and the app imports it. Money is £ a year; registers are patients.\n\n{body}"
        ),
    }
}

/// The practice as TOML, written here rather than by a serialiser so that
/// the browser, which writes practice files, carries no TOML library (it
/// reads TOML files in a worker). Scalars first, in the practice's field
/// order; then one table each for registers, achievement, services and
/// activity, whose nested values are inline tables. An absent value is left
/// out, as TOML has no null.
fn toml_text(p: &RawPractice) -> String {
    let mut out = String::new();
    let text = |v: &Option<String>| v.as_deref().map(toml_string);
    let scalars = [
        ("format", p.format.map(|f| f.to_string())),
        ("name", text(&p.name)),
        ("list_size", p.list_size.as_ref().map(number)),
        ("weighted_list", p.weighted_list.as_ref().map(number)),
        ("contract", text(&p.contract)),
        ("ooh_opted_out", p.ooh_opted_out.as_ref().map(flag)),
        (
            "mpig_correction_factor",
            p.mpig_correction_factor.as_ref().map(number),
        ),
        ("seniority", p.seniority.as_ref().map(number)),
        ("pms_baseline", p.pms_baseline.as_ref().map(number)),
        (
            "pms_premium_reduction",
            p.pms_premium_reduction.as_ref().map(number),
        ),
        ("default_achievement", text(&p.default_achievement)),
        ("last_year_points", p.last_year_points.as_ref().map(number)),
    ];
    for (key, value) in scalars {
        if let Some(v) = value {
            let _ = writeln!(out, "{key} = {v}");
        }
    }
    let registers = p.registers.iter().map(|(k, v)| (k, number(v)));
    table(&mut out, "registers", registers);
    let achievement = p.achievement.iter().map(|(k, v)| (k, achieved(v)));
    table(&mut out, "achievement", achievement);
    let services = p.services.iter().map(|(k, v)| {
        let v = match v {
            RawUptake::Bool(b) => b.to_string(),
            RawUptake::Table(t) => {
                let parts = t.components.iter().map(|(k, v)| (toml_key(k), flag(v)));
                let components = (!t.components.is_empty()).then(|| inline(parts));
                inline(
                    [
                        ("taken_up".to_string(), t.taken_up.as_ref().map(flag)),
                        ("components".to_string(), components),
                    ]
                    .into_iter()
                    .filter_map(|(k, v)| Some((k, v?))),
                )
            }
        };
        (k, v)
    });
    table(&mut out, "services", services);
    let activity = p.activity.iter().map(|(k, v)| (k, number(v)));
    table(&mut out, "activity", activity);
    out
}

fn table<'a>(out: &mut String, name: &str, rows: impl Iterator<Item = (&'a String, String)>) {
    let mut rows = rows.peekable();
    if rows.peek().is_none() {
        return;
    }
    let _ = writeln!(out, "\n[{name}]");
    for (k, v) in rows {
        let _ = writeln!(out, "{} = {v}", toml_key(k));
    }
}

fn inline(parts: impl Iterator<Item = (String, String)>) -> String {
    let parts: Vec<String> = parts.map(|(k, v)| format!("{k} = {v}")).collect();
    format!("{{ {} }}", parts.join(", "))
}

fn achieved(a: &RawAchievement) -> String {
    match a {
        RawAchievement::Bool(b) => b.to_string(),
        RawAchievement::Number(RawNumberOnly::Int(i)) => i.to_string(),
        RawAchievement::Number(RawNumberOnly::Float(f)) => float(*f),
        RawAchievement::Number(RawNumberOnly::Text(t)) => toml_string(t),
        RawAchievement::Table(RawAchievementTable {
            percent,
            numerator,
            denominator,
            met,
        }) => inline(
            [
                ("percent", percent.as_ref().map(number)),
                ("numerator", numerator.as_ref().map(number)),
                ("denominator", denominator.as_ref().map(number)),
                ("met", met.as_ref().map(flag)),
            ]
            .into_iter()
            .filter_map(|(k, v)| Some((k.to_string(), v?))),
        ),
    }
}

fn number(n: &RawNumber) -> String {
    match n {
        RawNumber::Int(i) => i.to_string(),
        RawNumber::Float(f) => float(*f),
        RawNumber::Text(t) => toml_string(t),
    }
}

fn flag(b: &RawBool) -> String {
    match b {
        RawBool::Bool(b) => b.to_string(),
        RawBool::Text(t) => toml_string(t),
    }
}

/// A TOML float: always with a point or an exponent, so it reads back as a
/// float; `nan` and `inf` are TOML's own spellings.
fn float(f: f64) -> String {
    if f.is_nan() {
        "nan".into()
    } else if f.is_infinite() {
        if f > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        let s = format!("{f:?}");
        if s.contains(['.', 'e', 'E']) {
            s
        } else {
            format!("{s}.0")
        }
    }
}

/// A key: bare when TOML allows it, else quoted.
fn toml_key(k: &str) -> String {
    let bare = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        k.to_string()
    } else {
        toml_string(k)
    }
}

/// A TOML basic string, every control character escaped.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    #[test]
    fn awkward_names_keys_and_numbers_read_back_as_written() {
        let mut raw = RawPractice {
            name: Some("The \"Old\" Surgery \\ Annexe\n\t\u{7f}\u{1} — Zoë".into()),
            list_size: Some(RawNumber::Float(7200.0)),
            weighted_list: Some(RawNumber::Float(1.5e300)),
            seniority: Some(RawNumber::Float(-0.25)),
            ooh_opted_out: Some(RawBool::Text("yes".into())),
            ..Default::default()
        };
        raw.registers
            .insert("odd key.with \"dots\"".into(), RawNumber::Int(-3));
        raw.registers
            .insert(String::new(), RawNumber::Text("12%".into()));
        raw.achievement
            .insert("DM1".into(), RawAchievement::Bool(false));
        raw.achievement.insert(
            "DM2".into(),
            RawAchievement::Number(RawNumberOnly::Float(87.5)),
        );
        raw.achievement.insert(
            "DM3".into(),
            RawAchievement::Number(RawNumberOnly::Text("120/140".into())),
        );
        raw.achievement.insert(
            "DM4".into(),
            RawAchievement::Table(RawAchievementTable {
                numerator: Some(RawNumber::Int(120)),
                denominator: Some(RawNumber::Int(140)),
                ..Default::default()
            }),
        );
        raw.services
            .insert("dementia".into(), RawUptake::Bool(true));
        let mut components = std::collections::BTreeMap::new();
        components.insert("a b".into(), RawBool::Bool(false));
        raw.services.insert(
            "frail".into(),
            RawUptake::Table(crate::practice::RawUptakeTable {
                taken_up: Some(RawBool::Bool(true)),
                components,
            }),
        );
        raw.activity
            .insert("checks".into(), RawNumber::Float(f64::INFINITY));
        raw.format = Some(crate::practice::FORMAT);
        let text = write(&raw, Format::Toml);
        let back = parse("p.toml", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(back, raw, "{text}");
        let nan = RawPractice {
            list_size: Some(RawNumber::Float(f64::NAN)),
            ..Default::default()
        };
        let back = parse("p.toml", &write(&nan, Format::Toml)).unwrap();
        assert!(matches!(back.list_size, Some(RawNumber::Float(f)) if f.is_nan()));
    }

    #[test]
    fn every_preset_round_trips_through_both_formats() {
        for p in presets::builtin() {
            for f in [Format::Toml, Format::Json] {
                let text = write(&p.practice, f);
                let back = parse(&format!("x.{}", f.extension()), &text)
                    .unwrap_or_else(|e| panic!("{} {f:?}: {e}\n{text}", p.id));
                let c = crate::Catalog::builtin();
                assert_eq!(
                    crate::validate(&back, c).map(|x| x.0),
                    crate::validate(&p.practice, c).map(|x| x.0),
                    "{} {f:?}",
                    p.id
                );
            }
        }
    }

    #[test]
    fn typed_text_survives_and_plain_digits_become_numbers() {
        let raw = RawPractice {
            list_size: Some(RawNumber::Text("7200".into())),
            seniority: Some(RawNumber::Text("£21,000".into())),
            weighted_list: Some(RawNumber::Text("lots".into())),
            ..Default::default()
        };
        let text = write(&raw, Format::Toml);
        assert!(text.contains("list_size = 7200"), "{text}");
        assert!(text.contains("seniority = \"£21,000\""), "{text}");
        let back = parse("p.toml", &text).unwrap();
        assert_eq!(back.weighted_list, Some(RawNumber::Text("lots".into())));
    }

    #[test]
    fn a_bad_file_is_named_with_its_line() {
        let e = parse("p.toml", "name = \"A\"\nlist_size = [1]\n").unwrap_err();
        assert!(e.starts_with("p.toml: line 2: "), "{e}");
        let e = parse("p.json", "{\n  \"lsit_size\": 3\n}").unwrap_err();
        assert!(e.starts_with("p.json: line 2, column "), "{e}");
        assert!(e.contains("lsit_size"), "{e}");
        // A misspelt key is named at its own line, not the table's first.
        let e = parse(
            "p.toml",
            "name = \"A\"\nlist_size = 5000\n\n\nlst_size = 3\n",
        )
        .unwrap_err();
        assert!(
            e.starts_with("p.toml: line 5: unknown field `lst_size`"),
            "{e}"
        );
    }

    #[test]
    fn a_number_the_reader_would_change_is_refused_as_written() {
        for (text, shown) in [
            (
                "{\"list_size\": 12345678901234567890123456789012}",
                "12345678901234567890123456789012",
            ),
            (
                "list_size = 7000\nseniority = 1234567.123456789012345",
                "1234567.123456789012345",
            ),
        ] {
            let e = parse("p", text).unwrap_err();
            assert!(e.contains(shown) && e.contains("quotes"), "{e}");
        }
        for fine in [
            "{\"list_size\": 9007199254740993, \"seniority\": 0.30000000000000004}",
            "list_size = 7200.0\nweighted_list = 1.5e300\nname = \"12345678901234567890123456789012\"",
            "# 12345678901234567890123456789012\nlist_size = 6911",
            // A bare key of 65 digits and a letter is a key, not a number.
            "list_size = 6911\n[registers]\n25555555555555555555555555555555555555555555555555550043064666885x = 1",
            // A bare key of digits alone is a key too, at any length.
            "list_size = 6911\n[registers]\n555555555555555555555555555555555555555555555555 = 80\n[achievement]\nx = { numerator = 1, denominator = 2 }",
        ] {
            assert!(parse("p", fine).is_ok(), "{fine}");
        }
    }

    #[test]
    fn an_older_file_reads_a_decimal_comma_as_it_did_and_says_so() {
        let old = parse("p.toml", "list_size = \"6,91\"").unwrap();
        let (p, warnings) = crate::validate(&old, crate::Catalog::builtin()).unwrap();
        assert_eq!(p.list_size.0, rust_decimal::Decimal::from(691));
        assert!(
            warnings
                .iter()
                .any(|w| w.message.contains("\"6,91\" was read as 691")),
            "{warnings:?}"
        );
        let new = parse("p.toml", "format = 2\nlist_size = \"6,91\"").unwrap();
        let e = crate::validate(&new, crate::Catalog::builtin()).unwrap_err();
        assert!(
            e.iter()
                .any(|p| p.field == "list_size" && p.message.contains("decimal")),
            "{e:?}"
        );
    }

    #[test]
    fn a_file_over_a_megabyte_is_refused_naming_the_limit() {
        let big = format!("list_size = 7000\n{}", "# padding\n".repeat(MAX_BYTES / 10));
        let e = parse("big.toml", &big).unwrap_err();
        assert!(e.contains("1000000") && e.contains("big.toml"), "{e}");
    }

    #[test]
    fn brackets_nested_thousands_deep_are_refused_before_parsing() {
        for (name, text) in [
            (
                "deep.toml",
                format!("list_size = 7000\n\"DM 1\" = {}", "[".repeat(5000)),
            ),
            (
                "deep.json",
                format!("{{\"achievement\": {}", "[".repeat(5000)),
            ),
        ] {
            let e = parse(name, &text).unwrap_err();
            assert!(e.contains("nested more than 32 deep"), "{e}");
        }
        let e = parse("deep.toml", &format!("a = 1\n\nb = {}", "{".repeat(40))).unwrap_err();
        assert!(e.starts_with("deep.toml: line 3: "), "{e}");
        // Brackets in strings and comments do not count.
        let ok = format!(
            "name = \"{}\" # {}\nlist_size = 7000\n",
            "[".repeat(100),
            "{".repeat(100)
        );
        assert!(parse("p.toml", &ok).is_ok());
    }

    #[test]
    fn the_format_follows_the_name_then_the_text() {
        assert_eq!(Format::guess("a.JSON", "x"), Format::Json);
        assert_eq!(Format::guess("a.toml", "{"), Format::Toml);
        assert_eq!(Format::guess("dropped", " {\"a\":1}"), Format::Json);
        assert_eq!(Format::guess("dropped", "a = 1"), Format::Toml);
    }
}
