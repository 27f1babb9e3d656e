//! Format 1 in today's terms: what a format-1 link says, read as it
//! always was.

use gpsim_engine::figure::Unit;
use gpsim_engine::practice::{legacy_number_text, legacy_only};
use std::collections::BTreeMap;

pub(super) fn old_number_note(what: &str, typed: &str, read: &str) -> String {
    format!(
        "{what} is {typed:?} in this link, read as {read}, as links made before thousands separators had to come in threes always read it; if a decimal was meant, change it."
    )
}

/// A format-1 edit in today's terms: a number only the old rule read is
/// written as it was read (with a note), and a share is typed as its
/// percentage, so the scenario is the one the link always opened.
pub(super) fn upgrade_edits(
    edits: &mut BTreeMap<String, String>,
    base: Option<&gpsim_engine::RuleSet>,
    notes: &mut Vec<String>,
) {
    if edits.is_empty() {
        return;
    }
    let figures = base.map(|b| b.figures_by_path()).unwrap_or_default();
    for (path, text) in edits.iter_mut() {
        let Some(value) = legacy_number_text(text) else {
            // Not a number by either rule: the scenario names it.
            continue;
        };
        if legacy_only(text).is_some() {
            notes.push(old_number_note(
                &format!("The edit of {path}"),
                text,
                &value.normalize().to_string(),
            ));
        }
        let unit = figures.get(path.as_str()).map_or(Unit::Count, |f| f.unit());
        *text = unit.typed(value).to_string();
    }
}
