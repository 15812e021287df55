//! One part's next plan: a fresh HiGHS model of the part with a cut per known pattern,
//! built, solved and dropped on the calling thread.

use super::no_good_cut;
use crate::domain::Scenario;
use crate::model;
use crate::plan::{self, Decisions, Pattern};
use crate::policy::Policy;
use crate::rules::Rule;
use crate::solve::{Session, SolveOptions, Status};

/// Seconds below which a part's solve is not started under a time limit.
const MIN_SLICE: f64 = 0.02;

/// One ranked plan of one part.
pub(super) struct PartPlan {
    pub d: Decisions,
    pub pattern: Pattern,
    /// Exact objective of the part's decisions (from their terms).
    pub objective: f64,
    /// HiGHS's objective and gap, for the combined gap.
    pub raw: f64,
    pub status: Status,
    pub gap: f64,
}

pub(super) enum Fetched {
    Plan(PartPlan),
    /// No further pattern; why, when it is not simply that none exists.
    Exhausted(Option<String>),
    /// The part's first solve found no plan.
    Failed(Status),
}

/// The best plan of a part whose pattern differs from every `known` one. The HiGHS
/// model is built, solved and dropped here, on the calling thread.
pub(super) fn fetch(part: &Scenario, p: &Policy, known: &[Pattern], opts: &SolveOptions) -> Fetched {
    // HiGHS needs about 10 ms for even a tiny model: below a useful slice, do not start.
    if opts.time_limit.is_some_and(|t| t < MIN_SLICE) {
        return if known.is_empty() { nothing_done(part, p) } else { Fetched::Exhausted(Some("time limit".into())) };
    }
    let mut session = Session::new(model::build_model(part, p, false), opts.clone());
    for (i, pattern) in known.iter().enumerate() {
        let (coeffs, lower) = no_good_cut(&session.index, pattern);
        if coeffs.is_empty() {
            return Fetched::Exhausted(None);
        }
        session.add_row(&Rule::RankExclude.row_name(&[&(i + 1).to_string()]), &coeffs, lower, f64::INFINITY);
    }
    let out = session.solve();
    if known.is_empty() && out.status == Status::NoSolution {
        return nothing_done(part, p);
    }
    if !out.status.has_solution() {
        return match (known.is_empty(), &out.status) {
            (true, status) => Fetched::Failed(status.clone()),
            (false, Status::Infeasible | Status::UnboundedOrInfeasible) => Fetched::Exhausted(None),
            (false, status) => Fetched::Exhausted(Some(status.as_str().to_string())),
        };
    }
    let d = Decisions::read(&session.index, &out.values);
    let objective = plan::assemble(part, p, &d, 1).objective;
    Fetched::Plan(PartPlan { pattern: d.pattern(), d, objective, raw: out.objective, status: out.status, gap: out.gap })
}

/// A part the time limit left without a plan: only the merges the rules force (each
/// vanished unit into its first host that is not itself vanished), nothing else, when
/// `verify` accepts that; status `time_limit` with an unknown gap, so that the other
/// parts' plans can still be answered by the deadline.
fn nothing_done(part: &Scenario, p: &Policy) -> Fetched {
    let c = crate::rules::Candidates::new(part, p);
    let mut d = Decisions::default();
    for &unit in c.forced.keys() {
        let host = c.hosts.get(unit).and_then(|hs| hs.iter().find(|h| !c.forced.contains_key(**h)));
        match host {
            Some(h) => d.merges.push((unit.to_string(), h.to_string())),
            None => return Fetched::Failed(Status::NoSolution),
        }
    }
    let plan = plan::assemble(part, p, &d, 1);
    if !crate::verify::verify_plan(part, p, &plan).is_empty() {
        return Fetched::Failed(Status::NoSolution);
    }
    Fetched::Plan(PartPlan { pattern: d.pattern(), d, objective: plan.objective, raw: plan.objective, status: Status::TimeLimit, gap: f64::INFINITY })
}

#[cfg(test)]
mod tests {
    use super::{fetch, Fetched};
    use crate::model::tests::fixture;
    use crate::solve::SolveOptions;

    #[test]
    fn a_part_left_no_time_gets_only_its_forced_merges() {
        // U1 vanished must merge; U3 (vanished too) is no host for it, U2 is.
        let (s, p) = fixture(
            "[consolidation]\nmax_quota = 0\nvanished_must_merge = true",
            &[("U1", "A", "教育", "vanished", false), ("U2", "A", "教育", "active", false), ("U3", "A", "教育", "vanished", false)],
            &[("U1", 3, 3), ("U2", 10, 5), ("U3", 2, 2)],
            &[("POOL-MUNI", 0, "*", 0)],
            &[],
        );
        let opts = SolveOptions { time_limit: Some(0.0), ..SolveOptions::default() };
        let Fetched::Plan(pp) = fetch(&s, &p, &[], &opts) else { panic!("a fallback plan expected") };
        assert_eq!(pp.status, crate::solve::Status::TimeLimit);
        assert!(pp.gap.is_infinite());
        assert_eq!(pp.d.merges, vec![("U1".to_string(), "U2".to_string()), ("U3".to_string(), "U2".to_string())]);
        assert!(pp.d.reclaims.is_empty() && pp.d.grants.is_empty());
    }
}
