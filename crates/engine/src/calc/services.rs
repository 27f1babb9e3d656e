//! Enhanced services: each service the practice takes up pays each of its
//! components it achieves: per registered patient, per item, a flat amount
//! once an activity share is reached, a share of the service's rate, or a
//! share of reinvested QOF money (through the prepared set).

use super::explain::{fig, gbp, num, pct, Explanation};
use super::{id, val, worst, Basis, Line, LineKind, Parts};
use crate::figure::Status;
use crate::money::Money;
use crate::practice::Practice;
use crate::prepared::Prepared;
use crate::rules::{Catalog, ComponentKind, RuleSet};
use rust_decimal::Decimal;

/// The services' lines: all services, each service, each component.
pub(super) fn lines(prep: &Prepared, p: &Practice, out: &mut Parts) {
    let rs = prep.rules();
    let list = p.list_size.0;
    let services_id = id("services");
    let services_index = out.lines.len();
    out.lines.push(Line::money(
        services_id.clone(),
        None,
        id("Enhanced services"),
        LineKind::Component,
        Money::ZERO,
        Status::Verified,
        Basis::Services,
    ));
    let mut services_total = Money::ZERO;
    let mut services_status = Status::Verified;
    for (si, s) in rs.services.iter().enumerate() {
        let (taken_up, missed) = p.uptake(&s.id);
        let service_index = out.lines.len();
        out.lines.push(Line::money(
            s.line_id.clone(),
            Some(services_id.clone()),
            s.name.clone(),
            LineKind::Service,
            Money::ZERO,
            Status::Verified,
            Basis::Service {
                index: si,
                taken_up,
            },
        ));
        let mut service_total = Money::ZERO;
        let mut service_status = Status::Verified;
        for (ci, c) in s.components.iter().enumerate() {
            let achieved = !missed.iter().any(|m| *m == *c.id);
            let pays = taken_up && achieved;
            let (raw, status, activity, rate) = component_amount(prep, si, ci, p);
            let amount = if pays {
                Money(raw).round_pence()
            } else {
                Money::ZERO
            };
            service_total += amount;
            service_status = worst(service_status, status);
            out.lines.push(Line::money(
                c.line_id.clone(),
                Some(s.line_id.clone()),
                c.name.clone(),
                LineKind::ServiceComponent,
                amount,
                status,
                Basis::ServiceComponent {
                    service: si,
                    component: ci,
                    taken_up,
                    achieved,
                    activity,
                    list,
                    rate,
                },
            ));
        }
        out.lines[service_index].amount = service_total;
        out.lines[service_index].status = service_status;
        services_total += service_total;
        if taken_up {
            services_status = worst(services_status, service_status);
        }
    }
    out.lines[services_index].amount = services_total;
    out.lines[services_index].status = services_status;
    out.total += services_total;
}

/// One service component's unrounded amount if paid, the weakest status of
/// the figures it uses, the activity it depended on, and its rate.
pub(crate) fn component_amount(
    prep: &Prepared,
    service: usize,
    component: usize,
    p: &Practice,
) -> (Decimal, Status, Option<Decimal>, Option<Decimal>) {
    let rs = prep.rules();
    let list = p.list_size.0;
    let Some(s) = rs.services.get(service) else {
        return (Decimal::ZERO, Status::NotFound, None, None);
    };
    let Some(c) = s.components.get(component) else {
        return (Decimal::ZERO, Status::NotFound, None, None);
    };
    match &c.kind {
        ComponentKind::PerPatient { rate, activity } => {
            let index = activity.map(|a| p.activity.get(a).copied().unwrap_or(Decimal::ONE));
            let r = val(rate);
            (
                r * list * index.unwrap_or(Decimal::ONE),
                rate.status(),
                index,
                Some(r),
            )
        }
        ComponentKind::PerItem { rate, activity } => {
            let count = p.activity.get(*activity).copied().unwrap_or_default();
            let r = val(rate);
            (r * count, rate.status(), Some(count), Some(r))
        }
        ComponentKind::FlatIfShare {
            amount,
            min_percent,
            activity,
        } => {
            let share = p.activity.get(*activity).copied().unwrap_or_default();
            let qualifies = share >= val(min_percent);
            let st = worst(amount.status(), min_percent.status());
            (
                if qualifies {
                    val(amount)
                } else {
                    Decimal::ZERO
                },
                st,
                Some(share),
                None,
            )
        }
        ComponentKind::ShareOfRate { share } => {
            let rate = s.rate.as_ref().map(val).unwrap_or_default();
            let st = worst(
                share.status(),
                s.rate
                    .as_ref()
                    .map(|f| f.status())
                    .unwrap_or(Status::NotFound),
            );
            (rate * val(share) * list, st, None, Some(rate * val(share)))
        }
        ComponentKind::Reinvested => {
            let rate = prep.reinvested_rate(service, component);
            let st = match &rs.reinvestment {
                Some(r) => r
                    .targets
                    .iter()
                    .map(|t| t.weight.status())
                    .fold(r.points.status(), worst),
                None => Status::NotFound,
            };
            (rate * list, st, None, Some(rate))
        }
    }
}

/// Explains the services, a service and a component.
pub(super) fn explain(
    e: &mut Explanation,
    catalog: &Catalog,
    rs: &RuleSet,
    _p: &Practice,
    line: &Line,
) {
    let q = &rs.qof;
    match &line.basis {
        Basis::Services => {
            e.formula = "The sum of the enhanced services the practice takes up.".into();
        }
        Basis::Service { index, taken_up } => {
            let s = &rs.services[*index];
            e.formula = format!("{} The sum of its components.", s.description);
            if !taken_up {
                e.notes
                    .push("Not taken up: the practice is not paid for this service.".into());
            }
            if let Some(r) = &s.rate {
                fig(e, catalog, r);
            }
        }
        Basis::ServiceComponent {
            service,
            component,
            taken_up,
            achieved,
            activity,
            list,
            rate,
        } => {
            let s = &rs.services[*service];
            let c = &s.components[*component];
            e.title = format!("{}: {} ({})", s.name, c.name, rs.short_name);
            match &c.kind {
                ComponentKind::PerPatient {
                    rate: r,
                    activity: act,
                } => {
                    e.formula = match act {
                        Some(a) => format!(
                            "Rate × registered list × {}.",
                            catalog.activities[*a].name.to_ascii_lowercase()
                        ),
                        None => "Rate × registered list.".into(),
                    };
                    e.working = Some(format!(
                        "{} × {}{} = {}",
                        gbp(rate.unwrap_or_default()),
                        num(*list),
                        activity
                            .map(|a| format!(" × {}", num(a)))
                            .unwrap_or_default(),
                        line.amount.display_pence()
                    ));
                    fig(e, catalog, r);
                }
                ComponentKind::PerItem {
                    rate: r,
                    activity: a,
                } => {
                    e.formula = format!(
                        "Rate × {}.",
                        catalog.activities[*a].name.to_ascii_lowercase()
                    );
                    e.working = Some(format!(
                        "{} × {} = {}",
                        gbp(rate.unwrap_or_default()),
                        num(activity.unwrap_or_default()),
                        line.amount.display_pence()
                    ));
                    fig(e, catalog, r);
                }
                ComponentKind::FlatIfShare {
                    amount,
                    min_percent,
                    activity: a,
                } => {
                    e.formula = format!(
                        "A flat amount when {} reaches the qualifying share.",
                        catalog.activities[*a].name.to_ascii_lowercase()
                    );
                    e.inputs.push((
                        catalog.activities[*a].name.to_string(),
                        pct(activity.unwrap_or_default()),
                    ));
                    fig(e, catalog, amount);
                    fig(e, catalog, min_percent);
                }
                ComponentKind::ShareOfRate { share } => {
                    e.formula = "Share × the service's rate × registered list.".into();
                    e.working = Some(format!(
                        "{} × {} = {}",
                        gbp(rate.unwrap_or_default()),
                        num(*list),
                        line.amount.display_pence()
                    ));
                    if let Some(r) = &s.rate {
                        fig(e, catalog, r);
                    }
                    fig(e, catalog, share);
                }
                ComponentKind::Reinvested => {
                    e.formula = "The service's share of the reinvested QOF money: reinvested points × £ per point ÷ average list, per registered patient, times this service's weight ÷ all weights.".into();
                    e.working = Some(format!(
                        "{} a patient × {} = {}",
                        gbp(rate.unwrap_or_default()),
                        num(*list),
                        line.amount.display_pence()
                    ));
                    if let Some(r) = &rs.reinvestment {
                        fig(e, catalog, &r.points);
                        for t in &r.targets {
                            fig(e, catalog, &t.weight);
                        }
                    }
                    fig(e, catalog, &q.point_value);
                    fig(e, catalog, &q.average_list_size);
                }
            }
            if !taken_up {
                e.notes
                    .push("Not taken up: the practice is not paid for this service.".into());
            } else if !achieved {
                e.notes.push(
                    "The practice does not achieve this component, so it is not paid.".into(),
                );
            }
        }
        _ => {}
    }
}
