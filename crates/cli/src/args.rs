//! Command-line arguments, parsed by hand so that every mistake gets a
//! message naming the option and what it takes.

use std::collections::BTreeMap;

#[derive(Debug, Default)]
pub struct Args {
    pub command: String,
    pub options: BTreeMap<String, Vec<String>>,
    pub flags: Vec<String>,
}

/// Options that take a value; everything else starting with `--` is a flag.
const VALUED: &[&str] = &[
    "rules",
    "practice",
    "practices",
    "format",
    "from",
    "to",
    "base",
    "set",
    "explain",
    "baseline",
    "status",
    "out",
    "population",
];
const FLAGS: &[&str] = &["report", "help"];

pub fn parse(argv: &[String]) -> Result<Args, String> {
    let mut args = Args::default();
    let mut it = argv.iter().peekable();
    match it.next() {
        Some(c) if !c.starts_with('-') => args.command = c.clone(),
        Some(c) if c == "--help" || c == "-h" => args.command = "help".into(),
        Some(c) => return Err(format!("expected a command before {c}; try `gpsim help`")),
        None => args.command = "help".into(),
    }
    while let Some(a) = it.next() {
        let Some(name) = a.strip_prefix("--") else {
            return Err(format!("unexpected argument {a:?}; options start with --"));
        };
        let (name, inline) = match name.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (name.to_string(), None),
        };
        if VALUED.contains(&name.as_str()) {
            let value = match inline {
                Some(v) => v,
                None => match it.next() {
                    Some(v) => v.clone(),
                    None => return Err(format!("--{name} needs a value")),
                },
            };
            args.options.entry(name).or_default().push(value);
        } else if FLAGS.contains(&name.as_str()) {
            args.flags.push(name);
        } else {
            return Err(format!("unknown option --{name}; try `gpsim help`"));
        }
    }
    Ok(args)
}

/// The options each command takes; any other is a mistake worth saying,
/// not ignoring (`gpsim compare --explain x` once did nothing).
fn takes(command: &str) -> Option<&'static [&'static str]> {
    Some(match command {
        "rules" => &["report", "format"],
        "changes" => &["from", "to", "format", "base", "set"],
        "figures" => &["rules", "status", "base", "set"],
        "statement" => &[
            "rules", "practice", "format", "explain", "report", "base", "set",
        ],
        "compare" => &["rules", "practice", "format", "base", "set"],
        "breakeven" => &["rules", "practice", "baseline", "format", "base", "set"],
        "batch" => &["rules", "practices", "out", "format", "base", "set"],
        "national" => &["rules", "population", "format", "base", "set"],
        _ => return None,
    })
}

impl Args {
    /// Refuses an option the command does not take.
    pub fn check_options(&self) -> Result<(), String> {
        let Some(allowed) = takes(&self.command) else {
            return Ok(()); // an unknown command is reported by the caller
        };
        let given = self.options.keys().chain(self.flags.iter());
        for name in given {
            if !allowed.contains(&name.as_str()) {
                return Err(format!(
                    "{} does not take --{name}; it takes {}",
                    self.command,
                    allowed
                        .iter()
                        .map(|a| format!("--{a}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        Ok(())
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.options
            .get(name)
            .and_then(|v| v.last())
            .map(String::as_str)
    }

    pub fn all(&self, name: &str) -> &[String] {
        self.options.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn require(&self, name: &str, what: &str) -> Result<&str, String> {
        self.get(name)
            .ok_or_else(|| format!("{} needs --{name} {what}", self.command))
    }

    pub fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f == name)
    }
}
