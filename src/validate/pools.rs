//! The pools table (周转池): each row typed into a [`Pool`] (its balance written as
//! `available`, or as `capacity` and `used`), and checked against the units: one
//! collecting pool per region and type, regions and sectors some unit has.

use super::cells::{issue, unique_ids, vocab, warning, Cells, Choices};
use crate::domain::{Pool, Sectors, Unit};
use crate::error::Issue;
use crate::load::Table;
use crate::policy::Policy;
use std::collections::HashMap;

/// A pool's `used` as its row writes it (capacity and used): pool id → (row, used).
pub(super) type PoolUsed = HashMap<String, (usize, i64)>;

/// Every valid row, typed, with its row number; and what each pool written as capacity
/// and used has lent.
pub(super) fn pools_of(
    tp: &Table,
    (policy, type_choices): (&Policy, &Choices),
    units: &[(usize, Unit)],
    issues: &mut Vec<Issue>,
) -> (Vec<(usize, Pool)>, PoolUsed) {
    let mut pools: Vec<(usize, Pool)> = Vec::new();
    let mut pool_used: PoolUsed = HashMap::new();
    let has_balance = tp.has("available") || (tp.has("capacity") && tp.has("used"));
    if !has_balance {
        issues.push(issue(tp, 1, "available", None, "missing column: expected `available` (可用数) or both `capacity` (规模) and `used` (已使用)"));
    }
    for row in &tp.rows {
        let mut c = Cells { table: tp, row, issues, ok: true };
        let id = c.text("id");
        let name = c.opt_text("name").unwrap_or_else(|| id.clone());
        let ty = vocab(&mut c, "type", "establishment type", |v| policy.type_key(v), type_choices.to_vec());
        if c.raw("type").is_none() {
            c.bad("type", "", "missing value");
        }
        let available = if c.raw("available").is_some() {
            c.count("available", 0, None)
        } else if tp.has("capacity") && tp.has("used") {
            let capacity = c.count("capacity", 0, None);
            let used = c.count("used", 0, None);
            pool_used.insert(c.raw("id").unwrap_or_default().to_string(), (row.number, used));
            if used > capacity {
                let shown = c.raw("used").unwrap_or("").to_string();
                c.bad("used", &shown, format!("used exceeds capacity {capacity}: the pool would be negative"));
            }
            capacity - used
        } else {
            if tp.has("available") {
                c.bad("available", "", "missing value: expected a whole number");
            }
            0
        };
        let sectors = match c.raw("sectors") {
            None | Some("*") => Sectors::All,
            Some(s) => {
                let mut list: Vec<String> = s
                    .split([';', '、', '|'])
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(str::to_string)
                    .collect();
                if list.iter().any(|x| x == "*") {
                    Sectors::All
                } else {
                    list.sort();
                    list.dedup();
                    Sectors::Only(list)
                }
            }
        };
        let per_unit_max = c.count("per_unit_max", 0, Some(0));
        let region = c.opt_text("region").unwrap_or_default();
        let collects = c.flag("collects");
        if collects && region.is_empty() {
            let shown = c.raw("collects").unwrap_or("").to_string();
            c.bad(
                "collects",
                &shown,
                "a collecting pool needs a region (地区); quota given up outside any region goes to the model's reclaim.into pool",
            );
        }
        if let (true, Some(ty)) = (c.ok, ty) {
            pools.push((row.number, Pool { id, name, ty, available, sectors, per_unit_max, region, collects }));
        }
    }
    unique_ids(tp, "id", pools.iter().map(|(r, p)| (*r, p.id.as_str())), issues);
    check_regions(tp, &pools, units, issues);
    check_pool_sectors(tp, &pools, units, issues);
    (pools, pool_used)
}

/// One collecting pool per (region, type); a pool's region should be some unit's.
fn check_regions(table: &Table, pools: &[(usize, Pool)], units: &[(usize, Unit)], issues: &mut Vec<Issue>) {
    let mut collector: HashMap<(&str, &str), (usize, &str)> = HashMap::new();
    for (row, p) in pools.iter().filter(|(_, p)| p.collects) {
        match collector.get(&(p.region.as_str(), p.ty.as_str())) {
            Some((first, other)) => issues.push(issue(
                table,
                *row,
                "collects",
                Some(&p.id),
                format!("region {} already has a collecting pool for {}: {other} at row {first}", p.region, p.ty),
            )),
            None => {
                collector.insert((p.region.as_str(), p.ty.as_str()), (*row, p.id.as_str()));
            }
        }
    }
    let regions: std::collections::HashSet<&str> = units.iter().map(|(_, u)| u.region.as_str()).collect();
    for (row, p) in pools.iter().filter(|(_, p)| !p.region.is_empty() && !regions.contains(p.region.as_str())) {
        issues.push(warning(table, *row, "region", Some(&p.region), format!("no unit is in region {}: pool {} lends to nobody", p.region, p.id)));
    }
}

/// Warns about each sector a pool names that no unit has (a typo such as 教肓 for
/// 教育): the pool can never lend there. Suggests the closest sector that exists.
fn check_pool_sectors(table: &Table, pools: &[(usize, Pool)], units: &[(usize, Unit)], issues: &mut Vec<Issue>) {
    let known: std::collections::BTreeSet<&str> = units.iter().map(|(_, u)| u.sector.as_str()).collect();
    for (row, p) in pools {
        let Sectors::Only(list) = &p.sectors else { continue };
        for sector in list.iter().filter(|s| !known.contains(s.as_str())) {
            let hint = match crate::error::did_you_mean(sector, known.iter().copied()) {
                Some(best) => format!("; did you mean {best}?"),
                None => String::new(),
            };
            let message = format!("no unit is in sector {sector}: pool {} can never lend there{hint}", p.id);
            issues.push(warning(table, *row, "sectors", Some(sector), message));
        }
    }
}

