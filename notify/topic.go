package notify

// Topics of outbox rows; the payload fields each one needs are listed on
// Payload.
const (
	TopicTicketCreated  = "ticket.created"
	TopicTicketReply    = "ticket.reply"
	TopicTicketPlanned  = "ticket.planned"
	TopicTicketResolved = "ticket.resolved"
	TopicTicketMerged   = "ticket.merged"
	TopicCitizenVerify  = "citizen.verify"
)

// topics lists every topic the worker can deliver; each has a template per
// language.
var topics = []string{
	TopicTicketCreated, TopicTicketReply, TopicTicketPlanned,
	TopicTicketResolved, TopicTicketMerged, TopicCitizenVerify,
}

// languages a mail can be written in; the first is the fallback for a
// missing or unknown one, as most of our citizens read Dutch.
var languages = []string{"nl", "fr", "en"}

func language(l string) string {
	for _, known := range languages {
		if l == known {
			return l
		}
	}
	return languages[0]
}
