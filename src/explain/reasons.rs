//! Explanations as data: why each move is made, why each request is not granted in
//! full, what distinguishes a plan from plan 1. Built from the scenario, the policy
//! and the plan alone; no text here (see `text`), so every renderer — plans.json,
//! terminal, HTML, workbook, diff — says the same thing in its own words.

use crate::domain::{Function, Move, Plan, Request, Scenario};
use crate::plan::Pattern;
use crate::policy::Policy;
use crate::rules::may_receive;
use std::collections::{BTreeSet, HashMap};

/// Why a move is made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MoveReason {
    /// 收回空编: the line's vacancy, what is taken, into which pool, what stays and the
    /// least that must stay (`reclaim.keep_vacant`).
    Reclaim { ty: String, vacancy: i64, amount: i64, pool: String, kept: i64, keep_at_least: i64 },
    /// 整合小散弱: total quota at most `consolidation.max_quota`.
    MergeSmall { quota: i64, max_quota: i64, host: String, staff: i64, released: i64 },
    /// 撤销职能消失单位.
    MergeVanished { host: String, staff: i64, released: i64 },
    /// 消化超编: the sender's excess in the type and what moves where.
    Absorb { ty: String, from: String, excess: i64, amount: i64, to: String },
    /// 调剂: the request's tier, its stated reason, what was asked and granted from where.
    Grant { tier: String, stated: String, asked: i64, pool: String, amount: i64 },
    /// 周转编制收回 (DESIGN §14): grant `grant` of `lent` made on `granted_on`, `age_months`
    /// old; with `term_months` it expired and returns in full, else its unused part
    /// (`lent − used`, at most the line's vacancy) returns after `after_months`.
    Return {
        grant: String,
        ty: String,
        tier: String,
        granted_on: String,
        lent: i64,
        used: i64,
        age_months: i64,
        term_months: Option<i64>,
        after_months: i64,
        amount: i64,
        pool: String,
    },
}

/// How much room one eligible pool still has for a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PoolRoom {
    /// Down to 0 with no reserve to keep (已用尽).
    UsedUp,
    /// Down to its reserve (`reserve.min_available`).
    AtReserve { reserve: i64 },
    /// The unit has had its `per_unit_max` from this pool.
    AtUnitCap { per_unit_max: i64 },
    /// Still this much to lend to the unit.
    Left { room: i64 },
}

/// Why a request is not granted in full: the binding limitation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WhyNot {
    /// The unit is merged into `host` and requests nothing on its own.
    Merged { host: String },
    /// 超编只出不进.
    Overstaffed { ty: String, excess: i64 },
    /// No pool of the type serves the unit's sector in its region (a pool elsewhere does).
    NoPoolInRegion { region: String, sector: String, ty: String },
    /// No pool of the type serves the unit's sector.
    NoPool { sector: String, ty: String },
    /// Every eligible pool is used up, at its reserve or at its per-unit cap; `short` more
    /// quota in `first_pool` is the least that could change that.
    PoolsExhausted { pools: Vec<(String, PoolRoom)>, first_pool: String, short: i64 },
    /// Not granted: its `min` exceeds all the room the pools have.
    MinUnreachable { min: i64, room: i64 },
    /// Room is left but the model's weights put it elsewhere or keep it.
    LowerPriority { pools: Vec<(String, PoolRoom)>, tier: String },
    /// An alternative (plan 2…K) gives less to this request than plan 1 and more to
    /// `instead`, requests equivalent to it (same type `ty` and tier `tier`, so the same
    /// objective weight per quota, and a pool that may lend to both): the quota plan 1
    /// gave here went to them.
    SwappedForEquivalent { instead: Vec<String>, ty: String, tier: String },
}

/// One way a ranked plan's pattern differs from plan 1's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Difference {
    /// Plan 1's objective, donor units and merged units: only grants move, between
    /// equivalent requests (see `alternatives::swaps_equivalent_requests_only`). Comes first.
    SwapsEquivalentRequestsOnly,
    /// Plan 1's objective, with more than equivalent requests differing (listed after it).
    SameObjective,
    FundsRequest(String),
    DropsRequest(String),
    AddsDonor(String),
    DropsDonor(String),
    AddsMerge(String),
    DropsMerge(String),
    /// An absorb (type, from, to, amount) plan 1 does not make; absorbs are not in the
    /// §6 pattern, so ranked plans may differ in them without that making them distinct.
    AddsAbsorb { ty: String, from: String, to: String, amount: i64 },
    DropsAbsorb { ty: String, from: String, to: String, amount: i64 },
}

/// Why the move is made.
pub fn move_reason(s: &Scenario, p: &Policy, mv: &Move) -> MoveReason {
    match mv {
        Move::Reclaim { ty, from, to, amount, .. } => {
            let vacancy = s.line(from, ty).map(|l| l.vacancy()).unwrap_or(0);
            MoveReason::Reclaim {
                ty: ty.clone(),
                vacancy,
                amount: *amount,
                pool: to.clone(),
                kept: vacancy - amount,
                keep_at_least: p.reclaim.keep_vacant,
            }
        }
        Move::Merge { from, to, staff, released, .. } => {
            if s.unit(from).is_some_and(|u| u.function == Function::Vanished) {
                MoveReason::MergeVanished { host: to.clone(), staff: *staff, released: *released }
            } else {
                MoveReason::MergeSmall {
                    quota: s.total_quota(from),
                    max_quota: p.consolidation.max_quota,
                    host: to.clone(),
                    staff: *staff,
                    released: *released,
                }
            }
        }
        Move::Absorb { ty, from, to, amount, .. } => MoveReason::Absorb {
            ty: ty.clone(),
            from: from.clone(),
            excess: s.line(from, ty).map(|l| l.excess()).unwrap_or(0),
            amount: *amount,
            to: to.clone(),
        },
        Move::Grant { from, amount, request, .. } => {
            let r = s.request(request);
            MoveReason::Grant {
                tier: r.map(|r| r.tier.clone()).unwrap_or_default(),
                stated: r.map(|r| r.reason.clone()).unwrap_or_default(),
                asked: r.map(|r| r.amount).unwrap_or(0),
                pool: from.clone(),
                amount: *amount,
            }
        }
        Move::Return { ty, to, grant, amount, rule, .. } => {
            let g = s.grant(grant);
            let age_months = match (g, s.date()) {
                (Some(g), Some(date)) => g.granted_on.months_until(date),
                _ => 0,
            };
            let expired = rule == crate::rules::Rule::LedgerExpired.code();
            MoveReason::Return {
                grant: grant.clone(),
                ty: ty.clone(),
                tier: g.map(|g| g.tier.clone()).unwrap_or_default(),
                granted_on: g.map(|g| g.granted_on.to_string()).unwrap_or_default(),
                lent: g.map(|g| g.amount).unwrap_or(*amount),
                used: g.map(|g| g.used).unwrap_or(0),
                age_months,
                term_months: if expired { g.and_then(|g| p.grants.term_of(g.term_months, &g.tier)) } else { None },
                after_months: p.grants.reclaim_unused_after_months,
                amount: *amount,
                pool: to.clone(),
            }
        }
    }
}

/// What a plan leaves: pool balances after it, who is merged into whom, and what each
/// (pool, unit) has been granted. The why-not of each request reads these.
pub struct PlanState<'a> {
    pool_after: HashMap<&'a str, i64>,
    merged: HashMap<&'a str, &'a str>,
    granted_from: HashMap<(&'a str, &'a str), i64>,
}

impl<'a> PlanState<'a> {
    pub fn of(plan: &'a Plan) -> PlanState<'a> {
        let pool_after = plan.pools.iter().map(|pc| (pc.pool.as_str(), pc.after)).collect();
        let mut merged = HashMap::new();
        let mut granted_from: HashMap<(&str, &str), i64> = HashMap::new();
        for m in &plan.moves {
            match m {
                Move::Merge { from, to, .. } => {
                    merged.insert(from.as_str(), to.as_str());
                }
                Move::Grant { from, to, amount, .. } => *granted_from.entry((from.as_str(), to.as_str())).or_default() += amount,
                _ => {}
            }
        }
        PlanState { pool_after, merged, granted_from }
    }

    /// Why request `r`, granted `granted`, is not granted in full.
    pub fn why_not(&self, s: &Scenario, p: &Policy, r: &Request, granted: i64) -> WhyNot {
        if let Some(host) = self.merged.get(r.unit.as_str()) {
            return WhyNot::Merged { host: host.to_string() };
        }
        if !may_receive(s, p, &r.unit, &r.ty) {
            let excess = s.line(&r.unit, &r.ty).map(|l| l.excess()).unwrap_or(0);
            return WhyNot::Overstaffed { ty: r.ty.clone(), excess };
        }
        let unit = s.unit(&r.unit).expect("request of a known unit");
        let sector = unit.sector.as_str();
        let pools: Vec<_> = s.pools.iter().filter(|pl| pl.ty == r.ty && pl.serves(unit)).collect();
        if pools.is_empty() {
            if !unit.region.is_empty() && s.pools.iter().any(|pl| pl.ty == r.ty && pl.sectors.admits(sector)) {
                return WhyNot::NoPoolInRegion { region: unit.region.clone(), sector: sector.to_string(), ty: r.ty.clone() };
            }
            return WhyNot::NoPool { sector: sector.to_string(), ty: r.ty.clone() };
        }
        // Room each eligible pool still has above its reserve, and under its per-unit cap.
        let mut room_total = 0;
        let mut rooms = Vec::new();
        for pl in &pools {
            let reserve = p.reserve_of(&pl.id);
            let above_reserve = self.pool_after.get(pl.id.as_str()).copied().unwrap_or(0) - reserve;
            let cap_left = if pl.per_unit_max > 0 {
                pl.per_unit_max - self.granted_from.get(&(pl.id.as_str(), r.unit.as_str())).copied().unwrap_or(0)
            } else {
                i64::MAX
            };
            let room = above_reserve.min(cap_left).max(0);
            room_total += room;
            let state = if above_reserve <= 0 && reserve == 0 {
                PoolRoom::UsedUp
            } else if above_reserve <= 0 {
                PoolRoom::AtReserve { reserve }
            } else if cap_left <= 0 {
                PoolRoom::AtUnitCap { per_unit_max: pl.per_unit_max }
            } else {
                PoolRoom::Left { room }
            };
            rooms.push((pl.id.clone(), state));
        }
        if room_total == 0 {
            return WhyNot::PoolsExhausted { pools: rooms, first_pool: pools[0].id.clone(), short: r.amount - granted };
        }
        if granted == 0 && r.min > 0 && room_total < r.min {
            return WhyNot::MinUnreachable { min: r.min, room: room_total };
        }
        WhyNot::LowerPriority { pools: rooms, tier: r.tier.clone() }
    }
}

/// The absorbs one plan makes and plan 1 does not (same type, sender, receiver and
/// amount), then those plan 1 makes and it does not; each list in move order.
pub fn absorb_differences(plan1: &Plan, plan: &Plan) -> Vec<Difference> {
    fn absorbs(pl: &Plan) -> Vec<(&str, &str, &str, i64)> {
        pl.moves
            .iter()
            .filter_map(|m| match m {
                Move::Absorb { ty, from, to, amount, .. } => Some((ty.as_str(), from.as_str(), to.as_str(), *amount)),
                _ => None,
            })
            .collect()
    }
    let (a1, ak) = (absorbs(plan1), absorbs(plan));
    let (s1, sk): (BTreeSet<_>, BTreeSet<_>) = (a1.iter().collect(), ak.iter().collect());
    let owned = |&(ty, from, to, amount): &(&str, &str, &str, i64)| (ty.to_string(), from.to_string(), to.to_string(), amount);
    let mut out: Vec<Difference> = ak
        .iter()
        .filter(|k| !s1.contains(k))
        .map(|k| {
            let (ty, from, to, amount) = owned(k);
            Difference::AddsAbsorb { ty, from, to, amount }
        })
        .collect();
    out.extend(a1.iter().filter(|k| !sk.contains(k)).map(|k| {
        let (ty, from, to, amount) = owned(k);
        Difference::DropsAbsorb { ty, from, to, amount }
    }));
    out
}

/// What distinguishes a plan (pattern `pk`) from plan 1 (pattern `p1`), in pattern order:
/// requests, then donors, then merges; additions before removals.
pub fn pattern_differences(p1: &Pattern, pk: &Pattern) -> Vec<Difference> {
    let mut out = Vec::new();
    out.extend(pk.0.difference(&p1.0).cloned().map(Difference::FundsRequest));
    out.extend(p1.0.difference(&pk.0).cloned().map(Difference::DropsRequest));
    out.extend(pk.1.difference(&p1.1).cloned().map(Difference::AddsDonor));
    out.extend(p1.1.difference(&pk.1).cloned().map(Difference::DropsDonor));
    out.extend(pk.2.difference(&p1.2).cloned().map(Difference::AddsMerge));
    out.extend(p1.2.difference(&pk.2).cloned().map(Difference::DropsMerge));
    out
}

#[cfg(test)]
mod tests {
    use super::{absorb_differences, Difference};
    use crate::domain::{Move, Plan};

    fn plan_with(absorbs: &[(&str, &str, i64)]) -> Plan {
        Plan {
            rank: 1,
            objective: 0.0,
            terms: Default::default(),
            moves: absorbs
                .iter()
                .map(|&(from, to, amount)| Move::Absorb {
                    ty: "institution".into(),
                    from: from.into(),
                    to: to.into(),
                    amount,
                    rule: "absorb".into(),
                    reason: String::new(),
                })
                .collect(),
            units: Vec::new(),
            pools: Vec::new(),
            requests: Vec::new(),
            differences: Vec::new(),
            status: None,
            gap: None,
            objective_gap_to_best: 0.0,
            distance: Vec::new(),
            distance_bound: None,
        }
    }

    #[test]
    fn absorbs_that_differ_from_plan_1_are_differences_in_either_direction() {
        let p1 = plan_with(&[("U1", "U2", 2), ("U3", "U4", 1)]);
        let pk = plan_with(&[("U1", "U2", 2), ("U3", "U5", 1)]);
        let absorb = |from: &str, to: &str| ("institution".to_string(), from.to_string(), to.to_string(), 1);
        let (ty, from, to, amount) = absorb("U3", "U5");
        let (ty2, from2, to2, amount2) = absorb("U3", "U4");
        assert_eq!(
            absorb_differences(&p1, &pk),
            vec![
                Difference::AddsAbsorb { ty, from, to, amount },
                Difference::DropsAbsorb { ty: ty2, from: from2, to: to2, amount: amount2 }
            ]
        );
        assert!(absorb_differences(&p1, &p1).is_empty());
    }
}
