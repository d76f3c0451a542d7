package minutes

import (
	"bufio"
	"bytes"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/yuin/goldmark"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

var (
	reTag      = regexp.MustCompile(`<(/?)([a-zA-Z!][a-zA-Z0-9]*)`)
	reHref     = regexp.MustCompile(`href="([^"]*)"|href='([^']*)'`)
	allowedTag = map[string]bool{"!DOCTYPE": true, "html": true, "head": true, "meta": true, "title": true,
		"style": true, "body": true, "h1": true, "h3": true, "span": true, "ol": true, "li": true, "b": true,
		"i": true, "br": true, "a": true, "pre": true}
	mdTag = map[string]bool{"h1": true, "h2": true, "p": true, "ul": true, "ol": true, "li": true, "strong": true, "a": true}
)

// FuzzWrite puts arbitrary text everywhere user text goes and checks that
// the HTML has only gavel's own tags and only safe links, that the JSON is
// encoding/json's, and that the writers never fail or panic.
func FuzzWrite(f *testing.F) {
	f.Add("<script>alert(1)</script>", "mallory", "javascript:alert(1)")
	f.Add("[x](javascript:alert(1)) http://a.example/\"><b>", "<b>", "HTTP://X.EXAMPLE/?a=1&b=<2>")
	f.Add("\x03"+"04colour\x02 \x00 \xff", "nick_", "mailto:a@b.c")
	f.Fuzz(func(t *testing.T, text, nick, link string) {
		if nick == "" {
			nick = "n"
		}
		fx := newFixture("#c", text, nick, at(10, 0, 0), time.UTC)
		fx.item(at(10, 1, 0), nick, meeting.ItemTopic, text)
		fx.item(at(10, 2, 0), nick, meeting.ItemLink, link)
		fx.item(at(10, 3, 0), nick, meeting.ItemInfo, text+" "+link)
		fx.action(at(10, 4, 0), nick, text, []string{nick}, "", text, true)
		fx.say(at(10, 5, 0), nick, link+" "+text)
		fx.act(at(10, 6, 0), nick, text)
		m := fx.end(at(10, 7, 0))
		files, err := Write(m, Options{})
		if err != nil {
			t.Fatal(err)
		}
		v, err := newView(m, Options{})
		if err != nil {
			t.Fatal(err)
		}
		j := v.json()
		sameAsEncodingJSON(t, "json", &j)
		for _, fl := range files {
			if !utf8.Valid(fl.Data) && utf8.ValidString(text) && utf8.ValidString(nick) && utf8.ValidString(link) {
				t.Errorf("%s: invalid UTF-8 from valid input", fl.Format)
			}
			if fl.Format == FormatMD {
				// Rendered with raw HTML allowed: only the markup gavel
				// writes may come out.
				var out bytes.Buffer
				md := goldmark.New(goldmark.WithRendererOptions(gmhtml.WithUnsafe()))
				if err := md.Convert(fl.Data, &out); err != nil {
					t.Fatal(err)
				}
				for _, m := range reTag.FindAllStringSubmatch(out.String(), -1) {
					if !mdTag[m[2]] {
						t.Fatalf("md: user text made a <%s> tag:\n%s\n%s", m[2], fl.Data, out.String())
					}
				}
				checkHrefs(t, "md", out.String())
				continue
			}
			if fl.Format != FormatHTML && fl.Format != FormatLogHTML {
				continue
			}
			s := string(fl.Data)
			for _, m := range reTag.FindAllStringSubmatch(s, -1) {
				if !allowedTag[m[2]] {
					t.Fatalf("%s: user text made a <%s> tag:\n%s", fl.Format, m[2], s)
				}
			}
			checkHrefs(t, fl.Format, s)
		}
	})
}

// checkHrefs fails when a link in s is neither gavel's own (to the log)
// nor a URL with a safe scheme.
func checkHrefs(t *testing.T, format, s string) {
	t.Helper()
	for _, m := range reHref.FindAllStringSubmatch(s, -1) {
		h := m[1] + m[2]
		if strings.HasPrefix(h, "#") || strings.HasSuffix(strings.SplitN(h, "#", 2)[0], ".log.html") {
			continue
		}
		if !safeScheme(html.UnescapeString(h)) {
			t.Fatalf("%s: unsafe link %q", format, h)
		}
	}
}

// FuzzWriteEscaped checks that writeEscaped, which the log writers use
// line by line, writes exactly what html.EscapeString returns.
func FuzzWriteEscaped(f *testing.F) {
	for _, s := range []string{"", "plain text", `<b>"it's" & more</b>`, "&&&", "tail<", ">head", "ünïcödé <é>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		b := bufio.NewWriter(&buf)
		writeEscaped(b, s)
		b.Flush()
		if got, want := buf.String(), html.EscapeString(s); got != want {
			t.Errorf("writeEscaped(%q) = %q, html.EscapeString gives %q", s, got, want)
		}
	})
}

// TestAppendEscapedEveryByte: every byte value, at every place of a
// 17-byte text (the 8-byte steps and the tail), escapes as
// html.EscapeString escapes it.
func TestAppendEscapedEveryByte(t *testing.T) {
	for c := 0; c < 256; c++ {
		for at := 0; at < 17; at++ {
			b := []byte(strings.Repeat("a", 17))
			b[at] = byte(c)
			s := string(b)
			if got, want := string(appendEscaped(nil, s)), html.EscapeString(s); got != want {
				t.Fatalf("appendEscaped(%q) = %q, html.EscapeString gives %q", s, got, want)
			}
		}
	}
}

// mdEscapeAtByBytes is mdEscapeAt as it was written before its fast path: a
// backslash before each markup byte, looked up byte by byte.
func mdEscapeAtByBytes(s string, start bool) string {
	s = plain(s)
	var b strings.Builder
	if start {
		s = strings.TrimLeft(s, " ")
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		switch {
		case i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')'):
			b.WriteString(s[:i])
			b.WriteByte('\\')
			s = s[i:]
		case i == 0 && len(s) > 0 && strings.IndexByte("#+-=", s[0]) >= 0:
			b.WriteByte('\\')
		}
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte("\\`*_[]<>&~|", s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// FuzzMDEscapeAt checks mdEscapeAt (its lookup table and its no-copy path
// for text without markup) against the byte-by-byte escaping, at the start
// of a text and inside it.
func FuzzMDEscapeAt(f *testing.F) {
	for _, s := range []string{"", "plain words", "  12. item", "7) x", "#topic", "-", "a*b_c`d[e]f<g>h&i~j|k\\l", "\x03" + "04red\x02 [x]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, start := range []bool{true, false} {
			if got, want := mdEscapeAt(s, start), mdEscapeAtByBytes(s, start); got != want {
				t.Fatalf("mdEscapeAt(%q, %v) = %q, want %q", s, start, got, want)
			}
		}
	})
}
