package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/geo"
	"loket/ticketimport"
)

// importFlags are the options of `loket import`.
type importFlags struct {
	municipality, name         string
	srid                       int
	strict                     bool
	codeProperty, nameProperty string
	format, neighbourhoods     string
}

func (f *importFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.municipality, "municipality", "", "NIS code of the target municipality (default: the only one)")
	fs.StringVar(&f.name, "name", "", "create the municipality with this name when its NIS code is unknown (addresses, neighbourhoods)")
	fs.IntVar(&f.srid, "srid", 0, "coordinate system of x/y without an srid column, or of GeoJSON without a crs (31370, 3812, 4326, …)")
	fs.BoolVar(&f.strict, "strict", false, "import nothing when any row is bad")
	fs.StringVar(&f.codeProperty, "code-property", "", "GeoJSON property with a neighbourhood's code (default: detected)")
	fs.StringVar(&f.nameProperty, "name-property", "", "GeoJSON property with a neighbourhood's name (default: detected)")
	fs.StringVar(&f.format, "format", "", "tickets: the register the file is an export of (boston311)")
	fs.StringVar(&f.neighbourhoods, "neighbourhoods", "", "tickets: GeoJSON of the city's neighbourhoods, loaded first")
}

type importer func(context.Context, *pgxpool.Pool, io.Reader, geo.ImportOptions) (geo.ImportReport, error)

// importerFor picks the loader of a kind of file.
func importerFor(kind string) (importer, error) {
	switch kind {
	case "addresses":
		return geo.ImportAddresses, nil
	case "residents":
		return geo.ImportResidents, nil
	case "neighbourhoods", "neighborhoods":
		return geo.ImportNeighbourhoods, nil
	}
	return nil, fmt.Errorf("import %q: say addresses, residents, neighbourhoods or tickets", kind)
}

func runImport(ctx context.Context, args []string) error {
	// Weather and holidays have flags of their own.
	if len(args) > 0 && args[0] == "weather" {
		return runImportWeather(ctx, args[1:])
	}
	if len(args) > 0 && args[0] == "holidays" {
		return runImportHolidays(ctx, args[1:])
	}
	cfg := defaultConfig()
	var f importFlags
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: loket import addresses|residents|neighbourhoods FILE [flags]")
		fmt.Fprintln(fs.Output(), "       loket import weather|holidays FILE [flags] (see loket import weather -h)")
		fmt.Fprintln(fs.Output(), "       loket import tickets -format boston311 FILE[.gz] [-neighbourhoods FILE] [flags]")
		fs.PrintDefaults()
	}
	cfg.register(fs)
	f.register(fs)
	words, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	if len(words) != 2 {
		fs.Usage()
		return errors.New("import: give what to import and the file")
	}
	if words[0] == "tickets" {
		return importTickets(ctx, cfg, f, words[1])
	}
	load, err := importerFor(words[0])
	if err != nil {
		return err
	}
	file, err := os.Open(words[1])
	if err != nil {
		return err
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil {
		return err
	}
	pool, closeAll, err := openDatabase(ctx, cfg, cfg.logger(), true)
	if err != nil {
		return err
	}
	defer closeAll()
	opt := geo.ImportOptions{
		Municipality: f.municipality, Name: f.name, SRID: f.srid, Strict: f.strict,
		CodeProperty: f.codeProperty, NameProperty: f.nameProperty,
		Progress: os.Stderr, Size: st.Size(),
	}
	rep, err := load(ctx, pool, file, opt)
	printImport(os.Stdout, words[0], words[1], rep, err == nil)
	if err != nil {
		return fmt.Errorf("import %s: %w", words[0], err)
	}
	// The geocoder's street table is derived from the addresses and their
	// neighbourhoods.
	if words[0] != "residents" {
		if err := geo.RefreshStreets(ctx, pool); err != nil {
			return fmt.Errorf("refresh streets: %w", err)
		}
	}
	return nil
}

// importTickets loads another city's ticket register (-format says
// whose), with its neighbourhoods first when given.
func importTickets(ctx context.Context, cfg Config, f importFlags, name string) error {
	if f.format != "boston311" {
		return fmt.Errorf("import tickets: say -format boston311 (the only register known), not %q", f.format)
	}
	file, err := os.Open(name)
	if err != nil {
		return err
	}
	defer file.Close()
	opt := ticketimport.Options{Municipality: f.municipality, Name: f.name, Strict: f.strict, Progress: os.Stderr}
	if f.neighbourhoods != "" {
		nbh, err := os.Open(f.neighbourhoods)
		if err != nil {
			return err
		}
		defer nbh.Close()
		opt.Neighbourhoods = nbh
	}
	pool, closeAll, err := openDatabase(ctx, cfg, cfg.logger(), true)
	if err != nil {
		return err
	}
	defer closeAll()
	r, err := ticketimport.ImportBoston311(ctx, pool, file, opt)
	if err != nil {
		printImport(os.Stdout, "tickets", name, geo.ImportReport{Read: r.Read, Rejected: r.Rejected}, false)
		return fmt.Errorf("import tickets: %w", err)
	}
	printImport(os.Stdout, "tickets", name, geo.ImportReport{MunicipalityID: r.MunicipalityID, Read: r.Read, Inserted: r.Inserted,
		Updated: r.Updated, Unchanged: r.Unchanged, Rejected: r.Rejected, Duration: r.Duration}, true)
	fmt.Printf("  %d on %d fallback coordinates and %d outside the neighbourhoods kept without a place; %d closed as duplicates, %d of a case imported too\n",
		r.OnFallback, len(r.Fallbacks), len(r.Unplaced), r.Duplicates, r.Linked)
	for _, fb := range r.Fallbacks {
		fmt.Printf("  fallback coordinate %.5f, %.5f: %d cases\n", fb.Lat, fb.Lon, fb.Rows)
	}
	for i, u := range r.Unplaced {
		if i == 20 {
			fmt.Printf("  … and %d more outside\n", len(r.Unplaced)-i)
			break
		}
		fmt.Printf("  %s\n", u)
	}
	return nil
}

// parseInterleaved reads flags before, between and after the positional
// words: `loket import addresses a.csv -strict` and
// `loket import -strict addresses a.csv` alike.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var words []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return words, nil
		}
		words = append(words, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// printImport writes the summary: counts, rate, and each rejected row.
func printImport(w io.Writer, kind, file string, r geo.ImportReport, committed bool) {
	const shown = 100
	if !committed {
		fmt.Fprintf(w, "%s: nothing imported from %s (%d rows read, %d rejected)\n", kind, file, r.Read, len(r.Rejected))
	} else {
		fmt.Fprintf(w, "%s: %s in %s: %d read, %d inserted, %d updated, %d unchanged, %d rejected (%.0f rows/s)\n",
			kind, file, r.Duration.Round(time.Millisecond), r.Read, r.Inserted, r.Updated, r.Unchanged,
			len(r.Rejected), r.RowsPerSecond())
	}
	for i, rej := range r.Rejected {
		if i == shown {
			fmt.Fprintf(w, "  … and %d more rejected rows\n", len(r.Rejected)-shown)
			break
		}
		fmt.Fprintf(w, "  rejected %s\n", rej)
	}
}
