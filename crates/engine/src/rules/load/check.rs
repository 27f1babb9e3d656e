//! The last stage: stamping each figure's path and label, then checking the
//! set (sources, thresholds, pools, references); and the catalog's code
//! table (indicator codes linked through `continues`).

use super::*;

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

    pub(super) fn file_name(self) -> &'static str {
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
