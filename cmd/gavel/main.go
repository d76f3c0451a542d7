// Command gavel is an IRC meeting bot and minutes publisher.
//
// Each subcommand lives in a file of its own in this folder and is listed in
// the table in commands(); run "gavel help" for the list.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// env is what a subcommand gets: its output streams, and inside a running
// gavel that host. There is no global state; everything else is built from
// flags and the configuration.
type env struct {
	Stdout io.Writer
	Stderr io.Writer
	// host is set when the command runs inside a running gavel for a
	// client of its control socket (see control.go); nil otherwise.
	host *host
}

// command is one subcommand of gavel.
type command struct {
	// Summary is the one-line description shown by "gavel help".
	Summary string
	// Run runs the command with its arguments (without the command name).
	Run func(ctx context.Context, e *env, args []string) error
}

// errUsage marks an error caused by bad command-line usage (exit code 2).
var errUsage = errors.New("usage")

// commands is the table of subcommands. Add new commands here.
func commands() map[string]command {
	return map[string]command{
		"version": {"print gavel's version", runVersion},
		"backup":  {"write a consistent copy of the store, also while gavel runs", runBackup},
		"init":    {"create a new, empty store at store.path (also over an empty file)", runInit},
		"salvage": {"copy every readable meeting and event of a damaged store into a new one, listing what was dropped", runSalvage},
		"replay":  {"regenerate minutes from raw meeting logs, without a store", runReplay},
		"run":     {"run the IRC meeting bot (and serve the site on site.listen)", runRun},
		"import":  {"put raw meeting logs (MeetBot, irssi, ...) into the store", runImport},
		"remind":  {"print the reminders and announcements due at a time (--dry-run marks nothing)", runRemind},
		"notes":   {"store face-to-face meeting notes (a bullet outline) as a meeting and track its actions", runNotes},
		"agenda":  {"list or change a meeting series' agenda (list, add TEXT [(10m)], drop N, move N M)", runAgenda},
		"actions": {"list the tracked action items (--json, --ics FILE for a calendar feed)", runActions},
		"post":    {"write a Markdown draft of a blog post about a meeting into site.posts (post new --meeting ID)", runPost},
		"summary": {"set or replace a meeting's chair's summary (its blog post's text) and publish", runSummary},
		"publish": {"write the static site: minutes, series, action items, posts, feeds, search (--full to rebuild all)", runPublish},
		"serve":   {"serve the site folder for preview (.atom as application/atom+xml)", runServe},
	}
}

func runVersion(ctx context.Context, e *env, args []string) error {
	fmt.Fprintln(e.Stdout, "gavel", version)
	return nil
}

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: gavel COMMAND [flags] [args]")
	fmt.Fprintln(w, "\ncommands:")
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].Summary)
	}
	fmt.Fprintln(w, "\nRun 'gavel COMMAND -h' for a command's flags.")
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "gavel: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := cmd.Run(ctx, &env{Stdout: stdout, Stderr: stderr}, args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "gavel %s: %v\n", args[0], err)
		if errors.Is(err, errUsage) {
			return 2
		}
		return 1
	}
	return 0
}
