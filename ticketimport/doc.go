// Package ticketimport loads another city's ticket register into Loket,
// so that analytics (duplicate detection above all) can be fitted and
// judged on real cases. It writes tickets directly, in bulk, in one
// transaction per file, and keeps each case's own number
// (ticket.external_id): importing the same file again changes nothing,
// and a newer export of the same register updates what changed.
//
// Boston's 311 export (ImportBoston311) goes into a municipality with the
// made-up code 99001 (Belgian NIS codes are five digits; no Belgian
// municipality uses 99xxx), named Boston, working in Massachusetts State
// Plane metres (EPSG:26986), writing in English, with references
// BOS-<case number>.
package ticketimport
