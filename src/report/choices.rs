//! The plans compared decision by decision (DESIGN §12), as data every renderer shares:
//! each request, donor candidate and merge candidate grouped as 必选 (in every plan),
//! 可选 (in some) or 不选 (in none) with the plans it is in; each plan's objective gap to
//! plan 1 and its distance to the plans before it; and, with `--ranges`, the least and
//! most each request is granted over every plan within ε. No IO, no markup.

use super::moves_view::unit_name;
use crate::domain::{Choice, DecisionCounts, Move, Plan, PlansDoc, RequestRange, Scenario};
use crate::policy::Policy;
use crate::text::{choice_label, pct, ranks_text, tier_text, type_text, Lang};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The decision counts of a document. A plans.json written before they were recorded
/// (or edited since) has none that fit its plans: they are recomputed from the plans,
/// so an older file still shows which decisions are 必选, 可选 and 不选.
pub fn decision_counts_of<'a>(doc: &'a PlansDoc, s: &Scenario, p: &Policy) -> Cow<'a, DecisionCounts> {
    if doc.decisions.plans == doc.plans.len() {
        Cow::Borrowed(&doc.decisions)
    } else {
        Cow::Owned(crate::explain::decision_counts(s, p, &doc.plans))
    }
}

/// Which plans take each decision: the ranks of the plans that fund each request, that
/// reclaim from each unit and that merge each unit.
#[derive(Default)]
pub struct InPlans<'a> {
    pub funded: BTreeMap<&'a str, Vec<usize>>,
    pub gives: BTreeMap<&'a str, Vec<usize>>,
    pub merges: BTreeMap<&'a str, Vec<usize>>,
}

impl<'a> InPlans<'a> {
    pub fn of(plans: &'a [Plan]) -> Self {
        let mut out = InPlans::default();
        for plan in plans {
            for r in plan.requests.iter().filter(|r| r.granted > 0) {
                out.funded.entry(r.request.as_str()).or_default().push(plan.rank);
            }
            for mv in &plan.moves {
                let (map, unit) = match mv {
                    Move::Reclaim { from, amount, .. } if *amount > 0 => (&mut out.gives, from),
                    Move::Merge { from, .. } => (&mut out.merges, from),
                    _ => continue,
                };
                let ranks = map.entry(unit.as_str()).or_default();
                // A unit reclaimed on two lines is one donor of the plan.
                if ranks.last() != Some(&plan.rank) {
                    ranks.push(plan.rank);
                }
            }
        }
        out
    }
}

fn ranks(map: &BTreeMap<&str, Vec<usize>>, id: &str) -> Vec<usize> {
    map.get(id).cloned().unwrap_or_default()
}

/// A request in the comparison of plans.
#[derive(Clone, Debug, Serialize)]
pub struct RequestChoice {
    pub request: String,
    pub unit: String,
    pub unit_name: String,
    pub sector: String,
    pub tier: String,
    pub ty: String,
    pub amount: i64,
    /// In how many plans it is funded.
    pub count: usize,
    /// The ranks of those plans.
    pub plans: Vec<usize>,
    /// `plans` as text (`1、3`).
    pub plans_text: String,
}

/// A donor or merge candidate in the comparison of plans.
#[derive(Clone, Debug, Serialize)]
pub struct UnitChoice {
    pub unit: String,
    pub unit_name: String,
    pub sector: String,
    /// In how many plans it gives (donor) or is merged (merge).
    pub count: usize,
    pub plans: Vec<usize>,
    pub plans_text: String,
}

/// The decisions of one standing: `always` (必选), `some` (可选), `never` (不选).
#[derive(Clone, Debug, Serialize)]
pub struct ChoiceGroup<T> {
    pub choice: &'static str,
    pub label: &'static str,
    pub rows: Vec<T>,
}

/// Every request, donor candidate and merge candidate, each kind in three groups in the
/// order 必选, 可选, 不选 (empty groups kept, so every renderer shows the same grid).
#[derive(Clone, Debug, Serialize)]
pub struct ChoicesView {
    /// The number of plans counted over.
    pub plans: usize,
    pub requests: Vec<ChoiceGroup<RequestChoice>>,
    pub donors: Vec<ChoiceGroup<UnitChoice>>,
    pub merges: Vec<ChoiceGroup<UnitChoice>>,
}

pub const CHOICES: [Choice; 3] = [Choice::Always, Choice::Some, Choice::Never];

fn choice_key(c: Choice) -> &'static str {
    match c {
        Choice::Always => "always",
        Choice::Some => "some",
        Choice::Never => "never",
    }
}

fn grouped<T>(rows: Vec<(Choice, T)>, lang: Lang) -> Vec<ChoiceGroup<T>> {
    let mut groups: Vec<ChoiceGroup<T>> =
        CHOICES.iter().map(|&c| ChoiceGroup { choice: choice_key(c), label: choice_label(c, lang), rows: Vec::new() }).collect();
    for (c, row) in rows {
        let i = CHOICES.iter().position(|&x| x == c).unwrap_or(2);
        groups[i].rows.push(row);
    }
    groups
}

/// The comparison of a document's plans. Requests are listed highest tier weight first,
/// then by id; units by id.
pub fn choices_view(s: &Scenario, p: &Policy, doc: &PlansDoc, lang: Lang) -> ChoicesView {
    let counts = decision_counts_of(doc, s, p);
    let n = counts.plans;
    let in_plans = InPlans::of(&doc.plans);
    let mut requests: Vec<(Choice, RequestChoice)> = counts
        .requests
        .iter()
        .map(|rc| {
            let req = s.request(&rc.request);
            let plans = ranks(&in_plans.funded, &rc.request);
            let unit = req.map(|r| r.unit.clone()).unwrap_or_default();
            let row = RequestChoice {
                request: rc.request.clone(),
                unit_name: unit_name(s, &unit),
                sector: s.unit(&unit).map(|u| u.sector.clone()).unwrap_or_default(),
                unit,
                tier: req.map(|r| tier_text(p, &r.tier, lang)).unwrap_or_default(),
                ty: req.map(|r| type_text(p, &r.ty, lang)).unwrap_or_default(),
                amount: req.map(|r| r.amount).unwrap_or(0),
                count: rc.funded,
                plans_text: ranks_text(&plans, lang),
                plans,
            };
            (Choice::of(rc.funded, n), row)
        })
        .collect();
    let weight = |id: &str| s.request(id).map(|r| p.tier_weight(&r.tier)).unwrap_or(0.0);
    requests.sort_by(|a, b| weight(&b.1.request).total_cmp(&weight(&a.1.request)).then(a.1.request.cmp(&b.1.request)));
    let unit_row = |unit: &str, count: usize, map: &BTreeMap<&str, Vec<usize>>| {
        let plans = ranks(map, unit);
        let row = UnitChoice {
            unit: unit.to_string(),
            unit_name: unit_name(s, unit),
            sector: s.unit(unit).map(|u| u.sector.clone()).unwrap_or_default(),
            count,
            plans_text: ranks_text(&plans, lang),
            plans,
        };
        (Choice::of(count, n), row)
    };
    let donors = counts.donors.iter().map(|d| unit_row(&d.unit, d.gives, &in_plans.gives)).collect();
    let merges = counts.merges.iter().map(|m| unit_row(&m.unit, m.merges, &in_plans.merges)).collect();
    ChoicesView { plans: n, requests: grouped(requests, lang), donors: grouped(donors, lang), merges: grouped(merges, lang) }
}

/// One request's range over the plans within ε of plan 1.
#[derive(Clone, Debug, Serialize)]
pub struct RangeRow {
    pub request: String,
    pub unit: String,
    pub unit_name: String,
    pub tier: String,
    pub amount: i64,
    pub min: i64,
    pub max: i64,
    /// `optimal` when both ends are proven, else the status of the solve that was not.
    pub status: String,
    /// Funded in every plan within ε (min > 0).
    pub always: bool,
}

/// `--ranges`: the requests whose grant can vary first (widest range first, then id),
/// then those it cannot, with how many fall in each standing.
#[derive(Clone, Debug, Serialize)]
pub struct RangesView {
    pub rows: Vec<RangeRow>,
    /// min > 0: funded in every plan within ε.
    pub always: usize,
    /// min = 0 < max: funded in some.
    pub some: usize,
    /// max = 0: in none.
    pub never: usize,
    /// Ranges whose ends are not both proven (at least this wide).
    pub unproven: usize,
    /// The same three counts with their labels, in the order 必选, 可选, 不选.
    pub counts: Vec<StandingCount>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StandingCount {
    pub choice: &'static str,
    pub label: &'static str,
    pub n: usize,
}

/// The standing of a request over every plan within ε: 必选 when even its least grant
/// is positive, 不选 when even its most is zero, else 可选.
pub fn range_choice(r: &RequestRange) -> Choice {
    if r.min > 0 {
        Choice::Always
    } else if r.max <= 0 {
        Choice::Never
    } else {
        Choice::Some
    }
}

pub fn ranges_view(s: &Scenario, p: &Policy, ranges: &[RequestRange], lang: Lang) -> RangesView {
    let mut rows: Vec<RangeRow> = ranges
        .iter()
        .map(|r| {
            let req = s.request(&r.request);
            let unit = req.map(|q| q.unit.clone()).unwrap_or_default();
            RangeRow {
                request: r.request.clone(),
                unit_name: unit_name(s, &unit),
                unit,
                tier: req.map(|q| tier_text(p, &q.tier, lang)).unwrap_or_default(),
                amount: r.amount,
                min: r.min,
                max: r.max,
                status: r.status.clone(),
                always: r.min > 0,
            }
        })
        .collect();
    rows.sort_by(|a, b| (b.max - b.min).cmp(&(a.max - a.min)).then(a.request.cmp(&b.request)));
    let count = |c: Choice| ranges.iter().filter(|r| range_choice(r) == c).count();
    RangesView {
        counts: CHOICES.iter().map(|&c| StandingCount { choice: choice_key(c), label: choice_label(c, lang), n: count(c) }).collect(),
        always: count(Choice::Always),
        some: count(Choice::Some),
        never: count(Choice::Never),
        unproven: ranges.iter().filter(|r| r.status != "optimal").count(),
        rows,
    }
}

/// What `--diverse` held plans 2…K to, as the cover shows it.
#[derive(Clone, Debug, Serialize)]
pub struct DiverseView {
    pub eps: f64,
    /// ε as a percentage (`2.0%`).
    pub eps_text: String,
    pub objective_floor: f64,
}

/// A plan's distance (decisions in one plan and not the other) to an earlier plan.
#[derive(Clone, Debug, Serialize)]
pub struct Distance {
    pub plan: usize,
    pub n: usize,
}

/// Earlier plans a plan's headline names its distance to: all of them up to this many;
/// beyond, plan 1 and the nearest.
const HEADLINE_DISTANCES: usize = 4;

/// The distances a headline or a table heading names: every earlier plan up to
/// `HEADLINE_DISTANCES`, else plan 1 and the nearest other one (the smaller rank on a tie).
pub fn named_distances(distances: &[Distance]) -> Vec<&Distance> {
    if distances.len() <= HEADLINE_DISTANCES {
        return distances.iter().collect();
    }
    let mut named = vec![&distances[0]];
    if let Some(nearest) = distances[1..].iter().min_by(|a, b| a.n.cmp(&b.n).then(a.plan.cmp(&b.plan))) {
        named.push(nearest);
    }
    named
}

/// The sentence a plan 2…K's headline ends with: its objective against plan 1 and how
/// many decisions set it apart from the plans before it (those `named_distances` names).
pub fn comparison_sentence(plan: &Plan, lang: Lang) -> String {
    let distances: Vec<Distance> = plan.distance.iter().enumerate().map(|(i, &n)| Distance { plan: i + 1, n }).collect();
    let named = named_distances(&distances);
    let nearest_only = named.len() < distances.len();
    let named: Vec<(usize, usize)> = named.iter().map(|d| (d.plan, d.n)).collect();
    crate::text::comparison_sentence(plan.objective_gap_to_best, &named, nearest_only, lang)
}

/// ε and the objective floor of a `--diverse` document.
pub fn diverse_view(doc: &PlansDoc) -> Option<DiverseView> {
    doc.diverse.as_ref().map(|d| DiverseView { eps: d.eps, eps_text: pct(d.eps), objective_floor: d.objective_floor })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::short_and_overstaffed;
    use crate::search::solve_ranked;
    use crate::solve::SolveOptions;

    #[test]
    fn a_headline_names_every_earlier_plan_up_to_four_then_plan_1_and_the_nearest() {
        let (s, p) = short_and_overstaffed();
        let mut plan = solve_ranked(&s, &p, 1, &SolveOptions::default()).expect("solves").doc.plans.remove(0);
        plan.rank = 3;
        plan.objective_gap_to_best = 0.0192;
        plan.distance = vec![42, 169];
        assert_eq!(comparison_sentence(&plan, Lang::Zh), "目标值比方案1低1.9%，与方案1相差42项、与方案2相差169项决策。");
        assert_eq!(comparison_sentence(&plan, Lang::En), " Objective 1.9% below plan 1; differs from plan 1 in 42, from plan 2 in 169 decisions.");
        plan.rank = 7;
        plan.objective_gap_to_best = 0.0;
        plan.distance = vec![30, 12, 9, 9, 40, 15];
        assert_eq!(comparison_sentence(&plan, Lang::Zh), "目标值与方案1相同，与方案1相差30项、与最接近的方案3相差9项决策。");
        assert_eq!(
            comparison_sentence(&plan, Lang::En),
            " Same objective as plan 1; differs from plan 1 in 30, from the nearest, plan 3 in 9 decisions."
        );
    }

    #[test]
    fn an_older_document_without_decision_counts_gets_them_from_its_plans() {
        let (s, p) = short_and_overstaffed();
        let mut doc = solve_ranked(&s, &p, 2, &SolveOptions::default()).expect("solves").doc;
        let recorded = doc.decisions.clone();
        assert_eq!(recorded.plans, doc.plans.len());
        assert!(matches!(decision_counts_of(&doc, &s, &p), Cow::Borrowed(_)), "recorded counts are used as they are");
        doc.decisions = DecisionCounts::default();
        let counts = decision_counts_of(&doc, &s, &p);
        assert!(matches!(counts, Cow::Owned(_)));
        assert_eq!(*counts, recorded);
    }

    #[test]
    fn every_request_lands_in_the_group_its_count_says_with_the_plans_that_fund_it() {
        let (s, p) = short_and_overstaffed();
        let doc = solve_ranked(&s, &p, 2, &SolveOptions::default()).expect("solves").doc;
        let view = choices_view(&s, &p, &doc, Lang::Zh);
        assert_eq!(view.plans, doc.plans.len());
        assert_eq!(view.requests.iter().map(|g| g.label).collect::<Vec<_>>(), ["必选", "可选", "不选"]);
        let listed: usize = view.requests.iter().map(|g| g.rows.len()).sum();
        assert_eq!(listed, s.requests.len(), "every request once");
        for g in &view.requests {
            for r in &g.rows {
                let funding: Vec<usize> =
                    doc.plans.iter().filter(|pl| pl.requests.iter().any(|o| o.request == r.request && o.granted > 0)).map(|pl| pl.rank).collect();
                assert_eq!(r.plans, funding, "{}", r.request);
                assert_eq!(g.choice, choice_key(Choice::of(funding.len(), doc.plans.len())), "{}", r.request);
            }
        }
    }
}
