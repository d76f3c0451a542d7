package publisher

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/store"
)

// gunzipTo writes the gzip file src, decompressed, to dst.
func gunzipTo(t *testing.T, src, dst string) {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, zr); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// untar extracts the .tgz src into dir.
func untar(t *testing.T, src, dir string) {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Join(dir, filepath.FromSlash(h.Name))
		if !strings.HasPrefix(name, dir) {
			t.Fatalf("bad name %q in %s", h.Name, src)
		}
		if h.Typeflag == tar.TypeDir {
			if err := os.MkdirAll(name, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestMigrateSiteFolder publishes from a store and a site folder written
// by the gavel before the publisher's state moved into the store
// (store/testdata/schema-v1.db.gz and testdata/site-v1.tgz, made together
// at commit 2b517b3; in that site, the notes merged into the IRC meeting
// were never published). The first publish takes the state files into the
// store and removes them, keeps the feed entries' dates of what did not
// change, and now publishes the merge.
func TestMigrateSiteFolder(t *testing.T) {
	tmp := t.TempDir()
	db := filepath.Join(tmp, "gavel.db")
	gunzipTo(t, filepath.Join("..", "store", "testdata", "schema-v1.db.gz"), db)
	untar(t, filepath.Join("testdata", "site-v1.tgz"), tmp)
	site := filepath.Join(tmp, "site")
	var old struct {
		Entries map[string]entryState `json:"entries"`
	}
	b, err := os.ReadFile(filepath.Join(site, legacyStateFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &old); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(site, "fudcon/2026-07-26/fudcon.2026-07-26-13.00.html")
	if b, _ := os.ReadFile(page); strings.Contains(string(b), "caterers") {
		t.Fatal("the fixture's page already shows the merge")
	}

	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, err := New(StoreSource{Store: st}, Options{Dir: site, BaseURL: "https://minutes.example.org/",
		Now: time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)}) // the "now" below
	if err != nil {
		t.Fatal(err)
	}
	stats, err := p.Publish(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{legacyStateFile, legacyPublishedFile} {
		if _, err := os.Stat(filepath.Join(site, f)); !os.IsNotExist(err) {
			t.Errorf("%s is still in the site folder (%v)", f, err)
		}
	}
	if b, _ := os.ReadFile(page); !strings.Contains(string(b), "caterers") {
		t.Errorf("the merged notes are still not on the meeting's page")
	}
	state, err := st.SiteState()
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(site)
	if state[keyDir] != abs {
		t.Errorf("site/dir = %q, want %q", state[keyDir], abs)
	}
	for _, id := range []string{"iot.2020-06-10T141012Z", "fudcon.2011-07-12T000000Z", "fudcon.2026-07-26T130005Z"} {
		if state[keyMeeting+id] == "" {
			t.Errorf("no published revision of %s in the store", id)
		}
	}
	// Every feed entry of the old state is known: one whose content is
	// the same keeps its date, one whose content changed (the entries'
	// format changed since that code) gets the publish's date — a new
	// entry would get its meeting's end instead.
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	for tag, was := range old.Entries {
		var e entryState
		if err := json.Unmarshal([]byte(state[keyEntry+tag]), &e); err != nil {
			t.Errorf("entry %s: %v", tag, err)
			continue
		}
		if (e.Hash == was.Hash && !e.Updated.Equal(was.Updated)) || (e.Hash != was.Hash && !e.Updated.Equal(now)) {
			t.Errorf("entry %s: %+v after the migration, %+v before", tag, e, was)
		}
	}
	// Publishing again changes nothing.
	again, err := p.Publish(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if again.Written != 0 {
		t.Errorf("a second publish wrote %d files (the first %d)", again.Written, stats.Written)
	}
}
