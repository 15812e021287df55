//! `bianzhi init DIR`: a starter scenario with every column of every table, which
//! validates and solves (English and Chinese headers, every built-in model), and is
//! never written over an existing scenario or file.

use crate::common::bianzhi;
use predicates::prelude::*;

fn header_of(dir: &std::path::Path, file: &str) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    text.lines().next().unwrap().split(',').map(str::to_string).collect()
}

#[test]
fn init_writes_a_scenario_that_validates_and_solves_under_every_builtin() {
    for chinese in [false, true] {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("new");
        let mut cmd = bianzhi();
        cmd.arg("init").arg(&dir);
        if chinese {
            cmd.arg("--chinese-headers");
        }
        cmd.assert().code(0).stdout(predicate::str::contains("wrote establishments.csv, grants.csv, pools.csv, requests.csv, scenario.toml, units.csv"));
        let manifest = std::fs::read_to_string(dir.join("scenario.toml")).unwrap();
        assert!(manifest.contains("\nmodel = \"baseline\""), "{manifest}");
        bianzhi()
            .arg("validate")
            .arg(&dir)
            .assert()
            .code(0)
            .stdout(predicate::str::contains("11 units"))
            .stderr(predicate::str::is_empty());
        for m in bianzhi::BUILTIN_MODELS {
            let out = tmp.path().join(format!("out-{}", m.name));
            bianzhi().arg("solve").arg(&dir).args(["--model", m.name, "--plans", "2", "--out"]).arg(&out).assert().code(0);
            bianzhi().arg("verify").arg(&dir).arg(out.join("plans.json")).args(["--model", m.name]).assert().code(0);
            let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("plans.json")).unwrap()).unwrap();
            let kinds: std::collections::BTreeSet<&str> =
                doc["plans"][0]["moves"].as_array().unwrap().iter().map(|mv| mv["kind"].as_str().unwrap()).collect();
            assert!(kinds.contains("grant") && kinds.contains("merge"), "{}: the example shows grants and merges: {kinds:?}", m.name);
            // The ledger's two returns, whatever the model's weights: G-002's unused 3 and
            // the expired emergency G-003's 2, first in the plan.
            let returns: Vec<(&str, i64, &str)> = doc["plans"][0]["moves"]
                .as_array()
                .unwrap()
                .iter()
                .take_while(|mv| mv["kind"] == "return")
                .map(|mv| (mv["grant"].as_str().unwrap(), mv["amount"].as_i64().unwrap(), mv["rule"].as_str().unwrap()))
                .collect();
            assert_eq!(returns, [("G-002", 3, "grants.unused"), ("G-003", 2, "grants.expired")], "{}", m.name);
        }
    }
}

#[test]
fn init_headers_hold_the_optional_columns() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (en, zh) = (tmp.path().join("en"), tmp.path().join("zh"));
    bianzhi().arg("init").arg(&en).assert().code(0);
    bianzhi().arg("init").arg(&zh).arg("--chinese-headers").assert().code(0);
    let units = header_of(&en, "units.csv");
    for c in ["id", "parent", "function", "protected", "leader_posts", "leaders", "region"] {
        assert!(units.iter().any(|h| h == c), "units.csv lacks {c}: {units:?}");
    }
    let pools = header_of(&en, "pools.csv");
    for c in ["available", "capacity", "used", "sectors", "per_unit_max", "region", "collects"] {
        assert!(pools.iter().any(|h| h == c), "pools.csv lacks {c}: {pools:?}");
    }
    assert!(header_of(&en, "requests.csv").iter().any(|h| h == "min"));
    assert_eq!(header_of(&zh, "units.csv")[..2], ["单位代码", "单位名称"]);
    assert!(header_of(&zh, "units.csv").iter().any(|h| h == "地区"));
    assert!(header_of(&zh, "pools.csv").iter().any(|h| h == "收回池"));
    assert!(header_of(&zh, "establishments.csv") == ["单位代码", "编制类型", "核定编制数", "实有人数", "退休人数"]);
    assert!(header_of(&en, "requests.csv").iter().any(|h| h == "year"));
    let grants = header_of(&en, "grants.csv");
    for c in ["id", "pool", "unit", "type", "amount", "used", "granted_on", "tier", "term_months"] {
        assert!(grants.iter().any(|h| h == c), "grants.csv lacks {c}: {grants:?}");
    }
    assert_eq!(header_of(&zh, "grants.csv")[..3], ["调剂编号", "池代码", "单位代码"]);
}

#[test]
fn init_refuses_a_folder_that_holds_a_scenario() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("s");
    bianzhi().arg("init").arg(&dir).assert().code(0);
    std::fs::write(dir.join("units.csv"), "mine\n").unwrap();
    bianzhi()
        .arg("init")
        .arg(&dir)
        .arg("--chinese-headers")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already holds a scenario.toml"));
    assert_eq!(std::fs::read_to_string(dir.join("units.csv")).unwrap(), "mine\n");
}

#[test]
fn init_never_writes_over_a_table_already_there() {
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(tmp.path().join("pools.csv"), "mine\n").unwrap();
    bianzhi()
        .arg("init")
        .arg(tmp.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already holds pools.csv"));
    let names: Vec<String> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    assert_eq!(names, ["pools.csv"], "nothing else was written");
    assert_eq!(std::fs::read_to_string(tmp.path().join("pools.csv")).unwrap(), "mine\n");
}
