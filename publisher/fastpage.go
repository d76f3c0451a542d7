package publisher

import (
	"bytes"
	"crypto/sha256"
	"io/fs"
	"strconv"
	"strings"

	"github.com/gavel-irc/gavel/sitepath"
	"github.com/gavel-irc/gavel/templates"
)

// The minutes pages (one per meeting) and the action items' list entries
// (one per item and page) are the templates a full build executes most:
// html/template spent about 0.4 ms on each of 2,000 minutes pages and most
// of the action pages' time on their entries, nearly all of it in
// reflection and in the escapers' calls, not in writing bytes. For them the
// publisher has hand-written renderers of the default templates below. They
// give the same bytes as the templates (TestFastPages compares them on the
// fixture site and on hostile names, FuzzFastPages on any), and are used
// only while the templates are the ones they were written from: a site
// overriding layout.html, minutes.html, partials.html or actions.html, or a
// change of those defaults, falls back to the templates (fastTemplates).

// fastTemplateSums are the sha256 sums of the default templates the
// renderers below were written from: templates/layout.html,
// templates/minutes.html and templates/partials.html, and
// templates/actions.html, whose set the action pages' entries are executed
// from (a page template may define its own "actionitem"), and
// templates/series.html (the series pages, with layout.html and
// partials.html's "chart"). Change those files and the sums no longer
// match: the templates are used until the renderers are brought up to date
// and the sums with them (TestFastPages fails and says so).
var fastTemplateSums = map[string]string{
	"actions.html":  "bd22362da918880c1610085dc98cf4ac69de1e709fd73eea432a59749e618d81",
	"layout.html":   "fd2bfe741dd307ec6fafefd1a9cac4c40fe042e0d9f2c8a64eae00659c144cc7",
	"minutes.html":  "126c578bf2fbfca89f5fde26b285cdf62d2e7dd5f71b0a7447903c2e4e349c4c",
	"partials.html": "370c728fe94cffb08ca993a80d408572f41bd9d68d21cf40335f983b516b650d",
	"series.html":   "2f07b2fad3335cfd8403fd0215c8428dc0f3e3e839cf31b4edb5205f1504da3c",
}

// fastMinutes and fastSeries are the templates the minutes pages' and
// action items' renderers, and the series pages' renderer, reproduce.
var (
	fastMinutes = []string{"actions.html", "layout.html", "minutes.html", "partials.html"}
	fastSeries  = []string{"layout.html", "partials.html", "series.html"}
)

// fastTemplates reports whether the templates names in use (defaults and
// overrides, as read) are those the hand-written renderers reproduce.
func fastTemplates(read func(string) ([]byte, error), names []string) bool {
	for _, name := range names {
		sum := fastTemplateSums[name]
		b, err := read(name)
		if err != nil || sum == "" {
			return false
		}
		def, err := fs.ReadFile(templates.FS, name)
		if err != nil || !bytes.Equal(b, def) {
			return false
		}
		s := sha256.Sum256(b)
		if hexSum(s[:]) != sum {
			return false
		}
	}
	return true
}

func hexSum(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = digits[c>>4], digits[c&15]
	}
	return string(out)
}

// appendEsc appends s escaped as html/template escapes a plain string in
// HTML text, in a quoted attribute and in RCDATA (<title>): its
// htmlReplacementTable, byte by byte (the table's characters are ASCII, and
// a byte of a multi-byte or invalid UTF-8 sequence is never one of them).
func appendEsc(dst []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		dst = append(dst, s[last:i]...)
		dst = append(dst, repl...)
		last = i + 1
	}
	return append(dst, s[last:]...)
}

// appendURL appends s as html/template writes a string at the start of a
// quoted URL attribute (urlFilter, urlNormalizer, attrEscaper): a URL with
// a scheme other than http, https or mailto becomes "#ZgotmplZ"; bytes a
// URL may not hold are percent-encoded, and the result escaped for the
// attribute. filter false leaves out urlFilter (a string after the first
// one in the same attribute, in the path).
func appendURL(dst []byte, s string, filter bool) []byte {
	if filter {
		if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
			if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
				return append(dst, "#ZgotmplZ"...)
			}
		}
	}
	return appendURLBytes(dst, s, true)
}

// appendURLBytes is html/template's processURLOnto (norm: urlNormalizer,
// else urlEscaper) followed by attrEscaper.
func appendURLBytes(dst []byte, s string, norm bool) []byte {
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '*', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				dst = append(dst, c)
				continue
			}
		case '&':
			if norm {
				dst = append(dst, "&amp;"...)
				continue
			}
		case '+':
			if norm {
				dst = append(dst, "&#43;"...)
				continue
			}
		case '-', '.', '_', '~':
			dst = append(dst, c)
			continue
		case '%':
			if norm && i+2 < len(s) && isHexByte(s[i+1]) && isHexByte(s[i+2]) {
				dst = append(dst, c)
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				dst = append(dst, c)
				continue
			}
		}
		dst = append(dst, '%', hex[c>>4], hex[c&15])
	}
	return dst
}

func isHexByte(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// appendLayout appends layout.html around the page's content, which
// content appends (the "content" template), with the "head" template that
// head appends, if not nil.
func appendLayout(dst []byte, pd *pageData, head, content func([]byte) []byte) []byte {
	dst = append(dst, "<!DOCTYPE html>\n<html lang=\""...)
	dst = appendEsc(dst, pd.Site.Lang)
	dst = append(dst, "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"color-scheme\" content=\"light dark\">\n<meta name=\"generator\" content=\"gavel\">\n<title>"...)
	if pd.TitleOnly {
		dst = appendEsc(dst, pd.Title)
	} else {
		if pd.Title != "" {
			dst = appendEsc(dst, pd.Title)
			dst = append(dst, " · "...)
		}
		dst = appendEsc(dst, pd.Site.Title)
	}
	dst = append(dst, "</title>\n<link rel=\"stylesheet\" href=\""...)
	dst = appendURL(dst, pd.Root, true)
	dst = append(dst, "assets/style.css\">\n<link rel=\"icon\" type=\"image/svg+xml\" href=\""...)
	dst = appendURL(dst, pd.Root, true)
	dst = append(dst, "assets/favicon.svg\">\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\""...)
	dst = appendEsc(dst, pd.Site.Title)
	dst = append(dst, "\" href=\""...)
	dst = appendURL(dst, pd.Root, true)
	dst = append(dst, "feed.atom\">"...)
	if pd.Feed != nil {
		dst = append(dst, "\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\""...)
		dst = appendEsc(dst, pd.Feed.Title)
		dst = append(dst, "\" href=\""...)
		dst = appendURL(dst, pd.Feed.Href, true)
		dst = append(dst, "\">"...)
	}
	dst = append(dst, "\n<link rel=\"canonical\" href=\""...)
	dst = appendURL(dst, pd.Canonical, true)
	dst = append(dst, "\">"...)
	if head != nil {
		dst = head(dst)
	}
	dst = append(dst, "\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"site\">\n<nav aria-label=\"Site\">\n<a class=\"brand\" href=\""...)
	dst = appendURL(dst, pd.Root, true)
	dst = append(dst, "\">"...)
	dst = appendEsc(dst, pd.Site.Title)
	dst = append(dst, "</a>\n<a href=\""...)
	dst = appendURL(dst, pd.Root, true)
	dst = append(dst, "series/\">Meetings</a>\n<a href=\""...)
	dst = appendURL(dst, pd.Root, true)
	dst = append(dst, "actions/\">Action items</a>\n<a href=\""...)
	dst = appendURL(dst, pd.Root, true)
	dst = append(dst, "posts/\">Posts</a>\n<a href=\""...)
	dst = appendURL(dst, pd.Root, true)
	dst = append(dst, "search/\">Search</a>\n</nav>\n</header>\n<main id=\"main\">\n"...)
	dst = content(dst)
	dst = append(dst, "\n</main>\n<footer class=\"site\">\n<p><a href=\""...)
	dst = appendURL(dst, pd.Root, true)
	dst = append(dst, "feed.atom\">Atom feed</a>"...)
	if pd.Feed != nil {
		dst = append(dst, " · <a href=\""...)
		dst = appendURL(dst, pd.Feed.Href, true)
		dst = append(dst, "\">"...)
		dst = appendEsc(dst, pd.Feed.Title)
		dst = append(dst, "</a>"...)
	}
	return append(dst, " · Published by gavel</p>\n</footer>\n</body>\n</html>\n"...)
}

// appendMinutesPage appends minutes.html (in layout.html) of the page pd,
// whose Data is mp.
func appendMinutesPage(dst []byte, pd *pageData, mp *minutesPage) []byte {
	return appendLayout(dst, pd, nil, func(dst []byte) []byte {
		dst = append(dst, "<nav class=\"crumbs\" aria-label=\"Breadcrumb\">"...)
		if mp.SeriesPage {
			dst = append(dst, "<a href=\""...)
			dst = appendURL(dst, pd.Root, true)
			dst = append(dst, "series/"...)
			dst = appendURL(dst, sitepath.Slug(mp.Series), false)
			dst = append(dst, "/\">"...)
			dst = appendEsc(dst, mp.Series)
			dst = append(dst, "</a>"...)
		} else {
			dst = appendEsc(dst, mp.Series)
		}
		dst = append(dst, " › <time datetime=\""...)
		dst = appendEsc(dst, mp.StartedISO())
		dst = append(dst, "\">"...)
		dst = appendEsc(dst, mp.Date())
		dst = append(dst, "</time></nav>"...)
		if mp.Running {
			dst = append(dst, "\n<p class=\"in-progress\" role=\"status\"><strong>Meeting in progress.</strong> These are interim minutes, saved at <time datetime=\""...)
			dst = appendEsc(dst, mp.SavedISO)
			dst = append(dst, "\">"...)
			dst = appendEsc(dst, mp.Saved)
			dst = append(dst, "</time>; they are replaced when the meeting ends.</p>"...)
		}
		if len(mp.Posts) > 0 {
			dst = append(dst, "\n<p class=\"meta\">Blog post"...)
			if len(mp.Posts) > 1 {
				dst = append(dst, 's')
			}
			dst = append(dst, ": "...)
			for i, ps := range mp.Posts {
				if i > 0 {
					dst = append(dst, ", "...)
				}
				dst = append(dst, "<a href=\""...)
				dst = appendURL(dst, pd.Root, true)
				dst = append(dst, "posts/"...)
				dst = appendURL(dst, ps.Slug, false)
				dst = append(dst, "/\">"...)
				dst = appendEsc(dst, ps.Title)
				dst = append(dst, "</a>"...)
			}
			dst = append(dst, "</p>"...)
		}
		dst = append(dst, "\n<article class=\"minutes\">\n"...)
		dst = append(dst, mp.body...)
		dst = append(dst, "\n</article>"...)
		if len(mp.Actions) > 0 {
			dst = append(dst, "\n<section class=\"tracked\" aria-labelledby=\"tracked\">\n<h2 id=\"tracked\">Action items, tracked</h2>\n<p class=\"meta\">Their ids are what owners answer reminders with (<code>done ID</code>).</p>\n<ul class=\"actions\">"...)
			for _, h := range mp.tracked {
				dst = append(dst, h...)
			}
			dst = append(dst, "\n</ul>\n</section>"...)
		}
		if len(mp.Votes) > 0 {
			dst = append(dst, "\n<section class=\"votes\" aria-labelledby=\"votes\">\n<h2 id=\"votes\">Votes</h2>"...)
			for _, v := range mp.Votes {
				dst = append(dst, "\n<table>\n<caption>"...)
				dst = appendEsc(dst, v.Question)
				if v.Open {
					dst = append(dst, " (still open)"...)
				}
				dst = append(dst, "</caption>\n<thead><tr><th scope=\"col\">Option</th><th scope=\"col\" class=\"n\">Votes</th><th scope=\"col\">Voters</th></tr></thead>\n<tbody>"...)
				for _, r := range v.Results {
					dst = append(dst, "\n<tr><th scope=\"row\">"...)
					dst = appendEsc(dst, r.Option)
					dst = append(dst, "</th><td class=\"n\">"...)
					dst = strconv.AppendInt(dst, int64(r.Count), 10)
					dst = append(dst, "</td><td>"...)
					dst = appendEsc(dst, r.Voters)
					dst = append(dst, "</td></tr>"...)
				}
				dst = append(dst, "\n</tbody>\n</table>"...)
			}
			dst = append(dst, "\n</section>"...)
		}
		dst = append(dst, "\n<nav class=\"formats\" aria-label=\"Formats\">\n<h2>Formats</h2>\n<ul class=\"inline\">"...)
		for _, f := range mp.Formats {
			dst = append(dst, "\n<li><a href=\""...)
			dst = appendURL(dst, f.Href, true)
			dst = append(dst, "\">"...)
			dst = appendEsc(dst, f.Name)
			dst = append(dst, "</a></li>"...)
		}
		dst = append(dst, "\n</ul>\n</nav>\n<nav class=\"prevnext\" aria-label=\"Other meetings of "...)
		dst = appendEsc(dst, mp.Series)
		dst = append(dst, "\">"...)
		if r := mp.Prev; r != nil {
			dst = append(dst, "<a rel=\"prev\" href=\""...)
			dst = appendURL(dst, pd.Root, true)
			dst = appendURL(dst, r.Path, true)
			dst = append(dst, "\">← "...)
			dst = appendEsc(dst, r.Date())
			dst = append(dst, ' ')
			dst = appendEsc(dst, r.Name())
			dst = append(dst, "</a>"...)
		}
		if r := mp.Next; r != nil {
			dst = append(dst, "<a rel=\"next\" href=\""...)
			dst = appendURL(dst, pd.Root, true)
			dst = appendURL(dst, r.Path, true)
			dst = append(dst, "\">"...)
			dst = appendEsc(dst, r.Date())
			dst = append(dst, ' ')
			dst = appendEsc(dst, r.Name())
			dst = append(dst, " →</a>"...)
		}
		return append(dst, "\n</nav>"...)
	})
}

// appendActionItem appends partials.html's actionitem of v for a page at
// root; here gives the entry its anchor (the page is the item's).
func appendActionItem(dst []byte, root string, v *actionView, here bool) []byte {
	dst = append(dst, "\n<li class=\""...)
	dst = appendEsc(dst, v.Class)
	dst = append(dst, '"')
	if here {
		dst = append(dst, " id=\""...)
		dst = appendEsc(dst, v.ID)
		dst = append(dst, "\"><a class=\"id\" href=\"#"...)
		dst = appendURLBytes(dst, v.ID, false)
	} else {
		dst = append(dst, "><a class=\"id\" href=\""...)
		dst = appendURL(dst, root, true)
		dst = appendURL(dst, itemHref(v.ID), true)
	}
	dst = append(dst, "\">"...)
	dst = appendEsc(dst, v.ID)
	dst = append(dst, "</a> <span class=\"text\">"...)
	dst = appendEsc(dst, v.Text)
	dst = append(dst, "</span>\n<span class=\"meta\">"...)
	if len(v.Owners) > 0 {
		for i, o := range v.Owners {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			dst = appendEsc(dst, o)
		}
	} else {
		dst = append(dst, "<span class=\"unassigned\">unassigned</span>"...)
	}
	if v.Due != "" || v.DueText != "" {
		dst = append(dst, " · "...)
		if v.Due != "" {
			dst = append(dst, "<span class=\"due\">due <time datetime=\""...)
			dst = appendEsc(dst, v.Due)
			dst = append(dst, "\">"...)
			dst = appendEsc(dst, v.Due)
			dst = append(dst, "</time></span>"...)
			if v.DueWords != "" {
				dst = append(dst, " <strong class=\"flag "...)
				dst = appendEsc(dst, v.Class)
				dst = append(dst, "\">"...)
				dst = appendEsc(dst, v.DueWords)
				dst = append(dst, "</strong>"...)
			}
		} else {
			dst = append(dst, "<span class=\"due\">due “"...)
			dst = appendEsc(dst, v.DueText)
			dst = append(dst, "” (date not understood)</span>"...)
		}
	}
	if v.Class == "closed" {
		dst = append(dst, " · "...)
		dst = appendEsc(dst, v.Status)
		if v.Closed != "" {
			dst = append(dst, " <time datetime=\""...)
			dst = appendEsc(dst, v.ClosedISO)
			dst = append(dst, "\">"...)
			dst = appendEsc(dst, v.Closed)
			dst = append(dst, "</time>"...)
		}
		if v.ClosedBy != "" {
			dst = append(dst, " by "...)
			dst = appendEsc(dst, v.ClosedBy)
		}
	}
	for i, m := range v.Meetings {
		if i == 1 && v.Skipped != 0 {
			dst = append(dst, " · "...)
			dst = strconv.AppendInt(dst, int64(v.Skipped), 10)
			dst = append(dst, " more"...)
		}
		dst = append(dst, " · <a href=\""...)
		dst = appendURL(dst, root, true)
		dst = appendURL(dst, m.Path, true)
		dst = append(dst, "\">"...)
		dst = appendEsc(dst, m.Series)
		dst = append(dst, " <time datetime=\""...)
		dst = appendEsc(dst, m.StartedISO())
		dst = append(dst, "\">"...)
		dst = appendEsc(dst, m.Date())
		dst = append(dst, "</time></a>"...)
	}
	return append(dst, "</span></li>"...)
}

// appendSeriesPage appends series.html (in layout.html) of the page pd,
// whose Data is sp, and partials.html's "chart" for its charts.
func appendSeriesPage(dst []byte, pd *pageData, sp *seriesPage) []byte {
	head := func(dst []byte) []byte {
		dst = append(dst, "\n<script src=\""...)
		dst = appendURL(dst, pd.Root, true)
		return append(dst, "assets/site.js\" defer></script>"...)
	}
	return appendLayout(dst, pd, head, func(dst []byte) []byte {
		dst = append(dst, "<h1>Meetings of "...)
		dst = appendEsc(dst, sp.Name)
		if sp.Page != "" {
			dst = append(dst, " in "...)
			dst = appendEsc(dst, sp.Page)
		}
		dst = append(dst, "</h1>\n<p>"...)
		if sp.Page != "" {
			dst = append(dst, "<a href=\""...)
			dst = appendURL(dst, pd.Root, true)
			dst = append(dst, "series/"...)
			dst = appendURL(dst, sitepath.Slug(sp.Name), false)
			dst = append(dst, "/\">"...)
			dst = appendEsc(dst, sp.Name)
			dst = append(dst, ": latest meetings, next meeting, charts</a> · "...)
		}
		dst = append(dst, "<a href=\""...)
		dst = appendURL(dst, pd.Root, true)
		dst = append(dst, "latest/"...)
		dst = appendURL(dst, sitepath.Slug(sp.Name), false)
		dst = append(dst, "/\">Latest meeting</a> · <a href=\""...)
		dst = appendURL(dst, pd.Feed.Href, true)
		dst = append(dst, "\">Atom feed of "...)
		dst = appendEsc(dst, sp.Name)
		dst = append(dst, "</a></p>"...)
		if len(sp.Upcoming) > 0 {
			dst = append(dst, "\n<h2 id=\"next\">Next meeting</h2>\n<ul class=\"list upcoming\">"...)
			for _, u := range sp.Upcoming {
				dst = append(dst, "\n<li>"...)
				dst = appendEsc(dst, u.Title)
				dst = append(dst, " <span class=\"meta\">in "...)
				dst = appendEsc(dst, u.Channel)
				if u.SeriesCalendar {
					dst = append(dst, " · <a class=\"calendar\" href=\"meetings.ics\">calendar (iCalendar)</a>"...)
				}
				dst = append(dst, "</span>"...)
				for i, w := range u.When {
					if i > 0 {
						dst = append(dst, "\n<span class=\"when later\">then "...)
					} else {
						dst = append(dst, "\n<span class=\"when\">"...)
					}
					dst = append(dst, "<time class=\"local\" datetime=\""...)
					dst = appendEsc(dst, w.ISO)
					dst = append(dst, "\">"...)
					dst = appendEsc(dst, w.UTC)
					dst = append(dst, "</time></span>"...)
				}
				dst = append(dst, "</li>"...)
			}
			dst = append(dst, "\n</ul>"...)
		}
		if len(sp.Agenda) > 0 {
			dst = append(dst, "\n<section class=\"agenda\" aria-labelledby=\"agenda\">\n<h2 id=\"agenda\">Agenda of the next meeting</h2>\n<ol class=\"list agenda\">"...)
			for _, a := range sp.Agenda {
				dst = append(dst, "\n<li>"...)
				dst = appendEsc(dst, a.Text)
				if a.Minutes != 0 {
					dst = append(dst, " <span class=\"meta\">("...)
					dst = strconv.AppendInt(dst, int64(a.Minutes), 10)
					dst = append(dst, " min)</span>"...)
				}
				dst = append(dst, " <span class=\"meta\">added by "...)
				dst = appendEsc(dst, a.By)
				dst = append(dst, "</span></li>"...)
			}
			dst = append(dst, "\n</ol>\n</section>"...)
		}
		dst = append(dst, "\n<h2 id=\"timeline\">Timeline</h2>"...)
		for _, y := range sp.Years {
			dst = append(dst, "\n<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-labelledby=\"y"...)
			dst = appendEsc(dst, y.Key)
			dst = append(dst, "\">\n<table class=\"timeline\">\n<caption id=\"y"...)
			dst = appendEsc(dst, y.Key)
			dst = append(dst, "\">"...)
			dst = appendEsc(dst, y.Label)
			dst = append(dst, "</caption>\n<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Meeting</th><th scope=\"col\" class=\"n\">Topics</th><th scope=\"col\" class=\"n\">Decisions</th><th scope=\"col\" class=\"n\">Actions</th><th scope=\"col\" class=\"n\">People</th></tr></thead>\n<tbody>"...)
			for i := range y.Meetings {
				m := &y.Meetings[i]
				dst = append(dst, "\n<tr><td><time datetime=\""...)
				dst = appendEsc(dst, m.StartedISO())
				dst = append(dst, "\">"...)
				dst = appendEsc(dst, m.Date())
				dst = append(dst, "</time></td><td><a href=\""...)
				// Right after {{$.Root}}, still the URL's start
				// for html/template: filtered too.
				dst = appendURL(dst, pd.Root, true)
				dst = appendURL(dst, m.Path, true)
				dst = append(dst, "\">"...)
				dst = appendEsc(dst, m.Name())
				dst = append(dst, "</a></td><td class=\"n\">"...)
				dst = strconv.AppendInt(dst, int64(m.Topics), 10)
				dst = append(dst, "</td><td class=\"n\">"...)
				dst = strconv.AppendInt(dst, int64(m.Decisions), 10)
				dst = append(dst, "</td><td class=\"n\">"...)
				dst = strconv.AppendInt(dst, int64(m.Actions), 10)
				dst = append(dst, "</td><td class=\"n\">"...)
				dst = strconv.AppendInt(dst, int64(m.People), 10)
				dst = append(dst, "</td></tr>"...)
			}
			dst = append(dst, "\n</tbody>\n</table>\n</div>"...)
		}
		if len(sp.Periods) > 0 {
			dst = append(dst, "\n<nav class=\"periods\" aria-labelledby=\"periods\">\n<h2 id=\"periods\">All meetings, by period</h2>\n<ul class=\"inline\">"...)
			for _, l := range sp.Periods {
				dst = append(dst, "\n<li>"...)
				if l.Current {
					dst = append(dst, "<strong aria-current=\"page\">"...)
					dst = appendEsc(dst, l.Label)
					dst = append(dst, "</strong>"...)
				} else {
					dst = append(dst, "<a href=\""...)
					dst = appendURL(dst, pd.Root, true)
					dst = appendURL(dst, l.Href, true)
					dst = append(dst, "\">"...)
					dst = appendEsc(dst, l.Label)
					dst = append(dst, "</a>"...)
				}
				if l.Count != 0 {
					dst = append(dst, " <span class=\"meta\">("...)
					dst = strconv.AppendInt(dst, int64(l.Count), 10)
					dst = append(dst, ")</span>"...)
				}
				dst = append(dst, "</li>"...)
			}
			dst = append(dst, "\n</ul>\n</nav>"...)
		}
		if len(sp.Charts) > 0 {
			dst = append(dst, "\n<h2 id=\"charts\">In pictures</h2>"...)
			for _, c := range sp.Charts {
				dst = append(dst, '\n')
				dst = appendChart(dst, c)
			}
		}
		return dst
	})
}

// appendChart appends partials.html's "chart" of c.
func appendChart(dst []byte, c *chartView) []byte {
	dst = append(dst, "<figure class=\"chart\" id=\""...)
	dst = appendEsc(dst, c.ID)
	dst = append(dst, "\">\n<figcaption>"...)
	dst = appendEsc(dst, c.Title)
	dst = append(dst, "</figcaption>\n<div class=\"chart-body\">\n"...)
	dst = append(dst, c.SVG...)
	dst = append(dst, "\n<div class=\"chart-table\" tabindex=\"0\" role=\"region\" aria-label=\""...)
	dst = appendEsc(dst, c.Title)
	dst = append(dst, ": table\">\n<table>\n<thead><tr><th scope=\"col\">"...)
	dst = appendEsc(dst, c.LabelTH)
	dst = append(dst, "</th>"...)
	for _, h := range c.Heads {
		dst = append(dst, "<th scope=\"col\">"...)
		dst = appendEsc(dst, h)
		dst = append(dst, "</th>"...)
	}
	dst = append(dst, "</tr></thead>\n<tbody>"...)
	for _, r := range c.Rows {
		dst = append(dst, "\n<tr><th scope=\"row\">"...)
		dst = appendEsc(dst, r.Label)
		dst = append(dst, "</th>"...)
		for _, v := range r.Values {
			dst = append(dst, "<td>"...)
			dst = strconv.AppendInt(dst, int64(v), 10)
			dst = append(dst, "</td>"...)
		}
		dst = append(dst, "</tr>"...)
	}
	return append(dst, "\n</tbody>\n</table>\n</div>\n</div>\n</figure>"...)
}
