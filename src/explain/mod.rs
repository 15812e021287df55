//! Explanations as data: a reason for every move, a why-not for every request not
//! granted in full (the binding limitation, with a counterfactual where it is a simple
//! count), what distinguishes a ranked plan from plan 1, and the rule groups an
//! infeasible scenario cannot keep. `reasons` computes them; `alternatives` reads plans
//! 2…K against plan 1 (ties that only swap equivalent requests, the request funded
//! instead); `choices` counts decisions over the plans. No words here: `text` turns
//! every one of them into sentences, so plans.json, the terminal, the report and a diff
//! say the same thing. No IO.

mod alternatives;
mod choices;
mod reasons;

pub use alternatives::{alternative_differences, Alternative};
pub use choices::decision_counts;

pub use reasons::{pattern_differences, move_reason, Difference, MoveReason, PlanState, PoolRoom, WhyNot};

use crate::rules::Relaxation;

/// One rule group that must give way, and by how much.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// The relaxable rule group; `None` when even the elastic model has no solution,
    /// so a rule that is never relaxed (conservation) is at stake.
    pub relaxation: Option<Relaxation>,
    pub relax_by: f64,
}

impl Conflict {
    /// The model row it cites (`pool-reserve-POOL-MUNI`, `merge-max`), or `conservation`.
    pub fn row(&self) -> String {
        self.relaxation.as_ref().map_or_else(|| "conservation".to_string(), Relaxation::row_name)
    }
}

#[cfg(test)]
mod tests {
    use super::{MoveReason, PlanState, PoolRoom, WhyNot};
    use crate::model::tests::short_and_overstaffed;
    use crate::text::{render_move_reason, render_why_not, Lang};
    use crate::search::solve_ranked;
    use crate::solve::SolveOptions;

    #[test]
    fn why_not_names_the_binding_limitation_as_data_and_in_both_languages() {
        let (s, p) = short_and_overstaffed();
        let ranked = solve_ranked(&s, &p, 1, &SolveOptions::default()).expect("solves");
        let plan = &ranked.doc.plans[0];
        let state = PlanState::of(plan);
        let why = |id: &str| {
            let out = plan.requests.iter().find(|o| o.request == id).expect("listed");
            (state.why_not(&s, &p, s.request(id).expect("request"), out.granted), out.why_not.clone().expect("short"))
        };
        // R1: 3 granted above POOL-MUNI's reserve of 1; the 教育 pool is empty.
        let (r1, r1_zh) = why("R1");
        assert_eq!(
            r1,
            WhyNot::PoolsExhausted {
                pools: vec![("POOL-EDU".into(), PoolRoom::UsedUp), ("POOL-MUNI".into(), PoolRoom::AtReserve { reserve: 1 })],
                first_pool: "POOL-EDU".into(),
                short: 2,
            }
        );
        assert_eq!(
            r1_zh,
            "池POOL-EDU已用尽，池POOL-MUNI已降至蓄水池下限1名 (pools at reserve or per-unit cap)；池POOL-EDU至少还需2名余量才可能满足 (needs at least this much more)"
        );
        assert_eq!(r1_zh, render_why_not(&s, &p, &r1, Lang::Zh), "plans.json carries the Chinese rendering");
        assert_eq!(
            render_why_not(&s, &p, &r1, Lang::En),
            "池POOL-EDU is used up; 池POOL-MUNI is down to its reserve of 1: 池POOL-EDU would need at least 2 more before this request could be met"
        );
        // R2: U2 is 2 over quota, so it only gives.
        let (r2, r2_zh) = why("R2");
        assert_eq!(r2, WhyNot::Overstaffed { ty: "institution".into(), excess: 2 });
        assert_eq!(r2_zh, "单位事业编制超编2名，只出不进 (overstaffed units only give)");
        assert_eq!(render_why_not(&s, &p, &r2, Lang::En), "the unit is 2 over its institution quota: overstaffed units only give");
        // The grant to R1 is explained from the same data in either language.
        let grant = plan.moves.iter().find(|m| m.kind() == "grant").expect("R1 funded");
        let reason = super::move_reason(&s, &p, grant);
        assert_eq!(reason, MoveReason::Grant { tier: "key".into(), stated: String::new(), asked: 5, pool: "POOL-MUNI".into(), amount: 3 });
        assert_eq!(render_move_reason(&s, &p, &reason, Lang::Zh), "保重点：申请5名，从池POOL-MUNI调剂3名");
        assert_eq!(render_move_reason(&s, &p, &reason, Lang::En), "key: 5 asked, 3 granted from 池POOL-MUNI");
    }
}
