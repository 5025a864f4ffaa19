//! Appointments: the chosen day's bookings by time (←/→ change the day, t today).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};

use crate::app::model::Model;
use crate::app::update::visible;
use crate::domain::kinds::{AppointmentState, ServiceType};
use crate::ui::chrome::title_bar;
use crate::ui::theme::Theme;
use crate::ui::{Ctx, hhmm, hours};

use super::checkin::plate_text;

pub fn weekday_key(d: chrono::NaiveDate) -> &'static str {
    use chrono::Datelike;
    match d.weekday() {
        chrono::Weekday::Mon => "weekday.mon",
        chrono::Weekday::Tue => "weekday.tue",
        chrono::Weekday::Wed => "weekday.wed",
        chrono::Weekday::Thu => "weekday.thu",
        chrono::Weekday::Fri => "weekday.fri",
        chrono::Weekday::Sat => "weekday.sat",
        chrono::Weekday::Sun => "weekday.sun",
    }
}

pub fn render(frame: &mut Frame, area: Rect, model: &Model, ctx: &Ctx) {
    let t = ctx.i18n;
    let a = &model.appointments;
    let [head, filter, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    let rows = visible(&a.list);
    let live_minutes: i64 = a
        .list
        .rows
        .iter()
        .filter(|r| {
            !matches!(
                r.state,
                AppointmentState::Cancelled | AppointmentState::Rescheduled
            )
        })
        .map(|r| r.est_minutes)
        .sum();
    let title = t.tf(
        "appointments.title",
        &[
            ("day", a.day.format("%Y-%m-%d").to_string()),
            ("weekday", t.t(weekday_key(a.day)).to_string()),
            ("n", rows.len().to_string()),
            ("hours", hours(live_minutes)),
        ],
    );
    title_bar(frame, head, &title, t.t("appointments.hint"));
    super::input_line(
        frame,
        filter,
        &format!(" {}", t.t("list.filter")),
        &a.list.filter,
        a.list.filtering,
        None,
    );
    if rows.is_empty() {
        super::empty(
            frame,
            body,
            t.t(if a.list.loaded {
                "appointments.empty"
            } else {
                "list.loading"
            }),
        );
        return;
    }
    let table_rows: Vec<Row> = rows
        .iter()
        .map(|r| {
            let mut service = vec![Span::raw(t.t(r.service.label_key()).to_string())];
            if r.service == ServiceType::Comeback {
                service = vec![Span::styled(
                    t.t("marker.comeback").to_string(),
                    Theme::comeback(),
                )];
            }
            if r.complaint_case {
                service.push(Span::styled(
                    format!(" {}", t.t("marker.complaint")),
                    Theme::overdue(),
                ));
            }
            Row::new(vec![
                Cell::from(hhmm(model.zone, r.starts_at)),
                Cell::from(r.customer_name.clone()),
                Cell::from(plate_text(&r.plate)),
                Cell::from(Line::from(service)),
                Cell::from(hours(r.est_minutes)),
                Cell::from(r.advisor_name.clone().unwrap_or_default()),
                Cell::from(t.t(r.state.label_key()).to_string()),
            ])
        })
        .collect();
    let table = super::table(
        vec![
            t.t("col.time"),
            t.t("col.customer"),
            t.t("col.plate"),
            t.t("col.service"),
            t.t("col.hours"),
            t.t("col.advisor"),
            t.t("col.state"),
        ],
        table_rows,
        vec![
            Constraint::Length(5),
            Constraint::Length(14),
            Constraint::Length(11),
            Constraint::Length(12),
            Constraint::Length(5),
            Constraint::Length(10),
            Constraint::Min(8),
        ],
    );
    super::render_table(frame, body, table, Some(a.list.selected));
}
