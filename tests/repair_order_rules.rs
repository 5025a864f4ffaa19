//! Repair-order rules (domain.md §2, §3, §6): estimate totals with S (claim) lines, the
//! counter line parser, the promised time under the two 10-minute rules, comebacks, order
//! numbers, and the walk-around record and diagram.

use chrono::{
    DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike, Utc, Weekday,
};
use frontdesk::domain::inspection::{self, Damage, Walkaround, WalkaroundError};
use frontdesk::domain::kinds::{DamageKind, DamageZone, LineKind, RepairOrderState};
use frontdesk::domain::repair_order::*;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn at(day: &str, h: u32, m: u32) -> NaiveDateTime {
    d(day).and_time(hm(h, m))
}

fn line(kind: LineKind, quantity_centi: i64, unit_price_cents: i64, claim: bool) -> Line {
    Line {
        kind,
        description: "更换机油机滤".into(),
        quantity_centi,
        unit_price_cents,
        claim,
        service: None,
        catalog_price_cents: None,
        catalog_code: None,
    }
}

/// 08:30–17:30, closed on Sundays.
fn promise(now: NaiveDateTime, labour_minutes: i64) -> Option<NaiveDateTime> {
    propose_promise(now, labour_minutes, hm(8, 30), hm(17, 30), |day| {
        day.weekday() == Weekday::Sun
    })
}

// ----- totals ----------------------------------------------------------------------------

#[test]
fn totals_of_the_manual_estimate() {
    let lines = [
        // 1.5 h × 300.00 = 450.00
        line(LineKind::Labour, 150, 30_000, false),
        // 4 × 45.50 = 182.00
        line(LineKind::Part, 400, 4_550, false),
    ];
    let t = totals(&lines).unwrap();
    assert_eq!(
        t,
        Totals {
            labour_cents: 45_000,
            parts_cents: 18_200,
            claim_cents: 0,
            customer_cents: 63_200,
            labour_minutes: 90,
            internal_cents: 0,
        }
    );
    // A comeback for the same concern the shop bears: the customer's share is internal.
    let t = frontdesk::domain::repair_order::totals_charged(&lines, false).unwrap();
    assert_eq!((t.customer_cents, t.internal_cents), (0, 63_200));
}

#[test]
fn claim_lines_are_not_charged_to_the_customer() {
    let lines = [
        line(LineKind::Labour, 150, 30_000, false),
        line(LineKind::Part, 400, 4_550, false),
        // S: 2 h × 300.00 = 600.00 and 1 × 880.00, paid by the maker.
        line(LineKind::Labour, 200, 30_000, true),
        line(LineKind::Part, 100, 88_000, true),
    ];
    let t = totals(&lines).unwrap();
    assert_eq!(t.labour_cents, 45_000 + 60_000);
    assert_eq!(t.parts_cents, 18_200 + 88_000);
    assert_eq!(t.claim_cents, 60_000 + 88_000);
    assert_eq!(t.customer_cents, 63_200);
    // Claim labour still takes workshop time.
    assert_eq!(t.labour_minutes, 90 + 120);
    assert_eq!(
        t.labour_cents + t.parts_cents,
        t.claim_cents + t.customer_cents
    );
}

#[test]
fn odd_amounts_round_half_up_to_the_cent() {
    // 1.01 × 0.50 = 0.505 → 0.51; 0.33 × 3.33 = 1.0989 → 1.10; 1.49 × 0.01 = 0.0149 → 0.01.
    let t = totals(&[line(LineKind::Part, 101, 50, false)]).unwrap();
    assert_eq!(t.parts_cents, 51);
    let t = totals(&[line(LineKind::Labour, 33, 333, false)]).unwrap();
    assert_eq!((t.labour_cents, t.labour_minutes), (110, 20)); // 0.33 h = 19.8 min → 20
    let t = totals(&[line(LineKind::Part, 149, 1, true)]).unwrap();
    assert_eq!((t.claim_cents, t.customer_cents), (1, 0));
}

#[test]
fn totals_refuse_overflow() {
    let big = line(LineKind::Part, 100, i64::MAX, false);
    assert_eq!(
        totals(std::slice::from_ref(&big)).unwrap().parts_cents,
        i64::MAX
    );
    assert_eq!(
        totals(&[big.clone(), line(LineKind::Part, 100, 1, false)]),
        Err(LineError::Overflow)
    );
    assert_eq!(
        totals(&[line(LineKind::Labour, 200, i64::MAX, false)]),
        Err(LineError::Overflow)
    );
    assert_eq!(
        totals(&[
            line(LineKind::Labour, i64::MAX, 0, false),
            line(LineKind::Labour, i64::MAX, 0, true)
        ]),
        Err(LineError::Overflow),
        "labour minutes overflow (1.2 × i64::MAX)"
    );
    assert_eq!(validate_line(&big), Ok(()));
    assert_eq!(
        validate_line(&line(LineKind::Part, 200, i64::MAX, false)),
        Err(LineError::Overflow)
    );
}

// ----- lines -----------------------------------------------------------------------------

#[test]
fn validates_lines() {
    use LineError::*;
    let ok = line(LineKind::Labour, 150, 30_000, false);
    let cases: Vec<(Line, Result<(), LineError>)> = vec![
        (ok.clone(), Ok(())),
        (line(LineKind::Part, 100, 0, false), Ok(())), // free part
        (line(LineKind::Labour, 10_000, 100, false), Ok(())), // exactly 100 h
        (line(LineKind::Part, 100_000, 100, false), Ok(())), // 1000 parts: no hour cap
        (
            Line {
                description: "   ".into(),
                ..ok.clone()
            },
            Err(EmptyDescription),
        ),
        (
            Line {
                description: "\u{3000}".into(),
                ..ok.clone()
            },
            Err(EmptyDescription),
        ),
        (
            line(LineKind::Labour, 0, 100, false),
            Err(QuantityNotPositive),
        ),
        (
            line(LineKind::Part, -100, 100, false),
            Err(QuantityNotPositive),
        ),
        (line(LineKind::Part, 100, -1, false), Err(PriceNegative)),
        (
            line(LineKind::Labour, 10_001, 100, false),
            Err(TooManyHours { max: 100 }),
        ),
    ];
    for (l, want) in cases {
        assert_eq!(validate_line(&l), want, "{l:?}");
    }
}

#[test]
fn parses_lines_typed_at_the_counter() {
    let cases = [
        (LineKind::Labour, "更换机油机滤", "1.5", "300", 150, 30_000),
        (LineKind::Part, "机油滤清器", "4", "45.50", 400, 4_550),
        (LineKind::Part, "  机油  ", " 4 ", " ¥45.5 ", 400, 4_550),
        (LineKind::Part, "雨刮片", "２", "￥８８．００", 200, 8_800),
        (
            LineKind::Labour,
            "四轮定位",
            "１．５",
            "３００元",
            150,
            30_000,
        ),
        (LineKind::Part, "滤芯", "1", "RMB 1,234.5", 100, 123_450),
        (LineKind::Part, "赠品", "1", "0", 100, 0),
    ];
    for (kind, desc, qty, price, want_q, want_p) in cases {
        let l = parse_line(kind, desc, qty, price, true)
            .unwrap_or_else(|e| panic!("{qty} {price}: {e}"));
        assert_eq!(
            (
                l.kind,
                l.description.as_str(),
                l.quantity_centi,
                l.unit_price_cents,
                l.claim
            ),
            (kind, desc.trim(), want_q, want_p, true)
        );
    }
}

#[test]
fn refuses_bad_counter_lines() {
    use LineError::*;
    let bq = |s: &str| BadQuantity { input: s.into() };
    let bp = |s: &str| BadPrice { input: s.into() };
    let cases = [
        (LineKind::Labour, "", "1", "300", EmptyDescription),
        (LineKind::Labour, " \u{3000} ", "1", "300", EmptyDescription),
        (LineKind::Labour, "换油", "0", "300", QuantityNotPositive),
        (LineKind::Labour, "换油", "0.00", "300", QuantityNotPositive),
        (LineKind::Labour, "换油", "-1", "300", QuantityNotPositive),
        (LineKind::Labour, "换油", "", "300", bq("")),
        (LineKind::Labour, "换油", "1.5h", "300", bq("1.5h")),
        (LineKind::Labour, "换油", " 1.255 ", "300", bq("1.255")),
        (LineKind::Labour, "换油", "abc", "300", bq("abc")),
        (
            LineKind::Labour,
            "换油",
            "100.01",
            "300",
            TooManyHours { max: 100 },
        ),
        (LineKind::Labour, "换油", "1", "-5", PriceNegative),
        (LineKind::Labour, "换油", "1", "¥-5", PriceNegative),
        (LineKind::Labour, "换油", "1", "", bp("")),
        (LineKind::Labour, "换油", "1", "$5", bp("$5")),
        (LineKind::Labour, "换油", "1", "3.005", bp("3.005")),
        (
            LineKind::Part,
            "换油",
            "2",
            "92,233,720,368,547,758.07",
            Overflow,
        ),
    ];
    for (kind, desc, qty, price, want) in cases {
        assert_eq!(
            parse_line(kind, desc, qty, price, false),
            Err(want),
            "{desc:?} {qty:?} {price:?}"
        );
    }
}

#[test]
fn line_error_keys() {
    let all = [
        (LineError::EmptyDescription, "error.line.empty_description"),
        (
            LineError::QuantityNotPositive,
            "error.line.quantity_not_positive",
        ),
        (LineError::PriceNegative, "error.line.price_negative"),
        (
            LineError::TooManyHours { max: 100 },
            "error.line.too_many_hours",
        ),
        (
            LineError::BadQuantity { input: "x".into() },
            "error.line.bad_quantity",
        ),
        (
            LineError::BadPrice { input: "x".into() },
            "error.line.bad_price",
        ),
        (LineError::Overflow, "error.line.overflow"),
    ];
    for (e, key) in all {
        assert_eq!(e.i18n_key(), key);
        assert!(!e.to_string().is_empty());
    }
    assert_eq!(
        LineError::BadQuantity {
            input: "1.5h".into()
        }
        .i18n_args(),
        vec![("input", "1.5h".to_string())]
    );
}

// ----- promised time ---------------------------------------------------------------------

#[test]
fn promise_mid_day() {
    // Leaves the bay 10:10, 1.5 h → 11:40, +10 → 11:50, quarter → 12:00.
    assert_eq!(
        promise(at("2026-11-23", 10, 0), 90),
        Some(at("2026-11-23", 12, 0))
    );
    // Already on a quarter hour: 10:00 + 10 + 55 + 10 = 11:15.
    assert_eq!(
        promise(at("2026-11-23", 10, 0), 55),
        Some(at("2026-11-23", 11, 15))
    );
}

#[test]
fn promise_rounds_up_to_the_quarter_hour() {
    // 10:01 + 10 + 60 + 10 = 11:21 → 11:30.
    assert_eq!(
        promise(at("2026-11-23", 10, 1), 60),
        Some(at("2026-11-23", 11, 30))
    );
    // Seconds count: 09:50:01 + 10 + 45 + 10 = 10:55:01 → 11:00.
    let now = d("2026-11-23").and_hms_opt(9, 50, 1).unwrap();
    assert_eq!(promise(now, 45), Some(at("2026-11-23", 11, 0)));
}

#[test]
fn promise_before_opening_starts_at_opening() {
    // 08:30 + 60 + 10 = 09:40 → 09:45.
    assert_eq!(
        promise(at("2026-11-23", 7, 0), 60),
        Some(at("2026-11-23", 9, 45))
    );
    // Written at 08:25: leaves the bay 08:35, not at opening.
    assert_eq!(
        promise(at("2026-11-23", 8, 25), 60),
        Some(at("2026-11-23", 9, 45))
    );
}

#[test]
fn promise_crossing_closing_continues_next_day() {
    // 16:10 → 17:30 is 80 min; 40 min left → Tue 08:30 + 40 = 09:10, +10 → 09:20 → 09:30.
    assert_eq!(
        promise(at("2026-11-23", 16, 0), 120),
        Some(at("2026-11-24", 9, 30))
    );
    // Labour ends 17:25, +10 = 17:35 is past closing → next morning 08:35 → 08:45.
    assert_eq!(
        promise(at("2026-11-23", 16, 0), 75),
        Some(at("2026-11-24", 8, 45))
    );
    // Ending exactly at closing is fine.
    assert_eq!(
        promise(at("2026-11-23", 16, 0), 70),
        Some(at("2026-11-23", 17, 30))
    );
    // Written after closing.
    assert_eq!(
        promise(at("2026-11-23", 20, 0), 30),
        Some(at("2026-11-24", 9, 15))
    );
    // Two full days (9 h each) + 1 h.
    assert_eq!(
        promise(at("2026-11-23", 7, 0), 19 * 60),
        Some(at("2026-11-25", 9, 45))
    );
}

#[test]
fn promise_skips_a_closed_sunday() {
    // Saturday 17:00: 20 min on Saturday, 40 min left → Monday 09:10 + 10 → 09:20 → 09:30.
    assert_eq!(
        promise(at("2026-11-21", 17, 0), 60),
        Some(at("2026-11-23", 9, 30))
    );
    // Written on the Sunday itself.
    assert_eq!(
        promise(at("2026-11-22", 11, 0), 0),
        Some(at("2026-11-23", 8, 45))
    );
}

#[test]
fn promise_with_zero_labour() {
    // now + 10 + 10 = 10:27 → 10:30.
    assert_eq!(
        promise(at("2026-11-23", 10, 7), 0),
        Some(at("2026-11-23", 10, 30))
    );
    assert_eq!(
        promise(at("2026-11-23", 10, 0), 0),
        Some(at("2026-11-23", 10, 30))
    );
    assert_eq!(
        promise(at("2026-11-23", 10, 10), 0),
        Some(at("2026-11-23", 10, 30))
    );
    assert_eq!(
        promise(at("2026-11-23", 10, 11), 0),
        Some(at("2026-11-23", 10, 45))
    );
    // Negative labour counts as none.
    assert_eq!(
        promise(at("2026-11-23", 10, 0), -30),
        Some(at("2026-11-23", 10, 30))
    );
}

#[test]
fn no_promise_without_an_open_day() {
    let now = at("2026-11-23", 10, 0);
    assert_eq!(
        propose_promise(now, 60, hm(8, 30), hm(17, 30), |_| true),
        None
    );
    assert_eq!(
        propose_promise(now, 60, hm(17, 30), hm(8, 30), |_| false),
        None
    );
    assert_eq!(
        propose_promise(now, 60, hm(8, 30), hm(8, 30), |_| false),
        None
    );
    // Beyond the 60-day horizon.
    assert_eq!(promise(now, i64::MAX), None);
    assert_eq!(promise(now, 70 * 9 * 60), None);
    assert!(promise(now, 40 * 9 * 60).is_some());
}

#[test]
fn promise_with_odd_opening_hours() {
    // Closing 17:20 is not on a quarter: 17:18 → 17:30 is too late → carry 10 min to
    // 08:10 (opening 08:00) → 08:15.
    let p = propose_promise(at("2026-11-23", 16, 0), 58, hm(8, 0), hm(17, 20), |_| false);
    assert_eq!(p, Some(at("2026-11-24", 8, 15)));
}

#[test]
fn validates_promises() {
    let now = at("2026-11-23", 10, 0);
    assert_eq!(validate_promise(at("2026-11-23", 10, 10), now), Ok(()));
    assert_eq!(validate_promise(at("2026-11-24", 9, 0), now), Ok(()));
    let soon = Err(PromiseError::TooSoon {
        earliest: "2026-11-23 10:10".into(),
    });
    assert_eq!(validate_promise(at("2026-11-23", 10, 9), now), soon);
    assert_eq!(validate_promise(at("2026-11-23", 9, 0), now), soon);
    // The earliest is shown rounded up to the minute.
    let now = d("2026-11-23").and_hms_opt(10, 0, 30).unwrap();
    assert_eq!(
        validate_promise(at("2026-11-23", 10, 10), now),
        Err(PromiseError::TooSoon {
            earliest: "2026-11-23 10:11".into()
        })
    );
    let e = validate_promise(at("2026-11-23", 9, 0), at("2026-11-23", 10, 0)).unwrap_err();
    assert_eq!(e.i18n_key(), "error.promise.too_soon");
    assert_eq!(
        e.i18n_args(),
        vec![("earliest", "2026-11-23 10:10".to_string())]
    );
    assert_eq!(
        e.to_string(),
        "The promised time is too soon; the earliest is 2026-11-23 10:10."
    );
}

// ----- comebacks -------------------------------------------------------------------------

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn days_ago(now: DateTime<Utc>, n: i64) -> Option<DateTime<Utc>> {
    Some(now - TimeDelta::days(n))
}

#[test]
fn comebacks_within_the_window() {
    use RepairOrderState::*;
    let now = utc("2026-11-23T02:00:00Z");
    let w = DEFAULT_COMEBACK_DAYS;
    assert_eq!(
        comeback_of(&[(7, Delivered, days_ago(now, 29))], now, w),
        Some(7)
    );
    assert_eq!(
        comeback_of(&[(7, Delivered, days_ago(now, 30))], now, w),
        Some(7)
    );
    assert_eq!(
        comeback_of(&[(7, Delivered, days_ago(now, 31))], now, w),
        None
    );
    assert_eq!(comeback_of(&[], now, w), None);
    // Only cancelled orders (even with a time) are no comeback.
    assert_eq!(
        comeback_of(
            &[(3, Cancelled, days_ago(now, 2)), (4, Cancelled, None)],
            now,
            w
        ),
        None
    );
    // The most recent delivered one, whatever the order of the input.
    let history = [
        (1, Delivered, days_ago(now, 20)),
        (2, Delivered, days_ago(now, 5)),
        (3, Delivered, days_ago(now, 12)),
        (4, Cancelled, days_ago(now, 1)),
    ];
    assert_eq!(comeback_of(&history, now, w), Some(2));
    // An undelivered open order is ignored.
    let history = [
        (1, Delivered, days_ago(now, 10)),
        (2, InRepair, None),
        (3, Ready, None),
    ];
    assert_eq!(comeback_of(&history, now, w), Some(1));
    assert_eq!(comeback_of(&[(2, Written, None)], now, w), None);
    // The window is a setting.
    assert_eq!(
        comeback_of(&[(7, Delivered, days_ago(now, 10))], now, 7),
        None
    );
    assert_eq!(
        comeback_of(&[(7, Delivered, days_ago(now, 10))], now, -1),
        None
    );
    // A delivery "after now" (another clock) is not counted.
    assert_eq!(
        comeback_of(&[(7, Delivered, days_ago(now, -1))], now, w),
        None
    );
    // Delivered without a time is not counted either.
    assert_eq!(comeback_of(&[(7, Delivered, None)], now, w), None);
}

// ----- order numbers ---------------------------------------------------------------------

#[test]
fn recognises_order_numbers() {
    for ok in ["RO-20261123-0001", "RO-20240229-9999", "RO-19991231-0420"] {
        assert!(is_ro_number(ok), "{ok}");
    }
    for bad in [
        "",
        "RO-",
        "RO-20261123-001",
        "RO-20261123-00001",
        "RO-20261123-0000",
        "ro-20261123-0001",
        "RO20261123-0001",
        "RO-20261123_0001",
        "RO-20261323-0001",
        "RO-20250229-0001",
        "RO-2026112-30001",
        " RO-20261123-0001",
        "RO-20261123-0001 ",
        "RO-２０２６１１２３-0001",
        "RO-20261123-00a1",
        "WO-20261123-0001",
    ] {
        assert!(!is_ro_number(bad), "{bad:?}");
    }
}

// ----- walk-around -----------------------------------------------------------------------

#[test]
fn walkaround_needs_valuables_confirmed() {
    let w = Walkaround::default();
    assert_eq!(
        inspection::validate(&w),
        Err(WalkaroundError::ValuablesNotConfirmed)
    );
    let w = Walkaround {
        valuables_removed: true,
        ..w
    };
    assert_eq!(inspection::validate(&w), Ok(()));
    let e = WalkaroundError::ValuablesNotConfirmed;
    assert_eq!(e.i18n_key(), "error.walkaround.valuables_not_confirmed");
    assert_eq!(
        WalkaroundError::TooManyDamageMarks { max: 40 }.i18n_key(),
        "error.walkaround.too_many_damage_marks"
    );
}

#[test]
fn walkaround_round_trips_through_json() {
    let w = Walkaround {
        valuables_removed: true,
        damage: vec![Damage {
            zone: DamageZone::FrontLeftDoor,
            kind: DamageKind::Dent,
            note: "拳头大小".into(),
        }],
        ..Walkaround::default()
    };
    let json = serde_json::to_string(&w).unwrap();
    assert!(json.contains("\"front_left_door\""), "{json}");
    assert!(json.contains("\"1/2\""), "{json}");
    assert_eq!(serde_json::from_str::<Walkaround>(&json).unwrap(), w);
}

#[test]
fn diagram_markers_are_distinct_and_rows_even() {
    let (rows, markers) = inspection::diagram(&[]);
    assert!((9..=13).contains(&rows.len()), "{}", rows.len());
    let width = rows[0].len();
    assert!((20..=30).contains(&width), "{width}");
    for row in &rows {
        assert!(row.is_ascii(), "{row:?}");
        assert_eq!(row.len(), width, "{row:?}");
        assert!(!row.contains(['S', 'D', 'C', 'O']), "{row:?}");
    }
    let zones: Vec<DamageZone> = markers.iter().map(|m| m.0).collect();
    assert_eq!(zones, DamageZone::ALL);
    let mut places: Vec<(usize, usize)> = markers.iter().map(|m| (m.1, m.2)).collect();
    places.sort();
    places.dedup();
    assert_eq!(places.len(), DamageZone::ALL.len(), "markers overlap");
    for &(_, r, c) in &markers {
        assert_eq!(rows[r].as_bytes()[c], b'.');
    }
}

#[test]
fn diagram_shows_each_damage_letter_in_its_zone() {
    let kinds = [
        (DamageKind::Scratch, b'S'),
        (DamageKind::Dent, b'D'),
        (DamageKind::Crack, b'C'),
        (DamageKind::Other, b'O'),
    ];
    for &zone in DamageZone::ALL {
        for (kind, letter) in kinds {
            let (rows, markers) = inspection::diagram(&[Damage {
                zone,
                kind,
                note: String::new(),
            }]);
            for &(z, r, c) in &markers {
                let want = if z == zone { letter } else { b'.' };
                assert_eq!(rows[r].as_bytes()[c], want, "{zone} {kind} at {z}");
            }
            let (blank, _) = inspection::diagram(&[]);
            let changed = rows
                .iter()
                .zip(&blank)
                .map(|(a, b)| a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count())
                .sum::<usize>();
            assert_eq!(changed, 1, "{zone} {kind}");
        }
    }
}

// ----- properties ------------------------------------------------------------------------

fn any_line() -> impl Strategy<Value = Line> {
    (
        prop_oneof![Just(LineKind::Labour), Just(LineKind::Part)],
        any::<i64>(),
        any::<i64>(),
        any::<bool>(),
    )
        .prop_map(|(kind, q, p, claim)| line(kind, q, p, claim))
}

fn sane_line() -> impl Strategy<Value = Line> {
    (
        prop_oneof![Just(LineKind::Labour), Just(LineKind::Part)],
        1i64..=10_000,
        0i64..=10_000_000,
        any::<bool>(),
    )
        .prop_map(|(kind, q, p, claim)| line(kind, q, p, claim))
}

proptest! {
    #[test]
    fn totals_never_panic(lines in prop::collection::vec(any_line(), 0..8)) {
        let _ = totals(&lines);
        for l in &lines {
            let _ = validate_line(l);
        }
    }

    #[test]
    fn totals_are_the_sum_of_their_parts(lines in prop::collection::vec(sane_line(), 0..20)) {
        let t = totals(&lines).unwrap();
        let amount = |l: &Line| frontdesk::domain::money::line_amount(l.quantity_centi, l.unit_price_cents).unwrap().0;
        let sum = |f: &dyn Fn(&Line) -> bool| lines.iter().filter(|l| f(l)).map(amount).sum::<i64>();
        prop_assert_eq!(t.labour_cents, sum(&|l| l.kind == LineKind::Labour));
        prop_assert_eq!(t.parts_cents, sum(&|l| l.kind == LineKind::Part));
        prop_assert_eq!(t.claim_cents, sum(&|l| l.claim));
        prop_assert_eq!(t.customer_cents, sum(&|l| !l.claim));
        prop_assert_eq!(t.labour_cents + t.parts_cents, t.claim_cents + t.customer_cents);
        let centi: i64 = lines.iter().filter(|l| l.kind == LineKind::Labour).map(|l| l.quantity_centi).sum();
        prop_assert!(t.labour_minutes * 100 >= centi * 60 && (t.labour_minutes - 1) * 100 < centi * 60);
    }

    #[test]
    fn parse_line_never_panics(desc in "\\PC{0,12}", qty in "\\PC{0,10}", price in "\\PC{0,12}") {
        if let Ok(l) = parse_line(LineKind::Labour, &desc, &qty, &price, false) {
            prop_assert_eq!(validate_line(&l), Ok(()));
        }
    }

    #[test]
    fn promises_are_late_enough_and_inside_opening_hours(
        day in 0u64..400,
        secs in 0u32..86_400,
        labour in -60i64..6_000,
        open_q in 0u32..48,
        len_q in 1u32..56,
        closed_mask in 0u8..127,
    ) {
        let now = d("2026-01-01")
            .checked_add_days(chrono::Days::new(day))
            .unwrap()
            .and_time(NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).unwrap());
        let opens = NaiveTime::from_num_seconds_from_midnight_opt(open_q * 600, 0).unwrap();
        let close_secs = (open_q + len_q) * 600;
        prop_assume!(close_secs < 86_400);
        let closes = NaiveTime::from_num_seconds_from_midnight_opt(close_secs, 0).unwrap();
        let closed = |d: NaiveDate| closed_mask & (1 << d.weekday().num_days_from_monday()) != 0;
        let p = propose_promise(now, labour, opens, closes, closed);
        let Some(p) = p else {
            return Ok(());
        };
        prop_assert!(p >= now + TimeDelta::minutes(20), "{} → {}", now, p);
        prop_assert!(p >= now + TimeDelta::minutes(labour.max(0) + 20), "{} → {}", now, p);
        prop_assert!(!closed(p.date()), "{} on a closed day", p);
        prop_assert!(p.time() >= opens && p.time() <= closes, "{} outside {}–{}", p, opens, closes);
        prop_assert_eq!(p.time().second(), 0);
        prop_assert_eq!(p.time().minute() % 15, 0);
        prop_assert_eq!(validate_promise(p, now), Ok(()));
    }

    #[test]
    fn a_normal_week_always_gets_a_promise(
        day in 0u64..400,
        secs in 0u32..86_400,
        labour in 0i64..3_000,
    ) {
        let now = d("2026-01-01")
            .checked_add_days(chrono::Days::new(day))
            .unwrap()
            .and_time(NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).unwrap());
        prop_assert!(promise(now, labour).is_some());
    }
}
