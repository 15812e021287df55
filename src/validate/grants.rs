//! The revolving-grant ledger (周转台账, DESIGN §14): each row typed into a [`Grant`]
//! and checked against the register, the pools and the scenario's date.

use super::cells::{issue, unique_ids, vocab, warning, Cells, Choices};
use super::pools::PoolUsed;
use super::units::ZeroHints;
use crate::domain::{Date, Grant, Line, Pool};
use crate::error::{did_you_mean, Issue, Severity};
use crate::load::Table;
use crate::policy::Policy;
use std::collections::{BTreeMap, HashMap};

/// The revolving-grant ledger typed and checked against the register, the pools and
/// `as_of` (DESIGN §14): every grant names a known pool and unit, its type is its
/// pool's, `used` ≤ `amount`, `granted_on` is a date no later than `as_of`, and the
/// unit's line holds at least the quota its grants lent it.
#[allow(clippy::too_many_arguments)]
pub(super) fn grants_of(
    tg: &Table,
    (as_of, manifest_file): (&str, &str),
    (policy, type_choices, tier_choices): (&Policy, &Choices, &Choices),
    unit_rows: &HashMap<&str, usize>,
    lines: &[(usize, Line)],
    pools: &[(usize, Pool)],
    zeros: &mut ZeroHints,
    (pool_table, pool_used): (Option<&Table>, &PoolUsed),
    issues: &mut Vec<Issue>,
) -> Vec<Grant> {
    let as_of_date = Date::parse(as_of);
    if as_of_date.is_none() && !tg.rows.is_empty() {
        issues.push(Issue {
            severity: Severity::Error,
            file: manifest_file.to_string(),
            row: None,
            column: Some("scenario.as_of".into()),
            value: Some(as_of.to_string()),
            message: format!(
                "a grants ledger needs the scenario's date: set [scenario] as_of = \"YYYY-MM-DD\" (the grants are in {})",
                tg.file
            ),
        });
    }
    let pool_of: HashMap<&str, &Pool> = pools.iter().map(|(_, p)| (p.id.as_str(), p)).collect();
    let quota_of: HashMap<(&str, &str), i64> = lines.iter().map(|(_, l)| ((l.unit.as_str(), l.ty.as_str()), l.quota)).collect();
    let mut grants: Vec<(usize, Grant)> = Vec::new();
    for row in &tg.rows {
        let mut c = Cells { table: tg, row, issues, ok: true };
        let id = c.text("id");
        let pool = c.text("pool");
        let unit = c.text("unit");
        let ty = vocab(&mut c, "type", "establishment type", |v| policy.type_key(v), type_choices.to_vec());
        if c.raw("type").is_none() {
            c.bad("type", "", "missing value");
        }
        let amount = c.count("amount", 1, None);
        let used = c.count("used", 0, None);
        if used > amount && amount > 0 {
            let shown = c.raw("used").unwrap_or("").to_string();
            c.bad("used", &shown, format!("used exceeds the grant's amount {amount}"));
        }
        let tier = vocab(&mut c, "tier", "tier", |v| policy.tier_key(v), tier_choices.to_vec());
        if c.raw("tier").is_none() {
            c.bad("tier", "", "missing value");
        }
        let term_months = c.raw("term_months").map(|_| c.count("term_months", 1, None));
        let granted_on = match c.raw("granted_on") {
            None => {
                c.bad("granted_on", "", "missing value: expected a date (YYYY-MM-DD)");
                None
            }
            Some(v) => match Date::parse(v) {
                None => {
                    let v = v.to_string();
                    c.bad("granted_on", &v, "not a date: expected YYYY-MM-DD");
                    None
                }
                Some(d) => {
                    if let Some(limit) = as_of_date.filter(|&a| d > a) {
                        let v = v.to_string();
                        c.bad("granted_on", &v, format!("after the scenario's as_of {limit}: a ledger lists grants already made"));
                    }
                    Some(d)
                }
            },
        };
        if !pool.is_empty() {
            match pool_of.get(pool.as_str()) {
                None => {
                    let mut known: Vec<&str> = pool_of.keys().copied().collect();
                    known.sort_unstable();
                    let hint = did_you_mean(&pool, known.iter().copied()).map(|b| format!("; did you mean {b}?")).unwrap_or_default();
                    c.bad("pool", &pool, format!("unknown pool: not in the pools table{hint}"));
                }
                Some(p) => {
                    if let Some(t) = ty.as_deref().filter(|t| *t != p.ty) {
                        let shown = c.raw("type").unwrap_or("").to_string();
                        c.bad("type", &shown, format!("type {t} but pool {} lends {}", p.id, p.ty));
                    }
                }
            }
        }
        if !unit.is_empty() && !unit_rows.contains_key(unit.as_str()) {
            c.bad("unit", &unit, format!("unknown unit: not in the units table{}", zeros.hint(&unit)));
        }
        if let (true, Some(ty), Some(tier), Some(granted_on)) = (c.ok, ty, tier, granted_on) {
            grants.push((row.number, Grant { id, pool, unit, ty, amount, used, granted_on, tier, term_months }));
        }
    }
    unique_ids(tg, "id", grants.iter().map(|(r, g)| (*r, g.id.as_str())), issues);
    // A unit's grants in a type are part of its quota: more lent than the line holds is
    // a ledger out of step with the register.
    for ((unit, ty), (total, row)) in lent_by(&grants, |g| (g.unit.as_str(), g.ty.as_str())) {
        let quota = quota_of.get(&(unit, ty)).copied();
        if quota.is_none_or(|q| q < total) {
            issues.push(issue(
                tg,
                row,
                "amount",
                Some(&total.to_string()),
                format!(
                    "the grants to unit {unit} in type {ty} add up to {total} but its establishment line holds {}: the lent quota is part of the line's quota",
                    quota.map_or("no quota (no line of the type)".to_string(), |q| q.to_string())
                ),
            ));
        }
    }
    // A pool written as capacity and used has lent `used`: the ledger's grants of it
    // should not add up to more (it may list fewer: grants already returned are gone).
    if let Some(tp) = pool_table {
        if tp.has("capacity") && tp.has("used") {
            for (pool, (total, row)) in lent_by(&grants, |g| g.pool.as_str()) {
                if let Some((prow, used)) = pool_used.get(pool).copied() {
                    if total > used {
                        issues.push(warning(
                            tg,
                            row,
                            "amount",
                            Some(&total.to_string()),
                            format!("the ledger's grants from pool {pool} add up to {total} but {} row {prow} says {used} used", tp.file),
                        ));
                    }
                }
            }
        }
    }
    let mut grants: Vec<Grant> = grants.into_iter().map(|(_, g)| g).collect();
    grants.sort_by(|a, b| a.id.cmp(&b.id));
    grants.dedup_by(|a, b| a.id == b.id);
    grants
}

/// Σ amount of the grants per `key`, with the last row of each (where a message about
/// the total points).
fn lent_by<'g, K: Ord>(grants: &'g [(usize, Grant)], key: impl Fn(&'g Grant) -> K) -> BTreeMap<K, (i64, usize)> {
    let mut out: BTreeMap<K, (i64, usize)> = BTreeMap::new();
    for (row, g) in grants {
        let e = out.entry(key(g)).or_insert((0, *row));
        e.0 += g.amount;
        e.1 = *row;
    }
    out
}

