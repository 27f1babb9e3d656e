//! Builds the rules the page carries: loads every rules file through the
//! engine's TOML loader (on the build machine), checks it, and writes the
//! catalog and the presets in the engine's compact form to OUT_DIR. So the
//! browser gets no TOML text and no TOML parser, and a rules file that does
//! not load fails the build with the loader's own messages. It also writes
//! `rules-lean.bin`, the same without the text only the full simulator
//! shows (`compact::encode_lean`), for the embed's module, and
//! `directions.bin`, the example practice's range directions, and
//! `checks.json`, the published worked examples for "How we checked".
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
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let full = gpsim_engine::compact::encode(&catalog, &presets);
    std::fs::write(out.join("rules.bin"), full).expect("write rules.bin");
    let lean = gpsim_engine::compact::encode_lean(&catalog, &presets);
    std::fs::write(out.join("rules-lean.bin"), lean).expect("write rules-lean.bin");
    // The example practice's directions for every set's range and every
    // change's (`ranges::Reference`), so the page can range the example's
    // cards before its worker has worked out any swings.
    let example = presets
        .iter()
        .find(|p| p.id == "average")
        .and_then(|p| gpsim_engine::validate(&p.practice, &catalog).ok())
        .expect("the example practice validates");
    let reference = gpsim_engine::ranges::Reference::for_practice(&catalog, &example.0);
    std::fs::write(out.join("directions.bin"), reference.encode()).expect("write directions.bin");
    // The published worked examples the engine's tests reproduce, for the
    // "How we checked" page, as JSON (the page has a JSON reader, no TOML).
    let cases_path = "crates/engine/tests/cases/authoritative.toml";
    println!("cargo:rerun-if-changed={cases_path}");
    println!("cargo:rerun-if-changed=build.rs");
    let text = std::fs::read_to_string(cases_path).expect("read the authoritative cases");
    let cases = gpsim_engine::checks::parse(&text).unwrap_or_else(|e| panic!("{cases_path}: {e}"));
    let json = serde_json::to_string(&cases).expect("the cases serialise");
    std::fs::write(out.join("checks.json"), json).expect("write checks.json");
}
