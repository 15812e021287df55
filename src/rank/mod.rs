//! Ranked plans (DESIGN §6): plan 1 is the optimum; plan k+1 is the best plan whose
//! pattern (requests granted, donor units, merged units) differs from every earlier
//! plan's, found by adding one no-good cut per plan to the live model. Also the
//! elastic re-solve that explains infeasibility, with a deletion filter down to a
//! minimal set of rules that must give way.
//!
//! One file per job: `deadline` (the time-limited worker thread), `doc` (the plans
//! document), `emit` (one plan assembled, explained, verified), `whole` (cuts on one
//! live model), `parts` (independent parts side by side and the k-best heap over
//! their ranked lists), `fetch` (one part's next plan), `infeasible` (the deletion
//! filter).

mod alternatives;
mod deadline;
mod doc;
mod emit;
mod fetch;
mod infeasible;
mod opening;
mod parts;
mod ranges;
mod whole;
mod years;

pub use deadline::solve_ranked;
pub use years::solve_years;
pub use infeasible::explain_infeasible;

use crate::decompose;
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

/// Runs `f`, adding its wall time to `slot`.
fn timed<T>(slot: &mut f64, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    *slot += t.elapsed().as_secs_f64();
    out
}

/// Where each verified plan is sent (with its gap and the phase times so far), for
/// a caller that may have to answer before the solve ends.
type Progress = std::sync::mpsc::Sender<(Plan, f64, Phases)>;

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

/// Ranked plans (or, with `--diverse`, alternatives), then `--ranges` when asked.
fn run(s: &Scenario, p: &Policy, k: usize, opts: &SolveOptions, progress: Option<&Progress>) -> Result<Ranked, Error> {
    let started = Instant::now();
    let mut ranked = match opts.diverse {
        Some(eps) if k > 1 => alternatives::run_diverse(s, p, k, eps, opts, progress)?,
        _ => run_ranked(s, p, k, opts, progress)?,
    };
    if opts.ranges {
        let best = ranked.doc.plans.first().map(|pl| pl.objective).unwrap_or(0.0);
        let floor = doc::floor(best, opts.diverse.unwrap_or(0.0));
        let left = SolveOptions {
            time_limit: opts.time_limit.map(|t| (t - started.elapsed().as_secs_f64()).max(0.0)),
            ..opts.clone()
        };
        let ranges = timed(&mut ranked.phases.solve, || ranges::request_ranges(s, p, best, floor, &left))?;
        ranked.doc.ranges = Some(ranges);
    }
    Ok(ranked)
}

/// Ranked plans by parts when the scenario splits (and splitting is on), else on the
/// whole model.
fn run_ranked(s: &Scenario, p: &Policy, k: usize, opts: &SolveOptions, progress: Option<&Progress>) -> Result<Ranked, Error> {
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
