-- frontdesk schema, version 6: the file says it is a frontdesk database.
-- On SQLite this sets PRAGMA application_id (bytes 68–71 of the file's header) to "FDK1"
-- (0x46444b31), so a file can be told for a frontdesk database; `store::file::APPLICATION_ID`
-- is the same number.
-- PostgreSQL has no database file of ours and no application id: a database is known for
-- frontdesk's by its `frontdesk_schema` table. Nothing to do here; the migration exists
-- so that both engines count the same versions.
SELECT 1;
