//! The one thin module that touches browser APIs: a clock and the panic hook.
//! Everything else in the app is plain Rust over the engine.

/// Milliseconds from the page's time origin, or 0 outside a browser.
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Shows a readable message instead of a dead page if the app panics.
/// A release build aborts after a panic, so the message says to reload.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| show_panic_message(&info.to_string())));
}

/// Puts the "stopped working" message at the top of the page, once.
pub fn show_panic_message(detail: &str) {
    web_sys::console::error_1(&detail.into());
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = doc.body() else { return };
    if doc.get_element_by_id("panic").is_some() {
        return;
    }
    let Ok(div) = doc.create_element("div") else {
        return;
    };
    div.set_id("panic");
    let _ = div.set_attribute("role", "alert");
    let _ = div.set_attribute("class", "panic");
    div.set_inner_html(
        "<h2>Sorry, the simulator stopped working</h2>\
         <p>Something went wrong that it could not recover from. Reload the page to start again. \
         Nothing you entered was sent anywhere.</p><p class=\"panic-detail\"></p>",
    );
    if let Ok(Some(p)) = div.query_selector(".panic-detail") {
        p.set_text_content(Some(&format!("Technical detail: {detail}")));
    }
    let _ = body.prepend_with_node_1(&div);
}
