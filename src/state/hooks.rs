//! The app's own hooks. `use_results` owns the engine run: the memo of the
//! computed results, and the practice from the last valid entries (history,
//! not derivable from the state), which results fall back to while entries
//! have problems. The memo only computes; the last valid practice is kept
//! by an effect after each render, so nothing is written during rendering.

use crate::state::model::{
    changes, compute_with, sets_for, BuiltScenario, Computed, FULL, HEADLINE,
};
use crate::state::sure::{Ends, Known};
use crate::state::AppState;
use gpsim_engine::practice::Practice;
use std::rc::Rc;
use yew::prelude::*;

/// The results for the state and its scenario, recomputed only when the
/// form, the chosen sets, the target or the scenario change. What changed in
/// the rules depends on the sets alone, so typing does not work it out again.
#[hook]
pub fn use_results(
    state: &UseReducerHandle<AppState>,
    scenario: Rc<BuiltScenario>,
    known: Rc<Known>,
) -> Rc<Computed> {
    use_results_of::<FULL>(state, scenario, known)
}

/// [`use_results`] for the small module's pages (the embed and the first
/// view): the cards and the waterfall, without the break-even or the rules'
/// changes, which only the full simulator shows. Neither is computed, and
/// neither's code is in the small module.
#[hook]
pub fn use_headline_results(
    state: &UseReducerHandle<AppState>,
    scenario: Rc<BuiltScenario>,
    known: Rc<Known>,
) -> Rc<Computed> {
    use_results_of::<HEADLINE>(state, scenario, known)
}

#[hook]
fn use_results_of<const ALL: bool>(
    state: &UseReducerHandle<AppState>,
    scenario: Rc<BuiltScenario>,
    known: Rc<Known>,
) -> Rc<Computed> {
    let last_valid = use_mut_ref(|| None::<Rc<Practice>>);
    // The sets at the ends the cards' ranges take: they depend on the sets
    // and the directions known, not on the practice, so typing never
    // builds them again. The small module's pages render once from their
    // link and never type, so they build them with the results (less code
    // in the module that must arrive first).
    let ends = {
        let (st, sc) = (state.clone(), scenario.clone());
        use_memo(
            (state.selected.clone(), scenario.clone(), known),
            move |(_, _, known)| ALL.then(|| Ends::new(&sets_for(&st, &sc), known)),
        )
    };
    let rule_changes = {
        let (st, sc) = (state.clone(), scenario.clone());
        use_memo(
            (
                state.selected.clone(),
                state.target.clone(),
                scenario.clone(),
            ),
            move |_| if ALL { changes(&st, &sc) } else { None },
        )
    };
    let computed = {
        let st = state.clone();
        let sc = scenario.clone();
        let last = last_valid.clone();
        use_memo(
            (
                state.form.clone(),
                state.selected.clone(),
                state.target.clone(),
                scenario,
                SameEnds(ends.clone()),
            ),
            move |_| {
                let once;
                let ends = match ends.as_ref() {
                    Some(e) => e,
                    None => {
                        once = Ends::new(&sets_for(&st, &sc), &Known::default());
                        &once
                    }
                };
                compute_with::<ALL>(
                    &st,
                    &sc,
                    last.borrow().clone(),
                    (*rule_changes).clone(),
                    Some(ends),
                    &crate::browser::now,
                )
            },
        )
    };
    {
        let last = last_valid.clone();
        use_effect_with(Run(computed.clone()), move |Run(c)| {
            if c.problems.is_empty() {
                *last.borrow_mut() = c.practice.clone();
            }
        });
    }
    computed
}

/// The memo's ends: the same only if they are the same allocation.
#[derive(Clone)]
struct SameEnds(Rc<Option<Ends>>);

impl PartialEq for SameEnds {
    fn eq(&self, other: &SameEnds) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// One run of the memo: the same run only if it is the same allocation.
struct Run(Rc<Computed>);

impl PartialEq for Run {
    fn eq(&self, other: &Run) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}
