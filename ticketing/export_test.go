package ticketing

import "context"

// CountWords exposes countWords to the tests of the package's API.
func (s *Service) CountWords(ctx context.Context, municipalityID int, words string) (int, error) {
	return s.countWords(ctx, municipalityID, words)
}
