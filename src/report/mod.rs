//! Renderers and the only writers of files: terminal tables (CJK-aware widths), the
//! leaders' report (one view, rendered as HTML, workbook and Markdown), plan diffs,
//! JSON documents, and atomic output writes that refuse to overwrite an input. Every
//! word comes from `text`; this room lays out and formats.
//!
//! The files form layers, each using only those above it in this list (no circles):
//!
//! 1. `write`, `input` — files: atomic writes, reading plans.json back.
//! 2. `moves_view` (a plan's moves as rows) and `ledger_view` (the revolving-grant
//!    ledger laid out) — views of one part each, from the data and `text` alone.
//! 3. `choices` (the plans compared decision by decision, ranges) and `years_view`
//!    (`--years`), both using `moves_view`; then `view` (the whole report: uses every
//!    view above).
//! 4. Renderers: `table` (terminal tables and `solve`'s plans; uses `view`, `choices`,
//!    `years_view`), `stocktake` (`analyze`'s terminal text and JSON; uses
//!    `ledger_view`, `table`), `diff` (uses `moves_view`, `table`), `md`, `html`,
//!    `xlsx_sheet` then `xlsx` (use `view` and the views it holds).

mod choices;
mod diff;
mod html;
mod input;
mod ledger_view;
mod md;
mod moves_view;
mod stocktake;
mod table;
mod view;
mod write;
mod xlsx;
mod xlsx_sheet;
mod years_view;

pub use diff::{diff_plans, render_diff, DiffSide, PlanDiff};
pub use html::{render_html, DEFAULT_TEMPLATE};
pub use input::{check_made_from, plan_selector, read_plans};
pub use md::render_markdown;
pub use stocktake::{render_stocktake, render_stocktake_json};
pub use table::render_plans;
pub use view::{build_report, plan_pattern, Report};
pub(crate) use crate::text::pct;
pub(crate) use html::{environment, escape};
pub(crate) use table::{new_table, right_align};
pub(crate) use view::tiers_by_weight;
pub use write::{check_output_dir, write_all_atomic, write_atomic, write_atomic_via};
pub use xlsx::render_xlsx;
