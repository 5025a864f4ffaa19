-- The plate's serial without province and issuing letter (粤A24464 -> 24464), so the
-- digits an advisor reads off a number plate find the car by an index range scan.
ALTER TABLE vehicles ADD COLUMN plate_serial TEXT GENERATED ALWAYS AS
    (substr(CASE WHEN unicode(plate) > 127 THEN substr(plate, 2) ELSE plate END, 2)) VIRTUAL;
CREATE INDEX vehicles_plate_serial ON vehicles(plate_serial);
