//! Keys of the work orders and the results coming back: the board and its filter, the
//! technician view, the detail with its job line and scroll, the call list, and every
//! action, each checked by the workshop rules before it is sent and sent with the order's
//! version. Pure: returns effects.

use crate::app::action::Action;
use crate::app::keymap::Resolved;
use crate::app::screen::Cx;
use crate::app::widgets::catalog_offer::OfferKey;
use crate::app::widgets::confirm::Confirm;
use crate::app::widgets::form::FormEvent;
use crate::app::widgets::list::step_for;
use crate::domain::kinds::{LineApproval, RepairOrderState as S};
use crate::domain::workshop::WorkError;
use crate::domain::workshop::flow::{self, Step};
use crate::domain::workshop::follow_up;
use crate::domain::workshop::jobs::{self, JobAction};
use crate::fmt::{day, plate_text};
use crate::i18n::{DomainError, Note};

use super::detail::{self, DetailState};
use super::dialogs::{self, Target};
use super::{Effect, Msg, Refusal, View, Work, WorkOrders};

/// Rows a page key scrolls the detail by.
const PAGE: isize = 10;

/// What to read for what is shown (on showing the panel, on a refresh, when another
/// counter committed, after an action).
pub fn load(w: &WorkOrders, cx: &Cx<Msg>) -> Vec<Effect> {
    let have = w
        .board
        .revision
        .filter(|_| w.board.loaded && w.policy.is_some());
    let mut v = vec![Effect::Load(have)];
    if let Some(d) = &w.detail {
        v.push(Effect::LoadDetail(d.id));
    }
    if w.view == View::Calls {
        v.push(Effect::LoadCalls(cx.today()));
    }
    v
}

pub fn key(w: &mut WorkOrders, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
    if w.dialog.is_some() {
        return dialog_key(w, cx, r);
    }
    match w.view {
        View::Board => board_key(w, cx, r),
        View::Technicians => tech_key(w, cx, r),
        View::Detail => detail_key(w, cx, r),
        View::Calls => calls_key(w, cx, r),
    }
}

/// The actions on a whole order, offered on the board, the technician view and the detail.
fn order_action(a: Action) -> bool {
    matches!(
        a,
        Action::Dispatch
            | Action::SetProgress
            | Action::CustomerTold
            | Action::ProposeLine
            | Action::SubmitQc
            | Action::RecordQc
            | Action::MarkReady
            | Action::Deliver
            | Action::CancelOrder
    )
}

fn board_key(w: &mut WorkOrders, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
    if w.board.filtering {
        w.board.handle(r);
        return vec![];
    }
    let Resolved::Action(a) = r else {
        return vec![];
    };
    let selected = w
        .board
        .current()
        .map(|e| (e.row.id, e.row.number.to_string()));
    match a {
        Action::TechnicianView => {
            w.show(View::Technicians);
            vec![]
        }
        Action::FollowUpCalls => open_calls(w, cx),
        Action::Confirm => match selected {
            Some((id, number)) => open_detail(w, id, number, View::Board),
            None => vec![],
        },
        Action::Print => selected.map_or(vec![], |(_, n)| vec![Effect::Print(n)]),
        a if order_action(a) => match selected {
            Some((id, number)) => on_order(w, cx, id, number, a),
            None => vec![],
        },
        _ => {
            w.board.handle(r);
            vec![]
        }
    }
}

fn tech_key(w: &mut WorkOrders, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
    let Resolved::Action(a) = r else {
        return vec![];
    };
    let selected = w
        .board
        .tech_current()
        .map(|e| (e.row.id, e.row.number.to_string()));
    match a {
        Action::TechnicianView | Action::Cancel => {
            w.show(View::Board);
            vec![]
        }
        Action::FollowUpCalls => open_calls(w, cx),
        Action::Confirm => match selected {
            Some((id, number)) => open_detail(w, id, number, View::Technicians),
            None => vec![],
        },
        Action::Print => selected.map_or(vec![], |(_, n)| vec![Effect::Print(n)]),
        a if order_action(a) => match selected {
            Some((id, number)) => on_order(w, cx, id, number, a),
            None => vec![],
        },
        a => {
            if let Some(d) = step_for(a) {
                w.board.tech_step(d);
            }
            vec![]
        }
    }
}

fn open_calls(w: &mut WorkOrders, cx: &Cx<Msg>) -> Vec<Effect> {
    w.show(View::Calls);
    vec![Effect::LoadCalls(cx.today())]
}

fn calls_key(w: &mut WorkOrders, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
    let Resolved::Action(a) = r else {
        return vec![];
    };
    match a {
        Action::FollowUpCalls | Action::Cancel => {
            w.show(View::Board);
            vec![]
        }
        Action::Confirm => {
            if let Some(row) = w.current_call() {
                let tries = w
                    .policy
                    .as_ref()
                    .map_or(crate::domain::workshop::DEFAULT_FOLLOW_UP_TRIES, |p| {
                        p.follow_up_tries
                    });
                w.dialog = Some(dialogs::call(row, tries, cx));
                cx.clear_note();
            }
            vec![]
        }
        Action::Print => w
            .current_call()
            .map_or(vec![], |c| vec![Effect::Print(c.number.clone())]),
        a => {
            if let Some(d) = step_for(a) {
                let n = w.calls.len();
                if n > 0 {
                    w.call_selected =
                        (w.call_selected as isize + d).clamp(0, n as isize - 1) as usize;
                }
            }
            vec![]
        }
    }
}

fn open_detail(w: &mut WorkOrders, id: i64, number: String, back: View) -> Vec<Effect> {
    w.show(View::Detail);
    w.back = back;
    if w.detail.as_ref().is_none_or(|d| d.id != id) {
        w.detail = Some(DetailState::loading(id, number));
    }
    vec![Effect::LoadDetail(id)]
}

/// An order action asked for on the board: with the order's detail at hand it opens at
/// once, else when the detail has been read.
fn on_order(
    w: &mut WorkOrders,
    cx: &mut Cx<Msg>,
    id: i64,
    number: String,
    a: Action,
) -> Vec<Effect> {
    if w.detail
        .as_ref()
        .is_some_and(|d| d.id == id && d.data.is_some())
    {
        return act(w, cx, a);
    }
    w.detail = Some(DetailState::loading(id, number));
    w.pending = Some((id, a));
    vec![Effect::LoadDetail(id)]
}

fn detail_key(w: &mut WorkOrders, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
    let Resolved::Action(a) = r else {
        return vec![];
    };
    let Some(d) = w.detail.as_mut() else {
        w.show(w.back);
        return vec![];
    };
    match a {
        Action::Cancel => {
            w.show(w.back);
            w.detail = None;
            vec![]
        }
        Action::Up => {
            d.move_line(-1);
            vec![]
        }
        Action::Down => {
            d.move_line(1);
            vec![]
        }
        Action::PageUp => {
            d.scroll_by(-PAGE);
            vec![]
        }
        Action::PageDown => {
            d.scroll_by(PAGE);
            vec![]
        }
        Action::First => {
            d.scroll_by(isize::MIN / 2);
            vec![]
        }
        Action::Last => {
            d.scroll_by(isize::MAX / 2);
            vec![]
        }
        Action::Print => vec![Effect::Print(d.number.clone())],
        Action::PrintSettlement => match d.detail().map(|x| x.order.state) {
            Some(S::Ready | S::Delivered) => vec![Effect::PrintSettlement(d.number.clone())],
            Some(s) => {
                cx.note(Note::error(
                    "wo.error.settlement_not_yet",
                    vec![("state", s.label_key().to_string())],
                ));
                vec![]
            }
            None => vec![],
        },
        a if d.data.is_some() => act(w, cx, a),
        _ => vec![],
    }
}

/// The order the detail holds, as a dialog's target.
fn target(l: &detail::Loaded) -> Target {
    let o = &l.detail.order;
    Target {
        id: o.id,
        version: o.version,
        number: o.number.clone(),
        who: format!("{} {}", plate_text(&o.plate), o.customer_name),
    }
}

/// An action on the order in `w.detail` (loaded): checked by the rules first, then a
/// dialog for what needs input, or sent at once.
fn act(w: &mut WorkOrders, cx: &mut Cx<Msg>, a: Action) -> Vec<Effect> {
    let Some(ds) = w.detail.as_ref() else {
        return vec![];
    };
    let Some(l) = ds.data.as_deref() else {
        return vec![];
    };
    let d = &l.detail;
    let state = d.order.state;
    let t = target(l);
    let refuse = |cx: &mut Cx<Msg>, e: WorkError| {
        cx.note(e.note());
        vec![]
    };
    let moves = |step: Step| flow::next(state, step).map(|_| ());
    let in_workshop = || {
        if flow::in_workshop(state) {
            Ok(())
        } else {
            Err(WorkError::Move {
                from: state,
                step: "work",
            })
        }
    };
    let send = |work: Work| {
        vec![Effect::Apply {
            id: t.id,
            version: t.version,
            number: t.number.clone(),
            work: Box::new(work),
        }]
    };
    let dialog = match a {
        Action::Dispatch => match moves(Step::Dispatch) {
            Ok(()) => dialogs::dispatch(t, l, cx.staff_list),
            Err(e) => return refuse(cx, e),
        },
        Action::SetProgress => match in_workshop() {
            Ok(()) => {
                let pct = jobs::progress(d.progress_pct, &detail::timed(d, cx.now));
                dialogs::progress(t, pct)
            }
            Err(e) => return refuse(cx, e),
        },
        Action::CustomerTold => {
            if !state.is_open() || state == S::Ready {
                return refuse(
                    cx,
                    WorkError::Move {
                        from: state,
                        step: "work",
                    },
                );
            }
            if d.told_customer_at.is_some() {
                cx.note(Note::info("wo.note.told_already"));
                return vec![];
            }
            return send(Work::Told);
        }
        Action::ProposeLine => match in_workshop() {
            Ok(()) => dialogs::propose(t, cx.settings.labour_rate_cents),
            Err(e) => return refuse(cx, e),
        },
        Action::SubmitQc => {
            if let Err(e) = moves(Step::SubmitQc) {
                return refuse(cx, e);
            }
            let facts: Vec<_> = d.lines.iter().map(detail::job_facts).collect();
            if let Err(e) = jobs::work_finished(&facts) {
                return refuse(cx, e);
            }
            return send(Work::SubmitQc);
        }
        Action::RecordQc => {
            if state != S::QualityCheck {
                return refuse(
                    cx,
                    WorkError::Move {
                        from: state,
                        step: "qc_pass",
                    },
                );
            }
            dialogs::record_qc(t, l, cx.staff_list, cx.staff.map(|s| s.id))
        }
        Action::MarkReady => match moves(Step::Ready) {
            Ok(()) => dialogs::ready(t, l),
            Err(e) => return refuse(cx, e),
        },
        Action::Deliver => match moves(Step::Deliver) {
            Ok(()) => dialogs::deliver(t, l),
            Err(e) => return refuse(cx, e),
        },
        Action::CancelOrder => match moves(Step::Cancel) {
            Ok(()) => dialogs::cancel(t),
            Err(e) => return refuse(cx, e),
        },
        Action::StartJob | Action::ResumeJob | Action::FinishJob | Action::PauseJob => {
            let Some(line) = ds.selected_line() else {
                cx.note(Note::error("wo.error.no_line", vec![]));
                return vec![];
            };
            let action = match a {
                Action::StartJob => JobAction::Start,
                Action::ResumeJob => JobAction::Resume,
                Action::FinishJob => JobAction::Finish,
                // The reason is asked in the dialog; any reason checks the move.
                _ => JobAction::Pause(crate::domain::kinds::PauseReason::Other),
            };
            if let Err(e) = jobs::apply(state, line.kind, line.approval, line.job_state, action) {
                return refuse(cx, e);
            }
            if a != Action::PauseJob {
                return send(Work::Job {
                    line_id: line.id,
                    action,
                });
            }
            dialogs::pause(t, line)
        }
        Action::AnswerLine => {
            // The selected line, or else the first one waiting for the customer.
            let pick = ds
                .selected_line()
                .filter(|l| l.approval == LineApproval::Proposed)
                .or_else(|| {
                    d.lines
                        .iter()
                        .find(|l| l.approval == LineApproval::Proposed)
                });
            let Some(line) = pick.cloned() else {
                // No line waits for an answer: the selected one was answered already, or
                // was signed with the order and never proposed.
                let answered = ds.selected_line().is_some_and(|l| {
                    l.approval != LineApproval::Signed && l.approval != LineApproval::Proposed
                });
                if answered {
                    return refuse(cx, WorkError::AlreadyDecided);
                }
                cx.note(Note::error("wo.error.not_proposed", vec![]));
                return vec![];
            };
            // The number dialled: the one given at check-in for during the repair, else
            // the customer's.
            let phone = d
                .order
                .contact_during
                .clone()
                .filter(|c| !c.trim().is_empty())
                .or_else(|| d.customer_phone.clone());
            let dlg = dialogs::answer(t, &line, phone.as_deref(), cx);
            if let Some(ds) = w.detail.as_mut()
                && let Some(i) = ds.lines().iter().position(|x| x.id == line.id)
            {
                ds.line = i;
            }
            w.dialog = Some(dlg);
            cx.clear_note();
            return vec![];
        }
        _ => return vec![],
    };
    w.dialog = Some(dialog);
    cx.clear_note();
    vec![]
}

fn dialog_key(w: &mut WorkOrders, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
    let Some(d) = w.dialog.as_mut() else {
        return vec![];
    };
    // The catalog's offer under an added line's description: Up / Down choose, Enter
    // fills the line, Esc closes the offer (the typed text stays).
    if d.completing() {
        match d.completion.key(&r) {
            OfferKey::Handled => return vec![],
            OfferKey::Take(hit) => {
                d.take_completion(&hit, cx.lang, cx.settings.labour_rate_cents);
                return vec![];
            }
            OfferKey::Pass => {}
        }
    }
    // Enter applies from any field, as Ctrl-S does; Tab and Up/Down move between them.
    let event = match r {
        Resolved::Action(Action::Confirm) => FormEvent::Submit,
        r => d.form.handle(r),
    };
    if d.kind == dialogs::Kind::Propose {
        dialogs::workshop::follow_kind(&mut d.form, cx.settings.labour_rate_cents);
    }
    match event {
        FormEvent::Cancel => {
            if d.changed() {
                // A choice counts as input too: the question says so.
                let ask = Confirm::new(
                    "confirm.discard.title",
                    Note::info("wo.discard.body"),
                    "confirm.discard.keys",
                );
                cx.confirm(ask, Msg::DiscardDialog);
                return vec![];
            }
            close_dialog(w);
            vec![]
        }
        FormEvent::Submit => match d.submit(cx) {
            Some(work) => vec![Effect::Apply {
                id: d.target.id,
                version: d.target.version,
                number: d.target.number.clone(),
                work: Box::new(work),
            }],
            None => vec![],
        },
        FormEvent::Changed => {
            d.sync();
            // Each letter of an added line's description asks the catalog.
            if d.kind == dialogs::Kind::Propose && d.form.focused() == Some(dialogs::W::Desc) {
                match d.completion_query() {
                    Some(q) => {
                        return vec![Effect::Complete(q, cx.settings.labour_rate_cents)];
                    }
                    None => d.completion.clear(),
                }
            }
            vec![]
        }
        _ => vec![],
    }
}

/// Closes the dialog; a detail read only for it is let go.
fn close_dialog(w: &mut WorkOrders) {
    w.dialog = None;
    if w.view != View::Detail {
        w.detail = None;
    }
}

pub fn update(w: &mut WorkOrders, cx: &mut Cx<Msg>, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Board(rows, policy, revision) => {
            w.board
                .set_rows(rows, cx.now, policy.approval_wait_minutes, cx.staff_list);
            w.board.revision = revision;
            w.policy = Some(policy);
        }
        // Only the clock moved since the rows were read.
        Msg::BoardCurrent => w.board.retime(cx.now),
        Msg::Calls(_, rows) => {
            if let Some(d) = w.dialog.as_mut().filter(|d| d.stale)
                && let Some(r) = rows.iter().find(|r| r.id == d.target.id)
            {
                d.target.version = r.version;
                d.stale = false;
            }
            w.calls = rows;
            w.calls_loaded = true;
            w.call_selected = w.call_selected.min(w.calls.len().saturating_sub(1));
        }
        Msg::Detail(id, loaded) => {
            let version = loaded.as_ref().map(|l| l.detail.order.version);
            if let Some(p) = loaded.as_ref().map(|l| l.policy.clone()) {
                w.policy = Some(p);
            }
            match w.detail.as_mut() {
                Some(d) if d.id == id => d.set(loaded),
                _ => return vec![],
            }
            if let Some(d) = w.dialog.as_mut().filter(|d| d.stale && d.target.id == id)
                && let Some(v) = version
            {
                d.target.version = v;
                d.stale = false;
            }
            if let Some((pid, a)) = w.pending
                && pid == id
            {
                w.pending = None;
                if version.is_none() {
                    cx.note(Note::error("wo.error.gone", vec![]));
                    w.detail = None;
                    return vec![];
                }
                let effects = act(w, cx, a);
                // Refused, or sent at once: the detail was read only for the dialog.
                if w.dialog.is_none() && w.view != View::Detail {
                    w.detail = None;
                }
                return effects;
            }
        }
        Msg::Applied {
            id,
            number,
            work,
            outcome,
        } => {
            if w.dialog.as_ref().is_some_and(|d| d.target.id == id) {
                close_dialog(w);
            }
            cx.note(done_note(w, cx, &number, &work, outcome.as_ref()));
            return load(w, cx);
        }
        Msg::Refused { id, why } => {
            let dialog = w.dialog.as_mut().filter(|d| d.target.id == id);
            match (why, dialog) {
                (Refusal::Rule(e), Some(d)) => d.refused(&e),
                (Refusal::Rule(e), None) => cx.note(e.note()),
                (Refusal::Conflict(n), Some(d)) => {
                    // The input stays; the reload gives the version to apply it to.
                    d.note = Some(Note::error("wo.conflict", n.args));
                    d.stale = true;
                    return load(w, cx);
                }
                (Refusal::Conflict(n), None) => {
                    cx.note(Note::error("wo.conflict_key", n.args));
                    return load(w, cx);
                }
                (Refusal::Capacity(n), Some(d)) => d.refused_at(dialogs::W::Day, n),
                (Refusal::Capacity(n) | Refusal::Other(n), None) => cx.note(n),
                (Refusal::Other(n), Some(d)) => d.note = Some(n),
            }
        }
        Msg::Printed(path) => cx.note(Note::info_args("checkin.printed", vec![("path", path)])),
        Msg::Failed(n) => cx.note(n),
        Msg::DiscardDialog => close_dialog(w),
        Msg::Completed(q, hits) => {
            if let Some(d) = w.dialog.as_mut() {
                d.completed(&q, hits);
            }
        }
    }
    vec![]
}

/// What the status line says after an action: what was done, and after a delivery the
/// day of the follow-up call, after a call where it stands now.
fn done_note(
    w: &WorkOrders,
    cx: &Cx<Msg>,
    number: &str,
    work: &Work,
    outcome: Option<&crate::store::workshop::CallOutcome>,
) -> Note {
    let mut args = vec![("number", number.to_string())];
    match work {
        Work::Deliver(_) => {
            let days = w
                .policy
                .as_ref()
                .map_or(crate::domain::workshop::DEFAULT_FOLLOW_UP_DAYS, |p| {
                    p.follow_up_days
                });
            args.push(("day", day(follow_up::due_on(cx.today(), days))));
            Note::info_args("wo.done.deliver", args)
        }
        Work::Call { comeback, .. } => {
            use crate::domain::kinds::FollowUpState as F;
            let key = match outcome.map(|o| o.state) {
                Some(F::Due) => "wo.done.call_again",
                Some(F::GivenUp) => "wo.done.call_given_up",
                Some(F::Problem) if comeback.is_none() => "wo.done.call_problem_only",
                Some(F::Problem) => "wo.done.call_problem",
                _ => "wo.done.call",
            };
            Note::info_args(key, args)
        }
        w => Note::info_args(w.done_key(), args),
    }
}
