//! The embed: a compact page for a news article's column (300–700 px). The
//! headline comparison, the few inputs a reader would change (an example
//! practice, the list size, the services taken up), the waterfall, and a
//! link that carries the scenario to the full simulator. Its height goes to
//! the host page (see `embed.rs` and `browser::watch_height`).

use super::common::TextField;
use super::practice::{setter, Dispatch, Errors, PresetChooser, Services};
use super::results::{Shared, SummaryCards};
use super::waterfall::WaterfallChart;
use crate::state::form::{Field, Form};
use crate::state::model::Computed;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EmbedProps {
    pub form: Rc<Form>,
    pub preset: Option<String>,
    pub computed: Shared<Computed>,
    pub errors: Errors,
    pub dispatch: Dispatch,
    /// The full simulator's address for this scenario.
    pub full: String,
    /// A link that could not be read, if the embed's address was damaged.
    pub link_error: Option<String>,
}

#[component]
pub fn EmbedView(p: &EmbedProps) -> Html {
    let c = &p.computed.0;
    html! {
        <div class="embed" id="embed">
            <main id="main">
                if let Some(message) = &p.link_error {
                    <div class="link-error" role="alert" id="link-error">{ message.clone() }</div>
                }
                <h1 class="embed-title">{ "What the GP contract changes did to a practice's income" }</h1>
                if c.stale {
                    <p class="stale-note" role="status">{ "Showing results for the last valid entries until the list size is fixed." }</p>
                }
                <section aria-label="Income under each contract">
                    <SummaryCards computed={p.computed.clone()} />
                </section>
                <section class="embed-inputs" aria-labelledby="embed-inputs-h">
                    <h2 id="embed-inputs-h" class="embed-h">{ "Try another practice" }</h2>
                    <PresetChooser preset={p.preset.clone()} dispatch={p.dispatch.clone()} />
                    <TextField id={Field::ListSize.dom_id()} label="Registered list" hint={AttrValue::from("Patients registered at 1 January. The weighted list the global sum is paid on changes with it, in proportion.")} value={p.form.list_size.clone()}
                        error={p.errors.get(&Field::ListSize)} width="input-6" inputmode="numeric" oninput={setter(&p.dispatch, Field::ListSize)} />
                    <Services off={Rc::new(p.form.services_off.clone())} activity={Rc::new(p.form.activity.clone())} errors={p.errors.under(&["f-services", "f-activity"])} dispatch={p.dispatch.clone()} />
                </section>
                <WaterfallChart computed={p.computed.clone()} gaps_listed={false} />
                <p class="embed-foot">
                    <a href={p.full.clone()} target="_blank" rel="noopener" id="embed-full">{ "Open the full simulator" }</a>
                    { " for every payment line by line, the sources of every figure and the gaps in our data. Everything runs in your browser: nothing you enter leaves this device." }
                </p>
            </main>
        </div>
    }
}
