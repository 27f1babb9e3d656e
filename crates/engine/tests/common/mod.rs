//! Shared by the integration tests: the rules files as the loader reads
//! them, and a catalog with a synthetic later year added from data alone
//! (`tests/fixtures/synthetic-year/`), so tests run over every rule set,
//! however many there are.
#![allow(dead_code)]

use gpsim_engine::Catalog;
use std::path::Path;
use std::sync::OnceLock;

fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("rules folder")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, root, out);
        } else if p.extension().is_some_and(|e| e == "toml") {
            let rel = p.strip_prefix(root).expect("under root");
            out.push((
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read_to_string(&p).expect("readable"),
            ));
        }
    }
}

/// Every file under `rules/`, named as the loader names them.
pub fn rules_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut out = Vec::new();
    walk(&root, &root, &mut out);
    out
}

/// The rules files plus the synthetic later year.
pub fn files_with_synthetic_year() -> Vec<(String, String)> {
    let mut files = rules_files();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/synthetic-year");
    walk(&root, &root, &mut files);
    files
}

/// The embedded rules and the synthetic year, through the real loader.
pub fn extended_catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| {
        let files = files_with_synthetic_year();
        let pairs: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        Catalog::load_files(&pairs).unwrap_or_else(|e| panic!("the synthetic year loads: {e:#?}"))
    })
}
