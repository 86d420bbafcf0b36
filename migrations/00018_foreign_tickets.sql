-- +goose Up
-- Tickets imported from another city's register (Boston's 311 cases) keep
-- the register's own case number: a re-import finds them again instead of
-- adding them twice. Tickets made here have none.
ALTER TABLE ticket ADD COLUMN external_id text CHECK (external_id <> '');
ALTER TABLE ticket ADD CONSTRAINT ticket_external_id_key UNIQUE (municipality_id, external_id);

-- What a foreign register says about duplicates: this case was closed as
-- a duplicate (the closure note says so), and the case it repeats when
-- the note names one. ticket.duplicate_of holds only merges whose master
-- is known; duplicate detection is fitted and evaluated on both.
CREATE TABLE ticket_duplicate_label (
    municipality_id      integer NOT NULL,   -- checked through the ticket
    ticket_id            bigint NOT NULL,
    original_external_id text CHECK (original_external_id <> ''),
    original_id          bigint,             -- that case, when it was imported too
    note                 text NOT NULL,
    PRIMARY KEY (municipality_id, ticket_id),
    FOREIGN KEY (municipality_id, ticket_id) REFERENCES ticket (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, original_id) REFERENCES ticket (municipality_id, id) ON DELETE SET NULL (original_id)
);
CREATE INDEX ticket_duplicate_label_original_idx ON ticket_duplicate_label (municipality_id, original_id)
    WHERE original_id IS NOT NULL;

-- How far and how far back duplicate detection looks, per category (a
-- street light is one pole, a pothole a stretch of road, litter a
-- square), and how often the category's tickets turned out duplicates
-- (graffiti often, a bulky-waste pick-up hardly ever). Fitted on the
-- labelled history; NULL means the defaults of package analytics.
ALTER TABLE category
    ADD COLUMN duplicate_radius_m integer CHECK (duplicate_radius_m BETWEEN 10 AND 1000),
    ADD COLUMN duplicate_window_days integer CHECK (duplicate_window_days BETWEEN 1 AND 365),
    ADD COLUMN duplicate_share real CHECK (duplicate_share > 0 AND duplicate_share < 1);

-- Duplicate candidates are tickets of one category, near a point, still
-- open or ended (resolved, closed) within weeks. A B-tree on category,
-- grid square and end answers all three with a few short range scans (one
-- per square around the point), reading only the tickets it returns even
-- among millions; a GiST over the same three mixes categories and times
-- in its pages and reads ten times more. Open tickets end at infinity.

-- loket_dup_cell is the square of 128 Web Mercator metres a point lies in
-- (about 80 m on the ground in Belgium, 95 m in Boston), as one number.
-- Small squares fit a circle closely, so few tickets are read only to be
-- found too far; the few dozen index descents they cost are cheap beside
-- one ticket read.
-- +goose StatementBegin
CREATE FUNCTION loket_dup_cell(p geometry) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT (floor((ST_X(p) + 20037508.342789244) / 128)::bigint << 20)
         | floor((20037508.342789244 - ST_Y(p)) / 128)::bigint
$$;
-- +goose StatementEnd

-- loket_dup_cells lists the squares a box of half-width r (Web Mercator
-- metres) around a point touches.
-- +goose StatementBegin
CREATE FUNCTION loket_dup_cells(p geometry, r double precision) RETURNS bigint[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT array_agg((x::bigint << 20) | y)
    FROM generate_series(floor((ST_X(p) - r + 20037508.342789244) / 128)::integer,
                         floor((ST_X(p) + r + 20037508.342789244) / 128)::integer) x,
         generate_series(floor((20037508.342789244 - ST_Y(p) - r) / 128)::integer,
                         floor((20037508.342789244 - ST_Y(p) + r) / 128)::integer) y
$$;
-- +goose StatementEnd

-- created_at comes last, for searches as of a past moment (judging the
-- history): the index drops tickets created after it without reading them.
CREATE INDEX ticket_duplicate_search_idx ON ticket
    (category_id, loket_dup_cell(geom_3857), (coalesce(resolved_at, closed_at, 'infinity'::timestamptz)), created_at)
    WHERE geom_3857 IS NOT NULL;

-- +goose Down
DROP INDEX ticket_duplicate_search_idx;
DROP FUNCTION loket_dup_cells(geometry, double precision);
DROP FUNCTION loket_dup_cell(geometry);
ALTER TABLE category DROP COLUMN duplicate_share, DROP COLUMN duplicate_window_days, DROP COLUMN duplicate_radius_m;
DROP TABLE ticket_duplicate_label;
ALTER TABLE ticket DROP COLUMN external_id;
