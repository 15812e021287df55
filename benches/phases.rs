//! Criterion benches, one group per phase (load, validate, build, root LP against MIP,
//! solve, rank, verify, render, the leaders' report), over scenarios made by the generator at city level
//! (350 units), city with counties (5,000) and province (50,000) scales, with and
//! without regions (`gen --regions`: per-county pools, so the model splits by county).
//! The 50,000-unit solves run only with regions; without, one solve takes longer than a
//! criterion sample budget (single runs are in benches/README.md). The single-part case
//! (20,000 units without regions, by parts and as one model) has its own group, and so
//! does `compare` (policy variants of the bundled demo city, prepared, built and solved
//! side by side), and so do alternatives (`--diverse`, against ranked plans), and so do
//! plans over years (`gen --years 3`, planned for one year and for three). Every generated
//! scenario has a revolving-grant ledger, so every solve makes its returns first.

use bianzhi::{
    build_model, build_report, generate, prepare_sweep, read_scenario, render_html, render_markdown, render_plans, render_xlsx, run_sweep,
    solve_ranked, solve_years, verify_doc, write_atomic, GenOptions, Lang, Loaded, Session, Setting, SolveOptions, Sweep, SweepRequest,
};
use std::path::PathBuf;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::time::Duration;

/// A generated scenario written to a temporary folder, and loaded.
fn scenario(units: usize, regions: bool) -> (tempfile::TempDir, Loaded) {
    scenario_over(units, regions, 1)
}

/// [`scenario`] generated with `--years years`.
fn scenario_over(units: usize, regions: bool, years: usize) -> (tempfile::TempDir, Loaded) {
    let dir = tempfile::tempdir().expect("temp dir");
    let name = format!("bench {units}");
    generate(&GenOptions { units, seed: 1, chinese_headers: false, name, regions, years }).write_to(dir.path()).expect("write scenario");
    let loaded = read_scenario(dir.path(), None).ok().and_then(|r| r.validate().ok()).expect("generated scenario is valid");
    (dir, loaded)
}

/// Parameter label: `5000` or `5000-regions`.
fn label(units: usize, regions: bool) -> String {
    if regions {
        format!("{units}-regions")
    } else {
        units.to_string()
    }
}

fn load_and_validate(c: &mut Criterion) {
    let mut read = c.benchmark_group("loading a register (decode and parse the tables)");
    read.sample_size(10).measurement_time(Duration::from_secs(10));
    let dirs: Vec<_> = [350, 5_000, 50_000].into_iter().map(|n| (n, scenario(n, false).0)).collect();
    for (n, dir) in &dirs {
        read.bench_with_input(BenchmarkId::from_parameter(n), dir, |b, dir| b.iter(|| read_scenario(dir.path(), None).expect("reads")));
    }
    read.finish();
    let mut check = c.benchmark_group("validating a register (type and cross-check)");
    check.sample_size(10).measurement_time(Duration::from_secs(10));
    for (n, dir) in &dirs {
        let raw = read_scenario(dir.path(), None).expect("reads");
        check.bench_with_input(BenchmarkId::from_parameter(n), &raw, |b, raw| b.iter(|| raw.validate().expect("valid")));
    }
    check.finish();
}

fn build(c: &mut Criterion) {
    let mut g = c.benchmark_group("building the model");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    for n in [350, 5_000, 50_000] {
        let (_dir, l) = scenario(n, false);
        g.bench_with_input(BenchmarkId::from_parameter(n), &l, |b, l| b.iter(|| build_model(&l.scenario, &l.policy, false)));
    }
    g.finish();
}

/// The whole model's root LP relaxation against its MIP (plan 1 as one model, no
/// decomposition), both including the model build: the ratio of the two medians is the
/// "MIP ≤ 3× root LP" target. At 50,000 units with regions only the LP runs here; the
/// MIP side is "solving for the optimal plan", which solves by parts.
fn root_lp_against_mip(c: &mut Criterion) {
    let mut g = c.benchmark_group("whole model: root LP relaxation against MIP");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    for (n, regions) in [(350, false), (5_000, false), (5_000, true), (50_000, true)] {
        let (_dir, l) = scenario(n, regions);
        let name = label(n, regions);
        g.bench_with_input(BenchmarkId::new("root LP", &name), &l, |b, l| {
            b.iter(|| {
                let mut session = Session::new(build_model(&l.scenario, &l.policy, false), SolveOptions::default());
                session.relax();
                session.solve()
            })
        });
        if n < 50_000 {
            g.bench_with_input(BenchmarkId::new("MIP", &name), &l, |b, l| {
                b.iter(|| Session::new(build_model(&l.scenario, &l.policy, false), SolveOptions::default()).solve())
            });
        }
    }
    g.finish();
}

fn solve_and_rank(c: &mut Criterion) {
    let cases = [(350, false), (5_000, false), (5_000, true), (50_000, true)];
    let loaded: Vec<_> = cases.iter().map(|&(n, r)| (label(n, r), scenario(n, r))).collect();
    for (group, k) in [("solving for the optimal plan", 1), ("ranking five plans", 5)] {
        let mut g = c.benchmark_group(group);
        g.sample_size(10).measurement_time(Duration::from_secs(20));
        for (name, (_dir, l)) in &loaded {
            g.bench_with_input(BenchmarkId::from_parameter(name), l, |b, l| {
                b.iter(|| solve_ranked(&l.scenario, &l.policy, k, &SolveOptions::default()).expect("solves"))
            });
        }
        g.finish();
    }
    // The same five plans from the whole model at once, to compare in one run.
    let mut g = c.benchmark_group("ranking five plans: parts against the whole model");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    for (name, (_dir, l)) in loaded.iter().filter(|(name, _)| name == "5000" || name == "5000-regions") {
        for (way, decompose) in [("parts", true), ("whole", false)] {
            let opts = SolveOptions { decompose, ..SolveOptions::default() };
            g.bench_with_input(BenchmarkId::new(way, name), l, |b, l| {
                b.iter(|| solve_ranked(&l.scenario, &l.policy, 5, &opts).expect("solves"))
            });
        }
    }
    g.finish();
}

/// The single-part case: a 20,000-unit register without regions, plan 1 proven optimal,
/// by parts (its 事业编制 and 行政编制 sides) and as one model. Both stop as soon as the
/// incumbent is within the objective's granularity (0.5) of HiGHS's bound; the whole
/// model spends its extra time in the root node (analytic centre, central rounding, a
/// sub-MIP that finds the optimum), see benches/README.md.
fn single_register(c: &mut Criterion) {
    let mut g = c.benchmark_group("proving plan 1 of a 20,000-unit register: parts against the whole model");
    g.sample_size(10).measurement_time(Duration::from_secs(60));
    let (_dir, l) = scenario(20_000, false);
    for (way, decompose) in [("parts", true), ("whole", false)] {
        let opts = SolveOptions { decompose, ..SolveOptions::default() };
        g.bench_with_input(BenchmarkId::new(way, "20000"), &l, |b, l| {
            b.iter(|| solve_ranked(&l.scenario, &l.policy, 1, &opts).expect("solves"))
        });
    }
    g.finish();
}

fn verify_and_render(c: &mut Criterion) {
    let mut v = c.benchmark_group("verifying five plans");
    v.sample_size(10);
    let solved: Vec<_> = [(350, false), (5_000, false), (50_000, true)]
        .into_iter()
        .map(|(n, r)| {
            let (dir, l) = scenario(n, r);
            let ranked = solve_ranked(&l.scenario, &l.policy, 5, &SolveOptions::default()).expect("solves");
            (label(n, r), dir, l, ranked)
        })
        .collect();
    for (name, _, l, ranked) in &solved {
        v.bench_with_input(BenchmarkId::from_parameter(name), &(l, ranked), |b, (l, r)| b.iter(|| verify_doc(&l.scenario, &l.policy, &r.doc)));
    }
    v.finish();
    let mut r = c.benchmark_group("rendering five plans as table and JSON");
    r.sample_size(10);
    for (name, _, l, ranked) in &solved {
        r.bench_with_input(BenchmarkId::from_parameter(name), &(l, ranked), |b, (l, rk)| {
            b.iter(|| (render_plans(&rk.doc, &l.scenario, &l.policy), serde_json::to_string_pretty(&rk.doc).expect("json")))
        });
    }
    r.finish();
    // The leaders' report: the view once, then each file from it, as `report` does.
    let mut rep = c.benchmark_group("rendering the leaders' report of five plans");
    rep.sample_size(10);
    for (name, _, l, ranked) in &solved {
        let view = build_report(&l.scenario, &l.policy, &ranked.doc, Lang::Zh);
        rep.bench_with_input(BenchmarkId::new("view", name), &(l, ranked), |b, (l, rk)| {
            b.iter(|| build_report(&l.scenario, &l.policy, &rk.doc, Lang::Zh))
        });
        rep.bench_with_input(BenchmarkId::new("html", name), &view, |b, v| b.iter(|| render_html(v, None).expect("renders")));
        rep.bench_with_input(BenchmarkId::new("xlsx", name), &view, |b, v| b.iter(|| render_xlsx(v).expect("renders")));
        rep.bench_with_input(BenchmarkId::new("markdown", name), &view, |b, v| b.iter(|| render_markdown(v)));
    }
    rep.finish();
}

/// A sweep of the bundled demo city (as `compare scenarios/demo-city --set … --plans 1`
/// gives it): every `--set` as written on the command line.
fn demo_sweep(sets: &[&str]) -> SweepRequest {
    SweepRequest {
        scenarios: vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/demo-city")],
        models: Vec::new(),
        sets: sets.iter().map(|s| Setting::parse(s).expect("a valid --set")).collect(),
        plans: 1,
        repeat: 1,
        baseline: None,
        accept: Vec::new(),
        opts: SolveOptions { threads: 1, ..SolveOptions::default() },
    }
}

/// Every variant's model built, as each row builds it before its solve (the rows solve
/// the demo city by parts, whose models together are the whole model's columns and rows).
fn build_every_variant(sweep: &Sweep) -> usize {
    let mut columns = 0;
    for p in &sweep.scenarios {
        for v in &p.variants {
            columns += build_model(&p.typed[v.typed], &v.policy, false).var_names.len();
        }
    }
    columns
}

/// `compare` through the library: the sweep prepared (scenario read and validated once,
/// every variant's model text edited and checked), every variant's model built, the
/// rows solved with one and with two workers into a temporary folder, and a row's
/// output serialised and written. The 100-variant
/// sweep of benches/README.md is only prepared and built here (its solves are timed there
/// with the CLI): its build time is what splits the rows' `timings.solve` into model
/// build and HiGHS.
fn compare(c: &mut Criterion) {
    let ten = demo_sweep(&["reclaim.keep_vacant=0,1,2,3,4", "reclaim.max_share=1.0,0.5"]);
    let hundred = demo_sweep(&[
        "reclaim.keep_vacant=0,1,2,3,4",
        "reserve.min_available.POOL-MUNI=0,20,50,100,200",
        "reclaim.max_share=1.0,0.5",
        "consolidation.max_quota=5,8",
    ]);
    let mut g = c.benchmark_group("compare: a 10-variant sweep of the demo city");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("prepare", |b| b.iter(|| prepare_sweep(&ten).expect("prepares")));
    let sweep = prepare_sweep(&ten).expect("prepares");
    assert_eq!(sweep.rows.len(), 10);
    g.bench_function("build every variant's model", |b| b.iter(|| build_every_variant(&sweep)));
    let out = tempfile::tempdir().expect("temp dir");
    for threads in [1, 2] {
        g.bench_with_input(BenchmarkId::new("run", format!("{threads} thread(s)")), &threads, |b, &threads| {
            b.iter(|| {
                let rows = run_sweep(&sweep, None, threads, out.path(), &|_| {}).expect("runs");
                assert!(rows.iter().all(|r| r.status == "optimal"), "every variant solves");
                rows
            })
        });
    }
    // What a row does after its solve: plans.json serialised, then it and the variant's
    // model written as `compare` writes them (each synced, renamed, its folder synced).
    let (p, v) = (&sweep.scenarios[0], &sweep.scenarios[0].variants[0]);
    let ranked = solve_ranked(&p.typed[v.typed], &v.policy, 1, &SolveOptions::default()).expect("solves");
    g.bench_function("serialise a row's plans.json", |b| b.iter(|| serde_json::to_string_pretty(&ranked.doc).expect("json")));
    let json = serde_json::to_string_pretty(&ranked.doc).expect("json");
    g.bench_function("write a row's plans.json and model.toml (synced)", |b| {
        b.iter(|| {
            write_atomic(&out.path().join("row/plans.json"), json.as_bytes()).expect("writes");
            write_atomic(&out.path().join("row/model.toml"), v.policy.source_text().as_bytes()).expect("writes")
        })
    });
    g.finish();
    let mut g = c.benchmark_group("compare: the 100-variant sweep of the demo city, before any solve");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("prepare", |b| b.iter(|| prepare_sweep(&hundred).expect("prepares")));
    let sweep = prepare_sweep(&hundred).expect("prepares");
    assert_eq!(sweep.rows.len(), 100);
    g.bench_function("build every variant's model", |b| b.iter(|| build_every_variant(&sweep)));
    g.finish();
}

/// Alternatives (DESIGN §12): five ranked plans against plan 1 and four alternatives within
/// 2% (`--diverse 0.02`), in one run so the ratio holds on a busy machine. Each alternative
/// takes its time share (max(2 s, plan 1's time) without a limit), so this group measures
/// what a planner waits for; the distances obtained are printed once per scenario.
fn alternatives(c: &mut Criterion) {
    let cases = [(350, false), (5_000, false), (5_000, true)];
    let mut g = c.benchmark_group("alternatives: five plans, ranked against --diverse 0.02");
    g.sample_size(10).measurement_time(Duration::from_secs(60));
    for &(n, r) in &cases {
        let (_dir, l) = scenario(n, r);
        let name = label(n, r);
        let diverse = SolveOptions { diverse: Some(0.02), ..SolveOptions::default() };
        let once = solve_ranked(&l.scenario, &l.policy, 5, &diverse).expect("solves");
        let distances: Vec<String> = once.doc.plans.iter().skip(1).map(|pl| format!("{:?}{}", pl.distance, pl.status.as_deref().map(|s| format!(" {s}")).unwrap_or_default())).collect();
        eprintln!("alternatives {name}: distances {}", distances.join(", "));
        for (way, opts) in [("ranked", SolveOptions::default()), ("diverse 0.02", diverse)] {
            g.bench_with_input(BenchmarkId::new(way, &name), &l, |b, l| {
                b.iter(|| solve_ranked(&l.scenario, &l.policy, 5, &opts).expect("solves"))
            });
        }
    }
    g.finish();
}

/// Plans over years (DESIGN §14): a 5,000-unit register generated with `--years 3`
/// (requests spread evenly over three years, retirements listed for some lines, 3%
/// attrition for the others), planned as `solve --years 1` and `--years 3` plan it: three
/// ranked plans for year 1, then plan 1 of each later year on the state the year before
/// left. The same scenario both ways, so one year plans a third of the requests; the
/// target is three years in at most three times one year's time.
fn years(c: &mut Criterion) {
    let mut g = c.benchmark_group("years: a 5,000-unit register planned for one year and for three");
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    let (_dir, l) = scenario_over(5_000, false, 3);
    for n in [1, 3] {
        g.bench_with_input(BenchmarkId::new("years", n), &l, |b, l| {
            b.iter(|| solve_years(&l.scenario, &l.policy, 3, n, &SolveOptions::default()).expect("solves"))
        });
    }
    g.finish();
}

criterion_group!(benches, load_and_validate, build, root_lp_against_mip, solve_and_rank, single_register, verify_and_render, compare, alternatives, years);
criterion_main!(benches);
