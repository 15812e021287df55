//! The leaders' workbook, plans.xlsx: the plans side by side, with `--years` the years
//! (分年度) and every later year's moves (第N年-调整), every move of every plan with an
//! empty 审核意见 column to fill in, unit lines and pools before and after, requests
//! with why-not, and the stock-take (with the revolving-grant ledger when there is one).
//! Sheet names are Chinese in both languages (other tools find sheets by name:
//! `text::sheets`); headers follow the report's language.
//!
//! Ids are always text and amounts always numbers, so a code like `001234` keeps its
//! zeros and a sum works. No cell is ever a formula: text is written as a string, and
//! text that Excel or WPS would read as a formula once edited (`=`, `+`, `-`, `@`, also
//! full-width or after spaces) carries a quote prefix.

use super::choices::RangeRow;
use super::ledger_view::LedgerView;
use super::moves_view::MoveGroup;
use super::view::{Figure, Report};
use super::xlsx_sheet::{strings, Sheet, Styles};
use super::years_view::YearPool;
use crate::analyze::Totals;
use crate::error::Error;
use crate::text::{joined, label_or_key, model_with_title, plan_title, punct, sheets, status_with_gap, stocktake_heading};
use rust_xlsxwriter::{DataValidation, DocProperties, ExcelDateTime, IgnoreError, Workbook, Worksheet, XlsxError};
use std::collections::BTreeMap;

/// The workbook's bytes: the same view gives the same bytes.
pub fn render_xlsx(r: &Report) -> Result<Vec<u8>, Error> {
    build(r).map_err(|e| Error::Internal(format!("cannot build the workbook: {e}")))
}

fn build(r: &Report) -> Result<Vec<u8>, XlsxError> {
    let styles = Styles::new();
    let mut book = Workbook::new();
    // A fixed creation time: the default is now, which would make every run differ.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    book.set_properties(&DocProperties::new().set_title(r.t.title).set_subject(r.scenario.as_str()).set_creation_datetime(&created));
    book.push_worksheet(comparison(r, &styles)?);
    if r.years.is_some() {
        book.push_worksheet(years(r, &styles)?);
    }
    for p in &r.plans {
        book.push_worksheet(moves(r, &sheets::plan_moves(p.rank), &p.groups, &styles)?);
    }
    // Year 1 is plan 1 (its sheet is 方案1-调整); each later year has its own.
    for y in r.years.iter().flat_map(|v| &v.rows).skip(1) {
        book.push_worksheet(moves(r, &sheets::year_moves(y.year), &y.groups, &styles)?);
    }
    book.push_worksheet(units(r, &styles)?);
    book.push_worksheet(pools(r, &styles)?);
    book.push_worksheet(requests(r, &styles)?);
    book.push_worksheet(decisions(r, &styles)?);
    book.push_worksheet(stocktake(r, &styles)?);
    book.save_to_buffer()
}

/// 方案对比: one row per figure, one column per plan; below, what the plans were made from.
fn comparison(r: &Report, st: &Styles) -> Result<Worksheet, XlsxError> {
    let t = r.t;
    let mut sh = Sheet::new(sheets::COMPARISON, st)?;
    let mut header = vec![t.metric.to_string()];
    header.extend(r.plans.iter().map(|p| plan_title(p.rank, "", r.lang)));
    sh.header(0, &header)?;
    sh.ws.set_freeze_panes(1, 1)?;
    let mut row = 1;
    for k in &r.kpis {
        sh.text(row, 0, &k.label)?;
        for (i, v) in k.values.iter().enumerate() {
            let col = i as u16 + 1;
            match k.figure {
                Figure::Count => sh.number(row, col, *v)?,
                Figure::Share => sh.share(row, col, *v)?,
            }
        }
        row += 1;
    }
    // Plans short of proof say so under the figures.
    if r.plans.iter().any(|p| p.status.is_some()) {
        sh.text(row, 0, t.status)?;
        for (i, p) in r.plans.iter().enumerate() {
            if let Some(status) = &p.status {
                sh.text(row, i as u16 + 1, &status_with_gap(status, p.gap_percent, r.lang))?;
            }
        }
        row += 1;
    }
    row += 1;
    let model = model_with_title(&r.model, &r.model_title);
    for (label, value) in [
        (t.scenario, r.scenario.as_str()),
        (t.as_of, r.as_of.as_str()),
        (t.model, model.as_str()),
        (t.solver, r.solver_status.as_str()),
        (t.digest, r.input_digest.as_str()),
        (t.model_digest, r.model_digest.as_str()),
    ] {
        sh.text(row, 0, label)?;
        // The value may be long (a digest); it overflows into empty cells rather than
        // widening the plan columns.
        sh.put(row, 1, value, &st.plain)?;
        row += 1;
    }
    sh.finish()
}

/// 分年度 (`--years`): one row per year — its date, retirements, the ledger's returns,
/// granted and asked, reclaimed, merges, released, absorbed, moves, all pools before
/// and after, and the pools the page shows as columns — then every pool year by year
/// (one row per pool, its balance before and after each year). Numbers as numbers.
fn years(r: &Report, st: &Styles) -> Result<Worksheet, XlsxError> {
    let t = r.t;
    let mut sh = Sheet::new(sheets::YEARS, st)?;
    let Some(v) = &r.years else { return sh.finish() };
    let suffix = |name: &str, word: &str| joined(name, word, r.lang);
    let mut header = strings(&[
        t.year,
        t.year_start,
        t.retired,
        t.kind_return,
        t.granted,
        t.asked,
        t.requests_funded,
        t.n_requests,
        t.reclaimed,
        t.merges,
        t.released,
        t.absorbed,
        t.moves,
    ]);
    header.push(suffix(t.pools_total, t.before));
    header.push(suffix(t.pools_total, t.after));
    for h in &v.pools {
        let name = if h.name.is_empty() { &h.pool } else { &h.name };
        header.push(suffix(name, t.before));
        header.push(suffix(name, t.after));
    }
    const DROPPED_AT: usize = 15;
    let dropped_col = (DROPPED_AT + 2 * v.pools.len()) as u16;
    header.push(t.dropped.to_string());
    sh.header(0, &header)?;
    sh.ws.set_freeze_panes(1, 1)?;
    let mut row = 0u32;
    for y in &v.rows {
        row += 1;
        sh.int(row, 0, y.year as i64)?;
        sh.text(row, 1, &y.start)?;
        for (i, n) in [y.retired, y.returns, y.granted, y.asked, y.funded as i64, y.requests as i64, y.reclaimed, y.merges, y.released, y.absorbed, y.moves as i64, y.pools_before, y.pools_after]
            .into_iter()
            .enumerate()
        {
            sh.int(row, 2 + i as u16, n)?;
        }
        for (j, pl) in y.shown.iter().enumerate() {
            let col = (DROPPED_AT + 2 * j) as u16;
            sh.int(row, col, pl.before)?;
            sh.int(row, col + 1, pl.after)?;
        }
        sh.text(row, dropped_col, &y.dropped.join(punct(r.lang).list))?;
    }
    row += 2;
    sh.title(row, t.year_pools)?;
    let mut header = strings(&[t.pool, t.pool_name, t.ty]);
    for y in &v.rows {
        header.push(suffix(&y.title, t.before));
        header.push(suffix(&y.title, t.after));
    }
    sh.header(row + 1, &header)?;
    row += 2;
    let first = row;
    let pools: &[YearPool] = v.rows.first().map(|y| y.pools.as_slice()).unwrap_or(&[]);
    for (i, pl) in pools.iter().enumerate() {
        sh.text(row, 0, &pl.pool)?;
        sh.text(row, 1, &pl.name)?;
        sh.text(row, 2, &pl.ty)?;
        for (j, y) in v.rows.iter().enumerate() {
            let col = 3 + 2 * j as u16;
            sh.int(row, col, y.pools[i].before)?;
            sh.int(row, col + 1, y.pools[i].after)?;
        }
        row += 1;
    }
    if row > first {
        sh.ws.ignore_error_range(first, 0, row - 1, 0, IgnoreError::NumberStoredAsText)?;
    }
    sh.finish()
}

/// 方案N-调整 (and 第N年-调整 for a later year of `--years`): every move of the plan,
/// the ledger's returns and grants first, with an empty 审核意见 drop-down. A return's
/// grant goes in the request column, which then says so in its header.
fn moves(r: &Report, name: &str, groups: &[MoveGroup], st: &Styles) -> Result<Worksheet, XlsxError> {
    let t = r.t;
    let mut sh = Sheet::new(name, st)?;
    let returns = groups.iter().any(|g| g.kind == "return");
    let header = strings(&[
        t.col_seq,
        t.kind,
        t.ty,
        t.col_from,
        t.col_from_name,
        t.col_to,
        t.col_to_name,
        if returns { t.col_request_grant } else { t.request },
        t.amount,
        t.col_released,
        t.reason,
        t.review,
        t.col_remark,
    ]);
    const REASON: u16 = 10;
    const REVIEW: u16 = 11;
    sh.wrap_column(REASON);
    let n: usize = groups.iter().map(|g| g.rows.len()).sum();
    let rows = n as u32;
    sh.list_header(&header, rows)?;
    let mut row = 0u32;
    for g in groups {
        for m in &g.rows {
            row += 1;
            sh.int(row, 0, row as i64)?;
            sh.text(row, 1, m.kind_label)?;
            sh.text(row, 2, &m.ty)?;
            sh.text(row, 3, &m.from)?;
            sh.text(row, 4, &m.from_name)?;
            sh.text(row, 5, &m.to)?;
            sh.text(row, 6, &m.to_name)?;
            sh.text(row, 7, if m.grant.is_empty() { &m.request } else { &m.grant })?;
            sh.int(row, 8, m.amount)?;
            sh.int(row, 9, m.released)?;
            sh.text(row, REASON, &m.reason)?;
        }
    }
    if rows > 0 {
        // Blank stays allowed: an unreviewed row is not an error.
        let review = DataValidation::new().allow_list_strings(&[t.agree, t.disagree])?.ignore_blank(true);
        sh.ws.add_data_validation(1, REVIEW, rows, REVIEW, &review)?;
    }
    sh.ids_are_text(&[3, 5, 7], rows)?;
    // Room to write an opinion and a note.
    sh.measure(REVIEW, 10);
    sh.measure(12, 20);
    sh.finish()
}

/// 单位变化: one row per plan, unit and type (long format, to filter by plan).
fn units(r: &Report, st: &Styles) -> Result<Worksheet, XlsxError> {
    let t = r.t;
    let mut sh = Sheet::new(sheets::UNITS, st)?;
    let header = strings(&[
        t.plan,
        t.unit,
        t.unit_name,
        t.sector,
        t.ty,
        t.quota_before,
        t.quota_after,
        t.col_quota_change,
        t.staff_before,
        t.staff_after,
    ]);
    let rows: usize = r.plans.iter().map(|p| p.units.len()).sum();
    sh.list_header(&header, rows as u32)?;
    let mut row = 0u32;
    for p in &r.plans {
        for u in &p.units {
            row += 1;
            sh.int(row, 0, p.rank as i64)?;
            sh.text(row, 1, &u.unit)?;
            sh.text(row, 2, &u.unit_name)?;
            sh.text(row, 3, &u.sector)?;
            sh.text(row, 4, &u.ty)?;
            sh.int(row, 5, u.quota_before)?;
            sh.int(row, 6, u.quota_after)?;
            sh.int(row, 7, u.quota_after - u.quota_before)?;
            sh.int(row, 8, u.staff_before)?;
            sh.int(row, 9, u.staff_after)?;
        }
    }
    sh.ids_are_text(&[1], row)?;
    sh.finish()
}

/// 周转池: every pool of the scenario, its balance before and after each plan.
fn pools(r: &Report, st: &Styles) -> Result<Worksheet, XlsxError> {
    let t = r.t;
    let mut sh = Sheet::new(sheets::POOLS, st)?;
    let mut header = strings(&[t.pool, t.pool_name, t.ty, t.reserve, t.col_balance_before]);
    header.extend(r.plans.iter().map(|p| plan_title(p.rank, t.after, r.lang)));
    let after: Vec<BTreeMap<&str, i64>> =
        r.plans.iter().map(|p| p.pools.iter().map(|pr| (pr.pool.as_str(), pr.after)).collect()).collect();
    let pools = &r.stocktake.pools;
    sh.list_header(&header, pools.len() as u32)?;
    for (i, pool) in pools.iter().enumerate() {
        let row = i as u32 + 1;
        sh.text(row, 0, &pool.pool)?;
        sh.text(row, 1, &pool.name)?;
        sh.text(row, 2, r.type_labels.get(&pool.ty).unwrap_or(&pool.ty))?;
        sh.int(row, 3, pool.reserve)?;
        sh.int(row, 4, pool.available)?;
        for (j, a) in after.iter().enumerate() {
            // A plan lists the pools it uses; the others keep their balance.
            sh.int(row, 5 + j as u16, a.get(pool.pool.as_str()).copied().unwrap_or(pool.available))?;
        }
    }
    sh.ids_are_text(&[0], pools.len() as u32)?;
    sh.finish()
}

/// 需求: every request as stated, then what each plan grants it and why not in full.
fn requests(r: &Report, st: &Styles) -> Result<Worksheet, XlsxError> {
    let t = r.t;
    let mut sh = Sheet::new(sheets::REQUESTS, st)?;
    let mut header = strings(&[t.col_request, t.unit, t.unit_name, t.ty, t.tier, t.col_asked, t.reason]);
    for p in &r.plans {
        header.push(plan_title(p.rank, t.granted, r.lang));
        header.push(plan_title(p.rank, t.why_not, r.lang));
    }
    const STATED: u16 = 6;
    sh.wrap_column(STATED);
    for j in 0..r.plans.len() {
        sh.wrap_column(STATED + 2 + 2 * j as u16);
    }
    // Every plan lists every request in the scenario's order.
    let first: &[_] = r.plans.first().map(|p| p.requests.as_slice()).unwrap_or(&[]);
    sh.list_header(&header, first.len() as u32)?;
    for (i, q) in first.iter().enumerate() {
        let row = i as u32 + 1;
        sh.text(row, 0, &q.request)?;
        sh.text(row, 1, &q.unit)?;
        sh.text(row, 2, &q.unit_name)?;
        sh.text(row, 3, &q.ty)?;
        sh.text(row, 4, &q.tier)?;
        sh.int(row, 5, q.amount)?;
        sh.text(row, STATED, &q.stated)?;
        for (j, p) in r.plans.iter().enumerate() {
            let col = STATED + 1 + 2 * j as u16;
            if let Some(pq) = p.requests.get(i).filter(|pq| pq.request == q.request) {
                sh.int(row, col, pq.granted)?;
                sh.text(row, col + 1, &pq.why_not)?;
            }
        }
    }
    sh.ids_are_text(&[0, 1], first.len() as u32)?;
    sh.finish()
}

/// 决策汇总: every request, donor candidate and merge candidate with its standing over
/// the plans (必选 / 可选 / 不选), in how many plans it is, a ✓ under each plan it is in,
/// and with `--ranges` each request's least and most grant within ε. Every row, at any
/// scale: the page and the summary cut their lists, this sheet does not.
fn decisions(r: &Report, st: &Styles) -> Result<Worksheet, XlsxError> {
    const MARK: &str = "✓";
    let t = r.t;
    let c = &r.choices;
    let mut sh = Sheet::new(sheets::DECISIONS, st)?;
    let mut header = strings(&[t.kind, t.col_decision, t.col_request, t.unit, t.unit_name, t.sector, t.tier, t.ty, t.col_asked, t.in_plans]);
    header.extend(r.plans.iter().map(|p| plan_title(p.rank, "", r.lang)));
    let first_plan = 10u16;
    let ranges_at = first_plan + r.plans.len() as u16;
    let ranges: BTreeMap<&str, &RangeRow> =
        r.ranges.iter().flat_map(|v| v.rows.iter()).map(|q| (q.request.as_str(), q)).collect();
    if r.ranges.is_some() {
        header.extend(strings(&[t.range_min, t.range_max, t.range_status]));
    }
    let rows = c.requests.iter().map(|g| g.rows.len()).chain(c.donors.iter().chain(&c.merges).map(|g| g.rows.len())).sum::<usize>() as u32;
    sh.list_header(&header, rows)?;
    let marks = |sh: &mut Sheet, row: u32, plans: &[usize]| -> Result<(), XlsxError> {
        for (j, p) in r.plans.iter().enumerate() {
            if plans.contains(&p.rank) {
                sh.text(row, first_plan + j as u16, MARK)?;
            }
        }
        Ok(())
    };
    let mut row = 0u32;
    for g in &c.requests {
        for q in &g.rows {
            row += 1;
            sh.text(row, 0, t.requests)?;
            sh.text(row, 1, g.label)?;
            sh.text(row, 2, &q.request)?;
            sh.text(row, 3, &q.unit)?;
            sh.text(row, 4, &q.unit_name)?;
            sh.text(row, 5, &q.sector)?;
            sh.text(row, 6, &q.tier)?;
            sh.text(row, 7, &q.ty)?;
            sh.int(row, 8, q.amount)?;
            sh.int(row, 9, q.count as i64)?;
            marks(&mut sh, row, &q.plans)?;
            if let Some(range) = ranges.get(q.request.as_str()) {
                sh.int(row, ranges_at, range.min)?;
                sh.int(row, ranges_at + 1, range.max)?;
                sh.text(row, ranges_at + 2, &range.status)?;
            }
        }
    }
    for (kind, groups) in [(t.donor_candidates, &c.donors), (t.merge_candidates, &c.merges)] {
        for g in groups {
            for u in &g.rows {
                row += 1;
                sh.text(row, 0, kind)?;
                sh.text(row, 1, g.label)?;
                sh.text(row, 3, &u.unit)?;
                sh.text(row, 4, &u.unit_name)?;
                sh.text(row, 5, &u.sector)?;
                sh.int(row, 9, u.count as i64)?;
                marks(&mut sh, row, &u.plans)?;
            }
        }
    }
    sh.ids_are_text(&[2, 3], row)?;
    sh.finish()
}

/// 摸清底数: the stock-take as blocks, each a title row, a header and its rows.
fn stocktake(r: &Report, st: &Styles) -> Result<Worksheet, XlsxError> {
    let t = r.t;
    let s = &r.stocktake;
    let mut sh = Sheet::new(sheets::STOCKTAKE, st)?;
    sh.title(0, &stocktake_heading(&s.scenario, &s.as_of, r.lang))?;
    sh.ws.set_freeze_panes(1, 0)?;
    let type_text = |ty: &str| r.type_labels.get(ty).cloned().unwrap_or_else(|| ty.to_string());
    let mut row = 2u32;

    let totals_header = |first: &str| {
        strings(&[first, t.st_units, t.st_quota, t.st_staff, t.st_vacancy, t.st_vacancy_rate, t.st_overstaffed, t.st_excess])
    };
    let totals_block = |sh: &mut Sheet, row: &mut u32, title: &str, first: &str, rows: Vec<(String, &Totals)>| -> Result<(), XlsxError> {
        sh.title(*row, title)?;
        sh.header(*row + 1, &totals_header(first))?;
        *row += 2;
        for (name, tot) in rows {
            sh.text(*row, 0, &name)?;
            sh.int(*row, 1, tot.units as i64)?;
            sh.int(*row, 2, tot.quota)?;
            sh.int(*row, 3, tot.staff)?;
            sh.int(*row, 4, tot.vacancy)?;
            sh.share(*row, 5, tot.vacancy_rate)?;
            sh.int(*row, 6, tot.overstaffed as i64)?;
            sh.int(*row, 7, tot.excess)?;
            *row += 1;
        }
        *row += 1;
        Ok(())
    };
    let mut by_type: Vec<(String, &Totals)> = s.by_type.iter().map(|(ty, tot)| (type_text(ty), tot)).collect();
    by_type.push((t.st_total.to_string(), &s.total));
    totals_block(&mut sh, &mut row, t.st_by_type, t.ty, by_type)?;
    let mut by_sector: Vec<(String, &Totals)> = s.by_sector.iter().map(|(k, tot)| (k.clone(), tot)).collect();
    by_sector.push((t.st_total.to_string(), &s.total));
    totals_block(&mut sh, &mut row, t.st_by_sector, t.sector, by_sector)?;

    let small = &s.small;
    sh.title(row, t.st_small)?;
    sh.header(row + 1, &strings(&[t.st_institutions, t.st_at_most_5, t.st_share, t.st_at_most_7, t.st_share, t.st_threshold, t.st_within_threshold]))?;
    row += 2;
    sh.int(row, 0, small.institutions as i64)?;
    sh.int(row, 1, small.at_most_5 as i64)?;
    sh.share(row, 2, small.share_at_most_5)?;
    sh.int(row, 3, small.at_most_7 as i64)?;
    sh.share(row, 4, small.share_at_most_7)?;
    sh.int(row, 5, small.policy_threshold)?;
    sh.int(row, 6, small.policy_small as i64)?;
    row += 2;

    sh.title(row, t.pools)?;
    sh.header(row + 1, &strings(&[t.pool, t.pool_name, t.ty, t.st_available, t.reserve, t.st_lendable]))?;
    row += 2;
    let first_pool = row;
    for p in &s.pools {
        sh.text(row, 0, &p.pool)?;
        sh.text(row, 1, &p.name)?;
        sh.text(row, 2, &type_text(&p.ty))?;
        sh.int(row, 3, p.available)?;
        sh.int(row, 4, p.reserve)?;
        sh.int(row, 5, p.lendable)?;
        row += 1;
    }
    if row > first_pool {
        sh.ws.ignore_error_range(first_pool, 0, row - 1, 0, IgnoreError::NumberStoredAsText)?;
    }
    row += 1;

    sh.title(row, t.st_tiers)?;
    sh.header(row + 1, &strings(&[t.tier, t.st_requests, t.st_requested]))?;
    row += 2;
    for tier in &s.tiers {
        // A tier's label is the policy's Chinese word; English shows its key.
        sh.text(row, 0, label_or_key(&tier.label, &tier.tier, r.lang))?;
        sh.int(row, 1, tier.requests as i64)?;
        sh.int(row, 2, tier.amount)?;
        row += 1;
    }
    row += 1;

    sh.title(row, t.st_supply)?;
    sh.header(row + 1, &strings(&[t.ty, t.st_requested, t.st_pools_lendable, t.st_reclaimable]))?;
    row += 2;
    for sn in &s.supply {
        sh.text(row, 0, &type_text(&sn.ty))?;
        sh.int(row, 1, sn.requested)?;
        sh.int(row, 2, sn.pools_lendable)?;
        sh.int(row, 3, sn.reclaimable)?;
        row += 1;
    }
    if let Some(l) = &r.ledger {
        row += 1;
        ledger_blocks(&mut sh, row, r, l)?;
    }
    sh.finish()
}

/// The ledger's blocks of the 摸清底数 sheet from `row`: what each pool lent, the unused
/// parts and the expired grants returning at `as_of`, the grants expiring within 12
/// months — every grant, at any scale (the page cuts its lists, the sheet does not).
fn ledger_blocks(sh: &mut Sheet, mut row: u32, r: &Report, l: &LedgerView) -> Result<(), XlsxError> {
    let t = r.t;
    // A tier without a label of its own shows its key.
    let tier = |text: &str, key: &str| label_or_key(text, key, r.lang).to_string();
    // Ids in the first column of each block are text on purpose.
    let ids_are_text = |sh: &mut Sheet, first: u32, end: u32| -> Result<(), XlsxError> {
        if end > first {
            sh.ws.ignore_error_range(first, 0, end - 1, 0, IgnoreError::NumberStoredAsText)?;
        }
        Ok(())
    };

    sh.title(row, t.ledger)?;
    sh.header(row + 1, &strings(&[t.pool, t.pool_name, t.ty, t.ledger_grants, t.lent, t.used, t.unused]))?;
    row += 2;
    let first = row;
    for p in &l.pools {
        sh.text(row, 0, &p.pool)?;
        sh.text(row, 1, &p.name)?;
        sh.text(row, 2, &p.ty)?;
        for (i, n) in [p.grants as i64, p.lent, p.used, p.unused].into_iter().enumerate() {
            sh.int(row, 3 + i as u16, n)?;
        }
        row += 1;
    }
    ids_are_text(sh, first, row)?;
    sh.text(row, 0, t.st_total)?;
    for (i, n) in [l.total.grants as i64, l.total.lent, l.total.used, l.total.unused].into_iter().enumerate() {
        sh.int(row, 3 + i as u16, n)?;
    }
    row += 2;

    for list in &l.returning {
        let expired = list.expired;
        sh.title(row, &list.heading)?;
        let mut header = strings(&[t.col_grant, t.unit, t.unit_name, t.ty, t.tier, t.pool, t.granted_on, t.lent, t.used, t.age_months]);
        if expired {
            header.push(t.term_months.to_string());
        }
        header.push(t.returning.to_string());
        if expired {
            header.push(t.left_overstaffed.to_string());
        }
        sh.header(row + 1, &header)?;
        row += 2;
        let first = row;
        for d in &list.rows {
            sh.text(row, 0, &d.grant)?;
            sh.text(row, 1, &d.unit)?;
            sh.text(row, 2, &d.unit_name)?;
            sh.text(row, 3, &d.ty)?;
            sh.text(row, 4, &tier(&d.tier, &d.tier_key))?;
            sh.text(row, 5, &d.pool)?;
            sh.text(row, 6, &d.granted_on)?;
            sh.int(row, 7, d.lent)?;
            sh.int(row, 8, d.used)?;
            sh.int(row, 9, d.age_months)?;
            let mut col = 10;
            if expired {
                if let Some(term) = d.term_months {
                    sh.int(row, col, term)?;
                }
                col += 1;
            }
            sh.int(row, col, d.amount)?;
            if expired {
                sh.int(row, col + 1, d.overstaffing)?;
            }
            row += 1;
        }
        ids_are_text(sh, first, row)?;
        sh.text(row, 0, t.st_total)?;
        sh.int(row, if expired { 11 } else { 10 }, list.total)?;
        if expired {
            sh.int(row, 12, l.left_overstaffed)?;
        }
        row += 2;
    }

    sh.title(row, &l.expiring_heading)?;
    sh.header(row + 1, &strings(&[t.col_grant, t.unit, t.unit_name, t.ty, t.tier, t.pool, t.granted_on, t.amount, t.used, t.term_months, t.expires_on]))?;
    row += 2;
    let first = row;
    for e in &l.expiring {
        sh.text(row, 0, &e.grant)?;
        sh.text(row, 1, &e.unit)?;
        sh.text(row, 2, &e.unit_name)?;
        sh.text(row, 3, &e.ty)?;
        sh.text(row, 4, &tier(&e.tier, &e.tier_key))?;
        sh.text(row, 5, &e.pool)?;
        sh.text(row, 6, &e.granted_on)?;
        sh.int(row, 7, e.amount)?;
        sh.int(row, 8, e.used)?;
        sh.int(row, 9, e.term_months)?;
        sh.text(row, 10, &e.expires_on)?;
        row += 1;
    }
    ids_are_text(sh, first, row)?;
    sh.text(row, 0, t.st_total)?;
    sh.int(row, 7, l.expiring_total)?;
    Ok(())
}
