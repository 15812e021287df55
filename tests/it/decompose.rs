//! Decomposition: ranked plans solved as independent parts equal those of the whole
//! model, on generated scenarios small enough to solve both ways.

use crate::common::solve_both;
use bianzhi::{GenOptions, Plan, SolveOptions};
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

#[test]
fn ranked_plans_of_the_parts_equal_those_of_the_whole() {
    // Without regions a city splits into its 事业编制 side, its 行政编制 side and a few
    // 政法 absorb hubs; with regions every county splits again.
    let cases = [(300, 1, false, 0), (300, 2, false, 0), (700, 3, true, 0), (700, 4, true, 100)];
    for (units, seed, regions, group_units) in cases {
        let k = 6;
        // Every independent part alone (`group_units` 0), or grouped, against one model.
        let both = solve_both(GenOptions { units, seed, regions, ..GenOptions::default() }, k, group_units, SolveOptions::default());
        let (parts, whole, notes) = (both.parts.doc.plans, both.whole.doc.plans, both.parts.notes);
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
    let parts = || solve_both(GenOptions { units: 700, seed: 5, regions: true, ..GenOptions::default() }, 4, 0, SolveOptions::default()).parts.doc.plans;
    let (a, b) = (parts(), parts());
    assert_eq!(a, b);
}
