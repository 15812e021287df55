//! What a plan reports (terms, objective, units, pools, requests, each merge's staff
//! and released) against the recomputation, and the short text naming a move in
//! every message.

use super::merge::merge_effect;
use super::{Evaluation, Found, LineKey};
use crate::domain::{Move, Plan, PoolChange, Scenario, UnitChange};
use crate::rules::Rule;
use std::collections::BTreeMap;

pub(super) fn compare_terms(evaluation: &Evaluation, plan: &Plan, found: &mut Found) {
    for (name, computed) in &evaluation.terms {
        match plan.terms.get(name) {
            None => found.flag(Rule::ReportTerms, format!("term {name} is missing, the moves give {computed}")),
            Some(reported) if reported != computed => found.flag(
                Rule::ReportTerms,
                format!("term {name} is reported as {reported}, the moves give {computed}"),
            ),
            Some(_) => {}
        }
    }
    for (name, reported) in &plan.terms {
        if !evaluation.terms.contains_key(name) {
            found.flag(Rule::ReportTerms, format!("term {name} = {reported} is not a term of this model"));
        }
    }
}

pub(super) fn compare_objective(evaluation: &Evaluation, plan: &Plan, found: &mut Found) {
    let computed = evaluation.objective;
    let tolerance = 1e-6 * computed.abs().max(1.0);
    if !plan.objective.is_finite() || (plan.objective - computed).abs() > tolerance {
        found.flag(
            Rule::ReportObjective,
            format!("objective is reported as {}, the moves give {computed}", plan.objective),
        );
    }
}

fn describe_change(c: &UnitChange) -> String {
    format!(
        "quota {} -> {}, staff {} -> {}",
        c.quota_before, c.quota_after, c.staff_before, c.staff_after
    )
}

pub(super) fn compare_units(scenario: &Scenario, evaluation: &Evaluation, plan: &Plan, found: &mut Found) {
    let mut reported: BTreeMap<LineKey<'_>, &UnitChange> = BTreeMap::new();
    for c in &plan.units {
        if reported.insert((&c.unit, &c.ty), c).is_some() {
            found.flag(Rule::ReportUnits, format!("{} {}: listed more than once", c.unit, c.ty));
        }
    }
    for c in &evaluation.units {
        match reported.remove(&(c.unit.as_str(), c.ty.as_str())) {
            None => found.flag(
                Rule::ReportUnits,
                format!("{} {}: missing, the moves give {}", c.unit, c.ty, describe_change(c)),
            ),
            Some(r) if r != c => found.flag(
                Rule::ReportUnits,
                format!(
                    "{} {}: reported as {}, the moves give {}",
                    c.unit,
                    c.ty,
                    describe_change(r),
                    describe_change(c)
                ),
            ),
            Some(_) => {}
        }
    }
    // What is left is reported as changed although the moves leave it alone; a line
    // listed with no change and its true input values is noise, not a false claim.
    for ((unit, ty), r) in reported {
        let input = scenario.line(unit, ty).map(|l| (l.quota, l.staff)).unwrap_or((0, 0));
        let claims_nothing = r.quota_before == r.quota_after
            && r.staff_before == r.staff_after
            && (r.quota_before, r.staff_before) == input;
        if !claims_nothing {
            found.flag(
                Rule::ReportUnits,
                format!(
                    "{unit} {ty}: reported as {}, the moves leave it at quota {}, staff {}",
                    describe_change(r),
                    input.0,
                    input.1
                ),
            );
        }
    }
}

pub(super) fn compare_pools(evaluation: &Evaluation, plan: &Plan, found: &mut Found) {
    let mut reported: BTreeMap<&str, &PoolChange> = BTreeMap::new();
    for c in &plan.pools {
        if reported.insert(&c.pool, c).is_some() {
            found.flag(Rule::ReportPools, format!("pool {}: listed more than once", c.pool));
        }
    }
    for c in &evaluation.pools {
        match reported.remove(c.pool.as_str()) {
            None => found.flag(
                Rule::ReportPools,
                format!("pool {}: missing, the moves give {} -> {}", c.pool, c.before, c.after),
            ),
            Some(r) if r != c => found.flag(
                Rule::ReportPools,
                format!(
                    "pool {}: reported as {} -> {}, the moves give {} -> {}",
                    c.pool, r.before, r.after, c.before, c.after
                ),
            ),
            Some(_) => {}
        }
    }
    for (id, _) in reported {
        found.flag(Rule::ReportPools, format!("pool {id}: not a pool of the scenario"));
    }
}

pub(super) fn compare_requests(scenario: &Scenario, evaluation: &Evaluation, plan: &Plan, found: &mut Found) {
    let mut reported: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for o in &plan.requests {
        if reported.insert(&o.request, (o.amount, o.granted)).is_some() {
            found.flag(Rule::ReportRequests, format!("request {}: listed more than once", o.request));
        }
    }
    for r in &scenario.requests {
        let granted = evaluation.granted.get(&r.id).copied().unwrap_or(0);
        match reported.remove(r.id.as_str()) {
            None => found.flag(
                Rule::ReportRequests,
                format!("request {}: missing, the moves grant {granted}", r.id),
            ),
            Some((amount, reported_granted)) => {
                if amount != r.amount {
                    found.flag(
                        Rule::ReportRequests,
                        format!("request {}: amount reported as {amount}, the scenario asks {}", r.id, r.amount),
                    );
                }
                if reported_granted != granted {
                    found.flag(
                        Rule::ReportRequests,
                        format!("request {}: granted reported as {reported_granted}, the moves grant {granted}", r.id),
                    );
                }
            }
        }
    }
    for (id, _) in reported {
        found.flag(Rule::ReportRequests, format!("request {id}: not a request of the scenario"));
    }
}

pub(super) fn compare_merges(scenario: &Scenario, plan: &Plan, found: &mut Found) {
    for m in &plan.moves {
        let Move::Merge { from, staff, released, .. } = m else { continue };
        if scenario.unit(from).is_none() {
            continue; // move.unknown already
        }
        let (true_staff, true_released) = merge_effect(scenario, from);
        if (*staff, *released) != (true_staff, true_released) {
            found.flag(
                Rule::ReportMerge,
                format!(
                    "{}: reports staff {staff} and released {released}, the unit's lines give staff {true_staff} and released {true_released}",
                    describe(m)
                ),
            );
        }
    }
}

/// Short text naming a move in messages, e.g. `reclaim institution 2 U0123 -> POOL-MUNI`.
pub(super) fn describe(m: &Move) -> String {
    match m {
        Move::Reclaim { ty, from, to, amount, .. } => format!("reclaim {ty} {amount} {from} -> {to}"),
        Move::Merge { from, to, .. } => format!("merge {from} -> {to}"),
        Move::Absorb { ty, from, to, amount, .. } => format!("absorb {ty} {amount} {from} -> {to}"),
        Move::Grant { ty, from, to, request, amount, .. } => {
            format!("grant {ty} {amount} {from} -> {to} for {request}")
        }
        Move::Return { ty, from, to, grant, amount, .. } => format!("return {ty} {amount} {from} -> {to} of grant {grant}"),
    }
}

#[cfg(test)]
mod tests {
    use crate::verify::verify_plan;
    use crate::verify::fixture::*;

    #[test]
    fn wrong_objective_is_reported() {
        let mut plan = plan_for(valid_moves());
        plan.objective += 1.0;
        let violations = verify_plan(&scenario(), &policy(), &plan);
        assert_eq!(rules_of(&violations), vec!["report.objective"]);
        assert_eq!(violations[0].rank, 2);
        // Rounding noise within the tolerance is not.
        plan.objective -= 1.0 - 1e-7;
        assert_eq!(verify_plan(&scenario(), &policy(), &plan), vec![]);
    }

    #[test]
    fn conjured_quota_in_reported_units() {
        let mut plan = plan_for(valid_moves());
        plan.units.iter_mut().find(|c| c.unit == "U3").unwrap().quota_after += 1;
        let violations = verify_plan(&scenario(), &policy(), &plan);
        let rules = rules_of(&violations);
        assert!(rules.contains(&"report.units"), "{rules:?}");
        assert!(rules.contains(&"conservation.quota"), "{rules:?}");
    }

    #[test]
    fn moves_removed_but_reported_states_kept() {
        let mut plan = plan_for(valid_moves());
        plan.moves.clear();
        let violations = verify_plan(&scenario(), &policy(), &plan);
        let rules = rules_of(&violations);
        for rule in ["report.terms", "report.units", "report.pools", "report.requests"] {
            assert!(rules.contains(&rule), "{rule} missing from {rules:?}");
        }
    }

    #[test]
    fn merge_move_reports_wrong_staff() {
        let plan = plan_for(valid_with(1, merge("U2", "U3", 3, 0)));
        let violations = verify_plan(&scenario(), &policy(), &plan);
        assert_eq!(rules_of(&violations), vec!["report.merge"]);
    }
}
