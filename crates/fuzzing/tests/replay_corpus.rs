//! Replays every committed fuzz input on stable: the minimised corpus of
//! each target (`fuzz/corpus/<target>/`) and every crash it ever found
//! (`fuzz/regressions/<target>/`), so a regression fails the build without
//! nightly or libFuzzer.

use std::path::Path;

fn inputs(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    out.sort();
    out
}

#[test]
fn every_committed_fuzz_input_runs_without_panicking() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut total = 0;
    for (name, run) in gpsim_fuzzing::TARGETS {
        let corpus = inputs(&fuzz.join("corpus").join(name));
        assert!(!corpus.is_empty(), "fuzz/corpus/{name} is empty");
        for path in corpus
            .iter()
            .chain(&inputs(&fuzz.join("regressions").join(name)))
        {
            let data = std::fs::read(path).expect("readable");
            run(&data);
            total += 1;
        }
    }
    eprintln!("replayed {total} fuzz inputs");
}
