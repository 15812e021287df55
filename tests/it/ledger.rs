//! The revolving-grant ledger at `as_of` (DESIGN §14), one hand-built scenario per rule,
//! end to end through the binary: `solve` writes the returns the ledger owes first in
//! every plan, the rest of the plan is made on the state they leave, and `verify`
//! accepts the document and refuses one whose returns were tampered with.
//!
//! The fixtures share the quiet model (`common::fixture::quiet_model`), in which nothing
//! happens unless a test asks for it: no reclaims, no merges, and absorbing costs, so
//! every quota a pool gains is a return.

use crate::common::fixture::quiet_model;
use crate::common::{bianzhi, refused, solve_doc, verified, Folder};
use bianzhi::testkit::moves;
use bianzhi::testkit::read::{granted, line, of_kind, pool, returned, returns, returns_first};
use bianzhi::{Move, Plan, PlansDoc};
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

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

fn unused_fixture() -> TempDir {
    Folder::new(
        quiet_model().text(),
        &[
            ("units.csv", UNUSED_UNITS),
            ("establishments.csv", UNUSED_LINES),
            ("pools.csv", UNUSED_POOLS),
            ("requests.csv", UNUSED_REQUESTS),
            ("grants.csv", UNUSED_GRANTS),
        ],
    )
    .write()
}

#[test]
fn an_unused_part_older_than_twelve_months_returns_capped_by_the_vacancy_and_a_younger_one_stays() {
    let dir = unused_fixture();
    let (_out, path, doc) = solve_doc(dir.path(), 3, 1);
    assert!(doc.years.is_none(), "one year: no `years` in plans.json");
    let want = vec![
        returned("G-CAP", "U2", "POOL-B", 1, "grants.unused"),
        returned("G-OLD", "U1", "POOL-I", 3, "grants.unused"),
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

fn expired_fixture() -> TempDir {
    // Absorbing pays here, so U1's new excess can be digested by U2 (same sector and
    // level, 5 vacancies).
    let model = quiet_model().set("weights.absorbed", "5.0");
    Folder::new(
        model.text(),
        &[
            ("units.csv", EXPIRED_UNITS),
            ("establishments.csv", EXPIRED_LINES),
            ("pools.csv", EXPIRED_POOLS),
            ("requests.csv", EXPIRED_REQUESTS),
            ("grants.csv", EXPIRED_GRANTS),
        ],
    )
    .write()
}

#[test]
fn an_expired_emergency_grant_returns_in_full_and_its_unit_only_gives() {
    let dir = expired_fixture();
    let (_out, path, doc) = solve_doc(dir.path(), 3, 1);
    let plan = &doc.plans[0];
    assert_eq!(returns(plan), vec![returned("G-E1", "U1", "POOL-I", 4, "grants.expired")]);
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
    let (_out, path, mut doc) = solve_doc(dir.path(), 1, 1);
    doc.plans[0].moves.push(moves::grant("POOL-I", "U1", "R1", 2));
    // U1 was at quota in the input: only the return, made before the plan, makes it
    // overstaffed. verify must read the opening state, not the input.
    refused(dir.path(), &path, &serde_json::to_value(&doc).expect("to JSON"), "grant.overstaffed");
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
    let model = quiet_model().set("grants.reclaim_unused_after_months", "6").set("grants.term_months", "{ emergency = 24, key = 18 }");
    let dir = Folder::new(
        model.text(),
        &[("units.csv", TERMS_UNITS), ("establishments.csv", TERMS_LINES), ("pools.csv", TERMS_POOLS), ("grants.csv", TERMS_GRANTS)],
    )
    .write();
    let (_out, path, doc) = solve_doc(dir.path(), 1, 1);
    let plan = &doc.plans[0];
    assert_eq!(
        returns(plan),
        vec![
            returned("G1", "U1", "POOL-I", 3, "grants.expired"),
            returned("G3", "U3", "POOL-I", 3, "grants.expired"),
            returned("G4", "U4", "POOL-I", 3, "grants.unused"),
        ]
    );
    assert_eq!(pool(plan, "POOL-I"), (0, 9));
    assert!(plan.units.iter().all(|c| c.unit != "U2"), "G2's own 36 months are not over: {:?}", plan.units);
    assert_eq!(line(plan, "U1", "institution"), (10, 7, 10, 10));
    verified(dir.path(), &path);

    // The same ledger under the default [grants]: G1 still expires by its own term; G2
    // still stays by its own; G3 (key) is permanent; G4 is not a year old.
    let plain = Folder::new(
        quiet_model().text(),
        &[("units.csv", TERMS_UNITS), ("establishments.csv", TERMS_LINES), ("pools.csv", TERMS_POOLS), ("grants.csv", TERMS_GRANTS)],
    )
    .write();
    let (_out2, path2, doc2) = solve_doc(plain.path(), 1, 1);
    assert_eq!(returns(&doc2.plans[0]), vec![returned("G1", "U1", "POOL-I", 3, "grants.expired")]);
    verified(plain.path(), &path2);
}

// ---------------------------------------------------------------------------------
// verify refuses tampered returns
// ---------------------------------------------------------------------------------

/// The unused fixture solved for one plan: the folder, plans.json and its JSON.
fn unused_solved() -> (TempDir, TempDir, std::path::PathBuf, Value) {
    let dir = unused_fixture();
    let (out, path, doc) = solve_doc(dir.path(), 1, 1);
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
    let young = moves::give_back("G-YOUNG", "U1", "POOL-I", 4, "grants.unused");
    early["plans"][0]["moves"].as_array_mut().expect("moves").insert(0, serde_json::to_value(young).expect("to JSON"));
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
    let without = Folder::new(
        quiet_model().text(),
        &[
            ("units.csv", UNUSED_UNITS),
            ("establishments.csv", UNUSED_LINES),
            ("pools.csv", UNUSED_POOLS),
            ("requests.csv", UNUSED_REQUESTS),
        ],
    )
    .write();
    let (_out, path, _doc) = solve_doc(without.path(), 1, 1);
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
    let (_out, _path, doc) = solve_doc(dir.path(), 1, 1);
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
