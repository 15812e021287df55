//! `bianzhi diff`: what changes between two plans (of one document or of two, made from
//! the same input data, possibly under different models) — the moves only one of them
//! makes or makes with another amount, the requests granted differently, the pools
//! that end differently, the terms — in the report's words.

use super::moves_view::{move_row, MoveRow};
use super::table::{new_table, right_align};
use crate::domain::{Move, Plan, Scenario};
use crate::explain::PlanState;
use crate::policy::Policy;
use crate::text::{diff_agrees, diff_move_titles, diff_side, labels, punct, render_why_not, Lang};
use crate::horizon::ledger::opening;
use serde::Serialize;
use std::collections::BTreeMap;

/// One side of a diff: which plan of which file.
#[derive(Clone, Debug, Serialize)]
pub struct DiffSide {
    pub file: String,
    pub rank: usize,
    pub model: String,
    pub objective: f64,
}

/// A move both plans make with different amounts.
#[derive(Clone, Debug, Serialize)]
pub struct ChangedMove {
    pub a: MoveRow,
    pub b: MoveRow,
}

#[derive(Clone, Debug, Serialize)]
pub struct RequestDiff {
    pub request: String,
    pub unit: String,
    pub unit_name: String,
    pub amount: i64,
    pub granted_a: i64,
    pub granted_b: i64,
    /// Why-not in each plan (empty when granted in full there).
    pub why_not_a: String,
    pub why_not_b: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct PoolDiff {
    pub pool: String,
    pub name: String,
    pub before: i64,
    pub after_a: i64,
    pub after_b: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct TermDiff {
    pub term: String,
    pub a: i64,
    pub b: i64,
}

/// Everything that differs between plan A and plan B; empty lists when they agree.
#[derive(Clone, Debug, Serialize)]
pub struct PlanDiff {
    pub a: DiffSide,
    pub b: DiffSide,
    pub only_a: Vec<MoveRow>,
    pub only_b: Vec<MoveRow>,
    pub changed: Vec<ChangedMove>,
    pub requests: Vec<RequestDiff>,
    pub pools: Vec<PoolDiff>,
    pub terms: Vec<TermDiff>,
}

impl PlanDiff {
    pub fn is_empty(&self) -> bool {
        self.only_a.is_empty() && self.only_b.is_empty() && self.changed.is_empty() && self.requests.is_empty() && self.pools.is_empty()
    }
}

/// A move's identity across plans: everything but its amounts and words.
fn key(m: &Move) -> (&'static str, &str, &str, &str, &str) {
    match m {
        Move::Reclaim { ty, from, to, .. } => ("reclaim", ty, from, to, ""),
        Move::Merge { from, to, .. } => ("merge", "", from, to, ""),
        Move::Absorb { ty, from, to, .. } => ("absorb", ty, from, to, ""),
        Move::Grant { ty, from, to, request, .. } => ("grant", ty, from, to, request),
        Move::Return { ty, from, to, grant, .. } => ("return", ty, from, to, grant),
    }
}

fn amounts(m: &Move) -> (i64, i64) {
    match m {
        Move::Reclaim { amount, .. } | Move::Absorb { amount, .. } | Move::Grant { amount, .. } | Move::Return { amount, .. } => {
            (*amount, 0)
        }
        Move::Merge { staff, released, .. } => (*staff, *released),
    }
}

/// Kind order of the report (grant, reclaim, merge, absorb), then the move's identity.
fn kind_rank(kind: &str) -> usize {
    ["return", "grant", "reclaim", "merge", "absorb"].iter().position(|k| *k == kind).unwrap_or(5)
}

/// The diff of plan `a` (under policy `pa`) and plan `b` (under `pb`), both of scenario `s`.
pub fn diff_plans(s: &Scenario, (pa, a, side_a): (&Policy, &Plan, DiffSide), (pb, b, side_b): (&Policy, &Plan, DiffSide), lang: Lang) -> PlanDiff {
    let t = labels(lang);
    // Each plan read on the state it started from under its own model (the ledger's
    // returns depend on the model's `[grants]`), as plans.json's words were made.
    let (open_a, open_b) = (opening(s, pa, 1), opening(s, pb, 1));
    let (oa, ob) = (&open_a.scenario, &open_b.scenario);
    let moves_a: BTreeMap<_, &Move> = a.moves.iter().map(|m| (key(m), m)).collect();
    let moves_b: BTreeMap<_, &Move> = b.moves.iter().map(|m| (key(m), m)).collect();
    let mut only_a = Vec::new();
    let mut only_b = Vec::new();
    let mut changed = Vec::new();
    let mut keys: Vec<_> = moves_a.keys().chain(moves_b.keys()).copied().collect();
    keys.sort_by(|x, y| (kind_rank(x.0), x).cmp(&(kind_rank(y.0), y)));
    keys.dedup();
    for k in keys {
        match (moves_a.get(&k), moves_b.get(&k)) {
            (Some(ma), None) => only_a.push(move_row(s, oa, pa, ma, t, lang)),
            (None, Some(mb)) => only_b.push(move_row(s, ob, pb, mb, t, lang)),
            (Some(ma), Some(mb)) if amounts(ma) != amounts(mb) => {
                changed.push(ChangedMove { a: move_row(s, oa, pa, ma, t, lang), b: move_row(s, ob, pb, mb, t, lang) })
            }
            _ => {}
        }
    }
    let (state_a, state_b) = (PlanState::of(a), PlanState::of(b));
    let granted = |plan: &Plan| -> BTreeMap<String, (i64, i64)> {
        plan.requests.iter().map(|r| (r.request.clone(), (r.amount, r.granted))).collect()
    };
    let (ga, gb) = (granted(a), granted(b));
    let mut requests = Vec::new();
    // Year 1's requests: those both plans were made for.
    for r in &oa.requests {
        let (amount, got_a) = ga.get(&r.id).copied().unwrap_or((r.amount, 0));
        let got_b = gb.get(&r.id).map(|x| x.1).unwrap_or(0);
        if got_a == got_b {
            continue;
        }
        let why = |p: &Policy, on: &Scenario, state: &PlanState, got: i64| {
            if got < amount {
                render_why_not(on, p, &state.why_not(on, p, r, got), lang)
            } else {
                String::new()
            }
        };
        requests.push(RequestDiff {
            request: r.id.clone(),
            unit: r.unit.clone(),
            unit_name: s.unit(&r.unit).map(|u| u.name.clone()).unwrap_or_default(),
            amount,
            granted_a: got_a,
            granted_b: got_b,
            why_not_a: why(pa, oa, &state_a, got_a),
            why_not_b: why(pb, ob, &state_b, got_b),
        });
    }
    let after_b: BTreeMap<&str, i64> = b.pools.iter().map(|pc| (pc.pool.as_str(), pc.after)).collect();
    let pools = a
        .pools
        .iter()
        .filter_map(|pc| {
            let ab = after_b.get(pc.pool.as_str()).copied().unwrap_or(pc.before);
            (ab != pc.after).then(|| PoolDiff {
                pool: pc.pool.clone(),
                name: s.pool(&pc.pool).map(|p| p.name.clone()).unwrap_or_default(),
                before: pc.before,
                after_a: pc.after,
                after_b: ab,
            })
        })
        .collect();
    let mut term_keys: Vec<&String> = a.terms.keys().chain(b.terms.keys()).collect();
    term_keys.sort();
    term_keys.dedup();
    let terms = term_keys
        .into_iter()
        .filter_map(|k| {
            let (x, y) = (a.terms.get(k).copied().unwrap_or(0), b.terms.get(k).copied().unwrap_or(0));
            (x != y).then(|| TermDiff { term: k.clone(), a: x, b: y })
        })
        .collect();
    PlanDiff { a: side_a, b: side_b, only_a, only_b, changed, requests, pools, terms }
}

/// The diff as terminal text.
pub fn render_diff(d: &PlanDiff, lang: Lang) -> String {
    let t = labels(lang);
    let side = |s: &DiffSide| diff_side(&s.file, s.rank, &s.model, s.objective, lang);
    let mut out = format!("A: {}\nB: {}\n", side(&d.a), side(&d.b));
    if d.is_empty() {
        out.push_str(diff_agrees(lang));
        return out;
    }
    let move_table = |title: &str, rows: &[MoveRow]| -> String {
        if rows.is_empty() {
            return String::new();
        }
        let mut tb = new_table(&[t.kind, t.ty, t.from, t.to, t.amount, t.reason]);
        for r in rows {
            tb.add_row(vec![
                r.kind_label.to_string(),
                r.ty.clone(),
                format!("{} {}", r.from, r.from_name),
                format!("{} {}", r.to, r.to_name),
                r.amount.to_string(),
                r.reason.clone(),
            ]);
        }
        format!("\n{title} ({})\n{tb}\n", rows.len())
    };
    let [only_a, only_b, changed] = diff_move_titles(lang);
    out.push_str(&move_table(only_a, &d.only_a));
    out.push_str(&move_table(only_b, &d.only_b));
    if !d.changed.is_empty() {
        let mut tb = new_table(&[t.kind, t.ty, t.from, t.to, "A", "B"]);
        for c in &d.changed {
            tb.add_row(vec![
                c.a.kind_label.to_string(),
                c.a.ty.clone(),
                format!("{} {}", c.a.from, c.a.from_name),
                format!("{} {}", c.a.to, c.a.to_name),
                c.a.amount.to_string(),
                c.b.amount.to_string(),
            ]);
        }
        right_align(&mut tb, 4);
        out.push_str(&format!("\n{changed} ({})\n{tb}\n", d.changed.len()));
    }
    if !d.requests.is_empty() {
        let mut tb = new_table(&[t.request, t.unit_name, t.asked, "A", "B", &format!("{} A", t.why_not), &format!("{} B", t.why_not)]);
        for r in &d.requests {
            tb.add_row(vec![
                r.request.clone(),
                r.unit_name.clone(),
                r.amount.to_string(),
                r.granted_a.to_string(),
                r.granted_b.to_string(),
                r.why_not_a.clone(),
                r.why_not_b.clone(),
            ]);
        }
        out.push_str(&format!("\n{} ({})\n{tb}\n", t.requests, d.requests.len()));
    }
    if !d.pools.is_empty() {
        let mut tb = new_table(&[t.pool, t.pool_name, t.before, "A", "B"]);
        for p in &d.pools {
            tb.add_row(vec![p.pool.clone(), p.name.clone(), p.before.to_string(), p.after_a.to_string(), p.after_b.to_string()]);
        }
        right_align(&mut tb, 2);
        out.push_str(&format!("\n{} ({})\n{tb}\n", t.pools, d.pools.len()));
    }
    if !d.terms.is_empty() {
        let terms: Vec<String> = d.terms.iter().map(|x| format!("{} {} → {}", x.term, x.a, x.b)).collect();
        out.push_str(&format!("\n{}\n", terms.join(punct(lang).semicolon)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::fixture;
    use crate::search::solve_ranked;
    use crate::solve::SolveOptions;

    fn side(rank: usize, plan: &Plan) -> DiffSide {
        DiffSide { file: "plans.json".into(), rank, model: "m".into(), objective: plan.objective }
    }

    #[test]
    fn a_plan_against_itself_differs_in_nothing_and_two_ranked_plans_in_their_pattern() {
        let (s, p) = fixture(
            "",
            &[("U1", "P", "教育", "active", false), ("U2", "P", "教育", "active", false), ("U3", "P", "教育", "active", false)],
            &[("U1", 10, 10), ("U2", 10, 10), ("U3", 10, 10)],
            &[("POOL-MUNI", 3, "*", 0)],
            // Whole requests only (min = amount): a tie may not split the pool.
            &[("R1", "U1", 3, "key", 3), ("R2", "U2", 3, "key", 3), ("R3", "U3", 3, "key", 3)],
        );
        let ranked = solve_ranked(&s, &p, 2, &SolveOptions::default()).expect("solves");
        let (p1, p2) = (&ranked.doc.plans[0], &ranked.doc.plans[1]);
        let same = diff_plans(&s, (&p, p1, side(1, p1)), (&p, p1, side(1, p1)), Lang::Zh);
        assert!(same.is_empty());
        assert!(render_diff(&same, Lang::Zh).contains("均相同"));
        let d = diff_plans(&s, (&p, p1, side(1, p1)), (&p, p2, side(2, p2)), Lang::Zh);
        // Each plan funds one request with the whole pool: one grant only in A, one only in B.
        assert_eq!((d.only_a.len(), d.only_b.len()), (1, 1), "{d:?}");
        assert_eq!(d.requests.len(), 2);
        assert!(d.pools.is_empty(), "both end with the pool at 0");
        let funded_a = &d.only_a[0].request;
        let r = d.requests.iter().find(|r| &r.request == funded_a).expect("listed");
        assert_eq!((r.granted_a, r.granted_b), (3, 0));
        assert!(r.why_not_a.is_empty() && !r.why_not_b.is_empty());
        let text = render_diff(&d, Lang::Zh);
        assert!(text.contains("仅方案A (1)") && text.contains("仅方案B (1)"), "{text}");
    }
}
