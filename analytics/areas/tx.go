package areas

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"loket/internal/errs"
)

// read runs fn in a read-only transaction in which every statement stops
// after the statement timeout, and the whole stops when ctx ends (the
// client went away).
func (s *Service) read(ctx context.Context, fn func(pgx.Tx) error) error {
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		// SET takes no parameters; the values are our own. The window sort
		// of a year's tickets and the per-cluster hulls spill to disk at
		// the server's usual few MB of work memory.
		if _, err := tx.Exec(ctx, fmt.Sprintf("SET LOCAL statement_timeout = %d; SET LOCAL work_mem = '%dMB'",
			s.limits.StatementTimeout.Milliseconds(), workMemMB)); err != nil {
			return err
		}
		return fn(tx)
	})
	return s.readError(ctx, err)
}

// workMemMB is the work memory of an analysis's statements.
const workMemMB = 64

// queryCanceled is PostgreSQL's code for a statement stopped by its
// timeout or by a cancel request.
const queryCanceled = "57014"

func (s *Service) readError(ctx context.Context, err error) error {
	var known *errs.Error
	var pg *pgconn.PgError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &known):
		return err
	case ctx.Err() != nil:
		return errs.Wrap(err, errs.Unavailable, "the analysis was cancelled")
	case errors.As(err, &pg) && pg.Code == queryCanceled:
		return errs.Wrap(err, errs.Unavailable, fmt.Sprintf(
			"the analysis took longer than %s: choose a shorter period, fewer categories or larger hexagons", s.limits.StatementTimeout))
	}
	return errs.Wrap(err, errs.Internal, "reading the tickets for the analysis failed")
}
