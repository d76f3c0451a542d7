package remind

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/smtp"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/config"
)

// Mailer sends one e-mail.
type Mailer interface {
	Mail(ctx context.Context, to, subject, body string) error
}

// smtpMailer sends through an SMTP server with net/smtp.
type smtpMailer struct {
	cfg config.SMTP
}

// SMTPMailer returns a Mailer for [remind.smtp]: it connects to Addr
// (STARTTLS when the server offers it), authenticates with PLAIN when User
// is set, and sends from From.
func SMTPMailer(c config.SMTP) Mailer { return &smtpMailer{cfg: c} }

// Mail implements Mailer.
func (m *smtpMailer) Mail(ctx context.Context, to, subject, body string) error {
	if strings.ContainsAny(to, "\r\n<>") || strings.ContainsAny(subject, "\r\n") {
		return fmt.Errorf("smtp: bad recipient %q or subject %q", to, subject)
	}
	from := m.cfg.From
	if from == "" {
		from = "gavel@localhost"
	}
	var msg bytes.Buffer
	fmt.Fprintf(&msg, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\n", from, to, subject, time.Now().UTC().Format(time.RFC1123Z))
	msg.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	// The data writer of net/smtp dot-stuffs lines that start with ".".
	for _, l := range strings.Split(body, "\n") {
		msg.WriteString(l + "\r\n")
	}
	d := net.Dialer{Timeout: 10 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", m.cfg.Addr)
	if err != nil {
		return fmt.Errorf("smtp %s: %w", m.cfg.Addr, err)
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	} else {
		_ = conn.SetDeadline(time.Now().Add(time.Minute))
	}
	host, _, _ := net.SplitHostPort(m.cfg.Addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp %s: %w", m.cfg.Addr, err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}); err != nil {
			return fmt.Errorf("smtp %s: starttls: %w", m.cfg.Addr, err)
		}
	}
	if m.cfg.User != "" {
		if err := c.Auth(smtp.PlainAuth("", m.cfg.User, m.cfg.Password, host)); err != nil {
			return fmt.Errorf("smtp %s: auth as %s: %w", m.cfg.Addr, m.cfg.User, err)
		}
	}
	if err := c.Mail(addrOf(from)); err != nil {
		return fmt.Errorf("smtp %s: MAIL FROM %s: %w", m.cfg.Addr, from, err)
	}
	if err := c.Rcpt(to); err != nil {
		return fmt.Errorf("smtp %s: RCPT TO %s: %w", m.cfg.Addr, to, err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp %s: DATA: %w", m.cfg.Addr, err)
	}
	if _, err := w.Write(msg.Bytes()); err != nil {
		return fmt.Errorf("smtp %s: writing message: %w", m.cfg.Addr, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp %s: message refused: %w", m.cfg.Addr, err)
	}
	return c.Quit()
}

// addrOf returns the address of "Name <addr>" or addr.
func addrOf(s string) string {
	if i := strings.LastIndexByte(s, '<'); i >= 0 {
		return strings.TrimSuffix(s[i+1:], ">")
	}
	return s
}

// sendMail mails p's reminder.
func (r *Reminder) sendMail(ctx context.Context, p Ping, now time.Time) error {
	acts := make([]string, 0, len(p.Items))
	recs := p.Items
	for _, it := range recs {
		acts = append(acts, it.Action.ID)
	}
	subject := "Reminder: action item " + strings.Join(acts, ", ")
	if len(acts) > 1 {
		subject = fmt.Sprintf("Reminder: %d action items", len(acts))
	}
	lines := make([]string, 0, len(recs)+2)
	for _, it := range recs {
		lines = append(lines, itemLine(it.Action, now, p.Person.Location))
	}
	lines = append(lines, "", "Answer the bot on IRC in a private message: done ID, snooze ID 2d, due ID DATE, list.")
	return r.mail.Mail(ctx, p.Person.Email, subject, strings.Join(lines, "\n"))
}
