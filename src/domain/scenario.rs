//! The validated scenario: units, establishment lines, pools, requests and the grants
//! ledger. Everything is sorted by id so that the same input gives the same output
//! whatever the row order of the files.

use super::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
