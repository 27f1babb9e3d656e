//! Visits every figure of a rule set, with its location. This is the one place
//! that knows where figures live, so listing, path stamping, scenario edits
//! and the "every figure is used" check can never disagree about coverage.

use super::model::{ComponentKind, RuleSet};
use crate::figure::Figure;
use std::sync::Arc;

/// Where a figure sits in a rule set. Paths and labels are built from it.
#[derive(Clone, Debug)]
pub enum Loc {
    Qof(&'static str, &'static str),
    Domain(Arc<str>, Arc<str>),
    Area(Arc<str>, Arc<str>),
    Indicator(Arc<str>, Arc<str>, &'static str),
    Pool(Arc<str>, Arc<str>),
    Prevalence(Arc<str>, Arc<str>),
    Funding(&'static str, &'static str),
    ServiceRate(Arc<str>, Arc<str>),
    Component(Arc<str>, Arc<str>, Arc<str>, Arc<str>, &'static str),
    ReinvestPoints,
    ReinvestWeight(Arc<str>),
}

impl Loc {
    pub fn path(&self) -> String {
        match self {
            Loc::Qof(field, _) => format!("qof.{field}"),
            Loc::Domain(id, _) => format!("qof.domains.{id}.official_points"),
            Loc::Area(id, _) => format!("qof.areas.{id}.official_points"),
            Loc::Indicator(id, _, field) => format!("qof.indicators.{id}.{field}"),
            Loc::Pool(id, _) => format!("qof.pools.{id}.points"),
            Loc::Prevalence(reg, _) => format!("prevalence.{reg}"),
            Loc::Funding(field, _) => format!("funding.{field}"),
            Loc::ServiceRate(sid, _) => format!("services.{sid}.rate"),
            Loc::Component(sid, cid, _, _, field) => format!("services.{sid}.{cid}.{field}"),
            Loc::ReinvestPoints => "reinvestment.points".to_string(),
            Loc::ReinvestWeight(target) => format!("reinvestment.weights.{target}"),
        }
    }

    pub fn label(&self) -> String {
        match self {
            Loc::Qof(_, label) | Loc::Funding(_, label) => (*label).to_string(),
            Loc::Domain(_, name) => format!("{name} domain: official points"),
            Loc::Area(_, name) => format!("{name}: official area points"),
            Loc::Indicator(_, code, field) => match *field {
                "points" => format!("{code} points"),
                "lower" => format!("{code} lower threshold"),
                "upper" => format!("{code} upper threshold"),
                other => format!("{code} {other}"),
            },
            Loc::Pool(_, name) => format!("{name}: points for the group"),
            Loc::Prevalence(_, name) => format!("National prevalence: {name}"),
            Loc::ServiceRate(_, sname) => format!("{sname}: rate"),
            Loc::Component(_, _, sname, cname, field) => match *field {
                "rate" => format!("{sname}, {cname}: rate"),
                "amount" => format!("{sname}, {cname}: amount"),
                "min_percent" => format!("{sname}, {cname}: qualifying share of list"),
                "share" => format!("{sname}, {cname}: share of the rate"),
                other => format!("{sname}, {cname}: {other}"),
            },
            Loc::ReinvestPoints => "QOF points whose value is reinvested".to_string(),
            Loc::ReinvestWeight(target) => format!("Reinvestment weight: {target}"),
        }
    }
}

macro_rules! walker {
    ($name:ident, $iter:ident $(, $m:tt)?) => {
        /// Calls `f` on every figure of the rule set, in a stable order.
        pub fn $name<'a>(rs: &'a $($m)? RuleSet, f: &mut dyn FnMut(Loc, &'a $($m)? Figure)) {
            let q = & $($m)? rs.qof;
            f(Loc::Qof("point_value", "£ per QOF point"), & $($m)? q.point_value);
            f(Loc::Qof("average_list_size", "Average list size (the CPI divisor)"), & $($m)? q.average_list_size);
            f(Loc::Qof("aspiration_share", "Aspiration payment share"), & $($m)? q.aspiration_share);
            if let Some(fig) = & $($m)? q.average_points_achieved {
                f(Loc::Qof("average_points_achieved", "National average share of QOF points achieved"), fig);
            }
            f(Loc::Qof("official_total_points", "Official QOF points total"), & $($m)? q.official_total_points);
            f(Loc::Qof("official_indicator_count", "Official number of QOF indicators"), & $($m)? q.official_indicator_count);
            f(Loc::Qof("pms_deduction_amount", "PMS QOF deduction (£ per list unit)"), & $($m)? q.pms_deduction_amount);
            f(Loc::Qof("pms_deduction_per_patients", "PMS QOF deduction list unit (patients)"), & $($m)? q.pms_deduction_per_patients);
            for d in q.domains.$iter() {
                f(Loc::Domain(d.id.clone(), d.name.clone()), & $($m)? d.official_points);
            }
            for a in q.areas.$iter() {
                let loc = Loc::Area(a.id.clone(), a.name.clone());
                if let Some(fig) = & $($m)? a.official_points {
                    f(loc, fig);
                }
            }
            for i in q.indicators.$iter() {
                f(Loc::Indicator(i.id.clone(), i.code.clone(), "points"), & $($m)? i.points);
                let (id, code) = (i.id.clone(), i.code.clone());
                if let Some(fig) = & $($m)? i.lower {
                    f(Loc::Indicator(id.clone(), code.clone(), "lower"), fig);
                }
                if let Some(fig) = & $($m)? i.upper {
                    f(Loc::Indicator(id, code, "upper"), fig);
                }
            }
            for p in q.pools.$iter() {
                f(Loc::Pool(p.id.clone(), p.name.clone()), & $($m)? p.points);
            }
            for p in rs.prevalence.$iter().filter(|p| p.used) {
                f(Loc::Prevalence(p.register.clone(), p.name.clone()), & $($m)? p.figure);
            }
            let fu = & $($m)? rs.funding;
            f(Loc::Funding("global_sum_price", "Global sum £ per weighted patient"), & $($m)? fu.global_sum_price);
            f(Loc::Funding("ooh_deduction", "Out-of-hours opt-out deduction"), & $($m)? fu.ooh_deduction);
            if let Some(fig) = & $($m)? fu.mpig_phase_out_years {
                f(Loc::Funding("mpig_phase_out_years", "MPIG phase-out period (years)"), fig);
            }
            if let Some(fig) = & $($m)? fu.mpig_years_elapsed {
                f(Loc::Funding("mpig_years_elapsed", "MPIG phase-out: years elapsed"), fig);
            }
            if let Some(fig) = & $($m)? fu.pms_uplift {
                f(Loc::Funding("pms_uplift", "PMS and APMS equivalent uplift, £ per weighted patient"), fig);
            }
            if let Some(fig) = & $($m)? fu.pms_premium_review {
                f(Loc::Funding("pms_premium_review", "Share of the practice's PMS premium reduction applied"), fig);
            }
            for s in rs.services.$iter() {
                let (sid, sname) = (s.id.clone(), s.name.clone());
                if let Some(fig) = & $($m)? s.rate {
                    f(Loc::ServiceRate(sid.clone(), sname.clone()), fig);
                }
                for c in s.components.$iter() {
                    let (cid, cname) = (c.id.clone(), c.name.clone());
                    let loc = |field| Loc::Component(sid.clone(), cid.clone(), sname.clone(), cname.clone(), field);
                    let (l_rate, l_amount, l_min, l_share) = (loc("rate"), loc("amount"), loc("min_percent"), loc("share"));
                    match & $($m)? c.kind {
                        ComponentKind::PerPatient { rate, .. } | ComponentKind::PerItem { rate, .. } => f(l_rate, rate),
                        ComponentKind::FlatIfShare { amount, min_percent, .. } => {
                            f(l_amount, amount);
                            f(l_min, min_percent);
                        }
                        ComponentKind::ShareOfRate { share } => f(l_share, share),
                        ComponentKind::Reinvested => {}
                    }
                }
            }
            if let Some(r) = & $($m)? rs.reinvestment {
                f(Loc::ReinvestPoints, & $($m)? r.points);
                for t in r.targets.$iter() {
                    f(Loc::ReinvestWeight(t.target.clone()), & $($m)? t.weight);
                }
            }
        }
    };
}

walker!(walk_ref, iter);
walker!(walk_mut, iter_mut, mut);
