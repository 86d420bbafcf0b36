package ticketimport_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/errs"
	"loket/internal/testdb"
	"loket/ticketimport"
)

func importFixture(t *testing.T, pool *pgxpool.Pool, data []byte, opt ticketimport.Options) ticketimport.Report {
	t.Helper()
	if opt.Neighbourhoods == nil {
		opt.Neighbourhoods = strings.NewReader(neighbourhoodsJSON)
	}
	rep, err := ticketimport.ImportBoston311(context.Background(), pool, bytes.NewReader(data), opt)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return rep
}

func TestTheFixtureImportsWithEachRowWhereItBelongs(t *testing.T) {
	pool := testdb.New(t)
	rep := importFixture(t, pool, exportOf(t, fixture()), ticketimport.Options{})

	t.Run("the report counts and lists what happened", func(t *testing.T) {
		if rep.Read != 71 || rep.Inserted != 68 || rep.Updated != 0 || rep.Unchanged != 0 {
			t.Errorf("read %d, inserted %d, updated %d, unchanged %d; want 71, 68, 0, 0", rep.Read, rep.Inserted, rep.Updated, rep.Unchanged)
		}
		var lines []int
		for _, r := range rep.Rejected {
			lines = append(lines, r.Line)
		}
		if !slices.Equal(lines, []int{7, 10, 11}) {
			t.Errorf("rejected lines %v (%v), want the bad date (7), the unknown source (10), the repeated case (11)", lines, rep.Rejected)
		}
		for i, want := range []string{"OPEN_DT", "Carrier Pigeon", "line 12"} {
			if i < len(rep.Rejected) && !strings.Contains(rep.Rejected[i].Reason, want) {
				t.Errorf("rejection %q does not mention %q", rep.Rejected[i], want)
			}
		}
		if len(rep.Unplaced) != 1 || rep.Unplaced[0].Line != 8 {
			t.Errorf("unplaced %v, want line 8 (New York)", rep.Unplaced)
		}
		if len(rep.Fallbacks) != 1 || rep.OnFallback != 60 {
			t.Errorf("fallbacks %v with %d cases, want the one point with 60", rep.Fallbacks, rep.OnFallback)
		}
		if rep.Duplicates != 3 || rep.Linked != 1 || rep.Neighbourhoods != 2 || !rep.Created {
			t.Errorf("%d duplicates (%d linked), %d neighbourhoods, created %v; want 3 (1), 2, true",
				rep.Duplicates, rep.Linked, rep.Neighbourhoods, rep.Created)
		}
	})
	t.Run("Boston is created with its own settings", func(t *testing.T) {
		if n := count(t, pool, `SELECT count(*) FROM municipality WHERE nis_code = '99001' AND name_en = 'Boston'
			AND ticket_prefix = 'BOS' AND local_srid = 26986 AND default_language = 'en' AND boundary IS NOT NULL`); n != 1 {
			t.Error("no municipality 99001 Boston with prefix BOS, SRID 26986, English and a boundary")
		}
	})
	t.Run("places: a point when known, none on the fallback or outside the city", func(t *testing.T) {
		if n := count(t, pool, `SELECT count(*) FROM ticket WHERE geocode_quality = 'point' AND geom IS NOT NULL`); n != 6 {
			t.Errorf("%d placed tickets, want 6", n)
		}
		if n := count(t, pool, `SELECT count(*) FROM ticket WHERE geocode_quality = 'none' AND geom IS NULL`); n != 62 {
			t.Errorf("%d tickets without a place, want 62 (60 on the fallback, New York, none given)", n)
		}
		for ref, want := range map[string]string{"BOS-101001000001": "West", "BOS-101001000004": "East"} {
			if n := count(t, pool, `SELECT count(*) FROM ticket t JOIN neighbourhood n ON n.id = t.neighbourhood_id
				WHERE t.reference = $1 AND n.name = $2`, ref, want); n != 1 {
				t.Errorf("%s is not in %s", ref, want)
			}
		}
	})
	t.Run("statuses, channels, times and references follow the export", func(t *testing.T) {
		for status, want := range map[string]int{"assigned": 64, "closed": 3, "duplicate": 1} {
			if n := count(t, pool, `SELECT count(*) FROM ticket WHERE status = $1`, status); n != want {
				t.Errorf("%d tickets %s, want %d", n, status, want)
			}
		}
		var created, closed time.Time
		var channel, reference string
		err := pool.QueryRow(context.Background(), `SELECT created_at, closed_at, channel, reference FROM ticket WHERE external_id = '101001000002'`).
			Scan(&created, &closed, &channel, &reference)
		if err != nil {
			t.Fatal(err)
		}
		if !created.Equal(time.Date(2015, 1, 5, 15, 0, 0, 0, time.UTC)) || !closed.Equal(time.Date(2015, 1, 6, 21, 17, 43, 0, time.UTC)) {
			t.Errorf("opened %s, closed %s: Boston's clock (UTC-5) not applied", created, closed)
		}
		if channel != "phone" || reference != "BOS-101001000002" {
			t.Errorf("channel %s, reference %s; want phone (Constituent Call), BOS-101001000002", channel, reference)
		}
		for id, want := range map[string]string{"101001000003": "app", "101001000004": "app", "101001000005": "desk"} {
			if n := count(t, pool, `SELECT count(*) FROM ticket WHERE external_id = $1 AND channel = $2`, id, want); n != 1 {
				t.Errorf("case %s did not come in by %s", id, want)
			}
		}
		if n := count(t, pool, `SELECT count(*) FROM ticket WHERE external_id = '101001000010' AND description = 'Broken slab'`); n != 1 {
			t.Error("the later row of a repeated case did not win")
		}
	})
	t.Run("duplicates: linked when the original is here, labelled always", func(t *testing.T) {
		if n := count(t, pool, `SELECT count(*) FROM ticket d JOIN ticket o ON o.id = d.duplicate_of
			WHERE d.external_id = '101001000003' AND o.external_id = '101001000001' AND d.status = 'duplicate'`); n != 1 {
			t.Error("case 3 is not a duplicate of case 1")
		}
		rows := map[string]string{"101001000003": "101001000001 linked", "101001000004": " ", "101001000005": "101009999999 "}
		for id, want := range rows {
			var got string
			err := pool.QueryRow(context.Background(), `SELECT coalesce(l.original_external_id, '') || ' ' ||
				CASE WHEN l.original_id IS NULL THEN '' ELSE 'linked' END
				FROM ticket_duplicate_label l JOIN ticket t ON t.id = l.ticket_id WHERE t.external_id = $1`, id).Scan(&got)
			if err != nil || got != want {
				t.Errorf("label of case %s: %q (%v), want %q", id, got, err, want)
			}
		}
	})
	t.Run("teams per queue, categories per type grouped per reason", func(t *testing.T) {
		if n := count(t, pool, `SELECT count(*) FROM category c JOIN category p ON p.id = c.parent_id
			WHERE p.code = 'reason-highway-maintenance' AND c.code IN ('request-for-pothole-repair', 'sidewalk-repair')`); n != 2 {
			t.Errorf("%d of the two highway types are grouped under their reason", n)
		}
		if n := count(t, pool, `SELECT count(*) FROM category c JOIN team tm ON tm.id = c.default_team_id
			WHERE c.code = 'street-light-outages' AND tm.code = 'pwdx-street-light-outages' AND c.name_en = 'Street Light Outages'`); n != 1 {
			t.Error("street light outages do not go to their queue's team")
		}
	})
	t.Run("events: creation, and the closure with its note", func(t *testing.T) {
		if n := count(t, pool, `SELECT count(*) FROM ticket_event WHERE kind = 'created'`); n != 68 {
			t.Errorf("%d creation events, want 68", n)
		}
		if n := count(t, pool, `SELECT count(*) FROM ticket_event WHERE kind = 'status' AND to_status = 'closed'
			AND body LIKE 'Case Closed%'`); n != 3 {
			t.Errorf("%d closing events with their note, want 3", n)
		}
		if n := count(t, pool, `SELECT count(*) FROM ticket_event WHERE kind = 'merge' AND to_status = 'duplicate'`); n != 1 {
			t.Errorf("%d merge events, want 1", n)
		}
	})
	t.Run("the map counts every placed ticket once", func(t *testing.T) {
		assertMapMatchesTickets(t, pool)
	})
}

// assertMapMatchesTickets compares the map's aggregates with the tickets.
func assertMapMatchesTickets(t *testing.T, pool *pgxpool.Pool) {
	t.Helper()
	if n := count(t, pool, `
		SELECT count(*) FROM (SELECT status, sum(tickets) AS n FROM ticket_cell WHERE level = 0 GROUP BY 1 HAVING sum(tickets) <> 0) c
		FULL JOIN (SELECT status, count(*) AS n FROM ticket WHERE geom IS NOT NULL GROUP BY 1) t USING (status)
		WHERE c.n IS DISTINCT FROM t.n`); n != 0 {
		t.Errorf("the map's base cells differ from the placed tickets in %d statuses", n)
	}
	if n := count(t, pool, `
		SELECT count(*) FROM (SELECT neighbourhood_id, status, sum(tickets) AS n FROM ticket_nbh GROUP BY 1, 2 HAVING sum(tickets) <> 0) c
		FULL JOIN (SELECT neighbourhood_id, status, count(*) AS n FROM ticket WHERE neighbourhood_id IS NOT NULL GROUP BY 1, 2) t
		USING (neighbourhood_id, status)
		WHERE c.n IS DISTINCT FROM t.n`); n != 0 {
		t.Errorf("the neighbourhood counts differ from the tickets in %d places", n)
	}
	if n := count(t, pool, `SELECT count(*) FROM ticket_map_delta`); n != 0 {
		t.Errorf("%d map deltas left unfolded", n)
	}
}

func TestReimportChangesNothingThenUpdatesAClosedCase(t *testing.T) {
	pool := testdb.New(t)
	cases := fixture()
	importFixture(t, pool, exportOf(t, cases), ticketimport.Options{})
	events := count(t, pool, `SELECT count(*) FROM ticket_event`)

	again := importFixture(t, pool, exportOf(t, cases), ticketimport.Options{})
	if again.Inserted != 0 || again.Updated != 0 || again.Unchanged != 68 {
		t.Errorf("second import: %d inserted, %d updated, %d unchanged; want 0, 0, 68", again.Inserted, again.Updated, again.Unchanged)
	}
	if n := count(t, pool, `SELECT count(*) FROM ticket`); n != 68 {
		t.Errorf("%d tickets after importing twice, want 68", n)
	}
	if n := count(t, pool, `SELECT count(*) FROM ticket_event`); n != events {
		t.Errorf("%d events after an import that changed nothing, want %d", n, events)
	}

	cases[0] = cases[0].closed("01/10/2015 10:00:00 AM", "Case Closed Case Resolved")
	later := importFixture(t, pool, exportOf(t, cases), ticketimport.Options{})
	if later.Inserted != 0 || later.Updated != 1 || later.Unchanged != 67 {
		t.Errorf("newer export: %d inserted, %d updated, %d unchanged; want 0, 1, 67", later.Inserted, later.Updated, later.Unchanged)
	}
	if n := count(t, pool, `SELECT count(*) FROM ticket t JOIN ticket_event e ON e.ticket_id = t.id
		WHERE t.external_id = '101001000001' AND t.status = 'closed' AND e.kind = 'status'
		AND e.from_status = 'assigned' AND e.to_status = 'closed'`); n != 1 {
		t.Error("the case closed since is not closed, or its closing has no event")
	}
	if n := count(t, pool, `SELECT count(*) FROM ticket d JOIN ticket o ON o.id = d.duplicate_of WHERE o.external_id = '101001000001'`); n != 1 {
		t.Error("the duplicate lost its original")
	}
	assertMapMatchesTickets(t, pool)
}

func TestAStrictImportOfAFileWithBadRowsWritesNothing(t *testing.T) {
	pool := testdb.New(t)
	_, err := ticketimport.ImportBoston311(context.Background(), pool, bytes.NewReader(exportOf(t, fixture())),
		ticketimport.Options{Strict: true})
	if errs.KindOf(err) != errs.Invalid || !strings.Contains(err.Error(), "line 7") {
		t.Fatalf("strict import: %v, want an invalid-input error naming line 7", err)
	}
	if n := count(t, pool, `SELECT count(*) FROM ticket`); n != 0 {
		t.Errorf("%d tickets written by a refused import", n)
	}
}

func TestACompressedExportReadsTheSameAsAPlainOne(t *testing.T) {
	pool := testdb.New(t)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	if _, err := zw.Write(exportOf(t, fixture())); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	rep := importFixture(t, pool, gz.Bytes(), ticketimport.Options{})
	if rep.Inserted != 68 || len(rep.Rejected) != 3 {
		t.Errorf("gzip export: %d inserted, %d rejected; want 68 and 3 as from the plain file", rep.Inserted, len(rep.Rejected))
	}
}

func TestAFileThatIsNotABostonExportIsRefusedWithTheMissingColumns(t *testing.T) {
	pool := testdb.New(t)
	for name, body := range map[string]string{
		"another export": "street_nl;house_number\nGrote Markt;54\n",
		"an empty file":  "",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ticketimport.ImportBoston311(context.Background(), pool, strings.NewReader(body), ticketimport.Options{})
			if errs.KindOf(err) != errs.Invalid {
				t.Fatalf("import of %s: %v, want an invalid-input error", name, err)
			}
		})
	}
	_, err := ticketimport.ImportBoston311(context.Background(), pool, strings.NewReader("a,b\n1,2\n"), ticketimport.Options{})
	if err == nil || !strings.Contains(err.Error(), "CASE_ENQUIRY_ID") {
		t.Errorf("error %v does not name the missing columns", err)
	}
	if n := count(t, pool, `SELECT count(*) FROM municipality`); n != 0 {
		t.Errorf("%d municipalities created by refused imports", n)
	}
}
