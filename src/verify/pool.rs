//! Pools and the whole: each pool keeps its reserve, and per type quota plus pools and
//! staff are conserved with no line below zero (on the recomputed state, and on the
//! reported one when it differs).

use super::evaluator::Evaluator;
use super::Found;
use crate::domain::{PoolChange, Scenario, UnitChange};
use crate::rules::Rule;
use std::collections::BTreeMap;

impl<'a> Evaluator<'a> {
    /// Each pool ends with available ≥ max(reserve, 0).
    pub(super) fn check_pools(&mut self) {
        for pool in &self.scenario.pools {
            let after = self.pool_after.get(pool.id.as_str()).copied().unwrap_or(pool.available);
            let reserve = self.policy.reserve_of(&pool.id).max(0);
            if after < reserve {
                self.found.flag(Rule::PoolReserve,
                    format!("pool {}: ends with {after} available, must keep {reserve}", pool.id),
                );
            }
        }
    }
}

/// Per type, Σ quota + Σ pool available and Σ staff are unchanged, and no line ends
/// negative. `whose` says which state is checked (recomputed or reported).
pub(super) fn check_balance(
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
            found.flag(Rule::StateNegative,
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
            found.flag(Rule::ConservationQuota,
                format!("{ty}: quota plus pools changes by {change:+} ({whose})"),
            );
        }
    }
    for (ty, change) in staff_change {
        if change != 0 {
            found.flag(Rule::ConservationStaff, format!("{ty}: staff changes by {change:+} ({whose})"));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::verify::verify_plan;
    use crate::verify::fixture::*;

    #[test]
    fn pool_below_reserve() {
        check_breaks(vec![merge("U2", "U3", 2, 1), grant("POOL-I", "U6", "R1", 3)], "pool.reserve");
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
}
