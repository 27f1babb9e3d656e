//! Invariants of the payment model, checked on generated practices.

use gpsim_engine::breakeven::what_would_it_take;
use gpsim_engine::compare::{compare, waterfall, Cause};
use gpsim_engine::explain::explain;
use gpsim_engine::practice::{
    validate, Achievement, Practice, RawAchievement, RawNumber, RawNumberOnly, RawPractice,
    RawUptake,
};
use gpsim_engine::rules::{Catalog, IndicatorKind};
use gpsim_engine::{statement, LineKind, Money};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn catalog() -> &'static Catalog {
    Catalog::builtin()
}

/// A valid practice: list, weighted ratio, registers as shares of the list.
fn practice(list: u32, ratio_pct: u32, reg_permille: &[u32], cf: u32) -> Practice {
    let c = catalog();
    let mut raw = RawPractice {
        list_size: Some(RawNumber::Int(list as i64)),
        weighted_list: Some(RawNumber::Int(
            (list as u64 * ratio_pct as u64 / 100).max(1) as i64,
        )),
        mpig_correction_factor: Some(RawNumber::Int(cf as i64)),
        ..Default::default()
    };
    for (r, pm) in c.registers.iter().zip(reg_permille) {
        raw.registers.insert(
            r.id.to_string(),
            RawNumber::Int((list as u64 * *pm as u64 / 1000) as i64),
        );
    }
    validate(&raw, c).expect("generated practice validates").0
}

/// Sets every threshold indicator to `pct` and every other to met or not.
fn with_uniform(p: &Practice, pct: Decimal, met: bool) -> Practice {
    let mut p = p.clone();
    for s in &catalog().sets {
        for i in &s.qof.indicators {
            let a = if i.kind == IndicatorKind::Threshold {
                Achievement::Percent(pct)
            } else {
                Achievement::Met(met)
            };
            p.set_achievement(i.code_id, Some(a));
        }
    }
    p
}

fn gross_qof(p: &Practice, set: usize) -> Decimal {
    let c = catalog();
    statement(c, &c.sets[set], p)
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Area)
        .map(|l| l.amount.0)
        .sum()
}

fn arb_practice() -> impl Strategy<Value = Practice> {
    (
        500u32..40_000,
        75u32..130,
        prop::collection::vec(0u32..150, 23),
        0u32..80_000,
    )
        .prop_map(|(list, ratio, regs, cf)| practice(list, ratio, &regs, cf))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn zero_achievement_earns_no_points(p in arb_practice()) {
        let p = with_uniform(&p, Decimal::ZERO, false);
        let c = catalog();
        for s in &c.sets {
            let st = statement(c, s, &p);
            prop_assert_eq!(st.qof_points.0, Decimal::ZERO, "{}", s.id);
            prop_assert!(st.amount("qof") <= Money::ZERO);
        }
    }

    #[test]
    fn more_achievement_never_pays_less(p in arb_practice(), a in 0u32..100, step in 0u32..30) {
        let lo = with_uniform(&p, Decimal::from(a), true);
        let hi = with_uniform(&p, Decimal::from((a + step).min(100)), true);
        let c = catalog();
        for s in &c.sets {
            prop_assert!(statement(c, s, &hi).total >= statement(c, s, &lo).total, "{}", s.id);
        }
    }

    #[test]
    fn doubling_the_list_and_registers_doubles_qof_pay(list in 500u32..20_000, regs in prop::collection::vec(0u32..150, 23), a in 0u32..=100) {
        let one = with_uniform(&practice(list, 100, &regs, 0), Decimal::from(a), true);
        // Exactly twice the practice: list, weighted list and every register
        // (whole patients, so built by doubling, not from the shares again,
        // which can round a register from 0 to 1).
        let mut two = one.clone();
        two.list_size *= Decimal::TWO;
        two.weighted_list *= Decimal::TWO;
        for r in two.registers.iter_mut().flatten() {
            *r *= Decimal::TWO;
        }
        for set in 0..catalog().sets.len() {
            let g1 = gross_qof(&one, set);
            let g2 = gross_qof(&two, set);
            // Each area is rounded to the penny once, so allow a penny an area.
            prop_assert!((g2 - g1 * Decimal::TWO).abs() <= Decimal::new(40, 2), "{} vs 2 × {}", g2, g1);
        }
    }

    #[test]
    fn the_waterfall_sums_to_the_total_change(p in arb_practice(), a in 0usize..4, b in 0usize..4, level in 0u32..=100) {
        let c = catalog();
        let p = if level % 2 == 0 { with_uniform(&p, Decimal::from(level), true) } else { p };
        let w = waterfall(c, &c.sets[a], &c.sets[b], &p);
        let sum: Money = w.steps.iter().map(|s| s.amount).sum();
        prop_assert_eq!(sum, w.total_change);
        prop_assert_eq!(w.total_change, statement(c, &c.sets[b], &p).total - statement(c, &c.sets[a], &p).total);
        let other = w.steps.iter().find(|s| s.cause == Cause::Other).map(|s| s.amount).unwrap_or(Money::ZERO);
        prop_assert_eq!(other, Money::ZERO, "published rule sets leave nothing unexplained");
    }
}

/// Text a person might type or paste, including junk.
fn arb_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{0,7}",
        "-?[0-9]{1,6}(\\.[0-9]{0,3})?",
        "£?[0-9,]{0,9}%?",
        "[a-zA-Z ]{0,8}",
        "\\PC{0,12}",
        Just(String::new()),
        Just("1e9".to_string()),
        Just("99999999999999999999999999999999".to_string()),
    ]
}

fn arb_raw() -> impl Strategy<Value = RawPractice> {
    let codes: Vec<String> = catalog().codes.names.clone();
    let regs: Vec<String> = catalog()
        .registers
        .iter()
        .map(|r| r.id.to_string())
        .collect();
    (
        prop::option::of(arb_text()),
        prop::option::of(arb_text()),
        prop::option::of(prop_oneof![
            Just("GMS".to_string()),
            Just("PMS".to_string()),
            arb_text()
        ]),
        prop::option::of(arb_text()),
        prop::option::of(arb_text()),
        prop::collection::vec((prop::sample::select(regs), arb_text()), 0..6),
        prop::collection::vec((prop::sample::select(codes), arb_text()), 0..8),
        prop::option::of(arb_text()),
        any::<bool>(),
    )
        .prop_map(
            |(list, weighted, contract, cf, pms, regs, ach, last, uptake)| {
                let mut raw = RawPractice {
                    list_size: list.map(RawNumber::Text),
                    weighted_list: weighted.map(RawNumber::Text),
                    contract,
                    mpig_correction_factor: cf.map(RawNumber::Text),
                    pms_baseline: pms.map(RawNumber::Text),
                    last_year_points: last.map(RawNumber::Text),
                    ..Default::default()
                };
                for (r, v) in regs {
                    raw.registers.insert(r, RawNumber::Text(v));
                }
                for (code, v) in ach {
                    raw.achievement
                        .insert(code, RawAchievement::Number(RawNumberOnly::Text(v)));
                }
                raw.services
                    .insert("dementia".into(), RawUptake::Bool(uptake));
                raw
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn no_input_causes_a_panic(raw in arb_raw()) {
        let c = catalog();
        // Whatever is typed, validation answers; valid input always computes.
        if let Ok((p, _)) = validate(&raw, c) {
            let sets: Vec<_> = c.sets.iter().collect();
            let cmp = compare(c, &sets, &p);
            for (st, rs) in cmp.statements.iter().zip(&sets) {
                for l in &st.lines {
                    let e = explain(c, rs, &p, l);
                    prop_assert!(!e.formula.is_empty() || l.kind == LineKind::Timing, "{} has no formula", l.id);
                }
            }
            let _ = waterfall(c, sets[0], sets[3], &p);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    #[test]
    fn break_even_lands_on_the_baseline_when_it_can(p in arb_practice()) {
        let c = catalog();
        let be = what_would_it_take(c, &c.sets[0], &c.sets[3], &p);
        let text = be.sentence();
        prop_assert!(text.contains(&*c.sets[3].name));
    }
}
