//! compare.html of real sweeps through the binary, read as text: every row is in the
//! table, the chart has a point per row with a plan and marks exactly the Pareto rows,
//! each row links to its own plans.json, markup in a scenario's folder name and title
//! reaches the page escaped, and the page references nothing outside its folder.

use crate::common::{bianzhi, demo_city};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The scenario folder name and title the hostile copy of the demo city carries.
pub const HOSTILE_FOLDER: &str = "demo-<img src=x onerror=alert(1)>";
pub const HOSTILE_TITLE: &str = "<script>alert(1)</script> & \"示例市\"";

/// The demo city copied into `root` under a folder name and a title that are markup.
pub fn hostile_demo(root: &Path) -> PathBuf {
    let dir = root.join(HOSTILE_FOLDER);
    std::fs::create_dir_all(&dir).expect("scenario folder");
    for entry in std::fs::read_dir(demo_city()).expect("demo city") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            std::fs::copy(&path, dir.join(path.file_name().expect("file name"))).expect("copy");
        }
    }
    let manifest = std::fs::read_to_string(dir.join("scenario.toml")).expect("scenario.toml");
    let title = toml::Value::String(HOSTILE_TITLE.into()).to_string();
    let manifest = manifest.replace("name = \"示例市 2025 年度编制调剂\"", &format!("name = {title}"));
    assert!(manifest.contains("<script>"), "the title was replaced");
    std::fs::write(dir.join("scenario.toml"), manifest).expect("write scenario.toml");
    dir
}

/// The sweep the page tests and the browser test run: 3 × 2 variants of `scenario`,
/// a baseline and one acceptance test. Returns the output folder.
pub fn small_sweep(scenario: &Path, out: &Path) {
    bianzhi()
        .arg("compare")
        .arg(scenario)
        .args(["--set", "reclaim.keep_vacant=0,1,2", "--set", "reserve.min_available.POOL-MUNI=20,400"])
        .args(["--baseline", "baseline[reclaim.keep_vacant=1,reserve.min_available.POOL-MUNI=20]"])
        .args(["--accept", "rate.key >= baseline - 0.02"])
        .arg("--out")
        .arg(out)
        .assert()
        .code(0);
}

fn read(out: &Path) -> (String, Value) {
    let html = std::fs::read_to_string(out.join("compare.html")).expect("compare.html");
    let json: Value = serde_json::from_str(&std::fs::read_to_string(out.join("results.json")).expect("results.json")).expect("json");
    (html, json)
}

/// A link's target as the browser reads it: percent-escapes decoded.
fn decode(href: &str) -> String {
    let bytes = href.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            out.push(u8::from_str_radix(&href[i + 1..i + 3], 16).expect("hex"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("utf-8")
}

fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"").skip(1).map(|s| s.split('"').next().unwrap_or("").to_string()).collect()
}

#[test]
fn the_page_of_a_real_sweep_holds_every_row_marks_the_pareto_rows_and_links_each_plans_file() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    small_sweep(&hostile_demo(tmp.path()), &out);
    let (html, json) = read(&out);
    let rows = json["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 6);
    for row in rows {
        let n = row["row"].as_u64().unwrap();
        assert!(html.contains(&format!("<tr id=\"row-{n}\"")), "row {n} in the table");
    }
    let with_plan = rows.iter().filter(|r| r["plans"].is_string()).count();
    let pareto = rows.iter().filter(|r| r["pareto"] == Value::Bool(true)).count();
    assert!(pareto >= 1 && pareto < with_plan, "a sweep with a real trade-off: {pareto} of {with_plan}");
    assert_eq!(html.matches("<circle class=\"pt").count(), with_plan, "a point per row with a plan");
    assert_eq!(html.matches("<circle class=\"pt pareto\"").count(), pareto, "the Pareto rows marked");
    assert_eq!(html.matches("<rect class=\"base-mark\" x=").count(), 1, "the baseline marked");
    assert!(html.contains("<span class=\"badge\">基准</span>"), "and in the table");
    // Each row's link opens its own plans.json, relative to the page.
    let links: Vec<String> = hrefs(&html).into_iter().filter(|h| h.ends_with("plans.json")).collect();
    let expected: Vec<&str> = rows.iter().filter_map(|r| r["plans"].as_str()).collect();
    assert_eq!(links.iter().map(|h| decode(h)).collect::<Vec<_>>(), expected);
    for link in &links {
        assert!(out.join(decode(link)).is_file(), "{link} names a file beside the page");
        assert!(!link.contains('<') && !link.contains(' '), "escaped in the link: {link}");
    }
}

#[test]
fn markup_in_a_scenario_folder_name_and_title_reaches_the_page_escaped_and_nothing_is_fetched() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    small_sweep(&hostile_demo(tmp.path()), &out);
    let (html, _) = read(&out);
    assert!(!html.contains("<img") && !html.contains("<script>alert"), "raw markup from input");
    assert!(html.contains("demo-&lt;img src=x onerror=alert(1)&gt;"), "the folder name escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt; &amp; &quot;示例市&quot;"), "the title escaped");
    assert_eq!(html.matches("<script").count(), 1, "the page's own script only");
    for bad in ["http://", "https://", "<link", "src=\"", "@import", "url("] {
        assert!(!html.contains(bad), "the page references something outside itself: {bad}");
    }
    for href in hrefs(&html) {
        assert!(href.starts_with("#row-") || href.starts_with("variants/"), "a link outside the page and its folder: {href}");
    }
    assert!(html.contains("<html lang=\"zh-CN\">") && html.contains("<title>政策方案比较"));
    assert!(html.contains("results.csv</code> 含全部列"), "says where every column is");
}

#[test]
fn two_scenarios_with_repeats_get_a_chart_each_of_repeat_one_and_a_scenario_column() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let second = tmp.path().join("small-county");
    bianzhi().args(["gen", "--units", "60", "--seed", "7", "-o"]).arg(&second).assert().code(0);
    let out = tmp.path().join("out");
    bianzhi().arg("compare").arg(demo_city()).arg(&second).args(["--set", "reclaim.keep_vacant=0,1", "--repeat", "2", "--out"]).arg(&out).assert().code(0);
    let (html, json) = read(&out);
    let rows = json["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 8, "2 scenarios × 2 variants × 2 repeats");
    assert_eq!(html.matches("<svg class=\"tradeoff\"").count(), 2, "a chart per scenario");
    assert!(html.contains("<figcaption>demo-city</figcaption>") && html.contains("<figcaption>small-county</figcaption>"));
    let first_repeat = rows.iter().filter(|r| r["repeat"] == 1 && r["plans"].is_string()).count();
    assert_eq!(html.matches("<circle class=\"pt").count(), first_repeat, "repeat 1 only");
    assert!(html.contains("<span class=\"k\">scenario</span>"), "a scenario column");
    assert!(html.contains("（图中只画第 1 次）"));
    assert_eq!(html.matches("<tr id=\"row-").count(), 8, "every repeat in the table");
}

#[test]
fn a_shard_page_says_acceptance_and_pareto_are_judged_on_merge() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("shard-1");
    bianzhi()
        .arg("compare")
        .arg(demo_city())
        .args(["--set", "reclaim.keep_vacant=0,1,2", "--baseline", "baseline[reclaim.keep_vacant=1]", "--accept", "rate.key >= baseline - 0.02"])
        .args(["--shard", "1/2", "--out"])
        .arg(&out)
        .assert()
        .code(0);
    let (html, json) = read(&out);
    assert_eq!(json["rows"].as_array().map(Vec::len), Some(2), "rows 1 and 3");
    assert!(html.contains("第 1 / 2 片") && html.contains("合并（<code>bianzhi compare --merge</code>）后才判定"), "the note");
    assert_eq!(html.matches("<circle class=\"pt pareto\"").count(), 0, "no Pareto marks yet");
    assert_eq!(html.matches("<circle class=\"pt").count(), 2);
    assert!(!html.contains("帕累托最优 0 行"), "no count of what is not judged");
}
