//! Alternatives (DESIGN §12, `--diverse EPS`): plan 1 is the optimum; plans 2…K are each
//! held within ε of plan 1's objective and each maximises its pattern distance to all
//! the plans before it (modelling to generate alternatives).
//!
//! How it adds up over parts. The objective and the pattern distance are both sums over
//! the independent parts (every pattern decision — a request granted, a unit giving, a
//! unit merged — lives in exactly one part), and the ε budget is one number for the
//! whole scenario: a plan may spend all of it in one part. So plan k is
//!
//!   max Σ_parts distance_i(x_i)   s.t.   Σ_parts objective_i(x_i) ≥ floor,  x_i feasible in part i,
//!
//! the parts' models side by side joined by that one budget row. Solving the parts
//! apart would need each part's whole distance–loss trade-off (a point per loss level,
//! hundreds in a city) to share the budget exactly; the joined model is exactly the
//! whole model plus the budget row, so it is built once for the whole scenario and kept
//! live: each next plan changes only its objective. Plan 1 still comes from the parts
//! (fast, and the reference every distance is measured from) and is handed to HiGHS as
//! the first incumbent of plan 2.
//!
//! The distance of x to the earlier plans P_1…P_m is Σ_j Σ_i |b_i − P_j,i| over the
//! pattern indicators b (granted[r], donor[u], Σ_h merge[u,h]): with c_i the number of
//! earlier plans holding i, it is Σ_i c_i + Σ_i (m − 2·c_i)·b_i — linear. Every earlier
//! plan is feasible for it (within ε), so the best earlier one is HiGHS's first
//! incumbent; a result repeating an earlier pattern is cut off and solved again.
//!
//! A distance-maximising MIP is much harder to prove than the policy objective (the
//! bound is weak): each one gets a share of `--time-limit`, or without one
//! `DEFAULT_SECONDS_PER_PLAN`; one cut short keeps its best plan and says so (`status`
//! `time_limit`, `gap` and `distance_bound` on the distance).

use super::distance::{slack, start_of, Indicators};
use crate::search::decompose;
use crate::search::document;
use crate::search::emit::Emitter;
use crate::search::{no_good_cut, timed, Progress, Ranked};
use crate::domain::Scenario;
use crate::error::Error;
use crate::model;
use crate::plan::{self, Decisions, Pattern};
use crate::policy::Policy;
use crate::rules::Rule;
use crate::solve::{Session, SolveOptions, Status};
use crate::workers::{Budget, Split, Workers};
use std::time::Instant;

/// Least seconds each distance-maximising plan gets when no `--time-limit` is given;
/// otherwise it gets as long as plan 1 took.
pub(crate) const MIN_SECONDS_PER_PLAN: f64 = 2.0;

/// The parts' phase runs when the largest part has at most this share of the units.
const LARGEST_PART_SHARE: f64 = 0.5;

/// Share of a plan's seconds the parts' solves get before the joined model's.
const PARTS_SHARE: f64 = 0.5;

/// Plan 1 (ranked, by parts when the scenario splits), then plans 2…k as alternatives.
pub(crate) fn run_diverse(
    s: &Scenario,
    p: &Policy,
    k: usize,
    eps: f64,
    opts: &SolveOptions,
    progress: Option<&Progress>,
) -> Result<Ranked, Error> {
    let started = Instant::now();
    let first = crate::search::run_ranked(s, p, 1, &SolveOptions { diverse: None, ranges: false, ..opts.clone() }, progress)?;
    let plan1 = first.doc.plans[0].clone();
    let per_plan_default = started.elapsed().as_secs_f64().max(MIN_SECONDS_PER_PLAN);
    let mut notes: Vec<String> = first.notes.iter().filter(|n| n.starts_with("solved as ")).cloned().collect();
    let mut out = Emitter { s, p, progress, phases: first.phases };
    let floor = document::floor(plan1.objective, eps);
    let budget = plan1.objective - floor;
    let elapsed = || started.elapsed().as_secs_f64();
    let d1 = Decisions::of_plan(&plan1);

    let parts: Vec<Scenario> = if opts.decompose {
        timed(&mut out.phases.decompose, || decompose::split(s, p, opts.group_units))
    } else {
        Vec::new()
    };
    // The parts' phase pays when no part is most of the scenario (a province of
    // regions); with one dominant part it would only solve the same model twice.
    let largest = parts.iter().map(|q| q.units.len()).max().unwrap_or(0);
    let spread = parts.len() > 1 && (largest as f64) <= LARGEST_PART_SHARE * s.units.len() as f64;
    let parts = spread.then(|| PartsPhase::new(p, parts, &d1, budget, opts)).transpose()?;

    let mut session = timed(&mut out.phases.solve, || {
        let mut session =
            Session::new(model::build_model(s, p, false), SolveOptions { time_limit: None, decompose: false, ..opts.clone() });
        let row = session.cost_row();
        session.add_row(&Rule::RankDiverse.row_name(&[]), &row, floor - slack(plan1.objective), f64::INFINITY);
        session
    });
    let indicators = Indicators::of(&session.index);
    let mut patterns: Vec<Pattern> = vec![d1.pattern()];
    let mut found: Vec<Decisions> = vec![d1];
    let mut plans = vec![plan1];
    let mut cuts = 0usize;
    while plans.len() < k {
        let left = k - plans.len();
        let seconds = match opts.time_limit {
            Some(t) => (t - elapsed()).max(0.0) / left as f64,
            None => per_plan_default,
        };
        if seconds < 0.02 {
            notes.push(format!("time limit reached after {} plan(s)", plans.len()));
            break;
        }
        let plan_started = Instant::now();
        // The earlier plan farthest from the others is the first incumbent.
        let from = (0..patterns.len())
            .max_by_key(|&j| (patterns.iter().map(|q| document::distance(&patterns[j], q)).sum::<usize>(), usize::MAX - j))
            .unwrap_or(0);
        let mut start = found[from].clone();
        if let (Some(parts), 0) = (&parts, cuts) {
            if let Some(better) = timed(&mut out.phases.solve, || parts.solve(p, &start, &patterns, seconds * PARTS_SHARE)) {
                start = better;
            }
        }
        let (coeffs, offset) = indicators.distance_objective(session.col_names.len(), &patterns);
        let outcome = timed(&mut out.phases.solve, || {
            session.set_objective(&coeffs, offset);
            session.limit_next_solve((seconds - plan_started.elapsed().as_secs_f64()).max(0.01));
            if cuts == 0 {
                session.set_start(&start_of(&session.index, &start));
            }
            session.solve()
        });
        let total = |pattern: &Pattern| patterns.iter().map(|q| document::distance(pattern, q)).sum::<usize>();
        let start_is_new = cuts == 0 && !patterns.contains(&start.pattern());
        let (d, status) = if outcome.status.has_solution() {
            let d = timed(&mut out.phases.solve, || Decisions::read(&session.index, &outcome.values));
            // HiGHS keeps the start unless it finds better; should it have set it aside,
            // the parts' plan stands.
            if start_is_new && total(&start.pattern()) > total(&d.pattern()) {
                (start, (Status::TimeLimit, f64::INFINITY))
            } else {
                (d, (outcome.status.clone(), outcome.gap))
            }
        } else if start_is_new && !matches!(outcome.status, Status::Infeasible | Status::UnboundedOrInfeasible) {
            // The joined model found nothing in its time: the parts' plan stands.
            (start, (Status::TimeLimit, f64::INFINITY))
        } else if matches!(outcome.status, Status::Infeasible | Status::UnboundedOrInfeasible) {
            notes.push(format!("only {} distinct pattern(s) exist within {eps} of plan 1's objective", plans.len()));
            break;
        } else if cuts == 0 {
            // Nothing new within the time: the start repeats an earlier plan. Look again
            // with the earlier plans cut off.
            (start, (Status::TimeLimit, f64::INFINITY))
        } else {
            notes.push(format!("stopped after {} plan(s): {}", plans.len(), outcome.status.as_str()));
            break;
        };
        let pattern = d.pattern();
        if patterns.contains(&pattern) {
            // Every earlier plan is as far as this from the rest: cut them all off (once)
            // and look again, without a start (none of them is feasible now).
            if cuts == patterns.len() {
                notes.push(format!("only {} distinct pattern(s) found within {eps} of plan 1's objective", plans.len()));
                break;
            }
            for (j, q) in patterns.iter().enumerate().skip(cuts) {
                let (c, lower) = no_good_cut(&session.index, q);
                if !c.is_empty() {
                    session.add_row(&Rule::RankExclude.row_name(&[&(j + 1).to_string()]), &c, lower, f64::INFINITY);
                }
            }
            cuts = patterns.len();
            continue;
        }
        let rank = plans.len() + 1;
        let bound = (status.0 != Status::Optimal && outcome.bound.is_finite() && outcome.bound < 1e15)
            .then(|| (outcome.bound + 1e-6).floor().max(0.0) as usize);
        let first_pattern = patterns[0].clone();
        let plan = out.emit_with(&d, rank, Some(&first_pattern), (&status.0, status.1), |plan| plan.distance_bound = bound)?;
        if plan.objective < floor - slack(floor) {
            return Err(Error::Solver(format!(
                "plan {rank}'s objective {} is below the floor {floor} it was solved under",
                plan.objective
            )));
        }
        patterns.push(pattern);
        found.push(d);
        plans.push(plan);
        // Once any cut was needed, every plan is cut off as it is found.
        if cuts > 0 {
            let (c, lower) = no_good_cut(&session.index, patterns.last().expect("just pushed"));
            if !c.is_empty() {
                session.add_row(&Rule::RankExclude.row_name(&[&patterns.len().to_string()]), &c, lower, f64::INFINITY);
            }
            cuts = patterns.len();
        }
    }
    let mut ranked = document::finish(s, p, plans, first.status, first.doc.solver.gap, started, out.phases, Some(eps));
    ranked.notes = notes;
    Ok(ranked)
}

/// The parts' side of an alternative: each independent part maximises its own share of
/// the distance within its share of the ε budget (in proportion to its part of plan 1's
/// objective, so the shares add up to the budget). Their union is within ε of plan 1,
/// and it is the joined model's first incumbent: small models are solved (often to
/// proof) far faster than the joined one finds such a plan, and the joined model then
/// only has to move budget between parts.
struct PartsPhase {
    parts: Vec<Scenario>,
    /// Each part's ε share.
    shares: Vec<f64>,
    /// Plan 1 restricted to each part.
    firsts: Vec<Decisions>,
    /// Each part's units: its share of a plan's seconds.
    sizes: Vec<usize>,
    workers: Workers,
}

impl PartsPhase {
    fn new(p: &Policy, parts: Vec<Scenario>, d1: &Decisions, budget: f64, opts: &SolveOptions) -> Result<PartsPhase, Error> {
        let firsts: Vec<Decisions> = parts.iter().map(|part| d1.restricted_to(part)).collect();
        let objectives: Vec<f64> =
            parts.iter().zip(&firsts).map(|(part, d)| plan::assemble(part, p, d, 1).objective.abs()).collect();
        let sum: f64 = objectives.iter().sum();
        let shares = objectives
            .iter()
            .map(|o| if sum > 0.0 { budget * o / sum } else { budget / parts.len() as f64 })
            .collect();
        let sizes = parts.iter().map(|q| q.units.len()).collect();
        let workers = Workers::new(opts.threads.max(1) as usize, "diverse")?;
        Ok(PartsPhase { parts, shares, firsts, sizes, workers })
    }

    /// The union of every part's farthest plan within its share, starting each part from
    /// `start`'s decisions there; None when no part found anything (time too short).
    fn solve(&self, p: &Policy, start: &Decisions, earlier: &[Pattern], seconds: f64) -> Option<Decisions> {
        // Time in proportion to a part's size, as if the parts shared the workers evenly;
        // no part more than the whole phase.
        let jobs: Vec<usize> = (0..self.parts.len()).collect();
        let budget = Budget::new(Some(seconds), Instant::now());
        let found = self.workers.run_timed(&jobs, &budget, Split::ByWeight(&self.sizes), |&i, per_part| {
            let part = &self.parts[i];
            let from = start.restricted_to(part);
            let mut session = Session::new(
                model::build_model(part, p, false),
                SolveOptions { threads: 1, time_limit: per_part.map(|t| t.max(0.01)), decompose: false, ..SolveOptions::default() },
            );
            let first = start_of(&session.index, &self.firsts[i]);
            let o1: f64 = first.iter().map(|&(c, v)| session.costs[c] * v).sum();
            let row = session.cost_row();
            session.add_row(&Rule::RankDiverse.row_name(&[]), &row, o1 - self.shares[i] - slack(o1), f64::INFINITY);
            let (coeffs, offset) = Indicators::of(&session.index).distance_objective(session.col_names.len(), earlier);
            session.set_objective(&coeffs, offset);
            session.set_start(&start_of(&session.index, &from));
            let out = session.solve();
            out.status.has_solution().then(|| Decisions::read(&session.index, &out.values))
        });
        if found.iter().all(Option::is_none) {
            return None;
        }
        let chosen: Vec<Decisions> = found
            .into_iter()
            .zip(&self.parts)
            .map(|(f, part)| f.unwrap_or_else(|| start.restricted_to(part)))
            .collect();
        Some(Decisions::union(chosen.iter()))
    }
}
