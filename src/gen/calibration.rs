//! Calibration of the generator: the shares and rates of DESIGN §1 and the seed
//! documents, in one place.

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
