//! The embed's own WebAssembly (`embed.html` loads it): the payment engine,
//! the rules and the compact embed page, and nothing else, so that a news
//! article's reader downloads as little as possible. See `embed_app.rs`.

fn main() {
    #[cfg(target_arch = "wasm32")]
    gpsim_app::run_embed();
}
