package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"loket/analytics/season"
)

// runBenchForecast scores the demand forecasts from rolling origins on the
// database as it is: `loket bench forecast [flags]`.
func runBenchForecast(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("bench forecast", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: loket bench forecast [flags]")
		fmt.Fprintln(fs.Output(), "Forecasts every category from origins over the last -test-days of the tickets, each from the history")
		fmt.Fprintln(fs.Output(), "before it, with the weather that was observed (an oracle weather forecast), and scores them against")
		fmt.Fprintln(fs.Output(), "the same weekday last week (MASE) and by the coverage of their 80 % and 95 % intervals.")
		fs.PrintDefaults()
	}
	cfg.register(fs)
	nis := fs.String("municipality", "", "NIS code of the municipality (default: the one served)")
	categories := fs.String("category", "", "category codes, comma-separated (default: every category with enough tickets)")
	neighbourhood := fs.String("neighbourhood", "", "neighbourhood code (default: the whole municipality)")
	var opt season.BacktestOptions
	fs.IntVar(&opt.Horizon, "horizon", 14, "days ahead, 1–14")
	fs.IntVar(&opt.Step, "step", 7, "days between origins")
	fs.IntVar(&opt.TestDays, "test-days", 365, "origins lie in the last this many days of the tickets")
	fs.IntVar(&opt.MinTrain, "min-train", 56, "days of history at the first origin, at least")
	fs.IntVar(&opt.Draws, "draws", 1000, "simulations per forecast")
	asJSON := fs.Bool("json", false, "print the whole report as JSON")
	progress := fs.Bool("progress", false, "print a line per origin on stderr")
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	if *progress {
		opt.Progress = os.Stderr
	}
	pool, municipality, closeAll, err := openServed(ctx, cfg, cfg.logger())
	if err != nil {
		return err
	}
	defer closeAll()
	if *nis != "" {
		if err := pool.QueryRow(ctx, `SELECT id FROM municipality WHERE nis_code = $1`, *nis).Scan(&municipality); err != nil {
			return fmt.Errorf("no municipality has NIS code %s: %w", *nis, err)
		}
	}
	q := season.Query{Neighbourhood: *neighbourhood}
	if *categories != "" {
		q.Categories = strings.Split(*categories, ",")
	}
	rep, err := season.New(pool).Backtest(ctx, municipality, q, opt)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printBacktest(os.Stdout, rep)
	return nil
}

func printBacktest(out io.Writer, rep *season.BacktestReport) {
	fmt.Fprintf(out, "forecast backtest: tickets %s … %s, %d origins %s … %s, 1–%d days ahead, oracle weather (observed), %s\n",
		rep.From, rep.To, rep.Origins, rep.FirstOrigin, rep.LastOrigin, rep.Horizon, rep.Duration.Round(time.Millisecond))
	fmt.Fprintf(out, "%d categories modelled, %d skipped, %d forecasts fell back to last week's count\n\n",
		len(rep.Categories), len(rep.Skipped), rep.Fallbacks)
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "\tforecasts\tMASE median\tMASE mean\thindsight\tMAE\tnaive MAE\tin 80 %\tin 95 %\tPIT 80 %\tPIT 95 %\t")
	row := func(name string, s season.Score) {
		fmt.Fprintf(w, "%s\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t\n", name, s.Forecasts, s.MedianMASE, s.MASE,
			s.HindsightMASE, s.MAE, s.NaiveMAE, s.Coverage80, s.Coverage95, s.PIT80, s.PIT95)
	}
	row("all categories", rep.Overall)
	row("weather-driven", rep.WeatherDriven)
	for i, s := range rep.ByHorizon {
		row(fmt.Sprintf("%d days ahead", i+1), s)
	}
	for _, c := range rep.Categories {
		name := c.Code
		if c.WeatherDriven {
			name += " (weather)"
		}
		row(name, c.Score)
	}
	w.Flush()
	fmt.Fprintln(out, "\nMASE: mean absolute error of the forecast median against that of the same weekday last week (below 1 is")
	fmt.Fprintln(out, "better); absolute errors reward the median, so it is the forecast scored; 'MASE mean' scores the mean. 'hindsight':")
	fmt.Fprintln(out, "MASE of the median of the same weekday three weeks either side, which knows the future: how low day-to-day")
	fmt.Fprintln(out, "noise lets any forecast go. MAE is of the mean. 'in 80 %': share of")
	fmt.Fprintln(out, "counts inside the 80 % interval, above 80 % for few tickets a day as counts are whole; PIT: the same share")
	fmt.Fprintln(out, "without that step (randomized PIT), 0.80 and 0.95 for calibrated forecasts.")
}
