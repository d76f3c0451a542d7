package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/store"
)

// initCommand is the table entry of gavel init.
func initCommand() command {
	return command{Name: "init", Summary: "create a new, empty store at store.path (also over an empty file)",
		Usage: "-c FILE", Doc: "Creates a new, empty store at store.path (also over an empty file).",
		Flags: func(fs *flag.FlagSet) runFunc {
			o := &initFlags{}
			fs.StringVar(&o.cfgPath, "c", "gavel.toml", "configuration `FILE`")
			return o.run
		}}
}

// initFlags are the flags of gavel init.
type initFlags struct {
	cfgPath string
}

// run is "gavel init -c FILE": create a new, empty store at store.path.
// Every other command creates the store only where no file exists; init
// also takes an empty (0-byte) file, which the others refuse as possibly a
// lost store. An existing non-empty file is never touched.
func (o *initFlags) run(ctx context.Context, e *env, c *call) error {
	cfg, err := config.Load(o.cfgPath)
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
