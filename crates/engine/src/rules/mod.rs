//! Contract rules as data: the catalog of rule sets, embedded at compile time.
//!
//! The rules files live in `crates/engine/rules/` (see its README). This
//! module loads and checks them, links indicators across rule sets through
//! their "continues" links, and builds custom scenarios from published sets.
//! It computes nothing about a practice.

pub mod diff;
mod error;
mod load;
pub mod model;
mod raw;
pub mod report;
mod scenario;
mod walk;

pub use error::{RulesError, RulesErrorKind};
pub use model::*;
pub use walk::Loc;
pub(crate) use walk::{walk_mut, walk_ref};

use crate::figure::Status;
use rust_decimal::Decimal;
pub use scenario::ScenarioProblem;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// Whether a rule set was in force or only proposed, as its `ruleset.toml`
/// says (`kind = "enacted"` or `kind = "proposal"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SetKind {
    Enacted,
    Proposal,
}

impl SetKind {
    /// The kind as its rules file writes it.
    pub fn word(self) -> &'static str {
        match self {
            SetKind::Enacted => "enacted",
            SetKind::Proposal => "proposal",
        }
    }
}

/// Indicator codes of every rule set, interned, with their links.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CodeTable {
    pub names: Vec<String>,
    pub(crate) index: HashMap<String, CodeId>,
    /// Connected component of the "continues" graph, by code.
    pub lineage: Vec<u32>,
    /// For each code: itself, then linked codes nearest first.
    pub related: Vec<Vec<CodeId>>,
    /// For each code: its kind in the first rule set that has it (`None` for
    /// a code only named as a predecessor).
    pub kinds: Vec<Option<crate::rules::IndicatorKind>>,
}

impl CodeTable {
    pub fn id(&self, code: &str) -> Option<CodeId> {
        self.index.get(code).copied()
    }

    pub fn name(&self, id: CodeId) -> &str {
        &self.names[id as usize]
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// Every rule set, with the bibliography and shared lists.
#[derive(Clone, Debug, PartialEq)]
pub struct Catalog {
    pub sources: BTreeMap<String, Source>,
    pub registers: Vec<Register>,
    pub activities: Vec<Activity>,
    /// In chronological order.
    pub sets: Vec<RuleSet>,
    pub kinds: Vec<SetKind>,
    pub codes: CodeTable,
    /// For each lineage: the order of the first enacted set that has it with
    /// known thresholds, and the typical achievement (%) computed there.
    pub(crate) first_typical: HashMap<u32, (u32, Decimal)>,
}

/// One edit to a rule figure in a scenario: a path and a new value.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Override {
    pub path: String,
    pub value: Decimal,
}

/// Why a scenario edit was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OverrideError {
    /// No rule set has this id.
    UnknownRuleSet(String),
    /// The base rule set has no figure at this path.
    UnknownFigure(String),
    /// The value breaks a rule (negative money, thresholds out of order…).
    Invalid { path: String, message: String },
}

impl std::fmt::Display for OverrideError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OverrideError::UnknownRuleSet(id) => write!(f, "there is no rule set {id:?}"),
            OverrideError::UnknownFigure(p) => write!(f, "there is no rule figure {p:?}"),
            OverrideError::Invalid { path, message } => write!(f, "{path}: {message}"),
        }
    }
}

impl Catalog {
    /// The catalog built from the rules files compiled into this binary.
    ///
    /// The embedded data is checked by the test suite, so a failure here means
    /// the binary was built from rules that do not pass their own tests.
    pub fn builtin() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| match Catalog::load_embedded() {
            Ok(c) => c,
            Err(errors) => {
                let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
                panic!("the embedded rules do not load:\n{}", text.join("\n"))
            }
        })
    }

    /// Loads the rules compiled into this binary, reporting every problem.
    pub fn load_embedded() -> Result<Catalog, Vec<RulesError>> {
        load::load_catalog(EMBEDDED_RULES)
    }

    /// Loads rules from (path under `rules/`, contents) pairs; for tests of
    /// the loader and for tools that check a rules folder.
    pub fn load_files(files: &[(&str, &str)]) -> Result<Catalog, Vec<RulesError>> {
        load::load_catalog(files)
    }

    pub fn get(&self, id: &str) -> Option<&RuleSet> {
        self.sets.iter().find(|s| &*s.id == id)
    }

    pub fn kind(&self, id: &str) -> Option<SetKind> {
        self.sets
            .iter()
            .position(|s| &*s.id == id)
            .map(|i| self.kinds[i])
    }

    pub fn ids(&self) -> Vec<&str> {
        self.sets.iter().map(|s| &*s.id).collect()
    }

    /// The baseline every comparison starts from: the earliest enacted set.
    pub fn baseline(&self) -> &RuleSet {
        self.sets
            .iter()
            .zip(&self.kinds)
            .find(|(_, k)| **k == SetKind::Enacted)
            .map(|(s, _)| s)
            .unwrap_or(&self.sets[0])
    }

    pub fn register_index(&self, id: &str) -> Option<usize> {
        self.registers.iter().position(|r| &*r.id == id)
    }

    pub fn activity_index(&self, id: &str) -> Option<usize> {
        self.activities.iter().position(|a| &*a.id == id)
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.get(id)
    }

    /// The catalog without the text that only the full simulator shows:
    /// each figure's label, source, locator and note (a figure then names
    /// itself by its path), the bibliography, the indicators' descriptions
    /// and notes, the registers' notes, the sets' summaries, assumptions'
    /// text and retirements' reasons, and the services' descriptions. Every
    /// value, status, unit, path and name stays, so it pays exactly what the
    /// full catalog pays (a test checks every preset's statements). The
    /// embed runs on it, which makes its download smaller.
    pub fn without_prose(&self) -> Catalog {
        let mut c = self.clone();
        c.sources.clear();
        // Descriptions shared between sets stay shared.
        let mut lean: HashMap<usize, Arc<crate::figure::FigureMeta>> = HashMap::new();
        for rs in &mut c.sets {
            walk::walk_mut(rs, &mut |_, fig| {
                let key = Arc::as_ptr(&fig.meta) as usize;
                fig.meta = lean
                    .entry(key)
                    .or_insert_with(|| {
                        let mut m = (*fig.meta).clone();
                        m.label = String::new();
                        m.source = String::new();
                        m.locator = None;
                        m.note = None;
                        if let Some(r) = &mut m.range {
                            r.reason.clear();
                            r.source.clear();
                        }
                        Arc::new(m)
                    })
                    .clone();
            });
            for ind in &mut rs.qof.indicators {
                ind.description = Arc::from("");
                ind.note = None;
                ind.code_note = None;
            }
            rs.summary = Arc::from("");
            for a in &mut rs.assumptions {
                a.text.clear();
            }
            for r in &mut rs.retirements {
                r.reason.clear();
                r.source.clear();
            }
            for s in &mut rs.services {
                s.description = Arc::from("");
            }
        }
        for r in &mut c.registers {
            r.note = None;
        }
        c
    }

    /// Fills each set's code ids and typical achievements.
    fn link(&mut self) {
        for s in &mut self.sets {
            for i in &mut s.qof.indicators {
                i.code_id = self.codes.id(&i.code).unwrap_or(0);
            }
        }
        let mut first: HashMap<u32, (u32, Decimal)> = HashMap::new();
        for (s, kind) in self.sets.iter().zip(&self.kinds) {
            if *kind != SetKind::Enacted {
                continue;
            }
            for i in &s.qof.indicators {
                let lineage = self.codes.lineage[i.code_id as usize];
                if first.contains_key(&lineage) {
                    continue;
                }
                if let Some(t) = own_typical(s, i) {
                    first.insert(lineage, (s.order, t));
                }
            }
        }
        self.first_typical = first;
        let mut sets = std::mem::take(&mut self.sets);
        for s in &mut sets {
            self.fill_typical(s);
        }
        self.sets = sets;
    }

    /// A lineage that an earlier enacted set already had keeps that set's
    /// typical achievement, so a practice "carries on as before" and raised
    /// thresholds show as lost points. A lineage new in this set takes the
    /// typical achievement of this set's national average. A proposal
    /// borrows typical achievement from whichever enacted year implemented
    /// the indicator.
    fn fill_typical(&self, s: &mut RuleSet) {
        let proposal = s.kind == SetKind::Proposal;
        let typicals: Vec<Option<Decimal>> = s
            .qof
            .indicators
            .iter()
            .map(|i| {
                let lineage = self.codes.lineage.get(i.code_id as usize).copied();
                match lineage.and_then(|l| self.first_typical.get(&l)) {
                    Some((order, t)) if *order < s.order || proposal => Some(*t),
                    _ => own_typical(s, i),
                }
            })
            .collect();
        for (i, t) in s.qof.indicators.iter_mut().zip(typicals) {
            i.typical_achievement = t;
        }
    }
}

/// Typical achievement (%) for an indicator from its own set's figures: the
/// achievement that earns the national average share of its points at the
/// *published* thresholds. A scenario that raises thresholds therefore
/// moves a typical practice's points, not its achievement.
fn own_typical(s: &RuleSet, i: &Indicator) -> Option<Decimal> {
    if i.kind != IndicatorKind::Threshold {
        return None;
    }
    let l = i.lower.as_ref()?.published()?;
    let u = i.upper.as_ref()?.published()?;
    let share = s
        .national_average_share()
        .unwrap_or(Decimal::ONE)
        .clamp(Decimal::ZERO, Decimal::ONE);
    Some(l + share * (u - l))
}

/// Figures grouped by status, for the whole catalog.
pub fn status_totals(c: &Catalog) -> BTreeMap<Status, usize> {
    let mut t = BTreeMap::new();
    for s in &c.sets {
        for (k, v) in s.status_counts() {
            *t.entry(k).or_insert(0) += v;
        }
    }
    t
}
