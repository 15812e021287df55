//! Explanations as data and text: a Chinese reason for every move, a why-not for
//! every request not granted in full (the binding limitation, with a counterfactual
//! where it is a simple count), what distinguishes a ranked plan from plan 1, and
//! infeasibility in rule terms.

use crate::domain::{Function, Move, Plan, Scenario};
use crate::rules::{may_receive, Candidates, NotMergeable};
use crate::plan::Pattern;
use crate::policy::Policy;
use std::collections::{BTreeMap, HashMap};

fn unit_name<'a>(s: &'a Scenario, id: &'a str) -> &'a str {
    s.unit(id).map(|u| u.name.as_str()).unwrap_or(id)
}

fn pool_name<'a>(s: &'a Scenario, id: &'a str) -> &'a str {
    s.pool(id).map(|p| p.name.as_str()).unwrap_or(id)
}

/// Fills `reason` of every move and `why_not` of every request not granted in full.
pub fn annotate(s: &Scenario, p: &Policy, plan: &mut Plan) {
    for mv in &mut plan.moves {
        let text = move_reason(s, p, mv);
        *mv.reason_mut() = text;
    }
    let pool_after: HashMap<&str, i64> = plan.pools.iter().map(|pc| (pc.pool.as_str(), pc.after)).collect();
    let merged: HashMap<&str, &str> = plan
        .moves
        .iter()
        .filter_map(|m| match m {
            Move::Merge { from, to, .. } => Some((from.as_str(), to.as_str())),
            _ => None,
        })
        .collect();
    let mut granted_from: HashMap<(&str, &str), i64> = HashMap::new();
    for m in &plan.moves {
        if let Move::Grant { from, to, amount, .. } = m {
            *granted_from.entry((from.as_str(), to.as_str())).or_default() += amount;
        }
    }
    for out in &mut plan.requests {
        if out.granted >= out.amount {
            continue;
        }
        let Some(r) = s.request(&out.request) else { continue };
        out.why_not = Some(why_not(s, p, r, out.granted, &pool_after, &merged, &granted_from));
    }
}

fn move_reason(s: &Scenario, p: &Policy, mv: &Move) -> String {
    match mv {
        Move::Reclaim { ty, from, to, amount, .. } => {
            let v = s.line(from, ty).map(|l| l.vacancy()).unwrap_or(0);
            format!(
                "{}空编{}名，收回{}名入{}，保留{}名（须保留≥{}名）",
                p.type_label(ty),
                v,
                amount,
                pool_name(s, to),
                v - amount,
                p.reclaim.keep_vacant
            )
        }
        Move::Merge { from, to, staff, released, .. } => {
            let u = s.unit(from);
            let quota = s.total_quota(from);
            let why = if u.is_some_and(|u| u.function == Function::Vanished) {
                "职能消失，撤销".to_string()
            } else {
                format!("编制{}名（≤{}名，小散弱），整合", quota, p.consolidation.max_quota)
            };
            let rel = if *released > 0 { format!("，空余编制{}名收回周转池", released) } else { String::new() };
            format!("{why}并入{}，{}人随转{rel}", unit_name(s, to), staff)
        }
        Move::Absorb { ty, from, to, amount, .. } => {
            let e = s.line(from, ty).map(|l| l.excess()).unwrap_or(0);
            format!("{}超编{}名，分流{}名至{}（同系统同层级，有空编）", unit_name(s, from), e, amount, unit_name(s, to))
        }
        Move::Grant { from, amount, request, .. } => {
            let r = s.request(request);
            let tier = r.map(|r| p.tier_label(&r.tier)).unwrap_or("");
            let asked = r.map(|r| r.amount).unwrap_or(0);
            let why = r.map(|r| r.reason.as_str()).filter(|x| !x.is_empty()).unwrap_or("");
            let why = if why.is_empty() { String::new() } else { format!("（{why}）") };
            format!("{tier}{why}：申请{asked}名，从{}调剂{}名", pool_name(s, from), amount)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn why_not(
    s: &Scenario,
    p: &Policy,
    r: &crate::domain::Request,
    granted: i64,
    pool_after: &HashMap<&str, i64>,
    merged: &HashMap<&str, &str>,
    granted_from: &HashMap<(&str, &str), i64>,
) -> String {
    let short = r.amount - granted;
    if let Some(host) = merged.get(r.unit.as_str()) {
        return format!("单位已整合并入{}，不再单独申请 (unit merged)", unit_name(s, host));
    }
    if !may_receive(s, p, &r.unit, &r.ty) {
        let e = s.line(&r.unit, &r.ty).map(|l| l.excess()).unwrap_or(0);
        return format!("单位{}超编{}名，只出不进 (overstaffed units only give)", p.type_label(&r.ty), e);
    }
    let unit = s.unit(&r.unit).expect("request of a known unit");
    let sector = unit.sector.as_str();
    let pools: Vec<_> = s.pools.iter().filter(|pl| pl.ty == r.ty && pl.serves(unit)).collect();
    if pools.is_empty() {
        if !unit.region.is_empty() && s.pools.iter().any(|pl| pl.ty == r.ty && pl.sectors.admits(sector)) {
            return format!(
                "{}没有适用于{sector}系统的{}周转池 (no pool of this type serves the sector in region {})",
                unit.region,
                p.type_label(&r.ty),
                unit.region
            );
        }
        return format!("没有适用于{sector}系统的{}周转池 (no pool of this type serves the sector)", p.type_label(&r.ty));
    }
    // Room each eligible pool still has above its reserve, and under its per-unit cap.
    let mut room_total = 0;
    let mut details = Vec::new();
    for pl in &pools {
        let above_reserve = pool_after.get(pl.id.as_str()).copied().unwrap_or(0) - p.reserve_of(&pl.id);
        let cap_left = if pl.per_unit_max > 0 {
            pl.per_unit_max - granted_from.get(&(pl.id.as_str(), r.unit.as_str())).copied().unwrap_or(0)
        } else {
            i64::MAX
        };
        let room = above_reserve.min(cap_left).max(0);
        room_total += room;
        if above_reserve <= 0 && p.reserve_of(&pl.id) == 0 {
            details.push(format!("{}已用尽", pl.name));
        } else if above_reserve <= 0 {
            details.push(format!("{}已降至蓄水池下限{}名", pl.name, p.reserve_of(&pl.id)));
        } else if cap_left <= 0 {
            details.push(format!("{}已达单位上限{}名", pl.name, pl.per_unit_max));
        } else {
            details.push(format!("{}尚余{}名", pl.name, room));
        }
    }
    let first = pools[0];
    if room_total == 0 {
        return format!(
            "{} (pools at reserve or per-unit cap)；{}至少还需{}名余量才可能满足 (needs at least this much more)",
            details.join("，"),
            first.name,
            short
        );
    }
    if granted == 0 && r.min > 0 && room_total < r.min {
        return format!(
            "最低需{}名，适用周转池余量仅{}名，无法满足最低数 (min not reachable)；至少还需{}名余量才可能按最低数调剂",
            r.min,
            room_total,
            r.min - room_total
        );
    }
    format!(
        "{}；余量按保障类别权重优先用于其他需求或保留 (lower in priority under the model's weights: {} weight {})",
        details.join("，"),
        p.tier_label(&r.tier),
        p.tier_weight(&r.tier)
    )
}

/// What distinguishes plan `k` (pattern `pk`) from plan 1 (pattern `p1`), in Chinese.
pub fn differences(s: &Scenario, p1: &Pattern, pk: &Pattern) -> Vec<String> {
    let mut out = Vec::new();
    let name = |id: &str| format!("{}（{}）", id, unit_name(s, id));
    for r in pk.0.difference(&p1.0) {
        out.push(format!("增加调剂 {r}"));
    }
    for r in p1.0.difference(&pk.0) {
        out.push(format!("不再调剂 {r}"));
    }
    for u in pk.1.difference(&p1.1) {
        out.push(format!("改由 {} 收回空编", name(u)));
    }
    for u in p1.1.difference(&pk.1) {
        out.push(format!("不收回 {} 空编", name(u)));
    }
    for u in pk.2.difference(&p1.2) {
        out.push(format!("整合 {}", name(u)));
    }
    for u in p1.2.difference(&pk.2) {
        out.push(format!("不整合 {}", name(u)));
    }
    out
}

/// One relaxable rule group that must give way, and by how much.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// The row name (`pool-reserve-POOL-MUNI`, `merge-vanished-U0042`, `merge-max`).
    pub rule: String,
    pub relax_by: f64,
}

/// Renders conflicts in Chinese and English, naming policy keys.
pub fn render_conflicts(s: &Scenario, p: &Policy, conflicts: &[Conflict]) -> String {
    let c = Candidates::new(s, p);
    let ids: BTreeMap<String, &str> = s
        .units
        .iter()
        .map(|u| (crate::model::name_part(&u.id), u.id.as_str()))
        .chain(s.pools.iter().map(|pl| (crate::model::name_part(&pl.id), pl.id.as_str())))
        .collect();
    let mut out = String::from("以下规则无法同时满足 (these rules conflict):\n");
    for cf in conflicts {
        let x = cf.relax_by.ceil() as i64;
        let line = if let Some(pool) = cf.rule.strip_prefix("pool-reserve-") {
            let id = ids.get(pool).copied().unwrap_or(pool);
            let pl = s.pool(id);
            format!(
                "[{}] 周转池 {}（{}）调剂后须保留≥{}名（reserve.min_available），现有{}名，无法保持：须下调至少{}名 / pool {id} cannot keep its reserve of {}: lower reserve.min_available.{id} by at least {x}",
                cf.rule,
                id,
                pl.map(|p| p.name.as_str()).unwrap_or(""),
                p.reserve_of(id),
                pl.map(|p| p.available).unwrap_or(0),
                x,
                p.reserve_of(id),
            )
        } else if let Some(unit) = cf.rule.strip_prefix("merge-vanished-") {
            let id = ids.get(unit).copied().unwrap_or(unit);
            let why = match c.forced.get(id) {
                Some(Some(NotMergeable::Protected)) => "该单位受保护（protected），不能撤并 / it is protected".to_string(),
                Some(Some(NotMergeable::NoPoolFor(t))) => {
                    format!("其{}空余编制无周转池接收（reclaim.into 未设 {t}，所在地区也无收回池）/ no reclaim.into or regional collecting pool for type {t}", p.type_label(t))
                }
                _ => "同一主管部门、同系统、同层级（同地区）内没有可承接的单位（承接单位须为可整合类型、未超编、本身不被撤并）/ no eligible host in its (parent, sector, level) group".to_string(),
            };
            format!(
                "[{}] 职能消失单位 {}（{}）须撤并（consolidation.vanished_must_merge），但{} — 须放宽该规则 / relax vanished_must_merge for {id}",
                cf.rule,
                id,
                unit_name(s, id),
                why
            )
        } else if let Some(region) = cf.rule.strip_prefix("merge-max-region-") {
            let cap = p.consolidation.max_merges_per_region.unwrap_or(0);
            let region = s.units.iter().map(|u| u.region.as_str()).find(|r| crate::model::name_part(r) == region).unwrap_or(region);
            format!(
                "[{}] {region}须撤并的单位超过本地区上限 max_merges_per_region = {cap}：至少提高{x}个 / forced merges in region {region} exceed consolidation.max_merges_per_region = {cap} by {x}",
                cf.rule
            )
        } else if cf.rule == "merge-max" {
            format!(
                "[merge-max] 须撤并的单位超过上限 max_merges = {}：至少提高{}个 / forced merges exceed consolidation.max_merges = {} by {x}",
                p.consolidation.max_merges, x, p.consolidation.max_merges
            )
        } else {
            format!("[{}] 须放宽 {x} / relax by {x}", cf.rule)
        };
        out.push_str("  - ");
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::model::tests::fixture;
    use crate::rank::solve_ranked;
    use crate::solve::SolveOptions;

    fn why(requests: &[(&str, &str, i64, &str, i64)], lines: &[(&str, i64, i64)], pools: &[(&str, i64, &str, i64)]) -> Vec<(String, Option<String>)> {
        let (s, p) = fixture(
            "[reserve]\nmin_available = { POOL-MUNI = 1 }",
            &[("U1", "P", "教育", "active", false), ("U2", "P", "教育", "active", false)],
            lines,
            pools,
            requests,
        );
        let ranked = solve_ranked(&s, &p, 1, &SolveOptions::default()).expect("solves");
        ranked.doc.plans[0].requests.iter().map(|r| (r.request.clone(), r.why_not.clone())).collect()
    }

    #[test]
    fn why_not_names_the_binding_limitation() {
        let out = why(
            &[("R1", "U1", 5, "key", 0), ("R2", "U2", 2, "key", 0)],
            &[("U1", 10, 10), ("U2", 10, 12)],
            &[("POOL-MUNI", 4, "*", 0), ("POOL-EDU", 0, "教育", 0)],
        );
        let r1 = out[0].1.as_deref().expect("R1 short");
        assert!(r1.contains("市直") || r1.contains("POOL-MUNI"), "{r1}");
        assert!(r1.contains("蓄水池下限1名"), "{r1}");
        assert!(r1.contains("已用尽"), "the empty 教育 pool: {r1}");
        assert!(r1.contains("至少还需2名"), "5 asked, 3 lendable above the reserve: {r1}");
        let r2 = out[1].1.as_deref().expect("R2 refused");
        assert!(r2.contains("只出不进"), "{r2}");
    }
}
