//! The binary-level half of the test kit: the `bianzhi` binary and repo paths, solving a
//! scenario into a temporary folder, solving a generated scenario by parts and as one
//! model, `verify` accepting or refusing a document, and scenario folders written from
//! strings — with the one set of CSV fixtures and the one model file those folders
//! start from ([`fixture`]). Builders of scenarios, policies and plans in memory, and
//! readers of a plan, are the library's half, `bianzhi::testkit`.

#![allow(dead_code)]

use bianzhi::testkit::ModelText;
use bianzhi::{GenOptions, Policy, PlansDoc, Ranked, Scenario, SolveOptions};
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The `bianzhi` binary built for this test run.
pub fn bianzhi() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("bianzhi").expect("binary builds")
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn demo_city() -> PathBuf {
    repo().join("scenarios/demo-city")
}

pub fn baseline_model() -> PathBuf {
    repo().join("models/baseline.toml")
}

/// Writes `files` (relative name, contents) into a fresh temporary folder.
pub fn write_dir(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, contents) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, contents).expect("write fixture");
    }
    dir
}

/// Copies a scenario folder (flat) into a temporary folder.
pub fn copy_scenario(from: &Path) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(from).expect("scenario folder") {
        let entry = entry.expect("entry");
        if entry.path().is_file() {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy");
        }
    }
    dir
}

/// Loads a scenario through the library, panicking with the issues on failure.
pub fn load(dir: &Path, model: Option<&Path>) -> bianzhi::Loaded {
    match bianzhi::load_scenario(dir, model) {
        Ok(l) => l,
        Err(issues) => panic!("scenario does not load: {:#?}", issues),
    }
}

/// `validate DIR`, whatever it says: (exit code, stderr).
pub fn validate(dir: &Path) -> (i32, String) {
    let out = bianzhi().arg("validate").arg(dir).output().expect("runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).to_string())
}

// ---------------------------------------------------------------------------------
// Solving
// ---------------------------------------------------------------------------------

/// A file that must be one JSON document.
pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not one JSON document: {e}\n{text}", path.display()))
}

/// `solve SCENARIO --out TMP/out ARGS…` must exit 0: the temporary folder (the output
/// lives as long as it does), the plans.json path and the document as JSON.
pub fn solve(scenario: &Path, args: &[&str]) -> (TempDir, PathBuf, Value) {
    let path = solve_to(scenario, args);
    let doc = read_json(&path.1);
    (path.0, path.1, doc)
}

/// `solve SCENARIO --plans K --years N --format json` as [`solve`], the document read
/// back as the library's type (so every field must read back).
pub fn solve_doc(scenario: &Path, plans: usize, years: usize) -> (TempDir, PathBuf, PlansDoc) {
    let (tmp, path) = solve_to(scenario, &["--plans", &plans.to_string(), "--years", &years.to_string(), "--format", "json"]);
    let text = std::fs::read_to_string(&path).expect("plans.json written");
    let doc = serde_json::from_str(&text).unwrap_or_else(|e| panic!("plans.json does not read back: {e}\n{text}"));
    (tmp, path, doc)
}

fn solve_to(scenario: &Path, args: &[&str]) -> (TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    let assert = bianzhi().arg("solve").arg(scenario).arg("--out").arg(&out).args(args).assert();
    let output = assert.get_output();
    assert!(output.status.success(), "solve {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    (tmp, out.join("plans.json"))
}

/// The demo city solved for `plans` ranked plans: as [`solve`].
pub fn solve_demo(plans: usize) -> (TempDir, PathBuf, Value) {
    solve(&demo_city(), &["--plans", &plans.to_string()])
}

/// One generated scenario solved both ways.
pub struct BothWays {
    /// By independent parts (`decompose`, the default), grouped to `group_units`.
    pub parts: Ranked,
    /// As one model (`decompose: false`).
    pub whole: Ranked,
    pub scenario: Scenario,
    pub policy: Policy,
}

/// The scenario `gen` generates, written to a folder and loaded as the binary would,
/// then `k` plans solved under `base` by parts (grouped to `group_units` units) and as
/// one model.
pub fn solve_both(gen: GenOptions, k: usize, group_units: usize, base: SolveOptions) -> BothWays {
    let dir = tempfile::tempdir().expect("temp dir");
    bianzhi::generate(&gen).write_to(dir.path()).expect("write generated scenario");
    let l = load(dir.path(), None);
    let parts = bianzhi::solve_ranked(&l.scenario, &l.policy, k, &SolveOptions { group_units, ..base.clone() }).expect("decomposed solve");
    let whole = bianzhi::solve_ranked(&l.scenario, &l.policy, k, &SolveOptions { decompose: false, ..base }).expect("whole solve");
    BothWays { parts, whole, scenario: l.scenario, policy: l.policy }
}

// ---------------------------------------------------------------------------------
// verify
// ---------------------------------------------------------------------------------

/// `verify DIR PLANS` must accept the document.
pub fn verified(dir: &Path, plans: &Path) {
    bianzhi().arg("verify").arg(dir).arg(plans).assert().code(0).stdout(predicates::str::starts_with("ok:"));
}

/// `verify DIR FILE` on `doc` written beside `plans` must exit 1 naming `[rule]`;
/// returns stderr.
pub fn refused(dir: &Path, plans: &Path, doc: &Value, rule: &str) -> String {
    let path = plans.with_file_name("tampered.json");
    std::fs::write(&path, serde_json::to_string_pretty(doc).expect("serialise")).expect("write tampered plans");
    let assert = bianzhi().arg("verify").arg(dir).arg(&path).assert();
    let output = assert.get_output();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(output.status.code(), Some(1), "verify should refuse the tampered plans naming [{rule}]: {stderr}");
    assert!(stderr.contains(&format!("[{rule}]")), "verify should name [{rule}]: {stderr}");
    stderr
}

// ---------------------------------------------------------------------------------
// Scenario folders
// ---------------------------------------------------------------------------------

/// `scenario.toml` of a scenario named 测试 at 2025-06-30 with `model.toml` as its model
/// and one `[data]` entry per (key, file).
pub fn manifest(data: &[(&str, &str)]) -> String {
    let mut text = "[scenario]\nname = \"测试\"\nas_of = \"2025-06-30\"\nmodel = \"model.toml\"\n\n[data]\n".to_string();
    for (key, file) in data {
        text += &format!("{key} = \"{file}\"\n");
    }
    text
}

/// A scenario folder held as (file name, bytes) until [`Folder::write`], so a test can
/// change one file of a valid fixture and show what that alone does.
#[derive(Clone, Debug)]
pub struct Folder {
    files: Vec<(String, Vec<u8>)>,
}

impl Folder {
    /// `model` as model.toml and each table `(file, contents)`, named in `[data]` by its
    /// file stem (`grants.csv` → `grants`), under [`manifest`].
    pub fn new(model: &str, tables: &[(&str, &str)]) -> Folder {
        let data: Vec<(&str, &str)> = tables.iter().map(|(file, _)| (file.split('.').next().expect("a file name"), *file)).collect();
        let mut files = vec![("scenario.toml".to_string(), manifest(&data).into_bytes()), ("model.toml".to_string(), model.as_bytes().to_vec())];
        files.extend(tables.iter().map(|(file, text)| (file.to_string(), text.as_bytes().to_vec())));
        Folder { files }
    }

    /// The valid base fixture: [`fixture::MODEL`] and the four tables of [`fixture`].
    pub fn base() -> Folder {
        Folder::new(
            fixture::MODEL,
            &[
                ("units.csv", fixture::UNITS),
                ("establishments.csv", fixture::ESTABLISHMENTS),
                ("pools.csv", fixture::POOLS),
                ("requests.csv", fixture::REQUESTS),
            ],
        )
    }

    /// The same city as a real-name-system export spells it ([`fixture::export`]), under
    /// [`fixture::model_of_one_pool`].
    pub fn export() -> Folder {
        Folder::new(
            fixture::model_of_one_pool().text(),
            &[
                ("units.csv", fixture::export::UNITS),
                ("establishments.csv", fixture::export::ESTABLISHMENTS),
                ("pools.csv", fixture::export::POOLS),
                ("requests.csv", fixture::export::REQUESTS),
            ],
        )
    }

    /// `file` written as `contents` instead (or as well, when it is new).
    pub fn with(mut self, file: &str, contents: impl Into<Vec<u8>>) -> Folder {
        let contents = contents.into();
        match self.files.iter_mut().find(|(n, _)| n == file) {
            Some(slot) => slot.1 = contents,
            None => self.files.push((file.to_string(), contents)),
        }
        self
    }

    /// `file` left out (it must be there).
    pub fn without(mut self, file: &str) -> Folder {
        let before = self.files.len();
        self.files.retain(|(n, _)| n != file);
        assert!(self.files.len() < before, "the folder has no {file}");
        self
    }

    /// A new table `file` of `contents`, named in `[data]` by its stem.
    pub fn table(self, file: &str, contents: &str) -> Folder {
        let key = file.split('.').next().expect("a file name");
        let manifest = format!("{}{key} = \"{file}\"\n", self.text("scenario.toml"));
        self.with("scenario.toml", manifest).with(file, contents)
    }

    /// `file` with its first `from` replaced by `to` (it must contain `from`).
    pub fn edit(self, file: &str, from: &str, to: &str) -> Folder {
        let text = self.text(file);
        assert!(text.contains(from), "{file} has no {from:?}");
        self.with(file, text.replacen(from, to, 1))
    }

    /// The model edited key by key.
    pub fn model(self, edit: impl FnOnce(ModelText) -> ModelText) -> Folder {
        let model = edit(ModelText::new(&self.text("model.toml")));
        self.with("model.toml", model.text())
    }

    /// The text of `file` (which must be UTF-8).
    pub fn text(&self, file: &str) -> String {
        let (_, bytes) = self.files.iter().find(|(n, _)| n == file).unwrap_or_else(|| panic!("the folder has no {file}"));
        String::from_utf8(bytes.clone()).unwrap_or_else(|_| panic!("{file} is not UTF-8"))
    }

    /// The files written into a fresh temporary folder, bytes as they are.
    pub fn write(&self) -> TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, bytes) in &self.files {
            let path = dir.path().join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("mkdir");
            }
            std::fs::write(&path, bytes).expect("write fixture");
        }
        dir
    }
}

/// The shared fixtures of the folder tests: one valid scenario's four tables (rows
/// numbered as a spreadsheet shows them) and the model they are valid under, the
/// same city as a real-name-system export spells it, and the quiet model of the
/// ledger and years tests — each of the others stated as its edits of [`MODEL`].
pub mod fixture {
    use bianzhi::testkit::ModelText;

    /// Two types, two tiers, reclaims into POOL-A / POOL-I, POOL-I keeping 2.
    pub const MODEL: &str = r#"[model]
name = "test"
title = "测试模型"

[types]
admin = "行政编制"
institution = "事业编制"

[tiers]
key = { label = "保重点", weight = 100 }
operations = { label = "保运转", weight = 20 }

[reclaim]
keep_vacant = 1
max_share = 1.0
into = { admin = "POOL-A", institution = "POOL-I" }

[consolidation]
max_quota = 5
kinds = ["institution"]

[reserve]
min_available = { POOL-I = 2 }

[weights]
reclaimed = 0.0
donor_units = -1.0
merges = 2.0
staff_moved = -0.5
"#;

    // rows: header 1, U1 2, U2 3, U3 4, U4 5
    pub const UNITS: &str = "id,name,parent,sector,level,kind,function,protected
U1,市教育局,,教育,市,admin,active,false
U2,市第一中学,U1,教育,市,institution,active,false
U3,市第二中学,U1,教育,市,institution,active,false
U4,市卫生健康委员会,,卫健,市,admin,active,true
";

    // rows: header 1, U1 2, U2 3, U3 4, U4 5; U3 is overstaffed (10/12).
    pub const ESTABLISHMENTS: &str = "unit,type,quota,staff
U1,admin,20,18
U2,institution,50,40
U3,institution,10,12
U4,admin,15,15
";

    // rows: header 1, POOL-A 2, POOL-I 3
    pub const POOLS: &str = "id,name,type,available,sectors,per_unit_max
POOL-A,行政编制周转池,admin,10,*,0
POOL-I,事业编制周转池,institution,30,教育;卫健,0
";

    // rows: header 1, R1 2, R2 3
    pub const REQUESTS: &str = "id,unit,type,amount,tier,min,reason
R1,U2,institution,5,key,0,新增班级
R2,U4,admin,2,operations,1,新增职能
";

    /// [`MODEL`] for one `institution` pool, POOL-MUNI, with no reserve and the
    /// defaults' weights: what the export tables below are valid under.
    pub fn model_of_one_pool() -> ModelText {
        ModelText::new(MODEL)
            .remove("types.admin")
            .remove("tiers.operations")
            .remove("reclaim")
            .remove("consolidation")
            .remove("reserve")
            .remove("weights")
            .set("reclaim.into", r#"{ institution = "POOL-MUNI" }"#)
    }

    /// [`MODEL`] in which nothing happens unless a test asks for it: no reclaims
    /// (`max_share = 0`), no merges (`max_merges = 0`) and absorbing costs
    /// (`absorbed = 0`, `staff_moved = -0.5`), so every quota a pool gains is a
    /// return; tiers key and emergency, no reserve.
    pub fn quiet_model() -> ModelText {
        ModelText::new(MODEL)
            .remove("tiers.operations")
            .set("tiers.emergency", r#"{ label = "保应急", weight = 60 }"#)
            .set("reclaim.keep_vacant", "0")
            .set("reclaim.max_share", "0.0")
            .set("reclaim.into", r#"{ institution = "POOL-I" }"#)
            .set("consolidation.max_merges", "0")
            .set("consolidation.vanished_must_merge", "false")
            .remove("reserve")
            .remove("weights.reclaimed")
            .remove("weights.merges")
            .set("weights.donor_units", "0.0")
            .set("weights.absorbed", "0.0")
    }

    /// One school asking POOL-MUNI for 3, as a real-name-system (实名制) export spells
    /// it: Chinese headers and labels, free text with Chinese punctuation, a pool given
    /// as 规模 / 已使用. Valid under [`model_of_one_pool`]; the `xlsx` tests write the
    /// same rows as sheets.
    pub mod export {
        // rows: header 1, U1 2, U2 3
        pub const UNITS: &str = "单位代码,单位名称,主管部门,系统,层级,单位类型
U1,市教育局,,教育,市,行政机关
U2,市第一中学（高中部），东校区,U1,教育,市,事业单位
";

        pub const ESTABLISHMENTS: &str = "单位代码,编制类型,核定编制数,实有人数
U2,事业编制,50,40
";

        pub const POOLS: &str = "池代码,名称,编制类型,规模,已使用,适用系统
POOL-MUNI,市直周转池（备用），一号,事业编制,600,163,*
";

        pub const REQUESTS: &str = "需求编号,单位代码,编制类型,申请数,保障类别,理由
R1,U2,事业编制,3,保重点,新增班级，扩招（两个班）
";

        /// Each row of a table as its cells (no cell holds an ASCII comma).
        pub fn rows(table: &str) -> Vec<Vec<&str>> {
            table.lines().map(|l| l.split(',').collect()).collect()
        }
    }
}

/// One line of terminal text with a wall-clock `N.NN 秒` written `_ 秒` (a line without
/// ` 秒` as it is). Callers choose which lines carry a time.
pub fn line_without_seconds(line: &str) -> String {
    let Some(end) = line.find(" 秒") else {
        return line.to_string();
    };
    let start = line[..end]
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.'))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    format!("{}_{}", &line[..start], &line[end..])
}
