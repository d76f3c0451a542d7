package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPublishAndServe imports two real zodbot meetings into a store,
// publishes the site (full, then only what changed), and serves it.
func TestPublishAndServe(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "gavel.toml")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	conf := "[store]\npath = \"data/gavel.db\"\n[site]\ndir = \"public\"\nbase_url = \"https://meetbot.example.org/\"\nlisten = \"" + addr + "\"\n"
	if err := os.WriteFile(cfg, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	logs := []string{filepath.Join(corpusDir, "meetbot/fedora/magazine.2020-06-10-12.02.log.txt"),
		filepath.Join(corpusDir, "meetbot/fedora/fedora_iot_working_group_meeting.2020-06-10-14.10.log.txt")}
	var so, se bytes.Buffer
	if rc := run(append([]string{"import", "-c", cfg}, logs...), &so, &se); rc != 0 {
		t.Fatalf("import: exit %d: %s", rc, se.String())
	}
	so.Reset()
	if rc := run([]string{"publish", "-c", cfg, "--full", "--now", "2026-07-28"}, &so, &se); rc != 0 {
		t.Fatalf("publish: exit %d: %s", rc, se.String())
	}
	if !strings.Contains(so.String(), "published 2 meetings") {
		t.Errorf("publish said %q", so.String())
	}
	page := filepath.Join(dir, "public/magazine/2020-06-10/magazine.2020-06-10-12.02.html")
	b, err := os.ReadFile(page)
	if err != nil || !strings.Contains(string(b), "<h3>Meeting summary</h3>") || !strings.Contains(string(b), `href="../../assets/style.css"`) {
		t.Fatalf("minutes page: %v %.300s", err, b)
	}
	so.Reset()
	if rc := run([]string{"publish", "-c", cfg, "--now", "2026-07-28"}, &so, &se); rc != 0 || !strings.Contains(so.String(), "0 changed") {
		t.Errorf("second publish: exit %d: %q %s", rc, so.String(), se.String())
	}
	if rc := run([]string{"publish", "-c", cfg, "--now", "July"}, &so, &se); rc != 2 {
		t.Errorf("bad --now: exit %d", rc)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var sso, sse bytes.Buffer
	go func() { done <- runServeCtx(ctx, []string{"-c", cfg}, &sso, &sse) }()
	var res *http.Response
	for i := 0; i < 100; i++ {
		if res, err = http.Get("http://" + addr + "/feed.atom"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("serve: %v", err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.Header.Get("Content-Type") != "application/atom+xml; charset=utf-8" || !bytes.Contains(body, []byte("<feed")) {
		t.Errorf("feed served as %q", res.Header.Get("Content-Type"))
	}
	cancel()
	if rc := <-done; rc != 0 {
		t.Errorf("serve exited %d: %s", rc, sse.String())
	}
}

// runServeCtx runs "gavel serve" until ctx is done.
func runServeCtx(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if err := serveCommand().exec(ctx, &env{Stdout: stdout, Stderr: stderr}, args); err != nil {
		return 1
	}
	return 0
}
