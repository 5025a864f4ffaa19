-- The plate's serial without province and issuing letter (粤A24464 -> 24464), so the
-- digits an advisor reads off a number plate find the car by an index range scan.
-- PostgreSQL 15 has no VIRTUAL generated columns: STORED (the same values, computed on
-- write; adding it rewrites the table). ascii() stands for SQLite's unicode(), as in
-- vehicles.plate_key (0001).
ALTER TABLE vehicles ADD COLUMN plate_serial TEXT COLLATE "C" GENERATED ALWAYS AS
    (substr(CASE WHEN ascii(plate) > 127 THEN substr(plate, 2) ELSE plate END, 2)) STORED;
CREATE INDEX vehicles_plate_serial ON vehicles(plate_serial);
