// Package faulttest holds the tests that break what Loket stands on while
// it works: the process killed during intake, PostgreSQL restarted under
// load, the mail server down. They check the promises that must survive:
// no acknowledged ticket lost, nothing half-written, quick 503s instead of
// hanging requests, no duplicate from a retried Idempotency-Key, no
// notification lost. The package has no code besides its tests.
package faulttest
