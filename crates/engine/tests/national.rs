//! The national view's population and run, over the committed asset: it
//! reads whole, every practice is either run or left out with a reason, the
//! sums agree, and the modelled 2014/15 totals are calibrated against the
//! published 2014/15 payments within stated tolerances.

use gpsim_engine::money::Money;
use gpsim_engine::national::run;
use gpsim_engine::population::{parse, ContractType, RegisterSource};
use gpsim_engine::prepared::Prepared;
use gpsim_engine::Catalog;
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::OnceLock;

const ASSET: &str = include_str!("../../../assets/national/population-2014-15.tsv");

fn summary() -> &'static gpsim_engine::national::Summary {
    static S: OnceLock<gpsim_engine::national::Summary> = OnceLock::new();
    S.get_or_init(|| {
        let c = Catalog::builtin();
        let pop = parse(ASSET).expect("the committed asset reads");
        run(
            c,
            &pop,
            c.get("2013-14").unwrap(),
            c.get("2014-15").unwrap(),
        )
    })
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn the_asset_holds_every_practice_in_the_payments_file_with_its_provenance() {
    let pop = parse(ASSET).unwrap();
    assert_eq!(
        pop.members.len(),
        7959,
        "the HSCIC 2014/15 file's practices"
    );
    assert_eq!(pop.ccgs.len(), 212, "every CCG with a practice, named");
    assert_eq!(
        pop.ccgs
            .values()
            .filter(|c| !c.achievement.is_empty())
            .count(),
        209,
        "the workbook's CCGs, with their achievement"
    );
    assert!(
        pop.members.iter().all(|m| pop.ccg_name(&m.ccg).is_some()),
        "every practice's CCG has its name"
    );
    let count = |c| pop.members.iter().filter(|m| m.contract == c).count();
    // The published split (HSCIC 2014/15, as Pulse reported it).
    assert_eq!(
        (
            count(ContractType::Gms),
            count(ContractType::Pms),
            count(ContractType::Apms)
        ),
        (4480, 3190, 289)
    );
    let own = pop
        .members
        .iter()
        .filter(|m| m.register_source == RegisterSource::Practice2016)
        .count();
    assert!(
        own > 7200,
        "most practices have their own 2016/17 prevalence: {own}"
    );
    for source in ["payments", "prevalence", "workbook"] {
        assert!(
            pop.provenance
                .iter()
                .any(|l| l.starts_with(&format!("source {source}:")) && l.contains("sha256")),
            "the asset names its {source} source and its hash"
        );
    }
    assert_eq!(pop.payments_year, "2014-15");
}

#[test]
fn every_practice_is_run_or_left_out_with_its_reason() {
    let s = summary();
    assert_eq!(s.outcomes.len() + s.left_out.len(), 7959);
    // Practices closed or opened in the year, with no patients, or whose
    // published contract income is not a year's (see population/assess.rs).
    assert!(s.left_out.len() < 300, "{} left out", s.left_out.len());
    assert!(s
        .left_out
        .iter()
        .all(|l| !l.reason.is_empty() && !l.code.is_empty()));
    let a = &s.all;
    assert_eq!(a.gain + a.lose + a.same, a.practices);
    for groups in [&s.by_region, &s.by_contract, &s.by_list_band, &s.by_ccg] {
        assert_eq!(
            groups.iter().map(|g| g.practices).sum::<usize>(),
            a.practices
        );
        assert_eq!(
            groups
                .iter()
                .map(|g| g.change)
                .fold(Money::ZERO, |x, y| x + y),
            a.change
        );
    }
    for h in [&s.histogram_pounds, &s.histogram_percent] {
        assert_eq!(h.iter().map(|b| b.practices).sum::<usize>(), a.practices);
    }
}

/// The national totals by payment are what every practice's full statement
/// says, line by line (summed here from statements, not from the batch path
/// that made them), and the top-level payments add up to the total.
#[test]
fn the_payments_add_up_to_the_practices_totals() {
    let s = summary();
    let c = Catalog::builtin();
    let pop = parse(ASSET).unwrap();
    let prepared = gpsim_engine::national::prepare(c, &pop);
    let to = c.get("2014-15").unwrap();
    let mut by_line: std::collections::BTreeMap<String, Money> = Default::default();
    for p in prepared.practices.iter().flatten() {
        for l in &gpsim_engine::statement(c, &Prepared::new(to), p).lines {
            *by_line.entry(l.id.to_string()).or_insert(Money::ZERO) += l.amount;
        }
    }
    for comp in &s.components {
        let want = by_line.get(&comp.id).copied().unwrap_or(Money::ZERO);
        assert_eq!(comp.to, want, "{}", comp.id);
    }
    // Component lines (ids without a dot; services' children have one)
    // make each practice's total.
    let components: Money = s
        .components
        .iter()
        .filter(|x| !x.id.contains('.'))
        .map(|x| x.to)
        .fold(Money::ZERO, |a, b| a + b);
    assert_eq!(
        components, s.all.to,
        "the national totals by payment add up to the total"
    );
}

/// Calibration: the modelled 2014/15 national figures against the published
/// 2014/15 payments. The file is cash by financial year, not entitlement
/// (see the asset's notes), so each comparison has a tolerance and a reason.
#[test]
fn modelled_2014_15_totals_are_calibrated_against_the_published_payments() {
    let s = summary();
    // The published 2014/15 figures and their tolerances are data the
    // app's "How we checked" page shows too (`national::PUBLISHED_2014_15`).
    let checks = gpsim_engine::national::published_checks(s).expect("a run to 2014/15");
    assert_eq!(checks.len(), 3);
    for c in &checks {
        assert!(
            c.pass,
            "{}: modelled {}, published {}, off by {}% (tolerance {}%)",
            c.what, c.ours, c.published, c.off_percent, c.tolerance_percent
        );
    }
}

/// The batch path (`batch.rs`) pays every practice in the population what
/// its full statement does, payment by payment, under every rule set.
#[test]
fn the_batch_path_pays_every_practice_what_its_statement_pays() {
    use gpsim_engine::batch::BatchSet;
    let c = Catalog::builtin();
    let pop = parse(ASSET).unwrap();
    let prepared = gpsim_engine::national::prepare(c, &pop);
    let mut checked = 0;
    for rs in &c.sets {
        let b = BatchSet::new(c, rs);
        for p in prepared.practices.iter().flatten() {
            let st = gpsim_engine::statement(c, &Prepared::new(rs), p);
            let a = b.amounts(p, &b.profile(p));
            let line = |id: &str| st.line(id).map(|l| l.amount).unwrap_or(Money::ZERO);
            let who = p.name.as_deref().unwrap_or("?");
            assert_eq!(a.total, st.total, "{} {who}: total", rs.id);
            assert_eq!(a.qof, line("qof"), "{} {who}: QOF", rs.id);
            assert_eq!(a.global_sum, line("global_sum"), "{} {who}", rs.id);
            assert_eq!(a.pms_baseline, line("pms_baseline"), "{} {who}", rs.id);
            assert_eq!(a.mpig, line("mpig"), "{} {who}", rs.id);
            assert_eq!(a.qof_points, st.qof_points.0, "{} {who}: points", rs.id);
            for (s, amount) in rs.services.iter().zip(&a.services) {
                assert_eq!(*amount, line(&s.line_id), "{} {who}: {}", rs.id, s.id);
            }
            checked += 1;
        }
    }
    assert!(checked > 4 * 7700, "{checked}");
}

/// The population never misses a service component, so the presets and the
/// example practice (which misses one online access component) check that
/// path: batch and statement agree for them too, under every set.
#[test]
fn the_batch_path_agrees_for_the_presets_and_a_missed_service_component() {
    use gpsim_engine::batch::BatchSet;
    let c = Catalog::builtin();
    let example: gpsim_engine::RawPractice = gpsim_engine::practice_file::parse(
        "practice.toml",
        include_str!("../../../examples/practice.toml"),
    )
    .expect("the example practice reads");
    let mut raws: Vec<gpsim_engine::RawPractice> = gpsim_engine::presets::builtin()
        .into_iter()
        .map(|p| p.practice)
        .collect();
    raws.push(example);
    let mut missed_somewhere = false;
    for raw in &raws {
        let p = gpsim_engine::validate(raw, c).expect("valid").0;
        missed_somewhere |= p.uptake.values().any(|u| !u.components_missed.is_empty());
        for rs in &c.sets {
            let b = BatchSet::new(c, rs);
            let st = gpsim_engine::statement(c, &Prepared::new(rs), &p);
            let a = b.amounts(&p, &b.profile(&p));
            assert_eq!(a.total, st.total, "{:?} under {}", p.name, rs.id);
        }
    }
    assert!(missed_somewhere, "some practice misses a service component");
}

/// Every practice run has a contract income: no PMS or APMS practice on a
/// zero baseline, and no change of more than 30% (the left tail of records
/// that were not a year's income is left out, each with its reason).
#[test]
fn no_practice_is_run_on_a_missing_contract_value_or_moves_by_a_third() {
    let s = summary();
    let c = Catalog::builtin();
    let pop = parse(ASSET).unwrap();
    let prepared = gpsim_engine::national::prepare(c, &pop);
    for p in prepared.practices.iter().flatten() {
        if p.contract == gpsim_engine::practice::Contract::Pms {
            assert!(p.pms_baseline.0 > Decimal::ZERO, "{:?}", p.name);
        }
    }
    let wild: Vec<_> = s
        .outcomes
        .iter()
        .filter(|o| o.percent.abs() > d("30"))
        .map(|o| (&o.code, o.percent))
        .collect();
    assert!(wild.is_empty(), "{wild:?}");
    // 235 PMS and APMS records have no PMS balance, global sum or MPIG:
    // each is modelled from its other payments or left out.
    let from_other = s
        .outcomes
        .iter()
        .filter(|o| o.contract_from_other_payments)
        .count();
    assert!(
        from_other > 100,
        "{from_other} contract values from other payments"
    );
    assert!(s
        .left_out
        .iter()
        .any(|l| l.reason.contains("not a year of core contract income")));
}

/// PMS and APMS practices no longer lose by construction in 2014/15: their
/// contract values get the equivalent uplift, so their median change is
/// within 3 percentage points of the GMS median (it was −5.5 and −4.5
/// against +0.7 when contract values were held constant).
#[test]
fn pms_and_apms_practices_move_with_gms_practices_in_2014_15() {
    let s = summary();
    let median = |name: &str| {
        s.by_contract
            .iter()
            .find(|g| g.name == name)
            .map(|g| g.median_percent)
            .unwrap()
    };
    let gms = median("GMS");
    for other in ["PMS", "APMS"] {
        let m = median(other);
        assert!(
            (m - gms).abs() <= d("3"),
            "{other} median {m}% against GMS {gms}%"
        );
    }
}

/// Real achievement: the practices with a published level are counted,
/// and each outcome says which it has.
#[test]
fn published_achievement_is_used_wherever_it_exists() {
    let s = summary();
    assert_eq!(
        s.achievement_published + s.achievement_modelled,
        s.outcomes.len()
    );
    assert!(
        s.achievement_published > 6000,
        "{}",
        s.achievement_published
    );
    // A practice pinned to its published 2014/15 level earns about that
    // share of the 559 points under the 2014/15 rules.
    let pop = parse(ASSET).unwrap();
    let mut close = 0;
    let mut n = 0;
    for o in &s.outcomes {
        let m = &pop.members[o.index];
        if let (Some(pct), true) = (m.qof_pct_2014_15, o.achievement.is_published()) {
            n += 1;
            if (o.qof_share_to - pct).abs() <= d("0.5") {
                close += 1;
            }
        }
    }
    assert!(
        close * 100 >= n * 95,
        "{close} of {n} within half a point of their published share"
    );
}

/// How close the model is to what was paid, heading by heading, for the
/// headings the model does not take from the same cash. Each tolerance
/// states why cash differs from the year's entitlement.
#[test]
fn the_model_is_close_to_what_was_paid_where_it_models_independently() {
    let s = summary();
    let get = |id: &str| {
        s.closeness
            .iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    // Global sum: cash is monthly on each quarter's list, the file gives one
    // quarter's list, and the out-of-hours deduction is an assumption. The
    // typical GMS practice is within 2%, nine in ten within 10%.
    let gs = get("global_sum");
    assert!(gs.practices > 4300);
    assert!(gs.median_abs_percent <= d("2"), "{:?}", gs);
    assert!(gs.p90_abs_percent <= d("10"), "{:?}", gs);
    // QOF: 2014/15 cash is 2014/15 aspiration plus the 2013/14 balance, not
    // the 2014/15 entitlement (which fell by 238 points), so the model is
    // below the cash nationally; the typical practice is within 25%.
    let q = get("qof");
    assert!(q.practices > 7500);
    assert!(q.modelled < q.paid, "{:?}", q);
    assert!(q.median_abs_percent <= d("25"), "{:?}", q);
    // Extended hours, paid per patient: the typical practice within 10%.
    let eh = get("services.extended_hours");
    assert!(eh.median_abs_percent <= d("10"), "{:?}", eh);
    // Every heading compared says why cash differs.
    assert!(s
        .closeness
        .iter()
        .all(|c| !c.why.is_empty() && c.practices > 0));
    assert!(!s
        .closeness
        .iter()
        .any(|c| c.id == "mpig" || c.id == "pms_baseline"));
}

/// The national run itself (each practice's published level scaled from
/// its CCG's profile, `BatchSet::scaled`, not `profile`) pays every practice
/// what its statement pays, under every set.
#[test]
fn the_national_run_pays_every_practice_what_its_statement_pays() {
    let c = Catalog::builtin();
    let pop = parse(ASSET).unwrap();
    let prepared = gpsim_engine::national::prepare(c, &pop);
    let by_code: std::collections::BTreeMap<&str, &gpsim_engine::Practice> = pop
        .members
        .iter()
        .zip(&prepared.practices)
        .filter_map(|(m, p)| Some((m.code.as_str(), p.as_ref().ok()?)))
        .collect();
    let sets: Vec<_> = c.sets.iter().collect();
    for pair in [[sets[0], sets[1]], [sets[2], sets[3]]] {
        let s = gpsim_engine::national::run_prepared(c, &pop, &prepared, pair[0], pair[1]);
        let preps = [Prepared::new(pair[0]), Prepared::new(pair[1])];
        for o in &s.outcomes {
            let p = by_code[o.code.as_str()];
            assert_eq!(
                o.from,
                gpsim_engine::statement(c, &preps[0], p).total,
                "{} {}",
                pair[0].id,
                o.code
            );
            assert_eq!(
                o.to,
                gpsim_engine::statement(c, &preps[1], p).total,
                "{} {}",
                pair[1].id,
                o.code
            );
        }
    }
}

/// A run that takes a set's payments from the cache gives what a fresh run
/// gives; a custom scenario is never taken from it.
#[test]
fn cached_runs_give_the_same_figures_as_fresh_ones() {
    use gpsim_engine::national::{run_cached, run_prepared, Cache};
    let c = Catalog::builtin();
    let pop = parse(ASSET).unwrap();
    let prepared = gpsim_engine::national::prepare(c, &pop);
    let (a, b) = (c.get("2013-14").unwrap(), c.get("2014-15").unwrap());
    let mut cache = Cache::default();
    let totals = |s: &gpsim_engine::national::Summary| {
        s.outcomes
            .iter()
            .map(|o| (o.from, o.to))
            .collect::<Vec<_>>()
    };
    let fresh = totals(&run_prepared(c, &pop, &prepared, a, b));
    let _ = run_cached(c, &pop, &prepared, &mut cache, a, b);
    assert_eq!(
        totals(&run_cached(c, &pop, &prepared, &mut cache, a, b)),
        fresh
    );
    let swapped = totals(&run_cached(c, &pop, &prepared, &mut cache, b, a));
    assert_eq!(
        swapped,
        fresh.iter().map(|(x, y)| (*y, *x)).collect::<Vec<_>>()
    );
    // A custom scenario with the base's id is worked out, not taken.
    let custom = c
        .scenario(
            "2014-15",
            &[gpsim_engine::rules::Override {
                path: "qof.point_value".into(),
                value: d("200"),
            }],
        )
        .unwrap();
    let with_custom = run_cached(c, &pop, &prepared, &mut cache, a, &custom);
    assert!(with_custom.all.to > run_prepared(c, &pop, &prepared, a, b).all.to);
}

/// The national headline's range: every practice paid at the change's two
/// ends (the average practice's directions), so at the low end fewer gain
/// and more lose than centrally, at the high end the other way round; and a
/// practice's own change at each end is the one its statements give there
/// (to the pound: the batch path rounds QOF as a whole, the statement each
/// gap's line).
#[test]
fn the_national_counts_at_a_changes_ends_bracket_the_central_counts() {
    use gpsim_engine::ranges::{change_ends, change_range_at, Reference};
    let c = Catalog::builtin();
    let pop = parse(ASSET).unwrap();
    let prepared = gpsim_engine::national::prepare(c, &pop);
    let avg = gpsim_engine::presets::builtin()
        .into_iter()
        .find(|p| p.id == "average")
        .unwrap();
    let (p, _) = gpsim_engine::validate(&avg.practice, c).unwrap();
    let reference = Reference::for_practice(c, &p);
    let (a, b) = (c.get("2012-13").unwrap(), c.get("2013-14").unwrap());
    let ends = change_ends(
        a,
        b,
        reference.total("2012-13").unwrap(),
        reference.total("2013-14").unwrap(),
        reference.change("2012-13", "2013-14").unwrap(),
    );
    let central = gpsim_engine::national::run_prepared(c, &pop, &prepared, a, b).all;
    let k = gpsim_engine::national::corners(c, &pop, &prepared, &ends);
    assert_eq!(
        (k.low.practices, k.high.practices),
        (central.practices, central.practices)
    );
    assert!(
        k.low.gain <= central.gain && central.gain <= k.high.gain,
        "{k:?} {central:?}"
    );
    assert!(
        k.low.lose >= central.lose && central.lose >= k.high.lose,
        "{k:?} {central:?}"
    );
    assert!(k.low.change < central.change && central.change < k.high.change);
    // One practice's change at each end, by its statements.
    let one = gpsim_engine::population::Population {
        members: pop.members[..1].to_vec(),
        ..pop.clone()
    };
    let one_prepared = gpsim_engine::national::prepare(c, &one);
    let k1 = gpsim_engine::national::corners(c, &one, &one_prepared, &ends);
    let practice = one_prepared.practices[0].as_ref().unwrap();
    let r = change_range_at(c, &ends, Money::ZERO, Money::ZERO, practice);
    assert!(
        (k1.low.change.0 - r.low.0).abs() < Decimal::ONE,
        "{:?} {r:?}",
        k1.low
    );
    assert!(
        (k1.high.change.0 - r.high.0).abs() < Decimal::ONE,
        "{:?} {r:?}",
        k1.high
    );
}
