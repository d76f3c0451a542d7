package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/store"
)

// runSalvage is "gavel salvage -c FILE OUT": copy every readable meeting,
// event, action item, mark and held message of a damaged store into a new
// store OUT, and list what was left behind. The damaged store is only read.
func runSalvage(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("salvage", flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	cfgPath := fs.String("c", "gavel.toml", "configuration `FILE`")
	fs.Usage = func() {
		fmt.Fprintln(e.Stderr, "usage: gavel salvage -c FILE OUT")
		fmt.Fprintln(e.Stderr, "Copies everything readable of a damaged store into the new store OUT and lists what it dropped.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("%w: want exactly one OUT file, got %d arguments", errUsage, fs.NArg())
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		return err
	}
	out := fs.Arg(0)
	rep, err := store.Salvage(ctx, cfg.Store.Path, out)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "salvaged %s into %s: %d meetings, %d events, %d action items, %d marks, %d held messages\n",
		cfg.Store.Path, out, rep.Meetings, rep.Events, rep.Actions, rep.Marks, rep.Held)
	if len(rep.Dropped) == 0 {
		fmt.Fprintln(e.Stdout, "nothing was dropped")
	} else {
		fmt.Fprintf(e.Stdout, "dropped %d:\n", len(rep.Dropped))
		for _, d := range rep.Dropped {
			fmt.Fprintln(e.Stdout, "  "+d)
		}
	}
	fmt.Fprintf(e.Stdout, "check it, keep the damaged file, then point store.path at %s (or move it into place)\n", out)
	return nil
}
