//! Structure: levels, departments, institutions, townships.

use super::calibration::{CITIES_PER_PROVINCE, CITY_LEVEL_REGION, CITY_LEVEL_SHARE, ONE_CITY_LEVEL_BELOW, UNITS_PER_CITY, UNITS_PER_COUNTY};
use super::draft::{Draft, Level, LineDraft, Ty};
use super::name_data::{COUNTY, DEPTS, DeptT, Medium, PROTECTED, SERIES, Size, Small, TOP_HEAVY, TOWN_INSTS, TOWN_SECTOR, TownParent};
use super::naming::{PlaceNames, Syllables, chinese_numeral, render};
use super::rng::Rng;
use super::{Config, DEMO_UNITS};
use crate::domain::{Function, UnitKind};

/// Splits `n` into `parts` near-equal shares (the first ones one larger).
pub(super) fn split_even(n: usize, parts: usize) -> Vec<usize> {
    let parts = parts.max(1);
    (0..parts)
        .map(|i| n / parts + usize::from(i < n % parts))
        .collect()
}

/// The units of a scenario, region by region. Below [`ONE_CITY_LEVEL_BELOW`] units, one
/// city's own level; beyond, provinces of at most [`CITIES_PER_PROVINCE`] prefecture cities
/// of about [`UNITS_PER_CITY`] units, each a city level and counties of about
/// [`UNITS_PER_COUNTY`] units (as China has some 2,800 county-level divisions under some
/// 330 prefectures under 31 provinces).
///
/// Every region is named by its path `省/市/县` (a city's own level is `省/市/市本级`),
/// unique at any size by construction: province names come from one [`PlaceNames`],
/// city and county names from one per province, and a [`PlaceNames`] never repeats.
pub(super) fn layout_units(cfg: &Config) -> Vec<Draft> {
    let mut rng = Rng::stream(cfg.seed, "layout");
    // Name walks other than the first province's come from their own stream, so that the
    // layout stream (department quotas, towns) is the same as before provinces existed.
    let mut name_rng = Rng::stream(cfg.seed, "provinces");
    let mut provinces = PlaceNames::new(cfg.places, &mut name_rng);
    let mut units = Vec::with_capacity(cfg.units);
    if cfg.units < ONE_CITY_LEVEL_BELOW {
        let province = format!("{}省", provinces.next());
        let city = format!("{}市", PlaceNames::new(cfg.places, &mut name_rng).next());
        build_city_level(&mut units, "市", cfg.units, &mut rng);
        set_region(&mut units, 0, &format!("{province}/{city}/{CITY_LEVEL_REGION}"));
        return units;
    }
    let n_cities = cfg.units.div_ceil(UNITS_PER_CITY);
    let n_provinces = n_cities.div_ceil(CITIES_PER_PROVINCE);
    let mut city_names = PlaceNames::new(cfg.places, &mut rng);
    let mut county_names = PlaceNames::new(cfg.places, &mut rng);
    let mut city_sizes = split_even(cfg.units, n_cities).into_iter();
    for (p, cities) in split_even(n_cities, n_provinces).into_iter().enumerate() {
        let province = format!("{}省", provinces.next());
        if p > 0 {
            city_names = PlaceNames::new(cfg.places, &mut name_rng);
            county_names = PlaceNames::new(cfg.places, &mut name_rng);
        }
        for city_units in city_sizes.by_ref().take(cities) {
            let city = format!("{}市", city_names.next());
            // A lone city calls its own departments 市…, as the demo city does.
            let prefix = if n_cities == 1 { "市" } else { city.as_str() };
            let city_level = ((city_units as f64 * CITY_LEVEL_SHARE).round() as usize).min(DEMO_UNITS);
            let start = units.len();
            build_city_level(&mut units, prefix, city_level, &mut rng);
            set_region(&mut units, start, &format!("{province}/{city}/{CITY_LEVEL_REGION}"));
            let rest = city_units - city_level;
            let n_counties = ((rest as f64 / UNITS_PER_COUNTY).round() as usize).max(1);
            for county_units in split_even(rest, n_counties) {
                let county = format!("{}县", county_names.next());
                let start = units.len();
                build_county(&mut units, &county, county_units, cfg.places, &mut rng);
                set_region(&mut units, start, &format!("{province}/{city}/{county}"));
            }
        }
    }
    units
}

/// A region's name in pool names: `临平市本级`, `临平市金林县` (the path without its
/// province, which is unique within the province).
pub(super) fn region_label(path: &str) -> String {
    let mut parts = path.split('/').skip(1);
    let city = parts.next().unwrap_or_default();
    match parts.next() {
        Some(CITY_LEVEL_REGION) | None => format!("{city}本级"),
        Some(county) => format!("{city}{county}"),
    }
}

pub(super) fn set_region(units: &mut [Draft], start: usize, region: &str) {
    for u in &mut units[start..] {
        u.region = region.to_string();
    }
}

/// An institution picked for a level: its name (already with prefix), size and flags.
pub(super) struct Pick {
    pub(super) name: String,
    pub(super) size: Size,
    pub(super) flags: u8,
}

/// Picks `count` institutions for the given departments: round-robin over their
/// catalogs (so a small level keeps each department's first ones), then numbered
/// schools and health centres, then numbered service centres of the first department.
pub(super) fn pick_institutions(depts: &[&DeptT], prefix: &str, count: usize) -> Vec<Vec<Pick>> {
    let mut picks: Vec<Vec<Pick>> = depts.iter().map(|_| Vec::new()).collect();
    let mut left = count;
    let longest = depts.iter().map(|d| d.insts.len()).max().unwrap_or(0);
    'rounds: for round in 0..longest {
        for (i, d) in depts.iter().enumerate() {
            if left == 0 {
                break 'rounds;
            }
            if let Some(t) = d.insts.get(round) {
                picks[i].push(Pick {
                    name: render(t.name, prefix),
                    size: t.size,
                    flags: t.flags,
                });
                left -= 1;
            }
        }
    }
    let series_owner: Vec<Option<usize>> = SERIES
        .iter()
        .map(|s| depts.iter().position(|d| d.sector == s.sector))
        .collect();
    let mut next_number: Vec<usize> = SERIES.iter().map(|s| s.first).collect();
    let mut k = 0;
    let mut generic = 1;
    while left > 0 && !depts.is_empty() {
        let s = k % SERIES.len();
        k += 1;
        match series_owner[s] {
            Some(owner) => {
                let name = render(SERIES[s].pattern, prefix)
                    .replace('#', &chinese_numeral(next_number[s]));
                next_number[s] += 1;
                picks[owner].push(Pick {
                    name,
                    size: SERIES[s].size,
                    flags: 0,
                });
                left -= 1;
            }
            None if series_owner.iter().all(Option::is_none) => {
                let name = format!(
                    "{}第{}综合服务中心",
                    render(depts[0].name, prefix),
                    chinese_numeral(generic)
                );
                generic += 1;
                picks[0].push(Pick {
                    name,
                    size: Small,
                    flags: 0,
                });
                left -= 1;
            }
            None => {}
        }
    }
    picks
}

pub(super) fn dept_draft(t: &DeptT, prefix: &str, level: Level, rng: &mut Rng) -> Draft {
    let name = match (level, t.county_name) {
        (Level::County, Some(n)) => render(n, prefix),
        _ => render(t.name, prefix),
    };
    let mut lines = Vec::new();
    for (ty, (lo, hi)) in [
        (Ty::Admin, t.admin),
        (Ty::Legal, t.legal),
        (Ty::Institution, t.institution),
    ] {
        if hi == 0 {
            continue;
        }
        // 官多兵少 units keep their small quota at every level.
        let scale = if t.flags & TOP_HEAVY != 0 {
            1.0
        } else {
            level.scale()
        };
        let lo = ((lo as f64 * scale).round() as i64).max(5);
        let hi = ((hi as f64 * scale).round() as i64).max(lo);
        lines.push(LineDraft {
            ty,
            quota: rng.range(lo, hi),
            staff: 0,
            overstaffed: false,
            requested: false,
            retiring: Vec::new(),
        });
    }
    Draft {
        name,
        parent: None,
        sector: t.sector,
        level,
        kind: t.kind,
        size: Medium,
        flags: t.flags,
        function: Function::Active,
        protected: t.flags & PROTECTED != 0,
        leader_posts: None,
        leaders: None,
        region: String::new(),
        lines,
    }
}

pub(super) fn inst_draft(
    name: String,
    parent: usize,
    sector: &'static str,
    level: Level,
    size: Size,
    flags: u8,
) -> Draft {
    Draft {
        name,
        parent: Some(parent),
        sector,
        level,
        kind: UnitKind::Institution,
        size,
        flags,
        function: Function::Active,
        protected: flags & PROTECTED != 0,
        leader_posts: None,
        leaders: None,
        region: String::new(),
        // Quota and staff are set by later phases.
        lines: vec![LineDraft {
            ty: Ty::Institution,
            quota: 0,
            staff: 0,
            overstaffed: false,
            requested: false,
            retiring: Vec::new(),
        }],
    }
}

/// Emits departments each followed by its institutions, so `units.csv` reads like a
/// register: returns each department's index.
pub(super) fn emit_departments(
    units: &mut Vec<Draft>,
    depts: &[&DeptT],
    picks: Vec<Vec<Pick>>,
    prefix: &str,
    level: Level,
    rng: &mut Rng,
) -> Vec<usize> {
    let mut indices = Vec::with_capacity(depts.len());
    for (t, list) in depts.iter().zip(picks) {
        let d = units.len();
        units.push(dept_draft(t, prefix, level, rng));
        indices.push(d);
        for p in list {
            units.push(inst_draft(p.name, d, t.sector, level, p.size, p.flags));
        }
    }
    indices
}

/// A city's own level: about 62 departments per 354 units, the rest institutions.
pub(super) fn build_city_level(units: &mut Vec<Draft>, prefix: &str, n: usize, rng: &mut Rng) {
    if n == 0 {
        return;
    }
    let n_dept = ((n as f64 * DEPTS.len() as f64 / DEMO_UNITS as f64).round() as usize)
        .clamp(1, DEPTS.len())
        .min(n);
    let depts: Vec<&DeptT> = DEPTS.iter().take(n_dept).collect();
    let picks = pick_institutions(&depts, prefix, n - n_dept);
    emit_departments(units, &depts, picks, prefix, Level::City, rng);
}

/// A county: about 15% departments, 30% township units (a government and its stations,
/// schools and health centre per town), the rest county institutions.
pub(super) fn build_county(
    units: &mut Vec<Draft>,
    prefix: &str,
    n: usize,
    places: &'static Syllables,
    rng: &mut Rng,
) {
    if n == 0 {
        return;
    }
    let county_depts: Vec<&DeptT> = DEPTS.iter().filter(|d| d.flags & COUNTY != 0).collect();
    let n_dept = ((n as f64 * 0.15).round() as usize)
        .clamp(5, county_depts.len())
        .min(n);
    let depts = &county_depts[..n_dept];
    let town_units = ((n as f64 * 0.3).round() as usize).min(n - n_dept);
    let n_inst = n - n_dept - town_units;
    let picks = pick_institutions(depts, prefix, n_inst);
    let dept_idx = emit_departments(units, depts, picks, prefix, Level::County, rng);
    if town_units == 0 {
        return;
    }
    let sector_head = |sector: &str| {
        depts
            .iter()
            .position(|d| d.sector == sector)
            .map(|i| dept_idx[i])
    };
    let n_towns = ((town_units as f64 / 7.0).round() as usize).clamp(1, town_units);
    let mut town_names = PlaceNames::new(places, rng);
    for size in split_even(town_units, n_towns) {
        let town = town_names.next();
        let town_name = format!("{town}{}", if rng.chance(0.7) { "镇" } else { "乡" });
        let gov = units.len();
        units.push(Draft {
            name: format!("{town_name}人民政府"),
            parent: None,
            sector: TOWN_SECTOR,
            level: Level::Town,
            kind: UnitKind::Admin,
            size: Medium,
            flags: 0,
            function: Function::Active,
            protected: false,
            leader_posts: None,
            leaders: None,
            region: String::new(),
            lines: vec![LineDraft {
                ty: Ty::Admin,
                quota: rng.range(15, 35),
                staff: 0,
                overstaffed: false,
                requested: false,
                retiring: Vec::new(),
            }],
        });
        for k in 0..size - 1 {
            let t = &TOWN_INSTS[k % TOWN_INSTS.len()];
            let round = k / TOWN_INSTS.len();
            let name = if round == 0 {
                format!("{town_name}{}", t.name)
            } else {
                format!("{town_name}第{}{}", chinese_numeral(round + 1), t.name)
            };
            let (parent, sector) = match t.parent {
                TownParent::County(s) => match sector_head(s) {
                    Some(p) => (p, t.sector),
                    None => (gov, TOWN_SECTOR),
                },
                TownParent::Town => (gov, t.sector),
            };
            units.push(inst_draft(name, parent, sector, Level::Town, t.size, 0));
        }
    }
}
