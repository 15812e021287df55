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

use super::emit::Emitter;
use super::{doc, no_good_cut, timed, Progress, Ranked};
use crate::domain::{Move, Plan, Scenario};
use crate::error::Error;
use crate::model::{self, Index};
use crate::plan::{Decisions, Pattern};
use crate::policy::Policy;
use crate::rules::Rule;
use crate::solve::{Session, SolveOptions, Status};
use std::collections::BTreeMap;
use std::time::Instant;

/// Seconds each distance-maximising solve may take when no `--time-limit` is given.
pub(super) const DEFAULT_SECONDS_PER_PLAN: f64 = 1.0;

/// Plan 1 (ranked, by parts when the scenario splits), then plans 2…k as alternatives.
pub(super) fn run_diverse(
    s: &Scenario,
    p: &Policy,
    k: usize,
    eps: f64,
    opts: &SolveOptions,
    progress: Option<&Progress>,
) -> Result<Ranked, Error> {
    let started = Instant::now();
    let first = super::run_ranked(s, p, 1, &SolveOptions { diverse: None, ranges: false, ..opts.clone() }, progress)?;
    let plan1 = first.doc.plans[0].clone();
    let mut notes: Vec<String> = first.notes.iter().filter(|n| n.starts_with("solved as ")).cloned().collect();
    let mut out = Emitter { s, p, progress, phases: first.phases };
    let floor = doc::floor(plan1.objective, eps);
    let elapsed = || started.elapsed().as_secs_f64();

    let mut session = timed(&mut out.phases.solve, || {
        let mut session =
            Session::new(model::build(s, p, false), SolveOptions { time_limit: None, decompose: false, ..opts.clone() });
        let budget: Vec<(usize, f64)> =
            session.costs.iter().enumerate().filter(|(_, c)| **c != 0.0).map(|(i, c)| (i, *c)).collect();
        // A float tolerance below the floor: plan objectives are sums of weights times
        // integers, recomputed exactly from the terms afterwards.
        let slack = 1e-9 * plan1.objective.abs().max(1.0);
        session.add_row(&Rule::RankDiverse.row_name(&[]), &budget, floor - slack, f64::INFINITY);
        session
    });
    let indicators = Indicators::of(&session.index);
    let mut patterns: Vec<Pattern> = vec![super::doc::pattern_of(&plan1)];
    // Column values of every plan so far (for the next start), plan 1's from its moves.
    let mut starts: Vec<Vec<(usize, f64)>> = vec![start_of(&session.index, &plan1)];
    let mut plans = vec![plan1];
    let mut cuts = 0usize;
    while plans.len() < k {
        let left = k - plans.len();
        let seconds = match opts.time_limit {
            Some(t) => (t - elapsed()).max(0.0) / left as f64,
            None => DEFAULT_SECONDS_PER_PLAN,
        };
        if seconds < 0.02 {
            notes.push(format!("time limit reached after {} plan(s)", plans.len()));
            break;
        }
        let (coeffs, offset) = indicators.distance_objective(session.col_names.len(), &patterns);
        // The earlier plan farthest from the others is the first incumbent.
        let best_start = (0..patterns.len())
            .max_by_key(|&j| (patterns.iter().map(|q| super::doc::distance(&patterns[j], q)).sum::<usize>(), usize::MAX - j))
            .unwrap_or(0);
        let outcome = timed(&mut out.phases.solve, || {
            session.set_objective(&coeffs, offset);
            session.limit_next_solve(seconds);
            if cuts == 0 {
                session.set_start(&starts[best_start]);
            }
            session.solve()
        });
        if !outcome.status.has_solution() {
            notes.push(match outcome.status {
                Status::Infeasible | Status::UnboundedOrInfeasible => {
                    format!("only {} distinct pattern(s) exist within {eps} of plan 1's objective", plans.len())
                }
                _ => format!("stopped after {} plan(s): {}", plans.len(), outcome.status.as_str()),
            });
            break;
        }
        let d = timed(&mut out.phases.solve, || Decisions::read(&session.index, &outcome.values));
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
                if c.is_empty() {
                    continue;
                }
                session.add_row(&Rule::RankExclude.row_name(&[&(j + 1).to_string()]), &c, lower, f64::INFINITY);
            }
            cuts = patterns.len();
            continue;
        }
        let rank = plans.len() + 1;
        let distance_status = (&outcome.status, outcome.gap);
        let bound = (outcome.status != Status::Optimal && outcome.bound.is_finite()).then(|| (outcome.bound + 1e-6).floor().max(0.0) as usize);
        let first_pattern = patterns[0].clone();
        let plan = out.emit_with(&d, rank, Some(&first_pattern), distance_status, |plan| plan.distance_bound = bound)?;
        if plan.objective < floor - 1e-6 * floor.abs().max(1.0) {
            return Err(Error::Solver(format!(
                "plan {rank}'s objective {} is below the floor {floor} it was solved under",
                plan.objective
            )));
        }
        starts.push(values_of(&session.index, &outcome.values));
        patterns.push(pattern);
        plans.push(plan);
        // Later plans are solved with the cuts in force once any was needed.
        if cuts > 0 {
            let (c, lower) = no_good_cut(&session.index, patterns.last().expect("just pushed"));
            if !c.is_empty() {
                session.add_row(&Rule::RankExclude.row_name(&[&patterns.len().to_string()]), &c, lower, f64::INFINITY);
                cuts = patterns.len();
            }
        }
    }
    let mut ranked = doc::finish(s, p, plans, first.status, first.doc.solver.gap, started, out.phases, Some(eps));
    ranked.notes = notes;
    Ok(ranked)
}

/// The pattern indicators' columns: granted[r], donor[u], and each unit's merge columns
/// (their sum is the unit's merged indicator).
struct Indicators {
    requests: BTreeMap<String, usize>,
    donors: BTreeMap<String, usize>,
    merges: BTreeMap<String, Vec<usize>>,
}

impl Indicators {
    fn of(index: &Index) -> Indicators {
        Indicators {
            requests: index.granted.iter().map(|(r, v)| (r.clone(), v.col)).collect(),
            donors: index.donor.iter().map(|(u, v)| (u.clone(), v.col)).collect(),
            merges: index.merges_of.iter().map(|(u, idx)| (u.clone(), idx.iter().map(|&i| index.merge[i].v.col).collect())).collect(),
        }
    }

    /// Σ_j distance(x, P_j) as (coefficient per column, constant).
    fn distance_objective(&self, n_cols: usize, earlier: &[Pattern]) -> (Vec<f64>, f64) {
        let m = earlier.len() as f64;
        let mut coeffs = vec![0.0; n_cols];
        let mut offset = 0.0;
        let mut add = |cols: &[usize], c: usize| {
            offset += c as f64;
            for &col in cols {
                coeffs[col] += m - 2.0 * c as f64;
            }
        };
        for (r, &col) in &self.requests {
            add(&[col], earlier.iter().filter(|q| q.0.contains(r)).count());
        }
        for (u, &col) in &self.donors {
            add(&[col], earlier.iter().filter(|q| q.1.contains(u)).count());
        }
        for (u, cols) in &self.merges {
            add(cols, earlier.iter().filter(|q| q.2.contains(u)).count());
        }
        (coeffs, offset)
    }
}

/// A solution's integer columns as a start (HiGHS completes the continuous rest).
fn values_of(index: &Index, values: &[f64]) -> Vec<(usize, f64)> {
    let mut cols: Vec<usize> = Vec::new();
    cols.extend(index.reclaim.iter().map(|r| r.v.col));
    cols.extend(index.donor.values().map(|v| v.col));
    cols.extend(index.merge.iter().map(|m| m.v.col));
    cols.extend(index.absorb_out.iter().chain(&index.absorb_in).map(|a| a.v.col));
    cols.extend(index.grant.iter().map(|g| g.v.col));
    cols.extend(index.granted.values().map(|v| v.col));
    cols.into_iter().map(|c| (c, values[c].round())).collect()
}

/// A plan's decisions as column values of the whole model (plan 1 may come from parts,
/// whose columns are the whole model's under the same names).
fn start_of(index: &Index, plan: &Plan) -> Vec<(usize, f64)> {
    let mut reclaim: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    let mut merged: BTreeMap<(&str, &str), ()> = BTreeMap::new();
    let mut grant: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    let mut out: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    let mut inn: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    for mv in &plan.moves {
        match mv {
            Move::Reclaim { ty, from, amount, .. } => *reclaim.entry((from, ty)).or_default() += amount,
            Move::Merge { from, to, .. } => {
                merged.insert((from, to), ());
            }
            Move::Absorb { ty, from, to, amount, .. } => {
                *out.entry((from, ty)).or_default() += amount;
                *inn.entry((to, ty)).or_default() += amount;
            }
            Move::Grant { from, request, amount, .. } => *grant.entry((from, request)).or_default() += amount,
        }
    }
    let mut v: Vec<(usize, f64)> = Vec::new();
    let mut donors: BTreeMap<&str, bool> = BTreeMap::new();
    for r in &index.reclaim {
        let x = reclaim.get(&(r.unit.as_str(), r.ty.as_str())).copied().unwrap_or(0);
        v.push((r.v.col, x as f64));
        *donors.entry(&r.unit).or_default() |= x > 0;
    }
    for (u, d) in &index.donor {
        v.push((d.col, f64::from(u8::from(donors.get(u.as_str()).copied().unwrap_or(false)))));
    }
    for m in &index.merge {
        v.push((m.v.col, f64::from(u8::from(merged.contains_key(&(m.unit.as_str(), m.host.as_str()))))));
    }
    for a in &index.absorb_out {
        v.push((a.v.col, out.get(&(a.unit.as_str(), a.ty.as_str())).copied().unwrap_or(0) as f64));
    }
    for a in &index.absorb_in {
        v.push((a.v.col, inn.get(&(a.unit.as_str(), a.ty.as_str())).copied().unwrap_or(0) as f64));
    }
    let mut granted: BTreeMap<&str, i64> = BTreeMap::new();
    for g in &index.grant {
        let x = grant.get(&(g.pool.as_str(), g.request.as_str())).copied().unwrap_or(0);
        v.push((g.v.col, x as f64));
        *granted.entry(&g.request).or_default() += x;
    }
    for (r, col) in &index.granted {
        v.push((col.col, f64::from(u8::from(granted.get(r.as_str()).copied().unwrap_or(0) > 0))));
    }
    v
}
