//! GP Contract Simulator: the Yew single-page app over the payment engine.
//! Everything runs in the browser; no practice data leaves the device.

// The roots: the full app, the embed and the first view.
pub mod app;
pub mod embed_app;
pub mod first_view;
// The page's state and what is derived from it.
pub mod state;
// The browser's APIs (storage, files, history, frames).
pub mod browser;
// Links, embeds, saved scenarios and files: a scenario leaving the page.
pub mod sharing;
// The national view's worker side.
pub mod national;
// The rules data, decoded once.
pub mod rules;
pub mod views;

/// The page's element with this id.
fn element(id: &str) -> Option<web_sys::Element> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
}

/// Renders `C` into the page's `#app` element (else the body).
fn start<C: yew::BaseComponent<Properties = ()>>() {
    start_in::<C>(element("app"));
}

fn start_in<C: yew::BaseComponent<Properties = ()>>(root: Option<web_sys::Element>) {
    browser::install_panic_hook();
    match root {
        Some(el) => yew::Renderer::<C>::with_root(el).render(),
        None => yew::Renderer::<C>::new().render(),
    };
}

/// An address with `?embed` (made before the embed had its own page) goes
/// on to the embed's page, with its query (a Pym child id) and its
/// scenario, so the full app's module carries no embed. True if the page is
/// going there.
fn moved_to_embed() -> bool {
    sharing::embed::mode(&browser::query()).embed
        && browser::replace_location(&sharing::embed::moved_address(
            &browser::address(),
            &browser::fragment(),
        ))
}

/// Starts the full app.
pub fn run() {
    if !moved_to_embed() {
        start::<app::App>();
    }
}

/// Starts the embed's module: the full simulator's first view when the page
/// has a place for it (`index.html`, see `first_view.rs`), else the embed
/// (`embed.html`).
pub fn run_small() {
    match element(first_view::ROOT_ID) {
        // Marked if the page is going to the embed, so that `index.html`'s
        // start script loads no full app (web/app-boot.js).
        Some(root) if moved_to_embed() => {
            let _ = root.set_attribute("data-moved", "");
        }
        Some(root) => {
            // index.html's prerendered view (the example practice's
            // figures, hidden when the page opens on a link) gives way.
            root.set_inner_html("");
            start_in::<first_view::FirstView>(Some(root))
        }
        None => start::<embed_app::EmbedApp>(),
    }
}
