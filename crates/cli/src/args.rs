//! The command line as types (clap, derive): each command takes exactly its
//! options, so one it does not take is an error, never silently ignored
//! (`gpsim compare --explain x` once did nothing); the help is generated
//! from these declarations, with the rule sets named from the rules data.

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use gpsim_engine::Catalog;

#[derive(Parser, Debug)]
#[command(
    name = "gpsim",
    about = "GP Contract Simulator on the command line: the GMS contract payment rules for one practice, many, or every practice in England.",
    after_help = "The practice file format is described in README.md."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// One line per rule set (id and name).
    Rules {
        /// Add indicator counts, points by domain against the official
        /// totals, and figures by status.
        #[arg(long)]
        report: bool,
        #[arg(long, value_enum, default_value_t = TextFormat::Table)]
        format: TextFormat,
    },
    /// What changed between rule sets (default: the baseline against each other set).
    Changes {
        #[arg(long, value_name = "ID")]
        from: Option<String>,
        #[arg(long, value_name = "ID,ID...")]
        to: Option<String>,
        #[arg(long, value_enum, default_value_t = TextFormat::Table)]
        format: TextFormat,
        #[command(flatten)]
        scenario: Scenario,
    },
    /// Every rule figure of a set with its value, status and source.
    Figures {
        /// The rule set (listed below).
        #[arg(long, value_name = "ID")]
        rules: String,
        /// Only figures with this status: verified, supported, uncertain or not_found.
        #[arg(long)]
        status: Option<String>,
        #[command(flatten)]
        scenario: Scenario,
    },
    /// A practice's statement under one rule set.
    Statement {
        /// The rule set (listed below).
        #[arg(long, value_name = "ID")]
        rules: String,
        /// A practice file (TOML or JSON).
        #[arg(long, value_name = "FILE")]
        practice: String,
        #[arg(long, value_enum, default_value_t = TableFormat::Table)]
        format: TableFormat,
        /// Explain one line (its id is in the json output).
        #[arg(long, value_name = "LINE")]
        explain: Option<String>,
        /// Add the gaps and the figures by status.
        #[arg(long)]
        report: bool,
        /// Add the total's range (every uncertain figure at an end of its
        /// range) and the figures that move it most.
        #[arg(long)]
        ranges: bool,
        #[command(flatten)]
        scenario: Scenario,
    },
    /// A practice under several rule sets, line by line, with the waterfall.
    Compare {
        /// The rule sets, the first the one compared against.
        #[arg(long, value_name = "ID,ID[,ID...]")]
        rules: String,
        #[arg(long, value_name = "FILE")]
        practice: String,
        #[arg(long, value_enum, default_value_t = TableFormat::Table)]
        format: TableFormat,
        /// Add each total's and each change's range (every uncertain figure
        /// at an end of its range).
        #[arg(long)]
        ranges: bool,
        #[command(flatten)]
        scenario: Scenario,
    },
    /// What it would take under a set to match the baseline income.
    Breakeven {
        /// The rule set (listed below).
        #[arg(long, value_name = "ID")]
        rules: String,
        #[arg(long, value_name = "FILE")]
        practice: String,
        /// The income to match (default: the baseline set).
        #[arg(long, value_name = "ID")]
        baseline: Option<String>,
        #[arg(long, value_enum, default_value_t = TextFormat::Table)]
        format: TextFormat,
        #[command(flatten)]
        scenario: Scenario,
    },
    /// Every English practice (the HSCIC 2014/15 payments, with modelled
    /// registers and achievement; see assets/national/) under two rule sets:
    /// winners and losers, totals by payment, breakdowns. csv gives one row
    /// per practice.
    National {
        /// The rule sets run from and to.
        #[arg(long, value_name = "ID,ID")]
        rules: String,
        /// Another population file in the same format.
        #[arg(long, value_name = "FILE")]
        population: Option<String>,
        #[arg(long, value_enum, default_value_t = TableFormat::Table)]
        format: TableFormat,
        /// Add the headline counts at the change's two ends (every uncertain
        /// figure at the ends that lower it and that raise it), and in CSV
        /// each practice's change there
        #[arg(long)]
        ranges: bool,
        #[command(flatten)]
        scenario: Scenario,
    },
    /// CSV out, one row per practice, from our own columns or the HSCIC
    /// 2014/15 practice-level payments file.
    Batch {
        /// The rule sets, one column each.
        #[arg(long, value_name = "ID[,ID...]")]
        rules: String,
        #[arg(long, value_name = "FILE.csv")]
        practices: String,
        /// Write the CSV here instead of to standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<String>,
        #[arg(long, value_enum, default_value_t = CsvFormat::Csv)]
        format: CsvFormat,
        #[command(flatten)]
        scenario: Scenario,
    },
    /// The comparison a share link opens in the app, read by the app's own
    /// decoder: the rule sets, the custom scenario's edits and, if the link
    /// carries it, the practice (else the example practice, as in the app).
    Open {
        /// The whole address, or the part after `#` (quote it in a shell),
        /// or `-` to read it from standard input.
        link: String,
        #[arg(long, value_enum, default_value_t = TableFormat::Table)]
        format: TableFormat,
    },
}

/// A custom rule set with the id `custom`: a published set with edited
/// figures; `gpsim figures --rules ID` lists the paths.
#[derive(Args, Debug, Default)]
pub struct Scenario {
    /// The rule set to edit.
    #[arg(long, value_name = "ID")]
    pub base: Option<String>,
    /// A figure to change, e.g. --set qof.point_value=170 (repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
}

/// Text outputs: a table or JSON.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextFormat {
    Table,
    Json,
}

/// Tabular outputs: a table, JSON or CSV.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    Table,
    Json,
    Csv,
}

/// CSV only.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvFormat {
    Csv,
}

/// The command line parsed, or clap's error (a usage mistake, or the help
/// asked for), with the rule sets listed in the help from the rules data.
pub fn parse(argv: &[String], catalog: &Catalog) -> Result<Cli, clap::Error> {
    let sets: Vec<String> = catalog
        .sets
        .iter()
        .map(|s| format!("  {:<18} {}", s.id, s.name))
        .collect();
    let after = format!(
        "Rule sets (for --rules, --from, --to, --baseline, --base):\n{}\n  custom             --base ID with --set PATH=VALUE edits\n\nThe practice file format is described in README.md.",
        sets.join("\n")
    );
    let command = Cli::command()
        .after_help(after.clone())
        .mut_subcommands(|c| c.after_help(after.clone()));
    let matches = command
        .try_get_matches_from(std::iter::once("gpsim".to_string()).chain(argv.iter().cloned()))?;
    Cli::from_arg_matches(&matches)
}

/// The top-level help, for `gpsim` with no command.
pub fn help(catalog: &Catalog) -> String {
    match parse(&["--help".to_string()], catalog) {
        Err(e) => e.to_string(),
        Ok(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_declarations_are_consistent() {
        Cli::command().debug_assert();
    }
}
