//! The establishment lines (编制): each row typed into a [`Line`] of a known unit and a
//! type of the policy; one line per unit and type.

use super::cells::{issue, vocab, Cells, Choices};
use super::units::ZeroHints;
use crate::domain::Line;
use crate::error::Issue;
use crate::load::Table;
use crate::policy::Policy;
use std::collections::HashMap;

/// Every valid row, typed, with its row number. `unit_rows` are the units' ids.
pub(super) fn lines_of(
    table: &Table,
    (policy, type_choices): (&Policy, &Choices),
    unit_rows: &HashMap<&str, usize>,
    zeros: &mut ZeroHints,
    issues: &mut Vec<Issue>,
) -> Vec<(usize, Line)> {
    let mut lines: Vec<(usize, Line)> = Vec::with_capacity(table.rows.len());
    let mut written_type: HashMap<usize, String> = HashMap::new();
    for row in &table.rows {
        let mut c = Cells { table, row, issues, ok: true };
        let unit = c.text("unit");
        let ty = vocab(&mut c, "type", "establishment type", |v| policy.type_key(v), type_choices.to_vec());
        if c.raw("type").is_none() {
            c.bad("type", "", "missing value");
        }
        let quota = c.count("quota", 0, None);
        let staff = c.count("staff", 0, None);
        let retiring = c.per_year("retiring");
        if let Some(&most) = retiring.iter().max().filter(|&&m| m > staff) {
            let shown = c.raw("retiring").unwrap_or("").to_string();
            c.bad("retiring", &shown, format!("{most} retiring in one year but the line has {staff} staff"));
        }
        if !unit.is_empty() && !unit_rows.contains_key(unit.as_str()) {
            c.bad("unit", &unit, format!("unknown unit: not in the units table{}", zeros.hint(&unit)));
        }
        if let (true, Some(ty)) = (c.ok, ty) {
            written_type.insert(row.number, c.raw("type").unwrap_or_default().to_string());
            lines.push((row.number, Line { unit, ty, quota, staff, retiring }));
        }
    }
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    for (row, l) in &lines {
        if let Some(first) = seen.insert((l.unit.as_str(), l.ty.as_str()), *row) {
            issues.push(issue(
                table,
                *row,
                "type",
                written_type.get(row).map(String::as_str),
                format!("duplicate line for unit {} and type {}: also at row {first}", l.unit, l.ty),
            ));
        }
    }
    lines
}
