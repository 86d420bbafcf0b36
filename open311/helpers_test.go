package open311_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/auth"
)

func strconvFloat(f float64) string { return strconv.FormatFloat(f, 'f', 7, 64) }

func count(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// staff is the demo agent as the middleware would see them.
func staff(t *testing.T, pool *pgxpool.Pool) *auth.Principal {
	t.Helper()
	p := &auth.Principal{MunicipalityID: 1}
	if err := pool.QueryRow(context.Background(), `SELECT id, name, email, roles FROM staff WHERE email = 'agent@kortrijk.demo'`).
		Scan(&p.StaffID, &p.Name, &p.Email, &p.Roles); err != nil {
		t.Fatal(err)
	}
	return p
}
