package geo

import (
	"strconv"
	"strings"
	"testing"
)

func TestParseQuery(t *testing.T) {
	tests := []struct {
		in   string
		want Query
	}{
		{"Leiestraat 12 8500 Kortrijk", Query{Street: "leiestraat", Number: "12", Postcode: "8500", Place: "kortrijk"}},
		{"Leiestr. 12 bus 3", Query{Street: "leiestraat", Number: "12", Box: "3"}},
		{"leiestraat 12/3, 8500", Query{Street: "leiestraat", Number: "12", Box: "3", Postcode: "8500"}},
		{"Leiestraat 12 b3", Query{Street: "leiestraat", Number: "12", Box: "3"}},
		{"12 r. de la Lys, boîte 3, Courtrai", Query{Street: "rue de la lys", Number: "12", Box: "3", Place: "kortrijk"}},
		{"Ch. de Tournai 5", Query{Street: "chaussee de tournai", Number: "5"}},
		{"Meensestwg 140A", Query{Street: "meensesteenweg", Number: "140A"}},
		{"Gentse stwg 3 a", Query{Street: "gentse steenweg", Number: "3A"}},
		{"St-Amandsplein nr 4 Heule", Query{Street: "sint amandsplein", Number: "4", Place: "heule"}},
		{"Av. de Tournai 7", Query{Street: "avenue de tournai", Number: "7"}},
		{"Bd. Vauban 2", Query{Street: "boulevard vauban", Number: "2"}},
		{"Schouwburgpl 1", Query{Street: "schouwburgplein", Number: "1"}},
		{"Burg. Gillonln 9", Query{Street: "burgemeester gillonlaan", Number: "9"}},
		{"DOORNIKSEWIJK", Query{Street: "doorniksewijk"}},
		{"Grote Markt 54-56", Query{Street: "grote markt", Number: "54"}},
		{"Marché à l'Avoine 3 bte 2", Query{Street: "marche a l avoine", Number: "3", Box: "2"}},
		{"Heule", Query{Place: "heule"}},
		{"", Query{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := ParseQuery(tt.in); got != tt.want {
				t.Errorf("ParseQuery(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestStreetKeyMatchesLoketNormForms(t *testing.T) {
	for in, want := range map[string]string{
		"Sint-Amandsplein":         "sintamandsplein",
		"Chaussée d'Audenarde":     "chausseedaudenarde",
		"'t Hoge":                  "thoge",
		"Emmanuel Viérinwandeling": "emmanuelvierinwandeling",
	} {
		if got := normKey(in); got != want {
			t.Errorf("normKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"Leiestraat 12 bus 3 8500 Kortrijk", "12/3 r de la lys", "b3 b 3 bus", "0000 12a 9999", "--//", "Ünïcödé 1-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := ParseQuery(s)
		if q.Number != "" && !isNumberTok(strings.ToLower(q.Number)) {
			t.Errorf("number %q is not digits and one letter", q.Number)
		}
		if q.Postcode != "" && (len(q.Postcode) != 4 || !allDigits(q.Postcode)) {
			t.Errorf("postcode %q is not four digits", q.Postcode)
		}
		if q.Box != "" && !isNumberTok(strings.ToLower(q.Box)) {
			t.Errorf("box %q is not digits and one letter", q.Box)
		}
		for i := 0; i < len(q.Street); i++ {
			if c := q.Street[i]; !isAlnum(c) && c != ' ' {
				t.Fatalf("street %q holds %q", q.Street, c)
			}
		}
		if strings.Contains(q.Street, "  ") || strings.TrimSpace(q.Street) != q.Street {
			t.Errorf("street %q has stray spaces", q.Street)
		}
		if again := ParseQuery(s); again != q {
			t.Errorf("not deterministic: %+v then %+v", q, again)
		}
	})
}

func houseNumber(s string) int { return leadingInt(s) }
func coord(f float64) string   { return strconv.FormatFloat(f, 'f', -1, 64) }
