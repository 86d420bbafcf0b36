package geo

import (
	"context"
	"slices"
	"strings"
	"testing"
)

func TestNationalNumberCheckDigits(t *testing.T) {
	for nn, want := range map[string]bool{
		"85073003328": true,  // born 1985
		"01020300467": true,  // born 2001: checked with a 2 in front
		"85073003329": false, // wrong check digits
		"8507300332":  false, // ten digits
		"85O73003328": false, // a letter O
		"+5073003328": false,
		"":            false,
	} {
		if got := validNationalNumber(nn); got != want {
			t.Errorf("validNationalNumber(%q) = %v, want %v", nn, got, want)
		}
	}
}

// residentCity is Kortrijk with two addresses, one with an external id.
func residentCity(t *testing.T) func(csv string, opt ImportOptions) (ImportReport, error) {
	t.Helper()
	pool := importedKortrijk(t)
	s := spots(t, pool)
	_, err := importAddressText(t, pool, "street_nl,house_number,box,postcode,lon,lat,address_id\n"+
		"Grote Markt,1,,8500,"+ftoa(s[0].lon)+","+ftoa(s[0].lat)+",CRAB-1\n"+
		"Grote Markt,2,b,8500,"+ftoa(s[1].lon)+","+ftoa(s[1].lat)+",\n", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return func(csv string, opt ImportOptions) (ImportReport, error) {
		return ImportResidents(context.Background(), pool, strings.NewReader(csv), opt)
	}
}

const residentFile = `national_number,first_name,last_name,birth_date,address_id,street_nl,house_number,box,postcode,email,phone,language
85073003328,An,Peeters,1985-07-30,CRAB-1,,,,,an@example.be,,nl
01020300467,Bram,Claes,2001-02-03,,Grote Markt,2,b,8500,,056 27 77 77,fr
85073003329,Cas,Wouters,1985-07-30,CRAB-1,,,,,,,nl
85073003328,An,Peeters,1985-07-30,CRAB-9,,,,,,,nl
`

func TestResidentsWithABadNationalNumberOrUnknownAddressAreRejected(t *testing.T) {
	load := residentCity(t)
	rep, err := load(residentFile, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Line 2 is overruled by line 5, whose address is unknown.
	if want := []int{2, 4, 5}; !slices.Equal(lines(rep.Rejected), want) {
		t.Fatalf("rejected %v, want lines %v", rep.Rejected, want)
	}
	if !strings.Contains(rep.Rejected[1].Reason, "national number") || !strings.Contains(rep.Rejected[2].Reason, "address") {
		t.Errorf("reasons: %v", rep.Rejected)
	}
	if rep.Inserted != 1 {
		t.Errorf("report %+v, want 1 inserted", rep)
	}
}

func TestResidentsAreUpsertedOnTheirNationalNumber(t *testing.T) {
	load := residentCity(t)
	good := strings.Join(strings.Split(residentFile, "\n")[:3], "\n") + "\n"
	if rep, err := load(good, ImportOptions{}); err != nil || rep.Inserted != 2 || len(rep.Rejected) != 0 {
		t.Fatalf("first import: %+v %v", rep, err)
	}
	if rep, err := load(good, ImportOptions{}); err != nil || rep.Unchanged != 2 {
		t.Fatalf("same file again: %+v %v", rep, err)
	}
	moved := strings.Replace(good, "Peeters", "Peeters-Janssens", 1)
	if rep, err := load(moved, ImportOptions{Municipality: kortrijkNIS}); err != nil || rep.Updated != 1 || rep.Inserted != 0 {
		t.Fatalf("changed file: %+v %v", rep, err)
	}
}

func TestAStrictResidentImportWithABadRowLeavesNothing(t *testing.T) {
	load := residentCity(t)
	rep, err := load(residentFile, ImportOptions{Strict: true})
	if err == nil || rep.Inserted != 0 {
		t.Fatalf("strict import: %+v %v", rep, err)
	}
	good := strings.Join(strings.Split(residentFile, "\n")[:3], "\n") + "\n" +
		"90010112395,Dirk,Maes,1990-01-01,CRAB-9,,,,,,,nl\n"
	if _, err := load(good, ImportOptions{Strict: true}); err == nil || !strings.Contains(err.Error(), "line 4") {
		t.Fatalf("strict import with an unknown address: %v", err)
	}
	if rep, err := load(strings.Join(strings.Split(residentFile, "\n")[:3], "\n"), ImportOptions{}); err != nil || rep.Inserted != 2 {
		t.Fatalf("the strict failures left residents behind: %+v %v", rep, err)
	}
}
