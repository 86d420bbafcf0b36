package loadgen

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Options bound a load run: each step keeps InFlight[i] requests going
// for Step, or until MaxRequests have been sent, whichever comes first.
type Options struct {
	BaseURL     string
	InFlight    []int         // requests in flight per step [1 2 4 8 16 32 64]
	Step        time.Duration // how long each step lasts [10s]
	MaxRequests int           // per step; 0: no bound but Step
	Timeout     time.Duration // a request taking longer counts as an error [10s]
	Seed        uint64
}

func (o Options) withDefaults() Options {
	if len(o.InFlight) == 0 {
		o.InFlight = []int{1, 2, 4, 8, 16, 32, 64}
	}
	if o.Step == 0 {
		o.Step = 10 * time.Second
	}
	if o.Timeout == 0 {
		o.Timeout = 10 * time.Second
	}
	return o
}

// Stats is one route's (or the whole mix's) part of a step.
type Stats struct {
	Route    string
	Requests int
	// Errors are answers a person would call broken: 5xx other than 503,
	// transport failures and timeouts, and 4xx other than 429 (which a
	// correct load never earns).
	Errors int
	// Shed are the clean refusals of an overloaded or rate-limited server:
	// 503 and 429, each with Retry-After.
	Shed           int
	NoRetryAfter   int // 503s and 429s without Retry-After
	PerSecond      float64
	P50, P99, P999 time.Duration
	Statuses       map[int]int
	latencies      []time.Duration
}

// Step is what one level of requests in flight gave.
type Step struct {
	InFlight int
	Duration time.Duration
	Total    Stats
	Routes   []Stats
}

// Run sends the mix at each step of opt.InFlight in turn.
func (w *Workload) Run(ctx context.Context, opt Options) ([]Step, error) {
	opt = opt.withDefaults()
	var out []Step
	var seq atomic.Uint64
	for i, n := range opt.InFlight {
		st := w.step(ctx, opt, n, opt.Seed+uint64(i), &seq)
		out = append(out, st)
		if err := ctx.Err(); err != nil {
			return out, err
		}
	}
	return out, nil
}

type sample struct {
	route   int
	status  int // 0: transport error or timeout
	retry   bool
	latency time.Duration
}

func (w *Workload) step(ctx context.Context, opt Options, inFlight int, seed uint64, seq *atomic.Uint64) Step {
	client := &http.Client{Timeout: opt.Timeout, Transport: &http.Transport{MaxIdleConnsPerHost: inFlight, MaxConnsPerHost: inFlight}}
	defer client.CloseIdleConnections()
	total := 0
	for _, r := range mix {
		total += r.weight
	}
	// The step ends what is sent, not what is under way: a request still
	// running at the end is waited for (up to the client's timeout) and
	// counted, so slow answers show in the tail instead of vanishing.
	end := time.Now().Add(opt.Step)
	var sent atomic.Int64
	results := make([][]sample, inFlight)
	var wg sync.WaitGroup
	start := time.Now()
	for g := range inFlight {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rnd := rand.New(rand.NewPCG(seed, uint64(g)))
			for ctx.Err() == nil && time.Now().Before(end) && (opt.MaxRequests == 0 || sent.Add(1) <= int64(opt.MaxRequests)) {
				k := pick(rnd, total)
				req := mix[k].build(w, opt.BaseURL, rnd, seq.Add(1)).WithContext(ctx)
				t0 := time.Now()
				res, err := client.Do(req)
				s := sample{route: k, latency: time.Since(t0)}
				if err == nil {
					_, _ = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					s.latency = time.Since(t0)
					s.status, s.retry = res.StatusCode, res.Header.Get("Retry-After") != ""
				} else if ctx.Err() != nil {
					break // the run was cancelled
				}
				results[g] = append(results[g], s)
			}
		}()
	}
	wg.Wait()
	st := Step{InFlight: inFlight, Duration: time.Since(start)}
	byRoute := make([]Stats, len(mix))
	for k := range byRoute {
		byRoute[k] = Stats{Route: mix[k].name, Statuses: map[int]int{}}
	}
	st.Total = Stats{Route: "all", Statuses: map[int]int{}}
	for _, rs := range results {
		for _, s := range rs {
			byRoute[s.route].add(s)
			st.Total.add(s)
		}
	}
	for k := range byRoute {
		byRoute[k].finish(st.Duration)
	}
	st.Total.finish(st.Duration)
	st.Routes = byRoute
	return st
}

func pick(rnd *rand.Rand, total int) int {
	n := rnd.IntN(total)
	for k, r := range mix {
		if n < r.weight {
			return k
		}
		n -= r.weight
	}
	return len(mix) - 1
}

func (s *Stats) add(x sample) {
	s.Requests++
	s.Statuses[x.status]++
	s.latencies = append(s.latencies, x.latency)
	switch {
	case x.status == http.StatusServiceUnavailable || x.status == http.StatusTooManyRequests:
		s.Shed++
		if !x.retry {
			s.NoRetryAfter++
		}
	case x.status == 0 || x.status >= 400:
		s.Errors++
	}
}

func (s *Stats) finish(d time.Duration) {
	s.PerSecond = float64(s.Requests) / d.Seconds()
	if len(s.latencies) == 0 {
		return
	}
	slices.Sort(s.latencies)
	at := func(q float64) time.Duration { return s.latencies[int(q*float64(len(s.latencies)-1)+0.5)] }
	s.P50, s.P99, s.P999 = at(0.50), at(0.99), at(0.999)
	s.latencies = nil
}

// Knee is the index of the last step before the requests served (not
// refused) a second stopped rising by at least a tenth: past it, more
// requests in flight only queue or are refused. -1 when there are no steps.
func Knee(steps []Step) int {
	if len(steps) == 0 {
		return -1
	}
	// Refusals come back at once and would count as throughput.
	served := func(s Stats) float64 { return s.PerSecond * float64(s.Requests-s.Shed) / float64(max(s.Requests, 1)) }
	k := 0
	for i := 1; i < len(steps); i++ {
		prev, cur := steps[k].Total, steps[i].Total
		if cur.Errors > 0 || served(cur) < served(prev)*1.1 {
			break
		}
		k = i
	}
	return k
}
