package ticketing

import (
	"context"
	"time"
)

// WordsCommon says what a search has found of words: whether they are
// common in the municipality, if known.
func (s *Service) WordsCommon(municipalityID int, words string) (common, known bool) {
	return s.words.get(wordsKeyOf(municipalityID, words), s.clock())
}

// DecodeCursor exposes decodeCursor to the tests of the package's API.
func DecodeCursor(c string) (time.Time, int64, error) { return decodeCursor(c) }

// SampleTicketRow is a new ticket of the category and team, reported by
// email, as the intake writes it.
func SampleTicketRow(municipalityID, categoryID, teamID int, reference, email string) newTicketRow {
	now := time.Now().Truncate(time.Microsecond)
	return newTicketRow{municipalityID: municipalityID, reference: reference, channel: "phone", categoryID: categoryID,
		priority: 2, description: "sample " + reference, quality: "none", email: &email, language: "nl",
		teamID: teamID, now: now, authorLabel: "test", categoryName: "sample", city: "Kortrijk"}
}

// WriteTogether writes rows as one batch of the intake writer, for the
// callers of ctxs (one per row), and returns what each caller is told.
func (s *Service) WriteTogether(ctxs []context.Context, rows ...newTicketRow) ([]int64, []error) {
	batch := make([]*pendingTicket, len(rows))
	for i, r := range rows {
		batch[i] = &pendingTicket{ctx: ctxs[i], row: r, done: make(chan written, 1)}
	}
	s.intakes.writeBatch(batch)
	ids, errs := make([]int64, len(rows)), make([]error, len(rows))
	for i, p := range batch {
		w := <-p.done
		ids[i], errs[i] = w.id, w.err
	}
	return ids, errs
}
