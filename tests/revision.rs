//! The revision a screen's rows were read at (`Store::revision_of`): this counter's own
//! commits move it only when they changed a table the rows come from; another
//! connection's commit moves it whatever it changed. The lists of tables are checked
//! against what the loads really read (SQLite's authorizer), so a new join cannot leave
//! a screen showing rows this counter has since changed.

use chrono::{DateTime, Utc};
use frontdesk::store::{Access, Store, StoreError, testing};

const OPEN: &str = "state NOT IN ('delivered', 'cancelled')";

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-03T10:30:00+08:00")
        .unwrap()
        .with_timezone(&Utc)
}

/// The demo shop (open orders, complaints, appointments) in a temporary file.
fn demo() -> (tempfile::TempDir, std::path::PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let mut store = Store::open(&path, Access::ReadWrite).unwrap();
    frontdesk::demo::fill(&mut store, 1, now(), frontdesk::demo::ZONE).unwrap();
    (dir, path, store)
}

/// Runs `sql` in one write of the store (with the audit's actor and clock).
fn write(store: &mut Store, sql: &str) {
    store
        .write(None, now(), |tx| {
            let n = tx.conn().execute(sql, [])?;
            assert!(n > 0, "{sql} changed nothing");
            Ok(())
        })
        .unwrap();
}

#[test]
fn each_list_names_exactly_the_tables_its_load_reads() {
    let (_dir, _path, mut store) = demo();
    let read = testing::tables_read(&mut store, |s| {
        let rows = s.work_board()?;
        assert!(!rows.is_empty(), "the demo has open orders");
        s.work_policy()
    })
    .unwrap();
    let listed = Store::WORK_BOARD_READS
        .iter()
        .map(|t| t.to_string())
        .collect();
    assert_eq!(read, listed, "the work-orders board");

    let read = testing::tables_read(&mut store, |s| {
        let rows = s.open_complaints()?;
        assert!(!rows.is_empty(), "the demo has open complaints");
        Ok(())
    })
    .unwrap();
    let listed = Store::OPEN_COMPLAINTS_READS
        .iter()
        .map(|t| t.to_string())
        .collect();
    assert_eq!(read, listed, "the open complaints");

    // Their changes are not counted by the update hook: no list may name one.
    let without_rowid = testing::without_rowid_tables(&store).unwrap();
    assert!(!without_rowid.is_empty(), "the check looks at something");
    for t in Store::WORK_BOARD_READS
        .iter()
        .chain(Store::OPEN_COMPLAINTS_READS)
    {
        assert!(!without_rowid.contains(&t.to_string()), "{t}");
    }
}

#[test]
fn an_own_write_elsewhere_keeps_the_rows_current_and_one_to_their_tables_does_not() {
    let (_dir, _path, mut store) = demo();
    let board = |s: &Store| s.revision_of(Store::WORK_BOARD_READS).unwrap();
    let complaints = |s: &Store| s.revision_of(Store::OPEN_COMPLAINTS_READS).unwrap();
    let (b0, c0, all0) = (board(&store), complaints(&store), store.revision().unwrap());

    // An appointment's note: neither list reads appointments.
    write(
        &mut store,
        "UPDATE appointments SET note = 'rang back' WHERE id = (SELECT min(id) FROM appointments)",
    );
    assert_ne!(store.revision().unwrap(), all0, "the whole store moved");
    assert_eq!(board(&store), b0, "the board is still current");
    assert_eq!(complaints(&store), c0, "the complaints are still current");

    // A job's progress: the board's, not the complaints'.
    write(
        &mut store,
        &format!(
            "UPDATE repair_orders SET progress_pct = 40 WHERE id = \
             (SELECT min(id) FROM repair_orders WHERE {OPEN})"
        ),
    );
    let b1 = board(&store);
    assert_ne!(b1, b0, "the board is stale");
    assert_eq!(complaints(&store), c0);

    // A complaint's event: the complaints', not the board's.
    write(
        &mut store,
        "UPDATE complaint_events SET note = 'called' WHERE id = \
         (SELECT min(id) FROM complaint_events)",
    );
    assert_ne!(complaints(&store), c0, "the complaints are stale");
    assert_eq!(board(&store), b1);
}

#[test]
fn a_change_made_by_a_trigger_counts_for_the_table_it_changed() {
    let (_dir, _path, mut store) = demo();
    let b0 = store.revision_of(Store::WORK_BOARD_READS).unwrap();
    // The customers table is not the board's, but an open order keeps a copy of its
    // customer's name (kept by a trigger): renaming the customer changes the board.
    write(
        &mut store,
        &format!(
            "UPDATE customers SET name = name || '先生' WHERE id = \
             (SELECT customer_id FROM repair_orders WHERE {OPEN} ORDER BY id LIMIT 1)"
        ),
    );
    assert_ne!(store.revision_of(Store::WORK_BOARD_READS).unwrap(), b0);
    let renamed: String = store
        .conn()
        .query_row(
            &format!("SELECT customer_name FROM repair_orders WHERE {OPEN} ORDER BY id LIMIT 1"),
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(renamed.ends_with("先生"), "{renamed}");
}

#[test]
fn a_write_rolled_back_changes_nothing_and_another_programs_commit_changes_everything() {
    let (_dir, path, mut store) = demo();
    let b0 = store.revision_of(Store::WORK_BOARD_READS).unwrap();
    let refused = store.write(None, now(), |tx| -> frontdesk::store::Result<()> {
        tx.conn().execute(
            &format!("UPDATE repair_orders SET progress_pct = 90 WHERE {OPEN}"),
            [],
        )?;
        Err(StoreError::Invalid("refused".into()))
    });
    assert!(refused.is_err());
    assert_eq!(
        store.revision_of(Store::WORK_BOARD_READS).unwrap(),
        b0,
        "rolled back: the rows read are what the file holds"
    );

    // What another counter changed is not known table by table: any commit.
    let mut other = Store::open(&path, Access::ReadWrite).unwrap();
    write(
        &mut other,
        "UPDATE appointments SET note = 'other counter' WHERE id = (SELECT max(id) FROM appointments)",
    );
    assert_ne!(store.revision_of(Store::WORK_BOARD_READS).unwrap(), b0);
}
