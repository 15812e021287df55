//! `bianzhi compare` end to end (DESIGN §11): the grid and its names and order, the
//! outputs, acceptance pass and fail (exit 6), a variant infeasible mid-sweep, shards
//! merged into exactly the unsharded results, and every refusal of a bad sweep with
//! nothing written. The sweeps run on the starter scenario of `bianzhi init` (eleven
//! units, solved in milliseconds); the snapshot and one sweep use the demo city.

use crate::common::{bianzhi, demo_city};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A starter scenario written into a fresh folder `st` of a temp dir.
fn starter() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("st");
    bianzhi().arg("init").arg(&dir).assert().code(0);
    (tmp, dir)
}

fn compare(args: &[&str], scenario: &Path, out: &Path) -> (i32, String, String) {
    let o = bianzhi().arg("compare").arg(scenario).args(args).arg("--out").arg(out).arg("--threads").arg("2").output().expect("runs");
    (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stdout).into(), String::from_utf8_lossy(&o.stderr).into())
}

fn results(out: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("results.json")).expect("results.json")).expect("JSON")
}

fn variants(r: &Value) -> Vec<String> {
    r["rows"].as_array().unwrap().iter().map(|row| row["variant"].as_str().unwrap().to_string()).collect()
}

/// results.json without its timing fields.
fn untimed(mut r: Value) -> Value {
    for row in r["rows"].as_array_mut().unwrap() {
        let row = row.as_object_mut().unwrap();
        row.remove("seconds");
        row.remove("timings");
        row.get_mut("metrics").and_then(Value::as_object_mut).map(|m| m.remove("seconds"));
    }
    r
}

/// Every file under `dir` (relative path → bytes), plans.json without `solver.seconds`.
fn files_untimed(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("folder") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().to_string();
            let mut bytes = std::fs::read(&p).expect("file");
            if rel.ends_with("plans.json") {
                let mut v: Value = serde_json::from_slice(&bytes).expect("plans JSON");
                v["solver"].as_object_mut().unwrap().remove("seconds");
                bytes = serde_json::to_vec(&v).unwrap();
            }
            out.insert(rel, bytes);
        }
    }
    out
}

#[test]
fn the_grid_is_every_model_times_the_product_of_the_sets_in_key_order() {
    let (tmp, st) = starter();
    let out = tmp.path().join("out");
    // Given out of key order: names and rows follow the keys' order, last key fastest.
    let (code, stdout, stderr) = compare(
        &["--model", "baseline", "--model", "strict-control", "--set", "reclaim.keep_vacant=0,1", "--set", "consolidation.max_quota=3,7", "--repeat", "2"],
        &st,
        &out,
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stderr.is_empty(), "no progress bar when stderr is not a terminal: {stderr}");
    let r = results(&out);
    assert_eq!(r["format"], "bianzhi.compare/1");
    let names = variants(&r);
    let mut expected = Vec::new();
    for model in ["baseline", "strict-control"] {
        for q in [3, 7] {
            for k in [0, 1] {
                let name = format!("{model}[consolidation.max_quota={q},reclaim.keep_vacant={k}]");
                expected.push(name.clone());
                expected.push(name);
            }
        }
    }
    assert_eq!(names, expected);
    let rows = r["rows"].as_array().unwrap();
    assert_eq!(rows.iter().map(|row| row["row"].as_u64().unwrap()).collect::<Vec<_>>(), (1..=16).collect::<Vec<_>>());
    assert_eq!(rows.iter().map(|row| row["repeat"].as_u64().unwrap()).collect::<Vec<_>>()[..4], [1, 2, 1, 2]);
    assert_eq!(rows[0]["overrides"], "consolidation.max_quota=3,reclaim.keep_vacant=0");
    assert_eq!(rows[15]["model"], "strict-control");
    assert!(rows.iter().all(|row| row["status"] == "optimal"), "{rows:?}");
    // Repeats of one variant give the same plan.
    assert_eq!(rows[0]["metrics"]["objective"], rows[1]["metrics"]["objective"]);

    // Each row's plans.json verifies against the variant's model file written beside it.
    let plans = out.join(rows[2]["plans"].as_str().unwrap());
    assert!(plans.ends_with("variants/st/002-baseline[consolidation.max_quota=3,reclaim.keep_vacant=1]/repeat-1/plans.json"), "{}", plans.display());
    let model = plans.parent().unwrap().parent().unwrap().join("model.toml");
    let text = std::fs::read_to_string(&model).expect("model.toml");
    assert!(text.contains("name = \"baseline[consolidation.max_quota=3,reclaim.keep_vacant=1]\""), "{text}");
    assert!(text.contains("max_quota = 3"), "{text}");
    bianzhi().arg("verify").arg(&st).arg(&plans).arg("--model").arg(&model).assert().code(0);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&plans).unwrap()).unwrap();
    assert_eq!(doc["model"]["name"], "baseline[consolidation.max_quota=3,reclaim.keep_vacant=1]");

    // The CSV opens in Excel: a BOM, then the DESIGN §11 columns in order.
    let csv = std::fs::read(out.join("results.csv")).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let pos = |c: &str| header.iter().position(|h| *h == c).unwrap_or_else(|| panic!("no column {c} in {header:?}"));
    let order = [
        "scenario", "variant", "model", "overrides", "repeat", "status", "gap", "objective", "fulfilled.key", "rate.key", "requests_funded", "reclaimed",
        "donor_units", "merges", "released", "absorbed", "staff_moved", "pool_after.POOL-ADMIN", "seconds",
    ];
    assert!(order.windows(2).all(|w| pos(w[0]) < pos(w[1])), "{header:?}");
    assert_eq!(text.lines().count(), 17);
    assert!(out.join("compare.html").is_file());
}

#[test]
fn a_variant_with_the_model_as_it_is_gives_the_plans_solve_gives() {
    let (tmp, st) = starter();
    let out = tmp.path().join("out");
    let (code, stdout, stderr) = compare(&["--plans", "2"], &st, &out);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let r = results(&out);
    assert_eq!(variants(&r), vec!["baseline"]);
    let solved = tmp.path().join("solved");
    bianzhi().arg("solve").arg(&st).arg("--plans").arg("2").arg("--out").arg(&solved).assert().code(0);
    let untimed_doc = |p: &Path| {
        let mut v: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        v["solver"].as_object_mut().unwrap().remove("seconds");
        v
    };
    assert_eq!(untimed_doc(&out.join(r["rows"][0]["plans"].as_str().unwrap())), untimed_doc(&solved.join("plans.json")));
}

#[test]
fn acceptance_tests_pass_or_exit_6_with_everything_written() {
    let (tmp, st) = starter();
    let out = tmp.path().join("pass");
    let sets = ["--set", "reclaim.keep_vacant=0,1", "--baseline", "baseline[reclaim.keep_vacant=1]"];
    let pass = [&sets[..], &["--accept", "rate >= baseline - 0.5", "--accept", "requests_funded >= 0"]].concat();
    let (code, stdout, stderr) = compare(&pass, &st, &out);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let r = results(&out);
    assert_eq!(r["sweep"]["accept"], serde_json::json!(["rate >= baseline - 0.5", "requests_funded >= 0"]));
    for row in r["rows"].as_array().unwrap() {
        assert_eq!(row["accepted"], true, "{row}");
        assert_eq!(row["tests"].as_array().unwrap().len(), 2);
    }
    assert_eq!(r["rows"][1]["baseline"], true);
    assert_eq!(r["rows"][0]["baseline"], false);

    // Strictly more than the baseline: the baseline row itself fails.
    let out = tmp.path().join("fail");
    let fail = [&sets[..], &["--accept", "objective > baseline"]].concat();
    let (code, stdout, stderr) = compare(&fail, &st, &out);
    assert_eq!(code, 6, "{stdout}{stderr}");
    assert!(stderr.contains("acceptance:") && stderr.contains("fail a test"), "{stderr}");
    assert!(stdout.contains("FAIL row 2 baseline[reclaim.keep_vacant=1]: objective ="), "{stdout}");
    let r = results(&out);
    assert_eq!(r["rows"][1]["accepted"], false);
    assert!(r["rows"][1]["tests"][0]["why"].as_str().unwrap().starts_with("objective = "), "{}", r["rows"][1]);
    let csv = std::fs::read_to_string(out.join("results.csv")).unwrap();
    assert!(csv.contains("fail: objective = "), "{csv}");
    assert!(out.join("compare.html").is_file());
}

#[test]
fn an_infeasible_variant_mid_sweep_is_a_row_and_the_sweep_goes_on() {
    let (tmp, st) = starter();
    let out = tmp.path().join("out");
    let (code, stdout, stderr) = compare(
        &["--set", "reserve.min_available.POOL-MUNI=0,99999,10", "--baseline", "baseline[reserve.min_available.POOL-MUNI=0]", "--accept", "rate >= baseline - 1"],
        &st,
        &out,
    );
    assert_eq!(code, 6, "the infeasible row has no value, so its test fails: {stdout}{stderr}");
    let r = results(&out);
    let rows = r["rows"].as_array().unwrap();
    assert_eq!(rows.iter().map(|row| row["status"].as_str().unwrap()).collect::<Vec<_>>(), ["optimal", "infeasible", "optimal"]);
    assert!(rows[1]["message"].as_str().unwrap().contains("reserve.min_available.POOL-MUNI"), "{}", rows[1]);
    assert!(rows[1].get("plans").is_none());
    assert!(rows[1]["metrics"].as_object().unwrap().is_empty());
    assert_eq!(rows[1]["tests"][0]["why"], "no value of rate");
    assert!(rows[2]["plans"].is_string(), "the row after the infeasible one was solved");
    assert!(stdout.contains("row 2 baseline[reserve.min_available.POOL-MUNI=99999]: infeasible — [pool-reserve-POOL-MUNI]"), "{stdout}");
}

#[test]
fn shards_merged_give_exactly_the_unsharded_results() {
    let (tmp, st) = starter();
    let args = ["--set", "reclaim.keep_vacant=0,1,2", "--set", "consolidation.max_quota=3,5", "--baseline", "baseline[consolidation.max_quota=5,reclaim.keep_vacant=1]", "--accept", "rate >= baseline - 0.1", "--plans", "2"];
    let whole = tmp.path().join("whole");
    let (code, stdout, stderr) = compare(&args, &st, &whole);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let mut shards = Vec::new();
    for i in 1..=4 {
        let dir = tmp.path().join(format!("shard-{i}"));
        let shard = format!("{i}/4");
        let (code, stdout, stderr) = compare(&[&args[..], &["--shard", &shard]].concat(), &st, &dir);
        assert_eq!(code, 0, "{stdout}{stderr}");
        assert!(stdout.contains(&format!("note: shard {i} of 4")), "{stdout}");
        let part = results(&dir);
        assert_eq!(part["shard"], serde_json::json!({ "index": i, "count": 4 }));
        let taken: Vec<u64> = part["rows"].as_array().unwrap().iter().map(|r| r["row"].as_u64().unwrap()).collect();
        assert_eq!(taken, (i as u64..=6).step_by(4).collect::<Vec<_>>());
        assert!(part["rows"].as_array().unwrap().iter().all(|r| r.get("accepted").is_none()), "a shard leaves judging to the merge");
        shards.push(dir);
    }
    // `auto/N` takes the index from a job array's environment.
    let auto = tmp.path().join("auto");
    let o = bianzhi()
        .arg("compare")
        .arg(&st)
        .args(args)
        .args(["--shard", "auto/4", "--out"])
        .arg(&auto)
        .env("JOB_COMPLETION_INDEX", "2")
        .env_remove("SLURM_ARRAY_TASK_ID")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(results(&auto)["shard"]["index"], 3, "JOB_COMPLETION_INDEX counts from 0");

    let merged = tmp.path().join("merged");
    let mut cmd = bianzhi();
    cmd.arg("compare").arg("--merge");
    // In any order.
    for d in shards.iter().rev() {
        cmd.arg(d);
    }
    let o = cmd.arg("--out").arg(&merged).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(untimed(results(&merged)), untimed(results(&whole)));
    let (mut a, mut b) = (files_untimed(&merged), files_untimed(&whole));
    for files in [&mut a, &mut b] {
        for f in ["results.json", "results.csv", "compare.html"] {
            files.remove(f);
        }
    }
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    assert!(a == b, "every plans.json and model.toml is the same");
    let csv_untimed = |d: &Path| {
        let text = std::fs::read_to_string(d.join("results.csv")).unwrap();
        let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let at = rdr.headers().unwrap().iter().position(|h| h == "seconds").unwrap();
        rdr.records().map(|r| r.unwrap().iter().enumerate().filter(|(i, _)| *i != at).map(|(_, c)| c.to_string()).collect::<Vec<_>>()).collect::<Vec<_>>()
    };
    assert_eq!(csv_untimed(&merged), csv_untimed(&whole));
}

#[test]
fn merge_refuses_shards_that_do_not_make_one_sweep() {
    let (tmp, st) = starter();
    let args = ["--set", "reclaim.keep_vacant=0,1,2"];
    let run = |name: &str, extra: &[&str]| {
        let dir = tmp.path().join(name);
        let (code, stdout, stderr) = compare(&[&args[..], extra].concat(), &st, &dir);
        assert_eq!(code, 0, "{stdout}{stderr}");
        dir
    };
    let s1 = run("s1", &["--shard", "1/2"]);
    let s2 = run("s2", &["--shard", "2/2"]);
    let other = run("other", &["--shard", "2/2", "--plans", "2"]);
    let three = run("three", &["--shard", "1/3"]);
    let merge = |dirs: &[&Path], out: &Path| {
        let mut cmd = bianzhi();
        cmd.arg("compare").arg("--merge");
        for d in dirs {
            cmd.arg(d);
        }
        let o = cmd.arg("--out").arg(out).output().unwrap();
        (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stderr).to_string())
    };
    let out = tmp.path().join("m");
    let (code, err) = merge(&[&s1], &out);
    assert_eq!((code, err.contains("shard 2 of 2 missing")), (2, true), "{err}");
    let (code, err) = merge(&[&s1, &s1], &out);
    assert_eq!((code, err.contains("given twice")), (1, true), "{err}");
    let (code, err) = merge(&[&s1, &other], &out);
    assert_eq!((code, err.contains("is another sweep") && err.contains("`plans` differs")), (1, true), "{err}");
    let (code, err) = merge(&[&s1, &three], &out);
    assert_eq!((code, err.contains("is shard 1 of 3")), (1, true), "{err}");
    let (code, err) = merge(&[&s1, &tmp.path().join("nowhere")], &out);
    assert_eq!((code, err.contains("cannot read the results of a compare run")), (1, true), "{err}");
    let (code, err) = merge(&[&s1, &s2], &s1);
    assert_eq!((code, err.contains("is one of the shard folders")), (2, true), "{err}");
    // A plans.json is not a results.json.
    let plans_dir = tmp.path().join("plans");
    std::fs::create_dir_all(&plans_dir).unwrap();
    std::fs::write(plans_dir.join("results.json"), r#"{"format": "bianzhi.plans/1"}"#).unwrap();
    let (code, err) = merge(&[&plans_dir], &out);
    assert_eq!((code, err.contains("this is a `bianzhi.plans/1` document")), (1, true), "{err}");
    assert!(!out.exists(), "nothing was written by a refused merge");
    let (code, err) = merge(&[&s1, &s2], &out);
    assert_eq!(code, 0, "{err}");
}

/// Each refusal: its exit code, the words it must say, and nothing written.
#[test]
fn bad_sweeps_are_refused_before_any_solve_naming_the_key_and_variant() {
    let (tmp, st) = starter();
    let out = tmp.path().join("out");
    let cases: &[(&[&str], i32, &[&str])] = &[
        (&["--set", "reclaim.kep_vacant=0,1"], 2, &["unknown key `reclaim.kep_vacant`", "did you mean `reclaim.keep_vacant`?"]),
        (&["--set", "reclaimm.keep_vacant=0"], 2, &["did you mean `reclaim`?"]),
        (&["--set", "tiers.kye.weight=100"], 2, &["no `tiers` entry `kye`", "did you mean `tiers.key`?"]),
        (&["--set", "reclaim=0"], 2, &["`reclaim` is a section", "reclaim.keep_vacant"]),
        (&["--set", "reclaim.max_share=lots"], 2, &["--set reclaim.max_share=lots: expected a number between 0 and 1"]),
        (&["--set", "consolidation.kinds=[\"schools\"]"], 2, &["expected one of admin, institution, civil_managed in the list"]),
        (&["--set", "types.admin=行政"], 2, &["cannot vary within a sweep", "--model"]),
        (&["--set", "reclaim.keep_vacant"], 2, &["expected KEY=V1,V2"]),
        (&["--set", "reclaim.keep_vacant=0", "--set", "reclaim.keep_vacant=1"], 2, &["given twice"]),
        (&["--set", "reclaim.keep_vacant=-1,1"], 1, &["variant baseline[reclaim.keep_vacant=-1]", "expected a non-negative integer"]),
        (&["--set", "reclaim.max_share=0.5,1.5,2"], 1, &["variant baseline[reclaim.max_share=1.5]: expected a share", "variant baseline[reclaim.max_share=2]: expected a share"]),
        (&["--set", "reclaim.max_share=1.5", "--set", "reclaim.keep_vacant=0,1"], 1, &["2 variants (baseline[reclaim.keep_vacant=0,reclaim.max_share=1.5], …): expected a share"]),
        (&["--set", "reserve.min_available.POOL-NONE=5", "--set", "reclaim.keep_vacant=0,1"], 1, &["2 variants", "unknown pool POOL-NONE", "known pools: POOL-ADMIN"]),
        (&["--set", "reclaim.into.institution=POOL-ADMIN"], 1, &["pool POOL-ADMIN holds admin quota, not institution"]),
        (&["--set", "reclaim.keep_vacant=0,1", "--baseline", "baseline[reclaim.keep_vacant=2]"], 2, &["--baseline baseline[reclaim.keep_vacant=2] is not a variant", "did you mean"]),
        (&["--accept", "rate.kye >= 0.5"], 2, &["no metric `rate.kye`", "did you mean `rate.key`?"]),
        (&["--accept", "rate.key >= baseline"], 2, &["compares with the baseline", "--baseline"]),
        (&["--accept", "rate.key about 0.5"], 2, &["expected METRIC OP BOUND"]),
        (&["--shard", "3/2"], 2, &["shard 3 is not one of 1..=2"]),
        (&["--shard", "two/2"], 2, &["expected I/N"]),
        (&["--model", "baseline", "--model", "baseline"], 2, &["both named baseline"]),
        (&["--model", "nosuch"], 1, &["no built-in model"]),
        (&["--plans", "0"], 2, &["--plans and --repeat must be at least 1"]),
        (&["--time-limit=-1"], 2, &["--time-limit must be a positive number"]),
        (&["--gap", "1"], 2, &["--gap must be in [0, 1)"]),
        (&["--threads", "0"], 2, &["--threads must be at least 1"]),
    ];
    for (args, code, words) in cases {
        let o = bianzhi().arg("compare").arg(&st).args(*args).arg("--out").arg(&out).env_remove("SLURM_ARRAY_TASK_ID").env_remove("JOB_COMPLETION_INDEX").output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(*code), "{args:?}: {err}");
        for w in *words {
            assert!(err.contains(w), "{args:?} should say {w:?}: {err}");
        }
        assert!(!out.exists(), "{args:?} wrote {}", out.display());
    }
    // `auto` with no job array around it.
    let o = bianzhi().arg("compare").arg(&st).args(["--shard", "auto/2", "--out"]).arg(&out).env_remove("SLURM_ARRAY_TASK_ID").env_remove("JOB_COMPLETION_INDEX").output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set"));
    // Outputs that would touch the inputs, or a file where the folder goes.
    let o = bianzhi().arg("compare").arg(&st).arg("--out").arg(st.join("out")).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("inside the scenario folder"));
    let file = tmp.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let o = bianzhi().arg("compare").arg(&st).arg("--out").arg(&file).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is an existing file"));
    // Two scenarios of one folder name.
    let again = tmp.path().join("again").join("st");
    bianzhi().arg("init").arg(&again).assert().code(0);
    let o = bianzhi().arg("compare").arg(&st).arg(&again).arg("--out").arg(&out).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("both named st"));
    assert!(!out.exists());
}

#[test]
fn csv_and_json_formats_print_the_results_on_stdout() {
    let (tmp, st) = starter();
    let out = tmp.path().join("out");
    let (code, stdout, _) = compare(&["--set", "reclaim.keep_vacant=0,1", "--format", "csv"], &st, &out);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("scenario,variant,model,"), "no BOM on a pipe: {stdout:?}");
    assert_eq!(stdout.lines().count(), 3);
    let (code, stdout, _) = compare(&["--set", "reclaim.keep_vacant=0,1", "--format", "json"], &st, &out);
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&stdout).expect("stdout is the results document");
    assert_eq!(untimed(doc), untimed(results(&out)));
}

#[test]
fn two_scenarios_are_rows_of_one_sweep() {
    let (tmp, st) = starter();
    let out = tmp.path().join("out");
    let o = bianzhi()
        .arg("compare")
        .arg(&st)
        .arg(demo_city())
        .args(["--set", "reclaim.keep_vacant=0,1", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let r = results(&out);
    let scen: Vec<&str> = r["rows"].as_array().unwrap().iter().map(|row| row["scenario"].as_str().unwrap()).collect();
    assert_eq!(scen, ["st", "st", "demo-city", "demo-city"]);
    assert_eq!(r["sweep"]["scenarios"][1]["title"], "示例市 2025 年度编制调剂");
    assert!(r["sweep"]["metrics"].as_array().unwrap().iter().any(|m| m == "pool_after.POOL-XIAN"), "pools of every scenario are columns");
    assert!(r["rows"][2]["metrics"].get("pool_after.POOL-XIAN").is_none(), "a pool the scenario does not have has no value");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("┆ scenario"), "the table names the scenario when there are several: {stdout}");
}

#[test]
fn rows_are_the_same_at_any_thread_count() {
    let (tmp, st) = starter();
    let args = ["--set", "reclaim.keep_vacant=0,1,2", "--set", "consolidation.max_quota=3,5,7", "--plans", "3"];
    let one = tmp.path().join("one");
    let o = bianzhi().arg("compare").arg(&st).args(args).args(["--threads", "1", "--out"]).arg(&one).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let two = tmp.path().join("two");
    let (code, _, stderr) = compare(&args, &st, &two);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(untimed(results(&one)), untimed(results(&two)));
    assert!(files_untimed(&one).into_iter().filter(|(f, _)| f.ends_with("plans.json")).eq(files_untimed(&two).into_iter().filter(|(f, _)| f.ends_with("plans.json"))));
}

/// `--merge` reads the shards' numbers back; without serde_json's `float_roundtrip` a
/// share like 0.9805825242718447 comes back one ulp off and the merge differs from the
/// unsharded run. Test builds get the feature from a dev-dependency whatever the
/// manifest says, so the manifest itself is what must ask for it.
#[test]
fn serde_json_reads_floats_back_exactly_in_every_build() {
    let manifest = std::fs::read_to_string(crate::common::repo().join("Cargo.toml")).unwrap();
    let line = manifest.lines().find(|l| l.starts_with("serde_json")).expect("serde_json is a dependency");
    assert!(line.contains("float_roundtrip"), "{line}");
    let v = 0.9805825242718447_f64;
    assert_eq!(serde_json::from_str::<f64>(&serde_json::to_string(&v).unwrap()).unwrap(), v);
}

/// On a terminal (a pseudo-terminal from util-linux `script`) the rows are counted on
/// stderr as they finish; the results are the same as when nobody watches.
#[test]
fn a_terminal_sees_the_rows_counted_as_they_finish() {
    let (tmp, st) = starter();
    let out = tmp.path().join("out");
    let line = format!(
        "'{}' compare '{}' --set reclaim.keep_vacant=0,1,2 --out '{}' --format csv",
        env!("CARGO_BIN_EXE_bianzhi"),
        st.display(),
        out.display()
    );
    let o = std::process::Command::new("script").args(["-qec", &line, "/dev/null"]).output().expect("util-linux script runs");
    let seen = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{seen}");
    assert!(seen.contains("0/3 rows") && seen.contains("/3 rows ["), "a progress bar: {seen}");
    assert_eq!(results(&out)["rows"].as_array().unwrap().len(), 3);
}
