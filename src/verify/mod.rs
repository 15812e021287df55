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
//! One file per job, the rule families as in `model/`: [`evaluator`] reads the moves
//! and applies them, `reclaim`, `merge`, `absorb`, `grant` and `pool` check their
//! family's rules on what it read, [`ledger`] is this checker's own reading of the
//! returns a plan owes, [`compare`] holds what a plan reports against the
//! recomputation, and `document`, `alternatives` and `years` check the document
//! around the plans (its identity, the §12 claims, and the year-by-year plan, which
//! [`years`] re-steps on its own: the planner's `horizon::step` is never called).

mod absorb;
mod alternatives;
mod compare;
mod document;
mod evaluator;
#[cfg(test)]
pub(crate) mod fixture;
mod grant;
mod ledger;
mod merge;
mod pool;
mod reclaim;
mod years;

use crate::domain::{Move, Plan, PlansDoc, PoolChange, Scenario, UnitChange};
use crate::policy::Policy;
use crate::rules::Rule;
use alternatives::check_alternatives;
use compare::{compare_merges, compare_objective, compare_pools, compare_requests, compare_terms, compare_units};
use evaluator::Evaluator;
use ledger::Opened;
use pool::check_balance;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use years::check_years;

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
    let mut violations = document::check_identity(scenario, policy, doc);
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

/// Violations collected so far (rank filled in by the caller).
#[derive(Default)]
struct Found(Vec<Violation>);

impl Found {
    fn flag(&mut self, rule: Rule, message: String) {
        self.0.push(Violation { rank: 0, rule: rule.code().to_string(), message });
    }
}

/// (unit id, type) of an establishment line.
type LineKey<'a> = (&'a str, &'a str);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ModelRef, ScenarioRef, SolverRef, PLANS_FORMAT};
    use crate::verify::fixture::*;

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
    fn display_names_plan_and_rule() {
        let v = Violation { rank: 2, rule: "reclaim.limit".into(), message: "U1 institution: x".into() };
        assert_eq!(v.to_string(), "plan 2: [reclaim.limit] U1 institution: x");
    }

    #[test]
    fn regional_plan_that_keeps_to_its_regions_passes() {
        let evaluation = evaluate(&regional(&[]), &policy(), &valid_moves());
        assert!(evaluation.violations.is_empty(), "{:#?}", evaluation.violations);
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
}
