//! `report`, `solve --report` and `diff` from the command line: which files are written
//! and where, the refusals (plans from other data or another model, a file of another
//! format, plans that fail verify, outputs that cannot be written) with nothing
//! written, and the Markdown summary as a leader pastes it.

use crate::common::{bianzhi, copy_scenario, demo_city, solve_demo, write_dir};
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir).expect("dir").map(|e| e.expect("entry").file_name().to_string_lossy().to_string()).collect();
    names.sort();
    names
}

#[test]
fn report_writes_html_workbook_and_summary_beside_the_plans() {
    let (_tmp, plans, _) = solve_demo(3);
    let out = bianzhi().arg("report").arg(demo_city()).arg(&plans).assert().code(0);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let dir = plans.parent().unwrap();
    assert_eq!(files_in(dir), ["plans.json", "plans.xlsx", "report.html", "summary.md"]);
    for name in ["report.html", "plans.xlsx", "summary.md"] {
        assert!(stdout.contains(name), "{stdout}");
        assert!(std::fs::metadata(dir.join(name)).unwrap().len() > 0, "{name} is empty");
    }
    let md = std::fs::read_to_string(dir.join("summary.md")).unwrap();
    assert!(md.contains("## 方案对比") && md.contains("## 方案3"), "{md}");
}

#[test]
fn report_writes_only_the_files_asked_for() {
    let (tmp, plans, _) = solve_demo(1);
    let md = tmp.path().join("elsewhere").join("摘要.md");
    bianzhi().arg("report").arg(demo_city()).arg(&plans).arg("--md").arg(&md).assert().code(0);
    assert!(md.is_file());
    assert_eq!(files_in(plans.parent().unwrap()), ["plans.json"]);
}

#[test]
fn solve_report_writes_the_report_with_the_plans() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    bianzhi().arg("solve").arg(demo_city()).arg("--out").arg(&out).arg("--plans").arg("2").arg("--report").assert().code(0);
    assert_eq!(files_in(&out), ["plans.json", "plans.xlsx", "report.html", "summary.md"]);
    // The same report as `report` makes from the written plans.
    let again = tmp.path().join("again.md");
    bianzhi().arg("report").arg(demo_city()).arg(out.join("plans.json")).arg("--md").arg(&again).assert().code(0);
    assert_eq!(std::fs::read_to_string(out.join("summary.md")).unwrap(), std::fs::read_to_string(&again).unwrap());
}

#[test]
fn the_summary_reads_as_a_leader_pastes_it() {
    let (tmp, plans, _) = solve_demo(3);
    for lang in ["zh", "en"] {
        let md = tmp.path().join(format!("summary-{lang}.md"));
        bianzhi().arg("report").arg(demo_city()).arg(&plans).arg("--md").arg(&md).arg("--lang").arg(lang).assert().code(0);
        let text = std::fs::read_to_string(&md).unwrap();
        insta::assert_snapshot!(format!("summary_{lang}"), text);
    }
}

#[test]
fn report_refuses_plans_made_from_other_data_naming_the_digest_and_writes_nothing() {
    let (tmp, plans, _) = solve_demo(1);
    let other = copy_scenario(&demo_city());
    let requests = other.path().join("requests.csv");
    let text = std::fs::read_to_string(&requests).unwrap();
    // One more request: other input data.
    let last = text.lines().last().unwrap().to_string();
    let extra = last.replacen(last.split(',').next().unwrap(), "REQ-NEW", 1);
    std::fs::write(&requests, format!("{text}{}{extra}\n", if text.ends_with('\n') { "" } else { "\n" })).unwrap();
    let html = tmp.path().join("r.html");
    bianzhi()
        .arg("report")
        .arg(other.path())
        .arg(&plans)
        .arg("--html")
        .arg(&html)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("scenario.input_digest")
                .and(predicate::str::contains("other input data"))
                .and(predicate::str::contains(plans.display().to_string())),
        );
    assert!(!html.exists());
}

#[test]
fn report_refuses_plans_made_under_another_model_naming_it() {
    let (tmp, plans, _) = solve_demo(1);
    let model = tmp.path().join("changed.toml");
    let base = std::fs::read_to_string(crate::common::baseline_model()).unwrap();
    std::fs::write(&model, base.replacen("keep_vacant = 1", "keep_vacant = 2", 1)).unwrap();
    assert_ne!(base, std::fs::read_to_string(&model).unwrap(), "the model changed");
    bianzhi()
        .arg("report")
        .arg(demo_city())
        .arg(&plans)
        .arg("--model")
        .arg(&model)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("model.digest")
                .and(predicate::str::contains("--model"))
                .and(predicate::str::contains(plans.display().to_string())),
        );
    assert_eq!(files_in(plans.parent().unwrap()), ["plans.json"]);
}

#[test]
fn report_refuses_a_document_of_another_format_or_no_json() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let other = tmp.path().join("other.json");
    std::fs::write(&other, "{\"format\": \"bianzhi.compare/1\", \"rows\": []}").unwrap();
    bianzhi()
        .arg("report")
        .arg(demo_city())
        .arg(&other)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("other.json").and(predicate::str::contains("`bianzhi.compare/1` document")));
    let junk = tmp.path().join("junk.json");
    std::fs::write(&junk, "not json").unwrap();
    bianzhi().arg("report").arg(demo_city()).arg(&junk).assert().code(1).stderr(predicate::str::contains("junk.json:1"));
    assert_eq!(files_in(tmp.path()), ["junk.json", "other.json"]);
}

#[test]
fn report_refuses_plans_that_fail_verify() {
    let (_tmp, plans, _) = solve_demo(1);
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&plans).unwrap()).unwrap();
    doc["plans"][0]["objective"] = Value::from(1.0);
    std::fs::write(&plans, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    bianzhi().arg("report").arg(demo_city()).arg(&plans).assert().code(1).stderr(predicate::str::contains("objective"));
    assert_eq!(files_in(plans.parent().unwrap()), ["plans.json"]);
}

#[cfg(unix)]
#[test]
fn report_into_an_unwritable_folder_fails_with_exit_5_and_writes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, plans, _) = solve_demo(1);
    let locked = tmp.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root writes anywhere; a path under a regular file fails for everyone.
    let blocker = tmp.path().join("file");
    std::fs::write(&blocker, "").unwrap();
    let html = tmp.path().join("ok.html");
    bianzhi()
        .arg("report")
        .arg(demo_city())
        .arg(&plans)
        .arg("--html")
        .arg(&html)
        .arg("--md")
        .arg(blocker.join("summary.md"))
        .assert()
        .code(5)
        .stderr(predicate::str::contains("cannot write"));
    assert!(!html.exists(), "the HTML that could be written is not left alone");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn report_refuses_to_write_over_its_input_or_into_a_folder() {
    let (_tmp, plans, _) = solve_demo(1);
    bianzhi()
        .arg("report")
        .arg(demo_city())
        .arg(&plans)
        .arg("--html")
        .arg(&plans)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("would overwrite an input"));
    bianzhi()
        .arg("report")
        .arg(demo_city())
        .arg(&plans)
        .arg("--xlsx")
        .arg(plans.parent().unwrap())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a folder"));
    let same = plans.parent().unwrap().join("r.out");
    bianzhi()
        .arg("report")
        .arg(demo_city())
        .arg(&plans)
        .arg("--html")
        .arg(&same)
        .arg("--md")
        .arg(&same)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is named twice"));
    assert_eq!(files_in(plans.parent().unwrap()), ["plans.json"]);
}

#[test]
fn a_broken_template_is_named_with_its_line() {
    let (tmp, plans, _) = solve_demo(1);
    let template = tmp.path().join("mine.html.j2");
    std::fs::write(&template, "<html>\n<body>\n{% for p in plans %}\n</body>\n").unwrap();
    let html = tmp.path().join("r.html");
    bianzhi()
        .arg("report")
        .arg(demo_city())
        .arg(&plans)
        .arg("--html")
        .arg(&html)
        .arg("--template")
        .arg(&template)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("mine.html.j2"));
    assert!(!html.exists());
}

#[test]
fn the_built_in_template_prints_and_renders_as_given() {
    let (tmp, plans, _) = solve_demo(1);
    let out = bianzhi().arg("template").assert().code(0);
    let template = tmp.path().join("copy.html.j2");
    std::fs::write(&template, &out.get_output().stdout).unwrap();
    let (a, b) = (tmp.path().join("a.html"), tmp.path().join("b.html"));
    bianzhi().arg("report").arg(demo_city()).arg(&plans).arg("--html").arg(&a).assert().code(0);
    bianzhi().arg("report").arg(demo_city()).arg(&plans).arg("--html").arg(&b).arg("--template").arg(&template).assert().code(0);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

// ---------------------------------------------------------------------------------
// diff
// ---------------------------------------------------------------------------------

#[test]
fn diff_of_a_plan_with_itself_is_empty_and_of_two_ranked_plans_lists_what_differs() {
    let (_tmp, plans, _) = solve_demo(3);
    let spec = |k: usize| format!("{}#{k}", plans.display());
    bianzhi().arg("diff").arg(demo_city()).arg(spec(1)).arg(&plans).assert().code(0).stdout(predicate::str::contains("均相同"));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&plans).unwrap()).unwrap();
    let granted = |k: usize| -> std::collections::BTreeMap<String, i64> {
        doc["plans"][k]["requests"].as_array().unwrap().iter().map(|r| (r["request"].as_str().unwrap().to_string(), r["granted"].as_i64().unwrap())).collect()
    };
    // The first plan after plan 1 that funds requests differently (a tie may differ only
    // in merges).
    let g1 = granted(0);
    let k = (1..3).find(|&k| granted(k) != g1).expect("a ranked plan that funds requests differently") + 1;
    let out = bianzhi().arg("diff").arg(demo_city()).arg(spec(1)).arg(spec(k)).arg("--format").arg("json").assert().code(0);
    let d: Value = serde_json::from_slice(&out.get_output().stdout).expect("one JSON document");
    assert_eq!((d["a"]["rank"].as_u64(), d["b"]["rank"].as_u64()), (Some(1), Some(k as u64)));
    // Every request funded differently in plan k is listed, with both amounts.
    let g2 = granted(k - 1);
    let expected: Vec<&String> = g1.keys().filter(|r| g1[*r] != g2[*r]).collect();
    let listed: Vec<&str> = d["requests"].as_array().unwrap().iter().map(|r| r["request"].as_str().unwrap()).collect();
    assert_eq!(listed, expected);
    assert!(!expected.is_empty(), "ranked plans differ in their pattern");
    for r in d["requests"].as_array().unwrap() {
        let id = r["request"].as_str().unwrap();
        assert_eq!((r["granted_a"].as_i64().unwrap(), r["granted_b"].as_i64().unwrap()), (g1[id], g2[id]));
    }
    // The table says it in the report's words.
    let table = bianzhi().arg("diff").arg(demo_city()).arg(spec(1)).arg(spec(k)).assert().code(0);
    let text = String::from_utf8_lossy(&table.get_output().stdout).to_string();
    assert!(text.contains("未满足原因") && text.contains("需求"), "{text}");
}

#[test]
fn diff_across_models_finds_the_built_in_model_by_name() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    bianzhi().arg("solve").arg(demo_city()).arg("--plans").arg("1").arg("--out").arg(&a).assert().code(0);
    let models = bianzhi().arg("models").arg("--format").arg("json").assert().code(0);
    let list: Value = serde_json::from_slice(&models.get_output().stdout).unwrap();
    let other = list.as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap().to_string()).find(|n| n != "baseline").expect("a second built-in");
    bianzhi().arg("solve").arg(demo_city()).arg("--plans").arg("1").arg("--model").arg(&other).arg("--out").arg(&b).assert().code(0);
    let out = bianzhi().arg("diff").arg(demo_city()).arg(a.join("plans.json")).arg(b.join("plans.json")).arg("--format").arg("json").assert().code(0);
    let d: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(d["b"]["model"].as_str(), Some(other.as_str()));
}

#[test]
fn diff_names_a_plan_rank_that_does_not_exist() {
    let (_tmp, plans, _) = solve_demo(1);
    bianzhi()
        .arg("diff")
        .arg(demo_city())
        .arg(&plans)
        .arg(format!("{}#4", plans.display()))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("there is no plan 4"));
    bianzhi().arg("diff").arg(demo_city()).arg(&plans).arg(format!("{}#0", plans.display())).assert().code(2);
}

// ---------------------------------------------------------------------------------
// 方案比较：必选 / 可选 / 不选
// ---------------------------------------------------------------------------------

/// The request ids in one group of the page's comparison (`always`, `some`, `never`).
fn requests_in_group(html: &str, choice: &str) -> Vec<String> {
    let marker = format!("<table class=\"choice-requests\" data-choice=\"{choice}\">");
    let Some(start) = html.find(&marker) else { return Vec::new() };
    let table = &html[start..start + html[start..].find("</table>").expect("closed")];
    table.split("<tr><td>").skip(1).map(|row| row[..row.find("</td>").expect("a cell")].to_string()).collect()
}

#[test]
fn the_report_groups_requests_as_always_some_never_by_how_many_plans_fund_them() {
    let (tmp, plans, _) = solve_demo(3);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&plans).unwrap()).unwrap();
    // The counts plans.json records are the plans' own.
    let funded_in = |id: &str| doc["plans"].as_array().unwrap().iter().filter(|p| p["requests"].as_array().unwrap().iter().any(|r| r["request"] == id && r["granted"].as_i64().unwrap() > 0)).count();
    let counts: Vec<(String, usize)> = doc["decisions"]["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["request"].as_str().unwrap().to_string(), r["funded"].as_u64().unwrap() as usize))
        .collect();
    assert_eq!(doc["decisions"]["plans"], 3);
    for (id, n) in &counts {
        assert_eq!(funded_in(id), *n, "{id}");
    }
    let in_all = counts.iter().find(|(_, n)| *n == 3).map(|(id, _)| id.clone()).expect("a request funded in every plan");
    let in_one = counts.iter().find(|(_, n)| *n == 1).map(|(id, _)| id.clone()).expect("a request funded in 1 of 3 plans");

    let html_path = tmp.path().join("r.html");
    let md_path = tmp.path().join("r.md");
    bianzhi().arg("report").arg(demo_city()).arg(&plans).arg("--html").arg(&html_path).arg("--md").arg(&md_path).assert().code(0);
    let html = std::fs::read_to_string(&html_path).unwrap();
    // The page escapes `/` as every input character it might misread.
    assert!(html.contains("<h2>方案比较：必选 &#x2f; 可选 &#x2f; 不选</h2>"), "the section is there");
    let (always, some, never) = (requests_in_group(&html, "always"), requests_in_group(&html, "some"), requests_in_group(&html, "never"));
    assert!(always.contains(&in_all), "{in_all} not under 必选: {always:?}");
    assert!(some.contains(&in_one) && !always.contains(&in_one), "{in_one} not under 可选: {some:?}");
    assert_eq!(always.len() + some.len() + never.len(), counts.len(), "every request in one group");
    assert_eq!(some.len(), counts.iter().filter(|(_, n)| *n == 1 || *n == 2).count());

    // The summary lists the optional ones with the plans they are in.
    let md = std::fs::read_to_string(&md_path).unwrap();
    let section = &md[md.find("## 方案比较：必选 / 可选 / 不选").expect("the summary's section")..md.find("## 方案1").unwrap()];
    assert!(section.contains(&format!("可选需求（{}）：", some.len())), "{section}");
    let line = section.lines().find(|l| l.starts_with(&format!("- {in_one} "))).unwrap_or_else(|| panic!("{in_one} not listed: {section}"));
    assert!(line.contains("：1/3，方案"), "{line}");
    assert!(!section.lines().any(|l| l.starts_with(&format!("- {in_all} "))), "必选 requests are counted, not listed");

    // In English.
    let en = tmp.path().join("en.html");
    bianzhi().arg("report").arg(demo_city()).arg(&plans).arg("--html").arg(&en).arg("--lang").arg("en").assert().code(0);
    let en = std::fs::read_to_string(&en).unwrap();
    assert!(en.contains("<h2>Comparing the plans: in every plan, in some, in none</h2>"), "the section in English");
    assert!(en.contains("<h4>in some plans ("), "the groups in English");
    assert_eq!(requests_in_group(&en, "some"), some, "the same groups in either language");
}

#[test]
fn a_plans_json_without_decision_counts_still_shows_the_comparison() {
    let (tmp, plans, _) = solve_demo(3);
    let with = tmp.path().join("with.md");
    bianzhi().arg("report").arg(demo_city()).arg(&plans).arg("--md").arg(&with).assert().code(0);
    // As a plans.json written before decision counts were recorded.
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&plans).unwrap()).unwrap();
    doc.as_object_mut().unwrap().remove("decisions").expect("counts recorded");
    let old = tmp.path().join("old.json");
    std::fs::write(&old, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let without = tmp.path().join("without.md");
    bianzhi().arg("report").arg(demo_city()).arg(&old).arg("--md").arg(&without).assert().code(0);
    let (with, without) = (std::fs::read_to_string(&with).unwrap(), std::fs::read_to_string(&without).unwrap());
    assert!(without.contains("## 方案比较：必选 / 可选 / 不选"), "{without}");
    assert_eq!(with, without, "the counts recomputed from the plans are the recorded ones");
}

#[test]
fn diverse_plans_say_how_far_below_plan_1_they_are_and_how_different() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    let run = bianzhi().arg("solve").arg(demo_city()).arg("--out").arg(&out).arg("--plans").arg("3").arg("--diverse").arg("0.02").arg("--report").assert().code(0);
    let table = String::from_utf8_lossy(&run.get_output().stdout).to_string();
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(out.join("plans.json")).unwrap()).unwrap();
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(md.contains("多样方案：允许偏离最优 2.0%"), "{md}");
    assert!(table.contains("多样方案 diverse：允许偏离最优 ε 2.0%"), "{table}");
    for plan in &doc["plans"].as_array().unwrap()[1..] {
        let rank = plan["rank"].as_u64().unwrap();
        let to_plan1 = plan["distance"][0].as_u64().unwrap();
        let section = &md[md.find(&format!("## 方案{rank}\n")).expect("the plan's section")..];
        let headline = section.lines().find(|l| l.starts_with("**要点**")).expect("a headline");
        assert!(headline.contains(&format!("与方案1相差{to_plan1}项")), "{headline}");
        let gap = plan["objective_gap_to_best"].as_f64().unwrap();
        if gap > 0.0005 {
            assert!(headline.contains(&format!("目标值比方案1低{:.1}%", gap * 100.0)), "{headline}");
            assert!(table.contains(&format!("方案 {rank} plan {rank} — 目标值 objective {}，距最优 gap {:.1}%，与方案1相差 {to_plan1} 项", plan["objective"].as_f64().unwrap(), gap * 100.0)), "{table}");
        }
    }
}

// ---------------------------------------------------------------------------------
// 周转编制台账 and --years
// ---------------------------------------------------------------------------------

/// A small city at 2025-06-30 with a revolving-grant ledger: G-002 (key, 4 lent, 1 used,
/// 15 months old) returns its unused 3; G-003 (emergency, 3, all used, 26 months old)
/// is past its 24-month term and returns in full, leaving U008 3 over quota, so REQ-002
/// (fine on the input) is not granted; G-004 (emergency, 17 months old) reaches its
/// term within the year and returns in year 2; G-001 stays. U004 is small and merges,
/// which drops its year-2 request REQ-005. Retirements are listed per line.
pub(crate) fn ledger_scenario() -> TempDir {
    write_dir(&[
        (
            "scenario.toml",
            "[scenario]\nname = \"台账测试市\"\nas_of = \"2025-06-30\"\nmodel = \"baseline\"\n[data]\nunits = \"units.csv\"\nestablishments = \"establishments.csv\"\npools = \"pools.csv\"\nrequests = \"requests.csv\"\ngrants = \"grants.csv\"\n",
        ),
        (
            "units.csv",
            "id,name,parent,sector,level,kind,function\nU001,市教育局,,教育,市,admin,active\nU002,市第一中学,U001,教育,市,institution,active\nU003,市第二中学,U001,教育,市,institution,active\nU004,市教育信息中心,U001,教育,市,institution,shrinking\nU006,市卫生健康委员会,,卫生,市,admin,active\nU008,市疾病预防控制中心,U006,卫生,市,institution,active\nU012,市妇幼保健院,U006,卫生,市,institution,active\n",
        ),
        (
            "establishments.csv",
            "unit,type,quota,staff,retiring\nU001,admin,40,38,\nU002,institution,120,112,2\nU003,institution,95,97,3;2;2\nU004,institution,4,3,\nU006,admin,35,33,1\nU008,institution,30,30,1\nU012,institution,50,45,\n",
        ),
        (
            "pools.csv",
            "id,name,type,available,sectors,per_unit_max\nPOOL-ADMIN,行政编制周转池,admin,18,*,0\nPOOL-MUNI,市直周转池,institution,40,*,0\nPOOL-TALENT,人才周转池,institution,20,*,5\n",
        ),
        (
            "grants.csv",
            "id,pool,unit,type,amount,used,granted_on,tier,term_months\nG-001,POOL-MUNI,U002,institution,6,6,2024-09-01,key,\nG-002,POOL-TALENT,U012,institution,4,1,2024-03-15,key,\nG-003,POOL-MUNI,U008,institution,3,3,2023-04-01,emergency,\nG-004,POOL-MUNI,U012,institution,2,2,2024-02-01,emergency,\n",
        ),
        (
            "requests.csv",
            "id,unit,type,amount,tier,min,reason,year\nREQ-001,U002,institution,6,key,4,新增高中教学班,\nREQ-002,U008,institution,2,emergency,0,监测预警岗位不足,\nREQ-003,U006,admin,2,operations,0,内设机构职责调整,\nREQ-005,U004,institution,1,key,0,信息化运维,2\n",
        ),
    ])
}

/// The ledger scenario solved with `--years 3 --plans 2 --report`: (scenario, output
/// folder, plans.json, the terminal table).
pub(crate) fn solved_ledger() -> (TempDir, TempDir, PathBuf, String) {
    let scenario = ledger_scenario();
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    let run = bianzhi().arg("solve").arg(scenario.path()).arg("--out").arg(&out).args(["--plans", "2", "--years", "3", "--report"]).assert().code(0);
    let table = String::from_utf8_lossy(&run.get_output().stdout).to_string();
    (scenario, tmp, out.join("plans.json"), table)
}

#[test]
fn a_ledger_and_three_years_reach_the_summary_and_the_terminal_table() {
    let (scenario, tmp, plans, table) = solved_ledger();
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&plans).unwrap()).unwrap();
    let years = doc["years"].as_array().expect("plans.json has years");
    assert_eq!(years.len(), 3);
    // The terminal: moves by kind with the ledger's returns, one row per year, bounded.
    assert!(table.contains("调整 moves 8 项：周转收回 return 2，调剂 grant 3，收回 reclaim 0，整合 merge 1，消化超编 absorb 2"), "{table}");
    assert!(table.contains("分年度 years：3 年"), "{table}");
    for y in years {
        let (year, start, retired) = (y["year"].as_u64().unwrap(), y["start"].as_str().unwrap(), y["retired"].as_i64().unwrap());
        let row = table.lines().find(|l| l.starts_with(&format!("│ {year} ")) && l.contains(start)).unwrap_or_else(|| panic!("no row for year {year}: {table}"));
        assert!(row.contains(&format!("┆ {retired:>12} ┆")), "{row}");
    }
    assert!(table.contains("第2年 year 2 因单位整合不再安排 dropped (unit merged): REQ-005"), "{table}");
    // The summary as a leader pastes it, in both languages.
    let md = std::fs::read_to_string(plans.with_file_name("summary.md")).unwrap();
    insta::assert_snapshot!("summary_ledger_years_zh", md);
    let en = tmp.path().join("summary-en.md");
    bianzhi().arg("report").arg(scenario.path()).arg(&plans).arg("--md").arg(&en).arg("--lang").arg("en").assert().code(0);
    insta::assert_snapshot!("summary_ledger_years_en", std::fs::read_to_string(&en).unwrap());
}

#[test]
fn a_plans_json_without_years_has_no_years_anywhere() {
    let scenario = ledger_scenario();
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    let run = bianzhi().arg("solve").arg(scenario.path()).arg("--out").arg(&out).arg("--report").assert().code(0);
    let table = String::from_utf8_lossy(&run.get_output().stdout).to_string();
    assert!(!table.contains("分年度"), "{table}");
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(!md.contains("分年度") && md.contains("周转编制台账：4笔"), "{md}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("id=\"years\"") && html.contains("id=\"ledger\""), "no years section, a ledger section");
}

#[test]
fn diff_lists_a_return_only_one_model_makes_with_its_reason() {
    let scenario = ledger_scenario();
    // A model under which unused parts return only after 24 months: G-002's 3 stay.
    let base = bianzhi().arg("models").arg("baseline").assert().code(0);
    let text = String::from_utf8_lossy(&base.get_output().stdout).replacen("name = \"baseline\"", "name = \"patient\"", 1);
    std::fs::write(scenario.path().join("patient.toml"), format!("{text}\n[grants]\nreclaim_unused_after_months = 24\n")).unwrap();
    let tmp = tempfile::tempdir().expect("temp dir");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    bianzhi().arg("solve").arg(scenario.path()).arg("--out").arg(&a).assert().code(0);
    bianzhi().arg("solve").arg(scenario.path()).arg("--model").arg(scenario.path().join("patient.toml")).arg("--out").arg(&b).assert().code(0);
    let out = bianzhi().arg("diff").arg(scenario.path()).arg(a.join("plans.json")).arg(b.join("plans.json")).arg("--format").arg("json").assert().code(0);
    let d: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let only_a: Vec<&Value> = d["only_a"].as_array().unwrap().iter().filter(|m| m["kind"] == "return").collect();
    assert_eq!(only_a.len(), 1, "{d:#}");
    assert_eq!((only_a[0]["grant"].as_str(), only_a[0]["amount"].as_i64(), only_a[0]["request"].as_str()), (Some("G-002"), Some(3), Some("")));
    let doc_a: Value = serde_json::from_str(&std::fs::read_to_string(a.join("plans.json")).unwrap()).unwrap();
    let json_reason = doc_a["plans"][0]["moves"].as_array().unwrap().iter().find(|m| m["grant"] == "G-002").unwrap()["reason"].clone();
    assert_eq!(only_a[0]["reason"], json_reason, "the words of plans.json");
    assert!(d["only_b"].as_array().unwrap().iter().all(|m| m["kind"] != "return"), "{d:#}");
    let table = bianzhi().arg("diff").arg(scenario.path()).arg(a.join("plans.json")).arg(b.join("plans.json")).assert().code(0);
    let text = String::from_utf8_lossy(&table.get_output().stdout).to_string();
    assert!(text.contains("周转编制收回") && text.contains("G-002"), "{text}");
}
