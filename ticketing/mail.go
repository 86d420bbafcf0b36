package ticketing

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// Mail is an incoming e-mail, as the intake hands it over.
type Mail struct {
	MessageID   string
	FromEmail   string
	FromName    string
	Subject     string
	Body        string // what the sender wrote, quotes and signature removed
	Reference   string // a ticket reference found in the subject, if any
	Attachments []Attachment
}

// Attachment is a file that came with a ticket or a comment.
type Attachment struct {
	Filename    string
	ContentType string
	Data        []byte
}

// MailOutcome says what an e-mail became.
type MailOutcome struct {
	Reference string `json:"reference"`
	Outcome   string `json:"outcome"` // ticket, comment, or seen (the same Message-ID before)
}

// mailOrigin travels with a ticket or comment made from an e-mail.
type mailOrigin struct {
	id          string
	attachments []Attachment
}

func (m *mailOrigin) messageID() *string {
	if m == nil {
		return nil
	}
	return &m.id
}

// TakeMail turns an e-mail into a ticket (channel e-mail, the sender as
// reporter contact, category by default category) or, when its subject
// names an existing ticket, into a citizen comment on it. The same
// Message-ID twice changes nothing the second time.
func (s *Service) TakeMail(ctx context.Context, municipalityID int, m Mail, category string) (MailOutcome, error) {
	if m.MessageID == "" {
		return MailOutcome{}, errs.E(errs.Invalid, "the message has no Message-ID")
	}
	var seen MailOutcome
	err := s.pool.QueryRow(ctx, `
		SELECT coalesce(t.reference, ''), 'seen' FROM mail_message mm
		LEFT JOIN ticket t ON t.municipality_id = mm.municipality_id AND t.id = mm.ticket_id
		WHERE mm.municipality_id = $1 AND mm.message_id = $2`, municipalityID, m.MessageID).Scan(&seen.Reference, &seen.Outcome)
	if err == nil {
		return seen, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return MailOutcome{}, errs.Wrap(err, errs.Internal, "checking the message failed")
	}
	a := actor{municipalityID: municipalityID, label: strings.TrimSpace(m.FromName + " <" + m.FromEmail + ">")}
	origin := &mailOrigin{id: m.MessageID, attachments: m.Attachments}
	if m.Reference != "" {
		if out, err := s.mailComment(ctx, a, m, origin); !errors.Is(err, errNoSuchTicket) {
			return out, err
		}
	}
	desc := strings.TrimSpace(m.Subject + "\n\n" + m.Body)
	in := NewTicket{Channel: ChannelEmail, Category: category, Description: desc,
		Reporter: &NewReporter{Name: m.FromName, Email: m.FromEmail}}
	t, err := s.create(ctx, a, in, origin)
	if err != nil {
		return MailOutcome{}, err
	}
	return MailOutcome{Reference: t.Reference, Outcome: "ticket"}, nil
}

var errNoSuchTicket = errors.New("no such ticket")

// mailComment adds the e-mail to the ticket its subject names, with its
// attachments and its record, in one transaction.
func (s *Service) mailComment(ctx context.Context, a actor, m Mail, origin *mailOrigin) (MailOutcome, error) {
	body, err := text(m.Body, "body", false)
	if err != nil {
		return MailOutcome{}, err
	}
	if body == "" {
		body = strings.TrimSpace(m.Subject)
	}
	t, err := s.change(ctx, a, m.Reference, AnyVersion, "comment", func(tx pgx.Tx, c *current, now time.Time) (event, error) {
		if err := keepAttachments(ctx, tx, a.municipalityID, c.id, origin.attachments, a.label); err != nil {
			return event{}, err
		}
		_, err := tx.Exec(ctx, `INSERT INTO mail_message (municipality_id, message_id, ticket_id, outcome)
			VALUES ($1, $2, $3, 'comment')`, a.municipalityID, origin.id, c.id)
		return event{kind: "citizen_comment", visibility: Public, body: body}, err
	})
	if errs.KindOf(err) == errs.NotFound {
		return MailOutcome{}, errNoSuchTicket
	}
	if err != nil {
		return MailOutcome{}, err
	}
	return MailOutcome{Reference: t.Reference, Outcome: "comment"}, nil
}

// keepAttachments stores files with ticket id, each with a public
// timeline line that refers to it.
func keepAttachments(ctx context.Context, tx pgx.Tx, municipalityID int, id int64, files []Attachment, label string) error {
	for _, f := range files {
		sum := sha256.Sum256(f.Data)
		ct := f.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		_, err := tx.Exec(ctx, `
			WITH a AS (
				INSERT INTO attachment (municipality_id, ticket_id, filename, content_type, size, sha256, data)
				VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id)
			INSERT INTO ticket_event (municipality_id, ticket_id, kind, visibility, author_label, data)
			SELECT $1, $2, 'attachment', 'public', $8,
			       jsonb_build_object('attachment_id', a.id, 'filename', $3::text, 'content_type', $4::text, 'size', $5::int)
			FROM a`, municipalityID, id, f.Filename, ct, len(f.Data), hex.EncodeToString(sum[:]), f.Data, label)
		if err != nil {
			return err
		}
	}
	return nil
}
