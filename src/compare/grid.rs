//! The sweep prepared before anything is solved: each scenario read once and typed
//! once per model, every variant built (its model text edited, parsed and checked like
//! a model file, then checked against the scenario), the baseline and the acceptance
//! metrics found, and the rows laid out in their fixed order. Any problem stops the
//! sweep here, naming the variant and the key.

use super::accept::AcceptTest;
use super::results::{ScenarioInfo, SetInfo, SweepInfo, VariantInfo, TERMS};
use super::set::{self, Setting};
use crate::domain::Scenario;
use crate::error::{did_you_mean, Error, Issue};
use crate::policy::builtin::resolve_model;
use crate::policy::Policy;
use crate::solve::SolveOptions;
use crate::validate::read_scenario;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The flags of `compare`, resolved.
#[derive(Clone, Debug)]
pub struct SweepRequest {
    pub scenarios: Vec<PathBuf>,
    /// Models to sweep (`--model`, in order); none = each scenario's own.
    pub models: Vec<PathBuf>,
    pub sets: Vec<Setting>,
    /// Ranked plans per variant (metrics are plan 1's).
    pub plans: usize,
    pub repeat: usize,
    pub baseline: Option<String>,
    pub accept: Vec<AcceptTest>,
    /// Per-row solve options: the time limit is each row's, `threads` is ignored (one
    /// HiGHS thread per row).
    pub opts: SolveOptions,
}

/// A variant: a model with overrides.
#[derive(Clone, Debug)]
pub struct Variant {
    /// `baseline[reclaim.keep_vacant=0,tiers.key.weight=100]`, or the model's name.
    pub name: String,
    /// The model's name.
    pub model: String,
    /// (key, value as written), in key order.
    pub overrides: Vec<(String, String)>,
    pub policy: Policy,
    /// Which of its scenario's typings it is solved on (one per model given).
    pub typed: usize,
    /// Folder under `variants/<scenario>/`: `NNN-<name>`, safe on any file system.
    pub folder: String,
}

/// A scenario of the sweep, typed, with its variants.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub name: String,
    pub dir: PathBuf,
    /// Its input files (tables, scenario.toml, model files), which no output may touch.
    pub inputs: Vec<PathBuf>,
    /// The tables typed under each model given (types and tier labels may differ).
    pub typed: Vec<Scenario>,
    pub variants: Vec<Variant>,
}

impl Prepared {
    /// The scenario as typed under the first model: its identity.
    pub fn scenario(&self) -> &Scenario {
        &self.typed[0]
    }
}

/// One row to solve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowKey {
    /// 1-based in the whole sweep.
    pub row: usize,
    pub scenario: usize,
    pub variant: usize,
    pub repeat: usize,
}

/// A prepared sweep.
#[derive(Clone, Debug)]
pub struct Sweep {
    pub scenarios: Vec<Prepared>,
    pub rows: Vec<RowKey>,
    pub info: SweepInfo,
    /// Tier keys measured, in column order.
    pub tiers: Vec<String>,
    pub plans: usize,
    pub opts: SolveOptions,
    /// Warnings of loading and of the variants, each once.
    pub warnings: Vec<Issue>,
}

/// Reads, types and checks everything; builds every variant. `Err` before any solve.
pub fn prepare_sweep(req: &SweepRequest) -> Result<Sweep, Error> {
    if req.scenarios.is_empty() {
        return Err(Error::Usage("compare needs at least one scenario folder".into()));
    }
    let names: Vec<String> = req.scenarios.iter().map(|dir| folder_name(dir)).collect();
    let mut seen_names: BTreeMap<&str, &Path> = BTreeMap::new();
    for (dir, name) in req.scenarios.iter().zip(&names) {
        if let Some(other) = seen_names.insert(name, dir) {
            return Err(Error::Usage(format!(
                "two scenarios are both named {name} ({} and {}); the scenario column and the variants folder need distinct folder names",
                other.display(),
                dir.display()
            )));
        }
    }
    let mut keys = BTreeSet::new();
    for s in &req.sets {
        if !keys.insert(s.key.as_str()) {
            return Err(Error::Usage(format!("--set {} is given twice; give all its values in one --set {}=V1,V2,…", s.key, s.key)));
        }
    }
    let mut sets: Vec<&Setting> = req.sets.iter().collect();
    sets.sort_by(|a, b| a.key.cmp(&b.key));

    let mut issues: Vec<Issue> = Vec::new();
    let mut warnings: Vec<Issue> = Vec::new();
    let mut of_variants = VariantIssues::default();
    let mut prepared = Vec::new();
    let mut tiers: Vec<String> = Vec::new();
    for (dir, name) in req.scenarios.iter().zip(&names) {
        let raw = match read_scenario(dir, req.models.first().map(PathBuf::as_path)) {
            Ok(raw) => raw,
            Err(mut e) => {
                issues.append(&mut e);
                continue;
            }
        };
        let mut bases = vec![raw.policy().clone()];
        for m in req.models.iter().skip(1) {
            let loaded = resolve_model(m, Path::new(""))
                .map_err(|message| vec![Issue { value: Some(m.display().to_string()), ..Issue::file_error("--model", message) }])
                .and_then(|source| Policy::load_source(&source));
            match loaded {
                Ok(p) => bases.push(p),
                Err(mut e) => issues.append(&mut e),
            }
        }
        let mut model_names = BTreeSet::new();
        for b in &bases {
            if !model_names.insert(b.name.clone()) {
                return Err(Error::Usage(format!(
                    "two models given are both named {} ([model] name); variants are named after their model, so give each model its own name",
                    b.name
                )));
            }
        }
        let mut inputs = raw.manifest().input_files();
        let mut variants = Vec::new();
        let mut typed = Vec::new();
        for base in &bases {
            inputs.extend(base.input_file().map(Path::to_path_buf));
            for (key, _) in crate::report::tiers_by_weight(base) {
                if !tiers.contains(key) {
                    tiers.push(key.clone());
                }
            }
            let loaded = match raw.validate_with(base) {
                Ok(l) => l,
                Err(mut e) => {
                    issues.append(&mut e);
                    continue;
                }
            };
            warnings.extend(loaded.warnings.iter().cloned());
            for v in variants_of(base, &sets)? {
                match v {
                    Ok(v) => {
                        // Weights and tier weights change no check: the base's passed.
                        let (a, b) = (&v.policy, base);
                        let same_rules = a.reclaim == b.reclaim && a.consolidation == b.consolidation && a.receiving == b.receiving && a.reserve == b.reserve;
                        if !same_rules {
                            for issue in raw.check_variant(&loaded.scenario, &v.policy) {
                                of_variants.add(issue, &v.name);
                            }
                        }
                        variants.push(Variant { typed: typed.len(), ..v });
                    }
                    Err((name, e)) => {
                        for issue in e {
                            of_variants.add(issue, &name);
                        }
                    }
                }
            }
            typed.push(loaded.scenario);
        }
        if !typed.is_empty() {
            let width = variants.len().to_string().len().max(3);
            for (i, v) in variants.iter_mut().enumerate() {
                v.folder = format!("{:0width$}-{}", i + 1, safe_name(&v.name));
            }
            prepared.push(Prepared { name: name.clone(), dir: raw.manifest().dir.clone(), inputs, typed, variants });
        }
    }
    for issue in of_variants.issues() {
        if issue.is_error() {
            issues.push(issue);
        } else {
            warnings.push(issue);
        }
    }
    // Each problem once: a scenario warns alike under every model, a bad --model is bad
    // for every scenario.
    let mut seen = BTreeSet::new();
    issues.retain(|w| seen.insert(w.to_string()));
    warnings.retain(|w| seen.insert(w.to_string()));
    if issues.iter().any(Issue::is_error) {
        issues.extend(warnings);
        return Err(Error::Invalid(issues));
    }

    let mut pools: BTreeSet<String> = BTreeSet::new();
    for p in &prepared {
        pools.extend(p.scenario().pools.iter().map(|pl| pl.id.clone()));
    }
    let mut metrics: Vec<String> = vec!["gap".into(), "objective".into()];
    metrics.extend(tiers.iter().map(|t| format!("fulfilled.{t}")));
    metrics.extend(tiers.iter().map(|t| format!("rate.{t}")));
    metrics.extend(TERMS.iter().map(|t| t.to_string()));
    metrics.extend(pools.iter().map(|p| format!("pool_after.{p}")));
    metrics.push("seconds".into());

    if let Some(name) = &req.baseline {
        for p in &prepared {
            if !p.variants.iter().any(|v| &v.name == name) {
                let names: Vec<&str> = p.variants.iter().map(|v| v.name.as_str()).collect();
                let hint = did_you_mean(name, names.iter().copied()).map(|b| format!("; did you mean `{b}`?")).unwrap_or_default();
                let shown: Vec<&str> = names.iter().take(8).copied().collect();
                let more = if names.len() > 8 { format!(", … ({} in all)", names.len()) } else { String::new() };
                return Err(Error::Usage(format!(
                    "--baseline {name} is not a variant of scenario {}{hint} (variants: {}{more})",
                    p.name,
                    shown.join(", ")
                )));
            }
        }
    }
    for t in &req.accept {
        t.check_metric(metrics.iter().map(String::as_str)).map_err(Error::Usage)?;
        if t.needs_baseline() && req.baseline.is_none() {
            return Err(Error::Usage(format!("--accept \"{t}\" compares with the baseline: name it with --baseline VARIANT")));
        }
    }

    let mut rows = Vec::new();
    for (si, p) in prepared.iter().enumerate() {
        for vi in 0..p.variants.len() {
            for repeat in 1..=req.repeat {
                rows.push(RowKey { row: rows.len() + 1, scenario: si, variant: vi, repeat });
            }
        }
    }
    let info = SweepInfo {
        scenarios: prepared
            .iter()
            .map(|p| ScenarioInfo { name: p.name.clone(), title: p.scenario().name.clone(), input_digest: p.scenario().digest.clone() })
            .collect(),
        variants: prepared
            .iter()
            .flat_map(|p| {
                p.variants.iter().map(|v| VariantInfo {
                    scenario: p.name.clone(),
                    name: v.name.clone(),
                    model: v.model.clone(),
                    model_digest: v.policy.digest.clone(),
                    overrides: v.overrides.iter().cloned().collect(),
                    folder: v.folder.clone(),
                })
            })
            .collect(),
        sets: sets.iter().map(|s| SetInfo { key: s.key.clone(), values: s.values.clone() }).collect(),
        plans: req.plans,
        repeat: req.repeat,
        baseline: req.baseline.clone(),
        accept: req.accept.iter().map(|t| t.text.clone()).collect(),
        time_limit: req.opts.time_limit,
        gap: req.opts.gap,
        metrics,
        rows: rows.len(),
    };
    Ok(Sweep { scenarios: prepared, rows, info, tiers, plans: req.plans, opts: req.opts.clone(), warnings })
}

/// The variants of one model: the cartesian product of the sets (first key slowest,
/// values in the order given). A key or value that cannot be used is a usage error
/// (`Err`); a variant whose model fails the model's checks is an `Ok(Err((name, issues)))`.
#[allow(clippy::type_complexity)]
fn variants_of(base: &Policy, sets: &[&Setting]) -> Result<Vec<Result<Variant, (String, Vec<Issue>)>>, Error> {
    if sets.is_empty() {
        return Ok(vec![Ok(Variant { name: base.name.clone(), model: base.name.clone(), overrides: Vec::new(), policy: base.clone(), typed: 0, folder: String::new() })]);
    }
    let mut typed: Vec<Vec<(String, toml_edit::Value)>> = Vec::new();
    for s in sets {
        let path = s.path();
        let leaf = set::leaf_of(base, &path).map_err(|e| Error::Usage(format!("--set {}: {e}", s.key)))?;
        let mut values = Vec::new();
        for v in &s.values {
            let value = set::typed_value(&leaf, v).map_err(|e| Error::Usage(format!("--set {}={v}: {e}", s.key)))?;
            values.push((v.clone(), value));
        }
        typed.push(values);
    }
    let total: usize = typed.iter().map(Vec::len).product();
    let mut out = Vec::with_capacity(total);
    for n in 0..total {
        // Mixed radix, last key fastest.
        let mut rest = n;
        let mut pick = vec![0; typed.len()];
        for k in (0..typed.len()).rev() {
            pick[k] = rest % typed[k].len();
            rest /= typed[k].len();
        }
        let overrides: Vec<(String, String)> = sets.iter().zip(&typed).zip(&pick).map(|((s, values), &i)| (s.key.clone(), values[i].0.clone())).collect();
        let name = format!("{}[{}]", base.name, overrides.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(","));
        let edits: Vec<(Vec<&str>, toml_edit::Value)> =
            sets.iter().zip(&pick).enumerate().map(|(k, (s, &i))| (s.path(), typed[k][i].1.clone())).collect();
        let text = set::apply(base.source_text(), &name, &edits).map_err(|e| Error::Usage(format!("variant {name}: {e}")))?;
        out.push(match base.variant(&text) {
            Ok(policy) => Ok(Variant { name: name.clone(), model: base.name.clone(), overrides, policy, typed: 0, folder: String::new() }),
            Err(issues) => Err((name.clone(), issues.into_iter().map(|i| Issue { file: "--set".into(), row: None, ..i }).collect())),
        });
    }
    Ok(out)
}

/// Problems of variants, each said once with the variants it concerns: a bad value of
/// one key is the same problem in every variant that has it.
#[derive(Default)]
struct VariantIssues {
    order: Vec<(Issue, Vec<String>)>,
    at: BTreeMap<String, usize>,
}

impl VariantIssues {
    fn add(&mut self, issue: Issue, variant: &str) {
        let key = issue.to_string();
        match self.at.get(&key) {
            Some(&i) => self.order[i].1.push(variant.to_string()),
            None => {
                self.at.insert(key, self.order.len());
                self.order.push((issue, vec![variant.to_string()]));
            }
        }
    }

    fn issues(self) -> Vec<Issue> {
        self.order
            .into_iter()
            .map(|(issue, names)| {
                let which = match names.as_slice() {
                    [one] => format!("variant {one}"),
                    [first, ..] => format!("{} variants ({first}, …)", names.len()),
                    [] => unreachable!("an issue is added with its variant"),
                };
                Issue { message: format!("{which}: {}", issue.message), ..issue }
            })
            .collect()
    }
}

/// The last component of a scenario path (its folder; the folder of a scenario.toml).
fn folder_name(dir: &Path) -> String {
    let dir = if dir.file_name().is_some_and(|n| n == "scenario.toml") { dir.parent().unwrap_or(dir) } else { dir };
    let abs = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    abs.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "scenario".into())
}

/// A variant name as a folder name on any file system: the characters Windows refuses,
/// quotes and control characters replaced by `_`, and at most 100 characters (the
/// numbered prefix keeps folders distinct).
fn safe_name(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '\'' | '<' | '>' | '|' | ' ') { '_' } else { c })
        .collect();
    if s.chars().count() > 100 {
        s = s.chars().take(100).collect();
    }
    s.trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_are_safe() {
        assert_eq!(safe_name("baseline[reclaim.keep_vacant=0]"), "baseline[reclaim.keep_vacant=0]");
        assert_eq!(safe_name(r#"b[consolidation.kinds=["admin"]]"#), "b[consolidation.kinds=[_admin_]]");
        assert_eq!(safe_name(&"x".repeat(300)).len(), 100);
        assert_eq!(safe_name("a/b:c."), "a_b_c");
    }
}
