// Package ticketing owns tickets: categories, routing to teams, the lifecycle
// state machine, the timeline of public and internal events, the citizen's
// view, the notification outbox and the Open311 GeoReport v2 API. SQL stays
// in its store files.
package ticketing
