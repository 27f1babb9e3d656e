//! Benchmarks: they measure and report; they never pass or fail on time.
//! Run with `cargo bench -p gpsim-engine`.

use gpsim_engine::compare::{compare, rows_for, waterfall};
use gpsim_engine::practice::{validate, RawNumber, RawPractice};
use gpsim_engine::prepared::Prepared;
use gpsim_engine::rules::{Catalog, RuleSet};
use gpsim_engine::statement;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Runs `f` until about `budget` has passed and reports the median of
/// batches, in microseconds per call.
fn bench(name: &str, budget: Duration, mut f: impl FnMut()) -> f64 {
    // Warm up, and size a batch to about a millisecond.
    let start = Instant::now();
    let mut calls = 0u64;
    while start.elapsed() < Duration::from_millis(50) {
        f();
        calls += 1;
    }
    let per_call = start.elapsed().as_secs_f64() / calls as f64;
    let batch = ((0.001 / per_call) as u64).max(1);
    let mut samples = Vec::new();
    let start = Instant::now();
    while start.elapsed() < budget || samples.len() < 5 {
        let t = Instant::now();
        for _ in 0..batch {
            f();
        }
        samples.push(t.elapsed().as_secs_f64() * 1e6 / batch as f64);
    }
    samples.sort_by(|a, b| a.total_cmp(b));
    let median = samples[samples.len() / 2];
    let (lo, hi) = (samples[samples.len() / 10], samples[samples.len() * 9 / 10]);
    println!(
        "{name:<58} median {median:>10.1} µs  (p10 {lo:.1}, p90 {hi:.1}; {} samples of {batch})",
        samples.len()
    );
    median
}

/// 8,000 deterministic practices spread over realistic list sizes.
fn practices(n: usize) -> Vec<RawPractice> {
    (0..n)
        .map(|i| {
            let list = 1_500 + (i * 7_919) % 18_000;
            let ratio = 88 + (i * 31) % 25;
            let mut p = RawPractice {
                list_size: Some(RawNumber::Int(list as i64)),
                weighted_list: Some(RawNumber::Int((list * ratio / 100) as i64)),
                mpig_correction_factor: Some(RawNumber::Int(((i * 104_729) % 40_000) as i64)),
                seniority: Some(RawNumber::Int(((i * 7_877) % 30_000) as i64)),
                ..Default::default()
            };
            p.registers.insert(
                "diabetes".into(),
                RawNumber::Int((list * (35 + i % 40) / 1000) as i64),
            );
            p.registers.insert(
                "hypertension".into(),
                RawNumber::Int((list * (110 + i % 60) / 1000) as i64),
            );
            p
        })
        .collect()
}

fn main() {
    let c = Catalog::builtin();
    let budget = Duration::from_secs(2);
    let avg = gpsim_engine::presets::builtin()
        .into_iter()
        .find(|p| p.id == "average")
        .expect("average preset");
    let (p, _) = validate(&avg.practice, c).expect("preset validates");
    let sets: Vec<&RuleSet> = c.sets.iter().collect();
    println!(
        "gpsim-engine benchmarks ({} rule sets, {} indicators in all)",
        sets.len(),
        sets.iter().map(|s| s.qof.indicators.len()).sum::<usize>()
    );

    bench("validate the average practice", budget, || {
        black_box(validate(black_box(&avg.practice), c).is_ok());
    });
    let prepared = Prepared::all(sets.iter().copied());
    for s in &prepared {
        bench(&format!("statement under {}", s.rules().id), budget, || {
            black_box(statement(c, s, black_box(&p)));
        });
    }
    bench(
        "one practice's statement under every rule set",
        budget,
        || {
            for s in &prepared {
                black_box(statement(c, s, black_box(&p)));
            }
        },
    );
    bench("prepare the four rule sets", budget, || {
        black_box(Prepared::all(black_box(sets.iter().copied())));
    });
    let statements = compare(c, &prepared, &p).statements;
    bench("rows lining up four statements", budget, || {
        black_box(rows_for(black_box(&statements)));
    });
    bench("four-way comparison (statements and rows)", budget, || {
        black_box(compare(c, &prepared, black_box(&p)));
    });
    bench("waterfall 2012/13 → 2013/14", budget, || {
        black_box(waterfall(c, &prepared[0], &prepared[2], black_box(&p)));
    });
    bench("four-way comparison with one waterfall", budget, || {
        black_box(compare(c, &prepared, black_box(&p)));
        black_box(waterfall(c, &prepared[0], &prepared[2], black_box(&p)));
    });

    // How sure: the swings (the worker's work after typing pauses) and the
    // cards' ranges at ends already built (a keystroke's extra work).
    use gpsim_engine::ranges::{
        change_directions, change_ends, change_range_at, range_at, swings, total_directions,
        total_ends,
    };
    bench("swings of 2012/13's ranged figures", budget, || {
        black_box(swings(c, sets[0], black_box(&p)));
    });
    let (sa, sb) = (swings(c, sets[0], &p), swings(c, sets[2], &p));
    let (da, db) = (
        total_directions(c, sets[0], &p, &sa.1),
        total_directions(c, sets[2], &p, &sb.1),
    );
    let dc = change_directions(c, sets[0], sets[2], &p, &sa.1, &sb.1, &da, &db);
    let (ea, eb) = (total_ends(sets[0], &da), total_ends(sets[2], &db));
    let ec = change_ends(sets[0], sets[2], &da, &db, &dc);
    bench(
        "cards' ranges, 2012/13 and 2013/14, at built ends",
        budget,
        || {
            black_box(range_at(c, &ea, sa.0, black_box(&p)));
            black_box(range_at(c, &eb, sb.0, black_box(&p)));
            black_box(change_range_at(c, &ec, sa.0, sb.0, black_box(&p)));
        },
    );

    let raws = practices(8_000);
    let pair = [sets[0], sets[2]];
    let t = Instant::now();
    let mut total = gpsim_engine::Money::ZERO;
    for raw in &raws {
        let (p, _) = validate(raw, c).expect("generated practice validates");
        for s in &pair {
            total += statement(c, &Prepared::new(s), &p).total;
        }
    }
    let elapsed = t.elapsed();
    println!(
        "{:<58} {:>10.1} ms  ({:.1} µs a practice; checksum {})",
        "8,000 practices validated, under 2012/13 and 2013/14",
        elapsed.as_secs_f64() * 1e3,
        elapsed.as_secs_f64() * 1e6 / 8_000.0,
        total.display_pounds()
    );

    // The national view: the committed population (7,959 real practices)
    // under 2013/14 and 2014/15, as `gpsim national` and the app run it:
    // validated once (prepare), then the batch path for each run.
    let pop = gpsim_engine::population::parse(include_str!(
        "../../../assets/national/population-2014-15.tsv"
    ))
    .expect("the committed population reads");
    let t = Instant::now();
    let prepared = gpsim_engine::national::prepare(c, &pop);
    println!(
        "{:<58} {:>10.1} ms  ({} practices)",
        "national: prepare (validate every practice once)",
        t.elapsed().as_secs_f64() * 1e3,
        pop.members.len()
    );
    let mut runs = Vec::new();
    for _ in 0..15 {
        let t = Instant::now();
        black_box(gpsim_engine::national::run_prepared(
            c, &pop, &prepared, sets[2], sets[3],
        ));
        runs.push(t.elapsed().as_secs_f64() * 1e3);
    }
    runs.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{:<58} {:>10.1} ms  (median of 15; min {:.1}, max {:.1}; {} threads)",
        "national run, 2013/14 → 2014/15, batch path",
        runs[7],
        runs[0],
        runs[14],
        std::thread::available_parallelism()
            .map(|t| t.get())
            .unwrap_or(1)
    );
}
