//! The plans document (DESIGN §7): moves, a plan's changed lines, pools and requests,
//! the document around the plans, and the alternatives' decision counts and ranges.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    /// 周转编制收回 (DESIGN §14): the ledger returns a grant's quota from the unit to its
    /// pool at the plan's date — the unused part of a grant older than
    /// `grants.reclaim_unused_after_months` (rule `grants.unused`), or an emergency
    /// grant past its term in full (rule `grants.expired`). Decided by the ledger, not
    /// the solver: every plan of one date has the same returns, listed first.
    Return {
        #[serde(rename = "type")]
        ty: String,
        from: String,
        to: String,
        grant: String,
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
            Move::Return { .. } => "return",
        }
    }

    pub fn reason_mut(&mut self) -> &mut String {
        match self {
            Move::Reclaim { reason, .. }
            | Move::Merge { reason, .. }
            | Move::Absorb { reason, .. }
            | Move::Grant { reason, .. }
            | Move::Return { reason, .. } => reason,
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
    /// Present with `--years N` (DESIGN §14): the plan year by year along plan 1 —
    /// year 1 is plan 1; each later year is planned on the state the year before leaves
    /// (its moves, grants filled by hires, retirements, ledger returns falling due).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years: Option<Vec<YearPlan>>,
}

/// One year of a `--years` plan: the year's plan on the state at its start, with its
/// moves (ledger returns first), its lines and pools before → after the year's moves,
/// and the year's requests.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct YearPlan {
    /// 1 for the `as_of` year.
    pub year: usize,
    /// The date the year's plan is made: `as_of` plus (year − 1) years (empty without
    /// an `as_of`).
    pub start: String,
    /// Staff who retired during the year before (0 in year 1): the lines' `staff_before`
    /// already count without them.
    pub retired: i64,
    /// The requests of later years left out because their unit was merged before them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dropped_requests: Vec<String>,
    #[serde(flatten)]
    pub plan: Plan,
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
