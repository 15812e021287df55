//! Command implementations of the binary: each resolves its arguments into settings,
//! calls the library, prints, and writes through `report`'s atomic writer.

use super::{emit, print_issues, Command, CompareFormat, Format, SchemaDocument, SolveArgs};
use bianzhi::{
    check_made_from, check_output_dir, read_plans, read_scenario, render_plans, render_stocktake, render_stocktake_json,
    solve_years, stocktake, verify_doc, write_all_atomic, write_atomic, write_atomic_via, Error, Issue, Loaded, PlansDoc,
    Session, Severity, SolveOptions,
};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub fn run(command: Command) -> Result<(), Error> {
    match command {
        Command::Validate { scenario, model } => validate(&scenario, model.as_deref()),
        Command::Analyze { scenario, model, format } => analyze(&scenario, model.as_deref(), format),
        Command::Gen { units, seed, output, chinese_headers, regions, years } => gen(units, seed, &output, chinese_headers, regions, years),
        Command::Solve(args) => solve(&SolveSettings::resolve(args)?),
        Command::Verify { scenario, plans, model } => verify(&scenario, &plans, model.as_deref()),
        Command::Report { scenario, plans, model, html, xlsx, md, lang, template } => {
            report(&scenario, &plans, model.as_deref(), ReportFiles { html, xlsx, md }, lang.into(), template.as_deref())
        }
        Command::Diff { scenario, a, b, model, format, lang } => diff(&scenario, &a, &b, model.as_deref(), format, lang.into()),
        Command::Compare {
            scenarios,
            models,
            sets,
            plans,
            repeat,
            baseline,
            accept,
            out,
            format,
            threads,
            time_limit,
            gap,
            shard,
            merge,
        } => {
            let out = out.unwrap_or_else(|| PathBuf::from("out/compare"));
            if !merge.is_empty() {
                return compare_merge(&merge, &out, format);
            }
            if plans == 0 || repeat == 0 {
                return Err(Error::Usage("--plans and --repeat must be at least 1".into()));
            }
            check_limits(time_limit, gap)?;
            let threads = match threads {
                Some(0) => return Err(Error::Usage("--threads must be at least 1".into())),
                Some(n) => n,
                None => std::thread::available_parallelism().map_or(1, |n| n.get()),
            };
            let sets = sets.iter().map(|s| bianzhi::Setting::parse(s)).collect::<Result<Vec<_>, _>>().map_err(Error::Usage)?;
            let accept = accept.iter().map(|t| bianzhi::AcceptTest::parse(t)).collect::<Result<Vec<_>, _>>().map_err(Error::Usage)?;
            let shard = shard.map(|s| bianzhi::Shard::parse(&s, |k| std::env::var(k).ok())).transpose().map_err(Error::Usage)?;
            let opts = SolveOptions { time_limit, gap: gap.unwrap_or(0.0), threads: 1, ..SolveOptions::default() };
            let req = bianzhi::SweepRequest { scenarios, models, sets, plans, repeat, baseline, accept, opts };
            compare(&req, &out, format, threads, shard)
        }
        Command::Template => {
            emit(bianzhi::DEFAULT_TEMPLATE);
            Ok(())
        }
        Command::ExportMps { scenario, model, output } => export_mps(&scenario, model.as_deref(), &output),
        Command::Models { name, format } => models(name.as_deref(), format),
        Command::Init { dir, chinese_headers } => init(&dir, chinese_headers),
        Command::Schema { document } => {
            let schema = match document {
                SchemaDocument::Plans => bianzhi::plans_schema(),
                SchemaDocument::Model => bianzhi::model_schema(),
            };
            emit(&bianzhi::schema_text(&schema));
            Ok(())
        }
    }
}

/// `solve`'s flags checked and defaulted ([`SolveSettings::resolve`]).
struct SolveSettings {
    scenario: PathBuf,
    model: Option<PathBuf>,
    plans: usize,
    out: Option<PathBuf>,
    format: Format,
    opts: SolveOptions,
    /// Print each phase's wall time to stderr.
    timings: bool,
    /// Write report.html, plans.xlsx and summary.md beside plans.json.
    report: bool,
    /// `--years N`; `None`: the scenario's `[scenario] years`, else 1.
    years: Option<usize>,
}

impl SolveSettings {
    /// Checks and defaults the flags. Every field of [`SolveArgs`] is named here: a flag
    /// added there and not used here does not compile.
    fn resolve(args: SolveArgs) -> Result<SolveSettings, Error> {
        let SolveArgs {
            scenario,
            model,
            plans,
            out,
            format,
            time_limit,
            gap,
            threads,
            presolve,
            no_decompose,
            timings,
            report,
            diverse,
            ranges,
            years,
        } = args;
        if plans == 0 {
            return Err(Error::Usage("--plans must be at least 1".into()));
        }
        check_years(years)?;
        check_diverse(diverse, plans)?;
        check_limits(time_limit, gap)?;
        let gap = gap.unwrap_or(0.0);
        let threads = threads.unwrap_or(1);
        if threads == 0 {
            return Err(Error::Usage("--threads must be at least 1".into()));
        }
        let decompose = !no_decompose;
        let opts = SolveOptions { time_limit, gap, threads, presolve, decompose, diverse, ranges, ..SolveOptions::default() };
        Ok(SolveSettings { scenario, model, plans, out, format, opts, timings, report, years })
    }
}

/// `--years N` in 1..=MAX_YEARS.
fn check_years(years: Option<usize>) -> Result<(), Error> {
    match years {
        Some(n) if !(1..=bianzhi::MAX_YEARS).contains(&n) => {
            Err(Error::Usage(format!("--years must be between 1 and {}, got {n}", bianzhi::MAX_YEARS)))
        }
        _ => Ok(()),
    }
}

/// `--diverse EPS` in [0, 1), and only with plans to diversify.
fn check_diverse(diverse: Option<f64>, plans: usize) -> Result<(), Error> {
    let Some(eps) = diverse else { return Ok(()) };
    if !(eps.is_finite() && (0.0..1.0).contains(&eps)) {
        return Err(Error::Usage(format!(
            "--diverse must be in [0, 1) (a share of plan 1's objective, e.g. 0.02), got {eps}"
        )));
    }
    if plans < 2 {
        return Err(Error::Usage(format!(
            "--diverse needs --plans 2 or more: plan 1 is the optimum, alternatives are plans 2…K (got --plans {plans})"
        )));
    }
    Ok(())
}

/// `--time-limit` positive, `--gap` in [0, 1).
fn check_limits(time_limit: Option<f64>, gap: Option<f64>) -> Result<(), Error> {
    if let Some(t) = time_limit {
        if !(t.is_finite() && t > 0.0) {
            return Err(Error::Usage(format!("--time-limit must be a positive number of seconds, got {t}")));
        }
    }
    if let Some(gap) = gap {
        if !(gap.is_finite() && (0.0..1.0).contains(&gap)) {
            return Err(Error::Usage(format!("--gap must be in [0, 1), got {gap}")));
        }
    }
    Ok(())
}

/// `compare`: the sweep prepared (every variant checked), its rows solved with a
/// progress bar on a terminal, the results written together, the verdict as exit code.
fn compare(req: &bianzhi::SweepRequest, out: &Path, format: CompareFormat, threads: usize, shard: Option<bianzhi::Shard>) -> Result<(), Error> {
    let outputs = compare_outputs(out)?;
    let sweep = bianzhi::prepare_sweep(req)?;
    print_issues(&sweep.warnings);
    for p in &sweep.scenarios {
        check_output_dir(out, &p.dir, &p.inputs, &outputs, "--out")?;
    }
    // One shard of one is the whole sweep.
    let shard = shard.filter(|s| s.count > 1);
    let total = sweep.rows.iter().filter(|k| shard.is_none_or(|s| s.takes(k.row))).count();
    let bar = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} rows [{elapsed_precise}, ~{eta} left] {wide_bar} {msg}")
                .expect("a valid template"),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let rows = bianzhi::run_sweep(&sweep, shard, threads, out, &|row| {
        bar.set_message(format!("{} {}", row.variant, row.status));
        bar.inc(1);
    })?;
    bar.finish_and_clear();
    let mut results = bianzhi::CompareResults { format: bianzhi::COMPARE_FORMAT.into(), sweep: sweep.info.clone(), shard, rows };
    if results.complete() {
        bianzhi::judge_compare(&results.sweep.clone(), &mut results.rows).map_err(Error::Usage)?;
    }
    finish_compare(&results, out, format)
}

/// The results files under `--out`, refusing an `--out` that is a file.
fn compare_outputs(out: &Path) -> Result<Vec<PathBuf>, Error> {
    if out.exists() && !out.is_dir() {
        return Err(Error::Usage(format!("--out {} is an existing file; --out names the folder the results are written into", out.display())));
    }
    Ok(["results.json", "results.csv", "compare.html"].iter().map(|f| out.join(f)).collect())
}

/// `compare --merge`: the shards joined, judged and written like one run.
fn compare_merge(dirs: &[PathBuf], out: &Path, format: CompareFormat) -> Result<(), Error> {
    compare_outputs(out)?;
    let results = bianzhi::merge_compare(dirs, out)?;
    finish_compare(&results, out, format)
}

/// Writes results.json, results.csv and compare.html together, prints, and turns the
/// rows into the exit code: 5 when a row failed with an error, 6 when a test failed.
fn finish_compare(results: &bianzhi::CompareResults, out: &Path, format: CompareFormat) -> Result<(), Error> {
    let json = serde_json::to_string_pretty(results).expect("results serialise") + "\n";
    let csv = bianzhi::render_compare_csv(results);
    let files = vec![
        (out.join("results.json"), json.clone().into_bytes()),
        (out.join("results.csv"), csv.clone()),
        (out.join("compare.html"), bianzhi::render_compare_html(results)?.into_bytes()),
    ];
    write_all_atomic(&files)?;
    match format {
        CompareFormat::Json => emit(&json),
        // The file has a byte-order mark for Excel; a pipe does not want one.
        CompareFormat::Csv => emit(String::from_utf8_lossy(csv.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&csv)).as_ref()),
        CompareFormat::Table => {
            emit(&bianzhi::render_compare_table(results));
            if let Some(s) = results.shard {
                emit(&format!("note: shard {} of {}: the acceptance tests and Pareto marks are judged by `compare --merge`\n", s.index, s.count));
            }
            for (path, _) in &files {
                emit(&format!("wrote {}\n", path.display()));
            }
        }
    }
    let errors: Vec<&bianzhi::CompareRow> = results.rows.iter().filter(|r| r.status == "error").collect();
    if let Some(first) = errors.first() {
        return Err(Error::Internal(format!(
            "{} row(s) failed with an error, first row {} ({}): {}",
            errors.len(),
            first.row,
            first.variant,
            first.message.as_deref().unwrap_or("")
        )));
    }
    let failed = results.failures();
    if !failed.is_empty() {
        return Err(Error::Rejected(format!(
            "acceptance: {} of {} row(s) fail a test (first: row {} {}); see results.csv",
            failed.len(),
            results.rows.len(),
            failed[0].row,
            failed[0].variant
        )));
    }
    Ok(())
}

fn solve(st: &SolveSettings) -> Result<(), Error> {
    let started = Instant::now();
    let (l, (load_s, validate_s)) = load_timed(&st.scenario, st.model.as_deref())?;
    // The time limit is the user's wall clock: loading counts against it.
    let mut opts = st.opts.clone();
    opts.time_limit = opts.time_limit.map(|t| (t - started.elapsed().as_secs_f64()).max(0.01));
    let out_dir = st.out.clone().unwrap_or_else(|| {
        let scen = l.manifest.dir.canonicalize().unwrap_or_else(|_| l.manifest.dir.clone());
        let scen_name = scen.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "scenario".into());
        PathBuf::from("out").join(scen_name).join(&l.policy.name)
    });
    let target = out_dir.join("plans.json");
    let mut inputs = l.manifest.input_files();
    inputs.extend(l.policy.input_file().map(Path::to_path_buf));
    if out_dir.exists() && !out_dir.is_dir() {
        return Err(Error::Usage(format!(
            "--out {} is an existing file; --out names the folder plans.json is written into",
            out_dir.display()
        )));
    }
    let report_files = if st.report { ReportFiles::beside(&target) } else { ReportFiles::default() };
    let mut outputs = vec![target.clone()];
    outputs.extend(report_files.paths());
    check_output_dir(&out_dir, &l.manifest.dir, &inputs, &outputs, "--out")?;
    // `[scenario] years` is checked with the manifest, `--years` with the flags.
    let years = st.years.or(l.manifest.years).unwrap_or(1);
    let ranked = solve_years(&l.scenario, &l.policy, st.plans, years, &opts)?;
    let t = Instant::now();
    let json = serde_json::to_string_pretty(&ranked.doc).expect("plans serialise") + "\n";
    // plans.json and its report land together or not at all.
    let mut files = vec![(target.clone(), json.clone().into_bytes())];
    files.extend(render_report(&l, &ranked.doc, &report_files, bianzhi::Lang::Zh, None)?);
    write_all_atomic(&files)?;
    let write_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    match st.format {
        Format::Json => emit(&json),
        Format::Table => {
            emit(&render_plans(&ranked.doc, &l.scenario, &l.policy));
            for n in &ranked.notes {
                emit(&format!("note: {n}\n"));
            }
            for (path, _) in &files {
                emit(&format!("wrote {}\n", path.display()));
            }
        }
    }
    if st.timings {
        let mut phases = vec![("load", load_s), ("validate", validate_s)];
        phases.extend(ranked.phases.named());
        phases.extend([("write", write_s), ("render", t.elapsed().as_secs_f64()), ("total", started.elapsed().as_secs_f64())]);
        for (name, seconds) in phases {
            eprintln!("timing {name:<9} {seconds:>9.3} s");
        }
    }
    Ok(())
}

fn verify(scenario: &Path, plans: &Path, model: Option<&Path>) -> Result<(), Error> {
    let l = load(scenario, model)?;
    let doc = read_plans(plans)?;
    verified(&l, &doc, &plans.display().to_string())?;
    let years = doc.years.as_ref().map(|y| format!(" and {} year(s) of the year-by-year plan", y.len())).unwrap_or_default();
    emit(&format!("ok: {} plan(s){years} hold every rule of model {}\n", doc.plans.len(), l.policy.name));
    Ok(())
}

/// Every plan of `doc` re-checked against the scenario and model; the violations as
/// issues of the plans file.
fn verified(l: &Loaded, doc: &PlansDoc, shown: &str) -> Result<(), Error> {
    let violations = verify_doc(&l.scenario, &l.policy, doc);
    if violations.is_empty() {
        return Ok(());
    }
    let issues = violations
        .iter()
        .map(|v| Issue { severity: Severity::Error, file: shown.to_string(), row: None, column: None, value: None, message: v.to_string() })
        .collect();
    Err(Error::Invalid(issues))
}

/// Which report files to write; none set means none.
#[derive(Default)]
struct ReportFiles {
    html: Option<PathBuf>,
    xlsx: Option<PathBuf>,
    md: Option<PathBuf>,
}

impl ReportFiles {
    /// report.html, plans.xlsx and summary.md in the folder of `plans`.
    fn beside(plans: &Path) -> ReportFiles {
        let dir = plans.parent().unwrap_or(Path::new(""));
        ReportFiles { html: Some(dir.join("report.html")), xlsx: Some(dir.join("plans.xlsx")), md: Some(dir.join("summary.md")) }
    }

    /// Each file to write with the flag that names it.
    fn named(&self) -> Vec<(&'static str, &PathBuf)> {
        [("--html", &self.html), ("--xlsx", &self.xlsx), ("--md", &self.md)].into_iter().filter_map(|(f, p)| Some((f, p.as_ref()?))).collect()
    }

    fn paths(&self) -> Vec<PathBuf> {
        self.named().into_iter().map(|(_, p)| p.clone()).collect()
    }
}

/// The report files' bytes, rendered in memory so nothing is written when one fails.
fn render_report(l: &Loaded, doc: &PlansDoc, files: &ReportFiles, lang: bianzhi::Lang, template: Option<(&str, &str)>) -> Result<Vec<(PathBuf, Vec<u8>)>, Error> {
    if files.paths().is_empty() {
        return Ok(Vec::new());
    }
    let view = bianzhi::build_report(&l.scenario, &l.policy, doc, lang);
    let mut out = Vec::new();
    if let Some(path) = &files.html {
        out.push((path.clone(), bianzhi::render_html(&view, template)?.into_bytes()));
    }
    if let Some(path) = &files.xlsx {
        out.push((path.clone(), bianzhi::render_xlsx(&view)?));
    }
    if let Some(path) = &files.md {
        out.push((path.clone(), bianzhi::render_markdown(&view).into_bytes()));
    }
    Ok(out)
}

/// `report`: the plans checked against the scenario and model they claim, verified,
/// then rendered and written together.
fn report(scenario: &Path, plans: &Path, model: Option<&Path>, files: ReportFiles, lang: bianzhi::Lang, template: Option<&Path>) -> Result<(), Error> {
    let files = if files.paths().is_empty() { ReportFiles::beside(plans) } else { files };
    let paths = files.paths();
    if let Some(dup) = paths.iter().enumerate().find_map(|(i, p)| paths[..i].contains(p).then_some(p)) {
        return Err(Error::Usage(format!("{} is named twice; --html, --xlsx and --md each need a file of their own", dup.display())));
    }
    for path in files.paths() {
        if path.is_dir() {
            return Err(Error::Usage(format!("{} is a folder; --html, --xlsx and --md name the files to write", path.display())));
        }
    }
    let l = load(scenario, model)?;
    let template_text = match template {
        Some(path) => Some(std::fs::read_to_string(path).map_err(|e| {
            Error::Invalid(vec![Issue::file_error(&path.display().to_string(), format!("cannot read template: {e}"))])
        })?),
        None => None,
    };
    let doc = read_plans(plans)?;
    let shown = plans.display().to_string();
    check_made_from(&doc, &l.scenario, &l.policy, &shown)?;
    verified(&l, &doc, &shown)?;
    let mut inputs = l.manifest.input_files();
    inputs.extend(l.policy.input_file().map(Path::to_path_buf));
    inputs.push(plans.to_path_buf());
    inputs.extend(template.map(Path::to_path_buf));
    for (flag, path) in files.named() {
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        check_output_dir(dir, &l.manifest.dir, &inputs, std::slice::from_ref(path), flag)?;
    }
    let template_shown = template.map(|p| p.display().to_string());
    let template = template_shown.as_deref().zip(template_text.as_deref());
    let rendered = render_report(&l, &doc, &files, lang, template)?;
    write_all_atomic(&rendered)?;
    for (path, bytes) in &rendered {
        emit(&format!("wrote {} ({} bytes)\n", path.display(), bytes.len()));
    }
    Ok(())
}

/// One side of `diff`: the plan `spec` names, and the model it was made under (the
/// loaded one, else the one its document names, beside the scenario or built-in).
fn diff_side(l: &Loaded, spec: &Path) -> Result<(PlansDoc, usize, Option<bianzhi::Policy>, String), Error> {
    let (file, rank) = bianzhi::plan_selector(spec)?;
    let shown = file.display().to_string();
    let doc = read_plans(&file)?;
    if doc.scenario.input_digest != l.scenario.digest {
        // Same wording as report's refusal.
        check_made_from(&doc, &l.scenario, &l.policy, &shown)?;
    }
    if !doc.plans.iter().any(|p| p.rank == rank) {
        return Err(Error::Usage(format!("{shown} has plans 1 to {}; there is no plan {rank}", doc.plans.len())));
    }
    if doc.model.digest == l.policy.digest {
        return Ok((doc, rank, None, shown));
    }
    let other = bianzhi::resolve_model(Path::new(&doc.model.name), &l.manifest.dir)
        .ok()
        .and_then(|source| bianzhi::Policy::load_source(&source).ok())
        .filter(|p| p.digest == doc.model.digest);
    match other {
        Some(p) => Ok((doc, rank, Some(p), shown)),
        None => Err(check_made_from(&doc, &l.scenario, &l.policy, &shown).expect_err("the model digests differ")),
    }
}

fn diff(scenario: &Path, a: &Path, b: &Path, model: Option<&Path>, format: Format, lang: bianzhi::Lang) -> Result<(), Error> {
    let l = load(scenario, model)?;
    let (doc_a, rank_a, model_a, file_a) = diff_side(&l, a)?;
    let (doc_b, rank_b, model_b, file_b) = diff_side(&l, b)?;
    fn plan(doc: &PlansDoc, rank: usize) -> &bianzhi::Plan {
        doc.plans.iter().find(|p| p.rank == rank).expect("rank checked")
    }
    let (plan_a, plan_b) = (plan(&doc_a, rank_a), plan(&doc_b, rank_b));
    let policy_a = model_a.as_ref().unwrap_or(&l.policy);
    let policy_b = model_b.as_ref().unwrap_or(&l.policy);
    let side = |file: String, rank: usize, doc: &PlansDoc, plan: &bianzhi::Plan| bianzhi::DiffSide {
        file,
        rank,
        model: doc.model.name.clone(),
        objective: plan.objective,
    };
    let d = bianzhi::diff_plans(
        &l.scenario,
        (policy_a, plan_a, side(file_a, rank_a, &doc_a, plan_a)),
        (policy_b, plan_b, side(file_b, rank_b, &doc_b, plan_b)),
        lang,
    );
    match format {
        Format::Table => emit(&bianzhi::render_diff(&d, lang)),
        Format::Json => emit(&(serde_json::to_string_pretty(&d).expect("diff serialises") + "\n")),
    }
    Ok(())
}

fn export_mps(scenario: &Path, model: Option<&Path>, output: &Path) -> Result<(), Error> {
    let l = load(scenario, model)?;
    let mut inputs = l.manifest.input_files();
    inputs.extend(l.policy.input_file().map(Path::to_path_buf));
    let dir = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if output.is_dir() {
        return Err(Error::Usage(format!("-o/--output {} is a folder; it names the MPS file to write", output.display())));
    }
    check_output_dir(dir, &l.manifest.dir, &inputs, &[output.to_path_buf()], "-o/--output")?;
    let mip = bianzhi::build_model(&l.scenario, &l.policy, false);
    let (cols, rows) = (mip.n_cols(), mip.rows.len());
    let mut session = Session::new(mip, SolveOptions::default());
    // HiGHS writes by path (and picks the format by extension): into a temp file next
    // to the target, renamed into place.
    write_atomic_via(output, ".mps", |tmp| session.write_model(tmp).map_err(Error::Solver))?;
    emit(&format!("wrote {} ({} columns, {} rows)\n", output.display(), cols, rows));
    Ok(())
}

/// Loads and validates; warnings go to stderr, errors become `Error::Invalid`.
fn load(scenario: &Path, model: Option<&Path>) -> Result<Loaded, Error> {
    load_timed(scenario, model).map(|(loaded, _)| loaded)
}

/// [`load`] with the wall seconds of reading the files and of validating them.
fn load_timed(scenario: &Path, model: Option<&Path>) -> Result<(Loaded, (f64, f64)), Error> {
    let t = Instant::now();
    let raw = read_scenario(scenario, model).map_err(Error::Invalid)?;
    let read_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let loaded = raw.validate().map_err(Error::Invalid)?;
    let validate_s = t.elapsed().as_secs_f64();
    print_issues(&loaded.warnings);
    Ok((loaded, (read_s, validate_s)))
}

fn validate(scenario: &Path, model: Option<&Path>) -> Result<(), Error> {
    let l = load(scenario, model)?;
    let s = &l.scenario;
    emit(&format!(
        "ok: {} — {} units, {} establishment lines, {} pools, {} requests{}; model {} ({}), {}\n",
        s.name,
        s.units.len(),
        s.lines.len(),
        s.pools.len(),
        s.requests.len(),
        // Only a scenario with a ledger says so: the line is unchanged without one.
        if s.grants.is_empty() { String::new() } else { format!(", {} revolving grants", s.grants.len()) },
        l.policy.name,
        l.policy.title,
        match l.policy.input_file() {
            Some(path) => format!("read from {}", path.display()),
            None => "built-in".to_string(),
        }
    ));
    Ok(())
}

fn analyze(scenario: &Path, model: Option<&Path>, format: Format) -> Result<(), Error> {
    let l = load(scenario, model)?;
    let st = stocktake(&l.scenario, &l.policy);
    match format {
        Format::Table => emit(&render_stocktake(&st, &l.policy)),
        Format::Json => emit(&render_stocktake_json(&st, &l.policy)),
    }
    Ok(())
}

fn gen(units: usize, seed: u64, output: &Path, chinese_headers: bool, regions: bool, years: usize) -> Result<(), Error> {
    if units == 0 {
        return Err(Error::Usage("--units must be at least 1".into()));
    }
    check_years(Some(years))?;
    if output.is_file() {
        return Err(Error::Usage(format!("-o/--output {} is an existing file; it names the folder to write the scenario into", output.display())));
    }
    if output.join("scenario.toml").exists() {
        return Err(Error::Usage(format!("{} already holds a scenario; choose an empty folder", output.display())));
    }
    let name = format!("合成场景 {units} 个单位 (seed {seed})");
    let generated = bianzhi::generate(&bianzhi::GenOptions { units, seed, chinese_headers, name, regions, years });
    for (file, contents) in &generated.files {
        write_atomic(&output.join(file), contents.as_bytes())?;
    }
    emit(&format!("wrote {} files to {}\n", generated.files.len(), output.display()));
    Ok(())
}

/// `models`: the built-in models (name, title, digest), or one model's TOML.
fn models(name: Option<&str>, format: Format) -> Result<(), Error> {
    if let Some(name) = name {
        let Some(m) = bianzhi::builtin_model(name) else {
            // Same wording as a reference in scenario.toml or --model that names nothing.
            let names: Vec<&str> = bianzhi::BUILTIN_MODELS.iter().map(|m| m.name).collect();
            let hint = bianzhi::did_you_mean(name, names.iter().copied()).map(|b| format!("; did you mean `{b}`?")).unwrap_or_default();
            return Err(Error::Usage(format!("no built-in model `{name}` (built-ins: {}){hint}", names.join(", "))));
        };
        emit(m.text);
        return Ok(());
    }
    let mut listed = Vec::new();
    for m in bianzhi::BUILTIN_MODELS {
        let p = bianzhi::Policy::load_source(&bianzhi::ModelSource::Builtin(m)).map_err(Error::Invalid)?;
        listed.push((m.name, p.title, p.digest));
    }
    match format {
        Format::Json => {
            let doc: Vec<serde_json::Value> = listed
                .iter()
                .map(|(name, title, digest)| serde_json::json!({ "name": name, "title": title, "digest": digest }))
                .collect();
            emit(&(serde_json::to_string_pretty(&doc).expect("model list serialises") + "\n"));
        }
        Format::Table => {
            // Names are ASCII, so padding them lines up the CJK titles after them.
            let width = listed.iter().map(|(n, _, _)| n.len()).max().unwrap_or(0).max(4);
            let mut text = format!("{:width$}  title\n", "name");
            for (name, title, _) in &listed {
                text.push_str(&format!("{name:width$}  {title}\n"));
            }
            text.push_str("use one with `model = \"NAME\"` in scenario.toml or `--model NAME`; `bianzhi models NAME` prints its TOML\n");
            emit(&text);
        }
    }
    Ok(())
}

/// `init DIR`: a starter scenario, written file by file atomically, never over a file.
fn init(dir: &Path, chinese_headers: bool) -> Result<(), Error> {
    if dir.join("scenario.toml").exists() {
        return Err(Error::Usage(format!("{} already holds a scenario.toml; choose a new or empty folder", dir.display())));
    }
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Usage(format!("{} is a file, not a folder", dir.display())));
    }
    let files = bianzhi::starter_scenario(chinese_headers);
    if let Some((name, _)) = files.iter().find(|(name, _)| dir.join(name).exists()) {
        return Err(Error::Usage(format!("{} already holds {name}; choose a new or empty folder", dir.display())));
    }
    // scenario.toml last: a folder holds a scenario only once its tables are there.
    for (name, contents) in files.iter().filter(|(n, _)| n != "scenario.toml").chain(files.iter().filter(|(n, _)| n == "scenario.toml")) {
        write_atomic(&dir.join(name), contents.as_bytes())?;
    }
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    emit(&format!(
        "wrote {} to {}; replace the example rows with your own, then run `bianzhi validate {}`\n",
        names.join(", "),
        dir.display(),
        dir.display()
    ));
    Ok(())
}
