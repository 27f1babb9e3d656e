//! Builds the rules the page carries: loads every rules file through the
//! engine's TOML loader (on the build machine), checks it, and writes the
//! catalog and the presets in the engine's compact form to OUT_DIR. So the
//! browser gets no TOML text and no TOML parser, and a rules file that does
//! not load fails the build with the loader's own messages.
use std::path::PathBuf;

fn main() {
    let catalog = match gpsim_engine::Catalog::load_embedded() {
        Ok(c) => c,
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            panic!("the rules do not load ({} problems)", errors.len());
        }
    };
    let presets = gpsim_engine::presets::builtin();
    let bytes = gpsim_engine::compact::encode(&catalog, &presets);
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("rules.bin");
    std::fs::write(&out, bytes).expect("write rules.bin");
}
