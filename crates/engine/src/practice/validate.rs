//! Validation: every field of a raw practice checked at once, each problem
//! naming the field, what is wrong and what is allowed.
//!
//! Length: `validate` is one function that checks the fields in the order the
//! form shows them, so the problems come back in that order.

use super::achievement::{indicator_kind, parse_achievement};
use super::numbers::*;
use super::*;

/// Bounds of weighted ÷ registered outside which a warning is given: about
/// the 0.5th and 99.5th percentiles of English practices with over 1,000
/// patients in the 2014/15 payments data (0.75 and 1.29).
pub(super) const WEIGHTED_RATIO_LOW: Decimal = Decimal::from_parts(75, 0, 0, false, 2);
pub(super) const WEIGHTED_RATIO_HIGH: Decimal = Decimal::from_parts(130, 0, 0, false, 2);

pub(super) struct Checker {
    /// The kinds of name ("register", …) whose allowed names a problem has
    /// listed: later problems of the kind point back to it.
    listed: Vec<&'static str>,
    problems: Vec<Problem>,
    warnings: Vec<Warning>,
    /// Problems past [`MAX_PROBLEMS`], counted, not kept.
    more: usize,
}

/// The problems one practice reports at most; the rest are counted in one
/// last problem, so that a file of 600,000 unknown registers costs a
/// message of 100 lines, not 220 MB.
pub const MAX_PROBLEMS: usize = 100;

impl Checker {
    pub(super) fn problem(
        &mut self,
        field: &str,
        message: impl Into<String>,
        allowed: impl Into<String>,
    ) {
        if self.problems.len() >= MAX_PROBLEMS {
            self.more += 1;
            return;
        }
        self.problems.push(Problem {
            field: field.to_string(),
            message: message.into(),
            allowed: allowed.into(),
        });
    }

    /// An unknown name of `kind`: the allowed names (worked out only if
    /// needed) are listed once, at the first such problem; each later one
    /// points back to it, so 600,000 unknown registers do not repeat the
    /// list 100 times, or work it out 600,000.
    pub(super) fn unknown(
        &mut self,
        kind: &'static str,
        field: &str,
        message: String,
        names: impl FnOnce() -> Vec<String>,
    ) {
        if self.problems.len() >= MAX_PROBLEMS {
            self.more += 1;
            return;
        }
        let allowed = if self.listed.contains(&kind) {
            format!("a {kind} listed at the first unknown one above")
        } else {
            self.listed.push(kind);
            format!("one of: {}", names().join(", "))
        };
        self.problem(field, message, allowed);
    }

    pub(super) fn warn(&mut self, field: Option<&str>, message: impl Into<String>) {
        self.warnings.push(Warning {
            field: field.map(str::to_string),
            message: message.into(),
        });
    }

    /// A count of people: whole, not negative, at most `max`.
    pub(super) fn count(
        &mut self,
        field: &str,
        raw: &RawNumber,
        what: &str,
        max: i64,
    ) -> Option<Decimal> {
        let Some(v) = raw.to_decimal() else {
            self.problem(
                field,
                raw.not_a_number(),
                format!("{what}: a whole number, like 6911"),
            );
            return None;
        };
        if v.is_sign_negative() && !v.is_zero() {
            self.problem(
                field,
                format!("{} is negative", v.normalize()),
                format!("{what}: zero or more"),
            );
            return None;
        }
        if !v.fract().is_zero() {
            self.problem(
                field,
                format!("{} is not a whole number", v.normalize()),
                format!("{what}: a whole number of patients"),
            );
            return None;
        }
        if v > Decimal::from(max) {
            self.problem(
                field,
                format!("{} is too large", v.normalize()),
                format!("{what}: at most {max}"),
            );
            return None;
        }
        Some(v)
    }

    pub(super) fn money(&mut self, field: &str, raw: &RawNumber, what: &str) -> Option<Decimal> {
        let Some(v) = raw.to_decimal() else {
            self.problem(
                field,
                format!("{} is not an amount of money", raw.shown()),
                format!("{what}: pounds a year, like 12000 or £12,000"),
            );
            return None;
        };
        if v.is_sign_negative() && !v.is_zero() {
            self.problem(
                field,
                format!("{} is negative", v.normalize()),
                format!("{what}: zero or more pounds"),
            );
            return None;
        }
        if v > Decimal::from(MAX_MONEY) {
            self.problem(
                field,
                format!("{} is too large", v.normalize()),
                format!("{what}: at most £{MAX_MONEY}"),
            );
            return None;
        }
        Some(v)
    }

    pub(super) fn flag(&mut self, field: &str, raw: &RawBool) -> Option<bool> {
        let v = raw.to_bool();
        if v.is_none() {
            self.problem(field, "is not yes or no", "yes or no");
        }
        v
    }
}

/// Turns raw inputs into a validated practice, or every problem found.
/// Warnings (odd but legal values) come with a valid practice.
pub fn validate(
    raw: &RawPractice,
    catalog: &Catalog,
) -> Result<(Practice, Vec<Warning>), Vec<Problem>> {
    match raw.format {
        Some(f) if f > FORMAT => Err(vec![Problem {
            field: "format".into(),
            message: format!("is {f}: made by a newer version of the simulator than this one"),
            allowed: format!("{FORMAT} or less"),
        }]),
        Some(f) if f == FORMAT => validate_current(raw, catalog),
        _ => {
            let (current, mut warnings) = upgrade(raw);
            let (p, more) = validate_current(&current, catalog)?;
            warnings.extend(more);
            Ok((p, warnings))
        }
    }
}

fn validate_current(
    raw: &RawPractice,
    catalog: &Catalog,
) -> Result<(Practice, Vec<Warning>), Vec<Problem>> {
    let mut c = Checker {
        listed: Vec::new(),
        more: 0,
        problems: Vec::new(),
        warnings: Vec::new(),
    };

    let contract = match raw
        .contract
        .as_deref()
        .map(|s| (s, s.trim().to_ascii_uppercase()))
    {
        None => Contract::Gms,
        Some((_, s)) if s.is_empty() || s == "GMS" => Contract::Gms,
        Some((_, s)) if s == "PMS" => Contract::Pms,
        Some((typed, _)) => {
            c.problem(
                "contract",
                format!("{:?} is not a contract type", truncate(typed)),
                "GMS or PMS",
            );
            Contract::Gms
        }
    };

    let list = match &raw.list_size {
        Some(r) if !r.is_blank() => c.count("list_size", r, "Registered list", MAX_LIST),
        _ => {
            c.problem(
                "list_size",
                "is missing",
                "the number of registered patients, like 6911",
            );
            None
        }
    };
    if list.is_some_and(|l| l.is_zero()) {
        c.problem("list_size", "is zero", "at least one registered patient");
    }
    let weighted = match &raw.weighted_list {
        Some(r) if !r.is_blank() => c.count("weighted_list", r, "Weighted list", MAX_LIST),
        _ => {
            if contract == Contract::Gms {
                c.warn(Some("weighted_list"), "No weighted list given: assumed equal to the registered list (the national ratio is 1.00).");
            }
            list
        }
    };
    if contract == Contract::Gms
        && weighted.is_some_and(|w| w.is_zero())
        && list.is_some_and(|l| !l.is_zero())
    {
        c.problem(
            "weighted_list",
            "is zero",
            "the Carr-Hill weighted list, usually within a fifth of the registered list",
        );
    }
    if let (Some(l), Some(w)) = (list, weighted) {
        if !l.is_zero() && !w.is_zero() {
            let ratio = w / l;
            if ratio < WEIGHTED_RATIO_LOW || ratio > WEIGHTED_RATIO_HIGH {
                c.warn(
                    Some("weighted_list"),
                    format!(
                        "The weighted list is {} times the registered list; fewer than 1 practice in 100 is outside 0.75 to 1.30. Check it.",
                        crate::money::round_half_up(ratio, 2).normalize()
                    ),
                );
            }
        }
        if l > Decimal::from(60_000) {
            c.warn(
                Some("list_size"),
                "A list over 60,000 is larger than any single English practice in 2014/15.",
            );
        } else if !l.is_zero() && l < Decimal::from(500) {
            c.warn(
                Some("list_size"),
                "A list under 500 is very small; the payments scale with it.",
            );
        }
    }

    let flag = |c: &mut Checker, field: &str, raw: &Option<RawBool>, default: bool| match raw {
        Some(r) => c.flag(field, r).unwrap_or(default),
        None => default,
    };
    let ooh = flag(&mut c, "ooh_opted_out", &raw.ooh_opted_out, true);
    let opt_money = |c: &mut Checker, field: &str, raw: &Option<RawNumber>, what: &str| match raw {
        Some(r) if !r.is_blank() => c.money(field, r, what).unwrap_or(Decimal::ZERO),
        _ => Decimal::ZERO,
    };
    let mpig = opt_money(
        &mut c,
        "mpig_correction_factor",
        &raw.mpig_correction_factor,
        "MPIG correction factor",
    );
    let seniority = opt_money(&mut c, "seniority", &raw.seniority, "Seniority");
    let pms_baseline = match (&raw.pms_baseline, contract) {
        (Some(r), _) if !r.is_blank() => c
            .money("pms_baseline", r, "PMS baseline")
            .unwrap_or(Decimal::ZERO),
        (_, Contract::Pms) => {
            c.problem(
                "pms_baseline",
                "is missing for a PMS practice",
                "the PMS contract baseline in pounds a year",
            );
            Decimal::ZERO
        }
        _ => Decimal::ZERO,
    };
    let premium = opt_money(
        &mut c,
        "pms_premium_reduction",
        &raw.pms_premium_reduction,
        "PMS premium reduction",
    );
    if contract == Contract::Gms && !premium.is_zero() {
        c.warn(
            Some("pms_premium_reduction"),
            "A GMS practice has no PMS premium; the reduction is ignored.",
        );
    }
    if contract == Contract::Pms && !mpig.is_zero() {
        c.warn(
            Some("mpig_correction_factor"),
            "PMS practices have no MPIG correction factor; it is ignored.",
        );
    }
    if contract == Contract::Gms && !pms_baseline.is_zero() {
        c.warn(
            Some("pms_baseline"),
            "A GMS practice has no PMS baseline; it is ignored.",
        );
    }

    let default_achievement = match raw
        .default_achievement
        .as_deref()
        .map(|s| s.trim().to_ascii_lowercase())
    {
        None => DefaultAchievement::Typical,
        Some(s) if s.is_empty() || s == "typical" => DefaultAchievement::Typical,
        Some(s) if s == "full" => DefaultAchievement::Full,
        Some(s) => {
            c.problem(
                "default_achievement",
                format!("{:?} is not a default", truncate(&s)),
                "typical or full",
            );
            DefaultAchievement::Typical
        }
    };

    let last_year_points = match &raw.last_year_points {
        Some(r) if !r.is_blank() => match r.to_decimal() {
            Some(v) if v.is_sign_negative() && !v.is_zero() => {
                c.problem(
                    "last_year_points",
                    "is negative",
                    "last year's QOF points, 0 to 1,000",
                );
                None
            }
            Some(v) if v > Decimal::from(1000) => {
                c.problem(
                    "last_year_points",
                    format!(
                        "{} is more than the 1,000 points QOF has ever had",
                        v.normalize()
                    ),
                    "0 to 1,000",
                );
                None
            }
            Some(v) => Some(v),
            None => {
                c.problem(
                    "last_year_points",
                    r.not_a_number(),
                    "last year's QOF points, like 960.8",
                );
                None
            }
        },
        _ => None,
    };

    // Registers.
    let mut registers = vec![None; catalog.registers.len()];
    for (id, r) in &raw.registers {
        let field = format!("registers.{id}");
        if r.is_blank() {
            continue;
        }
        let Some(idx) = catalog.register_index(id) else {
            c.unknown(
                "register",
                &field,
                format!("{:?} is not a register", truncate(id)),
                || catalog.registers.iter().map(|r| r.id.to_string()).collect(),
            );
            continue;
        };
        let name = catalog.registers[idx].name.to_string();
        if let Some(v) = c.count(&field, r, &name, MAX_LIST) {
            if let Some(l) = list {
                if v > l {
                    c.problem(
                        &field,
                        format!(
                            "{} patients is more than the whole list ({})",
                            v.normalize(),
                            l.normalize()
                        ),
                        format!("{name}: at most the registered list"),
                    );
                    continue;
                }
            }
            registers[idx] = Some(Patients(v));
        }
    }

    // Achievement.
    let mut achievement = vec![None; catalog.codes.len()];
    for (code, a) in &raw.achievement {
        let field = format!("achievement.{code}");
        let Some(cid) = catalog.codes.id(code.trim()) else {
            c.problem(
                &field,
                format!(
                    "{:?} is not an indicator code in any rule set",
                    truncate(code)
                ),
                "a code such as CHD 6 or CHD002",
            );
            continue;
        };
        // The code table knows each code's kind; the scan is for a code
        // only ever named as a predecessor.
        let kind = catalog
            .codes
            .kinds
            .get(cid as usize)
            .copied()
            .flatten()
            .or_else(|| indicator_kind(catalog, code.trim()));
        if let Some(v) = parse_achievement(&mut c, &field, a, kind) {
            achievement[cid as usize] = Some(v);
        }
    }

    // Services.
    let mut uptake = BTreeMap::new();
    for (id, u) in &raw.services {
        let field = format!("services.{id}");
        let components = catalog
            .sets
            .iter()
            .flat_map(|s| s.services.iter())
            .filter(|s| &*s.id == id)
            .flat_map(|s| s.components.iter().map(|c| c.id.to_string()))
            .collect::<Vec<_>>();
        let known = catalog.sets.iter().any(|s| s.service(id).is_some());
        if !known {
            c.unknown(
                "service",
                &field,
                format!("{:?} is not an enhanced service", truncate(id)),
                || {
                    let mut ids: Vec<String> = catalog
                        .sets
                        .iter()
                        .flat_map(|s| s.services.iter().map(|x| x.id.to_string()))
                        .collect();
                    ids.sort_unstable();
                    ids.dedup();
                    ids
                },
            );
            continue;
        }
        let mut up = Uptake {
            taken_up: true,
            components_missed: Vec::new(),
        };
        match u {
            RawUptake::Bool(b) => up.taken_up = *b,
            RawUptake::Table(t) => {
                if let Some(b) = &t.taken_up {
                    up.taken_up = c.flag(&format!("{field}.taken_up"), b).unwrap_or(true);
                }
                for (comp, b) in &t.components {
                    let cf = format!("{field}.components.{comp}");
                    if !components.iter().any(|x| x == comp) {
                        c.problem(
                            &cf,
                            format!("{:?} is not a component of this service", truncate(comp)),
                            format!("one of: {}", components.join(", ")),
                        );
                        continue;
                    }
                    if c.flag(&cf, b) == Some(false) {
                        up.components_missed.push(comp.clone());
                    }
                }
            }
        }
        uptake.insert(id.clone(), up);
    }

    // Activity.
    let mut activity: Vec<Decimal> = catalog.activities.iter().map(|a| a.default).collect();
    for (id, r) in &raw.activity {
        let field = format!("activity.{id}");
        if r.is_blank() {
            continue;
        }
        let Some(idx) = catalog.activity_index(id) else {
            c.unknown(
                "activity",
                &field,
                format!("{:?} is not an activity", truncate(id)),
                || {
                    catalog
                        .activities
                        .iter()
                        .map(|a| a.id.to_string())
                        .collect()
                },
            );
            continue;
        };
        let a = &catalog.activities[idx];
        use crate::rules::ActivityMeasure as M;
        let Some(v) = r.to_decimal() else {
            c.problem(&field, r.not_a_number(), a.name.to_string());
            continue;
        };
        if v.is_sign_negative() && !v.is_zero() {
            c.problem(&field, "is negative", format!("{}: zero or more", a.name));
            continue;
        }
        match a.measure {
            M::Count if !v.fract().is_zero() => c.problem(
                &field,
                "is not a whole number",
                format!("{}: a whole number", a.name),
            ),
            M::Count if v > Decimal::from(MAX_LIST) => c.problem(
                &field,
                "is too large",
                format!("{}: at most {MAX_LIST}", a.name),
            ),
            M::Percent if v > Decimal::ONE_HUNDRED => {
                c.problem(&field, "is more than 100%", format!("{}: 0 to 100", a.name))
            }
            M::Index if v > Decimal::from(20) => c.problem(
                &field,
                "is implausibly large",
                format!("{}: 0 to 20 times the national rate", a.name),
            ),
            _ => activity[idx] = v,
        }
    }

    if c.more > 0 {
        c.problems.push(Problem {
            field: String::new(),
            message: format!(
                "and {} more problems, not listed (the first {MAX_PROBLEMS} are)",
                crate::money::group_thousands(Decimal::from(c.more as u64), 0, "")
            ),
            allowed: "a practice with its problems fixed".into(),
        });
    }
    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    let list = list.unwrap_or(Decimal::ONE);
    let practice = Practice {
        name: raw
            .name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .map(|n| truncate_name(&n)),
        list_size: Patients(list),
        weighted_list: WeightedPatients(weighted.unwrap_or(list)),
        contract,
        ooh_opted_out: ooh,
        mpig_correction_factor: Money(mpig),
        seniority: Money(seniority),
        pms_baseline: Money(pms_baseline),
        pms_premium_reduction: Money(if contract == Contract::Pms {
            premium
        } else {
            Decimal::ZERO
        }),
        default_achievement,
        last_year_points: last_year_points.map(Points),
        registers,
        achievement,
        uptake,
        activity,
    };
    Ok((practice, c.warnings))
}

pub(super) fn truncate_name(s: &str) -> String {
    s.chars().take(120).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn catalog() -> &'static Catalog {
        Catalog::builtin()
    }

    fn raw(list: &str) -> RawPractice {
        RawPractice {
            list_size: Some(list.into()),
            weighted_list: Some(list.into()),
            ..Default::default()
        }
    }

    #[test]
    fn problems_stay_small_whatever_the_number_of_bad_entries() {
        let mut r = RawPractice {
            list_size: Some(5000.into()),
            ..Default::default()
        };
        for i in 0..10_000 {
            r.registers.insert(format!("nothing{i}"), 1.into());
        }
        let err = validate(&r, Catalog::builtin()).unwrap_err();
        assert_eq!(err.len(), MAX_PROBLEMS + 1);
        assert!(
            err[MAX_PROBLEMS].message.contains("9,900 more problems"),
            "{:?}",
            err[MAX_PROBLEMS]
        );
        // The allowed names are listed once, not once a problem.
        let listing = err
            .iter()
            .filter(|p| p.allowed.starts_with("one of:"))
            .count();
        assert_eq!(listing, 1, "{:?}", &err[..2]);
        assert!(err[1].allowed.contains("first unknown one"), "{:?}", err[1]);
    }

    #[test]
    fn numbers_accept_commas_pounds_and_percent_signs() {
        assert_eq!(parse_number_text("6,911"), Some(Decimal::from(6911)));
        assert_eq!(
            parse_number_text(" £12,000.50 "),
            Decimal::from_str("12000.50").ok()
        );
        assert_eq!(parse_number_text("85%"), Some(Decimal::from(85)));
        assert_eq!(parse_number_text("1e5"), None);
        assert_eq!(parse_number_text("."), None);
        assert_eq!(parse_number_text("--3"), None);
        assert_eq!(parse_number_text(""), None);
        assert_eq!(parse_number_text("1,700"), Some(Decimal::from(1700)));
        assert_eq!(parse_number_text("12 000"), Some(Decimal::from(12000)));
        assert_eq!(
            parse_number_text("1_234_567.5"),
            Decimal::from_str("1234567.5").ok()
        );
    }

    /// A bad value is quoted as it was typed, not as it was compared
    /// (a CSV's "pmz" once came back as "PMZ").
    #[test]
    fn a_bad_contract_is_quoted_as_typed() {
        let raw = RawPractice {
            contract: Some("pmz".into()),
            list_size: Some(RawNumber::Int(7000)),
            ..RawPractice::default()
        };
        let err = validate(&raw, catalog()).unwrap_err();
        assert!(err.iter().any(|p| p.message.contains("\"pmz\"")), "{err:?}");
    }

    /// A decimal comma is never read as a thousands separator: "1,70" once
    /// became 170 and "18,5" became 185, ten and a hundred times too large.
    #[test]
    fn separators_only_group_thousands_in_threes() {
        for text in [
            "1,70",
            "18,5",
            "1,7000",
            ",700",
            "1,,700",
            "1,700,00",
            "1,700 000",
            "1 7",
            "6,911.5,0",
            "1.5,0",
        ] {
            assert_eq!(parse_number_text(text), None, "{text}");
        }
        assert_eq!(legacy_only("1,70"), Some(Decimal::from(170)));
        assert_eq!(legacy_only("18,5"), Some(Decimal::from(185)));
        assert_eq!(legacy_only("1,700"), None, "read the same both ways");
        let m = number_problem("1,70");
        assert!(
            m.contains("\"1,70\"") && m.contains("decimal") && m.contains("1,700"),
            "{m}"
        );
        let raw = RawPractice {
            format: Some(FORMAT),
            list_size: Some(RawNumber::Text("6,91".into())),
            ..RawPractice::default()
        };
        let err = validate(&raw, catalog()).unwrap_err();
        let p = err.iter().find(|p| p.field == "list_size").expect("named");
        assert!(p.message.contains("decimal"), "{p:?}");
        // A practice from before opens as it did, and says how it was read.
        let old = RawPractice {
            format: None,
            list_size: Some(RawNumber::Text("6,91".into())),
            ..RawPractice::default()
        };
        let (p, warnings) = validate(&old, catalog()).expect("opens as before");
        assert_eq!(p.list_size, Patients(Decimal::from(691)));
        let w = warnings
            .iter()
            .find(|w| w.field.as_deref() == Some("list_size"))
            .expect("named");
        assert!(w.message.contains("\"6,91\" was read as 691"), "{w:?}");
    }

    #[test]
    fn missing_list_size_is_an_error_naming_the_field() {
        let err = validate(&RawPractice::default(), catalog()).unwrap_err();
        assert!(err
            .iter()
            .any(|p| p.field == "list_size" && p.message.contains("missing")));
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut r = raw("-5");
        r.registers.insert("diabetes".into(), "abc".into());
        r.achievement.insert(
            "CHD 6".into(),
            RawAchievement::Number(RawNumberOnly::Text("150/100".into())),
        );
        r.contract = Some("XMS".into());
        let err = validate(&r, catalog()).unwrap_err();
        let fields: Vec<&str> = err.iter().map(|p| p.field.as_str()).collect();
        assert!(fields.contains(&"list_size"));
        assert!(fields.contains(&"registers.diabetes"));
        assert!(fields.contains(&"achievement.CHD 6"));
        assert!(fields.contains(&"contract"));
    }

    #[test]
    fn register_larger_than_the_list_is_an_error() {
        let mut r = raw("1000");
        r.registers.insert("hypertension".into(), 1001.into());
        let err = validate(&r, catalog()).unwrap_err();
        assert_eq!(err[0].field, "registers.hypertension");
        assert!(err[0].message.contains("more than the whole list"));
    }

    #[test]
    fn numerator_above_denominator_is_an_error() {
        let mut r = raw("1000");
        let t = RawAchievementTable {
            numerator: Some(11.into()),
            denominator: Some(10.into()),
            ..Default::default()
        };
        r.achievement
            .insert("DM 26".into(), RawAchievement::Table(t));
        let err = validate(&r, catalog()).unwrap_err();
        assert!(err[0].message.contains("numerator"));
    }

    #[test]
    fn percentage_for_an_all_or_nothing_indicator_is_refused() {
        let mut r = raw("1000");
        r.achievement.insert(
            "CHD 1".into(),
            RawAchievement::Number(RawNumberOnly::Int(80)),
        );
        let err = validate(&r, catalog()).unwrap_err();
        assert!(err[0].allowed.contains("yes or no"));
    }

    #[test]
    fn far_weighted_list_is_a_warning_not_an_error() {
        let mut r = raw("5000");
        r.weighted_list = Some("8000".into());
        let (_, warnings) = validate(&r, catalog()).unwrap();
        assert!(warnings
            .iter()
            .any(|w| w.field.as_deref() == Some("weighted_list")));
    }

    #[test]
    fn pms_practice_needs_a_baseline() {
        let mut r = raw("5000");
        r.contract = Some("pms".into());
        let err = validate(&r, catalog()).unwrap_err();
        assert_eq!(err[0].field, "pms_baseline");
    }

    #[test]
    fn unknown_codes_registers_services_and_activities_are_named() {
        let mut r = raw("5000");
        r.registers.insert("diabetis".into(), 10.into());
        r.achievement
            .insert("XYZ 1".into(), RawAchievement::Bool(true));
        r.services
            .insert("teleportation".into(), RawUptake::Bool(true));
        r.activity.insert("miracles".into(), 3.into());
        let err = validate(&r, catalog()).unwrap_err();
        assert_eq!(err.len(), 4);
        assert!(err.iter().all(|p| !p.allowed.is_empty()));
    }
}
