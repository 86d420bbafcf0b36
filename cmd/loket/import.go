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
)

// importFlags are the options of `loket import`.
type importFlags struct {
	municipality, name         string
	srid                       int
	strict                     bool
	codeProperty, nameProperty string
}

func (f *importFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.municipality, "municipality", "", "NIS code of the target municipality (default: the only one)")
	fs.StringVar(&f.name, "name", "", "create the municipality with this name when its NIS code is unknown (addresses, neighbourhoods)")
	fs.IntVar(&f.srid, "srid", 0, "coordinate system of x/y without an srid column, or of GeoJSON without a crs (31370, 3812, 4326, …)")
	fs.BoolVar(&f.strict, "strict", false, "import nothing when any row is bad")
	fs.StringVar(&f.codeProperty, "code-property", "", "GeoJSON property with a neighbourhood's code (default: detected)")
	fs.StringVar(&f.nameProperty, "name-property", "", "GeoJSON property with a neighbourhood's name (default: detected)")
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
	return nil, fmt.Errorf("import %q: say addresses, residents or neighbourhoods", kind)
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
