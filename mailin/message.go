package mailin

import (
	"net/mail"
	"time"
)

// Limits that keep one hostile or broken message from exhausting the intake.
const (
	MaxMessageSize = 25 << 20 // bytes of raw message
	MaxAttachments = 50
	MaxNesting     = 10 // multipart levels inside one message
	maxParts       = 500
	maxHeaderSize  = 1 << 20 // real headers stay far below this
)

// Message is one parsed e-mail, reduced to what a ticket needs.
type Message struct {
	// MessageID is the Message-ID without angle brackets, or an id derived
	// from the raw bytes when the header is missing.
	MessageID   string
	From        Address
	To          []Address
	Cc          []Address
	Subject     string
	Date        time.Time // zero when absent or unparseable
	InReplyTo   string
	References  []string
	Text        string // the readable text, UTF-8, quotes and signature included
	Attachments []Attachment
	// Header keeps every raw header, for checks such as IsAutoReply.
	Header mail.Header
}

// Address is one mailbox; Email is lower-cased so it can be compared.
type Address struct {
	Name  string
	Email string
}

// Attachment is a file carried by the message, already decoded.
type Attachment struct {
	Filename    string
	ContentType string
	Size        int
	SHA256      string // hex
	Data        []byte
}
