//! 整合/撤并, checked: who may be merged and host, within one group, with a pool for
//! what a merge releases; forced merges of vanished units and the merge caps.

use super::evaluator::Evaluator;
use crate::domain::{Function, Scenario};
use crate::rules::Rule;
use std::collections::BTreeMap;

impl<'a> Evaluator<'a> {
    /// Eligibility of each merged unit and its host, pools for released quota, isolation
    /// of merged units, forced merges of vanished units and the merge budget.
    pub(super) fn check_merges(&mut self) {
        let policy = self.policy;
        let consolidation = &policy.consolidation;
        let may_receive = policy.receiving.overstaffed_may_receive;
        for m in &self.merges {
            let (u, h) = (m.unit, m.host);
            for unit in [u, h] {
                if !consolidation.kinds.contains(&unit.kind) {
                    self.found.flag(Rule::MergeKind,
                        format!("{}: {} is {}, not a kind the model consolidates", m.text, unit.id, unit.kind.key()),
                    );
                }
            }
            let total_quota = self.scenario.total_quota(&u.id);
            if total_quota > consolidation.max_quota && u.function != Function::Vanished {
                self.found.flag(Rule::MergeEligible,
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
                self.found.flag(Rule::MergeProtected, format!("{}: {} is protected", m.text, u.id));
            }
            if consolidation.same_parent && u.parent != h.parent {
                self.found.flag(Rule::MergeGroup,
                    format!(
                        "{}: supervising units differ ({} vs {})",
                        m.text,
                        u.parent.as_deref().unwrap_or("none"),
                        h.parent.as_deref().unwrap_or("none")
                    ),
                );
            }
            if consolidation.same_sector && u.sector != h.sector {
                self.found.flag(Rule::MergeGroup,
                    format!("{}: sectors differ ({} vs {})", m.text, u.sector, h.sector),
                );
            }
            if u.level != h.level {
                self.found.flag(Rule::MergeGroup,
                    format!("{}: levels differ ({} vs {})", m.text, u.level, h.level),
                );
            }
            if u.region != h.region {
                self.found.flag(Rule::MergeGroup,
                    format!("{}: regions differ ({} vs {})", m.text, u.region, h.region),
                );
            }
            if let Some(host_of_host) = self.merged.get(h.id.as_str()) {
                self.found.flag(Rule::MergeHost,
                    format!("{}: host {} is itself merged into {host_of_host}", m.text, h.id),
                );
            }
            if !may_receive {
                if let Some(line) = self.scenario.lines_of(&h.id).iter().find(|l| l.is_overstaffed()) {
                    self.found.flag(Rule::MergeHost,
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
                    self.found.flag(Rule::MergePool,
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
                    self.found.flag(Rule::MergeVanished,
                        format!("{}: function vanished but the plan does not merge it", unit.id),
                    );
                }
            }
        }
        if self.merges.len() as i64 > consolidation.max_merges {
            self.found.flag(Rule::MergeMax,
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
                self.found.flag(Rule::MergeMaxRegion, format!("{n} merges in region {region}, at most {cap} (max_merges_per_region)"));
            }
        }
    }
}

/// (staff moved, quota released) when a unit is merged: Σ s and Σ max(0, q − s) over
/// its input lines.
pub(super) fn merge_effect(scenario: &Scenario, unit: &str) -> (i64, i64) {
    scenario
        .lines_of(unit)
        .iter()
        .fold((0, 0), |(staff, released), l| (staff + l.staff, released + l.vacancy()))
}

#[cfg(test)]
mod tests {
    use crate::verify::evaluate;
    use crate::verify::fixture::*;

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
}
