//! `--set KEY=V1,V2,…`: a key of the policy table and the values a sweep gives it.
//!
//! Keys are checked against the model schema (`bianzhi schema model`, derived from the
//! policy types), so a key the loader accepts can be set and a typo gets a "did you
//! mean"; map entries name their entry (`reserve.min_available.POOL-MUNI`,
//! `tiers.key.weight`). A value is written as TOML (`0.5`, `true`, `["institution"]`);
//! a bare word where text is expected is that text (`reclaim.into.admin=POOL-X`). The
//! override is applied to the model's own text with a format-preserving editor, so a
//! variant's model file keeps every comment of the original, and the edited text goes
//! through the same `Policy::parse` checks as any model file.

use crate::error::did_you_mean;
use crate::policy::Policy;
use serde_json::Value as Json;
use std::fmt;

/// One `--set`: the key and its values as written, in the order given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    pub key: String,
    pub values: Vec<String>,
}

impl Setting {
    /// Parses `KEY=V1,V2,…`. Values are split at commas outside brackets, braces and
    /// quotes, so `consolidation.kinds=["institution","admin"]` is one value.
    pub fn parse(arg: &str) -> Result<Setting, String> {
        let Some((key, values)) = arg.split_once('=') else {
            return Err(format!("--set {arg}: expected KEY=V1,V2,… (for example reclaim.keep_vacant=0,1,2)"));
        };
        let key = key.trim();
        if key.is_empty() || key.split('.').any(|s| s.trim().is_empty()) {
            return Err(format!("--set {arg}: the key `{key}` is not a dotted key of the policy model (for example reclaim.keep_vacant)"));
        }
        let values = split_values(values);
        if let Some(i) = values.iter().position(|v| v.is_empty()) {
            return Err(format!("--set {arg}: value {} is empty", i + 1));
        }
        let mut seen: Vec<&String> = Vec::new();
        for v in &values {
            if seen.contains(&v) {
                return Err(format!("--set {arg}: the value {v} is given twice"));
            }
            seen.push(v);
        }
        Ok(Setting { key: key.split('.').map(str::trim).collect::<Vec<_>>().join("."), values })
    }

    pub fn path(&self) -> Vec<&str> {
        self.key.split('.').collect()
    }
}

fn split_values(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut quote, mut cur) = (0i32, None::<char>, String::new());
    for ch in s.chars() {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(ch),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth -= 1,
            (None, ',') if depth <= 0 => {
                out.push(cur.trim().to_string());
                cur.clear();
                continue;
            }
            _ => {}
        }
        cur.push(ch);
    }
    out.push(cur.trim().to_string());
    out
}

/// What a key's value must be, from the model schema.
#[derive(Clone, Debug, PartialEq)]
pub enum Leaf {
    Integer { min: Option<f64> },
    Number { min: Option<f64>, max: Option<f64> },
    Boolean,
    Text,
    /// One of these words.
    Choice(Vec<String>),
    /// A list of items of this kind.
    List(Box<Leaf>),
}

impl fmt::Display for Leaf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Leaf::Integer { min: Some(m) } if *m >= 0.0 => write!(f, "a non-negative whole number"),
            Leaf::Integer { .. } => write!(f, "a whole number"),
            Leaf::Number { min: Some(lo), max: Some(hi) } => write!(f, "a number between {lo} and {hi}"),
            Leaf::Number { .. } => write!(f, "a number"),
            Leaf::Boolean => write!(f, "true or false"),
            Leaf::Text => write!(f, "text"),
            Leaf::Choice(words) => write!(f, "one of {}", words.join(", ")),
            Leaf::List(item) => write!(f, "a list (written [\"a\", \"b\"]) of {item}"),
        }
    }
}

/// Keys that decide how the tables are read or name the model: varying them inside one
/// sweep would change the scenario, not the policy.
fn fixed_key(path: &[&str]) -> Option<&'static str> {
    match path {
        ["model", ..] => Some("names the model; a variant is named after its overrides"),
        ["types", ..] => Some("says how the tables' type column is read"),
        ["tiers", _, "label"] => Some("says how the requests' tier column is read"),
        _ => None,
    }
}

/// Finds what `path` must hold in a model of this policy: the schema walked key by key;
/// a map's key must be one the model already has when its entries are records (tiers),
/// and may be new when they are values (reserve pools, reclaim pools by type).
pub fn leaf_of(policy: &Policy, path: &[&str]) -> Result<Leaf, String> {
    if let Some(why) = fixed_key(path) {
        return Err(format!(
            "`{}` {why}, so it cannot vary within a sweep; write a model file with the other value and give both with --model",
            path.join(".")
        ));
    }
    let schema = crate::schema::model_schema();
    let defs = schema.get("definitions").cloned().unwrap_or(Json::Null);
    let mut node = schema.clone();
    for (depth, seg) in path.iter().enumerate() {
        node = resolve(&node, &defs);
        let so_far = path[..depth].join(".");
        let here = if so_far.is_empty() { "the model".to_string() } else { format!("`{so_far}`") };
        if let Some(props) = node.get("properties").and_then(Json::as_object) {
            match props.get(*seg) {
                Some(next) => node = next.clone(),
                None => {
                    let names: Vec<&str> = props.keys().map(String::as_str).filter(|k| *k != "model").collect();
                    let hint = did_you_mean(seg, names.iter().copied()).map(|b| format!("; did you mean `{}`?", join(&so_far, b))).unwrap_or_default();
                    return Err(format!("unknown key `{}`: {here} has {}{hint}", path.join("."), names.join(", ")));
                }
            }
        } else if let Some(item) = node.get("additionalProperties").filter(|a| a.is_object()) {
            let item = resolve(item, &defs);
            if item.get("properties").is_some() {
                // Records keyed by name (tiers): only the model's own entries.
                let known: Vec<String> = match path[..depth] {
                    ["tiers"] => policy.tiers.keys().cloned().collect(),
                    _ => Vec::new(),
                };
                if !known.iter().any(|k| k == seg) {
                    let hint = did_you_mean(seg, known.iter().map(String::as_str)).map(|b| format!("; did you mean `{}`?", join(&so_far, b))).unwrap_or_default();
                    return Err(format!("unknown key `{}`: model {} has no `{so_far}` entry `{seg}` (it has {}){hint}", path.join("."), policy.name, known.join(", ")));
                }
            }
            node = item;
        } else {
            return Err(format!("unknown key `{}`: `{so_far}` is {}, which has no keys", path.join("."), describe(&leaf(&node, &defs))));
        }
    }
    let node = resolve(&node, &defs);
    if node.get("properties").is_some() || node.get("additionalProperties").is_some_and(Json::is_object) {
        let keys: Vec<String> = match node.get("properties").and_then(Json::as_object) {
            Some(props) => props.keys().map(|k| join(&path.join("."), k)).collect(),
            None => vec![format!("{}.NAME", path.join("."))],
        };
        return Err(format!("`{}` is a section; set one of its keys: {}", path.join("."), keys.join(", ")));
    }
    leaf(&node, &defs).ok_or_else(|| format!("`{}` has no value type in the model schema", path.join(".")))
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn describe(l: &Option<Leaf>) -> String {
    l.as_ref().map_or_else(|| "a value".to_string(), |l| l.to_string())
}

/// `$ref` and a single-entry `allOf` (how schemars writes a defaulted struct) followed.
fn resolve(node: &Json, defs: &Json) -> Json {
    let mut node = node.clone();
    loop {
        if let Some(r) = node.get("$ref").and_then(Json::as_str) {
            let name = r.rsplit('/').next().unwrap_or("");
            node = defs.get(name).cloned().unwrap_or(Json::Null);
        } else if let Some([only]) = node.get("allOf").and_then(Json::as_array).map(Vec::as_slice) {
            node = only.clone();
        } else {
            return node;
        }
    }
}

fn leaf(node: &Json, defs: &Json) -> Option<Leaf> {
    let node = resolve(node, defs);
    if let Some(options) = node.get("oneOf").or_else(|| node.get("enum")).and_then(Json::as_array) {
        let words: Vec<String> = options
            .iter()
            .filter_map(|o| o.get("const").and_then(Json::as_str).or_else(|| o.as_str()).map(str::to_string))
            .collect();
        return Some(Leaf::Choice(words));
    }
    let num = |k: &str| node.get(k).and_then(Json::as_f64);
    // `Option<i64>` fields are written `integer` or `["integer", "null"]`.
    let ty = match node.get("type") {
        Some(Json::String(t)) => t.clone(),
        Some(Json::Array(ts)) => ts.iter().filter_map(Json::as_str).find(|t| *t != "null").unwrap_or("").to_string(),
        _ => String::new(),
    };
    Some(match ty.as_str() {
        "integer" => Leaf::Integer { min: num("minimum") },
        "number" => Leaf::Number { min: num("minimum"), max: num("maximum") },
        "boolean" => Leaf::Boolean,
        "string" => Leaf::Text,
        "array" => Leaf::List(Box::new(node.get("items").and_then(|i| leaf(i, defs)).unwrap_or(Leaf::Text))),
        _ => return None,
    })
}

/// A value as written turned into the TOML value the key holds; the message says what
/// was expected.
pub fn typed_value(leaf: &Leaf, written: &str) -> Result<toml_edit::Value, String> {
    let parsed: Option<toml_edit::Value> = written.parse().ok();
    let expected = || format!("expected {leaf}");
    match leaf {
        Leaf::Integer { .. } => match parsed {
            Some(toml_edit::Value::Integer(i)) => Ok(toml_edit::Value::from(*i.value())),
            _ => Err(expected()),
        },
        Leaf::Number { .. } => match parsed {
            Some(toml_edit::Value::Float(f)) if f.value().is_finite() => Ok(toml_edit::Value::from(*f.value())),
            Some(toml_edit::Value::Integer(i)) => Ok(toml_edit::Value::from(*i.value() as f64)),
            _ => Err(expected()),
        },
        Leaf::Boolean => match (parsed, written) {
            (Some(toml_edit::Value::Boolean(b)), _) => Ok(toml_edit::Value::from(*b.value())),
            (_, "是") => Ok(toml_edit::Value::from(true)),
            (_, "否") => Ok(toml_edit::Value::from(false)),
            _ => Err(expected()),
        },
        Leaf::Text => match parsed {
            Some(toml_edit::Value::String(s)) => Ok(toml_edit::Value::from(s.value().as_str())),
            _ => Ok(toml_edit::Value::from(written)),
        },
        Leaf::Choice(words) => {
            let word = match &parsed {
                Some(toml_edit::Value::String(s)) => s.value().to_string(),
                _ => written.to_string(),
            };
            if words.contains(&word) {
                Ok(toml_edit::Value::from(word.as_str()))
            } else {
                let hint = did_you_mean(&word, words.iter().map(String::as_str)).map(|b| format!("; did you mean {b}?")).unwrap_or_default();
                Err(format!("{}{hint}", expected()))
            }
        }
        Leaf::List(item) => match parsed {
            Some(toml_edit::Value::Array(a)) => {
                let mut out = toml_edit::Array::new();
                for v in a.iter() {
                    let shown = match v {
                        toml_edit::Value::String(s) => s.value().to_string(),
                        other => other.to_string().trim().to_string(),
                    };
                    out.push(typed_value(item, &shown).map_err(|e| format!("{e} in the list"))?);
                }
                Ok(toml_edit::Value::Array(out))
            }
            _ => Err(expected()),
        },
    }
}

/// The model text with each `(path, value)` set and `[model] name` set to `name`;
/// comments and layout elsewhere are kept.
pub fn apply(text: &str, name: &str, overrides: &[(Vec<&str>, toml_edit::Value)]) -> Result<String, String> {
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| format!("the model is not TOML: {e}"))?;
    let mut all: Vec<(Vec<&str>, toml_edit::Value)> = vec![(vec!["model", "name"], toml_edit::Value::from(name))];
    all.extend(overrides.iter().cloned());
    for (path, value) in all {
        let (last, parents) = path.split_last().expect("a key has at least one part");
        let mut table: &mut dyn toml_edit::TableLike = doc.as_table_mut();
        for (depth, seg) in parents.iter().enumerate() {
            if table.get(seg).is_none() {
                // A section left out becomes `[section]`; a map inside one, `{ … }`.
                let fresh = if depth == 0 {
                    toml_edit::Item::Table(toml_edit::Table::new())
                } else {
                    toml_edit::Item::Value(toml_edit::Value::InlineTable(toml_edit::InlineTable::new()))
                };
                table.insert(seg, fresh);
            }
            table = table
                .get_mut(seg)
                .and_then(toml_edit::Item::as_table_like_mut)
                .ok_or_else(|| format!("`{}` is not a table in the model", path.join(".")))?;
        }
        // Keep the comment after the old value.
        let decor = table.get(last).and_then(toml_edit::Item::as_value).map(|v| v.decor().clone());
        let mut value = value;
        if let Some(d) = decor {
            *value.decor_mut() = d;
        }
        table.insert(last, toml_edit::Item::Value(value));
    }
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn baseline() -> Policy {
        let m = crate::policy::builtin::builtin_model("baseline").unwrap();
        Policy::load_source(&crate::policy::builtin::ModelSource::Builtin(m)).unwrap()
    }

    #[test]
    fn values_split_outside_brackets_and_quotes() {
        let s = Setting::parse(r#"consolidation.kinds=["institution","admin"],["admin"]"#).unwrap();
        assert_eq!(s.values, vec![r#"["institution","admin"]"#, r#"["admin"]"#]);
        assert_eq!(Setting::parse("a.b=1, 2 ,3").unwrap().values, vec!["1", "2", "3"]);
        assert_eq!(Setting::parse(r#"a.b="x,y",z"#).unwrap().values, vec![r#""x,y""#, "z"]);
        assert!(Setting::parse("reclaim.keep_vacant").unwrap_err().contains("expected KEY=V1,V2"));
        assert!(Setting::parse("reclaim.keep_vacant=1,,2").unwrap_err().contains("value 2 is empty"));
        assert!(Setting::parse("reclaim.keep_vacant=1,1").unwrap_err().contains("given twice"));
        assert!(Setting::parse("reclaim..x=1").unwrap_err().contains("not a dotted key"));
    }

    #[test]
    fn keys_are_checked_against_the_schema() {
        let p = baseline();
        assert_eq!(leaf_of(&p, &["reclaim", "keep_vacant"]), Ok(Leaf::Integer { min: Some(0.0) }));
        assert_eq!(leaf_of(&p, &["reclaim", "max_share"]), Ok(Leaf::Number { min: Some(0.0), max: Some(1.0) }));
        assert_eq!(leaf_of(&p, &["reserve", "min_available", "POOL-NEW"]), Ok(Leaf::Integer { min: Some(0.0) }));
        assert_eq!(leaf_of(&p, &["tiers", "key", "weight"]), Ok(Leaf::Number { min: None, max: None }));
        assert_eq!(leaf_of(&p, &["reclaim", "into", "admin"]), Ok(Leaf::Text));
        assert_eq!(leaf_of(&p, &["receiving", "overstaffed_may_receive"]), Ok(Leaf::Boolean));
        assert!(matches!(leaf_of(&p, &["consolidation", "kinds"]), Ok(Leaf::List(_))));
        assert!(matches!(leaf_of(&p, &["consolidation", "max_merges_per_region"]), Ok(Leaf::Integer { .. })));
        let e = leaf_of(&p, &["reclaim", "kep_vacant"]).unwrap_err();
        assert!(e.contains("did you mean `reclaim.keep_vacant`?"), "{e}");
        let e = leaf_of(&p, &["reclaimm", "keep_vacant"]).unwrap_err();
        assert!(e.contains("did you mean `reclaim`?"), "{e}");
        let e = leaf_of(&p, &["tiers", "kye", "weight"]).unwrap_err();
        assert!(e.contains("did you mean `tiers.key`?") && e.contains("it has emergency, key, operations"), "{e}");
        let e = leaf_of(&p, &["reclaim"]).unwrap_err();
        assert!(e.contains("is a section") && e.contains("reclaim.keep_vacant"), "{e}");
        let e = leaf_of(&p, &["reclaim", "keep_vacant", "x"]).unwrap_err();
        assert!(e.contains("has no keys"), "{e}");
        assert!(leaf_of(&p, &["types", "admin"]).unwrap_err().contains("cannot vary within a sweep"));
        assert!(leaf_of(&p, &["tiers", "key", "label"]).unwrap_err().contains("cannot vary within a sweep"));
    }

    #[test]
    fn values_are_typed_by_their_key() {
        let int = Leaf::Integer { min: Some(0.0) };
        assert_eq!(typed_value(&int, "2").unwrap().as_integer(), Some(2));
        assert!(typed_value(&int, "2.5").unwrap_err().contains("expected a non-negative whole number"));
        assert!(typed_value(&int, "two").is_err());
        let num = Leaf::Number { min: Some(0.0), max: Some(1.0) };
        assert_eq!(typed_value(&num, "1").unwrap().as_float(), Some(1.0));
        assert!(typed_value(&num, "nan").is_err());
        assert_eq!(typed_value(&Leaf::Boolean, "是").unwrap().as_bool(), Some(true));
        assert!(typed_value(&Leaf::Boolean, "yes").is_err());
        assert_eq!(typed_value(&Leaf::Text, "POOL-X").unwrap().as_str(), Some("POOL-X"));
        assert_eq!(typed_value(&Leaf::Text, "\"POOL-X\"").unwrap().as_str(), Some("POOL-X"));
        let kinds = Leaf::List(Box::new(Leaf::Choice(vec!["admin".into(), "institution".into()])));
        assert!(typed_value(&kinds, r#"["institution","admin"]"#).is_ok());
        let e = typed_value(&kinds, r#"["institutoin"]"#).unwrap_err();
        assert!(e.contains("did you mean institution?"), "{e}");
    }

    #[test]
    fn overrides_edit_the_text_and_keep_its_comments() {
        let text = crate::policy::builtin::builtin_model("baseline").unwrap().text;
        let out = apply(
            text,
            "baseline[x]",
            &[
                (vec!["reclaim", "keep_vacant"], toml_edit::Value::from(0)),
                (vec!["reserve", "min_available", "POOL-ADMIN"], toml_edit::Value::from(5)),
                (vec!["tiers", "key", "weight"], toml_edit::Value::from(200.0)),
                (vec!["consolidation", "max_merges_per_region"], toml_edit::Value::from(3)),
            ],
        )
        .unwrap();
        assert!(out.contains("# 基准模型"), "comments kept");
        assert!(out.contains("keep_vacant = 0 "), "{out}");
        assert!(out.contains("# default 1: a donor keeps"), "the comment after the value stays");
        let p = Policy::parse(&out, "v.toml").unwrap();
        assert_eq!(p.name, "baseline[x]");
        assert_eq!(p.reclaim.keep_vacant, 0);
        assert_eq!(p.reserve_of("POOL-ADMIN"), 5);
        assert_eq!(p.reserve_of("POOL-MUNI"), 20);
        assert_eq!(p.tier_weight("key"), 200.0);
        assert_eq!(p.consolidation.max_merges_per_region, Some(3));
        assert_eq!(p.tiers["key"].label, "保重点");
        // A section the model leaves out is added.
        let bare = "[model]\nname = \"t\"\n[types]\ninstitution = \"事业编制\"\n[tiers]\nkey = { label = \"保重点\", weight = 100 }\n";
        let out = apply(bare, "t[y]", &[(vec!["reserve", "min_available", "P"], toml_edit::Value::from(3))]).unwrap();
        let p = Policy::parse(&out, "v.toml").unwrap();
        assert_eq!(p.reserve_of("P"), 3, "{out}");
    }
}
