//! The fast path for many practices under one rule set: the same payment
//! rules as [`crate::calc::statement`], through the same functions, but
//! with no lines, explanations or gaps, and with the QOF points earned
//! worked out once for each achievement profile shared by practices (those
//! of a CCG with no published level share their CCG's achievement), or, for
//! a practice whose published level scales its CCG's profile, from the
//! CCG's [`ScaleTable`], laid out once a set. A practice's QOF pay is then
//! the points earned against each register, times its pounds a point and
//! its prevalence factor.
//!
//! *Invariant:* every amount equals the statement's, to the penny; the
//! national test checks every practice in the population under every set.
//! (The statement multiplies out indicator by indicator; this path adds
//! points first, divides by national prevalence once a profile and by the
//! list once a practice. Both keep 28 significant digits, so they can differ
//! only some twenty places below a penny, and a payment rounds differently
//! only if it falls that close to a half penny.)

use crate::calc::{
    component_amount, contract, earned_by_domain, earned_points, fraction, gap_estimates,
    global_sum, indicator_points, mpig_retained, pms_deduction, resolve, val, GapAt,
};
use crate::money::Money;
use crate::practice::{Contract, Practice};
use crate::prepared::Prepared;
use crate::rules::{Catalog, PaymentBasis, RuleSet};
use rust_decimal::Decimal;

mod scaled;
pub use scaled::{scale_achievement, ScaleTable};

/// One rule set, prepared for many practices.
pub struct BatchSet<'a> {
    catalog: &'a Catalog,
    pub rs: &'a RuleSet,
    prep: Prepared<'a>,
    retained: Decimal,
    point_value: Decimal,
    /// One over national prevalence (%) by register, where found and not
    /// zero: each register's points are divided by it once a profile, by
    /// multiplying.
    national: Vec<Option<Decimal>>,
    /// QOF points available under the set (every indicator's points).
    pub max_points: Decimal,
    /// Where [`BatchSet::profile`] and the scaled path put the gaps'
    /// estimates: the statement's central estimate unless a range's end
    /// asks for their least or most ([`BatchSet::with_gaps`]).
    gap_level: GapLevel,
}

/// The QOF points a profile of achievement earns under a set: by the
/// register that adjusts their pay (and divided by that register's national
/// prevalence, where found), and those no register adjusts.
#[derive(Clone, Debug)]
pub struct ProfileQof {
    by_register: Vec<Decimal>,
    per_national: Vec<Option<Decimal>>,
    unadjusted: Decimal,
    pub points: Decimal,
}

/// Where a profile puts the estimates for the gaps in our data: at none of
/// their points (their least, £0), at the statement's central estimate, or
/// at all of them (their most). The statement's lines give the same three
/// (`Gap::estimate`, `Gap::value_at_full`), each rounded on its own line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GapLevel {
    Least,
    Estimate,
    Most,
}

/// The points earned on the indicators we can pay, before the estimates.
#[derive(Clone)]
struct Earned {
    area_points: Vec<Decimal>,
    by_register: Vec<Decimal>,
    unadjusted: Decimal,
    points: Decimal,
}

/// A practice's payments under one set.
#[derive(Clone, Debug, PartialEq)]
pub struct Amounts {
    /// The global sum (GMS) or the PMS contract baseline.
    pub global_sum: Money,
    pub pms_baseline: Money,
    /// The PMS or APMS equivalent uplift, and the premium review reduction.
    pub pms_uplift: Money,
    pub pms_premium_reduction: Money,
    pub mpig: Money,
    pub seniority: Money,
    pub qof: Money,
    pub qof_points: Decimal,
    /// By the set's service index.
    pub services: Vec<Money>,
    pub services_total: Money,
    pub total: Money,
}

impl<'a> BatchSet<'a> {
    pub fn new(catalog: &'a Catalog, rs: &'a RuleSet) -> BatchSet<'a> {
        let prep = Prepared::new(rs);
        let max_points = rs
            .qof
            .indicators
            .iter()
            .filter_map(|i| indicator_points(i, &prep.pool_shares).0)
            .sum();
        BatchSet {
            catalog,
            rs,
            max_points,
            prep,
            retained: mpig_retained(&rs.funding),
            gap_level: GapLevel::Estimate,
            point_value: val(&rs.qof.point_value),
            national: (0..catalog.registers.len())
                .map(|r| {
                    rs.national_prevalence(r)
                        .and_then(|f| f.value)
                        .filter(|v| !v.is_zero())
                        .map(|v| Decimal::ONE / v)
                })
                .collect(),
        }
    }

    /// The set with the gaps' estimates at `level` in every profile.
    pub fn with_gaps(mut self, level: GapLevel) -> Self {
        self.gap_level = level;
        self
    }

    /// The points earned by `p`'s achievement (and default), which any
    /// practice with the same achievement shares.
    pub fn profile(&self, p: &Practice) -> ProfileQof {
        self.profile_at(p, self.gap_level)
    }

    /// [`BatchSet::profile`] with the gaps' estimates at `level`.
    pub fn profile_at(&self, p: &Practice, level: GapLevel) -> ProfileQof {
        self.at_level(self.earned(p), level)
    }

    /// The profiles with the gaps' estimates at their least, at the
    /// estimate and at their most, from one pass over the indicators.
    pub fn profile_span(&self, p: &Practice) -> [ProfileQof; 3] {
        let e = self.earned(p);
        [GapLevel::Least, GapLevel::Estimate, GapLevel::Most].map(|l| self.at_level(e.clone(), l))
    }

    fn at_level(&self, mut e: Earned, level: GapLevel) -> ProfileQof {
        if level != GapLevel::Least && !self.prep.gaps.is_empty() {
            let by_domain = earned_by_domain(&self.prep, &e.area_points);
            e.points += self.add_estimates(
                &by_domain,
                level == GapLevel::Most,
                &mut e.by_register,
                &mut e.unadjusted,
            );
        }
        self.finish(e.by_register, e.unadjusted, e.points)
    }

    /// The points `p`'s achievement earns on the indicators we can pay.
    fn earned(&self, p: &Practice) -> Earned {
        let q = &self.rs.qof;
        // Points add up area by area, then over areas, as in the statement.
        let mut out = Earned {
            area_points: vec![Decimal::ZERO; q.areas.len()],
            by_register: vec![Decimal::ZERO; self.catalog.registers.len()],
            unadjusted: Decimal::ZERO,
            points: Decimal::ZERO,
        };
        for (i, ind) in q.indicators.iter().enumerate() {
            let used = resolve(self.catalog, self.rs, i, p);
            let (points, _) = indicator_points(ind, &self.prep.pool_shares);
            let Some(earned) = earned_points(points, fraction(&self.prep, i, &used)) else {
                continue;
            };
            if let Some(a) = out.area_points.get_mut(ind.area) {
                *a += earned;
            }
            match (ind.payment, ind.register) {
                (PaymentBasis::Prevalence, Some(reg)) if reg < out.by_register.len() => {
                    out.by_register[reg] += earned
                }
                _ => out.unadjusted += earned,
            }
        }
        out.points = out.area_points.iter().copied().sum::<Decimal>();
        out
    }

    /// Adds the estimates for the gaps in our data (`calc::qof::gaps`, the
    /// statement's own rule) to a profile's points, given its points earned
    /// by domain: an indicator's to the register that adjusts its pay, as
    /// its own points would be, a domain's unadjusted. Returns the points
    /// added.
    pub(crate) fn add_estimates(
        &self,
        earned_by_domain: &[Decimal],
        all_earned: bool,
        by_register: &mut [Decimal],
        unadjusted: &mut Decimal,
    ) -> Decimal {
        let q = &self.rs.qof;
        let mut added = Decimal::ZERO;
        for e in gap_estimates(&self.prep, earned_by_domain) {
            let points = if all_earned { e.at_stake } else { e.points };
            let slot = match e.at {
                GapAt::Indicator(i) => {
                    q.indicators
                        .get(i)
                        .and_then(|ind| match (ind.payment, ind.register) {
                            (PaymentBasis::Prevalence, Some(reg)) => by_register.get_mut(reg),
                            _ => None,
                        })
                }
                GapAt::Domain(_) => None,
            };
            match slot {
                Some(s) => *s += points,
                None => *unadjusted += points,
            }
            added += points;
        }
        added
    }

    /// A profile from its points by register: each divided by its
    /// register's national prevalence once, here.
    fn finish(
        &self,
        by_register: Vec<Decimal>,
        unadjusted: Decimal,
        points: Decimal,
    ) -> ProfileQof {
        let per_national = by_register
            .iter()
            .zip(&self.national)
            .map(|(e, inv)| inv.map(|inv| *e * inv))
            .collect();
        ProfileQof {
            by_register,
            per_national,
            unadjusted,
            points,
        }
    }

    /// `p`'s payments, with `qof` the profile of `p`'s achievement.
    pub fn amounts(&self, p: &Practice, qof: &ProfileQof) -> Amounts {
        let rs = self.rs;
        let gms = p.contract == Contract::Gms;
        let list = p.list_size;
        let (global_sum, mpig) = if gms {
            (
                global_sum(&self.prep, p).amount,
                Money(p.mpig_correction_factor.0 * self.retained).round_pence(),
            )
        } else {
            (Money::ZERO, Money::ZERO)
        };
        let (pms_baseline, pms_uplift, pms_premium_reduction) = if gms {
            (Money::ZERO, Money::ZERO, Money::ZERO)
        } else {
            let c = contract(&self.prep, p);
            (c.baseline, c.uplift, c.reduction)
        };
        let seniority = p.seniority.round_pence();
        // Points at pounds a point, each register's adjusted by the
        // practice's prevalence over the national (its factor, as in
        // `calc::register_prevalence`): earned × factor = (earned ÷
        // national) × register × 100 ÷ list. Registers are whole patients,
        // so the products are cheap, and the list divides them all once.
        let mut weighted_points = qof.unadjusted;
        let mut adjusted = Decimal::ZERO;
        for (reg, earned) in qof.by_register.iter().enumerate() {
            if earned.is_zero() {
                continue;
            }
            match (
                p.registers.get(reg).copied().flatten(),
                qof.per_national[reg],
            ) {
                (Some(register), Some(scaled)) => adjusted += scaled * register.0,
                _ => weighted_points += *earned,
            }
        }
        if !adjusted.is_zero() {
            weighted_points += adjusted * Decimal::ONE_HUNDRED / list.0;
        }
        // Pounds a point for this practice: the point value scaled by its
        // Contractor Population Index.
        let gross = weighted_points * (self.point_value * rs.cpi(list));
        let qof_pay = Money(gross - pms_deduction(&rs.qof, list, gms)).round_pence();
        let mut services = Vec::with_capacity(rs.services.len());
        let mut services_total = Money::ZERO;
        for (si, s) in rs.services.iter().enumerate() {
            let (taken_up, missed) = p.uptake(&s.id);
            let mut service = Money::ZERO;
            if taken_up {
                for (ci, c) in s.components.iter().enumerate() {
                    if missed.iter().any(|m| *m == *c.id) {
                        continue;
                    }
                    service += Money(component_amount(&self.prep, si, ci, p).0).round_pence();
                }
            }
            services_total += service;
            services.push(service);
        }
        Amounts {
            global_sum,
            pms_baseline,
            pms_uplift,
            pms_premium_reduction,
            mpig,
            seniority,
            qof: qof_pay,
            qof_points: qof.points,
            services,
            services_total,
            total: global_sum
                + pms_baseline
                + pms_uplift
                + pms_premium_reduction
                + mpig
                + seniority
                + qof_pay
                + services_total,
        }
    }
}
