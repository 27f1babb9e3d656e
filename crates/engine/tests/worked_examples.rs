//! Worked examples as data: `cases/authoritative.toml` (published results)
//! and `cases/regression.toml` (our own pinned output, marked as such).

use gpsim_engine::practice::{validate, RawPractice};
use gpsim_engine::prepared::Prepared;
use gpsim_engine::rules::{Catalog, Override};
use gpsim_engine::{statement, Money};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).expect("decimal in a case file")
}

/// Runs one case and returns a description of each failed expectation.
fn check(case: &gpsim_engine::checks::Case) -> Vec<String> {
    match gpsim_engine::checks::run(Catalog::builtin(), case) {
        Err(e) => vec![e],
        Ok(results) => results
            .iter()
            .filter(|r| !r.pass)
            .map(|r| {
                format!(
                    "{}: {} = {} but the source gives {} ({})",
                    case.id,
                    r.line,
                    r.ours.map_or("no line".into(), |o| o.to_pence_string()),
                    r.published,
                    case.source
                )
            })
            .collect(),
    }
}

struct Cases {
    case: Vec<gpsim_engine::checks::Case>,
}

fn load(name: &str) -> Cases {
    let path = format!("{}/tests/cases/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("case file");
    Cases {
        case: gpsim_engine::checks::parse(&text).unwrap_or_else(|e| panic!("{path}: {e}")),
    }
}

#[test]
fn authoritative_published_examples_reproduce() {
    let cases = load("authoritative.toml");
    assert!(
        cases.case.len() >= 10,
        "the authoritative cases are missing"
    );
    let failures: Vec<String> = cases.case.iter().flat_map(check).collect();
    for c in &cases.case {
        assert!(
            !c.what.is_empty() && c.source.starts_with("http"),
            "{} needs a source and a description",
            c.id
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn point_value_uplift_pays_3250_more_for_1000_points() {
    // GPonline: (133.76 − 130.51) × 1,000 = £3,250, for a practice at the
    // average list. Run through the engine: 1,000 points on one all-or-nothing
    // indicator, CPI 1, at each year's point value.
    let c = Catalog::builtin();
    let raw = RawPractice {
        list_size: Some(5891.into()),
        weighted_list: Some(5891.into()),
        ..Default::default()
    };
    let (p, _) = validate(&raw, c).expect("practice validates");
    let pe1 = |point_value: Option<&str>| {
        let mut overrides = vec![Override {
            path: "qof.indicators.PE1.points".into(),
            value: d("1000"),
        }];
        if let Some(v) = point_value {
            overrides.push(Override {
                path: "qof.point_value".into(),
                value: d(v),
            });
        }
        let rs = c.scenario("2012-13", &overrides).expect("scenario");
        statement(c, &Prepared::new(&rs), &p).amount("qof.PE1").0
    };
    assert_eq!(pe1(None) - pe1(Some("130.51")), d("3250"));
}

#[derive(Deserialize)]
struct Regression {
    case: Vec<RegressionCase>,
}

#[derive(Deserialize)]
struct RegressionCase {
    preset: String,
    rules: String,
    total: String,
    lines: BTreeMap<String, String>,
}

#[test]
fn regression_pinned_outputs_for_the_presets() {
    // Our own output, pinned when it was checked by hand; a change here must
    // be explained by a change in the rules data or a fixed bug.
    let catalog = Catalog::builtin();
    let presets = gpsim_engine::presets::builtin();
    let reg: Regression = {
        let path = format!("{}/tests/cases/regression.toml", env!("CARGO_MANIFEST_DIR"));
        toml::from_str(&std::fs::read_to_string(path).expect("regression.toml"))
            .expect("regression.toml parses")
    };
    assert!(!reg.case.is_empty());
    let mut failures = Vec::new();
    for c in &reg.case {
        let preset = presets.iter().find(|p| p.id == c.preset).expect("preset");
        let (p, _) = validate(&preset.practice, catalog).expect("preset validates");
        let rs = catalog.get(&c.rules).expect("rule set");
        let st = statement(catalog, &Prepared::new(rs), &p);
        if st.total.to_pence_string() != c.total {
            failures.push(format!(
                "{} under {}: total {} (pinned {})",
                c.preset,
                c.rules,
                st.total.to_pence_string(),
                c.total
            ));
        }
        for (id, want) in &c.lines {
            let got = st.amount(id).to_pence_string();
            if &got != want {
                failures.push(format!(
                    "{} under {}: {id} {got} (pinned {want})",
                    c.preset, c.rules
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A practice of 5,891 patients, the 2002 average list (a CPI of 1 under
/// 2012/13), weighted list the same, with every other input defaulted.
fn average_list_practice() -> RawPractice {
    use gpsim_engine::practice::RawNumber;
    RawPractice {
        list_size: Some(RawNumber::Int(5891)),
        weighted_list: Some(RawNumber::Int(5891)),
        ..Default::default()
    }
}

#[test]
fn hscic_technical_annex_points_are_unattainable_with_no_one_in_the_denominator() {
    // HSCIC QOF 2011/12 Technical Annex §2.1.4.4: a practice with nobody in an
    // indicator's denominator (and no exceptions) cannot earn its points; its
    // example is a practice with no hypertensives losing the area's points.
    use gpsim_engine::practice::RawAchievementTable;
    use gpsim_engine::practice::{RawAchievement, RawNumber};
    let c = Catalog::builtin();
    let rs = c.get("2012-13").unwrap();
    let mut raw = average_list_practice();
    raw.registers
        .insert("hypertension".into(), RawNumber::Int(0));
    for ind in rs
        .qof
        .indicators
        .iter()
        .filter(|i| rs.qof.areas[i.area].id.as_ref() == "hypertension" && i.is_threshold())
    {
        let t = RawAchievementTable {
            numerator: Some(RawNumber::Int(0)),
            denominator: Some(RawNumber::Int(0)),
            ..Default::default()
        };
        raw.achievement
            .insert(ind.code.to_string(), RawAchievement::Table(t));
    }
    let (p, _) = validate(&raw, c).unwrap();
    let st = statement(c, &Prepared::new(rs), &p);
    let area = st.line("qof.hypertension").unwrap();
    assert_eq!(
        area.amount,
        Money::ZERO,
        "no hypertensives: no hypertension money"
    );
    assert_eq!(
        st.line("qof.BP5").unwrap().points.unwrap().0,
        Decimal::ZERO,
        "an empty denominator earns no points"
    );
}

/// REGRESSION (our own pinned output, not published figures): the average
/// practice's waterfall cause by cause, for the two contract changes, so a
/// change that moves money between causes (not only the total) is noticed.
/// Pinned after the HSCIC 2014/15 correction; re-pinned when gaps in our
/// data got estimates (the 2012/13 gap step fell from +£9,714.60 to
/// −£240.95: 2012/13 now pays its missing points at an estimate, and the
/// step replaces the estimate with what 2013/14's thresholds pay; the
/// thresholds and indicators steps move with it, and the total change by
/// −£7,897.02). Re-pin only with a reason.
#[test]
fn regression_waterfall_causes_for_the_average_practice() {
    use gpsim_engine::compare::{waterfall, Cause};
    let catalog = Catalog::builtin();
    let preset = gpsim_engine::presets::builtin()
        .into_iter()
        .find(|p| p.id == "average")
        .expect("average");
    let (p, _) = validate(&preset.practice, catalog).expect("valid");
    type Steps = [(Cause, &'static str); 11];
    let cases: [(&str, &str, Steps); 2] = [
        (
            "2012-13",
            "2013-14",
            [
                (Cause::OrganisationalQof, "-22047.25"),
                (Cause::DataGaps, "-240.95"),
                (Cause::PointValue, "0.05"),
                (Cause::Thresholds, "-13380.35"),
                (Cause::NationalPrevalence, "0.00"),
                (Cause::Indicators, "7414.69"),
                (Cause::NewServices, "15370.25"),
                (Cause::OtherServices, "0.00"),
                (Cause::GlobalSum, "10406.17"),
                (Cause::Mpig, "0.00"),
                (Cause::Other, "0.00"),
            ],
        ),
        (
            "2013-14",
            "2014-15",
            [
                (Cause::OrganisationalQof, "0.00"),
                (Cause::DataGaps, "0.00"),
                (Cause::PointValue, "-3115.71"),
                (Cause::Thresholds, "0.00"),
                (Cause::NationalPrevalence, "0.00"),
                (Cause::Indicators, "-49696.15"),
                (Cause::NewServices, "20494.58"),
                (Cause::OtherServices, "-10102.11"),
                (Cause::GlobalSum, "48145.00"),
                (Cause::Mpig, "-1966.29"),
                (Cause::Other, "0.00"),
            ],
        ),
    ];
    for (a, b, want) in cases {
        let w = waterfall(
            catalog,
            &Prepared::new(catalog.get(a).unwrap()),
            &Prepared::new(catalog.get(b).unwrap()),
            &p,
        );
        let got: Vec<(Cause, String)> = w
            .steps
            .iter()
            .map(|s| (s.cause, s.amount.to_pence_string()))
            .collect();
        let want: Vec<(Cause, String)> = want.iter().map(|(c, v)| (*c, v.to_string())).collect();
        assert_eq!(got, want, "{a} → {b}");
    }
}

/// The test of the estimates: a gap in our data is not counted as a
/// contract change. For the average practice, 2012/13 → 2013/14, the
/// waterfall's gap step is within £1,500 of zero (it was +£9,714.60 when
/// gaps counted as nothing) and carries a range that contains it, as wide
/// as the estimates it replaces could be off.
#[test]
fn the_gap_step_is_near_zero_with_a_range() {
    use gpsim_engine::compare::{waterfall, Cause};
    let c = Catalog::builtin();
    let preset = gpsim_engine::presets::builtin()
        .into_iter()
        .find(|p| p.id == "average")
        .unwrap();
    let (p, _) = validate(&preset.practice, c).unwrap();
    let (a, b) = (c.get("2012-13").unwrap(), c.get("2013-14").unwrap());
    let from = statement(c, &Prepared::new(a), &p);
    let w = waterfall(c, &Prepared::new(a), &Prepared::new(b), &p);
    let gap = w.steps.iter().find(|s| s.cause == Cause::DataGaps).unwrap();
    assert!(
        gap.amount.0.abs() < d("1500"),
        "{}",
        gap.amount.to_pence_string()
    );
    let r = gap.range.expect("the gap step has a range");
    assert!(r.low.0 <= gap.amount.0 && gap.amount.0 <= r.high.0);
    // The four indicators whose thresholds the step fills: the range is as
    // wide as their estimates' £0-to-full span.
    let filled: Decimal = from
        .gaps
        .iter()
        .filter(|g| {
            ["MH19", "MH20", "ASTHMA9", "ASTHMA10"]
                .iter()
                .any(|x| g.line.ends_with(x))
        })
        .map(|g| g.value_at_full.unwrap().0)
        .sum();
    assert!(filled > d("5000"), "{filled}");
    assert_eq!(r.high.0 - r.low.0, filled);
    // Steps that move no estimate have no range.
    assert!(w
        .steps
        .iter()
        .filter(|s| s.cause == Cause::NewServices)
        .all(|s| s.range.is_none()));
}

/// The other test: the average 2012/13 practice (list 5,891, the
/// average list, so a CPI of 1, at national prevalence) at full achievement
/// is paid for every point of the official domain totals, estimates
/// included: at least 1,000 points' worth, £133,760 at £133.76 a point. (The
/// totals add to 1,003: the organisational domain's 160.5 is uncertain, with
/// 157.5 the value that makes 1,000.)
#[test]
fn full_achievement_in_2012_13_pays_every_official_point() {
    let c = Catalog::builtin();
    let rs = c.get("2012-13").unwrap();
    let mut raw = average_list_practice();
    raw.default_achievement = Some("full".into());
    let (p, _) = validate(&raw, c).unwrap();
    let st = statement(c, &Prepared::new(rs), &p);
    let official: Decimal = rs
        .qof
        .domains
        .iter()
        .filter_map(|d| d.official_points.value)
        .sum();
    assert_eq!(official, d("1003"));
    assert_eq!(st.qof_points.0, official);
    assert_eq!(st.qof_max_points.0, official);
    let qof = st.line("qof").unwrap().amount;
    assert_eq!(
        qof.to_pence_string(),
        "134161.28",
        "1,003 points at £133.76"
    );
    assert!(qof.0 >= d("133760"));
    // Every estimate is paid in full at full achievement.
    for g in &st.gaps {
        if let (Some(e), Some(m)) = (g.estimate, g.value_at_full) {
            assert_eq!(e, m, "{}", g.message);
        }
    }
}
