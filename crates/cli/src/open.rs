//! `gpsim open LINK`: the comparison a share link opens in the app, read by
//! the one link decoder (`gpsim-share`), with the practice read through the
//! same form the page uses, so an analyst reproduces any shared scenario.

use gpsim_engine::practice::{validate, Practice, Warning};
use gpsim_engine::rules::{Catalog, RuleSet};
use gpsim_share::form::Form;
use gpsim_share::link::{self, Defaults, LinkError, CUSTOM, OPENING_SETS, OPENING_TARGET};

pub struct Opened {
    /// The sets in the link's order, the custom scenario as `custom`.
    pub sets: Vec<RuleSet>,
    pub practice: Practice,
    pub warnings: Vec<Warning>,
    /// What the app says on opening it: old numbers read the old way, and
    /// the edits that cannot be applied.
    pub notes: Vec<String>,
}

/// `text` is the link, or `-` to read it from standard input (a link of
/// thousands of edits is longer than a command line may be).
pub fn open(catalog: &Catalog, text: &str) -> Result<Opened, String> {
    let from_stdin;
    let text = if text == "-" {
        let mut s = String::new();
        let limit = link::MAX_LINK_BYTES as u64 + 1;
        std::io::Read::read_to_string(&mut std::io::Read::take(std::io::stdin(), limit), &mut s)
            .map_err(|e| format!("cannot read the link from standard input: {e}"))?;
        from_stdin = s;
        from_stdin.as_str()
    } else {
        text
    };
    let selected = OPENING_SETS.map(String::from);
    let opened = link::read(
        link::fragment_of(text.trim()),
        catalog,
        Defaults {
            selected: &selected,
            target: OPENING_TARGET,
            base: OPENING_TARGET,
        },
    )
    .map_err(|e| match e {
        LinkError::Newer(v) => format!(
            "this link was made by a newer version of the simulator (link format {v}; this version reads up to {})",
            link::VERSION
        ),
        LinkError::Damaged(why) => format!("this link is damaged: {why}"),
    })?;
    let l = opened.link;
    let mut notes = opened.notes;
    let base = l.base.clone().unwrap_or_else(|| OPENING_TARGET.to_string());
    let custom = if l.selected.iter().any(|s| s == CUSTOM) {
        let edits: Vec<(String, String)> = l.edits.clone().into_iter().collect();
        let (mut rs, problems) = catalog
            .scenario_typed(&base, &edits)
            .map_err(|e| e.to_string())?;
        // As the app says it: the first hundred, then how many more.
        let max = gpsim_engine::practice::MAX_PROBLEMS;
        for p in problems.iter().take(max) {
            notes.push(format!(
                "the edit {} cannot be applied and is left out: {}",
                p.path, p.message
            ));
        }
        if problems.len() > max {
            notes.push(format!(
                "and {} more edits that cannot be applied",
                problems.len() - max
            ));
        }
        rs.id = CUSTOM.into();
        Some(rs)
    } else {
        None
    };
    let sets = l
        .selected
        .iter()
        .map(|id| match (id.as_str(), &custom) {
            (CUSTOM, Some(rs)) => Ok(rs.clone()),
            _ => catalog
                .get(id)
                .cloned()
                .ok_or_else(|| format!("no rule set {id:?}")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let raw = match &l.practice {
        Some(form) => form.to_raw(),
        None => {
            notes.push(
                "the link does not carry a practice: the example practice is used, as in the app"
                    .into(),
            );
            let presets = gpsim_engine::presets::builtin();
            Form::from_raw(&presets.first().ok_or("no example practice")?.practice).to_raw()
        }
    };
    let (practice, warnings) = validate(&raw, catalog).map_err(|problems| {
        let lines: Vec<String> = problems
            .iter()
            .map(|p| format!("  {}: {}. Allowed: {}.", p.field, p.message, p.allowed))
            .collect();
        format!(
            "the link's practice has {} problem{}:\n{}",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" },
            lines.join("\n")
        )
    })?;
    Ok(Opened {
        sets,
        practice,
        warnings,
        notes,
    })
}
