//! Draws the staff panel: the table of staff, or the form over it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Paragraph, Row};

use crate::app::screen::View;
use crate::app::widgets::form;
use crate::app::widgets::list::{render_table, table, title_bar};
use crate::theme::Theme;

use super::{Editing, StaffAdmin};

pub fn render(a: &StaffAdmin, frame: &mut Frame, area: Rect, v: &View) {
    let t = v.t;
    let [head, note, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    let can = v.staff.is_some_and(|s| {
        matches!(
            s.role,
            crate::domain::kinds::StaffRole::Supervisor | crate::domain::kinds::StaffRole::Manager
        )
    });
    let inset = |r: Rect| Rect {
        x: r.x + 1,
        width: r.width.saturating_sub(1),
        ..r
    };
    match &a.editing {
        Some(Editing::Add(f)) => {
            title_bar(
                frame,
                head,
                t.t("staffadmin.add.title"),
                t.t("settings.edit.hint"),
            );
            form::render(frame, inset(body), f, t, 10, 20, v.active);
            return;
        }
        Some(Editing::Role(s, f)) => {
            let title = t.tf(
                "staffadmin.role.title",
                &[("name", s.name.clone()), ("code", s.code.clone())],
            );
            title_bar(frame, head, &title, t.t("settings.edit.hint"));
            form::render(frame, inset(body), f, t, 10, 24, v.active);
            return;
        }
        Some(Editing::Pin(s, f)) => {
            let title = t.tf(
                "staffadmin.pin.title",
                &[("name", s.name.clone()), ("code", s.code.clone())],
            );
            title_bar(frame, head, &title, t.t("settings.edit.hint"));
            frame.render_widget(
                Paragraph::new(format!(" {}", t.t("staff.error.pin"))).style(Theme::hint()),
                note,
            );
            form::render(frame, inset(body), f, t, 12, 14, v.active);
            return;
        }
        None => {}
    }
    let hint = if can {
        t.t("staffadmin.hint")
    } else {
        t.t("settings.hint_read_only")
    };
    title_bar(frame, head, t.t("staffadmin.title"), hint);
    if !can {
        frame.render_widget(
            Paragraph::new(format!(" {}", t.t("staffadmin.read_only"))).style(Theme::label()),
            note,
        );
    }
    let rows: Vec<Row> = a
        .staff
        .iter()
        .map(|s| {
            let row = Row::new(vec![
                s.code.clone(),
                s.name.clone(),
                t.t(s.role.label_key()).to_string(),
                t.t(if s.active {
                    "staff.active"
                } else {
                    "staff.inactive"
                })
                .to_string(),
                t.t(if s.has_pin { "common.yes" } else { "common.no" })
                    .to_string(),
            ]);
            if s.active {
                row
            } else {
                row.style(Theme::hint())
            }
        })
        .collect();
    let tbl = table(
        vec![
            t.t("col.code"),
            t.t("col.name"),
            t.t("col.role"),
            t.t("staff.col.active"),
            t.t("staff.col.pin"),
        ],
        rows,
        vec![
            Constraint::Length(8),
            Constraint::Length(14),
            Constraint::Length(22),
            Constraint::Length(10),
            Constraint::Min(4),
        ],
    );
    render_table(frame, body, tbl, Some(a.selected));
}
