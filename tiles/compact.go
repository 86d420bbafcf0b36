package tiles

import (
	"context"
	"log/slog"
	"time"
)

// compactEvery is how often pending map deltas are folded into the
// pyramid; reads add the pending ones, so this bounds their number, not
// the map's freshness.
const compactEvery = time.Second

// foldBatch is the most deltas one call of loket_compact_map folds
// (migration 00021): a call that folds this many leaves more waiting.
const foldBatch = 2000

// Compact folds pending deltas into the pyramid, at most foldBatch, and
// returns how many.
func (s *Server) Compact(ctx context.Context) (int64, error) {
	var n int64
	err := s.pool.QueryRow(ctx, `SELECT loket_compact_map()`).Scan(&n)
	return n, err
}

// Drain compacts until no backlog is left, in steps of foldBatch one
// after the other.
func (s *Server) Drain(ctx context.Context) error {
	for {
		n, err := s.Compact(ctx)
		if err != nil || n < foldBatch {
			return err
		}
	}
}

// Run drains the pending deltas every second until ctx ends.
func (s *Server) Run(ctx context.Context, logger *slog.Logger) {
	t := time.NewTicker(compactEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.Drain(ctx); err != nil && ctx.Err() == nil {
				logger.Warn("map deltas not folded in; reads still add them", "err", err)
			}
		}
	}
}
