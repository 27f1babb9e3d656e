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

use crate::practice::{RawAchievement, RawNumber, RawNumberOnly, RawPractice, RawUptake};
use crate::rules::Catalog;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::str::FromStr;

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
    /// The MPIG correction factor paid in the payments year (£).
    pub mpig_paid: Decimal,
    pub seniority: Decimal,
    pub pms_balance: Decimal,
    pub global_sum_paid: Decimal,
    /// By the population's service ids: paid for it in the payments year.
    pub services: Vec<bool>,
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
    pub services: Vec<String>,
    pub registers: Vec<String>,
    pub members: Vec<Member>,
    pub ccgs: BTreeMap<String, Ccg>,
}

fn number(s: &str, what: &str, line: usize) -> Result<Decimal, String> {
    Decimal::from_str(s.trim())
        .map_err(|_| format!("line {line}: {what} {:?} is not a number", cut(s)))
}

fn cut(s: &str) -> String {
    s.chars().take(30).collect()
}

/// Reads the asset. Any problem is a message naming the line.
pub fn parse(text: &str) -> Result<Population, String> {
    let mut pop = Population {
        provenance: Vec::new(),
        payments_year: String::new(),
        services: Vec::new(),
        registers: Vec::new(),
        members: Vec::new(),
        ccgs: BTreeMap::new(),
    };
    let mut section = "";
    let mut header: Vec<&str> = Vec::new();
    let mut first_register = 0;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim();
            if let Some(year) = comment.strip_prefix("payments_year:") {
                pop.payments_year = year.trim().to_string();
            }
            pop.provenance.push(comment.to_string());
            continue;
        }
        if line.starts_with('[') {
            section = match line {
                "[practices]" => "practices",
                "[ccgs]" => "ccgs",
                other => return Err(format!("line {n}: unknown section {:?}", cut(other))),
            };
            header.clear();
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        if header.is_empty() {
            header = cells;
            if section == "practices" {
                let expect = [
                    "code",
                    "name",
                    "postcode",
                    "region",
                    "ccg",
                    "contract",
                    "list",
                    "weighted",
                    "mpig_cf_2014_15",
                    "seniority",
                    "pms_balance",
                    "global_sum",
                ];
                if header.len() < expect.len() + 2 || header[..expect.len()] != expect {
                    return Err(format!(
                        "line {n}: the practices header is not this format's"
                    ));
                }
                pop.services = header[expect.len()]
                    .strip_prefix("services:")
                    .ok_or_else(|| format!("line {n}: no services column"))?
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
                first_register = expect.len() + 2;
                pop.registers = header[first_register..]
                    .iter()
                    .map(|s| s.to_string())
                    .collect();
            } else if section == "ccgs" {
                if header.len() < 2 || header[..2] != ["ccg", "name"] {
                    return Err(format!("line {n}: the CCG header must start ccg, name"));
                }
            } else if section.is_empty() {
                return Err(format!("line {n}: data before any section"));
            }
            continue;
        }
        if cells.len() != header.len() {
            return Err(format!(
                "line {n}: {} cells where the header has {}",
                cells.len(),
                header.len()
            ));
        }
        match section {
            "practices" => {
                let whole = |s: &str, what: &str| -> Result<u32, String> {
                    s.trim()
                        .parse::<u32>()
                        .map_err(|_| format!("line {n}: {what} {:?} is not a whole number", cut(s)))
                };
                let contract = match cells[5] {
                    "GMS" => ContractType::Gms,
                    "PMS" => ContractType::Pms,
                    "APMS" => ContractType::Apms,
                    other => {
                        return Err(format!(
                            "line {n}: contract {:?} is not GMS, PMS or APMS",
                            cut(other)
                        ))
                    }
                };
                let flags = cells[12];
                if flags.len() != pop.services.len()
                    || !flags.bytes().all(|b| b == b'0' || b == b'1')
                {
                    return Err(format!(
                        "line {n}: services {:?} is not one 0 or 1 per service",
                        cut(flags)
                    ));
                }
                let register_source = match cells[13] {
                    "P" => RegisterSource::Practice2016,
                    "C" => RegisterSource::Ccg2014,
                    "N" => RegisterSource::National,
                    other => {
                        return Err(format!(
                            "line {n}: register source {:?} is not P, C or N",
                            cut(other)
                        ))
                    }
                };
                let mut registers = Vec::with_capacity(pop.registers.len());
                for (k, c) in cells[first_register..].iter().enumerate() {
                    registers.push(if c.is_empty() {
                        None
                    } else {
                        Some(whole(c, &pop.registers[k])?)
                    });
                }
                pop.members.push(Member {
                    code: cells[0].to_string(),
                    name: cells[1].to_string(),
                    postcode: cells[2].to_string(),
                    region: cells[3].to_string(),
                    ccg: cells[4].to_string(),
                    contract,
                    list: whole(cells[6], "list")?,
                    weighted: whole(cells[7], "weighted list")?,
                    mpig_paid: number(cells[8], "MPIG", n)?,
                    seniority: number(cells[9], "seniority", n)?,
                    pms_balance: number(cells[10], "PMS balance", n)?,
                    global_sum_paid: number(cells[11], "global sum", n)?,
                    services: flags.bytes().map(|b| b == b'1').collect(),
                    register_source,
                    registers,
                });
            }
            "ccgs" => {
                let mut achievement = BTreeMap::new();
                for (k, c) in cells.iter().enumerate().skip(2) {
                    if !c.is_empty() {
                        achievement.insert(header[k].to_string(), number(c, header[k], n)?);
                    }
                }
                pop.ccgs.insert(
                    cells[0].to_string(),
                    Ccg {
                        name: cells[1].to_string(),
                        achievement,
                    },
                );
            }
            _ => return Err(format!("line {n}: data before any section")),
        }
    }
    if pop.members.is_empty() {
        return Err("the file has no practices".into());
    }
    if pop.payments_year.is_empty() {
        return Err("the file does not say which year its payments are for".into());
    }
    Ok(pop)
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

impl Population {
    /// A practice as the engine's raw input: published figures, modelled
    /// registers, its CCG's achievement (indicators the CCG has no figure
    /// for are left to the engine's typical achievement). PMS and APMS
    /// practices' contract income (balance of PMS expenditure plus any
    /// global sum and MPIG paid) stands in for the global sum.
    pub fn raw_practice(&self, catalog: &Catalog, m: &Member) -> Result<RawPractice, String> {
        let text = |d: Decimal| RawNumber::Text(d.normalize().to_string());
        let mut p = RawPractice {
            name: Some(m.name.clone()),
            list_size: Some(RawNumber::Int(i64::from(m.list))),
            weighted_list: Some(RawNumber::Int(i64::from(m.weighted))),
            seniority: Some(text(m.seniority.max(Decimal::ZERO))),
            default_achievement: Some("typical".into()),
            ..Default::default()
        };
        if m.contract == ContractType::Gms {
            let cf = mpig_before_phase_out(catalog, &self.payments_year, m.mpig_paid)
                .ok_or_else(|| {
                    format!(
                        "the {} rules do not give the MPIG phase-out figures needed to recover a practice's 2013/14 correction factor",
                        self.payments_year
                    )
                })?;
            p.contract = Some("GMS".into());
            p.mpig_correction_factor = Some(text(cf));
        } else {
            p.contract = Some("PMS".into());
            p.pms_baseline = Some(text(
                (m.pms_balance + m.global_sum_paid + m.mpig_paid).max(Decimal::ZERO),
            ));
        }
        for (id, r) in self.registers.iter().zip(&m.registers) {
            if let Some(r) = r {
                p.registers
                    .insert(id.clone(), RawNumber::Int(i64::from(*r)));
            }
        }
        for (id, taken) in self.services.iter().zip(&m.services) {
            p.services.insert(id.clone(), RawUptake::Bool(*taken));
        }
        if let Some(ccg) = self.ccgs.get(&m.ccg) {
            for (code, pct) in &ccg.achievement {
                p.achievement.insert(
                    code.clone(),
                    RawAchievement::Number(RawNumberOnly::Text(pct.to_string())),
                );
            }
        }
        Ok(p)
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
mod tests {
    use super::*;

    const SMALL: &str = "# payments_year: 2014-15\n[practices]\ncode\tname\tpostcode\tregion\tccg\tcontract\tlist\tweighted\tmpig_cf_2014_15\tseniority\tpms_balance\tglobal_sum\tservices:alcohol,extended_hours\tregister_source\tdiabetes\tasthma\nA1\tOne Surgery\tAB1 2CD\tNorth\t01C\tGMS\t6000\t6100\t6000\t100\t0\t400000\t01\tP\t300\t\nB2\tTwo Practice\tEF3 4GH\tSouth\t01C\tPMS\t4000\t3900\t0\t0\t350000\t0\t11\tN\t\t\n[ccgs]\nccg\tname\tDM002\n01C\tSomewhere\t91.50\n";

    #[test]
    fn a_small_population_reads_and_becomes_valid_practices() {
        let pop = parse(SMALL).expect("reads");
        assert_eq!(pop.members.len(), 2);
        assert_eq!(pop.services, ["alcohol", "extended_hours"]);
        let c = Catalog::builtin();
        for m in &pop.members {
            let raw = pop.raw_practice(c, m).expect("raw");
            crate::validate(&raw, c).unwrap_or_else(|e| panic!("{}: {e:?}", m.code));
        }
        let raw = pop.raw_practice(c, &pop.members[0]).unwrap();
        assert_eq!(raw.registers.get("diabetes"), Some(&RawNumber::Int(300)));
        assert_eq!(raw.services.get("alcohol"), Some(&RawUptake::Bool(false)));
        assert!(raw.achievement.contains_key("DM002"));
    }

    #[test]
    fn the_2013_14_mpig_factor_comes_from_the_rules_phase_out_figures() {
        let c = Catalog::builtin();
        let f = &c.get("2014-15").unwrap().funding;
        let years = f.mpig_phase_out_years.as_ref().unwrap().value.unwrap();
        let elapsed = f.mpig_years_elapsed.as_ref().unwrap().value.unwrap();
        let paid = Decimal::from(6000);
        let got = mpig_before_phase_out(c, "2014-15", paid).unwrap();
        assert_eq!(
            got,
            crate::money::round_half_up(paid * years / (years - elapsed), 2)
        );
        assert_eq!(mpig_before_phase_out(c, "no-such-year", paid), None);
    }

    #[test]
    fn damaged_assets_are_named_by_line() {
        assert!(parse("").is_err());
        let bad = SMALL.replace("\t6000\t6100\t", "\tlots\t6100\t");
        assert!(
            parse(&bad).unwrap_err().starts_with("line 4: list"),
            "{:?}",
            parse(&bad)
        );
        let short = SMALL.replace("\tP\t300\t\n", "\tP\n");
        assert!(parse(&short).unwrap_err().contains("cells"));
        assert!(parse(&SMALL.replace("\t01\tP", "\t0x\tP"))
            .unwrap_err()
            .contains("services"));
    }

    #[test]
    fn a_ccg_table_without_its_name_column_is_refused_not_a_panic() {
        // Found by the population fuzz target: a one-column CCG header.
        let bad = SMALL.replace("ccg\tname\tDM002\n01C\tSomewhere\t91.50\n", "ccg\n01C\n");
        assert!(
            parse(&bad).unwrap_err().contains("CCG header"),
            "{:?}",
            parse(&bad)
        );
    }

    #[test]
    fn search_finds_by_code_postcode_and_name() {
        let pop = parse(SMALL).unwrap();
        assert_eq!(pop.search("a1", 5)[0].code, "A1");
        assert_eq!(pop.search("ef34", 5)[0].code, "B2");
        assert_eq!(pop.search("surgery", 5)[0].code, "A1");
        assert!(pop.search("zzz", 5).is_empty());
        assert!(pop.search("  ", 5).is_empty());
    }
}
