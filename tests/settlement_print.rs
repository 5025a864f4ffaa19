//! The printable settlement statement (结算单) on the demo shop: an order taken from the
//! check-in through dispatch, an added line approved by phone and one declined, the
//! three-level check, ready for delivery and delivery with a discount; then its statement
//! in both languages (every invoice line, claims not charged, declined work left out,
//! discount and reason, total, payment, follow-up), escaping, the preview of a ready
//! order, the refusals and the files written.

mod settle_support;

use chrono::NaiveDate;
use frontdesk::clock::Zone;
use frontdesk::demo;
use frontdesk::domain::kinds::{LineKind, PaymentMethod, RepairOrderState};
use frontdesk::domain::money::Cents;
use frontdesk::domain::plate::Plate;
use frontdesk::i18n::{I18n, Lang};
use frontdesk::print::{
    NoSuchOrder, NotSettleable, copy_file_name, settlement_file_stem, settlement_html,
    write_repair_order, write_settlement,
};
use frontdesk::store::repair_orders;
use frontdesk::store::shop::{self, Shop};
use frontdesk::store::workshop;
use frontdesk::store::{Access, Store};
use settle_support::{Spec, demo_db, finish_to_ready, now, staff_id, to_repair};

fn zone() -> Zone {
    settle_support::zone()
}

const HOSTILE: &str = r#"<script>alert("x")</script> & 'seal'"#;

/// The order's lines as signed at check-in.
const LINES: &[Spec] = &[
    (LineKind::Labour, "更换前刹车片", 120, 30_000, false),
    (LineKind::Part, "前刹车片（原厂）", 100, 56_000, false),
    (LineKind::Labour, "索赔：更换车窗升降器", 150, 30_000, true),
    (LineKind::Part, "车窗升降器总成", 100, 86_000, true),
    (LineKind::Part, HOSTILE, 200, 1_250, false),
];

/// The line added during the repair and approved by phone, and the one declined.
const APPROVED: Spec = (LineKind::Part, "空调滤芯（活性炭）", 100, 12_800, false);
const DECLINED: Spec = (
    LineKind::Labour,
    "四轮定位（客户暂不做）",
    100,
    38_000,
    false,
);

fn check_in(store: &mut Store) -> (i64, String) {
    settle_support::check_in(store, 0, LINES)
}

/// Repair with the added and the declined line, then to ready for delivery.
fn to_ready(store: &mut Store, id: i64) {
    to_repair(store, id, Some(&APPROVED), Some(&DECLINED));
    finish_to_ready(store, id);
}

const DISCOUNT: i64 = 5_000;
const REASON: &str = "老客户 <VIP> & 会员";

fn deliver(store: &mut Store, id: i64) {
    settle_support::deliver(store, id, DISCOUNT, REASON);
}

fn amount(q: i64, p: i64) -> i64 {
    repair_orders::line_amount_cents(q, p)
}

/// What the customer pays for: the order's own non-claim lines and the approved addition.
fn charged_cents() -> i64 {
    LINES
        .iter()
        .filter(|l| !l.4)
        .map(|l| amount(l.2, l.3))
        .sum::<i64>()
        + amount(APPROVED.2, APPROVED.3)
}

fn claim_cents() -> i64 {
    LINES.iter().filter(|l| l.4).map(|l| amount(l.2, l.3)).sum()
}

/// The invoice table of a statement.
fn invoice(html: &str) -> &str {
    let start = html
        .find("<table class=\"lines\">")
        .expect("the invoice table");
    let end = start + html[start..].find("</table>").unwrap();
    &html[start..end]
}

#[test]
fn a_delivered_order_reads_back_every_line_with_claims_and_declined_work_left_out() {
    let (_dir, mut store) = demo_db();
    let (id, number) = check_in(&mut store);
    to_ready(&mut store, id);
    deliver(&mut store, id);
    let ro = repair_orders::get(store.conn(), id).unwrap().unwrap();
    assert_eq!(ro.state, RepairOrderState::Delivered);
    let detail = workshop::detail(store.conn(), id).unwrap().unwrap();
    assert_eq!(detail.customer_cents, charged_cents(), "the store agrees");
    let total = charged_cents() - DISCOUNT;
    let plate = Plate::parse(&ro.plate).unwrap().display();

    for lang in Lang::ALL {
        let i18n = I18n::new(lang);
        let html = settlement_html(&mut store, &number, &i18n, zone()).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains(&format!("lang=\"{}\"", lang.code())));
        assert!(html.contains("@page { size: A4; margin: 12mm; }"));
        assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("src="));
        assert!(html.contains(i18n.t("settlement.title")));
        assert!(
            html.contains(i18n.t("settlement.copy")),
            "the customer's copy"
        );
        assert!(!html.contains(i18n.t("settlement.preview_note")));
        assert!(html.contains(&number));
        assert!(html.contains(&plate));
        assert!(html.contains(&ro.customer_name));
        assert!(html.contains(&ro.advisor_name));
        assert!(
            html.contains("深圳鹏程汽车销售服务有限公司"),
            "the shop heading"
        );

        // Every line on the invoice, once, in order; the declined one is not there.
        let inv = invoice(&html);
        let mut at = 0;
        for &(_, d, q, p, _) in LINES {
            let d = frontdesk::print::escape(d);
            let pos = inv[at..]
                .find(&d)
                .unwrap_or_else(|| panic!("{d} on the invoice ({})", lang.code()));
            at += pos;
            assert!(inv.contains(&Cents(amount(q, p)).to_string()));
        }
        assert!(inv.contains(APPROVED.1), "the line approved by phone");
        assert!(
            !html.contains(DECLINED.1),
            "declined work is not on the invoice"
        );
        assert_eq!(
            inv.matches("<tr class=\"charged\">").count()
                + inv.matches("<tr class=\"claim\">").count(),
            LINES.len() + 1
        );
        // Claim lines carry the S mark and stay out of the customer's share.
        assert_eq!(inv.matches("<td class=\"mark\">S</td>").count(), 2);
        assert!(html.contains(i18n.t("settlement.claim_note")));
        assert!(html.contains(&format!(
            "<tr><th>{}</th><td class=\"num\">{}</td></tr>",
            frontdesk::print::escape(i18n.t("print.total.claim")),
            Cents(claim_cents())
        )));
        assert!(html.contains(&format!(
            "<tr class=\"sub\"><th>{}</th><td class=\"num\">{}</td></tr>",
            i18n.t("settlement.subtotal"),
            Cents(charged_cents())
        )));
        assert!(html.contains(&format!(
            "<tr class=\"discount\"><th>{}</th><td class=\"num\">-{}</td></tr>",
            i18n.t("settlement.discount"),
            Cents(DISCOUNT)
        )));
        assert!(html.contains(&frontdesk::print::escape(&i18n.tf(
            "settlement.discount_reason",
            &[("reason", REASON.to_string())]
        ))));
        assert!(html.contains(&format!(
            "<tr class=\"pay\"><th>{}</th><td class=\"num\">¥{}</td></tr>",
            i18n.t("settlement.total"),
            Cents(total)
        )));
        // Paid, by WeChat.
        assert!(html.contains(&format!(
            "<tr><th>{}</th><td class=\"num\">¥{}</td></tr>",
            i18n.t("settlement.paid"),
            Cents(total)
        )));
        assert!(html.contains(i18n.t(PaymentMethod::WeChat.label_key())));
        // Odometer in and out, the dates, the spot, the old parts, the follow-up day.
        let km = |v: i64| {
            i18n.tf(
                "print.km",
                &[("km", frontdesk::domain::text::group_thousands(v as u64))],
            )
        };
        assert!(html.contains(&km(ro.odometer_km)));
        assert!(html.contains(&km(ro.odometer_km + 12)));
        assert!(html.contains("2026-11-23 09:00"), "signed");
        assert!(html.contains("2026-11-23 12:20"), "delivered");
        assert!(html.contains("交车区 A-07"));
        assert!(html.contains(i18n.t("settlement.old_parts_returned")));
        assert!(
            html.contains("2026-11-26"),
            "follow-up 3 days after delivery"
        );
        assert_eq!(detail.follow_up_on, NaiveDate::from_ymd_opt(2026, 11, 26));
        assert!(html.contains("2027-05-23"), "next service");
        // The signature boxes come after the totals, in one block.
        let closing = html.find("<section class=\"closing\">").unwrap();
        let totals = html.find("<table class=\"totals\">").unwrap();
        let sign = html.find("<section class=\"sign\">").unwrap();
        assert!(closing < totals && totals < sign);
        assert!(html.contains(i18n.t("print.signature")));
        assert!(html.contains(i18n.t("settlement.customer_sign_note")));
        let name = match lang {
            Lang::ZhCn => "settlement_delivered_zh_cn",
            Lang::En => "settlement_delivered_en",
        };
        insta::assert_snapshot!(name, html);
    }
}

#[test]
fn typed_text_is_escaped() {
    let (_dir, mut store) = demo_db();
    let (id, number) = check_in(&mut store);
    to_ready(&mut store, id);
    deliver(&mut store, id);
    let manager = staff_id(&store, "M01");
    shop::save_shop(
        &mut store,
        Some(manager),
        now(),
        &Shop {
            name: "<b>Lee & Sons</b>".into(),
            address: "1 <i>Main</i> St".into(),
            phone: "0755-<1234>".into(),
        },
    )
    .unwrap();
    let html = settlement_html(&mut store, &number, &I18n::new(Lang::En), zone()).unwrap();
    assert!(
        html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;seal&#39;")
    );
    assert!(
        html.contains("老客户 &lt;VIP&gt; &amp; 会员"),
        "the discount reason"
    );
    assert!(html.contains("&lt;b&gt;Lee &amp; Sons&lt;/b&gt;"));
    assert!(html.contains("1 &lt;i&gt;Main&lt;/i&gt; St"));
    assert!(html.contains("0755-&lt;1234&gt;"));
    for tag in ["<script>", "<VIP>", "<b>", "<i>", "<1234>"] {
        assert!(!html.contains(tag), "{tag} left unescaped");
    }
}

#[test]
fn a_ready_order_prints_a_preview_and_an_open_one_is_refused() {
    let (dir, mut store) = demo_db();
    let exports = dir.path().join("exports");
    let (id, number) = check_in(&mut store);
    let i18n = I18n::new(Lang::En);
    // Written: no settlement yet, and no file.
    let err = write_settlement(&mut store, &number, &i18n, zone(), &exports).unwrap_err();
    let refused = err.downcast_ref::<NotSettleable>().expect("NotSettleable");
    assert_eq!(refused.number, number);
    assert_eq!(refused.state, RepairOrderState::Written);
    assert!(!exports.join(format!("{number}-settlement.html")).exists());
    // An unknown number is refused by name.
    let err = settlement_html(&mut store, "RO-20991231-0042", &i18n, zone()).unwrap_err();
    assert_eq!(
        err.downcast_ref::<NoSuchOrder>(),
        Some(&NoSuchOrder("RO-20991231-0042".into()))
    );

    to_ready(&mut store, id);
    for lang in Lang::ALL {
        let i18n = I18n::new(lang);
        let html = settlement_html(&mut store, &number, &i18n, zone()).unwrap();
        assert!(html.contains(i18n.t("settlement.preview")));
        assert!(html.contains(i18n.t("settlement.preview_note")));
        assert!(html.contains(i18n.t("settlement.not_paid")));
        assert!(html.contains(&format!(
            "<tr class=\"pay\"><th>{}</th><td class=\"num\">¥{}</td></tr>",
            i18n.t("settlement.total"),
            Cents(charged_cents())
        )));
        assert!(html.contains(&i18n.tf("settlement.follow_up_after", &[("days", "3".into())])));
        assert!(html.contains(i18n.t("settlement.old_parts_not_returned")));
        assert!(!html.contains(DECLINED.1));
    }
}

#[test]
fn every_print_is_a_new_private_copy_beside_the_repair_orders() {
    let (dir, mut store) = demo_db();
    let exports = dir.path().join("nested").join("exports");
    let (id, number) = check_in(&mut store);
    to_ready(&mut store, id);
    deliver(&mut store, id);
    let i18n = I18n::new(Lang::ZhCn);
    let stem = settlement_file_stem(&number);
    let first = write_settlement(&mut store, &number, &i18n, zone(), &exports).unwrap();
    assert_eq!(first, exports.join(format!("{number}-settlement.html")));
    let html = std::fs::read_to_string(&first).unwrap();
    assert_eq!(
        html,
        settlement_html(&mut store, &number, &i18n, zone()).unwrap()
    );
    // The repair order's copies are numbered on their own.
    let ro = write_repair_order(&mut store, &number, &i18n, zone(), &exports).unwrap();
    assert_eq!(ro, exports.join(format!("{number}.html")));
    let second =
        write_settlement(&mut store, &number, &I18n::new(Lang::En), zone(), &exports).unwrap();
    assert_eq!(second, exports.join(copy_file_name(&stem, 2)));
    assert_eq!(second, exports.join(format!("{number}-settlement-2.html")));
    assert_eq!(std::fs::read_to_string(&first).unwrap(), html, "unchanged");
    let ro2 = write_repair_order(&mut store, &number, &i18n, zone(), &exports).unwrap();
    assert_eq!(ro2, exports.join(format!("{number}-2.html")));
    let stray = std::fs::read_dir(&exports)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    assert_eq!(stray, 0, "no temporary files left");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&exports), 0o700);
        assert_eq!(mode(&first), 0o600);
        assert_eq!(mode(&second), 0o600);
    }
}

/// `frontdesk print settlement RO-…` next to `print ro RO-…`, as a real process.
#[test]
fn the_command_line_prints_the_settlement_and_refuses_an_open_order() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fd.sqlite");
    let (delivered, open) = {
        let mut store = Store::open(&db, Access::ReadWrite).unwrap();
        demo::fill(&mut store, 1, now(), zone()).unwrap();
        let (id, number) = check_in(&mut store);
        to_ready(&mut store, id);
        deliver(&mut store, id);
        let (_, open) = check_in(&mut store);
        (number, open)
    };
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_frontdesk"))
            .args(args)
            .env_clear()
            .env("HOME", dir.path())
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("FRONTDESK_NOW", "2026-11-23T15:00:00+08:00")
            .env("TZ", "Asia/Shanghai")
            .env("LANG", "C.UTF-8")
            .output()
            .unwrap()
    };
    let d = db.to_str().unwrap();
    let out = run(&[
        "--db",
        d,
        "--lang",
        "zh-CN",
        "print",
        "settlement",
        &delivered,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert_eq!(
        std::path::PathBuf::from(&path),
        dir.path()
            .join("exports")
            .join(format!("{delivered}-settlement.html"))
    );
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("结算单") && html.contains(&delivered));
    // The old form still prints the repair order.
    let out = run(&["--db", d, "print", "ro", &delivered]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // An open order: one sentence in the user's language, no file.
    for (lang, words) in [
        ("en", "ready for delivery or delivered"),
        ("zh-CN", "待交车或已交车"),
    ] {
        let out = run(&["--db", d, "--lang", lang, "print", "settlement", &open]);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&open) && err.contains(words), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
    assert!(
        !dir.path()
            .join("exports")
            .join(format!("{open}-settlement.html"))
            .exists()
    );
    let out = run(&["--db", d, "print", "settlement", "RO-20991231-9999"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("RO-20991231-9999"));
    let out = run(&["--db", d, "print", "settlement", "../../etc/passwd"]);
    assert!(!out.status.success());
}
