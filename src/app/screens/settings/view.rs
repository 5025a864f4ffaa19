//! Draws the settings panel: the settings and the holidays side by side, or the form.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::screen::View;
use crate::app::widgets::form;
use crate::app::widgets::list::{empty, title_bar};
use crate::fmt::pad;
use crate::theme::Theme;

use super::Settings;
use super::form::hours_text;

pub fn render(s: &Settings, frame: &mut Frame, area: Rect, v: &View) {
    let t = v.t;
    let [head, note, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    let can = v.staff.is_some_and(|st| {
        matches!(
            st.role,
            crate::domain::kinds::StaffRole::Supervisor | crate::domain::kinds::StaffRole::Manager
        )
    });
    if let Some(f) = &s.holiday {
        title_bar(
            frame,
            head,
            t.t("settings.holiday.title"),
            t.t("settings.edit.hint"),
        );
        let area = Rect {
            x: body.x + 1,
            width: body.width.saturating_sub(1),
            ..body
        };
        form::render(frame, area, f, t, 10, 24, v.active);
        return;
    }
    if let Some((f, _)) = &s.edit {
        title_bar(
            frame,
            head,
            t.t("settings.edit.title"),
            t.t("settings.edit.hint"),
        );
        frame.render_widget(
            Paragraph::new(format!(" {}", t.t("settings.shared"))).style(Theme::hint()),
            note,
        );
        let area = Rect {
            x: body.x + 1,
            width: body.width.saturating_sub(1),
            ..body
        };
        form::render(frame, area, f, t, 15, 22, v.active);
        return;
    }
    let hint = if can {
        t.t("settings.hint")
    } else {
        t.t("settings.hint_read_only")
    };
    title_bar(frame, head, t.t("settings.title"), hint);
    let Some(cur) = &s.current else {
        return;
    };
    let line = if can {
        t.t("settings.shared")
    } else {
        t.t("settings.read_only")
    };
    frame.render_widget(
        Paragraph::new(format!(" {line}")).style(if can { Theme::hint() } else { Theme::label() }),
        note,
    );
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)])
            .spacing(1)
            .areas(body);
    let label_w = 16;
    let row = |label: &str, value: String| {
        Line::from(vec![
            Span::styled(format!(" {}", pad(t.t(label), label_w)), Theme::label()),
            Span::raw(" "),
            Span::raw(value),
        ])
    };
    let or_unset = |x: &str| {
        if x.is_empty() {
            t.t("settings.not_set").to_string()
        } else {
            x.to_string()
        }
    };
    let c = cur.week.capacity;
    let mut lines = vec![
        row("settings.field.name", or_unset(&cur.shop.name)),
        row("settings.field.address", or_unset(&cur.shop.address)),
        row("settings.field.phone", or_unset(&cur.shop.phone)),
        row("settings.field.time_zone", cur.time_zone.name().to_string()),
        row(
            "settings.field.labour_rate",
            crate::fmt::money(cur.labour_rate_cents),
        ),
        row(
            "settings.field.comeback_days",
            cur.comeback_days.to_string(),
        ),
        Line::raw(""),
        Line::styled(format!(" {}", t.t("settings.hours")), Theme::label()),
    ];
    for (i, key) in crate::fmt::WEEKDAY_KEYS.iter().enumerate() {
        lines.push(row(
            key,
            hours_text(cur.week.hours[i], t.t("settings.closed")),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(row(
        "settings.capacity",
        format!(
            "{} × {} min × {}% × {}%",
            c.technicians, c.minutes_per_tech, c.productivity_pct, c.booking_rate_pct
        ),
    ));
    lines.push(row(
        "",
        t.tf(
            "settings.bookable",
            &[("hours", crate::fmt::hours(c.bookable_minutes()))],
        ),
    ));
    frame.render_widget(Paragraph::new(lines), left);

    let [h_head, h_body] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(right);
    frame.render_widget(
        Paragraph::new(format!(" {}", t.t("settings.holidays"))).style(Theme::label()),
        h_head,
    );
    if cur.holidays.is_empty() {
        empty(frame, h_body, t.t("settings.none"));
        return;
    }
    let items: Vec<Line> = cur
        .holidays
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let text = format!(
                " {} {} {}",
                h.day.format("%Y-%m-%d"),
                t.t(crate::fmt::weekday_key(h.day)),
                h.name.as_deref().unwrap_or("")
            );
            if i == s.selected {
                Line::styled(text, Theme::selected())
            } else {
                Line::raw(text)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(items), h_body);
}
