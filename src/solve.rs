//! The only importer of the solver backend. A [`Session`] hands a built [`Mip`] to
//! HiGHS through good_lp's adapter, names its rows and columns, sets options (gap,
//! time limit, threads, a fixed random seed, quiet), and reports an honest
//! [`SolveOutcome`]: good_lp folds HiGHS statuses together, so we read them ourselves.
//! Cuts for ranked plans are added to the live HiGHS model and it is solved again.

use crate::model::{Index, Mip};
use good_lp::solvers::highs::highs;
use good_lp::{IntoAffineExpression, SolverModel};
use std::ffi::CString;
use std::time::Instant;

/// Solver settings of DESIGN §8.
#[derive(Clone, Debug, PartialEq)]
pub struct SolveOptions {
    /// Wall-clock seconds for all solves of a session together.
    pub time_limit: Option<f64>,
    /// Relative MIP gap at which HiGHS may stop (0 = prove optimality).
    pub gap: f64,
    /// Solver threads (1 = fully deterministic and what benches report).
    pub threads: u32,
    /// HiGHS presolve. Off by default, by measurement: on generated scenarios it cost
    /// 1.20 s against 0.77 s for plan 1 at 5,000 units, and at 50,000 units presolve
    /// had not finished after 60 s while the solve without it was within 0.01% in
    /// 12 s (benches/README.md).
    pub presolve: bool,
    /// Solve independent parts of the model separately (`decompose`), `threads` of
    /// them at a time with one HiGHS thread each. Off only to compare against the
    /// whole-model solve.
    pub decompose: bool,
    /// Independent parts are grouped (in unit order) until a group has this many units,
    /// and each group is solved as one model: HiGHS spends about 10 ms on even a tiny
    /// MIP. Measured on a generated 5,000-unit city with regions (411 parts), five plans,
    /// two runs each: 9.4–10.1 s with every part alone (0), 1.14–1.30 s at 100, 1.16–1.36 s
    /// at 200, 6.2 s at 1,000 (see benches/README.md).
    pub group_units: usize,
    /// `--diverse EPS` (DESIGN §12): plans 2…K each within EPS (relative) of plan 1's
    /// objective, each maximising its pattern distance to the earlier plans. None: ranked
    /// plans (§6).
    pub diverse: Option<f64>,
    /// `--ranges`: per request, the least and most it can be granted in any plan within
    /// `diverse` (or 0) of plan 1's objective.
    pub ranges: bool,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            time_limit: None,
            gap: 0.0,
            threads: 1,
            presolve: false,
            decompose: true,
            group_units: 100,
            diverse: None,
            ranges: false,
        }
    }
}

/// What a solve ended with.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// Proven optimal (gap within 1e-9 relative).
    Optimal,
    /// Stopped at the requested gap with a feasible plan.
    GapLimit,
    /// Stopped at the time limit with a feasible plan.
    TimeLimit,
    /// Stopped at a limit with no feasible plan.
    NoSolution,
    Infeasible,
    /// HiGHS could not tell infeasible from unbounded (our models are bounded, so
    /// this is treated as infeasible, and said so).
    UnboundedOrInfeasible,
    Error(String),
}

impl Status {
    /// The `solver.status` string of `plans.json`.
    pub fn as_str(&self) -> &str {
        match self {
            Status::Optimal => "optimal",
            Status::GapLimit => "gap_limit",
            Status::TimeLimit => "time_limit",
            Status::NoSolution => "no_solution",
            Status::Infeasible => "infeasible",
            Status::UnboundedOrInfeasible => "unbounded_or_infeasible",
            Status::Error(_) => "error",
        }
    }

    pub fn has_solution(&self) -> bool {
        matches!(self, Status::Optimal | Status::GapLimit | Status::TimeLimit)
    }
}

#[derive(Clone, Debug)]
pub struct SolveOutcome {
    pub status: Status,
    pub objective: f64,
    /// Relative gap between plan and bound (0 when optimal).
    pub gap: f64,
    pub seconds: f64,
    /// Column values, when there is a solution.
    pub values: Vec<f64>,
    /// HiGHS's proven bound on the objective (the objective itself when optimal;
    /// infinite when unknown).
    pub bound: f64,
}

enum State {
    Ready(highs::Model),
    Solved(highs::SolvedModel),
    Gone,
}

/// One live HiGHS model.
pub struct Session {
    state: State,
    n_rows: usize,
    opts: SolveOptions,
    started: Instant,
    /// A limit for the next solve only (seconds from when it was set), within `opts`'s.
    next_limit: Option<Instant>,
    /// A branch-and-bound node limit for the next solve only: a limit on work, not on
    /// time, so what the solve returns does not depend on the machine's load.
    next_nodes: Option<i64>,
    pub index: Index,
    pub col_names: Vec<String>,
    /// The policy objective's coefficient per column (what `set_objective` replaces is
    /// kept here, so a budget row on the policy objective can still be written).
    pub costs: Vec<f64>,
    /// The policy objective's constant.
    pub offset: f64,
    /// Rows with no variables whose bound excludes 0: the model is infeasible.
    pub violated_empty_rows: Vec<String>,
}

fn cstring(s: &str) -> CString {
    CString::new(s.replace('\0', "_")).expect("no interior NUL after replace")
}

/// Sets every column's objective coefficient (`coeffs`, one per column) and the constant.
///
/// # Safety
/// `ptr` is a live HiGHS instance whose model has `coeffs.len()` columns.
unsafe fn write_objective(ptr: *mut std::ffi::c_void, coeffs: &[f64], offset: f64) {
    let n = coeffs.len() as i32;
    let idx: Vec<i32> = (0..n).collect();
    // SAFETY: as the caller promises; `idx` and `coeffs` both have `n` entries.
    unsafe {
        highs_sys::Highs_changeColsCostBySet(ptr, n, idx.as_ptr(), coeffs.as_ptr());
        highs_sys::Highs_changeObjectiveOffset(ptr, offset);
    }
}

impl Session {
    /// Loads the model into HiGHS. The clock for `time_limit` starts here.
    pub fn new(mip: Mip, opts: SolveOptions) -> Session {
        let started = Instant::now();
        let Mip { vars, var_names, objective, rows, row_names, index, .. } = mip;
        let n_rows = rows.len();
        let offset = objective.constant();
        let mut costs = vec![0.0; var_names.len()];
        {
            let col_of: std::collections::HashMap<good_lp::Variable, usize> =
                vars.iter_variables_with_def().enumerate().map(|(i, (v, _))| (v, i)).collect();
            for (v, k) in objective.clone().linear_coefficients() {
                costs[col_of[&v]] += k;
            }
        }
        // A row without variables is decided here: HiGHS calls a model without
        // columns "empty" and does not look at its rows.
        let violated_empty_rows: Vec<String> = rows
            .iter()
            .zip(&row_names)
            .filter(|(r, _)| {
                let e = r.expression();
                e.linear_coefficients().into_iter().all(|(_, k)| k == 0.0)
                    && if r.is_equality() { e.constant().abs() > 1e-9 } else { e.constant() > 1e-9 }
            })
            .map(|(_, n)| n.clone())
            .collect();
        let mut problem = vars.maximise(objective).using(highs);
        for row in rows {
            problem.add_constraint(row);
        }
        let mut model = problem.into_inner();
        model.make_quiet();
        // Diagnostics: the HiGHS log on stderr (never on stdout, which --format json owns).
        // HiGHS's console log goes to stdout, so it is sent to its log file instead, and
        // that file is the process's stderr.
        if std::env::var_os("BIANZHI_SOLVER_LOG").is_some() {
            model.set_option("output_flag", true);
            model.set_option("log_to_console", false);
            model.set_option("log_file", "/dev/stderr");
        }
        model.set_option("presolve", if opts.presolve { "on" } else { "off" });
        let ptr = model.as_mut_ptr();
        // SAFETY: `ptr` is the live Highs instance owned by `model`; the CStrings
        // outlive each call; indices are within the model's rows and columns.
        unsafe {
            for (i, n) in var_names.iter().enumerate() {
                let c = cstring(n);
                highs_sys::Highs_passColName(ptr, i as i32, c.as_ptr());
            }
            for (i, n) in row_names.iter().enumerate() {
                let c = cstring(n);
                highs_sys::Highs_passRowName(ptr, i as i32, c.as_ptr());
            }
        }
        model.set_option("random_seed", 0);
        model.set_option("threads", opts.threads.max(1) as i32);
        model.set_option("mip_rel_gap", opts.gap.max(0.0));
        // Objective granularity: every weight of our models is a multiple of 0.5 on
        // integer columns, so HiGHS detects an integral objective ("Objective function is
        // integral with scale 2" in its log) and rounds its dual bound down to a multiple
        // of 0.5. An incumbent within 0.5 of the bound is then proven optimal: every
        // integer solution's objective is a multiple of 0.5 and none exceeds the bound.
        // That is the only rounding; `mip_abs_gap` stays a float tolerance, not a gap we
        // accept (measured: setting it from the granularity gained nothing, HiGHS already
        // stops there; benches/README.md, "The single-part case").
        model.set_option("mip_abs_gap", 1e-6);
        Session {
            state: State::Ready(model),
            n_rows,
            opts,
            started,
            next_limit: None,
            next_nodes: None,
            index,
            col_names: var_names,
            costs,
            offset,
            violated_empty_rows,
        }
    }

    fn ptr(&mut self) -> *mut std::ffi::c_void {
        match &mut self.state {
            State::Ready(m) => m.as_mut_ptr(),
            State::Solved(m) => m.as_mut_ptr(),
            State::Gone => std::ptr::null_mut(),
        }
    }

    fn ready(&mut self) -> &mut highs::Model {
        let state = std::mem::replace(&mut self.state, State::Gone);
        self.state = match state {
            State::Solved(s) => State::Ready(highs::Model::from(s)),
            other => other,
        };
        match &mut self.state {
            State::Ready(m) => m,
            _ => panic!("solver session used after a failed solve"),
        }
    }

    /// Seconds left of the time limit (None = unlimited).
    pub fn remaining(&self) -> Option<f64> {
        self.opts.time_limit.map(|t| (t - self.started.elapsed().as_secs_f64()).max(0.0))
    }

    /// Solves (again) from the current model.
    pub fn solve(&mut self) -> SolveOutcome {
        if !self.violated_empty_rows.is_empty() {
            return SolveOutcome {
                status: Status::Infeasible,
                objective: 0.0,
                gap: f64::INFINITY,
                seconds: 0.0,
                values: Vec::new(),
                bound: f64::INFINITY,
            };
        }
        let next = self.next_limit.take().map(|at| at.saturating_duration_since(Instant::now()).as_secs_f64());
        let remaining = match (self.remaining(), next) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let gap_req = self.opts.gap;
        let nodes = self.next_nodes.take().map_or(i32::MAX, |n| n.clamp(1, i32::MAX as i64) as i32);
        let model = self.ready();
        // HiGHS keeps an option between solves: a solve without a limit clears it.
        model.set_option("time_limit", remaining.map_or(f64::INFINITY, |r| r.max(0.001)));
        model.set_option("mip_max_nodes", nodes);
        let t0 = Instant::now();
        let taken = std::mem::replace(&mut self.state, State::Gone);
        let State::Ready(model) = taken else { unreachable!("ready() leaves a Ready state") };
        let solved = match model.try_solve() {
            Ok(s) => s,
            Err(e) => {
                return SolveOutcome {
                    status: Status::Error(format!("{e:?}")),
                    objective: 0.0,
                    gap: f64::INFINITY,
                    seconds: t0.elapsed().as_secs_f64(),
                    values: Vec::new(),
                    bound: f64::INFINITY,
                };
            }
        };
        let seconds = t0.elapsed().as_secs_f64();
        let ptr = solved.as_ptr();
        // Read status and info through the C API: the safe wrapper panics when HiGHS
        // has no valid info (empty or presolve-decided models).
        // SAFETY: `ptr` is the live instance owned by `solved`; names are NUL-terminated.
        let (model_status, primal_status, raw_gap, raw_bound) = unsafe {
            let mut primal: i32 = 0;
            let mut gap: f64 = f64::INFINITY;
            let mut bound: f64 = f64::INFINITY;
            let ok_primal = highs_sys::Highs_getIntInfoValue(ptr, c"primal_solution_status".as_ptr(), &mut primal) >= 0;
            let ok_gap = highs_sys::Highs_getDoubleInfoValue(ptr, c"mip_gap".as_ptr(), &mut gap) >= 0;
            let ok_bound = highs_sys::Highs_getDoubleInfoValue(ptr, c"mip_dual_bound".as_ptr(), &mut bound) >= 0;
            (
                highs_sys::Highs_getModelStatus(ptr),
                if ok_primal { primal } else { 0 },
                if ok_gap { gap } else { f64::INFINITY },
                if ok_bound && bound.is_finite() { bound } else { f64::INFINITY },
            )
        };
        let feasible = primal_status == highs_sys::kHighsSolutionStatusFeasible;
        let gap = if raw_gap.is_finite() { raw_gap.max(0.0) } else { f64::INFINITY };
        use highs_sys::*;
        let status = match model_status {
            s if s == kHighsModelStatusModelEmpty => Status::Optimal,
            s if (s == kHighsModelStatusOptimal
                || s == kHighsModelStatusObjectiveBound
                || s == kHighsModelStatusObjectiveTarget)
                && feasible =>
            {
                // An LP-only model (no integer columns) reports an infinite MIP gap.
                if gap <= 1e-9 || (gap_req <= 0.0 && gap <= 1e-6) || !raw_gap.is_finite() {
                    Status::Optimal
                } else {
                    Status::GapLimit
                }
            }
            s if s == kHighsModelStatusTimeLimit
                || s == kHighsModelStatusIterationLimit
                || s == kHighsModelStatusSolutionLimit
                || s == kHighsModelStatusInterrupt =>
            {
                if feasible {
                    Status::TimeLimit
                } else {
                    Status::NoSolution
                }
            }
            s if s == kHighsModelStatusInfeasible => Status::Infeasible,
            s if s == kHighsModelStatusUnboundedOrInfeasible => Status::UnboundedOrInfeasible,
            other => Status::Error(format!("HiGHS model status {other}")),
        };
        let (objective, values) = if status.has_solution() {
            let sol = solved.get_solution();
            let v = sol.columns().to_vec();
            (solved.objective_value(), v)
        } else {
            (0.0, Vec::new())
        };
        let gap = if status == Status::Optimal { 0.0 } else { gap };
        let bound = if status == Status::Optimal { objective } else { raw_bound };
        self.state = State::Solved(solved);
        SolveOutcome { status, objective, gap, seconds, values, bound }
    }

    /// From now on solves the LP relaxation only (integrality dropped): the root LP
    /// that the benches compare the MIP's time with.
    pub fn relax(&mut self) {
        self.ready().set_option("solve_relaxation", true);
    }

    /// Adds a row `lower ≤ Σ coef·x[col] ≤ upper` (a cut for ranked plans).
    pub fn add_row(&mut self, name: &str, coeffs: &[(usize, f64)], lower: f64, upper: f64) {
        self.ready();
        let ptr = self.ptr();
        let idx: Vec<i32> = coeffs.iter().map(|(c, _)| *c as i32).collect();
        let val: Vec<f64> = coeffs.iter().map(|(_, v)| *v).collect();
        let c = cstring(name);
        // SAFETY: live instance; arrays of equal length `idx.len()`; column indices
        // come from this model's index.
        unsafe {
            highs_sys::Highs_addRow(ptr, lower, upper, idx.len() as i32, idx.as_ptr(), val.as_ptr());
            highs_sys::Highs_passRowName(ptr, self.n_rows as i32, c.as_ptr());
        }
        self.n_rows += 1;
    }

    /// Replaces the objective (still maximised): `coeffs` per column (every other column
    /// gets 0) plus a constant `offset`. `costs` keeps the policy objective.
    pub fn set_objective(&mut self, coeffs: &[f64], offset: f64) {
        self.ready();
        let ptr = self.ptr();
        // SAFETY: live instance; `coeffs` has one value per column of this model.
        unsafe { write_objective(ptr, coeffs, offset) };
    }

    /// Puts the policy objective (`costs`, `offset`) back after a `set_objective`.
    pub fn restore_objective(&mut self) {
        self.ready();
        let ptr = self.ptr();
        // SAFETY: live instance; `costs` has one value per column of this model.
        unsafe { write_objective(ptr, &self.costs, self.offset) };
    }

    /// Offers HiGHS a start: values for some columns (HiGHS completes the rest, and
    /// uses it as its first incumbent when it is feasible).
    pub fn set_start(&mut self, values: &[(usize, f64)]) {
        self.ready();
        let ptr = self.ptr();
        let idx: Vec<i32> = values.iter().map(|(c, _)| *c as i32).collect();
        let val: Vec<f64> = values.iter().map(|(_, v)| *v).collect();
        // SAFETY: live instance; arrays of equal length; indices are this model's columns.
        unsafe {
            highs_sys::Highs_setSparseSolution(ptr, idx.len() as i32, idx.as_ptr(), val.as_ptr());
        }
    }

    /// The policy objective as row coefficients (its non-zero costs), for a budget row.
    pub fn cost_row(&self) -> Vec<(usize, f64)> {
        self.costs.iter().enumerate().filter(|(_, c)| **c != 0.0).map(|(i, c)| (i, *c)).collect()
    }

    /// Limits the next solve to `nodes` branch-and-bound nodes (a deterministic amount of
    /// work), within the session's other limits.
    pub fn limit_next_solve_nodes(&mut self, nodes: i64) {
        self.next_nodes = Some(nodes);
    }

    /// Limits the next solve (only) to `seconds` from now, within the session's own limit.
    pub fn limit_next_solve(&mut self, seconds: f64) {
        self.next_limit = Some(Instant::now() + std::time::Duration::from_secs_f64(seconds.max(0.0)));
    }

    /// Number of rows now in the model (the index the next `add_row` gets).
    pub fn n_rows(&self) -> usize {
        self.n_rows
    }

    /// Changes a row's bounds.
    pub fn set_row_bounds(&mut self, row: usize, lower: f64, upper: f64) {
        self.ready();
        let ptr = self.ptr();
        // SAFETY: live instance, `row` < number of rows.
        unsafe {
            highs_sys::Highs_changeRowBounds(ptr, row as i32, lower, upper);
        }
    }

    /// Changes a column's bounds (the deletion filter fixes slacks to 0 with this).
    pub fn set_col_bounds(&mut self, col: usize, lower: f64, upper: f64) {
        self.ready();
        let ptr = self.ptr();
        // SAFETY: live instance, `col` < number of columns.
        unsafe {
            highs_sys::Highs_changeColBounds(ptr, col as i32, lower, upper);
        }
    }

    /// Writes the model (MPS when `path` ends in `.mps`) with its names.
    pub fn write_model(&mut self, path: &std::path::Path) -> Result<(), String> {
        self.ready();
        let ptr = self.ptr();
        let c = CString::new(path.to_string_lossy().as_bytes()).map_err(|e| e.to_string())?;
        // SAFETY: live instance, NUL-terminated path.
        let status = unsafe { highs_sys::Highs_writeModel(ptr, c.as_ptr()) };
        if status < 0 {
            return Err(format!("HiGHS could not write {}", path.display()));
        }
        Ok(())
    }
}
