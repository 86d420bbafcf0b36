package tiles

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/geo"
	"loket/internal/auth"
	"loket/internal/errs"
	"loket/internal/httpx"
)

// CacheBytes bounds the compressed tiles kept in memory.
const CacheBytes = 128 << 20

// neighbourhoodTTL is how long a neighbourhoods tile is kept: its counts
// change with every ticket anywhere in the neighbourhood.
const neighbourhoodTTL = time.Second

// hotspotTTL is how long a hotspots tile is kept: the map behind it is
// recomputed every quarter of an hour.
const hotspotTTL = time.Minute

// Server serves the tile layers.
type Server struct {
	pool   *pgxpool.Pool
	cache  *cache
	served *geo.Served
}

// New returns a tile server over pool.
func New(pool *pgxpool.Pool) *Server {
	return &Server{pool: pool, cache: newCache(CacheBytes), served: geo.NewServed(pool)}
}

// Routes mounts /tiles/{layer}/{z}/{x}/{y}.mvt, /tiles/{layer}.json and /tiles/style.json.
func (s *Server) Routes(r chi.Router) {
	r.Get("/tiles/{layer}/{z}/{x}/{y}", s.handleTile)
	r.Get("/tiles/{name}", s.handleJSON)
}

func (s *Server) handleTile(w http.ResponseWriter, r *http.Request) {
	layer := chi.URLParam(r, "layer")
	if !slices.Contains(layers, layer) {
		httpx.Error(w, r, errs.E(errs.NotFound, "no layer %q: the layers are %s", layer, strings.Join(layers, ", ")))
		return
	}
	t, err := ParseTile(chi.URLParam(r, "z"), chi.URLParam(r, "x"), chi.URLParam(r, "y"))
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if layer == "tickets_staff" {
		switch p := auth.From(r.Context()); {
		case p == nil:
			httpx.Error(w, r, errs.E(errs.Unauthorized, "the staff layer needs a staff sign-in"))
			return
		case !p.IsStaff():
			httpx.Error(w, r, errs.E(errs.Forbidden, "the staff layer is for staff"))
			return
		}
	}
	var f filter
	fkey := ""
	if filtered(layer) {
		if f, fkey, err = parseFilter(r.URL.Query()); err != nil {
			httpx.Error(w, r, err)
			return
		}
	} else if len(r.URL.Query()) > 0 {
		httpx.Error(w, r, errs.E(errs.Invalid, "the %s layer takes no filters", layer))
		return
	}
	e, err := s.tile(r.Context(), layer, t, f, fkey)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	h := w.Header()
	h.Set("ETag", e.etag)
	h.Set("Vary", "Accept-Encoding")
	if layer == "tickets_staff" {
		h.Set("Cache-Control", "private, max-age=1, must-revalidate")
	} else {
		h.Set("Cache-Control", "public, max-age=1, must-revalidate")
	}
	h.Set("Content-Type", "application/vnd.mapbox-vector-tile")
	if r.Header.Get("If-None-Match") == e.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		_, _ = w.Write(e.gz)
		return
	}
	zr, err := gzip.NewReader(bytes.NewReader(e.gz))
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	_, _ = io.Copy(w, zr)
}

// tile returns a tile from the cache or builds it.
func (s *Server) tile(ctx context.Context, layer string, t Tile, f filter, fkey string) (*entry, error) {
	key := layer + "/" + t.String() + "?" + fkey
	if e, ok := s.cache.get(key); ok {
		return e, nil
	}
	m, err := s.served.ID(ctx)
	if err != nil {
		return nil, err
	}
	rctx, cancel := context.WithTimeout(ctx, renderTimeout)
	defer cancel()
	mvt, err := render(rctx, s.pool, m, layer, t, f)
	switch {
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil:
		return nil, errs.Wrap(err, errs.Unavailable, fmt.Sprintf(
			"the tile took longer than %s to build with these filters: try a narrower period or area", renderTimeout))
	case err != nil:
		return nil, errs.Wrap(err, errs.Internal, "the tile could not be built")
	}
	sum := sha256.Sum256(mvt)
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	_, _ = zw.Write(mvt)
	_ = zw.Close()
	e := &entry{key: key, tile: tileKey{layer, t}, gz: buf.Bytes(), etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
	switch layer {
	case "neighbourhoods":
		e.expiry = time.Now().Add(neighbourhoodTTL)
	case "hotspots":
		e.expiry = time.Now().Add(hotspotTTL)
	}
	s.cache.put(e)
	return e, nil
}

// Invalidate drops the cached ticket tiles holding a WGS84 point, at
// every zoom: call it after a ticket there is created or changed.
func (s *Server) Invalidate(lon, lat float64) {
	for z := 0; z <= MaxZoom; z++ {
		t := At(lon, lat, z)
		s.cache.drop(tileKey{"tickets", t})
		s.cache.drop(tileKey{"tickets_staff", t})
	}
}
