package publisher

import (
	"strconv"

	"github.com/gavel-irc/gavel/meeting"
)

// trackedIndex finds the tracker's item behind a meeting's #action and
// #done lines (from Action.Raised and Action.Closings).
type trackedIndex struct {
	raised map[string]*Action // "MEETING#ACTION-ID"
	closed map[string]*Action // "MEETING@UNIX-NANO"
}

func closingKey(meetingID string, at int64) string {
	return meetingID + "@" + strconv.FormatInt(at, 10)
}

func newTrackedIndex(actions []Action) *trackedIndex {
	ix := &trackedIndex{raised: map[string]*Action{}, closed: map[string]*Action{}}
	for i := range actions {
		a := &actions[i]
		for _, r := range a.Raised {
			ix.raised[r] = a
		}
		for _, c := range a.Closings {
			ix.closed[closingKey(c.Meeting, c.At.UnixNano())] = a
		}
	}
	return ix
}

// actionID returns the tracker's id of meeting m's action it, or "".
func (ix *trackedIndex) actionID(m *meeting.Meeting, it meeting.Item) string {
	if ix == nil || it.ActionID == "" {
		return ""
	}
	if a := ix.raised[m.ID+"#"+it.ActionID]; a != nil {
		return a.ID
	}
	return ""
}

// resolve returns m with its #done items' Closed and its actions'
// TrackerID set from the tracker's records; m itself is not changed (it
// may be shared), a copy is returned when something was resolved.
func (ix *trackedIndex) resolve(m *meeting.Meeting) *meeting.Meeting {
	return ix.resolveItems(m, false)
}

// resolveOwned is resolve of a meeting no one else holds (one a
// freshSource loaded for the caller): its items are set in place, not
// copied.
func (ix *trackedIndex) resolveOwned(m *meeting.Meeting) {
	ix.resolveItems(m, true)
}

// resolveItems is resolve, setting m's own items when inPlace.
func (ix *trackedIndex) resolveItems(m *meeting.Meeting, inPlace bool) *meeting.Meeting {
	if ix == nil || (len(ix.closed) == 0 && len(ix.raised) == 0) {
		return m
	}
	var items []meeting.Item
	if inPlace {
		items = m.Items
	}
	for i, it := range m.Items {
		if it.Kind == meeting.ItemAction && it.TrackerID == "" {
			if id := ix.actionID(m, it); id != "" {
				if items == nil {
					items = append([]meeting.Item(nil), m.Items...)
				}
				items[i].TrackerID = id
			}
			continue
		}
		if it.Kind != meeting.ItemDone || it.Closed != nil {
			continue
		}
		a := ix.closed[closingKey(m.ID, it.At.UnixNano())]
		if a == nil {
			continue
		}
		if items == nil {
			items = append([]meeting.Item(nil), m.Items...)
		}
		items[i].Closed = &meeting.ClosedAction{ID: a.ID, Text: a.Text, Owners: a.Owners}
	}
	if items == nil || inPlace {
		return m
	}
	cp := *m
	cp.Items = items
	return &cp
}
