//! One plan of the whole scenario from its decisions: assembled, explained, compared
//! with plan 1 and verified before it leaves.

use super::{timed, Phases, Progress};
use crate::domain::{Plan, Scenario};
use crate::error::Error;
use crate::explain;
use crate::plan::{self, Decisions, Pattern};
use crate::policy::Policy;
use crate::solve::Status;

/// Turns decisions into verified plans of `s`, keeping the phase times of the run.
pub(super) struct Emitter<'a> {
    pub s: &'a Scenario,
    pub p: &'a Policy,
    pub progress: Option<&'a Progress>,
    pub phases: Phases,
}

impl Emitter<'_> {
    /// Plan `rank` of some decisions: assembled, explained, compared with plan 1 and
    /// verified; sent to `progress` once verified.
    pub fn emit(&mut self, d: &Decisions, rank: usize, first: Option<&Pattern>, (status, gap): (&Status, f64)) -> Result<Plan, Error> {
        let (s, p) = (self.s, self.p);
        let mut plan = timed(&mut self.phases.assemble, || plan::assemble(s, p, d, rank));
        timed(&mut self.phases.explain, || {
            explain::annotate(s, p, &mut plan);
            if let Some(p1) = first {
                plan.differences = explain::differences(s, p1, &d.pattern());
            }
        });
        if *status != Status::Optimal {
            plan.differences.insert(0, format!("求解状态 {}，相对间隙 {:.4}%", status.as_str(), gap * 100.0));
        }
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
