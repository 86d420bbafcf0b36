package httpx

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"loket/internal/errs"
)

// databaseDown reports whether err comes from the database being out of
// reach rather than from a bug: no connection could be made, the
// connection broke, or the server is shutting down or starting up. Such a
// request may well succeed when sent again in a moment.
func databaseDown(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return false // slow or abandoned, not unreachable
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		// 08: connection exceptions; 53: out of connections or memory;
		// 57P01–57P03: shut down by an administrator, crashed, starting up.
		return strings.HasPrefix(pg.Code, "08") || strings.HasPrefix(pg.Code, "53") ||
			pg.Code == "57P01" || pg.Code == "57P02" || pg.Code == "57P03"
	}
	var connect *pgconn.ConnectError
	var network net.Error
	return errors.As(err, &connect) || errors.As(err, &network) || pgconn.SafeToRetry(err) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

// kindOf is err's kind, with an internal error caused by the database
// being out of reach counted as unavailable.
func kindOf(err error) errs.Kind {
	k := errs.KindOf(err)
	if k == errs.Internal && databaseDown(err) {
		return errs.Unavailable
	}
	return k
}
