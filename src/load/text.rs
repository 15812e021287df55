//! Text tables: CSV, and the tab-separated "Unicode text" Excel saves (UTF-16 LE with a
//! byte-order mark). Decoding (UTF-8 ± BOM, UTF-16 BOM, GB18030/GBK, with broken UTF-8
//! told apart from GBK), the delimiter (tab or comma, from the top lines) and the
//! spreadsheet row number of every record.

use super::spec::{excel_col, Grid};
use crate::error::{Issue, Severity};
use std::path::Path;

/// Decoded text of a table file.
pub struct Decoded {
    pub text: String,
    /// The file is UTF-8 but for a few invalid bytes, each replaced by U+FFFD in `text`:
    /// the cells holding them are reported (see [`broken_cells`]) and the table refused.
    pub broken_utf8: bool,
}

/// Reads and splits a text table. `None` when it cannot be read or parsed at all.
pub fn read(path: &Path, shown: &str, issues: &mut Vec<Issue>) -> Option<(Grid, bool)> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            issues.push(Issue::file_error(shown, format!("cannot read file: {e}")));
            return None;
        }
    };
    let decoded = decode(&bytes, shown, issues)?;
    let grid = split(&decoded.text, shown, issues)?;
    Some((grid, decoded.broken_utf8))
}

/// UTF-8 (BOM optional), UTF-16 with BOM, or GB18030/GBK; anything else is rejected
/// rather than turned into mojibake. A file that is UTF-8 but for a few stray bytes is
/// broken UTF-8, not GBK: decoded with replacements and flagged.
pub fn decode(bytes: &[u8], shown: &str, issues: &mut Vec<Issue>) -> Option<Decoded> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if enc == encoding_rs::UTF_8 {
            return Some(utf8(body));
        }
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        if had_errors {
            issues.push(Issue::file_error(shown, format!("file starts with a {} byte-order mark but is not valid {}", enc.name(), enc.name())));
            return None;
        }
        return Some(Decoded { text: text.into_owned(), broken_utf8: false });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(Decoded { text: text.to_string(), broken_utf8: false });
    }
    if looks_like_broken_utf8(bytes) {
        return Some(utf8(bytes));
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
    Some(Decoded { text: text.into_owned(), broken_utf8: false })
}

fn utf8(bytes: &[u8]) -> Decoded {
    match String::from_utf8_lossy(bytes) {
        std::borrow::Cow::Borrowed(s) => Decoded { text: s.to_string(), broken_utf8: false },
        std::borrow::Cow::Owned(s) => Decoded { text: s, broken_utf8: true },
    }
}

/// Whether invalid UTF-8 is UTF-8 with a few stray bytes rather than GBK. GBK Chinese
/// read as UTF-8 is mostly invalid (only about one character in six happens to form a
/// valid sequence); UTF-8 with a damaged byte has many valid multi-byte characters for
/// each invalid sequence.
fn looks_like_broken_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    multibyte >= 8 && invalid * 10 <= multibyte
}

/// The delimiter of a text table: tab when the top ten non-empty lines hold more tabs
/// than commas (outside quotes), else comma. Counting over several lines, not the
/// first only, keeps a title line above the header from deciding.
fn delimiter(text: &str) -> u8 {
    let (mut tabs, mut commas) = (0usize, 0usize);
    for line in text.lines().filter(|l| !l.trim().is_empty()).take(10) {
        let mut quoted = false;
        for b in line.bytes() {
            match b {
                b'"' => quoted = !quoted,
                b'\t' if !quoted => tabs += 1,
                b',' if !quoted => commas += 1,
                _ => {}
            }
        }
    }
    if tabs > commas {
        b'\t'
    } else {
        b','
    }
}

/// Splits decoded text into records numbered as a spreadsheet numbers rows.
fn split(text: &str, shown: &str, issues: &mut Vec<Issue>) -> Option<Grid> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
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

/// How many cells with invalid bytes are listed one by one.
const BROKEN_LISTED: usize = 10;

/// Reports each cell of broken UTF-8 text that holds a replaced byte, by row and
/// column (`name` gives the canonical name of a file column, when it has one).
pub fn broken_cells(grid: &Grid, shown: &str, name: impl Fn(usize) -> Option<&'static str>, issues: &mut Vec<Issue>) {
    let mut found = 0usize;
    for (row, cells) in grid {
        for (fi, cell) in cells.iter().enumerate().filter(|(_, c)| c.contains('\u{fffd}')) {
            found += 1;
            if found <= BROKEN_LISTED {
                issues.push(Issue {
                    severity: Severity::Error,
                    file: shown.to_string(),
                    row: Some(*row),
                    column: Some(name(fi).map_or_else(|| excel_col(fi), str::to_string)),
                    value: Some(cell.trim().to_string()),
                    message: "invalid UTF-8 byte(s) in this cell (shown as \u{fffd}); the rest of the file is UTF-8: retype the cell and save the file as UTF-8 again".into(),
                });
            }
        }
    }
    if found > BROKEN_LISTED {
        issues.push(Issue::file_error(shown, format!("{} more cell(s) with invalid UTF-8 bytes", found - BROKEN_LISTED)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_text_is_decoded_not_mangled() {
        let (bytes, _, _) = encoding_rs::GBK.encode("单位代码,单位名称\nU1,市第一中学\n");
        let mut issues = Vec::new();
        let d = decode(&bytes, "u.csv", &mut issues).unwrap();
        assert!(d.text.contains("市第一中学") && !d.broken_utf8);
        assert_eq!(issues[0].severity, Severity::Warning);
    }

    #[test]
    fn long_gbk_text_is_not_taken_for_broken_utf8() {
        let text = "单位代码,单位名称,主管部门,系统\n".to_string() + &"U1,市第一中学附属实验小学教育集团,市教育局,教育\n".repeat(50);
        let (bytes, _, _) = encoding_rs::GBK.encode(&text);
        assert!(!looks_like_broken_utf8(&bytes));
        let d = decode(&bytes, "u.csv", &mut Vec::new()).unwrap();
        assert_eq!(d.text, text);
    }

    #[test]
    fn utf8_with_a_stray_byte_is_broken_utf8() {
        let mut bytes = "单位代码,单位名称\nU1,市第一中学\nU2,市第".as_bytes().to_vec();
        bytes.push(0xe4);
        bytes.extend_from_slice("中学\n".as_bytes());
        let mut issues = Vec::new();
        let d = decode(&bytes, "u.csv", &mut issues).unwrap();
        assert!(d.broken_utf8 && issues.is_empty(), "{issues:?}");
        let grid = split(&d.text, "u.csv", &mut issues).unwrap();
        broken_cells(&grid, "u.csv", |fi| (fi == 1).then_some("name"), &mut issues);
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!((issues[0].row, issues[0].column.as_deref()), (Some(3), Some("name")));
    }

    #[test]
    fn tabs_or_commas_by_count_over_the_top_lines() {
        assert_eq!(delimiter("某市统计表\n单位代码\t单位名称\t系统\nU1\t\"a,b\"\t教育\n"), b'\t');
        assert_eq!(delimiter("id,name\nU1,\"a\tb\"\n"), b',');
        assert_eq!(delimiter("id\n"), b',');
    }
}
