use super::*;

const HEAD: &str = "code\tname\tpostcode\tregion\tccg\tcontract\tlist\tweighted\topened\tclosed\tmpig_cf_2014_15\tseniority\tpms_balance\tglobal_sum\tother_payments\ttotal_payments\tqof_paid\tpaid:alcohol\tpaid:learning_disabilities\tpaid:dementia,dementia_identification\tqof_pct_2014_15\tqof_pct_2013_14\tregister_source\tdiabetes\tasthma";

/// A small asset in the current format, with its row counts and checksum
/// worked out, from practice rows (tab-separated) and CCG rows.
fn asset(practices: &[&str], ccgs: &[&str]) -> String {
    let mut data = vec!["[practices]", HEAD];
    data.extend_from_slice(practices);
    data.push("[ccgs]");
    data.push("ccg\tname\tCHD002\tDM002");
    data.extend_from_slice(ccgs);
    format!(
        "# format: 2\n# payments_year: 2014-15\n# payments_period: 2014-04-01 2015-03-31\n# rows practices: {}\n# rows ccgs: {}\n# checksum fnv1a64: {:016x}\n{}\n",
        practices.len(),
        ccgs.len(),
        checksum(data.iter().copied()),
        data.join("\n")
    )
}

const A1: &str = "A1\tOne Surgery\tAB1 2CD\tNorth\t01C\tGMS\t6000\t6100\t\t\t6000\t100\t0\t400000\t0\t700000\t90000\t0\t1160\t500\t97.5\t\tP\t300\t";
const B2: &str = "B2\tTwo Practice\tEF3 4GH\tSouth\t01C\tPMS\t4000\t3900\t\t\t0\t0\t350000\t0\t0\t500000\t60000\t119\t0\t0\t\t\tN\t\t";
const CCG: &str = "01C\tSomewhere\t88.00\t91.50";

fn small() -> String {
    asset(&[A1, B2], &[CCG])
}

#[test]
fn a_small_population_reads_and_becomes_valid_practices() {
    let pop = parse(&small()).expect("reads");
    assert_eq!(pop.members.len(), 2);
    assert_eq!(pop.paid_columns[2], ["dementia", "dementia_identification"]);
    let c = Catalog::builtin();
    for m in &pop.members {
        let md = pop.modelled(c, m).expect("modelled");
        crate::validate(&md.raw, c).unwrap_or_else(|e| panic!("{}: {e:?}", m.code));
    }
    let md = pop.modelled(c, &pop.members[0]).unwrap();
    assert_eq!(md.raw.registers.get("diabetes"), Some(&RawNumber::Int(300)));
    assert_eq!(
        md.raw.services.get("alcohol"),
        Some(&RawUptake::Bool(false))
    );
    assert_eq!(
        md.raw.services.get("dementia_identification"),
        Some(&RawUptake::Bool(true))
    );
    assert!(md.raw.achievement.contains_key("DM002"));
    assert!(md.achievement.is_published());
    // Without a published figure, the CCG's own achievement.
    let md = pop.modelled(c, &pop.members[1]).unwrap();
    assert_eq!(md.achievement, AchievementSource::Ccg);
    assert_eq!(
        md.raw.achievement.get("DM002"),
        Some(&RawAchievement::Number(RawNumberOnly::Text("91.50".into())))
    );
}

#[test]
fn activity_paid_per_item_is_recovered_at_the_payments_years_rate() {
    let c = Catalog::builtin();
    let pop = parse(&small()).unwrap();
    // £1,160 of learning disability checks at £116 is 10 checks; £119 of
    // alcohol screening at £2.38 is 50 screenings.
    let a1 = pop.modelled(c, &pop.members[0]).unwrap();
    assert_eq!(
        a1.raw.activity.get("ld_health_checks"),
        Some(&RawNumber::Text("10".into()))
    );
    let b2 = pop.modelled(c, &pop.members[1]).unwrap();
    assert_eq!(
        b2.raw.activity.get("alcohol_screenings"),
        Some(&RawNumber::Text("50".into()))
    );
    // The dementia column pays two schemes, one per patient: no activity
    // is invented for the identification scheme.
    assert!(!a1.raw.activity.contains_key("dementia_register_increase"));
}

#[test]
fn a_pms_contract_value_is_the_2013_14_value_under_the_2014_15_cash() {
    let c = Catalog::builtin();
    let pop = parse(&small()).unwrap();
    let md = pop.modelled(c, &pop.members[1]).unwrap();
    let f = &c.get("2014-15").unwrap().funding;
    let uplift = crate::calc::uplift_amount(f, Decimal::ZERO, Decimal::from(3900), true);
    assert!(uplift > Decimal::ZERO, "2014/15 has an equivalent uplift");
    let want = crate::money::round_half_up(Decimal::from(350000) - uplift, 2);
    assert_eq!(md.assessed.baseline_2013_14, Some(want));
    assert_eq!(
        md.raw.pms_baseline,
        Some(RawNumber::Text(want.normalize().to_string()))
    );
    assert_eq!(
        md.assessed.contract_paid.map(|x| x.1),
        Some(ContractSource::PmsBalance)
    );
}

#[test]
fn records_that_are_not_a_year_of_core_income_are_left_out_with_their_reason() {
    let c = Catalog::builtin();
    let row = |from: &str, to: &str| A1.replacen(from, to, 1);
    let closed = row("\t6100\t\t\t", "\t6100\t\t2014-09-30\t");
    let opened = row("\t6100\t\t\t", "\t6100\t2014-10-01\t\t");
    let no_gs = row("\t400000\t", "\t1000\t");
    let pms_nothing = B2.replacen("\t350000\t", "\t0\t", 1);
    let apms_other =
        B2.replacen("\tPMS\t", "\tAPMS\t", 1)
            .replacen("\t350000\t0\t0\t", "\t0\t0\t330000\t", 1);
    let text = asset(
        &[&closed, &opened, &no_gs, &pms_nothing, &apms_other],
        &[CCG],
    );
    let pop = parse(&text).unwrap();
    let why = |i: usize| {
        pop.modelled(c, &pop.members[i])
            .err()
            .map(|r| r.reason)
            .unwrap_or_default()
    };
    let kind = |i: usize| pop.modelled(c, &pop.members[i]).err().map(|r| r.kind);
    assert_eq!(
        (0..4).map(kind).collect::<Vec<_>>(),
        [
            RefusalKind::Closed,
            RefusalKind::Opened,
            RefusalKind::GlobalSum,
            RefusalKind::ContractIncome
        ]
        .map(Some)
    );
    assert!(why(0).contains("closed on 2014-09-30"), "{}", why(0));
    assert!(why(1).contains("opened on 2014-10-01"), "{}", why(1));
    assert!(why(2).contains("global sum"), "{}", why(2));
    assert!(
        why(3).contains("not a year of core contract income"),
        "{}",
        why(3)
    );
    let apms = pop
        .modelled(c, &pop.members[4])
        .expect("APMS income under other payments");
    assert_eq!(
        apms.assessed.contract_paid,
        Some((Decimal::from(330000), ContractSource::OtherPayments))
    );
}

#[test]
fn a_published_level_is_reached_by_one_multiplier_on_the_ccgs_profile() {
    let c = Catalog::builtin();
    let rs = c.get("2014-15").unwrap();
    let prep = crate::prepared::Prepared::new(rs);
    let ccg = Ccg {
        name: "x".into(),
        achievement: [
            ("CHD002", "80"),
            ("DM002", "75"),
            ("DM007", "60"),
            ("HYP006", "70"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.parse().unwrap()))
        .collect(),
    };
    let pop = parse(&small()).unwrap();
    let template = pop.template(c, &ccg).unwrap();
    let shape = Shape::new(c, &prep, &template);
    assert_eq!(
        shape.points_at(Decimal::ONE).round_dp(6),
        {
            crate::statement(c, &prep, &template)
                .qof_points
                .0
                .round_dp(6)
        },
        "the shape at a multiplier of 1 is the CCG's own points"
    );
    let lowest = shape.points_at(Decimal::ZERO) / shape.max;
    let highest = shape.points_at(Decimal::from(10)) / shape.max;
    for pct in [
        lowest + Decimal::new(1, 3),
        (lowest + highest) / Decimal::TWO,
        highest - Decimal::new(1, 3),
    ] {
        let m = shape.multiplier(pct);
        let got = shape.points_at(m) / shape.max;
        assert!(
            (got - pct).abs() < Decimal::new(1, 9),
            "{pct}: {got} at {m}"
        );
        // The scaled achievement, through the statement, lands within the
        // rounding of the achievement to two places.
        let mut raw = RawPractice {
            list_size: Some(RawNumber::Int(7000)),
            default_achievement: Some("typical".into()),
            ..Default::default()
        };
        raw.achievement = achievement_table(&achievement::scaled(&ccg.achievement, m));
        let p = crate::validate(&raw, c).unwrap().0;
        let st = crate::statement(c, &prep, &p);
        assert!(
            (st.qof_points.0 / shape.max - pct).abs() < Decimal::new(1, 3),
            "{pct}: {}",
            st.qof_points.0
        );
    }
    assert_eq!(shape.multiplier(Decimal::ZERO), Decimal::ZERO);
    // Beyond what the profile can earn: the least multiplier earning it all.
    let top = shape.multiplier(Decimal::ONE);
    assert_eq!(shape.points_at(top) / shape.max, highest);
    assert!(shape.points_at(top - Decimal::new(1, 6)) < shape.points_at(top));
}

#[test]
fn the_2013_14_mpig_factor_comes_from_the_rules_phase_out_figures() {
    let c = Catalog::builtin();
    let f = &c.get("2014-15").unwrap().funding;
    let years = f.mpig_phase_out_years.as_ref().unwrap().value.unwrap();
    let elapsed = f.mpig_years_elapsed.as_ref().unwrap().value.unwrap();
    let paid = Decimal::from(6000);
    let got = mpig_before_phase_out(c, "2014-15", paid).unwrap();
    assert_eq!(
        got,
        crate::money::round_half_up(paid * years / (years - elapsed), 2)
    );
    assert_eq!(mpig_before_phase_out(c, "no-such-year", paid), None);
}

#[test]
fn damaged_assets_are_named_by_line() {
    assert!(parse("").is_err());
    let bad = asset(&[&A1.replace("\t6000\t6100\t", "\tlots\t6100\t")], &[CCG]);
    let err = parse(&bad).unwrap_err();
    assert!(err.starts_with("line 9: list"), "{err}");
    let short = asset(&[&A1.replace("\tP\t300\t", "\tP\n")], &[CCG]);
    assert!(parse(&short).unwrap_err().contains("cells"));
    let date = asset(
        &[&A1.replacen("\t6100\t\t\t", "\t6100\t\t30/09/2014\t", 1)],
        &[CCG],
    );
    assert!(parse(&date).unwrap_err().contains("not a date"));
}

#[test]
fn a_cut_or_altered_asset_is_refused_whole() {
    let text = small();
    // Cut at a line boundary: the last CCG row gone.
    let cut_line = text.trim_end().rsplit_once('\n').unwrap().0.to_string() + "\n";
    assert!(
        parse(&cut_line)
            .unwrap_err()
            .contains("ccgs where its header says 1"),
        "{:?}",
        parse(&cut_line)
    );
    // Cut inside the last cell: the row has its cells, but not its value.
    let cut_cell = text.trim_end().strip_suffix('0').unwrap().to_string() + "\n";
    assert!(
        parse(&cut_cell).unwrap_err().contains("checksum"),
        "{:?}",
        parse(&cut_cell)
    );
    // One figure altered.
    let altered = text.replacen("\t400000\t", "\t400001\t", 1);
    assert!(parse(&altered).unwrap_err().contains("checksum"));
    // A row added without the count.
    let longer = text.replace(
        "\n[ccgs]",
        &format!("\n{}\n[ccgs]", A1.replacen("A1", "A9", 1)),
    );
    assert!(parse(&longer)
        .unwrap_err()
        .contains("3 practices where its header says 2"));
    // No format, or another.
    assert!(parse(&text.replace("# format: 2\n", ""))
        .unwrap_err()
        .contains("format"));
    assert!(parse(&text.replace("# format: 2", "# format: 1"))
        .unwrap_err()
        .contains("format 1"));
    assert!(parse(&text).is_ok());
}

#[test]
fn a_ccg_table_without_its_name_column_is_refused_not_a_panic() {
    // Found by the population fuzz target: a one-column CCG header.
    let bad = small().replace(
        "ccg\tname\tCHD002\tDM002\n01C\tSomewhere\t88.00\t91.50\n",
        "ccg\n01C\n",
    );
    assert!(
        parse(&bad).unwrap_err().contains("CCG header"),
        "{:?}",
        parse(&bad)
    );
}

#[test]
fn search_finds_by_code_postcode_and_name() {
    let pop = parse(&small()).unwrap();
    assert_eq!(pop.search("a1", 5)[0].code, "A1");
    assert_eq!(pop.search("ef34", 5)[0].code, "B2");
    assert_eq!(pop.search("surgery", 5)[0].code, "A1");
    assert!(pop.search("zzz", 5).is_empty());
    assert!(pop.search("  ", 5).is_empty());
}

#[test]
fn postcodes_in_names_are_in_capitals_and_nothing_else_changes() {
    use super::parse::postcodes_in_capitals as caps;
    assert_eq!(
        caps("80 Tettenhall Road Surgery Wolverhampton Wv1 4Tf"),
        "80 Tettenhall Road Surgery Wolverhampton WV1 4TF"
    );
    assert_eq!(
        caps("St. Giles Surgery Se5 7Rf (Dr Rosemen)"),
        "St. Giles Surgery SE5 7RF (Dr Rosemen)"
    );
    assert_eq!(caps("The Ec1A 1Bb Practice"), "The EC1A 1BB Practice");
    assert_eq!(caps("Broken Cross Surgery"), "Broken Cross Surgery");
    assert_eq!(caps("Dr A1 Smith 2Nd Floor"), "Dr A1 Smith 2Nd Floor");
}
