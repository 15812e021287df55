//! A plan's moves as a leader reads them: each move a row (its kind's word, the type's,
//! the names of both ends, what it funds or returns, amounts, its reason in the
//! report's language), grouped by kind. Built once and shared by the report's view,
//! the years view and `diff`. No IO, no markup.

use crate::domain::{Move, Plan, Scenario};
use crate::explain::move_reason;
use crate::policy::Policy;
use crate::text::{render_move_reason, type_text, Labels, Lang};
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct MoveRow {
    /// `return`, `grant`, `reclaim`, `merge`, `absorb`.
    pub kind: &'static str,
    pub kind_label: &'static str,
    /// The type's label (empty for a merge, which moves every line).
    pub ty: String,
    pub from: String,
    pub from_name: String,
    pub to: String,
    pub to_name: String,
    /// The request a grant funds (empty otherwise).
    pub request: String,
    /// The ledger grant a return comes from (empty otherwise).
    pub grant: String,
    /// Quota moved (reclaim, grant), staff moved (absorb, merge).
    pub amount: i64,
    /// Quota a merge releases to the pools (0 otherwise).
    pub released: i64,
    pub reason: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct MoveGroup {
    pub kind: &'static str,
    pub title: &'static str,
    /// Σ amount over the group.
    pub total: i64,
    pub rows: Vec<MoveRow>,
}

/// A unit's name, empty when the scenario has no such unit.
pub(super) fn unit_name(s: &Scenario, id: &str) -> String {
    s.unit(id).map(|u| u.name.clone()).unwrap_or_default()
}

/// A pool's name, else a unit's: a move's ends are either.
fn pool_or_unit_name(s: &Scenario, id: &str) -> String {
    s.pool(id).map(|p| p.name.clone()).unwrap_or_else(|| unit_name(s, id))
}

/// A move's row: names, amounts and its reason in `lang`. `before` is the state the
/// plan was given (its ledger still holds the grants a return comes from), `opened` the
/// state the plan started from once the returns are made (`horizon::ledger::opening`): a
/// return is explained on `before`, every other move on `opened`, as plans.json's
/// reasons are. Without a ledger they are the same scenario.
pub fn move_row(before: &Scenario, opened: &Scenario, p: &Policy, mv: &Move, t: &Labels, lang: Lang) -> MoveRow {
    let on = if matches!(mv, Move::Return { .. }) { before } else { opened };
    let reason = render_move_reason(on, p, &move_reason(on, p, mv), lang);
    let s = before;
    let none = String::new;
    let (kind_label, ty, from, to, request, grant, amount, released) = match mv {
        Move::Grant { ty, from, to, request, amount, .. } => (t.kind_grant, ty, from, to, request.clone(), none(), *amount, 0),
        Move::Reclaim { ty, from, to, amount, .. } => (t.kind_reclaim, ty, from, to, none(), none(), *amount, 0),
        Move::Merge { from, to, staff, released, .. } => (t.kind_merge, &String::new(), from, to, none(), none(), *staff, *released),
        Move::Absorb { ty, from, to, amount, .. } => (t.kind_absorb, ty, from, to, none(), none(), *amount, 0),
        Move::Return { ty, from, to, grant, amount, .. } => (t.kind_return, ty, from, to, none(), grant.clone(), *amount, 0),
    };
    MoveRow {
        kind: mv.kind(),
        kind_label,
        ty: if ty.is_empty() { String::new() } else { type_text(p, ty, lang) },
        from: from.clone(),
        from_name: pool_or_unit_name(s, from),
        to: to.clone(),
        to_name: pool_or_unit_name(s, to),
        request,
        grant,
        amount,
        released,
        reason,
    }
}

/// The moves of a plan grouped by kind, in the order a leader asks about them (the
/// ledger's returns first, as the plan makes them), each with its reason (see
/// [`move_row`] for `before` and `opened`).
pub fn move_groups(before: &Scenario, opened: &Scenario, p: &Policy, plan: &Plan, t: &'static Labels, lang: Lang) -> Vec<MoveGroup> {
    let mut groups = Vec::new();
    for (kind, title) in
        [("return", t.kind_return), ("grant", t.kind_grant), ("reclaim", t.kind_reclaim), ("merge", t.kind_merge), ("absorb", t.kind_absorb)]
    {
        let rows: Vec<MoveRow> = plan.moves.iter().filter(|m| m.kind() == kind).map(|m| move_row(before, opened, p, m, t, lang)).collect();
        if !rows.is_empty() {
            groups.push(MoveGroup { kind, title, total: rows.iter().map(|r| r.amount).sum(), rows });
        }
    }
    groups
}
