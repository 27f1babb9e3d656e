//! Turns the embedded TOML files into a checked [`Catalog`]: parses each file,
//! builds full rule sets, applies derived sets' changes, then finalises every
//! set (paths, labels, scales, checks) and links indicators across sets.
//! It must never panic on bad data: every problem becomes a [`RulesError`].

use super::error::{RulesError, RulesErrorKind as K};
use super::model::*;
use super::raw::*;
use super::walk::{walk_mut, walk_ref};
use super::{Catalog, CodeTable, SetKind};
use crate::figure::{Figure, FigureMeta, Status, Unit};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::str::FromStr;
use std::sync::Arc;

type Errors = Vec<RulesError>;

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

fn parse_toml<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
    errs: &mut Errors,
) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            errs.push(RulesError::new(
                file,
                "",
                K::Parse,
                e.to_string().trim().to_string(),
            ));
            None
        }
    }
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
        }),
    }
}

/// Everything shared by all rule sets, needed while building them.
struct Shared {
    sources: BTreeMap<String, Source>,
    registers: Vec<Register>,
    activities: Vec<Activity>,
}

impl Shared {
    fn register(&self, id: &str) -> Option<usize> {
        self.registers.iter().position(|r| &*r.id == id)
    }
    fn activity(&self, id: &str) -> Option<usize> {
        self.activities.iter().position(|a| &*a.id == id)
    }
}

fn code_to_id(code: &str) -> String {
    code.chars().filter(|c| !c.is_whitespace()).collect()
}

fn make_indicator(
    raw: &RawIndicator,
    areas: &[Area],
    shared: &Shared,
    file: &str,
    errs: &mut Errors,
) -> Option<Indicator> {
    let item = format!("indicator {}", raw.code);
    let area = match areas.iter().position(|a| *a.id == *raw.area) {
        Some(a) => a,
        None => {
            errs.push(RulesError::new(
                file,
                &item,
                K::UnknownReference,
                format!("unknown area {:?}", raw.area),
            ));
            return None;
        }
    };
    let kind = match raw.kind.as_str() {
        "threshold" => IndicatorKind::Threshold,
        "register" => IndicatorKind::Register,
        "yes_no" => IndicatorKind::YesNo,
        other => {
            errs.push(RulesError::new(
                file,
                &item,
                K::BadValue,
                format!("kind {other:?}: use threshold, register or yes_no"),
            ));
            return None;
        }
    };
    let payment = match raw.payment.as_str() {
        "prevalence" => PaymentBasis::Prevalence,
        "list" => PaymentBasis::List,
        "target_population" => PaymentBasis::TargetPopulation,
        other => {
            errs.push(RulesError::new(
                file,
                &item,
                K::BadValue,
                format!("payment {other:?}: use prevalence, list or target_population"),
            ));
            return None;
        }
    };
    let register = match &raw.register {
        Some(r) => match shared.register(r) {
            Some(i) => Some(i),
            None => {
                errs.push(RulesError::new(
                    file,
                    &item,
                    K::UnknownReference,
                    format!("unknown register {r:?}"),
                ));
                None
            }
        },
        None => None,
    };
    if payment == PaymentBasis::Prevalence && register.is_none() && raw.register.is_none() {
        errs.push(RulesError::new(
            file,
            &item,
            K::UnknownReference,
            "prevalence-adjusted but names no register",
        ));
    }
    let src = raw.source.as_deref();
    let points = make_figure(
        &raw.points,
        Unit::Points,
        src,
        file,
        &format!("{item} points"),
        errs,
    );
    let lower = raw
        .lower
        .as_ref()
        .map(|f| make_figure(f, Unit::Percent, src, file, &format!("{item} lower"), errs));
    let upper = raw
        .upper
        .as_ref()
        .map(|f| make_figure(f, Unit::Percent, src, file, &format!("{item} upper"), errs));
    let id = code_to_id(&raw.code);
    Some(Indicator {
        code: raw.code.as_str().into(),
        line_id: format!("qof.{id}").into(),
        id: id.into(),
        code_id: 0,
        area,
        kind,
        payment,
        register,
        description: raw.description.as_str().into(),
        code_note: raw.code_note.as_deref().map(Into::into),
        note: raw.note.as_deref().map(Into::into),
        continues: raw
            .continues
            .iter()
            .map(|c| Arc::from(c.as_str()))
            .collect::<Vec<_>>()
            .into(),
        points,
        lower,
        upper,
        pool: None,
        typical_achievement: None,
    })
}

fn make_pool(raw: &RawPool, qof: &Qof, file: &str, errs: &mut Errors) -> Option<Pool> {
    let item = format!("pool {}", raw.id);
    let area = match qof.areas.iter().position(|a| *a.id == *raw.area) {
        Some(a) => a,
        None => {
            errs.push(RulesError::new(
                file,
                &item,
                K::UnknownReference,
                format!("unknown area {:?}", raw.area),
            ));
            return None;
        }
    };
    let mut members = Vec::new();
    for m in &raw.members {
        match qof.indicators.iter().position(|i| *i.code == **m) {
            Some(i) => members.push(i),
            None => errs.push(RulesError::new(
                file,
                &item,
                K::UnknownReference,
                format!("unknown member {m:?}"),
            )),
        }
    }
    let points = make_figure(
        &raw.points,
        Unit::Points,
        None,
        file,
        &format!("{item} points"),
        errs,
    );
    Some(Pool {
        id: raw.id.as_str().into(),
        name: raw.name.as_str().into(),
        line_id: format!("qof.{}", raw.id).into(),
        area,
        members,
        points,
    })
}

fn make_qof(raw: &RawQof, shared: &Shared, file: &str, errs: &mut Errors) -> Qof {
    let f = |r: &RawFigure, unit: Unit, item: &str, errs: &mut Errors| {
        make_figure(r, unit, None, file, item, errs)
    };
    let mut domains = Vec::new();
    for d in &raw.domains {
        domains.push(Domain {
            id: d.id.as_str().into(),
            name: d.name.as_str().into(),
            organisational: d.organisational,
            official_points: f(
                &d.official_points,
                Unit::Points,
                &format!("domain {}", d.id),
                errs,
            ),
        });
    }
    let mut areas = Vec::new();
    for a in &raw.areas {
        let Some(domain) = domains.iter().position(|d| *d.id == *a.domain) else {
            errs.push(RulesError::new(
                file,
                &format!("area {}", a.id),
                K::UnknownReference,
                format!("unknown domain {:?}", a.domain),
            ));
            continue;
        };
        areas.push(Area {
            id: a.id.as_str().into(),
            name: a.name.as_str().into(),
            domain,
            official_points: a
                .official_points
                .as_ref()
                .map(|o| f(o, Unit::Points, &format!("area {}", a.id), errs)),
            line_id: format!("qof.{}", a.id).into(),
        });
    }
    let indicators = raw
        .indicators
        .iter()
        .filter_map(|i| make_indicator(i, &areas, shared, file, errs))
        .collect();
    let mut qof = Qof {
        point_value: f(&raw.point_value, Unit::GbpPerPoint, "point_value", errs),
        average_list_size: f(
            &raw.average_list_size,
            Unit::Patients,
            "average_list_size",
            errs,
        ),
        aspiration_share: f(&raw.aspiration_share, Unit::Share, "aspiration_share", errs),
        average_points_achieved: Some(f(
            &raw.average_points_achieved,
            Unit::Share,
            "average_points_achieved",
            errs,
        )),
        official_total_points: f(
            &raw.official_total_points,
            Unit::Points,
            "official_total_points",
            errs,
        ),
        official_indicator_count: f(
            &raw.official_indicator_count,
            Unit::Count,
            "official_indicator_count",
            errs,
        ),
        pms_deduction_amount: f(
            &raw.pms_deduction_amount,
            Unit::Gbp,
            "pms_deduction_amount",
            errs,
        ),
        pms_deduction_per_patients: f(
            &raw.pms_deduction_per_patients,
            Unit::Patients,
            "pms_deduction_per_patients",
            errs,
        ),
        domains,
        areas,
        indicators,
        pools: Vec::new(),
    };
    let pools: Vec<Pool> = raw
        .pools
        .iter()
        .filter_map(|p| make_pool(p, &qof, file, errs))
        .collect();
    qof.pools = pools;
    qof
}

fn make_funding(raw: &RawFunding, file: &str, errs: &mut Errors) -> Funding {
    Funding {
        global_sum_price: make_figure(
            &raw.global_sum_price,
            Unit::GbpPerWeightedPatient,
            None,
            file,
            "global_sum_price",
            errs,
        ),
        ooh_deduction: make_figure(
            &raw.ooh_deduction,
            Unit::Share,
            None,
            file,
            "ooh_deduction",
            errs,
        ),
        mpig_phase_out_years: raw
            .mpig_phase_out_years
            .as_ref()
            .map(|r| make_figure(r, Unit::Count, None, file, "mpig_phase_out_years", errs)),
        mpig_years_elapsed: raw
            .mpig_years_elapsed
            .as_ref()
            .map(|r| make_figure(r, Unit::Count, None, file, "mpig_years_elapsed", errs)),
    }
}

fn make_prevalence(
    raw: &RawPrevalence,
    shared: &Shared,
    file: &str,
    errs: &mut Errors,
) -> Vec<PrevalenceFigure> {
    for key in raw.prevalence.keys() {
        if shared.register(key).is_none() {
            errs.push(RulesError::new(
                file,
                key,
                K::UnknownReference,
                "unknown register",
            ));
        }
    }
    shared
        .registers
        .iter()
        .map(|r| {
            let figure = match raw.prevalence.get(&*r.id) {
                Some(rf) => make_figure(rf, Unit::Percent, None, file, &r.id, errs),
                None => {
                    errs.push(RulesError::new(
                        file,
                        &r.id,
                        K::Structure,
                        "every register needs a national prevalence entry (use status = \"not_found\" when unknown)",
                    ));
                    not_found_figure(Unit::Percent)
                }
            };
            PrevalenceFigure { index: 0, used: false, register: r.id.clone(), name: r.name.clone(), figure }
        })
        .enumerate()
        .map(|(i, mut p)| {
            p.index = i;
            p
        })
        .collect()
}

fn not_found_figure(unit: Unit) -> Figure {
    Figure {
        value: None,
        meta: Arc::new(FigureMeta {
            path: String::new(),
            label: String::new(),
            published: None,
            unit,
            source: "gpsim-reference-notes".to_string(),
            locator: None,
            status: Status::NotFound,
            note: None,
            alternatives: Vec::new(),
            min: None,
        }),
    }
}

fn make_service(raw: &RawService, shared: &Shared, file: &str, errs: &mut Errors) -> Service {
    let item = format!("service {}", raw.id);
    let src = raw.source.as_deref();
    let rate = raw.rate.as_ref().map(|r| {
        make_figure(
            r,
            Unit::GbpPerPatient,
            src,
            file,
            &format!("{item} rate"),
            errs,
        )
    });
    let mut components = Vec::new();
    for c in &raw.components {
        let citem = format!("{item} component {}", c.id);
        let activity = match &c.activity {
            Some(a) => match shared.activity(a) {
                Some(i) => Some(i),
                None => {
                    errs.push(RulesError::new(
                        file,
                        &citem,
                        K::UnknownReference,
                        format!("unknown activity {a:?}"),
                    ));
                    None
                }
            },
            None => None,
        };
        let need = |fig: &Option<RawFigure>,
                    name: &str,
                    unit: Unit,
                    errs: &mut Errors|
         -> Option<Figure> {
            match fig {
                Some(f) => Some(make_figure(
                    f,
                    unit,
                    src,
                    file,
                    &format!("{citem} {name}"),
                    errs,
                )),
                None => {
                    errs.push(RulesError::new(
                        file,
                        &citem,
                        K::Structure,
                        format!("{} components need `{name}`", c.kind),
                    ));
                    None
                }
            }
        };
        let kind = match c.kind.as_str() {
            "per_patient" => need(&c.rate, "rate", Unit::GbpPerPatient, errs)
                .map(|rate| ComponentKind::PerPatient { rate, activity }),
            "per_item" => match (need(&c.rate, "rate", Unit::GbpPerItem, errs), activity) {
                (Some(rate), Some(activity)) => Some(ComponentKind::PerItem { rate, activity }),
                (_, None) => {
                    errs.push(RulesError::new(
                        file,
                        &citem,
                        K::Structure,
                        "per_item components need an activity",
                    ));
                    None
                }
                _ => None,
            },
            "flat_if_share" => {
                let amount = need(&c.amount, "amount", Unit::Gbp, errs);
                let min = need(&c.min_percent, "min_percent", Unit::Percent, errs);
                match (amount, min, activity) {
                    (Some(amount), Some(min_percent), Some(activity)) => {
                        Some(ComponentKind::FlatIfShare {
                            amount,
                            min_percent,
                            activity,
                        })
                    }
                    (_, _, None) => {
                        errs.push(RulesError::new(
                            file,
                            &citem,
                            K::Structure,
                            "flat_if_share components need an activity",
                        ));
                        None
                    }
                    _ => None,
                }
            }
            "share_of_rate" => need(&c.share, "share", Unit::Share, errs)
                .map(|share| ComponentKind::ShareOfRate { share }),
            "reinvested" => Some(ComponentKind::Reinvested),
            other => {
                errs.push(RulesError::new(
                    file,
                    &citem,
                    K::BadValue,
                    format!("unknown component kind {other:?}"),
                ));
                None
            }
        };
        if let Some(kind) = kind {
            components.push(Component {
                id: c.id.as_str().into(),
                name: c.name.as_str().into(),
                line_id: format!("services.{}.{}", raw.id, c.id).into(),
                kind,
            });
        }
    }
    Service {
        id: raw.id.as_str().into(),
        name: raw.name.as_str().into(),
        description: raw.description.as_str().into(),
        line_id: format!("services.{}", raw.id).into(),
        rate,
        components,
    }
}

fn make_reinvestment(raw: &RawReinvestment, file: &str, errs: &mut Errors) -> Reinvestment {
    Reinvestment {
        points: make_figure(
            &raw.points,
            Unit::Points,
            None,
            file,
            "reinvestment points",
            errs,
        ),
        targets: raw
            .targets
            .iter()
            .map(|t| ReinvestTarget {
                target: t.target.as_str().into(),
                weight: make_figure(
                    &t.weight,
                    Unit::Count,
                    None,
                    file,
                    &format!("reinvestment weight {}", t.target),
                    errs,
                ),
            })
            .collect(),
    }
}

/// The files of one rule-set folder.
#[derive(Default)]
struct Folder<'a> {
    files: BTreeMap<&'a str, &'a str>,
}

impl<'a> Folder<'a> {
    fn get(&self, name: &str) -> Option<&'a str> {
        self.files.get(name).copied()
    }
}

fn header_kind(h: &RawHeader) -> SetKind {
    h.kind
}

/// Loads a catalog from (path, contents) pairs, paths relative to `rules/`.
pub fn load_catalog(files: &[(&str, &str)]) -> Result<Catalog, Vec<RulesError>> {
    let mut errs: Errors = Vec::new();
    let mut folders: BTreeMap<&str, Folder> = BTreeMap::new();
    let mut top: BTreeMap<&str, &str> = BTreeMap::new();
    for (path, text) in files {
        match path.split_once('/') {
            Some((dir, name)) if !name.contains('/') => {
                folders.entry(dir).or_default().files.insert(name, text);
            }
            Some(_) => errs.push(RulesError::new(
                path,
                "",
                K::Structure,
                "rules folders may not nest",
            )),
            None => {
                top.insert(path, text);
            }
        }
    }

    // Shared files.
    let sources: BTreeMap<String, Source> = match top.get("sources.toml") {
        Some(t) => parse_toml::<BTreeMap<String, RawSource>>("sources.toml", t, &mut errs)
            .unwrap_or_default()
            .into_iter()
            .map(|(id, s)| {
                (
                    id.clone(),
                    Source {
                        id,
                        title: s.title,
                        publisher: s.publisher,
                        url: s.url,
                        date: s.date,
                        note: s.note,
                    },
                )
            })
            .collect(),
        None => {
            errs.push(RulesError::new("sources.toml", "", K::Structure, "missing"));
            BTreeMap::new()
        }
    };
    let registers: Vec<Register> = top
        .get("registers.toml")
        .and_then(|t| parse_toml::<RawRegisters>("registers.toml", t, &mut errs))
        .map(|r| {
            r.registers
                .into_iter()
                .map(|r| Register {
                    id: r.id.into(),
                    name: r.name.into(),
                    note: r.note.map(Into::into),
                })
                .collect()
        })
        .unwrap_or_default();
    let mut activities = Vec::new();
    if let Some(raw) = top
        .get("activities.toml")
        .and_then(|t| parse_toml::<RawActivities>("activities.toml", t, &mut errs))
    {
        for a in raw.activities {
            let measure = match a.measure.as_str() {
                "count" => ActivityMeasure::Count,
                "percent" => ActivityMeasure::Percent,
                "index" => ActivityMeasure::Index,
                other => {
                    errs.push(RulesError::new(
                        "activities.toml",
                        &a.id,
                        K::BadValue,
                        format!("measure {other:?}: use count, percent or index"),
                    ));
                    continue;
                }
            };
            let Some(default) = parse_decimal(&a.default) else {
                errs.push(RulesError::new(
                    "activities.toml",
                    &a.id,
                    K::BadValue,
                    "default is not a decimal",
                ));
                continue;
            };
            activities.push(Activity {
                id: a.id.into(),
                name: a.name.into(),
                measure,
                default,
                help: a.help.into(),
            });
        }
    }
    check_unique(
        "registers.toml",
        registers.iter().map(|r| &*r.id),
        &mut errs,
    );
    check_unique(
        "activities.toml",
        activities.iter().map(|a| &*a.id),
        &mut errs,
    );
    let shared = Shared {
        sources,
        registers,
        activities,
    };

    // Headers, then build in dependency order.
    let mut headers: BTreeMap<String, (RawHeader, &Folder)> = BTreeMap::new();
    for (dir, folder) in &folders {
        let file = format!("{dir}/ruleset.toml");
        let Some(text) = folder.get("ruleset.toml") else {
            errs.push(RulesError::new(&file, "", K::Structure, "missing"));
            continue;
        };
        if let Some(h) = parse_toml::<RawHeader>(&file, text, &mut errs) {
            if h.id != *dir {
                errs.push(RulesError::new(
                    &file,
                    "",
                    K::Structure,
                    format!("id {:?} must match its folder {dir:?}", h.id),
                ));
            }
            headers.insert(h.id.clone(), (h, folder));
        }
    }
    let mut built: BTreeMap<String, RuleSet> = BTreeMap::new();
    // Sets that had problems: what derives from them is not checked again.
    let mut failed: HashSet<String> = HashSet::new();
    let mut kinds: HashMap<String, SetKind> = HashMap::new();
    let mut pending: Vec<String> = headers.keys().cloned().collect();
    while !pending.is_empty() {
        let before = pending.len();
        let mut still = Vec::new();
        for id in pending {
            let (h, folder) = &headers[&id];
            let changes = folder.get("changes.toml").and_then(|t| {
                parse_toml::<RawChanges>(&format!("{id}/changes.toml"), t, &mut errs)
            });
            let mut deps: Vec<String> = h.derives_from.iter().cloned().collect();
            if let Some(c) = &changes {
                deps.extend(c.qof.adopt.iter().map(|a| a.from.clone()));
            }
            if let Some(missing) = deps.iter().find(|d| !headers.contains_key(*d)) {
                errs.push(RulesError::new(
                    &format!("{id}/ruleset.toml"),
                    "",
                    K::UnknownReference,
                    format!("unknown rule set {missing:?}"),
                ));
                continue;
            }
            if deps.iter().any(|d| d == &id) {
                errs.push(RulesError::new(
                    &format!("{id}/ruleset.toml"),
                    "",
                    K::Structure,
                    "a rule set cannot derive from itself",
                ));
                continue;
            }
            if deps.iter().any(|d| failed.contains(d)) {
                // Its base has problems, already reported; the same problems
                // carried into this set would only be reported again.
                failed.insert(id.clone());
                continue;
            }
            if deps.iter().all(|d| built.contains_key(d)) {
                let errors_before = errs.len();
                let rs = match &h.derives_from {
                    None => build_full(h, folder, &shared, &mut errs),
                    Some(base) => build_derived(
                        h,
                        folder,
                        &built[base],
                        changes.unwrap_or_default(),
                        &built,
                        &shared,
                        &mut errs,
                    ),
                };
                if let Some(mut rs) = rs {
                    // A problem is reported against the file it came from: a
                    // full set's section file, or for a derived set the
                    // section file it supplies, else its changes.toml.
                    let derived = h.derives_from.is_some();
                    let file_of = |section: Section| {
                        let name = section.file_name();
                        if derived && folder.get(name).is_none() {
                            format!("{id}/changes.toml")
                        } else {
                            format!("{id}/{name}")
                        }
                    };
                    finalise(&mut rs, &shared, &file_of, &mut errs);
                    kinds.insert(id.clone(), header_kind(h));
                    built.insert(id.clone(), rs);
                }
                if errs.len() > errors_before {
                    failed.insert(id.clone());
                }
            } else {
                still.push(id);
            }
        }
        if still.len() == before {
            errs.push(RulesError::new(
                "",
                "",
                K::Structure,
                format!("rule sets depend on each other in a cycle: {still:?}"),
            ));
            break;
        }
        pending = still;
    }

    let mut sets: Vec<RuleSet> = built.into_values().collect();
    sets.sort_by_key(|s| s.order);
    let kinds: Vec<SetKind> = sets.iter().map(|s| kinds[&*s.id]).collect();
    let codes = CodeTable::build(&sets);
    let mut catalog = Catalog {
        sources: shared.sources,
        registers: shared.registers,
        activities: shared.activities,
        sets,
        kinds,
        codes,
        first_typical: HashMap::new(),
    };
    catalog.link();
    if errs.is_empty() {
        Ok(catalog)
    } else {
        Err(errs)
    }
}

fn check_unique<'a>(file: &str, ids: impl Iterator<Item = &'a str>, errs: &mut Errors) {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            errs.push(RulesError::new(file, id, K::Duplicate, "id used twice"));
        }
    }
}

fn build_full(
    h: &RawHeader,
    folder: &Folder,
    shared: &Shared,
    errs: &mut Errors,
) -> Option<RuleSet> {
    let id = &h.id;
    let need = |name: &str, errs: &mut Errors| -> Option<&str> {
        let t = folder.get(name);
        if t.is_none() {
            errs.push(RulesError::new(
                &format!("{id}/{name}"),
                "",
                K::Structure,
                "missing (a rule set without derives_from needs it)",
            ));
        }
        t
    };
    let qf = format!("{id}/qof.toml");
    let ff = format!("{id}/funding.toml");
    let pf = format!("{id}/prevalence.toml");
    let sf = format!("{id}/services.toml");
    let qof = parse_toml::<RawQof>(&qf, need("qof.toml", errs)?, errs)
        .map(|q| make_qof(&q, shared, &qf, errs))?;
    let funding = parse_toml::<RawFunding>(&ff, need("funding.toml", errs)?, errs)
        .map(|f| make_funding(&f, &ff, errs))?;
    let prevalence = parse_toml::<RawPrevalence>(&pf, need("prevalence.toml", errs)?, errs)
        .map(|p| make_prevalence(&p, shared, &pf, errs))?;
    let raw_services = parse_toml::<RawServices>(&sf, need("services.toml", errs)?, errs)?;
    let services = raw_services
        .services
        .iter()
        .map(|s| make_service(s, shared, &sf, errs))
        .collect();
    let reinvestment = raw_services
        .reinvestment
        .as_ref()
        .map(|r| make_reinvestment(r, &sf, errs));
    Some(RuleSet {
        id: h.id.as_str().into(),
        name: h.name.as_str().into(),
        short_name: h.short_name.as_str().into(),
        period: h.period.as_str().into(),
        order: h.order,
        summary: h.summary.as_str().into(),
        kind: header_kind(h),
        derives_from: None,
        assumptions: assumptions(h),
        retirements: Vec::new(),
        qof,
        prevalence,
        funding,
        services,
        reinvestment,
        custom: None,
    })
}

fn assumptions(h: &RawHeader) -> Vec<Assumption> {
    h.assumptions
        .iter()
        .map(|a| Assumption {
            id: a.id.clone(),
            text: a.text.clone(),
            figures: a.figures.clone(),
        })
        .collect()
}

/// The points a QOF table itemises: indicators' own points plus pool totals.
fn itemised_points(qof: &Qof) -> Decimal {
    let own: Decimal = qof.indicators.iter().filter_map(|i| i.points.value).sum();
    own + qof
        .pools
        .iter()
        .filter_map(|p| p.points.value)
        .sum::<Decimal>()
}

/// Removes indicators (and pools left empty) matching `pred`, keeping pool
/// indices right. Returns the removed codes and the points they carried
/// (`None` when one of them had no points of its own and no pool).
fn remove_indicators(
    qof: &mut Qof,
    pred: impl Fn(usize, &Indicator, &Qof) -> bool,
) -> (Vec<String>, Option<Decimal>) {
    let before = itemised_points(qof);
    let doomed: Vec<bool> = qof
        .indicators
        .iter()
        .enumerate()
        .map(|(k, i)| pred(k, i, qof))
        .collect();
    let removed: Vec<String> = qof
        .indicators
        .iter()
        .zip(&doomed)
        .filter(|(_, d)| **d)
        .map(|(i, _)| i.code.to_string())
        .collect();
    let unknown = qof
        .indicators
        .iter()
        .zip(&doomed)
        .any(|(i, d)| *d && i.points.value.is_none() && i.pool.is_none());
    let mut new_index = vec![usize::MAX; qof.indicators.len()];
    let mut next = 0;
    for (old, d) in doomed.iter().enumerate() {
        if !d {
            new_index[old] = next;
            next += 1;
        }
    }
    let mut k = 0;
    qof.indicators.retain(|_| {
        let keep = !doomed[k];
        k += 1;
        keep
    });
    for p in &mut qof.pools {
        p.members = p
            .members
            .iter()
            .filter(|m| new_index[**m] != usize::MAX)
            .map(|m| new_index[*m])
            .collect();
    }
    qof.pools.retain(|p| !p.members.is_empty());
    let points = (!unknown).then(|| before - itemised_points(qof));
    (removed, points)
}

/// Drops domains and areas that no indicator or pool uses any more, except
/// the areas named in `keep` (those a derived set's additions go into).
fn prune_structure(qof: &mut Qof, keep: &HashSet<&str>) {
    let used_areas: HashSet<usize> = qof
        .indicators
        .iter()
        .map(|i| i.area)
        .chain(qof.pools.iter().map(|p| p.area))
        .chain(
            qof.areas
                .iter()
                .enumerate()
                .filter(|(_, a)| keep.contains(&*a.id))
                .map(|(k, _)| k),
        )
        .collect();
    let mut area_map = vec![usize::MAX; qof.areas.len()];
    let mut kept_areas = Vec::new();
    for (i, a) in qof.areas.iter().enumerate() {
        if used_areas.contains(&i) {
            area_map[i] = kept_areas.len();
            kept_areas.push(a.clone());
        }
    }
    let used_domains: HashSet<usize> = kept_areas.iter().map(|a| a.domain).collect();
    let mut domain_map = vec![usize::MAX; qof.domains.len()];
    let mut kept_domains = Vec::new();
    for (i, d) in qof.domains.iter().enumerate() {
        if used_domains.contains(&i) {
            domain_map[i] = kept_domains.len();
            kept_domains.push(d.clone());
        }
    }
    for a in &mut kept_areas {
        a.domain = domain_map[a.domain];
    }
    for i in &mut qof.indicators {
        i.area = area_map[i.area];
    }
    for p in &mut qof.pools {
        p.area = area_map[p.area];
    }
    qof.areas = kept_areas;
    qof.domains = kept_domains;
}

fn build_derived(
    h: &RawHeader,
    folder: &Folder,
    base: &RuleSet,
    changes: RawChanges,
    built: &BTreeMap<String, RuleSet>,
    shared: &Shared,
    errs: &mut Errors,
) -> Option<RuleSet> {
    let file = format!("{}/changes.toml", h.id);
    let mut rs = base.clone();
    rs.id = h.id.as_str().into();
    rs.name = h.name.as_str().into();
    rs.short_name = h.short_name.as_str().into();
    rs.period = h.period.as_str().into();
    rs.order = h.order;
    rs.summary = h.summary.as_str().into();
    rs.kind = header_kind(h);
    rs.derives_from = Some(base.id.clone());
    rs.assumptions = assumptions(h);
    rs.retirements = Vec::new();

    // Whole sections a derived set supplies replace the base's.
    let id = &h.id;
    if folder.get("qof.toml").is_some() {
        errs.push(RulesError::new(
            &format!("{id}/qof.toml"),
            "",
            K::Structure,
            "a derived set changes QOF through changes.toml, not a qof.toml",
        ));
    }
    if let Some(t) = folder.get("funding.toml") {
        let f = format!("{id}/funding.toml");
        if let Some(raw) = parse_toml::<RawFunding>(&f, t, errs) {
            rs.funding = make_funding(&raw, &f, errs);
        }
    }
    if let Some(t) = folder.get("prevalence.toml") {
        let f = format!("{id}/prevalence.toml");
        if let Some(raw) = parse_toml::<RawPrevalence>(&f, t, errs) {
            rs.prevalence = make_prevalence(&raw, shared, &f, errs);
        }
    }
    if let Some(t) = folder.get("services.toml") {
        let f = format!("{id}/services.toml");
        if let Some(raw) = parse_toml::<RawServices>(&f, t, errs) {
            rs.services = raw
                .services
                .iter()
                .map(|s| make_service(s, shared, &f, errs))
                .collect();
            rs.reinvestment = raw
                .reinvestment
                .as_ref()
                .map(|r| make_reinvestment(r, &f, errs));
        }
    }

    for r in &changes.qof.retire {
        let codes: HashSet<&str> = r.codes.iter().map(String::as_str).collect();
        let domains: HashSet<&str> = r.domains.iter().map(String::as_str).collect();
        let pools: HashSet<&str> = r.pools.iter().map(String::as_str).collect();
        for c in &r.codes {
            if !rs.qof.indicators.iter().any(|i| *i.code == **c) {
                errs.push(RulesError::new(
                    &file,
                    c,
                    K::UnknownReference,
                    "retired code is not in the base",
                ));
            }
        }
        for d in &r.domains {
            if !rs.qof.domains.iter().any(|x| *x.id == **d) {
                errs.push(RulesError::new(
                    &file,
                    d,
                    K::UnknownReference,
                    "retired domain is not in the base",
                ));
            }
        }
        let pool_members: HashSet<usize> = rs
            .qof
            .pools
            .iter()
            .filter(|p| pools.contains(&*p.id))
            .flat_map(|p| p.members.iter().copied())
            .collect();
        for p in &r.pools {
            if !rs.qof.pools.iter().any(|x| *x.id == **p) {
                errs.push(RulesError::new(
                    &file,
                    p,
                    K::UnknownReference,
                    "retired pool is not in the base",
                ));
            }
        }
        let (removed, points) = remove_indicators(&mut rs.qof, |k, ind, q| {
            codes.contains(&*ind.code)
                || pool_members.contains(&k)
                || domains.contains(&*q.domains[q.areas[ind.area].domain].id)
        });
        rs.retirements.push(Retirement {
            what: summarise_codes(&removed),
            codes: removed,
            points,
            reason: r.reason.clone(),
            source: r.source.clone(),
            status: r.status,
            funds: r.funds.clone(),
        });
    }
    // Areas that additions go into survive even when every indicator in them
    // was retired (a renumbered register, say).
    let add_areas: HashSet<&str> = changes.qof.add.iter().map(|a| a.area.as_str()).collect();
    prune_structure(&mut rs.qof, &add_areas);

    for a in &changes.qof.adopt {
        let from = &built[&a.from];
        for d in &a.domains {
            let Some(di) = from.qof.domains.iter().position(|x| *x.id == **d) else {
                errs.push(RulesError::new(
                    &file,
                    d,
                    K::UnknownReference,
                    format!("domain not in {}", a.from),
                ));
                continue;
            };
            if rs.qof.domains.iter().any(|x| *x.id == **d) {
                errs.push(RulesError::new(
                    &file,
                    d,
                    K::Duplicate,
                    "adopted domain already exists; retire it first",
                ));
                continue;
            }
            let new_di = rs.qof.domains.len();
            rs.qof.domains.push(from.qof.domains[di].clone());
            let mut area_map = HashMap::new();
            for (ai, area) in from
                .qof
                .areas
                .iter()
                .enumerate()
                .filter(|(_, x)| x.domain == di)
            {
                let mut na = area.clone();
                na.domain = new_di;
                area_map.insert(ai, rs.qof.areas.len());
                rs.qof.areas.push(na);
            }
            let mut ind_map = HashMap::new();
            for (ii, ind) in from.qof.indicators.iter().enumerate() {
                if let Some(&na) = area_map.get(&ind.area) {
                    let mut ni = ind.clone();
                    ni.area = na;
                    ni.pool = None;
                    ind_map.insert(ii, rs.qof.indicators.len());
                    rs.qof.indicators.push(ni);
                }
            }
            for p in &from.qof.pools {
                if let Some(&na) = area_map.get(&p.area) {
                    let mut np = p.clone();
                    np.area = na;
                    np.members = p
                        .members
                        .iter()
                        .filter_map(|m| ind_map.get(m).copied())
                        .collect();
                    rs.qof.pools.push(np);
                }
            }
        }
    }

    for add in &changes.qof.add {
        if let Some(ind) = make_indicator(add, &rs.qof.areas, shared, &file, errs) {
            if rs.qof.indicators.iter().any(|i| i.code == ind.code) {
                errs.push(RulesError::new(
                    &file,
                    &add.code,
                    K::Duplicate,
                    "added code already exists",
                ));
            } else {
                rs.qof.indicators.push(ind);
            }
        }
    }

    for r in &changes.services.retire {
        for id in &r.ids {
            if !rs.services.iter().any(|s| *s.id == **id) {
                errs.push(RulesError::new(
                    &file,
                    id,
                    K::UnknownReference,
                    "retired service is not in the base",
                ));
            }
        }
        rs.services
            .retain(|s| !r.ids.iter().any(|id| *s.id == **id));
        rs.retirements.push(Retirement {
            what: format!("enhanced services: {}", r.ids.join(", ")),
            codes: Vec::new(),
            points: None,
            reason: r.reason.clone(),
            source: r.source.clone(),
            status: r.status,
            funds: None,
        });
    }
    for s in &changes.services.add {
        if rs.services.iter().any(|x| *x.id == *s.id) {
            errs.push(RulesError::new(
                &file,
                &s.id,
                K::Duplicate,
                "added service already exists",
            ));
        } else {
            rs.services.push(make_service(s, shared, &file, errs));
        }
    }
    if let Some(r) = &changes.reinvestment {
        rs.reinvestment = Some(make_reinvestment(r, &file, errs));
    }

    for path in &changes.unset {
        match path.as_str() {
            "qof.average_points_achieved" => rs.qof.average_points_achieved = None,
            "funding.mpig_phase_out_years" => rs.funding.mpig_phase_out_years = None,
            "funding.mpig_years_elapsed" => rs.funding.mpig_years_elapsed = None,
            other => errs.push(RulesError::new(
                &file,
                other,
                K::UnknownReference,
                "only optional figures can be unset",
            )),
        }
    }

    // Stamp paths so that `set` can find figures by path.
    stamp(&mut rs);
    for (path, raw) in &changes.set {
        let mut found = false;
        walk_mut(&mut rs, &mut |_, fig| {
            if fig.path() == path {
                found = true;
                let unit = fig.unit();
                let mut nf = make_figure(raw, unit, None, &file, path, errs);
                Arc::make_mut(&mut nf.meta).path = fig.meta.path.clone();
                *fig = nf;
            }
        });
        if !found {
            errs.push(RulesError::new(
                &file,
                path,
                K::UnknownReference,
                "no figure at this path in the derived set",
            ));
        }
    }
    Some(rs)
}

fn summarise_codes(codes: &[String]) -> String {
    match codes.len() {
        0 => "nothing".to_string(),
        1..=6 => codes.join(", "),
        n => format!("{n} indicators ({}, …)", codes[..4].join(", ")),
    }
}

/// Writes every figure's path and label from its location.
pub(crate) fn stamp(rs: &mut RuleSet) {
    walk_mut(rs, &mut |loc, fig| {
        let path = loc.path();
        if fig.meta.path != path {
            let m = Arc::make_mut(&mut fig.meta);
            m.path = path;
            m.label = loc.label();
        } else if fig.meta.label.is_empty() {
            Arc::make_mut(&mut fig.meta).label = loc.label();
        }
    });
}

/// The part of a rule set a problem is in, to name the file it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Section {
    Qof,
    Funding,
    Prevalence,
    Services,
    Changes,
}

impl Section {
    /// The section a figure path belongs to.
    pub(crate) fn of_path(path: &str) -> Section {
        match path.split('.').next() {
            Some("funding") => Section::Funding,
            Some("prevalence") => Section::Prevalence,
            Some("services") | Some("reinvestment") => Section::Services,
            _ => Section::Qof,
        }
    }

    fn file_name(self) -> &'static str {
        match self {
            Section::Qof => "qof.toml",
            Section::Funding => "funding.toml",
            Section::Prevalence => "prevalence.toml",
            Section::Services => "services.toml",
            Section::Changes => "changes.toml",
        }
    }
}

/// Checks a rule set and fills its derived parts. Called after loading and
/// again whenever a scenario edits figures.
pub(crate) fn finalise(
    rs: &mut RuleSet,
    shared_sources: &impl SourceLookup,
    file_of: &dyn Fn(Section) -> String,
    errs: &mut Errors,
) {
    let used: HashSet<usize> = rs
        .qof
        .indicators
        .iter()
        .filter(|i| i.payment == PaymentBasis::Prevalence)
        .filter_map(|i| i.register)
        .collect();
    for p in &mut rs.prevalence {
        p.used = used.contains(&p.index);
    }
    stamp(rs);
    let file = file_of(Section::Qof);
    // Sources exist.
    walk_ref(rs, &mut |_, fig| {
        if !fig.source().is_empty() && !shared_sources.has_source(fig.source()) {
            errs.push(RulesError::new(
                &file_of(Section::of_path(fig.path())),
                fig.path(),
                K::UnknownSource,
                format!("unknown source {:?}", fig.source()),
            ));
        }
    });
    for r in &rs.retirements {
        if !shared_sources.has_source(&r.source) {
            errs.push(RulesError::new(
                &file_of(Section::Changes),
                &r.what,
                K::UnknownSource,
                format!("retirement cites unknown source {:?}", r.source),
            ));
        }
        if let Some(f) = &r.funds {
            if f != "global_sum" && !rs.services.iter().any(|s| *s.id == **f) {
                errs.push(RulesError::new(
                    &file_of(Section::Changes),
                    &r.what,
                    K::UnknownReference,
                    format!("retirement funds {f:?}, which is neither global_sum nor a service of this set"),
                ));
            }
        }
    }
    // Unique codes, ids, pools and services.
    let before = errs.len();
    check_unique(&file, rs.qof.indicators.iter().map(|i| &*i.code), errs);
    if errs.len() == before {
        // Codes that differ only in spaces ("CHD 6", "CHD6") share an id.
        check_unique(&file, rs.qof.indicators.iter().map(|i| &*i.id), errs);
    }
    check_unique(&file, rs.qof.pools.iter().map(|p| &*p.id), errs);
    check_unique(&file, rs.qof.areas.iter().map(|a| &*a.id), errs);
    check_unique(
        &file_of(Section::Services),
        rs.services.iter().map(|s| &*s.id),
        errs,
    );
    // Thresholds.
    for ind in &rs.qof.indicators {
        let item = format!("indicator {}", ind.code);
        match (ind.kind, &ind.lower, &ind.upper) {
            (IndicatorKind::Threshold, Some(l), Some(u)) => {
                for f in [l, u] {
                    if let Some(v) = f.value {
                        if v < Decimal::ZERO || v > Decimal::ONE_HUNDRED {
                            errs.push(RulesError::new(
                                &file,
                                &item,
                                K::Thresholds,
                                format!("{} is outside 0–100", f.label()),
                            ));
                        }
                    }
                }
                if let (Some(lv), Some(uv)) = (l.value, u.value) {
                    if lv >= uv {
                        errs.push(RulesError::new(
                            &file,
                            &item,
                            K::Thresholds,
                            format!("lower {lv} is not below upper {uv}"),
                        ));
                    }
                }
            }
            (IndicatorKind::Threshold, _, _) => errs.push(RulesError::new(
                &file,
                &item,
                K::Thresholds,
                "threshold indicators need lower and upper (not_found if unknown)",
            )),
            (_, None, None) => {}
            _ => errs.push(RulesError::new(
                &file,
                &item,
                K::Thresholds,
                "all-or-nothing indicators take no thresholds",
            )),
        }
        if ind.payment == PaymentBasis::Prevalence && ind.register.is_none() {
            errs.push(RulesError::new(
                &file,
                &item,
                K::UnknownReference,
                "prevalence-adjusted but has no register",
            ));
        }
    }
    // Pools: members have no points of their own and share a payment basis.
    for i in &mut rs.qof.indicators {
        i.pool = None;
    }
    for p in &rs.qof.pools {
        let item = format!("pool {}", p.id);
        let first = p.members.first().map(|m| &rs.qof.indicators[*m]);
        for &m in &p.members {
            let ind = &rs.qof.indicators[m];
            if ind.points.status() != Status::NotFound {
                errs.push(RulesError::new(
                    &file,
                    &item,
                    K::Structure,
                    format!(
                        "member {} has its own points; pool members must be not_found",
                        ind.code
                    ),
                ));
            }
            if let Some(f) = first {
                if f.register != ind.register || f.payment != ind.payment {
                    errs.push(RulesError::new(
                        &file,
                        &item,
                        K::Structure,
                        "pool members must share a register and payment basis",
                    ));
                }
            }
        }
    }
    for pi in 0..rs.qof.pools.len() {
        for m in rs.qof.pools[pi].members.clone() {
            rs.qof.indicators[m].pool = Some(pi);
        }
    }
    // Services: structural references.
    let service_ids: HashSet<String> = rs.services.iter().map(|s| s.id.to_string()).collect();
    for s in &rs.services {
        for c in &s.components {
            match &c.kind {
                ComponentKind::ShareOfRate { .. } if s.rate.is_none() => {
                    errs.push(RulesError::new(
                        &file_of(Section::Services),
                        &c.line_id,
                        K::Structure,
                        "share_of_rate needs the service to have a rate",
                    ))
                }
                ComponentKind::Reinvested => {
                    let targeted = rs
                        .reinvestment
                        .as_ref()
                        .is_some_and(|r| r.targets.iter().any(|t| *t.target == *s.id));
                    if !targeted {
                        errs.push(RulesError::new(&file_of(Section::Services), &c.line_id, K::Structure, "reinvested component but the reinvestment has no target for this service"));
                    }
                }
                _ => {}
            }
        }
    }
    if let Some(r) = &rs.reinvestment {
        for t in &r.targets {
            if &*t.target != "global_sum" && !service_ids.contains(&*t.target) {
                errs.push(RulesError::new(
                    &file_of(Section::Services),
                    &t.target,
                    K::UnknownReference,
                    "reinvestment target is neither global_sum nor a service",
                ));
            }
        }
    }
}

/// Lets `finalise` check sources without holding the whole catalog.
pub(crate) trait SourceLookup {
    fn has_source(&self, id: &str) -> bool;
}

impl SourceLookup for Shared {
    fn has_source(&self, id: &str) -> bool {
        self.sources.contains_key(id)
    }
}

impl SourceLookup for BTreeMap<String, Source> {
    fn has_source(&self, id: &str) -> bool {
        self.contains_key(id)
    }
}

impl CodeTable {
    /// Interns every code in every set and links codes through `continues`.
    pub(crate) fn build(sets: &[RuleSet]) -> CodeTable {
        let mut t = CodeTable::default();
        let mut edges: Vec<(CodeId, CodeId)> = Vec::new();
        for s in sets {
            for i in &s.qof.indicators {
                let a = t.intern(&i.code);
                if t.kinds.len() <= a as usize {
                    t.kinds.resize(a as usize + 1, None);
                }
                t.kinds[a as usize].get_or_insert(i.kind);
                for c in i.continues.iter() {
                    let b = t.intern(c);
                    edges.push((a, b));
                }
            }
        }
        let n = t.names.len();
        t.kinds.resize(n, None);
        let mut adj: Vec<Vec<CodeId>> = vec![Vec::new(); n];
        for (a, b) in edges {
            if a != b {
                adj[a as usize].push(b);
                adj[b as usize].push(a);
            }
        }
        for list in &mut adj {
            list.sort_unstable();
            list.dedup();
        }
        // Related codes by breadth-first distance; lineage = connected component.
        t.lineage = vec![u32::MAX; n];
        t.related = vec![Vec::new(); n];
        let mut next_lineage = 0u32;
        for start in 0..n {
            let mut order = Vec::new();
            let mut seen = vec![false; n];
            let mut queue = VecDeque::from([start as CodeId]);
            seen[start] = true;
            while let Some(c) = queue.pop_front() {
                order.push(c);
                for &nb in &adj[c as usize] {
                    if !seen[nb as usize] {
                        seen[nb as usize] = true;
                        queue.push_back(nb);
                    }
                }
            }
            if t.lineage[start] == u32::MAX {
                for &c in &order {
                    t.lineage[c as usize] = next_lineage;
                }
                next_lineage += 1;
            }
            t.related[start] = order;
        }
        t
    }

    fn intern(&mut self, code: &str) -> CodeId {
        if let Some(&id) = self.index.get(code) {
            return id;
        }
        let id = self.names.len() as CodeId;
        self.names.push(code.to_string());
        self.index.insert(code.to_string(), id);
        id
    }
}
