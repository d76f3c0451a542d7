package life

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/store"
)

// SummaryWindow is how long after a meeting's end its chairs may still add
// to its summary with #summary in the channel (or take the last paragraph
// back with #undo), unless another meeting starts there first. Later,
// gavel summary sets it.
const SummaryWindow = 24 * time.Hour

// SummaryAfterEnd is what a #summary or #undo said between meetings did.
type SummaryAfterEnd struct {
	// Meeting is the record of the meeting it applies to (as it is now);
	// zero when there is none.
	Meeting store.MeetingRecord
	// Changed is set when the summary changed (the caller republishes).
	Changed bool
	// Reply is what to say in the channel ("" for nothing: an #undo with
	// no meeting to undo in, which is not about a summary).
	Reply string
}

// SummaryAfterEnd applies op (a #summary or #undo said in channel while no
// meeting runs there) to the chair's summary of the channel's meeting that
// ended last, in one transaction with its revision, when the rule allows
// it: the meeting ended at most SummaryWindow before op, no meeting
// started in the channel since, and op's nick is one of its chairs (or a
// channel operator, when operators were chairs). A #summary line becomes
// a new paragraph, as during the meeting; #undo removes the last
// paragraph. cfgPath names the configuration in the refusals' hint.
func (k *Keeper) SummaryAfterEnd(ctx context.Context, channel string, op meeting.SummaryOp, cfgPath string) (SummaryAfterEnd, error) {
	var out SummaryAfterEnd
	cmd := "#summary"
	if op.Undo {
		cmd = "#undo"
	}
	err := k.st.Update(func(tx *store.Tx) error {
		rec, ok, err := tx.LatestIn(channel)
		if err != nil || !ok || rec.Open() {
			// No meeting here yet: an #undo is not about a summary.
			if err == nil && !op.Undo {
				out.Reply = op.Nick + ": no meeting has ended here to add a summary to; #summary works during a meeting and for " + SummaryWindowText + " after its end."
			}
			return err
		}
		out.Meeting = rec
		hint := "gavel summary -c " + cfgPath + " --meeting " + rec.ID + " --file FILE"
		if op.At.Sub(rec.Ended) > SummaryWindow {
			if !op.Undo {
				out.Reply = fmt.Sprintf("%s: the last meeting here ended %s, more than %s ago; %s sets its summary.",
					op.Nick, rec.Ended.UTC().Format("2006-01-02 15:04 UTC"), SummaryWindowText, hint)
			}
			return nil
		}
		evs, err := tx.Events(rec.ID)
		if err != nil {
			return err
		}
		_, m := store.ReplayEvents(rec, evs)
		if !isChairOf(m, rec, op) {
			out.Reply = op.Nick + ": only a chair of the meeting that ended can use " + cmd + " now."
			return nil
		}
		sum := rec.Summary
		name := rec.Title
		if name == "" {
			name = rec.Series
		}
		if op.Undo {
			if sum == "" {
				out.Reply = "The summary of '" + name + "' is empty; nothing to undo."
				return nil
			}
			removed := sum
			if i := strings.LastIndex(sum, "\n\n"); i >= 0 {
				sum, removed = strings.TrimSpace(sum[:i]), sum[i+2:]
			} else {
				sum = ""
			}
			out.Reply = "Removed from the summary of '" + name + "': " + removed
		} else {
			if sum != "" {
				sum += "\n\n"
			}
			sum += op.Text
			out.Reply = fmt.Sprintf("Summary of '%s' (ended %s): %d paragraph(s); #undo removes the last. #summary adds to it until %s, unless another meeting starts here first.",
				name, rec.Ended.UTC().Format("15:04 UTC"), len(strings.Split(sum, "\n\n")),
				rec.Ended.Add(SummaryWindow).UTC().Format("2006-01-02 15:04 UTC"))
		}
		if err := tx.UpdateMeeting(rec.ID, func(r *store.MeetingRecord) error {
			r.Summary = sum
			return nil
		}); err != nil {
			return err
		}
		out.Meeting.Summary, out.Changed = sum, true
		_, err = tx.BumpRevision(rec.ID)
		return err
	})
	if err != nil {
		return SummaryAfterEnd{}, fmt.Errorf("%s after the meeting in %s: %w", cmd, channel, err)
	}
	return out, nil
}

// SummaryWindowText is SummaryWindow in words, for replies.
const SummaryWindowText = "24 hours"

// isChairOf reports whether op's nick chaired m (rec's), by the engine's
// rule: one of its chairs, or an operator when operators were chairs.
func isChairOf(m *meeting.Meeting, rec store.MeetingRecord, op meeting.SummaryOp) bool {
	if m != nil {
		for c := range m.Chairs {
			if strings.EqualFold(c, op.Nick) {
				return true
			}
		}
	}
	return rec.OpsAreChairs && op.Op
}
