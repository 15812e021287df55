//! `bianzhi compare` (DESIGN §11): policy variants swept over scenarios, the way
//! Timefold's benchmarker and Nextmv's experiments do it. Variants are the models
//! given × the cartesian product of every `--set`; one row per (scenario, variant,
//! repeat), in a fixed order, solved side by side (one HiGHS thread each), measured,
//! judged against a baseline, and written as `results.csv`, `results.json` and
//! `compare.html` with every variant's plans.json.
//!
//! One file per job: `set` (a `--set` key checked against the model schema, its
//! values typed, the model text edited), `accept` (the acceptance tests), `grid` (the
//! sweep prepared: scenarios read once, typed once per model, every variant built and
//! checked before the first solve), `run` (rows solved in a rayon pool, shards), `results`
//! (the row and the `bianzhi.compare/1` document: metrics, acceptance, Pareto marks),
//! `output` (CSV with BOM, the terminal table), `html` (the offline page), `merge`
//! (shard folders joined into the unsharded results).

pub mod accept;
mod grid;
mod html;
mod merge;
mod output;
mod results;
mod run;
pub mod set;

pub use grid::{prepare_sweep, Sweep, SweepRequest};
pub use html::render_compare_html;
pub use merge::merge_compare;
pub use output::{render_compare_csv, render_compare_table};
pub use results::{judge_compare, CompareResults, CompareRow, SweepInfo, COMPARE_FORMAT};
pub use run::{run_sweep, Shard};
