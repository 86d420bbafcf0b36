package export_test

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/analytics/export"
	"loket/internal/errs"
	"loket/ticketing"
)

func TestScanHandsGoTheSelectedTicketsInBatchesOfTheSizeAsked(t *testing.T) {
	pool := city(t)
	ctx := context.Background()
	req := export.Request{MunicipalityID: 1, Filter: ticketing.Filter{Status: []ticketing.Status{"closed", "resolved"}},
		Staff: true, BatchRows: 40}
	var want int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM ticket WHERE status IN ('closed', 'resolved')`).Scan(&want); err != nil {
		t.Fatal(err)
	}
	seen := map[int64]bool{}
	batches := 0
	err := export.Scan(ctx, pool, req, func(rec arrow.RecordBatch) error {
		batches++
		if rec.NumRows() > 40 || rec.NumRows() == 0 || !rec.Schema().Equal(export.Schema(true)) {
			t.Errorf("a batch of %d rows with the schema\n%s", rec.NumRows(), rec.Schema())
		}
		st := rec.Column(3).(*array.Dictionary)
		for i, id := range rec.Column(0).(*array.Int64).Int64Values() {
			if seen[id] {
				t.Errorf("ticket %d came twice", id)
			}
			seen[id] = true
			if s := st.Dictionary().(*array.String).Value(st.GetValueIndex(i)); s != "closed" && s != "resolved" {
				t.Errorf("ticket %d is %s", id, s)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != want || want < 100 || batches < want/40 {
		t.Errorf("%d tickets in %d batches, want %d in at least %d", len(seen), batches, want, want/40)
	}

	stop := errors.New("enough")
	calls := 0
	err = export.Scan(ctx, pool, req, func(arrow.RecordBatch) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("an error of the callee: %v after %d calls", err, calls)
	}
	req.Filter.Cursor = "abc"
	if err := export.Scan(ctx, pool, req, func(arrow.RecordBatch) error { return nil }); errs.KindOf(err) != errs.Invalid {
		t.Errorf("a scan with a cursor: %v", err)
	}
}

// scannedIDs counts the tickets ScanTx reads in tx, failing t on one
// read twice.
func scannedIDs(t *testing.T, tx pgx.Tx, pool *pgxpool.Pool) (int, error) {
	seen := map[int64]bool{}
	ids := export.Request{MunicipalityID: 1, Columns: []string{export.ColID}, BatchRows: 40}
	err := export.ScanTx(context.Background(), tx, pool, ids, func(rec arrow.RecordBatch) error {
		for _, id := range rec.Column(0).(*array.Int64).Int64Values() {
			if seen[id] {
				t.Errorf("ticket %d came twice", id)
			}
			seen[id] = true
		}
		return nil
	})
	return len(seen), err
}

// beginRead opens a read-only transaction, rolled back when t ends.
func beginRead(t *testing.T, pool *pgxpool.Pool, iso pgx.TxIsoLevel) pgx.Tx {
	t.Helper()
	ctx := context.Background()
	tx, err := pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: iso, AccessMode: pgx.ReadOnly})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback(ctx) })
	return tx
}

func TestScanTxReadsWhatItsTransactionSees(t *testing.T) {
	pool := city(t)
	ctx := context.Background()
	scanned := func(tx pgx.Tx, pool *pgxpool.Pool) (int, error) { return scannedIDs(t, tx, pool) }
	begin := func(pool *pgxpool.Pool, iso pgx.TxIsoLevel) pgx.Tx { return beginRead(t, pool, iso) }
	count := func(q interface {
		QueryRow(context.Context, string, ...any) pgx.Row
	}) int {
		var n int
		if err := q.QueryRow(ctx, `SELECT count(*) FROM ticket`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	tx := begin(pool, pgx.RepeatableRead)
	before := count(tx)
	if _, err := pool.Exec(ctx, `INSERT INTO ticket (municipality_id, reference, channel, category_id, description, created_at, updated_at)
		SELECT municipality_id, reference || '-later', channel, category_id, description, created_at, updated_at
		  FROM ticket WHERE id = (SELECT min(id) FROM ticket)`); err != nil {
		t.Fatal(err)
	}
	if n, err := scanned(tx, pool); err != nil || n != before {
		t.Errorf("ScanTx read %d tickets (%v), the transaction sees %d", n, err, before)
	}
	if n := count(tx); n != before {
		t.Errorf("after ScanTx the transaction counts %d tickets, want it still open on its snapshot (%d)", n, before)
	}

	// The caller holds a busy pool's only connection: its own reads do.
	cfg := pool.Config()
	cfg.MaxConns = 1
	single, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(single.Close) // after the rollback, which cleanups registered later run first
	if n, err := scanned(begin(single, pgx.RepeatableRead), single); err != nil || n != before+1 {
		t.Errorf("on a pool of one connection: %d tickets (%v), want %d", n, err, before+1)
	}

	if _, err := scanned(begin(pool, pgx.ReadCommitted), pool); err == nil {
		t.Error("a scan in a read-committed transaction, whose readers would each see another moment")
	}
}

func TestScanTxLeavesAStatementTimeoutToItsCaller(t *testing.T) {
	pool := city(t)
	ctx := context.Background()
	// A lock held elsewhere makes the scan wait past its 1 ms for sure,
	// however quick the machine.
	locker, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer locker.Rollback(ctx)
	if _, err := locker.Exec(ctx, `LOCK TABLE ticket IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	slow := beginRead(t, pool, pgx.RepeatableRead)
	if _, err := slow.Exec(ctx, `SET LOCAL statement_timeout = 1`); err != nil {
		t.Fatal(err)
	}
	var pg *pgconn.PgError
	var known *errs.Error
	if _, err := scannedIDs(t, slow, pool); !errors.As(err, &pg) || pg.Code != "57014" || errors.As(err, &known) {
		t.Errorf("a statement timeout gives %v, want PostgreSQL's own error for the transaction's owner to judge", err)
	}
}

// BenchmarkExport writes the small city's tickets to nowhere in each
// format, public and staff, and the three columns the Go analytics count
// (narrow); `loket bench export` measures a million rows through HTTP.
func BenchmarkExport(b *testing.B) {
	pool := city(b)
	ctx := context.Background()
	for _, f := range []export.Format{export.Arrow, export.Parquet} {
		for _, c := range []struct {
			name string
			req  export.Request
		}{
			{"public", export.Request{MunicipalityID: 1}},
			{"staff", export.Request{MunicipalityID: 1, Staff: true}},
			{"narrow", export.Request{MunicipalityID: 1, Columns: []string{export.ColCreatedAt, export.ColCategory, export.ColNeighbourhood}}},
		} {
			schema, err := c.req.Schema()
			if err != nil {
				b.Fatal(err)
			}
			b.Run(f.Name+"/"+c.name, func(b *testing.B) {
				rows := int64(0)
				for b.Loop() {
					err := export.Write(io.Discard, f, schema, func(fn func(arrow.RecordBatch) error) error {
						return export.Scan(ctx, pool, c.req, func(rec arrow.RecordBatch) error {
							rows += rec.NumRows()
							return fn(rec)
						})
					}, func() {})
					if err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
			})
		}
	}
}
