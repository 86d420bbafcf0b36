package export

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"loket/internal/testdb"
)

func TestTheReadersOfAnExportShareOneSnapshot(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	s, err := openSnapshot(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	var before int
	if err := s.txs[0].QueryRow(ctx, `SELECT count(*) FROM municipality`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	if err := s.share(ctx, pool, 3); err != nil {
		t.Fatal(err)
	}
	// Committed after the snapshot, before the other readers read anything.
	if _, err := pool.Exec(ctx, `INSERT INTO municipality (id, nis_code, name_nl, name_fr, name_en, ticket_prefix)
		VALUES (99, '99999', 'Later', 'Plus tard', 'Later', '9999')`); err != nil {
		t.Fatal(err)
	}
	for i, tx := range s.txs {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM municipality`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != before {
			t.Errorf("reader %d sees %d municipalities, the snapshot %d", i, n, before)
		}
	}
	if len(s.txs) != 3 {
		t.Errorf("%d readers, want 3", len(s.txs))
	}
}

func TestAnAdoptedSnapshotLendsItsMomentAndTimeoutAndStaysOpen(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	tx, err := pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SET LOCAL statement_timeout = 1234`); err != nil {
		t.Fatal(err)
	}
	var before int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM municipality`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	s, err := adoptSnapshot(ctx, tx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.share(ctx, pool, 2); err != nil || len(s.txs) != 2 {
		t.Fatalf("%d readers (%v), want 2", len(s.txs), err)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO municipality (id, nis_code, name_nl, name_fr, name_en, ticket_prefix)
		VALUES (98, '99998', 'Later', 'Plus tard', 'Later', '9998')`); err != nil {
		t.Fatal(err)
	}
	var n int
	var timeout string
	if err := s.txs[1].QueryRow(ctx, `SELECT count(*), current_setting('statement_timeout') FROM municipality`).Scan(&n, &timeout); err != nil {
		t.Fatal(err)
	}
	if n != before || timeout != "1234ms" {
		t.Errorf("the second reader sees %d municipalities with a timeout of %s, want %d and 1234ms", n, timeout, before)
	}
	s.close()
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM municipality`).Scan(&n); err != nil || n != before {
		t.Errorf("after the scan the caller's transaction gives %d, %v; want it open on its snapshot (%d)", n, err, before)
	}
}
