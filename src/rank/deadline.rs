//! The time limit as a deadline: the solve runs on a worker thread that streams each
//! verified plan back, and the caller answers by the deadline whatever HiGHS is doing.

use super::{doc, run, Phases, Ranked};
use crate::domain::{Plan, Scenario};
use crate::error::Error;
use crate::policy::Policy;
use crate::solve::{SolveOptions, Status};
use std::time::Instant;

/// Solves for up to `k` ranked plans, annotates and verifies each. Infeasible rules
/// come back as `Error::Infeasible` with the conflicting rules explained.
///
/// With a time limit the solve runs on a worker thread and this call returns by the
/// deadline whatever happens inside HiGHS (whose own limit is not enforced during
/// presolve): with the plans verified so far and status `time_limit`, or
/// `Error::NoSolution` when there are none. A worker cut off this way is left to
/// finish on its own; the CLI exits right after.
///
/// A scenario with a revolving-grant ledger, or with requests of later years, is solved
/// on its opening state (`rules::ledger::opening`: the returns due at `as_of` made, year
/// 1's requests only); the plans come back restated on `s` with their returns first.
pub fn solve_ranked(s: &Scenario, p: &Policy, k: usize, opts: &SolveOptions) -> Result<Ranked, Error> {
    solve_ranked_in(s, p, k, opts, 1)
}

/// [`solve_ranked`] for plan year `year` of `s` (its requests and its date's returns).
pub(crate) fn solve_ranked_in(s: &Scenario, p: &Policy, k: usize, opts: &SolveOptions, year: usize) -> Result<Ranked, Error> {
    let open = crate::rules::ledger::opening(s, p, year);
    if open.returns.is_empty() && s.requests.iter().all(|r| r.year.is_none()) && year == 1 {
        return solve_opened(s, p, k, opts);
    }
    let mut ranked = solve_opened(&open.scenario, p, k, opts)?;
    let returns = super::opening::return_moves(s, p, &open.returns);
    let t = Instant::now();
    super::opening::restate_all(s, p, &mut ranked.doc.plans, &returns, year)?;
    ranked.phases.verify += t.elapsed().as_secs_f64();
    Ok(ranked)
}

/// [`solve_ranked`] on a state with no returns to make.
fn solve_opened(s: &Scenario, p: &Policy, k: usize, opts: &SolveOptions) -> Result<Ranked, Error> {
    let Some(limit) = opts.time_limit else {
        return run(s, p, k, opts, None);
    };
    let started = Instant::now();
    let (plan_tx, plan_rx) = std::sync::mpsc::channel::<(Plan, f64, Phases)>();
    let (done_tx, done_rx) = std::sync::mpsc::channel::<Result<Ranked, Error>>();
    let (s2, p2, mut o2) = (s.clone(), p.clone(), opts.clone());
    std::thread::Builder::new()
        .name("bianzhi-solve".into())
        .spawn(move || {
            o2.time_limit = Some((limit - started.elapsed().as_secs_f64()).max(0.0));
            let result = run(&s2, &p2, k, &o2, Some(&plan_tx));
            let _ = done_tx.send(result);
        })
        .map_err(|e| Error::Solver(format!("cannot start the solver thread: {e}")))?;
    // A little grace past the limit for HiGHS to stop by itself and hand back its
    // incumbent; after that the deadline is ours.
    let deadline = started + std::time::Duration::from_secs_f64(limit * 1.05 + 0.2);
    let remaining = deadline.saturating_duration_since(Instant::now());
    match done_rx.recv_timeout(remaining) {
        Ok(result) => result,
        Err(_) => {
            let received: Vec<(Plan, f64, Phases)> = plan_rx.try_iter().collect();
            let first_gap = received.first().map(|(_, g, _)| *g).unwrap_or(0.0);
            let mut phases = received.last().map(|(_, _, ph)| *ph).unwrap_or_default();
            let plans: Vec<Plan> = received.into_iter().map(|(plan, _, _)| plan).collect();
            if plans.is_empty() {
                return Err(Error::NoSolution(format!(
                    "no plan within the time limit ({limit:.1} s left for solving; the solver was still working; raise --time-limit)"
                )));
            }
            // The worker was solving when it was cut off: what no other phase took.
            let counted = phases.decompose + phases.assemble + phases.explain + phases.verify;
            phases.solve = (started.elapsed().as_secs_f64() - counted).max(0.0);
            let n = plans.len();
            let mut ranked = doc::finish(s, p, plans, Status::TimeLimit, first_gap, started, phases, opts.diverse);
            ranked.notes.push(format!("time limit reached ({limit:.1} s for solving) after {n} plan(s); the last solve was cut off"));
            Ok(ranked)
        }
    }
}
