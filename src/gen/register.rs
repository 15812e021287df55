//! Quotas, function, protection, overstaffing, staff and leaders of the laid-out units.

use super::calibration::{COLD_CAP, COLD_RATE, HOT_FLOOR, HOT_RATE, SHARE_LE5, SHARE_LE7, SHARE_OVERSTAFFED_DEPT, SHARE_OVERSTAFFED_INST, SHARE_SHRINKING, SHARE_VANISHED, is_hot_sector};
use super::draft::{Draft, Level, Ty};
use super::name_data::{Huge, Large, MAY_OVERSTAFF, MAY_SHRINK, MAY_VANISH, Medium, Size, Small, TOP_HEAVY, Tiny};
use super::rng::Rng;
use crate::domain::Function;
use std::collections::{BTreeMap, BinaryHeap, HashMap};

/// Quota range of an institution above 7, by natural size (city level).
pub(super) fn large_quota_range(size: Size) -> (i64, i64) {
    match size {
        Tiny => (8, 10),
        Small => (8, 16),
        Medium => (15, 45),
        Large => (80, 220),
        Huge => (450, 1000),
    }
}

/// Institutions are ranked by natural size (those preferred for 职能消失 first, as a
/// vanished unit is small), ties broken at random; the first 36.7% get 1–5, the next up
/// to 51% get 6–7, the rest a quota of their size (at least 8). Departments keep the
/// quota their template drew.
pub(super) fn assign_quotas(units: &mut [Draft], rng: &mut Rng) {
    let mut ranked: Vec<(u8, u64, usize)> = units
        .iter()
        .enumerate()
        .filter(|(_, u)| u.is_institution())
        .map(|(i, u)| {
            let class = if u.flags & MAY_VANISH != 0 {
                0
            } else {
                1 + u.size as u8
            };
            (class, rng.next_u64(), i)
        })
        .collect();
    ranked.sort_unstable();
    let n = ranked.len();
    let n_le5 = (n as f64 * SHARE_LE5).round() as usize;
    let n_le7 = ((n as f64 * SHARE_LE7).round() as usize).max(n_le5);
    for (rank, &(_, _, i)) in ranked.iter().enumerate() {
        let u = &mut units[i];
        let quota = if rank < n_le5 {
            // Few institutions have a single post; most small ones have 3–5.
            1 + rng.weighted(&[4, 14, 24, 26, 32]) as i64
        } else if rank < n_le7 {
            6 + rng.below(2) as i64
        } else {
            let (lo, hi) = large_quota_range(u.size);
            let scale = u.level.scale();
            let lo = ((lo as f64 * scale).round() as i64).max(8);
            let hi = ((hi as f64 * scale).round() as i64).max(lo);
            rng.range(lo, hi)
        };
        u.lines[0].quota = quota;
    }
}

// ---------------------------------------------------------------------------------
// Function, protection and overstaffing
// ---------------------------------------------------------------------------------

/// Orders candidates: preferred ones (by flag) first, the rest after, each at random.
pub(super) fn preferred_first(candidates: Vec<usize>, units: &[Draft], flag: u8, rng: &mut Rng) -> Vec<usize> {
    let mut keyed: Vec<(bool, u64, usize)> = candidates
        .into_iter()
        .map(|i| (units[i].flags & flag == 0, rng.next_u64(), i))
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, _, i)| i).collect()
}

pub(super) fn assign_status(units: &mut [Draft], rng: &mut Rng) {
    let n_inst = units.iter().filter(|u| u.is_institution()).count();
    let n_dept = units.iter().filter(|u| u.is_department()).count();

    // 超编 institutions: not tiny ones (a unit of 2 with 3 staff is rare) and never a
    // unit meant to vanish.
    let candidates: Vec<usize> = (0..units.len())
        .filter(|&i| {
            let u = &units[i];
            u.is_institution() && !u.protected && u.flags & MAY_VANISH == 0 && u.total_quota() >= 4
        })
        .collect();
    let target = (n_inst as f64 * SHARE_OVERSTAFFED_INST).round() as usize;
    for i in preferred_first(candidates, units, MAY_OVERSTAFF, rng)
        .into_iter()
        .take(target)
    {
        units[i].lines[0].overstaffed = true;
    }

    // 结构性超编 departments, in 行政编制.
    let candidates: Vec<usize> = (0..units.len())
        .filter(|&i| {
            let u = &units[i];
            u.is_department()
                && !u.protected
                && u.flags & TOP_HEAVY == 0
                && u.line(Ty::Admin).is_some()
        })
        .collect();
    let target = (n_dept as f64 * SHARE_OVERSTAFFED_DEPT).round() as usize;
    for i in preferred_first(candidates, units, MAY_OVERSTAFF, rng)
        .into_iter()
        .take(target)
    {
        for l in &mut units[i].lines {
            if l.ty == Ty::Admin {
                l.overstaffed = true;
            }
        }
    }

    // 职能消失: small institutions only, and only while the sibling group keeps a unit
    // that can host the merge (neither vanished nor overstaffed).
    let mut hosts: HashMap<(usize, &'static str, Level), usize> = HashMap::new();
    for u in units.iter() {
        if let (true, Some(p)) = (u.is_institution(), u.parent) {
            if !u.overstaffed() {
                *hosts.entry((p, u.sector, u.level)).or_insert(0) += 1;
            }
        }
    }
    let candidates: Vec<usize> = (0..units.len())
        .filter(|&i| {
            let u = &units[i];
            u.is_institution()
                && !u.protected
                && !u.overstaffed()
                && u.total_quota() <= 5
                && u.parent.is_some()
        })
        .collect();
    let target = (n_inst as f64 * SHARE_VANISHED).round() as usize;
    let mut vanished = 0;
    for i in preferred_first(candidates, units, MAY_VANISH, rng) {
        if vanished == target {
            break;
        }
        let u = &units[i];
        let key = (u.parent.unwrap_or(usize::MAX), u.sector, u.level);
        let count = hosts.get_mut(&key).expect("every institution is counted");
        // The unit itself is counted among the hosts; another one must remain.
        if *count >= 2 {
            *count -= 1;
            units[i].function = Function::Vanished;
            vanished += 1;
        }
    }

    // 职能萎缩.
    let candidates: Vec<usize> = (0..units.len())
        .filter(|&i| {
            units[i].is_institution()
                && units[i].function == Function::Active
                && !units[i].protected
        })
        .collect();
    let target = (n_inst as f64 * SHARE_SHRINKING).round() as usize;
    for i in preferred_first(candidates, units, MAY_SHRINK, rng)
        .into_iter()
        .take(target)
    {
        units[i].function = Function::Shrinking;
    }
}

// ---------------------------------------------------------------------------------
// Staff: vacancy where DESIGN says it is
// ---------------------------------------------------------------------------------

/// (sector, level, type): the scope of every vacancy-rate correction.
pub(super) type GroupKey = (&'static str, Level, Ty);
/// (unit index, line index).
pub(super) type LineRef = (usize, usize);

/// Draws staff per line, then corrects each (sector, level, type) so that 教育/卫健
/// institutions end at ≥ 14% vacancy and everything else at ≤ 7%: the calibration
/// holds for every seed, not just on average. Lines with a request are kept tight, so
/// the idle vacancy sits in units that do not ask (有编未用 beside 无编可用).
pub(super) fn assign_staff(units: &mut [Draft], rng: &mut Rng) {
    // Vacancy per line; overstaffed lines get their excess instead.
    let mut vacancy: Vec<Vec<i64>> = Vec::with_capacity(units.len());
    for u in units.iter_mut() {
        let hot = is_hot_sector(u.sector);
        let mut row = Vec::with_capacity(u.lines.len());
        for l in &mut u.lines {
            if l.overstaffed {
                let excess = 1 + rng.below((l.quota / 12).clamp(1, 6) as u64) as i64;
                l.staff = l.quota + excess;
                row.push(0);
                continue;
            }
            // 有编未用 beside 无编可用: a unit asking for more is short, whatever its sector.
            let idle = hot && l.ty == Ty::Institution && !l.requested;
            let mut rate = if idle { HOT_RATE } else { COLD_RATE };
            if u.function == Function::Vanished {
                // Staff leave a unit whose work is gone.
                rate += 0.25;
            }
            // Rates vary from unit to unit around the sector's mean (factor 0–2).
            let spread = 2.0 * rng.unit();
            let v = rng
                .round_stochastic(l.quota as f64 * rate * spread)
                .min(l.quota);
            row.push(v);
        }
        vacancy.push(row);
    }

    // Group lines by (sector, level, type); BTreeMap so the correction order is fixed.
    let mut groups: BTreeMap<GroupKey, Vec<LineRef>> = BTreeMap::new();
    for (i, u) in units.iter().enumerate() {
        for (j, l) in u.lines.iter().enumerate() {
            groups
                .entry((u.sector, u.level, l.ty))
                .or_default()
                .push((i, j));
        }
    }
    for ((sector, _, ty), members) in &groups {
        let total_quota: i64 = members.iter().map(|&(i, j)| units[i].lines[j].quota).sum();
        let mut total_vacancy: i64 = members.iter().map(|&(i, j)| vacancy[i][j]).sum();
        if is_hot_sector(sector) && *ty == Ty::Institution {
            // Add vacancy where there is most room, keeping every line at least half
            // staffed: units without a request first, requesting ones only if need be.
            let need = (total_quota as f64 * HOT_FLOOR).ceil() as i64;
            for requesting in [false, true] {
                let mut heap: BinaryHeap<(i64, std::cmp::Reverse<(usize, usize)>)> = members
                    .iter()
                    .filter(|&&(i, j)| {
                        !units[i].lines[j].overstaffed && units[i].lines[j].requested == requesting
                    })
                    .map(|&(i, j)| {
                        (
                            units[i].lines[j].quota - 2 * vacancy[i][j],
                            std::cmp::Reverse((i, j)),
                        )
                    })
                    .filter(|&(room, _)| room > 1)
                    .collect();
                while total_vacancy < need {
                    let Some((_, std::cmp::Reverse((i, j)))) = heap.pop() else {
                        break;
                    };
                    vacancy[i][j] += 1;
                    total_vacancy += 1;
                    let room = units[i].lines[j].quota - 2 * vacancy[i][j];
                    if room > 1 {
                        heap.push((room, std::cmp::Reverse((i, j))));
                    }
                }
            }
        } else {
            // Take vacancy off the lines with most of it first.
            let cap = (total_quota as f64 * COLD_CAP).floor() as i64;
            let mut heap: BinaryHeap<(i64, std::cmp::Reverse<(usize, usize)>)> = members
                .iter()
                .filter(|&&(i, j)| vacancy[i][j] > 0)
                .map(|&(i, j)| (vacancy[i][j], std::cmp::Reverse((i, j))))
                .collect();
            while total_vacancy > cap {
                let Some((_, std::cmp::Reverse((i, j)))) = heap.pop() else {
                    break;
                };
                vacancy[i][j] -= 1;
                total_vacancy -= 1;
                if vacancy[i][j] > 0 {
                    heap.push((vacancy[i][j], std::cmp::Reverse((i, j))));
                }
            }
        }
    }
    for (u, row) in units.iter_mut().zip(vacancy) {
        for (l, v) in u.lines.iter_mut().zip(row) {
            if !l.overstaffed {
                l.staff = l.quota - v;
            }
        }
    }
}

/// Leader posts (领导职数) for departments, by size; 官多兵少 ones are staffed with
/// more leaders than half their quota, every other one stays at or below half.
pub(super) fn assign_leaders(units: &mut [Draft], rng: &mut Rng) {
    for u in units.iter_mut().filter(|u| u.is_department()) {
        let quota = u.total_quota();
        if u.flags & TOP_HEAVY != 0 {
            let posts = quota / 2 + 1;
            u.leader_posts = Some(posts);
            u.leaders = Some(posts);
            continue;
        }
        let posts: i64 = match quota {
            q if q >= 300 => 9,
            q if q >= 100 => 7,
            q if q >= 40 => 6,
            q if q >= 20 => 5,
            q if q >= 10 => 4,
            _ => 3,
        };
        let posts = posts.min(quota / 2).max(1);
        let leaders = if rng.chance(0.4) { posts - 1 } else { posts };
        u.leader_posts = Some(posts);
        u.leaders = Some(leaders.max(0));
    }
}
