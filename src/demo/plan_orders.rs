//! The demo's repair orders: walk-arounds, job lines and each order's way through the
//! workshop — dispatched, each job's clock, added work approved by phone or declined, the
//! three checks (sometimes failed once), the wash, the settlement and the follow-up calls.

use super::*;

/// A point on an order's way, timed by the plan.
#[derive(Clone, PartialEq, Eq)]
pub(super) enum Milestone {
    Cancel(&'static str),
    Dispatch,
    /// The first job starts.
    Start,
    /// The first job stops for a part.
    PartsPause,
    /// Worn pads found: the job stops, the line is proposed.
    AskApproval,
    /// Worn wipers found: the job stops, the line is proposed.
    ExtraAsk,
    /// The customer answers on the phone; the job goes on.
    ExtraAnswer,
    /// Every job finished: to the quality check.
    SubmitQc,
    /// The self-check and the team leader's (the final inspection still to come).
    Checks,
    /// The self-check, the team leader's and the final inspection: to the wash.
    FinalPass,
    Ready(String),
    Deliver,
}

impl Milestone {
    /// The state a plan aiming at it stops in.
    fn reaches(&self) -> Option<RepairOrderState> {
        use RepairOrderState as S;
        Some(match self {
            Milestone::Cancel(_) => S::Cancelled,
            Milestone::Dispatch => S::Dispatched,
            Milestone::Start => S::InRepair,
            Milestone::PartsPause => S::WaitingParts,
            Milestone::AskApproval => S::WaitingApproval,
            Milestone::SubmitQc => S::QualityCheck,
            Milestone::FinalPass => S::Wash,
            Milestone::Ready(_) => S::Ready,
            Milestone::Deliver => S::Delivered,
            Milestone::ExtraAsk | Milestone::ExtraAnswer | Milestone::Checks => return None,
        })
    }
}

impl Planner {
    pub(super) fn walkaround(&mut self) -> NewWalkaround {
        let mut damage = Vec::new();
        if self.chance(0.35) {
            for _ in 0..self.range(1, 2) {
                let zone = pick(&mut self.rng, DAMAGE_ZONES).to_string();
                let kind = *pick(
                    &mut self.rng,
                    &[
                        DamageKind::Scratch,
                        DamageKind::Scratch,
                        DamageKind::Dent,
                        DamageKind::Crack,
                    ],
                );
                let note = if self.chance(0.5) {
                    Some(pick(&mut self.rng, DAMAGE_NOTES).to_string())
                } else {
                    None
                };
                damage.push((zone, kind, note));
            }
        }
        NewWalkaround {
            fuel_level: *pick(&mut self.rng, FuelLevel::ALL),
            warning_lights: if self.chance(0.15) {
                "发动机故障灯 / engine warning light".into()
            } else {
                String::new()
            },
            tools_present: self.chance(0.9),
            lighter_present: self.chance(0.7),
            valuables_removed: self.chance(0.95),
            return_old_parts: self.chance(0.3),
            wash: self.chance(0.7),
            engine_bay_clean: self.chance(0.15),
            note: if self.chance(0.1) {
                Some("客户车内留有儿童座椅 / Child seat left in the car".into())
            } else {
                None
            },
            damage,
        }
    }

    /// The milestones from `written` to `target`: (minutes after the previous one, what
    /// happens). The shop's main generator times them; [`Self::order`] fills each in with
    /// the workshop's actions.
    pub(super) fn chain(&mut self, target: RepairOrderState, job: usize) -> Vec<(i64, Milestone)> {
        use RepairOrderState as S;
        if target == S::Written {
            return Vec::new();
        }
        if target == S::Cancelled {
            return vec![(
                self.range(10, 40),
                Milestone::Cancel("客户不同意报价，取消维修 / Customer declined the estimate"),
            )];
        }
        let mut out = vec![
            (self.range(4, 14), Milestone::Dispatch),
            (self.range(5, 20), Milestone::Start),
        ];
        match target {
            S::Dispatched | S::InRepair => {}
            S::WaitingParts => out.push((self.range(20, 60), Milestone::PartsPause)),
            S::WaitingApproval => out.push((self.range(20, 60), Milestone::AskApproval)),
            _ => {
                if self.chance(0.25) {
                    out.push((self.range(20, 60), Milestone::ExtraAsk));
                    out.push((self.range(10, 40), Milestone::ExtraAnswer));
                }
                out.push((JOBS[job].minutes + self.range(0, 40), Milestone::SubmitQc));
                out.push((self.range(10, 25), Milestone::FinalPass));
                let spot = format!("B-{:02}", self.range(1, 12));
                out.push((self.range(10, 20), Milestone::Ready(spot)));
                out.push((self.range(20, 150), Milestone::Deliver));
            }
        }
        if let Some(pos) = out.iter().position(|(_, m)| m.reaches() == Some(target)) {
            out.truncate(pos + 1);
        }
        if target == S::QualityCheck {
            // Some of the levels passed already.
            out.push((4, Milestone::Checks));
        }
        out
    }

    /// The workshop's actions of milestone `m` at `t` (the previous one at `prev`), each
    /// (time, who, action, the order's state after it), in order; none is after `t`.
    #[allow(clippy::too_many_arguments)]
    fn expand(
        &mut self,
        idx: usize,
        m: Milestone,
        prev: DateTime<Utc>,
        t: DateTime<Utc>,
        technician: usize,
        advisor: usize,
        job: usize,
    ) -> Vec<(DateTime<Utc>, usize, Work, RepairOrderState)> {
        use RepairOrderState as S;
        let labour: Vec<usize> = JOBS[job]
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.0 == LineKind::Labour)
            .map(|(i, _)| i + 1)
            .collect();
        let first = labour[0];
        let extra_position = JOBS[job].lines.len() + 1;
        let job_act = |position, action| Work::Job { position, action };
        match m {
            Milestone::Cancel(note) => vec![(t, advisor, Work::Cancel(note), S::Cancelled)],
            Milestone::Dispatch => {
                let bay = format!("{}号工位", self.range(1, 8));
                vec![(
                    t,
                    SUPERVISOR,
                    Work::Dispatch { technician, bay },
                    S::Dispatched,
                )]
            }
            Milestone::Start => {
                vec![(t, technician, job_act(first, JobAction::Start), S::InRepair)]
            }
            Milestone::PartsPause => vec![(
                t,
                technician,
                job_act(first, JobAction::Pause(PauseReason::Parts)),
                S::WaitingParts,
            )],
            Milestone::AskApproval | Milestone::ExtraAsk => {
                let extra = if m == Milestone::AskApproval {
                    Extra::Pads
                } else {
                    Extra::Wipers
                };
                vec![
                    (
                        t - minutes(3),
                        technician,
                        job_act(first, JobAction::Pause(PauseReason::Approval)),
                        S::WaitingApproval,
                    ),
                    (t, advisor, Work::Propose(extra), S::WaitingApproval),
                ]
            }
            Milestone::ExtraAnswer => {
                // At least one declined line stays on a vehicle for its next visit.
                let declined = self.declined == 0 || self.work.random_bool(0.3);
                vec![
                    (
                        t - minutes(1),
                        advisor,
                        Work::Answer {
                            position: extra_position,
                            declined,
                        },
                        S::WaitingApproval,
                    ),
                    (
                        t,
                        technician,
                        job_act(first, JobAction::Resume),
                        S::InRepair,
                    ),
                ]
            }
            Milestone::SubmitQc => {
                // The jobs one after another from the last milestone to this one.
                let n = labour.len() as i32;
                let seg = (t - prev) / (n + 1);
                let mut out = Vec::new();
                for (k, &pos) in labour.iter().enumerate() {
                    let k = k as i32;
                    if k > 0 {
                        out.push((
                            prev + seg * k,
                            technician,
                            job_act(pos, JobAction::Start),
                            S::InRepair,
                        ));
                    }
                    out.push((
                        prev + seg * (k + 1),
                        technician,
                        job_act(pos, JobAction::Finish),
                        S::InRepair,
                    ));
                }
                out.push((t, technician, Work::SubmitQc, S::QualityCheck));
                out
            }
            Milestone::Checks => vec![
                (
                    prev + minutes(2),
                    technician,
                    Work::Qc {
                        checker: technician,
                        passed: true,
                    },
                    S::QualityCheck,
                ),
                (
                    t,
                    SUPERVISOR,
                    Work::Qc {
                        checker: SUPERVISOR,
                        passed: true,
                    },
                    S::QualityCheck,
                ),
            ],
            Milestone::FinalPass => {
                let d = t - prev;
                let at = |f: i32| prev + d * f / 20;
                let qc = |checker, passed| Work::Qc { checker, passed };
                let mut out = vec![
                    (at(4), technician, qc(technician, true), S::QualityCheck),
                    (at(8), SUPERVISOR, qc(SUPERVISOR, true), S::QualityCheck),
                ];
                if self.work.random_bool(0.15) {
                    // The final inspection finds the job not right: back to repair, a
                    // second round of all three checks.
                    out.extend([
                        (at(10), MANAGER, qc(MANAGER, false), S::InRepair),
                        (
                            at(11),
                            technician,
                            job_act(first, JobAction::Resume),
                            S::InRepair,
                        ),
                        (
                            at(14),
                            technician,
                            job_act(first, JobAction::Finish),
                            S::InRepair,
                        ),
                        (at(15), technician, Work::SubmitQc, S::QualityCheck),
                        (at(16), technician, qc(technician, true), S::QualityCheck),
                        (at(18), SUPERVISOR, qc(SUPERVISOR, true), S::QualityCheck),
                    ]);
                }
                out.push((t, MANAGER, qc(MANAGER, true), S::Wash));
                out
            }
            Milestone::Ready(spot) => vec![(
                t,
                SUPERVISOR,
                Work::Ready {
                    spot,
                    km_driven: self.work.random_range(3..=25),
                },
                S::Ready,
            )],
            Milestone::Deliver => {
                let discount_pct =
                    if self.ros[idx].comeback_of.is_none() && self.work.random_bool(0.2) {
                        *pick(&mut self.work, &[5, 10])
                    } else {
                        0
                    };
                vec![(t, advisor, Work::Deliver { discount_pct }, S::Delivered)]
            }
        }
    }

    /// The follow-up calls of an order delivered at `delivered`: from the day they are due
    /// (three days after the local delivery day), one a day until someone answers or the
    /// third try; none on the day they fall due today (the counter calls later), none
    /// after now.
    fn follow_up(&mut self, idx: usize, advisor: usize, delivered: DateTime<Utc>) {
        let due = self.local_day(delivered)
            + Duration::days(crate::domain::workshop::DEFAULT_FOLLOW_UP_DAYS);
        let mut day = due;
        for _ in 0..crate::domain::workshop::DEFAULT_FOLLOW_UP_TRIES {
            if day >= self.today {
                return;
            }
            let h = self.work.random_range(10..=16);
            let m = self.work.random_range(0..60);
            let at = self.at(day, h, m);
            if at > self.now {
                return;
            }
            let call = if self.work.random_bool(0.7) {
                let result = *pick(&mut self.work, &[5, 5, 5, 4, 4, 3]);
                let staff = *pick(&mut self.work, &[5, 5, 4, 4, 3]);
                let remark = *pick(&mut self.work, FOLLOW_UP_REMARKS);
                CallPlan::Reached {
                    result,
                    staff,
                    remark,
                }
            } else {
                CallPlan::NotReached
            };
            self.push(at, advisor, Act::Work(idx, Work::Call(call)));
            if call != CallPlan::NotReached {
                return;
            }
            day += Duration::days(1);
        }
    }

    /// Plans one repair order written at `t0`; actions after `now` are left out, so the
    /// order ends in the state its last action left it. Returns its index.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn order(
        &mut self,
        vehicle: usize,
        advisor: usize,
        technician: usize,
        job: usize,
        t0: Option<DateTime<Utc>>,
        target: RepairOrderState,
        appointment: Option<usize>,
        comeback_of: Option<usize>,
    ) -> usize {
        let steps = self.chain(target, job);
        // Without a start time: long enough ago for the chain to reach `target` by now.
        let total: i64 = steps.iter().map(|s| s.0).sum();
        let t0 = match t0 {
            Some(t) => t,
            None => self.start_before_now(total),
        };
        let labour = JOBS[job].minutes;
        let mut promised = t0 + minutes(labour + self.range(60, 120));
        // Round up to the half hour; past 18:00 becomes tomorrow noon.
        let local = self.zone.to_local(promised);
        let extra = (30 - i64::from(local.minute()) % 30) % 30;
        promised += minutes(extra) - Duration::seconds(i64::from(local.second()));
        if self.local_hour(promised) >= 18 {
            promised = self.at(self.local_day(promised) + Duration::days(1), 12, 0);
        }
        let warranty = JOBS[job].lines.iter().all(|l| l.4);
        let payment = if warranty {
            PaymentMethod::Warranty
        } else {
            *pick(
                &mut self.rng,
                &[
                    PaymentMethod::WeChat,
                    PaymentMethod::WeChat,
                    PaymentMethod::WeChat,
                    PaymentMethod::Alipay,
                    PaymentMethod::Alipay,
                    PaymentMethod::Card,
                    PaymentMethod::Card,
                    PaymentMethod::Cash,
                    PaymentMethod::Transfer,
                ],
            )
        };
        let waiting = if labour <= 60 && self.chance(0.6) {
            WaitingMode::Lounge
        } else {
            WaitingMode::Leave
        };
        let phone = self.customers[self.vehicles[vehicle].customer]
            .new
            .phone
            .clone();
        let contact = if self.chance(0.3) {
            Some("微信 / WeChat".to_string())
        } else {
            phone
        };
        let idx = self.ros.len();
        let walkaround = self.walkaround();
        let signed = target != RepairOrderState::Written || self.chance(0.5);
        let plan = RoPlan {
            vehicle,
            appointment,
            advisor,
            technician,
            comeback_of,
            job,
            odo_delta: self.range(200, 2_500),
            promised_at: promised,
            waiting,
            payment,
            contact,
            signed,
            next_service: matches!(job, 0 | 1 | 12),
            walkaround,
            final_state: RepairOrderState::Written,
            done_at: t0,
        };
        self.ros.push(plan);
        self.push(t0, advisor, Act::RoCreate(idx));
        let mut t = t0;
        let mut state = RepairOrderState::Written;
        let mut delivered = None;
        'steps: for (after, m) in steps {
            let prev = t;
            t += minutes(after);
            let reached = t <= self.now;
            // The checks before the final inspection happen while it is still ahead.
            if !reached && !matches!(m, Milestone::FinalPass | Milestone::Checks) {
                break;
            }
            for (at, who, work, after) in self.expand(idx, m, prev, t, technician, advisor, job) {
                if at > self.now {
                    break 'steps;
                }
                if let Work::Answer { declined: true, .. } = work {
                    self.declined += 1;
                }
                if after == RepairOrderState::Delivered {
                    delivered = Some(at);
                }
                self.push(at, who, Act::Work(idx, work));
                state = after;
            }
            self.ros[idx].done_at = t;
        }
        self.ros[idx].final_state = state;
        if let Some(at) = delivered {
            self.follow_up(idx, advisor, at);
        }
        if state.is_open() {
            self.busy.insert(vehicle);
        }
        idx
    }

    /// The order written when an appointment car is checked in.
    pub(super) fn appointment_order(&mut self, appt: usize, t0: DateTime<Utc>) {
        let a = &self.appts[appt];
        let (vehicle, job, day) = (a.vehicle, a.job, a.day);
        let advisor = a.advisor.unwrap_or(a.booked_by);
        let technician = self.technician();
        let yesterday = self.today - Duration::days(1);
        let target = if day < yesterday {
            if self.chance(0.93) {
                RepairOrderState::Delivered
            } else {
                RepairOrderState::Cancelled
            }
        } else if day == yesterday && self.chance(0.5) {
            RepairOrderState::Delivered
        } else {
            *pick(
                &mut self.rng,
                &[
                    RepairOrderState::InRepair,
                    RepairOrderState::WaitingParts,
                    RepairOrderState::QualityCheck,
                    RepairOrderState::Wash,
                    RepairOrderState::Ready,
                    RepairOrderState::Delivered,
                ],
            )
        };
        self.order(
            vehicle,
            advisor,
            technician,
            job,
            Some(t0),
            target,
            Some(appt),
            None,
        );
    }

    pub(super) fn free_vehicle(&mut self) -> usize {
        loop {
            let v = self.rng.random_range(0..self.vehicles.len());
            if !self.busy.contains(&v) {
                return v;
            }
        }
    }

    /// A time `total` minutes (plus some slack) before now, moved back into opening hours.
    /// Today when there is room between opening and now, else yesterday.
    pub(super) fn start_before_now(&mut self, total: i64) -> DateTime<Utc> {
        let latest = self.now - minutes(total + 5);
        let opening = self.at(self.local_day(latest), 8, 0);
        let hour = self.local_hour(latest);
        if hour < 17 && latest >= opening {
            let room = (latest - opening).num_minutes().min(90);
            return latest - minutes(self.range(0, room));
        }
        let day = self.local_day(latest) - Duration::days(i64::from(latest < opening));
        let t0 = self.random_time(day, 9, 14);
        t0.min(latest)
    }

    pub(super) fn repair_orders(&mut self) {
        // History: delivered orders of the past 60 days; the first two are the ones that
        // come back.
        let mut comeback_sources = Vec::new();
        for k in 0..12 {
            let days_ago = if k < 2 {
                self.range(6, 20)
            } else {
                self.range(4, 60)
            };
            let day = self.today - Duration::days(days_ago);
            let t0 = self.random_time(day, 8, 10);
            let vehicle = if k < 2 {
                self.free_vehicle()
            } else {
                self.rng.random_range(0..self.vehicles.len())
            };
            let job = self.any_job(vehicle);
            let job = if k < 2 {
                *pick(&mut self.rng, &[2, 4, 8, 11])
            } else {
                job
            };
            let advisor = self.advisor();
            let technician = self.technician();
            let idx = self.order(
                vehicle,
                advisor,
                technician,
                job,
                Some(t0),
                RepairOrderState::Delivered,
                None,
                None,
            );
            if k < 2 {
                self.busy.insert(vehicle);
                comeback_sources.push(idx);
            }
        }
        // A cancelled order from last month.
        let t0 = self.at(self.today - Duration::days(11), 10, 20);
        let v = self.rng.random_range(0..self.vehicles.len());
        let job = self.any_job(v);
        let advisor = self.advisor();
        self.order(
            v,
            advisor,
            4,
            job,
            Some(t0),
            RepairOrderState::Cancelled,
            None,
            None,
        );

        // Comebacks: back to the original technician, with priority.
        for (k, src) in comeback_sources.into_iter().enumerate() {
            let target = [RepairOrderState::InRepair, RepairOrderState::Dispatched][k];
            let (vehicle, technician) = (self.ros[src].vehicle, self.ros[src].technician);
            let advisor = self.ros[src].advisor;
            self.order(
                vehicle,
                advisor,
                technician,
                JOB_COMEBACK,
                None,
                target,
                None,
                Some(src),
            );
        }

        // Walk-ins until every state has at least two orders.
        for _ in 0..100 {
            let missing = RepairOrderState::ALL.iter().copied().find(|s| {
                let want = if *s == RepairOrderState::Written {
                    3
                } else {
                    2
                };
                self.ros.iter().filter(|r| r.final_state == *s).count() < want
            });
            let Some(target) = missing else { break };
            let vehicle = self.free_vehicle();
            let job = self.any_job(vehicle);
            let t0 = if target.is_open() {
                None
            } else {
                let day = self.today - Duration::days(1);
                Some(self.random_time(day, 9, 12))
            };
            let advisor = self.advisor();
            let technician = self.technician();
            self.order(vehicle, advisor, technician, job, t0, target, None, None);
        }
    }
}
