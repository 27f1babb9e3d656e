//! The root component: one reducer for state, memos for everything derived.

use crate::browser;
use crate::browser::store;
use crate::sharing::link::{from_fragment, to_fragment, Contents};
use crate::sharing::saved::{self, Record};
use crate::state::model::{build_scenario, Computed};
use crate::state::{Action, AppState};
use crate::views::find::FindPractice;
use crate::views::glossary::WordsAndLimits;
use crate::views::keep::{open_practice_file, Downloads, FileNews, FileNewsBox, KeepPanel};
use crate::views::national::NationalView;
use crate::views::notes::{BreakEvenNote, Footer, WhatChanged};
use crate::views::practice::{
    Achievement, ErrorSummary, Errors, PracticeDetails, PresetChooser, Registers, Services,
};
use crate::views::results::{ComparisonTable, Gaps, SetChooser, Shared, SummaryCards};
use crate::views::scenario::ScenarioEditor;
use crate::views::share::SharePanel;
use crate::views::top::{self, masthead};
use crate::views::waterfall::WaterfallChart;
use std::rc::Rc;
use yew::prelude::*;

/// The story of the changes, with its figures read from the rules data.
fn context_story() -> String {
    let c = crate::rules::catalog();
    let figure = |set: &str,
                  get: fn(&gpsim_engine::RuleSet) -> Option<rust_decimal::Decimal>,
                  show: fn(rust_decimal::Decimal) -> String| {
        c.get(set)
            .and_then(get)
            .map(show)
            .unwrap_or_else(|| "a figure not found".to_string())
    };
    let divisor = |rs: &gpsim_engine::RuleSet| rs.qof.average_list_size.value;
    let list = |v| gpsim_engine::money::group_thousands(v, 0, "");
    format!(
        "In October 2012 the Department of Health proposed to rewrite the GP (GMS) contract for 2013/14: stop paying Quality and Outcomes Framework (QOF) points for organisational tasks such as record keeping, make QOF follow NICE advice with new indicators and higher thresholds, and reinvest the money in new schemes for dementia, the most frail patients, online access and remote monitoring of long-term conditions. The contract was imposed in 2013/14 with the average list size used to scale QOF changed from {} to {}. In 2014/15 QOF shrank to {}, with most of the money moved into the global sum, and the minimum practice income guarantee (MPIG) began to be phased out.",
        figure("2012-13", divisor, list),
        figure("2013-14", divisor, list),
        figure("2014-15", |rs| rs.qof.official_total_points.value, |v| gpsim_engine::figure::Unit::Points.format(v)),
    )
}

/// How the page opened.
#[derive(Clone, Debug, PartialEq)]
enum Opening {
    Fresh,
    /// From a link (or the history entry, on a reload), with what the
    /// reader should be told about it.
    Link(Vec<String>),
    /// The last session, kept in this browser, came back.
    Resumed,
    /// A link or the kept session could not be read: the message.
    Unreadable(String),
}

/// The state the page opens on: the history entry's (a reload), else the
/// link's, else the last session kept in this browser, else the default.
fn opening_state() -> (AppState, Opening) {
    let Some(text) = browser::opening_link() else {
        return match store::last_session().map(|t| saved::read(&t)) {
            None => (AppState::default(), Opening::Fresh),
            Some(Ok((_, state))) => (state, Opening::Resumed),
            Some(Err(why)) => {
                // Keep the unreadable session for whoever can read it.
                let _ = store::set_aside(saved::LAST_SESSION);
                (
                    AppState::default(),
                    Opening::Unreadable(format!(
                        "Your last session could not be restored: {why}. It is kept aside in this browser's storage. Opening the example practice instead."
                    )),
                )
            }
        };
    };
    match from_fragment(&text, &AppState::default()) {
        Ok(d) => (d.state, Opening::Link(d.notes)),
        Err(e) => (AppState::default(), Opening::Unreadable(e.to_string())),
    }
}

/// The parts of the state that only deliberate choices change.
type Deliberate = (
    Vec<String>,
    String,
    String,
    Option<String>,
    std::collections::BTreeSet<String>,
    Option<String>,
);

/// A change to any deliberate part is a new history entry; typing only
/// replaces the current one.
fn deliberate(s: &AppState) -> Deliberate {
    (
        s.selected.clone(),
        s.target.clone(),
        s.scenario.base.clone(),
        s.preset.clone(),
        s.expanded.clone(),
        s.explaining.clone(),
    )
}

#[component]
pub fn App() -> Html {
    let opening = use_memo((), |_| opening_state());
    let state = use_reducer({
        let s = opening.0.clone();
        move || s
    });
    let (link_error, resumed) = match &opening.1 {
        Opening::Unreadable(m) => (Some(m.clone()), false),
        Opening::Resumed => (None, true),
        Opening::Fresh | Opening::Link(_) => (None, false),
    };
    let link_notes = match &opening.1 {
        Opening::Link(notes) => notes.clone(),
        _ => Vec::new(),
    };
    // The first view (drawn by the small module on a first visit) gives way
    // once this has rendered; until then this renders hidden behind it.
    use_effect_with((), |_| browser::remove_element(crate::first_view::ROOT_ID));
    let news = use_state(|| None::<FileNews>);
    let session_problem = use_state(|| None::<String>);
    let dragging = use_state(|| false);
    // Back and forward restore the states the user made.
    {
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            browser::on_history_move(move |text| {
                if let Ok(d) = from_fragment(&text, &AppState::default()) {
                    dispatch.dispatch(Action::Restore(Box::new(d.state)));
                }
            });
        });
    }
    // Every state is recorded in the history: the address bar shows the
    // rules-only link, the entry keeps the practice too.
    {
        let last = use_mut_ref(|| None::<Deliberate>);
        let session_problem = session_problem.clone();
        use_effect_with((*state).clone(), move |s| {
            let full = to_fragment(s, Contents::WithPractice);
            let key = deliberate(s);
            if browser::history_state().as_deref() != Some(full.as_str()) {
                let push = last.borrow().as_ref().is_some_and(|prev| *prev != key);
                // The last session, for the next visit; saying once if it fails.
                let (session_problem, kept) = (session_problem.clone(), s.clone());
                let remember = move || {
                    let r = Record::new(
                        "Last session",
                        &kept,
                        &browser::today(),
                        store::epoch_millis(),
                    );
                    let problem = store::remember(&r).err();
                    if *session_problem != problem {
                        session_problem.set(problem);
                    }
                };
                browser::record_history_soon(
                    full,
                    to_fragment(s, Contents::RulesOnly),
                    push,
                    remember,
                );
            }
            *last.borrow_mut() = Some(key);
        });
    }
    let scenario = use_memo(state.scenario.clone(), build_scenario);
    let sure = crate::views::sure::use_sure(&state);
    let computed: Rc<Computed> =
        crate::state::hooks::use_results(&state, scenario.clone(), sure.known.clone());
    // A figure the "How sure" panel opened in the scenario editor: each
    // press a new one, so the same figure can be opened twice.
    let focus = use_state(|| None::<(u64, String)>);
    let on_open = {
        let (focus, dispatch, base) = (
            focus.clone(),
            state.dispatcher(),
            state.scenario.base.clone(),
        );
        Callback::from(move |(set, path): (String, String)| {
            if set != base {
                dispatch.dispatch(Action::SetScenarioBase(set));
            }
            let n = focus.as_ref().map_or(0, |f| f.0) + 1;
            focus.set(Some((n, path)));
        })
    };
    let shared = Shared(computed.clone());
    let dispatch = state.dispatcher();
    let errors = Errors::from_problems(&computed.problems);
    let problems = Rc::new(computed.problems.clone());
    let form = &state.form;
    let scenario_errors = Rc::new(scenario.errors.clone());
    // A practice file dropped on the editor opens like a chosen one.
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_drop = {
        let (dispatch, news, dragging) = (dispatch.clone(), news.clone(), dragging.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(f) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|l| l.get(0))
            {
                open_practice_file(f, true, dispatch.clone(), news.clone());
            }
        })
    };
    html! {
        <>
            { masthead("main") }
            <main id="main" class="width-container main">
                if let Some(message) = link_error {
                    <div class="link-error" role="alert" id="link-error">{ message }</div>
                }
                if !link_notes.is_empty() {
                    <div class="link-error" role="status" id="link-notes">
                        <p>{ "This link opened, with something to know about it:" }</p>
                        <ul>{ for link_notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
                    </div>
                }
                <h1 class="title">{ top::TITLE }</h1>
                <p class="lede">{ top::lede() }</p>
                <section class="summary" aria-labelledby="summary-h">
                    <h2 id="summary-h" class="visually-hidden">{ "Income under each contract" }</h2>
                    if computed.stale {
                        <p class="stale-note" role="status">{ "Showing results for your last valid entries until the problems in the form are fixed." }</p>
                    }
                    <SummaryCards computed={shared.clone()} />
                </section>
                <crate::views::printed::PrintedInputs form={Rc::new(form.clone())} weighted_follows={state.weighted_ratio.is_some()} />
                <p class="privacy-note">{ top::PRIVACY }</p>
                <SetChooser selected={state.selected.clone()} target={state.target.clone()} has_custom={!state.scenario.edits.is_empty()} dispatch={dispatch.clone()} />
                if resumed {
                    <div class="resumed" id="resumed" role="status">
                        <p>{ "Welcome back: this is where you left off, kept in this browser." }</p>
                        <button type="button" class="button button-secondary button-small" id="start-afresh" onclick={{
                            let d = dispatch.clone();
                            Callback::from(move |_: MouseEvent| d.dispatch(Action::Restore(Box::default())))
                        }}>{ "Start again with the example practice" }</button>
                    </div>
                }
                <SharePanel state={state.clone()} />
                <KeepPanel state={state.clone()} news={news.clone()} session_problem={(*session_problem).clone()} />
                <details class="context">
                    <summary>{ "What changed, and why it mattered" }</summary>
                    <p>{ context_story() }</p>
                    <p>{ "Start from an example practice or enter your own figures. Open any line of the results to see how it is worked out and where each figure comes from." }</p>
                </details>
                <div class="layout">
                    <section class={classes!("editor", dragging.then_some("dragging"))} aria-labelledby="editor-h" ondragover={on_drag_over} ondragleave={on_drag_leave} ondrop={on_drop}>
                        <h2 id="editor-h">{ "Your practice" }</h2>
                        <FileNewsBox news={(*news).clone()} dropped={true} />
                        <ErrorSummary problems={problems} stale={computed.stale} />
                        <PresetChooser preset={state.preset.clone()} dispatch={dispatch.clone()} />
                        <FindPractice dispatch={dispatch.clone()} />
                        <PracticeDetails form={Rc::new(form.clone())} errors={errors.clone()} dispatch={dispatch.clone()} />
                        <Registers registers={Rc::new(form.registers.clone())} list_size={form.list_size.clone()} errors={errors.under(&["f-registers"])} dispatch={dispatch.clone()} />
                        <Achievement achievement={Rc::new(form.achievement.clone())} errors={errors.under(&["f-achievement"])} full={form.default_achievement == "full"} dispatch={dispatch.clone()} />
                        <Services off={Rc::new(form.services_off.clone())} activity={Rc::new(form.activity.clone())} errors={errors.under(&["f-services", "f-activity"])} dispatch={dispatch.clone()} />
                    </section>
                    <section class="results" aria-labelledby="results-h">
                        <h2 id="results-h" class="visually-hidden">{ "Results" }</h2>
                        <WaterfallChart computed={shared.clone()} />
                        <BreakEvenNote computed={shared.clone()} />
                        <crate::views::sure::HowSure computed={shared.clone()} sure={sure.clone()} on_open={on_open}
                            editing={state.scenario.base.clone()} edits={state.scenario.edits.len()} />
                        <h2 id="table-h">{ "Payment by payment" }</h2>
                        <ComparisonTable computed={shared.clone()} expanded={Rc::new(state.expanded.clone())} explaining={state.explaining.clone()} dispatch={dispatch.clone()} />
                        <Downloads computed={shared.clone()} practice={state.form.name.clone()} />
                        <WhatChanged computed={shared.clone()} />
                        <Gaps computed={shared.clone()} />
                    </section>
                </div>
                <NationalView from={state.selected.first().cloned().unwrap_or_default()} to={state.target.clone()} scenario={Rc::new(state.scenario.clone())}
                    yours={computed.waterfall.as_ref().map(|w| (w.from_total, w.to_total))} open={state.national} dispatch={dispatch.clone()} />
                <ScenarioEditor scenario={Rc::new(state.scenario.clone())} errors={scenario_errors} dispatch={dispatch.clone()} focus={(*focus).clone()} />
                <crate::views::checked::HowWeChecked />
                <WordsAndLimits />
            </main>
            <Footer millis={computed.millis} sets={computed.sets.len()} />
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::context_story;

    #[test]
    fn the_story_takes_its_figures_from_the_rules_data() {
        let c = crate::rules::catalog();
        let story = context_story();
        for set in ["2012-13", "2013-14"] {
            let divisor = c.get(set).unwrap().qof.average_list_size.value.unwrap();
            let shown = gpsim_engine::money::group_thousands(divisor, 0, "");
            assert!(story.contains(&shown), "{set} divisor {shown} in: {story}");
        }
        assert!(!story.contains("not found"), "{story}");
    }
}
