// Package server wires Loket's HTTP surface: middleware, health checks, the
// home page, and the routes each domain package registers.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/analytics"
	"loket/analytics/areas"
	"loket/analytics/export"
	"loket/analytics/season"
	"loket/analytics/spikes"
	"loket/geo"
	"loket/internal/auth"
	"loket/internal/errs"
	"loket/internal/httpx"
	"loket/open311"
	"loket/ticketing"
	"loket/tiles"
	"loket/web"
)

// Server is Loket's HTTP server.
type Server struct {
	pool   *pgxpool.Pool
	logger *slog.Logger
	router chi.Router
	maps   *tiles.Server
	areas  *areas.Service
}

// New builds the router over pool. wake, when not nil, nudges the
// notification worker after a change queued a message.
func New(pool *pgxpool.Pool, logger *slog.Logger, wake func()) *Server {
	s := &Server{pool: pool, logger: logger, router: chi.NewRouter()}
	m := newMetrics(pool)
	sessions := auth.NewStore(pool)
	limits, err := RateLimitsFromEnv(os.Getenv)
	if err != nil {
		logger.Error("rate limits: keeping the defaults", "err", err)
	}
	r := s.router
	r.Use(middleware.RequestID, securityHeaders, httpx.RequestIDHeader, httpx.Log(logger), m.middleware, httpx.Recover,
		limitBody, cleanText, newAdmission(int(pool.Config().MaxConns)).middleware, sessions.Middleware, newRateLimiter(limits).middleware)
	r.Get("/", s.home)
	r.Handle("/metrics", m.handler())
	r.Get("/healthz", httpx.JSON(s.healthz))
	r.Get("/readyz", httpx.JSON(s.readyz))
	r.Handle("/static/*", web.Static())
	// Each domain mounts its own routes.
	sessions.Routes(r)
	geo.NewGeocoder(pool).Routes(r)
	geo.NewRegister(pool).Routes(r)
	tickets := ticketing.New(pool, wake)
	maps := tiles.New(pool)
	s.maps = maps
	tickets.OnChange(maps.Invalidate)
	tickets.Routes(r)
	web.New(pool, tickets).Routes(r)
	s.areas = areas.New(pool)
	s.areas.Routes(r)
	analytics.NewDuplicates(pool).Routes(r)
	open311.New(pool, tickets).Routes(r)
	maps.Routes(r)
	export.New(pool).Routes(r)
	spikes.New(pool).Routes(r)
	season.New(pool).Routes(r)
	r.NotFound(httpx.JSON(func(r *http.Request) (any, error) {
		return nil, errs.E(errs.NotFound, "no page at %s", r.URL.Path)
	}))
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		httpx.WriteStatus(w, r, http.StatusMethodNotAllowed, r.Method+" is not allowed on "+r.URL.Path)
	})
	return s
}

// ServeHTTP lets the server be used as an http.Handler (tests use httptest).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.router.ServeHTTP(w, r) }

// Router lets domain packages mount their routes.
func (s *Server) Router() chi.Router { return s.router }

// Serve answers on l until ctx ends, then drains in-flight requests for up to
// 15 seconds before closing.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(l) }()
	go s.maps.Run(ctx, s.logger)
	go s.areas.RefreshHotspotMaps(ctx, s.logger)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	err := hs.Shutdown(shutdownCtx)
	if serveErr := <-errc; !errors.Is(serveErr, http.ErrServerClosed) {
		return serveErr
	}
	return err
}

type health struct {
	Status string `json:"status"`
}

func (s *Server) healthz(*http.Request) (any, error) { return health{"ok"}, nil }

// readyz answers 200 only when the database answers within two seconds.
func (s *Server) readyz(r *http.Request) (any, error) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.pool.Ping(ctx); err != nil {
		return nil, errs.Wrap(err, errs.Unavailable, "the database is not reachable")
	}
	return health{"ready"}, nil
}
