package geo

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
)

// benchRows is the size of the generated address file.
const benchRows = 200_000

// BenchmarkImportAddresses imports a generated 200,000-row CSV in Lambert 72
// (points spread over Kortrijk's neighbourhoods), parsing, staging,
// boundary check, neighbourhoods and upsert included, and reports rows/s:
// into an empty register (the first load), and the same file again (every
// row compared, none written).
func BenchmarkImportAddresses(b *testing.B) {
	pool := importedKortrijk(b)
	ctx := context.Background()
	csv := benchAddressCSV(b, ctx, pool)
	load := func(b *testing.B) ImportReport {
		rep, err := ImportAddresses(ctx, pool, bytes.NewReader(csv), ImportOptions{SRID: 31370})
		if err != nil {
			b.Fatal(err)
		}
		// A point drawn on the very edge may fall out once rounded to a centimetre.
		if rep.Inserted+rep.Unchanged < benchRows-10 {
			b.Fatalf("%d inserted, %d unchanged of %d (%d rejected: %v…)", rep.Inserted, rep.Unchanged, benchRows,
				len(rep.Rejected), rep.Rejected[:min(3, len(rep.Rejected))])
		}
		return rep
	}
	b.Run("first load", func(b *testing.B) {
		b.SetBytes(int64(len(csv)))
		for range b.N {
			b.StopTimer()
			if _, err := pool.Exec(ctx, `TRUNCATE address CASCADE`); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			load(b)
		}
		b.ReportMetric(float64(b.N*benchRows)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("same file again", func(b *testing.B) {
		b.SetBytes(int64(len(csv)))
		for range b.N {
			if rep := load(b); rep.Inserted != 0 {
				b.Fatalf("re-import inserted %d", rep.Inserted)
			}
		}
		b.ReportMetric(float64(b.N*benchRows)/b.Elapsed().Seconds(), "rows/s")
	})
}

// benchAddressCSV writes benchRows addresses at random points of the
// neighbourhoods (PostGIS draws them, in Lambert 72), 60 addresses to a
// street with a box on every third.
func benchAddressCSV(b *testing.B, ctx context.Context, pool *pgxpool.Pool) []byte {
	b.Helper()
	rows, err := pool.Query(ctx, `
		SELECT ST_X(p.geom), ST_Y(p.geom)
		FROM (SELECT (ST_Dump(ST_GeneratePoints(ST_Transform(ST_Union(geom), 31370), $1, 1777))).geom
		      FROM neighbourhood) p`, benchRows)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var buf bytes.Buffer
	buf.WriteString("address_id,street_nl,street_fr,house_number,box,postcode,x,y\n")
	i := 0
	for rows.Next() {
		var x, y float64
		if err := rows.Scan(&x, &y); err != nil {
			b.Fatal(err)
		}
		box := ""
		if i%3 == 2 {
			box = "b" + strconv.Itoa(i%7)
		}
		fmt.Fprintf(&buf, "%d,Straat %d,Rue %d,%d,%s,85%02d,%.2f,%.2f\n", 1_000_000+i, i/60, i/60, i%60/3+1, box, i%3, x, y)
		i++
	}
	if err := rows.Err(); err != nil || i != benchRows {
		b.Fatalf("generated %d points: %v", i, err)
	}
	return buf.Bytes()
}
