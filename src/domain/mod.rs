//! Plain data for a validated scenario and for plans. No IO, no solver, no rule beyond
//! what a field means; everything is sorted by id so that the same input gives the same
//! output whatever the row order of the files.
//!
//! `scenario` (units, lines, pools, requests, the ledger), `plans` (moves and the §7
//! document), `date` (calendar dates). Callers name the types through this module.

mod date;
mod plans;
mod scenario;

pub use date::*;
pub use plans::*;
pub use scenario::*;
