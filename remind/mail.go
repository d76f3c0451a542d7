package remind

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/email"
)

// sendMail mails p's reminder.
func (r *Reminder) sendMail(ctx context.Context, p Ping, now time.Time) error {
	acts := make([]string, 0, len(p.Items))
	recs := p.Items
	for _, it := range recs {
		acts = append(acts, it.Action.ID)
	}
	subject := "Reminder: action item " + strings.Join(acts, ", ")
	if len(acts) > 1 {
		subject = fmt.Sprintf("Reminder: %d action items", len(acts))
	}
	lines := make([]string, 0, len(recs)+2)
	for _, it := range recs {
		lines = append(lines, itemLine(it.Action, now, p.Person.Location))
	}
	lines = append(lines, "", "Answer the bot on IRC in a private message: done ID, snooze ID 2d, due ID DATE, list.")
	return r.mail.Send(ctx, email.Message{To: []string{p.Person.Email}, Subject: subject, Body: strings.Join(lines, "\n"), Date: now})
}
