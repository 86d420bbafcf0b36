package notify

import (
	"encoding/json"
	"net/url"
	"strings"

	"loket/internal/errs"
)

// Payload is the JSON object writers store in outbox.payload. Fields that
// are absent decode to "", which the templates test with {{if}}.
//
// Every topic: Language (nl, fr or en; nl otherwise), Municipality, and
// optionally Name and URL (absolute, or relative to Config.BaseURL).
// ticket.created: Reference, Category, Description, optional Address.
// ticket.reply: Reference, Body, optional Handler and Team.
// ticket.planned: Reference, PlannedFor (YYYY-MM-DD).
// ticket.resolved: Reference, optional Body.
// ticket.merged: Reference, MasterReference.
// citizen.verify: URL and Token.
type Payload struct {
	Language        string `json:"language,omitempty"`
	Municipality    string `json:"municipality,omitempty"`
	Name            string `json:"name,omitempty"`
	URL             string `json:"url,omitempty"`
	Reference       string `json:"reference,omitempty"`
	Category        string `json:"category,omitempty"`
	Description     string `json:"description,omitempty"`
	Address         string `json:"address,omitempty"`
	Body            string `json:"body,omitempty"`
	Handler         string `json:"handler,omitempty"`
	Team            string `json:"team,omitempty"`
	PlannedFor      string `json:"planned_for,omitempty"`
	MasterReference string `json:"master_reference,omitempty"`
	Token           string `json:"token,omitempty"`
}

// decodePayload reads a row's payload; a payload that does not fit the
// contract can never be sent, so its errors are Invalid.
func decodePayload(raw []byte) (Payload, error) {
	var p Payload
	if err := json.Unmarshal(raw, &p); err != nil {
		return p, errs.Wrap(err, errs.Invalid, "payload does not match the outbox contract")
	}
	p.Language = language(p.Language)
	return p, nil
}

// check reports the first field topic needs that p lacks; a mail without
// them would make no sense to its reader.
func (p Payload) check(topic string) error {
	type field struct{ name, value string }
	var need []field
	switch topic {
	case TopicTicketCreated, TopicTicketResolved:
		need = []field{{"reference", p.Reference}}
	case TopicTicketReply:
		need = []field{{"reference", p.Reference}, {"body", p.Body}}
	case TopicTicketPlanned:
		need = []field{{"reference", p.Reference}, {"planned_for", p.PlannedFor}}
	case TopicTicketMerged:
		need = []field{{"reference", p.Reference}, {"master_reference", p.MasterReference}}
	case TopicCitizenVerify:
		need = []field{{"token", p.Token}}
	}
	for _, f := range need {
		if strings.TrimSpace(f.value) == "" {
			return errs.E(errs.Invalid, "payload of %s lacks %q", topic, f.name)
		}
	}
	return nil
}

// absoluteURL resolves a link the writer gave relative to the site, since a
// mail client has no page to resolve it against; without a base it is
// dropped rather than shown broken.
func absoluteURL(base *url.URL, link string) string {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil || link == "" {
		return ""
	}
	if u.IsAbs() {
		return u.String()
	}
	if base == nil {
		return ""
	}
	return base.ResolveReference(u).String()
}
