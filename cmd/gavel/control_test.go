package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/ircdtest"
	"github.com/gavel-irc/gavel/store"
)

// TestHandOffToRunningGavel: while "gavel run" (on a real ngIRCd) holds the
// store, "gavel notes", "gavel import", "gavel remind" and "gavel publish"
// hand their work to it through the control socket at once, without
// waiting for the lock; the
// notes' actions are then in "gavel actions --json" and on the published
// actions page. A file argument missing on the client gives the client's
// error.
func TestHandOffToRunningGavel(t *testing.T) {
	srv := ircdtest.Start(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "gavel.toml")
	src := fmt.Sprintf(`[irc]
server = %q
nick = "gavel"
channels = ["#meet"]
send_interval = "1ms"
[store]
path = "data/gavel.db"
# Commands hand off to the running gavel without trying the lock: a
# command that waited for it would hang here for ten minutes.
lock_timeout = "10m"
[site]
dir = "public"
base_url = "http://minutes.test/"
[remind]
enabled = false
`, srv.Addr)
	if err := os.WriteFile(cfg, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	logs := &syncBuffer{}
	go func() { ran <- runCommand().exec(ctx, &env{Stdout: logs, Stderr: logs}, []string{"-c", cfg}) }()
	defer func() {
		cancel()
		select {
		case err := <-ran:
			if err != nil && ctx.Err() == nil {
				t.Errorf("gavel run: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("gavel run did not stop")
		}
		if _, err := os.Stat(filepath.Join(dir, "data/gavel.db.ctl")); !os.IsNotExist(err) {
			t.Errorf("control socket left behind: %v", err)
		}
	}()
	sock := filepath.Join(dir, "data/gavel.db.ctl")
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if fi, err := os.Stat(sock); err == nil {
			if fi.Mode().Perm() != 0o600 {
				t.Errorf("control socket mode %v, want 0600", fi.Mode().Perm())
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no control socket at %s; gavel run said:\n%s", sock, logs.String())
		}
	}
	// The bot holds the store while the commands run.

	seed := filepath.Join("..", "..", "notes", "testdata", "f2f-2011-07-19.txt")
	notesArgs := []string{"notes", "-c", cfg, "--series", "fudcon", "--date", "2011-07-19", "--time", "15:00", "--tz", "Asia/Kolkata"}
	rc, so, se := gavel(t, append(notesArgs, seed)...)
	if rc != 0 || !strings.Contains(so, "imported meeting fudcon.2011-07-19T093000Z: 14 topics, 18 action items") || !strings.Contains(so, "published into") {
		t.Fatalf("notes while gavel runs: exit %d\n%s\n%s\ngavel run said:\n%s", rc, so, se, logs.String())
	}
	// Again: the running gavel's refusal, with the usual exit status.
	if rc, _, se := gavel(t, append(notesArgs, seed)...); rc != 1 || !strings.Contains(se, "already") || !strings.Contains(se, "nothing stored") {
		t.Errorf("second notes while gavel runs: exit %d: %s", rc, se)
	}
	// A bad flag is a usage error on the client (exit 2).
	if rc, _, se := gavel(t, append(notesArgs, "--tz", "Nowhere/Else", seed)...); rc != 2 {
		t.Errorf("notes --tz Nowhere/Else: exit %d: %s", rc, se)
	}
	// gavel rename hands off too; the running gavel records who ran it.
	rc, so, se = gavel(t, "rename", "-c", cfg, "--meeting", "fudcon.2011-07-19T093000Z", "--title", "FUDCon F2F, Pune", "--by", "kushal")
	if rc != 0 || !strings.Contains(so, `title "FUDCon India 2011 F2F Meeting 2" -> "FUDCon F2F, Pune"`) || !strings.Contains(so, "published into") {
		t.Errorf("rename while gavel runs: exit %d\n%s\n%s", rc, so, se)
	}
	if rc, _, se := gavel(t, "rename", "-c", cfg, "--meeting", "nope", "--title", "x"); rc != 1 || !strings.Contains(se, "gavel rename: rename meeting nope") {
		t.Errorf("rename of an unknown meeting while gavel runs: exit %d: %s", rc, se)
	}

	rc, so, se = gavel(t, "actions", "-c", cfg, "--json")
	if rc != 0 {
		t.Fatalf("actions: exit %d: %s", rc, se)
	}
	var items []map[string]any
	if err := json.Unmarshal([]byte(so), &items); err != nil {
		t.Fatalf("%v: %s", err, so)
	}
	var texts []string
	for _, it := range items {
		texts = append(texts, fmt.Sprint(it["text"]))
	}
	if got := strings.Join(texts, "|"); !strings.Contains(got, "Goodies") || !strings.Contains(got, "FUDPub") {
		t.Errorf("the items while gavel runs: %q", got)
	}
	page, err := os.ReadFile(filepath.Join(dir, "public/actions/index.html"))
	if err != nil || !bytes.Contains(page, []byte("Goodies")) {
		t.Errorf("published actions page lacks the notes' Goodies (%v):\n%.400s", err, page)
	}

	mag := filepath.Join(corpusDir, "meetbot/fedora/magazine.2020-06-10-12.02.log.txt")
	rc, so, se = gavel(t, "import", "-c", cfg, mag)
	if rc != 0 || !strings.Contains(so, "1 meetings imported") || !strings.Contains(so, "published into") {
		t.Fatalf("import while gavel runs: exit %d\n%s\n%s", rc, so, se)
	}
	if _, so, _ := gavel(t, "actions", "-c", cfg, "--json"); !strings.Contains(so, `"series": "magazine"`) {
		t.Errorf("the imported meeting's actions are not tracked:\n%.600s", so)
	}

	// A file missing on the client: the client's own error, as the
	// running gavel reports it (the file is not sent).
	missing := filepath.Join(dir, "no-such.log")
	rc, _, se = gavel(t, "import", "-c", cfg, missing)
	if rc != 1 || !strings.Contains(se, missing) || !strings.Contains(se, "no such file") {
		t.Errorf("import of a missing file while gavel runs: exit %d: %s", rc, se)
	}
	// The client reads no file beyond its [limits] bound: a 200 MB log
	// (sparse) and a binary file are refused, each with one message, and
	// not sent; the other log of the command is still taken.
	big := filepath.Join(dir, "big.2026-01-02-10.00.log.txt")
	bin := filepath.Join(dir, "photo.2026-01-02-10.00.log.txt")
	if err := os.WriteFile(big, []byte("10:00:00 <alice> #startmeeting big\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 200<<20); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, bytes.Repeat([]byte("\x00\xff\x89PNG\n"), 4096), 0o600); err != nil {
		t.Fatal(err)
	}
	rc, so, se = gavel(t, "import", "-c", cfg, big, mag, bin)
	if rc != 1 || !strings.Contains(se, "over limits.max_log_bytes (8MiB)") || !strings.Contains(se, "is not a text file") ||
		strings.Count(se, "\n") > 4 || !strings.Contains(so, "1 already in the store") {
		t.Errorf("import of a 200 MB log, a binary file and a log while gavel runs: exit %d\n%s\n%s", rc, so, se)
	}

	// gavel remind marks what it prints: through the running gavel too.
	if rc, so, se := gavel(t, "remind", "-c", cfg, "--at", "2011-08-01T10:00:00Z"); rc != 0 || !strings.Contains(so, "marked 0 as sent") {
		t.Errorf("remind while gavel runs: exit %d\n%s\n%s", rc, so, se)
	}

	rc, so, se = gavel(t, "publish", "-c", cfg, "--full")
	if rc != 0 || !strings.Contains(so, "published 2 meetings") {
		t.Errorf("publish --full while gavel runs: exit %d\n%s\n%s", rc, so, se)
	}
	if rc, _, se := gavel(t, "publish", "-c", cfg, "--now", "2011-08-01"); rc != 2 || !strings.Contains(se, "--now") {
		t.Errorf("publish --now while gavel runs: exit %d: %s", rc, se)
	}

	// A client that goes away mid-command does not wedge the socket.
	if conn, err := net.Dial("unix", sock); err != nil {
		t.Error(err)
	} else {
		json.NewEncoder(conn).Encode(controlRequest{Command: "publish", Args: []string{"--full"}})
		conn.Close()
	}
	if rc, so, se := gavel(t, "publish", "-c", cfg); rc != 0 || !strings.Contains(so, "published ") {
		t.Errorf("publish after a client went away: exit %d\n%s\n%s", rc, so, se)
	}

	// The server reads no client-named path: a request naming a file it
	// did not send is refused, even though the file exists.
	var out, errb bytes.Buffer
	send := func(req controlRequest) error {
		conn, err := net.Dial("unix", sock)
		if err != nil {
			return err
		}
		defer conn.Close()
		return sendControl(ctx, &env{Stdout: &out, Stderr: &errb}, conn, sock, req)
	}
	err = send(controlRequest{Command: "import", Args: []string{"-c", cfg, mag}})
	if err == nil || !strings.Contains(errb.String(), "not sent by the client") {
		t.Errorf("request naming an unsent file: %v\n%s", err, errb.String())
	}
	// Only notes, import and publish are run for clients.
	if err := send(controlRequest{Command: "run"}); err == nil {
		t.Error("the control socket ran \"run\"")
	}
}

// TestHandOffStaleSocket: when the store is held by a gavel that serves no
// control socket and a stale one is left by a crashed gavel, the command
// fails with the store's lock error, as before the control socket.
func TestHandOffStaleSocket(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "gavel.toml")
	if err := os.WriteFile(cfg, []byte("[store]\npath = \"gavel.db\"\nlock_timeout = \"100ms\"\n[site]\ndir = \"public\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "gavel.db")
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ln, err := net.Listen("unix", db+".ctl")
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
	if fi, err := os.Stat(db + ".ctl"); err != nil || fi.Mode()&os.ModeSocket == 0 {
		t.Fatalf("stale socket not there: %v", err)
	}
	for _, args := range [][]string{
		{"publish", "-c", cfg},
		{"notes", "-c", cfg, "--series", "fudcon", "--date", "2011-07-19", filepath.Join("..", "..", "notes", "testdata", "f2f-2011-07-19.txt")},
	} {
		if rc, _, se := gavel(t, args...); rc != 1 || !strings.Contains(se, "is locked by another gavel process") {
			t.Errorf("%s with a stale control socket: exit %d: %s", args[0], rc, se)
		}
	}
}
