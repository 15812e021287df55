//! Tables as sheets of one `.xlsx` workbook, as a planner exports them: Chinese sheet
//! names and headers, numbers stored as numbers, title rows above the header, ids in a
//! `000000` number format; errors name the sheet and row. A damaged workbook is one
//! plain error, however many tables it holds.

use crate::common::fixture::export::{self, ESTABLISHMENTS, POOLS, REQUESTS, UNITS};
use crate::common::fixture::model_of_one_pool;
use crate::common::{bianzhi, load, manifest, solve, validate, write_dir};
use predicates::prelude::*;
use rust_xlsxwriter::{Format, Workbook};
use tempfile::TempDir;

/// The export fixture's tables as sheets of `book.xlsx`: units, establishments and
/// requests found by their Chinese sheet names, pools by `#周转池`.
fn sheets_manifest() -> String {
    manifest(&[("units", "book.xlsx"), ("establishments", "book.xlsx"), ("pools", "book.xlsx#周转池"), ("requests", "book.xlsx")])
}

/// A folder with [`sheets_manifest`] and the model the export fixture is valid under;
/// the workbook is written by the test.
fn folder() -> TempDir {
    write_dir(&[("scenario.toml", &sheets_manifest()), ("model.toml", model_of_one_pool().text())])
}

/// Writes one sheet: `titles` title rows (a merged "某市…统计表" across the header, a
/// "填报单位…" line) above `rows`. A cell that parses as a number is written as one;
/// `1234@000000` is the number 1234 in number format `000000`; `'001234` is text.
fn sheet_with_titles(book: &mut Workbook, name: &str, titles: usize, rows: &[Vec<&str>]) {
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

fn sheet(book: &mut Workbook, name: &str, rows: &[Vec<&str>]) {
    sheet_with_titles(book, name, 0, rows);
}

/// The export fixture's establishments with U2's quota written as `quota_u2`.
fn lines(quota_u2: &str) -> Vec<Vec<&str>> {
    let mut rows = export::rows(ESTABLISHMENTS);
    assert_eq!(rows[1][..3], ["U2", "事业编制", "50"], "the fixture's one line");
    rows[1][2] = quota_u2;
    rows
}

/// A scenario folder with the manifest, the model, and `book.xlsx` of four sheets, each
/// with `titles` title rows.
fn workbook_titled(quota_u2: &str, titles: usize) -> TempDir {
    let dir = folder();
    let mut book = Workbook::new();
    sheet_with_titles(&mut book, "单位", titles, &export::rows(UNITS));
    sheet_with_titles(&mut book, "编制", titles, &lines(quota_u2));
    sheet_with_titles(&mut book, "周转池", titles, &export::rows(POOLS));
    sheet_with_titles(&mut book, "需求", titles, &export::rows(REQUESTS));
    book.save(dir.path().join("book.xlsx")).expect("save workbook");
    dir
}

fn workbook(quota_u2: &str) -> TempDir {
    workbook_titled(quota_u2, 0)
}

#[test]
fn workbook_sheets_load_and_solve() {
    let dir = workbook("50");
    bianzhi().arg("validate").arg(dir.path()).assert().success().stdout(predicate::str::contains("2 units, 1 establishment lines, 1 pools, 1 requests"));
    let (_out, _path, doc) = solve(dir.path(), &[]);
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
    let dir = folder();
    let mut book = Workbook::new();
    sheet_with_titles(&mut book, "单位", 2, &export::rows(UNITS));
    sheet_with_titles(&mut book, "编制", 2, &[vec!["单位代码", "编制类型", "核定编制数", "备注"], vec!["U2", "事业编制", "50", "x"]]);
    sheet(&mut book, "周转池", &export::rows(POOLS));
    sheet(&mut book, "需求", &export::rows(REQUESTS));
    book.save(dir.path().join("book.xlsx")).expect("save workbook");
    let (code, stderr) = validate(dir.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error: book.xlsx#编制:3: column staff: missing required column `staff`"), "{stderr}");
    assert!(!stderr.contains("book.xlsx#编制:3: header found"), "{stderr}");
}

/// A workbook whose unit ids are `001234`-style: as text, or as numbers shown through
/// a `000000` format, as the real-name system exports them.
fn zero_padded(units_id: &str, line_unit: &str, request_unit: &str) -> TempDir {
    let dir = folder();
    let mut book = Workbook::new();
    /// The table's rows with U2, in `column` of its last row, written as `id`.
    fn with_id<'a>(table: &'a str, column: usize, id: &'a str) -> Vec<Vec<&'a str>> {
        let mut rows = export::rows(table);
        let last = rows.last_mut().expect("a row");
        assert_eq!(last[column], "U2", "the fixture's row of U2");
        last[column] = id;
        rows
    }
    sheet(&mut book, "单位", &with_id(UNITS, 0, units_id));
    sheet(&mut book, "编制", &with_id(ESTABLISHMENTS, 0, line_unit));
    sheet(&mut book, "周转池", &export::rows(POOLS));
    sheet(&mut book, "需求", &with_id(REQUESTS, 1, request_unit));
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
    let toml = sheets_manifest().replace("units = \"book.xlsx\"", "units = \"data.xls#单位\"");
    std::fs::write(dir.path().join("scenario.toml"), toml).unwrap();
    let (code, stderr) = validate(dir.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error: data.xls: cannot read workbook data.xls:"), "{stderr}");
}

#[test]
fn workbook_with_only_sheet1_is_read_from_it() {
    let dir = workbook("50");
    let mut units = Workbook::new();
    sheet(&mut units, "Sheet1", &export::rows(UNITS));
    units.save(dir.path().join("units.xlsx")).expect("save workbook");
    std::fs::write(dir.path().join("scenario.toml"), sheets_manifest().replace("units = \"book.xlsx\"", "units = \"units.xlsx\"")).unwrap();
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
