//! The practice form as the user typed it: every field kept as text, so
//! nothing typed is ever lost to a parse error. Converts to the engine's raw
//! practice (which validation then checks) and from presets.

use gpsim_engine::practice::{
    RawAchievement, RawBool, RawNumber, RawNumberOnly, RawPractice, RawUptake,
};
use std::collections::BTreeMap;

/// One field of the form. Its `path` matches the engine's problem paths, so
/// a validation problem finds its field.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Name,
    ListSize,
    WeightedList,
    Contract,
    OohOptedOut,
    Mpig,
    Seniority,
    PmsBaseline,
    PmsPremiumReduction,
    DefaultAchievement,
    LastYearPoints,
    Register(String),
    Achievement(String),
    Service(String),
    Activity(String),
}

impl Field {
    /// The engine's name for the field, as in `Problem::field`.
    pub fn path(&self) -> String {
        match self {
            Field::Name => "name".into(),
            Field::ListSize => "list_size".into(),
            Field::WeightedList => "weighted_list".into(),
            Field::Contract => "contract".into(),
            Field::OohOptedOut => "ooh_opted_out".into(),
            Field::Mpig => "mpig_correction_factor".into(),
            Field::Seniority => "seniority".into(),
            Field::PmsBaseline => "pms_baseline".into(),
            Field::PmsPremiumReduction => "pms_premium_reduction".into(),
            Field::DefaultAchievement => "default_achievement".into(),
            Field::LastYearPoints => "last_year_points".into(),
            Field::Register(r) => format!("registers.{r}"),
            Field::Achievement(c) => format!("achievement.{c}"),
            Field::Service(s) => format!("services.{s}"),
            Field::Activity(a) => format!("activity.{a}"),
        }
    }

    /// The field an engine path names: the inverse of [`Field::path`]. A
    /// service component's path (`services.<id>.<component>`) names the
    /// service.
    pub fn from_path(path: &str) -> Option<Field> {
        let field = match path.split_once('.') {
            Some(("registers", r)) => Field::Register(r.to_string()),
            Some(("achievement", c)) => Field::Achievement(c.to_string()),
            Some(("services", s)) => Field::Service(s.split('.').next().unwrap_or(s).to_string()),
            Some(("activity", a)) => Field::Activity(a.to_string()),
            _ => match path {
                "name" => Field::Name,
                "list_size" => Field::ListSize,
                "weighted_list" => Field::WeightedList,
                "contract" => Field::Contract,
                "ooh_opted_out" => Field::OohOptedOut,
                "mpig_correction_factor" => Field::Mpig,
                "seniority" => Field::Seniority,
                "pms_baseline" => Field::PmsBaseline,
                "pms_premium_reduction" => Field::PmsPremiumReduction,
                "default_achievement" => Field::DefaultAchievement,
                "last_year_points" => Field::LastYearPoints,
                _ => return None,
            },
        };
        Some(field)
    }

    /// An HTML id for the field's input, safe in a URL fragment.
    pub fn dom_id(&self) -> String {
        let p = self.path();
        let mut id = String::from("f-");
        for c in p.chars() {
            id.push(if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            });
        }
        id
    }
}

/// The form's state: text for every number, flags for choices.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Form {
    pub name: String,
    pub list_size: String,
    pub weighted_list: String,
    /// "GMS" or "PMS".
    pub contract: String,
    pub ooh_opted_out: bool,
    pub mpig: String,
    pub seniority: String,
    pub pms_baseline: String,
    pub pms_premium_reduction: String,
    /// "typical" or "full".
    pub default_achievement: String,
    pub last_year_points: String,
    pub registers: BTreeMap<String, String>,
    pub achievement: BTreeMap<String, String>,
    /// Services not taken up (everything else is).
    pub services_off: BTreeMap<String, bool>,
    pub activity: BTreeMap<String, String>,
}

fn text(n: &Option<RawNumber>) -> String {
    match n {
        Some(RawNumber::Int(i)) => i.to_string(),
        Some(RawNumber::Float(f)) => gpsim_engine::practice::float_text(*f),
        Some(RawNumber::Text(s)) => s.clone(),
        None => String::new(),
    }
}

fn blank_to_none(s: &str) -> Option<RawNumber> {
    if s.trim().is_empty() {
        None
    } else {
        Some(RawNumber::Text(s.to_string()))
    }
}

impl Form {
    /// The form for a preset practice.
    /// An older practice's numbers are first read as they were then
    /// ([`gpsim_engine::practice::upgrade`]; validating the practice gives
    /// the warnings), so the form holds what the results use.
    pub fn from_raw(raw: &RawPractice) -> Form {
        let (current, _) = gpsim_engine::practice::upgrade(raw);
        let raw = &current;
        let mut f = Form {
            name: raw.name.clone().unwrap_or_default(),
            list_size: text(&raw.list_size),
            weighted_list: text(&raw.weighted_list),
            contract: raw
                .contract
                .clone()
                .unwrap_or_else(|| "GMS".into())
                .to_ascii_uppercase(),
            ooh_opted_out: raw
                .ooh_opted_out
                .as_ref()
                .and_then(RawBool::to_bool)
                .unwrap_or(true),
            mpig: text(&raw.mpig_correction_factor),
            seniority: text(&raw.seniority),
            pms_baseline: text(&raw.pms_baseline),
            pms_premium_reduction: text(&raw.pms_premium_reduction),
            default_achievement: raw
                .default_achievement
                .clone()
                .unwrap_or_else(|| "typical".into()),
            last_year_points: text(&raw.last_year_points),
            ..Default::default()
        };
        for (k, v) in &raw.registers {
            f.registers.insert(k.clone(), text(&Some(v.clone())));
        }
        for (k, v) in &raw.activity {
            f.activity.insert(k.clone(), text(&Some(v.clone())));
        }
        for (k, v) in &raw.achievement {
            let t = match v {
                RawAchievement::Bool(true) => "met".to_string(),
                RawAchievement::Bool(false) => "not met".to_string(),
                RawAchievement::Number(RawNumberOnly::Int(i)) => i.to_string(),
                RawAchievement::Number(RawNumberOnly::Float(x)) => {
                    gpsim_engine::practice::float_text(*x)
                }
                RawAchievement::Number(RawNumberOnly::Text(s)) => s.clone(),
                RawAchievement::Table(t) => {
                    match (&t.percent, &t.numerator, &t.denominator, &t.met) {
                        (Some(p), _, _, _) => text(&Some(p.clone())),
                        (_, Some(n), Some(d), _) => {
                            format!("{}/{}", text(&Some(n.clone())), text(&Some(d.clone())))
                        }
                        (_, _, _, Some(m)) => if m.to_bool() == Some(true) {
                            "met"
                        } else {
                            "not met"
                        }
                        .to_string(),
                        _ => String::new(),
                    }
                }
            };
            f.achievement.insert(k.clone(), t);
        }
        for (k, v) in &raw.services {
            let taken = match v {
                RawUptake::Bool(b) => *b,
                RawUptake::Table(t) => t
                    .taken_up
                    .as_ref()
                    .and_then(RawBool::to_bool)
                    .unwrap_or(true),
            };
            if !taken {
                f.services_off.insert(k.clone(), true);
            }
        }
        f
    }

    /// The engine's raw practice. Blank fields are left out, so the engine's
    /// defaults apply; everything else goes as typed, for validation to judge.
    pub fn to_raw(&self) -> RawPractice {
        let mut raw = RawPractice {
            format: Some(gpsim_engine::practice::FORMAT),
            name: Some(self.name.clone()).filter(|n| !n.trim().is_empty()),
            list_size: blank_to_none(&self.list_size),
            weighted_list: blank_to_none(&self.weighted_list),
            contract: Some(self.contract.clone()),
            ooh_opted_out: Some(RawBool::Bool(self.ooh_opted_out)),
            mpig_correction_factor: blank_to_none(&self.mpig),
            seniority: blank_to_none(&self.seniority),
            pms_baseline: blank_to_none(&self.pms_baseline),
            pms_premium_reduction: blank_to_none(&self.pms_premium_reduction),
            default_achievement: Some(self.default_achievement.clone()),
            last_year_points: blank_to_none(&self.last_year_points),
            ..Default::default()
        };
        for (k, v) in &self.registers {
            if let Some(n) = blank_to_none(v) {
                raw.registers.insert(k.clone(), n);
            }
        }
        for (k, v) in &self.activity {
            if let Some(n) = blank_to_none(v) {
                raw.activity.insert(k.clone(), n);
            }
        }
        for (k, v) in &self.achievement {
            if !v.trim().is_empty() {
                raw.achievement.insert(
                    k.clone(),
                    RawAchievement::Number(RawNumberOnly::Text(v.clone())),
                );
            }
        }
        for (k, off) in &self.services_off {
            if *off {
                raw.services.insert(k.clone(), RawUptake::Bool(false));
            }
        }
        raw
    }

    /// The text in a field.
    pub fn get(&self, field: &Field) -> String {
        match field {
            Field::Name => self.name.clone(),
            Field::ListSize => self.list_size.clone(),
            Field::WeightedList => self.weighted_list.clone(),
            Field::Contract => self.contract.clone(),
            Field::OohOptedOut => self.ooh_opted_out.to_string(),
            Field::Mpig => self.mpig.clone(),
            Field::Seniority => self.seniority.clone(),
            Field::PmsBaseline => self.pms_baseline.clone(),
            Field::PmsPremiumReduction => self.pms_premium_reduction.clone(),
            Field::DefaultAchievement => self.default_achievement.clone(),
            Field::LastYearPoints => self.last_year_points.clone(),
            Field::Register(k) => self.registers.get(k).cloned().unwrap_or_default(),
            Field::Achievement(k) => self.achievement.get(k).cloned().unwrap_or_default(),
            Field::Service(k) => (!self.services_off.get(k).copied().unwrap_or(false)).to_string(),
            Field::Activity(k) => self.activity.get(k).cloned().unwrap_or_default(),
        }
    }

    /// Sets a field from text (checkboxes send "true" or "false").
    pub fn set(&mut self, field: &Field, value: String) {
        match field {
            Field::Name => self.name = value,
            Field::ListSize => self.list_size = value,
            Field::WeightedList => self.weighted_list = value,
            Field::Contract => self.contract = value,
            Field::OohOptedOut => self.ooh_opted_out = value == "true",
            Field::Mpig => self.mpig = value,
            Field::Seniority => self.seniority = value,
            Field::PmsBaseline => self.pms_baseline = value,
            Field::PmsPremiumReduction => self.pms_premium_reduction = value,
            Field::DefaultAchievement => self.default_achievement = value,
            Field::LastYearPoints => self.last_year_points = value,
            Field::Register(k) => {
                self.registers.insert(k.clone(), value);
            }
            Field::Achievement(k) => {
                self.achievement.insert(k.clone(), value);
            }
            Field::Service(k) => {
                self.services_off.insert(k.clone(), value != "true");
            }
            Field::Activity(k) => {
                self.activity.insert(k.clone(), value);
            }
        }
    }
}

impl Form {
    /// The form's fields in a stable order: the scalar ones that have a value,
    /// and every entry of its tables (even an empty one, so the form comes back
    /// exactly as it was).
    pub fn fields(&self) -> Vec<(Field, String)> {
        let scalars = [
            Field::Name,
            Field::ListSize,
            Field::WeightedList,
            Field::Contract,
            Field::OohOptedOut,
            Field::Mpig,
            Field::Seniority,
            Field::PmsBaseline,
            Field::PmsPremiumReduction,
            Field::DefaultAchievement,
            Field::LastYearPoints,
        ];
        let mut out: Vec<(Field, String)> = scalars
            .into_iter()
            .map(|f| {
                let v = self.get(&f);
                (f, v)
            })
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let tables = self
            .registers
            .keys()
            .map(|k| Field::Register(k.clone()))
            .chain(
                self.achievement
                    .keys()
                    .map(|k| Field::Achievement(k.clone())),
            )
            .chain(self.services_off.keys().map(|k| Field::Service(k.clone())))
            .chain(self.activity.keys().map(|k| Field::Activity(k.clone())));
        out.extend(tables.map(|f| {
            let v = self.get(&f);
            (f, v)
        }));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_round_trip_through_the_form_to_the_same_practice() {
        let c = gpsim_engine::Catalog::builtin();
        for p in gpsim_engine::presets::builtin() {
            let direct = gpsim_engine::validate(&p.practice, c).expect("preset").0;
            let via_form = gpsim_engine::validate(&Form::from_raw(&p.practice).to_raw(), c)
                .expect("form")
                .0;
            assert_eq!(direct, via_form, "{}", p.id);
        }
    }

    #[test]
    fn blank_fields_fall_back_to_engine_defaults() {
        let mut f = Form::from_raw(&gpsim_engine::presets::builtin()[0].practice);
        f.set(&Field::WeightedList, "  ".into());
        assert!(f.to_raw().weighted_list.is_none());
    }

    #[test]
    fn field_paths_match_engine_problem_fields() {
        let mut f = Form::from_raw(&gpsim_engine::presets::builtin()[0].practice);
        f.set(&Field::Register("diabetes".into()), "lots".into());
        let problems =
            gpsim_engine::validate(&f.to_raw(), gpsim_engine::Catalog::builtin()).unwrap_err();
        assert_eq!(problems[0].field, Field::Register("diabetes".into()).path());
    }

    #[test]
    fn paths_name_their_fields_back() {
        for f in [
            Field::ListSize,
            Field::LastYearPoints,
            Field::Register("diabetes".into()),
            Field::Achievement("CHD 6".into()),
            Field::Activity("ld_health_checks".into()),
        ] {
            assert_eq!(Field::from_path(&f.path()), Some(f));
        }
        assert_eq!(
            Field::from_path("services.dementia.assessment"),
            Some(Field::Service("dementia".into()))
        );
        assert_eq!(Field::from_path("nonsense"), None);
    }

    #[test]
    fn dom_ids_are_safe_in_fragments() {
        assert_eq!(
            Field::Achievement("CHD 6".into()).dom_id(),
            "f-achievement_CHD_6"
        );
    }
}
