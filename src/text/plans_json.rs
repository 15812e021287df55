//! The words plans.json carries (DESIGN §7): every move's reason, every short request's
//! why-not and plans 2…K's differences from plan 1, in Chinese, written into the plans
//! as the search finishes them. The reasons are `explain`'s data; this file only puts
//! their Chinese sentences where the document keeps them.

use super::reasons::{render_difference, render_move_reason, render_why_not};
use super::Lang;
use crate::domain::{Plan, Scenario};
use crate::explain::{alternative_differences, move_reason, pattern_differences, Alternative, PlanState};
use crate::plan::Pattern;
use crate::policy::Policy;

/// Fills `reason` of every move and `why_not` of every request not granted in full,
/// in Chinese (DESIGN §7).
pub fn annotate(s: &Scenario, p: &Policy, plan: &mut Plan) {
    for mv in &mut plan.moves {
        let text = render_move_reason(s, p, &move_reason(s, p, mv), Lang::Zh);
        *mv.reason_mut() = text;
    }
    let why_nots: Vec<Option<String>> = {
        let state = PlanState::of(plan);
        plan.requests
            .iter()
            .map(|out| {
                let r = s.request(&out.request).filter(|_| out.granted < out.amount)?;
                Some(render_why_not(s, p, &state.why_not(s, p, r, out.granted), Lang::Zh))
            })
            .collect()
    };
    for (out, why) in plan.requests.iter_mut().zip(why_nots) {
        if why.is_some() {
            out.why_not = why;
        }
    }
}

/// What distinguishes plan `k` (pattern `pk`) from plan 1 (pattern `p1`), in Chinese.
pub fn differences(s: &Scenario, p1: &Pattern, pk: &Pattern) -> Vec<String> {
    pattern_differences(p1, pk).iter().map(|d| render_difference(s, d, Lang::Zh)).collect()
}

/// Rewrites, in plans 2…K, the texts that depend on plan 1 (plans are final and
/// numbered; plan 1 is `plans[0]`): `differences` (a leading sentence when the objective
/// is plan 1's, then the pattern's differences, then absorbs) and the why-not of each
/// request that gave way to an equivalent one.
pub fn annotate_alternatives(s: &Scenario, p: &Policy, plans: &mut [Plan]) {
    let Some((first, rest)) = plans.split_first_mut() else { return };
    let first: &Plan = first;
    for plan in rest {
        let differences = alternative_differences(s, first, plan).iter().map(|d| render_difference(s, d, Lang::Zh)).collect();
        let why_nots: Vec<Option<String>> = {
            let against = Alternative::of(s, first, plan);
            plan.requests
                .iter()
                .map(|out| {
                    let r = s.request(&out.request).filter(|_| out.granted < out.amount)?;
                    Some(render_why_not(s, p, &against.why_not(s, p, r, out.granted), Lang::Zh))
                })
                .collect()
        };
        plan.differences = differences;
        for (out, why) in plan.requests.iter_mut().zip(why_nots) {
            if why.is_some() {
                out.why_not = why;
            }
        }
    }
}
