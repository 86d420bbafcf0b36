package web

import (
	"testing"

	"loket/ticketing"
)

func TestEveryLanguageHasEveryMessage(t *testing.T) {
	for _, a := range Languages {
		for key := range messages[a] {
			for _, b := range Languages {
				if _, ok := messages[b][key]; !ok {
					t.Errorf("%s has %q, %s lacks it", a, key, b)
				}
			}
		}
	}
}

func TestEveryStatusAndChannelHasAName(t *testing.T) {
	keys := []string{"channel." + string(ticketing.ChannelPhone), "channel." + string(ticketing.ChannelDesk),
		"channel." + string(ticketing.ChannelEmail), "channel." + string(ticketing.ChannelWeb),
		"channel." + string(ticketing.ChannelApp), "channel." + string(ticketing.ChannelAPI)}
	for _, s := range []ticketing.Status{ticketing.StatusNew, ticketing.StatusTriaged, ticketing.StatusAssigned,
		ticketing.StatusInProgress, ticketing.StatusWaiting, ticketing.StatusResolved, ticketing.StatusClosed,
		ticketing.StatusRejected, ticketing.StatusDuplicate} {
		keys = append(keys, "status."+string(s))
	}
	for _, k := range []string{"created", "status", "assignment", "public_reply", "citizen_comment", "merge", "planning", "attachment"} {
		keys = append(keys, "event."+k)
	}
	for _, key := range keys {
		if translate("nl", key) == key {
			t.Errorf("no text for %s", key)
		}
	}
}
