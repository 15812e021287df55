//! Finding the header row of a table and resolving its cells to spec columns.
//!
//! Exports from the real-name system (实名制) put a title or two above the header
//! (a merged "某市机构编制实名制统计表", a "填报单位… 日期…" line). The header is the first
//! of the top ten non-empty rows in which every required column of the spec is found;
//! rows above it are ignored (with a warning naming the row taken). When no row has
//! them all, the best-matching one is reported as usual: missing-column errors on it.

use super::spec::{excel_col, normalize, Grid, TableSpec};
use crate::error::{Issue, Severity};

/// How many non-empty rows from the top are tried as the header.
const CANDIDATES: usize = 10;

/// The header row of a table and where each spec column is.
#[derive(Clone, Debug)]
pub struct Header {
    /// Index of the header row in the grid.
    pub index: usize,
    /// Its spreadsheet row number.
    pub row: usize,
    /// Number of cells in the header row (data cells beyond it are an error).
    pub width: usize,
    /// Spec column → file column (0-based), `None` when the file lacks it.
    pub columns: Vec<Option<usize>>,
}

/// Header text as compared: NFKC, no whitespace at all, lower case.
pub fn header_key(s: &str) -> String {
    normalize(s).chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase()
}

/// Spec column a header cell names, if any.
fn resolve(spec: &TableSpec, key: &str) -> Option<usize> {
    if key.is_empty() {
        return None;
    }
    spec.columns.iter().position(|c| header_key(c.name) == key || c.aliases.iter().any(|a| header_key(a) == key))
}

/// (required columns found, columns found) for a candidate row; repeats count once.
fn score(spec: &TableSpec, cells: &[String]) -> (usize, usize) {
    let mut found = vec![false; spec.columns.len()];
    for cell in cells {
        if let Some(si) = resolve(spec, &header_key(cell)) {
            found[si] = true;
        }
    }
    let required = spec.columns.iter().zip(&found).filter(|(c, f)| c.required && **f).count();
    (required, found.iter().filter(|f| **f).count())
}

fn is_blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// Finds and resolves the header. Problems (empty table, duplicate, unknown and
/// missing columns, title rows skipped) go to `issues`; `None` when the table has
/// no usable header.
pub fn locate(grid: &Grid, shown: &str, spec: TableSpec, issues: &mut Vec<Issue>) -> Option<Header> {
    let candidates: Vec<usize> = (0..grid.len()).filter(|&i| !is_blank(&grid[i].1)).take(CANDIDATES).collect();
    let Some(&first) = candidates.first() else {
        issues.push(Issue::file_error(shown, "empty file: expected a header row and data rows"));
        return None;
    };
    let n_required = spec.columns.iter().filter(|c| c.required).count();
    let mut best = (first, (0, 0));
    let mut complete = None;
    for (k, &i) in candidates.iter().enumerate() {
        let s = score(&spec, &grid[i].1);
        if s.0 == n_required {
            complete = Some((k, i));
            break;
        }
        if s > best.1 {
            best = (i, s);
        }
    }
    let index = complete.map_or(best.0, |(_, i)| i);
    let header = resolve_row(grid, index, shown, spec, issues)?;
    if let Some((above, _)) = complete.filter(|(k, _)| *k > 0) {
        issues.push(Issue {
            severity: Severity::Warning,
            file: shown.to_string(),
            row: Some(header.row),
            column: None,
            value: None,
            message: format!("header found on row {}; {above} title row(s) above it ignored", header.row),
        });
    }
    Some(header)
}

/// Maps the cells of the header row to spec columns, reporting duplicate, unknown and
/// missing columns.
fn resolve_row(grid: &Grid, index: usize, shown: &str, spec: TableSpec, issues: &mut Vec<Issue>) -> Option<Header> {
    let (row, cells) = &grid[index];
    let err = |column: Option<String>, value: Option<String>, message: String| Issue {
        severity: Severity::Error,
        file: shown.to_string(),
        row: Some(*row),
        column,
        value,
        message,
    };
    let mut columns: Vec<Option<usize>> = vec![None; spec.columns.len()];
    let mut ok = true;
    for (fi, h) in cells.iter().enumerate() {
        let key = header_key(h);
        match resolve(&spec, &key) {
            Some(si) => {
                if let Some(prev) = columns[si] {
                    issues.push(err(
                        Some(spec.columns[si].name.to_string()),
                        Some(normalize(h)),
                        format!("duplicate column: headers {} and {} both mean `{}`", excel_col(prev), excel_col(fi), spec.columns[si].name),
                    ));
                    ok = false;
                } else {
                    columns[si] = Some(fi);
                }
            }
            None if !key.is_empty() => issues.push(Issue {
                severity: Severity::Warning,
                ..err(None, Some(normalize(h)), format!("unknown column {} ignored", excel_col(fi)))
            }),
            None => {}
        }
    }
    for (si, c) in spec.columns.iter().enumerate() {
        if c.required && columns[si].is_none() {
            let mut names = vec![c.name];
            names.extend(c.aliases.iter().take(1));
            issues.push(err(Some(c.name.to_string()), None, format!("missing required column `{}` (header {})", c.name, names.join(" or "))));
            ok = false;
        }
    }
    ok.then_some(Header { index, row: *row, width: cells.len(), columns })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::spec::SPEC_ESTABLISHMENTS;

    fn grid(lines: &[&str]) -> Grid {
        lines.iter().enumerate().map(|(i, l)| (i + 1, l.split(',').map(str::to_string).collect())).collect()
    }

    #[test]
    fn first_row_with_every_required_column_is_the_header() {
        let mut issues = Vec::new();
        let g = grid(&["某市机构编制实名制统计表,,,", "", "填报单位：编办,,日期：2025-06-30,", "单位代码,编制类型,核定编制数,实有人数", "U1,a,1,1"]);
        let h = locate(&g, "e.csv", SPEC_ESTABLISHMENTS, &mut issues).unwrap();
        assert_eq!((h.index, h.row), (3, 4));
        assert_eq!(h.columns, vec![Some(0), Some(1), Some(2), Some(3), None], "the optional retiring column is absent");
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!(issues[0].severity, Severity::Warning);
        assert_eq!(issues[0].message, "header found on row 4; 2 title row(s) above it ignored");
    }

    #[test]
    fn no_warning_when_the_header_is_the_first_non_empty_row() {
        let mut issues = Vec::new();
        let h = locate(&grid(&["", "unit,type,quota,staff", "U1,a,1,1"]), "e.csv", SPEC_ESTABLISHMENTS, &mut issues).unwrap();
        assert_eq!(h.row, 2);
        assert!(issues.is_empty(), "{issues:?}");
    }

    #[test]
    fn without_a_complete_row_the_best_one_gets_the_errors() {
        let mut issues = Vec::new();
        let g = grid(&["title,,,", "unit,type,quota,", "U1,a,1,1"]);
        assert!(locate(&g, "e.csv", SPEC_ESTABLISHMENTS, &mut issues).is_none());
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!(issues[0].row, Some(2));
        assert!(issues[0].message.contains("missing required column `staff`"));
    }

    #[test]
    fn only_the_top_ten_rows_are_tried() {
        let mut lines = vec!["title"; 10];
        lines.push("unit,type,quota,staff");
        let mut issues = Vec::new();
        assert!(locate(&grid(&lines), "e.csv", SPEC_ESTABLISHMENTS, &mut issues).is_none());
        assert!(issues.iter().all(|i| i.row == Some(1)), "{issues:?}");
    }
}
