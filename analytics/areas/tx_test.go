package areas

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
	"loket/internal/testdb"
)

func TestAStatementPastItsTimeoutIsAClearError(t *testing.T) {
	s := New(testdb.New(t))
	s.limits.StatementTimeout = 50 * time.Millisecond
	err := s.read(context.Background(), func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), `SELECT pg_sleep(5)`)
		return err
	})
	if errs.KindOf(err) != errs.Unavailable || !strings.Contains(errs.MessageOf(err), "longer than 50ms") {
		t.Errorf("err = %v (%s), want unavailable saying the analysis took too long", err, errs.MessageOf(err))
	}
}

func TestAnAnalysisStopsWhenItsRequestEnds(t *testing.T) {
	s := New(testdb.New(t))
	ctx, cancel := context.WithCancel(context.Background())
	err := s.read(ctx, func(tx pgx.Tx) error {
		time.AfterFunc(50*time.Millisecond, cancel)
		_, err := tx.Exec(ctx, `SELECT pg_sleep(5)`)
		return err
	})
	if errs.KindOf(err) != errs.Unavailable || !strings.Contains(errs.MessageOf(err), "cancelled") {
		t.Errorf("err = %v, want the analysis cancelled", err)
	}
}

func TestAnalysesOnlyRead(t *testing.T) {
	tw := newTown(t)
	err := tw.svc.read(context.Background(), func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), `DELETE FROM ticket`)
		return err
	})
	if err == nil || errs.KindOf(err) != errs.Internal {
		t.Errorf("a write inside an analysis gave %v, want a refusal", err)
	}
}
