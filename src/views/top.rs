//! The top of the full simulator's page: the skip link, the header, the
//! title and the lede. The full app (`app.rs`) and its first view
//! (`first_view.rs`, from the small module) both draw it, so that the first
//! result and the full app that replaces it sit in the same place.

use yew::prelude::*;

/// The page's title, in both views.
pub const TITLE: &str = "What the GP contract changes did to a practice's income";

/// The privacy promise, shown under the headline figures.
pub const PRIVACY: &str = "Everything runs in your browser: nothing you enter leaves this device.";

/// The years the rules data covers, from its enacted sets: "The English GMS
/// contract, 2012/13 to 2014/15".
pub fn header_tag() -> String {
    let c = crate::rules::catalog();
    let enacted: Vec<&str> = c
        .sets
        .iter()
        .filter(|s| c.kind(&s.id) == Some(gpsim_engine::rules::SetKind::Enacted))
        .map(|s| &*s.short_name)
        .collect();
    match (enacted.first(), enacted.last()) {
        (Some(a), Some(b)) if a != b => format!("The English GMS contract, {a} to {b}"),
        (Some(a), _) => format!("The English GMS contract, {a}"),
        _ => "The English GMS contract".to_string(),
    }
}

/// The rule sets by name, as the data names them, in order.
pub fn lede() -> String {
    let names: Vec<&str> = crate::rules::catalog()
        .sets
        .iter()
        .map(|s| &*s.name)
        .collect();
    let list = match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.to_string(),
        None => String::new(),
    };
    format!("A practice's income under {list}, line by line, with every figure sourced.")
}

/// The skip link, to the `<main>` with this id, and the header bar.
pub fn masthead(main: &str) -> Html {
    html! {
        <>
            <a href={format!("#{main}")} class="skip-link">{ "Skip to main content" }</a>
            <header class="header">
                <div class="width-container header-inner">
                    <p class="header-title">{ "GP Contract Simulator" }</p>
                    <p class="header-tag">{ header_tag() }</p>
                </div>
            </header>
        </>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_header_and_lede_name_the_rule_sets_from_the_data() {
        let c = crate::rules::catalog();
        let lede = super::lede();
        for s in &c.sets {
            assert!(lede.contains(&*s.name), "{} in {lede}", s.name);
        }
        assert_eq!(
            super::header_tag(),
            "The English GMS contract, 2012/13 to 2014/15"
        );
    }
}
