//! `frontdesk export`: customers, vehicles, appointments, repair orders, complaints or the
//! declined work as CSV or JSON, for spreadsheets, the periodic complaint review and the
//! calls that offer declined work again.
//!
//! * Every column of the entity, plus the names the screens show next to ids
//!   (customer_name, plate, advisor_name…). Vocabulary values (states, kinds, channels)
//!   are the names stored in the database, e.g. `in_repair`, `walk_up`.
//! * Times are converted to the shop's zone, RFC 3339 with the offset
//!   (`2026-11-23T09:00:00+08:00`); calendar days are `YYYY-MM-DD`.
//! * Money is integer cents (`estimate_cents`, `total_cents`…); quantities are hundredths.
//! * CSV: a header row, then one row per record; empty values are empty fields; booleans
//!   are `true` / `false`. With `bom` the file starts with the UTF-8 byte order mark so
//!   Excel shows Chinese text correctly (the BOM is never written to JSON, which forbids
//!   it).
//! * JSON: one array of objects, keys in column order, written row by row.
//!
//! Repair orders also carry their lines: a `lines` array of objects in JSON and a `lines`
//! summary column in CSV (see [`lines_summary`]).
//!
//! Declined work is one record per line the customer declined: the vehicle and customer,
//! the order it was declined on, the line and its amount, when it was declined, and
//! whether a later order took it up (`taken_up`, with that order's number).

use std::io::Write;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde_json::Value;

use crate::clock::Zone;
use crate::domain::complaint;
use crate::store::repair_orders::LineRow;
use crate::store::{
    Store, StoreError, appointments, complaints, customers, repair_orders, settings, workshop,
};

/// Which records to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportWhat {
    Customers,
    Vehicles,
    Appointments,
    RepairOrders,
    Complaints,
    /// The lines customers declined (`declined-work`), taken up again later or not.
    DeclinedWork,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
}

/// The CSV summary of a repair order's lines, in position order, separated by `;`:
///
/// `kind:description:quantity_centi x unit_price_cents[:S]` (without the spaces around
/// the `x`), e.g. `labour:更换机油机滤:100x30000;part:机油滤清器:100x6800:S`, where the
/// trailing `:S` is the warranty-claim mark. Inside descriptions `\`, `:` and `;` are
/// escaped as `\\`, `\:` and `\;`.
pub fn lines_summary(lines: &[LineRow]) -> String {
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(l.kind.as_str());
        out.push(':');
        for c in l.description.chars() {
            if matches!(c, '\\' | ':' | ';') {
                out.push('\\');
            }
            out.push(c);
        }
        out.push_str(&format!(":{}x{}", l.quantity_centi, l.unit_price_cents));
        if l.claim {
            out.push_str(":S");
        }
    }
    out
}

fn time(zone: Zone, t: DateTime<Utc>) -> Value {
    Value::String(zone.to_local(t).to_rfc3339_opts(SecondsFormat::Secs, false))
}

fn time_opt(zone: Zone, t: Option<DateTime<Utc>>) -> Value {
    t.map_or(Value::Null, |t| time(zone, t))
}

fn day(d: NaiveDate) -> Value {
    Value::String(d.format("%Y-%m-%d").to_string())
}

fn day_opt(d: Option<NaiveDate>) -> Value {
    d.map_or(Value::Null, day)
}

fn v<T: Into<Value>>(x: T) -> Value {
    x.into()
}

fn s<T: std::fmt::Display>(x: T) -> Value {
    Value::String(x.to_string())
}

/// Writes rows to CSV or JSON.
enum Sink<'w> {
    Csv {
        w: Box<csv::Writer<&'w mut dyn Write>>,
        header: &'static [&'static str],
        wrote_header: bool,
    },
    Json {
        w: &'w mut dyn Write,
        header: &'static [&'static str],
        rows: usize,
    },
}

impl<'w> Sink<'w> {
    fn new(
        format: ExportFormat,
        bom: bool,
        header: &'static [&'static str],
        out: &'w mut dyn Write,
    ) -> anyhow::Result<Sink<'w>> {
        Ok(match format {
            ExportFormat::Csv => {
                if bom {
                    out.write_all(b"\xEF\xBB\xBF")?;
                }
                Sink::Csv {
                    w: Box::new(csv::Writer::from_writer(out)),
                    header,
                    wrote_header: false,
                }
            }
            ExportFormat::Json => {
                out.write_all(b"[")?;
                Sink::Json {
                    w: out,
                    header,
                    rows: 0,
                }
            }
        })
    }

    fn row(&mut self, values: Vec<Value>) -> anyhow::Result<()> {
        match self {
            Sink::Csv {
                w,
                header,
                wrote_header,
            } => {
                anyhow::ensure!(
                    values.len() == header.len(),
                    "export row has {} values for {} columns",
                    values.len(),
                    header.len()
                );
                if !*wrote_header {
                    w.write_record(header.iter())?;
                    *wrote_header = true;
                }
                w.write_record(values.iter().map(|v| match v {
                    Value::Null => String::new(),
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                }))?;
            }
            Sink::Json { w, header, rows } => {
                anyhow::ensure!(
                    values.len() == header.len(),
                    "export row has {} values for {} columns",
                    values.len(),
                    header.len()
                );
                w.write_all(if *rows == 0 { b"\n{" } else { b",\n{" })?;
                for (i, (k, v)) in header.iter().zip(&values).enumerate() {
                    if i > 0 {
                        w.write_all(b",")?;
                    }
                    serde_json::to_writer(&mut *w, k)?;
                    w.write_all(b":")?;
                    serde_json::to_writer(&mut *w, v)?;
                }
                w.write_all(b"}")?;
                *rows += 1;
            }
        }
        Ok(())
    }

    fn finish(self) -> anyhow::Result<()> {
        match self {
            Sink::Csv {
                mut w,
                header,
                wrote_header,
            } => {
                if !wrote_header {
                    w.write_record(header.iter())?;
                }
                w.flush()?;
            }
            Sink::Json { w, rows, .. } => {
                w.write_all(if rows == 0 { b"]\n" } else { b"\n]\n" })?;
                w.flush()?;
            }
        }
        Ok(())
    }
}

const CUSTOMER_COLUMNS: &[&str] = &[
    "id",
    "name",
    "salutation",
    "phone",
    "email",
    "note",
    "version",
];

const VEHICLE_COLUMNS: &[&str] = &[
    "id",
    "customer_id",
    "customer_name",
    "plate",
    "plate_flagged",
    "vin",
    "make",
    "model",
    "year",
    "color",
    "last_odometer_km",
    "version",
];

const APPOINTMENT_COLUMNS: &[&str] = &[
    "id",
    "day",
    "starts_at",
    "state",
    "service",
    "est_minutes",
    "customer_id",
    "customer_name",
    "customer_salutation",
    "vehicle_id",
    "plate",
    "make",
    "model",
    "advisor_id",
    "advisor_name",
    "kind",
    "channel",
    "parts",
    "parts_expected_on",
    "complaint_case",
    "symptoms",
    "note",
    "rescheduled_from",
    "reminded_at",
    "reminder_outcome",
    "reminder_note",
    "override_reason",
    "override_by",
    "version",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
];

const REPAIR_ORDER_COLUMNS: &[&str] = &[
    "id",
    "number",
    "state",
    "customer_id",
    "customer_name",
    "vehicle_id",
    "plate",
    "make",
    "model",
    "appointment_id",
    "advisor_id",
    "advisor_name",
    "technician_id",
    "technician_name",
    "bay",
    "comeback_of",
    "is_comeback",
    "customer_description",
    "diagnosis",
    "odometer_km",
    "odometer_correction",
    "promised_at",
    "estimate_cents",
    "total_cents",
    "claim_cents",
    "contact_during",
    "waiting_mode",
    "payment_method",
    "next_service_km",
    "next_service_on",
    "delivery_spot",
    "signed_at",
    "signed_by",
    "delivered_at",
    "version",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "lines",
];

const COMPLAINT_COLUMNS: &[&str] = &[
    "id",
    "number",
    "received_at",
    "received_by",
    "received_by_name",
    "channel",
    "place",
    "people",
    "description",
    "desired_result",
    "customer_id",
    "customer_name",
    "contact",
    "vehicle_id",
    "plate",
    "repair_order_id",
    "repair_order_number",
    "parent_id",
    "nature",
    "category",
    "severity",
    "stage",
    "escalated",
    "reported_at",
    "reported_to",
    "responsible_dept",
    "solution",
    "compensation",
    "resolved_at",
    "result",
    "reopened_at",
    "reopen_count",
    "followed_up_at",
    "report_due",
    "report_met",
    "answer_due",
    "answer_met",
    "order_due",
    "order_met",
    "follow_up_due",
    "follow_up_met",
    "version",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
];

const DECLINED_COLUMNS: &[&str] = &[
    "line_id",
    "vehicle_id",
    "plate",
    "customer_name",
    "repair_order_id",
    "number",
    "kind",
    "description",
    "quantity_centi",
    "unit_price_cents",
    "amount_cents",
    "claim",
    "declined_at",
    "taken_up",
    "taken_up_by",
];

fn declined_values(d: workshop::DeclinedRow, z: Zone) -> Vec<Value> {
    vec![
        v(d.line_id),
        v(d.vehicle_id),
        v(d.plate),
        v(d.customer_name),
        v(d.repair_order_id),
        v(d.number),
        s(d.kind),
        v(d.description),
        v(d.quantity_centi),
        v(d.unit_price_cents),
        v(repair_orders::line_amount_cents(
            d.quantity_centi,
            d.unit_price_cents,
        )),
        v(d.claim),
        time_opt(z, d.declined_at),
        v(d.taken_up_by.is_some()),
        v(d.taken_up_by),
    ]
}

fn appointment_values(a: appointments::AppointmentRow, z: Zone) -> Vec<Value> {
    vec![
        v(a.id),
        day(a.day),
        time(z, a.starts_at),
        s(a.state),
        s(a.service),
        v(a.est_minutes),
        v(a.customer_id),
        v(a.customer_name),
        v(a.customer_salutation),
        v(a.vehicle_id),
        v(a.plate),
        v(a.make),
        v(a.model),
        v(a.advisor_id),
        v(a.advisor_name),
        s(a.kind),
        s(a.channel),
        s(a.parts),
        day_opt(a.parts_expected_on),
        v(a.complaint_case),
        v(a.symptoms),
        v(a.note),
        v(a.rescheduled_from),
        time_opt(z, a.reminded_at),
        a.reminder_outcome.map_or(Value::Null, s),
        v(a.reminder_note),
        v(a.override_reason),
        v(a.override_by),
        v(a.version),
        time(z, a.created_at),
        v(a.created_by),
        time(z, a.updated_at),
        v(a.updated_by),
    ]
}

fn repair_order_values(r: repair_orders::RepairOrderRow, lines: Value, z: Zone) -> Vec<Value> {
    vec![
        v(r.id),
        v(r.number),
        s(r.state),
        v(r.customer_id),
        v(r.customer_name),
        v(r.vehicle_id),
        v(r.plate),
        v(r.make),
        v(r.model),
        v(r.appointment_id),
        v(r.advisor_id),
        v(r.advisor_name),
        v(r.technician_id),
        v(r.technician_name),
        v(r.bay),
        v(r.comeback_of),
        v(r.is_comeback),
        v(r.customer_description),
        v(r.diagnosis),
        v(r.odometer_km),
        v(r.odometer_correction),
        time(z, r.promised_at),
        v(r.estimate_cents),
        v(r.total_cents),
        v(r.claim_cents),
        v(r.contact_during),
        s(r.waiting_mode),
        s(r.payment_method),
        v(r.next_service_km),
        day_opt(r.next_service_on),
        v(r.delivery_spot),
        time_opt(z, r.signed_at),
        v(r.signed_by),
        time_opt(z, r.delivered_at),
        v(r.version),
        time(z, r.created_at),
        v(r.created_by),
        time(z, r.updated_at),
        v(r.updated_by),
        lines,
    ]
}

/// A complaint's columns with every clock's due time and the time it was met (done in
/// time or late; empty while running). The due times do not depend on when the export
/// runs: a clock paused now has none.
fn complaint_values(
    c: complaints::ComplaintRow,
    z: Zone,
    policy: &complaint::Policy,
    cal: complaint::Calendar<'_>,
) -> Vec<Value> {
    let clocks = c.clocks(policy, cal, c.updated_at);
    let mut due = Vec::new();
    for w in complaint::Which::ALL {
        let k = clocks.get(w);
        due.push(time_opt(z, k.and_then(|k| k.due)));
        due.push(time_opt(z, k.and_then(|k| k.done_at)));
    }
    let mut out = vec![
        v(c.head.id),
        v(c.head.number),
        time(z, c.head.received_at),
        v(c.received_by),
        v(c.received_by_name),
        s(c.head.channel),
        v(c.place),
        v(c.people),
        v(c.head.description),
        v(c.desired_result),
        v(c.head.customer_id),
        v(c.head.customer_name),
        v(c.head.contact),
        v(c.head.vehicle_id),
        v(c.head.plate),
        v(c.repair_order_id),
        v(c.repair_order_number),
        v(c.parent_id),
        s(c.head.nature),
        s(c.head.category),
        s(c.head.severity),
        s(c.head.stage),
        v(c.head.escalated),
        time_opt(z, c.head.reported_at),
        v(c.reported_to),
        v(c.responsible_dept),
        v(c.solution),
        v(c.compensation),
        time_opt(z, c.head.resolved_at),
        v(c.result),
        time_opt(z, c.head.reopened_at),
        v(c.reopen_count),
        time_opt(z, c.head.followed_up_at),
    ];
    out.extend(due);
    out.extend([
        v(c.head.version),
        time(z, c.created_at),
        v(c.created_by),
        time(z, c.updated_at),
        v(c.updated_by),
    ]);
    out
}

/// Writes every record of `what` to `out`; returns the number of records. The records are
/// read in one snapshot and streamed, never held as one string.
pub fn export(
    store: &mut Store,
    what: ExportWhat,
    format: ExportFormat,
    bom: bool,
    zone: Zone,
    out: &mut dyn Write,
) -> anyhow::Result<usize> {
    let header = match what {
        ExportWhat::Customers => CUSTOMER_COLUMNS,
        ExportWhat::Vehicles => VEHICLE_COLUMNS,
        ExportWhat::Appointments => APPOINTMENT_COLUMNS,
        ExportWhat::RepairOrders => REPAIR_ORDER_COLUMNS,
        ExportWhat::Complaints => COMPLAINT_COLUMNS,
        ExportWhat::DeclinedWork => DECLINED_COLUMNS,
    };
    let mut sink = Sink::new(format, bom, header, out)?;
    // Output errors stop the read with this marker; the real error is kept here.
    let mut failed: Option<anyhow::Error> = None;
    let stop = || StoreError::Invalid("export stopped".into());
    let mut rows = 0usize;
    let read = store.read(|conn| {
        let mut emit = |values: Vec<Value>| -> Result<(), StoreError> {
            if let Err(e) = sink.row(values) {
                failed = Some(e);
                return Err(stop());
            }
            rows += 1;
            Ok(())
        };
        match what {
            ExportWhat::Customers => {
                for c in customers::all_customers(conn)? {
                    emit(vec![
                        v(c.id),
                        v(c.name),
                        v(c.salutation),
                        v(c.phone),
                        v(c.email),
                        v(c.note),
                        v(c.version),
                    ])?;
                }
            }
            ExportWhat::Vehicles => {
                let names: std::collections::HashMap<i64, String> = customers::all_customers(conn)?
                    .into_iter()
                    .map(|c| (c.id, c.name))
                    .collect();
                for x in customers::all_vehicles(conn)? {
                    emit(vec![
                        v(x.id),
                        v(x.customer_id),
                        v(names.get(&x.customer_id).cloned()),
                        v(x.plate),
                        v(x.plate_flagged),
                        v(x.vin),
                        v(x.make),
                        v(x.model),
                        v(x.year),
                        v(x.color),
                        v(x.last_odometer_km),
                        v(x.version),
                    ])?;
                }
            }
            ExportWhat::Appointments => {
                appointments::all(conn, |a| emit(appointment_values(a, zone)))?;
            }
            ExportWhat::RepairOrders => {
                let json = format == ExportFormat::Json;
                repair_orders::all(conn, |r| {
                    let lines = repair_orders::lines(conn, r.id)?;
                    let lines = if json {
                        serde_json::to_value(&lines)
                            .map_err(|e| StoreError::Invalid(e.to_string()))?
                    } else {
                        Value::String(lines_summary(&lines))
                    };
                    emit(repair_order_values(r, lines, zone))
                })?;
            }
            ExportWhat::Complaints => {
                let shop = settings::load(conn)?;
                let cache = complaint::clock::SpanCache::default();
                let cal = complaint::Calendar::new(shop.zone(), &shop.week).cached(&cache);
                complaints::all(conn, |c| {
                    emit(complaint_values(c, zone, &shop.complaints, cal))
                })?;
            }
            ExportWhat::DeclinedWork => {
                workshop::declined_all(conn, |d| emit(declined_values(d, zone)))?;
            }
        }
        Ok(())
    });
    if let Some(e) = failed {
        return Err(e.context("writing the export"));
    }
    read.context("reading the records to export")?;
    sink.finish().context("writing the export")?;
    Ok(rows)
}
