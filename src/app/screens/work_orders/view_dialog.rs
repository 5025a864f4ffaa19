//! Draws an action's dialog over the panel: its title (the action, the order), what it
//! shows besides its fields (the job, the invoice read back, the call's customer…), the
//! fields with their errors beside them, a message for the whole dialog (a conflict) and
//! the keys.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::app::action::Action;
use crate::app::keymap::Mode;
use crate::app::screen::View as ViewCx;
use crate::app::widgets::form;
use crate::app::widgets::list::centered;
use crate::domain::kinds::{FollowUpState, LineKind, QcLevel};
use crate::domain::workshop::jobs;
use crate::fmt::{money, phone_text, short_time};
use crate::i18n::I18n;
use crate::theme::Theme;

use super::WorkOrders;
use super::detail::{self, Invoice};
use super::dialogs::{Dialog, Kind, call};
use super::view::{clock_spans, hints, text_width};
use crate::store::workshop::DetailLine;

const LABEL_W: usize = 16;
const FIELD_W: usize = 24;

pub fn render(frame: &mut Frame, area: Rect, d: &Dialog, w: &WorkOrders, v: &ViewCx) {
    let t = v.t;
    // The whole width of a narrow screen; most of a wide one.
    let width = area
        .width
        .min(if area.width >= 110 { 110 } else { area.width });
    let fields = d.form.fields.iter().filter(|f| !f.hidden).count() as u16;
    // An error that does not fit beside its field wraps under it.
    let errors = d.form.fields.iter().filter(|f| f.error.is_some()).count() as u16;
    let note = d.note.as_ref().map(|n| t.note(n));
    let note_rows = note.as_ref().map_or(0, |n| {
        crate::fmt::wrap(n, usize::from(width.saturating_sub(2))).len() as u16
    });
    // What is left of the height after the fixed rows goes to the information lines.
    let fixed = 1 + fields + errors + note_rows + 2;
    let room = usize::from(area.height.saturating_sub(fixed));
    let info = info_lines(t, v, d, w, room, usize::from(width));
    let height = (fixed + info.len() as u16).min(area.height);
    let r = centered(area, width, height);
    frame.render_widget(Clear, r);
    frame.render_widget(Paragraph::new("").style(Theme::popup()), r);
    let [head, info_area, body, note_area, hint] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(info.len() as u16),
        Constraint::Min(fields),
        Constraint::Length(note_rows),
        Constraint::Length(1),
    ])
    .areas(r);
    let title = t.tf(
        d.kind.title_key(),
        &[
            ("number", d.target.number.clone()),
            ("who", d.target.who.clone()),
        ],
    );
    frame.render_widget(
        Paragraph::new(format!(" {title}")).style(Theme::popup_title()),
        head,
    );
    frame.render_widget(Paragraph::new(info).style(Theme::popup()), info_area);
    let fields_area = Rect {
        x: body.x.saturating_add(1),
        width: body.width.saturating_sub(1),
        ..body
    };
    form::render(frame, fields_area, &d.form, t, LABEL_W, FIELD_W, v.active);
    if let Some(n) = note {
        let lines: Vec<Line> = crate::fmt::wrap(&n, usize::from(width.saturating_sub(2)))
            .into_iter()
            .map(|l| Line::raw(format!(" {l}")))
            .collect();
        frame.render_widget(
            Paragraph::new(lines).style(Theme::status_error()),
            note_area,
        );
    }
    let keys = hints(
        v,
        &[Mode::Input, Mode::Global],
        &[
            (Action::Confirm, "wo.hint.apply"),
            (Action::NextField, "wo.hint.next_field"),
            (Action::Cancel, "wo.hint.cancel_dialog"),
        ],
    );
    frame.render_widget(
        Paragraph::new(format!(" {keys}  {}", t.t("wo.hint.space"))).style(Theme::hint()),
        hint,
    );
}

fn info(text: String) -> Line<'static> {
    Line::raw(format!(" {text}"))
}

/// What the dialog shows above its fields, in at most `room` rows.
fn info_lines(
    t: &I18n,
    v: &ViewCx,
    d: &Dialog,
    w: &WorkOrders,
    room: usize,
    width: usize,
) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    match &d.kind {
        Kind::Dispatch { .. } => {
            if let Some(l) = w.detail.as_ref().and_then(|x| x.data.as_deref()) {
                let o = &l.detail.order;
                out.push(info(t.tf(
                    "wo.dlg.dispatch_info",
                    &[("state", t.t(o.state.label_key()).to_string())],
                )));
            }
        }
        Kind::Pause { line } => {
            let mut spans = vec![Span::raw(format!(" {}  ", line.description))];
            spans.extend(clock_spans(
                t,
                detail::worked(line, v.now),
                jobs::estimate_seconds(line.quantity_centi),
            ));
            out.push(Line::from(spans));
        }
        Kind::Progress => out.push(info(t.t("wo.dlg.progress_info").to_string())),
        Kind::Propose if d.completing() => {
            // The catalog's offer: the chosen entry marked.
            out.push(Line::styled(
                format!(" {}", t.t("catalog.offer_line")),
                crate::theme::Theme::hint(),
            ));
            for (i, h) in d.completion.hits.iter().enumerate() {
                let (qty, price) = match h.kind {
                    crate::store::catalog::HitKind::Operation => (
                        format!(
                            "{}h",
                            crate::domain::money::Cents(h.hours_centi.unwrap_or(0))
                        ),
                        h.price_cents,
                    ),
                    _ => (
                        h.unit
                            .map(|u| t.t(u.label_key()).to_string())
                            .unwrap_or_default(),
                        h.price_cents,
                    ),
                };
                let mark = if i == d.completion.at { ">" } else { " " };
                out.push(info(format!(
                    "{mark} {}  {}  {qty}  {}",
                    h.code,
                    crate::app::widgets::catalog_offer::name(t.lang(), &h.name_zh, &h.name_en),
                    price
                        .map(money)
                        .unwrap_or_else(|| t.t("catalog.shop_rate").to_string()),
                )));
            }
        }
        Kind::Propose => out.push(info(t.t("wo.dlg.propose_info").to_string())),
        Kind::Answer { line } => {
            out.push(info(format!(
                "{}  {}",
                line.description,
                money(line.amount_cents)
            )));
            if let Some(at) = line.proposed_at {
                out.push(info(t.tf(
                    "wo.detail.proposed",
                    &[
                        ("at", short_time(v.zone, at)),
                        ("by", line.proposed_by_name.clone().unwrap_or_default()),
                    ],
                )));
            }
            if let Some(me) = v.staff {
                out.push(info(t.tf(
                    "wo.dlg.answer_caller",
                    &[("name", format!("{} {}", me.code, me.name))],
                )));
            }
        }
        Kind::Qc { level, records, .. } => {
            let rule = if *level == QcLevel::SelfCheck {
                "wo.dlg.qc_self"
            } else {
                "wo.dlg.qc_other"
            };
            out.push(info(t.tf(
                "wo.dlg.qc_level",
                &[("level", t.t(level.label_key()).to_string())],
            )));
            out.push(info(t.t(rule).to_string()));
            let failures = records.iter().filter(|r| !r.passed).count();
            if failures > 0 {
                out.push(info(
                    t.tf("wo.dlg.qc_failures", &[("n", failures.to_string())]),
                ));
            }
        }
        Kind::Ready {
            wash_wanted,
            odometer_in,
        } => {
            out.push(info(
                t.tf("wo.dlg.ready_info", &[("km", odometer_in.to_string())]),
            ));
            if !wash_wanted {
                out.push(info(t.t("wo.ready.wash_declined").to_string()));
            }
        }
        Kind::Deliver { invoice, .. } => {
            let discount = super::dialogs::discount_of(&d.form);
            return invoice_lines(t, invoice, discount, room, width);
        }
        Kind::Cancel => out.push(info(t.t("wo.dlg.cancel_info").to_string())),
        Kind::Call { row, max_tries } => {
            out.push(info(format!(
                "{}  {}  {}",
                row.customer_name,
                row.phone.as_deref().map(phone_text).unwrap_or_default(),
                crate::fmt::plate_text(&row.plate)
            )));
            out.push(info(t.tf(
                "wo.dlg.call_info",
                &[
                    ("delivered", short_time(v.zone, row.delivered_at)),
                    ("advisor", row.advisor_name.clone()),
                    ("tries", row.tries.to_string()),
                    ("max", max_tries.to_string()),
                ],
            )));
            match call::outcome(&d.form) {
                crate::domain::kinds::FollowUpOutcome::NotReached => {
                    if let Some(after) = call::after_not_reached(row, *max_tries, v.today()) {
                        let text = match after.state {
                            FollowUpState::GivenUp => {
                                t.tf("wo.dlg.call_give_up", &[("n", after.tries.to_string())])
                            }
                            _ => t.tf(
                                "wo.dlg.call_again",
                                &[
                                    ("n", after.tries.to_string()),
                                    ("max", max_tries.to_string()),
                                    ("day", after.due_on.map(crate::fmt::day).unwrap_or_default()),
                                ],
                            ),
                        };
                        out.push(Line::styled(format!(" {text}"), Theme::due_soon()));
                    }
                }
                crate::domain::kinds::FollowUpOutcome::Problem => {
                    let key = match call::then(&d.form) {
                        call::Then::Comeback => "wo.dlg.call_problem",
                        call::Then::Complaint => "wo.dlg.call_complaint",
                        call::Then::Both => "wo.dlg.call_both",
                    };
                    out.push(info(t.t(key).to_string()));
                }
                crate::domain::kinds::FollowUpOutcome::Reached => {}
            }
        }
    }
    out.truncate(room);
    out
}

/// The invoice read back line by line: labour, parts, the claim lines shown but not
/// charged, the sums, the discount typed so far and what the customer pays.
fn invoice_lines(
    t: &I18n,
    inv: &Invoice,
    discount: Option<i64>,
    room: usize,
    width: usize,
) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    // The sums take three rows; the lines get what is left.
    let for_lines = room.saturating_sub(3);
    let shown = if inv.lines.len() > for_lines {
        for_lines.saturating_sub(1)
    } else {
        inv.lines.len()
    };
    let lines: Vec<_> = inv.lines.iter().take(shown).collect();
    // Each column is as wide as the shown lines need; a claim line is marked as not
    // charged after its amount, and when one is shown every description gives up the
    // marker's room (the columns stay aligned). The description gets the rest.
    let marker = format!(" {}", t.t("wo.dlg.claim_line"));
    let marker_w = if lines.iter().any(|l| l.claim) {
        text_width(&marker)
    } else {
        0
    };
    let qty_of = |l: &DetailLine| {
        let n = quantity(l.quantity_centi);
        match l.kind {
            LineKind::Labour => t.tf("print.qty.labour", &[("n", n)]),
            LineKind::Part => t.tf("print.qty.part", &[("n", n)]),
        }
    };
    let widest = |f: &dyn Fn(&DetailLine) -> String| {
        lines.iter().map(|l| text_width(&f(l))).max().unwrap_or(0)
    };
    let kind_w = widest(&|l| t.t(l.kind.label_key()).to_string());
    let qty_w = widest(&|l| qty_of(l));
    let price_w = widest(&|l| money(l.unit_price_cents));
    let amount_w = widest(&|l| money(l.amount_cents));
    // " kind desc qty x price = amount", one column left at the right.
    let other = 1 + kind_w + 1 + 1 + qty_w + 3 + price_w + 3 + amount_w + 1;
    let desc_w = width.saturating_sub(other + marker_w).max(10);
    // Right-aligned by display width ("0.8 小时" is 8 columns, not 6).
    let right =
        |s: String, w: usize| format!("{}{s}", " ".repeat(w.saturating_sub(text_width(&s))));
    for l in lines {
        let text = format!(
            " {} {} {} x {} = {}",
            crate::fmt::pad(t.t(l.kind.label_key()), kind_w),
            crate::fmt::pad(&crate::fmt::truncate(&l.description, desc_w), desc_w),
            right(qty_of(l), qty_w),
            right(money(l.unit_price_cents), price_w),
            right(money(l.amount_cents), amount_w)
        );
        if l.claim {
            out.push(Line::from(vec![
                Span::styled(text, Theme::hint()),
                Span::styled(marker.clone(), Theme::hint()),
            ]));
        } else {
            out.push(Line::raw(text));
        }
    }
    if shown < inv.lines.len() {
        out.push(info(t.tf(
            "wo.dlg.more_lines",
            &[("n", (inv.lines.len() - shown).to_string())],
        )));
    }
    out.push(info(t.tf(
        "wo.dlg.sums",
        &[
            ("labour", money(inv.labour_cents)),
            ("parts", money(inv.parts_cents)),
            ("claim", money(inv.claim_cents)),
        ],
    )));
    if inv.uncharged {
        out.push(info(t.t("wo.detail.comeback_free").to_string()));
    }
    let total = discount.map(|dc| inv.customer_cents - dc);
    out.push(Line::styled(
        format!(
            " {}",
            t.tf(
                "wo.dlg.to_pay",
                &[
                    ("subtotal", money(inv.customer_cents)),
                    (
                        "discount",
                        discount.map(money).unwrap_or_else(|| "?".into())
                    ),
                    ("total", total.map(money).unwrap_or_else(|| "?".into())),
                ],
            )
        ),
        Theme::header(),
    ));
    out.truncate(room);
    out
}

/// Hours or pieces in hundredths as typed at the counter: 1, 1.5, 0.75.
fn quantity(centi: i64) -> String {
    let (whole, frac) = (centi / 100, (centi % 100).abs());
    match frac {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}
