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

/// Terminal summary of ranked plans: per plan its objective and terms, requested vs
/// granted per tier, pools before → after, and what distinguishes it from plan 1.
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
    for plan in &doc.plans {
        out.push_str(&format!("方案 {} plan {} — 目标值 objective {}\n", plan.rank, plan.rank, plan.objective));
        for d in &plan.differences {
            out.push_str(&format!("  · {d}\n"));
        }
        let mut t = new_table(&["保障类别 tier", "需求 requests", "申请 requested", "调剂 granted", "满足率 rate"]);
        let mut tiers: Vec<(&String, &crate::policy::Tier)> = policy.tiers.iter().collect();
        tiers.sort_by(|a, b| b.1.weight.total_cmp(&a.1.weight).then(a.0.cmp(b.0)));
        for (key, tier) in tiers {
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
        let mut t = new_table(&["周转池 pool", "名称 name", "调剂前 before", "调剂后 after", "蓄水 reserve"]);
        for pc in &plan.pools {
            let name = s.pool(&pc.pool).map(|p| p.name.clone()).unwrap_or_default();
            t.add_row(vec![pc.pool.clone(), name, pc.before.to_string(), pc.after.to_string(), policy.reserve_of(&pc.pool).to_string()]);
        }
        right_align(&mut t, 2);
        out.push_str(&format!("{t}\n\n"));
    }
    out
}
