//! Reads a plan's moves against the scenario: each move's references resolved (an
//! unknown unit, pool, type or request has no effect beyond its violation), filed by
//! kind, indexed by who gives and who receives, and applied as deltas. The rule
//! families (`reclaim`, `merge`, `absorb`, `grant`, `pool`) check what it read, in
//! that order; the terms and the objective are recomputed from it.

use super::compare::describe;
use super::merge::merge_effect;
use super::pool::check_balance;
use super::{Evaluation, Found, LineKey};
use crate::domain::{Move, Pool, PoolChange, Request, Scenario, Unit, UnitChange};
use crate::policy::Policy;
use crate::rules::Rule;
use std::collections::{BTreeMap, BTreeSet};

/// A reclaim whose unit, pool and type are known.
pub(super) struct ReclaimMove<'a> {
    pub(super) unit: &'a Unit,
    pub(super) ty: &'a str,
    pub(super) pool: &'a Pool,
    pub(super) amount: i64,
    pub(super) text: String,
}

/// A merge of two distinct known units, the first one naming its unit.
pub(super) struct MergeMove<'a> {
    pub(super) unit: &'a Unit,
    pub(super) host: &'a Unit,
    pub(super) text: String,
}

/// An absorb whose units and type are known.
pub(super) struct AbsorbMove<'a> {
    pub(super) from: &'a Unit,
    pub(super) to: &'a Unit,
    pub(super) ty: &'a str,
    pub(super) amount: i64,
    pub(super) text: String,
}

/// A grant whose pool, unit, request and type are known.
pub(super) struct GrantMove<'a> {
    pub(super) pool: &'a Pool,
    pub(super) unit: &'a Unit,
    pub(super) request: &'a Request,
    pub(super) ty: &'a str,
    pub(super) amount: i64,
    pub(super) text: String,
}

pub(super) struct Evaluator<'a> {
    pub(super) scenario: &'a Scenario,
    pub(super) policy: &'a Policy,
    pub(super) found: Found,
    pub(super) reclaims: Vec<ReclaimMove<'a>>,
    pub(super) merges: Vec<MergeMove<'a>>,
    pub(super) absorbs: Vec<AbsorbMove<'a>>,
    pub(super) grants: Vec<GrantMove<'a>>,
    /// Merged unit → host, first merge move of each unit only.
    pub(super) merged: BTreeMap<&'a str, &'a str>,
    /// (unit, type) that gives: a reclaim or absorbed staff out.
    pub(super) gives: BTreeSet<LineKey<'a>>,
    /// (unit, type) that receives: a grant, absorbed staff in, or hosting a merge that
    /// brings a line of the type.
    pub(super) receives: BTreeSet<LineKey<'a>>,
    /// Change of (quota, staff) per line touched by a move.
    pub(super) line_delta: BTreeMap<LineKey<'a>, (i64, i64)>,
    /// Pool id → available after the plan.
    pub(super) pool_after: BTreeMap<&'a str, i64>,
    /// (region, type) → the pool marked `collects` there.
    pub(super) collecting: BTreeMap<(&'a str, &'a str), &'a str>,
}

impl<'a> Evaluator<'a> {
    pub(super) fn new(scenario: &'a Scenario, policy: &'a Policy) -> Self {
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
    pub(super) fn give_pool(&self, unit: &Unit, ty: &str) -> Option<&'a str> {
        if !unit.region.is_empty() {
            if let Some(&id) = self.collecting.get(&(unit.region.as_str(), ty)) {
                return Some(id);
            }
        }
        self.policy.into_pool(ty)
    }

    pub(super) fn run(mut self, moves: &'a [Move]) -> Evaluation {
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
    pub(super) fn input_line(&self, unit: &str, ty: &str) -> (i64, i64) {
        self.scenario.line(unit, ty).map(|l| (l.quota, l.staff)).unwrap_or((0, 0))
    }

    /// (quota, staff) of a line after every move.
    pub(super) fn final_line(&self, unit: &str, ty: &str) -> (i64, i64) {
        let (q, s) = self.input_line(unit, ty);
        let (dq, ds) = self.line_delta.get(&(unit, ty)).copied().unwrap_or((0, 0));
        (q + dq, s + ds)
    }

    pub(super) fn overstaffed_in(&self, unit: &str, ty: &str) -> bool {
        let (q, s) = self.input_line(unit, ty);
        s > q
    }

    fn known_unit(&mut self, id: &str, text: &str) -> Option<&'a Unit> {
        let unit = self.scenario.unit(id);
        if unit.is_none() {
            self.found.flag(Rule::MoveUnknown, format!("{text}: unknown unit {id}"));
        }
        unit
    }

    fn known_pool(&mut self, id: &str, text: &str) -> Option<&'a Pool> {
        let pool = self.scenario.pool(id);
        if pool.is_none() {
            self.found.flag(Rule::MoveUnknown, format!("{text}: unknown pool {id}"));
        }
        pool
    }

    fn known_type(&mut self, ty: &str, text: &str) -> bool {
        let known = self.policy.types.contains_key(ty);
        if !known {
            self.found.flag(Rule::MoveUnknown, format!("{text}: unknown establishment type {ty}"));
        }
        known
    }

    fn positive_amount(&mut self, amount: i64, text: &str) {
        if amount < 1 {
            self.found.flag(Rule::MoveAmount, format!("{text}: amount must be at least 1"));
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
                    self.found.flag(Rule::MergeHost, format!("{text}: a unit cannot be merged into itself"));
                } else if let Some(first_host) = self.merged.get(unit.id.as_str()) {
                    self.found.flag(Rule::MergeOnce,
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
                    self.found.flag(Rule::MoveUnknown, format!("{text}: unknown request {request}"));
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

fn objective_of(policy: &Policy, terms: &BTreeMap<String, i64>) -> f64 {
    let term = |name: &str| terms.get(name).copied().unwrap_or(0) as f64;
    let fulfilled: f64 =
        policy.tiers.iter().map(|(key, tier)| tier.weight * term(&format!("fulfilled.{key}"))).sum();
    let weighted: f64 = policy.weights.named().iter().map(|(name, w)| w * term(name)).sum();
    fulfilled + weighted
}

#[cfg(test)]
mod tests {
    use crate::verify::fixture::*;

    #[test]
    fn unknown_references_and_bad_amounts() {
        check_breaks(valid_with(0, reclaim("NOPE", 1)), "move.unknown");
        check_breaks(valid_with(3, grant("POOL-I", "U6", "R9", 3)), "move.unknown");
        check_breaks(valid_with(0, reclaim("U1", 0)), "move.amount");
    }
}
