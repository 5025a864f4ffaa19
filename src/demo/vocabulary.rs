//! The vocabulary of the demo shop: its staff, names, cars, jobs and notes.

use super::*;

/// (code, name, role). Indices below refer to this table.
pub(super) const STAFF: &[(&str, &str, StaffRole)] = &[
    ("A01", "张伟", StaffRole::Advisor),
    ("A02", "王芳", StaffRole::Advisor),
    ("A03", "李娜", StaffRole::Advisor),
    ("A04", "Emily Chen", StaffRole::Advisor),
    ("T01", "刘强", StaffRole::Technician),
    ("T02", "陈磊", StaffRole::Technician),
    ("T03", "杨洋", StaffRole::Technician),
    ("T04", "黄勇", StaffRole::Technician),
    ("T05", "赵军", StaffRole::Technician),
    ("T06", "吴斌", StaffRole::Technician),
    ("S01", "周强", StaffRole::Supervisor),
    ("M01", "孙建国", StaffRole::Manager),
];
/// The shop's (name, address, phone): a made-up dealer in Shenzhen (粤B).
pub(super) const SHOP: (&str, &str, &str) = (
    "深圳鹏程汽车销售服务有限公司",
    "深圳市南山区沙河西路 3018 号鹏程汽车城 A 座",
    "0755-26688800",
);
/// The demo shop's time zone (`frontdesk demo` builds its week there, whatever the
/// system's zone).
pub const ZONE: Zone = Zone::Named(chrono_tz::Asia::Shanghai);

pub(super) const ADVISORS: std::ops::Range<usize> = 0..4;
pub(super) const TECHNICIANS: std::ops::Range<usize> = 4..10;
pub(super) const SUPERVISOR: usize = 10;
pub(super) const MANAGER: usize = 11;

pub(super) const CUSTOMERS: usize = 90;
pub(super) const EXTRA_VEHICLES: usize = 5;

pub(super) const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗",
];
pub(super) const MALE_GIVEN: &[&str] = &[
    "伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "辉", "鹏", "浩", "宇", "建华",
    "志强", "文博", "子豪", "俊杰", "国庆", "海峰", "晓东", "振宇", "家豪",
];
pub(super) const FEMALE_GIVEN: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "艳", "婷", "雪", "琳", "颖", "欣怡", "雨涵", "梓涵", "思琪",
    "佳怡", "晓燕", "秀英", "丽华", "美玲", "慧敏", "春梅", "玉兰",
];
pub(super) const ENGLISH_MALE: &[&str] = &["John", "David", "Michael", "James", "Peter", "Thomas"];
pub(super) const ENGLISH_FEMALE: &[&str] = &["Sarah", "Emma", "Linda", "Anna", "Kate", "Laura"];
pub(super) const ENGLISH_LAST: &[&str] = &[
    "Smith", "Brown", "Wilson", "Taylor", "Miller", "Martin", "Clark", "Walker", "Hughes", "Baker",
];
pub(super) const CUSTOMER_NOTES: &[&str] = &[
    "VIP客户 / VIP customer",
    "只接受微信联系 / WeChat only",
    "工作日18点后联系 / Call after 18:00 on weekdays",
    "公司车辆，需开专票 / Company car, VAT invoice needed",
    "老客户，介绍过朋友 / Long-time customer, referred friends",
];

/// (make, model, new-energy plate, VIN prefix)
pub(super) const MODELS: &[(&str, &str, bool, &str)] = &[
    ("大众", "帕萨特", false, "LSV"),
    ("大众", "朗逸", false, "LSV"),
    ("丰田", "凯美瑞", false, "LVG"),
    ("丰田", "卡罗拉", false, "LFM"),
    ("本田", "雅阁", false, "LHG"),
    ("本田", "CR-V", false, "LVH"),
    ("日产", "轩逸", false, "LGB"),
    ("别克", "英朗", false, "LSG"),
    ("别克", "GL8", false, "LSG"),
    ("比亚迪", "汉", true, "LGX"),
    ("比亚迪", "秦PLUS", true, "LGX"),
    ("特斯拉", "Model 3", true, "LRW"),
    ("特斯拉", "Model Y", true, "LRW"),
    ("宝马", "3系", false, "LBV"),
    ("宝马", "5系", false, "LBV"),
    ("奔驰", "C级", false, "LE4"),
    ("奔驰", "E级", false, "LE4"),
    ("奥迪", "A4L", false, "LFV"),
    ("奥迪", "Q5L", false, "LFV"),
    ("理想", "L7", true, "LW4"),
    ("吉利", "星越L", false, "L6T"),
    ("长安", "CS75", false, "LS5"),
];
/// Province + city letter, weighted towards the shop's own city (Shenzhen, 粤B).
pub(super) const REGIONS: &[&str] = &[
    "粤B", "粤B", "粤B", "粤B", "粤B", "粤B", "粤B", "粤A", "粤A", "粤S", "京A", "京N", "沪C",
    "沪A", "浙A", "苏E", "湘A",
];
pub(super) const PLATE_LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
pub(super) const VIN_CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPRSTUVWXYZ";
pub(super) const COLORS: &[&str] = &[
    "白色",
    "黑色",
    "银色",
    "灰色",
    "蓝色",
    "红色",
    "珍珠白",
    "香槟金",
];

/// Marks a labour line priced at the vehicle's labour rate.
pub(super) const RATE: i64 = -1;

pub(super) struct Job {
    pub(super) customer_words: &'static str,
    pub(super) diagnosis: &'static str,
    /// (kind, description, quantity ×100, unit price in cents or RATE, claim)
    pub(super) lines: &'static [(LineKind, &'static str, i64, i64, bool)],
    pub(super) minutes: i64,
}

use LineKind::{Labour as L, Part as P};

pub(super) const JOBS: &[Job] = &[
    // 0: minor service
    Job {
        customer_words: "到保养里程了，做常规保养 / Due for the regular service",
        diagnosis: "常规保养：更换机油机滤，检查底盘 / Regular service: oil and filter, chassis check",
        lines: &[
            (L, "更换机油机滤 / Oil and filter change", 100, RATE, false),
            (P, "机油 5W-30 4L / Engine oil 5W-30 4L", 100, 42800, false),
            (P, "机油滤清器 / Oil filter", 100, 6800, false),
        ],
        minutes: 60,
    },
    // 1: major service
    Job {
        customer_words: "四万公里大保养 / 40,000 km major service",
        diagnosis: "大保养：机油机滤、空滤、空调滤、刹车油 / Major service: oil, filters, brake fluid",
        lines: &[
            (L, "更换机油机滤 / Oil and filter change", 100, RATE, false),
            (
                L,
                "更换空气滤芯和空调滤芯 / Air and cabin filter replacement",
                50,
                RATE,
                false,
            ),
            (L, "更换刹车油 / Brake fluid change", 80, RATE, false),
            (P, "机油 5W-30 4L / Engine oil 5W-30 4L", 100, 42800, false),
            (P, "机油滤清器 / Oil filter", 100, 6800, false),
            (P, "空气滤清器 / Air filter", 100, 12800, false),
            (P, "空调滤芯 / Cabin filter", 100, 9800, false),
            (P, "刹车油 DOT4 1L / Brake fluid DOT4 1L", 100, 12000, false),
        ],
        minutes: 150,
    },
    // 2: brakes
    Job {
        customer_words: "刹车时有尖锐异响 / Squealing when braking",
        diagnosis: "前刹车片磨损到极限 / Front brake pads worn to the limit",
        lines: &[
            (
                L,
                "更换前刹车片 / Front brake pads replacement",
                150,
                RATE,
                false,
            ),
            (
                P,
                "前刹车片（套） / Front brake pads (set)",
                100,
                68000,
                false,
            ),
            (P, "刹车盘清洁剂 / Brake cleaner", 100, 3500, false),
        ],
        minutes: 120,
    },
    // 3: tyres and alignment
    Job {
        customer_words: "方向盘跑偏，轮胎偏磨 / Pulls to one side, uneven tyre wear",
        diagnosis: "四轮定位偏差，前轮胎磨损 / Alignment out, front tyres worn",
        lines: &[
            (P, "轮胎 225/45R17 / Tyre 225/45R17", 200, 85000, false),
            (
                L,
                "拆装轮胎及动平衡 / Tyre fitting and balancing",
                100,
                RATE,
                false,
            ),
            (L, "四轮定位 / Wheel alignment", 100, RATE, false),
        ],
        minutes: 120,
    },
    // 4: air conditioning
    Job {
        customer_words: "空调不制冷 / A/C not cooling",
        diagnosis: "冷媒不足，管路接头轻微泄漏 / Low refrigerant, small leak at a joint",
        lines: &[
            (L, "空调系统检漏 / A/C leak test", 50, RATE, false),
            (L, "加注冷媒 / Refrigerant recharge", 50, RATE, false),
            (
                P,
                "冷媒 R134a (kg) / Refrigerant R134a (kg)",
                60,
                15000,
                false,
            ),
            (P, "空调管路O型圈 / A/C O-ring", 200, 1200, false),
        ],
        minutes: 90,
    },
    // 5: warranty
    Job {
        customer_words: "左前车窗升降缓慢，有异响 / Left front window slow and noisy",
        diagnosis: "车窗升降器电机故障，保修期内 / Window regulator motor failed, under warranty",
        lines: &[
            (
                L,
                "更换车窗升降器 / Window regulator replacement",
                120,
                RATE,
                true,
            ),
            (
                P,
                "车窗升降器总成 / Window regulator assembly",
                100,
                95000,
                true,
            ),
        ],
        minutes: 150,
    },
    // 6: recall
    Job {
        customer_words: "收到召回通知 / Received a recall notice",
        diagnosis: "召回活动：发动机控制软件升级 / Recall campaign: engine ECU software update",
        lines: &[(
            L,
            "召回：发动机控制软件升级 / Recall: ECU software update",
            50,
            RATE,
            true,
        )],
        minutes: 60,
    },
    // 7: battery
    Job {
        customer_words: "早上打不着火 / Won't start in the morning",
        diagnosis: "蓄电池老化，容量不足 / Battery aged, low capacity",
        lines: &[
            (P, "蓄电池 12V 60Ah / Battery 12V 60Ah", 100, 72000, false),
            (L, "更换蓄电池 / Battery replacement", 30, RATE, false),
        ],
        minutes: 45,
    },
    // 8: misfire
    Job {
        customer_words: "发动机故障灯亮，怠速抖动 / Engine light on, rough idle",
        diagnosis: "第三缸失火，火花塞积碳 / Misfire on cylinder 3, fouled spark plugs",
        lines: &[
            (L, "故障诊断 / Fault diagnosis", 50, RATE, false),
            (L, "更换火花塞 / Spark plug replacement", 80, RATE, false),
            (P, "火花塞 / Spark plug", 400, 8500, false),
        ],
        minutes: 120,
    },
    // 9: EV range
    Job {
        customer_words: "续航明显下降 / Range dropped noticeably",
        diagnosis: "电池包检测正常，冷却液不足 / Battery pack OK, coolant low",
        lines: &[
            (
                L,
                "三电系统检测 / EV battery and drive check",
                100,
                RATE,
                false,
            ),
            (P, "电池冷却液 / Battery coolant", 100, 16000, false),
        ],
        minutes: 90,
    },
    // 10: inspection
    Job {
        customer_words: "准备年检，先做预检 / Pre-check before the annual inspection",
        diagnosis: "灯光、制动、排放检查 / Lights, brakes and emissions check",
        lines: &[(L, "年检预检 / Annual inspection pre-check", 50, RATE, false)],
        minutes: 45,
    },
    // 11: suspension
    Job {
        customer_words: "过减速带底盘咯噔响 / Clunk from the chassis over speed bumps",
        diagnosis: "前稳定杆连杆球头松旷 / Front stabiliser link ball joints worn",
        lines: &[
            (
                L,
                "更换前稳定杆连杆 / Front stabiliser links replacement",
                100,
                RATE,
                false,
            ),
            (P, "稳定杆连杆 / Stabiliser link", 200, 23000, false),
        ],
        minutes: 90,
    },
    // 12: EV service
    Job {
        customer_words: "电动车定期保养 / EV periodic service",
        diagnosis: "电动车常规检查，更换空调滤芯 / EV routine check, cabin filter",
        lines: &[
            (
                L,
                "电动车常规保养检查 / EV routine service check",
                80,
                RATE,
                false,
            ),
            (
                L,
                "更换空调滤芯 / Cabin filter replacement",
                30,
                RATE,
                false,
            ),
            (P, "空调滤芯 / Cabin filter", 100, 9800, false),
        ],
        minutes: 60,
    },
    // 13: comeback
    Job {
        customer_words: "上次修完后同样的问题又出现了 / The same problem is back after the last repair",
        diagnosis: "返修：复查上次维修项目 / Comeback: recheck the last repair",
        lines: &[(
            L,
            "返修检查（免费） / Comeback inspection (no charge)",
            100,
            0,
            false,
        )],
        minutes: 90,
    },
];
pub(super) const JOB_COMEBACK: usize = 13;

pub(super) const DAMAGE_ZONES: &[&str] = &[
    "前保险杠 / front bumper",
    "后保险杠 / rear bumper",
    "左前门 / left front door",
    "右后门 / right rear door",
    "左前翼子板 / left front fender",
    "发动机盖 / bonnet",
    "右后视镜 / right mirror",
    "前挡风玻璃 / windscreen",
];
pub(super) const DAMAGE_NOTES: &[&str] = &[
    "约5cm划痕 / ~5 cm scratch",
    "硬币大小凹陷 / coin-sized dent",
    "旧伤 / old damage",
];

pub(super) const FOLLOW_UP_REMARKS: &[&str] = &[
    "车况良好，很满意 / Car runs well, very happy",
    "等待时间有点长 / The wait was a bit long",
    "顾问解释得很清楚 / The advisor explained everything clearly",
    "",
    "洗车很干净 / The wash was spotless",
];
/// The lines the demo's workshop proposes on the way: (kind, description, quantity ×100,
/// unit price in cents or RATE).
pub(super) const PADS: (LineKind, &str, i64, i64) = (
    LineKind::Part,
    "前刹车片（追加） / Front brake pads (added)",
    100,
    45_000,
);
pub(super) const WIPERS: (LineKind, &str, i64, i64) = (
    LineKind::Part,
    "雨刮片（追加） / Wiper blades (added)",
    200,
    6_800,
);

pub(super) const APPT_NOTES: &[&str] = &[
    "客户要求原厂配件 / Customer wants OEM parts",
    "需要代步车 / Needs a courtesy car",
    "下午三点前取车 / Pick-up before 15:00",
    "客户在休息室等待 / Customer will wait in the lounge",
];
