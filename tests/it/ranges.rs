//! `solve --ranges` (DESIGN §12): the least and most granted per request over all plans
//! within ε of plan 1, checked against exhaustive enumeration on tiny scenarios, the same
//! solved by parts and as one model, and on the command line.

use crate::common::{self, bianzhi, demo_city};
use crate::oracle::{enumerate_grants, tiny};
use bianzhi::{generate, solve_ranked, GenOptions, RequestRange, SolveOptions};
use serde_json::Value;

/// ε values every oracle case is solved with: ties only, and two budgets.
const EPS: [f64; 3] = [0.0, 0.05, 0.2];

/// Seeds tried per size; cases over the enumeration limit or infeasible are skipped.
const SEEDS: u64 = 150;

fn ranges_of(s: &bianzhi::Scenario, p: &bianzhi::Policy, eps: f64, opts: SolveOptions) -> (f64, Vec<RequestRange>) {
    let ranked = solve_ranked(s, p, 2, &SolveOptions { ranges: true, diverse: Some(eps), ..opts })
        .unwrap_or_else(|e| panic!("{}: solve fails: {e}", s.name));
    let best = ranked.doc.plans[0].objective;
    (best, ranked.doc.ranges.unwrap_or_else(|| panic!("{}: --ranges asked, none written", s.name)))
}

/// Compares every tiny case of `size` with the enumeration; returns (requests compared,
/// those whose range is wider than one value, those where ε widened a range).
fn run(size: tiny::Size) -> (usize, usize, usize) {
    let (mut compared, mut wide, mut widened) = (0, 0, 0);
    let mut failures = Vec::new();
    for seed in 0..SEEDS {
        let case = tiny::generate(seed, size);
        let (s, p) = (&case.scenario, &case.policy);
        if s.requests.is_empty() {
            continue;
        }
        let Some(found) = enumerate_grants(s, p) else { continue };
        let Some(best) = found.best.values().map(|(v, _)| *v).max_by(f64::total_cmp) else { continue };
        let mut tight: Vec<(i64, i64)> = Vec::new();
        for eps in EPS {
            let (plan1, got) = ranges_of(s, p, eps, SolveOptions::default());
            assert!((plan1 - best).abs() < 1e-6, "seed {seed}: plan 1 {plan1}, oracle best {best}");
            let floor = best - eps * best.abs();
            assert_eq!(got.len(), s.requests.len(), "seed {seed}: one range per request");
            for (i, (r, req)) in got.iter().zip(&s.requests).enumerate() {
                assert_eq!((&r.request, r.amount), (&req.id, req.amount), "seed {seed}: requests in id order");
                let want = found.grant_range(&req.id, floor).expect("plan 1 itself is within the floor");
                if (r.min, r.max) != want || r.status != "optimal" {
                    failures.push(format!(
                        "seed {seed} eps {eps} {}: solver {}..{} ({}), oracle {}..{} (floor {floor})",
                        req.id, r.min, r.max, r.status, want.0, want.1
                    ));
                }
                compared += 1;
                wide += usize::from(want.0 < want.1);
                if eps == 0.0 {
                    tight.push(want);
                } else {
                    widened += usize::from(want != tight[i]);
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} range(s) disagree with the oracle:\n{}", failures.len(), failures.join("\n"));
    (compared, wide, widened)
}

#[test]
fn ranges_match_exhaustive_enumeration() {
    let (compared, wide, widened) = run(tiny::TINY);
    eprintln!("ranges oracle: {compared} request ranges compared, {wide} wider than one value, {widened} widened by ε");
    // The cases must exercise what --ranges proves, or the comparison says little.
    assert!(compared >= 300, "only {compared} request ranges compared");
    assert!(wide >= 30 && widened >= 20, "too few non-trivial ranges: {wide} wide, {widened} widened by ε");
}

#[test]
fn ranges_match_exhaustive_enumeration_with_regions() {
    let (compared, wide, widened) = run(tiny::TINY_REGIONS);
    assert!(compared >= 150 && wide >= 15 && widened >= 10, "{compared} compared, {wide} wide, {widened} widened");
}

#[test]
fn ranges_of_the_parts_equal_those_of_the_whole() {
    let generated = generate(&GenOptions { units: 300, seed: 2, regions: true, ..GenOptions::default() });
    let dir = tempfile::tempdir().expect("temp dir");
    generated.write_to(dir.path()).expect("write generated scenario");
    let l = common::load(dir.path(), None);
    let (s, p) = (&l.scenario, &l.policy);
    let solve = |opts: SolveOptions| {
        // k = 1: ranges alone, without the alternatives' solve.
        let ranked = solve_ranked(s, p, 1, &SolveOptions { ranges: true, diverse: Some(0.01), ..opts }).expect("solves");
        (ranked.notes, ranked.doc.ranges.expect("ranges"))
    };
    let (notes, parts) = solve(SolveOptions { group_units: 0, ..SolveOptions::default() });
    assert!(notes.iter().any(|n| n.ends_with(" independent parts")), "the scenario must split: {notes:?}");
    let (_, grouped) = solve(SolveOptions::default());
    let (_, whole) = solve(SolveOptions { decompose: false, ..SolveOptions::default() });
    assert!(parts.iter().all(|r| r.status == "optimal"), "{parts:?}");
    assert_eq!(parts, whole);
    assert_eq!(grouped, whole);
    assert!(whole.iter().filter(|r| r.min < r.max).count() >= 3, "too few ranges wider than one value: {whole:?}");
    assert!(whole.iter().any(|r| r.min > 0), "no request funded in every near-optimal plan: {whole:?}");
}

#[test]
fn solve_ranges_writes_one_range_per_request() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let assert = bianzhi()
        .arg("solve")
        .arg(demo_city())
        .arg("--out")
        .arg(tmp.path().join("out"))
        .args(["--plans", "2", "--ranges", "--format", "json"])
        .assert()
        .code(0);
    let doc: Value = serde_json::from_slice(&assert.get_output().stdout).expect("one JSON document");
    let ranges = doc["ranges"].as_array().expect("ranges");
    let requests = doc["plans"][0]["requests"].as_array().expect("plan 1's requests");
    assert_eq!(ranges.len(), requests.len(), "one range per request");
    for (r, q) in ranges.iter().zip(requests) {
        assert_eq!(r["request"], q["request"]);
        let (min, max, amount) = (r["min"].as_i64().unwrap(), r["max"].as_i64().unwrap(), r["amount"].as_i64().unwrap());
        assert!(0 <= min && min <= max && max <= amount, "{r}");
        let granted = q["granted"].as_i64().unwrap();
        assert!(min <= granted && granted <= max, "plan 1 grants {granted} outside {r}");
        assert_eq!(r["status"], "optimal", "{r}");
    }
}
