//! End-to-end command tests of the `bianzhi` binary on scenarios/demo-city: exit codes
//! (DESIGN §8), the stock-take figures, plans.json (DESIGN §7) and its independent
//! re-check by `verify`, which must refuse hand-corrupted plans naming the broken rule.

use crate::common::{bianzhi, copy_scenario, demo_city, load, solve_demo};
use predicates::prelude::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn parse_json(bytes: &[u8], what: &str) -> Value {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{what} is not UTF-8: {e}"));
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{what} is not one JSON document: {e}\n{text}"))
}

/// Writes `doc` next to the solved plans and runs `verify demo FILE`.
fn verify_doc(dir: &Path, name: &str, doc: &Value) -> assert_cmd::assert::Assert {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(doc).unwrap()).expect("write corrupted plans");
    bianzhi().arg("verify").arg(demo_city()).arg(&path).assert()
}

/// Runs `verify` on a corrupted copy of plan 1 and expects exit 1 naming `rule`.
fn verify_rejects(dir: &Path, name: &str, doc: &Value, rule: &str) -> String {
    let assert = verify_doc(dir, name, doc).code(1).stderr(predicate::str::contains(format!("[{rule}]")));
    String::from_utf8_lossy(&assert.get_output().stderr).to_string()
}

fn plan1_moves(doc: &mut Value) -> &mut Vec<Value> {
    doc["plans"][0]["moves"].as_array_mut().expect("moves")
}

// ---------------------------------------------------------------------------------
// validate, analyze
// ---------------------------------------------------------------------------------

#[test]
fn validate_demo_city() {
    bianzhi()
        .arg("validate")
        .arg(demo_city())
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("ok:"))
        .stdout(predicate::str::contains("354 units"))
        .stderr(predicate::str::contains("error").not());
}

#[test]
fn validate_with_explicit_model() {
    for model in ["baseline", "priority-first", "strict-control"] {
        bianzhi()
            .arg("validate")
            .arg(demo_city())
            .arg("--model")
            .arg(crate::common::repo().join(format!("models/{model}.toml")))
            .assert()
            .code(0);
    }
}

#[test]
fn validate_warns_of_a_pool_sector_no_unit_has() {
    let scen = copy_scenario(&demo_city());
    let pools = scen.path().join("pools.csv");
    let text = std::fs::read_to_string(&pools).expect("pools.csv");
    let row = text.lines().position(|l| l.starts_with("POOL-EDU,")).expect("POOL-EDU row") + 1;
    std::fs::write(&pools, text.replace("1500,670,教育,0", "1500,670,教肓;卫健,0")).expect("write");
    let assert = bianzhi().arg("validate").arg(scen.path()).arg("--model").arg(crate::common::baseline_model()).assert().code(0);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    let expected = format!(
        "warning: pools.csv:{row}: column sectors: value \"教肓\": no unit is in sector 教肓: pool POOL-EDU can never lend there; did you mean 教育?"
    );
    assert_eq!(stderr.lines().collect::<Vec<_>>(), [expected.as_str()], "only the unknown sector is named: {stderr}");
}

#[test]
fn analyze_prints_small_unit_shares() {
    bianzhi()
        .arg("analyze")
        .arg(demo_city())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("51.0%"))
        .stdout(predicate::str::contains("36.6%"))
        .stdout(predicate::str::contains("≤7"))
        .stdout(predicate::str::contains("≤5"));
}

#[test]
fn analyze_json_small_unit_shares() {
    let assert = bianzhi().arg("analyze").arg(demo_city()).arg("--format").arg("json").assert().code(0);
    let json = parse_json(&assert.get_output().stdout, "analyze --format json");
    let small = &json["small"];
    let s7 = small["share_at_most_7"].as_f64().expect("share_at_most_7");
    let s5 = small["share_at_most_5"].as_f64().expect("share_at_most_5");
    assert!((s7 - 0.51).abs() <= 0.01, "share_at_most_7 = {s7}");
    assert!((s5 - 0.367).abs() <= 0.01, "share_at_most_5 = {s5}");
    let inst = small["institutions"].as_u64().expect("institutions") as f64;
    let n7 = small["at_most_7"].as_u64().expect("at_most_7") as f64;
    let n5 = small["at_most_5"].as_u64().expect("at_most_5") as f64;
    assert!((n7 / inst - s7).abs() < 1e-9 && (n5 / inst - s5).abs() < 1e-9);
    assert_eq!(json["units"], 354);
}

// ---------------------------------------------------------------------------------
// solve and verify
// ---------------------------------------------------------------------------------

#[test]
fn solve_demo_writes_three_ranked_explained_verifiable_plans() {
    let (_tmp, path, doc) = solve_demo(3);
    assert_eq!(doc["format"], "bianzhi.plans/1");
    assert!(doc["scenario"]["input_digest"].as_str().unwrap_or("").starts_with("sha256:"), "{}", doc["scenario"]);
    assert!(doc["model"]["digest"].as_str().unwrap_or("").starts_with("sha256:"), "{}", doc["model"]);
    assert_eq!(doc["model"]["name"], "baseline");
    let plans = doc["plans"].as_array().expect("plans");
    assert_eq!(plans.len(), 3);
    let loaded = load(&demo_city(), None);
    let all_requests: BTreeSet<String> = loaded.scenario.requests.iter().map(|r| r.id.clone()).collect();
    let mut last = f64::INFINITY;
    for (i, plan) in plans.iter().enumerate() {
        assert_eq!(plan["rank"], i + 1);
        let objective = plan["objective"].as_f64().expect("objective");
        assert!(objective <= last + 1e-6, "plan {} objective {objective} above the previous {last}", i + 1);
        last = objective;
        let moves = plan["moves"].as_array().expect("moves");
        assert!(!moves.is_empty(), "plan {} has no moves", i + 1);
        for m in moves {
            assert!(!m["rule"].as_str().unwrap_or("").is_empty(), "move without rule: {m}");
            assert!(!m["reason"].as_str().unwrap_or("").trim().is_empty(), "move without reason: {m}");
        }
        let listed: Vec<String> =
            plan["requests"].as_array().expect("requests").iter().map(|r| r["request"].as_str().unwrap().to_string()).collect();
        let listed_set: BTreeSet<String> = listed.iter().cloned().collect();
        assert_eq!(listed.len(), listed_set.len(), "a request listed twice in plan {}", i + 1);
        assert_eq!(listed_set, all_requests, "plan {} must list every request", i + 1);
    }
    bianzhi()
        .arg("verify")
        .arg(demo_city())
        .arg(&path)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("3 plan(s)"));
}

#[test]
fn solve_json_prints_only_the_document() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    let assert = bianzhi()
        .arg("solve")
        .arg(demo_city())
        .arg("--out")
        .arg(&out)
        .arg("--plans")
        .arg("2")
        .arg("--format")
        .arg("json")
        .assert()
        .code(0);
    let stdout = parse_json(&assert.get_output().stdout, "solve --format json stdout");
    assert_eq!(stdout["format"], "bianzhi.plans/1");
    assert_eq!(stdout["plans"].as_array().map(Vec::len), Some(2));
    let file = parse_json(&std::fs::read(out.join("plans.json")).expect("plans.json"), "plans.json");
    assert_eq!(stdout, file, "stdout and plans.json must be the same document");
}

#[test]
fn solver_log_goes_to_stderr_and_leaves_json_stdout_clean() {
    // Regression: BIANZHI_SOLVER_LOG=1 put HiGHS's log on stdout, before the document.
    let tmp = tempfile::tempdir().expect("temp dir");
    let assert = bianzhi()
        .env("BIANZHI_SOLVER_LOG", "1")
        .arg("solve")
        .arg(demo_city())
        .arg("--out")
        .arg(tmp.path().join("out"))
        .args(["--plans", "1", "--format", "json"])
        .assert()
        .code(0);
    let stdout = parse_json(&assert.get_output().stdout, "solve --format json stdout with the solver log on");
    assert_eq!(stdout["format"], "bianzhi.plans/1");
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr);
    assert!(stderr.contains("HiGHS"), "the solver log is on stderr: {stderr}");
}

/// The plan sections of a solve table: the text from each "方案 N plan N" line on.
fn plan_sections(stdout: &str) -> Vec<&str> {
    let starts: Vec<usize> = stdout.match_indices("方案 ").filter(|(i, _)| *i == 0 || stdout[..*i].ends_with('\n')).map(|(i, _)| i).collect();
    starts.iter().enumerate().map(|(n, &i)| &stdout[i..starts.get(n + 1).copied().unwrap_or(stdout.len())]).collect()
}

#[test]
fn solve_table_summarises_pools_moves_and_shortfalls_at_scale() {
    // 800 regional units: 16 pools, above the 12 a table lists in full.
    let generated = bianzhi::generate(&bianzhi::GenOptions {
        units: 800,
        seed: 3,
        chinese_headers: false,
        name: "合成".into(),
        regions: true,
        ..bianzhi::GenOptions::default()
    });
    let tmp = tempfile::tempdir().expect("temp dir");
    let scen = tmp.path().join("g");
    for (file, contents) in &generated.files {
        std::fs::create_dir_all(scen.join(file).parent().expect("parent")).expect("mkdir");
        std::fs::write(scen.join(file), contents).expect("write");
    }
    let out = tmp.path().join("out");
    let assert = bianzhi().arg("solve").arg(&scen).args(["--plans", "2", "--out"]).arg(&out).assert().code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    let doc = parse_json(&std::fs::read(out.join("plans.json")).expect("plans.json"), "plans.json");
    assert!(stdout.contains(&format!("wrote {}", out.join("plans.json").display())), "{stdout}");
    let sections = plan_sections(&stdout);
    let plans = doc["plans"].as_array().expect("plans");
    assert_eq!(sections.len(), plans.len(), "{stdout}");
    for (text, plan) in sections.iter().zip(plans) {
        let pools = plan["pools"].as_array().expect("pools");
        assert!(pools.len() > 12, "the fixture must exceed the threshold: {} pools", pools.len());
        let delta = |pc: &Value| (pc["after"].as_i64().unwrap() - pc["before"].as_i64().unwrap()).abs();
        let mut largest: Vec<&Value> = pools.iter().collect();
        largest.sort_by(|a, b| delta(b).cmp(&delta(a)).then(a["pool"].as_str().cmp(&b["pool"].as_str())));
        let expected: Vec<&str> = largest.iter().take(10).map(|pc| pc["pool"].as_str().unwrap()).collect();
        let listed: Vec<&str> =
            text.lines().filter_map(|l| l.strip_prefix("│ ")).filter_map(|l| l.split_whitespace().next()).filter(|w| w.starts_with("POOL")).collect();
        assert_eq!(listed, expected, "the ten largest changes, largest first:\n{text}");
        assert!(text.contains(&format!("… {} more pools: see plans.json", pools.len() - 10)), "{text}");
        let sum = |key: &str| pools.iter().map(|pc| pc[key].as_i64().unwrap()).sum::<i64>();
        assert!(text.contains(&format!("周转池 pools {} 个", pools.len())), "{text}");
        assert!(text.contains(&format!("调剂前 before {}，调剂后 after {}", sum("before"), sum("after"))), "{text}");
        let moves = plan["moves"].as_array().expect("moves");
        let count = |kind: &str| moves.iter().filter(|m| m["kind"] == kind).count();
        // The ledger's returns come first, and only when there are any.
        let returns = if count("return") > 0 { format!("周转收回 return {}，", count("return")) } else { String::new() };
        let line = format!(
            "调整 moves {} 项：{returns}调剂 grant {}，收回 reclaim {}，整合 merge {}，消化超编 absorb {}",
            moves.len(),
            count("grant"),
            count("reclaim"),
            count("merge"),
            count("absorb")
        );
        assert!(text.contains(&line), "{line}\n{text}");
        let short: Vec<&Value> = plan["requests"].as_array().unwrap().iter().filter(|r| r["granted"].as_i64() < r["amount"].as_i64()).collect();
        assert!(text.contains(&format!("未足额 not granted in full: {} 项 requests", short.len())), "{text}");
        if short.len() <= 3 {
            for r in &short {
                let why = r["why_not"].as_str().expect("a request short of its amount says why");
                assert!(text.contains(&format!("  {} 申请 {}，调剂 {}：{why}", r["request"].as_str().unwrap(), r["amount"], r["granted"])), "{why}\n{text}");
            }
        } else {
            assert!(text.contains(&format!("  … {} more: see plans.json", short.len() - 3)), "{text}");
        }
    }
    assert!(
        plans.iter().any(|p| p["requests"].as_array().unwrap().iter().any(|r| r["granted"].as_i64() < r["amount"].as_i64())),
        "the fixture must have a request short of its amount"
    );
}

#[test]
fn solve_timings_prints_every_phase_to_stderr() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    let assert = bianzhi().arg("solve").arg(demo_city()).arg("--out").arg(&out).args(["--format", "json", "--timings"]).assert().code(0);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    let names: Vec<&str> = stderr.lines().filter_map(|l| l.strip_prefix("timing ")).filter_map(|l| l.split_whitespace().next()).collect();
    assert_eq!(names, ["load", "validate", "decompose", "solve", "assemble", "explain", "verify", "write", "render", "total"], "{stderr}");
    for line in stderr.lines().filter(|l| l.starts_with("timing ")) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(fields.len(), 4, "timing NAME SECONDS s: {line}");
        assert!(fields[2].parse::<f64>().is_ok_and(|x| x >= 0.0) && fields[3] == "s", "{line}");
    }
    // The document on stdout is untouched by the flag.
    parse_json(&assert.get_output().stdout, "solve --timings --format json stdout");
    // Without the flag, no timing lines.
    let quiet = bianzhi().arg("solve").arg(demo_city()).arg("--out").arg(&out).assert().code(0);
    assert!(!String::from_utf8_lossy(&quiet.get_output().stderr).contains("timing "));
}

#[test]
fn solve_refuses_out_inside_the_scenario_folder() {
    let scen = copy_scenario(&demo_city());
    let before: BTreeSet<_> = std::fs::read_dir(scen.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    let out = scen.path().join("out");
    bianzhi()
        .arg("solve")
        .arg(scen.path())
        .arg("--model")
        .arg(crate::common::baseline_model())
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("inside the scenario folder"));
    assert!(!out.exists(), "nothing may be written inside the scenario folder");
    let after: BTreeSet<_> = std::fs::read_dir(scen.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(before, after);
}

#[test]
fn solve_refuses_out_equal_to_the_scenario_folder() {
    let scen = copy_scenario(&demo_city());
    bianzhi()
        .arg("solve")
        .arg(scen.path())
        .arg("--model")
        .arg(crate::common::baseline_model())
        .arg("--out")
        .arg(scen.path())
        .assert()
        .code(2);
    assert!(!scen.path().join("plans.json").exists());
}

#[test]
fn verify_rejects_conjured_quota() {
    let (tmp, _, mut doc) = solve_demo(1);
    let units = doc["plans"][0]["units"].as_array_mut().expect("units");
    assert!(!units.is_empty());
    let q = units[0]["quota_after"].as_i64().unwrap();
    units[0]["quota_after"] = Value::from(q + 1);
    let stderr = verify_rejects(tmp.path(), "conjured.json", &doc, "conservation.quota");
    assert!(stderr.contains("plan 1"), "{stderr}");
}

#[test]
fn verify_rejects_grant_to_overstaffed_unit() {
    let (tmp, _, mut doc) = solve_demo(1);
    let loaded = load(&demo_city(), None);
    let s = &loaded.scenario;
    // A grant whose type has an overstaffed line in a unit its pool may lend to.
    let moves = plan1_moves(&mut doc);
    let mut redirected = None;
    'find: for m in moves.iter_mut().filter(|m| m["kind"] == "grant") {
        let ty = m["type"].as_str().unwrap().to_string();
        let pool = s.pool(m["from"].as_str().unwrap()).expect("known pool");
        for line in s.lines.iter().filter(|l| l.ty == ty && l.staff > l.quota) {
            let unit = s.unit(&line.unit).expect("known unit");
            if pool.sectors.admits(&unit.sector) && m["to"] != line.unit.as_str() {
                m["to"] = Value::from(line.unit.clone());
                redirected = Some(line.unit.clone());
                break 'find;
            }
        }
    }
    let unit = redirected.expect("the demo city has a grant that could be redirected to an overstaffed unit");
    let stderr = verify_rejects(tmp.path(), "overstaffed.json", &doc, "grant.overstaffed");
    assert!(stderr.contains(&unit), "the message names {unit}: {stderr}");
}

#[test]
fn verify_rejects_wrong_objective() {
    let (tmp, _, mut doc) = solve_demo(1);
    let o = doc["plans"][0]["objective"].as_f64().unwrap();
    doc["plans"][0]["objective"] = Value::from(o + 10.0);
    verify_rejects(tmp.path(), "objective.json", &doc, "report.objective");
}

#[test]
fn verify_rejects_removed_move_with_states_kept() {
    let (tmp, _, mut doc) = solve_demo(1);
    let moves = plan1_moves(&mut doc);
    let i = moves.iter().position(|m| m["kind"] == "reclaim").expect("plan 1 reclaims something");
    let removed = moves.remove(i);
    let stderr = verify_rejects(tmp.path(), "removed.json", &doc, "report.units");
    assert!(stderr.contains("[report.pools]"), "{stderr}");
    assert!(stderr.contains(removed["from"].as_str().unwrap()), "the unit of the removed move is named: {stderr}");
}

#[test]
fn verify_rejects_reclaim_above_the_limit() {
    let (tmp, _, mut doc) = solve_demo(1);
    let loaded = load(&demo_city(), None);
    let (s, policy) = (&loaded.scenario, &loaded.policy);
    let moves = plan1_moves(&mut doc);
    let m = moves.iter_mut().find(|m| m["kind"] == "reclaim").expect("plan 1 reclaims something");
    let line = s.line(m["from"].as_str().unwrap(), m["type"].as_str().unwrap()).expect("line");
    let limit = bianzhi::reclaimable_vacancy(policy, line.vacancy());
    m["amount"] = Value::from(limit + 1);
    let stderr = verify_rejects(tmp.path(), "reclaim.json", &doc, "reclaim.limit");
    assert!(stderr.contains(&line.unit), "{stderr}");
}

#[test]
fn verify_rejects_other_scenario() {
    // Plans of the demo city checked against a changed copy: the digest differs.
    let (tmp, path, _) = solve_demo(1);
    let scen = copy_scenario(&demo_city());
    let units = scen.path().join("establishments.csv");
    let text = std::fs::read_to_string(&units).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let changed = lines[1].replacen(",43,", ",44,", 1);
    assert_ne!(changed, lines[1], "fixture row changed");
    lines[1] = &changed;
    std::fs::write(&units, lines.join("\n") + "\n").unwrap();
    bianzhi()
        .arg("verify")
        .arg(scen.path())
        .arg(&path)
        .arg("--model")
        .arg(crate::common::baseline_model())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("[document.scenario]"));
    drop(tmp);
}

#[test]
fn verify_rejects_a_file_that_is_not_plans() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join("junk.json");
    std::fs::write(&path, "{\"format\": \"something else\"").unwrap();
    bianzhi()
        .arg("verify")
        .arg(demo_city())
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("junk.json"));
}

// ---------------------------------------------------------------------------------
// export-mps, gen
// ---------------------------------------------------------------------------------

#[test]
fn export_mps_names_rows() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mps = tmp.path().join("m.mps");
    bianzhi().arg("export-mps").arg(demo_city()).arg("-o").arg(&mps).assert().code(0);
    let text = std::fs::read_to_string(&mps).expect("m.mps written");
    assert!(text.lines().any(|l| l.trim() == "ROWS"), "no ROWS section");
    assert!(text.contains("pool-reserve-POOL-MUNI"), "no row named pool-reserve-POOL-MUNI");
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n != "m.mps")
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn export_mps_refuses_to_write_inside_the_scenario() {
    let scen = copy_scenario(&demo_city());
    let target = scen.path().join("m.mps");
    bianzhi()
        .arg("export-mps")
        .arg(scen.path())
        .arg("--model")
        .arg(crate::common::baseline_model())
        .arg("-o")
        .arg(&target)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("choose another -o/--output").and(predicate::str::contains("--out ").not()));
    assert!(!target.exists());
}

#[test]
fn export_mps_refuses_an_output_that_is_a_folder() {
    let tmp = tempfile::tempdir().expect("temp dir");
    bianzhi()
        .arg("export-mps")
        .arg(demo_city())
        .arg("-o")
        .arg(tmp.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("-o/--output").and(predicate::str::contains("is a folder; it names the MPS file")));
}

// ---------------------------------------------------------------------------------
// What the scenario argument and --out may be
// ---------------------------------------------------------------------------------

#[test]
fn validate_a_table_file_says_a_scenario_folder_is_expected() {
    let units = demo_city().join("units.csv");
    let assert = bianzhi().arg("validate").arg(&units).assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains(&format!("error: {}: this is a file, not a scenario folder", units.display())), "{stderr}");
    assert!(stderr.contains("a scenario is a folder holding scenario.toml (or that scenario.toml itself)"), "{stderr}");
    // One issue, that one: no TOML parse error about the CSV's first line.
    assert_eq!(stderr.lines().filter(|l| l.starts_with("error: ")).count(), 1, "{stderr}");
}

#[test]
fn validate_accepts_the_scenario_toml_itself() {
    bianzhi()
        .arg("validate")
        .arg(demo_city().join("scenario.toml"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("ok: 示例市"));
}

#[test]
fn validate_a_missing_path_or_a_folder_without_scenario_toml_says_what_is_expected() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let missing = tmp.path().join("no-such-scenario");
    bianzhi()
        .arg("validate")
        .arg(&missing)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("error: {}: cannot read the scenario: no such file or folder; a scenario is a folder", missing.display())));
    let manifest = tmp.path().join("scenario.toml");
    bianzhi().arg("validate").arg(tmp.path()).assert().code(1).stderr(predicate::str::contains(format!(
        "error: {}: not found: {} is a folder but not a scenario; a scenario is a folder holding scenario.toml",
        manifest.display(),
        tmp.path().display()
    )));
}

#[test]
fn solve_out_naming_an_existing_file_is_a_usage_error() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let file = tmp.path().join("plans.json");
    std::fs::write(&file, "keep me").expect("write");
    bianzhi()
        .arg("solve")
        .arg(demo_city())
        .arg("--out")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("--out {} is an existing file; --out names the folder", file.display())));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "keep me");
}

#[test]
fn gen_output_naming_an_existing_file_is_a_usage_error() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let file = tmp.path().join("units.csv");
    std::fs::write(&file, "keep me").expect("write");
    bianzhi()
        .args(["gen", "--units", "20", "-o"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("-o/--output").and(predicate::str::contains("is an existing file")));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "keep me");
}

fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("generated folder")
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().to_string(), std::fs::read(e.path()).unwrap())
        })
        .collect();
    v.sort();
    v
}

#[test]
fn gen_writes_a_valid_scenario_deterministically() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (g1, g2) = (tmp.path().join("g"), tmp.path().join("g2"));
    for g in [&g1, &g2] {
        bianzhi().args(["gen", "--units", "500", "--seed", "7", "-o"]).arg(g).assert().code(0);
    }
    bianzhi()
        .arg("validate")
        .arg(&g1)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("500 units"))
        .stderr(predicate::str::contains("error").not());
    let (a, b) = (files_of(&g1), files_of(&g2));
    let names: Vec<&str> = a.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains(&"scenario.toml") && names.contains(&"units.csv"), "{names:?}");
    assert_eq!(a.len(), b.len());
    for ((na, ca), (nb, cb)) in a.iter().zip(&b) {
        assert_eq!(na, nb);
        assert!(ca == cb, "{na} differs between two runs with the same seed");
    }
}

#[test]
fn gen_with_regions_gives_every_county_its_collecting_pools_and_solves_by_part() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let g = tmp.path().join("g");
    bianzhi().args(["gen", "--units", "1200", "--seed", "3", "--regions", "-o"]).arg(&g).assert().code(0);
    bianzhi().arg("validate").arg(&g).assert().code(0).stderr(predicate::str::contains("error").not());
    let units = std::fs::read_to_string(g.join("units.csv")).expect("units.csv");
    let pools = std::fs::read_to_string(g.join("pools.csv")).expect("pools.csv");
    assert!(units.lines().next().unwrap().ends_with(",region"));
    let regions: std::collections::BTreeSet<&str> = units.lines().skip(1).map(|l| l.rsplit(',').next().unwrap()).collect();
    assert!(regions.len() >= 3 && !regions.contains(""), "{regions:?}");
    for r in &regions {
        for ty in ["admin", "institution"] {
            let collecting = pools.lines().filter(|l| l.contains(&format!(",{ty},")) && l.ends_with(&format!(",{r},true"))).count();
            assert_eq!(collecting, 1, "region {r} type {ty}:\n{pools}");
        }
    }
    let out = tmp.path().join("out");
    bianzhi()
        .args(["solve", "--plans", "2", "--out"])
        .arg(&out)
        .arg(&g)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("independent parts"));
    bianzhi().arg("verify").arg(&g).arg(out.join("plans.json")).assert().code(0);
}

#[test]
fn gen_with_another_seed_differs() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (g1, g2) = (tmp.path().join("a"), tmp.path().join("b"));
    bianzhi().args(["gen", "--units", "100", "--seed", "7", "-o"]).arg(&g1).assert().code(0);
    bianzhi().args(["gen", "--units", "100", "--seed", "8", "-o"]).arg(&g2).assert().code(0);
    assert_ne!(files_of(&g1), files_of(&g2));
}

#[test]
fn gen_refuses_a_folder_that_holds_a_scenario() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let g = tmp.path().join("g");
    bianzhi().args(["gen", "--units", "50", "--seed", "1", "-o"]).arg(&g).assert().code(0);
    let before = files_of(&g);
    bianzhi()
        .args(["gen", "--units", "60", "--seed", "2", "-o"])
        .arg(&g)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already holds a scenario"));
    assert_eq!(files_of(&g), before, "the existing scenario is untouched");
    // the demo city itself is never overwritten
    let scen = copy_scenario(&demo_city());
    bianzhi().args(["gen", "--units", "50", "-o"]).arg(scen.path()).assert().code(2);
}

// ---------------------------------------------------------------------------------
// Usage errors: exit 2
// ---------------------------------------------------------------------------------

#[test]
fn solve_plans_zero_is_a_usage_error() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    bianzhi()
        .arg("solve")
        .arg(demo_city())
        .args(["--plans", "0", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--plans"));
    assert!(!out.exists());
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    bianzhi().arg("frobnicate").assert().code(2).stderr(predicate::str::contains("frobnicate"));
}

#[test]
fn other_usage_errors_exit_2() {
    let demo = demo_city();
    let cases: Vec<Vec<String>> = vec![
        vec![],
        vec!["solve".into()],
        vec!["solve".into(), demo.display().to_string(), "--plans".into(), "many".into()],
        vec!["solve".into(), demo.display().to_string(), "--format".into(), "xml".into()],
        vec!["solve".into(), demo.display().to_string(), "--gap".into(), "1.5".into()],
        vec!["solve".into(), demo.display().to_string(), "--time-limit".into(), "0".into()],
        vec!["solve".into(), demo.display().to_string(), "--threads".into(), "0".into()],
        vec!["validate".into(), demo.display().to_string(), "--bogus".into()],
        vec!["gen".into(), "--seed".into(), "1".into()],
        vec!["gen".into(), "--units".into(), "0".into(), "-o".into(), "/nonexistent-bianzhi-test-dir".into()],
    ];
    for args in cases {
        bianzhi().args(&args).assert().code(2);
    }
}

#[test]
fn help_and_version_exit_0() {
    bianzhi().arg("--help").assert().code(0).stdout(predicate::str::contains("solve"));
    bianzhi().arg("--version").assert().code(0);
}

#[test]
fn top_level_help_lists_every_exit_code() {
    let assert = bianzhi().arg("--help").assert().code(0);
    let help = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    let section = help.split("Exit codes:").nth(1).expect("an exit-code section");
    for code in 0..=6 {
        assert!(section.lines().any(|l| l.trim_start().starts_with(&format!("{code} "))), "exit code {code} missing:\n{help}");
    }
}

#[test]
fn every_command_help_describes_each_argument_and_gives_an_example() {
    for command in ["solve", "validate", "analyze", "verify", "export-mps", "gen", "models", "init", "schema"] {
        let assert = bianzhi().args([command, "--help"]).assert().code(0);
        let help = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
        let example = help.split("Examples:").nth(1).unwrap_or_else(|| panic!("{command}: no examples\n{help}"));
        assert!(example.contains(&format!("bianzhi {command} ")), "{command}: {example}");
        // Every argument and option line has text after its name, or (clap's long layout,
        // used when an argument lists its possible values) on the next, deeper-indented line.
        let args: Vec<&str> = help.split("Examples:").next().unwrap_or_default().lines().collect();
        let indent = |l: &str| l.len() - l.trim_start().len();
        for (i, line) in args.iter().enumerate().filter(|(_, l)| l.starts_with("  ") && l.trim_start().starts_with(['<', '-']) && !l.trim_start().starts_with("- ")) {
            let same_line = line.trim().split("  ").filter(|f| !f.is_empty()).count() >= 2;
            let next_line = args.get(i + 1).is_some_and(|n| !n.trim().is_empty() && indent(n) > indent(line));
            assert!(same_line || next_line, "{command}: no description on {line:?}\n{help}");
        }
    }
}

// ---------------------------------------------------------------------------------
// File modes: written files follow the umask, like any other program's
// ---------------------------------------------------------------------------------

/// Runs the binary under `umask MASK` in a shell; exit 0 expected.
#[cfg(unix)]
fn run_under_umask(mask: &str, args: &[&std::ffi::OsStr]) {
    let bin = env!("CARGO_BIN_EXE_bianzhi");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("umask {mask}; exec \"$0\" \"$@\""))
        .arg(bin)
        .args(args)
        .output()
        .expect("sh runs");
    assert!(out.status.success(), "{args:?} under umask {mask}: {}", String::from_utf8_lossy(&out.stderr));
}

#[cfg(unix)]
fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn written_files_get_the_umask_mode_not_the_temp_file_mode() {
    for (mask, want) in [("022", 0o644), ("077", 0o600), ("002", 0o664)] {
        let tmp = tempfile::tempdir().expect("temp dir");
        let g = tmp.path().join("g");
        let out = tmp.path().join("out");
        let mps = tmp.path().join("m.mps");
        run_under_umask(mask, &["gen".as_ref(), "--units".as_ref(), "40".as_ref(), "-o".as_ref(), g.as_os_str()]);
        run_under_umask(mask, &["solve".as_ref(), g.as_os_str(), "--plans".as_ref(), "1".as_ref(), "--out".as_ref(), out.as_os_str()]);
        run_under_umask(mask, &["export-mps".as_ref(), g.as_os_str(), "-o".as_ref(), mps.as_os_str()]);
        let init = tmp.path().join("init");
        run_under_umask(mask, &["init".as_ref(), init.as_os_str()]);
        let mut written: Vec<PathBuf> = files_of(&g).into_iter().map(|(n, _)| g.join(n)).collect();
        assert!(written.len() >= 5, "{written:?}");
        written.extend(files_of(&init).into_iter().map(|(n, _)| init.join(n)));
        written.push(out.join("plans.json"));
        written.push(mps);
        for f in &written {
            assert_eq!(mode_of(f), want, "{} under umask {mask}: {:o}", f.display(), mode_of(f));
        }
        let hidden: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .chain(std::fs::read_dir(&out).unwrap())
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(hidden.is_empty(), "temporary files left: {hidden:?}");
    }
}

// ---------------------------------------------------------------------------------
// solve --diverse (DESIGN §12)
// ---------------------------------------------------------------------------------

#[test]
fn solve_diverse_out_of_range_or_with_one_plan_is_a_usage_error() {
    let range = "--diverse must be in [0, 1)";
    let cases: [(&[&str], &str); 5] = [
        (&["--diverse", "-0.1"], range),
        (&["--diverse", "1"], range),
        (&["--diverse", "1.5"], range),
        (&["--diverse", "nan"], range),
        (&["--diverse", "0.02", "--plans", "1"], "--diverse needs --plans 2 or more"),
    ];
    for (args, message) in cases {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("out");
        bianzhi()
            .arg("solve")
            .arg(demo_city())
            .args(args)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
        assert!(!out.exists(), "{args:?}: nothing may be written");
    }
}

#[test]
fn solve_diverse_writes_alternatives_within_the_floor_that_verify() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    let assert = bianzhi()
        .arg("solve")
        .arg(demo_city())
        .args(["--plans", "3", "--diverse", "0.02", "--format", "json", "--out"])
        .arg(&out)
        .assert()
        .code(0);
    let doc = parse_json(&assert.get_output().stdout, "solve --diverse --format json stdout");
    assert_eq!(doc["diverse"]["eps"].as_f64(), Some(0.02), "{}", doc["diverse"]);
    let floor = doc["diverse"]["objective_floor"].as_f64().expect("objective_floor");
    let plans = doc["plans"].as_array().expect("plans");
    assert_eq!(plans.len(), 3);
    let best = plans[0]["objective"].as_f64().expect("objective");
    assert!((floor - (best - 0.02 * best.abs())).abs() < 1e-6, "floor {floor} for plan 1's {best}");
    for (i, plan) in plans.iter().enumerate() {
        let objective = plan["objective"].as_f64().expect("objective");
        assert!(objective >= floor - 1e-6, "plan {} objective {objective} below the floor {floor}", i + 1);
        let distance = plan.get("distance").and_then(Value::as_array).map_or(0, Vec::len);
        assert_eq!(distance, i, "plan {} has a distance to each earlier plan", i + 1);
    }
    let path = out.join("plans.json");
    assert_eq!(parse_json(&std::fs::read(&path).expect("plans.json"), "plans.json"), doc);
    bianzhi().arg("verify").arg(demo_city()).arg(&path).assert().code(0);

    // A wrong distance and an inconsistent floor are caught.
    let mut wrong = doc.clone();
    let d = wrong["plans"][1]["distance"][0].as_u64().expect("plan 2's distance to plan 1");
    wrong["plans"][1]["distance"][0] = (d + 1).into();
    verify_rejects(tmp.path(), "distance.json", &wrong, "plan.distance");
    let mut lowered = doc.clone();
    lowered["diverse"]["objective_floor"] = (floor - 1.0 - 0.01 * best.abs()).into();
    verify_rejects(tmp.path(), "floor.json", &lowered, "rank.diverse");
}

// ---------------------------------------------------------------------------------
// solve --years (DESIGN §14)
// ---------------------------------------------------------------------------------

#[test]
fn solve_years_out_of_range_or_not_a_number_is_a_usage_error() {
    let range = "--years must be between 1 and 10";
    let cases: [(&str, &str); 4] = [("0", range), ("11", range), ("-1", "invalid value '-1'"), ("two", "invalid value 'two'")];
    for (value, message) in cases {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("out");
        bianzhi()
            .arg("solve")
            .arg(demo_city())
            .arg(format!("--years={value}"))
            .arg("--out")
            .arg(&out)
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(message));
        assert!(!out.exists(), "--years {value}: nothing may be written");
    }
}

#[test]
fn solve_years_is_refused_before_the_scenario_is_read() {
    // A usage error is the command line's: it is named even when the scenario is bad too.
    let tmp = tempfile::tempdir().expect("temp dir");
    bianzhi()
        .arg("solve")
        .arg(tmp.path().join("no-such-scenario"))
        .args(["--years", "11"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--years must be between 1 and 10"));
}
