//! The scenario under construction: units, lines, requests and pools as drafts, with
//! the levels, establishment types and tiers the generator writes.

use super::name_data::Size;
use crate::domain::{Date, Function, UnitKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Level {
    City,
    County,
    Town,
}

impl Level {
    pub(super) fn label(self) -> &'static str {
        match self {
            Level::City => "市",
            Level::County => "县",
            Level::Town => "乡",
        }
    }

    /// Quota of the same kind of unit relative to the city level.
    pub(super) fn scale(self) -> f64 {
        match self {
            Level::City => 1.0,
            Level::County => 0.6,
            Level::Town => 0.45,
        }
    }
}

/// Establishment types (编制类型) of the generated scenarios: their keys and labels are
/// written to the tables and, from the same table, to the generated `model.toml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Ty {
    Admin,
    Legal,
    Institution,
}

impl Ty {
    pub(super) const ALL: [Ty; 3] = [Ty::Admin, Ty::Legal, Ty::Institution];

    pub(super) fn key(self) -> &'static str {
        match self {
            Ty::Admin => "admin",
            Ty::Legal => "legal",
            Ty::Institution => "institution",
        }
    }

    pub(super) fn label(self) -> &'static str {
        match self {
            Ty::Admin => "行政编制",
            Ty::Legal => "政法专项编制",
            Ty::Institution => "事业编制",
        }
    }
}

/// Request tiers (保障类别), keys, labels and weights as written to `model.toml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TierKey {
    Key,
    Emergency,
    Operations,
}

impl TierKey {
    pub(super) const ALL: [TierKey; 3] = [TierKey::Key, TierKey::Emergency, TierKey::Operations];

    pub(super) fn key(self) -> &'static str {
        match self {
            TierKey::Key => "key",
            TierKey::Emergency => "emergency",
            TierKey::Operations => "operations",
        }
    }

    pub(super) fn label(self) -> &'static str {
        match self {
            TierKey::Key => "保重点",
            TierKey::Emergency => "保应急",
            TierKey::Operations => "保运转",
        }
    }

    /// Weight per quota granted in the generated model.
    pub(super) fn weight(self) -> i64 {
        match self {
            TierKey::Key => 100,
            TierKey::Emergency => 60,
            TierKey::Operations => 20,
        }
    }
}

pub(super) struct LineDraft {
    pub(super) ty: Ty,
    pub(super) quota: i64,
    pub(super) staff: i64,
    pub(super) overstaffed: bool,
    /// A request asks for more of this type.
    pub(super) requested: bool,
    /// Listed retirements (退休人数), one count per plan year; empty: not listed.
    pub(super) retiring: Vec<i64>,
}

/// One unit under construction; `parent` is an index into the same vector.
pub(super) struct Draft {
    pub(super) name: String,
    pub(super) parent: Option<usize>,
    pub(super) sector: &'static str,
    pub(super) level: Level,
    pub(super) kind: UnitKind,
    pub(super) size: Size,
    pub(super) flags: u8,
    pub(super) function: Function,
    pub(super) protected: bool,
    pub(super) leader_posts: Option<i64>,
    pub(super) leaders: Option<i64>,
    pub(super) lines: Vec<LineDraft>,
    /// City level or county the unit belongs to (written only with `regions`).
    pub(super) region: String,
}

impl Draft {
    pub(super) fn is_institution(&self) -> bool {
        self.kind == UnitKind::Institution
    }

    pub(super) fn is_department(&self) -> bool {
        self.parent.is_none()
    }

    pub(super) fn total_quota(&self) -> i64 {
        self.lines.iter().map(|l| l.quota).sum()
    }

    pub(super) fn overstaffed(&self) -> bool {
        self.lines.iter().any(|l| l.overstaffed)
    }

    pub(super) fn line(&self, ty: Ty) -> Option<&LineDraft> {
        self.lines.iter().find(|l| l.ty == ty)
    }
}

pub(super) struct RequestDraft {
    pub(super) unit: usize,
    pub(super) ty: Ty,
    pub(super) amount: i64,
    pub(super) tier: TierKey,
    pub(super) min: i64,
    pub(super) reason: String,
    /// Plan year (年度), 1-based; written only when the scenario covers several years.
    pub(super) year: usize,
}

/// Which of the four revolving pools a pool is: what it lends and how big its grants are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PoolKind {
    /// 行政编制周转池.
    Admin,
    /// 教育周转池: 教育 only.
    Edu,
    /// 市直周转池, which reclaimed 事业编制 goes into.
    Muni,
    /// 人才周转池, at most `per_unit_max` per unit.
    Talent,
}

pub(super) struct PoolDraft {
    pub(super) kind: PoolKind,
    pub(super) id: String,
    pub(super) name: String,
    pub(super) ty: Ty,
    pub(super) capacity: i64,
    pub(super) used: i64,
    pub(super) sectors: &'static str,
    pub(super) per_unit_max: i64,
    pub(super) region: String,
    pub(super) collects: bool,
}

/// A revolving grant already made (a row of the ledger): `amount` lent by `pools[pool]`
/// to line `line` of `units[unit]`, `used` of it filled by hires.
pub(super) struct GrantDraft {
    pub(super) pool: usize,
    pub(super) unit: usize,
    pub(super) ty: Ty,
    pub(super) amount: i64,
    pub(super) used: i64,
    pub(super) granted_on: Date,
    pub(super) tier: TierKey,
    /// An explicit term (使用期限); `None`: the model's term for the tier.
    pub(super) term_months: Option<i64>,
}
