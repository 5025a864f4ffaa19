//! The printed repair order in a real browser: headless Chromium prints the HTML copy to
//! PDF, poppler's `pdfinfo` and `pdftotext` read it back.
//!
//! * An order of 8 job lines is exactly one A4 page, with the total and the signature box
//!   on it.
//! * An order of 30 job lines runs over several pages; the heading with the order number
//!   is on every page, and the signature box follows the total on the same page.
//! * The settlement statement of a delivered order (15 invoice lines with claims, a
//!   discount, declined work left out) is exactly one A4 page with the total and both
//!   signature boxes on it.
//!
//! Needs `chromium`, `pdfinfo` and `pdftotext` (Debian: `apt-get install chromium
//! fonts-noto-cjk poppler-utils`; `.ci/run` installs them). Without them the test says so
//! and passes, except in CI (`CI=true`), where it fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use frontdesk::clock::Zone;
use frontdesk::demo;
use frontdesk::domain::kinds::{DamageKind, FuelLevel, LineKind, PaymentMethod, WaitingMode};
use frontdesk::domain::money::Cents;
use frontdesk::i18n::{I18n, Lang};
use frontdesk::print::{ComplaintDoc, write_complaint, write_repair_order, write_settlement};
use frontdesk::store::repair_orders::{self, NewLine, NewRepairOrder, NewWalkaround};
use frontdesk::store::{Access, Store, customers, shop, staff};

mod settle_support;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T09:00:00+08:00")
        .unwrap()
        .with_timezone(&Utc)
}

fn zone() -> Zone {
    Zone::parse("Asia/Shanghai").unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The programs the test drives.
struct Tools {
    chromium: PathBuf,
    pdfinfo: PathBuf,
    pdftotext: PathBuf,
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// The tools, or `None` (with the reason on stderr) when some are missing outside CI.
/// In CI a missing tool fails the test: it must never pass there without running.
fn tools() -> Option<Tools> {
    let chromium = on_path("chromium").or_else(|| on_path("chromium-browser"));
    let pdfinfo = on_path("pdfinfo");
    let pdftotext = on_path("pdftotext");
    // Without a Chinese font the zh-CN copy prints as boxes; fontconfig can tell (when
    // its `fc-list` is there at all).
    let cjk_font = on_path("fc-list").is_none_or(|fc_list| {
        Command::new(fc_list)
            .args([":lang=zh-cn", "family"])
            .output()
            .is_ok_and(|o| o.status.success() && !o.stdout.trim_ascii().is_empty())
    });
    let missing: Vec<&str> = [
        ("chromium", chromium.is_none()),
        ("pdfinfo", pdfinfo.is_none()),
        ("pdftotext", pdftotext.is_none()),
        ("a Chinese font (fonts-noto-cjk)", !cjk_font),
    ]
    .into_iter()
    .filter_map(|(n, gone)| gone.then_some(n))
    .collect();
    if missing.is_empty() {
        return Some(Tools {
            chromium: chromium?,
            pdfinfo: pdfinfo?,
            pdftotext: pdftotext?,
        });
    }
    let why = format!(
        "print_pdf needs {} on PATH (Debian: apt-get install -y chromium fonts-noto-cjk \
         poppler-utils)",
        missing.join(", ")
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI=true and {why}; .ci/run installs them");
    }
    eprintln!("SKIPPED: {why}; the printed layout was not checked in a browser");
    None
}

/// Runs `cmd` to completion within `limit`; kills it past that. Returns stdout.
fn run(mut cmd: Command, limit: StdDuration) -> String {
    let what = format!("{cmd:?}");
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    // Read the pipes on their own threads so a chatty child cannot block on them.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut s).map(|_| s)
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut s).map(|_| s)
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not finish within {limit:?}");
        }
        std::thread::sleep(StdDuration::from_millis(50));
    };
    let out = out.join().unwrap().unwrap();
    let err = err.join().unwrap().unwrap();
    assert!(
        status.success(),
        "{what} failed ({status}): {}",
        String::from_utf8_lossy(&err)
    );
    String::from_utf8(out).expect("UTF-8 output")
}

impl Tools {
    /// Prints `html` to `pdf` the way a counter would, in a fresh browser profile.
    fn print_to_pdf(&self, html: &Path, pdf: &Path) {
        let profile = tempfile::tempdir().unwrap();
        let mut cmd = Command::new(&self.chromium);
        cmd.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()));
        run(cmd, StdDuration::from_secs(120));
        let size = std::fs::metadata(pdf).map(|m| m.len()).unwrap_or(0);
        assert!(size > 0, "chromium wrote no PDF at {}", pdf.display());
    }

    /// `pdfinfo`'s page count, after checking the pages are A4.
    fn pages(&self, pdf: &Path) -> u32 {
        let mut cmd = Command::new(&self.pdfinfo);
        cmd.arg(pdf);
        let info = run(cmd, StdDuration::from_secs(30));
        let field = |name: &str| {
            info.lines()
                .find_map(|l| l.strip_prefix(name))
                .map(str::trim)
                .unwrap_or_else(|| panic!("no {name} in pdfinfo's output:\n{info}"))
                .to_string()
        };
        let size = field("Page size:");
        assert!(size.ends_with("(A4)"), "page size {size}");
        field("Pages:").parse().expect("page count")
    }

    /// The text of page `page` (1-based), line by line as it is laid out (`-layout`),
    /// so what comes later in the text is lower on the page.
    fn page_text(&self, pdf: &Path, page: u32) -> String {
        let mut cmd = Command::new(&self.pdftotext);
        cmd.args(["-layout", "-f", &page.to_string(), "-l", &page.to_string()])
            .arg(pdf)
            .arg("-");
        run(cmd, StdDuration::from_secs(30))
    }
}

/// The demo shop with two new orders written through the check-in transaction: one of
/// `8` job lines and one of `30`. Returns the store and the two numbers.
fn shop_with_orders(dir: &Path) -> (Store, String, String) {
    let mut store = Store::open(&dir.join("demo.db"), Access::ReadWrite).unwrap();
    demo::fill(&mut store, 1, now(), zone()).unwrap();
    let shop = store.read(shop::shop).unwrap();
    assert!(!shop.name.is_empty(), "the demo names its shop");
    let advisor = staff::by_code(store.conn(), "A01").unwrap().unwrap();
    // Two cars of the demo shop with no order today.
    let vehicles: Vec<_> = store
        .read(|conn| {
            let busy: Vec<i64> = repair_orders::list(conn, false)?
                .iter()
                .map(|r| r.vehicle_id)
                .collect();
            let mut out = Vec::new();
            for c in customers::all_customers(conn)? {
                for v in customers::vehicles_of(conn, c.id)? {
                    if !busy.contains(&v.id) && out.len() < 2 {
                        out.push(v);
                    }
                }
            }
            Ok(out)
        })
        .unwrap();
    assert_eq!(vehicles.len(), 2, "two idle demo cars");
    let mut numbers = Vec::new();
    for (v, lines) in vehicles.iter().zip([8, 30]) {
        let order = order(v.customer_id, v.id, advisor.id, v.last_odometer_km, lines);
        let number = repair_orders::confirm_check_in(
            &mut store,
            Some(advisor.id),
            now(),
            &order,
            today(),
            None,
            None,
            &[],
        )
        .unwrap();
        numbers.push(number);
    }
    let long = numbers.pop().unwrap();
    let short = numbers.pop().unwrap();
    (store, short, long)
}

/// (kind, description, quantity × 100, unit price in cents, claim): the jobs of a big
/// service with accident repair, labour and parts in turn.
const JOBS: &[(LineKind, &str, i64, i64, bool)] = &[
    (
        LineKind::Labour,
        "常规保养：更换机油、机油滤清器",
        100,
        30_000,
        false,
    ),
    (
        LineKind::Part,
        "全合成机油 5W-30（1 升）",
        450,
        9_800,
        false,
    ),
    (LineKind::Part, "机油滤清器（原厂）", 100, 6_800, false),
    (
        LineKind::Labour,
        "更换前刹车片，检查刹车盘",
        120,
        30_000,
        false,
    ),
    (LineKind::Part, "前刹车片（原厂，一套）", 100, 56_000, false),
    (
        LineKind::Labour,
        "空调系统检查与蒸发箱清洗",
        80,
        30_000,
        false,
    ),
    (LineKind::Part, "空调滤芯（活性炭）", 100, 12_800, false),
    (
        LineKind::Labour,
        "索赔：更换左前车窗升降器",
        150,
        30_000,
        true,
    ),
    (LineKind::Part, "左前车窗升降器总成", 100, 86_000, true),
    (
        LineKind::Labour,
        "前保险杠拆装与钣金修复",
        250,
        30_000,
        false,
    ),
    (LineKind::Part, "前保险杠下格栅", 100, 42_000, false),
    (LineKind::Labour, "前保险杠喷漆（单面）", 200, 30_000, false),
    (LineKind::Part, "面漆及清漆材料", 100, 38_000, false),
    (LineKind::Labour, "右前大灯拆装与调校", 60, 30_000, false),
    (LineKind::Part, "右前大灯总成（LED）", 100, 318_000, false),
    (LineKind::Labour, "四轮定位", 100, 38_000, false),
    (
        LineKind::Labour,
        "轮胎拆装及动平衡（四条）",
        100,
        38_000,
        false,
    ),
    (LineKind::Part, "轮胎 225/45R17", 400, 85_000, false),
    (LineKind::Part, "轮胎气门嘴", 400, 1_500, false),
    (LineKind::Labour, "更换雨刮片", 20, 30_000, false),
    (LineKind::Part, "雨刮片（一对）", 100, 16_800, false),
    (LineKind::Labour, "更换火花塞（四缸）", 80, 30_000, false),
    (LineKind::Part, "铱金火花塞", 400, 9_500, false),
    (LineKind::Labour, "更换空气滤清器", 20, 30_000, false),
    (LineKind::Part, "空气滤清器", 100, 9_800, false),
    (LineKind::Labour, "更换刹车油并排空", 60, 30_000, false),
    (LineKind::Part, "刹车油 DOT4（1 升）", 100, 8_800, false),
    (LineKind::Labour, "蓄电池检测与更换", 30, 30_000, false),
    (LineKind::Part, "蓄电池 12V 70Ah", 100, 78_000, false),
    (LineKind::Labour, "路试与终检", 50, 30_000, false),
];

fn order(
    customer_id: i64,
    vehicle_id: i64,
    advisor_id: i64,
    last_km: Option<i64>,
    lines: usize,
) -> NewRepairOrder {
    let km = last_km.unwrap_or(0) + 5_230;
    let lines: Vec<NewLine> = JOBS
        .iter()
        .take(lines)
        .map(
            |&(kind, description, quantity_centi, unit_price_cents, claim)| NewLine {
                kind,
                description: description.into(),
                quantity_centi,
                unit_price_cents,
                claim,
                service: None,
                catalog_price_cents: None,
                catalog_code: None,
            },
        )
        .collect();
    assert!(!lines.is_empty());
    // The estimate told to the customer: the lines' amount rounded up to 100 yuan (so
    // it is not the same figure as the total to pay).
    let to_pay: i64 = lines
        .iter()
        .filter(|l| !l.claim)
        .map(|l| repair_orders::line_amount_cents(l.quantity_centi, l.unit_price_cents))
        .sum();
    let estimate = (to_pay / 10_000 + 1) * 10_000;
    NewRepairOrder {
        customer_id,
        vehicle_id,
        appointment_id: None,
        advisor_id,
        comeback_of: None,
        comeback_charged: None,
        customer_description: "刹车时有异响，空调有异味；左前车窗升降时卡顿，前保险杠上周被剐蹭。"
            .into(),
        diagnosis: "前刹车片磨损到限，空调蒸发箱脏污；左前车窗升降器故障（在保修期内）；\
                    前保险杠下部破损、漆面划伤。"
            .into(),
        odometer_km: km,
        odometer_correction: None,
        promised_at: now() + Duration::hours(8),
        estimate_cents: estimate,
        contact_during: Some("13800138000".into()),
        waiting_mode: WaitingMode::Leave,
        payment_method: PaymentMethod::WeChat,
        next_service_km: Some(km + 10_000),
        next_service_on: Some(NaiveDate::from_ymd_opt(2027, 5, 23).unwrap()),
        signed_at: Some(now()),
        lines,
        walkaround: NewWalkaround {
            fuel_level: FuelLevel::Half,
            warning_lights: "保养提示灯亮".into(),
            tools_present: true,
            lighter_present: true,
            valuables_removed: true,
            return_old_parts: true,
            wash: true,
            engine_bay_clean: false,
            note: Some("客户自带行车记录仪，已告知勿拆".into()),
            damage: vec![
                (
                    "front_bumper".into(),
                    DamageKind::Scratch,
                    Some("下部破损".into()),
                ),
                ("front_right_door".into(), DamageKind::Dent, None),
                (
                    "rear_bumper".into(),
                    DamageKind::Scratch,
                    Some("轻微".into()),
                ),
            ],
        },
    }
}

/// Where `needle` starts in `hay` (a byte offset), or a failure showing the text.
fn at(hay: &str, needle: &str, what: &str) -> usize {
    hay.find(needle)
        .unwrap_or_else(|| panic!("{what} {needle:?} not found in:\n{hay}"))
}

#[test]
fn eight_lines_fit_one_page_and_thirty_run_on_with_the_heading_on_every_page() {
    let Some(tools) = tools() else { return };
    let dir = tempfile::tempdir().unwrap();
    // FRONTDESK_PDF_OUT=folder keeps the PDFs there, to look at.
    let pdfs = std::env::var_os("FRONTDESK_PDF_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.path().to_path_buf());
    std::fs::create_dir_all(&pdfs).unwrap();
    let (mut store, short, long) = shop_with_orders(dir.path());
    let exports = dir.path().join("exports");
    for lang in Lang::ALL {
        let i18n = I18n::new(lang);
        let signature = i18n.t("print.signature");
        let tag = lang.code();

        // (a) 8 lines: exactly one page with the total and the signature box.
        let ro = store
            .read(|c| repair_orders::by_number(c, &short))
            .unwrap()
            .unwrap();
        let html = write_repair_order(&mut store, &short, &i18n, zone(), &exports).unwrap();
        let pdf = pdfs.join(format!("{short}-{tag}.pdf"));
        tools.print_to_pdf(&html, &pdf);
        let pages = tools.pages(&pdf);
        eprintln!("{tag}: {} (8 lines) -> {pages} page(s)", html.display());
        assert_eq!(pages, 1, "8 job lines fit one A4 page ({tag})");
        let text = tools.page_text(&pdf, 1);
        let total = format!("¥{}", Cents(ro.total_cents));
        assert!(ro.total_cents > 0 && ro.claim_cents > 0);
        assert_ne!(ro.total_cents, ro.estimate_cents);
        let t = at(&text, &total, "the total to pay");
        let s = at(&text, signature, "the signature label");
        assert!(t < s, "the signature box follows the total ({tag})");
        assert!(text.contains(&short), "the order number ({tag})");

        // (b) 30 lines: more pages, the heading on each, the signature after the total.
        let ro = store
            .read(|c| repair_orders::by_number(c, &long))
            .unwrap()
            .unwrap();
        let html = write_repair_order(&mut store, &long, &i18n, zone(), &exports).unwrap();
        let pdf = pdfs.join(format!("{long}-{tag}.pdf"));
        tools.print_to_pdf(&html, &pdf);
        let pages = tools.pages(&pdf);
        eprintln!("{tag}: {} (30 lines) -> {pages} page(s)", html.display());
        assert!(pages >= 2, "30 job lines take more than one page ({tag})");
        let texts: Vec<String> = (1..=pages).map(|p| tools.page_text(&pdf, p)).collect();
        let shop = store.read(shop::shop).unwrap();
        for (i, text) in texts.iter().enumerate() {
            assert!(
                text.contains(&long),
                "page {} of {pages} shows the order number ({tag}):\n{text}",
                i + 1
            );
            assert!(
                text.contains(&shop.name),
                "page {} of {pages} shows the shop ({tag})",
                i + 1
            );
        }
        let total = format!("¥{}", Cents(ro.total_cents));
        let all = texts.concat();
        let t = at(&all, &total, "the total to pay");
        let s = at(&all, signature, "the signature label");
        assert!(t < s, "the signature box follows the total ({tag})");
        let last = texts.last().unwrap();
        assert!(
            last.contains(&total) && last.contains(signature),
            "the total and the signature box share the last page ({tag}):\n{last}"
        );
        assert!(all.contains(JOBS[29].1), "the 30th line is printed ({tag})");
    }
}

#[test]
fn the_settlement_of_a_delivered_order_is_one_page() {
    let Some(tools) = tools() else { return };
    let dir = tempfile::tempdir().unwrap();
    let pdfs = std::env::var_os("FRONTDESK_PDF_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.path().to_path_buf());
    std::fs::create_dir_all(&pdfs).unwrap();
    let (_shop, mut store) = settle_support::demo_db();
    // Fourteen lines signed at check-in (two of them claims), one added and approved by
    // phone, one declined; delivered with a discount.
    let lines: Vec<settle_support::Spec> = JOBS[..14].to_vec();
    let (id, number) = settle_support::check_in(&mut store, 0, &lines);
    settle_support::to_repair(&mut store, id, Some(&JOBS[15]), Some(&JOBS[16]));
    settle_support::finish_to_ready(&mut store, id);
    settle_support::deliver(&mut store, id, 8_800, "老客户优惠");
    let detail = frontdesk::store::workshop::detail(store.conn(), id)
        .unwrap()
        .unwrap();
    let total = format!("¥{}", Cents(detail.customer_cents - 8_800));
    let exports = dir.path().join("exports");
    for lang in Lang::ALL {
        let i18n = I18n::new(lang);
        let tag = lang.code();
        let html = write_settlement(&mut store, &number, &i18n, zone(), &exports).unwrap();
        let pdf = pdfs.join(format!("{number}-settlement-{tag}.pdf"));
        tools.print_to_pdf(&html, &pdf);
        let pages = tools.pages(&pdf);
        eprintln!(
            "{tag}: {} (15 invoice lines) -> {pages} page(s)",
            html.display()
        );
        assert_eq!(pages, 1, "the settlement statement is one A4 page ({tag})");
        let text = tools.page_text(&pdf, 1);
        assert!(text.contains(&number), "the order number ({tag})");
        // pdftotext spreads a heading's words apart: compare them with single spaces.
        let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            words(&text).contains(i18n.t("settlement.title")),
            "the title ({tag})"
        );
        let t = at(&text, &total, "the total to pay");
        let s = at(
            &text,
            i18n.t("print.signature"),
            "the customer's signature box",
        );
        assert!(t < s, "the signature box follows the total ({tag})");
        assert!(
            text.contains(i18n.t("role.advisor")),
            "the advisor's box ({tag})"
        );
        assert!(text.contains(JOBS[13].1), "the last signed line ({tag})");
        assert!(text.contains(JOBS[15].1), "the added line ({tag})");
        assert!(!text.contains(JOBS[16].1), "no declined line ({tag})");
    }
}

#[test]
fn the_complaint_feedback_form_and_the_supervision_order_are_one_page_each() {
    let Some(tools) = tools() else { return };
    let dir = tempfile::tempdir().unwrap();
    let pdfs = std::env::var_os("FRONTDESK_PDF_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.path().to_path_buf());
    std::fs::create_dir_all(&pdfs).unwrap();
    let (_shop, mut store) = settle_support::demo_db();
    // The demo complaint reopened once: the longest timeline, two orders.
    let c = frontdesk::store::complaints::list(store.conn(), false)
        .unwrap()
        .into_iter()
        .find(|c| c.reopen_count == 1)
        .expect("the demo has a reopened complaint");
    let exports = dir.path().join("exports");
    for lang in Lang::ALL {
        let i18n = I18n::new(lang);
        let tag = lang.code();
        let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        for (doc, title) in [
            (ComplaintDoc::Feedback, "pcomplaint.feedback_title"),
            (ComplaintDoc::Supervision, "pcomplaint.supervision_title"),
        ] {
            let html = write_complaint(&mut store, &c.number, doc, &i18n, zone(), now(), &exports)
                .unwrap();
            let pdf = pdfs.join(format!("{}-{doc:?}-{tag}.pdf", c.number));
            tools.print_to_pdf(&html, &pdf);
            let pages = tools.pages(&pdf);
            eprintln!("{tag}: {} -> {pages} page(s)", html.display());
            assert_eq!(pages, 1, "{doc:?} is one A4 page ({tag})");
            let text = tools.page_text(&pdf, 1);
            assert!(text.contains(&c.number), "the number ({tag})");
            assert!(words(&text).contains(i18n.t(title)), "the title ({tag})");
            assert!(
                text.contains(i18n.t("print.sign_date")),
                "the signature boxes ({tag})"
            );
        }
    }
}
