package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/internal/ircdtest"
	"github.com/gavel-irc/gavel/store"
)

// TestRunMeetingAndSite runs "gavel run" against a real ngIRCd with the
// site served on site.listen: #save publishes interim minutes (in
// progress, in no feed), the meeting ends and the minutes URL the bot
// says serves the final minutes, an #undo of a tracked #action takes the
// item off the actions page, and the owner's private "done" takes the
// item off the actions page and calendar. Cancelling (SIGTERM) makes run
// return cleanly.
func TestRunMeetingAndSite(t *testing.T) {
	srv := ircdtest.Start(t)
	port := ircdtest.FreePort(t)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "gavel.toml")
	src := fmt.Sprintf(`[irc]
server = %q
channels = ["#fudcon-planning"]
send_interval = "1ms"
[store]
path = "data/gavel.db"
[site]
dir = "public"
base_url = "http://127.0.0.1:%d/"
listen = "127.0.0.1:%d"
[remind]
enabled = false
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
	// Join once the bot is in the channel (it then holds op and sets topics).
	deadline := time.Now().Add(10 * time.Second)
	for {
		alice.Raw("NAMES #fudcon-planning")
		if l := alice.Wait(` 353 alice . #fudcon-planning :| 366 alice #fudcon-planning `); namesHaveBot(l) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("gavel did not join #fudcon-planning")
		}
		time.Sleep(20 * time.Millisecond)
	}
	alice.Join("#fudcon-planning")
	base := fmt.Sprintf("http://127.0.0.1:%d/", port)
	get := func(url string) (int, string, string) {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(body)
	}
	// Before any meeting the home page answers, and says where to start.
	if code, _, body := get(base); code != 200 || !strings.Contains(body, "No meetings yet: say <code>#startmeeting</code> in <strong>#fudcon-planning</strong>") {
		t.Fatalf("GET / before any meeting: %d\n%.800s", code, body)
	}
	minutesURL := func() string {
		t.Helper()
		line := alice.Wait(`^:gavel!\S+ PRIVMSG #fudcon-planning :Minutes: +http://\S+\.html$`)
		return line[strings.LastIndex(line, " ")+1:]
	}

	// #save: interim minutes at the final URL, marked in progress, in no
	// feed or list; the action item is on the actions page and calendar.
	due := time.Now().AddDate(0, 2, 0)
	dtstart := "DTSTART;VALUE=DATE:" + due.Format("20060102")
	for _, l := range []string{"#startmeeting FUDCon planning", "#topic Venue", "#info the hotel has 200 rooms", "#action alice to call the hotel by " + due.Format("2006-01-02"), "#save"} {
		alice.Privmsg("#fudcon-planning", l)
	}
	url := minutesURL()
	if code, _, body := get(url); code != 200 || !strings.Contains(body, "Meeting in progress.") || !strings.Contains(body, "the hotel has 200 rooms") {
		t.Fatalf("GET %s after #save: %d\n%.800s", url, code, body)
	}
	if code, _, body := get(base + "feed.atom"); code == 200 && strings.Contains(body, "the hotel") {
		t.Errorf("the site feed lists the meeting in progress:\n%s", body)
	}
	if code, _, _ := get(base + "series/fudcon-planning/"); code != 404 {
		t.Errorf("series page of the meeting in progress: %d, want 404 (no ended meeting yet)", code)
	}
	if code, _, body := get(base + "actions/"); code != 200 || !strings.Contains(body, "alice to call the hotel") {
		t.Errorf("actions page after #save: %d\n%.800s", code, body)
	}
	if code, ctype, body := get(base + "actions.ics"); code != 200 || ctype != "text/calendar; charset=utf-8" || !strings.Contains(body, dtstart) {
		t.Errorf("actions.ics after #save: %d %s\n%s", code, ctype, body)
	}

	// An #undo of a tracked #action takes the item off the tracker and
	// the site in the same step (no #save or #endmeeting needed).
	alice.Privmsg("#fudcon-planning", "#action alice to bake a cake")
	alice.Privmsg("#fudcon-planning", "#save")
	minutesURL()
	if code, _, body := get(base + "actions/"); code != 200 || !strings.Contains(body, "alice to bake a cake") {
		t.Errorf("actions page after the second #save: %d\n%.800s", code, body)
	}
	alice.Privmsg("#fudcon-planning", "#undo")
	alice.Wait(`^:gavel!\S+ PRIVMSG #fudcon-planning :UNDONE \[a2\] alice to bake a cake \(no longer tracked\)$`)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		_, _, body := get(base + "actions/")
		if !strings.Contains(body, "bake a cake") && strings.Contains(body, "alice to call the hotel") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the undone item is still on the actions page:\n%.800s", body)
		}
	}

	alice.Privmsg("#fudcon-planning", "#endmeeting")
	if u := minutesURL(); u != url {
		t.Errorf("minutes at #endmeeting %s, at #save %s", u, url)
	}
	code, _, body := get(url)
	if code != 200 || strings.Contains(body, "in progress") || !strings.Contains(body, "the hotel has 200 rooms") || !strings.Contains(body, "alice to call the hotel") {
		t.Fatalf("GET %s: %d\n%.500s", url, code, body)
	}
	if _, _, body := get(base + "feed.atom"); !strings.Contains(body, url) {
		t.Errorf("the site feed does not link the ended meeting %s", url)
	}

	// The owner answers the bot privately: done. The actions page lists
	// the item among the closed ones, by alice; the calendar drops it.
	alice.Privmsg("gavel", "list")
	item := regexp.MustCompile(`\[(\w+)\] alice to call the hotel`).FindStringSubmatch(alice.Wait(`^:gavel!\S+ PRIVMSG alice :.*\[\w+\] alice to call the hotel`))
	alice.Privmsg("gavel", "done "+item[1])
	alice.Wait(`^:gavel!\S+ PRIVMSG alice :\[` + item[1] + `\] marked done`)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		_, _, page := get(base + "actions/")
		_, _, ics := get(base + "actions.ics")
		open, closed, _ := strings.Cut(page, `<h2 id="closed">`)
		if !strings.Contains(open, "alice to call the hotel") && !strings.Contains(ics, dtstart) &&
			regexp.MustCompile(`(?s)alice to call the hotel.*done <time[^>]*>[0-9-]+</time> by alice`).MatchString(closed) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the actions page still lists the item done:\n%s\n%s", page, ics)
		}
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
	alice.Wait(`^:gavel!\S+ QUIT`)
	for _, f := range []string{"data/gavel.db", "public/index.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	// The action item went to the tracker.
	st, err := store.Open(filepath.Join(dir, "data", "gavel.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	acts, err := st.Actions(store.ActionFilter{Status: store.StatusOpen})
	if err != nil || len(acts) != 0 {
		t.Errorf("open action items after the meeting and done: %+v, %v", acts, err)
	}
	acts, err = st.Actions(store.ActionFilter{})
	if err != nil || len(acts) != 1 || !strings.Contains(acts[0].Text, "call the hotel") || acts[0].Status != store.StatusDone {
		t.Errorf("action items after the meeting: %+v, %v", acts, err)
	}
}

// syncWriter makes a writer safe for the log's goroutines.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// TestExampleConfig: deploy/gavel.example.toml and the repository's
// gavel.toml load, and the example documents every key of the config.
func TestExampleConfig(t *testing.T) {
	for _, p := range []string{"../../deploy/gavel.example.toml", "../../gavel.toml"} {
		if _, err := config.Load(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	b, err := os.ReadFile("../../deploy/gavel.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	var walk func(reflect.Type)
	walk = func(ty reflect.Type) {
		for i := 0; i < ty.NumField(); i++ {
			f := ty.Field(i)
			tag := f.Tag.Get("toml")
			if tag == "" || tag == "-" {
				continue
			}
			ft := f.Type
			for ft.Kind() == reflect.Slice || ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct && ft != reflect.TypeOf(config.Duration{}) && ft != reflect.TypeOf(config.Size(0)) && ft.PkgPath() == reflect.TypeOf(config.Config{}).PkgPath() {
				walk(ft)
				continue
			}
			keys = append(keys, tag)
		}
	}
	for _, ty := range []reflect.Type{reflect.TypeOf(config.IRC{}), reflect.TypeOf(config.Store{}), reflect.TypeOf(config.Site{}),
		reflect.TypeOf(config.Meeting{}), reflect.TypeOf(config.Channel{}), reflect.TypeOf(config.Person{}),
		reflect.TypeOf(config.Schedule{}), reflect.TypeOf(config.Remind{}), reflect.TypeOf(config.Limits{})} {
		walk(ty)
	}
	for _, k := range keys {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(k) + ` = `).Match(b) {
			t.Errorf("deploy/gavel.example.toml does not document key %q", k)
		}
	}
}
