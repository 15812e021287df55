//! The units table (单位): each row typed into a [`Unit`], and the supervising units
//! checked (known, not the unit itself, no cycle). Unknown unit ids anywhere are hinted
//! here when they equal a known id but for leading zeros.

use super::cells::{issue, Cells};
use crate::domain::{Function, Unit, UnitKind};
use crate::error::Issue;
use crate::load::Table;
use std::collections::HashMap;

const KINDS: &[(&[&str], UnitKind)] = &[
    (&["admin", "行政机关", "行政"], UnitKind::Admin),
    (&["institution", "事业单位", "事业"], UnitKind::Institution),
    (&["civil_managed", "参公事业单位", "参公", "参照公务员法管理事业单位"], UnitKind::CivilManaged),
];

const FUNCTIONS: &[(&[&str], Function)] = &[
    (&["active", "正常"], Function::Active),
    (&["shrinking", "萎缩"], Function::Shrinking),
    (&["vanished", "消失"], Function::Vanished),
];

/// Every row with an id, typed, with its row number (problems in `issues`).
pub(super) fn units_of(table: &Table, issues: &mut Vec<Issue>) -> Vec<(usize, Unit)> {
    let mut units: Vec<(usize, Unit)> = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let mut c = Cells { table, row, issues, ok: true };
        let id = c.text("id");
        let unit = Unit {
            name: c.text("name"),
            parent: c.opt_text("parent"),
            sector: c.text("sector"),
            level: c.text("level"),
            kind: c.choice("kind", KINDS, None).unwrap_or(UnitKind::Institution),
            function: c.choice("function", FUNCTIONS, Some(Function::Active)).unwrap_or(Function::Active),
            protected: c.flag("protected"),
            leader_posts: c.opt_count("leader_posts"),
            leaders: c.opt_count("leaders"),
            region: c.opt_text("region").unwrap_or_default(),
            id,
        };
        if !unit.id.is_empty() {
            units.push((row.number, unit));
        }
    }
    units
}

/// Parents must exist, differ from the unit and form no cycle.
pub(super) fn check_parents(table: &Table, units: &[(usize, Unit)], rows: &HashMap<&str, usize>, zeros: &mut ZeroHints, issues: &mut Vec<Issue>) {
    let parent_of: HashMap<&str, &str> =
        units.iter().filter_map(|(_, u)| u.parent.as_deref().map(|p| (u.id.as_str(), p))).collect();
    for (row, u) in units {
        let Some(p) = u.parent.as_deref() else { continue };
        if p == u.id {
            issues.push(issue(table, *row, "parent", Some(p), "a unit cannot supervise itself"));
        } else if !rows.contains_key(p) {
            issues.push(issue(table, *row, "parent", Some(p), format!("unknown supervising unit: not in the units table{}", zeros.hint(p))));
        }
    }
    // Cycles: walk each chain once; colour 1 = on the current walk, 2 = done.
    let mut colour: HashMap<&str, u8> = HashMap::new();
    let mut sorted: Vec<&(usize, Unit)> = units.iter().collect();
    sorted.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    for (_, u) in sorted {
        let mut path: Vec<&str> = Vec::new();
        let mut cur = u.id.as_str();
        loop {
            match colour.get(cur) {
                Some(2) => break,
                Some(1) => {
                    if let Some(start) = path.iter().position(|x| *x == cur) {
                        let mut cycle: Vec<&str> = path[start..].to_vec();
                        cycle.push(cur);
                        let row = rows.get(cycle[0]).copied().unwrap_or(1);
                        issues.push(issue(
                            table,
                            row,
                            "parent",
                            parent_of.get(cycle[0]).copied(),
                            format!("supervising units form a cycle: {}", cycle.join(" → ")),
                        ));
                    }
                    break;
                }
                _ => {}
            }
            colour.insert(cur, 1);
            path.push(cur);
            match parent_of.get(cur) {
                Some(p) if *p != cur && rows.contains_key(p) => cur = p,
                _ => break,
            }
        }
        for p in path {
            colour.insert(p, 2);
        }
    }
}

/// Numeric unit ids by their digits without leading zeros, built on the first unknown
/// id: an id stored as a number in Excel loses its zeros (`001234` → `1234`), and the
/// unknown-unit message then names the id it most likely means.
pub(super) struct ZeroHints<'a> {
    /// The units table as messages name it.
    file: &'a str,
    known: &'a HashMap<&'a str, usize>,
    by_digits: Option<HashMap<&'a str, (&'a str, usize)>>,
}

impl<'a> ZeroHints<'a> {
    pub(super) fn new(file: &'a str, known: &'a HashMap<&'a str, usize>) -> Self {
        ZeroHints { file, known, by_digits: None }
    }

    /// `1234` → `Some("1234")`, `001234` → `Some("1234")`, `U1` → `None`.
    fn digits(id: &str) -> Option<&str> {
        (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then(|| id.trim_start_matches('0'))
    }

    /// "; …" naming the unit id equal to `unknown` but for leading zeros, or "".
    pub(super) fn hint(&mut self, unknown: &str) -> String {
        let Some(key) = Self::digits(unknown) else { return String::new() };
        let known = self.known;
        let by_digits = self.by_digits.get_or_insert_with(|| {
            let mut m: HashMap<&str, (&str, usize)> = HashMap::new();
            for (&id, &row) in known {
                if let Some(k) = Self::digits(id) {
                    // Several spellings of one number: the smallest, whatever the map order.
                    let e = m.entry(k).or_insert((id, row));
                    if id < e.0 {
                        *e = (id, row);
                    }
                }
            }
            m
        });
        match by_digits.get(key) {
            Some((id, row)) if *id != unknown => {
                let how = if id.len() > unknown.len() { "with" } else { "without" };
                format!(
                    "; did you mean {id} ({} row {row}), the same id {how} leading zeros? ids stored as numbers in Excel lose leading zeros: format the id columns as text",
                    self.file
                )
            }
            _ => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_equal_but_for_leading_zeros_are_hinted() {
        let known: HashMap<&str, usize> = [("001234", 3), ("U1", 2), ("77", 4)].into_iter().collect();
        let mut hints = ZeroHints::new("units.csv", &known);
        assert!(hints.hint("1234").starts_with("; did you mean 001234 (units.csv row 3), the same id with leading zeros?"));
        assert!(hints.hint("0077").starts_with("; did you mean 77 (units.csv row 4), the same id without leading zeros?"));
        assert_eq!(hints.hint("4321"), "");
        assert_eq!(hints.hint("U2"), "");
        assert_eq!(hints.hint("001234"), "", "a known id needs no hint");
    }
}
