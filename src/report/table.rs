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
    if let Some(l) = &st.ledger {
        out.push('\n');
        out.push_str(&ledger_block(l, st, policy));
    }
    out
}

/// Grants listed per list of the ledger block (due unused, due expired, expiring).
const LEDGER_ROWS: usize = 10;

/// "周转编制台账 ledger": what each pool has lent (all pools, as the pool table above),
/// then at `as_of` the unused parts and the expired grants returning and the grants
/// reaching their term within 12 months, each list cut at `LEDGER_ROWS`.
fn ledger_block(l: &crate::analyze::Ledger, st: &Stocktake, policy: &Policy) -> String {
    use crate::analyze::{DueNote, ExpiringNote};
    let mut out = format!(
        "周转编制台账 revolving grants: {} 笔 grants，调剂 lent {}，已使用 used {}，未使用 unused {}\n",
        l.total.grants, l.total.lent, l.total.used, l.total.unused
    );
    let mut t = new_table(&["周转池 pool", "名称 name", "笔数 grants", "调剂 lent", "已使用 used", "未使用 unused"]);
    for p in l.pools.iter().chain(std::iter::once(&l.total)) {
        let pool = if p.pool.is_empty() { "合计 total".to_string() } else { p.pool.clone() };
        t.add_row(vec![pool, p.name.clone(), p.grants.to_string(), p.lent.to_string(), p.used.to_string(), p.unused.to_string()]);
    }
    right_align(&mut t, 2);
    out.push_str(&format!("{t}\n"));
    let more = |n: usize| if n > LEDGER_ROWS { format!("  … {} more: see --format json\n", n - LEDGER_ROWS) } else { String::new() };
    let due_table = |rows: &[DueNote], expired: bool| {
        let last = if expired { "留下超编 overstaffed" } else { "已使用 used" };
        let mut t = new_table(&["台账 grant", "单位 unit", "类型 type", "周转池 pool", "调剂日期 granted on", "调剂 lent", "已满月数 months", "收回 returning", last]);
        for d in rows.iter().take(LEDGER_ROWS) {
            t.add_row(vec![
                d.grant.clone(),
                format!("{} {}", d.unit, d.name),
                policy.type_label(&d.ty).to_string(),
                d.pool.clone(),
                d.granted_on.clone(),
                d.lent.to_string(),
                d.age_months.to_string(),
                d.amount.to_string(),
                if expired { d.overstaffing } else { d.used }.to_string(),
            ]);
        }
        for i in [5, 6, 7, 8] {
            if let Some(c) = t.column_mut(i) {
                c.set_cell_alignment(CellAlignment::Right);
            }
        }
        format!("{t}\n{}", more(rows.len()))
    };
    out.push_str(&format!(
        "到期收回 returning at {}: 未使用 unused {} 笔 共 {} 名（满 {} 个月未使用 after {} months unused）\n",
        st.as_of,
        l.unused_returning.len(),
        l.unused_returning_total,
        policy.grants.reclaim_unused_after_months,
        policy.grants.reclaim_unused_after_months
    ));
    if !l.unused_returning.is_empty() {
        out.push_str(&due_table(&l.unused_returning, false));
    }
    out.push_str(&format!(
        "到期收回 returning at {}: 期满全部收回 expired, in full {} 笔 共 {} 名，留下超编 left overstaffed {} 人\n",
        st.as_of,
        l.expired_returning.len(),
        l.expired_returning_total,
        l.expired_overstaffing
    ));
    if !l.expired_returning.is_empty() {
        out.push_str(&due_table(&l.expired_returning, true));
    }
    out.push_str(&format!(
        "即将到期 expiring within {} months: {} 笔 共 {} 名\n",
        crate::analyze::EXPIRING_WITHIN_MONTHS,
        l.expiring.len(),
        l.expiring_total
    ));
    if !l.expiring.is_empty() {
        let rows: &[ExpiringNote] = &l.expiring;
        let mut t = new_table(&["台账 grant", "单位 unit", "类型 type", "保障类别 tier", "周转池 pool", "调剂 amount", "期限月数 term", "到期日 expires on"]);
        for e in rows.iter().take(LEDGER_ROWS) {
            t.add_row(vec![
                e.grant.clone(),
                format!("{} {}", e.unit, e.name),
                policy.type_label(&e.ty).to_string(),
                format!("{} {}", e.tier_label, e.tier),
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
        out.push_str(&format!("{t}\n{}", more(rows.len())));
    }
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
/// Decisions listed per 可选 list of the decisions block.
const CHOICE_ROWS: usize = 10;
/// Requests listed in the ranges block (widest range first).
const RANGE_ROWS: usize = 10;

/// Terminal summary of ranked plans: per plan its objective (and for plans 2…K the gap
/// to plan 1 and the distance to the plans before it) and terms, requested vs granted
/// per tier, moves by kind, the first requests not granted in full with their why-not,
/// pools before → after, and what distinguishes it from plan 1; then the decisions
/// grouped 必选 / 可选 / 不选 over the plans, and with `--ranges` each request's range
/// within ε. At province scale the long lists are cut (largest pool changes first,
/// widest ranges first) with "… N more: see plans.json"; everything is in the document.
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
    if let Some(d) = &doc.diverse {
        out.push_str(&format!("多样方案 diverse：允许偏离最优 ε {}，目标值下限 objective floor {}\n\n", pct(d.eps), d.objective_floor));
    }
    let weight = |req: &str| s.request(req).and_then(|q| policy.tiers.get(&q.tier)).map(|t| t.weight).unwrap_or(0.0);
    for plan in &doc.plans {
        out.push_str(&plan_heading(plan));
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
    if let Some(years) = &doc.years {
        out.push_str(&years_block(years, s, policy));
    }
    if doc.plans.len() > 1 {
        // Counted on the state the plans started from (year 1's requests), as plans.json's.
        let open = crate::horizon::ledger::opening(s, policy, 1);
        let counts = super::choices::decision_counts_of(doc, &open.scenario, policy);
        out.push_str(&decisions_block(&counts, &doc.plans, s, policy));
    }
    if let Some(ranges) = &doc.ranges {
        out.push_str(&ranges_block(ranges, s, policy));
    }
    out
}

/// "方案 2 plan 2 — 目标值 objective X，距最优 gap 1.9%，与方案1相差 159 项 decisions": plans
/// 2…K say how far below plan 1 they are and how far from the plans before them.
fn plan_heading(plan: &crate::domain::Plan) -> String {
    let mut out = format!("方案 {} plan {} — 目标值 objective {}", plan.rank, plan.rank, plan.objective);
    if plan.rank > 1 {
        out.push_str(&format!("，距最优 gap {}", super::choices::gap_text(plan.objective_gap_to_best)));
        let distances: Vec<super::choices::Distance> =
            plan.distance.iter().enumerate().map(|(i, &n)| super::choices::Distance { plan: i + 1, n }).collect();
        let named = super::choices::named_distances(&distances);
        if !named.is_empty() {
            let nearest_only = named.len() < distances.len();
            let parts: Vec<String> = named
                .iter()
                .enumerate()
                .map(|(i, d)| format!("与{}方案{}相差 {} 项", if nearest_only && i == 1 { "最接近的" } else { "" }, d.plan, d.n))
                .collect();
            out.push_str(&format!("，{} decisions", parts.join("、")));
        }
    }
    out.push('\n');
    if let Some(bound) = plan.distance_bound {
        out.push_str(&format!("  · 相差项数之和未证明最大，上界 distance bound {bound}\n"));
    }
    out
}

/// "决策汇总 decisions": how many requests, donor units and merged units are 必选 (in
/// every plan), 可选 (in some) and 不选 (in none), then the 可选 ones listed, the first
/// `CHOICE_ROWS` of each kind (requests highest tier first), with the plans they are in.
fn decisions_block(counts: &crate::domain::DecisionCounts, plans: &[crate::domain::Plan], s: &crate::domain::Scenario, policy: &Policy) -> String {
    use crate::domain::Choice;
    let n = counts.plans;
    let in_plans = super::choices::InPlans::of(plans);
    let mut out = format!("决策汇总 decisions（{n} 个方案 plans）\n");
    let mut t = new_table(&["决策 decision", "必选 in every plan", "可选 in some plans", "不选 in no plan"]);
    let row = |label: &str, counts: &mut dyn Iterator<Item = usize>| {
        let mut cells = [0usize; 3];
        for c in counts {
            cells[match Choice::of(c, n) {
                Choice::Always => 0,
                Choice::Some => 1,
                Choice::Never => 2,
            }] += 1;
        }
        let mut r = vec![label.to_string()];
        r.extend(cells.iter().map(|c| c.to_string()));
        r
    };
    t.add_row(row("需求 requests", &mut counts.requests.iter().map(|r| r.funded)));
    t.add_row(row("收回单位 donor units", &mut counts.donors.iter().map(|d| d.gives)));
    t.add_row(row("整合单位 merged units", &mut counts.merges.iter().map(|m| m.merges)));
    right_align(&mut t, 1);
    out.push_str(&format!("{t}\n"));

    let ranks = |map: &std::collections::BTreeMap<&str, Vec<usize>>, id: &str| {
        map.get(id).map(|r| super::choices::ranks_text(r, crate::explain::Lang::Zh)).unwrap_or_default()
    };
    let weight = |id: &str| s.request(id).map(|r| policy.tier_weight(&r.tier)).unwrap_or(0.0);
    let mut some: Vec<&crate::domain::RequestCount> = counts.requests.iter().filter(|r| Choice::of(r.funded, n) == Choice::Some).collect();
    some.sort_by(|a, b| weight(&b.request).total_cmp(&weight(&a.request)).then(a.request.cmp(&b.request)));
    let lines: Vec<String> = some
        .iter()
        .map(|rc| {
            let req = s.request(&rc.request);
            let unit = req.map(|r| r.unit.as_str()).unwrap_or("");
            let name = s.unit(unit).map(|u| u.name.as_str()).unwrap_or("");
            let tier = req.map(|r| policy.tier_label(&r.tier)).unwrap_or("");
            let amount = req.map(|r| r.amount).unwrap_or(0);
            format!("{} {name} {tier} 申请 {amount}：{}/{n} 个方案（方案 {}）", rc.request, rc.funded, ranks(&in_plans.funded, &rc.request))
        })
        .collect();
    out.push_str(&bounded_list("可选需求 requests in some plans", "项", &lines, CHOICE_ROWS));
    for (title, units, map) in [
        ("可选收回单位 donor units in some plans", counts.donors.iter().map(|d| (d.unit.as_str(), d.gives)).collect::<Vec<_>>(), &in_plans.gives),
        ("可选整合单位 merged units in some plans", counts.merges.iter().map(|m| (m.unit.as_str(), m.merges)).collect(), &in_plans.merges),
    ] {
        let lines: Vec<String> = units
            .iter()
            .filter(|(_, c)| Choice::of(*c, n) == Choice::Some)
            .map(|(u, c)| {
                let name = s.unit(u).map(|x| x.name.as_str()).unwrap_or("");
                format!("{u} {name}：{c}/{n} 个方案（方案 {}）", ranks(map, u))
            })
            .collect();
        // Ranked plans often share every donor and merge: an empty list is left out.
        if !lines.is_empty() {
            out.push_str(&bounded_list(title, "个", &lines, CHOICE_ROWS));
        }
    }
    out.push('\n');
    out
}

/// "TITLE: N 项" then the first `max` lines indented, then "… N more: see plans.json".
fn bounded_list(title: &str, measure: &str, lines: &[String], max: usize) -> String {
    if lines.is_empty() {
        return format!("{title}: 无 none\n");
    }
    let mut out = format!("{title}: {} {measure}\n", lines.len());
    for line in lines.iter().take(max) {
        out.push_str(&format!("  {line}\n"));
    }
    if lines.len() > max {
        out.push_str(&format!("  … {} more: see plans.json\n", lines.len() - max));
    }
    out
}

/// `--ranges`: how many requests every plan within ε funds (min > 0), some fund, none
/// fund, then the `RANGE_ROWS` widest ranges.
fn ranges_block(ranges: &[crate::domain::RequestRange], s: &crate::domain::Scenario, policy: &Policy) -> String {
    let view = super::choices::ranges_view(s, policy, ranges, crate::explain::Lang::Zh);
    let mut out = format!(
        "调剂区间 ranges within ε: {} 项需求 requests；每个近优方案都调剂 funded in every near-optimal plan {}，可调 in some {}，都不调剂 in none {}",
        ranges.len(),
        view.always,
        view.some,
        view.never
    );
    if view.unproven > 0 {
        out.push_str(&format!("；{} 项区间未证明 not proven (at least this wide)", view.unproven));
    }
    out.push('\n');
    let mut t = new_table(&["需求 request", "单位 unit", "保障类别 tier", "申请 amount", "最少 min", "最多 max", "每个近优方案都调剂 always", "状态 status"]);
    for r in view.rows.iter().take(RANGE_ROWS) {
        t.add_row(vec![
            r.request.clone(),
            r.unit_name.clone(),
            r.tier.clone(),
            r.amount.to_string(),
            r.min.to_string(),
            r.max.to_string(),
            if r.always { "是 yes".into() } else { String::new() },
            r.status.clone(),
        ]);
    }
    for i in 3..6 {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    out.push_str(&format!("{t}\n"));
    if view.rows.len() > RANGE_ROWS {
        out.push_str(&format!("… {} more: see plans.json\n", view.rows.len() - RANGE_ROWS));
    }
    out
}

/// "调整 moves N：调剂 grant a，收回 reclaim b，…", every kind, in a fixed order; the
/// ledger's returns first when the plan makes any (a plan without a ledger reads as
/// before).
fn moves_by_kind(moves: &[crate::domain::Move]) -> String {
    let kinds = [("return", "周转收回"), ("grant", "调剂"), ("reclaim", "收回"), ("merge", "整合"), ("absorb", "消化超编")];
    let counts: Vec<String> = kinds
        .iter()
        .map(|(kind, label)| (kind, label, moves.iter().filter(|m| m.kind() == *kind).count()))
        .filter(|(kind, _, n)| **kind != "return" || *n > 0)
        .map(|(kind, label, n)| format!("{label} {kind} {n}"))
        .collect();
    format!("调整 moves {} 项：{}\n", moves.len(), counts.join("，"))
}

/// Requests dropped (their unit merged) named per year before "… N more".
const DROPPED_ROWS: usize = 5;

/// `--years`: one row per year (its date, retirements, the ledger's returns, granted of
/// asked, reclaimed, merges, absorbed, moves, all pools before → after), then the pools
/// year by year (all up to 12, else the 12 that move most, and "… N more"), then the
/// requests each year drops because their unit was merged.
fn years_block(years: &[crate::domain::YearPlan], s: &crate::domain::Scenario, policy: &Policy) -> String {
    let view = super::years::years_view(s, policy, years, crate::explain::Lang::Zh, false);
    let mut out = format!("分年度 years：{} 年，逐年滚动 rolled forward year by year（第1年即方案1 year 1 is plan 1）\n", years.len());
    let mut t = new_table(&[
        "年度 year",
        "起始 start",
        "退休 retired",
        "周转收回 returns",
        "调剂/申请 granted/asked",
        "收回空编 reclaimed",
        "整合 merges",
        "消化超编 absorbed",
        "调整 moves",
        "周转池 pools before → after",
    ]);
    for r in &view.rows {
        t.add_row(vec![
            r.year.to_string(),
            r.start.clone(),
            r.retired.to_string(),
            r.returns.to_string(),
            format!("{}/{}", r.granted, r.asked),
            r.reclaimed.to_string(),
            r.merges.to_string(),
            r.absorbed.to_string(),
            r.moves.to_string(),
            format!("{} → {}", r.pools_before, r.pools_after),
        ]);
    }
    right_align(&mut t, 2);
    out.push_str(&format!("{t}\n"));
    let mut header = vec!["周转池 pool".to_string()];
    header.extend(view.rows.iter().map(|r| format!("第{}年 year {}", r.year, r.year)));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = new_table(&header);
    for (i, head) in view.pools.iter().enumerate() {
        let mut row = vec![format!("{} {}", head.pool, head.name)];
        row.extend(view.rows.iter().map(|r| format!("{} → {}", r.shown[i].before, r.shown[i].after)));
        t.add_row(row);
    }
    right_align(&mut t, 1);
    out.push_str(&format!("{t}\n"));
    if view.pools_hidden > 0 {
        out.push_str(&format!("… {} more pools: see plans.json\n", view.pools_hidden));
    }
    for r in view.rows.iter().filter(|r| !r.dropped.is_empty()) {
        let named: Vec<&str> = r.dropped.iter().take(DROPPED_ROWS).map(String::as_str).collect();
        let more = r.dropped.len().saturating_sub(DROPPED_ROWS);
        let tail = if more > 0 { format!(" … {more} more: see plans.json") } else { String::new() };
        out.push_str(&format!("第{}年 year {} 因单位整合不再安排 dropped (unit merged): {}{tail}\n", r.year, r.year, named.join("，")));
    }
    out.push('\n');
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{DecisionCounts, DonorCount, RequestCount, RequestRange};
    use crate::model::tests::fixture;

    /// 25 requests of one unit and one pool, for listings that must be cut.
    fn many_requests() -> (crate::domain::Scenario, Policy) {
        let ids: Vec<String> = (0..25).map(|i| format!("R{i:02}")).collect();
        let requests: Vec<(&str, &str, i64, &str, i64)> = ids.iter().map(|id| (id.as_str(), "U1", 2, "key", 0)).collect();
        fixture("", &[("U1", "P", "教育", "active", false)], &[("U1", 10, 10)], &[("POOL-MUNI", 4, "*", 0)], &requests)
    }

    #[test]
    fn the_decisions_block_counts_every_standing_and_lists_only_the_first_optional_requests() {
        let (s, p) = many_requests();
        // Over 3 plans: R00–R02 in every plan, R03–R22 in some, R23–R24 in none.
        let funded = |i: usize| if i < 3 { 3 } else if i < 23 { 1 + i % 2 } else { 0 };
        let counts = DecisionCounts {
            plans: 3,
            requests: s.requests.iter().enumerate().map(|(i, r)| RequestCount { request: r.id.clone(), funded: funded(i) }).collect(),
            donors: vec![DonorCount { unit: "U1".into(), gives: 2 }],
            merges: Vec::new(),
        };
        let text = decisions_block(&counts, &[], &s, &p);
        let requests_row = text.lines().find(|l| l.contains("需求 requests")).expect("a requests row");
        let cells: Vec<&str> = requests_row.split('┆').map(|c| c.trim_matches(|ch: char| ch == '│' || ch.is_whitespace())).collect();
        assert_eq!(cells, ["需求 requests", "3", "20", "2"], "{text}");
        assert!(text.contains("可选需求 requests in some plans: 20 项"), "{text}");
        let listed: Vec<&str> = text.lines().filter(|l| l.starts_with("  R")).collect();
        assert_eq!(listed.len(), CHOICE_ROWS, "{text}");
        assert!(listed[0].starts_with("  R03 单位U1 保重点 申请 2：2/3 个方案"), "{}", listed[0]);
        assert!(text.contains("  … 10 more: see plans.json"), "{text}");
        assert!(!text.contains("R13"), "the 11th optional request is not listed");
        // One donor in 2 of 3 plans is listed; no merge candidate leaves that list out.
        assert!(text.contains("可选收回单位 donor units in some plans: 1 个\n  U1 单位U1：2/3 个方案"), "{text}");
        assert!(!text.contains("可选整合单位"), "{text}");
    }

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
    fn the_ranges_block_counts_standings_and_shows_the_widest_ranges_first_then_cuts() {
        let (s, p) = many_requests();
        let ranges: Vec<RequestRange> = s
            .requests
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let (min, max) = match i {
                    0 => (2, 2),
                    1 => (0, 0),
                    _ => (i as i64 % 2, (i as i64 % 2) + (i as i64 % 7)),
                };
                RequestRange { request: r.id.clone(), amount: 2, min, max, status: if i == 5 { "time_limit".into() } else { "optimal".into() } }
            })
            .collect();
        let text = ranges_block(&ranges, &s, &p);
        let always = ranges.iter().filter(|r| r.min > 0).count();
        let never = ranges.iter().filter(|r| r.max == 0).count();
        assert!(
            text.starts_with(&format!(
                "调剂区间 ranges within ε: 25 项需求 requests；每个近优方案都调剂 funded in every near-optimal plan {always}，可调 in some {}，都不调剂 in none {never}；1 项区间未证明",
                25 - always - never
            )),
            "{text}"
        );
        let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("│ R")).collect();
        assert_eq!(rows.len(), RANGE_ROWS, "{text}");
        // Widest first (max − min = 6 for i % 7 == 6), the smaller id on a tie.
        assert!(rows[0].starts_with("│ R06"), "{}", rows[0]);
        assert!(rows[1].starts_with("│ R13"), "{}", rows[1]);
        assert!(text.ends_with("… 15 more: see plans.json\n"), "{text}");
        assert!(text.contains("是 yes"), "requests funded in every near-optimal plan are marked");
    }
}
