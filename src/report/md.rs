//! summary.md: the headline figures and the comparison table, to paste into a 请示
//! (a request for instructions) or a meeting note. Plain GitHub-flavoured Markdown.

use super::view::Report;

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

pub fn render_markdown(r: &Report) -> String {
    let t = r.t;
    let mut out = String::new();
    let zh = t.lang == "zh";
    let (colon, open, close, comma) = if zh { ("：", "（", "）", "，") } else { (": ", " (", ")", ", ") };
    out.push_str(&format!("# {}{colon}{}\n\n", t.title, escape(&r.scenario)));
    if zh {
        out.push_str(&format!(
            "数据截至{}；模型 {}（{}）；单位{}个，需求{}项，方案{}个。\n\n",
            escape(&r.as_of),
            escape(&r.model),
            escape(&r.model_title),
            r.n_units,
            r.n_requests,
            r.plans.len()
        ));
    } else {
        out.push_str(&format!(
            "As of {}; model {} ({}); {} units, {} requests, {} plans.\n\n",
            escape(&r.as_of),
            escape(&r.model),
            escape(&r.model_title),
            r.n_units,
            r.n_requests,
            r.plans.len()
        ));
    }
    out.push_str(&format!("## {}\n\n", t.cover));
    out.push_str(&format!("| {} |", t.metric));
    for p in &r.plans {
        out.push_str(&format!(" {}{}{} |", t.plan, if zh { "" } else { " " }, p.rank));
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
    for p in &r.plans {
        out.push_str(&format!("## {}{}{}\n\n", t.plan, if zh { "" } else { " " }, p.rank));
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
                out.push_str(&format!("- …{}\n", t.more_in_workbook.replace("{n}", &(p.shortfalls.len() - SHORT_ROWS).to_string())));
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
                    out.push_str(&format!("- …{}\n", t.more_in_workbook.replace("{n}", &(p.differences.len() - DIFFERENCE_ROWS).to_string())));
                }
                out.push('\n');
            }
        }
    }
    out.push_str(&format!("---\n{}{colon}{}{comma}{}{colon}{}\n", t.digest, r.input_digest, t.model, r.model_digest));
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
