//! Decomposition: ranked plans solved as independent parts equal those of the whole
//! model, on generated scenarios small enough to solve both ways.

use crate::common;
use bianzhi::{generate, solve_ranked, GenOptions, Plan, SolveOptions};
use std::collections::BTreeSet;

/// (requests granted, donor units, merged units) of a plan, read from its moves.
fn pattern(plan: &Plan) -> (BTreeSet<String>, BTreeSet<String>, BTreeSet<String>) {
    let mut p = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for m in &plan.moves {
        match m {
            bianzhi::Move::Grant { request, .. } => {
                p.0.insert(request.clone());
            }
            bianzhi::Move::Reclaim { from, .. } => {
                p.1.insert(from.clone());
            }
            bianzhi::Move::Merge { from, .. } => {
                p.2.insert(from.clone());
            }
            bianzhi::Move::Absorb { .. } | bianzhi::Move::Return { .. } => {}
        }
    }
    p
}

/// Ranked plans of a generated scenario solved part by part (every independent part
/// alone, `group_units` 0, or grouped) and as one model, with the notes of the first.
fn solve_both(units: usize, seed: u64, regions: bool, group_units: usize, k: usize) -> (Vec<Plan>, Vec<Plan>, Vec<String>) {
    let generated = generate(&GenOptions { units, seed, regions, ..GenOptions::default() });
    let dir = tempfile::tempdir().expect("temp dir");
    generated.write_to(dir.path()).expect("write generated scenario");
    let l = common::load(dir.path(), None);
    let opts = SolveOptions { group_units, ..SolveOptions::default() };
    let parts = solve_ranked(&l.scenario, &l.policy, k, &opts).expect("decomposed solve");
    let whole = solve_ranked(&l.scenario, &l.policy, k, &SolveOptions { decompose: false, ..SolveOptions::default() })
        .expect("whole solve");
    (parts.doc.plans, whole.doc.plans, parts.notes)
}

#[test]
fn ranked_plans_of_the_parts_equal_those_of_the_whole() {
    // Without regions a city splits into its 事业编制 side, its 行政编制 side and a few
    // 政法 absorb hubs; with regions every county splits again.
    let cases = [(300, 1, false, 0), (300, 2, false, 0), (700, 3, true, 0), (700, 4, true, 100)];
    for (units, seed, regions, group_units) in cases {
        let k = 6;
        let (parts, whole, notes) = solve_both(units, seed, regions, group_units, k);
        assert!(
            notes.iter().any(|n| n.starts_with("solved as ") && n.ends_with(" independent parts")),
            "seed {seed}: the generated scenario must split, or this test proves nothing: {notes:?}"
        );
        assert_eq!(parts.len(), whole.len(), "seed {seed}: as many plans");
        for (a, b) in parts.iter().zip(&whole) {
            assert!((a.objective - b.objective).abs() < 1e-6, "seed {seed} rank {}: {} vs {}", a.rank, a.objective, b.objective);
        }
        // Where an objective is unique in both lists (and is not the last shown, which
        // may tie with a plan past the list), the plan is unique too: the same pattern.
        let objectives: Vec<f64> = whole.iter().map(|p| p.objective).collect();
        for (i, (a, b)) in parts.iter().zip(&whole).enumerate() {
            let unique = objectives.iter().enumerate().all(|(j, o)| j == i || (o - objectives[i]).abs() > 1e-6);
            if unique && i + 1 < whole.len() {
                assert_eq!(pattern(a), pattern(b), "seed {seed} rank {}", a.rank);
            }
        }
        // Distinct patterns within each list, as DESIGN §6 asks.
        let distinct: BTreeSet<_> = parts.iter().map(pattern).collect();
        assert_eq!(distinct.len(), parts.len(), "seed {seed}: patterns differ");
    }
}

#[test]
fn decomposed_solve_is_deterministic() {
    let (a, _, _) = solve_both(700, 5, true, 0, 4);
    let (b, _, _) = solve_both(700, 5, true, 0, 4);
    assert_eq!(a, b);
}
