//! Errors and input issues. An `Issue` is one problem in one place of one input file
//! (file, spreadsheet row, column, value, what was expected); loading and validation
//! collect every issue before failing. `Error` is what library calls return.

use std::fmt;

/// Whether an issue stops the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in an input file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    pub severity: Severity,
    /// File as given on the command line or in `scenario.toml` (sheet after `#`).
    pub file: String,
    /// Row as a spreadsheet numbers it (header = 1); line number for TOML files.
    pub row: Option<usize>,
    /// Column (canonical name) or TOML key.
    pub column: Option<String>,
    /// The offending value as written.
    pub value: Option<String>,
    /// What is wrong / what was expected, lower-case, no trailing period.
    pub message: String,
}

impl Issue {
    pub fn file_error(file: &str, message: impl Into<String>) -> Issue {
        Issue {
            severity: Severity::Error,
            file: file.to_string(),
            row: None,
            column: None,
            value: None,
            message: message.into(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tag = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{tag}: {}", self.file)?;
        if let Some(row) = self.row {
            write!(f, ":{row}")?;
        }
        if let Some(col) = &self.column {
            write!(f, ": column {col}")?;
        }
        if let Some(v) = &self.value {
            write!(f, ": value {v:?}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Errors of the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Invalid input: every issue found (exit code 1).
    #[error("invalid input: {} problem(s)", .0.iter().filter(|i| i.is_error()).count())]
    Invalid(Vec<Issue>),
    /// Command-line misuse that clap cannot see (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// The rules cannot all hold (exit code 3); the explanation is rendered text.
    #[error("infeasible: the rules cannot all hold\n{0}")]
    Infeasible(String),
    /// No plan within the limits (exit code 4).
    #[error("no solution within the limits: {0}")]
    NoSolution(String),
    /// A plan produced by the solver failed the independent check: a bug.
    #[error("internal error: plan {rank} fails verification:\n{violations}")]
    VerifyFailed { rank: usize, violations: String },
    /// The solver reported an error.
    #[error("solver error: {0}")]
    Solver(String),
    /// Something that should not fail did (a renderer's own error): a bug (exit code 5).
    #[error("internal error: {0}")]
    Internal(String),
    /// An acceptance test of `compare` failed (exit code 6); the results were written.
    #[error("{0}")]
    Rejected(String),
    /// Writing an output failed.
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
}

impl Error {
    /// Process exit code of DESIGN §8.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid(_) => 1,
            Error::Usage(_) => 2,
            Error::Infeasible(_) => 3,
            Error::NoSolution(_) => 4,
            Error::VerifyFailed { .. } | Error::Solver(_) | Error::Internal(_) | Error::Write { .. } => 5,
            Error::Rejected(_) => 6,
        }
    }
}

impl From<Vec<Issue>> for Error {
    fn from(issues: Vec<Issue>) -> Self {
        Error::Invalid(issues)
    }
}

/// Closest candidate by edit distance, if close enough to be a likely typo.
pub fn did_you_mean<'a>(unknown: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(unknown, c), c))
        // Short (often Chinese) words: one edit at most, or 学校 would suggest 事业.
        .filter(|(d, c)| *d <= 1.max(c.chars().count() / 3))
        .min()
        .map(|(_, c)| c)
}

/// Turns a TOML parse error into an issue with its line, and a "did you mean" for
/// unknown keys.
pub(crate) fn toml_issue(text: &str, file: &str, e: &toml::de::Error) -> Issue {
    let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
    let msg = e.message().trim().to_string();
    let mut message = msg.clone();
    // serde: "unknown field `kep_vacant`, expected one of `keep_vacant`, `max_share`"
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        if let Some((unknown, tail)) = rest.split_once('`') {
            let candidates: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
            if let Some(best) = did_you_mean(unknown, candidates.iter().copied()) {
                message = format!("unknown key `{unknown}`; did you mean `{best}`?");
            } else {
                message = format!("unknown key `{unknown}`; expected one of {}", candidates.join(", "));
            }
        }
    }
    Issue {
        severity: Severity::Error,
        file: file.to_string(),
        row: line,
        column: None,
        value: None,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("kep_vacant", ["keep_vacant", "max_share"]), Some("keep_vacant"));
        assert_eq!(did_you_mean("zzz", ["keep_vacant", "max_share"]), None);
    }

    #[test]
    fn display_names_file_row_column() {
        let i = Issue {
            severity: Severity::Error,
            file: "units.csv".into(),
            row: Some(7),
            column: Some("quota".into()),
            value: Some("-3".into()),
            message: "expected a non-negative integer".into(),
        };
        assert_eq!(
            i.to_string(),
            "error: units.csv:7: column quota: value \"-3\": expected a non-negative integer"
        );
    }
}
