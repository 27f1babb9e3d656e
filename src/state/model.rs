//! Everything the page shows, derived from the state by the engine. Pure:
//! the caller passes the clock, so this runs and is tested natively too.

use crate::state::{AppState, Scenario, CUSTOM};
use gpsim_engine::breakeven::{what_would_it_take, BreakEven};
use gpsim_engine::compare::{compare, waterfall, Comparison, Waterfall};
use gpsim_engine::practice::{validate, Practice, Problem, Warning};
use gpsim_engine::prepared::Prepared;
use gpsim_engine::rules::diff::{diff, RuleDiff};
use gpsim_engine::rules::{IndicatorKind, RuleSet, SetKind};
use gpsim_engine::statement;
use std::collections::{BTreeMap, HashSet};
use std::rc::Rc;
use std::sync::OnceLock;

/// A rule set in the comparison: a published one, or the user's scenario.
#[derive(Clone, Debug)]
pub enum SetRef {
    Published(&'static RuleSet),
    Custom(Rc<RuleSet>),
}

impl SetRef {
    pub fn get(&self) -> &RuleSet {
        match self {
            SetRef::Published(r) => r,
            SetRef::Custom(r) => r,
        }
    }
}

/// The custom scenario, and any edits that could not be applied.
#[derive(Clone, Debug)]
pub struct BuiltScenario {
    pub rules: Option<Rc<RuleSet>>,
    /// Figure path → what is wrong with the typed value.
    pub errors: BTreeMap<String, String>,
}

impl PartialEq for BuiltScenario {
    fn eq(&self, other: &Self) -> bool {
        self.errors == other.errors
            && match (&self.rules, &other.rules) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
    }
}

thread_local! {
    /// How many scenarios have been built: a test counts them, so that a
    /// link's cost is shown to be one build whatever its number of edits.
    static BUILDS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Scenarios built so far on this thread.
pub fn builds() -> u64 {
    BUILDS.with(|b| b.get())
}

/// Builds the scenario from the typed edits, once: every edit is checked
/// in one pass (`Catalog::scenario_checked`), and those that are not numbers
/// or break a rule are left out and reported under their own paths; the
/// others still apply.
pub fn build_scenario(s: &Scenario) -> BuiltScenario {
    let catalog = crate::rules::catalog();
    let mut errors = BTreeMap::new();
    let edits: Vec<(String, String)> = s
        .edits
        .iter()
        .map(|(p, t)| (p.clone(), t.clone()))
        .collect();
    BUILDS.with(|b| b.set(b.get() + 1));
    match catalog.scenario_typed(&s.base, &edits) {
        Ok((rs, problems)) => {
            for p in problems {
                errors.insert(p.path, p.message);
            }
            BuiltScenario {
                rules: Some(Rc::new(rs)),
                errors,
            }
        }
        Err(e) => {
            errors.insert(String::new(), e.to_string());
            BuiltScenario {
                rules: None,
                errors,
            }
        }
    }
}

/// Whether `text` is `base`'s published value of the figure at `path`, as
/// typed (a share as its percentage): typing the published value back is
/// not an edit.
pub fn is_published_value(base: &str, path: &str, text: &str) -> bool {
    let Some(set) = crate::rules::catalog().get(base) else {
        return false;
    };
    let Some(typed) = gpsim_engine::practice::parse_number_text(text) else {
        return false;
    };
    set.figure(path)
        .and_then(|f| f.value.map(|v| f.unit().typed(v)))
        == Some(typed.normalize())
}

/// The rule sets of the comparison, in order.
pub fn sets_for(state: &AppState, scenario: &BuiltScenario) -> Vec<SetRef> {
    let catalog = crate::rules::catalog();
    state
        .selected
        .iter()
        .filter_map(|id| {
            if id == CUSTOM {
                scenario.rules.clone().map(SetRef::Custom)
            } else {
                catalog.get(id).map(SetRef::Published)
            }
        })
        .collect()
}

/// What the page shows.
#[derive(Clone, Debug)]
pub struct Computed {
    pub problems: Vec<Problem>,
    pub warnings: Vec<Warning>,
    /// The practice the results are for: the current entries, or the last
    /// valid ones while the current ones have problems.
    pub practice: Option<Rc<Practice>>,
    pub stale: bool,
    pub sets: Vec<SetRef>,
    pub comparison: Option<Comparison>,
    pub waterfall: Option<Waterfall>,
    pub breakeven: Option<BreakEven>,
    /// What changed in the rules from the first set to the target: it
    /// depends on the sets only, so `hooks::use_results` keeps it across
    /// keystrokes.
    pub changes: Option<Rc<RuleDiff>>,
    /// The cards' ranges, where the directions their ends take are known
    /// (`state::sure`).
    pub ranges: crate::state::sure::CardRanges,
    /// How long the engine took, in milliseconds.
    pub millis: f64,
}

impl Computed {
    /// The name of the compared set with `id`, or the id itself.
    pub fn set_name(&self, id: &str) -> String {
        self.sets
            .iter()
            .find(|s| &*s.get().id == id)
            .map(|s| s.get().name.to_string())
            .unwrap_or_else(|| id.to_string())
    }
}

/// The target's position among the sets compared (never the first).
fn target_index(state: &AppState, refs: &[&RuleSet]) -> usize {
    let target = refs
        .iter()
        .position(|r| r.custom.is_some() && state.target == CUSTOM || *r.id == *state.target)
        .unwrap_or(refs.len().saturating_sub(1));
    if target == 0 {
        refs.len().saturating_sub(1)
    } else {
        target
    }
}

/// What changed in the rules from the first set compared to the target, when
/// at least two are compared. It does not depend on the practice.
pub fn changes(state: &AppState, scenario: &BuiltScenario) -> Option<Rc<RuleDiff>> {
    let sets = sets_for(state, scenario);
    let refs: Vec<&RuleSet> = sets.iter().map(SetRef::get).collect();
    (refs.len() >= 2).then(|| {
        Rc::new(diff(
            crate::rules::catalog(),
            refs[0],
            refs[target_index(state, &refs)],
        ))
    })
}

/// Runs the engine for the state. `last_valid` is the practice from the last
/// valid entries, used while the current ones have problems.
pub fn compute(
    state: &AppState,
    scenario: &BuiltScenario,
    last_valid: Option<Rc<Practice>>,
    now: &dyn Fn() -> f64,
) -> Computed {
    let ends = crate::state::sure::Ends::new(&sets_for(state, scenario), &Default::default());
    compute_with::<FULL>(
        state,
        scenario,
        last_valid,
        changes(state, scenario),
        Some(&ends),
        now,
    )
}

/// What a page shows of the results, so that it computes (and its module
/// carries) nothing more: [`FULL`] for the full simulator, [`HEADLINE`] for
/// the small module's pages (the embed and the first view), which show the
/// cards and the waterfall and never the break-even or the rules' changes.
pub const FULL: bool = true;
pub const HEADLINE: bool = false;

/// [`compute`], given the rules' changes ([`changes`]) and the sets at the
/// ends the cards' ranges take (`sure::Ends`, for these sets) already
/// worked out.
/// With `ALL` false ([`HEADLINE`]) it leaves out the break-even and the
/// comparison's rows (its statements are there), and the engine's code for
/// them is not in a module that never asks for them.
pub fn compute_with<const ALL: bool>(
    state: &AppState,
    scenario: &BuiltScenario,
    last_valid: Option<Rc<Practice>>,
    changes: Option<Rc<RuleDiff>>,
    ends: Option<&crate::state::sure::Ends>,
    now: &dyn Fn() -> f64,
) -> Computed {
    let catalog = crate::rules::catalog();
    let start = now();
    let (practice, problems, warnings, stale) = match validate(&state.form.to_raw(), catalog) {
        Ok((p, w)) => (Some(Rc::new(p)), Vec::new(), w, false),
        Err(problems) => (
            last_valid.clone(),
            problems,
            Vec::new(),
            last_valid.is_some(),
        ),
    };
    let sets = sets_for(state, scenario);
    let mut out = Computed {
        problems,
        warnings,
        practice: practice.clone(),
        stale,
        sets: sets.clone(),
        comparison: None,
        waterfall: None,
        breakeven: None,
        changes: None,
        ranges: Default::default(),
        millis: 0.0,
    };
    if let Some(p) = practice {
        let refs: Vec<&RuleSet> = sets.iter().map(SetRef::get).collect();
        if refs.len() >= 2 {
            let prepared: Vec<Prepared> = refs.iter().map(|r| Prepared::new(r)).collect();
            // The headline pages show the statements' totals, never the
            // rows line by line, so they leave the rows empty.
            let cmp = if ALL {
                compare(catalog, &prepared, &p)
            } else {
                Comparison {
                    statements: prepared.iter().map(|s| statement(catalog, s, &p)).collect(),
                    rows: Vec::new(),
                }
            };
            let target = target_index(state, &refs);
            out.waterfall = Some(waterfall(catalog, &prepared[0], &prepared[target], &p));
            if ALL {
                // The baseline is usually among the sets shown, already prepared.
                let base = catalog.baseline();
                let other;
                let baseline = match prepared.iter().find(|s| s.rules().id == base.id) {
                    Some(b) => b,
                    None => {
                        other = Prepared::new(base);
                        &other
                    }
                };
                out.breakeven = Some(what_would_it_take(catalog, baseline, &prepared[target], &p));
            }
            if let Some(ends) = ends {
                let totals: Vec<_> = cmp.statements.iter().map(|s| s.total).collect();
                out.ranges = crate::state::sure::card_ranges(ends, &totals, &p);
            }
            out.changes = changes;
            out.comparison = Some(cmp);
        }
    }
    out.millis = now() - start;
    out
}

/// One achievement row: an indicator lineage, under the code it first had.
#[derive(Clone, Debug, PartialEq)]
pub struct AchievementRow {
    pub code: String,
    pub description: String,
    pub all_or_nothing: bool,
    pub typical: Option<String>,
    /// Where it goes later: "CHD002 (2013/14)".
    pub later: Vec<String>,
    pub first_year: String,
}

/// Achievement rows grouped by area, in the order indicators first appear in
/// enacted rule sets. Built once from the catalog.
pub fn achievement_rows() -> &'static [(String, Vec<AchievementRow>)] {
    static ROWS: OnceLock<Vec<(String, Vec<AchievementRow>)>> = OnceLock::new();
    ROWS.get_or_init(|| {
        let c = crate::rules::catalog();
        let mut seen: HashSet<u32> = HashSet::new();
        let mut groups: Vec<(String, Vec<AchievementRow>)> = Vec::new();
        for (s, kind) in c.sets.iter().zip(&c.kinds) {
            if *kind != SetKind::Enacted {
                continue;
            }
            for ind in &s.qof.indicators {
                let lineage = c.codes.lineage[ind.code_id as usize];
                if !seen.insert(lineage) {
                    continue;
                }
                let mut later = Vec::new();
                for (t, k) in c.sets.iter().zip(&c.kinds) {
                    if *k != SetKind::Enacted || t.order <= s.order {
                        continue;
                    }
                    for i in &t.qof.indicators {
                        if c.codes.lineage[i.code_id as usize] == lineage && i.code != ind.code {
                            let label = format!("{} ({})", i.code, t.short_name);
                            if !later.contains(&label) {
                                later.push(label);
                            }
                        }
                    }
                }
                let typical = match ind.kind {
                    IndicatorKind::Threshold => ind
                        .typical_achievement
                        .map(|t| gpsim_engine::Percent(t).display()),
                    _ => Some("met".to_string()),
                };
                let area = if s.order == c.baseline().order {
                    s.qof.areas[ind.area].name.to_string()
                } else {
                    format!("{} (new in {})", s.qof.areas[ind.area].name, s.short_name)
                };
                let row = AchievementRow {
                    code: ind.code.to_string(),
                    description: ind.description.to_string(),
                    all_or_nothing: ind.kind != IndicatorKind::Threshold,
                    typical,
                    later,
                    first_year: s.short_name.to_string(),
                };
                match groups.iter_mut().find(|(a, _)| *a == area) {
                    Some((_, rows)) => rows.push(row),
                    None => groups.push((area, vec![row])),
                }
            }
        }
        groups
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::form::Field;
    use crate::state::{Action, AppState};
    use yew::Reducible;

    fn clock() -> f64 {
        0.0
    }

    #[test]
    fn the_opening_state_shows_2012_13_against_2013_14_for_the_average_practice() {
        let s = AppState::default();
        let c = compute(&s, &build_scenario(&s.scenario), None, &clock);
        let cmp = c.comparison.expect("results on opening");
        assert_eq!(cmp.statements.len(), 2);
        assert!(c.waterfall.is_some() && c.breakeven.is_some() && c.changes.is_some());
        assert!(c.problems.is_empty());
        // The cards' ranges, at the build's directions (the example's own),
        // are the engine's ranges for the example practice.
        let catalog = crate::rules::catalog();
        let p = c.practice.as_deref().unwrap();
        let sets: Vec<&RuleSet> = c.sets.iter().map(SetRef::get).collect();
        for (i, rs) in sets.iter().enumerate() {
            let (want, _) = gpsim_engine::ranges::statement_range(catalog, rs, p);
            assert_eq!(c.ranges.totals[i], Some(want), "{}", rs.id);
        }
        let want = gpsim_engine::ranges::change_range(catalog, sets[0], sets[1], p);
        assert_eq!(c.ranges.changes, vec![None, Some(want)]);
    }

    /// The small module's pages show what the full simulator shows, to the
    /// penny: the same statements and waterfall, with nothing else worked out.
    #[test]
    fn headline_results_are_the_full_results_without_the_extras() {
        for preset in crate::rules::presets() {
            let s = Rc::new(AppState::default()).reduce(Action::LoadPreset(preset.id.clone()));
            let sc = build_scenario(&s.scenario);
            let ends = crate::state::sure::Ends::new(&sets_for(&s, &sc), &Default::default());
            let full = compute_with::<FULL>(&s, &sc, None, changes(&s, &sc), Some(&ends), &clock);
            let head = compute_with::<HEADLINE>(&s, &sc, None, None, Some(&ends), &clock);
            let (f, h) = (full.comparison.unwrap(), head.comparison.unwrap());
            // Compared whole, line by line, through their debug text.
            assert_eq!(
                format!("{:?}", f.statements),
                format!("{:?}", h.statements),
                "{}",
                preset.id
            );
            assert!(!f.rows.is_empty() && h.rows.is_empty());
            assert_eq!(full.ranges, head.ranges, "{}", preset.id);
            assert_eq!(
                format!("{:?}", full.waterfall),
                format!("{:?}", head.waterfall),
                "{}",
                preset.id
            );
            assert!(full.breakeven.is_some() && head.breakeven.is_none());
            assert!(head.changes.is_none());
        }
    }

    #[test]
    fn bad_input_keeps_the_last_valid_results_and_reports_the_field() {
        let s = AppState::default();
        let good = compute(&s, &build_scenario(&s.scenario), None, &clock);
        let bad = Rc::new(s).reduce(Action::SetField(Field::ListSize, "lots".into()));
        let c = compute(
            &bad,
            &build_scenario(&bad.scenario),
            good.practice.clone(),
            &clock,
        );
        assert!(c.stale);
        assert_eq!(c.problems[0].field, "list_size");
        assert_eq!(
            c.comparison.unwrap().totals(),
            good.comparison.unwrap().totals()
        );
    }

    #[test]
    fn scenario_edits_that_break_rules_are_reported_and_the_rest_apply() {
        let mut s = AppState::default();
        s.scenario
            .edits
            .insert("qof.point_value".into(), "170".into());
        s.scenario
            .edits
            .insert("funding.ooh_deduction".into(), "150".into());
        s.scenario
            .edits
            .insert("qof.average_list_size".into(), "abc".into());
        let b = build_scenario(&s.scenario);
        let rs = b.rules.expect("valid edits still build");
        assert_eq!(
            rs.qof.point_value.value,
            Some(rust_decimal::Decimal::from(170))
        );
        assert!(
            b.errors["funding.ooh_deduction"].contains("150%"),
            "{:?}",
            b.errors
        );
        assert!(b.errors.contains_key("qof.average_list_size"));
    }

    #[test]
    fn typing_the_published_value_back_is_not_an_edit() {
        assert!(is_published_value(
            "2013-14",
            "funding.ooh_deduction",
            "4.7"
        ));
        assert!(is_published_value("2013-14", "qof.point_value", "156.92"));
        assert!(!is_published_value("2013-14", "qof.point_value", "170"));
        let s = AppState::default();
        let s = std::rc::Rc::new(s).reduce(crate::state::Action::SetEdit(
            "qof.point_value".into(),
            "156.920".into(),
        ));
        assert!(s.scenario.edits.is_empty(), "{:?}", s.scenario.edits);
    }
}
