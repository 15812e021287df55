//! 收回空编: reclaim idle quota from a line into its pool (the collecting pool of its
//! region for the type, else the type's `reclaim.into`), and the donor
//! indicator used by the `donor_units` term and the plan pattern.

use crate::rules::Rule;
use super::{name_part, sum, Mip, ReclaimVar};
use super::Candidates;
use good_lp::constraint;

/// For each line (u,t) that may give, `reclaim[u,t] ∈ [0, R_ut]` with
/// R_ut = min(v − keep_vacant, ⌊max_share·v⌋) (the bound is the rule `reclaim-limit`);
/// lines of protected units, with no pool to give to, or of (unit, type)
/// pairs with a request get none. Per unit u with any such line, `donor[u] ∈ {0,1}`:
///
/// `reclaim-donor-upper-U`: Σ_t reclaim[u,t] ≤ (Σ_t R_ut)·donor[u]
/// `reclaim-donor-lower-U`: donor[u] ≤ Σ_t reclaim[u,t]
pub(super) fn define_reclaim(m: &mut Mip, c: &Candidates) {
    let mut by_unit: Vec<(String, Vec<usize>)> = Vec::new();
    for l in &c.s.lines {
        let max = c.reclaim_max(l);
        if max <= 0 {
            continue;
        }
        let pool = c.give_pool(c.unit(&l.unit), &l.ty).expect("reclaim_max checks the pool").to_string();
        let v = m.int(format!("reclaim[{},{}]", name_part(&l.unit), name_part(&l.ty)), max);
        match by_unit.last_mut() {
            Some((u, idx)) if *u == l.unit => idx.push(m.index.reclaim.len()),
            _ => by_unit.push((l.unit.clone(), vec![m.index.reclaim.len()])),
        }
        m.index.reclaim.push(ReclaimVar { unit: l.unit.clone(), ty: l.ty.clone(), pool, vacancy: l.vacancy(), max, v });
    }
    for (unit, idx) in by_unit {
        let d = m.binary(format!("donor[{}]", name_part(&unit)));
        let total_max: i64 = idx.iter().map(|&i| m.index.reclaim[i].max).sum();
        let r = sum(idx.iter().map(|&i| (1.0, &m.index.reclaim[i].v)));
        let n = name_part(&unit);
        m.row(format!("{}-upper-{n}", Rule::Donor.stem()), constraint!(r.clone() <= total_max as f64 * d.var));
        m.row(format!("{}-lower-{n}", Rule::Donor.stem()), constraint!(d.var <= r));
        m.index.donor.insert(unit, d);
    }
}

#[cfg(test)]
mod tests {
    use crate::testkit::{fixture, solve_values};

    #[test]
    fn reclaim_keeps_vacancy_and_marks_donor() {
        // U1 has 5 vacancies, keep_vacant 1 → at most 4 reclaimed; a key request at
        // U2 of 4 pulls them through POOL-MUNI (available 0).
        let (s, p) = fixture(
            "[reclaim]\nkeep_vacant = 1\nmax_share = 1.0\ninto = { institution = \"POOL-MUNI\" }",
            &[("U1", "P", "教育", "active", false), ("U2", "P", "教育", "active", false)],
            &[("U1", 10, 5), ("U2", 6, 6)],
            &[("POOL-MUNI", 0, "*", 0)],
            &[("R1", "U2", 4, "key", 0)],
        );
        let v = solve_values(&s, &p);
        assert_eq!(v["reclaim[U1,institution]"], 4.0);
        assert_eq!(v["donor[U1]"], 1.0);
        assert_eq!(v["grant[POOL-MUNI,R1]"], 4.0);
    }
}
