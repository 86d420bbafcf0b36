package auth

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"loket/internal/errs"
	"loket/internal/httpx"
)

// citizenRoutes mounts registration, address verification and sign-in for
// citizens. None needs a session; sign-out is the shared /api/logout.
func (s *Store) citizenRoutes(r chi.Router) {
	r.Post("/api/citizen/register", s.register)
	r.Post("/api/citizen/verify", httpx.JSON(s.verify))
	r.Post("/api/citizen/login", s.citizenLogin)
}

type registerResponse struct {
	Status  string   `json:"status"`
	Citizen *Citizen `json:"citizen"`
}

func (s *Store) register(w http.ResponseWriter, r *http.Request) {
	var in Registration
	if err := decode(r, &in); err != nil {
		httpx.Error(w, r, errs.E(errs.Invalid, "send JSON like {\"email\": \"…\", \"password\": \"…\", \"name\": \"…\", \"language\": \"nl\"}"))
		return
	}
	c, err := s.Register(r.Context(), in)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, registerResponse{Status: "check your mail", Citizen: c})
}

func (s *Store) verify(r *http.Request) (any, error) {
	var in struct{ Token string }
	if err := decode(r, &in); err != nil {
		return nil, errs.E(errs.Invalid, "send JSON like {\"token\": \"…\"}")
	}
	if err := s.Verify(r.Context(), in.Token); err != nil {
		return nil, err
	}
	return struct {
		Status string `json:"status"`
	}{"e-mail address verified"}, nil
}

type citizenLoginResponse struct {
	Token     string     `json:"token"`
	CSRFToken string     `json:"csrf_token"`
	Citizen   *Principal `json:"citizen"`
}

func (s *Store) citizenLogin(w http.ResponseWriter, r *http.Request) {
	var in struct {
		MunicipalityID  int `json:"municipality_id"`
		Email, Password string
	}
	if err := decode(r, &in); err != nil {
		httpx.Error(w, r, errs.E(errs.Invalid, "send JSON like {\"email\": \"…\", \"password\": \"…\"}"))
		return
	}
	se, err := s.LoginCitizen(r.Context(), in.MunicipalityID, in.Email, in.Password)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	setSessionCookie(w, r, se.Token)
	httpx.WriteJSON(w, http.StatusOK, citizenLoginResponse{Token: se.Token, CSRFToken: se.CSRFToken, Citizen: se.Principal})
}
