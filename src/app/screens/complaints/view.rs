//! Draws the complaints: open complaints with their 1 h and 72 h clocks; overdue ones stand out.

use chrono::Duration;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};

use crate::app::screen::View;
use crate::app::widgets::list::{list_frame, render_table, table};
use crate::domain::complaint::{Deadline, Which};
use crate::fmt::short_time;
use crate::i18n::I18n;
use crate::theme::Theme;

use super::Complaints;

/// "2d05h" (a day or more) / "1h05m" / "35m".
pub fn span(d: Duration) -> String {
    let m = d.num_minutes().max(0);
    if m >= 24 * 60 {
        format!("{}d{:02}h", m / 1440, m % 1440 / 60)
    } else if m >= 60 {
        format!("{}h{:02}m", m / 60, m % 60)
    } else {
        format!("{m}m")
    }
}

/// Where a clock stands, in words and in its colour ("-": it does not apply).
pub fn deadline_span(t: &I18n, d: Option<Deadline>) -> Span<'static> {
    match d {
        None => Span::raw("-"),
        Some(Deadline::Met) => Span::styled(t.t("sla.met").to_string(), Theme::ok()),
        Some(Deadline::MetLate) => Span::styled(t.t("sla.met_late").to_string(), Theme::due_soon()),
        Some(Deadline::Due { left, .. }) => {
            Span::styled(t.tf("sla.due_in", &[("t", span(left))]), Theme::due_soon())
        }
        Some(Deadline::Overdue { late, .. }) => {
            Span::styled(t.tf("sla.overdue", &[("t", span(late))]), Theme::overdue())
        }
        Some(Deadline::Paused { left }) => Span::raw(t.tf("sla.paused", &[("t", span(left))])),
    }
}

fn deadline_cell<'a>(t: &I18n, d: Option<Deadline>) -> Cell<'a> {
    Cell::from(Line::from(deadline_span(t, d)))
}

pub fn render(c: &Complaints, frame: &mut Frame, area: Rect, v: &View) {
    let t = v.t;
    let list = &c.list;
    let shown = list.shown_len();
    let overdue = list.shown().filter(|e| e.overdue > 0).count();
    let title = t.tf(
        "complaints.title",
        &[("n", shown.to_string()), ("overdue", overdue.to_string())],
    );
    let Some(body) = list_frame(frame, area, t, &title, list, shown, "list.empty") else {
        return;
    };
    // Only the rows in sight are built.
    let (rows, at) = list.window(body.height);
    // 80 columns: number, customer, stage and the four clocks; wider adds the time
    // received, the channel and the category.
    let wide = area.width >= 110;
    let table_rows: Vec<Row> = rows
        .map(|e| {
            let c = &e.row;
            let mut cells = vec![Cell::from(c.number.clone())];
            if wide {
                cells.push(Cell::from(short_time(v.zone, c.received_at)));
            }
            cells.push(Cell::from(
                c.customer_name
                    .clone()
                    .or_else(|| c.contact.clone())
                    .unwrap_or_else(|| t.t("complaints.anonymous").to_string()),
            ));
            if wide {
                cells.push(Cell::from(t.t(c.channel.label_key()).to_string()));
                cells.push(Cell::from(t.t(c.category.label_key()).to_string()));
            }
            cells.push(Cell::from(t.t(c.stage.label_key()).to_string()));
            for w in Which::ALL {
                cells.push(deadline_cell(t, e.clocks.get(w).map(|k| k.deadline(v.now))));
            }
            Row::new(cells)
        })
        .collect();
    let mut header = vec![t.t("col.number")];
    let mut widths = vec![Constraint::Length(16)];
    if wide {
        header.push(t.t("col.received"));
        widths.push(Constraint::Length(11));
    }
    header.push(t.t("col.customer"));
    widths.push(Constraint::Length(8));
    if wide {
        header.extend([t.t("col.channel"), t.t("col.category")]);
        widths.extend([Constraint::Length(14), Constraint::Length(10)]);
    }
    header.push(t.t("col.stage"));
    widths.push(Constraint::Length(10));
    for w in Which::ALL {
        header.push(t.t(w.label_key()));
        widths.push(Constraint::Length(10));
    }
    let table = table(header, table_rows, widths);
    render_table(frame, body, table, at);
}
