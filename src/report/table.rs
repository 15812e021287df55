//! Terminal tables, and the ranked plans as `solve` prints them. comfy-table measures
//! display width, so Chinese text lines up; content arrangement is fixed so output does
//! not depend on the terminal. The words are `text::terminal`'s.

use super::choices::{decision_counts_of, named_distances, ranges_view, Distance, InPlans};
use super::view::{shortfall_order, tiers_by_weight};
use super::years_view::years_view;
use crate::domain::{Choice, DecisionCounts, Move, Plan, PlansDoc, PoolChange, RequestCount, RequestOutcome, RequestRange, Scenario, YearPlan};
use crate::policy::Policy;
use crate::text::{gap_text, pct, ranks_text, terminal as words, Lang};
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
pub fn render_plans(doc: &PlansDoc, s: &Scenario, policy: &Policy) -> String {
    let mut out = String::new();
    out.push_str(&words::plans_heading(&doc.scenario.name, &doc.model.name, &doc.solver.status, doc.solver.gap, doc.solver.seconds, doc.plans.len()));
    if let Some(d) = &doc.diverse {
        out.push_str(&words::diverse_line(&pct(d.eps), d.objective_floor));
    }
    let weight = |req: &str| s.request(req).and_then(|q| policy.tiers.get(&q.tier)).map(|t| t.weight).unwrap_or(0.0);
    for plan in &doc.plans {
        out.push_str(&plan_heading(plan));
        if let Some(status) = &plan.status {
            out.push_str(&words::unproven_line(status, plan.gap.unwrap_or(1.0)));
        }
        for d in plan.differences.iter().take(DIFFERENCE_ROWS) {
            out.push_str(&format!("  · {d}\n"));
        }
        if plan.differences.len() > DIFFERENCE_ROWS {
            out.push_str(&words::more_differences(plan.differences.len() - DIFFERENCE_ROWS));
        }
        let mut t = new_table(&words::TIER_HEADER);
        for (key, tier) in tiers_by_weight(policy) {
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
        out.push_str(&words::terms_line(&words::Terms {
            reclaimed: term("reclaimed"),
            donor_units: term("donor_units"),
            merges: term("merges"),
            released: term("released"),
            absorbed: term("absorbed"),
            staff_moved: term("staff_moved"),
        }));
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
        let counts = decision_counts_of(doc, &open.scenario, policy);
        out.push_str(&decisions_block(&counts, &doc.plans, s, policy));
    }
    if let Some(ranges) = &doc.ranges {
        out.push_str(&ranges_block(ranges, s, policy));
    }
    out
}

/// "方案 2 plan 2 — 目标值 objective X，距最优 gap 1.9%，与方案1相差 159 项 decisions": plans
/// 2…K say how far below plan 1 they are and how far from the plans before them.
fn plan_heading(plan: &Plan) -> String {
    let mut out = words::plan_heading(plan.rank, plan.objective);
    if plan.rank > 1 {
        out.push_str(&words::gap_clause(&gap_text(plan.objective_gap_to_best)));
        let distances: Vec<Distance> = plan.distance.iter().enumerate().map(|(i, &n)| Distance { plan: i + 1, n }).collect();
        let named = named_distances(&distances);
        if !named.is_empty() {
            let nearest_only = named.len() < distances.len();
            let named: Vec<(usize, usize)> = named.iter().map(|d| (d.plan, d.n)).collect();
            out.push_str(&words::distances_clause(&named, nearest_only));
        }
    }
    out.push('\n');
    if let Some(bound) = plan.distance_bound {
        out.push_str(&words::distance_bound_line(bound));
    }
    out
}

/// "决策汇总 decisions": how many requests, donor units and merged units are 必选 (in
/// every plan), 可选 (in some) and 不选 (in none), then the 可选 ones listed, the first
/// `CHOICE_ROWS` of each kind (requests highest tier first), with the plans they are in.
fn decisions_block(counts: &DecisionCounts, plans: &[Plan], s: &Scenario, policy: &Policy) -> String {
    let n = counts.plans;
    let in_plans = InPlans::of(plans);
    let mut out = words::decisions_heading(n);
    let mut t = new_table(&words::DECISIONS_HEADER);
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
    t.add_row(row(words::DECISION_REQUESTS, &mut counts.requests.iter().map(|r| r.funded)));
    t.add_row(row(words::DECISION_DONORS, &mut counts.donors.iter().map(|d| d.gives)));
    t.add_row(row(words::DECISION_MERGES, &mut counts.merges.iter().map(|m| m.merges)));
    right_align(&mut t, 1);
    out.push_str(&format!("{t}\n"));

    let ranks = |map: &std::collections::BTreeMap<&str, Vec<usize>>, id: &str| map.get(id).map(|r| ranks_text(r, Lang::Zh)).unwrap_or_default();
    let weight = |id: &str| s.request(id).map(|r| policy.tier_weight(&r.tier)).unwrap_or(0.0);
    let mut some: Vec<&RequestCount> = counts.requests.iter().filter(|r| Choice::of(r.funded, n) == Choice::Some).collect();
    some.sort_by(|a, b| weight(&b.request).total_cmp(&weight(&a.request)).then(a.request.cmp(&b.request)));
    let lines: Vec<String> = some
        .iter()
        .map(|rc| {
            let req = s.request(&rc.request);
            let unit = req.map(|r| r.unit.as_str()).unwrap_or("");
            let name = s.unit(unit).map(|u| u.name.as_str()).unwrap_or("");
            let tier = req.map(|r| policy.tier_label(&r.tier)).unwrap_or("");
            let amount = req.map(|r| r.amount).unwrap_or(0);
            words::optional_request_line(&rc.request, name, tier, amount, rc.funded, n, &ranks(&in_plans.funded, &rc.request))
        })
        .collect();
    out.push_str(&bounded_list(words::OPTIONAL_REQUESTS, words::REQUEST_MEASURE, &lines, CHOICE_ROWS));
    for (title, units, map) in [
        (words::OPTIONAL_DONORS, counts.donors.iter().map(|d| (d.unit.as_str(), d.gives)).collect::<Vec<_>>(), &in_plans.gives),
        (words::OPTIONAL_MERGES, counts.merges.iter().map(|m| (m.unit.as_str(), m.merges)).collect(), &in_plans.merges),
    ] {
        let lines: Vec<String> = units
            .iter()
            .filter(|(_, c)| Choice::of(*c, n) == Choice::Some)
            .map(|(u, c)| {
                let name = s.unit(u).map(|x| x.name.as_str()).unwrap_or("");
                words::optional_unit_line(u, name, *c, n, &ranks(map, u))
            })
            .collect();
        // Ranked plans often share every donor and merge: an empty list is left out.
        if !lines.is_empty() {
            out.push_str(&bounded_list(title, words::UNIT_MEASURE, &lines, CHOICE_ROWS));
        }
    }
    out.push('\n');
    out
}

/// "TITLE: N 项" then the first `max` lines indented, then "… N more: see plans.json".
fn bounded_list(title: &str, measure: &str, lines: &[String], max: usize) -> String {
    if lines.is_empty() {
        return words::empty_list(title);
    }
    let mut out = words::list_heading(title, lines.len(), measure);
    for line in lines.iter().take(max) {
        out.push_str(&format!("  {line}\n"));
    }
    if lines.len() > max {
        out.push_str(&format!("  {}\n", words::more_in_plans_json(lines.len() - max)));
    }
    out
}

/// `--ranges`: how many requests every plan within ε funds (min > 0), some fund, none
/// fund, then the `RANGE_ROWS` widest ranges.
fn ranges_block(ranges: &[RequestRange], s: &Scenario, policy: &Policy) -> String {
    let view = ranges_view(s, policy, ranges, Lang::Zh);
    let mut out = words::ranges_heading(ranges.len(), view.always, view.some, view.never);
    if view.unproven > 0 {
        out.push_str(&words::ranges_unproven(view.unproven));
    }
    out.push('\n');
    let mut t = new_table(&words::RANGES_HEADER);
    for r in view.rows.iter().take(RANGE_ROWS) {
        t.add_row(vec![
            r.request.clone(),
            r.unit_name.clone(),
            r.tier.clone(),
            r.amount.to_string(),
            r.min.to_string(),
            r.max.to_string(),
            if r.always { words::YES.into() } else { String::new() },
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
        out.push_str(&format!("{}\n", words::more_in_plans_json(view.rows.len() - RANGE_ROWS)));
    }
    out
}

/// "调整 moves N：调剂 grant a，收回 reclaim b，…", every kind, in a fixed order; the
/// ledger's returns first when the plan makes any (a plan without a ledger reads as
/// before).
fn moves_by_kind(moves: &[Move]) -> String {
    let counts: Vec<(&str, &str, usize)> = words::MOVE_KINDS
        .iter()
        .map(|&(kind, label)| (kind, label, moves.iter().filter(|m| m.kind() == kind).count()))
        .filter(|(kind, _, n)| *kind != "return" || *n > 0)
        .collect();
    words::moves_line(moves.len(), &counts)
}

/// Requests dropped (their unit merged) named per year before "… N more".
const DROPPED_ROWS: usize = 5;

/// `--years`: one row per year (its date, retirements, the ledger's returns, granted of
/// asked, reclaimed, merges, absorbed, moves, all pools before → after), then the pools
/// year by year (all up to 12, else the 12 that move most, and "… N more"), then the
/// requests each year drops because their unit was merged.
fn years_block(years: &[YearPlan], s: &Scenario, policy: &Policy) -> String {
    let view = years_view(s, policy, years, Lang::Zh, false);
    let mut out = words::years_heading(years.len());
    let mut t = new_table(&words::YEARS_HEADER);
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
    let mut header = vec![words::POOL.to_string()];
    header.extend(view.rows.iter().map(|r| words::year_column(r.year)));
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
        out.push_str(&words::more_pools(view.pools_hidden));
    }
    for r in view.rows.iter().filter(|r| !r.dropped.is_empty()) {
        let named: Vec<&str> = r.dropped.iter().take(DROPPED_ROWS).map(String::as_str).collect();
        let more = r.dropped.len().saturating_sub(DROPPED_ROWS);
        let tail = if more > 0 { format!(" {}", words::more_in_plans_json(more)) } else { String::new() };
        out.push_str(&words::dropped_line(r.year, &named.join(words::DROPPED_SEPARATOR), &tail));
    }
    out.push('\n');
    out
}

/// The requests not granted in full: how many, then the first few (highest tier weight,
/// then largest shortfall, then id) with their why-not.
fn short_requests(requests: &[RequestOutcome], weight: &dyn Fn(&str) -> f64) -> String {
    let mut short: Vec<&RequestOutcome> = requests.iter().filter(|r| r.granted < r.amount).collect();
    if short.is_empty() {
        return words::NOTHING_SHORT.into();
    }
    short.sort_by(|a, b| shortfall_order((weight(&a.request), a.amount - a.granted, &a.request), (weight(&b.request), b.amount - b.granted, &b.request)));
    let mut out = words::short_heading(short.len());
    for r in short.iter().take(SHORT_ROWS) {
        out.push_str(&words::short_line(&r.request, r.amount, r.granted, r.why_not.as_deref().unwrap_or("-")));
    }
    if short.len() > SHORT_ROWS {
        out.push_str(&format!("  {}\n", words::more_in_plans_json(short.len() - SHORT_ROWS)));
    }
    out
}

/// Pools before → after: every pool up to `POOL_ROWS`; above that the totals and the
/// `POOL_TOP` largest changes (|after − before|, then pool id).
fn pool_table(pools: &[PoolChange], s: &Scenario, policy: &Policy) -> String {
    let mut shown: Vec<&PoolChange> = pools.iter().collect();
    let summarise = pools.len() > POOL_ROWS;
    let mut out = String::new();
    if summarise {
        let before: i64 = pools.iter().map(|pc| pc.before).sum();
        let after: i64 = pools.iter().map(|pc| pc.after).sum();
        let changed = pools.iter().filter(|pc| pc.after != pc.before).count();
        out.push_str(&words::pools_summary(pools.len(), changed, before, after, POOL_TOP));
        shown.sort_by(|a, b| (b.after - b.before).abs().cmp(&(a.after - a.before).abs()).then(a.pool.cmp(&b.pool)));
        shown.truncate(POOL_TOP);
    }
    let mut t = new_table(&words::POOL_CHANGE_HEADER);
    for pc in &shown {
        let name = s.pool(&pc.pool).map(|p| p.name.clone()).unwrap_or_default();
        t.add_row(vec![pc.pool.clone(), name, pc.before.to_string(), pc.after.to_string(), policy.reserve_of(&pc.pool).to_string()]);
    }
    right_align(&mut t, 2);
    out.push_str(&format!("{t}\n"));
    if summarise {
        out.push_str(&words::more_pools(pools.len() - shown.len()));
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
