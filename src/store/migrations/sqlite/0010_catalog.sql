-- frontdesk schema: the shop's job catalog (issue 15): standard labour operations
-- (标准工时), the parts price list, packages by mileage (保养套餐), and what each price was
-- since when.
--
-- A job line on an order copies what it takes from the catalog (description, hours,
-- price), so a later change of the catalog never alters an order already signed.

CREATE TABLE catalog_operations (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,           -- e.g. BY-OIL
    name_zh         TEXT NOT NULL,
    name_en         TEXT NOT NULL DEFAULT '',
    hours_centi     INTEGER NOT NULL CHECK (hours_centi > 0),      -- standard hours ×100
    rate_cents      INTEGER CHECK (rate_cents IS NULL OR rate_cents >= 0), -- NULL: the shop's rate
    warranty        INTEGER NOT NULL DEFAULT 0 CHECK (warranty IN (0, 1)), -- usually an S line
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    version         INTEGER NOT NULL DEFAULT 1,
    updated_at      TEXT NOT NULL,
    updated_by      INTEGER REFERENCES staff(id)
);

CREATE TABLE catalog_parts (
    id              INTEGER PRIMARY KEY,
    part_number     TEXT NOT NULL UNIQUE,
    name_zh         TEXT NOT NULL,
    name_en         TEXT NOT NULL DEFAULT '',
    unit            TEXT NOT NULL
        CHECK (unit IN ('piece', 'set', 'litre', 'bottle', 'can', 'strip', 'metre')),
    price_cents     INTEGER NOT NULL CHECK (price_cents >= 0),
    in_stock        INTEGER NOT NULL DEFAULT 1 CHECK (in_stock IN (0, 1)),
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    version         INTEGER NOT NULL DEFAULT 1,
    updated_at      TEXT NOT NULL,
    updated_by      INTEGER REFERENCES staff(id)
);

-- A package fills several lines at once (labour and parts), e.g. the 10,000 km service.
CREATE TABLE catalog_packages (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,           -- e.g. BY-10K
    name_zh         TEXT NOT NULL,
    name_en         TEXT NOT NULL DEFAULT '',
    due_km          INTEGER CHECK (due_km IS NULL OR due_km > 0),   -- a service by mileage
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    version         INTEGER NOT NULL DEFAULT 1,
    updated_at      TEXT NOT NULL,
    updated_by      INTEGER REFERENCES staff(id)
);
CREATE TABLE catalog_package_lines (
    package_id      INTEGER NOT NULL REFERENCES catalog_packages(id),
    position        INTEGER NOT NULL,
    operation_id    INTEGER REFERENCES catalog_operations(id),
    part_id         INTEGER REFERENCES catalog_parts(id),
    quantity_centi  INTEGER NOT NULL CHECK (quantity_centi > 0),   -- hours factor or pieces ×100
    CHECK ((part_id IS NULL) <> (operation_id IS NULL)),
    PRIMARY KEY (package_id, position)
);

-- Every price a part or an operation has had, from when, set by whom: the first row when
-- it enters the catalog, one more at each change.
CREATE TABLE catalog_prices (
    id              INTEGER PRIMARY KEY,
    part_id         INTEGER REFERENCES catalog_parts(id),
    operation_id    INTEGER REFERENCES catalog_operations(id),
    price_cents     INTEGER,                         -- NULL: an operation at the shop's rate
    since           TEXT NOT NULL,
    set_by          INTEGER REFERENCES staff(id),
    CHECK ((part_id IS NULL) <> (operation_id IS NULL))
);
CREATE INDEX catalog_prices_part ON catalog_prices(part_id, since) WHERE part_id IS NOT NULL;
CREATE INDEX catalog_prices_operation ON catalog_prices(operation_id, since)
    WHERE operation_id IS NOT NULL;

-- What a typed piece of a code or a name finds: every place a word starts in a code or
-- an English name, every character of a Chinese name, folded (lower case, no spaces or
-- dashes: "0W-20" and "0w20" alike), written by the store with the item.
CREATE TABLE catalog_keys (
    key             TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('operation', 'part', 'package')),
    item_id         INTEGER NOT NULL,
    PRIMARY KEY (key, kind, item_id)
) WITHOUT ROWID;
CREATE INDEX catalog_keys_item ON catalog_keys(kind, item_id);
