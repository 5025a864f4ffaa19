//! Every user intent, as data. Keymaps name these with their serde names
//! (`"ctrl-s" = "save"`), and the help overlay lists them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    ForceQuit,
    Help,
    PanelCheckin,
    PanelWorkOrders,
    PanelComplaints,
    PanelAppointments,
    PanelSettings,
    PanelStaff,
    PanelCatalog,
    NextField,
    PrevField,
    Confirm,
    Cancel,
    Save,
    Search,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    PrevDay,
    NextDay,
    Today,
    Refresh,
    NewBooking,
    MarkConfirmed,
    MarkArrived,
    MarkNoShow,
    CancelAppointment,
    Reschedule,
    MarkUnreachable,
    WeekView,
    Reminders,
    GotoDate,
    EditCapacity,
    AddItem,
    RemoveItem,
    Print,
    Yes,
    No,
    NextStep,
    PrevStep,
    ClearField,
    DeleteWord,
    LineStart,
    LineEnd,
    EditSettings,
    AddHoliday,
    RemoveHoliday,
    AddStaff,
    ChangeRole,
    ToggleActive,
    SetPin,
    ClearPin,
    TechnicianView,
    FollowUpCalls,
    Dispatch,
    StartJob,
    PauseJob,
    ResumeJob,
    FinishJob,
    SetProgress,
    CustomerTold,
    ProposeLine,
    AnswerLine,
    SubmitQc,
    RecordQc,
    MarkReady,
    Deliver,
    CancelOrder,
    PrintSettlement,
    AddEntry,
    EditEntry,
    PrevKind,
    NextKind,
    NewComplaint,
    ReportComplaint,
    SuperviseComplaint,
    ProposeSolution,
    CustomerAnswer,
    ResolveComplaint,
    FollowUpVisit,
    ComplaintNote,
    PrintComplaint,
    PrintSupervision,
    ComplaintStats,
    PrevPeriod,
    NextPeriod,
    PrevPage,
    NextPage,
    #[serde(rename = "page_1")]
    Page1,
    #[serde(rename = "page_2")]
    Page2,
    #[serde(rename = "page_3")]
    Page3,
    #[serde(rename = "page_4")]
    Page4,
    #[serde(rename = "page_5")]
    Page5,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::Quit,
        Action::ForceQuit,
        Action::Help,
        Action::PanelCheckin,
        Action::PanelWorkOrders,
        Action::PanelComplaints,
        Action::PanelAppointments,
        Action::PanelSettings,
        Action::PanelStaff,
        Action::PanelCatalog,
        Action::NextField,
        Action::PrevField,
        Action::Confirm,
        Action::Cancel,
        Action::Save,
        Action::Search,
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::First,
        Action::Last,
        Action::PrevDay,
        Action::NextDay,
        Action::Today,
        Action::Refresh,
        Action::NewBooking,
        Action::MarkConfirmed,
        Action::MarkArrived,
        Action::MarkNoShow,
        Action::CancelAppointment,
        Action::Reschedule,
        Action::MarkUnreachable,
        Action::WeekView,
        Action::Reminders,
        Action::GotoDate,
        Action::EditCapacity,
        Action::AddItem,
        Action::RemoveItem,
        Action::Print,
        Action::Yes,
        Action::No,
        Action::NextStep,
        Action::PrevStep,
        Action::ClearField,
        Action::DeleteWord,
        Action::LineStart,
        Action::LineEnd,
        Action::EditSettings,
        Action::AddHoliday,
        Action::RemoveHoliday,
        Action::AddStaff,
        Action::ChangeRole,
        Action::ToggleActive,
        Action::SetPin,
        Action::ClearPin,
        Action::TechnicianView,
        Action::FollowUpCalls,
        Action::Dispatch,
        Action::StartJob,
        Action::PauseJob,
        Action::ResumeJob,
        Action::FinishJob,
        Action::SetProgress,
        Action::CustomerTold,
        Action::ProposeLine,
        Action::AnswerLine,
        Action::SubmitQc,
        Action::RecordQc,
        Action::MarkReady,
        Action::Deliver,
        Action::CancelOrder,
        Action::PrintSettlement,
        Action::AddEntry,
        Action::EditEntry,
        Action::PrevKind,
        Action::NextKind,
        Action::NewComplaint,
        Action::ReportComplaint,
        Action::SuperviseComplaint,
        Action::ProposeSolution,
        Action::CustomerAnswer,
        Action::ResolveComplaint,
        Action::FollowUpVisit,
        Action::ComplaintNote,
        Action::PrintComplaint,
        Action::PrintSupervision,
        Action::ComplaintStats,
        Action::PrevPeriod,
        Action::NextPeriod,
        Action::PrevPage,
        Action::NextPage,
        Action::Page1,
        Action::Page2,
        Action::Page3,
        Action::Page4,
        Action::Page5,
    ];

    /// The name used in keymap files.
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    pub fn from_name(name: &str) -> Option<Action> {
        serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
    }

    /// The i18n key of the action's description in the help overlay.
    pub fn label_key(self) -> String {
        format!("action.{}", self.name())
    }

    /// The text-field edit an editing action stands for.
    pub fn edit(self) -> Option<crate::app::keymap::Edit> {
        use crate::app::keymap::Edit;
        match self {
            Action::ClearField => Some(Edit::Clear),
            Action::DeleteWord => Some(Edit::DeleteWord),
            Action::LineStart => Some(Edit::Home),
            Action::LineEnd => Some(Edit::End),
            _ => None,
        }
    }

    /// Actions that can change data. None of them may be bound in the read-only board.
    pub fn is_mutating(self) -> bool {
        matches!(
            self,
            Action::Save
                | Action::Confirm
                | Action::NewBooking
                | Action::MarkConfirmed
                | Action::MarkArrived
                | Action::MarkNoShow
                | Action::CancelAppointment
                | Action::Reschedule
                | Action::MarkUnreachable
                | Action::EditCapacity
                | Action::AddItem
                | Action::RemoveItem
                | Action::Yes
                | Action::NextStep
                | Action::EditSettings
                | Action::AddHoliday
                | Action::RemoveHoliday
                | Action::AddStaff
                | Action::ChangeRole
                | Action::ToggleActive
                | Action::SetPin
                | Action::ClearPin
                | Action::Dispatch
                | Action::StartJob
                | Action::PauseJob
                | Action::ResumeJob
                | Action::FinishJob
                | Action::SetProgress
                | Action::CustomerTold
                | Action::ProposeLine
                | Action::AnswerLine
                | Action::SubmitQc
                | Action::RecordQc
                | Action::MarkReady
                | Action::Deliver
                | Action::CancelOrder
                | Action::AddEntry
                | Action::EditEntry
                | Action::NewComplaint
                | Action::ReportComplaint
                | Action::SuperviseComplaint
                | Action::ProposeSolution
                | Action::CustomerAnswer
                | Action::ResolveComplaint
                | Action::FollowUpVisit
                | Action::ComplaintNote
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for a in Action::ALL {
            assert_eq!(Action::from_name(&a.name()), Some(*a), "{a:?}");
        }
        assert_eq!(Action::PanelWorkOrders.name(), "panel_work_orders");
        assert_eq!(Action::from_name("launch_rockets"), None);
    }
}
