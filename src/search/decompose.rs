//! Independent parts of a scenario. Two units are in one part when some row of the
//! model could hold decisions of both: a pool (what its donors give and what it
//! lends), an absorb hub (type, sector, level), a merge (unit and host), or the merge
//! cap when it can bind. With regions (地区) pools, hubs and merge groups are regional,
//! so a province splits by county. Parts share no row and the objective is a sum over decisions,
//! so each part can be solved alone and the whole optimum is the sum of the parts'
//! optima. Ranked plans come from the parts' ranked lists (`rank`).
//!
//! The split only ever over-joins: every edge below is a superset of what the model
//! builder (`model::*`) couples, so building a part's model from its sub-scenario gives
//! exactly the part's share of the whole model's columns and rows (tests compare names).

use crate::domain::{Request, Scenario};
use crate::rules::{absorb_hub, absorb_receiver_vacancy, may_receive, AbsorbHub, Candidates};
use crate::policy::Policy;
use std::collections::{BTreeMap, HashMap};

/// Union–find over unit and pool nodes, with path halving and union by size.
struct Dsu {
    up: Vec<usize>,
    size: Vec<usize>,
}

impl Dsu {
    fn new(n: usize) -> Dsu {
        Dsu { up: (0..n).collect(), size: vec![1; n] }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.up[x] != x {
            self.up[x] = self.up[self.up[x]];
            x = self.up[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.up[b] = a;
        self.size[a] += self.size[b];
    }
}

/// The independent parts of a scenario under a policy, each as a sub-scenario (its
/// units with their lines and requests, and its pools; sorted as the whole is).
/// Units and pools that no decision can touch belong to no part, except where they
/// alone make the model infeasible (a vanished unit with no host, a pool below its
/// reserve): those are parts of their own so that the infeasibility is seen.
/// Parts come in the order of their first unit (pools after units); consecutive
/// parts are joined until each has at least `min_units` units (0: every part alone).
pub fn split(s: &Scenario, p: &Policy, min_units: usize) -> Vec<Scenario> {
    let c = Candidates::new(s, p);
    let n_units = s.units.len();
    let mut dsu = Dsu::new(n_units + s.pools.len());
    let unit_node = |id: &str| s.unit_index(id).expect("validated unit reference");
    let pool_node = |id: &str| s.pools.binary_search_by(|q| q.id.as_str().cmp(id)).ok().map(|i| n_units + i);
    let give_node = |u: &str, ty: &str| c.give_pool(c.unit(u), ty).and_then(pool_node);
    let mut touched = vec![false; n_units + s.pools.len()];

    // Reclaim: a line that may give is in its pool's balance row.
    for l in &s.lines {
        if c.reclaim_max(l) > 0 {
            if let Some(pn) = give_node(&l.unit, &l.ty) {
                dsu.union(unit_node(&l.unit), pn);
            }
        }
    }
    // Merges: unit with each host, and with the pools its idle quota is released to.
    for (&u, hosts) in &c.hosts {
        let un = unit_node(u);
        touched[un] = true;
        for &h in hosts {
            dsu.union(un, unit_node(h));
        }
        for l in s.lines_of(u).iter().filter(|l| l.vacancy() > 0) {
            if let Some(pn) = give_node(u, &l.ty) {
                dsu.union(un, pn);
            }
        }
    }
    for &u in c.forced.keys() {
        touched[unit_node(u)] = true;
    }
    // The merge cap joins every unit that could merge, unless it cannot bind; the
    // per-region cap, those of one region.
    let movable: Vec<usize> = c.hosts.iter().filter(|(_, h)| !h.is_empty()).map(|(u, _)| unit_node(u)).collect();
    if movable.len() as i64 > p.consolidation.max_merges {
        for w in movable.windows(2) {
            dsu.union(w[0], w[1]);
        }
    }
    if let Some(cap) = p.consolidation.max_merges_per_region {
        let mut by_region: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for &u in movable.iter().filter(|&&u| !s.units[u].region.is_empty()) {
            by_region.entry(s.units[u].region.as_str()).or_default().push(u);
        }
        for units in by_region.values().filter(|units| units.len() as i64 > cap) {
            for w in units.windows(2) {
                dsu.union(w[0], w[1]);
            }
        }
    }
    // Grants: a request's unit with every pool that could lend to it: pools of its type
    // in its region or in none (looking at every pool of the type is quadratic at
    // country scale, where each county has its own).
    let mut pools_of_type: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, pool) in s.pools.iter().enumerate() {
        pools_of_type.entry((pool.ty.as_str(), pool.region.as_str())).or_default().push(i);
    }
    for r in &s.requests {
        if !may_receive(s, p, &r.unit, &r.ty) {
            continue;
        }
        let un = unit_node(&r.unit);
        let region = s.units[un].region.as_str();
        let regional = if region.is_empty() { None } else { pools_of_type.get(&(r.ty.as_str(), region)) };
        let everywhere = pools_of_type.get(&(r.ty.as_str(), ""));
        for &pi in everywhere.into_iter().chain(regional).flatten() {
            if s.pools[pi].serves(&s.units[un]) {
                dsu.union(un, n_units + pi);
            }
        }
    }
    // Absorb hubs (type, sector, level, region) with a sender: every sender and every
    // unit that could receive there (room in the type, or a request of it).
    let mut senders: BTreeMap<AbsorbHub, Vec<usize>> = BTreeMap::new();
    for l in s.lines.iter().filter(|l| l.is_overstaffed()) {
        let un = unit_node(&l.unit);
        senders.entry(absorb_hub(&s.units[un], &l.ty)).or_default().push(un);
    }
    if !senders.is_empty() {
        let mut by_group: HashMap<(&str, &str, &str), Vec<usize>> = HashMap::new();
        for (i, u) in s.units.iter().enumerate() {
            by_group.entry((u.sector.as_str(), u.level.as_str(), u.region.as_str())).or_default().push(i);
        }
        for ((ty, sector, level, region), sending) in &senders {
            let first = sending[0];
            for &un in &sending[1..] {
                dsu.union(first, un);
            }
            for &w in by_group.get(&(*sector, *level, *region)).map(Vec::as_slice).unwrap_or(&[]) {
                let id = s.units[w].id.as_str();
                let Some(vacancy) = absorb_receiver_vacancy(s, id, ty) else {
                    continue;
                };
                if vacancy > 0 || c.requested.contains(&(id, *ty)) {
                    dsu.union(first, w);
                }
            }
        }
    }
    // A pool below its reserve with nothing flowing in is infeasible on its own.
    for (i, pool) in s.pools.iter().enumerate() {
        if pool.available < p.reserve_of(&pool.id) {
            touched[n_units + i] = true;
        }
    }

    let n = n_units + s.pools.len();
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut first_of: HashMap<usize, usize> = HashMap::new();
    for x in 0..n {
        let root = dsu.find(x);
        let key = *first_of.entry(root).or_insert(x);
        members.entry(key).or_default().push(x);
    }
    let parts: Vec<Vec<usize>> = members.into_values().filter(|m| m.len() > 1 || touched[m[0]]).collect();
    // Consecutive parts (in unit order, so mostly of one region) are grouped until a
    // group has `min_units` units: a group is still independent of every other, and
    // one HiGHS solve of a few hundred units costs about what ten solves of a dozen do.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut units_in_last = usize::MAX;
    for part in parts {
        let units = part.iter().filter(|&&x| x < n_units).count();
        if units_in_last < min_units {
            groups.last_mut().expect("a group is open").extend(part);
            units_in_last += units;
        } else {
            units_in_last = units;
            groups.push(part);
        }
    }
    // Requests by group in one pass (in id order): a scan of every request per group is
    // quadratic, 27,000 requests × 4,262 groups at 900,000 units.
    let mut group_of = vec![usize::MAX; n_units];
    for (k, g) in groups.iter().enumerate() {
        for &x in g.iter().filter(|&&x| x < n_units) {
            group_of[x] = k;
        }
    }
    let mut requests: Vec<Vec<Request>> = vec![Vec::new(); groups.len()];
    for r in &s.requests {
        if let Some(rs) = requests.get_mut(group_of[unit_node(&r.unit)]) {
            rs.push(r.clone());
        }
    }
    groups
        .into_iter()
        .zip(requests)
        .map(|(mut g, requests)| {
            g.sort_unstable();
            sub_scenario(s, n_units, &g, requests)
        })
        .collect()
}

/// The sub-scenario of some nodes (sorted: units first, then pools) with its requests.
fn sub_scenario(s: &Scenario, n_units: usize, nodes: &[usize], requests: Vec<Request>) -> Scenario {
    let units: Vec<_> = nodes.iter().filter(|&&x| x < n_units).map(|&x| s.units[x].clone()).collect();
    let pools = nodes.iter().filter(|&&x| x >= n_units).map(|&x| s.pools[x - n_units].clone()).collect();
    let lines = units.iter().flat_map(|u| s.lines_of(&u.id).iter().cloned()).collect();
    // The ledger is settled before the split (returns are made on the opening state).
    Scenario { name: s.name.clone(), as_of: s.as_of.clone(), units, lines, pools, requests, grants: Vec::new(), digest: s.digest.clone() }
}

#[cfg(test)]
mod tests {
    use super::split;
    use crate::model::tests::fixture;
    use crate::model::build_model;

    /// The parts' models together are exactly the whole model: the same columns by name
    /// (each in one part) and the same rows by name (a cap row such as `merge-max` stands
    /// in every part that has merges, so rows compare as sets), except the reserve rows of
    /// pools that no decision touches — rows without a column, which must then hold.
    fn assert_parts_make_the_whole(s: &crate::domain::Scenario, p: &crate::policy::Policy, parts: &[crate::domain::Scenario]) {
        use crate::rules::Rule;
        use std::collections::BTreeSet;
        let whole = build_model(s, p, false);
        let mut whole_cols = whole.var_names.clone();
        whole_cols.sort();
        let mut part_cols: Vec<String> = parts.iter().flat_map(|q| build_model(q, p, false).var_names).collect();
        part_cols.sort();
        assert_eq!(part_cols, whole_cols);
        let whole_rows: BTreeSet<String> = whole.row_names.iter().cloned().collect();
        let part_rows: BTreeSet<String> = parts.iter().flat_map(|q| build_model(q, p, false).row_names).collect();
        assert!(part_rows.is_subset(&whole_rows), "{:?}", part_rows.difference(&whole_rows).collect::<Vec<_>>());
        let in_parts: BTreeSet<&str> = parts.iter().flat_map(|q| q.pools.iter().map(|pl| pl.id.as_str())).collect();
        let idle: Vec<&crate::domain::Pool> = s.pools.iter().filter(|pl| !in_parts.contains(pl.id.as_str())).collect();
        let missing: BTreeSet<String> = whole_rows.difference(&part_rows).cloned().collect();
        assert_eq!(missing, idle.iter().map(|pl| Rule::PoolReserve.row_name(&[&pl.id])).collect::<BTreeSet<_>>());
        assert!(idle.iter().all(|pl| pl.available >= p.reserve_of(&pl.id)), "a pool left out of every part keeps its reserve");
    }

    #[test]
    fn units_sharing_no_pool_hub_or_merge_are_apart() {
        // Two pools of one type (reclaim goes to POOL-MUNI): U1 and U2 give to
        // POOL-MUNI and U2 asks from it; U3 asks only from POOL-EDU (教育 only, and
        // U3 is the one 教育 unit): two parts.
        let (s, p) = fixture(
            "[consolidation]\nmax_quota = 0\n[reclaim]\nkeep_vacant = 0\ninto = { institution = \"POOL-MUNI\" }",
            &[("U1", "A", "卫健", "active", false), ("U2", "B", "卫健", "active", false), ("U3", "C", "教育", "active", false)],
            &[("U1", 10, 5), ("U2", 10, 10), ("U3", 8, 8)],
            &[("POOL-EDU", 3, "教育", 0), ("POOL-MUNI", 0, "卫健", 0)],
            &[("R1", "U2", 4, "key", 0), ("R2", "U3", 2, "key", 0)],
        );
        let parts = split(&s, &p, 0);
        let ids: Vec<Vec<&str>> = parts.iter().map(|q| q.units.iter().map(|u| u.id.as_str()).collect()).collect();
        assert_eq!(ids, vec![vec!["U1", "U2"], vec!["U3"]]);
        assert_eq!(parts[0].pools[0].id, "POOL-MUNI");
        assert_eq!(parts[1].pools[0].id, "POOL-EDU");
        assert_parts_make_the_whole(&s, &p, &parts);
    }

    #[test]
    fn a_binding_merge_cap_joins_every_mergeable_unit() {
        // Two merge groups (parents A and B), each a small unit and a host; no vacancy
        // to release. With max_merges 1 the cap couples them; with 2 it cannot bind.
        let units = [
            ("U1", "A", "教育", "active", false),
            ("U2", "A", "教育", "active", false),
            ("U3", "B", "教育", "active", false),
            ("U4", "B", "教育", "active", false),
        ];
        let lines = [("U1", 2, 2), ("U2", 20, 20), ("U3", 2, 2), ("U4", 20, 20)];
        let pools = [("POOL-MUNI", 0, "*", 0)];
        let (s, p) = fixture("[consolidation]\nmax_quota = 5\nmax_merges = 1", &units, &lines, &pools, &[]);
        assert_eq!(split(&s, &p, 0).len(), 1);
        let (s, p) = fixture("[consolidation]\nmax_quota = 5\nmax_merges = 2", &units, &lines, &pools, &[]);
        let parts = split(&s, &p, 0);
        assert_eq!(parts.len(), 2);
        assert_parts_make_the_whole(&s, &p, &parts);
    }

    #[test]
    fn regions_keep_pools_merges_and_parts_apart() {
        // 北县: U1 has 5 idle, U2 asks 3, U4 is small; 南县: U3 asks 3, U5 could host U4
        // but is in the other region. POOL-N and POOL-S collect for their regions;
        // POOL-MUNI (no region) is the model's fallback and lends everywhere, but is empty.
        let (mut s, p) = fixture(
            "[consolidation]\nmax_quota = 3\n[reclaim]\nkeep_vacant = 0\ninto = { institution = \"POOL-MUNI\" }",
            &[
                ("U1", "A", "教育", "active", false),
                ("U2", "A", "教育", "active", false),
                ("U3", "A", "教育", "active", false),
                ("U4", "A", "教育", "active", false),
                ("U5", "A", "教育", "active", false),
            ],
            &[("U1", 10, 5), ("U2", 10, 10), ("U3", 10, 10), ("U4", 2, 2), ("U5", 10, 10)],
            &[("POOL-MUNI", 0, "*", 0), ("POOL-N", 0, "*", 0), ("POOL-S", 1, "*", 0)],
            &[("R1", "U2", 3, "key", 0), ("R2", "U3", 3, "key", 0)],
        );
        for u in &mut s.units {
            u.region = if ["U3", "U5"].contains(&u.id.as_str()) { "南县" } else { "北县" }.into();
        }
        for (pool, region) in [("POOL-N", "北县"), ("POOL-S", "南县")] {
            let pl = s.pools.iter_mut().find(|q| q.id == pool).unwrap();
            pl.region = region.into();
            pl.collects = true;
        }
        let m = build_model(&s, &p, false);
        assert_eq!(m.index.reclaim.iter().map(|r| (r.unit.as_str(), r.pool.as_str())).collect::<Vec<_>>(), vec![("U1", "POOL-N")]);
        let grants: Vec<(&str, &str)> = m.index.grant.iter().map(|g| (g.pool.as_str(), g.request.as_str())).collect();
        assert_eq!(grants, vec![("POOL-MUNI", "R1"), ("POOL-N", "R1"), ("POOL-MUNI", "R2"), ("POOL-S", "R2")]);
        assert!(m.index.merge.iter().all(|mv| mv.host != "U5"), "no merge across regions");
        let v = crate::model::tests::solve_values(&s, &p);
        assert_eq!(v["grant[POOL-N,R1]"], 3.0);
        assert_eq!(v["grant[POOL-S,R2]"], 1.0);
        // POOL-MUNI lends to both regions, so they are one part; without it, two.
        assert_eq!(split(&s, &p, 0).len(), 1);
        s.pools.retain(|q| q.id != "POOL-MUNI");
        let parts = split(&s, &p, 0);
        let ids: Vec<Vec<&str>> = parts.iter().map(|q| q.units.iter().map(|u| u.id.as_str()).collect()).collect();
        assert_eq!(ids, vec![vec!["U1", "U2", "U4"], vec!["U3"]]);
        assert_parts_make_the_whole(&s, &p, &parts);
    }

    #[test]
    fn a_vanished_unit_without_host_is_a_part_of_its_own() {
        let (s, p) = fixture(
            "[consolidation]\nmax_quota = 0\nvanished_must_merge = true",
            &[("U1", "A", "教育", "vanished", false), ("U2", "B", "卫健", "active", false)],
            &[("U1", 3, 3), ("U2", 10, 10)],
            &[("POOL-MUNI", 0, "*", 0)],
            &[],
        );
        let parts = split(&s, &p, 0);
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].units[0].id, "U1");
    }
}
