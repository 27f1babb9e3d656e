//! The Web Worker's own WebAssembly (`web/national-worker.js` loads it): the
//! engine, the national population and the practice-file reader, with no
//! user interface. Kept apart from the page's module so that the page's
//! first load carries none of it; it is fetched when the national view, find
//! my practice or a file import first needs it. The work itself is
//! [`gpsim_app::national::handle`], tested natively.

fn main() {}

#[cfg(target_arch = "wasm32")]
mod exports {
    use gpsim_app::national::{handle, Held};
    use std::cell::RefCell;
    use wasm_bindgen::prelude::wasm_bindgen;

    thread_local! {
        static HELD: RefCell<Held> = RefCell::new(Held::default());
    }

    /// The worker's one entry point: a JSON request in, a JSON reply out.
    #[wasm_bindgen]
    pub fn worker_handle(request: &str) -> String {
        HELD.with(|h| handle(&mut h.borrow_mut(), request))
    }
}
