package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/store"
)

// runInit is "gavel init -c FILE": create a new, empty store at store.path.
// Every other command creates the store only where no file exists; init
// also takes an empty (0-byte) file, which the others refuse as possibly a
// lost store. An existing non-empty file is never touched.
func runInit(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	cfgPath := fs.String("c", "gavel.toml", "configuration `FILE`")
	fs.Usage = func() {
		fmt.Fprintln(e.Stderr, "usage: gavel init -c FILE")
		fmt.Fprintln(e.Stderr, "Creates a new, empty store at store.path (also over an empty file).")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fs.Args())
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		return err
	}
	path := cfg.Store.Path
	if fi, err := os.Stat(path); err == nil && (!fi.Mode().IsRegular() || fi.Size() > 0) {
		return fmt.Errorf("store %s already exists (%d bytes); nothing was changed", path, fi.Size())
	}
	st, err := store.Open(path, store.Options{LockTimeout: cfg.Store.LockTimeout.Duration, Init: true})
	if err != nil {
		return err
	}
	if err := st.Close(); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "created an empty store at %s (schema v%d)\n", path, store.SchemaVersion)
	return nil
}
