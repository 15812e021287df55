//! Every word of what planners and leaders read — plans.json's sentences, the reports,
//! the terminal tables, the compare page — in Chinese (the default, and what plans.json
//! carries) and English, chosen by [`Lang`] (input errors speak for themselves, as
//! `Issue`s): a move's reason, a request's why-not, a
//! plan's differences (`reasons`), the Chinese of plans.json (`plans_json`), the rules
//! an infeasible scenario cannot keep (`conflicts`), the report's fixed words
//! (`labels`, a name table) and the sentences it builds from figures (`sentences`),
//! the stock-take's notes on units (`stocktake`), the terminal's bilingual headers and
//! lines (`terminal`), the workbook's sheet names (`sheets`), the compare page's words
//! (`compare`), and the pieces all of them share — figures as text, a type's or tier's
//! word, punctuation (`parts`).
//!
//! Why `explain` stays beside this room rather than inside it: an explanation is data
//! first — the binding limitation of a request, what a plan changes against plan 1 —
//! which the search, the report, `diff` and tests read and compare as values; the words
//! are one rendering of it. Kept apart, a wording or a language changes only files
//! here, and the dependency points one way: `text` reads `explain`, `analyze`,
//! `domain`, `policy` and `rules`, and nothing below it reads `text` (the search and
//! the report call it to say things). No IO.

mod compare;
mod conflicts;
mod labels;
mod parts;
mod plans_json;
mod reasons;
mod sentences;
pub mod sheets;
mod stocktake;
pub mod terminal;

pub use compare::{axis_titles, chart_name, column_label, empty_chart, legend, point_tooltip, status_label, PointFacts};
pub use conflicts::render_conflicts;
pub use labels::{labels, Labels};
pub use parts::{choice_label, fill, gap_text, headed, joined, label_or_key, pct, punct, ranks_text, tier_text, type_text, Punct};
pub use plans_json::{annotate, annotate_alternatives, differences};
pub use reasons::{render_difference, render_move_reason, render_why_not};
pub use sentences::{
    comparison_sentence, diff_agrees, diff_move_titles, diff_side, headline, ledger_paragraph, model_with_title, plan_title,
    reclaim_concentration, returns_sentence, standing_title, status_with_gap, stocktake_heading, summary_opening, HeadlineFigures,
    LedgerFigures,
};
pub use stocktake::unit_note;

/// The language of a rendering.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}
