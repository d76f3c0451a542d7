package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// treeOf lists every folder and file under root with its mode and content,
// one line each, for comparing two trees.
func treeOf(t *testing.T, root string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		info, err := d.Info()
		if err != nil {
			return err
		}
		b.WriteString(rel + " " + info.Mode().String())
		if info.Mode().IsRegular() {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			b.WriteString(" " + string(data))
		}
		b.WriteString("\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestWritesTheSameTree: both ways of writing (plain and durable) make a
// tree with the folders, files, modes and bytes of the site read, refuse a
// folder that exists, and leave no staging folder behind.
func TestWritesTheSameTree(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "site")
	files := map[string]string{
		"index.html":                       "<p>home</p>",
		"fudcon/2019-01-01/a.log.html":     strings.Repeat("line\n", 5000),
		"fudcon/2019-01-01/a.md":           "# minutes",
		"fudcon/2019-01-02/b.json":         "{}",
		"series/fudcon/index.html":         "series",
		"series/fudcon/2019/index.html":    "",
		"assets/style.css":                 "body{}",
		"deep/er/and/deeper/still/x.txt":   "x",
		"fudcon/2019-01-02/b.txt":          "text",
		"actions/owner/alice/index.html":   "alice",
		"actions/owner/bob/history/p.html": "bob",
	}
	for name, data := range files {
		p := filepath.Join(src, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(filepath.Join(src, "assets/style.css"), 0o600); err != nil {
		t.Fatal(err)
	}
	want := treeOf(t, src)
	for _, durable := range []bool{false, true} {
		dst := filepath.Join(dir, "out-"+map[bool]string{false: "plain", true: "durable"}[durable])
		if err := run(src, dst, durable); err != nil {
			t.Fatalf("durable %v: %v", durable, err)
		}
		if got := treeOf(t, dst); got != want {
			t.Errorf("durable %v: the tree written differs:\n%s\nwant:\n%s", durable, got, want)
		}
		if err := run(src, dst, durable); err == nil {
			t.Errorf("durable %v: writing into an existing folder was not refused", durable)
		}
	}
	if _, err := os.Lstat(filepath.Join(dir, ".out-durable.gavel-build")); err == nil {
		t.Error("the staging folder was left behind")
	}
}

// TestRefusesWhatASiteDoesNotHold: an empty site and one holding a
// symbolic link are refused with a message naming why.
func TestRefusesWhatASiteDoesNotHold(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "site")
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := run(src, filepath.Join(dir, "a"), false); err == nil || !strings.Contains(err.Error(), "no files") {
		t.Errorf("an empty site: %v", err)
	}
	if err := os.Symlink("elsewhere", filepath.Join(src, "link")); err != nil {
		t.Fatal(err)
	}
	if err := run(src, filepath.Join(dir, "b"), false); err == nil || !strings.Contains(err.Error(), "neither a folder nor a regular file") {
		t.Errorf("a symbolic link: %v", err)
	}
}
