package mailin

import "testing"

func TestReference(t *testing.T) {
	tests := []struct {
		name    string
		subject string
		want    string
	}{
		{"a bare reference is found", "1777-2026-000123", "1777-2026-000123"},
		{"a reference in brackets after Re: is found", "Re: [1777-2026-000123] Losliggende stoeptegels", "1777-2026-000123"},
		{"a Dutch Antw: reply is understood", "Antw: 1777-2026-000123 Afval", "1777-2026-000123"},
		{"a French Réf is understood", "Réf. 1777-2026-000123 : façade", "1777-2026-000123"},
		{"a forwarded reply is understood", "Fwd: RE: [GEM-2026-004711] Boom", "GEM-2026-004711"},
		{"a one-letter prefix is accepted", "Re: (A-2025-000001)", "A-2025-000001"},
		{"a reference right after a colon is found", "Re:1777-2026-000123", "1777-2026-000123"},
		{"the first of two references wins", "1777-2026-000001 and 1777-2026-000002", "1777-2026-000001"},
		{"a prefix longer than six characters is not a reference", "1234567-2026-000123", ""},
		{"a serial longer than six digits is not a reference", "1777-2026-0001234", ""},
		{"a serial shorter than six digits is not a reference", "1777-2026-00012", ""},
		{"a two-digit year is not a reference", "1777-26-000123", ""},
		{"a phone number is not a reference", "Bel mij op 06-12345678", ""},
		{"an empty subject has no reference", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Reference(tt.subject)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("Reference(%q) = %q, %v; want %q", tt.subject, got, ok, tt.want)
			}
		})
	}
}
