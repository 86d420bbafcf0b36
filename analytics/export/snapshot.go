package export

import (
	"context"
	"fmt"
	"regexp"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// snapshot is a few read-only transactions on one database snapshot, as
// pg_dump's parallel jobs share one: together they read the tickets as
// they were at a single moment.
type snapshot struct {
	conns []*pgxpool.Conn
	txs   []pgx.Tx
}

// snapshotID is what pg_export_snapshot returns, e.g. 00000003-0000001B-1.
var snapshotID = regexp.MustCompile(`^[0-9A-F]+(-[0-9A-F]+)+$`)

// openSnapshot begins the first transaction.
func openSnapshot(ctx context.Context, pool *pgxpool.Pool) (*snapshot, error) {
	s := &snapshot{}
	if _, err := s.begin(ctx, pool); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// share adds transactions on the first one's snapshot until there are n.
func (s *snapshot) share(ctx context.Context, pool *pgxpool.Pool, n int) error {
	if len(s.txs) >= n {
		return nil
	}
	var id string
	if err := s.txs[0].QueryRow(ctx, `SELECT pg_export_snapshot()`).Scan(&id); err != nil {
		return err
	}
	if !snapshotID.MatchString(id) {
		return fmt.Errorf("snapshot id %q", id)
	}
	for len(s.txs) < n {
		tx, err := s.begin(ctx, pool)
		if err != nil {
			return err
		}
		// SET TRANSACTION takes no parameters; the id was checked above.
		if _, err := tx.Exec(ctx, "SET TRANSACTION SNAPSHOT '"+id+"'"); err != nil {
			return err
		}
	}
	return nil
}

func (s *snapshot) begin(ctx context.Context, pool *pgxpool.Pool) (pgx.Tx, error) {
	c, err := pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	s.conns = append(s.conns, c)
	tx, err := c.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, err
	}
	s.txs = append(s.txs, tx)
	return tx, nil
}

// close ends the transactions (they only read) and returns the connections.
func (s *snapshot) close() {
	for _, tx := range s.txs {
		_ = tx.Rollback(context.Background())
	}
	for _, c := range s.conns {
		c.Release()
	}
	s.txs, s.conns = nil, nil
}
