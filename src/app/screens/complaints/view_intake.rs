//! Draws the complaint intake: the form, the customer's matches under its field, and the
//! coaching for the chosen nature beside it (below it on a narrow screen).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::screen::View;
use crate::app::widgets::form;
use crate::app::widgets::list::title_bar;
use crate::coaching::Coaching;
use crate::domain::kinds::ComplaintNature;
use crate::fmt::{phone_text, plate_text, truncate};
use crate::i18n::I18n;
use crate::theme::Theme;

use super::intake::{Intake, IntakeField};

const LABEL_W: usize = 12;

pub fn render(i: &Intake, coaching: &Coaching, frame: &mut Frame, area: Rect, v: &View) {
    let t = v.t;
    let [head, body, hint] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    title_bar(frame, head, t.t("intake.title"), "");
    let wide = body.width >= 110;
    let (form_area, coach_area) = if wide {
        let [f, c] = Layout::horizontal([Constraint::Min(60), Constraint::Length(46)]).areas(body);
        (f, c)
    } else {
        let rows = form_rows(i);
        let [f, c] = Layout::vertical([Constraint::Length(rows), Constraint::Min(0)]).areas(body);
        (f, c)
    };
    let inset = Rect {
        x: form_area.x + 1,
        width: form_area.width.saturating_sub(2),
        ..form_area
    };
    let field_w = (inset.width as usize).saturating_sub(LABEL_W + 1);
    form::render(frame, inset, &i.form, t, LABEL_W, field_w, v.active);
    coaching_block(coaching, i.nature(), t, frame, coach_area);
    if i.offering() {
        hits(i, t, frame, inset);
    }
    frame.render_widget(
        Paragraph::new(format!(" {}", t.t("intake.hint"))).style(Theme::hint()),
        hint,
    );
}

/// The rows the visible fields take.
fn form_rows(i: &Intake) -> u16 {
    u16::try_from(i.form.fields.iter().filter(|f| !f.hidden).count()).unwrap_or(u16::MAX)
}

/// The row of `id` in the drawn form (hidden fields take none).
fn row_of(i: &Intake, id: IntakeField) -> u16 {
    let n = i
        .form
        .fields
        .iter()
        .filter(|f| !f.hidden)
        .take_while(|f| f.id != id)
        .count();
    u16::try_from(n).unwrap_or(0)
}

/// The customer's matches, under the customer field, the chosen one marked.
fn hits(i: &Intake, t: &I18n, frame: &mut Frame, area: Rect) {
    let top = area.y + row_of(i, IntakeField::Customer) + 1;
    let x = area.x + LABEL_W as u16 + 1;
    let width = area.width.saturating_sub(LABEL_W as u16 + 1).min(64);
    let height = (i.hits.len() as u16).min(area.bottom().saturating_sub(top));
    let r = Rect {
        x,
        y: top,
        width,
        height,
    };
    frame.render_widget(Clear, r);
    let lines: Vec<Line> = i
        .hits
        .iter()
        .enumerate()
        .map(|(k, h)| {
            let text = format!(
                " {} {} {} {}",
                h.customer_name,
                h.phone.as_deref().map(phone_text).unwrap_or_default(),
                h.plate.as_deref().map(plate_text).unwrap_or_default(),
                match h.open_complaints {
                    0 => String::new(),
                    n => t.tf("intake.open_complaints", &[("n", n.to_string())]),
                }
            );
            let style = if k == i.hit {
                Theme::selected()
            } else {
                Theme::popup()
            };
            Line::from(Span::styled(truncate(&text, width as usize), style))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).style(Theme::popup()), r);
}

/// What to do and never say for nature `n`, with what applies to every complaint.
fn coaching_block(c: &Coaching, n: ComplaintNature, t: &I18n, frame: &mut Frame, area: Rect) {
    if area.height < 3 {
        return;
    }
    let lang = t.lang();
    let block = Block::default().borders(Borders::TOP).title(format!(
        " {} · {} ",
        t.t("intake.coaching"),
        t.t(n.label_key())
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines: Vec<Line> = Vec::new();
    let head = |k: &str| Span::styled(format!("{} ", t.t(k)), Theme::label());
    if let Some(a) = c.advice(n) {
        lines.push(Line::from(vec![
            head("intake.recognise"),
            Span::raw(a.recognise.get(lang).clone()),
        ]));
        lines.push(Line::from(vec![
            head("intake.respond"),
            Span::styled(a.respond.get(lang).clone(), Theme::ok()),
        ]));
        for s in a.never.get(lang).iter().chain(c.general.never.get(lang)) {
            lines.push(Line::from(vec![
                head("intake.never"),
                Span::styled(s.clone(), Theme::overdue()),
            ]));
        }
        for s in a.dos.get(lang).iter().chain(c.general.dos.get(lang)) {
            lines.push(Line::from(vec![head("intake.do"), Span::raw(s.clone())]));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}
