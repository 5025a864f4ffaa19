//! Repair orders (维修委托书, domain.md §2, §3, §6): the job lines of the estimate and their
//! totals (warranty-claim lines carry the S mark and are not charged to the customer), the
//! counter parser for one line, the proposed promised delivery time under the two
//! 10-minute rules, comeback detection and the shape of order numbers.
//!
//! Pure: the current date and time are always arguments.

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike, Utc};

use super::kinds::{LineKind, RepairOrderState};
use super::money::{Cents, MoneyError, line_amount, parse_centi};
use super::text::normalize_input;

/// A vehicle back within this many days of a delivery is a comeback (返修).
pub const DEFAULT_COMEBACK_DAYS: i64 = 30;
/// The car leaves the reception bay within 10 minutes of the order being written.
pub const LEAVE_RECEPTION_MINUTES: i64 = 10;
/// Work is finished 10 minutes before the promised time.
pub const FINISH_BEFORE_PROMISE_MINUTES: i64 = 10;
/// Longest labour line accepted, in hours.
pub const MAX_LABOUR_HOURS: i64 = 100;
/// How far ahead [`propose_promise`] looks, in days from today.
pub const PROMISE_HORIZON_DAYS: u64 = 60;

/// Promised times are proposed on the quarter hour.
const QUARTER_SECONDS: i64 = 15 * 60;

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

/// A refused job line, or counter input that is not a quantity or a price.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    #[error("Describe the job or the part.")]
    EmptyDescription,
    #[error("Enter a quantity greater than zero.")]
    QuantityNotPositive,
    #[error("The price cannot be negative.")]
    PriceNegative,
    #[error("A labour line can be at most {max} h.")]
    TooManyHours { max: i64 },
    #[error("“{input}” is not a quantity (e.g. 1.5 or 4).")]
    BadQuantity { input: String },
    #[error("“{input}” is not a price in yuan (e.g. 300 or ¥45.50).")]
    BadPrice { input: String },
    #[error("The amount is too large.")]
    Overflow,
}

impl LineError {
    /// The i18n catalog key of this error's message.
    pub fn i18n_key(&self) -> &'static str {
        match self {
            LineError::EmptyDescription => "error.line.empty_description",
            LineError::QuantityNotPositive => "error.line.quantity_not_positive",
            LineError::PriceNegative => "error.line.price_negative",
            LineError::TooManyHours { .. } => "error.line.too_many_hours",
            LineError::BadQuantity { .. } => "error.line.bad_quantity",
            LineError::BadPrice { .. } => "error.line.bad_price",
            LineError::Overflow => "error.line.overflow",
        }
    }

    /// The named placeholders of the message.
    pub fn i18n_args(&self) -> Vec<(&'static str, String)> {
        match self {
            LineError::TooManyHours { max } => vec![("max", max.to_string())],
            LineError::BadQuantity { input } | LineError::BadPrice { input } => {
                vec![("input", input.clone())]
            }
            LineError::EmptyDescription
            | LineError::QuantityNotPositive
            | LineError::PriceNegative
            | LineError::Overflow => vec![],
        }
    }
}

/// A refused promised delivery time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PromiseError {
    #[error("The promised time is too soon; the earliest is {earliest}.")]
    TooSoon { earliest: String },
}

impl PromiseError {
    /// The i18n catalog key of this error's message.
    pub fn i18n_key(&self) -> &'static str {
        match self {
            PromiseError::TooSoon { .. } => "error.promise.too_soon",
        }
    }

    /// The named placeholders of the message (`earliest` as `"2026-11-23 10:10"`).
    pub fn i18n_args(&self) -> Vec<(&'static str, String)> {
        match self {
            PromiseError::TooSoon { earliest } => vec![("earliest", earliest.clone())],
        }
    }
}

// ---------------------------------------------------------------------------------------
// Lines and totals
// ---------------------------------------------------------------------------------------

/// One job line of the estimate: labour (hours × rate) or a part (count × unit price).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub kind: LineKind,
    pub description: String,
    /// Hours (labour) or count (part), in hundredths: 1.5 h → 150.
    pub quantity_centi: i64,
    /// Rate per hour or price per piece, in cents.
    pub unit_price_cents: i64,
    /// Warranty claim (索赔标志 S): paid by the maker, not the customer.
    pub claim: bool,
    /// The appointment's service this line was copied from: shown in the reader's
    /// language instead of `description`.
    pub service: Option<crate::domain::kinds::ServiceType>,
    /// The job catalog's unit price when the line was filled from the catalog (`None`:
    /// typed by hand): a different `unit_price_cents` is shown as a changed price.
    pub catalog_price_cents: Option<i64>,
    /// The catalog entry it was filled from: a part number or an operation's code.
    pub catalog_code: Option<String>,
}

impl Line {
    /// The catalog's price, when the line's price was changed from it.
    pub fn changed_from(&self) -> Option<i64> {
        changed_from(self.unit_price_cents, self.catalog_price_cents)
    }
}

/// The catalog's price `catalog`, when `price` differs from it.
pub fn changed_from(price: i64, catalog: Option<i64>) -> Option<i64> {
    catalog.filter(|c| *c != price)
}

/// The estimate of an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    /// Labour of every line, claim lines included.
    pub labour_cents: i64,
    /// Parts of every line, claim lines included.
    pub parts_cents: i64,
    /// warranty-claim lines (S mark), not charged to the customer
    pub claim_cents: i64,
    /// what the customer pays = labour + parts of non-claim lines
    pub customer_cents: i64,
    /// labour hours of all lines (claim included) in minutes, for the promise
    pub labour_minutes: i64,
    /// the customer's share that the shop bears instead (a comeback for the same concern
    /// that is not charged: internal / goodwill); `customer_cents` is then 0
    pub internal_cents: i64,
}

/// [`totals`] of an order whose customer share is or is not charged (`charged`: false
/// for a comeback for the same concern the shop bears itself).
pub fn totals_charged(lines: &[Line], charged: bool) -> Result<Totals, LineError> {
    let mut t = totals(lines)?;
    if !charged {
        t.internal_cents = t.customer_cents;
        t.customer_cents = 0;
    }
    Ok(t)
}

fn add_to(acc: &mut i64, v: i64) -> Result<(), LineError> {
    *acc = acc.checked_add(v).ok_or(LineError::Overflow)?;
    Ok(())
}

/// Adds the lines up; each amount is `money::line_amount` (rounded half away from zero to
/// the cent). `labour_cents + parts_cents == claim_cents + customer_cents` always holds;
/// `labour_minutes` is rounded up to the whole minute. Any overflow is
/// [`LineError::Overflow`].
pub fn totals(lines: &[Line]) -> Result<Totals, LineError> {
    let mut t = Totals::default();
    let mut labour_centi: i128 = 0;
    for line in lines {
        let Cents(amount) = line_amount(line.quantity_centi, line.unit_price_cents)
            .map_err(|_| LineError::Overflow)?;
        match line.kind {
            LineKind::Labour => {
                add_to(&mut t.labour_cents, amount)?;
                labour_centi += i128::from(line.quantity_centi);
            }
            LineKind::Part => add_to(&mut t.parts_cents, amount)?,
        }
        if line.claim {
            add_to(&mut t.claim_cents, amount)?;
        } else {
            add_to(&mut t.customer_cents, amount)?;
        }
    }
    let scaled = labour_centi * 60;
    let minutes = scaled.div_euclid(100) + i128::from(scaled.rem_euclid(100) != 0);
    t.labour_minutes = i64::try_from(minutes).map_err(|_| LineError::Overflow)?;
    Ok(t)
}

/// Checks one line, in this order: a non-blank description, a quantity above zero, at
/// most [`MAX_LABOUR_HOURS`] on a labour line, a price not below zero, an amount that fits.
pub fn validate_line(l: &Line) -> Result<(), LineError> {
    if l.description.trim().is_empty() {
        return Err(LineError::EmptyDescription);
    }
    if l.quantity_centi <= 0 {
        return Err(LineError::QuantityNotPositive);
    }
    if l.kind == LineKind::Labour && l.quantity_centi > MAX_LABOUR_HOURS * 100 {
        return Err(LineError::TooManyHours {
            max: MAX_LABOUR_HOURS,
        });
    }
    if l.unit_price_cents < 0 {
        return Err(LineError::PriceNegative);
    }
    line_amount(l.quantity_centi, l.unit_price_cents).map_err(|_| LineError::Overflow)?;
    Ok(())
}

/// Parses one line typed at the counter, e.g.
/// `parse_line(LineKind::Labour, "更换机油机滤", "1.5", "300", false)`. The quantity is
/// read by `money::parse_centi`, the unit price in yuan by `Cents::parse_yuan` (so
/// full-width digits, `¥`/`￥`, `RMB` and `元` are accepted); the description is trimmed.
/// A zero or negative quantity is [`LineError::QuantityNotPositive`], a negative price
/// [`LineError::PriceNegative`]; anything else unreadable is `BadQuantity` / `BadPrice`
/// with the (trimmed) input. The result is checked by [`validate_line`].
pub fn parse_line(
    kind: LineKind,
    description: &str,
    quantity: &str,
    unit_price_yuan: &str,
    claim: bool,
) -> Result<Line, LineError> {
    let description = normalize_input(description.trim());
    if description.trim().is_empty() {
        return Err(LineError::EmptyDescription);
    }
    let quantity_centi = match parse_centi(quantity) {
        Ok(q) => q,
        Err(MoneyError::NotPositive | MoneyError::Negative) => {
            return Err(LineError::QuantityNotPositive);
        }
        Err(_) => {
            return Err(LineError::BadQuantity {
                input: quantity.trim().to_string(),
            });
        }
    };
    let unit_price_cents = match Cents::parse_yuan(unit_price_yuan) {
        Ok(Cents(c)) => c,
        Err(MoneyError::Negative) => return Err(LineError::PriceNegative),
        Err(_) => {
            return Err(LineError::BadPrice {
                input: unit_price_yuan.trim().to_string(),
            });
        }
    };
    let line = Line {
        kind,
        description,
        quantity_centi,
        unit_price_cents,
        claim,
        service: None,
        catalog_price_cents: None,
        catalog_code: None,
    };
    validate_line(&line)?;
    Ok(line)
}

// ---------------------------------------------------------------------------------------
// Promised delivery time
// ---------------------------------------------------------------------------------------

/// `t` rounded up to the next quarter hour of the clock (:00, :15, :30, :45); a time
/// already on a quarter hour (no seconds) is kept.
fn round_up_to_quarter(t: NaiveDateTime) -> NaiveDateTime {
    let time = t.time();
    let secs = i64::from(time.num_seconds_from_midnight()) + i64::from(time.nanosecond() > 0);
    let up = (secs + QUARTER_SECONDS - 1) / QUARTER_SECONDS * QUARTER_SECONDS;
    t.date().and_time(NaiveTime::MIN) + TimeDelta::seconds(up)
}

/// Proposed promised delivery: labour starts [`LEAVE_RECEPTION_MINUTES`] after `now_local`
/// (or at opening if before), runs only inside [opens, closes) of open days
/// (`closed(d) == true` skips a day), then [`FINISH_BEFORE_PROMISE_MINUTES`] are added and
/// the result is rounded UP to the next quarter hour; a result past closing moves to the
/// next open day's opening + the remainder (rounded up again). Zero labour → now + 10 + 10
/// rounded up (within opening hours too). The result is always on an open day, within
/// [opens, closes] (closing time itself included) and at least 20 minutes after
/// `now_local`. Looks [`PROMISE_HORIZON_DAYS`] days ahead of `now_local`'s date; `None`
/// when the work does not fit by then (no open day, `opens >= closes`, huge labour).
/// Negative labour counts as zero.
pub fn propose_promise(
    now_local: NaiveDateTime,
    labour_minutes: i64,
    opens: NaiveTime,
    closes: NaiveTime,
    closed: impl Fn(NaiveDate) -> bool,
) -> Option<NaiveDateTime> {
    if opens >= closes {
        return None;
    }
    let start = now_local.checked_add_signed(TimeDelta::minutes(LEAVE_RECEPTION_MINUTES))?;
    let last_day = now_local
        .date()
        .checked_add_days(Days::new(PROMISE_HORIZON_DAYS))?;
    // Seconds still to place inside opening hours: the labour, then the finishing margin.
    let mut remaining =
        (i128::from(labour_minutes.max(0)) + i128::from(FINISH_BEFORE_PROMISE_MINUTES)) * 60;
    let mut day = start.date();
    while day <= last_day {
        if !closed(day) {
            let open_at = day.and_time(opens);
            let close_at = day.and_time(closes);
            let from = start.max(open_at);
            if from < close_at {
                let room = i128::from((close_at - from).num_seconds());
                if remaining <= room {
                    // `remaining` fits in a day here, so the conversion cannot fail.
                    let end = from + TimeDelta::seconds(i64::try_from(remaining).ok()?);
                    let promise = round_up_to_quarter(end);
                    if promise <= close_at {
                        return Some(promise);
                    }
                    remaining = i128::from((promise - close_at).num_seconds());
                } else {
                    remaining -= room;
                }
            }
        }
        day = day.succ_opt()?;
    }
    None
}

/// Refuses a promise before `now_local` + [`LEAVE_RECEPTION_MINUTES`]; the error carries
/// that earliest time (rounded up to the minute) as `"YYYY-MM-DD HH:MM"`.
pub fn validate_promise(
    promised_local: NaiveDateTime,
    now_local: NaiveDateTime,
) -> Result<(), PromiseError> {
    let Some(earliest) = now_local.checked_add_signed(TimeDelta::minutes(LEAVE_RECEPTION_MINUTES))
    else {
        return Ok(());
    };
    if promised_local >= earliest {
        return Ok(());
    }
    let shown = if earliest.second() == 0 && earliest.nanosecond() == 0 {
        earliest
    } else {
        let floor = earliest.with_second(0).and_then(|t| t.with_nanosecond(0));
        floor.map_or(earliest, |t| t + TimeDelta::minutes(1))
    };
    Err(PromiseError::TooSoon {
        earliest: shown.format("%Y-%m-%d %H:%M").to_string(),
    })
}

// ---------------------------------------------------------------------------------------
// Comebacks and order numbers
// ---------------------------------------------------------------------------------------

/// Comeback (返修): the vehicle's most recent DELIVERED order delivered within
/// `window_days` before `now` (inclusive; a delivery after `now` is ignored). Input: the
/// vehicle's orders as (id, state, delivered_at). Returns the id of the order the vehicle
/// comes back to; on equal delivery times the larger id wins. A negative window finds
/// nothing.
pub fn comeback_of(
    history: &[(i64, RepairOrderState, Option<DateTime<Utc>>)],
    now: DateTime<Utc>,
    window_days: i64,
) -> Option<i64> {
    if window_days < 0 {
        return None;
    }
    let window = TimeDelta::try_days(window_days);
    history
        .iter()
        .filter_map(|&(id, state, delivered_at)| {
            let at = delivered_at?;
            let within = at <= now && window.is_none_or(|w| now - at <= w);
            (state == RepairOrderState::Delivered && within).then_some((at, id))
        })
        .max()
        .map(|(_, id)| id)
}

/// True for a well-formed order number `"RO-YYYYMMDD-NNNN"`: upper-case `RO`, a real
/// calendar date and a sequence 0001–9999 (no spaces, nothing around it).
pub fn is_ro_number(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("RO-") else {
        return false;
    };
    let b = rest.as_bytes();
    if b.len() != 13 || b[8] != b'-' {
        return false;
    }
    let (date, seq) = (&b[..8], &b[9..]);
    if !date.iter().chain(seq).all(u8::is_ascii_digit) {
        return false;
    }
    let num = |d: &[u8]| d.iter().fold(0u32, |acc, c| acc * 10 + u32::from(c - b'0'));
    let (y, m, d) = (num(&date[..4]), num(&date[4..6]), num(&date[6..]));
    let valid_date = i32::try_from(y)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
        .is_some();
    valid_date && num(seq) > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labour(q: i64, p: i64, claim: bool) -> Line {
        Line {
            kind: LineKind::Labour,
            description: "换机油".into(),
            quantity_centi: q,
            unit_price_cents: p,
            claim,
            service: None,
            catalog_price_cents: None,
            catalog_code: None,
        }
    }

    fn part(q: i64, p: i64, claim: bool) -> Line {
        Line {
            kind: LineKind::Part,
            ..labour(q, p, claim)
        }
    }

    #[test]
    fn totals_split_claim_lines_from_what_the_customer_pays() {
        let lines = [
            labour(150, 30_000, false),
            part(400, 4_550, false),
            labour(50, 30_000, true),
            part(100, 12_000, true),
        ];
        let t = totals(&lines).unwrap();
        assert_eq!(t.labour_cents, 45_000 + 15_000);
        assert_eq!(t.parts_cents, 18_200 + 12_000);
        assert_eq!(t.claim_cents, 27_000);
        assert_eq!(t.customer_cents, 63_200);
        assert_eq!(t.labour_minutes, 120);
        assert_eq!(totals(&[]), Ok(Totals::default()));
    }

    #[test]
    fn labour_minutes_round_up() {
        // 0.01 h = 0.6 min → 1 min; 0.25 h = 15 min.
        assert_eq!(totals(&[labour(1, 0, false)]).unwrap().labour_minutes, 1);
        assert_eq!(totals(&[labour(25, 0, false)]).unwrap().labour_minutes, 15);
        // Parts do not count.
        assert_eq!(totals(&[part(500, 0, false)]).unwrap().labour_minutes, 0);
    }

    #[test]
    fn quarter_rounding() {
        let t = |h, m, s| {
            NaiveDate::from_ymd_opt(2026, 11, 23)
                .unwrap()
                .and_hms_opt(h, m, s)
                .unwrap()
        };
        assert_eq!(round_up_to_quarter(t(10, 0, 0)), t(10, 0, 0));
        assert_eq!(round_up_to_quarter(t(10, 0, 1)), t(10, 15, 0));
        assert_eq!(round_up_to_quarter(t(10, 44, 59)), t(10, 45, 0));
        assert_eq!(
            round_up_to_quarter(t(23, 50, 0)),
            NaiveDate::from_ymd_opt(2026, 11, 24)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
        );
    }

    #[test]
    fn error_keys_and_args() {
        let e = LineError::BadPrice {
            input: "abc".into(),
        };
        assert_eq!(e.i18n_key(), "error.line.bad_price");
        assert_eq!(e.i18n_args(), vec![("input", "abc".to_string())]);
        assert_eq!(
            e.to_string(),
            "“abc” is not a price in yuan (e.g. 300 or ¥45.50)."
        );
        let e = LineError::TooManyHours { max: 100 };
        assert_eq!(e.i18n_args(), vec![("max", "100".to_string())]);
        assert_eq!(e.to_string(), "A labour line can be at most 100 h.");
        let e = PromiseError::TooSoon {
            earliest: "2026-11-23 10:10".into(),
        };
        assert_eq!(e.i18n_key(), "error.promise.too_soon");
        assert_eq!(
            e.i18n_args(),
            vec![("earliest", "2026-11-23 10:10".to_string())]
        );
    }
}
