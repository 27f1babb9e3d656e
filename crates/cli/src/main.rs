//! gpsim: the GP contract payment model on the command line.
//! Glue only: it reads files, calls the engine and prints. Bad input exits
//! with status 2 and a message naming the file, line or field.

mod args;
mod output;
use gpsim_cli::input;
use gpsim_engine::prepared::Prepared;

use gpsim_engine::breakeven::what_would_it_take;
use gpsim_engine::compare::{compare, waterfall};
use gpsim_engine::practice::{validate, Practice, RawPractice, Warning};
use gpsim_engine::rules::diff::diff;
use gpsim_engine::rules::report::points_report;
use gpsim_engine::rules::{Catalog, RuleSet};
use std::io::Write;
use std::process::ExitCode;

const HELP: &str = "gpsim — GP Contract Simulator on the command line

USAGE
  gpsim rules [--report] [--format table|json]
      One line per rule set (id and name). --report adds indicator counts,
      points by domain against the official totals, and figures by status.
  gpsim changes [--from ID] [--to ID] [--format table|json]
      What changed between rule sets (default: 2012-13 against each other set).
  gpsim figures --rules ID [--status verified|supported|uncertain|not_found]
      Every rule figure with its value, status and source.
  gpsim statement --rules ID --practice FILE [--format table|json|csv] [--explain LINE]
  gpsim compare --rules ID,ID[,ID...] --practice FILE [--format table|json|csv]
  gpsim breakeven --rules ID --practice FILE [--baseline ID] [--format table|json]
      What it would take under ID to match the baseline (2012-13) income.
  gpsim national --rules ID,ID [--population FILE] [--format table|json|csv]
      Every English practice (the HSCIC 2014/15 payments, with modelled
      registers and achievement; see assets/national/) under two rule sets:
      winners and losers, totals by payment, breakdowns. csv gives one row
      per practice.
  gpsim batch --rules ID[,ID...] --practices FILE.csv [--out FILE]
      CSV out, one row per practice. Reads our own columns or the HSCIC
      2014/15 practice-level payments file.

SCENARIOS
  --base ID --set PATH=VALUE [--set PATH=VALUE ...]
      Builds a custom rule set with the id `custom` from ID with edited
      figures; use it in --rules. `gpsim figures --rules ID` lists the paths.

The practice file format is described in README.md.";

/// The help, with the rule sets named from the rules data.
fn help(catalog: &Catalog) -> String {
    let sets: Vec<String> = catalog
        .sets
        .iter()
        .map(|s| format!("  {:<18} {}", s.id, s.name))
        .collect();
    format!("{HELP}\n\nRULE SETS\n{}", sets.join("\n"))
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match run(&argv) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(m)) => {
            eprintln!("gpsim: {m}");
            ExitCode::from(2)
        }
        Err(Failure::Input(m)) => {
            eprintln!("gpsim: {m}");
            ExitCode::from(2)
        }
    }
}

pub enum Failure {
    Usage(String),
    Input(String),
}

impl From<String> for Failure {
    fn from(s: String) -> Self {
        Failure::Usage(s)
    }
}

type Result<T> = std::result::Result<T, Failure>;

/// The national view's population, built in so `gpsim national` works from
/// anywhere; `--population FILE` reads another.
const POPULATION: &str = include_str!("../../../assets/national/population-2014-15.tsv");

fn run(argv: &[String]) -> Result<()> {
    let args = args::parse(argv)?;
    let catalog = Catalog::builtin();
    if args.flag("help") || args.command == "help" {
        println!("{}", help(catalog));
        return Ok(());
    }
    args.check_options().map_err(Failure::Usage)?;
    let formats: &[&str] = match args.command.as_str() {
        "statement" | "compare" => &["table", "json", "csv"],
        "batch" => &["csv"],
        "national" => &["table", "json", "csv"],
        _ => &["table", "json"],
    };
    let format = args.get("format").unwrap_or(formats[0]);
    if !formats.contains(&format) {
        return Err(Failure::Usage(format!(
            "--format {format:?}: {} takes {}",
            args.command,
            formats.join(", ")
        )));
    }
    let custom = build_custom(catalog, &args)?;
    let sets =
        |spec: &str| -> Result<Vec<RuleSet>> { resolve_sets(catalog, spec, custom.as_ref()) };
    let mut out = std::io::stdout().lock();
    let text = match args.command.as_str() {
        "rules" => {
            if format == "json" {
                let v: Vec<_> = catalog
                    .sets
                    .iter()
                    .map(|s| serde_json::json!({"id": &*s.id, "name": &*s.name, "kind": catalog.kind(&s.id), "report": if args.flag("report") { Some(points_report(s)) } else { None }}))
                    .collect();
                to_json(&v)
            } else if args.flag("report") {
                catalog
                    .sets
                    .iter()
                    .map(|s| points_report(s).to_text())
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                catalog
                    .sets
                    .iter()
                    .map(|s| format!("{}\t{}\n", s.id, s.name))
                    .collect()
            }
        }
        "changes" => {
            let from = match args.get("from") {
                Some(id) => one_set(catalog, id, custom.as_ref())?,
                None => catalog.baseline().clone(),
            };
            let targets: Vec<RuleSet> = match args.get("to") {
                Some(spec) => sets(spec)?,
                None => catalog
                    .sets
                    .iter()
                    .filter(|s| s.id != from.id)
                    .cloned()
                    .collect(),
            };
            let diffs: Vec<_> = targets.iter().map(|t| diff(catalog, &from, t)).collect();
            if format == "json" {
                to_json(&diffs)
            } else {
                diffs
                    .iter()
                    .map(|d| d.to_text())
                    .collect::<Vec<_>>()
                    .join("\n")
            }
        }
        "figures" => {
            let rs = one_set(catalog, args.require("rules", "ID")?, custom.as_ref())?;
            let status = args.get("status");
            output::figures(catalog, &rs, status).map_err(Failure::Usage)?
        }
        "statement" => {
            let rs = one_set(catalog, args.require("rules", "ID")?, custom.as_ref())?;
            let (p, warnings) = load_practice(catalog, args.require("practice", "FILE")?)?;
            let st = gpsim_engine::statement(catalog, &Prepared::new(&rs), &p);
            if let Some(line) = args.get("explain") {
                let l = st.line(line).ok_or_else(|| {
                    Failure::Usage(format!(
                        "--explain {line:?}: no such line; ids are in the json output"
                    ))
                })?;
                output::explanation_text(&gpsim_engine::explain::explain(
                    catalog,
                    &Prepared::new(&rs),
                    &p,
                    l,
                ))
            } else {
                match format {
                    "json" => to_json(&output::statement_json(catalog, &rs, &p, &st, &warnings)),
                    "csv" => output::statement_csv(&st),
                    _ => output::statement_table(&rs, &p, &st, &warnings, args.flag("report")),
                }
            }
        }
        "compare" => {
            let list = sets(args.require("rules", "ID,ID")?)?;
            if list.len() < 2 {
                return Err(Failure::Usage(
                    "compare needs at least two rule sets, like --rules 2012-13,2013-14".into(),
                ));
            }
            let (p, warnings) = load_practice(catalog, args.require("practice", "FILE")?)?;
            let refs: Vec<&RuleSet> = list.iter().collect();
            let prepared = Prepared::all(list.iter());
            let cmp = compare(catalog, &prepared, &p);
            let falls: Vec<_> = prepared[1..]
                .iter()
                .map(|b| waterfall(catalog, &prepared[0], b, &p))
                .collect();
            match format {
                "json" => to_json(&output::compare_json(
                    catalog, &refs, &p, &cmp, &falls, &warnings,
                )),
                "csv" => output::compare_csv(&cmp),
                _ => output::compare_table(&refs, &p, &cmp, &falls, &warnings),
            }
        }
        "breakeven" => {
            let rs = one_set(catalog, args.require("rules", "ID")?, custom.as_ref())?;
            let base = match args.get("baseline") {
                Some(id) => one_set(catalog, id, custom.as_ref())?,
                None => catalog.baseline().clone(),
            };
            let (p, _) = load_practice(catalog, args.require("practice", "FILE")?)?;
            let be = what_would_it_take(catalog, &Prepared::new(&base), &Prepared::new(&rs), &p);
            if format == "json" {
                to_json(&serde_json::json!({"sentence": be.sentence(), "result": be}))
            } else {
                format!("{}\n", be.sentence())
            }
        }
        "national" => {
            let list = sets(args.require("rules", "ID,ID")?)?;
            let [from, to] = list.as_slice() else {
                return Err(Failure::Usage(
                    "national needs two rule sets, like --rules 2013-14,2014-15".into(),
                ));
            };
            let text = match args.get("population") {
                Some(path) => std::fs::read_to_string(path)
                    .map_err(|e| Failure::Input(format!("cannot read {path}: {e}")))?,
                None => POPULATION.to_string(),
            };
            let name = args.get("population").unwrap_or("the built-in population");
            let pop = gpsim_engine::population::parse(&text)
                .map_err(|e| Failure::Input(format!("{name}: {e}")))?;
            let summary = gpsim_engine::national::run(catalog, &pop, from, to);
            match format {
                "json" => to_json(&summary),
                "csv" => output::national_csv(&summary),
                _ => output::national_table(&summary),
            }
        }
        "batch" => {
            let list = sets(args.require("rules", "ID[,ID...]")?)?;
            let rows = input::read_practices(args.require("practices", "FILE.csv")?)
                .map_err(Failure::Input)?;
            let refs: Vec<&RuleSet> = list.iter().collect();
            let csv = output::batch_csv(catalog, &refs, &rows);
            if let Some(path) = args.get("out") {
                std::fs::write(path, csv)
                    .map_err(|e| Failure::Input(format!("cannot write {path}: {e}")))?;
                String::new()
            } else {
                csv
            }
        }
        other => {
            return Err(Failure::Usage(format!(
                "unknown command {other:?}; try `gpsim help`"
            )))
        }
    };
    // A closed pipe (`gpsim … | head`) is not an error worth reporting.
    let _ = out.write_all(text.as_bytes());
    Ok(())
}

fn to_json<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_string_pretty(v) {
        Ok(s) => s + "\n",
        Err(e) => format!("{{\"error\": {:?}}}\n", e.to_string()),
    }
}

fn build_custom(catalog: &Catalog, args: &args::Args) -> Result<Option<RuleSet>> {
    let sets_given = args.all("set");
    match (args.get("base"), sets_given.is_empty()) {
        (None, true) => Ok(None),
        (None, false) => Err(Failure::Usage(
            "--set needs --base ID, the rule set to edit".into(),
        )),
        (Some(base), _) => {
            let mut overrides = Vec::new();
            for s in sets_given {
                overrides.push(input::parse_set(s).map_err(Failure::Usage)?);
            }
            let mut rs = catalog
                .scenario(base, &overrides)
                .map_err(|e| Failure::Usage(format!("--set: {e}")))?;
            rs.id = "custom".into();
            Ok(Some(rs))
        }
    }
}

fn one_set(catalog: &Catalog, id: &str, custom: Option<&RuleSet>) -> Result<RuleSet> {
    let id = id.trim();
    if id == "custom" {
        return custom.cloned().ok_or_else(|| {
            Failure::Usage("rule set `custom` needs --base ID and --set PATH=VALUE".into())
        });
    }
    catalog.get(id).cloned().ok_or_else(|| {
        Failure::Usage(format!(
            "unknown rule set {id:?}; known: {}, custom",
            catalog.ids().join(", ")
        ))
    })
}

fn resolve_sets(catalog: &Catalog, spec: &str, custom: Option<&RuleSet>) -> Result<Vec<RuleSet>> {
    spec.split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|id| one_set(catalog, id, custom))
        .collect()
}

fn load_practice(catalog: &Catalog, path: &str) -> Result<(Practice, Vec<Warning>)> {
    let raw: RawPractice = input::read_practice(path).map_err(Failure::Input)?;
    validate(&raw, catalog).map_err(|problems| {
        let lines: Vec<String> = problems
            .iter()
            .map(|p| format!("  {}: {}. Allowed: {}.", p.field, p.message, p.allowed))
            .collect();
        Failure::Input(format!(
            "{path} has {} problem(s):\n{}",
            problems.len(),
            lines.join("\n")
        ))
    })
}
