//! The closed vocabularies of the domain (states, kinds, channels…), each with the name
//! stored in the database (`as_str`) and the key of its label in the i18n catalogs
//! (`label_key`). Labels themselves live in assets/i18n, never here.

/// Declares a closed vocabulary: `as_str`/`FromStr` use the stored names, `ALL` lists
/// every value in display order, and `label_key()` is `<prefix>.<name>`.
macro_rules! vocabulary {
    ($(#[$m:meta])* $name:ident, $prefix:literal, { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name stored in the database and used in exports.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The i18n catalog key of this value's label.
            pub fn label_key(self) -> &'static str {
                match self { $($name::$variant => concat!($prefix, ".", $text)),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownValue;
            fn from_str(s: &str) -> Result<Self, UnknownValue> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownValue { vocabulary: stringify!($name), value: s.to_string() }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a known {vocabulary}")]
pub struct UnknownValue {
    pub vocabulary: &'static str,
    pub value: String,
}

vocabulary!(
    /// What a staff member does; decides what they may do.
    StaffRole, "role", {
    Advisor => "advisor",
    Technician => "technician",
    Supervisor => "supervisor",
    Manager => "manager",
});

vocabulary!(ServiceType, "service", {
    Maintenance => "maintenance",
    Repair => "repair",
    Warranty => "warranty",
    Comeback => "comeback",
    Recall => "recall",
    Inspection => "inspection",
    Other => "other",
});

vocabulary!(
    /// Active: the shop called the customer; passive: the customer called or walked up.
    AppointmentKind, "appointment_kind", {
    Active => "active",
    Passive => "passive",
});

vocabulary!(AppointmentChannel, "appointment_channel", {
    Phone => "phone",
    Sms => "sms",
    Online => "online",
    WalkUp => "walk_up",
});

vocabulary!(PartsStatus, "parts", {
    NotNeeded => "none",
    InStock => "in_stock",
    Ordered => "ordered",
});

vocabulary!(AppointmentState, "appointment_state", {
    Booked => "booked",
    Confirmed => "confirmed",
    Arrived => "arrived",
    CheckedIn => "checked_in",
    NoShow => "no_show",
    Cancelled => "cancelled",
    Rescheduled => "rescheduled",
});

vocabulary!(ReminderOutcome, "reminder_outcome", {
    Confirmed => "confirmed",
    Rescheduled => "rescheduled",
    Cancelled => "cancelled",
    Unreachable => "unreachable",
});

vocabulary!(RepairOrderState, "ro_state", {
    Written => "written",
    Dispatched => "dispatched",
    InRepair => "in_repair",
    WaitingParts => "waiting_parts",
    WaitingApproval => "waiting_approval",
    QualityCheck => "quality_check",
    Wash => "wash",
    Ready => "ready",
    Delivered => "delivered",
    Cancelled => "cancelled",
});

impl RepairOrderState {
    /// Delivered and cancelled orders are closed; every other state is still open.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            RepairOrderState::Delivered | RepairOrderState::Cancelled
        )
    }
}

vocabulary!(
    /// Where one job line of an order stands in the workshop (its own clock).
    JobState, "job_state", {
    Pending => "pending",
    Running => "running",
    Paused => "paused",
    Done => "done",
});

vocabulary!(
    /// Why a job line was paused.
    PauseReason, "pause_reason", {
    Parts => "parts",
    Approval => "approval",
    Other => "other",
});

vocabulary!(
    /// The customer's consent to a job line: signed with the order, or proposed later and
    /// then approved (signed on the order or by phone) or declined.
    LineApproval, "approval", {
    Signed => "signed",
    Proposed => "proposed",
    ApprovedSigned => "approved_signed",
    ApprovedPhone => "approved_phone",
    Declined => "declined",
});

vocabulary!(
    /// The three levels of the quality check (三级质检), in order.
    QcLevel, "qc_level", {
    SelfCheck => "self_check",
    TeamLeader => "team_leader",
    Final => "final",
});

vocabulary!(
    /// How a follow-up call (回访) went.
    FollowUpOutcome, "follow_up_outcome", {
    Reached => "reached",
    NotReached => "not_reached",
    Problem => "problem",
});

vocabulary!(
    /// Where a delivered order's follow-up stands.
    FollowUpState, "follow_up_state", {
    Due => "due",
    Done => "done",
    GivenUp => "given_up",
    Problem => "problem",
});

vocabulary!(FuelLevel, "fuel", {
    Empty => "E",
    Quarter => "1/4",
    Half => "1/2",
    ThreeQuarters => "3/4",
    Full => "F",
});

vocabulary!(WaitingMode, "waiting", {
    Lounge => "lounge",
    Leave => "leave",
});

vocabulary!(PaymentMethod, "payment", {
    Cash => "cash",
    Card => "card",
    WeChat => "wechat",
    Alipay => "alipay",
    Transfer => "transfer",
    Warranty => "warranty",
});

vocabulary!(LineKind, "line_kind", {
    Labour => "labour",
    Part => "part",
});

vocabulary!(DamageKind, "damage", {
    Scratch => "scratch",
    Dent => "dent",
    Crack => "crack",
    Other => "other",
});

vocabulary!(ComplaintChannel, "complaint_channel", {
    Counter => "counter",
    Phone => "phone",
    Letter => "letter",
    CommentBook => "comment_book",
    ManagerDay => "manager_day",
    Regulator => "regulator",
    OtherDepartment => "other_department",
});

vocabulary!(
    /// The complaint's nature decides how to respond (domain.md §5).
    ComplaintNature, "nature", {
    Solve => "solve",
    Vent => "vent",
    Expectation => "expectation",
});

vocabulary!(ComplaintCategory, "category", {
    Attitude => "attitude",
    Quality => "quality",
    Price => "price",
    Waiting => "waiting",
    Parts => "parts",
    Appointment => "appointment",
    Other => "other",
});

vocabulary!(
    /// Where a complaint's handling stands (issue 11): received → reported → supervision
    /// order issued → solution proposed → accepted by the customer → resolved → closed
    /// after the follow-up visit (or back to supervised when it is reopened).
    ComplaintStage, "stage", {
    Received => "received",
    Reported => "reported",
    Supervised => "supervised",
    Proposed => "proposed",
    Accepted => "accepted",
    Resolved => "resolved",
    Closed => "closed",
});

vocabulary!(ComplaintEventKind, "complaint_event", {
    Received => "received",
    Reported => "reported",
    Supervised => "supervised",
    Proposed => "proposed",
    Answered => "answered",
    Resolved => "resolved",
    FollowedUp => "followed_up",
    Reopened => "reopened",
    Note => "note",
});

vocabulary!(
    /// How serious a complaint is, as the one who takes it judges.
    ComplaintSeverity, "severity", {
    Minor => "minor",
    Normal => "normal",
    Serious => "serious",
});

vocabulary!(
    /// What the follow-up visit after a complaint's resolution found.
    VisitOutcome, "visit_outcome", {
    Satisfied => "satisfied",
    NotSatisfied => "not_satisfied",
    NotDone => "not_done",
    NewProblem => "new_problem",
});

vocabulary!(
    /// Where a body damage mark sits on the walk-around diagram (车辆损毁标志), seen from
    /// above with the front at the top.
    DamageZone, "zone", {
    Front => "front",
    Rear => "rear",
    Left => "left",
    Right => "right",
    Roof => "roof",
    FrontBumper => "front_bumper",
    RearBumper => "rear_bumper",
    FrontLeftDoor => "front_left_door",
    FrontRightDoor => "front_right_door",
    RearLeftDoor => "rear_left_door",
    RearRightDoor => "rear_right_door",
    Hood => "hood",
    Trunk => "trunk",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_round_trips_through_its_stored_name() {
        for s in RepairOrderState::ALL {
            assert_eq!(s.as_str().parse::<RepairOrderState>().unwrap(), *s);
        }
        for s in ComplaintStage::ALL {
            assert_eq!(s.as_str().parse::<ComplaintStage>().unwrap(), *s);
        }
        for s in FuelLevel::ALL {
            assert_eq!(s.as_str().parse::<FuelLevel>().unwrap(), *s);
        }
        assert_eq!(
            AppointmentChannel::WalkUp.label_key(),
            "appointment_channel.walk_up"
        );
    }

    #[test]
    fn unknown_names_are_refused_with_the_vocabulary_named() {
        let e = "parked".parse::<RepairOrderState>().unwrap_err();
        assert_eq!(e.to_string(), "\"parked\" is not a known RepairOrderState");
    }
}
