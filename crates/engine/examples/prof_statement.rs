//! Runs one practice's four-way comparison in a loop, for `perf record`.
//!
//!     RUNS=20000 cargo run --release -p gpsim-engine --example prof_statement
use gpsim_engine::compare::compare;
use gpsim_engine::prepared::Prepared;
use gpsim_engine::{presets, validate, Catalog};
use std::time::Instant;

fn main() {
    let c = Catalog::builtin();
    let p = validate(&presets::builtin()[0].practice, c)
        .expect("valid")
        .0;
    let sets = Prepared::all(&c.sets);
    let runs: u32 = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(20_000);
    let t = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(compare(c, &sets, std::hint::black_box(&p)));
    }
    println!(
        "four-way comparison: {:.1} µs each",
        t.elapsed().as_secs_f64() * 1e6 / f64::from(runs)
    );
}
