//! The Quality and Outcomes Framework: points earned on each indicator
//! (`indicator.rs`) × `qof.point_value` × the Contractor Population Index
//! (list ÷ `qof.average_list_size`) × the prevalence factor, summed by area
//! and in all, less the PMS deduction; split in time into the aspiration
//! payment (`qof.aspiration_share` of last year's points) and the balance.
//! Gaps: indicators whose points or thresholds were not found, and official
//! domain totals the indicator table cannot itemise.

mod gaps;

pub use gaps::GapAt;
pub(crate) use gaps::{earned_by_domain, estimates as gap_estimates};

use super::explain::{fig, gbp, num, pct, Explanation};
use super::indicator::{
    earned_points, fraction, indicator_points, prevalence_of, register_prevalence, resolve,
};
use super::pms::pms_deduction;
use super::{id, val, worst, AchievementUsed, Basis, Line, LineKind, Parts, PrevalenceUsed};
use crate::figure::Status;
use crate::money::{Money, Points};
use crate::practice::Practice;
use crate::prepared::Prepared;
use crate::rules::{Catalog, PaymentBasis, RuleSet};
use rust_decimal::Decimal;
use std::sync::Arc;

/// QOF's points earned and available, for the statement's summary.
pub(super) struct QofTotals {
    pub points: Decimal,
    pub max: Decimal,
}

/// One indicator's payment, as worked out.
struct Ind {
    used: AchievementUsed,
    frac: Option<Decimal>,
    prevalence: PrevalenceUsed,
    points: Option<Decimal>,
    pooled: bool,
    earned: Option<Decimal>,
    amount: Decimal,
    status: Status,
}

/// Each area's sums over its indicators.
struct Areas {
    amount: Vec<Decimal>,
    points: Vec<Decimal>,
    max: Vec<Decimal>,
    status: Vec<Status>,
}

impl Areas {
    fn new(n: usize) -> Self {
        Areas {
            amount: vec![Decimal::ZERO; n],
            points: vec![Decimal::ZERO; n],
            max: vec![Decimal::ZERO; n],
            status: vec![Status::Verified; n],
        }
    }

    fn add(&mut self, area: usize, r: &Ind) {
        self.amount[area] += r.amount;
        if let Some(e) = r.earned {
            self.points[area] += e;
            self.max[area] += r.points.unwrap_or_default();
        }
        self.status[area] = worst(self.status[area], r.status);
    }
}

/// The QOF lines: the total, its timing, the PMS deduction, each area and
/// each indicator in table order; and its gaps and warnings.
pub(super) fn lines(
    catalog: &Catalog,
    prep: &Prepared,
    p: &Practice,
    out: &mut Parts,
) -> QofTotals {
    let rs = prep.rules();
    let q = &rs.qof;
    let cpi = rs.cpi(p.list_size);
    let pv_cpi = val(&q.point_value) * cpi;
    let by_register = register_adjustments(catalog, rs, p, out);
    let mut areas = Areas::new(q.areas.len());
    let results: Vec<Ind> = (0..q.indicators.len())
        .map(|i| {
            let r = pay_indicator(catalog, prep, p, i, &by_register, pv_cpi);
            areas.add(q.indicators[i].area, &r);
            r
        })
        .collect();
    // What our figures cannot pay, estimated (`gaps`).
    let estimated = gaps::Estimated::new(prep, &results, &areas.points, pv_cpi);
    for (i, r) in results.iter().enumerate() {
        out.gaps.extend(estimated.indicator_gap(prep, i, r));
    }
    let qof_id: Arc<str> = id("qof");
    let totals = total_and_timing(rs, p, &areas, &estimated, cpi, pv_cpi, &qof_id, out);
    area_and_indicator_lines(prep, &areas, &results, cpi, &qof_id, out);
    estimated.lines(prep, &qof_id, out);
    estimated.domain_gaps(prep, out);
    totals
}

/// Each register's prevalence adjustment, once per statement (warning where
/// the national prevalence was not found).
fn register_adjustments(
    catalog: &Catalog,
    rs: &RuleSet,
    p: &Practice,
    out: &mut Parts,
) -> Vec<Option<PrevalenceUsed>> {
    let mut by_register: Vec<Option<PrevalenceUsed>> = vec![None; catalog.registers.len()];
    for ind in &rs.qof.indicators {
        if let (PaymentBasis::Prevalence, Some(reg)) = (ind.payment, ind.register) {
            if by_register.get(reg).is_some_and(|x| x.is_none()) {
                let used = register_prevalence(rs, reg, p);
                if let PrevalenceUsed::NationalNotFound { .. } = used {
                    out.warnings.push(super::notices::prevalence_not_found(
                        &catalog.registers[reg].name,
                        &rs.short_name,
                    ));
                }
                by_register[reg] = Some(used);
            }
        }
    }
    by_register
}

/// One indicator's points earned, payment and status.
fn pay_indicator(
    catalog: &Catalog,
    prep: &Prepared,
    p: &Practice,
    i: usize,
    by_register: &[Option<PrevalenceUsed>],
    pv_cpi: Decimal,
) -> Ind {
    let rs = prep.rules();
    let q = &rs.qof;
    let ind = &q.indicators[i];
    let used = resolve(catalog, rs, i, p);
    let frac = fraction(prep, i, &used);
    let (points, pooled) = indicator_points(ind, &prep.pool_shares);
    let prevalence = prevalence_of(ind, by_register);
    let earned = earned_points(points, frac);
    let amount = match (earned, prevalence) {
        (Some(e), PrevalenceUsed::Adjusted { factor, .. }) => e * pv_cpi * factor,
        (Some(e), _) => e * pv_cpi,
        (None, _) => Decimal::ZERO,
    };
    let mut status = match (pooled, ind.pool) {
        (true, Some(pi)) => q.pools[pi].points.status(),
        _ => ind.points.status(),
    };
    if ind.is_threshold() {
        for f in [&ind.lower, &ind.upper].into_iter().flatten() {
            status = worst(status, f.status());
        }
    }
    if let PrevalenceUsed::Adjusted { register, .. } = prevalence {
        if let Some(f) = rs.national_prevalence(register) {
            status = worst(status, f.status());
        }
    }
    Ind {
        used,
        frac,
        prevalence,
        points,
        pooled,
        earned,
        amount,
        status,
    }
}

/// The QOF total (less the PMS deduction), its timing (aspiration, a share
/// of last year's points at this year's pounds per point, and the balance
/// paid at year end) and the PMS deduction's line.
#[allow(clippy::too_many_arguments)]
fn total_and_timing(
    rs: &RuleSet,
    p: &Practice,
    areas: &Areas,
    estimated: &gaps::Estimated,
    cpi: Decimal,
    pv_cpi: Decimal,
    qof_id: &Arc<str>,
    out: &mut Parts,
) -> QofTotals {
    let q = &rs.qof;
    let gms = p.contract == crate::practice::Contract::Gms;
    // The estimates for the gaps count as points and pay like the rest.
    let qof_points: Decimal = areas.points.iter().copied().sum::<Decimal>() + estimated.points;
    let qof_max: Decimal = areas.max.iter().copied().sum::<Decimal>() + estimated.at_stake;
    let gross_qof: Decimal = areas.amount.iter().copied().sum::<Decimal>() + estimated.amount;
    let pms_deduction = pms_deduction(q, p.list_size, gms);
    let qof_amount = Money(gross_qof - pms_deduction).round_pence();
    out.total += qof_amount;
    let base = worst(q.point_value.status(), q.average_list_size.status());
    out.lines.push(Line {
        id: qof_id.clone(),
        parent: None,
        label: id("Quality and Outcomes Framework"),
        kind: LineKind::Component,
        amount: qof_amount,
        points: Some(Points(qof_points)),
        max_points: Some(Points(qof_max)),
        status: areas.status.iter().copied().fold(base, worst),
        basis: Basis::Qof {
            points: qof_points,
            max_points: qof_max,
            cpi,
        },
    });
    let share = val(&q.aspiration_share);
    let pounds_per_point = if qof_points > Decimal::ZERO {
        gross_qof / qof_points
    } else {
        pv_cpi
    };
    let (points_basis, given) = match p.last_year_points {
        Some(l) => (l.0.min(qof_max.max(Decimal::ZERO)), true),
        None => (qof_points, false),
    };
    let aspiration = Money(share * points_basis * pounds_per_point).round_pence();
    out.detail(
        qof_id,
        "qof.timing.aspiration",
        "Paid monthly during the year (aspiration)",
        LineKind::Timing,
        aspiration,
        q.aspiration_share.status(),
        Basis::Aspiration {
            share,
            points_basis,
            pounds_per_point,
            last_year_given: given,
        },
    );
    out.detail(
        qof_id,
        "qof.timing.balance",
        "Paid after the year end (achievement balance)",
        LineKind::Timing,
        qof_amount - aspiration,
        q.aspiration_share.status(),
        Basis::Balance,
    );
    if !gms {
        out.detail(
            qof_id,
            "qof.pms_deduction",
            "PMS deduction",
            LineKind::Detail,
            Money(-pms_deduction),
            worst(
                q.pms_deduction_amount.status(),
                q.pms_deduction_per_patients.status(),
            ),
            Basis::PmsDeduction {
                amount: val(&q.pms_deduction_amount),
                per_patients: val(&q.pms_deduction_per_patients),
                list: p.list_size.0,
            },
        );
    }
    QofTotals {
        points: qof_points,
        max: qof_max,
    }
}

/// Each area's line, followed by its indicators' lines in table order.
fn area_and_indicator_lines(
    prep: &Prepared,
    areas: &Areas,
    results: &[Ind],
    cpi: Decimal,
    qof_id: &Arc<str>,
    out: &mut Parts,
) {
    let q = &prep.rules().qof;
    for (a, area) in q.areas.iter().enumerate() {
        out.lines.push(Line {
            id: area.line_id.clone(),
            parent: Some(qof_id.clone()),
            label: area.name.clone(),
            kind: LineKind::Area,
            amount: Money(areas.amount[a]),
            points: Some(Points(areas.points[a])),
            max_points: Some(Points(areas.max[a])),
            status: areas.status[a],
            basis: Basis::QofArea { area: a },
        });
        for &i in prep.area_indicators(a) {
            let ind = &q.indicators[i as usize];
            let r = &results[i as usize];
            out.lines.push(Line {
                id: ind.line_id.clone(),
                parent: Some(area.line_id.clone()),
                label: ind.description.clone(),
                kind: LineKind::Indicator,
                amount: Money(r.amount),
                points: r.earned.map(Points),
                max_points: r.points.map(Points),
                status: r.status,
                basis: Basis::Indicator {
                    index: i,
                    pooled: r.pooled,
                    achievement: r.used,
                    fraction: r.frac,
                    prevalence: r.prevalence,
                    points: r.points,
                    cpi,
                },
            });
        }
    }
}

/// Explains the QOF total, an area, and the timing lines.
pub(super) fn explain(
    e: &mut Explanation,
    catalog: &Catalog,
    rs: &RuleSet,
    p: &Practice,
    line: &Line,
) {
    let q = &rs.qof;
    match &line.basis {
        Basis::Qof {
            points,
            max_points,
            cpi,
        } => {
            e.formula = "QOF = the sum over indicators of points earned × £ per point × Contractor Population Index × prevalence factor (clinical indicators), less the PMS deduction for PMS practices.".into();
            e.working = Some(format!(
                "{} of {} points; CPI = {} ÷ {} = {}; total {}",
                Points(*points).display(),
                Points(*max_points).display(),
                num(p.list_size.0),
                q.average_list_size
                    .value
                    .map(num)
                    .unwrap_or_else(|| "?".into()),
                num(*cpi),
                line.amount.display_pence()
            ));
            e.inputs
                .push(("Registered list".into(), num(p.list_size.0)));
            fig(e, catalog, &q.point_value);
            fig(e, catalog, &q.average_list_size);
        }
        Basis::QofArea { area } => {
            let a = &q.areas[*area];
            e.formula = format!("The sum of the {} indicators' payments.", a.name);
            if let Some(f) = &a.official_points {
                fig(e, catalog, f);
            }
            e.inputs.push((
                "Points earned".into(),
                line.points.map(|x| x.display()).unwrap_or_default(),
            ));
        }
        Basis::Aspiration {
            share,
            points_basis,
            pounds_per_point,
            last_year_given,
        } => {
            e.formula = "Aspiration payments are paid monthly in advance: a share of last year's points, at this year's pounds per point. The rest is paid after the year end as the achievement balance.".into();
            e.working = Some(format!(
                "{} × {} points × {} = {}",
                pct(share * Decimal::ONE_HUNDRED),
                Points(*points_basis).display(),
                gbp(*pounds_per_point),
                line.amount.display_pence()
            ));
            fig(e, catalog, &q.aspiration_share);
            if !last_year_given {
                e.notes.push("Last year's points were not given, so this year's points are used (a practice in a steady state).".into());
            }
            e.notes.push("The split changes when money arrives, not how much: aspiration plus balance equals the QOF total.".into());
        }
        Basis::Balance => {
            e.formula = "Achievement balance = QOF total − aspiration payments already made. Negative means money is paid back.".into();
        }
        Basis::GapEstimates | Basis::GapEstimate { .. } => gaps::explain(e, rs, line),
        _ => {}
    }
}
