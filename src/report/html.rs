//! The leaders' report as one self-contained HTML page: the view of `view.rs` rendered
//! through a minijinja template (the built-in one, or an office's restyled copy), with
//! charts drawn here as inline SVG.
//!
//! Why SVG drawn in Rust and not a vendored chart library: the page must open on an
//! offline intranet machine and print on A4. Inline SVG needs no script, no licence
//! file, prints as crisp vectors, and costs a few kilobytes per chart, where a chart
//! library inlined would add about a megabyte to every report before any data.
//! Measured on the demo city with 3 plans (tests/it/browser.rs, headless chromium):
//! the page is 251 KB and loads and draws in about 370 ms (`load` event on a file://
//! URL); printed to A4 with every group unfolded it is 43 pages. At 50,000 units and
//! 5 plans it is 2.6 MB (benches/README.md).
//!
//! Invariants: every input string reaches the page escaped (auto-escape is on for
//! every template name, and the SVG functions escape their own labels); the page
//! references nothing outside itself; the same view gives byte-identical HTML.

use super::view::Report;
use crate::error::{Error, Issue};
use minijinja::value::{Kwargs, ViaDeserialize};
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};
use serde::Deserialize;
use unicode_width::UnicodeWidthChar;

/// The built-in template (minijinja); an office may restyle a copy and pass it with `--template`.
pub const DEFAULT_TEMPLATE: &str = include_str!("templates/report.html.j2");

/// The name the built-in template is known by in error messages.
const DEFAULT_NAME: &str = "report.html.j2";

/// Renders the report with `template` (shown name, text) or the built-in one.
///
/// A user's template that does not parse or render is bad input (`Error::Invalid`
/// naming the file and line); the built-in one failing is a bug (`Error::Internal`).
pub fn render_html(r: &Report, template: Option<(&str, &str)>) -> Result<String, Error> {
    let (name, text) = template.unwrap_or((DEFAULT_NAME, DEFAULT_TEMPLATE));
    let env = environment();
    let context = Value::from_serialize(r);
    let rendered = env.template_from_named_str(name, text).and_then(|tmpl| tmpl.render(context));
    rendered.map_err(|e| match template {
        Some(_) => Error::Invalid(vec![template_issue(name, &e)]),
        None => Error::Internal(format!("the built-in report template fails: {e:#}")),
    })
}

/// One issue naming the template and the line minijinja points at.
fn template_issue(name: &str, e: &minijinja::Error) -> Issue {
    let what = e.kind().to_string();
    let message = match e.detail() {
        Some(detail) => format!("cannot use this report template: {what}: {detail}"),
        None => format!("cannot use this report template: {what}"),
    };
    let mut issue = Issue::file_error(name, message.trim_end_matches('.').to_string());
    issue.row = e.line();
    issue
}

/// The environment every template renders in: HTML auto-escaping whatever the
/// template's file is called, undefined names as errors (a misspelt field in a
/// restyled template is reported with its line instead of printing nothing), and the
/// functions and filters the template header documents.
pub(crate) fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.add_function("bar_chart", bar_chart);
    env.add_filter("signed", signed);
    env.add_filter("fixed", fixed);
    env.add_filter("fill", fill);
    env
}

/// `n|signed`: a change with its sign (`+3`, `-2`, `0`).
fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

/// `x|fixed(digits)`: a number with that many decimals.
fn fixed(x: f64, digits: Option<usize>) -> String {
    format!("{x:.*}", digits.unwrap_or(1))
}

/// `label|fill(n)`: the label with `{n}` replaced (`t.more_in_workbook|fill(12)`).
fn fill(label: String, n: Value) -> String {
    label.replace("{n}", &n.to_string())
}

/// One bar pair as the template passes it (a `Bar` of the view).
#[derive(Deserialize)]
struct ChartBar {
    label: String,
    a: i64,
    b: i64,
}

/// Escapes text for SVG markup (text and attribute values alike).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Width of `text` in pixels at font size `px`: CJK characters are a full em, the rest
/// about half (the page's font is not known here, so this only needs to be safe).
fn text_width(text: &str, px: f64) -> f64 {
    text.chars().map(|c| c.width().unwrap_or(0) as f64 * 0.55 * px).sum()
}

/// `text` cut with an ellipsis to fit `max` pixels.
fn fit(text: &str, px: f64, max: f64) -> String {
    if text_width(text, px) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut width = text_width("…", px);
    for c in text.chars() {
        width += c.width().unwrap_or(0) as f64 * 0.55 * px;
        if width > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

// Geometry of a chart, in SVG user units (the SVG scales to its box).
const CHART_WIDTH: f64 = 480.0;
const LABEL_WIDTH: f64 = 112.0;
const VALUE_ROOM: f64 = 92.0;
const ROW_PITCH: f64 = 30.0;
const BAR_HEIGHT: f64 = 10.0;
const LEGEND_HEIGHT: f64 = 26.0;
const FONT: f64 = 12.0;
/// Series colours: the first (before, asked) muted, the second (after, granted) strong;
/// both print legibly in greyscale.
const COLOR_A: &str = "#b9c4d2";
const COLOR_B: &str = "#1f4e79";

/// `bar_chart(bars, a_label, b_label, title=…, percent=false)`: a horizontal bar chart
/// as inline SVG, two bars per label (`a` then `b`) with their values. `percent=true`
/// adds b as a share of a (fulfilment). Every label is escaped here; the markup is
/// returned as safe so the template's auto-escaping leaves it alone.
fn bar_chart(bars: ViaDeserialize<Vec<ChartBar>>, a_label: String, b_label: String, kwargs: Kwargs) -> Result<Value, minijinja::Error> {
    let title: Option<String> = kwargs.get("title")?;
    let percent: Option<bool> = kwargs.get("percent")?;
    kwargs.assert_all_used()?;
    Ok(Value::from_safe_string(svg_bars(&bars, &a_label, &b_label, title.as_deref(), percent.unwrap_or(false))))
}

fn svg_bars(bars: &[ChartBar], a_label: &str, b_label: &str, title: Option<&str>, percent: bool) -> String {
    let height = LEGEND_HEIGHT + bars.len().max(1) as f64 * ROW_PITCH + 6.0;
    let max = bars.iter().flat_map(|b| [b.a, b.b]).max().unwrap_or(0).max(1) as f64;
    let area = CHART_WIDTH - LABEL_WIDTH - VALUE_ROOM;
    let mut svg = String::with_capacity(400 + bars.len() * 600);
    svg.push_str(&format!(
        r#"<svg class="chart" viewBox="0 0 {CHART_WIDTH} {height}" role="img" font-size="{FONT}" aria-label="{}">"#,
        escape(title.unwrap_or(""))
    ));
    if let Some(title) = title {
        svg.push_str(&format!("<title>{}</title>", escape(title)));
    }
    // Legend.
    let legend_b = LABEL_WIDTH + 14.0 + 6.0 + text_width(a_label, FONT) + 20.0;
    svg.push_str(&format!(
        r#"<rect x="{LABEL_WIDTH}" y="6" width="12" height="10" fill="{COLOR_A}"/><text x="{}" y="15">{}</text><rect x="{legend_b}" y="6" width="12" height="10" fill="{COLOR_B}"/><text x="{}" y="15">{}</text>"#,
        LABEL_WIDTH + 18.0,
        escape(a_label),
        legend_b + 18.0,
        escape(b_label)
    ));
    for (i, bar) in bars.iter().enumerate() {
        let top = LEGEND_HEIGHT + i as f64 * ROW_PITCH;
        let wa = (bar.a.max(0) as f64 / max * area).round();
        let wb = (bar.b.max(0) as f64 / max * area).round();
        let ya = top + 3.0;
        let yb = ya + BAR_HEIGHT + 2.0;
        let b_text = if percent && bar.a > 0 { format!("{} ({:.1}%)", bar.b, bar.b as f64 / bar.a as f64 * 100.0) } else { bar.b.to_string() };
        svg.push_str(&format!(
            r##"<g><title>{label}: {a_label} {a}, {b_label} {b}</title><text x="{lx}" y="{ty}" text-anchor="end">{short}</text><rect x="{LABEL_WIDTH}" y="{ya}" width="{wa}" height="{BAR_HEIGHT}" fill="{COLOR_A}"/><text x="{xa}" y="{tya}" font-size="10" fill="#555">{a}</text><rect x="{LABEL_WIDTH}" y="{yb}" width="{wb}" height="{BAR_HEIGHT}" fill="{COLOR_B}"/><text x="{xb}" y="{tyb}" font-size="10">{b_text}</text></g>"##,
            label = escape(&bar.label),
            a_label = escape(a_label),
            b_label = escape(b_label),
            a = bar.a,
            b = bar.b,
            lx = LABEL_WIDTH - 8.0,
            ty = top + BAR_HEIGHT + 5.0,
            short = escape(&fit(&bar.label, FONT, LABEL_WIDTH - 12.0)),
            xa = LABEL_WIDTH + wa + 4.0,
            tya = ya + BAR_HEIGHT - 1.0,
            xb = LABEL_WIDTH + wb + 4.0,
            tyb = yb + BAR_HEIGHT - 1.0,
        ));
    }
    if bars.is_empty() {
        svg.push_str(&format!(r##"<line x1="{LABEL_WIDTH}" y1="{y}" x2="{}" y2="{y}" stroke="#ccc"/>"##, CHART_WIDTH - VALUE_ROOM, y = LEGEND_HEIGHT + 16.0));
    }
    // The axis the bars start from.
    svg.push_str(&format!(r##"<line x1="{LABEL_WIDTH}" y1="{LEGEND_HEIGHT}" x2="{LABEL_WIDTH}" y2="{}" stroke="#888"/>"##, height - 4.0));
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::fixture;
    use crate::report::moves_view::{MoveGroup, MoveRow};
    use crate::report::view::{build_report, Bar};
    use crate::search::solve_ranked;
    use crate::text::Lang;
    use crate::solve::SolveOptions;

    const NASTY: &str = "<script>alert(1)</script>\"'&";

    /// A small solved scenario whose unit and request names are markup.
    fn nasty_report() -> Report {
        let (mut s, p) = fixture(
            "",
            &[("U1", "P", "教育", "active", false), ("U2", "P", "教育", "active", false)],
            &[("U1", 10, 10), ("U2", 10, 6)],
            &[("POOL-MUNI", 4, "*", 0)],
            &[("R1", "U1", 6, "key", 0)],
        );
        for u in &mut s.units {
            u.name = format!("{NASTY}{}", u.id);
            u.sector = NASTY.to_string();
        }
        for r in &mut s.requests {
            r.reason = NASTY.to_string();
        }
        for pool in &mut s.pools {
            pool.name = NASTY.to_string();
        }
        let ranked = solve_ranked(&s, &p, 1, &SolveOptions::default()).expect("solves");
        build_report(&s, &p, &ranked.doc, Lang::Zh)
    }

    #[test]
    fn input_text_reaches_the_page_only_escaped_including_chart_labels() {
        let r = nasty_report();
        assert!(r.plans[0].sector_bars.iter().any(|b| b.label == NASTY), "the sector chart carries the name");
        let html = render_html(&r, None).expect("renders");
        assert!(!html.contains("<script>alert"), "raw markup from input");
        assert!(!html.contains("\"'&"), "raw quotes and ampersand from input");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;"), "escaped text is there");
        // Inside the SVG too: the chart's own escape.
        let svg_start = html.find("<svg").expect("a chart");
        let svg = &html[svg_start..];
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"), "escaped in SVG labels");
        // The only script on the page is the template's own.
        assert_eq!(html.matches("<script").count(), 1);
    }

    #[test]
    fn a_template_that_does_not_parse_names_its_file_and_line() {
        let r = nasty_report();
        let text = "<html>\n<body>\n{% for p in plans %}\n{{ p.rank }\n{% endfor %}\n";
        let Err(Error::Invalid(issues)) = render_html(&r, Some(("office.html.j2", text))) else { panic!("invalid template accepted") };
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].file, "office.html.j2");
        assert_eq!(issues[0].row, Some(4));
        assert!(issues[0].message.starts_with("cannot use this report template: syntax error"), "{}", issues[0].message);
        assert!(!issues[0].message.ends_with('.'), "{}", issues[0].message);
    }

    #[test]
    fn a_template_that_fails_while_rendering_names_its_line() {
        let r = nasty_report();
        let text = "line one\n{{ plans[0].no_such_field }}\n";
        let Err(Error::Invalid(issues)) = render_html(&r, Some(("mine.j2", text))) else { panic!("undefined field accepted") };
        assert_eq!((issues[0].file.as_str(), issues[0].row), ("mine.j2", Some(2)));
        assert!(issues[0].message.contains("undefined"), "{}", issues[0].message);
    }

    #[test]
    fn a_template_with_any_name_is_escaped_as_html() {
        let r = nasty_report();
        let html = render_html(&r, Some(("plain.txt", "{{ plans[0].requests[0].stated }}"))).expect("renders");
        assert_eq!(html, "&lt;script&gt;alert(1)&lt;&#x2f;script&gt;&quot;&#x27;&amp;");
    }

    #[test]
    fn the_same_view_renders_byte_identical_html() {
        let r = nasty_report();
        assert_eq!(render_html(&r, None).unwrap(), render_html(&r, None).unwrap());
    }

    #[test]
    fn the_built_in_template_is_the_one_printed() {
        assert!(DEFAULT_TEMPLATE.starts_with("{#"), "the header comment documents the template");
        assert!(DEFAULT_TEMPLATE.contains("bar_chart("));
    }

    #[test]
    fn thousands_of_moves_stay_a_small_page_because_rows_above_the_cap_are_left_out() {
        let mut r = nasty_report();
        let template_row = r.plans[0].groups[0].rows[0].clone();
        let rows: Vec<MoveRow> = (0..5000)
            .map(|i| MoveRow { from: format!("D{i:05}"), reason: format!("收回空编{i}名：单位职能调整后长期空编，按规定收回至周转池统筹使用"), ..template_row.clone() })
            .collect();
        for plan in &mut r.plans {
            plan.groups = vec![MoveGroup { kind: "reclaim", title: "收回空编", total: 5000, rows: rows.clone() }];
            plan.moves = rows.len();
            plan.shortfalls = (0..3000).map(|_| plan.requests[0].clone()).collect();
            plan.differences = (0..3000).map(|i| format!("difference {i}")).collect();
        }
        let html = render_html(&r, None).expect("renders");
        assert!(html.len() < 1_500_000, "{} bytes", html.len());
        assert!(html.contains("D00299") && !html.contains("D00300"), "the first 300 rows and no more");
        assert!(html.contains("其余4700条见 plans.xlsx"), "says where the rest is");
        assert!(html.contains("其余2700条见 plans.xlsx"), "shortfalls and differences are cut too");
    }

    #[test]
    fn a_later_years_thousands_of_moves_and_a_ledgers_thousands_of_grants_are_folded_and_cut() {
        let (s, p) = crate::analyze::tests::with_ledger();
        let ranked = crate::horizon::solve_years(&s, &p, 1, 2, &SolveOptions::default()).expect("solves");
        let mut r = build_report(&s, &p, &ranked.doc, Lang::Zh);
        let template_row = r.plans[0].groups[0].rows[0].clone();
        let rows: Vec<MoveRow> = (0..5000).map(|i| MoveRow { from: format!("Y{i:05}"), ..template_row.clone() }).collect();
        let years = r.years.as_mut().expect("years");
        years.rows[1].groups = vec![MoveGroup { kind: "return", title: "周转编制收回", total: 5000, rows }];
        years.rows[1].moves = 5000;
        let ledger = r.ledger.as_mut().expect("a ledger");
        let due = ledger.returning[0].rows[0].clone();
        ledger.returning[0].rows = (0..5000).map(|i| crate::report::ledger_view::DueRow { grant: format!("L{i:05}"), ..due.clone() }).collect();
        let expiring = ledger.expiring[0].clone();
        ledger.expiring = (0..5000).map(|i| crate::report::ledger_view::ExpiringRow { grant: format!("E{i:05}"), ..expiring.clone() }).collect();
        let html = render_html(&r, None).expect("renders");
        assert!(html.len() < 1_500_000, "{} bytes", html.len());
        assert!(html.contains("Y00299") && !html.contains("Y00300"), "the first 300 moves of the year and no more");
        assert!(html.contains("L00299") && !html.contains("L00300") && html.contains("E00299") && !html.contains("E00300"), "the first 300 grants");
        assert_eq!(html.matches("其余4700条见 plans.xlsx").count(), 3, "each list says where the rest is");
        let years = &html[html.find("id=\"years\"").expect("a years section")..html.find("id=\"ledger\"").expect("a ledger section")];
        assert!(years.contains("<details><summary>共5000项 · 展开全部</summary>"), "the year's moves are folded");
    }

    #[test]
    fn the_comparison_of_plans_cuts_each_group_and_shows_ranges_only_when_present() {
        use crate::report::choices::{RangeRow, RangesView, RequestChoice, StandingCount};
        let mut r = nasty_report();
        let html = render_html(&r, None).expect("renders");
        assert!(!html.contains("id=\"choices\""), "one plan and no ranges: nothing to compare");
        r.choices.plans = 2;
        let row = RequestChoice {
            request: String::new(),
            unit: "U1".into(),
            unit_name: "单位U1".into(),
            sector: "教育".into(),
            tier: "保重点".into(),
            ty: "事业编制".into(),
            amount: 3,
            count: 1,
            plans: vec![2],
            plans_text: "2".into(),
        };
        r.choices.requests[1].rows = (0..450).map(|i| RequestChoice { request: format!("Q{i:04}"), ..row.clone() }).collect();
        let html = render_html(&r, None).expect("renders");
        assert!(html.contains("<section class=\"choices\" id=\"choices\">") && html.contains("href=\"#choices\""));
        assert!(html.contains("data-choice=\"some\"") && html.contains("Q0199") && !html.contains("Q0200"), "the first 200 rows and no more");
        assert!(html.contains("其余250条见 plans.xlsx"), "says where the rest is");
        assert!(html.contains("<td class=\"n\">1/2</td>"), "in how many plans");
        assert!(!html.contains("近优方案调剂区间"), "no ranges asked for");
        let range = RangeRow {
            request: "R1".into(),
            unit: "U1".into(),
            unit_name: "单位U1".into(),
            tier: "保重点".into(),
            amount: 6,
            min: 2,
            max: 6,
            status: "optimal".into(),
            always: true,
        };
        let counts = vec![StandingCount { choice: "always", label: "必选", n: 1 }];
        r.ranges = Some(RangesView { rows: vec![range], always: 1, some: 0, never: 0, unproven: 0, counts });
        let html = render_html(&r, None).expect("renders");
        let at = html.find("<table class=\"ranges\">").expect("a ranges table");
        let table = &html[at..at + html[at..].find("</table>").expect("closed")];
        assert!(table.contains("<td class=\"n\">2</td><td class=\"n\">6</td><td>是</td><td>optimal</td>"), "{table}");
    }

    #[test]
    fn a_chart_scales_its_bars_to_the_largest_value_and_cuts_long_labels() {
        let bars = [
            ChartBar { label: "教育".into(), a: 10, b: 5 },
            ChartBar { label: "一个名字非常非常非常非常长的单位系统".into(), a: 0, b: 0 },
        ];
        let svg = svg_bars(&bars, "调剂前", "调剂后", Some("t"), true);
        assert!(svg.contains(r#"width="276""#), "the largest bar fills the area: {svg}");
        assert!(svg.contains(r#"width="138""#), "half of it");
        assert!(svg.contains("5 (50.0%)"), "share shown");
        assert!(svg.contains("…</text>"), "long label cut");
        assert!(svg.contains("一个名字非常非常非常非常长的单位系统: "), "full label kept in the tooltip");
        assert!(!svg.contains("http"), "no namespace needed in HTML5");
        let _ = Bar { label: String::new(), a: 0, b: 0 };
    }
}
