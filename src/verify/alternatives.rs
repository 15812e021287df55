//! DESIGN §12 on the document: the `--diverse` floor, no plan below it, and each
//! plan's `distance` list, recomputed from the plans' moves.

use super::{Evaluation, Violation};
use crate::domain::PlansDoc;
use crate::rules::Rule;

/// DESIGN §12 on the document: with `diverse`, the floor is plan 1's objective less ε of
/// it and no plan's (recomputed) objective is below it; a plan's `distance` list, when
/// given, is its pattern distance to each earlier plan, recomputed from the moves.
/// `evaluations` are the plans' recomputations, in order.
pub(super) fn check_alternatives(doc: &PlansDoc, evaluations: &[Evaluation]) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut flag = |rank: usize, rule: Rule, message: String| out.push(Violation { rank, rule: rule.code().to_string(), message });
    let tolerance = |x: f64| 1e-6 * x.abs().max(1.0);
    if let (Some(div), Some(first)) = (&doc.diverse, evaluations.first()) {
        let expected = first.objective - div.eps * first.objective.abs();
        if !(0.0..1.0).contains(&div.eps) || (div.objective_floor - expected).abs() > tolerance(expected) {
            flag(
                0,
                Rule::RankDiverse,
                format!(
                    "objective floor {} is not plan 1's objective {} less ε = {} of it ({expected})",
                    div.objective_floor, first.objective, div.eps
                ),
            );
        }
        for (plan, ev) in doc.plans.iter().zip(evaluations) {
            if ev.objective < div.objective_floor - tolerance(div.objective_floor) {
                flag(
                    plan.rank,
                    Rule::RankDiverse,
                    format!("objective {} is below the floor {} of --diverse {}", ev.objective, div.objective_floor, div.eps),
                );
            }
        }
    }
    let hamming = |a: &Evaluation, b: &Evaluation| {
        a.pattern.0.symmetric_difference(&b.pattern.0).count()
            + a.pattern.1.symmetric_difference(&b.pattern.1).count()
            + a.pattern.2.symmetric_difference(&b.pattern.2).count()
    };
    for (i, plan) in doc.plans.iter().enumerate() {
        if plan.distance.is_empty() {
            continue;
        }
        let computed: Vec<usize> = evaluations[..i].iter().map(|e| hamming(&evaluations[i], e)).collect();
        if plan.distance != computed {
            flag(plan.rank, Rule::PlanDistance, format!("distance says {:?}, the moves give {computed:?}", plan.distance));
        }
    }
    out
}
