package geo

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"loket/internal/errs"
)

// csvTable reads a register export: a header row naming the columns (any
// case, any order), then data rows. Belgian exports are as often separated
// by semicolons as by commas, so the header line decides.
type csvTable struct {
	r    *csv.Reader
	cols map[string]int
}

func openCSV(in io.Reader) (*csvTable, error) {
	br := bufio.NewReaderSize(in, 1<<16)
	head, _ := br.Peek(4096)
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	r := csv.NewReader(br)
	if bytes.Count(head, []byte{';'}) > bytes.Count(head, []byte{','}) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1 // a short row is one bad row, not a broken file
	r.LazyQuotes = true
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errs.E(errs.Invalid, "the file is empty: a header row naming the columns is required")
		}
		return nil, errs.Wrap(err, errs.Invalid, "the header row cannot be read")
	}
	t := &csvTable{r: r, cols: make(map[string]int, len(header))}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := t.cols[h]; h != "" && !dup {
			t.cols[h] = i
		}
	}
	return t, nil
}

// require fails unless every column is in the header.
func (t *csvTable) require(names ...string) error {
	var missing []string
	for _, n := range names {
		if !t.has(n) {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return errs.E(errs.Invalid, "the header lacks the column(s) %s", strings.Join(missing, ", "))
	}
	return nil
}

func (t *csvTable) has(name string) bool { _, ok := t.cols[name]; return ok }

// next returns the next row and the line it starts on; a row that cannot
// be parsed comes back as a rejection (rec nil), and io.EOF ends the file.
func (t *csvTable) next() (rec []string, line int, bad *Rejection, err error) {
	rec, err = t.r.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, pe.StartLine, &Rejection{pe.StartLine, pe.Err.Error()}, nil
		}
		return nil, 0, nil, err
	}
	line, _ = t.r.FieldPos(0)
	return rec, line, nil, nil
}

// get returns a column's trimmed value in rec, or "" when absent.
func (t *csvTable) get(rec []string, name string) string {
	i, ok := t.cols[name]
	if !ok || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// blank says whether a row has no content at all (trailing empty lines
// of spreadsheet exports), which is skipped rather than rejected.
func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// textOK says whether every field is text the database can store: UTF-8
// without NUL. Exports saved as Latin-1 fail here, row by row, with a
// reason, instead of failing the whole import in the database.
func textOK(fields []string) bool {
	for _, f := range fields {
		if !utf8.ValidString(f) || strings.ContainsRune(f, 0) {
			return false
		}
	}
	return true
}

// readRows parses every data row of t with parse, which returns the row or
// why it is rejected; rejections carry the row's line number.
func readRows[T any](t *csvTable, parse func(rec []string, line int) (T, string)) ([]T, []Rejection, error) {
	var rows []T
	var bad []Rejection
	for {
		rec, line, rej, err := t.next()
		if errors.Is(err, io.EOF) {
			return rows, bad, nil
		}
		if err != nil {
			return nil, nil, errs.Wrap(err, errs.Invalid, "the file cannot be read")
		}
		if rej != nil {
			bad = append(bad, *rej)
			continue
		}
		if blank(rec) {
			continue
		}
		if !textOK(rec) {
			bad = append(bad, Rejection{line, "the row is not UTF-8 text (or holds a NUL): save the file as UTF-8"})
			continue
		}
		row, reason := parse(rec, line)
		if reason != "" {
			bad = append(bad, Rejection{line, reason})
			continue
		}
		rows = append(rows, row)
	}
}
