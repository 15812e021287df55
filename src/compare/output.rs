//! The rows as `results.csv` (UTF-8 with BOM, so Excel reads the Chinese) and as the
//! terminal table.

use super::accept::short;
use super::results::{CompareResults, CompareRow};
use crate::report::{new_table, right_align};

/// The CSV columns: identity, status, every metric in order, then the acceptance
/// verdicts (one column per test, named by it), the Pareto mark, the message and the
/// plans file.
fn header(r: &CompareResults) -> Vec<String> {
    let mut h: Vec<String> = ["scenario", "variant", "model", "overrides", "repeat", "status"].iter().map(|s| s.to_string()).collect();
    h.extend(r.sweep.metrics.iter().cloned());
    if r.sweep.baseline.is_some() {
        h.push("baseline".into());
    }
    if !r.sweep.accept.is_empty() {
        h.push("accepted".into());
        h.extend(r.sweep.accept.iter().cloned());
    }
    h.extend(["pareto", "message", "plans"].iter().map(|s| s.to_string()));
    h
}

fn metric_text(row: &CompareRow, metric: &str) -> String {
    match (metric, row.value(metric)) {
        ("seconds", Some(v)) => format!("{v:.3}"),
        (_, Some(v)) => short(v),
        (_, None) => String::new(),
    }
}

fn yes_no(b: Option<bool>, yes: &str, no: &str) -> String {
    b.map(|b| if b { yes } else { no }.to_string()).unwrap_or_default()
}

fn record(r: &CompareResults, row: &CompareRow) -> Vec<String> {
    let mut rec = vec![
        row.scenario.clone(),
        row.variant.clone(),
        row.model.clone(),
        row.overrides.clone(),
        row.repeat.to_string(),
        row.status.clone(),
    ];
    rec.extend(r.sweep.metrics.iter().map(|m| metric_text(row, m)));
    if r.sweep.baseline.is_some() {
        rec.push(if row.baseline { "yes".into() } else { String::new() });
    }
    if !r.sweep.accept.is_empty() {
        rec.push(yes_no(row.accepted, "pass", "fail"));
        for i in 0..r.sweep.accept.len() {
            rec.push(row.tests.get(i).map(|v| if v.pass { "pass".to_string() } else { format!("fail: {}", v.why.as_deref().unwrap_or("")) }).unwrap_or_default());
        }
    }
    rec.push(yes_no(row.pareto, "yes", "no"));
    // One line per cell: an explanation of infeasibility runs over several.
    rec.push(row.message.as_deref().unwrap_or("").lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("; "));
    rec.push(row.plans.clone().unwrap_or_default());
    rec
}

/// `results.csv`: UTF-8 with a byte-order mark, comma-separated, quoted where needed.
pub fn render_compare_csv(r: &CompareResults) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::from(&b"\xEF\xBB\xBF"[..]));
    w.write_record(header(r)).expect("csv into memory");
    for row in &r.rows {
        w.write_record(record(r, row)).expect("csv into memory");
    }
    w.into_inner().expect("csv into memory")
}

/// The terminal table: one line per row with the figures an analyst scans first; every
/// column is in results.csv.
pub fn render_compare_table(r: &CompareResults) -> String {
    let tiers: Vec<&str> = r.sweep.metrics.iter().filter_map(|m| m.strip_prefix("rate.")).collect();
    let many = r.sweep.scenarios.len() > 1;
    let mut head: Vec<String> = vec!["#".into()];
    if many {
        head.push("scenario".into());
    }
    head.extend(["variant", "status", "objective"].iter().map(|s| s.to_string()));
    head.extend(tiers.iter().map(|t| format!("rate.{t}")));
    head.extend(["requests_funded", "units_disrupted", "staff_moved", "seconds"].iter().map(|s| s.to_string()));
    let judged = !r.sweep.accept.is_empty() && r.complete();
    if judged {
        head.push("accepted".into());
    }
    if r.complete() {
        head.push("pareto".into());
    }
    let refs: Vec<&str> = head.iter().map(String::as_str).collect();
    let mut t = new_table(&refs);
    for row in &r.rows {
        let mut cells = vec![row.row.to_string()];
        if many {
            cells.push(row.scenario.clone());
        }
        let mark = if row.baseline { " (baseline)" } else { "" };
        cells.push(format!("{}{mark}", row.variant));
        cells.push(row.status.clone());
        cells.push(metric_text(row, "objective"));
        for tier in &tiers {
            cells.push(row.value(&format!("rate.{tier}")).map(crate::report::pct).unwrap_or_default());
        }
        for m in ["requests_funded", "units_disrupted", "staff_moved", "seconds"] {
            cells.push(metric_text(row, m));
        }
        if judged {
            cells.push(yes_no(row.accepted, "pass", "FAIL"));
        }
        if r.complete() {
            cells.push(yes_no(row.pareto, "*", ""));
        }
        t.add_row(cells);
    }
    right_align(&mut t, 2 + usize::from(many) + 1);
    let mut out = format!("{t}\n");
    for row in r.rows.iter().filter(|row| row.accepted == Some(false)) {
        let why: Vec<&str> = row.tests.iter().filter_map(|v| v.why.as_deref()).collect();
        out.push_str(&format!("FAIL row {} {}: {}\n", row.row, row.variant, why.join("; ")));
    }
    for row in r.rows.iter().filter(|row| !row.has_plan()) {
        // An infeasibility's first conflicting rule says more than its heading.
        let message = row.message.as_deref().unwrap_or("");
        let lines: Vec<&str> = message.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        let first = lines.iter().find(|l| l.starts_with("- ")).or(lines.first()).map_or("", |l| l.trim_start_matches("- "));
        out.push_str(&format!("row {} {}: {} — {first}\n", row.row, row.variant, row.status));
    }
    out
}
