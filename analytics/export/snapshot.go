package export

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/errs"
)

// snapshot is a few read-only transactions on one database snapshot, as
// pg_dump's parallel jobs share one: together they read the tickets as
// they were at a single moment.
type snapshot struct {
	conns []*pgxpool.Conn
	txs   []pgx.Tx
	// adopted: txs[0] is the caller's, which close leaves open; more
	// readers are then a bonus, not a must.
	adopted bool
	timeout string // the caller's statement timeout, for the other readers
}

// snapshotID is what pg_export_snapshot returns, e.g. 00000003-0000001B-1.
var snapshotID = regexp.MustCompile(`^[0-9A-F]+(-[0-9A-F]+)+$`)

// spareWait is how long an adopted snapshot waits for a connection for
// a second reader: the caller holds one already, so waiting on a busy
// pool could tie up both, and its own reader can do the work alone.
const spareWait = 200 * time.Millisecond

// openSnapshot begins the first transaction.
func openSnapshot(ctx context.Context, pool *pgxpool.Pool) (*snapshot, error) {
	s := &snapshot{}
	if err := s.begin(ctx, pool, ""); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// adoptSnapshot takes tx, the caller's transaction, as the first reader.
// It must be at repeatable read (or serializable): at read committed the
// statements of the readers would each see another moment.
func adoptSnapshot(ctx context.Context, tx pgx.Tx) (*snapshot, error) {
	var isolation, timeout string
	err := tx.QueryRow(ctx, `SELECT current_setting('transaction_isolation'), current_setting('statement_timeout')`).Scan(&isolation, &timeout)
	if err != nil {
		return nil, err
	}
	if isolation != "repeatable read" && isolation != "serializable" {
		return nil, errs.E(errs.Internal, "a scan in a transaction needs it at repeatable read, not %s", isolation)
	}
	return &snapshot{txs: []pgx.Tx{tx}, adopted: true, timeout: timeout}, nil
}

// share adds transactions on the first one's snapshot until there are n,
// or, for an adopted snapshot, until the pool has no connection to spare.
func (s *snapshot) share(ctx context.Context, pool *pgxpool.Pool, n int) error {
	if len(s.txs) >= n || pool == nil {
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
		err := s.begin(ctx, pool, id)
		var busy acquireError
		if errors.As(err, &busy) && s.adopted && ctx.Err() == nil {
			return nil
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// acquireError is a pool that gave no connection.
type acquireError struct{ error }

// begin adds a transaction, on the snapshot id when there is one.
func (s *snapshot) begin(ctx context.Context, pool *pgxpool.Pool, id string) error {
	actx := ctx
	if s.adopted {
		var cancel context.CancelFunc
		actx, cancel = context.WithTimeout(ctx, spareWait)
		defer cancel()
	}
	c, err := pool.Acquire(actx)
	if err != nil {
		return acquireError{err}
	}
	s.conns = append(s.conns, c)
	tx, err := c.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	s.txs = append(s.txs, tx)
	if id == "" {
		return nil
	}
	// SET TRANSACTION takes no parameters; the id was checked above.
	if _, err := tx.Exec(ctx, "SET TRANSACTION SNAPSHOT '"+id+"'"); err != nil {
		return err
	}
	if s.timeout != "" {
		_, err = tx.Exec(ctx, `SELECT set_config('statement_timeout', $1, true)`, s.timeout)
	}
	return err
}

// close ends the transactions it began (they only read) and returns
// their connections.
func (s *snapshot) close() {
	own := s.txs
	if s.adopted && len(own) > 0 {
		own = own[1:]
	}
	for _, tx := range own {
		_ = tx.Rollback(context.Background())
	}
	for _, c := range s.conns {
		c.Release()
	}
	s.txs, s.conns = nil, nil
}
