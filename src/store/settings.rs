//! The shop's settings, shared by every counter: its details (name, address, phone, in
//! [`super::shop`]), time zone, labour rate, comeback window, opening hours by weekday,
//! default capacity, holidays and the workshop policy (how long a proposed line may wait
//! for the customer, the discount an advisor may give, the follow-up call and the
//! quality-check checklist).
//!
//! * Values are rows of `shop_settings` (one per key, each with its `version`); holidays
//!   are rows of `shop_holidays`.
//! * [`load`] reads them all in one snapshot; what was never stored reads as the default
//!   (Asia/Shanghai, ¥300.00 an hour, 30 days, 08:30–17:30 every day, the manual's
//!   10 × 480 min × 100% × 80%; 30 min for an approval, ¥200.00 of discount, the call 3
//!   days after delivery with 3 tries, the built-in checklist).
//! * [`save`] writes a whole [`ShopSettings`] in one IMMEDIATE transaction: only an
//!   active manager or supervisor (checked inside it), refused with
//!   [`StoreError::Conflict`] when any value was changed since the settings were loaded,
//!   one audit row with the old and the new value of each change.
//! * [`take_over`] copies what older versions kept in a counter's config file
//!   (`timezone`, `labour_rate`, `comeback_days`) into the database, once.

use std::collections::{BTreeMap, BTreeSet};

use crate::store::db::{Connection, OptionalExtension, params};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use super::shop::{self, Shop};
use super::workshop::Policy;
use super::{Result, Store, StoreError, Tx, staff};
use crate::clock::Zone;
use crate::domain::appointment::{
    CapacityPolicy, DayDefaults, DayHours, DefaultCapacity, ShopWeek,
};
use crate::domain::complaint::{self, Counting, Rule};
use crate::domain::kinds::ComplaintStage;

pub const TIME_ZONE: &str = "time_zone";
pub const LABOUR_RATE: &str = "labour_rate_cents";
pub const COMEBACK_DAYS: &str = "comeback_days";
/// Opening hours, Monday first: "08:30-17:30" or "closed".
pub const HOURS: [&str; 7] = [
    "hours.mon",
    "hours.tue",
    "hours.wed",
    "hours.thu",
    "hours.fri",
    "hours.sat",
    "hours.sun",
];
pub const TECHNICIANS: &str = "capacity.technicians";
pub const MINUTES_PER_TECH: &str = "capacity.minutes_per_tech";
pub const PRODUCTIVITY: &str = "capacity.productivity_pct";
pub const BOOKING_RATE: &str = "capacity.booking_rate_pct";
/// Minutes a proposed line may wait for the customer's answer.
pub const APPROVAL_WAIT: &str = "workshop.approval_wait_minutes";
/// The largest discount an advisor may give, in cents.
pub const DISCOUNT_LIMIT: &str = "workshop.discount_limit_cents";
/// Days after delivery the follow-up call is due.
pub const FOLLOW_UP_DAYS: &str = "workshop.follow_up_days";
/// Unanswered follow-up calls before it is given up.
pub const FOLLOW_UP_TRIES: &str = "workshop.follow_up_tries";
/// The quality-check checklist, a JSON array of its items.
pub const QC_CHECKLIST: &str = "workshop.qc_checklist";
/// The complaint clocks: the report's length (minutes) and how it counts
/// ("open_hours" or "calendar"), the same for the answer, the follow-up visit's days
/// after the resolution, the stages that pause the clocks (comma-separated, may be empty).
pub const COMPLAINT_REPORT_MINUTES: &str = "complaints.report_minutes";
pub const COMPLAINT_REPORT_COUNTING: &str = "complaints.report_counting";
pub const COMPLAINT_ANSWER_MINUTES: &str = "complaints.answer_minutes";
pub const COMPLAINT_ANSWER_COUNTING: &str = "complaints.answer_counting";
pub const COMPLAINT_FOLLOW_UP_DAYS: &str = "complaints.follow_up_days";
pub const COMPLAINT_PAUSE_IN: &str = "complaints.pause_in";
/// The shop's own coaching for the complaint intake (TOML, as `assets/coaching.toml`).
pub const COMPLAINT_COACHING: &str = "complaints.coaching";
/// Every key of the complaint policy.
const COMPLAINT_KEYS: [&str; 6] = [
    COMPLAINT_REPORT_MINUTES,
    COMPLAINT_REPORT_COUNTING,
    COMPLAINT_ANSWER_MINUTES,
    COMPLAINT_ANSWER_COUNTING,
    COMPLAINT_FOLLOW_UP_DAYS,
    COMPLAINT_PAUSE_IN,
];
/// The report clock's bounds, in minutes (a week).
pub const COMPLAINT_REPORT_RANGE: (i64, i64) = (1, 7 * 24 * 60);
/// The answer clock's bounds, in minutes (30 days).
pub const COMPLAINT_ANSWER_RANGE: (i64, i64) = (1, 30 * 24 * 60);
/// The follow-up visit's bounds, in days after the resolution.
pub const COMPLAINT_FOLLOW_UP_RANGE: (i64, i64) = (1, 60);
/// The stages a shop may let pause the clocks.
pub const COMPLAINT_PAUSABLE: [ComplaintStage; 4] = [
    ComplaintStage::Reported,
    ComplaintStage::Supervised,
    ComplaintStage::Proposed,
    ComplaintStage::Accepted,
];
const NAME: &str = "name";
const ADDRESS: &str = "address";
const PHONE: &str = "phone";

/// The zone of a shop that never set one.
pub const DEFAULT_ZONE: Tz = chrono_tz::Asia::Shanghai;
/// ¥300.00 per labour hour.
pub const DEFAULT_LABOUR_RATE_CENTS: i64 = 30_000;
/// Highest labour rate accepted: ¥100,000.00 an hour.
pub const MAX_LABOUR_RATE_CENTS: i64 = 10_000_000;
/// The comeback window's bounds, in days.
pub const COMEBACK_DAYS_RANGE: (i64, i64) = (1, 365);
/// The approval wait's bounds, in minutes.
pub const APPROVAL_WAIT_RANGE: (i64, i64) = (1, 1440);
/// Highest discount limit accepted: ¥100,000.00.
pub const MAX_DISCOUNT_LIMIT_CENTS: i64 = 10_000_000;
/// The follow-up call's bounds, in days after delivery.
pub const FOLLOW_UP_DAYS_RANGE: (i64, i64) = (1, 60);
/// The bounds of the number of unanswered calls.
pub const FOLLOW_UP_TRIES_RANGE: (i64, i64) = (1, 10);
/// How many items the checklist has at least and at most.
pub const QC_ITEMS_RANGE: (usize, usize) = (1, 12);
/// Longest checklist item, in characters.
pub const QC_ITEM_MAX_CHARS: usize = 40;
/// The built-in checklist: catalog keys, shown in the reader's language.
pub const DEFAULT_QC_CHECKLIST: [&str; 6] = [
    "qc_item.brakes",
    "qc_item.lights",
    "qc_item.fluids",
    "qc_item.tyres",
    "qc_item.test_drive",
    "qc_item.clean",
];

/// A date the shop is closed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Holiday {
    pub id: i64,
    pub day: NaiveDate,
    pub name: Option<String>,
    pub version: i64,
}

/// Every shop setting, as loaded (with the version of each stored value) or as saved.
#[derive(Debug, Clone, PartialEq)]
pub struct ShopSettings {
    pub shop: Shop,
    pub time_zone: Tz,
    pub labour_rate_cents: i64,
    pub comeback_days: i64,
    /// Opening hours by weekday and default capacity; its holidays are [`Self::holidays`].
    pub week: ShopWeek,
    pub holidays: Vec<Holiday>,
    /// The workshop policy (approval wait, discount limit, follow-up, QC checklist).
    pub workshop: Policy,
    /// How the complaint clocks count.
    pub complaints: complaint::Policy,
    /// The version of every stored value by key; a key never stored is absent. [`save`]
    /// refuses when the stored versions differ from these.
    pub versions: BTreeMap<String, i64>,
}

impl Default for ShopSettings {
    fn default() -> Self {
        ShopSettings {
            shop: Shop::default(),
            time_zone: DEFAULT_ZONE,
            labour_rate_cents: DEFAULT_LABOUR_RATE_CENTS,
            comeback_days: crate::domain::repair_order::DEFAULT_COMEBACK_DAYS,
            week: ShopWeek::manual_default(),
            holidays: Vec::new(),
            workshop: Policy::default(),
            complaints: complaint::Policy::default(),
            versions: BTreeMap::new(),
        }
    }
}

impl ShopSettings {
    pub fn zone(&self) -> Zone {
        Zone::Named(self.time_zone)
    }

    /// The time zone was stored (not the default).
    pub fn zone_stored(&self) -> bool {
        self.versions.contains_key(TIME_ZONE)
    }

    /// `day` is one of the holidays.
    pub fn holiday(&self, day: NaiveDate) -> Option<&Holiday> {
        self.holidays.iter().find(|h| h.day == day)
    }
}

impl DayDefaults for ShopSettings {
    fn policy_on(&self, day: NaiveDate) -> CapacityPolicy {
        self.week.policy_on(day)
    }

    fn holiday(&self, day: NaiveDate) -> bool {
        self.week.holiday(day)
    }
}

/// "08:30-17:30" or "closed".
pub fn hours_text(h: DayHours) -> String {
    match h {
        Some((o, c)) => format!("{}-{}", o.format("%H:%M"), c.format("%H:%M")),
        None => "closed".into(),
    }
}

fn parse_hours(s: &str) -> Option<DayHours> {
    if s == "closed" {
        return Some(None);
    }
    let (o, c) = s.split_once('-')?;
    let t = |x: &str| NaiveTime::parse_from_str(x.trim(), "%H:%M").ok();
    Some(Some((t(o)?, t(c)?)))
}

fn table_exists(conn: &Connection, name: &str) -> Result<bool> {
    let sql = match conn.engine() {
        crate::store::db::Engine::Sqlite => {
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1"
        }
        crate::store::db::Engine::Postgres => {
            "SELECT 1 FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = ?1"
        }
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([name], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Every stored `(key, value, version)`.
fn stored(conn: &Connection) -> Result<BTreeMap<String, (String, i64)>> {
    if !table_exists(conn, "shop_settings")? {
        return Ok(BTreeMap::new());
    }
    // The demo marker and the coaching text are not settings the settings screen edits.
    let mut st = conn.prepare_cached(
        "SELECT key, value, version FROM shop_settings WHERE key <> ?1 AND key <> ?2",
    )?;
    let rows = st.query_map([super::meta::DEMO_KEY, COMPLAINT_COACHING], |r| {
        Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The holidays, by date (none on a database older than the holiday table).
pub fn holidays(conn: &Connection) -> Result<Vec<Holiday>> {
    if !table_exists(conn, "shop_holidays")? {
        return Ok(Vec::new());
    }
    let mut st =
        conn.prepare_cached("SELECT id, day, name, version FROM shop_holidays ORDER BY day")?;
    let rows = st.query_map([], |r| {
        let day: String = r.get(1)?;
        Ok((r.get(0)?, day, r.get(2)?, r.get(3)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, day, name, version) = row?;
        let day = NaiveDate::parse_from_str(&day, "%Y-%m-%d")
            .map_err(|e| StoreError::Invalid(format!("bad stored holiday {day:?}: {e}")))?;
        out.push(Holiday {
            id,
            day,
            name,
            version,
        });
    }
    Ok(out)
}

fn bad(key: &str, v: &str) -> StoreError {
    StoreError::Invalid(format!("bad stored shop setting {key} = {v:?}"))
}

/// Every setting in one read (call it inside [`Store::read`] for one snapshot).
pub fn load(conn: &Connection) -> Result<ShopSettings> {
    let rows = stored(conn)?;
    let mut s = ShopSettings {
        shop: shop::shop(conn)?,
        holidays: holidays(conn)?,
        versions: rows.iter().map(|(k, (_, v))| (k.clone(), *v)).collect(),
        ..ShopSettings::default()
    };
    let get = |k: &str| rows.get(k).map(|(v, _)| v.as_str());
    let int = |k: &str| -> Result<Option<i64>> {
        get(k)
            .map(|v| v.parse::<i64>().map_err(|_| bad(k, v)))
            .transpose()
    };
    let small = |k: &str| -> Result<Option<u32>> {
        int(k)?
            .map(|v| u32::try_from(v).map_err(|_| bad(k, &v.to_string())))
            .transpose()
    };
    if let Some(z) = get(TIME_ZONE) {
        s.time_zone = z.parse().map_err(|_| bad(TIME_ZONE, z))?;
    }
    if let Some(v) = int(LABOUR_RATE)? {
        s.labour_rate_cents = v;
    }
    if let Some(v) = int(COMEBACK_DAYS)? {
        s.comeback_days = v;
    }
    for (i, k) in HOURS.iter().enumerate() {
        if let Some(v) = get(k) {
            s.week.hours[i] = parse_hours(v).ok_or_else(|| bad(k, v))?;
        }
    }
    let c = &mut s.week.capacity;
    for (k, slot) in [
        (TECHNICIANS, &mut c.technicians),
        (MINUTES_PER_TECH, &mut c.minutes_per_tech),
        (PRODUCTIVITY, &mut c.productivity_pct),
        (BOOKING_RATE, &mut c.booking_rate_pct),
    ] {
        if let Some(v) = small(k)? {
            *slot = v;
        }
    }
    s.week.holidays = s.holidays.iter().map(|h| h.day).collect::<BTreeSet<_>>();
    s.workshop = policy_from(&|k| get(k).map(str::to_string))?;
    s.complaints = complaint_policy_from(&|k| get(k).map(str::to_string))?;
    Ok(s)
}

/// The complaint policy from the stored values `get` gives (defaults for the others).
fn complaint_policy_from(get: &dyn Fn(&str) -> Option<String>) -> Result<complaint::Policy> {
    let mut p = complaint::Policy::default();
    let int = |k: &str| -> Result<Option<i64>> {
        get(k)
            .map(|v| v.parse::<i64>().map_err(|_| bad(k, &v)))
            .transpose()
    };
    let counting = |k: &str| -> Result<Option<Counting>> {
        get(k)
            .map(|v| Counting::parse(&v).ok_or_else(|| bad(k, &v)))
            .transpose()
    };
    if let Some(m) = int(COMPLAINT_REPORT_MINUTES)? {
        p.report.minutes = m;
    }
    if let Some(c) = counting(COMPLAINT_REPORT_COUNTING)? {
        p.report.counting = c;
    }
    if let Some(m) = int(COMPLAINT_ANSWER_MINUTES)? {
        p.answer.minutes = m;
    }
    if let Some(c) = counting(COMPLAINT_ANSWER_COUNTING)? {
        p.answer.counting = c;
    }
    if let Some(d) = int(COMPLAINT_FOLLOW_UP_DAYS)? {
        p.follow_up_days = d;
    }
    if let Some(v) = get(COMPLAINT_PAUSE_IN) {
        p.pause_in = pause_in_from(&v).ok_or_else(|| bad(COMPLAINT_PAUSE_IN, &v))?;
    }
    Ok(p)
}

/// "proposed,accepted" (or "") as stages.
pub fn pause_in_from(v: &str) -> Option<Vec<ComplaintStage>> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<ComplaintStage>().ok())
        .collect()
}

/// The stages as stored: "proposed,accepted".
pub fn pause_in_text(stages: &[ComplaintStage]) -> String {
    stages
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The complaint policy alone (the complaints screen and the board read it with the
/// shop's calendar).
pub fn complaint_policy(conn: &Connection) -> Result<complaint::Policy> {
    if !table_exists(conn, "shop_settings")? {
        return Ok(complaint::Policy::default());
    }
    let mut st = conn.prepare_cached("SELECT value FROM shop_settings WHERE key = ?1")?;
    let mut values = BTreeMap::new();
    for k in COMPLAINT_KEYS {
        if let Some(v) = st.query_row([k], |r| r.get::<_, String>(0)).optional()? {
            values.insert(k, v);
        }
    }
    complaint_policy_from(&|k| values.get(k).cloned())
}

/// The shop's own coaching text, if it stored one.
pub fn coaching_text(conn: &Connection) -> Result<Option<String>> {
    if !table_exists(conn, "shop_settings")? {
        return Ok(None);
    }
    Ok(conn
        .prepare_cached("SELECT value FROM shop_settings WHERE key = ?1")?
        .query_row([COMPLAINT_COACHING], |r| r.get(0))
        .optional()?)
}

/// Stores `text` as the shop's coaching (checked by the caller with
/// [`crate::coaching::Coaching::parse`] and again here): only an active manager or
/// supervisor, one audited transaction.
pub fn save_coaching(
    store: &mut Store,
    actor: Option<i64>,
    now: DateTime<Utc>,
    text: &str,
) -> Result<()> {
    crate::coaching::Coaching::parse(text).map_err(|e| StoreError::Invalid(e.to_string()))?;
    store.write(actor, now, |tx| {
        staff::require_manager(tx, "change the complaint coaching")?;
        let before = coaching_text(tx.conn())?;
        shop::upsert(tx, COMPLAINT_COACHING, text)?;
        tx.audit(
            "coaching.import",
            "shop_settings",
            None,
            serde_json::json!({ "key": COMPLAINT_COACHING, "had_own": before.is_some(), "bytes": text.len() }),
        )
    })
}

/// Why the complaint policy `p` cannot be saved, in English.
pub fn validate_complaint_policy(p: &complaint::Policy) -> Result<()> {
    let invalid = |m: String| Err(StoreError::Invalid(m));
    for (what, rule, (lo, hi)) in [
        ("report", p.report, COMPLAINT_REPORT_RANGE),
        ("answer", p.answer, COMPLAINT_ANSWER_RANGE),
    ] {
        let Rule { minutes, .. } = rule;
        if !(lo..=hi).contains(&minutes) {
            return invalid(format!(
                "the complaint {what} clock must be {lo} to {hi} minutes"
            ));
        }
    }
    let (lo, hi) = COMPLAINT_FOLLOW_UP_RANGE;
    if !(lo..=hi).contains(&p.follow_up_days) {
        return invalid(format!(
            "the complaint follow-up visit must be due {lo} to {hi} days after the resolution"
        ));
    }
    if let Some(s) = p.pause_in.iter().find(|s| !COMPLAINT_PAUSABLE.contains(s)) {
        return invalid(format!(
            "the stage {} cannot pause the complaint clocks",
            s.as_str()
        ));
    }
    Ok(())
}

/// The workshop policy from the stored values `get` gives (defaults for the others).
fn policy_from(get: &dyn Fn(&str) -> Option<String>) -> Result<Policy> {
    let mut p = Policy::default();
    for (k, slot) in [
        (APPROVAL_WAIT, &mut p.approval_wait_minutes),
        (DISCOUNT_LIMIT, &mut p.discount_limit_cents),
        (FOLLOW_UP_DAYS, &mut p.follow_up_days),
        (FOLLOW_UP_TRIES, &mut p.follow_up_tries),
    ] {
        if let Some(v) = get(k) {
            *slot = v.parse::<i64>().map_err(|_| bad(k, &v))?;
        }
    }
    if let Some(v) = get(QC_CHECKLIST) {
        p.qc_checklist = serde_json::from_str(&v).map_err(|_| bad(QC_CHECKLIST, &v))?;
    }
    Ok(p)
}

/// The workshop policy alone: five keys, read without the rest of the settings (every
/// workshop action reads it inside its transaction).
pub fn workshop_policy(conn: &Connection) -> Result<Policy> {
    if !table_exists(conn, "shop_settings")? {
        return Ok(Policy::default());
    }
    let mut st = conn.prepare_cached("SELECT value FROM shop_settings WHERE key = ?1")?;
    let mut values = BTreeMap::new();
    for k in [
        APPROVAL_WAIT,
        DISCOUNT_LIMIT,
        FOLLOW_UP_DAYS,
        FOLLOW_UP_TRIES,
        QC_CHECKLIST,
    ] {
        if let Some(v) = st.query_row([k], |r| r.get::<_, String>(0)).optional()? {
            values.insert(k, v);
        }
    }
    policy_from(&|k| values.get(k).cloned())
}

/// The shop's time zone alone (the default when none was stored).
pub fn zone_of(conn: &Connection) -> Result<Zone> {
    if !table_exists(conn, "shop_settings")? {
        return Ok(Zone::Named(DEFAULT_ZONE));
    }
    let z: Option<String> = conn
        .prepare_cached("SELECT value FROM shop_settings WHERE key = ?1")?
        .query_row([TIME_ZONE], |r| r.get(0))
        .optional()?;
    Ok(Zone::Named(match z {
        Some(z) => z.parse().map_err(|_| bad(TIME_ZONE, &z))?,
        None => DEFAULT_ZONE,
    }))
}

/// Why the workshop policy `p` cannot be saved, in English.
pub fn validate_policy(p: &Policy) -> Result<()> {
    let invalid = |m: String| Err(StoreError::Invalid(m));
    let (lo, hi) = APPROVAL_WAIT_RANGE;
    if !(lo..=hi).contains(&p.approval_wait_minutes) {
        return invalid(format!("the approval wait must be {lo} to {hi} minutes"));
    }
    if !(0..=MAX_DISCOUNT_LIMIT_CENTS).contains(&p.discount_limit_cents) {
        return invalid(format!(
            "the discount limit must be between 0 and {} yuan",
            MAX_DISCOUNT_LIMIT_CENTS / 100
        ));
    }
    let (lo, hi) = FOLLOW_UP_DAYS_RANGE;
    if !(lo..=hi).contains(&p.follow_up_days) {
        return invalid(format!(
            "the follow-up call must be due {lo} to {hi} days after delivery"
        ));
    }
    let (lo, hi) = FOLLOW_UP_TRIES_RANGE;
    if !(lo..=hi).contains(&p.follow_up_tries) {
        return invalid(format!("the follow-up tries must be {lo} to {hi}"));
    }
    let (lo, hi) = QC_ITEMS_RANGE;
    if !(lo..=hi).contains(&p.qc_checklist.len()) {
        return invalid(format!(
            "the quality-check checklist needs {lo} to {hi} items ({} given)",
            p.qc_checklist.len()
        ));
    }
    let mut seen = BTreeSet::new();
    for item in &p.qc_checklist {
        if item.trim().is_empty() || item.trim() != item {
            return invalid(format!(
                "checklist item {item:?}: a word or two, without blanks around it"
            ));
        }
        if item.chars().any(char::is_control) || item.chars().count() > QC_ITEM_MAX_CHARS {
            return invalid(format!(
                "checklist item {item:?}: one line of at most {QC_ITEM_MAX_CHARS} characters"
            ));
        }
        if !seen.insert(item.as_str()) {
            return invalid(format!("checklist item {item:?} is listed twice"));
        }
    }
    Ok(())
}

/// The stored time zone, if one was ever stored (a read-only handle on a database that
/// no program of this version has opened for writing may have none).
pub fn stored_zone(conn: &Connection) -> Result<Option<Zone>> {
    let s = load(conn)?;
    Ok(s.zone_stored().then(|| s.zone()))
}

/// Why `s` cannot be saved, in English (the settings screen checks the same first, in
/// the user's language, next to each field).
pub fn validate(s: &ShopSettings) -> Result<()> {
    let invalid = |m: String| Err(StoreError::Invalid(m));
    if !(0..=MAX_LABOUR_RATE_CENTS).contains(&s.labour_rate_cents) {
        return invalid(format!(
            "the labour rate must be between 0 and {} yuan an hour",
            MAX_LABOUR_RATE_CENTS / 100
        ));
    }
    let (lo, hi) = COMEBACK_DAYS_RANGE;
    if !(lo..=hi).contains(&s.comeback_days) {
        return invalid(format!("the comeback window must be {lo} to {hi} days"));
    }
    for (i, h) in s.week.hours.iter().enumerate() {
        if let Some((o, c)) = h
            && o >= c
        {
            return invalid(format!(
                "{}: the shop must open before it closes ({})",
                HOURS[i],
                hours_text(*h)
            ));
        }
    }
    // The figures as the domain checks a day's capacity.
    let day = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default();
    let mut p = s.week.policy_on(day);
    p.closed = false;
    p.opens_at = NaiveTime::MIN;
    p.closes_at = NaiveTime::from_hms_opt(23, 59, 0).unwrap_or(NaiveTime::MIN);
    p.validate()
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    validate_policy(&s.workshop)?;
    validate_complaint_policy(&s.complaints)?;
    let counts_hours = [s.complaints.report, s.complaints.answer]
        .iter()
        .any(|r| r.counting == Counting::OpenHours);
    if counts_hours && s.week.hours.iter().all(Option::is_none) {
        return invalid(
            "a complaint clock counts opening hours, but the shop is open on no weekday".into(),
        );
    }
    Ok(())
}

/// The values of `s` by key, as stored.
fn fields(s: &ShopSettings) -> Vec<(&'static str, String)> {
    let c: DefaultCapacity = s.week.capacity;
    let mut v = vec![
        (NAME, s.shop.name.clone()),
        (ADDRESS, s.shop.address.clone()),
        (PHONE, s.shop.phone.clone()),
        (TIME_ZONE, s.time_zone.name().to_string()),
        (LABOUR_RATE, s.labour_rate_cents.to_string()),
        (COMEBACK_DAYS, s.comeback_days.to_string()),
    ];
    for (i, k) in HOURS.iter().enumerate() {
        v.push((k, hours_text(s.week.hours[i])));
    }
    v.extend([
        (TECHNICIANS, c.technicians.to_string()),
        (MINUTES_PER_TECH, c.minutes_per_tech.to_string()),
        (PRODUCTIVITY, c.productivity_pct.to_string()),
        (BOOKING_RATE, c.booking_rate_pct.to_string()),
    ]);
    let w = &s.workshop;
    v.extend([
        (APPROVAL_WAIT, w.approval_wait_minutes.to_string()),
        (DISCOUNT_LIMIT, w.discount_limit_cents.to_string()),
        (FOLLOW_UP_DAYS, w.follow_up_days.to_string()),
        (FOLLOW_UP_TRIES, w.follow_up_tries.to_string()),
        (
            QC_CHECKLIST,
            serde_json::to_string(&w.qc_checklist).unwrap_or_else(|_| "[]".into()),
        ),
    ]);
    let p = &s.complaints;
    v.extend([
        (COMPLAINT_REPORT_MINUTES, p.report.minutes.to_string()),
        (
            COMPLAINT_REPORT_COUNTING,
            p.report.counting.as_str().to_string(),
        ),
        (COMPLAINT_ANSWER_MINUTES, p.answer.minutes.to_string()),
        (
            COMPLAINT_ANSWER_COUNTING,
            p.answer.counting.as_str().to_string(),
        ),
        (COMPLAINT_FOLLOW_UP_DAYS, p.follow_up_days.to_string()),
        (COMPLAINT_PAUSE_IN, pause_in_text(&p.pause_in)),
    ]);
    v
}

/// Writes `values` inside `tx` as [`shop::write_values`] does (a changed key gets its new
/// value, version, who and when; one audit row lists the changes), every value but the
/// checklist cleaned as one line of the printed header; the checklist (JSON, checked by
/// [`validate_policy`]) may be longer than a header line.
fn write_settings(tx: &Tx<'_>, values: &[(&'static str, String)]) -> Result<()> {
    let (header, long): (Vec<_>, Vec<_>) = values.iter().partition(|(k, _)| *k != QC_CHECKLIST);
    let mut changes = serde_json::Map::new();
    for (key, new) in header
        .iter()
        .map(|(k, v)| (*k, shop::clean(k, v)))
        .chain(long.iter().map(|(k, v)| (*k, Ok(v.clone()))))
    {
        let new = new?;
        let old = shop::value(tx.conn(), key)?;
        if old.as_deref() == Some(new.as_str()) {
            continue;
        }
        shop::upsert(tx, key, &new)?;
        changes.insert(
            key.to_string(),
            serde_json::json!({ "from": old, "to": new }),
        );
    }
    if !changes.is_empty() {
        tx.audit(
            "update",
            "shop_settings",
            None,
            serde_json::Value::Object(changes),
        )?;
    }
    Ok(())
}

/// Who last changed `key` and when, for a conflict.
fn changed_by(conn: &Connection, key: &str) -> Result<(String, String)> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(s.name, '?'), t.updated_at FROM shop_settings t \
             LEFT JOIN staff s ON s.id = t.updated_by WHERE t.key = ?1",
        )?
        .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or_else(|| ("?".into(), String::new())))
}

/// Saves every setting of `new` (its holidays aside) on behalf of `actor`, an active
/// manager or supervisor, in one transaction; returns the settings as saved.
///
/// Refused with [`StoreError::Conflict`] (naming who changed what, and when) when any
/// stored value's version differs from `new.versions`, i.e. another counter saved the
/// settings after these were loaded: nothing is overwritten silently. Unchanged values
/// are left alone; one audit row lists the changes with their old and new values.
pub fn save(
    store: &mut Store,
    actor: Option<i64>,
    now: DateTime<Utc>,
    new: &ShopSettings,
) -> Result<ShopSettings> {
    store.write(actor, now, |tx| {
        staff::require_manager(tx, "change the shop settings")?;
        validate(new)?;
        let current = stored(tx.conn())?;
        for (key, (_, version)) in &current {
            if new.versions.get(key) != Some(version) {
                let (by, at) = changed_by(tx.conn(), key)?;
                return Err(StoreError::Conflict {
                    entity: "shop_settings",
                    id: 0,
                    by,
                    at,
                });
            }
        }
        write_settings(tx, &fields(new))?;
        load(tx.conn())
    })
}

/// Adds a holiday (the shop is closed on `day`) with an optional name.
pub fn add_holiday(
    store: &mut Store,
    actor: Option<i64>,
    now: DateTime<Utc>,
    day: NaiveDate,
    name: Option<&str>,
) -> Result<Holiday> {
    store.write(actor, now, |tx| {
        staff::require_manager(tx, "change the shop's holidays")?;
        let name = name
            .map(|n| shop::clean("holiday name", n))
            .transpose()?
            .filter(|n| !n.is_empty());
        let text = day.format("%Y-%m-%d").to_string();
        let taken = tx
            .conn()
            .prepare_cached("SELECT 1 FROM shop_holidays WHERE day = ?1")?
            .query_row([&text], |_| Ok(()))
            .optional()?
            .is_some();
        if taken {
            return Err(StoreError::Duplicate {
                what: "holiday",
                value: text,
            });
        }
        tx.conn()
            .prepare_cached(
                "INSERT INTO shop_holidays (day, name, created_at, created_by, updated_at, updated_by) \
                 VALUES (?1, ?2, ?3, ?4, ?3, ?4)",
            )?
            .insert(params![text, name, tx.now_text(), tx.actor()])?;
        let id = tx.conn().last_insert_rowid();
        tx.audit(
            "holiday_add",
            "shop_holidays",
            Some(id),
            serde_json::json!({ "day": text, "name": name }),
        )?;
        Ok(Holiday {
            id,
            day,
            name,
            version: 1,
        })
    })
}

/// Removes holiday `id` (at `version`): the day opens again as its weekday does.
pub fn remove_holiday(
    store: &mut Store,
    actor: Option<i64>,
    now: DateTime<Utc>,
    id: i64,
    version: i64,
) -> Result<()> {
    store.write(actor, now, |tx| {
        staff::require_manager(tx, "change the shop's holidays")?;
        tx.bump_version("shop_holidays", id, version)?;
        let day: String = tx
            .conn()
            .prepare_cached("SELECT day FROM shop_holidays WHERE id = ?1")?
            .query_row([id], |r| r.get(0))?;
        tx.conn()
            .prepare_cached("DELETE FROM shop_holidays WHERE id = ?1")?
            .execute([id])?;
        tx.audit(
            "holiday_remove",
            "shop_holidays",
            Some(id),
            serde_json::json!({ "day": day }),
        )
    })
}

/// Shop settings older versions kept in a counter's config file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Legacy {
    pub time_zone: Option<Tz>,
    pub labour_rate_cents: Option<i64>,
    pub comeback_days: Option<i64>,
}

impl Legacy {
    fn values(&self) -> Vec<(&'static str, String)> {
        let mut v = vec![];
        if let Some(z) = self.time_zone {
            v.push((TIME_ZONE, z.name().to_string()));
        }
        if let Some(r) = self.labour_rate_cents {
            v.push((LABOUR_RATE, r.to_string()));
        }
        if let Some(d) = self.comeback_days {
            v.push((COMEBACK_DAYS, d.to_string()));
        }
        v
    }
}

/// Copies each `legacy` value the database does not hold yet into it, in one
/// transaction with one audit row (`take_over`, by `actor`, who may be nobody); returns
/// the keys taken over. A value the database already holds is never replaced, so
/// changing the config file later changes nothing.
pub fn take_over(
    store: &mut Store,
    actor: Option<i64>,
    now: DateTime<Utc>,
    legacy: &Legacy,
) -> Result<Vec<&'static str>> {
    let wanted = legacy.values();
    if wanted.is_empty() {
        return Ok(vec![]);
    }
    // Nothing to do on most starts: look before taking the write lock.
    let held = stored(store.conn())?;
    if wanted.iter().all(|(k, _)| held.contains_key(*k)) {
        return Ok(vec![]);
    }
    store.write(actor, now, |tx| {
        let held = stored(tx.conn())?;
        let mut taken = vec![];
        let mut detail = serde_json::Map::new();
        for (key, value) in wanted {
            if held.contains_key(key) {
                continue;
            }
            shop::upsert(tx, key, &value)?;
            detail.insert(
                key.to_string(),
                serde_json::json!({ "from": null, "to": value }),
            );
            taken.push(key);
        }
        if !taken.is_empty() {
            detail.insert("source".into(), serde_json::json!("config.toml"));
            tx.audit(
                "take_over",
                "shop_settings",
                None,
                serde_json::Value::Object(detail),
            )?;
        }
        Ok(taken)
    })
}
