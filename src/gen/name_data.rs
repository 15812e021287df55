//! Name data: the departments and institutions of a city level, the numbered series,
//! township institutions, place-name syllables and request reason phrases.

use super::draft::{TierKey, Ty};
use super::naming::Syllables;
use crate::domain::UnitKind;

/// Natural size of an institution, before the small-unit stratification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Size {
    Tiny,
    Small,
    Medium,
    Large,
    Huge,
}

/// Protected (是否保护): never gives quota.
pub(super) const PROTECTED: u8 = 1;
/// Preferred for 职能消失 (a function the city no longer has, e.g. 蚕桑站, 墙改办).
pub(super) const MAY_VANISH: u8 = 2;
/// Preferred for 职能萎缩.
pub(super) const MAY_SHRINK: u8 = 4;
/// Preferred for 超编 (the seed names 市城管局园林绿化中心).
pub(super) const MAY_OVERSTAFF: u8 = 8;
/// 官多兵少: a small department whose leaders exceed half its quota.
pub(super) const TOP_HEAVY: u8 = 16;
/// The department also exists at county level.
pub(super) const COUNTY: u8 = 32;

pub(super) struct InstT {
    pub(super) name: &'static str,
    pub(super) size: Size,
    pub(super) flags: u8,
}

pub(super) const fn it(name: &'static str, size: Size) -> InstT {
    InstT {
        name,
        size,
        flags: 0,
    }
}

pub(super) const fn itf(name: &'static str, size: Size, flags: u8) -> InstT {
    InstT { name, size, flags }
}

pub(super) struct DeptT {
    /// Name after the place prefix; `{}` marks where the prefix goes when not in front.
    pub(super) name: &'static str,
    /// Name at county level when different (中级人民法院 → 人民法院).
    pub(super) county_name: Option<&'static str>,
    pub(super) sector: &'static str,
    pub(super) kind: UnitKind,
    /// City-level quota ranges per type; (0, 0) = no line of that type.
    pub(super) admin: (i64, i64),
    pub(super) legal: (i64, i64),
    pub(super) institution: (i64, i64),
    pub(super) flags: u8,
    pub(super) insts: &'static [InstT],
}

pub(super) const fn dept(
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
pub(super) const fn civil(
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
pub(super) const fn legal(
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

pub(super) use Size::{Huge, Large, Medium, Small, Tiny};

// Institution lists, most essential first: a level with fewer units than the catalog
// takes them round-robin across departments, so it keeps the first of each.
pub(super) const EDU: &[InstT] = &[
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
pub(super) const HEALTH: &[InstT] = &[
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
pub(super) const MEDINS: &[InstT] = &[
    it("医疗保障事务中心", Small),
    it("医疗保障信息中心", Tiny),
    it("医疗保障基金稽核中心", Tiny),
];
pub(super) const POLICE: &[InstT] = &[
    it("公安局警务保障中心", Small),
    it("公安局机关服务中心", Tiny),
    it("公安局网络安全技术服务中心", Tiny),
    it("公安局交通管理服务中心", Small),
    it("公安局警犬技术训练基地", Tiny),
];
pub(super) const URBAN: &[InstT] = &[
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
pub(super) const LAND: &[InstT] = &[
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
pub(super) const HOUSING: &[InstT] = &[
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
pub(super) const TRANSPORT: &[InstT] = &[
    it("交通运输综合行政执法支队", Large),
    it("公路事业发展中心", Medium),
    it("道路运输服务中心", Small),
    it("港航事业发展中心", Small),
    it("交通运输信息中心", Tiny),
    it("交通建设工程质量监督站", Tiny),
    it("城乡客运服务中心", Tiny),
    itf("地方铁路建设服务中心", Tiny, MAY_SHRINK),
];
pub(super) const AGRI: &[InstT] = &[
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
pub(super) const HR: &[InstT] = &[
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
pub(super) const CIVIL: &[InstT] = &[
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
pub(super) const VETERAN: &[InstT] = &[
    it("退役军人服务中心", Small),
    it("军供站", Tiny),
    it("光荣院", Tiny),
    it("烈士陵园管理所", Tiny),
    itf("军队离退休干部休养所", Small, MAY_SHRINK),
];
pub(super) const CULTURE: &[InstT] = &[
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
pub(super) const SPORT: &[InstT] = &[
    it("体育运动学校", Medium),
    it("全民健身中心", Small),
    it("体育场馆管理中心", Small),
];
pub(super) const EMERGENCY: &[InstT] = &[
    it("应急管理综合行政执法支队", Small),
    it("应急救援指挥中心", Small),
    it("防震减灾中心", Small),
    it("应急物资储备中心", Tiny),
    it("安全生产技术服务中心", Tiny),
    it("森林防火指挥中心", Tiny),
];
pub(super) const MARKET: &[InstT] = &[
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
pub(super) const WATER: &[InstT] = &[
    it("水利工程管理处", Medium),
    it("水文水资源勘测中心", Small),
    it("防汛抗旱服务中心", Small),
    it("灌区管理处", Small),
    it("水土保持监测站", Tiny),
    it("水政监察支队", Tiny),
    it("河湖保护中心", Tiny),
    it("农村饮水安全管理站", Tiny),
];
pub(super) const ECO: &[InstT] = &[
    it("生态环境监测站", Medium),
    it("生态环境保护综合行政执法支队", Medium),
    it("环境科学研究所", Small),
    it("固体废物管理中心", Tiny),
    it("生态环境信息中心", Tiny),
    it("辐射环境监测站", Tiny),
];
pub(super) const FOREST: &[InstT] = &[
    it("东山国有林场", Medium),
    it("西岭国有林场", Medium),
    it("林业科学研究所", Small),
    it("自然保护区管理处", Small),
    it("森林病虫害防治检疫站", Tiny),
    it("林业技术推广站", Tiny),
    it("野生动植物保护站", Tiny),
    it("林木种苗站", Tiny),
];
pub(super) const FINANCE: &[InstT] = &[
    it("国库支付中心", Small),
    it("财政投资评审中心", Small),
    it("非税收入管理中心", Tiny),
    it("政府采购中心", Tiny),
    it("财政信息中心", Tiny),
    it("会计服务中心", Tiny),
];
pub(super) const DEVREF: &[InstT] = &[
    it("重点项目服务中心", Small),
    it("价格认证中心", Tiny),
    it("经济信息中心", Tiny),
    it("节能监察中心", Tiny),
];
pub(super) const GRAIN: &[InstT] = &[
    itf("粮食储备中心", Small, MAY_SHRINK),
    it("粮油质量检测站", Tiny),
    itf("军粮供应站", Tiny, MAY_VANISH),
];
pub(super) const PARTY_OFFICE: &[InstT] = &[
    it("党史研究中心", Tiny),
    it("地方志编纂中心", Tiny),
    it("委机要保密服务中心", Tiny),
];
pub(super) const ORG: &[InstT] = &[
    it("党员教育中心", Tiny),
    it("干部人事档案中心", Tiny),
    it("人才发展服务中心", Tiny),
];
pub(super) const PROPAGANDA: &[InstT] = &[
    it("融媒体中心", Large),
    it("网络舆情中心", Tiny),
    it("文明创建服务中心", Tiny),
    itf("讲师团", Tiny, MAY_SHRINK),
];
pub(super) const DISCIPLINE: &[InstT] = &[it("廉政教育中心", Tiny), it("纪检监察信息中心", Tiny)];
pub(super) const GOV_OFFICE: &[InstT] = &[
    it("人民政府金融服务中心", Tiny),
    it("政府督查服务中心", Tiny),
    it("12345政务服务便民热线中心", Small),
];
pub(super) const JUSTICE: &[InstT] = &[
    it("公证处", Small),
    it("法律援助中心", Tiny),
    it("社区矫正中心", Tiny),
    it("人民调解指导中心", Tiny),
];
pub(super) const POLITICAL: &[InstT] = &[
    it("社会治安综合治理中心", Small),
    it("网格化服务管理中心", Tiny),
];
pub(super) const UNITED: &[InstT] = &[it("民族宗教服务中心", Tiny), it("海外联谊服务中心", Tiny)];
pub(super) const ESTAB: &[InstT] = &[
    it("机构编制电子政务中心", Tiny),
    it("事业单位登记服务中心", Tiny),
];
pub(super) const CYBER: &[InstT] = &[it("网络安全应急指挥中心", Tiny)];
pub(super) const WORK_COMM: &[InstT] = &[it("机关党建服务中心", Tiny)];
pub(super) const NPC: &[InstT] = &[it("人大信息中心", Tiny)];
pub(super) const CPPCC: &[InstT] = &[it("政协文史研究中心", Tiny)];
pub(super) const AUDIT: &[InstT] = &[it("经济责任审计服务中心", Tiny)];
pub(super) const STATS: &[InstT] = &[
    it("统计普查中心", Tiny),
    it("社会经济调查中心", Tiny),
    it("统计信息中心", Tiny),
];
pub(super) const INDUSTRY: &[InstT] = &[
    it("中小企业服务中心", Tiny),
    it("工业园区服务中心", Small),
    it("无线电监测站", Tiny),
    itf("乡镇企业服务中心", Tiny, MAY_VANISH),
];
pub(super) const SCIENCE: &[InstT] = &[
    it("科技情报研究所", Tiny),
    it("生产力促进中心", Tiny),
    it("科技创新服务中心", Tiny),
];
pub(super) const COMMERCE: &[InstT] = &[
    it("商务服务中心", Tiny),
    it("电子商务服务中心", Tiny),
    it("口岸服务中心", Tiny),
];
pub(super) const INVEST: &[InstT] = &[it("招商引资服务中心", Small)];
pub(super) const SASAC: &[InstT] = &[it("国有资产服务中心", Tiny)];
pub(super) const GOV_AFFAIRS: &[InstT] = &[
    it("机关后勤服务中心", Small),
    it("公务用车服务中心", Tiny),
    itf("机关接待服务中心", Small, MAY_SHRINK),
];
pub(super) const PETITION: &[InstT] = &[it("人民来访接待中心", Tiny), it("网上信访服务中心", Tiny)];
pub(super) const GOV_SERVICE: &[InstT] = &[
    it("政务服务中心", Small),
    it("公共资源交易中心", Small),
    it("大数据中心", Small),
];
pub(super) const CIVIL_DEF: &[InstT] = &[
    itf("人防工程管理中心", Tiny, MAY_SHRINK),
    it("人防指挥信息保障中心", Tiny),
];
pub(super) const FOREIGN: &[InstT] = &[it("翻译服务中心", Tiny)];
pub(super) const UNION: &[InstT] = &[it("工人文化宫", Small), it("职工服务中心", Tiny)];
pub(super) const YOUTH: &[InstT] = &[it("青少年宫", Small)];
pub(super) const WOMEN: &[InstT] = &[it("妇女儿童活动中心", Tiny)];
pub(super) const SCI_ASSOC: &[InstT] = &[it("科技馆", Small)];
pub(super) const DISABLED: &[InstT] = &[it("残疾人康复中心", Small), it("残疾人就业服务中心", Tiny)];
pub(super) const ARTS: &[InstT] = &[it("文艺创作研究中心", Tiny)];
pub(super) const CHAMBER: &[InstT] = &[it("商会服务中心", Tiny)];
pub(super) const COOP: &[InstT] = &[itf("供销合作社培训中心", Tiny, MAY_SHRINK)];
pub(super) const NONE: &[InstT] = &[];

/// The departments of a city level, most essential first (a small level keeps the
/// first ones): 62 departments holding 276 named institutions.
pub(super) const DEPTS: &[DeptT] = &[
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
pub(super) struct Series {
    pub(super) sector: &'static str,
    /// `{}` = place prefix, `#` = Chinese numeral.
    pub(super) pattern: &'static str,
    pub(super) first: usize,
    pub(super) size: Size,
}

pub(super) const SERIES: &[Series] = &[
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
pub(super) enum TownParent {
    Town,
    County(&'static str),
}

pub(super) struct TownT {
    pub(super) name: &'static str,
    pub(super) sector: &'static str,
    pub(super) parent: TownParent,
    pub(super) size: Size,
}

pub(super) const fn town_inst(
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

pub(super) const TOWN_SECTOR: &str = "乡镇";

pub(super) const TOWN_INSTS: &[TownT] = &[
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

/// Syllables of made-up place names (two or more characters + 省/市/县/镇/乡).
pub(super) static PLACES: Syllables = Syllables { first: PLACE_FIRST, second: PLACE_SECOND };
pub(super) const PLACE_FIRST: &[&str] = &[
    "青", "云", "白", "石", "金", "龙", "凤", "安", "平", "宁", "永", "长", "新", "清", "大", "东",
    "西", "南", "北", "桂", "松", "柳", "梅", "兴", "泰", "华", "天", "宝", "丰", "明", "临", "广",
    "高", "古", "双", "三", "黄", "红", "德", "莲",
];
pub(super) const PLACE_SECOND: &[&str] = &[
    "河", "山", "川", "江", "溪", "源", "林", "水", "坪", "城", "州", "岭", "峰", "泉", "桥", "田",
    "庄", "湾", "坝", "口", "台", "洲", "塘", "岗", "湖", "原", "沙", "阳", "谷", "门", "滩", "堡",
    "寨", "营", "店", "集", "关", "陵", "渡", "畈",
];

/// Reason phrases by sector and tier (from the seeds' 保重点/保应急/保运转 language).
pub(super) fn reason_phrases(sector: &str, ty: Ty, tier: TierKey) -> &'static [&'static str] {
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
