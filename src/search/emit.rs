//! One plan of the whole scenario from its decisions: assembled, explained, compared
//! with plan 1 and verified before it leaves.

use super::{timed, Phases, Progress};
use crate::domain::{Plan, Scenario};
use crate::error::Error;
use crate::text;
use crate::plan::{self, Decisions, Pattern};
use crate::policy::Policy;
use crate::solve::Status;

/// Turns decisions into verified plans of `s`, keeping the phase times of the run.
pub(crate) struct Emitter<'a> {
    pub s: &'a Scenario,
    pub p: &'a Policy,
    pub progress: Option<&'a Progress>,
    pub phases: Phases,
}

impl Emitter<'_> {
    /// Plan `rank` of some decisions: assembled, explained, compared with plan 1 and
    /// verified; sent to `progress` once verified.
    pub fn emit(&mut self, d: &Decisions, rank: usize, first: Option<&Pattern>, status: (&Status, f64)) -> Result<Plan, Error> {
        self.emit_with(d, rank, first, status, |_| {})
    }

    /// `emit`, with `extra` filling fields of the plan before it is verified and sent.
    pub fn emit_with(
        &mut self,
        d: &Decisions,
        rank: usize,
        first: Option<&Pattern>,
        (status, gap): (&Status, f64),
        extra: impl FnOnce(&mut Plan),
    ) -> Result<Plan, Error> {
        let (s, p) = (self.s, self.p);
        let mut plan = timed(&mut self.phases.assemble, || plan::assemble(s, p, d, rank));
        timed(&mut self.phases.explain, || {
            text::annotate(s, p, &mut plan);
            if let Some(p1) = first {
                plan.differences = text::differences(s, p1, &d.pattern());
            }
        });
        if *status != Status::Optimal {
            // A status, not a difference from plan 1: its own fields (an unknown gap is 1,
            // as the document's solver gap writes it).
            plan.status = Some(status.as_str().to_string());
            plan.gap = Some(if gap.is_finite() { gap } else { 1.0 });
        }
        extra(&mut plan);
        let violations = timed(&mut self.phases.verify, || crate::verify::verify_plan(s, p, &plan));
        if !violations.is_empty() {
            let text: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
            return Err(Error::VerifyFailed { rank: plan.rank, violations: text.join("\n") });
        }
        if let Some(tx) = self.progress {
            let _ = tx.send((plan.clone(), gap, self.phases));
        }
        Ok(plan)
    }
}

#[cfg(test)]
mod tests {
    use super::Emitter;
    use crate::model::tests::fixture;
    use crate::search::fetch::{fetch, Fetched};
    use crate::solve::{SolveOptions, Status};

    #[test]
    fn a_plan_short_of_proof_says_so_in_its_status_not_in_its_differences() {
        // With no time, the part takes only its forced merge: a plan with an unknown gap.
        let (s, p) = fixture(
            "[consolidation]\nmax_quota = 0\nvanished_must_merge = true",
            &[("U1", "A", "教育", "vanished", false), ("U2", "A", "教育", "active", false)],
            &[("U1", 3, 3), ("U2", 10, 5)],
            &[("POOL-MUNI", 0, "*", 0)],
            &[],
        );
        let Fetched::Plan(pp) = fetch(&s, &p, &[], &SolveOptions { time_limit: Some(0.0), ..SolveOptions::default() }) else {
            panic!("a fallback plan expected")
        };
        let mut emitter = Emitter { s: &s, p: &p, progress: None, phases: Default::default() };
        let plan = emitter.emit(&pp.d, 1, None, (&Status::TimeLimit, f64::INFINITY)).expect("verified");
        assert_eq!(plan.status.as_deref(), Some("time_limit"));
        assert_eq!(plan.gap, Some(1.0), "an unknown gap is written as 1");
        assert!(plan.differences.is_empty(), "{:?}", plan.differences);
        let json = serde_json::to_value(&plan).expect("serialises");
        assert_eq!((json["status"].as_str(), json["gap"].as_f64()), (Some("time_limit"), Some(1.0)));
        // An optimal plan carries neither field.
        let optimal = emitter.emit(&pp.d, 1, None, (&Status::Optimal, 0.0)).expect("verified");
        let json = serde_json::to_value(&optimal).expect("serialises");
        assert!(json.get("status").is_none() && json.get("gap").is_none(), "{json}");
    }
}
