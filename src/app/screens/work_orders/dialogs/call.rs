//! The follow-up call's outcome (回访): reached (satisfaction with the result and with the
//! staff, 1–5, remark), not reached (counted; due again tomorrow or given up after the
//! shop's number of tries) or a problem, which books a comeback appointment in the same
//! transaction (day and time prefilled with the next open day at opening), opens the
//! complaint intake prefilled with the call (F3), or both.

use chrono::{Days, NaiveDate, NaiveTime};

use crate::app::screen::Cx;
use crate::app::screens::complaints::intake::FromCall;
use crate::app::widgets::form::{Field, Form};
use crate::domain::appointment::{self as rules, BookingRequest, DayDefaults};
use crate::domain::kinds::{
    AppointmentChannel, AppointmentKind, FollowUpOutcome, FollowUpState, PartsStatus, ServiceType,
    StaffRole,
};
use crate::domain::workshop::WorkError;
use crate::domain::workshop::follow_up::{self, AfterCall, Call};
use crate::i18n::{DomainError, Note};
use crate::store::appointments::NewAppointment;
use crate::store::workshop::FollowUpRow;

use super::super::Work;
use super::{Dialog, Kind, Target, W, day_text};

/// What a problem raised on the call leads to, in the order the choice offers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Then {
    Comeback,
    Complaint,
    Both,
}

impl Then {
    pub const ALL: &'static [Then] = &[Then::Comeback, Then::Complaint, Then::Both];

    fn label_key(self) -> &'static str {
        match self {
            Then::Comeback => "wo.then.comeback",
            Then::Complaint => "wo.then.complaint",
            Then::Both => "wo.then.both",
        }
    }

    pub fn books(self) -> bool {
        self != Then::Complaint
    }

    pub fn complains(self) -> bool {
        self != Then::Comeback
    }
}

/// How far ahead the comeback's day is looked for.
const HORIZON_DAYS: u64 = 30;

/// The first open day after `today` and its opening time.
pub fn next_open_day(today: NaiveDate, shop: &dyn DayDefaults) -> (NaiveDate, NaiveTime) {
    for d in 1..=HORIZON_DAYS {
        let Some(day) = today.checked_add_days(Days::new(d)) else {
            break;
        };
        let p = shop.policy_on(day);
        if !p.closed && !shop.holiday(day) {
            return (day, p.opens_at);
        }
    }
    let day = today.succ_opt().unwrap_or(today);
    (day, shop.policy_on(day).opens_at)
}

pub fn call<M>(row: &FollowUpRow, max_tries: i64, cx: &Cx<M>) -> Dialog {
    let (day, opens) = next_open_day(cx.today(), cx.settings);
    let mut form = Form::new(vec![
        Field::choice(
            W::Outcome,
            "wo.field.outcome",
            FollowUpOutcome::ALL
                .iter()
                .map(|o| o.label_key().to_string())
                .collect(),
            0,
        ),
        Field::text(W::ResultScore, "wo.field.result_score", "5").replace_on_type(),
        Field::text(W::StaffScore, "wo.field.staff_score", "5").replace_on_type(),
        Field::text(W::Remark, "wo.field.remark", ""),
        Field::text(W::Problem, "wo.field.problem", ""),
        Field::choice(
            W::Then,
            "wo.field.then",
            Then::ALL
                .iter()
                .map(|t| t.label_key().to_string())
                .collect(),
            0,
        ),
        Field::text(W::Day, "booking.field.day", &day_text(day)).replace_on_type(),
        Field::text(
            W::Time,
            "booking.field.time",
            &opens.format("%H:%M").to_string(),
        )
        .replace_on_type(),
        Field::text(W::Hours, "booking.field.hours", "1").replace_on_type(),
    ]);
    sync(&mut form);
    let target = Target {
        id: row.id,
        version: row.version,
        number: row.number.clone(),
        who: format!(
            "{} {}",
            crate::fmt::plate_text(&row.plate),
            row.customer_name
        ),
    };
    Dialog::new(
        Kind::Call {
            row: row.clone(),
            max_tries,
        },
        form,
        target,
    )
}

pub fn outcome(form: &Form<W>) -> FollowUpOutcome {
    FollowUpOutcome::ALL[form.choice(W::Outcome).min(FollowUpOutcome::ALL.len() - 1)]
}

/// What the problem leads to, as chosen.
pub fn then(form: &Form<W>) -> Then {
    Then::ALL[form.choice(W::Then).min(Then::ALL.len() - 1)]
}

pub fn sync(form: &mut Form<W>) {
    let o = outcome(form);
    for f in [W::ResultScore, W::StaffScore, W::Remark] {
        form.set_hidden(f, o != FollowUpOutcome::Reached);
    }
    for f in [W::Problem, W::Then] {
        form.set_hidden(f, o != FollowUpOutcome::Problem);
    }
    let books = o == FollowUpOutcome::Problem && then(form).books();
    for f in [W::Day, W::Time, W::Hours] {
        form.set_hidden(f, !books);
    }
}

/// What an unanswered call would do now: due again tomorrow, or given up.
pub fn after_not_reached(row: &FollowUpRow, max_tries: i64, today: NaiveDate) -> Option<AfterCall> {
    follow_up::after_call(
        FollowUpState::Due,
        row.tries,
        max_tries,
        &Call::NotReached,
        today,
    )
    .ok()
}

pub fn read<M>(
    form: &mut Form<W>,
    row: &FollowUpRow,
    max_tries: i64,
    target: &Target,
    cx: &Cx<M>,
) -> Option<Work> {
    let call = match outcome(form) {
        FollowUpOutcome::Reached => {
            let result = follow_up::parse_score(form.text(W::ResultScore))
                .map_err(|e| form.set_error(W::ResultScore, e.note()));
            let staff = follow_up::parse_score(form.text(W::StaffScore))
                .map_err(|e| form.set_error(W::StaffScore, e.note()));
            let (Ok(result), Ok(staff)) = (result, staff) else {
                return None;
            };
            Call::Reached {
                result,
                staff,
                remark: form.text(W::Remark).trim().to_string(),
            }
        }
        FollowUpOutcome::NotReached => Call::NotReached,
        FollowUpOutcome::Problem => Call::Problem {
            text: form.text(W::Problem).trim().to_string(),
        },
    };
    if let Err(e) =
        follow_up::after_call(FollowUpState::Due, row.tries, max_tries, &call, cx.today())
    {
        let f = match e {
            WorkError::ProblemRequired => W::Problem,
            WorkError::BadScore => W::ResultScore,
            _ => W::Outcome,
        };
        form.set_error(f, e.note());
        return None;
    }
    let (comeback, complaint) = match &call {
        Call::Problem { text } => {
            let then = then(form);
            let booked = match then.books() {
                true => Some(comeback(form, row, text, target, cx)?),
                false => None,
            };
            let complaint = then.complains().then(|| FromCall {
                customer_id: row.customer_id,
                vehicle_id: row.vehicle_id,
                order_id: row.id,
                number: row.number.clone(),
                label: format!(
                    "{} {}",
                    row.customer_name,
                    crate::fmt::plate_text(&row.plate)
                ),
                text: text.clone(),
            });
            (booked, complaint)
        }
        _ => (None, None),
    };
    Some(Work::Call {
        call,
        comeback: comeback.map(Box::new),
        complaint: complaint.map(Box::new),
    })
}

/// The comeback appointment of a problem call, checked against the day's opening hours.
fn comeback<M>(
    form: &mut Form<W>,
    row: &FollowUpRow,
    problem: &str,
    target: &Target,
    cx: &Cx<M>,
) -> Option<NewAppointment> {
    let today = cx.today();
    let day =
        rules::parse_day(form.text(W::Day), today).map_err(|e| form.set_error(W::Day, e.note()));
    let time = rules::parse_time(form.text(W::Time)).map_err(|e| form.set_error(W::Time, e.note()));
    let minutes =
        rules::parse_hours(form.text(W::Hours)).map_err(|e| form.set_error(W::Hours, e.note()));
    let (Ok(day), Ok(time), Ok(minutes)) = (day, time, minutes) else {
        return None;
    };
    let mut policy = cx.settings.policy_on(day);
    if DayDefaults::holiday(cx.settings, day) {
        policy.closed = true;
    }
    let req = BookingRequest {
        day,
        start: time,
        est_minutes: minutes,
    };
    if let Err(e) = rules::validate_booking(&req, &policy, cx.now_local()) {
        let f = match e {
            rules::BookingError::ClosedDay => W::Day,
            rules::BookingError::HoursNotPositive | rules::BookingError::HoursTooLong { .. } => {
                W::Hours
            }
            _ => W::Time,
        };
        form.set_error(f, e.note());
        return None;
    }
    let Some(starts_at) = cx.zone.from_local(day.and_time(time)) else {
        form.set_error(W::Time, Note::error("booking.error.no_such_time", vec![]));
        return None;
    };
    Some(NewAppointment {
        customer_id: row.customer_id,
        vehicle_id: row.vehicle_id,
        day,
        starts_at,
        service: ServiceType::Comeback,
        est_minutes: minutes,
        advisor_id: cx
            .staff
            .filter(|s| s.role == StaffRole::Advisor)
            .map(|s| s.id),
        kind: AppointmentKind::Active,
        channel: AppointmentChannel::Phone,
        parts: PartsStatus::NotNeeded,
        parts_expected_on: None,
        complaint_case: false,
        symptoms: Some(problem.to_string()),
        note: Some(target.number.clone()),
        package_id: None,
    })
}
