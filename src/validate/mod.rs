//! Raw tables → a typed, cross-checked [`Scenario`]. Every problem is collected with
//! file, spreadsheet row, column, value and what was expected; nothing stops at the
//! first. Staff above quota is not a problem: it is the overstaffed state the rules
//! handle.
//!
//! `mod.rs` reads a folder (`read_scenario`) and runs the checks in order: one file per
//! table, each typing its rows and checking them against the tables before it —
//! `units`, `lines`, `pools`, `requests`, `grants` (the ledger, against all of them and
//! the scenario's date) — then `policy_checks` (the pools the model names, the forced
//! merges that can never happen). `cells` reads one row's cells into typed values.

mod cells;
mod grants;
mod lines;
mod policy_checks;
mod pools;
mod requests;
mod units;

use cells::unique_ids;
use grants::grants_of;
use lines::lines_of;
use policy_checks::{check_forced_merges, check_policy_pools};
use pools::{pools_of, PoolUsed};
use requests::requests_of;
use units::{check_parents, units_of, ZeroHints};
use crate::domain::{Grant, Line, Pool, Request, Scenario, Unit};
use crate::error::Issue;
use crate::load::{self, Manifest, Table, SPEC_ESTABLISHMENTS, SPEC_GRANTS, SPEC_POOLS, SPEC_REQUESTS, SPEC_UNITS};
use crate::policy::builtin::resolve_model;
use crate::policy::Policy;
use std::path::Path;

/// Largest number accepted in a quota, staff, pool or request cell. A municipal
/// register never holds a single line near this; a larger value is a data error
/// (a pasted id, a sum row).
pub const MAX_COUNT: i64 = 1_000_000;

/// A loaded scenario with the warnings seen on the way.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub scenario: Scenario,
    pub policy: Policy,
    pub manifest: Manifest,
    pub warnings: Vec<Issue>,
}

/// Loads the manifest, the policy model (`model` overrides the manifest's) and every
/// table, and validates them together. `Err` holds every error and warning found.
pub fn load_scenario(dir: &Path, model: Option<&Path>) -> Result<Loaded, Vec<Issue>> {
    read_scenario(dir, model)?.validate()
}

/// A scenario folder read (files decoded, tables parsed, policy model loaded) but not
/// yet typed or checked across tables: the two phases of [`load_scenario`], apart so
/// that each can be measured.
pub struct RawScenario {
    manifest: Manifest,
    policy: Policy,
    tables: Tables,
    issues: Vec<Issue>,
}

impl RawScenario {
    /// Types every cell and checks the tables against each other and the policy.
    pub fn validate(&self) -> Result<Loaded, Vec<Issue>> {
        self.validate_with(&self.policy)
    }

    /// The policy model read with the folder (`--model`, else the manifest's).
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The folder's manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// [`RawScenario::validate`] under another policy model: the tables typed with its
    /// vocabulary (types, tier labels) and checked against it.
    pub fn validate_with(&self, policy: &Policy) -> Result<Loaded, Vec<Issue>> {
        let mut issues = self.issues.clone();
        let manifest_file = self.manifest.dir.join("scenario.toml").display().to_string();
        let scenario = validate(&self.manifest.name, (&self.manifest.as_of, &manifest_file), &self.tables, policy, &mut issues);
        match scenario {
            Some(scenario) if !issues.iter().any(Issue::is_error) => {
                Ok(Loaded { scenario, policy: policy.clone(), manifest: self.manifest.clone(), warnings: issues })
            }
            _ => Err(issues),
        }
    }

    /// The checks of validation that read the policy beyond its vocabulary (the pools
    /// `reclaim.into` and `reserve` name, the vanished units that can never merge), for
    /// a variant of the policy the scenario was typed with: a sweep types the tables
    /// once per model and checks each variant here.
    pub fn check_variant(&self, scenario: &Scenario, policy: &Policy) -> Vec<Issue> {
        let mut issues = Vec::new();
        check_policy_pools(policy, scenario.pools.iter(), self.tables.pools.as_ref().map(|p| p.file.as_str()), &mut issues);
        if !issues.iter().any(Issue::is_error) {
            check_forced_merges(scenario, policy, &self.tables.units, &mut issues);
        }
        issues
    }
}

/// Reads a scenario folder; `Err` when a file cannot be read or parsed at all.
pub fn read_scenario(dir: &Path, model: Option<&Path>) -> Result<RawScenario, Vec<Issue>> {
    let manifest = load::load_manifest(dir)?;
    let mut issues = Vec::new();
    // `--model` is relative to the current folder, a name in it first (NAME.toml), then
    // a built-in; the manifest's model is relative to the scenario folder the same way.
    let source = match (model, &manifest.model) {
        (Some(m), _) => resolve_model(m, Path::new("")).map_err(|message| Issue {
            value: Some(m.display().to_string()),
            ..Issue::file_error("--model", message)
        }),
        (None, Some(m)) => m.source.clone(),
        (None, None) => Err(Issue::file_error(
            &manifest.dir.join("scenario.toml").display().to_string(),
            "no policy model: set [scenario] model or pass --model",
        )),
    };
    let policy = match source {
        Ok(source) => match Policy::load_source(&source) {
            Ok(p) => Some(p),
            Err(mut e) => {
                issues.append(&mut e);
                None
            }
        },
        Err(issue) => {
            issues.push(issue);
            None
        }
    };
    // One open per workbook for all its tables, and one message if it cannot be opened.
    let mut books = load::Workbooks::default();
    let mut read = |(path, shown): &(std::path::PathBuf, String), spec, issues: &mut Vec<Issue>| {
        load::read_table(path, shown, spec, &mut books, issues)
    };
    let units = read(&manifest.units, SPEC_UNITS, &mut issues);
    let lines = read(&manifest.establishments, SPEC_ESTABLISHMENTS, &mut issues);
    let pools = manifest.pools.as_ref().map(|p| read(p, SPEC_POOLS, &mut issues));
    let requests = manifest.requests.as_ref().map(|p| read(p, SPEC_REQUESTS, &mut issues));
    let grants = manifest.grants.as_ref().map(|p| read(p, SPEC_GRANTS, &mut issues));
    let (Some(policy), Some(units), Some(lines)) = (policy, units, lines) else {
        return Err(issues);
    };
    if pools.as_ref().is_some_and(Option::is_none)
        || requests.as_ref().is_some_and(Option::is_none)
        || grants.as_ref().is_some_and(Option::is_none)
    {
        return Err(issues);
    }
    let tables = Tables { units, lines, pools: pools.flatten(), requests: requests.flatten(), grants: grants.flatten() };
    Ok(RawScenario { manifest, policy, tables, issues })
}

/// The raw tables of one scenario.
pub struct Tables {
    pub units: Table,
    pub lines: Table,
    pub pools: Option<Table>,
    pub requests: Option<Table>,
    pub grants: Option<Table>,
}

/// Validates tables against each other and the policy model. Returns the scenario
/// when the tables could be typed at all; errors are in `issues`.
/// `as_of` comes with the manifest file that states it, for the messages about it.
pub fn validate(name: &str, (as_of, manifest_file): (&str, &str), t: &Tables, policy: &Policy, issues: &mut Vec<Issue>) -> Option<Scenario> {
    let type_choices: Vec<(&str, &str)> = policy.types.iter().map(|(k, l)| (k.as_str(), l.as_str())).collect();
    let tier_choices: Vec<(&str, &str)> = policy.tiers.iter().map(|(k, t)| (k.as_str(), t.label.as_str())).collect();

    let units = units_of(&t.units, issues);
    let unit_rows = unique_ids(&t.units, "id", units.iter().map(|(r, u)| (*r, u.id.as_str())), issues);
    let mut zeros = ZeroHints::new(&t.units.file, &unit_rows);
    check_parents(&t.units, &units, &unit_rows, &mut zeros, issues);
    let lines = lines_of(&t.lines, (policy, &type_choices), &unit_rows, &mut zeros, issues);
    let (pools, pool_used) = match &t.pools {
        Some(tp) => pools_of(tp, (policy, &type_choices), &units, issues),
        None => (Vec::new(), PoolUsed::new()),
    };
    let requests = match &t.requests {
        Some(tr) => requests_of(tr, (policy, &type_choices, &tier_choices), &unit_rows, &mut zeros, issues),
        None => Vec::new(),
    };

    check_policy_pools(policy, pools.iter().map(|(_, p)| p), t.pools.as_ref().map(|p| p.file.as_str()), issues);

    let grants = match &t.grants {
        Some(tg) => grants_of(
            tg,
            (as_of, manifest_file),
            (policy, &type_choices, &tier_choices),
            &unit_rows,
            &lines,
            &pools,
            &mut zeros,
            (t.pools.as_ref(), &pool_used),
            issues,
        ),
        None => Vec::new(),
    };

    let mut units: Vec<Unit> = units.into_iter().map(|(_, u)| u).collect();
    let mut lines: Vec<Line> = lines.into_iter().map(|(_, l)| l).collect();
    let mut pools: Vec<Pool> = pools.into_iter().map(|(_, p)| p).collect();
    let mut requests: Vec<Request> = requests.into_iter().map(|(_, r)| r).collect();
    units.sort_by(|a, b| a.id.cmp(&b.id));
    units.dedup_by(|a, b| a.id == b.id);
    lines.sort_by(|a, b| (&a.unit, &a.ty).cmp(&(&b.unit, &b.ty)));
    pools.sort_by(|a, b| a.id.cmp(&b.id));
    requests.sort_by(|a, b| a.id.cmp(&b.id));
    let digest = content_digest(name, as_of, &units, &lines, &pools, &requests, &grants);
    let scenario = Scenario { name: name.to_string(), as_of: as_of.to_string(), units, lines, pools, requests, grants, digest };
    if !issues.iter().any(Issue::is_error) {
        check_forced_merges(&scenario, policy, &t.units, issues);
    }
    Some(scenario)
}

fn content_digest(
    name: &str,
    as_of: &str,
    units: &[Unit],
    lines: &[Line],
    pools: &[Pool],
    requests: &[Request],
    grants: &[Grant],
) -> String {
    /// Streams serialised JSON straight into the hash: no document held in memory.
    struct HashWriter(sha2::Sha256);
    impl std::io::Write for HashWriter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            sha2::Digest::update(&mut self.0, buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut w = HashWriter(<sha2::Sha256 as sha2::Digest>::new());
    // A scenario without a ledger hashes as it did before the ledger existed.
    if grants.is_empty() {
        serde_json::to_writer(&mut w, &(name, as_of, units, lines, pools, requests)).expect("scenario serialises");
    } else {
        serde_json::to_writer(&mut w, &(name, as_of, units, lines, pools, requests, grants)).expect("scenario serialises");
    }
    crate::policy::digest_text(&sha2::Digest::finalize(w.0))
}
