//! Whole CLI runs snapshotted: what a planner and a leader actually read. Times and
//! temporary paths are filtered out; a change in wording or layout shows up as a
//! snapshot diff to review.

use crate::common::{bianzhi, copy_scenario, demo_city, write_dir};

fn run(args: &[&std::ffi::OsStr]) -> (String, String, i32) {
    let out = bianzhi().args(args).output().expect("runs");
    (
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn analyze_demo_city() {
    let (stdout, stderr, code) = run(&["analyze".as_ref(), demo_city().as_os_str()]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!(stdout);
}

#[test]
fn analyze_a_ledger() {
    let scenario = crate::report::ledger_scenario();
    let (stdout, stderr, code) = run(&["analyze".as_ref(), scenario.path().as_os_str()]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!(stdout);
    let (json, stderr, code) = run(&["analyze".as_ref(), scenario.path().as_os_str(), "--format".as_ref(), "json".as_ref()]);
    assert_eq!(code, 0, "{stderr}");
    let doc: serde_json::Value = serde_json::from_str(&json).expect("one JSON document");
    let ledger = &doc["ledger"];
    assert_eq!((ledger["total"]["lent"].as_i64(), ledger["unused_returning_total"].as_i64()), (Some(15), Some(3)));
    assert_eq!((ledger["expired_returning_total"].as_i64(), ledger["expired_overstaffing"].as_i64()), (Some(3), Some(3)));
    assert_eq!(ledger["expiring"][0]["expires_on"].as_str(), Some("2026-02-01"));
}

#[test]
fn solve_demo_city_table() {
    let out = tempfile::tempdir().expect("tmp");
    let (stdout, stderr, code) = run(&["solve".as_ref(), demo_city().as_os_str(), "--out".as_ref(), out.path().as_os_str()]);
    assert_eq!(code, 0, "{stderr}");
    insta::with_settings!({filters => vec![
        (r"\d+\.\d+ 秒", "[seconds] 秒"),
        (r"wrote .*plans\.json", "wrote [out]/plans.json"),
    ]}, {
        insta::assert_snapshot!(stdout);
    });
}

/// Without its ledger the demo city plans exactly as it did before the ledger existed:
/// this snapshot is the demo's solve table from before the revolving-ledger work, kept
/// byte for byte (DESIGN §14: no ledger and no `--years` gives today's results).
#[test]
fn solve_demo_city_without_its_ledger_is_the_table_from_before_the_ledger() {
    let dir = copy_scenario(&demo_city());
    let manifest = dir.path().join("scenario.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    assert!(text.contains("grants = \"grants.csv\""), "{text}");
    std::fs::write(&manifest, text.replace("grants = \"grants.csv\"\n", "")).unwrap();
    let out = tempfile::tempdir().expect("tmp");
    let (stdout, stderr, code) = run(&["solve".as_ref(), dir.path().as_os_str(), "--out".as_ref(), out.path().as_os_str()]);
    assert_eq!(code, 0, "{stderr}");
    insta::with_settings!({filters => vec![
        (r"\d+\.\d+ 秒", "[seconds] 秒"),
        (r"wrote .*plans\.json", "wrote [out]/plans.json"),
    ]}, {
        insta::assert_snapshot!(stdout);
    });
}

#[test]
fn validate_lists_every_problem() {
    let dir = write_dir(&[
        ("scenario.toml", "[scenario]\nname = \"坏数据\"\nmodel = \"model.toml\"\n[data]\nunits = \"units.csv\"\nestablishments = \"establishments.csv\"\n"),
        ("model.toml", "[model]\nname = \"m\"\n[types]\ninstitution = \"事业编制\"\n[tiers]\nkey = { label = \"保重点\", weight = 100 }\n"),
        ("units.csv", "单位代码,单位名称,主管部门,系统,层级,单位类型,备注\nU1,市一中,U2,教育,市,事业单位,\nU2,市二中,U1,教育,市,事业单位,\nU1,市三中,,教育,市,学校,\n"),
        ("establishments.csv", "单位代码,编制类型,核定编制数,实有人数\nU1,事业编制,-3,4\nU9,事业编制,5,abc\nU2,行政编制,3.5,1\n"),
    ]);
    let (stdout, stderr, code) = run(&["validate".as_ref(), dir.path().as_os_str()]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    insta::assert_snapshot!(stderr);
}

#[test]
fn top_level_help() {
    let (stdout, stderr, code) = run(&["--help".as_ref()]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!(stdout);
}

#[test]
fn solve_help() {
    let (stdout, stderr, code) = run(&["solve".as_ref(), "--help".as_ref()]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!(stdout);
}

#[test]
fn compare_demo_city_table() {
    let out = tempfile::tempdir().expect("tmp");
    let args = [
        "compare",
        "--set",
        "reclaim.keep_vacant=0,1",
        "--set",
        "reserve.min_available.POOL-MUNI=20,9999",
        "--baseline",
        "baseline[reclaim.keep_vacant=1,reserve.min_available.POOL-MUNI=20]",
        "--accept",
        "rate.key >= baseline - 0.02",
        "--accept",
        "units_disrupted <= baseline * 1.2",
    ];
    let mut all: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
    all.insert(1, demo_city().into_os_string().leak());
    all.extend(["--out".as_ref(), out.path().as_os_str()]);
    let (stdout, stderr, code) = run(&all);
    assert_eq!(code, 6, "one variant disrupts too many units: {stderr}");
    // Seconds keep their width (every row here solves in under ten seconds).
    insta::with_settings!({filters => vec![
        (r"\b\d\.\d{3}\b", "s.sss"),
        (r"wrote \S*/(results\.\w+|compare\.html)", "wrote [out]/$1"),
    ]}, {
        insta::assert_snapshot!(stdout);
    });
}

#[test]
fn compare_help() {
    let (stdout, stderr, code) = run(&["compare".as_ref(), "--help".as_ref()]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!(stdout);
}
