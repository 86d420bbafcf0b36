package export_test

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"loket/analytics/export"
	"loket/internal/errs"
	"loket/ticketing"
)

func TestScanHandsGoTheSelectedTicketsInBatchesOfTheSizeAsked(t *testing.T) {
	pool := city(t)
	ctx := context.Background()
	req := export.Request{MunicipalityID: 1, Filter: ticketing.Filter{Status: []ticketing.Status{"closed", "resolved"}},
		Staff: true, BatchRows: 40}
	var want int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM ticket WHERE status IN ('closed', 'resolved')`).Scan(&want); err != nil {
		t.Fatal(err)
	}
	seen := map[int64]bool{}
	batches := 0
	err := export.Scan(ctx, pool, req, func(rec arrow.RecordBatch) error {
		batches++
		if rec.NumRows() > 40 || rec.NumRows() == 0 || !rec.Schema().Equal(export.Schema(true)) {
			t.Errorf("a batch of %d rows with the schema\n%s", rec.NumRows(), rec.Schema())
		}
		st := rec.Column(3).(*array.Dictionary)
		for i, id := range rec.Column(0).(*array.Int64).Int64Values() {
			if seen[id] {
				t.Errorf("ticket %d came twice", id)
			}
			seen[id] = true
			if s := st.Dictionary().(*array.String).Value(st.GetValueIndex(i)); s != "closed" && s != "resolved" {
				t.Errorf("ticket %d is %s", id, s)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != want || want < 100 || batches < want/40 {
		t.Errorf("%d tickets in %d batches, want %d in at least %d", len(seen), batches, want, want/40)
	}

	stop := errors.New("enough")
	calls := 0
	err = export.Scan(ctx, pool, req, func(arrow.RecordBatch) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("an error of the callee: %v after %d calls", err, calls)
	}
	req.Filter.Cursor = "abc"
	if err := export.Scan(ctx, pool, req, func(arrow.RecordBatch) error { return nil }); errs.KindOf(err) != errs.Invalid {
		t.Errorf("a scan with a cursor: %v", err)
	}
}

// BenchmarkExport writes the small city's tickets to nowhere in each
// format, public and staff; `loket bench export` measures a million rows
// through HTTP.
func BenchmarkExport(b *testing.B) {
	pool := city(b)
	ctx := context.Background()
	for _, f := range []export.Format{export.Arrow, export.Parquet} {
		for _, staff := range []bool{false, true} {
			name := f.Name + "/public"
			if staff {
				name = f.Name + "/staff"
			}
			b.Run(name, func(b *testing.B) {
				rows := int64(0)
				for b.Loop() {
					err := export.Write(io.Discard, f, staff, func(fn func(arrow.RecordBatch) error) error {
						return export.Scan(ctx, pool, export.Request{MunicipalityID: 1, Staff: staff}, func(rec arrow.RecordBatch) error {
							rows += rec.NumRows()
							return fn(rec)
						})
					}, func() {})
					if err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
			})
		}
	}
}
