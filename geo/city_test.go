package geo

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/testdb"
	"loket/seed"
)

// The geocoding tests share one seeded demo city: seeding takes seconds and
// the tests only read. It is built on first use and dropped in TestMain.
var city struct {
	once     sync.Once
	pool     *pgxpool.Pool
	err      error
	cleanups []func()
}

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(city.cleanups) - 1; i >= 0; i-- {
		city.cleanups[i]()
	}
	os.Exit(code)
}

// demoCity returns a pool on the shared demo city with its street table built.
func demoCity(t *testing.T) *pgxpool.Pool {
	t.Helper()
	city.once.Do(func() {
		defer func() {
			if r := recover(); r != nil {
				city.err = fmt.Errorf("%v", r)
			}
		}()
		ctx := context.Background()
		pool := testdb.New(packageTB{})
		if _, err := seed.Run(ctx, pool, seed.Options{Seed: 1, Until: time.Date(2026, 1, 27, 0, 0, 0, 0, time.UTC),
			Years: 1, Tickets: 100}); err != nil {
			city.err = err
			return
		}
		city.err = RefreshStreets(ctx, pool)
		city.pool = pool
	})
	if city.err != nil {
		t.Fatalf("demo city: %v", city.err)
	}
	return city.pool
}

// packageTB lets testdb create a database that outlives one test: its
// cleanups run at the end of TestMain, and failures panic into demoCity.
type packageTB struct{ testing.TB }

func (packageTB) Helper()                        {}
func (packageTB) Cleanup(f func())               { city.cleanups = append(city.cleanups, f) }
func (packageTB) Fatalf(format string, a ...any) { panic(fmt.Sprintf(format, a...)) }
func (packageTB) Errorf(format string, a ...any) { fmt.Fprintf(os.Stderr, format+"\n", a...) }
