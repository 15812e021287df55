//! The rule catalogue: one identity per rule of DESIGN §6 (and its extensions), with
//! every spelling the layers use for it — the model's row-name stem, the code a plan
//! or `verify` writes for it, the policy key that sets it, whether the elastic model
//! may relax it, and one sentence in Chinese and English. Every rule a move follows
//! (`reclaim`, `grant.<tier>`, …) and every code `verify` reports is a variant here,
//! and those layers write them only through [`Rule`]. A new rule is one entry of the
//! list given to `rules!`: the macro declares the variant, its place in [`Rule::ALL`]
//! and its [`RuleInfo`] together, and the struct literal makes the compiler ask for
//! each spelling; [`Relaxation`] asks for its infeasibility wording when it may give way.

/// Ids in row and column names: `[A-Za-z0-9_.-]` kept, anything else written as
/// `~hex~` so names stay ASCII (valid MPS) and distinct ids stay distinct.
pub fn name_part(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') {
            out.push(c);
        } else {
            out.push_str(&format!("~{:x}~", c as u32));
        }
    }
    out
}

/// Who writes a rule's code, and so where a reader meets it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// `verify`, as the rule of a violation, when a plan or document breaks the rule.
    Violation,
    /// The planner, as the `rule` of the moves that follow it (DESIGN §7: plans.json
    /// carries it; `grant` is written `grant.<tier>`).
    Move,
    /// Nowhere but here: the rule is a row of the model or of the ranked search that
    /// no plan can break on its own (`verify` recomputes what it would say, and a plan
    /// that reports otherwise breaks a `report.*` rule instead).
    Nowhere,
}

/// Every spelling of one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// The rule's code, e.g. `merge.max`: what `verify` reports, or what a move says it
    /// follows (see `written`). Variants checking one rule from different sides may
    /// share a code.
    pub code: &'static str,
    /// Who writes `code`.
    pub written: Written,
    /// Stem of the model's row names (`merge-max`, `pool-reserve` → `pool-reserve-POOL-MUNI`);
    /// `None` when the model states the rule through variable bounds or eligibility alone.
    pub row: Option<&'static str>,
    /// Whether the elastic model may relax it to explain an infeasibility.
    pub relaxable: bool,
    /// The policy key or input column that sets it, if any.
    pub key: Option<&'static str>,
    pub zh: &'static str,
    pub en: &'static str,
}

/// Declares [`Rule`], [`Rule::ALL`] and [`Rule::info`] from one list, so the list of all
/// rules is the enum itself: a variant cannot be declared and left out of `ALL`, nor
/// declared without every field of its [`RuleInfo`].
macro_rules! rules {
    ($($rule:ident { $($field:ident: $value:expr),* $(,)? })*) => {
        /// One rule. Several rows may check one rule from different sides, so several
        /// variants may share a code; row stems are unique.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($rule,)*
        }

        impl Rule {
            /// Every rule, in the order declared.
            pub const ALL: &'static [Rule] = &[$(Rule::$rule),*];

            /// Every spelling of this rule.
            pub const fn info(self) -> RuleInfo {
                match self {
                    $(Rule::$rule => RuleInfo { $($field: $value),* },)*
                }
            }
        }
    };
}

rules! {
    // reclaim (收回空编)
    ReclaimVacancy {
        code: "reclaim", written: Written::Move, row: None, relaxable: false,
        key: Some("reclaim.into"),
        zh: "收回空编：单位的空余编制收回周转池",
        en: "a reclaim: a unit gives vacant quota back to a pool",
    }
    ReclaimLimit {
        code: "reclaim.limit", written: Written::Violation, row: None, relaxable: false,
        key: Some("reclaim.keep_vacant, reclaim.max_share"),
        zh: "收回数不超过空编减须保留数，也不超过空编的规定比例",
        en: "a reclaim takes at most the vacancy less keep_vacant, and at most max_share of it",
    }
    ReclaimPool {
        code: "reclaim.pool", written: Written::Violation, row: None, relaxable: false,
        key: Some("reclaim.into"),
        zh: "收回的空编进入本地区的收回池，本地区没有时进入 reclaim.into 指定的周转池",
        en: "reclaimed quota goes to the region's collecting pool, else to the reclaim.into pool of its type",
    }
    ReclaimProtected {
        code: "reclaim.protected", written: Written::Violation, row: None, relaxable: false,
        key: Some("units.protected"),
        zh: "受保护单位不收回编制",
        en: "a protected unit gives no quota",
    }
    ReclaimRequesting {
        code: "reclaim.requesting", written: Written::Violation, row: None, relaxable: false,
        key: None,
        zh: "有同类型用编申请的单位不收回该类型空编",
        en: "a unit with a request of a type gives nothing in that type",
    }
    ReclaimMerged {
        code: "reclaim.merged", written: Written::Violation, row: None, relaxable: false,
        key: None,
        zh: "被撤并单位不收回空编，其空余编制随撤并释放",
        en: "a merged unit is not reclaimed from: its idle quota is released by the merge",
    }
    ReclaimReceiving {
        code: "reclaim.receiving", written: Written::Violation, row: None, relaxable: false,
        key: None,
        zh: "在某类型接收编制（调剂、分流或承接撤并）的单位不在该类型收回",
        en: "a unit that receives in a type (grant, absorbed staff, a merge) gives nothing in it",
    }
    Donor {
        code: "reclaim.donor", written: Written::Nowhere, row: Some("reclaim-donor"), relaxable: false,
        key: Some("weights.donor_units"),
        zh: "收回了空编的单位计为收回单位，未收回的不计（rows -upper and -lower）",
        en: "a unit counts as a donor exactly when it gives quota (rows -upper and -lower)",
    }
    // merge (整合 / 撤并)
    ConsolidationSmall {
        code: "consolidation.small", written: Written::Move, row: None, relaxable: false,
        key: Some("consolidation.max_quota"),
        zh: "撤并小散弱单位（编制总数不超过 max_quota），人员和编制并入承接单位",
        en: "a small unit (total quota at most max_quota) merges into a host with its staff",
    }
    ConsolidationVanished {
        code: "consolidation.vanished", written: Written::Move, row: None, relaxable: false,
        key: Some("consolidation.vanished_must_merge"),
        zh: "撤并职能消失的单位，人员和编制并入承接单位",
        en: "a unit whose function has vanished merges into a host with its staff",
    }
    MergeEligible {
        code: "merge.eligible", written: Written::Violation, row: None, relaxable: false,
        key: Some("consolidation.max_quota"),
        zh: "只有小散弱（编制总数不超过 max_quota）或职能消失的单位可以撤并",
        en: "only small units (total quota at most max_quota) and vanished units are merged",
    }
    MergeKind {
        code: "merge.kind", written: Written::Violation, row: None, relaxable: false,
        key: Some("consolidation.kinds"),
        zh: "撤并单位和承接单位都须是可整合的单位类型",
        en: "the merged unit and its host are of a kind that consolidation.kinds names",
    }
    MergeProtected {
        code: "merge.protected", written: Written::Violation, row: None, relaxable: false,
        key: Some("units.protected"),
        zh: "受保护单位不撤并",
        en: "a protected unit is never merged",
    }
    MergeGroup {
        code: "merge.group", written: Written::Violation, row: None, relaxable: false,
        key: Some("consolidation.same_parent, consolidation.same_sector"),
        zh: "撤并在同一主管部门、同系统、同层级、同地区内进行",
        en: "a host has the same supervising unit and sector (as the model says), level and region",
    }
    MergePool {
        code: "merge.pool", written: Written::Violation, row: None, relaxable: false,
        key: Some("reclaim.into"),
        zh: "撤并释放的空余编制须有周转池接收",
        en: "quota a merge releases must have a pool to go to",
    }
    MergeOnce {
        code: "merge.twice", written: Written::Violation, row: Some("merge-once"), relaxable: false,
        key: None,
        zh: "一个单位至多并入一个单位",
        en: "a unit merges into one host at most",
    }
    MergeHost {
        code: "merge.host", written: Written::Violation, row: Some("merge-host"), relaxable: false,
        key: Some("receiving.overstaffed_may_receive"),
        zh: "承接单位不是被撤并单位本身、未超编、本身不被撤并",
        en: "a host is another unit, not overstaffed and not merged itself",
    }
    MergeVanished {
        code: "merge.vanished", written: Written::Violation, row: Some("merge-vanished"), relaxable: true,
        key: Some("consolidation.vanished_must_merge"),
        zh: "职能消失的单位须撤并",
        en: "every vanished unit of an eligible kind is merged",
    }
    MergeMax {
        code: "merge.max", written: Written::Violation, row: Some("merge-max"), relaxable: true,
        key: Some("consolidation.max_merges"),
        zh: "撤并总数不超过上限（含须撤并的职能消失单位）",
        en: "merges in all, forced ones included, stay within max_merges",
    }
    MergeMaxRegion {
        code: "merge.max_region", written: Written::Violation, row: Some("merge-max-region"), relaxable: true,
        key: Some("consolidation.max_merges_per_region"),
        zh: "每个地区的撤并数不超过本地区上限（含须撤并的职能消失单位）",
        en: "merges of one region's units, forced ones included, stay within max_merges_per_region",
    }
    MergeReceiving {
        code: "reclaim.receiving", written: Written::Violation, row: Some("merge-receiving"), relaxable: false,
        key: None,
        zh: "承接撤并的单位在带入的编制类型上不再收回",
        en: "a host gives nothing in the types a merge brings it",
    }
    MergeIsolated {
        code: "merge.isolated", written: Written::Violation, row: Some("merge-isolated"), relaxable: false,
        key: None,
        zh: "被撤并单位不再另行收回、接收或申请编制",
        en: "a merged unit gives, receives and requests nothing else",
    }
    // absorb (消化超编)
    AbsorbExcess {
        code: "absorb", written: Written::Move, row: None, relaxable: false,
        key: None,
        zh: "消化超编：超编单位的超编人员分流到同类型、同系统、同层级、同地区有空编的单位",
        en: "staff over quota move to a unit of the same type, sector, level and region with room",
    }
    AbsorbHub {
        code: "absorb.group", written: Written::Violation, row: Some("absorb-hub"), relaxable: false,
        key: None,
        zh: "消化超编在同类型、同系统、同层级、同地区内进行",
        en: "absorbed staff move within one type, sector, level and region",
    }
    AbsorbLimit {
        code: "absorb.limit", written: Written::Violation, row: None, relaxable: false,
        key: None,
        zh: "分流人数不超过超编人数",
        en: "an overstaffed unit sends at most its excess",
    }
    AbsorbSender {
        code: "absorb.sender", written: Written::Violation, row: None, relaxable: false,
        key: None,
        zh: "只有在该类型超编的单位分流人员",
        en: "only a unit overstaffed in the type sends staff out",
    }
    AbsorbReceiver {
        code: "absorb.receiver", written: Written::Violation, row: None, relaxable: false,
        key: None,
        zh: "接收分流的单位是另一单位，在该类型未超编",
        en: "a receiver is another unit, not overstaffed in the type",
    }
    AbsorbIndicator {
        code: "absorb.capacity", written: Written::Violation, row: Some("absorb-indicator"), relaxable: false,
        key: None,
        zh: "只有标记为接收的单位才接收分流人员",
        en: "only a unit marked as receiving takes absorbed staff",
    }
    AbsorbCapacity {
        code: "absorb.capacity", written: Written::Violation, row: Some("absorb-capacity"), relaxable: false,
        key: None,
        zh: "接收分流的单位调整后实有人数不超过编制数",
        en: "a receiver ends with staff at most its quota in the type",
    }
    AbsorbReceiverGives {
        code: "reclaim.receiving", written: Written::Violation, row: Some("absorb-receiver-gives"), relaxable: false,
        key: None,
        zh: "接收分流的单位在该类型不再收回",
        en: "a receiver gives nothing in the type",
    }
    AbsorbMerged {
        code: "absorb.receiver", written: Written::Violation, row: Some("absorb-merged"), relaxable: false,
        key: None,
        zh: "被撤并单位不接收分流人员",
        en: "a merged unit takes no absorbed staff",
    }
    AbsorbSenderMerged {
        code: "absorb.sender", written: Written::Violation, row: Some("absorb-sender-merged"), relaxable: false,
        key: None,
        zh: "被撤并单位的人员随撤并转隶，不另行分流",
        en: "a merged unit's staff move with the merge, not by absorb",
    }
    AbsorbSenderReceives {
        code: "absorb.receiving", written: Written::Violation, row: Some("absorb-sender-receives"), relaxable: false,
        key: None,
        zh: "在该类型接收编制的单位不再分流人员",
        en: "a unit that receives in a type sends no staff out in it",
    }
    // grant (调剂)
    GrantTier {
        code: "grant", written: Written::Move, row: None, relaxable: false,
        key: Some("tiers"),
        zh: "按申请的保障等级调剂周转编制（调整的规则写作 grant.等级）",
        en: "a grant funds a request at its tier (the move's rule is grant.<tier>)",
    }
    GrantRequest {
        code: "grant.request", written: Written::Violation, row: None, relaxable: false,
        key: None,
        zh: "调剂给申请单位本身",
        en: "a grant goes to the unit that made the request",
    }
    GrantType {
        code: "grant.type", written: Written::Violation, row: None, relaxable: false,
        key: None,
        zh: "周转池与申请的编制类型相同",
        en: "a pool lends quota of its own type only",
    }
    GrantSector {
        code: "grant.sector", written: Written::Violation, row: None, relaxable: false,
        key: Some("pools.sectors"),
        zh: "周转池只向其适用系统调剂",
        en: "a pool lends only to the sectors it serves",
    }
    GrantRegion {
        code: "grant.region", written: Written::Violation, row: None, relaxable: false,
        key: Some("pools.region"),
        zh: "地区周转池只向本地区单位调剂",
        en: "a regional pool lends only inside its region",
    }
    GrantOverstaffed {
        code: "grant.overstaffed", written: Written::Violation, row: None, relaxable: false,
        key: Some("receiving.overstaffed_may_receive"),
        zh: "超编单位只出不进",
        en: "an overstaffed unit receives nothing in the type",
    }
    GrantRange {
        code: "grant.range", written: Written::Violation, row: Some("grant-range"), relaxable: false,
        key: Some("requests.min, requests.amount"),
        zh: "调剂数为0，或不低于最低数且不超过申请数（rows -lower and -upper）",
        en: "a request gets 0, or between its min and its amount (rows -lower and -upper)",
    }
    GrantPerUnit {
        code: "grant.per_unit", written: Written::Violation, row: Some("grant-per-unit"), relaxable: false,
        key: Some("pools.per_unit_max"),
        zh: "同一周转池给一个单位的调剂不超过单位上限",
        en: "one pool grants one unit at most its per_unit_max",
    }
    GrantMerged {
        code: "grant.merged", written: Written::Violation, row: Some("grant-merged"), relaxable: false,
        key: None,
        zh: "被撤并单位的申请不再调剂",
        en: "a merged unit's requests are not funded",
    }
    // pools and the whole
    PoolReserve {
        code: "pool.reserve", written: Written::Violation, row: Some("pool-reserve"), relaxable: true,
        key: Some("reserve.min_available"),
        zh: "周转池调剂后保留不少于蓄水池下限",
        en: "a pool keeps at least its reserve after the plan",
    }
    ConservationQuota {
        code: "conservation.quota", written: Written::Violation, row: None, relaxable: false,
        key: None,
        zh: "每类编制的核定编制与周转池余量之和保持不变",
        en: "per type, quota plus pool balances is the same before and after",
    }
    ConservationStaff {
        code: "conservation.staff", written: Written::Violation, row: None, relaxable: false,
        key: None,
        zh: "在岗人员只随撤并和分流转移，不减少",
        en: "staff only move with merges and absorbs; nobody in post loses a post",
    }
    StateNegative {
        code: "state.negative", written: Written::Violation, row: None, relaxable: false,
        key: None,
        zh: "编制、人员和周转池余量不为负",
        en: "no quota, staff or pool balance goes negative",
    }
    // every move: what it names and moves
    MoveUnknown {
        code: "move.unknown", written: Written::Violation, row: None, relaxable: false,
        key: None,
        zh: "调整只涉及场景中的单位、周转池、申请和模型中的编制类型",
        en: "a move names only units, pools and requests of the scenario and types of the model",
    }
    MoveAmount {
        code: "move.amount", written: Written::Violation, row: None, relaxable: false,
        key: None,
        zh: "每项调整的数额至少为1",
        en: "every move moves at least 1",
    }
    // what a plan reports, against what its moves give
    ReportTerms {
        code: "report.terms", written: Written::Violation, row: None, relaxable: false,
        key: None,
        zh: "方案列出的目标分项与其调整的计算结果一致",
        en: "a plan's terms are what its moves give",
    }
    ReportObjective {
        code: "report.objective", written: Written::Violation, row: None, relaxable: false,
        key: Some("weights, tiers"),
        zh: "方案的目标值与其调整的计算结果一致",
        en: "a plan's objective is what its moves give under the model's weights",
    }
    ReportUnits {
        code: "report.units", written: Written::Violation, row: None, relaxable: false,
        key: None,
        zh: "方案列出的单位编制和人员变化与其调整的计算结果一致",
        en: "a plan's changed lines are what its moves leave",
    }
    ReportPools {
        code: "report.pools", written: Written::Violation, row: None, relaxable: false,
        key: None,
        zh: "方案列出的周转池余量与其调整的计算结果一致",
        en: "a plan's pool balances are what its moves leave",
    }
    ReportRequests {
        code: "report.requests", written: Written::Violation, row: None, relaxable: false,
        key: None,
        zh: "方案列出的申请为场景的申请，调剂数为其调整所给",
        en: "a plan's requests are the scenario's, each granted what its moves grant",
    }
    ReportMerge {
        code: "report.merge", written: Written::Violation, row: None, relaxable: false,
        key: None,
        zh: "撤并调整列出的转隶人数和释放编制与被撤并单位的编制一致",
        en: "a merge move's staff and released are what the merged unit's lines give",
    }
    // the document around the plans (DESIGN §7)
    DocumentFormat {
        code: "document.format", written: Written::Violation, row: None, relaxable: false,
        key: None,
        zh: "方案文件为本程序写出的方案格式",
        en: "the document is in the plans format this program writes",
    }
    DocumentScenario {
        code: "document.scenario", written: Written::Violation, row: None, relaxable: false,
        key: None,
        zh: "方案据以编制的输入与所核对的场景相同（摘要一致）",
        en: "the plans were made from the scenario they are checked on (same digest)",
    }
    DocumentModel {
        code: "document.model", written: Written::Violation, row: None, relaxable: false,
        key: None,
        zh: "方案据以编制的政策模型与所核对的模型相同（摘要一致）",
        en: "the plans were made with the model they are checked with (same digest)",
    }
    // ranked plans and alternatives (DESIGN §12)
    RankExclude {
        code: "rank.exclude", written: Written::Nowhere, row: Some("rank-exclude"), relaxable: false,
        key: None,
        zh: "备选方案的模式与此前各方案不同",
        en: "a ranked plan's pattern differs from every earlier plan's",
    }
    RankDiverse {
        code: "rank.diverse", written: Written::Violation, row: Some("rank-diverse"), relaxable: false,
        key: None,
        zh: "备选方案的目标值不低于方案1的 (1 − ε) 倍",
        en: "an alternative's objective is within ε of plan 1's",
    }
    RankTie {
        code: "rank.tie", written: Written::Nowhere, row: Some("rank-tie"), relaxable: false,
        key: None,
        zh: "同分方案中取与此前方案差别最大者，目标值不变",
        en: "among plans of equal objective the one farthest from earlier plans, objective unchanged",
    }
    PlanDistance {
        code: "plan.distance", written: Written::Violation, row: None, relaxable: false,
        key: None,
        zh: "方案列出的与此前各方案的差别数与其调整的计算结果一致",
        en: "a plan's distance to each earlier plan is what the moves give",
    }
    // the revolving ledger and the years (DESIGN §14)
    LedgerUnused {
        code: "grants.unused", written: Written::Move, row: None, relaxable: false,
        key: Some("grants.reclaim_unused_after_months"),
        zh: "周转编制调剂满规定月数仍未使用的部分收回周转池（一年内未使用的及时收回）",
        en: "the unused part of a revolving grant older than reclaim_unused_after_months returns to its pool",
    }
    LedgerExpired {
        code: "grants.expired", written: Written::Move, row: None, relaxable: false,
        key: Some("grants.term_months, grants table term_months"),
        zh: "动态调剂的周转编制期满全部收回（事去减编），在编人员按超编消化",
        en: "a revolving grant past its term returns in full; its staff are then digested as overstaffing",
    }
    LedgerReturns {
        code: "grants.returns", written: Written::Violation, row: None, relaxable: false,
        key: Some("grants"),
        zh: "方案的收回恰为台账到期应收回的数额，列在方案最前",
        en: "a plan's returns are exactly what the ledger says falls due, listed first",
    }
    YearsFollow {
        code: "years.follow", written: Written::Violation, row: None, relaxable: false,
        key: None,
        zh: "逐年方案：第一年即方案1，以后每年在上一年结束的状态上编制",
        en: "a year-by-year plan: year 1 is plan 1, each later year starts from the state the year before leaves",
    }
}

impl Rule {
    /// The `rule` of a grant move funding a request of `tier`: `grant.<tier>`.
    pub fn grant_rule(tier: &str) -> String {
        format!("{}.{tier}", Rule::GrantTier.code())
    }

    pub fn code(self) -> &'static str {
        self.info().code
    }

    /// The stem of this rule's row names. Panics for a rule the model has no row for (a bug).
    pub fn stem(self) -> &'static str {
        self.info().row.unwrap_or_else(|| panic!("rule {self:?} has no model row"))
    }

    /// A row name of this rule: its stem, then each id through [`name_part`]
    /// (`pool-reserve-POOL-MUNI`). Panics for a rule the model has no row for (a bug).
    pub fn row_name(self, ids: &[&str]) -> String {
        let mut name = self.stem().to_string();
        for id in ids {
            name.push('-');
            name.push_str(&name_part(id));
        }
        name
    }
}

/// A rule group the elastic model may relax, with what it is about. Conflicts are
/// carried as these, never as row names read back by prefix.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Relaxation {
    /// `reserve.min_available` of one pool.
    PoolReserve { pool: String },
    /// `consolidation.vanished_must_merge` for one unit.
    VanishedMustMerge { unit: String },
    /// `consolidation.max_merges`.
    MaxMerges,
    /// `consolidation.max_merges_per_region` in one region.
    MaxMergesInRegion { region: String },
}

impl Relaxation {
    pub fn rule(&self) -> Rule {
        match self {
            Relaxation::PoolReserve { .. } => Rule::PoolReserve,
            Relaxation::VanishedMustMerge { .. } => Rule::MergeVanished,
            Relaxation::MaxMerges => Rule::MergeMax,
            Relaxation::MaxMergesInRegion { .. } => Rule::MergeMaxRegion,
        }
    }

    /// The model row this relaxation's slack sits on.
    pub fn row_name(&self) -> String {
        match self {
            Relaxation::PoolReserve { pool } => self.rule().row_name(&[pool]),
            Relaxation::VanishedMustMerge { unit } => self.rule().row_name(&[unit]),
            Relaxation::MaxMerges => self.rule().row_name(&[]),
            Relaxation::MaxMergesInRegion { region } => self.rule().row_name(&[region]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Move;
    use std::collections::BTreeSet;

    #[test]
    fn all_is_the_enum_in_order_and_row_stems_are_unique() {
        // `rules!` builds ALL from the enum's own list; this pins that each rule sits at
        // its own discriminant, so ALL holds each variant once and nothing else.
        for (i, rule) in Rule::ALL.iter().enumerate() {
            assert_eq!(*rule as usize, i, "{rule:?}");
        }
        let stems: Vec<&str> = Rule::ALL.iter().filter_map(|r| r.info().row).collect();
        let unique: BTreeSet<&str> = stems.iter().copied().collect();
        assert_eq!(unique.len(), stems.len(), "{stems:?}");
    }

    #[test]
    fn codes_are_dotted_lower_case_and_stems_dashed() {
        for rule in Rule::ALL {
            let RuleInfo { code, row, zh, en, .. } = rule.info();
            assert!(!code.is_empty() && code.split('.').all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c == '_')), "{rule:?}: {code}");
            if let Some(stem) = row {
                assert!(stem.split('-').all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase())), "{rule:?}: {stem}");
            }
            assert!(!zh.is_empty() && !en.is_empty(), "{rule:?}");
        }
    }

    #[test]
    fn the_relaxable_rules_are_exactly_those_a_relaxation_names() {
        let relaxations = [
            Relaxation::PoolReserve { pool: "P".into() },
            Relaxation::VanishedMustMerge { unit: "U".into() },
            Relaxation::MaxMerges,
            Relaxation::MaxMergesInRegion { region: "R".into() },
        ];
        let named: BTreeSet<Rule> = relaxations.iter().map(Relaxation::rule).collect();
        let relaxable: BTreeSet<Rule> = Rule::ALL.iter().copied().filter(|r| r.info().relaxable).collect();
        assert_eq!(named, relaxable);
        for r in &relaxations {
            assert!(r.rule().info().key.is_some(), "a relaxable rule names the key to relax: {r:?}");
        }
    }

    #[test]
    fn row_names_encode_ids() {
        assert_eq!(Rule::PoolReserve.row_name(&["POOL-MUNI"]), "pool-reserve-POOL-MUNI");
        assert_eq!(Rule::MergeMaxRegion.row_name(&["西县"]), "merge-max-region-~897f~~53bf~");
        assert_eq!(Relaxation::MaxMerges.row_name(), "merge-max");
    }

    /// Rules whose row no fixture below can make `model::build_model` emit, and why. A rule
    /// here written nowhere but the catalogue is produced by nothing these tests run.
    const ROWS_NOT_IN_THE_MODEL: &[(Rule, &str)] = &[
        (Rule::RankExclude, "a cut the ranked search adds to a live model after each plan; no single plan can break it, so verify has nothing to say"),
        (Rule::RankDiverse, "the --diverse floor the search adds to a live model; verify checks the floor itself (rank.diverse, produced below)"),
        (Rule::RankTie, "a row the search adds only while it places a tie; it leaves every objective value as it was, so verify has nothing to say"),
    ];

    /// Every model row, on fixtures that reach every family: the demo city, verify's
    /// one-round scenario, its regional variant with a per-region merge cap, and one of
    /// the model's tiny fixtures.
    fn model_rows() -> Vec<String> {
        use crate::verify::fixture as v;
        let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/demo-city");
        let demo = crate::validate::load_scenario(std::path::Path::new(demo), None).expect("the demo city loads");
        let mut per_region = v::policy();
        per_region.consolidation.max_merges_per_region = Some(1);
        // A small overstaffed unit S that may receive: it sends staff, may be merged and
        // asks for quota, so its sending rows meet both of the others.
        let sender = crate::model::tests::fixture(
            "[receiving]\noverstaffed_may_receive = true",
            &[("H", "P", "教育", "active", false), ("S", "P", "教育", "active", false), ("W", "P", "教育", "active", false)],
            &[("H", 10, 8), ("S", 3, 4), ("W", 10, 6)],
            &[("POOL-MUNI", 5, "*", 0)],
            &[("R1", "S", 1, "key", 0)],
        );
        let cases = [(demo.scenario, demo.policy), (v::scenario(), v::policy()), (v::regional(&[]), per_region), sender];
        cases.iter().flat_map(|(s, p)| crate::model::build_model(s, p, false).row_names).collect()
    }

    /// The stem a row name is built from: the longest stem it starts with.
    fn stem_of(row: &str) -> Option<&'static str> {
        Rule::ALL
            .iter()
            .filter_map(|r| r.info().row)
            .filter(|stem| row == *stem || row.starts_with(&format!("{stem}-")))
            .max_by_key(|stem| stem.len())
    }

    /// The `rule` of every move the planner writes on fixtures with one move of each
    /// kind: decisions on verify's one-round scenario (a vanished and a small merge),
    /// and the solved three-year plan, whose ledger returns unused and expired grants.
    fn move_rules() -> BTreeSet<String> {
        use crate::verify::fixture as v;
        let d = crate::plan::Decisions {
            reclaims: vec![("U1".into(), "institution".into(), "POOL-I".into(), 4)],
            merges: vec![("U2".into(), "U3".into()), ("X".into(), "U3".into())],
            absorbs: vec![("institution".into(), "U4".into(), "U5".into(), 2)],
            grants: vec![("POOL-I".into(), "R1".into(), 3)],
        };
        let plan = crate::plan::assemble(&v::scenario(), &v::policy(), &d, 1);
        let doc = v::years_doc(1, 3);
        let years = doc.years.iter().flatten().map(|y| &y.plan);
        let rule = |m: &Move| match m {
            Move::Reclaim { rule, .. } | Move::Merge { rule, .. } | Move::Absorb { rule, .. } | Move::Grant { rule, .. } | Move::Return { rule, .. } => rule.clone(),
        };
        std::iter::once(&plan).chain(years).flat_map(|p| &p.moves).map(rule).collect()
    }

    /// Each rule is produced by what it names: its row stem by the model on some
    /// fixture, its code by verify on some broken plan (when verify writes it) or by the
    /// planner on some move (when a move carries it). A new rule without such a fixture
    /// fails here until one is added, or until it is listed with its reason above.
    #[test]
    fn every_rule_is_produced_by_some_fixture() {
        let rows = model_rows();
        let unnamed: Vec<&String> = rows.iter().filter(|r| stem_of(r).is_none()).collect();
        assert!(unnamed.is_empty(), "rows no rule names: {unnamed:?}");
        let stems: BTreeSet<&str> = rows.iter().filter_map(|r| stem_of(r)).collect();
        let mut reported = BTreeSet::new();
        for (rule, violations) in crate::verify::fixture::broken() {
            let codes: BTreeSet<String> = violations.into_iter().map(|v| v.rule).collect();
            assert!(codes.contains(rule.code()), "the broken fixture of {rule:?} gives {codes:?}, not {}", rule.code());
            reported.extend(codes);
        }
        let written = move_rules();
        let excused = |rule: Rule| ROWS_NOT_IN_THE_MODEL.iter().any(|(r, _)| *r == rule);
        let mut missing = Vec::new();
        for &rule in Rule::ALL {
            let info = rule.info();
            if let Some(stem) = info.row {
                if !stems.contains(stem) && !excused(rule) {
                    missing.push(format!("{rule:?}: no fixture makes the model emit a {stem} row"));
                }
            }
            let code = info.code;
            match info.written {
                Written::Violation if !reported.contains(code) => missing.push(format!("{rule:?}: no broken plan makes verify report {code}")),
                Written::Move if !written.iter().any(|w| w == code || w.strip_prefix(code).is_some_and(|t| t.starts_with('.'))) => {
                    missing.push(format!("{rule:?}: no planned move is written {code}"))
                }
                Written::Nowhere if info.row.is_none() => missing.push(format!("{rule:?}: written nowhere and no row: nothing can produce it")),
                _ => {}
            }
        }
        assert!(missing.is_empty(), "{missing:#?}");
        // The excuses stay true: a row the model does emit needs none.
        for (rule, why) in ROWS_NOT_IN_THE_MODEL {
            assert!(!stems.contains(rule.stem()), "{rule:?} is emitted by the model now; drop its excuse ({why})");
        }
        // Every code verify reports is a rule's, and so is every rule a move follows.
        let codes: BTreeSet<&str> = Rule::ALL.iter().map(|r| r.code()).collect();
        let stray: Vec<&String> = reported.iter().filter(|c| !codes.contains(c.as_str())).collect();
        assert!(stray.is_empty(), "verify reports codes outside the catalogue: {stray:?}");
        let grant = |w: &str| w.strip_prefix("grant.").is_some_and(|tier| !tier.contains('.'));
        let stray: Vec<&String> = written.iter().filter(|w| !codes.contains(w.as_str()) && !grant(w)).collect();
        assert!(stray.is_empty(), "moves follow rules outside the catalogue: {stray:?}");
    }
}
