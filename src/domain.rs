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
    /// 退休人数 (DESIGN §14): staff expected to retire in years 1, 2, … of a `--years`
    /// plan; one value is every year's; years after the list retire at the model's
    /// `attrition.rate`. Empty when the table says nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retiring: Vec<i64>,
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
    /// 年度 (DESIGN §14): the year of a `--years` plan the request is for (1 = the
    /// `as_of` year); `None` is year 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<usize>,
}

impl Request {
    /// The plan year the request is for (1 unless stated).
    pub fn year(&self) -> usize {
        self.year.unwrap_or(1)
    }
}

/// A revolving grant already made (周转编制台账, DESIGN §14): `amount` lent from `pool` to
/// `unit` in type `ty` on `granted_on`, of which `used` is filled by hires. The pool keeps
/// ownership (所有权); the unit holds the use (使用权), already counted in its quota.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub id: String,
    pub pool: String,
    pub unit: String,
    pub ty: String,
    pub amount: i64,
    pub used: i64,
    pub granted_on: Date,
    /// Tier key of the request it was made for.
    pub tier: String,
    /// Term after which the grant returns in full; `None`: the model's
    /// `grants.term_months` for the tier (permanent when the tier has none).
    pub term_months: Option<i64>,
}

impl Grant {
    /// The part not filled by hires.
    pub fn unused(&self) -> i64 {
        (self.amount - self.used).max(0)
    }
}

/// A calendar date (YYYY-MM-DD), what `as_of` and `granted_on` mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Reads `2025-06-30`, `2025/6/30`, `2025.6.30`, `2025年6月30日`, `20250630`, or a
    /// spreadsheet date serial (1900 system, e.g. `45838`); `None` for anything else or
    /// a day the month does not have.
    pub fn parse(text: &str) -> Option<Date> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        // A spreadsheet date cell read as its serial number (possibly with a time part).
        if let Ok(serial) = t.parse::<f64>() {
            if t.len() == 8 && !t.contains('.') {
                let n: i64 = t.parse().ok()?;
                return Date::new((n / 10000) as i32, ((n / 100) % 100) as u32, (n % 100) as u32);
            }
            if (1.0..200_000.0).contains(&serial) {
                return Some(Date::from_days_since_1899_12_30(serial.floor() as i64));
            }
            return None;
        }
        // A calamine date-time text: `2024-03-01 00:00:00` or `2024-03-01T00:00:00`.
        let date_part = t.split([' ', 'T']).next().unwrap_or(t);
        let parts: Vec<&str> = date_part
            .split(['-', '/', '.', '年', '月', '日'])
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() != 3 || parts[0].len() != 4 {
            return None;
        }
        let y: i32 = parts[0].parse().ok()?;
        let m: u32 = parts[1].parse().ok()?;
        let d: u32 = parts[2].parse().ok()?;
        Date::new(y, m, d)
    }

    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month) && (1900..=9999).contains(&year))
            .then_some(Date { year, month, day })
    }

    fn from_days_since_1899_12_30(days: i64) -> Date {
        // Civil-from-days (Howard Hinnant), shifted from 1970-01-01 (25569 days later).
        let z = days - 25569 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + if month <= 2 { 1 } else { 0 }) as i32;
        Date { year, month, day }
    }

    /// Whole months from `self` to `later` (a month is complete on the same day of
    /// the month, or the month's last day when it is shorter); negative when earlier.
    pub fn months_until(self, later: Date) -> i64 {
        let mut months = (later.year - self.year) as i64 * 12 + later.month as i64 - self.month as i64;
        let end_of_month = later.day == days_in_month(later.year, later.month);
        if later.day < self.day && !end_of_month {
            months -= 1;
        }
        months
    }

    /// The same day `months` later (the month's last day when it is shorter).
    pub fn add_months(self, months: i64) -> Date {
        let total = self.year as i64 * 12 + (self.month as i64 - 1) + months;
        let year = total.div_euclid(12) as i32;
        let month = (total.rem_euclid(12) + 1) as u32;
        Date { year, month, day: self.day.min(days_in_month(year, month)) }
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("not a date: {text:?}")))
    }
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
    /// The revolving-grant ledger (`grants.csv`, DESIGN §14), sorted by id; empty
    /// without one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<Grant>,
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

    pub fn grant(&self, id: &str) -> Option<&Grant> {
        self.grants.binary_search_by(|g| g.id.as_str().cmp(id)).ok().map(|i| &self.grants[i])
    }

    /// `as_of` as a date, when it is one.
    pub fn date(&self) -> Option<Date> {
        Date::parse(&self.as_of)
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
