//! The words of `explain`'s data: a move's reason, a request's why-not and a plan's
//! differences from plan 1, in Chinese (the default, and what plans.json carries) or
//! English. Names of units and pools come from the scenario; labels of types and tiers
//! from the policy.

use super::Lang;
use crate::domain::Scenario;
use crate::explain::{Difference, MoveReason, PoolRoom, WhyNot};
use crate::policy::Policy;

/// A unit's name, or its id when the scenario has no such unit.
pub(super) fn unit_name<'a>(s: &'a Scenario, id: &'a str) -> &'a str {
    s.unit(id).map(|u| u.name.as_str()).unwrap_or(id)
}

fn pool_name<'a>(s: &'a Scenario, id: &'a str) -> &'a str {
    s.pool(id).map(|p| p.name.as_str()).unwrap_or(id)
}

/// A move's reason in `lang`.
pub fn render_move_reason(s: &Scenario, p: &Policy, r: &MoveReason, lang: Lang) -> String {
    match (r, lang) {
        (MoveReason::Reclaim { ty, vacancy, amount, pool, kept, keep_at_least }, Lang::Zh) => format!(
            "{}空编{}名，收回{}名入{}，保留{}名（须保留≥{}名）",
            p.type_label(ty),
            vacancy,
            amount,
            pool_name(s, pool),
            kept,
            keep_at_least
        ),
        (MoveReason::Reclaim { ty, vacancy, amount, pool, kept, keep_at_least }, Lang::En) => format!(
            "{vacancy} vacant {ty} posts: {amount} reclaimed into {}, {kept} kept (at least {keep_at_least} must stay)",
            pool_name(s, pool)
        ),
        (MoveReason::MergeSmall { quota, max_quota, host, staff, released }, Lang::Zh) => format!(
            "编制{quota}名（≤{max_quota}名，小散弱），整合并入{}，{staff}人随转{}",
            unit_name(s, host),
            released_zh(*released)
        ),
        (MoveReason::MergeSmall { quota, max_quota, host, staff, released }, Lang::En) => format!(
            "quota {quota} (small: at most {max_quota}), merged into {}, {staff} staff move with it{}",
            unit_name(s, host),
            released_en(*released)
        ),
        (MoveReason::MergeVanished { host, staff, released }, Lang::Zh) => {
            format!("职能消失，撤销并入{}，{staff}人随转{}", unit_name(s, host), released_zh(*released))
        }
        (MoveReason::MergeVanished { host, staff, released }, Lang::En) => format!(
            "its function has vanished: abolished into {}, {staff} staff move with it{}",
            unit_name(s, host),
            released_en(*released)
        ),
        (MoveReason::Absorb { from, excess, amount, to, .. }, Lang::Zh) => format!(
            "{}超编{}名，分流{}名至{}（同系统同层级，有空编）",
            unit_name(s, from),
            excess,
            amount,
            unit_name(s, to)
        ),
        (MoveReason::Absorb { from, excess, amount, to, .. }, Lang::En) => format!(
            "{} is {excess} over quota: {amount} staff move to {} (same sector and level, with vacancy)",
            unit_name(s, from),
            unit_name(s, to)
        ),
        (MoveReason::Grant { tier, stated, asked, pool, amount }, Lang::Zh) => {
            let why = if stated.is_empty() { String::new() } else { format!("（{stated}）") };
            format!("{}{why}：申请{asked}名，从{}调剂{}名", p.tier_label(tier), pool_name(s, pool), amount)
        }
        (MoveReason::Grant { tier, stated, asked, pool, amount }, Lang::En) => {
            let why = if stated.is_empty() { String::new() } else { format!(" ({stated})") };
            format!("{tier}{why}: {asked} asked, {amount} granted from {}", pool_name(s, pool))
        }
        (MoveReason::Return { grant, ty, tier, granted_on, lent, age_months, term_months: Some(term), amount, pool, .. }, Lang::Zh) => {
            format!(
                "{}周转编制{grant}（{}）于{granted_on}调剂{lent}名，使用期限{term}个月已满（已{age_months}个月），全部收回{amount}名入{}（事去减编），在编人员按超编只出不进逐步消化",
                p.tier_label(tier),
                p.type_label(ty),
                pool_name(s, pool)
            )
        }
        (MoveReason::Return { grant, ty, tier, granted_on, lent, age_months, term_months: Some(term), amount, pool, .. }, Lang::En) => {
            format!(
                "{tier} revolving grant {grant} ({ty}) of {lent} made on {granted_on} has passed its {term}-month term ({age_months} months): all {amount} return to {}; its staff are now digested as overstaffing",
                pool_name(s, pool)
            )
        }
        (MoveReason::Return { grant, ty, granted_on, lent, used, age_months, term_months: None, after_months, amount, pool, .. }, Lang::Zh) => {
            format!(
                "周转编制{grant}（{}）于{granted_on}调剂{lent}名，已用{used}名，满{after_months}个月（已{age_months}个月）仍未使用的{amount}名收回{}（一年内未使用的及时收回）",
                p.type_label(ty),
                pool_name(s, pool)
            )
        }
        (MoveReason::Return { grant, ty, granted_on, lent, used, age_months, term_months: None, after_months, amount, pool, .. }, Lang::En) => {
            format!(
                "revolving grant {grant} ({ty}) of {lent} made on {granted_on}, {used} used: {amount} still unused after {age_months} months (limit {after_months}) return to {}",
                pool_name(s, pool)
            )
        }
    }
}

fn released_zh(released: i64) -> String {
    if released > 0 {
        format!("，空余编制{released}名收回周转池")
    } else {
        String::new()
    }
}

fn released_en(released: i64) -> String {
    if released > 0 {
        format!("; {released} idle quota released to the pool")
    } else {
        String::new()
    }
}

fn rooms(s: &Scenario, pools: &[(String, PoolRoom)], lang: Lang) -> String {
    let parts: Vec<String> = pools
        .iter()
        .map(|(id, room)| {
            let name = pool_name(s, id);
            match (room, lang) {
                (PoolRoom::UsedUp, Lang::Zh) => format!("{name}已用尽"),
                (PoolRoom::AtReserve { reserve }, Lang::Zh) => format!("{name}已降至蓄水池下限{reserve}名"),
                (PoolRoom::AtUnitCap { per_unit_max }, Lang::Zh) => format!("{name}已达单位上限{per_unit_max}名"),
                (PoolRoom::Left { room }, Lang::Zh) => format!("{name}尚余{room}名"),
                (PoolRoom::UsedUp, Lang::En) => format!("{name} is used up"),
                (PoolRoom::AtReserve { reserve }, Lang::En) => format!("{name} is down to its reserve of {reserve}"),
                (PoolRoom::AtUnitCap { per_unit_max }, Lang::En) => format!("{name} has given the unit its cap of {per_unit_max}"),
                (PoolRoom::Left { room }, Lang::En) => format!("{name} has {room} left"),
            }
        })
        .collect();
    parts.join(if lang == Lang::Zh { "，" } else { "; " })
}

/// A why-not in `lang`.
pub fn render_why_not(s: &Scenario, p: &Policy, w: &WhyNot, lang: Lang) -> String {
    match (w, lang) {
        (WhyNot::Merged { host }, Lang::Zh) => format!("单位已整合并入{}，不再单独申请 (unit merged)", unit_name(s, host)),
        (WhyNot::Merged { host }, Lang::En) => format!("the unit is merged into {} and requests nothing on its own", unit_name(s, host)),
        (WhyNot::Overstaffed { ty, excess }, Lang::Zh) => {
            format!("单位{}超编{}名，只出不进 (overstaffed units only give)", p.type_label(ty), excess)
        }
        (WhyNot::Overstaffed { ty, excess }, Lang::En) => {
            format!("the unit is {excess} over its {ty} quota: overstaffed units only give")
        }
        (WhyNot::NoPoolInRegion { region, sector, ty }, Lang::Zh) => format!(
            "{region}没有适用于{sector}系统的{}周转池 (no pool of this type serves the sector in region {region})",
            p.type_label(ty)
        ),
        (WhyNot::NoPoolInRegion { region, sector, ty }, Lang::En) => {
            format!("no {ty} pool serves the {sector} sector in region {region}")
        }
        (WhyNot::NoPool { sector, ty }, Lang::Zh) => {
            format!("没有适用于{sector}系统的{}周转池 (no pool of this type serves the sector)", p.type_label(ty))
        }
        (WhyNot::NoPool { sector, ty }, Lang::En) => format!("no {ty} pool serves the {sector} sector"),
        (WhyNot::PoolsExhausted { pools, first_pool, short }, Lang::Zh) => format!(
            "{} (pools at reserve or per-unit cap)；{}至少还需{}名余量才可能满足 (needs at least this much more)",
            rooms(s, pools, lang),
            pool_name(s, first_pool),
            short
        ),
        (WhyNot::PoolsExhausted { pools, first_pool, short }, Lang::En) => format!(
            "{}: {} would need at least {short} more before this request could be met",
            rooms(s, pools, lang),
            pool_name(s, first_pool)
        ),
        (WhyNot::MinUnreachable { min, room }, Lang::Zh) => format!(
            "最低需{min}名，适用周转池余量仅{room}名，无法满足最低数 (min not reachable)；至少还需{}名余量才可能按最低数调剂",
            min - room
        ),
        (WhyNot::MinUnreachable { min, room }, Lang::En) => format!(
            "its minimum of {min} exceeds the {room} the eligible pools can lend: at least {} more would be needed",
            min - room
        ),
        (WhyNot::LowerPriority { pools, tier }, Lang::Zh) => format!(
            "{}；余量按保障类别权重优先用于其他需求或保留 (lower in priority under the model's weights: {} weight {})",
            rooms(s, pools, lang),
            p.tier_label(tier),
            p.tier_weight(tier)
        ),
        (WhyNot::LowerPriority { pools, tier }, Lang::En) => format!(
            "{}: under the model's weights the room goes to other requests or stays ({tier}, weight {})",
            rooms(s, pools, lang),
            p.tier_weight(tier)
        ),
        (WhyNot::SwappedForEquivalent { instead, ty, tier }, Lang::Zh) => format!(
            "与 {} 等价（同为{}、{}），本方案将调剂额度给了{}",
            requests_named(s, instead, lang),
            p.tier_label(tier),
            p.type_label(ty),
            if let [one] = instead.as_slice() { format!(" {one}") } else { "这些需求".to_string() }
        ),
        (WhyNot::SwappedForEquivalent { instead, ty, tier }, Lang::En) => format!(
            "equivalent to {} (same tier {tier} and type {ty}): this plan gives the quota to {} instead",
            requests_named(s, instead, lang),
            if let [one] = instead.as_slice() { one.as_str() } else { "them" }
        ),
    }
}

/// How many requests a why-not names before it says how many more there are.
const NAMED_REQUESTS: usize = 3;

/// Requests by id with their unit's name: `REQ-107（单位名）、REQ-110（…）`, the first
/// `NAMED_REQUESTS` of them, then how many there are in all.
fn requests_named(s: &Scenario, ids: &[String], lang: Lang) -> String {
    let named: Vec<String> = ids
        .iter()
        .take(NAMED_REQUESTS)
        .map(|id| {
            let unit = s.request(id).map(|r| unit_name(s, &r.unit)).unwrap_or(id);
            match lang {
                Lang::Zh => format!("{id}（{unit}）"),
                Lang::En => format!("{id} ({unit})"),
            }
        })
        .collect();
    let list = named.join(if lang == Lang::Zh { "、" } else { ", " });
    match (ids.len() > NAMED_REQUESTS, lang) {
        (false, _) => list,
        (true, Lang::Zh) => format!("{list}等{}项需求", ids.len()),
        (true, Lang::En) => format!("{list} and {} more", ids.len() - NAMED_REQUESTS),
    }
}

/// A difference from plan 1 in `lang`.
pub fn render_difference(s: &Scenario, d: &Difference, lang: Lang) -> String {
    let name = |id: &str| format!("{}（{}）", id, unit_name(s, id));
    let name_en = |id: &str| format!("{} ({})", id, unit_name(s, id));
    match (d, lang) {
        (Difference::SwapsEquivalentRequestsOnly, Lang::Zh) => "与方案1目标值相同，仅在等价需求间互换".to_string(),
        (Difference::SwapsEquivalentRequestsOnly, Lang::En) => {
            "same objective as plan 1, only swapping equivalent requests (same type and tier)".to_string()
        }
        (Difference::SameObjective, Lang::Zh) => "与方案1目标值相同".to_string(),
        (Difference::SameObjective, Lang::En) => "same objective as plan 1".to_string(),
        (Difference::FundsRequest(r), Lang::Zh) => format!("增加调剂 {r}"),
        (Difference::DropsRequest(r), Lang::Zh) => format!("不再调剂 {r}"),
        (Difference::AddsDonor(u), Lang::Zh) => format!("改由 {} 收回空编", name(u)),
        (Difference::DropsDonor(u), Lang::Zh) => format!("不收回 {} 空编", name(u)),
        (Difference::AddsMerge(u), Lang::Zh) => format!("整合 {}", name(u)),
        (Difference::DropsMerge(u), Lang::Zh) => format!("不整合 {}", name(u)),
        (Difference::FundsRequest(r), Lang::En) => format!("funds {r}"),
        (Difference::DropsRequest(r), Lang::En) => format!("does not fund {r}"),
        (Difference::AddsDonor(u), Lang::En) => format!("reclaims from {}", name_en(u)),
        (Difference::DropsDonor(u), Lang::En) => format!("does not reclaim from {}", name_en(u)),
        (Difference::AddsMerge(u), Lang::En) => format!("merges {}", name_en(u)),
        (Difference::DropsMerge(u), Lang::En) => format!("does not merge {}", name_en(u)),
        (Difference::AddsAbsorb { from, to, amount, .. }, Lang::Zh) => format!("由 {} 分流超编{amount}名至 {}", name(from), name(to)),
        (Difference::DropsAbsorb { from, to, amount, .. }, Lang::Zh) => format!("不由 {} 分流超编{amount}名至 {}", name(from), name(to)),
        (Difference::AddsAbsorb { from, to, amount, .. }, Lang::En) => format!("moves {amount} overstaffed from {} to {}", name_en(from), name_en(to)),
        (Difference::DropsAbsorb { from, to, amount, .. }, Lang::En) => {
            format!("does not move {amount} overstaffed from {} to {}", name_en(from), name_en(to))
        }
    }
}
