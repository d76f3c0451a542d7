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
// add to and replace the summary; the meeting's post page shows the summary
// as Markdown, then the action items and the minutes' formats, and links
// to the minutes page, which links back; the site feed, read by
// python3-feedparser, carries the summary with the action items, its entry
// linking to the post. A chair's #summary after #endmeeting adds to it and
// #undo takes it back (a non-chair is refused), each republishing only
// the pages that show the summary. Then gavel summary, handed to the
// running gavel through its control socket, replaces it and republishes
// only the pages it changes.
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
	hint := alice.Wait(`^:gavel!\S+ PRIVMSG #fudcon :The summary makes these minutes a blog post; #summary adds to it for 24 hours \(chairs\), gavel summary -c \S+ --meeting \S+ --file FILE replaces it\.$`)
	id := regexp.MustCompile(`--meeting (\S+)`).FindStringSubmatch(hint)[1]
	base := fmt.Sprintf("http://127.0.0.1:%d/", port)
	minutesRel := strings.TrimPrefix(url, base)
	postRel := "posts/" + strings.ToLower(id) + "/index.html"
	code, page := get(base + postRel)
	if code != 200 || !strings.Contains(page, "We picked <strong>Brno</strong> for FUDCon.") ||
		strings.Contains(page, "a line to take back") || strings.Contains(page, "<script>document.title") ||
		!strings.Contains(page, "<h3>Action items</h3>") || !strings.Contains(page, "alice to call the campus due 2026-12-20 (due 2026-12-20)") ||
		!strings.Contains(page, ".log.txt\">full log (text)</a>") || !strings.Contains(page, "../../"+minutesRel) {
		t.Fatalf("GET %s: %d\n%.3000s", postRel, code, page)
	}
	if _, mpage := get(url); !strings.Contains(mpage, "posts/"+strings.ToLower(id)+"/") {
		t.Errorf("the minutes page does not link to its post")
	}
	feedFile := filepath.Join(t.TempDir(), "feed.atom")
	_, feed := get(base + "feed.atom")
	if err := os.WriteFile(feedFile, []byte(feed), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, "-c", `
import feedparser, json, sys
d = feedparser.parse(sys.argv[1])
json.dump({"bozo": bool(d.bozo), "entries": [{"id": e.id, "link": e.link, "content": e.content[0].value} for e in d.entries]}, sys.stdout)
`, feedFile).Output()
	if err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		Bozo    bool
		Entries []struct{ ID, Link, Content string }
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
	if entry.Link != base+"posts/"+strings.ToLower(id)+"/" {
		t.Errorf("entry link %s, want the post page", entry.Link)
	}

	// What a summary change may rewrite: the post page, the lists of
	// posts and the home page, the feeds, the search index, the state.
	allowed := map[string]bool{postRel: true, "index.html": true, "feed.atom": true, "series/fudcon/feed.atom": true,
		"posts/index.html": true, "tags/minutes/feed.atom": true, "tags/minutes/index.html": true, ".gavel-state.json": true,
		".gavel-published.json": true}
	onlyAllowed := func(what string, before, after map[string][]byte) {
		t.Helper()
		sawPost := false
		for name, b := range after {
			if bytes.Equal(b, before[name]) || strings.HasPrefix(name, "search/") {
				continue // the search index: the summary's words
			}
			if !allowed[name] {
				t.Errorf("%s changed %s", what, name)
			}
			sawPost = sawPost || name == postRel
		}
		if !sawPost {
			t.Errorf("%s did not change the post page", what)
		}
	}

	// After #endmeeting, a chair's #summary adds to the summary (and the
	// post), #undo takes the last paragraph back; others are refused.
	bob := ircdtest.Dial(t, srv.Addr, "bob")
	bob.Join("#fudcon")
	alice.Wait(`^:bob!\S+ JOIN :?#fudcon`)
	bob.Privmsg("#fudcon", "#summary I was not a chair.")
	alice.Wait(`^:gavel!\S+ PRIVMSG #fudcon :bob: only a chair of the meeting that ended can use #summary now\.$`)
	before := readTree(t, filepath.Join(dir, "public"))
	alice.Privmsg("#fudcon", "#summary After the meeting: the campus _confirmed_ the rooms.")
	alice.Wait(`^:gavel!\S+ PRIVMSG #fudcon :Summary of 'FUDCon planning' \(ended \d\d:\d\d UTC\): 3 paragraph\(s\); #undo removes the last\. #summary adds to it until .* unless another meeting starts here first\.$`)
	alice.Wait(`^:gavel!\S+ PRIVMSG #fudcon :Post: ` + regexp.QuoteMeta(base+"posts/"+strings.ToLower(id)+"/") + `$`)
	after := readTree(t, filepath.Join(dir, "public"))
	onlyAllowed("#summary after the end", before, after)
	if !strings.Contains(string(after[postRel]), "After the meeting: the campus <em>confirmed</em> the rooms.") ||
		strings.Contains(string(after[postRel]), "I was not a chair") {
		t.Errorf("the post page lacks the summary said after the end:\n%s", after[postRel])
	}
	if _, feed := get(base + "feed.atom"); !strings.Contains(feed, "the campus &lt;em&gt;confirmed&lt;/em&gt; the rooms") {
		t.Errorf("the feed lacks the summary said after the end")
	}
	before = after
	alice.Privmsg("#fudcon", "#undo")
	alice.Wait(`^:gavel!\S+ PRIVMSG #fudcon :Removed from the summary of 'FUDCon planning': After the meeting: the campus _confirmed_ the rooms\.$`)
	alice.Wait(`^:gavel!\S+ PRIVMSG #fudcon :Post: `)
	after = readTree(t, filepath.Join(dir, "public"))
	onlyAllowed("#undo after the end", before, after)
	if strings.Contains(string(after[postRel]), "the campus <em>confirmed</em>") || !strings.Contains(string(after[postRel]), "We picked <strong>Brno</strong>") {
		t.Errorf("#undo after the end did not take the paragraph back")
	}

	// gavel summary while gavel run holds the store: the running gavel
	// sets it and republishes; only the pages that show it change.
	before = after
	rc, so, se := gavel(t, "summary", "-c", cfgPath, "--meeting", id, "--text", "Brno it is, in *December*.")
	if rc != 0 || !strings.Contains(so, "summary set") || !strings.Contains(so, "published into") {
		t.Fatalf("gavel summary: exit %d\n%s\n%s", rc, so, se)
	}
	after = readTree(t, filepath.Join(dir, "public"))
	onlyAllowed("gavel summary", before, after)
	if !strings.Contains(string(after[postRel]), "Brno it is, in <em>December</em>.") {
		t.Errorf("the post page does not show the new summary")
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
