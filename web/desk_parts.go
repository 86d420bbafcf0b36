package web

import (
	"bytes"
	"cmp"
	"log/slog"
	"net/http"
)

// The desk's script runs two steps live and puts their answer in the
// page: the same templates as the full page, so both speak alike.

// callersPart searches the register as the agent types the name.
func (d *desk) callersPart(w http.ResponseWriter, r *http.Request) {
	p := d.agent(w, r)
	if p == nil {
		return
	}
	page := newPage(w, r, "desk.title", nil)
	f, problem := readDeskForm(r)
	v, callerProblem, err := d.view(r.Context(), p, page.Lang, f)
	if err == nil && problem == "" && callerProblem == "" {
		err = d.search(r.Context(), p, v)
	}
	if err != nil {
		d.fail(w, r, err)
		return
	}
	v.Problem = cmp.Or(problem, callerProblem, v.Problem)
	page.Data = v
	status := http.StatusOK
	if v.Problem != "" {
		status = http.StatusBadRequest
	}
	renderPart(w, r, "callers", status, page)
}

// checkPart places the draft and lists its possible duplicates as the
// agent fills in the form. A draft still missing something is a normal
// state of the form, answered with what it needs.
func (d *desk) checkPart(w http.ResponseWriter, r *http.Request) {
	p := d.agent(w, r)
	if p == nil {
		return
	}
	page := newPage(w, r, "desk.title", nil)
	f, problem := readDeskForm(r)
	v, callerProblem, err := d.view(r.Context(), p, page.Lang, f)
	if err == nil {
		err = d.check(r.Context(), p, v)
	}
	if err != nil {
		d.fail(w, r, err)
		return
	}
	if problem = cmp.Or(problem, callerProblem); problem != "" {
		v.Check = &deskCheck{Problem: problem}
	}
	page.Data = v
	renderPart(w, r, "check", http.StatusOK, page)
}

// renderPart writes template name of the desk page alone.
func renderPart(w http.ResponseWriter, r *http.Request, name string, status int, p Page) {
	var buf bytes.Buffer
	if err := deskPage.ExecuteTemplate(&buf, name, p); err != nil {
		slog.ErrorContext(r.Context(), "rendering part of a page failed", "path", r.URL.Path, "part", name, "err", err)
		http.Error(w, translate(p.Lang, "error.server"), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", p.Lang)
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}
