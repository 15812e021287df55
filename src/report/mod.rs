//! Renderers and the only writers of files: terminal tables (CJK-aware widths), JSON
//! documents, and atomic output writes that refuse to overwrite an input.

mod table;
mod write;

pub use table::{render_plans, render_stocktake};
pub use write::{check_output_dir, write_atomic, write_atomic_via};
