//! Text tables as a new planner brings them: exports with title rows above the header,
//! Excel "Unicode text" (UTF-16, tab-separated), a UTF-8 file with one damaged byte,
//! names and reasons in Chinese punctuation, ids that lost their leading zeros.
//! Workbook sheets of the same kinds are in `xlsx`.

use crate::common::fixture::export::{ESTABLISHMENTS, REQUESTS, UNITS};
use crate::common::{bianzhi, load, solve, validate, Folder};
use predicates::prelude::*;
use serde_json::Value;

/// Title rows as the real-name system (实名制) exports them above the header.
const TITLES: [&str; 2] = ["某市机构编制实名制统计表,,,", "填报单位：某市委编办,,日期：2025-06-30,"];

fn with_titles(n: usize, table: &str) -> Vec<u8> {
    let mut text: String = TITLES[..n].iter().map(|t| format!("{t}\n")).collect();
    text.push_str(table);
    text.into_bytes()
}

#[test]
fn title_rows_above_the_header_are_skipped() {
    for n in 0..=2 {
        let dir = Folder::export()
            .with("establishments.csv", with_titles(n, ESTABLISHMENTS))
            .with("units.csv", with_titles(n, UNITS))
            .write();
        let (code, stderr) = validate(dir.path());
        assert_eq!(code, 0, "{n} title rows: {stderr}");
        for file in ["units.csv", "establishments.csv"] {
            let warning = format!("warning: {file}:{}: header found on row {}; {n} title row(s) above it ignored", n + 1, n + 1);
            assert_eq!(stderr.contains(&warning), n > 0, "{n} title rows, {file}: {stderr}");
        }
        assert_eq!(stderr.contains("header found"), n > 0, "{stderr}");
        assert!(!stderr.contains("unknown column"), "title cells are not header cells: {stderr}");
    }
}

#[test]
fn rows_under_title_rows_keep_their_spreadsheet_numbers() {
    let lines = ESTABLISHMENTS.replace("U2,事业编制,50,40", "U2,事业编制,-5,40");
    let dir = Folder::export().with("establishments.csv", with_titles(2, &lines)).write();
    let (code, stderr) = validate(dir.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("establishments.csv:4: column quota: value \"-5\""), "{stderr}");
}

#[test]
fn no_row_matching_the_header_gives_missing_columns_on_the_best_row() {
    let lines = "单位代码,编制类型,核定编制数\nU2,事业编制,50\n";
    let dir = Folder::export().with("establishments.csv", with_titles(2, lines)).write();
    let (code, stderr) = validate(dir.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("establishments.csv:3: column staff") && stderr.contains("missing required column `staff`"), "{stderr}");
    assert!(!stderr.contains("header found"), "{stderr}");
}

#[test]
fn header_in_none_of_the_top_ten_rows_is_not_searched_for() {
    let mut text = "某市机构编制实名制统计表\n".repeat(10);
    text.push_str(ESTABLISHMENTS);
    let dir = Folder::export().with("establishments.csv", text).write();
    let (code, stderr) = validate(dir.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("establishments.csv:1: column unit") && stderr.contains("missing required column"), "{stderr}");
}

/// Excel's "Unicode text" of tab-separated `tsv`: UTF-16 LE with a byte-order mark, CRLF.
fn unicode_text(tsv: &str) -> Vec<u8> {
    let text = tsv.replace('\n', "\r\n");
    let mut bytes = vec![0xff, 0xfe];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    bytes
}

#[test]
fn excel_unicode_text_is_split_on_tabs() {
    let manifest = Folder::export().text("scenario.toml").replace("units.csv", "units.txt").replace("requests.csv", "requests.txt");
    // A comma inside a tab-separated cell is part of the cell.
    let requests = REQUESTS.replace(',', "\t").replace("新增班级，扩招（两个班）", "新增班级, 扩招");
    let dir = Folder::export()
        .with("scenario.toml", manifest)
        .with("units.txt", unicode_text(&UNITS.replace(',', "\t")))
        .with("requests.txt", unicode_text(&requests))
        .write();
    let (code, stderr) = validate(dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("unknown column"), "{stderr}");
    let loaded = load(dir.path(), None);
    let u2 = loaded.scenario.unit("U2").expect("U2");
    assert_eq!(u2.name, "市第一中学（高中部），东校区");
    assert_eq!(u2.parent.as_deref(), Some("U1"));
    assert_eq!(loaded.scenario.requests[0].reason, "新增班级, 扩招");
}

#[test]
fn broken_utf8_byte_is_reported_by_row_and_column() {
    // One byte of a three-byte character lost: the rest of the file is good UTF-8 with
    // plenty of Chinese, so it is broken UTF-8, not GBK.
    let mut bytes = Vec::new();
    for line in UNITS.lines() {
        if line.starts_with("U2,") {
            let good = line.as_bytes();
            let cut = line.find("东校区").expect("fixture");
            bytes.extend_from_slice(&good[..cut]);
            bytes.extend_from_slice(&good[cut + 1..]);
        } else {
            bytes.extend_from_slice(line.as_bytes());
        }
        bytes.push(b'\n');
    }
    assert!(std::str::from_utf8(&bytes).is_err());
    let dir = Folder::export().with("units.csv", bytes).write();
    let (code, stderr) = validate(dir.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error: units.csv:3: column name: value"), "{stderr}");
    assert!(stderr.contains("invalid UTF-8 byte(s)"), "{stderr}");
    assert!(!stderr.contains("GB18030"), "not decoded as GBK: {stderr}");
}

#[test]
fn free_text_keeps_chinese_punctuation() {
    let dir = Folder::export().write();
    let loaded = load(dir.path(), None);
    let s = &loaded.scenario;
    assert_eq!(s.unit("U2").expect("U2").name, "市第一中学（高中部），东校区");
    assert_eq!(s.pools[0].name, "市直周转池（备用），一号");
    assert_eq!(s.requests[0].reason, "新增班级，扩招（两个班）");

    let analyzed = bianzhi().arg("analyze").arg(dir.path()).arg("--format").arg("json").output().expect("runs");
    assert_eq!(analyzed.status.code(), Some(0));
    let stocktake: Value = serde_json::from_slice(&analyzed.stdout).expect("analyze json");
    assert_eq!(stocktake["pools"][0]["name"], "市直周转池（备用），一号", "{stocktake}");

    let (_out, path, _) = solve(dir.path(), &[]);
    let plans = std::fs::read_to_string(path).expect("plans.json");
    assert!(plans.contains("新增班级，扩招（两个班）") && plans.contains("市直周转池（备用），一号"), "{plans}");
}

#[test]
fn keys_are_still_normalised() {
    // Full-width letters in ids and headers still match their ASCII forms.
    let lines = "单位代码,编制类型,核定编制数,ｓｔａｆｆ\nＵ２,事业编制,５０,４０\n";
    let dir = Folder::export().with("establishments.csv", lines).write();
    let loaded = load(dir.path(), None);
    assert_eq!((loaded.scenario.lines[0].unit.as_str(), loaded.scenario.lines[0].quota), ("U2", 50));
}

#[test]
fn unknown_unit_that_lost_its_leading_zeros_gets_a_hint() {
    let units = UNITS.replace("U2,", "001234,");
    let lines = ESTABLISHMENTS.replace("U2,", "1234,");
    let requests = REQUESTS.replace(",U2,", ",001234,");
    let dir = Folder::export().with("units.csv", units).with("establishments.csv", lines).with("requests.csv", requests).write();
    let (code, stderr) = validate(dir.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("establishments.csv:2: column unit: value \"1234\": unknown unit: not in the units table; did you mean 001234 (units.csv row 3), the same id with leading zeros?"),
        "{stderr}"
    );
    assert!(stderr.contains("format the id columns as text"), "{stderr}");
}

#[test]
fn unknown_unit_without_a_near_id_gets_no_hint() {
    let lines = ESTABLISHMENTS.replace("U2,", "1234,");
    let dir = Folder::export().with("establishments.csv", lines).write();
    let (code, stderr) = validate(dir.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("unknown unit: not in the units table\n"), "{stderr}");
    assert!(!stderr.contains("did you mean"), "{stderr}");
}

#[test]
fn title_row_warning_goes_to_stderr_and_validate_still_passes() {
    let dir = Folder::export().with("units.csv", with_titles(1, UNITS)).write();
    bianzhi()
        .arg("validate")
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ok:"))
        .stderr(predicate::str::contains("warning: units.csv:2: header found on row 2; 1 title row(s) above it ignored"));
}
