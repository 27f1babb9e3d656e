//! A statement's warnings, grouped for people: one rule set can give the
//! same warning for many registers (a real practice once got twenty
//! near-identical "national prevalence … not found" lines), so a family of
//! warnings shows as one line with a count and the list it stands for.
//!
//! Invariant: every warning is in exactly one group, unchanged in meaning;
//! the family's words are built and read by the same constants here, so a
//! change to one cannot silently stop the grouping.

const PREVALENCE: (&str, &str, &str) = (
    "National prevalence for the ",
    " register was not found for ",
    ": its payments are not adjusted for your register (factor 1).",
);

/// The warning for a register whose national prevalence a set lacks.
pub(super) fn prevalence_not_found(register: &str, set: &str) -> String {
    let (a, b, c) = PREVALENCE;
    format!("{a}{register}{b}{set}{c}")
}

/// One line of the grouped warnings: a warning alone (`items` empty), or a
/// family's summary and what each of its warnings was about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grouped {
    pub summary: String,
    pub items: Vec<String>,
}

/// Groups `warnings`, keeping their order (a family sits where its first
/// warning was). Repeated warnings are shown once.
pub fn group(warnings: &[String]) -> Vec<Grouped> {
    let (a, b, c) = PREVALENCE;
    let mut out: Vec<Grouped> = Vec::new();
    let mut family: Option<usize> = None;
    // Each register once, with the sets that lack its prevalence.
    let mut items: Vec<(String, Vec<String>)> = Vec::new();
    for w in warnings {
        let parts = w
            .strip_prefix(a)
            .and_then(|r| r.strip_suffix(c))
            .and_then(|r| r.split_once(b));
        match parts {
            Some((register, set)) => {
                match items.iter_mut().find(|(r, _)| r == register) {
                    Some((_, sets)) if !sets.iter().any(|s| s == set) => sets.push(set.into()),
                    Some(_) => {}
                    None => items.push((register.into(), vec![set.into()])),
                }
                if family.is_none() {
                    family = Some(out.len());
                    out.push(Grouped {
                        summary: String::new(),
                        items: Vec::new(),
                    });
                }
            }
            None => {
                if !out.iter().any(|g| g.items.is_empty() && g.summary == *w) {
                    out.push(Grouped {
                        summary: w.clone(),
                        items: Vec::new(),
                    });
                }
            }
        }
    }
    if let Some(i) = family {
        let several = items.len() > 1 || items.iter().any(|(_, sets)| sets.len() > 1);
        out[i] = if !several {
            Grouped {
                summary: warnings
                    .iter()
                    .find(|w| w.starts_with(a))
                    .cloned()
                    .unwrap_or_default(),
                items: Vec::new(),
            }
        } else {
            Grouped {
                summary: format!(
                    "National prevalence was not found for {} registers, so their payments are not adjusted for your registers (factor 1):",
                    items.len()
                ),
                items: items
                    .into_iter()
                    .map(|(register, sets)| format!("{register} ({})", sets.join(", ")))
                    .collect(),
            }
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_family_of_warnings_becomes_one_line_with_its_list() {
        let mut w: Vec<String> = ["Asthma", "Diabetes", "Dementia"]
            .iter()
            .map(|r| prevalence_not_found(r, "2012/13"))
            .collect();
        w.insert(1, "Something else.".into());
        w.push(prevalence_not_found("Asthma", "2012/13"));
        w.push(prevalence_not_found("Asthma", "2013/14"));
        w.push("Something else.".into());
        let g = group(&w);
        assert_eq!(g.len(), 2, "{g:?}");
        assert!(g[0].summary.contains("3 registers"), "{g:?}");
        assert_eq!(
            g[0].items,
            [
                "Asthma (2012/13, 2013/14)",
                "Diabetes (2012/13)",
                "Dementia (2012/13)"
            ]
        );
        assert_eq!(
            g[1],
            Grouped {
                summary: "Something else.".into(),
                items: vec![]
            }
        );
    }

    #[test]
    fn one_warning_of_a_family_stays_as_it_was() {
        let w = vec![prevalence_not_found("Asthma", "2013/14")];
        assert_eq!(
            group(&w),
            vec![Grouped {
                summary: w[0].clone(),
                items: vec![]
            }]
        );
    }
}
