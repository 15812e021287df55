//! The pattern distance both alternatives searches maximise (DESIGN §12): the pattern
//! indicators' columns, Σ_j distance(x, P_j) as a linear objective, full integer starts,
//! and the float tolerance below an objective floor.

use crate::model::Index;
use crate::plan::{Decisions, Pattern};
use std::collections::BTreeMap;

/// A float tolerance below an objective floor: plan objectives are sums of weights times
/// integers, recomputed exactly from the terms afterwards.
pub(super) fn slack(objective: f64) -> f64 {
    1e-9 * objective.abs().max(1.0)
}

/// The pattern indicators' columns: granted[r], donor[u], and each unit's merge columns
/// (their sum is the unit's merged indicator).
pub(super) struct Indicators {
    requests: BTreeMap<String, usize>,
    donors: BTreeMap<String, usize>,
    merges: BTreeMap<String, Vec<usize>>,
}

impl Indicators {
    pub(super) fn of(index: &Index) -> Indicators {
        Indicators {
            requests: index.granted.iter().map(|(r, v)| (r.clone(), v.col)).collect(),
            donors: index.donor.iter().map(|(u, v)| (u.clone(), v.col)).collect(),
            merges: index.merges_of.iter().map(|(u, idx)| (u.clone(), idx.iter().map(|&i| index.merge[i].v.col).collect())).collect(),
        }
    }

    /// Σ_j distance(x, P_j) as (coefficient per column, constant).
    pub(super) fn distance_objective(&self, n_cols: usize, earlier: &[Pattern]) -> (Vec<f64>, f64) {
        let m = earlier.len() as f64;
        let mut coeffs = vec![0.0; n_cols];
        let mut offset = 0.0;
        let mut add = |cols: &[usize], c: usize| {
            offset += c as f64;
            for &col in cols {
                coeffs[col] += m - 2.0 * c as f64;
            }
        };
        for (r, &col) in &self.requests {
            add(&[col], earlier.iter().filter(|q| q.0.contains(r)).count());
        }
        for (u, &col) in &self.donors {
            add(&[col], earlier.iter().filter(|q| q.1.contains(u)).count());
        }
        for (u, cols) in &self.merges {
            add(cols, earlier.iter().filter(|q| q.2.contains(u)).count());
        }
        (coeffs, offset)
    }
}

/// Decisions as column values of a model (plan 1 may come from the parts, whose
/// columns are the whole model's under the same keys; decisions outside the model are
/// ignored): every integer column, so HiGHS need not complete the start by a search.
pub(super) fn start_of(index: &Index, d: &Decisions) -> Vec<(usize, f64)> {
    let mut reclaim: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    for (u, ty, _, x) in &d.reclaims {
        *reclaim.entry((u, ty)).or_default() += x;
    }
    let merged: std::collections::BTreeSet<(&str, &str)> = d.merges.iter().map(|(u, h)| (u.as_str(), h.as_str())).collect();
    let mut grant: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    for (pool, r, x) in &d.grants {
        *grant.entry((pool, r)).or_default() += x;
    }
    let mut out: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    let mut inn: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    for (ty, from, to, x) in &d.absorbs {
        *out.entry((from, ty)).or_default() += x;
        *inn.entry((to, ty)).or_default() += x;
    }
    let mut v: Vec<(usize, f64)> = Vec::new();
    let mut donors: BTreeMap<&str, bool> = BTreeMap::new();
    for r in &index.reclaim {
        let x = reclaim.get(&(r.unit.as_str(), r.ty.as_str())).copied().unwrap_or(0);
        v.push((r.v.col, x as f64));
        *donors.entry(&r.unit).or_default() |= x > 0;
    }
    for (u, dv) in &index.donor {
        v.push((dv.col, f64::from(u8::from(donors.get(u.as_str()).copied().unwrap_or(false)))));
    }
    for m in &index.merge {
        v.push((m.v.col, f64::from(u8::from(merged.contains(&(m.unit.as_str(), m.host.as_str()))))));
    }
    for a in &index.absorb_out {
        v.push((a.v.col, out.get(&(a.unit.as_str(), a.ty.as_str())).copied().unwrap_or(0) as f64));
    }
    for (a, z) in index.absorb_in.iter().zip(&index.absorb_z) {
        let x = inn.get(&(a.unit.as_str(), a.ty.as_str())).copied().unwrap_or(0);
        v.push((a.v.col, x as f64));
        v.push((z.col, f64::from(u8::from(x > 0))));
    }
    let mut granted: BTreeMap<&str, i64> = BTreeMap::new();
    for g in &index.grant {
        let x = grant.get(&(g.pool.as_str(), g.request.as_str())).copied().unwrap_or(0);
        v.push((g.v.col, x as f64));
        *granted.entry(&g.request).or_default() += x;
    }
    for (r, col) in &index.granted {
        v.push((col.col, f64::from(u8::from(granted.get(r.as_str()).copied().unwrap_or(0) > 0))));
    }
    v
}
