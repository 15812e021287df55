//! The requests table (需求): each row typed into a [`Request`] of a known unit, a type
//! and a tier of the policy.

use super::cells::{unique_ids, vocab, Cells, Choices};
use super::units::ZeroHints;
use crate::domain::Request;
use crate::error::Issue;
use crate::load::Table;
use crate::policy::Policy;
use std::collections::HashMap;

/// Every valid row, typed, with its row number. `unit_rows` are the units' ids.
pub(super) fn requests_of(
    tr: &Table,
    (policy, type_choices, tier_choices): (&Policy, &Choices, &Choices),
    unit_rows: &HashMap<&str, usize>,
    zeros: &mut ZeroHints,
    issues: &mut Vec<Issue>,
) -> Vec<(usize, Request)> {
    let mut requests: Vec<(usize, Request)> = Vec::new();
    for row in &tr.rows {
        let mut c = Cells { table: tr, row, issues, ok: true };
        let id = c.text("id");
        let unit = c.text("unit");
        let ty = vocab(&mut c, "type", "establishment type", |v| policy.type_key(v), type_choices.to_vec());
        if c.raw("type").is_none() {
            c.bad("type", "", "missing value");
        }
        let amount = c.count("amount", 1, None);
        let tier = vocab(&mut c, "tier", "tier", |v| policy.tier_key(v), tier_choices.to_vec());
        if c.raw("tier").is_none() {
            c.bad("tier", "", "missing value");
        }
        let min = c.count("min", 0, Some(0));
        if min > amount && amount > 0 {
            let shown = c.raw("min").unwrap_or("").to_string();
            c.bad("min", &shown, format!("min exceeds amount {amount}"));
        }
        if !unit.is_empty() && !unit_rows.contains_key(unit.as_str()) {
            c.bad("unit", &unit, format!("unknown unit: not in the units table{}", zeros.hint(&unit)));
        }
        let reason = c.opt_text("reason").unwrap_or_default();
        let year = c.raw("year").map(|_| c.count("year", 1, None) as usize);
        if let (true, Some(ty), Some(tier)) = (c.ok, ty, tier) {
            requests.push((row.number, Request { id, unit, ty, amount, tier, min, reason, year }));
        }
    }
    unique_ids(tr, "id", requests.iter().map(|(r, q)| (*r, q.id.as_str())), issues);
    requests
}
