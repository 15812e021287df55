//! Tables as sheets of one `.xlsx` workbook, as a planner exports them: Chinese sheet
//! names and headers, numbers stored as numbers; errors name the sheet and row.

use crate::common::{bianzhi, write_dir};
use predicates::prelude::*;
use rust_xlsxwriter::Workbook;

fn sheet(book: &mut Workbook, name: &str, rows: &[&[&str]]) {
    let ws = book.add_worksheet();
    ws.set_name(name).expect("sheet name");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(n) => ws.write_number(r as u32, c as u16, n).map(|_| ()),
                Err(_) => ws.write_string(r as u32, c as u16, *cell).map(|_| ()),
            }
            .expect("write cell");
        }
    }
}

fn workbook(quota_u2: &str) -> tempfile::TempDir {
    let dir = write_dir(&[
        (
            "scenario.toml",
            "[scenario]\nname = \"表格\"\nmodel = \"model.toml\"\n[data]\nunits = \"book.xlsx\"\nestablishments = \"book.xlsx\"\npools = \"book.xlsx#周转池\"\nrequests = \"book.xlsx\"\n",
        ),
        (
            "model.toml",
            "[model]\nname = \"m\"\n[types]\ninstitution = \"事业编制\"\n[tiers]\nkey = { label = \"保重点\", weight = 100 }\n[reclaim]\ninto = { institution = \"POOL-MUNI\" }\n",
        ),
    ]);
    let mut book = Workbook::new();
    sheet(&mut book, "单位", &[&["单位代码", "单位名称", "主管部门", "系统", "层级", "单位类型"], &["U1", "市教育局", "", "教育", "市", "行政机关"], &["U2", "市第一中学", "U1", "教育", "市", "事业单位"]]);
    sheet(&mut book, "编制", &[&["单位代码", "编制类型", "核定编制数", "实有人数"], &["U2", "事业编制", quota_u2, "40"]]);
    sheet(&mut book, "周转池", &[&["池代码", "名称", "编制类型", "规模", "已使用", "适用系统"], &["POOL-MUNI", "市直周转池", "事业编制", "600", "163", "*"]]);
    sheet(&mut book, "需求", &[&["需求编号", "单位代码", "编制类型", "申请数", "保障类别", "理由"], &["R1", "U2", "事业编制", "3", "保重点", "学位扩容"]]);
    book.save(dir.path().join("book.xlsx")).expect("save workbook");
    dir
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
