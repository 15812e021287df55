//! The HTML report of the demo city as a reader sees it: its text content (not its
//! bytes) snapshotted in Chinese and English, and the page's self-containment (nothing
//! it could fetch from a network), plus restyled templates through the command line.

use crate::common::{bianzhi, demo_city, solve_demo};
use std::path::Path;

/// `report --html` into `dir`, with extra arguments; returns the page.
fn html_report(dir: &Path, plans: &Path, name: &str, extra: &[&str]) -> String {
    let html = dir.join(name);
    bianzhi().arg("report").arg(demo_city()).arg(plans).arg("--html").arg(&html).args(extra).assert().code(0);
    std::fs::read_to_string(&html).expect("report.html")
}

/// What a reader sees: scripts and styles dropped, tags removed (block tags end a
/// line), entities decoded, whitespace collapsed, empty lines dropped.
pub fn text_content(html: &str) -> String {
    let mut rest = html.to_string();
    for tag in ["script", "style"] {
        while let Some(start) = rest.find(&format!("<{tag}")) {
            let close = format!("</{tag}>");
            let end = rest[start..].find(&close).map(|e| start + e + close.len()).unwrap_or(rest.len());
            rest.replace_range(start..end, " ");
        }
    }
    const BLOCKS: [&str; 22] = [
        "p", "div", "h1", "h2", "h3", "h4", "tr", "li", "ul", "ol", "table", "thead", "tbody", "section", "header", "footer", "figure",
        "figcaption", "details", "summary", "dt", "g",
    ];
    let mut text = String::with_capacity(rest.len());
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '<' {
            // Line breaks in the source are only spaces to a reader; block tags make lines.
            text.push(if c.is_whitespace() { ' ' } else { c });
            continue;
        }
        let end = rest[i..].find('>').map(|e| i + e).unwrap_or(rest.len() - 1);
        let tag = &rest[i + 1..end];
        let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        text.push(if BLOCKS.contains(&name.as_str()) { '\n' } else { ' ' });
        while chars.peek().is_some_and(|(j, _)| *j <= end) {
            chars.next();
        }
    }
    let decoded = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&");
    decoded
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_demo_report_reads_as_a_leader_sees_it_in_chinese_and_english() {
    let (tmp, plans, _) = solve_demo(3);
    for lang in ["zh", "en"] {
        let html = html_report(tmp.path(), &plans, &format!("report-{lang}.html"), &["--lang", lang]);
        let expected_lang = if lang == "zh" { "<html lang=\"zh-CN\">" } else { "<html lang=\"en\">" };
        assert!(html.contains(expected_lang), "{lang}");
        insta::assert_snapshot!(format!("demo_report_text_{lang}"), text_content(&html));
    }
}

#[test]
fn the_demo_report_fetches_nothing_and_links_only_within_itself() {
    let (tmp, plans, _) = solve_demo(3);
    let html = html_report(tmp.path(), &plans, "report.html", &[]);
    // The demo's input text has no web addresses, so none may appear at all: not even an
    // SVG namespace (HTML5 needs none).
    assert!(!html.contains("http"), "a web address in the page");
    for needle in ["<link", "@import", "<img", "<iframe", "<object", "<embed", "srcset"] {
        assert!(!html.contains(needle), "{needle} in the page");
    }
    for (i, _) in html.match_indices("url(") {
        assert!(html[i + 4..].trim_start_matches(['"', '\'']).starts_with("data:"), "url( to something not inline: {}", &html[i..i + 40]);
    }
    for attr in ["src=", "href="] {
        for (i, _) in html.match_indices(attr) {
            let value = html[i + attr.len()..].trim_start_matches(['"', '\'']);
            assert!(value.starts_with('#'), "{attr} to something outside the page: {}", &html[i..(i + 60).min(html.len())]);
        }
    }
    // Every plan has its section, its three charts and a link from the contents.
    for rank in 1..=3 {
        assert!(html.contains(&format!("<section class=\"plan\" id=\"plan-{rank}\">")), "plan {rank}");
        assert!(html.contains(&format!("href=\"#plan-{rank}\"")), "link to plan {rank}");
    }
    assert_eq!(html.matches("<svg class=\"chart\"").count(), 9, "three charts per plan");
    // Printing: A4, a page per plan, folded tables opened.
    assert!(html.contains("@page { size: A4; margin: 15mm; }"));
    assert!(html.contains("break-before: page"));
    assert!(html.contains("beforeprint"));
}

#[test]
fn the_printed_template_renders_the_same_page_as_the_built_in_one() {
    let (tmp, plans, _) = solve_demo(3);
    let printed = bianzhi().arg("template").assert().code(0);
    let template = tmp.path().join("office.html.j2");
    std::fs::write(&template, &printed.get_output().stdout).expect("write template");
    let built_in = html_report(tmp.path(), &plans, "a.html", &[]);
    let from_copy = html_report(tmp.path(), &plans, "b.html", &["--template", template.to_str().expect("utf-8 path")]);
    assert_eq!(built_in, from_copy);
}

#[test]
fn a_broken_template_is_refused_naming_its_file_and_line_and_nothing_is_written() {
    let (tmp, plans, _) = solve_demo(3);
    let template = tmp.path().join("broken.html.j2");
    std::fs::write(&template, "<h1>{{ t.title }}</h1>\n<ul>\n{% for p in plans %}<li>{{ p.rank }</li>\n</ul>\n").expect("write template");
    let html = tmp.path().join("report.html");
    let out = bianzhi()
        .arg("report")
        .arg(demo_city())
        .arg(&plans)
        .arg("--html")
        .arg(&html)
        .arg("--template")
        .arg(&template)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains(&format!("{}:3: cannot use this report template: syntax error", template.display())), "{stderr}");
    assert!(!html.exists(), "nothing written");
}

#[test]
fn text_content_drops_markup_and_keeps_words() {
    let html = "<html><style>p{}</style><h1>标题 &amp; x</h1><p>a\n  b<span>c</span></p><script>var x;</script><table><tr><td>1</td><td>2</td></tr></table>";
    assert_eq!(text_content(html), "标题 & x\na b c\n1 2");
}

/// The part of the page from `<section class="{class}"` to its end.
fn section<'a>(html: &'a str, class: &str) -> &'a str {
    let start = html.find(&format!("<section class=\"{class}\"")).unwrap_or_else(|| panic!("no {class} section"));
    &html[start..start + html[start..].find("</section>").expect("closed")]
}

#[test]
fn a_ledger_and_years_have_their_sections_and_returns_their_move_group() {
    let (scenario, tmp, plans, _) = crate::report::solved_ledger();
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&plans).unwrap()).unwrap();
    let html = std::fs::read_to_string(plans.with_file_name("report.html")).unwrap();
    assert!(html.contains("href=\"#years\"") && html.contains("href=\"#ledger\""), "the contents link both");
    // After the cover: the years, then the ledger, then the comparison and the plans.
    let at = |needle: &str| html.find(needle).unwrap_or_else(|| panic!("{needle}"));
    assert!(at("</header>") < at("id=\"years\"") && at("id=\"years\"") < at("id=\"ledger\"") && at("id=\"ledger\"") < at("id=\"plan-1\""));

    let years = section(&html, "years");
    let rows: Vec<&str> = years.split("<tr><td>第").skip(1).collect();
    assert_eq!(rows.len(), 3, "one row per year: {years}");
    for (row, y) in rows.iter().zip(doc["years"].as_array().unwrap()) {
        let returned: i64 = y["moves"].as_array().unwrap().iter().filter(|m| m["kind"] == "return").map(|m| m["amount"].as_i64().unwrap()).sum();
        let cells = format!("<td>{}</td><td class=\"n\">{}</td><td class=\"n\">{returned}</td>", y["start"].as_str().unwrap(), y["retired"]);
        assert!(row.contains(&cells), "{row} lacks {cells}");
    }
    assert!(years.contains("第1年即方案1"), "year 1's moves are plan 1's");
    // A later year's moves are folded, with their reasons in plans.json's words.
    assert!(years.contains("<details><summary>共1项"), "{years}");
    for y in &doc["years"].as_array().unwrap()[1..] {
        for m in y["moves"].as_array().unwrap() {
            let reason = m["reason"].as_str().unwrap();
            assert!(years.contains(&format!("<td class=\"reason\">{reason}</td>")), "year {}: {reason}", y["year"]);
        }
    }
    assert!(years.contains("因单位整合不再安排的需求：REQ-005"), "{years}");

    let ledger = section(&html, "ledger");
    assert!(ledger.contains("<h2>摸清底数：周转编制台账</h2>"), "{ledger}");
    assert!(ledger.contains("<h3>到期收回：未使用部分（共1项，合计 3）</h3>") && ledger.contains("<h3>到期收回：期满全部收回（共1项，合计 3）</h3>"), "{ledger}");
    assert!(ledger.contains("留下超编3人"), "{ledger}");
    assert!(ledger.contains("<h3>即将到期（12个月内）（共1项，合计 2）</h3>") && ledger.contains("<td>2026-02-01</td>"), "{ledger}");

    // The plan's returns are a group of their own, first, naming their grants.
    let plan1 = section(&html, "plan");
    let moves = &plan1[plan1.find("<h3>调整事项</h3>").expect("moves")..];
    assert!(moves[..moves.find("</h4>").unwrap()].ends_with("<h4>周转编制收回（共2项，合计 6）"), "{moves}");
    assert!(moves.contains(" · 台账编号 G-002") && moves.contains(" · 台账编号 G-003"), "{moves}");

    // In English.
    let en = html_report_of(scenario.path(), &plans, &tmp.path().join("en.html"), &["--lang", "en"]);
    assert!(section(&en, "years").contains("<h2>Year by year</h2>") && section(&en, "ledger").contains("Revolving grants ledger"));
    assert!(section(&en, "plan").contains("has passed its 24-month term"), "returns explained in English");
    insta::assert_snapshot!("ledger_years_sections_zh", text_content(&format!("{years}</section>{ledger}</section>")));
}

/// `report --html FILE` of any scenario; returns the page.
fn html_report_of(scenario: &Path, plans: &Path, html: &Path, extra: &[&str]) -> String {
    bianzhi().arg("report").arg(scenario).arg(plans).arg("--html").arg(html).args(extra).assert().code(0);
    std::fs::read_to_string(html).expect("report.html")
}
