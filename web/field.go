package web

import "github.com/go-chi/chi/v5"

// fieldRoutes mounts the field crew's map at /werk/terrein.
func (h *Handler) fieldRoutes(r chi.Router) {}
