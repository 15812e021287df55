//! The demo report in a real browser: Debian's chromium, headless, opens report.html
//! from a file:// URL with the network cut off (tests/browser/check.mjs, playwright-core).
//! The page must draw its charts with no console or page error and no request leaving
//! the file, and print to A4 with every plan starting a new page. The screenshot and
//! the PDF are kept under the cargo target folder for a person to look at.
//!
//! tests/browser/setup installs chromium (apt-get, as root), a Chinese font and
//! playwright-core (npm ci) when missing; when it cannot, this test fails saying what
//! to install: a browser test that skips itself would pass on a machine that never ran it.

use crate::common::{bianzhi, demo_city, repo};
use serde_json::Value;
use std::process::Command;

const PLANS: usize = 3;

#[test]
fn the_demo_report_renders_offline_in_chromium_and_prints_a_page_per_plan() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    bianzhi().arg("solve").arg(demo_city()).arg("--out").arg(&out).arg("--plans").arg(PLANS.to_string()).assert().code(0);
    let report = out.join("report.html");
    bianzhi().arg("report").arg(demo_city()).arg(out.join("plans.json")).arg("--html").arg(&report).assert().code(0);

    let browser = repo().join("tests/browser");
    let setup = Command::new("bash").arg(browser.join("setup")).output().expect("bash runs");
    assert!(
        setup.status.success(),
        "tests/browser/setup failed; the browser test needs Debian's chromium at /usr/bin/chromium, fonts-noto-cjk, \
         Node.js 20+ with npm, and `npm ci` in tests/browser (as root: apt-get update && apt-get install -y chromium fonts-noto-cjk)\n{}",
        String::from_utf8_lossy(&setup.stderr)
    );

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
