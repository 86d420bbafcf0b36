-- +goose Up
-- Tiles are cut in Web Mercator: the point is kept there too, so the
-- tile queries use its index and transform nothing per row.
ALTER TABLE ticket ADD COLUMN geom_3857 geometry(Point, 3857)
    GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED;
CREATE INDEX ticket_geom_3857_gix ON ticket USING gist (geom_3857);
-- Every spatial filter on tickets uses the Web Mercator point now: one
-- spatial index to maintain per ticket, not two.
DROP INDEX ticket_geom_gix;

-- The aggregate pyramid: tickets counted per cell of grids anchored at
-- Web Mercator's origin, per category and status. Level 0 is 2^20 cells
-- to a side (1/64 of a zoom-14 tile, about 38 m); level L merges 2^L × 2^L
-- of those (cx, cy are the level's own). Cells nest exactly, so clusters
-- never jump at tile edges, and a low zoom reads a coarse level instead of
-- millions of tickets. Kept up to date through ticket_map_delta (below);
-- counted whole after a bulk load (the seed).
CREATE TABLE ticket_cell (
    municipality_id integer NOT NULL REFERENCES municipality (id),
    level           smallint NOT NULL CHECK (level IN (0, 2, 4, 6, 8)),
    cx              integer NOT NULL,
    cy              integer NOT NULL,
    category_id     integer NOT NULL,
    status          text NOT NULL,
    tickets         integer NOT NULL CHECK (tickets >= 0),
    PRIMARY KEY (municipality_id, level, cx, cy, category_id, status)
);

-- Tickets per neighbourhood and status, for the neighbourhoods layer.
CREATE TABLE ticket_nbh (
    municipality_id  integer NOT NULL REFERENCES municipality (id),
    neighbourhood_id integer NOT NULL,
    status           text NOT NULL,
    tickets          integer NOT NULL CHECK (tickets >= 0),
    PRIMARY KEY (municipality_id, neighbourhood_id, status)
);

-- loket_cell is the base cell of a Web Mercator point.
-- +goose StatementBegin
CREATE FUNCTION loket_cell(p geometry, OUT cx integer, OUT cy integer)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT floor((ST_X(p) + 20037508.342789244) / (40075016.68557849 / 1048576))::integer,
           floor((20037508.342789244 - ST_Y(p)) / (40075016.68557849 / 1048576))::integer
$$;
-- +goose StatementEnd

-- A ticket change does not update the pyramid itself: hot cells (a
-- coarse cell holds a whole city) would make every intake wait for the
-- last. It appends a delta row instead, which reads add to the cells, and
-- loket_compact_map folds the deltas in, once a second.
CREATE TABLE ticket_map_delta (
    municipality_id  integer NOT NULL,   -- a ticket's: no check needed on the busiest path
    id               bigint GENERATED ALWAYS AS IDENTITY,
    cx               integer,   -- level-0 cell; NULL without a point
    cy               integer,
    neighbourhood_id integer,
    category_id      integer NOT NULL,
    status           text NOT NULL,
    delta            smallint NOT NULL CHECK (delta IN (-1, 1)),
    PRIMARY KEY (municipality_id, id)
);

-- +goose StatementBegin
CREATE FUNCTION loket_ticket_cell() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO ticket_map_delta (municipality_id, cx, cy, neighbourhood_id, category_id, status, delta)
        SELECT OLD.municipality_id, k.cx, k.cy, OLD.neighbourhood_id, OLD.category_id, OLD.status, -1
        FROM (SELECT (loket_cell(OLD.geom_3857)).*) k;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO ticket_map_delta (municipality_id, cx, cy, neighbourhood_id, category_id, status, delta)
        SELECT NEW.municipality_id, k.cx, k.cy, NEW.neighbourhood_id, NEW.category_id, NEW.status, 1
        FROM (SELECT (loket_cell(NEW.geom_3857)).*) k;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- loket_compact_map folds the pending deltas into the pyramid and the
-- neighbourhood counts, in one statement; concurrent calls each take
-- their own rows. It returns how many deltas it folded.
-- +goose StatementBegin
CREATE FUNCTION loket_compact_map() RETURNS bigint
LANGUAGE sql AS $$
    WITH d AS (DELETE FROM ticket_map_delta RETURNING *),
    c AS (
        INSERT INTO ticket_cell AS t (municipality_id, level, cx, cy, category_id, status, tickets)
        SELECT municipality_id, l, cx >> l, cy >> l, category_id, status, sum(delta)
        FROM d, unnest(ARRAY[0, 2, 4, 6, 8]) l WHERE cx IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5, 6
        ON CONFLICT (municipality_id, level, cx, cy, category_id, status) DO UPDATE SET tickets = t.tickets + excluded.tickets),
    n AS (
        INSERT INTO ticket_nbh AS t (municipality_id, neighbourhood_id, status, tickets)
        SELECT municipality_id, neighbourhood_id, status, sum(delta)
        FROM d WHERE neighbourhood_id IS NOT NULL
        GROUP BY 1, 2, 3
        ON CONFLICT (municipality_id, neighbourhood_id, status) DO UPDATE SET tickets = t.tickets + excluded.tickets)
    SELECT count(*) FROM d
$$;
-- +goose StatementEnd

-- A new ticket's delta is written by the statement that creates it
-- (ticketing's intake: one round trip, no trigger call on the busiest
-- path); bulk loads count the pyramid whole afterwards. Changes and
-- deletions go through the trigger.
CREATE TRIGGER ticket_cell_delete AFTER DELETE ON ticket
    FOR EACH ROW EXECUTE FUNCTION loket_ticket_cell();
CREATE TRIGGER ticket_cell_update AFTER UPDATE OF geom, status, category_id, neighbourhood_id ON ticket
    FOR EACH ROW WHEN (OLD.geom IS DISTINCT FROM NEW.geom OR OLD.status IS DISTINCT FROM NEW.status
                       OR OLD.category_id IS DISTINCT FROM NEW.category_id
                       OR OLD.neighbourhood_id IS DISTINCT FROM NEW.neighbourhood_id)
    EXECUTE FUNCTION loket_ticket_cell();

-- +goose Down
DROP TRIGGER ticket_cell_update ON ticket;
DROP TRIGGER ticket_cell_delete ON ticket;
DROP FUNCTION loket_compact_map();
DROP FUNCTION loket_ticket_cell();
DROP TABLE ticket_map_delta;
DROP FUNCTION loket_cell(geometry);
DROP TABLE ticket_nbh;
DROP TABLE ticket_cell;
ALTER TABLE ticket DROP COLUMN geom_3857;
CREATE INDEX ticket_geom_gix ON ticket USING gist (geom);
