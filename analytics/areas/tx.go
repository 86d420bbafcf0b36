package areas

import (
	"context"

	"github.com/jackc/pgx/v5"

	"loket/analytics/snapshot"
)

// read runs fn in a read-only transaction bounded by the statement
// timeout. The window sort of a year's tickets and the per-cluster hulls
// spill to disk at the server's usual few MB of work memory, so the
// statements get more.
func (s *Service) read(ctx context.Context, fn func(pgx.Tx) error) error {
	r := snapshot.Reader{Timeout: s.limits.StatementTimeout, WorkMemMB: 64, What: "the analysis",
		Hint: "choose a shorter period, fewer categories or larger hexagons"}
	return r.Read(ctx, s.pool, fn)
}
