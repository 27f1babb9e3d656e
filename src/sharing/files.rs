//! The files a person can download or open: the practice (TOML or JSON, the
//! CLI's format) both ways, and the statement, comparison and waterfall as
//! CSV and the waterfall chart as SVG. Pure: text in and out; `browser`
//! saves and reads the files.

use crate::state::model::Computed;
use crate::views::waterfall::{at, Bars};
use gpsim_engine::practice_file::{self, Format};
use gpsim_engine::tables;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// A file to download: its name, media type and text.
#[derive(Clone, Debug, PartialEq)]
pub struct File {
    pub name: String,
    pub media_type: &'static str,
    pub text: String,
}

/// A file-name stem from a practice name: "Riverside Surgery" → "riverside-surgery".
pub fn stem(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out
        .trim_end_matches('-')
        .chars()
        .take(40)
        .collect::<String>();
    if out.is_empty() {
        "practice".into()
    } else {
        out
    }
}

/// The practice as typed, in the format `gpsim statement --practice` reads.
pub fn practice(form: &crate::state::form::Form, format: Format) -> File {
    File {
        name: format!("{}.{}", stem(&form.name), format.extension()),
        media_type: format.media_type(),
        text: practice_file::write(&form.to_raw(), format),
    }
}

/// The largest file read as a practice: real ones are a few kilobytes.
pub const MAX_PRACTICE_FILE: usize = gpsim_engine::practice_file::MAX_BYTES;

/// A practice file read cleanly, and anything about it the form cannot show.
#[derive(Debug)]
pub struct Imported {
    pub form: crate::state::form::Form,
    pub notes: Vec<String>,
}

/// The worker request that reads a practice file as the CLI would (the
/// worker holds the TOML reader, so the page does not), or why the file is
/// refused before it is sent.
pub fn read_request(name: &str, text: &str) -> Result<String, Vec<String>> {
    if text.len() > MAX_PRACTICE_FILE {
        return Err(vec![format!(
            "{name} is {} bytes: too large to be a practice file (at most {MAX_PRACTICE_FILE})",
            text.len()
        )]);
    }
    Ok(
        serde_json::json!({"id": 0, "kind": "read_practice", "name": name, "text": text})
            .to_string(),
    )
}

/// The worker's answer to [`read_request`]: the practice, or every problem
/// (the file cannot be parsed, or a field is not allowed), naming the line
/// or field. Nothing is loaded on a problem: the caller's scenario stays as
/// it was.
pub fn accept_reply(name: &str, reply: &str) -> Result<Imported, Vec<String>> {
    #[derive(serde::Deserialize)]
    struct Reply {
        ok: bool,
        #[serde(default)]
        error: String,
        raw: Option<gpsim_engine::RawPractice>,
    }
    match serde_json::from_str::<Reply>(reply) {
        Ok(Reply {
            ok: true,
            raw: Some(raw),
            ..
        }) => accept(name, &raw),
        Ok(r) => Err(vec![r.error]),
        Err(e) => Err(vec![format!("{name} could not be read: {e}")]),
    }
}

/// A practice the reader accepted, checked as the CLI checks it.
pub fn accept(name: &str, raw: &gpsim_engine::RawPractice) -> Result<Imported, Vec<String>> {
    let catalog = crate::rules::catalog();
    let practice = gpsim_engine::validate(raw, catalog).map_err(|problems| {
        problems
            .iter()
            .map(|p| format!("{name}: {}: {}", p.field, p.message))
            .collect::<Vec<_>>()
    })?;
    let form = crate::state::form::Form::from_raw(raw);
    // An older file's numbers read as they did then, each said.
    let (_, read_as) = gpsim_engine::practice::upgrade(raw);
    let mut notes: Vec<String> = read_as
        .iter()
        .map(|w| {
            format!(
                "{name}: {}: {}",
                w.field.as_deref().unwrap_or(""),
                w.message
            )
        })
        .collect();
    let via_form = gpsim_engine::validate(&form.to_raw(), catalog).map(|x| x.0);
    if via_form.as_ref() != Ok(&practice.0) {
        notes.push(format!(
            "{name} says which parts of a service the practice achieves; the form records only whether each service is taken up, so the results count every part of a service taken up."
        ));
    }
    Ok(Imported { form, notes })
}

fn csv(name: String, t: &tables::Table) -> File {
    File {
        name,
        media_type: "text/csv",
        text: tables::to_csv(t),
    }
}

/// The comparison of every set shown, line by line.
pub fn comparison_csv(c: &Computed, practice: &str) -> Option<File> {
    let cmp = c.comparison.as_ref()?;
    Some(csv(
        format!("{}-comparison.csv", stem(practice)),
        &tables::comparison(cmp),
    ))
}

/// One set's statement: the one the waterfall looks at.
pub fn statement_csv(c: &Computed, practice: &str) -> Option<File> {
    let cmp = c.comparison.as_ref()?;
    let to = &c.waterfall.as_ref()?.to;
    let st = cmp.statements.iter().find(|s| s.rules == *to)?;
    Some(csv(
        format!("{}-statement-{}.csv", stem(practice), st.rules),
        &tables::statement(st),
    ))
}

pub fn waterfall_csv(c: &Computed, practice: &str) -> Option<File> {
    let w = c.waterfall.as_ref()?;
    Some(csv(
        format!("{}-waterfall.csv", stem(practice)),
        &tables::waterfall(w, &c.set_name(&w.from), &c.set_name(&w.to)),
    ))
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The waterfall chart as a standalone SVG: the page's bars, with labels and
/// amounts, colours as attributes so it needs no stylesheet.
pub fn waterfall_svg(c: &Computed, practice: &str) -> Option<File> {
    let w = c.waterfall.as_ref()?;
    let (from, to) = (c.set_name(&w.from), c.set_name(&w.to));
    let Bars { bars, lo, hi, .. } = Bars::of(w);
    const WIDTH: f64 = 760.0;
    const LABEL: f64 = 300.0;
    const CHART: f64 = 340.0;
    const ROW: f64 = 30.0;
    const TOP: f64 = 64.0;
    let x = |v: Decimal| LABEL + at(v, lo, hi).to_f64().unwrap_or(0.0) / 100.0 * CHART;
    let rows = bars.len() + 1;
    let height = TOP + ROW * rows as f64 + 24.0;
    let title = format!(
        "{}: where the money moved from {from} to {to}",
        if practice.trim().is_empty() {
            "Illustrative practice"
        } else {
            practice.trim()
        }
    );
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" font-family=\"Arial, Helvetica, sans-serif\" font-size=\"13\" role=\"img\" aria-labelledby=\"t\">\n<title id=\"t\">{}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n<text x=\"8\" y=\"22\" font-size=\"15\" font-weight=\"bold\" fill=\"#0b0c0c\">{}</text>\n<text x=\"8\" y=\"42\" fill=\"#505a5f\">{} ({}) to {} ({}), £ a year. GP Contract Simulator.</text>\n",
        xml(&title),
        xml(&title),
        xml(&from),
        w.from_total.display_pounds(),
        xml(&to),
        w.to_total.display_pounds(),
    );
    let zero = x(Decimal::ZERO);
    let mut row = |i: usize,
                   label: &str,
                   a: Decimal,
                   b: Decimal,
                   amount: gpsim_engine::Money,
                   bold: bool| {
        let y = TOP + ROW * i as f64;
        let (x0, x1) = (x(a.min(b)), x(a.max(b)));
        let colour = if amount.0 >= Decimal::ZERO {
            "#00703c"
        } else {
            "#d4351c"
        };
        out.push_str(&format!(
            "<text x=\"8\" y=\"{:.1}\"{}>{}</text>\n<rect x=\"{x0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{colour}\"/>\n<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\"{}>{}</text>\n",
            y + 19.0,
            if bold { " font-weight=\"bold\"" } else { "" },
            xml(label),
            y + 6.0,
            (x1 - x0).max(1.0),
            ROW - 12.0,
            WIDTH - 8.0,
            y + 19.0,
            if bold { " font-weight=\"bold\"" } else { "" },
            xml(&amount.display_change()),
        ));
    };
    for (i, (_, label, a, b, amount)) in bars.iter().enumerate() {
        row(i, label, *a, *b, *amount, false);
    }
    row(
        bars.len(),
        "Total change",
        Decimal::ZERO,
        w.total_change.0,
        w.total_change,
        true,
    );
    out.push_str(&format!(
        "<line x1=\"{zero:.1}\" y1=\"{TOP}\" x2=\"{zero:.1}\" y2=\"{:.1}\" stroke=\"#0b0c0c\" stroke-width=\"1\"/>\n</svg>\n",
        TOP + ROW * rows as f64
    ));
    Some(File {
        name: format!("{}-waterfall.svg", stem(practice)),
        media_type: "image/svg+xml",
        text: out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::model::{build_scenario, compute};
    use crate::state::AppState;

    fn computed() -> Computed {
        let s = AppState::default();
        compute(&s, &build_scenario(&s.scenario), None, &|| 0.0)
    }

    #[test]
    fn file_names_come_from_the_practice_name() {
        assert_eq!(
            stem("  Riverside Surgery (Main) "),
            "riverside-surgery-main"
        );
        assert_eq!(stem("★"), "practice");
    }

    #[test]
    fn the_csv_totals_are_the_page_s_totals() {
        let c = computed();
        let f = comparison_csv(&c, "Average").unwrap();
        let totals: Vec<String> = c
            .comparison
            .as_ref()
            .unwrap()
            .totals()
            .iter()
            .map(|m| m.to_pence_string())
            .collect();
        let last = f.text.lines().last().unwrap();
        assert!(
            last.starts_with(&format!("total,Total,total,{}", totals.join(","))),
            "{last}"
        );
        assert!(f
            .text
            .starts_with("id,label,kind,2012-13,2013-14,change_2013-14"));
        let s = statement_csv(&c, "Average").unwrap();
        assert!(s.name.ends_with("statement-2013-14.csv"));
        assert!(s.text.contains(&totals[1]));
    }

    #[test]
    fn the_svg_names_both_sets_and_draws_every_moving_step() {
        let c = computed();
        let svg = waterfall_svg(&c, "A & B").unwrap();
        let w = c.waterfall.as_ref().unwrap();
        let bars = Bars::of(w).bars.len();
        assert_eq!(
            svg.text.matches("<rect ").count(),
            bars + 2,
            "background, bars, total"
        );
        assert!(svg.text.contains("A &amp; B"));
        assert!(svg.text.contains(&w.total_change.display_change()));
        assert!(svg.text.starts_with("<svg xmlns="));
    }

    /// The page's path: the request, the worker's answer, the check.
    fn read_practice(name: &str, text: &str) -> Result<Imported, Vec<String>> {
        let request = read_request(name, text)?;
        let reply = crate::national::handle(&mut Default::default(), &request);
        accept_reply(name, &reply)
    }

    #[test]
    fn a_bad_file_names_its_line_or_field_and_loads_nothing() {
        let e = read_practice("p.toml", "list_size = \"lots\"\n").unwrap_err();
        assert!(e[0].starts_with("p.toml: list_size: "), "{e:?}");
        let e = read_practice("p.json", "{\"list_size\": 7000,}").unwrap_err();
        assert!(e[0].starts_with("p.json: line 1, column "), "{e:?}");
        let big = "#".repeat(MAX_PRACTICE_FILE + 1);
        assert!(read_practice("p.toml", &big).unwrap_err()[0].contains("too large"));
    }

    #[test]
    fn service_parts_the_form_cannot_show_are_said() {
        let text = "list_size = 7000\n[services]\nonline_access = { taken_up = true, components = { passwords = false } }\n";
        let i = read_practice("p.toml", text).expect("valid");
        assert_eq!(i.notes.len(), 1, "{:?}", i.notes);
        assert!(read_practice("p.toml", "list_size = 7000\n")
            .unwrap()
            .notes
            .is_empty());
    }

    #[test]
    fn the_practice_file_reads_back_as_the_same_practice() {
        let s = AppState::default();
        for f in [Format::Toml, Format::Json] {
            let file = practice(&s.form, f);
            let back = practice_file::parse(&file.name, &file.text).unwrap();
            assert_eq!(crate::state::form::Form::from_raw(&back), s.form);
        }
    }
}
