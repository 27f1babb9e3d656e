//! The national view: every practice in the population under two rule sets.
//! Winners and losers, the distribution of the change, breakdowns by region,
//! CCG, list size and contract, and national totals by payment. One
//! function, [`run`], used by `gpsim national` and the app, so both show the
//! same figures. A practice whose published figures do not validate is
//! counted apart, with its reason, never guessed.
//!
//! Length: one national run: preparing the population, running it and the
//! summary's every table (winners and losers, histograms, breakdowns, totals)
//! are built together, so their counts agree by construction.

use crate::batch::{BatchSet, ProfileQof};
use crate::money::Money;
use crate::population::{
    AchievementSource, ContractSource, Member, Population, Refusal, RefusalKind,
};
use crate::rules::{Catalog, RuleSet};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod corners;
mod histogram;
mod published;
pub use corners::{corners, Corners};
pub use histogram::{labels as histogram_labels, Bin, Class};
pub use published::{published_checks, Published, PublishedCheck, PUBLISHED_2014_15};

/// A change within this share of the first set's total counts as "about the
/// same" (±1%).
pub const SAME_WITHIN_PERCENT: i64 = 1;

/// One practice's result.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Outcome {
    /// Index into the population's members.
    pub index: usize,
    pub code: String,
    pub name: String,
    pub postcode: String,
    pub ccg: String,
    pub region: String,
    /// GMS, PMS or APMS.
    pub contract: String,
    pub list: u32,
    pub weighted: u32,
    pub from: Money,
    pub to: Money,
    pub change: Money,
    /// Change as a percentage of `from`, two places (zero when `from` is).
    pub percent: Decimal,
    /// Change a weighted patient, to the penny.
    pub change_per_weighted: Money,
    /// Modelled QOF points under `to`, and their share (%) of the points
    /// available under it, one place.
    pub qof_points_to: Decimal,
    pub qof_share_to: Decimal,
    /// Where its QOF achievement came from: published or modelled.
    pub achievement: AchievementSource,
    /// A PMS or APMS contract value found in "Other Payments", where so.
    pub contract_from_other_payments: bool,
}

/// A practice that is not run, and why.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LeftOut {
    pub code: String,
    pub name: String,
    pub contract: String,
    pub region: String,
    pub kind: RefusalKind,
    pub reason: String,
}

impl LeftOut {
    /// The kind of reason, in words, for counting them.
    pub fn kind(&self) -> &'static str {
        self.kind.words()
    }
}

/// Counts and sums for a group of practices.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Group {
    pub name: String,
    pub practices: usize,
    pub gain: usize,
    pub lose: usize,
    pub same: usize,
    pub from: Money,
    pub to: Money,
    pub change: Money,
    /// Median change per practice, as a percentage.
    pub median_percent: Decimal,
}

/// A payment's national total under each set.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ComponentTotal {
    pub id: String,
    pub label: String,
    pub from: Money,
    pub to: Money,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Summary {
    pub from_id: String,
    pub from_name: String,
    pub to_id: String,
    pub to_name: String,
    pub all: Group,
    /// Average QOF points per practice under each set (for calibration
    /// against the published national average).
    pub qof_points_from: Decimal,
    pub qof_points_to: Decimal,
    pub components: Vec<ComponentTotal>,
    pub by_region: Vec<Group>,
    pub by_ccg: Vec<Group>,
    pub by_list_band: Vec<Group>,
    pub by_contract: Vec<Group>,
    pub histogram_pounds: Vec<Bin>,
    pub histogram_percent: Vec<Bin>,
    /// Every practice that validated, in the population's order.
    pub outcomes: Vec<Outcome>,
    /// Practices left out, each with why.
    pub left_out: Vec<LeftOut>,
    /// Practices run whose QOF achievement level is published, and
    /// modelled (their CCG's, or national typical).
    pub achievement_published: usize,
    pub achievement_modelled: usize,
    /// How close the model's payments-year payments are to the cash the
    /// payments file records, heading by heading.
    pub closeness: Vec<Closeness>,
    /// The name of each CCG with a practice run, by code (a CCG the
    /// population has no name for is absent, and shows as its code).
    pub ccg_names: BTreeMap<String, String>,
}

impl Summary {
    /// A CCG as people read it: "Darlington (00C)", or its code alone.
    pub fn ccg_label(&self, code: &str) -> String {
        ccg_label(&self.ccg_names, code)
    }
}

/// A CCG as people read it, from a map of names: the by-CCG table and the
/// table of practices name it the same way.
fn ccg_label(names: &BTreeMap<String, String>, code: &str) -> String {
    match names.get(code) {
        Some(name) => format!("{name} ({code})"),
        None => code.to_string(),
    }
}

pub use crate::calibration::{Closeness, NOT_COMPARED};

impl Summary {
    /// The practices sorted by change, biggest gain first.
    pub fn ranked(&self) -> Vec<&Outcome> {
        let mut v: Vec<&Outcome> = self.outcomes.iter().collect();
        v.sort_by(|a, b| b.change.cmp(&a.change).then_with(|| a.code.cmp(&b.code)));
        v
    }

    /// The share of practices whose change is below `o`'s (its percentile).
    pub fn percentile_of(&self, change: Money) -> Decimal {
        if self.outcomes.is_empty() {
            return Decimal::ZERO;
        }
        let below = self.outcomes.iter().filter(|x| x.change < change).count();
        let share =
            Decimal::from(below) * Decimal::ONE_HUNDRED / Decimal::from(self.outcomes.len());
        crate::money::round_half_up(share, 0)
    }
}

/// The list-size band a practice falls in.
pub fn list_band(list: u32) -> &'static str {
    match list {
        0..=2999 => "under 3,000",
        3000..=5999 => "3,000 to 5,999",
        6000..=9999 => "6,000 to 9,999",
        10000..=14999 => "10,000 to 14,999",
        _ => "15,000 and over",
    }
}

const BANDS: [&str; 5] = [
    "under 3,000",
    "3,000 to 5,999",
    "6,000 to 9,999",
    "10,000 to 14,999",
    "15,000 and over",
];

fn percent(change: Money, from: Money) -> Decimal {
    if from.0.is_zero() {
        Decimal::ZERO
    } else {
        crate::money::round_half_up(change.0 / from.0 * Decimal::ONE_HUNDRED, 2)
    }
}

/// The middle value (the mean of the middle two, to two places), found by
/// selection rather than a full sort.
fn median(mut v: Vec<Decimal>) -> Decimal {
    if v.is_empty() {
        return Decimal::ZERO;
    }
    let n = v.len();
    let (lower, middle, _) = v.select_nth_unstable(n / 2);
    let middle = *middle;
    if n % 2 == 1 {
        middle
    } else {
        let below = lower.iter().max().copied().unwrap_or(middle);
        crate::money::round_half_up((below + middle) / Decimal::TWO, 2)
    }
}

fn group<'a>(name: &str, items: impl Iterator<Item = &'a Outcome>) -> Group {
    let mut g = Group {
        name: name.to_string(),
        ..Default::default()
    };
    let mut pcts = Vec::new();
    for o in items {
        g.practices += 1;
        g.from += o.from;
        g.to += o.to;
        g.change += o.change;
        match Class::of(o.percent) {
            Class::Same => g.same += 1,
            Class::Gain => g.gain += 1,
            Class::Lose => g.lose += 1,
        }
        pcts.push(o.percent);
    }
    g.median_percent = median(pcts);
    g
}

/// Groups by a key borrowed from the outcome or the population (no string
/// is built per practice), named by `name`.
fn groups_by<'a>(
    outcomes: &'a [Outcome],
    key: impl Fn(&'a Outcome) -> &'a str,
    name: impl Fn(&str) -> String,
) -> Vec<Group> {
    let mut by: BTreeMap<&str, Vec<&Outcome>> = BTreeMap::new();
    for o in outcomes {
        by.entry(key(o)).or_default().push(o);
    }
    by.into_iter()
        .map(|(k, v)| group(&name(k), v.into_iter()))
        .collect()
}

/// Every member as a validated practice, or why it cannot be run. Building
/// this is about half of a run; it depends only on the population, so a
/// caller that runs many pairs of sets (the app's worker) builds it once.
pub struct Prepared {
    pub practices: Vec<Result<crate::Practice, Refusal>>,
    /// Each run practice's achievement source and where its contract value
    /// came from (PMS and APMS).
    pub modelled: Vec<Option<(AchievementSource, Option<ContractSource>)>>,
    /// The model beside the payments file's cash (see [`Closeness`]).
    pub closeness: Vec<Closeness>,
    /// How each practice's QOF points are worked out (see [`Plan`]).
    plan: Vec<Plan>,
    /// A practice (by index) holding each shared profile's achievement.
    exemplars: Vec<usize>,
    /// Each CCG's own achievement, for the profiles scaled from it.
    templates: Vec<crate::Practice>,
}

/// How a practice's QOF points are worked out in the batch path.
#[derive(Clone, Copy, Debug)]
enum Plan {
    /// A profile it shares with its CCG's other practices of the same
    /// achievement (those with no published level): worked out once.
    Shared(usize),
    /// Its CCG's achievement (a template) scaled by its multiplier: each
    /// CCG's profile is laid out once a set and scaled per practice.
    Scaled(usize, Decimal),
    /// Not run.
    Skip,
}

pub fn prepare(catalog: &Catalog, pop: &Population) -> Prepared {
    let shapes = pop.shapes(catalog);
    let mut modelled = Vec::with_capacity(pop.members.len());
    let mut multipliers = Vec::with_capacity(pop.members.len());
    let practices: Vec<Result<crate::Practice, Refusal>> = pop
        .members
        .iter()
        .map(|m| {
            let done =
                pop.modelled_with(catalog, m, shapes.get(&m.ccg))
                    .and_then(|md| {
                        let p = crate::validate(&md.raw, catalog).map(|(p, _)| p).map_err(
                            |problems| {
                                Refusal::new(
                                    RefusalKind::Invalid,
                                    problems
                                        .iter()
                                        .map(|p| format!("{}: {}", p.field, p.message))
                                        .collect::<Vec<_>>()
                                        .join("; "),
                                )
                            },
                        )?;
                        Ok((
                            p,
                            md.achievement,
                            md.assessed.contract_paid.map(|c| c.1),
                            md.multiplier,
                        ))
                    });
            match done {
                Ok((p, a, c, m)) => {
                    modelled.push(Some((a, c)));
                    multipliers.push(m);
                    Ok(p)
                }
                Err(e) => {
                    modelled.push(None);
                    multipliers.push(None);
                    Err(e)
                }
            }
        })
        .collect();
    // Scaled practices by their CCG's template; the rest share profiles by
    // CCG, checked: a practice whose achievement differs from its CCG's
    // exemplar gets a profile of its own.
    let mut exemplars: Vec<usize> = Vec::new();
    let mut templates: Vec<crate::Practice> = Vec::new();
    let mut template_of: BTreeMap<&str, Option<usize>> = BTreeMap::new();
    let mut by_ccg: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut plan = vec![Plan::Skip; practices.len()];
    for (i, (m, p)) in pop.members.iter().zip(&practices).enumerate() {
        let Ok(p) = p else { continue };
        if let Some(multiplier) = multipliers[i] {
            let t = *template_of.entry(&m.ccg).or_insert_with(|| {
                let t = pop.template(catalog, pop.ccg_achievement(&m.ccg)?)?;
                templates.push(t);
                Some(templates.len() - 1)
            });
            if let Some(t) = t {
                plan[i] = Plan::Scaled(t, multiplier);
                continue;
            }
        }
        let same = |j: &usize| matches!(&practices[exemplars[*j]], Ok(e) if e.achievement == p.achievement && e.default_achievement == p.default_achievement);
        let known = by_ccg.entry(&m.ccg).or_default();
        plan[i] = Plan::Shared(match known.iter().find(|j| same(j)) {
            Some(j) => *j,
            None => {
                exemplars.push(i);
                known.push(exemplars.len() - 1);
                exemplars.len() - 1
            }
        });
    }
    let mut prepared = Prepared {
        practices,
        modelled,
        closeness: Vec::new(),
        plan,
        exemplars,
        templates,
    };
    if let Some(rs) = catalog.get(&pop.payments_year) {
        let b = BatchSet::new(catalog, rs);
        let qof = Profiles::under(&b, &prepared);
        let profiles: Vec<Option<ProfileQof>> = (0..prepared.practices.len())
            .map(|i| qof.of(&prepared, i).cloned())
            .collect();
        prepared.closeness = crate::calibration::closeness(pop, &prepared.practices, &b, &profiles);
    }
    prepared
}

/// What the batch path works out once a set for the practices' QOF: each
/// shared profile, and each scaled practice's profile, swept up its CCG's
/// template's multipliers ([`BatchSet::scaled_many`]).
struct Profiles {
    shared: Vec<ProfileQof>,
    scaled: Vec<Option<ProfileQof>>,
}

impl Profiles {
    fn under(b: &BatchSet<'_>, prepared: &Prepared) -> Profiles {
        let mut by_template: Vec<Vec<(usize, Decimal)>> =
            vec![Vec::new(); prepared.templates.len()];
        for (i, plan) in prepared.plan.iter().enumerate() {
            if let Plan::Scaled(t, m) = plan {
                by_template[*t].push((i, *m));
            }
        }
        let mut scaled = vec![None; prepared.plan.len()];
        for (t, ms) in prepared.templates.iter().zip(&by_template) {
            if ms.is_empty() {
                continue;
            }
            for (i, profile) in b.scaled_many(&b.scale_table(t), ms) {
                scaled[i] = Some(profile);
            }
        }
        Profiles {
            shared: prepared
                .exemplars
                .iter()
                .filter_map(|&e| prepared.practices[e].as_ref().ok())
                .map(|p| b.profile(p))
                .collect(),
            scaled,
        }
    }

    /// Practice `i`'s profile (`None` for one not run).
    fn of(&self, prepared: &Prepared, i: usize) -> Option<&ProfileQof> {
        match prepared.plan[i] {
            Plan::Shared(j) => self.shared.get(j),
            Plan::Scaled(..) => self.scaled.get(i)?.as_ref(),
            Plan::Skip => None,
        }
    }

    /// Practice `i`'s payments under `b`.
    fn pay(
        &self,
        b: &BatchSet<'_>,
        prepared: &Prepared,
        i: usize,
    ) -> Option<crate::batch::Amounts> {
        let p = prepared.practices[i].as_ref().ok()?;
        Some(b.amounts(p, self.of(prepared, i)?))
    }
}

/// `f(0)` and `f(1)`: natively on two threads (each set's profiles are
/// worked out alone, so the result is the same), in the browser in turn.
fn both<T: Send>(f: impl Fn(usize) -> T + Sync) -> [T; 2] {
    #[cfg(not(target_arch = "wasm32"))]
    {
        if std::thread::available_parallelism().map_or(1, |t| t.get()) > 1 {
            return std::thread::scope(|scope| {
                let f = &f;
                let second = scope.spawn(move || f(1));
                let first = f(0);
                // The engine does not panic; if the thread ever did, its
                // half is worked out again here rather than lost.
                [first, second.join().unwrap_or_else(|_| f(1))]
            });
        }
    }
    [f(0), f(1)]
}

/// Every prepared practice's payments under one set, in order (`None` for
/// one not run): each profile worked out once, then each practice paid
/// alone.
fn paid_under(b: &BatchSet<'_>, prepared: &Prepared) -> Vec<Option<crate::batch::Amounts>> {
    let profiles = Profiles::under(b, prepared);
    (0..prepared.practices.len())
        .map(|i| profiles.pay(b, prepared, i))
        .collect()
}

/// Each practice's payments under the published sets run lately, kept (by
/// the app's worker) so that a run that changes one set of two works out
/// only that one. A custom scenario is never kept: its figures change.
/// Every practice's payments under one set, shared between runs.
type Paid = std::sync::Arc<Vec<Option<crate::batch::Amounts>>>;

#[derive(Default)]
pub struct Cache {
    sets: Vec<(std::sync::Arc<str>, Paid)>,
}

/// How many sets a [`Cache`] keeps (each about 3 MB).
const CACHED_SETS: usize = 8;

impl Cache {
    fn get_or_pay(&self, b: &BatchSet<'_>, prepared: &Prepared) -> Paid {
        match self.sets.iter().find(|(id, _)| *id == b.rs.id) {
            Some((_, paid)) if b.rs.custom.is_none() => paid.clone(),
            _ => std::sync::Arc::new(paid_under(b, prepared)),
        }
    }

    fn keep(&mut self, rs: &RuleSet, paid: &Paid) {
        if rs.custom.is_some() || self.sets.iter().any(|(id, _)| *id == rs.id) {
            return;
        }
        if self.sets.len() == CACHED_SETS {
            self.sets.remove(0);
        }
        self.sets.push((rs.id.clone(), paid.clone()));
    }
}

/// Runs every practice under `from` and `to`.
pub fn run(catalog: &Catalog, pop: &Population, from: &RuleSet, to: &RuleSet) -> Summary {
    run_prepared(catalog, pop, &prepare(catalog, pop), from, to)
}

/// [`run`] over practices already prepared from `pop`.
pub fn run_prepared(
    catalog: &Catalog,
    pop: &Population,
    prepared: &Prepared,
    from: &RuleSet,
    to: &RuleSet,
) -> Summary {
    run_cached(catalog, pop, prepared, &mut Cache::default(), from, to)
}

/// [`run_prepared`], taking each published set's payments from `cache`
/// where they are kept and keeping them there: the same figures, since each
/// practice's payments under a set depend on nothing else.
pub fn run_cached(
    catalog: &Catalog,
    pop: &Population,
    prepared: &Prepared,
    cache: &mut Cache,
    from: &RuleSet,
    to: &RuleSet,
) -> Summary {
    let mut outcomes = Vec::with_capacity(pop.members.len());
    let mut left_out = Vec::new();
    let mut components: Vec<ComponentTotal> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut points = [Decimal::ZERO; 2];
    let mut add = |id: &str, label: &str, which: usize, amount: Money| {
        // Registers a payment (and adds to it).
        let i = match index.get(id) {
            Some(i) => *i,
            None => {
                components.push(ComponentTotal {
                    id: id.to_string(),
                    label: label.to_string(),
                    from: Money::ZERO,
                    to: Money::ZERO,
                });
                index.insert(id.to_string(), components.len() - 1);
                components.len() - 1
            }
        };
        if which == 0 {
            components[i].from += amount;
        } else {
            components[i].to += amount;
        }
    };
    // The batch path: each set prepared once, each profile's points once.
    let sets = [BatchSet::new(catalog, from), BatchSet::new(catalog, to)];
    let paid_sets = {
        let cache = &*cache;
        both(|w| cache.get_or_pay(&sets[w], prepared))
    };
    cache.keep(from, &paid_sets[0]);
    cache.keep(to, &paid_sets[1]);
    // Payments in a fixed order: the global sum or PMS baseline, MPIG,
    // seniority, QOF, then services, each set's in its order.
    for (id, label) in [
        ("global_sum", "Global sum"),
        ("pms_baseline", "PMS or APMS contract value (2013/14)"),
        ("pms_uplift", "Equivalent uplift to the contract value"),
        ("pms_premium_reduction", "PMS premium review reduction"),
        ("mpig", "MPIG correction factor"),
        ("seniority", "Seniority"),
        ("qof", "Quality and Outcomes Framework"),
        ("services", "Enhanced services"),
    ] {
        add(id, label, 0, Money::ZERO);
    }
    for b in &sets {
        for s in &b.rs.services {
            add(&s.line_id, &s.name, 0, Money::ZERO);
        }
    }
    let service_slots: Vec<Vec<usize>> = sets
        .iter()
        .map(|b| b.rs.services.iter().map(|s| index[&*s.line_id]).collect())
        .collect();
    let mut sums = vec![[Money::ZERO; 2]; components.len()];
    let paid = paid_sets[0].iter().zip(paid_sets[1].iter());
    for (i, ((m, practice), paid)) in pop
        .members
        .iter()
        .zip(&prepared.practices)
        .zip(paid)
        .enumerate()
    {
        let (Some(a0), Some(a1)) = paid else {
            if let Err(why) = practice {
                left_out.push(LeftOut {
                    code: m.code.clone(),
                    name: m.name.clone(),
                    contract: m.contract.name().to_string(),
                    region: m.region.clone(),
                    kind: why.kind,
                    reason: why.reason.clone(),
                });
            }
            continue;
        };
        let mut totals = [Money::ZERO; 2];
        let qof_points_to = a1.qof_points;
        for (which, a) in [a0, a1].into_iter().enumerate() {
            for (slot, amount) in [
                a.global_sum,
                a.pms_baseline,
                a.pms_uplift,
                a.pms_premium_reduction,
                a.mpig,
                a.seniority,
                a.qof,
                a.services_total,
            ]
            .into_iter()
            .enumerate()
            {
                sums[slot][which] += amount;
            }
            for (k, amount) in a.services.iter().enumerate() {
                sums[service_slots[which][k]][which] += *amount;
            }
            totals[which] = a.total;
            points[which] += a.qof_points;
        }
        let (achievement, other) =
            prepared.modelled[i].unwrap_or((AchievementSource::National, None));
        let mut o = outcome(i, m, totals[0], totals[1]);
        o.qof_points_to = crate::money::round_half_up(qof_points_to, 1);
        o.qof_share_to = if sets[1].max_points.is_zero() {
            Decimal::ZERO
        } else {
            crate::money::round_half_up(
                qof_points_to / sets[1].max_points * Decimal::ONE_HUNDRED,
                1,
            )
        };
        o.achievement = achievement;
        o.contract_from_other_payments = other == Some(ContractSource::OtherPayments);
        outcomes.push(o);
    }
    for (c, [from, to]) in components.iter_mut().zip(sums) {
        c.from = from;
        c.to = to;
    }
    // A contract payment nobody receives (no PMS practices, say) is not
    // listed; every service is, even at £0, so a gap shows.
    components.retain(|c| {
        let unpaid = c.from.is_zero() && c.to.is_zero();
        !(unpaid
            && matches!(
                c.id.as_str(),
                "global_sum" | "pms_baseline" | "pms_uplift" | "pms_premium_reduction" | "mpig"
            ))
    });
    let all = group("England", outcomes.iter());
    let achievement_published = outcomes
        .iter()
        .filter(|o| o.achievement.is_published())
        .count();
    let average = |p: Decimal| {
        if outcomes.is_empty() {
            Decimal::ZERO
        } else {
            crate::money::round_half_up(p / Decimal::from(outcomes.len()), 1)
        }
    };
    let pounds: Vec<(Decimal, Class)> = outcomes
        .iter()
        .map(|o| (o.change.0, Class::of(o.percent)))
        .collect();
    let pcts: Vec<Decimal> = outcomes.iter().map(|o| o.percent).collect();
    let same = |k: &str| k.to_string();
    let ccg_names: BTreeMap<String, String> = outcomes
        .iter()
        .map(|o| o.ccg.as_str())
        .collect::<std::collections::BTreeSet<&str>>()
        .into_iter()
        .filter_map(|c| Some((c.to_string(), pop.ccg_name(c)?.to_string())))
        .collect();
    let mut by_list_band = groups_by(&outcomes, |o| list_band(o.list), same);
    by_list_band.sort_by_key(|g| BANDS.iter().position(|b| *b == g.name));
    Summary {
        from_id: from.id.to_string(),
        from_name: from.name.to_string(),
        to_id: to.id.to_string(),
        to_name: to.name.to_string(),
        all,
        qof_points_from: average(points[0]),
        qof_points_to: average(points[1]),
        components,
        by_region: groups_by(&outcomes, |o| &pop.members[o.index].region, same),
        by_ccg: groups_by(
            &outcomes,
            |o| &pop.members[o.index].ccg,
            |ccg| ccg_label(&ccg_names, ccg),
        ),
        by_list_band,
        by_contract: groups_by(&outcomes, |o| pop.members[o.index].contract.name(), same),
        histogram_pounds: histogram::pounds(&pounds),
        histogram_percent: histogram::percent(&pcts),
        achievement_modelled: outcomes.len() - achievement_published,
        achievement_published,
        outcomes,
        left_out,
        closeness: prepared.closeness.clone(),
        ccg_names,
    }
}

fn outcome(index: usize, m: &Member, from: Money, to: Money) -> Outcome {
    let change = to - from;
    Outcome {
        index,
        code: m.code.clone(),
        name: m.name.clone(),
        postcode: m.postcode.clone(),
        ccg: m.ccg.clone(),
        region: m.region.clone(),
        contract: m.contract.name().to_string(),
        list: m.list,
        weighted: m.weighted,
        from,
        to,
        change,
        percent: percent(change, from),
        change_per_weighted: if m.weighted == 0 {
            Money::ZERO
        } else {
            Money(change.0 / Decimal::from(m.weighted)).round_pence()
        },
        qof_points_to: Decimal::ZERO,
        qof_share_to: Decimal::ZERO,
        achievement: AchievementSource::National,
        contract_from_other_payments: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_is_the_middle_value_or_the_mean_of_the_middle_two() {
        let d = |v: &[i64]| v.iter().map(|x| Decimal::from(*x)).collect::<Vec<_>>();
        assert_eq!(median(d(&[5, 1, 3])), Decimal::from(3));
        assert_eq!(median(d(&[4, 1, 3, 2])), Decimal::new(25, 1));
        assert_eq!(median(d(&[])), Decimal::ZERO);
        assert_eq!(median(d(&[7])), Decimal::from(7));
    }

    #[test]
    fn groups_count_a_change_within_one_percent_as_the_same() {
        let o = |change: i64| Outcome {
            index: 0,
            code: String::new(),
            name: String::new(),
            postcode: String::new(),
            ccg: String::new(),
            region: String::new(),
            contract: "GMS".into(),
            list: 1,
            weighted: 1,
            change_per_weighted: Money::ZERO,
            qof_points_to: Decimal::ZERO,
            qof_share_to: Decimal::ZERO,
            achievement: AchievementSource::National,
            contract_from_other_payments: false,
            from: Money::new(Decimal::from(1000)),
            to: Money::new(Decimal::from(1000 + change)),
            change: Money::new(Decimal::from(change)),
            percent: Decimal::from(change) / Decimal::from(10),
        };
        let v = [o(5), o(-10), o(11), o(-11)];
        let g = group("x", v.iter());
        assert_eq!((g.gain, g.lose, g.same), (1, 1, 2));
    }
}
