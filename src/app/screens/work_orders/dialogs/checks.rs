//! The quality check (三级质检): the next level, who checks, pass or fail, the shop's
//! checklist as ticks, and why it failed.

use crate::app::widgets::form::{Field, FieldKind, Form};
use crate::domain::kinds::{QcLevel, StaffRole};
use crate::domain::workshop::WorkError;
use crate::domain::workshop::qc::{self, QcInput, QcRecord};
use crate::i18n::DomainError;
use crate::store::staff::Staff;
use crate::store::workshop::QcEntry;

use super::super::Work;
use super::super::detail::{Loaded, qc_records};
use super::{Dialog, Kind, MAX_TICKS, Target, W, index_of, label, staff_name};

/// The two states of a tick, as drawn.
const TICK: [&str; 2] = ["[ ]", "[x]"];

/// Records the next check of the order; the self-check proposes the order's technician,
/// the other levels the staff member at the counter.
pub fn record_qc(target: Target, l: &Loaded, staff: &[Staff], me: Option<i64>) -> Dialog {
    let records = qc_records(&l.detail);
    let level = qc::next_level(&records);
    let technician = l.detail.order.technician_id;
    let mut people: Vec<&Staff> = staff.iter().filter(|s| s.active).collect();
    people.sort_by_key(|s| (s.role == StaffRole::Advisor, s.code.clone()));
    let ids: Vec<i64> = people.iter().map(|s| s.id).collect();
    let names: Vec<String> = people.iter().map(|s| staff_name(s)).collect();
    let proposed = if level == QcLevel::SelfCheck {
        technician.or(me)
    } else {
        me
    };
    let items: Vec<String> = l
        .policy
        .qc_checklist
        .iter()
        .take(MAX_TICKS)
        .cloned()
        .collect();
    let mut fields = vec![
        Field::literal_choice(
            W::Staff,
            "wo.field.qc_staff",
            names,
            index_of(&ids, proposed),
        ),
        Field::choice(
            W::Pass,
            "wo.field.qc_result",
            vec!["wo.qc.pass".into(), "wo.qc.fail".into()],
            0,
        ),
    ];
    for (i, item) in items.iter().enumerate() {
        fields.push(Field::literal_choice(
            W::Tick(i as u8),
            label(item),
            TICK.iter().map(|s| s.to_string()).collect(),
            0,
        ));
    }
    fields.push(Field::text(W::Reason, "wo.field.qc_reason", ""));
    let mut form = Form::new(fields);
    sync(&mut form);
    form.focus_on(if items.is_empty() {
        W::Pass
    } else {
        W::Tick(0)
    });
    Dialog::new(
        Kind::Qc {
            level,
            staff: ids,
            records,
            technician,
            items,
        },
        form,
        target,
    )
}

pub fn sync(form: &mut Form<W>) {
    let failed = form.choice(W::Pass) == 1;
    form.set_hidden(W::Reason, !failed);
}

fn ticks(form: &Form<W>, n: usize) -> Vec<bool> {
    (0..n).map(|i| form.yes(W::Tick(i as u8))).collect()
}

/// The first checklist item not ticked.
pub fn first_unticked(form: &Form<W>) -> Option<W> {
    form.fields
        .iter()
        .filter(|f| matches!(f.id, W::Tick(_)))
        .find(|f| matches!(f.kind, FieldKind::Choice { idx: 0, .. }))
        .map(|f| f.id)
}

pub fn read(
    form: &mut Form<W>,
    staff: &[i64],
    records: &[QcRecord],
    technician: Option<i64>,
    items: usize,
) -> Option<Work> {
    let Some(staff_id) = staff.get(form.choice(W::Staff)).copied() else {
        form.set_error(W::Staff, WorkError::QcSelfCheckByTechnician.note());
        return None;
    };
    let input = QcInput {
        staff_id,
        passed: form.choice(W::Pass) == 0,
        ticked: ticks(form, items),
        reason: form.text(W::Reason).trim().to_string(),
    };
    if let Err(e) = qc::check(records, technician, &input) {
        let field = match e {
            WorkError::QcChecklistIncomplete => first_unticked(form).unwrap_or(W::Pass),
            WorkError::QcReasonRequired => W::Reason,
            _ => W::Staff,
        };
        form.set_error(field, e.note());
        return None;
    }
    Some(Work::RecordQc(QcEntry {
        staff_id: input.staff_id,
        passed: input.passed,
        ticked: input.ticked,
        reason: input.reason,
    }))
}
