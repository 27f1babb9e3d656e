//! Invariants of the payment model, checked on generated practices.

use gpsim_engine::breakeven::{all_services, at_qof_level, what_would_it_take, Outcome};
use gpsim_engine::compare::{compare, waterfall, Cause};
use gpsim_engine::explain::explain;
use gpsim_engine::practice::{
    validate, Achievement, Practice, RawAchievement, RawNumber, RawNumberOnly, RawPractice,
    RawUptake, Uptake,
};
use gpsim_engine::prepared::Prepared;
use gpsim_engine::rules::{Catalog, IndicatorKind, Override};
use gpsim_engine::{statement, LineKind, Money};
use proptest::prelude::*;
use rust_decimal::Decimal;

mod common;

/// Every published rule set and a synthetic later year loaded from data
/// alone: the properties hold for every set, however many there are.
fn catalog() -> &'static Catalog {
    common::extended_catalog()
}

/// How many rule sets there are to choose between.
fn sets() -> usize {
    catalog().sets.len()
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
    statement(c, &Prepared::new(&c.sets[set]), p)
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
            let st = statement(c, &Prepared::new(s), &p);
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
            prop_assert!(statement(c, &Prepared::new(s), &hi).total >= statement(c, &Prepared::new(s), &lo).total, "{}", s.id);
        }
    }

    #[test]
    fn doubling_the_list_and_registers_doubles_qof_pay(list in 500u32..20_000, regs in prop::collection::vec(0u32..150, 23), a in 0u32..=100) {
        let one = with_uniform(&practice(list, 100, &regs, 0), Decimal::from(a), true);
        // Exactly twice the practice: list, weighted list and every register
        // (whole patients, so built by doubling, not from the shares again,
        // which can round a register from 0 to 1).
        let mut two = one.clone();
        two.list_size.0 *= Decimal::TWO;
        two.weighted_list.0 *= Decimal::TWO;
        for r in two.registers.iter_mut().flatten() {
            r.0 *= Decimal::TWO;
        }
        for set in 0..catalog().sets.len() {
            let g1 = gross_qof(&one, set);
            let g2 = gross_qof(&two, set);
            // Each area is rounded to the penny once, so allow a penny an area.
            prop_assert!((g2 - g1 * Decimal::TWO).abs() <= Decimal::new(40, 2), "{} vs 2 × {}", g2, g1);
        }
    }

    #[test]
    fn the_waterfall_sums_to_the_total_change(p in arb_practice(), a in 0usize..sets(), b in 0usize..sets(), level in 0u32..=100) {
        let c = catalog();
        let p = if level % 2 == 0 { with_uniform(&p, Decimal::from(level), true) } else { p };
        let w = waterfall(c, &Prepared::new(&c.sets[a]), &Prepared::new(&c.sets[b]), &p);
        // Each step is a full statement of a rule set part-way from A to B;
        // the last named step must land on B's own statement, so nothing is
        // left for "other differences".
        let named_end = w.steps.iter().rfind(|s| s.cause != Cause::Other).map(|s| s.running_total);
        if let Some(end) = named_end {
            prop_assert_eq!(end, statement(c, &Prepared::new(&c.sets[b]), &p).total);
        }
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
            let sets = Prepared::all(&c.sets);
            let cmp = compare(c, &sets, &p);
            for (st, rs) in cmp.statements.iter().zip(&sets) {
                for l in &st.lines {
                    let e = explain(c, rs, &p, l);
                    prop_assert!(!e.formula.is_empty() || l.kind == LineKind::Timing, "{} has no formula", l.id);
                }
            }
            let _ = waterfall(c, &sets[0], &sets[3], &p);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn a_point_value_edit_moves_only_the_point_value_cause(p in arb_practice(), base in 0usize..sets(), pv in 100u32..250) {
        let c = catalog();
        let a = &c.sets[base];
        // Where the set reinvests retired points' value (the proposal), the
        // point value also prices that pot, and the service steps move too.
        prop_assume!(a.reinvestment.is_none());
        let b = c.scenario(&a.id, &[Override { path: "qof.point_value".into(), value: Decimal::from(pv) }]).unwrap();
        let w = waterfall(c, &Prepared::new(a), &Prepared::new(&b), &p);
        for s in &w.steps {
            if s.cause != Cause::PointValue {
                prop_assert_eq!(s.amount, Money::ZERO, "{:?} moved", s.cause);
            }
        }
        prop_assert_eq!(w.total_change, statement(c, &Prepared::new(&b), &p).total - statement(c, &Prepared::new(a), &p).total);
    }

    #[test]
    fn a_global_sum_price_edit_moves_only_the_global_sum_cause(p in arb_practice(), base in 0usize..sets(), price in 50u32..100) {
        let c = catalog();
        let a = &c.sets[base];
        let b = c.scenario(&a.id, &[Override { path: "funding.global_sum_price".into(), value: Decimal::from(price) }]).unwrap();
        let w = waterfall(c, &Prepared::new(a), &Prepared::new(&b), &p);
        for s in &w.steps {
            if s.cause != Cause::GlobalSum {
                prop_assert_eq!(s.amount, Money::ZERO, "{:?} moved", s.cause);
            }
        }
        prop_assert_eq!(w.total_change, statement(c, &Prepared::new(&b), &p).total - statement(c, &Prepared::new(a), &p).total);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    #[test]
    fn applying_the_break_even_answer_reaches_the_baseline_and_less_does_not(p in arb_practice(), low in 0u32..60, services_off in any::<bool>()) {
        let c = catalog();
        // Low achievement, so 2012/13, where QOF paid most, usually falls
        // short of 2014/15 and the answer has a QOF level to check; with
        // services off, it may name services to take up.
        let mut p = with_uniform(&p, Decimal::from(low), false);
        let (base, target) = (&c.sets[3], &c.sets[0]);
        if services_off {
            for s in &target.services {
                p.uptake.insert(s.id.to_string(), Uptake { taken_up: false, components_missed: Vec::new() });
            }
        }
        let be = what_would_it_take(c, &Prepared::new(base), &Prepared::new(target), &p);
        let base_total = statement(c, &Prepared::new(base), &p).total;
        let total = |q: &Practice| statement(c, &Prepared::new(target), q).total;
        let share = |q: &Practice| {
            let st = statement(c, &Prepared::new(target), q);
            st.qof_points.0 / st.qof_max_points.0
        };
        prop_assert_eq!(be.baseline_total, base_total);
        prop_assert_eq!(be.target_total, total(&p));
        match &be.outcome {
            Outcome::AlreadyThere { surplus } => {
                prop_assert_eq!(*surplus, total(&p) - base_total);
                prop_assert!(*surplus >= Money::ZERO);
            }
            Outcome::Impossible { shortfall } => {
                let best = total(&at_qof_level(c, &Prepared::new(target), &all_services(target, &p), Decimal::ONE));
                prop_assert!(best < base_total);
                prop_assert_eq!(*shortfall, base_total - best);
            }
            Outcome::Options { services, qof, combined } => {
                if let Some(list) = services {
                    let mut q = p.clone();
                    for s in list {
                        // Each gain is what that service alone adds.
                        let mut one = p.clone();
                        one.uptake.insert(s.id.clone(), Uptake { taken_up: true, components_missed: Vec::new() });
                        prop_assert_eq!(s.gain, total(&one) - total(&p), "{}", s.id);
                        q.uptake.insert(s.id.clone(), Uptake { taken_up: true, components_missed: Vec::new() });
                    }
                    prop_assert!(total(&q) >= base_total, "the services named reach the baseline");
                    // The fewest: without the smallest, they do not.
                    let mut fewer = q.clone();
                    if let Some(last) = list.last() {
                        fewer.uptake.insert(last.id.clone(), Uptake { taken_up: false, components_missed: Vec::new() });
                        prop_assert!(total(&fewer) < base_total || list.len() == 1 && total(&p) >= base_total);
                    }
                }
                if let Some(level) = qof {
                    let reached = at_qof_level(c, &Prepared::new(target), &p, level.lever);
                    prop_assert!(total(&reached) >= base_total);
                    let less = (level.lever - Decimal::new(1, 2)).max(Decimal::ZERO);
                    prop_assert!(level.lever.is_zero() || total(&at_qof_level(c, &Prepared::new(target), &p, less)) < base_total, "1% less falls short");
                    prop_assert_eq!(level.from_share, share(&p));
                    prop_assert_eq!(level.to_share, share(&reached));
                }
                if let Some(level) = combined {
                    let all = all_services(target, &p);
                    prop_assert!(total(&at_qof_level(c, &Prepared::new(target), &all, level.lever)) >= base_total);
                }
            }
        }
    }
}

/// Threshold indicators whose thresholds are known, with them.
fn thresholds(
    rs: &gpsim_engine::RuleSet,
) -> impl Iterator<Item = (&gpsim_engine::rules::Indicator, Decimal, Decimal)> {
    rs.qof.indicators.iter().filter_map(|i| {
        let l = i.lower.as_ref()?.value?;
        let u = i.upper.as_ref()?.value?;
        (i.kind == IndicatorKind::Threshold).then_some((i, l, u))
    })
}

/// The break-even lever, checked on its own terms rather than through the
/// bisection that uses it: at 0 the practice is unchanged, at 1 it earns
/// every point the table can pay, and in between each threshold indicator
/// has closed that share of its gap to full points.
#[test]
fn the_qof_lever_moves_achievement_from_as_now_to_full_points() {
    let c = catalog();
    let p = with_uniform(&practice(7000, 100, &[20; 23], 0), Decimal::from(30), false);
    for rs in &c.sets {
        let now = statement(c, &Prepared::new(rs), &p);
        let at0 = statement(
            c,
            &Prepared::new(rs),
            &at_qof_level(c, &Prepared::new(rs), &p, Decimal::ZERO),
        );
        assert_eq!(at0.total, now.total, "{}: lever 0 changes nothing", rs.id);
        let full = statement(
            c,
            &Prepared::new(rs),
            &at_qof_level(c, &Prepared::new(rs), &p, Decimal::ONE),
        );
        assert_eq!(
            full.qof_points, full.qof_max_points,
            "{}: lever 1 earns every point",
            rs.id
        );
        assert!(full.total > now.total, "{}", rs.id);
        let half = at_qof_level(c, &Prepared::new(rs), &p, Decimal::new(5, 1));
        for (ind, l, u) in thresholds(rs) {
            // 30% is below every lower threshold: earned share 0, so half way
            // to full points is the midpoint of the thresholds.
            if l >= Decimal::from(30) {
                assert_eq!(
                    half.achievement
                        .get(ind.code_id as usize)
                        .cloned()
                        .flatten(),
                    Some(Achievement::Percent((l + u) / Decimal::TWO)),
                    "{} {}",
                    rs.id,
                    ind.code
                );
            }
        }
    }
    // From 60%, between the thresholds, half the gap to full points is half
    // way from 60% to the upper threshold.
    let p60 = with_uniform(&p, Decimal::from(60), false);
    for rs in &c.sets {
        let half = at_qof_level(c, &Prepared::new(rs), &p60, Decimal::new(5, 1));
        for (ind, l, u) in thresholds(rs) {
            if l < Decimal::from(60) && Decimal::from(60) < u {
                let Some(Achievement::Percent(got)) = half
                    .achievement
                    .get(ind.code_id as usize)
                    .cloned()
                    .flatten()
                else {
                    panic!("{} {}: no percentage", rs.id, ind.code)
                };
                let want = (Decimal::from(60) + u) / Decimal::TWO;
                assert!(
                    (got - want).abs() < Decimal::new(1, 9),
                    "{} {}: {got} vs {want}",
                    rs.id,
                    ind.code
                );
            }
        }
    }
}

/// The services branch of the break-even answer, on the average practice
/// under 2014/15 without three of its services (unplanned admissions,
/// dementia and online access), against its 2013/14 income: the fewest
/// services named, each with what it alone adds, reach 2013/14's total, and
/// one fewer does not.
#[test]
fn break_even_names_the_fewest_services_with_their_own_gains() {
    let c = catalog();
    let mut raw = gpsim_engine::presets::builtin()
        .into_iter()
        .find(|p| p.id == "average")
        .unwrap()
        .practice;
    for s in ["unplanned_admissions", "dementia", "online_access"] {
        raw.services.insert(s.into(), RawUptake::Bool(false));
    }
    let p = validate(&raw, c).unwrap().0;
    let (base, target) = (c.get("2013-14").unwrap(), c.get("2014-15").unwrap());
    let be = what_would_it_take(c, &Prepared::new(base), &Prepared::new(target), &p);
    let base_total = statement(c, &Prepared::new(base), &p).total;
    let total = |q: &Practice| statement(c, &Prepared::new(target), q).total;
    let with = |q: &Practice, id: &str, on: bool| {
        let mut q = q.clone();
        q.uptake.insert(
            id.into(),
            Uptake {
                taken_up: on,
                components_missed: Vec::new(),
            },
        );
        q
    };
    let Outcome::Options {
        services: Some(list),
        qof,
        ..
    } = &be.outcome
    else {
        panic!("expected services to take up: {:?}", be.outcome)
    };
    assert!(total(&p) < base_total);
    let mut q = p.clone();
    for s in list {
        assert_eq!(
            s.gain,
            total(&with(&p, &s.id, true)) - total(&p),
            "{}",
            s.id
        );
        q = with(&q, &s.id, true);
    }
    assert!(total(&q) >= base_total);
    let last = list.last().unwrap();
    assert!(
        total(&with(&q, &last.id, false)) < base_total,
        "one fewer falls short"
    );
    // Gains are listed largest first.
    assert!(list.windows(2).all(|w| w[0].gain >= w[1].gain));
    let level = qof.as_ref().expect("a QOF level too");
    assert!(total(&at_qof_level(c, &Prepared::new(target), &p, level.lever)) >= base_total);
}

fn preset(id: &str) -> Practice {
    let raw = gpsim_engine::presets::builtin()
        .into_iter()
        .find(|p| p.id == id)
        .unwrap()
        .practice;
    validate(&raw, catalog()).unwrap().0
}

/// When nothing closes the gap, the shortfall is what is left with every
/// service and full QOF, and the sentence says so with the figures.
#[test]
fn break_even_reports_an_impossible_gap_with_its_shortfall() {
    let c = catalog();
    // The MPIG-reliant practice under 2014/15 against 2012/13: the first
    // seventh of its correction factor goes, and nothing makes it up.
    let p = preset("mpig-reliant");
    let (base, target) = (c.get("2012-13").unwrap(), c.get("2014-15").unwrap());
    let be = what_would_it_take(c, &Prepared::new(base), &Prepared::new(target), &p);
    let base_total = statement(c, &Prepared::new(base), &p).total;
    let best = statement(
        c,
        &Prepared::new(target),
        &at_qof_level(
            c,
            &Prepared::new(target),
            &all_services(target, &p),
            Decimal::ONE,
        ),
    )
    .total;
    assert!(best < base_total, "full QOF under 2014/15 stays short");
    let Outcome::Impossible { shortfall } = be.outcome else {
        panic!("expected impossible: {:?}", be.outcome)
    };
    assert_eq!(shortfall, base_total - best);
    let text = be.sentence();
    let gap = base_total - statement(c, &Prepared::new(target), &p).total;
    assert!(text.contains(&gap.display_pounds()), "{text}");
    assert!(text.contains(&shortfall.display_pounds()), "{text}");
    assert!(text.contains("Nothing closes the gap"), "{text}");
}

/// The sentence carries the answer's figures: the difference and the QOF
/// shares when there is a QOF level, the surplus when already there. A
/// combined answer is offered only when neither option alone is enough.
#[test]
fn break_even_sentences_carry_the_answers_figures() {
    let c = catalog();
    let p = preset("average");
    let there = what_would_it_take(
        c,
        &Prepared::new(&c.sets[0]),
        &Prepared::new(c.get("2014-15").unwrap()),
        &p,
    );
    let Outcome::AlreadyThere { surplus } = there.outcome else {
        panic!("expected already there: {:?}", there.outcome)
    };
    assert!(there.sentence().contains(&surplus.display_pounds()));

    let low = with_uniform(&p, Decimal::from(20), false);
    let be = what_would_it_take(
        c,
        &Prepared::new(c.get("2014-15").unwrap()),
        &Prepared::new(&c.sets[0]),
        &low,
    );
    let Outcome::Options {
        services,
        qof: Some(level),
        combined,
    } = &be.outcome
    else {
        panic!("expected a QOF level: {:?}", be.outcome)
    };
    assert!(
        combined.is_none(),
        "a QOF level alone is enough, so no combined answer"
    );
    let _ = services;
    let text = be.sentence();
    let gap = be.baseline_total - be.target_total;
    assert!(text.contains(&gap.display_pounds()), "{text}");
    let pct = |d: Decimal| format!("{}%", (d * Decimal::ONE_HUNDRED).round_dp(1).normalize());
    assert!(text.contains(&pct(level.from_share)), "{text}");
    assert!(text.contains(&pct(level.to_share)), "{text}");
}

/// A register at twice the national prevalence doubles an indicator's pay,
/// and the explanation's working shows the factor it used.
#[test]
fn the_prevalence_factor_shows_in_the_working() {
    let c = catalog();
    let rs = c
        .scenario(
            "2013-14",
            &[Override {
                path: "prevalence.diabetes".into(),
                value: Decimal::from(5),
            }],
        )
        .unwrap();
    let mut raw = RawPractice {
        list_size: Some(RawNumber::Int(10_000)),
        default_achievement: Some("full".into()),
        ..Default::default()
    };
    raw.registers
        .insert("diabetes".into(), RawNumber::Int(1000));
    let p = validate(&raw, c).unwrap().0;
    let st = statement(c, &Prepared::new(&rs), &p);
    let line = st.line("qof.DM002").expect("DM002 line");
    let e = explain(c, &Prepared::new(&rs), &p, line);
    let working = e.working.unwrap_or_default();
    assert!(
        working.contains("× 2"),
        "10% against 5% nationally: {working}"
    );
}

/// Typical achievement is held as a percentage while thresholds move: raise
/// only the upper threshold and a typical practice earns less of the points
/// (the cached typical share must not be reused for other thresholds).
#[test]
fn raising_only_an_upper_threshold_lowers_a_typical_practices_points() {
    let c = catalog();
    let p = preset("average");
    let base = c.get("2013-14").unwrap();
    let ind = base
        .qof
        .indicators
        .iter()
        .find(|i| &*i.code == "DM002")
        .unwrap();
    let upper = ind.upper.as_ref().and_then(|f| f.value).unwrap();
    let lower = ind.lower.as_ref().and_then(|f| f.value).unwrap();
    let points = |rs: &gpsim_engine::RuleSet| {
        statement(c, &Prepared::new(rs), &p)
            .line("qof.DM002")
            .and_then(|l| l.points)
            .unwrap()
            .0
    };
    let before = points(base);
    for (path, value) in [
        (
            "qof.indicators.DM002.upper",
            (upper + Decimal::from(5)).min(Decimal::ONE_HUNDRED),
        ),
        (
            "qof.indicators.DM002.lower",
            (lower + Decimal::from(5)).min(upper - Decimal::ONE),
        ),
    ] {
        let rs = c
            .scenario(
                "2013-14",
                &[Override {
                    path: path.into(),
                    value,
                }],
            )
            .unwrap();
        assert!(
            points(&rs) < before,
            "{path} = {value}: {} vs {before}",
            points(&rs)
        );
    }
}
