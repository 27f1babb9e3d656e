//! The app's one state and its reducer. Everything shown is derived from this
//! state (see `model`), never stored twice.

pub mod form;
pub mod hooks;
pub mod model;
pub mod sure;

use crate::state::form::{Field, Form};
use gpsim_engine::practice::parse_number_text;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use yew::Reducible;

/// The id the custom scenario has among the rule sets.
pub use gpsim_share::link::CUSTOM;
use gpsim_share::link::{OPENING_SETS, OPENING_TARGET};

#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// The published rule set being edited.
    pub base: String,
    /// Figure path → value as typed.
    pub edits: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub form: Form,
    /// The preset last loaded, if the form still holds it unchanged.
    pub preset: Option<String>,
    /// Rule sets compared, in catalog order; the first is the baseline.
    pub selected: Vec<String>,
    /// The rule set the waterfall and "what would it take" look at.
    pub target: String,
    pub scenario: Scenario,
    /// Result rows opened to show their parts.
    pub expanded: BTreeSet<String>,
    /// The result row whose explanation is open.
    pub explaining: Option<String>,
    /// The national view is open (links carry it from format 2).
    pub national: bool,
    /// While the user has not typed a weighted list, it follows the
    /// registered list at this ratio (the weighted list over the list when
    /// the practice was loaded), so 6,911 → 12,000 patients does not leave
    /// the global sum paid on 6,911 weighted ones.
    pub weighted_ratio: Option<Decimal>,
}

/// The ratio the weighted list follows the registered list at, from a
/// form: none when either is blank or not a number (a blank weighted list
/// is the registered list already).
pub fn follow_ratio(form: &Form) -> Option<Decimal> {
    let list = parse_number_text(&form.list_size)?;
    let weighted = parse_number_text(&form.weighted_list)?;
    (list > Decimal::ZERO).then(|| weighted / list)
}

impl Default for AppState {
    fn default() -> Self {
        let preset = crate::rules::presets().iter().next();
        let form = preset
            .as_ref()
            .map(|p| Form::from_raw(&p.practice))
            .unwrap_or_default();
        AppState {
            weighted_ratio: follow_ratio(&form),
            form,
            preset: preset.map(|p| p.id.clone()),
            selected: OPENING_SETS.map(String::from).to_vec(),
            target: OPENING_TARGET.into(),
            scenario: Scenario {
                base: OPENING_TARGET.into(),
                edits: BTreeMap::new(),
            },
            expanded: BTreeSet::new(),
            explaining: None,
            national: false,
        }
    }
}

pub enum Action {
    SetField(Field, String),
    LoadPreset(String),
    /// A practice file read cleanly: the whole form at once.
    LoadForm(Box<Form>),
    /// Adds or removes a rule set from the comparison.
    ToggleSet(String),
    SetTarget(String),
    SetScenarioBase(String),
    SetEdit(String, String),
    ResetEdit(String),
    ResetAllEdits,
    ToggleRow(String),
    Explain(Option<String>),
    /// The national view opened or closed.
    SetNational(bool),
    /// Back, forward or a share link: the whole state at once.
    Restore(Box<AppState>),
}

/// The catalog order of rule set ids, with the custom scenario last.
pub fn set_order(id: &str) -> usize {
    let c = crate::rules::catalog();
    c.sets
        .iter()
        .position(|s| &*s.id == id)
        .unwrap_or(c.sets.len())
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::SetField(field, value) => {
                if s.form.get(&field) == value {
                    return self;
                }
                match field {
                    Field::WeightedList => s.weighted_ratio = None,
                    Field::ListSize => {
                        let list = parse_number_text(&value).filter(|l| *l > Decimal::ZERO);
                        if let (Some(r), Some(l)) = (s.weighted_ratio, list) {
                            let w = gpsim_engine::money::round_half_up(l * r, 0);
                            s.form.set(&Field::WeightedList, w.normalize().to_string());
                        }
                    }
                    _ => {}
                }
                s.form.set(&field, value);
                s.preset = None;
            }
            Action::LoadPreset(id) => match crate::rules::presets().iter().find(|p| p.id == id) {
                Some(p) => {
                    s.form = Form::from_raw(&p.practice);
                    s.weighted_ratio = follow_ratio(&s.form);
                    s.preset = Some(p.id.clone());
                }
                None => return self,
            },
            Action::LoadForm(form) => {
                s.form = *form;
                s.weighted_ratio = follow_ratio(&s.form);
                s.preset = None;
            }
            Action::ToggleSet(id) => {
                if let Some(i) = s.selected.iter().position(|x| *x == id) {
                    // Keep at least two rule sets: a comparison needs them.
                    if s.selected.len() <= 2 {
                        return self;
                    }
                    s.selected.remove(i);
                } else {
                    s.selected.push(id.clone());
                    s.selected.sort_by_key(|x| set_order(x));
                    s.target = id;
                }
                if !s.selected.contains(&s.target) || s.selected.first() == Some(&s.target) {
                    s.target = s.selected.last().cloned().unwrap_or_default();
                }
            }
            Action::SetTarget(id) => {
                if !s.selected.contains(&id) {
                    return self;
                }
                s.target = id;
            }
            Action::SetScenarioBase(id) => {
                s.scenario.base = id;
                s.scenario.edits.clear();
            }
            Action::SetEdit(path, value) => {
                if crate::state::model::is_published_value(&s.scenario.base, &path, &value) {
                    s.scenario.edits.remove(&path);
                    return Rc::new(s);
                }
                s.scenario.edits.insert(path, value);
                if !s.selected.iter().any(|x| x == CUSTOM) {
                    s.selected.push(CUSTOM.into());
                    s.target = CUSTOM.into();
                }
            }
            Action::ResetEdit(path) => {
                s.scenario.edits.remove(&path);
            }
            Action::ResetAllEdits => s.scenario.edits.clear(),
            Action::ToggleRow(id) => {
                if !s.expanded.remove(&id) {
                    s.expanded.insert(id);
                }
            }
            Action::Explain(id) => s.explaining = id,
            Action::SetNational(open) => s.national = open,
            Action::Restore(state) => {
                if *state == *self {
                    return self;
                }
                return Rc::new(*state);
            }
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(s: AppState, a: Action) -> AppState {
        (*Rc::new(s).reduce(a)).clone()
    }

    #[test]
    fn the_app_opens_with_the_average_practice_and_2012_13_against_2013_14() {
        let s = AppState::default();
        assert_eq!(s.preset.as_deref(), Some("average"));
        assert_eq!(s.selected, ["2012-13", "2013-14"]);
    }

    /// The weighted list follows the registered list in proportion until
    /// the user types one: the example's 6,911 → 12,000 once left the global
    /// sum paid on 6,911 weighted patients (£62 a patient, not about £90).
    #[test]
    fn the_weighted_list_follows_the_list_until_the_user_sets_it() {
        let s = apply(
            AppState::default(),
            Action::LoadPreset("small-rural".into()),
        );
        assert_eq!(
            (s.form.list_size.as_str(), s.form.weighted_list.as_str()),
            ("2756", "2985")
        );
        // Keystroke by keystroke, as typed: the ratio is the loaded one.
        let mut t = s.clone();
        for typed in ["5", "55", "551", "5512"] {
            t = apply(t, Action::SetField(Field::ListSize, typed.into()));
        }
        assert_eq!(t.form.weighted_list, "5970", "2985 × 5512 / 2756");
        let back = apply(t, Action::SetField(Field::ListSize, "2756".into()));
        assert_eq!(back.form.weighted_list, "2985");
        // Junk in the list leaves the weighted list alone.
        let junk = apply(back, Action::SetField(Field::ListSize, "lots".into()));
        assert_eq!(junk.form.weighted_list, "2985");
        // Once typed, the weighted list is the user's.
        let own = apply(s, Action::SetField(Field::WeightedList, "3100".into()));
        let own = apply(own, Action::SetField(Field::ListSize, "6000".into()));
        assert_eq!(own.form.weighted_list, "3100");
    }

    #[test]
    fn a_comparison_always_keeps_two_rule_sets() {
        let s = apply(AppState::default(), Action::ToggleSet("2013-14".into()));
        assert_eq!(s.selected.len(), 2);
    }

    #[test]
    fn adding_a_set_keeps_catalog_order_and_targets_it() {
        let s = apply(
            AppState::default(),
            Action::ToggleSet("proposal-2012-10".into()),
        );
        assert_eq!(s.selected, ["2012-13", "proposal-2012-10", "2013-14"]);
        assert_eq!(s.target, "proposal-2012-10");
    }

    #[test]
    fn typing_keeps_the_text_even_when_it_is_not_a_number() {
        let s = apply(
            AppState::default(),
            Action::SetField(Field::ListSize, "6,9x1".into()),
        );
        assert_eq!(s.form.list_size, "6,9x1");
        assert_eq!(s.preset, None);
    }

    #[test]
    fn editing_a_figure_adds_the_custom_scenario() {
        let s = apply(
            AppState::default(),
            Action::SetEdit("qof.point_value".into(), "170".into()),
        );
        assert_eq!(s.selected.last().map(String::as_str), Some(CUSTOM));
        assert_eq!(s.target, CUSTOM);
    }
}
