package bot

import (
	"bufio"
	"encoding/base64"
	"net"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/lrstanley/girc"
)

// pipeServer is the server end of a net.Pipe given to girc's MockConnect:
// the test reads exactly what girc sends.
type pipeServer struct {
	t     *testing.T
	conn  net.Conn
	r     *bufio.Reader
	lines chan string
}

func newPipeServer(t *testing.T, conn net.Conn) *pipeServer {
	s := &pipeServer{t: t, conn: conn, r: bufio.NewReader(conn), lines: make(chan string, 1000)}
	go func() {
		defer close(s.lines)
		for {
			l, err := s.r.ReadString('\n')
			if err != nil {
				return
			}
			s.lines <- l
		}
	}()
	return s
}

func (s *pipeServer) send(line string) {
	s.t.Helper()
	_ = s.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	if _, err := s.conn.Write([]byte(line + "\r\n")); err != nil {
		s.t.Fatalf("pipe write: %v", err)
	}
}

// next returns the next line girc sent whose command is cmd.
func (s *pipeServer) next(cmd string) string {
	s.t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case l, ok := <-s.lines:
			if !ok {
				s.t.Fatalf("connection closed waiting for %s", cmd)
			}
			if strings.HasPrefix(l, cmd+" ") || strings.HasPrefix(l, cmd+"\r") {
				return l
			}
		case <-timeout:
			s.t.Fatalf("no %s line within 10s", cmd)
		}
	}
}

// TestQueuePacing sends 8 lines through the queue into girc (MockConnect
// over net.Pipe): a burst of 3 goes out at once, the rest one per interval.
// The interval is long (400 ms) so that a loaded machine's scheduling delays
// (a burst took 167 ms at load 20 with a 60 ms interval) cannot pass for
// pacing: the burst must come before one interval has passed, and the whole
// run must take at least 80% of the paced lines' intervals.
func TestQueuePacing(t *testing.T) {
	c := girc.New(girc.Config{Server: "mock", Port: 6667, Nick: "gavel", User: "gavel", AllowFlood: true})
	client, server := net.Pipe()
	done := make(chan error, 1)
	go func() { done <- c.MockConnect(client) }()
	srv := newPipeServer(t, server)
	srv.next("USER")

	const interval, burst, n = 400 * time.Millisecond, 3, 8
	q := newQueue(interval, burst)
	for i := 0; i < n; i++ {
		q.push(&girc.Event{Command: girc.PRIVMSG, Params: []string{"#meet", "line " + itoa(i)}})
	}
	ctx, cancel := contextWithCancel()
	defer cancel()
	start := time.Now()
	go q.run(ctx, func(e *girc.Event) bool { c.Send(e); return true })
	var at []time.Duration
	for i := 0; i < n; i++ {
		l := srv.next("PRIVMSG")
		if want := "PRIVMSG #meet :line " + itoa(i) + "\r\n"; l != want {
			t.Fatalf("line %d = %q, want %q", i, l, want)
		}
		at = append(at, time.Since(start))
	}
	if at[burst-1] > interval {
		t.Errorf("the burst of %d took %v, want under %v", burst, at[burst-1], interval)
	}
	if min := time.Duration(n-burst) * interval * 8 / 10; at[n-1] < min {
		t.Errorf("%d lines went out in %v: not paced (want at least %v)", n, at[n-1], min)
	}
	c.Close()
	<-done
}

// TestQueueHoldsWhileDisconnected: a line that cannot be sent stays first
// in the queue and goes out once sending works again.
func TestQueueHoldsWhileDisconnected(t *testing.T) {
	q := newQueue(0, 1)
	q.push(&girc.Event{Command: girc.PRIVMSG, Params: []string{"#a", "one"}}, &girc.Event{Command: girc.PRIVMSG, Params: []string{"#a", "two"}})
	ready := make(chan bool, 1)
	ready <- false
	var sent []string
	got := make(chan struct{})
	ctx, cancel := contextWithCancel()
	defer cancel()
	go q.run(ctx, func(e *girc.Event) bool {
		select {
		case ok := <-ready:
			if !ok {
				return false
			}
		default:
		}
		sent = append(sent, e.Last())
		if len(sent) == 2 {
			close(got)
		}
		return true
	})
	select {
	case <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("queue did not retry")
	}
	if strings.Join(sent, ",") != "one,two" {
		t.Errorf("sent %v", sent)
	}
}

// TestMockLongHostileLine feeds the bot (over MockConnect) a 4,000-byte
// line with NUL and CTCP bytes and checks that every line it writes fits
// the limit with its prefix, and that the line is recorded whole.
func TestMockLongHostileLine(t *testing.T) {
	cfg := testConfig(t, "mock.invalid:6667", "", "")
	pub := &recPublisher{}
	servers := make(chan *pipeServer, 4)
	r := startMockBot(t, cfg, pub, servers)
	srv := <-servers
	host := "host.example"
	srv.send(":gavel!~gavel@" + host + " JOIN #meet")
	srv.send(":irc 353 gavel = #meet :@gavel alice")
	srv.send(":irc 366 gavel #meet :End of NAMES list")
	srv.send(":alice!~a@h PRIVMSG #meet :#startmeeting mock")
	srv.next("PRIVMSG #meet :Meeting started")
	long := "#meetingtopic " + strings.Repeat("ab\x00\x01 ", 800) // 4,000 bytes
	srv.send(":alice!~a@h PRIVMSG #meet :" + long)
	srv.send(":alice!~a@h PRIVMSG #meet :#endmeeting")
	prefix := prefixLen("gavel", "~gavel", host, "PRIVMSG", "#meet")
	for {
		l := srv.next("PRIVMSG")
		body := strings.TrimSuffix(l, "\r\n")
		if strings.ContainsAny(body, "\r\n\x00\x01") {
			t.Errorf("unclean line %q", body)
		}
		if n := len(body) - len("PRIVMSG #meet :") + prefix; n > 510 {
			t.Errorf("line of %d bytes as relayed (limit 510)", n)
		}
		if strings.Contains(body, "Log:") {
			break
		}
	}
	// A long reply (reminders use Say) is split on character boundaries.
	text := strings.Repeat("ünïcödé ", 500) // 5,500 bytes
	if err := r.Say(t.Context(), "#meet", text); err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	for strings.Count(got.String(), "ünïcödé") < 500 {
		l := strings.TrimSuffix(srv.next("PRIVMSG #meet"), "\r\n")
		part := strings.TrimPrefix(l, "PRIVMSG #meet :")
		if !utf8.ValidString(part) || len(l)-len("PRIVMSG #meet :")+prefix > 510 {
			t.Fatalf("bad piece (%d bytes): %q", len(part), part)
		}
		got.WriteString(part + " ")
	}
	if strings.Join(strings.Fields(got.String()), " ") != strings.TrimSpace(text) {
		t.Errorf("split reply changed the text")
	}
	m := pub.endedMeetings()[0]
	var whole bool
	for _, l := range m.Log {
		whole = whole || (l.Nick == "alice" && len(l.Text) == len(long))
	}
	if !whole {
		t.Error("the 4,000-byte line was not recorded whole")
	}
}

// TestMockSASL: with irc.sasl_user the bot authenticates with SASL PLAIN
// (password from GAVEL_SASL_PASSWORD) before registering. ngIRCd has no
// SASL, so the server end is scripted over MockConnect.
func TestMockSASL(t *testing.T) {
	cfg := testConfig(t, "mock.invalid:6667", `sasl_user = "gavelacct"`, "")
	cfg.IRC.SASLPassword = "pw"
	st, err := openStore(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(Options{Config: cfg, Store: st})
	if err != nil {
		t.Fatal(err)
	}
	auth := make(chan string, 1)
	b.connect = func() error {
		client, server := net.Pipe()
		go func() {
			srv := newPipeServer(t, server)
			srv.next("CAP LS")
			srv.send(":irc CAP * LS :sasl multi-prefix")
			req := srv.next("CAP REQ")
			if !strings.Contains(req, "sasl") {
				t.Errorf("CAP REQ without sasl: %q", req)
			}
			srv.send(":irc CAP * ACK :sasl")
			srv.next("AUTHENTICATE PLAIN")
			srv.send("AUTHENTICATE +")
			auth <- strings.TrimSpace(strings.TrimPrefix(srv.next("AUTHENTICATE"), "AUTHENTICATE "))
			srv.send(":irc 903 gavel :SASL authentication successful")
			srv.next("CAP END")
			srv.send(":irc 001 gavel :Welcome")
		}()
		return b.client.MockConnect(client)
	}
	ctx, cancel := contextWithCancel()
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	defer func() { cancel(); <-done }()
	select {
	case a := <-auth:
		dec, err := base64.StdEncoding.DecodeString(a)
		if err != nil || !strings.HasSuffix(string(dec), "gavelacct\x00pw") {
			t.Fatalf("AUTHENTICATE %q (%q, %v)", a, dec, err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no SASL authentication")
	}
	select {
	case <-b.connected:
	case <-time.After(10 * time.Second):
		t.Fatal("not registered after SASL")
	}
}
