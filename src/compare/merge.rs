//! `compare --merge DIR… --out DIR`: the shard folders of one sweep joined into exactly
//! the results of the unsharded run (apart from the timing fields): the shards checked
//! to be of one sweep, each once, all of them, every row once; each row's files copied;
//! then the acceptance tests and the Pareto marks judged over all rows.

use super::results::{judge_compare, CompareResults, COMPARE_FORMAT};
use super::run::variant_dir;
use crate::error::{Error, Issue, Severity};
use crate::report::write_atomic;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn invalid(file: &Path, column: Option<&str>, message: String) -> Error {
    Error::Invalid(vec![Issue {
        severity: Severity::Error,
        file: file.display().to_string(),
        row: None,
        column: column.map(str::to_string),
        value: None,
        message,
    }])
}

/// Reads a shard folder's results.json.
pub fn read_results(dir: &Path) -> Result<CompareResults, Error> {
    let file = dir.join("results.json");
    let text = std::fs::read_to_string(&file).map_err(|e| {
        invalid(&file, None, format!("cannot read the results of a compare run: {e} (each --merge folder is the --out of one `compare --shard` run)"))
    })?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| invalid(&file, None, format!("not a JSON document: {e}")))?;
    match value.get("format").and_then(|f| f.as_str()) {
        Some(COMPARE_FORMAT) => {}
        Some(other) => return Err(invalid(&file, Some("format"), format!("this is a `{other}` document, not `{COMPARE_FORMAT}` (the results.json that `bianzhi compare` writes)"))),
        None => return Err(invalid(&file, Some("format"), format!("no \"format\" field: not a `{COMPARE_FORMAT}` document"))),
    }
    serde_json::from_value(value).map_err(|e| invalid(&file, None, format!("not a valid {COMPARE_FORMAT} document: {e}")))
}

/// Joins the shards in `dirs` into `out` (each row's plans.json and model copied) and
/// returns the complete, judged results for the caller to write.
pub fn merge_compare(dirs: &[PathBuf], out: &Path) -> Result<CompareResults, Error> {
    if dirs.is_empty() {
        return Err(Error::Usage("--merge needs the shard folders to join".into()));
    }
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    if let Some(d) = dirs.iter().find(|d| abs(d) == abs(out)) {
        return Err(Error::Usage(format!("--out {} is one of the shard folders; merge into a folder of its own", d.display())));
    }
    let mut parts: Vec<(PathBuf, CompareResults)> = Vec::new();
    for d in dirs {
        parts.push((d.clone(), read_results(d)?));
    }
    let (first_dir, first) = &parts[0];
    let count = first.shard.map_or(1, |s| s.count);
    let mut by_index: BTreeMap<usize, &PathBuf> = BTreeMap::new();
    for (dir, r) in &parts {
        let file = dir.join("results.json");
        if r.sweep != first.sweep {
            return Err(invalid(
                &file,
                Some("sweep"),
                format!("is another sweep than {}: {}", first_dir.join("results.json").display(), sweep_difference(&first.sweep, &r.sweep)),
            ));
        }
        let (index, n) = r.shard.map_or((1, 1), |s| (s.index, s.count));
        if n != count {
            return Err(invalid(&file, Some("shard"), format!("is shard {index} of {n}, but {} is a shard of {count}", first_dir.display())));
        }
        if let Some(other) = by_index.insert(index, dir) {
            return Err(invalid(&file, Some("shard"), format!("shard {index} of {count} is given twice (also {})", other.display())));
        }
    }
    let missing: Vec<String> = (1..=count).filter(|i| !by_index.contains_key(i)).map(|i| i.to_string()).collect();
    if !missing.is_empty() {
        return Err(Error::Usage(format!(
            "shard {} of {count} missing: give every shard folder of the sweep to --merge",
            missing.join(", ")
        )));
    }
    let mut rows = Vec::with_capacity(first.sweep.rows);
    for (dir, r) in &parts {
        for row in &r.rows {
            if let Some(s) = r.shard.filter(|s| !s.takes(row.row)) {
                return Err(invalid(&dir.join("results.json"), Some("rows"), format!("row {} is not one shard {} of {} runs", row.row, s.index, s.count)));
            }
            rows.push((row.clone(), dir));
        }
    }
    rows.sort_by_key(|(row, _)| row.row);
    for (i, (row, dir)) in rows.iter().enumerate() {
        if row.row != i + 1 {
            return Err(invalid(&dir.join("results.json"), Some("rows"), format!("row {} is {} (rows 1 to {} expected, each once)", i + 1, if row.row <= i { "given twice" } else { "missing" }, first.sweep.rows)));
        }
    }
    if rows.len() != first.sweep.rows {
        return Err(Error::Usage(format!("the shards hold {} rows of the sweep's {}: a shard did not finish", rows.len(), first.sweep.rows)));
    }
    // Copy each row's files; a variant's model once.
    let folders: BTreeMap<(&str, &str), &str> =
        first.sweep.variants.iter().map(|v| ((v.scenario.as_str(), v.name.as_str()), v.folder.as_str())).collect();
    let mut copied = std::collections::BTreeSet::new();
    for (row, dir) in &rows {
        let Some(plans) = &row.plans else { continue };
        let model = folders.get(&(row.scenario.as_str(), row.variant.as_str())).map(|folder| format!("{}/model.toml", variant_dir(&row.scenario, folder)));
        for rel in std::iter::once(plans.clone()).chain(model) {
            if !copied.insert(rel.clone()) {
                continue;
            }
            let from = dir.join(&rel);
            let bytes = std::fs::read(&from).map_err(|e| invalid(&from, None, format!("cannot read the file row {} names: {e}", row.row)))?;
            write_atomic(&out.join(&rel), &bytes)?;
        }
    }
    let mut merged = CompareResults { format: COMPARE_FORMAT.into(), sweep: first.sweep.clone(), shard: None, rows: rows.into_iter().map(|(r, _)| r).collect() };
    judge_compare(&merged.sweep.clone(), &mut merged.rows).map_err(Error::Usage)?;
    Ok(merged)
}

/// The first field in which two sweeps differ, for the refusal.
fn sweep_difference(a: &super::SweepInfo, b: &super::SweepInfo) -> String {
    let (a, b) = (serde_json::to_value(a).unwrap_or_default(), serde_json::to_value(b).unwrap_or_default());
    if let (Some(a), Some(b)) = (a.as_object(), b.as_object()) {
        for (k, va) in a {
            if b.get(k) != Some(va) {
                return format!("its `{k}` differs; merge the shards of one `compare` command");
            }
        }
    }
    "merge the shards of one `compare` command".into()
}
