package spikes

import "loket/analytics/countmodel"

// Date is a calendar day, written as 2026-11-27.
type Date = countmodel.Date
