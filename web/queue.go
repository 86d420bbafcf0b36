package web

import "github.com/go-chi/chi/v5"

// queueRoutes mounts the staff's queue and ticket pages at /werk/wachtrij.
func (h *Handler) queueRoutes(r chi.Router) {}
