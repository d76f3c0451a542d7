package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/store"
)

// salvageCommand is the table entry of gavel salvage.
func salvageCommand() command {
	return command{Name: "salvage", Summary: "copy every readable meeting and event of a damaged store into a new one, listing what was dropped",
		Usage: "-c FILE OUT", Doc: "Copies everything readable of a damaged store into the new store OUT and lists what it dropped.",
		Args: nargs{Min: 1, Max: 1, Name: "OUT file"},
		Flags: func(fs *flag.FlagSet) runFunc {
			o := &salvageFlags{}
			fs.StringVar(&o.cfgPath, "c", "gavel.toml", "configuration `FILE`")
			return o.run
		}}
}

// salvageFlags are the flags of gavel salvage.
type salvageFlags struct {
	cfgPath string
}

// run is "gavel salvage -c FILE OUT": copy every readable meeting,
// event, action item, mark and held message of a damaged store into a new
// store OUT, and list what was left behind. The damaged store is only read.
func (o *salvageFlags) run(ctx context.Context, e *env, c *call) error {
	cfg, err := config.Load(o.cfgPath)
	if err != nil {
		return err
	}
	out := c.Args[0]
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
