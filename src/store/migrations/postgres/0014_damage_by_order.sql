-- The walk-around's damage marks are read by their order (the detail, the printout):
-- without this index every read walked the marks of every order ever checked in.
-- (PostgreSQL: the same index.)
CREATE INDEX walkaround_damage_order ON walkaround_damage(repair_order_id, id);
