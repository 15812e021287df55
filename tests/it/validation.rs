//! Bad input is rejected by the binary with exit code 1 and a message naming the file,
//! the row (spreadsheet numbering, header = row 1; TOML line for models) and the
//! column; good input in its many real-world spellings (GBK, BOM, Chinese headers and
//! values, full-width digits, extra columns) is accepted. Each test writes a small
//! scenario folder: a valid base fixture with one file changed.

use crate::common::fixture::{ESTABLISHMENTS, MODEL, POOLS, REQUESTS, UNITS};
use crate::common::{bianzhi, Folder};
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;

/// The base fixture (`common::fixture`: valid, small, one overstaffed line, U3
/// institution 10/12) with `file` replaced by `contents`.
fn with(file: &str, contents: impl Into<Vec<u8>>) -> Folder {
    Folder::base().with(file, contents)
}

/// The base fixture with `from` replaced by `to` in `file` (which must contain it).
fn edit(file: &str, from: &str, to: &str) -> Folder {
    Folder::base().edit(file, from, to)
}

/// The base fixture's scenario.toml.
fn scenario_toml() -> String {
    Folder::base().text("scenario.toml")
}

/// 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("no line with {needle:?}")) + 1
}

/// `bianzhi validate DIR` must exit 1 and its stderr contain every needle.
/// Returns the folder and stderr for further checks.
fn rejects(files: &Folder, needles: &[&str]) -> (TempDir, String) {
    let dir = files.write();
    let mut assert = bianzhi().arg("validate").arg(dir.path()).assert().code(1).stdout(predicate::str::is_empty());
    for n in needles {
        assert = assert.stderr(predicate::str::contains(*n));
    }
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    (dir, stderr)
}

/// `bianzhi solve DIR --out OUT` must exit 1 naming the problem, and write nothing.
fn solve_rejects(files: &Folder, needles: &[&str]) {
    let dir = files.write();
    let out_parent = tempfile::tempdir().expect("temp dir");
    let out = out_parent.path().join("out");
    let mut assert = bianzhi().arg("solve").arg(dir.path()).arg("--out").arg(&out).assert().code(1);
    for n in needles {
        assert = assert.stderr(predicate::str::contains(*n));
    }
    assert!(!out.exists(), "solve wrote {} despite invalid input", out.display());
    let left: Vec<_> = std::fs::read_dir(out_parent.path()).expect("read out parent").collect();
    assert!(left.is_empty(), "solve left files behind: {left:?}");
}

/// `bianzhi validate DIR` must exit 0; returns stderr (warnings).
fn accepts(dir: &Path) -> String {
    let assert = bianzhi()
        .arg("validate")
        .arg(dir)
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("ok:"))
        .stderr(predicate::str::contains("error").not());
    String::from_utf8_lossy(&assert.get_output().stderr).to_string()
}

fn analyze_json(dir: &Path) -> Value {
    let assert = bianzhi().arg("analyze").arg(dir).arg("--format").arg("json").assert().code(0);
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).expect("stdout is UTF-8");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("analyze JSON does not parse: {e}\n{stdout}"))
}

// ---------------------------------------------------------------------------------
// The fixture itself
// ---------------------------------------------------------------------------------

#[test]
fn base_fixture_is_valid() {
    let dir = Folder::base().write();
    let stderr = accepts(dir.path());
    assert!(stderr.is_empty(), "no warnings expected for the base fixture: {stderr}");
}

// ---------------------------------------------------------------------------------
// Table shape
// ---------------------------------------------------------------------------------

#[test]
fn empty_units_file() {
    let (_d, stderr) = rejects(&with("units.csv", ""), &["units.csv", "empty file"]);
    assert!(stderr.contains("error: units.csv"), "{stderr}");
}

#[test]
fn empty_establishments_file_of_blank_lines() {
    rejects(&with("establishments.csv", "\n\n  \n"), &["establishments.csv", "empty file"]);
}

#[test]
fn units_header_only() {
    rejects(&with("units.csv", "id,name,parent,sector,level,kind\n"), &["units.csv", "no data rows"]);
}

#[test]
fn missing_required_column() {
    let text = "unit,type,quota\nU1,admin,20\nU2,institution,50\nU3,institution,10\nU4,admin,15\n";
    rejects(&with("establishments.csv", text), &["establishments.csv:1", "column staff", "missing required column"]);
}

#[test]
fn missing_required_column_in_units_named_with_chinese_alias() {
    // no sector (系统) column
    let text = "id,name,parent,level,kind\nU1,市教育局,,市,admin\n";
    rejects(&with("units.csv", text), &["units.csv:1", "column sector", "missing required column", "系统"]);
}

#[test]
fn duplicate_column_english_and_chinese() {
    let text = "id,name,parent,sector,level,kind,单位代码
U1,市教育局,,教育,市,admin,U1
U2,市第一中学,U1,教育,市,institution,U2
U3,市第二中学,U1,教育,市,institution,U3
U4,市卫生健康委员会,,卫健,市,admin,U4
";
    rejects(&with("units.csv", text), &["units.csv:1", "column id", "duplicate column", "单位代码"]);
}

#[test]
fn duplicate_column_same_name_twice() {
    let text = "unit,type,quota,staff,quota\nU1,admin,20,18,20\n";
    rejects(&with("establishments.csv", text), &["establishments.csv:1", "column quota", "duplicate column"]);
}

#[test]
fn malformed_csv_quote() {
    // An unterminated quote swallows the rest of the file: the reader must not accept it
    // silently as a valid table with fewer rows.
    let text = format!("{UNITS}U5,\"市第三中学,U1,教育,市,institution,active,false\n");
    let dir = with("units.csv", text).write();
    bianzhi().arg("validate").arg(dir.path()).assert().code(1).stderr(predicate::str::contains("units.csv"));
}

// ---------------------------------------------------------------------------------
// Ids
// ---------------------------------------------------------------------------------

#[test]
fn duplicate_unit_ids_name_both_rows() {
    let text = format!("{UNITS}U1,市教育局（重复）,,教育,市,admin,active,false\n");
    let (_d, stderr) = rejects(&with("units.csv", text), &["units.csv:6", "column id", "value \"U1\"", "duplicate", "row 2"]);
    assert_eq!(stderr.matches("duplicate id").count(), 1, "{stderr}");
}

#[test]
fn duplicate_unit_ids_equal_after_nfkc() {
    // full-width Ｕ１ is U1 after NFKC
    let text = format!("{UNITS}Ｕ１,市教育局（全角）,,教育,市,admin,active,false\n");
    rejects(&with("units.csv", text), &["units.csv:6", "column id", "duplicate", "row 2"]);
}

#[test]
fn duplicate_unit_ids_equal_after_trim() {
    let text = format!("{UNITS} U1 ,市教育局（空格）,,教育,市,admin,active,false\n");
    rejects(&with("units.csv", text), &["units.csv:6", "column id", "duplicate", "row 2"]);
}

#[test]
fn duplicate_unit_ids_equal_after_ideographic_space_trim() {
    let text = format!("{UNITS}　U1　,市教育局（全角空格）,,教育,市,admin,active,false\n");
    rejects(&with("units.csv", text), &["units.csv:6", "column id", "duplicate", "row 2"]);
}

#[test]
fn duplicate_establishment_line_names_both_rows() {
    let text = format!("{ESTABLISHMENTS}U2,institution,5,5\n");
    rejects(&with("establishments.csv", text), &["establishments.csv:6", "column type", "duplicate line", "U2", "row 3"]);
}

#[test]
fn duplicate_establishment_line_type_by_label() {
    // `事业编制` is the label of `institution`: same line as row 3. The value shown is
    // the one written in the file (Issue::value is "the offending value as written").
    let text = format!("{ESTABLISHMENTS}U2,事业编制,5,5\n");
    rejects(&with("establishments.csv", text), &["establishments.csv:6", "duplicate line", "row 3", "value \"事业编制\""]);
}

#[test]
fn duplicate_pool_ids() {
    let text = format!("{POOLS}POOL-A,又一个池,admin,3,*,0\n");
    rejects(&with("pools.csv", text), &["pools.csv:4", "column id", "duplicate", "row 2"]);
}

#[test]
fn duplicate_request_ids() {
    let text = format!("{REQUESTS}R1,U3,institution,1,key,0,重复\n");
    rejects(&with("requests.csv", text), &["requests.csv:4", "column id", "duplicate", "row 2"]);
}

// ---------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------

#[test]
fn negative_quota() {
    rejects(
        &edit("establishments.csv", "U1,admin,20,18", "U1,admin,-3,18"),
        &["establishments.csv:2", "column quota", "value \"-3\"", "non-negative"],
    );
}

#[test]
fn negative_staff() {
    rejects(
        &edit("establishments.csv", "U2,institution,50,40", "U2,institution,50,-1"),
        &["establishments.csv:3", "column staff", "value \"-1\""],
    );
}

#[test]
fn non_integer_quota() {
    rejects(
        &edit("establishments.csv", "U2,institution,50,40", "U2,institution,3.5,40"),
        &["establishments.csv:3", "column quota", "value \"3.5\"", "whole number"],
    );
}

#[test]
fn non_integer_staff() {
    rejects(
        &edit("establishments.csv", "U3,institution,10,12", "U3,institution,10,3.5"),
        &["establishments.csv:4", "column staff", "value \"3.5\"", "whole number"],
    );
}

#[test]
fn non_numeric_quota() {
    rejects(
        &edit("establishments.csv", "U4,admin,15,15", "U4,admin,abc,15"),
        &["establishments.csv:5", "column quota", "value \"abc\"", "not a number"],
    );
}

#[test]
fn non_numeric_staff() {
    rejects(
        &edit("establishments.csv", "U4,admin,15,15", "U4,admin,15,abc"),
        &["establishments.csv:5", "column staff", "value \"abc\""],
    );
}

#[test]
fn absurdly_large_quota() {
    rejects(
        &edit("establishments.csv", "U1,admin,20,18", "U1,admin,99999999,18"),
        &["establishments.csv:2", "column quota", "value \"99999999\"", "large"],
    );
}

#[test]
fn absurdly_large_staff() {
    rejects(
        &edit("establishments.csv", "U1,admin,20,18", "U1,admin,20,99999999"),
        &["establishments.csv:2", "column staff", "value \"99999999\"", "large"],
    );
}

#[test]
fn non_finite_quota() {
    rejects(
        &edit("establishments.csv", "U1,admin,20,18", "U1,admin,inf,18"),
        &["establishments.csv:2", "column quota", "value \"inf\""],
    );
}

#[test]
fn blank_quota() {
    rejects(&edit("establishments.csv", "U1,admin,20,18", "U1,admin,,18"), &["establishments.csv:2", "column quota", "missing"]);
}

#[test]
fn every_bad_number_is_listed_not_just_the_first() {
    let text = "unit,type,quota,staff\nU1,admin,-3,18\nU2,institution,3.5,40\nU3,institution,abc,12\nU4,admin,99999999,15\n";
    let (_d, stderr) = rejects(
        &with("establishments.csv", text),
        &["establishments.csv:2", "establishments.csv:3", "establishments.csv:4", "establishments.csv:5"],
    );
    assert!(stderr.contains("4 error(s)"), "{stderr}");
}

#[test]
fn negative_request_amount() {
    rejects(
        &edit("requests.csv", "R1,U2,institution,5,key,0", "R1,U2,institution,-5,key,0"),
        &["requests.csv:2", "column amount", "value \"-5\""],
    );
}

#[test]
fn zero_request_amount() {
    rejects(
        &edit("requests.csv", "R1,U2,institution,5,key,0", "R1,U2,institution,0,key,0"),
        &["requests.csv:2", "column amount", "value \"0\""],
    );
}

#[test]
fn non_numeric_request_amount() {
    rejects(
        &edit("requests.csv", "R1,U2,institution,5,key,0", "R1,U2,institution,五,key,0"),
        &["requests.csv:2", "column amount", "value \"五\""],
    );
}

#[test]
fn request_min_above_amount() {
    rejects(
        &edit("requests.csv", "R1,U2,institution,5,key,0", "R1,U2,institution,5,key,6"),
        &["requests.csv:2", "column min", "value \"6\"", "exceeds amount"],
    );
}

#[test]
fn negative_pool_available() {
    rejects(
        &edit("pools.csv", "POOL-A,行政编制周转池,admin,10", "POOL-A,行政编制周转池,admin,-1"),
        &["pools.csv:2", "column available", "value \"-1\""],
    );
}

#[test]
fn pool_used_above_capacity() {
    let text = "id,name,type,capacity,used,sectors,per_unit_max
POOL-A,行政编制周转池,admin,10,12,*,0
POOL-I,事业编制周转池,institution,50,20,*,0
";
    rejects(&with("pools.csv", text), &["pools.csv:2", "column used", "value \"12\"", "capacity"]);
}

#[test]
fn pool_without_available_or_capacity_columns() {
    let text = "id,name,type,sectors\nPOOL-A,行政编制周转池,admin,*\nPOOL-I,事业编制周转池,institution,*\n";
    rejects(&with("pools.csv", text), &["pools.csv:1", "column available"]);
}

#[test]
fn negative_pool_per_unit_max() {
    rejects(
        &edit("pools.csv", "POOL-A,行政编制周转池,admin,10,*,0", "POOL-A,行政编制周转池,admin,10,*,-2"),
        &["pools.csv:2", "column per_unit_max", "value \"-2\""],
    );
}

#[test]
fn bad_leader_posts() {
    let text = "id,name,parent,sector,level,kind,leader_posts,leaders
U1,市教育局,,教育,市,admin,6,x
U2,市第一中学,U1,教育,市,institution,,
U3,市第二中学,U1,教育,市,institution,,
U4,市卫生健康委员会,,卫健,市,admin,-1,3
";
    rejects(&with("units.csv", text), &["units.csv:2", "column leaders", "value \"x\"", "units.csv:5", "column leader_posts"]);
}

// ---------------------------------------------------------------------------------
// Closed vocabularies
// ---------------------------------------------------------------------------------

#[test]
fn unknown_establishment_type() {
    rejects(
        &edit("establishments.csv", "U1,admin,20,18", "U1,contract,20,18"),
        &["establishments.csv:2", "column type", "value \"contract\"", "unknown", "admin", "institution"],
    );
}

#[test]
fn unknown_establishment_type_suggests_close_spelling() {
    rejects(
        &edit("establishments.csv", "U2,institution,50,40", "U2,instituton,50,40"),
        &["establishments.csv:3", "column type", "did you mean institution"],
    );
}

#[test]
fn unknown_request_tier() {
    rejects(
        &edit("requests.csv", "R1,U2,institution,5,key,0", "R1,U2,institution,5,urgent,0"),
        &["requests.csv:2", "column tier", "value \"urgent\"", "unknown", "保重点"],
    );
}

#[test]
fn unknown_request_type() {
    rejects(
        &edit("requests.csv", "R2,U4,admin,2", "R2,U4,legal,2"),
        &["requests.csv:3", "column type", "value \"legal\""],
    );
}

#[test]
fn unknown_unit_kind() {
    rejects(
        &edit("units.csv", "U2,市第一中学,U1,教育,市,institution", "U2,市第一中学,U1,教育,市,company"),
        &["units.csv:3", "column kind", "value \"company\"", "unknown", "行政机关"],
    );
}

#[test]
fn unknown_unit_function() {
    rejects(
        &edit("units.csv", "U3,市第二中学,U1,教育,市,institution,active", "U3,市第二中学,U1,教育,市,institution,dead"),
        &["units.csv:4", "column function", "value \"dead\"", "unknown", "vanished"],
    );
}

#[test]
fn unknown_protected_flag() {
    rejects(
        &edit("units.csv", "U4,市卫生健康委员会,,卫健,市,admin,active,true", "U4,市卫生健康委员会,,卫健,市,admin,active,maybe"),
        &["units.csv:5", "column protected", "value \"maybe\""],
    );
}

#[test]
fn blank_unit_kind() {
    rejects(
        &edit("units.csv", "U2,市第一中学,U1,教育,市,institution", "U2,市第一中学,U1,教育,市,"),
        &["units.csv:3", "column kind", "missing"],
    );
}

#[test]
fn pool_of_unknown_type() {
    rejects(
        &edit("pools.csv", "POOL-I,事业编制周转池,institution", "POOL-I,事业编制周转池,contract"),
        &["pools.csv:3", "column type", "value \"contract\"", "unknown"],
    );
}

// ---------------------------------------------------------------------------------
// References between tables
// ---------------------------------------------------------------------------------

#[test]
fn request_naming_unknown_unit() {
    rejects(
        &edit("requests.csv", "R1,U2,institution", "R1,U9,institution"),
        &["requests.csv:2", "column unit", "value \"U9\"", "unknown unit"],
    );
}

#[test]
fn establishment_line_naming_unknown_unit() {
    let text = format!("{ESTABLISHMENTS}U9,institution,5,5\n");
    rejects(&with("establishments.csv", text), &["establishments.csv:6", "column unit", "value \"U9\"", "unknown unit"]);
}

#[test]
fn parent_naming_unknown_unit() {
    rejects(
        &edit("units.csv", "U2,市第一中学,U1,", "U2,市第一中学,U9,"),
        &["units.csv:3", "column parent", "value \"U9\"", "unknown"],
    );
}

#[test]
fn parent_is_self() {
    rejects(
        &edit("units.csv", "U2,市第一中学,U1,", "U2,市第一中学,U2,"),
        &["units.csv:3", "column parent", "value \"U2\"", "itself"],
    );
}

#[test]
fn parent_cycle_of_two_prints_the_cycle() {
    let files = with("units.csv", UNITS.replace("U2,市第一中学,U1,", "U2,市第一中学,U3,").replace("U3,市第二中学,U1,", "U3,市第二中学,U2,"));
    let (_d, stderr) = rejects(&files, &["units.csv:", "column parent", "cycle", "U2 → U3 → U2"]);
    assert!(stderr.contains("units.csv:3") || stderr.contains("units.csv:4"), "{stderr}");
    assert_eq!(stderr.matches("cycle").count(), 1, "one cycle, reported once: {stderr}");
}

#[test]
fn parent_cycle_of_three_prints_the_cycle() {
    // U2 → U4 → U3 → U2
    let text = UNITS
        .replace("U2,市第一中学,U1,", "U2,市第一中学,U4,")
        .replace("U3,市第二中学,U1,", "U3,市第二中学,U2,")
        .replace("U4,市卫生健康委员会,,", "U4,市卫生健康委员会,U3,");
    let (_d, stderr) = rejects(&with("units.csv", text), &["units.csv:", "column parent", "cycle", "→"]);
    let line = stderr.lines().find(|l| l.contains("cycle")).expect("cycle line");
    for id in ["U2", "U3", "U4"] {
        assert!(line.contains(id), "{id} missing from {line}");
    }
    assert_eq!(line.matches('→').count(), 3, "the cycle closes on its first unit: {line}");
    assert_eq!(stderr.matches("cycle").count(), 1, "one cycle, reported once: {stderr}");
}

#[test]
fn reclaim_into_unknown_pool_names_model_line() {
    let files = edit("model.toml", "into = { admin = \"POOL-A\"", "into = { admin = \"POOL-X\"");
    let line = line_of(MODEL, "into = ");
    rejects(&files, &[&format!("model.toml:{line}"), "reclaim.into", "POOL-X", "unknown pool"]);
}

#[test]
fn reclaim_into_pool_of_another_type_names_model_line() {
    let files = edit("model.toml", "institution = \"POOL-I\"", "institution = \"POOL-A\"");
    let line = line_of(MODEL, "into = ");
    rejects(&files, &[&format!("model.toml:{line}"), "reclaim.into", "POOL-A", "admin"]);
}

#[test]
fn reclaim_into_unknown_type_names_model_line() {
    let files = edit("model.toml", "into = { admin", "into = { legal = \"POOL-A\", admin");
    let line = line_of(MODEL, "into = ");
    rejects(&files, &[&format!("model.toml:{line}"), "reclaim.into", "legal"]);
}

#[test]
fn reserve_naming_unknown_pool() {
    let files = edit("model.toml", "min_available = { POOL-I = 2 }", "min_available = { POOL-Z = 2 }");
    let line = line_of(MODEL, "min_available");
    rejects(&files, &[&format!("model.toml:{line}"), "reserve.min_available", "POOL-Z", "unknown pool"]);
}

#[test]
fn negative_reserve() {
    let files = edit("model.toml", "min_available = { POOL-I = 2 }", "min_available = { POOL-I = -2 }");
    let line = line_of(MODEL, "min_available");
    rejects(&files, &[&format!("model.toml:{line}"), "reserve.min_available"]);
}

#[test]
fn negative_per_region_merge_cap() {
    let files = edit("model.toml", "max_quota = 5", "max_quota = 5\nmax_merges_per_region = -1");
    let text = MODEL.replacen("max_quota = 5", "max_quota = 5\nmax_merges_per_region = -1", 1);
    let line = line_of(&text, "max_merges_per_region");
    rejects(&files, &[&format!("model.toml:{line}"), "consolidation.max_merges_per_region", "value \"-1\"", "non-negative"]);
}

// ---------------------------------------------------------------------------------
// The policy model and the manifest
// ---------------------------------------------------------------------------------

#[test]
fn nan_weight() {
    let line = line_of(MODEL, "merges = ");
    rejects(&edit("model.toml", "merges = 2.0", "merges = nan"), &[&format!("model.toml:{line}"), "weights.merges", "finite"]);
}

#[test]
fn inf_weight() {
    let line = line_of(MODEL, "merges = ");
    rejects(&edit("model.toml", "merges = 2.0", "merges = inf"), &[&format!("model.toml:{line}"), "weights.merges", "finite"]);
}

#[test]
fn negative_inf_weight() {
    let line = line_of(MODEL, "merges = ");
    rejects(&edit("model.toml", "merges = 2.0", "merges = -inf"), &[&format!("model.toml:{line}"), "weights.merges"]);
}

#[test]
fn non_numeric_weight() {
    let line = line_of(MODEL, "merges = ");
    rejects(&edit("model.toml", "merges = 2.0", "merges = \"abc\""), &[&format!("model.toml:{line}"), "abc"]);
}

#[test]
fn nan_tier_weight() {
    let line = line_of(MODEL, "key = { label");
    rejects(
        &edit("model.toml", "key = { label = \"保重点\", weight = 100 }", "key = { label = \"保重点\", weight = nan }"),
        &[&format!("model.toml:{line}"), "tiers.key", "finite"],
    );
}

#[test]
fn max_share_out_of_range() {
    let line = line_of(MODEL, "max_share");
    rejects(&edit("model.toml", "max_share = 1.0", "max_share = 1.5"), &[&format!("model.toml:{line}"), "reclaim.max_share"]);
}

#[test]
fn negative_keep_vacant() {
    let line = line_of(MODEL, "keep_vacant");
    rejects(&edit("model.toml", "keep_vacant = 1", "keep_vacant = -1"), &[&format!("model.toml:{line}"), "reclaim.keep_vacant"]);
}

#[test]
fn unknown_model_key_suggests_the_right_one() {
    let line = line_of(MODEL, "keep_vacant");
    rejects(
        &edit("model.toml", "keep_vacant = 1", "kep_vacant = 1"),
        &[&format!("model.toml:{line}"), "kep_vacant", "did you mean `keep_vacant`"],
    );
}

#[test]
fn unknown_model_section() {
    let files = with("model.toml", format!("{MODEL}\n[recieving]\noverstaffed_may_receive = true\n"));
    let line = line_of(&format!("{MODEL}\n[recieving]\n"), "[recieving]");
    rejects(&files, &[&format!("model.toml:{line}"), "recieving", "did you mean `receiving`"]);
}

#[test]
fn unknown_consolidation_kind() {
    let line = line_of(MODEL, "kinds = ");
    rejects(&edit("model.toml", "kinds = [\"institution\"]", "kinds = [\"school\"]"), &[&format!("model.toml:{line}"), "school"]);
}

#[test]
fn model_without_types() {
    let text = MODEL.replace("admin = \"行政编制\"\ninstitution = \"事业编制\"\n", "");
    let line = line_of(&text, "[types]");
    let (_d, stderr) = rejects(&with("model.toml", text), &[&format!("model.toml:{line}"), "column types", "at least one"]);
    // The column is the section itself, not `types.` with a dangling dot.
    assert!(!stderr.contains("column types.:"), "{stderr}");
}

#[test]
fn model_that_is_not_toml() {
    rejects(&with("model.toml", "[model\nname = \"x\"\n"), &["model.toml:1"]);
}

#[test]
fn missing_model_file() {
    rejects(&edit("scenario.toml", "model = \"model.toml\"", "model = \"nope.toml\""), &["nope.toml", "cannot read"]);
}

#[test]
fn unknown_key_in_scenario_toml() {
    let files = edit("scenario.toml", "as_of = \"2025-06-30\"\n", "as_of = \"2025-06-30\"\nauthor = \"张三\"\n");
    let line = line_of(&scenario_toml(), "as_of") + 1;
    rejects(&files, &[&format!("scenario.toml:{line}"), "unknown key `author`"]);
}

#[test]
fn misspelt_key_in_scenario_toml_suggests() {
    let files = edit("scenario.toml", "pools = \"pools.csv\"", "pool = \"pools.csv\"");
    let line = line_of(&scenario_toml(), "pools = ");
    rejects(&files, &[&format!("scenario.toml:{line}"), "`pool`", "did you mean `pools`"]);
}

#[test]
fn missing_table_file() {
    let files = Folder::base().without("pools.csv");
    rejects(&files, &["pools.csv", "cannot read"]);
}

#[test]
fn missing_scenario_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    bianzhi()
        .arg("validate")
        .arg(dir.path().join("nothing-here"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nothing-here"))
        .stderr(predicate::str::contains("cannot read"));
}

// ---------------------------------------------------------------------------------
// Encodings
// ---------------------------------------------------------------------------------

#[test]
fn neither_utf8_nor_gbk_is_rejected() {
    // 0xFF never occurs in UTF-8 nor in GB18030; no byte-order mark either.
    let mut bytes = b"id,name,parent,sector,level,kind\nU1,".to_vec();
    bytes.extend_from_slice(&[0xff, 0x30, 0xff, 0xfd, 0x81, 0x20, 0xff]);
    bytes.extend_from_slice(b",,x,x,admin\n");
    let (_d, stderr) = rejects(&with("units.csv", bytes), &["units.csv", "UTF-8", "GB"]);
    assert!(!stderr.contains('\u{fffd}'), "no mojibake in the message: {stderr}");
}

#[test]
fn random_bytes_are_rejected() {
    // Deterministic pseudo-random bytes with 0xFF sprinkled in.
    let mut x: u32 = 0x1234_5678;
    let bytes: Vec<u8> = (0..512)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            if i % 7 == 0 { 0xff } else { (x >> 24) as u8 }
        })
        .collect();
    assert!(std::str::from_utf8(&bytes).is_err());
    rejects(&with("establishments.csv", bytes), &["establishments.csv", "UTF-8"]);
}

#[test]
fn invalid_bytes_refused_by_solve_too() {
    let mut bytes = b"unit,type,quota,staff\nU1,admin,20,18\n".to_vec();
    bytes.extend_from_slice(&[0xff, 0xff, b'\n']);
    solve_rejects(&with("establishments.csv", bytes), &["establishments.csv"]);
}

#[test]
fn gbk_units_validate_and_names_survive() {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(UNITS);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "the fixture must really be GBK, not UTF-8");
    let dir = with("units.csv", bytes.into_owned()).write();
    let stderr = accepts(dir.path());
    assert!(stderr.contains("units.csv") && stderr.contains("GB"), "the decoding is reported as a warning: {stderr}");
    let json = analyze_json(dir.path());
    let over = json["overstaffed_units"].as_array().expect("overstaffed_units");
    let u3 = over.iter().find(|n| n["unit"] == "U3").unwrap_or_else(|| panic!("U3 is overstaffed: {json}"));
    assert_eq!(u3["name"], "市第二中学");
    assert_eq!(u3["sector"], "教育");
}

#[test]
fn gbk_with_chinese_headers_and_values() {
    let text = "单位代码,单位名称,主管部门,系统,层级,单位类型,职能状态,是否保护
U1,市教育局,,教育,市,行政机关,正常,否
U2,市第一中学,U1,教育,市,事业单位,正常,否
U3,市第二中学,U1,教育,市,事业单位,消失,否
U4,市卫生健康委员会,,卫健,市,行政机关,正常,是
";
    let (bytes, _, _) = encoding_rs::GBK.encode(text);
    let dir = with("units.csv", bytes.into_owned()).write();
    accepts(dir.path());
    let json = analyze_json(dir.path());
    let vanished = json["vanished"].as_array().expect("vanished");
    assert!(vanished.iter().any(|n| n["unit"] == "U3" && n["name"] == "市第二中学"), "{json}");
}

#[test]
fn utf8_bom_is_accepted() {
    let bom = |s: &str| format!("\u{feff}{s}").into_bytes();
    let files = Folder::base()
        .with("units.csv", bom(UNITS))
        .with("establishments.csv", bom(ESTABLISHMENTS))
        .with("pools.csv", bom(POOLS))
        .with("requests.csv", bom(REQUESTS));
    let dir = files.write();
    let stderr = accepts(dir.path());
    assert!(!stderr.contains("unknown column"), "the BOM must not become part of the first header: {stderr}");
    let json = analyze_json(dir.path());
    assert_eq!(json["units"], 4);
}

#[test]
fn utf8_bom_with_chinese_first_header() {
    let text = format!("\u{feff}{}", UNITS.replacen("id,", "单位代码,", 1));
    let dir = with("units.csv", text).write();
    accepts(dir.path());
}

#[test]
fn utf8_bom_followed_by_invalid_bytes_is_rejected() {
    let mut bytes = "\u{feff}unit,type,quota,staff\nU1,admin,20,18\n".as_bytes().to_vec();
    bytes.extend_from_slice(&[b'U', 0xff, 0xfe, b',', b'\n']);
    rejects(&with("establishments.csv", bytes), &["establishments.csv", "UTF-8"]);
}

#[test]
fn utf16_with_bom_is_accepted() {
    let mut bytes = vec![0xff, 0xfe];
    for u in UNITS.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let dir = with("units.csv", bytes).write();
    accepts(dir.path());
    let json = analyze_json(dir.path());
    assert!(json["overstaffed_units"].as_array().unwrap().iter().any(|n| n["name"] == "市第二中学"), "{json}");
}

#[test]
fn gbk_model_is_rejected_clearly() {
    // Models are UTF-8 only: a GBK model must be rejected, not misread.
    let (bytes, _, _) = encoding_rs::GBK.encode(MODEL);
    rejects(&with("model.toml", bytes.into_owned()), &["model.toml", "UTF-8"]);
}

// ---------------------------------------------------------------------------------
// Real-world spellings that must work
// ---------------------------------------------------------------------------------

#[test]
fn chinese_headers_and_values_everywhere() {
    let units = "单位代码,单位名称,主管部门,系统,层级,单位类型,职能状态,是否保护,领导职数,实配领导
U1,市教育局,,教育,市,行政机关,正常,否,6,5
U2,市第一中学,U1,教育,市,事业单位,正常,否,,
U3,市电教馆,U1,教育,市,事业单位,消失,否,,
U4,市卫生健康委员会,,卫健,市,参公事业单位,萎缩,是,5,4
";
    let lines = "单位代码,编制类型,核定编制数,实有人数
U1,行政编制,20,18
U2,事业编制,50,40
U3,事业编制,3,2
U4,行政编制,15,15
";
    let pools = "池代码,名称,编制类型,规模,已使用,适用系统,单位上限
POOL-A,行政编制周转池,行政编制,10,4,*,0
POOL-I,事业编制周转池,事业编制,30,10,教育;卫健,3
";
    let requests = "需求编号,单位代码,编制类型,申请数,保障类别,最低数,理由
R1,U2,事业编制,5,保重点,2,新增班级
R2,U4,行政编制,2,保运转,0,新增职能
";
    let files = Folder::base()
        .with("units.csv", units)
        .with("establishments.csv", lines)
        .with("pools.csv", pools)
        .with("requests.csv", requests);
    let dir = files.write();
    let stderr = accepts(dir.path());
    assert!(stderr.is_empty(), "no warnings for fully Chinese tables: {stderr}");
    let json = analyze_json(dir.path());
    assert_eq!(json["units_by_kind"]["admin"], 1, "{}", json["units_by_kind"]);
    assert_eq!(json["units_by_kind"]["institution"], 2, "{}", json["units_by_kind"]);
    assert_eq!(json["units_by_kind"]["civil_managed"], 1, "{}", json["units_by_kind"]);
    assert!(json["vanished"].as_array().unwrap().iter().any(|n| n["unit"] == "U3"), "{}", json["vanished"]);
    assert!(json["shrinking"].as_array().unwrap().iter().any(|n| n["unit"] == "U4"), "{}", json["shrinking"]);
    assert_eq!(json["by_type"]["institution"]["quota"], 53);
    assert_eq!(json["by_type"]["admin"]["quota"], 35);
    let pool_i = json["pools"].as_array().unwrap().iter().find(|p| p["pool"] == "POOL-I").expect("POOL-I");
    assert_eq!(pool_i["available"], 20);
    let key = json["tiers"].as_array().unwrap().iter().find(|t| t["tier"] == "key").expect("key tier");
    assert_eq!(key["requests"], 1);
    assert_eq!(key["amount"], 5);
}

#[test]
fn chinese_alternative_header_spellings_and_spacing() {
    // Other aliases, full-width letters and stray spaces in headers.
    let lines = " 单位编码 ,编制类型,编制数　,ｓｔａｆｆ\nU1,admin,20,18\nU2,institution,50,40\nU3,institution,10,12\nU4,admin,15,15\n";
    let dir = with("establishments.csv", lines).write();
    let stderr = accepts(dir.path());
    assert!(!stderr.contains("unknown column"), "{stderr}");
}

#[test]
fn full_width_digits_in_quota() {
    let text = ESTABLISHMENTS.replace("U2,institution,50,40", "U2,institution,５０,４０").replace("U1,admin,20,18", "Ｕ１,ａｄｍｉｎ,２０,１８");
    let dir = with("establishments.csv", text).write();
    accepts(dir.path());
    let json = analyze_json(dir.path());
    assert_eq!(json["by_type"]["institution"]["quota"], 60);
    assert_eq!(json["by_type"]["institution"]["staff"], 52);
    assert_eq!(json["by_type"]["admin"]["quota"], 35);
}

#[test]
fn unknown_columns_warn_but_pass() {
    let text = UNITS.replacen("protected\n", "protected,备注\n", 1).replacen("active,false\n", "active,false,重点学校\n", 1);
    let dir = with("units.csv", text).write();
    bianzhi()
        .arg("validate")
        .arg(dir.path())
        .assert()
        .code(0)
        .stderr(predicate::str::contains("warning: units.csv:1"))
        .stderr(predicate::str::contains("unknown column"))
        .stderr(predicate::str::contains("备注"))
        .stderr(predicate::str::contains("error").not());
}

#[test]
fn overstaffed_is_not_an_error() {
    // U3 institution has quota 10 and staff 12 in the base; make it much worse too.
    let dir = edit("establishments.csv", "U3,institution,10,12", "U3,institution,10,40").write();
    accepts(dir.path());
    let json = analyze_json(dir.path());
    assert_eq!(json["by_type"]["institution"]["overstaffed"], 1);
    assert_eq!(json["by_type"]["institution"]["excess"], 30);
}

#[test]
fn pools_as_capacity_and_used() {
    let text = "id,name,type,capacity,used,sectors,per_unit_max
POOL-A,行政编制周转池,admin,10,4,*,0
POOL-I,事业编制周转池,institution,50,20,*,0
";
    let dir = with("pools.csv", text).write();
    accepts(dir.path());
    let json = analyze_json(dir.path());
    let pools = json["pools"].as_array().expect("pools");
    let avail = |id: &str| pools.iter().find(|p| p["pool"] == id).unwrap_or_else(|| panic!("{id}"))["available"].clone();
    assert_eq!(avail("POOL-A"), 6);
    assert_eq!(avail("POOL-I"), 30);
}

#[test]
fn blank_optional_cells_take_defaults() {
    // function, protected, min, reason blank; pools sectors blank = all.
    let units = UNITS.replace("active,false", ",").replace("active,true", ",是");
    let requests = REQUESTS.replace(",key,0,新增班级", ",key,,").replace(",operations,1,新增职能", ",保运转,,");
    let pools = POOLS.replace("*,0", ",").replace("教育;卫健,0", ",");
    let files = Folder::base().with("units.csv", units).with("requests.csv", requests).with("pools.csv", pools);
    let dir = files.write();
    accepts(dir.path());
}

#[test]
fn rows_in_any_order_and_blank_lines_are_fine() {
    let text = "unit,type,quota,staff\n\nU4,admin,15,15\nU3,institution,10,12\n\nU2,institution,50,40\nU1,admin,20,18\n";
    let dir = with("establishments.csv", text).write();
    accepts(dir.path());
}

#[test]
fn row_numbers_count_blank_lines() {
    // A spreadsheet (and an editor) shows a blank line as a row: the bad cells are on
    // rows 3 and 7, and messages must say so.
    let text = "unit,type,quota,staff\n\nU1,admin,-3,18\nU2,institution,50,40\n\n\nU3,institution,abc,12\nU4,admin,15,15\n";
    let (_d, stderr) = rejects(&with("establishments.csv", text), &["establishments.csv:3", "establishments.csv:7"]);
    assert!(!stderr.contains("establishments.csv:2:"), "{stderr}");
    assert!(!stderr.contains("establishments.csv:4:"), "{stderr}");
}

#[test]
fn row_numbers_count_blank_lines_before_the_header() {
    let text = "\n\nunit,type,quota\nU1,admin,20\n";
    rejects(&with("establishments.csv", text), &["establishments.csv:3", "column staff", "missing required column"]);
}

#[test]
fn quoted_multiline_cell_is_one_row() {
    // A quoted cell spanning two lines is one spreadsheet row: R2 stays on row 3.
    let text = REQUESTS.replace("新增班级", "\"新增班级\n扩招\"").replace("R2,U4,admin,2,", "R2,U9,admin,2,");
    rejects(&with("requests.csv", text), &["requests.csv:3", "column unit", "value \"U9\""]);
}

#[test]
fn quoted_cells_with_commas() {
    let text = REQUESTS.replace("新增班级", "\"新增班级，扩招, 两个班\"");
    let dir = with("requests.csv", text).write();
    accepts(dir.path());
}

#[test]
fn requests_and_pools_files_are_optional() {
    let manifest = scenario_toml().replace("pools = \"pools.csv\"\n", "").replace("requests = \"requests.csv\"\n", "");
    let reserve_free = MODEL.replace("min_available = { POOL-I = 2 }", "").replace("into = { admin = \"POOL-A\", institution = \"POOL-I\" }", "");
    let files = Folder::base()
        .with("scenario.toml", manifest)
        .with("model.toml", reserve_free)
        .without("pools.csv")
        .without("requests.csv");
    let dir = files.write();
    accepts(dir.path());
}

// ---------------------------------------------------------------------------------
// Every problem is listed; solve writes nothing on invalid input
// ---------------------------------------------------------------------------------

#[test]
fn problems_in_several_files_are_all_listed() {
    let files = Folder::base()
        .with("units.csv", UNITS.replace("U2,市第一中学,U1,", "U2,市第一中学,U2,"))
        .with("establishments.csv", ESTABLISHMENTS.replace("U1,admin,20,18", "U1,admin,-3,18"))
        .with("requests.csv", REQUESTS.replace("R1,U2,institution,5,key,0", "R1,U9,institution,5,key,0"));
    let (_d, stderr) = rejects(&files, &["units.csv:3", "establishments.csv:2", "requests.csv:2", "3 error(s)"]);
    assert!(stderr.contains("nothing was written"), "{stderr}");
}

#[test]
fn solve_refuses_negative_quota_and_writes_nothing() {
    solve_rejects(
        &edit("establishments.csv", "U1,admin,20,18", "U1,admin,-3,18"),
        &["establishments.csv:2", "column quota", "value \"-3\""],
    );
}

#[test]
fn solve_refuses_duplicate_ids_and_writes_nothing() {
    let text = format!("{UNITS}Ｕ１,市教育局（全角）,,教育,市,admin,active,false\n");
    solve_rejects(&with("units.csv", text), &["units.csv:6", "duplicate", "row 2"]);
}

#[test]
fn solve_refuses_unknown_model_key_and_writes_nothing() {
    solve_rejects(&edit("model.toml", "keep_vacant = 1", "kep_vacant = 1"), &["model.toml", "did you mean `keep_vacant`"]);
}

#[test]
fn solve_refuses_parent_cycle_and_writes_nothing() {
    let text = UNITS.replace("U2,市第一中学,U1,", "U2,市第一中学,U3,").replace("U3,市第二中学,U1,", "U3,市第二中学,U2,");
    solve_rejects(&with("units.csv", text), &["units.csv:", "→"]);
}

#[test]
fn solve_refuses_reclaim_into_unknown_pool_and_writes_nothing() {
    solve_rejects(&edit("model.toml", "into = { admin = \"POOL-A\"", "into = { admin = \"POOL-X\""), &["model.toml:", "POOL-X"]);
}

#[test]
fn analyze_and_export_refuse_invalid_input_too() {
    let files = edit("establishments.csv", "U1,admin,20,18", "U1,admin,abc,18");
    let dir = files.write();
    bianzhi()
        .arg("analyze")
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("establishments.csv:2"));
    let out = tempfile::tempdir().expect("temp dir");
    let mps = out.path().join("m.mps");
    bianzhi()
        .arg("export-mps")
        .arg(dir.path())
        .arg("-o")
        .arg(&mps)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("establishments.csv:2"));
    assert!(!mps.exists());
}

// ---------------------------------------------------------------------------------
// Shifted rows, ambiguous labels, number spellings
// ---------------------------------------------------------------------------------

#[test]
fn cell_beyond_the_header_is_a_shifted_row() {
    // An unquoted comma in a name pushes every later cell one column right.
    rejects(
        &edit("units.csv", "U2,市第一中学,U1", "U2,市第一中学,高中部,U1"),
        &["units.csv:3", "column I", "value \"false\"", "comma unquoted"],
    );
}

#[test]
fn trailing_empty_cells_are_not_a_shifted_row() {
    let dir = edit("establishments.csv", "U1,admin,20,18", "U1,admin,20,18,,").write();
    accepts(dir.path());
}

#[test]
fn two_types_with_one_label_are_rejected() {
    let files = edit("model.toml", "institution = \"事业编制\"", "institution = \"行政编制\"");
    let line = line_of(&files.text("model.toml"), "institution = \"行政编制\"");
    rejects(&files, &[&format!("model.toml:{line}"), "column types.institution", "same label"]);
}

#[test]
fn exponent_and_misgrouped_numbers_are_not_counts() {
    rejects(&edit("establishments.csv", "U2,institution,50,40", "U2,institution,1e3,40"), &["establishments.csv:3", "value \"1e3\""]);
    rejects(&edit("establishments.csv", "U2,institution,50,40", "U2,institution,\"1,5,0\",40"), &["establishments.csv:3", "value \"1,5,0\""]);
}

#[test]
fn thousands_separators_are_counts() {
    let dir = edit("establishments.csv", "U2,institution,50,40", "U2,institution,\"1,050\",40").write();
    accepts(dir.path());
}

// ---------------------------------------------------------------------------------
// Regions (地区) and collecting pools (收回池)
// ---------------------------------------------------------------------------------

const REGIONAL_UNITS: &str = "id,name,parent,sector,level,kind,function,protected,地区
U1,县教育局,,教育,市,admin,active,false,北县
U2,县第一中学,U1,教育,市,institution,active,false,北县
U3,县第二中学,U1,教育,市,institution,active,false,北县
U4,县卫生健康委员会,,卫健,市,admin,active,true,南县
";

#[test]
fn regional_scenario_is_accepted_and_solved() {
    let pools = "id,name,type,available,sectors,per_unit_max,region,collects
POOL-A,行政编制周转池,admin,10,*,0,,
POOL-I,事业编制周转池,institution,30,教育;卫健,0,,
POOL-N,北县周转池,institution,3,*,0,北县,是
";
    let dir = Folder::base().with("units.csv", REGIONAL_UNITS).with("pools.csv", pools).write();
    accepts(dir.path());
    let out = tempfile::tempdir().expect("temp dir");
    bianzhi().arg("solve").arg(dir.path()).arg("--out").arg(out.path().join("o")).assert().code(0);
}

#[test]
fn collecting_pool_without_region() {
    let pools = "id,name,type,available,sectors,per_unit_max,region,collects
POOL-A,行政编制周转池,admin,10,*,0,,
POOL-I,事业编制周转池,institution,30,教育;卫健,0,,true
";
    let files = Folder::base().with("units.csv", REGIONAL_UNITS).with("pools.csv", pools);
    rejects(&files, &["pools.csv:3", "column collects", "value \"true\"", "needs a region"]);
    solve_rejects(&files, &["pools.csv:3", "column collects"]);
}

#[test]
fn two_collecting_pools_for_one_region_and_type() {
    let pools = "池代码,名称,编制类型,可用数,适用系统,单位上限,地区,收回池
POOL-A,行政编制周转池,admin,10,*,0,,
POOL-I,事业编制周转池,institution,30,教育;卫健,0,,
POOL-N,北县周转池,institution,3,*,0,北县,是
POOL-N2,北县第二周转池,事业编制,3,*,0,北县,是
";
    let files = Folder::base().with("units.csv", REGIONAL_UNITS).with("pools.csv", pools);
    rejects(&files, &["pools.csv:5", "column collects", "value \"POOL-N2\"", "POOL-N at row 4"]);
}

#[test]
fn pool_of_a_region_without_units_is_a_warning() {
    let pools = "id,name,type,available,sectors,per_unit_max,region,collects
POOL-A,行政编制周转池,admin,10,*,0,,
POOL-I,事业编制周转池,institution,30,教育;卫健,0,,
POOL-X,西县周转池,institution,3,*,0,西县,false
";
    let dir = Folder::base().with("units.csv", REGIONAL_UNITS).with("pools.csv", pools).write();
    let stderr = accepts(dir.path());
    assert!(stderr.contains("pools.csv:4") && stderr.contains("column region") && stderr.contains("no unit is in region 西县"), "{stderr}");
}

// A vanished unit that must merge but never can: validate says so at its row, before
// solve reports the rules infeasible.

/// The base fixture plus U5, a vanished institution (row 6) with one line of 3/2.
fn with_vanished(unit_row: &str) -> Folder {
    Folder::base()
        .with("units.csv", format!("{UNITS}{unit_row}\n"))
        .with("establishments.csv", format!("{ESTABLISHMENTS}U5,institution,3,2\n"))
}

#[test]
fn vanished_unit_without_a_possible_host_is_a_warning() {
    // U4 (卫健) supervises no institution of its own: nobody can host U5.
    let dir = with_vanished("U5,市卫生监督所,U4,卫健,市,institution,vanished,false").write();
    let stderr = accepts(dir.path());
    assert!(
        stderr.contains("warning: units.csv:6: column function: value \"vanished\": unit U5 has vanished and must merge")
            && stderr.contains("no unit can host it")
            && stderr.contains("same supervising unit, sector, level"),
        "{stderr}"
    );
    bianzhi().arg("solve").arg(dir.path()).arg("--out").arg(dir.path().join("../out-vanished")).assert().code(3);
}

#[test]
fn vanished_protected_unit_is_a_warning() {
    let dir = with_vanished("U5,市第三中学,U1,教育,市,institution,消失,是").write();
    let stderr = accepts(dir.path());
    assert!(stderr.contains("units.csv:6: column function: value \"消失\"") && stderr.contains("it is protected"), "{stderr}");
}

#[test]
fn vanished_unit_with_a_host_gives_no_warning() {
    // U2 (same parent U1, 教育, 市, not overstaffed) can host U5.
    let dir = with_vanished("U5,市第三中学,U1,教育,市,institution,vanished,false").write();
    let stderr = accepts(dir.path());
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn bad_collects_flag() {
    let pools = "id,name,type,available,sectors,per_unit_max,region,collects
POOL-A,行政编制周转池,admin,10,*,0,,
POOL-I,事业编制周转池,institution,30,教育;卫健,0,北县,maybe
";
    let files = Folder::base().with("units.csv", REGIONAL_UNITS).with("pools.csv", pools);
    rejects(&files, &["pools.csv:3", "column collects", "value \"maybe\"", "true/false"]);
}

// ---------------------------------------------------------------------------------
// The revolving-grant ledger and --years (DESIGN §14)
// ---------------------------------------------------------------------------------

// rows: header 1, G1 2, G2 3. Valid against the base fixture: U2 has 50 institution
// quota, U1 20 admin; both grants are older than as_of.
const GRANTS: &str = "id,pool,unit,type,amount,used,granted_on,tier,term_months
G1,POOL-I,U2,institution,5,2,2024-05-01,key,
G2,POOL-A,U1,admin,3,3,2024-01-15,operations,
";

/// The base fixture with `grants` as its ledger (`[data] grants`).
fn with_ledger(grants: &str) -> Folder {
    Folder::base().table("grants.csv", grants)
}

/// The base ledger with `from` replaced by `to` (which it must contain).
fn ledger_edit(from: &str, to: &str) -> Folder {
    assert!(GRANTS.contains(from), "the fixture ledger has no {from:?}");
    with_ledger(&GRANTS.replacen(from, to, 1))
}

/// Refused by `validate` (exit 1, every needle) and by `solve`, which writes nothing.
fn refused_everywhere(files: &Folder, needles: &[&str]) {
    rejects(files, needles);
    solve_rejects(files, needles);
}

/// `[scenario]` with `line` added after `as_of`.
fn with_scenario_key(line: &str) -> Folder {
    edit("scenario.toml", "as_of = \"2025-06-30\"\n", &format!("as_of = \"2025-06-30\"\n{line}\n"))
}

#[test]
fn a_valid_ledger_with_retirements_and_request_years_is_accepted() {
    let lines = "unit,type,quota,staff,退休人数\nU1,admin,20,18,1\nU2,institution,50,40,2;1;3\nU3,institution,10,12,\nU4,admin,15,15,0\n";
    let requests = "id,unit,type,amount,tier,min,reason,需求年度\nR1,U2,institution,5,key,0,新增班级,\nR2,U4,admin,2,operations,1,新增职能,2\n";
    let files = Folder::base().with("establishments.csv", lines).with("requests.csv", requests).table("grants.csv", GRANTS);
    let dir = files.write();
    let stderr = accepts(dir.path());
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn grant_with_unknown_pool() {
    refused_everywhere(
        &ledger_edit("G1,POOL-I,", "G1,POOL-X,"),
        &["grants.csv:2", "column pool", "value \"POOL-X\"", "unknown pool"],
    );
}

#[test]
fn grant_to_unknown_unit() {
    refused_everywhere(&ledger_edit("POOL-I,U2,", "POOL-I,U9,"), &["grants.csv:2", "column unit", "value \"U9\"", "unknown unit"]);
}

#[test]
fn grant_used_above_its_amount() {
    refused_everywhere(
        &ledger_edit("institution,5,2,", "institution,5,6,"),
        &["grants.csv:2", "column used", "value \"6\"", "exceeds the grant's amount 5"],
    );
}

#[test]
fn grant_made_after_as_of() {
    refused_everywhere(
        &ledger_edit("2024-05-01", "2025-07-01"),
        &["grants.csv:2", "column granted_on", "value \"2025-07-01\"", "after the scenario's as_of 2025-06-30"],
    );
}

#[test]
fn grant_type_other_than_its_pools() {
    // POOL-A lends admin; U2's line is institution.
    refused_everywhere(
        &ledger_edit("G1,POOL-I,", "G1,POOL-A,"),
        &["grants.csv:2", "column type", "value \"institution\"", "pool POOL-A lends admin"],
    );
}

#[test]
fn grant_date_that_is_not_a_date() {
    // 30 February does not exist.
    refused_everywhere(&ledger_edit("2024-05-01", "2024-02-30"), &["grants.csv:2", "column granted_on", "value \"2024-02-30\"", "not a date"]);
    refused_everywhere(&ledger_edit("2024-01-15", "去年"), &["grants.csv:3", "column granted_on", "value \"去年\"", "not a date"]);
}

#[test]
fn ledger_without_the_scenarios_as_of() {
    let files = edit("scenario.toml", "as_of = \"2025-06-30\"\n", "").table("grants.csv", GRANTS);
    refused_everywhere(&files, &["scenario.toml", "column scenario.as_of", "a grants ledger needs the scenario's date"]);
}

#[test]
fn grants_of_a_line_adding_up_to_more_than_its_quota() {
    // U3 has 10 institution quota: 6 + 5 lent is more than it holds. Named at the last row.
    let grants = format!("{GRANTS}G3,POOL-I,U3,institution,6,6,2024-03-01,key,\nG4,POOL-I,U3,institution,5,0,2025-01-01,key,\n");
    refused_everywhere(&with_ledger(&grants), &["grants.csv:5", "column amount", "value \"11\"", "add up to 11", "holds 10"]);
}

#[test]
fn grant_to_a_unit_without_a_line_of_its_type() {
    // U4 has admin quota only.
    refused_everywhere(
        &ledger_edit("POOL-I,U2,", "POOL-I,U4,"),
        &["grants.csv:2", "column amount", "U4", "no quota (no line of the type)"],
    );
}

#[test]
fn retiring_cell_that_is_not_a_count_per_year() {
    let lines = ESTABLISHMENTS.replacen("unit,type,quota,staff\n", "unit,type,quota,staff,retiring\n", 1).replacen("U1,admin,20,18\n", "U1,admin,20,18,2;x\n", 1);
    refused_everywhere(&with("establishments.csv", lines), &["establishments.csv:2", "column retiring", "value \"2;x\"", "whole number per year"]);
}

#[test]
fn retiring_more_than_the_lines_staff() {
    let lines =
        ESTABLISHMENTS.replacen("unit,type,quota,staff\n", "unit,type,quota,staff,retiring\n", 1).replacen("U3,institution,10,12\n", "U3,institution,10,12,1;13\n", 1);
    refused_everywhere(
        &with("establishments.csv", lines),
        &["establishments.csv:4", "column retiring", "value \"1;13\"", "13 retiring in one year but the line has 12 staff"],
    );
}

#[test]
fn request_year_zero_or_not_a_number() {
    for bad in ["0", "abc"] {
        let requests = format!("id,unit,type,amount,tier,min,reason,year\nR1,U2,institution,5,key,0,新增班级,{bad}\nR2,U4,admin,2,operations,1,新增职能,\n");
        refused_everywhere(&with("requests.csv", requests), &["requests.csv:2", "column year", &format!("value \"{bad}\"")]);
    }
}

#[test]
fn reclaim_unused_after_zero_months() {
    let files = with("model.toml", format!("{MODEL}\n[grants]\nreclaim_unused_after_months = 0\n"));
    let line = line_of(&format!("{MODEL}\n[grants]\nreclaim_unused_after_months = 0\n"), "reclaim_unused_after_months");
    refused_everywhere(&files, &[&format!("model.toml:{line}"), "column grants.reclaim_unused_after_months", "value \"0\"", "at least 1"]);
}

#[test]
fn term_months_of_an_unknown_tier() {
    let text = format!("{MODEL}\n[grants]\nterm_months = {{ urgent = 12 }}\n");
    let line = line_of(&text, "term_months");
    refused_everywhere(
        &with("model.toml", text),
        &[&format!("model.toml:{line}"), "column grants.term_months", "value \"urgent\"", "a tier of [tiers] (key, operations)"],
    );
}

#[test]
fn attrition_rate_above_one_half() {
    let text = format!("{MODEL}\n[attrition]\nrate = 0.9\n");
    let line = line_of(&text, "rate = 0.9");
    refused_everywhere(&with("model.toml", text), &[&format!("model.toml:{line}"), "column attrition.rate", "value \"0.9\"", "between 0 and 0.5"]);
}

#[test]
fn scenario_years_zero() {
    // A horizon is part of the input: validate lists it like every other problem, at
    // its line of scenario.toml.
    let files = with_scenario_key("years = 0");
    let line = line_of(&scenario_toml(), "as_of") + 1;
    refused_everywhere(&files, &[&format!("scenario.toml:{line}"), "column scenario.years", "value \"0\"", "between 1 and 10"]);
}

#[test]
fn ledger_lending_more_than_its_pools_used_is_a_warning_at_the_grants_row() {
    // POOL-I as capacity and used: 4 used, while the ledger lends 5 from it.
    let pools = "id,name,type,capacity,used,sectors,per_unit_max
POOL-A,行政编制周转池,admin,13,3,*,0
POOL-I,事业编制周转池,institution,34,4,教育;卫健,0
";
    let dir = with("pools.csv", pools).table("grants.csv", GRANTS).write();
    let stderr = accepts(dir.path());
    assert!(
        stderr.contains("warning: grants.csv:2: column amount: value \"5\"")
            && stderr.contains("the ledger's grants from pool POOL-I add up to 5 but pools.csv row 3 says 4 used"),
        "{stderr}"
    );
    assert!(!stderr.contains("POOL-A add up"), "POOL-A lent 3 of its 3 used: {stderr}");
}
