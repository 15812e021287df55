//! Criterion benches, one group per phase (load and validate, build, solve, rank,
//! verify, render), over scenarios made by the generator at city-level (350),
//! city-with-counties (5,000) and province (50,000) scales. The solve-based groups
//! stop at 5,000 units: a 50,000-unit solve takes longer than a criterion sample
//! budget allows (see benches/README.md for the single-run measurements).

use bianzhi::{build_model, generate, load_scenario, render_plans, solve_ranked, verify_doc, GenOptions, Loaded, SolveOptions};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::time::Duration;

fn scenario(units: usize) -> (tempfile::TempDir, Loaded) {
    let dir = tempfile::tempdir().expect("temp dir");
    let name = format!("bench {units}");
    generate(&GenOptions { units, seed: 1, chinese_headers: false, name, regions: false }).write_to(dir.path()).expect("write scenario");
    let loaded = load_scenario(dir.path(), None).expect("generated scenario is valid");
    (dir, loaded)
}

fn load_and_validate(c: &mut Criterion) {
    let mut g = c.benchmark_group("loading and validating a register");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    for n in [350, 5_000, 50_000] {
        let (dir, _) = scenario(n);
        g.bench_with_input(BenchmarkId::from_parameter(n), &dir, |b, dir| b.iter(|| load_scenario(dir.path(), None).expect("valid")));
    }
    g.finish();
}

fn build(c: &mut Criterion) {
    let mut g = c.benchmark_group("building the model");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    for n in [350, 5_000, 50_000] {
        let (_dir, l) = scenario(n);
        g.bench_with_input(BenchmarkId::from_parameter(n), &l, |b, l| b.iter(|| build_model(&l.scenario, &l.policy, false)));
    }
    g.finish();
}

fn solve_and_rank(c: &mut Criterion) {
    for (group, k) in [("solving for the optimal plan", 1), ("ranking five plans", 5)] {
        let mut g = c.benchmark_group(group);
        g.sample_size(10).measurement_time(Duration::from_secs(20));
        for n in [350, 5_000] {
            let (_dir, l) = scenario(n);
            g.bench_with_input(BenchmarkId::from_parameter(n), &l, |b, l| {
                b.iter(|| solve_ranked(&l.scenario, &l.policy, k, &SolveOptions::default()).expect("solves"))
            });
        }
        g.finish();
    }
}

fn verify_and_render(c: &mut Criterion) {
    let mut v = c.benchmark_group("verifying five plans");
    v.sample_size(10);
    let solved: Vec<_> = [350, 5_000]
        .into_iter()
        .map(|n| {
            let (dir, l) = scenario(n);
            let ranked = solve_ranked(&l.scenario, &l.policy, 5, &SolveOptions::default()).expect("solves");
            (n, dir, l, ranked)
        })
        .collect();
    for (n, _, l, ranked) in &solved {
        v.bench_with_input(BenchmarkId::from_parameter(n), &(l, ranked), |b, (l, r)| b.iter(|| verify_doc(&l.scenario, &l.policy, &r.doc)));
    }
    v.finish();
    let mut r = c.benchmark_group("rendering five plans as table and JSON");
    r.sample_size(10);
    for (n, _, l, ranked) in &solved {
        r.bench_with_input(BenchmarkId::from_parameter(n), &(l, ranked), |b, (l, rk)| {
            b.iter(|| (render_plans(&rk.doc, &l.scenario, &l.policy), serde_json::to_string_pretty(&rk.doc).expect("json")))
        });
    }
    r.finish();
}

criterion_group!(benches, load_and_validate, build, solve_and_rank, verify_and_render);
criterion_main!(benches);
