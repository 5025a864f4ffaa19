//! Start-up: who is at the counter. With no staff in the database yet, a form adds the
//! first staff member.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row};

use crate::app::model::Model;
use crate::ui::Ctx;
use crate::ui::chrome::title_bar;
use crate::ui::theme::Theme;

pub fn render(frame: &mut Frame, area: Rect, model: &Model, ctx: &Ctx) {
    let t = ctx.i18n;
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    if !model.picker.loaded {
        title_bar(frame, head, t.t("staff.pick.title"), "");
        return;
    }
    if model.adding_first_staff() {
        title_bar(
            frame,
            head,
            t.t("staff.first.title"),
            t.t("staff.first.hint"),
        );
        let f = &model.picker.form;
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
            Paragraph::new(format!(" {}", t.t("staff.first.intro")))
                .wrap(ratatui::widgets::Wrap { trim: false }),
            rows[1],
        );
        let err = |i: usize| {
            f.error
                .as_ref()
                .filter(|(fi, _)| *fi == i)
                .map(|(_, k)| t.tf(k, &[]))
        };
        let label_w = 10;
        let lbl = |k: &str| format!(" {}", crate::ui::pad(t.t(k), label_w));
        super::input_line(
            frame,
            rows[2],
            &lbl("staff.field.code"),
            &f.code,
            f.focus == 0,
            err(0).as_deref(),
        );
        super::input_line(
            frame,
            rows[3],
            &lbl("staff.field.name"),
            &f.name,
            f.focus == 1,
            err(1).as_deref(),
        );
        let role_style = if f.focus == 2 {
            Theme::input_focused()
        } else {
            Theme::input()
        };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!("{} ", lbl("staff.field.role")), Theme::label()),
                Span::styled(format!(" < {} > ", t.t(f.role().label_key())), role_style),
                Span::styled(format!("  {}", t.t("staff.field.role_hint")), Theme::hint()),
            ])),
            rows[4],
        );
        return;
    }
    title_bar(frame, head, t.t("staff.pick.title"), t.t("staff.pick.hint"));
    let rows: Vec<Row> = model
        .picker
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
    let table = super::table(
        vec![t.t("col.code"), t.t("col.name"), t.t("col.role")],
        rows,
        vec![
            Constraint::Length(8),
            Constraint::Length(20),
            Constraint::Min(10),
        ],
    );
    super::render_table(frame, body, table, Some(model.picker.selected));
}
