//! This checker's own reading of the grants ledger (DESIGN §14): the returns owed at
//! the scenario's date ([`Owed`]), the state a plan starts from with them made
//! ([`Opened`]), and the check of a plan's `return` moves against them.

use super::compare::describe;
use super::{Evaluation, Found};
use crate::domain::{Move, Scenario, UnitChange};
use crate::policy::Policy;
use crate::rules::Rule;
use std::collections::BTreeMap;

/// One return the ledger owes at a date, as this checker reads DESIGN §14: in grant id
/// order, a grant past its term (its own, else its tier's in `grants.term_months`)
/// returns in full, capped by its line's quota; else one at least
/// `grants.reclaim_unused_after_months` old returns `amount − used`, capped by the
/// line's vacancy; the caps see the returns before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Owed {
    pub(super) grant: String,
    pub(super) unit: String,
    pub(super) ty: String,
    pub(super) pool: String,
    pub(super) amount: i64,
    pub(super) rule: String,
}

/// The state a plan starts from: the returns the ledger owes at the scenario's date
/// made, and only the requests of the plan's year. `state` is `None` when that is the
/// scenario itself.
pub(super) struct Opened {
    pub(super) owed: Vec<Owed>,
    state: Option<Scenario>,
}

impl Opened {
    pub(super) fn of(scenario: &Scenario, policy: &Policy, year: usize) -> Opened {
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

    pub(super) fn state<'s>(&'s self, scenario: &'s Scenario) -> &'s Scenario {
        self.state.as_ref().unwrap_or(scenario)
    }

    /// The plan's returns must be exactly those owed, before every other move.
    pub(super) fn check_returns(&self, moves: &[Move], found: &mut Found) {
        let code = Rule::LedgerReturns;
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
    pub(super) fn rebase(&self, scenario: &Scenario, evaluation: &mut Evaluation) {
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

#[cfg(test)]
mod tests {
    use crate::domain::Move;
    use crate::verify::fixture::*;

    #[test]
    fn a_dropped_year_two_return_is_named() {
        let mut doc = years_doc(1, 3);
        let moves = &mut year_plan(&mut doc, 2).moves;
        let at = moves.iter().position(|m| matches!(m, Move::Return { .. })).expect("a year-2 return");
        moves.remove(at);
        breaks_in_year(&doc, "grants.returns", 2);
    }
}
