//! The complaint's handling as one state machine (domain.md §5, issue 11): which step
//! may be taken in which stage, and where it leads. The front desk records and routes; a
//! solution that promises compensation is for a supervisor or a manager only.

use crate::domain::kinds::{ComplaintStage as S, VisitOutcome};

/// A step of the handling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Reported upward (to the customer manager): the 1 h clock stops.
    Report,
    /// A supervision order (督办令) to the responsible department.
    Supervise,
    /// A solution proposed to the customer; `compensation`: it promises money, free work
    /// or parts.
    Propose { compensation: bool },
    /// The customer's answer to the solution.
    Answer { accepted: bool },
    /// The result given to the customer: the 72 h clock stops, the follow-up visit is due.
    Resolve,
    /// The follow-up visit after the resolution.
    FollowUp(VisitOutcome),
}

/// What the machine needs to know beyond the stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Facts {
    /// A supervision order was issued (a refused solution goes back to it).
    pub supervised: bool,
    /// The one taking the step is a supervisor or a manager.
    pub may_compensate: bool,
}

/// Why a step is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a step of this stage.
    NotNow { stage: S },
    /// Compensation is promised by a supervisor or a manager only.
    Compensation,
}

/// Where `step` leads from `stage`.
pub fn next(stage: S, step: Step, facts: Facts) -> Result<S, Refusal> {
    let not_now = Err(Refusal::NotNow { stage });
    match (stage, step) {
        (S::Received, Step::Report) => Ok(S::Reported),
        (S::Reported | S::Supervised, Step::Supervise) => Ok(S::Supervised),
        (S::Reported | S::Supervised, Step::Propose { compensation }) => {
            if compensation && !facts.may_compensate {
                Err(Refusal::Compensation)
            } else {
                Ok(S::Proposed)
            }
        }
        (S::Proposed, Step::Answer { accepted: true }) => Ok(S::Accepted),
        (S::Proposed, Step::Answer { accepted: false }) if facts.supervised => Ok(S::Supervised),
        (S::Proposed, Step::Answer { accepted: false }) => Ok(S::Reported),
        (S::Accepted, Step::Resolve) => Ok(S::Resolved),
        (S::Resolved, Step::FollowUp(o)) => Ok(match o {
            VisitOutcome::Satisfied | VisitOutcome::NewProblem => S::Closed,
            // Reopened with a new supervision order.
            VisitOutcome::NotSatisfied | VisitOutcome::NotDone => S::Supervised,
        }),
        _ => not_now,
    }
}

/// A follow-up outcome that reopens the complaint (it needs a new supervision order).
pub fn reopens(o: VisitOutcome) -> bool {
    matches!(o, VisitOutcome::NotSatisfied | VisitOutcome::NotDone)
}

#[cfg(test)]
mod tests {
    use super::*;
    use VisitOutcome as O;

    fn all_steps() -> Vec<Step> {
        let mut v = vec![
            Step::Report,
            Step::Supervise,
            Step::Propose {
                compensation: false,
            },
            Step::Propose { compensation: true },
            Step::Answer { accepted: true },
            Step::Answer { accepted: false },
            Step::Resolve,
        ];
        v.extend(O::ALL.iter().map(|o| Step::FollowUp(*o)));
        v
    }

    /// Every stage against every step: the allowed moves and where they lead; every
    /// other pair is refused.
    #[test]
    fn the_table_of_every_move() {
        let advisor = Facts {
            supervised: true,
            may_compensate: false,
        };
        let allowed: &[(S, Step, S)] = &[
            (S::Received, Step::Report, S::Reported),
            (S::Reported, Step::Supervise, S::Supervised),
            (S::Supervised, Step::Supervise, S::Supervised),
            (
                S::Reported,
                Step::Propose {
                    compensation: false,
                },
                S::Proposed,
            ),
            (
                S::Supervised,
                Step::Propose {
                    compensation: false,
                },
                S::Proposed,
            ),
            (S::Proposed, Step::Answer { accepted: true }, S::Accepted),
            (S::Proposed, Step::Answer { accepted: false }, S::Supervised),
            (S::Accepted, Step::Resolve, S::Resolved),
            (S::Resolved, Step::FollowUp(O::Satisfied), S::Closed),
            (S::Resolved, Step::FollowUp(O::NewProblem), S::Closed),
            (S::Resolved, Step::FollowUp(O::NotSatisfied), S::Supervised),
            (S::Resolved, Step::FollowUp(O::NotDone), S::Supervised),
        ];
        for stage in S::ALL {
            for step in all_steps() {
                let want = allowed
                    .iter()
                    .find(|(s, st, _)| s == stage && *st == step)
                    .map(|(_, _, to)| *to);
                let got = next(*stage, step, advisor);
                match want {
                    Some(to) => assert_eq!(got, Ok(to), "{stage:?} {step:?}"),
                    None if matches!(step, Step::Propose { compensation: true })
                        && matches!(stage, S::Reported | S::Supervised) =>
                    {
                        assert_eq!(got, Err(Refusal::Compensation), "{stage:?}")
                    }
                    None => assert_eq!(
                        got,
                        Err(Refusal::NotNow { stage: *stage }),
                        "{stage:?} {step:?}"
                    ),
                }
            }
        }
    }

    #[test]
    fn compensation_is_for_supervisors_and_a_refusal_goes_back_to_where_it_came_from() {
        let sup = Facts {
            supervised: false,
            may_compensate: true,
        };
        assert_eq!(
            next(S::Reported, Step::Propose { compensation: true }, sup),
            Ok(S::Proposed)
        );
        assert_eq!(
            next(S::Proposed, Step::Answer { accepted: false }, sup),
            Ok(S::Reported)
        );
        assert!(reopens(O::NotDone) && reopens(O::NotSatisfied));
        assert!(!reopens(O::Satisfied) && !reopens(O::NewProblem));
    }
}
