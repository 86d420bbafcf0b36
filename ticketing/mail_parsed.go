package ticketing

import (
	"context"

	"loket/mailin"
)

// TakeMessage takes in a parsed e-mail (see TakeMail). Automatic replies
// (out of office, bounces) are left alone: outcome "ignored".
func (s *Service) TakeMessage(ctx context.Context, municipalityID int, m mailin.Message, category string) (MailOutcome, error) {
	if mailin.IsAutoReply(m) {
		return MailOutcome{Outcome: "ignored"}, nil
	}
	ref, _ := mailin.Reference(m.Subject)
	in := Mail{MessageID: m.MessageID, FromEmail: m.From.Email, FromName: m.From.Name,
		Subject: m.Subject, Body: mailin.Body(m), Reference: ref}
	for _, a := range m.Attachments {
		in.Attachments = append(in.Attachments, Attachment{Filename: a.Filename, ContentType: a.ContentType, Data: a.Data})
	}
	return s.TakeMail(ctx, municipalityID, in, category)
}
