//! The stock-take (摸清底数) of a validated scenario: quota, staff and vacancy per type
//! and per sector, overstaffing, small and scattered units (小散弱), shrinking and
//! vanished units, leader ratios (官多兵少), pools against their reserve, and requests
//! per tier against what pools and idle vacancy could supply, and with a revolving-grant
//! ledger what it has lent and what returns at `as_of` (周转编制台账). Pure computation
//! of facts, never sentences: the words are `text`'s, the renderers `report`'s.

use crate::domain::{Function, Scenario, UnitKind};
use crate::policy::Policy;
use crate::horizon::ledger::{after_returns, returns_due};
use crate::rules::Rule;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Totals of a group of establishment lines.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Totals {
    /// Units with at least one line in the group.
    pub units: usize,
    pub quota: i64,
    pub staff: i64,
    /// Σ max(0, quota − staff).
    pub vacancy: i64,
    /// vacancy / quota (0 when no quota).
    pub vacancy_rate: f64,
    /// Lines with staff > quota.
    pub overstaffed: usize,
    /// Σ max(0, staff − quota).
    pub excess: i64,
}

/// Small-unit counts among institutions (事业单位).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SmallUnits {
    pub institutions: usize,
    pub at_most_5: usize,
    pub share_at_most_5: f64,
    pub at_most_7: usize,
    pub share_at_most_7: f64,
    /// The policy's own threshold (`consolidation.max_quota`) over its eligible kinds.
    pub policy_threshold: i64,
    pub policy_small: usize,
}

/// A unit named in the stock-take, and why. `--format json` writes the fact as the
/// note's `detail` sentence (`text::unit_note`), at the edge: here it stays a fact.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitNote {
    pub unit: String,
    pub name: String,
    pub sector: String,
    #[serde(skip)]
    pub fact: UnitFact,
}

/// What the stock-take notes about a unit.
#[derive(Clone, Debug, PartialEq)]
pub enum UnitFact {
    /// Its lines over quota: (type, excess), in type order.
    Overstaffed(Vec<(String, i64)>),
    /// Its total quota (a shrinking or a vanished unit).
    Quota(i64),
    /// Leaders in post against its total quota (官多兵少: more than half).
    Leaders { leaders: i64, quota: i64 },
}

/// A pool against its reserve.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PoolNote {
    pub pool: String,
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub available: i64,
    pub reserve: i64,
    /// available − reserve, what can be lent now (may be negative).
    pub lendable: i64,
}

/// Requests of one tier.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TierNote {
    pub tier: String,
    pub label: String,
    pub requests: usize,
    pub amount: i64,
}

/// Demand against supply for one type.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SupplyNote {
    #[serde(rename = "type")]
    pub ty: String,
    pub requested: i64,
    /// Σ over pools of this type of max(0, available − reserve).
    pub pools_lendable: i64,
    /// Σ reclaimable vacancy under `[reclaim]` (before any merge).
    pub reclaimable: i64,
}

/// The whole stock-take.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stocktake {
    pub scenario: String,
    pub as_of: String,
    pub units: usize,
    pub units_by_kind: BTreeMap<String, usize>,
    pub by_type: BTreeMap<String, Totals>,
    pub by_sector: BTreeMap<String, Totals>,
    pub total: Totals,
    pub small: SmallUnits,
    pub overstaffed_units: Vec<UnitNote>,
    pub shrinking: Vec<UnitNote>,
    pub vanished: Vec<UnitNote>,
    /// None when the register has no leader columns.
    pub top_heavy: Option<Vec<UnitNote>>,
    pub pools: Vec<PoolNote>,
    pub tiers: Vec<TierNote>,
    pub supply: Vec<SupplyNote>,
    /// The revolving-grant ledger (DESIGN §14); None when the scenario has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ledger: Option<Ledger>,
}

/// What the grants of one pool (or of all pools) have lent.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LedgerPool {
    /// Empty in the total row.
    pub pool: String,
    pub name: String,
    /// The pool's type key (empty in the total row).
    #[serde(rename = "type")]
    pub ty: String,
    pub grants: usize,
    /// Σ amount lent.
    pub lent: i64,
    /// Σ used (filled by hires).
    pub used: i64,
    /// Σ (amount − used).
    pub unused: i64,
}

/// One grant's quota returning at `as_of` (`horizon::ledger::returns_due`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DueNote {
    pub grant: String,
    pub unit: String,
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub pool: String,
    pub pool_name: String,
    pub tier: String,
    pub tier_label: String,
    pub granted_on: String,
    /// The grant as lent, and what of it is used.
    pub lent: i64,
    pub used: i64,
    /// What returns to the pool.
    pub amount: i64,
    /// `grants.unused` or `grants.expired`.
    pub rule: String,
    pub age_months: i64,
    /// The term that ended (expired grants only).
    pub term_months: Option<i64>,
    /// Staff the return leaves above the line's quota (expired grants: 事去减编, digested
    /// as overstaffing; an unused part returns only vacancy, so 0).
    pub overstaffing: i64,
}

/// A grant that reaches its term within the 12 months after `as_of`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExpiringNote {
    pub grant: String,
    pub unit: String,
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub pool: String,
    pub pool_name: String,
    pub tier: String,
    pub tier_label: String,
    pub granted_on: String,
    /// What the ledger still holds of the grant (after the returns at `as_of`).
    pub amount: i64,
    pub used: i64,
    pub term_months: i64,
    /// `granted_on` plus the term.
    pub expires_on: String,
}

/// The ledger at `as_of`: what each pool has lent, what returns now, what expires next.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ledger {
    /// Per pool, in pool id order.
    pub pools: Vec<LedgerPool>,
    pub total: LedgerPool,
    /// The unused parts returning (一年内未使用的及时收回), in grant id order.
    pub unused_returning: Vec<DueNote>,
    pub unused_returning_total: i64,
    /// The grants past their term returning in full (事去减编), in grant id order.
    pub expired_returning: Vec<DueNote>,
    pub expired_returning_total: i64,
    /// Staff those returns leave as overstaffing.
    pub expired_overstaffing: i64,
    /// The model's `grants.reclaim_unused_after_months`: how old a grant's unused part
    /// must be to return.
    pub reclaim_unused_after_months: i64,
    /// Grants reaching their term within the next 12 months, soonest first, then id.
    pub expiring: Vec<ExpiringNote>,
    pub expiring_total: i64,
}

/// Months ahead `Ledger::expiring` looks.
pub const EXPIRING_WITHIN_MONTHS: i64 = 12;

fn ledger(s: &Scenario, policy: &Policy) -> Option<Ledger> {
    if s.grants.is_empty() {
        return None;
    }
    let pool_name = |id: &str| s.pool(id).map(|p| p.name.clone()).unwrap_or_default();
    let unit_name = |id: &str| s.unit(id).map(|u| u.name.clone()).unwrap_or_default();
    let mut pools: BTreeMap<&str, LedgerPool> = BTreeMap::new();
    let mut total = LedgerPool::default();
    for g in &s.grants {
        let e = pools.entry(g.pool.as_str()).or_insert_with(|| LedgerPool {
            pool: g.pool.clone(),
            name: pool_name(&g.pool),
            ty: s.pool(&g.pool).map(|p| p.ty.clone()).unwrap_or_else(|| g.ty.clone()),
            ..Default::default()
        });
        for t in [e, &mut total] {
            t.grants += 1;
            t.lent += g.amount;
            t.used += g.used;
            t.unused += g.unused();
        }
    }
    let date = s.date();
    let due = date.map(|d| returns_due(s, policy, d)).unwrap_or_default();
    // The quota each line keeps as the returns are made in order, so each expired
    // grant's overstaffing is what its own return adds.
    let mut quota: HashMap<(&str, &str), i64> = HashMap::new();
    let (mut unused_returning, mut expired_returning) = (Vec::new(), Vec::new());
    for d in &due {
        let Some(g) = s.grant(&d.grant) else { continue };
        let line = s.line(&d.unit, &d.ty);
        let staff = line.map_or(0, |l| l.staff);
        let q = quota.entry((d.unit.as_str(), d.ty.as_str())).or_insert(line.map_or(0, |l| l.quota));
        let excess_before = (staff - *q).max(0);
        *q -= d.amount;
        let note = DueNote {
            grant: d.grant.clone(),
            unit: d.unit.clone(),
            name: unit_name(&d.unit),
            ty: d.ty.clone(),
            pool: d.pool.clone(),
            pool_name: pool_name(&d.pool),
            tier: g.tier.clone(),
            tier_label: policy.tier_label(&g.tier).to_string(),
            granted_on: g.granted_on.to_string(),
            lent: g.amount,
            used: g.used,
            amount: d.amount,
            rule: d.rule.code().to_string(),
            age_months: d.age_months,
            term_months: d.term_months,
            overstaffing: (staff - *q).max(0) - excess_before,
        };
        if d.rule == Rule::LedgerExpired {
            expired_returning.push(note);
        } else {
            unused_returning.push(note);
        }
    }
    let mut expiring = Vec::new();
    if let Some(now) = date {
        let horizon = now.add_months(EXPIRING_WITHIN_MONTHS);
        // What the ledger holds once today's returns are made: an expired grant has left
        // it, a partly returned one keeps the rest.
        for g in after_returns(&s.grants, &due) {
            let Some(term) = policy.grants.term_of(g.term_months, &g.tier) else { continue };
            // Due by the ledger's own rule at the horizon, and not yet today.
            if g.granted_on.months_until(now) >= term || g.granted_on.months_until(horizon) < term {
                continue;
            }
            expiring.push((g.granted_on.add_months(term), ExpiringNote {
                unit: g.unit.clone(),
                name: unit_name(&g.unit),
                ty: g.ty.clone(),
                pool_name: pool_name(&g.pool),
                tier_label: policy.tier_label(&g.tier).to_string(),
                granted_on: g.granted_on.to_string(),
                amount: g.amount,
                used: g.used,
                term_months: term,
                expires_on: g.granted_on.add_months(term).to_string(),
                grant: g.id,
                pool: g.pool,
                tier: g.tier,
            }));
        }
    }
    expiring.sort_by(|a, b| (a.0, &a.1.grant).cmp(&(b.0, &b.1.grant)));
    let expiring: Vec<ExpiringNote> = expiring.into_iter().map(|(_, e)| e).collect();
    let sum = |v: &[DueNote]| v.iter().map(|d| d.amount).sum();
    Some(Ledger {
        pools: pools.into_values().collect(),
        total,
        unused_returning_total: sum(&unused_returning),
        expired_returning_total: sum(&expired_returning),
        expired_overstaffing: expired_returning.iter().map(|d| d.overstaffing).sum(),
        reclaim_unused_after_months: policy.grants.reclaim_unused_after_months,
        unused_returning,
        expired_returning,
        expiring_total: expiring.iter().map(|e| e.amount).sum(),
        expiring,
    })
}

fn finish(t: &mut Totals) {
    t.vacancy_rate = if t.quota > 0 { t.vacancy as f64 / t.quota as f64 } else { 0.0 };
}

pub fn stocktake(s: &Scenario, policy: &Policy) -> Stocktake {
    let mut by_type: BTreeMap<String, Totals> = BTreeMap::new();
    let mut by_sector: BTreeMap<String, Totals> = BTreeMap::new();
    let mut total = Totals::default();
    let mut units_by_kind: BTreeMap<String, usize> = BTreeMap::new();
    let mut overstaffed_units = Vec::new();
    let mut shrinking = Vec::new();
    let mut vanished = Vec::new();
    let mut top_heavy = Vec::new();
    let mut has_leaders = false;
    let collectors = crate::rules::Collectors::new(s);
    let mut small = SmallUnits { policy_threshold: policy.consolidation.max_quota, ..Default::default() };
    let requested_types: std::collections::BTreeSet<(&str, &str)> =
        s.requests.iter().map(|r| (r.unit.as_str(), r.ty.as_str())).collect();
    let mut reclaimable: BTreeMap<&str, i64> = BTreeMap::new();

    for u in &s.units {
        *units_by_kind.entry(u.kind.key().to_string()).or_default() += 1;
        let lines = s.lines_of(&u.id);
        let quota: i64 = lines.iter().map(|l| l.quota).sum();
        let sector_t = by_sector.entry(u.sector.clone()).or_default();
        if !lines.is_empty() {
            sector_t.units += 1;
            total.units += 1;
        }
        let mut excess_lines = Vec::new();
        for l in lines {
            let tt = by_type.entry(l.ty.clone()).or_default();
            tt.units += 1;
            for t in [&mut *sector_t, &mut total, tt] {
                t.quota += l.quota;
                t.staff += l.staff;
                t.vacancy += l.vacancy();
                t.excess += l.excess();
                t.overstaffed += l.is_overstaffed() as usize;
            }
            if l.is_overstaffed() {
                excess_lines.push((l.ty.clone(), l.excess()));
            }
            let has_request = requested_types.contains(&(u.id.as_str(), l.ty.as_str()));
            let has_pool = collectors.pool_for(policy, u, &l.ty).is_some();
            *reclaimable.entry(l.ty.as_str()).or_default() += crate::rules::line_reclaimable(policy, u, l, has_request, has_pool);
        }
        let note = |fact: UnitFact| UnitNote { unit: u.id.clone(), name: u.name.clone(), sector: u.sector.clone(), fact };
        if !excess_lines.is_empty() {
            overstaffed_units.push(note(UnitFact::Overstaffed(excess_lines)));
        }
        match u.function {
            Function::Shrinking => shrinking.push(note(UnitFact::Quota(quota))),
            Function::Vanished => vanished.push(note(UnitFact::Quota(quota))),
            Function::Active => {}
        }
        if let Some(leaders) = u.leaders {
            has_leaders = true;
            if quota > 0 && leaders * 2 > quota {
                top_heavy.push(note(UnitFact::Leaders { leaders, quota }));
            }
        }
        if u.leader_posts.is_some() {
            has_leaders = true;
        }
        if u.kind == UnitKind::Institution {
            small.institutions += 1;
            small.at_most_5 += (quota <= 5) as usize;
            small.at_most_7 += (quota <= 7) as usize;
        }
        if policy.consolidation.kinds.contains(&u.kind) && quota <= policy.consolidation.max_quota {
            small.policy_small += 1;
        }
    }
    for t in by_type.values_mut().chain(by_sector.values_mut()) {
        finish(t);
    }
    finish(&mut total);
    if small.institutions > 0 {
        small.share_at_most_5 = small.at_most_5 as f64 / small.institutions as f64;
        small.share_at_most_7 = small.at_most_7 as f64 / small.institutions as f64;
    }

    let pools: Vec<PoolNote> = s
        .pools
        .iter()
        .map(|p| {
            let reserve = policy.reserve_of(&p.id);
            PoolNote { pool: p.id.clone(), name: p.name.clone(), ty: p.ty.clone(), available: p.available, reserve, lendable: p.available - reserve }
        })
        .collect();
    let mut tiers: BTreeMap<&str, TierNote> = policy
        .tiers
        .iter()
        .map(|(k, t)| (k.as_str(), TierNote { tier: k.clone(), label: t.label.clone(), ..Default::default() }))
        .collect();
    let mut supply: BTreeMap<&str, SupplyNote> =
        policy.types.keys().map(|k| (k.as_str(), SupplyNote { ty: k.clone(), ..Default::default() })).collect();
    for r in &s.requests {
        if let Some(t) = tiers.get_mut(r.tier.as_str()) {
            t.requests += 1;
            t.amount += r.amount;
        }
        if let Some(sn) = supply.get_mut(r.ty.as_str()) {
            sn.requested += r.amount;
        }
    }
    for p in &pools {
        if let Some(sn) = supply.get_mut(p.ty.as_str()) {
            sn.pools_lendable += p.lendable.max(0);
        }
    }
    for (ty, v) in reclaimable {
        if let Some(sn) = supply.get_mut(ty) {
            sn.reclaimable = v;
        }
    }
    // Tiers in descending weight, as leaders read them (保重点 first).
    let mut tiers: Vec<TierNote> = tiers.into_values().collect();
    tiers.sort_by(|a, b| policy.tier_weight(&b.tier).total_cmp(&policy.tier_weight(&a.tier)).then(a.tier.cmp(&b.tier)));

    Stocktake {
        scenario: s.name.clone(),
        as_of: s.as_of.clone(),
        units: s.units.len(),
        units_by_kind,
        by_type,
        by_sector,
        total,
        small,
        overstaffed_units,
        shrinking,
        vanished,
        top_heavy: has_leaders.then_some(top_heavy),
        pools,
        tiers,
        supply: supply.into_values().collect(),
        ledger: ledger(s, policy),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::{Date, Grant};
    use crate::model::tests::fixture;

    fn grant(id: &str, pool: &str, unit: &str, amount: i64, used: i64, on: &str, tier: &str) -> Grant {
        Grant {
            id: id.into(),
            pool: pool.into(),
            unit: unit.into(),
            ty: "institution".into(),
            amount,
            used,
            granted_on: Date::parse(on).expect("a date"),
            tier: tier.into(),
            term_months: None,
        }
    }

    /// A scenario at 2025-06-30 with a ledger: G1 (emergency, 3, all used, 25 months
    /// old) is past the 24-month term and leaves U1 3 over quota; G2 (key, 4, 1 used)
    /// and G4 (key, 2, none used) return their unused parts; G3 (emergency, 15 months
    /// old) reaches its term in 2026-03; G5 is 5 months old and stays. R1 asks for U1
    /// (fine on the input, overstaffed once G1 returns); R2 asks for more than the
    /// pools hold, so U5's vacancy is reclaimed — 3 once G4 returns, not the 5 it has
    /// on the input.
    pub(crate) fn with_ledger() -> (Scenario, Policy) {
        let (mut s, p) = fixture(
            "",
            &[
                ("U1", "P", "教育", "active", false),
                ("U2", "P", "教育", "active", false),
                ("U3", "P", "教育", "active", false),
                ("U5", "P", "教育", "active", false),
            ],
            &[("U1", 10, 10), ("U2", 12, 8), ("U3", 10, 6), ("U5", 10, 5)],
            &[("POOL-EDU", 0, "教育", 0), ("POOL-MUNI", 4, "*", 0)],
            &[("R1", "U1", 2, "key", 0), ("R2", "U3", 14, "key", 0)],
        );
        s.as_of = "2025-06-30".into();
        s.grants = vec![
            grant("G1", "POOL-MUNI", "U1", 3, 3, "2023-05-01", "emergency"),
            grant("G2", "POOL-MUNI", "U2", 4, 1, "2024-03-01", "key"),
            grant("G3", "POOL-EDU", "U3", 2, 2, "2024-03-15", "emergency"),
            grant("G4", "POOL-EDU", "U5", 2, 0, "2024-01-01", "key"),
            grant("G5", "POOL-MUNI", "U3", 1, 0, "2025-01-01", "key"),
        ];
        (s, p)
    }

    #[test]
    fn the_ledger_counts_what_each_pool_lent_and_what_returns_and_expires() {
        let (s, p) = with_ledger();
        let l = stocktake(&s, &p).ledger.expect("a ledger");
        let pools: Vec<(&str, usize, i64, i64, i64)> = l.pools.iter().map(|x| (x.pool.as_str(), x.grants, x.lent, x.used, x.unused)).collect();
        assert_eq!(pools, [("POOL-EDU", 2, 4, 2, 2), ("POOL-MUNI", 3, 8, 4, 4)]);
        assert_eq!((l.total.grants, l.total.lent, l.total.used, l.total.unused), (5, 12, 6, 6));
        let unused: Vec<(&str, i64)> = l.unused_returning.iter().map(|d| (d.grant.as_str(), d.amount)).collect();
        assert_eq!((unused, l.unused_returning_total), (vec![("G2", 3), ("G4", 2)], 5));
        let expired: Vec<(&str, i64, Option<i64>, i64)> =
            l.expired_returning.iter().map(|d| (d.grant.as_str(), d.amount, d.term_months, d.overstaffing)).collect();
        assert_eq!(expired, [("G1", 3, Some(24), 3)]);
        assert_eq!((l.expired_returning_total, l.expired_overstaffing), (3, 3));
        assert_eq!(l.expired_returning[0].rule, "grants.expired");
        let expiring: Vec<(&str, &str, i64)> = l.expiring.iter().map(|e| (e.grant.as_str(), e.expires_on.as_str(), e.amount)).collect();
        assert_eq!((expiring, l.expiring_total), (vec![("G3", "2026-03-15", 2)], 2));
    }

    #[test]
    fn an_expired_grant_on_a_line_with_vacancy_leaves_only_what_exceeds_the_quota() {
        let (mut s, p) = with_ledger();
        // U1 with 2 vacant: the 3 returning leave 1 over quota.
        s.lines[0].staff = 8;
        let l = stocktake(&s, &p).ledger.expect("a ledger");
        assert_eq!((l.expired_returning[0].overstaffing, l.expired_overstaffing), (1, 1));
    }

    #[test]
    fn without_grants_there_is_no_ledger_and_the_json_has_no_key() {
        let (mut s, p) = with_ledger();
        s.grants.clear();
        let st = stocktake(&s, &p);
        assert!(st.ledger.is_none());
        assert!(!serde_json::to_string(&st).expect("serialises").contains("ledger"));
    }
}
