package mailin

import "testing"

func TestBodyFromFixtures(t *testing.T) {
	tests := []struct {
		name string
		file string
		want string
	}{
		{
			name: "a reply loses its signature, reply header and quoted lines",
			file: "reply-with-quote.eml",
			want: "Dank voor de snelle reactie. De tegels liggen er nog steeds los,\nvooral bij nummer 12.",
		},
		{
			name: "an Outlook reply loses the Van/Verzonden block and the line above it",
			file: "outlook-reply.eml",
			want: "Goedemiddag,\n\nDe vuilniszakken staan er nog steeds. Kunt u iemand sturen? Het stinkt – echt waar.\n\nGroet,\nPetra Bakker",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Body(MustParseFile(t, tt.file)); got != tt.want {
				t.Errorf("Body =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestBody(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string
	}{
		{"a Gmail reply header ends the body", "Klopt.\n\nOn Mon, 2 Mar 2026 at 10:00, Loket <loket@example.nl> wrote:\n> vraag", "Klopt."},
		{"a Gmail reply header wrapped over two lines ends the body", "Klopt.\n\nOn Mon, 2 Mar 2026 at 10:00, Gemeente Loket <loket@example.nl>\nwrote:\n\nvraag", "Klopt."},
		{"a short Dutch reply header ends the body", "Prima.\nOp ma 2 mrt 2026 schreef Loket:\noude tekst", "Prima."},
		{"a French reply header ends the body", "D'accord.\n\nLe 2 mars 2026 à 10:00, Loket <loket@example.nl> a écrit :\n> question", "D'accord."},
		{"an English Original Message separator ends the body", "Yes.\n-----Original Message-----\nFrom: x", "Yes."},
		{"a Dutch Oorspronkelijk bericht separator ends the body", "Ja.\n\n-----Oorspronkelijk bericht-----\nVan: x", "Ja."},
		{"an English Outlook From/Sent block ends the body", "OK.\n\nFrom: Loket <loket@example.nl>\nSent: Monday\nTo: me\n\nold", "OK."},
		{"quoted lines between answers are dropped", "> Wanneer?\nMorgen.\n> Waar?\nHier.", "Morgen.\nHier."},
		{"a signature after '-- ' is dropped", "Groet,\nJan\n-- \nJan Jansen\nStraat 1", "Groet,\nJan"},
		{"a sentence starting with Van: is kept", "Van: mijn buurman hoorde ik het.\nDus bel even.", "Van: mijn buurman hoorde ik het.\nDus bel even."},
		{"a sentence about someone who wrote is kept", "On the corner someone wrote:\nverboden te parkeren", "On the corner someone wrote:\nverboden te parkeren"},
		{"a message of only quotes falls back to the whole text", "> alleen een citaat\n> meer niet", "> alleen een citaat\n> meer niet"},
		{"an empty text stays empty", "  \n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Body(Message{Text: tt.text}); got != tt.want {
				t.Errorf("Body =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}
