//! The time limit as a deadline: the solve runs on a worker thread that streams each
//! verified plan back, and the caller answers by the deadline whatever HiGHS is doing.

use super::{document, run, Phases, Ranked};
use crate::domain::{Plan, Scenario};
use crate::error::Error;
use crate::policy::Policy;
use crate::solve::{SolveOptions, Status};
use std::time::Instant;

/// [`solve_ranked`] on a state with no returns to make.
pub(super) fn within_deadline(s: &Scenario, p: &Policy, k: usize, opts: &SolveOptions) -> Result<Ranked, Error> {
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
            let mut ranked = document::finish(s, p, plans, Status::TimeLimit, first_gap, started, phases, opts.diverse);
            ranked.notes.push(format!("time limit reached ({limit:.1} s for solving) after {n} plan(s); the last solve was cut off"));
            Ok(ranked)
        }
    }
}
