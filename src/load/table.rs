//! One table read from a text file or a workbook sheet, with columns resolved to their
//! canonical names and cells cleaned by kind. Rows are numbered as a spreadsheet numbers
//! them (the first row of the file is row 1, whether it is the header or a title above
//! it).

use super::header::{self, Header};
use super::spec::{excel_col, normalize, Grid, Kind, TableSpec};
use super::text;
use super::workbook::{self, Workbooks};
use crate::error::{Issue, Severity};
use std::path::Path;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::spec::{SPEC_ESTABLISHMENTS, SPEC_UNITS};

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
}
