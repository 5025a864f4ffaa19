-- A month of complaints with their stages (the analysis, Left/Right by month) reads the
-- stages from this index alone, each complaint's in the order they were reached: before
-- it every event was fetched from the table to see whether it was a stage, and all were
-- sorted once more.
-- (PostgreSQL: the same partial index; read alone in index-only scans.)
CREATE INDEX complaint_events_stages ON complaint_events(complaint_id, at, id, stage)
    WHERE stage IS NOT NULL;
