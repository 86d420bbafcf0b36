package export

import (
	"context"
	"testing"

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
