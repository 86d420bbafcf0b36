package web

import "github.com/go-chi/chi/v5"

// deskRoutes mounts the agents' desk at /werk/balie.
func (h *Handler) deskRoutes(r chi.Router) {}
