//! Prints `index.html`'s first view for a visitor with no link: the example
//! practice's headline figures, rendered at build time by the app's own
//! components (`first_view::prerender`). `scripts/post-build.mjs` runs it
//! natively and puts its output into the built page, so a first visit shows
//! real figures before any WebAssembly arrives.

fn main() {
    print!("{}", gpsim_app::first_view::prerender());
}
