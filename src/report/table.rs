//! Terminal tables. comfy-table measures display width, so Chinese text lines up;
//! content arrangement is fixed so output does not depend on the terminal.

use crate::analyze::{Stocktake, Totals};
use crate::policy::Policy;
use comfy_table::{presets::UTF8_FULL_CONDENSED, CellAlignment, ContentArrangement, Table};

pub(crate) fn new_table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Disabled).set_header(header.to_vec());
    t
}

pub(crate) fn right_align(t: &mut Table, from: usize) {
    let n = t.column_count();
    for i in from..n {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
}

pub(crate) fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

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

const TOTALS_HEADER: [&str; 8] = ["", "单位 units", "编制 quota", "实有 staff", "空编 vacancy", "空编率 rate", "超编单位 over", "超编人数 excess"];

/// The stock-take as terminal text.
pub fn render_stocktake(st: &Stocktake, policy: &Policy) -> String {
    let mut out = String::new();
    out.push_str(&format!("摸清底数 stock-take: {} ({})\n", st.scenario, st.as_of));
    let kinds: Vec<String> = st.units_by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
    out.push_str(&format!("单位 {} 个 units: {}\n\n", st.units, kinds.join(", ")));

    let mut header = TOTALS_HEADER;
    header[0] = "编制类型 type";
    let mut t = new_table(&header);
    for (ty, tot) in &st.by_type {
        t.add_row(totals_row(format!("{} {ty}", policy.type_label(ty)), tot));
    }
    t.add_row(totals_row("合计 total".into(), &st.total));
    right_align(&mut t, 1);
    out.push_str(&format!("{t}\n\n"));

    header[0] = "系统 sector";
    let mut t = new_table(&header);
    for (sector, tot) in &st.by_sector {
        t.add_row(totals_row(sector.clone(), tot));
    }
    right_align(&mut t, 1);
    out.push_str(&format!("{t}\n\n"));

    let s = &st.small;
    out.push_str(&format!(
        "小散弱 small institutions: {} 个事业单位中，编制≤7名 {} 个（{}），≤5名 {} 个（{}）；按本模型（≤{}名）{} 个\n",
        s.institutions,
        s.at_most_7,
        pct(s.share_at_most_7),
        s.at_most_5,
        pct(s.share_at_most_5),
        s.policy_threshold,
        s.policy_small
    ));
    out.push_str(&format!(
        "超编 overstaffed: {} 个单位，共超编 {} 名\n",
        st.overstaffed_units.len(),
        st.total.excess
    ));
    let list = |notes: &[crate::analyze::UnitNote]| -> String {
        notes.iter().map(|n| format!("{} {}（{}）", n.unit, n.name, n.detail)).collect::<Vec<_>>().join("；")
    };
    out.push_str(&format!("职能萎缩 shrinking: {} 个 {}\n", st.shrinking.len(), list(&st.shrinking)));
    out.push_str(&format!("职能消失 vanished: {} 个 {}\n", st.vanished.len(), list(&st.vanished)));
    match &st.top_heavy {
        Some(v) => out.push_str(&format!("官多兵少 leaders > 50% of quota: {} 个 {}\n", v.len(), list(v))),
        None => out.push_str("官多兵少: 无领导职数数据 (no leader columns)\n"),
    }
    out.push('\n');

    let mut t = new_table(&["周转池 pool", "名称 name", "类型 type", "可用 available", "蓄水 reserve", "可调剂 lendable"]);
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

    let mut t = new_table(&["保障类别 tier", "需求 requests", "申请数 amount"]);
    for tier in &st.tiers {
        t.add_row(vec![format!("{} {}", tier.label, tier.tier), tier.requests.to_string(), tier.amount.to_string()]);
    }
    right_align(&mut t, 1);
    out.push_str(&format!("{t}\n\n"));

    let mut t = new_table(&["编制类型 type", "申请 requested", "池可调剂 pools", "可收回空编 reclaimable"]);
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
    out
}

/// Pools listed in full up to this many; above it the table shows the largest changes.
const POOL_ROWS: usize = 12;
/// Pools shown when the table summarises (the largest |after − before|).
const POOL_TOP: usize = 10;
/// Differences from plan 1 shown per plan.
const DIFFERENCE_ROWS: usize = 10;
/// Requests not granted in full shown per plan, with their why-not.
const SHORT_ROWS: usize = 3;

/// Terminal summary of ranked plans: per plan its objective and terms, requested vs
/// granted per tier, moves by kind, the first requests not granted in full with their
/// why-not, pools before → after, and what distinguishes it from plan 1. At province
/// scale the long lists are cut (largest pool changes first) with "… N more: see
/// plans.json"; everything is in the document.
pub fn render_plans(doc: &crate::domain::PlansDoc, s: &crate::domain::Scenario, policy: &Policy) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{} — 模型 {}；求解 {}，间隙 {:.4}%，{:.2} 秒；方案 {} 个\n\n",
        doc.scenario.name,
        doc.model.name,
        doc.solver.status,
        doc.solver.gap * 100.0,
        doc.solver.seconds,
        doc.plans.len()
    ));
    let weight = |req: &str| s.request(req).and_then(|q| policy.tiers.get(&q.tier)).map(|t| t.weight).unwrap_or(0.0);
    for plan in &doc.plans {
        out.push_str(&format!("方案 {} plan {} — 目标值 objective {}\n", plan.rank, plan.rank, plan.objective));
        if let Some(status) = &plan.status {
            out.push_str(&format!("  · 求解状态 {status}，相对间隙 {:.4}%\n", plan.gap.unwrap_or(1.0) * 100.0));
        }
        for d in plan.differences.iter().take(DIFFERENCE_ROWS) {
            out.push_str(&format!("  · {d}\n"));
        }
        if plan.differences.len() > DIFFERENCE_ROWS {
            out.push_str(&format!("  · … {} more differences: see plans.json\n", plan.differences.len() - DIFFERENCE_ROWS));
        }
        let mut t = new_table(&["保障类别 tier", "需求 requests", "申请 requested", "调剂 granted", "满足率 rate"]);
        for (key, tier) in super::view::tiers_by_weight(policy) {
            let (mut n, mut asked, mut got) = (0, 0, 0);
            for r in &plan.requests {
                if s.request(&r.request).is_some_and(|q| &q.tier == key) {
                    n += 1;
                    asked += r.amount;
                    got += r.granted;
                }
            }
            let rate = if asked > 0 { pct(got as f64 / asked as f64) } else { "-".into() };
            t.add_row(vec![format!("{} {key}", tier.label), n.to_string(), asked.to_string(), got.to_string(), rate]);
        }
        right_align(&mut t, 1);
        out.push_str(&format!("{t}\n"));
        let term = |k: &str| plan.terms.get(k).copied().unwrap_or(0);
        out.push_str(&format!(
            "收回空编 reclaimed {}（{} 个单位），整合 merges {}，释放 released {}，消化超编 absorbed {}，人员转隶 staff moved {}\n",
            term("reclaimed"),
            term("donor_units"),
            term("merges"),
            term("released"),
            term("absorbed"),
            term("staff_moved")
        ));
        out.push_str(&moves_by_kind(&plan.moves));
        out.push_str(&short_requests(&plan.requests, &weight));
        out.push_str(&pool_table(&plan.pools, s, policy));
        out.push('\n');
    }
    out
}

/// "调整 moves N：调剂 grant a，收回 reclaim b，…", every kind, in a fixed order.
fn moves_by_kind(moves: &[crate::domain::Move]) -> String {
    let kinds = [("grant", "调剂"), ("reclaim", "收回"), ("merge", "整合"), ("absorb", "消化超编")];
    let counts: Vec<String> = kinds
        .iter()
        .map(|(kind, label)| format!("{label} {kind} {}", moves.iter().filter(|m| m.kind() == *kind).count()))
        .collect();
    format!("调整 moves {} 项：{}\n", moves.len(), counts.join("，"))
}

/// The requests not granted in full: how many, then the first few (highest tier weight,
/// then largest shortfall, then id) with their why-not.
fn short_requests(requests: &[crate::domain::RequestOutcome], weight: &dyn Fn(&str) -> f64) -> String {
    let mut short: Vec<&crate::domain::RequestOutcome> = requests.iter().filter(|r| r.granted < r.amount).collect();
    if short.is_empty() {
        return "未足额 not granted in full: 无 none\n".into();
    }
    short.sort_by(|a, b| {
        super::view::shortfall_order((weight(&a.request), a.amount - a.granted, &a.request), (weight(&b.request), b.amount - b.granted, &b.request))
    });
    let mut out = format!("未足额 not granted in full: {} 项 requests\n", short.len());
    for r in short.iter().take(SHORT_ROWS) {
        let why = r.why_not.as_deref().unwrap_or("-");
        out.push_str(&format!("  {} 申请 {}，调剂 {}：{why}\n", r.request, r.amount, r.granted));
    }
    if short.len() > SHORT_ROWS {
        out.push_str(&format!("  … {} more: see plans.json\n", short.len() - SHORT_ROWS));
    }
    out
}

/// Pools before → after: every pool up to `POOL_ROWS`; above that the totals and the
/// `POOL_TOP` largest changes (|after − before|, then pool id).
fn pool_table(pools: &[crate::domain::PoolChange], s: &crate::domain::Scenario, policy: &Policy) -> String {
    let mut shown: Vec<&crate::domain::PoolChange> = pools.iter().collect();
    let summarise = pools.len() > POOL_ROWS;
    let mut out = String::new();
    if summarise {
        let before: i64 = pools.iter().map(|pc| pc.before).sum();
        let after: i64 = pools.iter().map(|pc| pc.after).sum();
        let changed = pools.iter().filter(|pc| pc.after != pc.before).count();
        out.push_str(&format!(
            "周转池 pools {} 个（{changed} 个有变化 changed）：调剂前 before {before}，调剂后 after {after}；变化最大的 {POOL_TOP} 个 largest changes:\n",
            pools.len()
        ));
        shown.sort_by(|a, b| (b.after - b.before).abs().cmp(&(a.after - a.before).abs()).then(a.pool.cmp(&b.pool)));
        shown.truncate(POOL_TOP);
    }
    let mut t = new_table(&["周转池 pool", "名称 name", "调剂前 before", "调剂后 after", "蓄水 reserve"]);
    for pc in &shown {
        let name = s.pool(&pc.pool).map(|p| p.name.clone()).unwrap_or_default();
        t.add_row(vec![pc.pool.clone(), name, pc.before.to_string(), pc.after.to_string(), policy.reserve_of(&pc.pool).to_string()]);
    }
    right_align(&mut t, 2);
    out.push_str(&format!("{t}\n"));
    if summarise {
        out.push_str(&format!("… {} more pools: see plans.json\n", pools.len() - shown.len()));
    }
    out
}
