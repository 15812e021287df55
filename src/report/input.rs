//! Reading a plans.json back: its format checked before its fields (so a file of another
//! kind gets a plain error, not a serde path), the scenario and model it was made from
//! checked against the ones given, and the `PLANS.json#K` selector of `diff`.

use crate::domain::{PlansDoc, Scenario, PLANS_FORMAT};
use crate::error::{Error, Issue, Severity};
use crate::policy::Policy;
use std::path::{Path, PathBuf};

fn issue(file: &str, row: Option<usize>, column: Option<String>, message: String) -> Issue {
    Issue { severity: Severity::Error, file: file.to_string(), row, column, value: None, message }
}

/// Reads a `bianzhi.plans/1` document. Errors name the file (and line for a syntax
/// error); a JSON document of another format says what it is.
pub fn read_plans(path: &Path) -> Result<PlansDoc, Error> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Error::Invalid(vec![Issue::file_error(&shown, format!("cannot read plans: {e}"))]))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        Error::Invalid(vec![issue(&shown, Some(e.line()), Some(format!("char {}", e.column())), format!("not a JSON document: {e}"))])
    })?;
    match value.get("format").and_then(|f| f.as_str()) {
        Some(PLANS_FORMAT) => {}
        Some(other) => {
            return Err(Error::Invalid(vec![issue(
                &shown,
                None,
                Some("format".into()),
                format!("this is a `{other}` document, not `{PLANS_FORMAT}` (the plans.json that `bianzhi solve` writes)"),
            )]))
        }
        None => {
            return Err(Error::Invalid(vec![issue(
                &shown,
                None,
                Some("format".into()),
                format!("no \"format\" field: not a `{PLANS_FORMAT}` document (the plans.json that `bianzhi solve` writes)"),
            )]))
        }
    }
    serde_json::from_str(&text).map_err(|e| {
        Error::Invalid(vec![issue(&shown, Some(e.line()), Some(format!("char {}", e.column())), format!("not a valid {PLANS_FORMAT} document: {e}"))])
    })
}

/// Refuses a document made from other inputs or under another model, naming which
/// differs and how to fix it.
pub fn check_made_from(doc: &PlansDoc, s: &Scenario, p: &Policy, shown: &str) -> Result<(), Error> {
    let mut issues = Vec::new();
    if doc.scenario.input_digest != s.digest {
        issues.push(issue(
            shown,
            None,
            Some("scenario.input_digest".into()),
            format!(
                "plans were made from other input data ({}, scenario `{}`) than the scenario given ({}, `{}`): solve again, or give the scenario they were made from",
                doc.scenario.input_digest, doc.scenario.name, s.digest, s.name
            ),
        ));
    }
    if doc.model.digest != p.digest {
        issues.push(issue(
            shown,
            None,
            Some("model.digest".into()),
            format!(
                "plans were made under model `{}` ({}) but the model given is `{}` ({}, {}): pass the model they were made with (--model)",
                doc.model.name,
                doc.model.digest,
                p.name,
                p.digest,
                p.file()
            ),
        ));
    }
    if issues.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(issues))
    }
}

/// `PLANS.json#K`: the file and the plan rank asked for (1 when no `#K` is given). A `#`
/// followed by anything but a rank is part of the file name.
pub fn plan_selector(spec: &Path) -> Result<(PathBuf, usize), Error> {
    let text = spec.to_string_lossy();
    if let Some((file, rank)) = text.rsplit_once('#') {
        if !rank.is_empty() && rank.chars().all(|c| c.is_ascii_digit()) {
            let k: usize = rank.parse().map_err(|_| Error::Usage(format!("{text}: plan rank `{rank}` is too large")))?;
            if k == 0 {
                return Err(Error::Usage(format!("{text}: plans are ranked from 1; `#0` names no plan")));
            }
            return Ok((PathBuf::from(file), k));
        }
    }
    Ok((spec.to_path_buf(), 1))
}

#[cfg(test)]
mod tests {
    use super::plan_selector;
    use std::path::{Path, PathBuf};

    #[test]
    fn a_selector_names_the_file_and_rank_and_refuses_rank_zero() {
        assert_eq!(plan_selector(Path::new("a/plans.json#2")).unwrap(), (PathBuf::from("a/plans.json"), 2));
        assert_eq!(plan_selector(Path::new("plans.json")).unwrap(), (PathBuf::from("plans.json"), 1));
        assert_eq!(plan_selector(Path::new("odd#name.json")).unwrap(), (PathBuf::from("odd#name.json"), 1));
        assert!(plan_selector(Path::new("plans.json#0")).is_err());
    }
}
