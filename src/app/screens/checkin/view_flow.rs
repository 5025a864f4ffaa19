//! The check-in flow: a step bar, then the step's form beside its context (history and
//! comeback, the vehicle diagram and damage marks, job lines and totals), the read-back
//! summary, and the confirmed order.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Wrap};

use crate::app::screen::View;
use crate::app::widgets::form;
use crate::app::widgets::list::{empty, render_table, table};
use crate::app::widgets::steps;
use crate::domain::inspection;
use crate::domain::kinds::LineKind;
use crate::fmt::{money, phone_text, plate_text, short_time};
use crate::i18n::I18n;
use crate::theme::Theme;

use super::flow::{Flow, OrderField, Step, WalkField};

fn who_line(flow: &Flow, t: &I18n) -> Line<'static> {
    let mut spans = vec![Span::styled(
        format!(
            " {}  {}  {}",
            flow.who.customer,
            plate_text(&flow.who.plate),
            flow.who.vehicle
        ),
        Theme::header(),
    )];
    if flow.comeback_confirmed == Some(true) {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            t.t("marker.comeback").to_string(),
            Theme::comeback(),
        ));
    }
    if let Some(p) = &flow.who.phone {
        let shown = phone_text(p);
        spans.push(Span::raw(format!("  {shown}")));
    }
    Line::from(spans)
}

pub fn render(frame: &mut Frame, area: Rect, v: &View, flow: &Flow) {
    let t = v.t;
    let [bar, who, hint, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    steps::bar(frame, bar, flow.step, t);
    frame.render_widget(Paragraph::new(who_line(flow, t)), who);
    let hint_key = match flow.step {
        Step::Customer => "checkin.hint.customer",
        Step::Walkaround => "checkin.hint.walkaround",
        Step::Order => "checkin.hint.order",
        Step::Review => "checkin.hint.review",
        Step::Done => "checkin.hint.done",
    };
    frame.render_widget(
        Paragraph::new(format!(" {}", t.t(hint_key))).style(Theme::hint()),
        hint,
    );
    let active = v.active;
    match flow.step {
        Step::Customer => customer(frame, body, v, flow, t, active),
        Step::Walkaround => {
            let [left, right] =
                Layout::horizontal([Constraint::Min(46), Constraint::Length(32)]).areas(body);
            form::render(frame, left, &flow.walk, t, 16, 18, active);
            diagram(frame, right, flow, t);
        }
        Step::Order => order(frame, body, flow, t, active),
        Step::Review => review(frame, body, v, flow, t),
        Step::Done => {
            let number = flow.number.clone().unwrap_or_default();
            frame.render_widget(
                Paragraph::new(vec![
                    Line::raw(""),
                    Line::styled(
                        format!("  {}", t.tf("checkin.done", &[("number", number)])),
                        Theme::header(),
                    ),
                    Line::raw(""),
                    Line::raw(format!("  {}", t.t("checkin.done_hint"))),
                ]),
                body,
            );
        }
    }
}

fn customer(frame: &mut Frame, area: Rect, v: &View, flow: &Flow, t: &I18n, active: bool) {
    let mut y = area.y;
    if let Some(f) = &flow.new_customer {
        let used = form::render(frame, area, f, t, 12, 24, active);
        y += used + 1;
    }
    let rest = Rect {
        y,
        height: area.bottom().saturating_sub(y),
        ..area
    };
    let mut lines = vec![];
    if let Some(b) = &flow.booked {
        lines.push(Line::raw(format!(
            " {}: {} {} h  {}",
            t.t("checkin.appointment"),
            b.service_label,
            crate::fmt::hours(b.est_minutes),
            b.symptoms.clone().unwrap_or_default()
        )));
    }
    if let Some((_, number)) = &flow.comeback_candidate {
        let (text, style) = match flow.comeback_confirmed {
            None => (
                t.tf("checkin.comeback_ask", &[("number", number.clone())]),
                Theme::comeback(),
            ),
            Some(true) => (
                t.tf("checkin.comeback_yes", &[("number", number.clone())]),
                Theme::comeback(),
            ),
            Some(false) => (
                t.tf("checkin.comeback_no", &[("number", number.clone())]),
                Theme::hint(),
            ),
        };
        lines.push(Line::styled(format!(" {text}"), style));
        if flow.comeback_confirmed == Some(true) {
            let (key, style) = match flow.comeback_charged {
                None => ("checkin.charge_ask", Theme::comeback()),
                Some(false) => ("checkin.charge_no", Theme::hint()),
                Some(true) => ("checkin.charge_yes", Theme::hint()),
            };
            lines.push(Line::styled(
                format!(" {}", t.tf(key, &[("number", number.clone())])),
                style,
            ));
        }
    }
    frame.render_widget(Paragraph::new(lines.clone()), rest);
    let mut hist = Rect {
        y: rest.y.saturating_add(lines.len() as u16 + 1),
        height: rest.height.saturating_sub(lines.len() as u16 + 1),
        ..rest
    };
    if !flow.declined.is_empty() {
        let used = declined(frame, hist, v, flow, t);
        hist = Rect {
            y: hist.y.saturating_add(used + 1),
            height: hist.height.saturating_sub(used + 1),
            ..hist
        };
    }
    if flow.history.is_empty() {
        if flow.who.vehicle_id.is_some() {
            empty(frame, hist, t.t("checkin.no_history"));
        }
        return;
    }
    let rows: Vec<Row> = flow
        .history
        .iter()
        .map(|h| {
            Row::new(vec![
                short_time(v.zone, h.created_at)
                    .chars()
                    .take(5)
                    .collect::<String>(),
                h.number.clone(),
                format!("{}", h.odometer_km),
                h.customer_description.clone(),
                h.jobs.join("; "),
            ])
        })
        .collect();
    let table = table(
        vec![
            t.t("col.date"),
            t.t("col.number"),
            t.t("col.km"),
            t.t("col.concern"),
            t.t("col.jobs"),
        ],
        rows,
        vec![
            Constraint::Length(5),
            Constraint::Length(16),
            Constraint::Length(7),
            Constraint::Length(20),
            Constraint::Min(10),
        ],
    );
    render_table(frame, hist, table, None);
}

/// Most declined lines shown at once; the selection scrolls through the rest.
const DECLINED_ROWS: usize = 4;

/// The vehicle's lines declined at earlier visits, offered again: a title with the keys,
/// then one row each (`+` when taken up into this order). Returns the rows used.
fn declined(frame: &mut Frame, area: Rect, v: &View, flow: &Flow, t: &I18n) -> u16 {
    let shown = flow.declined.len().min(DECLINED_ROWS);
    let height = (shown as u16 + 2).min(area.height);
    if height < 3 {
        return 0;
    }
    let [title, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)])
        .areas(Rect { height, ..area });
    frame.render_widget(
        Paragraph::new(format!(
            " {}",
            t.tf(
                "checkin.declined.title",
                &[("n", flow.declined.len().to_string())]
            )
        ))
        .style(Theme::comeback()),
        title,
    );
    // The window keeps the selected line in view.
    let skip = (flow.declined_at + 1).saturating_sub(shown);
    let rows: Vec<Row> = flow
        .declined
        .iter()
        .skip(skip)
        .take(shown)
        .map(|d| {
            let taken = flow.taken_up.contains(&d.line_id);
            let amount = crate::domain::money::line_amount(d.quantity_centi, d.unit_price_cents)
                .map(|c| c.to_string())
                .unwrap_or_default();
            Row::new(vec![
                if taken { "+" } else { "" }.to_string(),
                d.declined_at
                    .map(|at| short_time(v.zone, at).chars().take(5).collect::<String>())
                    .unwrap_or_default(),
                d.number.clone(),
                t.t(d.kind.label_key()).to_string(),
                d.description.clone(),
                amount,
                if d.claim { "S" } else { "" }.to_string(),
            ])
        })
        .collect();
    let table = table(
        vec![
            "",
            t.t("col.date"),
            t.t("col.number"),
            t.t("col.kind"),
            t.t("col.job"),
            t.t("col.amount"),
            "S",
        ],
        rows,
        vec![
            Constraint::Length(1),
            Constraint::Length(5),
            Constraint::Length(16),
            Constraint::Length(6),
            Constraint::Min(10),
            Constraint::Length(10),
            Constraint::Length(1),
        ],
    );
    render_table(frame, list, table, Some(flow.declined_at - skip));
    height
}

fn diagram(frame: &mut Frame, area: Rect, flow: &Flow, t: &I18n) {
    let (rows, markers) = inspection::diagram(&flow.damage);
    let selected = crate::domain::kinds::DamageZone::ALL[flow.walk.choice(WalkField::Zone)];
    let mut lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let spans: Vec<Span> = row
                .chars()
                .enumerate()
                .map(|(c, ch)| {
                    let here = markers.iter().find(|(_, mr, mc)| *mr == r && *mc == c);
                    let style = match here {
                        Some((z, _, _)) if *z == selected => Theme::input_focused(),
                        Some(_) if ch != '.' => Theme::overdue(),
                        _ => ratatui::style::Style::new(),
                    };
                    Span::styled(ch.to_string(), style)
                })
                .collect();
            Line::from(spans)
        })
        .collect();
    lines.push(Line::raw(""));
    let room = usize::from(area.height).saturating_sub(lines.len());
    let skip = if flow.damage.len() > room {
        let skip = flow.damage.len() + 1 - room.max(1);
        lines.push(Line::styled(
            t.tf("checkin.more_above", &[("n", skip.to_string())]),
            Theme::hint(),
        ));
        skip
    } else {
        0
    };
    for d in flow.damage.iter().skip(skip) {
        lines.push(Line::raw(format!(
            "{} {} {}",
            t.t(d.zone.label_key()),
            t.t(d.kind.label_key()),
            d.note
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn order(frame: &mut Frame, area: Rect, flow: &Flow, t: &I18n, active: bool) {
    let used = form::render(frame, area, &flow.order, t, 14, 22, active);
    let rest = Rect {
        y: area.y + used,
        height: area.height.saturating_sub(used),
        ..area
    };
    let totals = flow.totals();
    let [list, sum] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(rest);
    if flow.completing() {
        completion(frame, list, flow, t);
    } else {
        lines(frame, list, flow, t);
    }
    frame.render_widget(
        Paragraph::new(format!(
            " {}",
            t.tf(
                "checkin.totals",
                &[
                    ("labour", money(totals.labour_cents)),
                    ("parts", money(totals.parts_cents)),
                    ("claim", money(totals.claim_cents)),
                    ("total", money(totals.customer_cents)),
                ],
            )
        ))
        .style(Theme::header()),
        sum,
    );
}

/// The job catalog's offer for the description typed: code, name in the reader's
/// language, hours or unit, price (a package: the total of its lines), stock.
fn completion(frame: &mut Frame, area: Rect, flow: &Flow, t: &I18n) {
    use crate::store::catalog::HitKind;
    let [hint, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    frame.render_widget(
        Paragraph::new(format!(" {}", t.t("catalog.offer"))).style(Theme::hint()),
        hint,
    );
    let lang = t.lang();
    let rows: Vec<Row> = flow
        .completion
        .hits
        .iter()
        .map(|h| {
            let (kind, qty, price) = match h.kind {
                HitKind::Operation => (
                    t.t("catalog.kind.operation"),
                    format!(
                        "{}h",
                        crate::domain::money::Cents(h.hours_centi.unwrap_or(0))
                    ),
                    money(h.price_cents.unwrap_or(flow.labour_rate_cents)),
                ),
                HitKind::Part => (
                    t.t("catalog.kind.part"),
                    h.unit
                        .map(|u| t.t(u.label_key()).to_string())
                        .unwrap_or_default(),
                    money(h.price_cents.unwrap_or(0)),
                ),
                HitKind::Package => (
                    t.t("catalog.kind.package"),
                    String::new(),
                    money(h.total_cents.unwrap_or(0)),
                ),
            };
            let mut notes = Vec::new();
            if h.warranty {
                notes.push("S".to_string());
            }
            if !h.in_stock {
                notes.push(t.t("catalog.out_of_stock").to_string());
            }
            Row::new(vec![
                kind.to_string(),
                h.code.clone(),
                crate::app::widgets::catalog_offer::name(lang, &h.name_zh, &h.name_en).to_string(),
                qty,
                price,
                notes.join(" "),
            ])
        })
        .collect();
    let table = table(
        vec![
            t.t("col.kind"),
            t.t("catalog.col.code"),
            t.t("catalog.col.name"),
            t.t("col.qty"),
            t.t("col.price"),
            "",
        ],
        rows,
        vec![
            Constraint::Length(7),
            Constraint::Length(18),
            Constraint::Min(16),
            Constraint::Length(6),
            Constraint::Length(10),
            Constraint::Length(8),
        ],
    );
    render_table(frame, list, table, Some(flow.completion.at));
}

/// The order's job lines so far.
fn lines(frame: &mut Frame, list: Rect, flow: &Flow, t: &I18n) {
    // More lines than rows: the newest are shown, with a marker for the rest.
    let (skip, list) = scroll_to_end(frame, list, flow.lines.len(), 1, t);
    let rows: Vec<Row> = flow
        .lines
        .iter()
        .skip(skip)
        .map(|l| {
            let amount = crate::domain::money::line_amount(l.quantity_centi, l.unit_price_cents)
                .map(|c| c.to_string())
                .unwrap_or_default();
            Row::new(vec![
                if l.claim {
                    "S".to_string()
                } else {
                    String::new()
                },
                t.t(l.kind.label_key()).to_string(),
                line_text(l, t),
                format!("{}", crate::domain::money::Cents(l.quantity_centi)),
                money(l.unit_price_cents),
                amount,
            ])
        })
        .collect();
    let table = table(
        vec![
            "S",
            t.t("col.kind"),
            t.t("col.job"),
            t.t("col.qty"),
            t.t("col.price"),
            t.t("col.amount"),
        ],
        rows,
        vec![
            Constraint::Length(1),
            Constraint::Length(6),
            Constraint::Min(12),
            Constraint::Length(6),
            Constraint::Length(9),
            Constraint::Length(10),
        ],
    );
    render_table(frame, list, table, None);
}

fn review(frame: &mut Frame, area: Rect, v: &View, flow: &Flow, t: &I18n) {
    let o = &flow.order;
    let totals = flow.totals();
    let mut lines = vec![
        Line::styled(format!(" {}", t.t("checkin.review_intro")), Theme::hint()),
        Line::raw(format!(
            " {}: {}",
            t.t("checkin.field.description"),
            o.text(OrderField::Desc)
        )),
        Line::raw(format!(
            " {}: {}",
            t.t("checkin.field.diagnosis"),
            o.text(OrderField::Diag)
        )),
    ];
    for l in &flow.lines {
        let amount = crate::domain::money::line_amount(l.quantity_centi, l.unit_price_cents)
            .unwrap_or_default();
        let claim = if l.claim { " S" } else { "" };
        let unit = if l.kind == LineKind::Labour { "h" } else { "x" };
        // The read-back names the catalog's part number or operation code.
        let code = l
            .catalog_code
            .as_ref()
            .map(|c| format!("[{c}] "))
            .unwrap_or_default();
        lines.push(Line::raw(format!(
            "   - {code}{} {}{} {} = {}{}",
            line_text(l, t),
            crate::domain::money::Cents(l.quantity_centi),
            unit,
            money(l.unit_price_cents),
            amount,
            claim
        )));
    }
    lines.push(Line::styled(
        format!(
            " {}",
            t.tf(
                "checkin.review_money",
                &[
                    ("total", money(totals.customer_cents)),
                    ("claim", money(totals.claim_cents))
                ]
            )
        ),
        Theme::header(),
    ));
    if totals.internal_cents > 0 {
        lines.push(Line::raw(format!(
            " {}",
            t.tf(
                "checkin.review_internal",
                &[("internal", money(totals.internal_cents))]
            )
        )));
    }
    lines.push(Line::styled(
        format!(
            " {}: {}",
            t.t("checkin.field.promise"),
            o.text(OrderField::Promise)
        ),
        Theme::header(),
    ));
    let now_local = v.zone.to_local(v.now).naive_local();
    if let Some(earliest) = flow.promise_too_early(v.today(), now_local) {
        lines.push(Line::styled(
            format!(
                " {}",
                t.tf(
                    "checkin.promise_early",
                    &[("earliest", earliest.format("%m-%d %H:%M").to_string())]
                )
            ),
            Theme::overdue(),
        ));
    }
    let w = &flow.walk;
    let yn = |id: WalkField| t.t(if w.yes(id) { "common.yes" } else { "common.no" });
    lines.push(Line::raw(format!(
        " {}: {}   {}: {}   {}: {}   {}: {}",
        t.t("checkin.field.odometer"),
        w.text(WalkField::Odo),
        t.t("checkin.field.fuel"),
        t.t(crate::domain::kinds::FuelLevel::ALL[w.choice(WalkField::Fuel)].label_key()),
        t.t("checkin.field.waiting"),
        t.t(crate::domain::kinds::WaitingMode::ALL[o.choice(OrderField::Waiting)].label_key()),
        t.t("checkin.field.payment"),
        t.t(crate::domain::kinds::PaymentMethod::ALL[o.choice(OrderField::Payment)].label_key())
    )));
    let lights = w.text(WalkField::Lights).trim();
    // Everything the customer confirms, a short line each (no line wraps to column 0).
    let pairs = [
        (
            t.t("checkin.field.lights"),
            if lights.is_empty() { "-" } else { lights }.to_string(),
        ),
        (
            t.t("checkin.field.valuables"),
            yn(WalkField::Valuables).to_string(),
        ),
        (t.t("checkin.field.tools"), yn(WalkField::Tools).to_string()),
        (
            t.t("checkin.field.lighter"),
            yn(WalkField::Lighter).to_string(),
        ),
        (
            t.t("checkin.field.old_parts"),
            yn(WalkField::OldParts).to_string(),
        ),
        (t.t("checkin.field.wash"), yn(WalkField::Wash).to_string()),
        (
            t.t("checkin.field.engine"),
            yn(WalkField::Engine).to_string(),
        ),
    ];
    for chunk in pairs.chunks(4) {
        let text: Vec<String> = chunk.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        lines.push(Line::raw(format!(" {}", text.join("   "))));
    }
    let mut reach = vec![];
    for (key, field) in [
        ("checkin.field.contact", OrderField::Contact),
        ("checkin.field.next_km", OrderField::NextKm),
        ("checkin.field.next_on", OrderField::NextOn),
    ] {
        let v = o.text(field).trim();
        if !v.is_empty() {
            reach.push(format!("{}: {v}", t.t(key)));
        }
    }
    if !reach.is_empty() {
        lines.push(Line::raw(format!(" {}", reach.join("   "))));
    }
    let note = w.text(WalkField::Note).trim();
    if !note.is_empty() {
        lines.push(Line::raw(format!(
            " {}",
            t.tf("checkin.review_note", &[("note", note.to_string())])
        )));
    }
    if !flow.damage.is_empty() {
        let marks: Vec<String> = flow
            .damage
            .iter()
            .map(|d| {
                let mut m = format!("{} {}", t.t(d.zone.label_key()), t.t(d.kind.label_key()));
                if !d.note.is_empty() {
                    m.push_str(&format!(" ({})", d.note));
                }
                m
            })
            .collect();
        lines.push(Line::raw(format!(
            " {}: {}",
            t.t("checkin.damage_marks"),
            marks.join(", ")
        )));
    }
    if !flow.taken_up.is_empty() {
        let mut numbers: Vec<String> = flow
            .declined
            .iter()
            .filter(|d| flow.taken_up.contains(&d.line_id))
            .map(|d| d.number.clone())
            .collect();
        numbers.dedup();
        lines.push(Line::raw(format!(
            " {}",
            t.tf(
                "checkin.declined.review",
                &[
                    ("n", flow.taken_up.len().to_string()),
                    ("numbers", numbers.join(", "))
                ]
            )
        )));
    }
    if let (Some(true), Some((_, number))) = (flow.comeback_confirmed, &flow.comeback_candidate) {
        let key = if flow.charged() {
            "checkin.charge_yes"
        } else {
            "checkin.charge_no"
        };
        lines.push(Line::styled(
            format!(" {}", t.tf(key, &[("number", number.clone())])),
            Theme::comeback(),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            " {}",
            t.tf(
                "checkin.review_sign",
                &[(
                    "advisor",
                    v.staff.map(|s| s.name.clone()).unwrap_or_default()
                )]
            )
        ),
        Theme::key(),
    ));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// A job line's text: a line copied from the appointment in the reader's language.
/// A line's job as shown: an appointment's service in the reader's language, and a
/// price changed from the catalog's marked with the catalog's.
pub fn line_text(l: &crate::domain::repair_order::Line, t: &I18n) -> String {
    let text = match l.service {
        Some(s) => t.t(s.label_key()).to_string(),
        None => l.description.clone(),
    };
    match l.changed_from() {
        Some(c) => format!(
            "{text} {}",
            crate::app::widgets::catalog_offer::price_mark(t, c)
        ),
        None => text,
    }
}

/// A list of `len` items in `area` under `header` rows: when it does not fit, the first
/// row says how many are above and the newest items fill the rest. Returns how many items
/// to skip and the area for the list itself.
fn scroll_to_end(
    frame: &mut Frame,
    area: Rect,
    len: usize,
    header: u16,
    t: &I18n,
) -> (usize, Rect) {
    let room = usize::from(area.height.saturating_sub(header));
    if len <= room || area.height <= header + 1 {
        return (0, area);
    }
    let skip = len + 1 - room;
    let [marker, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    frame.render_widget(
        Paragraph::new(format!(
            " {}",
            t.tf("checkin.more_above", &[("n", skip.to_string())])
        ))
        .style(Theme::hint()),
        marker,
    );
    (skip, rest)
}
