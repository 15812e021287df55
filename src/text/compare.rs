//! The compare page's words (`compare.html`): its metric columns, solver statuses and
//! the trade-off chart's legend, axes and tooltips, in Chinese and English side by
//! side. The page is written in Chinese; the English is the name the analyst sees in
//! results.csv and the tables here keep the two together.

use super::parts::pct;
use super::Lang;

/// (metric key, Chinese, English) of each fixed metric column.
const COLUMNS: [(&str, &str, &str); 9] = [
    ("objective", "目标值", "objective"),
    ("rate", "需求满足率", "fulfilment"),
    ("requests_funded", "获批申请", "requests funded"),
    ("units_disrupted", "受影响单位", "units disrupted"),
    ("staff_moved", "调动人员", "staff moved"),
    ("reclaimed", "收回编制", "reclaimed"),
    ("merges", "撤并单位", "merges"),
    ("absorbed", "消化超编", "absorbed"),
    ("seconds", "用时（秒）", "seconds"),
];

/// A per-tier rate column (`rate.key`); the tier is the key's tail, shown under it.
const TIER_RATE: (&str, &str) = ("满足率", "fulfilment");

fn pick<'a>(zh: &'a str, en: &'a str, lang: Lang) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// A metric column's label; a metric without one shows its key.
pub fn column_label(key: &str, lang: Lang) -> String {
    if let Some((_, zh, en)) = COLUMNS.iter().find(|(k, _, _)| *k == key) {
        return pick(zh, en, lang).to_string();
    }
    if key.starts_with("rate.") {
        return pick(TIER_RATE.0, TIER_RATE.1, lang).to_string();
    }
    key.to_string()
}

/// (status, Chinese, English) of each row status.
const STATUSES: [(&str, &str, &str); 6] = [
    ("optimal", "最优", "optimal"),
    ("time_limit", "达到时限", "time limit"),
    ("gap_limit", "达到间隙", "gap limit"),
    ("infeasible", "不可行", "infeasible"),
    ("no_solution", "限内无解", "no solution"),
    ("error", "出错", "error"),
];

pub fn status_label(status: &str, lang: Lang) -> &'static str {
    STATUSES.iter().find(|(s, _, _)| *s == status).map_or(pick("其他", "other", lang), |(_, zh, en)| pick(zh, en, lang))
}

/// The chart's legend, in the order it is drawn: Pareto points, other points, the
/// baseline's mark, the failing mark, the frontier.
pub fn legend(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::Zh => ["帕累托最优", "其他方案", "基准", "未通过验收", "前沿"],
        Lang::En => ["Pareto-optimal", "other rows", "baseline", "not accepted", "frontier"],
    }
}

/// The chart's accessible name.
pub fn chart_name(scenario: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{scenario}：需求满足率与受影响单位数"),
        Lang::En => format!("{scenario}: fulfilment against units disrupted"),
    }
}

pub fn empty_chart(lang: Lang) -> &'static str {
    pick("没有可画的方案（本情景无一行有方案）", "nothing to draw (no row of this scenario has a plan)", lang)
}

/// The axes' titles: (x, y).
pub fn axis_titles(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Zh => ("受影响单位数（越少越好）→", "需求满足率（越高越好）→"),
        Lang::En => ("units disrupted (fewer is better) →", "fulfilment (higher is better) →"),
    }
}

/// What a point stands for.
pub struct PointFacts<'a> {
    pub row: usize,
    pub variant: &'a str,
    /// Units disrupted, as the axis shows it.
    pub disrupted: &'a str,
    pub fulfilment: f64,
    pub pareto: bool,
    pub baseline: bool,
    pub failed: bool,
}

/// A point's tooltip: its row and variant, its two figures, then its marks, a line each.
pub fn point_tooltip(p: &PointFacts, lang: Lang) -> String {
    let [pareto, _, baseline, failed, _] = legend(lang);
    let mut tip = match lang {
        Lang::Zh => format!("#{} {}\n受影响单位数 {}，需求满足率 {}", p.row, p.variant, p.disrupted, pct(p.fulfilment)),
        Lang::En => format!("#{} {}\nunits disrupted {}, fulfilment {}", p.row, p.variant, p.disrupted, pct(p.fulfilment)),
    };
    for (on, word) in [(p.pareto, pareto), (p.baseline, baseline), (p.failed, failed)] {
        if on {
            tip.push('\n');
            tip.push_str(word);
        }
    }
    tip
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_of_the_page_has_its_english_beside_it() {
        assert_eq!(column_label("units_disrupted", Lang::Zh), "受影响单位");
        assert_eq!(column_label("rate.key", Lang::En), "fulfilment");
        assert_eq!(column_label("gap", Lang::Zh), "gap", "a metric without a label shows its key");
        assert_eq!(status_label("time_limit", Lang::Zh), "达到时限");
        assert_eq!(status_label("odd", Lang::En), "other");
        let p = PointFacts { row: 3, variant: "v", disrupted: "12", fulfilment: 0.5, pareto: true, baseline: false, failed: true };
        assert_eq!(point_tooltip(&p, Lang::Zh), "#3 v\n受影响单位数 12，需求满足率 50.0%\n帕累托最优\n未通过验收");
    }
}
