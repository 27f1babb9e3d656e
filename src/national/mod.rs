//! The national view's work, done in a Web Worker so typing never waits on
//! it: reading the population, finding practices, and running every
//! practice under two rule sets. Requests and replies are JSON text, so the
//! logic here is pure and tested natively; `web/national-worker.js` only
//! fetches the asset and passes messages to [`handle`].
//!
//! Request `{"id":n,"kind":…}`: `load` (with `text`, the asset), `search`
//! (with `query`), `practice` (with `code`), `run` (with `from`, `to`, and
//! `scenario` when either is `custom`), and `read_practice` (with `name` and
//! `text`, a practice file, which needs no population). Reply `{"id":n,"ok":true,…}` or
//! `{"id":n,"ok":false,"error":"…"}`; a request never panics.

use crate::state::model::build_scenario;
use crate::state::{Scenario, CUSTOM};
use gpsim_engine::population::{Population, RegisterSource};
use gpsim_engine::practice_file;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Request {
    id: u64,
    kind: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    query: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    scenario: Option<ScenarioSpec>,
    /// `swings`: the practice as entered, the sets (ids, `custom` for the
    /// scenario) and the target's place among them.
    #[serde(default)]
    raw: Option<gpsim_engine::practice::RawPractice>,
    #[serde(default)]
    sets: Vec<String>,
    #[serde(default)]
    target: usize,
}

#[derive(Deserialize, Serialize, Clone, Debug, PartialEq)]
pub struct ScenarioSpec {
    pub base: String,
    pub edits: BTreeMap<String, String>,
}

/// A practice found by search, as the list of matches shows it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Match {
    pub code: String,
    pub name: String,
    pub postcode: String,
    pub ccg: String,
    pub list: u32,
}

fn reply(id: u64, body: Result<Value, String>) -> String {
    let v = match body {
        Ok(Value::Object(mut m)) => {
            m.insert("id".into(), json!(id));
            m.insert("ok".into(), json!(true));
            Value::Object(m)
        }
        Ok(other) => json!({"id": id, "ok": true, "value": other}),
        Err(e) => json!({"id": id, "ok": false, "error": e}),
    };
    v.to_string()
}

const NOT_LOADED: &str = "The national data is not loaded yet.";

/// The population a worker holds, and its practices once validated (made
/// on the first run and kept: every later run only computes statements).
#[derive(Default)]
pub struct Held {
    population: Option<Population>,
    prepared: Option<gpsim_engine::national::Prepared>,
    /// Each published set's payments, kept between runs.
    cache: gpsim_engine::national::Cache,
}

/// Answers one request against what the worker holds.
pub fn handle(held: &mut Held, request: &str) -> String {
    let pop = &mut held.population;
    let req: Request = match serde_json::from_str(request) {
        Ok(r) => r,
        Err(e) => return reply(0, Err(format!("not a request this worker knows: {e}"))),
    };
    let catalog = crate::rules::catalog();
    let body = match req.kind.as_str() {
        "load" => match gpsim_engine::population::parse(&req.text) {
            Ok(p) => {
                let n = p.members.len();
                let provenance = p.provenance.clone();
                *pop = Some(p);
                held.prepared = None;
                held.cache = Default::default();
                Ok(json!({"practices": n, "provenance": provenance}))
            }
            Err(e) => Err(format!("The national data is damaged ({e}).")),
        },
        "search" => match pop {
            None => Err(NOT_LOADED.into()),
            Some(p) => {
                let hits: Vec<Match> = p
                    .search(&req.query, 12)
                    .into_iter()
                    .map(|m| Match {
                        code: m.code.clone(),
                        name: m.name.clone(),
                        postcode: m.postcode.clone(),
                        ccg: m.ccg.clone(),
                        list: m.list,
                    })
                    .collect();
                Ok(json!({"matches": hits}))
            }
        },
        "practice" => match pop {
            None => Err(NOT_LOADED.into()),
            Some(p) => match p
                .members
                .iter()
                .find(|m| m.code.eq_ignore_ascii_case(req.code.trim()))
            {
                None => Err(format!(
                    "There is no practice with the code {:?} in the 2014/15 payments file.",
                    req.code.chars().take(12).collect::<String>()
                )),
                Some(m) => p
                    .modelled(catalog, m)
                    .map_err(|why| {
                        format!(
                            "{} ({}) cannot be modelled from its published payments: {why}.",
                            m.name, m.code
                        )
                    })
                    .map(|md| {
                        let ccg = p.ccg_name(&m.ccg).unwrap_or("its");
                        json!({
                            "code": m.code,
                            "raw": md.raw,
                            "registers": m.register_source.describe(),
                            "registers_modelled": m.register_source != RegisterSource::National,
                            "achievement": format!("{} ({ccg} CCG)", md.achievement.describe()),
                            "achievement_published": md.achievement.is_published(),
                            "contract": m.contract.name(),
                            "activity_recovered": !md.assessed.activity.is_empty(),
                        })
                    }),
            },
        },
        "run" => match pop {
            None => Err(NOT_LOADED.into()),
            Some(p) => {
                let prepared = held
                    .prepared
                    .get_or_insert_with(|| gpsim_engine::national::prepare(catalog, p));
                // The summary is large (every practice): written straight
                // to text, not through a JSON value.
                return match run(
                    p,
                    prepared,
                    &mut held.cache,
                    &req.from,
                    &req.to,
                    req.scenario.as_ref(),
                ) {
                    Ok(summary) => serde_json::to_string(&RunReply {
                        id: req.id,
                        ok: true,
                        error: None,
                        summary: Some(summary),
                    })
                    .unwrap_or_else(|e| reply(req.id, Err(e.to_string()))),
                    Err(e) => reply(req.id, Err(e)),
                };
            }
        },
        // How sure the national headline is: the last run's pair counted
        // again at the change's two ends (the build's directions).
        "corners" => match (pop.as_ref(), held.prepared.as_ref()) {
            (Some(p), Some(prepared)) => {
                let sets = sets_named(&[req.from.clone(), req.to.clone()], req.scenario.as_ref());
                sets.and_then(|sets| {
                    crate::state::sure::change_ends_known(&Default::default(), &sets[0], &sets[1])
                        .ok_or_else(|| "No ranges are known for these rule sets.".to_string())
                })
                .map(|ends| {
                    let k = gpsim_engine::national::corners(catalog, p, prepared, &ends);
                    json!({ "corners": k })
                })
            }
            _ => Err(NOT_LOADED.into()),
        },
        // How sure the cards are: every set's swings for the practice, so
        // typing never waits on them (`state::sure`).
        "swings" => swings(&req).map(|a| json!({ "answer": a })),
        // A practice file, read here so that the page carries no TOML
        // parser: the raw practice back, or the reader's message naming the
        // line. The page validates it and loads it.
        "read_practice" => {
            practice_file::parse(&req.name, &req.text).map(|raw| json!({ "raw": raw }))
        }
        other => Err(format!("unknown request {other:?}")),
    };
    reply(req.id, body)
}

/// The answer to a `run`: read by the view as it is written here.
#[derive(Serialize, Deserialize)]
pub struct RunReply {
    pub id: u64,
    pub ok: bool,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub summary: Option<gpsim_engine::national::Summary>,
}

/// The sets a request names, in order: published ones by id, the scenario
/// built from its edits.
fn sets_named(
    ids: &[String],
    scenario: Option<&ScenarioSpec>,
) -> Result<Vec<std::borrow::Cow<'static, gpsim_engine::RuleSet>>, String> {
    use std::borrow::Cow;
    let catalog = crate::rules::catalog();
    let custom = match scenario {
        Some(s) if ids.iter().any(|i| i == CUSTOM) => {
            build_scenario(&Scenario {
                base: s.base.clone(),
                edits: s.edits.clone(),
            })
            .rules
        }
        _ => None,
    };
    ids.iter()
        .map(|id| {
            if id == CUSTOM {
                custom
                    .as_deref()
                    .map(|r| Cow::Owned(r.clone()))
                    .ok_or_else(|| "Your scenario's edits do not make a rule set.".to_string())
            } else {
                catalog
                    .get(id)
                    .map(Cow::Borrowed)
                    .ok_or_else(|| format!("There is no rule set {id:?}."))
            }
        })
        .collect()
}

/// The answer to `swings`.
fn swings(req: &Request) -> Result<crate::state::sure::Answer, String> {
    let catalog = crate::rules::catalog();
    let raw = req.raw.as_ref().ok_or("No practice was sent.")?;
    let (p, _) = gpsim_engine::validate(raw, catalog)
        .map_err(|_| "The practice's entries have problems.".to_string())?;
    if req.sets.len() > 16 {
        return Err("Too many rule sets.".into());
    }
    let sets = sets_named(&req.sets, req.scenario.as_ref())?;
    let refs: Vec<&gpsim_engine::RuleSet> = sets.iter().map(|c| c.as_ref()).collect();
    Ok(crate::state::sure::answer(&refs, req.target, &p))
}

fn run(
    pop: &Population,
    prepared: &gpsim_engine::national::Prepared,
    cache: &mut gpsim_engine::national::Cache,
    from: &str,
    to: &str,
    scenario: Option<&ScenarioSpec>,
) -> Result<gpsim_engine::national::Summary, String> {
    let catalog = crate::rules::catalog();
    let sets = sets_named(&[from.to_string(), to.to_string()], scenario)?;
    let (a, b) = (sets[0].as_ref(), sets[1].as_ref());
    Ok(gpsim_engine::national::run_cached(
        catalog, pop, prepared, cache, a, b,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASSET: &str = include_str!("../../assets/national/population-2014-15.tsv");

    fn ask(pop: &mut Held, req: Value) -> Value {
        serde_json::from_str(&handle(pop, &req.to_string())).unwrap()
    }

    #[test]
    fn load_search_fill_and_run() {
        let mut pop = Held::default();
        let r = ask(&mut pop, json!({"id": 1, "kind": "search", "query": "x"}));
        assert_eq!(r["ok"], false, "searching before loading says so");
        let r = ask(&mut pop, json!({"id": 2, "kind": "load", "text": ASSET}));
        assert_eq!(r["practices"], 7959);
        let r = ask(
            &mut pop,
            json!({"id": 3, "kind": "search", "query": "N81013"}),
        );
        assert_eq!(r["matches"][0]["name"], "High Street Surgery Macclesfield");
        let r = ask(
            &mut pop,
            json!({"id": 4, "kind": "practice", "code": "n81013"}),
        );
        assert_eq!(r["ok"], true, "{r}");
        assert!(
            r["achievement"].as_str().unwrap().starts_with("published"),
            "{r}"
        );
        let raw: gpsim_engine::RawPractice = serde_json::from_value(r["raw"].clone()).unwrap();
        assert!(gpsim_engine::validate(&raw, crate::rules::catalog()).is_ok());
        let r = ask(
            &mut pop,
            json!({"id": 5, "kind": "practice", "code": "ZZ999"}),
        );
        assert!(r["error"]
            .as_str()
            .unwrap()
            .contains("no practice with the code"));
        let r = ask(
            &mut pop,
            json!({"id": 6, "kind": "run", "from": "2013-14", "to": "custom",
                   "scenario": {"base": "2014-15", "edits": {"qof.point_value": "200"}}}),
        );
        assert_eq!(r["id"], 6);
        let s = &r["summary"];
        assert!(s["to_id"].as_str().unwrap().starts_with("custom"));
        assert!(s["all"]["practices"].as_u64().unwrap() > 7700);
        assert!(s["achievement_published"].as_u64().unwrap() > 6000);
        assert!(s["closeness"].as_array().is_some_and(|c| c.len() >= 3));
    }

    #[test]
    fn junk_gets_an_answer_not_a_panic() {
        let mut pop = Held::default();
        for junk in ["", "{", "[]", "{\"id\":1}", "{\"id\":1,\"kind\":\"fly\"}"] {
            let r: Value = serde_json::from_str(&handle(&mut pop, junk)).unwrap();
            assert_eq!(r["ok"], false, "{junk}");
        }
        let r = ask(
            &mut pop,
            json!({"id": 1, "kind": "load", "text": "garbage"}),
        );
        assert!(r["error"].as_str().unwrap().contains("damaged"));
    }

    /// The swings the cards' ranges and the "How sure" panel take: the
    /// example practice's directions are the build's reference, its
    /// figures that matter are ranked with out-of-hours first for
    /// 2012/13 → 2014/15, a scenario's edited figure is certain, and a
    /// practice with problems or a set this build lacks is refused.
    #[test]
    fn swings_answer_with_directions_and_the_figures_that_matter() {
        use crate::state::sure::{Answer, Sent};
        let mut held = Held::default();
        let raw = crate::rules::presets()
            .iter()
            .find(|p| p.id == "average")
            .unwrap()
            .practice
            .clone();
        let sets = ["2012-13", "2013-14", "2014-15"];
        let r = ask(
            &mut held,
            json!({"id": 3, "kind": "swings", "raw": raw, "sets": sets, "target": 2}),
        );
        assert_eq!(r["ok"], true, "{r}");
        let a: Answer = serde_json::from_value(r["answer"].clone()).unwrap();
        let reference = crate::rules::reference();
        for (k, d) in a.keys.iter().zip(&a.totals) {
            assert_eq!(*d, Sent::of(reference.total(k).unwrap()), "{k}");
        }
        assert_eq!(a.changes[0], None);
        assert_eq!(
            a.changes[2],
            Some(Sent::of(reference.change("2012-13", "2014-15").unwrap()))
        );
        assert_eq!(a.matters.len(), crate::state::sure::MATTERS);
        assert!(a.matters.windows(2).all(|w| w[0].swing >= w[1].swing));
        assert!(a.moving >= a.matters.len());
        // The break-even at the change's two ends, in words.
        let (low, high) = a
            .breakeven_ends
            .clone()
            .expect("the first set is the baseline");
        assert!(
            !low.is_empty() && !high.is_empty() && low != high,
            "{low} | {high}"
        );
        // The scenario's out-of-hours deduction, edited, is certain.
        let edits = json!({"funding.ooh_deduction": "5"});
        let r = ask(
            &mut held,
            json!({"id": 4, "kind": "swings", "raw": raw, "sets": ["2012-13", "custom"], "target": 1,
                   "scenario": {"base": "2013-14", "edits": edits}}),
        );
        let a: Answer = serde_json::from_value(r["answer"].clone()).unwrap();
        assert!(a
            .matters
            .iter()
            .all(|m| !(m.set == "custom" && m.path == "funding.ooh_deduction")));
        let mut bad = raw.clone();
        bad.list_size = None;
        for req in [
            json!({"id": 5, "kind": "swings", "raw": bad, "sets": sets, "target": 1}),
            json!({"id": 6, "kind": "swings", "raw": raw, "sets": ["2099-00"], "target": 0}),
            json!({"id": 7, "kind": "swings", "sets": sets}),
        ] {
            let r = ask(&mut held, req);
            assert_eq!(r["ok"], false, "{r}");
        }
    }
}
