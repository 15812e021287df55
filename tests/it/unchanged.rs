//! Behaviour pinned across a refactor: every output a user reads, for the demo city, the
//! three-year demo, `--diverse 0.02` on the demo and generated scenarios of 5,000 units
//! and 50,000 regional units, is digested and compared with `unchanged/digests.txt`,
//! which was recorded before the layout step moved the code. A change to what the tool
//! prints or writes fails here, naming the case and the output.
//!
//! Digested per case: `plans.json` with every `seconds` field set to 0 (the only timing
//! fields), the solve's terminal table with its one `N.NN 秒` and the output folder set aside, `report.html`,
//! `summary.md` and the cells of `plans.xlsx` (sheet, row, column, value: the workbook's
//! zip bytes are not the contract); for the demo city also the English report,
//! `analyze` (table and JSON) and a `diff` of plans 1 and 2.
//!
//! When a change is meant to alter outputs, record again with
//! `BIANZHI_RECORD_UNCHANGED=1 cargo test unchanged` and say why in the commit.

use crate::common;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const DIGESTS: &str = "tests/it/unchanged/digests.txt";

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Every `seconds` member, at any depth, set to 0.
fn zero_seconds(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, x) in map.iter_mut() {
                if k == "seconds" {
                    *x = serde_json::json!(0);
                } else {
                    zero_seconds(x);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(zero_seconds),
        _ => {}
    }
}

fn plans_json(path: &Path) -> Vec<u8> {
    let text = std::fs::read_to_string(path).expect("plans.json written");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("plans.json parses");
    zero_seconds(&mut v);
    serde_json::to_vec_pretty(&v).expect("serialises")
}

/// The terminal text with the wall-clock `N.NN 秒` of its heading replaced by `_ 秒`.
fn without_seconds(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| if line.contains("求解") { common::line_without_seconds(line) } else { line.to_string() })
        .collect()
}

/// Sheet, row, column and value of every non-empty cell, in sheet order.
fn xlsx_cells(path: &Path) -> Vec<u8> {
    use calamine::{open_workbook_auto, Reader};
    let mut book = open_workbook_auto(path).expect("workbook opens");
    let mut out = String::new();
    for name in book.sheet_names().to_vec() {
        let range = book.worksheet_range(&name).expect("sheet reads");
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, row) in range.rows().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if !matches!(cell, calamine::Data::Empty) {
                    out.push_str(&format!("{name}\t{}\t{}\t{cell:?}\n", r0 as usize + r, c0 as usize + c));
                }
            }
        }
    }
    out.into_bytes()
}

fn run(args: &[&std::ffi::OsStr]) -> Vec<u8> {
    let out = common::bianzhi().args(args).assert().success();
    out.get_output().stdout.clone()
}

/// Solves `scenario` with `extra` flags and `--report` into a fresh folder; digests
/// every output into `into` under `case`.
fn solve_case(case: &str, scenario: &Path, extra: &[&str], into: &mut BTreeMap<String, String>) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let mut args: Vec<&std::ffi::OsStr> = vec!["solve".as_ref(), scenario.as_os_str(), "--out".as_ref(), out.path().as_os_str(), "--report".as_ref()];
    args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
    let stdout = run(&args);
    let table = without_seconds(&String::from_utf8(stdout).expect("UTF-8 stdout")).replace(&out.path().display().to_string(), "OUT");
    into.insert(format!("{case} terminal"), sha(table.as_bytes()));
    into.insert(format!("{case} plans.json"), sha(&plans_json(&out.path().join("plans.json"))));
    for file in ["report.html", "summary.md"] {
        let bytes = std::fs::read(out.path().join(file)).unwrap_or_else(|e| panic!("{case}: {file}: {e}"));
        into.insert(format!("{case} {file}"), sha(&bytes));
    }
    into.insert(format!("{case} plans.xlsx cells"), sha(&xlsx_cells(&out.path().join("plans.xlsx"))));
    out
}

fn generated(units: &str, regions: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("s");
    let mut args: Vec<&std::ffi::OsStr> = vec!["gen".as_ref(), "--units".as_ref(), units.as_ref(), "--seed".as_ref(), "1".as_ref(), "-o".as_ref(), target.as_os_str()];
    if regions {
        args.push("--regions".as_ref());
    }
    run(&args);
    dir
}

fn digests_now() -> BTreeMap<String, String> {
    let mut d = BTreeMap::new();
    let demo = common::demo_city();
    let out = solve_case("demo-city", &demo, &[], &mut d);
    let plans = out.path().join("plans.json");
    let en = tempfile::tempdir().expect("temp dir");
    let (html, xlsx, md) = (en.path().join("r.html"), en.path().join("r.xlsx"), en.path().join("r.md"));
    run(&[
        "report".as_ref(),
        demo.as_os_str(),
        plans.as_os_str(),
        "--lang".as_ref(),
        "en".as_ref(),
        "--html".as_ref(),
        html.as_os_str(),
        "--xlsx".as_ref(),
        xlsx.as_os_str(),
        "--md".as_ref(),
        md.as_os_str(),
    ]);
    d.insert("demo-city en report.html".into(), sha(&std::fs::read(&html).unwrap()));
    d.insert("demo-city en summary.md".into(), sha(&std::fs::read(&md).unwrap()));
    d.insert("demo-city en plans.xlsx cells".into(), sha(&xlsx_cells(&xlsx)));
    d.insert("demo-city analyze".into(), sha(&run(&["analyze".as_ref(), demo.as_os_str()])));
    d.insert("demo-city analyze json".into(), sha(&run(&["analyze".as_ref(), demo.as_os_str(), "--format".as_ref(), "json".as_ref()])));
    for lang in ["zh", "en"] {
        let (a, b) = (format!("{}#1", plans.display()), format!("{}#2", plans.display()));
        let diff = run(&["diff".as_ref(), demo.as_os_str(), a.as_ref(), b.as_ref(), "--lang".as_ref(), lang.as_ref()]);
        let diff = String::from_utf8(diff).expect("UTF-8 diff").replace(&out.path().display().to_string(), "OUT");
        d.insert(format!("demo-city diff 1 2 {lang}"), sha(diff.as_bytes()));
    }
    solve_case("demo-city-3y", &common::repo().join("scenarios/demo-city-3y"), &[], &mut d);
    // A wide time limit: each alternative's share is then never what ends its search, so a
    // loaded machine gives the proven alternatives an idle one gives (the same plans.json
    // as without a limit).
    solve_case("demo-city diverse 0.02", &demo, &["--diverse", "0.02", "--time-limit", "600"], &mut d);
    let g5k = generated("5000", false);
    solve_case("gen 5000", &g5k.path().join("s"), &[], &mut d);
    d.insert("gen 5000 analyze".into(), sha(&run(&["analyze".as_ref(), g5k.path().join("s").as_os_str()])));
    let r50k = generated("50000", true);
    solve_case("gen 50000 regions", &r50k.path().join("s"), &[], &mut d);
    d
}

fn parse(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (k, v) = l.rsplit_once(' ').expect("case digest");
            (k.to_string(), v.to_string())
        })
        .collect()
}

#[test]
fn every_output_is_what_it_was_before_the_layout_step() {
    let now = digests_now();
    let path: PathBuf = common::repo().join(DIGESTS);
    if std::env::var_os("BIANZHI_RECORD_UNCHANGED").is_some() {
        let mut text = String::from("# case output sha256 — written by BIANZHI_RECORD_UNCHANGED=1 cargo test unchanged\n");
        for (k, v) in &now {
            text.push_str(&format!("{k} {v}\n"));
        }
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        return;
    }
    let recorded = parse(&std::fs::read_to_string(&path).expect("recorded digests"));
    let changed: Vec<&String> = recorded.keys().chain(now.keys()).filter(|k| recorded.get(*k) != now.get(*k)).collect();
    assert!(changed.is_empty(), "outputs changed since they were recorded: {changed:?}");
}

#[test]
fn the_terminal_heading_loses_only_its_seconds() {
    let line = "示例市 — 模型 baseline；求解 optimal，间隙 0.0000%，12.34 秒；方案 3 个\n  · 3 秒\n";
    assert_eq!(without_seconds(line), "示例市 — 模型 baseline；求解 optimal，间隙 0.0000%，_ 秒；方案 3 个\n  · 3 秒\n");
}
