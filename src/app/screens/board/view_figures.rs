//! The figure pages of the wall board: the key figures of today and the last 14 days
//! (each with its sparkline and its target) and the week's booked hours against
//! capacity.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Sparkline};

use crate::app::screen::View;
use crate::app::widgets::list::{render_table, table};
use crate::domain::kpi::{DAYS, Kpi, Series, Target};
use crate::fmt::{hours, pad, weekday_key};
use crate::i18n::I18n;
use crate::theme::Theme;

use super::Board;
use super::view::{big, figure, loading};
use super::view_floor::band_style;

/// A figure's value as shown: "72%", "4.5".
pub fn value_text(kpi: Kpi, v: Option<u64>) -> String {
    match v {
        None => "-".to_string(),
        Some(x) if kpi.in_tenths() => format!("{}.{}", x / 10, x % 10),
        Some(x) => format!("{x}%"),
    }
}

/// "60–80%", "≥ 90%", "≤ 5%", "≥ 4.5".
pub fn target_text(t: &I18n, kpi: Kpi) -> String {
    let v = |x: u64| value_text(kpi, Some(x));
    match kpi.target() {
        Target::Band(lo, hi) => t.tf("kpi.target.band", &[("lo", lo.to_string()), ("hi", v(hi))]),
        Target::AtLeast(x) => t.tf("kpi.target.at_least", &[("v", v(x))]),
        Target::AtMost(x) => t.tf("kpi.target.at_most", &[("v", v(x))]),
    }
}

fn judged(s: &Series) -> Style {
    match s.on_target() {
        Some(true) => Theme::ok(),
        Some(false) => Theme::overdue(),
        None => Style::new(),
    }
}

pub fn kpis(board: &Board, frame: &mut Frame, area: Rect, v: &View) {
    let t = v.t;
    let Some(series) = &board.kpis else {
        return loading(frame, area, v);
    };
    let title = Rect {
        y: area.y + 1,
        height: 1,
        ..area
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(
                " {}",
                t.tf("board.kpi.title", &[("days", DAYS.to_string())])
            ),
            Theme::header(),
        )),
        title,
    );
    // A row per figure: large when there is room (label, big value, target, a tall
    // sparkline), else one line each.
    let big = big(area);
    let row_h: u16 = if big { 5 } else { 1 };
    let label_w = 22u16;
    let value_w: u16 = if big { 24 } else { 7 };
    let target_w = 12u16;
    let mut y = area.y + 3;
    for s in series {
        if y + row_h > area.bottom() {
            break;
        }
        let row = Rect {
            y,
            height: row_h,
            ..area
        };
        let mark = match s.on_target() {
            Some(true) => t.t("kpi.on_target"),
            Some(false) => t.t("kpi.off_target"),
            None => "",
        };
        let label = format!(" {}", pad(t.t(s.kpi.label_key()), usize::from(label_w) - 2));
        frame.render_widget(
            Paragraph::new(Line::from(vec![Span::styled(label, Theme::label())])),
            Rect {
                width: label_w,
                height: 1,
                ..row
            },
        );
        let value = Rect {
            x: row.x + label_w,
            width: value_w,
            ..row
        };
        if big {
            figure(
                frame,
                Rect { height: 5, ..value },
                "",
                &value_text(s.kpi, s.today()),
                judged(s),
            );
        } else {
            frame.render_widget(
                Paragraph::new(Span::styled(
                    format!("{:>6}", value_text(s.kpi, s.today())),
                    judged(s),
                )),
                value,
            );
        }
        let target = Rect {
            x: value.x + value_w + 1,
            width: target_w,
            height: 1,
            y: row.y + if big { 1 } else { 0 },
        };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(target_text(t, s.kpi), Theme::hint()),
                Span::raw(" "),
                Span::styled(mark.to_string(), judged(s)),
            ])),
            Rect {
                width: target_w + 4,
                ..target
            },
        );
        let spark = Rect {
            x: target.x + target_w + 5,
            width: (DAYS as u16 * if big { 3 } else { 1 })
                .min(area.right().saturating_sub(target.x + target_w + 5)),
            y: row.y + if big { 1 } else { 0 },
            height: if big { row_h - 1 } else { 1 },
        };
        if spark.width > 0 {
            let max = if s.kpi.in_tenths() { 50 } else { 100 };
            // Each day as wide as the room allows: repeat the bars.
            let per = usize::from(spark.width) / DAYS;
            let data: Vec<Option<u64>> = s
                .days
                .iter()
                .flat_map(|d| std::iter::repeat_n(*d, per.max(1)))
                .collect();
            frame.render_widget(
                Sparkline::default()
                    .data(data)
                    .max(max)
                    .style(Theme::key())
                    .absent_value_symbol(if big { " " } else { "·" }),
                spark,
            );
        }
        y += row_h + if big { 0 } else { 1 };
    }
}

pub fn week(board: &Board, frame: &mut Frame, area: Rect, v: &View) {
    let t = v.t;
    let Some(days) = &board.week else {
        return loading(frame, area, v);
    };
    let first = days.first().map(|(d, _)| *d);
    let booked: i64 = days.iter().map(|(_, l)| l.booked_minutes).sum();
    let bookable: i64 = days.iter().map(|(_, l)| l.policy.bookable_minutes()).sum();
    let top = Rect {
        y: area.y + 1,
        height: if big(area) { 5 } else { 1 },
        ..area
    };
    let used = figure(
        frame,
        Rect {
            x: area.x + 1,
            width: area.width.saturating_sub(1),
            ..top
        },
        &t.tf(
            "board.week.title",
            &[(
                "from",
                first.map_or(String::new(), |d| d.format("%m-%d").to_string()),
            )],
        ),
        &format!("{}/{}", hours(booked), hours(bookable)),
        Theme::key(),
    );
    let rest = Rect {
        y: top.y + used + 1,
        height: area.bottom().saturating_sub(top.y + used + 1),
        ..area
    };
    let bar_room = usize::from(rest.width.saturating_sub(46)).clamp(10, 80);
    let most = days
        .iter()
        .map(|(_, l)| l.booked_minutes.max(l.policy.bookable_minutes()))
        .max()
        .unwrap_or(1)
        .max(1) as usize;
    let today = v.today();
    let rows: Vec<Row> = days
        .iter()
        .map(|(d, l)| {
            let cap = l.policy.bookable_minutes();
            let closed = l.policy.closed || l.policy.available_minutes() <= 0;
            let used = (l.booked_minutes.max(0) as usize * bar_room) / most;
            let limit = (cap.max(0) as usize * bar_room) / most;
            let style = band_style(l.band());
            let bar = if closed {
                Line::styled(t.t("board.week.closed").to_string(), Theme::hint())
            } else {
                let filled = used.min(limit);
                let over = used.saturating_sub(limit);
                Line::from(vec![
                    Span::styled("█".repeat(filled), style),
                    Span::raw("░".repeat(limit.saturating_sub(filled))),
                    Span::styled("█".repeat(over), Theme::overdue()),
                ])
            };
            let day = format!("{} {}", t.t(weekday_key(*d)), d.format("%m-%d"));
            let day_style = if *d == today {
                Theme::tab_active()
            } else {
                Style::new()
            };
            Row::new(vec![
                Cell::from(day).style(day_style),
                Cell::from(if closed {
                    "-".to_string()
                } else {
                    format!("{}/{}", hours(l.booked_minutes), hours(cap))
                }),
                Cell::from(if closed {
                    "-".to_string()
                } else {
                    format!("{}%", l.booking_rate_pct())
                })
                .style(style),
                Cell::from(bar),
            ])
        })
        .collect();
    let header = vec![
        t.t("board.col.day"),
        t.t("board.col.booked_hours"),
        t.t("board.col.rate"),
        "",
    ];
    let widths = vec![
        Constraint::Length(12),
        Constraint::Length(14),
        Constraint::Length(8),
        Constraint::Min(10),
    ];
    render_table(frame, rest, table(header, rows, widths), None);
}
