package spikes

import (
	"context"

	"github.com/jackc/pgx/v5"

	"loket/analytics/snapshot"
)

// read runs fn in one read-only snapshot, so the tickets listed with an
// alert are the ones its counts were made of.
func (s *Service) read(ctx context.Context, fn func(pgx.Tx) error) error {
	r := snapshot.Reader{Timeout: s.opt.StatementTimeout, Repeatable: true,
		What: "the spike detection", Hint: "choose fewer categories or days"}
	return r.Read(ctx, s.pool, fn)
}
