//! Draws the check-in: the lookup with today's arrivals or the search hits, the offer
//! to resume an unfinished check-in, or the flow under way.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Row;

use crate::app::screen::View;
use crate::app::widgets::input::input_line;
use crate::app::widgets::list::{empty, render_table, table, title_bar};
use crate::fmt::{hhmm, hours, plate_text, short_time};
use crate::theme::Theme;

use super::Checkin;

pub fn render(c: &Checkin, frame: &mut Frame, area: Rect, v: &View) {
    let t = v.t;
    if let Some(flow) = &c.flow {
        super::view_flow::render(frame, area, v, flow);
        return;
    }
    let [head, input, hint, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    title_bar(frame, head, t.t("checkin.title"), t.t("checkin.hint"));
    input_line(
        frame,
        input,
        &format!(" {}", t.t("checkin.find")),
        &c.lookup.query,
        v.active,
        None,
    );
    if let Some((d, at)) = &c.draft_offer {
        let who = format!("{} {}", d.who.customer, plate_text(&d.who.plate));
        let text = t.tf(
            "checkin.draft_offer",
            &[("who", who), ("at", short_time(v.zone, *at))],
        );
        frame.render_widget(
            ratatui::widgets::Paragraph::new(format!(" {text}")).style(Theme::status_error()),
            hint,
        );
        return;
    }
    if c.lookup.is_blank() {
        title_bar(frame, hint, t.t("checkin.arrivals"), "");
        if c.arrivals.is_empty() {
            empty(frame, body, t.t("checkin.no_arrivals"));
            return;
        }
        let rows: Vec<Row> = c
            .arrivals
            .iter()
            .map(|a| {
                Row::new(vec![
                    hhmm(v.zone, a.starts_at),
                    a.customer_name.clone(),
                    plate_text(&a.plate),
                    t.t(a.service.label_key()).to_string(),
                    hours(a.est_minutes),
                    a.advisor_name.clone().unwrap_or_default(),
                    t.t(a.state.label_key()).to_string(),
                ])
            })
            .collect();
        let table = table(
            vec![
                t.t("col.time"),
                t.t("col.customer"),
                t.t("col.plate"),
                t.t("col.service"),
                t.t("col.hours"),
                t.t("col.advisor"),
                t.t("col.state"),
            ],
            rows,
            vec![
                Constraint::Length(5),
                Constraint::Length(14),
                Constraint::Length(11),
                Constraint::Length(12),
                Constraint::Length(5),
                Constraint::Length(10),
                Constraint::Min(8),
            ],
        );
        render_table(frame, body, table, Some(c.arrival));
        return;
    }
    let summary = t.tf("checkin.hits", &[("n", c.lookup.hits.len().to_string())]);
    title_bar(frame, hint, &summary, "");
    c.lookup.render_hits(frame, body, t);
}
