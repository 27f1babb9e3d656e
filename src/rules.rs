//! The rules and presets the page runs on, decoded once from the compact
//! form that `build.rs` made from the rules files at build time (the page
//! carries no TOML). The engine's tests check that the compact form decodes
//! to exactly the catalog the TOML loader builds.
//!
//! With the `lean-rules` feature (the embed's module, `src/bin/gpsim-embed.rs`)
//! the page carries the lean form (`compact::encode_lean`): every value,
//! status and name, none of the labels, sources, locators, notes and
//! descriptions, which the embed never shows. The engine's tests check that
//! it pays exactly what the full catalog pays.

use gpsim_engine::compact;
use gpsim_engine::presets::Preset;
use gpsim_engine::Catalog;
use std::sync::OnceLock;

#[cfg(not(feature = "lean-rules"))]
static COMPACT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/rules.bin"));
#[cfg(feature = "lean-rules")]
static COMPACT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/rules-lean.bin"));

fn both() -> &'static (Catalog, Vec<Preset>) {
    static DECODED: OnceLock<(Catalog, Vec<Preset>)> = OnceLock::new();
    // The bytes were written by this build's own engine from rules that
    // loaded without error (the build fails otherwise), so a failure here
    // is a broken build, not anything a user did.
    DECODED.get_or_init(|| match compact::decode(COMPACT) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    })
}

/// Every rule set, as the rules files say.
pub fn catalog() -> &'static Catalog {
    &both().0
}

/// The example practice's directions for every set's range and every
/// change's (`ranges::Reference`, written by `build.rs`): what the page
/// ranges its cards at before its worker has a practice's own.
pub fn reference() -> &'static gpsim_engine::ranges::Reference {
    static REFERENCE: OnceLock<gpsim_engine::ranges::Reference> = OnceLock::new();
    // Written by this build from the same rules; a failure is a broken
    // build, and the page then ranges nothing until its worker answers.
    REFERENCE.get_or_init(|| {
        gpsim_engine::ranges::Reference::decode(include_bytes!(concat!(
            env!("OUT_DIR"),
            "/directions.bin"
        )))
        .unwrap_or_default()
    })
}

/// The illustrative practices, in their index order.
pub fn presets() -> &'static [Preset] {
    &both().1
}

#[cfg(test)]
mod tests {
    #[cfg(not(feature = "lean-rules"))]
    #[test]
    fn the_page_runs_on_the_rules_files_as_the_loader_reads_them() {
        assert_eq!(super::catalog(), gpsim_engine::Catalog::builtin());
        assert_eq!(super::presets(), &gpsim_engine::presets::builtin()[..]);
    }
}
