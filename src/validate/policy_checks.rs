//! The checks that read the policy beyond its vocabulary: the pools `reclaim.into` and
//! `reserve` name, and the vanished units that must merge but never can. Apart from the
//! tables' own checks so that a sweep can run them again for each variant of a model
//! ([`super::RawScenario::check_variant`]).

use super::cells::warning;
use crate::domain::{Pool, Scenario};
use crate::error::{Issue, Severity};
use crate::load::Table;
use crate::policy::Policy;
use crate::rules::NotMergeable;
use std::collections::BTreeMap;

/// A vanished unit that must merge (`consolidation.vanished_must_merge`) but has no
/// possible host, or can never be merged, makes every plan infeasible: say so here,
/// at its row, instead of only when `solve` fails.
pub(super) fn check_forced_merges(s: &Scenario, policy: &Policy, table: &Table, issues: &mut Vec<Issue>) {
    let c = crate::rules::Candidates::new(s, policy);
    let stuck: Vec<(&str, String)> = c
        .forced
        .iter()
        .filter_map(|(&id, blocked)| {
            let why = match blocked {
                Some(NotMergeable::Protected) => "it is protected, and a protected unit is never merged".to_string(),
                Some(NotMergeable::NoPoolFor(ty)) => format!(
                    "its {ty} line would release quota that no pool takes (no reclaim.into pool for {ty} and no collecting pool in its region)"
                ),
                None if c.hosts.get(id).is_none_or(Vec::is_empty) => {
                    let cons = &policy.consolidation;
                    let mut same = Vec::new();
                    if cons.same_parent {
                        same.push("supervising unit");
                    }
                    if cons.same_sector {
                        same.push("sector");
                    }
                    same.push("level");
                    if !c.unit(id).region.is_empty() {
                        same.push("region");
                    }
                    format!(
                        "no unit can host it: none of an eligible kind ({}) with the same {}, not overstaffed and not itself merged",
                        cons.kinds.iter().map(|k| k.key()).collect::<Vec<_>>().join(", "),
                        same.join(", ")
                    )
                }
                None => return None,
            };
            Some((id, why))
        })
        .collect();
    if stuck.is_empty() {
        return;
    }
    let (id_col, function_col) = (table.idx("id"), table.idx("function"));
    for (id, why) in stuck {
        let row = table.rows.iter().find(|r| r.cells[id_col].as_deref() == Some(id));
        let written = row.and_then(|r| r.cells[function_col].as_deref()).unwrap_or("vanished");
        issues.push(warning(
            table,
            row.map_or(1, |r| r.number),
            "function",
            Some(written),
            format!("unit {id} has vanished and must merge (consolidation.vanished_must_merge) but {why}; solve will report the rules infeasible"),
        ));
    }
}

/// `reclaim.into` and `reserve.min_available` must name pools of the scenario, of
/// the right type.
pub(super) fn check_policy_pools<'a>(policy: &Policy, pools: impl Iterator<Item = &'a Pool>, pools_file: Option<&str>, issues: &mut Vec<Issue>) {
    let by_id: BTreeMap<&str, &Pool> = pools.map(|p| (p.id.as_str(), p)).collect();
    let known = || {
        if by_id.is_empty() {
            format!("the scenario has no pools{}", pools_file.map(|f| format!(" ({f})")).unwrap_or_default())
        } else {
            format!("known pools: {}", by_id.keys().copied().collect::<Vec<_>>().join(", "))
        }
    };
    let mut bad = |section: &str, key: &str, value: String, message: String| {
        issues.push(Issue {
            severity: Severity::Error,
            file: policy.file(),
            row: policy.line_of(section, key),
            column: Some(format!("{section}.{key}")),
            value: Some(value),
            message,
        });
    };
    for (ty, pool) in &policy.reclaim.into {
        match by_id.get(pool.as_str()) {
            None => bad("reclaim", "into", format!("{ty} = {pool}"), format!("unknown pool {pool}; {}", known())),
            Some(p) if p.ty != *ty => bad(
                "reclaim",
                "into",
                format!("{ty} = {pool}"),
                format!("pool {pool} holds {} quota, not {ty}", p.ty),
            ),
            _ => {}
        }
    }
    for pool in policy.reserve.min_available.keys() {
        if !by_id.contains_key(pool.as_str()) {
            bad("reserve", "min_available", pool.clone(), format!("unknown pool {pool}; {}", known()));
        }
    }
}
