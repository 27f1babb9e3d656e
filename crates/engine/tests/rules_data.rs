//! Checks on the embedded rules data: it loads, every figure has a known
//! source and a status, thresholds are ordered, and totals are reported.

use gpsim_engine::rules::report::points_report;
use gpsim_engine::rules::Catalog;

#[test]
fn embedded_rules_load_without_errors() {
    match Catalog::load_embedded() {
        Ok(c) => assert_eq!(
            c.ids(),
            vec!["2012-13", "proposal-2012-10", "2013-14", "2014-15"]
        ),
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            panic!("{} problems in the rules data", errors.len());
        }
    }
}

#[test]
fn print_reports() {
    let c = Catalog::builtin();
    for s in &c.sets {
        println!("{}", points_report(s).to_text());
    }
}
