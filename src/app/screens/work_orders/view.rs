//! Draws the work orders: the board of open orders, the technician view and the call
//! list (the detail is in `view_detail.rs`, the dialogs in `view_dialog.rs`). One colour
//! language everywhere, always with a text mark beside the colour: red for a broken
//! standard, amber for one about to break, the task style for the 80/20 call.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use crate::app::action::Action;
use crate::app::keymap::Mode;
use crate::app::screen::View as ViewCx;
use crate::app::widgets::input::input_line;
use crate::app::widgets::list::{empty, render_table, table, title_bar};
use crate::domain::kinds::RepairOrderState;
use crate::domain::workshop::alerts::{Alert, Level};
use crate::fmt::{hhmm, phone_text, plate_text, short_time};
use crate::i18n::I18n;
use crate::theme::Theme;

use super::board::{Entry, TechLine, window};
use super::{View, WorkOrders};

pub fn render(w: &WorkOrders, frame: &mut Frame, area: Rect, v: &ViewCx) {
    match w.view {
        View::Board => board(frame, area, w, v),
        View::Technicians => technicians(frame, area, w, v),
        View::Detail => super::view_detail::render(frame, area, w, v),
        View::Calls => calls(frame, area, w, v),
    }
    if let Some(d) = &w.dialog {
        super::view_dialog::render(frame, area, d, w, v);
    }
}

/// The style of an alert level.
pub fn level_style(l: Level) -> Style {
    match l {
        Level::Red => Theme::overdue(),
        Level::Amber => Theme::due_soon(),
        Level::Task => Theme::task(),
    }
}

/// The text mark of an alert level (beside its colour, never instead of it).
pub fn level_mark(t: &I18n, l: Option<Level>) -> &str {
    match l {
        Some(Level::Red) => t.t("wo.mark.red"),
        Some(Level::Amber) => t.t("wo.mark.amber"),
        Some(Level::Task) => t.t("wo.mark.task"),
        None => "",
    }
}

/// An alert's short text.
pub fn alert_text(t: &I18n, a: Alert) -> String {
    match a.minutes() {
        Some(m) => t.tf(a.key(), &[("minutes", m.to_string())]),
        None => t.t(a.key()).to_string(),
    }
}

/// A duration in minutes as "45m", "2h05" or "1d3h".
pub fn span_text(t: &I18n, minutes: i64) -> String {
    let m = minutes.max(0);
    if m < 60 {
        t.tf("wo.span.m", &[("m", m.to_string())])
    } else if m < 24 * 60 {
        t.tf(
            "wo.span.hm",
            &[("h", (m / 60).to_string()), ("m", format!("{:02}", m % 60))],
        )
    } else {
        t.tf(
            "wo.span.dh",
            &[
                ("d", (m / (24 * 60)).to_string()),
                ("h", (m % (24 * 60) / 60).to_string()),
            ],
        )
    }
}

/// Time left to the promise, or how late; with its style.
pub fn left_text(
    t: &I18n,
    promised: DateTime<Utc>,
    now: DateTime<Utc>,
    state: RepairOrderState,
) -> (String, Style) {
    let minutes = (promised - now).num_minutes();
    if state == RepairOrderState::Ready {
        return (t.t("wo.left.ready").to_string(), Theme::ok());
    }
    if now > promised {
        let late = (now - promised).num_minutes();
        (
            t.tf("wo.left.late", &[("span", span_text(t, late))]),
            Theme::overdue(),
        )
    } else {
        (span_text(t, minutes), Style::new())
    }
}

/// A time: "14:05" today, else "11-24 14:05".
pub fn promised_text(v: &ViewCx, at: DateTime<Utc>) -> String {
    if v.zone.to_local(at).date_naive() == v.today() {
        hhmm(v.zone, at)
    } else {
        short_time(v.zone, at)
    }
}

/// "v technicians  c calls" from the keymap in force (so overrides show).
pub fn hints(v: &ViewCx, modes: &[Mode], items: &[(Action, &str)]) -> String {
    items
        .iter()
        .filter_map(|(a, label)| {
            v.keymap
                .keys_for(modes, *a)
                .first()
                .map(|k| format!("{k} {}", v.t.t(label)))
        })
        .collect::<Vec<_>>()
        .join("  ")
}

/// The display width of `s` (CJK characters count two).
pub fn text_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// The last part of an order number ("0012" of RO-20261123-0012).
fn short_number(n: &str) -> &str {
    n.rsplit('-').next().unwrap_or(n)
}

/// The comeback marker, the alerts and what the order waits for. Lateness is in the
/// "left" column already (red, "late 1h05"), so it is not repeated here.
pub fn notes(t: &I18n, e: &Entry) -> Line<'static> {
    let mut parts = Vec::new();
    if e.row.comeback {
        parts.push(Span::styled(
            t.t("marker.comeback").to_string(),
            Theme::comeback(),
        ));
    }
    for a in e.alerts.iter().filter(|a| !matches!(a, Alert::Late { .. })) {
        parts.push(Span::styled(alert_text(t, *a), level_style(a.level())));
    }
    for wait in &e.waits {
        parts.push(Span::raw(wait.text(t)));
    }
    joined(parts)
}

/// Spans with a space between each two.
pub fn joined(parts: Vec<Span<'static>>) -> Line<'static> {
    let mut spans = Vec::with_capacity(parts.len() * 2);
    for (i, p) in parts.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        spans.push(p);
    }
    Line::from(spans)
}

fn board(frame: &mut Frame, area: Rect, w: &WorkOrders, v: &ViewCx) {
    let t = v.t;
    let b = &w.board;
    let [head, filter, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    let [red, amber, task] = b.counts;
    let title = t.tf(
        "wo.title",
        &[
            ("n", b.shown.len().to_string()),
            ("red", red.to_string()),
            ("amber", amber.to_string()),
            ("task", task.to_string()),
        ],
    );
    let modes = [Mode::WorkOrders, Mode::List];
    let hint = hints(
        v,
        &modes,
        &[
            (Action::Search, "wo.hint.filter"),
            (Action::Confirm, "wo.hint.open"),
            (Action::TechnicianView, "wo.hint.technicians"),
            (Action::FollowUpCalls, "wo.hint.calls"),
            (Action::Help, "wo.hint.keys"),
        ],
    );
    title_bar(frame, head, &title, &hint);
    input_line(
        frame,
        filter,
        &format!(" {}", t.t("wo.filter")),
        &b.filter,
        b.filtering && v.active && w.dialog.is_none(),
        None,
    );
    if b.shown.is_empty() {
        let key = if !b.loaded {
            "list.loading"
        } else if b.filter.is_empty() {
            "wo.empty"
        } else {
            "wo.no_match"
        };
        empty(frame, body, t.t(key));
        return;
    }
    // 80 columns: number, plate, customer, state, time left and the notes (the
    // technician is in the technician view and the detail); wider terminals add the
    // advisor, the technician, the bay, the promised time and the progress. A column is
    // as wide as its heading and its labels need, so none is cut mid-word.
    let wide = area.width >= 110;
    let fit = |min: usize, labels: &[&str]| -> u16 {
        let w = labels.iter().map(|s| text_width(s)).max().unwrap_or(0);
        w.max(min) as u16
    };
    let mut header = vec![t.t("wo.col.mark"), t.t("col.number"), t.t("col.plate")];
    let mut widths = vec![
        Constraint::Length(2),
        Constraint::Length(16),
        Constraint::Length(10),
    ];
    header.push(t.t("col.customer"));
    widths.push(Constraint::Length(fit(8, &[t.t("col.customer")])));
    if wide {
        header.push(t.t("col.advisor"));
        widths.push(Constraint::Length(fit(7, &[t.t("col.advisor")])));
        header.push(t.t("col.technician"));
        widths.push(Constraint::Length(fit(6, &[t.t("col.technician")])));
        header.push(t.t("wo.col.bay"));
        widths.push(Constraint::Length(fit(7, &[t.t("wo.col.bay")])));
    }
    header.push(t.t("col.state"));
    let mut states: Vec<&str> = RepairOrderState::ALL
        .iter()
        .filter(|s| s.is_open())
        .map(|s| t.t(s.label_key()))
        .collect();
    states.push(t.t("col.state"));
    widths.push(Constraint::Length(fit(0, &states)));
    if wide {
        header.push(t.t("col.promised"));
        widths.push(Constraint::Length(fit(11, &[t.t("col.promised")])));
    }
    header.push(t.t("wo.col.left"));
    widths.push(Constraint::Length(fit(10, &[t.t("wo.col.left")])));
    if wide {
        header.push(t.t("wo.col.progress"));
        widths.push(Constraint::Length(fit(4, &[t.t("wo.col.progress")])));
    }
    header.push(t.t("wo.col.notes"));
    widths.push(Constraint::Min(8));
    // The header takes one row; only the rows of the window are built.
    let height = usize::from(body.height.saturating_sub(1));
    let (from, to) = window(&b.offset, b.selected, b.shown.len(), height);
    let rows: Vec<Row> = b.shown[from..to]
        .iter()
        .map(|&i| {
            let e = &b.entries[i];
            let r = &e.row;
            let level = e.level();
            let mark = Cell::from(level_mark(t, level).to_string())
                .style(level.map_or(Style::new(), level_style));
            let (left, left_style) = left_text(t, r.promised_at, v.now, r.state);
            let mut cells = vec![
                mark,
                Cell::from(r.number.as_str()),
                Cell::from(plate_text(&r.plate)),
                Cell::from(r.customer_name.as_str()),
            ];
            if wide {
                cells.push(Cell::from(&*r.advisor_name));
                cells.push(Cell::from(r.technician_name.as_deref().unwrap_or_default()));
                cells.push(Cell::from(r.bay.as_deref().unwrap_or_default()));
            }
            cells.push(Cell::from(t.t(r.state.label_key())));
            if wide {
                cells.push(Cell::from(promised_text(v, r.promised_at)));
            }
            cells.push(Cell::from(left).style(left_style));
            if wide {
                cells.push(Cell::from(format!("{}%", e.progress)));
            }
            cells.push(Cell::from(notes(t, e)));
            Row::new(cells)
        })
        .collect();
    render_table(
        frame,
        body,
        table(header, rows, widths),
        Some(b.selected - from),
    );
}

/// Worked against the estimate: "0:35/1:00 58%" (of the estimate used), and past it,
/// in amber, by how much: "1:50/1:00 83% over".
pub fn clock_spans(t: &I18n, worked: i64, estimate: i64) -> Vec<Span<'static>> {
    let hm = |s: i64| format!("{}:{:02}", s / 3600, s % 3600 / 60);
    let mut spans = vec![Span::raw(format!("{}/{}", hm(worked), hm(estimate)))];
    // `against_estimate` is the time worked as a percent of the estimate (183 for 1:50
    // against 1:00); what is over is the part above 100.
    if let Some(pct) = crate::domain::workshop::jobs::against_estimate(worked, estimate) {
        let (text, style) = if pct > 100 {
            (
                t.tf("wo.over_estimate", &[("over", (pct - 100).to_string())]),
                Theme::due_soon(),
            )
        } else {
            (format!("{pct}%"), Style::new())
        };
        spans.push(Span::raw(" "));
        spans.push(Span::styled(text, style));
    }
    spans
}

/// One order in the technician view.
fn order_line(t: &I18n, v: &ViewCx, e: &Entry, current: bool) -> Line<'static> {
    let r = &e.row;
    let level = e.level();
    let mut spans = vec![
        Span::raw(if current { "  > " } else { "    " }),
        Span::styled(
            format!("{:<2}", level_mark(t, level)),
            level.map_or(Style::new(), level_style),
        ),
        Span::raw(format!(
            " {} {} {} ",
            short_number(&r.number),
            plate_text(&r.plate),
            r.customer_name
        )),
    ];
    if current && let Some(j) = e.running() {
        let worked =
            crate::domain::workshop::jobs::worked_seconds(j.worked_seconds, j.running_since, v.now);
        spans.push(Span::raw(format!("{}  ", j.description)));
        spans.extend(clock_spans(t, worked, j.estimate_seconds));
        spans.push(Span::raw("  "));
    } else {
        spans.push(Span::raw(format!("{}  ", t.t(r.state.label_key()))));
    }
    spans.push(Span::raw(t.tf(
        "wo.tech.promised",
        &[("time", promised_text(v, r.promised_at))],
    )));
    let (left, style) = left_text(t, r.promised_at, v.now, r.state);
    spans.push(Span::raw(" "));
    spans.push(Span::styled(left, style));
    let rest = notes(t, e);
    if !rest.spans.is_empty() {
        spans.push(Span::raw("  "));
        spans.extend(rest.spans);
    }
    Line::from(spans)
}

fn technicians(frame: &mut Frame, area: Rect, w: &WorkOrders, v: &ViewCx) {
    let t = v.t;
    let b = &w.board;
    let [head, filter, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    let modes = [Mode::WorkOrders, Mode::List];
    let hint = hints(
        v,
        &modes,
        &[
            (Action::Confirm, "wo.hint.open"),
            (Action::TechnicianView, "wo.hint.board"),
            (Action::Help, "wo.hint.keys"),
        ],
    );
    let techs = b.techs.iter().filter(|x| x.id.is_some()).count();
    title_bar(
        frame,
        head,
        &t.tf("wo.tech.title", &[("n", techs.to_string())]),
        &hint,
    );
    if !b.filter.is_empty() {
        input_line(
            frame,
            filter,
            &format!(" {}", t.t("wo.filter")),
            &b.filter,
            false,
            None,
        );
    }
    if b.tech_lines.is_empty() {
        empty(
            frame,
            body,
            t.t(if b.loaded {
                "wo.tech.empty"
            } else {
                "list.loading"
            }),
        );
        return;
    }
    let height = usize::from(body.height);
    let (from, to) = window(&b.tech_offset, b.tech_selected, b.tech_lines.len(), height);
    let lines: Vec<Line> = (from..to)
        .map(|i| {
            let line = match b.tech_lines[i] {
                TechLine::Head(ti) => {
                    let g = &b.techs[ti];
                    match g.id {
                        Some(_) => {
                            let free = if g.free_at <= v.now {
                                t.t("wo.tech.free_now").to_string()
                            } else {
                                t.tf(
                                    "wo.tech.free_at",
                                    &[
                                        ("time", promised_text(v, g.free_at)),
                                        ("span", span_text(t, (g.free_at - v.now).num_minutes())),
                                    ],
                                )
                            };
                            let open = g.queue.len() + usize::from(g.current.is_some());
                            Line::from(vec![
                                Span::styled(format!(" {} {} ", g.code, g.name), Theme::header()),
                                Span::raw(format!(
                                    "  {}  ",
                                    t.tf("wo.tech.open", &[("n", open.to_string())])
                                )),
                                Span::styled(free, Theme::ok()),
                            ])
                        }
                        None => Line::styled(
                            format!(
                                " {}",
                                t.tf("wo.tech.unassigned", &[("n", g.queue.len().to_string())])
                            ),
                            Theme::header(),
                        ),
                    }
                }
                TechLine::Current(e) => order_line(t, v, &b.entries[e], true),
                TechLine::Queued(e) => order_line(t, v, &b.entries[e], false),
                TechLine::Idle => {
                    Line::styled(format!("    {}", t.t("wo.tech.idle")), Theme::hint())
                }
            };
            if i == b.tech_selected && b.tech_lines[i].entry().is_some() {
                line.patch_style(Theme::selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), body);
}

fn calls(frame: &mut Frame, area: Rect, w: &WorkOrders, v: &ViewCx) {
    let t = v.t;
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let modes = [Mode::FollowUps, Mode::List];
    let hint = hints(
        v,
        &modes,
        &[
            (Action::Confirm, "wo.hint.call"),
            (Action::FollowUpCalls, "wo.hint.board"),
            (Action::Help, "wo.hint.keys"),
        ],
    );
    title_bar(
        frame,
        head,
        &t.tf(
            "wo.calls.title",
            &[
                ("day", crate::fmt::day(v.today())),
                ("n", w.calls.len().to_string()),
            ],
        ),
        &hint,
    );
    if w.calls.is_empty() {
        empty(
            frame,
            body,
            t.t(if w.calls_loaded {
                "wo.calls.empty"
            } else {
                "list.loading"
            }),
        );
        return;
    }
    let wide = area.width >= 110;
    let height = usize::from(body.height.saturating_sub(1));
    let (from, to) = window(&w.call_offset, w.call_selected, w.calls.len(), height);
    let rows: Vec<Row> = w.calls[from..to]
        .iter()
        .map(|c| {
            let mut cells = vec![
                Cell::from(c.customer_name.clone()),
                Cell::from(c.phone.as_deref().map(phone_text).unwrap_or_default()),
                Cell::from(plate_text(&c.plate)),
            ];
            cells.push(Cell::from(c.number.clone()));
            if wide {
                cells.push(Cell::from(c.advisor_name.clone()));
            }
            cells.push(Cell::from(short_time(v.zone, c.delivered_at)));
            let due = Cell::from(c.due_on.format("%m-%d").to_string());
            cells.push(if c.due_on < v.today() {
                due.style(Theme::due_soon())
            } else {
                due
            });
            cells.push(Cell::from(c.tries.to_string()));
            Row::new(cells)
        })
        .collect();
    let mut header = vec![t.t("col.customer"), t.t("col.phone"), t.t("col.plate")];
    let mut widths = vec![
        Constraint::Length(10),
        Constraint::Length(13),
        Constraint::Length(9),
    ];
    header.push(t.t("col.number"));
    widths.push(Constraint::Length(16));
    if wide {
        header.push(t.t("col.advisor"));
        widths.push(Constraint::Length(8));
    }
    header.extend([
        t.t("wo.col.delivered"),
        t.t("wo.col.due"),
        t.t("wo.col.tries"),
    ]);
    widths.extend([
        Constraint::Length(11),
        Constraint::Length(5),
        Constraint::Length(5),
    ]);
    render_table(
        frame,
        body,
        table(header, rows, widths),
        Some(w.call_selected - from),
    );
}
