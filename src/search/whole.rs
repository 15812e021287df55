//! Ranked plans from one live model of the whole scenario: solve, cut the pattern
//! off, solve again.

use crate::alternatives::farthest_tie;
use super::emit::Emitter;
use super::infeasible::no_first_plan;
use super::{document, no_good_cut, timed, Phases, Progress, Ranked};
use crate::domain::{Plan, Scenario};
use crate::error::Error;
use crate::model;
use crate::plan::{Decisions, Pattern};
use crate::policy::Policy;
use crate::rules::Rule;
use crate::solve::{Session, SolveOptions, Status};
use std::time::Instant;

/// Ranked plans from one model of the whole scenario, with a no-good cut per plan.
pub(super) fn run_whole(
    s: &Scenario,
    p: &Policy,
    k: usize,
    opts: &SolveOptions,
    progress: Option<&Progress>,
    phases: Phases,
) -> Result<Ranked, Error> {
    let started = Instant::now();
    let mut out = Emitter { s, p, progress, phases };
    let (mut session, first) = timed(&mut out.phases.solve, || {
        let mut session = Session::new(model::build_model(s, p, false), opts.clone());
        let first = session.solve();
        (session, first)
    });
    if !first.status.has_solution() {
        return Err(no_first_plan(s, &[s], p, opts, &first.status));
    }
    let mut plans: Vec<Plan> = Vec::new();
    let mut patterns: Vec<Pattern> = Vec::new();
    let mut notes = Vec::new();
    let mut outcome = first.clone();
    let mut tie_row = None;
    loop {
        if !patterns.is_empty() && outcome.status == Status::Optimal {
            // Among plans of this same objective, the farthest from the earlier ones
            // (DESIGN §12), within a node limit (deterministic) and, as a guard only, ten
            // times the time the ranked solve took.
            let seconds = 10.0 * outcome.seconds.max(0.05) + 1.0;
            let far = timed(&mut out.phases.solve, || {
                farthest_tie(&mut session, &mut tie_row, &outcome.values, outcome.objective, &patterns, seconds)
            });
            if let Some(values) = far {
                outcome.values = values;
            }
        }
        let d = timed(&mut out.phases.solve, || Decisions::read(&session.index, &outcome.values));
        let pattern = d.pattern();
        plans.push(out.emit(&d, plans.len() + 1, patterns.first(), (&outcome.status, outcome.gap))?);
        patterns.push(pattern.clone());
        if plans.len() >= k {
            break;
        }
        let (coeffs, lower) = no_good_cut(&session.index, &pattern);
        if coeffs.is_empty() {
            notes.push("no other pattern exists: nothing to grant, reclaim or merge".into());
            break;
        }
        timed(&mut out.phases.solve, || session.add_row(&Rule::RankExclude.row_name(&[&plans.len().to_string()]), &coeffs, lower, f64::INFINITY));
        if session.remaining().is_some_and(|r| r <= 0.0) {
            notes.push(format!("time limit reached after {} plan(s)", plans.len()));
            break;
        }
        outcome = timed(&mut out.phases.solve, || session.solve());
        if !outcome.status.has_solution() {
            notes.push(match outcome.status {
                Status::Infeasible | Status::UnboundedOrInfeasible => format!("only {} distinct pattern(s) exist", plans.len()),
                _ => format!("stopped after {} plan(s): {}", plans.len(), outcome.status.as_str()),
            });
            break;
        }
    }
    let mut ranked = document::finish(s, p, plans, first.status, first.gap, started, out.phases, None);
    ranked.notes = notes;
    Ok(ranked)
}
