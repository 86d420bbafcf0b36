package export

import (
	"cmp"
	"context"
	"errors"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/sync/errgroup"

	"loket/internal/errs"
)

// BatchRows is the most rows in one record batch (and one Parquet row
// group) unless a Request says otherwise: big enough for columnar tools,
// small enough that an export's memory does not grow with its rows.
const BatchRows = 64 * 1024

// readers is how many connections read one export. One PostgreSQL
// backend sends these columns at about 1.3 µs a row, so a second one is
// what lets an export pass a million rows a second on two cores.
const readers = 2

// Scan reads the tickets req selects as Arrow record batches (req.Schema
// gives their columns) and calls fn with each, one at a time. Rows come
// in no particular order. A batch is released when fn returns: fn must
// Retain it to keep it. An error of fn stops the scan and is returned.
func Scan(ctx context.Context, pool *pgxpool.Pool, req Request, fn func(arrow.RecordBatch) error) error {
	st, err := prepare(req)
	if err != nil {
		return err
	}
	s, err := openSnapshot(ctx, pool)
	if err != nil {
		return failed(ctx, err)
	}
	defer s.close()
	var fnErr error
	err = s.scan(ctx, pool, req, st, func(rec arrow.RecordBatch) error {
		fnErr = fn(rec)
		return fnErr
	})
	if err != nil && fnErr == nil {
		return failed(ctx, err)
	}
	return err
}

// ScanTx is Scan inside tx, a transaction at repeatable read such as
// analytics/snapshot's: the batches hold what tx sees, so they agree with
// what else the caller reads in tx. tx reads, and with it a second
// transaction on tx's snapshot and with tx's statement timeout when pool
// (which may be nil) has a connection to spare. Database errors come back
// as they are, for tx's owner to judge; after any error tx may be broken
// off mid-statement, so its owner must give it up.
func ScanTx(ctx context.Context, tx pgx.Tx, pool *pgxpool.Pool, req Request, fn func(arrow.RecordBatch) error) error {
	st, err := prepare(req)
	if err != nil {
		return err
	}
	s, err := adoptSnapshot(ctx, tx)
	if err != nil {
		return err
	}
	defer s.close()
	return s.scan(ctx, pool, req, st, fn)
}

// scan reads st with the snapshot's first transaction and those share
// adds, each taking ranges of pages in turn, and hands fn their batches.
func (s *snapshot) scan(ctx context.Context, pool *pgxpool.Pool, req Request, st statement, fn func(arrow.RecordBatch) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	lk, err := loadLookups(ctx, s.txs[0], req.MunicipalityID, st)
	if err != nil {
		return err
	}
	defer lk.release()
	parts, err := pageRanges(ctx, s.txs[0], req.batchRows()/4)
	if err != nil {
		return err
	}
	if err := s.share(ctx, pool, min(readers, len(parts))); err != nil {
		return err
	}
	// Unbuffered: a reader hands over a batch only when the last one is
	// written, so at most a batch per reader and one in writing are held.
	out := make(chan arrow.RecordBatch)
	g, gctx := errgroup.WithContext(ctx)
	var next atomic.Int64
	for _, tx := range s.txs {
		g.Go(func() error { return read(gctx, tx, st, newBatch(st, lk, req.batchRows()), parts, &next, out) })
	}
	go func() {
		_ = g.Wait()
		close(out)
	}()
	var fnErr error
	for rec := range out {
		if fnErr == nil {
			if fnErr = fn(rec); fnErr != nil {
				cancel()
			}
		}
		rec.Release()
	}
	if fnErr != nil {
		return fnErr
	}
	return g.Wait()
}

// read takes page ranges in turn until none is left, sending a batch
// whenever one is full, and the rest at the end.
func read(ctx context.Context, tx pgx.Tx, st statement, b *batch, parts []pageRange, next *atomic.Int64, out chan<- arrow.RecordBatch) error {
	defer b.release()
	send := func() error {
		rec := b.finish()
		select {
		case out <- rec:
			return nil
		case <-ctx.Done():
			rec.Release()
			return ctx.Err()
		}
	}
	for i := next.Add(1) - 1; i < int64(len(parts)); i = next.Add(1) - 1 {
		p := parts[i]
		rows, err := tx.Query(ctx, st.sql, append(st.args, p.from, p.to)...)
		if err != nil {
			return err
		}
		if err := st.check(rows.FieldDescriptions()); err != nil {
			// A statement that failed (a timeout) has no columns: its
			// error is the one to tell.
			rows.Close()
			return cmp.Or(rows.Err(), err)
		}
		for rows.Next() {
			if err := b.add(rows.RawValues()); err != nil {
				rows.Close()
				return err
			}
			if b.rows == b.capacity {
				if err := send(); err != nil {
					rows.Close()
					return err
				}
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	if b.rows > 0 {
		return send()
	}
	return nil
}

// failed gives a database failure its kind: the caller going away is not
// the server's fault.
func failed(ctx context.Context, err error) error {
	var e *errs.Error
	switch {
	case errors.As(err, &e):
		return err
	case ctx.Err() != nil:
		return errs.Wrap(err, errs.Unavailable, "the export was cancelled")
	}
	return errs.Wrap(err, errs.Internal, "exporting the tickets failed")
}
