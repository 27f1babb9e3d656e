//! Reading practices from files: one practice from TOML or JSON, many from
//! CSV (our own columns, or the HSCIC "NHS Payments to General Practice"
//! practice-level file). Every failure names the file, line or field.

use gpsim_engine::practice::{RawNumber, RawPractice};
use std::collections::BTreeMap;

/// Splits one `--set PATH=VALUE` edit into the path (trimmed) and the
/// value as typed. The value is read later, in the figure's unit as it is
/// shown (`Catalog::scenario_typed`): a share as its percentage, so
/// `funding.ooh_deduction=5` is 5%.
pub fn parse_set(s: &str) -> Result<(String, String), String> {
    let (path, value) = s
        .split_once('=')
        .ok_or_else(|| format!("--set {s:?}: write PATH=VALUE, like qof.point_value=160"))?;
    Ok((path.trim().to_string(), value.to_string()))
}

/// Reads one practice file, TOML or JSON by extension (or by first character).
pub fn read_practice(path: &str) -> Result<RawPractice, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    parse_practice(path, &text)
}

/// Reads a practice file's text: the engine's one reader, shared with the app.
pub fn parse_practice(path: &str, text: &str) -> Result<RawPractice, String> {
    gpsim_engine::practice_file::parse(path, text)
}

/// One practice read from a CSV row, with its identifier.
pub struct Row {
    pub id: String,
    pub line: u64,
    pub practice: RawPractice,
    /// Why the row is not run, where its record is not a practice's year.
    pub left_out: Option<String>,
}

const HSCIC_CODE: &str = "Practice Code";

fn norm(h: &str) -> String {
    h.trim().trim_start_matches('\u{feff}').to_string()
}

/// Reads a CSV of practices. Columns are matched by name, so their order
/// does not matter.
pub fn read_practices(path: &str) -> Result<Vec<Row>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    parse_practices(path, file)
}

/// The most a practice CSV may hold: England has about 8,000 practices,
/// and the HSCIC payments file is 2.6 MB.
pub const MAX_CSV_BYTES: u64 = 100_000_000;
pub const MAX_CSV_ROWS: usize = 100_000;

/// Reads a CSV of practices from any reader; `path` names it in messages.
pub fn parse_practices(path: &str, input: impl std::io::Read) -> Result<Vec<Row>, String> {
    // One byte past the limit is read, so a longer file is known to be one.
    let mut input = std::io::Read::take(input, MAX_CSV_BYTES + 1);
    let mut text = Vec::new();
    std::io::Read::read_to_end(&mut input, &mut text)
        .map_err(|e| format!("cannot read {path}: {e}"))?;
    if text.len() as u64 > MAX_CSV_BYTES {
        return Err(format!(
            "{path} is more than {MAX_CSV_BYTES} bytes, the most a practice CSV may be"
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(&text[..]);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("{path}: header: {e}"))?
        .iter()
        .map(norm)
        .collect();
    let hscic = headers.iter().any(|h| h.eq_ignore_ascii_case(HSCIC_CODE));
    if !hscic {
        check_columns(path, &headers)?;
    }
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        if i == MAX_CSV_ROWS {
            return Err(format!(
                "{path} has more than {MAX_CSV_ROWS} practices, the most a CSV may hold"
            ));
        }
        let line = i as u64 + 2;
        let rec = rec.map_err(|e| format!("{path}: line {line}: {e}"))?;
        let fields = Fields {
            headers: &headers,
            rec: &rec,
        };
        let row = if hscic {
            hscic_row(&fields, line)?
        } else {
            own_row(&fields, line)?
        };
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(if headers.iter().all(|h| h.is_empty()) {
            format!("{path}: the file is empty: a header row and a row a practice are needed")
        } else {
            format!("{path}: the file has a header but no practices")
        });
    }
    Ok(rows)
}

/// Our own CSV's columns: each known, once. A misspelt column
/// (`lst_size`, `register.diabtes`) would otherwise be read as nothing, and
/// its figures silently replaced by defaults.
fn check_columns(path: &str, headers: &[String]) -> Result<(), String> {
    let c = gpsim_engine::Catalog::builtin();
    let mut known: Vec<String> = OWN_COLUMNS.iter().map(|s| s.to_string()).collect();
    known.extend(c.registers.iter().map(|r| format!("register.{}", r.id)));
    known.extend(c.activities.iter().map(|a| format!("activity.{}", a.id)));
    let mut problems = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        if headers[..i].iter().any(|x| x == h) {
            problems.push(format!("column {:?} appears more than once", cut(h)));
        } else if !known.iter().any(|k| k == h) {
            let nearest = known
                .iter()
                .min_by_key(|k| distance(k, h))
                .filter(|k| distance(k, h) <= 3)
                .map(|k| format!(" (did you mean {k:?}?)"))
                .unwrap_or_default();
            problems.push(format!(
                "column {:?} is not one this reader knows{nearest}",
                cut(h)
            ));
        }
    }
    match problems.len() {
        0 => Ok(()),
        n => {
            let shown: Vec<String> = problems.iter().take(20).cloned().collect();
            let more = if n > 20 {
                format!("; and {} more", n - 20)
            } else {
                String::new()
            };
            Err(format!(
                "{path}: header: {}{more}. Known columns: {}",
                shown.join("; "),
                known.join(", ")
            ))
        }
    }
}

/// The columns of our own CSV besides `register.<id>` and `activity.<id>`.
const OWN_COLUMNS: [&str; 12] = [
    "id",
    "name",
    "list_size",
    "weighted_list",
    "contract",
    "ooh_opted_out",
    "mpig_correction_factor",
    "seniority",
    "pms_baseline",
    "pms_premium_reduction",
    "default_achievement",
    "last_year_points",
];

/// At most 40 characters of `s`, for messages.
fn cut(s: &str) -> String {
    s.chars().take(40).collect()
}

/// Edit distance (insertions, deletions, substitutions), for suggesting the
/// column meant; names longer than 64 characters are not compared.
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() > 64 || b.len() > 64 {
        return usize::MAX;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// One CSV record, read by column name.
struct Fields<'a> {
    headers: &'a [String],
    rec: &'a csv::StringRecord,
}

impl<'a> Fields<'a> {
    /// The trimmed value of a named column; empty cells and "-" count as absent.
    fn get(&self, name: &str) -> Option<&'a str> {
        let c = self
            .headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))?;
        self.rec
            .get(c)
            .map(str::trim)
            .filter(|s| !s.is_empty() && *s != "-")
    }
}

fn text(s: &str) -> RawNumber {
    RawNumber::Text(s.to_string())
}

/// Our own CSV: `id` (or `name`), `list_size`, `weighted_list`, `contract`,
/// `ooh_opted_out`, `mpig_correction_factor`, `seniority`, `pms_baseline`,
/// `pms_premium_reduction`,
/// `default_achievement`, `last_year_points`, `register.<id>`, `activity.<id>`.
fn own_row(f: &Fields, line: u64) -> Result<Row, String> {
    let get = |name: &str| f.get(name);
    let mut p = RawPractice {
        // A CSV is typed now: its numbers are read by today's rule.
        format: Some(gpsim_engine::practice::FORMAT),
        name: get("name").map(str::to_string),
        list_size: get("list_size").map(text),
        weighted_list: get("weighted_list").map(text),
        contract: get("contract").map(str::to_string),
        ooh_opted_out: get("ooh_opted_out")
            .map(|s| gpsim_engine::practice::RawBool::Text(s.to_string())),
        mpig_correction_factor: get("mpig_correction_factor").map(text),
        seniority: get("seniority").map(text),
        pms_baseline: get("pms_baseline").map(text),
        pms_premium_reduction: get("pms_premium_reduction").map(text),
        default_achievement: get("default_achievement").map(str::to_string),
        last_year_points: get("last_year_points").map(text),
        ..Default::default()
    };
    let mut registers = BTreeMap::new();
    let mut activity = BTreeMap::new();
    for (c, h) in f.headers.iter().enumerate() {
        let v = f.rec.get(c).map(str::trim).unwrap_or("");
        if v.is_empty() {
            continue;
        }
        if let Some(r) = h.strip_prefix("register.") {
            registers.insert(r.to_string(), text(v));
        } else if let Some(a) = h.strip_prefix("activity.") {
            activity.insert(a.to_string(), text(v));
        }
    }
    p.registers = registers;
    p.activity = activity;
    let id = get("id")
        .or(get("name"))
        .map(str::to_string)
        .unwrap_or_else(|| format!("line {line}"));
    Ok(Row {
        id,
        line,
        practice: p,
        left_out: None,
    })
}

/// The HSCIC 2014/15 practice-level payments file, read as the national
/// population is (`population::payments_file`): the 2013/14 MPIG factor or
/// PMS/APMS contract value recovered from the cash, services taken up and
/// activity paid per item from what was paid. A row whose payments are not
/// a year of core contract income is left out with the reason.
fn hscic_row(f: &Fields, line: u64) -> Result<Row, String> {
    let get = |name: &str| f.get(name).map(str::to_string);
    let code = f.get(HSCIC_CODE).unwrap_or("?").to_string();
    let member = gpsim_engine::population::payments_file::member(&get)
        .map_err(|e| format!("line {line} ({code}): {e}"))?;
    let pop = gpsim_engine::population::Population::for_payments_file();
    let (practice, left_out) = match pop.modelled(gpsim_engine::Catalog::builtin(), &member) {
        Ok(m) => (m.raw, None),
        Err(why) => (
            RawPractice {
                name: Some(member.name.clone()),
                ..Default::default()
            },
            Some(why),
        ),
    };
    Ok(Row {
        id: code,
        line,
        practice,
        left_out: left_out.map(|r| r.reason),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// A CSV's cost has a limit: rows past the 100,000th, or bytes past
    /// 100 MB, are refused naming the limit, not read.
    #[test]
    fn a_csv_beyond_its_limits_is_refused_naming_them() {
        let mut many = String::from("id,list_size\n");
        for i in 0..=MAX_CSV_ROWS {
            many.push_str(&format!("P{i},7000\n"));
        }
        let err = parse_practices("many.csv", many.as_bytes()).err().unwrap();
        assert!(err.contains("more than 100000 practices"), "{err}");
        let endless = std::io::repeat(b'x').take(MAX_CSV_BYTES + 10);
        let err = parse_practices("junk.csv", endless).err().unwrap();
        assert!(err.contains("more than 100000000 bytes"), "{err}");
    }

    #[test]
    fn toml_errors_name_the_line() {
        let err = parse_practice("x.toml", "list_size = 6911\nweighted_list = [\n").unwrap_err();
        assert!(err.starts_with("x.toml: line"), "{err}");
    }

    #[test]
    fn json_errors_name_line_and_column() {
        let err = parse_practice("x.json", "{\"list_size\": 6911,\n \"oops\": 1}").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        assert!(err.contains("oops"), "{err}");
    }

    #[test]
    fn unknown_misspelt_and_repeated_columns_are_refused_with_the_nearest_name() {
        let err = parse_practices("p.csv", "id,lst_size\nA,100\n".as_bytes())
            .err()
            .unwrap();
        assert!(
            err.contains("\"lst_size\"") && err.contains("did you mean \"list_size\""),
            "{err}"
        );
        let err = parse_practices(
            "p.csv",
            "id,list_size,register.diabtes\nA,100,5\n".as_bytes(),
        )
        .err()
        .unwrap();
        assert!(err.contains("did you mean \"register.diabetes\""), "{err}");
        let err = parse_practices("p.csv", "id,list_size,list_size\nA,100,200\n".as_bytes())
            .err()
            .unwrap();
        assert!(
            err.contains("\"list_size\" appears more than once"),
            "{err}"
        );
        assert!(parse_practices("p.csv", "id,list_size\nA,100\n".as_bytes()).is_ok());
    }

    #[test]
    fn an_empty_or_header_only_file_is_an_error() {
        assert!(parse_practices("p.csv", "".as_bytes())
            .err()
            .unwrap()
            .contains("empty"));
        assert!(parse_practices("p.csv", "id,list_size\n".as_bytes())
            .err()
            .unwrap()
            .contains("no practices"));
    }

    #[test]
    fn unknown_keys_are_refused() {
        let err = parse_practice("x.toml", "list_sise = 6911\n").unwrap_err();
        assert!(err.contains("list_sise"), "{err}");
    }
}
