package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/analytics"
)

// analyzeFlags are the options of `loket analyze`.
type analyzeFlags struct {
	municipality string
	since, until string
	fit          bool
	out          string
	saveRules    bool
}

func (f *analyzeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.municipality, "municipality", "", "NIS code of the municipality (default: the one served)")
	fs.StringVar(&f.since, "since", "", "first day of the tickets, YYYY-MM-DD (default: 30 days ago; with -fit: the first ticket)")
	fs.StringVar(&f.until, "until", "", "day after the last ticket, YYYY-MM-DD (default: now)")
	fs.BoolVar(&f.fit, "fit", false, "fit the duplicate model on the labelled tickets instead of scoring")
	fs.StringVar(&f.out, "out", "", "with -fit: write the model to this file (e.g. analytics/duplicates_model.json) instead of stdout")
	fs.BoolVar(&f.saveRules, "save-rules", false, "with -fit: store each category's fitted radius, window and share of duplicates on it")
}

func runAnalyze(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "spikes" {
		return runAnalyzeSpikes(ctx, args[1:])
	}
	cfg := defaultConfig()
	var f analyzeFlags
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: loket analyze duplicates [-since DAY] [-until DAY] [-fit [-out FILE] [-save-rules]] [flags]")
		fmt.Fprintln(fs.Output(), "       loket analyze spikes [-day DAY] [-days N] [-category CODES] [flags] (see loket analyze spikes -h)")
		fs.PrintDefaults()
	}
	cfg.register(fs)
	f.register(fs)
	action, err := parseAction(fs, args)
	if err != nil {
		return err
	}
	if action != "duplicates" {
		fs.Usage()
		return fmt.Errorf("say what to analyze: duplicates")
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	pool, municipality, closeAll, err := openMunicipality(ctx, cfg, f.municipality)
	if err != nil {
		return err
	}
	defer closeAll()
	from, to, err := analyzePeriod(ctx, pool, municipality, f)
	if err != nil {
		return err
	}
	d := analytics.NewDuplicates(pool)
	if f.fit {
		return fitDuplicates(ctx, pool, d, municipality, from, to, f)
	}
	list, err := d.Suggest(ctx, municipality, from, to)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ticket\tstatus\tlikely original\tits status\tscore\tdistance m\tdays between\tmarked already")
	marked := 0
	for _, s := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.3f\t%.0f\t%.1f\t%v\n", s.Ticket, s.TicketStatus, s.Original, s.OriginalStatus,
			s.Score, s.DistanceM, s.AgeDays, s.AlreadyMarked)
		if s.AlreadyMarked {
			marked++
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "%d tickets created from %s to %s look like a duplicate (%d of them marked as one already)\n",
		len(list), from.Format(time.DateOnly), to.Format(time.DateOnly), marked)
	return nil
}

// analyzePeriod reads -since and -until; scoring defaults to the last 30
// days, fitting to the whole history.
func analyzePeriod(ctx context.Context, pool *pgxpool.Pool, municipality int, f analyzeFlags) (from, to time.Time, err error) {
	to, from = time.Now(), time.Now().AddDate(0, 0, -30)
	if f.fit {
		if err := pool.QueryRow(ctx, `SELECT coalesce(min(created_at), now()) FROM ticket WHERE municipality_id = $1`, municipality).Scan(&from); err != nil {
			return from, to, err
		}
	}
	for _, d := range []struct {
		text string
		into *time.Time
		name string
	}{{f.since, &from, "-since"}, {f.until, &to, "-until"}} {
		if d.text == "" {
			continue
		}
		if *d.into, err = time.ParseInLocation(time.DateOnly, d.text, time.Local); err != nil {
			return from, to, fmt.Errorf("%s %q: write the day as YYYY-MM-DD", d.name, d.text)
		}
	}
	if !from.Before(to) {
		return from, to, fmt.Errorf("-since must come before -until")
	}
	return from, to, nil
}

// fitDuplicates fits the model and writes it, with its rules, as the
// JSON the analytics package embeds.
func fitDuplicates(ctx context.Context, pool *pgxpool.Pool, d *analytics.Duplicates, municipality int, from, to time.Time, f analyzeFlags) error {
	fit, err := d.Fit(ctx, municipality, from, to)
	if err != nil {
		return fmt.Errorf("fit: %w", err)
	}
	if fit.Model.Rules, err = ruleCodes(ctx, d, municipality, fit.Rules); err != nil {
		return err
	}
	var name, nis string
	if err := pool.QueryRow(ctx, `SELECT name_en, nis_code FROM municipality WHERE id = $1`, municipality).Scan(&name, &nis); err != nil {
		return err
	}
	fit.Model.Fitted = name + " (NIS " + nis + "), " + fit.Model.Fitted
	fit.Model.Command = fmt.Sprintf("loket analyze duplicates -fit -municipality %s -since %s -until %s -out FILE",
		nis, from.Format(time.DateOnly), to.Format(time.DateOnly))
	if f.saveRules {
		if err := d.SaveRules(ctx, municipality, fit.Rules); err != nil {
			return fmt.Errorf("save rules: %w", err)
		}
	}
	var w io.Writer = os.Stdout
	if f.out != "" {
		file, err := os.Create(f.out)
		if err != nil {
			return err
		}
		defer file.Close()
		w = file
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(fit.Model); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "fitted on %s; threshold %.3f; %d categories with a rule of their own\n",
		fit.Model.Fitted, fit.Model.Threshold, len(fit.Rules))
	return nil
}

// ruleCodes names fitted rules by category code, for the model's record.
func ruleCodes(ctx context.Context, d *analytics.Duplicates, municipality int, rules map[int]analytics.Rule) (map[string]analytics.Rule, error) {
	codes, err := d.CategoryCodes(ctx, municipality)
	if err != nil {
		return nil, err
	}
	out := map[string]analytics.Rule{}
	for id, r := range rules {
		out[codes[id]] = r
	}
	return out, nil
}

// openMunicipality opens cfg's database as it is and finds the
// municipality with NIS code nis, or the one served when nis is empty.
func openMunicipality(ctx context.Context, cfg Config, nis string) (pool *pgxpool.Pool, municipality int, closeAll func(), err error) {
	if nis == "" {
		return openServed(ctx, cfg, cfg.logger())
	}
	if pool, closeAll, err = openDatabase(ctx, cfg, cfg.logger(), false); err != nil {
		return nil, 0, nil, err
	}
	if err = pool.QueryRow(ctx, `SELECT id FROM municipality WHERE nis_code = $1`, nis).Scan(&municipality); err != nil {
		closeAll()
		return nil, 0, nil, fmt.Errorf("no municipality has NIS code %s: %w", nis, err)
	}
	return pool, municipality, closeAll, nil
}
