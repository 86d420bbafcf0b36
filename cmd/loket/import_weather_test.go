package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"

	"loket/internal/testdb"
)

func TestImportWeatherAndHolidaysCommands(t *testing.T) {
	ctx := context.Background()
	url := testdb.NewURL(t)
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `INSERT INTO municipality (id, nis_code, name_nl, name_fr, name_en, ticket_prefix, local_srid)
		VALUES (1, '34022', 'Kortrijk', 'Courtrai', 'Kortrijk', '1777', 31370), (2, '99025', 'Boston', 'Boston', 'Boston', 'BOS', 26986)`); err != nil {
		t.Fatal(err)
	}
	td := filepath.Join("..", "..", "testdata")
	if err := runImportWeather(ctx, []string{filepath.Join(td, "boston", "weather-logan-2014-2016.csv"), "-database-url", url, "-municipality", "99025", "-time-zone", "America/New_York"}); err != nil {
		t.Fatal(err)
	}
	if err := runImportWeather(ctx, []string{"-database-url", url, "-municipality", "34022", filepath.Join(td, "kortrijk", "weather-hourly-2025-11-to-2026-01.csv")}); err != nil {
		t.Fatal(err)
	}
	if err := runImportHolidays(ctx, []string{filepath.Join(td, "kortrijk", "belgian-holidays.csv"), "-database-url", url, "-country", "BE"}); err != nil {
		t.Fatal(err)
	}
	if err := runImportHolidays(ctx, []string{filepath.Join(td, "kortrijk", "school-vacations.csv"), "-database-url", url, "-municipality", "34022"}); err != nil {
		t.Fatal(err)
	}
	if err := runImportHolidays(ctx, []string{filepath.Join(td, "boston", "us-holidays-2014-2016.csv"), "-database-url", url, "-country", "US"}); err != nil {
		t.Fatal(err)
	}
	var us int
	var thanksgiving string
	if err := conn.QueryRow(ctx, `SELECT count(*), max(name) FILTER (WHERE day = '2015-11-26') FROM holiday WHERE country = 'US' AND kind = 'public'`).Scan(&us, &thanksgiving); err != nil {
		t.Fatal(err)
	}
	if us != 35 || thanksgiving != "Thanksgiving Day" {
		t.Errorf("Boston's holidays: %d days, 26 November 2015 %q; want 35 and Thanksgiving Day", us, thanksgiving)
	}
	err = runImportWeather(ctx, []string{filepath.Join(td, "kortrijk", "belgian-holidays.csv"), "-database-url", url, "-municipality", "34022"})
	t.Logf("a holiday file as weather: %v", err)
	if err == nil {
		t.Fatal("accepted")
	}
	if err := runImportWeather(ctx, []string{"-database-url", url}); err == nil {
		t.Fatal("no file accepted")
	}
}
