package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"loket/analytics/weather"
)

// runImportWeather is `loket import weather FILE`: an Open-Meteo (hourly or
// daily) or NOAA GHCN-Daily CSV into a municipality's daily weather.
func runImportWeather(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	var opt weather.Options
	var units string
	fs := flag.NewFlagSet("import weather", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: loket import weather FILE [flags]   (Open-Meteo or GHCN-Daily CSV)")
		fs.PrintDefaults()
	}
	cfg.register(fs)
	fs.StringVar(&opt.Municipality, "municipality", "", "NIS code of the municipality (default: the only one)")
	fs.StringVar(&opt.TimeZone, "time-zone", "", "store this as the municipality's time zone first, e.g. America/New_York (hourly values fill its days)")
	fs.StringVar(&units, "units", "", "GHCN-Daily units: raw, metric or standard (default: read from the data)")
	file, closeFile, err := parseFileArgs(fs, &cfg, args)
	if err != nil {
		return err
	}
	defer closeFile()
	opt.Units = weather.Units(units)
	pool, closeAll, err := openDatabase(ctx, cfg, cfg.logger(), true)
	if err != nil {
		return err
	}
	defer closeAll()
	rep, err := weather.Import(ctx, pool, file, opt)
	if err != nil {
		return fmt.Errorf("import weather: %w", err)
	}
	fmt.Printf("weather: %s (%s; %s) into municipality %d (%s): %d days %s … %s, %d inserted, %d updated, %d unchanged in %s\n",
		file.Name(), rep.Format, rep.Units, rep.MunicipalityID, rep.TimeZone, rep.Days, rep.First.Format(time.DateOnly),
		rep.Last.Format(time.DateOnly), rep.Inserted, rep.Updated, rep.Unchanged, rep.Duration.Round(time.Millisecond))
	for _, n := range rep.Notes {
		fmt.Printf("  note: %s\n", n)
	}
	printProblems(os.Stdout, rep.Problems)
	return nil
}

// runImportHolidays is `loket import holidays FILE`: public or school
// holidays of a country, or of one municipality.
func runImportHolidays(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	var opt weather.HolidayOptions
	fs := flag.NewFlagSet("import holidays", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: loket import holidays FILE [flags]   (CSV: date,kind,name with kind public or school;")
		fmt.Fprintln(fs.Output(), "       or date,holiday_name,is_holiday; or date,vacation_name,is_school_vacation)")
		fs.PrintDefaults()
	}
	cfg.register(fs)
	fs.StringVar(&opt.Municipality, "municipality", "", "NIS code of the one municipality the days hold for (default: the whole country)")
	fs.StringVar(&opt.Country, "country", "", "two-letter code of the country, e.g. BE (default: that of the municipality, or of the only one)")
	file, closeFile, err := parseFileArgs(fs, &cfg, args)
	if err != nil {
		return err
	}
	defer closeFile()
	pool, closeAll, err := openDatabase(ctx, cfg, cfg.logger(), true)
	if err != nil {
		return err
	}
	defer closeAll()
	rep, err := weather.ImportHolidays(ctx, pool, file, opt)
	if err != nil {
		printProblems(os.Stdout, rep.Problems)
		return fmt.Errorf("import holidays: %w", err)
	}
	whose := "the whole country"
	if rep.MunicipalityID != 0 {
		whose = fmt.Sprintf("municipality %d", rep.MunicipalityID)
	}
	fmt.Printf("holidays: %s for %s, %s: %d read, %d not holidays, %d inserted, %d renamed, %d unchanged in %s\n",
		file.Name(), rep.Country, whose, rep.Read, rep.Skipped, rep.Inserted, rep.Updated, rep.Unchanged,
		rep.Duration.Round(time.Millisecond))
	printProblems(os.Stdout, rep.Problems)
	return nil
}

// parseFileArgs reads the flags and the one file name, and opens the file.
func parseFileArgs(fs *flag.FlagSet, cfg *Config, args []string) (*os.File, func(), error) {
	words, err := parseInterleaved(fs, args)
	if err != nil {
		return nil, nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, nil, err
	}
	if len(words) != 1 {
		fs.Usage()
		return nil, nil, errors.New(fs.Name() + ": give one file")
	}
	file, err := os.Open(words[0])
	if err != nil {
		return nil, nil, err
	}
	return file, func() { file.Close() }, nil
}

// printProblems lists what an import left out or empty, the first hundred.
func printProblems(w io.Writer, problems []weather.Problem) {
	const shown = 100
	if len(problems) > 0 {
		fmt.Fprintf(w, "  %d problems (left out or stored as unknown):\n", len(problems))
	}
	for i, p := range problems {
		if i == shown {
			fmt.Fprintf(w, "  … and %d more\n", len(problems)-shown)
			break
		}
		fmt.Fprintf(w, "  %s\n", p)
	}
}
