//! The demo's repair orders: walk-arounds, job lines and each order's way through the workshop.

use super::*;

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

    /// The steps from `written` to `target`: (minutes after the previous step, step, who).
    pub(super) fn chain(
        &mut self,
        target: RepairOrderState,
        job: usize,
    ) -> Vec<(i64, RoStep, Who)> {
        use RepairOrderState as S;
        let step = |to, note| RoStep {
            to,
            note,
            assign: None,
            spot: None,
        };
        if target == S::Written {
            return Vec::new();
        }
        if target == S::Cancelled {
            return vec![(
                self.range(10, 40),
                step(
                    S::Cancelled,
                    Some("客户不同意报价，取消维修 / Customer declined the estimate"),
                ),
                Who::Advisor,
            )];
        }
        let mut out = vec![
            (
                self.range(4, 14),
                step(S::Dispatched, None),
                Who::Supervisor,
            ),
            (self.range(5, 20), step(S::InRepair, None), Who::Technician),
        ];
        match target {
            S::Dispatched | S::InRepair => {}
            S::WaitingParts => out.push((
                self.range(20, 60),
                step(S::WaitingParts, Some("配件缺货，预计明天到 / Part out of stock, due tomorrow")),
                Who::Technician,
            )),
            S::WaitingApproval => out.push((
                self.range(20, 60),
                step(
                    S::WaitingApproval,
                    Some("发现刹车片磨损，等待客户同意追加 / Pads worn; waiting for the customer's OK to add the job"),
                ),
                Who::Advisor,
            )),
            _ => {
                if self.chance(0.25) {
                    out.push((
                        self.range(20, 60),
                        step(
                            S::WaitingApproval,
                            Some("追加项目：雨刮片老化 / Extra job: worn wiper blades"),
                        ),
                        Who::Advisor,
                    ));
                    out.push((
                        self.range(10, 40),
                        step(
                            S::InRepair,
                            Some("客户电话同意追加项目，已记录通话时间 / Customer approved by phone; call time noted"),
                        ),
                        Who::Advisor,
                    ));
                }
                out.push((
                    JOBS[job].minutes + self.range(0, 40),
                    step(S::QualityCheck, Some("自检、组长检完成 / Self and team-lead checks done")),
                    Who::Technician,
                ));
                out.push((
                    self.range(10, 25),
                    step(S::Wash, Some("终检合格 / Final inspection passed")),
                    Who::Supervisor,
                ));
                let spot = format!("B-{:02}", self.range(1, 12));
                out.push((
                    self.range(10, 20),
                    RoStep {
                        to: S::Ready,
                        note: None,
                        assign: None,
                        spot: Some(spot),
                    },
                    Who::Supervisor,
                ));
                out.push((
                    self.range(20, 150),
                    step(
                        S::Delivered,
                        Some("已结算，逐项解释费用 / Settled; each line explained"),
                    ),
                    Who::Advisor,
                ));
            }
        }
        if let Some(pos) = out.iter().position(|(_, s, _)| s.to == target) {
            out.truncate(pos + 1);
        }
        out
    }

    /// Plans one repair order written at `t0`; steps after `now` are left out, so the order
    /// ends in the last state reached by then. Returns its index.
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
        for (after, mut step, who) in steps {
            t += minutes(after);
            if t > self.now {
                break;
            }
            if step.to == RepairOrderState::Dispatched {
                let bay = format!("{}号工位", self.range(1, 8));
                step.assign = Some((technician, bay));
            }
            let actor = match who {
                Who::Advisor => advisor,
                Who::Technician => technician,
                Who::Supervisor => SUPERVISOR,
            };
            state = step.to;
            self.push(t, actor, Act::RoStep(idx, step));
            self.ros[idx].done_at = t;
        }
        self.ros[idx].final_state = state;
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
