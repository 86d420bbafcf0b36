package geo

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/errs"
)

type person struct {
	id                int64
	first, last, born string
	staffID           int
}

// somebody picks a resident with an address, and an agent to look them up.
func somebody(t *testing.T, pool *pgxpool.Pool) person {
	t.Helper()
	var p person
	err := pool.QueryRow(context.Background(), `
		SELECT r.id, r.first_name, r.last_name, r.birth_date::text,
		       (SELECT id FROM staff WHERE 'agent' = ANY (roles) ORDER BY id LIMIT 1)
		  FROM resident r WHERE r.address_id IS NOT NULL AND r.last_name ~ '[a-z]{5}'
		 ORDER BY r.id LIMIT 1 OFFSET 1000`).Scan(&p.id, &p.first, &p.last, &p.born, &p.staffID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLookupFindsTheResidentWhicheverWayTheNameIsSaid(t *testing.T) {
	pool := demoCity(t)
	reg := NewRegister(pool)
	p := somebody(t, pool)
	typo := p.last[:2] + p.last[3:] // one letter dropped
	for _, name := range []string{
		p.last + " " + p.first,
		p.first + " " + p.last,
		typo + " " + p.first,
	} {
		t.Run(name, func(t *testing.T) {
			got, err := reg.Lookup(context.Background(), 1, p.staffID, ResidentQuery{Name: name, Reason: "call 12:03"})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, r := range got {
				if r.ID == p.id {
					found = true
					if r.Lon == nil || r.Address == nil {
						t.Errorf("resident returned without address or point: %+v", r)
					}
				}
			}
			if !found {
				t.Errorf("%s %s (%d) not among %d results for %q", p.first, p.last, p.id, len(got), name)
			}
		})
	}
}

func TestBirthYearNarrowsTheSearch(t *testing.T) {
	pool := demoCity(t)
	p := somebody(t, pool)
	year := 0
	for _, c := range p.born[:4] {
		year = year*10 + int(c-'0')
	}
	got, err := NewRegister(pool).Lookup(context.Background(), 1, p.staffID,
		ResidentQuery{Name: p.last + " " + p.first, BirthYear: year - 1, Reason: "call"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range got {
		if r.ID == p.id {
			t.Errorf("resident born in %d returned for birth year %d", year, year-1)
		}
	}
}

func TestEveryLookupLeavesExactlyOneAuditRowWithWhatItReturned(t *testing.T) {
	ctx := context.Background()
	pool := demoCity(t)
	p := somebody(t, pool)
	got, err := NewRegister(pool).Lookup(ctx, 1, p.staffID, ResidentQuery{Name: p.last + " " + p.first, Reason: "ticket 1777-2026-000042"})
	if err != nil {
		t.Fatal(err)
	}
	var n, actor int
	var reason string
	var data []byte
	if err := pool.QueryRow(ctx, `SELECT count(*) OVER (), actor_staff_id, reason, data FROM audit_log`).Scan(&n, &actor, &reason, &data); err != nil {
		t.Fatal(err)
	}
	var logged struct{ Returned []int64 }
	json.Unmarshal(data, &logged)
	if n != 1 || actor != p.staffID || reason != "ticket 1777-2026-000042" || len(logged.Returned) != len(got) {
		t.Errorf("audit = %d rows, actor %d, reason %q, %d returned ids; want 1, %d, the reason, %d",
			n, actor, reason, len(logged.Returned), p.staffID, len(got))
	}
}

func TestALookupWithoutAReasonIsRefusedAndNotRun(t *testing.T) {
	ctx := context.Background()
	pool := demoCity(t)
	p := somebody(t, pool)
	for name, q := range map[string]ResidentQuery{
		"no reason":       {Name: p.last},
		"a one-char name": {Name: "x", Reason: "call"},
		"a future year":   {Name: p.last, Reason: "call", BirthYear: 3000},
	} {
		_, err := NewRegister(pool).Lookup(ctx, 1, p.staffID, q)
		var e *errs.Error
		if !errors.As(err, &e) || e.Kind != errs.Invalid {
			t.Errorf("%s: err = %v, want an Invalid error", name, err)
		}
	}
	var n int
	pool.QueryRow(ctx, `SELECT count(*) FROM audit_log`).Scan(&n)
	if n != 0 {
		t.Errorf("refused look-ups left %d audit rows", n)
	}
}
