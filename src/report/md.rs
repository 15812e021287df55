//! summary.md: the headline figures and the comparison table, to paste into a 请示
//! (a request for instructions) or a meeting note. Plain GitHub-flavoured Markdown.

use super::view::Report;
use crate::text::{fill, joined, ledger_paragraph, plan_title, punct, standing_title, summary_opening, LedgerFigures, Punct};

/// Escapes what Markdown would read as markup, so a unit name like `*重点*|x` or
/// `<b>` stays text and cannot break a table.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Requests not granted in full listed per plan; the rest are counted.
const SHORT_ROWS: usize = 5;
/// Differences from plan 1 listed per plan.
const DIFFERENCE_ROWS: usize = 8;
/// Decisions listed per group of the comparison of plans, and ranges listed.
const CHOICE_ROWS: usize = 200;

pub fn render_markdown(r: &Report) -> String {
    let t = r.t;
    let lang = r.lang;
    let mut out = String::new();
    let &Punct { colon, open, close, comma, .. } = punct(lang);
    out.push_str(&format!("# {}{colon}{}\n\n", t.title, escape(&r.scenario)));
    out.push_str(&summary_opening(&escape(&r.as_of), &escape(&r.model), &escape(&r.model_title), r.n_units, r.n_requests, r.plans.len(), lang));
    if let Some(d) = &r.diverse {
        out.push_str(&format!("{}{colon}{} {}{comma}{} {}\n\n", t.diverse, t.diverse_eps, d.eps_text, t.objective_floor, d.objective_floor));
    }
    out.push_str(&format!("## {}\n\n", t.cover));
    out.push_str(&format!("| {} |", t.metric));
    for p in &r.plans {
        out.push_str(&format!(" {} |", plan_title(p.rank, "", lang)));
    }
    out.push_str("\n|---|");
    for _ in &r.plans {
        out.push_str("---:|");
    }
    out.push('\n');
    for k in &r.kpis {
        out.push_str(&format!("| {} |", escape(&k.label)));
        for c in &k.cells {
            out.push_str(&format!(" {} |", escape(c)));
        }
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&ledger(r));
    out.push_str(&years(r));
    out.push_str(&choices(r));
    for p in &r.plans {
        out.push_str(&format!("## {}\n\n", plan_title(p.rank, "", lang)));
        out.push_str(&format!("**{}**{colon}{}\n\n", t.headline, escape(&p.headline)));
        if let (Some(status), Some(gap)) = (&p.status, p.gap_percent) {
            out.push_str(&format!("> {}{colon}{status}{comma}{} {gap:.4}%\n\n", t.status, t.short_of_proof));
        }
        if p.shortfalls.is_empty() {
            out.push_str(&format!("{}{colon}{}\n\n", t.shortfalls, t.none));
        } else {
            out.push_str(&format!("{}{open}{}{close}{colon}\n\n", t.shortfalls, p.shortfalls.len()));
            for s in p.shortfalls.iter().take(SHORT_ROWS) {
                out.push_str(&format!(
                    "- {} {}{open}{}{comma}{} {}{comma}{} {}{close}{colon}{}\n",
                    escape(&s.request),
                    escape(&s.unit_name),
                    escape(&s.tier),
                    t.asked,
                    s.amount,
                    t.granted,
                    s.granted,
                    escape(&s.why_not)
                ));
            }
            if p.shortfalls.len() > SHORT_ROWS {
                out.push_str(&format!("- …{}\n", fill(t.more_in_workbook, p.shortfalls.len() - SHORT_ROWS)));
            }
            out.push('\n');
        }
        if p.rank > 1 {
            if p.differences.is_empty() {
                out.push_str(&format!("{}{colon}{}\n\n", t.differences, t.none));
            } else {
                out.push_str(&format!("{}{colon}\n\n", t.differences));
                for d in p.differences.iter().take(DIFFERENCE_ROWS) {
                    out.push_str(&format!("- {}\n", escape(d)));
                }
                if p.differences.len() > DIFFERENCE_ROWS {
                    out.push_str(&format!("- …{}\n", fill(t.more_in_workbook, p.differences.len() - DIFFERENCE_ROWS)));
                }
                out.push('\n');
            }
        }
    }
    out.push_str(&format!("---\n{}{colon}{}{comma}{}{colon}{}\n", t.digest, r.input_digest, t.model, r.model_digest));
    out
}

/// The revolving-grant ledger in one paragraph, when the scenario has one: what it has
/// lent, what returns at `as_of` and what reaches its term within 12 months (report.html
/// and plans.xlsx list the grants).
fn ledger(r: &Report) -> String {
    let Some(l) = &r.ledger else { return String::new() };
    let (unused, expired) = (l.unused(), l.expired());
    let figures = LedgerFigures {
        grants: l.total.grants,
        lent: l.total.lent,
        used: l.total.used,
        unused: l.total.unused,
        unused_returning: (unused.total, unused.rows.len()),
        expired_returning: (expired.total, expired.rows.len()),
        left_overstaffed: l.left_overstaffed,
        expiring: (l.expiring_total, l.expiring.len()),
    };
    ledger_paragraph(&figures, r.lang)
}

/// Requests dropped (their unit merged) named per year.
const DROPPED_ROWS: usize = 20;

/// "分年度安排" with `--years`: one row per year (date, retirements, returns, granted of
/// asked, reclaimed, merges, absorbed, all pools and the pools the page shows, before →
/// after), then the requests a year drops because their unit was merged.
fn years(r: &Report) -> String {
    let t = r.t;
    let Some(v) = &r.years else { return String::new() };
    let lang = r.lang;
    let mut out = format!("## {}\n\n{}\n\n", t.years, t.years_note);
    out.push_str(&format!(
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
        t.year, t.year_start, t.retired, t.kind_return, t.granted_asked, t.reclaimed, t.merges, t.absorbed, t.pools_total
    ));
    for h in &v.pools {
        out.push_str(&format!(" {} |", escape(if h.name.is_empty() { &h.pool } else { &h.name })));
    }
    out.push_str("\n|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for _ in &v.pools {
        out.push_str("---:|");
    }
    out.push('\n');
    for y in &v.rows {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {}/{} | {} | {} | {} | {} → {} |",
            y.title,
            escape(&y.start),
            y.retired,
            y.returns,
            y.granted,
            y.asked,
            y.reclaimed,
            y.merges,
            y.absorbed,
            y.pools_before,
            y.pools_after
        ));
        for pl in &y.shown {
            out.push_str(&format!(" {} → {} |", pl.before, pl.after));
        }
        out.push('\n');
    }
    out.push('\n');
    if v.pools_hidden > 0 {
        out.push_str(&format!("{}\n\n", fill(t.more_pools, v.pools_hidden)));
    }
    let colon = punct(lang).colon;
    for y in v.rows.iter().filter(|y| !y.dropped.is_empty()) {
        let named: Vec<String> = y.dropped.iter().take(DROPPED_ROWS).map(|d| escape(d)).collect();
        let more = y.dropped.len().saturating_sub(DROPPED_ROWS);
        let tail = if more > 0 { format!(" …{}", fill(t.more_in_workbook, more)) } else { String::new() };
        out.push_str(&format!("- {} · {}{colon}{}{tail}\n", y.title, t.dropped, named.join(punct(lang).list)));
    }
    if v.rows.iter().any(|y| !y.dropped.is_empty()) {
        out.push('\n');
    }
    out
}

/// "方案比较：必选 / 可选 / 不选" when there are plans to compare (or `--ranges`): the
/// counts per kind, then what leaders choose between: the 可选 requests, donor units and
/// merged units, and the requests no plan funds. 必选 decisions and unused candidates
/// are counted only (report.html and plans.xlsx list them).
fn choices(r: &Report) -> String {
    let t = r.t;
    let c = &r.choices;
    if c.plans < 2 && r.ranges.is_none() {
        return String::new();
    }
    let lang = r.lang;
    let &Punct { colon, open, close, comma, .. } = punct(lang);
    let plan_word = |ranks: &str| joined(t.plan, ranks, lang);
    // "可选需求", "Requests in some plans".
    let group_title = |standing: &str, kind: &str| standing_title(standing, kind, lang);
    let mut out = format!("## {}\n\n", t.choices);
    if c.plans > 1 {
        out.push_str(&format!("{}\n\n", fill(t.choices_note, c.plans)));
        out.push_str(&format!("| {} |", t.col_decision));
        for g in &c.requests {
            out.push_str(&format!(" {} |", g.label));
        }
        out.push_str("\n|---|---:|---:|---:|\n");
        for (kind, counts) in [
            (t.requests, c.requests.iter().map(|g| g.rows.len()).collect::<Vec<_>>()),
            (t.donor_candidates, c.donors.iter().map(|g| g.rows.len()).collect()),
            (t.merge_candidates, c.merges.iter().map(|g| g.rows.len()).collect()),
        ] {
            out.push_str(&format!("| {kind} |"));
            for n in counts {
                out.push_str(&format!(" {n} |"));
            }
            out.push('\n');
        }
        out.push('\n');
        let more = |n: usize| format!("- …{}\n", fill(t.more_in_workbook, n));
        for g in c.requests.iter().filter(|g| g.choice != "always" && !g.rows.is_empty()) {
            out.push_str(&format!("{}{open}{}{close}{colon}\n\n", group_title(g.label, t.requests), g.rows.len()));
            for q in g.rows.iter().take(CHOICE_ROWS) {
                let in_plans = if q.plans.is_empty() { String::new() } else { format!("{comma}{}", plan_word(&q.plans_text)) };
                out.push_str(&format!(
                    "- {} {}{open}{}{comma}{} {}{close}{colon}{}/{}{in_plans}\n",
                    escape(&q.request),
                    escape(&q.unit_name),
                    escape(&q.tier),
                    t.asked,
                    q.amount,
                    q.count,
                    c.plans
                ));
            }
            if g.rows.len() > CHOICE_ROWS {
                out.push_str(&more(g.rows.len() - CHOICE_ROWS));
            }
            out.push('\n');
        }
        for (kind, groups) in [(t.donor_candidates, &c.donors), (t.merge_candidates, &c.merges)] {
            for g in groups.iter().filter(|g| g.choice == "some" && !g.rows.is_empty()) {
                out.push_str(&format!("{}{open}{}{close}{colon}\n\n", group_title(g.label, kind), g.rows.len()));
                for u in g.rows.iter().take(CHOICE_ROWS) {
                    out.push_str(&format!(
                        "- {} {}{colon}{}/{}{comma}{}\n",
                        escape(&u.unit),
                        escape(&u.unit_name),
                        u.count,
                        c.plans,
                        plan_word(&u.plans_text)
                    ));
                }
                if g.rows.len() > CHOICE_ROWS {
                    out.push_str(&more(g.rows.len() - CHOICE_ROWS));
                }
                out.push('\n');
            }
        }
    }
    if let Some(ranges) = &r.ranges {
        out.push_str(&format!("### {}\n\n{}", t.ranges, t.ranges_note));
        for (i, n) in ranges.counts.iter().enumerate() {
            out.push_str(&format!("{}{} {}", if i == 0 { " " } else { " · " }, n.label, n.n));
        }
        out.push_str("\n\n");
        // Requests whose grant can vary within ε, widest first.
        let varying: Vec<_> = ranges.rows.iter().filter(|q| q.min < q.max).collect();
        if !varying.is_empty() {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} |\n|---|---|---|---:|---:|---:|---|\n",
                t.request, t.unit_name, t.tier, t.asked, t.range_min, t.range_max, t.range_status
            ));
            for q in varying.iter().take(CHOICE_ROWS) {
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {} | {} |\n",
                    escape(&q.request),
                    escape(&q.unit_name),
                    escape(&q.tier),
                    q.amount,
                    q.min,
                    q.max,
                    escape(&q.status)
                ));
            }
            if varying.len() > CHOICE_ROWS {
                out.push_str(&format!("\n{}\n", fill(t.more_in_workbook, varying.len() - CHOICE_ROWS)));
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markdown_markup_in_input_text_stays_text() {
        assert_eq!(escape("a|b*c*<x>\n"), "a\\|b\\*c\\*\\<x\\> ");
        assert_eq!(escape("第一中学（分校）"), "第一中学（分校）");
    }
}
