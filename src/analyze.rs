//! The stock-take (摸清底数) of a validated scenario: quota, staff and vacancy per type
//! and per sector, overstaffing, small and scattered units (小散弱), shrinking and
//! vanished units, leader ratios (官多兵少), pools against their reserve, and requests
//! per tier against what pools and idle vacancy could supply. Pure computation; the
//! renderers live in `report`.

use crate::domain::{Function, Scenario, UnitKind};
use crate::policy::Policy;
use serde::Serialize;
use std::collections::BTreeMap;

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

/// A unit named in the stock-take.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitNote {
    pub unit: String,
    pub name: String,
    pub sector: String,
    pub detail: String,
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
        let mut excess_notes = Vec::new();
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
                excess_notes.push(format!("{} 超编{}名", policy.type_label(&l.ty), l.excess()));
            }
            let has_request = requested_types.contains(&(u.id.as_str(), l.ty.as_str()));
            let has_pool = collectors.pool_for(policy, u, &l.ty).is_some();
            *reclaimable.entry(l.ty.as_str()).or_default() += crate::rules::line_reclaimable(policy, u, l, has_request, has_pool);
        }
        let note = |detail: String| UnitNote { unit: u.id.clone(), name: u.name.clone(), sector: u.sector.clone(), detail };
        if !excess_notes.is_empty() {
            overstaffed_units.push(note(excess_notes.join("；")));
        }
        match u.function {
            Function::Shrinking => shrinking.push(note(format!("编制{quota}名"))),
            Function::Vanished => vanished.push(note(format!("编制{quota}名"))),
            Function::Active => {}
        }
        if let Some(leaders) = u.leaders {
            has_leaders = true;
            if quota > 0 && leaders * 2 > quota {
                top_heavy.push(note(format!("实配领导{leaders}名，编制{quota}名")));
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
    }
}
