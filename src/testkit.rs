//! The test kit: builders of scenarios, policies and plans with sensible defaults and
//! chained setters, shared by the unit tests beside the code (`crate::testkit`) and the
//! integration tests (`bianzhi::testkit`). Nothing in the library calls it.
//!
//! Why a hidden public module, always compiled: the integration binary links the
//! ordinary library, so `#[cfg(test)]` code is invisible to it, and a feature that
//! `tests/` switches on through a dev-dependency on this crate itself builds the
//! library twice and makes its types two different types to the compiler. A
//! `#[doc(hidden)] pub mod` is one file both layers import, built once with the
//! library; it is small and uses only the library's own dependencies (no assert_cmd,
//! no proptest), and the compiler keeps it in step with the types it builds, so a new
//! field is defaulted here once instead of in every literal.
//!
//! What runs the `bianzhi` binary or writes scenario folders to disk (the shared CSV
//! fixtures and model file) is in `tests/it/common.rs`, beside the tools it needs.

use crate::domain::{
    Date, Function, Grant, Line, ModelRef, Move, Plan, PlansDoc, Pool, RequestOutcome, Request, Scenario, ScenarioRef,
    Sectors, SolverRef, Unit, UnitKind, PLANS_FORMAT,
};
use crate::policy::builtin::{builtin_model, ModelSource};
use crate::policy::Policy;
use crate::solve::{Session, SolveOptions, Status};
use std::collections::BTreeMap;

// ---------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------

/// A scenario being built; [`ScenarioBuilder::build`] sorts it as `validate` does.
#[derive(Clone, Debug)]
pub struct ScenarioBuilder(Scenario);

/// An empty scenario named `fixture`, undated, digest `sha256:fixture`.
pub fn scenario() -> ScenarioBuilder {
    ScenarioBuilder(Scenario {
        name: "fixture".into(),
        as_of: String::new(),
        units: Vec::new(),
        lines: Vec::new(),
        pools: Vec::new(),
        requests: Vec::new(),
        grants: Vec::new(),
        digest: "sha256:fixture".into(),
    })
}

impl ScenarioBuilder {
    pub fn name(mut self, name: &str) -> Self {
        self.0.name = name.into();
        self
    }

    /// The date the scenario is at (`YYYY-MM-DD`); the ledger's returns are due by it.
    pub fn as_of(mut self, date: &str) -> Self {
        self.0.as_of = date.into();
        self
    }

    pub fn digest(mut self, digest: &str) -> Self {
        self.0.digest = digest.into();
        self
    }

    pub fn unit(mut self, unit: impl Into<Unit>) -> Self {
        self.0.units.push(unit.into());
        self
    }

    pub fn line(mut self, line: impl Into<Line>) -> Self {
        self.0.lines.push(line.into());
        self
    }

    pub fn pool(mut self, pool: impl Into<Pool>) -> Self {
        self.0.pools.push(pool.into());
        self
    }

    pub fn request(mut self, request: impl Into<Request>) -> Self {
        self.0.requests.push(request.into());
        self
    }

    pub fn grant(mut self, grant: impl Into<Grant>) -> Self {
        self.0.grants.push(grant.into());
        self
    }

    /// The scenario, every collection sorted by id (lines by unit, then type): the
    /// order lookups by binary search rely on.
    pub fn build(self) -> Scenario {
        let mut s = self.0;
        s.units.sort_by(|a, b| a.id.cmp(&b.id));
        s.lines.sort_by(|a, b| (&a.unit, &a.ty).cmp(&(&b.unit, &b.ty)));
        s.pools.sort_by(|a, b| a.id.cmp(&b.id));
        s.requests.sort_by(|a, b| a.id.cmp(&b.id));
        s.grants.sort_by(|a, b| a.id.cmp(&b.id));
        s
    }
}

impl From<ScenarioBuilder> for Scenario {
    fn from(b: ScenarioBuilder) -> Scenario {
        b.build()
    }
}

/// Implements `From<builder>` for the value it builds, so a scenario's setters take
/// either.
macro_rules! builds {
    ($builder:ident => $value:ident) => {
        impl From<$builder> for $value {
            fn from(b: $builder) -> $value {
                b.0
            }
        }
    };
}

/// A unit being built.
#[derive(Clone, Debug)]
pub struct UnitBuilder(Unit);
builds!(UnitBuilder => Unit);

/// An active, unprotected institution named `单位{id}` in sector 教育 at level 市, at
/// top level, no region, no leader counts.
pub fn unit(id: &str) -> UnitBuilder {
    UnitBuilder(Unit {
        id: id.into(),
        name: format!("单位{id}"),
        parent: None,
        sector: "教育".into(),
        level: "市".into(),
        kind: UnitKind::Institution,
        function: Function::Active,
        protected: false,
        leader_posts: None,
        leaders: None,
        region: String::new(),
    })
}

impl UnitBuilder {
    pub fn name(mut self, name: &str) -> Self {
        self.0.name = name.into();
        self
    }

    /// The supervising unit (主管部门).
    pub fn parent(mut self, parent: &str) -> Self {
        self.0.parent = Some(parent.into());
        self
    }

    pub fn sector(mut self, sector: &str) -> Self {
        self.0.sector = sector.into();
        self
    }

    pub fn level(mut self, level: &str) -> Self {
        self.0.level = level.into();
        self
    }

    pub fn kind(mut self, kind: UnitKind) -> Self {
        self.0.kind = kind;
        self
    }

    pub fn function(mut self, function: Function) -> Self {
        self.0.function = function;
        self
    }

    pub fn protected(mut self, protected: bool) -> Self {
        self.0.protected = protected;
        self
    }

    pub fn leader_posts(mut self, posts: i64) -> Self {
        self.0.leader_posts = Some(posts);
        self
    }

    pub fn leaders(mut self, leaders: i64) -> Self {
        self.0.leaders = Some(leaders);
        self
    }

    pub fn region(mut self, region: &str) -> Self {
        self.0.region = region.into();
        self
    }

    pub fn build(self) -> Unit {
        self.0
    }
}

/// An establishment line being built.
#[derive(Clone, Debug)]
pub struct LineBuilder(Line);
builds!(LineBuilder => Line);

/// `unit`'s `institution` line with `quota` and `staff`, no retirements listed.
pub fn line(unit: &str, quota: i64, staff: i64) -> LineBuilder {
    LineBuilder(Line { unit: unit.into(), ty: "institution".into(), quota, staff, retiring: Vec::new() })
}

impl LineBuilder {
    /// The establishment type key (`admin`, `institution`, …).
    pub fn ty(mut self, ty: &str) -> Self {
        self.0.ty = ty.into();
        self
    }

    /// Staff retiring in years 1, 2, … of a `--years` plan.
    pub fn retiring(mut self, per_year: &[i64]) -> Self {
        self.0.retiring = per_year.to_vec();
        self
    }

    pub fn build(self) -> Line {
        self.0
    }
}

/// A pool being built.
#[derive(Clone, Debug)]
pub struct PoolBuilder(Pool);
builds!(PoolBuilder => Pool);

/// An `institution` pool named `池{id}` holding `available`, lending to every sector,
/// no per-unit limit, no region, not collecting.
pub fn pool(id: &str, available: i64) -> PoolBuilder {
    PoolBuilder(Pool {
        id: id.into(),
        name: format!("池{id}"),
        ty: "institution".into(),
        available,
        sectors: Sectors::All,
        per_unit_max: 0,
        region: String::new(),
        collects: false,
    })
}

impl PoolBuilder {
    pub fn name(mut self, name: &str) -> Self {
        self.0.name = name.into();
        self
    }

    pub fn ty(mut self, ty: &str) -> Self {
        self.0.ty = ty.into();
        self
    }

    /// Lends only to these sectors (sorted here, as `Sectors::Only` must be).
    pub fn serves(mut self, sectors: &[&str]) -> Self {
        let mut list: Vec<String> = sectors.iter().map(|s| s.to_string()).collect();
        list.sort();
        self.0.sectors = Sectors::Only(list);
        self
    }

    /// The sectors as a pools table writes them: `*`, or a `;`-separated list.
    pub fn sectors(self, written: &str) -> Self {
        if written == "*" {
            let mut b = self;
            b.0.sectors = Sectors::All;
            b
        } else {
            self.serves(&written.split(';').collect::<Vec<_>>())
        }
    }

    /// At most this much to one unit (0: no limit).
    pub fn per_unit_max(mut self, most: i64) -> Self {
        self.0.per_unit_max = most;
        self
    }

    /// Lends only inside this region (地区).
    pub fn region(mut self, region: &str) -> Self {
        self.0.region = region.into();
        self
    }

    /// A collecting pool (收回池): its region's reclaimed and released quota goes here.
    pub fn collects(mut self) -> Self {
        self.0.collects = true;
        self
    }

    pub fn build(self) -> Pool {
        self.0
    }
}

/// A request being built.
#[derive(Clone, Debug)]
pub struct RequestBuilder(Request);
builds!(RequestBuilder => Request);

/// `unit` asks for `amount` of `institution`, tier `key`, any amount useful (min 0),
/// no reason, year 1.
pub fn request(id: &str, unit: &str, amount: i64) -> RequestBuilder {
    RequestBuilder(Request {
        id: id.into(),
        unit: unit.into(),
        ty: "institution".into(),
        amount,
        tier: "key".into(),
        min: 0,
        reason: String::new(),
        year: None,
    })
}

impl RequestBuilder {
    pub fn ty(mut self, ty: &str) -> Self {
        self.0.ty = ty.into();
        self
    }

    pub fn tier(mut self, tier: &str) -> Self {
        self.0.tier = tier.into();
        self
    }

    /// The smallest useful grant.
    pub fn min(mut self, min: i64) -> Self {
        self.0.min = min;
        self
    }

    pub fn reason(mut self, reason: &str) -> Self {
        self.0.reason = reason.into();
        self
    }

    /// The plan year the request is for.
    pub fn year(mut self, year: usize) -> Self {
        self.0.year = Some(year);
        self
    }

    pub fn build(self) -> Request {
        self.0
    }
}

/// A ledger grant being built.
#[derive(Clone, Debug)]
pub struct GrantBuilder(Grant);
builds!(GrantBuilder => Grant);

/// `amount` of `institution` lent from `pool` to `unit` on 2025-06-30 for a `key`
/// request, none of it used yet, with its tier's term.
pub fn grant(id: &str, pool: &str, unit: &str, amount: i64) -> GrantBuilder {
    GrantBuilder(Grant {
        id: id.into(),
        pool: pool.into(),
        unit: unit.into(),
        ty: "institution".into(),
        amount,
        used: 0,
        granted_on: date("2025-06-30"),
        tier: "key".into(),
        term_months: None,
    })
}

impl GrantBuilder {
    pub fn ty(mut self, ty: &str) -> Self {
        self.0.ty = ty.into();
        self
    }

    /// How much of it hires have filled.
    pub fn used(mut self, used: i64) -> Self {
        self.0.used = used;
        self
    }

    /// The date it was granted (`YYYY-MM-DD`).
    pub fn on(mut self, granted_on: &str) -> Self {
        self.0.granted_on = date(granted_on);
        self
    }

    pub fn tier(mut self, tier: &str) -> Self {
        self.0.tier = tier.into();
        self
    }

    /// Its own term, overriding its tier's.
    pub fn term_months(mut self, months: i64) -> Self {
        self.0.term_months = Some(months);
        self
    }

    pub fn build(self) -> Grant {
        self.0
    }
}

/// A date the kit's callers write by hand, so a typo is a panic naming it.
pub fn date(written: &str) -> Date {
    Date::parse(written).unwrap_or_else(|| panic!("{written:?} is not a YYYY-MM-DD date"))
}

// ---------------------------------------------------------------------------------
// The constraint families' tiny fixtures: a scenario from rows, one type, one level
// ---------------------------------------------------------------------------------

/// A unit as a row: (id, parent or "", sector, function `active` / `shrinking` /
/// `vanished`, protected).
pub type UnitRow<'a> = (&'a str, &'a str, &'a str, &'a str, bool);

/// The base of [`policy`]: [model], one type (`institution`) and the tiers key /
/// emergency / operations (weights 100 / 60 / 20).
pub const FIXTURE_MODEL: &str = "[model]\nname = \"fixture\"\n[types]\ninstitution = \"事业编制\"\n[tiers]\nkey = { label = \"保重点\", weight = 100 }\nemergency = { label = \"保应急\", weight = 60 }\noperations = { label = \"保运转\", weight = 20 }\n";

/// [`FIXTURE_MODEL`] with `sections` (TOML sections) appended, and
/// `[reclaim] into = { institution = "POOL-MUNI" }` when `sections` has no [reclaim].
pub fn policy(sections: &str) -> Policy {
    let mut text = String::from(FIXTURE_MODEL);
    text.push_str(sections);
    text.push('\n');
    if !sections.contains("[reclaim]") {
        text.push_str("[reclaim]\ninto = { institution = \"POOL-MUNI\" }\n");
    }
    Policy::parse(&text, "fixture.toml").expect("fixture policy parses")
}

/// A scenario of institutions at level 市 in one type, from rows, and [`policy`] of
/// `sections`. Lines are (unit, quota, staff); pools (id, available, sectors as
/// written, per-unit max); requests (id, unit, amount, tier, min).
pub fn fixture(
    sections: &str,
    units: &[UnitRow],
    lines: &[(&str, i64, i64)],
    pools: &[(&str, i64, &str, i64)],
    requests: &[(&str, &str, i64, &str, i64)],
) -> (Scenario, Policy) {
    let mut b = scenario();
    for &(id, parent, sector, function, protected) in units {
        let mut u = unit(id).sector(sector).protected(protected).function(match function {
            "vanished" => Function::Vanished,
            "shrinking" => Function::Shrinking,
            _ => Function::Active,
        });
        if !parent.is_empty() {
            u = u.parent(parent);
        }
        b = b.unit(u);
    }
    for &(u, quota, staff) in lines {
        b = b.line(line(u, quota, staff));
    }
    for &(id, available, sectors, per_unit_max) in pools {
        b = b.pool(pool(id, available).sectors(sectors).per_unit_max(per_unit_max));
    }
    for &(id, u, amount, tier, min) in requests {
        b = b.request(request(id, u, amount).tier(tier).min(min));
    }
    (b.build(), policy(sections))
}

/// Two requests of one sector, neither granted in full: R1 (5 asked) gets the 3
/// POOL-MUNI has above its reserve of 1 while POOL-EDU is empty, and R2's unit U2 is
/// 2 over quota. Explanations and the report are checked on it.
pub fn short_and_overstaffed() -> (Scenario, Policy) {
    fixture(
        "[reserve]\nmin_available = { POOL-MUNI = 1 }",
        &[("U1", "P", "教育", "active", false), ("U2", "P", "教育", "active", false)],
        &[("U1", 10, 10), ("U2", 10, 12)],
        &[("POOL-MUNI", 4, "*", 0), ("POOL-EDU", 0, "教育", 0)],
        &[("R1", "U1", 5, "key", 0), ("R2", "U2", 2, "key", 0)],
    )
}

/// Solves the model and returns column values by name; panics unless optimal.
pub fn solve_values(s: &Scenario, p: &Policy) -> BTreeMap<String, f64> {
    let mip = crate::model::build_model(s, p, false);
    let mut session = Session::new(mip, SolveOptions::default());
    let out = session.solve();
    assert_eq!(out.status, Status::Optimal, "fixture must solve to optimality");
    session.col_names.iter().cloned().zip(out.values.iter().map(|v| v.round())).collect()
}

/// Solve status of the model.
pub fn solve_status(s: &Scenario, p: &Policy) -> Status {
    let mip = crate::model::build_model(s, p, false);
    Session::new(mip, SolveOptions::default()).solve().status
}

// ---------------------------------------------------------------------------------
// Policies
// ---------------------------------------------------------------------------------

/// The built-in `baseline` model, as `--model baseline` reads it.
pub fn baseline() -> Policy {
    let m = builtin_model("baseline").expect("baseline is built in");
    Policy::load_source(&ModelSource::Builtin(m)).expect("baseline parses")
}

/// A model's text edited key by key (dotted keys of the model schema, values written
/// as TOML), keeping the layout of the rest, so a test states only how its model
/// differs from the one it starts from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelText(String);

impl ModelText {
    pub fn new(text: &str) -> ModelText {
        ModelText(text.to_string())
    }

    /// Sets `key` (`reclaim.keep_vacant`, `tiers.emergency`,
    /// `reserve.min_available.POOL-I`) to `value` (`0`, `"POOL-I"`,
    /// `{ label = "保应急", weight = 60 }`); a missing section is made.
    pub fn set(self, key: &str, value: &str) -> ModelText {
        let mut value: toml_edit::Value =
            value.parse().unwrap_or_else(|e| panic!("{key} = {value}: not a TOML value: {e}"));
        self.edit(key, |table, last| {
            // Keep what surrounds the old value (its spacing and comment).
            if let Some(old) = table.get(last).and_then(toml_edit::Item::as_value) {
                *value.decor_mut() = old.decor().clone();
            } else {
                value.decor_mut().set_prefix(" ");
            }
            table.insert(last, toml_edit::Item::Value(value));
        })
    }

    /// Removes `key` (a key, or a whole section), which must be there.
    pub fn remove(self, key: &str) -> ModelText {
        self.edit(key, |table, last| {
            assert!(table.remove(last).is_some(), "the model has no {key}");
        })
    }

    fn edit(self, key: &str, change: impl FnOnce(&mut dyn toml_edit::TableLike, &str)) -> ModelText {
        let mut doc: toml_edit::DocumentMut = self.0.parse().expect("the model text is TOML");
        let path: Vec<&str> = key.split('.').collect();
        let (last, parents) = path.split_last().expect("a key");
        let mut table: &mut dyn toml_edit::TableLike = doc.as_table_mut();
        let mut inline = false;
        for (depth, part) in parents.iter().enumerate() {
            if table.get(part).is_none() {
                // A section left out becomes `[section]`; a map inside one, `{ … }`.
                let fresh = if depth == 0 {
                    toml_edit::Item::Table(toml_edit::Table::new())
                } else {
                    toml_edit::Item::Value(toml_edit::Value::InlineTable(toml_edit::InlineTable::new()))
                };
                table.insert(part, fresh);
            }
            let item = table.get_mut(part).expect("made above");
            inline = item.is_inline_table();
            table = item.as_table_like_mut().unwrap_or_else(|| panic!("`{key}`: {part} is not a table in the model"));
        }
        change(table, last);
        if inline {
            // `{ a = 1, b = 2 }` spaced as written by hand (inline tables hold no comments).
            table.fmt();
        }
        ModelText(doc.to_string())
    }

    pub fn text(&self) -> &str {
        &self.0
    }

    /// The text parsed and checked as a model file named `model.toml`.
    pub fn policy(&self) -> Policy {
        Policy::parse(&self.0, "model.toml").unwrap_or_else(|e| panic!("the model does not parse: {e:#?}\n{}", self.0))
    }
}

impl std::fmt::Display for ModelText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

// ---------------------------------------------------------------------------------
// Plans
// ---------------------------------------------------------------------------------

/// Plan 1 made of `moves`, every other field empty (objective 0, nothing changed):
/// for code that reads only the moves, or a field a test sets after.
pub fn plan(moves: Vec<Move>) -> Plan {
    Plan {
        rank: 1,
        objective: 0.0,
        terms: BTreeMap::new(),
        moves,
        units: Vec::new(),
        pools: Vec::new(),
        requests: Vec::new(),
        differences: Vec::new(),
        status: None,
        gap: None,
        objective_gap_to_best: 0.0,
        distance: Vec::new(),
        distance_bound: None,
    }
}

/// The plan a correct planner would report for `moves` on `s` at `rank`: objective,
/// terms, changed lines, pools and every request's grant as `verify` recomputes them
/// from the moves, no why-nots.
pub fn derived_plan(s: &Scenario, p: &Policy, moves: Vec<Move>, rank: usize) -> Plan {
    let e = crate::evaluate(s, p, &moves);
    let requests = s
        .requests
        .iter()
        .map(|r| RequestOutcome { request: r.id.clone(), amount: r.amount, granted: e.granted[&r.id], why_not: None })
        .collect();
    Plan { rank, objective: e.objective, terms: e.terms, units: e.units, pools: e.pools, requests, ..plan(moves) }
}

/// The §7 document around `plans`, naming `s` and `p` by their digests, solved
/// optimally by HiGHS in 0.1 s, no alternatives, ranges or years.
pub fn document(s: &Scenario, p: &Policy, plans: Vec<Plan>) -> PlansDoc {
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

/// Moves of `institution` quota, with the rule a planner writes for each kind and no
/// reason (explanations are added by `explain`).
pub mod moves {
    use crate::domain::Move;

    /// 收回空编: `amount` of `from`'s vacancy into `pool`.
    pub fn reclaim(from: &str, pool: &str, amount: i64) -> Move {
        Move::Reclaim { ty: "institution".into(), from: from.into(), to: pool.into(), amount, rule: "reclaim".into(), reason: String::new() }
    }

    /// 整合: `from` into `host`, moving `staff` and releasing `released` to a pool.
    pub fn merge(from: &str, host: &str, staff: i64, released: i64) -> Move {
        Move::Merge { from: from.into(), to: host.into(), staff, released, rule: "consolidation.small".into(), reason: String::new() }
    }

    /// 消化超编: `amount` staff from overstaffed `from` to `to`.
    pub fn absorb(from: &str, to: &str, amount: i64) -> Move {
        Move::Absorb { ty: "institution".into(), from: from.into(), to: to.into(), amount, rule: "absorb".into(), reason: String::new() }
    }

    /// 调剂: `amount` from `pool` to `to` for `request` (a key request).
    pub fn grant(pool: &str, to: &str, request: &str, amount: i64) -> Move {
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

    /// 周转编制收回: `amount` of `grant` from `from` back to `pool` by `rule`
    /// (`grants.unused`, `grants.expired`).
    pub fn give_back(grant: &str, from: &str, pool: &str, amount: i64, rule: &str) -> Move {
        Move::Return {
            ty: "institution".into(),
            from: from.into(),
            to: pool.into(),
            grant: grant.into(),
            amount,
            rule: rule.into(),
            reason: String::new(),
        }
    }
}

/// Readers of a plan for assertions, each panicking with the plan when what it looks
/// for is not there.
pub mod read {
    use crate::domain::{Move, Plan, UnitChange};

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

    /// An expected return, in the form [`returns`] gives.
    pub fn returned(grant: &str, from: &str, to: &str, amount: i64, rule: &str) -> Return {
        (grant.to_string(), from.to_string(), to.to_string(), amount, rule.to_string())
    }

    /// Whether every return comes before every other move.
    pub fn returns_first(plan: &Plan) -> bool {
        let first_other = plan.moves.iter().position(|m| !matches!(m, Move::Return { .. })).unwrap_or(plan.moves.len());
        plan.moves[first_other..].iter().all(|m| !matches!(m, Move::Return { .. }))
    }

    /// What the plan grants `request`.
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

    /// The moves of one kind (`reclaim`, `merge`, `absorb`, `grant`, `return`).
    pub fn of_kind<'p>(plan: &'p Plan, kind: &str) -> Vec<&'p Move> {
        plan.moves.iter().filter(|m| m.kind() == kind).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_edited_by_key_keeps_the_rest_of_its_text() {
        let text = "[model]\nname = \"m\"\n[types]\ninstitution = \"事业编制\"\n[tiers]\nkey = { label = \"保重点\", weight = 100 }\n\n[reclaim]\nkeep_vacant = 1 # why\ninto = { institution = \"POOL-I\" }\n";
        let edited = ModelText::new(text)
            .set("reclaim.keep_vacant", "0")
            .set("types.admin", "\"行政编制\"")
            .set("reclaim.into.admin", "\"POOL-A\"")
            .set("grants.term_months", "{ emergency = 18 }")
            .remove("tiers.key")
            .set("tiers.emergency", "{ label = \"保应急\", weight = 60 }");
        assert_eq!(
            edited.text(),
            "[model]\nname = \"m\"\n[types]\ninstitution = \"事业编制\"\nadmin = \"行政编制\"\n[tiers]\nemergency = { label = \"保应急\", weight = 60 }\n\n[reclaim]\nkeep_vacant = 0 # why\ninto = { institution = \"POOL-I\", admin = \"POOL-A\" }\n\n[grants]\nterm_months = { emergency = 18 }\n"
        );
        let p = edited.policy();
        assert_eq!((p.reclaim.keep_vacant, p.into_pool("admin"), p.grants.term_of(None, "emergency")), (0, Some("POOL-A"), Some(18)));
        assert!(ModelText::new(text).remove("reclaim").policy().reclaim.into.is_empty());
    }

    #[test]
    fn a_built_scenario_is_sorted_as_validate_sorts_it() {
        let s = scenario()
            .unit(unit("U2"))
            .unit(unit("U1").parent("P").kind(UnitKind::Admin))
            .line(line("U2", 5, 5))
            .line(line("U1", 3, 1).ty("institution"))
            .line(line("U1", 4, 4).ty("admin"))
            .pool(pool("POOL-B", 1).serves(&["教育", "卫健"]))
            .pool(pool("POOL-A", 2))
            .request(request("R2", "U2", 1))
            .request(request("R1", "U1", 2).tier("emergency").min(1).year(2))
            .grant(grant("G2", "POOL-A", "U1", 1))
            .grant(grant("G1", "POOL-A", "U2", 2).used(1).on("2024-01-31").term_months(6))
            .build();
        let ids = |xs: Vec<&str>| xs.join(" ");
        assert_eq!(ids(s.units.iter().map(|u| u.id.as_str()).collect()), "U1 U2");
        assert_eq!(s.lines.iter().map(|l| (l.unit.as_str(), l.ty.as_str())).collect::<Vec<_>>(), [("U1", "admin"), ("U1", "institution"), ("U2", "institution")]);
        assert_eq!(ids(s.pools.iter().map(|p| p.id.as_str()).collect()), "POOL-A POOL-B");
        assert_eq!(ids(s.requests.iter().map(|r| r.id.as_str()).collect()), "R1 R2");
        assert_eq!(ids(s.grants.iter().map(|g| g.id.as_str()).collect()), "G1 G2");
        assert!(s.pool("POOL-B").unwrap().sectors.admits("教育") && s.pool("POOL-B").unwrap().sectors.admits("卫健"));
        assert_eq!(s.request("R1").unwrap().year(), 2);
        assert_eq!(s.grant("G1").unwrap().unused(), 1);
    }

    #[test]
    fn a_derived_plan_in_its_document_is_what_verify_recomputes() {
        let (s, p) = short_and_overstaffed();
        let plan = derived_plan(&s, &p, vec![moves::grant("POOL-MUNI", "U1", "R1", 3)], 1);
        assert_eq!((plan.objective, read::granted(&plan, "R1"), read::granted(&plan, "R2")), (300.0, 3, 0));
        assert_eq!(read::pool(&plan, "POOL-MUNI"), (4, 1));
        assert_eq!(read::line(&plan, "U1", "institution"), (10, 13, 10, 10));
        assert_eq!(crate::verify_plan(&s, &p, &plan), vec![]);
        assert_eq!(crate::verify_doc(&s, &p, &document(&s, &p, vec![plan])), vec![]);
    }
}
