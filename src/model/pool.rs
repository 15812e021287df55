//! Pool balance: what a pool holds after the plan must cover its reserve (蓄水池).

use crate::rules::Relaxation;
use super::{Candidates, Mip};
use good_lp::{constraint, Expression};
use std::collections::HashMap;

/// For each pool p:
///
/// `pool-reserve-P`: available_p + Σ_{(u,t)→p} reclaim[u,t]
///   + Σ_{u} released_{u,t}·merged[u] (t, u's region give to p) − Σ_r grant[p,r] ≥ reserve_p
///
/// where released_{u,t} = max(0, q_ut − s_ut). Elastic: + slack on the left.
pub(super) fn define_pool_balance(m: &mut Mip, c: &Candidates) {
    let mut inflow: HashMap<&str, Expression> = HashMap::new();
    let mut outflow: HashMap<&str, Expression> = HashMap::new();
    for r in &m.index.reclaim {
        inflow.entry(r.pool.as_str()).or_insert_with(|| Expression::from(0.0)).add_mul(1.0, r.v.var);
    }
    for mv in &m.index.merge {
        for l in c.s.lines_of(&mv.unit) {
            let released = l.vacancy();
            if released > 0 {
                let pool = c.give_pool(c.unit(&mv.unit), &l.ty).expect("mergeable units have a pool for what they release");
                inflow.entry(pool).or_insert_with(|| Expression::from(0.0)).add_mul(released as f64, mv.v.var);
            }
        }
    }
    for g in &m.index.grant {
        outflow.entry(g.pool.as_str()).or_insert_with(|| Expression::from(0.0)).add_mul(1.0, g.v.var);
    }
    let mut rows = Vec::new();
    for p in &c.s.pools {
        let mut e = Expression::from(p.available as f64);
        if let Some(i) = inflow.remove(p.id.as_str()) {
            e += i;
        }
        if let Some(o) = outflow.remove(p.id.as_str()) {
            e -= o;
        }
        rows.push((Relaxation::PoolReserve { pool: p.id.clone() }, e, c.p.reserve_of(&p.id) as f64));
    }
    for (relaxation, e, reserve) in rows {
        let name = relaxation.row_name();
        if m.elastic {
            let s = m.slack(format!("slack[{name}]"));
            m.index.slacks.push((relaxation, s));
            m.row(name, constraint!(e + s.var >= reserve));
        } else {
            m.row(name, constraint!(e >= reserve));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testkit::{fixture, solve_status, solve_values};
    use crate::solve::Status;

    #[test]
    fn reserve_limits_what_a_pool_lends() {
        let (s, p) = fixture(
            "[reserve]\nmin_available = { POOL-MUNI = 4 }",
            &[("U1", "P", "教育", "active", false)],
            &[("U1", 10, 10)],
            &[("POOL-MUNI", 10, "*", 0)],
            &[("R1", "U1", 9, "key", 0)],
        );
        assert_eq!(solve_values(&s, &p)["grant[POOL-MUNI,R1]"], 6.0);
    }

    #[test]
    fn reserve_above_what_the_pool_can_hold_is_infeasible() {
        let (s, p) = fixture(
            "[reserve]\nmin_available = { POOL-MUNI = 40 }",
            &[("U1", "P", "教育", "active", false)],
            &[("U1", 10, 8)],
            &[("POOL-MUNI", 10, "*", 0)],
            &[],
        );
        assert_eq!(solve_status(&s, &p), Status::Infeasible);
    }
}
