package mailin

import "strings"

// IsAutoReply reports whether m was sent by a machine: an out-of-office
// reply, a vacation notice or a bounce. The intake should not open tickets
// for these, and must never answer them, or two robots mail each other
// forever.
func IsAutoReply(m Message) bool {
	h := m.Header
	if v := headerWord(h.Get("Auto-Submitted")); v != "" && v != "no" {
		return true
	}
	for _, key := range []string{"X-Autoreply", "X-Autorespond", "X-Autoresponder"} {
		if v, ok := h[key]; ok && len(v) > 0 && !isNo(headerWord(v[0])) {
			return true
		}
	}
	switch headerWord(h.Get("Precedence")) {
	case "bulk", "junk", "auto_reply":
		return true
	}
	if strings.ReplaceAll(strings.TrimSpace(h.Get("Return-Path")), " ", "") == "<>" {
		return true
	}
	// Delivery status notifications (bounces) are multipart/report.
	return headerWord(h.Get("Content-Type")) == "multipart/report"
}

// headerWord is the lower-cased value before any parameters or comments.
func headerWord(value string) string {
	value, _, _ = strings.Cut(value, ";")
	value, _, _ = strings.Cut(value, "(")
	return strings.ToLower(strings.TrimSpace(value))
}

func isNo(v string) bool {
	return v == "no" || v == "false" || v == "0"
}
