//! The leaders' report as one self-contained HTML page (stub: filled by the HTML work).

use super::view::Report;
use crate::error::Error;

/// The built-in template (minijinja); an office may restyle a copy and pass it with `--template`.
pub const DEFAULT_TEMPLATE: &str = include_str!("templates/report.html.j2");

/// Renders the report with `template` (shown name, text) or the built-in one.
pub fn render_html(r: &Report, template: Option<(&str, &str)>) -> Result<String, Error> {
    let _ = (r, template);
    Ok(String::new())
}
