package mailin

import (
	"mime"
	"net/textproto"
	"regexp"
	"strings"
)

// contentType returns the lower-cased media type and its parameters.
// A missing or unreadable Content-Type means text/plain (RFC 2045, 5.2).
func contentType(value string) (string, map[string]string) {
	mediaType, params := mediaTypeOf(value)
	if mediaType == "" || !strings.Contains(mediaType, "/") {
		return "text/plain", params
	}
	return mediaType, params
}

// dispositionType is "inline", "attachment" or "" when the header is absent.
func dispositionType(header textproto.MIMEHeader) string {
	disposition, _ := mediaTypeOf(header.Get("Content-Disposition"))
	return disposition
}

// mediaTypeOf parses a Content-Type or Content-Disposition value. When the
// standard parser gives up, the parameters are still picked out by hand.
func mediaTypeOf(value string) (string, map[string]string) {
	mediaType, params, err := mime.ParseMediaType(value)
	if err == nil {
		return mediaType, params
	}
	mediaType, _, _ = strings.Cut(value, ";")
	return strings.ToLower(strings.TrimSpace(mediaType)), looseParams(value)
}

var paramPattern = regexp.MustCompile(`(?:^|;)\s*([A-Za-z0-9*._-]+)\s*=\s*(?:"([^"]*)"|([^;]*))`)

// looseParams reads key=value parameters without judging them, keeping
// RFC 2231 keys such as filename*0* as they are.
func looseParams(value string) map[string]string {
	params := map[string]string{}
	for _, m := range paramPattern.FindAllStringSubmatch(value, -1) {
		key := strings.ToLower(m[1])
		if _, seen := params[key]; !seen {
			params[key] = strings.TrimSpace(m[2] + m[3])
		}
	}
	return params
}

// extensionFor names attachments that came without a filename. The table
// is fixed because mime.ExtensionsByType depends on the host.
func extensionFor(mediaType string) string {
	switch mediaType {
	case "image/jpeg":
		return ".jpg"
	case "image/png":
		return ".png"
	case "image/gif":
		return ".gif"
	case "application/pdf":
		return ".pdf"
	case "text/plain":
		return ".txt"
	case "text/html":
		return ".html"
	case "text/calendar":
		return ".ics"
	case "message/rfc822":
		return ".eml"
	}
	return ""
}
