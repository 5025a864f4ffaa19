-- frontdesk schema, version 3: shop-wide settings.
-- The shop's own details (name, address, phone) as printed on the repair order's header.
-- Shop-wide, so they live in the database every counter shares, not in a machine's config
-- file. One row per key; `version` counts the changes of the row, `updated_by` names who
-- made the last one (NULL only when written without a signed-in staff member). Every
-- change also leaves an audit row.
-- PostgreSQL: the key, being the primary key, is NOT NULL (SQLite would let a TEXT
-- primary key be NULL; the store never writes one).

CREATE TABLE shop_settings (
    key         TEXT COLLATE "C" PRIMARY KEY,
    value       TEXT COLLATE "C" NOT NULL,
    version     BIGINT NOT NULL,
    updated_at  TEXT COLLATE "C" NOT NULL,
    updated_by  BIGINT REFERENCES staff(id)
);
