-- frontdesk schema, version 2: unfinished forms.
-- One draft per staff member and kind (e.g. 'checkin'): the form a counter was filling in
-- when it was interrupted, as JSON. Drafts are scratch state, not business records: no
-- version column and no audit entries; finishing or abandoning the form deletes the row.

CREATE TABLE drafts (
    id          INTEGER PRIMARY KEY,
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (staff_id, kind)
);
