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

fn run(
    pop: &Population,
    prepared: &gpsim_engine::national::Prepared,
    cache: &mut gpsim_engine::national::Cache,
    from: &str,
    to: &str,
    scenario: Option<&ScenarioSpec>,
) -> Result<gpsim_engine::national::Summary, String> {
    let catalog = crate::rules::catalog();
    let custom = match scenario {
        Some(s) if from == CUSTOM || to == CUSTOM => {
            build_scenario(&Scenario {
                base: s.base.clone(),
                edits: s.edits.clone(),
            })
            .rules
        }
        _ => None,
    };
    let get = |id: &str| -> Result<&gpsim_engine::RuleSet, String> {
        if id == CUSTOM {
            custom
                .as_deref()
                .ok_or_else(|| "Your scenario's edits do not make a rule set.".to_string())
        } else {
            catalog
                .get(id)
                .ok_or_else(|| format!("There is no rule set {id:?}."))
        }
    };
    let (a, b) = (get(from)?, get(to)?);
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
}
