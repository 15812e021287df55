//! Renderers and the only writers of files: terminal tables (CJK-aware widths), the
//! leaders' report (one view, rendered as HTML, workbook and Markdown), plan diffs,
//! JSON documents, and atomic output writes that refuse to overwrite an input.

mod choices;
mod diff;
mod html;
mod input;
mod md;
mod table;
mod view;
mod write;
mod xlsx;
mod years;

pub use diff::{diff_plans, render_diff, PlanDiff, DiffSide};
pub use html::{render_html, DEFAULT_TEMPLATE};
pub use input::{check_made_from, plan_selector, read_plans};
pub use md::render_markdown;
pub use table::{render_plans, render_stocktake};
pub use view::{build_report, labels, plan_pattern, Labels, Report};
pub(crate) use html::{environment, escape};
pub(crate) use table::{new_table, pct, right_align};
pub(crate) use view::tiers_by_weight;
pub use write::{check_output_dir, write_all_atomic, write_atomic, write_atomic_via};
pub use xlsx::render_xlsx;
