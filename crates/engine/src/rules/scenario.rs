//! A custom scenario: a published set with some figures edited. Every edit
//! is checked once, in one pass over the set's figures, and the set is
//! built once, whatever the number of edits: an edit that cannot be applied
//! is a problem naming its own path, and never removes or misreports
//! another (an unknown `qof` does not take `qof.point_value` with it).

use super::walk;
use super::{Catalog, CustomInfo, Override, OverrideError, RuleSet};
use crate::figure::{Figure, Unit};
use crate::typed::{number_problem, parse_number_text};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

/// An edit that does not stand, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioProblem {
    pub path: String,
    pub message: String,
    /// The path is no figure of the set.
    pub unknown: bool,
}

impl Catalog {
    /// A custom scenario from the edits that stand, with a problem for each
    /// that does not: a path that is no figure of the set, a value outside
    /// the figure's bounds, thresholds out of order (each edited threshold
    /// of the pair is named, and the pair keeps its published values), or
    /// an edit repeated (the last one is used, and the others are named).
    /// `Err` only when the base set does not exist.
    pub fn scenario_checked(
        &self,
        base: &str,
        overrides: &[Override],
    ) -> Result<(RuleSet, Vec<ScenarioProblem>), OverrideError> {
        let base_set = self
            .get(base)
            .ok_or_else(|| OverrideError::UnknownRuleSet(base.to_string()))?;
        let mut problems = Vec::new();
        // The last edit of each path, and the earlier ones named.
        let mut wanted: HashMap<&str, Decimal> = HashMap::with_capacity(overrides.len());
        for o in overrides.iter().rev() {
            if wanted.contains_key(o.path.as_str()) {
                problems.push(ScenarioProblem {
                    path: o.path.clone(),
                    message: format!(
                        "is edited more than once; the last value given is used, not {}",
                        o.value.normalize()
                    ),
                    unknown: false,
                });
            } else {
                wanted.insert(&o.path, o.value);
            }
        }
        // One pass: each edited figure checked against its bounds.
        let mut apply: HashMap<&str, Decimal> = HashMap::with_capacity(wanted.len());
        walk::walk_ref(base_set, &mut |_, fig| {
            if let Some((path, value)) = wanted.remove_entry(fig.path()) {
                match check(fig, value) {
                    Ok(()) => {
                        apply.insert(path, value);
                    }
                    Err(message) => problems.push(ScenarioProblem {
                        path: path.to_string(),
                        message,
                        unknown: false,
                    }),
                }
            }
        });
        for path in wanted.keys() {
            problems.push(ScenarioProblem {
                path: path.to_string(),
                message: "is not a figure of this rule set".into(),
                unknown: true,
            });
        }
        let mut rs = base_set.clone();
        walk::walk_mut(&mut rs, &mut |_, fig| {
            if let Some(v) = apply.get(fig.path()) {
                fig.value = Some(*v);
            }
        });
        // Thresholds may only be checked as a pair, after all edits; a pair
        // out of order keeps its published values.
        for (ind, published) in rs.qof.indicators.iter_mut().zip(&base_set.qof.indicators) {
            let value = |f: &Option<Figure>| f.as_ref().and_then(|f| f.value);
            let (Some(l), Some(u)) = (value(&ind.lower), value(&ind.upper)) else {
                continue;
            };
            if l < u {
                continue;
            }
            for (fig, was, which) in [
                (&mut ind.lower, &published.lower, "lower"),
                (&mut ind.upper, &published.upper, "upper"),
            ] {
                let path = format!("qof.indicators.{}.{which}", ind.id);
                if apply.remove(path.as_str()).is_some() {
                    if let Some(f) = fig.as_mut() {
                        f.value = value(was);
                    }
                    problems.push(ScenarioProblem {
                        path,
                        message: format!(
                            "the lower threshold ({l}%) must be below the upper threshold ({u}%)"
                        ),
                        unknown: false,
                    });
                }
            }
        }
        problems.sort_by(|a, b| a.path.cmp(&b.path));
        rs.id = Arc::from(format!("custom-{base}"));
        rs.name = Arc::from(format!(
            "Custom scenario (based on {})",
            base_set.short_name
        ));
        rs.short_name = Arc::from("Custom");
        rs.custom = Some(CustomInfo {
            base: base_set.id.clone(),
            edits: apply.len(),
        });
        self.fill_typical(&mut rs);
        Ok((rs, problems))
    }

    /// A custom scenario from edits as people type them (`path`, text):
    /// each text is read in its figure's unit as shown, so a share is typed
    /// as its percentage ("4.7" for the 4.7% out-of-hours deduction). Text
    /// that is not a number, or a path that is no figure, is a problem
    /// naming its path; everything else goes on to
    /// [`Catalog::scenario_checked`].
    pub fn scenario_typed(
        &self,
        base: &str,
        edits: &[(String, String)],
    ) -> Result<(RuleSet, Vec<ScenarioProblem>), OverrideError> {
        let base_set = self
            .get(base)
            .ok_or_else(|| OverrideError::UnknownRuleSet(base.to_string()))?;
        let figures = base_set.figures_by_path();
        let mut problems = Vec::new();
        let mut overrides = Vec::with_capacity(edits.len());
        for (path, text) in edits {
            let Some(fig) = figures.get(path.as_str()) else {
                problems.push(ScenarioProblem {
                    path: path.clone(),
                    message: "is not a figure of this rule set".into(),
                    unknown: true,
                });
                continue;
            };
            match parse_number_text(text) {
                Some(v) => overrides.push(Override {
                    path: path.clone(),
                    value: fig.unit().from_typed(v),
                }),
                None => problems.push(ScenarioProblem {
                    path: path.clone(),
                    message: format!("{}: {}", fig.label(), number_problem(text)),
                    unknown: false,
                }),
            }
        }
        let (rs, more) = self.scenario_checked(base, &overrides)?;
        problems.extend(more);
        problems.sort_by(|a, b| a.path.cmp(&b.path));
        Ok((rs, problems))
    }

    /// A custom scenario: a published set with some figures edited, or the
    /// first problem with the edits ([`Catalog::scenario_checked`] gives
    /// them all).
    pub fn scenario(&self, base: &str, overrides: &[Override]) -> Result<RuleSet, OverrideError> {
        let (rs, problems) = self.scenario_checked(base, overrides)?;
        match problems.into_iter().next() {
            None => Ok(rs),
            Some(p) if p.unknown => Err(OverrideError::UnknownFigure(p.path)),
            Some(p) => Err(OverrideError::Invalid {
                path: p.path,
                message: p.message,
            }),
        }
    }
}

/// Checks one edit against the figure's bounds: its unit's range and
/// decimal places, and any floor the rules data states. The message names
/// the figure, says what is wrong and what is allowed.
fn check(fig: &Figure, value: Decimal) -> Result<(), String> {
    let unit = fig.unit();
    let bounds = unit.bounds();
    let min = fig.meta.min.map_or(bounds.min, |m| m.max(bounds.min));
    let invalid = |m: String| Err(format!("{}: {m}", fig.label()));
    // Quoted as typed: a share as its percentage.
    let shown = match unit {
        Unit::Share | Unit::Percent => unit.format(value),
        _ => value.normalize().to_string(),
    };
    if value.normalize().scale() > bounds.places {
        return invalid(format!(
            "{shown} has more decimal places than this figure takes (at most {})",
            unit.typed_places()
        ));
    }
    if value < min {
        return invalid(if min.is_zero() {
            format!("{shown} must not be negative")
        } else {
            format!("{shown} is too small: at least {}", unit.format(min))
        });
    }
    if value > bounds.max {
        return invalid(format!(
            "{shown} is too large to compute with: at most {}",
            unit.format(bounds.max)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::Catalog;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn typed(path: &str, text: &str) -> (Option<Decimal>, Vec<String>) {
        let c = Catalog::builtin();
        let (rs, problems) = c
            .scenario_typed("2013-14", &[(path.to_string(), text.to_string())])
            .unwrap();
        let mut value = None;
        crate::rules::walk::walk_ref(&rs, &mut |_, f| {
            if f.path() == path {
                value = f.value;
            }
        });
        (value, problems.into_iter().map(|p| p.message).collect())
    }

    /// A share is typed as the percentage it is shown as: `gpsim figures`
    /// shows the out-of-hours deduction as 4.7%, so 5 means 5%, not 500%.
    #[test]
    fn a_share_is_typed_as_the_percentage_it_is_shown_as() {
        let (v, problems) = typed("funding.ooh_deduction", "5");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(v, Decimal::from_str("0.05").ok());
        let (v, _) = typed("funding.ooh_deduction", "1%");
        assert_eq!(v, Decimal::from_str("0.01").ok(), "1 is 1%, not 100%");
        let (_, problems) = typed("funding.ooh_deduction", "150");
        assert!(
            problems[0].contains("150%") && problems[0].contains("at most 100%"),
            "{problems:?}"
        );
        let (_, problems) = typed("funding.ooh_deduction", "4.12345");
        assert!(problems[0].contains("at most 4"), "{problems:?}");
    }

    #[test]
    fn typed_text_that_is_not_a_number_is_named_with_its_figure() {
        let (v, problems) = typed("qof.point_value", "1,70");
        assert_ne!(v, Some(Decimal::from(170)));
        assert!(
            problems[0].contains("decimal") && problems[0].contains("\"1,70\""),
            "{problems:?}"
        );
        let (_, problems) = typed("qof.nothing", "1");
        assert_eq!(problems, ["is not a figure of this rule set"]);
        let (v, problems) = typed("qof.point_value", "1,700");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(v, Some(Decimal::from(1700)));
    }
}
