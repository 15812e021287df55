//! Revolving quota over time (DESIGN §14): the grants ledger and plans over years.
//!
//! Two layers in one room. Below the search, plain state: `ledger` (the returns a
//! ledger owes at a date and the opening state a plan starts from), `step` (the state
//! of the next plan year from a year's state and its plan) and `restate` (a plan found
//! on the opening state restated on the scenario as given, its returns first). Above
//! it, `years` (`solve --years N`), which calls `search::solve_ranked_in` once a year.
//! `search` uses only the state layer; nothing in `model` sees returns or years.

pub mod ledger;
pub(crate) mod restate;
pub mod step;
mod years;

pub use years::solve_years;
