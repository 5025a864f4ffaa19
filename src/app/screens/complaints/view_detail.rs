//! Draws one complaint: what was recorded, every clock with its due time and where it
//! stands, the supervision orders and the timeline; or the form of a step over it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::screen::View;
use crate::app::widgets::form;
use crate::app::widgets::list::title_bar;
use crate::domain::complaint::Which;
use crate::fmt::short_time;
use crate::theme::Theme;

use super::Detail;
use super::step::StepForm;
use super::view::deadline_span;

pub fn render(d: &Detail, step: Option<&StepForm>, frame: &mut Frame, area: Rect, v: &View) {
    let t = v.t;
    let row = &d.entry.row;
    let title = format!(
        "{}  {}  {}",
        row.number,
        t.t(row.stage.label_key()),
        t.t(row.severity.label_key())
    );
    let [head, body, hint] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    if let Some(st) = step {
        title_bar(
            frame,
            head,
            &format!("{title}  ·  {}", t.t(st.kind.title_key())),
            "",
        );
        let inset = Rect {
            x: body.x + 1,
            y: body.y + 1,
            width: body.width.saturating_sub(2),
            height: body.height.saturating_sub(1),
        };
        let field_w = (inset.width as usize).saturating_sub(14);
        form::render(frame, inset, &st.form, t, 12, field_w, v.active);
        frame.render_widget(
            Paragraph::new(format!(" {}", t.t("step.hint"))).style(Theme::hint()),
            hint,
        );
        return;
    }
    title_bar(frame, head, &title, "");
    let who = row
        .customer_name
        .clone()
        .map(|n| match &row.plate {
            Some(p) => format!("{n} {}", crate::fmt::plate_text(p)),
            None => n,
        })
        .or_else(|| row.contact.clone())
        .unwrap_or_else(|| t.t("complaints.anonymous").to_string());
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!(" {who}"), Theme::label()),
            Span::raw(format!(
                "  {}  {} · {}",
                row.repair_order_number.as_deref().unwrap_or(""),
                t.t(row.nature.label_key()),
                t.t(row.category.label_key()),
            )),
        ]),
        Line::from(format!(
            " {}",
            t.tf(
                "detail.received",
                &[
                    ("at", short_time(v.zone, row.received_at)),
                    ("by", row.received_by_name.clone()),
                    ("channel", t.t(row.channel.label_key()).to_string()),
                ]
            )
        )),
        Line::from(format!(" {}", row.description)),
    ];
    if let Some(w) = &row.desired_result {
        lines.push(Line::from(format!(
            " {}",
            t.tf("detail.wants", &[("text", w.clone())])
        )));
    }
    // Every clock: what it is, when it is due, where it stands.
    lines.push(Line::from(Span::styled(
        format!(" {}", t.t("detail.clocks")),
        Theme::label(),
    )));
    for w in Which::ALL {
        let Some(c) = d.entry.clocks.get(w) else {
            continue;
        };
        let due = match (c.done_at, c.due) {
            (Some(done), _) => t.tf("detail.done", &[("at", short_time(v.zone, done))]),
            (None, Some(due)) => t.tf("detail.due", &[("at", short_time(v.zone, due))]),
            (None, None) => String::new(),
        };
        lines.push(Line::from(vec![
            Span::raw(format!("  {:<10}", t.t(w.label_key()))),
            deadline_span(t, Some(c.deadline(v.now))),
            Span::styled(format!("  {due}"), Theme::hint()),
        ]));
    }
    if !d.orders.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(" {}", t.t("detail.orders")),
            Theme::label(),
        )));
        for o in &d.orders {
            let done = o
                .done_at
                .map(|at| t.tf("detail.order_done", &[("at", short_time(v.zone, at))]))
                .unwrap_or_default();
            lines.push(Line::from(format!(
                "  {}",
                t.tf(
                    "detail.order",
                    &[
                        ("seq", o.seq.to_string()),
                        ("department", o.department.clone()),
                        ("due", short_time(v.zone, o.due_at)),
                        ("done", done),
                    ]
                )
            )));
        }
    }
    lines.push(Line::from(Span::styled(
        format!(" {}", t.t("detail.timeline")),
        Theme::label(),
    )));
    // The newest steps first: on a small screen they are what is cut last.
    for e in d.events.iter().rev() {
        lines.push(Line::from(format!(
            "  {} {} {}{}",
            short_time(v.zone, e.at),
            e.staff_name,
            t.t(e.kind.label_key()),
            match e.note_text(|k| t.t(k).to_string()) {
                n if n.is_empty() => n,
                n => format!(": {n}"),
            }
        )));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
    frame.render_widget(
        Paragraph::new(format!(" {}", t.t("detail.keys"))).style(Theme::hint()),
        hint,
    );
}
