//! The HTML report of the demo city as a reader sees it: its text content (not its
//! bytes) snapshotted in Chinese and English, and the page's self-containment (nothing
//! it could fetch from a network), plus restyled templates through the command line.

use crate::common::{bianzhi, demo_city};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The demo city solved into a fresh folder with 3 plans: (folder, plans.json).
fn solved_demo() -> (TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    bianzhi().arg("solve").arg(demo_city()).arg("--out").arg(&out).arg("--plans").arg("3").assert().code(0);
    (tmp, out.join("plans.json"))
}

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
    let (tmp, plans) = solved_demo();
    for lang in ["zh", "en"] {
        let html = html_report(tmp.path(), &plans, &format!("report-{lang}.html"), &["--lang", lang]);
        let expected_lang = if lang == "zh" { "<html lang=\"zh-CN\">" } else { "<html lang=\"en\">" };
        assert!(html.contains(expected_lang), "{lang}");
        insta::assert_snapshot!(format!("demo_report_text_{lang}"), text_content(&html));
    }
}

#[test]
fn the_demo_report_fetches_nothing_and_links_only_within_itself() {
    let (tmp, plans) = solved_demo();
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
    let (tmp, plans) = solved_demo();
    let printed = bianzhi().arg("template").assert().code(0);
    let template = tmp.path().join("office.html.j2");
    std::fs::write(&template, &printed.get_output().stdout).expect("write template");
    let built_in = html_report(tmp.path(), &plans, "a.html", &[]);
    let from_copy = html_report(tmp.path(), &plans, "b.html", &["--template", template.to_str().expect("utf-8 path")]);
    assert_eq!(built_in, from_copy);
}

#[test]
fn a_broken_template_is_refused_naming_its_file_and_line_and_nothing_is_written() {
    let (tmp, plans) = solved_demo();
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
