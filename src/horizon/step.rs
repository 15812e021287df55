//! From one plan year to the next (DESIGN §14): the state the next year's plan starts
//! from, given this year's state and its plan. In order:
//!
//! 1. the plan's moves (returns included): every changed line takes its `after` values,
//!    every pool its `after` balance; a merged unit leaves the register, its lines
//!    (now empty) with it, and its later requests are dropped;
//! 2. grants are filled by hires: a line granted x gains x staff;
//! 3. the year's retirements: a line's listed count for the year (`retiring`; one value
//!    is every year's), else the model's `attrition.rate` of its staff, counted in
//!    basis points with the fraction carried to the next year per line; never more than
//!    the line's staff. A merged line's listed counts (this year's on; one count stays
//!    every year's) and carry go to its host's line;
//! 4. the ledger: returns made (an expired grant leaves it, a partly returned one keeps
//!    the rest), a merged unit's grants pass to its host with their unused part gone
//!    (released by the merge), and every grant of the plan joins it as filled
//!    (`used = amount`), dated the plan's date, with its request's tier;
//! 5. the date moves on to the next year's: the first year's `as_of` plus a year per year.

use crate::domain::{Date, Grant, Line, Move, Plan, Scenario};
use crate::policy::Policy;
use super::ledger::{self, Due};
use crate::rules::Rule;
use std::collections::{BTreeMap, BTreeSet};

/// What stepping keeps besides the scenario: per line, the listed retirements still
/// to come from merged lines, and the fraction of a person carried by the rate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Carry {
    /// (unit, type) → extra retirements per year index (0-based) from merged lines.
    pub extra: BTreeMap<(String, String), Vec<i64>>,
    /// (unit, type) → extra retirements every year from merged lines that list one
    /// count for every year.
    pub every: BTreeMap<(String, String), i64>,
    /// (unit, type) → basis points of a person carried to next year.
    pub fraction: BTreeMap<(String, String), i64>,
}

/// The next year's state and the staff who retired during `year`.
pub struct Step {
    pub state: Scenario,
    pub retired: i64,
    /// Requests of later years dropped because their unit was merged this year.
    pub dropped: Vec<String>,
}

/// Listed retirements of a line in plan year `year` (1-based), if the table lists them.
pub fn listed(line: &Line, year: usize) -> Option<i64> {
    match line.retiring.len() {
        0 => None,
        1 => Some(line.retiring[0]),
        n if year <= n => Some(line.retiring[year - 1]),
        _ => None,
    }
}

/// The state after `year`'s `plan` on `state` (see the module's steps); `next` is the
/// next year's date (`year_start` of the first year's `as_of`, so a 29 February stays one
/// in leap years).
pub fn advance(state: &Scenario, p: &Policy, plan: &Plan, year: usize, next: &str, carry: &mut Carry) -> Step {
    let mut s = state.clone();
    // 1. the moves
    let mut lines: BTreeMap<(String, String), Line> =
        s.lines.drain(..).map(|l| ((l.unit.clone(), l.ty.clone()), l)).collect();
    for c in &plan.units {
        let line = lines.entry((c.unit.clone(), c.ty.clone())).or_insert_with(|| Line {
            unit: c.unit.clone(),
            ty: c.ty.clone(),
            quota: 0,
            staff: 0,
            retiring: Vec::new(),
        });
        line.quota = c.quota_after;
        line.staff = c.staff_after;
    }
    for pc in &plan.pools {
        if let Ok(i) = s.pools.binary_search_by(|q| q.id.as_str().cmp(&pc.pool)) {
            s.pools[i].available = pc.after;
        }
    }
    let host_of: BTreeMap<&str, &str> = plan
        .moves
        .iter()
        .filter_map(|m| match m {
            Move::Merge { from, to, .. } => Some((from.as_str(), to.as_str())),
            _ => None,
        })
        .collect();
    // 2. hires
    for m in &plan.moves {
        if let Move::Grant { ty, to, amount, .. } = m {
            if let Some(l) = lines.get_mut(&(to.clone(), ty.clone())) {
                l.staff += amount;
            }
        }
    }
    // merged lines: listed retirements and carry pass to the host's line
    for (&unit, &host) in &host_of {
        let keys: Vec<(String, String)> =
            lines.range((unit.to_string(), String::new())..).map(|(k, _)| k).take_while(|(u, _)| u == unit).cloned().collect();
        for key in keys {
            let Some(line) = lines.remove(&key) else { continue };
            let to = (host.to_string(), key.1.clone());
            // One count for every year stays one for every year; a list passes on its
            // years from this one.
            let mut every = carry.every.remove(&key).unwrap_or(0);
            let mut add: Vec<i64> = Vec::new();
            match line.retiring.len() {
                0 => {}
                1 => every += line.retiring[0],
                n => add = (1..=n).map(|y| if y >= year { line.retiring[y - 1] } else { 0 }).collect(),
            }
            if every > 0 {
                *carry.every.entry(to.clone()).or_insert(0) += every;
            }
            if let Some(more) = carry.extra.remove(&key) {
                for (i, v) in more.into_iter().enumerate() {
                    if i >= add.len() {
                        add.resize(i + 1, 0);
                    }
                    add[i] += v;
                }
            }
            if add.iter().any(|&v| v > 0) {
                let e = carry.extra.entry(to.clone()).or_default();
                if e.len() < add.len() {
                    e.resize(add.len(), 0);
                }
                for (i, v) in add.into_iter().enumerate() {
                    e[i] += v;
                }
            }
            if let Some(f) = carry.fraction.remove(&key) {
                *carry.fraction.entry(to).or_insert(0) += f;
            }
        }
    }
    // 3. retirements
    let bp = p.attrition.basis_points();
    let mut retired = 0;
    for (key, line) in lines.iter_mut() {
        let extra = carry.extra.get(key).and_then(|e| e.get(year - 1)).copied().unwrap_or(0)
            + carry.every.get(key).copied().unwrap_or(0);
        let own = match listed(line, year) {
            Some(n) => n,
            None if bp > 0 => {
                let f = carry.fraction.entry(key.clone()).or_insert(0);
                *f += bp * line.staff;
                let n = *f / 10_000;
                *f %= 10_000;
                n
            }
            None => 0,
        };
        let n = (own + extra).min(line.staff);
        line.staff -= n;
        retired += n;
    }
    s.lines = lines.into_values().collect();
    s.units.retain(|u| !host_of.contains_key(u.id.as_str()));
    let mut dropped = Vec::new();
    s.requests.retain(|r| {
        let keep = !host_of.contains_key(r.unit.as_str()) || r.year() <= year;
        if !keep {
            dropped.push(r.id.clone());
        }
        keep
    });
    // 4. the ledger
    let returns: Vec<Due> = plan
        .moves
        .iter()
        .filter_map(|m| match m {
            Move::Return { ty, from, to, grant, amount, rule, .. } => Some(Due {
                grant: grant.clone(),
                unit: from.clone(),
                ty: ty.clone(),
                pool: to.clone(),
                amount: *amount,
                rule: if rule == Rule::LedgerExpired.code() { Rule::LedgerExpired } else { Rule::LedgerUnused },
                age_months: 0,
                term_months: None,
            }),
            _ => None,
        })
        .collect();
    let mut grants = ledger::after_returns(&s.grants, &returns);
    for g in &mut grants {
        if let Some(&host) = host_of.get(g.unit.as_str()) {
            g.unit = host.to_string();
            g.amount = g.used;
        }
    }
    grants.retain(|g| g.amount > 0);
    let date = state.date();
    let known: BTreeSet<String> = grants.iter().map(|g| g.id.clone()).collect();
    for m in &plan.moves {
        if let (Move::Grant { ty, from, to, request, amount, .. }, Some(on)) = (m, date) {
            let tier = state.request(request).map(|r| r.tier.clone()).unwrap_or_default();
            let mut id = format!("{request}@{from}");
            let mut n = 2;
            while known.contains(&id) {
                id = format!("{request}@{from}#{n}");
                n += 1;
            }
            grants.push(Grant {
                id,
                pool: from.clone(),
                unit: to.clone(),
                ty: ty.clone(),
                amount: *amount,
                used: *amount,
                granted_on: on,
                tier,
                term_months: None,
            });
        }
    }
    grants.sort_by(|a, b| a.id.cmp(&b.id));
    s.grants = grants;
    // 5. the date
    s.as_of = next.to_string();
    Step { state: s, retired, dropped }
}

/// The date of plan year `year` (1-based) for a scenario dated `as_of`.
pub fn year_start(as_of: &str, year: usize) -> String {
    Date::parse(as_of).map(|d| d.add_months(12 * (year as i64 - 1)).to_string()).unwrap_or_default()
}
