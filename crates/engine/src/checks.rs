//! The published checks the model reproduces, as data: the worked examples
//! of `tests/cases/authoritative.toml` (each a published result: a custom
//! rule set built from a published one by editing figures, every indicator
//! but one switched off, and the line's amount the source gives). The
//! engine's tests run them, and so does the app's "How we checked" page,
//! which carries them compiled in (its `build.rs` reads the TOML with
//! [`parse`] and writes JSON the page already has a reader for), so the
//! page shows the test suite to the people who rely on it, run live.

use crate::calc::statement;
use crate::money::Money;
use crate::practice::{validate, Achievement, RawPractice};
use crate::prepared::Prepared;
use crate::rules::{Catalog, IndicatorKind, Override};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::str::FromStr;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub id: String,
    pub source: String,
    pub what: String,
    pub base: String,
    #[serde(default)]
    pub overrides: BTreeMap<String, String>,
    pub practice: RawPractice,
    /// The one indicator left switched on; "none" switches every one off.
    pub only: String,
    pub expect: Vec<Expect>,
}

/// A line's amount as the source gives it: to the penny, or in whole
/// pounds for a source that truncates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub line: String,
    #[serde(default)]
    pub pence: Option<String>,
    #[serde(default)]
    pub pounds_floor: Option<String>,
    /// For a source that rounds to the nearest pound ("about £5,175").
    #[serde(default)]
    pub pounds_nearest: Option<String>,
}

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

/// Reads a case file (TOML, `[[case]]` tables).
pub fn parse(text: &str) -> Result<Vec<Case>, String> {
    toml::from_str::<Cases>(text)
        .map(|c| c.case)
        .map_err(|e| e.to_string())
}

/// One expectation checked: the source's figure, ours, and whether they
/// agree as the source states it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Checked {
    pub line: String,
    /// The source's figure, as it gives it ("£10,850.00", "£11,587 in whole
    /// pounds").
    pub published: String,
    pub ours: Option<Money>,
    pub pass: bool,
}

/// Runs one case: each expectation against the line's amount, or a
/// problem (a case that does not build or validate), in words.
pub fn run(catalog: &Catalog, case: &Case) -> Result<Vec<Checked>, String> {
    let number =
        |s: &str| Decimal::from_str(s).map_err(|_| format!("{}: {s:?} is not a number", case.id));
    let mut overrides = Vec::new();
    for (p, v) in &case.overrides {
        overrides.push(Override {
            path: p.clone(),
            value: number(v)?,
        });
    }
    let rs = catalog
        .scenario(&case.base, &overrides)
        .map_err(|e| format!("{}: {e}", case.id))?;
    let (mut p, _) = validate(&case.practice, catalog).map_err(|e| {
        format!(
            "{}: the practice has problems ({} of them)",
            case.id,
            e.len()
        )
    })?;
    for ind in &rs.qof.indicators {
        let on = *ind.code == *case.only;
        let a = match (ind.kind, on) {
            (IndicatorKind::Threshold, true) => Achievement::Percent(Decimal::ONE_HUNDRED),
            (IndicatorKind::Threshold, false) => Achievement::Percent(Decimal::ZERO),
            (_, met) => Achievement::Met(met),
        };
        p.set_achievement(ind.code_id, Some(a));
    }
    let st = statement(catalog, &Prepared::new(&rs), &p);
    let mut out = Vec::new();
    for e in &case.expect {
        let ours = st.line(&e.line).map(|l| l.amount);
        let (published, pass) = match (&e.pence, &e.pounds_floor, &e.pounds_nearest) {
            (Some(want), _, _) => {
                let want = Money(number(want)?);
                (
                    want.display_pence(),
                    ours.is_some_and(|o| o.round_pence() == want),
                )
            }
            (None, Some(want), _) => {
                let want = number(want)?;
                (
                    format!("{} in whole pounds", Money(want).display_pounds()),
                    ours.is_some_and(|o| o.0.floor() == want),
                )
            }
            (None, None, Some(want)) => {
                let want = Money(number(want)?);
                (
                    format!("about {}", want.display_pounds()),
                    ours.is_some_and(|o| o.round_pounds() == want),
                )
            }
            (None, None, None) => return Err(format!("{}: {} expects nothing", case.id, e.line)),
        };
        out.push(Checked {
            line: e.line.clone(),
            published,
            ours: ours.map(Money::round_pence),
            pass,
        });
    }
    Ok(out)
}
