//! Building a rule set's QOF from its parsed `qof.toml`: indicators, pools,
//! domains and areas.

use super::*;

pub(super) fn code_to_id(code: &str) -> String {
    code.chars().filter(|c| !c.is_whitespace()).collect()
}

pub(super) fn make_indicator(
    raw: &RawIndicator,
    areas: &[Area],
    shared: &Shared,
    file: &str,
    errs: &mut Errors,
) -> Option<Indicator> {
    let item = format!("indicator {}", raw.code);
    let area = area_index(areas, &raw.area, file, &item, errs)?;
    let (kind, payment) = (raw.kind, raw.payment);
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
        code_found: raw.code_found,
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

pub(super) fn make_pool(raw: &RawPool, qof: &Qof, file: &str, errs: &mut Errors) -> Option<Pool> {
    let item = format!("pool {}", raw.id);
    let area = area_index(&qof.areas, &raw.area, file, &item, errs)?;
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

pub(super) fn make_qof(raw: &RawQof, shared: &Shared, file: &str, errs: &mut Errors) -> Qof {
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

/// The index of the area an indicator or pool names, or an error naming it.
fn area_index(
    areas: &[Area],
    id: &str,
    file: &str,
    item: &str,
    errs: &mut Errors,
) -> Option<usize> {
    let found = areas.iter().position(|a| &*a.id == id);
    if found.is_none() {
        errs.push(RulesError::new(
            file,
            item,
            K::UnknownReference,
            format!("unknown area {id:?}"),
        ));
    }
    found
}
