//! Times a statement's range and a change's range for the average practice.
//!
//!     cargo run --profile bench -p gpsim-engine --example prof_ranges
use gpsim_engine::ranges::{change_range, statement_range};
use gpsim_engine::{presets, validate, Catalog};
use std::time::Instant;

fn main() {
    let c = Catalog::builtin();
    let p = validate(&presets::builtin()[0].practice, c)
        .expect("valid")
        .0;
    for s in &c.sets {
        let t = Instant::now();
        let (r, sw) = statement_range(c, s, &p);
        println!(
            "{:<18} range {:>8.1} ms  ({} swings; {} to {})",
            s.id,
            t.elapsed().as_secs_f64() * 1e3,
            sw.len(),
            r.low.display_pounds(),
            r.high.display_pounds()
        );
    }
    let t = Instant::now();
    let r = change_range(c, &c.sets[0], &c.sets[2], &p);
    println!(
        "change 2012-13 → 2013-14 {:>8.1} ms ({} to {})",
        t.elapsed().as_secs_f64() * 1e3,
        r.low.display_pounds(),
        r.high.display_pounds()
    );
}
