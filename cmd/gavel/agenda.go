package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// runAgenda lists or changes a series' agenda from the shell; while gavel
// run holds the store it hands the work to it through the control socket.
func runAgenda(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("agenda", flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	cfgPath := fs.String("c", "gavel.toml", "configuration `FILE`")
	series := fs.String("series", "", "the meeting series `NAME` whose agenda to show or change (required)")
	by := fs.String("by", "", "`NAME` to record as who added an item (default: $USER)")
	fs.Usage = func() {
		fmt.Fprintln(e.Stderr, "usage: gavel agenda -c gavel.toml --series S [list | add TEXT [(10m)] | drop N | move N M]")
		fmt.Fprintln(e.Stderr, "Lists or changes the agenda of a meeting series: the items its next meeting goes through with #next.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%v: %w", err, errUsage)
	}
	if *series == "" {
		fs.Usage()
		return fmt.Errorf("--series is required: %w", errUsage)
	}
	op, err := meeting.ParseAgenda(strings.Join(fs.Args(), " "))
	if err != nil {
		return fmt.Errorf("%s: %w", strings.Replace(err.Error(), "#agenda", "gavel agenda", 1), errUsage)
	}
	if *by == "" && e.host == nil {
		// Who runs the command (the running gavel, if it runs it, is
		// told through the arguments).
		if *by = os.Getenv("USER"); *by == "" {
			*by = "shell"
		}
		args = append([]string{"--by", *by}, args...)
	}
	op.Series = meeting.SanitizeName(*series)
	op.By, op.At = *by, time.Now().UTC()
	cfg, err := e.loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	st, closeStore, handed, err := e.storeFor(ctx, cfg, "agenda", args, nil)
	if handed || err != nil {
		return err
	}
	defer closeStore()
	replies, _, err := e.keeper(cfg, st).AgendaDo(ctx, op, "")
	if err != nil {
		return err
	}
	for _, r := range replies {
		fmt.Fprintln(e.Stdout, r)
	}
	return nil
}
