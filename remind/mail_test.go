package remind

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/email"
	"github.com/gavel-irc/gavel/internal/ircdtest"
	"github.com/gavel-irc/gavel/internal/testenv"
	"github.com/gavel-irc/gavel/store"
)

// syncBuffer collects a child's output.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startPythonSMTP runs Python's smtpd DebuggingServer (Debian's python3.11
// ships it): a real SMTP server that prints every message it accepts.
func startPythonSMTP(t *testing.T) (addr string, out *syncBuffer) {
	t.Helper()
	py := testenv.Python(t, "smtpd")
	addr = fmt.Sprintf("127.0.0.1:%d", ircdtest.FreePort(t))
	out = &syncBuffer{}
	cmd := exec.Command(py, "-u", "-W", "ignore", "-m", "smtpd", "-n", "-c", "DebuggingServer", addr)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			return addr, out
		}
		if time.Now().After(deadline) {
			t.Fatalf("python smtpd not listening on %s: %s", addr, out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestMailThroughARealSMTPServer(t *testing.T) {
	addr, out := startPythonSMTP(t)
	st := openStore(t)
	put(t, st,
		store.ActionRecord{ID: "a1", Text: "Website + voting", Owners: []string{"Saleem Ansari"}, Due: "2026-08-20"},
		store.ActionRecord{ID: "a2", Text: ".dotted text", Owners: []string{"saleem"}, Due: "2026-08-20"},
		store.ActionRecord{ID: "a3", Text: "No address", Owners: []string{"mether"}, Due: "2026-08-20"})
	cfg := parseConfig(t, "[remind.smtp]\naddr = \""+addr+"\"\nfrom = \"gavel <gavel@example.org>\"\n")
	clock := newClock("2026-08-13T03:30:00Z")
	r := newReminder(t, cfg, st, newRecorder(clock), clock)
	res := tick(t, r)
	if res.Mailed != 1 {
		t.Fatalf("mailed %d, want 1 (only Saleem has an address)", res.Mailed)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "END MESSAGE") {
		if time.Now().After(deadline) {
			t.Fatalf("no message at the SMTP server: %s", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	got := out.String()
	for _, want := range []string{
		"b'From: \"gavel\" <gavel@example.org>'", "b'To: <saleem@example.org>'", "b'Subject: Reminder: 2 action items'",
		"b'[a1] Website + voting (due Thu 2026-08-20, in 7 days)'", "b'[a2] .dotted text (due Thu 2026-08-20, in 7 days)'",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("message lacks %s:\n%s", want, got)
		}
	}
	if strings.Count(got, "MESSAGE FOLLOWS") != 1 {
		t.Errorf("want one message:\n%s", got)
	}
	tick(t, r)
	if res := tick(t, r); res.Mailed != 0 {
		t.Errorf("mailed again: %+v", res)
	}
}

// refusingSMTP is a tiny SMTP server on loopback that refuses every
// recipient, beside the real one above: it checks that the error says what
// failed with which input.
func refusingSMTP(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				c.SetDeadline(time.Now().Add(10 * time.Second))
				fmt.Fprint(c, "220 test ESMTP\r\n")
				rd := bufio.NewReader(c)
				for {
					line, err := rd.ReadString('\n')
					if err != nil {
						return
					}
					switch cmd := strings.ToUpper(strings.Fields(line + " x")[0]); cmd {
					case "EHLO", "HELO":
						fmt.Fprint(c, "250 test\r\n")
					case "MAIL":
						fmt.Fprint(c, "250 ok\r\n")
					case "RCPT":
						fmt.Fprint(c, "550 no such user\r\n")
					case "QUIT":
						fmt.Fprint(c, "221 bye\r\n")
						return
					default:
						fmt.Fprint(c, "250 ok\r\n")
					}
				}
			}(c)
		}
	}()
	return l.Addr().String()
}

func TestMailErrorsNameTheInput(t *testing.T) {
	addr := refusingSMTP(t)
	m := email.NewSMTP(config.SMTP{Addr: addr, From: "gavel@example.org"})
	err := m.Send(context.Background(), email.Message{To: []string{"nobody@example.org"}, Subject: "s", Body: "b"})
	if err == nil || !strings.Contains(err.Error(), "RCPT TO nobody@example.org") || !strings.Contains(err.Error(), "550") {
		t.Fatalf("err = %v", err)
	}
	if err := m.Send(context.Background(), email.Message{To: []string{"x@example.org\r\nBcc: y@example.org"}, Subject: "s", Body: "b"}); err == nil {
		t.Fatal("header injection in the recipient accepted")
	}
	if err := email.NewSMTP(config.SMTP{Addr: "127.0.0.1:1"}).Send(context.Background(), email.Message{To: []string{"a@b"}, Subject: "s", Body: "b"}); err == nil || !strings.Contains(err.Error(), "127.0.0.1:1") {
		t.Fatalf("unreachable server: %v", err)
	}
}
