//! The plans document (DESIGN §7) around the ranked plans.

use super::{Phases, Ranked};
use crate::domain::{DiverseRef, ModelRef, Plan, PlansDoc, Scenario, ScenarioRef, SolverRef, PLANS_FORMAT};
use crate::plan::Pattern;
use crate::policy::Policy;
use crate::solve::Status;
use std::time::Instant;

/// The plans numbered from 1, with the scenario, model and solver they came from;
/// `started` is when solving began. Ranked plans (`diverse` None) are put in objective
/// order; `--diverse` plans stay in the order they were found (each is as far as it
/// can be from those before it), and the document records ε and the floor.
#[allow(clippy::too_many_arguments)]
pub(crate) fn finish(
    s: &Scenario,
    p: &Policy,
    mut plans: Vec<Plan>,
    status: Status,
    gap: f64,
    started: Instant,
    phases: Phases,
    diverse: Option<f64>,
) -> Ranked {
    if diverse.is_none() {
        // Cuts make later solves no better, but a gap- or time-limited solve may be.
        plans.sort_by(|a, b| b.objective.total_cmp(&a.objective).then(a.rank.cmp(&b.rank)));
    }
    for (i, plan) in plans.iter_mut().enumerate() {
        plan.rank = i + 1;
    }
    measure_alternatives(&mut plans);
    crate::text::annotate_alternatives(s, p, &mut plans);
    let decisions = crate::explain::decision_counts(s, p, &plans);
    let diverse = diverse.zip(plans.first()).map(|(eps, first)| DiverseRef { eps, objective_floor: floor(first.objective, eps) });
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
        diverse,
        decisions,
        ranges: None,
        years: None,
    };
    Ranked { doc, status, notes: Vec::new(), phases }
}

pub(crate) use crate::plan::{distance, pattern_of};

/// Each plan's objective gap to plan 1 and its distance to every earlier plan (§12).
fn measure_alternatives(plans: &mut [Plan]) {
    let patterns: Vec<Pattern> = plans.iter().map(pattern_of).collect();
    let best = plans.first().map(|p| p.objective).unwrap_or(0.0);
    for (i, plan) in plans.iter_mut().enumerate() {
        plan.objective_gap_to_best = if best == 0.0 { 0.0 } else { ((best - plan.objective) / best.abs()).max(0.0) };
        plan.distance = patterns[..i].iter().map(|q| distance(&patterns[i], q)).collect();
    }
}

/// The least objective a plan within `eps` of plan 1 (objective `best`) may have.
pub(crate) fn floor(best: f64, eps: f64) -> f64 {
    best - eps * best.abs()
}
