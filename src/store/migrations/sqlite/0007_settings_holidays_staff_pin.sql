-- frontdesk schema: the shop's calendar and the staff's PINs (issue 9).
-- The typed shop settings (time zone, labour rate, comeback window, opening hours by
-- weekday, default capacity) are rows of `shop_settings` (0003), one per key, each with
-- its own `version`. Holidays are dates the shop is closed, one row each, with an
-- optional name ("国庆节"); a day's own `day_capacity` row still overrides both.

CREATE TABLE shop_holidays (
    id          INTEGER PRIMARY KEY,
    day         TEXT NOT NULL UNIQUE,    -- local 'YYYY-MM-DD'
    name        TEXT,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    created_by  INTEGER REFERENCES staff(id),
    updated_at  TEXT NOT NULL,
    updated_by  INTEGER REFERENCES staff(id)
);

-- A staff member's sign-in PIN as an Argon2id PHC string ('$argon2id$v=19$…'); NULL when
-- none is set. The PIN itself is never stored.
ALTER TABLE staff ADD COLUMN pin_hash TEXT;
