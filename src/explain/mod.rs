//! Explanations: a reason for every move, a why-not for every request not granted in
//! full (the binding limitation, with a counterfactual where it is a simple count),
//! what distinguishes a ranked plan from plan 1, and infeasibility in rule terms.
//! `reasons` computes them as data; `text` is the one place they become sentences
//! (Chinese, which plans.json carries, or English); `alternatives` reads plans 2…K
//! against plan 1 (ties that only swap equivalent requests, the request funded
//! instead); `choices` counts decisions over the plans. No IO.

mod alternatives;
mod choices;
mod reasons;
mod text;

pub use alternatives::{alternative_differences, annotate_alternatives, Alternative};
pub use choices::decision_counts;

pub use reasons::{pattern_differences, move_reason, Difference, MoveReason, PlanState, PoolRoom, WhyNot};
pub use text::Lang;

use crate::domain::{Plan, Scenario};
use crate::plan::Pattern;
use crate::policy::Policy;
use crate::rules::{Candidates, NotMergeable, Relaxation, Rule};
use text::unit_name;

/// Fills `reason` of every move and `why_not` of every request not granted in full,
/// in Chinese (DESIGN §7).
pub fn annotate(s: &Scenario, p: &Policy, plan: &mut Plan) {
    for mv in &mut plan.moves {
        let text = text::move_reason(s, p, &move_reason(s, p, mv), Lang::Zh);
        *mv.reason_mut() = text;
    }
    let why_nots: Vec<Option<String>> = {
        let state = PlanState::of(plan);
        plan.requests
            .iter()
            .map(|out| {
                let r = s.request(&out.request).filter(|_| out.granted < out.amount)?;
                Some(text::why_not(s, p, &state.why_not(s, p, r, out.granted), Lang::Zh))
            })
            .collect()
    };
    for (out, why) in plan.requests.iter_mut().zip(why_nots) {
        if why.is_some() {
            out.why_not = why;
        }
    }
}

/// A move's reason in `lang`.
pub fn render_move_reason(s: &Scenario, p: &Policy, r: &MoveReason, lang: Lang) -> String {
    text::move_reason(s, p, r, lang)
}

/// A why-not in `lang`.
pub fn render_why_not(s: &Scenario, p: &Policy, w: &WhyNot, lang: Lang) -> String {
    text::why_not(s, p, w, lang)
}

/// A difference from plan 1 in `lang`.
pub fn render_difference(s: &Scenario, d: &Difference, lang: Lang) -> String {
    text::difference(s, d, lang)
}

/// What distinguishes plan `k` (pattern `pk`) from plan 1 (pattern `p1`), in Chinese.
pub fn differences(s: &Scenario, p1: &Pattern, pk: &Pattern) -> Vec<String> {
    pattern_differences(p1, pk).iter().map(|d| text::difference(s, d, Lang::Zh)).collect()
}

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

/// Renders conflicts in Chinese and English, naming policy keys.
pub fn render_conflicts(s: &Scenario, p: &Policy, conflicts: &[Conflict]) -> String {
    let c = Candidates::new(s, p);
    let mut out = String::from("以下规则无法同时满足 (these rules conflict):\n");
    for cf in conflicts {
        let x = cf.relax_by.ceil() as i64;
        let row = cf.row();
        let line = match &cf.relaxation {
            Some(Relaxation::PoolReserve { pool: id }) => {
                let pl = s.pool(id);
                format!(
                    "[{row}] 周转池 {}（{}）调剂后须保留≥{}名（reserve.min_available），现有{}名，无法保持：须下调至少{}名 / pool {id} cannot keep its reserve of {}: lower reserve.min_available.{id} by at least {x}",
                    id,
                    pl.map(|p| p.name.as_str()).unwrap_or(""),
                    p.reserve_of(id),
                    pl.map(|p| p.available).unwrap_or(0),
                    x,
                    p.reserve_of(id),
                )
            }
            Some(Relaxation::VanishedMustMerge { unit: id }) => {
                let why = match c.forced.get(id.as_str()) {
                    Some(Some(NotMergeable::Protected)) => "该单位受保护（protected），不能撤并 / it is protected".to_string(),
                    Some(Some(NotMergeable::NoPoolFor(t))) => {
                        format!("其{}空余编制无周转池接收（reclaim.into 未设 {t}，所在地区也无收回池）/ no reclaim.into or regional collecting pool for type {t}", p.type_label(t))
                    }
                    _ => "同一主管部门、同系统、同层级（同地区）内没有可承接的单位（承接单位须为可整合类型、未超编、本身不被撤并）/ no eligible host in its (parent, sector, level) group".to_string(),
                };
                format!(
                    "[{row}] 职能消失单位 {}（{}）须撤并（consolidation.vanished_must_merge），但{} — 须放宽该规则 / relax vanished_must_merge for {id}",
                    id,
                    unit_name(s, id),
                    why
                )
            }
            Some(Relaxation::MaxMergesInRegion { region }) => {
                let cap = p.consolidation.max_merges_per_region.unwrap_or(0);
                format!(
                    "[{row}] {region}须撤并的单位超过本地区上限 max_merges_per_region = {cap}：至少提高{x}个 / forced merges in region {region} exceed consolidation.max_merges_per_region = {cap} by {x}"
                )
            }
            Some(Relaxation::MaxMerges) => format!(
                "[{row}] 须撤并的单位超过上限 max_merges = {}：至少提高{}个 / forced merges exceed consolidation.max_merges = {} by {x}",
                p.consolidation.max_merges, x, p.consolidation.max_merges
            ),
            None => format!(
                "[{row}] {} / {}",
                Rule::ConservationQuota.info().zh,
                Rule::ConservationQuota.info().en
            ),
        };
        out.push_str("  - ");
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{render_move_reason, render_why_not, Lang, MoveReason, PlanState, PoolRoom, WhyNot};
    use crate::model::tests::short_and_overstaffed;
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
