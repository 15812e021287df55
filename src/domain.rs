//! Plain data for a validated scenario and for plans: units, establishment lines,
//! pools, requests, moves. No IO, no solver; everything here is sorted by id so that
//! the same input gives the same output whatever the row order of the files.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Kind of unit (单位类型).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// 行政机关
    Admin,
    /// 事业单位
    Institution,
    /// 参公事业单位
    CivilManaged,
}

impl UnitKind {
    pub fn key(self) -> &'static str {
        match self {
            UnitKind::Admin => "admin",
            UnitKind::Institution => "institution",
            UnitKind::CivilManaged => "civil_managed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            UnitKind::Admin => "行政机关",
            UnitKind::Institution => "事业单位",
            UnitKind::CivilManaged => "参公事业单位",
        }
    }
}

/// Functional state of a unit (职能状态).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Function {
    /// 正常
    Active,
    /// 萎缩
    Shrinking,
    /// 消失
    Vanished,
}

impl Function {
    pub fn key(self) -> &'static str {
        match self {
            Function::Active => "active",
            Function::Shrinking => "shrinking",
            Function::Vanished => "vanished",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Function::Active => "正常",
            Function::Shrinking => "萎缩",
            Function::Vanished => "消失",
        }
    }
}

/// One unit (单位) of the register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: String,
    pub name: String,
    /// Supervising unit (主管部门); `None` at top level.
    pub parent: Option<String>,
    pub sector: String,
    /// 市 / 县 / 乡, kept as written (normalised).
    pub level: String,
    pub kind: UnitKind,
    pub function: Function,
    /// Never gives quota.
    pub protected: bool,
    pub leader_posts: Option<i64>,
    pub leaders: Option<i64>,
    /// 地区 (extension of §5): the county or district whose establishment office
    /// manages the unit; empty when the scenario has no regions. Merges and absorbs stay
    /// inside a region; regional pools lend only inside theirs.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub region: String,
}

/// One establishment line: the quota and staff of a unit in one establishment type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub unit: String,
    /// Establishment type key from the policy model (`admin`, `institution`, …).
    pub ty: String,
    pub quota: i64,
    pub staff: i64,
}

impl Line {
    /// 空编: quota − staff when positive.
    pub fn vacancy(&self) -> i64 {
        (self.quota - self.staff).max(0)
    }

    /// 超编: staff − quota when positive.
    pub fn excess(&self) -> i64 {
        (self.staff - self.quota).max(0)
    }

    pub fn is_overstaffed(&self) -> bool {
        self.staff > self.quota
    }
}

/// Which sectors a pool may lend to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sectors {
    /// `*`: every sector.
    All,
    /// An explicit sorted list.
    Only(Vec<String>),
}

impl Sectors {
    pub fn admits(&self, sector: &str) -> bool {
        match self {
            Sectors::All => true,
            Sectors::Only(list) => list.binary_search_by(|s| s.as_str().cmp(sector)).is_ok(),
        }
    }
}

/// A revolving pool (编制周转池).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pool {
    pub id: String,
    pub name: String,
    pub ty: String,
    pub available: i64,
    pub sectors: Sectors,
    /// 0 = no per-unit limit.
    pub per_unit_max: i64,
    /// 地区 (extension of §5): when set, the pool lends only to units of that region.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub region: String,
    /// 收回池 (extension of §5): quota reclaimed or released by units of the pool's region
    /// in its type goes here instead of to the model's `reclaim.into` pool.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub collects: bool,
}

impl Pool {
    /// Whether the pool may lend to a unit: its sector is served and, for a regional
    /// pool, the unit is in the pool's region.
    pub fn serves(&self, unit: &Unit) -> bool {
        self.sectors.admits(&unit.sector) && (self.region.is_empty() || self.region == unit.region)
    }
}

/// A request for more quota.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub id: String,
    pub unit: String,
    pub ty: String,
    pub amount: i64,
    /// Tier key from the policy model (`key`, `emergency`, `operations`).
    pub tier: String,
    /// Smallest useful grant; 0 = any amount.
    pub min: i64,
    pub reason: String,
}

/// A validated scenario: every reference resolved, every number in range, all
/// collections sorted by id (lines by unit then type).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    pub name: String,
    pub as_of: String,
    pub units: Vec<Unit>,
    pub lines: Vec<Line>,
    pub pools: Vec<Pool>,
    pub requests: Vec<Request>,
    /// `sha256:…` over the normalised content, independent of row order.
    pub digest: String,
}

impl Scenario {
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.binary_search_by(|u| u.id.as_str().cmp(id)).ok().map(|i| &self.units[i])
    }

    pub fn unit_index(&self, id: &str) -> Option<usize> {
        self.units.binary_search_by(|u| u.id.as_str().cmp(id)).ok()
    }

    pub fn pool(&self, id: &str) -> Option<&Pool> {
        self.pools.binary_search_by(|p| p.id.as_str().cmp(id)).ok().map(|i| &self.pools[i])
    }

    pub fn request(&self, id: &str) -> Option<&Request> {
        self.requests.binary_search_by(|r| r.id.as_str().cmp(id)).ok().map(|i| &self.requests[i])
    }

    pub fn line(&self, unit: &str, ty: &str) -> Option<&Line> {
        self.lines
            .binary_search_by(|l| (l.unit.as_str(), l.ty.as_str()).cmp(&(unit, ty)))
            .ok()
            .map(|i| &self.lines[i])
    }

    /// The lines of one unit, in type order.
    pub fn lines_of(&self, unit: &str) -> &[Line] {
        let start = self.lines.partition_point(|l| l.unit.as_str() < unit);
        let end = self.lines.partition_point(|l| l.unit.as_str() <= unit);
        &self.lines[start..end]
    }

    /// Total quota of a unit over all types.
    pub fn total_quota(&self, unit: &str) -> i64 {
        self.lines_of(unit).iter().map(|l| l.quota).sum()
    }

    /// Total staff of a unit over all types.
    pub fn total_staff(&self, unit: &str) -> i64 {
        self.lines_of(unit).iter().map(|l| l.staff).sum()
    }
}

/// One move of a plan (DESIGN §6). `from`/`to` are unit or pool ids as the kind says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Move {
    /// 收回空编: unit → pool.
    Reclaim {
        #[serde(rename = "type")]
        ty: String,
        from: String,
        to: String,
        amount: i64,
        rule: String,
        #[serde(default)]
        reason: String,
    },
    /// 整合/撤并: unit → host unit; every line moves, quota above staff is released.
    Merge {
        from: String,
        to: String,
        /// Staff moved, all types.
        staff: i64,
        /// Quota released to pools, all types.
        released: i64,
        rule: String,
        #[serde(default)]
        reason: String,
    },
    /// 消化超编: staff move from an overstaffed unit to a unit with vacancy.
    Absorb {
        #[serde(rename = "type")]
        ty: String,
        from: String,
        to: String,
        amount: i64,
        rule: String,
        #[serde(default)]
        reason: String,
    },
    /// 调剂: pool → unit for a request.
    Grant {
        #[serde(rename = "type")]
        ty: String,
        from: String,
        to: String,
        request: String,
        amount: i64,
        rule: String,
        #[serde(default)]
        reason: String,
    },
}

impl Move {
    pub fn kind(&self) -> &'static str {
        match self {
            Move::Reclaim { .. } => "reclaim",
            Move::Merge { .. } => "merge",
            Move::Absorb { .. } => "absorb",
            Move::Grant { .. } => "grant",
        }
    }

    pub fn reason_mut(&mut self) -> &mut String {
        match self {
            Move::Reclaim { reason, .. }
            | Move::Merge { reason, .. }
            | Move::Absorb { reason, .. }
            | Move::Grant { reason, .. } => reason,
        }
    }
}

/// A (unit, type) line whose quota or staff a plan changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct UnitChange {
    pub unit: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub quota_before: i64,
    pub quota_after: i64,
    pub staff_before: i64,
    pub staff_after: i64,
}

/// A pool's balance before and after a plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PoolChange {
    pub pool: String,
    pub before: i64,
    pub after: i64,
}

/// What a plan gives one request, with the reason when not in full.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RequestOutcome {
    pub request: String,
    pub amount: i64,
    pub granted: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why_not: Option<String>,
}

/// One ranked plan (DESIGN §7).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Plan {
    pub rank: usize,
    pub objective: f64,
    /// Objective terms by name (`fulfilled.<tier>`, `reclaimed`, …), sorted.
    pub terms: BTreeMap<String, i64>,
    pub moves: Vec<Move>,
    pub units: Vec<UnitChange>,
    pub pools: Vec<PoolChange>,
    pub requests: Vec<RequestOutcome>,
    /// What distinguishes this plan from plan 1 (Chinese), empty for plan 1.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub differences: Vec<String>,
    /// The solver's status for this plan when it is not a proven optimum (`time_limit`,
    /// `gap_limit`): an extension of §7; absent for an optimal plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Relative MIP gap of this plan when `status` is set (1 when unknown). For a
    /// `--diverse` plan 2…K, `status` and `gap` are those of the solve that maximised
    /// its distance (its objective is held within ε of plan 1 by a constraint).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap: Option<f64>,
    /// (plan 1's objective − this plan's) / |plan 1's objective| (0 for plan 1 and for
    /// a plan 1 of objective 0). DESIGN §12.
    #[serde(default)]
    pub objective_gap_to_best: f64,
    /// Pattern distance (§6 pattern, Hamming: requests granted, donor units, merged
    /// units that are in one plan and not the other) to plans 1, 2, … before this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub distance: Vec<usize>,
    /// For a `--diverse` plan whose distance-maximising solve stopped at a limit: the
    /// proven upper bound on the distance it maximised (the sum over earlier plans).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_bound: Option<usize>,
}

/// Scenario identity in `plans.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ScenarioRef {
    pub name: String,
    pub input_digest: String,
}

/// Policy model identity in `plans.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ModelRef {
    pub name: String,
    pub digest: String,
}

/// Solver outcome in `plans.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SolverRef {
    pub name: String,
    /// `optimal`, `time_limit`, `gap_limit`.
    pub status: String,
    pub seconds: f64,
    pub gap: f64,
}

/// The whole `plans.json` document, format `bianzhi.plans/1`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PlansDoc {
    /// The format and its version, `bianzhi.plans/1`.
    #[schemars(extend("const" = "bianzhi.plans/1"))]
    pub format: String,
    pub scenario: ScenarioRef,
    pub model: ModelRef,
    pub solver: SolverRef,
    pub plans: Vec<Plan>,
    /// Present with `--diverse`: the ε and the objective floor plans 2…K were held to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diverse: Option<DiverseRef>,
    /// In how many of the plans each request is funded, each donor candidate gives and
    /// each merge candidate merges (DESIGN §12): 必选 in every plan, 可选 in some,
    /// 不选 in none.
    #[serde(default)]
    pub decisions: DecisionCounts,
    /// Present with `--ranges`: per request, the least and most it is granted over
    /// every plan within ε of plan 1's objective.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ranges: Option<Vec<RequestRange>>,
}

/// What `--diverse` held plans 2…K to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DiverseRef {
    /// The relative ε of `--diverse`.
    pub eps: f64,
    /// Plan 1's objective − ε·|plan 1's objective|: no plan's objective is below it.
    pub objective_floor: f64,
}

/// How often each decision recurs over a document's plans.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DecisionCounts {
    /// Number of plans counted over.
    pub plans: usize,
    /// Every request, with the number of plans that fund it (grant > 0).
    pub requests: Vec<RequestCount>,
    /// Every unit that may give quota back (a reclaimable line), with the number of
    /// plans in which it is a donor.
    pub donors: Vec<DonorCount>,
    /// Every unit that may be merged, with the number of plans that merge it.
    pub merges: Vec<MergeCount>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RequestCount {
    pub request: String,
    pub funded: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DonorCount {
    pub unit: String,
    pub gives: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MergeCount {
    pub unit: String,
    pub merges: usize,
}

/// A decision's standing over the plans (DESIGN §12).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Choice {
    /// 必选: in every plan.
    Always,
    /// 可选: in some plans.
    Some,
    /// 不选: in none.
    Never,
}

impl Choice {
    /// The standing of a decision taken in `count` of `plans` plans.
    pub fn of(count: usize, plans: usize) -> Choice {
        if count == 0 {
            Choice::Never
        } else if count >= plans {
            Choice::Always
        } else {
            Choice::Some
        }
    }

    /// 必选 / 可选 / 不选.
    pub fn zh(self) -> &'static str {
        match self {
            Choice::Always => "必选",
            Choice::Some => "可选",
            Choice::Never => "不选",
        }
    }

    /// always / some / never.
    pub fn en(self) -> &'static str {
        match self {
            Choice::Always => "in every plan",
            Choice::Some => "in some plans",
            Choice::Never => "in no plan",
        }
    }
}

/// The least and most one request can be granted in any plan within ε of plan 1.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RequestRange {
    pub request: String,
    pub amount: i64,
    pub min: i64,
    pub max: i64,
    /// `optimal` when both ends are proven; else the status of the solve that was not
    /// (`time_limit`), and then `min`/`max` are the best found (a range at least this wide).
    pub status: String,
}

pub const PLANS_FORMAT: &str = "bianzhi.plans/1";
