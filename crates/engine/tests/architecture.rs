//! Checks of ARCHITECTURE.md's structural invariants that the compiler does
//! not make: the engine's module graph has no cycle (in particular `rules`,
//! the data, depends on nothing that computes), and the layering it states.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module of the engine and the top-level modules its
/// non-test code names through `crate::…`.
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src is readable") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let rel = path.strip_prefix(&src).expect("under src");
            let first = rel.components().next().expect("a component");
            let module = first
                .as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string();
            if module == "lib" {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("readable");
            // Test modules come last in every file here; they may use anything.
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            let deps = graph.entry(module.clone()).or_default();
            for (i, _) in code.match_indices("crate::") {
                let name: String = code[i + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if !name.is_empty() && name != module {
                    deps.insert(name);
                }
            }
        }
    }
    graph
}

fn reaches(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&str> = vec![from];
    while let Some(m) = stack.pop() {
        for d in graph.get(m).into_iter().flatten() {
            if seen.insert(d.clone()) {
                stack.push(d);
            }
        }
    }
    seen
}

#[test]
fn the_engine_s_module_graph_has_no_cycle() {
    let graph = module_graph();
    assert!(graph.len() > 10, "found the modules: {graph:?}");
    for m in graph.keys() {
        assert!(
            !reaches(&graph, m).contains(m),
            "{m} depends on itself through {:?}",
            graph[m]
        );
    }
}

#[test]
fn the_rules_data_depends_on_nothing_that_computes() {
    let graph = module_graph();
    let rules = reaches(&graph, "rules");
    for computing in [
        "calc",
        "prepared",
        "compare",
        "explain",
        "breakeven",
        "batch",
        "national",
    ] {
        assert!(
            !rules.contains(computing),
            "rules reaches {computing}: {rules:?}"
        );
    }
    // And the payment model reads derived values only through `prepared`.
    assert!(reaches(&graph, "calc").contains("prepared"));
    assert!(!reaches(&graph, "prepared").contains("calc"));
}

/// Lines of a file before its test module.
fn code_lines(text: &str) -> usize {
    text.split("#[cfg(test)]")
        .next()
        .unwrap_or("")
        .lines()
        .count()
}

#[test]
fn no_source_file_is_over_400_lines_without_a_stated_reason() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut long = Vec::new();
    let mut checked = 0;
    for dir in [
        "crates/engine/src",
        "crates/share/src",
        "crates/cli/src",
        "src",
    ] {
        let mut stack = vec![root.join(dir)];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).expect("readable") {
                let path = entry.expect("an entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().and_then(|e| e.to_str()) == Some("rs") {
                    let text = std::fs::read_to_string(&path).expect("readable");
                    checked += 1;
                    // The reason is a `//! Length:` line in the module's header.
                    if code_lines(&text) > 400
                        && !text.lines().any(|l| l.starts_with("//! Length:"))
                    {
                        long.push(format!("{} ({} lines)", path.display(), code_lines(&text)));
                    }
                }
            }
        }
    }
    assert!(checked > 50, "found only {checked} files");
    assert!(
        long.is_empty(),
        "over 400 lines with no `//! Length:` reason: {long:#?}"
    );
}
