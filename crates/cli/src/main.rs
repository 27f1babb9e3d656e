//! gpsim: the GP contract payment model on the command line.
//! Glue only: the command line is typed (`args.rs`, clap); this reads
//! files, calls the engine and prints. Bad input exits with status 2 and a
//! message naming the option, file, line or field.

mod args;
mod national;
mod open;
mod output;
mod text;
use args::{Command, CsvFormat, Scenario, TableFormat, TextFormat};
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

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let catalog = Catalog::builtin();
    let cli = match args::parse(&argv, catalog) {
        Ok(cli) => cli,
        // The help asked for (exit 0), or a usage mistake (exit 2).
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let Some(command) = cli.command else {
        println!("{}", args::help(catalog));
        return ExitCode::SUCCESS;
    };
    match run(catalog, command) {
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

fn run(catalog: &Catalog, command: Command) -> Result<()> {
    let no_scenario = Scenario::default();
    let scenario = match &command {
        Command::Rules { .. } | Command::Open { .. } => &no_scenario,
        Command::Changes { scenario, .. }
        | Command::Figures { scenario, .. }
        | Command::Statement { scenario, .. }
        | Command::Compare { scenario, .. }
        | Command::Breakeven { scenario, .. }
        | Command::National { scenario, .. }
        | Command::Batch { scenario, .. } => scenario,
    };
    let custom = build_custom(catalog, scenario)?;
    let sets =
        |spec: &str| -> Result<Vec<RuleSet>> { resolve_sets(catalog, spec, custom.as_ref()) };
    let mut out = std::io::stdout().lock();
    let text = match command {
        Command::Rules { report, format } => {
            if format == TextFormat::Json {
                let v: Vec<_> = catalog
                    .sets
                    .iter()
                    .map(|s| serde_json::json!({"id": &*s.id, "name": &*s.name, "kind": catalog.kind(&s.id), "report": if report { Some(points_report(s)) } else { None }}))
                    .collect();
                to_json(&v)
            } else if report {
                catalog
                    .sets
                    .iter()
                    .map(|s| text::points_report(&points_report(s)))
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                catalog
                    .sets
                    .iter()
                    .map(|s| {
                        let kind = catalog.kind(&s.id).map_or("", |k| k.word());
                        format!("{}\t{}\t{kind}\n", s.id, s.name)
                    })
                    .collect()
            }
        }
        Command::Changes {
            from, to, format, ..
        } => {
            let from = match from {
                Some(id) => one_set(catalog, &id, custom.as_ref())?,
                None => catalog.baseline().clone(),
            };
            let targets: Vec<RuleSet> = match to {
                Some(spec) => sets(&spec)?,
                None => catalog
                    .sets
                    .iter()
                    .filter(|s| s.id != from.id)
                    .cloned()
                    .collect(),
            };
            let diffs: Vec<_> = targets.iter().map(|t| diff(catalog, &from, t)).collect();
            if format == TextFormat::Json {
                to_json(&diffs)
            } else {
                diffs
                    .iter()
                    .map(text::changes)
                    .collect::<Vec<_>>()
                    .join("\n")
            }
        }
        Command::Figures { rules, status, .. } => {
            let rs = one_set(catalog, &rules, custom.as_ref())?;
            output::figures(catalog, &rs, status.as_deref()).map_err(Failure::Usage)?
        }
        Command::Statement {
            rules,
            practice,
            format,
            explain,
            report,
            ranges,
            ..
        } => {
            let rs = one_set(catalog, &rules, custom.as_ref())?;
            let (p, warnings) = load_practice(catalog, &practice)?;
            let prepared = Prepared::new(&rs);
            let st = gpsim_engine::statement(catalog, &prepared, &p);
            let ranged = ranges.then(|| gpsim_engine::ranges::statement_range(catalog, &rs, &p));
            if let Some(line) = explain {
                let l = st.line(&line).ok_or_else(|| {
                    Failure::Usage(format!(
                        "--explain {line:?}: no such line; ids are in the json output"
                    ))
                })?;
                output::explanation_text(&gpsim_engine::explain::explain(catalog, &prepared, &p, l))
            } else {
                match format {
                    TableFormat::Json => {
                        let mut v = output::statement_json(catalog, &prepared, &p, &st, &warnings);
                        if let Some((r, swings)) = &ranged {
                            v["range"] = serde_json::json!(r);
                            v["swings"] =
                                serde_json::json!(swings.iter().take(10).collect::<Vec<_>>());
                        }
                        to_json(&v)
                    }
                    TableFormat::Csv => {
                        output::statement_csv(&st)
                            + &ranged
                                .map(|(r, _)| output::range_csv_rows(&r))
                                .unwrap_or_default()
                    }
                    TableFormat::Table => {
                        output::statement_table(&rs, &p, &st, &warnings, report)
                            + &ranged
                                .map(|(r, s)| output::range_text(&r, &s))
                                .unwrap_or_default()
                    }
                }
            }
        }
        Command::Open { link, format } => {
            let opened = open::open(catalog, &link).map_err(Failure::Input)?;
            for note in &opened.notes {
                eprintln!("gpsim open: {note}");
            }
            compared(
                catalog,
                &opened.sets,
                &opened.practice,
                &opened.warnings,
                format,
                false,
            )
        }
        Command::Compare {
            rules,
            practice,
            format,
            ranges,
            ..
        } => {
            let list = sets(&rules)?;
            if list.len() < 2 {
                return Err(Failure::Usage(
                    "compare needs at least two rule sets, like --rules 2012-13,2013-14".into(),
                ));
            }
            let (p, warnings) = load_practice(catalog, &practice)?;
            compared(catalog, &list, &p, &warnings, format, ranges)
        }
        Command::Breakeven {
            rules,
            practice,
            baseline,
            format,
            ..
        } => {
            let rs = one_set(catalog, &rules, custom.as_ref())?;
            let base = match baseline {
                Some(id) => one_set(catalog, &id, custom.as_ref())?,
                None => catalog.baseline().clone(),
            };
            let (p, _) = load_practice(catalog, &practice)?;
            let be = what_would_it_take(catalog, &Prepared::new(&base), &Prepared::new(&rs), &p);
            if format == TextFormat::Json {
                to_json(&serde_json::json!({"sentence": be.sentence(), "result": be}))
            } else {
                format!("{}\n", be.sentence())
            }
        }
        Command::National {
            rules,
            population,
            format,
            ranges,
            ..
        } => {
            let list = sets(&rules)?;
            let [from, to] = list.as_slice() else {
                return Err(Failure::Usage(
                    "national needs two rule sets, like --rules 2013-14,2014-15".into(),
                ));
            };
            let text = match &population {
                Some(path) => std::fs::read_to_string(path)
                    .map_err(|e| Failure::Input(format!("cannot read {path}: {e}")))?,
                None => POPULATION.to_string(),
            };
            let name = population.as_deref().unwrap_or("the built-in population");
            let pop = gpsim_engine::population::parse(&text)
                .map_err(|e| Failure::Input(format!("{name}: {e}")))?;
            national::national(catalog, &pop, (from, to), format, ranges)
        }
        Command::Batch {
            rules,
            practices,
            out: path,
            format: CsvFormat::Csv,
            ..
        } => {
            let list = sets(&rules)?;
            let rows = input::read_practices(&practices).map_err(Failure::Input)?;
            let refs: Vec<&RuleSet> = list.iter().collect();
            let csv = output::batch_csv(catalog, &refs, &rows);
            if let Some(path) = path {
                std::fs::write(&path, csv)
                    .map_err(|e| Failure::Input(format!("cannot write {path}: {e}")))?;
                String::new()
            } else {
                csv
            }
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

fn build_custom(catalog: &Catalog, scenario: &Scenario) -> Result<Option<RuleSet>> {
    let sets_given = &scenario.set;
    match (scenario.base.as_deref(), sets_given.is_empty()) {
        (None, true) => Ok(None),
        (None, false) => Err(Failure::Usage(
            "--set needs --base ID, the rule set to edit".into(),
        )),
        (Some(base), _) => {
            let mut overrides = Vec::new();
            for s in sets_given {
                overrides.push(input::parse_set(s).map_err(Failure::Usage)?);
            }
            // Every edit checked at once: each problem names its own path.
            let (mut rs, problems) = catalog
                .scenario_typed(base, &overrides)
                .map_err(|e| Failure::Usage(format!("--set: {e}")))?;
            if !problems.is_empty() {
                let lines: Vec<String> = problems
                    .iter()
                    .map(|p| format!("--set {}: {}", p.path, p.message))
                    .collect();
                return Err(Failure::Usage(lines.join("\n")));
            }
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

/// The comparison of a practice under `list` (the first the baseline),
/// with each other set's waterfall: `compare` and `open` print the same.
fn compared(
    catalog: &Catalog,
    list: &[RuleSet],
    p: &Practice,
    warnings: &[Warning],
    format: TableFormat,
    ranges: bool,
) -> String {
    let refs: Vec<&RuleSet> = list.iter().collect();
    let prepared = Prepared::all(list.iter());
    let cmp = compare(catalog, &prepared, p);
    let falls: Vec<_> = prepared[1..]
        .iter()
        .map(|b| waterfall(catalog, &prepared[0], b, p))
        .collect();
    let ranged = ranges.then(|| output::CompareRanges::of(catalog, list, p));
    match format {
        TableFormat::Json => {
            let mut v = output::compare_json(catalog, &prepared, p, &cmp, &falls, warnings);
            if let Some(r) = &ranged {
                v["ranges"] = r.json();
            }
            to_json(&v)
        }
        TableFormat::Csv => {
            output::compare_csv(&cmp) + &ranged.map(|r| r.csv()).unwrap_or_default()
        }
        TableFormat::Table => {
            output::compare_table(&refs, p, &cmp, &falls, warnings)
                + &ranged.map(|r| r.text()).unwrap_or_default()
        }
    }
}

fn load_practice(catalog: &Catalog, path: &str) -> Result<(Practice, Vec<Warning>)> {
    let raw: RawPractice = input::read_practice(path).map_err(Failure::Input)?;
    validate(&raw, catalog).map_err(|problems| {
        let lines: Vec<String> = problems
            .iter()
            .map(|p| format!("  {}: {}. Allowed: {}.", p.field, p.message, p.allowed))
            .collect();
        Failure::Input(format!(
            "{path} has {} problem{}:\n{}",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" },
            lines.join("\n")
        ))
    })
}
