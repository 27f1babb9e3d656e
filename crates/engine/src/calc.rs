//! A practice's income under one rule set, line by line.
//!
//! Total: given a validated practice and a loaded rule set it always returns a
//! statement. Every line records the numbers it was computed from (`Basis`),
//! so `explain` can say how without computing anything again. Intermediates
//! keep full precision; each payment is rounded to the penny once, where it
//! is paid (global sum, MPIG, seniority, QOF, each service component).

use crate::figure::Status;
use crate::money::{Money, Points};
use crate::practice::{Achievement, Contract, DefaultAchievement, Practice};
use crate::prepared::{threshold_fraction, Prepared};
use crate::rules::{Catalog, ComponentKind, IndicatorKind, PaymentBasis, RuleSet};
use rust_decimal::Decimal;
use serde::Serialize;
use std::sync::Arc;

/// What a line is, for grouping and display.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// A top-level payment; the total is the sum of these.
    Component,
    /// A part of a component (global sum gross, OOH deduction…).
    Detail,
    /// A QOF clinical or organisational area.
    Area,
    Indicator,
    /// When the QOF money is paid: aspiration and balance. Not added to totals.
    Timing,
    Service,
    ServiceComponent,
}

/// How an indicator's achievement was decided.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum AchievementUsed {
    /// The practice gave it, against this code (perhaps an earlier year's).
    Given {
        code: crate::rules::CodeId,
        value: Achievement,
    },
    /// The typical-achievement default (%), for threshold indicators.
    Typical { percent: Decimal },
    /// Met by default (typical or full) for an all-or-nothing indicator.
    MetByDefault,
    /// The full-achievement default.
    Full,
    /// A threshold indicator with no typical achievement and no thresholds.
    Unknown,
}

/// How a payment was adjusted for prevalence.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrevalenceUsed {
    /// Not a prevalence-adjusted payment.
    NotAdjusted,
    /// Paid on a target population, taken as the list (factors not found).
    TargetPopulation,
    /// No register given: the practice is taken to be at national prevalence.
    AssumedNational { register: usize },
    /// Register given but national prevalence not found: factor taken as 1.
    NationalNotFound {
        register: usize,
        practice_register: Decimal,
    },
    /// register ÷ list ÷ national prevalence.
    Adjusted {
        register: usize,
        practice_register: Decimal,
        national_percent: Decimal,
        factor: Decimal,
    },
}

impl PrevalenceUsed {
    pub fn factor(&self) -> Decimal {
        match self {
            PrevalenceUsed::Adjusted { factor, .. } => *factor,
            _ => Decimal::ONE,
        }
    }
}

/// The numbers a line was computed from.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "basis", rename_all = "snake_case")]
pub enum Basis {
    GlobalSum {
        gross: Decimal,
        ooh: Decimal,
        reinvested: Decimal,
    },
    GlobalSumGross {
        weighted: Decimal,
        price: Decimal,
    },
    OohDeduction {
        gross: Decimal,
        share: Decimal,
        opted_out: bool,
    },
    GlobalSumReinvestment {
        weighted: Decimal,
        per_weighted_patient: Decimal,
    },
    PmsBaseline {
        amount: Decimal,
    },
    Mpig {
        correction_factor: Decimal,
        retained: Decimal,
        contract_gms: bool,
    },
    Seniority {
        amount: Decimal,
    },
    Qof {
        points: Decimal,
        max_points: Decimal,
    },
    QofArea {
        area: usize,
    },
    Indicator {
        index: u32,
        pooled: bool,
        achievement: AchievementUsed,
        /// Share of the indicator's points earned; `None` when thresholds are unknown.
        fraction: Option<Decimal>,
        prevalence: PrevalenceUsed,
        /// Points the indicator carries: its own, scaled, or its pool share.
        points: Option<Decimal>,
    },
    PmsDeduction {
        amount: Decimal,
        per_patients: Decimal,
        list: Decimal,
    },
    Aspiration {
        share: Decimal,
        points_basis: Decimal,
        pounds_per_point: Decimal,
        last_year_given: bool,
    },
    Balance,
    Services,
    Service {
        index: usize,
        taken_up: bool,
    },
    ServiceComponent {
        service: usize,
        component: usize,
        taken_up: bool,
        achieved: bool,
        activity: Option<Decimal>,
        list: Decimal,
        rate: Option<Decimal>,
    },
}

#[derive(Clone, Debug, Serialize)]
pub struct Line {
    pub id: Arc<str>,
    pub parent: Option<Arc<str>>,
    pub label: Arc<str>,
    pub kind: LineKind,
    pub amount: Money,
    pub points: Option<Points>,
    pub max_points: Option<Points>,
    /// The weakest status among the rule figures the line used.
    pub status: Status,
    pub basis: Basis,
}

/// Something the statement could not include, and how much it matters.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gap {
    pub line: String,
    pub message: String,
    /// Points at stake, where known.
    pub points: Option<Points>,
    /// What those points would pay at full achievement for this practice.
    pub value_at_full: Option<Money>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Statement {
    pub rules: Arc<str>,
    pub rules_name: Arc<str>,
    /// Contractor Population Index: list ÷ the rule set's average list.
    pub cpi: Decimal,
    pub total: Money,
    pub per_registered_patient: Money,
    pub per_weighted_patient: Money,
    pub qof_points: Points,
    pub qof_max_points: Points,
    pub lines: Vec<Line>,
    pub warnings: Vec<String>,
    pub gaps: Vec<Gap>,
}

impl Statement {
    pub fn line(&self, id: &str) -> Option<&Line> {
        self.lines.iter().find(|l| &*l.id == id)
    }

    /// Amount of a line, zero when the statement has no such line.
    pub fn amount(&self, id: &str) -> Money {
        self.line(id).map(|l| l.amount).unwrap_or(Money::ZERO)
    }
}

fn worst(a: Status, b: Status) -> Status {
    a.max(b)
}

pub(crate) fn val(f: &crate::figure::Figure) -> Decimal {
    f.value.unwrap_or(Decimal::ZERO)
}

/// Resolves an indicator's achievement from the practice, then the default.
pub(crate) fn resolve(
    catalog: &Catalog,
    rs: &RuleSet,
    idx: usize,
    p: &Practice,
) -> AchievementUsed {
    let ind = &rs.qof.indicators[idx];
    if let Some(related) = catalog.codes.related.get(ind.code_id as usize) {
        for &code in related {
            if let Some(Some(a)) = p.achievement.get(code as usize) {
                if a.fits(ind.kind) {
                    return AchievementUsed::Given { code, value: *a };
                }
            }
        }
    }
    match (ind.kind, p.default_achievement) {
        (IndicatorKind::Threshold, DefaultAchievement::Full) => AchievementUsed::Full,
        (IndicatorKind::Threshold, DefaultAchievement::Typical) => match ind.typical_achievement {
            Some(t) => AchievementUsed::Typical { percent: t },
            None => AchievementUsed::Unknown,
        },
        _ => AchievementUsed::MetByDefault,
    }
}

/// Share of the `idx`-th indicator's points earned, or `None` when it
/// cannot be known.
pub(crate) fn fraction(prep: &Prepared, idx: usize, used: &AchievementUsed) -> Option<Decimal> {
    let ind = prep.rules().qof.indicators.get(idx)?;
    match ind.kind {
        IndicatorKind::Threshold => {
            let l = ind.lower.as_ref()?.value?;
            let u = ind.upper.as_ref()?.value?;
            // The typical share is prepared for the thresholds in use.
            if let AchievementUsed::Typical { percent } = used {
                if Some(*percent) == ind.typical_achievement {
                    if let Some(f) = prep.typical_fraction.get(idx).copied().flatten() {
                        return Some(f);
                    }
                }
            }
            let a = match used {
                AchievementUsed::Given { value, .. } => match value.percent() {
                    Some(a) => a,
                    // Nobody in the denominator: the points cannot be earned.
                    None => return Some(Decimal::ZERO),
                },
                AchievementUsed::Typical { percent } => *percent,
                AchievementUsed::Full => Decimal::ONE_HUNDRED,
                AchievementUsed::MetByDefault => Decimal::ONE_HUNDRED,
                AchievementUsed::Unknown => u,
            };
            Some(threshold_fraction(a, l, u))
        }
        IndicatorKind::Register | IndicatorKind::YesNo => match used {
            AchievementUsed::Given {
                value: Achievement::Met(false),
                ..
            } => Some(Decimal::ZERO),
            _ => Some(Decimal::ONE),
        },
    }
}

/// How one register adjusts payments under a rule set for a practice.
pub(crate) fn register_prevalence(rs: &RuleSet, reg: usize, p: &Practice) -> PrevalenceUsed {
    let Some(Some(practice_register)) = p.registers.get(reg).copied() else {
        return PrevalenceUsed::AssumedNational { register: reg };
    };
    match rs.national_prevalence(reg).and_then(|f| f.value) {
        Some(np) if !np.is_zero() => {
            let practice_percent = practice_register / p.list_size * Decimal::ONE_HUNDRED;
            PrevalenceUsed::Adjusted {
                register: reg,
                practice_register,
                national_percent: np,
                factor: practice_percent / np,
            }
        }
        _ => PrevalenceUsed::NationalNotFound {
            register: reg,
            practice_register,
        },
    }
}

/// How an indicator's payment is adjusted, given each register's adjustment.
fn prevalence_of(
    ind: &crate::rules::Indicator,
    by_register: &[Option<PrevalenceUsed>],
) -> PrevalenceUsed {
    match (ind.payment, ind.register) {
        (PaymentBasis::List, _) | (PaymentBasis::Prevalence, None) => PrevalenceUsed::NotAdjusted,
        (PaymentBasis::TargetPopulation, _) => PrevalenceUsed::TargetPopulation,
        (PaymentBasis::Prevalence, Some(reg)) => by_register
            .get(reg)
            .copied()
            .flatten()
            .unwrap_or(PrevalenceUsed::AssumedNational { register: reg }),
    }
}

/// The global sum and its parts: weighted list × `funding.global_sum_price`,
/// less `funding.ooh_deduction` of it for a practice that opted out of
/// out-of-hours care, plus the QOF money reinvested per weighted patient;
/// paid rounded to the penny.
pub(crate) struct GlobalSum {
    pub price: Decimal,
    pub gross: Decimal,
    pub share: Decimal,
    pub ooh: Decimal,
    pub per_weighted: Decimal,
    pub reinvest: Decimal,
    pub amount: Money,
}

pub(crate) fn global_sum(prep: &Prepared, p: &Practice) -> GlobalSum {
    let rs = prep.rules();
    let f = &rs.funding;
    let weighted = p.weighted_list;
    let price = val(&f.global_sum_price);
    let gross = weighted * price;
    let share = val(&f.ooh_deduction);
    let ooh = if p.ooh_opted_out {
        gross * share
    } else {
        Decimal::ZERO
    };
    let per_weighted = prep.reinvested_per_weighted_patient;
    let reinvest = weighted * per_weighted;
    GlobalSum {
        price,
        gross,
        share,
        ooh,
        per_weighted,
        reinvest,
        amount: Money(gross - ooh + reinvest).round_pence(),
    }
}

/// The share of the 2013/14 MPIG correction factor still paid: one less
/// `funding.mpig_years_elapsed` ÷ `funding.mpig_phase_out_years`, within 0
/// and 1; all of it where the rule set has no phase-out.
pub(crate) fn mpig_retained(f: &crate::rules::Funding) -> Decimal {
    match (&f.mpig_phase_out_years, &f.mpig_years_elapsed) {
        (Some(y), Some(e)) => {
            let years = val(y);
            if years.is_zero() {
                Decimal::ONE
            } else {
                (Decimal::ONE - val(e) / years).clamp(Decimal::ZERO, Decimal::ONE)
            }
        }
        _ => Decimal::ONE,
    }
}

/// The QOF deduction for a PMS practice: `qof.pms_deduction_amount` for
/// every `qof.pms_deduction_per_patients` on its list; none for GMS.
pub(crate) fn pms_deduction(q: &crate::rules::Qof, list: Decimal, gms: bool) -> Decimal {
    if gms {
        return Decimal::ZERO;
    }
    let per = val(&q.pms_deduction_per_patients);
    if per.is_zero() {
        Decimal::ZERO
    } else {
        val(&q.pms_deduction_amount) * list / per
    }
}

/// An indicator's points (its own, or its share of its pool) and whether
/// they came from the pool.
pub(crate) fn indicator_points(
    ind: &crate::rules::Indicator,
    pool_share: &[Option<Decimal>],
) -> (Option<Decimal>, bool) {
    match (ind.points.value, ind.pool) {
        (Some(pts), _) => (Some(pts), false),
        (None, Some(pi)) => (pool_share.get(pi).copied().flatten(), true),
        (None, None) => (None, false),
    }
}

/// Points earned: the points times the share earned, when both are known.
pub(crate) fn earned_points(points: Option<Decimal>, frac: Option<Decimal>) -> Option<Decimal> {
    match (points, frac) {
        (Some(pts), Some(f)) => Some(if f == Decimal::ONE { pts } else { pts * f }),
        _ => None,
    }
}

/// Computes a practice's statement under one rule set.
pub fn statement(catalog: &Catalog, prep: &Prepared, p: &Practice) -> Statement {
    let rs = prep.rules();
    let n_lines = 12
        + rs.qof.indicators.len()
        + rs.qof.areas.len()
        + rs.services
            .iter()
            .map(|s| s.components.len() + 1)
            .sum::<usize>();
    let mut lines: Vec<Line> = Vec::with_capacity(n_lines);
    let mut warnings: Vec<String> = Vec::new();
    let mut gaps: Vec<Gap> = Vec::new();
    let gms = p.contract == Contract::Gms;
    let list = p.list_size;
    let weighted = p.weighted_list;
    let id = |s: &str| -> Arc<str> { Arc::from(s) };
    let root_global: Arc<str> = id("global_sum");

    // ---- Global sum, or the PMS baseline ----
    let mut total = Money::ZERO;
    if gms {
        let f = &rs.funding;
        let GlobalSum {
            price,
            gross,
            share,
            ooh,
            per_weighted,
            reinvest,
            amount,
        } = global_sum(prep, p);
        total += amount;
        let gs_status = worst(
            f.global_sum_price.status(),
            if p.ooh_opted_out {
                f.ooh_deduction.status()
            } else {
                Status::Verified
            },
        );
        lines.push(Line {
            id: root_global.clone(),
            parent: None,
            label: id("Global sum"),
            kind: LineKind::Component,
            amount,
            points: None,
            max_points: None,
            status: gs_status,
            basis: Basis::GlobalSum {
                gross,
                ooh,
                reinvested: reinvest,
            },
        });
        lines.push(Line {
            id: id("global_sum.gross"),
            parent: Some(root_global.clone()),
            label: id("Weighted list × price"),
            kind: LineKind::Detail,
            amount: Money(gross),
            points: None,
            max_points: None,
            status: f.global_sum_price.status(),
            basis: Basis::GlobalSumGross { weighted, price },
        });
        lines.push(Line {
            id: id("global_sum.ooh_deduction"),
            parent: Some(root_global.clone()),
            label: id("Out-of-hours opt-out deduction"),
            kind: LineKind::Detail,
            amount: Money(-ooh),
            points: None,
            max_points: None,
            status: if p.ooh_opted_out {
                f.ooh_deduction.status()
            } else {
                Status::Verified
            },
            basis: Basis::OohDeduction {
                gross,
                share,
                opted_out: p.ooh_opted_out,
            },
        });
        if let Some(r) = &rs.reinvestment {
            if !per_weighted.is_zero() {
                let st = r.points.status();
                lines.push(Line {
                    id: id("global_sum.reinvestment"),
                    parent: Some(root_global.clone()),
                    label: id("Reinvested QOF money"),
                    kind: LineKind::Detail,
                    amount: Money(reinvest),
                    points: None,
                    max_points: None,
                    status: st,
                    basis: Basis::GlobalSumReinvestment {
                        weighted,
                        per_weighted_patient: per_weighted,
                    },
                });
            }
        }
        // ---- MPIG ----
        let retained = mpig_retained(f);
        let mpig_status = match (&f.mpig_phase_out_years, &f.mpig_years_elapsed) {
            (Some(y), Some(e)) => worst(y.status(), e.status()),
            _ => Status::Verified,
        };
        let amount = Money(p.mpig_correction_factor * retained).round_pence();
        total += amount;
        lines.push(Line {
            id: id("mpig"),
            parent: None,
            label: id("MPIG correction factor"),
            kind: LineKind::Component,
            amount,
            points: None,
            max_points: None,
            status: mpig_status,
            basis: Basis::Mpig {
                correction_factor: p.mpig_correction_factor,
                retained,
                contract_gms: true,
            },
        });
    } else {
        let amount = Money(p.pms_baseline).round_pence();
        total += amount;
        lines.push(Line {
            id: id("pms_baseline"),
            parent: None,
            label: id("PMS contract baseline"),
            kind: LineKind::Component,
            amount,
            points: None,
            max_points: None,
            status: Status::Verified,
            basis: Basis::PmsBaseline {
                amount: p.pms_baseline,
            },
        });
    }

    // ---- Seniority ----
    let amount = Money(p.seniority).round_pence();
    total += amount;
    lines.push(Line {
        id: id("seniority"),
        parent: None,
        label: id("Seniority"),
        kind: LineKind::Component,
        amount,
        points: None,
        max_points: None,
        status: Status::Verified,
        basis: Basis::Seniority {
            amount: p.seniority,
        },
    });

    // ---- QOF ----
    let q = &rs.qof;
    let pv = val(&q.point_value);
    let cpi = rs.cpi(list);
    let pv_cpi = pv * cpi;
    let qof_status_base = worst(q.point_value.status(), q.average_list_size.status());

    // Each register's adjustment and pounds per point, once per statement.
    let mut by_register: Vec<Option<PrevalenceUsed>> = vec![None; catalog.registers.len()];
    for ind in &q.indicators {
        if let (PaymentBasis::Prevalence, Some(reg)) = (ind.payment, ind.register) {
            if by_register.get(reg).is_some_and(|x| x.is_none()) {
                let used = register_prevalence(rs, reg, p);
                if let PrevalenceUsed::NationalNotFound { .. } = used {
                    warnings.push(format!(
                        "National prevalence for the {} register was not found for {}: its payments are not adjusted for your register (factor 1).",
                        catalog.registers[reg].name, rs.short_name
                    ));
                }
                by_register[reg] = Some(used);
            }
        }
    }

    let pool_share = &prep.pool_shares;

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
    let n_areas = q.areas.len();
    let mut area_amount = vec![Decimal::ZERO; n_areas];
    let mut area_points = vec![Decimal::ZERO; n_areas];
    let mut area_max = vec![Decimal::ZERO; n_areas];
    let mut area_status = vec![Status::Verified; n_areas];
    let mut results: Vec<Ind> = Vec::with_capacity(q.indicators.len());
    for (i, ind) in q.indicators.iter().enumerate() {
        let used = resolve(catalog, rs, i, p);
        let frac = fraction(prep, i, &used);
        let (points, pooled) = indicator_points(ind, pool_share);
        let prevalence = prevalence_of(ind, &by_register);
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
        match (points, frac) {
            (None, _) => gaps.push(Gap {
                line: ind.line_id.to_string(),
                message: if frac.is_none() {
                    format!(
                        "{}: points and payment thresholds not found; left out of the total.",
                        ind.code
                    )
                } else {
                    format!("{}: points not found; left out of the total.", ind.code)
                },
                points: None,
                value_at_full: None,
            }),
            (Some(pts), None) => gaps.push(Gap {
                line: ind.line_id.to_string(),
                message: format!(
                    "{}: payment thresholds not found; its {} points are left out of the total.",
                    ind.code,
                    Points(pts).display()
                ),
                points: Some(Points(pts)),
                value_at_full: Some(Money(pts * pv_cpi * prevalence.factor()).round_pence()),
            }),
            _ => {}
        }
        let a = ind.area;
        area_amount[a] += amount;
        if let Some(e) = earned {
            area_points[a] += e;
            area_max[a] += points.unwrap_or_default();
        }
        area_status[a] = worst(area_status[a], status);
        results.push(Ind {
            used,
            frac,
            prevalence,
            points,
            pooled,
            earned,
            amount,
            status,
        });
    }

    let qof_points: Decimal = area_points.iter().copied().sum();
    let qof_max: Decimal = area_max.iter().copied().sum();
    let gross_qof: Decimal = area_amount.iter().copied().sum();
    let pms_deduction = pms_deduction(q, list, gms);
    let qof_amount = Money(gross_qof - pms_deduction).round_pence();
    total += qof_amount;
    let qof_id: Arc<str> = id("qof");
    lines.push(Line {
        id: qof_id.clone(),
        parent: None,
        label: id("Quality and Outcomes Framework"),
        kind: LineKind::Component,
        amount: qof_amount,
        points: Some(Points(qof_points)),
        max_points: Some(Points(qof_max)),
        status: area_status.iter().copied().fold(qof_status_base, worst),
        basis: Basis::Qof {
            points: qof_points,
            max_points: qof_max,
        },
    });

    // Timing: aspiration (a share of last year's points at this year's
    // pounds per point) and the balance paid at year end.
    let share = val(&q.aspiration_share);
    let pounds_per_point = if qof_points > Decimal::ZERO {
        gross_qof / qof_points
    } else {
        pv_cpi
    };
    let (points_basis, given) = match p.last_year_points {
        Some(l) => (l.min(qof_max.max(Decimal::ZERO)), true),
        None => (qof_points, false),
    };
    let aspiration = Money(share * points_basis * pounds_per_point).round_pence();
    lines.push(Line {
        id: id("qof.timing.aspiration"),
        parent: Some(qof_id.clone()),
        label: id("Paid monthly during the year (aspiration)"),
        kind: LineKind::Timing,
        amount: aspiration,
        points: None,
        max_points: None,
        status: q.aspiration_share.status(),
        basis: Basis::Aspiration {
            share,
            points_basis,
            pounds_per_point,
            last_year_given: given,
        },
    });
    lines.push(Line {
        id: id("qof.timing.balance"),
        parent: Some(qof_id.clone()),
        label: id("Paid after the year end (achievement balance)"),
        kind: LineKind::Timing,
        amount: qof_amount - aspiration,
        points: None,
        max_points: None,
        status: q.aspiration_share.status(),
        basis: Basis::Balance,
    });
    if !gms {
        lines.push(Line {
            id: id("qof.pms_deduction"),
            parent: Some(qof_id.clone()),
            label: id("PMS deduction"),
            kind: LineKind::Detail,
            amount: Money(-pms_deduction),
            points: None,
            max_points: None,
            status: worst(
                q.pms_deduction_amount.status(),
                q.pms_deduction_per_patients.status(),
            ),
            basis: Basis::PmsDeduction {
                amount: val(&q.pms_deduction_amount),
                per_patients: val(&q.pms_deduction_per_patients),
                list,
            },
        });
    }
    // Areas, each followed by its indicators in table order.
    for (a, area) in q.areas.iter().enumerate() {
        lines.push(Line {
            id: area.line_id.clone(),
            parent: Some(qof_id.clone()),
            label: area.name.clone(),
            kind: LineKind::Area,
            amount: Money(area_amount[a]),
            points: Some(Points(area_points[a])),
            max_points: Some(Points(area_max[a])),
            status: area_status[a],
            basis: Basis::QofArea { area: a },
        });
        for &i in prep.area_indicators(a) {
            let ind = &q.indicators[i as usize];
            let r = &results[i as usize];
            lines.push(Line {
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
                },
            });
        }
    }

    // Table gaps against official domain totals.
    for (di, d) in q.domains.iter().enumerate() {
        let Some(official) = d.official_points.value else {
            continue;
        };
        let table_points = prep.domain_points(di);
        let short = (official - table_points).round_dp(6);
        if short > Decimal::ZERO {
            gaps.push(Gap {
                line: format!("qof.domain.{}", d.id),
                message: format!(
                    "{}: our indicator table itemises {} of the official {} points; the other {} are left out of the total.",
                    d.name,
                    Points(table_points).display(),
                    Points(official).display(),
                    Points(short).display()
                ),
                points: Some(Points(short)),
                value_at_full: Some(Money(short * pv_cpi).round_pence()),
            });
        }
    }

    // ---- Enhanced services ----
    let services_id = id("services");
    let services_index = lines.len();
    lines.push(Line {
        id: services_id.clone(),
        parent: None,
        label: id("Enhanced services"),
        kind: LineKind::Component,
        amount: Money::ZERO,
        points: None,
        max_points: None,
        status: Status::Verified,
        basis: Basis::Services,
    });
    let mut services_total = Money::ZERO;
    let mut services_status = Status::Verified;
    for (si, s) in rs.services.iter().enumerate() {
        let (taken_up, missed) = p.uptake(&s.id);
        let service_index = lines.len();
        lines.push(Line {
            id: s.line_id.clone(),
            parent: Some(services_id.clone()),
            label: s.name.clone(),
            kind: LineKind::Service,
            amount: Money::ZERO,
            points: None,
            max_points: None,
            status: Status::Verified,
            basis: Basis::Service {
                index: si,
                taken_up,
            },
        });
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
            lines.push(Line {
                id: c.line_id.clone(),
                parent: Some(s.line_id.clone()),
                label: c.name.clone(),
                kind: LineKind::ServiceComponent,
                amount,
                points: None,
                max_points: None,
                status,
                basis: Basis::ServiceComponent {
                    service: si,
                    component: ci,
                    taken_up,
                    achieved,
                    activity,
                    list,
                    rate,
                },
            });
        }
        lines[service_index].amount = service_total;
        lines[service_index].status = service_status;
        services_total += service_total;
        if taken_up {
            services_status = worst(services_status, service_status);
        }
    }
    lines[services_index].amount = services_total;
    lines[services_index].status = services_status;
    total += services_total;

    let per = |d: Decimal| {
        if d.is_zero() {
            Money::ZERO
        } else {
            Money(total.0 / d).round_pence()
        }
    };
    Statement {
        rules: rs.id.clone(),
        rules_name: rs.name.clone(),
        cpi,
        total,
        per_registered_patient: per(list),
        per_weighted_patient: per(weighted),
        qof_points: Points(qof_points),
        qof_max_points: Points(qof_max),
        lines,
        warnings,
        gaps,
    }
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
    let list = p.list_size;
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
