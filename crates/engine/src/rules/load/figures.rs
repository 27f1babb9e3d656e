//! Figures, decimals, and what every rule set shares (registers,
//! activities, the bibliography).

use super::*;

/// Parses a decimal written in a rules file. Only plain decimals are allowed:
/// an optional minus, digits, an optional point and digits.
pub(crate) fn parse_decimal(s: &str) -> Option<Decimal> {
    let t = s.trim();
    let body = t.strip_prefix('-').unwrap_or(t);
    if body.is_empty()
        || body.starts_with('.')
        || body.ends_with('.')
        || !body.chars().all(|c| c.is_ascii_digit() || c == '.')
        || body.matches('.').count() > 1
    {
        return None;
    }
    Decimal::from_str(t).ok()
}

/// Builds a figure from its raw form, checking value against status.
pub(crate) fn make_figure(
    raw: &RawFigure,
    unit: Unit,
    default_source: Option<&str>,
    file: &str,
    item: &str,
    errs: &mut Errors,
) -> Figure {
    let value = match &raw.value {
        Some(v) => match parse_decimal(v) {
            Some(d) => Some(d),
            None => {
                errs.push(RulesError::new(
                    file,
                    item,
                    K::BadValue,
                    format!("value {v:?} is not a decimal written as a string, like \"133.76\""),
                ));
                None
            }
        },
        None => None,
    };
    match (raw.status, raw.value.is_some()) {
        (Status::NotFound, true) => errs.push(RulesError::new(
            file,
            item,
            K::StatusMismatch,
            "status is not_found but a value is given; remove the value or change the status",
        )),
        (s, false) if s != Status::NotFound => errs.push(RulesError::new(
            file,
            item,
            K::StatusMismatch,
            format!(
                "no value but status is {}; a figure without a value must be not_found",
                s.word()
            ),
        )),
        _ => {}
    }
    let source = raw
        .source
        .clone()
        .or_else(|| default_source.map(str::to_string))
        .unwrap_or_default();
    if source.is_empty() {
        errs.push(RulesError::new(
            file,
            item,
            K::UnknownSource,
            "figure names no source",
        ));
    }
    let mut alternatives = Vec::new();
    for a in &raw.alternatives {
        match parse_decimal(a) {
            Some(d) => alternatives.push(d),
            None => errs.push(RulesError::new(
                file,
                item,
                K::BadValue,
                format!("alternative {a:?} is not a decimal"),
            )),
        }
    }
    let min = raw.min.as_ref().and_then(|m| {
        let d = parse_decimal(m);
        if d.is_none() {
            errs.push(RulesError::new(
                file,
                item,
                K::BadValue,
                format!("min {m:?} is not a decimal"),
            ));
        }
        d
    });
    let range = stated_range(raw, value, &alternatives, &source, file, item, errs);
    Figure {
        value,
        meta: Arc::new(FigureMeta {
            path: String::new(),
            label: String::new(),
            published: value,
            unit: raw.unit.unwrap_or(unit),
            source,
            locator: raw.locator.clone(),
            status: raw.status,
            note: raw.note.clone(),
            alternatives,
            min,
            range,
        }),
    }
}

/// A figure's range as its rules file gives it: stated (`low`, `high` and a
/// `range_reason`), else, for an uncertain figure whose sources conflict,
/// the values they give. Defaults for the rest come later, once the
/// figure's path is known (`ranges::apply`).
fn stated_range(
    raw: &RawFigure,
    value: Option<Decimal>,
    alternatives: &[Decimal],
    source: &str,
    file: &str,
    item: &str,
    errs: &mut Errors,
) -> Option<FigureRange> {
    let mut bad = |m: String| errs.push(RulesError::new(file, item, K::BadValue, m));
    fn end(s: &Option<String>) -> Option<(&str, Option<Decimal>)> {
        s.as_deref().map(|t| (t, parse_decimal(t)))
    }
    match (end(&raw.low), end(&raw.high)) {
        (None, None) => {
            if raw.range_reason.is_some() || raw.range_source.is_some() {
                bad("range_reason or range_source given without low and high".into());
            }
        }
        (Some((_, Some(low))), Some((_, Some(high)))) => {
            if raw.status != Status::Uncertain {
                bad(format!(
                    "a range is given, but the figure is {}: only an uncertain figure has a range",
                    raw.status.word()
                ));
                return None;
            }
            let Some(reason) = raw.range_reason.clone().filter(|r| !r.trim().is_empty()) else {
                bad("a range needs a range_reason saying why it is what it is".into());
                return None;
            };
            return Some(FigureRange {
                low,
                high,
                basis: RangeBasis::Stated,
                reason,
                source: raw.range_source.clone().unwrap_or_default(),
            });
        }
        (Some((t, None)), _) | (_, Some((t, None))) => {
            bad(format!("range end {t:?} is not a decimal"));
        }
        _ => bad("a range needs both low and high".into()),
    }
    if raw.status != Status::Uncertain || alternatives.is_empty() {
        return None;
    }
    let v = value?;
    let all = || alternatives.iter().copied().chain([v]);
    let shown: Vec<String> = alternatives
        .iter()
        .map(|a| a.normalize().to_string())
        .collect();
    Some(FigureRange {
        low: all().min()?,
        high: all().max()?,
        basis: RangeBasis::Alternatives,
        reason: format!(
            "Sources conflict: {} in use, {} also given.",
            v.normalize(),
            shown.join(", ")
        ),
        // The figure's own source gives the conflict.
        source: source.to_string(),
    })
}

/// Everything shared by all rule sets, needed while building them.
pub(super) struct Shared {
    pub(super) sources: BTreeMap<String, Source>,
    pub(super) registers: Vec<Register>,
    pub(super) activities: Vec<Activity>,
}

impl Shared {
    pub(super) fn register(&self, id: &str) -> Option<usize> {
        self.registers.iter().position(|r| &*r.id == id)
    }
    pub(super) fn activity(&self, id: &str) -> Option<usize> {
        self.activities.iter().position(|a| &*a.id == id)
    }
}
