package notify

import (
	"strings"
	"testing"
)

// fullPayload fills every field a topic may use, so a template that names a
// field wrongly or forgets one shows up.
func fullPayload(lang string) Payload {
	return Payload{
		Language:        lang,
		Municipality:    "Kortrijk",
		Name:            "Sofie Vandeputte",
		URL:             "https://loket.example.be/my/tickets/1777-2026-000123",
		Reference:       "1777-2026-000123",
		Category:        "Zwerfvuil",
		Description:     "Een zak afval naast de glasbol.",
		Address:         "Grote Markt 54, 8500 Kortrijk",
		Body:            "We komen de zak morgen ophalen.",
		Handler:         "Jan Peeters",
		Team:            "Netheid",
		PlannedFor:      "2026-12-01",
		MasterReference: "1777-2026-000099",
		Token:           "k9Q2xT",
	}
}

// wants lists per topic what a reader must find, per language.
var wants = map[string]map[string][]string{
	TopicTicketCreated: {"nl": {"1777-2026-000123", "Een zak afval", "Grote Markt 54"}, "fr": {"1777-2026-000123", "Een zak afval"}, "en": {"1777-2026-000123", "Een zak afval"}},
	TopicTicketReply:   {"nl": {"1777-2026-000123", "We komen de zak morgen ophalen.", "Jan Peeters (Netheid)"}, "fr": {"We komen de zak", "Jan Peeters"}, "en": {"We komen de zak", "Jan Peeters"}},
	TopicTicketPlanned: {"nl": {"1777-2026-000123", "1 december 2026"}, "fr": {"1777-2026-000123", "1er décembre 2026"}, "en": {"1777-2026-000123", "1 December 2026"}},
	TopicTicketResolved: {"nl": {"1777-2026-000123", "We komen de zak"}, "fr": {"1777-2026-000123", "We komen de zak"},
		"en": {"1777-2026-000123", "We komen de zak"}},
	TopicTicketMerged:  {"nl": {"1777-2026-000123", "1777-2026-000099"}, "fr": {"1777-2026-000123", "1777-2026-000099"}, "en": {"1777-2026-000123", "1777-2026-000099"}},
	TopicCitizenVerify: {"nl": {"https://loket.example.be/", "k9Q2xT"}, "fr": {"https://loket.example.be/", "k9Q2xT"}, "en": {"https://loket.example.be/", "k9Q2xT"}},
}

// signOff proves the body is in the recipient's language.
var signOff = map[string]string{"nl": "Met vriendelijke groeten", "fr": "Meilleures salutations", "en": "Kind regards"}

func TestEveryTopicRendersInEveryLanguage(t *testing.T) {
	tmpl, err := loadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	for _, topic := range topics {
		for _, lang := range languages {
			t.Run(topic+" in "+lang, func(t *testing.T) {
				subject, body, err := tmpl.render(topic, fullPayload(lang))
				if err != nil {
					t.Fatalf("render: %v", err)
				}
				if topic != TopicCitizenVerify && !strings.Contains(subject, "1777-2026-000123") {
					t.Errorf("subject %q lacks the reference", subject)
				}
				for _, want := range append(wants[topic][lang], signOff[lang], "Kortrijk") {
					if !strings.Contains(body, want) {
						t.Errorf("body lacks %q:\n%s", want, body)
					}
				}
				assertClean(t, subject+"\n"+body)
			})
		}
	}
}

// With only the fields a topic needs, nothing empty or broken shows.
func TestMinimalPayloadsLeaveNoGaps(t *testing.T) {
	tmpl, err := loadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	minimal := Payload{Reference: "R-1", Body: "Text.", PlannedFor: "2026-03-09", MasterReference: "R-0", Token: "tok", Municipality: "Menen"}
	for _, topic := range topics {
		for _, lang := range languages {
			p := minimal
			p.Language = lang
			subject, body, err := tmpl.render(topic, p)
			if err != nil {
				t.Fatalf("%s in %s: %v", topic, lang, err)
			}
			assertClean(t, subject+"\n"+body)
			// Labels of absent fields, empty brackets and greetings, runs of blank lines.
			for _, gap := range []string{"Categor", "Catégorie", "Adres", "Address", "()", "Beste ,", "Dear ,", "Bonjour ,", "\n\n\n", " \n"} {
				if strings.Contains(body, gap) {
					t.Errorf("%s in %s shows %q:\n%s", topic, lang, gap, body)
				}
			}
		}
	}
}

func assertClean(t *testing.T, text string) {
	t.Helper()
	for _, bad := range []string{"<no value>", "{{", "}}", "%!"} {
		if strings.Contains(text, bad) {
			t.Errorf("text contains %q:\n%s", bad, text)
		}
	}
}
