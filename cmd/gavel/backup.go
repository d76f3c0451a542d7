package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/store"
)

// runBackup is "gavel backup -c FILE OUT": a consistent copy of the store,
// whether or not "gavel run" is holding it. With no gavel running it reads
// the file under a shared lock; otherwise the running gavel sends the copy
// through the socket next to the store (store.ServeBackup). The copy is
// checked with bbolt's consistency check before it replaces OUT.
func runBackup(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	cfgPath := fs.String("c", "gavel.toml", "configuration `FILE`")
	fs.Usage = func() {
		fmt.Fprintln(e.Stderr, "usage: gavel backup -c FILE OUT")
		fmt.Fprintln(e.Stderr, "Writes a consistent copy of the store to OUT, also while gavel runs.")
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
	out := fs.Arg(0)
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		return err
	}
	info, err := store.Copy(ctx, cfg.Store.Path, out)
	if err != nil {
		return err
	}
	via := "read directly"
	if info.Via == "socket" {
		via = "sent by the running gavel"
	}
	fmt.Fprintf(e.Stdout, "backed up %s to %s: %d bytes, schema v%d, %d meetings, %d events (%s, consistency check passed)\n",
		cfg.Store.Path, out, info.Bytes, info.Schema, info.Meetings, info.Events, via)
	return nil
}
