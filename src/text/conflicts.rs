//! Infeasibility in rule terms (`explain::Conflict`): each rule group that must give
//! way, the model row it cites and the policy key to change, in Chinese and English on
//! one line — the message is an error a planner reads on the terminal, where both
//! languages are printed together.

use super::reasons::unit_name;
use crate::domain::Scenario;
use crate::explain::Conflict;
use crate::policy::Policy;
use crate::rules::{Candidates, NotMergeable, Relaxation, Rule};

/// Renders conflicts in Chinese and English, naming policy keys.
pub fn render_conflicts(s: &Scenario, p: &Policy, conflicts: &[Conflict]) -> String {
    let c = Candidates::new(s, p);
    let mut out = String::from("以下规则无法同时满足 (these rules conflict):\n");
    for cf in conflicts {
        let x = cf.relax_by.ceil() as i64;
        let row = cf.row();
        let line = match &cf.relaxation {
            Some(Relaxation::PoolReserve { pool: id }) => {
                let pl = s.pool(id);
                format!(
                    "[{row}] 周转池 {}（{}）调剂后须保留≥{}名（reserve.min_available），现有{}名，无法保持：须下调至少{}名 / pool {id} cannot keep its reserve of {}: lower reserve.min_available.{id} by at least {x}",
                    id,
                    pl.map(|p| p.name.as_str()).unwrap_or(""),
                    p.reserve_of(id),
                    pl.map(|p| p.available).unwrap_or(0),
                    x,
                    p.reserve_of(id),
                )
            }
            Some(Relaxation::VanishedMustMerge { unit: id }) => {
                let why = match c.forced.get(id.as_str()) {
                    Some(Some(NotMergeable::Protected)) => "该单位受保护（protected），不能撤并 / it is protected".to_string(),
                    Some(Some(NotMergeable::NoPoolFor(t))) => {
                        format!("其{}空余编制无周转池接收（reclaim.into 未设 {t}，所在地区也无收回池）/ no reclaim.into or regional collecting pool for type {t}", p.type_label(t))
                    }
                    _ => "同一主管部门、同系统、同层级（同地区）内没有可承接的单位（承接单位须为可整合类型、未超编、本身不被撤并）/ no eligible host in its (parent, sector, level) group".to_string(),
                };
                format!(
                    "[{row}] 职能消失单位 {}（{}）须撤并（consolidation.vanished_must_merge），但{} — 须放宽该规则 / relax vanished_must_merge for {id}",
                    id,
                    unit_name(s, id),
                    why
                )
            }
            Some(Relaxation::MaxMergesInRegion { region }) => {
                let cap = p.consolidation.max_merges_per_region.unwrap_or(0);
                format!(
                    "[{row}] {region}须撤并的单位超过本地区上限 max_merges_per_region = {cap}：至少提高{x}个 / forced merges in region {region} exceed consolidation.max_merges_per_region = {cap} by {x}"
                )
            }
            Some(Relaxation::MaxMerges) => format!(
                "[{row}] 须撤并的单位超过上限 max_merges = {}：至少提高{}个 / forced merges exceed consolidation.max_merges = {} by {x}",
                p.consolidation.max_merges, x, p.consolidation.max_merges
            ),
            None => format!(
                "[{row}] {} / {}",
                Rule::ConservationQuota.info().zh,
                Rule::ConservationQuota.info().en
            ),
        };
        out.push_str("  - ");
        out.push_str(&line);
        out.push('\n');
    }
    out
}
