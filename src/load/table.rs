//! One input table from a CSV file or an xlsx sheet, with columns resolved to their
//! canonical names. Rows are numbered as a spreadsheet numbers them: header = row 1.

use crate::error::{Issue, Severity};
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

/// A column the loader knows: canonical name and accepted header aliases.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
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
    Column { name, aliases, required }
}

pub const SPEC_UNITS: TableSpec = TableSpec {
    key: "units",
    sheet_alias: "单位",
    rows_required: true,
    columns: &[
        col("id", &["单位代码", "单位编码", "unit_id"], true),
        col("name", &["单位名称", "名称"], true),
        col("parent", &["主管部门", "主管单位", "上级单位"], false),
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
        col("unit", &["单位代码", "单位编码"], true),
        col("type", &["编制类型"], true),
        col("quota", &["核定编制数", "编制数", "核定编制"], true),
        col("staff", &["实有人数", "实有人员"], true),
    ],
};

pub const SPEC_POOLS: TableSpec = TableSpec {
    key: "pools",
    sheet_alias: "周转池",
    rows_required: false,
    columns: &[
        col("id", &["池代码", "周转池代码"], true),
        col("name", &["名称", "周转池名称"], false),
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
        col("id", &["需求编号", "编号"], true),
        col("unit", &["单位代码", "单位编码"], true),
        col("type", &["编制类型"], true),
        col("amount", &["申请数", "申请数量"], true),
        col("tier", &["保障类别", "类别"], true),
        col("min", &["最低数", "最低"], false),
        col("reason", &["理由", "申请理由"], false),
    ],
};

/// One data row: its spreadsheet row number and one cell per spec column
/// (`None` when the column is absent from the file; empty string when blank).
#[derive(Clone, Debug)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<Option<String>>,
}

/// A table read from a file, cells trimmed and NFKC-normalised.
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

fn header_key(s: &str) -> String {
    normalize(s).chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase()
}

/// Reads one table. `location` is the path (a `.xlsx` path may carry `#sheet`);
/// `shown` is how messages name it. Problems go to `issues`; `None` when the table
/// cannot be read at all.
pub fn read_table(location: &Path, shown: &str, spec: TableSpec, issues: &mut Vec<Issue>) -> Option<Table> {
    let loc = location.to_string_lossy();
    let (path_part, sheet) = match loc.rsplit_once('#') {
        Some((p, s)) if p.to_lowercase().ends_with(".xlsx") => (p.to_string(), Some(s.to_string())),
        _ => (loc.to_string(), None),
    };
    let lower = path_part.to_lowercase();
    if lower.ends_with(".xlsx") || lower.ends_with(".xlsm") || lower.ends_with(".xls") {
        let (sheet_name, grid) = read_xlsx(Path::new(&path_part), shown, sheet.as_deref(), spec, issues)?;
        // Messages name the sheet: `book.xlsx#编制:3`.
        let shown_sheet = match shown.rsplit_once('#') {
            Some((file, _)) => format!("{file}#{sheet_name}"),
            None => format!("{shown}#{sheet_name}"),
        };
        from_grid(grid, &shown_sheet, spec, issues)
    } else {
        let grid = read_csv(Path::new(&path_part), shown, issues)?;
        from_grid(grid, shown, spec, issues)
    }
}

/// Rows of raw cells with their spreadsheet row numbers; the first is the header.
type Grid = Vec<(usize, Vec<String>)>;

fn read_csv(path: &Path, shown: &str, issues: &mut Vec<Issue>) -> Option<Grid> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            issues.push(Issue::file_error(shown, format!("cannot read file: {e}")));
            return None;
        }
    };
    let text = decode(&bytes, shown, issues)?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut grid = Vec::new();
    // A spreadsheet counts a blank line as a row and a quoted cell spanning lines as
    // one row: the record's starting line less the line breaks inside earlier cells.
    // (The csv crate's own line count skips blank lines, so count from byte offsets.)
    let bytes = text.as_bytes();
    let (mut counted_to, mut lines_before) = (0usize, 0usize);
    // A record's position is where the reader started, before any blank lines it
    // skipped; step over them to the record's own first line.
    let mut line_at = |offset: usize| {
        let mut offset = offset.min(bytes.len());
        while offset < bytes.len() && (bytes[offset] == b'\n' || bytes[offset] == b'\r') {
            offset += 1;
        }
        if offset > counted_to {
            lines_before += bytes[counted_to..offset].iter().filter(|b| **b == b'\n').count();
            counted_to = offset;
        }
        lines_before + 1
    };
    let mut breaks_in_cells = 0usize;
    for (i, rec) in reader.records().enumerate() {
        match rec {
            Ok(r) => {
                let line = r.position().map(|p| line_at(p.byte() as usize)).unwrap_or(i + 1);
                grid.push((line - breaks_in_cells, r.iter().map(str::to_string).collect()));
                breaks_in_cells += r.iter().map(|c| c.matches('\n').count()).sum::<usize>();
            }
            Err(e) => {
                let row = e.position().map(|p| line_at(p.byte() as usize) - breaks_in_cells).unwrap_or(i + 1);
                issues.push(Issue {
                    severity: Severity::Error,
                    file: shown.to_string(),
                    row: Some(row),
                    column: None,
                    value: None,
                    message: format!("malformed csv: {e}"),
                });
                return None;
            }
        }
    }
    Some(grid)
}

/// UTF-8 (BOM optional), UTF-16 with BOM, or GB18030/GBK; anything else is rejected
/// rather than turned into mojibake.
pub(crate) fn decode(bytes: &[u8], shown: &str, issues: &mut Vec<Issue>) -> Option<String> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            issues.push(Issue::file_error(shown, format!("file starts with a {} byte-order mark but is not valid {}", enc.name(), enc.name())));
            return None;
        }
        return Some(text.into_owned());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(text.to_string());
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        issues.push(Issue::file_error(shown, "text is neither UTF-8 nor GB18030/GBK; save it as UTF-8 CSV"));
        return None;
    }
    issues.push(Issue {
        severity: Severity::Warning,
        file: shown.to_string(),
        row: None,
        column: None,
        value: None,
        message: "decoded as GB18030/GBK (not UTF-8)".into(),
    });
    Some(text.into_owned())
}

fn read_xlsx(path: &Path, shown: &str, sheet: Option<&str>, spec: TableSpec, issues: &mut Vec<Issue>) -> Option<(String, Grid)> {
    use calamine::{open_workbook_auto, Data, Reader};
    let mut book = match open_workbook_auto(path) {
        Ok(b) => b,
        Err(e) => {
            issues.push(Issue::file_error(shown, format!("cannot open workbook: {e}")));
            return None;
        }
    };
    let names = book.sheet_names();
    let wanted: Vec<&str> = match sheet {
        Some(s) => vec![s],
        None => vec![spec.key, spec.sheet_alias],
    };
    let Some(name) = names.iter().find(|n| wanted.iter().any(|w| header_key(n) == header_key(w))).cloned() else {
        issues.push(Issue::file_error(
            shown,
            format!("no sheet named {}; the workbook has: {}", wanted.join(" or "), names.join(", ")),
        ));
        return None;
    };
    let range = match book.worksheet_range(&name) {
        Ok(r) => r,
        Err(e) => {
            issues.push(Issue::file_error(shown, format!("cannot read sheet {name}: {e}")));
            return None;
        }
    };
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut grid = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let mut cells: Vec<String> = vec![String::new(); col0 as usize];
        cells.extend(row.iter().map(|c| match c {
            Data::Empty => String::new(),
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
            Data::Int(v) => v.to_string(),
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            Data::Float(f) => f.to_string(),
            Data::Bool(b) => b.to_string(),
            Data::DateTime(d) => d.to_string(),
            Data::Error(e) => format!("#{e:?}"),
        }));
        grid.push((row0 as usize + i + 1, cells));
    }
    Some((name, grid))
}

fn from_grid(grid: Grid, shown: &str, spec: TableSpec, issues: &mut Vec<Issue>) -> Option<Table> {
    let mut rows = grid.into_iter().filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
    let Some((header_row, header)) = rows.next() else {
        issues.push(Issue::file_error(shown, "empty file: expected a header row and data rows"));
        return None;
    };
    let err = |column: Option<String>, value: Option<String>, message: String| Issue {
        severity: Severity::Error,
        file: shown.to_string(),
        row: Some(header_row),
        column,
        value,
        message,
    };
    // file column index → spec column index
    let mut mapping: Vec<Option<usize>> = Vec::with_capacity(header.len());
    let mut seen_at: Vec<Option<usize>> = vec![None; spec.columns.len()];
    let mut ok = true;
    for (fi, h) in header.iter().enumerate() {
        let key = header_key(h);
        let found = spec.columns.iter().position(|c| {
            header_key(c.name) == key || c.aliases.iter().any(|a| header_key(a) == key)
        });
        match found {
            Some(si) => {
                if let Some(prev) = seen_at[si] {
                    issues.push(err(
                        Some(spec.columns[si].name.to_string()),
                        Some(normalize(h)),
                        format!("duplicate column: headers {} and {} both mean `{}`", excel_col(prev), excel_col(fi), spec.columns[si].name),
                    ));
                    ok = false;
                    mapping.push(None);
                } else {
                    seen_at[si] = Some(fi);
                    mapping.push(Some(si));
                }
            }
            None => {
                if !key.is_empty() {
                    issues.push(Issue {
                        severity: Severity::Warning,
                        ..err(None, Some(normalize(h)), format!("unknown column {} ignored", excel_col(fi)))
                    });
                }
                mapping.push(None);
            }
        }
    }
    for (si, c) in spec.columns.iter().enumerate() {
        if c.required && seen_at[si].is_none() {
            let mut names = vec![c.name];
            names.extend(c.aliases.iter().take(1));
            issues.push(err(Some(c.name.to_string()), None, format!("missing required column `{}` (header {})", c.name, names.join(" or "))));
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    let present: Vec<bool> = seen_at.iter().map(Option::is_some).collect();
    let mut out = Vec::new();
    let mut shifted = false;
    for (number, cells) in rows {
        // Non-empty cells past the last header usually mean an unquoted comma shifted
        // the row; reading it anyway would put values in the wrong columns.
        if let Some(extra) = cells.iter().skip(header.len()).position(|c| !c.trim().is_empty()) {
            issues.push(Issue {
                severity: Severity::Error,
                file: shown.to_string(),
                row: Some(number),
                column: Some(excel_col(header.len() + extra)),
                value: Some(normalize(&cells[header.len() + extra])),
                message: format!("cell beyond the {} header columns: is a comma unquoted in an earlier cell?", header.len()),
            });
            shifted = true;
            continue;
        }
        let mut row = vec![None; spec.columns.len()];
        for (si, fi) in seen_at.iter().enumerate() {
            if let Some(fi) = fi {
                row[si] = Some(cells.get(*fi).map(|c| normalize(c)).unwrap_or_default());
            }
        }
        out.push(Row { number, cells: row });
    }
    if shifted {
        return None;
    }
    if out.is_empty() && spec.rows_required {
        issues.push(Issue::file_error(shown, "no data rows under the header"));
        return None;
    }
    Some(Table { file: shown.to_string(), spec, rows: out, present })
}

/// Spreadsheet column letter for a 0-based index (0 → A, 26 → AA).
fn excel_col(mut i: usize) -> String {
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

    fn grid(lines: &[&str]) -> Grid {
        lines.iter().enumerate().map(|(i, l)| (i + 1, l.split(',').map(str::to_string).collect())).collect()
    }

    #[test]
    fn chinese_and_fullwidth_headers_resolve() {
        let mut issues = Vec::new();
        let t = from_grid(grid(&["单位代码,编制类型,核定编制数　,ｓｔａｆｆ", "Ｕ１,institution,１０,9"]), "e.csv", SPEC_ESTABLISHMENTS, &mut issues).unwrap();
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(t.rows[0].cells[0].as_deref(), Some("U1"));
        assert_eq!(t.rows[0].cells[2].as_deref(), Some("10"));
        assert_eq!(t.rows[0].number, 2);
    }

    #[test]
    fn unknown_column_is_a_warning_and_missing_one_an_error() {
        let mut issues = Vec::new();
        assert!(from_grid(grid(&["unit,type,quota,备注", "U1,a,1,x"]), "e.csv", SPEC_ESTABLISHMENTS, &mut issues).is_none());
        assert!(issues.iter().any(|i| i.severity == Severity::Warning && i.value.as_deref() == Some("备注")));
        assert!(issues.iter().any(|i| i.is_error() && i.message.contains("missing required column `staff`")));
    }

    #[test]
    fn gbk_text_is_decoded_not_mangled() {
        let (bytes, _, _) = encoding_rs::GBK.encode("单位代码,单位名称\nU1,市第一中学\n");
        let mut issues = Vec::new();
        let text = decode(&bytes, "u.csv", &mut issues).unwrap();
        assert!(text.contains("市第一中学"));
        assert_eq!(issues[0].severity, Severity::Warning);
    }

    #[test]
    fn excel_columns() {
        assert_eq!(excel_col(0), "A");
        assert_eq!(excel_col(25), "Z");
        assert_eq!(excel_col(26), "AA");
    }
}
