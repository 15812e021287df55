//! The rule catalogue: one identity per rule of DESIGN §6 (and its extensions), with
//! every spelling the layers use for it — the model's row-name stem, `verify`'s code,
//! the policy key that sets it, whether the elastic model may relax it, and one
//! sentence in Chinese and English. A new rule is a new variant; the exhaustive match
//! in [`Rule::info`] makes the compiler ask for each of its spellings, and
//! [`Relaxation`] for its infeasibility wording when it may give way.

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

/// One rule. Several rows may check one rule from different sides, so several
/// variants may share a `verify` code; row stems are unique.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    // reclaim (收回空编)
    ReclaimLimit,
    ReclaimPool,
    ReclaimProtected,
    ReclaimRequesting,
    ReclaimMerged,
    ReclaimReceiving,
    Donor,
    // merge (整合 / 撤并)
    MergeEligible,
    MergeKind,
    MergeProtected,
    MergeGroup,
    MergePool,
    MergeOnce,
    MergeHost,
    MergeVanished,
    MergeMax,
    MergeMaxRegion,
    MergeReceiving,
    MergeIsolated,
    // absorb (消化超编)
    AbsorbHub,
    AbsorbLimit,
    AbsorbReceiver,
    AbsorbIndicator,
    AbsorbCapacity,
    AbsorbReceiverGives,
    AbsorbMerged,
    AbsorbSenderMerged,
    AbsorbSenderReceives,
    // grant (调剂)
    GrantRequest,
    GrantType,
    GrantSector,
    GrantRegion,
    GrantOverstaffed,
    GrantRange,
    GrantPerUnit,
    GrantMerged,
    // pools and the whole
    PoolReserve,
    ConservationQuota,
    ConservationStaff,
    StateNegative,
    RankExclude,
    RankDiverse,
    RankTie,
    // the revolving ledger and the years (DESIGN §14)
    LedgerUnused,
    LedgerExpired,
    LedgerReturns,
    YearsFollow,
}

/// Every spelling of one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// `verify`'s code, e.g. `merge.max`.
    pub code: &'static str,
    /// Stem of the model's row names (`merge-max`, `pool-reserve` → `pool-reserve-POOL-MUNI`);
    /// `None` when the model states the rule through variable bounds or eligibility alone.
    pub row: Option<&'static str>,
    /// The policy key or input column that sets it, if any.
    pub key: Option<&'static str>,
    /// Whether the elastic model may relax it to explain an infeasibility.
    pub relaxable: bool,
    pub zh: &'static str,
    pub en: &'static str,
}

const fn info(
    code: &'static str,
    row: Option<&'static str>,
    key: Option<&'static str>,
    relaxable: bool,
    zh: &'static str,
    en: &'static str,
) -> RuleInfo {
    RuleInfo { code, row, key, relaxable, zh, en }
}

impl Rule {
    pub const ALL: &'static [Rule] = &[
        Rule::ReclaimLimit,
        Rule::ReclaimPool,
        Rule::ReclaimProtected,
        Rule::ReclaimRequesting,
        Rule::ReclaimMerged,
        Rule::ReclaimReceiving,
        Rule::Donor,
        Rule::MergeEligible,
        Rule::MergeKind,
        Rule::MergeProtected,
        Rule::MergeGroup,
        Rule::MergePool,
        Rule::MergeOnce,
        Rule::MergeHost,
        Rule::MergeVanished,
        Rule::MergeMax,
        Rule::MergeMaxRegion,
        Rule::MergeReceiving,
        Rule::MergeIsolated,
        Rule::AbsorbHub,
        Rule::AbsorbLimit,
        Rule::AbsorbReceiver,
        Rule::AbsorbIndicator,
        Rule::AbsorbCapacity,
        Rule::AbsorbReceiverGives,
        Rule::AbsorbMerged,
        Rule::AbsorbSenderMerged,
        Rule::AbsorbSenderReceives,
        Rule::GrantRequest,
        Rule::GrantType,
        Rule::GrantSector,
        Rule::GrantRegion,
        Rule::GrantOverstaffed,
        Rule::GrantRange,
        Rule::GrantPerUnit,
        Rule::GrantMerged,
        Rule::PoolReserve,
        Rule::ConservationQuota,
        Rule::ConservationStaff,
        Rule::StateNegative,
        Rule::RankExclude,
        Rule::RankDiverse,
        Rule::RankTie,
        Rule::LedgerUnused,
        Rule::LedgerExpired,
        Rule::LedgerReturns,
        Rule::YearsFollow,
    ];

    pub fn info(self) -> RuleInfo {
        use Rule::*;
        match self {
            ReclaimLimit => info(
                "reclaim.limit",
                None,
                Some("reclaim.keep_vacant, reclaim.max_share"),
                false,
                "收回数不超过空编减须保留数，也不超过空编的规定比例",
                "a reclaim takes at most the vacancy less keep_vacant, and at most max_share of it",
            ),
            ReclaimPool => info(
                "reclaim.pool",
                None,
                Some("reclaim.into"),
                false,
                "收回的空编进入本地区的收回池，本地区没有时进入 reclaim.into 指定的周转池",
                "reclaimed quota goes to the region's collecting pool, else to the reclaim.into pool of its type",
            ),
            ReclaimProtected => info(
                "reclaim.protected",
                None,
                Some("units.protected"),
                false,
                "受保护单位不收回编制",
                "a protected unit gives no quota",
            ),
            ReclaimRequesting => info(
                "reclaim.requesting",
                None,
                None,
                false,
                "有同类型用编申请的单位不收回该类型空编",
                "a unit with a request of a type gives nothing in that type",
            ),
            ReclaimMerged => info(
                "reclaim.merged",
                None,
                None,
                false,
                "被撤并单位不收回空编，其空余编制随撤并释放",
                "a merged unit is not reclaimed from: its idle quota is released by the merge",
            ),
            ReclaimReceiving => info(
                "reclaim.receiving",
                None,
                None,
                false,
                "在某类型接收编制（调剂、分流或承接撤并）的单位不在该类型收回",
                "a unit that receives in a type (grant, absorbed staff, a merge) gives nothing in it",
            ),
            Donor => info(
                "reclaim.donor",
                Some("reclaim-donor"),
                Some("weights.donor_units"),
                false,
                "收回了空编的单位计为收回单位，未收回的不计（rows -upper and -lower）",
                "a unit counts as a donor exactly when it gives quota (rows -upper and -lower)",
            ),
            MergeEligible => info(
                "merge.eligible",
                None,
                Some("consolidation.max_quota"),
                false,
                "只有小散弱（编制总数不超过 max_quota）或职能消失的单位可以撤并",
                "only small units (total quota at most max_quota) and vanished units are merged",
            ),
            MergeKind => info(
                "merge.kind",
                None,
                Some("consolidation.kinds"),
                false,
                "撤并单位和承接单位都须是可整合的单位类型",
                "the merged unit and its host are of a kind that consolidation.kinds names",
            ),
            MergeProtected => info(
                "merge.protected",
                None,
                Some("units.protected"),
                false,
                "受保护单位不撤并",
                "a protected unit is never merged",
            ),
            MergeGroup => info(
                "merge.group",
                None,
                Some("consolidation.same_parent, consolidation.same_sector"),
                false,
                "撤并在同一主管部门、同系统、同层级、同地区内进行",
                "a host has the same supervising unit and sector (as the model says), level and region",
            ),
            MergePool => info(
                "merge.pool",
                None,
                Some("reclaim.into"),
                false,
                "撤并释放的空余编制须有周转池接收",
                "quota a merge releases must have a pool to go to",
            ),
            MergeOnce => info(
                "merge.twice",
                Some("merge-once"),
                None,
                false,
                "一个单位至多并入一个单位",
                "a unit merges into one host at most",
            ),
            MergeHost => info(
                "merge.host",
                Some("merge-host"),
                Some("receiving.overstaffed_may_receive"),
                false,
                "承接单位不是被撤并单位本身、未超编、本身不被撤并",
                "a host is another unit, not overstaffed and not merged itself",
            ),
            MergeVanished => info(
                "merge.vanished",
                Some("merge-vanished"),
                Some("consolidation.vanished_must_merge"),
                true,
                "职能消失的单位须撤并",
                "every vanished unit of an eligible kind is merged",
            ),
            MergeMax => info(
                "merge.max",
                Some("merge-max"),
                Some("consolidation.max_merges"),
                true,
                "撤并总数不超过上限（含须撤并的职能消失单位）",
                "merges in all, forced ones included, stay within max_merges",
            ),
            MergeMaxRegion => info(
                "merge.max_region",
                Some("merge-max-region"),
                Some("consolidation.max_merges_per_region"),
                true,
                "每个地区的撤并数不超过本地区上限（含须撤并的职能消失单位）",
                "merges of one region's units, forced ones included, stay within max_merges_per_region",
            ),
            MergeReceiving => info(
                "reclaim.receiving",
                Some("merge-receiving"),
                None,
                false,
                "承接撤并的单位在带入的编制类型上不再收回",
                "a host gives nothing in the types a merge brings it",
            ),
            MergeIsolated => info(
                "merge.isolated",
                Some("merge-isolated"),
                None,
                false,
                "被撤并单位不再另行收回、接收或申请编制",
                "a merged unit gives, receives and requests nothing else",
            ),
            AbsorbHub => info(
                "absorb.group",
                Some("absorb-hub"),
                None,
                false,
                "消化超编在同类型、同系统、同层级、同地区内进行",
                "absorbed staff move within one type, sector, level and region",
            ),
            AbsorbLimit => info(
                "absorb.limit",
                None,
                None,
                false,
                "分流人数不超过超编人数",
                "an overstaffed unit sends at most its excess",
            ),
            AbsorbReceiver => info(
                "absorb.receiver",
                None,
                None,
                false,
                "接收分流的单位是另一单位，在该类型未超编",
                "a receiver is another unit, not overstaffed in the type",
            ),
            AbsorbIndicator => info(
                "absorb.capacity",
                Some("absorb-indicator"),
                None,
                false,
                "只有标记为接收的单位才接收分流人员",
                "only a unit marked as receiving takes absorbed staff",
            ),
            AbsorbCapacity => info(
                "absorb.capacity",
                Some("absorb-capacity"),
                None,
                false,
                "接收分流的单位调整后实有人数不超过编制数",
                "a receiver ends with staff at most its quota in the type",
            ),
            AbsorbReceiverGives => info(
                "reclaim.receiving",
                Some("absorb-receiver-gives"),
                None,
                false,
                "接收分流的单位在该类型不再收回",
                "a receiver gives nothing in the type",
            ),
            AbsorbMerged => info(
                "absorb.receiver",
                Some("absorb-merged"),
                None,
                false,
                "被撤并单位不接收分流人员",
                "a merged unit takes no absorbed staff",
            ),
            AbsorbSenderMerged => info(
                "absorb.sender",
                Some("absorb-sender-merged"),
                None,
                false,
                "被撤并单位的人员随撤并转隶，不另行分流",
                "a merged unit's staff move with the merge, not by absorb",
            ),
            AbsorbSenderReceives => info(
                "absorb.receiving",
                Some("absorb-sender-receives"),
                None,
                false,
                "在该类型接收编制的单位不再分流人员",
                "a unit that receives in a type sends no staff out in it",
            ),
            GrantRequest => info(
                "grant.request",
                None,
                None,
                false,
                "调剂给申请单位本身",
                "a grant goes to the unit that made the request",
            ),
            GrantType => info(
                "grant.type",
                None,
                None,
                false,
                "周转池与申请的编制类型相同",
                "a pool lends quota of its own type only",
            ),
            GrantSector => info(
                "grant.sector",
                None,
                Some("pools.sectors"),
                false,
                "周转池只向其适用系统调剂",
                "a pool lends only to the sectors it serves",
            ),
            GrantRegion => info(
                "grant.region",
                None,
                Some("pools.region"),
                false,
                "地区周转池只向本地区单位调剂",
                "a regional pool lends only inside its region",
            ),
            GrantOverstaffed => info(
                "grant.overstaffed",
                None,
                Some("receiving.overstaffed_may_receive"),
                false,
                "超编单位只出不进",
                "an overstaffed unit receives nothing in the type",
            ),
            GrantRange => info(
                "grant.range",
                Some("grant-range"),
                Some("requests.min, requests.amount"),
                false,
                "调剂数为0，或不低于最低数且不超过申请数（rows -lower and -upper）",
                "a request gets 0, or between its min and its amount (rows -lower and -upper)",
            ),
            GrantPerUnit => info(
                "grant.per_unit",
                Some("grant-per-unit"),
                Some("pools.per_unit_max"),
                false,
                "同一周转池给一个单位的调剂不超过单位上限",
                "one pool grants one unit at most its per_unit_max",
            ),
            GrantMerged => info(
                "grant.merged",
                Some("grant-merged"),
                None,
                false,
                "被撤并单位的申请不再调剂",
                "a merged unit's requests are not funded",
            ),
            PoolReserve => info(
                "pool.reserve",
                Some("pool-reserve"),
                Some("reserve.min_available"),
                true,
                "周转池调剂后保留不少于蓄水池下限",
                "a pool keeps at least its reserve after the plan",
            ),
            ConservationQuota => info(
                "conservation.quota",
                None,
                None,
                false,
                "每类编制的核定编制与周转池余量之和保持不变",
                "per type, quota plus pool balances is the same before and after",
            ),
            ConservationStaff => info(
                "conservation.staff",
                None,
                None,
                false,
                "在岗人员只随撤并和分流转移，不减少",
                "staff only move with merges and absorbs; nobody in post loses a post",
            ),
            StateNegative => info(
                "state.negative",
                None,
                None,
                false,
                "编制、人员和周转池余量不为负",
                "no quota, staff or pool balance goes negative",
            ),
            RankExclude => info(
                "rank.exclude",
                Some("rank-exclude"),
                None,
                false,
                "备选方案的模式与此前各方案不同",
                "a ranked plan's pattern differs from every earlier plan's",
            ),
            RankDiverse => info(
                "rank.diverse",
                Some("rank-diverse"),
                None,
                false,
                "备选方案的目标值不低于方案1的 (1 − ε) 倍",
                "an alternative's objective is within ε of plan 1's",
            ),
            RankTie => info(
                "rank.tie",
                Some("rank-tie"),
                None,
                false,
                "同分方案中取与此前方案差别最大者，目标值不变",
                "among plans of equal objective the one farthest from earlier plans, objective unchanged",
            ),
            LedgerUnused => info(
                "grants.unused",
                None,
                Some("grants.reclaim_unused_after_months"),
                false,
                "周转编制调剂满规定月数仍未使用的部分收回周转池（一年内未使用的及时收回）",
                "the unused part of a revolving grant older than reclaim_unused_after_months returns to its pool",
            ),
            LedgerExpired => info(
                "grants.expired",
                None,
                Some("grants.term_months, grants table term_months"),
                false,
                "动态调剂的周转编制期满全部收回（事去减编），在编人员按超编消化",
                "a revolving grant past its term returns in full; its staff are then digested as overstaffing",
            ),
            LedgerReturns => info(
                "grants.returns",
                None,
                Some("grants"),
                false,
                "方案的收回恰为台账到期应收回的数额，列在方案最前",
                "a plan's returns are exactly what the ledger says falls due, listed first",
            ),
            YearsFollow => info(
                "years.follow",
                None,
                None,
                false,
                "逐年方案：第一年即方案1，以后每年在上一年结束的状态上编制",
                "a year-by-year plan: year 1 is plan 1, each later year starts from the state the year before leaves",
            ),
        }
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
    use std::collections::BTreeSet;

    #[test]
    fn every_rule_is_listed_once_and_row_stems_are_unique() {
        let listed: BTreeSet<Rule> = Rule::ALL.iter().copied().collect();
        assert_eq!(listed.len(), Rule::ALL.len());
        let stems: Vec<&str> = Rule::ALL.iter().filter_map(|r| r.info().row).collect();
        let unique: BTreeSet<&str> = stems.iter().copied().collect();
        assert_eq!(unique.len(), stems.len(), "{stems:?}");
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
}
