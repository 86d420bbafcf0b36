package seed

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"strconv"

	"github.com/jackc/pgx/v5/pgxpool"
)

// copyBuf encodes rows in PostgreSQL's binary COPY format directly into a
// byte slice: no per-value boxing, which is what makes 10 million tickets
// affordable on two cores.
type copyBuf struct{ b []byte }

// pgEpoch is 2000-01-01 UTC, the zero of PostgreSQL's binary timestamps and dates.
const pgEpoch = 946684800

func (w *copyBuf) header() {
	w.b = append(w.b, "PGCOPY\n\xff\r\n\x00"...)
	w.b = binary.BigEndian.AppendUint32(w.b, 0)
	w.b = binary.BigEndian.AppendUint32(w.b, 0)
}

func (w *copyBuf) trailer()     { w.b = binary.BigEndian.AppendUint16(w.b, 0xffff) }
func (w *copyBuf) row(n int)    { w.b = binary.BigEndian.AppendUint16(w.b, uint16(n)) }
func (w *copyBuf) null()        { w.b = binary.BigEndian.AppendUint32(w.b, 0xffffffff) }
func (w *copyBuf) length(n int) { w.b = binary.BigEndian.AppendUint32(w.b, uint32(n)) }

func (w *copyBuf) int2(v int) {
	w.length(2)
	w.b = binary.BigEndian.AppendUint16(w.b, uint16(v))
}

func (w *copyBuf) int4(v int) {
	w.length(4)
	w.b = binary.BigEndian.AppendUint32(w.b, uint32(int32(v)))
}

// int4OrNull writes NULL for 0: ids start at 1, so 0 means "none".
func (w *copyBuf) int4OrNull(v int) {
	if v == 0 {
		w.null()
		return
	}
	w.int4(v)
}

func (w *copyBuf) int8(v int64) {
	w.length(8)
	w.b = binary.BigEndian.AppendUint64(w.b, uint64(v))
}

func (w *copyBuf) int8OrNull(v int64) {
	if v == 0 {
		w.null()
		return
	}
	w.int8(v)
}

func (w *copyBuf) text(s string) {
	w.length(len(s))
	w.b = append(w.b, s...)
}

// textOrNull writes NULL for the empty string.
func (w *copyBuf) textOrNull(s string) {
	if s == "" {
		w.null()
		return
	}
	w.text(s)
}

// begin reserves a length prefix for a value composed in place; end fills it in.
func (w *copyBuf) begin() int {
	w.b = append(w.b, 0, 0, 0, 0)
	return len(w.b)
}

func (w *copyBuf) end(start int) {
	binary.BigEndian.PutUint32(w.b[start-4:], uint32(len(w.b)-start))
}

// ts writes a timestamptz from Unix seconds.
func (w *copyBuf) ts(unix int64) { w.int8((unix - pgEpoch) * 1_000_000) }

func (w *copyBuf) tsOrNull(unix int64) {
	if unix == 0 {
		w.null()
		return
	}
	w.ts(unix)
}

// date writes a date given as days since 1970-01-01.
func (w *copyBuf) date(unixDay int) {
	w.length(4)
	w.b = binary.BigEndian.AppendUint32(w.b, uint32(int32(unixDay-pgEpoch/86400)))
}

// dateOrNull writes NULL for 0, which no planned date ever is.
func (w *copyBuf) dateOrNull(unixDay int) {
	if unixDay == 0 {
		w.null()
		return
	}
	w.date(unixDay)
}

func (w *copyBuf) float4(v float64) {
	w.length(4)
	w.b = binary.BigEndian.AppendUint32(w.b, math.Float32bits(float32(v)))
}

// point writes a geometry(Point, 4326) as little-endian EWKB, which
// PostGIS's binary input accepts as is.
func (w *copyBuf) point(lon, lat float64) {
	w.length(25)
	w.b = append(w.b, 1)
	w.b = binary.LittleEndian.AppendUint32(w.b, 0x20000001)
	w.b = binary.LittleEndian.AppendUint32(w.b, 4326)
	w.b = binary.LittleEndian.AppendUint64(w.b, math.Float64bits(lon))
	w.b = binary.LittleEndian.AppendUint64(w.b, math.Float64bits(lat))
}

// jsonbStart opens a jsonb value (version byte 1); close it with end.
func (w *copyBuf) jsonbStart() int {
	s := w.begin()
	w.b = append(w.b, 1)
	return s
}

func (w *copyBuf) appendInt(v int64) { w.b = strconv.AppendInt(w.b, v, 10) }

// copyAll sends one complete binary COPY payload held in memory.
func copyAll(ctx context.Context, pool *pgxpool.Pool, table string, cols []string, w *copyBuf) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if err := skipTriggers(ctx, conn); err != nil {
		return err
	}
	defer conn.Exec(context.WithoutCancel(ctx), `RESET session_replication_role`)
	_, err = conn.Conn().PgConn().CopyFrom(ctx, &sliceReader{b: w.b}, copySQL(table, cols))
	return err
}

// skipTriggers turns off the foreign-key triggers on this connection when
// the role is allowed to (superuser): checking every row one by one costs
// more than writing it, and the generator keeps the data consistent.
func skipTriggers(ctx context.Context, conn *pgxpool.Conn) error {
	var super bool
	if err := conn.QueryRow(ctx, `SELECT rolsuper FROM pg_roles WHERE rolname = current_user`).Scan(&super); err != nil || !super {
		return err
	}
	_, err := conn.Exec(ctx, `SET session_replication_role = replica`)
	return err
}

func copySQL(table string, cols []string) string {
	s := "COPY " + table + " ("
	for i, c := range cols {
		if i > 0 {
			s += ", "
		}
		s += c
	}
	return s + ") FROM STDIN (FORMAT binary)"
}

type sliceReader struct{ b []byte }

func (r *sliceReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.b)
	r.b = r.b[n:]
	return n, nil
}

// stream hands filled buffers from the generator to a COPY running on its
// own connection. The two channels bound memory: at most cap(full)+2 chunks
// exist at any time, however many rows are generated.
type stream struct {
	w     copyBuf
	full  chan []byte
	free  chan []byte
	done  <-chan struct{}
	chunk int
}

var errStreamClosed = errors.New("seed: copy stream stopped")

func newStream(done <-chan struct{}) *stream {
	const chunk = 1 << 20
	s := &stream{full: make(chan []byte, 4), free: make(chan []byte, 6), done: done, chunk: chunk}
	s.w.b = make([]byte, 0, chunk+64<<10)
	s.w.header()
	return s
}

// flush passes the buffer on once it holds a chunk; rows are never split
// across calls, so the reader sees whole rows only at the end.
func (s *stream) flush(force bool) error {
	if len(s.w.b) < s.chunk && !force {
		return nil
	}
	select {
	case s.full <- s.w.b:
	case <-s.done:
		return errStreamClosed
	}
	select {
	case b := <-s.free:
		s.w.b = b[:0]
	default:
		s.w.b = make([]byte, 0, s.chunk+64<<10)
	}
	return nil
}

// finish writes the trailer and closes the stream.
func (s *stream) finish() error {
	s.w.trailer()
	err := s.flush(true)
	close(s.full)
	return err
}

// streamReader makes a stream an io.Reader for pgconn's CopyFrom.
type streamReader struct {
	s   *stream
	cur []byte
	buf []byte
}

func (r *streamReader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		if r.buf != nil {
			select {
			case r.s.free <- r.buf[:0]:
			default:
			}
			r.buf = nil
		}
		select {
		case b, ok := <-r.s.full:
			if !ok {
				return 0, io.EOF
			}
			r.buf, r.cur = b, b
		case <-r.s.done:
			return 0, errStreamClosed
		}
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}
