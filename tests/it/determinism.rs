//! Same input, same plans: the demo city solved through the binary gives the same
//! `plans.json` whatever the row order of its CSV files, and on every run — byte for
//! byte once the wall-clock `solver.seconds` is set aside.

use crate::common;
use crate::oracle::tiny::Rng;
use std::path::{Path, PathBuf};

/// Rows of a CSV text after its header, each with its line ending (one is added to a
/// last row without one, using the file's own ending).
fn split_rows(text: &str) -> (String, Vec<String>) {
    let ending = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    if let Some(last) = lines.last_mut() {
        if !last.ends_with('\n') {
            last.push_str(ending);
        }
    }
    let header = lines.remove(0);
    lines.retain(|l| !l.trim().is_empty());
    (header, lines)
}

/// The header, then the data rows in a fixed shuffled order (Fisher–Yates with a
/// constant seed).
fn permute_csv(text: &str) -> String {
    let (header, mut rows) = split_rows(text);
    let mut rng = Rng::new(2025);
    for i in (1..rows.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        rows.swap(i, j);
    }
    let mut out = header;
    for r in rows {
        out.push_str(&r);
    }
    out
}

/// Solves `scenario` with the baseline model into a fresh folder; returns the
/// `plans.json` text, checking that `--format json` printed the same document.
fn solve(scenario: &Path) -> String {
    let out = tempfile::tempdir().expect("temp dir");
    let assert = common::bianzhi()
        .arg("solve")
        .arg(scenario)
        .arg("--model")
        .arg(common::baseline_model())
        .arg("--out")
        .arg(out.path())
        .args(["--format", "json"])
        .assert()
        .success();
    let written = std::fs::read_to_string(out.path().join("plans.json")).expect("plans.json written");
    let printed = String::from_utf8(assert.get_output().stdout.clone()).expect("UTF-8 stdout");
    assert_eq!(printed, written, "--format json prints what it writes");
    written
}

/// The document with `solver.seconds` set to 0, serialised again.
fn without_seconds(text: &str) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(text).expect("plans.json is JSON");
    let seconds = doc.pointer_mut("/solver/seconds").expect("solver.seconds present");
    assert!(seconds.is_number(), "solver.seconds is a number: {seconds}");
    *seconds = serde_json::json!(0);
    serde_json::to_string_pretty(&doc).expect("serialise")
}

/// A copy of the demo city with the data rows of every CSV in another order.
fn permuted_demo() -> tempfile::TempDir {
    let dir = common::copy_scenario(&common::demo_city());
    let csvs: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .expect("copied scenario")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    assert!(csvs.len() >= 4, "demo city has units, establishments, pools and requests: {csvs:?}");
    for path in csvs {
        let text = std::fs::read_to_string(&path).expect("UTF-8 CSV");
        let permuted = permute_csv(&text);
        let (header, rows) = split_rows(&text);
        let (new_header, new_rows) = split_rows(&permuted);
        assert_eq!(header, new_header, "{}: header stays first", path.display());
        let (mut a, mut b) = (rows.clone(), new_rows.clone());
        a.sort();
        b.sort();
        assert_eq!(a, b, "{}: same rows", path.display());
        if rows.len() > 2 {
            assert_ne!(rows, new_rows, "{}: the permutation moves rows", path.display());
        }
        std::fs::write(&path, permuted).expect("write permuted CSV");
    }
    dir
}

#[test]
fn row_order_of_the_csv_files_does_not_change_the_plans() {
    let original = solve(&common::demo_city());
    let permuted_dir = permuted_demo();
    let permuted = solve(permuted_dir.path());
    let doc: serde_json::Value = serde_json::from_str(&original).unwrap();
    assert!(doc["plans"].as_array().is_some_and(|p| !p.is_empty()), "the demo city has plans");
    assert_eq!(without_seconds(&original), without_seconds(&permuted), "plans.json differs after permuting CSV rows");
}

#[test]
fn two_runs_on_the_same_input_write_the_same_file() {
    let first = solve(&common::demo_city());
    let second = solve(&common::demo_city());
    assert_eq!(without_seconds(&first), without_seconds(&second));
    // Apart from the seconds value, the bytes themselves are equal too.
    let strip = |t: &str| -> String {
        t.lines().filter(|l| !l.trim_start().starts_with("\"seconds\"")).collect::<Vec<_>>().join("\n")
    };
    assert_eq!(strip(&first), strip(&second));
}

#[test]
fn permutation_helper_keeps_header_and_rows() {
    let text = "\u{feff}id,quota\r\nA,1\r\nB,2\r\nC,3\r\nD,4";
    let p = permute_csv(text);
    assert!(p.starts_with("\u{feff}id,quota\r\n"));
    assert_ne!(p, format!("{text}\r\n"));
    let mut rows: Vec<&str> = p.lines().skip(1).collect();
    rows.sort();
    assert_eq!(rows, vec!["A,1", "B,2", "C,3", "D,4"]);
    assert!(p.ends_with("\r\n"), "every row keeps the file's line ending");
}
