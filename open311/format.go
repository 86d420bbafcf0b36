package open311

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5/middleware"
)

// format is the response format a path asks for with its extension.
type format string

const (
	formatJSON format = "json"
	formatXML  format = "xml"
)

// split cuts "requests.json" into "requests" and its format.
func split(name string) (string, format, bool) {
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return name, "", false
	}
	switch format(name[i+1:]) {
	case formatJSON:
		return name[:i], formatJSON, true
	case formatXML:
		return name[:i], formatXML, true
	}
	return name[:i], "", false
}

// write sends v in f; xmlRoot wraps lists in XML.
func write(w http.ResponseWriter, status int, f format, v any) {
	if f == formatXML {
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(xml.Header))
		enc := xml.NewEncoder(w)
		enc.Indent("", " ")
		_ = enc.Encode(v)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// apiError is one error in the spec's shape.
type apiError struct {
	XMLName     xml.Name `json:"-" xml:"error"`
	Code        int      `json:"code" xml:"code"`
	Description string   `json:"description" xml:"description"`
}

type apiErrors struct {
	XMLName xml.Name   `xml:"errors"`
	Errors  []apiError `xml:"error"`
}

// fail answers with one error: [{"code":400,"description":"…"}] in JSON,
// <errors><error>…</error></errors> in XML.
func fail(w http.ResponseWriter, r *http.Request, f format, status int, description string) {
	if f == "" {
		f = formatJSON
	}
	if status >= 500 {
		description += " (request " + middleware.GetReqID(r.Context()) + ")"
	}
	if status == http.StatusTooManyRequests {
		// The limits count per minute: a client waiting that long is served.
		w.Header().Set("Retry-After", "60")
	}
	e := apiError{Code: status, Description: description}
	if f == formatXML {
		write(w, status, f, apiErrors{Errors: []apiError{e}})
		return
	}
	write(w, status, f, []apiError{e})
}
