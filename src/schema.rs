//! JSON Schemas (draft-07, which editors' TOML and JSON validators read) of the two
//! documents other tools handle: `plans.json` as bianzhi writes it, and a policy model
//! as TOML read into a JSON value. Both come from the serde types themselves
//! (`schemars` derives), so they cannot drift from what is written and parsed.

use schemars::generate::{Contract, SchemaSettings};
use serde_json::Value;

/// The schema of `plans.json` (DESIGN §7) as written: every field bianzhi writes is
/// required; fields left out when empty (`why_not`, `differences`) are optional.
/// Other keys are allowed, so the schema holds for later additions to the format.
pub fn plans_schema() -> Value {
    let settings = SchemaSettings::draft07().with(|s| s.contract = Contract::Serialize);
    let mut schema = settings.into_generator().into_root_schema_for::<crate::domain::PlansDoc>().to_value();
    schema["title"] = "bianzhi plans (bianzhi.plans/1)".into();
    heading_first(schema)
}

/// The schema of a policy model file, read as TOML into JSON: unknown keys are
/// rejected (additionalProperties false) exactly where the loader rejects them, and
/// every key shows its description and default. Checks that need a scenario (pool ids
/// exist) are not in it.
pub fn model_schema() -> Value {
    let settings = SchemaSettings::draft07().with(|s| s.contract = Contract::Deserialize);
    heading_first(settings.into_generator().into_root_schema_for::<crate::policy::RawPolicy>().to_value())
}

/// Moves `$schema`, `title` and `description` to the top, where a reader looks.
fn heading_first(schema: Value) -> Value {
    let Value::Object(rest) = schema else { return schema };
    let mut out = serde_json::Map::new();
    for key in ["$schema", "title", "description"] {
        if let Some(v) = rest.get(key) {
            out.insert(key.to_string(), v.clone());
        }
    }
    for (k, v) in rest {
        if !out.contains_key(&k) {
            out.insert(k, v);
        }
    }
    Value::Object(out)
}

/// A schema as printed by `bianzhi schema`: pretty JSON with a final newline.
pub fn schema_text(schema: &Value) -> String {
    serde_json::to_string_pretty(schema).expect("a schema serialises") + "\n"
}
