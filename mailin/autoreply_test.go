package mailin

import (
	"net/mail"
	"testing"
)

func TestIsAutoReply(t *testing.T) {
	tests := []struct {
		name   string
		header mail.Header
		want   bool
	}{
		{"an ordinary message is not an auto-reply", mail.Header{"Subject": {"Kapotte lamp"}}, false},
		{"Auto-Submitted: auto-replied is an auto-reply", mail.Header{"Auto-Submitted": {"auto-replied"}}, true},
		{"Auto-Submitted: auto-generated with a comment is an auto-reply", mail.Header{"Auto-Submitted": {"auto-generated (vacation)"}}, true},
		{"Auto-Submitted: no is written by a person", mail.Header{"Auto-Submitted": {"No"}}, false},
		{"X-Autoreply: yes is an auto-reply", mail.Header{"X-Autoreply": {"yes"}}, true},
		{"X-Autorespond is an auto-reply", mail.Header{"X-Autorespond": {"Out of office"}}, true},
		{"Precedence: bulk is an auto-reply", mail.Header{"Precedence": {"bulk"}}, true},
		{"Precedence: junk is an auto-reply", mail.Header{"Precedence": {"Junk"}}, true},
		{"Precedence: auto_reply is an auto-reply", mail.Header{"Precedence": {"auto_reply"}}, true},
		{"Precedence: list is not an auto-reply", mail.Header{"Precedence": {"list"}}, false},
		{"a null Return-Path marks a bounce", mail.Header{"Return-Path": {"<>"}}, true},
		{"a normal Return-Path does not", mail.Header{"Return-Path": {"<jan@example.nl>"}}, false},
		{"a delivery status report is a bounce", mail.Header{"Content-Type": {"multipart/report; report-type=delivery-status; boundary=x"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsAutoReply(Message{Header: tt.header}); got != tt.want {
				t.Errorf("IsAutoReply = %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("the out-of-office fixture is an auto-reply", func(t *testing.T) {
		if !IsAutoReply(MustParseFile(t, "auto-reply.eml")) {
			t.Error("IsAutoReply = false")
		}
	})
	t.Run("a citizen's reply is not an auto-reply", func(t *testing.T) {
		if IsAutoReply(MustParseFile(t, "reply-with-quote.eml")) {
			t.Error("IsAutoReply = true")
		}
	})
}
