//! Requests: who asks, for how much, in which tier and why.

use super::calibration::is_hot_sector;
use super::draft::{Draft, RequestDraft, TierKey, Ty};
use super::name_data::{Huge, Large, Medium, Size, Small, Tiny, reason_phrases};
use super::rng::Rng;
use super::Config;
use crate::domain::{Function, UnitKind};

/// How much a sector's units ask for, relative to others (×10): priority areas ask most.
pub(super) fn sector_weight(sector: &str) -> u32 {
    match sector {
        "教育" | "卫健" => 25,
        "应急" => 30,
        "农业农村" => 25,
        "乡镇" | "人社" => 20,
        "城管" | "市场监管" => 15,
        "民政" | "水利" => 12,
        "生态环境" | "自然资源" | "住建" | "交通" | "文旅" | "林业" => 10,
        _ => 5,
    }
}

pub(super) fn size_weight(size: Size) -> u32 {
    match size {
        Tiny | Small => 2,
        Medium => 3,
        Large => 6,
        Huge => 10,
    }
}

/// Draws up to `k` distinct candidates with the given weights (rejection of repeats:
/// k is a small share of the candidates except in the demo, where it stays below half).
pub(super) fn weighted_sample(candidates: &[(usize, u32)], k: usize, rng: &mut Rng) -> Vec<usize> {
    let k = k.min(candidates.len());
    let mut cumulative = Vec::with_capacity(candidates.len());
    let mut total = 0u64;
    for &(_, w) in candidates {
        total += u64::from(w.max(1));
        cumulative.push(total);
    }
    let mut taken = vec![false; candidates.len()];
    let mut out = Vec::with_capacity(k);
    let mut tries = 0;
    while out.len() < k && tries < 64 * k + 64 {
        tries += 1;
        let x = rng.below(total);
        let pos = cumulative.partition_point(|&c| c <= x);
        if !taken[pos] {
            taken[pos] = true;
            out.push(candidates[pos].0);
        }
    }
    // Unlucky streaks end deterministically: fill in order.
    for (pos, &(unit, _)) in candidates.iter().enumerate() {
        if out.len() >= k {
            break;
        }
        if !taken[pos] {
            taken[pos] = true;
            out.push(unit);
        }
    }
    out
}

/// Request amount: mostly 1–8. Big ones (`true`) where a big unit meets a priority
/// need (a new school campus, a new hospital wing), mid-sized ones for talent intake.
pub(super) fn request_amount(size: Size, ty: Ty, tier: TierKey, sector: &str, rng: &mut Rng) -> (i64, bool) {
    let small = |rng: &mut Rng| 1 + rng.weighted(&[8, 18, 20, 16, 12, 9, 6, 11]) as i64;
    match ty {
        Ty::Legal => (rng.range(6, 30), false),
        Ty::Admin => (1 + rng.weighted(&[10, 20, 22, 18, 12, 8]) as i64, false),
        Ty::Institution => {
            let big_need = tier == TierKey::Key || (tier == TierKey::Emergency && sector == "卫健");
            match size {
                Huge if big_need && rng.chance(0.9) => (rng.range(40, 150), true),
                Large if big_need && rng.chance(0.75) => (rng.range(20, 80), true),
                Medium if big_need && is_hot_sector(sector) && rng.chance(0.5) => {
                    (rng.range(12, 30), true)
                }
                Medium | Large | Huge if rng.chance(0.3) => (rng.range(9, 20), false),
                _ => (small(rng), false),
            }
        }
    }
}

/// What a big request is for, in the words of the request: classes or beds.
pub(super) fn big_reason(sector: &str, amount: i64, rng: &mut Rng) -> String {
    match sector {
        "教育" => match rng.below(2) {
            // About three teachers per class at 义务教育 staffing standards.
            0 => format!(
                "义务教育学位扩容，新增教学班{}个，专任教师缺口较大",
                (amount / 3).max(2)
            ),
            _ => "新建校区秋季投入使用，需配齐教职工".to_string(),
        },
        "卫健" => match rng.below(2) {
            0 => format!("新院区启用，新增开放床位{}张，需补充医护人员", amount * 2),
            _ => "区域医疗中心和重大疫情救治基地建设".to_string(),
        },
        _ => "承担重大专项任务，新增职能需配备专门力量".to_string(),
    }
}

/// Raises the big requests so that institution demand totals `target`: one common
/// factor (water-filling), no request above half its unit's quota nor above 200; the
/// caps are relaxed step by step only when the big units cannot carry the target otherwise.
pub(super) fn calibrate_demand(requests: &mut [RequestDraft], big: &[bool], units: &[Draft], target: i64) {
    let fixed: i64 = requests
        .iter()
        .zip(big)
        .filter(|(r, &b)| r.ty == Ty::Institution && !b)
        .map(|(r, _)| r.amount)
        .sum();
    let need = target - fixed;
    let idx: Vec<usize> = (0..requests.len())
        .filter(|&k| big[k] && requests[k].ty == Ty::Institution)
        .collect();
    if need <= 0 || idx.is_empty() {
        return;
    }
    let base: Vec<i64> = idx.iter().map(|&k| requests[k].amount).collect();
    for (cap_share, cap_abs) in [(0.5, 200), (0.7, 300), (1.0, i64::MAX)] {
        let caps: Vec<i64> = idx
            .iter()
            .zip(&base)
            .map(|(&k, &b)| {
                let by_size =
                    (units[requests[k].unit].total_quota() as f64 * cap_share).floor() as i64;
                by_size.min(cap_abs).max(b)
            })
            .collect();
        let total_at = |f: f64| -> i64 {
            base.iter()
                .zip(&caps)
                .map(|(&b, &c)| ((b as f64 * f).round() as i64).clamp(b.min(c), c))
                .sum()
        };
        if total_at(1e9) < need && cap_abs < i64::MAX {
            continue;
        }
        // Bisection on the factor: the total is monotone in it.
        let (mut lo, mut hi) = (0.0f64, 1e3f64);
        for _ in 0..60 {
            let mid = (lo + hi) / 2.0;
            if total_at(mid) < need {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        for ((&k, &b), &c) in idx.iter().zip(&base).zip(&caps) {
            requests[k].amount = ((b as f64 * hi).round() as i64).clamp(b.min(c), c);
        }
        return;
    }
}

pub(super) fn request_min(amount: i64, rng: &mut Rng) -> i64 {
    let r = rng.unit();
    if r < 0.3 {
        amount // all or nothing: a class needs its teachers
    } else if r < 0.75 || amount < 2 {
        0
    } else if amount > 8 {
        amount / 2
    } else {
        rng.range(1, amount - 1)
    }
}

pub(super) fn make_requests(units: &[Draft], cfg: &Config, rng: &mut Rng) -> Vec<RequestDraft> {
    let n = cfg.n_requests;
    if n == 0 || units.is_empty() {
        return Vec::new();
    }
    let n_legal = cfg
        .legal_requests
        .unwrap_or_else(|| (n as f64 * 0.015).round() as usize);
    let n_over = cfg.overstaffed_requests.unwrap_or_else(|| {
        let k = (n as f64 * 0.02).round() as usize;
        if n >= 20 {
            k.max(1)
        } else {
            k
        }
    });
    let mut chosen: Vec<(usize, Ty)> = Vec::with_capacity(n);
    let mut used: std::collections::HashSet<(usize, Ty)> = std::collections::HashSet::new();

    // 政法专项编制: from departments holding it; no pool lends it, so it goes unfunded.
    let legal_candidates: Vec<(usize, u32)> = units
        .iter()
        .enumerate()
        .filter(|(_, u)| u.line(Ty::Legal).is_some_and(|l| !l.overstaffed))
        .map(|(i, _)| (i, 1))
        .collect();
    for i in weighted_sample(&legal_candidates, n_legal, rng) {
        chosen.push((i, Ty::Legal));
        used.insert((i, Ty::Legal));
    }

    // Overstaffed requesters (refused under 只出不进): departments and institutions in turn.
    // (unit, type) of every overstaffed line of the units `pick` selects, in unit order.
    let overstaffed_lines = |pick: &dyn Fn(&Draft) -> bool| -> Vec<(usize, Ty)> {
        units
            .iter()
            .enumerate()
            .filter(|(_, u)| pick(u))
            .flat_map(|(i, u)| u.lines.iter().filter(|l| l.overstaffed).map(move |l| (i, l.ty)))
            .collect()
    };
    let over_dept = overstaffed_lines(&|u| u.is_department());
    let over_inst = overstaffed_lines(&|u| !u.is_department() && u.function != Function::Vanished);
    let mut over_dept_order: Vec<usize> = (0..over_dept.len()).collect();
    let mut over_inst_order: Vec<usize> = (0..over_inst.len()).collect();
    rng.shuffle(&mut over_dept_order);
    rng.shuffle(&mut over_inst_order);
    let (mut a, mut b) = (over_dept_order.into_iter(), over_inst_order.into_iter());
    let mut taken = 0;
    while taken < n_over {
        let next = if taken % 2 == 0 {
            a.next()
                .map(|k| over_dept[k])
                .or_else(|| b.next().map(|k| over_inst[k]))
        } else {
            b.next()
                .map(|k| over_inst[k])
                .or_else(|| a.next().map(|k| over_dept[k]))
        };
        let Some(pick) = next else { break };
        chosen.push(pick);
        used.insert(pick);
        taken += 1;
    }

    // The rest: about 17% 行政编制 from departments, the others 事业编制.
    let rest = n.saturating_sub(chosen.len());
    let n_admin = (rest as f64 * 0.17).round() as usize;
    let admin_candidates: Vec<(usize, u32)> = units
        .iter()
        .enumerate()
        .filter(|&(i, u)| {
            u.kind == UnitKind::Admin
                && u.function == Function::Active
                && u.line(Ty::Admin).is_some_and(|l| !l.overstaffed)
                && !used.contains(&(i, Ty::Admin))
        })
        .map(|(i, u)| (i, sector_weight(u.sector)))
        .collect();
    for i in weighted_sample(&admin_candidates, n_admin, rng) {
        chosen.push((i, Ty::Admin));
        used.insert((i, Ty::Admin));
    }
    let n_inst = n.saturating_sub(chosen.len());
    let inst_candidates: Vec<(usize, u32)> = units
        .iter()
        .enumerate()
        .filter(|&(i, u)| {
            u.function == Function::Active
                && u.line(Ty::Institution).is_some_and(|l| !l.overstaffed)
                && !used.contains(&(i, Ty::Institution))
        })
        .map(|(i, u)| (i, sector_weight(u.sector) * size_weight(u.size)))
        .collect();
    for i in weighted_sample(&inst_candidates, n_inst, rng) {
        chosen.push((i, Ty::Institution));
    }

    // Tiers: exactly 40% 保重点, 25% 保应急, the rest 保运转, shuffled over requests.
    let m = chosen.len();
    let n_key = (m as f64 * 0.4).round() as usize;
    let n_emergency = ((m as f64 * 0.25).round() as usize).min(m - n_key);
    let mut tiers: Vec<TierKey> = (0..m)
        .map(|k| {
            if k < n_key {
                TierKey::Key
            } else if k < n_key + n_emergency {
                TierKey::Emergency
            } else {
                TierKey::Operations
            }
        })
        .collect();
    rng.shuffle(&mut tiers);

    let mut big = Vec::with_capacity(chosen.len());
    let mut requests: Vec<RequestDraft> = Vec::with_capacity(chosen.len());
    for ((unit, ty), tier) in chosen.into_iter().zip(tiers) {
        let u = &units[unit];
        let (amount, is_big) = request_amount(u.size, ty, tier, u.sector, rng);
        // Nobody asks for more than doubling the line (a unit of 2 may still ask for 2).
        let held = u.line(ty).map_or(0, |l| l.quota).max(2);
        let amount = amount.min(held);
        big.push(is_big);
        requests.push(RequestDraft {
            unit,
            ty,
            amount,
            tier,
            min: 0,
            reason: String::new(),
            year: 1,
        });
    }
    // The demo's fixed pools must be outrun by a margin so that the plan has to choose:
    // the big requests carry the difference (the small ones are what a planner sees
    // every day).
    if let Some(target) = cfg.institution_demand {
        calibrate_demand(&mut requests, &big, units, target);
    }
    for (r, &is_big) in requests.iter_mut().zip(&big) {
        r.min = request_min(r.amount, rng);
        let u = &units[r.unit];
        // Classrooms and wards are for schools and hospitals, not for the small offices
        // of the same sector (招生考试中心, 卫生健康信息中心).
        let phrase_sector = if is_hot_sector(u.sector) && u.size <= Small {
            ""
        } else {
            u.sector
        };
        let phrase = if is_big {
            big_reason(u.sector, r.amount, rng)
        } else {
            rng.pick(reason_phrases(phrase_sector, r.ty, r.tier))
                .to_string()
        };
        r.reason = format!("{phrase}，申请调剂{}{}名", r.ty.label(), r.amount);
    }
    // Requests arrive in no particular order; ids follow arrival.
    rng.shuffle(&mut requests);
    requests
}
