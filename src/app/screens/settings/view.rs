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
use super::form::{SetField, checklist_text, hours_text};

/// The part of a form that fits `rows` rows: the fields before the window are hidden so
/// the focused one stays in sight (a form taller than the terminal scrolls with Tab).
fn window(f: &form::Form<SetField>, rows: usize) -> std::borrow::Cow<'_, form::Form<SetField>> {
    let shown: Vec<usize> = (0..f.fields.len())
        .filter(|&i| !f.fields[i].hidden)
        .collect();
    // One row kept for an error written under the focused field.
    let rows = rows.saturating_sub(1).max(1);
    if shown.len() <= rows {
        return std::borrow::Cow::Borrowed(f);
    }
    // A few of the fields after the focused one stay in sight too.
    let ahead = (rows / 4).min(4);
    let at = shown.iter().position(|&i| i == f.focus).unwrap_or(0);
    let start = (at + 1 + ahead)
        .saturating_sub(rows)
        .min(shown.len() - rows);
    let mut w = f.clone();
    for &i in &shown[..start] {
        w.fields[i].hidden = true;
    }
    std::borrow::Cow::Owned(w)
}

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
        let shown = window(f, usize::from(area.height));
        form::render(frame, area, &shown, t, 15, 22, v.active);
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
    // The checklist under the calendar, wrapped in the left column.
    let label_cols = label_w + 2;
    let value_cols = usize::from(left.width).saturating_sub(label_cols).max(8);
    for (i, part) in crate::fmt::wrap(&checklist_text(&cur.workshop.qc_checklist, t), value_cols)
        .into_iter()
        .enumerate()
    {
        lines.push(row(
            if i == 0 {
                "settings.field.qc_checklist"
            } else {
                ""
            },
            part,
        ));
    }
    frame.render_widget(Paragraph::new(lines), left);

    // The rest of the workshop policy above the holidays.
    let w = &cur.workshop;
    let side_w = 15;
    let value_w = usize::from(right.width).saturating_sub(side_w + 2).max(8);
    let side = |label: &str, value: String| -> Vec<Line> {
        crate::fmt::wrap(&value, value_w)
            .into_iter()
            .enumerate()
            .map(|(i, part)| {
                let head = if i == 0 { t.t(label) } else { "" };
                Line::from(vec![
                    Span::styled(format!(" {}", pad(head, side_w)), Theme::label()),
                    Span::raw(" "),
                    Span::raw(part),
                ])
            })
            .collect()
    };
    let mut policy = vec![Line::styled(
        format!(" {}", t.t("settings.workshop")),
        Theme::label(),
    )];
    policy.extend(side(
        "settings.field.approval_wait",
        t.tf(
            "settings.approval_wait_value",
            &[("minutes", w.approval_wait_minutes.to_string())],
        ),
    ));
    policy.extend(side(
        "settings.field.discount_limit",
        t.tf(
            "settings.discount_limit_value",
            &[("amount", crate::fmt::money(w.discount_limit_cents))],
        ),
    ));
    policy.extend(side(
        "settings.field.follow_up_days",
        t.tf(
            "settings.follow_up_value",
            &[
                ("days", w.follow_up_days.to_string()),
                ("tries", w.follow_up_tries.to_string()),
            ],
        ),
    ));
    let c = &cur.complaints;
    policy.push(Line::styled(
        format!(" {}", t.t("settings.complaints")),
        Theme::label(),
    ));
    let clock = |minutes: i64, counting: crate::domain::complaint::Counting| {
        let amount = if minutes % 60 == 0 {
            t.tf("settings.hours_value", &[("n", (minutes / 60).to_string())])
        } else {
            t.tf(
                "settings.approval_wait_value",
                &[("minutes", minutes.to_string())],
            )
        };
        format!("{amount}, {}", t.t(counting.label_key()))
    };
    policy.extend(side(
        "settings.field.complaint_report",
        clock(c.report.minutes, c.report.counting),
    ));
    policy.extend(side(
        "settings.field.complaint_answer",
        clock(c.answer.minutes, c.answer.counting),
    ));
    policy.extend(side(
        "settings.field.complaint_follow_up",
        t.tf(
            "settings.days_value",
            &[("n", c.follow_up_days.to_string())],
        ),
    ));
    policy.extend(side(
        "settings.field.complaint_pause",
        match c.pause_in.as_slice() {
            [] => t.t("settings.pause.none").to_string(),
            v => v
                .iter()
                .map(|st| t.t(st.label_key()))
                .collect::<Vec<_>>()
                .join(", "),
        },
    ));
    let [p_area, _, rest] = Layout::vertical([
        Constraint::Length(policy.len() as u16),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(right);
    frame.render_widget(Paragraph::new(policy), p_area);
    let [h_head, h_body] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(rest);
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
