//! 调剂: grants from pools to requests, with the all-or-range rule per request and
//! the per-(pool, unit) cap.

use crate::rules::Rule;
use super::{merged_expr, name_part, sum, Candidates, GrantVar, Mip};
use good_lp::constraint;
use std::collections::BTreeMap;

/// For each request r of unit u in type t (u not overstaffed in t unless allowed) and
/// each pool p of type t that serves u (sector, and region for a regional pool):
/// `grant[p,r] ∈ [0, amount_r]`;
/// `granted[r] ∈ {0,1}` per request with any pool.
///
/// `grant-range-lower-R`: Σ_p grant[p,r] ≥ max(min_r, 1)·granted[r]
/// `grant-range-upper-R`: Σ_p grant[p,r] ≤ amount_r·granted[r]
/// `grant-per-unit-P-U`: Σ_{r of u} grant[p,r] ≤ per_unit_max_p (when set)
/// `grant-merged-R`: granted[r] + merged[u] ≤ 1
pub(super) fn define_grants(m: &mut Mip, c: &Candidates) {
    let mut per_pool_unit: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for r in &c.s.requests {
        if !c.may_receive(&r.unit, &r.ty) {
            continue;
        }
        let unit = c.unit(&r.unit);
        let pools: Vec<_> = c.s.pools.iter().filter(|p| p.ty == r.ty && p.serves(unit)).collect();
        if pools.is_empty() {
            continue;
        }
        let mut idx = Vec::new();
        for p in pools {
            let v = m.int(format!("grant[{},{}]", name_part(&p.id), name_part(&r.id)), r.amount);
            idx.push(m.index.grant.len());
            if p.per_unit_max > 0 {
                per_pool_unit.entry((p.id.clone(), r.unit.clone())).or_default().push(m.index.grant.len());
            }
            m.index.grant.push(GrantVar { pool: p.id.clone(), request: r.id.clone(), v });
        }
        let n = name_part(&r.id);
        let y = m.binary(format!("granted[{n}]"));
        let g = sum(idx.iter().map(|&i| (1.0, &m.index.grant[i].v)));
        let lower = r.min.max(1) as f64;
        m.row(format!("{}-lower-{n}", Rule::GrantRange.stem()), constraint!(g.clone() >= lower * y.var));
        m.row(format!("{}-upper-{n}", Rule::GrantRange.stem()), constraint!(g <= r.amount as f64 * y.var));
        if let Some(merged) = merged_expr(m, &r.unit) {
            m.row(format!("{}-{n}", Rule::GrantMerged.stem()), constraint!(y.var + merged <= 1.0));
        }
        m.index.granted.insert(r.id.clone(), y);
    }
    for ((pool, unit), idx) in per_pool_unit {
        let cap = c.s.pool(&pool).map(|p| p.per_unit_max).unwrap_or(0) as f64;
        let g = sum(idx.iter().map(|&i| (1.0, &m.index.grant[i].v)));
        m.row(format!("{}-{}-{}", Rule::GrantPerUnit.stem(), name_part(&pool), name_part(&unit)), constraint!(g <= cap));
    }
}

#[cfg(test)]
mod tests {
    use crate::testkit::{fixture, solve_values};

    #[test]
    fn all_or_nothing_request_is_skipped_when_pool_is_short() {
        // 5 available: R1 needs all 6 (min = amount) → 0; R2 takes up to 5.
        let (s, p) = fixture(
            "",
            &[("U1", "P", "教育", "active", false), ("U2", "P", "教育", "active", false)],
            &[("U1", 10, 10), ("U2", 10, 10)],
            &[("POOL-MUNI", 5, "*", 0)],
            &[("R1", "U1", 6, "key", 6), ("R2", "U2", 8, "operations", 0)],
        );
        let v = solve_values(&s, &p);
        assert_eq!(v["grant[POOL-MUNI,R1]"], 0.0);
        assert_eq!(v["grant[POOL-MUNI,R2]"], 5.0);
        assert_eq!(v["granted[R2]"], 1.0);
    }

    #[test]
    fn sector_and_per_unit_cap_limit_grants() {
        let (s, p) = fixture(
            "",
            &[("U1", "P", "卫健", "active", false)],
            &[("U1", 10, 10)],
            &[("POOL-EDU", 50, "教育", 0), ("POOL-MUNI", 50, "*", 3)],
            &[("R1", "U1", 8, "key", 0)],
        );
        let v = solve_values(&s, &p);
        assert!(!v.contains_key("grant[POOL-EDU,R1]"), "教育 pool does not serve 卫健");
        assert_eq!(v["grant[POOL-MUNI,R1]"], 3.0, "per_unit_max 3");
    }

    #[test]
    fn overstaffed_unit_gets_no_grant_variable() {
        let (s, p) = fixture(
            "",
            &[("U1", "P", "教育", "active", false)],
            &[("U1", 10, 12)],
            &[("POOL-MUNI", 50, "*", 0)],
            &[("R1", "U1", 2, "key", 0)],
        );
        let v = solve_values(&s, &p);
        assert!(!v.contains_key("granted[R1]"));
    }
}
