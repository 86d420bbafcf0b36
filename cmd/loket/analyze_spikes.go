package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"loket/analytics/spikes"
)

// runAnalyzeSpikes prints the spike and drift alerts of the days up to
// -day, as GET /api/analytics/spikes gives them, and how long it took.
func runAnalyzeSpikes(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("analyze spikes", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: loket analyze spikes [-day YYYY-MM-DD] [-days N] [-category code,code] [-neighbourhood code] [-json] [flags]")
		fs.PrintDefaults()
	}
	cfg.register(fs)
	day := fs.String("day", "", "last day tested, YYYY-MM-DD in the municipality's calendar (default: today)")
	days := fs.Int("days", 7, fmt.Sprintf("days tested, up to -day (1 to %d)", spikes.MaxDays))
	categories := fs.String("category", "", "only these category codes, comma-separated (default: all)")
	neighbourhood := fs.String("neighbourhood", "", "only this neighbourhood's series (default: the city and its busy neighbourhoods)")
	language := fs.String("language", "", "language of the category names: nl, fr or en (default: the municipality's)")
	asJSON := fs.Bool("json", false, "write the report as JSON")
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	if *days < 1 || *days > spikes.MaxDays {
		return fmt.Errorf("-days must be from 1 to %d", spikes.MaxDays)
	}
	q := spikes.Query{Days: *days, Neighbourhood: *neighbourhood, Language: *language}
	if *categories != "" {
		q.Categories = strings.Split(*categories, ",")
	}
	if *day != "" {
		d, err := time.Parse(time.DateOnly, *day)
		if err != nil {
			return fmt.Errorf("-day %q: write the day as YYYY-MM-DD", *day)
		}
		q.Day = d
	}
	pool, municipality, closeAll, err := openServed(ctx, cfg, cfg.logger())
	if err != nil {
		return err
	}
	defer closeAll()
	start := time.Now()
	rep, err := spikes.New(pool).Detect(ctx, municipality, q)
	if err != nil {
		return err
	}
	took := time.Since(start)
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printSpikes(rep)
	fmt.Fprintf(os.Stderr, "%d alerts from %s to %s (%s); %d series monitored, %d skipped, %d neighbourhood series too thin, %d over the cap; %s\n",
		len(rep.Alerts), rep.From, rep.Day, rep.TimeZone, rep.Series.Monitored, len(rep.Series.Skipped),
		rep.Series.BelowVolume, rep.Series.OverCap, took.Round(time.Millisecond))
	return nil
}

func printSpikes(rep *spikes.Report) {
	tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "day\tkind\tcategory\tneighbourhood\tsince\tobserved\texpected\tp\tadjusted p\tnewest tickets")
	for _, a := range rep.Alerts {
		where := "(whole city)"
		if a.Neighbourhood != nil {
			where = a.Neighbourhood.Code + " " + a.Neighbourhood.Name
		}
		var refs []string
		for _, t := range a.Tickets[:min(3, len(a.Tickets))] {
			refs = append(refs, t.Reference)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%.0f\t%.1f\t%.2g\t%.2g\t%s\n", a.Day, a.Kind, a.Category.Code, where, a.Since,
			a.Observed, a.Expected, a.P, a.AdjustedP, strings.Join(refs, " "))
	}
	tw.Flush()
}
