//! Synthetic scenarios (`bianzhi gen`, benches, tests and the committed demo city).
//!
//! Owns the generator only: it builds a scenario folder's files in memory from a seed,
//! calibrated to the figures of DESIGN §1 (51% of institutions with quota ≤ 7 and
//! 36.7% with ≤ 5, idle vacancy concentrated in 教育/卫健, a few percent overstaffed,
//! a handful of shrinking and vanished units, requests prioritised 保重点/保应急/保运转,
//! revolving pools). It does no IO except [`GeneratedScenario::write_to`].
//!
//! Invariants:
//! * Same options → byte-identical files. The PRNG is our own (`rng`, SplitMix64), every
//!   phase draws from its own stream so that tuning one phase does not reshuffle the
//!   others, no hash map is ever iterated, and only IEEE-exact float operations
//!   (+ − × ÷, `round`, `floor`, `ceil`) are used so that other platforms agree.
//! * Every vanished institution has a merge host: a sibling institution (same parent,
//!   sector and level) that is neither vanished nor overstaffed.
//! * The small-unit shares are hit exactly, not on average: institutions are ranked by
//!   their natural size and the first 36.7% / 51% of the ranking get quota ≤ 5 / ≤ 7.
//! * Linear-time apart from a few sorts: 50,000 units take a few tens of milliseconds,
//!   900,000 a few seconds.
//! * Region names (`省/市/县`) are distinct at any size by construction (see `layout`).
//!
//! The phases, in the order [`build`] runs them, one file each: `layout` (regions,
//! departments, institutions, townships), `register` (quotas, function, staff, leaders),
//! `requests`, `pools`, `files` (CSV, `scenario.toml`, `model.toml`). Beside them:
//! `calibration` (every share and rate), `name_data` (the names themselves: departments,
//! institutions, syllables, reason phrases), `naming` (how names are made from them:
//! numerals, templates, place names), `draft` (the scenario
//! under construction), `rng` (SplitMix64). Kinds and functions are written with
//! `domain`'s keys and labels; types and tiers with `draft`'s, which also write the
//! generated `model.toml`, so tables and model agree.

mod calibration;
mod draft;
mod files;
mod grants;
mod layout;
mod name_data;
mod naming;
mod pools;
mod register;
mod requests;
mod rng;
#[cfg(test)]
mod tests;
mod years;

use calibration::REQUEST_SHARE;
use files::{write_files, Drafted};
use grants::make_grants;
use layout::layout_units;
use name_data::PLACES;
use naming::Syllables;
use pools::{make_pools, regional_pools};
use register::{assign_leaders, assign_quotas, assign_staff, assign_status};
use requests::make_requests;
use rng::Rng;
use years::{assign_retiring, assign_years};
use crate::domain::Function;
use std::path::Path;

// ---------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------

/// What to generate.
#[derive(Clone, Debug)]
pub struct GenOptions {
    /// Number of units (rows of `units.csv`).
    pub units: usize,
    pub seed: u64,
    /// Chinese headers and values (单位代码, 事业单位, 保重点, …) instead of English.
    pub chinese_headers: bool,
    /// Scenario name written to `scenario.toml`.
    pub name: String,
    /// Regions (地区, an extension of DESIGN §5): every city level and county is a
    /// region with its own pools, whose municipal and admin pools collect what its
    /// units give up; merges and absorbs stay inside a region.
    pub regions: bool,
    /// Plan years (DESIGN §14): above 1, requests are spread over years 1..=N (年度),
    /// lines list their retirements (退休人数), `scenario.toml` says `years = N` and the
    /// model has an attrition rate. 1 (or 0): a one-year scenario without those columns.
    pub years: usize,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions {
            units: 354,
            seed: 1,
            chinese_headers: false,
            name: String::new(),
            regions: false,
            years: 1,
        }
    }
}

/// The files of a scenario folder: (relative file name, contents), sorted by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedScenario {
    pub files: Vec<(String, String)>,
}

impl GeneratedScenario {
    /// The contents of one file, by relative name.
    pub fn file(&self, name: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, c)| c.as_str())
    }

    /// Writes every file into `dir` (created when missing), replacing existing ones.
    pub fn write_to(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        for (name, contents) in &self.files {
            std::fs::write(dir.join(name), contents)?;
        }
        Ok(())
    }
}

/// A synthetic scenario of `opts.units` units with its own `model.toml`.
///
/// Up to 599 units it is one city level (层级 市); beyond, provinces of up to 11 cities of
/// about 4,000 units, each with its own level (at most 354 units) and counties of about
/// 230 units (county departments and institutions plus townships). With `regions` each
/// city level and county is a region named by its path (`江川省/临平市/金林县`,
/// `江川省/临平市/市本级`), distinct at any size. Requests come from about 3% of
/// the units; pools are sized from the requests so that demand exceeds what the pools can
/// give after the reserve by about a fifth.
pub fn generate(opts: &GenOptions) -> GeneratedScenario {
    build(&Config::generated(opts))
}

/// The demo city (about 354 units at city level), Chinese headers, fixed seed.
///
/// Its pools are the figures of DESIGN §1 (教育周转池 1,500 / 670 used, 人才周转池
/// 1,000 / 490, 市直周转池 600 / 163) and it refers to the built-in model `baseline`, so no
/// `model.toml` is written. It has 120 requests; the institution requests total about
/// 1,950, more than the pools can lend, so the plan has to choose and to reclaim. Its
/// ledger (`grants.csv`) is what the pools have lent, some of it falling due at `as_of`.
pub fn demo_city() -> GeneratedScenario {
    build(&demo_config(1))
}

/// The demo city over three years (`scenarios/demo-city-3y`): the same units, pools and
/// ledger, read from `../demo-city/`; its own requests (the same 120, spread over the
/// years) and establishments (the same lines, with listed retirements), and `years = 3`.
#[cfg(test)]
pub(crate) fn demo_city_3y() -> GeneratedScenario {
    let mut cfg = demo_config(3);
    cfg.name = "示例市 2025—2027 年度编制调剂（三年滚动）".to_string();
    cfg.shared = Some("../demo-city/");
    build(&cfg)
}

fn demo_config(years: usize) -> Config {
    Config {
        units: DEMO_UNITS,
        seed: DEMO_SEED,
        chinese: true,
        name: "示例市 2025 年度编制调剂".to_string(),
        model: ModelSource::Shared("baseline"),
        n_requests: 120,
        pools: PoolSizing::Demo,
        legal_requests: Some(2),
        overstaffed_requests: Some(2),
        institution_demand: Some(1950),
        regions: false,
        places: &PLACES,
        years,
        shared: None,
    }
}

const DEMO_UNITS: usize = 354;
const DEMO_SEED: u64 = 20_250_630;
const AS_OF: &str = "2025-06-30";

enum ModelSource {
    /// Write `model.toml` next to the tables.
    Own,
    /// Refer to a shared model (a built-in name or a path); write none.
    Shared(&'static str),
}

enum PoolSizing {
    /// The figures of DESIGN §1.
    Demo,
    /// Sized from the requests (demand ≈ 1.2 × what the pools can give).
    FromDemand,
}

struct Config {
    units: usize,
    seed: u64,
    chinese: bool,
    name: String,
    model: ModelSource,
    n_requests: usize,
    pools: PoolSizing,
    /// Requests for 政法专项编制 (no pool lends it); `None` = about 1.5%.
    legal_requests: Option<usize>,
    /// Requests from overstaffed units (refused: 只出不进); `None` = about 2%.
    overstaffed_requests: Option<usize>,
    /// Scale the large institution requests so that they total about this much.
    institution_demand: Option<i64>,
    /// One region per city level and county, each with its own pools.
    regions: bool,
    /// Syllables of place names (tests shrink the table to exercise longer names).
    places: &'static Syllables,
    /// Plan years (see [`GenOptions::years`]).
    years: usize,
    /// Units, pools and the ledger are another folder's (`../demo-city/`): read from
    /// there, not written.
    shared: Option<&'static str>,
}

impl Config {
    /// What [`generate`] builds: its own model, pools sized from demand.
    fn generated(opts: &GenOptions) -> Config {
        let name = if opts.name.trim().is_empty() {
            format!("合成情景（{} 个单位，种子 {}）", opts.units, opts.seed)
        } else {
            opts.name.clone()
        };
        let n_requests = if opts.units == 0 {
            0
        } else {
            ((opts.units as f64) * REQUEST_SHARE).round().max(1.0) as usize
        };
        Config {
            units: opts.units,
            seed: opts.seed,
            chinese: opts.chinese_headers,
            name,
            model: ModelSource::Own,
            n_requests,
            pools: PoolSizing::FromDemand,
            legal_requests: None,
            overstaffed_requests: None,
            institution_demand: None,
            regions: opts.regions,
            places: &PLACES,
            years: opts.years.max(1),
            shared: None,
        }
    }
}

fn build(cfg: &Config) -> GeneratedScenario {
    let mut units = layout_units(cfg);
    assign_quotas(&mut units, &mut Rng::stream(cfg.seed, "quota"));
    assign_status(&mut units, &mut Rng::stream(cfg.seed, "status"));
    // Requests are drawn before staff so that requesting lines can be the tight ones.
    let mut requests = make_requests(&units, cfg, &mut Rng::stream(cfg.seed, "requests"));
    for r in &requests {
        for l in units[r.unit].lines.iter_mut().filter(|l| l.ty == r.ty) {
            l.requested = true;
        }
    }
    assign_staff(&mut units, &mut Rng::stream(cfg.seed, "staff"));
    assign_leaders(&mut units, &mut Rng::stream(cfg.seed, "leaders"));
    let pools = if cfg.regions { regional_pools(&units, &requests) } else { make_pools(&requests, &cfg.pools) };
    let grants = make_grants(&units, &pools, &mut Rng::stream(cfg.seed, "grants"));
    // Years last: a one-year scenario and its N-year variant differ only in them.
    assign_years(&mut requests, cfg.years, &mut Rng::stream(cfg.seed, "years"));
    assign_retiring(&mut units, cfg.years, &mut Rng::stream(cfg.seed, "retiring"));
    let vanished = units
        .iter()
        .filter(|u| u.function == Function::Vanished)
        .count();
    write_files(cfg, &Drafted { units: &units, requests: &requests, pools: &pools, grants: &grants }, vanished)
}
