-- +goose Up
-- A tile without a category filter, or with only the open filter, needs
-- per cell its count, its open count and its most frequent category: one
-- row per cell here, at every level from 0 to 8, instead of one per
-- category and status in ticket_cell at every other level. Every zoom
-- then reads at most its own 64 × 64 cells. Kept by loket_compact_map,
-- counted whole by loket_count_map. The top categories leave out the
-- deltas not yet folded in (a second's worth).
CREATE TABLE ticket_cell_total (
    municipality_id      integer NOT NULL REFERENCES municipality (id),
    level                smallint NOT NULL CHECK (level BETWEEN 0 AND 8),
    cx                   integer NOT NULL,
    cy                   integer NOT NULL,
    tickets              integer NOT NULL CHECK (tickets >= 0),
    open                 integer NOT NULL CHECK (open >= 0 AND open <= tickets),
    top_category_id      integer,
    top_open_category_id integer,
    PRIMARY KEY (municipality_id, level, cx, cy)
);

-- Folding adds negative sums to existing rows (a ticket leaving a status),
-- and PostgreSQL checks the row an INSERT … ON CONFLICT proposes before it
-- finds the conflict: a check that counts are not negative refused every
-- fold in which a cell or neighbourhood only lost tickets.
ALTER TABLE ticket_cell DROP CONSTRAINT ticket_cell_tickets_check;
ALTER TABLE ticket_nbh DROP CONSTRAINT ticket_nbh_tickets_check;

-- A category filter reads that category's cells, not every category's.
CREATE INDEX ticket_cell_category_idx ON ticket_cell (municipality_id, level, category_id, cx, cy);

-- +goose StatementBegin
CREATE FUNCTION loket_open_status(status text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT status IN ('new', 'triaged', 'assigned', 'in_progress', 'waiting')
$$;
-- +goose StatementEnd

-- loket_total_cells recounts the totals of the given base cells (level 0,
-- as parallel arrays) and of every cell above them, from the nearest even
-- level of ticket_cell: a level-7 cell is four level-6 cells.
-- +goose StatementBegin
CREATE FUNCTION loket_total_cells(ms integer[], xs integer[], ys integer[]) RETURNS void
LANGUAGE sql AS $$
    WITH t AS (
        SELECT DISTINCT u.m, l::smallint AS l, u.x >> l AS tx, u.y >> l AS ty
        FROM unnest(ms, xs, ys) u (m, x, y), generate_series(0, 8) l),
    k AS (
        SELECT t.m, t.l, t.tx, t.ty, c.category_id, sum(c.tickets) AS n,
               coalesce(sum(c.tickets) FILTER (WHERE loket_open_status(c.status)), 0) AS o
        FROM t JOIN ticket_cell c ON c.municipality_id = t.m AND c.level = t.l & ~1
         AND c.cx BETWEEN t.tx << (t.l & 1) AND ((t.tx + 1) << (t.l & 1)) - 1
         AND c.cy BETWEEN t.ty << (t.l & 1) AND ((t.ty + 1) << (t.l & 1)) - 1
        GROUP BY 1, 2, 3, 4, 5)
    INSERT INTO ticket_cell_total AS x (municipality_id, level, cx, cy, tickets, open, top_category_id, top_open_category_id)
    SELECT t.m, t.l, t.tx, t.ty, coalesce(sum(k.n), 0), coalesce(sum(k.o), 0),
           (array_agg(k.category_id ORDER BY k.n DESC, k.category_id) FILTER (WHERE k.n > 0))[1],
           (array_agg(k.category_id ORDER BY k.o DESC, k.category_id) FILTER (WHERE k.o > 0))[1]
    FROM t LEFT JOIN k USING (m, l, tx, ty)
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (municipality_id, level, cx, cy) DO UPDATE
    SET tickets = excluded.tickets, open = excluded.open,
        top_category_id = excluded.top_category_id, top_open_category_id = excluded.top_open_category_id
$$;
-- +goose StatementEnd

-- loket_compact_map folds the pending deltas into the pyramid and the
-- neighbourhood counts, then recounts the totals of the cells they
-- touched; concurrent calls each take their own rows. It returns how
-- many deltas it folded.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION loket_compact_map() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    folded bigint;
    ms integer[];
    xs integer[];
    ys integer[];
BEGIN
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
        ON CONFLICT (municipality_id, neighbourhood_id, status) DO UPDATE SET tickets = t.tickets + excluded.tickets),
    touched AS (SELECT DISTINCT municipality_id, cx, cy FROM d WHERE cx IS NOT NULL)
    SELECT (SELECT count(*) FROM d), array_agg(municipality_id), array_agg(cx), array_agg(cy)
    INTO folded, ms, xs, ys FROM touched;
    IF ms IS NOT NULL THEN
        PERFORM loket_total_cells(ms, xs, ys);
    END IF;
    RETURN folded;
END
$$;
-- +goose StatementEnd

-- loket_count_map counts a municipality's map aggregates whole, after a
-- bulk load that went around the deltas (seed, foreign imports). Tickets
-- written meanwhile may be counted twice or not at all: run it while no
-- one else writes tickets of that municipality.
-- +goose StatementBegin
CREATE FUNCTION loket_count_map(m integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM ticket_map_delta WHERE municipality_id = m;
    DELETE FROM ticket_cell WHERE municipality_id = m;
    DELETE FROM ticket_cell_total WHERE municipality_id = m;
    DELETE FROM ticket_nbh WHERE municipality_id = m;
    INSERT INTO ticket_cell (municipality_id, level, cx, cy, category_id, status, tickets)
    SELECT t.municipality_id, 0, k.cx, k.cy, t.category_id, t.status, count(*)
    FROM ticket t CROSS JOIN LATERAL loket_cell(t.geom_3857) k
    WHERE t.municipality_id = m AND t.geom_3857 IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6;
    INSERT INTO ticket_cell (municipality_id, level, cx, cy, category_id, status, tickets)
    SELECT municipality_id, l, cx >> l, cy >> l, category_id, status, sum(tickets)
    FROM ticket_cell, unnest(ARRAY[2, 4, 6, 8]) l
    WHERE municipality_id = m AND level = 0
    GROUP BY 1, 2, 3, 4, 5, 6;
    INSERT INTO ticket_cell_total (municipality_id, level, cx, cy, tickets, open, top_category_id, top_open_category_id)
    SELECT m, l, gx, gy, sum(n), sum(o),
           (array_agg(category_id ORDER BY n DESC, category_id) FILTER (WHERE n > 0))[1],
           (array_agg(category_id ORDER BY o DESC, category_id) FILTER (WHERE o > 0))[1]
    FROM (SELECT l, c.cx >> (l & 1) AS gx, c.cy >> (l & 1) AS gy, c.category_id, sum(c.tickets) AS n,
                 coalesce(sum(c.tickets) FILTER (WHERE loket_open_status(c.status)), 0) AS o
          FROM generate_series(0, 8) l
          JOIN ticket_cell c ON c.municipality_id = m AND c.level = l & ~1
          GROUP BY 1, 2, 3, 4) k
    GROUP BY l, gx, gy;
    INSERT INTO ticket_nbh (municipality_id, neighbourhood_id, status, tickets)
    SELECT municipality_id, neighbourhood_id, status, count(*) FROM ticket
    WHERE municipality_id = m AND neighbourhood_id IS NOT NULL GROUP BY 1, 2, 3;
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION loket_count_map(integer);
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION loket_compact_map() RETURNS bigint
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
DROP FUNCTION loket_total_cells(integer[], integer[], integer[]);
DROP FUNCTION loket_open_status(text);
DROP TABLE ticket_cell_total;
DROP INDEX ticket_cell_category_idx;
ALTER TABLE ticket_nbh ADD CONSTRAINT ticket_nbh_tickets_check CHECK (tickets >= 0);
ALTER TABLE ticket_cell ADD CONSTRAINT ticket_cell_tickets_check CHECK (tickets >= 0);
