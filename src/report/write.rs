//! Atomic file writes: a temporary file in the target folder, renamed into place, so
//! a reader never sees half a file and a failed run leaves nothing behind.

use crate::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically (temp file in the same folder + rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let werr = |source: std::io::Error| Error::Write { path: path.display().to_string(), source };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(werr)?;
    let mut tmp = tempfile::Builder::new().prefix(".bianzhi-").tempfile_in(dir).map_err(werr)?;
    tmp.write_all(bytes).map_err(werr)?;
    tmp.as_file().sync_all().map_err(werr)?;
    tmp.persist(path).map_err(|e| werr(e.error))?;
    Ok(())
}

fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
    // Canonicalise the longest existing prefix so `a/../b` and symlinks compare right.
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    out
}

/// Refuses an output folder inside the scenario folder, and output files that are
/// inputs (`outputs` are the files that will be written). `flag` is the command's
/// option that chose the output (`--out`, `-o/--output`), named in the message.
pub fn check_output_dir(out_dir: &Path, scenario_dir: &Path, inputs: &[PathBuf], outputs: &[PathBuf], flag: &str) -> Result<(), Error> {
    let out = absolute(out_dir);
    let scen = absolute(scenario_dir);
    if out.starts_with(&scen) {
        return Err(Error::Usage(format!(
            "output folder {} is inside the scenario folder {}; choose another {flag} so inputs are never touched",
            out_dir.display(),
            scenario_dir.display()
        )));
    }
    let inputs: Vec<PathBuf> = inputs.iter().map(|p| absolute(p)).collect();
    for o in outputs {
        if inputs.contains(&absolute(o)) {
            return Err(Error::Usage(format!("output {} would overwrite an input file", o.display())));
        }
    }
    Ok(())
}
