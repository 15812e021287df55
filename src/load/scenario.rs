//! `scenario.toml`: the scenario's name and date, its default policy model and the
//! paths of its tables, all relative to the manifest's folder. The model reference is
//! kept as written and resolved (a path, a `NAME.toml` beside the manifest, or a
//! built-in model); an unresolvable one is reported when the scenario is read, with
//! every other problem.

use crate::error::{toml_issue, Issue, Severity};
use crate::policy::builtin::{resolve_model, ModelSource};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The longest horizon `[scenario] years` or `solve --years` takes: a plan of
/// establishment is made for a term of office, not a generation.
pub const MAX_YEARS: usize = 10;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    scenario: RawHeader,
    data: RawData,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    name: String,
    #[serde(default)]
    as_of: String,
    #[serde(default)]
    model: Option<String>,
    /// Years a plan covers when `solve` is not given `--years` (DESIGN §14). Default 1.
    #[serde(default)]
    years: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawData {
    units: String,
    establishments: String,
    #[serde(default)]
    pools: Option<String>,
    #[serde(default)]
    requests: Option<String>,
    #[serde(default)]
    grants: Option<String>,
}

/// `[scenario] model` as written and what it resolves to.
#[derive(Clone, Debug)]
pub struct ManifestModel {
    pub written: String,
    /// The file or built-in; `Err` with an issue naming `scenario.toml`, its line and
    /// the value when the reference is an unknown name.
    pub source: Result<ModelSource, Issue>,
}

/// A parsed manifest with paths resolved against its folder.
#[derive(Clone, Debug)]
pub struct Manifest {
    pub dir: PathBuf,
    pub name: String,
    pub as_of: String,
    pub model: Option<ManifestModel>,
    /// Table key → (path to read, name shown in messages).
    pub units: (PathBuf, String),
    pub establishments: (PathBuf, String),
    pub pools: Option<(PathBuf, String)>,
    pub requests: Option<(PathBuf, String)>,
    /// The revolving-grant ledger (DESIGN §14), optional.
    pub grants: Option<(PathBuf, String)>,
    /// `[scenario] years`: the horizon `solve` plans without `--years`.
    pub years: Option<usize>,
}

impl Manifest {
    /// Every input file the scenario reads (manifest included), for the
    /// never-overwrite-an-input check.
    pub fn input_files(&self) -> Vec<PathBuf> {
        let mut v = vec![self.dir.join("scenario.toml"), strip_sheet(&self.units.0), strip_sheet(&self.establishments.0)];
        v.extend(self.pools.iter().map(|p| strip_sheet(&p.0)));
        v.extend(self.requests.iter().map(|p| strip_sheet(&p.0)));
        v.extend(self.grants.iter().map(|p| strip_sheet(&p.0)));
        v.extend(self.model.iter().filter_map(|m| m.source.as_ref().ok()?.file().map(Path::to_path_buf)));
        v
    }
}

fn strip_sheet(p: &Path) -> PathBuf {
    let s = p.to_string_lossy();
    PathBuf::from(super::workbook::split_sheet(&s).0)
}

/// Reads `SCENARIO/scenario.toml` (or the file itself when a `.toml` file is given).
/// Any other file, a missing path and a folder without `scenario.toml` are refused
/// saying that a scenario folder is expected.
pub fn load_manifest(scenario: &Path) -> Result<Manifest, Vec<Issue>> {
    let expected = "a scenario is a folder holding scenario.toml (or that scenario.toml itself)";
    let given = scenario.display().to_string();
    if !scenario.exists() {
        return Err(vec![Issue::file_error(&given, format!("cannot read the scenario: no such file or folder; {expected}"))]);
    }
    let is_toml = scenario.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    if !scenario.is_dir() && !is_toml {
        return Err(vec![Issue::file_error(&given, format!("this is a file, not a scenario folder; {expected}"))]);
    }
    let (dir, file) = if scenario.is_dir() {
        (scenario.to_path_buf(), scenario.join("scenario.toml"))
    } else {
        (scenario.parent().map(Path::to_path_buf).unwrap_or_default(), scenario.to_path_buf())
    };
    let shown = file.display().to_string();
    if scenario.is_dir() && !file.is_file() {
        return Err(vec![Issue::file_error(&shown, format!("not found: {given} is a folder but not a scenario; {expected}"))]);
    }
    let text = std::fs::read_to_string(&file)
        .map_err(|e| vec![Issue::file_error(&shown, format!("cannot read scenario manifest: {e}"))])?;
    let raw: RawManifest = toml::from_str(&text).map_err(|e| vec![toml_issue(&text, &shown, &e)])?;
    if let Some(n) = raw.scenario.years.filter(|n| !(1..=MAX_YEARS).contains(n)) {
        return Err(vec![Issue {
            severity: Severity::Error,
            file: shown.clone(),
            row: crate::policy::line_of_key(&text, "scenario", "years"),
            column: Some("scenario.years".into()),
            value: Some(n.to_string()),
            message: format!("expected a number of years between 1 and {MAX_YEARS}"),
        }]);
    }
    let resolve = |rel: &str| -> (PathBuf, String) { (dir.join(rel), rel.to_string()) };
    let model = raw.scenario.model.map(|written| {
        let source = resolve_model(Path::new(&written), &dir).map_err(|message| Issue {
            severity: Severity::Error,
            file: shown.clone(),
            row: crate::policy::line_of_key(&text, "scenario", "model"),
            column: Some("scenario.model".into()),
            value: Some(written.clone()),
            message,
        });
        ManifestModel { written, source }
    });
    Ok(Manifest {
        name: raw.scenario.name,
        as_of: raw.scenario.as_of,
        model,
        units: resolve(&raw.data.units),
        establishments: resolve(&raw.data.establishments),
        pools: raw.data.pools.as_deref().map(resolve),
        requests: raw.data.requests.as_deref().map(resolve),
        grants: raw.data.grants.as_deref().map(resolve),
        years: raw.scenario.years,
        dir,
    })
}
