package season

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"loket/internal/errs"
)

// read runs fn in one read-only snapshot, so counts, weather and holidays
// agree. Every statement stops after the statement timeout, and the whole
// stops when ctx ends.
func (s *Service) read(ctx context.Context, fn func(pgx.Tx) error) error {
	opts := pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead}
	err := pgx.BeginTxFunc(ctx, s.pool, opts, func(tx pgx.Tx) error {
		// SET takes no parameters; the value is an integer of our own.
		if _, err := tx.Exec(ctx, fmt.Sprintf("SET LOCAL statement_timeout = %d", s.opt.StatementTimeout.Milliseconds())); err != nil {
			return err
		}
		return fn(tx)
	})
	return s.readError(ctx, err)
}

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
			"reading the tickets took longer than %s: choose fewer categories or a shorter range", s.opt.StatementTimeout))
	}
	return errs.Wrap(err, errs.Internal, "reading the tickets and the weather failed")
}
