//! The engine layer: the store's SQL runs through this one small API on SQLite
//! (rusqlite) and on PostgreSQL (the synchronous `postgres` crate).
//!
//! The store keeps one SQL text per statement. This layer gives it rusqlite's shape
//! (`prepare_cached`, `query_row`, `query_map`, `execute`, rows read with `get`) over
//! either engine, so the store's domain logic exists once:
//!
//! * Values in and out are rusqlite's [`ToSql`] / [`FromSql`] on both engines: a
//!   PostgreSQL column is read as the SQLite value it stands for (BIGINT/INTEGER/NUMERIC
//!   → integer, TEXT → text, …) and then converted by the same `FromSql`, so a row reads
//!   the same from either. Parameters go to PostgreSQL typed by their value (integer →
//!   `int8`, text → `text`, real → `float8`; a NULL is left for the server to infer).
//! * Placeholders are written `?N` (or `?`); PostgreSQL gets `$N` ([`pg::translate`]).
//! * Conversion errors and "no row" are rusqlite's errors on both engines, so the store
//!   matches them once.
//!
//! What only an SQLite file has (pragmas, hooks, backup, the bulk builders' raw binding)
//! goes through [`Connection::sqlite`].

use rusqlite::types::{FromSql, ToSql, ValueRef};

#[cfg(feature = "postgres")]
pub mod pg;

pub use rusqlite::params;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// SQLite's error, and on both engines a row conversion error or "no row".
    #[error("{0}")]
    Sqlite(#[source] rusqlite::Error),
    #[cfg(feature = "postgres")]
    #[error("{}", pg::describe(.0))]
    Postgres(#[source] postgres::Error),
    /// PostgreSQL's error for one statement, with its text (for the log; the message is
    /// the server's).
    #[cfg(feature = "postgres")]
    #[error("{}", pg::describe(.source))]
    PostgresIn {
        source: postgres::Error,
        sql: Box<str>,
    },
    /// A feature of an SQLite file asked of another engine.
    #[error("{0} is only available on an SQLite database file")]
    SqliteOnly(&'static str),
    /// The number of values given is not the number of placeholders.
    #[error("the statement has {expected} placeholders but {given} values were given")]
    ParameterCount { expected: usize, given: usize },
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Sqlite(e)
    }
}

#[cfg(feature = "postgres")]
impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Self {
        Error::Postgres(e)
    }
}

impl Error {
    /// The rusqlite error inside, if any (conversion errors and "no row" on both engines).
    pub fn sqlite(&self) -> Option<&rusqlite::Error> {
        match self {
            Error::Sqlite(e) => Some(e),
            _ => None,
        }
    }

    /// True for "the query returned no row".
    pub fn is_no_rows(&self) -> bool {
        matches!(self, Error::Sqlite(rusqlite::Error::QueryReturnedNoRows))
    }
}

/// rusqlite's `OptionalExtension` for this layer's results.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.is_no_rows() => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// The values of a statement's placeholders, in order: the forms rusqlite takes
/// (`[]`, `[a]`, `[a, b]`, `params![…]`, `(a, b)`, [`params_from_iter`]).
pub trait Params {
    /// Calls `f` with each value in order.
    fn each(&self, f: &mut dyn FnMut(&dyn ToSql) -> Result<()>) -> Result<()>;
}

impl Params for [&(dyn ToSql + Send + Sync); 0] {
    fn each(&self, _: &mut dyn FnMut(&dyn ToSql) -> Result<()>) -> Result<()> {
        Ok(())
    }
}

impl Params for () {
    fn each(&self, _: &mut dyn FnMut(&dyn ToSql) -> Result<()>) -> Result<()> {
        Ok(())
    }
}

impl Params for &[&dyn ToSql] {
    fn each(&self, f: &mut dyn FnMut(&dyn ToSql) -> Result<()>) -> Result<()> {
        self.iter().try_for_each(|v| f(*v))
    }
}

macro_rules! array_params {
    ($($n:literal)+) => {$(
        impl<T: ToSql> Params for [T; $n] {
            fn each(&self, f: &mut dyn FnMut(&dyn ToSql) -> Result<()>) -> Result<()> {
                self.iter().try_for_each(|v| f(v))
            }
        }
        impl<T: ToSql + ?Sized> Params for &[&T; $n] {
            fn each(&self, f: &mut dyn FnMut(&dyn ToSql) -> Result<()>) -> Result<()> {
                self.iter().try_for_each(|v| f(v))
            }
        }
    )+};
}
array_params!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24);

macro_rules! tuple_params {
    ($(($($i:tt $t:ident),+))+) => {$(
        impl<$($t: ToSql),+> Params for ($($t,)+) {
            fn each(&self, f: &mut dyn FnMut(&dyn ToSql) -> Result<()>) -> Result<()> {
                $(f(&self.$i)?;)+
                Ok(())
            }
        }
    )+};
}
tuple_params! {
    (0 A)
    (0 A, 1 B)
    (0 A, 1 B, 2 C)
    (0 A, 1 B, 2 C, 3 D)
    (0 A, 1 B, 2 C, 3 D, 4 E)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 F)
}

/// Values from an iterator, as rusqlite's `params_from_iter`.
pub struct ParamsFromIter<I>(I);

pub fn params_from_iter<I>(iter: I) -> ParamsFromIter<I>
where
    I: IntoIterator + Clone,
    I::Item: ToSql,
{
    ParamsFromIter(iter)
}

impl<I> Params for ParamsFromIter<I>
where
    I: IntoIterator + Clone,
    I::Item: ToSql,
{
    fn each(&self, f: &mut dyn FnMut(&dyn ToSql) -> Result<()>) -> Result<()> {
        self.0.clone().into_iter().try_for_each(|v| f(&v))
    }
}

/// Which engine a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// One connection to either engine.
pub struct Connection {
    inner: Inner,
}

enum Inner {
    Sqlite(rusqlite::Connection),
    #[cfg(feature = "postgres")]
    Postgres(pg::Session),
}

impl From<rusqlite::Connection> for Connection {
    fn from(c: rusqlite::Connection) -> Self {
        Connection {
            inner: Inner::Sqlite(c),
        }
    }
}

#[cfg(feature = "postgres")]
impl From<pg::Session> for Connection {
    fn from(s: pg::Session) -> Self {
        Connection {
            inner: Inner::Postgres(s),
        }
    }
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("engine", &self.engine())
            .finish()
    }
}

impl Connection {
    pub fn engine(&self) -> Engine {
        match &self.inner {
            Inner::Sqlite(_) => Engine::Sqlite,
            #[cfg(feature = "postgres")]
            Inner::Postgres(_) => Engine::Postgres,
        }
    }

    /// The SQLite connection, for what only an SQLite file has; `what` names it for the
    /// error on another engine.
    pub fn sqlite(&self, what: &'static str) -> Result<&rusqlite::Connection> {
        match &self.inner {
            Inner::Sqlite(c) => Ok(c),
            #[cfg(feature = "postgres")]
            Inner::Postgres(_) => Err(Error::SqliteOnly(what)),
        }
    }

    pub fn sqlite_mut(&mut self, what: &'static str) -> Result<&mut rusqlite::Connection> {
        match &mut self.inner {
            Inner::Sqlite(c) => Ok(c),
            #[cfg(feature = "postgres")]
            Inner::Postgres(_) => Err(Error::SqliteOnly(what)),
        }
    }

    #[cfg(feature = "postgres")]
    pub fn postgres(&self) -> Option<&pg::Session> {
        match &self.inner {
            Inner::Postgres(s) => Some(s),
            Inner::Sqlite(_) => None,
        }
    }

    /// A statement, prepared again at each call.
    pub fn prepare(&self, sql: &str) -> Result<Statement<'_>> {
        Ok(Statement {
            inner: match &self.inner {
                Inner::Sqlite(c) => StInner::Sqlite(c.prepare(sql)?),
                #[cfg(feature = "postgres")]
                Inner::Postgres(s) => StInner::Postgres(s, pg::translate(sql)),
            },
        })
    }

    /// A statement from the connection's cache (prepared once per text).
    pub fn prepare_cached(&self, sql: &str) -> Result<Statement<'_>> {
        Ok(Statement {
            inner: match &self.inner {
                Inner::Sqlite(c) => StInner::SqliteCached(c.prepare_cached(sql)?),
                #[cfg(feature = "postgres")]
                Inner::Postgres(s) => StInner::Postgres(s, pg::translate(sql)),
            },
        })
    }

    pub fn execute<P: Params>(&self, sql: &str, params: P) -> Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    pub fn query_row<T, P: Params, F>(&self, sql: &str, params: P, f: F) -> Result<T>
    where
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        self.prepare_cached(sql)?.query_row(params, f)
    }

    /// The id of the row the last [`Statement::insert`] on this connection inserted.
    pub fn last_insert_rowid(&self) -> i64 {
        match &self.inner {
            Inner::Sqlite(c) => c.last_insert_rowid(),
            #[cfg(feature = "postgres")]
            Inner::Postgres(s) => s.last_id(),
        }
    }

    /// The schema version the database holds: SQLite's `user_version`, the version row
    /// of `frontdesk_schema` on PostgreSQL (0 when there is none yet).
    pub fn schema_version(&self) -> Result<u32> {
        match &self.inner {
            Inner::Sqlite(c) => Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?),
            #[cfg(feature = "postgres")]
            Inner::Postgres(_) => {
                let v: Option<i64> =
                    self.query_row("SELECT max(version) FROM frontdesk_schema", [], |r| {
                        r.get(0)
                    })?;
                Ok(v.unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32)
            }
        }
    }

    /// Runs statements without parameters (migrations, transaction control).
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(c) => Ok(c.execute_batch(sql)?),
            #[cfg(feature = "postgres")]
            Inner::Postgres(s) => s.batch(sql),
        }
    }
}

/// A prepared statement.
pub struct Statement<'c> {
    inner: StInner<'c>,
}

enum StInner<'c> {
    Sqlite(rusqlite::Statement<'c>),
    SqliteCached(rusqlite::CachedStatement<'c>),
    #[cfg(feature = "postgres")]
    Postgres(&'c pg::Session, String),
}

/// Binds `params` to an SQLite statement, refusing a count that does not match.
fn bind(st: &mut rusqlite::Statement<'_>, params: &dyn Params) -> Result<()> {
    let expected = st.parameter_count();
    let given = count(params);
    if given != expected {
        return Err(Error::ParameterCount { expected, given });
    }
    let mut i = 0;
    params.each(&mut |v| {
        i += 1;
        st.raw_bind_parameter(i, v)?;
        Ok(())
    })
}

/// How many values `params` holds.
pub(crate) fn count(params: &dyn Params) -> usize {
    let mut n = 0;
    let _ = params.each(&mut |_| {
        n += 1;
        Ok(())
    });
    n
}

impl<'c> Statement<'c> {
    fn lite(&mut self) -> Option<&mut rusqlite::Statement<'c>> {
        match &mut self.inner {
            StInner::Sqlite(s) => Some(s),
            StInner::SqliteCached(s) => Some(s),
            #[cfg(feature = "postgres")]
            StInner::Postgres(..) => None,
        }
    }

    /// The SQLite statement, for the bulk builders' raw binding.
    pub fn sqlite(&mut self) -> Result<&mut rusqlite::Statement<'c>> {
        self.lite()
            .ok_or(Error::SqliteOnly("raw parameter binding"))
    }

    pub fn execute<P: Params>(&mut self, params: P) -> Result<usize> {
        if let Some(st) = self.lite() {
            bind(st, &params)?;
            return Ok(st.raw_execute()?);
        }
        #[cfg(feature = "postgres")]
        if let StInner::Postgres(s, sql) = &self.inner {
            return s.execute(sql, &params);
        }
        unreachable!("a statement of no engine")
    }

    /// Runs an INSERT of one row into a table with an `id` column; the row's id is then
    /// [`Connection::last_insert_rowid`] (on PostgreSQL the statement runs with
    /// `RETURNING id`). Returns the rows inserted, as [`Statement::execute`].
    pub fn insert<P: Params>(&mut self, params: P) -> Result<usize> {
        if let Some(st) = self.lite() {
            bind(st, &params)?;
            return Ok(st.raw_execute()?);
        }
        #[cfg(feature = "postgres")]
        if let StInner::Postgres(s, sql) = &self.inner {
            return s.insert(sql, &params);
        }
        unreachable!("a statement of no engine")
    }

    pub fn query<P: Params>(&mut self, params: P) -> Result<Rows<'_>> {
        let st: &mut rusqlite::Statement<'c> = match &mut self.inner {
            StInner::Sqlite(s) => s,
            StInner::SqliteCached(s) => s,
            #[cfg(feature = "postgres")]
            StInner::Postgres(s, sql) => {
                return Ok(Rows {
                    inner: RowsInner::Postgres(s.query(sql, &params)?.into_iter(), None),
                });
            }
        };
        bind(st, &params)?;
        Ok(Rows {
            inner: RowsInner::Sqlite(st.raw_query()),
        })
    }

    /// The number of columns a row of this statement has.
    pub fn column_count(&mut self) -> Result<usize> {
        match &mut self.inner {
            StInner::Sqlite(s) => Ok(s.column_count()),
            StInner::SqliteCached(s) => Ok(s.column_count()),
            #[cfg(feature = "postgres")]
            StInner::Postgres(s, sql) => Ok(s.client().prepare(sql)?.columns().len()),
        }
    }

    /// The number of placeholders.
    pub fn parameter_count(&mut self) -> usize {
        match &mut self.inner {
            StInner::Sqlite(s) => s.parameter_count(),
            StInner::SqliteCached(s) => s.parameter_count(),
            #[cfg(feature = "postgres")]
            StInner::Postgres(_, sql) => pg::placeholders(sql),
        }
    }

    pub fn query_map<T, P: Params, F>(&mut self, params: P, f: F) -> Result<MappedRows<'_, F>>
    where
        F: FnMut(&Row<'_>) -> Result<T>,
    {
        Ok(MappedRows {
            rows: self.query(params)?,
            f,
        })
    }

    pub fn query_row<T, P: Params, F>(&mut self, params: P, f: F) -> Result<T>
    where
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        let mut rows = self.query(params)?;
        match rows.next()? {
            Some(r) => f(&r),
            None => Err(rusqlite::Error::QueryReturnedNoRows.into()),
        }
    }

    pub fn exists<P: Params>(&mut self, params: P) -> Result<bool> {
        Ok(self.query(params)?.next()?.is_some())
    }
}

/// The rows of a query, read one at a time.
pub struct Rows<'s> {
    inner: RowsInner<'s>,
}

enum RowsInner<'s> {
    Sqlite(rusqlite::Rows<'s>),
    #[cfg(feature = "postgres")]
    Postgres(std::vec::IntoIter<postgres::Row>, Option<postgres::Row>),
}

impl Rows<'_> {
    /// The next row, or `None` after the last.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<Row<'_>>> {
        match &mut self.inner {
            RowsInner::Sqlite(rows) => Ok(rows.next()?.map(|r| Row {
                inner: RowInner::Sqlite(r),
            })),
            #[cfg(feature = "postgres")]
            RowsInner::Postgres(rows, current) => {
                *current = rows.next();
                Ok(current.as_ref().map(|r| Row {
                    inner: RowInner::Postgres(r),
                }))
            }
        }
    }
}

/// [`Statement::query_map`]'s rows, each mapped by `f`.
pub struct MappedRows<'s, F> {
    rows: Rows<'s>,
    f: F,
}

impl<T, F> Iterator for MappedRows<'_, F>
where
    F: FnMut(&Row<'_>) -> Result<T>,
{
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        match self.rows.next() {
            Ok(Some(r)) => Some((self.f)(&r)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

/// One row of a result.
pub struct Row<'r> {
    inner: RowInner<'r>,
}

enum RowInner<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    #[cfg(feature = "postgres")]
    Postgres(&'r postgres::Row),
}

/// A column by position (from 0) or by name.
pub trait ColumnIndex: rusqlite::RowIndex + Copy {
    #[cfg(feature = "postgres")]
    fn position(self, row: &postgres::Row) -> Option<usize>;
    /// rusqlite's error for a column that is not there.
    fn missing(self) -> rusqlite::Error;
}

impl ColumnIndex for usize {
    #[cfg(feature = "postgres")]
    fn position(self, row: &postgres::Row) -> Option<usize> {
        (self < row.len()).then_some(self)
    }
    fn missing(self) -> rusqlite::Error {
        rusqlite::Error::InvalidColumnIndex(self)
    }
}

impl ColumnIndex for &str {
    #[cfg(feature = "postgres")]
    fn position(self, row: &postgres::Row) -> Option<usize> {
        row.columns().iter().position(|c| c.name() == self)
    }
    fn missing(self) -> rusqlite::Error {
        rusqlite::Error::InvalidColumnName(self.to_string())
    }
}

impl Row<'_> {
    /// Column `idx` converted to `T` as rusqlite converts SQLite's value.
    pub fn get<I: ColumnIndex, T: FromSql>(&self, idx: I) -> Result<T> {
        match &self.inner {
            RowInner::Sqlite(r) => Ok(r.get(idx)?),
            #[cfg(feature = "postgres")]
            RowInner::Postgres(r) => pg::get(r, idx),
        }
    }

    /// Column `idx` as SQLite's value (a PostgreSQL column as the value it stands for).
    pub fn get_ref<I: ColumnIndex>(&self, idx: I) -> Result<ValueRef<'_>> {
        match &self.inner {
            RowInner::Sqlite(r) => Ok(r.get_ref(idx)?),
            #[cfg(feature = "postgres")]
            RowInner::Postgres(r) => pg::get_ref(r, idx),
        }
    }
}
