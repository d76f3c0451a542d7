package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/ircdtest"
)

// TestServeLimits: gavel serve takes its limits from [site]: an idle
// keep-alive client is dropped after idle_timeout, and a connection over
// max_conns_per_client is answered 429.
func TestServeLimits(t *testing.T) {
	dir := t.TempDir()
	addr := fmt.Sprintf("127.0.0.1:%d", ircdtest.FreePort(t))
	cfg := filepath.Join(dir, "gavel.toml")
	src := fmt.Sprintf("[site]\ndir = \"public\"\nlisten = %q\nidle_timeout = \"1s\"\nmax_conns_per_client = 2\n", addr)
	if err := os.WriteFile(cfg, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "public"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "public/index.html"), []byte("home\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var so, se bytes.Buffer
	go func() { done <- runServeCtx(ctx, []string{"-c", cfg}, &so, &se) }()
	defer func() {
		cancel()
		if rc := <-done; rc != 0 {
			t.Errorf("serve exited %d: %s", rc, se.String())
		}
	}()
	var idle net.Conn
	var err error
	for range 100 {
		if idle, err = net.Dial("tcp", addr); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	fmt.Fprintf(idle, "GET / HTTP/1.1\r\nHost: site\r\n\r\n")
	r := bufio.NewReader(idle)
	resp, err := http.ReadResponse(r, nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("first request: %v", err)
	}
	io.Copy(io.Discard, resp.Body)
	second, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	third, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer third.Close()
	_ = third.SetReadDeadline(time.Now().Add(10 * time.Second))
	if b, _ := io.ReadAll(third); !strings.HasPrefix(string(b), "HTTP/1.1 429 ") {
		t.Errorf("third connection with max_conns_per_client = 2 got %q, want 429", b)
	}
	// The idle keep-alive connection is closed by the server.
	_ = idle.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := r.ReadByte(); err != io.EOF {
		t.Errorf("idle connection: read gave %v, want EOF from the server's idle_timeout", err)
	}
}
