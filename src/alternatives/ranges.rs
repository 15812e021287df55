//! `--ranges` (DESIGN §12): per request, the least and most it can be granted in any
//! plan within ε of plan 1's objective.
//!
//! Why by parts, and why that is exact. The objective is a sum over the independent parts
//! of `decompose::split` and every request lives in exactly one part. Plan 1 is the sum of
//! the parts' optima O*_i, and a plan is within ε when its objective is at least
//! `floor`, that is when the parts together lose at most B = best − floor. A plan may spend
//! all of B in request r's part while every other part keeps its optimum, and spending any
//! of it elsewhere only tightens r's part. So r's range over all near-optimal plans of the
//! scenario is its range over the plans of its own part with objective ≥ O*_i − B.
//!
//! Per part (with a request that a pool can fund): build its model, solve it once for O*_i,
//! add the budget row Σ costs·x ≥ O*_i − B, then per request maximise and minimise
//! Σ_pools grant[p,r] on the same live model (only the objective changes). Every solution
//! met on the way is a plan within the budget, so each one's grants widen every request's
//! range found so far, and an end already at its bound (0 below, the amount above) needs
//! no solve. Parts run side by side on `threads`, one HiGHS thread each.

use crate::search::decompose;
use crate::domain::{RequestRange, Scenario};
use crate::error::Error;
use crate::model;
use crate::policy::Policy;
use crate::rules::Rule;
use crate::solve::{Session, SolveOptions, Status};
use crate::workers::{Budget, Split, Workers};
use std::collections::BTreeMap;
use std::time::Instant;

/// Seconds below which a solve is not started under a time limit (HiGHS needs about
/// 10 ms for even a tiny model).
const MIN_SLICE: f64 = 0.02;

/// Per request (in id order), its range over every plan whose objective is at least
/// `floor`, where `best` is plan 1's objective.
///
/// `status` is `optimal` when both ends are proven. A solve cut by the time limit (or
/// stopped at `--gap`) leaves `time_limit` (or `gap_limit`) and the least and most met in
/// plans within the budget: the true range is then at least that wide, not proven. A part
/// whose first solve found no plan at all in its share of the time says `no_solution`,
/// with 0/0 that mean nothing. A request no pool can fund (or whose unit no decision can
/// touch) is 0/0, optimal.
pub(crate) fn request_ranges(s: &Scenario, p: &Policy, best: f64, floor: f64, opts: &SolveOptions) -> Result<Vec<RequestRange>, Error> {
    let started = Instant::now();
    let budget = (best - floor).max(0.0);
    let parts: Vec<Scenario> = if opts.decompose {
        decompose::split(s, p, opts.group_units)
    } else {
        vec![s.clone()]
    };
    // Only parts with a request need solving; small ones first, so that under a time
    // limit what they leave of their shares goes to the large ones.
    let mut jobs: Vec<&Scenario> = parts.iter().filter(|q| !q.requests.is_empty()).collect();
    jobs.sort_by_key(|q| q.units.len());
    let workers = Workers::new((opts.threads.max(1) as usize).min(jobs.len().max(1)), "range")?;
    // As for the parts' first plans: each part, as it starts, gets a fair share of what is
    // left (parts still to start over workers), so every part has its turn by the deadline.
    let part = SolveOptions { threads: 1, decompose: false, ..opts.clone() };
    let found: Vec<Vec<RequestRange>> =
        workers.run_timed(&jobs, &Budget::new(opts.time_limit, started), Split::AmongUnstarted, |part_scenario, time_limit| {
            part_ranges(part_scenario, p, budget, &SolveOptions { time_limit, ..part.clone() })
        });
    let mut by_id: BTreeMap<String, RequestRange> = found.into_iter().flatten().map(|r| (r.request.clone(), r)).collect();
    Ok(s
        .requests
        .iter()
        .map(|r| by_id.remove(&r.id).unwrap_or_else(|| untouched(&r.id, r.amount)))
        .collect())
}

/// A request nothing can be granted to: 0/0, proven.
fn untouched(request: &str, amount: i64) -> RequestRange {
    RequestRange { request: request.to_string(), amount, min: 0, max: 0, status: Status::Optimal.as_str().to_string() }
}

/// One request of a part while its ends are solved.
struct Track {
    id: String,
    amount: i64,
    /// Its grant columns.
    cols: Vec<usize>,
    /// Least and most granted in any solution met so far (all within the budget).
    min: i64,
    max: i64,
    /// Status of each end's solve: None until solved (or known without a solve).
    low: Option<Status>,
    high: Option<Status>,
}

impl Track {
    fn widen(&mut self, values: &[f64]) {
        let granted = self.cols.iter().map(|&c| values[c]).sum::<f64>().round() as i64;
        self.min = self.min.min(granted);
        self.max = self.max.max(granted);
    }
}

/// The ranges of one part's requests (see the module doc). `opts.time_limit` is the
/// part's whole share: the first solve may take half of it, each end after that an even
/// share of what is left over the ends still open.
fn part_ranges(part: &Scenario, p: &Policy, budget: f64, opts: &SolveOptions) -> Vec<RequestRange> {
    let started = Instant::now();
    let left = || opts.time_limit.map(|t| (t - started.elapsed().as_secs_f64()).max(0.0));
    let mut session = Session::new(model::build_model(part, p, false), SolveOptions { time_limit: None, ..opts.clone() });
    let mut cols: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for g in &session.index.grant {
        cols.entry(g.request.as_str()).or_default().push(g.v.col);
    }
    let mut tracks: Vec<Track> = part
        .requests
        .iter()
        .filter_map(|r| {
            let cols = cols.remove(r.id.as_str())?;
            Some(Track { id: r.id.clone(), amount: r.amount, cols, min: i64::MAX, max: i64::MIN, low: None, high: None })
        })
        .collect();
    let mut out: Vec<RequestRange> =
        part.requests.iter().filter(|r| !tracks.iter().any(|t| t.id == r.id)).map(|r| untouched(&r.id, r.amount)).collect();
    if tracks.is_empty() {
        return out;
    }
    let unsolved = |status: &Status, tracks: Vec<Track>| -> Vec<RequestRange> {
        let status = status.as_str();
        tracks.into_iter().map(|t| RequestRange { request: t.id, amount: t.amount, min: 0, max: 0, status: status.to_string() }).collect()
    };

    // The part's optimum.
    if let Some(t) = left() {
        if t < MIN_SLICE {
            out.extend(unsolved(&Status::NoSolution, tracks));
            return out;
        }
        session.limit_next_solve(t / 2.0);
    }
    let first = session.solve();
    if !first.status.has_solution() {
        out.extend(unsolved(&first.status, tracks));
        return out;
    }
    // The first solve's status caps every range's: a range is proven only from a proven
    // optimum.
    let base = first.status.clone();
    let mut start = first.values;
    for t in &mut tracks {
        t.widen(&start);
    }
    // A float tolerance below the budget: objectives are sums of weights (multiples of
    // 0.5) times integers, far coarser than this.
    let slack = 1e-9 * first.objective.abs().max(1.0) + 1e-7;
    let coeffs = session.cost_row();
    let n_cols = session.col_names.len();
    drop(session);
    let rhs = first.objective - budget - slack;
    let ends_objective = |t: &Track, high: bool| {
        let mut objective = vec![0.0; n_cols];
        for &c in &t.cols {
            objective[c] = if high { 1.0 } else { -1.0 };
        }
        objective
    };

    // The LP relaxation first, on one live model whose basis carries over from end to end
    // (only the objective changes): an end the LP bound already pins to the grant seen so
    // far needs no MIP. Most do when ε is small.
    let open_ends = |tracks: &[Track]| {
        tracks.iter().map(|t| usize::from(t.min > 0) + usize::from(t.max < t.amount)).sum::<usize>()
    };
    if open_ends(&tracks) > 0 {
        let mut lp = Session::new(model::build_model(part, p, false), SolveOptions { time_limit: None, ..opts.clone() });
        lp.add_row(&Rule::RankDiverse.row_name(&[]), &coeffs, rhs, f64::INFINITY);
        lp.relax();
        let mut open = open_ends(&tracks);
        'lp: for t in &mut tracks {
            for high in [true, false] {
                if (high && t.max >= t.amount) || (!high && t.min <= 0) {
                    continue;
                }
                if let Some(rest) = left() {
                    if rest < MIN_SLICE {
                        break 'lp;
                    }
                    // The LP pass takes at most about half of what is left.
                    lp.limit_next_solve(rest / (2 * open) as f64);
                }
                open -= 1;
                lp.set_objective(&ends_objective(t, high), 0.0);
                let bound = lp.solve();
                if bound.status != Status::Optimal {
                    continue;
                }
                // The integer end lies within the LP bound, rounded inwards.
                if high && (bound.objective + 1e-6).floor() as i64 <= t.max {
                    t.high = Some(Status::Optimal);
                }
                if !high && (-bound.objective - 1e-6).ceil() as i64 >= t.min {
                    t.low = Some(Status::Optimal);
                }
            }
        }
    }
    for t in &mut tracks {
        if t.max >= t.amount {
            t.high.get_or_insert(Status::Optimal);
        }
        if t.min <= 0 {
            t.low.get_or_insert(Status::Optimal);
        }
    }
    // The ends left are solved as MIPs on sessions of the same model with the budget row and a
    // relative gap below one unit of grant: an end's objective is an integer of at most
    // its amount, so a stop within the gap is a proof (checked again below), and HiGHS
    // stops after the root LP instead of running root cuts and symmetry detection on a
    // start that is already optimal (most ends). HiGHS's gap is set per model, so there
    // is one session per power of two of the amounts, built when first needed.
    let mut sessions: BTreeMap<u32, Session> = BTreeMap::new();
    for i in 0..tracks.len() {
        for high in [true, false] {
            let t = &mut tracks[i];
            // An end at its bound is proven by the solution that reached it.
            if high && t.max >= t.amount {
                t.high = Some(Status::Optimal);
            }
            if !high && t.min <= 0 {
                t.low = Some(Status::Optimal);
            }
            if (if high { &t.high } else { &t.low }).is_some() {
                continue;
            }
            let open = tracks.iter().map(|t| usize::from(t.low.is_none()) + usize::from(t.high.is_none())).sum::<usize>();
            let t = &mut tracks[i];
            let rest = left();
            if rest.is_some_and(|r| r < MIN_SLICE) {
                *(if high { &mut t.high } else { &mut t.low }) = Some(Status::TimeLimit);
                continue;
            }
            let class = (t.amount.max(1) as u64).next_power_of_two().trailing_zeros();
            let session = sessions.entry(class).or_insert_with(|| {
                let gap = 0.5 / (1u64 << class) as f64;
                let mut s = Session::new(model::build_model(part, p, false), SolveOptions { time_limit: None, gap, ..opts.clone() });
                s.add_row(&Rule::RankDiverse.row_name(&[]), &coeffs, rhs, f64::INFINITY);
                s
            });
            if let Some(rest) = rest {
                session.limit_next_solve(rest / open as f64);
            }
            session.set_objective(&ends_objective(t, high), 0.0);
            // The last solution is within the budget: HiGHS starts from it, so a solve the
            // time limit cuts still has a plan.
            session.set_start(&start.iter().copied().enumerate().collect::<Vec<_>>());
            let outcome = session.solve();
            let status = match &outcome.status {
                Status::NoSolution => Status::TimeLimit,
                // An integer objective within less than 1 of its bound is optimal.
                Status::GapLimit if outcome.bound - outcome.objective < 1.0 - 1e-6 => Status::Optimal,
                st => st.clone(),
            };
            if outcome.status.has_solution() {
                start = outcome.values;
                for t in &mut tracks {
                    t.widen(&start);
                }
            }
            let t = &mut tracks[i];
            *(if high { &mut t.high } else { &mut t.low }) = Some(status);
        }
    }
    out.extend(tracks.into_iter().map(|t| {
        let ends = [base.clone(), t.low.unwrap_or(Status::TimeLimit), t.high.unwrap_or(Status::TimeLimit)];
        let status = ends.into_iter().find(|st| *st != Status::Optimal).unwrap_or(Status::Optimal);
        RequestRange { request: t.id, amount: t.amount, min: t.min, max: t.max, status: status.as_str().to_string() }
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::request_ranges;
    use crate::domain::RequestRange;
    use crate::testkit::fixture;
    use crate::solve::SolveOptions;

    /// POOL-MUNI lends 4 to R1 (key, 3 asked, weight 100) and R2 (operations, 3 asked,
    /// weight 20): plan 1 grants R1 3 and R2 1, objective 320.
    fn two_requests() -> (crate::domain::Scenario, crate::policy::Policy) {
        fixture(
            "[consolidation]\nmax_quota = 0",
            &[("U1", "A", "教育", "active", false), ("U2", "A", "教育", "active", false), ("U3", "A", "教育", "active", false)],
            &[("U1", 10, 10), ("U2", 10, 10), ("U3", 10, 10)],
            &[("POOL-MUNI", 4, "*", 0)],
            &[("R1", "U1", 3, "key", 0), ("R2", "U2", 3, "operations", 0)],
        )
    }

    fn range(request: &str, amount: i64, min: i64, max: i64, status: &str) -> RequestRange {
        RequestRange { request: request.into(), amount, min, max, status: status.into() }
    }

    #[test]
    fn the_budget_lets_a_cheaper_request_take_what_a_dearer_one_gives_up() {
        let (s, p) = two_requests();
        let opts = SolveOptions::default();
        // No budget: R1 3, R2 1 in every optimal plan.
        let tight = request_ranges(&s, &p, 320.0, 320.0, &opts).expect("solves");
        assert_eq!(tight, vec![range("R1", 3, 3, 3, "optimal"), range("R2", 3, 1, 1, "optimal")]);
        // 80 to spend: one of R1's 3 to R2 costs 80 (R1 2, R2 2); R2 may also get nothing
        // and leave one unused (−20), or R1 lose one unused (−100, too dear).
        let wide = request_ranges(&s, &p, 320.0, 240.0, &opts).expect("solves");
        assert_eq!(wide, vec![range("R1", 3, 2, 3, "optimal"), range("R2", 3, 0, 2, "optimal")]);
    }

    #[test]
    fn a_request_no_pool_serves_is_nothing_to_nothing() {
        let (mut s, p) = two_requests();
        s.pools[0].sectors = crate::domain::Sectors::Only(vec!["卫健".into()]);
        let got = request_ranges(&s, &p, 0.0, 0.0, &SolveOptions::default()).expect("solves");
        assert_eq!(got, vec![range("R1", 3, 0, 0, "optimal"), range("R2", 3, 0, 0, "optimal")]);
    }

    #[test]
    fn no_time_left_says_so_instead_of_claiming_a_range() {
        let (s, p) = two_requests();
        let opts = SolveOptions { time_limit: Some(0.0), ..SolveOptions::default() };
        let got = request_ranges(&s, &p, 320.0, 240.0, &opts).expect("answers");
        assert_eq!(got, vec![range("R1", 3, 0, 0, "no_solution"), range("R2", 3, 0, 0, "no_solution")]);
    }
}
