//! Share links in the app: its state to a link and back, through the one
//! link format in `gpsim-share` (`crates/share/src/link.rs`, which documents
//! every key and version), so the CLI's `gpsim open` reads a link exactly as
//! the page does. Pure: no browser APIs here (`browser.rs` reads and writes
//! the address bar). Old versions decode for ever: the fixtures in
//! `tests/links/` hold links of every version that shipped, with the totals
//! they must produce.

use crate::state::{AppState, CUSTOM};
pub use gpsim_share::link::{is_link, LinkError, VERSION};
use gpsim_share::link::{read, write, Defaults, Link};

/// What a link carries besides the rules, chosen by the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Contents {
    RulesOnly,
    WithPractice,
}

/// The link for a state, as a fragment (without `#`).
pub fn to_fragment(s: &AppState, contents: Contents) -> String {
    let has_custom = !s.scenario.edits.is_empty() || s.selected.iter().any(|x| x == CUSTOM);
    write(&Link {
        selected: s.selected.clone(),
        target: s.target.clone(),
        base: has_custom.then(|| s.scenario.base.clone()),
        edits: s.scenario.edits.clone(),
        practice: (contents == Contents::WithPractice).then(|| s.form.clone()),
        expanded: s.expanded.clone(),
        explaining: s.explaining.clone(),
        national: s.national,
    })
}

/// A state decoded from a link, whether it carried the practice, and what
/// the reader should be told: an old number read the old way, and every
/// edit the link asks for that cannot be applied (never dropped unsaid).
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    pub state: AppState,
    pub had_practice: bool,
    pub notes: Vec<String>,
}

/// Reads a fragment (with or without `#`) onto `default`: what the link
/// does not say keeps the default (the example practice, say).
pub fn from_fragment(fragment: &str, default: &AppState) -> Result<Decoded, LinkError> {
    let opened = read(
        fragment,
        crate::rules::catalog(),
        Defaults {
            selected: &default.selected,
            target: &default.target,
            base: &default.scenario.base,
        },
    )?;
    let link = opened.link;
    let mut s = default.clone();
    s.selected = link.selected;
    s.target = link.target;
    if let Some(b) = link.base {
        s.scenario.base = b;
    }
    s.scenario.edits = link.edits;
    s.expanded = link.expanded;
    s.explaining = link.explaining;
    s.national = link.national;
    let had_practice = link.practice.is_some();
    if let Some(f) = link.practice {
        s.form = f;
        s.weighted_ratio = crate::state::follow_ratio(&s.form);
        s.preset = None;
    }
    let mut notes = opened.notes;
    if !s.scenario.edits.is_empty() {
        let built = crate::state::model::build_scenario(&s.scenario);
        let cannot: Vec<String> = built
            .errors
            .iter()
            .take(gpsim_engine::practice::MAX_PROBLEMS)
            .map(|(path, why)| format!("{path}: {why}"))
            .collect();
        if !cannot.is_empty() {
            let more = built.errors.len() - cannot.len();
            notes.push(format!(
                "This link asks for {} edit{} that cannot be applied, and the results leave {} out: {}{}",
                built.errors.len(),
                if built.errors.len() == 1 { "" } else { "s" },
                if built.errors.len() == 1 { "it" } else { "them" },
                cannot.join("; "),
                if more > 0 { format!("; and {more} more") } else { String::new() }
            ));
        }
    }
    Ok(Decoded {
        state: s,
        had_practice,
        notes,
    })
}

/// What the citation's link must carry to reproduce what it cites: the
/// rules only when the practice is the example one a rules-only link opens,
/// else the practice's figures too (the citation says so).
pub fn citing(s: &AppState) -> Contents {
    if s.form == AppState::default().form {
        Contents::RulesOnly
    } else {
        Contents::WithPractice
    }
}

/// The line a journalist pastes under a chart: the app's version, the rules
/// data's fingerprint, the rule sets, the practice, the date and the link.
pub fn cite(s: &AppState, date: &str, link: &str) -> String {
    let c = crate::rules::catalog();
    let names: Vec<String> = s
        .selected
        .iter()
        .map(|id| match c.get(id) {
            Some(rs) => rs.name.to_string(),
            None => format!(
                "a custom scenario based on {}",
                c.get(&s.scenario.base)
                    .map(|b| b.name.to_string())
                    .unwrap_or_default()
            ),
        })
        .collect();
    let practice = match (&s.preset, s.form.name.trim()) {
        (Some(_), name) if !name.is_empty() => format!("illustrative practice ({name})"),
        (Some(_), _) => "illustrative practice".to_string(),
        (None, "") => "a practice with no name given".to_string(),
        (None, name) => name.to_string(),
    };
    let holds = if citing(s) == Contents::WithPractice {
        " The link holds the practice's figures."
    } else {
        ""
    };
    format!(
        "GP Contract Simulator {} (rules data {}): {} for {}, computed {}.{holds} {}",
        env!("CARGO_PKG_VERSION"),
        gpsim_engine::rules::RULES_VERSION,
        names.join(" against "),
        practice,
        date,
        link
    )
}

/// What a link carries, in words for the share panel.
pub fn describe(s: &AppState, contents: Contents) -> String {
    let edits = s.scenario.edits.len();
    let rules = if edits == 0 {
        format!("the contract years compared ({})", s.selected.len())
    } else {
        format!(
            "the contract years compared ({}) and your {} edited rule figure{}",
            s.selected.len(),
            edits,
            if edits == 1 { "" } else { "s" }
        )
    };
    match contents {
        Contents::RulesOnly => format!("This link holds {rules}, but none of your practice's figures: whoever opens it sees the example practice."),
        Contents::WithPractice => format!("This link holds {rules} and every figure in your practice form{}. Anyone you send it to can read them.", if s.form.name.is_empty() { String::new() } else { format!(", including the name \"{}\"", s.form.name) }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::form::Field;
    use crate::state::Action;
    use std::rc::Rc;
    use yew::Reducible;

    fn edited() -> AppState {
        let mut s = AppState::default();
        for a in [
            Action::ToggleSet("2014-15".into()),
            Action::SetField(Field::ListSize, "7200".into()),
            Action::SetField(Field::Register("diabetes".into()), "390".into()),
            Action::SetField(Field::Achievement("CHD 6".into()), "78.5".into()),
            Action::SetField(Field::Name, "Église & Co: 100% <care>".into()),
            Action::SetEdit("qof.point_value".into(), "170".into()),
            Action::ToggleRow("qof".into()),
            Action::Explain(Some("global_sum".into())),
        ] {
            s = (*Rc::new(s).reduce(a)).clone();
        }
        s
    }

    #[test]
    fn a_link_with_the_practice_restores_the_whole_state() {
        let s = edited();
        let link = to_fragment(&s, Contents::WithPractice);
        assert!(link.starts_with(&format!("v={VERSION}&")));
        let back = from_fragment(&format!("#{link}"), &AppState::default()).unwrap();
        assert!(back.had_practice);
        assert!(back.notes.is_empty(), "{:?}", back.notes);
        assert_eq!(back.state.form, s.form);
        assert_eq!(back.state.selected, s.selected);
        assert_eq!(back.state.target, s.target);
        assert_eq!(back.state.scenario, s.scenario);
        assert_eq!(back.state.expanded, s.expanded);
        assert_eq!(back.state.explaining, s.explaining);
    }

    #[test]
    fn a_rules_only_link_carries_no_practice_figure() {
        let s = edited();
        let link = to_fragment(&s, Contents::RulesOnly);
        assert!(!link.contains("p."), "{link}");
        assert!(!link.contains("7200"), "{link}");
        let back = from_fragment(&link, &AppState::default()).unwrap();
        assert!(!back.had_practice);
        assert_eq!(back.state.form, AppState::default().form);
        assert_eq!(back.state.scenario, s.scenario);
    }

    #[test]
    fn the_cite_line_names_version_rules_sets_practice_date_and_link() {
        let s = AppState::default();
        let line = cite(&s, "29 November 2026", "https://example.org/#v=1");
        for part in [
            env!("CARGO_PKG_VERSION"),
            gpsim_engine::rules::RULES_VERSION,
            "2012/13",
            "2013/14",
            "illustrative practice",
            "29 November 2026",
            "https://example.org/#v=1",
        ] {
            assert!(line.contains(part), "{part:?} in {line}");
        }
        let named = edited();
        assert!(cite(&named, "", "").contains("Église & Co"));
    }

    /// The citation's link opens what it cites: a practice other than the
    /// example goes in the link (it once named the practice on screen and
    /// linked to the example one).
    #[test]
    fn the_citation_link_reproduces_what_it_cites() {
        assert_eq!(citing(&AppState::default()), Contents::RulesOnly);
        let named = edited();
        assert_eq!(citing(&named), Contents::WithPractice);
        let link = to_fragment(&named, citing(&named));
        let back = from_fragment(&link, &AppState::default()).unwrap();
        assert_eq!(back.state.form, named.form);
        assert!(cite(&named, "", &link).contains("holds the practice's figures"));
    }

    /// A crafted link of many bad edits costs one scenario build, not one a
    /// problem (it once cost one build for every bad edit: 10,000 took 7.8 s).
    #[test]
    fn a_link_builds_its_scenario_once_whatever_its_number_of_edits() {
        let mut link = "v=1&s=2013-14,custom&t=custom&b=2013-14".to_string();
        for i in 0..9_999 {
            link.push_str(&format!("&e.qof.nothing{i}=1"));
        }
        link.push_str("&e.qof.point_value=170");
        let d = from_fragment(&link, &AppState::default()).unwrap();
        let before = crate::state::model::builds();
        let built = crate::state::model::build_scenario(&d.state.scenario);
        assert_eq!(crate::state::model::builds() - before, 1, "one build");
        assert_eq!(built.errors.len(), 9_999, "every bad edit named");
        let rs = built.rules.expect("the good edit stands");
        assert_eq!(
            rs.qof.point_value.value,
            Some(rust_decimal::Decimal::from(170))
        );
        // The opening note names them, a hundred at most.
        assert_eq!(d.notes.len(), 1);
        assert!(
            d.notes[0].contains("9999 edits") && d.notes[0].contains("and 9899 more"),
            "{}",
            &d.notes[0][..200]
        );
    }

    /// An invalid edit on a path that is a prefix of others takes none of
    /// them with it: `e.qof=1` is named, and the £170 point value stands.
    #[test]
    fn an_invalid_edit_on_a_prefix_path_keeps_the_valid_edits_below_it() {
        let d = from_fragment(
            "v=1&s=2013-14,custom&t=custom&b=2013-14&e.qof=1&e.qof.point_value=170",
            &AppState::default(),
        )
        .unwrap();
        let built = crate::state::model::build_scenario(&d.state.scenario);
        assert_eq!(
            built.errors.keys().collect::<Vec<_>>(),
            ["qof"],
            "{:?}",
            built.errors
        );
        assert_eq!(
            built.rules.unwrap().qof.point_value.value,
            Some(rust_decimal::Decimal::from(170))
        );
        assert!(d.notes[0].contains("qof: is not a figure"), "{:?}", d.notes);
    }
}

/// Old links decode for ever: every link in `tests/links/` (one file per
/// format version that ever shipped) opens and produces its pinned totals.
/// Totals move only when the rules data are corrected; re-pin them then, with
/// the reason in the commit, as for the engine's regression cases.
#[cfg(test)]
mod fixtures {
    use super::*;
    use crate::state::model::{build_scenario, compute};
    use std::collections::BTreeMap;

    #[derive(serde::Deserialize)]
    struct Fixtures {
        link: Vec<Fixture>,
    }

    #[derive(serde::Deserialize)]
    struct Fixture {
        what: String,
        fragment: String,
        /// Rule set id → total in pence, as `123456.78`.
        totals: BTreeMap<String, String>,
    }

    pub(super) fn totals(s: &AppState) -> BTreeMap<String, String> {
        let sc = build_scenario(&s.scenario);
        let c = compute(s, &sc, None, &|| 0.0);
        let cmp = c.comparison.expect("a comparison");
        s.selected
            .iter()
            .zip(cmp.totals())
            .map(|(id, t)| (id.clone(), t.to_pence_string()))
            .collect()
    }

    #[test]
    fn every_link_fixture_decodes_to_its_pinned_totals() {
        let mut n = 0;
        for (version, text) in [
            (1, include_str!("../../tests/links/v1.toml")),
            (2, include_str!("../../tests/links/v2.toml")),
        ] {
            let f: Fixtures = toml::from_str(text).expect("fixtures parse");
            for fx in &f.link {
                let d = from_fragment(&fx.fragment, &AppState::default())
                    .unwrap_or_else(|e| panic!("v{version} {}: {e}", fx.what));
                assert_eq!(totals(&d.state), fx.totals, "v{version} {}", fx.what);
                n += 1;
            }
        }
        assert!(n >= 6, "fixtures for every kind of link");
    }
}
