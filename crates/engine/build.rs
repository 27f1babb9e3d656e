//! Embeds every TOML file under `rules/` and `presets/` into the engine at
//! compile time. It reads nothing else and writes only to OUT_DIR.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .collect();
    // Sorted so that the embedded order, and hence any output, is reproducible.
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().and_then(|e| e.to_str()) == Some("toml") {
            out.push(path);
        }
    }
}

/// FNV-1a, 64 bits: a stable fingerprint of the rules files (not security).
fn fnv1a(h: &mut u64, bytes: &[u8]) {
    for b in bytes {
        *h ^= u64::from(*b);
        *h = h.wrapping_mul(0x0100_0000_01b3);
    }
}

fn embed(f: &mut fs::File, name: &str, root: &Path) {
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(root, &mut files);
    writeln!(
        f,
        "/// Every file under {name}/, as (path relative to it, contents)."
    )
    .unwrap();
    writeln!(
        f,
        "pub static EMBEDDED_{}: &[(&str, &str)] = &[",
        name.to_uppercase()
    )
    .unwrap();
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let rel = file.strip_prefix(root).expect("under root");
        let rel = rel.to_string_lossy().replace('\\', "/");
        writeln!(
            f,
            "    ({:?}, include_str!({:?})),",
            rel,
            file.display().to_string()
        )
        .unwrap();
    }
    writeln!(f, "];").unwrap();
    // The data's version: a fingerprint of every file's path and contents,
    // so a citation names exactly the rules a result was computed with.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for file in &files {
        let rel = file.strip_prefix(root).expect("under root");
        fnv1a(&mut h, rel.to_string_lossy().replace('\\', "/").as_bytes());
        fnv1a(&mut h, &fs::read(file).expect("readable"));
    }
    writeln!(
        f,
        "/// A fingerprint of every file under {name}/ (FNV-1a of paths and contents)."
    )
    .unwrap();
    writeln!(
        f,
        "pub const {}_VERSION: &str = \"{:016x}\";",
        name.to_uppercase(),
        h
    )
    .unwrap();
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("embedded_rules.rs");
    let mut f = fs::File::create(&out).expect("create embedded_rules.rs");
    embed(&mut f, "rules", &manifest.join("rules"));
    embed(&mut f, "presets", &manifest.join("presets"));
}
