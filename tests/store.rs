//! The store test suite: temp-file databases only, never a default path.

mod engine;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};

use chrono::{DateTime, TimeZone, Utc};
use frontdesk::domain::kinds::StaffRole;
use frontdesk::store::customers::{self, NewCustomer, NewVehicle};
use frontdesk::store::shop::{self, Shop};
use frontdesk::store::staff::{self, NewStaff};
use frontdesk::store::{Access, SCHEMA_VERSION, Store, StoreError, audit};

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 14, h, m, 0).unwrap()
}

fn fresh() -> (tempfile::TempDir, PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("frontdesk.db");
    let store = engine::open_store(&path, Access::ReadWrite);
    (dir, path, store)
}

/// A fresh database with a manager (id returned first) and an advisor 张伟.
fn with_staff() -> (tempfile::TempDir, PathBuf, Store, i64, i64) {
    let (dir, path, mut store) = fresh();
    let manager = store
        .write(None, at(8, 0), |tx| {
            staff::create(
                tx,
                &NewStaff {
                    code: "M01".into(),
                    name: "王经理".into(),
                    role: StaffRole::Manager,
                },
            )
        })
        .unwrap();
    let zhang = store
        .write(Some(manager), at(8, 1), |tx| {
            staff::create(
                tx,
                &NewStaff {
                    code: "A01".into(),
                    name: "张伟".into(),
                    role: StaffRole::Advisor,
                },
            )
        })
        .unwrap();
    (dir, path, store, manager, zhang)
}

fn customer(name: &str, phone: Option<&str>) -> NewCustomer {
    NewCustomer {
        name: name.into(),
        salutation: None,
        phone: phone.map(Into::into),
        email: None,
        note: None,
    }
}

fn vehicle(customer_id: i64, plate: &str) -> NewVehicle {
    NewVehicle {
        customer_id,
        plate: plate.into(),
        make: Some("Volkswagen".into()),
        model: Some("Lavida".into()),
        ..NewVehicle::default()
    }
}

fn tables(store: &Store) -> Vec<String> {
    let sql = if engine::postgres() {
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = current_schema() ORDER BY 1"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
    };
    let mut st = store.conn().prepare(sql).unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn fresh_database_migrates_to_the_current_version_with_every_table() {
    let (_dir, _path, store) = fresh();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let tables = tables(&store);
    for t in [
        "staff",
        "customers",
        "vehicles",
        "day_capacity",
        "appointments",
        "repair_orders",
        "number_sequences",
        "repair_order_lines",
        "walkarounds",
        "walkaround_damage",
        "repair_order_events",
        "complaints",
        "complaint_events",
        "audit_log",
        "shop_settings",
    ] {
        assert!(
            tables.iter().any(|x| x == t),
            "missing table {t}: {tables:?}"
        );
    }
}

#[test]
fn check_on_a_fresh_database_is_ok() {
    let (_dir, _path, store) = fresh();
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{report:?}");
}

#[cfg(unix)]
#[test]
fn data_folder_is_created_private() {
    if engine::sqlite_only("the data folder of a database file") {
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("not").join("yet");
    let path = folder.join("frontdesk.db");
    let _store = engine::open_store(&path, Access::ReadWrite);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn two_programs_migrating_at_once_both_come_up() {
    for round in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("race-{round}.db"));
        let barrier = Arc::new(Barrier::new(2));
        let threads: Vec<_> = (0..2)
            .map(|_| {
                let (path, barrier) = (path.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    let store = Store::open(&path, Access::ReadWrite)?;
                    store.schema_version()
                })
            })
            .collect();
        for t in threads {
            let v = t
                .join()
                .unwrap()
                .unwrap_or_else(|e| panic!("round {round}: {e}"));
            assert_eq!(v, SCHEMA_VERSION);
        }
        let store = engine::open_store(&path, Access::ReadOnly);
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        assert!(store.check().unwrap().is_ok());
    }
}

#[test]
fn a_database_from_a_newer_program_is_refused() {
    if engine::sqlite_only("a database file another program or a newer one wrote") {
        return;
    }
    let (_dir, path, store) = fresh();
    drop(store);
    {
        let raw = rusqlite::Connection::open(&path).unwrap();
        raw.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    for access in [Access::ReadWrite, Access::ReadOnly] {
        let err = Store::open(&path, access).unwrap_err();
        assert!(
            matches!(err, StoreError::TooNew { found, known, .. }
                if found == SCHEMA_VERSION + 1 && known == SCHEMA_VERSION),
            "{access:?}: {err:?}"
        );
        assert!(err.to_string().contains("newer"), "{err}");
    }
}

#[test]
fn a_stale_save_is_refused_naming_who_changed_the_row_and_when() {
    let (_dir, path, mut a, manager, zhang) = with_staff();
    let id = a
        .write(Some(manager), at(9, 0), |tx| {
            customers::create_customer(tx, &customer("李娜", Some("13800138000")))
        })
        .unwrap();
    let mut b = engine::open_store(&path, Access::ReadWrite);
    let seen_a = a.read(|c| customers::customer(c, id)).unwrap().unwrap();
    let seen_b = b.read(|c| customers::customer(c, id)).unwrap().unwrap();
    assert_eq!((seen_a.version, seen_b.version), (1, 1));

    let mut change_a = customer("李娜", Some("13900139000"));
    change_a.note = Some("prefers SMS".into());
    a.write(Some(zhang), at(9, 30), |tx| {
        customers::update_customer(tx, id, seen_a.version, &change_a)
    })
    .unwrap();

    let change_b = customer("李娜娜", Some("13800138000"));
    let err = b
        .write(Some(manager), at(9, 31), |tx| {
            customers::update_customer(tx, id, seen_b.version, &change_b)
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("张伟"), "{msg}");
    assert!(msg.contains("2025-03-14T09:30:00Z"), "{msg}");

    let now = b.read(|c| customers::customer(c, id)).unwrap().unwrap();
    assert_eq!(now.name, "李娜");
    assert_eq!(now.phone.as_deref(), Some("13900139000"));
    assert_eq!(now.note.as_deref(), Some("prefers SMS"));
    assert_eq!(now.version, 2);
    let last = audit::recent(b.conn(), Some(("customers", id)), 10).unwrap();
    assert_eq!(
        last.len(),
        2,
        "the refused save left no audit entry: {last:?}"
    );
    assert_eq!(last[0].staff_id, Some(zhang));
    assert!(last[0].detail.contains("13900139000"), "{}", last[0].detail);
}

#[test]
fn the_audit_log_cannot_be_changed_or_deleted() {
    let (_dir, _path, store, _manager, _zhang) = with_staff();
    let before = audit::recent(store.conn(), None, 100).unwrap();
    assert!(!before.is_empty());
    let conn = store.conn();
    let upd = conn.execute("UPDATE audit_log SET action = 'nothing'", []);
    assert!(upd.unwrap_err().to_string().contains("append-only"));
    let del = conn.execute("DELETE FROM audit_log", []);
    assert!(del.unwrap_err().to_string().contains("append-only"));
    assert_eq!(audit::recent(conn, None, 100).unwrap(), before);
}

#[test]
fn the_read_only_handle_cannot_write() {
    let (_dir, path, _rw, manager, _zhang) = with_staff();
    let mut ro = engine::open_store(&path, Access::ReadOnly);
    assert_eq!(ro.access(), Access::ReadOnly);
    let err = ro
        .write(Some(manager), at(10, 0), |tx| {
            customers::create_customer(tx, &customer("赵六", None))
        })
        .unwrap_err();
    assert!(err.to_string().contains("read-only"), "{err}");
    let raw = ro.conn().execute(
        "INSERT INTO audit_log (at, action, entity) VALUES ('2025-03-14T10:00:00Z', 'x', 'y')",
        [],
    );
    assert!(raw.is_err());
    assert_eq!(
        ro.read(|c| Ok(customers::all_customers(c)?.len())).unwrap(),
        0
    );
}

#[test]
fn opening_a_missing_file_read_only_does_not_create_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing.db");
    let err = Store::open(&path, Access::ReadOnly).unwrap_err();
    assert!(matches!(err, StoreError::Missing { .. }), "{err:?}");
    assert!(!path.exists());
}

#[test]
fn the_read_only_handle_sees_data_version_change_after_a_commit() {
    let (_dir, path, mut rw, manager, _zhang) = with_staff();
    let ro = engine::open_store(&path, Access::ReadOnly);
    let v0 = ro.data_version().unwrap();
    assert_eq!(ro.data_version().unwrap(), v0, "stable while nobody writes");
    rw.write(Some(manager), at(10, 0), |tx| {
        customers::create_customer(tx, &customer("赵六", None))
    })
    .unwrap();
    assert_ne!(ro.data_version().unwrap(), v0);
}

#[test]
fn the_revision_moves_with_every_commit_of_either_connection_and_never_with_a_read() {
    let (_dir, path, mut rw, manager, _zhang) = with_staff();
    let mut other = engine::open_store(&path, Access::ReadWrite);
    let r0 = rw.revision().unwrap();
    rw.read(|c| Ok(customers_count(c))).unwrap();
    assert_eq!(rw.revision().unwrap(), r0, "a read is not a change");
    rw.write(Some(manager), at(10, 0), |tx| {
        customers::create_customer(tx, &customer("赵六", None))
    })
    .unwrap();
    let r1 = rw.revision().unwrap();
    assert_ne!(r1, r0, "this handle's own write");
    other
        .write(Some(manager), at(10, 1), |tx| {
            customers::create_customer(tx, &customer("钱七", None))
        })
        .unwrap();
    let r2 = rw.revision().unwrap();
    assert_ne!(r2, r1, "another connection's commit");
    assert_eq!(rw.revision().unwrap(), r2, "stable while nobody writes");
    // A write refused and rolled back changes no rows someone could have read.
    let _ = rw.write(
        Some(manager),
        at(10, 2),
        |_| -> frontdesk::store::Result<()> { Err(StoreError::Invalid("refused".into())) },
    );
    assert_eq!(rw.revision().unwrap(), r2);
}

#[test]
fn a_read_only_handle_gets_a_new_revision_when_it_sees_the_file_change() {
    if engine::sqlite_only("a database file opened immutable") {
        return;
    }
    let (_dir, path, rw, manager, _zhang) = with_staff();
    drop(rw);
    // No -wal beside the file: the board's handle opens it immutable.
    let mut ro = engine::open_store(&path, Access::ReadOnly);
    ro.watch().unwrap();
    let r0 = ro.revision().unwrap();
    ro.read(|c| Ok(customers_count(c))).unwrap();
    ro.watch().unwrap();
    assert_eq!(ro.revision().unwrap(), r0, "nothing changed");
    let mut rw = engine::open_store(&path, Access::ReadWrite);
    rw.write(Some(manager), at(10, 0), |tx| {
        customers::create_customer(tx, &customer("赵六", None))
    })
    .unwrap();
    ro.watch().unwrap();
    assert_ne!(
        ro.revision().unwrap(),
        r0,
        "the commit, once the board looked"
    );
}

fn customers_count(c: &frontdesk::store::db::Connection) -> i64 {
    c.query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn backup_gives_a_checked_copy_and_never_overwrites() {
    if engine::sqlite_only("the backup of a database file") {
        return;
    }
    let (dir, _path, mut store, manager, _zhang) = with_staff();
    store
        .write(Some(manager), at(10, 0), |tx| {
            let c = customers::create_customer(tx, &customer("陈静", Some("13512345678")))?;
            customers::create_vehicle(tx, &vehicle(c, "粤B12345"))
        })
        .unwrap();
    let dest = dir.path().join("backup.db");
    store.backup_to(&dest).unwrap();
    let copy = engine::open_store(&dest, Access::ReadOnly);
    assert!(copy.check().unwrap().is_ok());
    assert_eq!(customers::all_vehicles(copy.conn()).unwrap().len(), 1);
    assert_eq!(staff::count(copy.conn()).unwrap(), 2);

    let err = store.backup_to(&dest).unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
}

/// 陈静 owns 粤B12345 and 粤B12399; 刘洋 owns 湘B12345 and 粤A88888 (no province-less twin).
fn search_fixture() -> (tempfile::TempDir, Store, i64, i64) {
    let (dir, _path, mut store, manager, _zhang) = with_staff();
    let (chen, liu) = store
        .write(Some(manager), at(10, 0), |tx| {
            let chen = customers::create_customer(tx, &customer("陈静", Some("13512345678")))?;
            let liu = customers::create_customer(tx, &customer("刘洋", Some("18698765432")))?;
            customers::create_vehicle(tx, &vehicle(chen, "粤B12399"))?;
            customers::create_vehicle(tx, &vehicle(chen, "粤B12345"))?;
            customers::create_vehicle(tx, &vehicle(liu, "粤A88888"))?;
            customers::create_customer(tx, &customer("陈小明", None))?;
            Ok((chen, liu))
        })
        .unwrap();
    (dir, store, chen, liu)
}

fn plates(hits: &[customers::SearchHit]) -> Vec<&str> {
    hits.iter().filter_map(|h| h.plate.as_deref()).collect()
}

#[test]
fn search_finds_plates_with_or_without_the_province() {
    let (_dir, store, chen, _liu) = search_fixture();
    let c = store.conn();
    for q in ["B12345", "粤B12", "b123", "粤b 12-3", "B·12"] {
        let hits = customers::search(c, q, 20).unwrap();
        assert!(plates(&hits).contains(&"粤B12345"), "{q}: {hits:?}");
        assert!(hits.iter().all(|h| h.customer_id == chen), "{q}: {hits:?}");
    }
    let hit = &customers::search(c, "B12345", 20).unwrap()[0];
    assert_eq!(hit.customer_name, "陈静");
    assert_eq!(hit.phone.as_deref(), Some("13512345678"));
    assert_eq!(hit.make.as_deref(), Some("Volkswagen"));
    assert_eq!(hit.last_visit, None);
    assert_eq!((hit.open_repair_orders, hit.open_complaints), (0, 0));
    assert!(customers::search(c, "湘B", 20).unwrap().is_empty());
}

#[test]
fn search_ranks_the_exact_plate_first() {
    let (_dir, store, _chen, _liu) = search_fixture();
    let c = store.conn();
    let hits = customers::search(c, "粤B12345", 20).unwrap();
    assert_eq!(plates(&hits)[0], "粤B12345");
    let hits = customers::search(c, "B12", 20).unwrap();
    assert_eq!(plates(&hits), ["粤B12345", "粤B12399"]);
    let hits = customers::search(c, "B12399", 20).unwrap();
    assert_eq!(plates(&hits)[0], "粤B12399");
}

#[test]
fn search_ranks_exact_plate_before_prefix_and_phone_and_name() {
    let (_dir, mut store, _chen, _liu) = search_fixture();
    let manager = 1;
    store
        .write(Some(manager), at(11, 0), |tx| {
            // A customer whose name contains the query, and plates that start with it.
            let x = customers::create_customer(tx, &customer("B88 Logistics", None))?;
            customers::create_vehicle(tx, &vehicle(x, "粤C11111"))?;
            let y = customers::create_customer(tx, &customer("周杰", None))?;
            customers::create_vehicle(tx, &vehicle(y, "粤B888881"))?;
            customers::create_vehicle(tx, &vehicle(y, "粤B88888"))
        })
        .unwrap();
    let hits = customers::search(store.conn(), "B88888", 20).unwrap();
    assert_eq!(plates(&hits), ["粤B88888", "粤B888881"]);
    let hits = customers::search(store.conn(), "b88", 20).unwrap();
    assert_eq!(plates(&hits), ["粤B88888", "粤B888881", "粤C11111"]);
    assert_eq!(hits[2].customer_name, "B88 Logistics");
}

#[test]
fn search_finds_phones_by_tail_or_prefix_and_names_by_substring() {
    let (_dir, store, chen, liu) = search_fixture();
    let c = store.conn();
    let hits = customers::search(c, "5678", 20).unwrap();
    assert_eq!(hits.len(), 2, "{hits:?}");
    assert!(hits.iter().all(|h| h.customer_id == chen));
    let hits = customers::search(c, "8765432", 20).unwrap();
    assert_eq!(plates(&hits), ["粤A88888"]);
    assert_eq!(hits[0].customer_id, liu);
    let hits = customers::search(c, "186 9876", 20).unwrap();
    assert_eq!(hits[0].customer_id, liu);

    let hits = customers::search(c, "陈", 20).unwrap();
    let names: Vec<&str> = hits.iter().map(|h| h.customer_name.as_str()).collect();
    // names starting with the query come in name order
    assert_eq!(names, ["陈小明", "陈静", "陈静"]);
    assert_eq!(hits[0].vehicle_id, None);
    let hits = customers::search(c, "洋", 20).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].customer_id, liu);
    assert_eq!(customers::search(c, "陈", 1).unwrap().len(), 1);
    assert!(customers::search(c, "  ", 20).unwrap().is_empty());
    assert!(customers::search(c, "%", 20).unwrap().is_empty());
}

#[test]
fn a_duplicate_plate_is_refused_and_nothing_is_half_saved() {
    let (_dir, _path, mut store, manager, _zhang) = with_staff();
    store
        .write(Some(manager), at(9, 0), |tx| {
            let c = customers::create_customer(tx, &customer("陈静", None))?;
            customers::create_vehicle(tx, &vehicle(c, "粤B12345"))
        })
        .unwrap();
    let audit_before = audit::recent(store.conn(), None, 1000).unwrap().len();
    let err = store
        .write(Some(manager), at(9, 5), |tx| {
            let c = customers::create_customer(tx, &customer("冒名者", None))?;
            customers::create_vehicle(tx, &vehicle(c, "粤B12345"))
        })
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::PlateOnFile { plate, .. } if plate == "粤B12345"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "plate 粤B12345 is already on file for 陈静"
    );
    let all = customers::all_customers(store.conn()).unwrap();
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(
        audit::recent(store.conn(), None, 1000).unwrap().len(),
        audit_before
    );

    // Moving another vehicle onto a taken plate is refused too.
    let err = store
        .write(Some(manager), at(9, 10), |tx| {
            let c = all[0].id;
            let v = customers::create_vehicle(tx, &vehicle(c, "粤B54321"))?;
            customers::update_vehicle(tx, v, 1, &vehicle(c, "粤B12345"))
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::PlateOnFile { .. }), "{err:?}");
    assert_eq!(customers::all_vehicles(store.conn()).unwrap().len(), 1);
}

#[test]
fn staff_codes_are_unique_and_only_the_first_member_needs_no_actor() {
    let (_dir, _path, mut store, manager, zhang) = with_staff();
    let new = |code: &str| NewStaff {
        code: code.into(),
        name: "孙丽".into(),
        role: StaffRole::Technician,
    };
    let err = store
        .write(Some(manager), at(9, 0), |tx| staff::create(tx, &new("A01")))
        .unwrap_err();
    assert_eq!(err.to_string(), "staff code A01 is already in use");
    let err = store
        .write(None, at(9, 0), |tx| staff::create(tx, &new("T01")))
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");

    let t = store
        .write(Some(manager), at(9, 0), |tx| staff::create(tx, &new("T01")))
        .unwrap();
    let c = store.conn();
    assert_eq!(staff::count(c).unwrap(), 3);
    let first = staff::by_code(c, "M01").unwrap().unwrap();
    assert_eq!(first.id, manager);
    let created_by: Option<i64> = c
        .query_row(
            "SELECT created_by FROM staff WHERE id = ?1",
            [manager],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(created_by, None);
    let roles: Vec<StaffRole> = staff::list(c, true)
        .unwrap()
        .iter()
        .map(|s| s.role)
        .collect();
    assert_eq!(
        roles,
        [
            StaffRole::Advisor,
            StaffRole::Technician,
            StaffRole::Manager
        ]
    );

    let tech = staff::by_id(c, t).unwrap().unwrap();
    store
        .write(Some(zhang), at(9, 30), |tx| {
            staff::set_active(tx, t, tech.version, false)
        })
        .unwrap();
    let c = store.conn();
    assert_eq!(staff::list(c, true).unwrap().len(), 2);
    assert_eq!(staff::list(c, false).unwrap().len(), 3);
    let tech2 = staff::by_id(c, t).unwrap().unwrap();
    assert!(!tech2.active);
    assert_eq!(tech2.version, tech.version + 1);
    // Re-using the old version is a conflict naming 张伟.
    let err = store
        .write(Some(manager), at(9, 40), |tx| {
            staff::set_active(tx, t, tech.version, true)
        })
        .unwrap_err();
    assert!(err.to_string().contains("张伟"), "{err}");
}

#[test]
fn every_write_leaves_an_audit_entry_naming_the_staff_member() {
    let (_dir, _path, mut store, manager, zhang) = with_staff();
    let (cid, vid) = store
        .write(Some(zhang), at(9, 0), |tx| {
            let c = customers::create_customer(tx, &customer("陈静", Some("13512345678")))?;
            let v = customers::create_vehicle(tx, &vehicle(c, "粤B12345"))?;
            Ok((c, v))
        })
        .unwrap();
    store
        .write(Some(manager), at(9, 10), |tx| {
            let mut v = vehicle(cid, "粤B12345");
            v.last_odometer_km = Some(42_000);
            customers::update_vehicle(tx, vid, 1, &v)?;
            let mut c = customer("陈静", Some("13512345678"));
            c.salutation = Some("ms".into());
            customers::update_customer(tx, cid, 1, &c)
        })
        .unwrap();
    let c = store.conn();
    let v = customers::vehicle(c, vid).unwrap().unwrap();
    assert_eq!((v.last_odometer_km, v.version), (Some(42_000), 2));
    assert_eq!(customers::vehicles_of(c, cid).unwrap(), vec![v]);

    let log = audit::recent(c, None, 100).unwrap();
    let find = |entity: &str, id: i64, action: &str| {
        log.iter()
            .find(|e| e.entity == entity && e.entity_id == Some(id) && e.action == action)
            .unwrap_or_else(|| panic!("no {action} {entity} {id} in {log:#?}"))
    };
    assert_eq!(find("staff", manager, "create").staff_id, None);
    assert_eq!(find("staff", zhang, "create").staff_id, Some(manager));
    assert_eq!(find("customers", cid, "create").staff_id, Some(zhang));
    assert_eq!(find("vehicles", vid, "create").staff_id, Some(zhang));
    let upd = find("vehicles", vid, "update");
    assert_eq!(upd.staff_id, Some(manager));
    assert!(upd.detail.contains("last_odometer_km"), "{}", upd.detail);
    assert!(
        !upd.detail.contains("\"plate\""),
        "only changed fields: {}",
        upd.detail
    );
    let upd = find("customers", cid, "update");
    assert_eq!(upd.staff_id, Some(manager));
    assert_eq!(upd.at, "2025-03-14T09:10:00Z");
    assert!(upd.detail.contains("salutation"), "{}", upd.detail);
    assert_eq!(log.len(), 6);
}

fn shop_rows(store: &Store) -> Vec<(String, String, i64, String, Option<i64>)> {
    let mut st = store
        .conn()
        .prepare(
            "SELECT key, value, version, updated_at, updated_by FROM shop_settings ORDER BY key",
        )
        .unwrap();
    st.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn shop_settings_are_saved_by_a_manager_versioned_and_audited() {
    let (_dir, _path, mut store, manager, _zhang) = with_staff();
    assert_eq!(shop::shop(store.conn()).unwrap(), Shop::default());
    let first = Shop {
        name: "  深圳鹏程汽车销售服务有限公司 ".into(),
        address: "深圳市南山区沙河西路 3018 号".into(),
        phone: "0755-26688800".into(),
    };
    shop::save_shop(&mut store, Some(manager), at(9, 0), &first).unwrap();
    let saved = shop::shop(store.conn()).unwrap();
    assert_eq!(saved.name, "深圳鹏程汽车销售服务有限公司", "trimmed");
    assert_eq!(saved.address, first.address);
    assert_eq!(saved.phone, first.phone);
    let at9 = "2025-03-14T09:00:00Z".to_string();
    assert_eq!(
        shop_rows(&store),
        [
            (
                "address".into(),
                first.address.clone(),
                1,
                at9.clone(),
                Some(manager)
            ),
            (
                "name".into(),
                saved.name.clone(),
                1,
                at9.clone(),
                Some(manager)
            ),
            (
                "phone".into(),
                first.phone.clone(),
                1,
                at9.clone(),
                Some(manager)
            ),
        ]
    );

    // Only the changed key gets a new version; the audit row holds old and new values.
    let second = Shop {
        phone: "0755-26688801".into(),
        ..saved.clone()
    };
    shop::save_shop(&mut store, Some(manager), at(10, 0), &second).unwrap();
    let rows = shop_rows(&store);
    assert_eq!(
        (rows[1].2, rows[2].2),
        (1, 2),
        "name untouched, phone bumped"
    );
    assert_eq!(rows[2].3, "2025-03-14T10:00:00Z");
    let log: Vec<_> = audit::recent(store.conn(), None, 100)
        .unwrap()
        .into_iter()
        .filter(|e| e.entity == "shop_settings")
        .collect();
    assert_eq!(log.len(), 2, "{log:#?}");
    assert_eq!(
        (log[0].action.as_str(), log[0].staff_id),
        ("update", Some(manager))
    );
    let detail: serde_json::Value = serde_json::from_str(&log[0].detail).unwrap();
    assert_eq!(
        detail,
        serde_json::json!({ "phone": { "from": "0755-26688800", "to": "0755-26688801" } })
    );
    let detail: serde_json::Value = serde_json::from_str(&log[1].detail).unwrap();
    assert_eq!(detail["name"]["from"], serde_json::Value::Null);

    // Saving the same values again changes nothing and logs nothing.
    shop::save_shop(&mut store, Some(manager), at(11, 0), &second).unwrap();
    assert_eq!(shop_rows(&store), rows);
    let n = audit::recent(store.conn(), None, 100)
        .unwrap()
        .iter()
        .filter(|e| e.entity == "shop_settings")
        .count();
    assert_eq!(n, 2);

    // update_shop changes the given fields only.
    let after = shop::update_shop(
        &mut store,
        Some(manager),
        at(12, 0),
        None,
        Some("新地址"),
        None,
    )
    .unwrap();
    assert_eq!(
        after,
        Shop {
            address: "新地址".into(),
            ..second
        }
    );
    assert_eq!(shop::shop(store.conn()).unwrap(), after);
}

#[test]
fn only_an_active_manager_or_supervisor_may_change_the_shop() {
    let (_dir, _path, mut store, manager, zhang) = with_staff();
    let shop = Shop {
        name: "鹏程".into(),
        ..Shop::default()
    };
    let err = shop::save_shop(&mut store, Some(zhang), at(9, 0), &shop).unwrap_err();
    assert!(matches!(err, StoreError::NotAllowed(_)), "{err:?}");
    assert!(
        err.to_string().contains("张伟 (A01) has the role advisor"),
        "{err}"
    );
    let err = shop::save_shop(&mut store, None, at(9, 0), &shop).unwrap_err();
    assert!(matches!(err, StoreError::NotAllowed(_)), "{err:?}");

    let supervisor = store
        .write(Some(manager), at(9, 1), |tx| {
            staff::create(
                tx,
                &NewStaff {
                    code: "S01".into(),
                    name: "周强".into(),
                    role: StaffRole::Supervisor,
                },
            )
        })
        .unwrap();
    shop::save_shop(&mut store, Some(supervisor), at(9, 2), &shop).unwrap();
    assert_eq!(shop::shop(store.conn()).unwrap().name, "鹏程");

    let s = staff::by_id(store.conn(), supervisor).unwrap().unwrap();
    store
        .write(Some(manager), at(9, 3), |tx| {
            staff::set_active(tx, supervisor, s.version, false)
        })
        .unwrap();
    let err = shop::save_shop(
        &mut store,
        Some(supervisor),
        at(9, 4),
        &Shop {
            name: "别的".into(),
            ..Shop::default()
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("is no longer active"), "{err}");
    assert_eq!(shop::shop(store.conn()).unwrap().name, "鹏程");
}

#[test]
fn a_bad_shop_value_saves_nothing() {
    let (_dir, _path, mut store, manager, _zhang) = with_staff();
    for bad in [
        Shop {
            name: "鹏程".into(),
            address: "第一行\n第二行".into(),
            ..Shop::default()
        },
        Shop {
            name: "鹏程".into(),
            phone: "8".repeat(shop::MAX_CHARS + 1),
            ..Shop::default()
        },
    ] {
        let err = shop::save_shop(&mut store, Some(manager), at(9, 0), &bad).unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        assert!(
            shop_rows(&store).is_empty(),
            "the valid name was rolled back too"
        );
    }
    let long = "鹏".repeat(shop::MAX_CHARS);
    shop::save_shop(
        &mut store,
        Some(manager),
        at(9, 0),
        &Shop {
            name: long.clone(),
            ..Shop::default()
        },
    )
    .unwrap();
    assert_eq!(
        shop::shop(store.conn()).unwrap().name,
        long,
        "characters, not bytes"
    );
}

#[test]
fn a_version_2_file_reads_the_empty_shop_read_only_and_migrates_to_the_newest() {
    if engine::sqlite_only("a database file of an older schema") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    // What a file written before the shop settings looks like.
    frontdesk::store::testing::create_at_version(&path, 2).unwrap();
    let ro = engine::open_store(&path, Access::ReadOnly);
    assert_eq!(ro.schema_version().unwrap(), 2);
    assert_eq!(shop::shop(ro.conn()).unwrap(), Shop::default());
    drop(ro);
    let rw = engine::open_store(&path, Access::ReadWrite);
    assert_eq!(
        (rw.opened_version(), rw.schema_version().unwrap()),
        (2, SCHEMA_VERSION)
    );
    assert!(tables(&rw).iter().any(|t| t == "shop_settings"));
    assert_eq!(shop::shop(rw.conn()).unwrap(), Shop::default());
}
