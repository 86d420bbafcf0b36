package mailin

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestParseHeadersAndText(t *testing.T) {
	tests := []struct {
		name      string
		file      string
		id        string
		from      Address
		subject   string
		date      time.Time
		inReplyTo string
		textHas   []string
		textLacks []string
	}{
		{
			name:    "a Dutch quoted-printable ISO-8859-1 message is decoded to UTF-8",
			file:    "dutch-quoted-printable.eml",
			id:      "20260302091500.4711@mail.example.nl",
			from:    Address{Name: "Jeroen de Vries", Email: "jeroen.devries@example.nl"},
			subject: "Kapotte straatverlichting Hoogstraat",
			date:    time.Date(2026, 3, 2, 8, 15, 0, 0, time.UTC),
			textHas: []string{"het niet meer. Het is er", "het café op de hoek", "er geïrriteerd over, en één buurvrouw"},
		},
		{
			name:    "a French message has its encoded subject and base64 body decoded",
			file:    "french-base64.eml",
			id:      "CAF=fr.83921@mail.example.fr",
			from:    Address{Name: "Françoise Lefèvre", Email: "f.lefevre@example.fr"},
			subject: "Réclamation : façade de l'école Saint-Exupéry",
			date:    time.Date(2026, 3, 3, 13, 2, 11, 0, time.UTC),
			textHas: []string{"La façade de l'école Saint-Exupéry est abîmée", "Françoise Lefèvre"},
		},
		{
			name:      "a multipart/alternative message uses its plain text",
			file:      "alternative.eml",
			id:        "alt-1@example.nl",
			from:      Address{Name: "Anna Smit", Email: "anna@example.nl"},
			subject:   "Boom omgewaaid in het park",
			date:      time.Date(2026, 3, 4, 7, 0, 0, 0, time.UTC),
			textHas:   []string{"Hij blokkeert de hele doorgang."},
			textLacks: []string{"<p>", "<b>"},
		},
		{
			name:      "an html-only message is turned into readable text",
			file:      "html-only.eml",
			id:        "html-only-77@example.nl",
			from:      Address{Name: "Mohamed El Amrani", Email: "m.elamrani@example.nl"},
			subject:   "Overlast “hangjongeren” bij speeltuin",
			date:      time.Date(2026, 3, 5, 20, 30, 0, 0, time.UTC),
			textHas:   []string{"Beste gemeente,\n\nElke avond", "speeltuin & het plein:\nmuziek", "- Café één\n- Rommel overal", "groet,\nMohamed"},
			textLacks: []string{"<", "alert", "color", "Melding", "comment", "&amp;", "&eacute;", "&nbsp;"},
		},
		{
			name:      "a reply keeps its threading headers",
			file:      "reply-with-quote.eml",
			id:        "reply-9@example.nl",
			from:      Address{Name: "Jan Jansen", Email: "jan.jansen@example.nl"},
			subject:   "Re: [1777-2026-000123] Losliggende stoeptegels Kerkstraat",
			date:      time.Date(2026, 3, 9, 15, 45, 0, 0, time.UTC),
			inReplyTo: "ticket-1777-2026-000123@gemeente.example",
			textHas:   []string{"nummer 12", "> Wij hebben uw melding ontvangen."},
		},
		{
			name:      "an Outlook reply in Windows-1252 with CRLF line ends is read",
			file:      "outlook-reply.eml",
			id:        "AM0PR01MB1234.eurprd01.prod.example.com",
			from:      Address{Name: "Petra Bakker", Email: "p.bakker@example.nl"},
			subject:   "RE: 1777-2026-000200 Afval naast container",
			date:      time.Date(2026, 3, 10, 13, 5, 0, 0, time.UTC),
			inReplyTo: "ticket-1777-2026-000200@gemeente.example",
			textHas:   []string{"Het stinkt – echt waar."},
			textLacks: []string{"\r"},
		},
		{
			name:    "a message with an unreadable date gets a zero date",
			file:    "no-message-id.eml",
			from:    Address{Email: "bewoner@example.nl"},
			subject: "Graffiti op de brug",
			textHas: []string{"graffiti op de brug"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := MustParseFile(t, tt.file)
			if tt.id != "" && m.MessageID != tt.id {
				t.Errorf("MessageID = %q, want %q", m.MessageID, tt.id)
			}
			if m.From != tt.from {
				t.Errorf("From = %+v, want %+v", m.From, tt.from)
			}
			if m.Subject != tt.subject {
				t.Errorf("Subject = %q, want %q", m.Subject, tt.subject)
			}
			if !m.Date.Equal(tt.date) || m.Date.IsZero() != tt.date.IsZero() {
				t.Errorf("Date = %v, want %v", m.Date, tt.date)
			}
			if m.InReplyTo != tt.inReplyTo {
				t.Errorf("InReplyTo = %q, want %q", m.InReplyTo, tt.inReplyTo)
			}
			for _, want := range tt.textHas {
				if !strings.Contains(m.Text, want) {
					t.Errorf("Text lacks %q:\n%s", want, m.Text)
				}
			}
			for _, unwanted := range tt.textLacks {
				if strings.Contains(m.Text, unwanted) {
					t.Errorf("Text contains %q:\n%s", unwanted, m.Text)
				}
			}
		})
	}
}

func TestParseAddressesAndReferences(t *testing.T) {
	t.Run("encoded display names in Cc are decoded and addresses lower-cased", func(t *testing.T) {
		m := MustParseFile(t, "french-base64.eml")
		want := []Address{{Name: "Conseil de quartier", Email: "conseil@example.fr"}, {Name: "René", Email: "rene@example.fr"}}
		if len(m.Cc) != len(want) || m.Cc[0] != want[0] || m.Cc[1] != want[1] {
			t.Errorf("Cc = %+v, want %+v", m.Cc, want)
		}
		if len(m.To) != 1 || m.To[0].Email != "meldingen@gemeente.example" {
			t.Errorf("To = %+v", m.To)
		}
	})
	t.Run("folded References are split into ids without brackets", func(t *testing.T) {
		m := MustParseFile(t, "reply-with-quote.eml")
		want := []string{"ticket-1777-2026-000123@gemeente.example", "status-2@gemeente.example"}
		if strings.Join(m.References, " ") != strings.Join(want, " ") {
			t.Errorf("References = %q, want %q", m.References, want)
		}
	})
	t.Run("the raw headers are kept", func(t *testing.T) {
		m := MustParseFile(t, "auto-reply.eml")
		if got := m.Header.Get("Auto-Submitted"); got != "auto-replied" {
			t.Errorf("Header Auto-Submitted = %q", got)
		}
	})
}

func TestParseDerivesAStableMessageID(t *testing.T) {
	raw := MustReadFile(t, "no-message-id.eml")
	first := mustParseBytes(t, raw)
	second := mustParseBytes(t, raw)
	other := mustParseBytes(t, append(bytes.Clone(raw), "P.S. ook op de Singel.\n"...))

	t.Run("a message without Message-ID gets a derived id", func(t *testing.T) {
		if !strings.HasPrefix(first.MessageID, "sha256-") {
			t.Errorf("MessageID = %q, want a derived sha256 id", first.MessageID)
		}
	})
	t.Run("the same bytes give the same id twice", func(t *testing.T) {
		if first.MessageID != second.MessageID {
			t.Errorf("ids differ: %q and %q", first.MessageID, second.MessageID)
		}
	})
	t.Run("different bytes give a different id", func(t *testing.T) {
		if first.MessageID == other.MessageID {
			t.Errorf("ids are equal: %q", first.MessageID)
		}
	})
	t.Run("a bare Message-ID without brackets is kept as it is", func(t *testing.T) {
		m := mustParseBytes(t, []byte("Message-ID: bare-id-123\r\nSubject: x\r\n\r\nhallo\r\n"))
		if m.MessageID != "bare-id-123" {
			t.Errorf("MessageID = %q", m.MessageID)
		}
	})
}

func mustParseBytes(tb testing.TB, raw []byte) Message {
	tb.Helper()
	m, err := Parse(bytes.NewReader(raw))
	if err != nil {
		tb.Fatal(err)
	}
	return m
}
