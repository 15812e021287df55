//! Alternatives that say what they are (DESIGN §12): in the demo city, plans 2 and 3 tie
//! with plan 1. The one that only moves quota between 保运转 行政编制 requests says so first
//! in its `differences`, and each request it gives less than plan 1 names the equivalent
//! requests it funds instead rather than the pool being used up; a tie that also changes
//! merges says only that the objective is the same, then what differs.

use crate::common::solve_demo;
use serde_json::Value;
use std::collections::BTreeMap;

const ONLY_SWAPS: &str = "与方案1目标值相同，仅在等价需求间互换";

fn granted(plan: &Value) -> BTreeMap<String, (i64, Option<String>)> {
    plan["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .map(|r| {
            let why = r.get("why_not").and_then(Value::as_str).map(str::to_string);
            (r["request"].as_str().expect("id").to_string(), (r["granted"].as_i64().expect("granted"), why))
        })
        .collect()
}

/// Every `REQ-…` id a text names.
fn request_ids(text: &str) -> Vec<&str> {
    text.match_indices("REQ-")
        .map(|(i, _)| {
            let digits = text[i + 4..].chars().take_while(char::is_ascii_digit).count();
            &text[i..i + 4 + digits]
        })
        .collect()
}

#[test]
fn demo_plans_that_tie_with_plan_1_say_they_only_swap_and_name_the_request_funded_instead() {
    let (_tmp, _, doc) = solve_demo(3);
    let plans = doc["plans"].as_array().expect("plans");
    assert_eq!(plans.len(), 3);
    let first = granted(&plans[0]);
    let mut swaps_only = 0;
    for plan in &plans[1..] {
        let rank = &plan["rank"];
        assert_eq!(plan["objective"], plans[0]["objective"], "plan {rank} ties with plan 1");
        let differences: Vec<&str> = plan["differences"].as_array().expect("differences").iter().filter_map(Value::as_str).collect();
        let merges_changed = differences.iter().any(|d| d.starts_with("整合 ") || d.starts_with("不整合 "));
        if merges_changed {
            assert_eq!(differences.first(), Some(&"与方案1目标值相同"), "plan {rank}: {differences:?}");
            continue;
        }
        swaps_only += 1;
        assert_eq!(differences.first(), Some(&ONLY_SWAPS), "plan {rank}: {differences:?}");
        // Absorbs are not in the §6 pattern, so a tie may or may not move them; when it
        // does, the differences say so.
        let absorbs = |p: &Value| -> std::collections::BTreeSet<String> {
            p["moves"].as_array().unwrap().iter().filter(|m| m["kind"] == "absorb").map(|m| format!("{}>{}:{}", m["from"], m["to"], m["amount"])).collect()
        };
        assert_eq!(
            absorbs(plan) != absorbs(&plans[0]),
            differences.iter().any(|d| d.contains("分流超编")),
            "plan {rank} lists its absorb changes exactly when it has any: {differences:?}"
        );
        let this = granted(plan);
        let mut gave_way = 0;
        for (id, (got, why)) in &this {
            if *got >= first[id].0 {
                continue;
            }
            gave_way += 1;
            let why = why.as_deref().expect("short of plan 1's grant, so short of its amount");
            assert!(why.starts_with("与 REQ-") && why.contains("等价（同为保运转、行政编制）"), "plan {rank} {id}: {why}");
            for named in request_ids(why) {
                assert!(this[named].0 > first[named].0, "plan {rank} {id} names {named}, which it funds no more than plan 1: {why}");
            }
        }
        assert!(gave_way > 0, "plan {rank} gives some request less than plan 1");
    }
    assert!(swaps_only > 0, "one of the tie plans only swaps requests");
}
