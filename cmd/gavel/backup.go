package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/store"
)

// backupCommand is the table entry of gavel backup.
func backupCommand() command {
	return command{Name: "backup", Summary: "write a consistent copy of the store, also while gavel runs",
		Usage: "-c FILE OUT", Doc: "Writes a consistent copy of the store to OUT, also while gavel runs.",
		Args: nargs{Min: 1, Max: 1, Name: "OUT file"},
		Flags: func(fs *flag.FlagSet) runFunc {
			o := &backupFlags{}
			fs.StringVar(&o.cfgPath, "c", "gavel.toml", "configuration `FILE`")
			return o.run
		}}
}

// backupFlags are the flags of gavel backup.
type backupFlags struct {
	cfgPath string
}

// run is "gavel backup -c FILE OUT": a consistent copy of the store,
// whether or not "gavel run" is holding it. With no gavel running it reads
// the file under a shared lock; otherwise the running gavel sends the copy
// through the socket next to the store (store.ServeBackup). The copy is
// checked with bbolt's consistency check before it replaces OUT.
func (o *backupFlags) run(ctx context.Context, e *env, c *call) error {
	out := c.Args[0]
	cfg, err := config.Load(o.cfgPath)
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
