package publisher

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestGolden builds the fixture site and compares every file with
// testdata/golden (go test -run TestGolden -update rewrites them).
func TestGolden(t *testing.T) {
	dir := t.TempDir()
	buildFixture(t, dir)
	got := readTree(t, dir)
	for name := range got {
		if minutesFormat(name) {
			delete(got, name)
		}
	}
	golden := filepath.Join("testdata", "golden")
	if *update {
		if err := os.RemoveAll(golden); err != nil {
			t.Fatal(err)
		}
		for name, b := range got {
			p := filepath.Join(golden, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want := readTree(t, golden)
	for _, name := range sortedNames(want) {
		g, ok := got[name]
		if !ok {
			t.Errorf("%s: missing from the built site", name)
			continue
		}
		if !bytes.Equal(g, want[name]) {
			t.Errorf("%s differs from the golden file (run go test -run TestGolden -update and review the diff):\n%s", name, firstDiff(g, want[name]))
		}
	}
	for _, name := range sortedNames(got) {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: built but has no golden file", name)
		}
	}
}

// minutesFormat reports whether name is a minutes file written by the
// minutes package as it is (golden-tested there, not here).
func minutesFormat(name string) bool {
	if strings.HasPrefix(name, "search/") || strings.HasPrefix(name, ".") {
		return false
	}
	for _, ext := range []string{".txt", ".md", ".json", ".log.html"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// firstDiff shows the line where a and b first differ.
func firstDiff(a, b []byte) string {
	al, bl := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y []byte
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if !bytes.Equal(x, y) {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + string(x) + "\nwant: " + string(y)
		}
	}
	return ""
}
