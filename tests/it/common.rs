//! Shared helpers: the binary under test, repo paths, and scenario folders written
//! from strings into temporary directories.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The `bianzhi` binary built for this test run.
pub fn bianzhi() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("bianzhi").expect("binary builds")
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn demo_city() -> PathBuf {
    repo().join("scenarios/demo-city")
}

pub fn baseline_model() -> PathBuf {
    repo().join("models/baseline.toml")
}

/// Writes `files` (relative name, contents) into a fresh temporary folder.
pub fn write_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, contents) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, contents).expect("write fixture");
    }
    dir
}

/// Copies a scenario folder (flat) into a temporary folder.
pub fn copy_scenario(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(from).expect("scenario folder") {
        let entry = entry.expect("entry");
        if entry.path().is_file() {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy");
        }
    }
    dir
}

/// Loads a scenario through the library, panicking with the issues on failure.
pub fn load(dir: &Path, model: Option<&Path>) -> bianzhi::Loaded {
    match bianzhi::load_scenario(dir, model) {
        Ok(l) => l,
        Err(issues) => panic!("scenario does not load: {:#?}", issues),
    }
}
