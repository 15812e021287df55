//! A plan over several years (`solve --years N`, DESIGN §14): year 1 is the ranked
//! search as without `--years`; each later year is planned (its best plan) on the state
//! the year before leaves (`horizon::step::advance`: moves, grants filled by hires,
//! retirements, the ledger), with that year's requests and the ledger returns falling
//! due at its date. Pools carry over, so quota reclaimed, released or returned in one
//! year is there for the next. The horizon is rolled forward year by year: each year's
//! plan is optimal for its year given the years before it, not jointly over the horizon.

use crate::search::{solve_ranked_in, Ranked};
use crate::domain::{Scenario, YearPlan};
use crate::error::Error;
use crate::policy::Policy;
use super::step::{advance, year_start, Carry};
use crate::solve::SolveOptions;
use std::time::Instant;

/// Up to `k` ranked plans for year 1 and, with `years` > 1, the year-by-year plan along
/// plan 1 in `doc.years`. A time limit is shared by the years still to plan.
pub fn solve_years(s: &Scenario, p: &Policy, k: usize, years: usize, opts: &SolveOptions) -> Result<Ranked, Error> {
    let started = Instant::now();
    let share = |left: usize| opts.time_limit.map(|t| ((t - started.elapsed().as_secs_f64()) / left as f64).max(0.01));
    let first = SolveOptions { time_limit: share(years.max(1)), ..opts.clone() };
    let mut ranked = solve_ranked_in(s, p, k, &first, 1)?;
    let beyond = s.requests.iter().filter(|r| r.year() > years.max(1)).count();
    if beyond > 0 {
        ranked.notes.push(format!(
            "{beyond} request(s) are for years after the {}-year horizon and are not planned (see --years)",
            years.max(1)
        ));
    }
    if years <= 1 {
        return Ok(ranked);
    }
    let Some(plan1) = ranked.doc.plans.first().cloned() else {
        return Ok(ranked);
    };
    let mut out =
        vec![YearPlan { year: 1, start: year_start(&s.as_of, 1), retired: 0, dropped_requests: Vec::new(), plan: plan1.clone() }];
    let mut state = s.clone();
    let mut carry = Carry::default();
    let mut previous = plan1;
    for year in 2..=years {
        let step = advance(&state, p, &previous, year - 1, &year_start(&s.as_of, year), &mut carry);
        state = step.state;
        let o = SolveOptions { time_limit: share(years - year + 1), diverse: None, ranges: false, ..opts.clone() };
        let r = solve_ranked_in(&state, p, 1, &o, year).map_err(|e| in_year(e, year))?;
        for n in r.notes {
            ranked.notes.push(format!("year {year}: {n}"));
        }
        let phases = &mut ranked.phases;
        phases.decompose += r.phases.decompose;
        phases.solve += r.phases.solve;
        phases.assemble += r.phases.assemble;
        phases.explain += r.phases.explain;
        phases.verify += r.phases.verify;
        let Some(plan) = r.doc.plans.into_iter().next() else {
            return Err(Error::NoSolution(format!("year {year}: no plan")));
        };
        out.push(YearPlan {
            year,
            start: state.as_of.clone(),
            retired: step.retired,
            dropped_requests: step.dropped,
            plan: plan.clone(),
        });
        previous = plan;
    }
    ranked.doc.solver.seconds = started.elapsed().as_secs_f64();
    ranked.doc.years = Some(out);
    Ok(ranked)
}

/// An error of a later year, saying which.
fn in_year(e: Error, year: usize) -> Error {
    match e {
        Error::Infeasible(m) => Error::Infeasible(format!("in year {year} of the plan:\n{m}")),
        Error::NoSolution(m) => Error::NoSolution(format!("year {year}: {m}")),
        other => other,
    }
}
