package ticketing

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/internal/auth"
	"loket/internal/errs"
)

// AddReporter records that another person reported open ticket ref again
// (a second call about the same broken light): they follow the ticket
// from now on when an e-mail address is known for them, and a staff-only
// line on the timeline says who reported it, through which channel, with
// what they added (note). All in one transaction with the audit line.
// r names a resident of the register, or gives at least an e-mail.
func (s *Service) AddReporter(ctx context.Context, p *auth.Principal, ref string, channel Channel, r NewReporter, note string) (*Ticket, error) {
	if !p.IsStaff() {
		return nil, errs.E(errs.Forbidden, "only staff add a reporter to a ticket")
	}
	if !slices.Contains(channelsOf(p), channel) {
		return nil, errs.E(errs.Invalid, "channel %q cannot be used here; use %s", channel, joinChannels(channelsOf(p)))
	}
	note, err := text(note, "note", false)
	if err != nil {
		return nil, err
	}
	r.Name, r.Email, r.Phone = strings.TrimSpace(r.Name), strings.ToLower(strings.TrimSpace(r.Email)), strings.TrimSpace(r.Phone)
	switch {
	case r.ResidentID == 0 && r.Email == "":
		return nil, errs.E(errs.Invalid, "say who reports: a resident of the register or an e-mail address")
	case r.Email != "" && (!strings.Contains(r.Email, "@") || len(r.Email) > 254 || strings.ContainsAny(r.Email, " \r\n<>")):
		return nil, errs.E(errs.Invalid, "reporter e-mail %q is not an e-mail address", r.Email)
	case len(r.Name) > 200 || len(r.Phone) > 40:
		return nil, errs.E(errs.Invalid, "reporter name or phone is too long")
	}
	return s.change(ctx, actorOf(p), ref, AnyVersion, "reporter", func(tx pgx.Tx, c *current, now time.Time) (event, error) {
		if !c.status.Open() {
			return event{}, errs.E(errs.Conflict, "ticket %s is %s: register the call as a new ticket", c.reference, c.status)
		}
		who, err := completeReporter(ctx, tx, p.MunicipalityID, r)
		if err != nil {
			return event{}, err
		}
		followed := false
		if who.Email != "" {
			// Someone already following the ticket keeps their line.
			tag, err := tx.Exec(ctx, `
				INSERT INTO ticket_follower (municipality_id, ticket_id, email, name, language)
				VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
				p.MunicipalityID, c.id, who.Email, who.Name, who.language)
			if err != nil {
				return event{}, err
			}
			followed = tag.RowsAffected() == 1
		}
		body := fmt.Sprintf("Ook gemeld via %s door %s.", channelWords[channel], cmp.Or(who.Name, who.Email))
		if note != "" {
			body += "\n\n" + note
		}
		return event{kind: "internal_note", visibility: Internal, body: body, data: map[string]any{
			"extra_reporter": true, "channel": channel, "resident_id": nullID(r.ResidentID),
			"name": who.Name, "email": who.Email, "phone": who.Phone, "follower": followed}}, nil
	})
}

// channelWords names a staff channel in the timeline's words.
var channelWords = map[Channel]string{ChannelPhone: "telefoon", ChannelDesk: "het loket", ChannelEmail: "e-mail"}

// extraReporter is a reporter completed from the register.
type extraReporter struct {
	Name, Email, Phone, language string
}

// completeReporter fills in what the register knows of r's resident;
// details given win over the register's.
func completeReporter(ctx context.Context, tx pgx.Tx, municipalityID int, r NewReporter) (extraReporter, error) {
	out := extraReporter{language: "nl"}
	if r.ResidentID != 0 {
		err := tx.QueryRow(ctx, `
			SELECT first_name || ' ' || last_name, coalesce(email, ''), coalesce(phone, ''), language FROM resident
			WHERE municipality_id = $1 AND id = $2`, municipalityID, r.ResidentID).Scan(&out.Name, &out.Email, &out.Phone, &out.language)
		if errors.Is(err, pgx.ErrNoRows) {
			return out, errs.E(errs.Invalid, "resident %d is not in the register", r.ResidentID)
		}
		if err != nil {
			return out, err
		}
		out.Email = strings.ToLower(strings.TrimSpace(out.Email))
	}
	out.Name, out.Email, out.Phone = cmp.Or(r.Name, out.Name), cmp.Or(r.Email, out.Email), cmp.Or(r.Phone, out.Phone)
	out.language = Language(out.language)
	return out, nil
}
