//! The revolving-grant ledger at `as_of` (DESIGN §14), one hand-built scenario per rule,
//! end to end through the binary: `solve` writes the returns the ledger owes first in
//! every plan, the rest of the plan is made on the state they leave, and `verify`
//! accepts the document and refuses one whose returns were tampered with.
//!
//! The fixtures share a model in which nothing happens unless a test asks for it: no
//! reclaims (`max_share = 0`), no merges (`max_merges = 0`), and absorbing costs
//! (`absorbed = 0`, `staff_moved = -0.5`), so every quota a pool gains is a return.

use crate::common::bianzhi;
use bianzhi::{Move, Plan, PlansDoc};
use predicates::prelude::*;
use serde_json::Value;

/// Scenario folders from strings, the quiet model, and readers of a solved document;
/// shared with `years`.
pub(crate) mod fixture {
    use crate::common::{bianzhi, write_dir};
    use bianzhi::{Move, Plan, PlansDoc, UnitChange};
    use std::path::{Path, PathBuf};
    use tempfile::TempDir;

    /// One institution type (and an admin one nobody uses), two tiers; nothing moves on
    /// its own. Tests edit it with [`model_with`].
    pub const MODEL: &str = r#"[model]
name = "ledger-test"
title = "周转台账测试"

[types]
admin = "行政编制"
institution = "事业编制"

[tiers]
key = { label = "保重点", weight = 100 }
emergency = { label = "保应急", weight = 60 }

[reclaim]
keep_vacant = 0
max_share = 0.0
into = { institution = "POOL-I" }

[consolidation]
max_quota = 5
kinds = ["institution"]
max_merges = 0
vanished_must_merge = false

[weights]
donor_units = 0.0
absorbed = 0.0
staff_moved = -0.5
"#;

    /// [`MODEL`] with each `(from, to)` replaced once (each `from` must be there).
    pub fn model_with(edits: &[(&str, &str)]) -> String {
        let mut text = MODEL.to_string();
        for (from, to) in edits {
            assert!(text.contains(from), "the fixture model has no {from:?}");
            text = text.replacen(from, to, 1);
        }
        text
    }

    /// A scenario folder dated 2025-06-30 with `model` as model.toml and each table
    /// `(file, contents)` named in `[data]` by its file stem (`grants.csv` → `grants`).
    pub fn scenario(model: &str, tables: &[(&str, &str)]) -> TempDir {
        let mut manifest =
            "[scenario]\nname = \"周转台账测试\"\nas_of = \"2025-06-30\"\nmodel = \"model.toml\"\n\n[data]\n".to_string();
        for (file, _) in tables {
            let key = file.split('.').next().expect("a file name");
            manifest += &format!("{key} = \"{file}\"\n");
        }
        let mut files = vec![("scenario.toml", manifest.as_str()), ("model.toml", model)];
        files.extend(tables.iter().copied());
        write_dir(&files)
    }

    /// `solve DIR --plans K --years N --out …` must succeed; the folder holding the
    /// output, the plans.json path and the document.
    pub fn solve(dir: &Path, plans: usize, years: usize) -> (TempDir, PathBuf, PlansDoc) {
        let out = tempfile::tempdir().expect("temp dir");
        let target = out.path().join("out");
        let assert = bianzhi()
            .arg("solve")
            .arg(dir)
            .arg("--out")
            .arg(&target)
            .args(["--plans", &plans.to_string(), "--years", &years.to_string(), "--format", "json"])
            .assert();
        let output = assert.get_output();
        assert!(output.status.success(), "solve failed: {}", String::from_utf8_lossy(&output.stderr));
        let path = target.join("plans.json");
        let text = std::fs::read_to_string(&path).expect("plans.json written");
        let doc: PlansDoc = serde_json::from_str(&text).unwrap_or_else(|e| panic!("plans.json does not read back: {e}\n{text}"));
        (out, path, doc)
    }

    /// `verify DIR PLANS` must accept the document.
    pub fn verified(dir: &Path, plans: &Path) {
        bianzhi()
            .arg("verify")
            .arg(dir)
            .arg(plans)
            .assert()
            .code(0)
            .stdout(predicates::str::starts_with("ok:"));
    }

    /// `verify DIR FILE` on `doc` written beside `plans` must exit 1 naming `[rule]`;
    /// returns stderr.
    pub fn refused(dir: &Path, plans: &Path, doc: &serde_json::Value, rule: &str) -> String {
        let path = plans.with_file_name("tampered.json");
        std::fs::write(&path, serde_json::to_string_pretty(doc).expect("serialise")).expect("write tampered plans");
        let assert = bianzhi().arg("verify").arg(dir).arg(&path).assert();
        let output = assert.get_output();
        let stderr = String::from_utf8_lossy(&output.stderr).to_string();
        assert_eq!(output.status.code(), Some(1), "verify should refuse the tampered plans naming [{rule}]: {stderr}");
        assert!(stderr.contains(&format!("[{rule}]")), "verify should name [{rule}]: {stderr}");
        stderr
    }

    /// A return move, flattened: (grant, from, to, amount, rule).
    pub type Return = (String, String, String, i64, String);

    /// The plan's returns in order.
    pub fn returns(plan: &Plan) -> Vec<Return> {
        plan.moves
            .iter()
            .filter_map(|m| match m {
                Move::Return { grant, from, to, amount, rule, .. } => {
                    Some((grant.clone(), from.clone(), to.clone(), *amount, rule.clone()))
                }
                _ => None,
            })
            .collect()
    }

    /// Owned form of an expected return, for comparisons.
    pub fn ret(grant: &str, from: &str, to: &str, amount: i64, rule: &str) -> Return {
        (grant.to_string(), from.to_string(), to.to_string(), amount, rule.to_string())
    }

    /// Whether every return comes before every other move.
    pub fn returns_first(plan: &Plan) -> bool {
        let first_other = plan.moves.iter().position(|m| !matches!(m, Move::Return { .. })).unwrap_or(plan.moves.len());
        plan.moves[first_other..].iter().all(|m| !matches!(m, Move::Return { .. }))
    }

    /// What the plan grants `request` (panics when the plan does not list it).
    pub fn granted(plan: &Plan, request: &str) -> i64 {
        plan.requests
            .iter()
            .find(|r| r.request == request)
            .unwrap_or_else(|| panic!("plan {} does not list request {request}: {:?}", plan.rank, plan.requests))
            .granted
    }

    /// The ids of the requests the plan lists, in order.
    pub fn listed_requests(plan: &Plan) -> Vec<&str> {
        plan.requests.iter().map(|r| r.request.as_str()).collect()
    }

    /// (before, after) of a pool.
    pub fn pool(plan: &Plan, id: &str) -> (i64, i64) {
        let p = plan.pools.iter().find(|p| p.pool == id).unwrap_or_else(|| panic!("plan {} lists no pool {id}", plan.rank));
        (p.before, p.after)
    }

    /// (quota before, after, staff before, after) of a line the plan changes.
    pub fn line(plan: &Plan, unit: &str, ty: &str) -> (i64, i64, i64, i64) {
        let c: &UnitChange = plan
            .units
            .iter()
            .find(|c| c.unit == unit && c.ty == ty)
            .unwrap_or_else(|| panic!("plan {} does not change {unit} {ty}: {:?}", plan.rank, plan.units));
        (c.quota_before, c.quota_after, c.staff_before, c.staff_after)
    }

    /// The moves of one kind.
    pub fn of_kind<'p>(plan: &'p Plan, kind: &str) -> Vec<&'p Move> {
        plan.moves.iter().filter(|m| m.kind() == kind).collect()
    }
}

use fixture::{granted, line, of_kind, pool, refused, ret, returns, returns_first, scenario, solve, verified};

// ---------------------------------------------------------------------------------
// grants.unused: the unused part of a grant a year old returns, capped by the vacancy
// ---------------------------------------------------------------------------------

// Chinese headers and labels throughout, as a real-name-system export has them.
const UNUSED_UNITS: &str = "单位代码,单位名称,主管部门,系统,层级,单位类型
U1,市第一中学,,教育,市,事业单位
U2,市疾病预防控制中心,,卫健,市,事业单位
U3,市第二中学,,教育,市,事业单位
";

// U1 has 8 vacancies, U2 one, U3 none (it may receive: staff = quota is not overstaffed).
const UNUSED_LINES: &str = "单位代码,编制类型,核定编制数,实有人数
U1,事业编制,20,12
U2,事业编制,10,9
U3,事业编制,30,30
";

// Both pools empty: whatever they hold in the plan came back from the ledger. POOL-B
// lends to 卫健 only, so U3 (教育) can be funded from POOL-I alone.
const UNUSED_POOLS: &str = "池代码,名称,编制类型,可用数,适用系统,单位上限
POOL-I,教育周转池,事业编制,0,*,0
POOL-B,卫健周转池,事业编制,0,卫健,0
";

const UNUSED_REQUESTS: &str = "需求编号,单位代码,编制类型,申请数,保障类别,最低数,理由
R1,U3,事业编制,5,保重点,0,新增教学班
";

// At 2025-06-30: G-CAP is 17 months old with 3 unused but U2 has one vacancy; G-OLD is
// 13 months old with 3 unused; G-YOUNG is 11 months old (4 unused, not yet due).
const UNUSED_GRANTS: &str = "调剂编号,池代码,单位代码,编制类型,调剂数,已使用,调剂日期,保障类别
G-YOUNG,POOL-I,U1,事业编制,4,0,2024-07-01,保重点
G-OLD,POOL-I,U1,事业编制,5,2,2024-05-01,保重点
G-CAP,POOL-B,U2,事业编制,4,1,2024-01-10,保重点
";

fn unused_fixture() -> tempfile::TempDir {
    scenario(
        fixture::MODEL,
        &[
            ("units.csv", UNUSED_UNITS),
            ("establishments.csv", UNUSED_LINES),
            ("pools.csv", UNUSED_POOLS),
            ("requests.csv", UNUSED_REQUESTS),
            ("grants.csv", UNUSED_GRANTS),
        ],
    )
}

#[test]
fn an_unused_part_older_than_twelve_months_returns_capped_by_the_vacancy_and_a_younger_one_stays() {
    let dir = unused_fixture();
    let (_out, path, doc) = solve(dir.path(), 3, 1);
    assert!(doc.years.is_none(), "one year: no `years` in plans.json");
    let want = vec![
        ret("G-CAP", "U2", "POOL-B", 1, "grants.unused"),
        ret("G-OLD", "U1", "POOL-I", 3, "grants.unused"),
    ];
    assert!(!doc.plans.is_empty());
    for plan in &doc.plans {
        // Returns are the ledger's, not the solver's: every plan has the same ones, first.
        assert_eq!(returns(plan), want, "plan {}", plan.rank);
        assert!(returns_first(plan), "plan {}: returns come first: {:?}", plan.rank, plan.moves);
        assert_eq!(pool(plan, "POOL-B"), (0, 1), "plan {}: G-CAP's return lands in its own pool", plan.rank);
        assert_eq!(line(plan, "U1", "institution"), (20, 17, 12, 12), "plan {}: U1 gives back G-OLD's 3 only", plan.rank);
        assert_eq!(line(plan, "U2", "institution"), (10, 9, 9, 9), "plan {}: U2 loses its one vacancy", plan.rank);
    }
    let best = &doc.plans[0];
    // R1 asks for 5 and only POOL-I lends to U3: it gets exactly G-OLD's 3, so G-YOUNG's
    // 4 unused did not come back.
    assert_eq!(granted(best, "R1"), 3, "{:?}", best.moves);
    assert_eq!(pool(best, "POOL-I"), (0, 0));
    assert_eq!(line(best, "U3", "institution"), (30, 33, 30, 30));
    // Each return says why in Chinese, naming its grant.
    for m in of_kind(best, "return") {
        if let Move::Return { grant, reason, .. } = m {
            assert!(reason.contains(grant.as_str()) && reason.contains("收回"), "{grant}: {reason}");
        }
    }
    verified(dir.path(), &path);
}

// ---------------------------------------------------------------------------------
// grants.expired: an emergency grant past its term returns in full (事去减编)
// ---------------------------------------------------------------------------------

const EXPIRED_UNITS: &str = "id,name,parent,sector,level,kind
U1,市疾病预防控制中心,,卫健,市,institution
U2,市卫生监督所,,卫健,市,institution
U3,市急救中心,,卫健,市,institution
";

const EXPIRED_LINES: &str = "unit,type,quota,staff
U1,institution,10,10
U2,institution,10,5
U3,institution,8,8
";

const EXPIRED_POOLS: &str = "id,name,type,available,sectors,per_unit_max
POOL-I,事业编制周转池,institution,10,*,0
";

// The pool could fund R1 in full: a refusal is U1's overstaffing, not the pool.
const EXPIRED_REQUESTS: &str = "id,unit,type,amount,tier,min,reason
R1,U1,institution,2,key,0,增设检测岗位
";

// G-E1 is 25 months old (term 24): returns in full although all 4 are filled. G-E2 is
// 22 months old and filled: nothing is due.
const EXPIRED_GRANTS: &str = "id,pool,unit,type,amount,used,granted_on,tier,term_months
G-E1,POOL-I,U1,institution,4,4,2023-05-01,保应急,
G-E2,POOL-I,U3,institution,2,2,2023-08-01,emergency,
";

fn expired_fixture() -> tempfile::TempDir {
    // Absorbing pays here, so U1's new excess can be digested by U2 (same sector and
    // level, 5 vacancies).
    let model = fixture::model_with(&[("absorbed = 0.0", "absorbed = 5.0")]);
    scenario(
        &model,
        &[
            ("units.csv", EXPIRED_UNITS),
            ("establishments.csv", EXPIRED_LINES),
            ("pools.csv", EXPIRED_POOLS),
            ("requests.csv", EXPIRED_REQUESTS),
            ("grants.csv", EXPIRED_GRANTS),
        ],
    )
}

#[test]
fn an_expired_emergency_grant_returns_in_full_and_its_unit_only_gives() {
    let dir = expired_fixture();
    let (_out, path, doc) = solve(dir.path(), 3, 1);
    let plan = &doc.plans[0];
    assert_eq!(returns(plan), vec![ret("G-E1", "U1", "POOL-I", 4, "grants.expired")]);
    assert!(returns_first(plan), "{:?}", plan.moves);
    // 只出不进: overstaffed by the return, U1 receives nothing although the pool could pay.
    assert_eq!(granted(plan, "R1"), 0);
    let why = plan.requests[0].why_not.as_deref().unwrap_or("");
    assert!(why.contains("超编"), "the refusal names the overstaffing: {why:?}");
    assert!(of_kind(plan, "grant").is_empty(), "{:?}", plan.moves);
    // Its excess of 4 may be absorbed by U2, which has room for 5.
    let absorbs: Vec<(&str, &str, i64)> = of_kind(plan, "absorb")
        .into_iter()
        .filter_map(|m| match m {
            Move::Absorb { from, to, amount, .. } => Some((from.as_str(), to.as_str(), *amount)),
            _ => None,
        })
        .collect();
    assert_eq!(absorbs, vec![("U1", "U2", 4)]);
    assert_eq!(line(plan, "U1", "institution"), (10, 6, 10, 6));
    assert_eq!(line(plan, "U2", "institution"), (10, 10, 5, 9));
    assert_eq!(pool(plan, "POOL-I"), (10, 14));
    assert!(plan.units.iter().all(|c| c.unit != "U3"), "G-E2 is not due: {:?}", plan.units);
    verified(dir.path(), &path);
}

#[test]
fn verify_refuses_a_grant_to_the_unit_an_expired_grant_left_overstaffed() {
    let dir = expired_fixture();
    let (_out, path, doc) = solve(dir.path(), 1, 1);
    let mut tampered: Value = serde_json::to_value(&doc).expect("to JSON");
    let moves = tampered["plans"][0]["moves"].as_array_mut().expect("moves");
    moves.push(serde_json::json!({
        "kind": "grant", "type": "institution", "from": "POOL-I", "to": "U1",
        "request": "R1", "amount": 2, "rule": "grant.key", "reason": ""
    }));
    // U1 was at quota in the input: only the return, made before the plan, makes it
    // overstaffed. verify must read the opening state, not the input.
    refused(dir.path(), &path, &tampered, "grant.overstaffed");
}

// ---------------------------------------------------------------------------------
// A grant's own term_months overrides its tier's; [grants] in the model
// ---------------------------------------------------------------------------------

const TERMS_UNITS: &str = "id,name,parent,sector,level,kind
U1,市妇幼保健院,,卫健,市,institution
U2,市急救中心,,卫健,市,institution
U3,市血站,,卫健,市,institution
U4,市卫生监督所,,卫健,市,institution
";

const TERMS_LINES: &str = "unit,type,quota,staff
U1,institution,10,10
U2,institution,10,10
U3,institution,10,10
U4,institution,10,6
";

const TERMS_POOLS: &str = "id,name,type,available,sectors,per_unit_max
POOL-I,事业编制周转池,institution,0,*,0
";

// At 2025-06-30, under [grants] term_months = { emergency = 24, key = 18 } and
// reclaim_unused_after_months = 6:
// G1 key, own term 6, 6 months old: expired (its tier's 18 would not be).
// G2 emergency, own term 36, 25 months old: not expired (its tier's 24 would be).
// G3 key, no term of its own, 19 months old: expired by the model's key = 18.
// G4 key, 7 months old, 3 unused: due by reclaim_unused_after_months = 6.
const TERMS_GRANTS: &str = "id,pool,unit,type,amount,used,granted_on,tier,term_months
G1,POOL-I,U1,institution,3,3,2024-12-30,key,6
G2,POOL-I,U2,institution,3,3,2023-05-01,emergency,36
G3,POOL-I,U3,institution,3,3,2023-11-15,key,
G4,POOL-I,U4,institution,4,1,2024-11-01,key,
";

#[test]
fn a_grants_own_term_overrides_its_tiers_and_the_model_sets_terms_and_the_unused_age() {
    let model = format!("{}\n[grants]\nreclaim_unused_after_months = 6\nterm_months = {{ emergency = 24, key = 18 }}\n", fixture::MODEL);
    let dir = scenario(
        &model,
        &[("units.csv", TERMS_UNITS), ("establishments.csv", TERMS_LINES), ("pools.csv", TERMS_POOLS), ("grants.csv", TERMS_GRANTS)],
    );
    let (_out, path, doc) = solve(dir.path(), 1, 1);
    let plan = &doc.plans[0];
    assert_eq!(
        returns(plan),
        vec![
            ret("G1", "U1", "POOL-I", 3, "grants.expired"),
            ret("G3", "U3", "POOL-I", 3, "grants.expired"),
            ret("G4", "U4", "POOL-I", 3, "grants.unused"),
        ]
    );
    assert_eq!(pool(plan, "POOL-I"), (0, 9));
    assert!(plan.units.iter().all(|c| c.unit != "U2"), "G2's own 36 months are not over: {:?}", plan.units);
    assert_eq!(line(plan, "U1", "institution"), (10, 7, 10, 10));
    verified(dir.path(), &path);

    // The same ledger under the default [grants]: G1 still expires by its own term; G2
    // still stays by its own; G3 (key) is permanent; G4 is not a year old.
    let plain = scenario(
        fixture::MODEL,
        &[("units.csv", TERMS_UNITS), ("establishments.csv", TERMS_LINES), ("pools.csv", TERMS_POOLS), ("grants.csv", TERMS_GRANTS)],
    );
    let (_out2, path2, doc2) = solve(plain.path(), 1, 1);
    assert_eq!(returns(&doc2.plans[0]), vec![ret("G1", "U1", "POOL-I", 3, "grants.expired")]);
    verified(plain.path(), &path2);
}

// ---------------------------------------------------------------------------------
// verify refuses tampered returns
// ---------------------------------------------------------------------------------

/// The unused fixture solved for one plan: the folder, plans.json and its JSON.
fn unused_solved() -> (tempfile::TempDir, tempfile::TempDir, std::path::PathBuf, Value) {
    let dir = unused_fixture();
    let (out, path, doc) = solve(dir.path(), 1, 1);
    let value = serde_json::to_value(&doc).expect("to JSON");
    (dir, out, path, value)
}

fn return_index(doc: &Value, grant: &str) -> usize {
    doc["plans"][0]["moves"]
        .as_array()
        .expect("moves")
        .iter()
        .position(|m| m["kind"] == "return" && m["grant"] == grant)
        .unwrap_or_else(|| panic!("no return of {grant}"))
}

#[test]
fn verify_refuses_a_plan_with_a_return_removed() {
    let (dir, _out, path, mut doc) = unused_solved();
    let i = return_index(&doc, "G-OLD");
    doc["plans"][0]["moves"].as_array_mut().expect("moves").remove(i);
    let stderr = refused(dir.path(), &path, &doc, "grants.returns");
    assert!(stderr.contains("G-OLD"), "the missing return is named: {stderr}");
}

#[test]
fn verify_refuses_a_plan_with_a_return_amount_changed() {
    let (dir, _out, path, mut doc) = unused_solved();
    let i = return_index(&doc, "G-CAP");
    // 3 is what G-CAP has unused, but U2 had one vacancy: only 1 can return.
    doc["plans"][0]["moves"][i]["amount"] = Value::from(3);
    let stderr = refused(dir.path(), &path, &doc, "grants.returns");
    assert!(stderr.contains("G-CAP"), "{stderr}");
}

#[test]
fn verify_refuses_a_return_the_ledger_does_not_owe_and_one_listed_late() {
    let (dir, _out, path, doc) = unused_solved();
    // G-YOUNG is 11 months old: nothing of it is due.
    let mut early = doc.clone();
    early["plans"][0]["moves"].as_array_mut().expect("moves").insert(
        0,
        serde_json::json!({
            "kind": "return", "type": "institution", "from": "U1", "to": "POOL-I",
            "grant": "G-YOUNG", "amount": 4, "rule": "grants.unused", "reason": ""
        }),
    );
    let stderr = refused(dir.path(), &path, &early, "grants.returns");
    assert!(stderr.contains("G-YOUNG"), "{stderr}");
    // The right returns, but one after the grant they pay for.
    let mut late = doc;
    let moves = late["plans"][0]["moves"].as_array_mut().expect("moves");
    let first = moves.remove(0);
    moves.push(first);
    refused(dir.path(), &path, &late, "grants.returns");
}

#[test]
fn a_ledger_changes_the_input_digest_and_verify_names_a_plan_made_without_it() {
    // The same register without grants.csv: a different input, so plans made on one
    // are refused on the other.
    let with = unused_fixture();
    let without = scenario(
        fixture::MODEL,
        &[
            ("units.csv", UNUSED_UNITS),
            ("establishments.csv", UNUSED_LINES),
            ("pools.csv", UNUSED_POOLS),
            ("requests.csv", UNUSED_REQUESTS),
        ],
    );
    let (_out, path, _doc) = solve(without.path(), 1, 1);
    bianzhi()
        .arg("verify")
        .arg(with.path())
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("[document.scenario]").and(predicate::str::contains("[grants.returns]")));
}

/// The library path gives the same document as the binary, and `verify_doc` accepts it.
#[test]
fn the_library_solves_and_verifies_the_ledger_as_the_binary_does() {
    let dir = unused_fixture();
    let loaded = crate::common::load(dir.path(), None);
    let ranked = bianzhi::solve_years(&loaded.scenario, &loaded.policy, 1, 1, &bianzhi::SolveOptions::default()).expect("solves");
    let violations = bianzhi::verify_doc(&loaded.scenario, &loaded.policy, &ranked.doc);
    assert!(violations.is_empty(), "{violations:?}");
    let (_out, _path, doc) = solve(dir.path(), 1, 1);
    let strip = |p: &Plan| serde_json::to_value(p).expect("to JSON");
    assert_eq!(strip(&ranked.doc.plans[0]), strip(&doc.plans[0]));
    assert!(plans_equal_but_time(&ranked.doc, &doc));
}

fn plans_equal_but_time(a: &PlansDoc, b: &PlansDoc) -> bool {
    let mut a = serde_json::to_value(a).expect("to JSON");
    let mut b = serde_json::to_value(b).expect("to JSON");
    a["solver"]["seconds"] = Value::Null;
    b["solver"]["seconds"] = Value::Null;
    a == b
}
