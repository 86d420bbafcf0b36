// Package weather loads daily weather and holidays for the demand models:
// slippery pavements, fallen leaves and blocked gullies follow frost, snow
// and rain, and requests dip on holidays.
//
// Import reads two kinds of CSV, told apart by their header:
//
//   - Open-Meteo, hourly or daily, with or without the metadata block
//     (latitude,…,timezone) that precedes the data header in its downloads.
//     Units come from the column names: "temperature_2m (°C)",
//     "precipitation (inch)", "temperature_c", "snowfall_cm"; a column
//     without a unit has Open-Meteo's default (°C, mm, cm). Timestamps are
//     in the metadata's time zone, or else in the municipality's.
//   - NOAA GHCN-Daily (STATION, DATE, PRCP, SNOW, SNWD, TMAX, TMIN, TAVG and
//     optional *_ATTRIBUTES), in any of its three unit systems; see
//     DetectUnits for how the data tells which.
//
// Hourly values become days of the municipality's calendar (its time zone,
// so 23 or 25 hours on daylight-saving days). A day's temperatures need at
// least MinHours hourly readings; its precipitation and snowfall sums need
// every hour, because one missing hour can hide the day's only shower.
// Whatever falls short is stored as NULL and reported, never filled in.
// When a file gives no daily mean temperature, the mean is (min + max) / 2,
// the climatological convention GHCN's own TAVG mostly follows.
//
// Values no weather can have (outside weather_daily's ranges, a minimum above
// the maximum, no snow on the ground where snow cannot yet have melted: see
// snowCannotBeGone) are reported with their line and stored as NULL, as are
// values NOAA's quality control flagged. Missing days are reported as gaps
// and get no row. The import replaces whole rows per (municipality, day) in
// one transaction, so importing the same file twice changes nothing.
package weather
