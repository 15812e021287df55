//! 消化超编: overstaffed units pass excess staff to units with room in the same type,
//! sector, level (and region). Staff flow through one hub per (type, sector, level,
//! region), so the
//! variables grow linearly with units; sender→receiver pairs are assigned after the
//! solve.

use crate::rules::{absorb_hub, absorb_receiver_vacancy, AbsorbHub, Rule};
use super::{merged_expr, name_part, AbsorbVar, Candidates, Mip};
use good_lp::{constraint, Expression};
use std::collections::{BTreeMap, HashMap};

/// Senders: lines with excess e = s − q > 0, `absorb_out[u,t] ∈ [0, e]`. Receivers:
/// units w of the hub not overstaffed in t with room cap = v_wt + Σ requested in t,
/// `absorb_in[w,t] ∈ [0, cap]` and `absorbs[w,t] ∈ {0,1}`.
///
/// `absorb-hub-T-S-L[-R]`: Σ absorb_out − Σ absorb_in = 0 (the hub of type T, sector S, level L, region R)
/// `absorb-indicator-W-T`: absorb_in ≤ cap·absorbs
/// `absorb-capacity-W-T`: absorb_in + Σ_u e_ut·merge[u,w] − Σ_r grant[·,r] + E·absorbs ≤ v_wt + E,
///   E = Σ_u e_ut over units u that could merge into w bringing excess in t; so a w
///   that absorbs ends with staff ≤ quota in t
/// `absorb-receiver-gives-W-T`: reclaim[w,t] + R·absorbs ≤ R
/// `absorb-merged-W-T`: absorbs + merged[w] ≤ 1; `absorb-sender-merged-U-T`:
///   absorb_out ≤ e·(1 − merged[u])
/// `absorb-sender-receives-U-T-X`: absorb_out ≤ e·(1 − x) for each x that makes u
///   receive in t (a grant indicator, a merge bringing a t line)
pub(super) fn define_absorb(m: &mut Mip, c: &Candidates) {
    let mut senders: BTreeMap<AbsorbHub, Vec<&crate::domain::Line>> = BTreeMap::new();
    for l in c.s.lines.iter().filter(|l| l.is_overstaffed()) {
        senders.entry(absorb_hub(c.unit(&l.unit), &l.ty)).or_default().push(l);
    }
    if senders.is_empty() {
        return;
    }
    // Room each (unit, type) could offer: vacancy plus anything it may be granted.
    let mut requested_room: HashMap<(&str, &str), i64> = HashMap::new();
    for r in &c.s.requests {
        if m.index.granted.contains_key(&r.id) {
            *requested_room.entry((r.unit.as_str(), r.ty.as_str())).or_default() += r.amount;
        }
    }
    // Owned keys: `m` gains variables while these are in use.
    let mut grants_of: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, gv) in m.index.grant.iter().enumerate() {
        grants_of.entry(gv.request.clone()).or_default().push(i);
    }
    let reclaim_at: HashMap<(String, String), usize> =
        m.index.reclaim.iter().enumerate().map(|(i, r)| ((r.unit.clone(), r.ty.clone()), i)).collect();
    let mut merges_into: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, mv) in m.index.merge.iter().enumerate() {
        merges_into.entry(mv.host.clone()).or_default().push(i);
    }
    let mut units_by_group: BTreeMap<(&str, &str, &str), Vec<&crate::domain::Unit>> = BTreeMap::new();
    for u in &c.s.units {
        units_by_group.entry((u.sector.as_str(), u.level.as_str(), u.region.as_str())).or_default().push(u);
    }

    let mut rows: Vec<(String, good_lp::Constraint)> = Vec::new();
    for ((ty, sector, level, region), sending) in senders {
        let mut receivers = Vec::new();
        for w in units_by_group.get(&(sector, level, region)).map(Vec::as_slice).unwrap_or(&[]) {
            let Some(vacancy) = absorb_receiver_vacancy(c.s, &w.id, ty) else {
                continue;
            };
            let cap = vacancy + requested_room.get(&(w.id.as_str(), ty)).copied().unwrap_or(0);
            if cap > 0 {
                receivers.push((w, vacancy, cap));
            }
        }
        if receivers.is_empty() {
            continue;
        }
        let hub = m.index.hubs.len();
        m.index.hubs.push((ty.to_string(), sector.to_string(), level.to_string(), region.to_string()));
        let tn = name_part(ty);
        let mut balance = Expression::from(0.0);
        for l in sending {
            let e = l.excess();
            let un = name_part(&l.unit);
            let v = m.int(format!("absorb_out[{un},{tn}]"), e);
            balance.add_mul(1.0, v.var);
            let ef = e as f64;
            if let Some(merged) = merged_expr(m, &l.unit) {
                rows.push((format!("{}-{un}-{tn}", Rule::AbsorbSenderMerged.stem()), constraint!(v.var + ef * merged <= ef)));
            }
            for &ri in c.requests_of.get(&(l.unit.as_str(), ty)).map(Vec::as_slice).unwrap_or(&[]) {
                let r = &c.s.requests[ri];
                if let Some(y) = m.index.granted.get(&r.id) {
                    rows.push((
                        format!("{}-{un}-{tn}-{}", Rule::AbsorbSenderReceives.stem(), name_part(&r.id)),
                        constraint!(v.var + ef * y.var <= ef),
                    ));
                }
            }
            for &mi in merges_into.get(&l.unit).map(Vec::as_slice).unwrap_or(&[]) {
                let mv = &m.index.merge[mi];
                if c.s.line(&mv.unit, ty).is_some() {
                    rows.push((
                        format!("{}-{un}-{tn}-{}", Rule::AbsorbSenderReceives.stem(), name_part(&mv.unit)),
                        constraint!(v.var + ef * mv.v.var <= ef),
                    ));
                }
            }
            m.index.absorb_out.push(AbsorbVar { unit: l.unit.clone(), ty: ty.to_string(), hub, max: e, v });
        }
        for (w, vacancy, cap) in receivers {
            let wn = name_part(&w.id);
            let a = m.int(format!("absorb_in[{wn},{tn}]"), cap);
            let z = m.binary(format!("absorbs[{wn},{tn}]"));
            balance.add_mul(-1.0, a.var);
            rows.push((format!("{}-{wn}-{tn}", Rule::AbsorbIndicator.stem()), constraint!(a.var <= cap as f64 * z.var)));
            let mut lhs = Expression::from(0.0);
            lhs.add_mul(1.0, a.var);
            let mut excess_in = 0i64;
            for &mi in merges_into.get(&w.id).map(Vec::as_slice).unwrap_or(&[]) {
                let mv = &m.index.merge[mi];
                if let Some(ml) = c.s.line(&mv.unit, ty).filter(|l| l.is_overstaffed()) {
                    lhs.add_mul(ml.excess() as f64, mv.v.var);
                    excess_in += ml.excess();
                }
            }
            for &ri in c.requests_of.get(&(w.id.as_str(), ty)).map(Vec::as_slice).unwrap_or(&[]) {
                for &gi in grants_of.get(&c.s.requests[ri].id).map(Vec::as_slice).unwrap_or(&[]) {
                    lhs.add_mul(-1.0, m.index.grant[gi].v.var);
                }
            }
            lhs.add_mul(excess_in as f64, z.var);
            rows.push((format!("{}-{wn}-{tn}", Rule::AbsorbCapacity.stem()), constraint!(lhs <= (vacancy + excess_in) as f64)));
            if let Some(&ri) = reclaim_at.get(&(w.id.clone(), ty.to_string())) {
                let rv = &m.index.reclaim[ri];
                let rmax = rv.max as f64;
                rows.push((format!("{}-{wn}-{tn}", Rule::AbsorbReceiverGives.stem()), constraint!(rv.v.var + rmax * z.var <= rmax)));
            }
            if let Some(merged) = merged_expr(m, &w.id) {
                rows.push((format!("{}-{wn}-{tn}", Rule::AbsorbMerged.stem()), constraint!(z.var + merged <= 1.0)));
            }
            m.index.absorb_z.push(z);
            m.index.absorb_in.push(AbsorbVar { unit: w.id.clone(), ty: ty.to_string(), hub, max: cap, v: a });
        }
        // Named by the hub's key, not its index, so a part's model names it as the whole does.
        let key: Vec<&str> = [ty, sector, level, region].into_iter().filter(|k| !k.is_empty()).collect();
        rows.push((Rule::AbsorbHub.row_name(&key), constraint!(balance == 0.0)));
    }
    for (name, row) in rows {
        m.row(name, row);
    }
}

#[cfg(test)]
mod tests {
    use crate::model::tests::{fixture, solve_values};

    #[test]
    fn excess_staff_move_only_into_room_of_the_same_sector() {
        // U1 has 3 excess; U2 (same sector) has 2 vacancies, U3 (other sector) 9.
        let (s, p) = fixture(
            "[weights]\nabsorbed = 5.0",
            &[("U1", "P", "教育", "active", false), ("U2", "P", "教育", "active", false), ("U3", "P", "卫健", "active", false)],
            &[("U1", 10, 13), ("U2", 10, 8), ("U3", 10, 1)],
            &[("POOL-MUNI", 0, "*", 0)],
            &[],
        );
        let v = solve_values(&s, &p);
        assert_eq!(v["absorb_out[U1,institution]"], 2.0);
        assert_eq!(v["absorb_in[U2,institution]"], 2.0);
        assert!(!v.contains_key("absorb_in[U3,institution]"));
    }

    #[test]
    fn absorbing_unit_gives_no_reclaim() {
        // Reclaiming from U2 and absorbing into it would both pay; only one may.
        let (s, p) = fixture(
            "[reclaim]\nkeep_vacant = 0\ninto = { institution = \"POOL-MUNI\" }\n[weights]\nabsorbed = 5.0\nreclaimed = 1.0",
            &[("U1", "P", "教育", "active", false), ("U2", "P", "教育", "active", false)],
            &[("U1", 10, 12), ("U2", 10, 6)],
            &[("POOL-MUNI", 0, "*", 0)],
            &[],
        );
        let v = solve_values(&s, &p);
        assert_eq!(v["absorb_in[U2,institution]"], 2.0);
        assert_eq!(v["reclaim[U2,institution]"], 0.0);
    }
}
