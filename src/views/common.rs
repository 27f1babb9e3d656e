//! Small shared pieces: status badges, labelled inputs with their errors,
//! and money formatting. No state lives here.

use gpsim_engine::figure::Status;
use gpsim_engine::money::Money;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// A badge for a line made of many figures: "has gaps" when some figure
/// behind it was not found, otherwise the weakest status.
pub fn aggregate_badge(s: Status) -> Html {
    match s {
        Status::NotFound => {
            html! { <span class="badge badge-notfound" title="Some figures behind this line were not found; see the gaps below.">{ "has gaps" }</span> }
        }
        other => status_badge(other, false),
    }
}

/// A badge for a figure's status. Verified figures get none in tables, to
/// keep attention on what is not verified; explanations show every status.
pub fn status_badge(s: Status, show_verified: bool) -> Html {
    let (class, text) = match s {
        Status::Verified if !show_verified => return html! {},
        Status::Verified => ("badge badge-verified", "verified"),
        Status::Supported => ("badge badge-supported", "supported"),
        Status::Uncertain => ("badge badge-uncertain", "uncertain"),
        Status::NotFound => ("badge badge-notfound", "not found"),
    };
    html! { <span class={class} title={s.meaning()}>{ text }</span> }
}

/// `text` with every character that is not an ASCII letter or digit made a
/// hyphen: safe in an HTML id and a URL fragment.
pub fn id_safe(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// A wide table's sideways-scrolling region: named for screen readers and
/// reachable by keyboard (so its hidden columns can be scrolled to).
pub fn scroll_region(label: &str, table: Html) -> Html {
    html! {
        <div class="table-scroll" role="region" aria-label={label.to_string()} tabindex="0">{ table }</div>
    }
}

/// A count with its noun, singular or plural: "1 gap", "8 gaps" (the
/// page once said "gap(s)" and "1 practices match").
pub fn count_of(n: usize, one: &str, many: &str) -> String {
    let n_text = gpsim_engine::money::group_thousands(rust_decimal::Decimal::from(n as u64), 0, "");
    format!("{n_text} {}", if n == 1 { one } else { many })
}

pub fn pounds(m: Money) -> String {
    m.display_pounds()
}

pub fn change(m: Money) -> String {
    m.display_change()
}

/// Percentage change, one decimal place, signed.
/// A range in plain words, "between £597,140 and £641,935" (a change's
/// signed), each amount kept on one line ("−£24,251" never breaks after
/// its sign).
pub fn between_html(r: &gpsim_engine::ranges::Range, signed: bool, before: &str) -> Html {
    let f = |m| if signed { change(m) } else { pounds(m) };
    html! {
        <>{ format!("{before}between ") }<span class="nowrap">{ f(r.low) }</span>{ " and " }<span class="nowrap">{ f(r.high) }</span></>
    }
}

pub fn change_pct(change: Money, base: Money) -> String {
    if base.is_zero() {
        return String::new();
    }
    let pct = gpsim_engine::money::round_half_up(
        change.0 / base.0 * rust_decimal::Decimal::ONE_HUNDRED,
        1,
    );
    gpsim_engine::Percent(pct).display_change()
}

/// Keeps `open` in step with a `<details>` element, so a closed section can
/// skip building its contents on every render.
pub fn on_toggle(open: &UseStateHandle<bool>) -> Callback<Event> {
    let open = open.clone();
    Callback::from(move |e: Event| {
        let el: web_sys::HtmlDetailsElement = e.target_unchecked_into();
        if *open != el.open() {
            open.set(el.open());
        }
    })
}

/// Sends an input's text to `cb` as the user types.
pub fn on_text(cb: Callback<String>) -> Callback<InputEvent> {
    Callback::from(move |e: InputEvent| {
        cb.emit(e.target_unchecked_into::<HtmlInputElement>().value())
    })
}

/// Sends a checkbox's state to `cb` as "true" or "false".
pub fn on_check(cb: Callback<String>) -> Callback<Event> {
    Callback::from(move |e: Event| {
        cb.emit(
            e.target_unchecked_into::<HtmlInputElement>()
                .checked()
                .to_string(),
        )
    })
}

/// Sends a select's value to `cb`.
pub fn on_select(cb: Callback<String>) -> Callback<Event> {
    Callback::from(move |e: Event| {
        cb.emit(
            e.target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value(),
        )
    })
}

#[derive(Properties, PartialEq, Clone)]
pub struct TextFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    pub value: AttrValue,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// `numeric`, `decimal` or `text`.
    #[prop_or(AttrValue::Static("decimal"))]
    pub inputmode: AttrValue,
    #[prop_or(AttrValue::Static("input-10"))]
    pub width: AttrValue,
    #[prop_or_default]
    pub prefix: Option<AttrValue>,
    #[prop_or_default]
    pub suffix: Option<AttrValue>,
    pub oninput: Callback<String>,
}

/// A labelled text input with its hint and error, in the GOV.UK pattern:
/// the error sits above the input, and the input is described by both.
#[component]
pub fn TextField(p: &TextFieldProps) -> Html {
    let hint_id = format!("{}-hint", p.id);
    let error_id = format!("{}-error", p.id);
    let mut described = Vec::new();
    if p.hint.is_some() {
        described.push(hint_id.clone());
    }
    if p.error.is_some() {
        described.push(error_id.clone());
    }
    let group = if p.error.is_some() {
        "form-group form-group-error"
    } else {
        "form-group"
    };
    let input_class = classes!(
        "input",
        p.width.to_string(),
        p.error.is_some().then_some("input-error")
    );
    html! {
        <div class={group}>
            <label class="label" for={p.id.clone()}>{ p.label.clone() }</label>
            if let Some(h) = &p.hint {
                <div class="hint" id={hint_id.clone()}>{ h.clone() }</div>
            }
            if let Some(e) = &p.error {
                <p class="error-message" id={error_id.clone()}><span class="visually-hidden">{ "Error: " }</span>{ e.clone() }</p>
            }
            <div class="input-wrapper">
                if let Some(pre) = &p.prefix { <span class="input-prefix" aria-hidden="true">{ pre.clone() }</span> }
                <input
                    class={input_class}
                    id={p.id.clone()}
                    name={p.id.clone()}
                    type="text"
                    inputmode={p.inputmode.clone()}
                    spellcheck="false"
                    autocomplete="off"
                    value={p.value.clone()}
                    placeholder={p.placeholder.clone()}
                    aria-describedby={ if described.is_empty() { None } else { Some(described.join(" ")) } }
                    aria-invalid={ p.error.is_some().then_some("true") }
                    oninput={on_text(p.oninput.clone())}
                />
                if let Some(suf) = &p.suffix { <span class="input-suffix" aria-hidden="true">{ suf.clone() }</span> }
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_count_takes_the_right_noun() {
        assert_eq!(super::count_of(1, "gap", "gaps"), "1 gap");
        assert_eq!(super::count_of(8, "gap", "gaps"), "8 gaps");
        assert_eq!(
            super::count_of(0, "practice matches", "practices match"),
            "0 practices match"
        );
        assert_eq!(
            super::count_of(7959, "practice", "practices"),
            "7,959 practices"
        );
    }
}
