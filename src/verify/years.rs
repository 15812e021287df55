//! DESIGN §14 on the document's `years`: this checker's own stepping from one plan
//! year's state to the next ([`step`]) and the check of every year as a plan on the
//! state it reaches ([`check_years`]). The planner's `rules::years` is never called.

use super::ledger::{Opened, Owed};
use super::{check_plan, evaluate_opened, Evaluation, Violation};
use crate::domain::{Date, Grant, Line, Move, Plan, PlansDoc, Scenario, YearPlan};
use crate::policy::Policy;
use crate::rules::Rule;
use std::collections::{BTreeMap, BTreeSet};

/// DESIGN §14 on the document's `years`, the year-by-year plan along plan 1. Year 1 is
/// plan 1 (same moves, units, pools, requests, terms and objective; `years.follow`
/// otherwise). Years are numbered 1…N in order, year K starts on `as_of` plus K − 1
/// years (the month's last day when shorter; empty without a dated `as_of`). From the
/// input, this checker steps from each year's state to the next on its own (see
/// [`step`]) — from its recomputation of the year's moves, not from what the year
/// reports — and checks year K ≥ 2 as a plan on the state it reaches: the returns due at
/// that year's date, that year's requests only, and everything [`verify_plan`] compares.
/// Each year's `retired` and `dropped_requests` are what the year before leaves, and at
/// the end of every year each type's quota plus pool balances is the input's.
///
/// Every violation found here has rank 0 (the document's `years`, not one of its ranked
/// plans) and a message starting with `year K: `, K the year's place in the list.
/// `plan1` is plan 1's evaluation on the input, which year 1 reuses when its moves are
/// plan 1's.
pub(super) fn check_years(scenario: &Scenario, policy: &Policy, doc: &PlansDoc, years: &[YearPlan], plan1: Option<&Evaluation>) -> Vec<Violation> {
    let follow = Rule::YearsFollow;
    let mut out = InYears::default();
    let (Some(first), Some(plan1)) = (doc.plans.first(), plan1) else {
        out.flag(1, follow, "the document has years but no plan 1 for year 1 to be".into());
        return out.0;
    };
    if years.is_empty() {
        out.flag(1, follow, "years lists no year; year 1 is plan 1".into());
        return out.0;
    }
    let origin = Date::parse(&scenario.as_of);
    let input = quota_totals(scenario);
    let mut state = scenario.clone();
    let mut horizon = Horizon { policy, origin, inherited: Inherited::default() };
    let (mut retired, mut dropped) = (0, Vec::new());
    for (i, entry) in years.iter().enumerate() {
        let year = i + 1;
        if entry.year != year {
            out.flag(year, follow, format!("listed as year {}; years are numbered 1, 2, … in order", entry.year));
        }
        let start = origin.map(|d| d.add_months(12 * i as i64).to_string()).unwrap_or_default();
        if entry.start != start {
            let expected = if origin.is_some() { format!("{start:?} (as_of plus {i} year(s))") } else { "empty (as_of is not a date)".into() };
            out.flag(year, follow, format!("start is {:?}, expected {expected}", entry.start));
        }
        if entry.retired != retired {
            let expected = if year == 1 { "nobody retires before year 1".to_string() } else { format!("the year before retires {retired}") };
            out.flag(year, follow, format!("retired says {}, {expected}", entry.retired));
        }
        if entry.dropped_requests != dropped {
            out.flag(
                year,
                follow,
                format!("dropped_requests says {:?}, the merges before it leave out {dropped:?}", entry.dropped_requests),
            );
        }
        let opened = Opened::of(&state, policy, year);
        let own;
        let evaluation = if year == 1 && entry.plan.moves == first.moves {
            plan1
        } else {
            own = evaluate_opened(&state, &opened, policy, &entry.plan.moves);
            &own
        };
        // Year 1 is checked as plan 1 already; a year 1 that is not plan 1 is checked too,
        // since the years after it follow what it claims.
        let differs = if year == 1 { differences(&entry.plan, first) } else { Vec::new() };
        if !differs.is_empty() {
            out.flag(year, follow, format!("is not plan 1: it differs in {}", differs.join(", ")));
        }
        if year > 1 || !differs.is_empty() {
            for v in check_plan(&state, opened.state(&state), &entry.plan, evaluation) {
                out.restate(year, v);
            }
        }
        let next = step(&state, &opened, evaluation, &entry.plan.moves, year, &mut horizon);
        let totals = quota_totals(&next.state);
        for ty in input.keys().chain(totals.keys()).collect::<BTreeSet<_>>() {
            let (was, now) = (input.get(ty).copied().unwrap_or(0), totals.get(ty).copied().unwrap_or(0));
            if was != now {
                out.flag(
                    year,
                    Rule::ConservationQuota,
                    format!("{ty}: quota plus pools is {now} at the end of the year, {was} in the input ({:+})", now - was),
                );
            }
        }
        (state, retired, dropped) = (next.state, next.retired, next.dropped);
    }
    out.0
}

/// Violations of the document's years: rank 0, each message starting with its year.
#[derive(Default)]
struct InYears(Vec<Violation>);

impl InYears {
    fn flag(&mut self, year: usize, rule: Rule, message: String) {
        self.restate(year, Violation { rank: 0, rule: rule.code().to_string(), message });
    }

    /// A violation found on year `year` as a plan, restated as the document's.
    fn restate(&mut self, year: usize, v: Violation) {
        self.0.push(Violation { rank: 0, rule: v.rule, message: format!("year {year}: {}", v.message) });
    }
}

/// Which of the fields year 1 shares with plan 1 differ.
fn differences(year: &Plan, plan1: &Plan) -> Vec<&'static str> {
    let mut out = Vec::new();
    if year.moves != plan1.moves {
        out.push("moves");
    }
    if year.units != plan1.units {
        out.push("units");
    }
    if year.pools != plan1.pools {
        out.push("pools");
    }
    if year.requests != plan1.requests {
        out.push("requests");
    }
    if year.terms != plan1.terms {
        out.push("terms");
    }
    if (year.objective - plan1.objective).abs() > 1e-6 * plan1.objective.abs().max(1.0) || !year.objective.is_finite() {
        out.push("objective");
    }
    out
}

/// Per type, Σ quota over the lines + Σ available over the pools.
fn quota_totals(s: &Scenario) -> BTreeMap<String, i64> {
    let mut totals: BTreeMap<String, i64> = BTreeMap::new();
    for l in &s.lines {
        *totals.entry(l.ty.clone()).or_insert(0) += l.quota;
    }
    for p in &s.pools {
        *totals.entry(p.ty.clone()).or_insert(0) += p.available;
    }
    totals
}

/// A line's listed retirements in plan year `year` (1-based): one value is every
/// year's, a list gives years 1…n; `None` past the list or without one.
fn listed_retiring(line: &Line, year: usize) -> Option<i64> {
    match line.retiring.as_slice() {
        [] => None,
        [every] => Some(*every),
        list => list.get(year - 1).copied(),
    }
}

/// Retirements a line carries besides its own `retiring` column: those listed for the
/// lines merged into it (from the merge's year on), and the fraction of a person the
/// attrition rate has counted on it so far, in basis points.
#[derive(Default)]
struct Inherited {
    /// (unit, type) → plan year → count, from merged lines with a list of years.
    by_year: BTreeMap<(String, String), BTreeMap<usize, i64>>,
    /// (unit, type) → count every year, from merged lines with one value.
    every: BTreeMap<(String, String), i64>,
    /// (unit, type) → basis points of a person carried to the next year.
    fraction: BTreeMap<(String, String), i64>,
}

impl Inherited {
    /// The line `from` (merged in `year`) passes its listed counts from `year` on, what
    /// it inherited itself, and its fraction to the host's line `to`.
    fn pass(&mut self, from: &(String, String), line: &Line, to: &(String, String), year: usize) {
        match line.retiring.as_slice() {
            [] => {}
            [every] => *self.every.entry(to.clone()).or_insert(0) += every,
            list => {
                let years = self.by_year.entry(to.clone()).or_default();
                for (y, n) in list.iter().enumerate().skip(year - 1) {
                    *years.entry(y + 1).or_insert(0) += n;
                }
            }
        }
        if let Some(n) = self.every.remove(from) {
            *self.every.entry(to.clone()).or_insert(0) += n;
        }
        if let Some(own) = self.by_year.remove(from) {
            let years = self.by_year.entry(to.clone()).or_default();
            for (y, n) in own.range(year..) {
                *years.entry(*y).or_insert(0) += n;
            }
        }
        if let Some(f) = self.fraction.remove(from) {
            *self.fraction.entry(to.clone()).or_insert(0) += f;
        }
    }

    /// What the lines merged into `key` retire in `year`.
    fn in_year(&self, key: &(String, String), year: usize) -> i64 {
        self.every.get(key).copied().unwrap_or(0) + self.by_year.get(key).and_then(|y| y.get(&year)).copied().unwrap_or(0)
    }
}

/// What stepping keeps from year to year besides the state: the model, the input's
/// date, and the retirements lines inherit.
struct Horizon<'a> {
    policy: &'a Policy,
    origin: Option<Date>,
    inherited: Inherited,
}

/// The state after plan year `year`, and who retired in it.
struct Stepped {
    state: Scenario,
    retired: i64,
    /// Requests of later years whose unit the year merged, in id order.
    dropped: Vec<String>,
}

/// This checker's reading of DESIGN §14 from one plan year to the next, on `state`
/// (opened as `opened`) and the year's `moves` as `evaluation` recomputed them:
///
/// 1. every line the moves change takes its recomputed quota and staff (a host's new
///    line has no `retiring` list), every pool its recomputed balance; a merged unit
///    leaves the register with its lines, and its requests of later years are dropped;
/// 2. each grant is filled by hires: the receiving line gains its amount in staff;
/// 3. retirements: a line's listed count for the year (one value is every year's, a
///    list gives year by year), else `attrition.rate` in basis points of its staff, the
///    remainder carried per line to the next year; plus what lines merged into it list
///    for the year (their counts from the merge's year on, and their carried fraction,
///    pass to the host's line); never more than the line's staff;
/// 4. the ledger: the returns due at the year's date made (an expired grant leaves it,
///    a partly returned one keeps the rest), a merged unit's grants pass to its host with
///    amount = used (their unused part was released by the merge), grants of amount 0
///    leave, and each grant move joins it as `{request}@{pool}` (`#2`, `#3`, … when
///    taken), filled (`used = amount`), dated the year's date, with its request's tier and
///    no term of its own;
/// 5. the date is `as_of` plus `year` years (computed from the input's `as_of`, so a
///    29 February comes back in leap years).
fn step(state: &Scenario, opened: &Opened, evaluation: &Evaluation, moves: &[Move], year: usize, horizon: &mut Horizon) -> Stepped {
    type Key = (String, String);
    let Horizon { policy, origin, inherited } = horizon;
    // 1. the moves, as recomputed
    let mut lines: BTreeMap<Key, Line> = state.lines.iter().map(|l| ((l.unit.clone(), l.ty.clone()), l.clone())).collect();
    for c in &evaluation.units {
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
    let mut next = state.clone();
    let after: BTreeMap<&str, i64> = evaluation.pools.iter().map(|c| (c.pool.as_str(), c.after)).collect();
    for p in &mut next.pools {
        if let Some(&a) = after.get(p.id.as_str()) {
            p.available = a;
        }
    }
    // 2. hires
    for m in moves {
        if let Move::Grant { ty, to, amount, .. } = m {
            if let Some(l) = lines.get_mut(&(to.clone(), ty.clone())) {
                l.staff += amount;
            }
        }
    }
    // merged lines leave, what they still owe in retirements goes with their staff
    for (unit, host) in &evaluation.hosts {
        let keys: Vec<Key> =
            lines.range((unit.clone(), String::new())..).take_while(|((u, _), _)| u == unit).map(|(k, _)| k.clone()).collect();
        for key in keys {
            if let Some(line) = lines.remove(&key) {
                inherited.pass(&key, &line, &(host.clone(), key.1.clone()), year);
            }
        }
    }
    // 3. retirements
    let bp = policy.attrition.basis_points();
    let mut retired = 0;
    for (key, line) in lines.iter_mut() {
        let own = match listed_retiring(line, year) {
            Some(n) => n,
            None if bp > 0 => {
                let f = inherited.fraction.entry(key.clone()).or_insert(0);
                *f += bp * line.staff;
                let n = *f / 10_000;
                *f %= 10_000;
                n
            }
            None => 0,
        };
        let n = (own + inherited.in_year(key, year)).min(line.staff).max(0);
        line.staff -= n;
        retired += n;
    }
    next.lines = lines.into_values().collect();
    next.units.retain(|u| !evaluation.hosts.contains_key(&u.id));
    let mut dropped = Vec::new();
    next.requests.retain(|r| {
        let later = evaluation.hosts.contains_key(&r.unit) && r.year.unwrap_or(1) > year;
        if later {
            dropped.push(r.id.clone());
        }
        !later
    });
    // 4. the ledger
    let owed: BTreeMap<&str, &Owed> = opened.owed.iter().map(|o| (o.grant.as_str(), o)).collect();
    let mut grants: Vec<Grant> = Vec::new();
    for g in &state.grants {
        let mut g = g.clone();
        if let Some(o) = owed.get(g.id.as_str()) {
            if o.rule == Rule::LedgerExpired.code() {
                continue;
            }
            g.amount -= o.amount;
        }
        if let Some(host) = evaluation.hosts.get(&g.unit) {
            g.unit = host.clone();
            g.amount = g.used;
        }
        if g.amount > 0 {
            grants.push(g);
        }
    }
    if let Some(on) = Date::parse(&state.as_of) {
        let mut taken: BTreeSet<String> = grants.iter().map(|g| g.id.clone()).collect();
        for m in moves {
            let Move::Grant { ty, from, to, request, amount, .. } = m else { continue };
            let mut id = format!("{request}@{from}");
            let mut n = 2;
            while taken.contains(&id) {
                id = format!("{request}@{from}#{n}");
                n += 1;
            }
            taken.insert(id.clone());
            grants.push(Grant {
                id,
                pool: from.clone(),
                unit: to.clone(),
                ty: ty.clone(),
                amount: *amount,
                used: *amount,
                granted_on: on,
                tier: state.request(request).map(|r| r.tier.clone()).unwrap_or_default(),
                term_months: None,
            });
        }
    }
    grants.sort_by(|a, b| a.id.cmp(&b.id));
    next.grants = grants;
    // 5. the date
    next.as_of = origin.map(|d| d.add_months(12 * year as i64).to_string()).unwrap_or_default();
    Stepped { state: next, retired, dropped }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Move;
    use crate::verify::{verify_doc, Violation};
    use crate::verify::fixture::*;

    #[test]
    fn a_three_year_plan_verifies_and_steps_as_the_design_says() {
        let doc = years_doc(2, 3);
        assert_eq!(years_violations(&doc), vec![]);
        let years = doc.years.as_ref().unwrap();
        let starts: Vec<&str> = years.iter().map(|y| y.start.as_str()).collect();
        assert_eq!(starts, vec!["2025-06-30", "2026-06-30", "2027-06-30"]);
        assert_eq!(years[1].dropped_requests, vec!["R-V".to_string()]);
        let returns = |year: usize| -> Vec<(String, i64, String)> {
            years[year - 1]
                .plan
                .moves
                .iter()
                .filter_map(|m| match m {
                    Move::Return { grant, amount, rule, .. } => Some((grant.clone(), *amount, rule.clone())),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(returns(1), vec![("G1".to_string(), 2, "grants.unused".to_string())]);
        let second: Vec<String> = returns(2).into_iter().map(|r| r.0).collect();
        assert_eq!(second, vec!["G2".to_string(), "G3".to_string()]);
        // E's emergency grant of year 1 is dated 2025-06-30 and ends its 24 months in year 3.
        assert_eq!(returns(3), vec![("R-E@POOL-E".to_string(), 2, "grants.expired".to_string())]);
        // Counted by hand from the design. Year 1: H 1, D 1, O 3, V's 1 on its host's line
        // (H or D, both listed), E 5% of 10 staff = 0.5 (carried) → 6. Year 2: H 1, D 2,
        // O 3, V's 1, and E's 0.5 + 5% of 10 = 1 → 8.
        let retired: Vec<i64> = years.iter().map(|y| y.retired).collect();
        assert_eq!(retired, vec![0, 6, 8]);
    }

    #[test]
    fn retirements_open_an_overstaffed_unit_to_quota_released_the_year_before() {
        let doc = years_doc(1, 2);
        assert_eq!(years_violations(&doc), vec![]);
        let years = doc.years.as_ref().unwrap();
        let grants_to = |year: usize, unit: &str| -> Vec<(String, i64)> {
            years[year - 1]
                .plan
                .moves
                .iter()
                .filter_map(|m| match m {
                    Move::Grant { from, to, amount, .. } if to == unit => Some((from.clone(), *amount)),
                    _ => None,
                })
                .collect()
        };
        // Year 1: V's merge releases 3 into POOL-I; O (12 staff on 10) takes nothing.
        assert!(years[0].plan.moves.iter().any(|m| matches!(m, Move::Merge { from, .. } if from == "V")));
        let pool_i = |year: usize| years[year - 1].plan.pools.iter().find(|c| c.pool == "POOL-I").map(|c| (c.before, c.after));
        assert_eq!(pool_i(1), Some((0, 3)));
        assert_eq!(grants_to(1, "O"), vec![]);
        // Year 2: O retired 3 (9 staff on 10) and is funded from what V released.
        let o = years[1].plan.units.iter().find(|c| c.unit == "O").expect("O changes in year 2");
        assert_eq!((o.quota_before, o.staff_before), (10, 9));
        assert_eq!(grants_to(2, "O"), vec![("POOL-I".to_string(), 2)]);
        assert_eq!(pool_i(2), Some((3, 1)));
    }

    #[test]
    fn a_tampered_year_two_move_is_named_in_year_two() {
        let mut doc = years_doc(1, 3);
        let grant = year_plan(&mut doc, 2).moves.iter_mut().find(|m| matches!(m, Move::Grant { .. })).expect("a year-2 grant");
        if let Move::Grant { amount, .. } = grant {
            *amount -= 1;
        }
        breaks_in_year(&doc, "report.requests", 2);
    }

    #[test]
    fn a_wrong_retired_count_is_named() {
        let mut doc = years_doc(1, 3);
        doc.years.as_mut().unwrap()[1].retired += 1;
        breaks_in_year(&doc, "years.follow", 2);
        let mut doc = years_doc(1, 3);
        doc.years.as_mut().unwrap()[1].dropped_requests.clear();
        breaks_in_year(&doc, "years.follow", 2);
    }

    #[test]
    fn a_wrong_start_or_year_number_is_named() {
        let mut doc = years_doc(1, 3);
        doc.years.as_mut().unwrap()[2].start = "2027-07-01".into();
        breaks_in_year(&doc, "years.follow", 3);
        let mut doc = years_doc(1, 3);
        doc.years.as_mut().unwrap().swap(1, 2);
        breaks_in_year(&doc, "years.follow", 2);
    }

    #[test]
    fn a_tampered_year_two_pool_balance_is_named() {
        let mut doc = years_doc(1, 3);
        year_plan(&mut doc, 2).pools[0].after += 1;
        breaks_in_year(&doc, "report.pools", 2);
    }

    #[test]
    fn a_year_one_that_is_not_plan_one_is_named() {
        let mut doc = years_doc(2, 3);
        year_plan(&mut doc, 1).objective += 1.0;
        let violations = years_violations(&doc);
        let follow: Vec<&Violation> = violations.iter().filter(|v| v.rule == "years.follow").collect();
        assert_eq!(follow.len(), 1, "{violations:#?}");
        assert_eq!(follow[0].to_string(), "[years.follow] year 1: is not plan 1: it differs in objective");
        // Checked as a plan too, since the years after it follow what it claims.
        assert!(violations.iter().any(|v| v.rule == "report.objective" && v.message.starts_with("year 1: ")), "{violations:#?}");
        // Another ranked plan as year 1 differs in what it does.
        let mut doc = years_doc(2, 3);
        assert!(doc.plans.len() > 1, "the scenario has a second plan");
        let second = doc.plans[1].clone();
        doc.years.as_mut().unwrap()[0].plan = second;
        breaks_in_year(&doc, "years.follow", 1);
    }

    #[test]
    fn quota_lost_between_years_is_named_with_its_year() {
        // A ledger grant of a pool the scenario lacks (validation refuses it): its return
        // leaves the line but reaches no pool, which no single year's checks can see.
        let mut s = years_scenario();
        s.grants[0].pool = "POOL-GONE".into();
        let p = years_policy();
        let doc = planned(&s, &p, 1, 2);
        let violations = verify_doc(&s, &p, &doc);
        assert!(
            violations.iter().any(|v| v.rule == "conservation.quota" && v.message.starts_with("year 1: institution: ")),
            "{violations:#?}"
        );
    }

    #[test]
    fn years_start_on_the_same_day_or_the_months_last() {
        let start = |as_of: &str, year: usize| Date::parse(as_of).unwrap().add_months(12 * (year as i64 - 1)).to_string();
        // What check_years expects: counted from as_of, so a leap day comes back.
        assert_eq!(start("2024-02-29", 2), "2025-02-28");
        assert_eq!(start("2024-02-29", 5), "2028-02-29");
    }

    #[test]
    fn merged_lines_pass_their_listed_retirements_to_the_host() {
        let key = |u: &str| (u.to_string(), "institution".to_string());
        let mut inherited = Inherited::default();
        let mut every = line("A", 3, 2);
        every.retiring = vec![1];
        let mut list = line("B", 3, 2);
        list.retiring = vec![5, 1, 2, 3];
        inherited.fraction.insert(key("B"), 4000);
        inherited.pass(&key("A"), &every, &key("H"), 2);
        inherited.pass(&key("B"), &list, &key("H"), 2);
        // From the merge's year on: every year's 1, and B's list from its year 2 (its year
        // 1 was retired before the merge).
        let per_year: Vec<i64> = (2..=6).map(|y| inherited.in_year(&key("H"), y)).collect();
        assert_eq!(per_year, vec![2, 3, 4, 1, 1]);
        assert_eq!(inherited.fraction.get(&key("H")), Some(&4000));
        // A host merged in turn passes on what it inherited, from its own merge's year.
        inherited.pass(&key("H"), &line("H", 0, 0), &key("K"), 4);
        let per_year: Vec<i64> = (4..=6).map(|y| inherited.in_year(&key("K"), y)).collect();
        assert_eq!(per_year, vec![4, 1, 1]);
        assert_eq!((inherited.in_year(&key("H"), 5), inherited.fraction.get(&key("K"))), (0, Some(&4000)));
    }
}
