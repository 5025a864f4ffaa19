//! The plan of the demo shop: its people, capacity and appointments, planned first and replayed later in time order.

use super::*;

pub(super) struct CustomerSpec {
    pub(super) new: NewCustomer,
    pub(super) advisor: usize,
}

pub(super) struct VehicleSpec {
    pub(super) customer: usize,
    pub(super) new: NewVehicle,
    pub(super) nev: bool,
    pub(super) premium: bool,
}

pub(super) struct ApptPlan {
    pub(super) vehicle: usize,
    pub(super) day: NaiveDate,
    pub(super) starts_at: DateTime<Utc>,
    pub(super) service: ServiceType,
    pub(super) job: usize,
    pub(super) est_minutes: i64,
    pub(super) advisor: Option<usize>,
    pub(super) booked_by: usize,
    pub(super) kind: AppointmentKind,
    pub(super) channel: AppointmentChannel,
    pub(super) parts: PartsStatus,
    pub(super) parts_expected_on: Option<NaiveDate>,
    pub(super) complaint_case: bool,
    pub(super) symptoms: Option<&'static str>,
    pub(super) note: Option<&'static str>,
    pub(super) state: AppointmentState,
}

pub(super) struct RoPlan {
    pub(super) vehicle: usize,
    pub(super) appointment: Option<usize>,
    pub(super) advisor: usize,
    pub(super) technician: usize,
    pub(super) comeback_of: Option<usize>,
    pub(super) job: usize,
    pub(super) odo_delta: i64,
    pub(super) promised_at: DateTime<Utc>,
    pub(super) waiting: WaitingMode,
    pub(super) payment: PaymentMethod,
    pub(super) contact: Option<String>,
    pub(super) signed: bool,
    pub(super) next_service: bool,
    pub(super) walkaround: NewWalkaround,
    pub(super) final_state: RepairOrderState,
    pub(super) done_at: DateTime<Utc>,
}

pub(super) struct CpPlan {
    pub(super) new: NewComplaint,
}

/// A proposed line the demo adds during the work.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Extra {
    /// Worn pads found on the way: the order waits for the customer.
    Pads,
    /// Worn wiper blades: approved by phone, or declined.
    Wipers,
}

/// How a follow-up call went, as planned.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum CallPlan {
    Reached {
        result: i64,
        staff: i64,
        remark: &'static str,
    },
    NotReached,
}

/// One workshop action on an order, replayed through `store::workshop`. Job lines are
/// named by their position on the order (1-based).
pub(super) enum Work {
    Dispatch {
        technician: usize,
        bay: String,
    },
    Job {
        position: usize,
        action: JobAction,
    },
    Propose(Extra),
    /// The customer's answer to the line at `position`: by phone, or declined.
    Answer {
        position: usize,
        declined: bool,
    },
    SubmitQc,
    Qc {
        checker: usize,
        passed: bool,
    },
    Ready {
        spot: String,
        km_driven: i64,
    },
    Deliver {
        discount_pct: i64,
    },
    Cancel(&'static str),
    Call(CallPlan),
}

pub(super) enum Act {
    Capacity(DayCapacity),
    ApptCreate(usize),
    ApptState(usize, AppointmentState),
    ApptReminder(usize, ReminderOutcome, Option<&'static str>),
    ApptReschedule { from: usize, to: usize },
    RoCreate(usize),
    Work(usize, Work),
    CpCreate(usize),
    CpStep { cp: usize, step: CpStep },
}

/// A step of a demo complaint, made into a [`crate::store::complaints::Action`] with
/// the demo's texts when it is replayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CpStep {
    Report,
    /// A supervision order to `department`, due `hours` later.
    Supervise {
        department: &'static str,
        hours: i64,
    },
    Propose {
        compensation: bool,
    },
    Answer(bool),
    Resolve,
    /// The visit; a reopening outcome names the new order's department.
    FollowUp(VisitOutcome, Option<&'static str>),
}

pub(super) struct Scheduled {
    pub(super) at: DateTime<Utc>,
    pub(super) seq: usize,
    pub(super) actor: usize,
    pub(super) act: Act,
}

pub(super) struct Planner {
    pub(super) rng: ChaCha8Rng,
    /// The workshop's details (job clocks, checks, settlements, calls) draw from their
    /// own generator, so the rest of the shop is planned as before them.
    pub(super) work: ChaCha8Rng,
    /// Lines declined so far (the demo keeps at least one on a vehicle).
    pub(super) declined: usize,
    pub(super) now: DateTime<Utc>,
    pub(super) zone: Zone,
    pub(super) today: NaiveDate,
    pub(super) customers: Vec<CustomerSpec>,
    pub(super) vehicles: Vec<VehicleSpec>,
    pub(super) appts: Vec<ApptPlan>,
    pub(super) ros: Vec<RoPlan>,
    pub(super) cps: Vec<CpPlan>,
    pub(super) acts: Vec<Scheduled>,
    /// Vehicles with an open order or an appointment today: no second open order.
    pub(super) busy: HashSet<usize>,
}

pub(super) fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

pub(super) fn minutes(m: i64) -> Duration {
    Duration::minutes(m)
}

impl Planner {
    pub(super) fn at(&self, day: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
        let naive = day.and_hms_opt(h, m, 0).expect("valid wall-clock time");
        self.zone
            .from_local(naive)
            .or_else(|| self.zone.from_local(naive + Duration::hours(1)))
            .unwrap_or_else(|| naive.and_utc())
    }

    /// A random minute between `h_lo`:00 and `h_hi`:59 local on `day`.
    pub(super) fn random_time(&mut self, day: NaiveDate, h_lo: i64, h_hi: i64) -> DateTime<Utc> {
        let (h, m) = (self.range(h_lo, h_hi) as u32, self.range(0, 59) as u32);
        self.at(day, h, m)
    }

    pub(super) fn local_day(&self, t: DateTime<Utc>) -> NaiveDate {
        self.zone.to_local(t).date_naive()
    }

    pub(super) fn local_hour(&self, t: DateTime<Utc>) -> u32 {
        self.zone.to_local(t).hour()
    }

    pub(super) fn push(&mut self, at: DateTime<Utc>, actor: usize, act: Act) {
        debug_assert!(at <= self.now, "demo action dated after now");
        let seq = self.acts.len();
        self.acts.push(Scheduled {
            at,
            seq,
            actor,
            act,
        });
    }

    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        self.rng.random_range(lo..=hi)
    }

    pub(super) fn advisor(&mut self) -> usize {
        self.rng.random_range(ADVISORS)
    }

    pub(super) fn technician(&mut self) -> usize {
        self.rng.random_range(TECHNICIANS)
    }

    // --- customers and vehicles --------------------------------------------------------

    pub(super) fn people(&mut self) {
        let mut names = HashSet::new();
        let mut phones = HashSet::new();
        for i in 0..CUSTOMERS {
            let english = i % 9 == 4;
            let male = self.chance(0.6);
            let (name, email) = loop {
                let (name, email) = if english {
                    let first = *pick(
                        &mut self.rng,
                        if male { ENGLISH_MALE } else { ENGLISH_FEMALE },
                    );
                    let last = *pick(&mut self.rng, ENGLISH_LAST);
                    (
                        format!("{first} {last}"),
                        Some(format!(
                            "{}.{}@example.com",
                            first.to_lowercase(),
                            last.to_lowercase()
                        )),
                    )
                } else {
                    let surname = match i {
                        7 | 61 => "欧阳",
                        33 => "司马",
                        _ => *pick(&mut self.rng, SURNAMES),
                    };
                    let given = *pick(&mut self.rng, if male { MALE_GIVEN } else { FEMALE_GIVEN });
                    let email = if self.chance(0.25) {
                        Some(format!("{}@qq.com", self.range(10_000_000, 2_999_999_999)))
                    } else {
                        None
                    };
                    (format!("{surname}{given}"), email)
                };
                if names.insert(name.clone()) {
                    break (name, email);
                }
            };
            let phone = loop {
                let p = format!("1{}{:09}", self.range(3, 9), self.range(0, 999_999_999));
                if phones.insert(p.clone()) {
                    break p;
                }
            };
            let note = if self.chance(0.12) {
                Some(pick(&mut self.rng, CUSTOMER_NOTES).to_string())
            } else {
                None
            };
            let advisor = i % ADVISORS.end;
            self.customers.push(CustomerSpec {
                new: NewCustomer {
                    name,
                    salutation: Some(if male { "mr" } else { "ms" }.to_string()),
                    phone: Some(phone),
                    email,
                    note,
                },
                advisor,
            });
        }
        let mut plates = HashSet::new();
        let mut owners: Vec<usize> = (0..CUSTOMERS).collect();
        for _ in 0..EXTRA_VEHICLES {
            owners.push(self.rng.random_range(0..CUSTOMERS));
        }
        let this_year = self.today.year();
        for customer in owners {
            let &(make, model, nev, vin_prefix) = pick(&mut self.rng, MODELS);
            let plate = loop {
                let region = *pick(&mut self.rng, REGIONS);
                let tail: String = if nev {
                    let kind = if self.chance(0.8) { 'D' } else { 'F' };
                    format!("{kind}{:05}", self.range(0, 99_999))
                } else {
                    (0..5)
                        .map(|k| {
                            if (k == 0 && self.chance(0.3)) || (k == 1 && self.chance(0.15)) {
                                *pick(&mut self.rng, PLATE_LETTERS) as char
                            } else {
                                char::from(b'0' + self.rng.random_range(0..10u8))
                            }
                        })
                        .collect()
                };
                let p = format!("{region}{tail}");
                if plates.insert(p.clone()) {
                    break p;
                }
            };
            let year = this_year - self.range(1, 11) as i32;
            // New-energy models are recent.
            let year = if nev { year.max(2019) } else { year };
            let age = i64::from(this_year - year);
            let km = (age * self.range(9_000, 18_000) + self.range(300, 5_000)).max(800);
            let vin = if self.chance(0.92) {
                let rest: String = (0..14)
                    .map(|_| *pick(&mut self.rng, VIN_CHARS) as char)
                    .collect();
                Some(format!("{vin_prefix}{rest}"))
            } else {
                None
            };
            let color = pick(&mut self.rng, COLORS).to_string();
            self.vehicles.push(VehicleSpec {
                customer,
                nev,
                premium: matches!(make, "宝马" | "奔驰" | "奥迪"),
                new: NewVehicle {
                    customer_id: 0,
                    plate,
                    plate_flagged: false,
                    vin,
                    make: Some(make.to_string()),
                    model: Some(model.to_string()),
                    year: Some(year),
                    color: Some(color),
                    last_odometer_km: Some(km),
                },
            });
        }
    }

    pub(super) fn job_for(&mut self, service: ServiceType, vehicle: usize) -> usize {
        let nev = self.vehicles[vehicle].nev;
        match service {
            ServiceType::Maintenance if nev => 12,
            ServiceType::Maintenance => *pick(&mut self.rng, &[0, 0, 1]),
            ServiceType::Repair if nev => *pick(&mut self.rng, &[2, 3, 4, 9, 11]),
            ServiceType::Repair => *pick(&mut self.rng, &[2, 3, 4, 7, 8, 11]),
            ServiceType::Warranty => 5,
            ServiceType::Recall => 6,
            ServiceType::Inspection => 10,
            ServiceType::Comeback => JOB_COMEBACK,
            ServiceType::Other if nev => 4,
            ServiceType::Other => *pick(&mut self.rng, &[4, 7]),
        }
    }

    pub(super) fn any_job(&mut self, vehicle: usize) -> usize {
        let service = *pick(
            &mut self.rng,
            &[
                ServiceType::Maintenance,
                ServiceType::Maintenance,
                ServiceType::Maintenance,
                ServiceType::Repair,
                ServiceType::Repair,
                ServiceType::Repair,
                ServiceType::Warranty,
                ServiceType::Inspection,
            ],
        );
        self.job_for(service, vehicle)
    }

    // --- appointments ------------------------------------------------------------------

    pub(super) fn capacity(&mut self) -> NaiveDate {
        let first = self.today - Duration::days(3);
        let closed = (0..7)
            .map(|d| self.today + Duration::days(d))
            .find(|d| d.weekday() == Weekday::Sun)
            .expect("a week has a Sunday");
        let set_at = self.now - Duration::days(10);
        for d in 0..10 {
            let day = first + Duration::days(d);
            self.push(
                set_at,
                MANAGER,
                Act::Capacity(DayCapacity::manual_default(day)),
            );
        }
        let mut c = DayCapacity::manual_default(closed);
        c.closed = true;
        c.note = Some("店休：举升机年检 / Closed: annual lift inspection".into());
        self.push(self.now - Duration::days(2), MANAGER, Act::Capacity(c));
        closed
    }

    pub(super) fn new_appt(
        &mut self,
        day: NaiveDate,
        slot: u32,
        vehicle: usize,
        service: ServiceType,
    ) -> ApptPlan {
        let (h, m) = (8 + (30 + slot * 30) / 60, (30 + slot * 30) % 60);
        let starts_at = self.at(day, h, m);
        let job = self.job_for(service, vehicle);
        let est_minutes = JOBS[job].minutes + 15 * self.range(0, 2);
        let advisor = if self.chance(0.7) {
            Some(self.customers[self.vehicles[vehicle].customer].advisor)
        } else {
            None
        };
        let booked_by = advisor.unwrap_or_else(|| self.advisor());
        let kind = if service == ServiceType::Maintenance && self.chance(0.5)
            || service == ServiceType::Recall
        {
            AppointmentKind::Active
        } else {
            AppointmentKind::Passive
        };
        let channel = *pick(
            &mut self.rng,
            &[
                AppointmentChannel::Phone,
                AppointmentChannel::Phone,
                AppointmentChannel::Phone,
                AppointmentChannel::Online,
                AppointmentChannel::Online,
                AppointmentChannel::Sms,
                AppointmentChannel::WalkUp,
            ],
        );
        let channel = if kind == AppointmentKind::Active && channel == AppointmentChannel::WalkUp {
            AppointmentChannel::Phone
        } else {
            channel
        };
        let (parts, parts_expected_on) = match service {
            ServiceType::Repair | ServiceType::Warranty | ServiceType::Recall => {
                if self.chance(0.3) {
                    (PartsStatus::Ordered, Some(day - Duration::days(1)))
                } else {
                    (PartsStatus::InStock, None)
                }
            }
            ServiceType::Maintenance => (PartsStatus::InStock, None),
            _ => (PartsStatus::NotNeeded, None),
        };
        let symptoms = match service {
            ServiceType::Maintenance => Some("保养到期 / Service due"),
            _ => Some(JOBS[job].customer_words),
        };
        let note = if self.chance(0.2) {
            Some(*pick(&mut self.rng, APPT_NOTES))
        } else {
            None
        };
        let state = if self.chance(0.3) {
            AppointmentState::Confirmed
        } else {
            AppointmentState::Booked
        };
        ApptPlan {
            vehicle,
            day,
            starts_at,
            service,
            job,
            est_minutes,
            advisor,
            booked_by,
            kind,
            channel,
            parts,
            parts_expected_on,
            complaint_case: service == ServiceType::Comeback,
            symptoms,
            note,
            state,
        }
    }

    pub(super) fn random_service(&mut self) -> ServiceType {
        *pick(
            &mut self.rng,
            &[
                ServiceType::Maintenance,
                ServiceType::Maintenance,
                ServiceType::Maintenance,
                ServiceType::Maintenance,
                ServiceType::Repair,
                ServiceType::Repair,
                ServiceType::Repair,
                ServiceType::Warranty,
                ServiceType::Inspection,
                ServiceType::Recall,
                ServiceType::Other,
            ],
        )
    }

    /// When the booking was taken: 1–5 days before, never after `now`.
    pub(super) fn booking_time(&mut self, day: NaiveDate) -> DateTime<Utc> {
        let lead = self.range(1, 5);
        let (h, m) = (self.range(9, 17) as u32, self.range(0, 59) as u32);
        let t = self.at(day - Duration::days(lead), h, m);
        let latest = self.now - minutes(self.range(5, 180));
        t.min(latest)
    }

    pub(super) fn appointments(&mut self, closed: NaiveDate) {
        let mut service_cycle = 0usize;
        let mut recent = HashSet::new();
        let mut past_cycle = 0usize;
        let open_future: Vec<NaiveDate> = (1..7)
            .map(|d| self.today + Duration::days(d))
            .filter(|d| *d != closed)
            .collect();
        for offset in -3i64..7 {
            let day = self.today + Duration::days(offset);
            let n = if day == closed {
                3
            } else if offset < 0 {
                self.range(8, 12) as usize
            } else {
                self.range(8, 14) as usize
            };
            let mut slots: Vec<u32> = (0..18).collect();
            slots.shuffle(&mut self.rng);
            let mut slots = slots[..n].to_vec();
            slots.sort_unstable();
            let mut used = HashSet::new();
            for slot in slots {
                // One car per day; none on both yesterday and today (no two open orders).
                let vehicle = loop {
                    let v = self.rng.random_range(0..self.vehicles.len());
                    if (offset != -1 && offset != 0 || !recent.contains(&v)) && used.insert(v) {
                        if offset == -1 || offset == 0 {
                            recent.insert(v);
                        }
                        break v;
                    }
                };
                let service = if offset >= 1 && service_cycle < ServiceType::ALL.len() {
                    service_cycle += 1;
                    ServiceType::ALL[service_cycle - 1]
                } else {
                    self.random_service()
                };
                let plan = self.new_appt(day, slot, vehicle, service);
                let created = if day == closed {
                    self.now - Duration::days(self.range(3, 6)) - minutes(self.range(0, 300))
                } else {
                    self.booking_time(day)
                };
                let starts_at = plan.starts_at;
                let booked_by = plan.booked_by;
                let idx = self.appts.len();
                self.appts.push(plan);
                self.push(created, booked_by, Act::ApptCreate(idx));
                if offset == 0 {
                    self.busy.insert(vehicle);
                }

                // The reminder call the day before.
                let remind_at = self.random_time(day - Duration::days(1), 10, 16);
                let reminded = remind_at > created && remind_at <= self.now;

                if day == closed {
                    // Booked before the closure was decided, then moved.
                    let to_day = open_future[self.rng.random_range(0..open_future.len())];
                    let slot = self.range(0, 17) as u32;
                    let moved = self.new_appt(to_day, slot, vehicle, service);
                    let to = self.appts.len();
                    self.appts.push(moved);
                    let when = self.now - Duration::days(2) + minutes(self.range(10, 90));
                    self.push(when, booked_by, Act::ApptReschedule { from: idx, to });
                    continue;
                }

                let past = starts_at + minutes(30) <= self.now;
                if !past {
                    if reminded {
                        let outcome = if self.chance(0.9) {
                            ReminderOutcome::Confirmed
                        } else {
                            ReminderOutcome::Unreachable
                        };
                        self.push(remind_at, booked_by, Act::ApptReminder(idx, outcome, None));
                    }
                    if starts_at - minutes(15) <= self.now && self.chance(0.6) {
                        let arrived = (starts_at - minutes(self.range(0, 15))).min(self.now);
                        self.push(
                            arrived,
                            booked_by,
                            Act::ApptState(idx, AppointmentState::Arrived),
                        );
                    }
                    continue;
                }
                let outcome = if offset < 0 && past_cycle < 5 {
                    past_cycle += 1;
                    [
                        AppointmentState::CheckedIn,
                        AppointmentState::Arrived,
                        AppointmentState::NoShow,
                        AppointmentState::Cancelled,
                        AppointmentState::Rescheduled,
                    ][past_cycle - 1]
                } else if offset < 0 {
                    *pick(
                        &mut self.rng,
                        &[
                            AppointmentState::CheckedIn,
                            AppointmentState::CheckedIn,
                            AppointmentState::CheckedIn,
                            AppointmentState::CheckedIn,
                            AppointmentState::CheckedIn,
                            AppointmentState::CheckedIn,
                            AppointmentState::Arrived,
                            AppointmentState::NoShow,
                            AppointmentState::Cancelled,
                            AppointmentState::Rescheduled,
                        ],
                    )
                } else if self.chance(0.85) {
                    AppointmentState::CheckedIn
                } else {
                    AppointmentState::NoShow
                };
                let reminder_time = if reminded {
                    remind_at
                } else {
                    created + minutes(self.range(5, 60))
                };
                match outcome {
                    AppointmentState::CheckedIn | AppointmentState::Arrived => {
                        if reminded {
                            self.push(
                                remind_at,
                                booked_by,
                                Act::ApptReminder(idx, ReminderOutcome::Confirmed, None),
                            );
                        }
                        let arrived = starts_at - minutes(self.range(0, 15));
                        self.push(
                            arrived,
                            booked_by,
                            Act::ApptState(idx, AppointmentState::Arrived),
                        );
                        if outcome == AppointmentState::CheckedIn {
                            let checked = arrived + minutes(self.range(5, 15));
                            self.push(
                                checked,
                                booked_by,
                                Act::ApptState(idx, AppointmentState::CheckedIn),
                            );
                            let written = checked + minutes(self.range(2, 8));
                            self.appointment_order(idx, written);
                        }
                    }
                    AppointmentState::NoShow => {
                        if reminded {
                            self.push(
                                remind_at,
                                booked_by,
                                Act::ApptReminder(idx, ReminderOutcome::Unreachable, None),
                            );
                        }
                        self.push(
                            starts_at + minutes(30),
                            booked_by,
                            Act::ApptState(idx, AppointmentState::NoShow),
                        );
                    }
                    AppointmentState::Cancelled => {
                        self.push(
                            reminder_time,
                            booked_by,
                            Act::ApptReminder(
                                idx,
                                ReminderOutcome::Cancelled,
                                Some("客户临时出差 / Customer away on business"),
                            ),
                        );
                    }
                    _ => {
                        self.push(
                            reminder_time,
                            booked_by,
                            Act::ApptReminder(
                                idx,
                                ReminderOutcome::Rescheduled,
                                Some("客户改到下周 / Customer asked for next week"),
                            ),
                        );
                        let to_day = open_future[self.rng.random_range(0..open_future.len())];
                        let slot = self.range(0, 17) as u32;
                        let moved = self.new_appt(to_day, slot, vehicle, service);
                        let to = self.appts.len();
                        self.appts.push(moved);
                        self.push(
                            reminder_time + minutes(2),
                            booked_by,
                            Act::ApptReschedule { from: idx, to },
                        );
                    }
                }
            }
        }
    }
}
