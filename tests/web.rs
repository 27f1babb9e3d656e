//! Browser tests: run with `cargo test --target wasm32-unknown-unknown` and
//! wasm-bindgen-test-runner driving headless Chromium (see scripts/test.sh).
#![cfg(target_arch = "wasm32")]

use gpsim_app::{browser, state::model, state::AppState};
use gpsim_engine::prepared::Prepared;
use gpsim_engine::{presets, statement, validate, Catalog};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The engine in WebAssembly gives exactly the native engine's pinned
/// results: Decimal arithmetic does not depend on the target.
#[wasm_bindgen_test]
fn wasm_engine_matches_the_native_regression_pins() {
    let pins: serde_json::Value =
        toml::from_str(include_str!("../crates/engine/tests/cases/regression.toml"))
            .expect("pins parse");
    let cases = pins["case"].as_array().expect("cases");
    assert!(cases.len() >= 16);
    let c = Catalog::builtin();
    let presets = presets::builtin();
    for case in cases {
        let preset = presets
            .iter()
            .find(|p| p.id == case["preset"].as_str().unwrap())
            .expect("preset");
        let (p, _) = validate(&preset.practice, c).expect("valid");
        let rs = c.get(case["rules"].as_str().unwrap()).expect("rules");
        let st = statement(c, &Prepared::new(rs), &p);
        assert_eq!(
            st.total.to_pence_string(),
            case["total"].as_str().unwrap(),
            "{} under {}",
            preset.id,
            rs.id
        );
    }
}

/// The app's derived model runs in the browser with the browser's clock.
#[wasm_bindgen_test]
fn the_model_computes_a_four_way_comparison_in_the_browser() {
    let s = AppState {
        selected: vec![
            "2012-13".into(),
            "proposal-2012-10".into(),
            "2013-14".into(),
            "2014-15".into(),
        ],
        target: "2014-15".into(),
        ..AppState::default()
    };
    let sc = model::build_scenario(&s.scenario);
    let c = model::compute(&s, &sc, None, &browser::now);
    assert_eq!(c.comparison.expect("results").statements.len(), 4);
    assert!(
        c.millis >= 0.0 && c.millis < 1000.0,
        "timed with the browser clock: {}",
        c.millis
    );
}

/// The app mounts and shows results without any input.
#[wasm_bindgen_test]
async fn the_app_renders_results_on_opening() {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<gpsim_app::app::App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    let cards = root.query_selector_all(".card-total").unwrap();
    assert_eq!(cards.length(), 2);
    let text = root.text_content().unwrap();
    assert!(text.contains("2013/14 as imposed"));
    assert!(text.contains("Where the money moved"));
}

/// A panic leaves a readable message, not a dead page.
#[wasm_bindgen_test]
fn a_panic_shows_a_readable_message() {
    browser::show_panic_message("test detail");
    let doc = web_sys::window().unwrap().document().unwrap();
    let el = doc.get_element_by_id("panic").expect("message shown");
    assert_eq!(el.get_attribute("role").as_deref(), Some("alert"));
    assert!(el.text_content().unwrap().contains("Reload the page"));
    assert!(el.text_content().unwrap().contains("test detail"));
}
