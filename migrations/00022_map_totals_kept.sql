-- +goose Up
-- The cell totals are kept by their changes, not recounted.
--
-- loket_total_cells recounted every touched cell at every level from
-- ticket_cell: all its categories and statuses, four cells of the level
-- below for odd levels. For a second of intake that was some 90,000 rows
-- read to fold 550 deltas, 0.7 s of a core; the fold took a quarter of
-- the machine. Now counts and open counts are added to, and the top
-- categories compared: a cell's top changes only if a category touched
-- now overtakes it. Only when the top itself loses tickets is the cell
-- recounted, from ticket_cell_category: one row per category, every
-- level.

-- Tickets and open tickets per cell and category at every level 0–8: the
-- counts the tops are chosen from. Folding adds negative sums (see
-- 00015), so no check that counts are not negative.
CREATE TABLE ticket_cell_category (
    municipality_id integer NOT NULL REFERENCES municipality (id),
    level           smallint NOT NULL CHECK (level BETWEEN 0 AND 8),
    cx              integer NOT NULL,
    cy              integer NOT NULL,
    category_id     integer NOT NULL,
    tickets         integer NOT NULL,
    open            integer NOT NULL,
    PRIMARY KEY (municipality_id, level, cx, cy, category_id)
);

-- What the top categories count: the counts to beat.
ALTER TABLE ticket_cell_total
    ADD COLUMN top_tickets integer NOT NULL DEFAULT 0,
    ADD COLUMN top_open_tickets integer NOT NULL DEFAULT 0;

INSERT INTO ticket_cell_category (municipality_id, level, cx, cy, category_id, tickets, open)
SELECT c.municipality_id, l, c.cx >> (l & 1), c.cy >> (l & 1), c.category_id, sum(c.tickets),
       coalesce(sum(c.tickets) FILTER (WHERE loket_open_status(c.status)), 0)
FROM generate_series(0, 8) l JOIN ticket_cell c ON c.level = l & ~1
GROUP BY 1, 2, 3, 4, 5;

UPDATE ticket_cell_total t SET top_tickets = c.tickets
FROM ticket_cell_category c
WHERE c.municipality_id = t.municipality_id AND c.level = t.level AND c.cx = t.cx AND c.cy = t.cy AND c.category_id = t.top_category_id;
UPDATE ticket_cell_total t SET top_open_tickets = c.open
FROM ticket_cell_category c
WHERE c.municipality_id = t.municipality_id AND c.level = t.level AND c.cx = t.cx AND c.cy = t.cy AND c.category_id = t.top_open_category_id;

DROP FUNCTION loket_total_cells(integer[], integer[], integer[]);

-- loket_recount_tops chooses the top categories of the given cells
-- (parallel arrays) afresh from all their categories.
-- +goose StatementBegin
CREATE FUNCTION loket_recount_tops(ms integer[], ls smallint[], xs integer[], ys integer[]) RETURNS void
LANGUAGE sql AS $$
    UPDATE ticket_cell_total t
    SET top_category_id = r.top, top_tickets = coalesce(r.top_n, 0),
        top_open_category_id = r.top_open, top_open_tickets = coalesce(r.top_open_n, 0)
    FROM (
        SELECT u.m, u.l, u.x, u.y,
               (array_agg(c.category_id ORDER BY c.tickets DESC, c.category_id) FILTER (WHERE c.tickets > 0))[1] AS top,
               max(c.tickets) FILTER (WHERE c.tickets > 0) AS top_n,
               (array_agg(c.category_id ORDER BY c.open DESC, c.category_id) FILTER (WHERE c.open > 0))[1] AS top_open,
               max(c.open) FILTER (WHERE c.open > 0) AS top_open_n
        FROM unnest(ms, ls, xs, ys) u (m, l, x, y)
        JOIN ticket_cell_category c ON c.municipality_id = u.m AND c.level = u.l AND c.cx = u.x AND c.cy = u.y
        GROUP BY 1, 2, 3, 4) r
    WHERE t.municipality_id = r.m AND t.level = r.l AND t.cx = r.x AND t.cy = r.y
$$;
-- +goose StatementEnd

-- loket_compact_map folds at most 2,000 pending deltas into the pyramid,
-- the neighbourhood counts, the category counts and the cell totals, and
-- returns how many it folded. Calls take turns (an advisory lock): each
-- reads the totals it then writes.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION loket_compact_map() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    folded bigint;
    ms integer[];
    ls smallint[];
    xs integer[];
    ys integer[];
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('loket_compact_map'));
    WITH d AS (
        DELETE FROM ticket_map_delta WHERE (municipality_id, id) IN (
            SELECT municipality_id, id FROM ticket_map_delta LIMIT 2000 FOR UPDATE SKIP LOCKED)
        RETURNING *),
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
    -- The change per level, cell and category.
    dc AS (
        SELECT municipality_id AS m, l::smallint AS l, cx >> l AS x, cy >> l AS y, category_id,
               sum(delta)::integer AS dn, coalesce(sum(delta) FILTER (WHERE loket_open_status(status)), 0)::integer AS dopen
        FROM d, generate_series(0, 8) l WHERE cx IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5),
    cc AS (
        INSERT INTO ticket_cell_category AS t (municipality_id, level, cx, cy, category_id, tickets, open)
        SELECT m, l, x, y, category_id, dn, dopen FROM dc
        ON CONFLICT (municipality_id, level, cx, cy, category_id) DO UPDATE
        SET tickets = t.tickets + excluded.tickets, open = t.open + excluded.open
        RETURNING municipality_id AS m, level AS l, cx AS x, cy AS y, category_id, tickets, open),
    -- Per touched cell: the change, the touched categories (those that
    -- lost), and the best of them now.
    k AS (
        SELECT m, l, x, y, sum(dc.dn) AS dn, sum(dc.dopen) AS dopen,
               array_agg(category_id) AS touched,
               array_agg(category_id) FILTER (WHERE dc.dn < 0) AS lost,
               array_agg(category_id) FILTER (WHERE dc.dopen < 0) AS lost_open,
               (array_agg(category_id ORDER BY cc.tickets DESC, category_id) FILTER (WHERE cc.tickets > 0))[1] AS best,
               coalesce(max(cc.tickets) FILTER (WHERE cc.tickets > 0), 0) AS best_n,
               (array_agg(category_id ORDER BY cc.open DESC, category_id) FILTER (WHERE cc.open > 0))[1] AS best_open,
               coalesce(max(cc.open) FILTER (WHERE cc.open > 0), 0) AS best_open_n
        FROM cc JOIN dc USING (m, l, x, y, category_id)
        GROUP BY 1, 2, 3, 4),
    -- The old top stays unless it was touched (then the touched best
    -- holds its new count) or a touched category now beats it; one that
    -- lost tickets is recounted after this statement.
    v AS (
        SELECT k.m, k.l, k.x, k.y,
               coalesce(o.tickets, 0) + k.dn AS tickets, coalesce(o.open, 0) + k.dopen AS open,
               CASE WHEN o.top_category_id IS NULL OR o.top_category_id = ANY(k.touched) OR k.best_n > o.top_tickets
                         OR (k.best_n = o.top_tickets AND k.best < o.top_category_id)
                    THEN k.best ELSE o.top_category_id END AS top,
               greatest(k.best_n, CASE WHEN o.top_category_id = ANY(k.touched) THEN 0 ELSE o.top_tickets END) AS top_n,
               CASE WHEN o.top_open_category_id IS NULL OR o.top_open_category_id = ANY(k.touched) OR k.best_open_n > o.top_open_tickets
                         OR (k.best_open_n = o.top_open_tickets AND k.best_open < o.top_open_category_id)
                    THEN k.best_open ELSE o.top_open_category_id END AS top_open,
               greatest(k.best_open_n, CASE WHEN o.top_open_category_id = ANY(k.touched) THEN 0 ELSE o.top_open_tickets END) AS top_open_n,
               coalesce(o.top_category_id = ANY(k.lost) OR o.top_open_category_id = ANY(k.lost_open), false) AS recount
        FROM k LEFT JOIN ticket_cell_total o ON o.municipality_id = k.m AND o.level = k.l AND o.cx = k.x AND o.cy = k.y),
    tot AS (
        INSERT INTO ticket_cell_total AS t (municipality_id, level, cx, cy, tickets, open,
                                            top_category_id, top_tickets, top_open_category_id, top_open_tickets)
        SELECT m, l, x, y, tickets, open, top, top_n, top_open, top_open_n FROM v
        ON CONFLICT (municipality_id, level, cx, cy) DO UPDATE
        SET tickets = excluded.tickets, open = excluded.open,
            top_category_id = excluded.top_category_id, top_tickets = excluded.top_tickets,
            top_open_category_id = excluded.top_open_category_id, top_open_tickets = excluded.top_open_tickets)
    SELECT (SELECT count(*) FROM d), array_agg(m), array_agg(l), array_agg(x), array_agg(y)
    INTO folded, ms, ls, xs, ys FROM v WHERE recount;
    IF ms IS NOT NULL THEN
        PERFORM loket_recount_tops(ms, ls, xs, ys);
    END IF;
    RETURN folded;
END
$$;
-- +goose StatementEnd

-- loket_count_map counts a municipality's map aggregates whole (see
-- 00015), now with the category counts and the tops' counts.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION loket_count_map(m integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM ticket_map_delta WHERE municipality_id = m;
    DELETE FROM ticket_cell WHERE municipality_id = m;
    DELETE FROM ticket_cell_category WHERE municipality_id = m;
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
    INSERT INTO ticket_cell_category (municipality_id, level, cx, cy, category_id, tickets, open)
    SELECT m, l, c.cx >> l, c.cy >> l, c.category_id, sum(c.tickets),
           coalesce(sum(c.tickets) FILTER (WHERE loket_open_status(c.status)), 0)
    FROM generate_series(0, 8) l JOIN ticket_cell c ON c.municipality_id = m AND c.level = 0
    GROUP BY 1, 2, 3, 4, 5;
    INSERT INTO ticket_cell_total (municipality_id, level, cx, cy, tickets, open,
                                   top_category_id, top_tickets, top_open_category_id, top_open_tickets)
    SELECT m, level, cx, cy, sum(tickets), sum(open),
           (array_agg(category_id ORDER BY tickets DESC, category_id) FILTER (WHERE tickets > 0))[1],
           coalesce(max(tickets) FILTER (WHERE tickets > 0), 0),
           (array_agg(category_id ORDER BY open DESC, category_id) FILTER (WHERE open > 0))[1],
           coalesce(max(open) FILTER (WHERE open > 0), 0)
    FROM ticket_cell_category WHERE municipality_id = m
    GROUP BY level, cx, cy;
    INSERT INTO ticket_nbh (municipality_id, neighbourhood_id, status, tickets)
    SELECT municipality_id, neighbourhood_id, status, count(*) FROM ticket
    WHERE municipality_id = m AND neighbourhood_id IS NOT NULL GROUP BY 1, 2, 3;
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION loket_recount_tops(integer[], smallint[], integer[], integer[]);
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION loket_total_cells(ms integer[], xs integer[], ys integer[]) RETURNS void
LANGUAGE sql AS $$
    WITH t AS (
        SELECT DISTINCT u.m, l::smallint AS l, u.x >> l AS tx, u.y >> l AS ty
        FROM unnest(ms, xs, ys) u (m, x, y), generate_series(0, 8) l),
    k AS (
        SELECT t.m, t.l, t.tx, t.ty, c.category_id, sum(c.tickets) AS n,
               coalesce(sum(c.tickets) FILTER (WHERE loket_open_status(c.status)), 0) AS o
        FROM t CROSS JOIN LATERAL (
            SELECT c.category_id, c.status, c.tickets FROM ticket_cell c
            WHERE c.municipality_id = t.m AND c.level = t.l & ~1
              AND c.cx BETWEEN t.tx << (t.l & 1) AND ((t.tx + 1) << (t.l & 1)) - 1
              AND c.cy BETWEEN t.ty << (t.l & 1) AND ((t.ty + 1) << (t.l & 1)) - 1
            OFFSET 0) c
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
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION loket_compact_map() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    folded bigint;
    ms integer[];
    xs integer[];
    ys integer[];
BEGIN
    WITH d AS (
        DELETE FROM ticket_map_delta WHERE (municipality_id, id) IN (
            SELECT municipality_id, id FROM ticket_map_delta LIMIT 2000 FOR UPDATE SKIP LOCKED)
        RETURNING *),
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

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION loket_count_map(m integer) RETURNS void
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
ALTER TABLE ticket_cell_total DROP COLUMN top_tickets, DROP COLUMN top_open_tickets;
DROP TABLE ticket_cell_category;
