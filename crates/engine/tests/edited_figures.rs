//! Scenario edits cannot crash the engine: every editable figure of every
//! rule set, edited to any value the scenario editor or `--set` accepts
//! (zero, the smallest step, the largest allowed value, values between),
//! either is refused with a message naming the figure or computes a
//! statement, a comparison, a waterfall, a break-even and the explanation of
//! every line. The two crashes that prompted this (a PMS deduction divided by
//! a zero list unit, a tiny average list size overflowing a product) are
//! named regression tests below.

use gpsim_engine::breakeven::what_would_it_take;
use gpsim_engine::compare::{compare, waterfall};
use gpsim_engine::explain::explain;
use gpsim_engine::practice::{validate, RawNumber, RawPractice};
use gpsim_engine::prepared::Prepared;
use gpsim_engine::rules::{Catalog, Override, OverrideError, RuleSet};
use gpsim_engine::{statement, Practice};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn catalog() -> &'static Catalog {
    Catalog::builtin()
}

/// A PMS practice with every register given, so the PMS deduction and every
/// prevalence factor are exercised.
fn pms_practice() -> Practice {
    let c = catalog();
    let mut raw = RawPractice {
        list_size: Some(RawNumber::Int(7000)),
        contract: Some("PMS".into()),
        pms_baseline: Some(RawNumber::Text("600000".into())),
        mpig_correction_factor: Some(RawNumber::Int(20_000)),
        ..Default::default()
    };
    for r in &c.registers {
        raw.registers.insert(r.id.to_string(), RawNumber::Int(140));
    }
    validate(&raw, c).expect("PMS practice validates").0
}

fn gms_practice() -> Practice {
    let average = gpsim_engine::presets::builtin()
        .into_iter()
        .find(|p| p.id == "average")
        .expect("average preset")
        .practice;
    validate(&average, catalog()).expect("average validates").0
}

/// Runs everything the app runs on a scenario; a panic fails the test.
fn run_everything(c: &Catalog, rs: &RuleSet, p: &Practice) {
    let prepared = Prepared::new(rs);
    let st = statement(c, &prepared, p);
    for l in &st.lines {
        let _ = explain(c, &prepared, p, l);
    }
    let base = Prepared::new(c.sets.first().expect("a rule set"));
    let _ = compare(c, &[base.clone(), prepared.clone()], p);
    let _ = waterfall(c, &base, &prepared, p);
    let _ = what_would_it_take(c, &base, &prepared, p).sentence();
}

fn edit(base: &str, path: &str, value: &str) -> Result<RuleSet, OverrideError> {
    catalog().scenario(
        base,
        &[Override {
            path: path.to_string(),
            value: value.parse().expect("a decimal"),
        }],
    )
}

fn refused_naming(r: Result<RuleSet, OverrideError>, path: &str, words: &str) {
    match r {
        Err(OverrideError::Invalid { path: p, message }) => {
            assert_eq!(p, path);
            assert!(message.contains(words), "{message:?} should say {words:?}");
        }
        other => panic!("{path} should be refused, got {:?}", other.map(|r| r.id)),
    }
}

#[test]
fn a_zero_pms_deduction_list_unit_is_refused_not_divided_by() {
    refused_naming(
        edit("2013-14", "qof.pms_deduction_per_patients", "0"),
        "qof.pms_deduction_per_patients",
        "at least 1",
    );
}

#[test]
fn a_tiny_average_list_size_is_refused_not_multiplied() {
    refused_naming(
        edit(
            "2013-14",
            "qof.average_list_size",
            "0.0000000000000000000000001",
        ),
        "qof.average_list_size",
        "decimal places",
    );
}

#[test]
fn a_huge_point_value_is_refused_as_too_large_to_compute_with() {
    refused_naming(
        edit(
            "2013-14",
            "qof.point_value",
            "79000000000000000000000000000",
        ),
        "qof.point_value",
        "too large to compute with",
    );
}

#[test]
fn a_zero_mpig_phase_out_period_is_refused_by_the_floor_the_rules_state() {
    refused_naming(
        edit("2014-15", "funding.mpig_phase_out_years", "0"),
        "funding.mpig_phase_out_years",
        "at least 1",
    );
}

/// The values the bounds accept that are most likely to break arithmetic:
/// the floor, the smallest step above it, the ceiling, and one in between.
fn edge_values(rs: &RuleSet, path: &str) -> Vec<Decimal> {
    let f = rs.figure(path).expect("figure");
    let b = f.unit().bounds();
    let min = f.meta.min.map_or(b.min, |m| m.max(b.min));
    let step = Decimal::new(1, b.places);
    let mut mid = ((min + b.max) / Decimal::TWO).round_dp(b.places);
    if mid < min {
        mid = min;
    }
    vec![min, min + step, b.max, mid]
}

#[test]
fn every_editable_figure_at_its_bounds_computes_or_is_refused() {
    let c = catalog();
    let practices = [gms_practice(), pms_practice()];
    for base in &c.sets {
        let paths: Vec<String> = base
            .figures()
            .iter()
            .map(|f| f.path().to_string())
            .collect();
        for path in &paths {
            for v in edge_values(base, path) {
                match c.scenario(
                    &base.id,
                    &[Override {
                        path: path.clone(),
                        value: v,
                    }],
                ) {
                    Ok(rs) => {
                        for p in &practices {
                            let st = statement(c, &Prepared::new(&rs), p);
                            for l in &st.lines {
                                let _ = explain(c, &Prepared::new(&rs), p, l);
                            }
                        }
                    }
                    // Thresholds may cross each other: refused, with a message.
                    Err(OverrideError::Invalid { message, .. }) => {
                        assert!(!message.is_empty(), "{path} = {v}")
                    }
                    Err(e) => panic!("{path} = {v}: {e:?}"),
                }
            }
        }
    }
}

/// Any set, any figure, any value within its unit's range, on either
/// practice: comparison, waterfall and break-even too.
fn arb_edit() -> impl Strategy<Value = (usize, usize, u64, u32)> {
    (0usize..64, 0usize..4096, any::<u64>(), 0u32..4)
}

/// 48 edits a run; a campaign by hand sets `GPSIM_EDIT_CASES` (30,000, say).
fn edit_cases() -> u32 {
    std::env::var("GPSIM_EDIT_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(edit_cases()))]

    #[test]
    fn any_accepted_edit_runs_the_whole_pipeline_without_panicking((set, fig, raw, scale) in arb_edit()) {
        let c = catalog();
        let base = &c.sets[set % c.sets.len()];
        let figures = base.figures();
        let path = figures[fig % figures.len()].path().to_string();
        let f = base.figure(&path).expect("figure");
        let b = f.unit().bounds();
        // A value spread over the allowed range at the allowed precision.
        let places = scale.min(b.places);
        let span = (b.max * Decimal::from(10u64.pow(places))).trunc();
        let units = Decimal::from(raw) % (span + Decimal::ONE);
        let v = units / Decimal::from(10u64.pow(places));
        if let Ok(rs) = c.scenario(&base.id, &[Override { path: path.clone(), value: v }]) {
            run_everything(c, &rs, &pms_practice());
            run_everything(c, &rs, &gms_practice());
        }
    }
}
