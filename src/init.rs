//! `bianzhi init`: a small, valid starter scenario a planner fills with real rows. Every
//! table has every column the loader knows (headers taken from its specs, so a new column
//! appears here by itself), a few illustrative rows that exercise each column — a
//! supervising unit, a protected hospital, a vanished unit to merge, an overstaffed
//! school, a county (地区) with its own collecting pool — and `model = "baseline"`.
//! It solves with every built-in model. Pure: the caller writes the files.

use crate::load::{TableSpec, SPEC_ESTABLISHMENTS, SPEC_GRANTS, SPEC_POOLS, SPEC_REQUESTS, SPEC_UNITS};

/// A cell written one way under English headers and another under Chinese ones
/// (vocabulary keys vs. labels; both are accepted whatever the headers).
#[derive(Clone, Copy)]
enum Cell {
    Same(&'static str),
    Words(&'static str, &'static str),
}
use Cell::{Same as S, Words as W};

const ADMIN: Cell = W("admin", "行政编制");
const INST: Cell = W("institution", "事业编制");
const AGENCY: Cell = W("admin", "行政机关");
const PUBLIC: Cell = W("institution", "事业单位");
const ACTIVE: Cell = W("active", "正常");
const NO: Cell = W("false", "否");
const YES: Cell = W("true", "是");
const E: Cell = S("");

/// units: id, name, parent, sector, level, kind, function, protected, leader_posts,
/// leaders, region.
const UNITS: &[[Cell; 11]] = &[
    [S("U001"), S("市教育局"), E, S("教育"), S("市"), AGENCY, ACTIVE, NO, S("5"), S("4"), E],
    [S("U002"), S("市第一中学"), S("U001"), S("教育"), S("市"), PUBLIC, ACTIVE, NO, E, E, E],
    [S("U003"), S("市第二中学"), S("U001"), S("教育"), S("市"), PUBLIC, ACTIVE, NO, E, E, E],
    [S("U004"), S("市教育信息中心"), S("U001"), S("教育"), S("市"), PUBLIC, W("shrinking", "萎缩"), NO, E, E, E],
    [S("U005"), S("市电化教育馆"), S("U001"), S("教育"), S("市"), PUBLIC, W("vanished", "消失"), NO, E, E, E],
    [S("U006"), S("市卫生健康委员会"), E, S("卫生"), S("市"), AGENCY, ACTIVE, NO, S("5"), S("5"), E],
    [S("U007"), S("市人民医院"), S("U006"), S("卫生"), S("市"), PUBLIC, ACTIVE, YES, E, E, E],
    [S("U008"), S("市疾病预防控制中心"), S("U006"), S("卫生"), S("市"), PUBLIC, ACTIVE, NO, E, E, E],
    [S("U009"), S("示例县教育局"), E, S("教育"), S("县"), AGENCY, ACTIVE, NO, S("3"), S("3"), S("示例县")],
    [S("U010"), S("示例县实验小学"), S("U009"), S("教育"), S("县"), PUBLIC, ACTIVE, NO, E, E, S("示例县")],
    [S("U011"), S("示例县第二小学"), S("U009"), S("教育"), S("县"), PUBLIC, ACTIVE, NO, E, E, S("示例县")],
];

/// establishments: unit, type, quota, staff, retiring (per year: one count for every
/// year, or `a;b;c` for years 1, 2, 3).
const LINES: &[[Cell; 5]] = &[
    [S("U001"), ADMIN, S("40"), S("38"), E],
    [S("U002"), INST, S("120"), S("112"), S("2")],
    [S("U003"), INST, S("95"), S("97"), S("3;2;2")],
    [S("U004"), INST, S("4"), S("3"), E],
    [S("U005"), INST, S("3"), S("2"), E],
    [S("U006"), ADMIN, S("35"), S("33"), E],
    [S("U007"), INST, S("400"), S("380"), S("8")],
    [S("U008"), INST, S("80"), S("70"), E],
    [S("U009"), ADMIN, S("20"), S("19"), E],
    [S("U010"), INST, S("60"), S("52"), E],
    [S("U011"), INST, S("5"), S("2"), E],
];

/// pools: id, name, type, available, capacity, used, sectors, per_unit_max, region,
/// collects. A balance is `available`, or `capacity` and `used`.
const POOLS: &[[Cell; 10]] = &[
    [S("POOL-ADMIN"), S("行政编制周转池"), ADMIN, E, S("30"), S("12"), S("*"), S("0"), E, NO],
    [S("POOL-EDU"), S("教育周转池"), INST, E, S("200"), S("80"), S("教育"), S("0"), E, NO],
    [S("POOL-MUNI"), S("市直周转池"), INST, E, S("100"), S("20"), S("*"), S("0"), E, NO],
    [S("POOL-TALENT"), S("人才周转池"), INST, E, S("80"), S("20"), S("*"), S("5"), E, NO],
    [S("POOL-XIAN"), S("示例县事业编制周转池"), INST, S("15"), E, E, S("*"), S("0"), S("示例县"), YES],
];

/// requests: id, unit, type, amount, tier, min, reason, year (empty = year 1).
const REQUESTS: &[[Cell; 8]] = &[
    [S("REQ-001"), S("U002"), INST, S("6"), W("key", "保重点"), S("4"), S("新增高中教学班，申请调剂事业编制6名"), E],
    [S("REQ-002"), S("U008"), INST, S("5"), W("emergency", "保应急"), S("5"), S("传染病监测预警岗位不足，申请调剂事业编制5名"), E],
    [S("REQ-003"), S("U006"), ADMIN, S("2"), W("operations", "保运转"), S("0"), S("内设机构职责调整，申请调剂行政编制2名"), E],
    [S("REQ-004"), S("U010"), INST, S("4"), W("key", "保重点"), S("2"), S("县城学位扩容，申请调剂事业编制4名"), E],
    [S("REQ-005"), S("U011"), INST, S("2"), W("key", "保重点"), S("0"), S("下一年度新增学位，申请调剂事业编制2名"), S("2")],
];

/// grants (the revolving-grant ledger): id, pool, unit, type, amount, used, granted_on,
/// tier, term_months. G-002's unused part is over a year old and returns at `as_of`;
/// G-003, an emergency grant, is past its 24 months and returns in full.
const GRANTS: &[[Cell; 9]] = &[
    [S("G-001"), S("POOL-EDU"), S("U002"), INST, S("6"), S("6"), S("2024-09-01"), W("key", "保重点"), E],
    [S("G-002"), S("POOL-TALENT"), S("U008"), INST, S("4"), S("1"), S("2024-03-15"), W("key", "保重点"), E],
    [S("G-003"), S("POOL-MUNI"), S("U008"), INST, S("2"), S("2"), S("2023-04-01"), W("emergency", "保应急"), E],
];

fn scenario_toml(chinese: bool) -> String {
    let headers = if chinese { "Chinese (中文表头)" } else { "English" };
    format!(
        r#"# A starter scenario written by `bianzhi init`. Replace the example rows of the five
# tables with your own and keep their header rows ({headers} here; English and Chinese
# headers are both accepted, and a column you do not need may be left blank or dropped
# unless it is required). Then: `bianzhi validate .` and `bianzhi solve .`.

[scenario]
name = "示例情景（请改为本轮调剂的名称）"
as_of = "2025-06-30"      # date of the data (数据截止日期)
model = "baseline"        # policy model: a built-in name (`bianzhi models` lists them), NAME.toml beside this file, or a path

[data]                    # paths relative to this folder; a workbook sheet is `file.xlsx#sheet`
units = "units.csv"       # 单位: parent = supervising unit (主管部门); region (地区) only when counties plan apart
establishments = "establishments.csv"   # 编制: one row per unit and establishment type
pools = "pools.csv"       # 周转池: balance as available (可用数), or capacity (规模) and used (已使用); collects (收回池) needs a region
requests = "requests.csv" # 需求: min (最低数) is the smallest useful grant, 0 = any amount; year (年度) for `solve --years`
grants = "grants.csv"     # 周转编制台账: revolving grants already made; unused parts and expired terms return at as_of
"#
    )
}

fn table<const N: usize>(spec: &TableSpec, rows: &[[Cell; N]], chinese: bool) -> String {
    assert_eq!(spec.columns.len(), N, "{}: one starter cell per column", spec.key);
    let mut w = csv::Writer::from_writer(Vec::new());
    let header: Vec<&str> = spec.columns.iter().map(|c| if chinese { c.aliases[0] } else { c.name }).collect();
    w.write_record(&header).expect("csv to memory");
    for row in rows {
        w.write_record(row.iter().map(|c| match *c {
            Cell::Same(v) => v,
            Cell::Words(en, zh) => {
                if chinese {
                    zh
                } else {
                    en
                }
            }
        }))
        .expect("csv to memory");
    }
    String::from_utf8(w.into_inner().expect("csv to memory")).expect("utf-8 cells")
}

/// The starter scenario's files (name, contents), sorted by name.
pub fn starter_scenario(chinese_headers: bool) -> Vec<(String, String)> {
    let c = chinese_headers;
    vec![
        ("establishments.csv".to_string(), table(&SPEC_ESTABLISHMENTS, LINES, c)),
        ("grants.csv".to_string(), table(&SPEC_GRANTS, GRANTS, c)),
        ("pools.csv".to_string(), table(&SPEC_POOLS, POOLS, c)),
        ("requests.csv".to_string(), table(&SPEC_REQUESTS, REQUESTS, c)),
        ("scenario.toml".to_string(), scenario_toml(c)),
        ("units.csv".to_string(), table(&SPEC_UNITS, UNITS, c)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_of_every_table_has_a_header() {
        for chinese in [false, true] {
            let files = starter_scenario(chinese);
            for (file, spec) in [("units.csv", SPEC_UNITS), ("establishments.csv", SPEC_ESTABLISHMENTS), ("pools.csv", SPEC_POOLS), ("requests.csv", SPEC_REQUESTS), ("grants.csv", SPEC_GRANTS)] {
                let text = &files.iter().find(|(n, _)| n == file).unwrap().1;
                let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
                let want: Vec<&str> = spec.columns.iter().map(|c| if chinese { c.aliases[0] } else { c.name }).collect();
                assert_eq!(header, want, "{file}");
                assert!(text.lines().count() > 2, "{file} has example rows");
            }
        }
    }

    #[test]
    fn files_are_sorted_and_name_the_builtin_model() {
        let files = starter_scenario(false);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        assert!(files.iter().find(|(n, _)| n == "scenario.toml").unwrap().1.contains("\nmodel = \"baseline\""));
    }
}
