package ticketing

import (
	"time"
)

// WordsCommon says what a search has found of words: whether they are
// common in the municipality, if known.
func (s *Service) WordsCommon(municipalityID int, words string) (common, known bool) {
	return s.words.get(wordsKeyOf(municipalityID, words), s.clock())
}

// DecodeCursor exposes decodeCursor to the tests of the package's API.
func DecodeCursor(c string) (time.Time, int64, error) { return decodeCursor(c) }
