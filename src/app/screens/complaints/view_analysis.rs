//! Draws the complaints analysis of a month: the compliance figures on top, then bars
//! by category and nature on the left, by channel and department on the right (one
//! column under the other on a narrow screen).

use chrono::{Duration, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::screen::View;
use crate::app::widgets::list::title_bar;
use crate::fmt::{pad, truncate};
use crate::i18n::I18n;
use crate::theme::Theme;

use super::analysis::{Analysis, Compliance, month_of};

/// The label column: wider when the half of the screen allows.
fn label_w(width: usize) -> usize {
    if width >= 56 { 18 } else { 12 }
}

fn pct(t: &I18n, c: Compliance) -> String {
    match c.pct() {
        Some(p) => t.tf(
            "analysis.pct",
            &[
                ("pct", p.to_string()),
                ("met", c.met.to_string()),
                ("of", c.counted.to_string()),
            ],
        ),
        None => "-".to_string(),
    }
}

fn duration(d: Duration) -> String {
    let h = d.num_hours();
    if h >= 48 {
        format!("{}d{:02}h", h / 24, h % 24)
    } else {
        format!("{h}h{:02}m", d.num_minutes() % 60)
    }
}

/// One bar per row: label, bar scaled to `max`, count.
fn bars(title: String, rows: Vec<(String, usize)>, width: usize) -> Vec<Line<'static>> {
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let lw = label_w(width);
    let bar_w = width.saturating_sub(lw + 7).max(4);
    let mut out = vec![Line::from(Span::styled(title, Theme::label()))];
    for (label, n) in rows {
        let len = (n * bar_w).div_ceil(max).min(bar_w);
        out.push(Line::from(vec![
            Span::raw(format!(" {} ", pad(&truncate(&label, lw), lw))),
            Span::styled("█".repeat(len), Theme::ok()),
            Span::raw(format!(" {n}")),
        ]));
    }
    out
}

pub fn render(month: NaiveDate, a: Option<&Analysis>, frame: &mut Frame, area: Rect, v: &View) {
    let t = v.t;
    let (from, to) = month_of(month);
    let title = t.tf(
        "analysis.title",
        &[
            ("from", from.format("%Y-%m-%d").to_string()),
            (
                "to",
                (to - Duration::days(1)).format("%Y-%m-%d").to_string(),
            ),
        ],
    );
    let [head, kpi, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Min(0),
    ])
    .areas(area);
    title_bar(frame, head, &title, t.t("analysis.hint"));
    let Some(a) = a else {
        frame.render_widget(Paragraph::new(format!(" {}", t.t("list.loading"))), kpi);
        return;
    };
    let kpis = vec![
        Line::from(format!(
            " {}  {}: {}  {}: {}",
            t.tf("analysis.total", &[("n", a.total.to_string())]),
            t.t("analysis.report"),
            pct(t, a.report),
            t.t("analysis.answer"),
            pct(t, a.answer),
        )),
        Line::from(format!(
            " {}: {}  {}: {}",
            t.t("analysis.reopened"),
            pct(t, a.reopened),
            t.t("analysis.avg_close"),
            a.avg_close.map(duration).unwrap_or_else(|| "-".into()),
        )),
    ];
    frame.render_widget(Paragraph::new(kpis), kpi);
    let wide = body.width >= 80;
    let (left, right) = if wide {
        let [l, r] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .areas(body);
        (l, r)
    } else {
        (body, Rect { height: 0, ..body })
    };
    let label = |k: &'static str| t.t(k).to_string();
    let mut l = bars(
        label("intake.field.category"),
        a.by_category
            .iter()
            .map(|(k, n)| (label(k.label_key()), *n))
            .collect(),
        left.width as usize,
    );
    l.extend(bars(
        label("intake.field.nature"),
        a.by_nature
            .iter()
            .map(|(k, n)| (label(k.label_key()), *n))
            .collect(),
        left.width as usize,
    ));
    let mut r = bars(
        label("intake.field.channel"),
        a.by_channel
            .iter()
            .map(|(k, n)| (label(k.label_key()), *n))
            .collect(),
        right.width as usize,
    );
    r.extend(bars(
        label("step.field.department"),
        a.by_department.iter().take(6).cloned().collect(),
        right.width as usize,
    ));
    if wide {
        frame.render_widget(Paragraph::new(l), left);
        frame.render_widget(Paragraph::new(r), right);
    } else {
        l.extend(r);
        frame.render_widget(Paragraph::new(l), left);
    }
}
