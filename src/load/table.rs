//! The tables the loader knows (their columns, aliases and kinds of cell) and one
//! table read from a text file or a workbook sheet, with columns resolved to their
//! canonical names. Rows are numbered as a spreadsheet numbers them (the first row of
//! the file is row 1, whether it is the header or a title above it).

use super::header::{self, Header};
use super::text;
use super::workbook::{self, Workbooks};
use crate::error::{Issue, Severity};
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

/// What a column's cells are, which decides how they are cleaned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A key or value compared with others (sector, type, count): trimmed and NFKC'd,
    /// so full-width letters and digits match their ASCII forms.
    Value,
    /// An id other rows refer to: as `Value`, and in a workbook a number keeps the
    /// leading zeros its format shows.
    Id,
    /// Free text shown as written (names, reasons): trimmed only, so Chinese
    /// punctuation (`，`, `（）`) survives.
    Text,
}

/// A column the loader knows: canonical name, accepted header aliases, kind of cell.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
    pub kind: Kind,
}

/// The columns of one kind of table.
#[derive(Clone, Copy, Debug)]
pub struct TableSpec {
    /// Table key in `scenario.toml` `[data]` and default xlsx sheet name.
    pub key: &'static str,
    /// Chinese sheet name accepted in a workbook.
    pub sheet_alias: &'static str,
    pub columns: &'static [Column],
    /// Whether a table with a header and no rows is an error.
    pub rows_required: bool,
}

const fn col(name: &'static str, aliases: &'static [&'static str], required: bool) -> Column {
    Column { name, aliases, required, kind: Kind::Value }
}

const fn id(name: &'static str, aliases: &'static [&'static str], required: bool) -> Column {
    Column { kind: Kind::Id, ..col(name, aliases, required) }
}

const fn text(name: &'static str, aliases: &'static [&'static str], required: bool) -> Column {
    Column { kind: Kind::Text, ..col(name, aliases, required) }
}

pub const SPEC_UNITS: TableSpec = TableSpec {
    key: "units",
    sheet_alias: "单位",
    rows_required: true,
    columns: &[
        id("id", &["单位代码", "单位编码", "unit_id"], true),
        text("name", &["单位名称", "名称"], true),
        id("parent", &["主管部门", "主管单位", "上级单位"], false),
        col("sector", &["系统", "所属系统", "行业"], true),
        col("level", &["层级", "级别"], true),
        col("kind", &["单位类型", "单位性质"], true),
        col("function", &["职能状态"], false),
        col("protected", &["是否保护", "保护"], false),
        col("leader_posts", &["领导职数", "核定领导职数"], false),
        col("leaders", &["实配领导", "实配领导职数"], false),
        col("region", &["地区", "行政区划", "所属地区"], false),
    ],
};

pub const SPEC_ESTABLISHMENTS: TableSpec = TableSpec {
    key: "establishments",
    sheet_alias: "编制",
    rows_required: true,
    columns: &[
        id("unit", &["单位代码", "单位编码"], true),
        col("type", &["编制类型"], true),
        col("quota", &["核定编制数", "编制数", "核定编制"], true),
        col("staff", &["实有人数", "实有人员"], true),
        col("retiring", &["退休人数", "预计退休", "年退休人数"], false),
    ],
};

pub const SPEC_POOLS: TableSpec = TableSpec {
    key: "pools",
    sheet_alias: "周转池",
    rows_required: false,
    columns: &[
        id("id", &["池代码", "周转池代码"], true),
        text("name", &["名称", "周转池名称"], false),
        col("type", &["编制类型"], true),
        col("available", &["可用数", "可用"], false),
        col("capacity", &["规模", "总规模"], false),
        col("used", &["已使用", "已用"], false),
        col("sectors", &["适用系统"], false),
        col("per_unit_max", &["单位上限"], false),
        col("region", &["地区", "行政区划", "所属地区"], false),
        col("collects", &["收回池", "是否收回池"], false),
    ],
};

pub const SPEC_REQUESTS: TableSpec = TableSpec {
    key: "requests",
    sheet_alias: "需求",
    rows_required: false,
    columns: &[
        id("id", &["需求编号", "编号"], true),
        id("unit", &["单位代码", "单位编码"], true),
        col("type", &["编制类型"], true),
        col("amount", &["申请数", "申请数量"], true),
        col("tier", &["保障类别", "类别"], true),
        col("min", &["最低数", "最低"], false),
        text("reason", &["理由", "申请理由"], false),
        col("year", &["年度", "需求年度"], false),
    ],
};

/// The revolving-grant ledger (周转编制台账, DESIGN §14).
pub const SPEC_GRANTS: TableSpec = TableSpec {
    key: "grants",
    sheet_alias: "周转台账",
    rows_required: false,
    columns: &[
        id("id", &["调剂编号", "台账编号", "编号"], true),
        id("pool", &["池代码", "周转池代码"], true),
        id("unit", &["单位代码", "单位编码"], true),
        col("type", &["编制类型"], true),
        col("amount", &["调剂数", "使用数量"], true),
        col("used", &["已使用", "已用", "已进人"], true),
        col("granted_on", &["调剂日期", "使用日期"], true),
        col("tier", &["保障类别", "类别"], true),
        col("term_months", &["使用期限", "期限月数"], false),
    ],
};

/// One data row: its spreadsheet row number and one cell per spec column
/// (`None` when the column is absent from the file; empty string when blank).
#[derive(Clone, Debug)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<Option<String>>,
}

/// A table read from a file, cells trimmed (and NFKC-normalised but for free text).
#[derive(Clone, Debug)]
pub struct Table {
    /// The file as named in messages (`units.csv`, `book.xlsx#单位`).
    pub file: String,
    pub spec: TableSpec,
    pub rows: Vec<Row>,
    /// Which spec columns the file has.
    pub present: Vec<bool>,
}

impl Table {
    /// Index of a spec column by canonical name. Panics on a name the spec lacks (a bug).
    pub fn idx(&self, name: &str) -> usize {
        self.spec.columns.iter().position(|c| c.name == name).unwrap_or_else(|| panic!("no column {name}"))
    }

    pub fn has(&self, name: &str) -> bool {
        self.present[self.idx(name)]
    }
}

/// Trim, NFKC (full-width letters/digits and the ideographic space become ASCII).
pub fn normalize(s: &str) -> String {
    // Most cells are already in NFKC (ASCII ids and numbers, ordinary Chinese text);
    // the quick check skips the decomposition for them.
    if unicode_normalization::is_nfkc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        return s.trim().to_string();
    }
    let n: String = s.nfkc().collect();
    n.trim().to_string()
}

/// Reads one table. `location` is the path (a workbook path may carry `#sheet`);
/// `shown` is how messages name it; `books` holds the workbooks already opened this
/// run. Problems go to `issues`; `None` when the table cannot be read at all.
pub fn read_table(location: &Path, shown: &str, spec: TableSpec, books: &mut Workbooks, issues: &mut Vec<Issue>) -> Option<Table> {
    let loc = location.to_string_lossy();
    if workbook::is_workbook(workbook::split_sheet(&loc).0) {
        let (shown_sheet, grid, header) = workbook::read(&loc, shown, spec, books, issues)?;
        return from_grid(grid, &header, &shown_sheet, spec, issues);
    }
    let (grid, broken_utf8) = text::read(location, shown, issues)?;
    let header = header::locate(&grid, shown, spec, issues);
    if broken_utf8 {
        let name = |fi: usize| {
            let h = header.as_ref()?;
            let si = h.columns.iter().position(|c| *c == Some(fi))?;
            Some(spec.columns[si].name)
        };
        text::broken_cells(&grid, shown, name, issues);
        return None;
    }
    from_grid(grid, &header?, shown, spec, issues)
}

/// Rows of raw cells with their spreadsheet row numbers, from the top of the file.
pub(super) type Grid = Vec<(usize, Vec<String>)>;

/// The data rows under the header: blank rows skipped, cells cleaned by kind.
fn from_grid(grid: Grid, header: &Header, shown: &str, spec: TableSpec, issues: &mut Vec<Issue>) -> Option<Table> {
    let width = header.width;
    let mut out = Vec::with_capacity(grid.len().saturating_sub(header.index + 1));
    let mut shifted = false;
    for (number, cells) in grid.into_iter().skip(header.index + 1) {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // Non-empty cells past the last header usually mean an unquoted comma shifted
        // the row; reading it anyway would put values in the wrong columns.
        if let Some(extra) = cells.iter().skip(width).position(|c| !c.trim().is_empty()) {
            issues.push(Issue {
                severity: Severity::Error,
                file: shown.to_string(),
                row: Some(number),
                column: Some(excel_col(width + extra)),
                value: Some(normalize(&cells[width + extra])),
                message: format!("cell beyond the {width} header columns: is a comma unquoted in an earlier cell?"),
            });
            shifted = true;
            continue;
        }
        let row = spec
            .columns
            .iter()
            .zip(&header.columns)
            .map(|(c, fi)| {
                fi.map(|fi| match (c.kind, cells.get(fi)) {
                    (_, None) => String::new(),
                    (Kind::Text, Some(v)) => v.trim().to_string(),
                    (Kind::Value | Kind::Id, Some(v)) => normalize(v),
                })
            })
            .collect();
        out.push(Row { number, cells: row });
    }
    if shifted {
        return None;
    }
    if out.is_empty() && spec.rows_required {
        issues.push(Issue::file_error(shown, "no data rows under the header"));
        return None;
    }
    let present = header.columns.iter().map(Option::is_some).collect();
    Some(Table { file: shown.to_string(), spec, rows: out, present })
}

/// Spreadsheet column letter for a 0-based index (0 → A, 26 → AA).
pub(super) fn excel_col(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(lines: &[&str], spec: TableSpec, issues: &mut Vec<Issue>) -> Option<Table> {
        let grid: Grid = lines.iter().enumerate().map(|(i, l)| (i + 1, l.split(',').map(str::to_string).collect())).collect();
        let header = header::locate(&grid, "e.csv", spec, issues)?;
        from_grid(grid, &header, "e.csv", spec, issues)
    }

    #[test]
    fn chinese_and_fullwidth_headers_resolve() {
        let mut issues = Vec::new();
        let t = table(&["单位代码,编制类型,核定编制数　,ｓｔａｆｆ", "Ｕ１,institution,１０,9"], SPEC_ESTABLISHMENTS, &mut issues).unwrap();
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(t.rows[0].cells[0].as_deref(), Some("U1"));
        assert_eq!(t.rows[0].cells[2].as_deref(), Some("10"));
        assert_eq!(t.rows[0].number, 2);
    }

    #[test]
    fn unknown_column_is_a_warning_and_missing_one_an_error() {
        let mut issues = Vec::new();
        assert!(table(&["unit,type,quota,备注", "U1,a,1,x"], SPEC_ESTABLISHMENTS, &mut issues).is_none());
        assert!(issues.iter().any(|i| i.severity == Severity::Warning && i.value.as_deref() == Some("备注")));
        assert!(issues.iter().any(|i| i.is_error() && i.message.contains("missing required column `staff`")));
    }

    #[test]
    fn free_text_is_trimmed_not_normalised() {
        let mut issues = Vec::new();
        let t = table(&["id,name,sector,level,kind", "Ｕ１, 市一中（高中部），本部　,教育,市,admin"], SPEC_UNITS, &mut issues).unwrap();
        assert_eq!(t.rows[0].cells[0].as_deref(), Some("U1"));
        assert_eq!(t.rows[0].cells[1].as_deref(), Some("市一中（高中部），本部"));
    }

    #[test]
    fn excel_columns() {
        assert_eq!(excel_col(0), "A");
        assert_eq!(excel_col(25), "Z");
        assert_eq!(excel_col(26), "AA");
    }
}
