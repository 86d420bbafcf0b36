package season

import (
	"context"

	"github.com/jackc/pgx/v5"

	"loket/analytics/snapshot"
)

// read runs fn in one read-only snapshot, so counts, weather and holidays
// agree.
func (s *Service) read(ctx context.Context, fn func(pgx.Tx) error) error {
	r := snapshot.Reader{Timeout: s.opt.StatementTimeout, Repeatable: true,
		What: "the analysis", Hint: "choose fewer categories or a shorter range"}
	return r.Read(ctx, s.pool, fn)
}
