//! One row of the HSCIC *NHS Payments to General Practice 2014/15*
//! practice-level file, as published, read into a [`Member`], so that
//! `gpsim batch` reads the file exactly as the national population was
//! made from it (`scripts/prepare-national.py` keeps the same columns).

use super::{ContractType, Member, Population, RegisterSource};
use crate::practice::parse_number_text;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The file's enhanced service columns and the services each pays for.
pub const SERVICE_COLUMNS: [(&str, &[&str]); 9] = [
    ("Alcohol", &["alcohol"]),
    ("GP Extended Hours Access", &["extended_hours"]),
    (
        "Facilitating Timely Diagnosis and Support for People with Dementia",
        &["dementia", "dementia_identification"],
    ),
    ("Improving Patient Online Access", &["online_access"]),
    ("Learning Disabilities", &["learning_disabilities"]),
    ("Patient Participation", &["patient_participation"]),
    ("Remote Care Monitoring", &["remote_care_monitoring"]),
    ("Risk Profiling and Case Management", &["risk_profiling"]),
    ("Unplanned Admissions", &["unplanned_admissions"]),
];

impl Population {
    /// A population with no members that reads rows of the 2014/15
    /// payments file: its year, its period and its service columns.
    pub fn for_payments_file() -> Population {
        Population {
            provenance: Vec::new(),
            payments_year: "2014-15".into(),
            payments_period: ("2014-04-01".into(), "2015-03-31".into()),
            paid_columns: SERVICE_COLUMNS
                .iter()
                .map(|(_, ids)| ids.iter().map(|s| s.to_string()).collect())
                .collect(),
            registers: Vec::new(),
            members: Vec::new(),
            ccgs: BTreeMap::new(),
        }
    }
}

/// `dd/mm/yyyy` as `yyyy-mm-dd`; empty for none ("-" or blank).
fn iso(d: Option<&str>) -> Result<String, String> {
    match d.map(str::trim) {
        None | Some("") | Some("-") => Ok(String::new()),
        Some(s) => {
            let parts: Vec<&str> = s.split('/').collect();
            match parts.as_slice() {
                [d, m, y] if d.len() == 2 && m.len() == 2 && y.len() == 4 => {
                    Ok(format!("{y}-{m}-{d}"))
                }
                _ => Err(format!(
                    "the date {:?} is not dd/mm/yyyy",
                    s.chars().take(20).collect::<String>()
                )),
            }
        }
    }
}

/// A member from one row, read by column name through `get` (the trimmed
/// cell, `None` for an empty one). Amounts absent or "-" count as zero.
pub fn member(get: &dyn Fn(&str) -> Option<String>) -> Result<Member, String> {
    let code = get("Practice Code").unwrap_or_else(|| "?".into());
    let num = |name: &str| -> Result<Decimal, String> {
        match get(name) {
            None => Ok(Decimal::ZERO),
            Some(s) if s == "-" => Ok(Decimal::ZERO),
            Some(s) => parse_number_text(&s).ok_or_else(|| format!("{name} {s:?} is not a number")),
        }
    };
    let whole = |name: &str| -> Result<u32, String> {
        use rust_decimal::prelude::ToPrimitive;
        let d = num(name)?;
        d.fract()
            .is_zero()
            .then(|| d.to_u32())
            .flatten()
            .ok_or_else(|| format!("{name} {d} is not a whole number of patients"))
    };
    let typed = get("Contract Type").unwrap_or_else(|| "GMS".into());
    let contract = match typed.to_ascii_uppercase().as_str() {
        "GMS" => ContractType::Gms,
        "PMS" => ContractType::Pms,
        "APMS" => ContractType::Apms,
        _ => return Err(format!("Contract Type {typed:?} is not GMS, PMS or APMS")),
    };
    let mut paid = Vec::with_capacity(SERVICE_COLUMNS.len());
    for (column, _) in SERVICE_COLUMNS {
        paid.push(num(column)?);
    }
    Ok(Member {
        name: get("Practice Name").unwrap_or_default(),
        postcode: get("Practice Postcode").unwrap_or_default(),
        region: get("NHS England (Region) Name").unwrap_or_default(),
        ccg: get("CCG Code").unwrap_or_default(),
        contract,
        list: whole("Number of Registered Patients (Last Known Figure)")?,
        weighted: whole("Number of Weighted Patients (Last Known Figure)")?,
        opened: iso(get("Practice Open Date").as_deref())?,
        closed: iso(get("Practice Close Date").as_deref())?,
        mpig_paid: num("MPIG Correction factor")?,
        seniority: num("Seniority")?,
        pms_balance: num("Balance of PMS Expenditure")?,
        global_sum_paid: num("Global Sum")?,
        other_payments: num("Other Payments")?,
        total_payments: num("Total NHS Payments to General Practice")?,
        qof_paid: num("Total QOF Payments")?,
        paid,
        qof_pct_2014_15: None,
        qof_pct_2013_14: None,
        register_source: RegisterSource::National,
        registers: Vec::new(),
        code,
    })
}
