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
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
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
	// TLSAddr is the TLS listener's "127.0.0.1:PORT" (Options.TLS).
	TLSAddr string

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
	// Password is the server password (PASS) every client must give.
	Password string
	// TLS adds a TLS listener (Server.TLSAddr) with a self-signed
	// certificate for 127.0.0.1 and localhost.
	TLS bool
}

// Config returns the ngIRCd configuration for a loopback server on port:
// the verified recipe, without the limits that break tests. tlsPort is
// used with opt.TLS (certificate and key in dir).
func Config(port, tlsPort int, dir string, opt Options) string {
	if opt.MaxNickLength == 0 {
		opt.MaxNickLength = 30
	}
	extra, global := "", ""
	if opt.Password != "" {
		global = "\tPassword = " + opt.Password + "\n"
	}
	if opt.TLS {
		extra += fmt.Sprintf("[SSL]\n\tCertFile = %s\n\tKeyFile = %s\n\tPorts = %d\n",
			filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem"), tlsPort)
	}
	return fmt.Sprintf(`[Global]
	Name = irc.test.local
	Info = local test server
	Network = TestNet
	Listen = 127.0.0.1
	Ports = %d
	MotdPhrase = test server
%s[Limits]
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
`, port, global, opt.MaxNickLength, filepath.Join(dir, "conf.d"), OperName, OperPass) + extra
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
	tlsPort := 0
	if opt.TLS {
		tlsPort = FreePort(t)
		if err := writeCert(dir); err != nil {
			t.Fatal(err)
		}
	}
	conf := filepath.Join(dir, "ngircd.conf")
	if err := os.WriteFile(conf, []byte(Config(port, tlsPort, dir, opt)), 0o644); err != nil {
		t.Fatal(err)
	}
	s := &Server{Addr: "127.0.0.1:" + strconv.Itoa(port), Port: port, Dir: dir, t: t, bin: bin}
	if opt.TLS {
		s.TLSAddr = "127.0.0.1:" + strconv.Itoa(tlsPort)
	}
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
		if ready(s.Addr) && (s.TLSAddr == "" || ready(s.TLSAddr)) {
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

func ready(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

// writeCert writes a self-signed certificate for 127.0.0.1 and localhost
// (cert.pem) and its key (key.pem) into dir, readable by ngIRCd's user.
func writeCert(dir string) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:     []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return err
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "cert.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "key.pem"), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o644)
}
