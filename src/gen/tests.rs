//! Tests of the generator: calibration, structure, determinism and the committed demo city.

use super::calibration::{LEDGER_MONTHS, PROJECT_TERM_MONTHS, RETIRE_RATE};
use super::draft::{TierKey, Ty};
use super::files::{GRANTS_HEADER, RETIRING_HEADER, YEAR_HEADER};
use super::name_data::PLACES;
use super::naming::{PlaceNames, Syllables, chinese_numeral};
use super::rng::Rng;
use super::{build, demo_city, demo_city_3y, demo_config, generate, Config, GenOptions, GeneratedScenario, AS_OF};
use crate::domain::{Date, Function, UnitKind};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

/// A parsed table: header → column index, rows of fields.
struct Table {
    columns: HashMap<String, usize>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn parse(text: &str) -> Table {
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let columns = r
            .headers()
            .unwrap()
            .iter()
            .enumerate()
            .map(|(i, h)| (h.to_string(), i))
            .collect();
        let rows = r
            .records()
            .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
            .collect();
        Table { columns, rows }
    }

    /// Field by the English or the Chinese header.
    fn get<'a>(&self, row: &'a [String], en: &str, zh: &str) -> &'a str {
        let i = self
            .columns
            .get(en)
            .or_else(|| self.columns.get(zh))
            .unwrap_or_else(|| panic!("no column {en}"));
        &row[*i]
    }
}

struct Unit {
    parent: String,
    sector: String,
    level: String,
    kind: String,
    function: String,
    leaders: Option<i64>,
}

/// Units by id and their lines (type, quota, staff), from the files.
struct Parsed {
    units: BTreeMap<String, Unit>,
    lines: BTreeMap<String, Vec<(String, i64, i64)>>,
    requests: Table,
    pools: Table,
}

fn parse(s: &GeneratedScenario) -> Parsed {
    let ut = Table::parse(s.file("units.csv").unwrap());
    let mut units = BTreeMap::new();
    for row in &ut.rows {
        let prev = units.insert(
            ut.get(row, "id", "单位代码").to_string(),
            Unit {
                parent: ut.get(row, "parent", "主管部门").to_string(),
                sector: ut.get(row, "sector", "系统").to_string(),
                level: ut.get(row, "level", "层级").to_string(),
                kind: ut.get(row, "kind", "单位类型").to_string(),
                function: ut.get(row, "function", "职能状态").to_string(),
                leaders: ut.get(row, "leaders", "实配领导").parse().ok(),
            },
        );
        assert!(prev.is_none(), "duplicate unit id");
    }
    let lt = Table::parse(s.file("establishments.csv").unwrap());
    let mut lines: BTreeMap<String, Vec<(String, i64, i64)>> = BTreeMap::new();
    for row in &lt.rows {
        lines
            .entry(lt.get(row, "unit", "单位代码").to_string())
            .or_default()
            .push((
                lt.get(row, "type", "编制类型").to_string(),
                lt.get(row, "quota", "核定编制数").parse().unwrap(),
                lt.get(row, "staff", "实有人数").parse().unwrap(),
            ));
    }
    Parsed {
        units,
        lines,
        requests: Table::parse(s.file("requests.csv").unwrap()),
        pools: Table::parse(s.file("pools.csv").unwrap()),
    }
}

fn is_institution(kind: &str) -> bool {
    kind == UnitKind::Institution.key() || kind == UnitKind::Institution.label()
}

fn is_vanished(function: &str) -> bool {
    function == Function::Vanished.key() || function == Function::Vanished.label()
}

impl Parsed {
    fn total_quota(&self, id: &str) -> i64 {
        self.lines
            .get(id)
            .map_or(0, |ls| ls.iter().map(|l| l.1).sum())
    }

    fn overstaffed(&self, id: &str) -> bool {
        self.lines
            .get(id)
            .is_some_and(|ls| ls.iter().any(|l| l.2 > l.1))
    }

    fn institutions(&self) -> impl Iterator<Item = (&String, &Unit)> {
        self.units.iter().filter(|(_, u)| is_institution(&u.kind))
    }

    /// Gross vacancy rate per sector: Σ max(0, q − s) / Σ q.
    fn vacancy_by_sector(&self) -> BTreeMap<String, f64> {
        let mut acc: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        for (id, u) in &self.units {
            for l in self.lines.get(id).into_iter().flatten() {
                let e = acc.entry(u.sector.clone()).or_default();
                e.0 += (l.1 - l.2).max(0);
                e.1 += l.1;
            }
        }
        acc.into_iter()
            .map(|(s, (v, q))| (s, v as f64 / q.max(1) as f64))
            .collect()
    }

    /// Vanished institutions without a sibling that could host their merge.
    fn vanished_without_host(&self) -> Vec<String> {
        let hostable: HashSet<(&str, &str, &str)> = self
            .institutions()
            .filter(|(id, u)| !is_vanished(&u.function) && !self.overstaffed(id))
            .map(|(_, u)| (u.parent.as_str(), u.sector.as_str(), u.level.as_str()))
            .collect();
        self.institutions()
            .filter(|(_, u)| is_vanished(&u.function))
            .filter(|(_, u)| {
                !hostable.contains(&(u.parent.as_str(), u.sector.as_str(), u.level.as_str()))
            })
            .map(|(id, _)| id.clone())
            .collect()
    }
}

fn options(units: usize, seed: u64) -> GenOptions {
    GenOptions {
        units,
        seed,
        chinese_headers: false,
        name: "测试".into(),
        regions: false,
        years: 1,
    }
}

#[test]
fn same_seed_gives_identical_files() {
    for units in [354, 3000] {
        assert_eq!(generate(&options(units, 7)), generate(&options(units, 7)));
        assert_ne!(generate(&options(units, 7)), generate(&options(units, 8)));
    }
    assert_eq!(demo_city(), demo_city());
}

#[test]
fn files_are_sorted_and_complete() {
    let generated = generate(&options(500, 1));
    let names: Vec<&str> = generated.files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "establishments.csv",
            "grants.csv",
            "model.toml",
            "pools.csv",
            "requests.csv",
            "scenario.toml",
            "units.csv"
        ]
    );
    let demo_files = demo_city();
    let demo: Vec<&str> = demo_files.files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        demo,
        [
            "establishments.csv",
            "grants.csv",
            "pools.csv",
            "requests.csv",
            "scenario.toml",
            "units.csv"
        ]
    );
    assert!(demo_city()
        .file("scenario.toml")
        .unwrap()
        .contains("model = \"baseline\""));
    for (_, text) in &demo_city().files {
        assert!(!text.contains('\r') && !text.starts_with('\u{feff}'));
    }
}

#[test]
fn demo_hits_the_small_unit_shares() {
    let p = parse(&demo_city());
    let quotas: Vec<i64> = p.institutions().map(|(id, _)| p.total_quota(id)).collect();
    let n = quotas.len() as f64;
    let le7 = quotas.iter().filter(|&&q| q <= 7).count() as f64 / n;
    let le5 = quotas.iter().filter(|&&q| q <= 5).count() as f64 / n;
    assert!(
        (280..=300).contains(&quotas.len()),
        "{} institutions",
        quotas.len()
    );
    assert!((le7 - 0.51).abs() <= 0.01, "≤7 share {le7}");
    assert!((le5 - 0.367).abs() <= 0.01, "≤5 share {le5}");
    let departments = p.units.values().filter(|u| u.parent.is_empty()).count();
    assert!(
        (58..=70).contains(&departments),
        "{departments} departments"
    );
    assert!(p.units.values().all(|u| u.level == "市"));
}

#[test]
fn demo_vacancy_sits_in_education_and_health() {
    let p = parse(&demo_city());
    let rates = p.vacancy_by_sector();
    assert!(rates.len() >= 12, "{} sectors", rates.len());
    for (sector, rate) in &rates {
        if sector == "教育" || sector == "卫健" {
            assert!(*rate > 0.10, "{sector} {rate}");
        } else {
            assert!(*rate < 0.08, "{sector} {rate}");
        }
    }
}

#[test]
fn demo_has_the_calibrated_oddities() {
    let p = parse(&demo_city());
    let n_inst = p.institutions().count();
    let over: Vec<&String> = p
        .institutions()
        .filter(|(id, _)| p.overstaffed(id))
        .map(|(id, _)| id)
        .collect();
    let share = over.len() as f64 / n_inst as f64;
    assert!((0.02..=0.06).contains(&share), "overstaffed share {share}");
    // Absorbing is possible for most: a same (type, sector, level) line has vacancy.
    let with_room = over
        .iter()
        .filter(|id| {
            let u = &p.units[**id];
            p.institutions().any(|(other, o)| {
                o.sector == u.sector
                    && o.level == u.level
                    && !p.overstaffed(other)
                    && p.lines[other].iter().any(|l| l.1 > l.2)
            })
        })
        .count();
    assert!(with_room * 2 >= over.len());
    let vanished = p
        .units
        .values()
        .filter(|u| is_vanished(&u.function))
        .count();
    assert!((3..=5).contains(&vanished), "{vanished} vanished");
    let shrinking = p.units.values().filter(|u| u.function == Function::Shrinking.label()).count();
    assert!((3..=10).contains(&shrinking), "{shrinking} shrinking");
    let top_heavy = p
        .units
        .iter()
        .filter(|(id, u)| u.leaders.is_some_and(|l| 2 * l > p.total_quota(id)))
        .count();
    assert!((2..=3).contains(&top_heavy), "{top_heavy} units 官多兵少");
    assert!(p
        .units
        .iter()
        .filter(|(_, u)| u.parent.is_empty())
        .all(|(_, u)| u.leaders.is_some()));
}

#[test]
fn demo_requests_cover_the_tiers() {
    let p = parse(&demo_city());
    let t = &p.requests;
    assert_eq!(t.rows.len(), 120);
    let count = |tier: &str| {
        t.rows
            .iter()
            .filter(|r| t.get(r, "tier", "保障类别") == tier)
            .count()
    };
    assert_eq!(
        (count("保重点"), count("保应急"), count("保运转")),
        (48, 30, 42)
    );
    let legal = t
        .rows
        .iter()
        .filter(|r| t.get(r, "type", "编制类型") == "政法专项编制")
        .count();
    assert_eq!(legal, 2);
    let from_overstaffed = t
        .rows
        .iter()
        .filter(|r| p.overstaffed(t.get(r, "unit", "单位代码")))
        .count();
    assert_eq!(from_overstaffed, 2);
    let small = t
        .rows
        .iter()
        .filter(|r| t.get(r, "amount", "申请数").parse::<i64>().unwrap() <= 8)
        .count();
    assert!(
        small * 4 >= t.rows.len() * 3,
        "{small} of 120 requests ask for 1–8"
    );
    // Demand exceeds what the pools can lend.
    let demand: i64 = t
        .rows
        .iter()
        .filter(|r| t.get(r, "type", "编制类型") == "事业编制")
        .map(|r| t.get(r, "amount", "申请数").parse::<i64>().unwrap())
        .sum();
    let pools = &p.pools;
    let available: i64 = pools
        .rows
        .iter()
        .filter(|r| pools.get(r, "type", "编制类型") == "事业编制")
        .map(|r| {
            pools.get(r, "capacity", "规模").parse::<i64>().unwrap()
                - pools.get(r, "used", "已使用").parse::<i64>().unwrap()
        })
        .sum();
    assert_eq!(available, 830 + 510 + 437);
    assert!(
        demand > available && demand < 2 * available,
        "demand {demand} vs {available}"
    );
}

#[test]
fn every_vanished_institution_has_a_host() {
    for s in [
        demo_city(),
        generate(&options(5000, 3)),
        generate(&options(354, 11)),
    ] {
        let p = parse(&s);
        assert!(p.units.values().any(|u| is_vanished(&u.function)));
        assert_eq!(p.vanished_without_host(), Vec::<String>::new());
        // And every vanished unit is small.
        for (id, u) in p.institutions() {
            if is_vanished(&u.function) {
                assert!(p.total_quota(id) <= 5);
            }
        }
    }
}

#[test]
fn ids_are_unique_and_references_resolve() {
    for s in [demo_city(), generate(&options(2500, 5))] {
        let p = parse(&s);
        for u in p.units.values() {
            if !u.parent.is_empty() {
                let parent = &p.units[&u.parent];
                assert!(parent.parent.is_empty(), "parents are top-level");
            }
        }
        assert_eq!(
            p.lines.keys().collect::<BTreeSet<_>>(),
            p.units.keys().collect::<BTreeSet<_>>()
        );
        let t = &p.requests;
        let ids: HashSet<&str> = t.rows.iter().map(|r| t.get(r, "id", "需求编号")).collect();
        assert_eq!(ids.len(), t.rows.len());
        for r in &t.rows {
            let unit = t.get(r, "unit", "单位代码");
            let ty = t.get(r, "type", "编制类型");
            assert!(
                p.lines[unit].iter().any(|l| l.0 == ty),
                "request for a line the unit holds"
            );
            let amount: i64 = t.get(r, "amount", "申请数").parse().unwrap();
            let min: i64 = t.get(r, "min", "最低数").parse().unwrap();
            assert!(amount >= 1 && (0..=amount).contains(&min));
        }
        let pool_ids: HashSet<&str> = p
            .pools
            .rows
            .iter()
            .map(|r| p.pools.get(r, "id", "池代码"))
            .collect();
        assert_eq!(pool_ids.len(), 4);
    }
}

#[test]
fn generated_model_parses_and_names_the_pools() {
    let s = generate(&options(1200, 2));
    let policy =
        crate::policy::Policy::parse(s.file("model.toml").unwrap(), "model.toml").unwrap();
    assert_eq!(policy.into_pool("institution"), Some("POOL-MUNI"));
    // The model's labels are the ones the tables use.
    for ty in Ty::ALL {
        assert_eq!(policy.types.get(ty.key()).map(String::as_str), Some(ty.label()));
    }
    for tier in TierKey::ALL {
        let t = &policy.tiers[tier.key()];
        assert_eq!((t.label.as_str(), t.weight), (tier.label(), tier.weight() as f64));
    }
    assert!(policy.reserve_of("POOL-MUNI") >= 1);
    let p = parse(&s);
    let levels: BTreeSet<&str> = p.units.values().map(|u| u.level.as_str()).collect();
    assert_eq!(levels, BTreeSet::from(["乡", "县", "市"]));
    // 3% of units request.
    assert_eq!(p.requests.rows.len(), 36);
}

#[test]
fn fifty_thousand_units() {
    let s = generate(&options(50_000, 42));
    let units = s.file("units.csv").unwrap();
    assert_eq!(units.lines().count(), 50_001);
    assert!(units.contains("U050000,"));
    let p = parse(&s);
    let quotas: Vec<i64> = p.institutions().map(|(id, _)| p.total_quota(id)).collect();
    let le5 = quotas.iter().filter(|&&q| q <= 5).count() as f64 / quotas.len() as f64;
    assert!((le5 - 0.367).abs() < 0.005);
    assert!(p.vanished_without_host().is_empty());
    assert_eq!(p.requests.rows.len(), 1500);
}

#[test]
fn tiny_scenarios_do_not_panic() {
    for n in [0, 1, 2, 5, 13, 40, 599, 600, 601] {
        let s = generate(&options(n, 9));
        assert_eq!(
            s.file("units.csv").unwrap().lines().count(),
            n + 1,
            "{n} units"
        );
    }
}

#[test]
fn chinese_numerals() {
    let cases = [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (21, "二十一"),
        (101, "一百零一"),
        (110, "一百一十"),
    ];
    for (n, text) in cases {
        assert_eq!(chinese_numeral(n), text);
    }
}

/// The committed `scenarios/demo-city/` is exactly what `demo_city()` produces: the same
/// files, and no others. The files on disk are compared before anything is written: with `BIANZHI_WRITE_DEMO=1`
/// the stale ones are rewritten and the test still fails, naming them, so a run that
/// regenerates never passes as a check (review `git diff scenarios/demo-city`, run again).
#[test]
fn committed_demo_city_matches_generator() {
    check_committed("demo-city", &demo_city());
}

/// The same for `scenarios/demo-city-3y/` and `demo_city_3y()`.
#[test]
fn committed_demo_city_3y_matches_generator() {
    check_committed("demo-city-3y", &demo_city_3y());
}

fn check_committed(folder: &str, generated: &GeneratedScenario) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(folder);
    let (stale, extra) = committed_differences(&dir, generated);
    let names: Vec<&str> = stale.iter().map(|(n, _)| n.as_str()).collect();
    let write = std::env::var_os("BIANZHI_WRITE_DEMO").is_some();
    if write {
        std::fs::create_dir_all(&dir).unwrap();
        for (name, contents) in &stale {
            std::fs::write(dir.join(name), contents).unwrap();
        }
    }
    assert!(extra.is_empty(), "scenarios/{folder}: {extra:?} are not made by the generator; remove them (git rm)");
    assert!(
        stale.is_empty(),
        "scenarios/{folder}: {names:?} differ from the generator; {}",
        if write { "rewritten now: review the diff and run again" } else { "regenerate with BIANZHI_WRITE_DEMO=1" }
    );
}

/// The generated files that `dir` lacks or holds otherwise, and the names in `dir` the
/// generator does not make (sorted). An extra file would ship with the demo though
/// nothing checks it: the folder holds exactly the generator's files.
fn committed_differences<'g>(dir: &Path, generated: &'g GeneratedScenario) -> (Vec<&'g (String, String)>, Vec<String>) {
    let stale = generated
        .files
        .iter()
        .filter(|(name, contents)| std::fs::read_to_string(dir.join(name)).ok().as_ref() != Some(contents))
        .collect();
    let mut extra: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| entries.map(|e| e.expect("a readable folder entry").file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    extra.retain(|name| generated.file(name).is_none());
    extra.sort();
    (stale, extra)
}

#[test]
fn a_file_beside_the_demo_citys_files_is_noticed() {
    let demo = demo_city();
    let dir = tempfile::tempdir().unwrap();
    demo.write_to(dir.path()).unwrap();
    let (stale, extra) = committed_differences(dir.path(), &demo);
    assert!(stale.is_empty() && extra.is_empty(), "{stale:?} {extra:?}");
    std::fs::write(dir.path().join("units-old.csv"), "id\n").unwrap();
    std::fs::create_dir(dir.path().join("backup")).unwrap();
    let (stale, extra) = committed_differences(dir.path(), &demo);
    assert!(stale.is_empty(), "{stale:?}");
    assert_eq!(extra, ["backup", "units-old.csv"]);
}

// ---------------------------------------------------------------------------------
// The ledger
// ---------------------------------------------------------------------------------

/// One row of `grants.csv`.
struct GrantRow {
    pool: String,
    unit: String,
    ty: String,
    amount: i64,
    used: i64,
    granted_on: Date,
    tier: String,
    term_months: Option<i64>,
}

fn grant_rows(s: &GeneratedScenario) -> Vec<GrantRow> {
    let t = Table::parse(s.file("grants.csv").expect("a ledger"));
    t.rows
        .iter()
        .map(|r| GrantRow {
            pool: t.get(r, "pool", "池代码").to_string(),
            unit: t.get(r, "unit", "单位代码").to_string(),
            ty: t.get(r, "type", "编制类型").to_string(),
            amount: t.get(r, "amount", "调剂数").parse().unwrap(),
            used: t.get(r, "used", "已使用").parse().unwrap(),
            granted_on: Date::parse(t.get(r, "granted_on", "调剂日期")).expect("a date"),
            tier: t.get(r, "tier", "保障类别").to_string(),
            term_months: t.get(r, "term_months", "使用期限").parse().ok(),
        })
        .collect()
}

fn regional(units: usize, seed: u64) -> GenOptions {
    GenOptions { regions: true, ..options(units, seed) }
}

/// The scenarios the ledger tests look at: the demo, plain and regional ones, tiny ones.
fn ledger_cases() -> Vec<GeneratedScenario> {
    vec![demo_city(), generate(&options(2500, 5)), generate(&regional(5000, 4)), generate(&options(354, 11)), generate(&regional(40, 3))]
}

#[test]
fn every_pools_ledger_adds_up_to_its_used() {
    for s in ledger_cases() {
        let p = parse(&s);
        let mut lent: BTreeMap<String, i64> = BTreeMap::new();
        for g in grant_rows(&s) {
            *lent.entry(g.pool).or_default() += g.amount;
        }
        let pools = &p.pools;
        for r in &pools.rows {
            let id = pools.get(r, "id", "池代码");
            let used: i64 = pools.get(r, "used", "已使用").parse().unwrap();
            assert_eq!(lent.get(id).copied().unwrap_or(0), used, "pool {id}");
        }
    }
    let demo = grant_rows(&demo_city());
    let lent = |pool: &str| demo.iter().filter(|g| g.pool == pool).map(|g| g.amount).sum::<i64>();
    assert_eq!([lent("POOL-EDU"), lent("POOL-TALENT"), lent("POOL-MUNI"), lent("POOL-ADMIN")], [670, 490, 163, 31]);
}

/// Every grant is where its pool may lend and inside a line that holds it: Σ grants ≤
/// quota, the used parts staffed and the unused parts vacant, dated in the 36 months
/// before `as_of`.
#[test]
fn grants_sit_in_lines_that_hold_them() {
    let as_of = Date::parse(AS_OF).unwrap();
    for s in ledger_cases() {
        let p = parse(&s);
        let ut = Table::parse(s.file("units.csv").unwrap());
        let region_of: HashMap<&str, &str> =
            ut.rows.iter().map(|r| (ut.get(r, "id", "单位代码"), ut.columns.get("region").or(ut.columns.get("地区")).map_or("", |&i| r[i].as_str()))).collect();
        let pools = &p.pools;
        let pool_of: HashMap<&str, &Vec<String>> = pools.rows.iter().map(|r| (pools.get(r, "id", "池代码"), r)).collect();
        let mut held: BTreeMap<(&str, &str), (i64, i64)> = BTreeMap::new();
        let grants = grant_rows(&s);
        assert!(!grants.is_empty());
        for g in &grants {
            let pool = pool_of[g.pool.as_str()];
            let unit = &p.units[&g.unit];
            let sectors = pools.get(pool, "sectors", "适用系统");
            assert!(sectors == "*" || sectors == unit.sector, "{} lends to {}", g.pool, unit.sector);
            let pool_region = pools.columns.get("region").or(pools.columns.get("地区")).map_or("", |&i| pool[i].as_str());
            assert!(pool_region.is_empty() || pool_region == region_of[g.unit.as_str()], "{} outside its region", g.pool);
            assert_eq!(g.ty, pools.get(pool, "type", "编制类型"));
            assert!(unit.function == Function::Active.key() || unit.function == Function::Active.label());
            assert!(g.amount >= 1 && (0..=g.amount).contains(&g.used));
            assert!(g.granted_on <= as_of && g.granted_on.months_until(as_of) < LEDGER_MONTHS, "{}", g.granted_on);
            let e = held.entry((g.unit.as_str(), g.ty.as_str())).or_default();
            e.0 += g.used;
            e.1 += g.amount - g.used;
        }
        for ((unit, ty), (used, unused)) in held {
            let (_, quota, staff) = p.lines[unit].iter().find(|l| l.0 == ty).expect("a line of the type");
            assert!(used <= *staff && unused <= quota - staff, "{unit} {ty}: {used} used, {unused} unused, {quota} quota, {staff} staff");
        }
    }
}

/// Writes `s` (and, for a variant reading `../demo-city/`, the demo beside it) to a
/// temporary folder and validates it.
fn validated(s: &GeneratedScenario) -> (tempfile::TempDir, crate::Loaded) {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("scenario");
    s.write_to(&dir).unwrap();
    if s.file("scenario.toml").unwrap().contains("../demo-city/") {
        demo_city().write_to(&root.path().join("demo-city")).unwrap();
    }
    let loaded = crate::read_scenario(&dir, None).and_then(|r| r.validate());
    let loaded = loaded.unwrap_or_else(|issues| panic!("{:?}", &issues[..issues.len().min(3)]));
    (root, loaded)
}

/// At `as_of` the demo's ledger returns unused parts a year old and a few expired
/// 保应急 grants, each unused part in full (it is vacancy); a few more terms end within
/// the coming year; most grants are filled.
#[test]
fn demo_ledger_falls_due_as_calibrated() {
    let (_dir, l) = validated(&demo_city());
    let (s, policy) = (&l.scenario, &l.policy);
    assert!(s.grants.len() > 100, "{} grants", s.grants.len());
    let due = crate::horizon::ledger::returns_due(s, policy, s.date().unwrap());
    let unused: Vec<_> = due.iter().filter(|d| d.rule == crate::rules::Rule::LedgerUnused).collect();
    let expired: Vec<_> = due.iter().filter(|d| d.rule == crate::rules::Rule::LedgerExpired).collect();
    assert!(unused.len() >= 15 && unused.iter().map(|d| d.amount).sum::<i64>() >= 30, "{} unused returns", unused.len());
    assert!((1..=6).contains(&expired.len()), "{} expired", expired.len());
    let grant = |id: &str| s.grants.iter().find(|g| g.id == id).unwrap();
    assert!(expired.iter().all(|d| grant(&d.grant).tier == "emergency"));
    assert!(unused.iter().all(|d| d.amount == grant(&d.grant).unused()), "an unused part is vacancy and returns in full");
    let date = s.date().unwrap();
    let ending_soon = s
        .grants
        .iter()
        .filter(|g| policy.grants.term_of(g.term_months, &g.tier).is_some_and(|t| (t - 12..t).contains(&g.granted_on.months_until(date))))
        .count();
    assert!((3..=30).contains(&ending_soon), "{ending_soon} terms end within the year");
    let (used, lent): (i64, i64) = s.grants.iter().fold((0, 0), |(u, a), g| (u + g.used, a + g.amount));
    let mostly = s.grants.iter().filter(|g| 2 * g.used >= g.amount).count();
    assert!(used * 100 >= 85 * lent && mostly * 10 >= 8 * s.grants.len(), "{used} of {lent} used");
    // Explicit terms (使用期限) are there, and none has ended yet.
    let explicit: Vec<_> = grant_rows(&demo_city()).into_iter().filter(|g| g.term_months.is_some()).collect();
    assert!(!explicit.is_empty() && explicit.iter().all(|g| g.tier == "保重点" && g.granted_on.months_until(date) < PROJECT_TERM_MONTHS));
}

#[test]
fn the_ledger_is_deterministic_and_its_own_stream() {
    let a = generate(&options(3000, 7));
    assert_eq!(a.file("grants.csv"), generate(&options(3000, 7)).file("grants.csv"));
    assert_ne!(a.file("grants.csv"), generate(&options(3000, 8)).file("grants.csv"));
    // Drawing the ledger leaves every other phase's draws alone: the other tables are
    // those of a build without it (pinned by the committed demo city, whose tables
    // predate the ledger), and the ledger's header is the loader's.
    let header = demo_city().file("grants.csv").unwrap().lines().next().unwrap().to_string();
    assert_eq!(header, "调剂编号,池代码,单位代码,编制类型,调剂数,已使用,调剂日期,保障类别,使用期限");
    // Every header the generator adds is the loader's name or one of its aliases.
    let spec = |t: &crate::load::TableSpec, name: &str| t.columns.iter().find(|c| c.name == name).copied().unwrap();
    let mut added: Vec<(crate::load::TableSpec, &str, &str)> = Vec::new();
    for (en, zh) in GRANTS_HEADER[0].iter().zip(GRANTS_HEADER[1]) {
        added.push((crate::load::SPEC_GRANTS, en, zh));
    }
    added.push((crate::load::SPEC_ESTABLISHMENTS, RETIRING_HEADER[0], RETIRING_HEADER[1]));
    added.push((crate::load::SPEC_REQUESTS, YEAR_HEADER[0], YEAR_HEADER[1]));
    for (table, en, zh) in added {
        assert!(spec(&table, en).aliases.contains(&zh), "{en} / {zh}");
    }
}

#[test]
fn fifty_thousand_regional_units_over_three_years_validate() {
    let s = generate(&GenOptions { years: 3, ..regional(50_000, 1) });
    let (_dir, l) = validated(&s);
    assert_eq!(l.scenario.units.len(), 50_000);
    let pools = l.scenario.pools.len();
    let lenders: BTreeSet<&str> = l.scenario.grants.iter().map(|g| g.pool.as_str()).collect();
    assert!(lenders.len() * 10 >= pools * 9, "{} of {pools} pools have lent", lenders.len());
    assert_eq!(l.manifest.years, Some(3));
    assert!(l.scenario.requests.iter().all(|r| (1..=3).contains(&r.year())));
}

// ---------------------------------------------------------------------------------
// Several years
// ---------------------------------------------------------------------------------

/// Drops the last field of every CSV line (a column the files add at the end).
fn without_last_column(csv: &str) -> String {
    let t = Table::parse(csv);
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    let mut header: Vec<(&String, &usize)> = t.columns.iter().collect();
    header.sort_by_key(|(_, &i)| i);
    header.pop();
    w.write_record(header.iter().map(|(h, _)| h.as_str())).unwrap();
    for r in &t.rows {
        w.write_record(&r[..r.len() - 1]).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[test]
fn years_add_their_columns_and_change_nothing_else() {
    for chinese in [false, true] {
        let one = generate(&GenOptions { chinese_headers: chinese, ..options(1200, 2) });
        let three = generate(&GenOptions { chinese_headers: chinese, years: 3, ..options(1200, 2) });
        for name in ["units.csv", "pools.csv", "grants.csv"] {
            assert_eq!(one.file(name), three.file(name), "{name}");
        }
        for name in ["establishments.csv", "requests.csv"] {
            assert_eq!(one.file(name).unwrap(), without_last_column(three.file(name).unwrap()), "{name}");
        }
        let toml = three.file("scenario.toml").unwrap();
        assert_eq!(one.file("scenario.toml").unwrap(), toml.replace("years = 3\n", ""));
        let model = three.file("model.toml").unwrap();
        assert!(model.starts_with(one.file("model.toml").unwrap()));
        let policy = crate::policy::Policy::parse(model, "model.toml").unwrap();
        assert_eq!(policy.attrition.basis_points(), 300);
        // One-year files have neither column nor rate.
        assert!(!one.file("model.toml").unwrap().contains("[attrition]"));
        let (year, retiring) = if chinese { ("年度", "退休人数") } else { ("year", "retiring") };
        assert!(!one.file("requests.csv").unwrap().lines().next().unwrap().contains(year));
        assert!(!one.file("establishments.csv").unwrap().lines().next().unwrap().contains(retiring));
    }
}

#[test]
fn requests_spread_over_the_years_and_lines_list_retirements() {
    let s = generate(&GenOptions { years: 3, ..options(5000, 3) });
    let (_dir, l) = validated(&s);
    let mut per_year = [0usize; 3];
    for r in &l.scenario.requests {
        per_year[r.year() - 1] += 1;
    }
    let n = l.scenario.requests.len();
    assert!(per_year.iter().all(|&k| k == n / 3 || k == n.div_ceil(3)), "{per_year:?}");
    let listed: Vec<_> = l.scenario.lines.iter().filter(|l| !l.retiring.is_empty()).collect();
    assert!(listed.iter().all(|l| l.retiring.len() == 3 && l.retiring.iter().sum::<i64>() <= l.staff));
    assert!(l.scenario.lines.iter().filter(|l| l.staff > l.quota).all(|l| !l.retiring.is_empty()), "overstaffed lines list theirs");
    assert!(listed.len() * 5 > l.scenario.lines.len() && listed.len() * 5 < 4 * l.scenario.lines.len(), "{} listed", listed.len());
    // About RETIRE_RATE of the listed lines' staff a year.
    let (retiring, staff) = listed.iter().fold((0, 0), |(r, s), l| (r + l.retiring.iter().sum::<i64>(), s + l.staff));
    let rate = retiring as f64 / (3.0 * staff as f64);
    assert!((rate - RETIRE_RATE).abs() < 0.005, "rate {rate}");
}

/// `scenarios/demo-city-3y` is the demo city over three years: the same units, pools and
/// ledger (it reads them from `../demo-city/`), the same requests with years and the
/// same lines with retirements.
#[test]
fn demo_city_3y_is_the_demo_over_three_years() {
    let three = demo_city_3y();
    let names: Vec<&str> = three.files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["establishments.csv", "requests.csv", "scenario.toml"]);
    let whole = build(&demo_config(3));
    let demo = demo_city();
    for name in ["units.csv", "pools.csv", "grants.csv"] {
        assert_eq!(whole.file(name), demo.file(name), "{name}");
    }
    for name in ["establishments.csv", "requests.csv"] {
        assert_eq!(three.file(name), whole.file(name));
        assert_eq!(demo.file(name).unwrap(), without_last_column(three.file(name).unwrap()), "{name}");
    }
    let (_dir, l) = validated(&three);
    assert_eq!(l.manifest.years, Some(3));
    assert_eq!(l.scenario.grants.len(), grant_rows(&demo).len());
    assert_eq!(l.policy.name, "baseline");
}

#[test]
fn place_names_never_repeat() {
    // The catalog's table: 1,600 two-syllable names, then three-syllable ones.
    let mut names = PlaceNames::new(&PLACES, &mut Rng::stream(1, "test"));
    let drawn: Vec<String> = (0..5000).map(|_| names.next()).collect();
    assert!(drawn[..1600].iter().all(|n| n.chars().count() == 2));
    assert!(drawn[1600..].iter().all(|n| n.chars().count() == 3));
    assert_eq!(drawn.iter().collect::<HashSet<_>>().len(), drawn.len());
    // A table of four two-syllable names: 4 + 8 + 16 + … names of growing length.
    let mut names = PlaceNames::new(&TINY_PLACES, &mut Rng::stream(2, "test"));
    let drawn: Vec<String> = (0..500).map(|_| names.next()).collect();
    assert_eq!(drawn.iter().collect::<HashSet<_>>().len(), drawn.len());
    let lengths: Vec<usize> = drawn.iter().map(|n| n.chars().count()).collect();
    assert_eq!(&lengths[..14], &[2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4]);
    assert_eq!(lengths[499], 8);
}

/// Two syllables of each kind: four two-syllable names, so every level of a generated
/// province runs out of short names at once.
static TINY_PLACES: Syllables = Syllables { first: &["金", "青"], second: &["林", "河"] };

/// Region names of a scenario in `units.csv` order, and (region, unit name) pairs.
fn regions_and_names(s: &GeneratedScenario) -> (Vec<String>, Vec<(String, String)>) {
    let t = Table::parse(s.file("units.csv").unwrap());
    let pairs: Vec<(String, String)> =
        t.rows.iter().map(|r| (t.get(r, "region", "地区").to_string(), t.get(r, "name", "单位名称").to_string())).collect();
    let mut blocks: Vec<String> = Vec::new();
    for (region, _) in &pairs {
        if blocks.last() != Some(region) {
            blocks.push(region.clone());
        }
    }
    (blocks, pairs)
}

/// Regression: at 500,000 units county names repeated (two 金林县, each with a collecting
/// pool) and the scenario did not validate. With a syllable table that yields four
/// two-syllable names, a 5,000-unit city needs names of up to five syllables for its
/// counties and towns; the scenario validates and every region name is distinct.
#[test]
fn region_names_are_unique_when_short_names_run_out() {
    let mut cfg = Config::generated(&GenOptions { units: 5000, seed: 4, regions: true, ..GenOptions::default() });
    cfg.places = &TINY_PLACES;
    let s = build(&cfg);
    let (blocks, pairs) = regions_and_names(&s);
    assert!(blocks.len() > 16, "{} regions", blocks.len());
    assert_eq!(blocks.iter().collect::<HashSet<_>>().len(), blocks.len(), "a region name repeats");
    for b in &blocks {
        let parts: Vec<&str> = b.split('/').collect();
        assert!(parts.len() == 3 && parts[0].ends_with('省') && parts[1].ends_with('市'), "{b}");
        assert!(parts[2] == "市本级" || parts[2].ends_with('县'), "{b}");
    }
    assert!(blocks.iter().any(|b| b.chars().count() > "金林省/金林市/金林县".chars().count()), "long names were needed");
    // Unit names are distinct inside each region (an office's register).
    assert_eq!(pairs.iter().collect::<HashSet<_>>().len(), pairs.len(), "a unit name repeats in a region");
    let dir = tempfile::tempdir().unwrap();
    s.write_to(dir.path()).unwrap();
    let loaded = crate::read_scenario(dir.path(), None).and_then(|r| r.validate());
    let loaded = loaded.unwrap_or_else(|issues| panic!("{:?}", &issues[..issues.len().min(3)]));
    let ids: HashSet<&str> = loaded.scenario.pools.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids.len(), 4 * blocks.len());
    assert!(loaded.scenario.pools.iter().filter(|p| p.collects).count() == 2 * blocks.len());
}

/// Past 11 cities a scenario is several provinces; their paths stay distinct although
/// city and county names repeat from one province to the next.
#[test]
fn region_paths_are_unique_across_provinces() {
    let mut cfg = Config::generated(&GenOptions { units: 50_000, seed: 6, regions: true, ..GenOptions::default() });
    cfg.places = &TINY_PLACES;
    let (blocks, pairs) = regions_and_names(&build(&cfg));
    let provinces: BTreeSet<&str> = blocks.iter().map(|b| b.split('/').next().unwrap()).collect();
    assert_eq!(provinces.len(), 2);
    assert_eq!(blocks.iter().collect::<HashSet<_>>().len(), blocks.len());
    assert_eq!(pairs.iter().collect::<HashSet<_>>().len(), pairs.len());
    let cities = blocks.iter().filter(|b| b.ends_with("/市本级")).count();
    assert_eq!(cities, 13);
}

#[test]
fn small_regional_scenarios_are_one_province() {
    for units in [354, 1200] {
        let (blocks, _) = regions_and_names(&generate(&GenOptions { units, seed: 1, regions: true, ..GenOptions::default() }));
        let provinces: BTreeSet<&str> = blocks.iter().map(|b| b.split('/').next().unwrap()).collect();
        assert_eq!(provinces.len(), 1, "{blocks:?}");
        assert!(blocks[0].ends_with("/市本级"), "{blocks:?}");
        if units < 600 {
            assert_eq!(blocks.len(), 1);
        } else {
            assert!(blocks[1..].iter().all(|b| b.ends_with('县')), "{blocks:?}");
        }
    }
}
