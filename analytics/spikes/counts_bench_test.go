package spikes

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// BenchmarkReadCounts times the counting step of a default detection
// (three years and a week) over the 170,000 tickets of the test city:
// every category, and one neighbourhood.
func BenchmarkReadCounts(b *testing.B) {
	s := New(seededCity(b))
	ctx := context.Background()
	day := date(2025, time.November, 20)
	first := day.AddDate(0, 0, 1-(s.opt.HistoryDays+7))
	for _, c := range []struct {
		name string
		q    Query
	}{{"all", Query{}}, {"one neighbourhood", Query{Neighbourhood: busiestNeighbourhood(b, s)}}} {
		b.Run(c.name, func(b *testing.B) {
			cells := 0
			for b.Loop() {
				err := s.read(ctx, func(tx pgx.Tx) error {
					b.StopTimer()
					city, err := readCity(ctx, tx, kortrijk)
					if err != nil {
						return err
					}
					sc, err := resolve(ctx, tx, kortrijk, c.q, "nl")
					if err != nil {
						return err
					}
					b.StartTimer()
					got, err := readCounts(ctx, tx, s.pool, sc, city.zone, first, day)
					cells = len(got)
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cells), "cells")
		})
	}
}

func busiestNeighbourhood(b *testing.B, s *Service) string {
	b.Helper()
	var code string
	err := s.pool.QueryRow(context.Background(), `
		SELECT n.code FROM ticket t JOIN neighbourhood n ON n.municipality_id = t.municipality_id AND n.id = t.neighbourhood_id
		 GROUP BY n.code ORDER BY count(*) DESC, n.code LIMIT 1`).Scan(&code)
	if err != nil {
		b.Fatal(err)
	}
	return code
}
