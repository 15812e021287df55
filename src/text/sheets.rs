//! The workbook's sheet names. Chinese in both languages, on purpose: other tools, and
//! an office's own macros, find plans.xlsx's sheets by name, so the names are part of
//! the file's contract rather than of the report's language.

pub const COMPARISON: &str = "方案对比";
pub const YEARS: &str = "分年度";
pub const UNITS: &str = "单位变化";
pub const POOLS: &str = "周转池";
pub const REQUESTS: &str = "需求";
pub const DECISIONS: &str = "决策汇总";
pub const STOCKTAKE: &str = "摸清底数";

/// Plan `rank`'s moves: `方案2-调整`.
pub fn plan_moves(rank: usize) -> String {
    format!("方案{rank}-调整")
}

/// A later year's moves (`--years`): `第2年-调整`.
pub fn year_moves(year: usize) -> String {
    format!("第{year}年-调整")
}
