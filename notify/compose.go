package notify

import (
	"cmp"
	"net/mail"
	"strings"

	"loket/internal/errs"
)

// compose turns a row into the message its recipient reads. Its errors are
// Invalid: a row that cannot be written today cannot be written tomorrow.
func (w *Worker) compose(r *outboxRow) (Message, error) {
	if r.recipient == nil || strings.TrimSpace(*r.recipient) == "" {
		return Message{}, errs.E(errs.Invalid, "no recipient")
	}
	to, err := mail.ParseAddress(*r.recipient)
	if err != nil {
		return Message{}, errs.Wrap(err, errs.Invalid, "recipient is not an e-mail address")
	}
	p, err := decodePayload(r.payload)
	if err != nil {
		return Message{}, err
	}
	p.URL = absoluteURL(w.baseURL, p.URL)
	p.Municipality = cmp.Or(strings.TrimSpace(p.Municipality), r.municipalityName)
	subject, body, err := w.templates.render(r.topic, p)
	if err != nil {
		return Message{}, err
	}
	to.Name = cmp.Or(to.Name, p.Name)
	// A bare configured address reads better with the town's name on it.
	from := w.from
	from.Name = cmp.Or(from.Name, p.Municipality)
	return Message{
		ID:      messageID(r.municipalityID, r.id, w.from),
		From:    from,
		To:      *to,
		Subject: subject,
		Body:    body,
		Date:    r.createdAt,
	}, nil
}
