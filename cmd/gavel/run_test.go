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
// site served on site.listen: a meeting ends, and the minutes URL the bot
// says serves the minutes. Cancelling (SIGTERM) makes run return cleanly.
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
		done <- runRun(ctx, &env{Stdout: io.Discard, Stderr: &syncWriter{w: &stderr}}, []string{"-c", cfgPath})
	}()

	alice := ircdtest.Dial(t, srv.Addr, "alice")
	// Join once the bot is in the channel (it then holds op and sets topics).
	deadline := time.Now().Add(10 * time.Second)
	for {
		alice.Raw("NAMES #fudcon-planning")
		if l := alice.Wait(` 353 alice . #fudcon-planning :| 366 alice #fudcon-planning `); strings.Contains(l, "gavel") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("gavel did not join #fudcon-planning")
		}
		time.Sleep(20 * time.Millisecond)
	}
	alice.Join("#fudcon-planning")
	for _, l := range []string{"#startmeeting FUDCon planning", "#topic Venue", "#info the hotel has 200 rooms", "#action alice to call the hotel", "#endmeeting"} {
		alice.Privmsg("#fudcon-planning", l)
	}
	line := alice.Wait(`^:gavel!\S+ PRIVMSG #fudcon-planning :Minutes: +http://\S+\.html$`)
	url := line[strings.LastIndex(line, " ")+1:]
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "the hotel has 200 rooms") || !strings.Contains(string(body), "alice to call the hotel") {
		t.Fatalf("GET %s: %d\n%.500s", url, resp.StatusCode, body)
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
	if err != nil || len(acts) != 1 || !strings.Contains(acts[0].Text, "call the hotel") {
		t.Errorf("open action items after the meeting: %+v, %v", acts, err)
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
			if ft.Kind() == reflect.Struct && ft != reflect.TypeOf(config.Duration{}) && ft.PkgPath() == reflect.TypeOf(config.Config{}).PkgPath() {
				walk(ft)
				continue
			}
			keys = append(keys, tag)
		}
	}
	for _, ty := range []reflect.Type{reflect.TypeOf(config.IRC{}), reflect.TypeOf(config.Store{}), reflect.TypeOf(config.Site{}),
		reflect.TypeOf(config.Meeting{}), reflect.TypeOf(config.Channel{}), reflect.TypeOf(config.Person{}),
		reflect.TypeOf(config.Schedule{}), reflect.TypeOf(config.Remind{})} {
		walk(ty)
	}
	for _, k := range keys {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(k) + ` = `).Match(b) {
			t.Errorf("deploy/gavel.example.toml does not document key %q", k)
		}
	}
}
