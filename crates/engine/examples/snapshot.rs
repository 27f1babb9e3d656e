//! Prints every statement, explanation and waterfall, as JSON lines, for
//! every preset (at typical and at full achievement) under every rule set
//! and a custom scenario, and every pair of them. For refactors that must
//! change no output: run it before and after and compare the files.
//!
//!     cargo run --release -p gpsim-engine --example snapshot > before.txt
use gpsim_engine::prepared::Prepared;
use gpsim_engine::{compare, explain, presets, Catalog};
fn main() {
    let c = Catalog::builtin();
    let mut out = Vec::new();
    let mut sets: Vec<gpsim_engine::RuleSet> = c.sets.clone();
    sets.push(
        c.scenario(
            "2014-15",
            &[gpsim_engine::rules::Override {
                path: "qof.point_value".into(),
                value: "170".parse().unwrap(),
            }],
        )
        .unwrap(),
    );
    for p in presets::builtin() {
        for level in ["typical", "full"] {
            let mut raw = p.practice.clone();
            raw.default_achievement = Some(level.into());
            let Ok((pr, _)) = gpsim_engine::validate(&raw, c) else {
                continue;
            };
            for a in &sets {
                let st = gpsim_engine::calc::statement(c, &Prepared::new(a), &pr);
                out.push(serde_json::to_string(&st).unwrap());
                for l in &st.lines {
                    let e = explain::explain(c, &Prepared::new(a), &pr, l);
                    out.push(serde_json::to_string(&e).unwrap());
                }
                for b in &sets {
                    let w = compare::waterfall(c, &Prepared::new(a), &Prepared::new(b), &pr);
                    out.push(serde_json::to_string(&w).unwrap());
                }
            }
        }
    }
    println!("{}", out.join("\n"));
}
