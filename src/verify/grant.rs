//! 调剂, checked: a grant agrees with its pool and request, goes to a unit that may
//! receive, within the request's range and the pool's per-unit cap.

use super::evaluator::Evaluator;
use crate::domain::Request;
use crate::rules::Rule;
use std::collections::BTreeMap;

impl<'a> Evaluator<'a> {
    /// Pool, request and unit agree on type and sector; no grant to an overstaffed or
    /// merged unit; per request g ∈ {0} ∪ [min, amount]; per (pool, unit) ≤ per_unit_max.
    pub(super) fn check_grants(&mut self) {
        let may_receive = self.policy.receiving.overstaffed_may_receive;
        let mut pool_unit_total: BTreeMap<(&'a str, &'a str), (i64, i64)> = BTreeMap::new();
        for g in &self.grants {
            let (p, u, r) = (g.pool, g.unit, g.request);
            let entry = pool_unit_total.entry((&p.id, &u.id)).or_insert((0, p.per_unit_max));
            entry.0 += g.amount;
            if r.unit != u.id {
                self.found.flag(Rule::GrantRequest,
                    format!("{}: request {} is for {}, not {}", g.text, r.id, r.unit, u.id),
                );
            }
            if r.ty != g.ty || p.ty != g.ty {
                self.found.flag(Rule::GrantType,
                    format!(
                        "{}: types differ (move {}, pool {} {}, request {} {})",
                        g.text, g.ty, p.id, p.ty, r.id, r.ty
                    ),
                );
            }
            if !p.sectors.admits(&u.sector) {
                self.found.flag(Rule::GrantSector,
                    format!("{}: pool {} does not lend to sector {}", g.text, p.id, u.sector),
                );
            }
            if !p.region.is_empty() && p.region != u.region {
                self.found.flag(Rule::GrantRegion,
                    format!("{}: pool {} lends only in region {}, not to {} of region {:?}", g.text, p.id, p.region, u.id, u.region),
                );
            }
            if !may_receive && self.overstaffed_in(&u.id, g.ty) {
                let (q, s) = self.input_line(&u.id, g.ty);
                self.found.flag(Rule::GrantOverstaffed,
                    format!("{}: {} is overstaffed in {} ({s} staff, {q} quota)", g.text, u.id, g.ty),
                );
            }
            if let Some(host) = self.merged.get(u.id.as_str()) {
                self.found.flag(Rule::GrantMerged,
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
                self.found.flag(Rule::GrantRange,
                    format!("request {id}: granted {total}, must be 0 or between {} and {}", r.min.max(1), r.amount),
                );
            }
        }
        for ((pool, unit), (total, per_unit_max)) in pool_unit_total {
            if per_unit_max > 0 && total > per_unit_max {
                self.found.flag(Rule::GrantPerUnit,
                    format!("pool {pool} grants {total} to {unit}, at most {per_unit_max} per unit"),
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
}
