//! `solve --years N` in the report (DESIGN §14): one row per year — its date, the staff
//! who retired in the year before, the ledger's returns, what was granted of what was
//! asked, reclaimed, merges, absorbed, the pools before → after — and each later
//! year's moves with their reasons. No IO, no markup.
//!
//! Why the reasons of years ≥ 2 are recomputed rather than copied from plans.json: a
//! year's moves are explained on the state that year started from, which the report
//! rebuilds by the same steps the solve took (`horizon::step::advance` on the year
//! before and its plan, then `horizon::ledger::opening`). That gives them in the report's
//! language like every other reason, and in Chinese the words of plans.json (a test
//! holds the two together).

use super::moves_view::{move_groups, MoveGroup};
use crate::domain::{Move, Scenario, YearPlan};
use crate::policy::Policy;
use crate::text::{fill, labels, type_text, Lang};
use crate::horizon::ledger::opening;
use crate::horizon::step::{advance, Carry};
use serde::Serialize;
use std::collections::BTreeMap;

/// Pools shown as columns of the years table: all up to this many, else those that
/// move most over the years (the workbook lists every pool each year).
pub const YEAR_POOL_COLUMNS: usize = 12;

/// A pool's balance at the start and end of one year's plan.
#[derive(Clone, Debug, Serialize)]
pub struct YearPool {
    pub pool: String,
    pub name: String,
    /// The pool's type in the report's language.
    pub ty: String,
    pub before: i64,
    pub after: i64,
}

/// One year of the plan.
#[derive(Clone, Debug, Serialize)]
pub struct YearRow {
    pub year: usize,
    /// "第2年", "Year 2".
    pub title: String,
    pub start: String,
    /// Staff who retired during the year before (0 in year 1).
    pub retired: i64,
    /// Quota the ledger returns at the year's start, and from how many grants.
    pub returns: i64,
    pub returns_n: usize,
    /// The year's requests: asked and granted in all, how many and how many funded.
    pub asked: i64,
    pub granted: i64,
    pub requests: usize,
    pub funded: usize,
    pub reclaimed: i64,
    pub merges: i64,
    pub released: i64,
    pub absorbed: i64,
    pub moves: usize,
    /// Later requests left out because their unit was merged the year before.
    pub dropped: Vec<String>,
    /// Σ over every pool.
    pub pools_before: i64,
    pub pools_after: i64,
    /// The pools of `YearsView::pools`, in that order.
    pub shown: Vec<YearPool>,
    /// Every pool of the scenario, in id order.
    pub pools: Vec<YearPool>,
    /// The year's moves with reasons; empty for year 1, which is plan 1 (its moves are
    /// under plan 1).
    pub groups: Vec<MoveGroup>,
}

/// A pool shown as a column.
#[derive(Clone, Debug, Serialize)]
pub struct PoolHead {
    pub pool: String,
    pub name: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct YearsView {
    pub rows: Vec<YearRow>,
    /// The pools shown as columns, in id order.
    pub pools: Vec<PoolHead>,
    /// Pools of the scenario not shown as columns.
    pub pools_hidden: usize,
}

/// The years of a document made from `s` under `p`; with `explain`, each later year's
/// moves with their reasons (the terminal table shows only the figures).
pub fn years_view(s: &Scenario, p: &Policy, years: &[YearPlan], lang: Lang, explain: bool) -> YearsView {
    let t = labels(lang);
    let pool_type = |id: &str| s.pool(id).map(|x| type_text(p, &x.ty, lang)).unwrap_or_default();
    // Each pool's balance year by year: a plan lists the pools it touches, the others
    // keep what the year before left them.
    let mut balance: Vec<i64> = s.pools.iter().map(|x| x.available).collect();
    let mut state = s.clone();
    let mut carry = Carry::default();
    let mut rows = Vec::with_capacity(years.len());
    for (i, y) in years.iter().enumerate() {
        let plan = &y.plan;
        let changes: BTreeMap<&str, (i64, i64)> = plan.pools.iter().map(|pc| (pc.pool.as_str(), (pc.before, pc.after))).collect();
        let pools: Vec<YearPool> = s
            .pools
            .iter()
            .zip(&balance)
            .map(|(x, &held)| {
                let (before, after) = changes.get(x.id.as_str()).copied().unwrap_or((held, held));
                YearPool { pool: x.id.clone(), name: x.name.clone(), ty: pool_type(&x.id), before, after }
            })
            .collect();
        balance = pools.iter().map(|x| x.after).collect();
        let groups = if i == 0 || !explain {
            Vec::new()
        } else {
            let prev = &years[i - 1];
            state = advance(&state, p, &prev.plan, prev.year, &crate::horizon::step::year_start(&s.as_of, y.year), &mut carry).state;
            let open = opening(&state, p, y.year);
            move_groups(&state, &open.scenario, p, plan, t, lang)
        };
        let term = |k: &str| plan.terms.get(k).copied().unwrap_or(0);
        let (mut returns, mut returns_n) = (0, 0);
        for m in &plan.moves {
            if let Move::Return { amount, .. } = m {
                returns += amount;
                returns_n += 1;
            }
        }
        rows.push(YearRow {
            year: y.year,
            title: fill(t.year_n, y.year),
            start: y.start.clone(),
            retired: y.retired,
            returns,
            returns_n,
            asked: plan.requests.iter().map(|r| r.amount).sum(),
            granted: plan.requests.iter().map(|r| r.granted).sum(),
            requests: plan.requests.len(),
            funded: plan.requests.iter().filter(|r| r.granted > 0).count(),
            reclaimed: term("reclaimed"),
            merges: term("merges"),
            released: term("released"),
            absorbed: term("absorbed"),
            moves: plan.moves.len(),
            dropped: y.dropped_requests.clone(),
            pools_before: pools.iter().map(|x| x.before).sum(),
            pools_after: pools.iter().map(|x| x.after).sum(),
            shown: Vec::new(),
            pools,
            groups,
        });
    }
    // Columns: every pool up to the limit, else those moving most over the years
    // (Σ |after − before|), the smaller id on a tie; shown in id order.
    // Pools are sorted by id, so an index order is an id order.
    let mut shown_at: Vec<usize> = (0..s.pools.len()).collect();
    if shown_at.len() > YEAR_POOL_COLUMNS {
        let moved = |i: usize| rows.iter().map(|r| (r.pools[i].after - r.pools[i].before).abs()).sum::<i64>();
        let mut scored: Vec<(i64, usize)> = shown_at.iter().map(|&i| (moved(i), i)).collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        shown_at = scored.into_iter().take(YEAR_POOL_COLUMNS).map(|(_, i)| i).collect();
        shown_at.sort_unstable();
    }
    for r in &mut rows {
        r.shown = shown_at.iter().map(|&i| r.pools[i].clone()).collect();
    }
    YearsView {
        pools: shown_at.iter().map(|&i| PoolHead { pool: s.pools[i].id.clone(), name: s.pools[i].name.clone() }).collect(),
        pools_hidden: s.pools.len() - shown_at.len(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Plan, PoolChange};
    use crate::model::tests::fixture;

    fn year(n: usize, pools: Vec<PoolChange>) -> YearPlan {
        YearPlan {
            year: n,
            start: format!("{}-06-30", 2024 + n),
            retired: 0,
            dropped_requests: Vec::new(),
            plan: Plan {
                rank: 1,
                objective: 0.0,
                terms: BTreeMap::new(),
                moves: Vec::new(),
                units: Vec::new(),
                pools,
                requests: Vec::new(),
                differences: Vec::new(),
                status: None,
                gap: None,
                objective_gap_to_best: 0.0,
                distance: Vec::new(),
                distance_bound: None,
            },
        }
    }

    #[test]
    fn above_twelve_pools_the_columns_are_those_that_move_most_and_unlisted_pools_keep_their_balance() {
        let ids: Vec<String> = (0..15).map(|i| format!("P{i:02}")).collect();
        let pools: Vec<(&str, i64, &str, i64)> = ids.iter().map(|id| (id.as_str(), 10, "*", 0)).collect();
        let (mut s, p) = fixture("", &[("U1", "", "教育", "active", false)], &[("U1", 10, 10)], &pools, &[]);
        s.as_of = "2025-06-30".into();
        // Year 1 moves P14 by 5 and lists only it; year 2 moves P00 by 1 and P14 back.
        let change = |pool: &str, before, after| PoolChange { pool: pool.into(), before, after };
        let years = [year(1, vec![change("P14", 10, 15)]), year(2, vec![change("P00", 10, 9), change("P14", 15, 10)])];
        let v = years_view(&s, &p, &years, Lang::Zh, true);
        assert_eq!((v.pools.len(), v.pools_hidden), (YEAR_POOL_COLUMNS, 3));
        let shown: Vec<&str> = v.pools.iter().map(|h| h.pool.as_str()).collect();
        // The two that move, then the smallest ids of those that do not, in id order.
        assert_eq!(shown, ["P00", "P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09", "P10", "P14"]);
        let row2 = &v.rows[1];
        assert_eq!((row2.shown[11].before, row2.shown[11].after), (15, 10));
        assert_eq!((row2.pools[0].before, row2.pools[0].after), (10, 9));
        assert_eq!((row2.pools[5].before, row2.pools[5].after), (10, 10), "a pool no plan lists keeps its balance");
        assert_eq!((v.rows[0].pools_before, v.rows[0].pools_after, row2.pools_before, row2.pools_after), (150, 155, 155, 149));
        assert_eq!((v.rows[0].title.as_str(), row2.title.as_str()), ("第1年", "第2年"));
        assert!(v.rows.iter().all(|r| r.groups.is_empty()), "no moves, no groups");
    }
}
