//! Tables as sheets of a workbook (.xlsx, .xlsm, .xlsb, .xls, .ods) read with calamine.
//!
//! A workbook is opened once per run for all the tables it holds ([`Workbooks`]); one
//! that cannot be opened is reported once, with one plain sentence, not once per table.
//! Id cells stored as numbers get back the leading zeros their number format shows
//! (`000000` → `001234`); where calamine cannot read formats (every format but xlsx),
//! such a column gets a warning instead.

use super::header::{self, header_key, Header};
use super::spec::{Grid, Kind, TableSpec};
use crate::error::{Issue, Severity};
use calamine::{open_workbook_auto, Data, Range, Reader, Sheets};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

/// Extensions read as workbooks; a path with one of them may carry `#sheet`.
const EXTENSIONS: &[&str] = &[".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"];

/// Whether `path` names a workbook (by extension, any case).
pub fn is_workbook(path: &str) -> bool {
    let lower = path.to_lowercase();
    EXTENSIONS.iter().any(|e| lower.ends_with(e))
}

/// `book.xlsx#单位` → (`book.xlsx`, Some(`单位`)); other paths are returned whole (a
/// `#` in a CSV file name stays part of the name).
pub fn split_sheet(location: &str) -> (&str, Option<&str>) {
    match location.rsplit_once('#') {
        Some((path, sheet)) if is_workbook(path) => (path, Some(sheet)),
        _ => (location, None),
    }
}

/// The workbooks of one run, opened on first use; `None` marks one that could not be
/// opened (already reported).
#[derive(Default)]
pub struct Workbooks {
    books: BTreeMap<PathBuf, Option<Sheets<BufReader<File>>>>,
}

impl Workbooks {
    /// The open workbook at `path`, opening it (or reporting why not) on first use.
    fn get(&mut self, path: &Path, shown_file: &str, issues: &mut Vec<Issue>) -> Option<&mut Sheets<BufReader<File>>> {
        self.books.entry(path.to_path_buf()).or_insert_with(|| open(path, shown_file, issues)).as_mut()
    }
}

fn open(path: &Path, shown_file: &str, issues: &mut Vec<Issue>) -> Option<Sheets<BufReader<File>>> {
    // An unreadable file is told as the OS tells it; anything calamine refuses past
    // that is a damaged file (zip and XML errors mean nothing to a planner).
    if let Err(e) = File::open(path) {
        issues.push(Issue::file_error(shown_file, format!("cannot read workbook {shown_file}: {e}")));
        return None;
    }
    match open_workbook_auto(path) {
        Ok(book) => Some(book),
        Err(e) => {
            let why = if is_password_error(&e) {
                "the workbook is password-protected; save a copy without a password".to_string()
            } else {
                let ext = shown_file.rsplit('.').next().unwrap_or("xlsx").to_lowercase();
                format!("not a readable {ext} file (damaged or truncated?)")
            };
            issues.push(Issue::file_error(shown_file, format!("cannot open workbook {shown_file}: {why}")));
            None
        }
    }
}

fn is_password_error(e: &calamine::Error) -> bool {
    use calamine::{Error, OdsError, XlsError, XlsbError, XlsxError};
    matches!(
        e,
        Error::Xlsx(XlsxError::Password) | Error::Xls(XlsError::Password) | Error::Xlsb(XlsbError::Password) | Error::Ods(OdsError::Password)
    )
}

/// Reads the sheet of `spec` (or the one named after `#`) and locates its header.
/// Returns the name messages use (`book.xlsx#编制`), the grid and the header.
pub fn read(
    location: &str,
    shown: &str,
    spec: TableSpec,
    books: &mut Workbooks,
    issues: &mut Vec<Issue>,
) -> Option<(String, Grid, Header)> {
    let (path, sheet) = split_sheet(location);
    let shown_file = split_sheet(shown).0;
    let book = books.get(Path::new(path), shown_file, issues)?;
    let names = book.sheet_names();
    let wanted: Vec<&str> = match sheet {
        Some(s) => vec![s],
        None => vec![spec.key, spec.sheet_alias],
    };
    let name = match names.iter().find(|n| wanted.iter().any(|w| header_key(n) == header_key(w))) {
        Some(n) => n.clone(),
        None if sheet.is_none() && names.len() == 1 => {
            issues.push(Issue {
                severity: Severity::Warning,
                file: shown_file.to_string(),
                row: None,
                column: None,
                value: None,
                message: format!("no sheet named {}; read the only sheet, {}", wanted.join(" or "), names[0]),
            });
            names[0].clone()
        }
        None => {
            issues.push(Issue::file_error(
                shown,
                format!("no sheet named {}; the workbook has: {}", wanted.join(" or "), names.join(", ")),
            ));
            return None;
        }
    };
    let shown_sheet = format!("{shown_file}#{name}");
    let range = match book.worksheet_range(&name) {
        Ok(r) => r,
        Err(_) => {
            issues.push(Issue::file_error(&shown_sheet, format!("cannot read sheet {name}: the sheet is damaged")));
            return None;
        }
    };
    let mut grid = to_grid(&range);
    let header = header::locate(&grid, &shown_sheet, spec, issues)?;
    if matches!(book, Sheets::Xlsx(_)) {
        // Styles cost a second pass over the sheet: read them only once a numeric id
        // cell needs its format.
        let mut styles: Option<calamine::StyleRange> = None;
        let mut pad = |pos: (u32, u32)| {
            let styles = styles.get_or_insert_with(|| book.worksheet_style(&name).unwrap_or_default());
            styles.get(pos).and_then(|s| s.number_format.as_ref()).and_then(|f| zero_pad_width(&f.format_code))
        };
        fix_ids(&range, &mut grid, &header, spec, Some(&mut pad), &shown_sheet, issues);
    } else {
        fix_ids(&range, &mut grid, &header, spec, None, &shown_sheet, issues);
    }
    Some((shown_sheet, grid, header))
}

/// Cells as text, one grid row per sheet row (blank rows included), numbered from the
/// sheet's first row.
fn to_grid(range: &Range<Data>) -> Grid {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut grid = Vec::with_capacity(range.height());
    for (i, row) in range.rows().enumerate() {
        let mut cells: Vec<String> = Vec::with_capacity(col0 as usize + row.len());
        cells.resize(col0 as usize, String::new());
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
    grid
}

/// Width of a zero-padding number format (`000000` → 6); `None` for any other format.
fn zero_pad_width(code: &str) -> Option<usize> {
    let first = code.split(';').next().unwrap_or("").trim();
    (first.len() >= 2 && first.bytes().all(|b| b == b'0')).then_some(first.len())
}

/// A whole non-negative number, as an id stored as a number is.
fn whole(d: &Data) -> Option<i64> {
    match d {
        Data::Float(f) if f.fract() == 0.0 && *f >= 0.0 && *f < 1e15 => Some(*f as i64),
        Data::Int(i) if *i >= 0 => Some(*i),
        _ => None,
    }
}

/// Gives id cells stored as numbers the leading zeros of their format. `pad` returns
/// the zero-padding width of a cell's format; without it (formats unknown) each id
/// column holding numbers is warned about once, naming its first such row.
fn fix_ids(
    range: &Range<Data>,
    grid: &mut Grid,
    header: &Header,
    spec: TableSpec,
    mut pad: Option<&mut dyn FnMut((u32, u32)) -> Option<usize>>,
    shown: &str,
    issues: &mut Vec<Issue>,
) {
    for (si, column) in spec.columns.iter().enumerate() {
        let Some(fi) = header.columns[si].filter(|_| column.kind == Kind::Id) else { continue };
        for (number, cells) in grid.iter_mut().skip(header.index + 1) {
            let pos = ((*number - 1) as u32, fi as u32);
            let Some(value) = range.get_value(pos).and_then(whole) else { continue };
            match pad.as_mut() {
                Some(pad) => {
                    if let (Some(width), Some(cell)) = (pad(pos), cells.get_mut(fi)) {
                        *cell = format!("{value:0width$}");
                    }
                }
                None => {
                    issues.push(Issue {
                        severity: Severity::Warning,
                        file: shown.to_string(),
                        row: Some(*number),
                        column: Some(column.name.to_string()),
                        value: Some(value.to_string()),
                        message: "ids stored as numbers in Excel lose leading zeros; format the column as text".into(),
                    });
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::spec::SPEC_ESTABLISHMENTS;

    /// A sheet of `rows` (numbers where a cell parses as one) and its grid and header.
    fn sheet(rows: &[&[&str]]) -> (Range<Data>, Grid, Header) {
        let mut range = Range::new((0, 0), (rows.len() as u32 - 1, rows[0].len() as u32 - 1));
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let v = cell.parse::<f64>().map_or_else(|_| Data::String(cell.to_string()), Data::Float);
                range.set_value((r as u32, c as u32), v);
            }
        }
        let grid = to_grid(&range);
        let header = header::locate(&grid, "b.xls#编制", SPEC_ESTABLISHMENTS, &mut Vec::new()).expect("header");
        (range, grid, header)
    }

    #[test]
    fn zero_padding_formats() {
        assert_eq!(zero_pad_width("000000"), Some(6));
        assert_eq!(zero_pad_width("0000;-0000"), Some(4));
        assert_eq!(zero_pad_width("0"), None);
        assert_eq!(zero_pad_width("General"), None);
        assert_eq!(zero_pad_width("0.00"), None);
    }

    #[test]
    fn numeric_ids_take_the_width_of_their_format() {
        let (range, mut grid, header) = sheet(&[&["unit", "type", "quota", "staff"], &["1234", "a", "5", "4"], &["U2", "a", "7", "7"]]);
        let mut pad = |pos: (u32, u32)| (pos == (1, 0)).then_some(6);
        let mut issues = Vec::new();
        fix_ids(&range, &mut grid, &header, SPEC_ESTABLISHMENTS, Some(&mut pad), "b.xlsx#编制", &mut issues);
        assert_eq!(grid[1].1[0], "001234");
        assert_eq!(grid[1].1[2], "5", "counts are not ids");
        assert!(issues.is_empty(), "{issues:?}");
    }

    #[test]
    fn without_formats_a_numeric_id_column_is_warned_once() {
        let (range, mut grid, header) = sheet(&[&["unit", "type", "quota", "staff"], &["U1", "a", "5", "4"], &["1234", "a", "7", "7"], &["1235", "a", "7", "7"]]);
        let mut issues = Vec::new();
        fix_ids(&range, &mut grid, &header, SPEC_ESTABLISHMENTS, None, "b.xls#编制", &mut issues);
        assert_eq!(issues.len(), 1, "{issues:?}");
        let w = &issues[0];
        assert_eq!((w.file.as_str(), w.row, w.column.as_deref()), ("b.xls#编制", Some(3), Some("unit")));
        assert!(w.message.contains("lose leading zeros"));
        assert_eq!(grid[2].1[0], "1234");
    }

    #[test]
    fn sheets_after_every_workbook_extension() {
        assert_eq!(split_sheet("data.xls#单位"), ("data.xls", Some("单位")));
        assert_eq!(split_sheet("d/Book.ODS#编制"), ("d/Book.ODS", Some("编制")));
        assert_eq!(split_sheet("a#b.csv"), ("a#b.csv", None));
        assert_eq!(split_sheet("units.csv#x"), ("units.csv#x", None));
    }
}
