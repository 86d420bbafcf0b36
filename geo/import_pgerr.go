package geo

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
)

// pgCode is the SQLSTATE of a PostgreSQL error in err's chain, or "".
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// pgDetail says which row and constraint a PostgreSQL error is about.
func pgDetail(err error) string {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return err.Error()
	}
	if pe.Detail != "" {
		return pe.ConstraintName + ": " + pe.Detail
	}
	return pe.ConstraintName
}
