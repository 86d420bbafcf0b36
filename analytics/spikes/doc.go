// Package spikes raises alerts when a category of tickets, in the whole
// municipality or in one neighbourhood, gets far more tickets in a day
// than its weekday, season and trend predict ("ten calls about opening
// hours in one day means a communication problem"), or somewhat more for
// days on end.
//
// It counts tickets per day in the municipality's own calendar from the
// Arrow batches of the ticket export (analytics/export, three columns),
// fills the days without tickets with zeros, and hands every series to
// countmodel.Detect. A category is always
// a series; a category in one neighbourhood only once it has enough
// tickets a day to tell a spike from chance, so the many thin series do
// not dilute the Benjamini–Hochberg adjustment that the busy ones need.
// Alerts name the tickets behind them, so they are for staff only.
package spikes
