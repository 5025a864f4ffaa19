//! The demo's complaints, in every stage.

use super::*;

impl Planner {
    pub(super) fn complaints(&mut self) {
        use ComplaintStage as St;
        #[derive(Clone, Copy, PartialEq)]
        enum Report {
            No,
            OnTime,
            Late,
        }
        // (target stage, age in hours lo..hi, escalated, reported, category)
        let specs: [(St, i64, i64, bool, Report, ComplaintCategory); 18] = [
            (
                St::Received,
                0,
                0,
                false,
                Report::No,
                ComplaintCategory::Waiting,
            ),
            (
                St::Received,
                2,
                5,
                false,
                Report::No,
                ComplaintCategory::Attitude,
            ),
            (
                St::Received,
                3,
                6,
                false,
                Report::OnTime,
                ComplaintCategory::Price,
            ),
            (
                St::Reported,
                24,
                48,
                false,
                Report::OnTime,
                ComplaintCategory::Price,
            ),
            (
                St::Reported,
                5,
                10,
                true,
                Report::OnTime,
                ComplaintCategory::Appointment,
            ),
            (
                St::Proposed,
                24,
                72,
                false,
                Report::OnTime,
                ComplaintCategory::Quality,
            ),
            (
                St::Proposed,
                48,
                96,
                true,
                Report::OnTime,
                ComplaintCategory::Parts,
            ),
            (
                St::Accepted,
                80,
                110,
                true,
                Report::OnTime,
                ComplaintCategory::Quality,
            ),
            (
                St::Accepted,
                24,
                48,
                true,
                Report::OnTime,
                ComplaintCategory::Parts,
            ),
            (
                St::Accepted,
                48,
                72,
                false,
                Report::Late,
                ComplaintCategory::Waiting,
            ),
            (
                St::Resolved,
                72,
                144,
                true,
                Report::OnTime,
                ComplaintCategory::Price,
            ),
            (
                St::Resolved,
                48,
                96,
                false,
                Report::OnTime,
                ComplaintCategory::Attitude,
            ),
            (
                St::Resolved,
                120,
                240,
                false,
                Report::OnTime,
                ComplaintCategory::Quality,
            ),
            (
                St::Resolved,
                144,
                288,
                true,
                Report::OnTime,
                ComplaintCategory::Other,
            ),
            (
                St::Closed,
                360,
                960,
                false,
                Report::OnTime,
                ComplaintCategory::Quality,
            ),
            (
                St::Closed,
                240,
                720,
                true,
                Report::Late,
                ComplaintCategory::Price,
            ),
            (
                St::Closed,
                480,
                1200,
                false,
                Report::OnTime,
                ComplaintCategory::Waiting,
            ),
            (
                St::Reported,
                24,
                72,
                true,
                Report::OnTime,
                ComplaintCategory::Quality,
            ),
        ];
        const PARENT: usize = 14;
        const REOPENED: usize = 15;
        const CHILD: usize = 17;
        for (i, (target, lo, hi, escalate, report, category)) in specs.into_iter().enumerate() {
            let received_at = if hi == 0 {
                self.now - minutes(self.range(20, 40))
            } else {
                // Moved back into opening hours: still at least as old as planned.
                let t = self.now - minutes(self.range(lo * 60, hi * 60));
                let hour = self.local_hour(t);
                if (9..18).contains(&hour) {
                    t
                } else {
                    let day = self.local_day(t) - Duration::days(i64::from(hour < 9));
                    self.random_time(day, 9, 17).min(t)
                }
            };
            let received_by = self.advisor();
            let (description, desired) = match category {
                ComplaintCategory::Attitude => (
                    "接待顾问态度冷淡，等了二十分钟没人理 / Advisor was dismissive; 20 minutes unattended",
                    "道歉并改进接待 / An apology and better reception",
                ),
                ComplaintCategory::Quality => (
                    "修完后三天同样的异响又出现 / Same noise back three days after the repair",
                    "免费返修并书面说明原因 / Free rework and a written explanation",
                ),
                ComplaintCategory::Price => (
                    "结算比预估高出400元，事先没有电话确认 / Bill 400 yuan above the estimate without phone approval",
                    "退还多收费用 / Refund the overcharge",
                ),
                ComplaintCategory::Waiting => (
                    "承诺下午四点交车，六点还没修好 / Promised for 16:00, not ready at 18:00",
                    "说明延误原因并补偿 / Explain the delay and compensate",
                ),
                ComplaintCategory::Parts => (
                    "配件等了两周还没到货 / Parts still not in after two weeks",
                    "给出确定的到货时间 / A firm arrival date",
                ),
                ComplaintCategory::Appointment => (
                    "预约了九点，到店后说没有预约记录 / Booked for 9:00 but no booking on record",
                    "今后预约要可靠 / Reliable bookings from now on",
                ),
                ComplaintCategory::Other => (
                    "洗车后车内有水渍 / Water stains inside after the wash",
                    "重新清洁内饰 / Clean the interior again",
                ),
            };
            let nature = match category {
                ComplaintCategory::Attitude | ComplaintCategory::Waiting => *pick(
                    &mut self.rng,
                    &[ComplaintNature::Vent, ComplaintNature::Solve],
                ),
                ComplaintCategory::Appointment | ComplaintCategory::Other => {
                    ComplaintNature::Expectation
                }
                _ => ComplaintNature::Solve,
            };
            let channel = *pick(
                &mut self.rng,
                &[
                    ComplaintChannel::Counter,
                    ComplaintChannel::Counter,
                    ComplaintChannel::Phone,
                    ComplaintChannel::Phone,
                    ComplaintChannel::Letter,
                    ComplaintChannel::CommentBook,
                    ComplaintChannel::ManagerDay,
                    ComplaintChannel::Regulator,
                    ComplaintChannel::OtherDepartment,
                ],
            );
            let place = match channel {
                ComplaintChannel::Counter => "前台接待区 / Reception counter",
                ComplaintChannel::Phone => "服务热线 / Service hotline",
                ComplaintChannel::ManagerDay => "经理接待日 / Manager's reception day",
                _ => "书面 / In writing",
            };
            // Link to a delivered order of the customer when the complaint is about one.
            let (mut customer, mut vehicle, mut repair_order) = (None, None, None);
            if i == CHILD {
                let p = &self.cps[PARENT].new;
                (customer, vehicle) = (p.customer_id, p.vehicle_id);
            } else if matches!(
                category,
                ComplaintCategory::Quality | ComplaintCategory::Price | ComplaintCategory::Waiting
            ) {
                let candidates: Vec<usize> = (0..self.ros.len())
                    .filter(|&r| {
                        self.ros[r].final_state == RepairOrderState::Delivered
                            && self.ros[r].done_at < received_at - Duration::hours(1)
                    })
                    .collect();
                if !candidates.is_empty() {
                    let r = candidates[self.rng.random_range(0..candidates.len())];
                    let v = self.ros[r].vehicle;
                    repair_order = Some(r as i64);
                    vehicle = Some(v as i64);
                    customer = Some(self.vehicles[v].customer as i64);
                }
            }
            if customer.is_none() && self.chance(0.8) {
                let v = self.rng.random_range(0..self.vehicles.len());
                vehicle = Some(v as i64);
                customer = Some(self.vehicles[v].customer as i64);
            }
            let people = format!(
                "客户本人；接待：{} / Customer; received by {}",
                STAFF[received_by].1, STAFF[received_by].1
            );
            let idx = self.cps.len();
            self.cps.push(CpPlan {
                // Indices into the plan for now; replaced by ids when executed.
                new: NewComplaint {
                    received_at,
                    channel,
                    place: Some(place.to_string()),
                    people: Some(people),
                    description: description.to_string(),
                    desired_result: Some(desired.to_string()),
                    customer_id: customer,
                    vehicle_id: vehicle,
                    repair_order_id: repair_order,
                    parent_id: (i == CHILD).then_some(PARENT as i64),
                    nature,
                    category,
                    severity: match category {
                        ComplaintCategory::Quality | ComplaintCategory::Parts => {
                            ComplaintSeverity::Serious
                        }
                        ComplaintCategory::Other => ComplaintSeverity::Minor,
                        _ => ComplaintSeverity::Normal,
                    },
                    // A letter without a customer on file gives an address to answer.
                    contact: (customer.is_none() && channel == ComplaintChannel::Letter)
                        .then(|| "来信地址 / Letter's return address".to_string()),
                    received_by: None,
                    new_customer: None,
                },
            });
            let recorded = (received_at + minutes(self.range(1, 8))).min(self.now);
            self.push(recorded, received_by, Act::CpCreate(idx));

            // The steps, then squeezed into the time between recording and now.
            let dept = match category {
                ComplaintCategory::Quality => "车间 / Workshop",
                ComplaintCategory::Parts => "配件部 / Parts department",
                ComplaintCategory::Price => "财务部 / Finance",
                _ => "客服中心 / Customer service center",
            };
            let mut steps: Vec<(i64, usize, CpStep)> = Vec::new();
            match report {
                Report::No => {}
                Report::OnTime => steps.push((self.range(10, 45), received_by, CpStep::Report)),
                Report::Late => steps.push((self.range(70, 110), received_by, CpStep::Report)),
            }
            let order = [St::Proposed, St::Accepted, St::Resolved, St::Closed];
            // A complaint reported in time reaches its target; one never reported stays
            // received.
            let reach = if report == Report::No {
                0
            } else {
                order.iter().position(|s| *s == target).map_or(0, |p| p + 1)
            };
            if escalate && report != Report::No {
                steps.push((
                    self.range(30, 240),
                    MANAGER,
                    CpStep::Supervise {
                        department: dept,
                        hours: 24,
                    },
                ));
            }
            for stage in &order[..reach] {
                match stage {
                    St::Proposed => steps.push((
                        self.range(120, 1200),
                        MANAGER,
                        CpStep::Propose {
                            compensation: category == ComplaintCategory::Quality,
                        },
                    )),
                    St::Accepted => {
                        steps.push((self.range(30, 300), MANAGER, CpStep::Answer(true)))
                    }
                    St::Resolved => steps.push((
                        self.range(60, 1200),
                        if escalate { MANAGER } else { received_by },
                        CpStep::Resolve,
                    )),
                    St::Closed => {
                        // One of the closed ones was reopened once: not satisfied on the
                        // first visit, satisfied on the second.
                        if i == REOPENED {
                            steps.push((
                                self.range(1440, 4320),
                                received_by,
                                CpStep::FollowUp(VisitOutcome::NotSatisfied, Some(dept)),
                            ));
                            steps.push((
                                self.range(240, 1200),
                                MANAGER,
                                CpStep::Propose { compensation: true },
                            ));
                            steps.push((self.range(30, 300), MANAGER, CpStep::Answer(true)));
                            steps.push((self.range(60, 1200), MANAGER, CpStep::Resolve));
                        }
                        steps.push((
                            self.range(1440, 4320),
                            received_by,
                            CpStep::FollowUp(VisitOutcome::Satisfied, None),
                        ));
                    }
                    _ => {}
                }
            }
            // Escalated without a stage past accepted (none in the table) would still get
            // its order; keep the overdue-72 h case: escalated, in progress, no reply.
            let total: i64 = steps.iter().map(|s| s.0).sum();
            let room = (self.now - recorded).num_minutes() - 5;
            let mut t = recorded;
            for (after, actor, step) in steps {
                let after = if total > room && total > 0 {
                    (after * room / total).max(1)
                } else {
                    after
                };
                t += minutes(after);
                let t = t.min(self.now);
                self.push(t, actor, Act::CpStep { cp: idx, step });
            }
        }
    }
}
