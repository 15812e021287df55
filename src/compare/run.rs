//! Rows solved side by side: `threads` workers, each row one ranked
//! solve with one HiGHS thread (its models built and dropped inside the task), plan 1
//! measured, the row's plans.json and model written as soon as it is solved. A row
//! that is infeasible, hits a limit or fails is a row with its status; the sweep goes
//! on. `--shard I/N` takes rows I, I+N, I+2N, … of the whole sweep.

use super::grid::{RowKey, Sweep};
use super::results::{measure, CompareRow};
use crate::error::Error;
use crate::search::solve_ranked;
use crate::report::write_atomic;
use crate::workers::Workers;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::Instant;

/// One shard of a sweep: rows `index`, `index + count`, … (1-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl Shard {
    /// Environment variables a job array sets to the task's index: Slurm's (from the
    /// `--array` range, 1..=N here) and Kubernetes Indexed Jobs' (0-based).
    pub const ENV: [(&'static str, usize); 2] = [("SLURM_ARRAY_TASK_ID", 0), ("JOB_COMPLETION_INDEX", 1)];

    /// Parses `I/N` (1 ≤ I ≤ N) or `auto/N`, where I comes from `SLURM_ARRAY_TASK_ID`
    /// (1-based, as in `sbatch --array=1-N`) or `JOB_COMPLETION_INDEX` (0-based, as
    /// Kubernetes numbers an Indexed Job's pods).
    pub fn parse(text: &str, env: impl Fn(&str) -> Option<String>) -> Result<Shard, String> {
        let usage = || format!("--shard {text}: expected I/N with 1 ≤ I ≤ N (for example 2/8), or auto/N");
        let (i, n) = text.split_once('/').ok_or_else(usage)?;
        let count: usize = n.trim().parse().ok().filter(|&n| n >= 1).ok_or_else(usage)?;
        let index = if i.trim() == "auto" {
            let found = Shard::ENV.iter().find_map(|(var, shift)| env(var).map(|v| (*var, *shift, v)));
            let Some((var, shift, value)) = found else {
                return Err(format!(
                    "--shard auto/{count}: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set (run it as a Slurm array task or a Kubernetes Indexed Job, or give I/{count})"
                ));
            };
            let v: usize = value.trim().parse().map_err(|_| format!("--shard auto/{count}: {var}={value} is not a whole number"))?;
            v + shift
        } else {
            i.trim().parse().map_err(|_| usage())?
        };
        if index == 0 || index > count {
            return Err(format!("--shard {text}: shard {index} is not one of 1..={count} (a Slurm array for {count} shards is --array=1-{count})"));
        }
        Ok(Shard { index, count })
    }

    pub fn takes(&self, row: usize) -> bool {
        (row - 1) % self.count == self.index - 1
    }
}

/// A variant's folder, relative to the output folder: its model.toml is there, and its
/// rows' plans.json (under `repeat-R/` when rows repeat).
pub fn variant_dir(scenario: &str, folder: &str) -> String {
    format!("variants/{scenario}/{folder}")
}

/// The row's plans.json, relative to the output folder.
pub fn plans_path(sweep: &Sweep, key: &RowKey) -> String {
    let p = &sweep.scenarios[key.scenario];
    let dir = variant_dir(&p.name, &p.variants[key.variant].folder);
    if sweep.info.repeat > 1 {
        format!("{dir}/repeat-{}/plans.json", key.repeat)
    } else {
        format!("{dir}/plans.json")
    }
}

/// The variant's model file, relative to the output folder.
pub fn model_path(sweep: &Sweep, key: &RowKey) -> String {
    let p = &sweep.scenarios[key.scenario];
    format!("{}/model.toml", variant_dir(&p.name, &p.variants[key.variant].folder))
}

/// Solves the rows of `shard` (all when none) with `threads` workers and writes each
/// row's plans.json and model under `out`; `done` is called as each row finishes (in
/// any order). Rows come back in sweep order.
pub fn run_sweep(sweep: &Sweep, shard: Option<Shard>, threads: usize, out: &Path, done: &(dyn Fn(&CompareRow) + Sync)) -> Result<Vec<CompareRow>, Error> {
    let keys: Vec<&RowKey> = sweep.rows.iter().filter(|k| shard.is_none_or(|s| s.takes(k.row))).collect();
    let workers = Workers::new(threads, "compare")?;
    Ok(workers.run(&keys, |key| {
        let row = solve_row(sweep, key, out);
        done(&row);
        row
    }))
}

fn solve_row(sweep: &Sweep, key: &RowKey, out: &Path) -> CompareRow {
    let started = Instant::now();
    let p = &sweep.scenarios[key.scenario];
    let v = &p.variants[key.variant];
    let scenario = &p.typed[v.typed];
    let opts = crate::solve::SolveOptions { threads: 1, ..sweep.opts.clone() };
    let mut row = CompareRow {
        row: key.row,
        scenario: p.name.clone(),
        variant: v.name.clone(),
        model: v.model.clone(),
        overrides: v.overrides.iter().map(|(k, val)| format!("{k}={val}")).collect::<Vec<_>>().join(","),
        repeat: key.repeat,
        status: String::new(),
        metrics: Default::default(),
        seconds: 0.0,
        timings: Default::default(),
        message: None,
        plans: None,
        baseline: false,
        accepted: None,
        tests: Vec::new(),
        pareto: None,
    };
    match solve_ranked(scenario, &v.policy, sweep.plans, &opts) {
        Ok(ranked) => {
            row.status = ranked.doc.solver.status.clone();
            if let Some(plan) = ranked.doc.plans.first() {
                row.metrics = measure(scenario, &sweep.tiers, plan, ranked.doc.solver.gap);
            }
            // Why fewer plans came back, or a limit; not how the solve was split.
            let notes: Vec<&str> = ranked.notes.iter().map(String::as_str).filter(|n| !n.starts_with("solved as")).collect();
            if !notes.is_empty() {
                row.message = Some(notes.join("; "));
            }
            row.timings = ranked.phases.named().iter().map(|(k, v)| (k.to_string(), *v)).collect();
            let t = Instant::now();
            let json = serde_json::to_string_pretty(&ranked.doc).expect("plans serialise") + "\n";
            let plans = plans_path(sweep, key);
            let written = write_atomic(&out.join(&plans), json.as_bytes())
                .and_then(|()| write_atomic(&out.join(model_path(sweep, key)), v.policy.source_text().as_bytes()));
            row.timings.insert("write".into(), t.elapsed().as_secs_f64());
            match written {
                Ok(()) => row.plans = Some(plans),
                Err(e) => {
                    row.status = "error".into();
                    row.message = Some(e.to_string());
                }
            }
        }
        Err(e) => {
            row.status = match &e {
                Error::Infeasible(_) => "infeasible",
                Error::NoSolution(_) => "no_solution",
                _ => "error",
            }
            .into();
            row.message = Some(e.to_string());
        }
    }
    row.seconds = started.elapsed().as_secs_f64();
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
    }

    #[test]
    fn shards_parse_from_flags_and_job_arrays() {
        assert_eq!(Shard::parse("2/4", env(&[])), Ok(Shard { index: 2, count: 4 }));
        assert_eq!(Shard::parse("auto/4", env(&[("SLURM_ARRAY_TASK_ID", "3")])), Ok(Shard { index: 3, count: 4 }));
        assert_eq!(Shard::parse("auto/4", env(&[("JOB_COMPLETION_INDEX", "0")])), Ok(Shard { index: 1, count: 4 }));
        assert!(Shard::parse("auto/4", env(&[])).unwrap_err().contains("neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX"));
        assert!(Shard::parse("auto/4", env(&[("JOB_COMPLETION_INDEX", "4")])).unwrap_err().contains("not one of 1..=4"));
        for bad in ["0/4", "5/4", "1/0", "x/2", "2", "1/-1"] {
            assert!(Shard::parse(bad, env(&[])).is_err(), "{bad}");
        }
    }

    #[test]
    fn shards_cover_every_row_once() {
        let n = 3;
        for row in 1..=10 {
            let owners: Vec<usize> = (1..=n).filter(|&i| Shard { index: i, count: n }.takes(row)).collect();
            assert_eq!(owners.len(), 1, "row {row}");
        }
        assert!(Shard { index: 1, count: 3 }.takes(4));
    }
}
