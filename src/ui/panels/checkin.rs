//! Check-in: find the customer or vehicle (plate, phone or name, as you type); with no
//! query, today's expected arrivals from the appointment board.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Row;

use crate::app::model::Model;
use crate::domain::plate::Plate;
use crate::store::customers::SearchHit;
use crate::ui::chrome::title_bar;
use crate::ui::{Ctx, hhmm, hours};

/// A stored plate as people write it ("粤B·12345").
pub fn plate_text(stored: &str) -> String {
    Plate::parse(stored)
        .map(|p| p.display())
        .unwrap_or_else(|_| stored.to_string())
}

pub fn render(frame: &mut Frame, area: Rect, model: &Model, ctx: &Ctx) {
    let t = ctx.i18n;
    if let Some(flow) = &model.checkin.flow {
        super::checkin_flow::render(frame, area, model, flow, ctx);
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
    let typing = model.overlay.is_none();
    super::input_line(
        frame,
        input,
        &format!(" {}", t.t("checkin.find")),
        &model.checkin.query,
        typing,
        None,
    );
    let c = &model.checkin;
    if let Some((d, at)) = &c.draft_offer {
        let who = format!("{} {}", d.who.customer, plate_text(&d.who.plate));
        let text = t.tf(
            "checkin.draft_offer",
            &[("who", who), ("at", crate::ui::short_time(model.zone, *at))],
        );
        frame.render_widget(
            ratatui::widgets::Paragraph::new(format!(" {text}"))
                .style(crate::ui::theme::Theme::status_error()),
            hint,
        );
        return;
    }
    if c.query.value().trim().is_empty() {
        crate::ui::chrome::title_bar(frame, hint, t.t("checkin.arrivals"), "");
        if c.arrivals.is_empty() {
            super::empty(frame, body, t.t("checkin.no_arrivals"));
            return;
        }
        let rows: Vec<Row> = c
            .arrivals
            .iter()
            .map(|a| {
                Row::new(vec![
                    hhmm(model.zone, a.starts_at),
                    a.customer_name.clone(),
                    plate_text(&a.plate),
                    t.t(a.service.label_key()).to_string(),
                    hours(a.est_minutes),
                    a.advisor_name.clone().unwrap_or_default(),
                    t.t(a.state.label_key()).to_string(),
                ])
            })
            .collect();
        let table = super::table(
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
        super::render_table(frame, body, table, Some(c.selected));
        return;
    }
    let summary = t.tf("checkin.hits", &[("n", c.hits.len().to_string())]);
    crate::ui::chrome::title_bar(frame, hint, &summary, "");
    hits(frame, body, &c.hits, c.selected, t);
}

/// Search hits (plate, customer, phone, vehicle, last visit, open orders and complaints)
/// with the "new customer" row below them, `selected` highlighted (`hits.len()` is the
/// new-customer row). Shared by check-in and the booking form.
pub fn hits(
    frame: &mut Frame,
    area: Rect,
    hits: &[SearchHit],
    selected: usize,
    t: &crate::ui::i18n::I18n,
) {
    if hits.is_empty() {
        super::empty(frame, area, t.t("checkin.no_hits"));
        new_customer_row(
            frame,
            Rect {
                y: area.y + 1,
                height: 1,
                ..area
            },
            selected == 0,
            t,
        );
        return;
    }
    let rows: Vec<Row> = hits
        .iter()
        .map(|h| {
            let vehicle = [h.make.as_deref(), h.model.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            Row::new(vec![
                h.plate.as_deref().map(plate_text).unwrap_or_default(),
                h.customer_name.clone(),
                h.phone
                    .as_deref()
                    .map(crate::ui::phone_text)
                    .unwrap_or_default(),
                vehicle,
                h.last_visit
                    .as_deref()
                    .map(|s| s.chars().take(10).collect())
                    .unwrap_or_default(),
                h.open_repair_orders.to_string(),
                h.open_complaints.to_string(),
            ])
        })
        .collect();
    let table = super::table(
        vec![
            t.t("col.plate"),
            t.t("col.customer"),
            t.t("col.phone"),
            t.t("col.vehicle"),
            t.t("col.last_visit"),
            t.t("col.open_ro"),
            t.t("col.open_cp"),
        ],
        rows,
        vec![
            Constraint::Length(11),
            Constraint::Length(12),
            Constraint::Length(13),
            Constraint::Min(10),
            Constraint::Length(10),
            Constraint::Length(4),
            Constraint::Length(4),
        ],
    );
    super::render_table(frame, area, table, Some(selected));
    // Below the hits: a walk-in not on file yet.
    let y = area.y + 1 + hits.len() as u16;
    if y < area.bottom() {
        new_customer_row(
            frame,
            Rect {
                y,
                height: 1,
                ..area
            },
            selected == hits.len(),
            t,
        );
    }
}

fn new_customer_row(frame: &mut Frame, area: Rect, selected: bool, t: &crate::ui::i18n::I18n) {
    let style = if selected {
        crate::ui::theme::Theme::selected()
    } else {
        crate::ui::theme::Theme::key()
    };
    frame.render_widget(
        ratatui::widgets::Paragraph::new(t.t("booking.new_customer")).style(style),
        area,
    );
}
