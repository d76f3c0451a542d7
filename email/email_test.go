package email

import (
	"context"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/gavel-irc/gavel/config"
)

// session is one SMTP session of the test server: Data keeps the message
// and calls onData.
type session struct {
	onData func()
	got    func(string)
}

func (s *session) Reset()                                         {}
func (s *session) Logout() error                                  { return nil }
func (s *session) Mail(from string, opts *smtp.MailOptions) error { return nil }
func (s *session) Rcpt(to string, opts *smtp.RcptOptions) error   { return nil }
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.got(string(b))
	s.onData()
	return nil
}

// TestSendAcceptedAtShutdown: the context ends (gavel run stopping) while
// the server is taking the message, after the whole message was written:
// the server accepts it, so Send must report it sent. Reported unsent, the
// minutes outbox (remind.MailMinutes) would not mark it and would mail it
// again at the next run; TestMinutesMailAtEnd failed so under load. The
// server waits a little after the cancel before answering so that,
// without the fix, the cut reliably lands before the answer is read; the
// fixed Send does not depend on that wait.
func TestSendAcceptedAtShutdown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var got []string
	be := smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &session{
			got: func(m string) { mu.Lock(); got = append(got, m); mu.Unlock() },
			onData: func() {
				cancel()
				time.Sleep(200 * time.Millisecond)
			},
		}, nil
	})
	srv := smtp.NewServer(be)
	srv.Domain = "localhost"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	defer func() { srv.Close(); <-done }()

	s := NewSMTP(config.SMTP{Addr: ln.Addr().String(), From: "gavel <gavel@example.org>"})
	err = s.Send(ctx, Message{To: []string{"list@example.org"}, Subject: "Minutes", Body: "text\n", MessageID: "minutes.x@example.org"})
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 || !strings.Contains(got[0], "minutes.x@example.org") {
		t.Fatalf("server got %d messages, want 1: %q", len(got), got)
	}
	if err != nil {
		t.Fatalf("Send of a message the server accepted: %v", err)
	}
	// A context that ended before the message was written still stops
	// Send before it: nothing is sent.
	got = got[:0]
	mu.Unlock()
	err = s.Send(ctx, Message{To: []string{"list@example.org"}, Subject: "Minutes", Body: "text\n"})
	mu.Lock()
	if err == nil || len(got) != 0 {
		t.Fatalf("Send with an ended context: err %v, server got %d messages", err, len(got))
	}
}
