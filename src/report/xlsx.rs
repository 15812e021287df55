//! The leaders' workbook, plans.xlsx (stub: filled by the workbook work).

use super::view::Report;
use crate::error::Error;

/// The workbook's bytes.
pub fn render_xlsx(r: &Report) -> Result<Vec<u8>, Error> {
    let _ = r;
    Ok(Vec::new())
}
