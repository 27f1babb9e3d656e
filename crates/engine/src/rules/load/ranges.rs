//! Every uncertain figure's plausible range. A figure states its own
//! (`low`, `high`, `range_reason`, and `range_source` where a source
//! supports it), or its sources' conflicting values give one
//! (`figures::stated_range`); every other uncertain figure with a value
//! gets the default bracket for its kind from `rules/ranges.toml`, marked as
//! an assumption. Then every range is checked: it contains the published
//! value, and both ends lie within the unit's bounds and the figure's own
//! floor. A problem names the figure.

use super::*;
use crate::rules::raw::{RangeKind, RawRangeDefault, RawRanges};

/// A default bracket, read.
pub(super) struct Default {
    kind: RangeKind,
    spread: Decimal,
    relative: bool,
    reason: String,
}

/// Reads `ranges.toml`; a kind given twice, or a spread that is not a
/// non-negative decimal, is an error.
pub(super) fn defaults(text: Option<&str>, errs: &mut Errors) -> Vec<Default> {
    const FILE: &str = "ranges.toml";
    let Some(text) = text else {
        errs.push(RulesError::new(FILE, "", K::Structure, "missing"));
        return Vec::new();
    };
    let Some(raw) = parse_toml::<RawRanges>(FILE, text, errs) else {
        return Vec::new();
    };
    let mut out: Vec<Default> = Vec::new();
    for RawRangeDefault {
        kind,
        spread,
        relative,
        reason,
    } in raw.defaults
    {
        let item = format!("{kind:?}").to_lowercase();
        match parse_decimal(&spread).filter(|s| *s >= Decimal::ZERO) {
            None => errs.push(RulesError::new(
                FILE,
                &item,
                K::BadValue,
                format!("spread {spread:?} is not a decimal of 0 or more"),
            )),
            Some(_) if out.iter().any(|d| d.kind == kind) => errs.push(RulesError::new(
                FILE,
                &item,
                K::Duplicate,
                "kind given twice",
            )),
            Some(spread) => out.push(Default {
                kind,
                spread,
                relative,
                reason,
            }),
        }
    }
    out
}

/// The kind of figure a path and unit name, for its default bracket.
fn kind_of(path: &str, unit: Unit) -> RangeKind {
    let threshold = path.starts_with("qof.indicators.")
        && (path.ends_with(".lower") || path.ends_with(".upper"));
    if threshold {
        return RangeKind::Threshold;
    }
    if path.starts_with("prevalence.") {
        return RangeKind::Prevalence;
    }
    match unit {
        Unit::Points => RangeKind::Points,
        Unit::Gbp
        | Unit::GbpPerPoint
        | Unit::GbpPerPatient
        | Unit::GbpPerWeightedPatient
        | Unit::GbpPerItem => RangeKind::Money,
        Unit::Share => RangeKind::Share,
        Unit::Percent => RangeKind::Percent,
        Unit::Patients => RangeKind::Patients,
        Unit::Count => RangeKind::Count,
    }
}

/// The default bracket around `v`, within the unit's bounds and the
/// figure's floor, its ends rounded outwards to the unit's places.
fn bracket(d: &Default, v: Decimal, unit: Unit, min: Option<Decimal>) -> (Decimal, Decimal) {
    let b = unit.bounds();
    let spread = if d.relative {
        v.abs() * d.spread / Decimal::ONE_HUNDRED
    } else {
        d.spread
    };
    let floor = min.map_or(b.min, |m| m.max(b.min));
    let low = (v - spread)
        .round_dp_with_strategy(b.places, rust_decimal::RoundingStrategy::ToNegativeInfinity)
        .max(floor)
        .min(v);
    let high = (v + spread)
        .round_dp_with_strategy(b.places, rust_decimal::RoundingStrategy::ToPositiveInfinity)
        .min(b.max)
        .max(v);
    (low.normalize(), high.normalize())
}

/// Gives every uncertain figure of `rs` without a range its default, then
/// checks every range. A figure carried from the set it derives from keeps
/// the range it had there (the same description, so the same unknown).
pub(super) fn apply(
    rs: &mut RuleSet,
    defaults: &[Default],
    shared: &Shared,
    file_of: &dyn Fn(Section) -> String,
    errs: &mut Errors,
) {
    walk_mut(rs, &mut |_, fig| {
        if fig.meta.status != Status::Uncertain || fig.meta.range.is_some() {
            return;
        }
        let Some(v) = fig.meta.published else { return };
        let kind = kind_of(&fig.meta.path, fig.meta.unit);
        let Some(d) = defaults.iter().find(|d| d.kind == kind) else {
            errs.push(RulesError::new(
                &file_of(Section::of_path(&fig.meta.path)),
                &fig.meta.path,
                K::BadValue,
                format!("uncertain, with no range of its own and no default range for its kind ({kind:?}) in ranges.toml"),
            ));
            return;
        };
        let (low, high) = bracket(d, v, fig.meta.unit, fig.meta.min);
        Arc::make_mut(&mut fig.meta).range = Some(FigureRange {
            low,
            high,
            basis: RangeBasis::Default,
            reason: d.reason.clone(),
            source: String::new(),
        });
    });
    walk_ref(rs, &mut |_, fig| {
        let unknown = fig
            .meta
            .range
            .as_ref()
            .filter(|r| !r.source.is_empty() && !shared.sources.contains_key(&r.source))
            .map(|r| format!("range_source {:?} is not in the bibliography", r.source));
        if let Some(problem) = unknown.or_else(|| range_problem(fig)) {
            errs.push(RulesError::new(
                &file_of(Section::of_path(fig.path())),
                fig.path(),
                K::BadValue,
                problem,
            ));
        }
    });
}

/// What is wrong with a figure's range, if anything.
fn range_problem(fig: &Figure) -> Option<String> {
    let m = &fig.meta;
    let r = m.range.as_ref()?;
    let b = m.unit.bounds();
    let floor = m.min.map_or(b.min, |x| x.max(b.min));
    let show = |v: Decimal| v.normalize().to_string();
    if r.low > r.high {
        return Some(format!(
            "range low {} is above high {}",
            show(r.low),
            show(r.high)
        ));
    }
    if r.low < floor || r.high > b.max {
        return Some(format!(
            "range {} to {} goes outside what the figure may be ({} to {})",
            show(r.low),
            show(r.high),
            show(floor),
            show(b.max)
        ));
    }
    match m.published {
        Some(v) if v < r.low || v > r.high => Some(format!(
            "range {} to {} does not contain the value in use, {}",
            show(r.low),
            show(r.high),
            show(v)
        )),
        _ => None,
    }
}
