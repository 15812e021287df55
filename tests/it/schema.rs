//! `bianzhi schema`: the JSON Schemas of plans.json and of a policy model. Every shipped
//! model validates; a misspelt key fails the schema exactly where the loader fails;
//! a solved plans.json validates; the printed schemas are pinned by snapshots.

use crate::common::{bianzhi, repo, solve_demo};
use serde_json::Value;

fn printed(document: &str) -> (String, Value) {
    let out = bianzhi().args(["schema", document]).assert().code(0);
    let text = String::from_utf8(out.get_output().stdout.clone()).expect("utf-8");
    let schema = serde_json::from_str(&text).unwrap_or_else(|e| panic!("schema {document} is not JSON: {e}"));
    (text, schema)
}

fn validator(schema: &Value) -> jsonschema::Validator {
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    jsonschema::draft7::new(schema).expect("a valid draft-07 schema")
}

/// A model's TOML as the JSON value an editor validates.
fn toml_as_json(text: &str) -> Value {
    toml::from_str(text).expect("TOML parses")
}

fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

#[test]
fn every_shipped_model_validates_against_the_model_schema() {
    let (_, schema) = printed("model");
    let v = validator(&schema);
    let mut seen = 0;
    for entry in std::fs::read_dir(repo().join("models")).unwrap().flatten() {
        if entry.path().extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let errs = errors(&v, &toml_as_json(&text));
            assert!(errs.is_empty(), "{}: {errs:?}", entry.path().display());
            seen += 1;
        }
    }
    assert_eq!(seen, bianzhi::BUILTIN_MODELS.len());
}

/// The schema and `Policy::parse` agree on every variant: unknown keys at each level
/// are refused by both, sections left out are accepted by both.
#[test]
fn the_model_schema_refuses_what_the_loader_refuses() {
    let (_, schema) = printed("model");
    let v = validator(&schema);
    let base = std::fs::read_to_string(repo().join("models/baseline.toml")).unwrap();
    let minimal = "[model]\nname = \"m\"\n[types]\ninstitution = \"事业编制\"\n[tiers]\nkey = { label = \"保重点\", weight = 100 }\n";
    let cases: Vec<(&str, String, bool)> = vec![
        ("shipped", base.clone(), true),
        ("sections left out take defaults", minimal.to_string(), true),
        ("misspelt key in a section", base.replace("keep_vacant = 1", "kep_vacant = 1"), false),
        ("misspelt section", base.replace("[receiving]", "[recieving]"), false),
        ("unknown key in [model]", base.replace("[model]\n", "[model]\nversion = 2\n"), false),
        ("unknown key in a tier", base.replace("weight = 100 }", "weight = 100, colour = \"red\" }"), false),
        ("a tier without weight", base.replace("key = { label = \"保重点\", weight = 100 }", "key = { label = \"保重点\" }"), false),
        ("no [types]", minimal.replace("[types]\ninstitution = \"事业编制\"\n", ""), false),
        ("empty [types]", minimal.replace("institution = \"事业编制\"\n", ""), false),
        ("a share above 1", base.replace("max_share = 1.0", "max_share = 1.5"), false),
        ("a negative count", base.replace("max_quota = 5", "max_quota = -1"), false),
        ("an unknown unit kind", base.replace("kinds = [\"institution\"]", "kinds = [\"school\"]"), false),
        ("a text where a number goes", base.replace("merges = 2.0", "merges = \"2\""), false),
    ];
    for (what, text, ok) in cases {
        let loader = bianzhi::Policy::parse(&text, "m.toml");
        assert_eq!(loader.is_ok(), ok, "{what}: loader says {:?}", loader.err());
        let errs = errors(&v, &toml_as_json(&text));
        assert_eq!(errs.is_empty(), ok, "{what}: schema says {errs:?}");
    }
}

#[test]
fn the_model_schema_shows_descriptions_and_defaults() {
    let (_, schema) = printed("model");
    let reclaim = &schema["definitions"]["Reclaim"];
    assert_eq!(reclaim["additionalProperties"], false);
    assert_eq!(reclaim["properties"]["keep_vacant"]["default"], 1);
    assert!(reclaim["properties"]["keep_vacant"]["description"].as_str().unwrap().contains("keeps at least"));
    assert_eq!(schema["definitions"]["Consolidation"]["properties"]["max_merges"]["default"], 50);
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(schema["title"], "bianzhi policy model");
}

#[test]
fn a_solved_plans_json_validates_against_the_plans_schema() {
    let (_, schema) = printed("plans");
    let v = validator(&schema);
    let (_tmp, _, doc) = solve_demo(3);
    let errs = errors(&v, &doc);
    assert!(errs.is_empty(), "{errs:?}");
    // The schema is not vacuous: a plan without its moves, or a move of an unknown kind, fails.
    let mut broken = doc.clone();
    broken["plans"][0].as_object_mut().unwrap().remove("moves");
    assert!(!v.is_valid(&broken));
    let mut broken = doc.clone();
    broken["plans"][0]["moves"][0]["kind"] = "teleport".into();
    assert!(!v.is_valid(&broken));
    let mut broken = doc;
    broken["format"] = "bianzhi.plans/2".into();
    assert!(!v.is_valid(&broken));
}

#[test]
fn printed_schemas_are_stable() {
    let (plans, _) = printed("plans");
    let (model, _) = printed("model");
    assert_eq!(plans, bianzhi::schema_text(&bianzhi::plans_schema()));
    insta::assert_snapshot!("schema_plans", plans);
    insta::assert_snapshot!("schema_model", model);
}
