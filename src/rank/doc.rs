//! The plans document (DESIGN §7) around the ranked plans.

use super::{Phases, Ranked};
use crate::domain::{ModelRef, Plan, PlansDoc, Scenario, ScenarioRef, SolverRef, PLANS_FORMAT};
use crate::policy::Policy;
use crate::solve::Status;
use std::time::Instant;

/// The ranked plans in objective order, numbered from 1, with the scenario, model and
/// solver they came from; `started` is when solving began.
pub(super) fn finish(
    s: &Scenario,
    p: &Policy,
    mut plans: Vec<Plan>,
    status: Status,
    gap: f64,
    started: Instant,
    phases: Phases,
) -> Ranked {
    // Cuts make later solves no better, but a gap- or time-limited solve may be.
    plans.sort_by(|a, b| b.objective.total_cmp(&a.objective).then(a.rank.cmp(&b.rank)));
    for (i, plan) in plans.iter_mut().enumerate() {
        plan.rank = i + 1;
    }
    let doc = PlansDoc {
        format: PLANS_FORMAT.to_string(),
        scenario: ScenarioRef { name: s.name.clone(), input_digest: s.digest.clone() },
        model: ModelRef { name: p.name.clone(), digest: p.digest.clone() },
        solver: SolverRef {
            name: "highs".into(),
            status: status.as_str().to_string(),
            seconds: started.elapsed().as_secs_f64(),
            // JSON has no infinity: an unknown gap (no bound yet) is written as 1 (100%).
            gap: if gap.is_finite() { gap } else { 1.0 },
        },
        plans,
    };
    Ranked { doc, status, notes: Vec::new(), phases }
}
