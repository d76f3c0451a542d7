// Package email composes and sends gavel's e-mail: deadline reminders and
// minutes mailed to a list. Messages are built with go-message (RFC 5322
// headers, quoted-printable UTF-8 text) and sent with go-smtp (STARTTLS when
// the server offers it, PLAIN authentication when a user is configured).
package email

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/mail"
	"strings"
	"time"

	"github.com/emersion/go-message"
	gomail "github.com/emersion/go-message/mail"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/gavel-irc/gavel/config"
)

// Message is one plain-text e-mail.
type Message struct {
	// To are the recipients ("list@example.org" or "Name <addr>").
	To []string
	// Subject is one line.
	Subject string
	// Body is plain UTF-8 text with '\n' line ends.
	Body string
	// MessageID, without angle brackets, makes a resent message the same
	// message for lists and archives ("minutes.ID@host"); a fresh one is
	// made when empty.
	MessageID string
	// Date is the message's date (now when zero).
	Date time.Time
}

// Sender sends messages.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// SMTP is a Sender through the server of [remind.smtp].
type SMTP struct {
	cfg config.SMTP
}

// NewSMTP returns a Sender for c: it connects to c.Addr, uses STARTTLS when
// offered, authenticates with PLAIN when c.User is set, and sends from
// c.From (gavel@localhost when empty).
func NewSMTP(c config.SMTP) *SMTP { return &SMTP{cfg: c} }

// from is the configured sender.
func (s *SMTP) from() string {
	if s.cfg.From == "" {
		return "gavel@localhost"
	}
	return s.cfg.From
}

// Compose renders m as an RFC 5322 message from the address from.
func Compose(from string, m Message) ([]byte, error) {
	fromAddr, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("email: sender %q: %w", from, err)
	}
	if len(m.To) == 0 {
		return nil, fmt.Errorf("email: %q has no recipient", m.Subject)
	}
	var to []*gomail.Address
	for _, t := range m.To {
		a, err := mail.ParseAddress(t)
		if err != nil {
			return nil, fmt.Errorf("email: recipient %q: %w", t, err)
		}
		to = append(to, &gomail.Address{Name: a.Name, Address: a.Address})
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return nil, fmt.Errorf("email: subject %q has a line break", m.Subject)
	}
	var h gomail.Header
	h.SetAddressList("From", []*gomail.Address{{Name: fromAddr.Name, Address: fromAddr.Address}})
	h.SetAddressList("To", to)
	h.SetSubject(m.Subject)
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}
	h.SetDate(date)
	if m.MessageID != "" {
		h.SetMessageID(m.MessageID)
	} else if err := h.GenerateMessageID(); err != nil {
		return nil, fmt.Errorf("email: message id: %w", err)
	}
	h.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
	h.Set("Content-Transfer-Encoding", "quoted-printable")
	var buf bytes.Buffer
	w, err := message.CreateWriter(&buf, h.Header)
	if err != nil {
		return nil, fmt.Errorf("email: %q: %w", m.Subject, err)
	}
	body := strings.ReplaceAll(m.Body, "\r\n", "\n")
	if _, err := w.Write([]byte(strings.ReplaceAll(body, "\n", "\r\n"))); err != nil {
		return nil, fmt.Errorf("email: %q: %w", m.Subject, err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("email: %q: %w", m.Subject, err)
	}
	return buf.Bytes(), nil
}

// dial connects to the server, with STARTTLS when tlsConfig is set; the
// connection's deadline is ctx's (a minute without one) and ctx's end
// cuts it until keep is called (keep reports whether the cut was still
// to come).
func (s *SMTP) dial(ctx context.Context, tlsConfig *tls.Config) (c *smtp.Client, keep func() bool, err error) {
	addr := s.cfg.Addr
	d := net.Dialer{Timeout: 10 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("smtp %s: %w", addr, err)
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	} else {
		_ = conn.SetDeadline(time.Now().Add(time.Minute))
	}
	keep = context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	if tlsConfig == nil {
		return smtp.NewClient(conn), keep, nil
	}
	c, err = smtp.NewClientStartTLS(conn, tlsConfig)
	if err != nil {
		keep()
		conn.Close()
		return nil, nil, fmt.Errorf("smtp %s: STARTTLS: %w", addr, err)
	}
	return c, keep, nil
}

// Send implements Sender. Its errors name the server and the step that
// failed (connect, STARTTLS, AUTH, MAIL FROM, RCPT TO, DATA). It returns
// nil exactly when the server accepted the message: once the whole
// message is written, the server's reply to it is awaited even if ctx
// ends meanwhile (within the connection's deadline), so a shutdown at that
// moment does not report a message the server took as unsent (which the
// outbox would send again); a failed QUIT after that is no failure.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	data, err := Compose(s.from(), m)
	if err != nil {
		return err
	}
	addr := s.cfg.Addr
	host, _, _ := net.SplitHostPort(addr)
	c, keep, err := s.dial(ctx, nil)
	if err != nil {
		return err
	}
	// STARTTLS when the server offers it: go-smtp upgrades only a fresh
	// connection, so an offer found on the first one means a second.
	if err := c.Hello("localhost"); err != nil {
		c.Close()
		return fmt.Errorf("smtp %s: EHLO: %w", addr, err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		keep()
		c.Close()
		if c, keep, err = s.dial(ctx, &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}); err != nil {
			return err
		}
	}
	defer keep()
	defer c.Close()
	if s.cfg.User != "" {
		if err := c.Auth(sasl.NewPlainClient("", s.cfg.User, s.cfg.Password)); err != nil {
			return fmt.Errorf("smtp %s: AUTH as %s: %w", addr, s.cfg.User, err)
		}
	}
	from, _ := mail.ParseAddress(s.from()) // Compose checked it
	if err := c.Mail(from.Address, nil); err != nil {
		return fmt.Errorf("smtp %s: MAIL FROM %s: %w", addr, from.Address, err)
	}
	for _, t := range m.To {
		a, _ := mail.ParseAddress(t)
		if err := c.Rcpt(a.Address, nil); err != nil {
			return fmt.Errorf("smtp %s: RCPT TO %s: %w", addr, a.Address, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp %s: DATA: %w", addr, err)
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("smtp %s: writing %q: %w", addr, m.Subject, err)
	}
	// From here the server may take the message: its answer decides, not
	// ctx (a cut now could leave it delivered but reported unsent).
	if !keep() && ctx.Err() != nil {
		// The cut came first: the message's end was never sent.
		return fmt.Errorf("smtp %s: writing %q: %w", addr, m.Subject, ctx.Err())
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp %s: message %q refused: %w", addr, m.Subject, err)
	}
	_ = c.Quit() // accepted: a failed QUIT changes nothing
	return nil
}
