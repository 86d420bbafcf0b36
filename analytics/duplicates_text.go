package analytics

import (
	"context"
	"slices"

	"github.com/jackc/pgx/v5"
)

// addText compares text with the descriptions of the candidates whose
// place among the first shown may depend on it, and sets their
// TextSimilarity. Similarity moves a logit by at most the text weight w,
// so a candidate whose logit without it, plus max(w, 0), stays below the
// shown-th best logit plus min(w, 0) is beaten by that many whatever
// their texts: it is left out, and never shown.
func (d *Duplicates) addText(ctx context.Context, municipality int, text string, cands []Candidate) error {
	if len(cands) == 0 || text == "" {
		return nil
	}
	w := d.model.Weights[slices.Index(featureNames, "text_similarity")]
	z := make([]float64, len(cands))
	for i, c := range cands {
		z[i] = d.model.logit(c.features)
	}
	cut := slices.Sorted(slices.Values(z))
	bar := cut[max(len(cut)-shown, 0)] + min(w, 0) - max(w, 0)
	var ids []int64
	for i, c := range cands {
		if z[i] >= bar {
			ids = append(ids, c.ID)
		}
	}
	rows, err := d.pool.Query(ctx, `SELECT id, similarity(description, $3) FROM ticket WHERE municipality_id = $1 AND id = ANY ($2)`,
		municipality, ids, text)
	if err != nil {
		return err
	}
	sim := make(map[int64]float64, len(ids))
	var id int64
	var s float64
	if _, err := pgx.ForEachRow(rows, []any{&id, &s}, func() error {
		sim[id] = s
		return nil
	}); err != nil {
		return err
	}
	for i := range cands {
		cands[i].features.TextSimilarity = sim[cands[i].ID]
	}
	return nil
}
