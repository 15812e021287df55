//! `compare.html`: the sweep as one offline page.

use super::results::Results;
use crate::error::Error;

/// The page for `results`.
pub fn render_compare_html(r: &Results) -> Result<String, Error> {
    let json = serde_json::to_string(r).map_err(|e| Error::Internal(format!("results do not serialise: {e}")))?;
    Ok(format!("<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>compare</title><script type=\"application/json\" id=\"data\">{}</script></html>\n", json.replace("</", "<\\/")))
}
