//! `--ranges` (DESIGN §12): per request, the least and most it can be granted in any
//! plan within ε of plan 1's objective.

use crate::domain::{RequestRange, Scenario};
use crate::error::Error;
use crate::policy::Policy;
use crate::solve::SolveOptions;

/// Per request (in id order), its range over every plan whose objective is at least
/// `floor`, where `best` is plan 1's objective.
pub(super) fn request_ranges(_s: &Scenario, _p: &Policy, _best: f64, _floor: f64, _opts: &SolveOptions) -> Result<Vec<RequestRange>, Error> {
    Err(Error::Solver("--ranges is not built yet".into()))
}
