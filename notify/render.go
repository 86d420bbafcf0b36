package notify

import (
	"embed"
	"strings"
	"text/template"

	"loket/internal/errs"
)

//go:embed templates
var templateFS embed.FS

// templates holds one parsed set per language and topic, keyed "nl/ticket.created";
// each set defines "subject" and "body" on top of the language's common.tmpl.
type templates map[string]*template.Template

func loadTemplates() (templates, error) {
	t := templates{}
	for _, lang := range languages {
		for _, topic := range topics {
			set, err := template.New(topic).
				Option("missingkey=error").
				Funcs(template.FuncMap{"date": dateIn(lang), "quote": quote}).
				ParseFS(templateFS, "templates/"+lang+"/common.tmpl", "templates/"+lang+"/"+topic+".tmpl")
			if err != nil {
				return nil, errs.Wrap(err, errs.Internal, "parse mail templates")
			}
			t[lang+"/"+topic] = set
		}
	}
	return t, nil
}

// render writes the subject line and plain-text body of topic for p, whose
// Language decodePayload has settled. Every error is Invalid: the templates
// are tested, so what fails here is the row.
func (t templates) render(topic string, p Payload) (subject, body string, err error) {
	set, ok := t[p.Language+"/"+topic]
	if !ok {
		return "", "", errs.E(errs.Invalid, "unknown topic %q: no template to write this mail", topic)
	}
	if err := p.check(topic); err != nil {
		return "", "", err
	}
	var s, b strings.Builder
	if err := set.ExecuteTemplate(&s, "subject", p); err != nil {
		return "", "", errs.Wrap(err, errs.Invalid, "render subject of "+topic)
	}
	if err := set.ExecuteTemplate(&b, "body", p); err != nil {
		return "", "", errs.Wrap(err, errs.Invalid, "render body of "+topic)
	}
	return strings.Join(strings.Fields(s.String()), " "), tidy(b.String()), nil
}

// tidy trims trailing spaces and folds the runs of blank lines that absent
// optional fields leave behind, so the templates can stay readable.
func tidy(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	out := lines[:0]
	blank := true // also drops leading blank lines
	for _, l := range lines {
		l = strings.TrimRight(l, " \t\r")
		if l == "" && blank {
			continue
		}
		blank = l == ""
		out = append(out, l)
	}
	return strings.TrimRight(strings.Join(out, "\n"), "\n") + "\n"
}
