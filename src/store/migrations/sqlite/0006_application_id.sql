-- frontdesk schema, version 6: the file says it is a frontdesk database.
-- PRAGMA application_id (bytes 68–71 of the header) holds "FDK1" (0x46444b31). New
-- databases get it in the same transaction that creates them; older ones on upgrade.
-- `store::file::APPLICATION_ID` is the same number (a test checks).
PRAGMA application_id = 1178880817;
