//! Tables as sheets of one `.xlsx` workbook, as a planner exports them: Chinese sheet
//! names and headers, numbers stored as numbers, title rows above the header, ids in a
//! `000000` number format; errors name the sheet and row. A damaged workbook is one
//! plain error, however many tables it holds.

use crate::common::{bianzhi, load, write_dir};
use predicates::prelude::*;
use rust_xlsxwriter::{Format, Workbook};
use std::path::Path;

const MANIFEST: &str = "[scenario]\nname = \"表格\"\nmodel = \"model.toml\"\n[data]\nunits = \"book.xlsx\"\nestablishments = \"book.xlsx\"\npools = \"book.xlsx#周转池\"\nrequests = \"book.xlsx\"\n";

const MODEL: &str = "[model]\nname = \"m\"\n[types]\ninstitution = \"事业编制\"\n[tiers]\nkey = { label = \"保重点\", weight = 100 }\n[reclaim]\ninto = { institution = \"POOL-MUNI\" }\n";

/// Writes one sheet: `titles` title rows (a merged "某市…统计表" across the header, a
/// "填报单位…" line) above `rows`. A cell that parses as a number is written as one;
/// `1234@000000` is the number 1234 in number format `000000`; `'001234` is text.
fn sheet_with_titles(book: &mut Workbook, name: &str, titles: usize, rows: &[&[&str]]) {
    let ws = book.add_worksheet();
    ws.set_name(name).expect("sheet name");
    let width = rows[0].len() as u16;
    if titles > 0 {
        ws.merge_range(0, 0, 0, width - 1, "某市机构编制实名制统计表", &Format::new()).expect("merge title");
    }
    if titles > 1 {
        ws.write_string(1, 0, "填报单位：某市委编办").expect("write");
        ws.write_string(1, 2, "日期：2025-06-30").expect("write");
    }
    for (r, row) in rows.iter().enumerate() {
        let r = (titles + r) as u32;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            if let Some(text) = cell.strip_prefix('\'') {
                ws.write_string(r, c, text).map(|_| ())
            } else if let Some((n, format)) = cell.split_once('@') {
                ws.write_number_with_format(r, c, n.parse::<f64>().expect("number"), &Format::new().set_num_format(format)).map(|_| ())
            } else {
                match cell.parse::<f64>() {
                    Ok(n) => ws.write_number(r, c, n).map(|_| ()),
                    Err(_) => ws.write_string(r, c, *cell).map(|_| ()),
                }
            }
            .expect("write cell");
        }
    }
}

fn sheet(book: &mut Workbook, name: &str, rows: &[&[&str]]) {
    sheet_with_titles(book, name, 0, rows);
}

const UNITS: &[&[&str]] = &[
    &["单位代码", "单位名称", "主管部门", "系统", "层级", "单位类型"],
    &["U1", "市教育局", "", "教育", "市", "行政机关"],
    &["U2", "市第一中学", "U1", "教育", "市", "事业单位"],
];
const POOLS: &[&[&str]] = &[&["池代码", "名称", "编制类型", "规模", "已使用", "适用系统"], &["POOL-MUNI", "市直周转池", "事业编制", "600", "163", "*"]];
const REQUESTS: &[&[&str]] = &[&["需求编号", "单位代码", "编制类型", "申请数", "保障类别", "理由"], &["R1", "U2", "事业编制", "3", "保重点", "学位扩容"]];

fn lines(quota_u2: &str) -> [[&str; 4]; 2] {
    [["单位代码", "编制类型", "核定编制数", "实有人数"], ["U2", "事业编制", quota_u2, "40"]]
}

/// A scenario folder with `manifest`, the model, and `book.xlsx` of four sheets, each
/// with `titles` title rows.
fn workbook_titled(quota_u2: &str, titles: usize) -> tempfile::TempDir {
    let dir = write_dir(&[("scenario.toml", MANIFEST), ("model.toml", MODEL)]);
    let mut book = Workbook::new();
    let l = lines(quota_u2);
    let l: Vec<&[&str]> = l.iter().map(|r| &r[..]).collect();
    sheet_with_titles(&mut book, "单位", titles, UNITS);
    sheet_with_titles(&mut book, "编制", titles, &l);
    sheet_with_titles(&mut book, "周转池", titles, POOLS);
    sheet_with_titles(&mut book, "需求", titles, REQUESTS);
    book.save(dir.path().join("book.xlsx")).expect("save workbook");
    dir
}

fn workbook(quota_u2: &str) -> tempfile::TempDir {
    workbook_titled(quota_u2, 0)
}

/// `bianzhi validate` output: (exit code, stderr).
fn validate(dir: &Path) -> (i32, String) {
    let out = bianzhi().arg("validate").arg(dir).output().expect("runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).to_string())
}

#[test]
fn workbook_sheets_load_and_solve() {
    let dir = workbook("50");
    bianzhi().arg("validate").arg(dir.path()).assert().success().stdout(predicate::str::contains("2 units, 1 establishment lines, 1 pools, 1 requests"));
    let out = tempfile::tempdir().expect("tmp");
    bianzhi().arg("solve").arg(dir.path()).arg("--out").arg(out.path()).assert().success();
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.path().join("plans.json")).unwrap()).unwrap();
    assert_eq!(doc["plans"][0]["requests"][0]["granted"], 3);
}

#[test]
fn workbook_errors_name_sheet_and_row() {
    let dir = workbook("-5");
    bianzhi()
        .arg("validate")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("book.xlsx#编制:2: column quota: value \"-5\""));
}

#[test]
fn missing_sheet_lists_the_sheets() {
    let dir = workbook("50");
    let toml = std::fs::read_to_string(dir.path().join("scenario.toml")).unwrap().replace("book.xlsx#周转池", "book.xlsx#池子");
    std::fs::write(dir.path().join("scenario.toml"), toml).unwrap();
    bianzhi().arg("validate").arg(dir.path()).assert().code(1).stderr(predicate::str::contains("no sheet named 池子").and(predicate::str::contains("单位, 编制, 周转池, 需求")));
}

#[test]
fn title_rows_above_the_header_in_sheets() {
    for titles in 0..=2 {
        let dir = workbook_titled("50", titles);
        let (code, stderr) = validate(dir.path());
        assert_eq!(code, 0, "{titles} title rows: {stderr}");
        for sheet in ["单位", "编制", "周转池", "需求"] {
            let row = titles + 1;
            let warning = format!("warning: book.xlsx#{sheet}:{row}: header found on row {row}; {titles} title row(s) above it ignored");
            assert_eq!(stderr.contains(&warning), titles > 0, "{titles} title rows, sheet {sheet}: {stderr}");
        }
        assert_eq!(stderr.contains("header found"), titles > 0, "{stderr}");
    }
    // Rows keep the sheet's numbering: the header on row 3, the line on row 4.
    let dir = workbook_titled("-5", 2);
    let (code, stderr) = validate(dir.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("book.xlsx#编制:4: column quota: value \"-5\""), "{stderr}");
}

#[test]
fn sheet_without_a_header_row_reports_missing_columns_on_the_best_row() {
    let dir = write_dir(&[("scenario.toml", MANIFEST), ("model.toml", MODEL)]);
    let mut book = Workbook::new();
    sheet_with_titles(&mut book, "单位", 2, UNITS);
    sheet_with_titles(&mut book, "编制", 2, &[&["单位代码", "编制类型", "核定编制数", "备注"], &["U2", "事业编制", "50", "x"]]);
    sheet(&mut book, "周转池", POOLS);
    sheet(&mut book, "需求", REQUESTS);
    book.save(dir.path().join("book.xlsx")).expect("save workbook");
    let (code, stderr) = validate(dir.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error: book.xlsx#编制:3: column staff: missing required column `staff`"), "{stderr}");
    assert!(!stderr.contains("book.xlsx#编制:3: header found"), "{stderr}");
}

/// A workbook whose unit ids are `001234`-style: as text, or as numbers shown through
/// a `000000` format, as the real-name system exports them.
fn zero_padded(units_id: &str, line_unit: &str, request_unit: &str) -> tempfile::TempDir {
    let dir = write_dir(&[("scenario.toml", MANIFEST), ("model.toml", MODEL)]);
    let mut book = Workbook::new();
    sheet(&mut book, "单位", &[UNITS[0], &["U1", "市教育局", "", "教育", "市", "行政机关"], &[units_id, "市第一中学", "U1", "教育", "市", "事业单位"]]);
    sheet(&mut book, "编制", &[&["单位代码", "编制类型", "核定编制数", "实有人数"], &[line_unit, "事业编制", "50", "40"]]);
    sheet(&mut book, "周转池", POOLS);
    sheet(&mut book, "需求", &[REQUESTS[0], &["R1", request_unit, "事业编制", "3", "保重点", "学位扩容"]]);
    book.save(dir.path().join("book.xlsx")).expect("save workbook");
    dir
}

#[test]
fn numeric_ids_keep_the_zeros_of_their_number_format() {
    let dir = zero_padded("1234@000000", "'001234", "1234@000000");
    let (code, stderr) = validate(dir.path());
    assert_eq!(code, 0, "{stderr}");
    let loaded = load(dir.path(), None);
    assert!(loaded.scenario.unit("001234").is_some(), "{:?}", loaded.scenario.units);
    assert_eq!(loaded.scenario.lines[0].unit, "001234");
    assert_eq!(loaded.scenario.requests[0].unit, "001234");
}

#[test]
fn numeric_id_without_zero_format_gets_a_hint() {
    // Text 001234 in the units sheet, the number 1234 (General format) in the lines.
    let dir = zero_padded("'001234", "1234", "'001234");
    let (code, stderr) = validate(dir.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("book.xlsx#编制:2: column unit: value \"1234\": unknown unit: not in the units table; did you mean 001234 (book.xlsx#单位 row 3)"),
        "{stderr}"
    );
    assert!(stderr.contains("lose leading zeros"), "{stderr}");
}

#[test]
fn sheet_after_other_workbook_extensions() {
    // `#sheet` is split off after .xlsm (and .xls, .xlsb, .ods) too.
    let dir = workbook("50");
    std::fs::rename(dir.path().join("book.xlsx"), dir.path().join("book.xlsm")).unwrap();
    let toml = "[scenario]\nname = \"表格\"\nmodel = \"model.toml\"\n[data]\nunits = \"book.xlsm#单位\"\nestablishments = \"book.xlsm#编制\"\npools = \"book.xlsm#周转池\"\nrequests = \"book.xlsm#需求\"\n";
    std::fs::write(dir.path().join("scenario.toml"), toml).unwrap();
    let (code, stderr) = validate(dir.path());
    assert_eq!(code, 0, "{toml}\n{stderr}");

    // A missing `data.xls` is named as the workbook, not as a file called `data.xls#单位`.
    let toml = MANIFEST.replace("units = \"book.xlsx\"", "units = \"data.xls#单位\"");
    std::fs::write(dir.path().join("scenario.toml"), toml).unwrap();
    let (code, stderr) = validate(dir.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error: data.xls: cannot read workbook data.xls:"), "{stderr}");
}

#[test]
fn workbook_with_only_sheet1_is_read_from_it() {
    let dir = workbook("50");
    let mut units = Workbook::new();
    sheet(&mut units, "Sheet1", UNITS);
    units.save(dir.path().join("units.xlsx")).expect("save workbook");
    std::fs::write(dir.path().join("scenario.toml"), MANIFEST.replace("units = \"book.xlsx\"", "units = \"units.xlsx\"")).unwrap();
    let (code, stderr) = validate(dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("warning: units.xlsx: no sheet named units or 单位; read the only sheet, Sheet1"), "{stderr}");
    let loaded = load(dir.path(), None);
    assert_eq!(loaded.scenario.units.len(), 2);
}

#[test]
fn damaged_workbook_is_one_plain_error() {
    let dir = workbook("50");
    let path = dir.path().join("book.xlsx");
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let (code, stderr) = validate(dir.path());
    assert_eq!(code, 1, "{stderr}");
    let message = "error: book.xlsx: cannot open workbook book.xlsx: not a readable xlsx file (damaged or truncated?)";
    assert_eq!(stderr.matches(message).count(), 1, "{stderr}");
    assert_eq!(stderr.matches("error:").count(), 1, "one error for the four tables: {stderr}");
    assert!(!stderr.to_lowercase().contains("zip"), "{stderr}");
}
