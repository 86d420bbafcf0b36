package mailin

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime/multipart"
	"net/textproto"
	"strings"

	"loket/internal/errs"
)

// walker visits the MIME tree of one message, collecting its text parts
// and its attachments.
type walker struct {
	plain, html []string
	attachments []Attachment
	parts       int
}

// walk handles one entity; depth counts the multiparts around it.
func (w *walker) walk(header textproto.MIMEHeader, body io.Reader, depth int) error {
	if w.parts++; w.parts > maxParts {
		return errs.E(errs.Invalid, "message has more than %d parts", maxParts)
	}
	mediaType, params := contentType(header.Get("Content-Type"))
	if strings.HasPrefix(mediaType, "multipart/") {
		if params["boundary"] != "" {
			return w.walkMultipart(body, params["boundary"], depth+1)
		}
		mediaType = "text/plain" // without a boundary the parts cannot be found
	}
	// A part cut short still has useful bytes, so a read error is not fatal.
	data, _ := io.ReadAll(body)
	data = decodeTransfer(data, header.Get("Content-Transfer-Encoding"))
	name := attachmentName(header, params)
	if name == "" && mediaType == "message/rfc822" {
		name = forwardedName(data)
	}
	isBody := (mediaType == "text/plain" || mediaType == "text/html") &&
		name == "" && dispositionType(header) != "attachment"
	switch {
	case isBody && mediaType == "text/html":
		w.html = append(w.html, toUTF8(data, params["charset"]))
	case isBody:
		w.plain = append(w.plain, toUTF8(data, params["charset"]))
	default:
		return w.attach(name, mediaType, data)
	}
	return nil
}

func (w *walker) walkMultipart(body io.Reader, boundary string, depth int) error {
	if depth > MaxNesting {
		return errs.E(errs.Invalid, "message parts are nested more than %d levels deep", MaxNesting)
	}
	reader := multipart.NewReader(body, boundary)
	for {
		part, err := reader.NextRawPart()
		if err != nil {
			// io.EOF ends a good multipart; a broken one keeps what was read.
			return nil
		}
		if err := w.walk(part.Header, part, depth); err != nil {
			return err
		}
	}
}

func (w *walker) attach(name, mediaType string, data []byte) error {
	if len(w.attachments) >= MaxAttachments {
		return errs.E(errs.Invalid, "message has more than %d attachments", MaxAttachments)
	}
	if name == "" {
		name = fmt.Sprintf("attachment-%d%s", len(w.attachments)+1, extensionFor(mediaType))
	}
	sum := sha256.Sum256(data)
	w.attachments = append(w.attachments, Attachment{
		Filename:    name,
		ContentType: mediaType,
		Size:        len(data),
		SHA256:      hex.EncodeToString(sum[:]),
		Data:        data,
	})
	return nil
}

// text prefers what the sender wrote as plain text and falls back to the
// HTML version made readable.
func (w *walker) text() string {
	text := strings.Join(w.plain, "\n\n")
	if strings.TrimSpace(text) == "" && len(w.html) > 0 {
		parts := make([]string, len(w.html))
		for i, h := range w.html {
			parts[i] = htmlToText(h)
		}
		text = strings.Join(parts, "\n\n")
	}
	return strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
}
