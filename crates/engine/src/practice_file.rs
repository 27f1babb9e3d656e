//! The practice file: the one format the CLI reads (`gpsim statement
//! --practice FILE`) and the app imports and exports. TOML or JSON, the same
//! fields as [`RawPractice`]. Reading never panics; a file that cannot be
//! read gets a message naming its line (and column, for JSON).

use crate::practice::{RawNumber, RawPractice};
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

/// The line (1-based) that sets the key a message names ("… for key
/// `registers.diabetes`"), if exactly one line sets a key of that name.
fn key_line(text: &str, message: &str) -> Option<usize> {
    let key = message.rsplit_once("for key `")?.1.split('`').next()?;
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

/// Writes a practice file that [`parse`] (and so the CLI) reads back to the
/// same practice.
pub fn write(raw: &RawPractice, format: Format) -> String {
    let mut p = raw.clone();
    for n in [
        &mut p.list_size,
        &mut p.weighted_list,
        &mut p.mpig_correction_factor,
        &mut p.seniority,
        &mut p.pms_baseline,
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
    let body = match format {
        // Serialising plain data with string keys cannot fail; an empty
        // string would be read back as the empty practice, never a panic.
        Format::Json => serde_json::to_string_pretty(&p).unwrap_or_default() + "\n",
        Format::Toml => toml::to_string(&p).unwrap_or_default(),
    };
    match format {
        Format::Json => body,
        Format::Toml => format!(
            "# A practice for GP Contract Simulator: `gpsim statement --practice FILE`\n# reads it, and the app imports it. Money is £ a year; registers are patients.\n\n{body}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

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
    }

    #[test]
    fn the_format_follows_the_name_then_the_text() {
        assert_eq!(Format::guess("a.JSON", "x"), Format::Json);
        assert_eq!(Format::guess("a.toml", "{"), Format::Toml);
        assert_eq!(Format::guess("dropped", " {\"a\":1}"), Format::Json);
        assert_eq!(Format::guess("dropped", "a = 1"), Format::Toml);
    }
}
