//! Browser tests: run with `cargo test --target wasm32-unknown-unknown` and
//! wasm-bindgen-test-runner driving headless Chromium (see scripts/test.sh).
#![cfg(target_arch = "wasm32")]

use gpsim_app::{browser, state::model, state::AppState};
use gpsim_engine::prepared::Prepared;
use gpsim_engine::{presets, statement, validate, Catalog};
use wasm_bindgen::{JsCast, JsValue};
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

/// The worker boundary, measured both ways for the national run's reply
/// (every practice): JSON text (`serde_json`, then a string crosses
/// `postMessage`) against a JavaScript value (`serde-wasm-bindgen`, then the
/// object graph is structured-cloned). Both must bring the same reply
/// across; the timings are printed, not asserted (ARCHITECTURE.md records
/// them and the choice).
#[wasm_bindgen_test]
fn the_national_reply_crosses_the_worker_boundary_both_ways() {
    use gpsim_app::national::{handle, Held, RunReply};
    const ASSET: &str = include_str!("../assets/national/population-2014-15.tsv");
    let mut held = Held::default();
    let load = serde_json::json!({"id": 1, "kind": "load", "text": ASSET}).to_string();
    assert!(handle(&mut held, &load).contains("\"ok\":true"));
    let run = r#"{"id":2,"kind":"run","from":"2013-14","to":"2014-15"}"#;
    let text = handle(&mut held, run);
    let reply: RunReply = serde_json::from_str(&text).expect("the run's reply reads");
    let practices = reply.summary.as_ref().expect("a summary").outcomes.len();
    assert!(practices > 7000, "{practices} practices");

    let clone = js_sys::Reflect::get(&js_sys::global(), &"structuredClone".into())
        .expect("structuredClone")
        .dyn_into::<js_sys::Function>()
        .expect("a function");
    let now = || web_sys::window().unwrap().performance().unwrap().now();
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (mut text_ms, mut value_ms) = (Vec::new(), Vec::new());
    let (mut text_sizes, mut value_back) = (0, String::new());
    for _ in 0..5 {
        let t0 = now();
        let sent = serde_json::to_string(&reply).unwrap();
        let crossed = clone
            .call1(&JsValue::NULL, &JsValue::from_str(&sent))
            .unwrap();
        let back: RunReply = serde_json::from_str(&crossed.as_string().unwrap()).unwrap();
        text_ms.push(now() - t0);
        text_sizes = sent.len();
        assert_eq!(serde_json::to_string(&back).unwrap(), text);

        let t0 = now();
        let sent = serde_wasm_bindgen::to_value(&reply).unwrap();
        let crossed = clone.call1(&JsValue::NULL, &sent).unwrap();
        let back: RunReply = serde_wasm_bindgen::from_value(crossed).unwrap();
        value_ms.push(now() - t0);
        value_back = serde_json::to_string(&back).unwrap();
    }
    assert_eq!(
        value_back, text,
        "the JavaScript value brings the same reply across"
    );
    console_log!(
        "worker boundary, national run 2013-14 -> 2014-15 ({practices} practices, {text_sizes} bytes of JSON): \
         JSON text {:.1} ms, serde-wasm-bindgen value {:.1} ms (median of 5; serialise, structured clone, read back)",
        median(text_ms),
        median(value_ms)
    );
}
