//! The report's content as data: what a leader reads about a set of ranked plans, in
//! one language, computed once from the scenario, the policy and plans.json. The HTML
//! page, the workbook and the Markdown summary all render this, so they say the same
//! thing in the same words; its parts (moves, the comparison of plans, the years, the
//! ledger) are built by the view files below it, which `diff` and the terminal share.
//! No IO, no markup.

use super::choices::{choices_view, comparison_sentence, diverse_view, ranges_view, ChoicesView, Distance, DiverseView, RangesView};
use super::ledger_view::{ledger_view, LedgerView};
use super::moves_view::{move_groups, unit_name, MoveGroup};
use super::years_view::{years_view, YearsView};
use crate::analyze::{stocktake, Stocktake};
use crate::domain::{Move, Plan, PlansDoc, Scenario};
use crate::explain::{alternative_differences, Alternative, PlanState};
use crate::plan::Pattern;
use crate::policy::Policy;
use crate::text::{
    gap_text, joined, labels, pct, reclaim_concentration, render_difference, render_why_not, returns_sentence, tier_text, type_text,
    HeadlineFigures, Labels, Lang,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// How a figure is shown: a count, or a share shown as a percentage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Figure {
    Count,
    Share,
}

/// One row of the cover's comparison: a metric and its value in each plan.
#[derive(Clone, Debug, Serialize)]
pub struct KpiRow {
    /// Stable key (`objective`, `fulfilled.key`, `rate.key`, `pool.POOL-MUNI`, …).
    pub key: String,
    pub label: String,
    pub figure: Figure,
    /// One value per plan, as numbers (the workbook stores these).
    pub values: Vec<f64>,
    /// The same values as text (`87.3%`, `1,234` is not used: plain digits).
    pub cells: Vec<String>,
}

/// One bar pair of a chart: a label and two values (before/after, asked/granted).
#[derive(Clone, Debug, Serialize)]
pub struct Bar {
    pub label: String,
    pub a: i64,
    pub b: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct RequestRow {
    pub request: String,
    pub unit: String,
    pub unit_name: String,
    pub ty: String,
    pub tier: String,
    pub amount: i64,
    pub granted: i64,
    /// The stated reason of the request.
    pub stated: String,
    /// Empty when granted in full.
    pub why_not: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct UnitRow {
    pub unit: String,
    pub unit_name: String,
    pub sector: String,
    pub ty: String,
    pub quota_before: i64,
    pub quota_after: i64,
    pub staff_before: i64,
    pub staff_after: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct PoolRow {
    pub pool: String,
    pub name: String,
    pub ty: String,
    pub before: i64,
    pub after: i64,
    pub reserve: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct PlanView {
    pub rank: usize,
    pub objective: f64,
    /// Set when this plan is short of proof (its own status, and relative gap in %).
    pub status: Option<String>,
    pub gap_percent: Option<f64>,
    /// (plan 1's objective − this plan's) / |plan 1's|, and as text (`1.9%`, `0%`).
    pub gap_to_best: f64,
    pub gap_text: String,
    /// Decisions set apart from each earlier plan (empty for plan 1).
    pub distances: Vec<Distance>,
    /// Set when the distance-maximising solve stopped at a limit: the bound it proved.
    pub distance_bound: Option<usize>,
    pub headline: String,
    pub pool_bars: Vec<Bar>,
    /// asked (a) and granted (b) per tier, highest weight first.
    pub tier_bars: Vec<Bar>,
    pub sector_bars: Vec<Bar>,
    /// return, grant, reclaim, merge, absorb; empty groups left out.
    pub groups: Vec<MoveGroup>,
    pub moves: usize,
    /// Requests not granted in full, highest tier weight first, then largest shortfall.
    pub shortfalls: Vec<RequestRow>,
    /// Every request, in the scenario's order.
    pub requests: Vec<RequestRow>,
    pub differences: Vec<String>,
    pub units: Vec<UnitRow>,
    pub pools: Vec<PoolRow>,
}

/// Everything a report shows.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The language of every word below (templates read `t.lang`).
    #[serde(skip)]
    pub lang: Lang,
    pub t: &'static Labels,
    pub scenario: String,
    pub as_of: String,
    pub input_digest: String,
    pub model: String,
    pub model_title: String,
    pub model_digest: String,
    pub solver_status: String,
    pub n_units: usize,
    pub n_requests: usize,
    pub kpis: Vec<KpiRow>,
    pub plans: Vec<PlanView>,
    pub stocktake: Stocktake,
    /// The stock-take's revolving-grant ledger, laid out, when the scenario has one.
    pub ledger: Option<LedgerView>,
    /// Each type's text in the report's language (the stock-take is keyed by type).
    pub type_labels: BTreeMap<String, String>,
    /// Every decision grouped 必选 / 可选 / 不选 over the plans.
    pub choices: ChoicesView,
    /// With `--ranges`: each request's least and most grant within ε.
    pub ranges: Option<RangesView>,
    /// With `--diverse`: ε and the objective floor.
    pub diverse: Option<DiverseView>,
    /// With `--years`: the plan year by year (year 1 is plan 1).
    pub years: Option<YearsView>,
}

/// A written plan's §6 pattern (`plan::pattern_of`).
pub fn plan_pattern(plan: &Plan) -> Pattern {
    crate::plan::pattern_of(plan)
}

/// The order requests not granted in full are listed in, wherever they are: highest
/// tier weight first, then the largest shortfall, then the request id. Each side is
/// (tier weight, shortfall, request id).
pub(super) fn shortfall_order(a: (f64, i64, &str), b: (f64, i64, &str)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2))
}

/// Tiers, highest weight first, then key.
pub fn tiers_by_weight(p: &Policy) -> Vec<(&String, &crate::policy::Tier)> {
    let mut tiers: Vec<_> = p.tiers.iter().collect();
    tiers.sort_by(|a, b| b.1.weight.total_cmp(&a.1.weight).then(a.0.cmp(b.0)));
    tiers
}

fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x:.2}")
    }
}

/// The view of one plan. `plan1` is plan 1 (for what distinguishes this plan from it).
/// `s` is the scenario as given, `opened` the state the plan started from
/// (`horizon::ledger::opening` for year 1: the ledger's returns made, year 1's requests
/// only). Requests, why-nots, the comparison with plan 1 and every move but a return
/// are read on `opened`, as plans.json's words were made; returns and the quota
/// before the plan (the sector chart) on `s`, since the plan's lines and pools are
/// restated on the input.
pub fn plan_view(s: &Scenario, opened: &Scenario, p: &Policy, plan: &Plan, plan1: Option<&Plan>, lang: Lang) -> PlanView {
    let t = labels(lang);
    let state = PlanState::of(plan);
    // Plans 2…K are read against plan 1 (a request left out for an equivalent one names
    // it), in the same words as plans.json.
    let against = plan1.filter(|_| plan.rank != 1).map(|first| Alternative::of(opened, first, plan));
    // Requests, with why-not for those short.
    let granted: BTreeMap<&str, (i64, i64)> =
        plan.requests.iter().map(|r| (r.request.as_str(), (r.amount, r.granted))).collect();
    let requests: Vec<RequestRow> = opened
        .requests
        .iter()
        .map(|r| {
            let (amount, got) = granted.get(r.id.as_str()).copied().unwrap_or((r.amount, 0));
            let why_not = match (&against, got < amount) {
                (_, false) => String::new(),
                (Some(alt), true) => render_why_not(opened, p, &alt.why_not(opened, p, r, got), lang),
                (None, true) => render_why_not(opened, p, &state.why_not(opened, p, r, got), lang),
            };
            RequestRow {
                request: r.id.clone(),
                unit: r.unit.clone(),
                unit_name: unit_name(s, &r.unit),
                ty: type_text(p, &r.ty, lang),
                tier: tier_text(p, &r.tier, lang),
                amount,
                granted: got,
                stated: r.reason.clone(),
                why_not,
            }
        })
        .collect();
    let weight = |id: &str| s.request(id).map(|r| p.tier_weight(&r.tier)).unwrap_or(0.0);
    let mut shortfalls: Vec<RequestRow> = requests.iter().filter(|r| r.granted < r.amount).cloned().collect();
    shortfalls.sort_by(|a, b| {
        shortfall_order((weight(&a.request), a.amount - a.granted, &a.request), (weight(&b.request), b.amount - b.granted, &b.request))
    });

    let groups = move_groups(s, opened, p, plan, t, lang);

    let tier_bars: Vec<Bar> = tiers_by_weight(p)
        .into_iter()
        .map(|(key, _)| {
            let (mut asked, mut got) = (0, 0);
            for r in &plan.requests {
                if s.request(&r.request).is_some_and(|q| &q.tier == key) {
                    asked += r.amount;
                    got += r.granted;
                }
            }
            Bar { label: tier_text(p, key, lang), a: asked, b: got }
        })
        .collect();

    let pools: Vec<PoolRow> = plan
        .pools
        .iter()
        .map(|pc| PoolRow {
            pool: pc.pool.clone(),
            name: s.pool(&pc.pool).map(|x| x.name.clone()).unwrap_or_default(),
            ty: s.pool(&pc.pool).map(|x| type_text(p, &x.ty, lang)).unwrap_or_default(),
            before: pc.before,
            after: pc.after,
            reserve: p.reserve_of(&pc.pool),
        })
        .collect();
    let pool_bars = chart_pools(&pools);
    let sector_bars = sector_quota(s, plan);

    let units: Vec<UnitRow> = plan
        .units
        .iter()
        .map(|u| UnitRow {
            unit: u.unit.clone(),
            unit_name: unit_name(s, &u.unit),
            sector: s.unit(&u.unit).map(|x| x.sector.clone()).unwrap_or_default(),
            ty: type_text(p, &u.ty, lang),
            quota_before: u.quota_before,
            quota_after: u.quota_after,
            staff_before: u.staff_before,
            staff_after: u.staff_after,
        })
        .collect();

    // What plans.json's `differences` say: a tie first, then the pattern's differences
    // (what makes it a distinct plan), then absorbs.
    let differences = match plan1 {
        Some(first) if plan.rank != 1 => {
            alternative_differences(opened, first, plan).iter().map(|d| render_difference(opened, d, lang)).collect()
        }
        _ => Vec::new(),
    };
    let mut headline = headline(plan, &requests, lang);
    if let Some(note) = returns(plan, lang) {
        headline.push_str(&note);
    }
    if let Some(note) = concentration(s, plan, lang) {
        headline.push_str(&note);
    }
    if plan.rank > 1 {
        headline.push_str(&comparison_sentence(plan, lang));
    }
    PlanView {
        rank: plan.rank,
        objective: plan.objective,
        status: plan.status.clone(),
        gap_percent: plan.gap.map(|g| g * 100.0),
        gap_to_best: plan.objective_gap_to_best,
        gap_text: gap_text(plan.objective_gap_to_best),
        distances: plan.distance.iter().enumerate().map(|(i, &n)| Distance { plan: i + 1, n }).collect(),
        distance_bound: plan.distance_bound,
        headline,
        pool_bars,
        tier_bars,
        sector_bars,
        moves: plan.moves.len(),
        groups,
        shortfalls,
        requests,
        differences,
        units,
        pools,
    }
}

/// Pools for the chart: all of them up to 12; above that the 12 with the largest change
/// (a province has thousands of pools; the workbook lists them all).
const CHART_BARS: usize = 12;

fn chart_pools(pools: &[PoolRow]) -> Vec<Bar> {
    let mut shown: Vec<&PoolRow> = pools.iter().collect();
    if shown.len() > CHART_BARS {
        shown.sort_by(|a, b| (b.after - b.before).abs().cmp(&(a.after - a.before).abs()).then(a.pool.cmp(&b.pool)));
        shown.truncate(CHART_BARS);
    }
    shown.iter().map(|r| Bar { label: if r.name.is_empty() { r.pool.clone() } else { r.name.clone() }, a: r.before, b: r.after }).collect()
}

/// Quota per sector before and after the plan (all types together); above 12 sectors,
/// the 12 largest before.
fn sector_quota(s: &Scenario, plan: &Plan) -> Vec<Bar> {
    let mut sectors: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for u in &s.units {
        let quota = s.total_quota(&u.id);
        let e = sectors.entry(u.sector.as_str()).or_default();
        e.0 += quota;
        e.1 += quota;
    }
    for u in &plan.units {
        let sec = s.unit(&u.unit).map(|x| x.sector.as_str()).unwrap_or("");
        sectors.entry(sec).or_default().1 += u.quota_after - u.quota_before;
    }
    let mut bars: Vec<Bar> = sectors.into_iter().map(|(k, (a, b))| Bar { label: k.to_string(), a, b }).collect();
    if bars.len() > CHART_BARS {
        bars.sort_by(|x, y| y.a.cmp(&x.a).then(x.label.cmp(&y.label)));
        bars.truncate(CHART_BARS);
    }
    bars
}

fn headline(plan: &Plan, requests: &[RequestRow], lang: Lang) -> String {
    let term = |k: &str| plan.terms.get(k).copied().unwrap_or(0);
    let figures = HeadlineFigures {
        granted: requests.iter().map(|r| r.granted).sum(),
        asked: requests.iter().map(|r| r.amount).sum(),
        funded: requests.iter().filter(|r| r.granted > 0).count(),
        requests: requests.len(),
        reclaimed: term("reclaimed"),
        donor_units: term("donor_units"),
        merges: term("merges"),
        released: term("released"),
        absorbed: term("absorbed"),
    };
    crate::text::headline(&figures, lang)
}

/// The ledger's returns in one sentence, when the plan makes any: they are not decisions
/// but they change what the pools hold, so a leader reads them with the figures.
fn returns(plan: &Plan, lang: Lang) -> Option<String> {
    let (mut n, mut amount) = (0, 0);
    for m in &plan.moves {
        if let Move::Return { amount: a, .. } = m {
            n += 1;
            amount += a;
        }
    }
    (n > 0).then(|| returns_sentence(n, amount, lang))
}

/// A donor giving more than this share of all reclaimed quota is named in the headline.
const CONCENTRATED: f64 = 0.5;
/// ... when at least this much is reclaimed in all.
const MIN_CONCENTRATED_TOTAL: i64 = 10;

/// When most reclaimed quota comes from one unit (the objective rewards few donors),
/// the headline says so plainly, so a leader sees it before asking.
fn concentration(s: &Scenario, plan: &Plan, lang: Lang) -> Option<String> {
    let mut by_unit: BTreeMap<&str, i64> = BTreeMap::new();
    for m in &plan.moves {
        if let Move::Reclaim { from, amount, .. } = m {
            *by_unit.entry(from.as_str()).or_default() += amount;
        }
    }
    let total: i64 = by_unit.values().sum();
    // Largest first; the smaller id on a tie.
    let (unit, most) = by_unit.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
    let share = *most as f64 / total as f64;
    // A handful of posts from one unit is not worth a sentence.
    if total < MIN_CONCENTRATED_TOTAL || share <= CONCENTRATED {
        return None;
    }
    let name = s.unit(unit).map(|u| u.name.as_str()).unwrap_or(unit);
    Some(reclaim_concentration(name, unit, *most, share, lang))
}

fn kpi(key: String, label: String, figure: Figure, values: Vec<f64>) -> KpiRow {
    let cells = values
        .iter()
        .map(|v| match figure {
            Figure::Count => number(*v),
            Figure::Share => {
                if v.is_nan() {
                    "-".into()
                } else {
                    pct(*v)
                }
            }
        })
        .collect();
    KpiRow { key, label, figure, values, cells }
}

/// The cover's comparison: objective, per tier amount granted and rate, requests funded,
/// the terms, and each pool's balance after (at most 12 pools: the workbook has them all).
fn kpis(s: &Scenario, p: &Policy, doc: &PlansDoc, lang: Lang) -> Vec<KpiRow> {
    let t = labels(lang);
    let mut rows = vec![kpi("objective".into(), t.objective.into(), Figure::Count, doc.plans.iter().map(|pl| pl.objective).collect())];
    let tier_of: BTreeMap<&str, &str> = s.requests.iter().map(|r| (r.id.as_str(), r.tier.as_str())).collect();
    for (key, _) in tiers_by_weight(p) {
        let mut granted = Vec::new();
        let mut rate = Vec::new();
        for pl in &doc.plans {
            let (mut a, mut g) = (0, 0);
            for r in pl.requests.iter().filter(|r| tier_of.get(r.request.as_str()) == Some(&key.as_str())) {
                a += r.amount;
                g += r.granted;
            }
            granted.push(g as f64);
            rate.push(if a > 0 { g as f64 / a as f64 } else { f64::NAN });
        }
        let tier = tier_text(p, key, lang);
        rows.push(kpi(format!("fulfilled.{key}"), joined(&tier, t.funded, lang), Figure::Count, granted));
        rows.push(kpi(format!("rate.{key}"), joined(&tier, t.rate, lang), Figure::Share, rate));
    }
    rows.push(kpi(
        "requests_funded".into(),
        t.requests_funded.into(),
        Figure::Count,
        doc.plans.iter().map(|pl| pl.requests.iter().filter(|r| r.granted > 0).count() as f64).collect(),
    ));
    for (key, label) in [
        ("reclaimed", t.reclaimed),
        ("donor_units", t.donor_units),
        ("merges", t.merges),
        ("released", t.released),
        ("absorbed", t.absorbed),
        ("staff_moved", t.staff_moved),
    ] {
        rows.push(kpi(key.into(), label.into(), Figure::Count, doc.plans.iter().map(|pl| pl.terms.get(key).copied().unwrap_or(0) as f64).collect()));
    }
    // Alternatives side by side: how far below plan 1 each is, and how different.
    if doc.plans.len() > 1 {
        let mut gap = kpi("gap_to_best".into(), t.gap_to_best.into(), Figure::Share, doc.plans.iter().map(|pl| pl.objective_gap_to_best).collect());
        gap.cells = doc.plans.iter().map(|pl| gap_text(pl.objective_gap_to_best)).collect();
        rows.push(gap);
        let to_plan1 = doc.plans.iter().map(|pl| pl.distance.first().copied().unwrap_or(0) as f64).collect();
        rows.push(kpi("distance.1".into(), t.distance_to_plan1.into(), Figure::Count, to_plan1));
    }
    // Pools: all up to 12, else the 12 that change most in any plan (|after − before|).
    let changes: Vec<BTreeMap<&str, &crate::domain::PoolChange>> =
        doc.plans.iter().map(|pl| pl.pools.iter().map(|pc| (pc.pool.as_str(), pc)).collect()).collect();
    let mut pool_ids: Vec<&str> = s.pools.iter().map(|pl| pl.id.as_str()).collect();
    if pool_ids.len() > CHART_BARS {
        let spread = |id: &str| changes.iter().filter_map(|c| c.get(id)).map(|pc| (pc.after - pc.before).abs()).max().unwrap_or(0);
        let mut scored: Vec<(i64, &str)> = pool_ids.iter().map(|id| (spread(id), *id)).collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        pool_ids = scored.into_iter().take(CHART_BARS).map(|(_, id)| id).collect();
    }
    for id in pool_ids {
        let name = s.pool(id).map(|pl| pl.name.as_str()).unwrap_or(id);
        let label = joined(name, t.pool_after, lang);
        let values = changes.iter().map(|c| c.get(id).map(|pc| pc.after as f64).unwrap_or(f64::NAN)).collect();
        rows.push(kpi(format!("pool.{id}"), label, Figure::Count, values));
    }
    rows
}

/// The report of a document, which the caller has checked against `s` and `p`.
pub fn build_report(s: &Scenario, p: &Policy, doc: &PlansDoc, lang: Lang) -> Report {
    // The state the plans started from: the ledger's returns at `as_of` made, year 1's
    // requests only (the scenario itself without a ledger or later years).
    let open = crate::horizon::ledger::opening(s, p, 1);
    let opened = &open.scenario;
    let st = stocktake(s, p);
    Report {
        lang,
        t: labels(lang),
        scenario: doc.scenario.name.clone(),
        as_of: s.as_of.clone(),
        input_digest: doc.scenario.input_digest.clone(),
        model: doc.model.name.clone(),
        model_title: p.title.clone(),
        model_digest: doc.model.digest.clone(),
        solver_status: doc.solver.status.clone(),
        n_units: s.units.len(),
        n_requests: s.requests.len(),
        kpis: kpis(s, p, doc, lang),
        plans: doc.plans.iter().map(|pl| plan_view(s, opened, p, pl, doc.plans.first(), lang)).collect(),
        ledger: st.ledger.as_ref().map(|l| ledger_view(l, p, lang)),
        stocktake: st,
        type_labels: p.types.keys().map(|k| (k.clone(), type_text(p, k, lang))).collect(),
        choices: choices_view(opened, p, doc, lang),
        years: doc.years.as_deref().map(|y| years_view(s, p, y, lang, true)),
        ranges: doc.ranges.as_deref().map(|r| ranges_view(s, p, r, lang)),
        diverse: diverse_view(doc),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::short_and_overstaffed;
    use crate::search::solve_ranked;
    use crate::solve::SolveOptions;

    #[test]
    fn the_view_of_a_plan_carries_moves_with_reasons_and_shortfalls_with_why_not() {
        let (s, p) = short_and_overstaffed();
        let ranked = solve_ranked(&s, &p, 1, &SolveOptions::default()).expect("solves");
        let r = build_report(&s, &p, &ranked.doc, Lang::Zh);
        assert_eq!(r.plans.len(), 1);
        let v = &r.plans[0];
        let grants = v.groups.iter().find(|g| g.kind == "grant").expect("a grant group");
        assert_eq!(grants.total, 3);
        assert_eq!(grants.rows[0].reason, "保重点：申请5名，从池POOL-MUNI调剂3名");
        assert_eq!(v.shortfalls.iter().map(|r| r.request.as_str()).collect::<Vec<_>>(), ["R1", "R2"]);
        assert_eq!(v.shortfalls[1].why_not, "单位事业编制超编2名，只出不进 (overstaffed units only give)");
        // Chinese reasons in the view are the ones plans.json carries.
        let json_reasons: Vec<&str> = ranked.doc.plans[0].moves.iter().map(|m| match m {
            Move::Grant { reason, .. } | Move::Reclaim { reason, .. } | Move::Merge { reason, .. } | Move::Absorb { reason, .. } | Move::Return { reason, .. } => reason.as_str(),
        }).collect();
        let view_reasons: Vec<&str> = v.groups.iter().flat_map(|g| g.rows.iter().map(|r| r.reason.as_str())).collect();
        assert_eq!(json_reasons.len(), view_reasons.len());
        for reason in json_reasons {
            assert!(view_reasons.contains(&reason), "{reason}");
        }
        let objective = r.kpis.iter().find(|k| k.key == "objective").expect("objective row");
        assert_eq!(objective.values, vec![ranked.doc.plans[0].objective]);
        let rate = r.kpis.iter().find(|k| k.key == "rate.key").expect("rate row");
        assert_eq!(rate.cells, vec!["42.9%"], "3 of 7 asked");
        let en = build_report(&s, &p, &ranked.doc, Lang::En);
        assert_eq!(en.plans[0].shortfalls[1].why_not, "the unit is 2 over its institution quota: overstaffed units only give");
        assert!(en.plans[0].headline.starts_with("3 posts granted of 7 asked"), "{}", en.plans[0].headline);
    }

    /// Every reason and why-not of the view, in Chinese, against plans.json's.
    fn assert_words_of_plans_json(view: &PlanView, plan: &Plan) {
        let json: Vec<&str> = plan.moves.iter().map(|m| match m {
            Move::Grant { reason, .. } | Move::Reclaim { reason, .. } | Move::Merge { reason, .. } | Move::Absorb { reason, .. } | Move::Return { reason, .. } => reason.as_str(),
        }).collect();
        let mut shown: Vec<&str> = view.groups.iter().flat_map(|g| g.rows.iter().map(|r| r.reason.as_str())).collect();
        let mut json_sorted = json.clone();
        json_sorted.sort_unstable();
        shown.sort_unstable();
        assert_eq!(shown, json_sorted, "plan {}", plan.rank);
        for out in &plan.requests {
            let row = view.requests.iter().find(|r| r.request == out.request).expect("every request of the plan is listed");
            assert_eq!(row.why_not, out.why_not.clone().unwrap_or_default(), "{}", out.request);
        }
        assert_eq!(view.requests.len(), plan.requests.len(), "the plan's requests, no others");
    }

    #[test]
    fn with_a_ledger_moves_and_why_nots_are_read_on_the_state_the_plan_started_from() {
        let (s, p) = crate::analyze::tests::with_ledger();
        let ranked = solve_ranked(&s, &p, 2, &SolveOptions::default()).expect("solves");
        let r = build_report(&s, &p, &ranked.doc, Lang::Zh);
        for (view, plan) in r.plans.iter().zip(&ranked.doc.plans) {
            assert_words_of_plans_json(view, plan);
        }
        let v = &r.plans[0];
        assert_eq!(v.groups[0].kind, "return", "the ledger's returns come first");
        let returns: Vec<(&str, i64)> = v.groups[0].rows.iter().map(|m| (m.grant.as_str(), m.amount)).collect();
        assert_eq!(returns, [("G1", 3), ("G2", 3), ("G4", 2)]);
        assert!(v.groups[0].rows.iter().all(|m| m.request.is_empty()), "a return funds no request");
        // U1 holds its quota on the input; once G1 returns it is 3 over and only gives.
        let r1 = v.requests.iter().find(|q| q.request == "R1").expect("R1");
        assert!(r1.why_not.contains("超编3名"), "{}", r1.why_not);
        // U5 has 5 vacant on the input, 3 once G4's unused 2 return.
        let reclaim = v.groups.iter().find(|g| g.kind == "reclaim").expect("a reclaim").rows.iter().find(|m| m.from == "U5").expect("from U5");
        assert!(reclaim.reason.starts_with("事业编制空编3名"), "{}", reclaim.reason);
        assert!(v.headline.contains("周转编制到期收回8名（3笔）"), "{}", v.headline);
        // The sector chart starts from the quota as given.
        assert_eq!(v.sector_bars[0].a, s.lines.iter().map(|l| l.quota).sum::<i64>());
        let en = build_report(&s, &p, &ranked.doc, Lang::En);
        assert!(en.plans[0].groups[0].rows[0].reason.contains("has passed its 24-month term"), "{}", en.plans[0].groups[0].rows[0].reason);
    }
}
