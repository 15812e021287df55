//! The workbook's cell writer: one sheet being written, which measures every cell so
//! columns fit their widest text (CJK counts two, which Excel's own autofit gets wrong
//! for Chinese), and the one door text goes through — a string, never a formula,
//! quote-prefixed when Excel or WPS would read it as one once edited, cut to what a
//! cell holds.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, IgnoreError, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

/// Widest a column grows to fit its text; wrapped columns (reasons) wrap past theirs.
const MAX_WIDTH: usize = 40;
const MAX_WRAPPED_WIDTH: usize = 60;
const MIN_WIDTH: usize = 6;
/// Room beside the widest text, in character widths (the filter button needs some).
const PADDING: usize = 3;
/// Excel's cell limit, in UTF-16 units; longer text is cut rather than failing the workbook.
const MAX_CELL_TEXT: usize = 32_767;

/// Whether a text cell would turn into a formula once a user edits it in Excel or WPS:
/// it begins, after any whitespace, with `=`, `+`, `-` or `@`, or their full-width forms
/// (an input method types those, and WPS reads them as formula starts too).
pub(super) fn reads_as_formula(text: &str) -> bool {
    matches!(text.trim_start().chars().next(), Some('=' | '+' | '-' | '@' | '＝' | '＋' | '－' | '＠'))
}

/// Text cut to what one cell holds, on a character boundary.
fn clip(text: &str) -> &str {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        units += c.len_utf16();
        if units > MAX_CELL_TEXT {
            return &text[..i];
        }
    }
    text
}

pub(super) struct Styles {
    pub(super) header: Format,
    pub(super) title: Format,
    pub(super) plain: Format,
    pub(super) wrapped: Format,
    pub(super) percent: Format,
}

impl Styles {
    pub(super) fn new() -> Self {
        let plain = Format::new().set_align(FormatAlign::Top);
        Styles {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            title: Format::new().set_bold().set_font_size(12),
            wrapped: plain.clone().set_text_wrap(),
            percent: plain.clone().set_num_format("0.0%"),
            plain,
        }
    }
}

/// One sheet being written: it measures every cell so columns fit their widest text
/// (CJK counts two), which Excel's own autofit gets wrong for Chinese.
pub(super) struct Sheet<'a> {
    pub(super) ws: Worksheet,
    pub(super) st: &'a Styles,
    pub(super) widths: Vec<usize>,
    pub(super) wrap: Vec<bool>,
}

impl<'a> Sheet<'a> {
    pub(super) fn new(name: &str, st: &'a Styles) -> Result<Self, XlsxError> {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        Ok(Sheet { ws, st, widths: Vec::new(), wrap: Vec::new() })
    }

    /// Marks a column as wrapped text (long reasons).
    pub(super) fn wrap_column(&mut self, col: u16) {
        let c = col as usize;
        if self.wrap.len() <= c {
            self.wrap.resize(c + 1, false);
        }
        self.wrap[c] = true;
    }

    pub(super) fn wraps(&self, col: u16) -> bool {
        self.wrap.get(col as usize).copied().unwrap_or(false)
    }

    pub(super) fn measure(&mut self, col: u16, width: usize) {
        let c = col as usize;
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0);
        }
        self.widths[c] = self.widths[c].max(width);
    }

    /// Every text cell goes through here: a string, never a formula, quote-prefixed
    /// when it would read as one once edited.
    pub(super) fn put(&mut self, row: u32, col: u16, text: &str, format: &Format) -> Result<(), XlsxError> {
        let text = clip(text);
        if reads_as_formula(text) {
            self.ws.write_string_with_format(row, col, text, &format.clone().set_quote_prefix())?;
        } else {
            self.ws.write_string_with_format(row, col, text, format)?;
        }
        Ok(())
    }

    /// A text cell of a column that fits its widest text.
    pub(super) fn text(&mut self, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
        if text.is_empty() {
            return Ok(());
        }
        let widest = text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
        self.measure(col, widest.min(MAX_CELL_TEXT));
        let st = self.st;
        let format = if self.wraps(col) { &st.wrapped } else { &st.plain };
        self.put(row, col, text, format)
    }

    pub(super) fn number(&mut self, row: u32, col: u16, value: f64) -> Result<(), XlsxError> {
        if !value.is_finite() {
            return Ok(());
        }
        self.measure(col, format!("{value}").len());
        self.ws.write_number_with_format(row, col, value, &self.st.plain)?;
        Ok(())
    }

    pub(super) fn int(&mut self, row: u32, col: u16, value: i64) -> Result<(), XlsxError> {
        self.number(row, col, value as f64)
    }

    pub(super) fn share(&mut self, row: u32, col: u16, value: f64) -> Result<(), XlsxError> {
        if !value.is_finite() {
            return Ok(());
        }
        self.measure(col, format!("{:.1}%", value * 100.0).len());
        self.ws.write_number_with_format(row, col, value, &self.st.percent)?;
        Ok(())
    }

    pub(super) fn header(&mut self, row: u32, cells: &[String]) -> Result<(), XlsxError> {
        for (c, h) in cells.iter().enumerate() {
            let col = c as u16;
            self.measure(col, UnicodeWidthStr::width(h.as_str()));
            let st = self.st;
            self.put(row, col, h, &st.header)?;
        }
        Ok(())
    }

    /// A list sheet: its header on the first row, frozen, with a filter over `rows` rows.
    pub(super) fn list_header(&mut self, cells: &[String], rows: u32) -> Result<(), XlsxError> {
        self.header(0, cells)?;
        self.ws.set_freeze_panes(1, 0)?;
        self.ws.autofilter(0, 0, rows, cells.len().saturating_sub(1) as u16)?;
        Ok(())
    }

    /// Ids in these columns are text on purpose; Excel should not flag `001234`.
    pub(super) fn ids_are_text(&mut self, cols: &[u16], rows: u32) -> Result<(), XlsxError> {
        if rows == 0 {
            return Ok(());
        }
        for &c in cols {
            self.ws.ignore_error_range(1, c, rows, c, IgnoreError::NumberStoredAsText)?;
        }
        Ok(())
    }

    pub(super) fn title(&mut self, row: u32, text: &str) -> Result<(), XlsxError> {
        // A title spans columns; it does not widen the first one.
        let st = self.st;
        self.put(row, 0, text, &st.title)
    }

    pub(super) fn finish(mut self) -> Result<Worksheet, XlsxError> {
        for (c, w) in self.widths.iter().enumerate() {
            let cap = if self.wraps(c as u16) { MAX_WRAPPED_WIDTH } else { MAX_WIDTH };
            let width = (w + PADDING).clamp(MIN_WIDTH, cap);
            self.ws.set_column_width(c as u16, width as f64)?;
        }
        Ok(self.ws)
    }
}

/// Header cells from labels.
pub(super) fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_a_spreadsheet_would_evaluate_is_recognised() {
        for s in ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2+3", "@SUM(A1)", "  =1", "\t+1", "\u{3000}=1", "＝1", "＋1", "－1", "＠x"] {
            assert!(reads_as_formula(s), "{s:?}");
        }
        for s in ["第一中学", "001234", "a=b", "1-2", "", "  ", "（=）", "R-1"] {
            assert!(!reads_as_formula(s), "{s:?}");
        }
    }

    #[test]
    fn overlong_text_is_cut_on_a_character_boundary() {
        let long = "编".repeat(MAX_CELL_TEXT + 5);
        assert_eq!(clip(&long).chars().count(), MAX_CELL_TEXT);
        assert_eq!(clip("短"), "短");
    }
}
