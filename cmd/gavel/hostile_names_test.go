package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/ircdtest"
)

// TestHostileMeetingNames: channel users start meetings named after the
// site's own files (index.html, feed.atom, actions.ics) on a new site and
// then on the existing one, over a real ngIRCd. Every meeting is published
// beside the site's own files, which stay files; gavel publish --full
// still works. Before, "#startmeeting index.html" made public/index.html a
// folder and every later publish failed. In a channel whose series is
// configured, #meetingname does not rename the meeting.
func TestHostileMeetingNames(t *testing.T) {
	srv := ircdtest.Start(t)
	port := ircdtest.FreePort(t)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "gavel.toml")
	src := fmt.Sprintf(`[irc]
server = %q
channels = ["#open"]
send_interval = "1ms"
send_burst = 50
[store]
path = "data/gavel.db"
[site]
dir = "public"
title = "Hostile names"
base_url = "http://127.0.0.1:%d/"
listen = "127.0.0.1:%d"
[remind]
enabled = false
[[channel]]
name = "#fixed"
series = "fudcon"
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
	for _, ch := range []string{"#open", "#fixed"} {
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			alice.Raw("NAMES " + ch)
			if l := alice.Wait(` 353 alice . ` + ch + ` :| 366 alice ` + ch + ` `); namesHaveBot(l) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("gavel did not join %s", ch)
			}
		}
		alice.Join(ch)
	}
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
	meet := func(ch string, lines ...string) string {
		t.Helper()
		for _, l := range lines {
			alice.Privmsg(ch, l)
		}
		alice.Privmsg(ch, "#endmeeting")
		line := alice.Wait(`^:gavel!\S+ PRIVMSG ` + ch + ` :(Minutes: +http://\S+\.html|.*could not publish.*)$`)
		if strings.Contains(line, "could not publish") {
			t.Fatalf("%s: %s\n%s", ch, line, stderr.String())
		}
		return line[strings.LastIndex(line, " ")+1:]
	}
	public := filepath.Join(dir, "public")
	siteFilesAreFiles := func(when string) {
		t.Helper()
		for _, f := range []string{"index.html", "feed.atom", "actions.ics", "series/index.html", "actions/index.html"} {
			fi, err := os.Stat(filepath.Join(public, f))
			if err != nil || !fi.Mode().IsRegular() {
				t.Errorf("%s: public/%s is not the site's file: %v", when, f, err)
			}
		}
	}
	var urls []string
	// A new site: its very first meeting is named like the home page.
	urls = append(urls, meet("#open", "#startmeeting index.html", "#agreed first"))
	siteFilesAreFiles("new site")
	// The existing site: the other names of the site's own files.
	for _, name := range []string{"FUDCon planning", "feed.atom", "actions.ics", "series", ".hidden", "x."} {
		urls = append(urls, meet("#open", "#startmeeting "+name, "#agreed about "+name))
	}
	siteFilesAreFiles("existing site")
	// The configured series wins over #meetingname.
	alice.Privmsg("#fixed", "#startmeeting venue")
	alice.Privmsg("#fixed", "#meetingname index.html")
	alice.Wait(`^:gavel!\S+ PRIVMSG #fixed :The meeting name is fixed to 'fudcon'`)
	fixed := meet("#fixed", "#agreed the hotel")
	if !strings.Contains(fixed, "/fudcon/") {
		t.Errorf("#meetingname renamed a meeting of a channel with a configured series: %s", fixed)
	}
	urls = append(urls, fixed)
	base := fmt.Sprintf("http://127.0.0.1:%d/", port)
	for _, u := range urls {
		if code, body := get(u); code != 200 || !strings.Contains(body, "Meeting summary") {
			t.Errorf("GET %s: %d", u, code)
		}
	}
	if code, body := get(base); code != 200 || !strings.Contains(body, "Hostile names") {
		t.Errorf("home page: %d\n%.300s", code, body)
	}
	// The feeds follow the pages; wait for them.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		code, body := get(base + "feed.atom")
		if code == 200 && strings.Count(body, "<entry") >= len(urls) {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("site feed: %d, %d entries for %d meetings", code, strings.Count(body, "<entry"), len(urls))
			break
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
	if strings.Contains(stderr.String(), "level=ERROR") {
		t.Errorf("gavel run logged errors:\n%s", stderr.String())
	}
	rc, so, se := gavel(t, "publish", "-c", cfgPath, "--full")
	if rc != 0 {
		t.Fatalf("publish --full: exit %d\n%s\n%s", rc, so, se)
	}
	siteFilesAreFiles("after publish --full")
}
