package bot

import (
	"errors"
)

// StepError is an error that names the step that failed, in words for the
// channel ("writing the minutes pages"). A Publisher returns one to tell
// the channel more than "publishing the minutes"; the bot says the step,
// never the error's text, which may hold server paths.
type StepError struct {
	Step string
	Err  error
}

func (e *StepError) Error() string { return e.Step + ": " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *StepError) Unwrap() error { return e.Err }

// failed logs err in full (meeting id, step) and tells target, in one line,
// which meeting and which step failed, without err's text: errors name
// files and folders of the server, which a channel has no business seeing.
// A StepError inside err names a finer step.
func (b *Bot) failed(target, meetingID, step string, err error) {
	var se *StepError
	if errors.As(err, &se) && se.Step != "" {
		step += " (" + se.Step + ")"
	}
	b.log.Error("failed: "+step, "meeting", meetingID, "err", err)
	what := "meeting " + meetingID
	if meetingID == "" {
		what = "this channel"
	}
	b.say(target, "gavel: "+step+" failed for "+what+"; the details are in the bot's log.")
}
