package publisher

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/gavel-irc/gavel/internal/atomicfile"
)

// TestFullBuildStaged: a full build over an existing site is built beside
// it and swapped into place: gavel's files are those of a build into an
// empty folder, the files gavel does not own are carried over (a CNAME, a
// .well-known folder, a user's page and a symbolic link, the minutes of a
// meeting no longer in the store), a page in gavel's own folders that the
// site no longer has is gone, and nothing is left beside the site.
func TestFullBuildStaged(t *testing.T) {
	if !atomicfile.CanSwapDir {
		t.Skip("no exchange of folders on this system: the full build is made in place")
	}
	parent := t.TempDir()
	fresh := filepath.Join(parent, "fresh")
	buildFixture(t, fresh)
	want := readTree(t, fresh)

	dir := filepath.Join(parent, "site")
	buildFixture(t, dir)
	// The site folder's mode is the old one's after the swap.
	if err := os.Chmod(dir, 0o750|os.ModeSetgid); err != nil {
		t.Fatal(err)
	}
	user := map[string]string{
		"CNAME":                          "minutes.example.org\n",
		".well-known/security.txt":       "Contact: mailto:security@example.org\n",
		"about/index.html":               "<p>about us</p>\n",
		"old-series/2020-01-01/x.txt":    "minutes of a meeting gone from the store\n",
		"infrastructure/2025-12-10/a.md": "a user's file beside gavel's minutes\n",
	}
	for rel, data := range user {
		name := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("about/index.html", filepath.Join(dir, "about.html")); err != nil {
		t.Fatal(err)
	}
	// Stale pages in gavel's own folders, a temporary file of an
	// interrupted publish, and a page gavel writes with other content.
	stale := []string{"actions/nobody/index.html", "series/gone/2020/index.html", "search/zz.json"}
	for _, rel := range stale {
		name := filepath.Join(dir, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(name), 0o755)
		if err := os.WriteFile(name, []byte("stale\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tmp := ".index.html.123-abc-1.tmp"
	if err := os.WriteFile(filepath.Join(dir, tmp), []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("old home\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A reader holding a file of the old site keeps reading it whole.
	held, err := os.Open(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	// A staging folder left by an interrupted build is removed.
	leftover := filepath.Join(parent, ".site"+stageSuffix)
	os.MkdirAll(filepath.Join(leftover, "x"), 0o755)

	buildFixture(t, dir)

	if st, err := os.Stat(dir); err != nil || st.Mode()&(os.ModePerm|os.ModeSetgid) != 0o750|os.ModeSetgid {
		t.Errorf("the new site folder's mode: %v, %v; want the old one's, drwxr-s---", st.Mode(), err)
	}
	got := readTree(t, dir)
	for rel, data := range want {
		if !bytes.Equal(got[rel], data) {
			t.Errorf("%s differs from a build into an empty folder", rel)
		}
	}
	for rel, data := range user {
		if string(got[rel]) != data {
			t.Errorf("user's file %s = %q, want %q", rel, got[rel], data)
		}
	}
	if target, err := os.Readlink(filepath.Join(dir, "about.html")); err != nil || target != "about/index.html" {
		t.Errorf("the user's link: %q, %v", target, err)
	}
	for _, rel := range append(stale, tmp) {
		if _, ok := got[rel]; ok {
			t.Errorf("%s carried into the new site", rel)
		}
	}
	if len(got) != len(want)+len(user)+1 { // +1: the link (WalkDir lists it)
		var extra []string
		for rel := range got {
			if _, ok := want[rel]; !ok {
				if _, ok := user[rel]; !ok {
					extra = append(extra, rel)
				}
			}
		}
		t.Errorf("%d files, want %d; not gavel's nor the user's: %v", len(got), len(want)+len(user)+1, extra)
	}
	if old, err := io.ReadAll(held); err != nil || string(old) != "old home\n" {
		t.Errorf("a reader of the old home page read %q, %v", old, err)
	}
	ents, _ := os.ReadDir(parent)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("%s left beside the site", e.Name())
		}
	}
}

// TestFullBuildStagedRefuses: a full build stops, the old site as it was,
// when the site holds something it cannot carry over (a named pipe).
func TestFullBuildStagedRefuses(t *testing.T) {
	if !atomicfile.CanSwapDir {
		t.Skip("no exchange of folders on this system")
	}
	parent := t.TempDir()
	dir := filepath.Join(parent, "site")
	buildFixture(t, dir)
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	before := readTree2(t, dir)
	p, err := New(fixture(t), fixtureOptions(dir))
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Build(context.Background())
	if err == nil || !strings.Contains(err.Error(), "pipe") || !strings.Contains(err.Error(), "move it out") {
		t.Fatalf("Build with a named pipe in the site: %v", err)
	}
	after := readTree2(t, dir)
	if len(before) != len(after) {
		t.Errorf("%d files before, %d after the failed build", len(before), len(after))
	}
	for rel, data := range before {
		if !bytes.Equal(after[rel], data) {
			t.Errorf("%s changed by the failed build", rel)
		}
	}
	if _, err := os.Stat(filepath.Join(parent, ".site"+stageSuffix)); err == nil {
		t.Error("the failed build's staging folder is left")
	}
}

// readTree2 is readTree skipping what is not a regular file.
func readTree2(tb testing.TB, dir string) map[string][]byte {
	tb.Helper()
	out := map[string][]byte{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	return out
}
