//! Ranked plans from independent parts: every part's first (and second) plan solved
//! side by side, then a heap over combinations of the parts' ranked lists for the k
//! best sums.

use super::emit::Emitter;
use super::fetch::{fetch, Fetched, PartPlan};
use super::infeasible::no_first_plan;
use super::{document, timed, Phases, Progress, Ranked};
use crate::domain::Scenario;
use crate::error::Error;
use crate::plan::{Decisions, Pattern};
use crate::policy::Policy;
use crate::solve::{SolveOptions, Status};
use crate::workers::{Budget, Split, Workers};
use std::time::Instant;

/// What a time limit keeps back from the parts' first plans for assembling, explaining
/// and verifying plan 1 of the whole (0.3 s at 50,000 units): 5% of the limit, at least
/// 0.3 s, at most 15%.
fn tail_reserve(limit: f64) -> f64 {
    (0.05 * limit).max(0.3).min(0.15 * limit)
}

/// Parts whose second plans are solved together before checking for enough ties.
const SECOND_PLAN_CHUNK: usize = 4;

/// A combination of the parts' plans: `at[i]` is the rank (from 0) taken in part i.
/// A `pending` one names a part's plan not solved yet: its `sum` is then its parent's,
/// an upper bound (a part's next plan is no better than the one before), and the plan is
/// solved only when the combination reaches the top of the heap.
#[derive(PartialEq)]
struct Combo {
    sum: f64,
    at: Vec<usize>,
    pending: bool,
}

impl Eq for Combo {}

impl Ord for Combo {
    /// Larger objective first (the heap pops its greatest); at equal sums a known
    /// combination before a pending one (whose true sum may be lower), then the
    /// lexicographically larger `at`, which is the one where an earlier part has moved
    /// further down its list (an earlier part moves first).
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sum
            .total_cmp(&other.sum)
            .then_with(|| other.pending.cmp(&self.pending))
            .then_with(|| self.at.cmp(&other.at))
    }
}

impl PartialOrd for Combo {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Pops the next plan: the best sum, and among the known combinations of that same sum
/// (ties, DESIGN §12; `top` is known) the one farthest — summed pattern distance — from
/// the plans already given; then the heap's own order. The others go back. Objectives are unchanged:
/// only which of equal plans comes first.
fn pop_farthest(heap: &mut std::collections::BinaryHeap<Combo>, lists: &[Vec<PartPlan>], emitted: &[Vec<usize>]) -> Option<Combo> {
    let top = heap.pop()?;
    let mut tied = vec![top];
    while heap.peek().is_some_and(|c| c.sum == tied[0].sum && !c.pending) {
        tied.push(heap.pop().expect("peeked"));
    }
    let far = |c: &Combo| -> usize {
        emitted
            .iter()
            .map(|e| c.at.iter().zip(e).enumerate().map(|(i, (&a, &b))| document::distance(&lists[i][a].pattern, &lists[i][b].pattern)).sum::<usize>())
            .sum()
    };
    // Heap order within `tied` is best first; the first of the farthest wins.
    let best = (0..tied.len()).max_by_key(|&j| (far(&tied[j]), usize::MAX - j)).expect("one at least");
    let chosen = tied.swap_remove(best);
    heap.extend(tied);
    Some(chosen)
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

/// Solves `jobs` (part index, patterns its plan must differ from) side by side on
/// `workers`, one HiGHS model per task with the options `part` and the time `split` gives
/// it out of `budget`, and returns what each found, in job order.
fn side_by_side(
    workers: &Workers,
    parts: &[Scenario],
    p: &Policy,
    jobs: &[(usize, Vec<Pattern>)],
    part: &SolveOptions,
    (budget, split): (&Budget, Split),
) -> Vec<Fetched> {
    workers.run_timed(jobs, budget, split, |(i, known), time_limit| fetch(&parts[*i], p, known, &SolveOptions { time_limit, ..part.clone() }))
}

/// Ranked plans from independent parts. Plan 1 takes every part's best plan. The
/// patterns of the whole are the products of the parts' patterns and the objective is
/// their sum, so the k best whole plans are the k best sums over the parts' ranked
/// lists: a heap over combinations, each generated once from its parent (the last
/// part whose rank is above 0 moves down one, or a later part moves to its second
/// plan). A part's (j+1)-th plan is solved only when a combination needs it. Parts
/// are solved `threads` at a time, each with one HiGHS thread.
pub(super) fn run_parts(
    s: &Scenario,
    p: &Policy,
    k: usize,
    opts: &SolveOptions,
    progress: Option<&Progress>,
    parts: &[Scenario],
    phases: Phases,
) -> Result<Ranked, Error> {
    let started = Instant::now();
    let mut out = Emitter { s, p, progress, phases };
    let workers = Workers::new(opts.threads.max(1) as usize, "part")?;
    // Each part's own solve: one HiGHS thread, no splitting again.
    let part = SolveOptions { threads: 1, decompose: false, ..opts.clone() };
    let budget = Budget::new(opts.time_limit, started);
    let mut lists: Vec<Vec<PartPlan>> = Vec::with_capacity(parts.len());
    // Under a time limit every part's first solve gets a fair share of what is left
    // (parts still to solve over workers), so that plan 1 has every part by the deadline;
    // a part that finishes early leaves its time to the later, larger ones. What plan 1
    // needs after them is kept back.
    let first_budget = budget.keeping_back(tail_reserve);
    let first = (&first_budget, Split::AmongUnfinished);
    let jobs: Vec<(usize, Vec<Pattern>)> = (0..parts.len()).map(|i| (i, Vec::new())).collect();
    let firsts = timed(&mut out.phases.solve, || side_by_side(&workers, parts, p, &jobs, &part, first));
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
    let cut_short: Vec<(usize, Vec<Pattern>)> =
        (0..parts.len()).filter(|&i| lists[i][0].status == Status::TimeLimit).map(|i| (i, Vec::new())).collect();
    if !cut_short.is_empty() {
        let again = timed(&mut out.phases.solve, || side_by_side(&workers, parts, p, &cut_short, &part, first));
        for ((i, _), f) in cut_short.iter().zip(again) {
            if let Fetched::Plan(pp) = f {
                if pp.status != Status::TimeLimit || pp.objective > lists[*i][0].objective {
                    lists[*i][0] = pp;
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
    let (d1, status1) = timed(&mut out.phases.assemble, || combine(&lists, &root));
    let first_pattern = d1.pattern();
    let mut plans = vec![out.emit(&d1, 1, None, (&status1.0, status1.1))?];

    if k > 1 {
        // Every part's second plan, a fixed chunk at a time (so that what is solved does
        // not depend on `threads`). Once k − 1 parts have a second plan as good as their
        // first, plans 2..k all tie with plan 1 and no other part can beat them: the
        // rest are left unsolved.
        let mut ties = 0;
        for base in (0..parts.len()).step_by(SECOND_PLAN_CHUNK) {
            let end = (base + SECOND_PLAN_CHUNK).min(parts.len());
            if ties + 1 >= k {
                exhausted[base..end].iter_mut().for_each(|e| *e = true);
                continue;
            }
            let jobs: Vec<(usize, Vec<Pattern>)> = (base..end).map(|i| (i, vec![lists[i][0].pattern.clone()])).collect();
            let seconds = timed(&mut out.phases.solve, || side_by_side(&workers, parts, p, &jobs, &part, (&budget, Split::Whole)));
            for (i, f) in (base..end).zip(seconds) {
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
    let mut emitted = vec![root.clone()];
    let mut frontier = vec![root];
    while plans.len() < k {
        for x in frontier.drain(..) {
            let from = x.iter().rposition(|&j| j > 0).unwrap_or(0);
            let parent = sum_at(&lists, &x);
            for i in from..parts.len() {
                let j = x[i] + 1;
                let mut at = x.clone();
                at[i] = j;
                if lists[i].len() > j {
                    heap.push(Combo { sum: sum_at(&lists, &at), at, pending: false });
                } else if !exhausted[i] {
                    heap.push(Combo { sum: parent, at, pending: true });
                }
            }
        }
        // Solve the pending plans that reach the top until a known combination is there.
        while let Some(top) = heap.peek().filter(|c| c.pending) {
            let at = top.at.clone();
            heap.pop();
            let i = (0..parts.len()).find(|&i| lists[i].len() <= at[i]).unwrap_or(0);
            if lists[i].len() <= at[i] && !exhausted[i] {
                let known: Vec<Pattern> = lists[i].iter().map(|pp| pp.pattern.clone()).collect();
                match timed(&mut out.phases.solve, || fetch(&parts[i], p, &known, &SolveOptions { time_limit: budget.left_now(), ..part.clone() })) {
                    Fetched::Plan(pp) => lists[i].push(pp),
                    Fetched::Exhausted(why) => {
                        exhausted[i] = true;
                        stops.extend(why);
                    }
                    Fetched::Failed(_) => unreachable!("a part with a first plan is never failed"),
                }
            }
            if lists[i].len() > at[i] {
                heap.push(Combo { sum: sum_at(&lists, &at), at, pending: false });
            }
        }
        let Some(next) = pop_farthest(&mut heap, &lists, &emitted) else { break };
        let (d, status) = timed(&mut out.phases.assemble, || combine(&lists, &next.at));
        plans.push(out.emit(&d, plans.len() + 1, Some(&first_pattern), (&status.0, status.1))?);
        emitted.push(next.at.clone());
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
    let mut ranked = document::finish(s, p, plans, status1.0, status1.1, started, out.phases, None);
    ranked.notes = notes;
    Ok(ranked)
}

#[cfg(test)]
mod tests {
    use super::Combo;
    use crate::model::tests::fixture;
    use crate::search::solve_ranked;
    use crate::solve::SolveOptions;

    #[test]
    fn among_equal_sums_the_heap_pops_the_lexicographically_larger_combination() {
        let mut heap = std::collections::BinaryHeap::new();
        for at in [vec![0, 1], vec![1, 0], vec![0, 2]] {
            heap.push(Combo { sum: 5.0, at, pending: false });
        }
        heap.push(Combo { sum: 4.0, at: vec![2, 0], pending: false });
        let order: Vec<Vec<usize>> = std::iter::from_fn(|| heap.pop().map(|c| c.at)).collect();
        assert_eq!(order, vec![vec![1, 0], vec![0, 2], vec![0, 1], vec![2, 0]]);
    }

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
        for ranked in [&parts, &whole] {
            assert!(ranked.phases.solve > 0.0 && ranked.phases.assemble > 0.0, "{:?}", ranked.phases);
            assert!(ranked.phases.explain > 0.0 && ranked.phases.verify > 0.0, "{:?}", ranked.phases);
        }
        assert!(parts.phases.decompose > 0.0 && whole.phases.decompose == 0.0);
    }
}
