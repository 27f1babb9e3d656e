//! Illustrative practices to start from, embedded from `presets/`. Each is
//! described honestly as illustrative; none is a real practice.

use crate::practice::RawPractice;
use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
struct Index {
    presets: Vec<Entry>,
}

#[derive(Clone, Debug, Deserialize)]
struct Entry {
    id: String,
    file: String,
    name: String,
    description: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    pub id: String,
    pub name: String,
    pub description: String,
    /// The preset file as written, for showing or downloading.
    pub source: std::sync::Arc<str>,
    pub practice: RawPractice,
}

/// The embedded presets, in index order. The files are checked by the test
/// suite, so a preset that fails to parse is left out rather than panicking.
pub fn builtin() -> Vec<Preset> {
    let files = crate::rules::EMBEDDED_PRESETS;
    let Some((_, index)) = files.iter().find(|(p, _)| *p == "index.toml") else {
        return Vec::new();
    };
    let Ok(index) = toml::from_str::<Index>(index) else {
        return Vec::new();
    };
    index
        .presets
        .into_iter()
        .filter_map(|e| {
            let (_, text) = files.iter().find(|(p, _)| *p == e.file)?;
            let practice = toml::from_str::<RawPractice>(text).ok()?;
            Some(Preset {
                id: e.id,
                name: e.name,
                description: e.description,
                source: (*text).into(),
                practice,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Catalog;

    #[test]
    fn every_preset_file_parses_and_validates() {
        let listed = crate::rules::EMBEDDED_PRESETS
            .iter()
            .filter(|(p, _)| *p != "index.toml")
            .count();
        let presets = builtin();
        assert_eq!(
            presets.len(),
            listed,
            "a preset file failed to parse or is missing from index.toml"
        );
        for p in &presets {
            let result = crate::practice::validate(&p.practice, Catalog::builtin());
            assert!(
                result.is_ok(),
                "preset {} does not validate: {:?}",
                p.id,
                result.err()
            );
        }
    }

    #[test]
    fn the_average_practice_comes_first() {
        assert_eq!(builtin()[0].id, "average");
    }
}
