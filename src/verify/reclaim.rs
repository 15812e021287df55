//! 收回空编, checked: how much a line gives, into which pool, and which units give
//! nothing (protected, requesting, merged, receiving).

use super::evaluator::Evaluator;
use super::LineKey;
use crate::rules::Rule;
use std::collections::{BTreeMap, BTreeSet};

impl<'a> Evaluator<'a> {
    /// x ≤ min(v − keep_vacant, ⌊max_share · v⌋) per (unit, type), summed over moves;
    /// into the type's pool; not from protected, requesting, merged or receiving units.
    pub(super) fn check_reclaims(&mut self) {
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
                self.found.flag(Rule::ReclaimPool,
                    format!("{}: {} quota goes to {expected}", r.text, r.ty),
                );
            }
            if r.unit.protected {
                self.found.flag(Rule::ReclaimProtected, format!("{}: {} is protected", r.text, r.unit.id));
            }
            if requesting.contains(&key) {
                self.found.flag(Rule::ReclaimRequesting,
                    format!("{}: {} requests {} quota", r.text, r.unit.id, r.ty),
                );
            }
            if let Some(host) = self.merged.get(key.0) {
                self.found.flag(Rule::ReclaimMerged,
                    format!("{}: {} is merged into {host}", r.text, r.unit.id),
                );
            }
            if self.receives.contains(&key) {
                self.found.flag(Rule::ReclaimReceiving,
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
                self.found.flag(Rule::ReclaimLimit,
                    format!(
                        "{unit} {ty}: reclaims {total}, at most {} (vacancy {vacancy}, keep_vacant {keep_vacant}, max_share {max_share})",
                        limit.max(0)
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::Move;
    use crate::verify::evaluate;
    use crate::verify::fixture::*;

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
}
