//! Draws one order: its heading (who, promise, progress, alerts), the job lines with
//! their consent and clocks (Up/Down pick one), then, scrolling, everything from check-in,
//! the approvals, the quality checks, the timeline, the settlement and the follow-up,
//! and the keys of what can be done now.

use chrono::DateTime;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use crate::app::action::Action;
use crate::app::keymap::Mode;
use crate::app::screen::View as ViewCx;
use crate::app::widgets::list::{empty, render_table, table, title_bar};
use crate::domain::kinds::{JobState, LineApproval, LineKind, PauseReason, RepairOrderState as S};
use crate::domain::workshop::flow;
use crate::domain::workshop::jobs;
use crate::fmt::{money, phone_text, plate_text, short_time, vehicle};
use crate::i18n::I18n;
use crate::store::workshop::{Detail, DetailLine};
use crate::theme::Theme;

use super::WorkOrders;
use super::detail::{self, DetailState, Loaded};
use super::view::{clock_spans, hints, joined, left_text, level_style, promised_text, text_width};

/// The most job lines shown above the scrolling part.
const MAX_LINES: usize = 8;

pub fn render(frame: &mut Frame, area: Rect, w: &WorkOrders, v: &ViewCx) {
    let t = v.t;
    let Some(ds) = &w.detail else {
        return;
    };
    let Some(l) = ds.data.as_deref() else {
        let [head, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        title_bar(frame, head, &ds.number, "");
        empty(
            frame,
            body,
            t.t(if ds.missing {
                "wo.error.gone"
            } else {
                "list.loading"
            }),
        );
        return;
    };
    let d = &l.detail;
    let shown_lines = d.lines.len().clamp(1, MAX_LINES);
    let info_lines = heading(t, v, l, usize::from(area.width));
    let [head, info, lines_area, pane, hint] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(info_lines.len() as u16),
        Constraint::Length(shown_lines as u16 + 1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let o = &d.order;
    let mut title = format!("{}  {}", o.number, t.t(o.state.label_key()));
    if o.is_comeback {
        title.push_str(&format!("  {}", t.t("marker.comeback")));
    }
    let back = hints(
        v,
        &[Mode::WorkOrder, Mode::List],
        &[
            (Action::Cancel, "wo.hint.back"),
            (Action::Help, "wo.hint.keys"),
        ],
    );
    title_bar(frame, head, &title, &back);
    frame.render_widget(Paragraph::new(info_lines), info);
    job_lines(frame, lines_area, t, v, ds, d);
    let body = pane_lines(t, v, l, usize::from(pane.width));
    let height = usize::from(pane.height);
    let max = body.len().saturating_sub(height);
    ds.max_scroll.set(Some(max));
    let from = ds.scroll.min(max);
    let shown: Vec<Line> = body.into_iter().skip(from).take(height).collect();
    frame.render_widget(Paragraph::new(shown), pane);
    frame.render_widget(
        Paragraph::new(format!(" {}", action_hint(v, ds, l))).style(Theme::hint()),
        hint,
    );
}

/// Who and what, the promise, progress and the alerts, wrapped to `width` between parts
/// (so nothing such as the bay is cut at 80 columns).
fn heading(t: &I18n, v: &ViewCx, l: &Loaded, width: usize) -> Vec<Line<'static>> {
    let d = &l.detail;
    let o = &d.order;
    let mut who = vec![plate_text(&o.plate), o.customer_name.clone()];
    if let Some(p) = &d.customer_phone {
        who.push(phone_text(p));
    }
    let car = vehicle(o.make.as_deref(), o.model.as_deref());
    if !car.is_empty() {
        who.push(car);
    }
    who.push(t.tf("wo.detail.advisor", &[("name", o.advisor_name.clone())]));
    if let Some(tech) = &o.technician_name {
        who.push(t.tf("wo.detail.technician", &[("name", tech.clone())]));
    }
    if let Some(bay) = &o.bay {
        who.push(t.tf("wo.detail.bay", &[("bay", bay.clone())]));
    }
    let (left, left_style) = left_text(t, o.promised_at, v.now, o.state);
    let f = detail::facts(d, v.now);
    let promised = t.tf(
        "wo.detail.promised",
        &[("time", promised_text(v, o.promised_at))],
    );
    // The promise and the time left stay together.
    let mut second = vec![Line::from(vec![Span::raw(promised)])];
    if o.state.is_open() {
        second[0].spans.push(Span::raw(" "));
        second[0].spans.push(Span::styled(left, left_style));
        second.push(Line::raw(
            t.tf("wo.detail.progress", &[("pct", f.progress_pct.to_string())]),
        ));
    }
    for a in detail::order_alerts(l, v.now) {
        second.push(Line::from(Span::styled(
            format!(
                "{} {}",
                super::view::level_mark(t, Some(a.level())),
                super::view::alert_text(t, a)
            ),
            level_style(a.level()),
        )));
    }
    let mut out = flow_lines(who.into_iter().map(Line::raw).collect(), width);
    out.extend(flow_lines(second, width));
    out
}

/// Parts laid out on rows of at most `width` columns, two spaces between two parts, a
/// part that does not fit going whole to the next row (each row indented by one).
fn flow_lines(parts: Vec<Line<'static>>, width: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut row: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for p in parts {
        let w = p.width();
        if !row.is_empty() && used + 2 + w > width {
            lines.push(Line::from(std::mem::take(&mut row)));
            used = 0;
        }
        let gap = if row.is_empty() { " " } else { "  " };
        used += gap.len() + w;
        row.push(Span::raw(gap));
        row.extend(p.spans);
    }
    if !row.is_empty() {
        lines.push(Line::from(row));
    }
    lines
}

/// A line's state: the job's state for an approved labour line, else where its consent
/// stands (short forms, so the column stays narrow).
fn line_state(t: &I18n, l: &DetailLine) -> (String, Style) {
    match l.approval {
        LineApproval::Proposed => (t.t("wo.line.proposed").to_string(), Theme::due_soon()),
        LineApproval::Declined => (t.t(l.approval.label_key()).to_string(), Theme::hint()),
        _ if l.kind == LineKind::Labour => {
            let s = match (l.job_state, l.pause) {
                (JobState::Paused, Some(p)) => {
                    t.tf("wo.line.paused", &[("why", t.t(pause_key(p)).to_string())])
                }
                (s, _) => t.t(s.label_key()).to_string(),
            };
            let style = match l.job_state {
                JobState::Running => Theme::ok(),
                JobState::Paused => Theme::due_soon(),
                _ => Style::new(),
            };
            (s, style)
        }
        _ => (String::new(), Style::new()),
    }
}

/// The short form of a pause reason, for the state column.
fn pause_key(p: PauseReason) -> &'static str {
    match p {
        PauseReason::Parts => "wo.pause.parts",
        PauseReason::Approval => "wo.pause.approval",
        PauseReason::Other => "wo.pause.other",
    }
}

/// The short form of a line's consent, for the consent column.
fn consent_key(a: LineApproval) -> &'static str {
    match a {
        LineApproval::Signed => "wo.consent.signed",
        LineApproval::Proposed => "wo.consent.proposed",
        LineApproval::ApprovedSigned => "wo.consent.approved_signed",
        LineApproval::ApprovedPhone => "wo.consent.approved_phone",
        LineApproval::Declined => "wo.consent.declined",
    }
}

/// The clock of an approved labour line (worked against its estimate), else nothing.
fn line_clock(t: &I18n, v: &ViewCx, l: &DetailLine) -> Line<'static> {
    if l.kind == LineKind::Labour && jobs::approved(l.approval) {
        Line::from(clock_spans(
            t,
            detail::worked(l, v.now),
            jobs::estimate_seconds(l.quantity_centi),
        ))
    } else {
        Line::raw("")
    }
}

fn job_lines(frame: &mut Frame, area: Rect, t: &I18n, v: &ViewCx, ds: &DetailState, d: &Detail) {
    if d.lines.is_empty() {
        empty(frame, area, t.t("print.no_lines"));
        return;
    }
    let wide = area.width >= 110;
    let n = d.lines.len();
    let height = MAX_LINES.min(n);
    // The window of lines keeps the selected one in sight.
    let from = ds.line.saturating_sub(height - 1).min(n - height);
    // Each column but the job's is as wide as its heading and the order's lines need
    // (all of them, so the columns stay put while the selection moves); the job takes
    // the rest.
    let fit = |head: &str, cells: &mut dyn Iterator<Item = usize>| -> u16 {
        cells.fold(text_width(head), usize::max) as u16
    };
    let kinds = fit(
        t.t("wo.col.kind"),
        &mut LineKind::ALL.iter().map(|k| text_width(t.t(k.label_key()))),
    );
    let states = fit(
        t.t("col.state"),
        &mut d.lines.iter().map(|l| text_width(&line_state(t, l).0)),
    );
    let clocks = fit(
        t.t("wo.col.clock"),
        &mut d.lines.iter().map(|l| line_clock(t, v, l).width()),
    );
    let consents = fit(
        t.t("wo.col.approval"),
        &mut d
            .lines
            .iter()
            .map(|l| text_width(t.t(consent_key(l.approval)))),
    );
    let rows: Vec<Row> = d.lines[from..from + height]
        .iter()
        .map(|l| {
            let (state, style) = line_state(t, l);
            let mut desc = l.description.clone();
            if l.claim {
                desc.push_str(" (S)");
            }
            if let Some(c) =
                crate::domain::repair_order::changed_from(l.unit_price_cents, l.catalog_price_cents)
            {
                desc.push(' ');
                desc.push_str(&crate::app::widgets::catalog_offer::price_mark(t, c));
            }
            let mut cells = vec![
                Cell::from(t.t(l.kind.label_key()).to_string()),
                Cell::from(desc),
                Cell::from(state).style(style),
                Cell::from(line_clock(t, v, l)),
            ];
            if wide {
                cells.push(Cell::from(t.t(consent_key(l.approval)).to_string()));
            }
            cells.push(Cell::from(
                Line::from(money(l.amount_cents)).right_aligned(),
            ));
            Row::new(cells)
        })
        .collect();
    let mut header = vec![
        t.t("wo.col.kind"),
        t.t("wo.col.job"),
        t.t("col.state"),
        t.t("wo.col.clock"),
    ];
    let mut widths = vec![
        Constraint::Length(kinds),
        Constraint::Min(12),
        Constraint::Length(states),
        Constraint::Length(clocks),
    ];
    if wide {
        header.push(t.t("wo.col.approval"));
        widths.push(Constraint::Length(consents));
    }
    header.push(t.t("col.total"));
    widths.push(Constraint::Length(10));
    render_table(
        frame,
        area,
        table(header, rows, widths),
        Some(ds.line - from),
    );
}

fn section(t: &I18n, key: &str) -> Line<'static> {
    Line::styled(format!(" {}", t.t(key)), Theme::header())
}

fn item(label: &str, value: &str) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("   {label}: "), Theme::label()),
        Span::raw(value.to_string()),
    ])
}

fn yes_no(t: &I18n, b: bool) -> String {
    t.t(if b { "common.yes" } else { "common.no" }).to_string()
}

fn when(v: &ViewCx, at: DateTime<chrono::Utc>) -> String {
    short_time(v.zone, at)
}

/// `text` as rows of at most `width` columns, indented by three, the rows after the
/// first by five.
fn wrapped(out: &mut Vec<Line<'static>>, text: &str, width: usize) {
    for (i, row) in crate::fmt::wrap(text, width.saturating_sub(5))
        .into_iter()
        .enumerate()
    {
        let (indent, row) = if i == 0 {
            ("   ", row.as_str())
        } else {
            ("     ", row.trim_start())
        };
        out.push(Line::raw(format!("{indent}{row}")));
    }
}

/// Everything below the job lines, `width` columns wide.
fn pane_lines(t: &I18n, v: &ViewCx, l: &Loaded, width: usize) -> Vec<Line<'static>> {
    let d = &l.detail;
    let o = &d.order;
    let mut out = vec![section(t, "wo.sec.checkin")];
    let km = |k: i64| t.tf("print.km", &[("km", k.to_string())]);
    out.push(item(t.t("print.odometer"), &km(o.odometer_km)));
    if let Some(c) = &o.odometer_correction {
        out.push(item(t.t("checkin.field.odo_fix"), c));
    }
    out.push(item(
        t.t("checkin.field.description"),
        &o.customer_description,
    ));
    if !o.diagnosis.is_empty() {
        out.push(item(t.t("checkin.field.diagnosis"), &o.diagnosis));
    }
    out.push(item(t.t("checkin.field.promise"), &when(v, o.promised_at)));
    out.push(item(t.t("wo.detail.estimate"), &money(o.estimate_cents)));
    if let Some(c) = &o.contact_during {
        out.push(item(t.t("checkin.field.contact"), c));
    }
    out.push(item(
        t.t("checkin.field.waiting"),
        t.t(o.waiting_mode.label_key()),
    ));
    out.push(item(
        t.t("checkin.field.payment"),
        t.t(o.payment_method.label_key()),
    ));
    if o.is_comeback {
        out.push(item(
            t.t("marker.comeback"),
            t.t(match o.comeback_charged {
                Some(false) => "wo.detail.comeback_free",
                _ => "wo.detail.comeback_charged",
            }),
        ));
    }
    if let Some(w) = &d.walkaround {
        out.push(section(t, "print.section.walkaround"));
        out.push(item(
            t.t("checkin.field.fuel"),
            t.t(w.fuel_level.label_key()),
        ));
        let lights = if w.warning_lights.trim().is_empty() {
            t.t("print.none").to_string()
        } else {
            w.warning_lights.clone()
        };
        out.push(item(t.t("checkin.field.lights"), &lights));
        let ticks = [
            ("checkin.field.tools", w.tools_present),
            ("checkin.field.lighter", w.lighter_present),
            ("checkin.field.valuables", w.valuables_removed),
            ("checkin.field.old_parts", w.return_old_parts),
            ("checkin.field.wash", w.wash),
            ("checkin.field.engine", w.engine_bay_clean),
        ];
        let text = ticks
            .iter()
            .map(|(k, b)| format!("{} {}", t.t(k), yes_no(t, *b)))
            .collect::<Vec<_>>()
            .join(", ");
        wrapped(&mut out, &text, width);
        if let Some(n) = &w.note {
            out.push(item(t.t("checkin.field.note"), n));
        }
        if !w.damage.is_empty() {
            let marks = w
                .damage
                .iter()
                .map(|m| {
                    // A zone of the diagram has its label; one written by hand is shown as is.
                    let key = format!("zone.{}", m.zone);
                    let zone = if t.has(&key) {
                        t.t(&key)
                    } else {
                        m.zone.as_str()
                    };
                    let mut s = format!("{zone} {}", t.t(m.kind.label_key()));
                    if let Some(n) = &m.note {
                        s.push_str(&format!(" ({n})"));
                    }
                    s
                })
                .collect::<Vec<_>>()
                .join(", ");
            out.push(item(t.t("checkin.damage_marks"), &marks));
        }
    }
    approvals(t, v, d, width, &mut out);
    checks(t, v, d, &mut out);
    out.push(section(t, "wo.sec.timeline"));
    for e in &d.timeline {
        let label = format!("wo.ev.{}", e.action);
        let what = if t.has(&label) {
            t.t(&label).to_string()
        } else {
            e.action.clone()
        };
        let mut parts = vec![when(v, e.at), e.staff_name.clone(), what];
        match e.from_state {
            Some(f) if f != e.to_state => parts.push(format!(
                "{} -> {}",
                t.t(f.label_key()),
                t.t(e.to_state.label_key())
            )),
            None => parts.push(t.t(e.to_state.label_key()).to_string()),
            _ => {}
        }
        if let Some(line) = &e.line {
            parts.push(line.clone());
        }
        if let Some(n) = &e.note {
            parts.push(format!("({})", event_note(t, &e.action, n)));
        }
        wrapped(&mut out, &parts.join("  "), width);
    }
    settlement(t, v, l, &mut out);
    follow_up(t, v, d, &mut out);
    out
}

/// An event's note in the reader's language: the level passed and the pause reason are
/// stored names (`self_check`, `parts`) with catalog labels; other notes are as typed.
fn event_note(t: &I18n, action: &str, note: &str) -> String {
    let key = match action {
        "qc_pass" => format!("qc_level.{note}"),
        "job_pause" => format!("pause_reason.{note}"),
        _ => return note.to_string(),
    };
    if t.has(&key) {
        t.t(&key).to_string()
    } else {
        note.to_string()
    }
}

fn approvals(t: &I18n, v: &ViewCx, d: &Detail, width: usize, out: &mut Vec<Line<'static>>) {
    let added: Vec<&DetailLine> = d
        .lines
        .iter()
        .filter(|l| l.approval != LineApproval::Signed)
        .collect();
    if added.is_empty() {
        return;
    }
    out.push(section(t, "wo.sec.approvals"));
    for l in added {
        let mut parts = vec![format!("{} {}", l.description, money(l.amount_cents))];
        if let Some(at) = l.proposed_at {
            parts.push(t.tf(
                "wo.detail.proposed",
                &[
                    ("at", when(v, at)),
                    ("by", l.proposed_by_name.clone().unwrap_or_default()),
                ],
            ));
        }
        let decided = |key: &str| {
            t.tf(
                key,
                &[
                    ("at", l.decided_at.map(|a| when(v, a)).unwrap_or_default()),
                    ("by", l.decided_by_name.clone().unwrap_or_default()),
                ],
            )
        };
        match l.approval {
            LineApproval::ApprovedSigned => parts.push(decided("wo.detail.approved_signed")),
            LineApproval::ApprovedPhone => {
                parts.push(decided("wo.detail.approved_phone"));
                parts.push(
                    t.tf(
                        "wo.detail.phone",
                        &[
                            ("approver", l.phone_approver.clone().unwrap_or_default()),
                            (
                                "number",
                                l.phone_number
                                    .as_deref()
                                    .map(phone_text)
                                    .unwrap_or_default(),
                            ),
                        ],
                    ),
                );
            }
            LineApproval::Declined => parts.push(decided("wo.detail.declined")),
            LineApproval::Proposed => parts.push(t.t("wo.detail.waiting").to_string()),
            LineApproval::Signed => {}
        }
        // Wrapped, so who approved and the number dialled show at any width.
        wrapped(out, &parts.join("; "), width);
    }
}

fn checks(t: &I18n, v: &ViewCx, d: &Detail, out: &mut Vec<Line<'static>>) {
    if d.checks.is_empty() {
        return;
    }
    out.push(section(t, "wo.sec.checks"));
    for c in &d.checks {
        let result = if c.passed {
            Span::styled(t.t("wo.qc.pass").to_string(), Theme::ok())
        } else {
            Span::styled(t.t("wo.qc.fail").to_string(), Theme::overdue())
        };
        let mut parts = vec![
            Span::raw(format!(
                "   {}  {}  {}",
                when(v, c.at),
                t.t(c.level.label_key()),
                c.staff_name
            )),
            result,
        ];
        let items = c
            .checklist
            .iter()
            .map(|(item, ok)| format!("{} {}", if *ok { "[x]" } else { "[ ]" }, t.t(item)))
            .collect::<Vec<_>>()
            .join(" ");
        if !items.is_empty() {
            parts.push(Span::raw(items));
        }
        if let Some(r) = &c.reason {
            parts.push(Span::raw(format!("({r})")));
        }
        out.push(joined(parts));
    }
}

fn settlement(t: &I18n, v: &ViewCx, l: &Loaded, out: &mut Vec<Line<'static>>) {
    let d = &l.detail;
    let o = &d.order;
    if !matches!(o.state, S::Wash | S::Ready | S::Delivered | S::Cancelled) && d.washed.is_none() {
        return;
    }
    out.push(section(t, "wo.sec.settlement"));
    if let Some(washed) = d.washed {
        out.push(item(t.t("wo.field.washed"), &yes_no(t, washed)));
    }
    if let Some(spot) = &o.delivery_spot {
        out.push(item(t.t("wo.field.spot"), spot));
    }
    if let Some(km) = d.odometer_out_km {
        out.push(item(
            t.t("wo.field.odometer_out"),
            &t.tf("print.km", &[("km", km.to_string())]),
        ));
    }
    if let Some(at) = d.ready_at {
        out.push(item(t.t("wo.detail.ready_at"), &when(v, at)));
    }
    let inv = detail::invoice(d);
    out.push(Line::raw(format!(
        "   {}",
        t.tf(
            "wo.detail.sums",
            &[
                ("labour", money(inv.labour_cents)),
                ("parts", money(inv.parts_cents)),
                ("claim", money(inv.claim_cents)),
                ("total", money(inv.customer_cents)),
            ],
        )
    )));
    if d.discount_cents > 0 {
        out.push(item(
            t.t("wo.field.discount"),
            &format!(
                "{} ({})",
                money(d.discount_cents),
                d.discount_reason.clone().unwrap_or_default()
            ),
        ));
    }
    if let Some(paid) = d.paid_cents {
        let method = d
            .paid_method
            .map(|m| t.t(m.label_key()).to_string())
            .unwrap_or_default();
        out.push(item(
            t.t("wo.detail.paid"),
            &format!("{} {method}", money(paid)),
        ));
    }
    if let Some(r) = d.old_parts_returned {
        out.push(item(t.t("wo.field.old_parts"), &yes_no(t, r)));
    }
    if let Some(at) = o.delivered_at {
        out.push(item(t.t("wo.detail.delivered_at"), &when(v, at)));
    }
    if let Some(r) = &d.cancel_reason {
        out.push(item(t.t("wo.field.cancel_reason"), r));
    }
}

fn follow_up(t: &I18n, v: &ViewCx, d: &Detail, out: &mut Vec<Line<'static>>) {
    let Some(state) = d.follow_up_state else {
        return;
    };
    out.push(section(t, "wo.sec.follow_up"));
    let mut head = t.t(state.label_key()).to_string();
    if let Some(day) = d.follow_up_on {
        head.push_str(&format!("  {}", crate::fmt::day(day)));
    }
    if d.follow_up_tries > 0 {
        head.push_str(&format!(
            "  {}",
            t.tf("wo.detail.tries", &[("n", d.follow_up_tries.to_string())])
        ));
    }
    out.push(Line::raw(format!("   {head}")));
    for c in &d.calls {
        let mut parts = vec![
            format!("   {}", when(v, c.at)),
            c.staff_name.clone(),
            t.t(c.outcome.label_key()).to_string(),
        ];
        if let (Some(r), Some(s)) = (c.result_score, c.staff_score) {
            parts.push(t.tf(
                "wo.detail.scores",
                &[("result", r.to_string()), ("staff", s.to_string())],
            ));
        }
        if let Some(r) = &c.remark {
            parts.push(r.clone());
        }
        out.push(Line::raw(parts.join("  ")));
    }
}

/// The keys of what can be done with the order now (from the keymap in force).
fn action_hint(v: &ViewCx, ds: &DetailState, l: &Loaded) -> String {
    let d = &l.detail;
    let state = d.order.state;
    let mut items: Vec<(Action, &str)> = Vec::new();
    match state {
        S::Written => items.push((Action::Dispatch, "wo.hint.dispatch")),
        s if flow::in_workshop(s) => {
            if let Some(line) = ds.selected_line()
                && line.kind == LineKind::Labour
                && jobs::approved(line.approval)
            {
                match line.job_state {
                    JobState::Pending => items.push((Action::StartJob, "wo.hint.start")),
                    JobState::Running => {
                        items.push((Action::PauseJob, "wo.hint.pause"));
                        items.push((Action::FinishJob, "wo.hint.finish"));
                    }
                    JobState::Paused => {
                        items.push((Action::ResumeJob, "wo.hint.resume"));
                        items.push((Action::FinishJob, "wo.hint.finish"));
                    }
                    JobState::Done => items.push((Action::ResumeJob, "wo.hint.rework")),
                }
            }
            if d.lines.iter().any(|x| x.approval == LineApproval::Proposed) {
                items.push((Action::AnswerLine, "wo.hint.answer"));
            }
            items.push((Action::SetProgress, "wo.hint.progress"));
            if d.told_customer_at.is_none() {
                items.push((Action::CustomerTold, "wo.hint.told"));
            }
            items.push((Action::ProposeLine, "wo.hint.propose"));
            let facts: Vec<_> = d.lines.iter().map(detail::job_facts).collect();
            if jobs::work_finished(&facts).is_ok() && s != S::WaitingApproval {
                items.push((Action::SubmitQc, "wo.hint.submit_qc"));
            }
            items.push((Action::Dispatch, "wo.hint.reassign"));
        }
        S::QualityCheck => items.push((Action::RecordQc, "wo.hint.qc")),
        S::Wash => items.push((Action::MarkReady, "wo.hint.ready")),
        S::Ready => items.push((Action::Deliver, "wo.hint.deliver")),
        _ => {}
    }
    if state.is_open() {
        items.push((Action::CancelOrder, "wo.hint.cancel"));
    }
    items.push((Action::Print, "wo.hint.print"));
    if matches!(state, S::Ready | S::Delivered) {
        items.push((Action::PrintSettlement, "wo.hint.print_settlement"));
    }
    let modes = [Mode::WorkOrder, Mode::List, Mode::Global];
    let text = hints(v, &modes, &items);
    if state.is_open() {
        text
    } else {
        format!("{}  {}", v.t.t(state.label_key()), text)
    }
}
