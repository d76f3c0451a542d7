package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/config"
)

// TestPostNew: gavel post new on the seeds' face-to-face meeting writes a
// draft (front matter, decisions, actions by person with ids and dues,
// links); gavel publish leaves it out of the public site and feeds, the
// --drafts preview builds it (linking the minutes, which link back); once
// draft: true is removed, it is published, in the site feed once, with an
// id that a later publish keeps.
func TestPostNew(t *testing.T) {
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "gavel.toml")
	if err := os.WriteFile(cfgPath, []byte(notesConfig+"\n[site]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// notesConfig has a [site] table already: add posts to it.
	src, _ := os.ReadFile(cfgPath)
	src = bytes.Replace(src, []byte("[site]\nbase_url"), []byte("[site]\nposts = \"posts\"\nbase_url"), 1)
	src = bytes.TrimSuffix(src, []byte("\n[site]\n"))
	if err := os.WriteFile(cfgPath, src, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "posts"), 0o755); err != nil {
		t.Fatal(err)
	}
	seed := filepath.Join("..", "..", "notes", "testdata", "f2f-2011-07-19.txt")
	if rc, so, se := gavel(t, "notes", "-c", cfgPath, "--series", "fudcon", "--date", "2011-07-19", "--time", "15:00", "--tz", "Asia/Kolkata", seed); rc != 0 {
		t.Fatalf("notes: exit %d\n%s\n%s", rc, so, se)
	}
	const id = "fudcon.2011-07-19T093000Z"
	rc, so, se := gavel(t, "post", "new", "-c", cfgPath, "--meeting", id)
	if rc != 0 || !strings.Contains(so, "draft: true") {
		t.Fatalf("post new: exit %d\n%s\n%s", rc, so, se)
	}
	draft := filepath.Join(dir, "posts", "2011-07-19-fudcon.md")
	text, err := os.ReadFile(draft)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"---\ntitle: \"Minutes of ", "date: 2011-07-19 09:30\n", "tags: [\"fudcon\"]\n",
		"meeting: " + id + "\n", "draft: true\n---\n", "## Action items\n", "- **kushal**\n", "(due 2011-08-31)",
		"## Minutes\n\n[minutes](https://minutes.example.org/fudcon/2011-07-19/"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("draft lacks %q:\n%s", want, text)
		}
	}
	if rc, _, se := gavel(t, "post", "new", "-c", cfgPath, "--meeting", id); rc == 0 || !strings.Contains(se, "exists") {
		t.Errorf("post new over an existing draft: exit %d %s", rc, se)
	}
	if rc, _, se := gavel(t, "post", "new", "-c", cfgPath, "--meeting", "nope"); rc == 0 || !strings.Contains(se, `"nope"`) {
		t.Errorf("post new for an unknown meeting: exit %d %s", rc, se)
	}

	public := filepath.Join(dir, "public")
	if rc, so, se := gavel(t, "publish", "-c", cfgPath); rc != 0 {
		t.Fatalf("publish: exit %d\n%s\n%s", rc, so, se)
	}
	if _, err := os.Stat(filepath.Join(public, "posts", "2011-07-19-fudcon")); !os.IsNotExist(err) {
		t.Errorf("the draft is on the public site: %v", err)
	}
	feed, _ := os.ReadFile(filepath.Join(public, "feed.atom"))
	if bytes.Contains(feed, []byte("post/2011-07-19-fudcon")) {
		t.Errorf("the draft is in the public feed")
	}

	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	preview, err := buildPreview(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(preview)
	page, err := os.ReadFile(filepath.Join(preview, "posts", "2011-07-19-fudcon", "index.html"))
	if err != nil {
		t.Fatalf("the preview lacks the draft: %v", err)
	}
	if !bytes.Contains(page, []byte("<strong>Draft.</strong>")) || !bytes.Contains(page, []byte(`Minutes: <a href="../../fudcon/2011-07-19/`)) {
		t.Errorf("draft preview page:\n%s", page)
	}
	// A notes meeting is filed under its local date and time (15:00 in
	// Asia/Kolkata), not the UTC 09:30 of its id.
	minutesPage, _ := os.ReadFile(filepath.Join(preview, "fudcon", "2011-07-19", "fudcon.2011-07-19-15.00.html"))
	if !bytes.Contains(minutesPage, []byte(`posts/2011-07-19-fudcon/`)) {
		t.Errorf("the minutes page does not link back to the post:\n%.2000s", minutesPage)
	}

	// Published once the draft line is gone: in the site feed once.
	if err := os.WriteFile(draft, bytes.Replace(text, []byte("draft: true\n"), nil, 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if rc, so, se := gavel(t, "publish", "-c", cfgPath); rc != 0 {
		t.Fatalf("publish: exit %d\n%s\n%s", rc, so, se)
	}
	feed, _ = os.ReadFile(filepath.Join(public, "feed.atom"))
	if n := bytes.Count(feed, []byte("<id>tag:minutes.example.org,2026:post/2011-07-19-fudcon</id>")); n != 1 {
		t.Errorf("the published post is %d times in the feed:\n%s", n, feed)
	}
	time.Sleep(1100 * time.Millisecond) // a later reference date
	if rc, so, se := gavel(t, "publish", "-c", cfgPath); rc != 0 {
		t.Fatalf("publish: exit %d\n%s\n%s", rc, so, se)
	}
	again, _ := os.ReadFile(filepath.Join(public, "feed.atom"))
	if !bytes.Equal(feed, again) {
		t.Errorf("the feed changed on a publish without changes")
	}
}
