// Package ircdtest starts a real ngIRCd for a test and talks to it with a
// tiny raw-socket IRC client.
//
// Each test gets its own server: a free loopback port, a configuration in
// t.TempDir() (the recipe of shared/irc/start-ngircd.sh: no nick length,
// connection, join or flood limits), a process that dies with the test
// (Pdeathsig SIGKILL) and is killed in t.Cleanup.
package ircdtest

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/testenv"
)

// OperName and OperPass log a client in as IRC operator (OPER OperName OperPass).
const (
	OperName = "testoper"
	OperPass = "testpass"
)

// Server is one running ngIRCd.
type Server struct {
	// Addr is "127.0.0.1:PORT".
	Addr string
	// Port is the TCP port it listens on.
	Port int
	// Dir holds ngircd.conf and ngircd.log.
	Dir string

	t    testing.TB
	bin  string
	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
}

// Options change the server's configuration for one test.
type Options struct {
	// MaxNickLength is ngIRCd's nick length limit (default 30). A short
	// limit makes the server reject long nicks with 432.
	MaxNickLength int
}

// Config returns the ngIRCd configuration for a loopback server on port:
// the verified recipe, without the limits that break tests.
func Config(port int, dir string, opt Options) string {
	if opt.MaxNickLength == 0 {
		opt.MaxNickLength = 30
	}
	return fmt.Sprintf(`[Global]
	Name = irc.test.local
	Info = local test server
	Network = TestNet
	Listen = 127.0.0.1
	Ports = %d
	MotdPhrase = test server
[Limits]
	MaxConnections = 0
	MaxConnectionsIP = 0
	MaxJoins = 0
	MaxNickLength = %d
	MaxPenaltyTime = 0
	PingTimeout = 120
	PongTimeout = 20
[Options]
	DNS = no
	Ident = no
	PAM = no
	OperCanUseMode = yes
	IncludeDir = %s
[Operator]
	Name = %s
	Password = %s
`, port, opt.MaxNickLength, filepath.Join(dir, "conf.d"), OperName, OperPass)
}

// FreePort returns a loopback TCP port that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("ircdtest: find a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Start starts an ngIRCd on a free port for the test; it fails or skips t
// (see testenv.Need) when ngircd is not installed.
func Start(t testing.TB) *Server {
	t.Helper()
	return StartOn(t, FreePort(t))
}

// StartOn starts an ngIRCd on the given port.
func StartOn(t testing.TB, port int) *Server {
	t.Helper()
	return StartWith(t, port, Options{})
}

// StartWith starts an ngIRCd on port (0: a free one) with opt.
func StartWith(t testing.TB, port int, opt Options) *Server {
	t.Helper()
	if port == 0 {
		port = FreePort(t)
	}
	bin := testenv.Need(t, "ngircd", "apt-get install -y ngircd")
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "conf.d"), 0o755); err != nil {
		t.Fatal(err)
	}
	// ngIRCd drops to nobody when run as root: it must read its config only.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "ngircd.conf")
	if err := os.WriteFile(conf, []byte(Config(port, dir, opt)), 0o644); err != nil {
		t.Fatal(err)
	}
	s := &Server{Addr: "127.0.0.1:" + strconv.Itoa(port), Port: port, Dir: dir, t: t, bin: bin}
	if err := s.start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return s
}

func (s *Server) start() error {
	conf := filepath.Join(s.Dir, "ngircd.conf")
	logf, err := os.OpenFile(filepath.Join(s.Dir, "ngircd.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("ircdtest: %w", err)
	}
	defer logf.Close()
	cmd := exec.Command(s.bin, "--nodaemon", "--config", conf)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("ircdtest: start ngircd: %w", err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	s.mu.Lock()
	s.cmd, s.done = cmd, done
	s.mu.Unlock()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-done:
			return fmt.Errorf("ircdtest: ngircd on port %d exited at start:\n%s", s.Port, s.Log())
		default:
		}
		c, err := net.DialTimeout("tcp", s.Addr, 100*time.Millisecond)
		if err == nil {
			c.Close()
			return nil
		}
		time.Sleep(5 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	<-done
	return fmt.Errorf("ircdtest: ngircd not listening on %s after 10s:\n%s", s.Addr, s.Log())
}

// Stop kills the server (SIGKILL) and waits for it; safe to call twice.
func (s *Server) Stop() {
	s.mu.Lock()
	cmd, done := s.cmd, s.done
	s.cmd = nil
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Kill()
	<-done
}

// Restart kills the server and starts it again on the same port: every
// client connection drops, as in a server crash.
func (s *Server) Restart() {
	s.t.Helper()
	s.Stop()
	var err error
	for range 50 { // the port may linger a moment
		if err = s.start(); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.t.Fatal(err)
}

// Log returns what ngIRCd wrote so far (for failure messages).
func (s *Server) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "ngircd.log"))
	return string(bytes.TrimSpace(b))
}
