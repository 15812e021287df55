//! Ranked plans (DESIGN §6): plan 1 is the optimum; plan k+1 is the best plan whose
//! pattern (requests granted, donor units, merged units) differs from every earlier
//! plan's, found by adding one no-good cut per plan. Also the elastic re-solve that
//! explains infeasibility, with a deletion filter down to a minimal set of rules that
//! must give way.
//!
//! This file holds the entry, [`solve_ranked`]: the opening state of the ledger
//! (`horizon::ledger`), the search on it (ranked, or `alternatives` with `--diverse`,
//! then `--ranges`), and the plans restated on the scenario as given
//! (`horizon::restate`). The engine, one file per job: `decompose` (independent parts),
//! `whole` (cuts on one live model), `parts` (parts side by side and the k-best heap
//! over their ranked lists), `fetch` (one part's next plan), `emit` (one plan assembled,
//! explained, verified), `document` (the plans document around the plans), `deadline`
//! (the time limit as a deadline on a worker thread), `infeasible` (the deletion
//! filter). The engine files never call `alternatives` but for `whole`'s tie-break.

pub(crate) mod decompose;
mod deadline;
pub(crate) mod document;
pub(crate) mod emit;
mod fetch;
mod infeasible;
mod parts;
mod whole;

pub use infeasible::explain_infeasible;

use crate::alternatives;
use crate::horizon;
use crate::domain::{Plan, PlansDoc, Scenario};
use crate::error::Error;
use crate::model::Index;
use crate::plan::Pattern;
use crate::policy::Policy;
use crate::solve::{SolveOptions, Status};
use std::time::Instant;

/// The result of a ranked solve.
#[derive(Clone, Debug)]
pub struct Ranked {
    pub doc: PlansDoc,
    /// Status of plan 1's solve.
    pub status: Status,
    /// Why fewer plans than asked came back, if they did.
    pub notes: Vec<String>,
    /// Wall time of each phase (not written to plans.json).
    pub phases: Phases,
}

/// Wall-clock seconds of each phase of a ranked solve. Parts solved side by side count
/// once, by the wall clock, not summed over workers.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Phases {
    /// Splitting the scenario into independent parts.
    pub decompose: f64,
    /// Building the models, solving them (no-good cuts included) and reading the
    /// decisions back. When a time limit cuts the solve off, everything not counted in
    /// another phase.
    pub solve: f64,
    /// Decisions → plan (moves, changed lines, pools, objective).
    pub assemble: f64,
    /// Reasons, why-not and differences from plan 1.
    pub explain: f64,
    /// The independent re-check of every plan.
    pub verify: f64,
}

impl Phases {
    /// (name, seconds) in the order the phases run.
    pub fn named(&self) -> [(&'static str, f64); 5] {
        [
            ("decompose", self.decompose),
            ("solve", self.solve),
            ("assemble", self.assemble),
            ("explain", self.explain),
            ("verify", self.verify),
        ]
    }
}

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
/// on its opening state (`horizon::ledger::opening`: the returns due at `as_of` made, year
/// 1's requests only); the plans come back restated on `s` with their returns first.
pub fn solve_ranked(s: &Scenario, p: &Policy, k: usize, opts: &SolveOptions) -> Result<Ranked, Error> {
    solve_ranked_in(s, p, k, opts, 1)
}

/// [`solve_ranked`] for plan year `year` of `s` (its requests and its date's returns).
pub(crate) fn solve_ranked_in(s: &Scenario, p: &Policy, k: usize, opts: &SolveOptions, year: usize) -> Result<Ranked, Error> {
    let open = horizon::ledger::opening(s, p, year);
    if open.returns.is_empty() && s.requests.iter().all(|r| r.year.is_none()) && year == 1 {
        return deadline::within_deadline(s, p, k, opts);
    }
    let mut ranked = deadline::within_deadline(&open.scenario, p, k, opts)?;
    let returns = horizon::restate::return_moves(s, p, &open.returns);
    let t = Instant::now();
    horizon::restate::restate_all(s, p, &mut ranked.doc.plans, &returns, year)?;
    ranked.phases.verify += t.elapsed().as_secs_f64();
    Ok(ranked)
}

/// Runs `f`, adding its wall time to `slot`.
pub(crate) fn timed<T>(slot: &mut f64, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    *slot += t.elapsed().as_secs_f64();
    out
}

/// Where each verified plan is sent (with its gap and the phase times so far), for
/// a caller that may have to answer before the solve ends.
pub(crate) type Progress = std::sync::mpsc::Sender<(Plan, f64, Phases)>;

/// Column coefficients of the no-good cut excluding `pattern`:
/// Σ_{i∈P} (1 − b_i) + Σ_{i∉P} b_i ≥ 1, over granted[r], donor[u] and
/// merged[u] = Σ_h merge[u,h]. Returns (coefficients, lower bound).
pub(crate) fn no_good_cut(index: &Index, pattern: &Pattern) -> (Vec<(usize, f64)>, f64) {
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

/// Ranked plans (or, with `--diverse`, alternatives), then `--ranges` when asked.
fn run(s: &Scenario, p: &Policy, k: usize, opts: &SolveOptions, progress: Option<&Progress>) -> Result<Ranked, Error> {
    let started = Instant::now();
    let mut ranked = match opts.diverse {
        Some(eps) if k > 1 => alternatives::run_diverse(s, p, k, eps, opts, progress)?,
        _ => run_ranked(s, p, k, opts, progress)?,
    };
    if opts.ranges {
        let best = ranked.doc.plans.first().map(|pl| pl.objective).unwrap_or(0.0);
        let floor = document::floor(best, opts.diverse.unwrap_or(0.0));
        let left = SolveOptions {
            time_limit: opts.time_limit.map(|t| (t - started.elapsed().as_secs_f64()).max(0.0)),
            ..opts.clone()
        };
        let ranges = timed(&mut ranked.phases.solve, || alternatives::request_ranges(s, p, best, floor, &left))?;
        ranked.doc.ranges = Some(ranges);
    }
    Ok(ranked)
}

/// Ranked plans by parts when the scenario splits (and splitting is on), else on the
/// whole model.
pub(crate) fn run_ranked(s: &Scenario, p: &Policy, k: usize, opts: &SolveOptions, progress: Option<&Progress>) -> Result<Ranked, Error> {
    let mut phases = Phases::default();
    if opts.decompose {
        let parts = timed(&mut phases.decompose, || {
            let mut parts = decompose::split(s, p, opts.group_units);
            // Small parts first: their next plans are cheap, and ties among plans are
            // settled by moving the earliest part that can.
            parts.sort_by_key(|q| q.units.len());
            parts
        });
        if parts.len() > 1 {
            return parts::run_parts(s, p, k, opts, progress, &parts, phases);
        }
    }
    whole::run_whole(s, p, k, opts, progress, phases)
}
