//! The sentences the report builds from figures: a plan's headline (what it grants,
//! reclaims, merges; the ledger's returns; a donor giving most of the reclaim; how a
//! plan 2…K stands against plan 1), the Markdown summary's opening and ledger
//! paragraphs, the workbook's titles, and `diff`'s words — each in Chinese and English.
//! The figures come in as plain numbers and names; which figures, and when a sentence
//! is said at all, is the view's business.

use super::labels::labels;
use super::parts::{gap_text, pct, punct};
use super::Lang;

/// What a plan's headline states.
pub struct HeadlineFigures {
    pub granted: i64,
    pub asked: i64,
    pub funded: usize,
    pub requests: usize,
    pub reclaimed: i64,
    pub donor_units: i64,
    pub merges: i64,
    pub released: i64,
    pub absorbed: i64,
}

/// The headline's first sentence: granted of asked, requests funded, reclaim, merges,
/// absorbs.
pub fn headline(f: &HeadlineFigures, lang: Lang) -> String {
    let HeadlineFigures { granted, asked, funded, requests, reclaimed, donor_units, merges, released, absorbed } = f;
    let rate = if *asked > 0 { pct(*granted as f64 / *asked as f64) } else { "-".into() };
    match lang {
        Lang::Zh => format!(
            "调剂编制{granted}名（申请{asked}名，满足率{rate}），{funded}/{requests}项需求获调剂；收回空编{reclaimed}名（{donor_units}个单位），整合{merges}个单位、释放编制{released}名，消化超编{absorbed}人。"
        ),
        Lang::En => format!(
            "{granted} posts granted of {asked} asked ({rate}), {funded} of {requests} requests funded; {reclaimed} vacant posts reclaimed from {donor_units} units, {merges} units merged releasing {released}, {absorbed} overstaffed absorbed."
        ),
    }
}

/// The ledger's `n` returns of `amount` in all, appended to the headline.
pub fn returns_sentence(n: usize, amount: i64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("周转编制到期收回{amount}名（{n}笔）。"),
        Lang::En => format!(" {amount} posts return from the revolving-grant ledger ({n} grant{}).", if n == 1 { "" } else { "s" }),
    }
}

/// One donor (`name`, `unit`) giving `most`, a `share` of all reclaimed quota.
pub fn reclaim_concentration(name: &str, unit: &str, most: i64, share: f64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("收回空编集中于{name}（{unit}）一家：{most}名，占收回总数的{}。", pct(share)),
        Lang::En => format!(" Reclaim is concentrated on one unit, {name} ({unit}): {most}, {} of all reclaimed.", pct(share)),
    }
}

/// A plan 2…K's objective against plan 1 (`gap`, relative) and its distance to the
/// earlier plans `named` ((plan, decisions) each); with `nearest_only` the second one
/// named is the nearest of several, and says so.
pub fn comparison_sentence(gap: f64, named: &[(usize, usize)], nearest_only: bool, lang: Lang) -> String {
    match lang {
        Lang::Zh => {
            let objective = if gap > 0.0 { format!("目标值比方案1低{}", gap_text(gap)) } else { "目标值与方案1相同".to_string() };
            let parts: Vec<String> = named
                .iter()
                .enumerate()
                .map(|(i, (plan, n))| {
                    let nearest = if nearest_only && i == 1 { "最接近的" } else { "" };
                    format!("与{nearest}方案{plan}相差{n}项")
                })
                .collect();
            if parts.is_empty() {
                format!("{objective}。")
            } else {
                format!("{objective}，{}决策。", parts.join("、"))
            }
        }
        Lang::En => {
            let objective = if gap > 0.0 { format!("Objective {} below plan 1", gap_text(gap)) } else { "Same objective as plan 1".to_string() };
            let parts: Vec<String> = named
                .iter()
                .enumerate()
                .map(|(i, (plan, n))| {
                    let nearest = if nearest_only && i == 1 { "the nearest, " } else { "" };
                    format!("{nearest}plan {plan} in {n}")
                })
                .collect();
            if parts.is_empty() {
                format!(" {objective}.")
            } else {
                format!(" {objective}; differs from {} decisions.", parts.join(", from "))
            }
        }
    }
}

/// "方案1" or "Plan 1", then `suffix` ("方案1调剂后", "Plan 1 after").
pub fn plan_title(rank: usize, suffix: &str, lang: Lang) -> String {
    let plan = labels(lang).plan;
    let space = punct(lang).space;
    let mut s = format!("{plan}{space}{rank}");
    if !suffix.is_empty() {
        s.push_str(space);
        s.push_str(suffix);
    }
    s
}

/// A standing's group of a kind of decision: `可选需求`, `Requests in some plans`.
pub fn standing_title(standing: &str, kind: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{standing}{kind}"),
        Lang::En => format!("{kind} {standing}"),
    }
}

/// A plan's solver status with its relative gap in %, when it has one:
/// `time_limit（未证明最优，相对间隙 0.1234%）` (the parentheses full-width in both
/// languages, as the workbook has always written them).
pub fn status_with_gap(status: &str, gap_percent: Option<f64>, lang: Lang) -> String {
    let gap = gap_percent.map(|g| format!("（{} {g:.4}%）", labels(lang).short_of_proof)).unwrap_or_default();
    format!("{status}{gap}")
}

/// A model's name with its title: `baseline（基准模型）`.
pub fn model_with_title(model: &str, title: &str) -> String {
    if title.is_empty() {
        model.to_string()
    } else {
        format!("{model}（{title}）")
    }
}

/// The stock-take's title line: `摸清底数：示例市（数据截至2025-06-30）`.
pub fn stocktake_heading(scenario: &str, as_of: &str, lang: Lang) -> String {
    let t = labels(lang);
    match lang {
        Lang::Zh => format!("{}：{scenario}（{}{as_of}）", t.stocktake, t.as_of),
        Lang::En => format!("{}: {scenario} ({} {as_of})", t.stocktake, t.as_of),
    }
}

/// The Markdown summary's opening line; the names come in already escaped.
pub fn summary_opening(as_of: &str, model: &str, model_title: &str, n_units: usize, n_requests: usize, n_plans: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("数据截至{as_of}；模型 {model}（{model_title}）；单位{n_units}个，需求{n_requests}项，方案{n_plans}个。\n\n"),
        Lang::En => format!("As of {as_of}; model {model} ({model_title}); {n_units} units, {n_requests} requests, {n_plans} plans.\n\n"),
    }
}

/// What the ledger holds and returns, as one paragraph states it.
pub struct LedgerFigures {
    pub grants: usize,
    pub lent: i64,
    pub used: i64,
    pub unused: i64,
    /// (quota, grants) returning unused at `as_of`.
    pub unused_returning: (i64, usize),
    /// (quota, grants) returning in full, past their term.
    pub expired_returning: (i64, usize),
    pub left_overstaffed: i64,
    /// (quota, grants) reaching their term within 12 months.
    pub expiring: (i64, usize),
}

/// The ledger in one paragraph of the summary.
pub fn ledger_paragraph(f: &LedgerFigures, lang: Lang) -> String {
    let ledger = labels(lang).ledger;
    let LedgerFigures { grants, lent, used, unused, unused_returning: (unused_q, unused_n), expired_returning: (expired_q, expired_n), left_overstaffed, expiring: (expiring_q, expiring_n) } = f;
    match lang {
        Lang::Zh => format!(
            "{ledger}：{grants}笔，调剂{lent}名，已使用{used}名，未使用{unused}名。到期收回：未使用部分{unused_q}名（{unused_n}笔），期满全部收回{expired_q}名（{expired_n}笔，留下超编{left_overstaffed}人）；12个月内到期{expiring_q}名（{expiring_n}笔）。\n\n"
        ),
        Lang::En => format!(
            "{ledger}: {}, {lent} lent, {used} used, {unused} unused. Returning now: {unused_q} unused ({}) and {expired_q} from expired grants ({}, leaving {left_overstaffed} overstaffed); reaching their term within 12 months: {expiring_q} ({}).\n\n",
            grants_en(*grants),
            grants_en(*unused_n),
            grants_en(*expired_n),
            grants_en(*expiring_n)
        ),
    }
}

/// "1 grant", "3 grants".
fn grants_en(n: usize) -> String {
    if n == 1 {
        "1 grant".to_string()
    } else {
        format!("{n} grants")
    }
}

/// One side of a diff: `plans.json 方案2（模型 baseline，目标值 812）`.
pub fn diff_side(file: &str, rank: usize, model: &str, objective: f64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{file} 方案{rank}（模型 {model}，目标值 {objective}）"),
        Lang::En => format!("{file} plan {rank} (model {model}, objective {objective})"),
    }
}

/// A diff of two plans that agree.
pub fn diff_agrees(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "两个方案的调整事项、需求和周转池均相同\n",
        Lang::En => "the two plans make the same moves, grants and pool balances\n",
    }
}

/// The diff's move tables: moves only A makes, only B makes, both with other amounts.
pub fn diff_move_titles(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::Zh => ["仅方案A", "仅方案B", "数量不同"],
        Lang::En => ["only in A", "only in B", "different amounts"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comparison_names_the_nearest_plan_when_it_names_only_two() {
        assert_eq!(comparison_sentence(0.0192, &[(1, 42), (2, 169)], false, Lang::Zh), "目标值比方案1低1.9%，与方案1相差42项、与方案2相差169项决策。");
        assert_eq!(
            comparison_sentence(0.0, &[(1, 30), (3, 9)], true, Lang::En),
            " Same objective as plan 1; differs from plan 1 in 30, from the nearest, plan 3 in 9 decisions."
        );
    }

    #[test]
    fn plan_titles_read_in_the_report_language() {
        assert_eq!(plan_title(2, labels(Lang::Zh).after, Lang::Zh), "方案2调剂后");
        assert_eq!(plan_title(2, labels(Lang::En).after, Lang::En), "Plan 2 after");
        assert_eq!(plan_title(1, "", Lang::Zh), "方案1");
    }
}
