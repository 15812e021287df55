//! Solver values → a plan: the decisions read through the model's index, absorb
//! pairs assigned deterministically inside each hub, the resulting unit/pool/request
//! states, the terms and the objective (recomputed exactly from the terms, so float
//! noise from the solver never reaches `plans.json`).

use crate::domain::{Move, Plan, PoolChange, RequestOutcome, Scenario, UnitChange};
use crate::model::Index;
use crate::policy::Policy;
use crate::rules::Rule;
use std::collections::{BTreeMap, BTreeSet};

/// The integer decisions of one solution.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decisions {
    /// (unit, type, pool, amount)
    pub reclaims: Vec<(String, String, String, i64)>,
    /// (unit, host)
    pub merges: Vec<(String, String)>,
    /// (type, from, to, amount)
    pub absorbs: Vec<(String, String, String, i64)>,
    /// (pool, request, amount)
    pub grants: Vec<(String, String, i64)>,
}

/// (requests granted > 0, donor units, merged units): what ranked plans must vary.
pub type Pattern = (BTreeSet<String>, BTreeSet<String>, BTreeSet<String>);

/// A plan's §6 pattern read from its moves and requests: requests granted > 0, donor
/// units (a reclaim), merged units. The one reading of a pattern off a written plan.
pub fn pattern_of(plan: &Plan) -> Pattern {
    let mut pattern = Pattern::default();
    pattern.0.extend(plan.requests.iter().filter(|r| r.granted > 0).map(|r| r.request.clone()));
    for mv in &plan.moves {
        match mv {
            Move::Reclaim { from, amount, .. } if *amount > 0 => {
                pattern.1.insert(from.clone());
            }
            Move::Merge { from, .. } => {
                pattern.2.insert(from.clone());
            }
            _ => {}
        }
    }
    pattern
}

/// Hamming distance of two patterns: decisions in one and not the other.
pub fn distance(a: &Pattern, b: &Pattern) -> usize {
    a.0.symmetric_difference(&b.0).count() + a.1.symmetric_difference(&b.1).count() + a.2.symmetric_difference(&b.2).count()
}

fn int(v: f64) -> i64 {
    v.round() as i64
}

impl Decisions {
    pub fn read(index: &Index, values: &[f64]) -> Decisions {
        let val = |col: usize| int(values[col]);
        let mut d = Decisions::default();
        for r in &index.reclaim {
            let x = val(r.v.col);
            if x > 0 {
                d.reclaims.push((r.unit.clone(), r.ty.clone(), r.pool.clone(), x));
            }
        }
        for m in &index.merge {
            if val(m.v.col) > 0 {
                d.merges.push((m.unit.clone(), m.host.clone()));
            }
        }
        // Absorb: pair senders and receivers of each hub in id order.
        let mut out: Vec<Vec<(String, i64)>> = vec![Vec::new(); index.hubs.len()];
        let mut inn: Vec<Vec<(String, i64)>> = vec![Vec::new(); index.hubs.len()];
        for (side, vars) in [(&mut out, &index.absorb_out), (&mut inn, &index.absorb_in)] {
            for a in vars {
                let x = val(a.v.col);
                if x > 0 {
                    side[a.hub].push((a.unit.clone(), x));
                }
            }
        }
        for (hub, (mut out, mut inn)) in out.into_iter().zip(inn).enumerate() {
            let ty = &index.hubs[hub].0;
            out.sort();
            inn.sort();
            let (mut i, mut j) = (0, 0);
            while i < out.len() && j < inn.len() {
                let x = out[i].1.min(inn[j].1);
                d.absorbs.push((ty.clone(), out[i].0.clone(), inn[j].0.clone(), x));
                out[i].1 -= x;
                inn[j].1 -= x;
                if out[i].1 == 0 {
                    i += 1;
                }
                if inn[j].1 == 0 {
                    j += 1;
                }
            }
        }
        for g in &index.grant {
            let x = val(g.v.col);
            if x > 0 {
                d.grants.push((g.pool.clone(), g.request.clone(), x));
            }
        }
        d.canonical();
        d
    }

    /// The decisions of independent parts together, in the order `read` gives.
    pub fn union<'d>(parts: impl IntoIterator<Item = &'d Decisions>) -> Decisions {
        let mut d = Decisions::default();
        for part in parts {
            d.reclaims.extend(part.reclaims.iter().cloned());
            d.merges.extend(part.merges.iter().cloned());
            d.absorbs.extend(part.absorbs.iter().cloned());
            d.grants.extend(part.grants.iter().cloned());
        }
        d.canonical();
        d
    }

    /// A plan's decisions read back from its moves.
    pub fn of_plan(plan: &Plan) -> Decisions {
        let mut d = Decisions::default();
        for mv in &plan.moves {
            match mv {
                Move::Reclaim { ty, from, to, amount, .. } => d.reclaims.push((from.clone(), ty.clone(), to.clone(), *amount)),
                Move::Merge { from, to, .. } => d.merges.push((from.clone(), to.clone())),
                Move::Absorb { ty, from, to, amount, .. } => d.absorbs.push((ty.clone(), from.clone(), to.clone(), *amount)),
                Move::Grant { from, request, amount, .. } => d.grants.push((from.clone(), request.clone(), *amount)),
                // The ledger's, not a decision.
                Move::Return { .. } => {}
            }
        }
        d.canonical();
        d
    }

    /// The decisions that belong to a part (its units, its requests).
    pub fn restricted_to(&self, part: &Scenario) -> Decisions {
        let unit = |u: &str| part.unit_index(u).is_some();
        let request = |r: &str| part.request(r).is_some();
        Decisions {
            reclaims: self.reclaims.iter().filter(|x| unit(&x.0)).cloned().collect(),
            merges: self.merges.iter().filter(|x| unit(&x.0)).cloned().collect(),
            absorbs: self.absorbs.iter().filter(|x| unit(&x.1)).cloned().collect(),
            grants: self.grants.iter().filter(|x| request(&x.1)).cloned().collect(),
        }
    }

    fn canonical(&mut self) {
        self.reclaims.sort();
        self.merges.sort();
        self.absorbs.sort_by(|a, b| (&a.1, &a.0, &a.2).cmp(&(&b.1, &b.0, &b.2)));
        self.grants.sort_by(|a, b| (&a.1, &a.0).cmp(&(&b.1, &b.0)));
    }

    pub fn pattern(&self) -> Pattern {
        (
            self.grants.iter().map(|g| g.1.clone()).collect(),
            self.reclaims.iter().map(|r| r.0.clone()).collect(),
            self.merges.iter().map(|m| m.0.clone()).collect(),
        )
    }
}

/// Builds the plan of some decisions. Reasons and why-nots are filled by `explain`.
pub fn assemble(s: &Scenario, p: &Policy, d: &Decisions, rank: usize) -> Plan {
    // (unit, type) → [quota_before, quota_after, staff_before, staff_after]
    let mut lines: BTreeMap<(String, String), [i64; 4]> = BTreeMap::new();
    fn touch<'m>(lines: &'m mut BTreeMap<(String, String), [i64; 4]>, s: &Scenario, unit: &str, ty: &str) -> &'m mut [i64; 4] {
        lines.entry((unit.to_string(), ty.to_string())).or_insert_with(|| {
            let (q, st) = s.line(unit, ty).map(|l| (l.quota, l.staff)).unwrap_or((0, 0));
            [q, q, st, st]
        })
    }
    let mut pool_after: BTreeMap<&str, i64> = s.pools.iter().map(|p| (p.id.as_str(), p.available)).collect();
    let collectors = crate::rules::Collectors::new(s);
    let mut moves = Vec::new();
    let mut terms: BTreeMap<String, i64> = BTreeMap::new();
    for t in p.tiers.keys() {
        terms.insert(format!("fulfilled.{t}"), 0);
    }
    for (k, _) in p.weights.named() {
        terms.insert(k.to_string(), 0);
    }
    let add = |terms: &mut BTreeMap<String, i64>, k: &str, v: i64| *terms.get_mut(k).expect("term listed above") += v;

    for (unit, ty, pool, x) in &d.reclaims {
        touch(&mut lines, s, unit, ty)[1] -= x;
        *pool_after.get_mut(pool.as_str()).expect("reclaim pool exists") += x;
        add(&mut terms, "reclaimed", *x);
        moves.push(Move::Reclaim { ty: ty.clone(), from: unit.clone(), to: pool.clone(), amount: *x, rule: Rule::ReclaimVacancy.code().into(), reason: String::new() });
    }
    add(&mut terms, "donor_units", d.reclaims.iter().map(|r| &r.0).collect::<BTreeSet<_>>().len() as i64);
    for (unit, host) in &d.merges {
        let (mut staff, mut released) = (0, 0);
        for l in s.lines_of(unit) {
            let e = touch(&mut lines, s, unit, &l.ty);
            e[1] = 0;
            e[3] = 0;
            let h = touch(&mut lines, s, host, &l.ty);
            h[1] += l.quota.min(l.staff);
            h[3] += l.staff;
            // A merged line keeps min(q, s): its vacancy is what is released.
            let rel = l.vacancy();
            if rel > 0 {
                let merged = s.unit(unit).expect("merged unit exists");
                let pool = collectors.pool_for(p, merged, &l.ty).expect("mergeable units have a release pool");
                *pool_after.get_mut(pool).expect("release pool exists") += rel;
            }
            staff += l.staff;
            released += rel;
        }
        add(&mut terms, "merges", 1);
        add(&mut terms, "released", released);
        add(&mut terms, "staff_moved", staff);
        let vanished = s.unit(unit).is_some_and(|u| u.function == crate::domain::Function::Vanished);
        let rule = if vanished { Rule::ConsolidationVanished } else { Rule::ConsolidationSmall };
        moves.push(Move::Merge { from: unit.clone(), to: host.clone(), staff, released, rule: rule.code().into(), reason: String::new() });
    }
    for (ty, from, to, x) in &d.absorbs {
        touch(&mut lines, s, from, ty)[3] -= x;
        touch(&mut lines, s, to, ty)[3] += x;
        add(&mut terms, "absorbed", *x);
        add(&mut terms, "staff_moved", *x);
        moves.push(Move::Absorb { ty: ty.clone(), from: from.clone(), to: to.clone(), amount: *x, rule: Rule::AbsorbExcess.code().into(), reason: String::new() });
    }
    let mut granted: BTreeMap<&str, i64> = BTreeMap::new();
    for (pool, req, x) in &d.grants {
        let r = s.request(req).expect("grant of a known request");
        touch(&mut lines, s, &r.unit, &r.ty)[1] += x;
        *pool_after.get_mut(pool.as_str()).expect("grant pool exists") -= x;
        *granted.entry(req.as_str()).or_default() += x;
        add(&mut terms, &format!("fulfilled.{}", r.tier), *x);
        moves.push(Move::Grant {
            ty: r.ty.clone(),
            from: pool.clone(),
            to: r.unit.clone(),
            request: req.clone(),
            amount: *x,
            rule: Rule::grant_rule(&r.tier),
            reason: String::new(),
        });
    }
    let units: Vec<UnitChange> = lines
        .into_iter()
        .filter(|(_, v)| v[0] != v[1] || v[2] != v[3])
        .map(|((unit, ty), v)| UnitChange { unit, ty, quota_before: v[0], quota_after: v[1], staff_before: v[2], staff_after: v[3] })
        .collect();
    let pools = s.pools.iter().map(|pl| PoolChange { pool: pl.id.clone(), before: pl.available, after: pool_after[pl.id.as_str()] }).collect();
    let requests = s
        .requests
        .iter()
        .map(|r| RequestOutcome { request: r.id.clone(), amount: r.amount, granted: granted.get(r.id.as_str()).copied().unwrap_or(0), why_not: None })
        .collect();
    let objective = objective_of(p, &terms);
    Plan { rank, objective, terms, moves, units, pools, requests, differences: Vec::new(), status: None, gap: None, objective_gap_to_best: 0.0, distance: Vec::new(), distance_bound: None }
}

/// Σ tier weights·fulfilled + Σ term weights·terms, in a fixed order.
pub fn objective_of(p: &Policy, terms: &BTreeMap<String, i64>) -> f64 {
    let mut obj = 0.0;
    for (k, t) in &p.tiers {
        obj += t.weight * terms.get(&format!("fulfilled.{k}")).copied().unwrap_or(0) as f64;
    }
    for (k, w) in p.weights.named() {
        obj += w * terms.get(k).copied().unwrap_or(0) as f64;
    }
    obj
}
