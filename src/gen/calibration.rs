//! Calibration of the generator: the shares and rates of DESIGN §1 and the seed
//! documents, in one place.

use super::draft::{PoolKind, Ty};

/// Share of institutions with total quota ≤ 5 (107 of 292 in the seed city).
pub(super) const SHARE_LE5: f64 = 0.367;
/// Share of institutions with total quota ≤ 7 (149 of 292).
pub(super) const SHARE_LE7: f64 = 0.51;
/// Overstaffed institutions (超编), share of institutions.
pub(super) const SHARE_OVERSTAFFED_INST: f64 = 0.035;
/// Overstaffed departments (结构性超编 after appointments), share of departments.
pub(super) const SHARE_OVERSTAFFED_DEPT: f64 = 0.02;
/// Vanished (职能消失) institutions, share of institutions: 4 of 292.
pub(super) const SHARE_VANISHED: f64 = 0.014;
/// Shrinking (职能萎缩) institutions, share of institutions: 6 of 292.
pub(super) const SHARE_SHRINKING: f64 = 0.02;
/// Mean vacancy rate of institution lines in 教育/卫健 (基层教育卫生编制节余较多) …
pub(super) const HOT_RATE: f64 = 0.16;
/// … and the least it may end at in any (sector, level) after correction.
pub(super) const HOT_FLOOR: f64 = 0.14;
/// Mean vacancy rate elsewhere (空编率不足 8%) …
pub(super) const COLD_RATE: f64 = 0.035;
/// … and the most it may end at in any (sector, level, type) after correction.
pub(super) const COLD_CAP: f64 = 0.07;
/// Share of units with a request, for generated scenarios.
pub(super) const REQUEST_SHARE: f64 = 0.03;
/// Demand over what pools can give after reserve, for generated scenarios.
pub(super) const DEMAND_OVER_SUPPLY: f64 = 1.2;

/// Sectors whose institutions hold the idle vacancy.
pub(super) fn is_hot_sector(sector: &str) -> bool {
    sector == "教育" || sector == "卫健"
}

// Structure of a province (DESIGN §9: a prefecture city with its counties is 2,000–5,000
// units; China has 31 provinces, some 330 prefectures and 2,800 county-level divisions).

/// Below this many units a scenario is one city's own level.
pub(super) const ONE_CITY_LEVEL_BELOW: usize = 600;
/// Units of a prefecture city with its counties.
pub(super) const UNITS_PER_CITY: usize = 4000;
/// Share of a city's units at its own level (at most the demo city's 354).
pub(super) const CITY_LEVEL_SHARE: f64 = 0.2;
/// Units of a county (departments, institutions and townships).
pub(super) const UNITS_PER_COUNTY: f64 = 230.0;
/// Prefecture cities of a province (330 / 31 ≈ 10.6).
pub(super) const CITIES_PER_PROVINCE: usize = 11;
/// The last part of a city level's region path (`江川省/临平市/市本级`).
pub(super) const CITY_LEVEL_REGION: &str = "市本级";

// The demo's pools (DESIGN §1: 教育周转池 1,500 with 670 used, 人才周转池 1,000 with
// 490, 市直周转池 600 with 163; the admin pool is the demo's own) and the used shares
// that generated pools are sized with.

/// A pool's figures: kind, id, name, type, capacity, used, sectors, per-unit cap.
pub(super) type PoolFigures = (PoolKind, &'static str, &'static str, Ty, i64, i64, &'static str, i64);

/// The demo city's pools, in id order.
pub(super) const DEMO_POOLS: [PoolFigures; 4] = [
    (PoolKind::Admin, "POOL-ADMIN", "行政编制周转池", Ty::Admin, 80, 31, "*", 0),
    (PoolKind::Edu, "POOL-EDU", "教育周转池", Ty::Institution, 1500, 670, "教育", 0),
    (PoolKind::Muni, "POOL-MUNI", "市直周转池", Ty::Institution, 600, 163, "*", 0),
    (PoolKind::Talent, "POOL-TALENT", "人才周转池", Ty::Institution, 1000, 490, "*", 10),
];

// The revolving-grant ledger (周转编制台账, DESIGN §14): every pool's `used` is the sum of
// the grants it has made, to lines that hold them (Σ grants ≤ quota, the used part
// staffed, the unused part vacant).

/// Grants were made within this many months before `as_of` (three budget years).
pub(super) const LEDGER_MONTHS: i64 = 36;
/// Tiers of the grants (保重点 : 保应急 : 保运转), as the requests they were made for.
pub(super) const GRANT_TIER_WEIGHTS: [u32; 3] = [45, 15, 40];
/// Ages of 保应急 grants (动态用编, 24-month term by default): under 12 months, 12–23
/// (the term ends within the coming year), 24–35 (past the term: returns in full now).
/// A few are past their term, since an office returns most emergency quota on time.
pub(super) const EMERGENCY_AGE_WEIGHTS: [u32; 3] = [65, 27, 8];
/// Grants at least a year old that are filled in full; the others are filled to a
/// share in `OLD_PARTLY_USED`, and their unused part returns (一年内未使用的及时收回).
pub(super) const OLD_FULLY_USED: f64 = 0.8;
pub(super) const OLD_PARTLY_USED: (f64, f64) = (0.5, 0.9);
/// Younger grants are still being filled: fewer in full, the rest to a share in
/// `RECENT_PARTLY_USED`.
pub(super) const RECENT_FULLY_USED: f64 = 0.45;
pub(super) const RECENT_PARTLY_USED: (f64, f64) = (0.2, 0.9);
/// 保重点 grants for a project with a term of its own (使用期限), and that term.
pub(super) const PROJECT_TERM_SHARE: f64 = 0.06;
pub(super) const PROJECT_TERM_MONTHS: i64 = 36;
/// A big 教育 grant (a new campus's teachers) to a large school: its chance and range.
pub(super) const BIG_EDU_GRANT: (f64, i64, i64) = (0.12, 15, 40);

// Several plan years (`gen --years N`).

/// Staff retiring a year, as a share of a line's staff: listed counts are drawn around
/// it, and the generated model's `[attrition] rate` is it.
pub(super) const RETIRE_RATE: f64 = 0.03;
/// Lines with at least this many staff list their retirements (退休人数) with this
/// chance; overstaffed lines always do (只出不进 until retirements bring them within
/// quota); the others are left to the model's rate.
pub(super) const RETIRE_LISTED_MIN_STAFF: i64 = 10;
pub(super) const RETIRE_LISTED_SHARE: f64 = 0.5;
/// A grant's unused part returns once it is this old (the models' default
/// `grants.reclaim_unused_after_months`): the ledger's ages are drawn around it.
pub(super) const UNUSED_RETURNS_AFTER_MONTHS: i64 = 12;
/// Grant sizes, weights of 1, 2, 3, …: 行政编制 a post or two, 市直 up to 8, 人才 up
/// to the pool's per-unit cap (10 in the demo), 教育 up to 13 besides the big ones.
pub(super) const GRANT_SIZES_ADMIN: [u32; 4] = [30, 35, 20, 15];
pub(super) const GRANT_SIZES_MUNI: [u32; 8] = [12, 20, 20, 16, 12, 9, 6, 5];
pub(super) const GRANT_SIZES_TALENT: [u32; 10] = [10, 18, 18, 15, 12, 9, 7, 5, 3, 3];
pub(super) const GRANT_SIZES_EDU: [u32; 13] = [6, 12, 14, 14, 12, 10, 8, 7, 5, 4, 3, 3, 2];
