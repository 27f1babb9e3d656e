//! The gpsim binary as a user runs it: outputs, formats and failures.

use std::process::Command;

fn gpsim(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gpsim"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("run gpsim");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn rules_prints_one_line_per_rule_set_with_id_name_and_kind() {
    let (code, out, _) = gpsim(&["rules"]);
    assert_eq!(code, 0);
    let ids: Vec<&str> = out.lines().map(|l| l.split('\t').next().unwrap()).collect();
    assert_eq!(ids, ["2012-13", "proposal-2012-10", "2013-14", "2014-15"]);
    assert!(out
        .lines()
        .all(|l| l.split('\t').nth(1).is_some_and(|n| !n.is_empty())));
    // The third column is the set's kind.
    let kinds: Vec<&str> = out.lines().filter_map(|l| l.split('\t').nth(2)).collect();
    assert_eq!(kinds, ["enacted", "proposal", "enacted", "enacted"]);
}

#[test]
fn rules_report_gives_counts_domains_and_statuses() {
    let (code, out, _) = gpsim(&["rules", "--report"]);
    assert_eq!(code, 0);
    assert!(out.contains("against official 1000"));
    assert!(out.contains("figures by status: verified"));
    assert!(out.contains("gap in Depression: points not found: DEP 6, DEP 7"));
}

#[test]
fn changes_lists_what_changed_against_2012_13_for_each_set() {
    let (code, out, _) = gpsim(&["changes"]);
    assert_eq!(code, 0);
    assert_eq!(out.matches("What changed: 2012/13 (baseline) →").count(), 3);
    assert!(out.contains("£ per QOF point: £133.76 a point → £156.92 a point."));
}

#[test]
fn statement_json_has_rules_total_lines_and_warnings() {
    let (code, out, err) = gpsim(&[
        "statement",
        "--rules",
        "2013-14",
        "--practice",
        "examples/practice.toml",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["rules"], "2013-14");
    assert!(v["total"].as_str().unwrap().parse::<f64>().unwrap() > 100_000.0);
    let lines = v["lines"].as_array().unwrap();
    for id in [
        "global_sum",
        "mpig",
        "seniority",
        "qof",
        "qof.diabetes",
        "qof.CHD002",
        "services.dementia",
    ] {
        let line = lines
            .iter()
            .find(|l| l["id"] == id)
            .unwrap_or_else(|| panic!("no line {id}"));
        assert!(
            line["amount"].is_string(),
            "{id} amount as a decimal string"
        );
        assert!(line["explanation"]["formula"]
            .as_str()
            .is_some_and(|f| !f.is_empty()));
    }
    let chd = lines.iter().find(|l| l["id"] == "qof.CHD002").unwrap();
    assert!(chd["points"].is_string());
    assert!(v["warnings"].is_array());
}

#[test]
fn json_and_toml_practice_files_give_the_same_statement() {
    let run = |f: &str| {
        gpsim(&[
            "statement",
            "--rules",
            "2012-13",
            "--practice",
            f,
            "--format",
            "csv",
        ])
        .1
    };
    let toml = run("examples/practice.toml");
    assert!(toml.lines().count() > 100);
    assert_eq!(toml, run("examples/practice.json"));
}

#[test]
fn compare_table_csv_and_json_agree_on_totals() {
    let args = [
        "compare",
        "--rules",
        "2012-13,2013-14,2014-15",
        "--practice",
        "crates/engine/presets/average.toml",
    ];
    let (code, table, _) = gpsim(&args);
    assert_eq!(code, 0);
    assert!(table.contains("Where the money moved, 2012-13 → 2013-14"));
    let (_, csv, _) = gpsim(&[&args[..], &["--format", "csv"]].concat());
    let total = csv
        .lines()
        .find(|l| l.starts_with("total,"))
        .unwrap()
        .to_string();
    let (_, json, _) = gpsim(&[&args[..], &["--format", "json"]].concat());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let t0 = v["statements"][0]["total"].as_str().unwrap();
    assert!(total.contains(t0), "{total} vs {t0}");
    let steps = v["waterfalls"][0]["steps"].as_array().unwrap();
    assert!(steps.iter().any(|s| s["cause"] == "organisational_qof"));
}

#[test]
fn a_bad_practice_file_names_the_field_and_exits_non_zero() {
    let dir = std::env::temp_dir().join(format!("gpsim-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "list_size = -5\n[registers]\ndiabetes = \"lots\"\n").unwrap();
    let (code, _, err) = gpsim(&[
        "statement",
        "--rules",
        "2012-13",
        "--practice",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("list_size: -5 is negative"), "{err}");
    assert!(err.contains("registers.diabetes"), "{err}");
    let broken = dir.join("broken.toml");
    std::fs::write(&broken, "list_size = 100\nweighted_list = [\n").unwrap();
    let (code, _, err) = gpsim(&[
        "statement",
        "--rules",
        "2012-13",
        "--practice",
        broken.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("broken.toml: line ") && err.contains("unexpected eof"),
        "{err}"
    );
    let (code, _, err) = gpsim(&[
        "statement",
        "--rules",
        "1999-00",
        "--practice",
        "examples/practice.toml",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown rule set"), "{err}");
    let (code, _, err) = gpsim(&["statement", "--rules", "2012-13"]);
    assert_eq!(code, 2);
    assert!(err.contains("--practice"), "{err}");
}

#[test]
fn batch_writes_one_row_per_practice_and_reports_bad_rows() {
    let (code, out, err) = gpsim(&[
        "batch",
        "--rules",
        "2012-13,2013-14",
        "--practices",
        "examples/practices.csv",
    ]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows.len(), 5, "header + 4 practices");
    assert!(rows[0].starts_with("id,name,contract,list_size,weighted_list,total_2012-13"));
    assert!(rows[3].starts_with("A3,Market Street PMS,PMS"));
    assert!(
        rows[4].contains("list_size"),
        "the broken row says which field: {}",
        rows[4]
    );
    // Every row, broken or not, has the header's columns.
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(out.as_bytes());
    let columns = reader.headers().expect("a header").len();
    for record in reader.records() {
        assert_eq!(record.expect("a CSV record").len(), columns);
    }
}

#[test]
fn batch_reads_the_hscic_payments_file() {
    let data = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/payments-sample.csv"
    );
    let (code, out, err) = gpsim(&["batch", "--rules", "2013-14,2014-15", "--practices", data]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows.len(), 6, "header + 5 practices");
    // N85640 (PMS) records no contract income in any column: it is left
    // out with the reason, not run on a zero baseline; the rest run.
    for r in &rows[1..] {
        if r.starts_with("N85640,") {
            assert!(r.contains("left out: its contract income (£0"), "{r}");
        } else {
            assert!(r.ends_with(','), "no problems: {r}");
        }
    }
}

#[test]
fn scenarios_edit_figures_and_refuse_bad_paths() {
    let base = [
        "compare",
        "--rules",
        "2013-14,custom",
        "--base",
        "2013-14",
        "--practice",
        "crates/engine/presets/average.toml",
    ];
    let (code, out, _) = gpsim(
        &[
            &base[..],
            &["--set", "qof.point_value=170", "--format", "csv"],
        ]
        .concat(),
    );
    assert_eq!(code, 0);
    let total = out.lines().find(|l| l.starts_with("total,")).unwrap();
    let change: f64 = total.rsplit(',').next().unwrap().parse().unwrap();
    assert!(change > 0.0, "a higher point value pays more: {total}");
    let (code, _, err) = gpsim(&[&base[..], &["--set", "qof.nonsense=1"]].concat());
    assert_eq!(code, 2);
    assert!(
        err.contains("--set qof.nonsense: is not a figure of this rule set"),
        "{err}"
    );
    // Every bad edit is named at once, each under its own path.
    let (code, _, err) = gpsim(
        &[
            &base[..],
            &[
                "--set",
                "qof=1",
                "--set",
                "qof.point_value=-5",
                "--set",
                "qof.nonsense=1",
            ],
        ]
        .concat(),
    );
    assert_eq!(code, 2);
    for path in [
        "--set qof:",
        "--set qof.point_value:",
        "--set qof.nonsense:",
    ] {
        assert!(err.contains(path), "{path} in {err}");
    }
    // A share is typed as shown (`gpsim figures` shows 4.7%), and a
    // decimal comma is refused with a word on it, not read as 170.
    let (code, _, err) = gpsim(&[&base[..], &["--set", "funding.ooh_deduction=150"]].concat());
    assert_eq!(code, 2);
    assert!(
        err.contains("150%") && err.contains("at most 100%"),
        "{err}"
    );
    let (code, _, err) = gpsim(&[&base[..], &["--set", "funding.ooh_deduction=5"]].concat());
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = gpsim(&[&base[..], &["--set", "qof.point_value=1,70"]].concat());
    assert_eq!(code, 2);
    assert!(
        err.contains("--set qof.point_value:") && err.contains("decimal"),
        "{err}"
    );
}

#[test]
fn breakeven_reports_the_statement_totals_and_the_gap_between_them() {
    let practice = "crates/engine/presets/mpig-reliant.toml";
    // Runs gpsim, expecting success and JSON out.
    let json = |args: &[&str]| -> serde_json::Value {
        let (code, out, err) = gpsim(args);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str(&out).expect("JSON")
    };
    let total = |rules: &str| -> String {
        let v = json(&[
            "statement",
            "--rules",
            rules,
            "--practice",
            practice,
            "--format",
            "json",
        ]);
        v["total"].as_str().expect("total").to_string()
    };
    let v = json(&[
        "breakeven",
        "--rules",
        "2014-15",
        "--baseline",
        "2012-13",
        "--practice",
        practice,
        "--format",
        "json",
    ]);
    let out = v.to_string();
    let r = &v["result"];
    assert_eq!(
        r["baseline_total"].as_str(),
        Some(total("2012-13").as_str())
    );
    assert_eq!(r["target_total"].as_str(), Some(total("2014-15").as_str()));
    // 2014/15 pays this MPIG-reliant practice less (a seventh of its
    // correction factor goes), and even full QOF with every service does not
    // close the gap: a positive shortfall, said in the sentence.
    assert_eq!(r["outcome"]["outcome"], "impossible", "{out}");
    let shortfall: f64 = r["outcome"]["shortfall"].as_str().unwrap().parse().unwrap();
    assert!(shortfall > 0.0, "{out}");
    assert!(v["sentence"]
        .as_str()
        .unwrap()
        .contains("Nothing closes the gap"));
}

#[test]
fn national_summarises_every_practice_in_three_formats() {
    let (code, out, err) = gpsim(&["national", "--rules", "2013-14,2014-15", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let all = &v["all"];
    let n = all["practices"].as_u64().unwrap();
    assert_eq!(
        all["gain"].as_u64().unwrap()
            + all["lose"].as_u64().unwrap()
            + all["same"].as_u64().unwrap(),
        n
    );
    assert_eq!(n as usize + v["left_out"].as_array().unwrap().len(), 7959);
    let (_, csv, _) = gpsim(&["national", "--rules", "2013-14,2014-15", "--format", "csv"]);
    assert_eq!(
        csv.lines().count(),
        7959 + 1,
        "a row per practice, run or left out"
    );
    assert!(csv.starts_with("code,name,region,ccg,ccg_name,postcode,contract,list_size,weighted_list,total_2013-14,total_2014-15,change,change_percent,change_per_weighted_patient,qof_points_2014-15,qof_share_of_points_percent_2014-15,qof_achievement,left_out_reason,figures"), "{}", csv.lines().next().unwrap_or(""));
    let left_out_rows = csv.lines().filter(|l| l.ends_with(",not run")).count();
    assert!(
        csv.lines()
            .skip(1)
            .all(|l| l.ends_with(",not run") || l.ends_with(",\"modelled, not paid\"")),
        "every row says its figures are modelled, or that it was not run"
    );
    assert_eq!(
        left_out_rows,
        v["left_out"].as_array().unwrap().len(),
        "each left-out row has its reason"
    );
    assert!(csv.contains(",published,") && csv.contains(",modelled,"));
    let (_, t, _) = gpsim(&["national", "--rules", "2013-14,2014-15"]);
    for part in [
        "lose more than 1%",
        "By NHS England region",
        "QOF achievement: ",
        "How close is the model to what was paid?",
        "Left out",
    ] {
        assert!(t.contains(part), "{part}: {t}");
    }
}

/// `--ranges` on `national`: the headline counts at the change's two ends
/// bracket the central counts in JSON, the table says so in a line, and the
/// CSV gives each practice run its change at both ends around its own.
#[test]
fn national_ranges_bracket_the_headline_in_three_formats() {
    let args = ["national", "--rules", "2013-14,2014-15", "--ranges"];
    let (code, out, err) = gpsim(&[&args[..], &["--format", "json"]].concat());
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for k in ["gain", "lose"] {
        let r = &v["ranges"][k];
        let (l, c, h) = (r["low"].as_u64(), r["central"].as_u64(), r["high"].as_u64());
        assert!(l <= c && c <= h, "{k}: {r}");
        assert_eq!(r["central"], v["all"][k]);
    }
    let (_, t, _) = gpsim(&args);
    assert!(
        t.lines()
            .nth(3)
            .unwrap()
            .contains("ranges, every uncertain figure"),
        "{t}"
    );
    let (_, csv, _) = gpsim(&[&args[..], &["--format", "csv"]].concat());
    let head: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    assert_eq!(
        &head[head.len() - 2..],
        ["change_at_low_end", "change_at_high_end"]
    );
    let run_rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .filter(|l| !l.contains(",not run"))
        .map(|l| l.rsplitn(4, ',').collect())
        .collect();
    assert!(run_rows.len() > 7000);
    for r in &run_rows {
        // The last cells, from the end: high, low.
        let (high, low): (f64, f64) = (r[0].parse().unwrap(), r[1].parse().unwrap());
        assert!(low <= high, "{r:?}");
    }
}

#[test]
fn national_refuses_one_set_and_a_damaged_population() {
    let (code, _, _) = gpsim(&["national", "--rules", "2013-14"]);
    assert_eq!(code, 2);
    let path = std::env::temp_dir().join("gpsim-national-bad.tsv");
    std::fs::write(&path, "[practices]\ncode\tname\n").unwrap();
    let (code, _, err) = gpsim(&[
        "national",
        "--rules",
        "2013-14,2014-15",
        "--population",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("gpsim-national-bad.tsv: line 2"), "{err}");
}

#[test]
fn an_option_the_command_does_not_take_is_an_error_not_ignored() {
    let (code, _, err) = gpsim(&[
        "compare",
        "--rules",
        "2012-13,2013-14",
        "--practice",
        "examples/practice.toml",
        "--explain",
        "qof",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("unexpected argument '--explain'"), "{err}");
    let (code, _, err) = gpsim(&["figures", "--rules", "2013-14", "--format", "json"]);
    assert_eq!(code, 2, "figures prints text only: {err}");
}

#[test]
fn help_names_every_rule_set_from_the_rules_data() {
    let (code, out, _) = gpsim(&["help"]);
    assert_eq!(code, 0);
    for s in &gpsim_engine::Catalog::builtin().sets {
        assert!(
            out.contains(&*s.id) && out.contains(&*s.name),
            "{} in:\n{out}",
            s.id
        );
    }
}

#[test]
fn control_and_bidi_characters_in_names_are_escaped_in_tables_and_csv() {
    let path = std::env::temp_dir().join(format!("gpsim-names-{}.csv", std::process::id()));
    std::fs::write(
        &path,
        "id,name,list_size\nA1,Evil\u{202E}txt.exe Surgery,5000\n",
    )
    .unwrap();
    let (code, out, err) = gpsim(&[
        "batch",
        "--rules",
        "2013-14,2014-15",
        "--practices",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Evil\\u{202E}txt.exe Surgery") && !out.contains('\u{202E}'),
        "{out}"
    );
    let toml = std::env::temp_dir().join(format!("gpsim-names-{}.toml", std::process::id()));
    std::fs::write(&toml, "name = \"Nul\\u0000Here\"\nlist_size = 5000\n").unwrap();
    let (code, out, err) = gpsim(&[
        "statement",
        "--rules",
        "2014-15",
        "--practice",
        toml.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Nul\\u{0000}Here") && !out.contains('\0'),
        "{out}"
    );
    // JSON keeps the name exactly.
    let (_, json, _) = gpsim(&[
        "statement",
        "--rules",
        "2014-15",
        "--practice",
        toml.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["practice"], "Nul\u{0}Here");
    let _ = std::fs::remove_file(path);
    let _ = std::fs::remove_file(toml);
}

/// `gpsim open` prints the comparison a link opens in the app: every link
/// fixture (the app's test pins the same totals) gives its pinned totals,
/// and a damaged link is refused with the app's reason.
#[test]
fn open_prints_the_comparison_every_link_fixture_pins() {
    #[derive(serde::Deserialize)]
    struct Fixtures {
        link: Vec<Fixture>,
    }
    #[derive(serde::Deserialize)]
    struct Fixture {
        what: String,
        fragment: String,
        totals: std::collections::BTreeMap<String, String>,
    }
    let mut n = 0;
    for file in ["tests/links/v1.toml", "tests/links/v2.toml"] {
        let text = std::fs::read_to_string(format!("{}/../../{file}", env!("CARGO_MANIFEST_DIR")))
            .unwrap();
        let f: Fixtures = toml::from_str(&text).unwrap();
        for fx in f.link {
            let address = format!("https://example.org/gp/{}", fx.fragment);
            let (code, out, err) = gpsim(&["open", &address, "--format", "json"]);
            assert_eq!(code, 0, "{}: {err}", fx.what);
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            let ids = v["rules"].as_array().expect("rules");
            let statements = v["statements"].as_array().expect("statements");
            let totals: std::collections::BTreeMap<String, String> = ids
                .iter()
                .zip(statements)
                .map(|(id, s)| {
                    let t = match &s["total"] {
                        serde_json::Value::String(t) => t.clone(),
                        other => other.to_string(),
                    };
                    (id.as_str().unwrap().to_string(), t)
                })
                .collect();
            assert_eq!(totals, fx.totals, "{file}: {}", fx.what);
            n += 1;
        }
    }
    assert!(n >= 6);
    let (code, _, err) = gpsim(&["open", "#v=2&s=2012-13,2013-14&t=2013-14"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("damaged") && err.contains("checksum"), "{err}");
}

/// A link of thousands of edits is longer than a command line may be:
/// `gpsim open -` reads it from standard input, and names at most a
/// hundred of the edits it cannot apply, then how many more.
#[test]
fn open_reads_a_long_link_from_standard_input() {
    use std::io::Write;
    let mut body = String::from("v=1&s=2013-14,custom&t=custom&b=2013-14");
    for i in 0..5_000 {
        body.push_str(&format!("&e.qof.nothing{i}=1"));
    }
    body.push_str("&e.qof.point_value=170");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gpsim"))
        .args(["open", "-", "--format", "csv"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run gpsim");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(body.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("and 4900 more edits"),
        "{}",
        &err[err.len().saturating_sub(300)..]
    );
    assert!(err.lines().count() <= 103, "{} lines", err.lines().count());
    assert!(String::from_utf8_lossy(&out.stdout).contains("total,"));
}

/// `--ranges` adds each total's range, in words, JSON and CSV: the JSON's
/// low and high bracket the total, and name the figures that matter most;
/// a comparison gives every total's and every change's range.
#[test]
fn ranges_are_added_on_request_in_every_format() {
    let practice = "crates/engine/presets/average.toml";
    let (code, out, err) = gpsim(&[
        "statement",
        "--rules",
        "2014-15",
        "--practice",
        practice,
        "--format",
        "json",
        "--ranges",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let num = |x: &serde_json::Value| x.as_str().unwrap().parse::<f64>().unwrap();
    let (low, total, high) = (
        num(&v["range"]["low"]),
        num(&v["total"]),
        num(&v["range"]["high"]),
    );
    assert!(low < total && total < high, "{low} {total} {high}");
    assert_eq!(v["swings"][0]["path"], "funding.ooh_deduction");
    let (_, plain, _) = gpsim(&["statement", "--rules", "2014-15", "--practice", practice]);
    assert!(!plain.contains("Range:"), "no ranges unless asked");
    let (_, table, _) = gpsim(&[
        "statement",
        "--rules",
        "2014-15",
        "--practice",
        practice,
        "--ranges",
    ]);
    assert!(
        table.contains("Range: £") && table.contains("not the practice's own inputs"),
        "{table}"
    );
    let (code, csv, err) = gpsim(&[
        "compare",
        "--rules",
        "2012-13,2013-14",
        "--practice",
        practice,
        "--format",
        "csv",
        "--ranges",
    ]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<&str> = csv.lines().filter(|l| l.starts_with("range,")).collect();
    assert_eq!(rows.len(), 3, "two totals and one change: {rows:?}");
    assert!(rows[2].starts_with("range,2013-14,change,"), "{rows:?}");
}
