package ircdtest

import (
	"bufio"
	"fmt"
	"net"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// DefaultWait is how long Client.Wait waits by default.
const DefaultWait = 10 * time.Second

// Client is a raw-socket IRC client for tests: it sends exactly the lines it
// is told to send and keeps every line it receives (answering PING itself).
type Client struct {
	Nick string

	t    testing.TB
	conn net.Conn

	mu     sync.Mutex
	cond   *sync.Cond
	lines  []string
	closed bool
	err    error
	// next is the index of the first line Wait has not consumed yet.
	next int
}

// Dial connects to addr and registers as nick; it returns once the
// server's welcome (001) arrived. The connection is closed in t.Cleanup.
func Dial(t testing.TB, addr, nick string) *Client {
	t.Helper()
	c, err := DialErr(t, addr, nick)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// DialPass is Dial with a server password (PASS).
func DialPass(t testing.TB, addr, nick, pass string) *Client {
	t.Helper()
	c, err := dial(t, addr, nick, pass)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// DialErr is Dial that returns the error instead of failing t.
func DialErr(t testing.TB, addr, nick string) (*Client, error) {
	return dial(t, addr, nick, "")
}

func dial(t testing.TB, addr, nick, pass string) (*Client, error) {
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, fmt.Errorf("ircdtest: dial %s as %s: %w", addr, nick, err)
	}
	c := &Client{Nick: nick, t: t, conn: conn}
	c.cond = sync.NewCond(&c.mu)
	go c.read()
	t.Cleanup(func() { c.Close() })
	if pass != "" {
		c.Raw("PASS " + pass)
	}
	c.Raw("NICK " + nick)
	c.Raw("USER test 0 * :test user " + nick)
	if _, err := c.WaitErr(regexp.MustCompile(`^:\S+ 001 `), DefaultWait); err != nil {
		return nil, fmt.Errorf("ircdtest: register %s on %s: %w", nick, addr, err)
	}
	return c, nil
}

func (c *Client) read() {
	r := bufio.NewReaderSize(c.conn, 16384)
	for {
		line, err := r.ReadString('\n')
		line = strings.TrimRight(line, "\r\n")
		if line != "" {
			if strings.HasPrefix(line, "PING ") {
				_, _ = c.conn.Write([]byte("PONG " + line[5:] + "\r\n"))
			}
			c.mu.Lock()
			c.lines = append(c.lines, line)
			c.cond.Broadcast()
			c.mu.Unlock()
		}
		if err != nil {
			c.mu.Lock()
			c.closed, c.err = true, err
			c.cond.Broadcast()
			c.mu.Unlock()
			return
		}
	}
}

// Raw sends one line as is (CRLF added).
func (c *Client) Raw(line string) {
	c.RawBytes([]byte(line + "\r\n"))
}

// RawBytes sends bytes exactly as given, for injection tests.
func (c *Client) RawBytes(b []byte) {
	_ = c.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.conn.Write(b); err != nil {
		c.t.Errorf("ircdtest: %s: write: %v", c.Nick, err)
	}
}

// Join joins channel and waits for the end of its NAMES list.
func (c *Client) Join(channel string) {
	c.t.Helper()
	c.Raw("JOIN " + channel)
	c.Wait(`^:\S+ 366 \S+ ` + regexp.QuoteMeta(channel) + ` `)
}

// Privmsg sends text to target (a channel or a nick).
func (c *Client) Privmsg(target, text string) {
	c.Raw("PRIVMSG " + target + " :" + text)
}

// Action sends a CTCP ACTION ("/me text") to target.
func (c *Client) Action(target, text string) {
	c.Raw("PRIVMSG " + target + " :\x01ACTION " + text + "\x01")
}

// Wait waits up to DefaultWait for a received line (after those consumed by
// earlier Waits) to match the regular expression pattern, and returns it;
// it fails the test when none arrives.
func (c *Client) Wait(pattern string) string {
	c.t.Helper()
	line, err := c.WaitErr(regexp.MustCompile(pattern), DefaultWait)
	if err != nil {
		c.t.Fatal(err)
	}
	return line
}

// WaitErr is Wait with a compiled pattern and a timeout, returning an error.
// Lines before the match are consumed.
func (c *Client) WaitErr(re *regexp.Regexp, timeout time.Duration) (string, error) {
	deadline := time.Now().Add(timeout)
	timer := time.AfterFunc(timeout, func() {
		c.mu.Lock()
		c.cond.Broadcast()
		c.mu.Unlock()
	})
	defer timer.Stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		for c.next < len(c.lines) {
			l := c.lines[c.next]
			c.next++
			if re.MatchString(l) {
				return l, nil
			}
		}
		if c.closed {
			return "", fmt.Errorf("ircdtest: %s: connection closed (%v) before a line matched %q", c.Nick, c.err, re)
		}
		if !time.Now().Before(deadline) {
			return "", fmt.Errorf("ircdtest: %s: no line matched %q within %v; last lines:\n%s",
				c.Nick, re, timeout, tail(c.lines, 15))
		}
		c.cond.Wait()
	}
}

// Lines returns a copy of every line received so far.
func (c *Client) Lines() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.lines...)
}

// Closed reports whether the server closed the connection.
func (c *Client) Closed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

// Close sends QUIT and closes the connection.
func (c *Client) Close() {
	_ = c.conn.SetWriteDeadline(time.Now().Add(time.Second))
	_, _ = c.conn.Write([]byte("QUIT :bye\r\n"))
	_ = c.conn.Close()
}

func tail(lines []string, n int) string {
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return "  " + strings.Join(lines, "\n  ")
}
