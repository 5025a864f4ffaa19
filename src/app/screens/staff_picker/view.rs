//! Draws the staff picker: the list of who may sign in, or the first-staff form.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Wrap};

use crate::app::screen::View;
use crate::app::widgets::input::input_line;
use crate::app::widgets::list::{render_table, table, title_bar};
use crate::fmt::pad;
use crate::theme::Theme;

use super::{StaffField, StaffPicker};

pub fn render(p: &StaffPicker, frame: &mut Frame, area: Rect, v: &View) {
    let t = v.t;
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    if !p.loaded {
        title_bar(frame, head, t.t("staff.pick.title"), "");
        return;
    }
    if let Some(e) = &p.pin {
        let title = v.t.tf(
            "signin.pin.title",
            &[
                ("name", e.staff.name.clone()),
                ("code", e.staff.code.clone()),
            ],
        );
        title_bar(frame, head, &title, t.t("signin.pin.hint"));
        let rows = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(2),
            Constraint::Min(0),
        ])
        .split(body);
        let intro = if e.choosing {
            "signin.choose_pin"
        } else {
            "signin.enter_pin"
        };
        frame.render_widget(
            Paragraph::new(format!(" {}", t.t(intro))).wrap(Wrap { trim: false }),
            rows[1],
        );
        let area = Rect {
            x: rows[2].x + 1,
            width: rows[2].width.saturating_sub(1),
            ..rows[2]
        };
        crate::app::widgets::form::render(frame, area, &e.form, t, 12, 14, v.active);
        return;
    }
    if p.adding_first() {
        title_bar(
            frame,
            head,
            t.t("staff.first.title"),
            t.t("staff.first.hint"),
        );
        let f = &p.form;
        let rows = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .split(body);
        frame.render_widget(
            Paragraph::new(format!(" {}", t.t("staff.first.intro"))).wrap(Wrap { trim: false }),
            rows[1],
        );
        let err = |id: StaffField| f.error(id).map(|n| t.note(n));
        let label_w = 10;
        let lbl = |k: &str| format!(" {}", pad(t.t(k), label_w));
        let focused = |id: StaffField| f.focused() == Some(id);
        for (row, id, label) in [
            (rows[2], StaffField::Code, "staff.field.code"),
            (rows[3], StaffField::Name, "staff.field.name"),
        ] {
            if let Some(input) = f.input(id) {
                input_line(
                    frame,
                    row,
                    &lbl(label),
                    input,
                    focused(id),
                    err(id).as_deref(),
                );
            }
        }
        let role_style = if focused(StaffField::Role) {
            Theme::input_focused()
        } else {
            Theme::input()
        };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!("{} ", lbl("staff.field.role")), Theme::label()),
                Span::styled(format!(" < {} > ", t.t(p.role().label_key())), role_style),
                Span::styled(format!("  {}", t.t("staff.field.role_hint")), Theme::hint()),
            ])),
            rows[4],
        );
        return;
    }
    title_bar(frame, head, t.t("staff.pick.title"), t.t("staff.pick.hint"));
    let rows: Vec<Row> = p
        .staff
        .iter()
        .map(|s| {
            Row::new(vec![
                s.code.clone(),
                s.name.clone(),
                t.t(s.role.label_key()).to_string(),
            ])
        })
        .collect();
    let table = table(
        vec![t.t("col.code"), t.t("col.name"), t.t("col.role")],
        rows,
        vec![
            Constraint::Length(8),
            Constraint::Length(20),
            Constraint::Min(10),
        ],
    );
    render_table(frame, body, table, Some(p.selected));
}
