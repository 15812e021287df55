//! The small scenarios verify's tests break one rule at a time: a one-round scenario
//! with a valid plan of one move of each kind ([`scenario`], [`valid_moves`]), its
//! regional variant, and a three-year scenario with a ledger ([`years_scenario`]).

use super::{evaluate, verify_doc, verify_plan, Violation};
use crate::domain::{
    Date, DiverseRef, Function, Grant, Line, ModelRef, Move, Plan, PlansDoc, Pool, Request, RequestOutcome, Scenario, ScenarioRef,
    Sectors, SolverRef, Unit, UnitKind, PLANS_FORMAT,
};
use crate::policy::Policy;
use crate::rules::Rule;

const MODEL: &str = r#"
[model]
name = "t"
[types]
admin = "行政编制"
institution = "事业编制"
[tiers]
key = { label = "保重点", weight = 100 }
operations = { label = "保运转", weight = 20 }
[reclaim]
keep_vacant = 1
max_share = 1.0
into = { institution = "POOL-I", admin = "POOL-A" }
[consolidation]
max_quota = 5
kinds = ["institution"]
same_parent = true
same_sector = true
max_merges = 5
vanished_must_merge = true
[reserve]
min_available = { POOL-I = 2 }
[weights]
reclaimed = 0.5
released = 0.25
donor_units = -1.0
merges = 2.0
absorbed = 5.0
staff_moved = -0.5
"#;

pub(crate) fn policy() -> Policy {
    Policy::parse(MODEL, "m.toml").unwrap()
}

pub(crate) fn unit(id: &str, parent: Option<&str>, kind: UnitKind) -> Unit {
    Unit {
        id: id.into(),
        name: format!("unit {id}"),
        parent: parent.map(String::from),
        sector: "edu".into(),
        level: "city".into(),
        kind,
        function: Function::Active,
        protected: false,
        leader_posts: None,
        leaders: None,
        region: String::new(),
    }
}

pub(crate) fn line(unit: &str, quota: i64, staff: i64) -> Line {
    Line { unit: unit.into(), ty: "institution".into(), quota, staff, retiring: Vec::new() }
}

pub(crate) fn pool(id: &str, ty: &str, available: i64, sectors: Sectors, per_unit_max: i64) -> Pool {
    Pool { id: id.into(), name: id.into(), ty: ty.into(), available, sectors, per_unit_max, region: String::new(), collects: false }
}

pub(crate) fn request(id: &str, unit: &str, amount: i64, tier: &str, min: i64) -> Request {
    Request {
        id: id.into(),
        unit: unit.into(),
        ty: "institution".into(),
        amount,
        tier: tier.into(),
        min,
        reason: String::new(),
        year: None,
    }
}

/// U1 donor (v 5), U2 small vanished (merges into U3), U4 overstaffed by 2, U5 takes
/// absorbed staff, U6 requests 3 (min 2), U7 has one vacancy, PR protected, BIG not
/// small, X small under another parent.
pub(crate) fn scenario() -> Scenario {
    let inst = UnitKind::Institution;
    let p = Some("P");
    let mut units = vec![
        unit("BIG", p, inst),
        unit("P", None, UnitKind::Admin),
        unit("P2", None, UnitKind::Admin),
        unit("PR", p, inst),
        unit("U1", p, inst),
        unit("U2", p, inst),
        unit("U3", p, inst),
        unit("U4", p, inst),
        unit("U5", p, inst),
        unit("U6", p, inst),
        unit("U7", p, inst),
        unit("X", Some("P2"), inst),
    ];
    units.iter_mut().find(|u| u.id == "U2").unwrap().function = Function::Vanished;
    units.iter_mut().find(|u| u.id == "PR").unwrap().protected = true;
    Scenario {
        name: "test".into(),
        as_of: "2025-06-30".into(),
        units,
        lines: vec![
            line("BIG", 12, 12),
            line("PR", 10, 2),
            line("U1", 10, 5),
            line("U2", 3, 2),
            line("U3", 20, 15),
            line("U4", 6, 8),
            line("U5", 10, 6),
            line("U6", 8, 8),
            line("U7", 9, 8),
            line("X", 2, 2),
        ],
        pools: vec![
            pool("POOL-A", "admin", 0, Sectors::All, 0),
            pool("POOL-E", "institution", 10, Sectors::Only(vec!["edu".into()]), 2),
            pool("POOL-I", "institution", 3, Sectors::All, 0),
        ],
        requests: vec![request("R1", "U6", 3, "key", 2), request("R2", "U4", 1, "operations", 0)],
        grants: Vec::new(),
        digest: "sha256:scenario".into(),
    }
}

pub(crate) fn reclaim(from: &str, amount: i64) -> Move {
    Move::Reclaim {
        ty: "institution".into(),
        from: from.into(),
        to: "POOL-I".into(),
        amount,
        rule: "reclaim".into(),
        reason: String::new(),
    }
}

pub(crate) fn merge(from: &str, to: &str, staff: i64, released: i64) -> Move {
    Move::Merge {
        from: from.into(),
        to: to.into(),
        staff,
        released,
        rule: "consolidation.small".into(),
        reason: String::new(),
    }
}

pub(crate) fn absorb(from: &str, to: &str, amount: i64) -> Move {
    Move::Absorb {
        ty: "institution".into(),
        from: from.into(),
        to: to.into(),
        amount,
        rule: "absorb".into(),
        reason: String::new(),
    }
}

pub(crate) fn grant(pool: &str, to: &str, request: &str, amount: i64) -> Move {
    Move::Grant {
        ty: "institution".into(),
        from: pool.into(),
        to: to.into(),
        request: request.into(),
        amount,
        rule: "grant.key".into(),
        reason: String::new(),
    }
}

/// One move of each kind, every rule kept.
pub(crate) fn valid_moves() -> Vec<Move> {
    vec![reclaim("U1", 4), merge("U2", "U3", 2, 1), absorb("U4", "U5", 2), grant("POOL-I", "U6", "R1", 3)]
}

/// The plan a correct optimizer would report for `moves`.
pub(crate) fn plan_for(moves: Vec<Move>) -> Plan {
    let evaluation = evaluate(&scenario(), &policy(), &moves);
    let s = scenario();
    Plan {
        rank: 2,
        objective: evaluation.objective,
        terms: evaluation.terms.clone(),
        moves,
        units: evaluation.units.clone(),
        pools: evaluation.pools.clone(),
        requests: s
            .requests
            .iter()
            .map(|r| RequestOutcome {
                request: r.id.clone(),
                amount: r.amount,
                granted: evaluation.granted[&r.id],
                why_not: None,
            })
            .collect(),
        differences: Vec::new(),
        status: None,
        gap: None,
        objective_gap_to_best: 0.0,
        distance: Vec::new(),
        distance_bound: None,
    }
}

pub(crate) fn rules_of(violations: &[Violation]) -> Vec<&str> {
    violations.iter().map(|v| v.rule.as_str()).collect()
}

/// Asserts that `moves` break `rule` (and shows every violation when not).
pub(crate) fn check_breaks(moves: Vec<Move>, rule: &str) {
    let evaluation = evaluate(&scenario(), &policy(), &moves);
    assert!(
        rules_of(&evaluation.violations).contains(&rule),
        "expected {rule}, got {:#?}",
        evaluation.violations
    );
}

/// The valid moves with the one at `index` replaced.
pub(crate) fn valid_with(index: usize, replacement: Move) -> Vec<Move> {
    let mut moves = valid_moves();
    moves[index] = replacement;
    moves
}

/// The test scenario with every unit in region 北县 except `others` (in 南县), and
/// POOL-I a 北县 pool that collects; POOL-S a 南县 pool that collects.
pub(crate) fn regional(others: &[&str]) -> Scenario {
    let mut s = scenario();
    for u in &mut s.units {
        u.region = if others.contains(&u.id.as_str()) { "南县" } else { "北县" }.into();
    }
    for p in &mut s.pools {
        if p.id == "POOL-I" {
            p.region = "北县".into();
            p.collects = true;
        }
    }
    let mut south = pool("POOL-S", "institution", 5, Sectors::All, 0);
    south.region = "南县".into();
    south.collects = true;
    s.pools.push(south);
    s
}











const YEARS_MODEL: &str = r#"
[model]
name = "y"
[types]
institution = "事业编制"
[tiers]
key = { label = "保重点", weight = 100 }
emergency = { label = "保应急", weight = 60 }
[reclaim]
keep_vacant = 1
max_share = 1.0
into = { institution = "POOL-I" }
[consolidation]
max_quota = 5
kinds = ["institution"]
same_parent = true
same_sector = true
max_merges = 5
vanished_must_merge = true
[attrition]
rate = 0.05
[weights]
donor_units = -1.0
absorbed = -1.0
"#;

/// Three years under parent P (edu) and Q (health). V is vanished and merges in year
/// 1, releasing 3 into POOL-I (which lends to edu only); its year-2 request is then
/// dropped. O is overstaffed by 2 and retires 3 a year, so its year-2 request can be
/// funded from what V released. E (health, POOL-E) has a ledger: G1's unused part
/// returns in year 1, G2 (emergency, 2023-09) expires and G3's unused part returns in
/// year 2, and E's emergency grant of year 1 expires in year 3. H and O retire their
/// one value every year, D 1 then 2 (then the rate), V 1 a year on its host's line,
/// E at the 5% rate.
pub(crate) fn years_scenario() -> Scenario {
    let inst = UnitKind::Institution;
    let mut units = vec![
        unit("D", Some("P"), inst),
        unit("E", Some("Q"), inst),
        unit("H", Some("P"), inst),
        unit("O", Some("P"), inst),
        unit("P", None, UnitKind::Admin),
        unit("Q", None, UnitKind::Admin),
        unit("V", Some("P"), inst),
    ];
    for u in &mut units {
        match u.id.as_str() {
            "E" | "Q" => u.sector = "health".into(),
            "V" => u.function = Function::Vanished,
            _ => {}
        }
    }
    let retiring = |mut l: Line, r: &[i64]| {
        l.retiring = r.to_vec();
        l
    };
    let dated = |id: &str, amount, used, on: &str, tier: &str| Grant {
        id: id.into(),
        pool: "POOL-E".into(),
        unit: "E".into(),
        ty: "institution".into(),
        amount,
        used,
        granted_on: Date::parse(on).unwrap(),
        tier: tier.into(),
        term_months: None,
    };
    let in_year = |mut r: Request, year| {
        r.year = Some(year);
        r
    };
    Scenario {
        name: "years".into(),
        as_of: "2025-06-30".into(),
        units,
        lines: vec![
            retiring(line("D", 8, 8), &[1, 2]),
            line("E", 16, 8),
            retiring(line("H", 20, 15), &[1]),
            retiring(line("O", 10, 12), &[3]),
            retiring(line("V", 4, 1), &[1, 1, 1]),
        ],
        pools: vec![
            pool("POOL-E", "institution", 1, Sectors::Only(vec!["health".into()]), 0),
            pool("POOL-I", "institution", 0, Sectors::Only(vec!["edu".into()]), 0),
        ],
        requests: vec![
            request("R-E", "E", 2, "emergency", 0),
            in_year(request("R-H", "H", 1, "key", 0), 3),
            in_year(request("R-O", "O", 2, "key", 0), 2),
            in_year(request("R-V", "V", 1, "key", 0), 2),
        ],
        grants: vec![
            dated("G1", 3, 1, "2024-03-31", "key"),
            dated("G2", 2, 2, "2023-09-30", "emergency"),
            dated("G3", 2, 0, "2024-12-31", "key"),
        ],
        digest: "sha256:years".into(),
    }
}

pub(crate) fn years_policy() -> Policy {
    Policy::parse(YEARS_MODEL, "y.toml").unwrap()
}

/// The planner's own document on `s` and `p`: `plans` ranked plans and `years` years.
/// The one place verify's tests ask the planner for plans to check.
pub(crate) fn planned(s: &Scenario, p: &Policy, plans: usize, years: usize) -> PlansDoc {
    let options = crate::solve::SolveOptions::default();
    crate::horizon::solve_years(s, p, plans, years, &options).expect("solved").doc
}

/// The planner's own document on the years scenario.
pub(crate) fn years_doc(plans: usize, years: usize) -> PlansDoc {
    planned(&years_scenario(), &years_policy(), plans, years)
}

/// The violations of `doc` on the years scenario.
pub(crate) fn years_violations(doc: &PlansDoc) -> Vec<Violation> {
    verify_doc(&years_scenario(), &years_policy(), doc)
}

/// Asserts that `doc` breaks `rule` in year `year`, and that every violation of the
/// document is one of its `years` (rank 0, the year named).
pub(crate) fn breaks_in_year(doc: &PlansDoc, rule: &str, year: usize) {
    let violations = years_violations(doc);
    let prefix = format!("year {year}: ");
    assert!(
        violations.iter().any(|v| v.rule == rule && v.message.starts_with(&prefix)),
        "expected {rule} in year {year}, got {violations:#?}"
    );
    for v in &violations {
        assert_eq!(v.rank, 0, "{v}");
        assert!(v.message.starts_with("year "), "{v}");
    }
}

pub(crate) fn year_plan(doc: &mut PlansDoc, year: usize) -> &mut Plan {
    &mut doc.years.as_mut().expect("years")[year - 1].plan
}

/// A document of `plans` on `s` and `p`, as the planner writes it around them.
pub(crate) fn doc_of(s: &Scenario, p: &Policy, plans: Vec<Plan>) -> PlansDoc {
    PlansDoc {
        format: PLANS_FORMAT.into(),
        scenario: ScenarioRef { name: s.name.clone(), input_digest: s.digest.clone() },
        model: ModelRef { name: p.name.clone(), digest: p.digest.clone() },
        solver: SolverRef { name: "highs".into(), status: "optimal".into(), seconds: 0.1, gap: 0.0 },
        plans,
        diverse: None,
        decisions: Default::default(),
        ranges: None,
        years: None,
    }
}

/// One broken plan or document per rule verify checks, with the rule it breaks and
/// everything verify says about it: the catalogue's test reads the codes off these,
/// and each entry must name its own rule among them. No solver is needed.
pub(crate) fn broken() -> Vec<(Rule, Vec<Violation>)> {
    let (s, p) = (scenario(), policy());
    let moves = |moves: Vec<Move>| evaluate(&s, &p, &moves).violations;
    let plus = |extra: Move| {
        let mut all = valid_moves();
        all.push(extra);
        evaluate(&s, &p, &all).violations
    };
    let on = |s: &Scenario, p: &Policy, all: Vec<Move>| evaluate(s, p, &all).violations;
    let reported = |tamper: &dyn Fn(&mut Plan)| {
        let mut plan = plan_for(valid_moves());
        tamper(&mut plan);
        verify_plan(&s, &p, &plan)
    };
    let document = |tamper: &dyn Fn(&mut PlansDoc)| {
        let mut doc = doc_of(&s, &p, vec![plan_for(valid_moves())]);
        tamper(&mut doc);
        verify_doc(&s, &p, &doc)
    };
    let mut to_pool_e = reclaim("U1", 1);
    if let Move::Reclaim { to, .. } = &mut to_pool_e {
        *to = "POOL-E".into();
    }
    let mut admin_grant = grant("POOL-A", "U6", "R1", 3);
    if let Move::Grant { ty, .. } = &mut admin_grant {
        *ty = "admin".into();
    }
    let mut no_merges = policy();
    no_merges.consolidation.max_merges = 0;
    let mut no_pool = policy();
    no_pool.reclaim.into.remove("institution");
    let mut per_region = policy();
    per_region.consolidation.max_merges_per_region = Some(1);
    let mut county = scenario();
    county.units.iter_mut().find(|u| u.id == "U5").unwrap().level = "county".into();
    let mut health = scenario();
    health.units.iter_mut().find(|u| u.id == "U6").unwrap().sector = "health".into();
    let mut merged_request = scenario();
    merged_request.requests.push(request("R3", "U2", 1, "key", 0));
    let mut merged_granted = valid_moves();
    merged_granted.push(grant("POOL-I", "U2", "R3", 1));
    let mut two_in_region = valid_moves();
    two_in_region.push(merge("U7", "U3", 8, 1));
    let mut years_doc = doc_of(&years_scenario(), &years_policy(), vec![]);
    years_doc.years = Some(Vec::new());
    vec![
        (Rule::MoveUnknown, moves(valid_with(0, reclaim("NOPE", 1)))),
        (Rule::MoveAmount, moves(valid_with(0, reclaim("U1", 0)))),
        (Rule::ReclaimLimit, moves(valid_with(0, reclaim("U1", 5)))),
        (Rule::ReclaimPool, moves(valid_with(0, to_pool_e))),
        (Rule::ReclaimProtected, moves(valid_with(0, reclaim("PR", 1)))),
        (Rule::ReclaimRequesting, moves(valid_with(0, reclaim("U6", 1)))),
        (Rule::ReclaimMerged, moves(valid_with(0, reclaim("U2", 1)))),
        (Rule::ReclaimReceiving, moves(valid_with(0, reclaim("U3", 1)))),
        (Rule::MergeEligible, plus(merge("BIG", "U3", 12, 0))),
        (Rule::MergeKind, moves(valid_with(1, merge("U2", "P", 2, 1)))),
        (Rule::MergeProtected, plus(merge("PR", "U3", 2, 8))),
        (Rule::MergeGroup, plus(merge("X", "U3", 2, 0))),
        (Rule::MergePool, on(&s, &no_pool, vec![merge("U2", "U3", 2, 1)])),
        (Rule::MergeOnce, plus(merge("U2", "U5", 2, 1))),
        (Rule::MergeHost, moves(valid_with(1, merge("U2", "U4", 2, 1)))),
        (Rule::MergeVanished, moves(vec![reclaim("U1", 4), absorb("U4", "U5", 2), grant("POOL-I", "U6", "R1", 3)])),
        (Rule::MergeMax, on(&s, &no_merges, valid_moves())),
        (Rule::MergeMaxRegion, on(&regional(&[]), &per_region, two_in_region)),
        (Rule::MergeIsolated, plus(absorb("U2", "U5", 1))),
        (Rule::AbsorbHub, on(&county, &p, valid_moves())),
        (Rule::AbsorbLimit, moves(valid_with(2, absorb("U4", "U5", 3)))),
        (Rule::AbsorbSender, moves(valid_with(2, absorb("U1", "U5", 1)))),
        (Rule::AbsorbReceiver, moves(valid_with(2, absorb("U4", "U2", 1)))),
        (Rule::AbsorbCapacity, moves(valid_with(2, absorb("U4", "U7", 2)))),
        (Rule::AbsorbSenderReceives, plus(absorb("U6", "U5", 1))),
        (Rule::GrantRequest, moves(valid_with(3, grant("POOL-I", "U5", "R1", 3)))),
        (Rule::GrantType, moves(valid_with(3, admin_grant))),
        (Rule::GrantSector, on(&health, &p, valid_with(3, grant("POOL-E", "U6", "R1", 2)))),
        (Rule::GrantRegion, on(&regional(&["U6"]), &p, valid_moves())),
        (Rule::GrantOverstaffed, plus(grant("POOL-E", "U4", "R2", 1))),
        (Rule::GrantRange, moves(valid_with(3, grant("POOL-I", "U6", "R1", 1)))),
        (Rule::GrantPerUnit, moves(valid_with(3, grant("POOL-E", "U6", "R1", 3)))),
        (Rule::GrantMerged, on(&merged_request, &p, merged_granted)),
        (Rule::PoolReserve, moves(vec![merge("U2", "U3", 2, 1), grant("POOL-I", "U6", "R1", 3)])),
        (Rule::ConservationQuota, on(&s, &no_pool, vec![merge("U2", "U3", 2, 1)])),
        (Rule::ConservationStaff, reported(&|plan| plan.units.iter_mut().find(|c| c.unit == "U2").unwrap().staff_after = -1)),
        (Rule::StateNegative, reported(&|plan| plan.units.iter_mut().find(|c| c.unit == "U2").unwrap().staff_after = -1)),
        (Rule::ReportTerms, reported(&|plan| *plan.terms.get_mut("reclaimed").unwrap() += 1)),
        (Rule::ReportObjective, reported(&|plan| plan.objective += 1.0)),
        (Rule::ReportUnits, reported(&|plan| plan.units.pop().map(drop).unwrap())),
        (Rule::ReportPools, reported(&|plan| plan.pools[0].after += 1)),
        (Rule::ReportRequests, reported(&|plan| plan.requests[0].granted += 1)),
        (Rule::ReportMerge, reported(&|plan| plan.moves[1] = merge("U2", "U3", 3, 0))),
        (Rule::DocumentFormat, document(&|doc| doc.format = "bianzhi.plans/0".into())),
        (Rule::DocumentScenario, document(&|doc| doc.scenario.input_digest = "sha256:other".into())),
        (Rule::DocumentModel, document(&|doc| doc.model.digest = "sha256:other".into())),
        (Rule::RankDiverse, document(&|doc| doc.diverse = Some(DiverseRef { eps: 0.1, objective_floor: 1e9 }))),
        (Rule::PlanDistance, document(&|doc| doc.plans[0].distance = vec![1])),
        (Rule::LedgerReturns, on(&years_scenario(), &years_policy(), Vec::new())),
        (Rule::YearsFollow, verify_doc(&years_scenario(), &years_policy(), &years_doc)),
    ]
}
