//! Alternatives (`solve --diverse EPS`, DESIGN §12) against an exhaustive oracle on tiny
//! scenarios, decomposed against whole-model on generated ones, and repeatability.
//!
//! The oracle is `oracle`'s enumeration: the best objective of every distinct pattern.
//! A pattern is within ε when that best is at least the floor best − ε·|best|; plan 2
//! must be a pattern within ε farthest from plan 1, plan 3 one farthest from plans 1
//! and 2 together (sum of distances) among the patterns not yet shown.

use crate::common::solve_both;
use crate::oracle::{enumerate, tiny, Found};
use bianzhi::{evaluate, solve_ranked, verify_doc, verify_plan, GenOptions, Pattern, Plan, SolveOptions};
use std::time::Instant;

/// Seeds of the tiny generator tried by the oracle comparison.
const SEEDS: u64 = 160;
/// At least this many (case, ε) pairs must be compared, and this many of them must have
/// a plan 2 (two or more patterns within ε).
const MIN_COMPARED: usize = 300;
const MIN_WITH_PLAN_2: usize = 120;
/// And this many a plan 3.
const MIN_WITH_PLAN_3: usize = 60;

const EPSILONS: [f64; 3] = [0.0, 0.05, 0.2];

/// Float tolerance on objectives (sums of weights times small integers).
const TOL: f64 = 1e-6;

/// Hamming distance of two §6 patterns.
fn hamming(a: &Pattern, b: &Pattern) -> usize {
    a.0.symmetric_difference(&b.0).count() + a.1.symmetric_difference(&b.1).count() + a.2.symmetric_difference(&b.2).count()
}

fn floor(best: f64, eps: f64) -> f64 {
    best - eps * best.abs()
}

/// What one comparison saw: the number of plans returned.
fn compare(case: &tiny::Case, found: &Found, eps: f64) -> Result<usize, String> {
    let (s, p) = (&case.scenario, &case.policy);
    let ctx = format!("seed {} eps {eps}", case.seed);
    let best = found.best.values().map(|x| x.0).fold(f64::NEG_INFINITY, f64::max);
    let floor = floor(best, eps);
    let within: Vec<&Pattern> = found.best.iter().filter(|(_, (v, _))| *v >= floor - TOL).map(|(q, _)| q).collect();
    let opts = SolveOptions { diverse: Some(eps), ..SolveOptions::default() };
    let doc = solve_ranked(s, p, 3, &opts).map_err(|e| format!("{ctx}: the solve fails: {e}"))?.doc;
    let plans = &doc.plans;
    let fail = |what: String| Err(format!("{ctx}: {what}\noracle best {best}, floor {floor}, {} pattern(s) within\n{}", within.len(), show(plans)));
    if plans.len() != within.len().min(3) {
        return fail(format!("{} plan(s), but {} pattern(s) are within the floor", plans.len(), within.len()));
    }
    match &doc.diverse {
        Some(d) if d.eps == eps && (d.objective_floor - floor).abs() <= TOL => {}
        other => return fail(format!("diverse says {other:?}, want eps {eps} floor {floor}")),
    }
    if (plans[0].objective - best).abs() > TOL {
        return fail(format!("plan 1 objective {} is not the oracle's best {best}", plans[0].objective));
    }
    let mut patterns: Vec<Pattern> = Vec::new();
    for (i, plan) in plans.iter().enumerate() {
        let n = i + 1;
        if plan.rank != n {
            return fail(format!("plan at position {i} has rank {}", plan.rank));
        }
        let violations = verify_plan(s, p, plan);
        if !violations.is_empty() {
            return fail(format!("plan {n} fails verify: {violations:?}"));
        }
        if plan.status.is_some() || plan.gap.is_some() || plan.distance_bound.is_some() {
            return fail(format!("plan {n} is not proven on a tiny case: status {:?} gap {:?} bound {:?}", plan.status, plan.gap, plan.distance_bound));
        }
        if plan.objective < floor - TOL {
            return fail(format!("plan {n} objective {} is below the floor {floor}", plan.objective));
        }
        let want_gap = if best == 0.0 { 0.0 } else { (best - plan.objective) / best.abs() };
        if (plan.objective_gap_to_best - want_gap).abs() > TOL {
            return fail(format!("plan {n} objective_gap_to_best {} want {want_gap}", plan.objective_gap_to_best));
        }
        let pattern = evaluate(s, p, &plan.moves).pattern;
        match found.best.get(&pattern) {
            Some((v, _)) if *v >= floor - TOL && plan.objective <= v + TOL => {}
            other => return fail(format!("plan {n} pattern {pattern:?}: the oracle's best for it is {:?}", other.map(|x| x.0))),
        }
        if patterns.contains(&pattern) {
            return fail(format!("plan {n} repeats an earlier plan's pattern"));
        }
        let distance: Vec<usize> = patterns.iter().map(|q| hamming(&pattern, q)).collect();
        if plan.distance != distance {
            return fail(format!("plan {n} distance {:?}, recomputed {distance:?}", plan.distance));
        }
        // Farthest: no pattern within the floor (and not shown yet) is farther from the
        // earlier plans than this one, by the sum of distances the solve maximises.
        if i > 0 {
            let far = |q: &Pattern| patterns.iter().map(|e| hamming(q, e)).sum::<usize>();
            let (most, witness) = within
                .iter()
                .filter(|q| !patterns.contains(q))
                .map(|q| (far(q), *q))
                .max_by_key(|x| x.0)
                .expect("this plan's own pattern is one");
            if far(&pattern) != most {
                return fail(format!(
                    "plan {n} is at distance {} from the earlier plans, but {witness:?} within the floor is at {most}",
                    far(&pattern)
                ));
            }
        }
        patterns.push(pattern);
    }
    Ok(plans.len())
}

fn show(plans: &[Plan]) -> String {
    plans
        .iter()
        .map(|pl| {
            let moves: Vec<String> = pl.moves.iter().map(|m| format!("    {}", serde_json::to_string(m).unwrap())).collect();
            format!("  plan {} objective {} distance {:?}\n{}", pl.rank, pl.objective, pl.distance, moves.join("\n"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn diverse_plans_match_exhaustive_enumeration() {
    let started = Instant::now();
    let (mut compared, mut with_2, mut with_3, mut skipped) = (0usize, 0usize, 0usize, 0usize);
    let mut failures = Vec::new();
    for seed in 0..SEEDS {
        let case = tiny::generate(seed, tiny::TINY);
        let Some(found) = enumerate(&case.scenario, &case.policy) else {
            skipped += 1;
            continue;
        };
        if found.best.len() < 2 {
            skipped += 1;
            continue;
        }
        for eps in EPSILONS {
            match compare(&case, &found, eps) {
                Ok(n) => {
                    compared += 1;
                    with_2 += (n >= 2) as usize;
                    with_3 += (n >= 3) as usize;
                }
                Err(text) => failures.push(text),
            }
        }
    }
    eprintln!(
        "diverse oracle: {compared} (case, eps) pairs compared ({with_2} with a plan 2, {with_3} with a plan 3), {skipped} cases skipped (over the limit or one pattern), {} failed, in {:.1} s",
        failures.len(),
        started.elapsed().as_secs_f64()
    );
    if !failures.is_empty() {
        panic!("{} comparison(s) disagree with the oracle; the first:\n{}", failures.len(), failures[..failures.len().min(3)].join("\n\n=====\n\n"));
    }
    assert!(compared >= MIN_COMPARED, "only {compared} comparisons, want at least {MIN_COMPARED}");
    assert!(with_2 >= MIN_WITH_PLAN_2, "only {with_2} comparisons with a plan 2, want {MIN_WITH_PLAN_2}");
    assert!(with_3 >= MIN_WITH_PLAN_3, "only {with_3} comparisons with a plan 3, want {MIN_WITH_PLAN_3}");
}

#[test]
fn the_diverse_comparison_can_fail() {
    // An oracle that knows a pattern the solver cannot reach (a far one, faked by
    // renaming a request) must make the comparison fail on plan 2's distance or count.
    let (case, mut found) = (0..SEEDS)
        .map(|seed| tiny::generate(seed, tiny::TINY))
        .find_map(|case| {
            let found = enumerate(&case.scenario, &case.policy)?;
            (found.best.len() >= 2 && compare(&case, &found, 0.2).is_ok_and(|n| n >= 2)).then_some((case, found))
        })
        .expect("some tiny case has two plans within 0.2");
    let best = found.best.values().map(|x| x.0).fold(f64::NEG_INFINITY, f64::max);
    let mut far: Pattern = Default::default();
    // Farther from any plan 1 than a real pattern of ≤ 5 units and 3 requests can be.
    for i in 0..50 {
        far.0.insert(format!("NO-SUCH-REQUEST-{i}"));
    }
    found.best.insert(far, (best, Vec::new()));
    let err = compare(&case, &found, 0.2).unwrap_err();
    assert!(err.contains("within the floor"), "{err}");
}

#[test]
fn diverse_plans_of_the_parts_agree_with_those_of_the_whole() {
    let eps = 0.02;
    let cases = [(300, 1, false, 0), (300, 2, false, 0), (700, 3, true, 0), (700, 4, true, 100)];
    let (mut proven, mut same_first) = (0usize, 0usize);
    for (units, seed, regions, group_units) in cases {
        let ctx = format!("{units} units seed {seed} regions {regions} group_units {group_units}");
        // `--diverse` plans solved by parts (the default) and as one model.
        let base = SolveOptions { diverse: Some(eps), time_limit: Some(60.0), ..SolveOptions::default() };
        let both = solve_both(GenOptions { units, seed, regions, ..GenOptions::default() }, 3, group_units, base);
        let (parts, whole, notes, s, p) = (both.parts.doc, both.whole.doc, both.parts.notes, both.scenario, both.policy);
        assert!(
            notes.iter().any(|n| n.starts_with("solved as ") && n.ends_with(" independent parts")),
            "{ctx}: the generated scenario must split, or this test proves nothing: {notes:?}"
        );
        for (way, doc) in [("parts", &parts), ("whole", &whole)] {
            let violations = verify_doc(&s, &p, doc);
            assert!(violations.is_empty(), "{ctx} {way}: {violations:?}");
            assert!(doc.plans.len() >= 2, "{ctx} {way}: only {} plan(s)", doc.plans.len());
            let floor = floor(doc.plans[0].objective, eps);
            let d = doc.diverse.as_ref().expect("diverse recorded");
            assert!((d.objective_floor - floor).abs() <= TOL * floor.abs().max(1.0), "{ctx} {way}: floor {d:?} want {floor}");
            for plan in &doc.plans {
                assert!(plan.objective >= floor - TOL * floor.abs().max(1.0), "{ctx} {way} plan {}: {} below {floor}", plan.rank, plan.objective);
            }
        }
        let (a, b) = (&parts.plans[0], &whole.plans[0]);
        assert!((a.objective - b.objective).abs() <= TOL * a.objective.abs().max(1.0), "{ctx}: plan 1 {} vs {}", a.objective, b.objective);
        let both_proven = parts.plans[1].status.is_none() && whole.plans[1].status.is_none();
        eprintln!(
            "diverse parts vs whole, {ctx}: plan 2 status {:?} / {:?}, distance {:?} / {:?}, plan 1 patterns equal: {}",
            parts.plans[1].status,
            whole.plans[1].status,
            parts.plans[1].distance,
            whole.plans[1].distance,
            pattern(&s, &p, a) == pattern(&s, &p, b)
        );
        if !both_proven {
            continue;
        }
        proven += 1;
        // Plan 2 is the farthest from plan 1 within the same floor: the same distance
        // both ways when plan 1 is the same plan (ties may pick another plan 1).
        if pattern(&s, &p, a) == pattern(&s, &p, b) {
            same_first += 1;
            assert_eq!(parts.plans[1].distance, whole.plans[1].distance, "{ctx}: plan 2's distance to plan 1");
        }
    }
    assert!(proven >= 2, "only {proven} case(s) proven both ways, want 2");
    assert!(same_first >= 1, "no proven case had the same plan 1 both ways: the distance was never compared");
}

fn pattern(s: &bianzhi::Scenario, p: &bianzhi::Policy, plan: &Plan) -> Pattern {
    evaluate(s, p, &plan.moves).pattern
}

#[test]
fn diverse_solve_is_deterministic() {
    let mut checked = 0;
    for seed in 0..40u64 {
        let c = tiny::generate(seed, tiny::MEDIUM_REGIONS);
        let opts = SolveOptions { diverse: Some(0.05), ..SolveOptions::default() };
        let Ok(first) = solve_ranked(&c.scenario, &c.policy, 3, &opts) else { continue };
        // Only proven plans: a plan cut short at a time limit depends on the clock.
        if first.doc.plans.len() < 3 || first.doc.plans.iter().any(|pl| pl.status.is_some()) {
            continue;
        }
        let second = solve_ranked(&c.scenario, &c.policy, 3, &opts).expect("solved once, solves again");
        assert_eq!(first.doc.plans, second.doc.plans, "seed {seed}");
        assert_eq!(first.doc.diverse, second.doc.diverse, "seed {seed}");
        assert_eq!(first.doc.decisions, second.doc.decisions, "seed {seed}");
        checked += 1;
        if checked == 5 {
            break;
        }
    }
    assert_eq!(checked, 5, "too few medium cases with three proven diverse plans");
}
