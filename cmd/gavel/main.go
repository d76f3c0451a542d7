// Command gavel is an IRC meeting bot and minutes publisher.
//
// Each subcommand lives in a file of its own in this folder and is one entry
// of the table in commands() (name, flags, usage, run); run "gavel help" for
// the list. Parsing, the usage text and every usage error are done here, in
// one format, for all of them (see exec).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
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

// command is one subcommand of gavel: its name, what "gavel help" and
// "gavel NAME -h" say, the arguments it takes, and its flags with the run
// function that reads them.
type command struct {
	// Name is the word after "gavel".
	Name string
	// Summary is the one-line description shown by "gavel help".
	Summary string
	// Usage is the synopsis after "gavel NAME": flags and arguments.
	Usage string
	// Doc says what the command does, under the synopsis of -h.
	Doc string
	// Verb, when set, is a word that must come first (gavel post new).
	Verb string
	// Args is how many arguments it takes after its flags.
	Args nargs
	// Required names the flags it cannot run without.
	Required []string
	// HandOff is true when a running gavel runs it for a client of its
	// control socket (see control.go).
	HandOff bool
	// Flags registers the command's flags on fs and returns its run
	// function, which reads them once fs is parsed.
	Flags func(fs *flag.FlagSet) runFunc
}

// runFunc runs a command whose flags are parsed and checked.
type runFunc func(ctx context.Context, e *env, c *call) error

// call is one invocation of a command, its flags parsed and checked.
type call struct {
	// Name is the command's name.
	Name string
	// Args are the arguments after the flags (and after the Verb).
	Args []string
	// Raw is the command line as given after the command's name (the
	// Verb included): what a hand-off sends to the running gavel.
	Raw []string
	set map[string]bool
}

// Set reports whether the flag name was given on the command line.
func (c *call) Set(name string) bool { return c.set[name] }

// nargs is how many arguments a command takes: from Min to Max (Max < 0:
// any number), named Name in messages.
type nargs struct {
	Min, Max int
	Name     string
}

// check returns the usage error of args, or nil.
func (n nargs) check(args []string) error {
	switch {
	case n.Max == 0 && len(args) > 0:
		return usagef("unexpected arguments %q", args)
	case n.Max > 0 && len(args) > n.Max, len(args) < n.Min:
		num := fmt.Sprint(n.Min)
		if n.Min == 1 {
			num = "one"
		}
		want := num + " " + n.Name
		if n.Max < 0 {
			want = "at least " + want
		} else if n.Max != n.Min {
			want = fmt.Sprintf("%d to %d %s", n.Min, n.Max, n.Name)
		}
		return usagef("want %s, got %d arguments %q", want, len(args), args)
	}
	return nil
}

// errUsage marks an error caused by bad command-line usage (exit code 2):
// errors.Is(err, errUsage) holds for every usageError.
var errUsage = errors.New("usage")

// usageError is a usage error: its message says what is wrong; exec adds
// the command's synopsis.
type usageError struct{ msg string }

func (u usageError) Error() string        { return u.msg }
func (u usageError) Is(target error) bool { return target == errUsage }

// usagef returns a usage error with the formatted message.
func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// commands is the table of subcommands. Add new commands here.
func commands() []command {
	return []command{
		versionCommand(), backupCommand(), initCommand(), salvageCommand(), replayCommand(), runCommand(),
		importCommand(), remindCommand(), notesCommand(), agendaCommand(), actionsCommand(), postCommand(),
		summaryCommand(), renameCommand(), publishCommand(), serveCommand(),
	}
}

// lookup returns the command named name.
func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.Name == name {
			return c, true
		}
	}
	return command{}, false
}

func versionCommand() command {
	return command{Name: "version", Summary: "print gavel's version", Doc: "Prints gavel's version.",
		Flags: func(fs *flag.FlagSet) runFunc {
			return func(ctx context.Context, e *env, c *call) error {
				fmt.Fprintln(e.Stdout, "gavel", version)
				return nil
			}
		}}
}

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// synopsis is the command's one usage line.
func (cmd command) synopsis() string {
	s := "usage: gavel " + cmd.Name
	if cmd.Verb != "" {
		s += " " + cmd.Verb
	}
	if cmd.Usage != "" {
		s += " " + cmd.Usage
	}
	return s
}

// flagSet returns cmd's flags, registered on a new set whose own output is
// discarded (exec says every error itself), and its run function.
func (cmd command) flagSet() (*flag.FlagSet, runFunc) {
	fs := flag.NewFlagSet(cmd.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs, cmd.Flags(fs)
}

// help writes what "gavel NAME -h" says: the synopsis, the description and
// the flags.
func (cmd command) help(w io.Writer) {
	fs, _ := cmd.flagSet()
	fmt.Fprintln(w, cmd.synopsis())
	fmt.Fprintln(w, cmd.Doc)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(w, "\nflags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}

// exec parses args (the command line after the command's name) and runs
// the command. Every usage error (a flag unknown or malformed, a required
// flag missing, arguments unexpected or missing) is a usageError; -h or
// --help is flag.ErrHelp after the help is written to e.Stdout.
func (cmd command) exec(ctx context.Context, e *env, args []string) error {
	raw := args
	fs, runf := cmd.flagSet()
	if cmd.Verb != "" {
		if len(args) == 0 || args[0] != cmd.Verb {
			if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
				cmd.help(e.Stdout)
				return flag.ErrHelp
			}
			return usagef("want %q first", cmd.Verb)
		}
		args = args[1:]
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			cmd.help(e.Stdout)
			return err
		}
		return usageError{err.Error()}
	}
	c := &call{Name: cmd.Name, Args: fs.Args(), Raw: raw, set: map[string]bool{}}
	fs.Visit(func(f *flag.Flag) { c.set[f.Name] = true })
	for _, name := range cmd.Required {
		if !c.set[name] {
			return usagef("--%s is required", name)
		}
	}
	if err := cmd.Args.check(c.Args); err != nil {
		return err
	}
	return runf(ctx, e, c)
}

// usage writes "gavel help": every command with its summary.
func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: gavel COMMAND [flags] [args]")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.Name, c.Summary)
	}
	fmt.Fprintln(w, "\nRun 'gavel COMMAND -h' (or 'gavel help COMMAND') for a command's flags.")
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the command line args and returns the exit status: 0, 1 for a
// failure, 2 for bad usage. Every error is written to stderr as
// "gavel NAME: MESSAGE"; a usage error adds the command's synopsis.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) == 2 && args[0] == "help" {
			if cmd, ok := lookup(args[1]); ok {
				cmd.help(stdout)
				return 0
			}
			fmt.Fprintf(stderr, "gavel help: unknown command %q\n", args[1])
			usage(stderr)
			return 2
		}
		if len(args) == 0 {
			usage(stderr)
			return 2
		}
		usage(stdout)
		return 0
	}
	cmd, ok := lookup(args[0])
	if !ok {
		fmt.Fprintf(stderr, "gavel: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	ctx, stop := signalContext()
	defer stop()
	err := cmd.exec(ctx, &env{Stdout: stdout, Stderr: stderr}, args[1:])
	if msg, code, ok := stoppedBySignal(ctx, err); ok {
		fmt.Fprintf(stderr, "gavel %s: %s\n", cmd.Name, msg)
		return code
	}
	switch {
	case err == nil || errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "gavel %s: %s\n%s\nRun 'gavel %s -h' for its flags.\n", cmd.Name,
			strings.TrimSuffix(err.Error(), "\n"), cmd.synopsis(), cmd.Name)
		return 2
	default:
		fmt.Fprintf(stderr, "gavel %s: %v\n", cmd.Name, err)
		return 1
	}
}
