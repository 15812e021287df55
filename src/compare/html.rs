//! `compare.html`: the sweep as one offline page for the analyst (in Chinese): what was
//! swept, a trade-off chart per scenario (fulfilment against disruption, the Pareto
//! frontier drawn) and a sortable table of every row, each linked to its plans.json.
//! The words drawn here (columns, statuses, the chart's) are `text`'s, in `PAGE`; the
//! template's own prose is the page's layout.
//!
//! The page is the report's kind of page (src/report/html.rs): a minijinja template
//! rendered in the report's environment (auto-escape, undefined names are errors), the
//! charts drawn here as inline SVG, a small inline script that only sorts the table.
//! Measured on 1,000 rows (the page of `a_thousand_rows_stay_a_small_page…`, headless
//! chromium): 868 KB, the `load` event after about 660 ms on a file:// URL, a sort by
//! a number column 25–60 ms, by the variant column about 140 ms; 70 A4 pages printed.
//!
//! Invariants: every input string reaches the page escaped (the template's
//! auto-escape; the chart escapes its own tooltips); the page references nothing
//! outside itself but the rows' own plans.json, by relative links; the same results
//! give byte-identical HTML.

use super::accept::short;
use super::results::{CompareResults, CompareRow, DISRUPTION, FULFILMENT};
use crate::error::Error;
use crate::report::{environment, escape};
use crate::text::{self, pct, Lang, PointFacts};
use minijinja::value::ViaDeserialize;
use minijinja::Value;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

const TEMPLATE: &str = include_str!("templates/compare.html.j2");

/// The page's language: Chinese, as it has always been written (results.csv carries
/// the English names).
const PAGE: Lang = Lang::Zh;

/// The page for `results`.
pub fn render_compare_html(r: &CompareResults) -> Result<String, Error> {
    let mut env = environment();
    env.add_function("tradeoff_chart", tradeoff_chart);
    env.add_filter("wbr", wbr);
    let page = page(r);
    env.template_from_named_str("compare.html.j2", TEMPLATE)
        .and_then(|t| t.render(Value::from_serialize(&page)))
        .map_err(|e| Error::Internal(format!("the compare page template fails: {e:#}")))
}

/// What the template prints, every figure already in its words.
#[derive(Serialize)]
struct Page {
    scenarios: Vec<ScenarioView>,
    sets: Vec<SetView>,
    models: Vec<String>,
    variants: usize,
    plans: usize,
    repeat: usize,
    baseline: Option<String>,
    accept: Vec<String>,
    time_limit: Option<String>,
    gap: String,
    shard: Option<super::Shard>,
    /// Rows of the whole sweep, and those this page holds.
    rows_total: usize,
    rows_here: usize,
    with_plan: usize,
    without_plan: usize,
    pareto: usize,
    failed: usize,
    /// More than one scenario: the table has a scenario column and each chart a title.
    many: bool,
    /// There are acceptance tests: the table has an accepted column.
    judged: bool,
    /// Some row has a failing test or a message beside its figures: the table has a
    /// notes column.
    notes: bool,
    columns: Vec<Column>,
    rows: Vec<RowView>,
    charts: Vec<Chart>,
}

#[derive(Serialize)]
struct ScenarioView {
    name: String,
    title: String,
    digest: String,
}

#[derive(Serialize)]
struct SetView {
    key: String,
    values: String,
}

/// A metric column of the table: its Chinese label and its name in results.csv.
#[derive(Serialize)]
struct Column {
    key: String,
    label: String,
}

#[derive(Serialize)]
struct RowView {
    row: usize,
    scenario: String,
    variant: String,
    model: String,
    /// `key=value` per override of the variant, in key order.
    overrides: Vec<String>,
    status: String,
    status_label: &'static str,
    baseline: bool,
    accepted: Option<bool>,
    pareto: Option<bool>,
    /// One per metric column; none but `seconds` when the row has no plan (its
    /// message spans the others).
    cells: Vec<Cell>,
    has_plan: bool,
    /// Why a test fails, one line each.
    why: Vec<String>,
    message: Option<String>,
    /// The plans.json link, percent-encoded: only `[A-Za-z0-9-._~/%]`, so the
    /// template prints it as it is (auto-escape would write `/` as `&#x2f;`).
    href: Option<String>,
    /// `base`, `fail`, `none` (no plan), space-separated, for the row's style.
    class: String,
}

/// A table cell: its text, and the value it sorts by when that is not the text.
#[derive(Serialize)]
struct Cell {
    text: String,
    sort: Option<String>,
}

/// The metric columns of the table (results.csv has them all).
fn columns(r: &CompareResults) -> Vec<Column> {
    let mut keys: Vec<String> = vec!["objective".into()];
    keys.extend(r.sweep.metrics.iter().filter(|m| m.starts_with("rate.")).cloned());
    keys.extend(["rate", "requests_funded", "units_disrupted", "staff_moved", "reclaimed", "merges", "absorbed", "seconds"].map(String::from));
    keys.into_iter().map(|key| Column { label: text::column_label(&key, PAGE), key }).collect()
}

fn cell(row: &CompareRow, key: &str) -> Cell {
    match row.value(key) {
        None => Cell { text: String::new(), sort: None },
        Some(v) if key == "rate" || key.starts_with("rate.") => Cell { text: pct(v), sort: Some(v.to_string()) },
        Some(v) if key == "seconds" => Cell { text: format!("{v:.3}"), sort: None },
        Some(v) => Cell { text: short(v), sort: None },
    }
}

/// `key|wbr`: a metric's name escaped, with a line-break opportunity after each `_`
/// and `.`, so a narrow column breaks `units_disrupted` at the underscore.
fn wbr(key: String) -> Value {
    Value::from_safe_string(escape(&key).replace('_', "_<wbr>").replace('.', ".<wbr>"))
}

/// A relative path as a link: every byte but unreserved ones and `/` percent-encoded,
/// so `#`, `?`, `%` or a colon in a variant's folder name cannot change what it names.
fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 16);
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The digest as a person compares it: the first 12 hex digits.
fn short_digest(digest: &str) -> String {
    let hex = digest.strip_prefix("sha256:").unwrap_or(digest);
    hex.chars().take(12).collect()
}

fn page(r: &CompareResults) -> Page {
    let s = &r.sweep;
    let columns = columns(r);
    let overrides_of: std::collections::BTreeMap<(&str, &str), Vec<String>> = s
        .variants
        .iter()
        .map(|v| ((v.scenario.as_str(), v.name.as_str()), v.overrides.iter().map(|(k, val)| format!("{k}={val}")).collect()))
        .collect();
    let rows: Vec<RowView> = r
        .rows
        .iter()
        .map(|row| {
            let mut class: Vec<&str> = Vec::new();
            if row.baseline {
                class.push("base");
            }
            if row.accepted == Some(false) {
                class.push("fail");
            }
            if !row.has_plan() {
                class.push("none");
            }
            let overrides = overrides_of.get(&(row.scenario.as_str(), row.variant.as_str())).cloned().unwrap_or_default();
            RowView {
                row: row.row,
                scenario: row.scenario.clone(),
                variant: row.variant.clone(),
                // A variant not found (or the model as it is) shows its whole name.
                model: if overrides.is_empty() { row.variant.clone() } else { row.model.clone() },
                overrides,
                status: row.status.clone(),
                status_label: text::status_label(&row.status, PAGE),
                baseline: row.baseline,
                accepted: row.accepted,
                pareto: row.pareto,
                cells: columns.iter().filter(|c| row.has_plan() || c.key == "seconds").map(|c| cell(row, &c.key)).collect(),
                has_plan: row.has_plan(),
                why: row.tests.iter().zip(&s.accept).filter(|(v, _)| !v.pass).map(|(v, t)| v.why.clone().unwrap_or_else(|| t.clone())).collect(),
                message: row.message.as_deref().map(str::trim).filter(|m| !m.is_empty()).map(str::to_string),
                href: row.plans.as_deref().map(href),
                class: class.join(" "),
            }
        })
        .collect();
    let models: BTreeSet<&str> = s.variants.iter().map(|v| v.model.as_str()).collect();
    let mut names: BTreeSet<&str> = BTreeSet::new();
    let variants = s.variants.iter().filter(|v| names.insert(v.name.as_str())).count();
    Page {
        scenarios: s.scenarios.iter().map(|p| ScenarioView { name: p.name.clone(), title: p.title.clone(), digest: short_digest(&p.input_digest) }).collect(),
        sets: s.sets.iter().map(|set| SetView { key: set.key.clone(), values: set.values.join(", ") }).collect(),
        models: models.into_iter().map(str::to_string).collect(),
        variants,
        plans: s.plans,
        repeat: s.repeat,
        baseline: s.baseline.clone(),
        accept: s.accept.clone(),
        time_limit: s.time_limit.map(short),
        gap: short(s.gap),
        shard: r.shard,
        rows_total: s.rows,
        rows_here: r.rows.len(),
        with_plan: r.rows.iter().filter(|row| row.has_plan()).count(),
        without_plan: r.rows.iter().filter(|row| !row.has_plan()).count(),
        pareto: r.rows.iter().filter(|row| row.pareto == Some(true)).count(),
        failed: r.failures().len(),
        many: s.scenarios.len() > 1,
        judged: !s.accept.is_empty(),
        notes: rows.iter().any(|row| !row.why.is_empty() || (row.has_plan && row.message.is_some())),
        columns,
        rows,
        charts: charts(r),
    }
}

/// One chart per scenario, of its repeat-1 rows with a plan.
fn charts(r: &CompareResults) -> Vec<Chart> {
    r.sweep
        .scenarios
        .iter()
        .map(|p| Chart {
            scenario: p.name.clone(),
            points: r
                .rows
                .iter()
                .filter(|row| row.scenario == p.name && row.repeat == 1 && row.has_plan())
                .map(|row| Point {
                    row: row.row,
                    variant: row.variant.clone(),
                    // As the Pareto marks read it (results::judge): no rate is 0.
                    x: row.value(DISRUPTION).unwrap_or(0.0),
                    y: row.value(FULFILMENT).unwrap_or(0.0),
                    pareto: row.pareto == Some(true),
                    baseline: row.baseline,
                    failed: row.accepted == Some(false),
                })
                .collect(),
        })
        .collect()
}

/// A trade-off chart as the template passes it back to `tradeoff_chart`.
#[derive(Serialize, Deserialize)]
struct Chart {
    scenario: String,
    points: Vec<Point>,
}

#[derive(Serialize, Deserialize)]
struct Point {
    row: usize,
    variant: String,
    /// Units disrupted.
    x: f64,
    /// Share of the quota asked that is granted.
    y: f64,
    pareto: bool,
    baseline: bool,
    failed: bool,
}

// Geometry of the chart, in SVG user units (the SVG scales to its box).
const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 440.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 34.0;
const BOTTOM: f64 = 52.0;
const RADIUS: f64 = 4.5;
/// Points off the frontier shrink as they crowd: this radius from this many points.
const CROWDED_RADIUS: f64 = 2.8;
const CROWDED_FROM: usize = 150;
/// Above this many points only the Pareto, baseline and failing points carry their row
/// number beside them (every point keeps its tooltip and link).
const LABEL_ALL_UP_TO: usize = 60;

/// `tradeoff_chart(chart)`: the chart as inline SVG, returned as safe markup.
fn tradeoff_chart(chart: ViaDeserialize<Chart>) -> Value {
    Value::from_safe_string(svg_tradeoff(&chart))
}

/// Tick positions covering `lo..=hi`: a step of 1, 2 or 5 times a power of ten giving
/// about `n` intervals, no finer than `min_step`.
fn ticks(lo: f64, hi: f64, n: f64, min_step: f64) -> (f64, f64, f64) {
    let span = (hi - lo).max(f64::EPSILON);
    let raw = span / n;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * power).find(|s| *s >= raw).unwrap_or(10.0 * power).max(min_step);
    ((lo / step).floor() * step, (hi / step).ceil() * step, step)
}

/// Decimals a percent tick needs at this step (as a share).
fn percent_digits(step: f64) -> usize {
    let pct_step = step * 100.0;
    if pct_step >= 1.0 {
        0
    } else {
        (-pct_step.log10().floor()) as usize
    }
}

fn svg_tradeoff(chart: &Chart) -> String {
    let pts = &chart.points;
    let mut svg = String::with_capacity(2000 + pts.len() * 300);
    svg.push_str(&format!(
        r#"<svg class="tradeoff" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" font-size="12" aria-label="{}">"#,
        escape(&text::chart_name(&chart.scenario, PAGE))
    ));
    // Legend.
    // Each entry's mark and the room its Chinese word takes.
    let marks = [
        (r#"<circle class="key pt pareto" cx="6" cy="0" r="4.5"/>"#, 90.0),
        (r#"<circle class="key pt" cx="6" cy="0" r="4.5"/>"#, 80.0),
        (r#"<rect class="key base-mark" x="0" y="-6" width="12" height="12"/>"#, 56.0),
        (r#"<path class="key fail-mark" d="M1-5L11 5M1 5L11-5"/>"#, 90.0),
        (r#"<path class="key frontier" d="M0 0H14"/>"#, 50.0),
    ];
    let mut lx = LEFT;
    for ((mark, width), text) in marks.into_iter().zip(text::legend(PAGE)) {
        svg.push_str(&format!(r#"<g transform="translate({lx} 14)">{mark}<text x="18" y="4">{text}</text></g>"#));
        lx += width;
    }
    let (x0, x1, y0, y1) = (LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM, TOP);
    if pts.is_empty() {
        svg.push_str(&format!(r#"<text x="{}" y="{}" text-anchor="middle" class="empty">{}</text></svg>"#, WIDTH / 2.0, HEIGHT / 2.0, text::empty_chart(PAGE)));
        return svg;
    }
    // Axes' ranges: the data's, widened to round ticks (a single value gets room
    // either side); rates stay in 0..1.
    let (min_x, max_x) = pts.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.x), b.max(p.x)));
    let (min_y, max_y) = pts.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.y), b.max(p.y)));
    let pad_x = if max_x > min_x { 0.0 } else { 1.0 };
    let pad_y = if max_y > min_y { 0.0 } else { 0.005 };
    let (lo_x, hi_x, step_x) = ticks((min_x - pad_x).max(0.0), max_x + pad_x, 8.0, 1.0);
    let (lo_y, hi_y, step_y) = ticks((min_y - pad_y).max(0.0), (max_y + pad_y).min(1.0), 6.0, 0.0001);
    let sx = |x: f64| x0 + (x - lo_x) / (hi_x - lo_x) * (x1 - x0);
    let sy = |y: f64| y0 - (y - lo_y) / (hi_y - lo_y) * (y0 - y1);
    let r1 = |v: f64| (v * 10.0).round() / 10.0;
    // Grid and ticks.
    svg.push_str(r#"<g class="grid">"#);
    let n_x = ((hi_x - lo_x) / step_x).round() as usize;
    for i in 0..=n_x {
        let v = lo_x + i as f64 * step_x;
        let x = r1(sx(v));
        svg.push_str(&format!(r#"<line x1="{x}" y1="{y1}" x2="{x}" y2="{y0}"/><text x="{x}" y="{}" text-anchor="middle">{}</text>"#, y0 + 16.0, short(v)));
    }
    let n_y = ((hi_y - lo_y) / step_y).round() as usize;
    let digits = percent_digits(step_y);
    for i in 0..=n_y {
        let v = lo_y + i as f64 * step_y;
        let y = r1(sy(v));
        svg.push_str(&format!(r#"<line x1="{x0}" y1="{y}" x2="{x1}" y2="{y}"/><text x="{}" y="{}" text-anchor="end">{:.*}%</text>"#, x0 - 6.0, y + 4.0, digits, v * 100.0));
    }
    svg.push_str("</g>");
    svg.push_str(&format!(r#"<path class="axis" d="M{x0} {y1}V{y0}H{x1}"/>"#));
    let (x_title, y_title) = text::axis_titles(PAGE);
    svg.push_str(&format!(r#"<text class="axis-title" x="{}" y="{}" text-anchor="middle">{x_title}</text>"#, (x0 + x1) / 2.0, HEIGHT - 10.0));
    svg.push_str(&format!(
        r#"<text class="axis-title" transform="translate(16 {}) rotate(-90)" text-anchor="middle">{y_title}</text>"#,
        (y0 + y1) / 2.0
    ));
    // The frontier: Pareto points by disruption, each step held until the next point.
    let mut front: Vec<(f64, f64)> = pts.iter().filter(|p| p.pareto).map(|p| (p.x, p.y)).collect();
    front.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    front.dedup();
    if let Some(&(fx, fy)) = front.first() {
        let mut d = format!("M{} {}", r1(sx(fx)), r1(sy(fy)));
        for &(x, y) in &front[1..] {
            d.push_str(&format!("H{}V{}", r1(sx(x)), r1(sy(y))));
        }
        svg.push_str(&format!(r#"<path class="frontier" d="{d}"/>"#));
    }
    // Points: others first, then the frontier on top; each a link to its table row.
    // The failing and baseline marks go over all of them, so no point hides them.
    let other_radius = if pts.len() >= CROWDED_FROM { CROWDED_RADIUS } else { RADIUS };
    let mut order: Vec<&Point> = pts.iter().collect();
    order.sort_by_key(|p| (p.pareto, p.row));
    for p in &order {
        let (cx, cy) = (r1(sx(p.x)), r1(sy(p.y)));
        let facts = PointFacts {
            row: p.row,
            variant: &p.variant,
            disrupted: &short(p.x),
            fulfilment: p.y,
            pareto: p.pareto,
            baseline: p.baseline,
            failed: p.failed,
        };
        let tip = text::point_tooltip(&facts, PAGE);
        let (class, r) = if p.pareto { ("pt pareto", RADIUS) } else { ("pt", other_radius) };
        svg.push_str(&format!(r##"<a href="#row-{}"><circle class="{class}" cx="{cx}" cy="{cy}" r="{r}"><title>{}</title></circle></a>"##, p.row, escape(&tip)));
    }
    for p in order.iter().filter(|p| p.failed) {
        svg.push_str(&format!(r#"<path class="fail-mark" d="M{} {}l10 10m0-10l-10 10"/>"#, r1(sx(p.x)) - 5.0, r1(sy(p.y)) - 5.0));
    }
    for p in order.iter().filter(|p| p.baseline) {
        svg.push_str(&format!(r#"<rect class="base-mark" x="{}" y="{}" width="16" height="16"/>"#, r1(sx(p.x)) - 8.0, r1(sy(p.y)) - 8.0));
    }
    // CompareRow numbers beside the points, where there is room: the frontier, baseline and
    // failing points first (all points when there are few); a label that would cover
    // a numbered point or a placed label tries the other sides and is left out when
    // none is free. Labels may cover crowded unnumbered points: they have a halo.
    let mut labelled: Vec<&Point> = pts.iter().filter(|p| pts.len() <= LABEL_ALL_UP_TO || p.pareto || p.baseline || p.failed).collect();
    labelled.sort_by_key(|p| (!p.pareto, !p.baseline, !p.failed, p.row));
    let mut placed: Vec<(f64, f64, f64, f64)> = labelled
        .iter()
        .map(|p| {
            let half = if p.baseline { 8.0 } else { RADIUS };
            (sx(p.x) - half, sy(p.y) - half, sx(p.x) + half, sy(p.y) + half)
        })
        .collect();
    svg.push_str(r#"<g class="labels">"#);
    for p in labelled {
        let (cx, cy) = (sx(p.x), sy(p.y));
        let text = p.row.to_string();
        let (w, h) = (text.len() as f64 * 6.0 + 2.0, 11.0);
        let gap = if p.baseline { 10.0 } else { 6.0 };
        let sides = [(cx + gap, cy - h / 2.0), (cx - gap - w, cy - h / 2.0), (cx - w / 2.0, cy - gap - h), (cx - w / 2.0, cy + gap), (cx + gap, cy - gap - h), (cx + gap, cy + gap)];
        let free = sides.iter().find(|(x, y)| {
            *x >= x0 && x + w <= WIDTH && *y >= y1 - 10.0 && y + h <= y0 && !placed.iter().any(|(a, b, c, d)| x < c && x + w > *a && y < d && y + h > *b)
        });
        if let Some(&(x, y)) = free {
            placed.push((x, y, x + w, y + h));
            svg.push_str(&format!(r#"<text x="{}" y="{}">{text}</text>"#, r1(x + 1.0), r1(y + h - 2.0)));
        }
    }
    svg.push_str("</g></svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::accept::Verdict;
    use crate::compare::results::{ScenarioInfo, SetInfo, SweepInfo, VariantInfo};
    use std::collections::BTreeMap;

    const NASTY: &str = "<script>alert(1)</script>\"'&";

    fn row(n: usize, variant: &str, x: f64, y: f64, pareto: bool) -> CompareRow {
        let metrics: BTreeMap<String, f64> = [("objective", 1000.0 + n as f64), ("rate", y), ("rate.key", y), ("units_disrupted", x), ("requests_funded", 10.0)]
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect();
        CompareRow {
            row: n,
            scenario: "demo".into(),
            variant: variant.into(),
            model: "baseline".into(),
            overrides: String::new(),
            repeat: 1,
            status: "optimal".into(),
            metrics,
            seconds: 0.25,
            timings: BTreeMap::new(),
            message: None,
            plans: Some(format!("variants/demo/{n:03}-{variant}/plans.json")),
            baseline: n == 1,
            accepted: Some(true),
            tests: vec![Verdict { pass: true, bound: Some(0.5), why: None }],
            pareto: Some(pareto),
        }
    }

    fn results(rows: Vec<CompareRow>) -> CompareResults {
        CompareResults {
            format: super::super::results::COMPARE_FORMAT.into(),
            sweep: SweepInfo {
                scenarios: vec![ScenarioInfo { name: "demo".into(), title: format!("示例 {NASTY}"), input_digest: "sha256:0123456789abcdef0123".into() }],
                variants: vec![VariantInfo {
                    scenario: "demo".into(),
                    name: "baseline[x=1]".into(),
                    model: "baseline".into(),
                    model_digest: String::new(),
                    overrides: BTreeMap::new(),
                    folder: String::new(),
                }],
                sets: vec![SetInfo { key: "reclaim.into.admin".into(), values: vec![NASTY.into(), "POOL-ADMIN".into()] }],
                plans: 1,
                repeat: 1,
                baseline: Some("baseline[x=1]".into()),
                accept: vec!["rate.key >= baseline - 0.02".into()],
                time_limit: Some(30.0),
                gap: 0.0,
                metrics: vec!["gap".into(), "objective".into(), "rate.key".into(), "rate".into(), "units_disrupted".into(), "seconds".into()],
                rows: rows.len(),
            },
            shard: None,
            rows,
        }
    }

    /// A sweep whose variant names, messages, verdicts and scenario title are markup.
    fn hostile() -> CompareResults {
        let mut a = row(1, "baseline[x=1]", 10.0, 0.9, true);
        let mut b = row(2, &format!("baseline[reclaim.into.admin={NASTY}]"), 12.0, 0.8, false);
        b.accepted = Some(false);
        b.tests = vec![Verdict { pass: false, bound: Some(0.88), why: Some(format!("rate.key = 0.8 is not >= 0.88 {NASTY}")) }];
        b.plans = Some("variants/demo/002-a#b?c%d/plans.json".into());
        let mut c = row(3, "baseline[reclaim.into.admin=POOL-ADMIN]", 0.0, 0.0, false);
        c.status = "infeasible".into();
        c.metrics.clear();
        c.pareto = None;
        c.plans = None;
        c.message = Some(format!("infeasible: the rules cannot all hold\n  - [pool-reserve-POOL-MUNI] {NASTY}\n"));
        a.message = Some("time limit reached".into());
        results(vec![a, b, c])
    }

    #[test]
    fn input_text_reaches_the_page_only_escaped_including_chart_tooltips() {
        let html = render_compare_html(&hostile()).expect("renders");
        assert!(!html.contains("<script>alert"), "raw markup from input");
        assert!(!html.contains("\"'&"), "raw quotes and ampersand from input");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;"), "escaped text is there");
        let svg = &html[html.find("<svg").expect("a chart")..];
        assert!(svg.contains("[reclaim.into.admin=&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;]"), "escaped in the tooltip");
        assert_eq!(html.matches("<script").count(), 1, "the only script is the page's own");
        assert!(html.contains(r#"href="variants/demo/002-a%23b%3Fc%25d/plans.json""#), "a link cannot be cut by # or ?");
    }

    #[test]
    fn failing_and_planless_rows_say_why() {
        let html = render_compare_html(&hostile()).expect("renders");
        assert!(html.contains("rate.key = 0.8 is not &gt;= 0.88"), "the verdict's why");
        assert!(html.contains("[pool-reserve-POOL-MUNI]"), "the infeasible row's message");
        assert!(html.contains(r#"<tr id="row-3" class="none">"#), "the row without a plan is in the table");
        assert!(html.contains(r#"<tr id="row-2" class="fail">"#));
        assert!(html.contains(r#"<tr id="row-1" class="base">"#));
        assert!(html.contains("不可行"));
    }

    #[test]
    fn the_chart_has_a_point_per_row_with_a_plan_and_marks_the_frontier() {
        let html = render_compare_html(&hostile()).expect("renders");
        assert_eq!(html.matches(r#"<circle class="pt"#).count(), 2, "rows 1 and 2 have plans");
        assert_eq!(html.matches(r#"<circle class="pt pareto""#).count(), 1);
        assert_eq!(html.matches(r#"<path class="fail-mark" d="M"#).count(), 1, "row 2 fails");
        assert_eq!(html.matches(r#"<rect class="base-mark" x=""#).count(), 1, "the baseline");
        assert!(html.contains(r##"<a href="#row-2">"##), "points link to their rows");
        assert!(!html.contains("http://") && !html.contains("https://"), "no network references");
    }

    #[test]
    fn the_frontier_is_a_staircase_through_the_pareto_points_by_disruption() {
        let chart = Chart {
            scenario: "s".into(),
            points: vec![
                Point { row: 1, variant: "a".into(), x: 30.0, y: 0.9, pareto: true, baseline: false, failed: false },
                Point { row: 2, variant: "b".into(), x: 10.0, y: 0.5, pareto: true, baseline: false, failed: false },
                Point { row: 3, variant: "c".into(), x: 20.0, y: 0.4, pareto: false, baseline: false, failed: false },
            ],
        };
        let svg = svg_tradeoff(&chart);
        let d = svg.split(r#"<path class="frontier" d=""#).nth(1).expect("a frontier").split('"').next().unwrap().to_string();
        assert_eq!(d.matches('H').count(), 1, "two points, one step: {d}");
        let at = |row: usize| {
            let tag = svg.split(&format!(r##"<a href="#row-{row}">"##)).nth(1).unwrap();
            let num = |attr: &str| tag.split(&format!("{attr}=\"")).nth(1).unwrap().split('"').next().unwrap().parse::<f64>().unwrap();
            (num("cx"), num("cy"))
        };
        let (b, a, c) = (at(2), at(1), at(3));
        assert!(d.starts_with(&format!("M{} {}", b.0, b.1)), "starts at the least disruptive: {d}");
        assert!(d.ends_with(&format!("H{}V{}", a.0, a.1)), "ends at the best fulfilled: {d}");
        assert!(b.0 < c.0 && c.0 < a.0, "x grows with disruption");
        assert!(a.1 < b.1 && b.1 < c.1, "y grows upwards with the rate");
    }

    #[test]
    fn ticks_fall_on_round_numbers_around_the_data() {
        assert_eq!(ticks(50.0, 80.0, 8.0, 1.0), (50.0, 80.0, 5.0));
        assert_eq!(ticks(3.0, 4.0, 8.0, 1.0), (3.0, 4.0, 1.0), "counts step by whole units");
        let (lo, hi, step) = ticks(0.87, 0.975, 6.0, 0.0001);
        assert!((step - 0.02).abs() < 1e-12 && lo <= 0.87 && hi >= 0.975, "{lo} {hi} {step}");
        assert_eq!(percent_digits(0.02), 0);
        assert_eq!(percent_digits(0.005), 1);
    }

    #[test]
    fn a_shard_says_acceptance_and_pareto_wait_for_the_merge() {
        let mut r = hostile();
        r.shard = Some(super::super::Shard { index: 2, count: 4 });
        for row in &mut r.rows {
            row.pareto = None;
            row.accepted = None;
        }
        let html = render_compare_html(&r).expect("renders");
        assert!(html.contains("第 2 / 4 片"), "names the shard");
        assert!(html.contains("合并"), "says when they are judged");
        assert_eq!(html.matches(r#"<circle class="pt pareto""#).count(), 0);
    }

    #[test]
    fn a_thousand_rows_stay_a_small_page_with_labels_only_where_there_is_room() {
        // Disruption and fulfilment that grow together, with scatter; judged for real.
        let rows: Vec<CompareRow> = (1..=1000)
            .map(|n| {
                let x = (n * 37 % 200) as f64;
                let y = (0.55 + x / 500.0 - (n * 53 % 97) as f64 / 800.0).min(1.0);
                row(n, &format!("baseline[reclaim.keep_vacant={},reserve.min_available.POOL-MUNI={}]", n % 10, n * 7), x, y, false)
            })
            .collect();
        let mut r = results(rows);
        r.sweep.baseline = Some(r.rows[0].variant.clone());
        crate::compare::judge_compare(&r.sweep.clone(), &mut r.rows).expect("judged");
        let marked = r.rows.iter().filter(|row| row.pareto == Some(true) || row.baseline || row.accepted == Some(false)).count();
        let html = render_compare_html(&r).expect("renders");
        assert_eq!(html.matches(r#"<circle class="pt"#).count(), 1000);
        assert!(html.len() < 1_500_000, "{} bytes", html.len());
        assert!(!html.contains("style=\""), "no inline styles");
        let labels = html.split(r#"<g class="labels">"#).nth(1).unwrap().split("</g>").next().unwrap().matches("<text").count();
        assert!(labels > 0 && labels <= marked, "only marked points are numbered: {labels} of {marked}");
    }

    #[test]
    fn the_same_results_render_byte_identical_html() {
        assert_eq!(render_compare_html(&hostile()).unwrap(), render_compare_html(&hostile()).unwrap());
    }
}
