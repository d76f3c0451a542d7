package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/ircdtest"
	"github.com/gavel-irc/gavel/internal/testenv"
)

// TestSummaryLive runs gavel on a real ngIRCd with a channel whose minutes
// are posts: #summary lines in a meeting, #endmeeting; the bot says how to
// replace the summary; the minutes page (the post) shows the summary as
// Markdown and the site feed, read by python3-feedparser, carries it with
// the action items. Then gavel summary, handed to the running gavel through
// its control socket, replaces it and republishes only the pages it
// changes.
func TestSummaryLive(t *testing.T) {
	py := testenv.Python(t, "feedparser")
	srv := ircdtest.Start(t)
	port := ircdtest.FreePort(t)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "gavel.toml")
	src := fmt.Sprintf(`[irc]
server = %q
channels = ["#fudcon"]
send_interval = "1ms"
[store]
path = "data/gavel.db"
[site]
dir = "public"
base_url = "http://127.0.0.1:%d/"
listen = "127.0.0.1:%d"
[remind]
enabled = false
[[channel]]
name = "#fudcon"
series = "fudcon"
posts = true
`, srv.Addr, port, port)
	if err := os.WriteFile(cfgPath, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- runCommand().exec(ctx, &env{Stdout: io.Discard, Stderr: &syncWriter{w: &stderr}}, []string{"-c", cfgPath})
	}()
	alice := ircdtest.Dial(t, srv.Addr, "alice")
	deadline := time.Now().Add(10 * time.Second)
	for {
		alice.Raw("NAMES #fudcon")
		if l := alice.Wait(` 353 alice . #fudcon :| 366 alice #fudcon `); namesHaveBot(l) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("gavel did not join #fudcon")
		}
		time.Sleep(20 * time.Millisecond)
	}
	alice.Join("#fudcon")
	get := func(url string) (int, string) {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	for _, l := range []string{"#startmeeting FUDCon planning", "#topic Venue", "#summary We picked **Brno** for FUDCon.",
		"#summary a line to take back", "#undo", "#action alice to call the campus due 2026-12-20",
		"#summary Alice calls the campus <script>document.title='pwned'</script>.", "#endmeeting"} {
		alice.Privmsg("#fudcon", l)
	}
	line := alice.Wait(`^:gavel!\S+ PRIVMSG #fudcon :Minutes: +http://\S+\.html$`)
	url := line[strings.LastIndex(line, " ")+1:]
	hint := alice.Wait(`^:gavel!\S+ PRIVMSG #fudcon :The summary makes these minutes a blog post; gavel summary -c \S+ --meeting \S+ --file FILE replaces it\.$`)
	id := regexp.MustCompile(`--meeting (\S+)`).FindStringSubmatch(hint)[1]
	code, page := get(url)
	if code != 200 || !strings.Contains(page, "We picked <strong>Brno</strong> for FUDCon.") ||
		strings.Contains(page, "a line to take back") || strings.Contains(page, "<script>document.title") {
		t.Fatalf("GET %s: %d\n%.1500s", url, code, page)
	}
	base := fmt.Sprintf("http://127.0.0.1:%d/", port)
	feedFile := filepath.Join(t.TempDir(), "feed.atom")
	_, feed := get(base + "feed.atom")
	if err := os.WriteFile(feedFile, []byte(feed), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, "-c", `
import feedparser, json, sys
d = feedparser.parse(sys.argv[1])
json.dump({"bozo": bool(d.bozo), "entries": [{"id": e.id, "content": e.content[0].value} for e in d.entries]}, sys.stdout)
`, feedFile).Output()
	if err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		Bozo    bool
		Entries []struct{ ID, Content string }
	}
	if err := json.Unmarshal(out, &parsed); err != nil {
		t.Fatal(err)
	}
	if parsed.Bozo || len(parsed.Entries) != 1 {
		t.Fatalf("feedparser: bozo %v, %d entries", parsed.Bozo, len(parsed.Entries))
	}
	entry := parsed.Entries[0]
	for _, want := range []string{"We picked <strong>Brno</strong> for FUDCon.", "alice to call the campus due 2026-12-20 (due 2026-12-20)", "<strong>alice</strong>"} {
		if !strings.Contains(entry.Content, want) {
			t.Errorf("feed entry lacks %q:\n%s", want, entry.Content)
		}
	}
	if !strings.HasSuffix(entry.ID, ":meeting/"+id) {
		t.Errorf("entry id %s, meeting %s", entry.ID, id)
	}

	// gavel summary while gavel run holds the store: the running gavel
	// sets it and republishes; only the pages that show it change.
	before := readTree(t, filepath.Join(dir, "public"))
	rc, so, se := gavel(t, "summary", "-c", cfgPath, "--meeting", id, "--text", "Brno it is, in *December*.")
	if rc != 0 || !strings.Contains(so, "summary set") || !strings.Contains(so, "published into") {
		t.Fatalf("gavel summary: exit %d\n%s\n%s", rc, so, se)
	}
	after := readTree(t, filepath.Join(dir, "public"))
	var changed []string
	for name, b := range after {
		if !bytes.Equal(b, before[name]) {
			changed = append(changed, name)
		}
	}
	page2 := strings.TrimPrefix(url, base)
	allowed := map[string]bool{page2: true, "index.html": true, "feed.atom": true, "series/fudcon/feed.atom": true,
		"posts/index.html": true, "tags/minutes/feed.atom": true, "tags/minutes/index.html": true, ".gavel-state.json": true,
		".gavel-published.json": true}
	sawPage := false
	for _, name := range changed {
		if strings.HasPrefix(name, "search/") {
			continue // the summary's words
		}
		if !allowed[name] {
			t.Errorf("gavel summary changed %s", name)
		}
		sawPage = sawPage || name == page2
	}
	if !sawPage || !strings.Contains(string(after[page2]), "Brno it is, in <em>December</em>.") {
		t.Errorf("the minutes page does not show the new summary (changed: %v)", changed)
	}
	if rc, so, _ := gavel(t, "summary", "-c", cfgPath, "--meeting", id, "--text", "Brno it is, in *December*."); rc != 0 || !strings.Contains(so, "nothing changed") {
		t.Errorf("the same summary again: exit %d %s", rc, so)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("run did not return after cancel")
	}
}
