//! Ranked plans (DESIGN §6): plan 1 is the optimum; plan k+1 is the best plan whose
//! pattern (requests granted, donor units, merged units) differs from every earlier
//! plan's, found by adding one no-good cut per plan to the live model. Also the
//! elastic re-solve that explains infeasibility, with a deletion filter down to a
//! minimal set of rules that must give way.

use crate::domain::{ModelRef, Plan, PlansDoc, Scenario, ScenarioRef, SolverRef, PLANS_FORMAT};
use crate::error::Error;
use crate::explain::{self, Conflict};
use crate::model::{self, Index};
use crate::plan::{self, Decisions, Pattern};
use crate::policy::Policy;
use crate::solve::{Session, SolveOptions, Status};
use std::time::Instant;

/// The result of a ranked solve.
#[derive(Clone, Debug)]
pub struct Ranked {
    pub doc: PlansDoc,
    /// Status of plan 1's solve.
    pub status: Status,
    /// Why fewer plans than asked came back, if they did.
    pub notes: Vec<String>,
}

/// Column coefficients of the no-good cut excluding `pattern`:
/// Σ_{i∈P} (1 − b_i) + Σ_{i∉P} b_i ≥ 1, over granted[r], donor[u] and
/// merged[u] = Σ_h merge[u,h]. Returns (coefficients, lower bound).
fn no_good_cut(index: &Index, pattern: &Pattern) -> (Vec<(usize, f64)>, f64) {
    let mut coeffs = Vec::new();
    let mut in_pattern = 0usize;
    for (r, v) in &index.granted {
        let inside = pattern.0.contains(r);
        in_pattern += inside as usize;
        coeffs.push((v.col, if inside { -1.0 } else { 1.0 }));
    }
    for (u, v) in &index.donor {
        let inside = pattern.1.contains(u);
        in_pattern += inside as usize;
        coeffs.push((v.col, if inside { -1.0 } else { 1.0 }));
    }
    for (u, idx) in &index.merges_of {
        let inside = pattern.2.contains(u);
        in_pattern += inside as usize;
        for &i in idx {
            coeffs.push((index.merge[i].v.col, if inside { -1.0 } else { 1.0 }));
        }
    }
    (coeffs, 1.0 - in_pattern as f64)
}

/// Solves for up to `k` ranked plans, annotates and verifies each. Infeasible rules
/// come back as `Error::Infeasible` with the conflicting rules explained.
///
/// With a time limit the solve runs on a worker thread and this call returns by the
/// deadline whatever happens inside HiGHS (whose own limit is not enforced during
/// presolve): with the plans verified so far and status `time_limit`, or
/// `Error::NoSolution` when there are none. A worker cut off this way is left to
/// finish on its own; the CLI exits right after.
pub fn solve_ranked(s: &Scenario, p: &Policy, k: usize, opts: &SolveOptions) -> Result<Ranked, Error> {
    let Some(limit) = opts.time_limit else {
        return run(s, p, k, opts, None);
    };
    let started = Instant::now();
    let (plan_tx, plan_rx) = std::sync::mpsc::channel::<(Plan, f64)>();
    let (done_tx, done_rx) = std::sync::mpsc::channel::<Result<Ranked, Error>>();
    let (s2, p2, o2) = (s.clone(), p.clone(), opts.clone());
    std::thread::Builder::new()
        .name("bianzhi-solve".into())
        .spawn(move || {
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
            let received: Vec<(Plan, f64)> = plan_rx.try_iter().collect();
            let first_gap = received.first().map(|(_, g)| *g).unwrap_or(0.0);
            let plans: Vec<Plan> = received.into_iter().map(|(plan, _)| plan).collect();
            if plans.is_empty() {
                return Err(Error::NoSolution(format!(
                    "no plan within the {limit} s time limit (the solver was still working; raise --time-limit)"
                )));
            }
            let n = plans.len();
            let mut ranked = finish(s, p, plans, Status::TimeLimit, first_gap, started);
            ranked.notes.push(format!("time limit of {limit} s reached after {n} plan(s); the last solve was cut off"));
            Ok(ranked)
        }
    }
}

fn finish(s: &Scenario, p: &Policy, mut plans: Vec<Plan>, status: Status, gap: f64, started: Instant) -> Ranked {
    // Cuts make later solves no better, but a gap- or time-limited solve may be.
    plans.sort_by(|a, b| b.objective.total_cmp(&a.objective).then(a.rank.cmp(&b.rank)));
    for (i, plan) in plans.iter_mut().enumerate() {
        plan.rank = i + 1;
    }
    let doc = PlansDoc {
        format: PLANS_FORMAT.to_string(),
        scenario: ScenarioRef { name: s.name.clone(), input_digest: s.digest.clone() },
        model: ModelRef { name: p.name.clone(), digest: p.digest.clone() },
        solver: SolverRef {
            name: "highs".into(),
            status: status.as_str().to_string(),
            seconds: started.elapsed().as_secs_f64(),
            // JSON has no infinity: an unknown gap (no bound yet) is written as 1 (100%).
            gap: if gap.is_finite() { gap } else { 1.0 },
        },
        plans,
    };
    Ranked { doc, status, notes: Vec::new() }
}

fn run(s: &Scenario, p: &Policy, k: usize, opts: &SolveOptions, progress: Option<&std::sync::mpsc::Sender<(Plan, f64)>>) -> Result<Ranked, Error> {
    let started = Instant::now();
    let mip = model::build(s, p, false);
    let mut session = Session::new(mip, opts.clone());
    let first = session.solve();
    match &first.status {
        Status::Infeasible | Status::UnboundedOrInfeasible => {
            let conflicts = explain_infeasible(s, p, opts);
            return Err(Error::Infeasible(explain::render_conflicts(s, p, &conflicts)));
        }
        Status::NoSolution => {
            return Err(Error::NoSolution(format!(
                "no feasible plan found within {:.1} s; raise --time-limit",
                opts.time_limit.unwrap_or(0.0)
            )))
        }
        Status::Error(e) => return Err(Error::Solver(e.clone())),
        _ => {}
    }
    let mut plans: Vec<Plan> = Vec::new();
    let mut patterns: Vec<Pattern> = Vec::new();
    let mut notes = Vec::new();
    let mut outcome = first.clone();
    loop {
        let d = Decisions::read(&session.index, &outcome.values);
        let pattern = d.pattern();
        let mut plan = plan::assemble(s, p, &d, plans.len() + 1);
        explain::annotate(s, p, &mut plan);
        if let Some(p1) = patterns.first() {
            plan.differences = explain::differences(s, p1, &pattern);
        }
        if outcome.status != Status::Optimal {
            plan.differences.insert(0, format!("求解状态 {}，相对间隙 {:.4}%", outcome.status.as_str(), outcome.gap * 100.0));
        }
        let violations = crate::verify::verify_plan(s, p, &plan);
        if !violations.is_empty() {
            let text: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
            return Err(Error::VerifyFailed { rank: plan.rank, violations: text.join("\n") });
        }
        if let Some(tx) = progress {
            let _ = tx.send((plan.clone(), outcome.gap));
        }
        plans.push(plan);
        patterns.push(pattern.clone());
        if plans.len() >= k {
            break;
        }
        let (coeffs, lower) = no_good_cut(&session.index, &pattern);
        if coeffs.is_empty() {
            notes.push("no other pattern exists: nothing to grant, reclaim or merge".into());
            break;
        }
        session.add_row(&format!("rank-exclude-{}", plans.len()), &coeffs, lower, f64::INFINITY);
        if session.remaining().is_some_and(|r| r <= 0.0) {
            notes.push(format!("time limit reached after {} plan(s)", plans.len()));
            break;
        }
        outcome = session.solve();
        if !outcome.status.has_solution() {
            notes.push(match outcome.status {
                Status::Infeasible | Status::UnboundedOrInfeasible => format!("only {} distinct pattern(s) exist", plans.len()),
                _ => format!("stopped after {} plan(s): {}", plans.len(), outcome.status.as_str()),
            });
            break;
        }
    }
    let mut ranked = finish(s, p, plans, first.status, first.gap, started);
    ranked.notes = notes;
    Ok(ranked)
}

/// Minimal set of relaxable rule groups that must give way, with amounts: solve the
/// elastic model (min Σ slack), harden every group whose slack is zero, then try to
/// harden each remaining one (deletion filter), and re-solve for the amounts.
pub fn explain_infeasible(s: &Scenario, p: &Policy, opts: &SolveOptions) -> Vec<Conflict> {
    let mip = model::build(s, p, true);
    let mut session = Session::new(mip, opts.clone());
    let slacks = session.index.slacks.clone();
    let first = session.solve();
    if !first.status.has_solution() {
        return vec![Conflict { rule: "conservation".into(), relax_by: 0.0 }];
    }
    let positive: Vec<usize> = (0..slacks.len()).filter(|&i| first.values[slacks[i].1.col] > 1e-6).collect();
    for (i, (_, v)) in slacks.iter().enumerate() {
        if !positive.contains(&i) {
            session.set_col_bounds(v.col, 0.0, 0.0);
        }
    }
    let mut needed = Vec::new();
    for &i in &positive {
        let col = slacks[i].1.col;
        session.set_col_bounds(col, 0.0, 0.0);
        if !session.solve().status.has_solution() {
            session.set_col_bounds(col, 0.0, f64::INFINITY);
            needed.push(i);
        }
    }
    let last = session.solve();
    needed
        .into_iter()
        .map(|i| Conflict {
            rule: slacks[i].0.clone(),
            relax_by: if last.status.has_solution() { last.values[slacks[i].1.col] } else { first.values[slacks[i].1.col] },
        })
        .collect()
}
