//! The population of English practices for the national view: reading the
//! prepared asset (`assets/national/population-2014-15.tsv`, made by
//! `scripts/prepare-national.py` from published data) and turning each
//! practice into the engine's raw practice. Pure text in; never panics.
//!
//! What each practice carries and where it comes from is in the asset's
//! header. In short: list sizes, contract, MPIG, seniority and the enhanced
//! services paid are published (2014/15 payments); registers are modelled
//! (2016/17 practice prevalence × 2014/15 list, else CCG 2014/15 prevalence,
//! else national); QOF achievement is modelled (the CCG's 2014/15
//! underlying achievement, indicator by indicator, else national typical).

mod achievement;
mod assess;
mod parse;
pub mod payments_file;

pub use achievement::Shape;
pub use assess::{Assessed, ContractSource, Refusal, RefusalKind};
pub use parse::{checksum, parse, FORMAT};

use crate::practice::{RawAchievement, RawNumber, RawNumberOnly, RawPractice, RawUptake};
use crate::rules::Catalog;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The contract a practice held.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum ContractType {
    Gms,
    Pms,
    Apms,
}

impl ContractType {
    pub fn name(self) -> &'static str {
        match self {
            ContractType::Gms => "GMS",
            ContractType::Pms => "PMS",
            ContractType::Apms => "APMS",
        }
    }
}

/// Where a practice's modelled registers came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum RegisterSource {
    /// Its own 2016/17 prevalence applied to its 2014/15 list.
    Practice2016,
    /// Its CCG's 2014/15 prevalence.
    Ccg2014,
    /// National prevalence (the engine's default).
    National,
}

impl RegisterSource {
    pub fn describe(self) -> &'static str {
        match self {
            RegisterSource::Practice2016 => "modelled from the practice's 2016/17 prevalence",
            RegisterSource::Ccg2014 => "modelled from its CCG's 2014/15 prevalence",
            RegisterSource::National => "national prevalence",
        }
    }
}

/// Where a practice's QOF achievement came from.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum AchievementSource {
    /// Its published share of available points (Fingertips), for the year
    /// named, spread across indicators by its CCG's profile.
    Published {
        year: PublishedYear,
        percent: Decimal,
    },
    /// Its CCG's 2014/15 achievement, indicator by indicator.
    Ccg,
    /// The engine's national typical achievement (no CCG figure either).
    National,
}

/// The year of a published achievement figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublishedYear {
    Y2014_15,
    Y2013_14,
}

impl AchievementSource {
    pub fn is_published(&self) -> bool {
        matches!(self, AchievementSource::Published { .. })
    }

    /// For people: where the achievement came from, in a phrase.
    pub fn describe(&self) -> String {
        match self {
            AchievementSource::Published { year, percent } => format!(
                "published: {}% of its points in {}, spread across indicators by its CCG's profile",
                crate::money::round_half_up(*percent, 1).normalize(),
                match year {
                    PublishedYear::Y2014_15 => "2014/15",
                    PublishedYear::Y2013_14 => "2013/14 (none published for 2014/15)",
                }
            ),
            AchievementSource::Ccg => {
                "modelled: its CCG's 2014/15 achievement (no published figure for the practice)"
                    .into()
            }
            AchievementSource::National => {
                "modelled: national typical achievement (no published or CCG figure)".into()
            }
        }
    }

    /// One word for tables and CSVs.
    pub fn word(&self) -> &'static str {
        if self.is_published() {
            "published"
        } else {
            "modelled"
        }
    }
}

/// One practice as published, with its modelled registers.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub code: String,
    pub name: String,
    pub postcode: String,
    pub region: String,
    pub ccg: String,
    pub contract: ContractType,
    pub list: u32,
    pub weighted: u32,
    /// Open and close dates (YYYY-MM-DD), empty where the file gives none.
    pub opened: String,
    pub closed: String,
    /// The MPIG correction factor paid in the payments year (£).
    pub mpig_paid: Decimal,
    pub seniority: Decimal,
    pub pms_balance: Decimal,
    pub global_sum_paid: Decimal,
    pub other_payments: Decimal,
    pub total_payments: Decimal,
    pub qof_paid: Decimal,
    /// Cash paid by each of the population's `paid_columns`.
    pub paid: Vec<Decimal>,
    /// Published % of QOF points achieved (of those available to it).
    pub qof_pct_2014_15: Option<Decimal>,
    pub qof_pct_2013_14: Option<Decimal>,
    pub register_source: RegisterSource,
    /// By the population's register ids; `None` where not modelled.
    pub registers: Vec<Option<u32>>,
}

/// A CCG, with its 2014/15 underlying achievement by indicator code.
#[derive(Clone, Debug, PartialEq)]
pub struct Ccg {
    pub name: String,
    pub achievement: BTreeMap<String, Decimal>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Population {
    /// The asset's `#` lines: its provenance.
    pub provenance: Vec<String>,
    /// The rule set whose year the payments are for.
    pub payments_year: String,
    /// Its first and last days (YYYY-MM-DD).
    pub payments_period: (String, String),
    /// The services each payments column paid for (a column may stand for
    /// two: the dementia column pays both dementia schemes).
    pub paid_columns: Vec<Vec<String>>,
    pub registers: Vec<String>,
    pub members: Vec<Member>,
    pub ccgs: BTreeMap<String, Ccg>,
}

fn achievement_table(a: &BTreeMap<String, Decimal>) -> BTreeMap<String, RawAchievement> {
    a.iter()
        .map(|(code, pct)| {
            (
                code.clone(),
                RawAchievement::Number(RawNumberOnly::Text(pct.to_string())),
            )
        })
        .collect()
}

/// The 2013/14 MPIG correction factor from one paid after the phase-out
/// began: the paid factor is (years − elapsed) / years of the 2013/14 one,
/// by the payments year's own `funding.mpig_phase_out_years` and
/// `funding.mpig_years_elapsed`. `None` when those figures are not found.
pub fn mpig_before_phase_out(catalog: &Catalog, year: &str, paid: Decimal) -> Option<Decimal> {
    let f = &catalog.get(year)?.funding;
    let years = f.mpig_phase_out_years.as_ref()?.value?;
    let elapsed = f.mpig_years_elapsed.as_ref()?.value?;
    let kept = years - elapsed;
    if kept <= Decimal::ZERO {
        return None;
    }
    Some(crate::money::round_half_up(
        paid.max(Decimal::ZERO) * years / kept,
        2,
    ))
}

/// A member as the engine's input, with what was decided on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Modelled {
    pub raw: RawPractice,
    pub achievement: AchievementSource,
    /// The multiplier on the CCG's achievement, where a published level
    /// was spread by it (the practice's achievement is the CCG's × it).
    pub multiplier: Option<Decimal>,
    pub assessed: Assessed,
}

impl Population {
    /// A practice holding `ccg`'s achievement, for working out its shape.
    /// A CCG with achievement figures (a CCG listed for its name alone,
    /// one the achievement workbook does not have, is not one).
    pub fn ccg_achievement(&self, code: &str) -> Option<&Ccg> {
        self.ccgs.get(code).filter(|c| !c.achievement.is_empty())
    }

    /// A CCG's name, where the population has it.
    pub fn ccg_name(&self, code: &str) -> Option<&str> {
        self.ccgs
            .get(code)
            .map(|c| c.name.as_str())
            .filter(|n| !n.is_empty())
    }

    pub fn template(&self, catalog: &Catalog, ccg: &Ccg) -> Option<crate::Practice> {
        let raw = RawPractice {
            format: Some(crate::practice::FORMAT),
            list_size: Some(RawNumber::Int(7000)),
            default_achievement: Some("typical".into()),
            achievement: achievement_table(&ccg.achievement),
            ..Default::default()
        };
        crate::validate(&raw, catalog).ok().map(|(p, _)| p)
    }

    /// Each CCG's achievement shape under the payments year's rules (see
    /// [`Shape`]), for the CCGs with achievement figures.
    pub fn shapes(&self, catalog: &Catalog) -> BTreeMap<String, Shape> {
        let Some(rs) = catalog.get(&self.payments_year) else {
            return BTreeMap::new();
        };
        let prep = crate::prepared::Prepared::new(rs);
        self.ccgs
            .iter()
            .filter(|(_, ccg)| !ccg.achievement.is_empty())
            .filter_map(|(code, ccg)| {
                let t = self.template(catalog, ccg)?;
                Some((code.clone(), Shape::new(catalog, &prep, &t)))
            })
            .collect()
    }

    /// A practice as the engine's input (see [`Population::modelled_with`]),
    /// working out its CCG's shape alone: for one practice, as "Find a
    /// practice" asks.
    pub fn modelled(&self, catalog: &Catalog, m: &Member) -> Result<Modelled, Refusal> {
        let shape = catalog.get(&self.payments_year).and_then(|rs| {
            let t = self.template(catalog, self.ccg_achievement(&m.ccg)?)?;
            Some(Shape::new(catalog, &crate::prepared::Prepared::new(rs), &t))
        });
        self.modelled_with(catalog, m, shape.as_ref())
    }

    /// A practice as the engine's raw input, or why it is left out:
    /// published list sizes, seniority and services taken up (paid in the
    /// payments year); the 2013/14 MPIG factor or PMS/APMS contract value
    /// recovered from the cash ([`Population::assess`]); activity recovered
    /// from per-item payments; modelled registers; and its achievement: its
    /// published level spread by its CCG's profile (`shape`), else its
    /// CCG's achievement, else national typical.
    pub fn modelled_with(
        &self,
        catalog: &Catalog,
        m: &Member,
        shape: Option<&Shape>,
    ) -> Result<Modelled, Refusal> {
        let assessed = self.assess(catalog, m)?;
        let text = |d: Decimal| RawNumber::Text(d.normalize().to_string());
        let mut p = RawPractice {
            format: Some(crate::practice::FORMAT),
            name: Some(m.name.clone()),
            list_size: Some(RawNumber::Int(i64::from(m.list))),
            weighted_list: Some(RawNumber::Int(i64::from(m.weighted))),
            seniority: Some(text(m.seniority.max(Decimal::ZERO))),
            default_achievement: Some("typical".into()),
            ..Default::default()
        };
        if m.contract == ContractType::Gms {
            p.contract = Some("GMS".into());
            p.mpig_correction_factor = assessed.mpig_2013_14.map(text);
        } else {
            p.contract = Some("PMS".into());
            p.pms_baseline = assessed.baseline_2013_14.map(text);
        }
        for (id, r) in self.registers.iter().zip(&m.registers) {
            if let Some(r) = r {
                p.registers
                    .insert(id.clone(), RawNumber::Int(i64::from(*r)));
            }
        }
        for (id, cash) in self.services_paid(m) {
            p.services
                .insert(id.to_string(), RawUptake::Bool(cash > Decimal::ZERO));
        }
        for (id, count) in &assessed.activity {
            p.activity.insert(id.clone(), text(*count));
        }
        let published = match (m.qof_pct_2014_15, m.qof_pct_2013_14) {
            (Some(pct), _) => Some((PublishedYear::Y2014_15, pct)),
            (None, Some(pct)) => Some((PublishedYear::Y2013_14, pct)),
            (None, None) => None,
        };
        let mut multiplier = None;
        let achievement = match (self.ccg_achievement(&m.ccg), published, shape) {
            (Some(ccg), Some((year, percent)), Some(shape)) => {
                let share = (percent / Decimal::ONE_HUNDRED).clamp(Decimal::ZERO, Decimal::ONE);
                let m = achievement::rounded(shape.multiplier(share));
                multiplier = Some(m);
                p.achievement = achievement_table(&achievement::scaled(&ccg.achievement, m));
                AchievementSource::Published { year, percent }
            }
            (Some(ccg), _, _) => {
                p.achievement = achievement_table(&ccg.achievement);
                AchievementSource::Ccg
            }
            (None, _, _) => AchievementSource::National,
        };
        Ok(Modelled {
            raw: p,
            achievement,
            multiplier,
            assessed,
        })
    }

    /// Practices whose code, name or postcode match `query` (case and
    /// spaces ignored), best first: exact code, then code, postcode and
    /// name prefixes, then names containing it. At most `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Vec<&Member> {
        let squash = |s: &str| -> String {
            s.chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_uppercase)
                .collect()
        };
        let q = squash(query);
        if q.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<(u8, &Member)> = self
            .members
            .iter()
            .filter_map(|m| {
                let (code, post, name) = (squash(&m.code), squash(&m.postcode), squash(&m.name));
                let rank = if code == q {
                    0
                } else if code.starts_with(&q) || post.starts_with(&q) {
                    1
                } else if name.starts_with(&q) {
                    2
                } else if name.contains(&q) || post.contains(&q) {
                    3
                } else {
                    return None;
                };
                Some((rank, m))
            })
            .collect();
        hits.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.name.cmp(&b.1.name)));
        hits.into_iter().take(limit).map(|(_, m)| m).collect()
    }
}

#[cfg(test)]
mod tests;
