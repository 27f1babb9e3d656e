//! GP Contract Simulator: the Yew single-page app over the payment engine.
//! Everything runs in the browser; no practice data leaves the device.

pub mod app;
pub mod browser;
pub mod embed;
pub mod files;
pub mod form;
pub mod hooks;
pub mod link;
pub mod model;
pub mod nationwide;
pub mod rules;
pub mod saved;
pub mod state;
pub mod store;
pub mod views;

/// Starts the app in the page's `#app` element (or the body).
pub fn run() {
    browser::install_panic_hook();
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(el) => yew::Renderer::<app::App>::with_root(el).render(),
        None => yew::Renderer::<app::App>::new().render(),
    };
}
