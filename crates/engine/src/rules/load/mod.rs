//! Turns the embedded TOML files into a checked [`Catalog`]: parses each file,
//! builds full rule sets, applies derived sets' changes, then finalises every
//! set (paths, labels, scales, checks) and links indicators across sets.
//! It must never panic on bad data: every problem becomes a [`RulesError`].
//!
//! By stage, one module each: `figures` (a figure, a decimal, the shared
//! registers and activities), `qof` and `sections` (building each part of a
//! full rule set from its parsed file), `derive` (a derived set: a base set
//! and its changes), and `check` (paths and labels, then every check; the
//! code table). This module reads the files and runs the stages in order.

use super::error::{RulesError, RulesErrorKind as K};
use super::model::*;
use super::raw::*;
use super::walk::{walk_mut, walk_ref};
use super::{Catalog, CodeTable, SetKind};
use crate::figure::{Figure, FigureMeta, FigureRange, RangeBasis, Status, Unit};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::str::FromStr;
use std::sync::Arc;

type Errors = Vec<RulesError>;

mod check;
mod derive;
mod figures;
mod qof;
mod ranges;
mod sections;

use check::*;
use derive::*;
use figures::*;
use qof::*;
use sections::*;

pub(super) fn parse_toml<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
    errs: &mut Errors,
) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            errs.push(RulesError::new(
                file,
                "",
                K::Parse,
                e.to_string().trim().to_string(),
            ));
            None
        }
    }
}

/// The files of one rule-set folder.
#[derive(Default)]
pub(super) struct Folder<'a> {
    files: BTreeMap<&'a str, &'a str>,
}

impl<'a> Folder<'a> {
    fn get(&self, name: &str) -> Option<&'a str> {
        self.files.get(name).copied()
    }
}

pub(super) fn header_kind(h: &RawHeader) -> SetKind {
    h.kind
}

/// Loads a catalog from (path, contents) pairs, paths relative to `rules/`.
pub fn load_catalog(files: &[(&str, &str)]) -> Result<Catalog, Vec<RulesError>> {
    let mut errs: Errors = Vec::new();
    let mut folders: BTreeMap<&str, Folder> = BTreeMap::new();
    let mut top: BTreeMap<&str, &str> = BTreeMap::new();
    for (path, text) in files {
        match path.split_once('/') {
            Some((dir, name)) if !name.contains('/') => {
                folders.entry(dir).or_default().files.insert(name, text);
            }
            Some(_) => errs.push(RulesError::new(
                path,
                "",
                K::Structure,
                "rules folders may not nest",
            )),
            None => {
                top.insert(path, text);
            }
        }
    }

    // Shared files.
    let sources: BTreeMap<String, Source> = match top.get("sources.toml") {
        Some(t) => parse_toml::<BTreeMap<String, RawSource>>("sources.toml", t, &mut errs)
            .unwrap_or_default()
            .into_iter()
            .map(|(id, s)| {
                (
                    id.clone(),
                    Source {
                        id,
                        title: s.title,
                        publisher: s.publisher,
                        url: s.url,
                        date: s.date,
                        note: s.note,
                    },
                )
            })
            .collect(),
        None => {
            errs.push(RulesError::new("sources.toml", "", K::Structure, "missing"));
            BTreeMap::new()
        }
    };
    let registers: Vec<Register> = top
        .get("registers.toml")
        .and_then(|t| parse_toml::<RawRegisters>("registers.toml", t, &mut errs))
        .map(|r| {
            r.registers
                .into_iter()
                .map(|r| Register {
                    id: r.id.into(),
                    name: r.name.into(),
                    note: r.note.map(Into::into),
                })
                .collect()
        })
        .unwrap_or_default();
    let mut activities = Vec::new();
    if let Some(raw) = top
        .get("activities.toml")
        .and_then(|t| parse_toml::<RawActivities>("activities.toml", t, &mut errs))
    {
        for a in raw.activities {
            let measure = a.measure;
            let Some(default) = parse_decimal(&a.default) else {
                errs.push(RulesError::new(
                    "activities.toml",
                    &a.id,
                    K::BadValue,
                    "default is not a decimal",
                ));
                continue;
            };
            activities.push(Activity {
                id: a.id.into(),
                name: a.name.into(),
                measure,
                default,
                help: a.help.into(),
            });
        }
    }
    check_unique(
        "registers.toml",
        registers.iter().map(|r| &*r.id),
        &mut errs,
    );
    check_unique(
        "activities.toml",
        activities.iter().map(|a| &*a.id),
        &mut errs,
    );
    let range_defaults = ranges::defaults(top.get("ranges.toml").copied(), &mut errs);
    let shared = Shared {
        sources,
        registers,
        activities,
    };

    // Headers, then build in dependency order.
    let mut headers: BTreeMap<String, (RawHeader, &Folder)> = BTreeMap::new();
    for (dir, folder) in &folders {
        let file = format!("{dir}/ruleset.toml");
        let Some(text) = folder.get("ruleset.toml") else {
            errs.push(RulesError::new(&file, "", K::Structure, "missing"));
            continue;
        };
        if let Some(h) = parse_toml::<RawHeader>(&file, text, &mut errs) {
            if h.id != *dir {
                errs.push(RulesError::new(
                    &file,
                    "",
                    K::Structure,
                    format!("id {:?} must match its folder {dir:?}", h.id),
                ));
            }
            headers.insert(h.id.clone(), (h, folder));
        }
    }
    let mut built: BTreeMap<String, RuleSet> = BTreeMap::new();
    // Sets that had problems: what derives from them is not checked again.
    let mut failed: HashSet<String> = HashSet::new();
    let mut kinds: HashMap<String, SetKind> = HashMap::new();
    let mut pending: Vec<String> = headers.keys().cloned().collect();
    while !pending.is_empty() {
        let before = pending.len();
        let mut still = Vec::new();
        for id in pending {
            let (h, folder) = &headers[&id];
            let changes = folder.get("changes.toml").and_then(|t| {
                parse_toml::<RawChanges>(&format!("{id}/changes.toml"), t, &mut errs)
            });
            let mut deps: Vec<String> = h.derives_from.iter().cloned().collect();
            if let Some(c) = &changes {
                deps.extend(c.qof.adopt.iter().map(|a| a.from.clone()));
            }
            if let Some(missing) = deps.iter().find(|d| !headers.contains_key(*d)) {
                errs.push(RulesError::new(
                    &format!("{id}/ruleset.toml"),
                    "",
                    K::UnknownReference,
                    format!("unknown rule set {missing:?}"),
                ));
                continue;
            }
            if deps.iter().any(|d| d == &id) {
                errs.push(RulesError::new(
                    &format!("{id}/ruleset.toml"),
                    "",
                    K::Structure,
                    "a rule set cannot derive from itself",
                ));
                continue;
            }
            if deps.iter().any(|d| failed.contains(d)) {
                // Its base has problems, already reported; the same problems
                // carried into this set would only be reported again.
                failed.insert(id.clone());
                continue;
            }
            if deps.iter().all(|d| built.contains_key(d)) {
                let errors_before = errs.len();
                let rs = match &h.derives_from {
                    None => build_full(h, folder, &shared, &mut errs),
                    Some(base) => build_derived(
                        h,
                        folder,
                        &built[base],
                        changes.unwrap_or_default(),
                        &built,
                        &shared,
                        &mut errs,
                    ),
                };
                if let Some(mut rs) = rs {
                    // A problem is reported against the file it came from: a
                    // full set's section file, or for a derived set the
                    // section file it supplies, else its changes.toml.
                    let derived = h.derives_from.is_some();
                    let file_of = |section: Section| {
                        let name = section.file_name();
                        if derived && folder.get(name).is_none() {
                            format!("{id}/changes.toml")
                        } else {
                            format!("{id}/{name}")
                        }
                    };
                    finalise(&mut rs, &shared, &file_of, &mut errs);
                    ranges::apply(&mut rs, &range_defaults, &shared, &file_of, &mut errs);
                    kinds.insert(id.clone(), header_kind(h));
                    built.insert(id.clone(), rs);
                }
                if errs.len() > errors_before {
                    failed.insert(id.clone());
                }
            } else {
                still.push(id);
            }
        }
        if still.len() == before {
            errs.push(RulesError::new(
                "",
                "",
                K::Structure,
                format!("rule sets depend on each other in a cycle: {still:?}"),
            ));
            break;
        }
        pending = still;
    }

    let mut sets: Vec<RuleSet> = built.into_values().collect();
    sets.sort_by_key(|s| s.order);
    let kinds: Vec<SetKind> = sets.iter().map(|s| kinds[&*s.id]).collect();
    let codes = CodeTable::build(&sets);
    let mut catalog = Catalog {
        sources: shared.sources,
        registers: shared.registers,
        activities: shared.activities,
        sets,
        kinds,
        codes,
        first_typical: HashMap::new(),
    };
    catalog.link();
    if errs.is_empty() {
        Ok(catalog)
    } else {
        Err(errs)
    }
}

pub(super) fn check_unique<'a>(file: &str, ids: impl Iterator<Item = &'a str>, errs: &mut Errors) {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            errs.push(RulesError::new(file, id, K::Duplicate, "id used twice"));
        }
    }
}
