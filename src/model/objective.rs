//! The objective (maximised) of DESIGN §6, and the elastic model's objective.

use super::{Candidates, Mip};
use good_lp::Expression;

/// Σ_tier weight_tier·Σ_{r∈tier} Σ_p grant[p,r]
/// + w.reclaimed·Σ reclaim + w.released·Σ_u released_u·merged[u]
/// + w.donor_units·Σ donor + w.merges·Σ merged
/// + w.absorbed·Σ absorb_out + w.staff_moved·(Σ_u staff_u·merged[u] + Σ absorb_out)
pub(super) fn define_objective(m: &mut Mip, c: &Candidates) {
    let w = &c.p.weights;
    let mut obj = Expression::from(0.0);
    for g in &m.index.grant {
        let tier = &c.s.request(&g.request).expect("grant of a known request").tier;
        obj.add_mul(c.p.tier_weight(tier), g.v.var);
    }
    for r in &m.index.reclaim {
        obj.add_mul(w.reclaimed, r.v.var);
    }
    for d in m.index.donor.values() {
        obj.add_mul(w.donor_units, d.var);
    }
    for mv in &m.index.merge {
        let released: i64 = c.s.lines_of(&mv.unit).iter().map(|l| l.vacancy()).sum();
        let staff = c.s.total_staff(&mv.unit);
        obj.add_mul(w.released * released as f64 + w.merges + w.staff_moved * staff as f64, mv.v.var);
    }
    for a in &m.index.absorb_out {
        obj.add_mul(w.absorbed + w.staff_moved, a.v.var);
    }
    m.objective = obj;
}

/// Maximise −Σ slack: the least total relaxation of the relaxable rules.
pub(super) fn define_elastic_objective(m: &mut Mip) {
    let mut obj = Expression::from(0.0);
    for (_, s) in &m.index.slacks {
        obj.add_mul(-1.0, s.var);
    }
    m.objective = obj;
}
