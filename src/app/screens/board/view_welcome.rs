//! The lounge's welcome board: the greeting line, then every car in the shop as
//! "欢迎 王先生 · 粤B·***45 · 服务顾问 李娜 · 预计 15:30 交车 · 维修中" — masked by
//! `domain::masking`, never a full name, a phone number or a full plate — paged through
//! on its own when the cars do not fit. No key hints: a kiosk.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_big_text::{BigText, PixelSize};

use crate::app::screen::View;
use crate::domain::masking::{CustomerStage, customer_stage, welcome_name, welcome_plate};
use crate::domain::plate::Plate;
use crate::fmt::{hhmm, pad, short_time};
use crate::i18n::Lang;
use crate::store::board::WelcomeRow;
use crate::theme::Theme;

use super::Board;
use super::view::{big, loading};

/// The masked greeting of one car, and its stage.
pub fn greeting(row: &WelcomeRow, v: &View) -> Option<(String, CustomerStage)> {
    let t = v.t;
    let stage = customer_stage(row.state, row.wash_wanted)?;
    let zh = t.lang() == Lang::ZhCn;
    let name = welcome_name(&row.customer_name, row.salutation.as_deref(), zh);
    let plate = Plate::parse(&row.plate)
        .map(|p| welcome_plate(&p))
        .unwrap_or_else(|_| "***".to_string());
    let time = if v.zone.to_local(row.promised_at).date_naive() == v.today() {
        hhmm(v.zone, row.promised_at)
    } else {
        short_time(v.zone, row.promised_at)
    };
    // The catalog orders the parts (in English the promise before the advisor, so a
    // narrow screen cuts the advisor's name, not the time).
    let text = match &row.advisor {
        Some(a) => t.tf(
            "welcome.row",
            &[
                ("name", name),
                ("plate", plate),
                ("advisor", a.clone()),
                ("time", time),
            ],
        ),
        None => t.tf(
            "welcome.row_no_advisor",
            &[("name", name), ("plate", plate), ("time", time)],
        ),
    };
    Some((text, stage))
}

fn stage_style(s: CustomerStage) -> Style {
    match s {
        CustomerStage::Ready => Theme::ok(),
        CustomerStage::QualityCheck | CustomerStage::Washing => Theme::key(),
        _ => Style::new(),
    }
}

pub fn render(board: &Board, frame: &mut Frame, area: Rect, v: &View) {
    let t = v.t;
    let greeting_line = board
        .greeting
        .clone()
        .unwrap_or_else(|| t.t("welcome.greeting").to_string());
    let mut y = area.y + 1;
    frame.render_widget(
        Paragraph::new(Line::styled(greeting_line, Theme::header())).alignment(Alignment::Center),
        Rect {
            y,
            height: 1,
            ..area
        },
    );
    y += 1;
    if big(area) {
        // The time, large, for the room.
        let clock = BigText::builder()
            .pixel_size(PixelSize::Quadrant)
            .style(Theme::key())
            .alignment(Alignment::Center)
            .lines(vec![Line::raw(hhmm(v.zone, v.now))])
            .build();
        frame.render_widget(
            clock,
            Rect {
                y: y + 1,
                height: 4,
                ..area
            },
        );
        y += 6;
    } else {
        frame.render_widget(
            Paragraph::new(Line::styled(hhmm(v.zone, v.now), Theme::hint()))
                .alignment(Alignment::Center),
            Rect {
                y,
                height: 1,
                ..area
            },
        );
        y += 2;
    }
    let Some(cars) = &board.cars else {
        return loading(frame, area, v);
    };
    // A car a line, a blank line between them when the screen is tall; the last row says
    // which page this is. Only the cars of the page shown are masked and laid out (every
    // car read is open, so each has its stage).
    let gap: u16 = if area.height >= 40 { 2 } else { 1 };
    let room = area.bottom().saturating_sub(y + 1);
    let per = usize::from((room / gap).max(1));
    let pages = cars.len().div_ceil(per).max(1);
    let page = board.car_page % pages;
    if cars.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(t.t("welcome.none"), Theme::hint()))
                .alignment(Alignment::Center),
            Rect {
                y,
                height: 1,
                ..area
            },
        );
        return;
    }
    // The stage first, in a column of its own, so a narrow screen cuts the greeting's
    // end, never where the car is.
    let stage_w = CustomerStage::ALL
        .iter()
        .map(|s| unicode_width::UnicodeWidthStr::width(t.t(s.label_key())))
        .max()
        .unwrap_or(0);
    let shown = cars
        .iter()
        .skip(page * per)
        .take(per)
        .filter_map(|c| greeting(c, v));
    for (i, (text, stage)) in shown.enumerate() {
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::raw("  "),
                Span::styled(pad(t.t(stage.label_key()), stage_w), stage_style(stage)),
                Span::raw(format!("  {text}")),
            ])),
            Rect {
                y: y + i as u16 * gap,
                height: 1,
                ..area
            },
        );
    }
    if pages > 1 {
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!("{}/{} ", page + 1, pages),
                Theme::hint(),
            ))
            .alignment(Alignment::Right),
            Rect {
                y: area.bottom() - 1,
                height: 1,
                ..area
            },
        );
    }
}
