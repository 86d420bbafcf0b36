package seed

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/sync/errgroup"
)

type loadResult struct {
	tickets, events int64
	lastSerial      []int
	firstYear       int
	dur             time.Duration
}

// loadTickets streams the ticket history into the database. With superuser
// rights, tickets and events are copied at the same time on two
// connections with foreign-key triggers off (the generator keeps them
// consistent by construction); otherwise in two deterministic passes,
// tickets first, so the checks can run. Indexes that no foreign key needs
// are dropped first and built again once their table is loaded: one sorted
// build is several times cheaper than millions of single inserts.
func loadTickets(ctx context.Context, pool *pgxpool.Pool, mk func() *ticketGen, total int, progress io.Writer) (res loadResult, err error) {
	start := time.Now()
	var super bool
	if err := pool.QueryRow(ctx, `SELECT rolsuper FROM pg_roles WHERE rolname = current_user`).Scan(&super); err != nil {
		return res, err
	}
	ix := &indexSet{}
	defer func() {
		// Put back whatever is still missing, also when the load failed.
		if e := ix.rebuildRest(context.WithoutCancel(ctx), pool); e != nil && err == nil {
			err = e
		}
		res.dur = time.Since(start)
	}()
	for _, t := range []string{"ticket", "ticket_event"} {
		if err := ix.drop(ctx, pool, t); err != nil {
			return res, err
		}
	}

	bar := newBar(progress, total)
	var g *ticketGen
	if super {
		g, err = copyPass(ctx, pool, mk, bar, ix, true, true, true)
	} else {
		if g, err = copyPass(ctx, pool, mk, bar, ix, true, false, false); err == nil {
			bar = newBar(progress, total)
			g, err = copyPass(ctx, pool, mk, bar, ix, false, true, false)
		}
	}
	if err != nil {
		return res, err
	}
	if bar != nil {
		_ = bar.Finish()
		fmt.Fprintln(progress)
	}
	res.tickets, res.events = g.nextTicket, g.nextEvent
	res.lastSerial, res.firstYear = g.serial, g.firstYear
	return res, nil
}

func newBar(w io.Writer, total int) *progressbar.ProgressBar {
	if w == nil {
		return nil
	}
	return progressbar.NewOptions64(int64(total),
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("tickets"),
		progressbar.OptionShowCount(),
		progressbar.OptionThrottle(250*time.Millisecond),
		progressbar.OptionSetWidth(30),
	)
}

// eventStreams is how many connections copy events at the same time:
// events are seven times as many rows as tickets, and one backend
// ingesting them is the bottleneck.
const eventStreams = 2

// copyPass runs one generator and the COPYs it feeds. Once its table is in,
// a COPY goroutine turns into an index builder (at most two build at once,
// biggest first), so the ticket indexes are built while events still load.
func copyPass(ctx context.Context, pool *pgxpool.Pool, mk func() *ticketGen, bar *progressbar.ProgressBar,
	ix *indexSet, tickets, events, replica bool) (*ticketGen, error) {
	eg, gctx := errgroup.WithContext(ctx)
	g := mk()
	b := newBuilder(2)
	load := func(s *stream, table string, cols []string) {
		b.expect(table)
		eg.Go(func() error {
			err := copyStream(gctx, pool, s, table, cols, replica)
			if err != nil {
				b.loaded(table, nil)
				return err
			}
			b.loaded(table, ix.take(table))
			return b.work(gctx, pool, ix)
		})
	}
	if tickets {
		g.T = newStream(gctx.Done())
		load(g.T, "ticket", ticketColumns)
	}
	if events {
		for range eventStreams {
			s := newStream(gctx.Done())
			g.E = append(g.E, s)
			load(s, "ticket_event", eventColumns)
		}
	}
	genDone := make(chan struct{})
	eg.Go(func() error {
		defer close(genDone)
		if err := g.run(); err != nil {
			return err
		}
		for _, s := range append([]*stream{g.T}, g.E...) {
			if s != nil {
				if err := s.finish(); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if bar != nil {
		go func() {
			t := time.NewTicker(250 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-genDone:
					_ = bar.Set64(g.done.Load())
					return
				case <-t.C:
					_ = bar.Set64(g.done.Load())
				}
			}
		}()
	}
	err := eg.Wait()
	<-genDone
	return g, err
}

// builder hands out index builds as tables finish loading, the most
// expensive first, to at most a fixed number of builders at a time.
type builder struct {
	mu      sync.Mutex
	cond    *sync.Cond
	streams map[string]int // COPY streams still running per table
	jobs    []indexDef
	slots   int
}

func newBuilder(slots int) *builder {
	b := &builder{streams: map[string]int{}, slots: slots}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *builder) expect(table string) {
	b.mu.Lock()
	b.streams[table]++
	b.mu.Unlock()
}

// loaded records that one stream of table is done; the last one brings
// the table's index jobs.
func (b *builder) loaded(table string, jobs []indexDef) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.streams[table]--
	b.jobs = append(b.jobs, jobs...)
	slices.SortStableFunc(b.jobs, func(x, y indexDef) int { return cmp.Compare(y.cost, x.cost) })
	b.cond.Broadcast()
}

func (b *builder) running() bool {
	for _, n := range b.streams {
		if n > 0 {
			return true
		}
	}
	return false
}

// work builds indexes until none are left, if a builder slot is free.
func (b *builder) work(ctx context.Context, pool *pgxpool.Pool, ix *indexSet) error {
	b.mu.Lock()
	if b.slots == 0 {
		b.mu.Unlock()
		return nil
	}
	b.slots--
	for {
		for len(b.jobs) == 0 && b.running() {
			b.cond.Wait()
		}
		if len(b.jobs) == 0 {
			b.slots++
			b.cond.Broadcast()
			b.mu.Unlock()
			return nil
		}
		d := b.jobs[0]
		b.jobs = b.jobs[1:]
		b.mu.Unlock()
		if err := buildIndex(ctx, pool, d); err != nil {
			b.mu.Lock()
			b.slots++
			b.mu.Unlock()
			return err
		}
		ix.built(d)
		b.mu.Lock()
	}
}

func copyStream(ctx context.Context, pool *pgxpool.Pool, s *stream, table string, cols []string, replica bool) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if replica {
		if err := skipTriggers(ctx, conn); err != nil {
			return err
		}
		defer conn.Exec(context.WithoutCancel(ctx), `RESET session_replication_role`)
	}
	if _, err := conn.Conn().PgConn().CopyFrom(ctx, &streamReader{s: s}, copySQL(table, cols)); err != nil {
		return fmt.Errorf("seed: copy %s: %w", table, err)
	}
	return nil
}

// indexDef is an index, or a primary-key or unique constraint, to build
// again; cost ranks builds (rows are unknown, so: columns, gist counted
// triple). A constraint is built as a plain unique index first, which can
// run next to other index builds on the table, and then attached.
type indexDef struct {
	table, name, sql string
	attach           string // ALTER TABLE … ADD CONSTRAINT … USING INDEX, for constraints
	cost             int
}

// indexSet remembers what was dropped until it is built again.
type indexSet struct {
	mu      sync.Mutex
	dropped []indexDef // not yet handed out
	taken   []indexDef // handed to a builder, not yet built
}

// drop removes the indexes of table that no foreign key depends on:
// secondary indexes, and primary-key or unique constraints no one
// references. Definitions come from the catalogue, so this keeps working
// when the migrations change.
func (ix *indexSet) drop(ctx context.Context, pool *pgxpool.Pool, table string) error {
	rows, err := pool.Query(ctx, `
		SELECT c.relname, pg_get_indexdef(i.indexrelid),
		       coalesce('ALTER TABLE ' || i.indrelid::regclass || ' ADD CONSTRAINT ' || quote_ident(k.conname) ||
		                CASE k.contype WHEN 'p' THEN ' PRIMARY KEY' ELSE ' UNIQUE' END ||
		                ' USING INDEX ' || quote_ident(c.relname), ''),
		       k.conname IS NOT NULL
		FROM pg_index i
		JOIN pg_class c ON c.oid = i.indexrelid
		LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.contype IN ('p', 'u') AND k.conrelid = i.indrelid
		WHERE i.indrelid = $1::regclass
		  AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid)
		  AND (k.oid IS NOT NULL OR NOT EXISTS (SELECT 1 FROM pg_constraint o WHERE o.conindid = i.indexrelid))
		ORDER BY c.relname`, table)
	if err != nil {
		return err
	}
	type found struct {
		indexDef
		constraint bool
	}
	defs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (found, error) {
		f := found{indexDef: indexDef{table: table}}
		if err := r.Scan(&f.name, &f.sql, &f.attach, &f.constraint); err != nil {
			return f, err
		}
		f.cost = strings.Count(f.sql, ",") + 1
		if strings.Contains(f.sql, "USING gist") {
			f.cost *= 3
		}
		if table == "ticket_event" { // seven times the rows
			f.cost *= 7
		}
		return f, nil
	})
	if err != nil {
		return err
	}
	for _, d := range defs {
		q := `DROP INDEX ` + pgx.Identifier{d.name}.Sanitize()
		if d.constraint {
			q = `ALTER TABLE ` + pgx.Identifier{table}.Sanitize() + ` DROP CONSTRAINT ` + pgx.Identifier{d.name}.Sanitize()
		}
		if _, err := pool.Exec(ctx, q); err != nil {
			return fmt.Errorf("seed: drop index %s: %w", d.name, err)
		}
		ix.mu.Lock()
		ix.dropped = append(ix.dropped, d.indexDef)
		ix.mu.Unlock()
	}
	return nil
}

// take hands out the dropped indexes of a table, largest work first.
func (ix *indexSet) take(table string) []indexDef {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	var out, rest []indexDef
	for _, d := range ix.dropped {
		if d.table == table {
			out = append(out, d)
		} else {
			rest = append(rest, d)
		}
	}
	ix.dropped = rest
	ix.taken = append(ix.taken, out...)
	return out
}

func (ix *indexSet) built(d indexDef) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for i, t := range ix.taken {
		if t == d {
			ix.taken = append(ix.taken[:i], ix.taken[i+1:]...)
			return
		}
	}
}

// rebuildRest builds whatever is still missing (after a failed load).
func (ix *indexSet) rebuildRest(ctx context.Context, pool *pgxpool.Pool) error {
	ix.mu.Lock()
	rest := append(append([]indexDef{}, ix.dropped...), ix.taken...)
	ix.dropped, ix.taken = nil, nil
	ix.mu.Unlock()
	var first error
	for _, d := range rest {
		if err := buildIndex(ctx, pool, d); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func buildIndex(ctx context.Context, pool *pgxpool.Pool, d indexDef) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SET maintenance_work_mem = '1GB'`); err != nil {
		return err
	}
	defer conn.Exec(context.WithoutCancel(ctx), `RESET maintenance_work_mem`)
	if _, err := conn.Exec(ctx, d.sql); err != nil {
		return fmt.Errorf("seed: rebuild index %s: %w", d.name, err)
	}
	if d.attach != "" {
		if _, err := conn.Exec(ctx, d.attach); err != nil {
			return fmt.Errorf("seed: restore constraint %s: %w", d.name, err)
		}
	}
	return nil
}
