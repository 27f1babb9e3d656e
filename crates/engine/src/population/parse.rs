//! Reading the population asset, format 2: `#` header lines (provenance,
//! the payments year and period, each section's row count and an FNV-1a
//! checksum of every data line), then `[practices]` and `[ccgs]`, each a
//! header row and tab-separated rows. The asset is checked whole: a line
//! cut short, a section longer or shorter than its header says, or any
//! altered byte is refused with the reason, never read as a smaller
//! population. Pure text in; never panics.

use super::{Ccg, ContractType, Member, Population, RegisterSource};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::str::FromStr;

/// The asset format this reader reads.
pub const FORMAT: u32 = 2;

/// FNV-1a, 64 bits, over each data line and its newline: the asset's
/// checksum (`scripts/prepare-national.py` writes the same).
pub fn checksum<'a>(lines: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for line in lines {
        for b in line.bytes().chain(std::iter::once(b'\n')) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

fn number(s: &str, what: &str, line: usize) -> Result<Decimal, String> {
    Decimal::from_str(s.trim())
        .map_err(|_| format!("line {line}: {what} {:?} is not a number", cut(s)))
}

/// A percentage, 0 to 100: a QOF achievement. A larger one would be no
/// achievement, and scaled by a practice's multiplier it could overflow.
fn percent(s: &str, what: &str, line: usize) -> Result<Decimal, String> {
    let v = number(s, what, line)?;
    if v < Decimal::ZERO || v > Decimal::ONE_HUNDRED {
        return Err(format!(
            "line {line}: {what} {:?} is not a percentage from 0 to 100",
            cut(s)
        ));
    }
    Ok(v)
}

fn cut(s: &str) -> String {
    s.chars().take(30).collect()
}

/// The practices section's fixed columns, in order; the `paid:` columns,
/// the two achievement columns, the register source and the registers
/// follow.
const PRACTICE_COLUMNS: [&str; 17] = [
    "code",
    "name",
    "postcode",
    "region",
    "ccg",
    "contract",
    "list",
    "weighted",
    "opened",
    "closed",
    "mpig_cf_2014_15",
    "seniority",
    "pms_balance",
    "global_sum",
    "other_payments",
    "total_payments",
    "qof_paid",
];

/// Reads the asset. Any problem is a message naming the line, or, for the
/// whole file, what is wrong with it.
pub fn parse(text: &str) -> Result<Population, String> {
    let mut pop = Population {
        provenance: Vec::new(),
        payments_year: String::new(),
        payments_period: (String::new(), String::new()),
        paid_columns: Vec::new(),
        registers: Vec::new(),
        members: Vec::new(),
        ccgs: BTreeMap::new(),
    };
    let mut format = None;
    let mut want_rows: BTreeMap<String, usize> = BTreeMap::new();
    let mut want_checksum = None;
    let mut data: Vec<&str> = Vec::new();
    let mut section = "";
    let mut header: Vec<&str> = Vec::new();
    let mut first_paid = 0;
    let mut rows: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if !data.is_empty() {
                return Err(format!("line {n}: a header line after the data"));
            }
            let comment = comment.trim();
            if let Some(year) = comment.strip_prefix("payments_year:") {
                pop.payments_year = year.trim().to_string();
            } else if let Some(v) = comment.strip_prefix("payments_period:") {
                let mut days = v.split_whitespace().map(str::to_string);
                pop.payments_period = (
                    days.next().unwrap_or_default(),
                    days.next().unwrap_or_default(),
                );
            } else if let Some(v) = comment.strip_prefix("format:") {
                format =
                    Some(v.trim().parse::<u32>().map_err(|_| {
                        format!("line {n}: the format {:?} is not a number", cut(v))
                    })?);
            } else if let Some(v) = comment.strip_prefix("rows ") {
                let (name, count) = v
                    .split_once(':')
                    .ok_or_else(|| format!("line {n}: a row count without its number"))?;
                let count = count.trim().parse::<usize>().map_err(|_| {
                    format!("line {n}: the row count {:?} is not a number", cut(count))
                })?;
                want_rows.insert(name.trim().to_string(), count);
            } else if let Some(v) = comment.strip_prefix("checksum fnv1a64:") {
                let hex = v.split_whitespace().next().unwrap_or("");
                want_checksum = Some(u64::from_str_radix(hex, 16).map_err(|_| {
                    format!("line {n}: the checksum {:?} is not hexadecimal", cut(hex))
                })?);
            }
            pop.provenance.push(comment.to_string());
            continue;
        }
        data.push(line);
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
                let fixed = PRACTICE_COLUMNS.len();
                if header.len() < fixed + 3 || header[..fixed] != PRACTICE_COLUMNS {
                    return Err(format!(
                        "line {n}: the practices header is not this format's"
                    ));
                }
                first_paid = fixed;
                let paid = header[fixed..]
                    .iter()
                    .take_while(|h| h.starts_with("paid:"))
                    .count();
                let after = fixed + paid;
                if paid == 0
                    || header.get(after..after + 3)
                        != Some(&["qof_pct_2014_15", "qof_pct_2013_14", "register_source"][..])
                {
                    return Err(format!(
                        "line {n}: the practices header is not this format's"
                    ));
                }
                pop.paid_columns = header[fixed..after]
                    .iter()
                    .map(|h| {
                        h.trim_start_matches("paid:")
                            .split(',')
                            .filter(|s| !s.is_empty())
                            .map(str::to_string)
                            .collect()
                    })
                    .collect();
                pop.registers = header[after + 3..].iter().map(|s| s.to_string()).collect();
            } else if section == "ccgs" {
                if header.len() < 2 || header[..2] != ["ccg", "name"] {
                    return Err(format!("line {n}: the CCG header must start ccg, name"));
                }
            } else {
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
        *rows.entry(section).or_default() += 1;
        match section {
            "practices" => pop.members.push(member(&pop, &cells, first_paid, n)?),
            "ccgs" => {
                let mut achievement = BTreeMap::new();
                for (k, c) in cells.iter().enumerate().skip(2) {
                    if !c.is_empty() {
                        achievement.insert(header[k].to_string(), percent(c, header[k], n)?);
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
    match format {
        Some(FORMAT) => {}
        Some(f) => {
            return Err(format!(
                "the file is format {f}; this simulator reads format {FORMAT}"
            ))
        }
        None => return Err("the file does not say its format".into()),
    }
    for name in ["practices", "ccgs"] {
        let want = want_rows
            .get(name)
            .ok_or_else(|| format!("the file does not say how many {name} it holds"))?;
        let got = rows.get(name).copied().unwrap_or(0);
        if got != *want {
            return Err(format!(
                "the file is incomplete or altered: {got} {name} where its header says {want}"
            ));
        }
    }
    let want = want_checksum.ok_or("the file has no checksum")?;
    if checksum(data.iter().copied()) != want {
        return Err("the file is altered or damaged: its checksum does not match its data".into());
    }
    if pop.members.is_empty() {
        return Err("the file has no practices".into());
    }
    if pop.payments_year.is_empty() {
        return Err("the file does not say which year its payments are for".into());
    }
    if pop.payments_period.0.len() != 10 || pop.payments_period.1.len() != 10 {
        return Err("the file does not give its payments year's first and last days".into());
    }
    Ok(pop)
}

fn member(pop: &Population, cells: &[&str], first_paid: usize, n: usize) -> Result<Member, String> {
    let whole = |s: &str, what: &str| -> Result<u32, String> {
        s.trim()
            .parse::<u32>()
            .map_err(|_| format!("line {n}: {what} {:?} is not a whole number", cut(s)))
    };
    let date = |s: &str, what: &str| -> Result<String, String> {
        let ok = s.is_empty()
            || (s.len() == 10
                && s.bytes().enumerate().all(|(i, b)| {
                    if i == 4 || i == 7 {
                        b == b'-'
                    } else {
                        b.is_ascii_digit()
                    }
                }));
        if ok {
            Ok(s.to_string())
        } else {
            Err(format!(
                "line {n}: {what} {:?} is not a date (YYYY-MM-DD)",
                cut(s)
            ))
        }
    };
    let optional_percent = |s: &str, what: &str| -> Result<Option<Decimal>, String> {
        if s.is_empty() {
            Ok(None)
        } else {
            percent(s, what, n).map(Some)
        }
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
    let after = first_paid + pop.paid_columns.len();
    let mut paid = Vec::with_capacity(pop.paid_columns.len());
    for c in &cells[first_paid..after] {
        paid.push(number(c, "a service payment", n)?);
    }
    let register_source = match cells[after + 2] {
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
    for (k, c) in cells[after + 3..].iter().enumerate() {
        registers.push(if c.is_empty() {
            None
        } else {
            Some(whole(c, &pop.registers[k])?)
        });
    }
    Ok(Member {
        code: cells[0].to_string(),
        name: postcodes_in_capitals(cells[1]),
        postcode: cells[2].to_string(),
        region: cells[3].to_string(),
        ccg: cells[4].to_string(),
        contract,
        list: whole(cells[6], "list")?,
        weighted: whole(cells[7], "weighted list")?,
        opened: date(cells[8], "open date")?,
        closed: date(cells[9], "close date")?,
        mpig_paid: number(cells[10], "MPIG", n)?,
        seniority: number(cells[11], "seniority", n)?,
        pms_balance: number(cells[12], "PMS balance", n)?,
        global_sum_paid: number(cells[13], "global sum", n)?,
        other_payments: number(cells[14], "other payments", n)?,
        total_payments: number(cells[15], "total payments", n)?,
        qof_paid: number(cells[16], "QOF payments", n)?,
        paid,
        qof_pct_2014_15: optional_percent(cells[after], "2014/15 QOF achievement")?,
        qof_pct_2013_14: optional_percent(cells[after + 1], "2013/14 QOF achievement")?,
        register_source,
        registers,
    })
}

/// A practice's name with any postcode in it in capitals: the published
/// file title-cases names, postcodes too ("Wolverhampton Wv1 4Tf"). Only a
/// pair of words shaped like a postcode's two halves (outward "WV1", "SE5",
/// "EC1A"; inward a digit and two letters) changes; every other letter stays
/// as published.
pub fn postcodes_in_capitals(name: &str) -> String {
    let outward = |w: &str| {
        let b = w.as_bytes();
        let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
        let rest = &b[letters..];
        let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
        let tail = &rest[digits..];
        (1..=2).contains(&letters)
            && (1..=2).contains(&digits)
            && (tail.is_empty() || (tail.len() == 1 && tail[0].is_ascii_alphabetic()))
    };
    let inward = |w: &str| {
        let b = w.trim_end_matches([')', ',', '.']).as_bytes();
        b.len() == 3 && b[0].is_ascii_digit() && b[1..].iter().all(u8::is_ascii_alphabetic)
    };
    let words: Vec<&str> = name.split(' ').collect();
    let mut out: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    for i in 1..words.len() {
        let first = words[i - 1].trim_start_matches('(');
        if outward(first) && inward(words[i]) {
            out[i - 1] = words[i - 1].to_ascii_uppercase();
            out[i] = words[i].to_ascii_uppercase();
        }
    }
    out.join(" ")
}
