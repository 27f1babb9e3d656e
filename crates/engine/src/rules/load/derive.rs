//! A derived rule set: its base set with `changes.toml` applied (retire,
//! adopt, add, set, unset, whole section files).

use super::*;

/// The points a QOF table itemises: indicators' own points plus pool totals.
pub(super) fn itemised_points(qof: &Qof) -> Decimal {
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
pub(super) fn remove_indicators(
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
pub(super) fn prune_structure(qof: &mut Qof, keep: &HashSet<&str>) {
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

pub(super) fn build_derived(
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
            "funding.pms_uplift" => rs.funding.pms_uplift = None,
            "funding.pms_premium_review" => rs.funding.pms_premium_review = None,
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

pub(super) fn summarise_codes(codes: &[String]) -> String {
    match codes.len() {
        0 => "nothing".to_string(),
        1..=6 => codes.join(", "),
        n => format!("{n} indicators ({}, …)", codes[..4].join(", ")),
    }
}
