//! The revolving-grant ledger (DESIGN §14) as every output shows it, laid out once:
//! what each pool has lent, the grants returning at `as_of` (unused parts, then expired
//! grants in full) and those reaching their term within 12 months, every cell in the
//! language of the view (a type's and a tier's words, headings and notes). The
//! terminal's stock-take, the page, the workbook's 摸清底数 sheet and the summary only
//! format it. No IO, no markup.

use crate::analyze::{DueNote, ExpiringNote, Ledger, LedgerPool};
use crate::policy::Policy;
use crate::text::{fill, headed, labels, tier_text, type_text, Lang};
use serde::Serialize;

/// What a pool has lent (the total row has an empty pool).
#[derive(Clone, Debug, Serialize)]
pub struct LedgerPoolRow {
    pub pool: String,
    pub name: String,
    /// The pool's type in the view's language.
    pub ty: String,
    pub grants: usize,
    pub lent: i64,
    pub used: i64,
    pub unused: i64,
}

/// A grant returning at `as_of`.
#[derive(Clone, Debug, Serialize)]
pub struct DueRow {
    pub grant: String,
    pub unit: String,
    pub unit_name: String,
    pub ty: String,
    /// The tier in the view's language (the policy's label in Chinese), and its key.
    pub tier: String,
    pub tier_key: String,
    pub pool: String,
    pub pool_name: String,
    pub granted_on: String,
    pub lent: i64,
    pub used: i64,
    pub age_months: i64,
    /// The term it passed (expired grants).
    pub term_months: Option<i64>,
    /// Quota returning.
    pub amount: i64,
    /// Staff its return leaves overstaffed.
    pub overstaffing: i64,
}

/// One list of grants returning: the unused parts, or the expired grants.
#[derive(Clone, Debug, Serialize)]
pub struct ReturningList {
    pub expired: bool,
    pub title: &'static str,
    /// The title under the ledger's: `周转编制台账：到期收回：未使用部分`.
    pub heading: String,
    /// What the rule is, with its figure.
    pub note: String,
    pub rows: Vec<DueRow>,
    /// Quota returning in all.
    pub total: i64,
}

/// A grant reaching its term within 12 months.
#[derive(Clone, Debug, Serialize)]
pub struct ExpiringRow {
    pub grant: String,
    pub unit: String,
    pub unit_name: String,
    pub ty: String,
    pub tier: String,
    pub tier_key: String,
    pub pool: String,
    pub pool_name: String,
    pub granted_on: String,
    pub amount: i64,
    pub used: i64,
    pub term_months: i64,
    pub expires_on: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct LedgerView {
    /// Every pool that has lent, in id order.
    pub pools: Vec<LedgerPoolRow>,
    pub total: LedgerPoolRow,
    /// The unused parts returning, then the expired grants.
    pub returning: Vec<ReturningList>,
    /// Staff the expired grants' returns leave overstaffed.
    pub left_overstaffed: i64,
    /// `grants.reclaim_unused_after_months`.
    pub reclaim_unused_after_months: i64,
    pub expiring: Vec<ExpiringRow>,
    pub expiring_heading: String,
    pub expiring_total: i64,
}

impl LedgerView {
    /// The unused parts returning.
    pub fn unused(&self) -> &ReturningList {
        &self.returning[0]
    }

    /// The expired grants returning in full.
    pub fn expired(&self) -> &ReturningList {
        &self.returning[1]
    }
}

/// The stock-take's ledger in `lang`.
pub fn ledger_view(l: &Ledger, p: &Policy, lang: Lang) -> LedgerView {
    let t = labels(lang);
    let pool_row = |x: &LedgerPool| LedgerPoolRow {
        pool: x.pool.clone(),
        name: x.name.clone(),
        ty: type_text(p, &x.ty, lang),
        grants: x.grants,
        lent: x.lent,
        used: x.used,
        unused: x.unused,
    };
    let due_row = |d: &DueNote| DueRow {
        grant: d.grant.clone(),
        unit: d.unit.clone(),
        unit_name: d.name.clone(),
        ty: type_text(p, &d.ty, lang),
        tier: tier_text(p, &d.tier, lang),
        tier_key: d.tier.clone(),
        pool: d.pool.clone(),
        pool_name: d.pool_name.clone(),
        granted_on: d.granted_on.clone(),
        lent: d.lent,
        used: d.used,
        age_months: d.age_months,
        term_months: d.term_months,
        amount: d.amount,
        overstaffing: d.overstaffing,
    };
    let expiring_row = |e: &ExpiringNote| ExpiringRow {
        grant: e.grant.clone(),
        unit: e.unit.clone(),
        unit_name: e.name.clone(),
        ty: type_text(p, &e.ty, lang),
        tier: tier_text(p, &e.tier, lang),
        tier_key: e.tier.clone(),
        pool: e.pool.clone(),
        pool_name: e.pool_name.clone(),
        granted_on: e.granted_on.clone(),
        amount: e.amount,
        used: e.used,
        term_months: e.term_months,
        expires_on: e.expires_on.clone(),
    };
    let returning = |expired: bool, title: &'static str, note: String, rows: &[DueNote], total: i64| ReturningList {
        expired,
        title,
        heading: headed(t.ledger, title, lang),
        note,
        rows: rows.iter().map(due_row).collect(),
        total,
    };
    LedgerView {
        pools: l.pools.iter().map(pool_row).collect(),
        total: pool_row(&l.total),
        returning: vec![
            returning(false, t.due_unused, fill(t.unused_note, l.reclaim_unused_after_months), &l.unused_returning, l.unused_returning_total),
            returning(true, t.due_expired, fill(t.expired_note, l.expired_overstaffing), &l.expired_returning, l.expired_returning_total),
        ],
        left_overstaffed: l.expired_overstaffing,
        reclaim_unused_after_months: l.reclaim_unused_after_months,
        expiring: l.expiring.iter().map(expiring_row).collect(),
        expiring_heading: headed(t.ledger, t.expiring, lang),
        expiring_total: l.expiring_total,
    }
}
