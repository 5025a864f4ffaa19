//! `frontdesk demo`: fills an empty database with a realistic, deterministic service
//! center — the shop's details, staff, customers and their cars, a week of appointments,
//! repair orders in every state and complaints in every stage.
//!
//! Everything is derived from `(seed, now, zone)` through a ChaCha8 generator, so the same
//! inputs give the same database, row for row. The shop's history is planned first, then
//! replayed in time order through the store's own write functions, one transaction per
//! action at the moment it "happened": audit entries, events, versions and timestamps
//! look as if the counter had really been used. Nothing is ever dated after `now`.

use std::collections::HashSet;
use std::fmt;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc, Weekday};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::clock::Zone;
use crate::domain::kinds::{
    AppointmentChannel, AppointmentKind, AppointmentState, ComplaintCategory, ComplaintChannel,
    ComplaintEventKind, ComplaintNature, ComplaintStage, DamageKind, FuelLevel, LineKind,
    PartsStatus, PaymentMethod, ReminderOutcome, RepairOrderState, ServiceType, StaffRole,
    WaitingMode,
};
use crate::store::appointments::{self, DayCapacity, NewAppointment};
use crate::store::complaints::{self, NewComplaint};
use crate::store::customers::{self, NewCustomer, NewVehicle};
use crate::store::repair_orders::{self, NewLine, NewRepairOrder, NewWalkaround};
use crate::store::settings::{self, ShopSettings};
use crate::store::shop::Shop;
use crate::store::staff::{self, NewStaff};
use crate::store::{Store, StoreError};

/// What [`fill`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct DemoSummary {
    pub staff: usize,
    pub customers: usize,
    pub vehicles: usize,
    pub appointments: usize,
    pub repair_orders: usize,
    pub complaints: usize,
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "demo shop: {} staff, {} customers, {} vehicles, {} appointments, {} repair orders, {} complaints",
            self.staff,
            self.customers,
            self.vehicles,
            self.appointments,
            self.repair_orders,
            self.complaints
        )
    }
}

// ---------------------------------------------------------------------------------------
// The vocabulary of the demo shop.

/// (code, name, role). Indices below refer to this table.
const STAFF: &[(&str, &str, StaffRole)] = &[
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
const SHOP: (&str, &str, &str) = (
    "深圳鹏程汽车销售服务有限公司",
    "深圳市南山区沙河西路 3018 号鹏程汽车城 A 座",
    "0755-26688800",
);
/// The demo shop's time zone (`frontdesk demo` builds its week there, whatever the
/// system's zone).
pub const ZONE: Zone = Zone::Named(chrono_tz::Asia::Shanghai);

const ADVISORS: std::ops::Range<usize> = 0..4;
const TECHNICIANS: std::ops::Range<usize> = 4..10;
const SUPERVISOR: usize = 10;
const MANAGER: usize = 11;

const CUSTOMERS: usize = 90;
const EXTRA_VEHICLES: usize = 5;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗",
];
const MALE_GIVEN: &[&str] = &[
    "伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "辉", "鹏", "浩", "宇", "建华",
    "志强", "文博", "子豪", "俊杰", "国庆", "海峰", "晓东", "振宇", "家豪",
];
const FEMALE_GIVEN: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "艳", "婷", "雪", "琳", "颖", "欣怡", "雨涵", "梓涵", "思琪",
    "佳怡", "晓燕", "秀英", "丽华", "美玲", "慧敏", "春梅", "玉兰",
];
const ENGLISH_MALE: &[&str] = &["John", "David", "Michael", "James", "Peter", "Thomas"];
const ENGLISH_FEMALE: &[&str] = &["Sarah", "Emma", "Linda", "Anna", "Kate", "Laura"];
const ENGLISH_LAST: &[&str] = &[
    "Smith", "Brown", "Wilson", "Taylor", "Miller", "Martin", "Clark", "Walker", "Hughes", "Baker",
];
const CUSTOMER_NOTES: &[&str] = &[
    "VIP客户 / VIP customer",
    "只接受微信联系 / WeChat only",
    "工作日18点后联系 / Call after 18:00 on weekdays",
    "公司车辆，需开专票 / Company car, VAT invoice needed",
    "老客户，介绍过朋友 / Long-time customer, referred friends",
];

/// (make, model, new-energy plate, VIN prefix)
const MODELS: &[(&str, &str, bool, &str)] = &[
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
const REGIONS: &[&str] = &[
    "粤B", "粤B", "粤B", "粤B", "粤B", "粤B", "粤B", "粤A", "粤A", "粤S", "京A", "京N", "沪C",
    "沪A", "浙A", "苏E", "湘A",
];
const PLATE_LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
const VIN_CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPRSTUVWXYZ";
const COLORS: &[&str] = &[
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
const RATE: i64 = -1;

struct Job {
    customer_words: &'static str,
    diagnosis: &'static str,
    /// (kind, description, quantity ×100, unit price in cents or RATE, claim)
    lines: &'static [(LineKind, &'static str, i64, i64, bool)],
    minutes: i64,
}

use LineKind::{Labour as L, Part as P};

const JOBS: &[Job] = &[
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
const JOB_COMEBACK: usize = 13;

const DAMAGE_ZONES: &[&str] = &[
    "前保险杠 / front bumper",
    "后保险杠 / rear bumper",
    "左前门 / left front door",
    "右后门 / right rear door",
    "左前翼子板 / left front fender",
    "发动机盖 / bonnet",
    "右后视镜 / right mirror",
    "前挡风玻璃 / windscreen",
];
const DAMAGE_NOTES: &[&str] = &[
    "约5cm划痕 / ~5 cm scratch",
    "硬币大小凹陷 / coin-sized dent",
    "旧伤 / old damage",
];

const APPT_NOTES: &[&str] = &[
    "客户要求原厂配件 / Customer wants OEM parts",
    "需要代步车 / Needs a courtesy car",
    "下午三点前取车 / Pick-up before 15:00",
    "客户在休息室等待 / Customer will wait in the lounge",
];

// ---------------------------------------------------------------------------------------
// The plan.

struct CustomerSpec {
    new: NewCustomer,
    advisor: usize,
}

struct VehicleSpec {
    customer: usize,
    new: NewVehicle,
    nev: bool,
    premium: bool,
}

struct ApptPlan {
    vehicle: usize,
    day: NaiveDate,
    starts_at: DateTime<Utc>,
    service: ServiceType,
    job: usize,
    est_minutes: i64,
    advisor: Option<usize>,
    booked_by: usize,
    kind: AppointmentKind,
    channel: AppointmentChannel,
    parts: PartsStatus,
    parts_expected_on: Option<NaiveDate>,
    complaint_case: bool,
    symptoms: Option<&'static str>,
    note: Option<&'static str>,
    state: AppointmentState,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Who {
    Advisor,
    Technician,
    Supervisor,
}

struct RoPlan {
    vehicle: usize,
    appointment: Option<usize>,
    advisor: usize,
    technician: usize,
    comeback_of: Option<usize>,
    job: usize,
    odo_delta: i64,
    promised_at: DateTime<Utc>,
    waiting: WaitingMode,
    payment: PaymentMethod,
    contact: Option<String>,
    signed: bool,
    next_service: bool,
    walkaround: NewWalkaround,
    final_state: RepairOrderState,
    done_at: DateTime<Utc>,
}

struct CpPlan {
    new: NewComplaint,
}

struct RoStep {
    to: RepairOrderState,
    note: Option<&'static str>,
    assign: Option<(usize, String)>,
    spot: Option<String>,
}

enum Act {
    Capacity(DayCapacity),
    ApptCreate(usize),
    ApptState(usize, AppointmentState),
    ApptReminder(usize, ReminderOutcome, Option<&'static str>),
    ApptReschedule {
        from: usize,
        to: usize,
    },
    RoCreate(usize),
    RoStep(usize, RoStep),
    CpCreate(usize),
    CpStep {
        cp: usize,
        kind: ComplaintEventKind,
        stage: Option<ComplaintStage>,
        note: Option<&'static str>,
    },
}

struct Scheduled {
    at: DateTime<Utc>,
    seq: usize,
    actor: usize,
    act: Act,
}

struct Planner {
    rng: ChaCha8Rng,
    now: DateTime<Utc>,
    zone: Zone,
    today: NaiveDate,
    customers: Vec<CustomerSpec>,
    vehicles: Vec<VehicleSpec>,
    appts: Vec<ApptPlan>,
    ros: Vec<RoPlan>,
    cps: Vec<CpPlan>,
    acts: Vec<Scheduled>,
    /// Vehicles with an open order or an appointment today: no second open order.
    busy: HashSet<usize>,
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn minutes(m: i64) -> Duration {
    Duration::minutes(m)
}

impl Planner {
    fn at(&self, day: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
        let naive = day.and_hms_opt(h, m, 0).expect("valid wall-clock time");
        self.zone
            .from_local(naive)
            .or_else(|| self.zone.from_local(naive + Duration::hours(1)))
            .unwrap_or_else(|| naive.and_utc())
    }

    /// A random minute between `h_lo`:00 and `h_hi`:59 local on `day`.
    fn random_time(&mut self, day: NaiveDate, h_lo: i64, h_hi: i64) -> DateTime<Utc> {
        let (h, m) = (self.range(h_lo, h_hi) as u32, self.range(0, 59) as u32);
        self.at(day, h, m)
    }

    fn local_day(&self, t: DateTime<Utc>) -> NaiveDate {
        self.zone.to_local(t).date_naive()
    }

    fn local_hour(&self, t: DateTime<Utc>) -> u32 {
        self.zone.to_local(t).hour()
    }

    fn push(&mut self, at: DateTime<Utc>, actor: usize, act: Act) {
        debug_assert!(at <= self.now, "demo action dated after now");
        let seq = self.acts.len();
        self.acts.push(Scheduled {
            at,
            seq,
            actor,
            act,
        });
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        self.rng.random_range(lo..=hi)
    }

    fn advisor(&mut self) -> usize {
        self.rng.random_range(ADVISORS)
    }

    fn technician(&mut self) -> usize {
        self.rng.random_range(TECHNICIANS)
    }

    // --- customers and vehicles --------------------------------------------------------

    fn people(&mut self) {
        let mut names = HashSet::new();
        let mut phones = HashSet::new();
        for i in 0..CUSTOMERS {
            let english = i % 9 == 4;
            let male = self.chance(0.6);
            let (name, email) = loop {
                let (name, email) = if english {
                    let first = *pick(
                        &mut self.rng,
                        if male { ENGLISH_MALE } else { ENGLISH_FEMALE },
                    );
                    let last = *pick(&mut self.rng, ENGLISH_LAST);
                    (
                        format!("{first} {last}"),
                        Some(format!(
                            "{}.{}@example.com",
                            first.to_lowercase(),
                            last.to_lowercase()
                        )),
                    )
                } else {
                    let surname = match i {
                        7 | 61 => "欧阳",
                        33 => "司马",
                        _ => *pick(&mut self.rng, SURNAMES),
                    };
                    let given = *pick(&mut self.rng, if male { MALE_GIVEN } else { FEMALE_GIVEN });
                    let email = if self.chance(0.25) {
                        Some(format!("{}@qq.com", self.range(10_000_000, 2_999_999_999)))
                    } else {
                        None
                    };
                    (format!("{surname}{given}"), email)
                };
                if names.insert(name.clone()) {
                    break (name, email);
                }
            };
            let phone = loop {
                let p = format!("1{}{:09}", self.range(3, 9), self.range(0, 999_999_999));
                if phones.insert(p.clone()) {
                    break p;
                }
            };
            let note = if self.chance(0.12) {
                Some(pick(&mut self.rng, CUSTOMER_NOTES).to_string())
            } else {
                None
            };
            let advisor = i % ADVISORS.end;
            self.customers.push(CustomerSpec {
                new: NewCustomer {
                    name,
                    salutation: Some(if male { "mr" } else { "ms" }.to_string()),
                    phone: Some(phone),
                    email,
                    note,
                },
                advisor,
            });
        }
        let mut plates = HashSet::new();
        let mut owners: Vec<usize> = (0..CUSTOMERS).collect();
        for _ in 0..EXTRA_VEHICLES {
            owners.push(self.rng.random_range(0..CUSTOMERS));
        }
        let this_year = self.today.year();
        for customer in owners {
            let &(make, model, nev, vin_prefix) = pick(&mut self.rng, MODELS);
            let plate = loop {
                let region = *pick(&mut self.rng, REGIONS);
                let tail: String = if nev {
                    let kind = if self.chance(0.8) { 'D' } else { 'F' };
                    format!("{kind}{:05}", self.range(0, 99_999))
                } else {
                    (0..5)
                        .map(|k| {
                            if (k == 0 && self.chance(0.3)) || (k == 1 && self.chance(0.15)) {
                                *pick(&mut self.rng, PLATE_LETTERS) as char
                            } else {
                                char::from(b'0' + self.rng.random_range(0..10u8))
                            }
                        })
                        .collect()
                };
                let p = format!("{region}{tail}");
                if plates.insert(p.clone()) {
                    break p;
                }
            };
            let year = this_year - self.range(1, 11) as i32;
            // New-energy models are recent.
            let year = if nev { year.max(2019) } else { year };
            let age = i64::from(this_year - year);
            let km = (age * self.range(9_000, 18_000) + self.range(300, 5_000)).max(800);
            let vin = if self.chance(0.92) {
                let rest: String = (0..14)
                    .map(|_| *pick(&mut self.rng, VIN_CHARS) as char)
                    .collect();
                Some(format!("{vin_prefix}{rest}"))
            } else {
                None
            };
            let color = pick(&mut self.rng, COLORS).to_string();
            self.vehicles.push(VehicleSpec {
                customer,
                nev,
                premium: matches!(make, "宝马" | "奔驰" | "奥迪"),
                new: NewVehicle {
                    customer_id: 0,
                    plate,
                    plate_flagged: false,
                    vin,
                    make: Some(make.to_string()),
                    model: Some(model.to_string()),
                    year: Some(year),
                    color: Some(color),
                    last_odometer_km: Some(km),
                },
            });
        }
    }

    fn job_for(&mut self, service: ServiceType, vehicle: usize) -> usize {
        let nev = self.vehicles[vehicle].nev;
        match service {
            ServiceType::Maintenance if nev => 12,
            ServiceType::Maintenance => *pick(&mut self.rng, &[0, 0, 1]),
            ServiceType::Repair if nev => *pick(&mut self.rng, &[2, 3, 4, 9, 11]),
            ServiceType::Repair => *pick(&mut self.rng, &[2, 3, 4, 7, 8, 11]),
            ServiceType::Warranty => 5,
            ServiceType::Recall => 6,
            ServiceType::Inspection => 10,
            ServiceType::Comeback => JOB_COMEBACK,
            ServiceType::Other if nev => 4,
            ServiceType::Other => *pick(&mut self.rng, &[4, 7]),
        }
    }

    fn any_job(&mut self, vehicle: usize) -> usize {
        let service = *pick(
            &mut self.rng,
            &[
                ServiceType::Maintenance,
                ServiceType::Maintenance,
                ServiceType::Maintenance,
                ServiceType::Repair,
                ServiceType::Repair,
                ServiceType::Repair,
                ServiceType::Warranty,
                ServiceType::Inspection,
            ],
        );
        self.job_for(service, vehicle)
    }

    // --- appointments ------------------------------------------------------------------

    fn capacity(&mut self) -> NaiveDate {
        let first = self.today - Duration::days(3);
        let closed = (0..7)
            .map(|d| self.today + Duration::days(d))
            .find(|d| d.weekday() == Weekday::Sun)
            .expect("a week has a Sunday");
        let set_at = self.now - Duration::days(10);
        for d in 0..10 {
            let day = first + Duration::days(d);
            self.push(
                set_at,
                MANAGER,
                Act::Capacity(DayCapacity::manual_default(day)),
            );
        }
        let mut c = DayCapacity::manual_default(closed);
        c.closed = true;
        c.note = Some("店休：举升机年检 / Closed: annual lift inspection".into());
        self.push(self.now - Duration::days(2), MANAGER, Act::Capacity(c));
        closed
    }

    fn new_appt(
        &mut self,
        day: NaiveDate,
        slot: u32,
        vehicle: usize,
        service: ServiceType,
    ) -> ApptPlan {
        let (h, m) = (8 + (30 + slot * 30) / 60, (30 + slot * 30) % 60);
        let starts_at = self.at(day, h, m);
        let job = self.job_for(service, vehicle);
        let est_minutes = JOBS[job].minutes + 15 * self.range(0, 2);
        let advisor = if self.chance(0.7) {
            Some(self.customers[self.vehicles[vehicle].customer].advisor)
        } else {
            None
        };
        let booked_by = advisor.unwrap_or_else(|| self.advisor());
        let kind = if service == ServiceType::Maintenance && self.chance(0.5)
            || service == ServiceType::Recall
        {
            AppointmentKind::Active
        } else {
            AppointmentKind::Passive
        };
        let channel = *pick(
            &mut self.rng,
            &[
                AppointmentChannel::Phone,
                AppointmentChannel::Phone,
                AppointmentChannel::Phone,
                AppointmentChannel::Online,
                AppointmentChannel::Online,
                AppointmentChannel::Sms,
                AppointmentChannel::WalkUp,
            ],
        );
        let channel = if kind == AppointmentKind::Active && channel == AppointmentChannel::WalkUp {
            AppointmentChannel::Phone
        } else {
            channel
        };
        let (parts, parts_expected_on) = match service {
            ServiceType::Repair | ServiceType::Warranty | ServiceType::Recall => {
                if self.chance(0.3) {
                    (PartsStatus::Ordered, Some(day - Duration::days(1)))
                } else {
                    (PartsStatus::InStock, None)
                }
            }
            ServiceType::Maintenance => (PartsStatus::InStock, None),
            _ => (PartsStatus::NotNeeded, None),
        };
        let symptoms = match service {
            ServiceType::Maintenance => Some("保养到期 / Service due"),
            _ => Some(JOBS[job].customer_words),
        };
        let note = if self.chance(0.2) {
            Some(*pick(&mut self.rng, APPT_NOTES))
        } else {
            None
        };
        let state = if self.chance(0.3) {
            AppointmentState::Confirmed
        } else {
            AppointmentState::Booked
        };
        ApptPlan {
            vehicle,
            day,
            starts_at,
            service,
            job,
            est_minutes,
            advisor,
            booked_by,
            kind,
            channel,
            parts,
            parts_expected_on,
            complaint_case: service == ServiceType::Comeback,
            symptoms,
            note,
            state,
        }
    }

    fn random_service(&mut self) -> ServiceType {
        *pick(
            &mut self.rng,
            &[
                ServiceType::Maintenance,
                ServiceType::Maintenance,
                ServiceType::Maintenance,
                ServiceType::Maintenance,
                ServiceType::Repair,
                ServiceType::Repair,
                ServiceType::Repair,
                ServiceType::Warranty,
                ServiceType::Inspection,
                ServiceType::Recall,
                ServiceType::Other,
            ],
        )
    }

    /// When the booking was taken: 1–5 days before, never after `now`.
    fn booking_time(&mut self, day: NaiveDate) -> DateTime<Utc> {
        let lead = self.range(1, 5);
        let (h, m) = (self.range(9, 17) as u32, self.range(0, 59) as u32);
        let t = self.at(day - Duration::days(lead), h, m);
        let latest = self.now - minutes(self.range(5, 180));
        t.min(latest)
    }

    fn appointments(&mut self, closed: NaiveDate) {
        let mut service_cycle = 0usize;
        let mut recent = HashSet::new();
        let mut past_cycle = 0usize;
        let open_future: Vec<NaiveDate> = (1..7)
            .map(|d| self.today + Duration::days(d))
            .filter(|d| *d != closed)
            .collect();
        for offset in -3i64..7 {
            let day = self.today + Duration::days(offset);
            let n = if day == closed {
                3
            } else if offset < 0 {
                self.range(8, 12) as usize
            } else {
                self.range(8, 14) as usize
            };
            let mut slots: Vec<u32> = (0..18).collect();
            slots.shuffle(&mut self.rng);
            let mut slots = slots[..n].to_vec();
            slots.sort_unstable();
            let mut used = HashSet::new();
            for slot in slots {
                // One car per day; none on both yesterday and today (no two open orders).
                let vehicle = loop {
                    let v = self.rng.random_range(0..self.vehicles.len());
                    if (offset != -1 && offset != 0 || !recent.contains(&v)) && used.insert(v) {
                        if offset == -1 || offset == 0 {
                            recent.insert(v);
                        }
                        break v;
                    }
                };
                let service = if offset >= 1 && service_cycle < ServiceType::ALL.len() {
                    service_cycle += 1;
                    ServiceType::ALL[service_cycle - 1]
                } else {
                    self.random_service()
                };
                let plan = self.new_appt(day, slot, vehicle, service);
                let created = if day == closed {
                    self.now - Duration::days(self.range(3, 6)) - minutes(self.range(0, 300))
                } else {
                    self.booking_time(day)
                };
                let starts_at = plan.starts_at;
                let booked_by = plan.booked_by;
                let idx = self.appts.len();
                self.appts.push(plan);
                self.push(created, booked_by, Act::ApptCreate(idx));
                if offset == 0 {
                    self.busy.insert(vehicle);
                }

                // The reminder call the day before.
                let remind_at = self.random_time(day - Duration::days(1), 10, 16);
                let reminded = remind_at > created && remind_at <= self.now;

                if day == closed {
                    // Booked before the closure was decided, then moved.
                    let to_day = open_future[self.rng.random_range(0..open_future.len())];
                    let slot = self.range(0, 17) as u32;
                    let moved = self.new_appt(to_day, slot, vehicle, service);
                    let to = self.appts.len();
                    self.appts.push(moved);
                    let when = self.now - Duration::days(2) + minutes(self.range(10, 90));
                    self.push(when, booked_by, Act::ApptReschedule { from: idx, to });
                    continue;
                }

                let past = starts_at + minutes(30) <= self.now;
                if !past {
                    if reminded {
                        let outcome = if self.chance(0.9) {
                            ReminderOutcome::Confirmed
                        } else {
                            ReminderOutcome::Unreachable
                        };
                        self.push(remind_at, booked_by, Act::ApptReminder(idx, outcome, None));
                    }
                    if starts_at - minutes(15) <= self.now && self.chance(0.6) {
                        let arrived = (starts_at - minutes(self.range(0, 15))).min(self.now);
                        self.push(
                            arrived,
                            booked_by,
                            Act::ApptState(idx, AppointmentState::Arrived),
                        );
                    }
                    continue;
                }
                let outcome = if offset < 0 && past_cycle < 5 {
                    past_cycle += 1;
                    [
                        AppointmentState::CheckedIn,
                        AppointmentState::Arrived,
                        AppointmentState::NoShow,
                        AppointmentState::Cancelled,
                        AppointmentState::Rescheduled,
                    ][past_cycle - 1]
                } else if offset < 0 {
                    *pick(
                        &mut self.rng,
                        &[
                            AppointmentState::CheckedIn,
                            AppointmentState::CheckedIn,
                            AppointmentState::CheckedIn,
                            AppointmentState::CheckedIn,
                            AppointmentState::CheckedIn,
                            AppointmentState::CheckedIn,
                            AppointmentState::Arrived,
                            AppointmentState::NoShow,
                            AppointmentState::Cancelled,
                            AppointmentState::Rescheduled,
                        ],
                    )
                } else if self.chance(0.85) {
                    AppointmentState::CheckedIn
                } else {
                    AppointmentState::NoShow
                };
                let reminder_time = if reminded {
                    remind_at
                } else {
                    created + minutes(self.range(5, 60))
                };
                match outcome {
                    AppointmentState::CheckedIn | AppointmentState::Arrived => {
                        if reminded {
                            self.push(
                                remind_at,
                                booked_by,
                                Act::ApptReminder(idx, ReminderOutcome::Confirmed, None),
                            );
                        }
                        let arrived = starts_at - minutes(self.range(0, 15));
                        self.push(
                            arrived,
                            booked_by,
                            Act::ApptState(idx, AppointmentState::Arrived),
                        );
                        if outcome == AppointmentState::CheckedIn {
                            let checked = arrived + minutes(self.range(5, 15));
                            self.push(
                                checked,
                                booked_by,
                                Act::ApptState(idx, AppointmentState::CheckedIn),
                            );
                            let written = checked + minutes(self.range(2, 8));
                            self.appointment_order(idx, written);
                        }
                    }
                    AppointmentState::NoShow => {
                        if reminded {
                            self.push(
                                remind_at,
                                booked_by,
                                Act::ApptReminder(idx, ReminderOutcome::Unreachable, None),
                            );
                        }
                        self.push(
                            starts_at + minutes(30),
                            booked_by,
                            Act::ApptState(idx, AppointmentState::NoShow),
                        );
                    }
                    AppointmentState::Cancelled => {
                        self.push(
                            reminder_time,
                            booked_by,
                            Act::ApptReminder(
                                idx,
                                ReminderOutcome::Cancelled,
                                Some("客户临时出差 / Customer away on business"),
                            ),
                        );
                    }
                    _ => {
                        self.push(
                            reminder_time,
                            booked_by,
                            Act::ApptReminder(
                                idx,
                                ReminderOutcome::Rescheduled,
                                Some("客户改到下周 / Customer asked for next week"),
                            ),
                        );
                        let to_day = open_future[self.rng.random_range(0..open_future.len())];
                        let slot = self.range(0, 17) as u32;
                        let moved = self.new_appt(to_day, slot, vehicle, service);
                        let to = self.appts.len();
                        self.appts.push(moved);
                        self.push(
                            reminder_time + minutes(2),
                            booked_by,
                            Act::ApptReschedule { from: idx, to },
                        );
                    }
                }
            }
        }
    }

    // --- repair orders -----------------------------------------------------------------

    fn walkaround(&mut self) -> NewWalkaround {
        let mut damage = Vec::new();
        if self.chance(0.35) {
            for _ in 0..self.range(1, 2) {
                let zone = pick(&mut self.rng, DAMAGE_ZONES).to_string();
                let kind = *pick(
                    &mut self.rng,
                    &[
                        DamageKind::Scratch,
                        DamageKind::Scratch,
                        DamageKind::Dent,
                        DamageKind::Crack,
                    ],
                );
                let note = if self.chance(0.5) {
                    Some(pick(&mut self.rng, DAMAGE_NOTES).to_string())
                } else {
                    None
                };
                damage.push((zone, kind, note));
            }
        }
        NewWalkaround {
            fuel_level: *pick(&mut self.rng, FuelLevel::ALL),
            warning_lights: if self.chance(0.15) {
                "发动机故障灯 / engine warning light".into()
            } else {
                String::new()
            },
            tools_present: self.chance(0.9),
            lighter_present: self.chance(0.7),
            valuables_removed: self.chance(0.95),
            return_old_parts: self.chance(0.3),
            wash: self.chance(0.7),
            engine_bay_clean: self.chance(0.15),
            note: if self.chance(0.1) {
                Some("客户车内留有儿童座椅 / Child seat left in the car".into())
            } else {
                None
            },
            damage,
        }
    }

    /// The steps from `written` to `target`: (minutes after the previous step, step, who).
    fn chain(&mut self, target: RepairOrderState, job: usize) -> Vec<(i64, RoStep, Who)> {
        use RepairOrderState as S;
        let step = |to, note| RoStep {
            to,
            note,
            assign: None,
            spot: None,
        };
        if target == S::Written {
            return Vec::new();
        }
        if target == S::Cancelled {
            return vec![(
                self.range(10, 40),
                step(
                    S::Cancelled,
                    Some("客户不同意报价，取消维修 / Customer declined the estimate"),
                ),
                Who::Advisor,
            )];
        }
        let mut out = vec![
            (
                self.range(4, 14),
                step(S::Dispatched, None),
                Who::Supervisor,
            ),
            (self.range(5, 20), step(S::InRepair, None), Who::Technician),
        ];
        match target {
            S::Dispatched | S::InRepair => {}
            S::WaitingParts => out.push((
                self.range(20, 60),
                step(S::WaitingParts, Some("配件缺货，预计明天到 / Part out of stock, due tomorrow")),
                Who::Technician,
            )),
            S::WaitingApproval => out.push((
                self.range(20, 60),
                step(
                    S::WaitingApproval,
                    Some("发现刹车片磨损，等待客户同意追加 / Pads worn; waiting for the customer's OK to add the job"),
                ),
                Who::Advisor,
            )),
            _ => {
                if self.chance(0.25) {
                    out.push((
                        self.range(20, 60),
                        step(
                            S::WaitingApproval,
                            Some("追加项目：雨刮片老化 / Extra job: worn wiper blades"),
                        ),
                        Who::Advisor,
                    ));
                    out.push((
                        self.range(10, 40),
                        step(
                            S::InRepair,
                            Some("客户电话同意追加项目，已记录通话时间 / Customer approved by phone; call time noted"),
                        ),
                        Who::Advisor,
                    ));
                }
                out.push((
                    JOBS[job].minutes + self.range(0, 40),
                    step(S::QualityCheck, Some("自检、组长检完成 / Self and team-lead checks done")),
                    Who::Technician,
                ));
                out.push((
                    self.range(10, 25),
                    step(S::Wash, Some("终检合格 / Final inspection passed")),
                    Who::Supervisor,
                ));
                let spot = format!("B-{:02}", self.range(1, 12));
                out.push((
                    self.range(10, 20),
                    RoStep {
                        to: S::Ready,
                        note: None,
                        assign: None,
                        spot: Some(spot),
                    },
                    Who::Supervisor,
                ));
                out.push((
                    self.range(20, 150),
                    step(
                        S::Delivered,
                        Some("已结算，逐项解释费用 / Settled; each line explained"),
                    ),
                    Who::Advisor,
                ));
            }
        }
        if let Some(pos) = out.iter().position(|(_, s, _)| s.to == target) {
            out.truncate(pos + 1);
        }
        out
    }

    /// Plans one repair order written at `t0`; steps after `now` are left out, so the order
    /// ends in the last state reached by then. Returns its index.
    #[allow(clippy::too_many_arguments)]
    fn order(
        &mut self,
        vehicle: usize,
        advisor: usize,
        technician: usize,
        job: usize,
        t0: Option<DateTime<Utc>>,
        target: RepairOrderState,
        appointment: Option<usize>,
        comeback_of: Option<usize>,
    ) -> usize {
        let steps = self.chain(target, job);
        // Without a start time: long enough ago for the chain to reach `target` by now.
        let total: i64 = steps.iter().map(|s| s.0).sum();
        let t0 = match t0 {
            Some(t) => t,
            None => self.start_before_now(total),
        };
        let labour = JOBS[job].minutes;
        let mut promised = t0 + minutes(labour + self.range(60, 120));
        // Round up to the half hour; past 18:00 becomes tomorrow noon.
        let local = self.zone.to_local(promised);
        let extra = (30 - i64::from(local.minute()) % 30) % 30;
        promised += minutes(extra) - Duration::seconds(i64::from(local.second()));
        if self.local_hour(promised) >= 18 {
            promised = self.at(self.local_day(promised) + Duration::days(1), 12, 0);
        }
        let warranty = JOBS[job].lines.iter().all(|l| l.4);
        let payment = if warranty {
            PaymentMethod::Warranty
        } else {
            *pick(
                &mut self.rng,
                &[
                    PaymentMethod::WeChat,
                    PaymentMethod::WeChat,
                    PaymentMethod::WeChat,
                    PaymentMethod::Alipay,
                    PaymentMethod::Alipay,
                    PaymentMethod::Card,
                    PaymentMethod::Card,
                    PaymentMethod::Cash,
                    PaymentMethod::Transfer,
                ],
            )
        };
        let waiting = if labour <= 60 && self.chance(0.6) {
            WaitingMode::Lounge
        } else {
            WaitingMode::Leave
        };
        let phone = self.customers[self.vehicles[vehicle].customer]
            .new
            .phone
            .clone();
        let contact = if self.chance(0.3) {
            Some("微信 / WeChat".to_string())
        } else {
            phone
        };
        let idx = self.ros.len();
        let walkaround = self.walkaround();
        let signed = target != RepairOrderState::Written || self.chance(0.5);
        let plan = RoPlan {
            vehicle,
            appointment,
            advisor,
            technician,
            comeback_of,
            job,
            odo_delta: self.range(200, 2_500),
            promised_at: promised,
            waiting,
            payment,
            contact,
            signed,
            next_service: matches!(job, 0 | 1 | 12),
            walkaround,
            final_state: RepairOrderState::Written,
            done_at: t0,
        };
        self.ros.push(plan);
        self.push(t0, advisor, Act::RoCreate(idx));
        let mut t = t0;
        let mut state = RepairOrderState::Written;
        for (after, mut step, who) in steps {
            t += minutes(after);
            if t > self.now {
                break;
            }
            if step.to == RepairOrderState::Dispatched {
                let bay = format!("{}号工位", self.range(1, 8));
                step.assign = Some((technician, bay));
            }
            let actor = match who {
                Who::Advisor => advisor,
                Who::Technician => technician,
                Who::Supervisor => SUPERVISOR,
            };
            state = step.to;
            self.push(t, actor, Act::RoStep(idx, step));
            self.ros[idx].done_at = t;
        }
        self.ros[idx].final_state = state;
        if state.is_open() {
            self.busy.insert(vehicle);
        }
        idx
    }

    /// The order written when an appointment car is checked in.
    fn appointment_order(&mut self, appt: usize, t0: DateTime<Utc>) {
        let a = &self.appts[appt];
        let (vehicle, job, day) = (a.vehicle, a.job, a.day);
        let advisor = a.advisor.unwrap_or(a.booked_by);
        let technician = self.technician();
        let yesterday = self.today - Duration::days(1);
        let target = if day < yesterday {
            if self.chance(0.93) {
                RepairOrderState::Delivered
            } else {
                RepairOrderState::Cancelled
            }
        } else if day == yesterday && self.chance(0.5) {
            RepairOrderState::Delivered
        } else {
            *pick(
                &mut self.rng,
                &[
                    RepairOrderState::InRepair,
                    RepairOrderState::WaitingParts,
                    RepairOrderState::QualityCheck,
                    RepairOrderState::Wash,
                    RepairOrderState::Ready,
                    RepairOrderState::Delivered,
                ],
            )
        };
        self.order(
            vehicle,
            advisor,
            technician,
            job,
            Some(t0),
            target,
            Some(appt),
            None,
        );
    }

    fn free_vehicle(&mut self) -> usize {
        loop {
            let v = self.rng.random_range(0..self.vehicles.len());
            if !self.busy.contains(&v) {
                return v;
            }
        }
    }

    /// A time `total` minutes (plus some slack) before now, moved back into opening hours.
    /// Today when there is room between opening and now, else yesterday.
    fn start_before_now(&mut self, total: i64) -> DateTime<Utc> {
        let latest = self.now - minutes(total + 5);
        let opening = self.at(self.local_day(latest), 8, 0);
        let hour = self.local_hour(latest);
        if hour < 17 && latest >= opening {
            let room = (latest - opening).num_minutes().min(90);
            return latest - minutes(self.range(0, room));
        }
        let day = self.local_day(latest) - Duration::days(i64::from(latest < opening));
        let t0 = self.random_time(day, 9, 14);
        t0.min(latest)
    }

    fn repair_orders(&mut self) {
        // History: delivered orders of the past 60 days; the first two are the ones that
        // come back.
        let mut comeback_sources = Vec::new();
        for k in 0..12 {
            let days_ago = if k < 2 {
                self.range(6, 20)
            } else {
                self.range(4, 60)
            };
            let day = self.today - Duration::days(days_ago);
            let t0 = self.random_time(day, 8, 10);
            let vehicle = if k < 2 {
                self.free_vehicle()
            } else {
                self.rng.random_range(0..self.vehicles.len())
            };
            let job = self.any_job(vehicle);
            let job = if k < 2 {
                *pick(&mut self.rng, &[2, 4, 8, 11])
            } else {
                job
            };
            let advisor = self.advisor();
            let technician = self.technician();
            let idx = self.order(
                vehicle,
                advisor,
                technician,
                job,
                Some(t0),
                RepairOrderState::Delivered,
                None,
                None,
            );
            if k < 2 {
                self.busy.insert(vehicle);
                comeback_sources.push(idx);
            }
        }
        // A cancelled order from last month.
        let t0 = self.at(self.today - Duration::days(11), 10, 20);
        let v = self.rng.random_range(0..self.vehicles.len());
        let job = self.any_job(v);
        let advisor = self.advisor();
        self.order(
            v,
            advisor,
            4,
            job,
            Some(t0),
            RepairOrderState::Cancelled,
            None,
            None,
        );

        // Comebacks: back to the original technician, with priority.
        for (k, src) in comeback_sources.into_iter().enumerate() {
            let target = [RepairOrderState::InRepair, RepairOrderState::Dispatched][k];
            let (vehicle, technician) = (self.ros[src].vehicle, self.ros[src].technician);
            let advisor = self.ros[src].advisor;
            self.order(
                vehicle,
                advisor,
                technician,
                JOB_COMEBACK,
                None,
                target,
                None,
                Some(src),
            );
        }

        // Walk-ins until every state has at least two orders.
        for _ in 0..100 {
            let missing = RepairOrderState::ALL.iter().copied().find(|s| {
                let want = if *s == RepairOrderState::Written {
                    3
                } else {
                    2
                };
                self.ros.iter().filter(|r| r.final_state == *s).count() < want
            });
            let Some(target) = missing else { break };
            let vehicle = self.free_vehicle();
            let job = self.any_job(vehicle);
            let t0 = if target.is_open() {
                None
            } else {
                let day = self.today - Duration::days(1);
                Some(self.random_time(day, 9, 12))
            };
            let advisor = self.advisor();
            let technician = self.technician();
            self.order(vehicle, advisor, technician, job, t0, target, None, None);
        }
    }

    // --- complaints --------------------------------------------------------------------

    fn complaints(&mut self) {
        use ComplaintStage as St;
        #[derive(Clone, Copy, PartialEq)]
        enum Report {
            No,
            OnTime,
            Late,
        }
        // (target stage, age in hours lo..hi, escalated, reported, category)
        let specs: [(St, i64, i64, bool, Report, ComplaintCategory); 18] = [
            (
                St::Accepted,
                0,
                0,
                false,
                Report::No,
                ComplaintCategory::Waiting,
            ),
            (
                St::Accepted,
                2,
                5,
                false,
                Report::No,
                ComplaintCategory::Attitude,
            ),
            (
                St::Accepted,
                3,
                6,
                false,
                Report::OnTime,
                ComplaintCategory::Price,
            ),
            (
                St::Clarifying,
                24,
                48,
                false,
                Report::OnTime,
                ComplaintCategory::Price,
            ),
            (
                St::Clarifying,
                5,
                10,
                false,
                Report::OnTime,
                ComplaintCategory::Appointment,
            ),
            (
                St::SolutionProposed,
                24,
                72,
                false,
                Report::OnTime,
                ComplaintCategory::Quality,
            ),
            (
                St::SolutionProposed,
                48,
                96,
                true,
                Report::OnTime,
                ComplaintCategory::Parts,
            ),
            (
                St::InProgress,
                80,
                110,
                true,
                Report::OnTime,
                ComplaintCategory::Quality,
            ),
            (
                St::InProgress,
                24,
                48,
                true,
                Report::OnTime,
                ComplaintCategory::Parts,
            ),
            (
                St::InProgress,
                48,
                72,
                false,
                Report::Late,
                ComplaintCategory::Waiting,
            ),
            (
                St::Replied,
                72,
                144,
                true,
                Report::OnTime,
                ComplaintCategory::Price,
            ),
            (
                St::Replied,
                48,
                96,
                false,
                Report::OnTime,
                ComplaintCategory::Attitude,
            ),
            (
                St::FollowUp,
                120,
                240,
                false,
                Report::OnTime,
                ComplaintCategory::Quality,
            ),
            (
                St::FollowUp,
                144,
                288,
                true,
                Report::OnTime,
                ComplaintCategory::Other,
            ),
            (
                St::Closed,
                360,
                960,
                false,
                Report::OnTime,
                ComplaintCategory::Quality,
            ),
            (
                St::Closed,
                240,
                720,
                true,
                Report::Late,
                ComplaintCategory::Price,
            ),
            (
                St::Closed,
                480,
                1200,
                false,
                Report::OnTime,
                ComplaintCategory::Waiting,
            ),
            (
                St::Clarifying,
                24,
                72,
                false,
                Report::OnTime,
                ComplaintCategory::Quality,
            ),
        ];
        const PARENT: usize = 14;
        const CHILD: usize = 17;
        for (i, (target, lo, hi, escalate, report, category)) in specs.into_iter().enumerate() {
            let received_at = if hi == 0 {
                self.now - minutes(self.range(20, 40))
            } else {
                // Moved back into opening hours: still at least as old as planned.
                let t = self.now - minutes(self.range(lo * 60, hi * 60));
                let hour = self.local_hour(t);
                if (9..18).contains(&hour) {
                    t
                } else {
                    let day = self.local_day(t) - Duration::days(i64::from(hour < 9));
                    self.random_time(day, 9, 17).min(t)
                }
            };
            let received_by = self.advisor();
            let (description, desired) = match category {
                ComplaintCategory::Attitude => (
                    "接待顾问态度冷淡，等了二十分钟没人理 / Advisor was dismissive; 20 minutes unattended",
                    "道歉并改进接待 / An apology and better reception",
                ),
                ComplaintCategory::Quality => (
                    "修完后三天同样的异响又出现 / Same noise back three days after the repair",
                    "免费返修并书面说明原因 / Free rework and a written explanation",
                ),
                ComplaintCategory::Price => (
                    "结算比预估高出400元，事先没有电话确认 / Bill 400 yuan above the estimate without phone approval",
                    "退还多收费用 / Refund the overcharge",
                ),
                ComplaintCategory::Waiting => (
                    "承诺下午四点交车，六点还没修好 / Promised for 16:00, not ready at 18:00",
                    "说明延误原因并补偿 / Explain the delay and compensate",
                ),
                ComplaintCategory::Parts => (
                    "配件等了两周还没到货 / Parts still not in after two weeks",
                    "给出确定的到货时间 / A firm arrival date",
                ),
                ComplaintCategory::Appointment => (
                    "预约了九点，到店后说没有预约记录 / Booked for 9:00 but no booking on record",
                    "今后预约要可靠 / Reliable bookings from now on",
                ),
                ComplaintCategory::Other => (
                    "洗车后车内有水渍 / Water stains inside after the wash",
                    "重新清洁内饰 / Clean the interior again",
                ),
            };
            let nature = match category {
                ComplaintCategory::Attitude | ComplaintCategory::Waiting => *pick(
                    &mut self.rng,
                    &[ComplaintNature::Vent, ComplaintNature::Solve],
                ),
                ComplaintCategory::Appointment | ComplaintCategory::Other => {
                    ComplaintNature::Expectation
                }
                _ => ComplaintNature::Solve,
            };
            let channel = *pick(
                &mut self.rng,
                &[
                    ComplaintChannel::Counter,
                    ComplaintChannel::Counter,
                    ComplaintChannel::Phone,
                    ComplaintChannel::Phone,
                    ComplaintChannel::Letter,
                    ComplaintChannel::CommentBook,
                    ComplaintChannel::ManagerDay,
                    ComplaintChannel::Regulator,
                    ComplaintChannel::OtherDepartment,
                ],
            );
            let place = match channel {
                ComplaintChannel::Counter => "前台接待区 / Reception counter",
                ComplaintChannel::Phone => "服务热线 / Service hotline",
                ComplaintChannel::ManagerDay => "经理接待日 / Manager's reception day",
                _ => "书面 / In writing",
            };
            // Link to a delivered order of the customer when the complaint is about one.
            let (mut customer, mut vehicle, mut repair_order) = (None, None, None);
            if i == CHILD {
                let p = &self.cps[PARENT].new;
                (customer, vehicle) = (p.customer_id, p.vehicle_id);
            } else if matches!(
                category,
                ComplaintCategory::Quality | ComplaintCategory::Price | ComplaintCategory::Waiting
            ) {
                let candidates: Vec<usize> = (0..self.ros.len())
                    .filter(|&r| {
                        self.ros[r].final_state == RepairOrderState::Delivered
                            && self.ros[r].done_at < received_at - Duration::hours(1)
                    })
                    .collect();
                if !candidates.is_empty() {
                    let r = candidates[self.rng.random_range(0..candidates.len())];
                    let v = self.ros[r].vehicle;
                    repair_order = Some(r as i64);
                    vehicle = Some(v as i64);
                    customer = Some(self.vehicles[v].customer as i64);
                }
            }
            if customer.is_none() && self.chance(0.8) {
                let v = self.rng.random_range(0..self.vehicles.len());
                vehicle = Some(v as i64);
                customer = Some(self.vehicles[v].customer as i64);
            }
            let people = format!(
                "客户本人；接待：{} / Customer; received by {}",
                STAFF[received_by].1, STAFF[received_by].1
            );
            let idx = self.cps.len();
            self.cps.push(CpPlan {
                // Indices into the plan for now; replaced by ids when executed.
                new: NewComplaint {
                    received_at,
                    channel,
                    place: Some(place.to_string()),
                    people: Some(people),
                    description: description.to_string(),
                    desired_result: Some(desired.to_string()),
                    customer_id: customer,
                    vehicle_id: vehicle,
                    repair_order_id: repair_order,
                    parent_id: (i == CHILD).then_some(PARENT as i64),
                    nature,
                    category,
                },
            });
            let recorded = (received_at + minutes(self.range(1, 8))).min(self.now);
            self.push(recorded, received_by, Act::CpCreate(idx));

            // The steps, then squeezed into the time between recording and now.
            let dept = match category {
                ComplaintCategory::Quality => "车间 / Workshop",
                ComplaintCategory::Parts => "配件部 / Parts department",
                ComplaintCategory::Price => "财务部 / Finance",
                _ => "客服中心 / Customer service center",
            };
            type Step = (
                i64,
                usize,
                ComplaintEventKind,
                Option<St>,
                Option<&'static str>,
            );
            let mut steps: Vec<Step> = Vec::new();
            match report {
                Report::No => {}
                Report::OnTime => steps.push((
                    self.range(10, 45),
                    received_by,
                    ComplaintEventKind::Reported,
                    None,
                    Some("已上报客户经理 / Reported to the customer manager"),
                )),
                Report::Late => steps.push((
                    self.range(70, 110),
                    received_by,
                    ComplaintEventKind::Reported,
                    None,
                    Some("已上报客户经理 / Reported to the customer manager"),
                )),
            }
            let order = [
                St::Clarifying,
                St::SolutionProposed,
                St::InProgress,
                St::Replied,
                St::FollowUp,
                St::Closed,
            ];
            let reach = order.iter().position(|s| *s == target).map_or(0, |p| p + 1);
            for stage in &order[..reach] {
                match stage {
                    St::Clarifying => steps.push((
                        self.range(30, 180),
                        MANAGER,
                        ComplaintEventKind::Stage,
                        Some(St::Clarifying),
                        Some("已向客户解释维修项目和收费依据 / Explained the jobs and the charges"),
                    )),
                    St::SolutionProposed => {
                        if escalate {
                            steps.push((
                                self.range(30, 240),
                                MANAGER,
                                ComplaintEventKind::SupervisionOrder,
                                None,
                                Some(dept),
                            ));
                        }
                        steps.push((
                            self.range(120, 1200),
                            MANAGER,
                            ComplaintEventKind::Stage,
                            Some(St::SolutionProposed),
                            Some("方案：免费复查并赠送一次保养，客户接受 / Proposal: free recheck plus a free service; accepted"),
                        ));
                    }
                    St::InProgress => steps.push((
                        self.range(60, 600),
                        MANAGER,
                        ComplaintEventKind::Stage,
                        Some(St::InProgress),
                        Some("按方案处理中 / Carrying out the solution"),
                    )),
                    St::Replied => steps.push((
                        self.range(60, 1200),
                        if escalate { MANAGER } else { received_by },
                        ComplaintEventKind::Reply,
                        Some(St::Replied),
                        Some("已电话答复处理结果 / Result given to the customer by phone"),
                    )),
                    St::FollowUp => steps.push((
                        self.range(1440, 4320),
                        received_by,
                        ComplaintEventKind::FollowUp,
                        Some(St::FollowUp),
                        Some(
                            "回访：客户基本满意，待确认 / Follow-up: mostly satisfied, to confirm",
                        ),
                    )),
                    St::Closed => steps.push((
                        self.range(60, 1440),
                        MANAGER,
                        ComplaintEventKind::Stage,
                        Some(St::Closed),
                        Some("回访满意，结案 / Satisfied on follow-up; closed"),
                    )),
                    St::Accepted => {}
                }
            }
            // Escalated without a stage past accepted (none in the table) would still get
            // its order; keep the overdue-72 h case: escalated, in progress, no reply.
            let total: i64 = steps.iter().map(|s| s.0).sum();
            let room = (self.now - recorded).num_minutes() - 5;
            let mut t = recorded;
            for (after, actor, kind, stage, note) in steps {
                let after = if total > room && total > 0 {
                    (after * room / total).max(1)
                } else {
                    after
                };
                t += minutes(after);
                let t = t.min(self.now);
                self.push(
                    t,
                    actor,
                    Act::CpStep {
                        cp: idx,
                        kind,
                        stage,
                        note,
                    },
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Replaying the plan.

struct Ids {
    staff: Vec<i64>,
    customers: Vec<i64>,
    vehicles: Vec<i64>,
    odometer: Vec<i64>,
    /// (id, version)
    appts: Vec<Option<(i64, i64)>>,
    ros: Vec<Option<(i64, i64)>>,
    cps: Vec<Option<(i64, i64)>>,
}

fn missing(what: &str) -> StoreError {
    StoreError::Invalid(format!(
        "demo plan out of order: {what} used before it was written"
    ))
}

fn appointment_of(p: &Planner, ids: &Ids, i: usize) -> NewAppointment {
    let a = &p.appts[i];
    let v = a.vehicle;
    NewAppointment {
        customer_id: ids.customers[p.vehicles[v].customer],
        vehicle_id: ids.vehicles[v],
        day: a.day,
        starts_at: a.starts_at,
        service: a.service,
        est_minutes: a.est_minutes,
        advisor_id: a.advisor.map(|s| ids.staff[s]),
        kind: a.kind,
        channel: a.channel,
        parts: a.parts,
        parts_expected_on: a.parts_expected_on,
        complaint_case: a.complaint_case,
        symptoms: a.symptoms.map(str::to_string),
        note: a.note.map(str::to_string),
    }
}

fn run(store: &mut Store, p: &Planner, ids: &mut Ids, s: &Scheduled) -> Result<(), StoreError> {
    let actor = Some(ids.staff[s.actor]);
    match &s.act {
        Act::Capacity(c) => store.write(actor, s.at, |tx| appointments::upsert_day_capacity(tx, c)),
        Act::ApptCreate(i) => {
            let new = appointment_of(p, ids, *i);
            let id = store.write(actor, s.at, |tx| {
                appointments::insert(tx, &new, p.appts[*i].state)
            })?;
            ids.appts[*i] = Some((id, 1));
            Ok(())
        }
        Act::ApptState(i, state) => {
            let (id, v) = ids.appts[*i].ok_or_else(|| missing("appointment"))?;
            store.write(actor, s.at, |tx| appointments::set_state(tx, id, v, *state))?;
            ids.appts[*i] = Some((id, v + 1));
            Ok(())
        }
        Act::ApptReminder(i, outcome, note) => {
            let (id, v) = ids.appts[*i].ok_or_else(|| missing("appointment"))?;
            store.write(actor, s.at, |tx| {
                appointments::record_reminder(tx, id, v, *outcome, *note)
            })?;
            ids.appts[*i] = Some((id, v + 1));
            Ok(())
        }
        Act::ApptReschedule { from, to } => {
            let (id, v) = ids.appts[*from].ok_or_else(|| missing("appointment"))?;
            let new = appointment_of(p, ids, *to);
            let new_id =
                store.write(actor, s.at, |tx| appointments::reschedule(tx, id, v, &new))?;
            ids.appts[*from] = Some((id, v + 1));
            ids.appts[*to] = Some((new_id, 1));
            Ok(())
        }
        Act::RoCreate(i) => {
            let r = &p.ros[*i];
            let v = r.vehicle;
            let job = &JOBS[r.job];
            let rate = if p.vehicles[v].premium {
                38_000
            } else {
                30_000
            };
            let lines: Vec<NewLine> = job
                .lines
                .iter()
                .map(
                    |&(kind, description, quantity_centi, price, claim)| NewLine {
                        kind,
                        description: description.to_string(),
                        quantity_centi,
                        unit_price_cents: if price == RATE { rate } else { price },
                        claim,
                        service: None,
                    },
                )
                .collect();
            let total: i64 = lines
                .iter()
                .filter(|l| !l.claim)
                .map(|l| repair_orders::line_amount_cents(l.quantity_centi, l.unit_price_cents))
                .sum();
            // Estimates are quoted in whole yuan, rounded up to ten.
            let estimate = (total + 999) / 1000 * 1000;
            let odometer = ids.odometer[v] + r.odo_delta;
            let day = p.local_day(s.at);
            let appointment_id = match r.appointment {
                Some(a) => Some(ids.appts[a].ok_or_else(|| missing("appointment"))?.0),
                None => None,
            };
            let comeback_of = match r.comeback_of {
                Some(c) => Some(ids.ros[c].ok_or_else(|| missing("repair order"))?.0),
                None => None,
            };
            let new = NewRepairOrder {
                customer_id: ids.customers[p.vehicles[v].customer],
                vehicle_id: ids.vehicles[v],
                appointment_id,
                advisor_id: ids.staff[r.advisor],
                comeback_of,
                // The demo's comebacks are the shop's own fault: not charged.
                comeback_charged: comeback_of.map(|_| false),
                customer_description: job.customer_words.to_string(),
                diagnosis: job.diagnosis.to_string(),
                odometer_km: odometer,
                odometer_correction: None,
                promised_at: r.promised_at,
                estimate_cents: estimate,
                contact_during: r.contact.clone(),
                waiting_mode: r.waiting,
                payment_method: r.payment,
                next_service_km: r.next_service.then_some(odometer + 5_000),
                next_service_on: r
                    .next_service
                    .then(|| day.checked_add_months(chrono::Months::new(6)))
                    .flatten(),
                signed_at: r.signed.then_some(s.at),
                lines,
                walkaround: r.walkaround.clone(),
            };
            let (id, _) = store.write(actor, s.at, |tx| repair_orders::insert(tx, &new, day))?;
            ids.odometer[v] = odometer;
            ids.ros[*i] = Some((id, 1));
            Ok(())
        }
        Act::RoStep(i, step) => {
            let (id, v) = ids.ros[*i].ok_or_else(|| missing("repair order"))?;
            let staff = &ids.staff;
            let v = store.write(actor, s.at, |tx| {
                let mut v = v;
                if let Some((tech, bay)) = &step.assign {
                    repair_orders::assign(tx, id, v, Some(staff[*tech]), Some(bay))?;
                    v += 1;
                }
                if let Some(spot) = &step.spot {
                    repair_orders::set_delivery_spot(tx, id, v, Some(spot))?;
                    v += 1;
                }
                repair_orders::set_state(tx, id, v, step.to, step.note)?;
                Ok(v + 1)
            })?;
            ids.ros[*i] = Some((id, v));
            Ok(())
        }
        Act::CpCreate(i) => {
            let c = &p.cps[*i];
            let mut new = c.new.clone();
            // The plan holds plan indices; turn them into ids.
            new.customer_id = new.customer_id.map(|k| ids.customers[k as usize]);
            new.vehicle_id = new.vehicle_id.map(|k| ids.vehicles[k as usize]);
            new.repair_order_id = match new.repair_order_id {
                Some(k) => Some(
                    ids.ros[k as usize]
                        .ok_or_else(|| missing("repair order"))?
                        .0,
                ),
                None => None,
            };
            new.parent_id = match new.parent_id {
                Some(k) => Some(ids.cps[k as usize].ok_or_else(|| missing("complaint"))?.0),
                None => None,
            };
            let day = p.local_day(new.received_at);
            let (id, _) = store.write(actor, s.at, |tx| complaints::insert(tx, &new, day))?;
            ids.cps[*i] = Some((id, 1));
            Ok(())
        }
        Act::CpStep {
            cp,
            kind,
            stage,
            note,
        } => {
            let (id, v) = ids.cps[*cp].ok_or_else(|| missing("complaint"))?;
            store.write(actor, s.at, |tx| {
                complaints::advance(tx, id, v, *kind, *stage, *note)
            })?;
            ids.cps[*cp] = Some((id, v + 1));
            Ok(())
        }
    }
}

/// Fills an empty database with the demo shop. Refuses a database that already holds
/// staff or customers. Deterministic for `(seed, now, zone)`; `zone` (a named zone, e.g.
/// [`ZONE`]) is stored as the shop's time zone, and the week is built in it.
pub fn fill(
    store: &mut Store,
    seed: u64,
    now: DateTime<Utc>,
    zone: Zone,
) -> Result<DemoSummary, StoreError> {
    if store.read(crate::store::meta::holds_data)? {
        return Err(StoreError::Invalid(
            "the database already holds data; the demo fills only an empty database \
             (`frontdesk demo --force` replaces an earlier demo)"
                .into(),
        ));
    }
    let Zone::Named(time_zone) = zone else {
        return Err(StoreError::Invalid(
            "the demo shop needs a named time zone such as Asia/Shanghai".into(),
        ));
    };
    // Whole seconds, like every stored time.
    let now = DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now);

    let mut p = Planner {
        rng: ChaCha8Rng::seed_from_u64(seed),
        now,
        zone,
        today: zone.to_local(now).date_naive(),
        customers: Vec::new(),
        vehicles: Vec::new(),
        appts: Vec::new(),
        ros: Vec::new(),
        cps: Vec::new(),
        acts: Vec::new(),
        busy: HashSet::new(),
    };
    p.people();
    let closed = p.capacity();
    p.appointments(closed);
    p.repair_orders();
    p.complaints();
    p.acts.sort_by_key(|a| (a.at, a.seq));

    // Staff: the manager first (the only member an empty database accepts without a
    // signed-in actor), then the rest on the manager's behalf.
    let opened = now - Duration::days(500);
    let mut staff_ids = vec![0i64; STAFF.len()];
    let new_staff = |i: usize| NewStaff {
        code: STAFF[i].0.to_string(),
        name: STAFF[i].1.to_string(),
        role: STAFF[i].2,
    };
    // The demo is marked in the same transaction as its first row, so `demo --force`
    // can tell it from a shop's own data.
    staff_ids[MANAGER] = store.write(None, opened, |tx| {
        crate::store::meta::mark_demo(tx, seed)?;
        staff::create(tx, &new_staff(MANAGER))
    })?;
    store.write(Some(staff_ids[MANAGER]), opened, |tx| {
        for (i, slot) in staff_ids.iter_mut().enumerate() {
            if i != MANAGER {
                *slot = staff::create(tx, &new_staff(i))?;
            }
        }
        Ok(())
    })?;
    // The shop's settings, set by the manager: its details (printed on its repair
    // orders), zone, labour rate, comeback window, hours, default capacity, a holiday.
    let week = crate::domain::appointment::ShopWeek::manual_default();
    let saved = settings::save(
        store,
        Some(staff_ids[MANAGER]),
        opened,
        &ShopSettings {
            shop: Shop {
                name: SHOP.0.to_string(),
                address: SHOP.1.to_string(),
                phone: SHOP.2.to_string(),
            },
            time_zone,
            labour_rate_cents: 30_000,
            comeback_days: crate::domain::repair_order::DEFAULT_COMEBACK_DAYS,
            week,
            ..ShopSettings::default()
        },
    )?;
    debug_assert!(saved.zone_stored());
    settings::add_holiday(
        store,
        Some(staff_ids[MANAGER]),
        opened,
        p.today + Duration::days(40),
        Some("店庆 / Shop anniversary"),
    )?;

    // Customers and their cars, registered by their usual advisor.
    let mut ids = Ids {
        staff: staff_ids,
        customers: vec![0; p.customers.len()],
        vehicles: vec![0; p.vehicles.len()],
        odometer: p
            .vehicles
            .iter()
            .map(|v| v.new.last_odometer_km.unwrap_or(0))
            .collect(),
        appts: vec![None; p.appts.len()],
        ros: vec![None; p.ros.len()],
        cps: vec![None; p.cps.len()],
    };
    for advisor in ADVISORS {
        let at = now - Duration::days(400 - 30 * advisor as i64);
        let (customer_ids, vehicle_ids) = (&mut ids.customers, &mut ids.vehicles);
        store.write(Some(ids.staff[advisor]), at, |tx| {
            for (ci, c) in p.customers.iter().enumerate() {
                if c.advisor != advisor {
                    continue;
                }
                customer_ids[ci] = customers::create_customer(tx, &c.new)?;
                for (vi, v) in p.vehicles.iter().enumerate() {
                    if v.customer == ci {
                        let mut new = v.new.clone();
                        new.customer_id = customer_ids[ci];
                        vehicle_ids[vi] = customers::create_vehicle(tx, &new)?;
                    }
                }
            }
            Ok(())
        })?;
    }

    for s in &p.acts {
        run(store, &p, &mut ids, s)?;
    }

    Ok(DemoSummary {
        staff: STAFF.len(),
        customers: p.customers.len(),
        vehicles: p.vehicles.len(),
        appointments: p.appts.len(),
        repair_orders: p.ros.len(),
        complaints: p.cps.len(),
    })
}
