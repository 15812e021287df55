//! Raw tables → a typed, cross-checked [`Scenario`]. Every problem is collected with
//! file, spreadsheet row, column, value and what was expected; nothing stops at the
//! first. Staff above quota is not a problem: it is the overstaffed state the rules
//! handle.

use crate::domain::{Date, Function, Grant, Line, Pool, Request, Scenario, Sectors, Unit, UnitKind};
use crate::error::{did_you_mean, Issue, Severity};
use crate::load::{self, Manifest, Row, Table, SPEC_ESTABLISHMENTS, SPEC_GRANTS, SPEC_POOLS, SPEC_REQUESTS, SPEC_UNITS};
use crate::policy::builtin::resolve_model;
use crate::policy::Policy;
use crate::rules::NotMergeable;
use std::collections::{BTreeMap, HashMap};
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

/// Reads typed values out of one row, recording problems.
struct Cells<'a> {
    table: &'a Table,
    row: &'a Row,
    issues: &'a mut Vec<Issue>,
    ok: bool,
}

impl<'a> Cells<'a> {
    fn raw(&self, col: &str) -> Option<&'a str> {
        let i = self.table.idx(col);
        self.row.cells[i].as_deref().filter(|s| !s.is_empty())
    }

    fn bad(&mut self, col: &str, value: &str, message: impl Into<String>) {
        self.ok = false;
        self.issues.push(issue(self.table, self.row.number, col, Some(value), message));
    }

    fn text(&mut self, col: &str) -> String {
        match self.raw(col) {
            Some(v) => v.to_string(),
            None => {
                self.bad(col, "", "missing value");
                String::new()
            }
        }
    }

    fn opt_text(&self, col: &str) -> Option<String> {
        self.raw(col).map(str::to_string)
    }

    /// A whole number in [min, MAX_COUNT]; `default` when blank (or an error when `None`).
    fn count(&mut self, col: &str, min: i64, default: Option<i64>) -> i64 {
        let Some(v) = self.raw(col) else {
            return match default {
                Some(d) => d,
                None => {
                    self.bad(col, "", "missing value: expected a whole number");
                    0
                }
            };
        };
        match parse_count(v) {
            Ok(n) if n < min && min == 0 => {
                self.bad(col, v, "expected a non-negative whole number");
                0
            }
            Ok(n) if n < min => {
                self.bad(col, v, format!("expected a whole number of at least {min}"));
                0
            }
            Ok(n) if n > MAX_COUNT => {
                self.bad(col, v, format!("implausibly large: expected at most {MAX_COUNT}"));
                0
            }
            Ok(n) => n,
            Err(what) => {
                self.bad(col, v, format!("{what}: expected a whole number"));
                0
            }
        }
    }

    /// A count per year: `2` (every year) or `2;1;3` (years 1, 2, 3); empty when blank.
    fn per_year(&mut self, col: &str) -> Vec<i64> {
        let Some(v) = self.raw(col) else { return Vec::new() };
        let mut out = Vec::new();
        for part in v.split([';', '；', '、', '|']) {
            match parse_count(part.trim()) {
                Ok(n) if (0..=MAX_COUNT).contains(&n) => out.push(n),
                Ok(_) => {
                    self.bad(col, v, "expected non-negative whole numbers, one per year separated by `;`");
                    return Vec::new();
                }
                Err(what) => {
                    self.bad(col, v, format!("{what}: expected a whole number per year, separated by `;` (e.g. 2;1;3)"));
                    return Vec::new();
                }
            }
        }
        out
    }

    fn opt_count(&mut self, col: &str) -> Option<i64> {
        if !self.table.has(col) || self.raw(col).is_none() {
            return None;
        }
        Some(self.count(col, 0, Some(0)))
    }

    fn flag(&mut self, col: &str) -> bool {
        let Some(v) = self.raw(col) else { return false };
        match v.to_lowercase().as_str() {
            "true" | "是" | "yes" | "y" | "1" => true,
            "false" | "否" | "no" | "n" | "0" => false,
            _ => {
                self.bad(col, v, "expected true/false (是/否)");
                false
            }
        }
    }

    /// A value from a closed vocabulary given as (written forms, value) pairs.
    fn choice<T: Copy>(&mut self, col: &str, options: &[(&[&str], T)], default: Option<T>) -> Option<T> {
        let Some(v) = self.raw(col) else {
            if default.is_none() {
                self.bad(col, "", "missing value");
            }
            return default;
        };
        let lower = v.to_lowercase();
        if let Some((_, t)) = options.iter().find(|(names, _)| names.iter().any(|n| *n == lower)) {
            return Some(*t);
        }
        let all: Vec<&str> = options.iter().flat_map(|(n, _)| n.iter().copied()).collect();
        let hint = match did_you_mean(&lower, all.iter().copied()) {
            Some(b) => format!("; did you mean {b}?"),
            None => String::new(),
        };
        self.bad(col, v, format!("unknown value: expected one of {}{hint}", all.join(", ")));
        None
    }
}

fn issue(table: &Table, row: usize, col: &str, value: Option<&str>, message: impl Into<String>) -> Issue {
    Issue {
        severity: Severity::Error,
        file: table.file.clone(),
        row: Some(row),
        column: Some(col.to_string()),
        value: value.map(str::to_string),
        message: message.into(),
    }
}

/// [`issue`] as a warning: the input is valid, but worth a look.
fn warning(table: &Table, row: usize, col: &str, value: Option<&str>, message: impl Into<String>) -> Issue {
    Issue { severity: Severity::Warning, ..issue(table, row, col, value, message) }
}

/// "12", "12.0", "+12", "1,500" → 12 / 1500; anything else explains itself.
fn parse_count(v: &str) -> Result<i64, &'static str> {
    let grouped = |t: &str| {
        let digits = t.trim_start_matches(['+', '-']);
        let mut groups = digits.split(',');
        let first = groups.next().unwrap_or("");
        (1..=3).contains(&first.len())
            && first.chars().all(|c| c.is_ascii_digit())
            && groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
    };
    let (int_part, frac) = match v.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (v, None),
    };
    let t: String = if int_part.contains(',') {
        if !grouped(int_part) {
            return Err("not a number");
        }
        int_part.chars().filter(|c| *c != ',').collect()
    } else {
        int_part.to_string()
    };
    let sign_ok = t.trim_start_matches(['+', '-']);
    if sign_ok.is_empty() || !sign_ok.chars().all(|c| c.is_ascii_digit()) || t.len() - sign_ok.len() > 1 {
        return Err("not a number");
    }
    if let Some(f) = frac {
        if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) {
            return Err("not a number");
        }
        if f.chars().any(|c| c != '0') {
            return Err("not a whole number");
        }
    }
    t.parse::<i64>().map_err(|_| "number too large")
}

const KINDS: &[(&[&str], UnitKind)] = &[
    (&["admin", "行政机关", "行政"], UnitKind::Admin),
    (&["institution", "事业单位", "事业"], UnitKind::Institution),
    (&["civil_managed", "参公事业单位", "参公", "参照公务员法管理事业单位"], UnitKind::CivilManaged),
];

const FUNCTIONS: &[(&[&str], Function)] = &[
    (&["active", "正常"], Function::Active),
    (&["shrinking", "萎缩"], Function::Shrinking),
    (&["vanished", "消失"], Function::Vanished),
];

/// A vocabulary's (key, label) pairs, as `vocab` lists them.
type Choices<'p> = [(&'p str, &'p str)];

/// A type or tier written as key or label; an issue naming the choices otherwise.
fn vocab<'p>(
    c: &mut Cells,
    col: &str,
    what: &str,
    resolve: impl Fn(&str) -> Option<&'p str>,
    choices: Vec<(&'p str, &'p str)>,
) -> Option<String> {
    let v = c.raw(col)?;
    if let Some(k) = resolve(v) {
        return Some(k.to_string());
    }
    let listed: Vec<String> = choices.iter().map(|(k, l)| format!("{k} ({l})")).collect();
    let hint = did_you_mean(v, choices.iter().flat_map(|(k, l)| [*k, *l]))
        .map(|b| format!("; did you mean {b}?"))
        .unwrap_or_default();
    c.bad(col, v, format!("unknown {what}: expected one of {}{hint}", listed.join(", ")));
    None
}

/// Validates tables against each other and the policy model. Returns the scenario
/// when the tables could be typed at all; errors are in `issues`.
/// `as_of` comes with the manifest file that states it, for the messages about it.
pub fn validate(name: &str, (as_of, manifest_file): (&str, &str), t: &Tables, policy: &Policy, issues: &mut Vec<Issue>) -> Option<Scenario> {
    let type_choices: Vec<(&str, &str)> = policy.types.iter().map(|(k, l)| (k.as_str(), l.as_str())).collect();
    let tier_choices: Vec<(&str, &str)> = policy.tiers.iter().map(|(k, t)| (k.as_str(), t.label.as_str())).collect();

    // units
    let mut units: Vec<(usize, Unit)> = Vec::with_capacity(t.units.rows.len());
    for row in &t.units.rows {
        let mut c = Cells { table: &t.units, row, issues, ok: true };
        let id = c.text("id");
        let unit = Unit {
            name: c.text("name"),
            parent: c.opt_text("parent"),
            sector: c.text("sector"),
            level: c.text("level"),
            kind: c.choice("kind", KINDS, None).unwrap_or(UnitKind::Institution),
            function: c.choice("function", FUNCTIONS, Some(Function::Active)).unwrap_or(Function::Active),
            protected: c.flag("protected"),
            leader_posts: c.opt_count("leader_posts"),
            leaders: c.opt_count("leaders"),
            region: c.opt_text("region").unwrap_or_default(),
            id,
        };
        if !unit.id.is_empty() {
            units.push((row.number, unit));
        }
    }
    let unit_rows = unique_ids(&t.units, "id", units.iter().map(|(r, u)| (*r, u.id.as_str())), issues);
    let mut zeros = ZeroHints::new(&t.units.file, &unit_rows);
    check_parents(&t.units, &units, &unit_rows, &mut zeros, issues);

    // establishment lines
    let mut lines: Vec<(usize, Line)> = Vec::with_capacity(t.lines.rows.len());
    let mut written_type: HashMap<usize, String> = HashMap::new();
    for row in &t.lines.rows {
        let mut c = Cells { table: &t.lines, row, issues, ok: true };
        let unit = c.text("unit");
        let ty = vocab(&mut c, "type", "establishment type", |v| policy.type_key(v), type_choices.clone());
        if c.raw("type").is_none() {
            c.bad("type", "", "missing value");
        }
        let quota = c.count("quota", 0, None);
        let staff = c.count("staff", 0, None);
        let retiring = c.per_year("retiring");
        if let Some(&most) = retiring.iter().max().filter(|&&m| m > staff) {
            let shown = c.raw("retiring").unwrap_or("").to_string();
            c.bad("retiring", &shown, format!("{most} retiring in one year but the line has {staff} staff"));
        }
        if !unit.is_empty() && !unit_rows.contains_key(unit.as_str()) {
            c.bad("unit", &unit, format!("unknown unit: not in the units table{}", zeros.hint(&unit)));
        }
        if let (true, Some(ty)) = (c.ok, ty) {
            written_type.insert(row.number, c.raw("type").unwrap_or_default().to_string());
            lines.push((row.number, Line { unit, ty, quota, staff, retiring }));
        }
    }
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    for (row, l) in &lines {
        if let Some(first) = seen.insert((l.unit.as_str(), l.ty.as_str()), *row) {
            issues.push(issue(
                &t.lines,
                *row,
                "type",
                written_type.get(row).map(String::as_str),
                format!("duplicate line for unit {} and type {}: also at row {first}", l.unit, l.ty),
            ));
        }
    }

    // pools
    let mut pools: Vec<(usize, Pool)> = Vec::new();
    let mut pool_used: HashMap<String, (usize, i64)> = HashMap::new();
    if let Some(tp) = &t.pools {
        let has_balance = tp.has("available") || (tp.has("capacity") && tp.has("used"));
        if !has_balance {
            issues.push(issue(tp, 1, "available", None, "missing column: expected `available` (可用数) or both `capacity` (规模) and `used` (已使用)"));
        }
        for row in &tp.rows {
            let mut c = Cells { table: tp, row, issues, ok: true };
            let id = c.text("id");
            let name = c.opt_text("name").unwrap_or_else(|| id.clone());
            let ty = vocab(&mut c, "type", "establishment type", |v| policy.type_key(v), type_choices.clone());
            if c.raw("type").is_none() {
                c.bad("type", "", "missing value");
            }
            let available = if c.raw("available").is_some() {
                c.count("available", 0, None)
            } else if tp.has("capacity") && tp.has("used") {
                let capacity = c.count("capacity", 0, None);
                let used = c.count("used", 0, None);
                pool_used.insert(c.raw("id").unwrap_or_default().to_string(), (row.number, used));
                if used > capacity {
                    let shown = c.raw("used").unwrap_or("").to_string();
                    c.bad("used", &shown, format!("used exceeds capacity {capacity}: the pool would be negative"));
                }
                capacity - used
            } else {
                if tp.has("available") {
                    c.bad("available", "", "missing value: expected a whole number");
                }
                0
            };
            let sectors = match c.raw("sectors") {
                None | Some("*") => Sectors::All,
                Some(s) => {
                    let mut list: Vec<String> = s
                        .split([';', '、', '|'])
                        .map(str::trim)
                        .filter(|x| !x.is_empty())
                        .map(str::to_string)
                        .collect();
                    if list.iter().any(|x| x == "*") {
                        Sectors::All
                    } else {
                        list.sort();
                        list.dedup();
                        Sectors::Only(list)
                    }
                }
            };
            let per_unit_max = c.count("per_unit_max", 0, Some(0));
            let region = c.opt_text("region").unwrap_or_default();
            let collects = c.flag("collects");
            if collects && region.is_empty() {
                let shown = c.raw("collects").unwrap_or("").to_string();
                c.bad(
                    "collects",
                    &shown,
                    "a collecting pool needs a region (地区); quota given up outside any region goes to the model's reclaim.into pool",
                );
            }
            if let (true, Some(ty)) = (c.ok, ty) {
                pools.push((row.number, Pool { id, name, ty, available, sectors, per_unit_max, region, collects }));
            }
        }
        unique_ids(tp, "id", pools.iter().map(|(r, p)| (*r, p.id.as_str())), issues);
        check_regions(tp, &pools, &units, issues);
        check_pool_sectors(tp, &pools, &units, issues);
    }

    // requests
    let mut requests: Vec<(usize, Request)> = Vec::new();
    if let Some(tr) = &t.requests {
        for row in &tr.rows {
            let mut c = Cells { table: tr, row, issues, ok: true };
            let id = c.text("id");
            let unit = c.text("unit");
            let ty = vocab(&mut c, "type", "establishment type", |v| policy.type_key(v), type_choices.clone());
            if c.raw("type").is_none() {
                c.bad("type", "", "missing value");
            }
            let amount = c.count("amount", 1, None);
            let tier = vocab(&mut c, "tier", "tier", |v| policy.tier_key(v), tier_choices.clone());
            if c.raw("tier").is_none() {
                c.bad("tier", "", "missing value");
            }
            let min = c.count("min", 0, Some(0));
            if min > amount && amount > 0 {
                let shown = c.raw("min").unwrap_or("").to_string();
                c.bad("min", &shown, format!("min exceeds amount {amount}"));
            }
            if !unit.is_empty() && !unit_rows.contains_key(unit.as_str()) {
                c.bad("unit", &unit, format!("unknown unit: not in the units table{}", zeros.hint(&unit)));
            }
            let reason = c.opt_text("reason").unwrap_or_default();
            let year = c.raw("year").map(|_| c.count("year", 1, None) as usize);
            if let (true, Some(ty), Some(tier)) = (c.ok, ty, tier) {
                requests.push((row.number, Request { id, unit, ty, amount, tier, min, reason, year }));
            }
        }
        unique_ids(tr, "id", requests.iter().map(|(r, q)| (*r, q.id.as_str())), issues);
    }

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

/// The revolving-grant ledger typed and checked against the register, the pools and
/// `as_of` (DESIGN §14): every grant names a known pool and unit, its type is its
/// pool's, `used` ≤ `amount`, `granted_on` is a date no later than `as_of`, and the
/// unit's line holds at least the quota its grants lent it.
#[allow(clippy::too_many_arguments)]
fn grants_of(
    tg: &Table,
    (as_of, manifest_file): (&str, &str),
    (policy, type_choices, tier_choices): (&Policy, &Choices, &Choices),
    unit_rows: &HashMap<&str, usize>,
    lines: &[(usize, Line)],
    pools: &[(usize, Pool)],
    zeros: &mut ZeroHints,
    (pool_table, pool_used): (Option<&Table>, &HashMap<String, (usize, i64)>),
    issues: &mut Vec<Issue>,
) -> Vec<Grant> {
    let as_of_date = Date::parse(as_of);
    if as_of_date.is_none() && !tg.rows.is_empty() {
        issues.push(Issue {
            severity: Severity::Error,
            file: manifest_file.to_string(),
            row: None,
            column: Some("scenario.as_of".into()),
            value: Some(as_of.to_string()),
            message: format!(
                "a grants ledger needs the scenario's date: set [scenario] as_of = \"YYYY-MM-DD\" (the grants are in {})",
                tg.file
            ),
        });
    }
    let pool_of: HashMap<&str, &Pool> = pools.iter().map(|(_, p)| (p.id.as_str(), p)).collect();
    let quota_of: HashMap<(&str, &str), i64> = lines.iter().map(|(_, l)| ((l.unit.as_str(), l.ty.as_str()), l.quota)).collect();
    let mut grants: Vec<(usize, Grant)> = Vec::new();
    for row in &tg.rows {
        let mut c = Cells { table: tg, row, issues, ok: true };
        let id = c.text("id");
        let pool = c.text("pool");
        let unit = c.text("unit");
        let ty = vocab(&mut c, "type", "establishment type", |v| policy.type_key(v), type_choices.to_vec());
        if c.raw("type").is_none() {
            c.bad("type", "", "missing value");
        }
        let amount = c.count("amount", 1, None);
        let used = c.count("used", 0, None);
        if used > amount && amount > 0 {
            let shown = c.raw("used").unwrap_or("").to_string();
            c.bad("used", &shown, format!("used exceeds the grant's amount {amount}"));
        }
        let tier = vocab(&mut c, "tier", "tier", |v| policy.tier_key(v), tier_choices.to_vec());
        if c.raw("tier").is_none() {
            c.bad("tier", "", "missing value");
        }
        let term_months = c.raw("term_months").map(|_| c.count("term_months", 1, None));
        let granted_on = match c.raw("granted_on") {
            None => {
                c.bad("granted_on", "", "missing value: expected a date (YYYY-MM-DD)");
                None
            }
            Some(v) => match Date::parse(v) {
                None => {
                    let v = v.to_string();
                    c.bad("granted_on", &v, "not a date: expected YYYY-MM-DD");
                    None
                }
                Some(d) => {
                    if let Some(limit) = as_of_date.filter(|&a| d > a) {
                        let v = v.to_string();
                        c.bad("granted_on", &v, format!("after the scenario's as_of {limit}: a ledger lists grants already made"));
                    }
                    Some(d)
                }
            },
        };
        if !pool.is_empty() {
            match pool_of.get(pool.as_str()) {
                None => {
                    let mut known: Vec<&str> = pool_of.keys().copied().collect();
                    known.sort_unstable();
                    let hint = did_you_mean(&pool, known.iter().copied()).map(|b| format!("; did you mean {b}?")).unwrap_or_default();
                    c.bad("pool", &pool, format!("unknown pool: not in the pools table{hint}"));
                }
                Some(p) => {
                    if let Some(t) = ty.as_deref().filter(|t| *t != p.ty) {
                        let shown = c.raw("type").unwrap_or("").to_string();
                        c.bad("type", &shown, format!("type {t} but pool {} lends {}", p.id, p.ty));
                    }
                }
            }
        }
        if !unit.is_empty() && !unit_rows.contains_key(unit.as_str()) {
            c.bad("unit", &unit, format!("unknown unit: not in the units table{}", zeros.hint(&unit)));
        }
        if let (true, Some(ty), Some(tier), Some(granted_on)) = (c.ok, ty, tier, granted_on) {
            grants.push((row.number, Grant { id, pool, unit, ty, amount, used, granted_on, tier, term_months }));
        }
    }
    unique_ids(tg, "id", grants.iter().map(|(r, g)| (*r, g.id.as_str())), issues);
    // A unit's grants in a type are part of its quota: more lent than the line holds is
    // a ledger out of step with the register.
    for ((unit, ty), (total, row)) in lent_by(&grants, |g| (g.unit.as_str(), g.ty.as_str())) {
        let quota = quota_of.get(&(unit, ty)).copied();
        if quota.is_none_or(|q| q < total) {
            issues.push(issue(
                tg,
                row,
                "amount",
                Some(&total.to_string()),
                format!(
                    "the grants to unit {unit} in type {ty} add up to {total} but its establishment line holds {}: the lent quota is part of the line's quota",
                    quota.map_or("no quota (no line of the type)".to_string(), |q| q.to_string())
                ),
            ));
        }
    }
    // A pool written as capacity and used has lent `used`: the ledger's grants of it
    // should not add up to more (it may list fewer: grants already returned are gone).
    if let Some(tp) = pool_table {
        if tp.has("capacity") && tp.has("used") {
            for (pool, (total, row)) in lent_by(&grants, |g| g.pool.as_str()) {
                if let Some((prow, used)) = pool_used.get(pool).copied() {
                    if total > used {
                        issues.push(warning(
                            tg,
                            row,
                            "amount",
                            Some(&total.to_string()),
                            format!("the ledger's grants from pool {pool} add up to {total} but {} row {prow} says {used} used", tp.file),
                        ));
                    }
                }
            }
        }
    }
    let mut grants: Vec<Grant> = grants.into_iter().map(|(_, g)| g).collect();
    grants.sort_by(|a, b| a.id.cmp(&b.id));
    grants.dedup_by(|a, b| a.id == b.id);
    grants
}

/// Σ amount of the grants per `key`, with the last row of each (where a message about
/// the total points).
fn lent_by<'g, K: Ord>(grants: &'g [(usize, Grant)], key: impl Fn(&'g Grant) -> K) -> BTreeMap<K, (i64, usize)> {
    let mut out: BTreeMap<K, (i64, usize)> = BTreeMap::new();
    for (row, g) in grants {
        let e = out.entry(key(g)).or_insert((0, *row));
        e.0 += g.amount;
        e.1 = *row;
    }
    out
}

/// A vanished unit that must merge (`consolidation.vanished_must_merge`) but has no
/// possible host, or can never be merged, makes every plan infeasible: say so here,
/// at its row, instead of only when `solve` fails.
fn check_forced_merges(s: &Scenario, policy: &Policy, table: &Table, issues: &mut Vec<Issue>) {
    let c = crate::rules::Candidates::new(s, policy);
    let stuck: Vec<(&str, String)> = c
        .forced
        .iter()
        .filter_map(|(&id, blocked)| {
            let why = match blocked {
                Some(NotMergeable::Protected) => "it is protected, and a protected unit is never merged".to_string(),
                Some(NotMergeable::NoPoolFor(ty)) => format!(
                    "its {ty} line would release quota that no pool takes (no reclaim.into pool for {ty} and no collecting pool in its region)"
                ),
                None if c.hosts.get(id).is_none_or(Vec::is_empty) => {
                    let cons = &policy.consolidation;
                    let mut same = Vec::new();
                    if cons.same_parent {
                        same.push("supervising unit");
                    }
                    if cons.same_sector {
                        same.push("sector");
                    }
                    same.push("level");
                    if !c.unit(id).region.is_empty() {
                        same.push("region");
                    }
                    format!(
                        "no unit can host it: none of an eligible kind ({}) with the same {}, not overstaffed and not itself merged",
                        cons.kinds.iter().map(|k| k.key()).collect::<Vec<_>>().join(", "),
                        same.join(", ")
                    )
                }
                None => return None,
            };
            Some((id, why))
        })
        .collect();
    if stuck.is_empty() {
        return;
    }
    let (id_col, function_col) = (table.idx("id"), table.idx("function"));
    for (id, why) in stuck {
        let row = table.rows.iter().find(|r| r.cells[id_col].as_deref() == Some(id));
        let written = row.and_then(|r| r.cells[function_col].as_deref()).unwrap_or("vanished");
        issues.push(warning(
            table,
            row.map_or(1, |r| r.number),
            "function",
            Some(written),
            format!("unit {id} has vanished and must merge (consolidation.vanished_must_merge) but {why}; solve will report the rules infeasible"),
        ));
    }
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

/// One collecting pool per (region, type); a pool's region should be some unit's.
fn check_regions(table: &Table, pools: &[(usize, Pool)], units: &[(usize, Unit)], issues: &mut Vec<Issue>) {
    let mut collector: HashMap<(&str, &str), (usize, &str)> = HashMap::new();
    for (row, p) in pools.iter().filter(|(_, p)| p.collects) {
        match collector.get(&(p.region.as_str(), p.ty.as_str())) {
            Some((first, other)) => issues.push(issue(
                table,
                *row,
                "collects",
                Some(&p.id),
                format!("region {} already has a collecting pool for {}: {other} at row {first}", p.region, p.ty),
            )),
            None => {
                collector.insert((p.region.as_str(), p.ty.as_str()), (*row, p.id.as_str()));
            }
        }
    }
    let regions: std::collections::HashSet<&str> = units.iter().map(|(_, u)| u.region.as_str()).collect();
    for (row, p) in pools.iter().filter(|(_, p)| !p.region.is_empty() && !regions.contains(p.region.as_str())) {
        issues.push(warning(table, *row, "region", Some(&p.region), format!("no unit is in region {}: pool {} lends to nobody", p.region, p.id)));
    }
}

/// Warns about each sector a pool names that no unit has (a typo such as 教肓 for
/// 教育): the pool can never lend there. Suggests the closest sector that exists.
fn check_pool_sectors(table: &Table, pools: &[(usize, Pool)], units: &[(usize, Unit)], issues: &mut Vec<Issue>) {
    let known: std::collections::BTreeSet<&str> = units.iter().map(|(_, u)| u.sector.as_str()).collect();
    for (row, p) in pools {
        let Sectors::Only(list) = &p.sectors else { continue };
        for sector in list.iter().filter(|s| !known.contains(s.as_str())) {
            let hint = match crate::error::did_you_mean(sector, known.iter().copied()) {
                Some(best) => format!("; did you mean {best}?"),
                None => String::new(),
            };
            let message = format!("no unit is in sector {sector}: pool {} can never lend there{hint}", p.id);
            issues.push(warning(table, *row, "sectors", Some(sector), message));
        }
    }
}

/// Reports ids that repeat (after normalisation), naming both rows; returns id → row.
fn unique_ids<'a>(
    table: &Table,
    col: &str,
    ids: impl Iterator<Item = (usize, &'a str)>,
    issues: &mut Vec<Issue>,
) -> HashMap<&'a str, usize> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (row, id) in ids {
        if let Some(&first) = seen.get(id) {
            issues.push(issue(table, row, col, Some(id), format!("duplicate id: also at row {first}")));
        } else {
            seen.insert(id, row);
        }
    }
    seen
}

/// Parents must exist, differ from the unit and form no cycle.
fn check_parents(table: &Table, units: &[(usize, Unit)], rows: &HashMap<&str, usize>, zeros: &mut ZeroHints, issues: &mut Vec<Issue>) {
    let parent_of: HashMap<&str, &str> =
        units.iter().filter_map(|(_, u)| u.parent.as_deref().map(|p| (u.id.as_str(), p))).collect();
    for (row, u) in units {
        let Some(p) = u.parent.as_deref() else { continue };
        if p == u.id {
            issues.push(issue(table, *row, "parent", Some(p), "a unit cannot supervise itself"));
        } else if !rows.contains_key(p) {
            issues.push(issue(table, *row, "parent", Some(p), format!("unknown supervising unit: not in the units table{}", zeros.hint(p))));
        }
    }
    // Cycles: walk each chain once; colour 1 = on the current walk, 2 = done.
    let mut colour: HashMap<&str, u8> = HashMap::new();
    let mut sorted: Vec<&(usize, Unit)> = units.iter().collect();
    sorted.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    for (_, u) in sorted {
        let mut path: Vec<&str> = Vec::new();
        let mut cur = u.id.as_str();
        loop {
            match colour.get(cur) {
                Some(2) => break,
                Some(1) => {
                    if let Some(start) = path.iter().position(|x| *x == cur) {
                        let mut cycle: Vec<&str> = path[start..].to_vec();
                        cycle.push(cur);
                        let row = rows.get(cycle[0]).copied().unwrap_or(1);
                        issues.push(issue(
                            table,
                            row,
                            "parent",
                            parent_of.get(cycle[0]).copied(),
                            format!("supervising units form a cycle: {}", cycle.join(" → ")),
                        ));
                    }
                    break;
                }
                _ => {}
            }
            colour.insert(cur, 1);
            path.push(cur);
            match parent_of.get(cur) {
                Some(p) if *p != cur && rows.contains_key(p) => cur = p,
                _ => break,
            }
        }
        for p in path {
            colour.insert(p, 2);
        }
    }
}

/// Numeric unit ids by their digits without leading zeros, built on the first unknown
/// id: an id stored as a number in Excel loses its zeros (`001234` → `1234`), and the
/// unknown-unit message then names the id it most likely means.
struct ZeroHints<'a> {
    /// The units table as messages name it.
    file: &'a str,
    known: &'a HashMap<&'a str, usize>,
    by_digits: Option<HashMap<&'a str, (&'a str, usize)>>,
}

impl<'a> ZeroHints<'a> {
    fn new(file: &'a str, known: &'a HashMap<&'a str, usize>) -> Self {
        ZeroHints { file, known, by_digits: None }
    }

    /// `1234` → `Some("1234")`, `001234` → `Some("1234")`, `U1` → `None`.
    fn digits(id: &str) -> Option<&str> {
        (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then(|| id.trim_start_matches('0'))
    }

    /// "; …" naming the unit id equal to `unknown` but for leading zeros, or "".
    fn hint(&mut self, unknown: &str) -> String {
        let Some(key) = Self::digits(unknown) else { return String::new() };
        let known = self.known;
        let by_digits = self.by_digits.get_or_insert_with(|| {
            let mut m: HashMap<&str, (&str, usize)> = HashMap::new();
            for (&id, &row) in known {
                if let Some(k) = Self::digits(id) {
                    // Several spellings of one number: the smallest, whatever the map order.
                    let e = m.entry(k).or_insert((id, row));
                    if id < e.0 {
                        *e = (id, row);
                    }
                }
            }
            m
        });
        match by_digits.get(key) {
            Some((id, row)) if *id != unknown => {
                let how = if id.len() > unknown.len() { "with" } else { "without" };
                format!(
                    "; did you mean {id} ({} row {row}), the same id {how} leading zeros? ids stored as numbers in Excel lose leading zeros: format the id columns as text",
                    self.file
                )
            }
            _ => String::new(),
        }
    }
}

/// `reclaim.into` and `reserve.min_available` must name pools of the scenario, of
/// the right type.
fn check_policy_pools<'a>(policy: &Policy, pools: impl Iterator<Item = &'a Pool>, pools_file: Option<&str>, issues: &mut Vec<Issue>) {
    let by_id: BTreeMap<&str, &Pool> = pools.map(|p| (p.id.as_str(), p)).collect();
    let known = || {
        if by_id.is_empty() {
            format!("the scenario has no pools{}", pools_file.map(|f| format!(" ({f})")).unwrap_or_default())
        } else {
            format!("known pools: {}", by_id.keys().copied().collect::<Vec<_>>().join(", "))
        }
    };
    let mut bad = |section: &str, key: &str, value: String, message: String| {
        issues.push(Issue {
            severity: Severity::Error,
            file: policy.file(),
            row: policy.line_of(section, key),
            column: Some(format!("{section}.{key}")),
            value: Some(value),
            message,
        });
    };
    for (ty, pool) in &policy.reclaim.into {
        match by_id.get(pool.as_str()) {
            None => bad("reclaim", "into", format!("{ty} = {pool}"), format!("unknown pool {pool}; {}", known())),
            Some(p) if p.ty != *ty => bad(
                "reclaim",
                "into",
                format!("{ty} = {pool}"),
                format!("pool {pool} holds {} quota, not {ty}", p.ty),
            ),
            _ => {}
        }
    }
    for pool in policy.reserve.min_available.keys() {
        if !by_id.contains_key(pool.as_str()) {
            bad("reserve", "min_available", pool.clone(), format!("unknown pool {pool}; {}", known()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_accept_integral_forms_only() {
        assert_eq!(parse_count("12"), Ok(12));
        assert_eq!(parse_count("12.0"), Ok(12));
        assert_eq!(parse_count("1,500"), Ok(1500));
        assert!(parse_count("12.5").is_err());
        assert!(parse_count("abc").is_err());
        assert!(parse_count("inf").is_err());
        assert!(parse_count("NaN").is_err());
        assert!(parse_count("1e3").is_err());
        assert!(parse_count("1,5,0").is_err());
        assert_eq!(parse_count("-3"), Ok(-3));
        assert!(parse_count("--3").is_err());
    }

    #[test]
    fn ids_equal_but_for_leading_zeros_are_hinted() {
        let known: HashMap<&str, usize> = [("001234", 3), ("U1", 2), ("77", 4)].into_iter().collect();
        let mut hints = ZeroHints::new("units.csv", &known);
        assert!(hints.hint("1234").starts_with("; did you mean 001234 (units.csv row 3), the same id with leading zeros?"));
        assert!(hints.hint("0077").starts_with("; did you mean 77 (units.csv row 4), the same id without leading zeros?"));
        assert_eq!(hints.hint("4321"), "");
        assert_eq!(hints.hint("U2"), "");
        assert_eq!(hints.hint("001234"), "", "a known id needs no hint");
    }
}
