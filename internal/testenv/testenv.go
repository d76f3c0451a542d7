// Package testenv finds the real programs that gavel's tests use (ngircd,
// chromium, Debian's python3 with feedparser and icalendar, ii, hugo).
//
// A test that needs one calls Need. When GAVEL_REQUIRE_REAL=1 (set by
// "make test" and CI) a missing program fails the test; otherwise the test
// is skipped with a message that says what to install. Nothing skips
// silently in CI.
package testenv

import (
	"os"
	"os/exec"
	"testing"
)

// Required reports whether missing programs must fail tests rather than skip them.
func Required() bool { return os.Getenv("GAVEL_REQUIRE_REAL") == "1" || os.Getenv("CI") != "" }

// Need returns the path of program, or fails/skips t when it is missing.
// hint says how to install it (for example "apt-get install -y ngircd").
func Need(t testing.TB, program, hint string) string {
	t.Helper()
	p, err := exec.LookPath(program)
	if err == nil {
		return p
	}
	if Required() {
		t.Fatalf("%s is required by this test but not installed (%s)", program, hint)
	}
	t.Skipf("%s not installed (%s); set GAVEL_REQUIRE_REAL=1 to make this a failure", program, hint)
	return ""
}

// Python returns Debian's /usr/bin/python3 after checking that it can import
// each module (for example "feedparser"); fails or skips like Need.
func Python(t testing.TB, modules ...string) string {
	t.Helper()
	const py = "/usr/bin/python3"
	for _, m := range modules {
		if err := exec.Command(py, "-c", "import "+m).Run(); err != nil {
			msg := py + " cannot import " + m + " (apt-get install -y python3-" + m + ")"
			if Required() {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
	}
	return py
}
