//! Built-in policy models: `models/*.toml` shipped inside the binary, model references
//! by name (a file beside the scenario first, then the built-in), the same digest for
//! a built-in as for its file, and `bianzhi models`.

use crate::common::{baseline_model, bianzhi, copy_scenario, demo_city, repo, write_dir};
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

fn stdout_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).expect("utf-8 stdout")
}

fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stderr.clone()).expect("utf-8 stderr")
}

/// A starter scenario (small, solves in well under a second) in a fresh folder.
fn starter() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    bianzhi().arg("init").arg(dir.path().join("s")).assert().code(0);
    dir
}

#[test]
fn every_shipped_model_file_is_a_builtin_with_the_same_bytes() {
    let mut files: Vec<String> = std::fs::read_dir(repo().join("models"))
        .expect("models/")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
        .map(|e| e.path().file_stem().unwrap().to_string_lossy().to_string())
        .collect();
    files.sort();
    let builtins: Vec<&str> = bianzhi::BUILTIN_MODELS.iter().map(|m| m.name).collect();
    assert_eq!(files, builtins, "models/*.toml and the built-ins differ: add the file to BUILTIN_MODELS");
    for m in bianzhi::BUILTIN_MODELS {
        let on_disk = std::fs::read_to_string(repo().join(format!("models/{}.toml", m.name))).unwrap();
        assert!(on_disk == m.text, "built-in {} is not the bytes of models/{}.toml", m.name, m.name);
        let from_file = bianzhi::Policy::load(&repo().join(format!("models/{}.toml", m.name))).unwrap();
        let built_in = bianzhi::Policy::load_source(&bianzhi::ModelSource::Builtin(m)).unwrap();
        assert_eq!(from_file.digest, built_in.digest);
        assert_eq!(built_in.file(), format!("{} (built-in)", m.name));
        assert_eq!(built_in.input_file(), None);
    }
}

#[test]
fn the_demo_city_copied_anywhere_still_finds_its_model() {
    let scen = copy_scenario(&demo_city());
    let manifest = std::fs::read_to_string(scen.path().join("scenario.toml")).unwrap();
    assert!(manifest.contains("model = \"baseline\""), "{manifest}");
    bianzhi()
        .arg("validate")
        .arg(scen.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("model baseline (基准：总量控制、盘活存量、保障重点), built-in"));
}

#[test]
fn a_file_beside_the_scenario_comes_before_the_builtin() {
    let scen = copy_scenario(&demo_city());
    let own = std::fs::read_to_string(baseline_model()).unwrap().replace("title = \"基准：", "title = \"本地改写的基准：");
    std::fs::write(scen.path().join("baseline.toml"), own).unwrap();
    let assert = bianzhi().arg("validate").arg(scen.path()).assert().code(0);
    let out = stdout_of(&assert);
    assert!(out.contains("(本地改写的基准：") && out.contains("read from ") && out.contains("baseline.toml"), "{out}");
}

#[test]
fn model_flag_takes_a_name_file_in_the_current_folder_then_a_builtin() {
    let cwd = tempfile::tempdir().expect("temp dir");
    let assert = bianzhi().current_dir(cwd.path()).arg("validate").arg(demo_city()).args(["--model", "strict-control"]).assert().code(0);
    assert!(stdout_of(&assert).contains("model strict-control (从严控制"), "{}", stdout_of(&assert));
    assert!(stdout_of(&assert).ends_with("built-in\n"));
    let own = std::fs::read_to_string(repo().join("models/strict-control.toml")).unwrap().replace("title = \"从严控制", "title = \"本处的从严控制");
    std::fs::write(cwd.path().join("strict-control.toml"), own).unwrap();
    let assert = bianzhi().current_dir(cwd.path()).arg("validate").arg(demo_city()).args(["--model", "strict-control"]).assert().code(0);
    assert!(stdout_of(&assert).contains("(本处的从严控制") && stdout_of(&assert).contains("read from strict-control.toml"), "{}", stdout_of(&assert));
    // A path is a path: ./NAME without .toml is a file, not the built-in.
    bianzhi()
        .current_dir(cwd.path())
        .arg("validate")
        .arg(demo_city())
        .args(["--model", "./strict-control"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("./strict-control: cannot read policy model"));
}

#[test]
fn a_plan_made_with_the_builtin_has_the_digest_of_the_file() {
    let dir = starter();
    let scen = dir.path().join("s");
    let digest_of = |model: Option<&Path>, out: &str| -> String {
        let mut cmd = bianzhi();
        cmd.arg("solve").arg(&scen).args(["--plans", "1", "--out"]).arg(dir.path().join(out));
        if let Some(m) = model {
            cmd.arg("--model").arg(m);
        }
        cmd.assert().code(0);
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(dir.path().join(out).join("plans.json")).unwrap()).unwrap();
        assert_eq!(doc["model"]["name"], "baseline");
        doc["model"]["digest"].as_str().unwrap().to_string()
    };
    let built_in = digest_of(None, "a");
    let from_file = digest_of(Some(&baseline_model()), "b");
    assert_eq!(built_in, from_file);
    let listed = bianzhi().args(["models", "--format", "json"]).assert().code(0);
    let list: Value = serde_json::from_str(&stdout_of(&listed)).unwrap();
    assert_eq!(list[0]["name"], "baseline");
    assert_eq!(list[0]["digest"], Value::from(built_in));
}

#[test]
fn the_never_overwrite_check_protects_a_model_file_and_ignores_a_builtin() {
    let dir = starter();
    let scen = dir.path().join("s");
    // With the built-in, an output that happens to be named like it is just a file.
    bianzhi().current_dir(dir.path()).arg("export-mps").arg(&scen).args(["-o", "baseline (built-in)"]).assert().code(0);
    assert!(dir.path().join("baseline (built-in)").is_file());
    // With a model file, writing over it is refused.
    let model = dir.path().join("m.toml");
    std::fs::copy(baseline_model(), &model).unwrap();
    let before = std::fs::read(&model).unwrap();
    bianzhi()
        .arg("export-mps")
        .arg(&scen)
        .arg("--model")
        .arg(&model)
        .arg("-o")
        .arg(&model)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("would overwrite an input file"));
    assert_eq!(std::fs::read(&model).unwrap(), before);
}

#[test]
fn an_unknown_model_name_in_scenario_toml_names_file_row_and_suggests() {
    let scen = copy_scenario(&demo_city());
    let manifest = std::fs::read_to_string(scen.path().join("scenario.toml")).unwrap().replace("model = \"baseline\"", "model = \"basline\"");
    std::fs::write(scen.path().join("scenario.toml"), &manifest).unwrap();
    let row = manifest.lines().position(|l| l.starts_with("model =")).unwrap() + 1;
    // A problem in a table is reported too: reading goes on after the model.
    let units = std::fs::read_to_string(scen.path().join("units.csv")).unwrap();
    std::fs::write(scen.path().join("units.csv"), units.replacen("单位名称", "单位名", 1)).unwrap();
    let assert = bianzhi().arg("validate").arg(scen.path()).assert().code(1).stdout(predicate::str::is_empty());
    let err = stderr_of(&assert);
    assert!(
        err.contains(&format!("scenario.toml:{row}: column scenario.model: value \"basline\": unknown model `basline`")),
        "{err}"
    );
    assert!(err.contains("built-ins: baseline, priority-first, strict-control") && err.contains("did you mean `baseline`?"), "{err}");
    assert!(err.contains("units.csv") && err.contains("missing required column `name`"), "the table's problem is reported as well: {err}");
}

#[test]
fn an_unknown_model_flag_lists_the_builtins() {
    bianzhi()
        .arg("validate")
        .arg(demo_city())
        .args(["--model", "strict"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--model: value \"strict\": unknown model `strict`"))
        .stderr(predicate::str::contains("built-ins: baseline, priority-first, strict-control"));
    // Written as a file that is not there, a built-in's name gets a hint.
    let cwd = tempfile::tempdir().expect("temp dir");
    bianzhi()
        .current_dir(cwd.path())
        .arg("validate")
        .arg(demo_city())
        .args(["--model", "baseline.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("baseline.toml: cannot read policy model"))
        .stderr(predicate::str::contains("to use the built-in model, write `baseline`"));
}

#[test]
fn a_model_path_in_scenario_toml_still_works() {
    let scen = write_dir(&[]);
    for entry in std::fs::read_dir(demo_city()).unwrap().flatten() {
        std::fs::copy(entry.path(), scen.path().join(entry.file_name())).unwrap();
    }
    let manifest = std::fs::read_to_string(scen.path().join("scenario.toml")).unwrap();
    let path = baseline_model().display().to_string().replace('\\', "/");
    std::fs::write(scen.path().join("scenario.toml"), manifest.replace("model = \"baseline\"", &format!("model = \"{path}\""))).unwrap();
    bianzhi().arg("validate").arg(scen.path()).assert().code(0).stdout(predicate::str::contains("read from "));
}

#[test]
fn models_lists_the_builtins_with_titles() {
    let assert = bianzhi().arg("models").assert().code(0);
    let out = stdout_of(&assert);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0].split_whitespace().collect::<Vec<_>>(), ["name", "title"]);
    for (line, m) in lines[1..].iter().zip(bianzhi::BUILTIN_MODELS) {
        let p = bianzhi::Policy::load_source(&bianzhi::ModelSource::Builtin(m)).unwrap();
        assert!(line.starts_with(m.name) && line.ends_with(&p.title), "{line}");
    }
    assert_eq!(lines.len(), 1 + bianzhi::BUILTIN_MODELS.len() + 1, "{out}");
    let json = bianzhi().args(["models", "--format", "json"]).assert().code(0);
    let list: Value = serde_json::from_str(&stdout_of(&json)).expect("one JSON document");
    let names: Vec<&str> = list.as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["baseline", "priority-first", "strict-control"]);
    assert!(list.as_array().unwrap().iter().all(|m| !m["title"].as_str().unwrap().is_empty()));
}

#[test]
fn models_name_prints_the_toml_and_an_unknown_name_is_a_usage_error() {
    let assert = bianzhi().args(["models", "priority-first"]).assert().code(0);
    assert_eq!(stdout_of(&assert), std::fs::read_to_string(repo().join("models/priority-first.toml")).unwrap());
    bianzhi()
        .args(["models", "priority"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no built-in model `priority`"))
        .stderr(predicate::str::contains("built-ins: baseline, priority-first, strict-control"));
}
