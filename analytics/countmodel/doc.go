// Package countmodel models daily ticket counts. It is pure computation on
// counts the caller has already read; it never touches the database.
//
// Models: a Spec names the columns (weekday dummies with Monday as the
// baseline, annual Fourier terms, a trend, a holiday indicator, numeric
// columns such as weather, optionally lagged) and builds the same Design
// for fitting and for forecasting. Fit fits a log-link Poisson or NB2
// model by IRLS, with the NB2 dispersion α found by Newton's method on
// log α in alternation with the IRLS steps. Coefficients come with
// standard errors from the Fisher information, 95 % intervals and
// incidence-rate ratios in words ("+38 % per frost day, 95 % CI 30–47 %").
// Forecasts carry 80 % and 95 % predictive intervals from the count
// distribution, optionally by simulation that adds coefficient uncertainty.
//
// Monitoring: Detect fits each series' history and tests the days of a
// recent window. A spike is a day whose count is improbable under the
// predicted NB2 (its α widened by the uncertainty of the predicted mean);
// a drift is a CUSUM of standardized residuals that passed its threshold,
// with the total since the excess began tested the same way and
// Bonferroni-corrected for the start the CUSUM chose. P-values of one day
// and kind are adjusted across series by Benjamini–Hochberg.
//
// Evaluation: Backtest scores any Forecaster from rolling origins by MASE
// against the seasonal-naive forecast (same weekday last week) and by the
// coverage of its intervals.
package countmodel
