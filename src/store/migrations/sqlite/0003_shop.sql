-- frontdesk schema, version 3: shop-wide settings.
-- The shop's own details (name, address, phone) as printed on the repair order's header.
-- Shop-wide, so they live in the database every counter shares, not in a machine's config
-- file. One row per key; `version` counts the changes of the row, `updated_by` names who
-- made the last one (NULL only when written without a signed-in staff member). Every
-- change also leaves an audit row.

CREATE TABLE shop_settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    version     INTEGER NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  INTEGER REFERENCES staff(id)
);
