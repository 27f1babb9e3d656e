//! The loaded, checked form of a rule set: QOF, funding, enhanced services.
//! These types hold figures and structure only; they compute nothing about a
//! practice (that is `calc`), and they are never built except by `load`.

use crate::figure::{Figure, Status, Unit};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// An interned indicator code, shared across every rule set in a catalog.
pub type CodeId = u32;

/// A bibliography entry.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub url: Option<String>,
    pub date: String,
    pub note: Option<String>,
}

/// A disease register used for prevalence adjustment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Register {
    pub id: Arc<str>,
    pub name: Arc<str>,
    pub note: Option<Arc<str>>,
}

/// What a practice does under an enhanced service that a payment depends on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Activity {
    pub id: Arc<str>,
    pub name: Arc<str>,
    /// `count`, `percent` (of the registered list) or `index` (1 = national average).
    pub measure: ActivityMeasure,
    pub default: Decimal,
    pub help: Arc<str>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityMeasure {
    Count,
    Percent,
    Index,
}

/// A stated assumption that fills a gap the sources leave.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Assumption {
    pub id: String,
    pub text: String,
    /// Paths of the figures the assumption governs.
    pub figures: Vec<String>,
}

/// A record of indicators a derived rule set retired, with the reason.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Retirement {
    pub what: String,
    /// The indicator codes removed (empty for enhanced services).
    pub codes: Vec<String>,
    /// Their points in the base set, pools counted whole; `None` when some
    /// were not found.
    pub points: Option<Decimal>,
    pub reason: String,
    pub source: String,
    pub status: Status,
    /// Where the retired points' money went, as the rules data says: an
    /// enhanced service's id, or `global_sum`.
    pub funds: Option<String>,
}

/// One contract year or proposal.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleSet {
    pub id: Arc<str>,
    pub name: Arc<str>,
    pub short_name: Arc<str>,
    pub period: Arc<str>,
    /// Chronological position; sets are shown and compared in this order.
    pub order: u32,
    pub summary: Arc<str>,
    /// Enacted, or only proposed.
    pub kind: super::SetKind,
    pub derives_from: Option<Arc<str>>,
    pub assumptions: Vec<Assumption>,
    pub retirements: Vec<Retirement>,
    pub qof: Qof,
    /// National prevalence (%) for each register the set's indicators use,
    /// in the catalog's register order; not-found figures where unknown.
    pub prevalence: Vec<PrevalenceFigure>,
    pub funding: Funding,
    pub services: Vec<Service>,
    pub reinvestment: Option<Reinvestment>,
    /// Set when this rule set is a user's scenario rather than a published set.
    pub custom: Option<CustomInfo>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PrevalenceFigure {
    /// Index into the catalog's registers.
    pub index: usize,
    /// Whether any indicator of the set uses this register. Unused figures
    /// are kept (a derived set may need them) but are not listed or edited.
    pub used: bool,
    pub register: Arc<str>,
    pub name: Arc<str>,
    pub figure: Figure,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CustomInfo {
    pub base: Arc<str>,
    pub edits: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Qof {
    pub point_value: Figure,
    pub average_list_size: Figure,
    pub aspiration_share: Figure,
    /// Absent where no indicator needs it (a proposal borrows typical
    /// achievement from the enacted year that implemented its indicators).
    pub average_points_achieved: Option<Figure>,
    pub official_total_points: Figure,
    pub official_indicator_count: Figure,
    pub pms_deduction_amount: Figure,
    pub pms_deduction_per_patients: Figure,
    pub domains: Vec<Domain>,
    pub areas: Vec<Area>,
    pub indicators: Vec<Indicator>,
    pub pools: Vec<Pool>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Domain {
    pub id: Arc<str>,
    pub name: Arc<str>,
    /// The organisational domain: what "organisational QOF removed" refers to.
    pub organisational: bool,
    pub official_points: Figure,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Area {
    pub id: Arc<str>,
    pub name: Arc<str>,
    pub domain: usize,
    pub official_points: Option<Figure>,
    pub line_id: Arc<str>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// Points pro rata between a lower and an upper threshold.
    Threshold,
    /// All or nothing: the practice keeps the register.
    Register,
    /// All or nothing: the standard is met or not.
    YesNo,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentBasis {
    /// points × £/point × CPI × prevalence factor.
    Prevalence,
    /// points × £/point × CPI.
    List,
    /// Paid on a target population; its factors were not found, so the
    /// engine pays on the list (CPI) and says so.
    TargetPopulation,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Indicator {
    pub code: Arc<str>,
    /// `code` without spaces; used in line ids and figure paths.
    pub id: Arc<str>,
    pub line_id: Arc<str>,
    pub code_id: CodeId,
    pub area: usize,
    pub kind: IndicatorKind,
    pub payment: PaymentBasis,
    pub register: Option<usize>,
    pub description: Arc<str>,
    pub code_note: Option<Arc<str>>,
    /// `false` when `code` is our placeholder for a code not found.
    pub code_found: bool,
    pub note: Option<Arc<str>>,
    /// Codes of the indicators this one replaces or continues.
    pub continues: Arc<[Arc<str>]>,
    pub points: Figure,
    pub lower: Option<Figure>,
    pub upper: Option<Figure>,
    /// Index into `Qof::pools` when the points are only known for a group.
    pub pool: Option<usize>,
    /// The achievement (%) a typical practice is assumed to have: set by
    /// the catalog from the indicator's lineage (the enacted year that first
    /// had it), like `code_id`, and carried with the indicator wherever it
    /// goes (a scenario, a waterfall step). What it earns at the thresholds
    /// in use is derived when the set is prepared (`prepared.rs`).
    pub typical_achievement: Option<Decimal>,
}

impl Indicator {
    pub fn is_threshold(&self) -> bool {
        self.kind == IndicatorKind::Threshold
    }

    /// The code as people read it ("code not found" for a placeholder).
    pub fn shown_code(&self) -> &str {
        if self.code_found {
            &self.code
        } else {
            "code not found"
        }
    }
}

/// Indicators whose points are known only as a group total.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pool {
    pub id: Arc<str>,
    pub name: Arc<str>,
    pub line_id: Arc<str>,
    pub area: usize,
    pub members: Vec<usize>,
    pub points: Figure,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Funding {
    pub global_sum_price: Figure,
    pub ooh_deduction: Figure,
    /// Present only in years when the correction factor is being phased out.
    pub mpig_phase_out_years: Option<Figure>,
    pub mpig_years_elapsed: Option<Figure>,
    /// £ a weighted patient added to a PMS or APMS contract value, against
    /// its 2013/14 value, as the equivalent of the reinvestment GMS core
    /// funding received; absent where none applies.
    pub pms_uplift: Option<Figure>,
    /// The share of a practice's own PMS premium reduction (a practice
    /// input: the premium review was local) that applies under this set;
    /// absent where the review had not begun.
    pub pms_premium_review: Option<Figure>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Service {
    pub id: Arc<str>,
    pub name: Arc<str>,
    pub description: Arc<str>,
    pub line_id: Arc<str>,
    /// A service-level rate that `ShareOfRate` components take shares of.
    pub rate: Option<Figure>,
    pub components: Vec<Component>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Component {
    pub id: Arc<str>,
    pub name: Arc<str>,
    pub line_id: Arc<str>,
    pub kind: ComponentKind,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ComponentKind {
    /// rate × registered list, times an activity index when one is named.
    PerPatient {
        rate: Figure,
        activity: Option<usize>,
    },
    /// rate × a count of activity.
    PerItem { rate: Figure, activity: usize },
    /// A flat amount when an activity share of the list reaches a minimum.
    FlatIfShare {
        amount: Figure,
        min_percent: Figure,
        activity: usize,
    },
    /// share × the service's `rate` × registered list.
    ShareOfRate { share: Figure },
    /// A per-patient rate funded from the rule set's reinvestment pot; the
    /// rate is derived from the reinvestment when the set is prepared.
    Reinvested,
}

/// Money released from QOF and reinvested elsewhere, for proposals that say
/// the savings are reinvested without saying how.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reinvestment {
    /// QOF points whose value is reinvested.
    pub points: Figure,
    pub targets: Vec<ReinvestTarget>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReinvestTarget {
    /// A service id, or `global_sum`.
    pub target: Arc<str>,
    pub weight: Figure,
}

impl RuleSet {
    pub fn domain_of(&self, ind: &Indicator) -> &Domain {
        &self.qof.domains[self.qof.areas[ind.area].domain]
    }

    /// The indicator with this code, if the rule set has one.
    pub fn indicator(&self, code: &str) -> Option<&Indicator> {
        self.qof
            .indicators
            .iter()
            .find(|i| &*i.code == code || &*i.id == code)
    }

    /// National prevalence (%) for a register, by catalog register index.
    pub fn national_prevalence(&self, register: usize) -> Option<&Figure> {
        self.prevalence
            .iter()
            .find(|p| p.index == register)
            .map(|p| &p.figure)
    }

    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| &*s.id == id)
    }

    /// The Contractor Population Index for a list: list ÷ the rule set's
    /// average list size (0 when that divisor is missing or zero).
    pub fn cpi(&self, list_size: crate::money::Patients) -> Decimal {
        match self.qof.average_list_size.value {
            Some(avg) if !avg.is_zero() => list_size.0 / avg,
            _ => Decimal::ZERO,
        }
    }

    /// The national average share of QOF points achieved, where the rule
    /// set has that figure.
    pub fn national_average_share(&self) -> Option<Decimal> {
        self.qof
            .average_points_achieved
            .as_ref()
            .and_then(|f| f.value)
    }

    /// A figure by its path, e.g. `qof.point_value`.
    pub fn figure(&self, path: &str) -> Option<&Figure> {
        self.figures().into_iter().find(|f| f.path() == path)
    }

    /// Every figure by its path, for looking many up at once (one walk,
    /// where [`RuleSet::figure`] walks the set for each).
    pub fn figures_by_path(&self) -> std::collections::HashMap<&str, &Figure> {
        self.figures().into_iter().map(|f| (f.path(), f)).collect()
    }

    /// Every figure in the rule set, in a stable order.
    pub fn figures(&self) -> Vec<&Figure> {
        let mut out = Vec::new();
        super::walk::walk_ref(self, &mut |_, f| out.push(f));
        out
    }

    /// Every figure with its typed location, in walk order: for grouping
    /// figures without parsing their paths.
    pub fn located_figures(&self) -> Vec<(super::Loc, &Figure)> {
        let mut out = Vec::new();
        super::walk::walk_ref(self, &mut |loc, f| out.push((loc, f)));
        out
    }

    pub fn for_each_figure<'a>(&'a self, f: &mut dyn FnMut(&'a Figure)) {
        super::walk::walk_ref(self, &mut |_, fig| f(fig));
    }

    /// Counts of figures by status.
    pub fn status_counts(&self) -> BTreeMap<Status, usize> {
        let mut counts = BTreeMap::new();
        for s in Status::ALL {
            counts.insert(s, 0);
        }
        self.for_each_figure(&mut |f| *counts.entry(f.status()).or_insert(0) += 1);
        counts
    }

    /// The unit in which a path's figure is expressed, for editors.
    pub fn unit_of(&self, path: &str) -> Option<Unit> {
        self.figure(path).map(|f| f.unit())
    }
}
