package web

import "github.com/go-chi/chi/v5"

// dashboardRoutes mounts the managers' dashboard at /werk/dashboard.
func (h *Handler) dashboardRoutes(r chi.Router) {}
