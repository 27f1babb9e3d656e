//! GP Contract Simulator: the Yew single-page app over the payment engine.
//! Everything runs in the browser; no practice data leaves the device.

pub mod app;
pub mod browser;
pub mod embed;
pub mod embed_app;
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

/// The page's `#app` element, where the app renders (else the body).
fn root() -> Option<web_sys::Element> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
}

fn start<C: yew::BaseComponent<Properties = ()>>() {
    browser::install_panic_hook();
    match root() {
        Some(el) => yew::Renderer::<C>::with_root(el).render(),
        None => yew::Renderer::<C>::new().render(),
    };
}

/// Starts the full app. An address with `?embed` (made before the embed had
/// its own page) goes on to the embed's page, with its query (a Pym child
/// id) and its scenario, so the full app's module carries no embed.
pub fn run() {
    if embed::mode(&browser::query()).embed {
        let to = embed::moved_address(&browser::address(), &browser::fragment());
        if browser::replace_location(&to) {
            return;
        }
    }
    start::<app::App>();
}

/// Starts the embed (`embed.html`).
pub fn run_embed() {
    start::<embed_app::EmbedApp>();
}
