//! The revolving-grant ledger (周转编制台账): the grants every pool has already made.
//!
//! Each pool's grants add up to its `used` (已使用): a pool's balance and its ledger are
//! two views of one account. A grant goes to an active unit the pool serves (its sector
//! and region), to a line of the pool's type that is not overstaffed, and is part of
//! that line's quota: its used part is staff, its unused part vacancy, so every line
//! holds its grants (Σ grants ≤ quota) and every unused part can return. Dates spread
//! over the [`LEDGER_MONTHS`] before `as_of`; see `calibration` for the shares that
//! make some grants return now (unused parts a year old, 保应急 grants past their term)
//! and some within the coming year.

use super::calibration::{BIG_EDU_GRANT, EMERGENCY_AGE_WEIGHTS, GRANT_SIZES_ADMIN, GRANT_SIZES_EDU, GRANT_SIZES_MUNI, GRANT_SIZES_TALENT, GRANT_TIER_WEIGHTS, LEDGER_MONTHS, OLD_FULLY_USED, OLD_PARTLY_USED, PROJECT_TERM_MONTHS, PROJECT_TERM_SHARE, RECENT_FULLY_USED, RECENT_PARTLY_USED, UNUSED_RETURNS_AFTER_MONTHS};
use super::draft::{Draft, GrantDraft, PoolDraft, PoolKind, TierKey};
use super::name_data::{Large, Size};
use super::requests::{sector_weight, size_weight};
use super::rng::Rng;
use super::AS_OF;
use crate::domain::{Date, Function};
use std::collections::HashMap;

/// The ledger of `pools` over `units`, oldest grant first.
pub(super) fn make_grants(units: &[Draft], pools: &[PoolDraft], rng: &mut Rng) -> Vec<GrantDraft> {
    let as_of = Date::parse(AS_OF).expect("AS_OF is a date");
    // What each line can still take: (staff not yet counted as used, vacancy not yet
    // counted as unused). Lines that may hold no grant have none.
    let mut room: Vec<Vec<(i64, i64)>> = units
        .iter()
        .map(|u| {
            u.lines
                .iter()
                .map(|l| if u.function == Function::Active && !l.overstaffed { (l.staff, l.quota - l.staff) } else { (0, 0) })
                .collect()
        })
        .collect();
    // Units by region, for regional pools (looked up only, never iterated).
    let mut by_region: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, u) in units.iter().enumerate() {
        by_region.entry(u.region.as_str()).or_default().push(i);
    }
    let everyone: Vec<usize> = (0..units.len()).collect();
    let mut grants = Vec::new();
    for (k, pool) in pools.iter().enumerate() {
        let members = if pool.region.is_empty() { &everyone } else { by_region.get(pool.region.as_str()).unwrap_or(&everyone) };
        let mut lines: Vec<(usize, usize)> = Vec::new();
        let mut cumulative: Vec<u64> = Vec::new();
        let mut total = 0u64;
        for &i in members {
            let u = &units[i];
            if pool.sectors != "*" && pool.sectors != u.sector {
                continue;
            }
            for (j, l) in u.lines.iter().enumerate() {
                if l.ty == pool.ty && room[i][j] != (0, 0) {
                    // Grants went where requests go: priority sectors, big units.
                    total += u64::from(sector_weight(u.sector) * size_weight(u.size));
                    lines.push((i, j));
                    cumulative.push(total);
                }
            }
        }
        let mut left = pool.used;
        let mut cursor = 0;
        while left > 0 {
            let Some((i, j)) = pick_line(&lines, &cumulative, &room, &mut cursor, rng) else { break };
            let (staff_room, vacant_room) = room[i][j];
            let tier = TierKey::ALL[rng.weighted(&GRANT_TIER_WEIGHTS)];
            let age = match tier {
                TierKey::Emergency => 12 * rng.weighted(&EMERGENCY_AGE_WEIGHTS) as i64 + rng.range(0, 11),
                _ => rng.range(0, LEDGER_MONTHS - 1),
            };
            // A day no later than as_of's, so that the age in whole months is `age`.
            let day = 1 + rng.below(u64::from(as_of.day.min(28))) as u32;
            let granted_on = Date { day, ..as_of.add_months(-age) };
            let amount = grant_amount(pool, units[i].size, rng).min(left).min(staff_room + vacant_room);
            let old = age >= UNUSED_RETURNS_AFTER_MONTHS;
            let (full, (lo, hi)) = if old { (OLD_FULLY_USED, OLD_PARTLY_USED) } else { (RECENT_FULLY_USED, RECENT_PARTLY_USED) };
            let share = if rng.chance(full) { 1.0 } else { lo + (hi - lo) * rng.unit() };
            let mut used = ((amount as f64 * share).floor() as i64).clamp(0, amount);
            // The unused part is vacancy, the used part staff: shift what the line lacks.
            used = used.max(amount - vacant_room).min(staff_room);
            let term_months = (tier == TierKey::Key && rng.chance(PROJECT_TERM_SHARE)).then_some(PROJECT_TERM_MONTHS);
            room[i][j] = (staff_room - used, vacant_room - (amount - used));
            left -= amount;
            grants.push(GrantDraft { pool: k, unit: i, ty: pool.ty, amount, used, granted_on, tier, term_months });
        }
    }
    // The ledger is kept in the order grants were made; ties keep the drawing order.
    grants.sort_by_key(|g| g.granted_on);
    grants
}

/// A line with room, drawn by weight; when draws keep meeting full lines (a small
/// region whose lines the pool has filled), the next line with room in order.
fn pick_line(
    lines: &[(usize, usize)],
    cumulative: &[u64],
    room: &[Vec<(i64, i64)>],
    cursor: &mut usize,
    rng: &mut Rng,
) -> Option<(usize, usize)> {
    let total = *cumulative.last()?;
    let has_room = |&(i, j): &(usize, usize)| room[i][j].0 + room[i][j].1 > 0;
    for _ in 0..64 {
        let x = rng.below(total);
        let line = lines[cumulative.partition_point(|&c| c <= x)];
        if has_room(&line) {
            return Some(line);
        }
    }
    while let Some(line) = lines.get(*cursor) {
        if has_room(line) {
            return Some(*line);
        }
        *cursor += 1;
    }
    None
}

/// A grant's size by its pool (see `calibration`), at most the pool's per-unit cap.
fn grant_amount(pool: &PoolDraft, size: Size, rng: &mut Rng) -> i64 {
    let drawn = |weights: &[u32], rng: &mut Rng| 1 + rng.weighted(weights) as i64;
    let amount = match pool.kind {
        PoolKind::Admin => drawn(&GRANT_SIZES_ADMIN, rng),
        PoolKind::Muni => drawn(&GRANT_SIZES_MUNI, rng),
        PoolKind::Talent => drawn(&GRANT_SIZES_TALENT, rng),
        PoolKind::Edu => {
            let (chance, lo, hi) = BIG_EDU_GRANT;
            if size >= Large && rng.chance(chance) {
                rng.range(lo, hi)
            } else {
                drawn(&GRANT_SIZES_EDU, rng)
            }
        }
    };
    if pool.per_unit_max > 0 {
        amount.min(pool.per_unit_max)
    } else {
        amount
    }
}
