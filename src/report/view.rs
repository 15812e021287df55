//! The report's content as data: what a leader reads about a set of ranked plans, in
//! one language, computed once from the scenario, the policy and plans.json. The HTML
//! page, the workbook, the Markdown summary and `diff` all render this, so they say
//! the same thing in the same words. No IO, no markup.

use super::choices::{choices_view, comparison_sentence, diverse_view, gap_text, ranges_view, ChoicesView, Distance, DiverseView, RangesView};
use super::table::pct;
use super::years::{years_view, YearsView};
use crate::analyze::{stocktake, Stocktake};
use crate::domain::{Move, Plan, PlansDoc, Scenario};
use crate::explain::{alternative_differences, move_reason, render_difference, render_move_reason, render_why_not, Alternative, Lang, PlanState};
use crate::plan::Pattern;
use crate::policy::Policy;
use serde::Serialize;
use std::collections::BTreeMap;

/// Every fixed word of the report in one language; templates read them as `t.<name>`
/// so one template serves both languages and an office restyling it need not touch them.
#[derive(Clone, Debug, Serialize)]
pub struct Labels {
    pub lang: &'static str,
    pub title: &'static str,
    pub cover: &'static str,
    pub plan: &'static str,
    pub metric: &'static str,
    pub objective: &'static str,
    pub status: &'static str,
    pub funded: &'static str,
    pub rate: &'static str,
    pub requests_funded: &'static str,
    pub reclaimed: &'static str,
    pub donor_units: &'static str,
    pub merges: &'static str,
    pub released: &'static str,
    pub absorbed: &'static str,
    pub staff_moved: &'static str,
    pub pool_after: &'static str,
    pub headline: &'static str,
    pub charts: &'static str,
    pub chart_pools: &'static str,
    pub chart_tiers: &'static str,
    pub chart_sectors: &'static str,
    pub before: &'static str,
    pub after: &'static str,
    pub asked: &'static str,
    pub granted: &'static str,
    pub moves: &'static str,
    pub kind: &'static str,
    pub ty: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub request: &'static str,
    pub amount: &'static str,
    pub staff: &'static str,
    pub reason: &'static str,
    pub shortfalls: &'static str,
    pub none: &'static str,
    pub unit: &'static str,
    pub unit_name: &'static str,
    pub tier: &'static str,
    pub why_not: &'static str,
    pub differences: &'static str,
    pub same_as_plan1: &'static str,
    pub more_in_workbook: &'static str,
    pub units_changed: &'static str,
    pub quota_before: &'static str,
    pub quota_after: &'static str,
    pub staff_before: &'static str,
    pub staff_after: &'static str,
    pub pools: &'static str,
    pub pool: &'static str,
    pub pool_name: &'static str,
    pub reserve: &'static str,
    pub change: &'static str,
    pub sector: &'static str,
    pub scenario: &'static str,
    pub as_of: &'static str,
    pub model: &'static str,
    pub solver: &'static str,
    pub digest: &'static str,
    pub review: &'static str,
    pub agree: &'static str,
    pub disagree: &'static str,
    pub stocktake: &'static str,
    pub comparison: &'static str,
    pub requests: &'static str,
    pub rank: &'static str,
    pub short_of_proof: &'static str,
    pub kind_grant: &'static str,
    pub kind_reclaim: &'static str,
    pub kind_merge: &'static str,
    pub kind_absorb: &'static str,
    /// 周转编制收回 (the ledger's returns, DESIGN §14).
    pub kind_return: &'static str,
    pub show_all: &'static str,
    // The HTML page's own words.
    pub contents: &'static str,
    pub n_units: &'static str,
    pub n_requests: &'static str,
    /// `{n}` replaced by a row count (a collapsed table's summary).
    pub rows_count: &'static str,
    pub total: &'static str,
    pub released_note: &'static str,
    pub model_digest: &'static str,
    // The workbook's column headers and the stock-take sheet's block titles and headers.
    pub col_seq: &'static str,
    pub col_from: &'static str,
    pub col_from_name: &'static str,
    pub col_to: &'static str,
    pub col_to_name: &'static str,
    pub col_released: &'static str,
    pub col_remark: &'static str,
    pub col_quota_change: &'static str,
    pub col_request: &'static str,
    pub col_asked: &'static str,
    pub col_balance_before: &'static str,
    pub st_by_type: &'static str,
    pub st_by_sector: &'static str,
    pub st_small: &'static str,
    pub st_tiers: &'static str,
    pub st_supply: &'static str,
    pub st_units: &'static str,
    pub st_quota: &'static str,
    pub st_staff: &'static str,
    pub st_vacancy: &'static str,
    pub st_vacancy_rate: &'static str,
    pub st_overstaffed: &'static str,
    pub st_excess: &'static str,
    pub st_total: &'static str,
    pub st_institutions: &'static str,
    pub st_at_most_5: &'static str,
    pub st_at_most_7: &'static str,
    pub st_share: &'static str,
    pub st_threshold: &'static str,
    pub st_within_threshold: &'static str,
    pub st_available: &'static str,
    pub st_lendable: &'static str,
    pub st_requests: &'static str,
    pub st_requested: &'static str,
    pub st_pools_lendable: &'static str,
    pub st_reclaimable: &'static str,
    // Comparing the plans decision by decision (DESIGN §12).
    pub choices: &'static str,
    /// `{n}` replaced by the number of plans.
    pub choices_note: &'static str,
    pub donor_candidates: &'static str,
    pub merge_candidates: &'static str,
    pub in_plans: &'static str,
    pub which_plans: &'static str,
    pub gap_to_best: &'static str,
    pub distance_to_plan1: &'static str,
    /// `{n}` replaced by the proven bound on the summed distance.
    pub distance_bound: &'static str,
    pub diverse: &'static str,
    pub diverse_eps: &'static str,
    pub objective_floor: &'static str,
    pub ranges: &'static str,
    pub ranges_note: &'static str,
    pub range_min: &'static str,
    pub range_max: &'static str,
    pub range_always: &'static str,
    pub range_status: &'static str,
    pub yes: &'static str,
    pub col_decision: &'static str,
    pub col_code: &'static str,
    // The revolving-grant ledger and `--years` (DESIGN §14).
    /// The revolving-grant ledger (DESIGN §14) of the stock-take.
    pub ledger: &'static str,
    pub ledger_grants: &'static str,
    pub lent: &'static str,
    pub used: &'static str,
    pub unused: &'static str,
    pub due_unused: &'static str,
    pub due_expired: &'static str,
    /// `{n}` replaced by `grants.reclaim_unused_after_months`.
    pub unused_note: &'static str,
    /// `{n}` replaced by the staff left overstaffed.
    pub expired_note: &'static str,
    pub left_overstaffed: &'static str,
    pub expiring: &'static str,
    pub col_grant: &'static str,
    /// The moves sheet's request column when a plan has ledger returns (their grant goes there).
    pub col_request_grant: &'static str,
    pub granted_on: &'static str,
    pub term_months: &'static str,
    pub age_months: &'static str,
    pub expires_on: &'static str,
    pub returning: &'static str,
    /// `--years` (DESIGN §14).
    pub years: &'static str,
    pub years_note: &'static str,
    pub year: &'static str,
    /// `{n}` replaced by the year.
    pub year_n: &'static str,
    pub year_start: &'static str,
    pub retired: &'static str,
    pub granted_asked: &'static str,
    pub pools_total: &'static str,
    pub dropped: &'static str,
    /// `{n}` replaced by the year.
    pub year_moves: &'static str,
    pub year1_moves: &'static str,
    /// `{n}` replaced by the pools not shown.
    pub more_pools: &'static str,
    pub year_pools: &'static str,
}

pub const ZH: Labels = Labels {
    lang: "zh",
    title: "编制调剂方案报告",
    cover: "方案对比",
    plan: "方案",
    metric: "指标",
    objective: "目标值",
    status: "求解状态",
    funded: "调剂名额",
    rate: "满足率",
    requests_funded: "获调剂需求",
    reclaimed: "收回空编",
    donor_units: "收回单位数",
    merges: "整合单位数",
    released: "整合释放编制",
    absorbed: "消化超编",
    staff_moved: "人员转隶",
    pool_after: "调剂后余额",
    headline: "要点",
    charts: "图表",
    chart_pools: "周转池调剂前后",
    chart_tiers: "各保障类别满足情况",
    chart_sectors: "各系统编制调剂前后",
    before: "调剂前",
    after: "调剂后",
    asked: "申请",
    granted: "调剂",
    moves: "调整事项",
    kind: "类别",
    ty: "编制类型",
    from: "调出",
    to: "调入",
    request: "需求",
    amount: "数量",
    staff: "人员",
    reason: "理由",
    shortfalls: "未足额满足的需求",
    none: "无",
    unit: "单位代码",
    unit_name: "单位名称",
    tier: "保障类别",
    why_not: "未满足原因",
    differences: "与方案1的区别",
    same_as_plan1: "（本方案即方案1）",
    more_in_workbook: "其余{n}条见 plans.xlsx",
    units_changed: "单位变化",
    quota_before: "调剂前编制",
    quota_after: "调剂后编制",
    staff_before: "调剂前实有",
    staff_after: "调剂后实有",
    pools: "周转池",
    pool: "周转池代码",
    pool_name: "周转池名称",
    reserve: "蓄水下限",
    change: "变化",
    sector: "系统",
    scenario: "场景",
    as_of: "数据截至",
    model: "模型",
    solver: "求解",
    digest: "数据指纹",
    review: "审核意见",
    agree: "同意",
    disagree: "不同意",
    stocktake: "摸清底数",
    comparison: "方案对比",
    requests: "需求",
    rank: "排序",
    short_of_proof: "未证明最优，相对间隙",
    kind_grant: "调剂",
    kind_reclaim: "收回空编",
    kind_merge: "整合",
    kind_absorb: "消化超编",
    kind_return: "周转编制收回",
    show_all: "展开全部",
    contents: "目录",
    n_units: "单位数",
    n_requests: "需求数",
    rows_count: "共{n}项",
    total: "合计",
    released_note: "释放编制",
    model_digest: "模型指纹",
    col_seq: "序号",
    col_from: "调出代码",
    col_from_name: "调出名称",
    col_to: "调入代码",
    col_to_name: "调入名称",
    col_released: "释放编制",
    col_remark: "备注",
    col_quota_change: "编制变化",
    col_request: "需求编号",
    col_asked: "申请数",
    col_balance_before: "调剂前",
    st_by_type: "按编制类型",
    st_by_sector: "按系统",
    st_small: "小散弱单位",
    st_tiers: "各保障类别需求",
    st_supply: "供需对比",
    st_units: "单位数",
    st_quota: "编制数",
    st_staff: "实有人数",
    st_vacancy: "空编",
    st_vacancy_rate: "空编率",
    st_overstaffed: "超编单位",
    st_excess: "超编人数",
    st_total: "合计",
    st_institutions: "事业单位数",
    st_at_most_5: "编制≤5名",
    st_at_most_7: "编制≤7名",
    st_share: "占比",
    st_threshold: "整合阈值",
    st_within_threshold: "阈值内单位",
    st_available: "可用",
    st_lendable: "可调剂",
    st_requests: "需求数",
    st_requested: "申请编制",
    st_pools_lendable: "周转池可调剂",
    st_reclaimable: "可收回空编",
    choices: "方案比较：必选 / 可选 / 不选",
    choices_note: "按{n}个方案统计：必选为每个方案都采用的决策，可选为部分方案采用，不选为没有方案采用。",
    donor_candidates: "收回空编单位",
    merge_candidates: "整合单位",
    in_plans: "方案数",
    which_plans: "所在方案",
    gap_to_best: "距最优",
    distance_to_plan1: "与方案1相差（项）",
    distance_bound: "求解在限时内停止：与前面各方案相差项数之和未证明最大，上界为{n}项",
    diverse: "多样方案",
    diverse_eps: "允许偏离最优",
    objective_floor: "目标值下限",
    ranges: "近优方案调剂区间",
    ranges_note: "目标值与最优相差不超过允许范围的所有方案中，每项需求最少和最多调剂多少。",
    range_min: "最少",
    range_max: "最多",
    range_always: "每个近优方案都调剂",
    range_status: "区间状态",
    yes: "是",
    col_decision: "决策",
    col_code: "编号",
    ledger: "周转编制台账",
    ledger_grants: "笔数",
    lent: "调剂",
    used: "已使用",
    unused: "未使用",
    due_unused: "到期收回：未使用部分",
    due_expired: "到期收回：期满全部收回",
    unused_note: "调剂满{n}个月仍未使用的部分收回原周转池（一年内未使用的及时收回）。",
    expired_note: "使用期限已满的周转编制全部收回（事去减编），在编人员按超编只出不进逐步消化；留下超编{n}人。",
    left_overstaffed: "留下超编",
    expiring: "即将到期（12个月内）",
    col_grant: "台账编号",
    col_request_grant: "需求/台账",
    granted_on: "调剂日期",
    term_months: "期限（月）",
    age_months: "已满（月）",
    expires_on: "到期日",
    returning: "收回",
    years: "分年度安排",
    years_note: "逐年滚动安排：第1年即方案1；此后每年在上一年调整、调剂名额招录到位、人员退休和周转编制到期收回后的状态上求最优方案。",
    year: "年度",
    year_n: "第{n}年",
    year_start: "起始日期",
    retired: "退休",
    granted_asked: "调剂/申请",
    pools_total: "周转池合计",
    dropped: "因单位整合不再安排的需求",
    year_moves: "第{n}年调整事项",
    year1_moves: "第1年即方案1，调整事项见方案1。",
    more_pools: "另有{n}个周转池见 plans.xlsx「分年度」",
    year_pools: "各周转池分年度",
};

pub const EN: Labels = Labels {
    lang: "en",
    title: "Staffing quota redistribution plans",
    cover: "Plans side by side",
    plan: "Plan",
    metric: "Metric",
    objective: "Objective",
    status: "Solver status",
    funded: "granted",
    rate: "fulfilment",
    requests_funded: "Requests funded",
    reclaimed: "Reclaimed",
    donor_units: "Donor units",
    merges: "Merges",
    released: "Released by merges",
    absorbed: "Absorbed",
    staff_moved: "Staff moved",
    pool_after: "after",
    headline: "Headline",
    charts: "Charts",
    chart_pools: "Pools before and after",
    chart_tiers: "Fulfilment per tier",
    chart_sectors: "Quota per sector before and after",
    before: "before",
    after: "after",
    asked: "asked",
    granted: "granted",
    moves: "Moves",
    kind: "Kind",
    ty: "Type",
    from: "From",
    to: "To",
    request: "Request",
    amount: "Amount",
    staff: "Staff",
    reason: "Reason",
    shortfalls: "Requests not granted in full",
    none: "none",
    unit: "Unit",
    unit_name: "Unit name",
    tier: "Tier",
    why_not: "Why not",
    differences: "What distinguishes it from plan 1",
    same_as_plan1: "(this is plan 1)",
    more_in_workbook: "{n} more in plans.xlsx",
    units_changed: "Unit changes",
    quota_before: "Quota before",
    quota_after: "Quota after",
    staff_before: "Staff before",
    staff_after: "Staff after",
    pools: "Pools",
    pool: "Pool",
    pool_name: "Pool name",
    reserve: "Reserve",
    change: "Change",
    sector: "Sector",
    scenario: "Scenario",
    as_of: "As of",
    model: "Model",
    solver: "Solver",
    digest: "Input digest",
    review: "Review",
    agree: "同意",
    disagree: "不同意",
    stocktake: "Stock-take",
    comparison: "Comparison",
    requests: "Requests",
    rank: "Rank",
    short_of_proof: "not proven optimal, relative gap",
    kind_grant: "Grant",
    kind_reclaim: "Reclaim",
    kind_merge: "Merge",
    kind_absorb: "Absorb",
    kind_return: "Ledger return",
    show_all: "show all",
    contents: "Contents",
    n_units: "Units",
    n_requests: "Requests",
    rows_count: "{n} rows",
    total: "total",
    released_note: "releases",
    model_digest: "Model digest",
    col_seq: "No.",
    col_from: "From code",
    col_from_name: "From name",
    col_to: "To code",
    col_to_name: "To name",
    col_released: "Released",
    col_remark: "Note",
    col_quota_change: "Quota change",
    col_request: "Request",
    col_asked: "Asked",
    col_balance_before: "Before",
    st_by_type: "By type",
    st_by_sector: "By sector",
    st_small: "Small institutions",
    st_tiers: "Requests per tier",
    st_supply: "Demand and supply",
    st_units: "Units",
    st_quota: "Quota",
    st_staff: "Staff",
    st_vacancy: "Vacancy",
    st_vacancy_rate: "Vacancy rate",
    st_overstaffed: "Overstaffed",
    st_excess: "Excess",
    st_total: "Total",
    st_institutions: "Institutions",
    st_at_most_5: "Quota ≤ 5",
    st_at_most_7: "Quota ≤ 7",
    st_share: "Share",
    st_threshold: "Merge threshold",
    st_within_threshold: "Within threshold",
    st_available: "Available",
    st_lendable: "Lendable",
    st_requests: "Requests",
    st_requested: "Requested",
    st_pools_lendable: "Pools lendable",
    st_reclaimable: "Reclaimable",
    choices: "Comparing the plans: in every plan, in some, in none",
    choices_note: "Over {n} plans: each decision is taken in every plan, in some plans, or in none.",
    donor_candidates: "Donor units",
    merge_candidates: "Merged units",
    in_plans: "Plans",
    which_plans: "In plans",
    gap_to_best: "Gap to plan 1",
    distance_to_plan1: "Differs from plan 1 (decisions)",
    distance_bound: "the solve stopped at its limit: the distance to the earlier plans is not proven the most, at most {n} in all",
    diverse: "Diverse plans",
    diverse_eps: "Allowed gap to plan 1",
    objective_floor: "Objective floor",
    ranges: "Ranges over near-optimal plans",
    ranges_note: "Over every plan within the allowed gap of plan 1's objective: the least and most each request is granted.",
    range_min: "Least",
    range_max: "Most",
    range_always: "Funded in every near-optimal plan",
    range_status: "Status",
    yes: "yes",
    col_decision: "Standing",
    col_code: "Code",
    ledger: "Revolving grants ledger",
    ledger_grants: "Grants",
    lent: "Lent",
    used: "Used",
    unused: "Unused",
    due_unused: "Returning now: unused parts",
    due_expired: "Returning now: expired grants in full",
    unused_note: "The part of a grant still unused {n} months after it was made returns to its pool.",
    expired_note: "Grants past their term return in full; their staff stay, digested as overstaffing: {n} left overstaffed.",
    left_overstaffed: "Left overstaffed",
    expiring: "Reaching their term within 12 months",
    col_grant: "Grant",
    col_request_grant: "Request / grant",
    granted_on: "Granted on",
    term_months: "Term (months)",
    age_months: "Age (months)",
    expires_on: "Expires on",
    returning: "Returning",
    years: "Year by year",
    years_note: "Rolled forward year by year: year 1 is plan 1; each later year is the best plan on the state the year before leaves (its moves, grants filled by hires, retirements, ledger returns).",
    year: "Year",
    year_n: "Year {n}",
    year_start: "Starts",
    retired: "Retired",
    granted_asked: "Granted / asked",
    pools_total: "All pools",
    dropped: "Requests dropped (their unit was merged)",
    year_moves: "Year {n} moves",
    year1_moves: "Year 1 is plan 1: its moves are listed under plan 1.",
    more_pools: "{n} more pools in plans.xlsx (分年度)",
    year_pools: "Pools year by year",
};

pub fn labels(lang: Lang) -> &'static Labels {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// How a figure is shown: a count, or a share shown as a percentage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Figure {
    Count,
    Share,
}

/// One row of the cover's comparison: a metric and its value in each plan.
#[derive(Clone, Debug, Serialize)]
pub struct KpiRow {
    /// Stable key (`objective`, `fulfilled.key`, `rate.key`, `pool.POOL-MUNI`, …).
    pub key: String,
    pub label: String,
    pub figure: Figure,
    /// One value per plan, as numbers (the workbook stores these).
    pub values: Vec<f64>,
    /// The same values as text (`87.3%`, `1,234` is not used: plain digits).
    pub cells: Vec<String>,
}

/// One bar pair of a chart: a label and two values (before/after, asked/granted).
#[derive(Clone, Debug, Serialize)]
pub struct Bar {
    pub label: String,
    pub a: i64,
    pub b: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct MoveRow {
    /// `return`, `grant`, `reclaim`, `merge`, `absorb`.
    pub kind: &'static str,
    pub kind_label: &'static str,
    /// The type's label (empty for a merge, which moves every line).
    pub ty: String,
    pub from: String,
    pub from_name: String,
    pub to: String,
    pub to_name: String,
    /// The request a grant funds (empty otherwise).
    pub request: String,
    /// The ledger grant a return comes from (empty otherwise).
    pub grant: String,
    /// Quota moved (reclaim, grant), staff moved (absorb, merge).
    pub amount: i64,
    /// Quota a merge releases to the pools (0 otherwise).
    pub released: i64,
    pub reason: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct MoveGroup {
    pub kind: &'static str,
    pub title: &'static str,
    /// Σ amount over the group.
    pub total: i64,
    pub rows: Vec<MoveRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RequestRow {
    pub request: String,
    pub unit: String,
    pub unit_name: String,
    pub ty: String,
    pub tier: String,
    pub amount: i64,
    pub granted: i64,
    /// The stated reason of the request.
    pub stated: String,
    /// Empty when granted in full.
    pub why_not: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct UnitRow {
    pub unit: String,
    pub unit_name: String,
    pub sector: String,
    pub ty: String,
    pub quota_before: i64,
    pub quota_after: i64,
    pub staff_before: i64,
    pub staff_after: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct PoolRow {
    pub pool: String,
    pub name: String,
    pub ty: String,
    pub before: i64,
    pub after: i64,
    pub reserve: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct PlanView {
    pub rank: usize,
    pub objective: f64,
    /// Set when this plan is short of proof (its own status, and relative gap in %).
    pub status: Option<String>,
    pub gap_percent: Option<f64>,
    /// (plan 1's objective − this plan's) / |plan 1's|, and as text (`1.9%`, `0%`).
    pub gap_to_best: f64,
    pub gap_text: String,
    /// Decisions set apart from each earlier plan (empty for plan 1).
    pub distances: Vec<Distance>,
    /// Set when the distance-maximising solve stopped at a limit: the bound it proved.
    pub distance_bound: Option<usize>,
    pub headline: String,
    pub pool_bars: Vec<Bar>,
    /// asked (a) and granted (b) per tier, highest weight first.
    pub tier_bars: Vec<Bar>,
    pub sector_bars: Vec<Bar>,
    /// return, grant, reclaim, merge, absorb; empty groups left out.
    pub groups: Vec<MoveGroup>,
    pub moves: usize,
    /// Requests not granted in full, highest tier weight first, then largest shortfall.
    pub shortfalls: Vec<RequestRow>,
    /// Every request, in the scenario's order.
    pub requests: Vec<RequestRow>,
    pub differences: Vec<String>,
    pub units: Vec<UnitRow>,
    pub pools: Vec<PoolRow>,
}

/// Everything a report shows.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub t: &'static Labels,
    pub scenario: String,
    pub as_of: String,
    pub input_digest: String,
    pub model: String,
    pub model_title: String,
    pub model_digest: String,
    pub solver_status: String,
    pub n_units: usize,
    pub n_requests: usize,
    pub kpis: Vec<KpiRow>,
    pub plans: Vec<PlanView>,
    pub stocktake: Stocktake,
    /// Each type's text in the report's language (the stock-take is keyed by type).
    pub type_labels: BTreeMap<String, String>,
    /// Every decision grouped 必选 / 可选 / 不选 over the plans.
    pub choices: ChoicesView,
    /// With `--ranges`: each request's least and most grant within ε.
    pub ranges: Option<RangesView>,
    /// With `--diverse`: ε and the objective floor.
    pub diverse: Option<DiverseView>,
    /// With `--years`: the plan year by year (year 1 is plan 1).
    pub years: Option<YearsView>,
}

/// A written plan's §6 pattern (`plan::pattern_of`).
pub fn plan_pattern(plan: &Plan) -> Pattern {
    crate::plan::pattern_of(plan)
}

pub(super) fn unit_name(s: &Scenario, id: &str) -> String {
    s.unit(id).map(|u| u.name.clone()).unwrap_or_default()
}

fn pool_or_unit_name(s: &Scenario, id: &str) -> String {
    s.pool(id).map(|p| p.name.clone()).unwrap_or_else(|| unit_name(s, id))
}

/// The order requests not granted in full are listed in, wherever they are: highest
/// tier weight first, then the largest shortfall, then the request id. Each side is
/// (tier weight, shortfall, request id).
pub(super) fn shortfall_order(a: (f64, i64, &str), b: (f64, i64, &str)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2))
}

/// Tiers, highest weight first, then key.
pub fn tiers_by_weight(p: &Policy) -> Vec<(&String, &crate::policy::Tier)> {
    let mut tiers: Vec<_> = p.tiers.iter().collect();
    tiers.sort_by(|a, b| b.1.weight.total_cmp(&a.1.weight).then(a.0.cmp(b.0)));
    tiers
}

fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x:.2}")
    }
}

/// A move's row: names, amounts and its reason in `lang`. `before` is the state the
/// plan was given (its ledger still holds the grants a return comes from), `opened` the
/// state the plan started from once the returns are made (`horizon::ledger::opening`): a
/// return is explained on `before`, every other move on `opened`, as plans.json's
/// reasons are. Without a ledger they are the same scenario.
pub fn move_row(before: &Scenario, opened: &Scenario, p: &Policy, mv: &Move, t: &Labels, lang: Lang) -> MoveRow {
    let on = if matches!(mv, Move::Return { .. }) { before } else { opened };
    let reason = render_move_reason(on, p, &move_reason(on, p, mv), lang);
    let s = before;
    let none = String::new;
    let (kind_label, ty, from, to, request, grant, amount, released) = match mv {
        Move::Grant { ty, from, to, request, amount, .. } => (t.kind_grant, ty, from, to, request.clone(), none(), *amount, 0),
        Move::Reclaim { ty, from, to, amount, .. } => (t.kind_reclaim, ty, from, to, none(), none(), *amount, 0),
        Move::Merge { from, to, staff, released, .. } => (t.kind_merge, &String::new(), from, to, none(), none(), *staff, *released),
        Move::Absorb { ty, from, to, amount, .. } => (t.kind_absorb, ty, from, to, none(), none(), *amount, 0),
        Move::Return { ty, from, to, grant, amount, .. } => (t.kind_return, ty, from, to, none(), grant.clone(), *amount, 0),
    };
    MoveRow {
        kind: mv.kind(),
        kind_label,
        ty: if ty.is_empty() { String::new() } else { type_text(p, ty, lang) },
        from: from.clone(),
        from_name: pool_or_unit_name(s, from),
        to: to.clone(),
        to_name: pool_or_unit_name(s, to),
        request,
        grant,
        amount,
        released,
        reason,
    }
}

pub(super) fn type_text(p: &Policy, ty: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => p.type_label(ty).to_string(),
        Lang::En => ty.to_string(),
    }
}

pub(super) fn tier_text(p: &Policy, tier: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => p.tier_label(tier).to_string(),
        Lang::En => tier.to_string(),
    }
}

/// The moves of a plan grouped by kind, in the order a leader asks about them (the
/// ledger's returns first, as the plan makes them), each with its reason (see
/// [`move_row`] for `before` and `opened`).
pub fn move_groups(before: &Scenario, opened: &Scenario, p: &Policy, plan: &Plan, t: &'static Labels, lang: Lang) -> Vec<MoveGroup> {
    let mut groups = Vec::new();
    for (kind, title) in
        [("return", t.kind_return), ("grant", t.kind_grant), ("reclaim", t.kind_reclaim), ("merge", t.kind_merge), ("absorb", t.kind_absorb)]
    {
        let rows: Vec<MoveRow> = plan.moves.iter().filter(|m| m.kind() == kind).map(|m| move_row(before, opened, p, m, t, lang)).collect();
        if !rows.is_empty() {
            groups.push(MoveGroup { kind, title, total: rows.iter().map(|r| r.amount).sum(), rows });
        }
    }
    groups
}

/// The view of one plan. `plan1` is plan 1 (for what distinguishes this plan from it).
/// `s` is the scenario as given, `opened` the state the plan started from
/// (`horizon::ledger::opening` for year 1: the ledger's returns made, year 1's requests
/// only). Requests, why-nots, the comparison with plan 1 and every move but a return
/// are read on `opened`, as plans.json's words were made; returns and the quota
/// before the plan (the sector chart) on `s`, since the plan's lines and pools are
/// restated on the input.
pub fn plan_view(s: &Scenario, opened: &Scenario, p: &Policy, plan: &Plan, plan1: Option<&Plan>, lang: Lang) -> PlanView {
    let t = labels(lang);
    let state = PlanState::of(plan);
    // Plans 2…K are read against plan 1 (a request left out for an equivalent one names
    // it), in the same words as plans.json.
    let against = plan1.filter(|_| plan.rank != 1).map(|first| Alternative::of(opened, first, plan));
    // Requests, with why-not for those short.
    let granted: BTreeMap<&str, (i64, i64)> =
        plan.requests.iter().map(|r| (r.request.as_str(), (r.amount, r.granted))).collect();
    let requests: Vec<RequestRow> = opened
        .requests
        .iter()
        .map(|r| {
            let (amount, got) = granted.get(r.id.as_str()).copied().unwrap_or((r.amount, 0));
            let why_not = match (&against, got < amount) {
                (_, false) => String::new(),
                (Some(alt), true) => render_why_not(opened, p, &alt.why_not(opened, p, r, got), lang),
                (None, true) => render_why_not(opened, p, &state.why_not(opened, p, r, got), lang),
            };
            RequestRow {
                request: r.id.clone(),
                unit: r.unit.clone(),
                unit_name: unit_name(s, &r.unit),
                ty: type_text(p, &r.ty, lang),
                tier: tier_text(p, &r.tier, lang),
                amount,
                granted: got,
                stated: r.reason.clone(),
                why_not,
            }
        })
        .collect();
    let weight = |id: &str| s.request(id).map(|r| p.tier_weight(&r.tier)).unwrap_or(0.0);
    let mut shortfalls: Vec<RequestRow> = requests.iter().filter(|r| r.granted < r.amount).cloned().collect();
    shortfalls.sort_by(|a, b| {
        shortfall_order((weight(&a.request), a.amount - a.granted, &a.request), (weight(&b.request), b.amount - b.granted, &b.request))
    });

    let groups = move_groups(s, opened, p, plan, t, lang);

    let tier_bars: Vec<Bar> = tiers_by_weight(p)
        .into_iter()
        .map(|(key, _)| {
            let (mut asked, mut got) = (0, 0);
            for r in &plan.requests {
                if s.request(&r.request).is_some_and(|q| &q.tier == key) {
                    asked += r.amount;
                    got += r.granted;
                }
            }
            Bar { label: tier_text(p, key, lang), a: asked, b: got }
        })
        .collect();

    let pools: Vec<PoolRow> = plan
        .pools
        .iter()
        .map(|pc| PoolRow {
            pool: pc.pool.clone(),
            name: s.pool(&pc.pool).map(|x| x.name.clone()).unwrap_or_default(),
            ty: s.pool(&pc.pool).map(|x| type_text(p, &x.ty, lang)).unwrap_or_default(),
            before: pc.before,
            after: pc.after,
            reserve: p.reserve_of(&pc.pool),
        })
        .collect();
    let pool_bars = chart_pools(&pools);
    let sector_bars = sector_quota(s, plan);

    let units: Vec<UnitRow> = plan
        .units
        .iter()
        .map(|u| UnitRow {
            unit: u.unit.clone(),
            unit_name: unit_name(s, &u.unit),
            sector: s.unit(&u.unit).map(|x| x.sector.clone()).unwrap_or_default(),
            ty: type_text(p, &u.ty, lang),
            quota_before: u.quota_before,
            quota_after: u.quota_after,
            staff_before: u.staff_before,
            staff_after: u.staff_after,
        })
        .collect();

    // What plans.json's `differences` say: a tie first, then the pattern's differences
    // (what makes it a distinct plan), then absorbs.
    let differences = match plan1 {
        Some(first) if plan.rank != 1 => {
            alternative_differences(opened, first, plan).iter().map(|d| render_difference(opened, d, lang)).collect()
        }
        _ => Vec::new(),
    };
    let mut headline = headline(plan, &requests, lang);
    if let Some(note) = returns_sentence(plan, lang) {
        headline.push_str(&note);
    }
    if let Some(note) = reclaim_concentration(s, plan, lang) {
        headline.push_str(&note);
    }
    if plan.rank > 1 {
        headline.push_str(&comparison_sentence(plan, lang));
    }
    PlanView {
        rank: plan.rank,
        objective: plan.objective,
        status: plan.status.clone(),
        gap_percent: plan.gap.map(|g| g * 100.0),
        gap_to_best: plan.objective_gap_to_best,
        gap_text: gap_text(plan.objective_gap_to_best),
        distances: plan.distance.iter().enumerate().map(|(i, &n)| Distance { plan: i + 1, n }).collect(),
        distance_bound: plan.distance_bound,
        headline,
        pool_bars,
        tier_bars,
        sector_bars,
        moves: plan.moves.len(),
        groups,
        shortfalls,
        requests,
        differences,
        units,
        pools,
    }
}

/// Pools for the chart: all of them up to 12; above that the 12 with the largest change
/// (a province has thousands of pools; the workbook lists them all).
const CHART_BARS: usize = 12;

fn chart_pools(pools: &[PoolRow]) -> Vec<Bar> {
    let mut shown: Vec<&PoolRow> = pools.iter().collect();
    if shown.len() > CHART_BARS {
        shown.sort_by(|a, b| (b.after - b.before).abs().cmp(&(a.after - a.before).abs()).then(a.pool.cmp(&b.pool)));
        shown.truncate(CHART_BARS);
    }
    shown.iter().map(|r| Bar { label: if r.name.is_empty() { r.pool.clone() } else { r.name.clone() }, a: r.before, b: r.after }).collect()
}

/// Quota per sector before and after the plan (all types together); above 12 sectors,
/// the 12 largest before.
fn sector_quota(s: &Scenario, plan: &Plan) -> Vec<Bar> {
    let mut sectors: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for u in &s.units {
        let quota = s.total_quota(&u.id);
        let e = sectors.entry(u.sector.as_str()).or_default();
        e.0 += quota;
        e.1 += quota;
    }
    for u in &plan.units {
        let sec = s.unit(&u.unit).map(|x| x.sector.as_str()).unwrap_or("");
        sectors.entry(sec).or_default().1 += u.quota_after - u.quota_before;
    }
    let mut bars: Vec<Bar> = sectors.into_iter().map(|(k, (a, b))| Bar { label: k.to_string(), a, b }).collect();
    if bars.len() > CHART_BARS {
        bars.sort_by(|x, y| y.a.cmp(&x.a).then(x.label.cmp(&y.label)));
        bars.truncate(CHART_BARS);
    }
    bars
}

fn headline(plan: &Plan, requests: &[RequestRow], lang: Lang) -> String {
    let term = |k: &str| plan.terms.get(k).copied().unwrap_or(0);
    let asked: i64 = requests.iter().map(|r| r.amount).sum();
    let granted: i64 = requests.iter().map(|r| r.granted).sum();
    let funded = requests.iter().filter(|r| r.granted > 0).count();
    let rate = if asked > 0 { pct(granted as f64 / asked as f64) } else { "-".into() };
    match lang {
        Lang::Zh => format!(
            "调剂编制{granted}名（申请{asked}名，满足率{rate}），{funded}/{}项需求获调剂；收回空编{}名（{}个单位），整合{}个单位、释放编制{}名，消化超编{}人。",
            requests.len(),
            term("reclaimed"),
            term("donor_units"),
            term("merges"),
            term("released"),
            term("absorbed"),
        ),
        Lang::En => format!(
            "{granted} posts granted of {asked} asked ({rate}), {funded} of {} requests funded; {} vacant posts reclaimed from {} units, {} units merged releasing {}, {} overstaffed absorbed.",
            requests.len(),
            term("reclaimed"),
            term("donor_units"),
            term("merges"),
            term("released"),
            term("absorbed"),
        ),
    }
}

/// The ledger's returns in one sentence, when the plan makes any: they are not decisions
/// but they change what the pools hold, so a leader reads them with the figures.
fn returns_sentence(plan: &Plan, lang: Lang) -> Option<String> {
    let (mut n, mut amount) = (0, 0);
    for m in &plan.moves {
        if let Move::Return { amount: a, .. } = m {
            n += 1;
            amount += a;
        }
    }
    (n > 0).then(|| match lang {
        Lang::Zh => format!("周转编制到期收回{amount}名（{n}笔）。"),
        Lang::En => format!(" {amount} posts return from the revolving-grant ledger ({n} grant{}).", if n == 1 { "" } else { "s" }),
    })
}

/// A donor giving more than this share of all reclaimed quota is named in the headline.
const CONCENTRATED: f64 = 0.5;
/// ... when at least this much is reclaimed in all.
const MIN_CONCENTRATED_TOTAL: i64 = 10;

/// When most reclaimed quota comes from one unit (the objective rewards few donors),
/// the headline says so plainly, so a leader sees it before asking.
fn reclaim_concentration(s: &Scenario, plan: &Plan, lang: Lang) -> Option<String> {
    let mut by_unit: BTreeMap<&str, i64> = BTreeMap::new();
    for m in &plan.moves {
        if let Move::Reclaim { from, amount, .. } = m {
            *by_unit.entry(from.as_str()).or_default() += amount;
        }
    }
    let total: i64 = by_unit.values().sum();
    // Largest first; the smaller id on a tie.
    let (unit, most) = by_unit.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
    let share = *most as f64 / total as f64;
    // A handful of posts from one unit is not worth a sentence.
    if total < MIN_CONCENTRATED_TOTAL || share <= CONCENTRATED {
        return None;
    }
    let name = s.unit(unit).map(|u| u.name.as_str()).unwrap_or(unit);
    Some(match lang {
        Lang::Zh => format!("收回空编集中于{name}（{unit}）一家：{most}名，占收回总数的{}。", pct(share)),
        Lang::En => format!(" Reclaim is concentrated on one unit, {name} ({unit}): {most}, {} of all reclaimed.", pct(share)),
    })
}

fn kpi(key: String, label: String, figure: Figure, values: Vec<f64>) -> KpiRow {
    let cells = values
        .iter()
        .map(|v| match figure {
            Figure::Count => number(*v),
            Figure::Share => {
                if v.is_nan() {
                    "-".into()
                } else {
                    pct(*v)
                }
            }
        })
        .collect();
    KpiRow { key, label, figure, values, cells }
}

/// The cover's comparison: objective, per tier amount granted and rate, requests funded,
/// the terms, and each pool's balance after (at most 12 pools: the workbook has them all).
fn kpis(s: &Scenario, p: &Policy, doc: &PlansDoc, lang: Lang) -> Vec<KpiRow> {
    let t = labels(lang);
    let mut rows = vec![kpi("objective".into(), t.objective.into(), Figure::Count, doc.plans.iter().map(|pl| pl.objective).collect())];
    let tier_of: BTreeMap<&str, &str> = s.requests.iter().map(|r| (r.id.as_str(), r.tier.as_str())).collect();
    for (key, _) in tiers_by_weight(p) {
        let mut granted = Vec::new();
        let mut rate = Vec::new();
        for pl in &doc.plans {
            let (mut a, mut g) = (0, 0);
            for r in pl.requests.iter().filter(|r| tier_of.get(r.request.as_str()) == Some(&key.as_str())) {
                a += r.amount;
                g += r.granted;
            }
            granted.push(g as f64);
            rate.push(if a > 0 { g as f64 / a as f64 } else { f64::NAN });
        }
        let tier = tier_text(p, key, lang);
        let (lg, lr) = match lang {
            Lang::Zh => (format!("{tier}{}", t.funded), format!("{tier}{}", t.rate)),
            Lang::En => (format!("{tier} {}", t.funded), format!("{tier} {}", t.rate)),
        };
        rows.push(kpi(format!("fulfilled.{key}"), lg, Figure::Count, granted));
        rows.push(kpi(format!("rate.{key}"), lr, Figure::Share, rate));
    }
    rows.push(kpi(
        "requests_funded".into(),
        t.requests_funded.into(),
        Figure::Count,
        doc.plans.iter().map(|pl| pl.requests.iter().filter(|r| r.granted > 0).count() as f64).collect(),
    ));
    for (key, label) in [
        ("reclaimed", t.reclaimed),
        ("donor_units", t.donor_units),
        ("merges", t.merges),
        ("released", t.released),
        ("absorbed", t.absorbed),
        ("staff_moved", t.staff_moved),
    ] {
        rows.push(kpi(key.into(), label.into(), Figure::Count, doc.plans.iter().map(|pl| pl.terms.get(key).copied().unwrap_or(0) as f64).collect()));
    }
    // Alternatives side by side: how far below plan 1 each is, and how different.
    if doc.plans.len() > 1 {
        let mut gap = kpi("gap_to_best".into(), t.gap_to_best.into(), Figure::Share, doc.plans.iter().map(|pl| pl.objective_gap_to_best).collect());
        gap.cells = doc.plans.iter().map(|pl| gap_text(pl.objective_gap_to_best)).collect();
        rows.push(gap);
        let to_plan1 = doc.plans.iter().map(|pl| pl.distance.first().copied().unwrap_or(0) as f64).collect();
        rows.push(kpi("distance.1".into(), t.distance_to_plan1.into(), Figure::Count, to_plan1));
    }
    // Pools: all up to 12, else the 12 that change most in any plan (|after − before|).
    let changes: Vec<BTreeMap<&str, &crate::domain::PoolChange>> =
        doc.plans.iter().map(|pl| pl.pools.iter().map(|pc| (pc.pool.as_str(), pc)).collect()).collect();
    let mut pool_ids: Vec<&str> = s.pools.iter().map(|pl| pl.id.as_str()).collect();
    if pool_ids.len() > CHART_BARS {
        let spread = |id: &str| changes.iter().filter_map(|c| c.get(id)).map(|pc| (pc.after - pc.before).abs()).max().unwrap_or(0);
        let mut scored: Vec<(i64, &str)> = pool_ids.iter().map(|id| (spread(id), *id)).collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        pool_ids = scored.into_iter().take(CHART_BARS).map(|(_, id)| id).collect();
    }
    for id in pool_ids {
        let name = s.pool(id).map(|pl| pl.name.as_str()).unwrap_or(id);
        let label = match lang {
            Lang::Zh => format!("{name}{}", t.pool_after),
            Lang::En => format!("{name} {}", t.pool_after),
        };
        let values = changes.iter().map(|c| c.get(id).map(|pc| pc.after as f64).unwrap_or(f64::NAN)).collect();
        rows.push(kpi(format!("pool.{id}"), label, Figure::Count, values));
    }
    rows
}

/// The report of a document, which the caller has checked against `s` and `p`.
pub fn build_report(s: &Scenario, p: &Policy, doc: &PlansDoc, lang: Lang) -> Report {
    // The state the plans started from: the ledger's returns at `as_of` made, year 1's
    // requests only (the scenario itself without a ledger or later years).
    let open = crate::horizon::ledger::opening(s, p, 1);
    let opened = &open.scenario;
    Report {
        t: labels(lang),
        scenario: doc.scenario.name.clone(),
        as_of: s.as_of.clone(),
        input_digest: doc.scenario.input_digest.clone(),
        model: doc.model.name.clone(),
        model_title: p.title.clone(),
        model_digest: doc.model.digest.clone(),
        solver_status: doc.solver.status.clone(),
        n_units: s.units.len(),
        n_requests: s.requests.len(),
        kpis: kpis(s, p, doc, lang),
        plans: doc.plans.iter().map(|pl| plan_view(s, opened, p, pl, doc.plans.first(), lang)).collect(),
        stocktake: stocktake(s, p),
        type_labels: p.types.keys().map(|k| (k.clone(), type_text(p, k, lang))).collect(),
        choices: choices_view(opened, p, doc, lang),
        years: doc.years.as_deref().map(|y| years_view(s, p, y, lang, true)),
        ranges: doc.ranges.as_deref().map(|r| ranges_view(s, p, r, lang)),
        diverse: diverse_view(doc),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::short_and_overstaffed;
    use crate::search::solve_ranked;
    use crate::solve::SolveOptions;

    #[test]
    fn the_view_of_a_plan_carries_moves_with_reasons_and_shortfalls_with_why_not() {
        let (s, p) = short_and_overstaffed();
        let ranked = solve_ranked(&s, &p, 1, &SolveOptions::default()).expect("solves");
        let r = build_report(&s, &p, &ranked.doc, Lang::Zh);
        assert_eq!(r.plans.len(), 1);
        let v = &r.plans[0];
        let grants = v.groups.iter().find(|g| g.kind == "grant").expect("a grant group");
        assert_eq!(grants.total, 3);
        assert_eq!(grants.rows[0].reason, "保重点：申请5名，从池POOL-MUNI调剂3名");
        assert_eq!(v.shortfalls.iter().map(|r| r.request.as_str()).collect::<Vec<_>>(), ["R1", "R2"]);
        assert_eq!(v.shortfalls[1].why_not, "单位事业编制超编2名，只出不进 (overstaffed units only give)");
        // Chinese reasons in the view are the ones plans.json carries.
        let json_reasons: Vec<&str> = ranked.doc.plans[0].moves.iter().map(|m| match m {
            Move::Grant { reason, .. } | Move::Reclaim { reason, .. } | Move::Merge { reason, .. } | Move::Absorb { reason, .. } | Move::Return { reason, .. } => reason.as_str(),
        }).collect();
        let view_reasons: Vec<&str> = v.groups.iter().flat_map(|g| g.rows.iter().map(|r| r.reason.as_str())).collect();
        assert_eq!(json_reasons.len(), view_reasons.len());
        for reason in json_reasons {
            assert!(view_reasons.contains(&reason), "{reason}");
        }
        let objective = r.kpis.iter().find(|k| k.key == "objective").expect("objective row");
        assert_eq!(objective.values, vec![ranked.doc.plans[0].objective]);
        let rate = r.kpis.iter().find(|k| k.key == "rate.key").expect("rate row");
        assert_eq!(rate.cells, vec!["42.9%"], "3 of 7 asked");
        let en = build_report(&s, &p, &ranked.doc, Lang::En);
        assert_eq!(en.plans[0].shortfalls[1].why_not, "the unit is 2 over its institution quota: overstaffed units only give");
        assert!(en.plans[0].headline.starts_with("3 posts granted of 7 asked"), "{}", en.plans[0].headline);
    }

    /// Every reason and why-not of the view, in Chinese, against plans.json's.
    fn assert_words_of_plans_json(view: &PlanView, plan: &Plan) {
        let json: Vec<&str> = plan.moves.iter().map(|m| match m {
            Move::Grant { reason, .. } | Move::Reclaim { reason, .. } | Move::Merge { reason, .. } | Move::Absorb { reason, .. } | Move::Return { reason, .. } => reason.as_str(),
        }).collect();
        let mut shown: Vec<&str> = view.groups.iter().flat_map(|g| g.rows.iter().map(|r| r.reason.as_str())).collect();
        let mut json_sorted = json.clone();
        json_sorted.sort_unstable();
        shown.sort_unstable();
        assert_eq!(shown, json_sorted, "plan {}", plan.rank);
        for out in &plan.requests {
            let row = view.requests.iter().find(|r| r.request == out.request).expect("every request of the plan is listed");
            assert_eq!(row.why_not, out.why_not.clone().unwrap_or_default(), "{}", out.request);
        }
        assert_eq!(view.requests.len(), plan.requests.len(), "the plan's requests, no others");
    }

    #[test]
    fn with_a_ledger_moves_and_why_nots_are_read_on_the_state_the_plan_started_from() {
        let (s, p) = crate::analyze::tests::with_ledger();
        let ranked = solve_ranked(&s, &p, 2, &SolveOptions::default()).expect("solves");
        let r = build_report(&s, &p, &ranked.doc, Lang::Zh);
        for (view, plan) in r.plans.iter().zip(&ranked.doc.plans) {
            assert_words_of_plans_json(view, plan);
        }
        let v = &r.plans[0];
        assert_eq!(v.groups[0].kind, "return", "the ledger's returns come first");
        let returns: Vec<(&str, i64)> = v.groups[0].rows.iter().map(|m| (m.grant.as_str(), m.amount)).collect();
        assert_eq!(returns, [("G1", 3), ("G2", 3), ("G4", 2)]);
        assert!(v.groups[0].rows.iter().all(|m| m.request.is_empty()), "a return funds no request");
        // U1 holds its quota on the input; once G1 returns it is 3 over and only gives.
        let r1 = v.requests.iter().find(|q| q.request == "R1").expect("R1");
        assert!(r1.why_not.contains("超编3名"), "{}", r1.why_not);
        // U5 has 5 vacant on the input, 3 once G4's unused 2 return.
        let reclaim = v.groups.iter().find(|g| g.kind == "reclaim").expect("a reclaim").rows.iter().find(|m| m.from == "U5").expect("from U5");
        assert!(reclaim.reason.starts_with("事业编制空编3名"), "{}", reclaim.reason);
        assert!(v.headline.contains("周转编制到期收回8名（3笔）"), "{}", v.headline);
        // The sector chart starts from the quota as given.
        assert_eq!(v.sector_bars[0].a, s.lines.iter().map(|l| l.quota).sum::<i64>());
        let en = build_report(&s, &p, &ranked.doc, Lang::En);
        assert!(en.plans[0].groups[0].rows[0].reason.contains("has passed its 24-month term"), "{}", en.plans[0].groups[0].rows[0].reason);
    }
}
