-- +goose Up
-- Folding map deltas stays cheap however many wait.
--
-- loket_total_cells read the cells under the touched ones with a join the
-- planner could only hash on (municipality, level): every fold compared
-- each touched cell with every cell of its level, a whole read of
-- ticket_cell each second at ten million tickets, and minutes for a
-- backlog. Each touched cell now reads its own cells through the primary
-- key (OFFSET 0 keeps the lateral subquery a parameterised index scan).
--
-- loket_compact_map folds at most 2,000 deltas a call (a few seconds at
-- ten million tickets), so a backlog (tickets written while no server
-- folded) drains in steps that each end soon; its caller calls again
-- while calls come back full.
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

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION loket_total_cells(ms integer[], xs integer[], ys integer[]) RETURNS void
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
