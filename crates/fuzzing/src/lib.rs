//! One function per decoder of user input, each taking arbitrary bytes: it
//! decodes them as the app or the command does and, whatever decodes, runs
//! the engine on it. `fuzz/` drives these under libFuzzer (nightly); the
//! replay test runs every committed corpus and regression input on stable,
//! so a crash found once fails the build for ever. None may panic.

use gpsim_cli::input::{parse_practice, parse_practices, parse_set};
use gpsim_engine::explain::explain;
use gpsim_engine::practice::{validate, RawPractice};
use gpsim_engine::prepared::Prepared;
use gpsim_engine::rules::Catalog;
use gpsim_engine::statement;

/// A fuzz target: takes any bytes, never panics.
pub type Target = fn(&[u8]);

/// The targets, by the name of their corpus folder.
pub const TARGETS: &[(&str, Target)] = &[
    ("practice_toml", practice_toml),
    ("practice_json", practice_json),
    ("batch_csv", batch_csv),
    ("scenario_set", scenario_set),
    ("share_link", share_link),
    ("population", population),
];

/// Validates a decoded practice and, if valid, computes its statement under
/// one rule set (chosen by `pick`, so the corpus covers every set) and
/// explains every line. The comparison, waterfall and break-even over every
/// set are the property tests' work; here speed buys executions.
fn run_raw(raw: &RawPractice, pick: usize) {
    let c = Catalog::builtin();
    if let Ok((p, _)) = validate(raw, c) {
        let rs = &c.sets[pick % c.sets.len()];
        let st = statement(c, &Prepared::new(rs), &p);
        // One line's explanation, chosen the same way: all are reached
        // across the corpus, at a fraction of the cost of every line.
        if let Some(l) = st.lines.get(pick % st.lines.len().max(1)) {
            let _ = explain(c, &Prepared::new(rs), &p, l);
        }
    }
}

/// Whatever practice a file gives, the app's export (TOML and JSON, the
/// engine's own writer) reads back to exactly that practice, as the writer
/// tidies it (plain digits typed as text become numbers).
fn round_trips(raw: &RawPractice) {
    use gpsim_engine::practice_file::{parse, tidied, write, Format};
    let raw = &tidied(raw);
    for format in [Format::Toml, Format::Json] {
        // JSON has no NaN or infinity: such a practice is only checked in TOML.
        let nonfinite = format!("{raw:?}").contains("NaN") || format!("{raw:?}").contains("inf");
        if format == Format::Json && nonfinite {
            continue;
        }
        let text = write(raw, format);
        let back = parse(&format!("back.{}", format.extension()), &text)
            .unwrap_or_else(|e| panic!("the {format:?} export does not read back: {e}\n{text}"));
        // Debug, not ==: NaN is not equal to itself.
        assert_eq!(
            format!("{back:?}"),
            format!("{raw:?}"),
            "{format:?} export:\n{text}"
        );
    }
}

/// A practice file as TOML (`gpsim statement --practice FILE.toml`).
pub fn practice_toml(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(raw) = parse_practice("fuzz.toml", text) {
            round_trips(&raw);
            run_raw(&raw, data.len());
        }
    }
}

/// A practice file as JSON.
pub fn practice_json(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(raw) = parse_practice("fuzz.json", text) {
            round_trips(&raw);
            run_raw(&raw, data.len());
        }
    }
}

/// A CSV of practices: our columns or the HSCIC payments file (`gpsim
/// batch`). At most a few rows are computed, as the batch command would.
pub fn batch_csv(data: &[u8]) {
    if let Ok(rows) = parse_practices("fuzz.csv", data) {
        for (k, row) in rows.iter().take(4).enumerate() {
            run_raw(&row.practice, data.len() + k);
        }
    }
}

/// Scenario edits, one `PATH=VALUE` a line (`--set`, and the scenario
/// editor's figure edits): the first line names the base set by index.
/// Whatever scenario builds is run on the average practice: its statement
/// and one line's explanation. (Comparison, waterfall and break-even on
/// edited figures are `edited_figures.rs`'s property tests; here speed buys
/// executions.)
pub fn scenario_set(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let c = Catalog::builtin();
    let mut lines = text.lines();
    let base = lines
        .next()
        .and_then(|l| l.trim().parse::<usize>().ok())
        .and_then(|i| c.sets.get(i % c.sets.len().max(1)))
        .unwrap_or(&c.sets[0]);
    let edits: Vec<_> = lines.filter_map(|l| parse_set(l).ok()).collect();
    let Ok((rs, _)) = c.scenario_typed(&base.id, &edits) else {
        return;
    };
    if let Ok((p, _)) = validate(average(), c) {
        let st = statement(c, &Prepared::new(&rs), &p);
        if let Some(l) = st.lines.get(data.len() % st.lines.len().max(1)) {
            let _ = explain(c, &Prepared::new(&rs), &p, l);
        }
    }
}

/// The average practice, parsed once.
fn average() -> &'static RawPractice {
    static AVERAGE: std::sync::OnceLock<RawPractice> = std::sync::OnceLock::new();
    AVERAGE.get_or_init(|| {
        gpsim_engine::presets::builtin()
            .into_iter()
            .find(|p| p.id == "average")
            .map(|p| p.practice)
            .unwrap_or_default()
    })
}

/// A share link's fragment, as the app reads it on opening. Whatever decodes
/// builds its scenario (when it edits figures), validates its practice and
/// computes the statement of the first rule set compared. (Every set, the
/// comparison and the waterfall are the app's native tests' work; here speed
/// buys executions.)
pub fn share_link(data: &[u8]) {
    use gpsim_app::sharing::link::from_fragment;
    use gpsim_app::state::model::{build_scenario, sets_for, BuiltScenario};
    use gpsim_app::state::AppState;
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // As it is (so the checksum is checked), and signed afresh, so that
    // damage past the checksum reaches the rest of the reader.
    let _ = from_fragment(text, &AppState::default());
    let Ok(decoded) = from_fragment(&resign(text), &AppState::default()) else {
        return;
    };
    let s = decoded.state;
    let scenario = if s.scenario.edits.is_empty() {
        BuiltScenario {
            rules: None,
            errors: Default::default(),
        }
    } else {
        build_scenario(&s.scenario)
    };
    let c = Catalog::builtin();
    if let Ok((p, _)) = validate(&s.form.to_raw(), c) {
        if let Some(first) = sets_for(&s, &scenario).first() {
            let _ = statement(c, &Prepared::new(first.get()), &p);
        }
    }
}

/// A format-2 link with its checksum made to match what it holds (any
/// old `&c=…` at the end dropped); anything else as it is.
pub fn resign(text: &str) -> String {
    let t = text.strip_prefix('#').unwrap_or(text);
    if !t.starts_with("v=2") {
        return text.to_string();
    }
    let body = t.rsplit_once("&c=").map_or(t, |(b, _)| b);
    format!("{body}&c={}", gpsim_share::link::checksum(body))
}

/// A national population file (`gpsim national --population FILE`): read
/// as it is (so its row counts and checksum are checked), and again sealed
/// (`reseal`: the counts and checksum rewritten to match), so that damage
/// past the checks reaches the rest of the reader. Then a differential
/// check: every practice that validates is paid the same by the batch path
/// as by its statement, to the penny, under one set.
pub fn population(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = gpsim_engine::population::parse(text);
    let Ok(pop) = gpsim_engine::population::parse(&reseal(text)) else {
        return;
    };
    let c = Catalog::builtin();
    let rs = &c.sets[data.len() % c.sets.len()];
    let batch = gpsim_engine::batch::BatchSet::new(c, rs);
    for m in pop.members.iter().take(20) {
        let Ok(md) = pop.modelled(c, m) else {
            continue;
        };
        if let Ok((p, _)) = validate(&md.raw, c) {
            let st = statement(c, &Prepared::new(rs), &p);
            let paid = batch.amounts(&p, &batch.profile(&p));
            assert_eq!(
                paid.total, st.total,
                "{}: batch and statement differ",
                m.code
            );
        }
    }
    let _ = gpsim_engine::national::run(c, &pop, &c.sets[0], rs);
}

/// `text` with its `# rows` and `# checksum` lines replaced by ones that
/// match its data, as `scripts/prepare-national.py` would write them.
pub fn reseal(text: &str) -> String {
    let mut head = Vec::new();
    let mut data: Vec<&str> = Vec::new();
    let mut rows = [0usize; 2];
    let mut section = None;
    let mut header_seen = false;
    for line in text.lines().filter(|l| !l.is_empty()) {
        if line.starts_with('#') {
            if !line.starts_with("# rows ") && !line.starts_with("# checksum") {
                head.push(line);
            }
            continue;
        }
        data.push(line);
        match line {
            "[practices]" => (section, header_seen) = (Some(0), false),
            "[ccgs]" => (section, header_seen) = (Some(1), false),
            _ if !header_seen => header_seen = true,
            _ => {
                if let Some(k) = section {
                    rows[k] += 1;
                }
            }
        }
    }
    let sum = gpsim_engine::population::checksum(data.iter().copied());
    format!(
        "{}\n# rows practices: {}\n# rows ccgs: {}\n# checksum fnv1a64: {sum:016x}\n{}\n",
        head.join("\n"),
        rows[0],
        rows[1],
        data.join("\n")
    )
}
