package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// agendaCommand is the table entry of gavel agenda.
func agendaCommand() command {
	return command{Name: "agenda", Summary: "list or change a meeting series' agenda (list, add TEXT [(10m)], drop N, move N M)",
		Usage:    "-c FILE --series S [list | add TEXT [(10m)] | drop N | move N M]",
		Doc:      "Lists or changes the agenda of a meeting series: the items its next meeting goes through with #next.",
		Args:     nargs{Max: -1, Name: "words"},
		Required: []string{"series"},
		HandOff:  true,
		Flags: func(fs *flag.FlagSet) runFunc {
			o := &agendaFlags{}
			fs.StringVar(&o.cfgPath, "c", "gavel.toml", "configuration `FILE`")
			fs.StringVar(&o.series, "series", "", "the meeting series `NAME` whose agenda to show or change (required)")
			fs.StringVar(&o.by, "by", "", "`NAME` to record as who added an item (default: $USER)")
			return o.run
		}}
}

// userName is who runs a command from the shell, as stored commands record
// it: $USER, else "shell".
func userName() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "shell"
}

// agendaFlags are the flags of gavel agenda.
type agendaFlags struct {
	cfgPath string
	series  string
	by      string
}

// run lists or changes a series' agenda from the shell; while gavel
// run holds the store it hands the work to it through the control socket.
func (o *agendaFlags) run(ctx context.Context, e *env, c *call) error {
	args := c.Raw
	op, err := meeting.ParseAgenda(strings.Join(c.Args, " "))
	if err != nil {
		return usagef("%s", strings.Replace(err.Error(), "#agenda", "gavel agenda", 1))
	}
	if o.by == "" && e.host == nil {
		// Who runs the command (the running gavel, if it runs it, is
		// told through the arguments).
		o.by = userName()
		args = append([]string{"--by", o.by}, args...)
	}
	op.Series = meeting.SanitizeName(o.series)
	op.By, op.At = o.by, time.Now().UTC()
	cfg, err := e.loadConfig(o.cfgPath)
	if err != nil {
		return err
	}
	st, closeStore, handed, err := e.storeFor(ctx, cfg, "agenda", args, nil)
	if handed || err != nil {
		return err
	}
	defer closeStore()
	replies, series, err := e.keeper(cfg, st).AgendaDo(ctx, op, "")
	if err != nil {
		return err
	}
	for _, r := range replies {
		fmt.Fprintln(e.Stdout, r)
	}
	if op.Op == "list" {
		return nil
	}
	// The series page and the home page show the next meeting's agenda.
	pub, err := e.publisher(st, publisherOptions(cfg, time.Now()))
	if err != nil {
		return err
	}
	if _, err := pub.PublishAgenda(ctx, series); err != nil {
		return fmt.Errorf("%w (the agenda is changed; gavel publish writes the pages)", err)
	}
	return nil
}
