//! Atomic file writes: a temporary file in the target folder, renamed into place, so
//! a reader never sees half a file and a failed run leaves nothing behind. Written
//! files get the ordinary mode under the user's umask (0644 under 022, 0600 under 077),
//! as any editor would make them, not the private mode of a temporary file.

use crate::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically (temp file in the same folder, fsync, rename,
/// fsync of the folder).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let tmp = stage(path, bytes)?;
    commit(path, tmp)
}

/// Writes several files as one step: every file is first written and synced to a
/// temporary file beside its target, and only when all of them are ready are they
/// renamed into place. A failure before that point (an unwritable folder, a full
/// disk) leaves none of the targets touched, so a report never ships half its files.
pub fn write_all_atomic(files: &[(PathBuf, Vec<u8>)]) -> Result<(), Error> {
    let staged = files.iter().map(|(path, bytes)| Ok((path, stage(path, bytes)?))).collect::<Result<Vec<_>, Error>>()?;
    for (path, tmp) in staged {
        commit(path, tmp)?;
    }
    Ok(())
}

fn write_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Write { path: path.display().to_string(), source }
}

/// `bytes` in a synced temporary file beside `path` (removed if dropped uncommitted).
fn stage(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, Error> {
    let werr = write_error(path);
    let dir = parent_dir(path);
    std::fs::create_dir_all(dir).map_err(&werr)?;
    let mut tmp = temp_file_in(dir, "").map_err(&werr)?;
    tmp.write_all(bytes).map_err(&werr)?;
    tmp.as_file().sync_all().map_err(&werr)?;
    Ok(tmp)
}

/// Renames a staged file to `path` and makes the rename durable.
fn commit(path: &Path, tmp: tempfile::NamedTempFile) -> Result<(), Error> {
    let werr = write_error(path);
    tmp.persist(path).map_err(|e| werr(e.error))?;
    sync_dir(parent_dir(path)).map_err(&werr)
}

/// Like [`write_atomic`] for a writer that needs a path (HiGHS writes MPS by file
/// name and picks the format by extension): `fill` writes the temporary file, named
/// with `suffix`, which is then synced and renamed to `path`. An error from `fill`
/// leaves nothing behind.
pub fn write_atomic_via(path: &Path, suffix: &str, fill: impl FnOnce(&Path) -> Result<(), Error>) -> Result<(), Error> {
    let werr = write_error(path);
    let dir = parent_dir(path);
    std::fs::create_dir_all(dir).map_err(&werr)?;
    let tmp = temp_file_in(dir, suffix).map_err(&werr)?;
    fill(tmp.path())?;
    // The writer opened the file by name and closed it; sync what it wrote.
    std::fs::File::open(tmp.path()).and_then(|f| f.sync_all()).map_err(&werr)?;
    commit(path, tmp)
}

/// The folder a file is written in (`.` for a bare file name).
fn parent_dir(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// A new temporary file in `dir` (created with `create_new`, removed when dropped)
/// whose mode is 0666 less the umask, so that after the rename the file has the mode
/// the user expects. tempfile's own default, 0600, would survive the rename and hide
/// every plan from colleagues sharing the output folder.
fn temp_file_in(dir: &Path, suffix: &str) -> std::io::Result<tempfile::NamedTempFile> {
    let mut b = tempfile::Builder::new();
    b.prefix(".bianzhi-").suffix(suffix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Passed to open(2) as its mode, which the kernel masks with the umask.
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    b.tempfile_in(dir)
}

/// Makes a rename in `dir` durable (a no-op where folders cannot be opened).
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = dir;
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
