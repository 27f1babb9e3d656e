//! The parts of a statement, each checked against its own rule: the global
//! sum's deduction and reinvestment, the PMS deduction, the aspiration and
//! balance, the gaps' worth and the per-patient figures. (Written for the
//! mutants `cargo mutants` found uncaught in `calc.rs`.)

use gpsim_engine::practice::{validate, RawNumber, RawPractice};
use gpsim_engine::prepared::Prepared;
use gpsim_engine::rules::{Catalog, Override};
use gpsim_engine::{statement, Money, Practice};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn practice(raw: RawPractice) -> Practice {
    validate(&raw, Catalog::builtin()).expect("valid").0
}

fn average() -> Practice {
    let raw = gpsim_engine::presets::builtin()
        .into_iter()
        .find(|p| p.id == "average")
        .unwrap()
        .practice;
    practice(raw)
}

fn pms() -> Practice {
    practice(RawPractice {
        list_size: Some(RawNumber::Int(7000)),
        contract: Some("PMS".into()),
        pms_baseline: Some(RawNumber::Text("600000".into())),
        ..Default::default()
    })
}

/// Within a penny a part, for sums of separately rounded parts.
fn close(a: Money, b: Money, parts: i64) -> bool {
    (a.0 - b.0).abs() <= Decimal::new(parts, 2)
}

#[test]
fn the_pms_deduction_is_its_amount_per_unit_of_list_and_comes_off_qof() {
    let c = Catalog::builtin();
    let rs = c.get("2013-14").unwrap();
    let st = statement(c, &Prepared::new(rs), &pms());
    let amount = rs.qof.pms_deduction_amount.value.unwrap();
    let per = rs.qof.pms_deduction_per_patients.value.unwrap();
    let deduction = Money(amount * d("7000") / per).round_pence();
    // Sub-lines keep full precision; the payment rounds once.
    assert_eq!(
        st.amount("qof.pms_deduction").round_pence(),
        Money(-deduction.0)
    );
    let areas: Money = st
        .lines
        .iter()
        .filter(|l| l.kind == gpsim_engine::LineKind::Area)
        .map(|l| l.amount)
        .sum();
    let n_areas = rs.qof.areas.len() as i64;
    assert!(close(
        st.amount("qof"),
        Money(areas.0 - deduction.0),
        n_areas
    ));
    // Aspiration and balance are the QOF payment, split in time.
    assert_eq!(
        st.amount("qof.timing.aspiration") + st.amount("qof.timing.balance"),
        st.amount("qof")
    );
    // A GMS practice has no deduction line.
    assert!(statement(c, &Prepared::new(rs), &average())
        .line("qof.pms_deduction")
        .is_none());
}

#[test]
fn the_global_sum_is_gross_less_the_out_of_hours_deduction_plus_reinvestment() {
    let c = Catalog::builtin();
    let p = average();
    let base = c.get("proposal-2012-10").unwrap();
    let st = statement(c, &Prepared::new(base), &p);
    let gross = st.amount("global_sum.gross");
    let ooh = st.amount("global_sum.ooh_deduction");
    assert!(
        ooh.0 < Decimal::ZERO,
        "the deduction shows as money taken off"
    );
    let share = base.funding.ooh_deduction.value.unwrap();
    assert_eq!(ooh.round_pence(), Money(-(gross.0 * share)).round_pence());
    assert!(close(st.amount("global_sum"), gross + ooh, 2));
    assert!(
        st.line("global_sum.reinvestment").is_none(),
        "nothing reinvested there by default"
    );
    // Give the global sum a weight: the reinvested money arrives there.
    let rs = c
        .scenario(
            "proposal-2012-10",
            &[Override {
                path: "reinvestment.weights.global_sum".into(),
                value: d("5000"),
            }],
        )
        .unwrap();
    let st2 = statement(c, &Prepared::new(&rs), &p);
    let reinvested = st2.amount("global_sum.reinvestment");
    assert!(reinvested.0 > Decimal::ZERO);
    assert!(close(st2.amount("global_sum"), gross + ooh + reinvested, 3));
}

#[test]
fn per_patient_figures_divide_the_total_by_each_list() {
    let c = Catalog::builtin();
    let p = practice(RawPractice {
        list_size: Some(RawNumber::Int(8000)),
        weighted_list: Some(RawNumber::Int(8800)),
        ..Default::default()
    });
    let st = statement(c, &Prepared::new(c.get("2014-15").unwrap()), &p);
    assert_eq!(
        st.per_registered_patient,
        Money(st.total.0 / d("8000")).round_pence()
    );
    assert_eq!(
        st.per_weighted_patient,
        Money(st.total.0 / d("8800")).round_pence()
    );
}

#[test]
fn a_gap_is_worth_its_points_at_the_practices_pounds_per_point() {
    let c = Catalog::builtin();
    let rs = c.get("2012-13").unwrap();
    let st = statement(c, &Prepared::new(rs), &average());
    let pv_cpi = rs.qof.point_value.value.unwrap() * st.cpi;
    let mut checked = 0;
    for g in &st.gaps {
        if let (Some(points), Some(worth)) = (g.points, g.value_at_full) {
            // The average practice's registers are at national prevalence,
            // so an indicator's prevalence factor is 1 and every gap is
            // points × £ a point × CPI.
            assert_eq!(worth, Money(points.0 * pv_cpi).round_pence(), "{}", g.line);
            checked += 1;
        }
    }
    assert!(checked >= 3, "indicator and domain gaps: {checked}");
    let clinical = st
        .gaps
        .iter()
        .find(|g| g.line == "qof.domain.clinical")
        .unwrap();
    assert_eq!(
        clinical.points.map(|p| p.0),
        Some(d("13")),
        "666 official, 653 itemised"
    );
}

#[test]
fn a_register_twice_the_national_prevalence_doubles_a_gaps_worth() {
    let c = Catalog::builtin();
    let rs = c.get("2012-13").unwrap();
    let reg = c
        .registers
        .iter()
        .position(|r| &*r.id == "mental_health")
        .unwrap();
    let np = rs.national_prevalence(reg).and_then(|f| f.value).unwrap();
    let list = d("10000");
    let mut raw = RawPractice {
        list_size: Some(RawNumber::Int(10_000)),
        ..Default::default()
    };
    let twice = (np * list * d("2") / d("100")).round();
    raw.registers
        .insert("mental_health".into(), RawNumber::Text(twice.to_string()));
    let p = practice(raw);
    let st = statement(c, &Prepared::new(rs), &p);
    let gap = st
        .gaps
        .iter()
        .find(|g| g.line == "qof.MH19")
        .expect("MH 19 has no thresholds");
    let factor = (twice / list * d("100")) / np;
    let pv_cpi = rs.qof.point_value.value.unwrap() * st.cpi;
    assert_eq!(
        gap.value_at_full,
        Some(Money(gap.points.unwrap().0 * pv_cpi * factor).round_pence())
    );
}

/// A comparison row holds, for each set, that set's own line amount, and
/// its change against the first set; the totals are the statements' totals.
#[test]
fn comparison_rows_line_up_each_sets_own_amounts_and_changes() {
    let c = Catalog::builtin();
    let p = average();
    let sets: Vec<&gpsim_engine::RuleSet> = c.sets.iter().collect();
    let cmp = gpsim_engine::compare::compare(c, &Prepared::all(sets.iter().copied()), &p);
    let totals: Vec<Money> = sets
        .iter()
        .map(|rs| statement(c, &Prepared::new(rs), &p).total)
        .collect();
    assert_eq!(cmp.totals(), totals);
    let mut checked = 0;
    let statements: Vec<_> = sets
        .iter()
        .map(|rs| statement(c, &Prepared::new(rs), &p))
        .collect();
    for row in &cmp.rows {
        if row.id.ends_with("~lineage") {
            // A group of indicators that split or merge: the sum of its rows.
            for (k, set) in sets.iter().enumerate() {
                let sum: Option<Money> = cmp
                    .rows
                    .iter()
                    .filter(|r| r.parent.as_deref() == Some(&*row.id))
                    .filter_map(|r| r.amount(k))
                    .reduce(|a, b| a + b);
                assert_eq!(row.amount(k), sum, "{} under {}", row.id, set.id);
            }
            continue;
        }
        for (k, rs) in sets.iter().enumerate() {
            let st = &statements[k];
            // Each set's own line: the row's, or (on a row joining an
            // indicator and its successor) the one this set has.
            let line = row.lines[k].as_deref();
            assert!(
                line.is_none()
                    || line == Some(&*row.id)
                    || row.kind == gpsim_engine::LineKind::Indicator
            );
            let own = line.and_then(|id| st.line(id)).map(|l| l.amount);
            assert_eq!(row.amount(k), own, "{} under {}", row.id, rs.id);
            if let (Some(a), Some(base)) = (own, row.amount(0)) {
                assert_eq!(row.change(k), Some(a - base), "{} under {}", row.id, rs.id);
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "rows present in several sets: {checked}");
    // Indicators that continue one another share a row, with both codes.
    let joined: Vec<&str> = cmp
        .rows
        .iter()
        .filter(|r| r.lines.iter().flatten().any(|l| *l != r.id))
        .map(|r| &*r.label)
        .collect();
    assert!(
        joined.iter().any(|l| l.contains(" → ")),
        "joined rows: {joined:?}"
    );
    // The joined label names every code once, in plain words: no "(was …)"
    // beside the codes, and no placeholder code (STROKE 7's 2013/14
    // successor's code was not found).
    for l in &joined {
        assert!(!l.contains("(was "), "{l}");
        assert!(!l.contains("-x"), "{l}");
    }
    assert!(
        joined
            .iter()
            .any(|l| l.contains("STROKE 7 → code not found")),
        "joined rows: {joined:?}"
    );
    assert_eq!(
        cmp.rows
            .iter()
            .find(|r| &*r.id == "qof")
            .and_then(|r| r.change(0)),
        Some(Money::ZERO)
    );
}

/// An explanation's notes are plain words for a practice manager: the
/// researchers' shorthand (status words in capitals, "ADDED:", "conflict
/// unresolved", "a / b" joined passes) goes to its research notes, and a
/// placeholder code never heads an explanation.
#[test]
fn explanations_keep_research_shorthand_out_of_their_plain_notes() {
    let c = Catalog::builtin();
    let p = average();
    let mut research = 0;
    for rs in &c.sets {
        let prep = Prepared::new(rs);
        let st = statement(c, &prep, &p);
        for line in &st.lines {
            let e = gpsim_engine::explain::explain(c, &prep, &p, line);
            for n in &e.notes {
                for word in [
                    "VERIFIED",
                    "UNCERTAIN",
                    "NOT_FOUND",
                    "ADDED:",
                    "ASSUMPTION",
                    "conflict unresolved",
                    "research-recollection",
                    " / ",
                ] {
                    assert!(!n.contains(word), "{} ({}): {n}", line.id, rs.id);
                }
            }
            assert!(!e.title.contains("STIA-x"), "{}", e.title);
            research += e.research.len();
        }
    }
    assert!(research > 100, "research notes kept: {research}");
}
