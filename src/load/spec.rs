//! The tables the loader knows: their columns, header aliases and kinds of cell, and
//! the few cell helpers every reader shares (the raw grid, NFKC cleaning, spreadsheet
//! column letters). Reads nothing: the bottom of `load`.

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

/// Rows of raw cells with their spreadsheet row numbers, from the top of the file.
pub(super) type Grid = Vec<(usize, Vec<String>)>;

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

    #[test]
    fn excel_columns() {
        assert_eq!(excel_col(0), "A");
        assert_eq!(excel_col(25), "Z");
        assert_eq!(excel_col(26), "AA");
    }
}
