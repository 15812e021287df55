//! Invariants of every plan `solve_ranked` returns, over random small-to-medium
//! scenarios (5–25 institutions under 1–2 parents, 1–2 sectors, two establishment
//! types, 2–3 pools, a few requests) from the seed-driven generator of
//! `oracle::tiny`, with and without regions (collecting pools, regional pools,
//! per-region merge caps): verification, conservation, reserves, staff, overstaffing,
//! order, distinct patterns, determinism of repeated solves, and ranked objective
//! values against the exhaustive oracle where the tie-break has a choice.

use crate::oracle::enumerate;
use crate::oracle::tiny::{self, Case};
use bianzhi::{evaluate, solve_ranked, verify_plan, Error, Plan, SolveOptions};
use proptest::prelude::*;
use proptest::test_runner::Config;
use std::collections::{BTreeMap, BTreeSet};

fn config() -> Config {
    // Seeds are printed in every message; no regression files in the repo.
    Config { cases: 32, failure_persistence: None, max_global_rejects: 4096, ..Config::default() }
}

fn case(seed: u64) -> Case {
    tiny::generate(seed, tiny::MEDIUM)
}

/// Per type: (Σ quota over lines + Σ pool available, Σ staff).
type Totals = BTreeMap<String, (i64, i64)>;
/// (unit, type) → (quota, staff).
type LineStates = BTreeMap<(String, String), (i64, i64)>;

/// The state before, and the state after as the plan reports it (its `units` and
/// `pools` applied to the scenario), checking that every reported "before" is the
/// scenario's. Also returns the quota and staff of every line after the plan.
fn states(c: &Case, plan: &Plan) -> Result<(Totals, Totals, LineStates), TestCaseError> {
    let s = &c.scenario;
    let mut lines: LineStates =
        s.lines.iter().map(|l| ((l.unit.clone(), l.ty.clone()), (l.quota, l.staff))).collect();
    let before = totals(c, &lines, s.pools.iter().map(|p| (p.id.clone(), p.available)).collect());
    for u in &plan.units {
        let key = (u.unit.clone(), u.ty.clone());
        let input = lines.get(&key).copied().unwrap_or((0, 0));
        prop_assert_eq!(
            (u.quota_before, u.staff_before),
            input,
            "seed {} plan {}: {} {} reports a wrong state before",
            c.seed,
            plan.rank,
            u.unit,
            u.ty
        );
        lines.insert(key, (u.quota_after, u.staff_after));
    }
    let listed: BTreeSet<&str> = plan.pools.iter().map(|p| p.pool.as_str()).collect();
    let all: BTreeSet<&str> = s.pools.iter().map(|p| p.id.as_str()).collect();
    prop_assert_eq!(listed, all, "seed {} plan {}: pools listed", c.seed, plan.rank);
    let mut pools = BTreeMap::new();
    for p in &plan.pools {
        let input = s.pool(&p.pool).expect("listed pools are the scenario's").available;
        prop_assert_eq!(p.before, input, "seed {} plan {}: pool {} before", c.seed, plan.rank, &p.pool);
        pools.insert(p.pool.clone(), p.after);
    }
    let after = totals(c, &lines, pools);
    Ok((before, after, lines))
}

fn totals(c: &Case, lines: &LineStates, pools: BTreeMap<String, i64>) -> Totals {
    let mut t: Totals = BTreeMap::new();
    for ((_, ty), (q, s)) in lines {
        let e = t.entry(ty.clone()).or_default();
        e.0 += q;
        e.1 += s;
    }
    for (id, available) in pools {
        let ty = c.scenario.pool(&id).expect("known pool").ty.clone();
        t.entry(ty).or_default().0 += available;
    }
    t
}

fn check_plans(c: &Case, plans: &[Plan]) -> Result<(), TestCaseError> {
    let (s, p) = (&c.scenario, &c.policy);
    prop_assert!(!plans.is_empty() && plans.len() <= 3, "seed {}: {} plans", c.seed, plans.len());
    let mut patterns = BTreeSet::new();
    for (i, plan) in plans.iter().enumerate() {
        let ctx = format!("seed {} plan {}", c.seed, plan.rank);
        prop_assert_eq!(plan.rank, i + 1, "{}: ranks 1..n", &ctx);
        if i > 0 {
            prop_assert!(plan.objective <= plans[i - 1].objective, "{}: objective above the plan before", &ctx);
        }
        let violations = verify_plan(s, p, plan);
        prop_assert!(violations.is_empty(), "{}: {:?}", &ctx, violations);

        let (before, after, lines) = states(c, plan)?;
        for (ty, (q0, s0)) in &before {
            let (q1, s1) = after.get(ty).copied().unwrap_or((0, 0));
            prop_assert_eq!(*q0, q1, "{}: {} quota + pools not conserved", &ctx, ty);
            prop_assert_eq!(*s0, s1, "{}: {} staff not conserved", &ctx, ty);
        }
        prop_assert_eq!(before.len(), after.len(), "{}: types", &ctx);

        for pool in &plan.pools {
            let reserve = p.reserve_of(&pool.pool);
            prop_assert!(pool.after >= reserve.max(0), "{}: pool {} ends at {} < reserve {}", &ctx, &pool.pool, pool.after, reserve);
        }

        // No line that had room ends overstaffed — except by the excess of an
        // overstaffed line merged into it (a merge moves all staff on min(q, s) quota).
        let mut excess_in: BTreeMap<(String, String), i64> = BTreeMap::new();
        for m in &plan.moves {
            if let bianzhi::Move::Merge { from, to, .. } = m {
                for l in s.lines_of(from) {
                    *excess_in.entry((to.clone(), l.ty.clone())).or_default() += l.excess();
                }
            }
        }
        for ((unit, ty), (q, st)) in &lines {
            let was_over = s.line(unit, ty).is_some_and(|l| l.is_overstaffed());
            if !was_over {
                let allowed = excess_in.get(&(unit.clone(), ty.clone())).copied().unwrap_or(0);
                prop_assert!(
                    st - q <= allowed,
                    "{}: {} {} was not overstaffed and ends with {} staff on {} quota",
                    &ctx,
                    unit,
                    ty,
                    st,
                    q
                );
            }
        }

        let pattern = evaluate(s, p, &plan.moves).pattern;
        prop_assert!(patterns.insert(pattern.clone()), "{}: pattern {:?} repeats an earlier plan's", &ctx, pattern);
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// Every returned plan holds the invariants; infeasible cases are rejected and
    /// replaced, so 32 solved cases are checked.
    #[test]
    fn every_plan_holds_the_invariants(seed in any::<u64>()) {
        let c = case(seed);
        match solve_ranked(&c.scenario, &c.policy, 3, &SolveOptions::default()) {
            Ok(r) => check_plans(&c, &r.doc.plans)?,
            Err(Error::Infeasible(_)) => prop_assume!(false, "infeasible"),
            Err(e) => prop_assert!(false, "seed {}: {}", seed, e),
        }
    }

    /// The same with two regions: collecting pools receive what their region gives,
    /// regional pools lend in their region only, merges and absorbs stay inside one.
    #[test]
    fn every_regional_plan_holds_the_invariants(seed in any::<u64>()) {
        let c = tiny::generate(seed, tiny::MEDIUM_REGIONS);
        match solve_ranked(&c.scenario, &c.policy, 3, &SolveOptions::default()) {
            Ok(r) => check_plans(&c, &r.doc.plans)?,
            Err(Error::Infeasible(_)) => prop_assume!(false, "infeasible"),
            Err(e) => prop_assert!(false, "seed {}: {}", seed, e),
        }
    }

    /// Ranked objective values are unchanged by the tie-break (among plans of equal
    /// objective the one farthest from the earlier plans): on tiny cases where a shown
    /// plan ties with another pattern, so the tie-break has a choice to make, plans
    /// 1…3 have exactly the exhaustive oracle's three best pattern values, by parts and
    /// as one model (the heap's `pop_farthest` and the whole model's re-solve). Were
    /// the tie row's bound loose, or the policy objective not restored after the
    /// distance re-solve, a tied plan would come back worse or the next plan would not
    /// be the next best, and a value here would differ.
    #[test]
    fn ranked_objectives_are_unchanged_by_the_tie_break(seed in any::<u64>()) {
        let c = tiny::generate(seed, tiny::TINY);
        let found = enumerate(&c.scenario, &c.policy);
        prop_assume!(found.is_some(), "over the enumeration limit");
        let mut values: Vec<f64> = found.expect("assumed").best.values().map(|x| x.0).collect();
        values.sort_by(|a, b| b.total_cmp(a));
        let k = 3;
        let tied = values.iter().take(k).any(|v| values.iter().filter(|w| (*w - v).abs() <= 1e-6).count() >= 2);
        prop_assume!(tied, "no tie for the tie-break to settle");
        let want = &values[..values.len().min(k)];
        for decompose in [true, false] {
            let r = solve_ranked(&c.scenario, &c.policy, k, &SolveOptions { decompose, ..SolveOptions::default() });
            let plans = match r {
                Ok(r) => r.doc.plans,
                Err(e) => return Err(TestCaseError::fail(format!("seed {seed} decompose {decompose}: {e}"))),
            };
            let got: Vec<f64> = plans.iter().map(|pl| pl.objective).collect();
            prop_assert_eq!(got.len(), want.len(), "seed {} decompose {}: {:?} vs the oracle's {:?}", seed, decompose, &got, want);
            for (g, w) in got.iter().zip(want) {
                prop_assert!((g - w).abs() <= 1e-6, "seed {} decompose {}: {:?} vs the oracle's {:?}", seed, decompose, &got, want);
            }
        }
    }

    /// Solving the same input twice gives the same plans, byte for byte.
    #[test]
    fn solving_twice_gives_identical_plans(seed in any::<u64>()) {
        let c = case(seed);
        let run = || match solve_ranked(&c.scenario, &c.policy, 3, &SolveOptions::default()) {
            Ok(r) => serde_json::to_string(&r.doc.plans).expect("plans serialise"),
            Err(e) => format!("error: {e}"),
        };
        let (first, second) = (run(), run());
        prop_assert_eq!(first, second, "seed {}", seed);
    }
}

/// The invariant checker itself rejects a plan that conjures quota.
#[test]
fn invariant_checker_catches_conjured_quota() {
    let c = (0..200u64)
        .map(case)
        .find(|c| matches!(solve_ranked(&c.scenario, &c.policy, 1, &SolveOptions::default()), Ok(r) if !r.doc.plans[0].units.is_empty()))
        .expect("some seed gives a plan that changes a line");
    let mut plans = solve_ranked(&c.scenario, &c.policy, 1, &SolveOptions::default()).unwrap().doc.plans;
    check_plans(&c, &plans).expect("solver plan passes");
    plans[0].units[0].quota_after += 1;
    assert!(check_plans(&c, &plans).is_err());
}
