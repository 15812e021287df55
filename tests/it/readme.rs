//! README.md stays true: its terminal excerpt under "What the output looks like" is, piece
//! by piece (the `…` lines mark what it leaves out), what `bianzhi solve
//! scenarios/demo-city --report` prints, with the solve's wall-clock seconds and the
//! output folder as README writes them.

use crate::common;

/// The fenced block that follows the heading `heading` in `text`.
fn block_after<'a>(text: &'a str, heading: &str) -> &'a str {
    let from = text.find(heading).unwrap_or_else(|| panic!("README has no {heading:?}"));
    let rest = &text[from..];
    let open = rest.find("\n```\n").expect("a fenced block follows") + 5;
    let close = rest[open..].find("\n```").expect("the block closes") + open;
    &rest[open..=close]
}

/// `N.NN 秒` replaced by `_ 秒`, wherever it stands.
fn seconds_set_aside(text: &str) -> String {
    text.split_inclusive('\n').map(common::line_without_seconds).collect()
}

#[test]
fn readme_terminal_excerpt_is_what_solve_prints() {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).expect("README.md");
    let excerpt = seconds_set_aside(block_after(&readme, "## What the output looks like"));
    let out = tempfile::tempdir().expect("temp dir");
    let printed = common::bianzhi()
        .arg("solve")
        .arg(common::demo_city())
        .arg("--report")
        .arg("--out")
        .arg(out.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let printed = seconds_set_aside(&String::from_utf8(printed).expect("UTF-8")).replace(&out.path().display().to_string(), "out/demo-city/baseline");
    let pieces: Vec<&str> = excerpt.split("…\n").filter(|p| !p.trim().is_empty()).collect();
    assert!(pieces.len() >= 2, "the excerpt has its pieces");
    for piece in pieces {
        assert!(printed.contains(piece), "README's excerpt is not what solve prints:\n{piece}\n--- printed ---\n{printed}");
    }
}

#[test]
fn every_command_help_ends_with_its_exit_codes() {
    let commands = ["validate", "analyze", "solve", "verify", "report", "diff", "compare", "template", "export-mps", "gen", "init", "models", "schema"];
    for c in commands {
        let help = common::bianzhi().args([c, "--help"]).assert().success().get_output().stdout.clone();
        let help = String::from_utf8(help).expect("UTF-8");
        assert!(help.contains("Examples:"), "{c} --help has no examples");
        assert!(help.contains("Exit codes:"), "{c} --help has no exit codes");
    }
}
