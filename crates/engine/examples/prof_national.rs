//! Where the national run's time goes: reading, preparing (validating every
//! practice once), and runs over the prepared population. Measures only.
use std::time::Instant;
fn main() {
    let c = gpsim_engine::Catalog::builtin();
    let text = include_str!("../../../assets/national/population-2014-15.tsv");
    let t = Instant::now();
    let pop = gpsim_engine::population::parse(text).unwrap();
    println!(
        "parse the asset       {:>8.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    let prepared = gpsim_engine::national::prepare(c, &pop);
    println!(
        "prepare (validate)    {:>8.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let mut runs = Vec::new();
    for _ in 0..std::env::var("RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(9)
    {
        let t = Instant::now();
        let s = gpsim_engine::national::run_prepared(
            c,
            &pop,
            &prepared,
            c.get("2013-14").unwrap(),
            c.get("2014-15").unwrap(),
        );
        runs.push(t.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(s);
    }
    runs.sort_by(|a, b| a.total_cmp(b));
    // One thread's time for the batch path's two halves under 2014/15: the
    // QOF points of each practice's achievement, and its payments.
    let b = gpsim_engine::batch::BatchSet::new(c, c.get("2014-15").unwrap());
    let ok: Vec<_> = prepared.practices.iter().flatten().collect();
    let t = Instant::now();
    let profiles: Vec<_> = ok.iter().map(|p| b.profile(p)).collect();
    let profile_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    for (p, q) in ok.iter().zip(&profiles) {
        std::hint::black_box(b.amounts(p, q));
    }
    println!(
        "one thread, 2014/15: profiles {profile_ms:.1} ms, payments {:.1} ms ({} practices)",
        t.elapsed().as_secs_f64() * 1e3,
        ok.len()
    );
    println!(
        "run, two sets         {:>8.1} ms median (min {:.1}, max {:.1})",
        runs[runs.len() / 2],
        runs[0],
        runs[runs.len() - 1]
    );
}
