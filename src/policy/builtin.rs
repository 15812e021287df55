//! The built-in policy models and model references. `models/*.toml` are compiled into
//! the binary, so a scenario folder copied anywhere still finds `model = "baseline"`;
//! [`resolve_model`] is the one rule that turns a reference as written (in
//! `scenario.toml` or after `--model`) into the file or built-in to read.

use crate::error::did_you_mean;
use std::path::{Path, PathBuf};

/// A policy model shipped inside the binary.
#[derive(Debug, PartialEq, Eq)]
pub struct BuiltinModel {
    /// The name a reference uses: the file stem of `models/NAME.toml`.
    pub name: &'static str,
    /// The file's bytes, exactly: its digest is the digest of `models/NAME.toml`.
    pub text: &'static str,
}

/// Every built-in model, in name order (a test checks this is all of `models/*.toml`).
pub const BUILTIN_MODELS: &[BuiltinModel] = &[
    BuiltinModel { name: "baseline", text: include_str!("../../models/baseline.toml") },
    BuiltinModel { name: "priority-first", text: include_str!("../../models/priority-first.toml") },
    BuiltinModel { name: "strict-control", text: include_str!("../../models/strict-control.toml") },
];

/// The built-in model of that name.
pub fn builtin_model(name: &str) -> Option<&'static BuiltinModel> {
    BUILTIN_MODELS.iter().find(|m| m.name == name)
}

/// Where a policy model is read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModelSource {
    File(PathBuf),
    Builtin(&'static BuiltinModel),
}

impl ModelSource {
    /// How messages name the model: its path, or `baseline (built-in)`.
    pub fn shown(&self) -> String {
        match self {
            ModelSource::File(p) => p.display().to_string(),
            ModelSource::Builtin(m) => format!("{} (built-in)", m.name),
        }
    }

    /// The file read, which outputs must never overwrite; none for a built-in.
    pub fn file(&self) -> Option<&Path> {
        match self {
            ModelSource::File(p) => Some(p),
            ModelSource::Builtin(_) => None,
        }
    }
}

/// Whether a reference is a model name rather than a path: no path separator, no
/// `.toml` ending, and not `.` or `..`. `./baseline` and `baseline.toml` are paths.
pub fn is_model_name(written: &str) -> bool {
    !written.is_empty()
        && !written.contains(['/', '\\'])
        && !written.to_ascii_lowercase().ends_with(".toml")
        && written != "."
        && written != ".."
}

/// Resolves a model reference against `base` (the scenario's folder for
/// `scenario.toml`, the current folder — an empty path — for `--model`). A path is
/// `base/path`. A name is the file `base/NAME.toml` when there is one, so a folder can
/// carry its own variant of a built-in, else the built-in model `NAME`. An unknown
/// name is an error listing the built-ins, with a "did you mean".
pub fn resolve_model(written: &Path, base: &Path) -> Result<ModelSource, String> {
    let Some(name) = written.to_str().filter(|s| is_model_name(s)) else {
        return Ok(ModelSource::File(base.join(written)));
    };
    let beside = base.join(format!("{name}.toml"));
    if beside.is_file() {
        return Ok(ModelSource::File(beside));
    }
    if let Some(m) = builtin_model(name) {
        return Ok(ModelSource::Builtin(m));
    }
    let names: Vec<&str> = BUILTIN_MODELS.iter().map(|m| m.name).collect();
    let hint = did_you_mean(name, names.iter().copied()).map(|b| format!("; did you mean `{b}`?")).unwrap_or_default();
    let folder = if base.as_os_str().is_empty() { ".".to_string() } else { base.display().to_string() };
    Err(format!(
        "unknown model `{name}`: no file {name}.toml in {folder} and no built-in model of that name (built-ins: {}){hint}",
        names.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_paths_are_told_apart() {
        for name in ["baseline", "strict-control", "我的模型", "v2.1"] {
            assert!(is_model_name(name), "{name}");
        }
        for path in ["", ".", "..", "./baseline", "baseline.toml", "BASELINE.TOML", "../../models/baseline.toml", "a\\b"] {
            assert!(!is_model_name(path), "{path}");
        }
    }

    #[test]
    fn a_name_is_a_file_beside_then_a_builtin() {
        let dir = tempfile::tempdir().unwrap();
        let got = resolve_model(Path::new("baseline"), dir.path()).unwrap();
        assert_eq!(got, ModelSource::Builtin(builtin_model("baseline").unwrap()));
        assert_eq!(got.shown(), "baseline (built-in)");
        assert_eq!(got.file(), None);
        std::fs::write(dir.path().join("baseline.toml"), "x").unwrap();
        let got = resolve_model(Path::new("baseline"), dir.path()).unwrap();
        assert_eq!(got, ModelSource::File(dir.path().join("baseline.toml")));
        assert_eq!(got.file(), Some(dir.path().join("baseline.toml").as_path()));
    }

    #[test]
    fn a_path_is_taken_as_written_relative_to_the_base() {
        let got = resolve_model(Path::new("../m/baseline.toml"), Path::new("scen")).unwrap();
        assert_eq!(got, ModelSource::File(PathBuf::from("scen/../m/baseline.toml")));
        let got = resolve_model(Path::new("m.toml"), Path::new("")).unwrap();
        assert_eq!(got, ModelSource::File(PathBuf::from("m.toml")));
    }

    #[test]
    fn an_unknown_name_lists_the_builtins_and_suggests() {
        let err = resolve_model(Path::new("basline"), Path::new("")).unwrap_err();
        assert!(err.starts_with("unknown model `basline`: no file basline.toml in ."), "{err}");
        assert!(err.contains("built-ins: baseline, priority-first, strict-control"), "{err}");
        assert!(err.ends_with("did you mean `baseline`?"), "{err}");
        let err = resolve_model(Path::new("zzz"), Path::new("scen")).unwrap_err();
        assert!(err.contains("no file zzz.toml in scen") && !err.contains("did you mean"), "{err}");
    }

    #[test]
    fn builtins_are_in_name_order_and_unique() {
        let names: Vec<&str> = BUILTIN_MODELS.iter().map(|m| m.name).collect();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(names, sorted);
    }
}
