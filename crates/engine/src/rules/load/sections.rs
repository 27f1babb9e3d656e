//! Building the other sections of a full rule set (funding, prevalence,
//! services, reinvestment), and a full set from its folder.

use super::*;

pub(super) fn make_funding(raw: &RawFunding, file: &str, errs: &mut Errors) -> Funding {
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
        pms_uplift: raw.pms_uplift.as_ref().map(|r| {
            make_figure(
                r,
                Unit::GbpPerWeightedPatient,
                None,
                file,
                "pms_uplift",
                errs,
            )
        }),
        pms_premium_review: raw
            .pms_premium_review
            .as_ref()
            .map(|r| make_figure(r, Unit::Share, None, file, "pms_premium_review", errs)),
    }
}

pub(super) fn make_prevalence(
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

pub(super) fn not_found_figure(unit: Unit) -> Figure {
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
            range: None,
        }),
    }
}

pub(super) fn make_service(
    raw: &RawService,
    shared: &Shared,
    file: &str,
    errs: &mut Errors,
) -> Service {
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
                        format!("{} components need `{name}`", c.kind.word()),
                    ));
                    None
                }
            }
        };
        let kind = match c.kind {
            RawComponentKind::PerPatient => need(&c.rate, "rate", Unit::GbpPerPatient, errs)
                .map(|rate| ComponentKind::PerPatient { rate, activity }),
            RawComponentKind::PerItem => {
                match (need(&c.rate, "rate", Unit::GbpPerItem, errs), activity) {
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
                }
            }
            RawComponentKind::FlatIfShare => {
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
            RawComponentKind::ShareOfRate => need(&c.share, "share", Unit::Share, errs)
                .map(|share| ComponentKind::ShareOfRate { share }),
            RawComponentKind::Reinvested => Some(ComponentKind::Reinvested),
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

pub(super) fn make_reinvestment(
    raw: &RawReinvestment,
    file: &str,
    errs: &mut Errors,
) -> Reinvestment {
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

pub(super) fn build_full(
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

pub(super) fn assumptions(h: &RawHeader) -> Vec<Assumption> {
    h.assumptions
        .iter()
        .map(|a| Assumption {
            id: a.id.clone(),
            text: a.text.clone(),
            figures: a.figures.clone(),
        })
        .collect()
}
