package notify

import (
	"math/rand/v2"
	"time"
)

// backoff is the wait after the given number of failed attempts (1 or
// more): base, doubling each time, capped at ceiling. Up to a tenth is taken
// off at random so rows that failed together do not all return together.
func backoff(failures int, base, ceiling time.Duration) time.Duration {
	d := base
	for i := 1; i < failures && d < ceiling; i++ {
		d *= 2
	}
	d = min(d, ceiling)
	if jitter := int64(d / 10); jitter > 0 {
		d -= time.Duration(rand.Int64N(jitter + 1))
	}
	return d
}
