//! The floor pages of the wall board: Today (appointments by hour, arrivals against
//! bookings, booked against bookable hours, no-shows), Workshop (every open order, late
//! and nearly late first, by urgency or by technician) and Complaints (overdue and due
//! soon first, with all their clocks).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use crate::app::screen::View;
use crate::app::screens::complaints::view::deadline_span;
use crate::app::screens::work_orders::board::Entry;
use crate::app::screens::work_orders::view::{
    left_text, level_mark, level_style, notes, promised_text,
};
use crate::app::widgets::list::{render_table, table};
use crate::domain::appointment::Band;
use crate::domain::complaint::{Deadline, Which};
use crate::domain::workshop::alerts::Level;
use crate::fmt::{hours, plate_text, short_time, truncate};
use crate::theme::Theme;

use super::Board;
use super::view::{big, figure, loading};

/// The style of a booking rate against its band.
pub fn band_style(b: Band) -> Style {
    match b {
        Band::Within => Theme::ok(),
        Band::Below => Style::new(),
        Band::Above => Theme::overdue(),
    }
}

/// Figures side by side across `area` (large when there is room).
fn figures_row(frame: &mut Frame, area: Rect, items: &[(String, String, Style)]) -> u16 {
    if area.height < 5 {
        // One line: "Booked 10 · Came 1 · …".
        let mut spans = vec![Span::raw(" ")];
        for (i, (label, value, style)) in items.iter().enumerate() {
            if i > 0 {
                spans.push(Span::raw(" · "));
            }
            spans.push(Span::styled(format!("{label} "), Theme::label()));
            spans.push(Span::styled(value.clone(), *style));
        }
        frame.render_widget(
            Paragraph::new(Line::from(spans)),
            Rect { height: 1, ..area },
        );
        return 1;
    }
    let n = items.len().max(1) as u32;
    let cols = Layout::horizontal(vec![Constraint::Ratio(1, n); items.len()]).split(area);
    let mut used = 0;
    for ((label, value, style), col) in items.iter().zip(cols.iter()) {
        let inner = Rect {
            x: col.x + 1,
            width: col.width.saturating_sub(1),
            ..*col
        };
        used = used.max(figure(frame, inner, label, value, *style));
    }
    used
}

pub fn today(board: &Board, frame: &mut Frame, area: Rect, v: &View) {
    let t = v.t;
    let Some(d) = &board.today else {
        return loading(frame, area, v);
    };
    let booked_minutes: i64 = d.hours.iter().map(|h| h.minutes).sum();
    let (bookable, rate, band) = match d.load {
        Some(l) => (
            l.policy.bookable_minutes(),
            Some(l.booking_rate_pct()),
            l.band(),
        ),
        None => (0, None, Band::Below),
    };
    let items = vec![
        (
            t.t("board.today.booked").to_string(),
            d.booked.to_string(),
            Theme::key(),
        ),
        (
            t.t("board.today.came").to_string(),
            d.came.to_string(),
            Theme::ok(),
        ),
        (
            t.t("board.today.expected").to_string(),
            d.expected.to_string(),
            Style::new(),
        ),
        (
            t.t("board.today.no_show").to_string(),
            d.no_show.to_string(),
            if d.no_show > 0 {
                Theme::overdue()
            } else {
                Style::new()
            },
        ),
        (
            t.t("board.today.hours").to_string(),
            format!("{}/{}", hours(booked_minutes), hours(bookable)),
            band_style(band),
        ),
    ];
    let top = Rect {
        y: area.y + 1,
        height: area
            .height
            .saturating_sub(1)
            .min(if big(area) { 5 } else { 1 }),
        ..area
    };
    let used = figures_row(frame, top, &items);
    let mut y = top.y + used + 1;
    let line = |s: String| Line::raw(s);
    let summary = match rate {
        Some(r) => t.tf(
            "board.today.summary",
            &[
                ("rate", r.to_string()),
                ("cancelled", d.cancelled.to_string()),
            ],
        ),
        None => t.tf(
            "board.today.summary_closed",
            &[("cancelled", d.cancelled.to_string())],
        ),
    };
    if y < area.bottom() {
        frame.render_widget(
            Paragraph::new(line(format!(" {summary}"))).style(band_style(band)),
            Rect {
                y,
                height: 1,
                ..area
            },
        );
        y += 2;
    }
    if y >= area.bottom() {
        return;
    }
    let rest = Rect {
        y,
        height: area.bottom() - y,
        ..area
    };
    if d.hours.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(" {}", t.t("board.today.none")),
                Theme::hint(),
            )),
            rest,
        );
        return;
    }
    let most = d.hours.iter().map(|h| h.booked).max().unwrap_or(1).max(1);
    let bar_room = usize::from(rest.width.saturating_sub(60)).clamp(4, 60);
    let rows: Vec<Row> = d
        .hours
        .iter()
        .map(|h| {
            let came = (h.came as usize * bar_room).div_ceil(most as usize);
            let all = (h.booked as usize * bar_room).div_ceil(most as usize);
            Row::new(vec![
                Cell::from(format!("{:02}:00", h.hour)),
                Cell::from(h.booked.to_string()),
                Cell::from(Span::styled(h.came.to_string(), Theme::ok())),
                Cell::from(h.expected.to_string()),
                Cell::from(Span::styled(
                    h.no_show.to_string(),
                    if h.no_show > 0 {
                        Theme::overdue()
                    } else {
                        Style::new()
                    },
                )),
                Cell::from(hours(h.minutes)),
                Cell::from(Line::from(vec![
                    Span::styled("█".repeat(came), Theme::ok()),
                    Span::raw("░".repeat(all.saturating_sub(came))),
                ])),
            ])
        })
        .collect();
    let header = vec![
        t.t("board.col.hour"),
        t.t("board.today.booked"),
        t.t("board.today.came"),
        t.t("board.today.expected"),
        t.t("board.today.no_show"),
        t.t("board.col.hours"),
        "",
    ];
    let widths = vec![
        Constraint::Length(6),
        Constraint::Length(8),
        Constraint::Length(8),
        Constraint::Length(8),
        Constraint::Length(8),
        Constraint::Length(7),
        Constraint::Min(4),
    ];
    render_table(frame, rest, table(header, rows, widths), None);
}

/// "12 open · 2 late · 3 due soon · 1 to tell · 2 approval · 1 parts"
fn workshop_counts(board: &Board, v: &View) -> Line<'static> {
    let t = v.t;
    let b = &board.orders;
    let waits = |key: &str| {
        b.entries
            .iter()
            .filter(|e| e.waits.iter().any(|w| w.key() == key))
            .count()
    };
    let mut spans = vec![Span::raw(format!(
        " {}",
        t.tf("board.workshop.open", &[("n", b.entries.len().to_string())])
    ))];
    let mut push = |text: String, style: Style| {
        spans.push(Span::raw(" · "));
        spans.push(Span::styled(text, style));
    };
    push(
        t.tf("board.workshop.late", &[("n", b.counts[0].to_string())]),
        level_style(Level::Red),
    );
    push(
        t.tf("board.workshop.soon", &[("n", b.counts[1].to_string())]),
        level_style(Level::Amber),
    );
    push(
        t.tf("board.workshop.tell", &[("n", b.counts[2].to_string())]),
        level_style(Level::Task),
    );
    push(
        t.tf(
            "board.workshop.approval",
            &[("n", waits("wo.wait.approval").to_string())],
        ),
        Style::new(),
    );
    push(
        t.tf(
            "board.workshop.parts",
            &[("n", waits("wo.wait.parts").to_string())],
        ),
        Style::new(),
    );
    Line::from(spans)
}

pub fn workshop(board: &Board, frame: &mut Frame, area: Rect, v: &View) {
    let t = v.t;
    if !board.orders_loaded {
        return loading(frame, area, v);
    }
    let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(area);
    frame.render_widget(Paragraph::new(workshop_counts(board, v)), head);
    let b = &board.orders;
    // By urgency (the work-orders board's order), or by technician and then urgency.
    let mut order: Vec<&Entry> = b.order.iter().map(|&i| &b.entries[i]).collect();
    if board.by_technician {
        order.sort_by_key(|e| {
            (
                e.row.technician_name.is_none(),
                e.row.technician_name.as_deref().unwrap_or("").to_string(),
            )
        });
    }
    let wide = area.width >= 120;
    let height = usize::from(body.height.saturating_sub(1));
    let rows: Vec<Row> = order
        .iter()
        .take(height)
        .map(|e| {
            let r = &e.row;
            let level = e.level();
            let (left, left_style) = left_text(t, r.promised_at, v.now, r.state);
            let mut cells = vec![
                Cell::from(level_mark(t, level).to_string())
                    .style(level.map_or(Style::new(), level_style)),
            ];
            if board.by_technician {
                cells.push(Cell::from(r.technician_name.as_deref().map_or_else(
                    || t.t("board.workshop.undispatched").to_string(),
                    str::to_string,
                )));
            }
            cells.push(Cell::from(r.number.as_str().to_string()));
            cells.push(Cell::from(plate_text(&r.plate)));
            if wide {
                cells.push(Cell::from(r.customer_name.as_str().to_string()));
            }
            if !board.by_technician {
                cells.push(Cell::from(
                    r.technician_name.as_deref().unwrap_or_default().to_string(),
                ));
            }
            cells.push(Cell::from(t.t(r.state.label_key()).to_string()));
            if wide {
                cells.push(Cell::from(promised_text(v, r.promised_at)));
            }
            cells.push(Cell::from(left).style(left_style));
            cells.push(Cell::from(notes(t, e)));
            Row::new(cells)
        })
        .collect();
    let mut header = vec![t.t("wo.col.mark")];
    let mut widths = vec![Constraint::Length(2)];
    if board.by_technician {
        header.push(t.t("col.technician"));
        widths.push(Constraint::Length(10));
    }
    header.extend([t.t("col.number"), t.t("col.plate")]);
    widths.extend([Constraint::Length(16), Constraint::Length(10)]);
    if wide {
        header.push(t.t("col.customer"));
        widths.push(Constraint::Length(10));
    }
    if !board.by_technician {
        header.push(t.t("col.technician"));
        widths.push(Constraint::Length(8));
    }
    header.push(t.t("col.state"));
    widths.push(Constraint::Length(10));
    if wide {
        header.push(t.t("col.promised"));
        widths.push(Constraint::Length(11));
    }
    header.extend([t.t("wo.col.left"), t.t("wo.col.notes")]);
    widths.extend([Constraint::Length(10), Constraint::Min(8)]);
    if order.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(" {}", t.t("board.workshop.none")),
                Theme::hint(),
            )),
            body,
        );
        return;
    }
    render_table(frame, body, table(header, rows, widths), None);
}

/// How urgent a complaint is for the board: overdue (the most late first), then due
/// (the soonest first), then the rest.
fn urgency(clocks: &[Option<Deadline>]) -> (u8, i64) {
    let mut best = (2u8, i64::MAX);
    for d in clocks.iter().flatten() {
        let k = match d {
            Deadline::Overdue { late, .. } => (0, -late.num_minutes()),
            Deadline::Due { left, .. } => (1, left.num_minutes()),
            _ => continue,
        };
        best = best.min(k);
    }
    best
}

pub fn complaints(board: &Board, frame: &mut Frame, area: Rect, v: &View) {
    let t = v.t;
    let Some(list) = &board.complaints else {
        return loading(frame, area, v);
    };
    let mut rows: Vec<_> = list
        .iter()
        .map(|(h, c)| {
            let clocks: Vec<Option<Deadline>> = Which::ALL
                .iter()
                .map(|w| c.get(*w).map(|k| k.deadline(v.now)))
                .collect();
            (urgency(&clocks), h, clocks)
        })
        .collect();
    rows.sort_by_key(|(u, h, _)| (*u, h.received_at));
    let overdue = rows.iter().filter(|(u, _, _)| u.0 == 0).count();
    let soon = rows
        .iter()
        .filter(|(u, _, _)| u.0 == 1 && u.1 <= 60)
        .count();
    let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(area);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw(format!(
                " {} · ",
                t.tf("board.complaints.open", &[("n", rows.len().to_string())])
            )),
            Span::styled(
                t.tf("board.complaints.overdue", &[("n", overdue.to_string())]),
                if overdue > 0 {
                    Theme::overdue()
                } else {
                    Theme::ok()
                },
            ),
            Span::raw(" · "),
            Span::styled(
                t.tf("board.complaints.soon", &[("n", soon.to_string())]),
                if soon > 0 {
                    Theme::due_soon()
                } else {
                    Style::new()
                },
            ),
        ])),
        head,
    );
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(" {}", t.t("board.complaints.none")),
                Theme::hint(),
            )),
            body,
        );
        return;
    }
    let wide = area.width >= 120;
    let height = usize::from(body.height.saturating_sub(1));
    let table_rows: Vec<Row> = rows
        .iter()
        .take(height)
        .map(|(_, h, clocks)| {
            // At 80 columns the number without its "CP-".
            let number = if wide {
                h.number.as_str()
            } else {
                h.number
                    .split_once('-')
                    .map_or(h.number.as_str(), |(_, n)| n)
            };
            let mut cells = vec![Cell::from(number.to_string())];
            if wide {
                cells.push(Cell::from(short_time(v.zone, h.received_at)));
            }
            cells.push(Cell::from(truncate(
                h.customer_name
                    .as_deref()
                    .or(h.contact.as_deref())
                    .unwrap_or_else(|| t.t("complaints.anonymous")),
                if wide { 10 } else { 8 },
            )));
            if wide {
                cells.push(Cell::from(t.t(h.severity.label_key()).to_string()));
            }
            cells.push(Cell::from(t.t(h.stage.label_key()).to_string()));
            for d in clocks {
                cells.push(Cell::from(Line::from(deadline_span(t, *d))));
            }
            Row::new(cells)
        })
        .collect();
    let mut header = vec![t.t("col.number")];
    let mut widths = vec![Constraint::Length(if wide { 16 } else { 13 })];
    if wide {
        header.push(t.t("col.received"));
        widths.push(Constraint::Length(11));
    }
    header.push(t.t("col.customer"));
    widths.push(Constraint::Length(if wide { 10 } else { 8 }));
    if wide {
        header.push(t.t("board.col.severity"));
        widths.push(Constraint::Length(8));
    }
    header.push(t.t("col.stage"));
    widths.push(Constraint::Length(10));
    for w in Which::ALL {
        header.push(t.t(w.label_key()));
        widths.push(Constraint::Length(10));
    }
    render_table(frame, body, table(header, table_rows, widths), None);
}
