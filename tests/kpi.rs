//! The supervisors' key figures (domain::kpi): a fixed three-day data set counted by hand,
//! every target at and either side of its bound, and the edges (outcomes not yet known,
//! clocks not yet judged, rounding half up, satisfaction in tenths).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use frontdesk::domain::appointment::{CapacityPolicy, DayLoad};
use frontdesk::domain::complaint::Deadline;
use frontdesk::domain::kinds::AppointmentState as A;
use frontdesk::domain::kpi::{self, DayFacts, Kpi, Series, Target};
use frontdesk::domain::workshop::figures::{Delivered, Rate};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// An order of 2026-11-`d` promised for 16:00, handed over at 15:30 (or 16:30 when
/// `late`), first time right, not called back yet.
fn delivered(d: u32, late: bool) -> Delivered {
    let time = |hm: &str| at(&format!("2026-11-{d:02}T{hm}:00Z"));
    Delivered {
        promised_at: time("16:00"),
        delivered_at: time(if late { "16:30" } else { "15:30" }),
        signed_at: time("08:30"),
        dispatched_at: Some(time("08:45")),
        qc_failures: 0,
        came_back: false,
        satisfaction: None,
    }
}

/// An on-time order whose follow-up call gave `result` for the work and `staff` for the
/// people.
fn rated(d: u32, result: i64, staff: i64) -> Delivered {
    Delivered {
        satisfaction: Some((result, staff)),
        ..delivered(d, false)
    }
}

fn due() -> Deadline {
    Deadline::Due {
        due: at("2026-11-23T18:00:00Z"),
        left: Duration::minutes(30),
    }
}

fn overdue() -> Deadline {
    Deadline::Overdue {
        due: at("2026-11-21T12:00:00Z"),
        late: Duration::hours(2),
    }
}

fn paused() -> Deadline {
    Deadline::Paused {
        left: Duration::hours(40),
    }
}

fn load(booked_minutes: i64, policy: CapacityPolicy) -> DayLoad {
    DayLoad {
        booked_minutes,
        policy,
    }
}

/// A day with nothing but its date (no load, no appointments, orders or complaints).
fn empty(d: u32) -> DayFacts {
    DayFacts {
        day: NaiveDate::from_ymd_opt(2026, 11, d).unwrap(),
        ..DayFacts::default()
    }
}

/// 2026-11-21..23, the last one today.
fn three_days() -> Vec<DayFacts> {
    // Every state: 3 came (arrived, 2 checked in) and 1 no-show are known; booked and
    // confirmed are still to come, cancelled and rescheduled are not counted.
    let mut d21_appointments = vec![A::Arrived, A::CheckedIn, A::CheckedIn, A::NoShow];
    d21_appointments.extend([A::Booked, A::Confirmed, A::Cancelled, A::Rescheduled]);
    let d21 = DayFacts {
        // 10 technicians × 480 min × 100 % = 4800 available; 3000 booked = 62.5 % → 63.
        load: Some(load(3000, CapacityPolicy::manual_default())),
        appointments: d21_appointments,
        // 4 orders: one late, one failed a check, one came back; results 4 and 5 rated.
        delivered: vec![
            Delivered {
                satisfaction: Some((4, 3)),
                ..delivered(21, true)
            },
            Delivered {
                qc_failures: 1,
                ..rated(21, 5, 5)
            },
            Delivered {
                came_back: true,
                ..delivered(21, false)
            },
            delivered(21, false),
        ],
        complaints: vec![
            (Deadline::Met, Some(Deadline::Met)),
            (Deadline::MetLate, Some(overdue())),
            (Deadline::Met, None),
            (due(), None),
        ],
        ..empty(21)
    };
    let closed = CapacityPolicy {
        closed: true,
        ..CapacityPolicy::manual_default()
    };
    let d22 = DayFacts {
        // Closed: nothing available, so no booking rate (not 0 %).
        load: Some(load(0, closed)),
        // No outcome known yet.
        appointments: vec![A::Booked, A::Confirmed, A::Cancelled, A::Rescheduled],
        // One order, on time, not called back.
        delivered: vec![delivered(22, false)],
        // Report: Met judged, Paused not → 1 of 1. Answer: only a paused clock → nothing.
        complaints: vec![(Deadline::Met, Some(paused())), (paused(), None)],
        ..empty(22)
    };
    // 8 orders: one late, one came back, three rated (results 4, 4, 5).
    let mut d23_orders = vec![delivered(23, false); 3];
    d23_orders.extend([
        rated(23, 4, 2),
        delivered(23, true),
        Delivered {
            came_back: true,
            ..delivered(23, false)
        },
        rated(23, 4, 5),
        rated(23, 5, 5),
    ]);
    // 8 came (5 checked in, 3 arrived) and 1 no-show; the booked one is still to come.
    let mut d23_appointments = vec![A::CheckedIn; 5];
    d23_appointments.extend([A::Arrived; 3]);
    d23_appointments.extend([A::NoShow, A::Booked, A::Rescheduled]);
    let five_at_90 = CapacityPolicy {
        technicians: 5,
        productivity_pct: 90,
        ..CapacityPolicy::manual_default()
    };
    let d23 = DayFacts {
        // 5 technicians × 480 min × 90 % = 2160 available; 1740 booked = 80.56 % → 81.
        load: Some(load(1740, five_at_90)),
        appointments: d23_appointments,
        delivered: d23_orders,
        complaints: vec![
            (Deadline::Met, Some(Deadline::Met)),
            (Deadline::Met, Some(due())),
            (Deadline::Met, None),
            (paused(), None),
        ],
        ..empty(23)
    };
    vec![d21, d22, d23]
}

/// Every figure of the three days, counted by hand, and today's value (the last day's)
/// against its target.
#[test]
fn series_of_three_days() {
    // (figure, its values oldest first, whether today's meets the target)
    let expected: [(Kpi, Vec<Option<u64>>, bool); 8] = [
        // 3000 / 4800 = 62.5 → 63; closed → None; 1740 / 2160 = 80.56 → 81, above 60–80.
        (Kpi::BookingRate, vec![Some(63), None, Some(81)], false),
        // 3 came of 4 known: 75; nothing known: None; 8 came of 9 known = 88.9 → 89 < 90.
        (Kpi::ShowUp, vec![Some(75), None, Some(89)], false),
        // 3 of 4 by the promise: 75; 1 of 1: 100; 7 of 8 = 87.5 → 88 < 95.
        (Kpi::OnTime, vec![Some(75), Some(100), Some(88)], false),
        // The failed check and the comeback spoil 2 of 4: 50; 1 of 1: 100; the comeback
        // spoils 1 of 8: 87.5 → 88 < 90 (a late order is still fixed the first time).
        (
            Kpi::FirstTimeFix,
            vec![Some(50), Some(100), Some(88)],
            false,
        ),
        // 1 of 4 came back: 25; 0 of 1: 0; 1 of 8 = 12.5 → 13 > 5.
        (Kpi::Comeback, vec![Some(25), Some(0), Some(13)], false),
        // Met, MetLate, Met judged (Due not): 2 of 3 = 66.7, rounded down (every
        // complaint is the target) → 66; Met (Paused not): 100; three Met: 100 == 100.
        (Kpi::Report1h, vec![Some(66), Some(100), Some(100)], true),
        // Met and Overdue (the not-escalated ones have no clock): 1 of 2 = 50; only a
        // paused clock: None; Met (Due not judged): 100 == 100.
        (Kpi::Answer72h, vec![Some(50), None, Some(100)], true),
        // Results 4, 5 → 4.5 = 45; no call reached: None; 4, 4, 5 → 4.33 → 43 < 45 (the
        // staff scores do not count).
        (Kpi::Satisfaction, vec![Some(45), None, Some(43)], false),
    ];
    let series = kpi::series(&three_days());
    let kpis: Vec<Kpi> = series.iter().map(|s| s.kpi).collect();
    assert_eq!(
        kpis,
        Kpi::ALL,
        "one series per figure, in the board's order"
    );
    for (s, (kpi, days, on)) in series.iter().zip(expected) {
        assert_eq!(s.today(), days[2], "{kpi:?}");
        assert_eq!(s.days, days, "{kpi:?}");
        assert_eq!(s.on_target(), Some(on), "{kpi:?}");
    }
}

/// Each figure's target, and `Target::met` at and either side of each bound, directly
/// and through a series whose last day has that value (earlier days are not judged).
#[test]
fn target_met_at_and_beside_each_bound() {
    use Kpi::*;
    use Target::*;
    // (figure, target, values that meet it, values that miss it)
    let table: [(Kpi, Target, &[u64], &[u64]); 8] = [
        (BookingRate, Band(60, 80), &[60, 61, 79, 80], &[0, 59, 81]),
        (ShowUp, AtLeast(90), &[90, 91, 100], &[0, 89]),
        (OnTime, AtLeast(95), &[95, 96, 100], &[0, 94]),
        (FirstTimeFix, AtLeast(90), &[90, 91, 100], &[0, 89]),
        (Comeback, AtMost(5), &[0, 4, 5], &[6, 100]),
        (Report1h, AtLeast(100), &[100], &[0, 99]),
        (Answer72h, AtLeast(100), &[100], &[0, 99]),
        (Satisfaction, AtLeast(45), &[45, 46, 50], &[10, 44]),
    ];
    for (kpi, target, meets, misses) in table {
        assert_eq!(kpi.target(), target, "{kpi:?}");
        assert_eq!(kpi.in_tenths(), kpi == Satisfaction, "{kpi:?}");
        let cases = meets.iter().map(|&v| (v, true));
        for (value, met) in cases.chain(misses.iter().map(|&v| (v, false))) {
            assert_eq!(target.met(value), met, "{kpi:?} at {value}");
            let s = Series {
                kpi,
                days: vec![None, Some(1000), Some(value)],
            };
            assert_eq!((s.today(), s.on_target()), (Some(value), Some(met)));
        }
    }
    // Nothing to count today: no value and nothing to judge, whatever came before.
    for days in [vec![], vec![None], vec![Some(100), None]] {
        let s = Series { kpi: OnTime, days };
        assert_eq!((s.today(), s.on_target()), (None, None), "{:?}", s.days);
    }
}

/// Show-up counts only known outcomes: came (arrived, checked in) of came + no-show.
#[test]
fn show_up_counts_only_known_outcomes() {
    // (states, came, known, percent)
    let cases: [(&[A], u64, u64, Option<u64>); 6] = [
        // Still to come or not due any more: nothing known.
        (&[A::Booked, A::Confirmed, A::Cancelled], 0, 0, None),
        (&[A::Rescheduled], 0, 0, None),
        (&[], 0, 0, None),
        // Only a no-show known: 0 %, not None.
        (&[A::NoShow, A::Booked], 0, 1, Some(0)),
        // 1 of 2 known (the confirmed one is still to come): 50.
        (&[A::Arrived, A::NoShow, A::Confirmed], 1, 2, Some(50)),
        // Arrived and checked in both came: 2 of 2.
        (&[A::Arrived, A::CheckedIn, A::Cancelled], 2, 2, Some(100)),
    ];
    for (states, hits, total, pct) in cases {
        assert_eq!(kpi::show_up(states), Rate { hits, total }, "{states:?}");
        let mut facts = empty(21);
        facts.appointments = states.to_vec();
        assert_eq!(kpi::value(Kpi::ShowUp, &facts), pct, "{states:?}");
    }
}

/// Compliance judges Met, MetLate and Overdue clocks; Due and Paused are not judged yet.
#[test]
fn compliance_ignores_due_and_paused() {
    use Deadline::{Met, MetLate};
    // (clocks, met, judged, answer percent, report percent with one more met in time)
    type Case = (Vec<Deadline>, u64, u64, Option<u64>, u64);
    let cases: [Case; 5] = [
        (vec![due(), paused()], 0, 0, None, 100),    // report 1 of 1
        (vec![Met, paused()], 1, 1, Some(100), 100), // 2 of 2
        (vec![MetLate, due()], 0, 1, Some(0), 50),   // 1 of 2
        (vec![Met, overdue(), due()], 1, 2, Some(50), 66), // 2 of 3 = 66.7 → 66 (down)
        (vec![Met, MetLate, overdue()], 1, 3, Some(33), 50), // 1 of 3 = 33.3 → 33; 2 of 4 (down)
    ];
    for (clocks, hits, total, answer, report) in cases {
        let rate = kpi::compliance(clocks.iter());
        assert_eq!(rate, Rate { hits, total }, "{clocks:?}");
        // The same clocks as report and answer clocks, plus a complaint reported in time
        // and not escalated (no answer clock).
        let mut facts = empty(22);
        facts.complaints = clocks.iter().map(|&c| (c, Some(c))).collect();
        facts.complaints.push((Met, None));
        let value = |k| kpi::value(k, &facts);
        assert_eq!(value(Kpi::Answer72h), answer, "{clocks:?}");
        assert_eq!(value(Kpi::Report1h), Some(report), "{clocks:?}");
    }
}

/// Percentages round half up: 2 of 3 = 67, 1 of 8 = 13 (12.5 up), 1 of 3 = 33.
#[test]
fn percentages_round_half_up() {
    // (on time, late, on-time percent)
    let cases = [
        (2, 1, 67), // 66.67
        (1, 7, 13), // 12.5 rounds up
        (1, 2, 33), // 33.33
        (7, 1, 88), // 87.5 rounds up
        (3, 5, 38), // 37.5 rounds up
        (1, 1, 50), // exact
        (0, 3, 0),  // none on time: 0, not None
    ];
    for (ok, late, pct) in cases {
        let mut facts = empty(23);
        facts.delivered = vec![delivered(23, false); ok];
        facts.delivered.resize(ok + late, delivered(23, true));
        assert_eq!(kpi::value(Kpi::OnTime, &facts), Some(pct), "{ok}, {late}");
    }
    assert_eq!(kpi::value(Kpi::OnTime, &empty(23)), None, "no order");
}

/// Booking rate: booked / available rounded half up; None when nothing is available.
#[test]
fn booking_rate_edges() {
    let open = CapacityPolicy::manual_default(); // 10 × 480 × 100 % = 4800 available
    let (mut closed, mut nobody) = (open, open);
    closed.closed = true;
    nobody.technicians = 0;
    let cases = [
        (Some(open), 2880, Some(60)),  // 60.0
        (Some(open), 2856, Some(60)),  // 59.5 rounds up
        (Some(open), 2855, Some(59)),  // 59.48
        (Some(open), 3864, Some(81)),  // 80.5 rounds up
        (Some(open), 0, Some(0)),      // open, nothing booked: 0 %, not None
        (Some(open), 6000, Some(125)), // overbooked by overrides
        (Some(closed), 0, None),
        (Some(nobody), 120, None), // 0 available, though something is booked
        (None, 0, None),           // no policy for the day
    ];
    for (policy, booked_minutes, pct) in cases {
        let mut facts = empty(21);
        facts.load = policy.map(|p| load(booked_minutes, p));
        assert_eq!(
            kpi::value(Kpi::BookingRate, &facts),
            pct,
            "{:?}",
            facts.load
        );
    }
}

/// Satisfaction is the average result score in tenths, rounded half up, over reached
/// calls only; the staff score does not count.
#[test]
fn satisfaction_in_tenths_half_up() {
    let cases: [(&[i64], Option<u64>); 7] = [
        (&[4, 5], Some(45)),       // 4.5
        (&[4, 4, 5], Some(43)),    // 4.33
        (&[4, 5, 5], Some(47)),    // 4.67
        (&[4, 5, 5, 5], Some(48)), // 4.75 rounds up
        (&[1, 2], Some(15)),       // 1.5
        (&[5], Some(50)),
        (&[], None), // no call reached
    ];
    for (scores, tenths) in cases {
        // Every call gave the staff 1; one more order was not reached.
        let mut facts = empty(23);
        facts.delivered = scores.iter().map(|&s| rated(23, s, 1)).collect();
        facts.delivered.push(delivered(23, false));
        assert_eq!(kpi::value(Kpi::Satisfaction, &facts), tenths, "{scores:?}");
    }
}

/// The complaint figures aim at every complaint in time: one late in 200 is 99 %, not a
/// 100 % that rounding half up would show.
#[test]
fn one_late_complaint_in_two_hundred_is_not_a_hundred_percent() {
    let mut day = empty(23);
    day.complaints = (0..200)
        .map(|i| {
            let d = if i == 0 {
                Deadline::MetLate
            } else {
                Deadline::Met
            };
            (d, Some(d))
        })
        .collect();
    assert_eq!(kpi::value(Kpi::Report1h, &day), Some(99));
    assert_eq!(kpi::value(Kpi::Answer72h, &day), Some(99));
    day.complaints.remove(0);
    assert_eq!(kpi::value(Kpi::Report1h, &day), Some(100));
}
