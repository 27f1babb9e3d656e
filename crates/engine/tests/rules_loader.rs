//! The rules loader refuses bad data with a message naming the file and the
//! item: one case per `RulesErrorKind`, each a small edit to the real rules
//! folder, so the loader is fed exactly the mistake a rules author makes.

use gpsim_engine::rules::{Catalog, RulesError, RulesErrorKind as K};

mod common;
use common::rules_files;

/// Loads the rules with `find` replaced by `replace` (once) in `file`.
fn load_with(file: &str, find: &str, replace: &str) -> Vec<RulesError> {
    let mut files = rules_files();
    let f = files
        .iter_mut()
        .find(|(name, _)| name == file)
        .unwrap_or_else(|| panic!("no rules file {file}"));
    assert!(f.1.contains(find), "{file} does not contain {find:?}");
    f.1 = f.1.replacen(find, replace, 1);
    let pairs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    match Catalog::load_files(&pairs) {
        Ok(_) => panic!("{file}: the edit {find:?} → {replace:?} was accepted"),
        Err(errors) => errors,
    }
}

/// Asserts the load failed with `kind`, naming `file` and an item
/// containing `item`, and that the printed message says both.
fn check(errors: &[RulesError], kind: K, file: &str, item: &str) {
    let hit = errors
        .iter()
        .find(|e| e.kind == kind && e.file == file && e.item.contains(item));
    let Some(e) = hit else {
        panic!("expected {kind:?} in {file} naming {item:?}; got {errors:#?}")
    };
    let text = e.to_string();
    assert!(text.contains(file) && text.contains(item), "{text}");
}

#[test]
fn the_real_rules_load() {
    let files = rules_files();
    let pairs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert!(Catalog::load_files(&pairs).is_ok());
}

#[test]
fn a_misspelt_key_is_a_parse_error_with_its_line() {
    let errors = load_with("2013-14/qof.toml", "point_value = {", "point_valeu = {");
    let e = errors
        .iter()
        .find(|e| e.kind == K::Parse && e.file == "2013-14/qof.toml")
        .unwrap_or_else(|| panic!("{errors:#?}"));
    assert!(e.message.contains("point_valeu"), "{}", e.message);
    assert!(e.message.contains("line"), "names the line: {}", e.message);
}

#[test]
fn a_value_that_is_not_a_decimal_is_a_bad_value() {
    let errors = load_with(
        "2013-14/qof.toml",
        "point_value = { value = \"156.92\"",
        "point_value = { value = \"156,92\"",
    );
    check(&errors, K::BadValue, "2013-14/qof.toml", "point_value");
}

#[test]
fn a_not_found_figure_with_a_value_is_a_status_mismatch() {
    let errors = load_with(
        "2013-14/qof.toml",
        "code = \"QP001\"\narea = \"qp\"\nkind = \"yes_no\"\npayment = \"list\"\ndescription = \"Internal review of secondary-care outpatient referral data supplied by the NHS Commissioning Board\"\ncontinues = [\"QP 6\"]\npoints = { status",
        "code = \"QP001\"\narea = \"qp\"\nkind = \"yes_no\"\npayment = \"list\"\ndescription = \"Internal review of secondary-care outpatient referral data supplied by the NHS Commissioning Board\"\ncontinues = [\"QP 6\"]\npoints = { value = \"3\", status",
    );
    check(&errors, K::StatusMismatch, "2013-14/qof.toml", "QP001");
}

#[test]
fn a_source_missing_from_the_bibliography_is_an_unknown_source() {
    let errors = load_with(
        "2013-14/qof.toml",
        "source = \"webjeannie-qof-faq\"",
        "source = \"no-such-source\"",
    );
    check(&errors, K::UnknownSource, "2013-14/qof.toml", "point_value");
}

#[test]
fn retiring_a_code_the_base_lacks_is_an_unknown_reference() {
    let errors = load_with(
        "2014-15/changes.toml",
        "codes = [\"PE001\"]",
        "codes = [\"PE999\"]",
    );
    check(
        &errors,
        K::UnknownReference,
        "2014-15/changes.toml",
        "PE999",
    );
}

#[test]
fn two_indicators_with_one_code_are_a_duplicate() {
    let errors = load_with("2013-14/qof.toml", "code = \"AF002\"", "code = \"AF001\"");
    check(&errors, K::Duplicate, "2013-14/qof.toml", "AF001");
}

#[test]
fn a_lower_threshold_above_the_upper_is_a_thresholds_error() {
    let errors = load_with(
        "2013-14/qof.toml",
        "lower = { value = \"57\"",
        "lower = { value = \"99\"",
    );
    check(&errors, K::Thresholds, "2013-14/qof.toml", "AF003");
}

#[test]
fn a_derived_set_with_its_own_qof_file_is_a_structure_error() {
    let mut files = rules_files();
    files.push(("2014-15/qof.toml".into(), String::new()));
    let pairs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let Err(errors) = Catalog::load_files(&pairs) else {
        panic!("a derived set with a qof.toml was accepted")
    };
    check(&errors, K::Structure, "2014-15/qof.toml", "");
}

#[test]
fn a_malformed_changes_file_is_reported_once() {
    let errors = load_with(
        "2014-15/changes.toml",
        "[[qof.retire]]",
        "[[qof.retire]\nthis is not toml",
    );
    let about: Vec<_> = errors
        .iter()
        .filter(|e| e.file == "2014-15/changes.toml")
        .collect();
    assert_eq!(about.len(), 1, "{errors:#?}");
    assert_eq!(about[0].kind, K::Parse);
    assert_eq!(errors.len(), 1, "no follow-on errors: {errors:#?}");
}

#[test]
fn a_rule_set_of_an_unknown_kind_is_refused_with_the_kinds_allowed() {
    let errors = load_with(
        "proposal-2012-10/ruleset.toml",
        "kind = \"proposal\"",
        "kind = \"proposed\"",
    );
    let e = errors
        .iter()
        .find(|e| e.kind == K::Parse && e.file == "proposal-2012-10/ruleset.toml")
        .unwrap_or_else(|| panic!("{errors:#?}"));
    assert!(
        e.message.contains("proposed")
            && e.message.contains("enacted")
            && e.message.contains("proposal"),
        "{}",
        e.message
    );
}

#[test]
fn a_proposal_is_a_proposal_because_it_says_so_not_by_its_id() {
    let c = Catalog::builtin();
    for s in &c.sets {
        let expect = if &*s.id == "proposal-2012-10" {
            gpsim_engine::rules::SetKind::Proposal
        } else {
            gpsim_engine::rules::SetKind::Enacted
        };
        assert_eq!(c.kind(&s.id), Some(expect), "{}", s.id);
    }
    let errors = load_with("2013-14/ruleset.toml", "kind = \"enacted\"\n", "");
    assert!(
        errors
            .iter()
            .any(|e| e.file == "2013-14/ruleset.toml" && e.message.contains("kind")),
        "a rule set must say its kind: {errors:#?}"
    );
}

/// The rules vocabulary (indicator kinds, payment bases, activity measures,
/// component kinds) is parsed by serde enums, so a typo is refused with the
/// words allowed and the line it is on.
#[test]
fn a_misspelt_word_of_the_vocabulary_names_the_words_allowed_and_its_line() {
    for (file, find, replace, allowed) in [
        (
            "2013-14/qof.toml",
            "kind = \"threshold\"",
            "kind = \"treshold\"",
            "`threshold`, `register`, `yes_no`",
        ),
        (
            "2013-14/qof.toml",
            "payment = \"prevalence\"",
            "payment = \"prevelance\"",
            "`prevalence`, `list`, `target_population`",
        ),
        (
            "2013-14/services.toml",
            "kind = \"per_patient\"",
            "kind = \"per_patinet\"",
            "`per_patient`, `per_item`, `flat_if_share`, `share_of_rate`, `reinvested`",
        ),
        (
            "activities.toml",
            "measure = \"count\"",
            "measure = \"cuont\"",
            "`count`, `percent`, `index`",
        ),
    ] {
        let errors = load_with(file, find, replace);
        let e = errors
            .iter()
            .find(|e| e.kind == K::Parse && e.file == file)
            .unwrap_or_else(|| panic!("{file}: {errors:#?}"));
        assert!(
            e.message.contains("unknown variant"),
            "{file}: {}",
            e.message
        );
        assert!(e.message.contains(allowed), "{file}: {}", e.message);
        assert!(
            e.message.contains("line"),
            "{file} names the line: {}",
            e.message
        );
    }
}

/// A stated range is checked whole, and a problem names the figure: one
/// that does not contain the value in use, one outside its unit's bounds,
/// one without a reason, one on a figure that is not uncertain, one citing
/// a source the bibliography lacks, and a default bracket that is missing.
#[test]
fn a_bad_range_is_refused_naming_its_figure() {
    let file = "2014-15/funding.toml";
    let ooh = r#"low = "0.045", high = "0.06""#;
    for (replace, says) in [
        (
            r#"low = "0.05", high = "0.06""#,
            "does not contain the value in use",
        ),
        (
            r#"low = "0.045", high = "1.5""#,
            "outside what the figure may be",
        ),
        (r#"low = "0.06", high = "0.045""#, "is above high"),
        (r#"low = "0.045""#, "needs both low and high"),
        (r#"low = "lots", high = "0.06""#, "is not a decimal"),
    ] {
        let errors = load_with(file, ooh, replace);
        check(&errors, K::BadValue, file, "ooh_deduction");
        assert!(
            errors.iter().any(|e| e.message.contains(says)),
            "{replace}: {errors:#?}"
        );
    }
    let errors = load_with(
        file,
        r#"range_source = "medeconomics-payments-2016-17""#,
        r#"range_source = "nowhere""#,
    );
    check(&errors, K::BadValue, file, "ooh_deduction");
    let errors = load_with(
        file,
        r#"global_sum_price = { value = "73.56", status = "verified","#,
        r#"global_sum_price = { value = "73.56", status = "verified", low = "70", high = "75", range_reason = "x","#,
    );
    check(&errors, K::BadValue, file, "global_sum_price");
    let errors = load_with(
        "ranges.toml",
        "kind = \"threshold\"\nspread = \"5\"",
        "kind = \"points\"\nspread = \"5\"",
    );
    check(&errors, K::Duplicate, "ranges.toml", "points");
    assert!(
        errors.iter().any(|e| e
            .message
            .contains("no default range for its kind (Threshold)")),
        "a threshold with no bracket says so: {errors:#?}"
    );
}
