//! Independent re-check of plans. Owns DESIGN §6 as a checker: from a plan's moves
//! alone it recomputes the state each move leaves (quota and staff per (unit, type),
//! pool balances, grants per request), every rule the moves must obey, the objective
//! terms and the objective, and then compares that with what the plan reports.
//!
//! Invariant: depends on `domain`, `policy` and the rule catalogue (rule identities,
//! no logic) only, and shares no code with model building or eligibility, so that a
//! mistake there is not repeated here. All "input state" facts
//! (vacancy, overstaffed, small, kind) are read from the scenario before the plan.
//! Work is linear in input + moves up to map lookups: no loop over pairs of units.
//!
//! A document with `years` (DESIGN §14, `solve --years N`) is re-checked year by year
//! on this module's own stepping from one year's state to the next (see
//! [`check_years`]): the planner's `horizon::step` is never called.

use crate::domain::{
    Date, Function, Grant, Line, Move, Plan, PlansDoc, Pool, PoolChange, Request, Scenario, Unit, UnitChange,
    YearPlan, PLANS_FORMAT,
};
use crate::policy::Policy;
use crate::rules::Rule;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// One broken rule in one plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Rank of the plan; 0 for the document itself and for [`evaluate`]. A violation in
    /// the document's `years` has rank 0 and a message that starts with `year K: `.
    pub rank: usize,
    /// Dotted rule name, e.g. `reclaim.limit`.
    pub rule: String,
    /// What is wrong, lower-case, no trailing period.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.rank > 0 {
            write!(f, "plan {}: ", self.rank)?;
        }
        write!(f, "[{}] {}", self.rule, self.message)
    }
}

/// What the moves of a plan do to the input, recomputed from scratch.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    /// Rule breaks found from the moves alone (rank 0).
    pub violations: Vec<Violation>,
    /// `fulfilled.<tier>` for every tier of the policy, then `reclaimed`, `released`,
    /// `donor_units`, `merges`, `absorbed`, `staff_moved`.
    pub terms: BTreeMap<String, i64>,
    /// Σ tier weight · fulfilled + Σ term weight · term.
    pub objective: f64,
    /// Every (unit, type) line whose quota or staff changed, sorted by (unit, type).
    pub units: Vec<UnitChange>,
    /// Every pool of the scenario, sorted by id.
    pub pools: Vec<PoolChange>,
    /// Request id → total granted, every request (0 included).
    pub granted: BTreeMap<String, i64>,
    /// (requests granted > 0, donor units, merged units): the plan's pattern (DESIGN §6).
    pub pattern: (BTreeSet<String>, BTreeSet<String>, BTreeSet<String>),
    /// Merged unit → its host, as the recomputation applied them (the first merge move
    /// of each unit).
    pub hosts: BTreeMap<String, String>,
}

/// Recomputes what `moves` do to the scenario and lists every rule they break. The
/// ledger's returns due at `as_of` (DESIGN §14) are recomputed here, checked against
/// the moves of kind `return`, and made before the other moves are checked, on the
/// requests of year 1.
pub fn evaluate(scenario: &Scenario, policy: &Policy, moves: &[Move]) -> Evaluation {
    let opened = Opened::of(scenario, policy, 1);
    evaluate_opened(scenario, &opened, policy, moves)
}

/// [`evaluate`] on a state already opened (`opened` of `scenario`).
fn evaluate_opened(scenario: &Scenario, opened: &Opened, policy: &Policy, moves: &[Move]) -> Evaluation {
    let mut found = Found::default();
    opened.check_returns(moves, &mut found);
    let start = opened.state(scenario);
    // The evaluator skips the returns: `check_returns` has checked them and `start` has them made.
    let mut evaluation = Evaluator::new(start, policy).run(moves);
    evaluation.violations.splice(0..0, found.0);
    opened.rebase(scenario, &mut evaluation);
    evaluation
}

/// [`evaluate`], then compares what the plan reports (terms, objective, units, pools,
/// requests, each merge's staff and released) with the recomputation. Violations carry
/// `plan.rank`.
pub fn verify_plan(scenario: &Scenario, policy: &Policy, plan: &Plan) -> Vec<Violation> {
    verify_plan_in_year(scenario, policy, plan, 1)
}

/// [`verify_plan`] for plan year `year` of a state (its requests only).
pub(crate) fn verify_plan_in_year(scenario: &Scenario, policy: &Policy, plan: &Plan, year: usize) -> Vec<Violation> {
    let opened = Opened::of(scenario, policy, year);
    check_plan(scenario, opened.state(scenario), plan, &evaluate_opened(scenario, &opened, policy, &plan.moves))
}

/// What the plan reports against its recomputation `evaluation`; `start` is the state
/// the plan's own moves start from (`scenario` with the ledger's returns made and the
/// year's requests only).
fn check_plan(scenario: &Scenario, start: &Scenario, plan: &Plan, evaluation: &Evaluation) -> Vec<Violation> {
    let mut found = Found::default();
    found.0.extend(evaluation.violations.iter().cloned());
    compare_terms(evaluation, plan, &mut found);
    compare_objective(evaluation, plan, &mut found);
    compare_units(scenario, evaluation, plan, &mut found);
    compare_pools(evaluation, plan, &mut found);
    compare_requests(start, evaluation, plan, &mut found);
    compare_merges(start, plan, &mut found);
    // The reported state is what a reader trusts; when it is not the recomputed one,
    // check that it at least conserves quota and staff, so a conjured quota is named as such.
    if plan.units != evaluation.units || plan.pools != evaluation.pools {
        check_balance(scenario, &plan.units, &plan.pools, "reported", &mut found);
    }
    let mut violations = found.0;
    for v in &mut violations {
        v.rank = plan.rank;
    }
    violations
}

/// Every plan of the document, plus the document's own checks: format, scenario digest
/// and model digest (rank 0 for those).
pub fn verify_doc(scenario: &Scenario, policy: &Policy, doc: &PlansDoc) -> Vec<Violation> {
    let mut found = Found::default();
    if doc.format != PLANS_FORMAT {
        found.flag("document.format", format!("format is {:?}, expected {:?}", doc.format, PLANS_FORMAT));
    }
    if doc.scenario.input_digest != scenario.digest {
        found.flag(
            "document.scenario",
            format!(
                "plans were made for input {} but the scenario is {}",
                doc.scenario.input_digest, scenario.digest
            ),
        );
    }
    if doc.model.digest != policy.digest {
        found.flag(
            "document.model",
            format!(
                "plans were made with model {} ({}) but the model is {} ({})",
                doc.model.name, doc.model.digest, policy.name, policy.digest
            ),
        );
    }
    let mut violations = found.0;
    // Each plan is evaluated once, for its own checks and the document's.
    let opened = Opened::of(scenario, policy, 1);
    let start = opened.state(scenario);
    let evaluations: Vec<Evaluation> =
        doc.plans.iter().map(|plan| evaluate_opened(scenario, &opened, policy, &plan.moves)).collect();
    for (plan, evaluation) in doc.plans.iter().zip(&evaluations) {
        violations.extend(check_plan(scenario, start, plan, evaluation));
    }
    violations.extend(check_alternatives(doc, &evaluations));
    if let Some(years) = &doc.years {
        violations.extend(check_years(scenario, policy, doc, years, evaluations.first()));
    }
    violations
}

/// DESIGN §12 on the document: with `diverse`, the floor is plan 1's objective less ε of
/// it and no plan's (recomputed) objective is below it; a plan's `distance` list, when
/// given, is its pattern distance to each earlier plan, recomputed from the moves.
/// `evaluations` are the plans' recomputations, in order.
fn check_alternatives(doc: &PlansDoc, evaluations: &[Evaluation]) -> Vec<Violation> {
    let mut out = Vec::new();
    let tolerance = |x: f64| 1e-6 * x.abs().max(1.0);
    if let (Some(div), Some(first)) = (&doc.diverse, evaluations.first()) {
        let expected = first.objective - div.eps * first.objective.abs();
        if !(0.0..1.0).contains(&div.eps) || (div.objective_floor - expected).abs() > tolerance(expected) {
            out.push(Violation {
                rank: 0,
                rule: Rule::RankDiverse.code().to_string(),
                message: format!(
                    "objective floor {} is not plan 1's objective {} less ε = {} of it ({expected})",
                    div.objective_floor, first.objective, div.eps
                ),
            });
        }
        for (plan, ev) in doc.plans.iter().zip(evaluations) {
            if ev.objective < div.objective_floor - tolerance(div.objective_floor) {
                out.push(Violation {
                    rank: plan.rank,
                    rule: Rule::RankDiverse.code().to_string(),
                    message: format!("objective {} is below the floor {} of --diverse {}", ev.objective, div.objective_floor, div.eps),
                });
            }
        }
    }
    let hamming = |a: &Evaluation, b: &Evaluation| {
        a.pattern.0.symmetric_difference(&b.pattern.0).count()
            + a.pattern.1.symmetric_difference(&b.pattern.1).count()
            + a.pattern.2.symmetric_difference(&b.pattern.2).count()
    };
    for (i, plan) in doc.plans.iter().enumerate() {
        if plan.distance.is_empty() {
            continue;
        }
        let computed: Vec<usize> = evaluations[..i].iter().map(|e| hamming(&evaluations[i], e)).collect();
        if plan.distance != computed {
            out.push(Violation {
                rank: plan.rank,
                rule: "plan.distance".to_string(),
                message: format!("distance says {:?}, the moves give {computed:?}", plan.distance),
            });
        }
    }
    out
}

/// DESIGN §14 on the document's `years`, the year-by-year plan along plan 1. Year 1 is
/// plan 1 (same moves, units, pools, requests, terms and objective; `years.follow`
/// otherwise). Years are numbered 1…N in order, year K starts on `as_of` plus K − 1
/// years (the month's last day when shorter; empty without a dated `as_of`). From the
/// input, this checker steps from each year's state to the next on its own (see
/// [`step`]) — from its recomputation of the year's moves, not from what the year
/// reports — and checks year K ≥ 2 as a plan on the state it reaches: the returns due at
/// that year's date, that year's requests only, and everything [`verify_plan`] compares.
/// Each year's `retired` and `dropped_requests` are what the year before leaves, and at
/// the end of every year each type's quota plus pool balances is the input's.
///
/// Every violation found here has rank 0 (the document's `years`, not one of its ranked
/// plans) and a message starting with `year K: `, K the year's place in the list.
/// `plan1` is plan 1's evaluation on the input, which year 1 reuses when its moves are
/// plan 1's.
fn check_years(scenario: &Scenario, policy: &Policy, doc: &PlansDoc, years: &[YearPlan], plan1: Option<&Evaluation>) -> Vec<Violation> {
    let follow = Rule::YearsFollow.code();
    let mut out = Vec::new();
    let mut flag = |year: usize, rule: &str, message: String| {
        out.push(Violation { rank: 0, rule: rule.to_string(), message: format!("year {year}: {message}") });
    };
    let (Some(first), Some(plan1)) = (doc.plans.first(), plan1) else {
        flag(1, follow, "the document has years but no plan 1 for year 1 to be".into());
        return out;
    };
    if years.is_empty() {
        flag(1, follow, "years lists no year; year 1 is plan 1".into());
        return out;
    }
    let origin = Date::parse(&scenario.as_of);
    let input = quota_totals(scenario);
    let mut state = scenario.clone();
    let mut horizon = Horizon { policy, origin, inherited: Inherited::default() };
    let (mut retired, mut dropped) = (0, Vec::new());
    for (i, entry) in years.iter().enumerate() {
        let year = i + 1;
        if entry.year != year {
            flag(year, follow, format!("listed as year {}; years are numbered 1, 2, … in order", entry.year));
        }
        let start = origin.map(|d| d.add_months(12 * i as i64).to_string()).unwrap_or_default();
        if entry.start != start {
            let expected = if origin.is_some() { format!("{start:?} (as_of plus {i} year(s))") } else { "empty (as_of is not a date)".into() };
            flag(year, follow, format!("start is {:?}, expected {expected}", entry.start));
        }
        if entry.retired != retired {
            let expected = if year == 1 { "nobody retires before year 1".to_string() } else { format!("the year before retires {retired}") };
            flag(year, follow, format!("retired says {}, {expected}", entry.retired));
        }
        if entry.dropped_requests != dropped {
            flag(
                year,
                follow,
                format!("dropped_requests says {:?}, the merges before it leave out {dropped:?}", entry.dropped_requests),
            );
        }
        let opened = Opened::of(&state, policy, year);
        let own;
        let evaluation = if year == 1 && entry.plan.moves == first.moves {
            plan1
        } else {
            own = evaluate_opened(&state, &opened, policy, &entry.plan.moves);
            &own
        };
        // Year 1 is checked as plan 1 already; a year 1 that is not plan 1 is checked too,
        // since the years after it follow what it claims.
        let differs = if year == 1 { differences(&entry.plan, first) } else { Vec::new() };
        if !differs.is_empty() {
            flag(year, follow, format!("is not plan 1: it differs in {}", differs.join(", ")));
        }
        if year > 1 || !differs.is_empty() {
            for v in check_plan(&state, opened.state(&state), &entry.plan, evaluation) {
                flag(year, &v.rule, v.message);
            }
        }
        let next = step(&state, &opened, evaluation, &entry.plan.moves, year, &mut horizon);
        let totals = quota_totals(&next.state);
        for ty in input.keys().chain(totals.keys()).collect::<BTreeSet<_>>() {
            let (was, now) = (input.get(ty).copied().unwrap_or(0), totals.get(ty).copied().unwrap_or(0));
            if was != now {
                flag(
                    year,
                    Rule::ConservationQuota.code(),
                    format!("{ty}: quota plus pools is {now} at the end of the year, {was} in the input ({:+})", now - was),
                );
            }
        }
        (state, retired, dropped) = (next.state, next.retired, next.dropped);
    }
    out
}

/// Which of the fields year 1 shares with plan 1 differ.
fn differences(year: &Plan, plan1: &Plan) -> Vec<&'static str> {
    let mut out = Vec::new();
    if year.moves != plan1.moves {
        out.push("moves");
    }
    if year.units != plan1.units {
        out.push("units");
    }
    if year.pools != plan1.pools {
        out.push("pools");
    }
    if year.requests != plan1.requests {
        out.push("requests");
    }
    if year.terms != plan1.terms {
        out.push("terms");
    }
    if (year.objective - plan1.objective).abs() > 1e-6 * plan1.objective.abs().max(1.0) || !year.objective.is_finite() {
        out.push("objective");
    }
    out
}

/// Per type, Σ quota over the lines + Σ available over the pools.
fn quota_totals(s: &Scenario) -> BTreeMap<String, i64> {
    let mut totals: BTreeMap<String, i64> = BTreeMap::new();
    for l in &s.lines {
        *totals.entry(l.ty.clone()).or_insert(0) += l.quota;
    }
    for p in &s.pools {
        *totals.entry(p.ty.clone()).or_insert(0) += p.available;
    }
    totals
}

/// A line's listed retirements in plan year `year` (1-based): one value is every
/// year's, a list gives years 1…n; `None` past the list or without one.
fn listed_retiring(line: &Line, year: usize) -> Option<i64> {
    match line.retiring.as_slice() {
        [] => None,
        [every] => Some(*every),
        list => list.get(year - 1).copied(),
    }
}

/// Retirements a line carries besides its own `retiring` column: those listed for the
/// lines merged into it (from the merge's year on), and the fraction of a person the
/// attrition rate has counted on it so far, in basis points.
#[derive(Default)]
struct Inherited {
    /// (unit, type) → plan year → count, from merged lines with a list of years.
    by_year: BTreeMap<(String, String), BTreeMap<usize, i64>>,
    /// (unit, type) → count every year, from merged lines with one value.
    every: BTreeMap<(String, String), i64>,
    /// (unit, type) → basis points of a person carried to the next year.
    fraction: BTreeMap<(String, String), i64>,
}

impl Inherited {
    /// The line `from` (merged in `year`) passes its listed counts from `year` on, what
    /// it inherited itself, and its fraction to the host's line `to`.
    fn pass(&mut self, from: &(String, String), line: &Line, to: &(String, String), year: usize) {
        match line.retiring.as_slice() {
            [] => {}
            [every] => *self.every.entry(to.clone()).or_insert(0) += every,
            list => {
                let years = self.by_year.entry(to.clone()).or_default();
                for (y, n) in list.iter().enumerate().skip(year - 1) {
                    *years.entry(y + 1).or_insert(0) += n;
                }
            }
        }
        if let Some(n) = self.every.remove(from) {
            *self.every.entry(to.clone()).or_insert(0) += n;
        }
        if let Some(own) = self.by_year.remove(from) {
            let years = self.by_year.entry(to.clone()).or_default();
            for (y, n) in own.range(year..) {
                *years.entry(*y).or_insert(0) += n;
            }
        }
        if let Some(f) = self.fraction.remove(from) {
            *self.fraction.entry(to.clone()).or_insert(0) += f;
        }
    }

    /// What the lines merged into `key` retire in `year`.
    fn in_year(&self, key: &(String, String), year: usize) -> i64 {
        self.every.get(key).copied().unwrap_or(0) + self.by_year.get(key).and_then(|y| y.get(&year)).copied().unwrap_or(0)
    }
}

/// What stepping keeps from year to year besides the state: the model, the input's
/// date, and the retirements lines inherit.
struct Horizon<'a> {
    policy: &'a Policy,
    origin: Option<Date>,
    inherited: Inherited,
}

/// The state after plan year `year`, and who retired in it.
struct Stepped {
    state: Scenario,
    retired: i64,
    /// Requests of later years whose unit the year merged, in id order.
    dropped: Vec<String>,
}

/// This checker's reading of DESIGN §14 from one plan year to the next, on `state`
/// (opened as `opened`) and the year's `moves` as `evaluation` recomputed them:
///
/// 1. every line the moves change takes its recomputed quota and staff (a host's new
///    line has no `retiring` list), every pool its recomputed balance; a merged unit
///    leaves the register with its lines, and its requests of later years are dropped;
/// 2. each grant is filled by hires: the receiving line gains its amount in staff;
/// 3. retirements: a line's listed count for the year (one value is every year's, a
///    list gives year by year), else `attrition.rate` in basis points of its staff, the
///    remainder carried per line to the next year; plus what lines merged into it list
///    for the year (their counts from the merge's year on, and their carried fraction,
///    pass to the host's line); never more than the line's staff;
/// 4. the ledger: the returns due at the year's date made (an expired grant leaves it,
///    a partly returned one keeps the rest), a merged unit's grants pass to its host with
///    amount = used (their unused part was released by the merge), grants of amount 0
///    leave, and each grant move joins it as `{request}@{pool}` (`#2`, `#3`, … when
///    taken), filled (`used = amount`), dated the year's date, with its request's tier and
///    no term of its own;
/// 5. the date is `as_of` plus `year` years (computed from the input's `as_of`, so a
///    29 February comes back in leap years).
fn step(state: &Scenario, opened: &Opened, evaluation: &Evaluation, moves: &[Move], year: usize, horizon: &mut Horizon) -> Stepped {
    type Key = (String, String);
    let Horizon { policy, origin, inherited } = horizon;
    // 1. the moves, as recomputed
    let mut lines: BTreeMap<Key, Line> = state.lines.iter().map(|l| ((l.unit.clone(), l.ty.clone()), l.clone())).collect();
    for c in &evaluation.units {
        let line = lines.entry((c.unit.clone(), c.ty.clone())).or_insert_with(|| Line {
            unit: c.unit.clone(),
            ty: c.ty.clone(),
            quota: 0,
            staff: 0,
            retiring: Vec::new(),
        });
        line.quota = c.quota_after;
        line.staff = c.staff_after;
    }
    let mut next = state.clone();
    let after: BTreeMap<&str, i64> = evaluation.pools.iter().map(|c| (c.pool.as_str(), c.after)).collect();
    for p in &mut next.pools {
        if let Some(&a) = after.get(p.id.as_str()) {
            p.available = a;
        }
    }
    // 2. hires
    for m in moves {
        if let Move::Grant { ty, to, amount, .. } = m {
            if let Some(l) = lines.get_mut(&(to.clone(), ty.clone())) {
                l.staff += amount;
            }
        }
    }
    // merged lines leave, what they still owe in retirements goes with their staff
    for (unit, host) in &evaluation.hosts {
        let keys: Vec<Key> =
            lines.range((unit.clone(), String::new())..).take_while(|((u, _), _)| u == unit).map(|(k, _)| k.clone()).collect();
        for key in keys {
            if let Some(line) = lines.remove(&key) {
                inherited.pass(&key, &line, &(host.clone(), key.1.clone()), year);
            }
        }
    }
    // 3. retirements
    let bp = policy.attrition.basis_points();
    let mut retired = 0;
    for (key, line) in lines.iter_mut() {
        let own = match listed_retiring(line, year) {
            Some(n) => n,
            None if bp > 0 => {
                let f = inherited.fraction.entry(key.clone()).or_insert(0);
                *f += bp * line.staff;
                let n = *f / 10_000;
                *f %= 10_000;
                n
            }
            None => 0,
        };
        let n = (own + inherited.in_year(key, year)).min(line.staff).max(0);
        line.staff -= n;
        retired += n;
    }
    next.lines = lines.into_values().collect();
    next.units.retain(|u| !evaluation.hosts.contains_key(&u.id));
    let mut dropped = Vec::new();
    next.requests.retain(|r| {
        let later = evaluation.hosts.contains_key(&r.unit) && r.year.unwrap_or(1) > year;
        if later {
            dropped.push(r.id.clone());
        }
        !later
    });
    // 4. the ledger
    let owed: BTreeMap<&str, &Owed> = opened.owed.iter().map(|o| (o.grant.as_str(), o)).collect();
    let mut grants: Vec<Grant> = Vec::new();
    for g in &state.grants {
        let mut g = g.clone();
        if let Some(o) = owed.get(g.id.as_str()) {
            if o.rule == Rule::LedgerExpired.code() {
                continue;
            }
            g.amount -= o.amount;
        }
        if let Some(host) = evaluation.hosts.get(&g.unit) {
            g.unit = host.clone();
            g.amount = g.used;
        }
        if g.amount > 0 {
            grants.push(g);
        }
    }
    if let Some(on) = Date::parse(&state.as_of) {
        let mut taken: BTreeSet<String> = grants.iter().map(|g| g.id.clone()).collect();
        for m in moves {
            let Move::Grant { ty, from, to, request, amount, .. } = m else { continue };
            let mut id = format!("{request}@{from}");
            let mut n = 2;
            while taken.contains(&id) {
                id = format!("{request}@{from}#{n}");
                n += 1;
            }
            taken.insert(id.clone());
            grants.push(Grant {
                id,
                pool: from.clone(),
                unit: to.clone(),
                ty: ty.clone(),
                amount: *amount,
                used: *amount,
                granted_on: on,
                tier: state.request(request).map(|r| r.tier.clone()).unwrap_or_default(),
                term_months: None,
            });
        }
    }
    grants.sort_by(|a, b| a.id.cmp(&b.id));
    next.grants = grants;
    // 5. the date
    next.as_of = origin.map(|d| d.add_months(12 * year as i64).to_string()).unwrap_or_default();
    Stepped { state: next, retired, dropped }
}

/// One return the ledger owes at a date, as this checker reads DESIGN §14: in grant id
/// order, a grant past its term (its own, else its tier's in `grants.term_months`)
/// returns in full, capped by its line's quota; else one at least
/// `grants.reclaim_unused_after_months` old returns `amount − used`, capped by the
/// line's vacancy; the caps see the returns before it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Owed {
    grant: String,
    unit: String,
    ty: String,
    pool: String,
    amount: i64,
    rule: String,
}

/// The state a plan starts from: the returns the ledger owes at the scenario's date
/// made, and only the requests of the plan's year. `state` is `None` when that is the
/// scenario itself.
struct Opened {
    owed: Vec<Owed>,
    state: Option<Scenario>,
}

impl Opened {
    fn of(scenario: &Scenario, policy: &Policy, year: usize) -> Opened {
        let mut owed = Vec::new();
        if let (Some(date), false) = (crate::domain::Date::parse(&scenario.as_of), scenario.grants.is_empty()) {
            let mut held: BTreeMap<(&str, &str), (i64, i64)> = BTreeMap::new();
            for g in &scenario.grants {
                let months = g.granted_on.months_until(date);
                let term = g.term_months.or_else(|| policy.grants.term_months.get(&g.tier).copied());
                let Some(line) = scenario.line(&g.unit, &g.ty) else { continue };
                let (quota, staff) = held.entry((g.unit.as_str(), g.ty.as_str())).or_insert((line.quota, line.staff));
                let (rule, amount) = if term.is_some_and(|t| months >= t) {
                    (Rule::LedgerExpired.code(), g.amount.min(*quota))
                } else if months >= policy.grants.reclaim_unused_after_months {
                    (Rule::LedgerUnused.code(), (g.amount - g.used).min(*quota - *staff))
                } else {
                    continue;
                };
                if amount > 0 {
                    *quota -= amount;
                    owed.push(Owed {
                        grant: g.id.clone(),
                        unit: g.unit.clone(),
                        ty: g.ty.clone(),
                        pool: g.pool.clone(),
                        amount,
                        rule: rule.to_string(),
                    });
                }
            }
        }
        let other_years = scenario.requests.iter().any(|r| r.year.is_some()) || year != 1;
        let state = (!owed.is_empty() || other_years).then(|| {
            let mut s = scenario.clone();
            s.requests.retain(|r| r.year.unwrap_or(1) == year);
            for o in &owed {
                let line = s.lines.binary_search_by(|l| (l.unit.as_str(), l.ty.as_str()).cmp(&(o.unit.as_str(), o.ty.as_str())));
                if let Ok(i) = line {
                    s.lines[i].quota -= o.amount;
                }
                if let Ok(i) = s.pools.binary_search_by(|p| p.id.as_str().cmp(&o.pool)) {
                    s.pools[i].available += o.amount;
                }
            }
            s
        });
        Opened { owed, state }
    }

    fn state<'s>(&'s self, scenario: &'s Scenario) -> &'s Scenario {
        self.state.as_ref().unwrap_or(scenario)
    }

    /// The plan's returns must be exactly those owed, before every other move.
    fn check_returns(&self, moves: &[Move], found: &mut Found) {
        let code = Rule::LedgerReturns.code();
        let mut given = Vec::new();
        let mut others = 0;
        for (i, m) in moves.iter().enumerate() {
            match m {
                Move::Return { ty, from, to, grant, amount, rule, .. } => {
                    if others > 0 {
                        found.flag(code, format!("{}: listed after other moves (move {}); returns come first", describe(m), i + 1));
                    }
                    given.push(Owed {
                        grant: grant.clone(),
                        unit: from.clone(),
                        ty: ty.clone(),
                        pool: to.clone(),
                        amount: *amount,
                        rule: rule.clone(),
                    });
                    if rule != Rule::LedgerExpired.code() && rule != Rule::LedgerUnused.code() {
                        found.flag(code, format!("{}: rule {rule:?} is not a ledger rule", describe(m)));
                    }
                }
                _ => others += 1,
            }
        }
        for o in &self.owed {
            match given.iter().position(|g| g.grant == o.grant) {
                None => found.flag(
                    code,
                    format!("grant {}: the ledger returns {} {} from {} to {} ({}) but the plan has no such return", o.grant, o.amount, o.ty, o.unit, o.pool, o.rule),
                ),
                Some(i) => {
                    let g = given.remove(i);
                    if g != *o {
                        found.flag(
                            code,
                            format!(
                                "grant {}: the plan returns {} {} from {} to {} ({}), the ledger owes {} {} from {} to {} ({})",
                                o.grant, g.amount, g.ty, g.unit, g.pool, g.rule, o.amount, o.ty, o.unit, o.pool, o.rule
                            ),
                        );
                    }
                }
            }
        }
        for g in given {
            found.flag(code, format!("grant {}: the plan returns {} {} from {} but the ledger owes nothing at this date", g.grant, g.amount, g.ty, g.unit));
        }
    }

    /// The evaluation of the moves after the returns, restated from the scenario's own
    /// state: `before` values are the input's, and lines changed by returns alone are
    /// listed.
    fn rebase(&self, scenario: &Scenario, evaluation: &mut Evaluation) {
        if self.state.is_none() {
            return;
        }
        let mut returned: BTreeMap<(String, String), i64> = BTreeMap::new();
        let mut into: BTreeMap<&str, i64> = BTreeMap::new();
        for o in &self.owed {
            *returned.entry((o.unit.clone(), o.ty.clone())).or_insert(0) += o.amount;
            *into.entry(o.pool.as_str()).or_insert(0) += o.amount;
        }
        for c in &mut evaluation.units {
            if let Some(r) = returned.remove(&(c.unit.clone(), c.ty.clone())) {
                c.quota_before += r;
            }
        }
        for ((unit, ty), r) in returned {
            let (quota, staff) = scenario.line(&unit, &ty).map(|l| (l.quota, l.staff)).unwrap_or((0, 0));
            evaluation.units.push(UnitChange { unit, ty, quota_before: quota, quota_after: quota - r, staff_before: staff, staff_after: staff });
        }
        // Only changed lines are listed: a return granted back leaves its line as it was.
        evaluation.units.retain(|c| c.quota_before != c.quota_after || c.staff_before != c.staff_after);
        evaluation.units.sort_by(|a, b| (&a.unit, &a.ty).cmp(&(&b.unit, &b.ty)));
        for c in &mut evaluation.pools {
            c.before -= into.get(c.pool.as_str()).copied().unwrap_or(0);
        }
    }
}

/// Violations collected so far (rank filled in by the caller).
#[derive(Default)]
struct Found(Vec<Violation>);

impl Found {
    fn flag(&mut self, rule: &str, message: String) {
        self.0.push(Violation { rank: 0, rule: rule.to_string(), message });
    }
}

/// A reclaim whose unit, pool and type are known.
struct ReclaimMove<'a> {
    unit: &'a Unit,
    ty: &'a str,
    pool: &'a Pool,
    amount: i64,
    text: String,
}

/// A merge of two distinct known units, the first one naming its unit.
struct MergeMove<'a> {
    unit: &'a Unit,
    host: &'a Unit,
    text: String,
}

/// An absorb whose units and type are known.
struct AbsorbMove<'a> {
    from: &'a Unit,
    to: &'a Unit,
    ty: &'a str,
    amount: i64,
    text: String,
}

/// A grant whose pool, unit, request and type are known.
struct GrantMove<'a> {
    pool: &'a Pool,
    unit: &'a Unit,
    request: &'a Request,
    ty: &'a str,
    amount: i64,
    text: String,
}

/// (unit id, type) of an establishment line.
type LineKey<'a> = (&'a str, &'a str);

struct Evaluator<'a> {
    scenario: &'a Scenario,
    policy: &'a Policy,
    found: Found,
    reclaims: Vec<ReclaimMove<'a>>,
    merges: Vec<MergeMove<'a>>,
    absorbs: Vec<AbsorbMove<'a>>,
    grants: Vec<GrantMove<'a>>,
    /// Merged unit → host, first merge move of each unit only.
    merged: BTreeMap<&'a str, &'a str>,
    /// (unit, type) that gives: a reclaim or absorbed staff out.
    gives: BTreeSet<LineKey<'a>>,
    /// (unit, type) that receives: a grant, absorbed staff in, or hosting a merge that
    /// brings a line of the type.
    receives: BTreeSet<LineKey<'a>>,
    /// Change of (quota, staff) per line touched by a move.
    line_delta: BTreeMap<LineKey<'a>, (i64, i64)>,
    /// Pool id → available after the plan.
    pool_after: BTreeMap<&'a str, i64>,
    /// (region, type) → the pool marked `collects` there.
    collecting: BTreeMap<(&'a str, &'a str), &'a str>,
}

impl<'a> Evaluator<'a> {
    fn new(scenario: &'a Scenario, policy: &'a Policy) -> Self {
        Evaluator {
            scenario,
            policy,
            found: Found::default(),
            reclaims: Vec::new(),
            merges: Vec::new(),
            absorbs: Vec::new(),
            grants: Vec::new(),
            merged: BTreeMap::new(),
            gives: BTreeSet::new(),
            receives: BTreeSet::new(),
            line_delta: BTreeMap::new(),
            pool_after: scenario.pools.iter().map(|p| (p.id.as_str(), p.available)).collect(),
            collecting: scenario
                .pools
                .iter()
                .filter(|p| p.collects && !p.region.is_empty())
                .map(|p| ((p.region.as_str(), p.ty.as_str()), p.id.as_str()))
                .collect(),
        }
    }

    /// Where quota a unit gives up in a type must go: its region's collecting pool for
    /// the type, else the model's `reclaim.into`.
    fn give_pool(&self, unit: &Unit, ty: &str) -> Option<&'a str> {
        if !unit.region.is_empty() {
            if let Some(&id) = self.collecting.get(&(unit.region.as_str(), ty)) {
                return Some(id);
            }
        }
        self.policy.into_pool(ty)
    }

    fn run(mut self, moves: &'a [Move]) -> Evaluation {
        for m in moves {
            self.resolve(m);
        }
        self.index_giving_and_receiving();
        self.apply_effects();
        self.check_reclaims();
        self.check_merges();
        self.check_absorbs();
        self.check_grants();
        self.check_pools();
        let units = self.unit_changes();
        let pools = self.pool_changes();
        check_balance(self.scenario, &units, &pools, "after the moves", &mut self.found);
        let granted = self.granted();
        let terms = self.terms(&granted);
        let objective = objective_of(self.policy, &terms);
        let pattern = (
            granted.iter().filter(|(_, g)| **g > 0).map(|(r, _)| r.clone()).collect(),
            self.reclaims.iter().map(|r| r.unit.id.clone()).collect(),
            self.merged.keys().map(|u| u.to_string()).collect(),
        );
        let hosts = self.merged.iter().map(|(u, h)| (u.to_string(), h.to_string())).collect();
        Evaluation { violations: self.found.0, terms, objective, units, pools, granted, pattern, hosts }
    }

    /// Input (quota, staff) of a line; a line the unit lacks counts as (0, 0).
    fn input_line(&self, unit: &str, ty: &str) -> (i64, i64) {
        self.scenario.line(unit, ty).map(|l| (l.quota, l.staff)).unwrap_or((0, 0))
    }

    /// (quota, staff) of a line after every move.
    fn final_line(&self, unit: &str, ty: &str) -> (i64, i64) {
        let (q, s) = self.input_line(unit, ty);
        let (dq, ds) = self.line_delta.get(&(unit, ty)).copied().unwrap_or((0, 0));
        (q + dq, s + ds)
    }

    fn overstaffed_in(&self, unit: &str, ty: &str) -> bool {
        let (q, s) = self.input_line(unit, ty);
        s > q
    }

    fn known_unit(&mut self, id: &str, text: &str) -> Option<&'a Unit> {
        let unit = self.scenario.unit(id);
        if unit.is_none() {
            self.found.flag("move.unknown", format!("{text}: unknown unit {id}"));
        }
        unit
    }

    fn known_pool(&mut self, id: &str, text: &str) -> Option<&'a Pool> {
        let pool = self.scenario.pool(id);
        if pool.is_none() {
            self.found.flag("move.unknown", format!("{text}: unknown pool {id}"));
        }
        pool
    }

    fn known_type(&mut self, ty: &str, text: &str) -> bool {
        let known = self.policy.types.contains_key(ty);
        if !known {
            self.found.flag("move.unknown", format!("{text}: unknown establishment type {ty}"));
        }
        known
    }

    fn positive_amount(&mut self, amount: i64, text: &str) {
        if amount < 1 {
            self.found.flag("move.amount", format!("{text}: amount must be at least 1"));
        }
    }

    /// Checks the references of one move and files it by kind; a move naming something
    /// unknown has no effect (it cannot be applied) beyond its `move.unknown` violation.
    fn resolve(&mut self, m: &'a Move) {
        let text = describe(m);
        match m {
            // Checked against the ledger by `Opened::check_returns`, and already made in
            // the state the evaluator starts from.
            Move::Return { .. } => {}
            Move::Reclaim { ty, from, to, amount, .. } => {
                let unit = self.known_unit(from, &text);
                let pool = self.known_pool(to, &text);
                let ty_known = self.known_type(ty, &text);
                self.positive_amount(*amount, &text);
                if let (Some(unit), Some(pool), true) = (unit, pool, ty_known) {
                    self.reclaims.push(ReclaimMove { unit, ty, pool, amount: *amount, text });
                }
            }
            Move::Merge { from, to, .. } => {
                let unit = self.known_unit(from, &text);
                let host = self.known_unit(to, &text);
                let (Some(unit), Some(host)) = (unit, host) else { return };
                if unit.id == host.id {
                    self.found.flag(Rule::MergeHost.code(), format!("{text}: a unit cannot be merged into itself"));
                } else if let Some(first_host) = self.merged.get(unit.id.as_str()) {
                    self.found.flag(
                        Rule::MergeOnce.code(),
                        format!("{text}: {} is already merged into {first_host}", unit.id),
                    );
                } else {
                    self.merged.insert(&unit.id, &host.id);
                    self.merges.push(MergeMove { unit, host, text });
                }
            }
            Move::Absorb { ty, from, to, amount, .. } => {
                let from_unit = self.known_unit(from, &text);
                let to_unit = self.known_unit(to, &text);
                let ty_known = self.known_type(ty, &text);
                self.positive_amount(*amount, &text);
                if let (Some(from), Some(to), true) = (from_unit, to_unit, ty_known) {
                    self.absorbs.push(AbsorbMove { from, to, ty, amount: *amount, text });
                }
            }
            Move::Grant { ty, from, to, request, amount, .. } => {
                let pool = self.known_pool(from, &text);
                let unit = self.known_unit(to, &text);
                let known_request = self.scenario.request(request);
                if known_request.is_none() {
                    self.found.flag("move.unknown", format!("{text}: unknown request {request}"));
                }
                let ty_known = self.known_type(ty, &text);
                self.positive_amount(*amount, &text);
                if let (Some(pool), Some(unit), Some(request), true) =
                    (pool, unit, known_request, ty_known)
                {
                    self.grants.push(GrantMove { pool, unit, request, ty, amount: *amount, text });
                }
            }
        }
    }

    fn index_giving_and_receiving(&mut self) {
        for r in &self.reclaims {
            self.gives.insert((&r.unit.id, r.ty));
        }
        for a in &self.absorbs {
            self.gives.insert((&a.from.id, a.ty));
            self.receives.insert((&a.to.id, a.ty));
        }
        for g in &self.grants {
            self.receives.insert((&g.unit.id, g.ty));
        }
        for m in &self.merges {
            for line in self.scenario.lines_of(&m.unit.id) {
                self.receives.insert((&m.host.id, &line.ty));
            }
        }
    }

    /// Applies every resolved move as deltas, so the order of moves does not matter.
    /// A merge empties its unit's input lines into the host (quota min(q, s), all staff)
    /// and releases max(0, q − s) to the type's pool.
    fn apply_effects(&mut self) {
        let scenario = self.scenario;
        let mut line_delta = std::mem::take(&mut self.line_delta);
        let mut pool_after = std::mem::take(&mut self.pool_after);
        let mut shift = |key: LineKey<'a>, quota: i64, staff: i64| {
            let d = line_delta.entry(key).or_insert((0, 0));
            d.0 += quota;
            d.1 += staff;
        };
        for r in &self.reclaims {
            shift((&r.unit.id, r.ty), -r.amount, 0);
            *pool_after.entry(&r.pool.id).or_insert(0) += r.amount;
        }
        for m in &self.merges {
            for line in scenario.lines_of(&m.unit.id) {
                shift((&m.unit.id, &line.ty), -line.quota, -line.staff);
                shift((&m.host.id, &line.ty), line.quota.min(line.staff), line.staff);
                let released = line.vacancy();
                // Without a known pool the released quota has nowhere to go; merge.pool
                // names that, and conservation.quota shows the loss.
                if let Some(pool) = self.give_pool(m.unit, &line.ty).and_then(|p| scenario.pool(p)) {
                    if released > 0 {
                        *pool_after.entry(&pool.id).or_insert(0) += released;
                    }
                }
            }
        }
        for a in &self.absorbs {
            shift((&a.from.id, a.ty), 0, -a.amount);
            shift((&a.to.id, a.ty), 0, a.amount);
        }
        for g in &self.grants {
            shift((&g.unit.id, g.ty), g.amount, 0);
            *pool_after.entry(&g.pool.id).or_insert(0) -= g.amount;
        }
        self.line_delta = line_delta;
        self.pool_after = pool_after;
    }

    /// x ≤ min(v − keep_vacant, ⌊max_share · v⌋) per (unit, type), summed over moves;
    /// into the type's pool; not from protected, requesting, merged or receiving units.
    fn check_reclaims(&mut self) {
        let requesting: BTreeSet<LineKey<'a>> =
            self.scenario.requests.iter().map(|r| (r.unit.as_str(), r.ty.as_str())).collect();
        let mut reclaimed: BTreeMap<LineKey<'a>, i64> = BTreeMap::new();
        let keep_vacant = self.policy.reclaim.keep_vacant;
        let max_share = self.policy.reclaim.max_share;
        for r in &self.reclaims {
            let key = (r.unit.id.as_str(), r.ty);
            *reclaimed.entry(key).or_insert(0) += r.amount;
            let into = self.give_pool(r.unit, r.ty);
            if into != Some(r.pool.id.as_str()) || r.pool.ty != r.ty {
                let expected = into.unwrap_or("none: the model names no pool for this type");
                self.found.flag(
                    Rule::ReclaimPool.code(),
                    format!("{}: {} quota goes to {expected}", r.text, r.ty),
                );
            }
            if r.unit.protected {
                self.found.flag(Rule::ReclaimProtected.code(), format!("{}: {} is protected", r.text, r.unit.id));
            }
            if requesting.contains(&key) {
                self.found.flag(
                    Rule::ReclaimRequesting.code(),
                    format!("{}: {} requests {} quota", r.text, r.unit.id, r.ty),
                );
            }
            if let Some(host) = self.merged.get(key.0) {
                self.found.flag(
                    Rule::ReclaimMerged.code(),
                    format!("{}: {} is merged into {host}", r.text, r.unit.id),
                );
            }
            if self.receives.contains(&key) {
                self.found.flag(
                    Rule::ReclaimReceiving.code(),
                    format!("{}: {} receives {} in the same plan", r.text, r.unit.id, r.ty),
                );
            }
        }
        for ((unit, ty), total) in reclaimed {
            let (q, s) = self.input_line(unit, ty);
            let vacancy = (q - s).max(0);
            // The epsilon keeps 0.6·5 = 3 from flooring to 2.
            let share_limit = (max_share * vacancy as f64 + 1e-9).floor() as i64;
            let limit = (vacancy - keep_vacant).min(share_limit);
            if total > limit {
                self.found.flag(
                    Rule::ReclaimLimit.code(),
                    format!(
                        "{unit} {ty}: reclaims {total}, at most {} (vacancy {vacancy}, keep_vacant {keep_vacant}, max_share {max_share})",
                        limit.max(0)
                    ),
                );
            }
        }
    }

    /// Eligibility of each merged unit and its host, pools for released quota, isolation
    /// of merged units, forced merges of vanished units and the merge budget.
    fn check_merges(&mut self) {
        let policy = self.policy;
        let consolidation = &policy.consolidation;
        let may_receive = policy.receiving.overstaffed_may_receive;
        for m in &self.merges {
            let (u, h) = (m.unit, m.host);
            for unit in [u, h] {
                if !consolidation.kinds.contains(&unit.kind) {
                    self.found.flag(
                        Rule::MergeKind.code(),
                        format!("{}: {} is {}, not a kind the model consolidates", m.text, unit.id, unit.kind.key()),
                    );
                }
            }
            let total_quota = self.scenario.total_quota(&u.id);
            if total_quota > consolidation.max_quota && u.function != Function::Vanished {
                self.found.flag(
                    Rule::MergeEligible.code(),
                    format!(
                        "{}: {} holds {total_quota} quota (small is at most {}) and its function is {}",
                        m.text,
                        u.id,
                        consolidation.max_quota,
                        u.function.key()
                    ),
                );
            }
            if u.protected {
                self.found.flag(Rule::MergeProtected.code(), format!("{}: {} is protected", m.text, u.id));
            }
            if consolidation.same_parent && u.parent != h.parent {
                self.found.flag(
                    Rule::MergeGroup.code(),
                    format!(
                        "{}: supervising units differ ({} vs {})",
                        m.text,
                        u.parent.as_deref().unwrap_or("none"),
                        h.parent.as_deref().unwrap_or("none")
                    ),
                );
            }
            if consolidation.same_sector && u.sector != h.sector {
                self.found.flag(
                    Rule::MergeGroup.code(),
                    format!("{}: sectors differ ({} vs {})", m.text, u.sector, h.sector),
                );
            }
            if u.level != h.level {
                self.found.flag(
                    Rule::MergeGroup.code(),
                    format!("{}: levels differ ({} vs {})", m.text, u.level, h.level),
                );
            }
            if u.region != h.region {
                self.found.flag(
                    Rule::MergeGroup.code(),
                    format!("{}: regions differ ({} vs {})", m.text, u.region, h.region),
                );
            }
            if let Some(host_of_host) = self.merged.get(h.id.as_str()) {
                self.found.flag(
                    Rule::MergeHost.code(),
                    format!("{}: host {} is itself merged into {host_of_host}", m.text, h.id),
                );
            }
            if !may_receive {
                if let Some(line) = self.scenario.lines_of(&h.id).iter().find(|l| l.is_overstaffed()) {
                    self.found.flag(
                        Rule::MergeHost.code(),
                        format!(
                            "{}: host {} is overstaffed in {} ({} staff, {} quota)",
                            m.text, h.id, line.ty, line.staff, line.quota
                        ),
                    );
                }
            }
            for line in self.scenario.lines_of(&u.id).iter().filter(|l| l.quota > l.staff) {
                let pool = self.give_pool(u, &line.ty);
                let pool_ok = pool
                    .and_then(|p| self.scenario.pool(p))
                    .is_some_and(|p| p.ty == line.ty);
                if !pool_ok {
                    self.found.flag(
                        Rule::MergePool.code(),
                        format!(
                            "{}: {} releases {} {} quota but the model names no pool of that type for it",
                            m.text,
                            u.id,
                            line.vacancy(),
                            line.ty
                        ),
                    );
                }
            }
        }
        if consolidation.vanished_must_merge {
            for unit in &self.scenario.units {
                if unit.function == Function::Vanished
                    && consolidation.kinds.contains(&unit.kind)
                    && !self.merged.contains_key(unit.id.as_str())
                {
                    self.found.flag(
                        Rule::MergeVanished.code(),
                        format!("{}: function vanished but the plan does not merge it", unit.id),
                    );
                }
            }
        }
        if self.merges.len() as i64 > consolidation.max_merges {
            self.found.flag(
                Rule::MergeMax.code(),
                format!("{} merges, at most {}", self.merges.len(), consolidation.max_merges),
            );
        }
        if let Some(cap) = consolidation.max_merges_per_region {
            let mut per_region: BTreeMap<&str, i64> = BTreeMap::new();
            for m in &self.merges {
                if !m.unit.region.is_empty() {
                    *per_region.entry(m.unit.region.as_str()).or_insert(0) += 1;
                }
            }
            for (region, n) in per_region.into_iter().filter(|(_, n)| *n > cap) {
                self.found.flag(Rule::MergeMaxRegion.code(), format!("{n} merges in region {region}, at most {cap} (max_merges_per_region)"));
            }
        }
    }

    /// Staff move only out of an overstaffed line, only its excess, within one sector and
    /// level, into a line that is not overstaffed, not merged, gives nothing in the type
    /// and ends with staff ≤ quota.
    fn check_absorbs(&mut self) {
        let mut absorbed_out: BTreeMap<LineKey<'a>, i64> = BTreeMap::new();
        let mut absorbing: BTreeSet<LineKey<'a>> = BTreeSet::new();
        for a in &self.absorbs {
            let (u, w, ty) = (a.from, a.to, a.ty);
            *absorbed_out.entry((&u.id, ty)).or_insert(0) += a.amount;
            absorbing.insert((&w.id, ty));
            if u.id == w.id {
                self.found.flag(Rule::AbsorbReceiver.code(), format!("{}: a unit cannot absorb its own staff", a.text));
            }
            if u.region != w.region {
                self.found.flag(
                    Rule::AbsorbHub.code(),
                    format!("{}: {} is in region {} but {} is in region {}", a.text, u.id, u.region, w.id, w.region),
                );
            }
            if u.sector != w.sector || u.level != w.level {
                self.found.flag(
                    Rule::AbsorbHub.code(),
                    format!(
                        "{}: {} is {} {} but {} is {} {}",
                        a.text, u.id, u.sector, u.level, w.id, w.sector, w.level
                    ),
                );
            }
            if !self.overstaffed_in(&u.id, ty) {
                let (q, s) = self.input_line(&u.id, ty);
                self.found.flag(
                    Rule::AbsorbSenderMerged.code(),
                    format!("{}: {} is not overstaffed in {ty} ({s} staff, {q} quota)", a.text, u.id),
                );
            }
            if let Some(host) = self.merged.get(u.id.as_str()) {
                self.found.flag(
                    Rule::MergeIsolated.code(),
                    format!("{}: {} is merged into {host} and gives nothing else", a.text, u.id),
                );
            }
            if self.overstaffed_in(&w.id, ty) {
                let (q, s) = self.input_line(&w.id, ty);
                self.found.flag(
                    Rule::AbsorbReceiver.code(),
                    format!("{}: {} is overstaffed in {ty} ({s} staff, {q} quota)", a.text, w.id),
                );
            }
            if let Some(host) = self.merged.get(w.id.as_str()) {
                self.found.flag(
                    Rule::AbsorbReceiver.code(),
                    format!("{}: {} is merged into {host}", a.text, w.id),
                );
            }
            if self.receives.contains(&(u.id.as_str(), ty)) {
                self.found.flag(
                    Rule::AbsorbSenderReceives.code(),
                    format!("{}: {} receives {ty} in the same plan", a.text, u.id),
                );
            }
        }
        for ((unit, ty), total) in absorbed_out {
            let (q, s) = self.input_line(unit, ty);
            let excess = s - q;
            // An absorb out of a line that is not overstaffed is absorb.sender already.
            if excess > 0 && total > excess {
                self.found.flag(
                    Rule::AbsorbLimit.code(),
                    format!("{unit} {ty}: absorbs {total} staff out, its excess is {excess}"),
                );
            }
        }
        for (unit, ty) in absorbing {
            let (q, s) = self.final_line(unit, ty);
            if s > q {
                self.found.flag(
                    Rule::AbsorbCapacity.code(),
                    format!("{unit} {ty}: ends with {s} staff on {q} quota after absorbing"),
                );
            }
        }
    }

    /// Pool, request and unit agree on type and sector; no grant to an overstaffed or
    /// merged unit; per request g ∈ {0} ∪ [min, amount]; per (pool, unit) ≤ per_unit_max.
    fn check_grants(&mut self) {
        let may_receive = self.policy.receiving.overstaffed_may_receive;
        let mut pool_unit_total: BTreeMap<(&'a str, &'a str), (i64, i64)> = BTreeMap::new();
        for g in &self.grants {
            let (p, u, r) = (g.pool, g.unit, g.request);
            let entry = pool_unit_total.entry((&p.id, &u.id)).or_insert((0, p.per_unit_max));
            entry.0 += g.amount;
            if r.unit != u.id {
                self.found.flag(
                    Rule::GrantRequest.code(),
                    format!("{}: request {} is for {}, not {}", g.text, r.id, r.unit, u.id),
                );
            }
            if r.ty != g.ty || p.ty != g.ty {
                self.found.flag(
                    Rule::GrantType.code(),
                    format!(
                        "{}: types differ (move {}, pool {} {}, request {} {})",
                        g.text, g.ty, p.id, p.ty, r.id, r.ty
                    ),
                );
            }
            if !p.sectors.admits(&u.sector) {
                self.found.flag(
                    Rule::GrantSector.code(),
                    format!("{}: pool {} does not lend to sector {}", g.text, p.id, u.sector),
                );
            }
            if !p.region.is_empty() && p.region != u.region {
                self.found.flag(
                    Rule::GrantRegion.code(),
                    format!("{}: pool {} lends only in region {}, not to {} of region {:?}", g.text, p.id, p.region, u.id, u.region),
                );
            }
            if !may_receive && self.overstaffed_in(&u.id, g.ty) {
                let (q, s) = self.input_line(&u.id, g.ty);
                self.found.flag(
                    Rule::GrantOverstaffed.code(),
                    format!("{}: {} is overstaffed in {} ({s} staff, {q} quota)", g.text, u.id, g.ty),
                );
            }
            if let Some(host) = self.merged.get(u.id.as_str()) {
                self.found.flag(
                    Rule::GrantMerged.code(),
                    format!("{}: {} is merged into {host}", g.text, u.id),
                );
            }
        }
        let mut per_request: BTreeMap<&'a str, (i64, &'a Request)> = BTreeMap::new();
        for g in &self.grants {
            per_request.entry(&g.request.id).or_insert((0, g.request)).0 += g.amount;
        }
        for (id, (total, r)) in per_request {
            let in_range = total == 0 || (r.min.max(1)..=r.amount).contains(&total);
            if !in_range {
                self.found.flag(
                    Rule::GrantRange.code(),
                    format!("request {id}: granted {total}, must be 0 or between {} and {}", r.min.max(1), r.amount),
                );
            }
        }
        for ((pool, unit), (total, per_unit_max)) in pool_unit_total {
            if per_unit_max > 0 && total > per_unit_max {
                self.found.flag(
                    Rule::GrantPerUnit.code(),
                    format!("pool {pool} grants {total} to {unit}, at most {per_unit_max} per unit"),
                );
            }
        }
    }

    /// Each pool ends with available ≥ max(reserve, 0).
    fn check_pools(&mut self) {
        for pool in &self.scenario.pools {
            let after = self.pool_after.get(pool.id.as_str()).copied().unwrap_or(pool.available);
            let reserve = self.policy.reserve_of(&pool.id).max(0);
            if after < reserve {
                self.found.flag(
                    Rule::PoolReserve.code(),
                    format!("pool {}: ends with {after} available, must keep {reserve}", pool.id),
                );
            }
        }
    }

    fn unit_changes(&self) -> Vec<UnitChange> {
        self.line_delta
            .iter()
            .filter(|(_, (dq, ds))| *dq != 0 || *ds != 0)
            .map(|(&(unit, ty), &(dq, ds))| {
                let (q, s) = self.input_line(unit, ty);
                UnitChange {
                    unit: unit.to_string(),
                    ty: ty.to_string(),
                    quota_before: q,
                    quota_after: q + dq,
                    staff_before: s,
                    staff_after: s + ds,
                }
            })
            .collect()
    }

    fn pool_changes(&self) -> Vec<PoolChange> {
        self.scenario
            .pools
            .iter()
            .map(|p| PoolChange {
                pool: p.id.clone(),
                before: p.available,
                after: self.pool_after.get(p.id.as_str()).copied().unwrap_or(p.available),
            })
            .collect()
    }

    fn granted(&self) -> BTreeMap<String, i64> {
        let mut granted: BTreeMap<String, i64> =
            self.scenario.requests.iter().map(|r| (r.id.clone(), 0)).collect();
        for g in &self.grants {
            *granted.entry(g.request.id.clone()).or_insert(0) += g.amount;
        }
        granted
    }

    fn terms(&self, granted: &BTreeMap<String, i64>) -> BTreeMap<String, i64> {
        let mut terms: BTreeMap<String, i64> =
            self.policy.tiers.keys().map(|t| (format!("fulfilled.{t}"), 0)).collect();
        for r in &self.scenario.requests {
            let g = granted.get(&r.id).copied().unwrap_or(0);
            *terms.entry(format!("fulfilled.{}", r.tier)).or_insert(0) += g;
        }
        let reclaimed: i64 = self.reclaims.iter().map(|r| r.amount).sum();
        let donor_units: BTreeSet<&str> = self.reclaims.iter().map(|r| r.unit.id.as_str()).collect();
        let (mut merge_staff, mut released) = (0, 0);
        for m in &self.merges {
            let (staff, freed) = merge_effect(self.scenario, &m.unit.id);
            merge_staff += staff;
            released += freed;
        }
        let absorbed: i64 = self.absorbs.iter().map(|a| a.amount).sum();
        terms.insert("reclaimed".into(), reclaimed);
        terms.insert("released".into(), released);
        terms.insert("donor_units".into(), donor_units.len() as i64);
        terms.insert("merges".into(), self.merges.len() as i64);
        terms.insert("absorbed".into(), absorbed);
        terms.insert("staff_moved".into(), merge_staff + absorbed);
        terms
    }
}

/// (staff moved, quota released) when a unit is merged: Σ s and Σ max(0, q − s) over
/// its input lines.
fn merge_effect(scenario: &Scenario, unit: &str) -> (i64, i64) {
    scenario
        .lines_of(unit)
        .iter()
        .fold((0, 0), |(staff, released), l| (staff + l.staff, released + l.vacancy()))
}

fn objective_of(policy: &Policy, terms: &BTreeMap<String, i64>) -> f64 {
    let term = |name: &str| terms.get(name).copied().unwrap_or(0) as f64;
    let fulfilled: f64 =
        policy.tiers.iter().map(|(key, tier)| tier.weight * term(&format!("fulfilled.{key}"))).sum();
    let weighted: f64 = policy.weights.named().iter().map(|(name, w)| w * term(name)).sum();
    fulfilled + weighted
}

/// Per type, Σ quota + Σ pool available and Σ staff are unchanged, and no line ends
/// negative. `whose` says which state is checked (recomputed or reported).
fn check_balance(
    scenario: &Scenario,
    units: &[UnitChange],
    pools: &[PoolChange],
    whose: &str,
    found: &mut Found,
) {
    let mut quota_change: BTreeMap<&str, i64> = BTreeMap::new();
    let mut staff_change: BTreeMap<&str, i64> = BTreeMap::new();
    for c in units {
        *quota_change.entry(&c.ty).or_insert(0) += c.quota_after - c.quota_before;
        *staff_change.entry(&c.ty).or_insert(0) += c.staff_after - c.staff_before;
        if c.quota_after < 0 || c.staff_after < 0 {
            found.flag(
                Rule::StateNegative.code(),
                format!(
                    "{} {}: ends with quota {} and staff {} ({whose})",
                    c.unit, c.ty, c.quota_after, c.staff_after
                ),
            );
        }
    }
    for c in pools {
        // A pool the scenario does not know has no type; report.pools names it.
        if let Some(pool) = scenario.pool(&c.pool) {
            *quota_change.entry(&pool.ty).or_insert(0) += c.after - c.before;
        }
    }
    for (ty, change) in quota_change {
        if change != 0 {
            found.flag(
                Rule::ConservationQuota.code(),
                format!("{ty}: quota plus pools changes by {change:+} ({whose})"),
            );
        }
    }
    for (ty, change) in staff_change {
        if change != 0 {
            found.flag(Rule::ConservationStaff.code(), format!("{ty}: staff changes by {change:+} ({whose})"));
        }
    }
}

fn compare_terms(evaluation: &Evaluation, plan: &Plan, found: &mut Found) {
    for (name, computed) in &evaluation.terms {
        match plan.terms.get(name) {
            None => found.flag("report.terms", format!("term {name} is missing, the moves give {computed}")),
            Some(reported) if reported != computed => found.flag(
                "report.terms",
                format!("term {name} is reported as {reported}, the moves give {computed}"),
            ),
            Some(_) => {}
        }
    }
    for (name, reported) in &plan.terms {
        if !evaluation.terms.contains_key(name) {
            found.flag("report.terms", format!("term {name} = {reported} is not a term of this model"));
        }
    }
}

fn compare_objective(evaluation: &Evaluation, plan: &Plan, found: &mut Found) {
    let computed = evaluation.objective;
    let tolerance = 1e-6 * computed.abs().max(1.0);
    if !plan.objective.is_finite() || (plan.objective - computed).abs() > tolerance {
        found.flag(
            "report.objective",
            format!("objective is reported as {}, the moves give {computed}", plan.objective),
        );
    }
}

fn describe_change(c: &UnitChange) -> String {
    format!(
        "quota {} -> {}, staff {} -> {}",
        c.quota_before, c.quota_after, c.staff_before, c.staff_after
    )
}

fn compare_units(scenario: &Scenario, evaluation: &Evaluation, plan: &Plan, found: &mut Found) {
    let mut reported: BTreeMap<LineKey<'_>, &UnitChange> = BTreeMap::new();
    for c in &plan.units {
        if reported.insert((&c.unit, &c.ty), c).is_some() {
            found.flag("report.units", format!("{} {}: listed more than once", c.unit, c.ty));
        }
    }
    for c in &evaluation.units {
        match reported.remove(&(c.unit.as_str(), c.ty.as_str())) {
            None => found.flag(
                "report.units",
                format!("{} {}: missing, the moves give {}", c.unit, c.ty, describe_change(c)),
            ),
            Some(r) if r != c => found.flag(
                "report.units",
                format!(
                    "{} {}: reported as {}, the moves give {}",
                    c.unit,
                    c.ty,
                    describe_change(r),
                    describe_change(c)
                ),
            ),
            Some(_) => {}
        }
    }
    // What is left is reported as changed although the moves leave it alone; a line
    // listed with no change and its true input values is noise, not a false claim.
    for ((unit, ty), r) in reported {
        let input = scenario.line(unit, ty).map(|l| (l.quota, l.staff)).unwrap_or((0, 0));
        let claims_nothing = r.quota_before == r.quota_after
            && r.staff_before == r.staff_after
            && (r.quota_before, r.staff_before) == input;
        if !claims_nothing {
            found.flag(
                "report.units",
                format!(
                    "{unit} {ty}: reported as {}, the moves leave it at quota {}, staff {}",
                    describe_change(r),
                    input.0,
                    input.1
                ),
            );
        }
    }
}

fn compare_pools(evaluation: &Evaluation, plan: &Plan, found: &mut Found) {
    let mut reported: BTreeMap<&str, &PoolChange> = BTreeMap::new();
    for c in &plan.pools {
        if reported.insert(&c.pool, c).is_some() {
            found.flag("report.pools", format!("pool {}: listed more than once", c.pool));
        }
    }
    for c in &evaluation.pools {
        match reported.remove(c.pool.as_str()) {
            None => found.flag(
                "report.pools",
                format!("pool {}: missing, the moves give {} -> {}", c.pool, c.before, c.after),
            ),
            Some(r) if r != c => found.flag(
                "report.pools",
                format!(
                    "pool {}: reported as {} -> {}, the moves give {} -> {}",
                    c.pool, r.before, r.after, c.before, c.after
                ),
            ),
            Some(_) => {}
        }
    }
    for (id, _) in reported {
        found.flag("report.pools", format!("pool {id}: not a pool of the scenario"));
    }
}

fn compare_requests(scenario: &Scenario, evaluation: &Evaluation, plan: &Plan, found: &mut Found) {
    let mut reported: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for o in &plan.requests {
        if reported.insert(&o.request, (o.amount, o.granted)).is_some() {
            found.flag("report.requests", format!("request {}: listed more than once", o.request));
        }
    }
    for r in &scenario.requests {
        let granted = evaluation.granted.get(&r.id).copied().unwrap_or(0);
        match reported.remove(r.id.as_str()) {
            None => found.flag(
                "report.requests",
                format!("request {}: missing, the moves grant {granted}", r.id),
            ),
            Some((amount, reported_granted)) => {
                if amount != r.amount {
                    found.flag(
                        "report.requests",
                        format!("request {}: amount reported as {amount}, the scenario asks {}", r.id, r.amount),
                    );
                }
                if reported_granted != granted {
                    found.flag(
                        "report.requests",
                        format!("request {}: granted reported as {reported_granted}, the moves grant {granted}", r.id),
                    );
                }
            }
        }
    }
    for (id, _) in reported {
        found.flag("report.requests", format!("request {id}: not a request of the scenario"));
    }
}

fn compare_merges(scenario: &Scenario, plan: &Plan, found: &mut Found) {
    for m in &plan.moves {
        let Move::Merge { from, staff, released, .. } = m else { continue };
        if scenario.unit(from).is_none() {
            continue; // move.unknown already
        }
        let (true_staff, true_released) = merge_effect(scenario, from);
        if (*staff, *released) != (true_staff, true_released) {
            found.flag(
                "report.merge",
                format!(
                    "{}: reports staff {staff} and released {released}, the unit's lines give staff {true_staff} and released {true_released}",
                    describe(m)
                ),
            );
        }
    }
}

/// Short text naming a move in messages, e.g. `reclaim institution 2 U0123 -> POOL-MUNI`.
fn describe(m: &Move) -> String {
    match m {
        Move::Reclaim { ty, from, to, amount, .. } => format!("reclaim {ty} {amount} {from} -> {to}"),
        Move::Merge { from, to, .. } => format!("merge {from} -> {to}"),
        Move::Absorb { ty, from, to, amount, .. } => format!("absorb {ty} {amount} {from} -> {to}"),
        Move::Grant { ty, from, to, request, amount, .. } => {
            format!("grant {ty} {amount} {from} -> {to} for {request}")
        }
        Move::Return { ty, from, to, grant, amount, .. } => format!("return {ty} {amount} {from} -> {to} of grant {grant}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Line, ModelRef, RequestOutcome, ScenarioRef, Sectors, SolverRef, UnitKind};

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

    fn policy() -> Policy {
        Policy::parse(MODEL, "m.toml").unwrap()
    }

    fn unit(id: &str, parent: Option<&str>, kind: UnitKind) -> Unit {
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

    fn line(unit: &str, quota: i64, staff: i64) -> Line {
        Line { unit: unit.into(), ty: "institution".into(), quota, staff, retiring: Vec::new() }
    }

    fn pool(id: &str, ty: &str, available: i64, sectors: Sectors, per_unit_max: i64) -> Pool {
        Pool { id: id.into(), name: id.into(), ty: ty.into(), available, sectors, per_unit_max, region: String::new(), collects: false }
    }

    fn request(id: &str, unit: &str, amount: i64, tier: &str, min: i64) -> Request {
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
    fn scenario() -> Scenario {
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

    fn reclaim(from: &str, amount: i64) -> Move {
        Move::Reclaim {
            ty: "institution".into(),
            from: from.into(),
            to: "POOL-I".into(),
            amount,
            rule: "reclaim".into(),
            reason: String::new(),
        }
    }

    fn merge(from: &str, to: &str, staff: i64, released: i64) -> Move {
        Move::Merge {
            from: from.into(),
            to: to.into(),
            staff,
            released,
            rule: "consolidation.small".into(),
            reason: String::new(),
        }
    }

    fn absorb(from: &str, to: &str, amount: i64) -> Move {
        Move::Absorb {
            ty: "institution".into(),
            from: from.into(),
            to: to.into(),
            amount,
            rule: "absorb".into(),
            reason: String::new(),
        }
    }

    fn grant(pool: &str, to: &str, request: &str, amount: i64) -> Move {
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
    fn valid_moves() -> Vec<Move> {
        vec![reclaim("U1", 4), merge("U2", "U3", 2, 1), absorb("U4", "U5", 2), grant("POOL-I", "U6", "R1", 3)]
    }

    /// The plan a correct optimizer would report for `moves`.
    fn plan_for(moves: Vec<Move>) -> Plan {
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

    fn rules_of(violations: &[Violation]) -> Vec<&str> {
        violations.iter().map(|v| v.rule.as_str()).collect()
    }

    /// Asserts that `moves` break `rule` (and shows every violation when not).
    fn check_breaks(moves: Vec<Move>, rule: &str) {
        let evaluation = evaluate(&scenario(), &policy(), &moves);
        assert!(
            rules_of(&evaluation.violations).contains(&rule),
            "expected {rule}, got {:#?}",
            evaluation.violations
        );
    }

    /// The valid moves with the one at `index` replaced.
    fn valid_with(index: usize, replacement: Move) -> Vec<Move> {
        let mut moves = valid_moves();
        moves[index] = replacement;
        moves
    }

    #[test]
    fn valid_plan_passes_with_correct_terms_and_objective() {
        let (s, p) = (scenario(), policy());
        let evaluation = evaluate(&s, &p, &valid_moves());
        assert!(evaluation.violations.is_empty(), "{:#?}", evaluation.violations);
        let expected: BTreeMap<String, i64> = [
            ("fulfilled.key", 3),
            ("fulfilled.operations", 0),
            ("reclaimed", 4),
            ("released", 1),
            ("donor_units", 1),
            ("merges", 1),
            ("absorbed", 2),
            ("staff_moved", 4),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        assert_eq!(evaluation.terms, expected);
        // 100·3 + 0.5·4 + 0.25·1 − 1·1 + 2·1 + 5·2 − 0.5·4
        assert!((evaluation.objective - 311.25).abs() < 1e-9, "{}", evaluation.objective);
        let changed: Vec<(&str, i64, i64, i64, i64)> = evaluation
            .units
            .iter()
            .map(|c| (c.unit.as_str(), c.quota_before, c.quota_after, c.staff_before, c.staff_after))
            .collect();
        assert_eq!(
            changed,
            vec![
                ("U1", 10, 6, 5, 5),
                ("U2", 3, 0, 2, 0),
                ("U3", 20, 22, 15, 17),
                ("U4", 6, 6, 8, 6),
                ("U5", 10, 10, 6, 8),
                ("U6", 8, 11, 8, 8),
            ]
        );
        let pools: Vec<(&str, i64, i64)> =
            evaluation.pools.iter().map(|c| (c.pool.as_str(), c.before, c.after)).collect();
        assert_eq!(pools, vec![("POOL-A", 0, 0), ("POOL-E", 10, 10), ("POOL-I", 3, 5)]);
        assert_eq!(evaluation.granted["R1"], 3);
        assert_eq!(evaluation.granted["R2"], 0);
        let set = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<BTreeSet<String>>();
        assert_eq!(evaluation.pattern, (set(&["R1"]), set(&["U1"]), set(&["U2"])));

        let plan = plan_for(valid_moves());
        assert_eq!(verify_plan(&s, &p, &plan), vec![]);
        let doc = PlansDoc {
            format: PLANS_FORMAT.into(),
            scenario: ScenarioRef { name: s.name.clone(), input_digest: s.digest.clone() },
            model: ModelRef { name: p.name.clone(), digest: p.digest.clone() },
            solver: SolverRef { name: "highs".into(), status: "optimal".into(), seconds: 0.1, gap: 0.0 },
            plans: vec![plan],
            diverse: None,
            decisions: Default::default(),
            ranges: None,
            years: None,
        };
        assert_eq!(verify_doc(&s, &p, &doc), vec![]);
    }

    #[test]
    fn document_identity_is_checked() {
        let (s, p) = (scenario(), policy());
        let doc = PlansDoc {
            format: "bianzhi.plans/0".into(),
            scenario: ScenarioRef { name: s.name.clone(), input_digest: "sha256:other".into() },
            model: ModelRef { name: p.name.clone(), digest: "sha256:other".into() },
            solver: SolverRef { name: "highs".into(), status: "optimal".into(), seconds: 0.1, gap: 0.0 },
            plans: vec![plan_for(valid_moves())],
            diverse: None,
            decisions: Default::default(),
            ranges: None,
            years: None,
        };
        let violations = verify_doc(&s, &p, &doc);
        assert_eq!(rules_of(&violations), vec!["document.format", "document.scenario", "document.model"]);
        assert_eq!(violations[0].rank, 0);
    }

    #[test]
    fn display_names_plan_and_rule() {
        let v = Violation { rank: 2, rule: "reclaim.limit".into(), message: "U1 institution: x".into() };
        assert_eq!(v.to_string(), "plan 2: [reclaim.limit] U1 institution: x");
    }

    #[test]
    fn unknown_references_and_bad_amounts() {
        check_breaks(valid_with(0, reclaim("NOPE", 1)), "move.unknown");
        check_breaks(valid_with(3, grant("POOL-I", "U6", "R9", 3)), "move.unknown");
        check_breaks(valid_with(0, reclaim("U1", 0)), "move.amount");
    }

    #[test]
    fn reclaim_over_limit() {
        check_breaks(valid_with(0, reclaim("U1", 5)), "reclaim.limit");
        // Two moves that each fit but together do not.
        let mut moves = valid_moves();
        moves.push(reclaim("U1", 1));
        check_breaks(moves, "reclaim.limit");
    }

    #[test]
    fn reclaim_from_protected_requesting_or_receiving_unit() {
        check_breaks(valid_with(0, reclaim("PR", 1)), "reclaim.protected");
        check_breaks(valid_with(0, reclaim("U6", 0)), "reclaim.requesting");
        check_breaks(valid_with(0, reclaim("U3", 1)), "reclaim.receiving");
        check_breaks(valid_with(0, reclaim("U2", 1)), "reclaim.merged");
        let mut wrong_pool = reclaim("U1", 1);
        if let Move::Reclaim { to, .. } = &mut wrong_pool {
            *to = "POOL-E".into();
        }
        check_breaks(valid_with(0, wrong_pool), "reclaim.pool");
    }

    #[test]
    fn merge_of_unit_neither_small_nor_vanished() {
        let mut moves = valid_moves();
        moves.push(merge("BIG", "U3", 12, 0));
        check_breaks(moves, "merge.eligible");
    }

    #[test]
    fn merge_across_parents() {
        let mut moves = valid_moves();
        moves.push(merge("X", "U3", 2, 0));
        check_breaks(moves, "merge.group");
    }

    #[test]
    fn merge_into_overstaffed_host() {
        check_breaks(valid_with(1, merge("U2", "U4", 2, 1)), "merge.host");
    }

    #[test]
    fn merge_twice_protected_kind_and_budget() {
        let mut moves = valid_moves();
        moves.push(merge("U2", "U5", 2, 1));
        check_breaks(moves, "merge.twice");
        let mut moves = valid_moves();
        moves.push(merge("PR", "U3", 2, 8));
        check_breaks(moves, "merge.protected");
        check_breaks(valid_with(1, merge("U2", "P", 2, 1)), "merge.kind");
        let mut moves = valid_moves();
        moves.push(absorb("U2", "U5", 1));
        check_breaks(moves, "merge.isolated");
        let mut strict = policy();
        strict.consolidation.max_merges = 0;
        let evaluation = evaluate(&scenario(), &strict, &valid_moves());
        assert!(rules_of(&evaluation.violations).contains(&"merge.max"), "{:#?}", evaluation.violations);
    }

    #[test]
    fn merge_needs_a_pool_for_released_quota() {
        let mut no_pool = policy();
        no_pool.reclaim.into.remove("institution");
        let evaluation = evaluate(&scenario(), &no_pool, &[merge("U2", "U3", 2, 1)]);
        let rules = rules_of(&evaluation.violations);
        assert!(rules.contains(&"merge.pool"), "{rules:?}");
        assert!(rules.contains(&"conservation.quota"), "{rules:?}");
    }

    #[test]
    fn vanished_unit_not_merged() {
        let moves = vec![reclaim("U1", 4), absorb("U4", "U5", 2), grant("POOL-I", "U6", "R1", 3)];
        check_breaks(moves, "merge.vanished");
    }

    #[test]
    fn absorb_beyond_excess() {
        check_breaks(valid_with(2, absorb("U4", "U5", 3)), "absorb.limit");
        check_breaks(valid_with(2, absorb("U1", "U5", 1)), "absorb.sender");
    }

    #[test]
    fn absorb_receiver_ending_over_quota() {
        check_breaks(valid_with(2, absorb("U4", "U7", 2)), "absorb.capacity");
    }

    #[test]
    fn absorb_receiver_rules() {
        let mut s = scenario();
        s.units.iter_mut().find(|u| u.id == "U5").unwrap().level = "county".into();
        let evaluation = evaluate(&s, &policy(), &valid_moves());
        assert!(rules_of(&evaluation.violations).contains(&"absorb.group"));
        // U6 receives a grant in the type, so it may not give staff away.
        let mut moves = valid_moves();
        moves.push(absorb("U6", "U5", 1));
        check_breaks(moves, "absorb.receiving");
        check_breaks(valid_with(2, absorb("U4", "U2", 1)), "absorb.receiver");
    }

    #[test]
    fn grant_to_overstaffed_unit() {
        let mut moves = valid_moves();
        moves.push(grant("POOL-E", "U4", "R2", 1));
        check_breaks(moves, "grant.overstaffed");
    }

    #[test]
    fn grant_below_min() {
        check_breaks(valid_with(3, grant("POOL-I", "U6", "R1", 1)), "grant.range");
        check_breaks(valid_with(3, grant("POOL-E", "U6", "R1", 4)), "grant.range");
    }

    #[test]
    fn grant_over_per_unit_max() {
        check_breaks(valid_with(3, grant("POOL-E", "U6", "R1", 3)), "grant.per_unit");
    }

    #[test]
    fn grant_request_sector_and_merged() {
        check_breaks(valid_with(3, grant("POOL-I", "U5", "R1", 3)), "grant.request");
        let mut s = scenario();
        s.units.iter_mut().find(|u| u.id == "U6").unwrap().sector = "health".into();
        let moves = valid_with(3, grant("POOL-E", "U6", "R1", 2));
        let evaluation = evaluate(&s, &policy(), &moves);
        assert!(rules_of(&evaluation.violations).contains(&"grant.sector"));
        let mut admin_pool = grant("POOL-A", "U6", "R1", 3);
        if let Move::Grant { ty, .. } = &mut admin_pool {
            *ty = "admin".into();
        }
        check_breaks(valid_with(3, admin_pool), "grant.type");
        let mut s = scenario();
        s.requests.push(request("R3", "U2", 1, "key", 0));
        let mut moves = valid_moves();
        moves.push(grant("POOL-I", "U2", "R3", 1));
        let evaluation = evaluate(&s, &policy(), &moves);
        assert!(rules_of(&evaluation.violations).contains(&"grant.merged"));
    }

    /// The test scenario with every unit in region 北县 except `others` (in 南县), and
    /// POOL-I a 北县 pool that collects; POOL-S a 南县 pool that collects.
    fn regional(others: &[&str]) -> Scenario {
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

    #[test]
    fn regional_plan_that_keeps_to_its_regions_passes() {
        let evaluation = evaluate(&regional(&[]), &policy(), &valid_moves());
        assert!(evaluation.violations.is_empty(), "{:#?}", evaluation.violations);
    }

    #[test]
    fn merges_over_the_per_region_cap_are_named() {
        let mut p = policy();
        p.consolidation.max_merges_per_region = Some(1);
        let mut moves = valid_moves();
        moves.push(merge("U7", "U3", 8, 1));
        let evaluation = evaluate(&regional(&[]), &p, &moves);
        let texts: Vec<String> = evaluation.violations.iter().filter(|v| v.rule == "merge.max_region").map(|v| v.to_string()).collect();
        assert!(texts.iter().any(|t| t.contains("2 merges in region 北县")), "{:#?}", evaluation.violations);
        // Without regions the per-region cap does not apply.
        let evaluation = evaluate(&scenario(), &p, &valid_moves());
        assert!(!rules_of(&evaluation.violations).contains(&"merge.max_region"));
    }

    #[test]
    fn moves_across_regions_are_named() {
        let rules = |others: &[&str], moves: Vec<Move>| {
            let evaluation = evaluate(&regional(others), &policy(), &moves);
            rules_of(&evaluation.violations).into_iter().map(str::to_string).collect::<Vec<_>>()
        };
        // U6 in 南县 may not be granted from 北县's POOL-I.
        assert!(rules(&["U6"], valid_moves()).contains(&"grant.region".to_string()));
        // U3 in 南县 may not host U2 of 北县, nor take U4's staff.
        assert!(rules(&["U3"], valid_moves()).contains(&"merge.group".to_string()));
        let moved = vec![reclaim("U1", 4), absorb("U4", "U3", 2), grant("POOL-I", "U6", "R1", 3)];
        assert!(rules(&["U3"], moved).contains(&"absorb.group".to_string()));
        // U1 in 南县 gives to 南县's collecting pool, not to POOL-I.
        assert!(rules(&["U1"], valid_moves()).contains(&"reclaim.pool".to_string()));
        let mut to_south = reclaim("U1", 4);
        if let Move::Reclaim { to, .. } = &mut to_south {
            *to = "POOL-S".into();
        }
        assert!(!rules(&["U1"], valid_with(0, to_south)).contains(&"reclaim.pool".to_string()));
    }

    #[test]
    fn pool_below_reserve() {
        check_breaks(vec![merge("U2", "U3", 2, 1), grant("POOL-I", "U6", "R1", 3)], "pool.reserve");
    }

    #[test]
    fn wrong_objective_is_reported() {
        let mut plan = plan_for(valid_moves());
        plan.objective += 1.0;
        let violations = verify_plan(&scenario(), &policy(), &plan);
        assert_eq!(rules_of(&violations), vec!["report.objective"]);
        assert_eq!(violations[0].rank, 2);
        // Rounding noise within the tolerance is not.
        plan.objective -= 1.0 - 1e-7;
        assert_eq!(verify_plan(&scenario(), &policy(), &plan), vec![]);
    }

    #[test]
    fn conjured_quota_in_reported_units() {
        let mut plan = plan_for(valid_moves());
        plan.units.iter_mut().find(|c| c.unit == "U3").unwrap().quota_after += 1;
        let violations = verify_plan(&scenario(), &policy(), &plan);
        let rules = rules_of(&violations);
        assert!(rules.contains(&"report.units"), "{rules:?}");
        assert!(rules.contains(&"conservation.quota"), "{rules:?}");
    }

    #[test]
    fn moves_removed_but_reported_states_kept() {
        let mut plan = plan_for(valid_moves());
        plan.moves.clear();
        let violations = verify_plan(&scenario(), &policy(), &plan);
        let rules = rules_of(&violations);
        for rule in ["report.terms", "report.units", "report.pools", "report.requests"] {
            assert!(rules.contains(&rule), "{rule} missing from {rules:?}");
        }
    }

    #[test]
    fn merge_move_reports_wrong_staff() {
        let plan = plan_for(valid_with(1, merge("U2", "U3", 3, 0)));
        let violations = verify_plan(&scenario(), &policy(), &plan);
        assert_eq!(rules_of(&violations), vec!["report.merge"]);
    }

    #[test]
    fn negative_reported_state_is_named() {
        let mut plan = plan_for(valid_moves());
        plan.units.iter_mut().find(|c| c.unit == "U2").unwrap().staff_after = -1;
        let rules: Vec<String> =
            verify_plan(&scenario(), &policy(), &plan).into_iter().map(|v| v.rule).collect();
        assert!(rules.iter().any(|r| r == "state.negative"), "{rules:?}");
        assert!(rules.iter().any(|r| r == "conservation.staff"), "{rules:?}");
    }

    #[test]
    fn floor_of_share_is_robust() {
        let mut p = policy();
        p.reclaim.max_share = 0.6;
        p.reclaim.keep_vacant = 0;
        // U1 vacancy 5: 0.6·5 = 3 exactly, which a bare floor may round to 2.
        let evaluation = evaluate(&scenario(), &p, &valid_with(0, reclaim("U1", 3)));
        assert!(!rules_of(&evaluation.violations).contains(&"reclaim.limit"), "{:#?}", evaluation.violations);
        let evaluation = evaluate(&scenario(), &p, &valid_with(0, reclaim("U1", 4)));
        assert!(rules_of(&evaluation.violations).contains(&"reclaim.limit"));
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
    fn years_scenario() -> Scenario {
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

    fn years_policy() -> Policy {
        Policy::parse(YEARS_MODEL, "y.toml").unwrap()
    }

    /// The planner's own document: `plans` ranked plans and `years` years.
    fn years_doc(plans: usize, years: usize) -> PlansDoc {
        let options = crate::solve::SolveOptions::default();
        crate::horizon::solve_years(&years_scenario(), &years_policy(), plans, years, &options).expect("solved").doc
    }

    /// The violations of `doc` on the years scenario.
    fn years_violations(doc: &PlansDoc) -> Vec<Violation> {
        verify_doc(&years_scenario(), &years_policy(), doc)
    }

    /// Asserts that `doc` breaks `rule` in year `year`, and that every violation of the
    /// document is one of its `years` (rank 0, the year named).
    fn breaks_in_year(doc: &PlansDoc, rule: &str, year: usize) {
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

    fn year_plan(doc: &mut PlansDoc, year: usize) -> &mut Plan {
        &mut doc.years.as_mut().expect("years")[year - 1].plan
    }

    #[test]
    fn a_three_year_plan_verifies_and_steps_as_the_design_says() {
        let doc = years_doc(2, 3);
        assert_eq!(years_violations(&doc), vec![]);
        let years = doc.years.as_ref().unwrap();
        let starts: Vec<&str> = years.iter().map(|y| y.start.as_str()).collect();
        assert_eq!(starts, vec!["2025-06-30", "2026-06-30", "2027-06-30"]);
        assert_eq!(years[1].dropped_requests, vec!["R-V".to_string()]);
        let returns = |year: usize| -> Vec<(String, i64, String)> {
            years[year - 1]
                .plan
                .moves
                .iter()
                .filter_map(|m| match m {
                    Move::Return { grant, amount, rule, .. } => Some((grant.clone(), *amount, rule.clone())),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(returns(1), vec![("G1".to_string(), 2, "grants.unused".to_string())]);
        let second: Vec<String> = returns(2).into_iter().map(|r| r.0).collect();
        assert_eq!(second, vec!["G2".to_string(), "G3".to_string()]);
        // E's emergency grant of year 1 is dated 2025-06-30 and ends its 24 months in year 3.
        assert_eq!(returns(3), vec![("R-E@POOL-E".to_string(), 2, "grants.expired".to_string())]);
        // Counted by hand from the design. Year 1: H 1, D 1, O 3, V's 1 on its host's line
        // (H or D, both listed), E 5% of 10 staff = 0.5 (carried) → 6. Year 2: H 1, D 2,
        // O 3, V's 1, and E's 0.5 + 5% of 10 = 1 → 8.
        let retired: Vec<i64> = years.iter().map(|y| y.retired).collect();
        assert_eq!(retired, vec![0, 6, 8]);
    }

    #[test]
    fn retirements_open_an_overstaffed_unit_to_quota_released_the_year_before() {
        let doc = years_doc(1, 2);
        assert_eq!(years_violations(&doc), vec![]);
        let years = doc.years.as_ref().unwrap();
        let grants_to = |year: usize, unit: &str| -> Vec<(String, i64)> {
            years[year - 1]
                .plan
                .moves
                .iter()
                .filter_map(|m| match m {
                    Move::Grant { from, to, amount, .. } if to == unit => Some((from.clone(), *amount)),
                    _ => None,
                })
                .collect()
        };
        // Year 1: V's merge releases 3 into POOL-I; O (12 staff on 10) takes nothing.
        assert!(years[0].plan.moves.iter().any(|m| matches!(m, Move::Merge { from, .. } if from == "V")));
        let pool_i = |year: usize| years[year - 1].plan.pools.iter().find(|c| c.pool == "POOL-I").map(|c| (c.before, c.after));
        assert_eq!(pool_i(1), Some((0, 3)));
        assert_eq!(grants_to(1, "O"), vec![]);
        // Year 2: O retired 3 (9 staff on 10) and is funded from what V released.
        let o = years[1].plan.units.iter().find(|c| c.unit == "O").expect("O changes in year 2");
        assert_eq!((o.quota_before, o.staff_before), (10, 9));
        assert_eq!(grants_to(2, "O"), vec![("POOL-I".to_string(), 2)]);
        assert_eq!(pool_i(2), Some((3, 1)));
    }

    #[test]
    fn a_tampered_year_two_move_is_named_in_year_two() {
        let mut doc = years_doc(1, 3);
        let grant = year_plan(&mut doc, 2).moves.iter_mut().find(|m| matches!(m, Move::Grant { .. })).expect("a year-2 grant");
        if let Move::Grant { amount, .. } = grant {
            *amount -= 1;
        }
        breaks_in_year(&doc, "report.requests", 2);
    }

    #[test]
    fn a_wrong_retired_count_is_named() {
        let mut doc = years_doc(1, 3);
        doc.years.as_mut().unwrap()[1].retired += 1;
        breaks_in_year(&doc, "years.follow", 2);
        let mut doc = years_doc(1, 3);
        doc.years.as_mut().unwrap()[1].dropped_requests.clear();
        breaks_in_year(&doc, "years.follow", 2);
    }

    #[test]
    fn a_wrong_start_or_year_number_is_named() {
        let mut doc = years_doc(1, 3);
        doc.years.as_mut().unwrap()[2].start = "2027-07-01".into();
        breaks_in_year(&doc, "years.follow", 3);
        let mut doc = years_doc(1, 3);
        doc.years.as_mut().unwrap().swap(1, 2);
        breaks_in_year(&doc, "years.follow", 2);
    }

    #[test]
    fn a_tampered_year_two_pool_balance_is_named() {
        let mut doc = years_doc(1, 3);
        year_plan(&mut doc, 2).pools[0].after += 1;
        breaks_in_year(&doc, "report.pools", 2);
    }

    #[test]
    fn a_dropped_year_two_return_is_named() {
        let mut doc = years_doc(1, 3);
        let moves = &mut year_plan(&mut doc, 2).moves;
        let at = moves.iter().position(|m| matches!(m, Move::Return { .. })).expect("a year-2 return");
        moves.remove(at);
        breaks_in_year(&doc, "grants.returns", 2);
    }

    #[test]
    fn a_year_one_that_is_not_plan_one_is_named() {
        let mut doc = years_doc(2, 3);
        year_plan(&mut doc, 1).objective += 1.0;
        let violations = years_violations(&doc);
        let follow: Vec<&Violation> = violations.iter().filter(|v| v.rule == "years.follow").collect();
        assert_eq!(follow.len(), 1, "{violations:#?}");
        assert_eq!(follow[0].to_string(), "[years.follow] year 1: is not plan 1: it differs in objective");
        // Checked as a plan too, since the years after it follow what it claims.
        assert!(violations.iter().any(|v| v.rule == "report.objective" && v.message.starts_with("year 1: ")), "{violations:#?}");
        // Another ranked plan as year 1 differs in what it does.
        let mut doc = years_doc(2, 3);
        assert!(doc.plans.len() > 1, "the scenario has a second plan");
        let second = doc.plans[1].clone();
        doc.years.as_mut().unwrap()[0].plan = second;
        breaks_in_year(&doc, "years.follow", 1);
    }

    #[test]
    fn quota_lost_between_years_is_named_with_its_year() {
        // A ledger grant of a pool the scenario lacks (validation refuses it): its return
        // leaves the line but reaches no pool, which no single year's checks can see.
        let mut s = years_scenario();
        s.grants[0].pool = "POOL-GONE".into();
        let p = years_policy();
        let doc = crate::horizon::solve_years(&s, &p, 1, 2, &crate::solve::SolveOptions::default()).expect("solved").doc;
        let violations = verify_doc(&s, &p, &doc);
        assert!(
            violations.iter().any(|v| v.rule == "conservation.quota" && v.message.starts_with("year 1: institution: ")),
            "{violations:#?}"
        );
    }

    #[test]
    fn years_start_on_the_same_day_or_the_months_last() {
        let start = |as_of: &str, year: usize| Date::parse(as_of).unwrap().add_months(12 * (year as i64 - 1)).to_string();
        // What check_years expects: counted from as_of, so a leap day comes back.
        assert_eq!(start("2024-02-29", 2), "2025-02-28");
        assert_eq!(start("2024-02-29", 5), "2028-02-29");
    }

    #[test]
    fn merged_lines_pass_their_listed_retirements_to_the_host() {
        let key = |u: &str| (u.to_string(), "institution".to_string());
        let mut inherited = Inherited::default();
        let mut every = line("A", 3, 2);
        every.retiring = vec![1];
        let mut list = line("B", 3, 2);
        list.retiring = vec![5, 1, 2, 3];
        inherited.fraction.insert(key("B"), 4000);
        inherited.pass(&key("A"), &every, &key("H"), 2);
        inherited.pass(&key("B"), &list, &key("H"), 2);
        // From the merge's year on: every year's 1, and B's list from its year 2 (its year
        // 1 was retired before the merge).
        let per_year: Vec<i64> = (2..=6).map(|y| inherited.in_year(&key("H"), y)).collect();
        assert_eq!(per_year, vec![2, 3, 4, 1, 1]);
        assert_eq!(inherited.fraction.get(&key("H")), Some(&4000));
        // A host merged in turn passes on what it inherited, from its own merge's year.
        inherited.pass(&key("H"), &line("H", 0, 0), &key("K"), 4);
        let per_year: Vec<i64> = (4..=6).map(|y| inherited.in_year(&key("K"), y)).collect();
        assert_eq!(per_year, vec![4, 1, 1]);
        assert_eq!((inherited.in_year(&key("H"), 5), inherited.fraction.get(&key("K"))), (0, Some(&4000)));
    }
}
