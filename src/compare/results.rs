//! One row of a sweep and the `bianzhi.compare/1` document (`results.json`): what was
//! swept (`SweepInfo`, which `--merge` checks the shards agree on), and per row the
//! status, the metrics of plan 1, the acceptance verdicts and the Pareto mark.

use super::accept::{AcceptTest, Verdict};
use crate::domain::{Move, Plan, Scenario};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

pub const COMPARE_FORMAT: &str = "bianzhi.compare/1";

/// The plan-1 metrics every row has, in column order, after `gap` and `objective`
/// and the per-tier ones; `pool_after.<pool>` and `seconds` follow.
pub const TERMS: [&str; 10] = [
    "requests_funded",
    "reclaimed",
    "donor_units",
    "merges",
    "released",
    "absorbed",
    "staff_moved",
    "fulfilled",
    "rate",
    "units_disrupted",
];

/// The trade-off the page charts and the Pareto marks use: fulfilment (share of the
/// quota asked that is granted, to maximise) against disruption (units that give up
/// quota, are merged or send staff, to minimise).
pub const FULFILMENT: &str = "rate";
pub const DISRUPTION: &str = "units_disrupted";

/// A scenario of the sweep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScenarioInfo {
    /// Its folder's name: the `scenario` column.
    pub name: String,
    /// `[scenario] name`.
    pub title: String,
    pub input_digest: String,
}

/// A variant of the sweep, of one scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VariantInfo {
    pub scenario: String,
    pub name: String,
    pub model: String,
    pub model_digest: String,
    /// Key → value as written, in key order.
    pub overrides: BTreeMap<String, String>,
    /// Its folder under `variants/<scenario>/`.
    pub folder: String,
}

/// One `--set`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SetInfo {
    pub key: String,
    pub values: Vec<String>,
}

/// What was swept: everything that decides the rows and their values, and nothing
/// that depends on the machine. Shards of one sweep have equal `SweepInfo`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepInfo {
    pub scenarios: Vec<ScenarioInfo>,
    pub variants: Vec<VariantInfo>,
    pub sets: Vec<SetInfo>,
    pub plans: usize,
    pub repeat: usize,
    pub baseline: Option<String>,
    pub accept: Vec<String>,
    pub time_limit: Option<f64>,
    pub gap: f64,
    /// The metric columns, in order.
    pub metrics: Vec<String>,
    /// Rows of the whole sweep (all shards).
    pub rows: usize,
}

/// One (scenario, variant, repeat).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompareRow {
    /// 1-based position in the whole sweep.
    pub row: usize,
    pub scenario: String,
    pub variant: String,
    pub model: String,
    /// `key=value` pairs in key order, joined by `,`; empty for a model as it is.
    pub overrides: String,
    pub repeat: usize,
    /// `optimal`, `time_limit`, `gap_limit`, `infeasible`, `no_solution` or `error`.
    pub status: String,
    /// Metric → value of plan 1; a metric without a value (no plan, nothing asked in a
    /// tier) is absent.
    pub metrics: BTreeMap<String, f64>,
    /// Wall seconds of this row: solve, explain, verify and write (a timing field).
    pub seconds: f64,
    /// Wall seconds of the ranked solve's phases (`decompose`, `solve` — building and
    /// solving the models —, `assemble`, `explain`, `verify`) and of `write`: timing
    /// fields, for seeing where a row's seconds go.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub timings: BTreeMap<String, f64>,
    /// Why there is no plan (infeasible rules, limits, an error).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The row's plans.json, relative to the output folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plans: Option<String>,
    /// Whether this row is the baseline variant's.
    #[serde(default)]
    pub baseline: bool,
    /// All acceptance tests pass; absent when there are none or they are not judged yet
    /// (a shard of a sweep is judged when the shards are merged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<bool>,
    /// One verdict per `--accept`, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tests: Vec<Verdict>,
    /// On the fulfilment/disruption frontier of its scenario and repeat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pareto: Option<bool>,
}

impl CompareRow {
    /// A metric's value; `seconds`, `gap` and `objective` included.
    pub fn value(&self, metric: &str) -> Option<f64> {
        match metric {
            "seconds" => Some(self.seconds),
            _ => self.metrics.get(metric).copied(),
        }
    }

    pub fn has_plan(&self) -> bool {
        self.metrics.contains_key("objective")
    }
}

/// The document `results.json` holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompareResults {
    /// `bianzhi.compare/1`.
    pub format: String,
    pub sweep: SweepInfo,
    /// Which rows this folder holds when it is one shard (`index` of `count`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<super::Shard>,
    pub rows: Vec<CompareRow>,
}

impl CompareResults {
    /// Whether every row of the sweep is here (unsharded, or merged).
    pub fn complete(&self) -> bool {
        self.shard.is_none()
    }

    /// The rows that fail an acceptance test.
    pub fn failures(&self) -> Vec<&CompareRow> {
        self.rows.iter().filter(|r| r.accepted == Some(false)).collect()
    }
}

/// Plan 1's metrics: `gap`, `objective`, granted and rate per tier, the terms, the
/// totals, the units disrupted and each pool after.
pub fn measure(s: &Scenario, tiers: &[String], plan: &Plan, gap: f64) -> BTreeMap<String, f64> {
    let mut m = BTreeMap::new();
    m.insert("gap".to_string(), gap);
    m.insert("objective".to_string(), plan.objective);
    let mut asked: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for r in &plan.requests {
        let tier = s.request(&r.request).map(|q| q.tier.as_str()).unwrap_or("");
        let e = asked.entry(tier).or_default();
        e.0 += r.amount;
        e.1 += r.granted;
    }
    let (mut all_asked, mut all_granted) = (0, 0);
    for tier in tiers {
        let (a, g) = asked.get(tier.as_str()).copied().unwrap_or((0, 0));
        all_asked += a;
        all_granted += g;
        m.insert(format!("fulfilled.{tier}"), g as f64);
        if a > 0 {
            m.insert(format!("rate.{tier}"), g as f64 / a as f64);
        }
    }
    m.insert("requests_funded".into(), plan.requests.iter().filter(|r| r.granted > 0).count() as f64);
    for key in ["reclaimed", "donor_units", "merges", "released", "absorbed", "staff_moved"] {
        m.insert(key.into(), plan.terms.get(key).copied().unwrap_or(0) as f64);
    }
    m.insert("fulfilled".into(), all_granted as f64);
    if all_asked > 0 {
        m.insert("rate".into(), all_granted as f64 / all_asked as f64);
    }
    let disrupted: BTreeSet<&str> = plan
        .moves
        .iter()
        .filter_map(|mv| match mv {
            Move::Reclaim { from, .. } | Move::Merge { from, .. } | Move::Absorb { from, .. } => Some(from.as_str()),
            // Returns are the ledger's, the same in every plan and variant of one date.
            Move::Grant { .. } | Move::Return { .. } => None,
        })
        .collect();
    m.insert("units_disrupted".into(), disrupted.len() as f64);
    for pc in &plan.pools {
        m.insert(format!("pool_after.{}", pc.pool), pc.after as f64);
    }
    m
}

/// Acceptance verdicts against the baseline row of the same scenario and repeat, and
/// the Pareto marks, over a complete set of rows.
pub fn judge_compare(info: &SweepInfo, rows: &mut [CompareRow]) -> Result<(), String> {
    let tests: Vec<AcceptTest> = info.accept.iter().map(|t| AcceptTest::parse(t)).collect::<Result<_, _>>()?;
    let baseline_of: BTreeMap<(String, usize), CompareRow> = match &info.baseline {
        Some(name) => rows.iter().filter(|r| &r.variant == name).map(|r| ((r.scenario.clone(), r.repeat), r.clone())).collect(),
        None => BTreeMap::new(),
    };
    for row in rows.iter_mut() {
        row.baseline = info.baseline.as_deref() == Some(row.variant.as_str());
        if tests.is_empty() {
            row.tests.clear();
            row.accepted = None;
            continue;
        }
        let base = baseline_of.get(&(row.scenario.clone(), row.repeat));
        row.tests = tests.iter().map(|t| t.judge(row.value(&t.metric), base.and_then(|b| b.value(&t.metric)))).collect();
        row.accepted = Some(row.tests.iter().all(|v| v.pass));
    }
    // Pareto: among rows with a plan of one scenario and repeat, a row is efficient
    // when no other has at least its fulfilment and at most its disruption, one of
    // them strictly. Rows are compared within their group only.
    // (row index, fulfilment, disruption) per (scenario, repeat).
    type Point = (usize, f64, f64);
    let mut groups: BTreeMap<(&str, usize), Vec<Point>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        if let Some(d) = r.value(DISRUPTION).filter(|_| r.has_plan()) {
            groups.entry((r.scenario.as_str(), r.repeat)).or_default().push((i, r.value(FULFILMENT).unwrap_or(0.0), d));
        }
    }
    let mut pareto: Vec<Option<bool>> = vec![None; rows.len()];
    for points in groups.values() {
        for &(i, f, d) in points {
            pareto[i] = Some(!points.iter().any(|&(_, f2, d2)| f2 >= f && d2 <= d && (f2 > f || d2 < d)));
        }
    }
    for (row, mark) in rows.iter_mut().zip(pareto) {
        row.pareto = mark;
    }
    Ok(())
}
