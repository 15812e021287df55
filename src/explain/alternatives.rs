//! What a leader needs to read alternatives side by side (DESIGN §12): a plan with plan
//! 1's objective that only swaps equivalent requests says so, and a request it leaves
//! out for an equivalent one says which one took its place.
//!
//! Two requests are *equivalent* when they ask for the same type and are of the same
//! tier: every quota granted to either earns the same objective weight (the tier's,
//! §6), so quota moved from one to the other leaves the objective as it is. A why-not
//! names an equivalent only when some pool may lend to both units (the quota could have
//! gone either way).

use super::reasons::{absorb_differences, pattern_differences, Difference, PlanState, WhyNot};
use crate::domain::{Plan, Request, Scenario};
use crate::plan::Pattern;
use crate::policy::Policy;
use std::collections::{BTreeMap, HashMap};

/// What distinguishes `plan` from `plan1`: first, when the objectives are equal
/// (1e-9 relative), `SwapsEquivalentRequestsOnly` if that is all it does, else
/// `SameObjective`; then the §6 pattern's differences; then absorbs, which the pattern
/// leaves out but a leader reads as a difference all the same.
pub fn alternative_differences(s: &Scenario, plan1: &Plan, plan: &Plan) -> Vec<Difference> {
    let (p1, pk) = (crate::plan::pattern_of(plan1), crate::plan::pattern_of(plan));
    let mut out = Vec::new();
    if same_objective(plan1.objective, plan.objective) {
        out.push(if swaps_equivalent_requests_only(s, plan1, plan, &p1, &pk) {
            Difference::SwapsEquivalentRequestsOnly
        } else {
            Difference::SameObjective
        });
    }
    out.extend(pattern_differences(&p1, &pk));
    out.extend(absorb_differences(plan1, plan));
    out
}

/// A plan 2…K read against plan 1, for the why-not of its requests.
pub struct Alternative<'a> {
    state: PlanState<'a>,
    plan1_granted: HashMap<&'a str, i64>,
    /// Requests this plan grants more than plan 1 does, by (type, tier).
    gainers: HashMap<(&'a str, &'a str), Vec<Gainer<'a>>>,
}

/// A request granted more than in plan 1, and the pools (scenario indices) that may lend
/// to its unit.
type Gainer<'a> = (&'a Request, Vec<usize>);

impl<'a> Alternative<'a> {
    pub fn of(s: &'a Scenario, plan1: &'a Plan, plan: &'a Plan) -> Alternative<'a> {
        let plan1_granted = granted_by_request(plan1);
        let mut gainers: HashMap<(&str, &str), Vec<Gainer>> = HashMap::new();
        for out in &plan.requests {
            if out.granted > plan1_granted.get(out.request.as_str()).copied().unwrap_or(0) {
                if let Some(r) = s.request(&out.request) {
                    gainers.entry((r.ty.as_str(), r.tier.as_str())).or_default().push((r, pools_for(s, r)));
                }
            }
        }
        Alternative { state: PlanState::of(plan), plan1_granted, gainers }
    }

    /// Why request `r`, granted `granted` in this plan, is not granted in full: when
    /// plan 1 gave it more and this plan gives more to equivalent requests instead (with
    /// a pool that may lend to both units), that swap — the pool-room reason would be
    /// true but says nothing about the choice; otherwise the plan's own why-not.
    pub fn why_not(&self, s: &Scenario, p: &Policy, r: &Request, granted: i64) -> WhyNot {
        let own = self.state.why_not(s, p, r, granted);
        let about_room = matches!(own, WhyNot::PoolsExhausted { .. } | WhyNot::MinUnreachable { .. } | WhyNot::LowerPriority { .. });
        if !about_room || self.plan1_granted.get(r.id.as_str()).copied().unwrap_or(0) <= granted {
            return own;
        }
        let Some(gainers) = self.gainers.get(&(r.ty.as_str(), r.tier.as_str())) else { return own };
        let mine = pools_for(s, r);
        let instead: Vec<String> = gainers
            .iter()
            .filter(|(e, theirs)| e.id != r.id && theirs.iter().any(|i| mine.contains(i)))
            .map(|(e, _)| e.id.clone())
            .collect();
        if instead.is_empty() {
            return own;
        }
        WhyNot::SwappedForEquivalent { instead, ty: r.ty.clone(), tier: r.tier.clone() }
    }
}

/// |a − b| ≤ 1e-9·max(|a|, |b|): equal objectives, up to the solver's arithmetic.
fn same_objective(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

/// `plan` has plan 1's donor units and merged units, grants differently, and grants each
/// (type, tier) class of requests the same total as plan 1: quota only moves between
/// equivalent requests. (Called with equal objectives; absorbs are not in the pattern
/// and are listed as differences of their own.)
fn swaps_equivalent_requests_only(s: &Scenario, plan1: &Plan, plan: &Plan, p1: &Pattern, pk: &Pattern) -> bool {
    if p1.1 != pk.1 || p1.2 != pk.2 {
        return false;
    }
    let (g1, gk) = (granted_by_request(plan1), granted_by_request(plan));
    if g1 == gk {
        return false;
    }
    class_totals(s, plan1) == class_totals(s, plan)
}

/// Granted quota per request (requests granted nothing left out).
fn granted_by_request(plan: &Plan) -> HashMap<&str, i64> {
    plan.requests.iter().filter(|r| r.granted > 0).map(|r| (r.request.as_str(), r.granted)).collect()
}

/// Granted quota per (type, tier) class of requests.
fn class_totals<'a>(s: &'a Scenario, plan: &Plan) -> BTreeMap<(&'a str, &'a str), i64> {
    let mut totals = BTreeMap::new();
    for out in plan.requests.iter().filter(|r| r.granted > 0) {
        if let Some(r) = s.request(&out.request) {
            *totals.entry((r.ty.as_str(), r.tier.as_str())).or_default() += out.granted;
        }
    }
    totals
}

/// The pools (indices into the scenario's) of the request's type that may lend to its unit.
fn pools_for(s: &Scenario, r: &Request) -> Vec<usize> {
    let Some(unit) = s.unit(&r.unit) else { return Vec::new() };
    s.pools.iter().enumerate().filter(|(_, pl)| pl.ty == r.ty && pl.serves(unit)).map(|(i, _)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::{alternative_differences, Alternative};
    use crate::domain::{Move, Plan, Scenario};
    use crate::explain::reasons::{Difference, WhyNot};
    use crate::text::{annotate_alternatives, render_difference, render_why_not, Lang};
    use crate::model::tests::fixture;
    use crate::policy::Policy;
    use crate::search::solve_ranked;
    use crate::solve::SolveOptions;

    /// Two 保重点 requests of 2 (all or nothing) and one 保应急 request of 2 from one
    /// pool of 2: plans 1 and 2 fund R1 or R2 (objective 200 both), plan 3 funds R3.
    fn one_pool_three_requests() -> (Scenario, Policy, Vec<Plan>) {
        let (s, p) = fixture(
            "[consolidation]\nmax_quota = 0",
            &[("U1", "P", "教育", "active", false), ("U2", "P", "教育", "active", false), ("U3", "P", "教育", "active", false)],
            &[("U1", 10, 10), ("U2", 10, 10), ("U3", 10, 10)],
            &[("POOL-MUNI", 2, "*", 0)],
            &[("R1", "U1", 2, "key", 2), ("R2", "U2", 2, "key", 2), ("R3", "U3", 2, "emergency", 2)],
        );
        let plans = solve_ranked(&s, &p, 3, &SolveOptions::default()).expect("solves").doc.plans;
        assert_eq!(plans.iter().map(|pl| pl.objective).collect::<Vec<_>>(), vec![200.0, 200.0, 120.0]);
        (s, p, plans)
    }

    fn funded(plan: &Plan) -> Vec<&str> {
        plan.requests.iter().filter(|r| r.granted > 0).map(|r| r.request.as_str()).collect()
    }

    fn why_not<'a>(plan: &'a Plan, id: &str) -> &'a str {
        plan.requests.iter().find(|r| r.request == id).and_then(|r| r.why_not.as_deref()).expect("short, with a why-not")
    }

    #[test]
    fn a_tie_that_swaps_equal_requests_says_so_and_names_the_request_funded_instead() {
        let (s, p, plans) = one_pool_three_requests();
        let (a, b) = (funded(&plans[0])[0], funded(&plans[1])[0]);
        assert_eq!((funded(&plans[0]).len(), funded(&plans[1]).len()), (1, 1));
        assert_ne!(a, b);
        let unit_b = s.request(b).expect("request").unit.clone();
        assert_eq!(
            plans[1].differences,
            vec!["与方案1目标值相同，仅在等价需求间互换".to_string(), format!("增加调剂 {b}"), format!("不再调剂 {a}")]
        );
        assert_eq!(why_not(&plans[1], a), format!("与 {b}（单位{unit_b}） 等价（同为保重点、事业编制），本方案将调剂额度给了 {b}"));
        // R3 is of another tier: never an equivalent, and its why-not stays the pool's.
        assert_eq!(why_not(&plans[1], "R3"), why_not(&plans[0], "R3"));
        assert!(why_not(&plans[1], "R3").starts_with("池POOL-MUNI已用尽"), "{}", why_not(&plans[1], "R3"));
        // Plan 1 has nothing to be read against.
        assert!(plans[0].differences.is_empty());
        assert!(why_not(&plans[0], b).starts_with("池POOL-MUNI已用尽"), "{}", why_not(&plans[0], b));
        // The same data in English.
        let r = s.request(a).expect("request");
        let w = Alternative::of(&s, &plans[0], &plans[1]).why_not(&s, &p, r, 0);
        assert_eq!(w, WhyNot::SwappedForEquivalent { instead: vec![b.to_string()], ty: "institution".into(), tier: "key".into() });
        assert_eq!(
            render_why_not(&s, &p, &w, Lang::En),
            format!("equivalent to {b} (单位{unit_b}) (same tier key and type institution): this plan gives the quota to {b} instead")
        );
        assert_eq!(
            render_difference(&s, &Difference::SwapsEquivalentRequestsOnly, Lang::En),
            "same objective as plan 1, only swapping equivalent requests (same type and tier)"
        );
    }

    #[test]
    fn a_plan_of_lower_objective_or_funding_another_tier_keeps_the_generic_why_not() {
        let (_, _, plans) = one_pool_three_requests();
        let a = funded(&plans[0])[0];
        assert_eq!(funded(&plans[2]), vec!["R3"]);
        assert_eq!(plans[2].differences, vec!["增加调剂 R3".to_string(), format!("不再调剂 {a}")]);
        assert!(why_not(&plans[2], a).starts_with("池POOL-MUNI已用尽"), "{}", why_not(&plans[2], a));
    }

    #[test]
    fn a_tie_that_changes_a_donor_or_a_tier_total_only_says_the_objective_is_the_same() {
        let (s, p, mut plans) = one_pool_three_requests();
        let (a, b) = (funded(&plans[0])[0].to_string(), funded(&plans[1])[0].to_string());
        let mut donor = plans[1].clone();
        donor.moves.push(Move::Reclaim {
            ty: "institution".into(),
            from: "U3".into(),
            to: "POOL-MUNI".into(),
            amount: 1,
            rule: "reclaim".into(),
            reason: String::new(),
        });
        assert_eq!(
            alternative_differences(&s, &plans[0], &donor),
            vec![Difference::SameObjective, Difference::FundsRequest(b), Difference::DropsRequest(a.clone()), Difference::AddsDonor("U3".into())]
        );
        // Plan 3 made to tie with plan 1: 保应急 instead of 保重点 is not a swap of equivalents.
        plans[2].objective = plans[0].objective;
        annotate_alternatives(&s, &p, &mut plans);
        assert_eq!(plans[2].differences, vec!["与方案1目标值相同".to_string(), "增加调剂 R3".to_string(), format!("不再调剂 {a}")]);
        assert_eq!(render_difference(&s, &Difference::SameObjective, Lang::En), "same objective as plan 1");
    }

    #[test]
    fn absorbs_that_differ_from_plan_1_are_in_the_differences() {
        let (s, _, plans) = one_pool_three_requests();
        let mut absorbs = plans[0].clone();
        absorbs.moves.push(Move::Absorb {
            ty: "institution".into(),
            from: "U1".into(),
            to: "U2".into(),
            amount: 1,
            rule: "absorb".into(),
            reason: String::new(),
        });
        assert_eq!(
            alternative_differences(&s, &plans[0], &absorbs),
            vec![
                Difference::SameObjective,
                Difference::AddsAbsorb { ty: "institution".into(), from: "U1".into(), to: "U2".into(), amount: 1 }
            ]
        );
    }

    #[test]
    fn a_why_not_naming_many_equivalents_names_three_and_counts_them_all() {
        let (s, p, _) = one_pool_three_requests();
        let w = |ids: &[&str]| WhyNot::SwappedForEquivalent {
            instead: ids.iter().map(|id| id.to_string()).collect(),
            ty: "institution".into(),
            tier: "key".into(),
        };
        assert_eq!(
            render_why_not(&s, &p, &w(&["R2", "R3"]), Lang::Zh),
            "与 R2（单位U2）、R3（单位U3） 等价（同为保重点、事业编制），本方案将调剂额度给了这些需求"
        );
        assert_eq!(
            render_why_not(&s, &p, &w(&["R1", "R2", "R3", "R9"]), Lang::Zh),
            "与 R1（单位U1）、R2（单位U2）、R3（单位U3）等4项需求 等价（同为保重点、事业编制），本方案将调剂额度给了这些需求"
        );
        assert_eq!(
            render_why_not(&s, &p, &w(&["R1", "R2", "R3", "R9"]), Lang::En),
            "equivalent to R1 (单位U1), R2 (单位U2), R3 (单位U3) and 1 more (same tier key and type institution): this plan gives the quota to them instead"
        );
    }

    #[test]
    fn a_request_funded_instead_from_a_pool_the_unit_may_not_use_is_no_equivalent() {
        // R1 (教育) may only use POOL-EDU, R2 (卫健) only POOL-MUNI: same type and tier,
        // but quota cannot pass from one to the other.
        let (s, p) = fixture(
            "[consolidation]\nmax_quota = 0",
            &[("U1", "P", "教育", "active", false), ("U2", "P", "卫健", "active", false)],
            &[("U1", 10, 10), ("U2", 10, 10)],
            &[("POOL-EDU", 2, "教育", 0), ("POOL-MUNI", 0, "卫健", 0)],
            &[("R1", "U1", 2, "key", 2), ("R2", "U2", 2, "key", 2)],
        );
        let plan1 = solve_ranked(&s, &p, 1, &SolveOptions::default()).expect("solves").doc.plans.remove(0);
        assert_eq!(funded(&plan1), vec!["R1"]);
        let mut plan = plan1.clone();
        for out in &mut plan.requests {
            out.granted = if out.request == "R1" { 0 } else { 2 };
        }
        let r1 = s.request("R1").expect("request");
        let w = Alternative::of(&s, &plan1, &plan).why_not(&s, &p, r1, 0);
        assert!(matches!(w, WhyNot::PoolsExhausted { .. } | WhyNot::LowerPriority { .. }), "{w:?}");
    }
}
