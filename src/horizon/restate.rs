//! Plans of a scenario with a revolving-grant ledger (DESIGN §14): the search runs on
//! the opening state (the returns due at `as_of` made, the year's requests only), and
//! each plan is restated on the scenario as given — its returns first, lines and pools
//! from their input values — then verified again on that scenario.

use crate::domain::{Move, Plan, PoolChange, Scenario, UnitChange};
use crate::error::Error;
use crate::explain;
use crate::text;
use crate::policy::Policy;
use super::ledger::Due;
use std::collections::BTreeMap;

/// The ledger's returns as moves, with their reasons (read on the scenario before the
/// returns, whose ledger still holds them).
pub(crate) fn return_moves(s: &Scenario, p: &Policy, returns: &[Due]) -> Vec<Move> {
    returns
        .iter()
        .map(|d| {
            let mut mv = Move::Return {
                ty: d.ty.clone(),
                from: d.unit.clone(),
                to: d.pool.clone(),
                grant: d.grant.clone(),
                amount: d.amount,
                rule: d.rule.code().to_string(),
                reason: String::new(),
            };
            let reason = text::render_move_reason(s, p, &explain::move_reason(s, p, &mv), text::Lang::Zh);
            *mv.reason_mut() = reason;
            mv
        })
        .collect()
}

/// `plan`, made on `opening` (`s` with `returns` made), restated on `s`: `returns`
/// (already moves) first, every line's `before` its input value, lines changed only by
/// a return listed, and each pool's `before` its input balance.
pub(crate) fn restate(s: &Scenario, plan: &mut Plan, returns: &[Move]) {
    if returns.is_empty() {
        return;
    }
    let mut returned: BTreeMap<(String, String), i64> = BTreeMap::new();
    let mut into: BTreeMap<String, i64> = BTreeMap::new();
    for mv in returns {
        if let Move::Return { ty, from, to, amount, .. } = mv {
            *returned.entry((from.clone(), ty.clone())).or_insert(0) += amount;
            *into.entry(to.clone()).or_insert(0) += amount;
        }
    }
    let mut moves = returns.to_vec();
    moves.append(&mut plan.moves);
    plan.moves = moves;
    for c in &mut plan.units {
        if let Some(r) = returned.remove(&(c.unit.clone(), c.ty.clone())) {
            c.quota_before += r;
        }
    }
    for ((unit, ty), r) in returned {
        let (quota, staff) = s.line(&unit, &ty).map(|l| (l.quota, l.staff)).unwrap_or((0, 0));
        plan.units.push(UnitChange { unit, ty, quota_before: quota, quota_after: quota - r, staff_before: staff, staff_after: staff });
    }
    // A line given back by a return what the plan then grants it again is unchanged.
    plan.units.retain(|c| c.quota_before != c.quota_after || c.staff_before != c.staff_after);
    plan.units.sort_by(|a, b| (&a.unit, &a.ty).cmp(&(&b.unit, &b.ty)));
    let pools: &mut Vec<PoolChange> = &mut plan.pools;
    for c in pools.iter_mut() {
        c.before -= into.get(&c.pool).copied().unwrap_or(0);
    }
}

/// Every plan of `plans` restated on `s` and verified there.
pub(crate) fn restate_all(s: &Scenario, p: &Policy, plans: &mut [Plan], returns: &[Move], year: usize) -> Result<(), Error> {
    for plan in plans.iter_mut() {
        restate(s, plan, returns);
        let violations = crate::verify::verify_plan_in_year(s, p, plan, year);
        if !violations.is_empty() {
            let text: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
            return Err(Error::VerifyFailed { rank: plan.rank, violations: text.join("\n") });
        }
    }
    Ok(())
}
