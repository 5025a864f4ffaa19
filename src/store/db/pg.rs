//! The PostgreSQL side of the engine layer: a session over one `postgres::Client`,
//! SQLite's placeholders and values translated, statements prepared once per text and
//! parameter types.

use std::cell::RefCell;
use std::collections::HashMap;
use std::error::Error as StdError;

use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{IsNull, Kind, ToSql as PgToSql, Type, to_sql_checked};
use postgres::{Client, Statement};
use rusqlite::types::{FromSql, FromSqlError, ToSqlOutput, Value, ValueRef};

use super::{ColumnIndex, Params, Result};

/// One connection to PostgreSQL with its prepared statements.
pub struct Session {
    client: RefCell<Client>,
    /// Prepared statements by (PostgreSQL text, parameter type oids).
    prepared: RefCell<HashMap<(String, Vec<u32>), Statement>>,
    /// The id the last [`Session::insert`] returned.
    last_id: std::cell::Cell<i64>,
    /// How many commits this session has been told of ([`Session::notified`]).
    notified: std::cell::Cell<i64>,
    /// Inside BEGIN … COMMIT/ROLLBACK (a failed statement there ends the transaction's
    /// use, so a statement that may be prepared again is tried under a savepoint).
    in_transaction: std::cell::Cell<bool>,
}

/// The channel every committing write notifies and every session listens on.
pub const CHANNEL: &str = "frontdesk";

impl Session {
    pub fn new(client: Client) -> Session {
        Session {
            client: RefCell::new(client),
            prepared: RefCell::default(),
            last_id: std::cell::Cell::new(0),
            notified: std::cell::Cell::new(0),
            in_transaction: std::cell::Cell::new(false),
        }
    }

    /// The client, for what the layer does not cover (LISTEN, COPY).
    pub fn client(&self) -> std::cell::RefMut<'_, Client> {
        self.client.borrow_mut()
    }

    pub fn is_closed(&self) -> bool {
        self.client.borrow().is_closed()
    }

    /// Listens for the commits of every session (its own included).
    pub fn listen(&self) -> Result<()> {
        self.batch(&format!("LISTEN {CHANNEL}"))
    }

    /// How many commits were notified so far: the notifications already received are
    /// counted without waiting for more (PostgreSQL delivers a transaction's notify when
    /// it commits, so this moves after every committed write).
    pub fn notified(&self) -> Result<i64> {
        let mut c = self.client.borrow_mut();
        // One round trip first: a commit that returned to its writer before this call has
        // signalled this session's server process, which sends the notification before it
        // answers.
        c.batch_execute("")?;
        let mut n = self.notified.get();
        let mut pending = c.notifications();
        let mut it = pending.iter();
        while it.next()?.is_some() {
            n += 1;
        }
        self.notified.set(n);
        Ok(n)
    }

    /// The commits counted so far (without asking the server).
    pub fn notified_count(&self) -> i64 {
        self.notified.get()
    }

    /// Counts on from `n` (a session that replaces a lost one).
    pub fn continue_from(&self, n: i64) {
        self.notified.set(n);
    }

    pub(super) fn batch(&self, sql: &str) -> Result<()> {
        self.client
            .borrow_mut()
            .batch_execute(sql)
            .map_err(|e| in_statement(e, sql))?;
        // The store begins and ends its transactions with these words alone.
        let word = sql.split_whitespace().next().unwrap_or("");
        if word.eq_ignore_ascii_case("BEGIN") {
            self.in_transaction.set(true);
        } else if word.eq_ignore_ascii_case("COMMIT") || word.eq_ignore_ascii_case("ROLLBACK") {
            self.in_transaction.set(false);
        }
        Ok(())
    }

    /// The statement for `sql` with these values' types. A NULL whose type the server
    /// cannot work out from the text (`?1 IS NULL`) is sent as text.
    fn statement(&self, sql: &str, values: &[Param]) -> Result<Statement> {
        let oids: Vec<u32> = values.iter().map(|v| v.ty().oid()).collect();
        let key = (sql.to_string(), oids);
        if let Some(st) = self.prepared.borrow().get(&key) {
            return Ok(st.clone());
        }
        let mut types: Vec<Type> = values.iter().map(Param::ty).collect();
        let guarded = self.in_transaction.get() && types.iter().any(|t| t.oid() == 0);
        let mut c = self.client.borrow_mut();
        if guarded {
            c.batch_execute("SAVEPOINT frontdesk_prepare")?;
        }
        let st = loop {
            match c.prepare_typed(sql, &types) {
                Ok(st) => break st,
                Err(e) => {
                    let retry = undetermined(&e)
                        .and_then(|n| types.get_mut(n.checked_sub(1)?))
                        .filter(|t| t.oid() == 0);
                    match retry {
                        Some(t) => *t = Type::TEXT,
                        None => {
                            if guarded {
                                c.batch_execute("ROLLBACK TO SAVEPOINT frontdesk_prepare")?;
                            }
                            return Err(in_statement(e, sql));
                        }
                    }
                    if guarded {
                        c.batch_execute("ROLLBACK TO SAVEPOINT frontdesk_prepare")?;
                    }
                }
            }
        };
        if guarded {
            c.batch_execute("RELEASE SAVEPOINT frontdesk_prepare")?;
        }
        drop(c);
        self.prepared.borrow_mut().insert(key, st.clone());
        Ok(st)
    }

    pub(super) fn execute(&self, sql: &str, params: &dyn Params) -> Result<usize> {
        let values = values(params)?;
        let st = self.statement(sql, &values)?;
        let refs: Vec<&(dyn PgToSql + Sync)> =
            values.iter().map(|v| v as &(dyn PgToSql + Sync)).collect();
        let n = self
            .client
            .borrow_mut()
            .execute(&st, &refs)
            .map_err(|e| in_statement(e, sql))?;
        Ok(n as usize)
    }

    pub(super) fn last_id(&self) -> i64 {
        self.last_id.get()
    }

    /// An INSERT of one row run with `RETURNING id`; the id is kept for
    /// [`Session::last_id`].
    pub(super) fn insert(&self, sql: &str, params: &dyn Params) -> Result<usize> {
        let rows = self.query(&format!("{sql} RETURNING id"), params)?;
        if let Some(r) = rows.first() {
            self.last_id.set(r.try_get::<_, i64>(0)?);
        }
        Ok(rows.len())
    }

    pub(super) fn query(&self, sql: &str, params: &dyn Params) -> Result<Vec<postgres::Row>> {
        let values = values(params)?;
        let st = self.statement(sql, &values)?;
        let refs: Vec<&(dyn PgToSql + Sync)> =
            values.iter().map(|v| v as &(dyn PgToSql + Sync)).collect();
        self.client
            .borrow_mut()
            .query(&st, &refs)
            .map_err(|e| in_statement(e, sql))
    }
}

fn in_statement(source: postgres::Error, sql: &str) -> super::Error {
    super::Error::PostgresIn {
        source,
        sql: sql.into(),
    }
}

/// The placeholder number of "could not determine data type of parameter $N".
fn undetermined(e: &postgres::Error) -> Option<usize> {
    let db = e.as_db_error()?;
    if db.code() != &postgres::error::SqlState::AMBIGUOUS_PARAMETER
        && db.code() != &postgres::error::SqlState::INDETERMINATE_DATATYPE
    {
        return None;
    }
    let (_, n) = db.message().rsplit_once('$')?;
    n.trim().parse().ok()
}

/// SQLite's SQL text with `?N` (and bare `?`) placeholders as PostgreSQL's `$N`. Quoted
/// strings, quoted names and comments are copied as they are.
pub fn translate(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let mut next_bare = 0u32;
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == '\n' {
                        break;
                    }
                }
            }
            '?' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                out.push('$');
                if digits.is_empty() {
                    next_bare += 1;
                    out.push_str(&next_bare.to_string());
                } else {
                    next_bare = digits.parse().unwrap_or(next_bare);
                    out.push_str(&digits);
                }
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                // A word: SQLite's index hint (`INDEXED BY name`) is dropped, PostgreSQL
                // has none.
                let mut word = String::from(c);
                while let Some(d) = chars
                    .peek()
                    .filter(|d| d.is_ascii_alphanumeric() || **d == '_')
                {
                    word.push(*d);
                    chars.next();
                }
                if word.eq_ignore_ascii_case("INDEXED") {
                    let rest: String = chars.clone().collect();
                    let mut words = rest.split_whitespace();
                    if words.next().is_some_and(|w| w.eq_ignore_ascii_case("BY"))
                        && words.next().is_some()
                    {
                        // Skip "BY" and the index's name.
                        for _ in 0..2 {
                            while chars.peek().is_some_and(|d| d.is_whitespace()) {
                                chars.next();
                            }
                            while chars
                                .peek()
                                .is_some_and(|d| d.is_ascii_alphanumeric() || *d == '_')
                            {
                                chars.next();
                            }
                        }
                        continue;
                    }
                }
                out.push_str(&word);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The highest `$N` in a translated text.
pub fn placeholders(sql: &str) -> usize {
    let b = sql.as_bytes();
    let mut max = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'$' {
            let start = i + 1;
            let mut j = start;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            if let Ok(n) = sql[start..j].parse::<usize>() {
                max = max.max(n);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    max
}

/// A parameter as PostgreSQL gets it: typed by its SQLite value.
#[derive(Debug)]
enum Param {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// The type oid 0: "let the server infer it" (a NULL's type).
fn unspecified() -> Type {
    Type::new("unspecified".into(), 0, Kind::Pseudo, "pg_catalog".into())
}

impl Param {
    fn ty(&self) -> Type {
        match self {
            Param::Null => unspecified(),
            Param::Integer(_) => Type::INT8,
            Param::Real(_) => Type::FLOAT8,
            Param::Text(_) => Type::TEXT,
            Param::Blob(_) => Type::BYTEA,
        }
    }
}

fn values(params: &dyn Params) -> Result<Vec<Param>> {
    let mut out = Vec::new();
    params.each(&mut |v| {
        let owned: Value = match v.to_sql()? {
            ToSqlOutput::Borrowed(r) => r.into(),
            ToSqlOutput::Owned(v) => v,
            other => {
                return Err(rusqlite::Error::ToSqlConversionFailure(
                    format!("a value PostgreSQL cannot take: {other:?}").into(),
                )
                .into());
            }
        };
        out.push(match owned {
            Value::Null => Param::Null,
            Value::Integer(i) => Param::Integer(i),
            Value::Real(f) => Param::Real(f),
            Value::Text(t) => Param::Text(t),
            Value::Blob(b) => Param::Blob(b),
        });
        Ok(())
    })?;
    Ok(out)
}

impl PgToSql for Param {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn StdError + Sync + Send>> {
        match self {
            Param::Null => Ok(IsNull::Yes),
            Param::Integer(i) => match *ty {
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                _ => i.to_sql(ty, out),
            },
            Param::Real(f) => f.to_sql(ty, out),
            Param::Text(t) => t.as_str().to_sql(ty, out),
            Param::Blob(b) => b.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// A column's bytes as the server sent them (binary format), and its type.
struct Raw<'a>(Option<&'a [u8]>);

impl<'a> postgres::types::FromSql<'a> for Raw<'a> {
    fn from_sql(
        _: &Type,
        raw: &'a [u8],
    ) -> std::result::Result<Self, Box<dyn StdError + Sync + Send>> {
        Ok(Raw(Some(raw)))
    }

    fn from_sql_null(_: &Type) -> std::result::Result<Self, Box<dyn StdError + Sync + Send>> {
        Ok(Raw(None))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

fn be<const N: usize>(raw: &[u8]) -> Option<[u8; N]> {
    raw.try_into().ok()
}

/// A NUMERIC in PostgreSQL's binary form as an integer when it is whole and fits,
/// otherwise as a real.
fn numeric(raw: &[u8]) -> Option<ValueRef<'static>> {
    let word = |i: usize| -> Option<u16> { Some(u16::from_be_bytes(be(raw.get(i..i + 2)?)?)) };
    let ndigits = word(0)? as usize;
    let weight = word(2)? as i16 as i32;
    let sign = word(4)?;
    if sign == 0xC000 {
        return Some(ValueRef::Real(f64::NAN));
    }
    let mut whole: i128 = 0;
    let mut real = 0f64;
    let mut fraction = false;
    for k in 0..ndigits {
        let d = word(8 + 2 * k)? as i128;
        let exp = weight - k as i32;
        real += d as f64 * 10000f64.powi(exp);
        if exp < 0 {
            fraction |= d != 0;
        } else {
            whole = whole.checked_mul(10000)?.checked_add(d)?;
        }
    }
    // Trailing zero groups before the point (weight beyond the digits sent).
    for _ in ndigits as i32..=weight {
        whole = whole.checked_mul(10000)?;
    }
    let negative = sign == 0x4000;
    if !fraction && let Ok(i) = i64::try_from(if negative { -whole } else { whole }) {
        return Some(ValueRef::Integer(i));
    }
    Some(ValueRef::Real(if negative { -real } else { real }))
}

fn value_ref<'r>(ty: &Type, raw: Option<&'r [u8]>) -> std::result::Result<ValueRef<'r>, String> {
    let Some(raw) = raw else {
        return Ok(ValueRef::Null);
    };
    let bad = || format!("a {} value of {} bytes", ty.name(), raw.len());
    Ok(match *ty {
        Type::INT8 => ValueRef::Integer(i64::from_be_bytes(be(raw).ok_or_else(bad)?)),
        Type::INT4 => ValueRef::Integer(i32::from_be_bytes(be(raw).ok_or_else(bad)?) as i64),
        Type::INT2 => ValueRef::Integer(i16::from_be_bytes(be(raw).ok_or_else(bad)?) as i64),
        Type::OID => ValueRef::Integer(u32::from_be_bytes(be(raw).ok_or_else(bad)?) as i64),
        Type::BOOL => ValueRef::Integer((raw.first().copied().unwrap_or(0) != 0) as i64),
        Type::FLOAT8 => ValueRef::Real(f64::from_be_bytes(be(raw).ok_or_else(bad)?)),
        Type::FLOAT4 => ValueRef::Real(f32::from_be_bytes(be(raw).ok_or_else(bad)?) as f64),
        Type::NUMERIC => numeric(raw).ok_or_else(bad)?,
        Type::BYTEA => ValueRef::Blob(raw),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
            ValueRef::Text(raw)
        }
        _ => return Err(format!("a column of type {}", ty.name())),
    })
}

fn position<I: ColumnIndex>(row: &postgres::Row, idx: I) -> Result<usize> {
    idx.position(row).ok_or_else(|| idx.missing().into())
}

pub(super) fn get_ref<I: ColumnIndex>(row: &postgres::Row, idx: I) -> Result<ValueRef<'_>> {
    let i = position(row, idx)?;
    let ty = row.columns()[i].type_();
    let raw: Raw<'_> = row.try_get(i)?;
    value_ref(ty, raw.0).map_err(|why| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Null,
            format!("PostgreSQL sent {why}, which has no SQLite value").into(),
        )
        .into()
    })
}

/// Column `idx` as rusqlite converts the SQLite value it stands for (the errors are the
/// ones rusqlite gives).
pub(super) fn get<I: ColumnIndex, T: FromSql>(row: &postgres::Row, idx: I) -> Result<T> {
    let i = position(row, idx)?;
    let v = get_ref(row, idx)?;
    T::column_result(v).map_err(|e| {
        let name = row.columns()[i].name().to_string();
        match e {
            FromSqlError::InvalidType => rusqlite::Error::InvalidColumnType(i, name, v.data_type()),
            FromSqlError::OutOfRange(n) => rusqlite::Error::IntegralValueOutOfRange(i, n),
            FromSqlError::Other(err) => {
                rusqlite::Error::FromSqlConversionFailure(i, v.data_type(), err)
            }
            other => rusqlite::Error::FromSqlConversionFailure(i, v.data_type(), Box::new(other)),
        }
        .into()
    })
}

/// A PostgreSQL error in words: the server's message (and detail) when it sent one.
pub fn describe(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => match db.detail() {
            Some(d) => format!("{} ({d})", db.message()),
            None => db.message().to_string(),
        },
        None => e.to_string(),
    }
}

/// The SQLSTATE of a PostgreSQL error found in `e`'s chain.
pub fn sql_state<'e>(e: &'e (dyn StdError + 'static)) -> Option<&'e postgres::error::SqlState> {
    let mut cur: Option<&(dyn StdError + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(p) = err.downcast_ref::<postgres::Error>() {
            return p.code();
        }
        cur = err.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_dollars_outside_quotes_and_comments() {
        assert_eq!(
            translate("SELECT ?1, ?2 WHERE a = '?3' AND \"b?\" = ?10 -- ?4\n AND c = ?2"),
            "SELECT $1, $2 WHERE a = '?3' AND \"b?\" = $10 -- ?4\n AND c = $2"
        );
        assert_eq!(translate("VALUES (?, ?, ?)"), "VALUES ($1, $2, $3)");
        assert_eq!(
            translate(
                "FROM repair_orders ro INDEXED BY repair_orders_open JOIN x ON x.indexed = ?1"
            ),
            "FROM repair_orders ro  JOIN x ON x.indexed = $1"
        );
        assert_eq!(
            translate("x = 'it''s ?' AND y = ?"),
            "x = 'it''s ?' AND y = $1"
        );
    }

    fn numeric_bytes(ndigits: u16, weight: i16, sign: u16, dscale: u16, digits: &[u16]) -> Vec<u8> {
        let mut v = Vec::new();
        for w in [ndigits, weight as u16, sign, dscale] {
            v.extend_from_slice(&w.to_be_bytes());
        }
        for d in digits {
            v.extend_from_slice(&d.to_be_bytes());
        }
        v
    }

    #[test]
    fn numerics_read_as_integers_when_whole_and_as_reals_otherwise() {
        // 133044291500 = 13|3044|2915|00 in base 10000: weight 2, digits 1330, 4429, 1500.
        let n = numeric_bytes(3, 2, 0, 0, &[1330, 4429, 1500]);
        assert_eq!(numeric(&n), Some(ValueRef::Integer(133_044_291_500)));
        // 20000 = 2|0000: one digit of weight 1 (the zero group is not sent).
        assert_eq!(
            numeric(&numeric_bytes(1, 1, 0, 0, &[2])),
            Some(ValueRef::Integer(20_000))
        );
        assert_eq!(
            numeric(&numeric_bytes(1, 0, 0x4000, 0, &[7])),
            Some(ValueRef::Integer(-7))
        );
        assert_eq!(
            numeric(&numeric_bytes(0, 0, 0, 0, &[])),
            Some(ValueRef::Integer(0))
        );
        // 2.5 = 2 . 5000
        assert_eq!(
            numeric(&numeric_bytes(2, 0, 0, 1, &[2, 5000])),
            Some(ValueRef::Real(2.5))
        );
        assert_eq!(numeric(&[0, 1]), None);
    }
}
