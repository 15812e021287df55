//! Synthetic scenarios (`bianzhi gen`, benches, tests and the committed demo city).
//!
//! Owns the generator only: it builds a scenario folder's files in memory from a seed,
//! calibrated to the figures of DESIGN §1 (51% of institutions with quota ≤ 7 and
//! 36.7% with ≤ 5, idle vacancy concentrated in 教育/卫健, a few percent overstaffed,
//! a handful of shrinking and vanished units, requests prioritised 保重点/保应急/保运转,
//! revolving pools). It does no IO except [`GeneratedScenario::write_to`].
//!
//! Invariants:
//! * Same options → byte-identical files. The PRNG is in this file (SplitMix64), every
//!   phase draws from its own stream so that tuning one phase does not reshuffle the
//!   others, no hash map is ever iterated, and only IEEE-exact float operations
//!   (+ − × ÷, `round`, `floor`, `ceil`) are used so that other platforms agree.
//! * Every vanished institution has a merge host: a sibling institution (same parent,
//!   sector and level) that is neither vanished nor overstaffed.
//! * The small-unit shares are hit exactly, not on average: institutions are ranked by
//!   their natural size and the first 36.7% / 51% of the ranking get quota ≤ 5 / ≤ 7.
//! * Linear-time apart from a few sorts: 50,000 units take a few tens of milliseconds.

use crate::domain::{Function, UnitKind};
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::path::Path;

// ---------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------

/// What to generate.
#[derive(Clone, Debug)]
pub struct GenOptions {
    /// Number of units (rows of `units.csv`).
    pub units: usize,
    pub seed: u64,
    /// Chinese headers and values (单位代码, 事业单位, 保重点, …) instead of English.
    pub chinese_headers: bool,
    /// Scenario name written to `scenario.toml`.
    pub name: String,
    /// Regions (地区, an extension of DESIGN §5): every city level and county is a
    /// region with its own pools, whose municipal and admin pools collect what its
    /// units give up; merges and absorbs stay inside a region.
    pub regions: bool,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions {
            units: 354,
            seed: 1,
            chinese_headers: false,
            name: String::new(),
            regions: false,
        }
    }
}

/// The files of a scenario folder: (relative file name, contents), sorted by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedScenario {
    pub files: Vec<(String, String)>,
}

impl GeneratedScenario {
    /// The contents of one file, by relative name.
    pub fn file(&self, name: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, c)| c.as_str())
    }

    /// Writes every file into `dir` (created when missing), replacing existing ones.
    pub fn write_to(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        for (name, contents) in &self.files {
            std::fs::write(dir.join(name), contents)?;
        }
        Ok(())
    }
}

/// A synthetic scenario of `opts.units` units with its own `model.toml`.
///
/// Up to 599 units it is one city level (层级 市); beyond, cities of about 4,000 units,
/// each with its own level (at most 354 units) and counties of about 230 units
/// (county departments and institutions plus townships). Requests come from about 3% of
/// the units; pools are sized from the requests so that demand exceeds what the pools can
/// give after the reserve by about a fifth.
pub fn generate(opts: &GenOptions) -> GeneratedScenario {
    let name = if opts.name.trim().is_empty() {
        format!("合成情景（{} 个单位，种子 {}）", opts.units, opts.seed)
    } else {
        opts.name.clone()
    };
    let n_requests = if opts.units == 0 {
        0
    } else {
        ((opts.units as f64) * 0.03).round().max(1.0) as usize
    };
    build(&Config {
        units: opts.units,
        seed: opts.seed,
        chinese: opts.chinese_headers,
        name,
        model: ModelSource::Own,
        n_requests,
        pools: PoolSizing::FromDemand,
        legal_requests: None,
        overstaffed_requests: None,
        institution_demand: None,
        regions: opts.regions,
    })
}

/// The demo city (about 354 units at city level), Chinese headers, fixed seed.
///
/// Its pools are the figures of DESIGN §1 (教育周转池 1,500 / 670 used, 人才周转池
/// 1,000 / 490, 市直周转池 600 / 163) and it refers to the built-in model `baseline`, so no
/// `model.toml` is written. It has 120 requests; the institution requests total about
/// 1,950, more than the pools can lend, so the plan has to choose and to reclaim.
pub fn demo_city() -> GeneratedScenario {
    build(&Config {
        units: DEMO_UNITS,
        seed: DEMO_SEED,
        chinese: true,
        name: "示例市 2025 年度编制调剂".to_string(),
        model: ModelSource::Shared("baseline"),
        n_requests: 120,
        pools: PoolSizing::Demo,
        legal_requests: Some(2),
        overstaffed_requests: Some(2),
        institution_demand: Some(1950),
        regions: false,
    })
}

const DEMO_UNITS: usize = 354;
const DEMO_SEED: u64 = 20_250_630;
const AS_OF: &str = "2025-06-30";

// ---------------------------------------------------------------------------------
// Calibration (DESIGN §1 and the seeds)
// ---------------------------------------------------------------------------------

/// Share of institutions with total quota ≤ 5 (107 of 292 in the seed city).
const SHARE_LE5: f64 = 0.367;
/// Share of institutions with total quota ≤ 7 (149 of 292).
const SHARE_LE7: f64 = 0.51;
/// Overstaffed institutions (超编), share of institutions.
const SHARE_OVERSTAFFED_INST: f64 = 0.035;
/// Overstaffed departments (结构性超编 after appointments), share of departments.
const SHARE_OVERSTAFFED_DEPT: f64 = 0.02;
/// Vanished (职能消失) institutions, share of institutions: 4 of 292.
const SHARE_VANISHED: f64 = 0.014;
/// Shrinking (职能萎缩) institutions, share of institutions: 6 of 292.
const SHARE_SHRINKING: f64 = 0.02;
/// Mean vacancy rate of institution lines in 教育/卫健 (基层教育卫生编制节余较多) …
const HOT_RATE: f64 = 0.16;
/// … and the least it may end at in any (sector, level) after correction.
const HOT_FLOOR: f64 = 0.14;
/// Mean vacancy rate elsewhere (空编率不足 8%) …
const COLD_RATE: f64 = 0.035;
/// … and the most it may end at in any (sector, level, type) after correction.
const COLD_CAP: f64 = 0.07;
/// Demand over what pools can give after reserve, for generated scenarios.
const DEMAND_OVER_SUPPLY: f64 = 1.2;

/// Sectors whose institutions hold the idle vacancy.
fn is_hot_sector(sector: &str) -> bool {
    sector == "教育" || sector == "卫健"
}

// ---------------------------------------------------------------------------------
// Catalog of departments and institutions
// ---------------------------------------------------------------------------------

/// Natural size of an institution, before the small-unit stratification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Size {
    Tiny,
    Small,
    Medium,
    Large,
    Huge,
}

/// Protected (是否保护): never gives quota.
const PROTECTED: u8 = 1;
/// Preferred for 职能消失 (a function the city no longer has, e.g. 蚕桑站, 墙改办).
const MAY_VANISH: u8 = 2;
/// Preferred for 职能萎缩.
const MAY_SHRINK: u8 = 4;
/// Preferred for 超编 (the seed names 市城管局园林绿化中心).
const MAY_OVERSTAFF: u8 = 8;
/// 官多兵少: a small department whose leaders exceed half its quota.
const TOP_HEAVY: u8 = 16;
/// The department also exists at county level.
const COUNTY: u8 = 32;

struct InstT {
    name: &'static str,
    size: Size,
    flags: u8,
}

const fn it(name: &'static str, size: Size) -> InstT {
    InstT {
        name,
        size,
        flags: 0,
    }
}

const fn itf(name: &'static str, size: Size, flags: u8) -> InstT {
    InstT { name, size, flags }
}

struct DeptT {
    /// Name after the place prefix; `{}` marks where the prefix goes when not in front.
    name: &'static str,
    /// Name at county level when different (中级人民法院 → 人民法院).
    county_name: Option<&'static str>,
    sector: &'static str,
    kind: UnitKind,
    /// City-level quota ranges per type; (0, 0) = no line of that type.
    admin: (i64, i64),
    legal: (i64, i64),
    institution: (i64, i64),
    flags: u8,
    insts: &'static [InstT],
}

const fn dept(
    name: &'static str,
    sector: &'static str,
    admin: (i64, i64),
    flags: u8,
    insts: &'static [InstT],
) -> DeptT {
    DeptT {
        name,
        county_name: None,
        sector,
        kind: UnitKind::Admin,
        admin,
        legal: (0, 0),
        institution: (0, 0),
        flags,
        insts,
    }
}

/// A 参公事业单位 at department level: it holds 事业编制 but is managed like an organ.
const fn civil(
    name: &'static str,
    sector: &'static str,
    institution: (i64, i64),
    flags: u8,
    insts: &'static [InstT],
) -> DeptT {
    DeptT {
        name,
        county_name: None,
        sector,
        kind: UnitKind::CivilManaged,
        admin: (0, 0),
        legal: (0, 0),
        institution,
        flags,
        insts,
    }
}

/// A 政法 department holding 政法专项编制 (and possibly 行政编制).
const fn legal(
    name: &'static str,
    county_name: Option<&'static str>,
    sector: &'static str,
    admin: (i64, i64),
    legal: (i64, i64),
    flags: u8,
    insts: &'static [InstT],
) -> DeptT {
    DeptT {
        name,
        county_name,
        sector,
        kind: UnitKind::Admin,
        admin,
        legal,
        institution: (0, 0),
        flags,
        insts,
    }
}

use Size::{Huge, Large, Medium, Small, Tiny};

// Institution lists, most essential first: a level with fewer units than the catalog
// takes them round-robin across departments, so it keeps the first of each.
const EDU: &[InstT] = &[
    it("第一中学", Large),
    it("实验小学", Large),
    it("第二中学", Large),
    it("特殊教育学校", Medium),
    it("教育科学研究院", Medium),
    it("第三中学", Large),
    it("第一幼儿园", Medium),
    it("招生考试中心", Small),
    it("第四中学", Large),
    it("第一小学", Large),
    it("职业教育中心", Large),
    it("第五中学", Large),
    itf("电化教育馆", Tiny, MAY_SHRINK),
    it("第二小学", Large),
    it("学生资助管理中心", Tiny),
    it("第六中学", Large),
    it("教育技术装备中心", Tiny),
    it("第三小学", Large),
    it("教师发展中心", Small),
    it("第七中学", Large),
    it("机关幼儿园", Medium),
    it("第四小学", Large),
    it("教育督导评估中心", Tiny),
    it("第八中学", Large),
    it("青少年校外活动中心", Small),
    it("第五小学", Large),
    it("开放大学", Medium),
    it("外国语学校", Large),
    it("实验中学", Large),
    it("第二幼儿园", Medium),
    it("教育后勤服务中心", Tiny),
    itf("勤工俭学管理办公室", Tiny, MAY_VANISH),
    it("语言文字工作中心", Tiny),
];
const HEALTH: &[InstT] = &[
    it("人民医院", Huge),
    itf("疾病预防控制中心", Large, PROTECTED),
    it("中医医院", Huge),
    it("妇幼保健院", Large),
    itf("急救中心", Medium, PROTECTED),
    it("第二人民医院", Huge),
    it("卫生健康综合执法支队", Medium),
    it("精神卫生中心", Large),
    it("中心血站", Medium),
    it("第三人民医院", Large),
    it("职业病防治院", Medium),
    it("健康教育所", Tiny),
    it("卫生健康信息中心", Tiny),
    it("结核病防治所", Small),
    it("皮肤病防治所", Tiny),
    it("计划生育协会", Tiny),
    it("卫生健康事务中心", Small),
    it("东城社区卫生服务中心", Medium),
    it("西城社区卫生服务中心", Medium),
    it("南城社区卫生服务中心", Medium),
    it("北城社区卫生服务中心", Medium),
    it("医学科学研究所", Small),
    it("康复医院", Medium),
    it("卫生人才交流服务中心", Tiny),
];
const MEDINS: &[InstT] = &[
    it("医疗保障事务中心", Small),
    it("医疗保障信息中心", Tiny),
    it("医疗保障基金稽核中心", Tiny),
];
const POLICE: &[InstT] = &[
    it("公安局警务保障中心", Small),
    it("公安局机关服务中心", Tiny),
    it("公安局网络安全技术服务中心", Tiny),
    it("公安局交通管理服务中心", Small),
    it("公安局警犬技术训练基地", Tiny),
];
const URBAN: &[InstT] = &[
    it("城市管理综合执法支队", Large),
    itf("园林绿化中心", Medium, MAY_OVERSTAFF),
    itf("环境卫生管理处", Medium, MAY_OVERSTAFF),
    it("市政设施管理处", Medium),
    it("城市照明管理所", Small),
    it("数字化城市管理指挥中心", Small),
    it("生活垃圾处理中心", Small),
    it("公园管理处", Small),
    it("城市管理综合服务中心", Tiny),
    it("停车管理服务中心", Tiny),
    it("户外广告管理所", Tiny),
];
const LAND: &[InstT] = &[
    it("不动产登记中心", Medium),
    it("自然资源综合行政执法支队", Medium),
    it("土地储备中心", Small),
    it("测绘地理信息中心", Small),
    it("城乡规划设计研究院", Medium),
    it("自然资源信息中心", Tiny),
    it("地质环境监测站", Tiny),
    it("国土空间规划编制中心", Tiny),
    it("矿产资源储备中心", Tiny),
    it("耕地保护中心", Tiny),
];
const HOUSING: &[InstT] = &[
    it("建设工程质量安全监督站", Medium),
    it("住房保障服务中心", Small),
    it("房产交易中心", Small),
    it("建筑市场服务中心", Small),
    it("城建档案馆", Tiny),
    it("物业管理服务中心", Tiny),
    it("建设工程造价管理站", Tiny),
    itf("墙体材料革新办公室", Tiny, MAY_VANISH),
    it("建筑节能与科技中心", Tiny),
];
const TRANSPORT: &[InstT] = &[
    it("交通运输综合行政执法支队", Large),
    it("公路事业发展中心", Medium),
    it("道路运输服务中心", Small),
    it("港航事业发展中心", Small),
    it("交通运输信息中心", Tiny),
    it("交通建设工程质量监督站", Tiny),
    it("城乡客运服务中心", Tiny),
    itf("地方铁路建设服务中心", Tiny, MAY_SHRINK),
];
const AGRI: &[InstT] = &[
    it("农业技术推广中心", Medium),
    it("畜牧兽医服务中心", Small),
    it("动物疫病预防控制中心", Small),
    it("农业综合行政执法支队", Medium),
    it("农产品质量安全检测中心", Small),
    it("农业科学研究所", Medium),
    it("乡村振兴服务中心", Small),
    it("农业机械化服务中心", Tiny),
    it("水产技术推广站", Tiny),
    it("种子管理站", Tiny),
    it("植保植检站", Tiny),
    it("土壤肥料工作站", Tiny),
    it("农村经营管理站", Tiny),
    it("经济作物技术推广站", Tiny),
    itf("农村能源站", Tiny, MAY_VANISH),
    itf("蚕桑站", Tiny, MAY_VANISH),
    it("农村社会事业发展中心", Tiny),
    it("茶叶产业发展中心", Tiny),
    itf("农业广播电视学校", Tiny, MAY_SHRINK),
];
const HR: &[InstT] = &[
    it("就业服务中心", Small),
    it("社会保险事务中心", Medium),
    it("技师学院", Large),
    it("劳动保障监察支队", Small),
    it("劳动人事争议仲裁院", Tiny),
    it("人事考试中心", Tiny),
    it("人才交流服务中心", Tiny),
    it("职业技能鉴定指导中心", Tiny),
    it("机关事业单位养老保险中心", Tiny),
    it("农民工服务中心", Tiny),
];
const CIVIL: &[InstT] = &[
    it("社会福利院", Medium),
    it("救助管理站", Small),
    it("殡仪馆", Small),
    it("儿童福利院", Small),
    it("养老服务指导中心", Tiny),
    it("婚姻登记中心", Tiny),
    it("社会组织服务中心", Tiny),
    it("社会救助服务中心", Tiny),
    it("殡葬管理所", Tiny),
    it("区划地名服务中心", Tiny),
];
const VETERAN: &[InstT] = &[
    it("退役军人服务中心", Small),
    it("军供站", Tiny),
    it("光荣院", Tiny),
    it("烈士陵园管理所", Tiny),
    itf("军队离退休干部休养所", Small, MAY_SHRINK),
];
const CULTURE: &[InstT] = &[
    it("图书馆", Medium),
    it("博物馆", Medium),
    it("文化馆", Small),
    it("文化市场综合行政执法支队", Small),
    it("演艺中心", Medium),
    it("美术馆", Tiny),
    it("文物保护中心", Tiny),
    it("非物质文化遗产保护中心", Tiny),
    it("旅游服务中心", Tiny),
    it("广播电视监测中心", Tiny),
];
const SPORT: &[InstT] = &[
    it("体育运动学校", Medium),
    it("全民健身中心", Small),
    it("体育场馆管理中心", Small),
];
const EMERGENCY: &[InstT] = &[
    it("应急管理综合行政执法支队", Small),
    it("应急救援指挥中心", Small),
    it("防震减灾中心", Small),
    it("应急物资储备中心", Tiny),
    it("安全生产技术服务中心", Tiny),
    it("森林防火指挥中心", Tiny),
];
const MARKET: &[InstT] = &[
    it("市场监管综合行政执法支队", Medium),
    it("产品质量监督检验所", Medium),
    it("特种设备检验所", Medium),
    it("计量测试所", Small),
    it("食品药品检验所", Small),
    it("标准化研究所", Tiny),
    it("消费者投诉举报中心", Tiny),
    it("知识产权保护中心", Tiny),
    itf("个体私营经济服务中心", Tiny, MAY_VANISH),
];
const WATER: &[InstT] = &[
    it("水利工程管理处", Medium),
    it("水文水资源勘测中心", Small),
    it("防汛抗旱服务中心", Small),
    it("灌区管理处", Small),
    it("水土保持监测站", Tiny),
    it("水政监察支队", Tiny),
    it("河湖保护中心", Tiny),
    it("农村饮水安全管理站", Tiny),
];
const ECO: &[InstT] = &[
    it("生态环境监测站", Medium),
    it("生态环境保护综合行政执法支队", Medium),
    it("环境科学研究所", Small),
    it("固体废物管理中心", Tiny),
    it("生态环境信息中心", Tiny),
    it("辐射环境监测站", Tiny),
];
const FOREST: &[InstT] = &[
    it("东山国有林场", Medium),
    it("西岭国有林场", Medium),
    it("林业科学研究所", Small),
    it("自然保护区管理处", Small),
    it("森林病虫害防治检疫站", Tiny),
    it("林业技术推广站", Tiny),
    it("野生动植物保护站", Tiny),
    it("林木种苗站", Tiny),
];
const FINANCE: &[InstT] = &[
    it("国库支付中心", Small),
    it("财政投资评审中心", Small),
    it("非税收入管理中心", Tiny),
    it("政府采购中心", Tiny),
    it("财政信息中心", Tiny),
    it("会计服务中心", Tiny),
];
const DEVREF: &[InstT] = &[
    it("重点项目服务中心", Small),
    it("价格认证中心", Tiny),
    it("经济信息中心", Tiny),
    it("节能监察中心", Tiny),
];
const GRAIN: &[InstT] = &[
    itf("粮食储备中心", Small, MAY_SHRINK),
    it("粮油质量检测站", Tiny),
    itf("军粮供应站", Tiny, MAY_VANISH),
];
const PARTY_OFFICE: &[InstT] = &[
    it("党史研究中心", Tiny),
    it("地方志编纂中心", Tiny),
    it("委机要保密服务中心", Tiny),
];
const ORG: &[InstT] = &[
    it("党员教育中心", Tiny),
    it("干部人事档案中心", Tiny),
    it("人才发展服务中心", Tiny),
];
const PROPAGANDA: &[InstT] = &[
    it("融媒体中心", Large),
    it("网络舆情中心", Tiny),
    it("文明创建服务中心", Tiny),
    itf("讲师团", Tiny, MAY_SHRINK),
];
const DISCIPLINE: &[InstT] = &[it("廉政教育中心", Tiny), it("纪检监察信息中心", Tiny)];
const GOV_OFFICE: &[InstT] = &[
    it("人民政府金融服务中心", Tiny),
    it("政府督查服务中心", Tiny),
    it("12345政务服务便民热线中心", Small),
];
const JUSTICE: &[InstT] = &[
    it("公证处", Small),
    it("法律援助中心", Tiny),
    it("社区矫正中心", Tiny),
    it("人民调解指导中心", Tiny),
];
const POLITICAL: &[InstT] = &[
    it("社会治安综合治理中心", Small),
    it("网格化服务管理中心", Tiny),
];
const UNITED: &[InstT] = &[it("民族宗教服务中心", Tiny), it("海外联谊服务中心", Tiny)];
const ESTAB: &[InstT] = &[
    it("机构编制电子政务中心", Tiny),
    it("事业单位登记服务中心", Tiny),
];
const CYBER: &[InstT] = &[it("网络安全应急指挥中心", Tiny)];
const WORK_COMM: &[InstT] = &[it("机关党建服务中心", Tiny)];
const NPC: &[InstT] = &[it("人大信息中心", Tiny)];
const CPPCC: &[InstT] = &[it("政协文史研究中心", Tiny)];
const AUDIT: &[InstT] = &[it("经济责任审计服务中心", Tiny)];
const STATS: &[InstT] = &[
    it("统计普查中心", Tiny),
    it("社会经济调查中心", Tiny),
    it("统计信息中心", Tiny),
];
const INDUSTRY: &[InstT] = &[
    it("中小企业服务中心", Tiny),
    it("工业园区服务中心", Small),
    it("无线电监测站", Tiny),
    itf("乡镇企业服务中心", Tiny, MAY_VANISH),
];
const SCIENCE: &[InstT] = &[
    it("科技情报研究所", Tiny),
    it("生产力促进中心", Tiny),
    it("科技创新服务中心", Tiny),
];
const COMMERCE: &[InstT] = &[
    it("商务服务中心", Tiny),
    it("电子商务服务中心", Tiny),
    it("口岸服务中心", Tiny),
];
const INVEST: &[InstT] = &[it("招商引资服务中心", Small)];
const SASAC: &[InstT] = &[it("国有资产服务中心", Tiny)];
const GOV_AFFAIRS: &[InstT] = &[
    it("机关后勤服务中心", Small),
    it("公务用车服务中心", Tiny),
    itf("机关接待服务中心", Small, MAY_SHRINK),
];
const PETITION: &[InstT] = &[it("人民来访接待中心", Tiny), it("网上信访服务中心", Tiny)];
const GOV_SERVICE: &[InstT] = &[
    it("政务服务中心", Small),
    it("公共资源交易中心", Small),
    it("大数据中心", Small),
];
const CIVIL_DEF: &[InstT] = &[
    itf("人防工程管理中心", Tiny, MAY_SHRINK),
    it("人防指挥信息保障中心", Tiny),
];
const FOREIGN: &[InstT] = &[it("翻译服务中心", Tiny)];
const UNION: &[InstT] = &[it("工人文化宫", Small), it("职工服务中心", Tiny)];
const YOUTH: &[InstT] = &[it("青少年宫", Small)];
const WOMEN: &[InstT] = &[it("妇女儿童活动中心", Tiny)];
const SCI_ASSOC: &[InstT] = &[it("科技馆", Small)];
const DISABLED: &[InstT] = &[it("残疾人康复中心", Small), it("残疾人就业服务中心", Tiny)];
const ARTS: &[InstT] = &[it("文艺创作研究中心", Tiny)];
const CHAMBER: &[InstT] = &[it("商会服务中心", Tiny)];
const COOP: &[InstT] = &[itf("供销合作社培训中心", Tiny, MAY_SHRINK)];
const NONE: &[InstT] = &[];

/// The departments of a city level, most essential first (a small level keeps the
/// first ones): 62 departments holding 276 named institutions.
const DEPTS: &[DeptT] = &[
    dept("教育局", "教育", (30, 45), COUNTY, EDU),
    dept("卫生健康委员会", "卫健", (35, 50), COUNTY, HEALTH),
    legal(
        "公安局",
        None,
        "公安",
        (20, 30),
        (900, 1200),
        PROTECTED | COUNTY,
        POLICE,
    ),
    dept("城市管理局", "城管", (25, 35), COUNTY, URBAN),
    dept("自然资源和规划局", "自然资源", (60, 80), COUNTY, LAND),
    dept("住房和城乡建设局", "住建", (45, 60), COUNTY, HOUSING),
    dept("交通运输局", "交通", (35, 50), COUNTY, TRANSPORT),
    dept("农业农村局", "农业农村", (50, 70), COUNTY, AGRI),
    dept("人力资源和社会保障局", "人社", (40, 55), COUNTY, HR),
    dept("民政局", "民政", (30, 40), COUNTY, CIVIL),
    dept("文化广电旅游局", "文旅", (30, 40), COUNTY, CULTURE),
    dept("应急管理局", "应急", (35, 50), COUNTY, EMERGENCY),
    dept("市场监督管理局", "市场监管", (90, 130), COUNTY, MARKET),
    dept("水利局", "水利", (30, 45), COUNTY, WATER),
    dept("生态环境局", "生态环境", (35, 50), 0, ECO),
    dept("林业局", "林业", (25, 35), COUNTY, FOREST),
    dept("医疗保障局", "卫健", (20, 30), COUNTY, MEDINS),
    dept("退役军人事务局", "退役军人", (18, 26), COUNTY, VETERAN),
    dept("体育局", "文旅", (15, 22), 0, SPORT),
    dept("财政局", "财政", (60, 80), COUNTY, FINANCE),
    dept("发展和改革委员会", "发改", (40, 60), COUNTY, DEVREF),
    dept("粮食和物资储备局", "发改", (15, 22), 0, GRAIN),
    dept("委办公室", "党群", (35, 50), COUNTY, PARTY_OFFICE),
    dept("委组织部", "党群", (35, 50), COUNTY, ORG),
    dept("委宣传部", "党群", (25, 35), COUNTY, PROPAGANDA),
    dept(
        "纪委监委",
        "党群",
        (80, 110),
        PROTECTED | COUNTY,
        DISCIPLINE,
    ),
    dept("人民政府办公室", "综合", (45, 60), COUNTY, GOV_OFFICE),
    legal(
        "中级人民法院",
        Some("人民法院"),
        "政法",
        (0, 0),
        (180, 240),
        PROTECTED | COUNTY,
        NONE,
    ),
    legal(
        "人民检察院",
        None,
        "政法",
        (0, 0),
        (110, 150),
        PROTECTED | COUNTY,
        NONE,
    ),
    legal("司法局", None, "政法", (30, 40), (10, 20), COUNTY, JUSTICE),
    dept("委政法委员会", "政法", (20, 30), COUNTY, POLITICAL),
    dept("委统战部", "党群", (20, 30), COUNTY, UNITED),
    dept("民族宗教事务局", "党群", (10, 15), 0, NONE),
    dept("委机构编制委员会办公室", "党群", (15, 22), COUNTY, ESTAB),
    dept("委网络安全和信息化委员会办公室", "党群", (10, 15), 0, CYBER),
    dept("委政策研究室", "党群", (7, 9), TOP_HEAVY, NONE),
    dept("直属机关工作委员会", "党群", (7, 9), TOP_HEAVY, WORK_COMM),
    civil("委党校", "党群", (40, 60), COUNTY, NONE),
    dept("人大常委会办公室", "党群", (40, 55), COUNTY, NPC),
    dept("政协办公室", "党群", (30, 45), COUNTY, CPPCC),
    dept("审计局", "综合", (30, 45), COUNTY, AUDIT),
    dept("统计局", "统计", (25, 35), COUNTY, STATS),
    dept("经济和信息化局", "工信", (30, 45), COUNTY, INDUSTRY),
    dept("科学技术局", "科技", (20, 30), COUNTY, SCIENCE),
    dept("商务局", "商务", (25, 35), COUNTY, COMMERCE),
    dept("投资促进局", "商务", (20, 30), 0, INVEST),
    dept("人民政府国有资产监督管理委员会", "综合", (20, 30), 0, SASAC),
    dept(
        "机关事务管理局",
        "综合",
        (20, 30),
        MAY_OVERSTAFF,
        GOV_AFFAIRS,
    ),
    dept("信访局", "综合", (18, 26), COUNTY, PETITION),
    dept(
        "政务服务和大数据管理局",
        "综合",
        (20, 30),
        COUNTY,
        GOV_SERVICE,
    ),
    dept("人民防空办公室", "综合", (15, 22), 0, CIVIL_DEF),
    dept("外事办公室", "综合", (7, 9), TOP_HEAVY, FOREIGN),
    dept("总工会", "党群", (15, 25), COUNTY, UNION),
    dept("团{}委", "党群", (8, 12), COUNTY, YOUTH),
    dept("妇女联合会", "党群", (8, 12), COUNTY, WOMEN),
    dept("科学技术协会", "党群", (8, 14), COUNTY, SCI_ASSOC),
    civil("残疾人联合会", "党群", (10, 16), COUNTY, DISABLED),
    dept("文学艺术界联合会", "党群", (8, 12), 0, ARTS),
    dept("工商业联合会", "党群", (8, 12), 0, CHAMBER),
    civil("档案馆", "党群", (15, 25), COUNTY, NONE),
    civil("住房公积金管理中心", "住建", (40, 60), 0, NONE),
    civil("供销合作社联合社", "商务", (15, 25), COUNTY, COOP),
];

/// Numbered institutions added once a level has used up the named catalog: more
/// schools and community health centres, which is where real cities grow.
struct Series {
    sector: &'static str,
    /// `{}` = place prefix, `#` = Chinese numeral.
    pattern: &'static str,
    first: usize,
    size: Size,
}

const SERIES: &[Series] = &[
    Series {
        sector: "教育",
        pattern: "{}第#中学",
        first: 9,
        size: Large,
    },
    Series {
        sector: "卫健",
        pattern: "{}第#社区卫生服务中心",
        first: 1,
        size: Medium,
    },
    Series {
        sector: "教育",
        pattern: "{}第#小学",
        first: 6,
        size: Large,
    },
    Series {
        sector: "教育",
        pattern: "{}第#幼儿园",
        first: 3,
        size: Medium,
    },
];

/// Where a township institution reports: the town government, or the county
/// department of a sector (schools and health centres stay with the county bureau).
#[derive(Clone, Copy)]
enum TownParent {
    Town,
    County(&'static str),
}

struct TownT {
    name: &'static str,
    sector: &'static str,
    parent: TownParent,
    size: Size,
}

const fn town_inst(
    name: &'static str,
    sector: &'static str,
    parent: TownParent,
    size: Size,
) -> TownT {
    TownT {
        name,
        sector,
        parent,
        size,
    }
}

const TOWN_SECTOR: &str = "乡镇";

const TOWN_INSTS: &[TownT] = &[
    town_inst("党群服务中心", TOWN_SECTOR, TownParent::Town, Tiny),
    town_inst("中心小学", "教育", TownParent::County("教育"), Large),
    town_inst("卫生院", "卫健", TownParent::County("卫健"), Medium),
    town_inst("农业农村综合服务中心", TOWN_SECTOR, TownParent::Town, Small),
    town_inst("社会事务综合服务中心", TOWN_SECTOR, TownParent::Town, Small),
    town_inst("综合行政执法队", TOWN_SECTOR, TownParent::Town, Small),
    town_inst("中心幼儿园", "教育", TownParent::County("教育"), Medium),
    town_inst("退役军人服务站", TOWN_SECTOR, TownParent::Town, Tiny),
    town_inst("便民服务中心", TOWN_SECTOR, TownParent::Town, Tiny),
    town_inst("初级中学", "教育", TownParent::County("教育"), Large),
    town_inst("综合文化站", TOWN_SECTOR, TownParent::Town, Tiny),
    town_inst("林业站", TOWN_SECTOR, TownParent::Town, Tiny),
    town_inst("水利站", TOWN_SECTOR, TownParent::Town, Tiny),
    town_inst("畜牧兽医站", TOWN_SECTOR, TownParent::Town, Tiny),
    town_inst("规划建设服务站", TOWN_SECTOR, TownParent::Town, Tiny),
];

/// Syllables of made-up place names (two characters + 市/县/镇/乡).
const PLACE_FIRST: &[&str] = &[
    "青", "云", "白", "石", "金", "龙", "凤", "安", "平", "宁", "永", "长", "新", "清", "大", "东",
    "西", "南", "北", "桂", "松", "柳", "梅", "兴", "泰", "华", "天", "宝", "丰", "明", "临", "广",
    "高", "古", "双", "三", "黄", "红", "德", "莲",
];
const PLACE_SECOND: &[&str] = &[
    "河", "山", "川", "江", "溪", "源", "林", "水", "坪", "城", "州", "岭", "峰", "泉", "桥", "田",
    "庄", "湾", "坝", "口", "台", "洲", "塘", "岗", "湖", "原", "沙", "阳", "谷", "门", "滩", "堡",
    "寨", "营", "店", "集", "关", "陵", "渡", "畈",
];

// ---------------------------------------------------------------------------------
// Small helpers: PRNG, numerals, names
// ---------------------------------------------------------------------------------

/// SplitMix64: tiny, fast and good enough for synthetic data; keeps the crate free of
/// a `rand` dependency and its version-to-version stream changes.
struct Rng(u64);

impl Rng {
    /// A stream for one phase: the seed mixed with the phase's label.
    fn stream(seed: u64, phase: &str) -> Rng {
        // FNV-1a of the label: stable across Rust versions, unlike `DefaultHasher`.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in phase.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        let mut rng = Rng(seed ^ h);
        rng.next_u64();
        rng
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [0, n); n > 0.
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in [lo, hi].
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Index drawn with the given integer weights (not all zero).
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut x = self.below(total.max(1));
        for (i, &w) in weights.iter().enumerate() {
            if x < u64::from(w) {
                return i;
            }
            x -= u64::from(w);
        }
        weights.len() - 1
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }

    /// Rounds `x ≥ 0` up or down at random so that the expectation is `x`: keeps small
    /// units' expected vacancy right where plain rounding would give them none.
    fn round_stochastic(&mut self, x: f64) -> i64 {
        let floor = x.floor();
        floor as i64 + i64::from(self.unit() < x - floor)
    }
}

/// Chinese numeral for 1 ≤ n < 10,000 as used in unit names (第十二中学).
fn chinese_numeral(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n == 0 {
        return DIGITS[0].to_string();
    }
    if (10..20).contains(&n) {
        return if n == 10 {
            "十".to_string()
        } else {
            format!("十{}", DIGITS[n - 10])
        };
    }
    let units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")];
    let mut out = String::new();
    let mut pending_zero = false;
    let mut started = false;
    for (value, name) in units {
        let d = (n / value) % 10;
        if d == 0 {
            if started {
                pending_zero = true;
            }
            continue;
        }
        if pending_zero {
            out.push_str(DIGITS[0]);
            pending_zero = false;
        }
        out.push_str(DIGITS[d]);
        out.push_str(name);
        started = true;
    }
    out
}

/// Puts the place prefix into a name template (in front unless `{}` says where).
fn render(template: &str, prefix: &str) -> String {
    if template.contains("{}") {
        template.replace("{}", prefix)
    } else {
        format!("{prefix}{template}")
    }
}

/// Made-up two-character place names, distinct until the 1,600 combinations run out.
struct PlaceNames {
    next: usize,
    offset: usize,
}

impl PlaceNames {
    fn new(rng: &mut Rng) -> PlaceNames {
        PlaceNames {
            next: 0,
            offset: rng.below(1 << 20) as usize,
        }
    }

    fn next(&mut self) -> String {
        let combos = PLACE_FIRST.len() * PLACE_SECOND.len();
        loop {
            // 977 is prime and does not divide 1,600, so the walk visits every combination.
            let k = (self.offset + self.next * 977) % combos;
            self.next += 1;
            let (a, b) = (
                PLACE_FIRST[k / PLACE_SECOND.len()],
                PLACE_SECOND[k % PLACE_SECOND.len()],
            );
            if a != b {
                return format!("{a}{b}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// The scenario being built
// ---------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Level {
    City,
    County,
    Town,
}

impl Level {
    fn label(self) -> &'static str {
        match self {
            Level::City => "市",
            Level::County => "县",
            Level::Town => "乡",
        }
    }

    /// Quota of the same kind of unit relative to the city level.
    fn scale(self) -> f64 {
        match self {
            Level::City => 1.0,
            Level::County => 0.6,
            Level::Town => 0.45,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Ty {
    Admin,
    Legal,
    Institution,
}

impl Ty {
    fn key(self) -> &'static str {
        match self {
            Ty::Admin => "admin",
            Ty::Legal => "legal",
            Ty::Institution => "institution",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Ty::Admin => "行政编制",
            Ty::Legal => "政法专项编制",
            Ty::Institution => "事业编制",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TierKey {
    Key,
    Emergency,
    Operations,
}

impl TierKey {
    fn key(self) -> &'static str {
        match self {
            TierKey::Key => "key",
            TierKey::Emergency => "emergency",
            TierKey::Operations => "operations",
        }
    }

    fn label(self) -> &'static str {
        match self {
            TierKey::Key => "保重点",
            TierKey::Emergency => "保应急",
            TierKey::Operations => "保运转",
        }
    }
}

struct LineDraft {
    ty: Ty,
    quota: i64,
    staff: i64,
    overstaffed: bool,
    /// A request asks for more of this type.
    requested: bool,
}

/// One unit under construction; `parent` is an index into the same vector.
struct Draft {
    name: String,
    parent: Option<usize>,
    sector: &'static str,
    level: Level,
    kind: UnitKind,
    size: Size,
    flags: u8,
    function: Function,
    protected: bool,
    leader_posts: Option<i64>,
    leaders: Option<i64>,
    lines: Vec<LineDraft>,
    /// City level or county the unit belongs to (written only with `regions`).
    region: String,
}

impl Draft {
    fn is_institution(&self) -> bool {
        self.kind == UnitKind::Institution
    }

    fn is_department(&self) -> bool {
        self.parent.is_none()
    }

    fn total_quota(&self) -> i64 {
        self.lines.iter().map(|l| l.quota).sum()
    }

    fn overstaffed(&self) -> bool {
        self.lines.iter().any(|l| l.overstaffed)
    }

    fn line(&self, ty: Ty) -> Option<&LineDraft> {
        self.lines.iter().find(|l| l.ty == ty)
    }
}

struct RequestDraft {
    unit: usize,
    ty: Ty,
    amount: i64,
    tier: TierKey,
    min: i64,
    reason: String,
}

struct PoolDraft {
    id: String,
    name: String,
    ty: Ty,
    capacity: i64,
    used: i64,
    sectors: &'static str,
    per_unit_max: i64,
    region: String,
    collects: bool,
}

enum ModelSource {
    /// Write `model.toml` next to the tables.
    Own,
    /// Refer to a shared model (a built-in name or a path); write none.
    Shared(&'static str),
}

enum PoolSizing {
    /// The figures of DESIGN §1.
    Demo,
    /// Sized from the requests (demand ≈ 1.2 × what the pools can give).
    FromDemand,
}

struct Config {
    units: usize,
    seed: u64,
    chinese: bool,
    name: String,
    model: ModelSource,
    n_requests: usize,
    pools: PoolSizing,
    /// Requests for 政法专项编制 (no pool lends it); `None` = about 1.5%.
    legal_requests: Option<usize>,
    /// Requests from overstaffed units (refused: 只出不进); `None` = about 2%.
    overstaffed_requests: Option<usize>,
    /// Scale the large institution requests so that they total about this much.
    institution_demand: Option<i64>,
    /// One region per city level and county, each with its own pools.
    regions: bool,
}

fn build(cfg: &Config) -> GeneratedScenario {
    let mut units = layout_units(cfg);
    assign_quotas(&mut units, &mut Rng::stream(cfg.seed, "quota"));
    assign_status(&mut units, &mut Rng::stream(cfg.seed, "status"));
    // Requests are drawn before staff so that requesting lines can be the tight ones.
    let requests = make_requests(&units, cfg, &mut Rng::stream(cfg.seed, "requests"));
    for r in &requests {
        for l in units[r.unit].lines.iter_mut().filter(|l| l.ty == r.ty) {
            l.requested = true;
        }
    }
    assign_staff(&mut units, &mut Rng::stream(cfg.seed, "staff"));
    assign_leaders(&mut units, &mut Rng::stream(cfg.seed, "leaders"));
    let pools = if cfg.regions { regional_pools(&units, &requests) } else { make_pools(&requests, &cfg.pools) };
    let vanished = units
        .iter()
        .filter(|u| u.function == Function::Vanished)
        .count();
    write_files(cfg, &units, &requests, &pools, vanished)
}

// ---------------------------------------------------------------------------------
// Structure: levels, departments, institutions, townships
// ---------------------------------------------------------------------------------

/// Splits `n` into `parts` near-equal shares (the first ones one larger).
fn split_even(n: usize, parts: usize) -> Vec<usize> {
    let parts = parts.max(1);
    (0..parts)
        .map(|i| n / parts + usize::from(i < n % parts))
        .collect()
}

fn layout_units(cfg: &Config) -> Vec<Draft> {
    let mut rng = Rng::stream(cfg.seed, "layout");
    let mut units = Vec::with_capacity(cfg.units);
    if cfg.units < 600 {
        build_city_level(&mut units, "市", cfg.units, &mut rng);
        set_region(&mut units, 0, "市本级");
        return units;
    }
    // A prefecture city with its counties is 2,000–5,000 units (DESIGN §9); larger
    // scenarios are provinces made of several such cities.
    let n_cities = cfg.units.div_ceil(4000);
    let mut city_names = PlaceNames::new(&mut rng);
    let mut county_names = PlaceNames::new(&mut rng);
    for city_units in split_even(cfg.units, n_cities) {
        let prefix = if n_cities == 1 {
            "市".to_string()
        } else {
            format!("{}市", city_names.next())
        };
        let city_level = ((city_units as f64 * 0.2).round() as usize).min(DEMO_UNITS);
        let start = units.len();
        build_city_level(&mut units, &prefix, city_level, &mut rng);
        set_region(&mut units, start, &format!("{prefix}本级"));
        let rest = city_units - city_level;
        let n_counties = ((rest as f64 / 230.0).round() as usize).max(1);
        for county_units in split_even(rest, n_counties) {
            let prefix = format!("{}县", county_names.next());
            let start = units.len();
            build_county(&mut units, &prefix, county_units, &mut rng);
            set_region(&mut units, start, &prefix);
        }
    }
    units
}

fn set_region(units: &mut [Draft], start: usize, region: &str) {
    for u in &mut units[start..] {
        u.region = region.to_string();
    }
}

/// An institution picked for a level: its name (already with prefix), size and flags.
struct Pick {
    name: String,
    size: Size,
    flags: u8,
}

/// Picks `count` institutions for the given departments: round-robin over their
/// catalogs (so a small level keeps each department's first ones), then numbered
/// schools and health centres, then numbered service centres of the first department.
fn pick_institutions(depts: &[&DeptT], prefix: &str, count: usize) -> Vec<Vec<Pick>> {
    let mut picks: Vec<Vec<Pick>> = depts.iter().map(|_| Vec::new()).collect();
    let mut left = count;
    let longest = depts.iter().map(|d| d.insts.len()).max().unwrap_or(0);
    'rounds: for round in 0..longest {
        for (i, d) in depts.iter().enumerate() {
            if left == 0 {
                break 'rounds;
            }
            if let Some(t) = d.insts.get(round) {
                picks[i].push(Pick {
                    name: render(t.name, prefix),
                    size: t.size,
                    flags: t.flags,
                });
                left -= 1;
            }
        }
    }
    let series_owner: Vec<Option<usize>> = SERIES
        .iter()
        .map(|s| depts.iter().position(|d| d.sector == s.sector))
        .collect();
    let mut next_number: Vec<usize> = SERIES.iter().map(|s| s.first).collect();
    let mut k = 0;
    let mut generic = 1;
    while left > 0 && !depts.is_empty() {
        let s = k % SERIES.len();
        k += 1;
        match series_owner[s] {
            Some(owner) => {
                let name = render(SERIES[s].pattern, prefix)
                    .replace('#', &chinese_numeral(next_number[s]));
                next_number[s] += 1;
                picks[owner].push(Pick {
                    name,
                    size: SERIES[s].size,
                    flags: 0,
                });
                left -= 1;
            }
            None if series_owner.iter().all(Option::is_none) => {
                let name = format!(
                    "{}第{}综合服务中心",
                    render(depts[0].name, prefix),
                    chinese_numeral(generic)
                );
                generic += 1;
                picks[0].push(Pick {
                    name,
                    size: Small,
                    flags: 0,
                });
                left -= 1;
            }
            None => {}
        }
    }
    picks
}

fn dept_draft(t: &DeptT, prefix: &str, level: Level, rng: &mut Rng) -> Draft {
    let name = match (level, t.county_name) {
        (Level::County, Some(n)) => render(n, prefix),
        _ => render(t.name, prefix),
    };
    let mut lines = Vec::new();
    for (ty, (lo, hi)) in [
        (Ty::Admin, t.admin),
        (Ty::Legal, t.legal),
        (Ty::Institution, t.institution),
    ] {
        if hi == 0 {
            continue;
        }
        // 官多兵少 units keep their small quota at every level.
        let scale = if t.flags & TOP_HEAVY != 0 {
            1.0
        } else {
            level.scale()
        };
        let lo = ((lo as f64 * scale).round() as i64).max(5);
        let hi = ((hi as f64 * scale).round() as i64).max(lo);
        lines.push(LineDraft {
            ty,
            quota: rng.range(lo, hi),
            staff: 0,
            overstaffed: false,
            requested: false,
        });
    }
    Draft {
        name,
        parent: None,
        sector: t.sector,
        level,
        kind: t.kind,
        size: Medium,
        flags: t.flags,
        function: Function::Active,
        protected: t.flags & PROTECTED != 0,
        leader_posts: None,
        leaders: None,
        region: String::new(),
        lines,
    }
}

fn inst_draft(
    name: String,
    parent: usize,
    sector: &'static str,
    level: Level,
    size: Size,
    flags: u8,
) -> Draft {
    Draft {
        name,
        parent: Some(parent),
        sector,
        level,
        kind: UnitKind::Institution,
        size,
        flags,
        function: Function::Active,
        protected: flags & PROTECTED != 0,
        leader_posts: None,
        leaders: None,
        region: String::new(),
        // Quota and staff are set by later phases.
        lines: vec![LineDraft {
            ty: Ty::Institution,
            quota: 0,
            staff: 0,
            overstaffed: false,
            requested: false,
        }],
    }
}

/// Emits departments each followed by its institutions, so `units.csv` reads like a
/// register: returns each department's index.
fn emit_departments(
    units: &mut Vec<Draft>,
    depts: &[&DeptT],
    picks: Vec<Vec<Pick>>,
    prefix: &str,
    level: Level,
    rng: &mut Rng,
) -> Vec<usize> {
    let mut indices = Vec::with_capacity(depts.len());
    for (t, list) in depts.iter().zip(picks) {
        let d = units.len();
        units.push(dept_draft(t, prefix, level, rng));
        indices.push(d);
        for p in list {
            units.push(inst_draft(p.name, d, t.sector, level, p.size, p.flags));
        }
    }
    indices
}

/// A city's own level: about 62 departments per 354 units, the rest institutions.
fn build_city_level(units: &mut Vec<Draft>, prefix: &str, n: usize, rng: &mut Rng) {
    if n == 0 {
        return;
    }
    let n_dept = ((n as f64 * DEPTS.len() as f64 / DEMO_UNITS as f64).round() as usize)
        .clamp(1, DEPTS.len())
        .min(n);
    let depts: Vec<&DeptT> = DEPTS.iter().take(n_dept).collect();
    let picks = pick_institutions(&depts, prefix, n - n_dept);
    emit_departments(units, &depts, picks, prefix, Level::City, rng);
}

/// A county: about 15% departments, 30% township units (a government and its stations,
/// schools and health centre per town), the rest county institutions.
fn build_county(units: &mut Vec<Draft>, prefix: &str, n: usize, rng: &mut Rng) {
    if n == 0 {
        return;
    }
    let county_depts: Vec<&DeptT> = DEPTS.iter().filter(|d| d.flags & COUNTY != 0).collect();
    let n_dept = ((n as f64 * 0.15).round() as usize)
        .clamp(5, county_depts.len())
        .min(n);
    let depts = &county_depts[..n_dept];
    let town_units = ((n as f64 * 0.3).round() as usize).min(n - n_dept);
    let n_inst = n - n_dept - town_units;
    let picks = pick_institutions(depts, prefix, n_inst);
    let dept_idx = emit_departments(units, depts, picks, prefix, Level::County, rng);
    if town_units == 0 {
        return;
    }
    let sector_head = |sector: &str| {
        depts
            .iter()
            .position(|d| d.sector == sector)
            .map(|i| dept_idx[i])
    };
    let n_towns = ((town_units as f64 / 7.0).round() as usize).clamp(1, town_units);
    let mut town_names = PlaceNames::new(rng);
    for size in split_even(town_units, n_towns) {
        let town = town_names.next();
        let town_name = format!("{town}{}", if rng.chance(0.7) { "镇" } else { "乡" });
        let gov = units.len();
        units.push(Draft {
            name: format!("{town_name}人民政府"),
            parent: None,
            sector: TOWN_SECTOR,
            level: Level::Town,
            kind: UnitKind::Admin,
            size: Medium,
            flags: 0,
            function: Function::Active,
            protected: false,
            leader_posts: None,
            leaders: None,
            region: String::new(),
            lines: vec![LineDraft {
                ty: Ty::Admin,
                quota: rng.range(15, 35),
                staff: 0,
                overstaffed: false,
                requested: false,
            }],
        });
        for k in 0..size - 1 {
            let t = &TOWN_INSTS[k % TOWN_INSTS.len()];
            let round = k / TOWN_INSTS.len();
            let name = if round == 0 {
                format!("{town_name}{}", t.name)
            } else {
                format!("{town_name}第{}{}", chinese_numeral(round + 1), t.name)
            };
            let (parent, sector) = match t.parent {
                TownParent::County(s) => match sector_head(s) {
                    Some(p) => (p, t.sector),
                    None => (gov, TOWN_SECTOR),
                },
                TownParent::Town => (gov, t.sector),
            };
            units.push(inst_draft(name, parent, sector, Level::Town, t.size, 0));
        }
    }
}

// ---------------------------------------------------------------------------------
// Quotas
// ---------------------------------------------------------------------------------

/// Quota range of an institution above 7, by natural size (city level).
fn large_quota_range(size: Size) -> (i64, i64) {
    match size {
        Tiny => (8, 10),
        Small => (8, 16),
        Medium => (15, 45),
        Large => (80, 220),
        Huge => (450, 1000),
    }
}

/// Institutions are ranked by natural size (those preferred for 职能消失 first, as a
/// vanished unit is small), ties broken at random; the first 36.7% get 1–5, the next up
/// to 51% get 6–7, the rest a quota of their size (at least 8). Departments keep the
/// quota their template drew.
fn assign_quotas(units: &mut [Draft], rng: &mut Rng) {
    let mut ranked: Vec<(u8, u64, usize)> = units
        .iter()
        .enumerate()
        .filter(|(_, u)| u.is_institution())
        .map(|(i, u)| {
            let class = if u.flags & MAY_VANISH != 0 {
                0
            } else {
                1 + u.size as u8
            };
            (class, rng.next_u64(), i)
        })
        .collect();
    ranked.sort_unstable();
    let n = ranked.len();
    let n_le5 = (n as f64 * SHARE_LE5).round() as usize;
    let n_le7 = ((n as f64 * SHARE_LE7).round() as usize).max(n_le5);
    for (rank, &(_, _, i)) in ranked.iter().enumerate() {
        let u = &mut units[i];
        let quota = if rank < n_le5 {
            // Few institutions have a single post; most small ones have 3–5.
            1 + rng.weighted(&[4, 14, 24, 26, 32]) as i64
        } else if rank < n_le7 {
            6 + rng.below(2) as i64
        } else {
            let (lo, hi) = large_quota_range(u.size);
            let scale = u.level.scale();
            let lo = ((lo as f64 * scale).round() as i64).max(8);
            let hi = ((hi as f64 * scale).round() as i64).max(lo);
            rng.range(lo, hi)
        };
        u.lines[0].quota = quota;
    }
}

// ---------------------------------------------------------------------------------
// Function, protection and overstaffing
// ---------------------------------------------------------------------------------

/// Orders candidates: preferred ones (by flag) first, the rest after, each at random.
fn preferred_first(candidates: Vec<usize>, units: &[Draft], flag: u8, rng: &mut Rng) -> Vec<usize> {
    let mut keyed: Vec<(bool, u64, usize)> = candidates
        .into_iter()
        .map(|i| (units[i].flags & flag == 0, rng.next_u64(), i))
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, _, i)| i).collect()
}

fn assign_status(units: &mut [Draft], rng: &mut Rng) {
    let n_inst = units.iter().filter(|u| u.is_institution()).count();
    let n_dept = units.iter().filter(|u| u.is_department()).count();

    // 超编 institutions: not tiny ones (a unit of 2 with 3 staff is rare) and never a
    // unit meant to vanish.
    let candidates: Vec<usize> = (0..units.len())
        .filter(|&i| {
            let u = &units[i];
            u.is_institution() && !u.protected && u.flags & MAY_VANISH == 0 && u.total_quota() >= 4
        })
        .collect();
    let target = (n_inst as f64 * SHARE_OVERSTAFFED_INST).round() as usize;
    for i in preferred_first(candidates, units, MAY_OVERSTAFF, rng)
        .into_iter()
        .take(target)
    {
        units[i].lines[0].overstaffed = true;
    }

    // 结构性超编 departments, in 行政编制.
    let candidates: Vec<usize> = (0..units.len())
        .filter(|&i| {
            let u = &units[i];
            u.is_department()
                && !u.protected
                && u.flags & TOP_HEAVY == 0
                && u.line(Ty::Admin).is_some()
        })
        .collect();
    let target = (n_dept as f64 * SHARE_OVERSTAFFED_DEPT).round() as usize;
    for i in preferred_first(candidates, units, MAY_OVERSTAFF, rng)
        .into_iter()
        .take(target)
    {
        for l in &mut units[i].lines {
            if l.ty == Ty::Admin {
                l.overstaffed = true;
            }
        }
    }

    // 职能消失: small institutions only, and only while the sibling group keeps a unit
    // that can host the merge (neither vanished nor overstaffed).
    let mut hosts: HashMap<(usize, &'static str, Level), usize> = HashMap::new();
    for u in units.iter() {
        if let (true, Some(p)) = (u.is_institution(), u.parent) {
            if !u.overstaffed() {
                *hosts.entry((p, u.sector, u.level)).or_insert(0) += 1;
            }
        }
    }
    let candidates: Vec<usize> = (0..units.len())
        .filter(|&i| {
            let u = &units[i];
            u.is_institution()
                && !u.protected
                && !u.overstaffed()
                && u.total_quota() <= 5
                && u.parent.is_some()
        })
        .collect();
    let target = (n_inst as f64 * SHARE_VANISHED).round() as usize;
    let mut vanished = 0;
    for i in preferred_first(candidates, units, MAY_VANISH, rng) {
        if vanished == target {
            break;
        }
        let u = &units[i];
        let key = (u.parent.unwrap_or(usize::MAX), u.sector, u.level);
        let count = hosts.get_mut(&key).expect("every institution is counted");
        // The unit itself is counted among the hosts; another one must remain.
        if *count >= 2 {
            *count -= 1;
            units[i].function = Function::Vanished;
            vanished += 1;
        }
    }

    // 职能萎缩.
    let candidates: Vec<usize> = (0..units.len())
        .filter(|&i| {
            units[i].is_institution()
                && units[i].function == Function::Active
                && !units[i].protected
        })
        .collect();
    let target = (n_inst as f64 * SHARE_SHRINKING).round() as usize;
    for i in preferred_first(candidates, units, MAY_SHRINK, rng)
        .into_iter()
        .take(target)
    {
        units[i].function = Function::Shrinking;
    }
}

// ---------------------------------------------------------------------------------
// Staff: vacancy where DESIGN says it is
// ---------------------------------------------------------------------------------

/// (sector, level, type): the scope of every vacancy-rate correction.
type GroupKey = (&'static str, Level, Ty);
/// (unit index, line index).
type LineRef = (usize, usize);

/// Draws staff per line, then corrects each (sector, level, type) so that 教育/卫健
/// institutions end at ≥ 14% vacancy and everything else at ≤ 7%: the calibration
/// holds for every seed, not just on average. Lines with a request are kept tight, so
/// the idle vacancy sits in units that do not ask (有编未用 beside 无编可用).
fn assign_staff(units: &mut [Draft], rng: &mut Rng) {
    // Vacancy per line; overstaffed lines get their excess instead.
    let mut vacancy: Vec<Vec<i64>> = Vec::with_capacity(units.len());
    for u in units.iter_mut() {
        let hot = is_hot_sector(u.sector);
        let mut row = Vec::with_capacity(u.lines.len());
        for l in &mut u.lines {
            if l.overstaffed {
                let excess = 1 + rng.below((l.quota / 12).clamp(1, 6) as u64) as i64;
                l.staff = l.quota + excess;
                row.push(0);
                continue;
            }
            // 有编未用 beside 无编可用: a unit asking for more is short, whatever its sector.
            let idle = hot && l.ty == Ty::Institution && !l.requested;
            let mut rate = if idle { HOT_RATE } else { COLD_RATE };
            if u.function == Function::Vanished {
                // Staff leave a unit whose work is gone.
                rate += 0.25;
            }
            // Rates vary from unit to unit around the sector's mean (factor 0–2).
            let spread = 2.0 * rng.unit();
            let v = rng
                .round_stochastic(l.quota as f64 * rate * spread)
                .min(l.quota);
            row.push(v);
        }
        vacancy.push(row);
    }

    // Group lines by (sector, level, type); BTreeMap so the correction order is fixed.
    let mut groups: BTreeMap<GroupKey, Vec<LineRef>> = BTreeMap::new();
    for (i, u) in units.iter().enumerate() {
        for (j, l) in u.lines.iter().enumerate() {
            groups
                .entry((u.sector, u.level, l.ty))
                .or_default()
                .push((i, j));
        }
    }
    for ((sector, _, ty), members) in &groups {
        let total_quota: i64 = members.iter().map(|&(i, j)| units[i].lines[j].quota).sum();
        let mut total_vacancy: i64 = members.iter().map(|&(i, j)| vacancy[i][j]).sum();
        if is_hot_sector(sector) && *ty == Ty::Institution {
            // Add vacancy where there is most room, keeping every line at least half
            // staffed: units without a request first, requesting ones only if need be.
            let need = (total_quota as f64 * HOT_FLOOR).ceil() as i64;
            for requesting in [false, true] {
                let mut heap: BinaryHeap<(i64, std::cmp::Reverse<(usize, usize)>)> = members
                    .iter()
                    .filter(|&&(i, j)| {
                        !units[i].lines[j].overstaffed && units[i].lines[j].requested == requesting
                    })
                    .map(|&(i, j)| {
                        (
                            units[i].lines[j].quota - 2 * vacancy[i][j],
                            std::cmp::Reverse((i, j)),
                        )
                    })
                    .filter(|&(room, _)| room > 1)
                    .collect();
                while total_vacancy < need {
                    let Some((_, std::cmp::Reverse((i, j)))) = heap.pop() else {
                        break;
                    };
                    vacancy[i][j] += 1;
                    total_vacancy += 1;
                    let room = units[i].lines[j].quota - 2 * vacancy[i][j];
                    if room > 1 {
                        heap.push((room, std::cmp::Reverse((i, j))));
                    }
                }
            }
        } else {
            // Take vacancy off the lines with most of it first.
            let cap = (total_quota as f64 * COLD_CAP).floor() as i64;
            let mut heap: BinaryHeap<(i64, std::cmp::Reverse<(usize, usize)>)> = members
                .iter()
                .filter(|&&(i, j)| vacancy[i][j] > 0)
                .map(|&(i, j)| (vacancy[i][j], std::cmp::Reverse((i, j))))
                .collect();
            while total_vacancy > cap {
                let Some((_, std::cmp::Reverse((i, j)))) = heap.pop() else {
                    break;
                };
                vacancy[i][j] -= 1;
                total_vacancy -= 1;
                if vacancy[i][j] > 0 {
                    heap.push((vacancy[i][j], std::cmp::Reverse((i, j))));
                }
            }
        }
    }
    for (u, row) in units.iter_mut().zip(vacancy) {
        for (l, v) in u.lines.iter_mut().zip(row) {
            if !l.overstaffed {
                l.staff = l.quota - v;
            }
        }
    }
}

/// Leader posts (领导职数) for departments, by size; 官多兵少 ones are staffed with
/// more leaders than half their quota, every other one stays at or below half.
fn assign_leaders(units: &mut [Draft], rng: &mut Rng) {
    for u in units.iter_mut().filter(|u| u.is_department()) {
        let quota = u.total_quota();
        if u.flags & TOP_HEAVY != 0 {
            let posts = quota / 2 + 1;
            u.leader_posts = Some(posts);
            u.leaders = Some(posts);
            continue;
        }
        let posts: i64 = match quota {
            q if q >= 300 => 9,
            q if q >= 100 => 7,
            q if q >= 40 => 6,
            q if q >= 20 => 5,
            q if q >= 10 => 4,
            _ => 3,
        };
        let posts = posts.min(quota / 2).max(1);
        let leaders = if rng.chance(0.4) { posts - 1 } else { posts };
        u.leader_posts = Some(posts);
        u.leaders = Some(leaders.max(0));
    }
}

// ---------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------

/// How much a sector's units ask for, relative to others (×10): priority areas ask most.
fn sector_weight(sector: &str) -> u32 {
    match sector {
        "教育" | "卫健" => 25,
        "应急" => 30,
        "农业农村" => 25,
        "乡镇" | "人社" => 20,
        "城管" | "市场监管" => 15,
        "民政" | "水利" => 12,
        "生态环境" | "自然资源" | "住建" | "交通" | "文旅" | "林业" => 10,
        _ => 5,
    }
}

fn size_weight(size: Size) -> u32 {
    match size {
        Tiny | Small => 2,
        Medium => 3,
        Large => 6,
        Huge => 10,
    }
}

/// Draws up to `k` distinct candidates with the given weights (rejection of repeats:
/// k is a small share of the candidates except in the demo, where it stays below half).
fn weighted_sample(candidates: &[(usize, u32)], k: usize, rng: &mut Rng) -> Vec<usize> {
    let k = k.min(candidates.len());
    let mut cumulative = Vec::with_capacity(candidates.len());
    let mut total = 0u64;
    for &(_, w) in candidates {
        total += u64::from(w.max(1));
        cumulative.push(total);
    }
    let mut taken = vec![false; candidates.len()];
    let mut out = Vec::with_capacity(k);
    let mut tries = 0;
    while out.len() < k && tries < 64 * k + 64 {
        tries += 1;
        let x = rng.below(total);
        let pos = cumulative.partition_point(|&c| c <= x);
        if !taken[pos] {
            taken[pos] = true;
            out.push(candidates[pos].0);
        }
    }
    // Unlucky streaks end deterministically: fill in order.
    for (pos, &(unit, _)) in candidates.iter().enumerate() {
        if out.len() >= k {
            break;
        }
        if !taken[pos] {
            taken[pos] = true;
            out.push(unit);
        }
    }
    out
}

/// Reason phrases by sector and tier (from the seeds' 保重点/保应急/保运转 language).
fn reason_phrases(sector: &str, ty: Ty, tier: TierKey) -> &'static [&'static str] {
    use TierKey::{Emergency as E, Key as K, Operations as O};
    match (ty, sector, tier) {
        (Ty::Legal, "公安", K) => &[
            "扫黑除恶常态化，补充基层一线警力",
            "智慧警务建设，充实网安技术力量",
        ],
        (Ty::Legal, "公安", E) => &[
            "重大活动安保和社会面整体防控",
            "电信网络诈骗打击治理任务繁重",
        ],
        (Ty::Legal, _, K) => &[
            "案多人少矛盾突出，审判执行辅助力量不足",
            "公益诉讼检察职能拓展",
        ],
        (Ty::Legal, _, _) => &[
            "信访维稳和社会矛盾纠纷化解",
            "政法队伍新老交替，保障正常运转",
        ],
        (Ty::Admin, _, K) => &[
            "新组建内设机构，承担新增职能",
            "服务保障重大战略和重点项目建设",
            "承接上级下放行政审批和执法事项",
        ],
        (Ty::Admin, _, E) => &[
            "安全生产和信访维稳工作任务繁重",
            "防汛抗旱和森林防灭火指挥协调",
        ],
        (Ty::Admin, _, O) => &[
            "职能职责增加，现有人员编制无法保障正常运转",
            "干部年龄老化，业务科室人员紧缺",
            "市县乡换届，领导班子配备需要",
        ],
        (_, "教育", K) => &[
            "义务教育学位扩容，新增教学班，专任教师缺口较大",
            "普通高中扩容提质，学科教师结构性短缺",
            "落实“双减”和课后服务，师资力量不足",
        ],
        (_, "教育", E) => &[
            "学生心理健康教育和校园安全工作任务加重",
            "校园卫生保健和传染病防控人员不足",
        ],
        (_, "教育", O) => &[
            "教师退休集中，保障正常教学运转",
            "学生人数增长，师生比低于标准",
        ],
        (_, "卫健", K) => &[
            "公共卫生服务体系建设，提升疾病预防控制能力",
            "紧密型医疗集团建设，下沉基层医疗力量",
            "区域医疗中心建设，引进学科带头人",
        ],
        (_, "卫健", E) => &[
            "传染病防控和突发公共卫生事件应急处置",
            "院前急救网络建设，急救站点扩容",
            "重大疫情救治基地建设",
        ],
        (_, "卫健", O) => &[
            "门急诊量持续增长，医护比低于标准",
            "人员老化断层，保障正常运转",
        ],
        (_, "应急", K) => &[
            "应急管理体系和能力建设，充实专业力量",
            "安全生产执法监管任务加重",
        ],
        (_, "应急", E) => &[
            "森林防灭火专业队伍建设",
            "防汛抗旱和地质灾害应急值守",
            "应急救援指挥平台运行保障",
        ],
        (_, "农业农村", K) => &[
            "乡村振兴重点帮扶工作",
            "高标准农田建设和耕地保护",
            "补齐基层农技推广力量",
        ],
        (_, "农业农村", E) => &["非洲猪瘟等重大动物疫病防控", "农作物重大病虫害防控"],
        (_, "乡镇", K) => &["乡村振兴一线力量不足", "巩固拓展脱贫攻坚成果"],
        (_, "乡镇", E) => &["基层应急管理和防灾减灾", "森林防灭火和防汛值守"],
        (_, "乡镇", O) => &["承接县级下放审批服务事项", "基层治理网格化任务加重"],
        (_, "人社", K) => &[
            "高层次人才和急需紧缺人才引进“直通车”",
            "技能人才培养，扩大职业技能培训",
            "稳就业保就业工作",
        ],
        (_, "城管", K) => &["城市精细化管理和综合执法", "创建全国文明城市"],
        (_, "城管", E) => &["城市内涝防治和应急抢险"],
        (_, "市场监管", K) => &["食品药品安全监管"],
        (_, "市场监管", E) => &["特种设备安全隐患排查整治"],
        (_, "自然资源", K) => &["国土空间规划编制实施"],
        (_, "自然资源", E) => &["地质灾害防治"],
        (_, "住建", K) => &["城市更新和老旧小区改造"],
        (_, "住建", E) => &["自建房安全专项整治"],
        (_, "交通", K) => &["重大交通项目建设服务保障"],
        (_, "交通", E) => &["道路交通安全和运输应急保障"],
        (_, "民政", K) => &["养老服务体系建设"],
        (_, "民政", E) => &["困难群众救助和临时救助"],
        (_, "水利", K) => &["重点水利工程建设"],
        (_, "水利", E) => &["防汛抗旱应急值守"],
        (_, "生态环境", K) => &["污染防治攻坚"],
        (_, "生态环境", E) => &["突发环境事件应急监测"],
        (_, "文旅", K) => &["文旅融合和全域旅游发展"],
        (_, "文旅", E) => &["文物安全和消防隐患整治"],
        (_, _, K) => &[
            "服务保障“三市两地一枢纽”重点工作",
            "高层次人才引进专项用编",
            "承担重大专项任务",
        ],
        (_, _, E) => &["承担突发专项任务，阶段性工作量激增", "疫情防控和应急值守"],
        (_, _, O) => &[
            "职能职责增加，现有人员编制无法保障正常运转",
            "人员老化，业务骨干断层",
            "服务对象增长，现有人员难以承担",
        ],
    }
}

/// Request amount: mostly 1–8. Big ones (`true`) where a big unit meets a priority
/// need (a new school campus, a new hospital wing), mid-sized ones for talent intake.
fn request_amount(size: Size, ty: Ty, tier: TierKey, sector: &str, rng: &mut Rng) -> (i64, bool) {
    let small = |rng: &mut Rng| 1 + rng.weighted(&[8, 18, 20, 16, 12, 9, 6, 11]) as i64;
    match ty {
        Ty::Legal => (rng.range(6, 30), false),
        Ty::Admin => (1 + rng.weighted(&[10, 20, 22, 18, 12, 8]) as i64, false),
        Ty::Institution => {
            let big_need = tier == TierKey::Key || (tier == TierKey::Emergency && sector == "卫健");
            match size {
                Huge if big_need && rng.chance(0.9) => (rng.range(40, 150), true),
                Large if big_need && rng.chance(0.75) => (rng.range(20, 80), true),
                Medium if big_need && is_hot_sector(sector) && rng.chance(0.5) => {
                    (rng.range(12, 30), true)
                }
                Medium | Large | Huge if rng.chance(0.3) => (rng.range(9, 20), false),
                _ => (small(rng), false),
            }
        }
    }
}

/// What a big request is for, in the words of the request: classes or beds.
fn big_reason(sector: &str, amount: i64, rng: &mut Rng) -> String {
    match sector {
        "教育" => match rng.below(2) {
            // About three teachers per class at 义务教育 staffing standards.
            0 => format!(
                "义务教育学位扩容，新增教学班{}个，专任教师缺口较大",
                (amount / 3).max(2)
            ),
            _ => "新建校区秋季投入使用，需配齐教职工".to_string(),
        },
        "卫健" => match rng.below(2) {
            0 => format!("新院区启用，新增开放床位{}张，需补充医护人员", amount * 2),
            _ => "区域医疗中心和重大疫情救治基地建设".to_string(),
        },
        _ => "承担重大专项任务，新增职能需配备专门力量".to_string(),
    }
}

/// Raises the big requests so that institution demand totals `target`: one common
/// factor (water-filling), no request above half its unit's quota nor above 200; the
/// caps are relaxed step by step only when the big units cannot carry the target otherwise.
fn calibrate_demand(requests: &mut [RequestDraft], big: &[bool], units: &[Draft], target: i64) {
    let fixed: i64 = requests
        .iter()
        .zip(big)
        .filter(|(r, &b)| r.ty == Ty::Institution && !b)
        .map(|(r, _)| r.amount)
        .sum();
    let need = target - fixed;
    let idx: Vec<usize> = (0..requests.len())
        .filter(|&k| big[k] && requests[k].ty == Ty::Institution)
        .collect();
    if need <= 0 || idx.is_empty() {
        return;
    }
    let base: Vec<i64> = idx.iter().map(|&k| requests[k].amount).collect();
    for (cap_share, cap_abs) in [(0.5, 200), (0.7, 300), (1.0, i64::MAX)] {
        let caps: Vec<i64> = idx
            .iter()
            .zip(&base)
            .map(|(&k, &b)| {
                let by_size =
                    (units[requests[k].unit].total_quota() as f64 * cap_share).floor() as i64;
                by_size.min(cap_abs).max(b)
            })
            .collect();
        let total_at = |f: f64| -> i64 {
            base.iter()
                .zip(&caps)
                .map(|(&b, &c)| ((b as f64 * f).round() as i64).clamp(b.min(c), c))
                .sum()
        };
        if total_at(1e9) < need && cap_abs < i64::MAX {
            continue;
        }
        // Bisection on the factor: the total is monotone in it.
        let (mut lo, mut hi) = (0.0f64, 1e3f64);
        for _ in 0..60 {
            let mid = (lo + hi) / 2.0;
            if total_at(mid) < need {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        for ((&k, &b), &c) in idx.iter().zip(&base).zip(&caps) {
            requests[k].amount = ((b as f64 * hi).round() as i64).clamp(b.min(c), c);
        }
        return;
    }
}

fn request_min(amount: i64, rng: &mut Rng) -> i64 {
    let r = rng.unit();
    if r < 0.3 {
        amount // all or nothing: a class needs its teachers
    } else if r < 0.75 || amount < 2 {
        0
    } else if amount > 8 {
        amount / 2
    } else {
        rng.range(1, amount - 1)
    }
}

fn make_requests(units: &[Draft], cfg: &Config, rng: &mut Rng) -> Vec<RequestDraft> {
    let n = cfg.n_requests;
    if n == 0 || units.is_empty() {
        return Vec::new();
    }
    let n_legal = cfg
        .legal_requests
        .unwrap_or_else(|| (n as f64 * 0.015).round() as usize);
    let n_over = cfg.overstaffed_requests.unwrap_or_else(|| {
        let k = (n as f64 * 0.02).round() as usize;
        if n >= 20 {
            k.max(1)
        } else {
            k
        }
    });
    let mut chosen: Vec<(usize, Ty)> = Vec::with_capacity(n);
    let mut used: std::collections::HashSet<(usize, Ty)> = std::collections::HashSet::new();

    // 政法专项编制: from departments holding it; no pool lends it, so it goes unfunded.
    let legal_candidates: Vec<(usize, u32)> = units
        .iter()
        .enumerate()
        .filter(|(_, u)| u.line(Ty::Legal).is_some_and(|l| !l.overstaffed))
        .map(|(i, _)| (i, 1))
        .collect();
    for i in weighted_sample(&legal_candidates, n_legal, rng) {
        chosen.push((i, Ty::Legal));
        used.insert((i, Ty::Legal));
    }

    // Overstaffed requesters (refused under 只出不进): departments and institutions in turn.
    let over_dept: Vec<(usize, Ty)> = units
        .iter()
        .enumerate()
        .filter(|(_, u)| u.is_department())
        .flat_map(|(i, u)| {
            u.lines
                .iter()
                .filter(|l| l.overstaffed)
                .map(move |l| (i, l.ty))
        })
        .collect();
    let over_inst: Vec<(usize, Ty)> = units
        .iter()
        .enumerate()
        .filter(|(_, u)| !u.is_department() && u.function != Function::Vanished)
        .flat_map(|(i, u)| {
            u.lines
                .iter()
                .filter(|l| l.overstaffed)
                .map(move |l| (i, l.ty))
        })
        .collect();
    let mut over_dept_order: Vec<usize> = (0..over_dept.len()).collect();
    let mut over_inst_order: Vec<usize> = (0..over_inst.len()).collect();
    rng.shuffle(&mut over_dept_order);
    rng.shuffle(&mut over_inst_order);
    let (mut a, mut b) = (over_dept_order.into_iter(), over_inst_order.into_iter());
    let mut taken = 0;
    while taken < n_over {
        let next = if taken % 2 == 0 {
            a.next()
                .map(|k| over_dept[k])
                .or_else(|| b.next().map(|k| over_inst[k]))
        } else {
            b.next()
                .map(|k| over_inst[k])
                .or_else(|| a.next().map(|k| over_dept[k]))
        };
        let Some(pick) = next else { break };
        chosen.push(pick);
        used.insert(pick);
        taken += 1;
    }

    // The rest: about 17% 行政编制 from departments, the others 事业编制.
    let rest = n.saturating_sub(chosen.len());
    let n_admin = (rest as f64 * 0.17).round() as usize;
    let admin_candidates: Vec<(usize, u32)> = units
        .iter()
        .enumerate()
        .filter(|&(i, u)| {
            u.kind == UnitKind::Admin
                && u.function == Function::Active
                && u.line(Ty::Admin).is_some_and(|l| !l.overstaffed)
                && !used.contains(&(i, Ty::Admin))
        })
        .map(|(i, u)| (i, sector_weight(u.sector)))
        .collect();
    for i in weighted_sample(&admin_candidates, n_admin, rng) {
        chosen.push((i, Ty::Admin));
        used.insert((i, Ty::Admin));
    }
    let n_inst = n.saturating_sub(chosen.len());
    let inst_candidates: Vec<(usize, u32)> = units
        .iter()
        .enumerate()
        .filter(|&(i, u)| {
            u.function == Function::Active
                && u.line(Ty::Institution).is_some_and(|l| !l.overstaffed)
                && !used.contains(&(i, Ty::Institution))
        })
        .map(|(i, u)| (i, sector_weight(u.sector) * size_weight(u.size)))
        .collect();
    for i in weighted_sample(&inst_candidates, n_inst, rng) {
        chosen.push((i, Ty::Institution));
    }

    // Tiers: exactly 40% 保重点, 25% 保应急, the rest 保运转, shuffled over requests.
    let m = chosen.len();
    let n_key = (m as f64 * 0.4).round() as usize;
    let n_emergency = ((m as f64 * 0.25).round() as usize).min(m - n_key);
    let mut tiers: Vec<TierKey> = (0..m)
        .map(|k| {
            if k < n_key {
                TierKey::Key
            } else if k < n_key + n_emergency {
                TierKey::Emergency
            } else {
                TierKey::Operations
            }
        })
        .collect();
    rng.shuffle(&mut tiers);

    let mut big = Vec::with_capacity(chosen.len());
    let mut requests: Vec<RequestDraft> = Vec::with_capacity(chosen.len());
    for ((unit, ty), tier) in chosen.into_iter().zip(tiers) {
        let u = &units[unit];
        let (amount, is_big) = request_amount(u.size, ty, tier, u.sector, rng);
        // Nobody asks for more than doubling the line (a unit of 2 may still ask for 2).
        let held = u.line(ty).map_or(0, |l| l.quota).max(2);
        let amount = amount.min(held);
        big.push(is_big);
        requests.push(RequestDraft {
            unit,
            ty,
            amount,
            tier,
            min: 0,
            reason: String::new(),
        });
    }
    // The demo's fixed pools must be outrun by a margin so that the plan has to choose:
    // the big requests carry the difference (the small ones are what a planner sees
    // every day).
    if let Some(target) = cfg.institution_demand {
        calibrate_demand(&mut requests, &big, units, target);
    }
    for (r, &is_big) in requests.iter_mut().zip(&big) {
        r.min = request_min(r.amount, rng);
        let u = &units[r.unit];
        // Classrooms and wards are for schools and hospitals, not for the small offices
        // of the same sector (招生考试中心, 卫生健康信息中心).
        let phrase_sector = if is_hot_sector(u.sector) && u.size <= Small {
            ""
        } else {
            u.sector
        };
        let phrase = if is_big {
            big_reason(u.sector, r.amount, rng)
        } else {
            rng.pick(reason_phrases(phrase_sector, r.ty, r.tier))
                .to_string()
        };
        r.reason = format!("{phrase}，申请调剂{}{}名", r.ty.label(), r.amount);
    }
    // Requests arrive in no particular order; ids follow arrival.
    rng.shuffle(&mut requests);
    requests
}

// ---------------------------------------------------------------------------------
// Pools
// ---------------------------------------------------------------------------------

/// The demo's available institution quota splits 830 : 510 : 437 over EDU : TALENT : MUNI.
const POOL_SPLIT: [(usize, f64); 3] = [(0, 830.0), (1, 510.0), (2, 437.0)];

fn make_pools(requests: &[RequestDraft], sizing: &PoolSizing) -> Vec<PoolDraft> {
    let pool = |id: &str, name: &str, ty, capacity, used, sectors, per_unit_max| PoolDraft {
        id: id.to_string(),
        name: name.to_string(),
        ty,
        capacity,
        used,
        sectors,
        per_unit_max,
        region: String::new(),
        collects: false,
    };
    match sizing {
        PoolSizing::Demo => vec![
            pool("POOL-ADMIN", "行政编制周转池", Ty::Admin, 80, 31, "*", 0),
            pool(
                "POOL-EDU",
                "教育周转池",
                Ty::Institution,
                1500,
                670,
                "教育",
                0,
            ),
            pool("POOL-MUNI", "市直周转池", Ty::Institution, 600, 163, "*", 0),
            pool(
                "POOL-TALENT",
                "人才周转池",
                Ty::Institution,
                1000,
                490,
                "*",
                10,
            ),
        ],
        PoolSizing::FromDemand => {
            let demand = |ty: Ty| {
                requests
                    .iter()
                    .filter(|r| r.ty == ty)
                    .map(|r| r.amount)
                    .sum::<i64>()
            };
            let supply = (demand(Ty::Institution) as f64 / DEMAND_OVER_SUPPLY).max(3.0);
            let total_split: f64 = POOL_SPLIT.iter().map(|&(_, w)| w).sum();
            let share = |k: usize| ((supply * POOL_SPLIT[k].1 / total_split).round() as i64).max(1);
            // Used shares of the seed city: 670/1500, 490/1000, 163/600, 31/80.
            let sized = |available: i64, used_share: f64| {
                let capacity = (available as f64 / (1.0 - used_share)).round() as i64;
                (capacity.max(available), capacity.max(available) - available)
            };
            let (edu_cap, edu_used) = sized(share(0), 670.0 / 1500.0);
            let (talent_cap, talent_used) = sized(share(1), 0.49);
            // MUNI keeps a 2% reserve on top of what it lends.
            let muni_lend = share(2);
            let muni_cap = ((muni_lend as f64 / (1.0 - 163.0 / 600.0 - 0.02)).round() as i64)
                .max(muni_lend + 1);
            let muni_reserve = muni_reserve_of(muni_cap);
            let muni_used = (muni_cap - muni_lend - muni_reserve).max(0);
            let admin_available = ((demand(Ty::Admin) as f64 / 1.3).round() as i64).max(1);
            let (admin_cap, admin_used) = sized(admin_available, 31.0 / 80.0);
            vec![
                pool(
                    "POOL-ADMIN",
                    "行政编制周转池",
                    Ty::Admin,
                    admin_cap,
                    admin_used,
                    "*",
                    0,
                ),
                pool(
                    "POOL-EDU",
                    "教育周转池",
                    Ty::Institution,
                    edu_cap,
                    edu_used,
                    "教育",
                    0,
                ),
                pool(
                    "POOL-MUNI",
                    "市直周转池",
                    Ty::Institution,
                    muni_cap,
                    muni_used,
                    "*",
                    0,
                ),
                pool(
                    "POOL-TALENT",
                    "人才周转池",
                    Ty::Institution,
                    talent_cap,
                    talent_used,
                    "*",
                    10,
                ),
            ]
        }
    }
}

/// Pools per region, sized from the region's requests as `make_pools` sizes a city's.
/// The first region's keep the plain ids (the model's `reclaim.into` and reserve name
/// them); the others are numbered (`POOL-MUNI-002`). Each region's municipal and admin
/// pools collect what its units give up.
fn regional_pools(units: &[Draft], requests: &[RequestDraft]) -> Vec<PoolDraft> {
    let mut order: Vec<&str> = Vec::new();
    for u in units {
        // Regions are laid out one after the other.
        if order.last() != Some(&u.region.as_str()) {
            order.push(&u.region);
        }
    }
    let mut pools = Vec::new();
    for (k, region) in order.iter().enumerate() {
        let mine: Vec<RequestDraft> = requests
            .iter()
            .filter(|r| units[r.unit].region == *region)
            .map(|r| RequestDraft { unit: r.unit, ty: r.ty, amount: r.amount, tier: r.tier, min: r.min, reason: String::new() })
            .collect();
        for mut p in make_pools(&mine, &PoolSizing::FromDemand) {
            if k > 0 {
                p.id = format!("{}-{:03}", p.id, k + 1);
            }
            p.name = format!("{region}{}", p.name);
            p.collects = p.id.starts_with("POOL-MUNI") || p.id.starts_with("POOL-ADMIN");
            p.region = region.to_string();
            pools.push(p);
        }
    }
    pools.sort_by(|a, b| a.id.cmp(&b.id));
    pools
}

/// 蓄水池: POOL-MUNI keeps 2% of its capacity.
fn muni_reserve_of(capacity: i64) -> i64 {
    ((capacity as f64 * 0.02).ceil() as i64).max(1)
}

// ---------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------

const UNITS_HEADER: [[&str; 10]; 2] = [
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
const LINES_HEADER: [[&str; 4]; 2] = [
    ["unit", "type", "quota", "staff"],
    ["单位代码", "编制类型", "核定编制数", "实有人数"],
];
const POOLS_HEADER: [[&str; 7]; 2] = [
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
const REQUESTS_HEADER: [[&str; 7]; 2] = [
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

fn csv_text<R: AsRef<[String]>>(header: &[&str], rows: impl Iterator<Item = R>) -> String {
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
fn toml_string(s: &str) -> String {
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

fn write_files(
    cfg: &Config,
    units: &[Draft],
    requests: &[RequestDraft],
    pools: &[PoolDraft],
    vanished: usize,
) -> GeneratedScenario {
    let zh = usize::from(cfg.chinese);
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
                (match (cfg.chinese, u.protected) {
                    (true, true) => "是",
                    (true, false) => "否",
                    (false, true) => "true",
                    (false, false) => "false",
                })
                .to_string(),
                opt(u.leader_posts),
                opt(u.leaders),
            ];
            if cfg.regions {
                row.push(u.region.clone());
            }
            row
        }),
    );
    let lines_csv = csv_text(
        &LINES_HEADER[zh],
        units.iter().enumerate().flat_map(|(i, u)| {
            u.lines.iter().map(move |l| {
                [
                    id(i),
                    ty_text(l.ty).to_string(),
                    l.quota.to_string(),
                    l.staff.to_string(),
                ]
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
                row.push((if cfg.chinese { ["否", "是"] } else { ["false", "true"] })[usize::from(p.collects)].to_string());
            }
            row
        }),
    );
    let req_width = requests.len().to_string().len().max(3);
    let requests_csv = csv_text(
        &REQUESTS_HEADER[zh],
        requests.iter().enumerate().map(|(k, r)| {
            [
                format!("REQ-{:0req_width$}", k + 1),
                id(r.unit),
                ty_text(r.ty).to_string(),
                r.amount.to_string(),
                (if cfg.chinese {
                    r.tier.label()
                } else {
                    r.tier.key()
                })
                .to_string(),
                r.min.to_string(),
                r.reason.clone(),
            ]
        }),
    );

    let model_ref = match cfg.model {
        ModelSource::Own => "model.toml",
        ModelSource::Shared(path) => path,
    };
    let scenario_toml = format!(
        "[scenario]\nname = {}\nas_of = {}\nmodel = {}\n\n[data]\nunits = \"units.csv\"\nestablishments = \"establishments.csv\"\npools = \"pools.csv\"\nrequests = \"requests.csv\"\n",
        toml_string(&cfg.name),
        toml_string(AS_OF),
        toml_string(model_ref),
    );

    let mut files = vec![
        ("establishments.csv".to_string(), lines_csv),
        ("pools.csv".to_string(), pools_csv),
        ("requests.csv".to_string(), requests_csv),
        ("scenario.toml".to_string(), scenario_toml),
        ("units.csv".to_string(), units_csv),
    ];
    if let ModelSource::Own = cfg.model {
        // 蓄水池 on every municipal pool (one per region with regions).
        let reserves: Vec<(&str, i64)> = pools
            .iter()
            .filter(|p| p.id.starts_with("POOL-MUNI"))
            .map(|p| (p.id.as_str(), muni_reserve_of(p.capacity)))
            .collect();
        let max_merges = if cfg.regions { units.len() } else { (2 * vanished).max(50) };
        files.push(("model.toml".to_string(), model_toml(&reserves, max_merges, cfg.regions)));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    GeneratedScenario { files }
}

/// The policy model of a generated scenario: the baseline rules, a 2% reserve on the
/// municipal pool(s), and room for every forced merge of a vanished unit. With regions
/// the merge cap is the number of units: a province has no province-wide cap (each
/// county's office sets its own, which the model does not express), so it never binds.
fn model_toml(reserves: &[(&str, i64)], max_merges: usize, regions: bool) -> String {
    let reserve_list: Vec<String> = reserves.iter().map(|(id, r)| format!("{id} = {r}")).collect();
    let reserve_list = reserve_list.join(", ");
    let cap_comment = if regions { "   # no province-wide cap: never binds" } else { "" };
    format!(
        r#"[model]
name = "generated"
title = "合成情景：总量控制、盘活存量、保障重点"

[types]
admin = "行政编制"
legal = "政法专项编制"
institution = "事业编制"

[tiers]
key = {{ label = "保重点", weight = 100 }}
emergency = {{ label = "保应急", weight = 60 }}
operations = {{ label = "保运转", weight = 20 }}

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
    )
}

// ---------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeSet, HashSet};

    /// A parsed table: header → column index, rows of fields.
    struct Table {
        columns: HashMap<String, usize>,
        rows: Vec<Vec<String>>,
    }

    impl Table {
        fn parse(text: &str) -> Table {
            let mut r = csv::Reader::from_reader(text.as_bytes());
            let columns = r
                .headers()
                .unwrap()
                .iter()
                .enumerate()
                .map(|(i, h)| (h.to_string(), i))
                .collect();
            let rows = r
                .records()
                .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
                .collect();
            Table { columns, rows }
        }

        /// Field by the English or the Chinese header.
        fn get<'a>(&self, row: &'a [String], en: &str, zh: &str) -> &'a str {
            let i = self
                .columns
                .get(en)
                .or_else(|| self.columns.get(zh))
                .unwrap_or_else(|| panic!("no column {en}"));
            &row[*i]
        }
    }

    struct Unit {
        parent: String,
        sector: String,
        level: String,
        kind: String,
        function: String,
        leaders: Option<i64>,
    }

    /// Units by id and their lines (type, quota, staff), from the files.
    struct Parsed {
        units: BTreeMap<String, Unit>,
        lines: BTreeMap<String, Vec<(String, i64, i64)>>,
        requests: Table,
        pools: Table,
    }

    fn parse(s: &GeneratedScenario) -> Parsed {
        let ut = Table::parse(s.file("units.csv").unwrap());
        let mut units = BTreeMap::new();
        for row in &ut.rows {
            let prev = units.insert(
                ut.get(row, "id", "单位代码").to_string(),
                Unit {
                    parent: ut.get(row, "parent", "主管部门").to_string(),
                    sector: ut.get(row, "sector", "系统").to_string(),
                    level: ut.get(row, "level", "层级").to_string(),
                    kind: ut.get(row, "kind", "单位类型").to_string(),
                    function: ut.get(row, "function", "职能状态").to_string(),
                    leaders: ut.get(row, "leaders", "实配领导").parse().ok(),
                },
            );
            assert!(prev.is_none(), "duplicate unit id");
        }
        let lt = Table::parse(s.file("establishments.csv").unwrap());
        let mut lines: BTreeMap<String, Vec<(String, i64, i64)>> = BTreeMap::new();
        for row in &lt.rows {
            lines
                .entry(lt.get(row, "unit", "单位代码").to_string())
                .or_default()
                .push((
                    lt.get(row, "type", "编制类型").to_string(),
                    lt.get(row, "quota", "核定编制数").parse().unwrap(),
                    lt.get(row, "staff", "实有人数").parse().unwrap(),
                ));
        }
        Parsed {
            units,
            lines,
            requests: Table::parse(s.file("requests.csv").unwrap()),
            pools: Table::parse(s.file("pools.csv").unwrap()),
        }
    }

    fn is_institution(kind: &str) -> bool {
        kind == "institution" || kind == "事业单位"
    }

    fn is_vanished(function: &str) -> bool {
        function == "vanished" || function == "消失"
    }

    impl Parsed {
        fn total_quota(&self, id: &str) -> i64 {
            self.lines
                .get(id)
                .map_or(0, |ls| ls.iter().map(|l| l.1).sum())
        }

        fn overstaffed(&self, id: &str) -> bool {
            self.lines
                .get(id)
                .is_some_and(|ls| ls.iter().any(|l| l.2 > l.1))
        }

        fn institutions(&self) -> impl Iterator<Item = (&String, &Unit)> {
            self.units.iter().filter(|(_, u)| is_institution(&u.kind))
        }

        /// Gross vacancy rate per sector: Σ max(0, q − s) / Σ q.
        fn vacancy_by_sector(&self) -> BTreeMap<String, f64> {
            let mut acc: BTreeMap<String, (i64, i64)> = BTreeMap::new();
            for (id, u) in &self.units {
                for l in self.lines.get(id).into_iter().flatten() {
                    let e = acc.entry(u.sector.clone()).or_default();
                    e.0 += (l.1 - l.2).max(0);
                    e.1 += l.1;
                }
            }
            acc.into_iter()
                .map(|(s, (v, q))| (s, v as f64 / q.max(1) as f64))
                .collect()
        }

        /// Vanished institutions without a sibling that could host their merge.
        fn vanished_without_host(&self) -> Vec<String> {
            let hostable: HashSet<(&str, &str, &str)> = self
                .institutions()
                .filter(|(id, u)| !is_vanished(&u.function) && !self.overstaffed(id))
                .map(|(_, u)| (u.parent.as_str(), u.sector.as_str(), u.level.as_str()))
                .collect();
            self.institutions()
                .filter(|(_, u)| is_vanished(&u.function))
                .filter(|(_, u)| {
                    !hostable.contains(&(u.parent.as_str(), u.sector.as_str(), u.level.as_str()))
                })
                .map(|(id, _)| id.clone())
                .collect()
        }
    }

    fn options(units: usize, seed: u64) -> GenOptions {
        GenOptions {
            units,
            seed,
            chinese_headers: false,
            name: "测试".into(),
            regions: false,
        }
    }

    #[test]
    fn same_seed_gives_identical_files() {
        for units in [354, 3000] {
            assert_eq!(generate(&options(units, 7)), generate(&options(units, 7)));
            assert_ne!(generate(&options(units, 7)), generate(&options(units, 8)));
        }
        assert_eq!(demo_city(), demo_city());
    }

    #[test]
    fn files_are_sorted_and_complete() {
        let generated = generate(&options(500, 1));
        let names: Vec<&str> = generated.files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "establishments.csv",
                "model.toml",
                "pools.csv",
                "requests.csv",
                "scenario.toml",
                "units.csv"
            ]
        );
        let demo_files = demo_city();
        let demo: Vec<&str> = demo_files.files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            demo,
            [
                "establishments.csv",
                "pools.csv",
                "requests.csv",
                "scenario.toml",
                "units.csv"
            ]
        );
        assert!(demo_city()
            .file("scenario.toml")
            .unwrap()
            .contains("model = \"baseline\""));
        for (_, text) in &demo_city().files {
            assert!(!text.contains('\r') && !text.starts_with('\u{feff}'));
        }
    }

    #[test]
    fn demo_hits_the_small_unit_shares() {
        let p = parse(&demo_city());
        let quotas: Vec<i64> = p.institutions().map(|(id, _)| p.total_quota(id)).collect();
        let n = quotas.len() as f64;
        let le7 = quotas.iter().filter(|&&q| q <= 7).count() as f64 / n;
        let le5 = quotas.iter().filter(|&&q| q <= 5).count() as f64 / n;
        assert!(
            (280..=300).contains(&quotas.len()),
            "{} institutions",
            quotas.len()
        );
        assert!((le7 - 0.51).abs() <= 0.01, "≤7 share {le7}");
        assert!((le5 - 0.367).abs() <= 0.01, "≤5 share {le5}");
        let departments = p.units.values().filter(|u| u.parent.is_empty()).count();
        assert!(
            (58..=70).contains(&departments),
            "{departments} departments"
        );
        assert!(p.units.values().all(|u| u.level == "市"));
    }

    #[test]
    fn demo_vacancy_sits_in_education_and_health() {
        let p = parse(&demo_city());
        let rates = p.vacancy_by_sector();
        assert!(rates.len() >= 12, "{} sectors", rates.len());
        for (sector, rate) in &rates {
            if sector == "教育" || sector == "卫健" {
                assert!(*rate > 0.10, "{sector} {rate}");
            } else {
                assert!(*rate < 0.08, "{sector} {rate}");
            }
        }
    }

    #[test]
    fn demo_has_the_calibrated_oddities() {
        let p = parse(&demo_city());
        let n_inst = p.institutions().count();
        let over: Vec<&String> = p
            .institutions()
            .filter(|(id, _)| p.overstaffed(id))
            .map(|(id, _)| id)
            .collect();
        let share = over.len() as f64 / n_inst as f64;
        assert!((0.02..=0.06).contains(&share), "overstaffed share {share}");
        // Absorbing is possible for most: a same (type, sector, level) line has vacancy.
        let with_room = over
            .iter()
            .filter(|id| {
                let u = &p.units[**id];
                p.institutions().any(|(other, o)| {
                    o.sector == u.sector
                        && o.level == u.level
                        && !p.overstaffed(other)
                        && p.lines[other].iter().any(|l| l.1 > l.2)
                })
            })
            .count();
        assert!(with_room * 2 >= over.len());
        let vanished = p
            .units
            .values()
            .filter(|u| is_vanished(&u.function))
            .count();
        assert!((3..=5).contains(&vanished), "{vanished} vanished");
        let shrinking = p.units.values().filter(|u| u.function == "萎缩").count();
        assert!((3..=10).contains(&shrinking), "{shrinking} shrinking");
        let top_heavy = p
            .units
            .iter()
            .filter(|(id, u)| u.leaders.is_some_and(|l| 2 * l > p.total_quota(id)))
            .count();
        assert!((2..=3).contains(&top_heavy), "{top_heavy} units 官多兵少");
        assert!(p
            .units
            .iter()
            .filter(|(_, u)| u.parent.is_empty())
            .all(|(_, u)| u.leaders.is_some()));
    }

    #[test]
    fn demo_requests_cover_the_tiers() {
        let p = parse(&demo_city());
        let t = &p.requests;
        assert_eq!(t.rows.len(), 120);
        let count = |tier: &str| {
            t.rows
                .iter()
                .filter(|r| t.get(r, "tier", "保障类别") == tier)
                .count()
        };
        assert_eq!(
            (count("保重点"), count("保应急"), count("保运转")),
            (48, 30, 42)
        );
        let legal = t
            .rows
            .iter()
            .filter(|r| t.get(r, "type", "编制类型") == "政法专项编制")
            .count();
        assert_eq!(legal, 2);
        let from_overstaffed = t
            .rows
            .iter()
            .filter(|r| p.overstaffed(t.get(r, "unit", "单位代码")))
            .count();
        assert_eq!(from_overstaffed, 2);
        let small = t
            .rows
            .iter()
            .filter(|r| t.get(r, "amount", "申请数").parse::<i64>().unwrap() <= 8)
            .count();
        assert!(
            small * 4 >= t.rows.len() * 3,
            "{small} of 120 requests ask for 1–8"
        );
        // Demand exceeds what the pools can lend.
        let demand: i64 = t
            .rows
            .iter()
            .filter(|r| t.get(r, "type", "编制类型") == "事业编制")
            .map(|r| t.get(r, "amount", "申请数").parse::<i64>().unwrap())
            .sum();
        let pools = &p.pools;
        let available: i64 = pools
            .rows
            .iter()
            .filter(|r| pools.get(r, "type", "编制类型") == "事业编制")
            .map(|r| {
                pools.get(r, "capacity", "规模").parse::<i64>().unwrap()
                    - pools.get(r, "used", "已使用").parse::<i64>().unwrap()
            })
            .sum();
        assert_eq!(available, 830 + 510 + 437);
        assert!(
            demand > available && demand < 2 * available,
            "demand {demand} vs {available}"
        );
    }

    #[test]
    fn every_vanished_institution_has_a_host() {
        for s in [
            demo_city(),
            generate(&options(5000, 3)),
            generate(&options(354, 11)),
        ] {
            let p = parse(&s);
            assert!(p.units.values().any(|u| is_vanished(&u.function)));
            assert_eq!(p.vanished_without_host(), Vec::<String>::new());
            // And every vanished unit is small.
            for (id, u) in p.institutions() {
                if is_vanished(&u.function) {
                    assert!(p.total_quota(id) <= 5);
                }
            }
        }
    }

    #[test]
    fn ids_are_unique_and_references_resolve() {
        for s in [demo_city(), generate(&options(2500, 5))] {
            let p = parse(&s);
            for u in p.units.values() {
                if !u.parent.is_empty() {
                    let parent = &p.units[&u.parent];
                    assert!(parent.parent.is_empty(), "parents are top-level");
                }
            }
            assert_eq!(
                p.lines.keys().collect::<BTreeSet<_>>(),
                p.units.keys().collect::<BTreeSet<_>>()
            );
            let t = &p.requests;
            let ids: HashSet<&str> = t.rows.iter().map(|r| t.get(r, "id", "需求编号")).collect();
            assert_eq!(ids.len(), t.rows.len());
            for r in &t.rows {
                let unit = t.get(r, "unit", "单位代码");
                let ty = t.get(r, "type", "编制类型");
                assert!(
                    p.lines[unit].iter().any(|l| l.0 == ty),
                    "request for a line the unit holds"
                );
                let amount: i64 = t.get(r, "amount", "申请数").parse().unwrap();
                let min: i64 = t.get(r, "min", "最低数").parse().unwrap();
                assert!(amount >= 1 && (0..=amount).contains(&min));
            }
            let pool_ids: HashSet<&str> = p
                .pools
                .rows
                .iter()
                .map(|r| p.pools.get(r, "id", "池代码"))
                .collect();
            assert_eq!(pool_ids.len(), 4);
        }
    }

    #[test]
    fn generated_model_parses_and_names_the_pools() {
        let s = generate(&options(1200, 2));
        let policy =
            crate::policy::Policy::parse(s.file("model.toml").unwrap(), "model.toml").unwrap();
        assert_eq!(policy.into_pool("institution"), Some("POOL-MUNI"));
        assert!(policy.reserve_of("POOL-MUNI") >= 1);
        let p = parse(&s);
        let levels: BTreeSet<&str> = p.units.values().map(|u| u.level.as_str()).collect();
        assert_eq!(levels, BTreeSet::from(["乡", "县", "市"]));
        // 3% of units request.
        assert_eq!(p.requests.rows.len(), 36);
    }

    #[test]
    fn fifty_thousand_units() {
        let s = generate(&options(50_000, 42));
        let units = s.file("units.csv").unwrap();
        assert_eq!(units.lines().count(), 50_001);
        assert!(units.contains("U050000,"));
        let p = parse(&s);
        let quotas: Vec<i64> = p.institutions().map(|(id, _)| p.total_quota(id)).collect();
        let le5 = quotas.iter().filter(|&&q| q <= 5).count() as f64 / quotas.len() as f64;
        assert!((le5 - 0.367).abs() < 0.005);
        assert!(p.vanished_without_host().is_empty());
        assert_eq!(p.requests.rows.len(), 1500);
    }

    #[test]
    fn tiny_scenarios_do_not_panic() {
        for n in [0, 1, 2, 5, 13, 40, 599, 600, 601] {
            let s = generate(&options(n, 9));
            assert_eq!(
                s.file("units.csv").unwrap().lines().count(),
                n + 1,
                "{n} units"
            );
        }
    }

    #[test]
    fn chinese_numerals() {
        let cases = [
            (1, "一"),
            (9, "九"),
            (10, "十"),
            (12, "十二"),
            (20, "二十"),
            (21, "二十一"),
            (101, "一百零一"),
            (110, "一百一十"),
        ];
        for (n, text) in cases {
            assert_eq!(chinese_numeral(n), text);
        }
    }

    /// The committed `scenarios/demo-city/` is exactly what `demo_city()` produces.
    /// Regenerate with `BIANZHI_WRITE_DEMO=1 cargo test committed_demo_city`.
    #[test]
    fn committed_demo_city_matches_generator() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/demo-city");
        let demo = demo_city();
        if std::env::var_os("BIANZHI_WRITE_DEMO").is_some() {
            demo.write_to(&dir).unwrap();
        }
        for (name, contents) in &demo.files {
            let on_disk = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
            assert!(
                on_disk == *contents,
                "scenarios/demo-city/{name} is stale; regenerate with BIANZHI_WRITE_DEMO=1"
            );
        }
    }
}
