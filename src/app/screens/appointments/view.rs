//! Draws the appointments panel: the day board (rows by time, booked vs bookable hours), the week
//! overview, the day-before reminder list, the booking form and the board's prompts.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Clear, Paragraph, Row};

use crate::app::screen::View as ViewCx;
use crate::app::widgets::form;
use crate::app::widgets::input::input_line;
use crate::app::widgets::list::{
    ListState, centered, empty, render_table, table as list_table, title_bar,
};
use crate::domain::appointment::{
    BOOKING_BAND_HIGH_PCT, BOOKING_BAND_LOW_PCT, Band, DayLoad, MAX_WAIT_DAYS,
};
use crate::domain::kinds::{AppointmentState, ServiceType};
use crate::fmt::{hhmm, hours, pad, phone_text, plate_text, weekday_key};
use crate::i18n::I18n;
use crate::store::appointments::AppointmentRow;
use crate::theme::Theme;

use super::{Appointments, BookingForm, Prompt, Step, View, Who};

fn day_label(t: &I18n, d: NaiveDate) -> String {
    format!("{} {}", d.format("%Y-%m-%d"), t.t(weekday_key(d)))
}

fn band_style(load: &DayLoad) -> ratatui::style::Style {
    match load.band() {
        Band::Below => Theme::ok(),
        Band::Within => Theme::due_soon(),
        Band::Above => Theme::overdue(),
    }
}

/// A bar of `width` cells filled to `pct`% (of 100), with the 60–80% band marked:
/// coloured spaces, so no ambiguous-width block glyphs.
fn rate_bar(load: &DayLoad, width: usize) -> Vec<Span<'static>> {
    let pct = load.booking_rate_pct().min(100) as usize;
    let filled = pct * width / 100;
    let lo = BOOKING_BAND_LOW_PCT as usize * width / 100;
    let hi = BOOKING_BAND_HIGH_PCT as usize * width / 100;
    (0..width)
        .map(|i| {
            let mut style = if i < filled {
                band_style(load).add_modifier(ratatui::style::Modifier::REVERSED)
            } else {
                Theme::input()
            };
            let ch = if i == lo || i == hi { "|" } else { " " };
            if ch == "|" {
                style = style.fg(ratatui::style::Color::White);
            }
            Span::styled(ch, style)
        })
        .collect()
}

/// "booked 21.8 h of 64 h bookable (27%), reserve 16 h"
fn load_line(t: &I18n, load: &DayLoad, width: u16) -> Line<'static> {
    if load.policy.closed {
        return Line::styled(format!(" {}", t.t("appointments.closed")), Theme::overdue());
    }
    let band = match load.band() {
        Band::Below => "appointments.band_below",
        Band::Within => "appointments.band_within",
        Band::Above => "appointments.band_above",
    };
    let text = t.tf(
        "appointments.load",
        &[
            ("booked", hours(load.booked_minutes)),
            ("bookable", hours(load.policy.bookable_minutes())),
            ("rate", load.booking_rate_pct().to_string()),
            (
                "band",
                t.tf(
                    band,
                    &[
                        ("low", BOOKING_BAND_LOW_PCT.to_string()),
                        ("high", BOOKING_BAND_HIGH_PCT.to_string()),
                    ],
                ),
            ),
            ("reserve", hours(load.policy.reserve_minutes())),
        ],
    );
    let mut spans = vec![Span::raw(" ")];
    spans.extend(rate_bar(load, if width >= 100 { 20 } else { 6 }));
    spans.push(Span::styled(format!(" {text}"), band_style(load)));
    Line::from(spans)
}

pub fn render(a: &Appointments, frame: &mut Frame, area: Rect, v: &ViewCx) {
    match a.view {
        View::Day => day(frame, area, a, v),
        View::Week => week(frame, area, a, v),
        View::Reminders => reminders(frame, area, a, v),
    }
    if let Some(b) = &a.booking {
        booking(frame, area, b, v);
    } else if let Some(p) = &a.prompt {
        prompt(frame, area, p, v);
    }
}

fn day(frame: &mut Frame, area: Rect, a: &Appointments, v: &ViewCx) {
    let t = v.t;
    let [head, load, filter, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    let title = t.tf(
        "appointments.title",
        &[
            ("day", day_label(t, a.day)),
            ("n", a.list.shown_len().to_string()),
        ],
    );
    title_bar(frame, head, &title, t.t("appointments.hint"));
    if let Some(l) = &a.load {
        frame.render_widget(Paragraph::new(load_line(t, l, load.width)), load);
    }
    input_line(
        frame,
        filter,
        &format!(" {}", t.t("list.filter")),
        &a.list.filter,
        a.list.filtering,
        None,
    );
    table(frame, body, v, &a.list, "appointments.empty", false);
}

fn table(
    frame: &mut Frame,
    area: Rect,
    v: &ViewCx,
    list: &ListState<AppointmentRow>,
    empty_key: &str,
    calls: bool,
) {
    let t = v.t;
    if list.shown_len() == 0 {
        empty(
            frame,
            area,
            t.t(if list.loaded {
                empty_key
            } else {
                "list.loading"
            }),
        );
        return;
    }
    let wide = area.width >= 110;
    // Only the rows in sight are built.
    let (rows, at) = list.window(area.height);
    let table_rows: Vec<Row> = rows
        .map(|r| {
            let mut service = vec![];
            match r.service {
                ServiceType::Comeback => service.push(Span::styled(
                    t.t("marker.comeback").to_string(),
                    Theme::comeback(),
                )),
                ServiceType::Recall => service.push(Span::styled(
                    t.t("marker.recall").to_string(),
                    Theme::due_soon(),
                )),
                s => service.push(Span::raw(t.t(s.label_key()).to_string())),
            }
            if r.complaint_case {
                service.push(Span::styled(
                    format!(" {}", t.t("marker.complaint")),
                    Theme::overdue(),
                ));
            }
            let dim = matches!(
                r.state,
                AppointmentState::Cancelled
                    | AppointmentState::Rescheduled
                    | AppointmentState::NoShow
            );
            let state_style = if dim {
                Theme::hint()
            } else {
                ratatui::style::Style::new()
            };
            let mut cells = vec![
                Cell::from(hhmm(v.zone, r.starts_at)),
                Cell::from(r.customer_name.clone()),
            ];
            if calls {
                // The reminder call: whom to ring.
                cells.push(Cell::from(
                    r.customer_phone
                        .as_deref()
                        .map(phone_text)
                        .unwrap_or_default(),
                ));
            }
            cells.extend([
                Cell::from(plate_text(&r.plate)),
                Cell::from(Line::from(service)),
            ]);
            if !calls {
                cells.extend([
                    Cell::from(hours(r.est_minutes)),
                    Cell::from(r.advisor_name.clone().unwrap_or_default()),
                ]);
            }
            cells.push(Cell::from(t.t(r.state.label_key()).to_string()).style(state_style));
            if wide {
                let mut extra = vec![];
                if r.reminded_at.is_some() {
                    extra.push(t.t("appointments.reminded").to_string());
                }
                if r.parts == crate::domain::kinds::PartsStatus::Ordered {
                    extra.push(t.t("parts.ordered").to_string());
                }
                if r.override_reason.is_some() {
                    extra.push(t.t("appointments.overridden").to_string());
                }
                extra.push(r.symptoms.clone().unwrap_or_default());
                cells.push(Cell::from(extra.join(" ")));
            }
            Row::new(cells)
        })
        .collect();
    let mut header = vec![t.t("col.time"), t.t("col.customer")];
    let mut widths = vec![Constraint::Length(5), Constraint::Length(12)];
    if calls {
        header.push(t.t("col.phone"));
        widths.push(Constraint::Length(13));
    }
    header.extend([t.t("col.plate"), t.t("col.service")]);
    widths.extend([Constraint::Length(10), Constraint::Length(12)]);
    if !calls {
        header.extend([t.t("col.hours"), t.t("col.advisor")]);
        widths.extend([Constraint::Length(5), Constraint::Length(10)]);
    }
    header.push(t.t("col.state"));
    widths.push(Constraint::Length(11));
    if wide {
        header.push(t.t("col.notes"));
        widths.push(Constraint::Min(10));
    }
    let table = list_table(header, table_rows, widths);
    render_table(frame, area, table, at);
}

fn week(frame: &mut Frame, area: Rect, a: &Appointments, v: &ViewCx) {
    let t = v.t;
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    title_bar(
        frame,
        head,
        &t.tf("appointments.week_title", &[("day", day_label(t, a.day))]),
        t.t("appointments.week_hint"),
    );
    let bar_w = (area.width as usize).saturating_sub(44).clamp(10, 60);
    let mut lines = vec![Line::raw("")];
    for (d, load) in &a.week {
        let mut spans = vec![Span::raw(format!(" {}  ", pad(&day_label(t, *d), 15)))];
        if load.policy.closed {
            spans.push(Span::styled(
                pad(t.t("appointments.closed_short"), bar_w),
                Theme::hint(),
            ));
        } else {
            spans.extend(rate_bar(load, bar_w));
            spans.push(Span::styled(
                format!(" {:>3}%", load.booking_rate_pct()),
                band_style(load),
            ));
            spans.push(Span::raw(format!(
                "  {}/{} h",
                hours(load.booked_minutes),
                hours(load.policy.bookable_minutes())
            )));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            " {}",
            t.tf(
                "appointments.band",
                &[
                    ("low", BOOKING_BAND_LOW_PCT.to_string()),
                    ("high", BOOKING_BAND_HIGH_PCT.to_string())
                ]
            )
        ),
        Theme::hint(),
    ));
    frame.render_widget(Paragraph::new(lines), body);
}

fn reminders(frame: &mut Frame, area: Rect, a: &Appointments, v: &ViewCx) {
    let t = v.t;
    let [head, filter, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    let title = match a.reminder_day {
        Some(d) => t.tf(
            "appointments.reminders_title",
            &[
                ("day", day_label(t, d)),
                ("n", a.reminders.shown_len().to_string()),
            ],
        ),
        None => t.t("appointments.reminders_none").to_string(),
    };
    title_bar(frame, head, &title, t.t("appointments.reminders_hint"));
    input_line(
        frame,
        filter,
        &format!(" {}", t.t("list.filter")),
        &a.reminders.filter,
        a.reminders.filtering,
        None,
    );
    table(
        frame,
        body,
        v,
        &a.reminders,
        "appointments.reminders_empty",
        true,
    );
}

fn booking(frame: &mut Frame, area: Rect, b: &BookingForm, v: &ViewCx) {
    let t = v.t;
    let r = area;
    frame.render_widget(Clear, r);
    frame.render_widget(Paragraph::new("").style(Theme::popup()), r);
    let title = if b.reschedule_of.is_some() {
        "booking.title_reschedule"
    } else {
        "booking.title"
    };
    let [head, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(r);
    match b.step {
        Step::Find => {
            title_bar(frame, head, t.t(title), t.t("booking.find_hint"));
            let [input, list] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(rest);
            input_line(
                frame,
                input,
                &format!(" {}", t.t("checkin.find")),
                &b.find.query,
                v.active,
                None,
            );
            b.find.render_hits(frame, list, t);
        }
        Step::Details => {
            title_bar(frame, head, t.t(title), t.t("booking.details_hint"));
            let [who, info, warn, fields] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Min(0),
            ])
            .areas(rest);
            let who_text = match &b.who {
                Some(Who::Existing {
                    customer,
                    plate,
                    vehicle,
                    ..
                }) => {
                    format!(" {}  {}  {}", customer, plate_text(plate), vehicle)
                }
                _ => format!(" {}", t.t("booking.new_customer_title")),
            };
            frame.render_widget(Paragraph::new(who_text).style(Theme::header()), who);
            if let Some(p) = &b.probe {
                let mut line = load_line(t, &p.load, info.width);
                line.spans
                    .insert(1, Span::raw(format!("{} ", p.day.format("%m-%d"))));
                frame.render_widget(Paragraph::new(line), info);
                let today = v.today();
                let mut warns: Vec<Span> = vec![];
                match p.first_free {
                    Some(d) if (d - today).num_days() > MAX_WAIT_DAYS => warns.push(Span::styled(
                        format!(
                            " {}",
                            t.tf(
                                "booking.warn.wait",
                                &[
                                    ("day", d.format("%m-%d").to_string()),
                                    ("days", (d - today).num_days().to_string())
                                ]
                            )
                        ),
                        Theme::overdue(),
                    )),
                    Some(d) => warns.push(Span::styled(
                        format!(
                            " {}",
                            t.tf(
                                "booking.first_free",
                                &[("day", d.format("%m-%d").to_string())]
                            )
                        ),
                        Theme::hint(),
                    )),
                    None => warns.push(Span::styled(
                        format!(" {}", t.t("booking.warn.no_room")),
                        Theme::overdue(),
                    )),
                }
                let others: Vec<_> = p
                    .same_day
                    .iter()
                    .filter(|o| b.reschedule_of.is_none_or(|(id, _)| id != o.id))
                    .collect();
                if let Some(o) = others.first() {
                    warns.push(Span::styled(
                        format!(
                            "   {}",
                            t.tf(
                                "booking.warn.same_day",
                                &[("time", hhmm(v.zone, o.starts_at))]
                            )
                        ),
                        Theme::due_soon(),
                    ));
                }
                frame.render_widget(Paragraph::new(Line::from(warns)), warn);
            }
            form::render(frame, fields, &b.form, t, 12, 24, v.active);
            if let Some(e) = b
                .form
                .fields
                .get(b.form.focus)
                .and_then(|f| f.error.as_ref())
            {
                let y = r.bottom().saturating_sub(1);
                frame.render_widget(
                    Paragraph::new(format!(" {}", t.note(e))).style(Theme::status_error()),
                    Rect { y, height: 1, ..r },
                );
            }
        }
    }
}

fn prompt(frame: &mut Frame, area: Rect, p: &Prompt, v: &ViewCx) {
    let t = v.t;
    let (title, visible_fields) = match p {
        Prompt::Goto(f) => ("prompt.goto_title", f.fields.len()),
        Prompt::ReminderNote { form, .. } => ("prompt.reminder_title", form.fields.len()),
        Prompt::UndoNoShow { form, .. } => ("prompt.undo_no_show_title", form.fields.len()),
        Prompt::Capacity { form: f, .. } => (
            "capacity.title",
            f.fields.iter().filter(|f| !f.hidden).count(),
        ),
    };
    // Room for the fields and for an error wrapped under one of them.
    let errors = match p {
        Prompt::Capacity { form: f, .. } => u16::from(f.has_errors()) * 2,
        Prompt::Goto(f)
        | Prompt::ReminderNote { form: f, .. }
        | Prompt::UndoNoShow { form: f, .. } => u16::from(f.has_errors()),
    };
    let r = centered(area, 76, visible_fields as u16 + 3 + errors);
    frame.render_widget(Clear, r);
    frame.render_widget(Paragraph::new("").style(Theme::popup()), r);
    let [head, body, hint] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(r);
    frame.render_widget(
        Paragraph::new(format!(" {}", t.t(title))).style(Theme::popup_title()),
        head,
    );
    match p {
        Prompt::Goto(f)
        | Prompt::ReminderNote { form: f, .. }
        | Prompt::UndoNoShow { form: f, .. } => {
            form::render(frame, body, f, t, 16, 16, true);
        }
        Prompt::Capacity { form: f, .. } => {
            form::render(frame, body, f, t, 16, 16, true);
        }
    }
    frame.render_widget(
        Paragraph::new(format!(" {}", t.t("prompt.hint"))).style(Theme::hint()),
        hint,
    );
}
