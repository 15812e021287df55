//! The pieces every sentence is made of: figures as text (a share as `42.9%`, an
//! objective gap as a leader reads it), the policy's word for a type or a tier in each
//! language, lists of plan ranks, and each language's punctuation — so no renderer
//! decides for itself whether Chinese takes a space or a full-width colon.

use super::Lang;
use crate::domain::Choice;
use crate::policy::Policy;

/// A share as a percentage with one decimal: `42.9%`.
pub fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// A relative objective gap as a leader reads it: `0%` only when there is none, `<0.1%`
/// for a gap too small to show at one decimal, else `1.9%`.
pub fn gap_text(gap: f64) -> String {
    if gap <= 0.0 {
        "0%".into()
    } else if gap < 0.0005 {
        "<0.1%".into()
    } else {
        pct(gap)
    }
}

/// A type in `lang`: the policy's label in Chinese (`事业编制`), the key in English.
pub fn type_text(p: &Policy, ty: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => p.type_label(ty).to_string(),
        Lang::En => ty.to_string(),
    }
}

/// A tier in `lang`: the policy's label in Chinese (`保重点`), the key in English.
pub fn tier_text(p: &Policy, tier: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => p.tier_label(tier).to_string(),
        Lang::En => tier.to_string(),
    }
}

/// A word that has a Chinese label and a key: the label in Chinese (the key when the
/// label is empty), the key in English.
pub fn label_or_key<'a>(label: &'a str, key: &'a str, lang: Lang) -> &'a str {
    match lang {
        Lang::Zh if !label.is_empty() => label,
        _ => key,
    }
}

/// A decision's standing over the plans: `必选`, `in every plan` (the domain names them).
pub fn choice_label(c: Choice, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => c.zh(),
        Lang::En => c.en(),
    }
}

/// Each language's punctuation between the parts of a line.
pub struct Punct {
    /// After a heading: `：`, `: `.
    pub colon: &'static str,
    /// Around an aside: `（…）`, ` (…)`.
    pub open: &'static str,
    pub close: &'static str,
    /// Between clauses: `，`, `, `.
    pub comma: &'static str,
    /// Between the items of a list: `、`, `, `.
    pub list: &'static str,
    /// Between sentences of one line: `；`, `; `.
    pub semicolon: &'static str,
    /// Between a word and what it qualifies (`方案1`, `Plan 1`): nothing, a space.
    pub space: &'static str,
}

const ZH_PUNCT: Punct = Punct { colon: "：", open: "（", close: "）", comma: "，", list: "、", semicolon: "；", space: "" };
const EN_PUNCT: Punct = Punct { colon: ": ", open: " (", close: ")", comma: ", ", list: ", ", semicolon: "; ", space: " " };

pub fn punct(lang: Lang) -> &'static Punct {
    match lang {
        Lang::Zh => &ZH_PUNCT,
        Lang::En => &EN_PUNCT,
    }
}

/// Two words as one name: `保重点调剂名额`, `key granted`.
pub fn joined(first: &str, second: &str, lang: Lang) -> String {
    format!("{first}{}{second}", punct(lang).space)
}

/// A heading and what it heads: `周转编制台账：笔数`, `Revolving grants ledger: Grants`.
pub fn headed(heading: &str, rest: &str, lang: Lang) -> String {
    format!("{heading}{}{rest}", punct(lang).colon)
}

/// Plan ranks as a list: `1、3` in Chinese, `1, 3` in English.
pub fn ranks_text(ranks: &[usize], lang: Lang) -> String {
    ranks.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(punct(lang).list)
}

/// A label's `{n}` filled in (`其余{n}条见 plans.xlsx`).
pub fn fill(label: &str, n: impl std::fmt::Display) -> String {
    label.replace("{n}", &n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gap_reads_zero_only_when_there_is_none() {
        assert_eq!(gap_text(0.0), "0%");
        assert_eq!(gap_text(0.0001), "<0.1%");
        assert_eq!(gap_text(0.0192), "1.9%");
    }

    #[test]
    fn chinese_joins_without_a_space_and_english_with_one() {
        assert_eq!(joined("保重点", "调剂名额", Lang::Zh), "保重点调剂名额");
        assert_eq!(joined("key", "granted", Lang::En), "key granted");
        assert_eq!(headed("台账", "笔数", Lang::Zh), "台账：笔数");
        assert_eq!(ranks_text(&[1, 3], Lang::Zh), "1、3");
        assert_eq!(ranks_text(&[1, 3], Lang::En), "1, 3");
    }
}
