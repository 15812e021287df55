//! Ranked plans (DESIGN §6): plan 1 is the optimum; plan k+1 is the best plan whose
//! pattern (requests granted, donor units, merged units) differs from every earlier
//! plan's, found by adding one no-good cut per plan to the live model. Also the
//! elastic re-solve that explains infeasibility, with a deletion filter down to a
//! minimal set of rules that must give way.

use crate::domain::{ModelRef, Plan, PlansDoc, Scenario, ScenarioRef, SolverRef, PLANS_FORMAT};
use crate::error::Error;
use crate::explain::{self, Conflict};
use crate::decompose;
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
            let received: Vec<(Plan, f64)> = plan_rx.try_iter().collect();
            let first_gap = received.first().map(|(_, g)| *g).unwrap_or(0.0);
            let plans: Vec<Plan> = received.into_iter().map(|(plan, _)| plan).collect();
            if plans.is_empty() {
                return Err(Error::NoSolution(format!(
                    "no plan within the time limit ({limit:.1} s left for solving; the solver was still working; raise --time-limit)"
                )));
            }
            let n = plans.len();
            let mut ranked = finish(s, p, plans, Status::TimeLimit, first_gap, started);
            ranked.notes.push(format!("time limit reached ({limit:.1} s for solving) after {n} plan(s); the last solve was cut off"));
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

fn run(s: &Scenario, p: &Policy, k: usize, opts: &SolveOptions, progress: Option<&Progress>) -> Result<Ranked, Error> {
    if opts.decompose {
        let mut parts = decompose::split(s, p, opts.group_units);
        // Small parts first: their next plans are cheap, and ties among plans are
        // settled by moving the earliest part that can.
        parts.sort_by_key(|q| q.units.len());
        if parts.len() > 1 {
            return run_parts(s, p, k, opts, progress, &parts);
        }
    }
    run_whole(s, p, k, opts, progress)
}

/// What a time limit keeps back from the parts' first plans for assembling, explaining
/// and verifying plan 1 of the whole (0.3 s at 50,000 units): 5% of the limit, at least
/// 0.3 s, at most 15%.
fn tail_reserve(limit: f64) -> f64 {
    (0.05 * limit).max(0.3).min(0.15 * limit)
}

/// Seconds below which a part's solve is not started under a time limit.
const MIN_SLICE: f64 = 0.02;

/// Parts whose second plans are solved together before checking for enough ties.
const SECOND_PLAN_CHUNK: usize = 4;

type Progress = std::sync::mpsc::Sender<(Plan, f64)>;

/// The error for a first solve that found no plan. Infeasibility is explained on
/// `infeasible` (the whole scenario, or each independent part that has no plan: the
/// rules that conflict are the same, and found on smaller models) and rendered with the
/// names of the whole `s`.
fn no_first_plan(s: &Scenario, infeasible: &[&Scenario], p: &Policy, opts: &SolveOptions, status: &Status) -> Error {
    match status {
        Status::Infeasible | Status::UnboundedOrInfeasible => {
            let mut conflicts: Vec<Conflict> = infeasible.iter().flat_map(|part| explain_infeasible(part, p, opts)).collect();
            conflicts.sort_by_cached_key(Conflict::row);
            Error::Infeasible(explain::render_conflicts(s, p, &conflicts))
        }
        Status::Error(e) => Error::Solver(e.clone()),
        _ => Error::NoSolution(format!(
            "no feasible plan found within {:.1} s; raise --time-limit",
            opts.time_limit.unwrap_or(0.0)
        )),
    }
}

/// Plan `rank` of some decisions: assembled, explained, compared with plan 1 and
/// verified; sent to `progress` once verified.
fn emit(
    s: &Scenario,
    p: &Policy,
    d: &Decisions,
    rank: usize,
    first: Option<&Pattern>,
    (status, gap): (&Status, f64),
    progress: Option<&Progress>,
) -> Result<Plan, Error> {
    let mut plan = plan::assemble(s, p, d, rank);
    explain::annotate(s, p, &mut plan);
    if let Some(p1) = first {
        plan.differences = explain::differences(s, p1, &d.pattern());
    }
    if *status != Status::Optimal {
        plan.differences.insert(0, format!("求解状态 {}，相对间隙 {:.4}%", status.as_str(), gap * 100.0));
    }
    let violations = crate::verify::verify_plan(s, p, &plan);
    if !violations.is_empty() {
        let text: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
        return Err(Error::VerifyFailed { rank: plan.rank, violations: text.join("\n") });
    }
    if let Some(tx) = progress {
        let _ = tx.send((plan.clone(), gap));
    }
    Ok(plan)
}

/// Ranked plans from one model of the whole scenario, with a no-good cut per plan.
fn run_whole(s: &Scenario, p: &Policy, k: usize, opts: &SolveOptions, progress: Option<&Progress>) -> Result<Ranked, Error> {
    let started = Instant::now();
    let mip = model::build(s, p, false);
    let mut session = Session::new(mip, opts.clone());
    let first = session.solve();
    if !first.status.has_solution() {
        return Err(no_first_plan(s, &[s], p, opts, &first.status));
    }
    let mut plans: Vec<Plan> = Vec::new();
    let mut patterns: Vec<Pattern> = Vec::new();
    let mut notes = Vec::new();
    let mut outcome = first.clone();
    loop {
        let d = Decisions::read(&session.index, &outcome.values);
        let pattern = d.pattern();
        plans.push(emit(s, p, &d, plans.len() + 1, patterns.first(), (&outcome.status, outcome.gap), progress)?);
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

/// One ranked plan of one part.
struct PartPlan {
    d: Decisions,
    pattern: Pattern,
    /// Exact objective of the part's decisions (from their terms).
    objective: f64,
    /// HiGHS's objective and gap, for the combined gap.
    raw: f64,
    status: Status,
    gap: f64,
}

enum Fetched {
    Plan(PartPlan),
    /// No further pattern; why, when it is not simply that none exists.
    Exhausted(Option<String>),
    /// The part's first solve found no plan.
    Failed(Status),
}

/// The best plan of a part whose pattern differs from every `known` one. The HiGHS
/// model is built, solved and dropped here, on the calling thread.
fn fetch(part: &Scenario, p: &Policy, known: &[Pattern], opts: &SolveOptions) -> Fetched {
    // HiGHS needs about 10 ms for even a tiny model: below a useful slice, do not start.
    if opts.time_limit.is_some_and(|t| t < MIN_SLICE) {
        return if known.is_empty() { nothing_done(part, p) } else { Fetched::Exhausted(Some("time limit".into())) };
    }
    let mut session = Session::new(model::build(part, p, false), opts.clone());
    for (i, pattern) in known.iter().enumerate() {
        let (coeffs, lower) = no_good_cut(&session.index, pattern);
        if coeffs.is_empty() {
            return Fetched::Exhausted(None);
        }
        session.add_row(&format!("rank-exclude-{}", i + 1), &coeffs, lower, f64::INFINITY);
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
    let c = model::Candidates::new(part, p);
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

/// A combination of the parts' plans: `at[i]` is the rank (from 0) taken in part i.
#[derive(PartialEq)]
struct Combo {
    sum: f64,
    at: Vec<usize>,
}

impl Eq for Combo {}

impl Ord for Combo {
    /// Larger objective first; among equal ones, the lexicographically larger `at`
    /// (an earlier part moves first).
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sum.total_cmp(&other.sum).then_with(|| self.at.cmp(&other.at))
    }
}

impl PartialOrd for Combo {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Status and relative gap of a combination: optimal only when every part is, and the
/// gap of the sum (Σ gap_i·|obj_i| / |Σ obj_i|).
fn combined_status(plans: &[&PartPlan]) -> (Status, f64) {
    if plans.iter().all(|pp| pp.status == Status::Optimal) {
        return (Status::Optimal, 0.0);
    }
    let status = if plans.iter().any(|pp| pp.status == Status::TimeLimit) { Status::TimeLimit } else { Status::GapLimit };
    let slack: f64 = plans.iter().map(|pp| pp.gap * pp.raw.abs()).sum();
    let total: f64 = plans.iter().map(|pp| pp.raw).sum::<f64>().abs();
    let gap = if !slack.is_finite() || total == 0.0 { f64::INFINITY } else { slack / total };
    (status, gap)
}

/// Ranked plans from independent parts. Plan 1 takes every part's best plan. The
/// patterns of the whole are the products of the parts' patterns and the objective is
/// their sum, so the k best whole plans are the k best sums over the parts' ranked
/// lists: a heap over combinations, each generated once from its parent (the last
/// part whose rank is above 0 moves down one, or a later part moves to its second
/// plan). A part's (j+1)-th plan is solved only when a combination needs it. Parts
/// are solved `threads` at a time, each with one HiGHS thread.
fn run_parts(s: &Scenario, p: &Policy, k: usize, opts: &SolveOptions, progress: Option<&Progress>, parts: &[Scenario]) -> Result<Ranked, Error> {
    use rayon::prelude::*;
    let started = Instant::now();
    let workers = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.max(1) as usize)
        .thread_name(|i| format!("bianzhi-part-{i}"))
        .build()
        .map_err(|e| Error::Solver(format!("cannot start solver threads: {e}")))?;
    let part_opts = || SolveOptions {
        threads: 1,
        decompose: false,
        time_limit: opts.time_limit.map(|t| (t - started.elapsed().as_secs_f64()).max(0.0)),
        ..opts.clone()
    };
    let mut lists: Vec<Vec<PartPlan>> = Vec::with_capacity(parts.len());
    // Under a time limit every part's first solve gets a fair share of what is left
    // (parts still to solve over workers), so that plan 1 has every part by the deadline;
    // a part that finishes early leaves its time to the later, larger ones.
    let done = std::sync::atomic::AtomicUsize::new(0);
    let first_opts = || {
        let left = parts.len() - done.load(std::sync::atomic::Ordering::Relaxed);
        let share = workers.current_num_threads() as f64 / left.max(1) as f64;
        SolveOptions {
            time_limit: opts
                .time_limit
                .map(|t| (t - tail_reserve(t) - started.elapsed().as_secs_f64()).max(0.0) * share.min(1.0)),
            ..part_opts()
        }
    };
    let firsts: Vec<Fetched> = workers.install(|| {
        parts
            .par_iter()
            .map(|q| {
                let f = fetch(q, p, &[], &first_opts());
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                f
            })
            .collect()
    });
    let mut failed: Vec<(usize, Status)> = Vec::new();
    for (i, f) in firsts.into_iter().enumerate() {
        match f {
            Fetched::Plan(pp) => lists.push(vec![pp]),
            Fetched::Failed(status) => failed.push((i, status)),
            Fetched::Exhausted(_) => unreachable!("a first solve has no cut to exhaust"),
        }
    }
    let infeasible = |st: &Status| matches!(st, Status::Infeasible | Status::UnboundedOrInfeasible);
    if let Some((_, status)) = failed.iter().find(|(_, st)| !infeasible(st)).or(failed.first()) {
        let parts_without_plan: Vec<&Scenario> = failed.iter().filter(|(_, st)| infeasible(st)).map(|(i, _)| &parts[*i]).collect();
        return Err(no_first_plan(s, &parts_without_plan, p, opts, status));
    }
    // Parts the fair share cut short get what time is left, shared again among them.
    let cut_short: Vec<usize> = (0..parts.len()).filter(|&i| lists[i][0].status == Status::TimeLimit).collect();
    if !cut_short.is_empty() {
        done.store(parts.len() - cut_short.len(), std::sync::atomic::Ordering::Relaxed);
        let again: Vec<(usize, Fetched)> = workers.install(|| {
            cut_short
                .par_iter()
                .map(|&i| {
                    let f = fetch(&parts[i], p, &[], &first_opts());
                    done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    (i, f)
                })
                .collect()
        });
        for (i, f) in again {
            if let Fetched::Plan(pp) = f {
                if pp.status != Status::TimeLimit || pp.objective > lists[i][0].objective {
                    lists[i][0] = pp;
                }
            }
        }
    }
    let mut exhausted = vec![false; parts.len()];
    let mut stops: Vec<String> = Vec::new();
    let combine = |lists: &[Vec<PartPlan>], at: &[usize]| -> (Decisions, (Status, f64)) {
        let chosen: Vec<&PartPlan> = at.iter().enumerate().map(|(i, &j)| &lists[i][j]).collect();
        (Decisions::union(chosen.iter().map(|pp| &pp.d)), combined_status(&chosen))
    };
    let root = vec![0; parts.len()];
    let (d1, status1) = combine(&lists, &root);
    let first_pattern = d1.pattern();
    let mut plans = vec![emit(s, p, &d1, 1, None, (&status1.0, status1.1), progress)?];

    if k > 1 {
        // Every part's second plan, a fixed chunk at a time (so that what is solved does
        // not depend on `threads`). Once k − 1 parts have a second plan as good as their
        // first, plans 2..k all tie with plan 1 and no other part can beat them: the
        // rest are left unsolved.
        let mut ties = 0;
        for (c, chunk) in parts.chunks(SECOND_PLAN_CHUNK).enumerate() {
            let base = c * SECOND_PLAN_CHUNK;
            if ties + 1 >= k {
                exhausted[base..base + chunk.len()].iter_mut().for_each(|e| *e = true);
                continue;
            }
            let seconds: Vec<Fetched> = workers.install(|| {
                chunk
                    .par_iter()
                    .zip(lists[base..base + chunk.len()].par_iter())
                    .map(|(q, list)| fetch(q, p, &[list[0].pattern.clone()], &part_opts()))
                    .collect()
            });
            for (i, f) in seconds.into_iter().enumerate().map(|(j, f)| (base + j, f)) {
                match f {
                    Fetched::Plan(pp) => {
                        ties += usize::from(pp.objective >= lists[i][0].objective);
                        lists[i].push(pp);
                    }
                    Fetched::Exhausted(why) => {
                        exhausted[i] = true;
                        stops.extend(why);
                    }
                    Fetched::Failed(_) => unreachable!("a part with a first plan is never failed"),
                }
            }
        }
    }
    let sum_at = |lists: &[Vec<PartPlan>], at: &[usize]| at.iter().enumerate().map(|(i, &j)| lists[i][j].objective).sum::<f64>();
    let mut heap = std::collections::BinaryHeap::new();
    let mut frontier = vec![root];
    while plans.len() < k {
        for x in frontier.drain(..) {
            let from = x.iter().rposition(|&j| j > 0).unwrap_or(0);
            for i in from..parts.len() {
                let j = x[i] + 1;
                if lists[i].len() <= j && !exhausted[i] {
                    let known: Vec<Pattern> = lists[i].iter().map(|pp| pp.pattern.clone()).collect();
                    match fetch(&parts[i], p, &known, &part_opts()) {
                        Fetched::Plan(pp) => lists[i].push(pp),
                        Fetched::Exhausted(why) => {
                            exhausted[i] = true;
                            stops.extend(why);
                        }
                        Fetched::Failed(_) => unreachable!("a part with a first plan is never failed"),
                    }
                }
                if lists[i].len() > j {
                    let mut at = x.clone();
                    at[i] = j;
                    heap.push(Combo { sum: sum_at(&lists, &at), at });
                }
            }
        }
        let Some(next) = heap.pop() else { break };
        let (d, status) = combine(&lists, &next.at);
        plans.push(emit(s, p, &d, plans.len() + 1, Some(&first_pattern), (&status.0, status.1), progress)?);
        frontier.push(next.at);
    }
    let mut notes = vec![format!("solved as {} independent parts", parts.len())];
    if plans.len() < k {
        notes.push(if stops.is_empty() {
            format!("only {} distinct pattern(s) exist", plans.len())
        } else {
            format!("stopped after {} plan(s): {}", plans.len(), stops.join(", "))
        });
    }
    let mut ranked = finish(s, p, plans, status1.0, status1.1, started);
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
        return vec![Conflict { relaxation: None, relax_by: 0.0 }];
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
            relaxation: Some(slacks[i].0.clone()),
            relax_by: if last.status.has_solution() { last.values[slacks[i].1.col] } else { first.values[slacks[i].1.col] },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::solve_ranked;
    use crate::model::tests::fixture;
    use crate::solve::SolveOptions;

    #[test]
    fn ranked_lists_of_two_parts_merge_into_the_k_best_sums() {
        // Part A (卫健, POOL-MUNI fed by U1's 5 idle quota): R1 key 3, R2 operations 2;
        // patterns 339, 299, 39, 0, −1 (one donor costs 1). Part B (教育, POOL-EDU of
        // 4): R3 emergency 3, R4 operations 3; patterns 200, 180, 60, 0. The six best
        // sums are all distinct.
        let (s, p) = fixture(
            "[consolidation]\nmax_quota = 0\n[reclaim]\nkeep_vacant = 0\ninto = { institution = \"POOL-MUNI\" }\n[weights]\ndonor_units = -1.0",
            &[
                ("U1", "A", "卫健", "active", false),
                ("U2", "A", "卫健", "active", false),
                ("U3", "A", "卫健", "active", false),
                ("U4", "B", "教育", "active", false),
                ("U5", "B", "教育", "active", false),
            ],
            &[("U1", 10, 5), ("U2", 10, 10), ("U3", 10, 10), ("U4", 10, 10), ("U5", 10, 10)],
            &[("POOL-EDU", 4, "教育", 0), ("POOL-MUNI", 0, "卫健", 0)],
            &[("R1", "U2", 3, "key", 0), ("R2", "U3", 2, "operations", 0), ("R3", "U4", 3, "emergency", 0), ("R4", "U5", 3, "operations", 0)],
        );
        let parts = solve_ranked(&s, &p, 6, &SolveOptions { group_units: 0, ..SolveOptions::default() }).expect("solves");
        assert_eq!(parts.notes.first().map(String::as_str), Some("solved as 2 independent parts"));
        let objectives: Vec<f64> = parts.doc.plans.iter().map(|pl| pl.objective).collect();
        assert_eq!(objectives, vec![539.0, 519.0, 499.0, 479.0, 399.0, 359.0]);
        let whole = solve_ranked(&s, &p, 6, &SolveOptions { decompose: false, ..SolveOptions::default() }).expect("solves");
        let granted = |plans: &[crate::domain::Plan]| -> Vec<Vec<(String, i64)>> {
            plans.iter().map(|pl| pl.requests.iter().map(|r| (r.request.clone(), r.granted)).collect()).collect()
        };
        assert_eq!(granted(&parts.doc.plans), granted(&whole.doc.plans));
        assert_eq!(parts.doc.plans[0], whole.doc.plans[0]);
    }

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
        let super::Fetched::Plan(pp) = super::fetch(&s, &p, &[], &opts) else { panic!("a fallback plan expected") };
        assert_eq!(pp.status, crate::solve::Status::TimeLimit);
        assert!(pp.gap.is_infinite());
        assert_eq!(pp.d.merges, vec![("U1".to_string(), "U2".to_string()), ("U3".to_string(), "U2".to_string())]);
        assert!(pp.d.reclaims.is_empty() && pp.d.grants.is_empty());
    }

    #[test]
    fn forced_merges_over_a_region_cap_are_explained() {
        let (mut s, p) = fixture(
            "[consolidation]\nmax_quota = 0\nmax_merges_per_region = 1",
            &[("U1", "A", "教育", "vanished", false), ("U2", "A", "教育", "vanished", false), ("U3", "A", "教育", "active", false)],
            &[("U1", 3, 3), ("U2", 2, 2), ("U3", 10, 5)],
            &[("POOL-MUNI", 0, "*", 0)],
            &[],
        );
        for u in &mut s.units {
            u.region = "北县".into();
        }
        // Relaxing the region's cap or either forced merge resolves it; the deletion
        // filter keeps one of them.
        let Err(crate::error::Error::Infeasible(text)) = solve_ranked(&s, &p, 1, &SolveOptions::default()) else {
            panic!("infeasible expected")
        };
        assert!(text.contains("[merge-max-region-") || text.contains("[merge-vanished-"), "{text}");
        let relaxation = crate::rules::Relaxation::MaxMergesInRegion { region: "北县".into() };
        assert!(crate::model::build(&s, &p, true).index.slacks.iter().any(|(r, _)| *r == relaxation));
        let shown = crate::explain::render_conflicts(&s, &p, &[crate::explain::Conflict { relaxation: Some(relaxation), relax_by: 1.0 }]);
        assert!(shown.contains("forced merges in region 北县 exceed consolidation.max_merges_per_region = 1 by 1"), "{shown}");
    }

    #[test]
    fn every_infeasible_part_is_explained() {
        // Two parts, each below its pool's reserve with nothing to fill it.
        let (s, p) = fixture(
            "[consolidation]\nmax_quota = 0\n[reserve]\nmin_available = { POOL-EDU = 5, POOL-MUNI = 3 }",
            &[("U1", "A", "卫健", "active", false), ("U2", "B", "教育", "active", false)],
            &[("U1", 10, 10), ("U2", 10, 10)],
            &[("POOL-EDU", 1, "教育", 0), ("POOL-MUNI", 0, "卫健", 0)],
            &[("R1", "U1", 1, "key", 0), ("R2", "U2", 1, "key", 0)],
        );
        let opts = SolveOptions { group_units: 0, ..SolveOptions::default() };
        assert_eq!(crate::decompose::split(&s, &p, 0).len(), 2);
        let Err(crate::error::Error::Infeasible(text)) = solve_ranked(&s, &p, 1, &opts) else { panic!("infeasible expected") };
        assert!(text.contains("pool-reserve-POOL-EDU") && text.contains("pool-reserve-POOL-MUNI"), "{text}");
        let Err(crate::error::Error::Infeasible(whole)) = solve_ranked(&s, &p, 1, &SolveOptions { decompose: false, ..opts }) else {
            panic!("infeasible expected")
        };
        assert_eq!(text, whole, "the parts name what the whole model names");
    }
}
