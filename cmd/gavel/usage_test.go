package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// wantUsage checks that a command line failed with gavel's one usage-error
// format: exit 2, nothing on stdout, and on stderr exactly
// "gavel NAME: MESSAGE", the command's synopsis and the pointer to -h.
func wantUsage(t *testing.T, cmd command, args []string, msg string) {
	t.Helper()
	rc, so, se := gavel(t, args...)
	want := fmt.Sprintf("gavel %s: %s\n%s\nRun 'gavel %s -h' for its flags.\n", cmd.Name, msg, cmd.synopsis(), cmd.Name)
	if rc != 2 || so != "" || se != want {
		t.Errorf("gavel %q: exit %d, stdout %q, stderr\n%s\nwant exit 2, no stdout, stderr\n%s", args, rc, so, se, want)
	}
}

// TestUsageFormat runs every command of the table with the usage errors
// a command line can have: an unknown flag, a required flag missing,
// arguments it does not take or too few. Each is refused before anything
// is read (the configuration named does not exist, so a command that went
// on would fail otherwise) in the one format, with exit status 2.
func TestUsageFormat(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "missing.toml")
	for _, cmd := range commands() {
		t.Run(cmd.Name, func(t *testing.T) {
			base := []string{cmd.Name}
			if cmd.Verb != "" {
				base = append(base, cmd.Verb)
			}
			fs, _ := cmd.flagSet()
			if fs.Lookup("c") != nil {
				base = append(base, "-c", cfg)
			}
			line := func(extra ...string) []string { return append(append([]string{}, base...), extra...) }
			var required []string
			for _, r := range cmd.Required {
				required = append(required, "--"+r, "x")
			}

			wantUsage(t, cmd, line("--no-such-flag"), "flag provided but not defined: -no-such-flag")
			for i, r := range cmd.Required {
				without := append(append([]string{}, required[:2*i]...), required[2*i+2:]...)
				wantUsage(t, cmd, line(without...), fmt.Sprintf("--%s is required", r))
			}
			switch n := cmd.Args; {
			case n.Max == 0:
				wantUsage(t, cmd, line(append(required, "extra", "args")...), `unexpected arguments ["extra" "args"]`)
			case n.Max > 0:
				args := make([]string, n.Max+1)
				for i := range args {
					args[i] = fmt.Sprint("a", i)
				}
				if n.Min == n.Max && n.Min == 1 {
					wantUsage(t, cmd, line(append(required, args...)...), fmt.Sprintf("want one %s, got 2 arguments [\"a0\" \"a1\"]", n.Name))
				} else {
					t.Fatalf("no case for %+v", n)
				}
			}
			if n := cmd.Args; n.Min == 1 && n.Max < 0 {
				wantUsage(t, cmd, line(required...), fmt.Sprintf("want at least one %s, got 0 arguments []", n.Name))
			}
			if cmd.Verb != "" {
				wantUsage(t, cmd, []string{cmd.Name, "old"}, fmt.Sprintf("want %q first", cmd.Verb))
			}

			// -h and "gavel help NAME" say the same on stdout and succeed.
			rc, so, se := gavel(t, cmd.Name, "-h")
			if rc != 0 || se != "" || !strings.HasPrefix(so, cmd.synopsis()+"\n"+cmd.Doc+"\n") {
				t.Errorf("gavel %s -h: exit %d, stderr %q, stdout\n%s", cmd.Name, rc, se, so)
			}
			if fs.Lookup("c") != nil && !strings.Contains(so, "configuration") {
				t.Errorf("gavel %s -h lists no flags:\n%s", cmd.Name, so)
			}
			if rc2, so2, _ := gavel(t, "help", cmd.Name); rc2 != 0 || so2 != so {
				t.Errorf("gavel help %s: exit %d, says\n%s\nnot what -h says\n%s", cmd.Name, rc2, so2, so)
			}
		})
	}
}

// TestHelpLists checks that "gavel help" lists every command of the table
// and that an unknown command is a usage error.
func TestHelpLists(t *testing.T) {
	rc, so, _ := gavel(t, "help")
	if rc != 0 {
		t.Fatalf("gavel help: exit %d", rc)
	}
	for _, cmd := range commands() {
		if !strings.Contains(so, fmt.Sprintf("  %-10s %s\n", cmd.Name, cmd.Summary)) {
			t.Errorf("gavel help does not list %s:\n%s", cmd.Name, so)
		}
	}
	if rc, _, se := gavel(t, "frobnicate"); rc != 2 || !strings.HasPrefix(se, `gavel: unknown command "frobnicate"`) {
		t.Errorf("gavel frobnicate: exit %d, stderr %q", rc, se)
	}
}
