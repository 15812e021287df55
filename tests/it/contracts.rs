//! The `plans.json` contract of DESIGN §7: field names and meanings other tools rely
//! on. Checked on the JSON text itself, not through our own types.

use crate::common::solve_demo;
use serde_json::Value;
use std::collections::BTreeSet;

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object().expect("object").keys().map(String::as_str).collect()
}

#[test]
fn plans_json_has_the_contract_fields() {
    let (_tmp, _, doc) = solve_demo(3);
    assert_eq!(doc["format"], "bianzhi.plans/1");
    assert_eq!(keys(&doc), ["decisions", "format", "model", "plans", "scenario", "solver"].into());
    // DESIGN §12: per request / donor candidate / merge candidate, in how many plans.
    let decisions = &doc["decisions"];
    assert_eq!(decisions["plans"], 3);
    let requests = decisions["requests"].as_array().expect("requests counted");
    assert_eq!(requests.len(), doc["plans"][0]["requests"].as_array().unwrap().len(), "every request is counted");
    assert!(requests.iter().all(|r| r["request"].is_string() && r["funded"].as_u64().is_some_and(|n| n <= 3)));
    assert!(requests.iter().any(|r| r["funded"] == 3) && requests.iter().any(|r| r["funded"] == 0));
    for (list, field) in [("donors", "gives"), ("merges", "merges")] {
        let rows = decisions[list].as_array().expect("candidates counted");
        assert!(!rows.is_empty(), "{list}");
        assert!(rows.iter().all(|r| r["unit"].is_string() && r[field].as_u64().is_some_and(|n| n <= 3)), "{list}");
    }
    assert!(doc["scenario"]["input_digest"].as_str().unwrap().starts_with("sha256:"));
    assert!(doc["model"]["digest"].as_str().unwrap().starts_with("sha256:"));
    assert_eq!(doc["model"]["name"], "baseline");
    assert_eq!(doc["solver"]["name"], "highs");
    assert_eq!(doc["solver"]["status"], "optimal");
    assert_eq!(doc["solver"]["gap"], 0.0);
    assert!(doc["solver"]["seconds"].is_f64());
    let plans = doc["plans"].as_array().unwrap();
    assert_eq!(plans.len(), 3);
    for (i, plan) in plans.iter().enumerate() {
        assert_eq!(plan["rank"], i + 1);
        assert!(plan["objective"].is_f64());
        assert!(plan["objective_gap_to_best"].as_f64().is_some_and(|g| g >= 0.0), "plan {i}: objective_gap_to_best");
        assert_eq!(plan.get("distance").and_then(Value::as_array).map_or(0, Vec::len), i, "a distance to each earlier plan");
        for k in ["terms", "moves", "units", "pools", "requests"] {
            assert!(plan.get(k).is_some(), "plan lacks {k}");
        }
        let terms = keys(&plan["terms"]);
        for t in ["fulfilled.key", "fulfilled.emergency", "fulfilled.operations", "reclaimed", "released", "donor_units", "merges", "absorbed", "staff_moved"] {
            assert!(terms.contains(t), "terms lack {t}");
        }
        for mv in plan["moves"].as_array().unwrap() {
            let kind = mv["kind"].as_str().unwrap();
            let expected: BTreeSet<&str> = match kind {
                "reclaim" | "absorb" => ["kind", "type", "from", "to", "amount", "rule", "reason"].into(),
                "merge" => ["kind", "from", "to", "staff", "released", "rule", "reason"].into(),
                "grant" => ["kind", "type", "from", "to", "request", "amount", "rule", "reason"].into(),
                // The ledger's (DESIGN §14): the grant returned and why.
                "return" => ["kind", "type", "from", "to", "grant", "amount", "rule", "reason"].into(),
                other => panic!("unknown move kind {other}"),
            };
            assert_eq!(keys(mv), expected, "{mv}");
            assert!(!mv["reason"].as_str().unwrap().is_empty(), "every move is explained: {mv}");
        }
        for u in plan["units"].as_array().unwrap() {
            assert_eq!(keys(u), ["quota_after", "quota_before", "staff_after", "staff_before", "type", "unit"].into());
            assert!(u["quota_before"] != u["quota_after"] || u["staff_before"] != u["staff_after"], "only changed lines: {u}");
        }
        for p in plan["pools"].as_array().unwrap() {
            assert_eq!(keys(p), ["after", "before", "pool"].into());
        }
        let requests = plan["requests"].as_array().unwrap();
        assert_eq!(requests.len(), 120, "every request is listed");
        for r in requests {
            let short = r["granted"].as_i64().unwrap() < r["amount"].as_i64().unwrap();
            assert_eq!(r.get("why_not").is_some(), short, "why_not exactly when not granted in full: {r}");
        }
    }
}

#[test]
fn ranked_plans_differ_in_pattern_and_say_how() {
    let (_tmp, _, doc) = solve_demo(3);
    let plans = doc["plans"].as_array().unwrap();
    let pattern = |plan: &Value| {
        let mut granted = BTreeSet::new();
        let mut donors = BTreeSet::new();
        let mut merged = BTreeSet::new();
        for mv in plan["moves"].as_array().unwrap() {
            match mv["kind"].as_str().unwrap() {
                "grant" => granted.insert(mv["request"].as_str().unwrap().to_string()),
                "reclaim" => donors.insert(mv["from"].as_str().unwrap().to_string()),
                "merge" => merged.insert(mv["from"].as_str().unwrap().to_string()),
                _ => false,
            };
        }
        (granted, donors, merged)
    };
    let patterns: Vec<_> = plans.iter().map(pattern).collect();
    for i in 0..patterns.len() {
        for j in 0..i {
            assert_ne!(patterns[i], patterns[j], "plans {} and {} share a pattern", j + 1, i + 1);
        }
    }
    for plan in &plans[1..] {
        assert!(!plan["differences"].as_array().unwrap().is_empty(), "plan {} says what distinguishes it", plan["rank"]);
    }
    let objectives: Vec<f64> = plans.iter().map(|p| p["objective"].as_f64().unwrap()).collect();
    assert!(objectives.windows(2).all(|w| w[0] >= w[1]), "{objectives:?}");
}
