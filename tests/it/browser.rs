//! The demo report in a real browser: Debian's chromium, headless, opens report.html
//! from a file:// URL with the network cut off (tests/browser/check.mjs, playwright-core).
//! The page must draw its charts with no console or page error and no request leaving
//! the file, and print to A4 with every plan starting a new page. The compare page of a
//! small demo sweep (tests/browser/check-compare.mjs) must draw a point per row with a
//! plan, mark the Pareto rows, sort by objective both ways and print on A4 landscape.
//! The screenshots and the PDFs are kept under the cargo target folder for a person to
//! look at.
//!
//! tests/browser/setup installs chromium (apt-get, as root), a Chinese font and
//! playwright-core (npm ci) when missing; when it cannot, this test fails saying what
//! to install: a browser test that skips itself would pass on a machine that never ran it.

use crate::common::{bianzhi, demo_city, repo, solve, solve_demo};
use serde_json::Value;
use std::process::Command;

const PLANS: usize = 3;

#[test]
fn the_demo_report_renders_offline_in_chromium_and_prints_a_page_per_plan() {
    let (_tmp, plans, _) = solve_demo(PLANS);
    let report = plans.with_file_name("report.html");
    bianzhi().arg("report").arg(demo_city()).arg(&plans).arg("--html").arg(&report).assert().code(0);

    let browser = browser_ready();

    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-report");
    std::fs::create_dir_all(&shots).expect("screenshot folder");
    let check = Command::new("node").arg(browser.join("check.mjs")).arg(&report).arg(&shots).output().expect("node runs");
    let stdout = String::from_utf8_lossy(&check.stdout).to_string();
    assert!(check.status.success(), "check.mjs failed:\n{stdout}\n{}", String::from_utf8_lossy(&check.stderr));
    let seen: Value = serde_json::from_str(stdout.lines().last().unwrap_or("")).unwrap_or_else(|e| panic!("not one JSON line ({e}): {stdout}"));
    println!("browser: {seen}");
    println!("screenshot: {}", seen["screenshot"].as_str().unwrap_or(""));
    println!("pdf: {}", seen["pdf"].as_str().unwrap_or(""));

    assert_eq!(seen["console_errors"], serde_json::json!([]), "console errors");
    assert_eq!(seen["page_errors"], serde_json::json!([]), "page errors");
    assert_eq!(seen["dialogs"], serde_json::json!([]), "no dialog: input text never runs as script");
    assert_eq!(seen["blocked_requests"], 0, "requests that left the file: {}", seen["blocked_urls"]);
    assert_eq!(seen["lang"], "zh-CN");
    assert_eq!(seen["plan_sections"], PLANS as u64);
    let per_plan: Vec<u64> = seen["charts_per_plan"].as_array().expect("charts per plan").iter().map(|n| n.as_u64().unwrap_or(0)).collect();
    assert_eq!(per_plan.len(), PLANS);
    assert!(per_plan.iter().all(|&n| n >= 3), "charts drawn per plan: {per_plan:?}");
    assert!(seen["chart_bars"].as_u64().unwrap_or(0) > 0, "the charts have bars");
    let pages = seen["pdf_pages"].as_u64().unwrap_or(0);
    assert!(pages > PLANS as u64, "printed to {pages} A4 pages: the cover and at least one per plan");
    assert!(std::path::Path::new(seen["screenshot"].as_str().unwrap_or("")).is_file(), "screenshot written");
}

/// The three-year demo's report: the 分年度 section is drawn with a row per year, and the
/// page (with its folded per-year move lists) still loads offline without errors.
#[test]
fn the_three_year_demo_report_shows_its_years_offline_in_chromium() {
    let scenario = repo().join("scenarios/demo-city-3y");
    let (_tmp, plans, _) = solve(&scenario, &["--plans", "2"]);
    let report = plans.with_file_name("report.html");
    bianzhi().arg("report").arg(&scenario).arg(&plans).arg("--html").arg(&report).assert().code(0);
    let browser = browser_ready();
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-report-3y");
    std::fs::create_dir_all(&shots).expect("screenshot folder");
    let check = Command::new("node").arg(browser.join("check.mjs")).arg(&report).arg(&shots).output().expect("node runs");
    let stdout = String::from_utf8_lossy(&check.stdout).to_string();
    assert!(check.status.success(), "check.mjs failed:\n{stdout}\n{}", String::from_utf8_lossy(&check.stderr));
    let seen: Value = serde_json::from_str(stdout.lines().last().unwrap_or("")).unwrap_or_else(|e| panic!("not one JSON line ({e}): {stdout}"));
    assert_eq!(seen["console_errors"], serde_json::json!([]), "console errors");
    assert_eq!(seen["page_errors"], serde_json::json!([]), "page errors");
    assert_eq!(seen["blocked_requests"], 0, "requests that left the file: {}", seen["blocked_urls"]);
    assert_eq!(seen["plan_sections"], 2);
    assert_eq!(seen["years_shown"], true, "the years section is laid out");
    assert_eq!(seen["year_rows"], 3, "a row per year");
}

/// tests/browser/setup, failing with what to install when it cannot.
fn browser_ready() -> std::path::PathBuf {
    let browser = repo().join("tests/browser");
    let setup = Command::new("bash").arg(browser.join("setup")).output().expect("bash runs");
    assert!(
        setup.status.success(),
        "tests/browser/setup failed; the browser test needs Debian's chromium at /usr/bin/chromium, fonts-noto-cjk, \
         Node.js 20+ with npm, and `npm ci` in tests/browser (as root: apt-get update && apt-get install -y chromium fonts-noto-cjk)\n{}",
        String::from_utf8_lossy(&setup.stderr)
    );
    browser
}

/// Row numbers in order of `metric` (ascending or descending), rows without it last,
/// ties in row order: what clicking the metric's header must give.
fn sorted_rows(rows: &[Value], metric: &str, descending: bool) -> Vec<u64> {
    let mut keyed: Vec<(Option<f64>, u64)> = rows.iter().map(|r| (r["metrics"][metric].as_f64(), r["row"].as_u64().unwrap())).collect();
    keyed.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => {
            let c = x.total_cmp(&y);
            (if descending { c.reverse() } else { c }).then(a.1.cmp(&b.1))
        }
        (x, y) => x.is_none().cmp(&y.is_none()).then(a.1.cmp(&b.1)),
    });
    keyed.into_iter().map(|(_, n)| n).collect()
}

#[test]
fn the_compare_page_of_a_demo_sweep_draws_a_point_per_plan_and_sorts_by_objective_offline_in_chromium() {
    use crate::compare_html::{hostile_demo, small_sweep, HOSTILE_FOLDER};
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    // The demo city under a folder name that is markup, so the browser shows whether
    // escaped text stays text.
    small_sweep(&hostile_demo(tmp.path()), &out);
    let results: Value = serde_json::from_str(&std::fs::read_to_string(out.join("results.json")).expect("results.json")).expect("json");
    let rows = results["rows"].as_array().expect("rows").clone();
    assert_eq!(rows.len(), 6);

    let browser = browser_ready();
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-compare");
    std::fs::create_dir_all(&shots).expect("screenshot folder");
    let check = Command::new("node").arg(browser.join("check-compare.mjs")).arg(out.join("compare.html")).arg(&shots).arg("objective").output().expect("node runs");
    let stdout = String::from_utf8_lossy(&check.stdout).to_string();
    assert!(check.status.success(), "check-compare.mjs failed:\n{stdout}\n{}", String::from_utf8_lossy(&check.stderr));
    let seen: Value = serde_json::from_str(stdout.lines().last().unwrap_or("")).unwrap_or_else(|e| panic!("not one JSON line ({e}): {stdout}"));
    println!("browser: {seen}");
    println!("screenshot: {}", seen["screenshot"].as_str().unwrap_or(""));

    assert_eq!(seen["console_errors"], serde_json::json!([]), "console errors");
    assert_eq!(seen["page_errors"], serde_json::json!([]), "page errors");
    assert_eq!(seen["blocked_requests"], 0, "requests that left the file: {}", seen["blocked_urls"]);
    assert_eq!(seen["dialogs"], serde_json::json!([]), "input text ran as script");
    assert_eq!(seen["foreign_elements"], 0, "input text became elements");
    assert_eq!(seen["scripts"], 1, "the page's own script only");
    assert_eq!(seen["title"], format!("政策方案比较 · {HOSTILE_FOLDER}"), "escaped text reads as the text");
    assert_eq!(seen["lang"], "zh-CN");

    let with_plan: Vec<u64> = rows.iter().filter(|r| r["plans"].is_string()).map(|r| r["row"].as_u64().unwrap()).collect();
    let pareto: Vec<u64> = rows.iter().filter(|r| r["pareto"] == Value::Bool(true)).map(|r| r["row"].as_u64().unwrap()).collect();
    assert_eq!(seen["charts"], 1);
    assert_eq!(seen["points"], with_plan.len() as u64, "a drawn point per row with a plan");
    let mut point_rows: Vec<u64> = seen["point_rows"].as_array().expect("point rows").iter().map(|n| n.as_u64().unwrap()).collect();
    point_rows.sort();
    assert_eq!(point_rows, with_plan, "each point links to its own row");
    assert_eq!(seen["links_to_rows"], with_plan.len() as u64, "every point's link finds its table row");
    assert_eq!(seen["tooltips"], with_plan.len() as u64);
    assert_eq!(seen["pareto_points"], pareto.len() as u64, "Pareto-marked points");
    let mut pareto_rows: Vec<u64> = seen["pareto_rows"].as_array().expect("pareto rows").iter().map(|n| n.as_u64().unwrap()).collect();
    pareto_rows.sort();
    assert_eq!(pareto_rows, pareto);
    assert_eq!(seen["frontier"], 1, "the frontier line");
    assert_eq!(seen["table_rows"], 6);
    assert_eq!(seen["plans_links"].as_array().map(Vec::len), Some(with_plan.len()));

    assert_eq!(seen["loaded"]["order"], serde_json::json!([1, 2, 3, 4, 5, 6]), "rows in sweep order as loaded");
    let ascending = sorted_rows(&rows, "objective", false);
    let descending = sorted_rows(&rows, "objective", true);
    assert_ne!(ascending, seen["loaded"]["order"].as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).collect::<Vec<_>>(), "the click must change the order");
    assert_eq!(seen["first_click"]["order"], serde_json::json!(ascending), "one click sorts by objective, ascending");
    assert_eq!(seen["first_click"]["sort"], "ascending");
    assert!(seen["first_click"]["indicator"].as_str().unwrap_or("").contains('▲'), "visible indicator: {}", seen["first_click"]["indicator"]);
    assert_eq!(seen["second_click"]["order"], serde_json::json!(descending), "a second click reverses it");
    assert_eq!(seen["second_click"]["sort"], "descending");
    assert!(seen["second_click"]["indicator"].as_str().unwrap_or("").contains('▼'));

    assert!(seen["pdf_pages"].as_u64().unwrap_or(0) >= 1, "it prints");
    assert_eq!(seen["pdf_page_size"], serde_json::json!([842, 595]), "on A4 landscape");
    assert!(std::path::Path::new(seen["screenshot"].as_str().unwrap_or("")).is_file(), "screenshot written");
}
