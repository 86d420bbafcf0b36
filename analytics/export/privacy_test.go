package export

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"loket/internal/testdb"
)

func TestHomesAreRoundedToTheSameValuesPostgreSQLGivesOpen311(t *testing.T) {
	xs := []float64{3.2645, -3.2645, 50.8275, 3.2644999999, 0.0005, -0.0005, 0.00049999, 179.9995, 3.1, 50, 0}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		xs = append(xs, 3.1+rng.Float64()*0.3, 50.7+rng.Float64()*0.2)
		// Values that are a half at the third decimal, as typed or as computed.
		k := float64(rng.IntN(400000)) + 0.5
		xs = append(xs, k/1000, -k/1000, (k+rng.Float64()*1e-7)/1000)
	}
	pool := testdb.New(t)
	var want []float64
	err := pool.QueryRow(context.Background(),
		`SELECT array_agg(round(x::numeric, 3)::float8 ORDER BY i) FROM unnest($1::float8[]) WITH ORDINALITY u(x, i)`, xs).Scan(&want)
	if err != nil {
		t.Fatal(err)
	}
	slow := 0
	for i, x := range xs {
		if got := roundHome(x); math.Float64bits(got) != math.Float64bits(want[i]) && !(got == 0 && want[i] == 0) {
			t.Errorf("roundHome(%v) = %v, PostgreSQL says %v", x, got, want[i])
		}
		if math.Round(x*1000)/1000 != want[i] {
			slow++
		}
	}
	if slow == 0 {
		t.Error("no value where plain rounding differs: the test does not test the decimal way")
	}
}
