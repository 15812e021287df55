//! `solve --years N` (DESIGN §14), one hand-built scenario per rule, end to end through
//! the binary: overstaffed units take no one in until their retirements bring them
//! within quota (只出不进 over time), quota released or reclaimed in one year funds the
//! next year's requests, grants the plan makes join the ledger and return when their
//! term ends, and the model's attrition rate retires small lines too, by carrying the
//! fraction. Also: one year is what it was before `--years`, and `verify` refuses a
//! document whose later years were tampered with.
//!
//! The fixtures use the quiet model of the ledger tests (`common::fixture::quiet_model`:
//! no reclaims, no merges, absorbing costs) unless a test says otherwise.

use crate::common::fixture::quiet_model;
use crate::common::{bianzhi, refused, solve, solve_doc, verified, Folder};
use bianzhi::testkit::read::{granted, line, listed_requests, of_kind, pool, returns, returns_first};
use bianzhi::testkit::ModelText;
use bianzhi::{Move, PlansDoc, YearPlan};
use serde_json::Value;

/// The years of a document solved with `--years n`, checked for shape: years 1…n, each
/// starting a year after the one before, year 1 being plan 1, and returns first.
fn years_of(doc: &PlansDoc, n: usize) -> &[YearPlan] {
    let years = doc.years.as_deref().expect("--years gives `years` in plans.json");
    assert_eq!(years.iter().map(|y| y.year).collect::<Vec<_>>(), (1..=n).collect::<Vec<_>>());
    for (i, y) in years.iter().enumerate() {
        assert_eq!(y.start, format!("{}-06-30", 2025 + i), "year {}", y.year);
        assert!(returns_first(&y.plan), "year {}: {:?}", y.year, y.plan.moves);
    }
    assert_eq!(years[0].retired, 0, "nobody has retired before year 1");
    assert_eq!(
        serde_json::to_value(&years[0].plan).expect("to JSON"),
        serde_json::to_value(&doc.plans[0]).expect("to JSON"),
        "year 1 is plan 1"
    );
    years
}

// ---------------------------------------------------------------------------------
// 只出不进 over years: refused while overstaffed, funded once retirements make room
// ---------------------------------------------------------------------------------

// U1 is alone in 教育 (nobody can absorb its excess); U2 in 卫健 has room.
const OVER_UNITS: &str = "id,name,parent,sector,level,kind
U1,市第二中学,,教育,市,institution
U2,市疾病预防控制中心,,卫健,市,institution
";

// U1 is 3 over quota; 1, 2 and 1 of its staff retire in years 1, 2 and 3: 13 → 12 at
// the start of year 2, 10 (= quota) at the start of year 3.
const OVER_LINES: &str = "unit,type,quota,staff,retiring
U1,institution,10,13,1;2;1
U2,institution,20,15,
";

const OVER_POOLS: &str = "id,name,type,available,sectors,per_unit_max
POOL-I,事业编制周转池,institution,10,*,0
";

// One request of U1 a year; S1 shows the pool lends in year 1 to a unit within quota.
const OVER_REQUESTS: &str = "id,unit,type,amount,tier,min,reason,year
R1,U1,institution,1,key,0,新增教学班,
R2,U1,institution,1,key,0,新增教学班,2
R3,U1,institution,1,key,0,新增教学班,3
S1,U2,institution,1,key,0,增设检测岗位,1
";

#[test]
fn an_overstaffed_unit_is_refused_until_its_retirements_bring_it_within_quota() {
    let dir = Folder::new(
        quiet_model().text(),
        &[("units.csv", OVER_UNITS), ("establishments.csv", OVER_LINES), ("pools.csv", OVER_POOLS), ("requests.csv", OVER_REQUESTS)],
    )
    .write();
    let (_out, path, doc) = solve_doc(dir.path(), 1, 3);
    let years = years_of(&doc, 3);
    // Each year plans its own requests only.
    assert_eq!(listed_requests(&years[0].plan), vec!["R1", "S1"]);
    assert_eq!(listed_requests(&years[1].plan), vec!["R2"]);
    assert_eq!(listed_requests(&years[2].plan), vec!["R3"]);
    assert_eq!((granted(&years[0].plan, "R1"), granted(&years[0].plan, "S1")), (0, 1), "year 1: U1 is 13 on 10");
    assert_eq!(granted(&years[1].plan, "R2"), 0, "year 2: U1 is 12 on 10, still overstaffed");
    assert_eq!(granted(&years[2].plan, "R3"), 1, "year 3: U1 is 10 on 10, it may receive");
    assert_eq!(years.iter().map(|y| y.retired).collect::<Vec<_>>(), vec![0, 1, 2]);
    assert_eq!(line(&years[2].plan, "U1", "institution"), (10, 11, 10, 10));
    for (y, request) in [(0, "R1"), (1, "R2")] {
        let outcome = years[y].plan.requests.iter().find(|r| r.request == request).expect("listed");
        assert!(outcome.why_not.as_deref().unwrap_or("").contains("超编"), "year {}: {:?}", y + 1, outcome);
    }
    // The pool carries over: 10, less S1's 1 in year 1, less R3's 1 in year 3.
    assert_eq!((pool(&years[1].plan, "POOL-I"), pool(&years[2].plan, "POOL-I")), ((9, 9), (9, 8)));
    verified(dir.path(), &path);
}

// ---------------------------------------------------------------------------------
// Quota released or reclaimed in year 1 funds a request of year 2
// ---------------------------------------------------------------------------------

const FUND_UNITS: &str = "id,name,parent,sector,level,kind,function
U1,市第一中学,,教育,市,institution,active
U2,市电化教育馆,,教育,市,institution,vanished
U3,市第三中学,,教育,市,institution,active
U4,市卫生监督所,,卫健,市,institution,active
";

// U2 (vanished, 5 quota, 2 staff) must merge and releases 3; U4 has 2 vacancies to
// reclaim; U1 and U3 are full, so neither can be reclaimed.
const FUND_LINES: &str = "unit,type,quota,staff
U1,institution,30,30
U2,institution,5,2
U3,institution,30,30
U4,institution,10,8
";

// Empty: year 1 has nothing to lend until the merge and the reclaim fill it.
const FUND_POOLS: &str = "id,name,type,available,sectors,per_unit_max
POOL-I,事业编制周转池,institution,0,*,0
";

// R2 needs all 5 = 3 released + 2 reclaimed. R9 is U2's, which is merged in year 1.
const FUND_REQUESTS: &str = "id,unit,type,amount,tier,min,reason,year
R2,U3,institution,5,key,5,新增教学班,2
R9,U2,institution,1,key,0,电教设备维护,2
";

/// Reclaims, merges (vanished units must) and a reclaim weight of 1.
fn fund_model() -> ModelText {
    quiet_model()
        .set("reclaim.max_share", "1.0")
        .set("consolidation.max_merges", "5")
        .set("consolidation.vanished_must_merge", "true")
        .set("weights.reclaimed", "1.0")
}

#[test]
fn quota_released_and_reclaimed_in_year_one_funds_a_request_of_year_two() {
    let tables = [("units.csv", FUND_UNITS), ("establishments.csv", FUND_LINES), ("pools.csv", FUND_POOLS), ("requests.csv", FUND_REQUESTS)];
    let dir = Folder::new(fund_model().text(), &tables).write();
    let (_out, path, doc) = solve_doc(dir.path(), 1, 2);
    let years = years_of(&doc, 2);
    let first = &years[0].plan;
    assert!(first.requests.is_empty(), "no request is for year 1: {:?}", first.requests);
    let released: i64 = of_kind(first, "merge")
        .iter()
        .map(|m| match m {
            Move::Merge { from, released, .. } if from == "U2" => *released,
            _ => 0,
        })
        .sum();
    let reclaimed: i64 = of_kind(first, "reclaim")
        .iter()
        .map(|m| match m {
            Move::Reclaim { from, amount, .. } if from == "U4" => *amount,
            _ => 0,
        })
        .sum();
    assert_eq!((released, reclaimed), (3, 2), "{:?}", first.moves);
    assert_eq!(pool(first, "POOL-I"), (0, 5));
    let second = &years[1].plan;
    assert_eq!(pool(second, "POOL-I"), (5, 0));
    assert_eq!(granted(second, "R2"), 5, "{:?}", second.moves);
    assert_eq!(years[1].dropped_requests, vec!["R9".to_string()], "U2 merged in year 1: its year-2 request is dropped");
    assert_eq!(listed_requests(second), vec!["R2"]);
    verified(dir.path(), &path);

    // One year plans year 1's requests only: R2 waits.
    let (_out1, _path1, one) = solve_doc(dir.path(), 1, 1);
    assert!(one.years.is_none() && one.plans[0].requests.is_empty(), "{:?}", one.plans[0].requests);
}

#[test]
fn requests_beyond_the_horizon_are_named_in_a_note() {
    let tables = [("units.csv", FUND_UNITS), ("establishments.csv", FUND_LINES), ("pools.csv", FUND_POOLS), ("requests.csv", FUND_REQUESTS)];
    let requests = FUND_REQUESTS.replace("新增教学班,2", "新增教学班,3");
    let dir = Folder::new(fund_model().text(), &tables).with("requests.csv", requests).write();
    let out = tempfile::tempdir().expect("temp dir");
    let assert = bianzhi()
        .arg("solve")
        .arg(dir.path())
        .arg("--out")
        .arg(out.path().join("o"))
        .args(["--years", "2", "--format", "table"])
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("note: 1 request(s) are for years after the 2-year horizon"), "{stdout}");
}

// ---------------------------------------------------------------------------------
// Emergency grants made by the plan return when their term ends (year 3)
// ---------------------------------------------------------------------------------

const TERM_UNITS: &str = "id,name,parent,sector,level,kind
U1,市疾病预防控制中心,,卫健,市,institution
U2,市卫生监督所,,卫健,市,institution
";

const TERM_LINES: &str = "unit,type,quota,staff
U1,institution,10,10
U2,institution,10,10
";

const TERM_POOLS: &str = "id,name,type,available,sectors,per_unit_max
POOL-I,事业编制周转池,institution,5,*,0
";

// Year 1: R1 (保应急, term 24 months) and R2 (保重点, permanent) are granted; year 2: Q2
// takes the pool's last 1; year 3: R1's grant returns and U1, overstaffed again, is
// refused R3.
const TERM_REQUESTS: &str = "id,unit,type,amount,tier,min,reason,year
R1,U1,institution,2,emergency,0,突发疫情处置,1
R2,U2,institution,2,key,0,增设监督岗位,1
Q2,U2,institution,1,key,0,增设监督岗位,2
R3,U1,institution,1,key,0,增设检测岗位,3
";

fn term_fixture() -> tempfile::TempDir {
    Folder::new(
        quiet_model().text(),
        &[("units.csv", TERM_UNITS), ("establishments.csv", TERM_LINES), ("pools.csv", TERM_POOLS), ("requests.csv", TERM_REQUESTS)],
    )
    .write()
}

#[test]
fn emergency_grants_of_year_one_return_in_full_at_year_three() {
    let dir = term_fixture();
    let (_out, path, doc) = solve_doc(dir.path(), 1, 3);
    let years = years_of(&doc, 3);
    assert_eq!((granted(&years[0].plan, "R1"), granted(&years[0].plan, "R2")), (2, 2));
    // A grant the plan makes is filled by hires: nothing unused returns after a year.
    assert!(returns(&years[1].plan).is_empty(), "year 2: {:?}", years[1].plan.moves);
    assert_eq!(granted(&years[1].plan, "Q2"), 1);
    let back = returns(&years[2].plan);
    assert_eq!(back.len(), 1, "only the emergency grant returns, R2's is permanent: {back:?}");
    let (grant, from, to, amount, rule) = &back[0];
    assert!(grant.contains("R1"), "the ledger's grant names its request: {grant}");
    assert_eq!((from.as_str(), to.as_str(), *amount, rule.as_str()), ("U1", "POOL-I", 2, "grants.expired"));
    // U1 holds the 2 hired on the grant and loses its quota: 12 on 10, so R3 is refused.
    assert_eq!(line(&years[2].plan, "U1", "institution"), (12, 10, 12, 12));
    assert_eq!(granted(&years[2].plan, "R3"), 0);
    assert_eq!(pool(&years[2].plan, "POOL-I"), (0, 2));
    verified(dir.path(), &path);
}

// ---------------------------------------------------------------------------------
// [attrition] rate: fractions carry, so a small line retires once in three years
// ---------------------------------------------------------------------------------

// At a rate of 0.1, U1's 4 staff give 0.4 a year: nobody in years 1 and 2, one in year
// 3 (1.2). U2 lists 2 a year, which replaces the rate. U3 has no staff.
const RATE_LINES: &str = "unit,type,quota,staff,retiring
U1,institution,5,4,
U2,institution,40,30,2
U3,institution,3,0,
";

const RATE_UNITS: &str = "id,name,parent,sector,level,kind
U1,市档案馆,,档案,市,institution
U2,市第一中学,,教育,市,institution
U3,市教育考试院,,考试,市,institution
";

const RATE_POOLS: &str = "id,name,type,available,sectors,per_unit_max
POOL-I,事业编制周转池,institution,3,*,0
";

// R4 shows U1's staff at the start of year 4.
const RATE_REQUESTS: &str = "id,unit,type,amount,tier,min,reason,year
R4,U1,institution,1,key,0,档案数字化,4
";

#[test]
fn an_attrition_rate_retires_a_small_line_once_in_three_years_by_carrying_the_fraction() {
    let model = quiet_model().set("attrition.rate", "0.1");
    let dir = Folder::new(
        model.text(),
        &[("units.csv", RATE_UNITS), ("establishments.csv", RATE_LINES), ("pools.csv", RATE_POOLS), ("requests.csv", RATE_REQUESTS)],
    )
    .write();
    let (_out, path, doc) = solve_doc(dir.path(), 1, 4);
    let years = years_of(&doc, 4);
    // Retired during years 1, 2, 3 (shown at the start of years 2, 3, 4): U2's listed 2
    // each year, and U1's one in year 3.
    assert_eq!(years.iter().map(|y| y.retired).collect::<Vec<_>>(), vec![0, 2, 2, 3]);
    assert_eq!(granted(&years[3].plan, "R4"), 1);
    assert_eq!(line(&years[3].plan, "U1", "institution"), (5, 6, 3, 3));
    verified(dir.path(), &path);

    // Without the rate nobody but U2 retires.
    let dir0 = Folder::new(
        quiet_model().text(),
        &[("units.csv", RATE_UNITS), ("establishments.csv", RATE_LINES), ("pools.csv", RATE_POOLS), ("requests.csv", RATE_REQUESTS)],
    )
    .write();
    let (_out0, _path0, doc0) = solve_doc(dir0.path(), 1, 4);
    assert_eq!(years_of(&doc0, 4).iter().map(|y| y.retired).collect::<Vec<_>>(), vec![0, 2, 2, 2]);
}

// ---------------------------------------------------------------------------------
// One year is unchanged by --years
// ---------------------------------------------------------------------------------

/// plans.json of `solve DIR [ARGS…]` as JSON, with the wall-clock seconds blanked.
fn solved_json(dir: &std::path::Path, args: &[&str]) -> (Value, Vec<u8>) {
    let (_out, path, mut value) = solve(dir, args);
    let bytes = std::fs::read(path).expect("plans.json");
    value["solver"]["seconds"] = Value::Null;
    (value, bytes)
}

/// The bytes of a plans.json with the `"seconds": …` line (the one timing field) cut out.
fn without_seconds(bytes: &[u8]) -> String {
    let text = String::from_utf8(bytes.to_vec()).expect("UTF-8");
    text.lines().filter(|l| !l.trim_start().starts_with("\"seconds\":")).collect::<Vec<_>>().join("\n")
}

#[test]
fn one_year_gives_the_plans_it_gave_before_and_more_years_only_add_years() {
    let gen = tempfile::tempdir().expect("temp dir");
    let dir = gen.path().join("city");
    bianzhi().args(["gen", "--units", "150", "--seed", "7", "-o"]).arg(&dir).assert().code(0);
    let (plain, plain_bytes) = solved_json(&dir, &["--plans", "3"]);
    let (one, one_bytes) = solved_json(&dir, &["--plans", "3", "--years", "1"]);
    assert!(plain.get("years").is_none(), "no `years` without --years");
    assert_eq!(without_seconds(&plain_bytes), without_seconds(&one_bytes), "--years 1 writes the same plans.json");
    assert_eq!(plain, one);
    let (mut two, _) = solved_json(&dir, &["--plans", "3", "--years", "2"]);
    let years = two.as_object_mut().expect("an object").remove("years").expect("--years 2 gives years");
    assert_eq!(two, plain, "apart from `years`, --years 2 writes the one-year document");
    let years = years.as_array().expect("a list");
    assert_eq!(years.len(), 2);
    let mut first = years[0].clone();
    for key in ["year", "start", "retired"] {
        first.as_object_mut().expect("an object").remove(key);
    }
    assert_eq!(first, plain["plans"][0], "year 1 is plan 1");
}

// ---------------------------------------------------------------------------------
// verify refuses tampered later years
// ---------------------------------------------------------------------------------

/// The term fixture solved over three years, as JSON.
fn term_solved() -> (tempfile::TempDir, tempfile::TempDir, std::path::PathBuf, Value) {
    let dir = term_fixture();
    let (out, path, doc) = solve_doc(dir.path(), 1, 3);
    let value = serde_json::to_value(&doc).expect("to JSON");
    (dir, out, path, value)
}

fn move_index(year: &Value, kind: &str) -> usize {
    year["moves"].as_array().expect("moves").iter().position(|m| m["kind"] == kind).unwrap_or_else(|| panic!("no {kind} move"))
}

#[test]
fn verify_refuses_a_year_two_grant_changed() {
    let (dir, _out, path, mut doc) = term_solved();
    let i = move_index(&doc["years"][1], "grant");
    // Q2 asked for 1.
    doc["years"][1]["moves"][i]["amount"] = Value::from(2);
    refused(dir.path(), &path, &doc, "grant.range");
}

#[test]
fn verify_refuses_a_year_three_return_removed() {
    let (dir, _out, path, mut doc) = term_solved();
    let i = move_index(&doc["years"][2], "return");
    doc["years"][2]["moves"].as_array_mut().expect("moves").remove(i);
    refused(dir.path(), &path, &doc, "grants.returns");
}

#[test]
fn verify_refuses_a_year_three_return_amount_changed() {
    let (dir, _out, path, mut doc) = term_solved();
    let i = move_index(&doc["years"][2], "return");
    doc["years"][2]["moves"][i]["amount"] = Value::from(1);
    refused(dir.path(), &path, &doc, "grants.returns");
}

// ---------------------------------------------------------------------------------
// [scenario] years is the default horizon; --years overrides it
// ---------------------------------------------------------------------------------

#[test]
fn the_scenarios_years_is_the_default_and_the_flag_overrides_it() {
    let dir = term_fixture();
    let manifest = dir.path().join("scenario.toml");
    let text = std::fs::read_to_string(&manifest).expect("scenario.toml");
    std::fs::write(&manifest, text.replacen("as_of = \"2025-06-30\"\n", "as_of = \"2025-06-30\"\nyears = 2\n", 1)).expect("write");
    let horizon = |args: &[&str]| {
        let (value, _) = solved_json(dir.path(), args);
        value.get("years").map(|y| y.as_array().expect("a list").len())
    };
    assert_eq!(horizon(&[]), Some(2), "[scenario] years = 2");
    assert_eq!(horizon(&["--years", "3"]), Some(3));
    assert_eq!(horizon(&["--years", "1"]), None, "--years 1 is the one-year plan");
}

// ---------------------------------------------------------------------------------
// A merged unit's listed retirements go on in its host
// ---------------------------------------------------------------------------------

// U2 (vanished, 3 staff, one of them retiring every year) merges into U1 in year 1; U1
// lists no retirements and the rate is 0, so whoever retires is U2's.
const MERGED_UNITS: &str = "id,name,parent,sector,level,kind,function
U1,市第一中学,,教育,市,institution,active
U2,市电化教育馆,,教育,市,institution,vanished
";

const MERGED_LINES: &str = "unit,type,quota,staff,retiring
U1,institution,30,30,
U2,institution,5,3,1
";

#[test]
fn a_merged_units_retirements_go_on_in_its_host_every_year() {
    let model = quiet_model().set("consolidation.max_merges", "5").set("consolidation.vanished_must_merge", "true");
    let dir = Folder::new(
        model.text(),
        &[("units.csv", MERGED_UNITS), ("establishments.csv", MERGED_LINES), ("pools.csv", TERM_POOLS)],
    )
    .write();
    let (_out, path, doc) = solve_doc(dir.path(), 1, 4);
    let years = years_of(&doc, 4);
    assert_eq!(of_kind(&years[0].plan, "merge").len(), 1, "{:?}", years[0].plan.moves);
    // `1` is every year's count: one retires in each of years 1, 2 and 3, now in U1.
    assert_eq!(years.iter().map(|y| y.retired).collect::<Vec<_>>(), vec![0, 1, 1, 1]);
    verified(dir.path(), &path);
}
