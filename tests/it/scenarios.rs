//! Every bundled scenario validates, solves to proven optimality with three ranked
//! plans, and every plan passes the independent verifier.

use crate::common::{load, repo};
use bianzhi::{solve_ranked, verify_doc, SolveOptions, Status};

#[test]
fn every_bundled_scenario_solves_and_verifies() {
    let mut seen = 0;
    let mut dirs: Vec<_> = std::fs::read_dir(repo().join("scenarios")).expect("scenarios/").flatten().map(|e| e.path()).collect();
    dirs.sort();
    for dir in dirs.into_iter().filter(|d| d.join("scenario.toml").exists()) {
        let l = load(&dir, None);
        let ranked = solve_ranked(&l.scenario, &l.policy, 3, &SolveOptions::default())
            .unwrap_or_else(|e| panic!("{} does not solve: {e}", dir.display()));
        assert_eq!(ranked.status, Status::Optimal, "{}", dir.display());
        assert_eq!(ranked.doc.plans.len(), 3, "{}", dir.display());
        assert!(verify_doc(&l.scenario, &l.policy, &ranked.doc).is_empty());
        seen += 1;
    }
    assert!(seen >= 1, "no scenario found");
}

#[test]
fn demo_city_solves_under_every_bundled_model() {
    let mut models: Vec<_> = std::fs::read_dir(repo().join("models")).expect("models/").flatten().map(|e| e.path()).collect();
    models.sort();
    for m in models.iter().filter(|m| m.extension().is_some_and(|e| e == "toml")) {
        let l = load(&repo().join("scenarios/demo-city"), Some(m));
        let ranked = solve_ranked(&l.scenario, &l.policy, 2, &SolveOptions::default())
            .unwrap_or_else(|e| panic!("demo-city under {} does not solve: {e}", m.display()));
        assert!(verify_doc(&l.scenario, &l.policy, &ranked.doc).is_empty(), "{}", m.display());
    }
}
