package mailin

import (
	"bytes"
	"io"
	"net/mail"
	"net/textproto"

	"loket/internal/errs"
)

// Parse reads one RFC 5322 message. It is forgiving about the small defects
// real mail has, but rejects messages over the limits with errs.Invalid.
func Parse(r io.Reader) (Message, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxMessageSize+1))
	if err != nil {
		return Message{}, errs.Wrap(err, errs.Internal, "cannot read message")
	}
	if len(raw) > MaxMessageSize {
		return Message{}, errs.E(errs.Invalid, "message is larger than %d MiB", MaxMessageSize>>20)
	}
	if headerSize(raw) > maxHeaderSize {
		return Message{}, errs.E(errs.Invalid, "message headers are larger than %d MiB", maxHeaderSize>>20)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, errs.Wrap(err, errs.Invalid, "message headers cannot be read")
	}
	h := msg.Header
	m := Message{
		MessageID:  firstID(h.Get("Message-Id")),
		From:       parseAddress(h.Get("From")),
		To:         parseAddressList(h.Get("To")),
		Cc:         parseAddressList(h.Get("Cc")),
		Subject:    decodeHeader(h.Get("Subject")),
		Date:       parseDate(h),
		InReplyTo:  firstID(h.Get("In-Reply-To")),
		References: messageIDs(h.Get("References")),
		Header:     h,
	}
	if m.MessageID == "" {
		m.MessageID = derivedID(raw)
	}
	var w walker
	if err := w.walk(textproto.MIMEHeader(h), msg.Body, 0); err != nil {
		return Message{}, err
	}
	m.Text = w.text()
	m.Attachments = w.attachments
	return m, nil
}

// headerSize is the length of the header section, up to the first blank line.
func headerSize(raw []byte) int {
	size := len(raw)
	for _, blank := range []string{"\n\n", "\n\r\n"} {
		if i := bytes.Index(raw, []byte(blank)); i >= 0 && i < size {
			size = i
		}
	}
	return size
}
