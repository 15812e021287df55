//! The terminal's words: `analyze` and `solve` print for a planner at a console, in
//! Chinese with the English beside it (`编制 quota`, `调剂 granted`), so headers and
//! lines are bilingual in one language setting. A name table of headers and the lines
//! with figures in them; the renderers in `report` only lay the tables out.

use super::parts::pct;
use crate::analyze::SmallUnits;

// ---- the stock-take (`analyze`)

/// The totals tables' header; the first cell names the grouping.
pub const TOTALS_HEADER: [&str; 8] = ["", "单位 units", "编制 quota", "实有 staff", "空编 vacancy", "空编率 rate", "超编单位 over", "超编人数 excess"];
pub const BY_TYPE: &str = "编制类型 type";
pub const BY_SECTOR: &str = "系统 sector";
pub const TOTAL: &str = "合计 total";
pub const POOLS_HEADER: [&str; 6] = ["周转池 pool", "名称 name", "类型 type", "可用 available", "蓄水 reserve", "可调剂 lendable"];
pub const TIERS_HEADER: [&str; 3] = ["保障类别 tier", "需求 requests", "申请数 amount"];
pub const SUPPLY_HEADER: [&str; 4] = ["编制类型 type", "申请 requested", "池可调剂 pools", "可收回空编 reclaimable"];

pub fn stocktake_heading(scenario: &str, as_of: &str) -> String {
    format!("摸清底数 stock-take: {scenario} ({as_of})\n")
}

/// `kinds` as `institution 12, admin 3`.
pub fn units_line(units: usize, kinds: &str) -> String {
    format!("单位 {units} 个 units: {kinds}\n\n")
}

pub fn small_units_line(s: &SmallUnits) -> String {
    format!(
        "小散弱 small institutions: {} 个事业单位中，编制≤7名 {} 个（{}），≤5名 {} 个（{}）；按本模型（≤{}名）{} 个\n",
        s.institutions,
        s.at_most_7,
        pct(s.share_at_most_7),
        s.at_most_5,
        pct(s.share_at_most_5),
        s.policy_threshold,
        s.policy_small
    )
}

pub fn overstaffed_line(units: usize, excess: i64) -> String {
    format!("超编 overstaffed: {units} 个单位，共超编 {excess} 名\n")
}

/// A unit in a list of notes: `U1 某中心（编制3名）`; notes are joined by [`NOTE_SEPARATOR`].
pub fn unit_note_item(unit: &str, name: &str, note: &str) -> String {
    format!("{unit} {name}（{note}）")
}
pub const NOTE_SEPARATOR: &str = "；";

pub fn shrinking_line(n: usize, list: &str) -> String {
    format!("职能萎缩 shrinking: {n} 个 {list}\n")
}

pub fn vanished_line(n: usize, list: &str) -> String {
    format!("职能消失 vanished: {n} 个 {list}\n")
}

pub fn top_heavy_line(n: usize, list: &str) -> String {
    format!("官多兵少 leaders > 50% of quota: {n} 个 {list}\n")
}

pub const NO_LEADER_DATA: &str = "官多兵少: 无领导职数数据 (no leader columns)\n";

// ---- the revolving-grant ledger of the stock-take

pub fn ledger_heading(grants: usize, lent: i64, used: i64, unused: i64) -> String {
    format!("周转编制台账 revolving grants: {grants} 笔 grants，调剂 lent {lent}，已使用 used {used}，未使用 unused {unused}\n")
}

pub const LEDGER_POOLS_HEADER: [&str; 6] = ["周转池 pool", "名称 name", "笔数 grants", "调剂 lent", "已使用 used", "未使用 unused"];

/// The header of grants returning; the last column is what the grant leaves: staff
/// overstaffed (expired grants) or quota used (unused parts).
pub fn due_header(expired: bool) -> [&'static str; 9] {
    let last = if expired { "留下超编 overstaffed" } else { "已使用 used" };
    ["台账 grant", "单位 unit", "类型 type", "周转池 pool", "调剂日期 granted on", "调剂 lent", "已满月数 months", "收回 returning", last]
}

pub const EXPIRING_HEADER: [&str; 8] =
    ["台账 grant", "单位 unit", "类型 type", "保障类别 tier", "周转池 pool", "调剂 amount", "期限月数 term", "到期日 expires on"];

pub fn unused_returning_line(as_of: &str, n: usize, total: i64, after_months: i64) -> String {
    format!("到期收回 returning at {as_of}: 未使用 unused {n} 笔 共 {total} 名（满 {after_months} 个月未使用 after {after_months} months unused）\n")
}

pub fn expired_returning_line(as_of: &str, n: usize, total: i64, overstaffing: i64) -> String {
    format!("到期收回 returning at {as_of}: 期满全部收回 expired, in full {n} 笔 共 {total} 名，留下超编 left overstaffed {overstaffing} 人\n")
}

pub fn expiring_line(within_months: i64, n: usize, total: i64) -> String {
    format!("即将到期 expiring within {within_months} months: {n} 笔 共 {total} 名\n")
}

/// "  … 5 more: see --format json": a list of the stock-take cut.
pub fn more_in_json(n: usize) -> String {
    format!("  … {n} more: see --format json\n")
}

// ---- ranked plans (`solve`)

pub fn plans_heading(scenario: &str, model: &str, status: &str, gap: f64, seconds: f64, plans: usize) -> String {
    format!("{scenario} — 模型 {model}；求解 {status}，间隙 {:.4}%，{seconds:.2} 秒；方案 {plans} 个\n\n", gap * 100.0)
}

pub fn diverse_line(eps: &str, floor: f64) -> String {
    format!("多样方案 diverse：允许偏离最优 ε {eps}，目标值下限 objective floor {floor}\n\n")
}

/// "方案 2 plan 2 — 目标值 objective X".
pub fn plan_heading(rank: usize, objective: f64) -> String {
    format!("方案 {rank} plan {rank} — 目标值 objective {objective}")
}

pub fn gap_clause(gap: &str) -> String {
    format!("，距最优 gap {gap}")
}

/// The distances a plan heading names ((plan, decisions) each); with `nearest_only`
/// the second is the nearest of several.
pub fn distances_clause(named: &[(usize, usize)], nearest_only: bool) -> String {
    let parts: Vec<String> = named
        .iter()
        .enumerate()
        .map(|(i, (plan, n))| format!("与{}方案{plan}相差 {n} 项", if nearest_only && i == 1 { "最接近的" } else { "" }))
        .collect();
    format!("，{} decisions", parts.join("、"))
}

pub fn distance_bound_line(bound: usize) -> String {
    format!("  · 相差项数之和未证明最大，上界 distance bound {bound}\n")
}

pub fn unproven_line(status: &str, gap: f64) -> String {
    format!("  · 求解状态 {status}，相对间隙 {:.4}%\n", gap * 100.0)
}

pub fn more_differences(n: usize) -> String {
    format!("  · … {n} more differences: see plans.json\n")
}

pub const TIER_HEADER: [&str; 5] = ["保障类别 tier", "需求 requests", "申请 requested", "调剂 granted", "满足率 rate"];

/// What a plan's terms add up to.
pub struct Terms {
    pub reclaimed: i64,
    pub donor_units: i64,
    pub merges: i64,
    pub released: i64,
    pub absorbed: i64,
    pub staff_moved: i64,
}

pub fn terms_line(t: &Terms) -> String {
    format!(
        "收回空编 reclaimed {}（{} 个单位），整合 merges {}，释放 released {}，消化超编 absorbed {}，人员转隶 staff moved {}\n",
        t.reclaimed, t.donor_units, t.merges, t.released, t.absorbed, t.staff_moved
    )
}

/// Move kinds in the order the moves line counts them, with their word.
pub const MOVE_KINDS: [(&str, &str); 5] = [("return", "周转收回"), ("grant", "调剂"), ("reclaim", "收回"), ("merge", "整合"), ("absorb", "消化超编")];

/// "调整 moves N 项：调剂 grant a，收回 reclaim b，…"; `counts` as (kind, its word, n).
pub fn moves_line(total: usize, counts: &[(&str, &str, usize)]) -> String {
    let counts: Vec<String> = counts.iter().map(|(kind, label, n)| format!("{label} {kind} {n}")).collect();
    format!("调整 moves {total} 项：{}\n", counts.join("，"))
}

pub const NOTHING_SHORT: &str = "未足额 not granted in full: 无 none\n";

pub fn short_heading(n: usize) -> String {
    format!("未足额 not granted in full: {n} 项 requests\n")
}

pub fn short_line(request: &str, amount: i64, granted: i64, why: &str) -> String {
    format!("  {request} 申请 {amount}，调剂 {granted}：{why}\n")
}

/// "… N more: see plans.json", without indent or newline.
pub fn more_in_plans_json(n: usize) -> String {
    format!("… {n} more: see plans.json")
}

pub fn more_pools(n: usize) -> String {
    format!("… {n} more pools: see plans.json\n")
}

pub fn pools_summary(pools: usize, changed: usize, before: i64, after: i64, top: usize) -> String {
    format!("周转池 pools {pools} 个（{changed} 个有变化 changed）：调剂前 before {before}，调剂后 after {after}；变化最大的 {top} 个 largest changes:\n")
}

pub const POOL_CHANGE_HEADER: [&str; 5] = ["周转池 pool", "名称 name", "调剂前 before", "调剂后 after", "蓄水 reserve"];

// ---- decisions over the plans, ranges, years

pub fn decisions_heading(plans: usize) -> String {
    format!("决策汇总 decisions（{plans} 个方案 plans）\n")
}

pub const DECISIONS_HEADER: [&str; 4] = ["决策 decision", "必选 in every plan", "可选 in some plans", "不选 in no plan"];
pub const DECISION_REQUESTS: &str = "需求 requests";
pub const DECISION_DONORS: &str = "收回单位 donor units";
pub const DECISION_MERGES: &str = "整合单位 merged units";
pub const OPTIONAL_REQUESTS: &str = "可选需求 requests in some plans";
pub const OPTIONAL_DONORS: &str = "可选收回单位 donor units in some plans";
pub const OPTIONAL_MERGES: &str = "可选整合单位 merged units in some plans";
/// What a list of requests, and of units, counts in.
pub const REQUEST_MEASURE: &str = "项";
pub const UNIT_MEASURE: &str = "个";

pub fn optional_request_line(request: &str, name: &str, tier: &str, amount: i64, funded: usize, plans: usize, ranks: &str) -> String {
    format!("{request} {name} {tier} 申请 {amount}：{funded}/{plans} 个方案（方案 {ranks}）")
}

pub fn optional_unit_line(unit: &str, name: &str, count: usize, plans: usize, ranks: &str) -> String {
    format!("{unit} {name}：{count}/{plans} 个方案（方案 {ranks}）")
}

pub fn empty_list(title: &str) -> String {
    format!("{title}: 无 none\n")
}

pub fn list_heading(title: &str, n: usize, measure: &str) -> String {
    format!("{title}: {n} {measure}\n")
}

pub fn ranges_heading(requests: usize, always: usize, some: usize, never: usize) -> String {
    format!("调剂区间 ranges within ε: {requests} 项需求 requests；每个近优方案都调剂 funded in every near-optimal plan {always}，可调 in some {some}，都不调剂 in none {never}")
}

pub fn ranges_unproven(n: usize) -> String {
    format!("；{n} 项区间未证明 not proven (at least this wide)")
}

pub const RANGES_HEADER: [&str; 8] =
    ["需求 request", "单位 unit", "保障类别 tier", "申请 amount", "最少 min", "最多 max", "每个近优方案都调剂 always", "状态 status"];
pub const YES: &str = "是 yes";

pub fn years_heading(years: usize) -> String {
    format!("分年度 years：{years} 年，逐年滚动 rolled forward year by year（第1年即方案1 year 1 is plan 1）\n")
}

pub const YEARS_HEADER: [&str; 10] = [
    "年度 year",
    "起始 start",
    "退休 retired",
    "周转收回 returns",
    "调剂/申请 granted/asked",
    "收回空编 reclaimed",
    "整合 merges",
    "消化超编 absorbed",
    "调整 moves",
    "周转池 pools before → after",
];
pub const POOL: &str = "周转池 pool";

pub fn year_column(year: usize) -> String {
    format!("第{year}年 year {year}")
}

/// Requests a year drops because their unit was merged; `tail` says how many more.
pub fn dropped_line(year: usize, named: &str, tail: &str) -> String {
    format!("第{year}年 year {year} 因单位整合不再安排 dropped (unit merged): {named}{tail}\n")
}
pub const DROPPED_SEPARATOR: &str = "，";
