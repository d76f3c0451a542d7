package publisher

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// startServer serves a site folder holding index.html and a large page
// big.html (size bytes) on a loopback port with opt's limits; it stops
// in t.Cleanup.
func startServer(t *testing.T, size int, opt ServeOptions) (*Server, string) {
	t.Helper()
	srv, addr, _ := startCountingServer(t, size, opt)
	return srv, addr
}

// countingListener counts the connections its Accept returned.
type countingListener struct {
	net.Listener
	n atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.n.Add(1)
	}
	return c, err
}

// startCountingServer is startServer that also returns how many
// connections the server has accepted so far.
func startCountingServer(t *testing.T, size int, opt ServeOptions) (*Server, string, func() int64) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("<!doctype html><title>home</title>home\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "big.html"), []byte(strings.Repeat("x", size)), 0o644); err != nil {
		t.Fatal(err)
	}
	tcp, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := &countingListener{Listener: tcp}
	srv := NewServer(ln, dir, opt)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	return srv, ln.Addr().String(), ln.n.Load
}

// dial opens a raw connection to addr, closed in t.Cleanup.
func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// closedByServer reports whether the server closed c within wait: a read
// (after whatever the server had sent) ends in EOF or a reset.
func closedByServer(c net.Conn, wait time.Duration) bool {
	_ = c.SetReadDeadline(time.Now().Add(wait))
	_, err := io.Copy(io.Discard, c)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		return false
	}
	return true
}

// eventually polls cond for up to 10s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestServerDropsIdleKeepAlive: 50 clients that made one request on a
// keep-alive connection and then say nothing are dropped after the idle
// timeout.
func TestServerDropsIdleKeepAlive(t *testing.T) {
	srv, addr := startServer(t, 10, ServeOptions{IdleTimeout: 300 * time.Millisecond, MaxConnsPerClient: 100})
	var conns []net.Conn
	for range 50 {
		c := dial(t, addr)
		fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: site\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, resp.Body); err != nil || resp.StatusCode != 200 || resp.Close {
			t.Fatalf("keep-alive response: %v, %d, close %v", err, resp.StatusCode, resp.Close)
		}
		conns = append(conns, c)
	}
	eventually(t, "the server to drop 50 idle connections", func() bool { return srv.Open() == 0 })
	for i, c := range conns {
		if !closedByServer(c, 5*time.Second) {
			t.Fatalf("idle connection %d still open", i)
		}
	}
}

// TestServerDropsSlowloris: a client sending its request headers a byte at
// a time is dropped after the read-header timeout, however long it keeps
// sending.
func TestServerDropsSlowloris(t *testing.T) {
	srv, addr := startServer(t, 10, ServeOptions{ReadHeaderTimeout: 300 * time.Millisecond})
	c := dial(t, addr)
	fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: site\r\n")
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
			if _, err := c.Write([]byte{"X-a: b\r\n"[i%8]}); err != nil {
				return
			}
		}
	}()
	// The old fixed 10 s header timeout would hold it past this wait.
	if !closedByServer(c, 5*time.Second) {
		t.Fatal("a client sending one header byte every 50ms is still connected after 5s; read_header_timeout is 300ms")
	}
	eventually(t, "the server to forget the connection", func() bool { return srv.Open() == 0 })
}

// TestServerDropsNonReading: clients that ask for a 32 MB page and never
// read it are dropped after the write timeout, their page cut short, and
// meanwhile the server still answers others.
func TestServerDropsNonReading(t *testing.T) {
	const size = 32 << 20
	srv, addr, accepted := startCountingServer(t, size, ServeOptions{WriteTimeout: 500 * time.Millisecond})
	var conns []net.Conn
	for range 5 {
		c := dial(t, addr)
		fmt.Fprintf(c, "GET /big.html HTTP/1.1\r\nHost: site\r\n\r\n")
		conns = append(conns, c)
	}
	// Open is 0 also before the server took the five (on a loaded machine
	// they may still wait in the listen queue, and would then be served
	// to a reading client below), so wait until it accepted them first.
	eventually(t, "the server to take the 5 clients", func() bool { return accepted() == 5 })
	// Another client is served meanwhile: the five do not block it.
	other := dial(t, addr)
	fmt.Fprintf(other, "GET / HTTP/1.1\r\nHost: site\r\nConnection: close\r\n\r\n")
	_ = other.SetReadDeadline(time.Now().Add(10 * time.Second))
	if resp, err := http.ReadResponse(bufio.NewReader(other), nil); err != nil || resp.StatusCode != 200 {
		t.Fatalf("another client while 5 do not read: %v", err)
	}
	eventually(t, "the server to drop 5 clients that do not read", func() bool { return srv.Open() == 0 })
	// What each got before the drop: on a loaded machine the timeout may
	// come before even the response's headers were sent, so the raw bytes
	// are read to the server's close, and the page in them must be cut.
	for i, c := range conns {
		_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
		b, err := io.ReadAll(c)
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Fatalf("client %d: still connected after the server dropped it (%d bytes read)", i, len(b))
		}
		if _, body, ok := strings.Cut(string(b), "\r\n\r\n"); ok && len(body) >= size {
			t.Errorf("client %d read the whole page (%d bytes) after the write timeout", i, len(body))
		}
	}
}

// TestServerCapsConnectionsPerClient: with a cap of 4, a fifth connection
// from the same address is answered 429 and closed, the first four still
// work, and a closed one frees its place.
func TestServerCapsConnectionsPerClient(t *testing.T) {
	srv, addr := startServer(t, 10, ServeOptions{MaxConnsPerClient: 4})
	var held []net.Conn
	for range 4 {
		held = append(held, dial(t, addr))
	}
	eventually(t, "4 open connections", func() bool { return srv.Open() == 4 })
	extra := dial(t, addr)
	_ = extra.SetReadDeadline(time.Now().Add(10 * time.Second))
	b, _ := io.ReadAll(extra)
	if !strings.HasPrefix(string(b), "HTTP/1.1 429 ") {
		t.Fatalf("fifth connection got %q, want a 429 and close", b)
	}
	for i, c := range held {
		fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: site\r\n\r\n")
		_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("held connection %d: %v", i, err)
		}
		resp.Body.Close()
	}
	held[0].Close()
	eventually(t, "a place freed", func() bool { return srv.Open() == 3 })
	c := dial(t, addr)
	fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: site\r\nConnection: close\r\n\r\n")
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("connection after one closed: %v", err)
	}
	if got := resp.Header.Get("Content-Length"); got != strconv.Itoa(len("<!doctype html><title>home</title>home\n")) {
		t.Errorf("Content-Length %q", got)
	}
}
