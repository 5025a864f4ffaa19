//! Draws the catalog panel: the kinds, the search, the table of entries and the selected
//! entry's price history or package lines; or the form over it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row};

use crate::app::screen::View;
use crate::app::widgets::catalog_offer::name;
use crate::app::widgets::form;
use crate::app::widgets::input::input_line;
use crate::app::widgets::list::{empty, render_table, table, title_bar};
use crate::domain::money::Cents;
use crate::fmt::{money, pad, short_time, truncate};
use crate::i18n::I18n;
use crate::store::catalog::HitKind;
use crate::store::catalog::keep::Item;
use crate::theme::Theme;

use super::form::qty_text;
use super::{Catalog, Detail, KINDS};

fn kind_key(kind: HitKind) -> &'static str {
    match kind {
        HitKind::Operation => "catalog.kinds.operation",
        HitKind::Part => "catalog.kinds.part",
        HitKind::Package => "catalog.kinds.package",
    }
}

fn singular_key(kind: HitKind) -> &'static str {
    match kind {
        HitKind::Operation => "catalog.kind.operation",
        HitKind::Part => "catalog.kind.part",
        HitKind::Package => "catalog.kind.package",
    }
}

fn when(v: &View, at: &str) -> String {
    crate::store::parse_ts(at)
        .map(|t| short_time(v.zone, t))
        .unwrap_or_default()
}

pub fn render(c: &Catalog, frame: &mut Frame, area: Rect, v: &View) {
    let t = v.t;
    if let Some(e) = &c.editing {
        let [head, body, hint] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(0),
            Constraint::Length(3),
        ])
        .areas(area);
        let kind = t.t(singular_key(e.kind)).to_string();
        let title = match &e.item {
            Some(i) => t.tf(
                "catalog.edit.title",
                &[
                    ("kind", kind),
                    ("code", i.code.clone()),
                    ("name", name(t.lang(), &i.name_zh, &i.name_en).to_string()),
                ],
            ),
            None => t.tf("catalog.add.title", &[("kind", kind)]),
        };
        title_bar(frame, head, &title, t.t("settings.edit.hint"));
        let inset = Rect {
            x: body.x + 1,
            y: body.y + 1,
            width: body.width.saturating_sub(1),
            height: body.height.saturating_sub(1),
        };
        let field_w = (inset.width as usize).saturating_sub(17).min(90);
        form::render(frame, inset, &e.form, t, 16, field_w, v.active);
        let key = match e.kind {
            HitKind::Package => "catalog.lines.hint",
            HitKind::Operation => "catalog.rate.hint",
            HitKind::Part => "catalog.price.hint",
        };
        frame.render_widget(
            Paragraph::new(format!(" {}", t.t(key)))
                .style(Theme::hint())
                .wrap(ratatui::widgets::Wrap { trim: false }),
            hint,
        );
        return;
    }
    let detail_h = if area.height >= 30 { 9 } else { 6 };
    let [head, kinds, search, body, detail] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(detail_h),
    ])
    .areas(area);
    let can = v.staff.is_some_and(|s| {
        matches!(
            s.role,
            crate::domain::kinds::StaffRole::Supervisor | crate::domain::kinds::StaffRole::Manager
        )
    });
    let hint = if can {
        t.t("catalog.hint")
    } else {
        t.t("catalog.hint_read_only")
    };
    title_bar(frame, head, t.t("catalog.title"), hint);
    let mut spans = vec![Span::raw(" ")];
    for k in KINDS {
        let label = format!(" {} ", t.t(kind_key(k)));
        spans.push(if k == c.kind {
            Span::styled(label, Theme::tab_active())
        } else {
            Span::styled(label, Theme::label())
        });
        spans.push(Span::raw(" "));
    }
    let shown = if c.loaded && !c.filter.is_empty() {
        let n = c.rows.len().to_string();
        if c.rows.len() >= super::LIMIT {
            t.tf("catalog.found_first", &[("shown", n)])
        } else {
            t.tf("catalog.found", &[("shown", n)])
        }
    } else if c.loaded && c.rows.len() < c.total {
        t.tf(
            "catalog.shown",
            &[
                ("shown", c.rows.len().to_string()),
                ("total", c.total.to_string()),
            ],
        )
    } else if c.loaded {
        t.tf("catalog.count", &[("total", c.total.to_string())])
    } else {
        String::new()
    };
    spans.push(Span::styled(format!("  {shown}"), Theme::hint()));
    frame.render_widget(Paragraph::new(Line::from(spans)), kinds);
    input_line(
        frame,
        search,
        &format!(" {}", t.t("catalog.search")),
        &c.filter,
        c.filtering && v.active,
        None,
    );
    if c.rows.is_empty() {
        let key = if !c.loaded {
            "list.loading"
        } else if c.filter.is_empty() {
            "catalog.empty"
        } else {
            "catalog.none_found"
        };
        empty(frame, body, t.t(key));
        return;
    }
    render_rows(c, frame, body, v);
    render_detail(c, frame, detail, v);
}

fn render_rows(c: &Catalog, frame: &mut Frame, area: Rect, v: &View) {
    let t = v.t;
    let wide = area.width >= 100;
    let changed = |i: &Item| {
        let at = when(v, &i.updated_at);
        match (&i.updated_by, wide) {
            (Some(by), true) => format!("{at} {by}"),
            _ => at,
        }
    };
    let label = |i: &Item| {
        let n = name(t.lang(), &i.name_zh, &i.name_en).to_string();
        if i.active {
            n
        } else {
            format!("{} {n}", t.t("catalog.withdrawn_mark"))
        }
    };
    let style = |i: &Item, row: Row<'static>| {
        if i.active {
            row
        } else {
            row.style(Theme::hint())
        }
    };
    let changed_w = if wide { 20 } else { 11 };
    let (header, widths, rows): (Vec<&str>, Vec<Constraint>, Vec<Row>) = match c.kind {
        HitKind::Operation => (
            vec![
                t.t("catalog.col.code"),
                t.t("catalog.col.name"),
                t.t("catalog.col.hours"),
                t.t("catalog.col.rate"),
                t.t("catalog.col.warranty"),
                t.t("catalog.col.changed"),
            ],
            vec![
                Constraint::Length(12),
                Constraint::Min(16),
                Constraint::Length(6),
                Constraint::Length(10),
                Constraint::Length(4),
                Constraint::Length(changed_w),
            ],
            c.rows
                .iter()
                .map(|i| {
                    let rate = match i.price_cents {
                        Some(p) => money(p),
                        None => t.t("catalog.shop_rate").to_string(),
                    };
                    style(
                        i,
                        Row::new(vec![
                            i.code.clone(),
                            label(i),
                            qty_text(i.hours_centi.unwrap_or(0)),
                            rate,
                            if i.warranty {
                                "S".into()
                            } else {
                                String::new()
                            },
                            changed(i),
                        ]),
                    )
                })
                .collect(),
        ),
        HitKind::Part => (
            vec![
                t.t("catalog.col.part_number"),
                t.t("catalog.col.name"),
                t.t("catalog.col.unit"),
                t.t("catalog.col.price"),
                t.t("catalog.col.stock"),
                t.t("catalog.col.changed"),
            ],
            vec![
                Constraint::Length(16),
                Constraint::Min(14),
                Constraint::Length(6),
                Constraint::Length(10),
                Constraint::Length(6),
                Constraint::Length(changed_w),
            ],
            c.rows
                .iter()
                .map(|i| {
                    let unit = i.unit.map(|u| t.t(u.label_key())).unwrap_or("");
                    style(
                        i,
                        Row::new(vec![
                            i.code.clone(),
                            label(i),
                            unit.to_string(),
                            money(i.price_cents.unwrap_or(0)),
                            t.t(if i.in_stock {
                                "common.yes"
                            } else {
                                "common.no"
                            })
                            .to_string(),
                            changed(i),
                        ]),
                    )
                })
                .collect(),
        ),
        HitKind::Package => (
            vec![
                t.t("catalog.col.code"),
                t.t("catalog.col.name"),
                t.t("catalog.col.km"),
                t.t("catalog.col.lines"),
                t.t("catalog.col.changed"),
            ],
            vec![
                Constraint::Length(10),
                Constraint::Min(16),
                Constraint::Length(9),
                Constraint::Length(5),
                Constraint::Length(changed_w),
            ],
            c.rows
                .iter()
                .map(|i| {
                    style(
                        i,
                        Row::new(vec![
                            i.code.clone(),
                            label(i),
                            i.due_km.map(|k| format!("{k}")).unwrap_or_default(),
                            i.lines.to_string(),
                            changed(i),
                        ]),
                    )
                })
                .collect(),
        ),
    };
    render_table(frame, area, table(header, rows, widths), Some(c.selected));
}

fn render_detail(c: &Catalog, frame: &mut Frame, area: Rect, v: &View) {
    let t = v.t;
    let Some(item) = c.current() else {
        return;
    };
    let head = t.tf(
        if item.kind == HitKind::Package {
            "catalog.detail.lines"
        } else {
            "catalog.detail.prices"
        },
        &[
            ("code", item.code.clone()),
            (
                "name",
                name(t.lang(), &item.name_zh, &item.name_en).to_string(),
            ),
        ],
    );
    let mut lines = vec![Line::styled(
        format!(
            " {}",
            truncate(&head, area.width.saturating_sub(2) as usize)
        ),
        Theme::header(),
    )];
    let Some(d) = c.detail.as_ref().filter(|d| d.id == item.id) else {
        frame.render_widget(Paragraph::new(lines), area);
        return;
    };
    if item.kind == HitKind::Package && !d.lines.is_empty() {
        let (total, labour) = crate::store::catalog::due::totals(&d.lines, c.rate_cents);
        lines[0].push_span(Span::styled(
            format!(
                "  {}",
                t.tf(
                    "catalog.detail.total",
                    &[("total", money(total)), ("hours", qty_text(labour))]
                )
            ),
            Theme::hint(),
        ));
    }
    lines.extend(detail_lines(
        d,
        item,
        t,
        v,
        area.height.saturating_sub(1) as usize,
    ));
    frame.render_widget(Paragraph::new(lines), area);
}

fn detail_lines(d: &Detail, item: &Item, t: &I18n, v: &View, room: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if item.kind == HitKind::Package {
        let more = d.lines.len().saturating_sub(room);
        let room = if more > 0 { room - 1 } else { room };
        for l in d.lines.iter().take(room) {
            let kind = t.t(if l.labour {
                "catalog.kind.operation"
            } else {
                "catalog.kind.part"
            });
            let price = match l.unit_price_cents {
                Some(p) => format!("¥{}", money(p)),
                None => t.t("catalog.shop_rate").to_string(),
            };
            let qty = if l.labour {
                format!("{} h", qty_text(l.quantity_centi))
            } else {
                format!("×{}", qty_text(l.quantity_centi))
            };
            out.push(Line::raw(format!(
                "  {} {} {}  {qty}  {price}",
                pad(kind, 6),
                pad(&l.code, 18),
                name(t.lang(), &l.name_zh, &l.name_en)
            )));
        }
        if d.lines.len() > room {
            out.push(Line::styled(
                format!(
                    "  {}",
                    t.tf(
                        "catalog.more_lines",
                        &[("n", (d.lines.len() - room).to_string())]
                    )
                ),
                Theme::hint(),
            ));
        }
        if d.lines.is_empty() {
            out.push(Line::styled(
                format!("  {}", t.t("catalog.no_lines")),
                Theme::hint(),
            ));
        }
        return out;
    }
    for (n, p) in d.prices.iter().take(room).enumerate() {
        let price = match p.price_cents {
            Some(c) => format!("¥{}", Cents(c)),
            None => t.t("catalog.shop_rate").to_string(),
        };
        let now = if n == 0 {
            format!("  {}", t.t("catalog.price.current"))
        } else {
            String::new()
        };
        out.push(Line::raw(format!(
            "  {:>12}  {}  {}{now}",
            price,
            t.tf("catalog.price.since", &[("at", when(v, &p.since))]),
            p.by.clone().unwrap_or_default(),
        )));
    }
    out
}
