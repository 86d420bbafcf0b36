// Package snapshot runs an analysis's reads in one read-only transaction
// whose statements stop after a timeout, and turns the ways that ends
// into errors a person can act on.
package snapshot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/errs"
)

// Reader reads for one kind of analysis.
type Reader struct {
	Timeout    time.Duration // of every statement
	WorkMemMB  int           // work memory of the statements; 0 keeps the server's
	Repeatable bool          // every statement sees the same snapshot
	What       string        // the analysis, for messages: "the spike detection"
	Hint       string        // what to narrow when it is too slow: "choose fewer categories"
}

// queryCanceled is PostgreSQL's code for a statement stopped by its
// timeout or by a cancel request.
const queryCanceled = "57014"

// Read runs fn in a read-only transaction; the whole stops when ctx ends
// (the client went away). An *errs.Error from fn passes through.
func (r Reader) Read(ctx context.Context, pool *pgxpool.Pool, fn func(pgx.Tx) error) error {
	opts := pgx.TxOptions{AccessMode: pgx.ReadOnly}
	if r.Repeatable {
		opts.IsoLevel = pgx.RepeatableRead
	}
	err := pgx.BeginTxFunc(ctx, pool, opts, func(tx pgx.Tx) error {
		// SET takes no parameters; the values are our own integers.
		// Analyses scan much and run seldom: they may use parallel workers,
		// which the pool's connections leave off for requests.
		set := fmt.Sprintf("SET LOCAL statement_timeout = %d; SET LOCAL max_parallel_workers_per_gather = 2", r.Timeout.Milliseconds())
		if r.WorkMemMB > 0 {
			set += fmt.Sprintf("; SET LOCAL work_mem = '%dMB'", r.WorkMemMB)
		}
		if _, err := tx.Exec(ctx, set); err != nil {
			return err
		}
		return fn(tx)
	})
	var known *errs.Error
	var pg *pgconn.PgError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &known):
		return err
	case ctx.Err() != nil:
		return errs.Wrap(err, errs.Unavailable, r.What+" was cancelled")
	case errors.As(err, &pg) && pg.Code == queryCanceled:
		return errs.Wrap(err, errs.Unavailable, fmt.Sprintf("%s took longer than %s: %s", r.What, r.Timeout, r.Hint))
	}
	return errs.Wrap(err, errs.Internal, "reading the data for "+r.What+" failed")
}
