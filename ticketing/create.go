package ticketing

import (
	"context"
	"strings"
	"unicode/utf8"

	"loket/geo"
	"loket/internal/auth"
	"loket/internal/errs"
)

// NewTicket is a ticket as it is reported.
type NewTicket struct {
	Channel     Channel   `json:"channel,omitempty"`
	Category    string    `json:"category"` // the category's code
	Description string    `json:"description"`
	Priority    int       `json:"priority,omitempty"` // 1 (urgent) … 4; default 2
	Where       geo.Where `json:"where"`
	// AtHome places the ticket at the reporter's address in the register
	// (a bin not collected, water in the cellar) when where is empty.
	AtHome   bool         `json:"at_home,omitempty"`
	Reporter *NewReporter `json:"reporter,omitempty"`
	Language string       `json:"language,omitempty"` // nl, fr or en: how the reporter is written to
	// Attributes answers the category's questions (see AttributeDef):
	// a string, or a list of strings for a multivaluelist.
	Attributes map[string]any `json:"attributes,omitempty"`
	MediaURL   string         `json:"media_url,omitempty"` // a photo the reporter sent
}

// NewReporter says who reports: a resident of the register, contact
// details, or nobody (anonymous). Citizens report as themselves.
type NewReporter struct {
	ResidentID int64  `json:"resident_id,omitempty"`
	Name       string `json:"name,omitempty"`
	Email      string `json:"email,omitempty"`
	Phone      string `json:"phone,omitempty"`
	Anonymous  bool   `json:"anonymous,omitempty"`
}

// MaxDescription bounds a ticket's description, as the schema does.
const MaxDescription = 20000

// channelsOf lists the channels each kind of caller reports through;
// the first is the default.
func channelsOf(p *auth.Principal) []Channel {
	switch {
	case p.IsCitizen():
		return []Channel{ChannelWeb, ChannelApp}
	case p.IsClient():
		return []Channel{ChannelAPI}
	}
	return []Channel{ChannelPhone, ChannelDesk, ChannelEmail}
}

// Create takes in a ticket from p: placed through geo, routed to a team,
// given a reference and a due date, its reporter told by e-mail.
func (s *Service) Create(ctx context.Context, p *auth.Principal, in NewTicket) (*Ticket, error) {
	if err := checkChannel(p, &in); err != nil {
		return nil, err
	}
	if p.IsCitizen() {
		in.Reporter = nil // a citizen reports as themselves
	}
	return s.create(ctx, actorOf(p), in, nil)
}

func checkChannel(p *auth.Principal, in *NewTicket) error {
	allowed := channelsOf(p)
	if in.Channel == "" {
		in.Channel = allowed[0]
	}
	for _, c := range allowed {
		if in.Channel == c {
			return nil
		}
	}
	return errs.E(errs.Invalid, "channel %q cannot be used here; use %s", in.Channel, joinChannels(allowed))
}

func joinChannels(cs []Channel) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return strings.Join(s, ", ")
}

// validate checks what can be checked without the database.
func (in *NewTicket) validate() error {
	in.Description = strings.TrimSpace(in.Description)
	in.Category = strings.TrimSpace(in.Category)
	switch {
	case in.Category == "":
		return errs.E(errs.Invalid, "category is required: give the code of a category")
	case in.Description == "":
		return errs.E(errs.Invalid, "description is required: say what is wrong")
	case !utf8.ValidString(in.Description):
		return errs.E(errs.Invalid, "description is not valid UTF-8 text")
	case utf8.RuneCountInString(in.Description) > MaxDescription:
		return errs.E(errs.Invalid, "description is longer than %d characters", MaxDescription)
	case in.Priority != 0 && (in.Priority < 1 || in.Priority > 4):
		return errs.E(errs.Invalid, "priority must be 1 (urgent) to 4 (low)")
	}
	if in.Priority == 0 {
		in.Priority = 2
	}
	in.MediaURL = strings.TrimSpace(in.MediaURL)
	if u := in.MediaURL; u != "" && (!strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") || len(u) > 2000 || strings.ContainsAny(u, " \r\n")) {
		return errs.E(errs.Invalid, "media_url must be an http(s) URL")
	}
	if r := in.Reporter; r != nil {
		r.Name, r.Email, r.Phone = strings.TrimSpace(r.Name), strings.ToLower(strings.TrimSpace(r.Email)), strings.TrimSpace(r.Phone)
		if r.Email != "" && (!strings.Contains(r.Email, "@") || len(r.Email) > 254 || strings.ContainsAny(r.Email, " \r\n<>")) {
			return errs.E(errs.Invalid, "reporter e-mail %q is not an e-mail address", r.Email)
		}
		if len(r.Name) > 200 || len(r.Phone) > 40 {
			return errs.E(errs.Invalid, "reporter name or phone is too long")
		}
		if r.Anonymous && (r.ResidentID != 0 || r.Name != "" || r.Email != "" || r.Phone != "") {
			return errs.E(errs.Invalid, "an anonymous reporter has no name, e-mail, phone or register id")
		}
	}
	return nil
}
