//! Pools: the demo's fixed figures, or sized from the requests (per region with regions).

use super::calibration::{DEMAND_OVER_SUPPLY, DEMO_POOLS, PoolFigures};
use super::draft::{Draft, PoolDraft, PoolKind, RequestDraft, Ty};
use super::layout::region_label;
use super::PoolSizing;
use std::collections::HashMap;

/// The demo's available institution quota splits 830 : 510 : 437 over EDU : TALENT : MUNI.
pub(super) const POOL_SPLIT: [(usize, f64); 3] = [(0, 830.0), (1, 510.0), (2, 437.0)];

pub(super) fn make_pools(requests: &[RequestDraft], sizing: &PoolSizing) -> Vec<PoolDraft> {
    let pool = |(kind, id, name, ty, capacity, used, sectors, per_unit_max): PoolFigures| PoolDraft {
        kind,
        id: id.to_string(),
        name: name.to_string(),
        ty,
        capacity,
        used,
        sectors,
        per_unit_max,
        region: String::new(),
        collects: false,
    };
    match sizing {
        PoolSizing::Demo => DEMO_POOLS.into_iter().map(pool).collect(),
        PoolSizing::FromDemand => {
            let demand = |ty: Ty| {
                requests
                    .iter()
                    .filter(|r| r.ty == ty)
                    .map(|r| r.amount)
                    .sum::<i64>()
            };
            let supply = (demand(Ty::Institution) as f64 / DEMAND_OVER_SUPPLY).max(3.0);
            let total_split: f64 = POOL_SPLIT.iter().map(|&(_, w)| w).sum();
            let share = |k: usize| ((supply * POOL_SPLIT[k].1 / total_split).round() as i64).max(1);
            // Used shares of the seed city: 670/1500, 490/1000, 163/600, 31/80.
            let sized = |available: i64, used_share: f64| {
                let capacity = (available as f64 / (1.0 - used_share)).round() as i64;
                (capacity.max(available), capacity.max(available) - available)
            };
            let (edu_cap, edu_used) = sized(share(0), 670.0 / 1500.0);
            let (talent_cap, talent_used) = sized(share(1), 0.49);
            // MUNI keeps a 2% reserve on top of what it lends.
            let muni_lend = share(2);
            let muni_cap = ((muni_lend as f64 / (1.0 - 163.0 / 600.0 - 0.02)).round() as i64)
                .max(muni_lend + 1);
            let muni_reserve = muni_reserve_of(muni_cap);
            let muni_used = (muni_cap - muni_lend - muni_reserve).max(0);
            let admin_available = ((demand(Ty::Admin) as f64 / 1.3).round() as i64).max(1);
            let (admin_cap, admin_used) = sized(admin_available, 31.0 / 80.0);
            // The demo's names, types, sectors and caps with sizes of this scenario's own.
            let sized = [(admin_cap, admin_used), (edu_cap, edu_used), (muni_cap, muni_used), (talent_cap, talent_used)];
            DEMO_POOLS
                .into_iter()
                .zip(sized)
                .map(|((kind, id, name, ty, _, _, sectors, per_unit_max), (capacity, used))| {
                    pool((kind, id, name, ty, capacity, used, sectors, per_unit_max))
                })
                .collect()
        }
    }
}

/// Pools per region, sized from the region's requests as `make_pools` sizes a city's.
/// The first region's keep the plain ids (the model's `reclaim.into` and reserve name
/// them); the others are numbered (`POOL-MUNI-002`). Each region's municipal and admin
/// pools collect what its units give up.
pub(super) fn regional_pools(units: &[Draft], requests: &[RequestDraft]) -> Vec<PoolDraft> {
    let mut order: Vec<&str> = Vec::new();
    for u in units {
        // Regions are laid out one after the other.
        if order.last() != Some(&u.region.as_str()) {
            order.push(&u.region);
        }
    }
    // Numbered at a fixed width so that ids sort in region order (3 digits up to 999).
    let width = order.len().to_string().len().max(3);
    // Requests by region in one pass (a scan per region is quadratic at country scale).
    let region_of: HashMap<&str, usize> = order.iter().enumerate().map(|(k, r)| (*r, k)).collect();
    let mut by_region: Vec<Vec<RequestDraft>> = order.iter().map(|_| Vec::new()).collect();
    for r in requests {
        let copy = RequestDraft { unit: r.unit, ty: r.ty, amount: r.amount, tier: r.tier, min: r.min, reason: String::new(), year: r.year };
        by_region[region_of[units[r.unit].region.as_str()]].push(copy);
    }
    let mut pools = Vec::new();
    for (k, (region, mine)) in order.iter().zip(by_region).enumerate() {
        for mut p in make_pools(&mine, &PoolSizing::FromDemand) {
            if k > 0 {
                p.id = format!("{}-{:0width$}", p.id, k + 1);
            }
            p.name = format!("{}{}", region_label(region), p.name);
            p.collects = matches!(p.kind, PoolKind::Muni | PoolKind::Admin);
            p.region = region.to_string();
            pools.push(p);
        }
    }
    pools.sort_by(|a, b| a.id.cmp(&b.id));
    pools
}

/// 蓄水池: POOL-MUNI keeps 2% of its capacity.
pub(super) fn muni_reserve_of(capacity: i64) -> i64 {
    ((capacity as f64 * 0.02).ceil() as i64).max(1)
}
