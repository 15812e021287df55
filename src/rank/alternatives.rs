//! Alternatives (DESIGN §12, `--diverse EPS`).

use super::{Progress, Ranked};
use crate::domain::Scenario;
use crate::error::Error;
use crate::policy::Policy;
use crate::solve::SolveOptions;

pub(super) fn run_diverse(s: &Scenario, p: &Policy, k: usize, _eps: f64, opts: &SolveOptions, progress: Option<&Progress>) -> Result<Ranked, Error> {
    super::run_ranked(s, p, k, opts, progress)
}
