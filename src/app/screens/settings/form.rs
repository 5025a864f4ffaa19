//! The settings form: built from the stored settings, read back into typed settings with
//! an error in the user's language next to each field that does not parse (pure).

use chrono::NaiveTime;

use crate::app::widgets::form::{Field, Form};
use crate::domain::appointment::{self as rules, DayHours};
use crate::domain::complaint::Counting;
use crate::domain::kinds::ComplaintStage;
use crate::domain::money::Cents;
use crate::field_ids;
use crate::i18n::{I18n, Note};
use crate::store::settings::{
    APPROVAL_WAIT_RANGE, COMEBACK_DAYS_RANGE, DEFAULT_QC_CHECKLIST, FOLLOW_UP_DAYS_RANGE,
    FOLLOW_UP_TRIES_RANGE, MAX_DISCOUNT_LIMIT_CENTS, MAX_LABOUR_RATE_CENTS, QC_ITEM_MAX_CHARS,
    QC_ITEMS_RANGE, ShopSettings,
};
use crate::store::settings::{
    COMPLAINT_ANSWER_RANGE, COMPLAINT_FOLLOW_UP_RANGE, COMPLAINT_PAUSABLE, COMPLAINT_REPORT_RANGE,
};
use crate::store::shop::MAX_CHARS;

field_ids! {
    /// Every field of the settings form, in the order shown.
    pub enum SetField {
        Name = "name", Address = "address", Phone = "phone", TimeZone = "time_zone",
        LabourRate = "labour_rate", ComebackDays = "comeback_days",
        Mon = "mon", Tue = "tue", Wed = "wed", Thu = "thu", Fri = "fri", Sat = "sat", Sun = "sun",
        Technicians = "technicians", Minutes = "minutes_per_tech",
        Productivity = "productivity", BookingRate = "booking_rate",
        ApprovalWait = "approval_wait", DiscountLimit = "discount_limit",
        FollowUpDays = "follow_up_days", FollowUpTries = "follow_up_tries",
        QcChecklist = "qc_checklist",
        CpReport = "complaint_report", CpReportCounting = "complaint_report_counting",
        CpAnswer = "complaint_answer", CpAnswerCounting = "complaint_answer_counting",
        CpFollowUp = "complaint_follow_up", CpPause = "complaint_pause",
    }
}

/// The pause choices of the complaint clocks: none, or one of the pausable stages.
pub fn pause_options() -> Vec<Option<ComplaintStage>> {
    std::iter::once(None)
        .chain(COMPLAINT_PAUSABLE.iter().map(|s| Some(*s)))
        .collect()
}

field_ids! {
    /// Adding a holiday.
    pub enum HolidayField { Date = "date", Name = "name" }
}

pub const DAYS: [SetField; 7] = [
    SetField::Mon,
    SetField::Tue,
    SetField::Wed,
    SetField::Thu,
    SetField::Fri,
    SetField::Sat,
    SetField::Sun,
];

/// Opening hours as typed: "08:30-17:30", or the closed word of the language.
pub fn hours_text(h: DayHours, closed: &str) -> String {
    match h {
        Some((o, c)) => format!("{}-{}", o.format("%H:%M"), c.format("%H:%M")),
        None => closed.to_string(),
    }
}

/// The form filled with `s`; the closed word comes from the catalog.
pub fn form(s: &ShopSettings, t: &I18n) -> Form<SetField> {
    let c = s.week.capacity;
    let closed = t.t("settings.closed");
    let mut fields = vec![
        Field::text(SetField::Name, "settings.field.name", &s.shop.name),
        Field::text(SetField::Address, "settings.field.address", &s.shop.address),
        Field::text(SetField::Phone, "settings.field.phone", &s.shop.phone),
        Field::text(
            SetField::TimeZone,
            "settings.field.time_zone",
            s.time_zone.name(),
        ),
        Field::text(
            SetField::LabourRate,
            "settings.field.labour_rate",
            &Cents(s.labour_rate_cents).to_string(),
        )
        .replace_on_type(),
        Field::text(
            SetField::ComebackDays,
            "settings.field.comeback_days",
            &s.comeback_days.to_string(),
        )
        .replace_on_type(),
    ];
    for (i, id) in DAYS.iter().enumerate() {
        fields.push(
            Field::text(
                *id,
                crate::fmt::WEEKDAY_KEYS[i],
                &hours_text(s.week.hours[i], closed),
            )
            .replace_on_type(),
        );
    }
    for (id, label, v) in [
        (
            SetField::Technicians,
            "settings.field.technicians",
            c.technicians,
        ),
        (
            SetField::Minutes,
            "settings.field.minutes_per_tech",
            c.minutes_per_tech,
        ),
        (
            SetField::Productivity,
            "settings.field.productivity",
            c.productivity_pct,
        ),
        (
            SetField::BookingRate,
            "settings.field.booking_rate",
            c.booking_rate_pct,
        ),
    ] {
        fields.push(Field::text(id, label, &v.to_string()).replace_on_type());
    }
    let w = &s.workshop;
    for (id, label, v) in [
        (
            SetField::ApprovalWait,
            "settings.field.approval_wait",
            w.approval_wait_minutes.to_string(),
        ),
        (
            SetField::DiscountLimit,
            "settings.field.discount_limit",
            Cents(w.discount_limit_cents).to_string(),
        ),
        (
            SetField::FollowUpDays,
            "settings.field.follow_up_days",
            w.follow_up_days.to_string(),
        ),
        (
            SetField::FollowUpTries,
            "settings.field.follow_up_tries",
            w.follow_up_tries.to_string(),
        ),
    ] {
        fields.push(Field::text(id, label, &v).replace_on_type());
    }
    fields.push(Field::text(
        SetField::QcChecklist,
        "settings.field.qc_checklist",
        &checklist_text(&w.qc_checklist, t),
    ));
    let p = &s.complaints;
    let counting = |c: Counting| Counting::ALL.iter().position(|x| *x == c).unwrap_or(0);
    let counting_labels: Vec<String> = Counting::ALL
        .iter()
        .map(|c| c.label_key().to_string())
        .collect();
    fields.push(
        Field::text(
            SetField::CpReport,
            "settings.field.complaint_report",
            &p.report.minutes.to_string(),
        )
        .replace_on_type(),
    );
    fields.push(Field::choice(
        SetField::CpReportCounting,
        "settings.field.complaint_counting",
        counting_labels.clone(),
        counting(p.report.counting),
    ));
    // The answer clock in hours (72), stored in minutes.
    let answer = if p.answer.minutes % 60 == 0 {
        (p.answer.minutes / 60).to_string()
    } else {
        format!("{:.2}", p.answer.minutes as f64 / 60.0)
    };
    fields.push(
        Field::text(
            SetField::CpAnswer,
            "settings.field.complaint_answer",
            &answer,
        )
        .replace_on_type(),
    );
    fields.push(Field::choice(
        SetField::CpAnswerCounting,
        "settings.field.complaint_counting",
        counting_labels,
        counting(p.answer.counting),
    ));
    fields.push(
        Field::text(
            SetField::CpFollowUp,
            "settings.field.complaint_follow_up",
            &p.follow_up_days.to_string(),
        )
        .replace_on_type(),
    );
    let options = pause_options();
    let now = options
        .iter()
        .position(|o| match o {
            None => p.pause_in.is_empty(),
            Some(st) => p.pause_in.first() == Some(st),
        })
        .unwrap_or(0);
    fields.push(Field::choice(
        SetField::CpPause,
        "settings.field.complaint_pause",
        options
            .iter()
            .map(|o| match o {
                None => "settings.pause.none".to_string(),
                Some(st) => st.label_key().to_string(),
            })
            .collect(),
        now,
    ));
    let mut f = Form::new(fields);
    for (id, key) in [
        (SetField::CpReport, "settings.unit.minutes"),
        (SetField::CpAnswer, "settings.unit.hours"),
        (SetField::CpFollowUp, "settings.unit.days_after_resolved"),
        (SetField::ApprovalWait, "settings.unit.minutes"),
        (SetField::FollowUpDays, "settings.unit.days_after"),
        (SetField::FollowUpTries, "settings.unit.tries"),
    ] {
        f.set_hint(id, Some(Note::info(key)));
    }
    f
}

/// The checklist as the reader sees it: built-in items in their language, the shop's
/// own words as written, joined by the language's separator.
pub fn checklist_text(items: &[String], t: &I18n) -> String {
    items
        .iter()
        .map(|i| t.t(i))
        .collect::<Vec<_>>()
        .join(t.t("settings.qc_separator"))
}

/// Reads a typed checklist: items separated by commas, semicolons or 、 (full-width
/// too). An item that reads as a built-in one in any language is stored as its key, so
/// it shows in each reader's language.
pub fn parse_checklist(s: &str) -> Result<Vec<String>, Note> {
    let s = crate::domain::text::fold(s);
    let builtin: Vec<(String, &str)> = crate::i18n::Lang::ALL
        .iter()
        .flat_map(|l| {
            let t = I18n::new(*l);
            DEFAULT_QC_CHECKLIST
                .iter()
                .map(move |k| (t.t(k).to_lowercase(), *k))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut out: Vec<String> = Vec::new();
    for item in s.split([',', ';', '、', '，', '；', '\n']) {
        let item = item.split_whitespace().collect::<Vec<_>>().join(" ");
        if item.is_empty() {
            continue;
        }
        if item.chars().count() > QC_ITEM_MAX_CHARS {
            return Err(err("settings.error.qc_checklist"));
        }
        let lower = item.to_lowercase();
        let stored = builtin
            .iter()
            .find(|(label, key)| *label == lower || **key == item)
            .map_or(item, |(_, key)| key.to_string());
        if out.contains(&stored) {
            return Err(err("settings.error.qc_checklist"));
        }
        out.push(stored);
    }
    let (lo, hi) = QC_ITEMS_RANGE;
    if !(lo..=hi).contains(&out.len()) {
        return Err(err("settings.error.qc_checklist"));
    }
    Ok(out)
}

fn err(key: &str) -> Note {
    Note::error(key, vec![])
}

/// "08:30-17:30", "8:30–17:30", "0830~1730"; closed: empty, "-", "closed", "休息", "休".
pub fn parse_hours(s: &str, closed: &str) -> Result<DayHours, Note> {
    let s = crate::domain::text::fold(s.trim());
    let s = s.trim();
    let lower = s.to_lowercase();
    if s.is_empty() || s == "-" || lower == "closed" || s == "休息" || s == "休" || s == closed {
        return Ok(None);
    }
    let Some((o, c)) = s.split_once(['-', '–', '~', '至']) else {
        return Err(err("settings.error.hours"));
    };
    let t = |x: &str| -> Result<NaiveTime, Note> {
        rules::parse_time(x.trim()).map_err(|_| err("settings.error.hours"))
    };
    let (o, c) = (t(o)?, t(c)?);
    if o >= c {
        return Err(err("settings.error.hours_order"));
    }
    Ok(Some((o, c)))
}

fn number(s: &str, lo: i64, hi: i64, key: &str) -> Result<i64, Note> {
    let s = crate::domain::text::fold(s.trim());
    match s.trim().parse::<i64>() {
        Ok(v) if (lo..=hi).contains(&v) => Ok(v),
        _ => Err(err(key)),
    }
}

fn line(s: &str) -> Result<String, Note> {
    let s = s.trim();
    if s.chars().any(char::is_control) || s.chars().count() > MAX_CHARS {
        return Err(err("settings.error.text"));
    }
    Ok(s.to_string())
}

/// Reads the form into a copy of `base` (whose versions the save is based on); every
/// field that does not parse gets its error and `None` is returned.
pub fn read(f: &mut Form<SetField>, base: &ShopSettings, closed: &str) -> Option<ShopSettings> {
    f.clear_errors();
    let mut s = base.clone();
    let mut ok = true;
    let mut check = |f: &mut Form<SetField>, id: SetField, r: Result<(), Note>| {
        if let Err(n) = r {
            f.set_error(id, n);
            ok = false;
        }
    };
    let text = |f: &Form<SetField>, id| f.text(id).to_string();
    let r = line(&text(f, SetField::Name)).map(|v| s.shop.name = v);
    check(f, SetField::Name, r);
    let r = line(&text(f, SetField::Address)).map(|v| s.shop.address = v);
    check(f, SetField::Address, r);
    let r = line(&text(f, SetField::Phone)).map(|v| s.shop.phone = v);
    check(f, SetField::Phone, r);
    let r = text(f, SetField::TimeZone)
        .trim()
        .parse::<chrono_tz::Tz>()
        .map(|z| s.time_zone = z)
        .map_err(|_| err("settings.error.time_zone"));
    check(f, SetField::TimeZone, r);
    let r = Cents::parse_yuan(&text(f, SetField::LabourRate))
        .ok()
        .filter(|c| (0..=MAX_LABOUR_RATE_CENTS).contains(&c.0))
        .map(|c| s.labour_rate_cents = c.0)
        .ok_or_else(|| err("settings.error.labour_rate"));
    check(f, SetField::LabourRate, r);
    let (lo, hi) = COMEBACK_DAYS_RANGE;
    let r = number(
        &text(f, SetField::ComebackDays),
        lo,
        hi,
        "settings.error.comeback_days",
    )
    .map(|v| s.comeback_days = v);
    check(f, SetField::ComebackDays, r);
    for (i, id) in DAYS.iter().enumerate() {
        let r = parse_hours(&text(f, *id), closed).map(|h| s.week.hours[i] = h);
        check(f, *id, r);
    }
    let c = &mut s.week.capacity;
    for (id, lo, hi, key, slot) in [
        (
            SetField::Technicians,
            0,
            500,
            "settings.error.technicians",
            &mut c.technicians,
        ),
        (
            SetField::Minutes,
            1,
            1440,
            "settings.error.minutes",
            &mut c.minutes_per_tech,
        ),
        (
            SetField::Productivity,
            1,
            200,
            "settings.error.productivity",
            &mut c.productivity_pct,
        ),
        (
            SetField::BookingRate,
            1,
            100,
            "settings.error.booking_rate",
            &mut c.booking_rate_pct,
        ),
    ] {
        let r = number(&text(f, id), lo, hi, key).map(|v| *slot = v as u32);
        check(f, id, r);
    }
    let w = &mut s.workshop;
    let (lo, hi) = APPROVAL_WAIT_RANGE;
    let r = number(
        &text(f, SetField::ApprovalWait),
        lo,
        hi,
        "settings.error.approval_wait",
    )
    .map(|v| w.approval_wait_minutes = v);
    check(f, SetField::ApprovalWait, r);
    let r = Cents::parse_yuan(&text(f, SetField::DiscountLimit))
        .ok()
        .filter(|c| (0..=MAX_DISCOUNT_LIMIT_CENTS).contains(&c.0))
        .map(|c| w.discount_limit_cents = c.0)
        .ok_or_else(|| err("settings.error.discount_limit"));
    check(f, SetField::DiscountLimit, r);
    let (lo, hi) = FOLLOW_UP_DAYS_RANGE;
    let r = number(
        &text(f, SetField::FollowUpDays),
        lo,
        hi,
        "settings.error.follow_up_days",
    )
    .map(|v| w.follow_up_days = v);
    check(f, SetField::FollowUpDays, r);
    let (lo, hi) = FOLLOW_UP_TRIES_RANGE;
    let r = number(
        &text(f, SetField::FollowUpTries),
        lo,
        hi,
        "settings.error.follow_up_tries",
    )
    .map(|v| w.follow_up_tries = v);
    check(f, SetField::FollowUpTries, r);
    let r = parse_checklist(&text(f, SetField::QcChecklist)).map(|v| w.qc_checklist = v);
    check(f, SetField::QcChecklist, r);
    let p = &mut s.complaints;
    let (lo, hi) = COMPLAINT_REPORT_RANGE;
    let r = number(
        &text(f, SetField::CpReport),
        lo,
        hi,
        "settings.error.complaint_report",
    )
    .map(|v| p.report.minutes = v);
    check(f, SetField::CpReport, r);
    let (lo, hi) = COMPLAINT_ANSWER_RANGE;
    let r = number(
        &text(f, SetField::CpAnswer),
        (lo + 59) / 60,
        hi / 60,
        "settings.error.complaint_answer",
    )
    .map(|v| p.answer.minutes = v * 60);
    check(f, SetField::CpAnswer, r);
    let (lo, hi) = COMPLAINT_FOLLOW_UP_RANGE;
    let r = number(
        &text(f, SetField::CpFollowUp),
        lo,
        hi,
        "settings.error.complaint_follow_up",
    )
    .map(|v| p.follow_up_days = v);
    check(f, SetField::CpFollowUp, r);
    let pick = |i: usize| Counting::ALL[i.min(Counting::ALL.len() - 1)];
    p.report.counting = pick(f.choice(SetField::CpReportCounting));
    p.answer.counting = pick(f.choice(SetField::CpAnswerCounting));
    // The panel offers none or one pausing stage (the store keeps a list).
    p.pause_in = pause_options()
        .get(f.choice(SetField::CpPause))
        .copied()
        .flatten()
        .into_iter()
        .collect();
    ok.then_some(s)
}

/// The holiday form.
pub fn holiday_form() -> Form<HolidayField> {
    Form::new(vec![
        Field::text(HolidayField::Date, "settings.holiday.date", ""),
        Field::text(HolidayField::Name, "settings.holiday.name", ""),
    ])
}
