package ticketing

import "time"

// Channel is how a ticket reached the city.
type Channel string

const (
	ChannelPhone Channel = "phone" // entered by an agent during the call
	ChannelDesk  Channel = "desk"  // a visit at the desk
	ChannelEmail Channel = "email"
	ChannelWeb   Channel = "web" // the citizen's own web form
	ChannelApp   Channel = "app"
	ChannelAPI   Channel = "api" // a machine client
)

// Ticket is the staff's view of a ticket: everything, internal events
// and the reporter's identity included.
type Ticket struct {
	Reference   string         `json:"reference"`
	Channel     Channel        `json:"channel"`
	Status      Status         `json:"status"`
	WaitingOn   string         `json:"waiting_on,omitempty"`
	Priority    int            `json:"priority"`
	Category    Category       `json:"category"`
	Description string         `json:"description"`
	Location    *Location      `json:"location,omitempty"`
	Team        *Team          `json:"team,omitempty"`
	Assignee    *Handler       `json:"assignee,omitempty"`
	Reporter    *Reporter      `json:"reporter,omitempty"`
	Language    string         `json:"language"`
	DuplicateOf string         `json:"duplicate_of,omitempty"` // the master's reference
	CreatedAt   time.Time      `json:"created_at"`
	UpdatedAt   time.Time      `json:"updated_at"`
	DueAt       *time.Time     `json:"due_at,omitempty"`
	PlannedFor  *string        `json:"planned_for,omitempty"` // YYYY-MM-DD
	ResolvedAt  *time.Time     `json:"resolved_at,omitempty"`
	ClosedAt    *time.Time     `json:"closed_at,omitempty"`
	Version     int            `json:"version"`
	Attributes  map[string]any `json:"attributes,omitempty"`
	MediaURL    string         `json:"media_url,omitempty"`
	Events      []Event        `json:"events,omitempty"`

	id, municipalityID int64
	teamID             *int
}

// Category is what a ticket is about, named in the reader's language.
type Category struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Location is where a ticket lies.
type Location struct {
	Lon           float64 `json:"lon"`
	Lat           float64 `json:"lat"`
	Quality       string  `json:"quality"`
	Address       string  `json:"address,omitempty"`
	Neighbourhood string  `json:"neighbourhood,omitempty"`
}

// Team is the team handling a ticket, with the numbers a citizen may call.
type Team struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
}

// Handler is the person handling a ticket.
type Handler struct {
	ID    int    `json:"id,omitempty"`
	Name  string `json:"name"`
	Phone string `json:"phone,omitempty"`
}

// Reporter is who reported a ticket: personal data, for staff only.
type Reporter struct {
	ResidentID *int64 `json:"resident_id,omitempty"`
	CitizenID  *int64 `json:"citizen_id,omitempty"`
	Name       string `json:"name,omitempty"`
	Email      string `json:"email,omitempty"`
	Phone      string `json:"phone,omitempty"`
	Anonymous  bool   `json:"anonymous,omitempty"`
}

// Visibility says who may see an event.
type Visibility string

const (
	Public   Visibility = "public"
	Internal Visibility = "internal" // staff only
)

// Event is one line of a ticket's timeline.
type Event struct {
	Kind       string         `json:"kind"`
	Visibility Visibility     `json:"visibility"`
	Author     string         `json:"author"`
	FromStatus Status         `json:"from_status,omitempty"`
	ToStatus   Status         `json:"to_status,omitempty"`
	Body       string         `json:"body,omitempty"`
	Data       map[string]any `json:"data,omitempty"`
	At         time.Time      `json:"at"`
}
