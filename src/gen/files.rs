//! Files: the tables as CSV (the ledger `grants.csv` among them), `scenario.toml` and the
//! generated `model.toml`.

use super::calibration::RETIRE_RATE;
use super::draft::{Draft, GrantDraft, PoolDraft, PoolKind, RequestDraft, TierKey, Ty};
use super::pools::muni_reserve_of;
use super::{Config, GeneratedScenario, ModelSource, AS_OF};

pub(super) const UNITS_HEADER: [[&str; 10]; 2] = [
    [
        "id",
        "name",
        "parent",
        "sector",
        "level",
        "kind",
        "function",
        "protected",
        "leader_posts",
        "leaders",
    ],
    [
        "单位代码",
        "单位名称",
        "主管部门",
        "系统",
        "层级",
        "单位类型",
        "职能状态",
        "是否保护",
        "领导职数",
        "实配领导",
    ],
];
pub(super) const LINES_HEADER: [[&str; 4]; 2] = [
    ["unit", "type", "quota", "staff"],
    ["单位代码", "编制类型", "核定编制数", "实有人数"],
];
pub(super) const POOLS_HEADER: [[&str; 7]; 2] = [
    [
        "id",
        "name",
        "type",
        "capacity",
        "used",
        "sectors",
        "per_unit_max",
    ],
    [
        "池代码",
        "名称",
        "编制类型",
        "规模",
        "已使用",
        "适用系统",
        "单位上限",
    ],
];
pub(super) const GRANTS_HEADER: [[&str; 9]; 2] = [
    ["id", "pool", "unit", "type", "amount", "used", "granted_on", "tier", "term_months"],
    ["调剂编号", "池代码", "单位代码", "编制类型", "调剂数", "已使用", "调剂日期", "保障类别", "使用期限"],
];
/// The columns a scenario of several years adds: retirements per line, year per request.
pub(super) const RETIRING_HEADER: [&str; 2] = ["retiring", "退休人数"];
pub(super) const YEAR_HEADER: [&str; 2] = ["year", "年度"];
pub(super) const REQUESTS_HEADER: [[&str; 7]; 2] = [
    ["id", "unit", "type", "amount", "tier", "min", "reason"],
    [
        "需求编号",
        "单位代码",
        "编制类型",
        "申请数",
        "保障类别",
        "最低数",
        "理由",
    ],
];

pub(super) fn csv_text<R: AsRef<[String]>>(header: &[&str], rows: impl Iterator<Item = R>) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(header).expect("writing to memory");
    for row in rows {
        w.write_record(row.as_ref()).expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("CSV of UTF-8 fields")
}

/// A TOML basic string with escapes.
pub(super) fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What the phases drafted, to be written.
pub(super) struct Drafted<'a> {
    pub(super) units: &'a [Draft],
    pub(super) requests: &'a [RequestDraft],
    pub(super) pools: &'a [PoolDraft],
    pub(super) grants: &'a [GrantDraft],
}

pub(super) fn write_files(cfg: &Config, d: &Drafted, vanished: usize) -> GeneratedScenario {
    let Drafted { units, requests, pools, grants } = *d;
    let zh = usize::from(cfg.chinese);
    let several_years = cfg.years > 1;
    let width = cfg.units.to_string().len().max(6);
    let id = |i: usize| format!("U{:0width$}", i + 1);
    let ty_text = |t: Ty| if cfg.chinese { t.label() } else { t.key() };
    let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();

    let region_header = [["region"], ["地区"]][zh];
    let with_region = |header: &[&'static str], extra: &[&'static str]| -> Vec<&'static str> {
        header.iter().chain(if cfg.regions { extra } else { &[] }).copied().collect()
    };
    let units_csv = csv_text(
        &with_region(&UNITS_HEADER[zh], &region_header),
        units.iter().enumerate().map(|(i, u)| {
            let mut row = vec![
                id(i),
                u.name.clone(),
                u.parent.map(id).unwrap_or_default(),
                u.sector.to_string(),
                u.level.label().to_string(),
                (if cfg.chinese {
                    u.kind.label()
                } else {
                    u.kind.key()
                })
                .to_string(),
                (if cfg.chinese {
                    u.function.label()
                } else {
                    u.function.key()
                })
                .to_string(),
                flag_text(u.protected, cfg.chinese).to_string(),
                opt(u.leader_posts),
                opt(u.leaders),
            ];
            if cfg.regions {
                row.push(u.region.clone());
            }
            row
        }),
    );
    // Extra columns only for several years: a one-year scenario's tables stay as they were.
    let with_years = |header: &[&'static str], extra: &'static str| -> Vec<&'static str> {
        header.iter().copied().chain(several_years.then_some(extra)).collect()
    };
    let lines_csv = csv_text(
        &with_years(&LINES_HEADER[zh], RETIRING_HEADER[zh]),
        units.iter().enumerate().flat_map(|(i, u)| {
            u.lines.iter().map(move |l| {
                let mut row = vec![
                    id(i),
                    ty_text(l.ty).to_string(),
                    l.quota.to_string(),
                    l.staff.to_string(),
                ];
                if several_years {
                    row.push(l.retiring.iter().map(i64::to_string).collect::<Vec<_>>().join(";"));
                }
                row
            })
        }),
    );
    let pools_csv = csv_text(
        &with_region(&POOLS_HEADER[zh], &[["region", "collects"], ["地区", "收回池"]][zh]),
        pools.iter().map(|p| {
            let mut row = vec![
                p.id.clone(),
                p.name.clone(),
                ty_text(p.ty).to_string(),
                p.capacity.to_string(),
                p.used.to_string(),
                p.sectors.to_string(),
                p.per_unit_max.to_string(),
            ];
            if cfg.regions {
                row.push(p.region.clone());
                row.push(flag_text(p.collects, cfg.chinese).to_string());
            }
            row
        }),
    );
    let tier_text = |t: TierKey| if cfg.chinese { t.label() } else { t.key() };
    let req_width = requests.len().to_string().len().max(3);
    let requests_csv = csv_text(
        &with_years(&REQUESTS_HEADER[zh], YEAR_HEADER[zh]),
        requests.iter().enumerate().map(|(k, r)| {
            let mut row = vec![
                format!("REQ-{:0req_width$}", k + 1),
                id(r.unit),
                ty_text(r.ty).to_string(),
                r.amount.to_string(),
                tier_text(r.tier).to_string(),
                r.min.to_string(),
                r.reason.clone(),
            ];
            if several_years {
                row.push(r.year.to_string());
            }
            row
        }),
    );
    // Ids follow the ledger's order (oldest first), so sorted ids are the ledger as kept.
    let grant_width = grants.len().to_string().len().max(3);
    let grants_csv = csv_text(
        &GRANTS_HEADER[zh],
        grants.iter().enumerate().map(|(k, g)| {
            [
                format!("G-{:0grant_width$}", k + 1),
                pools[g.pool].id.clone(),
                id(g.unit),
                ty_text(g.ty).to_string(),
                g.amount.to_string(),
                g.used.to_string(),
                g.granted_on.to_string(),
                tier_text(g.tier).to_string(),
                g.term_months.map(|t| t.to_string()).unwrap_or_default(),
            ]
        }),
    );

    let model_ref = match cfg.model {
        ModelSource::Own => "model.toml",
        ModelSource::Shared(path) => path,
    };
    // A variant of another folder's scenario reads that folder's units, pools and ledger.
    let shared = cfg.shared.unwrap_or("");
    let years_line = if several_years { format!("years = {}\n", cfg.years) } else { String::new() };
    let scenario_toml = format!(
        "[scenario]\nname = {}\nas_of = {}\nmodel = {}\n{years_line}\n[data]\nunits = \"{shared}units.csv\"\nestablishments = \"establishments.csv\"\npools = \"{shared}pools.csv\"\nrequests = \"requests.csv\"\ngrants = \"{shared}grants.csv\"\n",
        toml_string(&cfg.name),
        toml_string(AS_OF),
        toml_string(model_ref),
    );

    let mut files = vec![
        ("establishments.csv".to_string(), lines_csv),
        ("requests.csv".to_string(), requests_csv),
        ("scenario.toml".to_string(), scenario_toml),
    ];
    if cfg.shared.is_none() {
        files.push(("grants.csv".to_string(), grants_csv));
        files.push(("pools.csv".to_string(), pools_csv));
        files.push(("units.csv".to_string(), units_csv));
    }
    if let ModelSource::Own = cfg.model {
        // 蓄水池 on every municipal pool (one per region with regions).
        let reserves: Vec<(&str, i64)> = pools
            .iter()
            .filter(|p| p.kind == PoolKind::Muni)
            .map(|p| (p.id.as_str(), muni_reserve_of(p.capacity)))
            .collect();
        let max_merges = if cfg.regions { units.len() } else { (2 * vanished).max(50) };
        files.push(("model.toml".to_string(), model_toml(&reserves, max_merges, cfg.regions, several_years)));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    GeneratedScenario { files }
}

/// A yes/no field: 是/否 with Chinese headers, true/false otherwise.
fn flag_text(value: bool, chinese: bool) -> &'static str {
    match (chinese, value) {
        (true, true) => "是",
        (true, false) => "否",
        (false, true) => "true",
        (false, false) => "false",
    }
}

/// The policy model of a generated scenario: the baseline rules, a 2% reserve on the
/// municipal pool(s), and room for every forced merge of a vanished unit. With regions
/// the merge cap is the number of units: a province has no province-wide cap, so it
/// never binds (and no per-region cap is set). Types and tiers are written from the
/// tables the files use, so the labels in the tables are the model's. A scenario of
/// several years adds the attrition rate the listed retirements are drawn around.
pub(super) fn model_toml(reserves: &[(&str, i64)], max_merges: usize, regions: bool, several_years: bool) -> String {
    let reserve_list: Vec<String> = reserves.iter().map(|(id, r)| format!("{id} = {r}")).collect();
    let reserve_list = reserve_list.join(", ");
    let types: String = Ty::ALL.iter().map(|t| format!("{} = {}\n", t.key(), toml_string(t.label()))).collect();
    let tiers: String = TierKey::ALL
        .iter()
        .map(|t| format!("{} = {{ label = {}, weight = {} }}\n", t.key(), toml_string(t.label()), t.weight()))
        .collect();
    let cap_comment = if regions { "   # no province-wide cap: never binds" } else { "" };
    // Lines that list no retirements (退休人数) lose this share of their staff a year.
    let attrition = if several_years {
        format!("\n[attrition]                   # 自然减员: the share of a line's staff retiring a year where 退休人数 lists none\nrate = {RETIRE_RATE}\n")
    } else {
        String::new()
    };
    format!(
        r#"[model]
name = "generated"
title = "合成情景：总量控制、盘活存量、保障重点"

[types]
{types}
[tiers]
{tiers}
[reclaim]
keep_vacant = 1
max_share = 1.0
into = {{ admin = "POOL-ADMIN", institution = "POOL-MUNI" }}

[consolidation]
max_quota = 5
kinds = ["institution"]
same_parent = true
same_sector = true
max_merges = {max_merges}{cap_comment}
vanished_must_merge = true

[receiving]
overstaffed_may_receive = false

[reserve]
min_available = {{ {reserve_list} }}

[weights]
reclaimed = 0.0
released = 0.0
donor_units = -1.0
merges = 2.0
absorbed = 5.0
staff_moved = -0.5
"#
    ) + &attrition
}
