//! The small WebAssembly module: the payment engine, the rules and two
//! compact pages, and nothing else. `embed.html` loads it for the embed
//! (`embed_app.rs`), so that a news article's reader downloads as little as
//! possible; `index.html` loads it first on a first visit, for the full
//! simulator's first view (`first_view.rs`) while the full app downloads.

fn main() {
    #[cfg(target_arch = "wasm32")]
    gpsim_app::run_small();
}
