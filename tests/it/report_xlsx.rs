//! plans.xlsx read back as another tool reads it: sheets found by their Chinese names in
//! order, headers in the report's language, amounts stored as numbers and ids as text,
//! every move of every plan listed with a 同意/不同意 drop-down beside it, and input
//! text that looks like a formula stored as that text, never as a formula.

use crate::common::{bianzhi, copy_scenario, demo_city, read_json, solve};
use calamine::{open_workbook, Data, DataType, Range, Reader, Xlsx};
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// Solves `scenario` into a fresh folder and writes its workbook: (folder, plans.json, plans.xlsx).
fn solved_workbook(scenario: &Path, plans: usize, lang: &str) -> (TempDir, PathBuf, PathBuf) {
    let (tmp, plans_json, _) = solve(scenario, &["--plans", &plans.to_string()]);
    let book = tmp.path().join("方案.xlsx");
    bianzhi().arg("report").arg(scenario).arg(&plans_json).arg("--xlsx").arg(&book).arg("--lang").arg(lang).assert().code(0);
    (tmp, plans_json, book)
}

fn sheet(book: &Path, name: &str) -> Range<Data> {
    let mut wb: Xlsx<_> = open_workbook(book).expect("workbook opens");
    wb.worksheet_range(name).unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

fn header(range: &Range<Data>) -> Vec<String> {
    range.rows().next().expect("a header row").iter().map(|c| c.to_string()).collect()
}

fn column(range: &Range<Data>, name: &str) -> usize {
    header(range).iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name} in {:?}", header(range)))
}

/// The XML of every worksheet in the package, by part name.
fn sheet_xml(book: &Path) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(book).expect("open")).expect("a zip package");
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("part");
        let name = f.name().expect("a part name").to_string();
        if name.starts_with("xl/worksheets/") && name.ends_with(".xml") {
            let mut text = String::new();
            f.read_to_string(&mut text).expect("utf-8 xml");
            parts.push((name, text));
        }
    }
    parts.sort();
    parts
}

/// The worksheet part holding sheet number `n` (1-based, in workbook order).
fn xml_of_sheet(book: &Path, n: usize) -> String {
    let name = format!("xl/worksheets/sheet{n}.xml");
    sheet_xml(book).into_iter().find(|(p, _)| *p == name).map(|(_, x)| x).unwrap_or_else(|| panic!("no part {name}"))
}

fn part(book: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(book).expect("open")).expect("a zip package");
    let mut text = String::new();
    zip.by_name(name).unwrap_or_else(|e| panic!("{name}: {e}")).read_to_string(&mut text).expect("utf-8 xml");
    text
}

fn unescape(xml: &str) -> String {
    xml.replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// The text of every cell of sheet `n` whose style has `quotePrefix="1"`, read from the
/// package parts directly (calamine does not report styles).
fn quote_prefixed_cells(book: &Path, n: usize) -> Vec<String> {
    let styles = part(book, "xl/styles.xml");
    let xfs = &styles[styles.find("<cellXfs").expect("cell styles")..styles.find("</cellXfs>").expect("closed")];
    let quoted: Vec<usize> = xfs.split("<xf ").skip(1).enumerate().filter(|(_, xf)| xf.contains("quotePrefix=\"1\"")).map(|(i, _)| i).collect();
    let sst = part(book, "xl/sharedStrings.xml");
    let strings: Vec<String> = sst
        .split("<si>")
        .skip(1)
        .map(|si| {
            let t = &si[si.find('>').expect("a text element") + 1..si.find("</t>").expect("closed")];
            unescape(t)
        })
        .collect();
    let xml = xml_of_sheet(book, n);
    let mut out = Vec::new();
    for cell in xml.split("<c ").skip(1) {
        let head = &cell[..cell.find('>').expect("a cell tag")];
        let attr = |name: &str| head.split_once(&format!("{name}=\"")).map(|(_, rest)| rest[..rest.find('"').unwrap()].to_string());
        let quoted_style = attr("s").and_then(|s| s.parse::<usize>().ok()).is_some_and(|s| quoted.contains(&s));
        if quoted_style && attr("t").as_deref() == Some("s") {
            let v = &cell[cell.find("<v>").expect("a value") + 3..cell.find("</v>").expect("closed")];
            out.push(strings[v.parse::<usize>().expect("an index")].clone());
        }
    }
    out
}

fn is_number(d: &Data) -> bool {
    matches!(d, Data::Float(_) | Data::Int(_))
}

#[test]
fn the_workbook_has_the_sheets_and_headers_leaders_expect() {
    let (_tmp, plans_json, book) = solved_workbook(&demo_city(), 3, "zh");
    let wb: Xlsx<_> = open_workbook(&book).expect("workbook opens");
    assert_eq!(wb.sheet_names(), ["方案对比", "方案1-调整", "方案2-调整", "方案3-调整", "单位变化", "周转池", "需求", "决策汇总", "摸清底数"]);

    let cmp = sheet(&book, "方案对比");
    assert_eq!(header(&cmp), ["指标", "方案1", "方案2", "方案3"]);
    let label = |r: &[Data]| r[0].to_string();
    let objective = cmp.rows().find(|r| label(r) == "目标值").expect("an objective row");
    assert!(objective[1..].iter().all(is_number), "{objective:?}");
    // Shares are numbers between 0 and 1 (shown as percentages), not text like "87.3%".
    let rate = cmp.rows().find(|r| label(r).ends_with("满足率")).expect("a fulfilment row");
    for cell in &rate[1..] {
        match cell {
            Data::Float(x) => assert!((0.0..=1.0).contains(x), "{x}"),
            Data::Empty => {}
            other => panic!("a rate stored as {other:?}"),
        }
    }
    assert!(cmp.rows().any(|r| label(r) == "数据指纹"), "the digests are listed");

    let moves = sheet(&book, "方案1-调整");
    assert_eq!(
        header(&moves),
        // The demo has a ledger: the column holds a return's grant too.
        ["序号", "类别", "编制类型", "调出代码", "调出名称", "调入代码", "调入名称", "需求/台账", "数量", "释放编制", "理由", "审核意见", "备注"]
    );
    assert_eq!(
        header(&sheet(&book, "单位变化")),
        ["方案", "单位代码", "单位名称", "系统", "编制类型", "调剂前编制", "调剂后编制", "编制变化", "调剂前实有", "调剂后实有"]
    );
    assert_eq!(header(&sheet(&book, "周转池")), ["周转池代码", "周转池名称", "编制类型", "蓄水下限", "调剂前", "方案1调剂后", "方案2调剂后", "方案3调剂后"]);
    let requests = sheet(&book, "需求");
    let mut expected = vec!["需求编号", "单位代码", "单位名称", "编制类型", "保障类别", "申请数", "理由"].into_iter().map(String::from).collect::<Vec<_>>();
    for n in 1..=3 {
        expected.push(format!("方案{n}调剂"));
        expected.push(format!("方案{n}未满足原因"));
    }
    assert_eq!(header(&requests), expected);
    let doc = read_json(&plans_json);
    assert_eq!(requests.height() - 1, doc["plans"][0]["requests"].as_array().unwrap().len(), "every request has a row");

    let stock = sheet(&book, "摸清底数");
    let firsts: Vec<String> = stock.rows().map(|r| r[0].to_string()).collect();
    for title in ["按编制类型", "按系统", "小散弱单位", "周转池", "各保障类别需求", "供需对比"] {
        assert!(firsts.iter().any(|f| f == title), "no block {title} in {firsts:?}");
    }
    let total = stock.rows().find(|r| matches!(&r[0], Data::String(s) if s == "合计")).expect("a total row");
    assert!(total[1..8].iter().all(is_number), "{total:?}");

    // Headers follow the language; sheet names stay Chinese, other tools find them by name.
    let (_tmp_en, _, book_en) = solved_workbook(&demo_city(), 1, "en");
    let wb: Xlsx<_> = open_workbook(&book_en).expect("workbook opens");
    assert_eq!(wb.sheet_names(), ["方案对比", "方案1-调整", "单位变化", "周转池", "需求", "决策汇总", "摸清底数"]);
    assert_eq!(header(&sheet(&book_en, "方案对比")), ["Metric", "Plan 1"]);
    assert_eq!(header(&sheet(&book_en, "方案1-调整"))[11], "Review");
}

#[test]
fn every_move_is_listed_with_numbers_as_numbers_ids_as_text_and_a_review_drop_down() {
    let (_tmp, plans_json, book) = solved_workbook(&demo_city(), 3, "zh");
    let doc = read_json(&plans_json);
    for (i, plan) in doc["plans"].as_array().unwrap().iter().enumerate() {
        let n = i + 1;
        let moves = sheet(&book, &format!("方案{n}-调整"));
        let count = plan["moves"].as_array().unwrap().len();
        assert!(count > 0);
        assert_eq!(moves.height() - 1, count, "plan {n}: one row per move");
        let (from, amount, seq, review) = (column(&moves, "调出代码"), column(&moves, "数量"), column(&moves, "序号"), column(&moves, "审核意见"));
        let mut listed: Vec<(String, String, i64)> = Vec::new();
        for row in moves.rows().skip(1) {
            assert!(matches!(row[from], Data::String(_)), "an id stored as {:?}", row[from]);
            assert!(is_number(&row[amount]) && is_number(&row[seq]), "{row:?}");
            assert!(matches!(row[review], Data::Empty), "审核意见 starts empty");
            listed.push((row[from].to_string(), row[column(&moves, "调入代码")].to_string(), row[amount].as_i64().unwrap()));
        }
        let mut expected: Vec<(String, String, i64)> = plan["moves"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                let amount = m.get("amount").or_else(|| m.get("staff")).and_then(Value::as_i64).unwrap();
                (m["from"].as_str().unwrap().to_string(), m["to"].as_str().unwrap().to_string(), amount)
            })
            .collect();
        listed.sort();
        expected.sort();
        assert_eq!(listed, expected, "plan {n}: the moves of plans.json");

        // The drop-down: a list validation of 同意,不同意 over every move row of the
        // 审核意见 column (L), blanks allowed.
        let xml = xml_of_sheet(&book, n + 1);
        let start = xml.find("<dataValidation ").expect("a data validation");
        let dv = &xml[start..start + xml[start..].find("</dataValidation>").expect("closed")];
        assert!(dv.contains("type=\"list\""), "{dv}");
        assert!(dv.contains("allowBlank=\"1\""), "{dv}");
        assert!(dv.contains(&format!("sqref=\"L2:L{}\"", count + 1)), "{dv}");
        assert!(dv.contains("<formula1>\"同意,不同意\"</formula1>"), "{dv}");
        assert!(xml.contains("<pane ") && xml.contains("state=\"frozen\""), "the header is frozen");
        assert!(xml.contains("<autoFilter "), "the list can be filtered");
    }

    let units = sheet(&book, "单位变化");
    let rows: usize = doc["plans"].as_array().unwrap().iter().map(|p| p["units"].as_array().unwrap().len()).sum();
    assert_eq!(units.height() - 1, rows, "one row per plan, unit and type");
    for row in units.rows().skip(1) {
        assert!(is_number(&row[0]) && matches!(row[1], Data::String(_)), "{row:?}");
        assert!(row[5..10].iter().all(is_number), "{row:?}");
    }
    let pools = sheet(&book, "周转池");
    for row in pools.rows().skip(1) {
        assert!(matches!(row[0], Data::String(_)) && row[3..].iter().all(is_number), "{row:?}");
    }
}

#[test]
fn the_decisions_sheet_lists_every_decision_with_its_standing_and_a_mark_per_plan() {
    let (_tmp, plans_json, book) = solved_workbook(&demo_city(), 3, "zh");
    let doc = read_json(&plans_json);
    let ds = sheet(&book, "决策汇总");
    assert_eq!(
        header(&ds),
        ["类别", "决策", "需求编号", "单位代码", "单位名称", "系统", "保障类别", "编制类型", "申请数", "方案数", "方案1", "方案2", "方案3"]
    );
    let decisions = &doc["decisions"];
    let expected_rows = ["requests", "donors", "merges"].iter().map(|k| decisions[k].as_array().unwrap().len()).sum::<usize>();
    assert_eq!(ds.height() - 1, expected_rows, "every request, donor and merge candidate: no cut");
    let count_of: std::collections::BTreeMap<String, u64> =
        decisions["requests"].as_array().unwrap().iter().map(|r| (r["request"].as_str().unwrap().to_string(), r["funded"].as_u64().unwrap())).collect();
    let (kind, standing, request, asked, in_plans) =
        (column(&ds, "类别"), column(&ds, "决策"), column(&ds, "需求编号"), column(&ds, "申请数"), column(&ds, "方案数"));
    let mut seen = 0;
    for row in ds.rows().skip(1) {
        assert!(is_number(&row[in_plans]), "{row:?}");
        let n = row[in_plans].as_i64().unwrap();
        let marks = row[in_plans + 1..in_plans + 4].iter().filter(|c| matches!(c, Data::String(s) if s == "✓")).count() as i64;
        assert_eq!(marks, n, "a mark under each plan it is in: {row:?}");
        let expected = match n {
            0 => "不选",
            3 => "必选",
            _ => "可选",
        };
        assert_eq!(row[standing].to_string(), expected, "{row:?}");
        if matches!(&row[kind], Data::String(s) if s == "需求") {
            seen += 1;
            assert!(matches!(row[request], Data::String(_)) && is_number(&row[asked]), "{row:?}");
            assert_eq!(count_of[&row[request].to_string()], n as u64, "{row:?}");
        } else {
            assert!(matches!(row[request], Data::Empty) && matches!(row[asked], Data::Empty), "{row:?}");
        }
    }
    assert_eq!(seen, count_of.len(), "every request has a row");

    let (_tmp_en, _, book_en) = solved_workbook(&demo_city(), 2, "en");
    let en = header(&sheet(&book_en, "决策汇总"));
    assert_eq!(en[..2], ["Kind", "Standing"]);
    assert_eq!(en[en.len() - 2..], ["Plan 1", "Plan 2"]);
}

#[test]
fn the_same_plans_give_the_same_workbook_bytes() {
    let (tmp, plans_json, book) = solved_workbook(&demo_city(), 2, "zh");
    let again = tmp.path().join("again.xlsx");
    bianzhi().arg("report").arg(demo_city()).arg(&plans_json).arg("--xlsx").arg(&again).assert().code(0);
    assert!(std::fs::read(&book).unwrap() == std::fs::read(&again).unwrap(), "the workbook differs between runs");
}

/// Replaces the `col`th field of the CSV row whose first field is `id`.
fn set_field(path: &Path, id: &str, col: usize, value: &str) {
    let text = std::fs::read_to_string(path).expect("csv");
    let mut found = false;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let mut fields: Vec<String> = line.split(',').map(String::from).collect();
            if fields[0] == id {
                found = true;
                fields[col] = value.to_string();
            }
            fields.join(",")
        })
        .collect();
    assert!(found, "no row {id} in {}", path.display());
    std::fs::write(path, lines.join("\n") + "\n").expect("write csv");
}

#[test]
fn text_that_looks_like_a_formula_is_stored_as_that_text_and_ids_keep_leading_zeros() {
    // Units and requests the demo's plan 1 touches.
    let (_base, base_json, _) = solved_workbook(&demo_city(), 1, "zh");
    let doc = read_json(&base_json);
    let moves = doc["plans"][0]["moves"].as_array().unwrap();
    let reclaimed: Vec<&str> = moves.iter().filter(|m| m["kind"] == "reclaim").map(|m| m["from"].as_str().unwrap()).collect();
    let grant = moves.iter().find(|m| m["kind"] == "grant").expect("a grant");
    let (hyperlink_unit, plus_unit, zero_unit) = (reclaimed[0], grant["to"].as_str().unwrap(), reclaimed[1]);
    let requests: Vec<&str> = doc["plans"][0]["requests"].as_array().unwrap().iter().take(2).map(|r| r["request"].as_str().unwrap()).collect();

    let dir = copy_scenario(&demo_city());
    let hyperlink = "=HYPERLINK(\"http://x\",\"y\")";
    set_field(&dir.path().join("units.csv"), hyperlink_unit, 1, "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    set_field(&dir.path().join("units.csv"), plus_unit, 1, "+1");
    set_field(&dir.path().join("requests.csv"), requests[0], 6, "@SUM(A1)");
    set_field(&dir.path().join("requests.csv"), requests[1], 6, "-2+3");
    // An id of digits only, with leading zeros.
    for name in ["units.csv", "establishments.csv", "requests.csv", "grants.csv"] {
        let path = dir.path().join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace(zero_unit, "001234")).unwrap();
    }

    let (_tmp, plans_json, book) = solved_workbook(dir.path(), 1, "zh");
    let doc = read_json(&plans_json);
    let ids: Vec<&str> = doc["plans"][0]["moves"].as_array().unwrap().iter().flat_map(|m| [m["from"].as_str().unwrap(), m["to"].as_str().unwrap()]).collect();
    for id in [hyperlink_unit, plus_unit, "001234"] {
        assert!(ids.contains(&id), "{id} still moves");
    }

    let strings_of = |range: &Range<Data>| -> Vec<String> {
        range.rows().flat_map(|r| r.iter().filter_map(|c| if let Data::String(s) = c { Some(s.clone()) } else { None })).collect()
    };
    let moves = strings_of(&sheet(&book, "方案1-调整"));
    for text in [hyperlink, "+1", "001234"] {
        assert!(moves.iter().any(|s| s == text), "{text} is not a text cell of the moves sheet");
    }
    let requests_sheet = strings_of(&sheet(&book, "需求"));
    for text in ["@SUM(A1)", "-2+3"] {
        assert!(requests_sheet.iter().any(|s| s == text), "{text} is not a text cell of the requests sheet");
    }
    assert!(strings_of(&sheet(&book, "单位变化")).iter().any(|s| s == "001234"), "the id stays text with its zeros");

    let parts = sheet_xml(&book);
    assert!(!parts.is_empty());
    for (name, xml) in &parts {
        assert!(!xml.contains("<f>") && !xml.contains("<f "), "{name} holds a formula");
    }
    // Edited in Excel or WPS they stay text: each of those cells carries a quote-prefix style.
    let quoted = quote_prefixed_cells(&book, 2);
    for text in [hyperlink, "+1"] {
        assert!(quoted.iter().any(|s| s == text), "{text} has no quote prefix; quoted cells: {quoted:?}");
    }
    assert!(!quoted.iter().any(|s| s == "001234"), "plain text is not quote-prefixed");
    let quoted = quote_prefixed_cells(&book, 5);
    for text in ["@SUM(A1)", "-2+3"] {
        assert!(quoted.iter().any(|s| s == text), "{text} has no quote prefix; quoted cells: {quoted:?}");
    }
}

/// The (kind label, reason) of every row of a moves sheet, sorted.
fn sheet_reasons(range: &Range<Data>) -> Vec<String> {
    let reason = column(range, "理由");
    let mut out: Vec<String> = range.rows().skip(1).map(|r| r[reason].to_string()).collect();
    out.sort();
    out
}

fn json_reasons(plan: &Value) -> Vec<String> {
    let mut out: Vec<String> = plan["moves"].as_array().unwrap().iter().map(|m| m["reason"].as_str().unwrap().to_string()).collect();
    out.sort();
    out
}

#[test]
fn with_a_ledger_and_years_the_workbook_has_a_years_sheet_a_sheet_per_later_year_and_the_ledger() {
    let (scenario, tmp, plans_json, _) = crate::report::solved_ledger();
    let book = plans_json.with_file_name("plans.xlsx");
    let doc = read_json(&plans_json);
    let wb: Xlsx<_> = open_workbook(&book).expect("workbook opens");
    assert_eq!(
        wb.sheet_names(),
        ["方案对比", "分年度", "方案1-调整", "方案2-调整", "第2年-调整", "第3年-调整", "单位变化", "周转池", "需求", "决策汇总", "摸清底数"]
    );

    // Every move's reason is plans.json's, for the plans and for the later years.
    for (i, plan) in doc["plans"].as_array().unwrap().iter().enumerate() {
        let moves = sheet(&book, &format!("方案{}-调整", i + 1));
        assert_eq!(sheet_reasons(&moves), json_reasons(plan), "plan {}", i + 1);
        // A return's grant is in the request column, which says so.
        let (kind, grant) = (column(&moves, "类别"), column(&moves, "需求/台账"));
        let grants: Vec<String> = moves.rows().skip(1).filter(|r| r[kind] == "周转编制收回").map(|r| r[grant].to_string()).collect();
        assert_eq!(grants, ["G-002", "G-003"], "plan {}", i + 1);
    }
    let years = doc["years"].as_array().unwrap();
    for y in &years[1..] {
        let n = y["year"].as_u64().unwrap();
        let moves = sheet(&book, &format!("第{n}年-调整"));
        assert_eq!(moves.height() - 1, y["moves"].as_array().unwrap().len(), "year {n}: one row per move");
        assert_eq!(sheet_reasons(&moves), json_reasons(y), "year {n}");
        assert_eq!(header(&moves)[11], "审核意见");
    }
    // Why-nots too: REQ-002's unit is overstaffed only once G-003 has returned.
    let requests = sheet(&book, "需求");
    let (id, why) = (column(&requests, "需求编号"), column(&requests, "方案1未满足原因"));
    for r in doc["plans"][0]["requests"].as_array().unwrap() {
        let row = requests.rows().find(|row| row[id] == *r["request"].as_str().unwrap()).expect("a row per request");
        assert_eq!(row[why].to_string(), r["why_not"].as_str().unwrap_or(""), "{}", r["request"]);
    }
    assert_eq!(requests.height() - 1, doc["plans"][0]["requests"].as_array().unwrap().len(), "year 1's requests only");

    // 分年度: one row per year, numbers as numbers, then every pool year by year.
    let ys = sheet(&book, "分年度");
    let h = header(&ys);
    assert_eq!(h[..6], ["年度", "起始日期", "退休", "周转编制收回", "调剂", "申请"]);
    let (year, start, retired, returns) = (column(&ys, "年度"), column(&ys, "起始日期"), column(&ys, "退休"), column(&ys, "周转编制收回"));
    for (row, y) in ys.rows().skip(1).zip(years) {
        assert!(is_number(&row[year]) && is_number(&row[retired]) && is_number(&row[returns]), "{row:?}");
        assert_eq!(row[year].as_i64(), y["year"].as_i64());
        assert_eq!(row[start].to_string(), y["start"].as_str().unwrap());
        assert_eq!(row[retired].as_i64(), y["retired"].as_i64());
        let returned: i64 = y["moves"].as_array().unwrap().iter().filter(|m| m["kind"] == "return").map(|m| m["amount"].as_i64().unwrap()).sum();
        assert_eq!(row[returns].as_i64(), Some(returned));
    }
    let pools_at = ys.rows().position(|r| r[0] == "各周转池分年度").expect("the pools block");
    let pool_rows: Vec<&[Data]> = ys.rows().skip(pools_at + 2).take_while(|r| !matches!(r[0], Data::Empty)).collect();
    assert_eq!(pool_rows.len(), 3, "every pool");
    for (row, pool) in pool_rows.iter().zip(["POOL-ADMIN", "POOL-MUNI", "POOL-TALENT"]) {
        assert_eq!(row[0].to_string(), pool);
        for (j, y) in years.iter().enumerate() {
            let pc = y["pools"].as_array().unwrap().iter().find(|p| p["pool"] == pool).expect("the plan lists the pool");
            assert_eq!((row[3 + 2 * j].as_i64(), row[4 + 2 * j].as_i64()), (pc["before"].as_i64(), pc["after"].as_i64()), "{pool} year {}", j + 1);
        }
    }

    // 摸清底数: the ledger's blocks with every grant.
    let stock = sheet(&book, "摸清底数");
    let firsts: Vec<String> = stock.rows().map(|r| r[0].to_string()).collect();
    for title in ["周转编制台账", "周转编制台账：到期收回：未使用部分", "周转编制台账：到期收回：期满全部收回", "周转编制台账：即将到期（12个月内）"] {
        assert!(firsts.iter().any(|f| f == title), "no block {title} in {firsts:?}");
    }
    let g3 = stock.rows().find(|r| r[0] == "G-003").expect("the expired grant");
    assert_eq!(g3[7..13].iter().map(|c| c.as_i64()).collect::<Vec<_>>(), [Some(3), Some(3), Some(26), Some(24), Some(3), Some(3)], "lent, used, age, term, returning, overstaffed");

    // In English, headers follow the language and sheet names stay.
    let en = tmp.path().join("en.xlsx");
    bianzhi().arg("report").arg(scenario.path()).arg(&plans_json).arg("--xlsx").arg(&en).arg("--lang").arg("en").assert().code(0);
    assert_eq!(header(&sheet(&en, "分年度"))[..2], ["Year", "Starts"]);
    assert_eq!(header(&sheet(&en, "方案1-调整"))[7], "Request / grant");
}
