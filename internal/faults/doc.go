// Package faults breaks what Loket stands on while it works and checks the
// promises that must survive: the server killed during intake, PostgreSQL
// stopped and started under load, the mail server down. Each scenario
// returns what it saw and the broken promises as problems; the tests in
// internal/faulttest run them small, `loket bench faults` at full size.
package faults
