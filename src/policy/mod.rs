//! The typed policy model (`models/*.toml`): establishment types, request tiers and
//! every rule and weight of DESIGN §5. Parsing rejects unknown keys with the line and a
//! "did you mean" suggestion; defaults are documented on each field and in README.

pub mod builtin;

use crate::domain::UnitKind;
use crate::error::{Issue, Severity};
use builtin::ModelSource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

// The derives below also give `bianzhi schema model`: doc comments become the
// descriptions, `Default` the defaults, `deny_unknown_fields` additionalProperties false,
// and the `schemars` attributes state in the schema the checks `Policy::parse` makes.

/// A request tier (保障类别): Chinese label and objective weight per unit granted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Label as written in the requests table (保障类别), e.g. `保重点`; unique.
    pub label: String,
    /// Objective weight per quota granted to a request of this tier.
    pub weight: f64,
}

/// `[reclaim]`: 收回空编.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Reclaim {
    /// A donor keeps at least this many vacancies in the type. Default 1.
    #[schemars(range(min = 0))]
    pub keep_vacant: i64,
    /// At most this share of its vacancy may be taken, in [0, 1]. Default 1.0.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub max_share: f64,
    /// Pool receiving reclaimed and released quota, per type. Default none: a type
    /// without a pool is never reclaimed and a unit that would release it is never merged.
    pub into: BTreeMap<String, String>,
}

impl Default for Reclaim {
    fn default() -> Self {
        Reclaim { keep_vacant: 1, max_share: 1.0, into: BTreeMap::new() }
    }
}

/// `[consolidation]`: 整合小散弱 and 撤销职能消失单位.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Consolidation {
    /// A unit whose total quota ≤ this is small. Default 5.
    #[schemars(range(min = 0))]
    pub max_quota: i64,
    /// Kinds that may be merged and host merges. Default `["institution"]`.
    pub kinds: Vec<UnitKind>,
    /// Host must have the same supervising unit. Default true.
    pub same_parent: bool,
    /// Host must be in the same sector. Default true.
    pub same_sector: bool,
    /// At most this many merges, forced ones included. Default 50.
    #[schemars(range(min = 0))]
    pub max_merges: i64,
    /// At most this many merges of units of one region (地区), forced ones included; the
    /// units without a region are not capped by it. Default none. An extension for
    /// scenarios with regions: each office caps its own consolidation.
    // TOML has no null: the schema says integer, and shows no default.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "u64")]
    pub max_merges_per_region: Option<i64>,
    /// Every vanished unit of an eligible kind must be merged. Default true.
    pub vanished_must_merge: bool,
}

impl Default for Consolidation {
    fn default() -> Self {
        Consolidation {
            max_quota: 5,
            kinds: vec![UnitKind::Institution],
            same_parent: true,
            same_sector: true,
            max_merges: 50,
            max_merges_per_region: None,
            vanished_must_merge: true,
        }
    }
}

/// `[receiving]`: who may receive quota or staff.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Receiving {
    /// Whether an overstaffed line may receive; 超编单位只出不进 when false (the default).
    pub overstaffed_may_receive: bool,
}

/// `[reserve]`: 蓄水池.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Reserve {
    /// Pool id = the least it keeps after the plan. A pool not named keeps 0.
    #[schemars(with = "BTreeMap<String, u64>")]
    pub min_available: BTreeMap<String, i64>,
}

/// `[grants]`: the revolving-grant ledger (周转编制台账, DESIGN §14).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Grants {
    /// The unused part of a grant this many months old or older returns to its pool
    /// (一年内未使用的及时收回). Default 12.
    #[schemars(range(min = 1))]
    pub reclaim_unused_after_months: i64,
    /// Tier key = months after which a grant of that tier returns in full (事去减编), its
    /// staff then counted as overstaffing; a tier not named is permanent. A grant's own
    /// `term_months` overrides it. Default `{ emergency = 24 }`.
    #[schemars(with = "BTreeMap<String, u64>")]
    pub term_months: BTreeMap<String, i64>,
}

impl Default for Grants {
    fn default() -> Self {
        Grants { reclaim_unused_after_months: 12, term_months: BTreeMap::from([("emergency".to_string(), 24)]) }
    }
}

impl Grants {
    /// The term of a grant: its own, else its tier's; `None` = permanent.
    pub fn term_of(&self, own: Option<i64>, tier: &str) -> Option<i64> {
        own.or_else(|| self.term_months.get(tier).copied())
    }
}

/// `[attrition]`: retirements in a `--years` plan where the establishments table gives
/// no `retiring` count (DESIGN §14).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Attrition {
    /// Share of a line's staff retiring each year, in [0, 0.5]; fractions carry over
    /// from year to year per line, so small lines retire too. Default 0.
    #[schemars(range(min = 0.0, max = 0.5))]
    pub rate: f64,
}

impl Attrition {
    /// The rate in basis points (1/10,000), the unit retirements are counted in.
    pub fn basis_points(&self) -> i64 {
        (self.rate * 10_000.0).round() as i64
    }
}

/// `[weights]`: signed weights of the objective terms (maximised). Default 0 each.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    /// Per quota reclaimed from a vacancy (收回空编). Default 0.
    pub reclaimed: f64,
    /// Per quota released to a pool by a merge. Default 0.
    pub released: f64,
    /// Per unit that gives up vacancy (negative: reclaim from fewer units). Default 0.
    pub donor_units: f64,
    /// Per merge (整合). Default 0.
    pub merges: f64,
    /// Per overstaffed post absorbed by another unit (消化超编). Default 0.
    pub absorbed: f64,
    /// Per person moved by a merge or an absorb (negative: move fewer). Default 0.
    pub staff_moved: f64,
}

impl Weights {
    /// Term names in the order of `plans.json`, with their weight.
    pub fn named(&self) -> [(&'static str, f64); 6] {
        [
            ("reclaimed", self.reclaimed),
            ("released", self.released),
            ("donor_units", self.donor_units),
            ("merges", self.merges),
            ("absorbed", self.absorbed),
            ("staff_moved", self.staff_moved),
        ]
    }
}

/// `[model]`: the model's identity.
#[derive(Clone, Debug, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Header {
    /// Name used in output paths (`out/<scenario>/<name>/`) and in `plans.json`.
    name: String,
    /// A one-line Chinese description. Default empty.
    #[serde(default)]
    title: String,
}

/// A bianzhi policy model (`models/*.toml`): establishment types, request tiers and
/// every rule and weight. Unknown keys are errors; a section left out takes its defaults.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "bianzhi policy model")]
pub(crate) struct RawPolicy {
    model: Header,
    /// Establishment types: key = Chinese label (`institution = "事业编制"`), at least one;
    /// tables may write either.
    #[schemars(extend("minProperties" = 1))]
    types: BTreeMap<String, String>,
    /// Request tiers: key = { label, weight }, at least one; tables may write key or label.
    #[schemars(extend("minProperties" = 1))]
    tiers: BTreeMap<String, Tier>,
    #[serde(default)]
    reclaim: Reclaim,
    #[serde(default)]
    consolidation: Consolidation,
    #[serde(default)]
    receiving: Receiving,
    #[serde(default)]
    reserve: Reserve,
    #[serde(default)]
    weights: Weights,
    #[serde(default)]
    grants: Grants,
    #[serde(default)]
    attrition: Attrition,
}

/// A validated policy model.
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub name: String,
    pub title: String,
    /// Type key → Chinese label, e.g. `institution` → `事业编制`.
    pub types: BTreeMap<String, String>,
    pub tiers: BTreeMap<String, Tier>,
    pub reclaim: Reclaim,
    pub consolidation: Consolidation,
    pub receiving: Receiving,
    pub reserve: Reserve,
    pub weights: Weights,
    pub grants: Grants,
    pub attrition: Attrition,
    /// `sha256:…` of the file bytes (a built-in's are those of its `models/` file).
    pub digest: String,
    /// Where it was read from: a file or a built-in model.
    pub origin: ModelSource,
    /// The source text, to point messages at a line.
    source: String,
}

impl Policy {
    /// Resolves a type written as key or label (`institution` / `事业编制`).
    pub fn type_key(&self, written: &str) -> Option<&str> {
        if let Some((k, _)) = self.types.get_key_value(written) {
            return Some(k);
        }
        self.types.iter().find(|(_, label)| label.as_str() == written).map(|(k, _)| k.as_str())
    }

    /// Resolves a tier written as key or label (`key` / `保重点`).
    pub fn tier_key(&self, written: &str) -> Option<&str> {
        if let Some((k, _)) = self.tiers.get_key_value(written) {
            return Some(k);
        }
        self.tiers.iter().find(|(_, t)| t.label == written).map(|(k, _)| k.as_str())
    }

    pub fn type_label<'a>(&'a self, key: &'a str) -> &'a str {
        self.types.get(key).map(String::as_str).unwrap_or(key)
    }

    pub fn tier_label<'a>(&'a self, key: &'a str) -> &'a str {
        self.tiers.get(key).map(|t| t.label.as_str()).unwrap_or(key)
    }

    pub fn tier_weight(&self, key: &str) -> f64 {
        self.tiers.get(key).map(|t| t.weight).unwrap_or(0.0)
    }

    /// Reserve a pool must keep after the plan (0 when not named).
    pub fn reserve_of(&self, pool: &str) -> i64 {
        self.reserve.min_available.get(pool).copied().unwrap_or(0)
    }

    /// 1-based line of `key` in `[section]` of the model file, for messages.
    pub fn line_of(&self, section: &str, key: &str) -> Option<usize> {
        line_of_key(&self.source, section, key)
    }

    /// The name messages use for this model: its path, or `baseline (built-in)`.
    pub fn file(&self) -> String {
        self.origin.shown()
    }

    /// The model file read, to protect from being overwritten; none for a built-in.
    pub fn input_file(&self) -> Option<&Path> {
        self.origin.file()
    }

    /// Pool that receives reclaimed/released quota of a type.
    pub fn into_pool(&self, ty: &str) -> Option<&str> {
        self.reclaim.into.get(ty).map(String::as_str)
    }

    /// The model's text as read.
    pub fn source_text(&self) -> &str {
        &self.source
    }

    /// A variant of this model: `text` (this model's text with some keys set) parsed
    /// and checked like any model, read from where this one was.
    pub fn variant(&self, text: &str) -> Result<Policy, Vec<Issue>> {
        let mut p = Policy::parse(text, &self.file())?;
        p.origin = self.origin.clone();
        Ok(p)
    }

    /// Reads and checks a policy model from a file or a built-in.
    pub fn load_source(source: &ModelSource) -> Result<Policy, Vec<Issue>> {
        match source {
            ModelSource::File(path) => Policy::load(path),
            ModelSource::Builtin(m) => {
                let mut p = Policy::parse(m.text, &source.shown())?;
                p.origin = source.clone();
                Ok(p)
            }
        }
    }

    /// Reads and checks a policy model file. Pool references (`reclaim.into`,
    /// `reserve.min_available`) are checked against the scenario in `validate`.
    pub fn load(path: &Path) -> Result<Policy, Vec<Issue>> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| {
            // `--model baseline.toml` where none is: the built-in is named without `.toml`.
            let stem = path.file_stem().and_then(|s| s.to_str()).filter(|s| crate::policy::builtin::builtin_model(s).is_some());
            let hint = match stem {
                Some(name) if e.kind() == std::io::ErrorKind::NotFound => format!("; to use the built-in model, write `{name}`"),
                _ => String::new(),
            };
            vec![Issue::file_error(&file, format!("cannot read policy model: {e}{hint}"))]
        })?;
        let text = match String::from_utf8(bytes.clone()) {
            Ok(t) => t,
            Err(_) => {
                return Err(vec![Issue::file_error(&file, "policy model is not UTF-8 text")]);
            }
        };
        Policy::parse(&text, &file)
    }

    /// Parses policy text; `file` names it in messages.
    pub fn parse(text: &str, file: &str) -> Result<Policy, Vec<Issue>> {
        let raw: RawPolicy = toml::from_str(text).map_err(|e| vec![crate::error::toml_issue(text, file, &e)])?;
        let mut issues = Vec::new();
        let at = |section: &str, key: &str| line_of_key(text, section, key);
        let mut bad = |section: &str, key: &str, value: String, expected: &str| {
            issues.push(Issue {
                severity: Severity::Error,
                file: file.to_string(),
                row: at(section, key),
                column: Some(if key.is_empty() { section.to_string() } else { format!("{section}.{key}") }),
                value: Some(value),
                message: format!("expected {expected}"),
            });
        };
        if raw.types.is_empty() {
            bad("types", "", "{}".into(), "at least one establishment type");
        }
        if raw.tiers.is_empty() {
            bad("tiers", "", "{}".into(), "at least one request tier");
        }
        let mut labels: BTreeMap<&str, &str> = BTreeMap::new();
        for (k, label) in &raw.types {
            if let Some(other) = labels.insert(label.as_str(), k.as_str()) {
                bad("types", k, label.clone(), &format!("a label of its own: `{other}` has the same label"));
            }
        }
        let mut labels: BTreeMap<&str, &str> = BTreeMap::new();
        for (k, t) in &raw.tiers {
            if let Some(other) = labels.insert(t.label.as_str(), k.as_str()) {
                bad("tiers", k, t.label.clone(), &format!("a label of its own: `{other}` has the same label"));
            }
        }
        for (k, t) in &raw.tiers {
            if !t.weight.is_finite() {
                bad("tiers", k, t.weight.to_string(), "a finite number as tier weight");
            }
        }
        for (k, w) in raw.weights.named() {
            if !w.is_finite() {
                bad("weights", k, w.to_string(), "a finite number");
            }
        }
        let r = &raw.reclaim;
        if r.keep_vacant < 0 {
            bad("reclaim", "keep_vacant", r.keep_vacant.to_string(), "a non-negative integer");
        }
        if !(r.max_share.is_finite() && (0.0..=1.0).contains(&r.max_share)) {
            bad("reclaim", "max_share", r.max_share.to_string(), "a share between 0 and 1");
        }
        for ty in r.into.keys() {
            if !raw.types.contains_key(ty) {
                let known: Vec<&str> = raw.types.keys().map(String::as_str).collect();
                bad("reclaim", "into", ty.clone(), &format!("a type of [types] ({})", known.join(", ")));
            }
        }
        let c = &raw.consolidation;
        if c.max_quota < 0 {
            bad("consolidation", "max_quota", c.max_quota.to_string(), "a non-negative integer");
        }
        if c.max_merges < 0 {
            bad("consolidation", "max_merges", c.max_merges.to_string(), "a non-negative integer");
        }
        if let Some(cap) = c.max_merges_per_region.filter(|&cap| cap < 0) {
            bad("consolidation", "max_merges_per_region", cap.to_string(), "a non-negative integer");
        }
        for (pool, v) in &raw.reserve.min_available {
            if *v < 0 {
                bad("reserve", "min_available", format!("{pool} = {v}"), "a non-negative integer");
            }
        }
        let g = &raw.grants;
        if g.reclaim_unused_after_months < 1 {
            bad("grants", "reclaim_unused_after_months", g.reclaim_unused_after_months.to_string(), "a whole number of months, at least 1");
        }
        for (tier, months) in &g.term_months {
            if *months < 1 {
                bad("grants", "term_months", format!("{tier} = {months}"), "a whole number of months, at least 1");
            }
            // The default names `emergency`; a model without that tier simply has none.
            let defaulted = tier == "emergency" && Grants::default().term_months.get(tier) == Some(months);
            if !raw.tiers.contains_key(tier) && !defaulted {
                let known: Vec<&str> = raw.tiers.keys().map(String::as_str).collect();
                bad("grants", "term_months", tier.clone(), &format!("a tier of [tiers] ({})", known.join(", ")));
            }
        }
        let a = &raw.attrition;
        if !(a.rate.is_finite() && (0.0..=0.5).contains(&a.rate)) {
            bad("attrition", "rate", a.rate.to_string(), "a yearly share between 0 and 0.5");
        }
        if !issues.is_empty() {
            return Err(issues);
        }
        Ok(Policy {
            name: raw.model.name,
            title: raw.model.title,
            types: raw.types,
            tiers: raw.tiers,
            reclaim: raw.reclaim,
            consolidation: raw.consolidation,
            receiving: raw.receiving,
            reserve: raw.reserve,
            weights: raw.weights,
            grants: raw.grants,
            attrition: raw.attrition,
            digest: sha256_hex(text.as_bytes()),
            origin: ModelSource::File(PathBuf::from(file)),
            source: text.to_string(),
        })
    }
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    digest_text(&Sha256::digest(bytes))
}

/// `sha256:` followed by the digest in lower-case hex.
pub(crate) fn digest_text(digest: &[u8]) -> String {
    let mut s = String::with_capacity(7 + 2 * digest.len());
    s.push_str("sha256:");
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// 1-based line of `key` inside `[section]` (or of the section header when `key` is
/// empty or not found).
pub(crate) fn line_of_key(text: &str, section: &str, key: &str) -> Option<usize> {
    let mut in_section = false;
    let mut header_line = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            in_section = t.trim_start_matches('[').trim_end_matches(']').trim() == section;
            if in_section {
                header_line = Some(i + 1);
            }
            continue;
        }
        if in_section && !key.is_empty() {
            let rest = t.strip_prefix(key).unwrap_or("");
            if t.starts_with(key) && rest.trim_start().starts_with('=') {
                return Some(i + 1);
            }
        }
    }
    header_line
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"
[model]
name = "t"
[types]
institution = "事业编制"
[tiers]
key = { label = "保重点", weight = 100 }
"#;

    #[test]
    fn defaults_fill_missing_sections() {
        let p = Policy::parse(BASE, "m.toml").unwrap();
        assert_eq!(p.reclaim.keep_vacant, 1);
        assert_eq!(p.consolidation.max_quota, 5);
        assert!(!p.receiving.overstaffed_may_receive);
        assert_eq!(p.type_key("事业编制"), Some("institution"));
        assert_eq!(p.tier_key("保重点"), Some("key"));
    }

    #[test]
    fn unknown_key_names_line_and_suggests() {
        let text = format!("{BASE}[reclaim]\nkep_vacant = 2\n");
        let err = Policy::parse(&text, "m.toml").unwrap_err();
        assert_eq!(err[0].row, Some(9), "{:?}", err[0]);
        assert!(err[0].message.contains("did you mean `keep_vacant`"), "{}", err[0].message);
    }

    #[test]
    fn nan_weight_is_rejected_with_line() {
        let text = format!("{BASE}[weights]\nmerges = nan\n");
        let err = Policy::parse(&text, "m.toml").unwrap_err();
        assert_eq!(err[0].row, Some(9));
        assert_eq!(err[0].column.as_deref(), Some("weights.merges"));
    }
}
