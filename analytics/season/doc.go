// Package season tells how a municipality's requests follow the calendar
// and the weather, and forecasts them from a weather forecast.
//
// Counts are tickets created per local day (the municipality's time zone)
// and category, optionally in one neighbourhood, with days without tickets
// counted as zero, read from the Arrow batches of the ticket export
// (analytics/export) as the columnar exports are. Every ticket counts, duplicates and rejected ones too:
// each is a request someone made.
//
// A report describes each category by month, season and weekday, and fits
// a negative-binomial GLM (analytics/countmodel) with weekday, public and
// school holidays, annual Fourier terms, a trend, and a weather block:
// frost day, freeze–thaw day, rain (mm) and heavy rain (≥ 10 mm) the same
// day and the two days before, and fresh snow the same day and the two
// before. Effects are stated as percentages with 95 % intervals. A category
// is weather-driven when a likelihood-ratio test of the weather block
// against the same model without it stays significant after a
// Benjamini–Hochberg adjustment across the categories of the report; the
// season block is tested the same way.
//
// A forecast fits the same model to the history, keeping the weather block
// only where it helps that category (a likelihood-ratio test at 5 %), and
// predicts the days of a posted weather forecast. The expected count is
// the model's at its fitted coefficients; the 80 % and 95 % intervals are
// simulated: the coefficients vary within their sampling uncertainty, the
// count within its negative-binomial spread, and the weather within the
// typical error of a forecast that far ahead (see forecastSkill), so
// intervals widen with the lead time where the weather matters. With less
// than a year of history the season cannot be learnt, and the level
// follows the last two weeks instead (see recentLevel).
//
// Backtest scores the forecasts from rolling origins against the
// seasonal-naive forecast (same weekday last week) by MASE, and the
// intervals by coverage and by the randomized PIT (see Score). Its weather
// is the weather that was observed: an oracle forecast, so its scores are
// what a perfect weather forecast would allow.
package season
