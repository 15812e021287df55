//! 整合/撤并: merge a small or vanished unit into a host of its group; the merged
//! unit's staff move with quota min(q, s) and the rest is released to the pool of
//! each type. Also the "receiving" rule for hosts.

use crate::rules::{Relaxation, Rule};
use super::{merged_expr, name_part, sum, Candidates, Mip, MergeVar};
use good_lp::{constraint, Expression};

/// For each mergeable unit u and each eligible host h of its group (same parent
/// and/or sector as the policy says, same level, eligible kind, not overstaffed unless
/// allowed): `merge[u,h] ∈ {0,1}`. merged[u] = Σ_h merge[u,h].
///
/// `merge-once-U`: merged[u] ≤ 1, or `merge-vanished-U`: merged[u] = 1 when u is
/// vanished and `vanished_must_merge` (elastic: merged[u] + slack = 1)
/// `merge-host-H-U`: merge[u,h] + merged[h] ≤ 1 (a host is not merged itself)
/// `merge-max`: Σ_u merged[u] ≤ max_merges (elastic: − slack)
/// `merge-max-region-R`: Σ_{u in region R} merged[u] ≤ max_merges_per_region, when set
/// (elastic: − slack)
pub(super) fn define_merges(m: &mut Mip, c: &Candidates) {
    for (&unit, hosts) in &c.hosts {
        let mut idx = Vec::with_capacity(hosts.len());
        for &host in hosts {
            let v = m.binary(format!("merge[{},{}]", name_part(unit), name_part(host)));
            idx.push(m.index.merge.len());
            m.index.merge.push(MergeVar { unit: unit.to_string(), host: host.to_string(), v });
        }
        m.index.merges_of.insert(unit.to_string(), idx);
    }
    for &unit in c.hosts.keys() {
        let merged = merged_expr(m, unit).expect("inserted above");
        let n = name_part(unit);
        if c.forced.contains_key(unit) {
            forced_row(m, unit, merged);
        } else {
            m.row(format!("{}-{n}", Rule::MergeOnce.stem()), constraint!(merged <= 1.0));
        }
    }
    // Vanished units that cannot merge at all still owe their row: it is what makes
    // the conflict visible (and explainable) instead of silently dropping the rule.
    for (&unit, _) in c.forced.iter().filter(|(u, _)| !c.hosts.contains_key(**u)) {
        forced_row(m, unit, Expression::from(0.0));
    }
    for i in 0..m.index.merge.len() {
        let (unit, host) = (m.index.merge[i].unit.clone(), m.index.merge[i].host.clone());
        if let Some(host_merged) = merged_expr(m, &host) {
            let v = m.index.merge[i].v;
            m.row(
                format!("{}-{}-{}", Rule::MergeHost.stem(), name_part(&host), name_part(&unit)),
                constraint!(v.var + host_merged <= 1.0),
            );
        }
    }
    let all = sum(m.index.merge.iter().map(|mv| (1.0, &mv.v)));
    cap_row(m, Relaxation::MaxMerges, all, c.p.consolidation.max_merges);
    if let Some(cap) = c.p.consolidation.max_merges_per_region {
        let mut by_region: std::collections::BTreeMap<&str, Vec<usize>> = std::collections::BTreeMap::new();
        for (i, mv) in m.index.merge.iter().enumerate() {
            let region = c.unit(&mv.unit).region.as_str();
            if !region.is_empty() {
                by_region.entry(region).or_default().push(i);
            }
        }
        for (region, idx) in by_region {
            let merged = sum(idx.iter().map(|&i| (1.0, &m.index.merge[i].v)));
            cap_row(m, Relaxation::MaxMergesInRegion { region: region.to_string() }, merged, cap);
        }
    }
}

/// `merged ≤ cap`, with a slack in the elastic model.
fn cap_row(m: &mut Mip, relaxation: Relaxation, merged: Expression, cap: i64) {
    let name = relaxation.row_name();
    if m.elastic {
        let s = m.slack(format!("slack[{name}]"));
        m.index.slacks.push((relaxation, s));
        m.row(name, constraint!(merged - s.var <= cap as f64));
    } else {
        m.row(name, constraint!(merged <= cap as f64));
    }
}

fn forced_row(m: &mut Mip, unit: &str, merged: Expression) {
    let relaxation = Relaxation::VanishedMustMerge { unit: unit.to_string() };
    let name = relaxation.row_name();
    if m.elastic {
        let s = m.slack(format!("slack[{name}]"));
        m.index.slacks.push((relaxation, s));
        m.row(name, constraint!(merged + s.var == 1.0));
    } else {
        m.row(name, constraint!(merged == 1.0));
    }
}

/// A host receives every type line of the unit it takes in, so gives nothing in
/// those types; a merged unit gives nothing at all:
///
/// `merge-receiving-H-U-T`: reclaim[h,t] + R_ht·merge[u,h] ≤ R_ht, for each line t of u
/// `merge-isolated-U`: donor[u] + merged[u] ≤ 1
pub(super) fn define_merge_receiving(m: &mut Mip, c: &Candidates) {
    let reclaim_at: std::collections::HashMap<(&str, &str), usize> =
        m.index.reclaim.iter().enumerate().map(|(i, r)| ((r.unit.as_str(), r.ty.as_str()), i)).collect();
    let mut rows = Vec::new();
    for mv in &m.index.merge {
        for line in c.s.lines_of(&mv.unit) {
            if let Some(&ri) = reclaim_at.get(&(mv.host.as_str(), line.ty.as_str())) {
                let r = &m.index.reclaim[ri];
                let cap = r.max as f64;
                rows.push((
                    format!("{}-{}-{}-{}", Rule::MergeReceiving.stem(), name_part(&mv.host), name_part(&mv.unit), name_part(&line.ty)),
                    constraint!(r.v.var + cap * mv.v.var <= cap),
                ));
            }
        }
    }
    for (unit, d) in &m.index.donor {
        if let Some(merged) = merged_expr(m, unit) {
            rows.push((format!("{}-{}", Rule::MergeIsolated.stem(), name_part(unit)), constraint!(d.var + merged <= 1.0)));
        }
    }
    for (name, row) in rows {
        m.row(name, row);
    }
}

#[cfg(test)]
mod tests {
    use crate::testkit::{fixture, solve_status, solve_values};
    use crate::solve::Status;

    #[test]
    fn small_unit_merges_into_sibling_and_releases_idle_quota() {
        // U1 is small (quota 4, staff 2): merging it gains `merges` weight 2,
        // releases 2 to POOL-MUNI; U3 has another parent and is no host.
        let (s, p) = fixture(
            "[weights]\nmerges = 10.0",
            &[("U1", "P", "教育", "active", false), ("U2", "P", "教育", "active", false), ("U3", "Q", "教育", "active", false)],
            &[("U1", 4, 2), ("U2", 20, 19), ("U3", 20, 19)],
            &[("POOL-MUNI", 0, "*", 0)],
            &[],
        );
        let v = solve_values(&s, &p);
        assert_eq!(v["merge[U1,U2]"], 1.0);
        assert!(!v.contains_key("merge[U1,U3]"), "different parent: no variable");
    }

    #[test]
    fn per_region_cap_limits_merges_in_each_region() {
        // Two regions, each with two small units (U1, U2 / U4, U5) and a host (U3 / U6);
        // merging pays, but each region may merge only one.
        let (mut s, p) = fixture(
            "[consolidation]\nmax_merges_per_region = 1\n[weights]\nmerges = 10.0",
            &[
                ("U1", "P", "教育", "active", false),
                ("U2", "P", "教育", "active", false),
                ("U3", "P", "教育", "active", false),
                ("U4", "P", "教育", "active", false),
                ("U5", "P", "教育", "active", false),
                ("U6", "P", "教育", "active", false),
            ],
            &[("U1", 2, 2), ("U2", 2, 2), ("U3", 20, 19), ("U4", 2, 2), ("U5", 2, 2), ("U6", 20, 19)],
            &[("POOL-MUNI", 0, "*", 0)],
            &[],
        );
        for u in &mut s.units {
            u.region = if ["U1", "U2", "U3"].contains(&u.id.as_str()) { "北县" } else { "南县" }.into();
        }
        let v = solve_values(&s, &p);
        let merged = |units: [&str; 2]| -> f64 { v.iter().filter(|(k, _)| units.iter().any(|u| k.starts_with(&format!("merge[{u},")))).map(|(_, x)| x).sum() };
        assert_eq!(merged(["U1", "U2"]), 1.0);
        assert_eq!(merged(["U4", "U5"]), 1.0);
        assert!(!v.keys().any(|k| k.starts_with("merge[U1,U6") || k.starts_with("merge[U4,U3")), "no merge across regions");
    }

    #[test]
    fn vanished_unit_without_host_is_infeasible() {
        let (s, p) = fixture(
            "",
            &[("U1", "P", "教育", "vanished", false), ("U2", "Q", "教育", "active", false)],
            &[("U1", 3, 3), ("U2", 10, 9)],
            &[("POOL-MUNI", 0, "*", 0)],
            &[],
        );
        assert_eq!(solve_status(&s, &p), Status::Infeasible);
    }

    #[test]
    fn merged_host_cannot_host() {
        // U1, U2 small and vanished; only each other as hosts: both must merge, which
        // would need a host that is itself merged → infeasible.
        let (s, p) = fixture(
            "",
            &[("U1", "P", "教育", "vanished", false), ("U2", "P", "教育", "vanished", false)],
            &[("U1", 3, 3), ("U2", 3, 3)],
            &[("POOL-MUNI", 0, "*", 0)],
            &[],
        );
        assert_eq!(solve_status(&s, &p), Status::Infeasible);
    }

    #[test]
    fn merge_cap_counts_forced_merges() {
        let (s, p) = fixture(
            "[consolidation]\nmax_merges = 0",
            &[("U1", "P", "教育", "vanished", false), ("U2", "P", "教育", "active", false)],
            &[("U1", 3, 3), ("U2", 10, 9)],
            &[("POOL-MUNI", 0, "*", 0)],
            &[],
        );
        assert_eq!(solve_status(&s, &p), Status::Infeasible);
    }
}
