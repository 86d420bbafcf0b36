package export

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"runtime/metrics"
	"time"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/parquet/file"
)

// BenchReport is one export timed through HTTP, as a client receives it.
type BenchReport struct {
	Rows, Bytes int64
	Duration    time.Duration // from the request to the last byte
	// PeakLive is the most heap the collector found live during the
	// export, PeakHeap the most heap in use (live and garbage not yet
	// collected): of this process, server and client both when they share it.
	PeakLive, PeakHeap uint64
}

// RowsPerSecond is the export's speed.
func (r BenchReport) RowsPerSecond() float64 { return float64(r.Rows) / r.Duration.Seconds() }

// BenchExport fetches url, an export in format f, with a bearer token
// (none when empty) and reads it as a client would: an Arrow stream batch
// by batch; a Parquet file to a temporary file, whose row count is then
// read from its footer (after the clock stops).
func BenchExport(ctx context.Context, client *http.Client, url, token string, f Format) (BenchReport, error) {
	var rep BenchReport
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return rep, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	runtime.GC()
	heap := watchHeap()
	start := time.Now()
	res, err := client.Do(req)
	if err != nil {
		heap()
		return rep, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		heap()
		body, _ := io.ReadAll(io.LimitReader(res.Body, 1<<10))
		return rep, fmt.Errorf("%s: %s %s", url, res.Status, body)
	}
	body := &counter{r: res.Body}
	if f.Name == Arrow.Name {
		rep.Rows, err = arrowRows(body)
	} else {
		rep.Rows, err = parquetRows(body, func() { rep.Duration = time.Since(start) })
	}
	if rep.Duration == 0 {
		rep.Duration = time.Since(start)
	}
	rep.Bytes = body.n
	rep.PeakLive, rep.PeakHeap = heap()
	return rep, err
}

func arrowRows(r io.Reader) (int64, error) {
	rd, err := ipc.NewReader(r)
	if err != nil {
		return 0, err
	}
	defer rd.Release()
	var n int64
	for rd.Next() {
		n += rd.RecordBatch().NumRows()
	}
	return n, rd.Err()
}

// parquetRows saves the file, calls received, and counts its rows.
func parquetRows(r io.Reader, received func()) (int64, error) {
	tmp, err := os.CreateTemp("", "loket-export-*.parquet")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if _, err := io.Copy(tmp, r); err != nil {
		return 0, err
	}
	received()
	pf, err := file.NewParquetReader(tmp)
	if err != nil {
		return 0, err
	}
	defer pf.Close()
	return pf.NumRows(), nil
}

type counter struct {
	r io.Reader
	n int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// watchHeap samples the heap every few milliseconds until the returned
// function is called, which gives the highest samples of the live heap
// (as the last collection marked it) and of the heap in use.
func watchHeap() func() (live, inUse uint64) {
	samples := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}
	var live, inUse uint64
	read := func() {
		metrics.Read(samples)
		live, inUse = max(live, samples[0].Value.Uint64()), max(inUse, samples[1].Value.Uint64())
	}
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			read()
			select {
			case <-tick.C:
			case <-done:
				read()
				return
			}
		}
	}()
	return func() (uint64, uint64) {
		close(done)
		<-stopped
		return live, inUse
	}
}
