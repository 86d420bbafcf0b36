package ticketing

import (
	"context"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"loket/internal/errs"
)

// CategoryChoice is an active category as a reporting form offers it:
// its names and the words people use for it.
type CategoryChoice struct {
	CategoryInfo
	Keywords []string `json:"keywords,omitempty"`
}

// Categories lists the active categories of the municipality, by code.
func (s *Service) Categories(ctx context.Context, municipalityID int) ([]CategoryChoice, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT c.code, coalesce(p.code, ''), c.name_nl, c.name_fr, c.name_en, c.target_days, c.keywords
		FROM category c LEFT JOIN category p ON p.municipality_id = c.municipality_id AND p.id = c.parent_id
		WHERE c.municipality_id = $1 AND c.active ORDER BY c.code`, municipalityID)
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "listing categories failed")
	}
	cs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (CategoryChoice, error) {
		var c CategoryChoice
		err := row.Scan(&c.Code, &c.Parent, &c.NameNL, &c.NameFR, &c.NameEN, &c.TargetDays, &c.Keywords)
		return c, err
	})
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "listing categories failed")
	}
	return cs, nil
}

// Name is the category's name in lang (nl when lang is another).
func (c CategoryChoice) Name(lang string) string {
	switch lang {
	case "fr":
		return c.NameFR
	case "en":
		return c.NameEN
	}
	return c.NameNL
}

// Words is everything the category is found by, folded and space
// separated: its names in each language, its keywords, and the French
// words for those keywords (categories keep their keywords in Dutch, and
// callers speak either language).
func (c CategoryChoice) Words() string {
	parts := []string{c.NameNL, c.NameFR, c.NameEN}
	for _, k := range c.Keywords {
		parts = append(parts, k)
		parts = append(parts, frenchWords[FoldWords(k)]...)
	}
	return FoldWords(strings.Join(parts, " "))
}

// Matches reports whether the category answers the search q: every word
// of q begins one of the category's words, or, from four letters on,
// lies within one (Dutch glues words together: "lamp" in "straatlamp").
// An empty search matches every category.
func (c CategoryChoice) Matches(q string) bool {
	return wordsMatch(strings.Fields(c.Words()), strings.Fields(FoldWords(q)))
}

func wordsMatch(words, query []string) bool {
	for _, q := range query {
		found := false
		for _, w := range words {
			if strings.HasPrefix(w, q) || len(q) >= 4 && strings.Contains(w, q) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// SearchCategories keeps the categories of cs that match q, in order.
func SearchCategories(cs []CategoryChoice, q string) []CategoryChoice {
	var out []CategoryChoice
	for _, c := range cs {
		if c.Matches(q) {
			out = append(out, c)
		}
	}
	return out
}

// FoldWords lowers s, strips its accents and keeps only letters and
// digits between single spaces: "Éclairage public (en panne)" becomes
// "eclairage public en panne". Pages that filter categories as one types
// fold the same way.
func FoldWords(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	folded, _, err := transform.String(t, s)
	if err != nil {
		folded = s
	}
	return strings.Join(strings.FieldsFunc(strings.ToLower(folded), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}
