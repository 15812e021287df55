//! Every bundled scenario validates, solves to proven optimality with three ranked
//! plans, and every plan passes the independent verifier; the three-year demo plans its
//! three years.

use crate::common::{bianzhi, load, repo};
use bianzhi::{solve_ranked, solve_years, verify_doc, Move, SolveOptions, Status};
use std::collections::BTreeSet;

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

/// `scenarios/demo-city-3y`: its own `[scenario] years = 3` is the horizon; each year plans
/// that year's requests on the state the year before left (the ledger's returns falling
/// due every year, retirements from the second), and every plan verifies.
#[test]
fn demo_city_3y_plans_three_years_and_verifies() {
    let dir = repo().join("scenarios/demo-city-3y");
    let l = load(&dir, None);
    assert_eq!(l.manifest.years, Some(3));
    assert!(!l.scenario.grants.is_empty());
    assert!(l.scenario.lines.iter().any(|line| line.retiring.len() == 3));
    let ranked = solve_years(&l.scenario, &l.policy, 3, 3, &SolveOptions::default()).expect("solves");
    assert_eq!(ranked.status, Status::Optimal);
    assert_eq!(ranked.doc.plans.len(), 3);
    assert!(verify_doc(&l.scenario, &l.policy, &ranked.doc).is_empty());
    let years = ranked.doc.years.as_ref().expect("a plan per year");
    assert_eq!(years.iter().map(|y| y.year).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(years[0].plan, ranked.doc.plans[0]);
    let mut dropped: BTreeSet<&str> = BTreeSet::new();
    for y in years {
        dropped.extend(y.dropped_requests.iter().map(String::as_str));
        let own: BTreeSet<&str> = l.scenario.requests.iter().filter(|r| r.year() == y.year).map(|r| r.id.as_str()).collect();
        let answered: BTreeSet<&str> = y.plan.requests.iter().map(|r| r.request.as_str()).collect();
        assert!(answered.is_subset(&own), "year {}: {:?}", y.year, answered.difference(&own).collect::<Vec<_>>());
        assert!(own.difference(&answered).all(|id| dropped.contains(id)), "year {}: a request of its own left out", y.year);
        assert!(y.plan.moves.iter().any(|m| matches!(m, Move::Return { .. })), "year {}: no ledger return", y.year);
        assert!(y.plan.moves.iter().any(|m| matches!(m, Move::Grant { .. })), "year {}: nothing granted", y.year);
    }
    assert!(years[1].retired > 0 && years[2].retired > 0);

    // The CLI plans the scenario's own horizon and verify accepts what it wrote.
    let out = tempfile::tempdir().expect("temp dir");
    bianzhi().arg("solve").arg(&dir).arg("--out").arg(out.path()).assert().success();
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(out.path().join("plans.json")).expect("plans.json")).expect("json");
    assert_eq!(doc["years"].as_array().map(Vec::len), Some(3));
    bianzhi().arg("verify").arg(&dir).arg(out.path().join("plans.json")).assert().success();
}
