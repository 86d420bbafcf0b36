package export

import (
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/geo"
	"loket/internal/auth"
	"loket/internal/errs"
	"loket/internal/httpx"
)

// MaxExports is how many exports may run at once, each on up to
// `readers` connections; a few more would only share the same two cores.
const MaxExports = 2

// writeWindow is how long the client may take over one batch: a whole
// export may take longer than the server's write timeout.
const writeWindow = time.Minute

// Exporter serves the ticket exports.
type Exporter struct {
	pool   *pgxpool.Pool
	served *geo.Served
	slots  chan struct{}
}

// New returns an Exporter over pool.
func New(pool *pgxpool.Pool) *Exporter {
	return &Exporter{pool: pool, served: geo.NewServed(pool), slots: make(chan struct{}, MaxExports)}
}

// Routes mounts /api/export/tickets.arrow and /api/export/tickets.parquet.
func (e *Exporter) Routes(r chi.Router) {
	r.Get("/api/export/tickets.arrow", e.handle(Arrow))
	r.Get("/api/export/tickets.parquet", e.handle(Parquet))
}

func (e *Exporter) handle(f Format) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		req, err := e.request(r)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		schema, err := req.Schema()
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		select {
		case e.slots <- struct{}{}:
			defer func() { <-e.slots }()
		default:
			w.Header().Set("Retry-After", "10")
			httpx.Error(w, r, errs.E(errs.Unavailable, "%d exports are running already: try again in a moment", MaxExports))
			return
		}
		rc := http.NewResponseController(w)
		_ = rc.SetWriteDeadline(time.Now().Add(writeWindow)) // not every writer has deadlines
		scan := func(fn func(arrow.RecordBatch) error) error {
			return Scan(r.Context(), e.pool, req, func(rec arrow.RecordBatch) error {
				if err := fn(rec); err != nil {
					return err
				}
				_ = rc.SetWriteDeadline(time.Now().Add(writeWindow))
				if err := rc.Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
					return err
				}
				return nil
			})
		}
		started := false
		err = Write(w, f, schema, scan, func() {
			started = true
			h := w.Header()
			h.Set("Content-Type", f.ContentType)
			h.Set("Content-Disposition", `attachment; filename="tickets.`+f.Name+`"`)
			h.Set("Cache-Control", "no-store")
			h.Set("X-Content-Type-Options", "nosniff")
			w.WriteHeader(http.StatusOK)
		})
		switch {
		case err == nil:
		case !started:
			httpx.Error(w, r, err)
		default:
			// The status is sent: break the stream off, so the client sees
			// a truncated file (no end of stream, no footer) rather than a
			// complete-looking one.
			if r.Context().Err() == nil {
				slog.ErrorContext(r.Context(), "export broke off", "request_id", middleware.GetReqID(r.Context()), "err", err)
			}
			panic(http.ErrAbortHandler)
		}
	}
}

// request reads who asks for which tickets and columns: whoever is
// signed in reads their municipality, anonymous callers the served one;
// staff may have the staff columns, and get them unless they choose.
func (e *Exporter) request(r *http.Request) (Request, error) {
	p := auth.From(r.Context())
	f, columns, err := parseRequest(r.URL.Query(), p)
	if err != nil {
		return Request{}, err
	}
	req := Request{Filter: f, Staff: p.IsStaff(), Columns: columns}
	if p != nil {
		req.MunicipalityID = p.MunicipalityID
		return req, nil
	}
	if req.MunicipalityID, err = e.served.ID(r.Context()); err != nil {
		return Request{}, errs.Wrap(err, errs.Unavailable, "no municipality is served yet")
	}
	return req, nil
}
