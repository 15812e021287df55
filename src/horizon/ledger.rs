//! The revolving-grant ledger at a date (周转编制台账, DESIGN §14): which grants return
//! quota to their pools, and the state a plan starts from once they have.
//!
//! At a plan's date, in grant id order: a grant past its term (its own `term_months`,
//! else the model's `grants.term_months` for its tier) returns in full — at most what
//! its line still holds — and its staff stay, now counted as overstaffing (事去减编);
//! otherwise a grant at least `grants.reclaim_unused_after_months` old returns its
//! unused part — at most the line's vacancy, since quota already filled or already
//! reclaimed is not there to return (一年内未使用的及时收回). Returns are not decisions:
//! every plan of one date has the same ones.

use crate::domain::{Date, Grant, Scenario};
use crate::policy::Policy;
use crate::rules::Rule;
use std::collections::HashMap;

/// One grant's quota falling due at a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Due {
    pub grant: String,
    pub unit: String,
    pub ty: String,
    pub pool: String,
    /// What returns to the pool.
    pub amount: i64,
    /// `LedgerExpired` (the whole grant) or `LedgerUnused` (its unused part).
    pub rule: Rule,
    /// Whole months from `granted_on` to the date.
    pub age_months: i64,
    /// The term that ended, for an expired grant.
    pub term_months: Option<i64>,
}

/// What a grant owes its pool at `date`, before any cap by the line.
fn owed(g: &Grant, p: &Policy, date: Date) -> Option<(Rule, i64, i64, Option<i64>)> {
    let age = g.granted_on.months_until(date);
    let term = p.grants.term_of(g.term_months, &g.tier);
    if let Some(t) = term.filter(|&t| age >= t) {
        return Some((Rule::LedgerExpired, g.amount, age, Some(t)));
    }
    (age >= p.grants.reclaim_unused_after_months && g.unused() > 0).then_some((Rule::LedgerUnused, g.unused(), age, None))
}

/// The returns falling due at `date`, in grant id order, each capped by what its line
/// holds after the returns before it (quota for an expired grant, vacancy for an
/// unused part). A return of 0 is not listed.
pub fn returns_due(s: &Scenario, p: &Policy, date: Date) -> Vec<Due> {
    let mut quota: HashMap<(&str, &str), (i64, i64)> = HashMap::new();
    let mut out = Vec::new();
    for g in &s.grants {
        let Some((rule, want, age, term)) = owed(g, p, date) else { continue };
        let Some(line) = s.line(&g.unit, &g.ty) else { continue };
        let (q, staff) = quota.entry((g.unit.as_str(), g.ty.as_str())).or_insert((line.quota, line.staff));
        let room = match rule {
            Rule::LedgerExpired => *q,
            _ => (*q - *staff).max(0),
        };
        let amount = want.min(room);
        if amount <= 0 {
            continue;
        }
        *q -= amount;
        out.push(Due {
            grant: g.id.clone(),
            unit: g.unit.clone(),
            ty: g.ty.clone(),
            pool: g.pool.clone(),
            amount,
            rule,
            age_months: age,
            term_months: term,
        });
    }
    out
}

/// The grants a ledger still holds once `returns` are made: an expired grant leaves
/// the ledger, a grant whose unused part returned keeps what was not returned.
pub fn after_returns(grants: &[Grant], returns: &[Due]) -> Vec<Grant> {
    let by_grant: HashMap<&str, &Due> = returns.iter().map(|d| (d.grant.as_str(), d)).collect();
    grants
        .iter()
        .filter_map(|g| match by_grant.get(g.id.as_str()) {
            Some(d) if d.rule == Rule::LedgerExpired => None,
            Some(d) => Some(Grant { amount: g.amount - d.amount, ..g.clone() }),
            None => Some(g.clone()),
        })
        .collect()
}

/// The state a plan for `year` starts from: `s` with the returns due at its date made
/// (each line's quota down, each pool's balance up) and only the requests of `year`.
pub struct Opening {
    pub scenario: Scenario,
    pub returns: Vec<Due>,
}

/// [`Opening`] of `s` for plan year `year` at `s.as_of`. Its ledger is the one left after
/// the returns (nothing more falls due on it at that date), so the returns are explained
/// from `s`, every other move from the opening. Without a ledger and without requests of
/// other years, the scenario is `s` unchanged.
pub fn opening(s: &Scenario, p: &Policy, year: usize) -> Opening {
    let returns = match s.date() {
        Some(date) if !s.grants.is_empty() => returns_due(s, p, date),
        _ => Vec::new(),
    };
    let mut scenario = s.clone();
    if year != 1 || s.requests.iter().any(|r| r.year.is_some()) {
        scenario.requests.retain(|r| r.year() == year);
        // The opening is the year's own one-year plan: its requests are all "this
        // year's", so checking it as a plan of year 1 (every plan is verified on the
        // state it was made on) keeps them.
        for r in &mut scenario.requests {
            r.year = None;
        }
    }
    scenario.grants = after_returns(&s.grants, &returns);
    for d in &returns {
        if let Ok(i) = scenario.lines.binary_search_by(|l| (l.unit.as_str(), l.ty.as_str()).cmp(&(d.unit.as_str(), d.ty.as_str()))) {
            scenario.lines[i].quota -= d.amount;
        }
        if let Ok(i) = scenario.pools.binary_search_by(|q| q.id.as_str().cmp(&d.pool)) {
            scenario.pools[i].available += d.amount;
        }
    }
    Opening { scenario, returns }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Line, Pool, Sectors};

    fn policy(extra: &str) -> Policy {
        let text = format!(
            "[model]\nname = \"t\"\n[types]\ninstitution = \"事业编制\"\n[tiers]\nkey = {{ label = \"保重点\", weight = 100 }}\nemergency = {{ label = \"保应急\", weight = 60 }}\n{extra}"
        );
        Policy::parse(&text, "t.toml").expect("policy")
    }

    fn scenario(grants: Vec<Grant>, quota: i64, staff: i64) -> Scenario {
        Scenario {
            name: "t".into(),
            as_of: "2025-06-30".into(),
            units: Vec::new(),
            lines: vec![Line { unit: "U1".into(), ty: "institution".into(), quota, staff, retiring: Vec::new() }],
            pools: vec![Pool {
                id: "P".into(),
                name: "P".into(),
                ty: "institution".into(),
                available: 10,
                sectors: Sectors::All,
                per_unit_max: 0,
                region: String::new(),
                collects: false,
            }],
            requests: Vec::new(),
            grants,
            digest: String::new(),
        }
    }

    fn grant(id: &str, amount: i64, used: i64, on: &str, tier: &str) -> Grant {
        Grant {
            id: id.into(),
            pool: "P".into(),
            unit: "U1".into(),
            ty: "institution".into(),
            amount,
            used,
            granted_on: Date::parse(on).unwrap(),
            tier: tier.into(),
            term_months: None,
        }
    }

    #[test]
    fn an_unused_part_returns_after_twelve_months_and_not_before() {
        let p = policy("");
        let s = scenario(vec![grant("G1", 5, 2, "2024-06-30", "key"), grant("G2", 5, 2, "2024-07-01", "key")], 20, 10);
        let due = returns_due(&s, &p, s.date().unwrap());
        assert_eq!(due.len(), 1, "{due:?}");
        assert_eq!((due[0].grant.as_str(), due[0].amount, due[0].rule, due[0].age_months), ("G1", 3, Rule::LedgerUnused, 12));
        let open = opening(&s, &p, 1);
        assert_eq!((open.scenario.lines[0].quota, open.scenario.pools[0].available), (17, 13));
    }

    #[test]
    fn an_expired_emergency_grant_returns_in_full_and_leaves_its_staff_overstaffed() {
        let p = policy("");
        let s = scenario(vec![grant("G1", 4, 4, "2023-06-01", "emergency")], 10, 10);
        let due = returns_due(&s, &p, s.date().unwrap());
        assert_eq!((due[0].amount, due[0].rule, due[0].term_months), (4, Rule::LedgerExpired, Some(24)));
        let open = opening(&s, &p, 1);
        assert_eq!(open.scenario.lines[0].excess(), 4);
        assert!(after_returns(&s.grants, &due).is_empty());
    }

    #[test]
    fn an_unused_return_is_capped_by_the_vacancy_and_the_ledger_keeps_the_rest() {
        let p = policy("[grants]\nreclaim_unused_after_months = 6\nterm_months = {}");
        let s = scenario(vec![grant("G1", 5, 0, "2024-06-30", "emergency")], 10, 8);
        let due = returns_due(&s, &p, s.date().unwrap());
        assert_eq!((due[0].amount, due[0].rule), (2, Rule::LedgerUnused), "no term: emergency is permanent here");
        let left = after_returns(&s.grants, &due);
        assert_eq!((left[0].amount, left[0].unused()), (3, 3));
    }

    #[test]
    fn a_grants_own_term_overrides_its_tiers() {
        let p = policy("");
        let mut g = grant("G1", 3, 3, "2024-12-31", "key");
        g.term_months = Some(6);
        let s = scenario(vec![g], 10, 10);
        let due = returns_due(&s, &p, s.date().unwrap());
        assert_eq!((due[0].amount, due[0].rule, due[0].term_months), (3, Rule::LedgerExpired, Some(6)));
    }

    #[test]
    fn requests_of_other_years_wait_for_theirs() {
        let p = policy("");
        let mut s = scenario(Vec::new(), 10, 10);
        let r = |id: &str, year| crate::domain::Request {
            id: id.into(),
            unit: "U1".into(),
            ty: "institution".into(),
            amount: 1,
            tier: "key".into(),
            min: 0,
            reason: String::new(),
            year,
        };
        s.requests = vec![r("R1", None), r("R2", Some(2))];
        let ids = |y| opening(&s, &p, y).scenario.requests.iter().map(|q| q.id.clone()).collect::<Vec<_>>();
        assert_eq!((ids(1), ids(2)), (vec!["R1".to_string()], vec!["R2".to_string()]));
        assert!(opening(&s, &p, 2).scenario.requests.iter().all(|r| r.year.is_none()), "the opening's requests are its year's own");
        // Without a year column every request is year 1's: a later year has none.
        s.requests.truncate(1);
        let ids = |y| opening(&s, &p, y).scenario.requests.iter().map(|q| q.id.clone()).collect::<Vec<_>>();
        assert_eq!((ids(1), ids(2)), (vec!["R1".to_string()], Vec::<String>::new()));
    }
}
