//! The stock-take's two outputs: the terminal text of `analyze` (totals per type and
//! sector, small units, the units noted, pools, tiers, supply, and the revolving-grant
//! ledger when there is one) and `analyze --format json`, where each noted unit's fact
//! is written as the `detail` sentence the document has always carried.

use super::ledger_view::{ledger_view, LedgerView, ReturningList};
use super::table::{new_table, right_align};
use crate::analyze::{Stocktake, Totals, UnitNote, EXPIRING_WITHIN_MONTHS};
use crate::policy::Policy;
use crate::text::{pct, terminal as words, unit_note, Lang};
use comfy_table::CellAlignment;

fn totals_row(name: String, t: &Totals) -> Vec<String> {
    vec![
        name,
        t.units.to_string(),
        t.quota.to_string(),
        t.staff.to_string(),
        t.vacancy.to_string(),
        pct(t.vacancy_rate),
        t.overstaffed.to_string(),
        t.excess.to_string(),
    ]
}

/// The stock-take as terminal text.
pub fn render_stocktake(st: &Stocktake, policy: &Policy) -> String {
    let mut out = String::new();
    out.push_str(&words::stocktake_heading(&st.scenario, &st.as_of));
    let kinds: Vec<String> = st.units_by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
    out.push_str(&words::units_line(st.units, &kinds.join(", ")));

    let mut header = words::TOTALS_HEADER;
    header[0] = words::BY_TYPE;
    let mut t = new_table(&header);
    for (ty, tot) in &st.by_type {
        t.add_row(totals_row(format!("{} {ty}", policy.type_label(ty)), tot));
    }
    t.add_row(totals_row(words::TOTAL.into(), &st.total));
    right_align(&mut t, 1);
    out.push_str(&format!("{t}\n\n"));

    header[0] = words::BY_SECTOR;
    let mut t = new_table(&header);
    for (sector, tot) in &st.by_sector {
        t.add_row(totals_row(sector.clone(), tot));
    }
    right_align(&mut t, 1);
    out.push_str(&format!("{t}\n\n"));

    out.push_str(&words::small_units_line(&st.small));
    out.push_str(&words::overstaffed_line(st.overstaffed_units.len(), st.total.excess));
    let list = |notes: &[UnitNote]| -> String {
        notes
            .iter()
            .map(|n| words::unit_note_item(&n.unit, &n.name, &unit_note(policy, &n.fact, Lang::Zh)))
            .collect::<Vec<_>>()
            .join(words::NOTE_SEPARATOR)
    };
    out.push_str(&words::shrinking_line(st.shrinking.len(), &list(&st.shrinking)));
    out.push_str(&words::vanished_line(st.vanished.len(), &list(&st.vanished)));
    match &st.top_heavy {
        Some(v) => out.push_str(&words::top_heavy_line(v.len(), &list(v))),
        None => out.push_str(words::NO_LEADER_DATA),
    }
    out.push('\n');

    let mut t = new_table(&words::POOLS_HEADER);
    for p in &st.pools {
        t.add_row(vec![
            p.pool.clone(),
            p.name.clone(),
            policy.type_label(&p.ty).to_string(),
            p.available.to_string(),
            p.reserve.to_string(),
            p.lendable.to_string(),
        ]);
    }
    right_align(&mut t, 3);
    out.push_str(&format!("{t}\n\n"));

    let mut t = new_table(&words::TIERS_HEADER);
    for tier in &st.tiers {
        t.add_row(vec![format!("{} {}", tier.label, tier.tier), tier.requests.to_string(), tier.amount.to_string()]);
    }
    right_align(&mut t, 1);
    out.push_str(&format!("{t}\n\n"));

    let mut t = new_table(&words::SUPPLY_HEADER);
    for sn in &st.supply {
        t.add_row(vec![
            format!("{} {}", policy.type_label(&sn.ty), sn.ty),
            sn.requested.to_string(),
            sn.pools_lendable.to_string(),
            sn.reclaimable.to_string(),
        ]);
    }
    right_align(&mut t, 1);
    out.push_str(&format!("{t}\n"));
    if let Some(l) = &st.ledger {
        out.push('\n');
        // The terminal reads Chinese, with English beside it in the headers.
        out.push_str(&ledger_block(&ledger_view(l, policy, Lang::Zh), &st.as_of));
    }
    out
}

/// Grants listed per list of the ledger block (due unused, due expired, expiring).
const LEDGER_ROWS: usize = 10;

/// "周转编制台账 ledger": what each pool has lent (all pools, as the pool table above),
/// then at `as_of` the unused parts and the expired grants returning and the grants
/// reaching their term within 12 months, each list cut at `LEDGER_ROWS`.
fn ledger_block(l: &LedgerView, as_of: &str) -> String {
    let mut out = words::ledger_heading(l.total.grants, l.total.lent, l.total.used, l.total.unused);
    let mut t = new_table(&words::LEDGER_POOLS_HEADER);
    for p in l.pools.iter().chain(std::iter::once(&l.total)) {
        let pool = if p.pool.is_empty() { words::TOTAL.to_string() } else { p.pool.clone() };
        t.add_row(vec![pool, p.name.clone(), p.grants.to_string(), p.lent.to_string(), p.used.to_string(), p.unused.to_string()]);
    }
    right_align(&mut t, 2);
    out.push_str(&format!("{t}\n"));
    let more = |n: usize| if n > LEDGER_ROWS { words::more_in_json(n - LEDGER_ROWS) } else { String::new() };
    let due_table = |list: &ReturningList| {
        let mut t = new_table(&words::due_header(list.expired));
        for d in list.rows.iter().take(LEDGER_ROWS) {
            t.add_row(vec![
                d.grant.clone(),
                format!("{} {}", d.unit, d.unit_name),
                d.ty.clone(),
                d.pool.clone(),
                d.granted_on.clone(),
                d.lent.to_string(),
                d.age_months.to_string(),
                d.amount.to_string(),
                if list.expired { d.overstaffing } else { d.used }.to_string(),
            ]);
        }
        for i in [5, 6, 7, 8] {
            if let Some(c) = t.column_mut(i) {
                c.set_cell_alignment(CellAlignment::Right);
            }
        }
        format!("{t}\n{}", more(list.rows.len()))
    };
    let (unused, expired) = (l.unused(), l.expired());
    out.push_str(&words::unused_returning_line(as_of, unused.rows.len(), unused.total, l.reclaim_unused_after_months));
    if !unused.rows.is_empty() {
        out.push_str(&due_table(unused));
    }
    out.push_str(&words::expired_returning_line(as_of, expired.rows.len(), expired.total, l.left_overstaffed));
    if !expired.rows.is_empty() {
        out.push_str(&due_table(expired));
    }
    out.push_str(&words::expiring_line(EXPIRING_WITHIN_MONTHS, l.expiring.len(), l.expiring_total));
    if !l.expiring.is_empty() {
        let mut t = new_table(&words::EXPIRING_HEADER);
        for e in l.expiring.iter().take(LEDGER_ROWS) {
            t.add_row(vec![
                e.grant.clone(),
                format!("{} {}", e.unit, e.unit_name),
                e.ty.clone(),
                format!("{} {}", e.tier, e.tier_key),
                e.pool.clone(),
                e.amount.to_string(),
                e.term_months.to_string(),
                e.expires_on.clone(),
            ]);
        }
        for i in [5, 6] {
            if let Some(c) = t.column_mut(i) {
                c.set_cell_alignment(CellAlignment::Right);
            }
        }
        out.push_str(&format!("{t}\n{}", more(l.expiring.len())));
    }
    out
}

/// `analyze --format json`: the stock-take as a document, each noted unit (overstaffed,
/// shrinking, vanished, top-heavy) with its `detail` in Chinese, built from its fact at
/// this edge so the stock-take itself holds no sentence.
pub fn render_stocktake_json(st: &Stocktake, policy: &Policy) -> String {
    let mut doc = serde_json::to_value(st).expect("stock-take serialises");
    let lists: [(&str, &[UnitNote]); 4] = [
        ("overstaffed_units", &st.overstaffed_units),
        ("shrinking", &st.shrinking),
        ("vanished", &st.vanished),
        ("top_heavy", st.top_heavy.as_deref().unwrap_or(&[])),
    ];
    for (key, notes) in lists {
        let Some(items) = doc.get_mut(key).and_then(|v| v.as_array_mut()) else { continue };
        for (item, note) in items.iter_mut().zip(notes) {
            // Objects keep their members' order: `detail` comes last, after the names.
            if let Some(fields) = item.as_object_mut() {
                fields.insert("detail".into(), unit_note(policy, &note.fact, Lang::Zh).into());
            }
        }
    }
    serde_json::to_string_pretty(&doc).expect("stock-take serialises") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ledger_block_lists_every_pool_and_cuts_each_list_of_grants() {
        let (s, p) = crate::analyze::tests::with_ledger();
        let mut st = crate::analyze::stocktake(&s, &p);
        let l = st.ledger.as_mut().expect("a ledger");
        let due = l.unused_returning[0].clone();
        l.unused_returning = (0..15).map(|i| crate::analyze::DueNote { grant: format!("L{i:02}"), ..due.clone() }).collect();
        let text = render_stocktake(&st, &p);
        let block = &text[text.find("周转编制台账 revolving grants: 5 笔 grants，调剂 lent 12").expect("the ledger block")..];
        assert!(block.contains("│ POOL-EDU ") && block.contains("│ POOL-MUNI ") && block.contains("│ 合计 total "), "{block}");
        assert!(block.contains("L09") && !block.contains("L10"), "the first {LEDGER_ROWS} grants: {block}");
        assert!(block.contains("  … 5 more: see --format json\n"), "{block}");
        assert!(block.contains("期满全部收回 expired, in full 1 笔 共 3 名，留下超编 left overstaffed 3 人"), "{block}");
        assert!(block.contains("即将到期 expiring within 12 months: 1 笔 共 2 名") && block.contains("2026-03-15"), "{block}");
        st.ledger = None;
        assert!(!render_stocktake(&st, &p).contains("周转编制台账"), "no ledger, no block");
    }

    #[test]
    fn the_json_carries_each_noted_units_detail_last_and_the_stocktake_none() {
        let (s, p) = crate::model::tests::short_and_overstaffed();
        let st = crate::analyze::stocktake(&s, &p);
        assert!(!st.overstaffed_units.is_empty());
        assert!(!serde_json::to_string(&st).expect("serialises").contains("detail"), "the stock-take holds facts");
        let json: serde_json::Value = serde_json::from_str(&render_stocktake_json(&st, &p)).expect("parses");
        let first = json["overstaffed_units"][0].as_object().expect("a note");
        assert_eq!(first.keys().map(String::as_str).collect::<Vec<_>>(), ["unit", "name", "sector", "detail"]);
        assert!(first["detail"].as_str().expect("a sentence").contains("超编"), "{first:?}");
    }
}
