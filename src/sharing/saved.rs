//! Scenarios kept in this browser: named saves and the last session. Pure
//! text in, text out, like `link.rs`; `browser/store.rs` does the storage I/O.
//!
//! A record is JSON, `{"v":1,"name":…,"saved":…,"at":…,"scenario":…}`, where
//! `scenario` is a share-link fragment carrying the practice. So a record
//! migrates forward exactly as links do: the link decoder reads every link
//! format that ever shipped, and `v` versions only the record's own fields.
//! A record that cannot be read is reported and kept aside, never deleted.

use crate::sharing::link::{from_fragment, to_fragment, Contents, LinkError};
use crate::state::AppState;
use serde::{Deserialize, Serialize};

/// The record format this build writes.
pub const RECORD_VERSION: u32 = 1;
/// Storage keys: one per named save, so one bad record spoils nothing else.
pub const SAVED_PREFIX: &str = "gpsim.saved.";
/// The last session, restored when the page opens without a link.
pub const LAST_SESSION: &str = "gpsim.last";
/// Where a record that cannot be read is moved, under its old key's name.
pub const ASIDE_PREFIX: &str = "gpsim.aside.";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub v: u32,
    pub name: String,
    /// When it was saved, for people ("29 November 2026").
    pub saved: String,
    /// When it was saved, in milliseconds since 1970, for ordering.
    pub at: f64,
    /// The scenario as a share-link fragment, with the practice.
    pub scenario: String,
}

impl Record {
    pub fn new(name: &str, state: &AppState, saved: &str, at: f64) -> Record {
        Record {
            v: RECORD_VERSION,
            name: name.trim().to_string(),
            saved: saved.to_string(),
            at,
            scenario: to_fragment(state, Contents::WithPractice),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Why a stored record could not be opened.
#[derive(Clone, Debug, PartialEq)]
pub enum Unreadable {
    /// Written by a later version: left where it is for that version.
    Newer(u32),
    /// Damaged: moved aside, never deleted.
    Damaged(String),
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreadable::Newer(v) => write!(
                f,
                "it was saved by a newer version of the simulator (format {v}); it is left as it is, for that version to open"
            ),
            Unreadable::Damaged(why) => write!(f, "it is damaged ({why})"),
        }
    }
}

/// Reads a stored record and the scenario it holds.
pub fn read(text: &str) -> Result<(Record, AppState), Unreadable> {
    #[derive(Deserialize)]
    struct Versioned {
        v: u32,
    }
    let v = serde_json::from_str::<Versioned>(text)
        .map_err(|e| Unreadable::Damaged(format!("not a saved scenario: {e}")))?
        .v;
    if v > RECORD_VERSION {
        return Err(Unreadable::Newer(v));
    }
    // Version 1 is the only one so far; an older record format would be
    // migrated here, field by field, before this line.
    let record: Record = serde_json::from_str(text)
        .map_err(|e| Unreadable::Damaged(format!("not a saved scenario: {e}")))?;
    match from_fragment(&record.scenario, &AppState::default()) {
        Ok(d) => Ok((record, d.state)),
        Err(LinkError::Newer(v)) => Err(Unreadable::Newer(v)),
        Err(LinkError::Damaged(why)) => Err(Unreadable::Damaged(why)),
    }
}

/// A saved scenario as the list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub outcome: Result<(Record, AppState), Unreadable>,
}

/// Reads every stored item under [`SAVED_PREFIX`], newest first, readable
/// ones before unreadable ones.
pub fn entries(items: &[(String, String)]) -> Vec<Entry> {
    let mut out: Vec<Entry> = items
        .iter()
        .filter(|(k, _)| k.starts_with(SAVED_PREFIX))
        .map(|(k, text)| Entry {
            key: k.clone(),
            outcome: read(text),
        })
        .collect();
    out.sort_by(|a, b| match (&a.outcome, &b.outcome) {
        (Ok((ra, _)), Ok((rb, _))) => rb.at.total_cmp(&ra.at),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        _ => a.key.cmp(&b.key),
    });
    out
}

/// The key a record is moved to when it cannot be read.
pub fn aside_key(key: &str) -> String {
    format!("{ASIDE_PREFIX}{key}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::form::Field;
    use crate::state::Action;
    use std::rc::Rc;
    use yew::Reducible;

    fn edited() -> AppState {
        let s = Rc::new(AppState::default())
            .reduce(Action::SetField(Field::ListSize, "6,911".into()))
            .reduce(Action::ToggleSet("2014-15".into()));
        (*s).clone()
    }

    #[test]
    fn a_record_reads_back_to_the_same_scenario() {
        let s = edited();
        let r = Record::new("  Ours, March ", &s, "29 November 2026", 1.0);
        let (back, state) = read(&r.to_json()).expect("readable");
        assert_eq!(back.name, "Ours, March");
        assert_eq!(state, s);
    }

    #[test]
    fn a_version_1_record_written_by_the_first_release_still_reads() {
        // Exactly as the first release wrote it: keep this text unchanged.
        let text = r#"{"v":1,"name":"Fixture","saved":"29 November 2026","at":1796000000000.0,"scenario":"v=1&s=2012-13,2013-14&t=2013-14&b=2013-14&p.name=Fixture%20practice&p.list_size=6911&p.contract=GMS&p.ooh_opted_out=true&p.default_achievement=typical"}"#;
        let (r, s) = read(text).expect("v1 record");
        assert_eq!(r.name, "Fixture");
        assert_eq!(s.form.list_size, "6911");
        assert_eq!(s.form.name, "Fixture practice");
    }

    #[test]
    fn damaged_and_newer_records_say_which() {
        assert!(matches!(read("{\"v\":1,"), Err(Unreadable::Damaged(_))));
        assert!(matches!(read("hello"), Err(Unreadable::Damaged(_))));
        assert_eq!(read("{\"v\":9}"), Err(Unreadable::Newer(9)));
        let bad = r#"{"v":1,"name":"x","saved":"","at":0,"scenario":"v=1&s=nope"}"#;
        assert!(
            matches!(read(bad), Err(Unreadable::Damaged(_))),
            "{:?}",
            read(bad)
        );
    }

    #[test]
    fn entries_list_the_newest_first_and_the_unreadable_last() {
        let s = AppState::default();
        let items = vec![
            (
                format!("{SAVED_PREFIX}1"),
                Record::new("old", &s, "", 1.0).to_json(),
            ),
            (format!("{SAVED_PREFIX}2"), "junk".to_string()),
            (
                format!("{SAVED_PREFIX}3"),
                Record::new("new", &s, "", 3.0).to_json(),
            ),
            ("unrelated".to_string(), "x".to_string()),
        ];
        let e = entries(&items);
        let names: Vec<_> = e
            .iter()
            .map(|e| match &e.outcome {
                Ok((r, _)) => r.name.clone(),
                Err(_) => "?".into(),
            })
            .collect();
        assert_eq!(names, ["new", "old", "?"]);
    }
}
