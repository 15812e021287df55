//! Reading one row's cells into typed values, every problem an `Issue` at its file,
//! row and column: counts, flags, closed vocabularies, the policy's types and tiers, and
//! ids that must be unique within a table.

use super::MAX_COUNT;
use crate::error::{did_you_mean, Issue, Severity};
use crate::load::{Row, Table};
use std::collections::HashMap;

/// Reads typed values out of one row, recording problems.
pub(super) struct Cells<'a> {
    pub(super) table: &'a Table,
    pub(super) row: &'a Row,
    pub(super) issues: &'a mut Vec<Issue>,
    /// No problem in the row so far.
    pub(super) ok: bool,
}

impl<'a> Cells<'a> {
    pub(super) fn raw(&self, col: &str) -> Option<&'a str> {
        let i = self.table.idx(col);
        self.row.cells[i].as_deref().filter(|s| !s.is_empty())
    }

    pub(super) fn bad(&mut self, col: &str, value: &str, message: impl Into<String>) {
        self.ok = false;
        self.issues.push(issue(self.table, self.row.number, col, Some(value), message));
    }

    pub(super) fn text(&mut self, col: &str) -> String {
        match self.raw(col) {
            Some(v) => v.to_string(),
            None => {
                self.bad(col, "", "missing value");
                String::new()
            }
        }
    }

    pub(super) fn opt_text(&self, col: &str) -> Option<String> {
        self.raw(col).map(str::to_string)
    }

    /// A whole number in [min, MAX_COUNT]; `default` when blank (or an error when `None`).
    pub(super) fn count(&mut self, col: &str, min: i64, default: Option<i64>) -> i64 {
        let Some(v) = self.raw(col) else {
            return match default {
                Some(d) => d,
                None => {
                    self.bad(col, "", "missing value: expected a whole number");
                    0
                }
            };
        };
        match parse_count(v) {
            Ok(n) if n < min && min == 0 => {
                self.bad(col, v, "expected a non-negative whole number");
                0
            }
            Ok(n) if n < min => {
                self.bad(col, v, format!("expected a whole number of at least {min}"));
                0
            }
            Ok(n) if n > MAX_COUNT => {
                self.bad(col, v, format!("implausibly large: expected at most {MAX_COUNT}"));
                0
            }
            Ok(n) => n,
            Err(what) => {
                self.bad(col, v, format!("{what}: expected a whole number"));
                0
            }
        }
    }

    /// A count per year: `2` (every year) or `2;1;3` (years 1, 2, 3); empty when blank.
    pub(super) fn per_year(&mut self, col: &str) -> Vec<i64> {
        let Some(v) = self.raw(col) else { return Vec::new() };
        let mut out = Vec::new();
        for part in v.split([';', '；', '、', '|']) {
            match parse_count(part.trim()) {
                Ok(n) if (0..=MAX_COUNT).contains(&n) => out.push(n),
                Ok(_) => {
                    self.bad(col, v, "expected non-negative whole numbers, one per year separated by `;`");
                    return Vec::new();
                }
                Err(what) => {
                    self.bad(col, v, format!("{what}: expected a whole number per year, separated by `;` (e.g. 2;1;3)"));
                    return Vec::new();
                }
            }
        }
        out
    }

    pub(super) fn opt_count(&mut self, col: &str) -> Option<i64> {
        if !self.table.has(col) || self.raw(col).is_none() {
            return None;
        }
        Some(self.count(col, 0, Some(0)))
    }

    pub(super) fn flag(&mut self, col: &str) -> bool {
        let Some(v) = self.raw(col) else { return false };
        match v.to_lowercase().as_str() {
            "true" | "是" | "yes" | "y" | "1" => true,
            "false" | "否" | "no" | "n" | "0" => false,
            _ => {
                self.bad(col, v, "expected true/false (是/否)");
                false
            }
        }
    }

    /// A value from a closed vocabulary given as (written forms, value) pairs.
    pub(super) fn choice<T: Copy>(&mut self, col: &str, options: &[(&[&str], T)], default: Option<T>) -> Option<T> {
        let Some(v) = self.raw(col) else {
            if default.is_none() {
                self.bad(col, "", "missing value");
            }
            return default;
        };
        let lower = v.to_lowercase();
        if let Some((_, t)) = options.iter().find(|(names, _)| names.iter().any(|n| *n == lower)) {
            return Some(*t);
        }
        let all: Vec<&str> = options.iter().flat_map(|(n, _)| n.iter().copied()).collect();
        let hint = match did_you_mean(&lower, all.iter().copied()) {
            Some(b) => format!("; did you mean {b}?"),
            None => String::new(),
        };
        self.bad(col, v, format!("unknown value: expected one of {}{hint}", all.join(", ")));
        None
    }
}

pub(super) fn issue(table: &Table, row: usize, col: &str, value: Option<&str>, message: impl Into<String>) -> Issue {
    Issue {
        severity: Severity::Error,
        file: table.file.clone(),
        row: Some(row),
        column: Some(col.to_string()),
        value: value.map(str::to_string),
        message: message.into(),
    }
}

/// [`issue`] as a warning: the input is valid, but worth a look.
pub(super) fn warning(table: &Table, row: usize, col: &str, value: Option<&str>, message: impl Into<String>) -> Issue {
    Issue { severity: Severity::Warning, ..issue(table, row, col, value, message) }
}

/// "12", "12.0", "+12", "1,500" → 12 / 1500; anything else explains itself.
fn parse_count(v: &str) -> Result<i64, &'static str> {
    let grouped = |t: &str| {
        let digits = t.trim_start_matches(['+', '-']);
        let mut groups = digits.split(',');
        let first = groups.next().unwrap_or("");
        (1..=3).contains(&first.len())
            && first.chars().all(|c| c.is_ascii_digit())
            && groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
    };
    let (int_part, frac) = match v.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (v, None),
    };
    let t: String = if int_part.contains(',') {
        if !grouped(int_part) {
            return Err("not a number");
        }
        int_part.chars().filter(|c| *c != ',').collect()
    } else {
        int_part.to_string()
    };
    let sign_ok = t.trim_start_matches(['+', '-']);
    if sign_ok.is_empty() || !sign_ok.chars().all(|c| c.is_ascii_digit()) || t.len() - sign_ok.len() > 1 {
        return Err("not a number");
    }
    if let Some(f) = frac {
        if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) {
            return Err("not a number");
        }
        if f.chars().any(|c| c != '0') {
            return Err("not a whole number");
        }
    }
    t.parse::<i64>().map_err(|_| "number too large")
}

/// A vocabulary's (key, label) pairs, as `vocab` lists them.
pub(super) type Choices<'p> = [(&'p str, &'p str)];

/// A type or tier written as key or label; an issue naming the choices otherwise.
pub(super) fn vocab<'p>(
    c: &mut Cells,
    col: &str,
    what: &str,
    resolve: impl Fn(&str) -> Option<&'p str>,
    choices: Vec<(&'p str, &'p str)>,
) -> Option<String> {
    let v = c.raw(col)?;
    if let Some(k) = resolve(v) {
        return Some(k.to_string());
    }
    let listed: Vec<String> = choices.iter().map(|(k, l)| format!("{k} ({l})")).collect();
    let hint = did_you_mean(v, choices.iter().flat_map(|(k, l)| [*k, *l]))
        .map(|b| format!("; did you mean {b}?"))
        .unwrap_or_default();
    c.bad(col, v, format!("unknown {what}: expected one of {}{hint}", listed.join(", ")));
    None
}


/// Reports ids that repeat (after normalisation), naming both rows; returns id → row.
pub(super) fn unique_ids<'a>(
    table: &Table,
    col: &str,
    ids: impl Iterator<Item = (usize, &'a str)>,
    issues: &mut Vec<Issue>,
) -> HashMap<&'a str, usize> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (row, id) in ids {
        if let Some(&first) = seen.get(id) {
            issues.push(issue(table, row, col, Some(id), format!("duplicate id: also at row {first}")));
        } else {
            seen.insert(id, row);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_accept_integral_forms_only() {
        assert_eq!(parse_count("12"), Ok(12));
        assert_eq!(parse_count("12.0"), Ok(12));
        assert_eq!(parse_count("1,500"), Ok(1500));
        assert!(parse_count("12.5").is_err());
        assert!(parse_count("abc").is_err());
        assert!(parse_count("inf").is_err());
        assert!(parse_count("NaN").is_err());
        assert!(parse_count("1e3").is_err());
        assert!(parse_count("1,5,0").is_err());
        assert_eq!(parse_count("-3"), Ok(-3));
        assert!(parse_count("--3").is_err());
    }
}
