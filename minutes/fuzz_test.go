package minutes

import (
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/meeting"
)

var (
	reTag      = regexp.MustCompile(`<(/?)([a-zA-Z!][a-zA-Z0-9]*)`)
	reHref     = regexp.MustCompile(`href=["']([^"']*)["']`)
	allowedTag = map[string]bool{"!DOCTYPE": true, "html": true, "head": true, "meta": true, "title": true,
		"style": true, "body": true, "h1": true, "h3": true, "span": true, "ol": true, "li": true, "b": true,
		"i": true, "br": true, "a": true, "pre": true}
)

// FuzzWrite puts arbitrary text everywhere user text goes and checks that
// the HTML has only gavel's own tags and only safe links, and that the
// writers never fail or panic.
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
		for _, fl := range files {
			if !utf8.Valid(fl.Data) && utf8.ValidString(text) && utf8.ValidString(nick) && utf8.ValidString(link) {
				t.Errorf("%s: invalid UTF-8 from valid input", fl.Format)
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
			for _, m := range reHref.FindAllStringSubmatch(s, -1) {
				h := m[1]
				if strings.HasPrefix(h, "#") || strings.HasSuffix(strings.SplitN(h, "#", 2)[0], ".log.html") {
					continue
				}
				if !safeScheme(strings.ReplaceAll(h, "&amp;", "&")) {
					t.Fatalf("%s: unsafe link %q", fl.Format, h)
				}
			}
		}
	})
}
