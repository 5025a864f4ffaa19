//! Draws the work orders: every open repair order, soonest promise first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};

use crate::app::screen::View;
use crate::app::widgets::list::{list_frame, render_table, table};
use crate::domain::kinds::RepairOrderState;
use crate::fmt::{money, plate_text, short_time, vehicle};
use crate::theme::Theme;

use super::WorkOrders;

pub fn render(w: &WorkOrders, frame: &mut Frame, area: Rect, v: &View) {
    let t = v.t;
    let list = &w.list;
    let rows = list.visible();
    let title = t.tf("work_orders.title", &[("n", rows.len().to_string())]);
    let Some(body) = list_frame(frame, area, t, &title, list, rows.len(), "list.empty") else {
        return;
    };
    // 80 columns: the essentials; wider terminals add technician, vehicle and total.
    let wide = area.width >= 110;
    let comeback = t.t("marker.comeback");
    let table_rows: Vec<Row> = rows
        .iter()
        .map(|r| {
            let late = r.promised_at < v.now && !matches!(r.state, RepairOrderState::Ready);
            let mut cells = vec![
                if r.is_comeback {
                    Cell::from(Span::styled(comeback.to_string(), Theme::comeback()))
                } else {
                    Cell::from("")
                },
                Cell::from(r.number.clone()),
                Cell::from(plate_text(&r.plate)),
                Cell::from(r.customer_name.clone()),
            ];
            if wide {
                cells.push(Cell::from(vehicle(r.make.as_deref(), r.model.as_deref())));
            }
            cells.push(Cell::from(t.t(r.state.label_key()).to_string()));
            cells.push(Cell::from(r.advisor_name.clone()));
            if wide {
                cells.push(Cell::from(r.technician_name.clone().unwrap_or_default()));
            }
            cells.push(
                Cell::from(short_time(v.zone, r.promised_at)).style(if late {
                    Theme::overdue()
                } else {
                    Theme::ok()
                }),
            );
            if wide {
                cells.push(Cell::from(Line::from(money(r.total_cents)).right_aligned()));
            }
            Row::new(cells)
        })
        .collect();
    let mut header = vec!["", t.t("col.number"), t.t("col.plate"), t.t("col.customer")];
    let mut widths = vec![
        Constraint::Length(Span::raw(comeback).width() as u16),
        Constraint::Length(16),
        Constraint::Length(10),
        Constraint::Length(8),
    ];
    if wide {
        header.push(t.t("col.vehicle"));
        widths.push(Constraint::Length(14));
    }
    header.extend([t.t("col.state"), t.t("col.advisor")]);
    widths.extend([Constraint::Length(13), Constraint::Length(8)]);
    if wide {
        header.push(t.t("col.technician"));
        widths.push(Constraint::Length(8));
    }
    header.push(t.t("col.promised"));
    widths.push(Constraint::Length(11));
    if wide {
        header.push(t.t("col.total"));
        widths.push(Constraint::Length(10));
    }
    let table = table(header, table_rows, widths);
    render_table(frame, body, table, Some(list.selected));
}
